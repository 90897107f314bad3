import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely"
import type { Capabilities } from "./capabilities.js"

/**
 * Forward-only migrations. Each takes `Kysely<any>` so it stays frozen in time and never
 * imports today's table types. Names sort in the order they run.
 */
// Records carry `journal_id` without a foreign key: the record is written before its journal
// entry (the entry stores the record's id), both in the same transaction.
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not use today's table types
type FrozenDb = Kysely<any>

export const migrations = (caps: Capabilities): Record<string, Migration> => ({
  "0001_journal": {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("journal")
        // The id is the sequence number taken from journal_head, so the chain is gapless.
        .addColumn("id", caps.bigint, (c) => c.primaryKey())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("command", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("payload_hash", "text", (c) => c.notNull())
        .addColumn("idempotency_key", "text", (c) => c.unique())
        .addColumn("result", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute()
      // One row that every appender updates first: on PostgreSQL the row lock orders
      // concurrent writers so the hash chain never forks.
      await db.schema
        .createTable("journal_head")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("seq", caps.bigint, (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute()
      await db
        .insertInto("journal_head")
        .values({ id: 1, seq: 0, hash: "0".repeat(64) })
        .execute()
    }
  },
  "0002_pledges": {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("pledges")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("registration_no", "text", (c) => c.notNull().unique())
        .addColumn("pledgor_uscc", "text", (c) => c.notNull())
        .addColumn("pledgor_name", "text", (c) => c.notNull())
        .addColumn("pledgor_district", "text", (c) => c.notNull())
        .addColumn("pledgee_name", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
        .addColumn("registered_on", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      // Covering index: period totals read only the index.
      await db.schema
        .createIndex("pledges_registered_on_amount")
        .on("pledges")
        .columns(["registered_on", "amount_fen"])
        .execute()
      await db.schema.createIndex("pledges_pledgor_uscc").on("pledges").column("pledgor_uscc").execute()
      await db.schema
        .createTable("pledge_patents")
        .addColumn("pledge_id", caps.bigint, (c) => c.notNull().references("pledges.id"))
        .addColumn("patent_no", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("pledge_patents_pk", ["pledge_id", "patent_no"])
        .execute()
      await db.schema
        .createIndex("pledge_patents_patent_no")
        .on("pledge_patents")
        .column("patent_no")
        .execute()
      await db.schema
        .createTable("pledge_reversals")
        .addColumn("pledge_id", caps.bigint, (c) => c.primaryKey().references("pledges.id"))
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
    }
  },
  "0003_targets": {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("targets")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("label_en", "text", (c) => c.notNull())
        .addColumn("unit", "text", (c) => c.notNull().check(sql`unit in ('yuan', 'count')`))
        .addColumn("target_fen", caps.bigint)
        .addColumn("target_count", caps.bigint)
        .addColumn("period_kind", "text", (c) =>
          c.notNull().check(sql`period_kind in ('calendar-year', 'fixed')`)
        )
        .addColumn("period_start", "text")
        .addColumn("period_end", "text")
        .addColumn("metric", "text", (c) => c.notNull())
        .addColumn("display_order", "integer", (c) => c.notNull())
        .execute()
      // The plan's figures (action plan 2025–2027, sections (五) and (八)).
      await db
        .insertInto("targets")
        .values([
          {
            key: "patent-pledge-financing",
            label: "专利质押融资",
            label_en: "Patent pledge financing",
            unit: "yuan",
            target_fen: 250_000_000_000n,
            target_count: null,
            period_kind: "calendar-year",
            period_start: null,
            period_end: null,
            metric: "pledge-amount",
            display_order: 1
          },
          {
            key: "city-fund-scale",
            label: "市科创基金规模",
            label_en: "City sci-tech fund scale",
            unit: "yuan",
            target_fen: 1_000_000_000_000n,
            target_count: null,
            period_kind: "fixed",
            period_start: "2025-01-01",
            period_end: "2027-12-31",
            metric: "city-fund-committed",
            display_order: 2
          },
          {
            key: "city-fund-direct-investments",
            label: "市科创基金直投项目",
            label_en: "City fund direct investments",
            unit: "count",
            target_fen: null,
            target_count: 5,
            period_kind: "calendar-year",
            period_start: null,
            period_end: null,
            metric: "city-fund-direct-investments",
            display_order: 3
          }
        ])
        .execute()
    }
  },
  "0004_people": {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("users")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("login", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("funds", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("disabled_at", "text")
        .execute()
      // Sessions live in the database so several server processes can share them.
      await db.schema
        .createTable("sessions")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", caps.bigint, (c) => c.notNull().references("users.id"))
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("ended_at", "text")
        .execute()
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute()
      await db.schema
        .createTable("api_tokens")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("funds", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("last_used_at", "text")
        .execute()
    }
  },
  "0006_registry": {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("enterprises")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("uscc", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("industry", "text", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("tech_category", "text", (c) => c.notNull())
        .addColumn("registered_on", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      // A move is a new dated row; the first row holds from 0001-01-01, so every date has one district.
      await db.schema
        .createTable("enterprise_districts")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("enterprise_id", caps.bigint, (c) => c.notNull().references("enterprises.id"))
        .addColumn("district", "text", (c) => c.notNull())
        .addColumn("since", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addUniqueConstraint("enterprise_districts_enterprise_since", ["enterprise_id", "since"])
        .execute()
      await db.schema
        .createTable("institutions")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("kind", "text", (c) =>
          c.notNull().check(sql`kind in ('bank', 'insurer', 'guarantor', 'fund-manager')`)
        )
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("uscc", "text", (c) => c.unique())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addUniqueConstraint("institutions_kind_name", ["kind", "name"])
        .execute()
    }
  },
  "0007_equity": {
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
})

export const migrationProvider = (caps: Capabilities): MigrationProvider => ({
  getMigrations: async () => migrations(caps)
})
