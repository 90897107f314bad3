import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0012_record_digests. The journal determines the records: each journal entry keeps, in journal_records,
 * the content of every record it wrote (read back in its transaction), and commits to them in its hash
 * (journal.records). `audit verify` compares the stored records with the latest content the journal gave
 * each. Every table a record carries `journal_id` in gets an index on it, so a write finds its own rows.
 * Rows written before this migration have no digest: audit_state.baseline is 'pending' until the store's
 * first open records them (see journal/records.ts). audit_runs keeps each verification's outcome.
 * Released: frozen, never edit (a change is a new migration).
 */
export const recordDigests = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      const run = async (db: FrozenDb) => {
        await db.schema.alterTable("journal").addColumn("records", "text").execute()
        await db.schema
          .createTable("journal_records")
          .addColumn("journal_id", caps.bigint, (c) => c.notNull())
          .addColumn("ord", caps.bigint, (c) => c.notNull())
          .addColumn("table_name", "text", (c) => c.notNull())
          .addColumn("record_key", "text", (c) => c.notNull())
          .addColumn("content", "text")
          .addPrimaryKeyConstraint("journal_records_pk", ["journal_id", "ord"])
          .execute()
        await db.schema
          .createIndex("journal_records_record")
          .on("journal_records")
          .columns(["table_name", "record_key", "journal_id"])
          .unique()
          .execute()
        for (const table of journaledTables) {
          await db.schema.createIndex(`${table}_journal`).on(table).column("journal_id").execute()
        }
        await db.schema.createIndex("linkage_tiers_table").on("linkage_tiers").column("table_id").execute()
        await db.schema
          .createTable("audit_state")
          .addColumn("id", "integer", (c) => c.primaryKey())
          .addColumn("baseline", "text", (c) => c.notNull().check(sql`baseline in ('pending', 'done')`))
          .execute()
        await db.insertInto("audit_state").values({ id: 1, baseline: "pending" }).execute()
        await db.schema
          .createTable("audit_runs")
          .addColumn("id", caps.idType, caps.identity)
          .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('quick', 'full')`))
          .addColumn("started_at", "text", (c) => c.notNull())
          .addColumn("finished_at", "text", (c) => c.notNull())
          .addColumn("ok", "integer", (c) => c.notNull())
          .addColumn("entries", caps.bigint, (c) => c.notNull())
          .addColumn("records", caps.bigint, (c) => c.notNull())
          .addColumn("findings", caps.bigint, (c) => c.notNull())
          .addColumn("report", "text", (c) => c.notNull())
          .execute()
      }
      if (caps.transactionalDdl) return await run(db)
      await db.transaction().execute(run)
    }
  }
}

/** Every table (as of 0011) whose rows carry the journal entry that wrote them. */
const journaledTables = [
  "pledges",
  "pledge_reversals",
  "pledge_events",
  "pledge_loans",
  "pledge_loan_reversals",
  "pledge_loan_events",
  "pledge_loan_disposals",
  "pledge_loan_disposal_reversals",
  "enterprises",
  "enterprise_districts",
  "institutions",
  "funds",
  "fund_statuses",
  "fund_entries",
  "linkage_loans",
  "linkage_warrant_events",
  "linkage_tier_tables",
  "linkage_scores",
  "linkage_policies",
  "linkage_pools",
  "linkage_pool_rules",
  "linkage_pool_deposits",
  "linkage_claims",
  "linkage_co_investments",
  "linkage_subsidies",
  "linkage_bonds",
  "linkage_reversals"
] as const
