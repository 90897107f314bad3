import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper. The linkage
// loan events own it; the store's migration index lists it in its place (0025).

/**
 * Repayments (还款: principal, and the interest paid with it) and defaults (违约) of the linkage pilots'
 * loans (投贷联动, 科创指数贷). A correction is a row of linkage_reversals naming ('loan-event', id), as for
 * every linkage record; existing stores have no such events, so nothing is copied.
 */
export const linkageLoanEvents = (context: MigrationContext): Migration => {
  const t = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("linkage_loan_events")
        .addColumn("id", t.idType, t.identity)
        .addColumn("loan_id", t.bigint, (c) => c.notNull().references("linkage_loans.id"))
        .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('repayment', 'default')`))
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("principal_fen", t.bigint, (c) => c.check(sql`principal_fen > 0`))
        .addColumn("interest_fen", t.bigint, (c) => c.check(sql`interest_fen >= 0`))
        .addColumn("note", "text")
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .addCheckConstraint(
          "linkage_loan_events_amounts",
          sql`(kind = 'repayment' and principal_fen is not null) or (kind = 'default' and principal_fen is null and interest_fen is null)`
        )
        .execute()
      await db.schema
        .createIndex("linkage_loan_events_loan")
        .on("linkage_loan_events")
        .columns(["loan_id", "kind", "on_date"])
        .execute()
    }
  }
}
