import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0007_equity. Funds, their statuses and the fund ledger.
 * Released: frozen, never edit (a change is a new migration).
 */
export const equity = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("funds")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("code", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('city-fund', 'sub-fund', 'chain')`))
        .addColumn("chain_stage", "text")
        .addColumn("parent_id", caps.bigint, (c) => c.references("funds.id"))
        .addColumn("manager_id", caps.bigint, (c) => c.notNull().references("institutions.id"))
        .addColumn("target_size_fen", caps.bigint, (c) => c.notNull().check(sql`target_size_fen > 0`))
        .addColumn("vintage", "text", (c) => c.notNull())
        .addColumn("origin", "text", (c) => c.notNull())
        .addColumn("district", "text", (c) => c.notNull())
        .addColumn("reinvest_required", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createTable("fund_statuses")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("fund_id", caps.bigint, (c) => c.notNull().references("funds.id"))
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("fund_statuses_fund")
        .on("fund_statuses")
        .columns(["fund_id", "on_date"])
        .execute()
      await db.schema
        .createTable("fund_entries")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("fund_id", caps.bigint, (c) => c.notNull().references("funds.id"))
        .addColumn("kind", "text", (c) =>
          c
            .notNull()
            .check(
              sql`kind in ('commitment', 'call', 'distribution', 'nav', 'investment', 'valuation', 'exit', 'reversal')`
            )
        )
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint, (c) => c.check(sql`amount_fen >= 0`))
        .addColumn("commitment_id", caps.bigint, (c) => c.references("fund_entries.id"))
        .addColumn("lp_name", "text")
        .addColumn("lp_type", "text")
        .addColumn("lp_fund_id", caps.bigint, (c) => c.references("funds.id"))
        .addColumn("distribution_kind", "text")
        .addColumn("enterprise_id", caps.bigint, (c) => c.references("enterprises.id"))
        .addColumn("instrument", "text")
        .addColumn("round", "text")
        .addColumn("stage", "text")
        .addColumn("tech_category", "text")
        .addColumn("mode", "text")
        .addColumn("investment_id", caps.bigint, (c) => c.references("fund_entries.id"))
        .addColumn("cost_fen", caps.bigint, (c) => c.check(sql`cost_fen > 0`))
        .addColumn("route", "text")
        .addColumn("fx_currency", "text")
        .addColumn("fx_amount", "text")
        .addColumn("fx_rate", "text")
        // Unique: an entry is reversed at most once (several NULLs are allowed on both dialects).
        .addColumn("reverses_id", caps.bigint, (c) => c.unique().references("fund_entries.id"))
        .addColumn("reason", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("fund_entries_fund_kind_on")
        .on("fund_entries")
        .columns(["fund_id", "kind", "on_date"])
        .execute()
      await db.schema
        .createIndex("fund_entries_commitment")
        .on("fund_entries")
        .column("commitment_id")
        .execute()
      await db.schema
        .createIndex("fund_entries_investment")
        .on("fund_entries")
        .column("investment_id")
        .execute()
      await db.schema
        .createIndex("fund_entries_enterprise")
        .on("fund_entries")
        .column("enterprise_id")
        .execute()
      await db.schema.createIndex("fund_entries_lp_fund").on("fund_entries").column("lp_fund_id").execute()
    }
  }
}
