import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper. The equity
// module owns it; the store's migration index lists it in its place (0020).

/**
 * Fund terms (管理费与分配条款): every version of a fund's economic terms, append-only (a change is a new
 * version with its date and author; the latest is the terms). Rates are exact decimal text, fractions a
 * year (0.02 = 2 %). New table only: no existing row changes.
 */
export const fundTerms = (context: MigrationContext): Migration => {
  const t = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("fund_terms")
        .addColumn("id", t.idType, t.identity)
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .addColumn("fund_id", t.bigint, (c) => c.notNull().references("funds.id"))
        .addColumn("version", t.bigint, (c) => c.notNull())
        .addColumn("fee_rate_commitment", "text", (c) => c.notNull())
        .addColumn("fee_rate_cost", "text", (c) => c.notNull())
        .addColumn("investment_period_end", "text", (c) => c.notNull())
        .addColumn("hurdle", "text", (c) => c.notNull())
        .addColumn("carry", "text", (c) => c.notNull())
        .addColumn("catch_up", "text", (c) => c.notNull())
        .addColumn("waterfall", "text", (c) => c.notNull().check(sql`waterfall in ('european', 'american')`))
        .addColumn("changed_at", "text", (c) => c.notNull())
        .addColumn("changed_by", "text", (c) => c.notNull())
        .addUniqueConstraint("fund_terms_fund_version", ["fund_id", "version"])
        .execute()
    }
  }
}
