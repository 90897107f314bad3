import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely"
import { loansMigrations } from "../loans/migrations/0011_pledge_loan_disposals.js"
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
  },
  "0008_pledge_loans": {
    async up(db: FrozenDb) {
      // Pledge registrations in full, their events and loans (DOMAIN.md "Patent pledge financing"). A
      // registration row stays as registered: changes, releases and cancellations are dated pledge_events
      // rows (the status is derived from them), loans and their repayments/defaults are rows of their own.
      // SQLite runs DDL outside Kysely's migration transaction: this migration wraps itself.
      const run = async (db: FrozenDb) => {
        const alter = (table: string) => db.schema.alterTable(table)
        // SQLite adds one column per ALTER TABLE statement.
        await alter("pledges")
          .addColumn("pledgee_kind", "text", (c) => c.check(sql`pledgee_kind in ('bank', 'guarantor')`))
          .execute()
        await alter("pledges")
          .addColumn("pledgor_size", "text", (c) =>
            c.check(sql`pledgor_size in ('micro', 'small', 'medium', 'large')`)
          )
          .execute()
        await alter("pledges").addColumn("debt_start", "text").execute()
        await alter("pledges").addColumn("debt_end", "text").execute()
        // Fixed at registration, so period figures sum patents from an index instead of joining pledge_patents.
        await alter("pledges")
          .addColumn("patent_count", "integer", (c) => c.notNull().defaultTo(0))
          .execute()
        await sql`update pledges set patent_count = (select count(*) from pledge_patents pp where pp.pledge_id = pledges.id)`.execute(
          db
        )
        await alter("pledge_patents").addColumn("title", "text").execute()

        // Covering indexes of the period figures: one per breakdown dimension, each leading with the
        // dimension so a group is one index range (registered_on), summed without touching the table.
        const measures = ["registered_on", "amount_fen", "patent_count", "pledgor_uscc"]
        await db.schema.createIndex("pledges_measures").on("pledges").columns(measures).execute()
        for (const [name, column] of [
          ["pledges_district_measures", "pledgor_district"],
          ["pledges_pledgee_measures", "pledgee_name"],
          ["pledges_size_measures", "pledgor_size"]
        ] as const) {
          await db.schema
            .createIndex(name)
            .on("pledges")
            .columns([column, ...measures])
            .execute()
        }
        await db.schema
          .createIndex("pledges_pledgor_registered")
          .on("pledges")
          .columns(["pledgor_uscc", "registered_on"])
          .execute()

        await db.schema
          .createTable("pledge_events")
          .addColumn("id", caps.idType, caps.identity)
          .addColumn("pledge_id", caps.bigint, (c) => c.notNull().references("pledges.id"))
          .addColumn("kind", "text", (c) =>
            c.notNull().check(sql`kind in ('change', 'release', 'cancel', 'reversal')`)
          )
          .addColumn("on_date", "text", (c) => c.notNull())
          .addColumn("amount_before_fen", caps.bigint, (c) => c.check(sql`amount_before_fen > 0`))
          .addColumn("amount_after_fen", caps.bigint, (c) => c.check(sql`amount_after_fen > 0`))
          .addColumn("debt_start_before", "text")
          .addColumn("debt_end_before", "text")
          .addColumn("debt_start_after", "text")
          .addColumn("debt_end_after", "text")
          // An event is reversed at most once (several NULLs are allowed on both dialects).
          .addColumn("reverses_id", caps.bigint, (c) => c.unique().references("pledge_events.id"))
          .addColumn("note", "text")
          .addColumn("journal_id", caps.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex("pledge_events_pledge")
          .on("pledge_events")
          .columns(["pledge_id", "on_date"])
          .execute()

        // A loan copies the registration's district, size and registered amount (all fixed at registration)
        // so the figures group and filter loans from their own indexes, without a join per loan.
        await db.schema
          .createTable("pledge_loans")
          .addColumn("id", caps.idType, caps.identity)
          .addColumn("pledge_id", caps.bigint, (c) => c.notNull().references("pledges.id"))
          .addColumn("bank_name", "text", (c) => c.notNull())
          .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
          .addColumn("rate", "text", (c) => c.notNull())
          .addColumn("disbursed_on", "text", (c) => c.notNull())
          .addColumn("matures_on", "text", (c) => c.notNull())
          .addColumn("pledgor_district", "text", (c) => c.notNull())
          .addColumn("pledgor_size", "text")
          .addColumn("pledge_amount_fen", caps.bigint, (c) => c.notNull())
          .addColumn("journal_id", caps.bigint, (c) => c.notNull())
          .execute()
        // A registration's loans, covering what the figures read of them.
        await db.schema
          .createIndex("pledge_loans_pledge")
          .on("pledge_loans")
          .columns(["pledge_id", "disbursed_on", "amount_fen"])
          .execute()
        const loanMeasures = ["disbursed_on", "amount_fen"]
        await db.schema
          .createIndex("pledge_loans_measures")
          .on("pledge_loans")
          .columns(["disbursed_on", "pledge_amount_fen", "amount_fen"])
          .execute()
        for (const [name, column] of [
          ["pledge_loans_district_measures", "pledgor_district"],
          ["pledge_loans_bank_measures", "bank_name"],
          ["pledge_loans_size_measures", "pledgor_size"]
        ] as const) {
          await db.schema
            .createIndex(name)
            .on("pledge_loans")
            .columns([column, ...loanMeasures])
            .execute()
        }
        // 普惠 through a tranche: loans at most the threshold under registrations above it.
        await db.schema
          .createIndex("pledge_loans_tranches")
          .on("pledge_loans")
          .columns(["pledge_amount_fen", "amount_fen", "pledge_id"])
          .execute()
        await db.schema
          .createTable("pledge_loan_reversals")
          .addColumn("loan_id", caps.bigint, (c) => c.primaryKey().references("pledge_loans.id"))
          .addColumn("reason", "text", (c) => c.notNull())
          .addColumn("journal_id", caps.bigint, (c) => c.notNull())
          .execute()
        // Repayments, defaults and their reversals; each row copies its loan's grouping columns.
        await db.schema
          .createTable("pledge_loan_events")
          .addColumn("id", caps.idType, caps.identity)
          .addColumn("loan_id", caps.bigint, (c) => c.notNull().references("pledge_loans.id"))
          .addColumn("pledge_id", caps.bigint, (c) => c.notNull().references("pledges.id"))
          .addColumn("kind", "text", (c) =>
            c.notNull().check(sql`kind in ('repayment', 'default', 'reversal')`)
          )
          .addColumn("on_date", "text", (c) => c.notNull())
          .addColumn("amount_fen", caps.bigint, (c) => c.check(sql`amount_fen > 0`))
          .addColumn("reverses_id", caps.bigint, (c) => c.unique().references("pledge_loan_events.id"))
          .addColumn("note", "text")
          .addColumn("pledgor_district", "text", (c) => c.notNull())
          .addColumn("bank_name", "text", (c) => c.notNull())
          .addColumn("pledgor_size", "text")
          .addColumn("pledge_amount_fen", caps.bigint, (c) => c.notNull())
          .addColumn("journal_id", caps.bigint, (c) => c.notNull())
          .execute()
        // Leads with the loan but carries kind and date, so "this loan's repayments up to a date" is one
        // covering range and no planner is tempted by the date index instead.
        await db.schema
          .createIndex("pledge_loan_events_loan")
          .on("pledge_loan_events")
          .columns(["loan_id", "kind", "on_date", "amount_fen"])
          .execute()
        const eventMeasures = ["kind", "on_date", "amount_fen"]
        await db.schema
          .createIndex("pledge_loan_events_measures")
          .on("pledge_loan_events")
          .columns(["kind", "on_date", "pledge_amount_fen", "amount_fen"])
          .execute()
        for (const [name, column] of [
          ["pledge_loan_events_district_measures", "pledgor_district"],
          ["pledge_loan_events_bank_measures", "bank_name"],
          ["pledge_loan_events_size_measures", "pledgor_size"]
        ] as const) {
          await db.schema
            .createIndex(name)
            .on("pledge_loan_events")
            .columns([column, ...eventMeasures])
            .execute()
        }

        // 首次质押: each enterprise's earliest live registration (by date, then id). A derived cache kept by
        // the write path (record adds, a reversal recomputes that enterprise), filled here from the history.
        await db.schema
          .createTable("pledge_firsts")
          .addColumn("pledgor_uscc", "text", (c) => c.primaryKey())
          .addColumn("pledge_id", caps.bigint, (c) => c.notNull().unique().references("pledges.id"))
          .addColumn("registered_on", "text", (c) => c.notNull())
          .addColumn("amount_fen", caps.bigint, (c) => c.notNull())
          .addColumn("patent_count", "integer", (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex("pledge_firsts_measures")
          .on("pledge_firsts")
          .columns(["registered_on", "amount_fen", "patent_count"])
          .execute()
        await sql`
          insert into pledge_firsts (pledgor_uscc, pledge_id, registered_on, amount_fen, patent_count)
          select p.pledgor_uscc, p.id, p.registered_on, p.amount_fen, p.patent_count from pledges p
          where not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)
            and not exists (
              select 1 from pledges q
              where q.pledgor_uscc = p.pledgor_uscc
                and (q.registered_on < p.registered_on or (q.registered_on = p.registered_on and q.id < p.id))
                and not exists (select 1 from pledge_reversals r2 where r2.pledge_id = q.id)
            )`.execute(db)

        // Enterprises served: each live registration with the date of the same enterprise's previous live
        // registration, overall and within its district, pledgee and size. An enterprise with registrations
        // in a period has exactly one there whose previous one is before the period (or none), so "distinct
        // enterprises" is a covering index range count instead of a sort. Kept by the write path like
        // pledge_firsts (an enterprise's rows are recomputed when it gains or loses a registration).
        await db.schema
          .createTable("pledge_sequence")
          .addColumn("pledge_id", caps.bigint, (c) => c.primaryKey().references("pledges.id"))
          .addColumn("pledgor_uscc", "text", (c) => c.notNull())
          .addColumn("registered_on", "text", (c) => c.notNull())
          .addColumn("pledgor_district", "text", (c) => c.notNull())
          .addColumn("pledgee_name", "text", (c) => c.notNull())
          .addColumn("pledgor_size", "text")
          .addColumn("prev_on", "text")
          .addColumn("prev_district_on", "text")
          .addColumn("prev_pledgee_on", "text")
          .addColumn("prev_size_on", "text")
          // 1 for the enterprise's first live registration, 2 for its second…
          .addColumn("seq_no", "integer", (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex("pledge_sequence_pledgor")
          .on("pledge_sequence")
          .column("pledgor_uscc")
          .execute()
        for (const [name, columns] of [
          ["pledge_sequence_all", ["registered_on", "prev_on", "seq_no"]],
          ["pledge_sequence_district", ["pledgor_district", "registered_on", "prev_district_on"]],
          ["pledge_sequence_pledgee", ["pledgee_name", "registered_on", "prev_pledgee_on"]],
          ["pledge_sequence_size", ["pledgor_size", "registered_on", "prev_size_on"]]
        ] as const) {
          await db.schema
            .createIndex(name)
            .on("pledge_sequence")
            .columns([...columns])
            .execute()
        }
        await sql`
          insert into pledge_sequence (pledge_id, pledgor_uscc, registered_on, pledgor_district, pledgee_name,
            pledgor_size, prev_on, prev_district_on, prev_pledgee_on, prev_size_on, seq_no)
          select p.id, p.pledgor_uscc, p.registered_on, p.pledgor_district, p.pledgee_name, p.pledgor_size,
            lag(p.registered_on) over (partition by p.pledgor_uscc order by p.registered_on, p.id),
            lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgor_district order by p.registered_on, p.id),
            lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgee_name order by p.registered_on, p.id),
            lag(p.registered_on) over (partition by p.pledgor_uscc, p.pledgor_size order by p.registered_on, p.id),
            row_number() over (partition by p.pledgor_uscc order by p.registered_on, p.id)
          from pledges p
          where not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)`.execute(db)
      }
      if (caps.transactionalDdl) await run(db)
      else await db.transaction().execute(run)
    }
  },
  "0009_linkage": {
    async up(db: FrozenDb) {
      // The linkage pilots (五). A correction is a row of linkage_reversals naming (record_kind, record_id);
      // ratios, percentages and scores are exact decimal text, money integer fen.
      await db.schema
        .createTable("linkage_tier_tables")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("model_version", "text", (c) => c.notNull())
        .addColumn("max_score", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createTable("linkage_tiers")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("table_id", caps.bigint, (c) => c.notNull().references("linkage_tier_tables.id"))
        .addColumn("tier", "text", (c) => c.notNull())
        .addColumn("min_score", "text", (c) => c.notNull())
        .addColumn("limit_fen", caps.bigint, (c) => c.notNull().check(sql`limit_fen > 0`))
        .execute()
      await db.schema
        .createTable("linkage_scores")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("enterprise_id", caps.bigint, (c) => c.notNull().references("enterprises.id"))
        .addColumn("model_version", "text", (c) => c.notNull())
        .addColumn("table_id", caps.bigint, (c) => c.notNull().references("linkage_tier_tables.id"))
        .addColumn("scored_on", "text", (c) => c.notNull())
        .addColumn("total", "text", (c) => c.notNull())
        .addColumn("dimensions", "text", (c) => c.notNull())
        .addColumn("tier", "text")
        .addColumn("limit_fen", caps.bigint)
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("linkage_scores_enterprise")
        .on("linkage_scores")
        .columns(["enterprise_id", "scored_on"])
        .execute()
      await db.schema
        .createTable("linkage_loans")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("pilot", "text", (c) => c.notNull().check(sql`pilot in ('investment-loan', 'index-loan')`))
        .addColumn("bank_id", caps.bigint, (c) => c.notNull().references("institutions.id"))
        .addColumn("enterprise_id", caps.bigint, (c) => c.notNull().references("enterprises.id"))
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
        .addColumn("rate_percent", "text", (c) => c.notNull())
        .addColumn("disbursed_on", "text", (c) => c.notNull())
        .addColumn("matures_on", "text", (c) => c.notNull())
        .addColumn("investment_id", caps.bigint, (c) => c.references("fund_entries.id"))
        .addColumn("warrant_holder", "text")
        .addColumn("warrant_holder_fund_id", caps.bigint, (c) => c.references("funds.id"))
        .addColumn("warrant_equity_percent", "text")
        .addColumn("warrant_strike_basis", "text")
        .addColumn("warrant_strike_valuation_fen", caps.bigint)
        .addColumn("warrant_expires_on", "text")
        // The score snapshot, copied at grant time: later snapshots never change the loan.
        .addColumn("score_id", caps.bigint, (c) => c.references("linkage_scores.id"))
        .addColumn("score_model_version", "text")
        .addColumn("score_scored_on", "text")
        .addColumn("score_total", "text")
        .addColumn("score_dimensions", "text")
        .addColumn("score_tier", "text")
        .addColumn("score_limit_fen", caps.bigint)
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("linkage_loans_enterprise")
        .on("linkage_loans")
        .column("enterprise_id")
        .execute()
      await db.schema
        .createIndex("linkage_loans_disbursed")
        .on("linkage_loans")
        .columns(["disbursed_on", "amount_fen"])
        .execute()
      await db.schema
        .createTable("linkage_warrant_events")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("loan_id", caps.bigint, (c) => c.notNull().references("linkage_loans.id"))
        .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('exercise', 'exit')`))
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("equity_percent", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen >= 0`))
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("linkage_warrant_events_loan")
        .on("linkage_warrant_events")
        .column("loan_id")
        .execute()
      await db.schema
        .createTable("linkage_policies")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("pilot", "text", (c) =>
          c.notNull().check(sql`pilot in ('investment-insurance', 'transfer-insurance')`)
        )
        .addColumn("policy_no", "text")
        .addColumn("insurer_id", caps.bigint, (c) => c.notNull().references("institutions.id"))
        .addColumn("insured_enterprise_id", caps.bigint, (c) => c.references("enterprises.id"))
        .addColumn("insured_fund_id", caps.bigint, (c) => c.references("funds.id"))
        .addColumn("investment_id", caps.bigint, (c) => c.references("fund_entries.id"))
        .addColumn("fund_id", caps.bigint, (c) => c.references("funds.id"))
        .addColumn("insurer_commitment_id", caps.bigint, (c) => c.references("fund_entries.id"))
        .addColumn("enterprise_id", caps.bigint, (c) => c.references("enterprises.id"))
        .addColumn("sum_insured_fen", caps.bigint, (c) => c.notNull().check(sql`sum_insured_fen > 0`))
        .addColumn("premium_fen", caps.bigint, (c) => c.notNull().check(sql`premium_fen >= 0`))
        .addColumn("premium_subsidy_fen", caps.bigint, (c) =>
          c.notNull().check(sql`premium_subsidy_fen >= 0`)
        )
        .addColumn("starts_on", "text", (c) => c.notNull())
        .addColumn("ends_on", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addCheckConstraint("linkage_policies_subsidy", sql`premium_subsidy_fen <= premium_fen`)
        .execute()
      await db.schema
        .createIndex("linkage_policies_enterprise")
        .on("linkage_policies")
        .column("enterprise_id")
        .execute()
      await db.schema
        .createTable("linkage_pools")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("code", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('relief', 'risk-compensation')`))
        .addColumn("opened_on", "text", (c) => c.notNull())
        .addColumn("backer", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      // A pool's rule (ratio, optional per-claim cap) from a date on: configuration rows, versioned.
      await db.schema
        .createTable("linkage_pool_rules")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("pool_id", caps.bigint, (c) => c.notNull().references("linkage_pools.id"))
        .addColumn("effective_from", "text", (c) => c.notNull())
        .addColumn("ratio", "text", (c) => c.notNull())
        .addColumn("cap_fen", caps.bigint, (c) => c.check(sql`cap_fen > 0`))
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("linkage_pool_rules_pool")
        .on("linkage_pool_rules")
        .columns(["pool_id", "effective_from"])
        .execute()
      await db.schema
        .createTable("linkage_pool_deposits")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("pool_id", caps.bigint, (c) => c.notNull().references("linkage_pools.id"))
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
        .addColumn("source", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("linkage_pool_deposits_pool")
        .on("linkage_pool_deposits")
        .columns(["pool_id", "on_date"])
        .execute()
      await db.schema
        .createTable("linkage_claims")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("kind", "text", (c) =>
          c.notNull().check(sql`kind in ('transfer-insurance', 'risk-compensation')`)
        )
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("loss_fen", caps.bigint, (c) => c.notNull().check(sql`loss_fen > 0`))
        .addColumn("policy_id", caps.bigint, (c) => c.references("linkage_policies.id"))
        .addColumn("insurer_paid_fen", caps.bigint, (c) => c.notNull().check(sql`insurer_paid_fen >= 0`))
        .addColumn("pool_id", caps.bigint, (c) => c.references("linkage_pools.id"))
        .addColumn("rule_id", caps.bigint, (c) => c.references("linkage_pool_rules.id"))
        .addColumn("payout_fen", caps.bigint, (c) => c.notNull().check(sql`payout_fen >= 0`))
        .addColumn("limited_by", "text")
        .addColumn("note", "text", (c) => c.notNull())
        // The pledge's CNIPA registration number, as text: no reference into the pledges tables.
        .addColumn("registration_no", "text")
        .addColumn("enterprise_id", caps.bigint, (c) => c.references("enterprises.id"))
        .addColumn("bank_id", caps.bigint, (c) => c.references("institutions.id"))
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addCheckConstraint("linkage_claims_covered", sql`insurer_paid_fen + payout_fen <= loss_fen`)
        .execute()
      await db.schema
        .createIndex("linkage_claims_pool")
        .on("linkage_claims")
        .columns(["pool_id", "on_date"])
        .execute()
      await db.schema.createIndex("linkage_claims_policy").on("linkage_claims").column("policy_id").execute()
      await db.schema
        .createIndex("linkage_claims_enterprise")
        .on("linkage_claims")
        .column("enterprise_id")
        .execute()
      await db.schema
        .createTable("linkage_co_investments")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("enterprise_id", caps.bigint, (c) => c.notNull().references("enterprises.id"))
        .addColumn("lead_id", caps.bigint, (c) => c.notNull().references("fund_entries.id"))
        .addColumn("follow_id", caps.bigint, (c) => c.references("fund_entries.id"))
        .addColumn("follower_kind", "text", (c) =>
          c.notNull().check(sql`follower_kind in ('sub-fund', 'social-capital')`)
        )
        .addColumn("investor", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("round", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("linkage_co_investments_enterprise")
        .on("linkage_co_investments")
        .column("enterprise_id")
        .execute()
      await db.schema
        .createTable("linkage_subsidies")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
        .addColumn("loan_id", caps.bigint, (c) => c.references("linkage_loans.id"))
        .addColumn("registration_no", "text")
        .addColumn("enterprise_id", caps.bigint, (c) => c.references("enterprises.id"))
        .addColumn("payer", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("linkage_subsidies_enterprise")
        .on("linkage_subsidies")
        .column("enterprise_id")
        .execute()
      await db.schema
        .createTable("linkage_bonds")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("code", "text")
        .addColumn("issuer_enterprise_id", caps.bigint, (c) => c.references("enterprises.id"))
        .addColumn("issuer_institution_id", caps.bigint, (c) => c.references("institutions.id"))
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
        .addColumn("issued_on", "text", (c) => c.notNull())
        .addColumn("tenor_months", "integer", (c) => c.notNull())
        .addColumn("matures_on", "text", (c) => c.notNull())
        .addColumn("coupon_percent", "text", (c) => c.notNull())
        .addColumn("use_of_proceeds", "text", (c) => c.notNull())
        .addColumn("proceeds_fund_id", caps.bigint, (c) => c.references("funds.id"))
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createTable("linkage_reversals")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("record_kind", "text", (c) => c.notNull())
        .addColumn("record_id", caps.bigint, (c) => c.notNull())
        .addColumn("on_date", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        // A record is reversed at most once.
        .addUniqueConstraint("linkage_reversals_record", ["record_kind", "record_id"])
        .execute()
    }
  },
  "0010_live_registration_numbers": {
    async up(db: FrozenDb) {
      // Corrections are reversals: the bureau reverses a registration recorded with wrong data and records it
      // again under the same number. A number is unique among live registrations only, so the UNIQUE on
      // pledges.registration_no goes and pledge_live_numbers holds each live registration's number (primary
      // key): maintained state like pledge_sequence, a row added with the registration and deleted with its
      // reversal; the pledge row and its reversal row stay. A plain index keeps lookups of every registration.
      const run = async (db: FrozenDb) => {
        if (caps.dialect === "postgres") {
          // The name PostgreSQL gave 0002's column UNIQUE.
          await sql`alter table pledges drop constraint pledges_registration_no_key`.execute(db)
        } else {
          await rebuildSqlitePledges(db)
        }
        await db.schema
          .createIndex("pledges_registration_no")
          .on("pledges")
          .column("registration_no")
          .execute()
        await db.schema
          .createTable("pledge_live_numbers")
          .addColumn("registration_no", "text", (c) => c.primaryKey())
          .addColumn("pledge_id", caps.bigint, (c) => c.notNull().references("pledges.id"))
          .execute()
        await sql`
          insert into pledge_live_numbers (registration_no, pledge_id)
          select p.registration_no, p.id from pledges p
          where not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)`.execute(db)
      }
      if (caps.transactionalDdl) return await run(db)
      // SQLite cannot drop a column UNIQUE: the table is rebuilt (https://sqlite.org/lang_altertable.html#otheralter)
      // with foreign keys off, which takes effect only outside a transaction (Kysely runs SQLite migrations
      // outside one), then checked before the rebuild's own transaction commits. Not `defer_foreign_keys`:
      // with keys on, DROP TABLE deletes row by row, probing every referencing table per row (a full scan of
      // pledge_loan_events, whose pledge_id has no index: 12 s at 20k registrations, growing quadratically),
      // and counts violations that the rename does not clear, so the commit fails.
      const foreignKeys = async () =>
        Number(Object.values((await sql`pragma foreign_keys`.execute(db)).rows[0] as object)[0])
      const wasOn = (await foreignKeys()) === 1
      await sql`pragma foreign_keys = off`.execute(db)
      try {
        if ((await foreignKeys()) !== 0)
          throw new Error("0010_live_registration_numbers must run outside a transaction on SQLite")
        await db.transaction().execute(run)
      } finally {
        if (wasOn) await sql`pragma foreign_keys = on`.execute(db)
      }
    }
  }
})

/**
 * pledges on SQLite as 0002 + 0008 left it, column by column in order, minus 0002's UNIQUE on
 * registration_no: the definitions as stored then, so the rebuilt table's stored SQL reads the same but for it.
 */
const sqlitePledgeColumns: ReadonlyArray<readonly [string, string]> = [
  ["id", "integer primary key autoincrement"],
  ["registration_no", "text not null"],
  ["pledgor_uscc", "text not null"],
  ["pledgor_name", "text not null"],
  ["pledgor_district", "text not null"],
  ["pledgee_name", "text not null"],
  ["amount_fen", "integer not null check (amount_fen > 0)"],
  ["registered_on", "text not null"],
  ["journal_id", "integer not null"],
  ["pledgee_kind", "text check (pledgee_kind in ('bank', 'guarantor'))"],
  ["pledgor_size", "text check (pledgor_size in ('micro', 'small', 'medium', 'large'))"],
  ["debt_start", "text"],
  ["debt_end", "text"],
  ["patent_count", "integer default 0 not null"]
]

/**
 * 0010 on SQLite, in its transaction with foreign keys off: pledges rebuilt without the UNIQUE (create, copy
 * with the ids, drop, rename), its indexes and triggers recreated from their stored SQL, AUTOINCREMENT's
 * counter kept, then every foreign key checked (any violation throws and rolls the rebuild back).
 */
const rebuildSqlitePledges = async (db: FrozenDb) => {
  const columns = (
    await sql<{ name: string }>`select name from pragma_table_info('pledges') order by cid`.execute(db)
  ).rows.map((r) => r.name)
  const expected = sqlitePledgeColumns.map(([name]) => name)
  if (columns.join() !== expected.join())
    throw new Error(`pledges has columns ${columns.join(", ")}; 0010 expects ${expected.join(", ")}`)
  const dependents = await sql<{ sql: string }>`
    select sql from sqlite_schema
    where tbl_name = 'pledges' and type in ('index', 'trigger') and sql is not null
    order by type, name`.execute(db)
  const counter = await sql<{ seq: unknown }>`select seq from sqlite_sequence where name = 'pledges'`.execute(
    db
  )
  const definition = sqlitePledgeColumns.map(([name, type]) => `"${name}" ${type}`).join(", ")
  await sql.raw(`create table "pledges_rebuilt" (${definition})`).execute(db)
  const list = sql.join(expected.map((name) => sql.ref(name)))
  await sql`insert into pledges_rebuilt (${list}) select ${list} from pledges order by id`.execute(db)
  await sql`drop table pledges`.execute(db)
  await sql`alter table pledges_rebuilt rename to pledges`.execute(db)
  for (const row of dependents.rows) await sql.raw(row.sql).execute(db)
  // The copy leaves AUTOINCREMENT's counter at the highest id copied: put back the old one (never lower).
  const seq = counter.rows[0]?.seq
  await sql`delete from sqlite_sequence where name = 'pledges'`.execute(db)
  if (seq !== undefined && seq !== null)
    await sql`insert into sqlite_sequence (name, seq) values ('pledges', ${seq})`.execute(db)
  const broken = await sql`pragma foreign_key_check`.execute(db)
  if (broken.rows.length > 0)
    throw new Error(
      `0010: foreign keys broken by the pledges rebuild: ${JSON.stringify(broken.rows[0], (_, v) => (typeof v === "bigint" ? String(v) : v))}`
    )
}

export const migrationProvider = (caps: Capabilities): MigrationProvider => ({
  // Kysely runs them in the order of their ids, whichever module declares them.
  getMigrations: async () => ({ ...migrations(caps), ...loansMigrations(caps) })
})
