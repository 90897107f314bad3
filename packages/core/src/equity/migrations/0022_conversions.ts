import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * Conversions. `fund_conversions`: a convertible or future-equity (未来可转股权) holding of a fund converted
 * into equity on a date, at a number of shares and a price per share; `cost_fen` is the holding's remaining
 * cost carried into equity (the cost moves, it is not invested again). A correction is a reversal
 * (`fund_conversion_reversals`, one per conversion). New tables only: no existing row changes.
 */
export const conversions = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("fund_conversions")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("fund_id", caps.bigint, (c) => c.notNull().references("funds.id"))
        .addColumn("investment_id", caps.bigint, (c) => c.notNull().references("fund_entries.id"))
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("shares", "text", (c) => c.notNull())
        .addColumn("price", "text", (c) => c.notNull())
        .addColumn("cost_fen", caps.bigint, (c) => c.notNull().check(sql`cost_fen > 0`))
        .addColumn("from_instrument", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("fund_conversions_investment")
        .on("fund_conversions")
        .column("investment_id")
        .execute()
      await db.schema
        .createIndex("fund_conversions_fund_on")
        .on("fund_conversions")
        .columns(["fund_id", "on_date"])
        .execute()
      await db.schema
        .createTable("fund_conversion_reversals")
        .addColumn("conversion_id", caps.bigint, (c) => c.primaryKey().references("fund_conversions.id"))
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
    }
  }
}
