import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper. The loans
// module owns it; the store's migration index lists it in its place (0011).

/** 处置 of defaulted pledge loans, and their reversals. */
export const pledgeLoanDisposals = (context: MigrationContext): Migration => {
  const t = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("pledge_loan_disposals")
        .addColumn("id", t.idType, t.identity)
        .addColumn("loan_id", t.bigint, (c) => c.notNull().references("pledge_loans.id"))
        .addColumn("pledge_id", t.bigint, (c) => c.notNull().references("pledges.id"))
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) =>
          c.notNull().check(sql`method in ('sale', 'transfer', 'write-off')`)
        )
        .addColumn("recovered_fen", t.bigint, (c) => c.notNull().check(sql`recovered_fen >= 0`))
        .addColumn("written_off_fen", t.bigint, (c) => c.notNull().check(sql`written_off_fen >= 0`))
        .addColumn("note", "text")
        .addColumn("pledgor_district", "text", (c) => c.notNull())
        .addColumn("bank_name", "text", (c) => c.notNull())
        .addColumn("pledgor_size", "text")
        .addColumn("pledge_amount_fen", t.bigint, (c) => c.notNull())
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("pledge_loan_disposals_loan")
        .on("pledge_loan_disposals")
        .columns(["loan_id", "on_date"])
        .execute()
      await db.schema
        .createIndex("pledge_loan_disposals_measures")
        .on("pledge_loan_disposals")
        .columns(["on_date", "pledge_amount_fen", "recovered_fen", "written_off_fen"])
        .execute()
      await db.schema
        .createTable("pledge_loan_disposal_reversals")
        .addColumn("disposal_id", t.bigint, (c) => c.primaryKey().references("pledge_loan_disposals.id"))
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .execute()
    }
  }
}
