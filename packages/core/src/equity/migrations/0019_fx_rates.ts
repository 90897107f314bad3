import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper. The equity
// module owns it; the store's migration index lists it in its place (0019).

/**
 * Multi-currency. `fx_rates`: the dated rate table (yuan per unit of a currency on a day, with its source,
 * e.g. CFETS 中间价), append-only; a correction is a reversal (`fx_rate_reversals`) and a new rate.
 * `fund_currencies`: a fund's base currency, append-only (the latest row is the currency; a fund without
 * one is in CNY). New tables only: no existing row changes.
 */
export const fxRates = (context: MigrationContext): Migration => {
  const t = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("fx_rates")
        .addColumn("id", t.idType, t.identity)
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
        .addColumn("rate_on", "text", (c) => c.notNull())
        /** Exact decimal text: yuan per unit of the currency. */
        .addColumn("rate", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("fx_rates_lookup")
        .on("fx_rates")
        .columns(["currency", "rate_on", "id"])
        .execute()
      await db.schema
        .createTable("fx_rate_reversals")
        .addColumn("rate_id", t.bigint, (c) => c.primaryKey().references("fx_rates.id"))
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .execute()
      await db.schema
        .createTable("fund_currencies")
        .addColumn("id", t.idType, t.identity)
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .addColumn("fund_id", t.bigint, (c) => c.notNull().references("funds.id"))
        .addColumn("currency", "text", (c) => c.notNull().check(sql`length(currency) = 3`))
        .execute()
      await db.schema
        .createIndex("fund_currencies_fund")
        .on("fund_currencies")
        .columns(["fund_id", "id"])
        .execute()
    }
  }
}
