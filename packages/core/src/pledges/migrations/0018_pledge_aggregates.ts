import { type ColumnDefinitionBuilder, type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * The pledge figures' maintained aggregates (pledges/aggregates.ts), per calendar month and per dimension
 * (`all`, `district`, `bank`, `size`): `pledge_month_totals` (registrations that count, live loans, live
 * repayments and disposals) and `pledge_month_pairs` (enterprise counts by the month of the enterprise's
 * previous registration; live amount changes by the change's month). Money as billions + remainder. New
 * tables only, built here from the records of an existing store: no record changes.
 */
export const pledgeAggregates = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      const text = (col: ColumnDefinitionBuilder) => col.notNull()
      let totals = db.schema
        .createTable("pledge_month_totals")
        .addColumn("dimension", "text", text)
        .addColumn("key", "text", text)
        .addColumn("month", "text", text)
      for (const c of totalColumns) totals = totals.addColumn(c, caps.bigint, (col) => col.notNull())
      await totals.addPrimaryKeyConstraint("pledge_month_totals_pk", ["dimension", "month", "key"]).execute()
      let pairs = db.schema
        .createTable("pledge_month_pairs")
        .addColumn("dimension", "text", text)
        .addColumn("key", "text", text)
        .addColumn("month", "text", text)
        .addColumn("since", "text", text)
      for (const c of pairColumns) pairs = pairs.addColumn(c, caps.bigint, (col) => col.notNull())
      await pairs
        .addPrimaryKeyConstraint("pledge_month_pairs_pk", ["dimension", "month", "key", "since"])
        .execute()
      await sql.raw(buildTotals).execute(db)
      await sql.raw(buildPairs).execute(db)
    }
  }
}

const totalColumns = [
  "reg_hi",
  "reg_lo",
  "registrations",
  "patents",
  "loans",
  "lending_hi",
  "lending_lo",
  "repaid_hi",
  "repaid_lo",
  "settled_hi",
  "settled_lo"
]
const pairColumns = ["enterprises", "change_hi", "change_lo"]

const dims = `(select 'all' as dimension union all select 'district' union all select 'bank'
  union all select 'size') d`
const keyOf = `case d.dimension when 'district' then b.district when 'bank' then b.bank
  when 'size' then coalesce(b.size, '') else '' end`
const sinceOf = `case d.dimension when 'district' then b.since_district when 'bank' then b.since_bank
  when 'size' then b.since_size else b.since_all end`

const counting = (id: string) => `${id} not in (
  select r.pledge_id from pledge_reversals r
  union all
  select c.pledge_id from pledge_events c where c.kind = 'cancel'
    and not exists (select 1 from pledge_events cx where cx.reverses_id = c.id))`
const liveLoan = `not exists (select 1 from pledge_loan_reversals lr where lr.loan_id = l.id)
  and not exists (select 1 from pledge_reversals pr where pr.pledge_id = l.pledge_id)`

const row = (alias: string, bank: string, date: string, adds: Record<string, string>) =>
  `${alias}.pledgor_district as district, ${alias}.${bank} as bank, ${alias}.pledgor_size as size,
  substr(${alias}.${date}, 1, 7) as month, ${totalColumns.map((c) => `${adds[c] ?? "0"} as ${c}`).join(", ")}`

const totalsBase = [
  `select ${row("p", "pledgee_name", "registered_on", {
    reg_hi: "p.amount_fen / 1000000000",
    reg_lo: "p.amount_fen % 1000000000",
    registrations: "1",
    patents: "p.patent_count"
  })} from pledges p where ${counting("p.id")}`,
  `select ${row("l", "bank_name", "disbursed_on", {
    loans: "1",
    lending_hi: "l.amount_fen / 1000000000",
    lending_lo: "l.amount_fen % 1000000000"
  })} from pledge_loans l where ${liveLoan}`,
  `select ${row("e", "bank_name", "on_date", {
    repaid_hi: "e.amount_fen / 1000000000",
    repaid_lo: "e.amount_fen % 1000000000"
  })} from pledge_loans l cross join pledge_loan_events e
  where e.loan_id = l.id and e.kind = 'repayment'
    and not exists (select 1 from pledge_loan_events xe where xe.reverses_id = e.id) and ${liveLoan}`,
  `select ${row("x", "bank_name", "on_date", {
    settled_hi: "(x.recovered_fen + x.written_off_fen) / 1000000000",
    settled_lo: "(x.recovered_fen + x.written_off_fen) % 1000000000"
  })} from pledge_loans l cross join pledge_loan_disposals x
  where x.loan_id = l.id
    and not exists (select 1 from pledge_loan_disposal_reversals xr where xr.disposal_id = x.id) and ${liveLoan}`
].join(" union all ")

const buildTotals = `insert into pledge_month_totals (dimension, key, month, ${totalColumns.join(", ")})
  select d.dimension, ${keyOf}, b.month, ${totalColumns.map((c) => `sum(b.${c})`).join(", ")}
  from (select r.district, r.bank, r.size, r.month, ${totalColumns.map((c) => `sum(r.${c}) as ${c}`).join(", ")}
    from (${totalsBase}) r group by r.district, r.bank, r.size, r.month) b cross join ${dims}
  group by d.dimension, ${keyOf}, b.month`

const since = (c: string) => `coalesce(substr(s.${c}, 1, 7), '')`
const delta = "c.amount_after_fen - c.amount_before_fen"
const pairsBase = `select s.pledgor_district as district, s.pledgee_name as bank, s.pledgor_size as size,
    substr(s.registered_on, 1, 7) as month, ${since("prev_on")} as since_all,
    ${since("prev_district_on")} as since_district, ${since("prev_pledgee_on")} as since_bank,
    ${since("prev_size_on")} as since_size, 1 as enterprises, 0 as change_hi, 0 as change_lo
  from pledge_sequence s
  union all
  select p.pledgor_district, p.pledgee_name, p.pledgor_size, substr(p.registered_on, 1, 7),
    substr(c.on_date, 1, 7), substr(c.on_date, 1, 7), substr(c.on_date, 1, 7), substr(c.on_date, 1, 7), 0,
    (${delta}) / 1000000000, (${delta}) % 1000000000
  from pledge_events c cross join pledges p
  where c.kind = 'change' and c.amount_after_fen is not null
    and not exists (select 1 from pledge_events cx where cx.reverses_id = c.id)
    and p.id = c.pledge_id and ${counting("p.id")}`

const pairsBy = [
  "district",
  "bank",
  "size",
  "month",
  "since_all",
  "since_district",
  "since_bank",
  "since_size"
]
  .map((c) => `r.${c}`)
  .join(", ")

const buildPairs = `insert into pledge_month_pairs (dimension, key, month, since, ${pairColumns.join(", ")})
  select d.dimension, ${keyOf}, b.month, ${sinceOf}, ${pairColumns.map((c) => `sum(b.${c})`).join(", ")}
  from (select ${pairsBy}, ${pairColumns.map((c) => `sum(r.${c}) as ${c}`).join(", ")}
    from (${pairsBase}) r group by ${pairsBy}) b cross join ${dims}
  group by d.dimension, ${keyOf}, b.month, ${sinceOf}`
