import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0008_pledge_loans. Pledge registrations in full: events, loans and loan events, the
 * derived first-pledge and sequence tables (filled from the history).
 * Released: frozen, never edit (a change is a new migration).
 */
export const pledgeLoans = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
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
  }
}
