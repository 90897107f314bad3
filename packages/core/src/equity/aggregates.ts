import { type Kysely, type RawBuilder, sql } from "kysely"
import { fromFen } from "../money/index.js"
import { type AggregateDifference, compareRows } from "../store/aggregate-differences.js"
import { capabilitiesOf } from "../store/capabilities.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import type { LpType } from "./schema.js"

/*
 * Maintained aggregates of the fund metrics' inputs (migration 0027), per fund and per day, in
 * `fund_day_totals` (fund_id, kind, on_date, lp_type, lp_fund_id):
 *
 * - kinds `commitment` (per LP type and LP fund; '' and 0 for the others), `call`, `distribution`,
 *   `investment` and `exit`: how many live (not reversed) entries of the kind the fund has on the day
 *   (`entries`) and the exact sum of their amounts (an exit's proceeds) — what paid-in, distributions,
 *   DPI/RVPI/TVPI, leverage, 返投 and both IRRs sum. Flows on the same day net in XIRR, so per day is
 *   exactly what it needs.
 * - kind `nav`: a point value, not a sum — the day's last live NAV mark (the highest id), with the count of
 *   the day's live marks; the latest mark on or before an as-of day is the row of the latest such day.
 *
 * Money is kept as billions (x / 10^9) and remainder (x % 10^9), as `exactSum` sums on SQLite: no column
 * can pass 2^63 however large the amounts. `insertEntry` keeps them exact in the entry's own transaction:
 * a new entry adds its contribution, a reversal subtracts the reversed entry's, and a NAV mark or its
 * reversal recomputes the mark of its fund and day from the records. `fundAggregateDifferences`
 * recomputes the table from the records (`kejin audit verify`).
 */

type Sign = 1 | -1

export const flowKinds = ["commitment", "call", "distribution", "investment", "exit"] as const

const kindList = sql.join(flowKinds.map((k) => sql.lit(k)))
const liveEntry = (alias: string) =>
  sql`not exists (select 1 from fund_entries r where r.reverses_id = ${sql.ref(`${alias}.id`)})`

/** The base rows of the flows: one per entry of the scope (live ones only when `all`). */
const flowsBase = (scope: { readonly ids: ReadonlyArray<number> } | "all") => {
  const where =
    scope === "all"
      ? liveEntry("e")
      : sql`e.id in (${sql.join(scope.ids.length === 0 ? [-1] : scope.ids.map((n) => sql.lit(n)))})`
  return sql`select e.fund_id as fund_id, e.kind as kind, e.on_date as on_date,
    case when e.kind = 'commitment' then coalesce(e.lp_type, '') else '' end as lp_type,
    case when e.kind = 'commitment' then coalesce(e.lp_fund_id, 0) else 0 end as lp_fund_id,
    e.amount_fen as amount_fen
    from fund_entries e where e.kind in (${kindList}) and ${where}`
}

const keys = ["fund_id", "kind", "on_date", "lp_type", "lp_fund_id"] as const
const columns = ["entries", "fen_hi", "fen_lo"] as const

/** The rows `base` adds, grouped per key, times `sign`. */
const grouped = (base: RawBuilder<unknown>, sign: Sign) =>
  sql`select b.fund_id, b.kind, b.on_date, b.lp_type, b.lp_fund_id, count(*) * ${sql.lit(sign)} as entries,
    sum(b.amount_fen / 1000000000) * ${sql.lit(sign)} as fen_hi,
    sum(b.amount_fen % 1000000000) * ${sql.lit(sign)} as fen_lo
    from (${base}) b group by b.fund_id, b.kind, b.on_date, b.lp_type, b.lp_fund_id`

/** The NAV rows of the funds' days in `where` (a condition on `e`), from the records. */
const navRows = (where: RawBuilder<unknown>) =>
  sql`select e.fund_id, 'nav' as kind, e.on_date, '' as lp_type, 0 as lp_fund_id, m.entries,
    e.amount_fen / 1000000000 as fen_hi, e.amount_fen % 1000000000 as fen_lo
    from (select e.fund_id, e.on_date, count(*) as entries, max(e.id) as id from fund_entries e
      where e.kind = 'nav' and ${liveEntry("e")} and ${where} group by e.fund_id, e.on_date) m
    cross join fund_entries e where e.id = m.id`

const upsert = (rows: RawBuilder<unknown>) =>
  sql`insert into fund_day_totals (${sql.join([...keys, ...columns].map((c) => sql.ref(c)))})
    select ${sql.join([...keys, ...columns].map((c) => sql.ref(`g.${c}`)))} from (${rows}) g where true
    on conflict (${sql.join(keys.map((c) => sql.ref(c)))}) do update set
    ${sql.join(columns.map((c) => sql`${sql.ref(c)} = fund_day_totals.${sql.ref(c)} + excluded.${sql.ref(c)}`))}`

/** The NAV mark of a fund's day recomputed from the records (after a mark or its reversal). */
const refreshNav = async (db: Kysely<DB>, fundId: number, on: string) => {
  await sql`delete from fund_day_totals where fund_id = ${fundId} and kind = 'nav' and on_date = ${on}`.execute(
    db
  )
  await sql`insert into fund_day_totals (${sql.join([...keys, ...columns].map((c) => sql.ref(c)))})
    ${navRows(sql`e.fund_id = ${fundId} and e.on_date = ${on}`)}`.execute(db)
}

/**
 * Keeps the table exact after entry `id` was inserted (in the same transaction): its own contribution, or
 * for a reversal the reversed entry's taken out.
 */
export const afterEntryInserted = async (
  db: Kysely<DB>,
  entry: {
    readonly id: number
    readonly kind: string
    readonly fundId: number
    readonly on: string
    readonly reverses: number | null
  }
) => {
  let target: { id: number; kind: string; fundId: number; on: string } = entry
  let sign: Sign = 1
  if (entry.kind === "reversal") {
    if (entry.reverses === null) return
    const reversed = (
      await sql<{
        kind: string
        fund_id: string | number | bigint
        on_date: string
      }>`select e.kind, e.fund_id, e.on_date from fund_entries e where e.id = ${entry.reverses}`.execute(db)
    ).rows[0]
    if (reversed === undefined) return
    target = {
      id: entry.reverses,
      kind: reversed.kind,
      fundId: toInt(reversed.fund_id),
      on: reversed.on_date
    }
    sign = -1
  }
  if (target.kind === "nav") await refreshNav(db, target.fundId, target.on)
  else if ((flowKinds as ReadonlyArray<string>).includes(target.kind))
    await upsert(grouped(flowsBase({ ids: [target.id] }), sign)).execute(db)
}

/** The table emptied and built again from the records. */
export const rebuildFundAggregates = async (db: Kysely<DB>) => {
  await sql`delete from fund_day_totals`.execute(db)
  await sql`insert into fund_day_totals (${sql.join([...keys, ...columns].map((c) => sql.ref(c)))})
    ${grouped(flowsBase("all"), 1)}`.execute(db)
  await sql`insert into fund_day_totals (${sql.join([...keys, ...columns].map((c) => sql.ref(c)))})
    ${navRows(sql`1 = 1`)}`.execute(db)
}

// ---------------------------------------------------------------------------------------------------------
// Proof: the stored rows against a full recomputation
// ---------------------------------------------------------------------------------------------------------

export { type AggregateDifference, compareRows } from "../store/aggregate-differences.js"

/** Recomputes `fund_day_totals` from the records: every difference with what is stored (none: exact). */
export const fundAggregateDifferences = async (
  db: Kysely<DB>
): Promise<ReadonlyArray<AggregateDifference>> => {
  const recomputed = [
    ...(await grouped(flowsBase("all"), 1).execute(db)).rows,
    ...(await navRows(sql`1 = 1`).execute(db)).rows
  ] as Array<Record<string, unknown>>
  const stored = (await sql`select * from fund_day_totals`.execute(db)).rows as Array<Record<string, unknown>>
  return compareRows("fund_day_totals", keys, columns, recomputed, stored)
}

// ---------------------------------------------------------------------------------------------------------
// Reading them
// ---------------------------------------------------------------------------------------------------------

/** Exact sum of a money column kept as billions and remainder, as text (null: no rows). */
export const moneySum = (db: Kysely<DB>, column: string) =>
  capabilitiesOf(db).dialect === "sqlite"
    ? sql<string | null>`kejin_exact_sum(sum(${sql.ref(`${column}_hi`)}), sum(${sql.ref(`${column}_lo`)}))`
    : sql<
        string | null
      >`cast(sum(${sql.ref(`${column}_hi`)}) * 1000000000 + sum(${sql.ref(`${column}_lo`)}) as text)`

const fundIn = (fundIds: ReadonlyArray<number>) =>
  sql`t.fund_id in (${sql.join(fundIds.length === 0 ? [-1] : fundIds.map((n) => sql.lit(n)))})`

/** Sums of live commitments per fund, LP type and LP fund, dated up to `asOf` (as `commitmentTotals`). */
export const aggregatedCommitments = async (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) => {
  const rows = await sql<{
    fund_id: string | number | bigint
    lp_type: string
    lp_fund_id: string | number | bigint
    fen: string | null
  }>`select t.fund_id, t.lp_type, t.lp_fund_id, ${moneySum(db, "t.fen")} as fen from fund_day_totals t
    where t.kind = 'commitment' and ${fundIn(fundIds)} and t.on_date <= ${asOf}
    group by t.fund_id, t.lp_type, t.lp_fund_id having sum(t.entries) > 0
    order by t.fund_id, t.lp_type, t.lp_fund_id`.execute(db)
  return rows.rows.map((r) => ({
    fundId: toInt(r.fund_id),
    lpType: r.lp_type as LpType,
    lpFundId: toInt(r.lp_fund_id) === 0 ? null : toInt(r.lp_fund_id),
    amount: fromFen(r.fen ?? "0")
  }))
}

/** Sums of live calls, distributions, investments and exits per fund, kind and day up to `asOf` (as `dailyFlows`). */
export const aggregatedFlows = async (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) => {
  const rows = await sql<{
    fund_id: string | number | bigint
    kind: string
    on_date: string
    fen_hi: string | number | bigint
    fen_lo: string | number | bigint
  }>`select t.fund_id, t.kind, t.on_date, t.fen_hi, t.fen_lo from fund_day_totals t
    where t.kind in ('call', 'distribution', 'investment', 'exit') and ${fundIn(fundIds)}
      and t.on_date <= ${asOf} and t.entries > 0
    order by t.on_date, t.fund_id, t.kind`.execute(db)
  return rows.rows.map((r) => ({
    fundId: toInt(r.fund_id),
    kind: r.kind as "call" | "distribution" | "investment" | "exit",
    on: r.on_date,
    amount: fromFen(toBigInt(r.fen_hi) * 1_000_000_000n + toBigInt(r.fen_lo))
  }))
}

/** Each fund's latest live NAV mark on or before `asOf` (funds without one are left out). */
export const aggregatedLatestNav = async (db: Kysely<DB>, fundIds: ReadonlyArray<number>, asOf: string) => {
  const rows = await sql<{
    fund_id: string | number | bigint
    on_date: string
    fen_hi: string | number | bigint
    fen_lo: string | number | bigint
  }>`select t.fund_id, t.on_date, t.fen_hi, t.fen_lo from fund_day_totals t
    where t.kind = 'nav' and ${fundIn(fundIds)} and t.entries > 0
      and t.on_date = (select max(x.on_date) from fund_day_totals x
        where x.fund_id = t.fund_id and x.kind = 'nav' and x.entries > 0 and x.on_date <= ${asOf})
    order by t.fund_id`.execute(db)
  return rows.rows.map((r) => ({
    fundId: toInt(r.fund_id),
    on: r.on_date,
    nav: fromFen(toBigInt(r.fen_hi) * 1_000_000_000n + toBigInt(r.fen_lo))
  }))
}

/** Which fund is an LP of which, up to `asOf` (as `lpFundLinks`). */
export const aggregatedLpFundLinks = async (db: Kysely<DB>, asOf: string) => {
  const rows = await sql<{ fund_id: string | number | bigint; lp_fund_id: string | number | bigint }>`
    select t.fund_id, t.lp_fund_id from fund_day_totals t
    where t.kind = 'commitment' and t.lp_fund_id <> 0 and t.on_date <= ${asOf}
    group by t.fund_id, t.lp_fund_id having sum(t.entries) > 0
    order by t.fund_id, t.lp_fund_id`.execute(db)
  return rows.rows.map((r) => ({ fundId: toInt(r.fund_id), lpFundId: toInt(r.lp_fund_id) }))
}

/** Live commitments to city funds dated in the period (as `cityFundCommitmentSum`). */
export const aggregatedCityFundCommitments = async (db: Kysely<DB>, period: { from: string; to: string }) => {
  const row = await sql<{ fen: string | null }>`select ${moneySum(db, "t.fen")} as fen
    from fund_day_totals t cross join funds f
    where f.id = t.fund_id and f.kind = 'city-fund' and t.kind = 'commitment'
      and t.on_date >= ${period.from} and t.on_date <= ${period.to}`.execute(db)
  return fromFen(row.rows[0]?.fen ?? "0")
}
