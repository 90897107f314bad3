import { type Kysely, type RawBuilder, sql } from "kysely"
import { fromFen, toFen, toWire, type Yuan } from "../money/index.js"
import { districtOf } from "../registry/districts.js"
import { type Capabilities, capabilitiesOf } from "../store/capabilities.js"
import type { DB } from "../store/schema.js"
import { type AggregateDimension, aggregatedRead, inclusiveThresholds, monthsOf } from "./aggregates.js"
import {
  cancelledPledgeIds,
  countingPledge,
  liveAmountChange,
  liveDisposal,
  liveLoan,
  liveLoanEvent,
  livePledge,
  loanNotReversed,
  voidPledgeIds
} from "./live.js"
import { growth } from "./period.js"
import { rememberedBy } from "./remembered.js"
import type { EnterpriseSize, Period } from "./schema.js"

// ---------------------------------------------------------------------------------------------------------
// What a period's figures are
// ---------------------------------------------------------------------------------------------------------

/**
 * The figures of a set of registrations and their live loans, for a period, by DOMAIN.md's rule ("What
 * counts toward the 25亿"): a registration counts unless reversed or cancelled (撤销: void, for every
 * period, until the cancellation is reversed); a released one (解除/注销) counts.
 *
 * - `amount`, `registrations`, `patents`: registrations registered in the period that count, each at the
 *   secured amount in force at the period's end (the registered amount plus its live changes dated on or
 *   before it); `amount` is exactly what `Pledges.total` (and so the `patent-pledge-financing` target) reads.
 *   A breakdown's 普惠 side classifies a registration by its registered amount (or a tranche loan).
 * - `enterprises`: distinct pledgors among them (not additive across groups: one enterprise can be in two).
 * - `loans`, `lending`: loans disbursed in the period (for a span of years, the cumulative lending). Loans
 *   drawn under a cancelled registration stay in the loan figures: the money was lent (a cancellation needs
 *   them repaid first); in the 首次质押 breakdown they fall on the "not first" side.
 * - `lendingToDate`, `repaidToDate`, `outstanding`: every loan disbursed up to the period's end, what was
 *   repaid up to it, and the balance then (`lendingToDate − repaidToDate`).
 */
export interface PledgeMeasures {
  readonly amount: Yuan
  readonly registrations: number
  readonly patents: number
  readonly enterprises: number
  readonly loans: number
  readonly lending: Yuan
  readonly lendingToDate: Yuan
  readonly repaidToDate: Yuan
  readonly outstanding: Yuan
}

/** Year-on-year growth of each measure: (this − a year earlier) / a year earlier; null when that is 0. */
export interface PledgeGrowth {
  readonly amount: number | null
  readonly registrations: number | null
  readonly patents: number | null
  readonly enterprises: number | null
  readonly loans: number | null
  readonly lending: number | null
  readonly outstanding: number | null
}

/**
 * How `Pledges.breakdown` groups: `district` (the pledgor's, as registered), `bank` (registrations by
 * pledgee; loans by their own lending bank, which differs when a guarantor is the pledgee), `size`
 * (enterprise size; `null` = not stated), `inclusive` (普惠 at the threshold) or `firstPledge` (首次质押).
 * Loans follow their registration in every grouping but `bank`.
 */
export const pledgeDimensions = ["district", "bank", "size", "inclusive", "firstPledge"] as const
export type PledgeDimension = (typeof pledgeDimensions)[number]

export interface PledgeBreakdownRow {
  /** District code, bank name, size (null = not stated), or true/false for the two flags. */
  readonly key: string | boolean | null
  /** Chinese label for display: 鹿城区, 温州银行, 小型企业, 普惠, 首次质押… */
  readonly label: string
  readonly measures: PledgeMeasures
  /** With `yoy: true`: the same group a year earlier, and the growth. */
  readonly previous?: PledgeMeasures
  readonly growth?: PledgeGrowth
}

export interface PledgeBreakdown {
  readonly period: Period
  readonly by: PledgeDimension
  readonly inclusiveThreshold: Yuan
  /**
   * Groups with any figure in the period and, with `yoy`, those with any only a year earlier (their
   * measures all zero, growth −100 % or null), in display order (see `breakdownRaw`). Summing a measure
   * over the rows gives `total`'s, and summing `previous` the previous period's, except `enterprises`
   * (distinct within each group).
   */
  readonly rows: ReadonlyArray<PledgeBreakdownRow>
  readonly total: PledgeMeasures
  readonly previousPeriod?: Period
}

export interface PledgeSummary {
  readonly period: Period
  readonly measures: PledgeMeasures
  /** The same period a year earlier. */
  readonly previousPeriod: Period
  readonly previous: PledgeMeasures
  readonly growth: PledgeGrowth
  /** Live loans in default at the period's end, and their outstanding balance then. */
  readonly defaulted: { readonly loans: number; readonly outstanding: Yuan }
}

// ---------------------------------------------------------------------------------------------------------
// Raw sums (integer fen) and how they combine
// ---------------------------------------------------------------------------------------------------------

interface Raw {
  fen: bigint
  registrations: bigint
  patents: bigint
  enterprises: bigint
  loans: bigint
  lending: bigint
  drawn: bigint
  repaid: bigint
  /** Settled by 处置 (recovered + written off) up to the period's end: out of the outstanding balance. */
  settled: bigint
}

const zero = (): Raw => ({
  fen: 0n,
  registrations: 0n,
  patents: 0n,
  enterprises: 0n,
  loans: 0n,
  lending: 0n,
  drawn: 0n,
  repaid: 0n,
  settled: 0n
})

const minus = (a: Raw, b: Partial<Raw>): Raw => ({
  fen: a.fen - (b.fen ?? 0n),
  registrations: a.registrations - (b.registrations ?? 0n),
  patents: a.patents - (b.patents ?? 0n),
  enterprises: a.enterprises - (b.enterprises ?? 0n),
  loans: a.loans - (b.loans ?? 0n),
  lending: a.lending - (b.lending ?? 0n),
  drawn: a.drawn - (b.drawn ?? 0n),
  repaid: a.repaid - (b.repaid ?? 0n),
  settled: a.settled - (b.settled ?? 0n)
})

const isEmpty = (r: Raw) => Object.values(r).every((v) => v === 0n)

const big = (v: unknown): bigint =>
  v === null || v === undefined ? 0n : BigInt(v as string | number | bigint)

const measuresOf = (r: Raw): PledgeMeasures => ({
  amount: fromFen(r.fen),
  registrations: Number(r.registrations),
  patents: Number(r.patents),
  enterprises: Number(r.enterprises),
  loans: Number(r.loans),
  lending: fromFen(r.lending),
  lendingToDate: fromFen(r.drawn),
  repaidToDate: fromFen(r.repaid),
  outstanding: fromFen(r.drawn - r.repaid - r.settled)
})

export const growthOf = (current: PledgeMeasures, previous: PledgeMeasures): PledgeGrowth => ({
  amount: growth(current.amount, previous.amount),
  registrations: growth(current.registrations, previous.registrations),
  patents: growth(current.patents, previous.patents),
  enterprises: growth(current.enterprises, previous.enterprises),
  loans: growth(current.loans, previous.loans),
  lending: growth(current.lending, previous.lending),
  outstanding: growth(current.outstanding, previous.outstanding)
})

/** Money sums: exact at any size on both dialects (SQLite's own sum() fails past 2^63 fen). */
type ExactSum = Capabilities["exactSum"]

const rows = async <T>(db: Kysely<DB>, query: RawBuilder<T>): Promise<ReadonlyArray<T>> =>
  (await query.execute(db)).rows

const one = async <T>(db: Kysely<DB>, query: RawBuilder<T>): Promise<T> => (await rows(db, query))[0]!

// ---------------------------------------------------------------------------------------------------------
// Groups by a column: district, bank, size, or everything ("all")
// ---------------------------------------------------------------------------------------------------------

/**
 * The columns each table groups by; every one leads a covering index (migration 0008). `previous` is the
 * pledge_sequence column with the enterprise's previous live registration within the group.
 */
const columns = {
  district: {
    pledges: "pledgor_district",
    loans: "pledgor_district",
    events: "pledgor_district",
    previous: "prev_district_on"
  },
  bank: { pledges: "pledgee_name", loans: "bank_name", events: "bank_name", previous: "prev_pledgee_on" },
  size: { pledges: "pledgor_size", loans: "pledgor_size", events: "pledgor_size", previous: "prev_size_on" }
} as const
type ColumnDimension = keyof typeof columns

/** A group: one value of the column (null = not stated), or every row. */
type Group = { readonly value: string | null } | "all"

const keyOf = (value: unknown): string => (value === null || value === undefined ? "\u0000" : String(value))

const groupCondition = (alias: string, column: string | undefined, group: Group) => {
  if (group === "all" || column === undefined) return sql`1 = 1`
  const ref = sql.ref(`${alias}.${column}`)
  return group.value === null ? sql`${ref} is null` : sql`${ref} = ${group.value}`
}

/**
 * The values a column takes, one index seek each (a loose index scan written as a recursive query, which
 * both SQLite and PostgreSQL run from the column's index), plus null when some row has none.
 */
const distinctValues = async (db: Kysely<DB>, table: "pledges" | "pledge_loans", column: string) => {
  const t = sql.table(table)
  const c = sql.ref(column)
  const found = await rows(
    db,
    sql<{ v: string }>`with recursive g(v) as (
      select min(${c}) from ${t}
      union all
      select (select min(${c}) from ${t} where ${c} > g.v) from g where g.v is not null
    ) select v from g where v is not null`
  )
  const values: Array<string | null> = found.map((r) => r.v)
  const anyNull = await rows(db, sql`select 1 as x from ${t} where ${c} is null limit 1`)
  if (anyNull.length > 0) values.push(null)
  return values
}

/** Registrations in range of one group, reversed ones included: one covering index range. */
const registrationSums = (sum: ExactSum, period: Period, column: string | undefined, group: Group) =>
  sql<{ fen: string | null; n: unknown; patents: string | null }>`
    select ${sum(sql`p.amount_fen`)} as fen, count(*) as n, cast(sum(p.patent_count) as text) as patents
    from pledges p
    where ${groupCondition("p", column, group)} and p.registered_on >= ${period.from} and p.registered_on <= ${period.to}`

/**
 * Distinct enterprises with a live registration in range: each has exactly one there whose previous
 * live registration (in the group) is before the range, so this counts a covering index range of
 * pledge_sequence (live rows only) instead of sorting the pledgors.
 */
const enterpriseCount = (period: Period, column: string | undefined, previous: string, group: Group) =>
  sql<{ n: unknown }>`
    select count(*) as n from pledge_sequence s
    where ${groupCondition("s", column, group)} and s.registered_on >= ${period.from} and s.registered_on <= ${period.to}
      and (${sql.ref(`s.${previous}`)} < ${period.from} or ${sql.ref(`s.${previous}`)} is null)`

/** Loans of one group (reversed ones included) disbursed in range: two plain sums beat one with CASEs. */
const lendingSums = (sum: ExactSum, period: Period, column: string | undefined, group: Group) =>
  sql<{ lending: string | null; loans: unknown }>`
    select ${sum(sql`l.amount_fen`)} as lending, count(*) as loans
    from pledge_loans l
    where ${groupCondition("l", column, group)} and l.disbursed_on >= ${period.from} and l.disbursed_on <= ${period.to}`

const drawnSums = (sum: ExactSum, period: Period, column: string | undefined, group: Group) =>
  sql<{ drawn: string | null }>`
    select ${sum(sql`l.amount_fen`)} as drawn
    from pledge_loans l
    where ${groupCondition("l", column, group)} and l.disbursed_on <= ${period.to}`

const repaidSums = (sum: ExactSum, period: Period, column: string | undefined, group: Group) =>
  sql<{ repaid: string | null }>`
    select ${sum(sql`e.amount_fen`)} as repaid
    from pledge_loan_events e
    where ${groupCondition("e", column, group)} and e.kind = 'repayment' and e.on_date <= ${period.to}`

/** What disposals (处置) of one group settled up to the period's end, reversed ones included. */
const settledSums = (sum: ExactSum, period: Period, column: string | undefined, group: Group) =>
  sql<{ settled: string | null }>`
    select ${sum(sql`x.recovered_fen + x.written_off_fen`)} as settled
    from pledge_loan_disposals x
    where ${groupCondition("x", column, group)} and x.on_date <= ${period.to}`

/**
 * What the live amount changes (变更) dated on or before the period's end add to the registrations in range
 * that count (neither reversed nor cancelled), per value of `column` (alias p) under `only`: the registered
 * amount plus these is the amount in force at the period's end. Starts from the changes (the `change` range
 * of the pledge_events kind index), so its cost follows their number, not the registrations'.
 */
const changeDeltas = (
  db: Kysely<DB>,
  period: Period,
  column: string | undefined,
  only: RawBuilder<unknown>
) =>
  rows(
    db,
    sql<{ v: unknown; fen: string | null }>`
      select ${column === undefined ? sql`null` : sql.ref(`p.${column}`)} as v,
        ${capabilitiesOf(db).exactSum(sql`c.amount_after_fen - c.amount_before_fen`)} as fen
      from pledge_events c cross join pledges p
      where ${liveAmountChange("c", period.to)} and p.id = c.pledge_id
        and p.registered_on >= ${period.from} and p.registered_on <= ${period.to}
        and ${only} and ${countingPledge("p.id")}
      ${column === undefined ? sql`` : sql`group by ${sql.ref(`p.${column}`)}`}`
  )

/** Loans out of every figure: reversed ones, and those of a reversed registration. */
const deadLoans = sql`dead(id) as (
  select lr.loan_id from pledge_loan_reversals lr
  union
  select dl.id from pledge_reversals dr cross join pledge_loans dl where dl.pledge_id = dr.pledge_id
)`

/**
 * What the corrections take out of each group: registrations in range that count nothing (reversed or
 * cancelled), the amount changes of the others (added back: the amount in force at the period's end), dead
 * loans, and repayments of dead loans or reversed themselves (enterprises need no correction:
 * pledge_sequence holds the registrations that count). Each query starts from the corrections (CROSS JOIN
 * keeps them the outer loop on SQLite), so its cost follows their number, not that of the rows.
 */
const reversedByGroup = async (
  db: Kysely<DB>,
  period: Period,
  dimension: ColumnDimension | undefined,
  /** Restricts each part, e.g. to registered amounts at most a threshold (aliases p, l, e, x). */
  only: {
    readonly p: RawBuilder<unknown>
    readonly l: RawBuilder<unknown>
    readonly e: RawBuilder<unknown>
    readonly x: RawBuilder<unknown>
  } = {
    p: sql`1 = 1`,
    l: sql`1 = 1`,
    e: sql`1 = 1`,
    x: sql`1 = 1`
  }
) => {
  const sum = capabilitiesOf(db).exactSum
  const pCol = dimension === undefined ? undefined : columns[dimension].pledges
  const lCol = dimension === undefined ? undefined : columns[dimension].loans
  const eCol = dimension === undefined ? undefined : columns[dimension].events
  const value = (alias: string, column: string | undefined) =>
    column === undefined ? sql`null` : sql.ref(`${alias}.${column}`)
  const groupBy = (alias: string, column: string | undefined) =>
    column === undefined ? sql`` : sql`group by ${sql.ref(`${alias}.${column}`)}`
  const out = new Map<string, Partial<Raw>>()
  const add = (v: unknown, part: Partial<Raw>) => {
    const k = keyOf(v)
    const had: Partial<Raw> = out.get(k) ?? {}
    const sum: Partial<Raw> = { ...had }
    for (const [field, n] of Object.entries(part) as Array<[keyof Raw, bigint]>)
      sum[field] = (had[field] ?? 0n) + n
    out.set(k, sum)
  }
  // Registrations that count nothing: reversed or cancelled (each once, however many corrections name it).
  const registrations = await rows(
    db,
    sql<{ v: unknown; fen: string | null; n: unknown; patents: string | null }>`
      select ${value("p", pCol)} as v, ${sum(sql`p.amount_fen`)} as fen, count(*) as n,
        cast(sum(p.patent_count) as text) as patents
      from (${voidPledgeIds}) g cross join pledges p
      where p.id = g.pledge_id and p.registered_on >= ${period.from} and p.registered_on <= ${period.to}
        and ${only.p}
      ${groupBy("p", pCol)}`
  )
  for (const r of registrations)
    add(r.v, { fen: big(r.fen), registrations: big(r.n), patents: big(r.patents) })
  // The others at the amount in force at the period's end: their changes' deltas, taken out negated.
  for (const r of await changeDeltas(db, period, pCol, only.p)) add(r.v, { fen: -big(r.fen) })
  const loans = await rows(
    db,
    sql<{ v: unknown; lending: string | null; loans: unknown; drawn: string | null }>`
      with ${deadLoans}
      select ${value("l", lCol)} as v,
        ${sum(sql`case when l.disbursed_on >= ${period.from} then l.amount_fen else 0 end`)} as lending,
        sum(case when l.disbursed_on >= ${period.from} then 1 else 0 end) as loans,
        ${sum(sql`l.amount_fen`)} as drawn
      from dead d cross join pledge_loans l
      where l.id = d.id and l.disbursed_on <= ${period.to} and ${only.l}
      ${groupBy("l", lCol)}`
  )
  for (const r of loans) add(r.v, { lending: big(r.lending), loans: big(r.loans), drawn: big(r.drawn) })
  const repaid = await rows(
    db,
    sql<{ v: unknown; repaid: string | null }>`
      with ${deadLoans}
      select ${value("e", eCol)} as v, ${sum(sql`e.amount_fen`)} as repaid
      from (
        select de.id from dead d cross join pledge_loan_events de where de.loan_id = d.id and de.kind = 'repayment'
        union
        select x.reverses_id from pledge_loan_events x where x.kind = 'reversal'
      ) gone cross join pledge_loan_events e
      where e.id = gone.id and e.kind = 'repayment' and e.on_date <= ${period.to} and ${only.e}
      ${groupBy("e", eCol)}`
  )
  for (const r of repaid) add(r.v, { repaid: big(r.repaid) })
  // Disposals of dead loans, and disposals reversed themselves (their grouping columns are the events').
  const settled = await rows(
    db,
    sql<{ v: unknown; settled: string | null }>`
      with ${deadLoans}
      select ${value("x", eCol)} as v, ${sum(sql`x.recovered_fen + x.written_off_fen`)} as settled
      from (
        select dx.id from dead d cross join pledge_loan_disposals dx where dx.loan_id = d.id
        union
        select xr.disposal_id from pledge_loan_disposal_reversals xr
      ) gone cross join pledge_loan_disposals x
      where x.id = gone.id and x.on_date <= ${period.to} and ${only.x}
      ${groupBy("x", eCol)}`
  )
  for (const r of settled) add(r.v, { settled: big(r.settled) })
  return out
}

/** One group's figures, void registrations and dead loans still in, at registered amounts (the caller corrects them). */
const groupSums = async (
  db: Kysely<DB>,
  period: Period,
  dimension: ColumnDimension | undefined,
  group: Group
) => {
  const sum = capabilitiesOf(db).exactSum
  const cols = dimension === undefined ? undefined : columns[dimension]
  const r = await one(db, registrationSums(sum, period, cols?.pledges, group))
  const n = await one(db, enterpriseCount(period, cols?.pledges, cols?.previous ?? "prev_on", group))
  const l = await one(db, lendingSums(sum, period, cols?.loans, group))
  const d = await one(db, drawnSums(sum, period, cols?.loans, group))
  const e = await one(db, repaidSums(sum, period, cols?.events, group))
  const x = await one(db, settledSums(sum, period, cols?.events, group))
  return {
    fen: big(r.fen),
    registrations: big(r.n),
    patents: big(r.patents),
    enterprises: big(n.n),
    loans: big(l.loans),
    lending: big(l.lending),
    drawn: big(d.drawn),
    repaid: big(e.repaid),
    settled: big(x.settled)
  }
}

/**
 * Registrations and loans per value of `bank`, `district` or `size`. The registration side and the loan
 * side are summed separately for each group, so with `bank` a guarantor (pledgee) has registrations and
 * no loans while the banks lending under its registrations have loans.
 */
const byColumn = async (db: Kysely<DB>, period: Period, dimension: ColumnDimension) => {
  const cols = columns[dimension]
  const values = new Map<string, string | null>()
  for (const v of await distinctValues(db, "pledges", cols.pledges)) values.set(keyOf(v), v)
  for (const v of await distinctValues(db, "pledge_loans", cols.loans)) values.set(keyOf(v), v)
  const reversed = await reversedByGroup(db, period, dimension)
  const out: Array<{ key: string | null; raw: Raw }> = []
  for (const [k, value] of values) {
    // The registration side of a bank group is its pledgee rows; the loan side its lending rows.
    const raw = minus(await groupSums(db, period, dimension, { value }), reversed.get(k) ?? {})
    if (!isEmpty(raw)) out.push({ key: value, raw })
  }
  return out
}

/** Everything in the period (the `total` of every breakdown and the summary's figures). */
const allSums = async (db: Kysely<DB>, period: Period, fromAggregates = true): Promise<Raw> => {
  const months = fromAggregates ? monthsOf(period) : undefined
  if (months !== undefined)
    return (await aggregatedRead(db, [{ dimension: "all", months }])).groups[0]!.get("") ?? zero()
  const raw = await groupSums(db, period, undefined, "all")
  return minus(raw, (await reversedByGroup(db, period, undefined)).get(keyOf(null)) ?? {})
}

/** The total of groups that partition everything: their sums, and the distinct enterprises overall. */
const totalOfGroups = async (db: Kysely<DB>, period: Period, groups: ReadonlyArray<{ raw: Raw }>) => {
  const total = zero()
  for (const { raw } of groups) {
    for (const key of Object.keys(total) as Array<keyof Raw>) total[key] += raw[key]
  }
  total.enterprises = big((await one(db, enterpriseCount(period, undefined, "prev_on", "all"))).n)
  return total
}

// ---------------------------------------------------------------------------------------------------------
// The two flags: 首次质押 and 普惠. The "true" side is summed directly, the other is all − true.
// ---------------------------------------------------------------------------------------------------------

/**
 * Live loans of a set of registrations (`ids`: a query of pledge ids, repeats allowed), and their live
 * repayments. `in (…)` lets both dialects read the set once and seek the loans by registration.
 */
const loansOf = async (db: Kysely<DB>, period: Period, ids: RawBuilder<unknown>) => {
  const sum = capabilitiesOf(db).exactSum
  const l = await one(
    db,
    sql<{ lending: string | null; loans: unknown; drawn: string | null }>`
      select ${sum(sql`case when l.disbursed_on >= ${period.from} then l.amount_fen else 0 end`)} as lending,
        sum(case when l.disbursed_on >= ${period.from} then 1 else 0 end) as loans,
        ${sum(sql`l.amount_fen`)} as drawn
      from pledge_loans l
      where l.pledge_id in (${ids}) and l.disbursed_on <= ${period.to}
        and ${liveLoan("l")}`
  )
  const e = await one(
    db,
    sql<{ repaid: string | null }>`
      select ${sum(sql`e.amount_fen`)} as repaid
      from pledge_loans l cross join pledge_loan_events e
      where l.pledge_id in (${ids}) and e.loan_id = l.id and e.kind = 'repayment' and e.on_date <= ${period.to}
        and ${liveLoan("l")}
        and ${liveLoanEvent("e.id")}`
  )
  const x = await one(
    db,
    sql<{ settled: string | null }>`
      select ${sum(sql`x.recovered_fen + x.written_off_fen`)} as settled
      from pledge_loans l cross join pledge_loan_disposals x
      where l.pledge_id in (${ids}) and x.loan_id = l.id and x.on_date <= ${period.to}
        and ${liveLoan("l")}
        and ${liveDisposal("x.id")}`
  )
  return {
    loans: big(l.loans),
    lending: big(l.lending),
    drawn: big(l.drawn),
    repaid: big(e.repaid),
    settled: big(x.settled)
  }
}

/**
 * 首次质押: the registrations in `pledge_firsts` (live by construction) and their live loans. The others'
 * enterprises come from pledge_sequence: an enterprise has a non-first registration in the period when
 * its earliest one there has an earlier predecessor, or when its second registration falls in it.
 */
const firstPledgeSums = async (db: Kysely<DB>, period: Period, all: Raw) => {
  const sum = capabilitiesOf(db).exactSum
  const r = await one(
    db,
    sql<{ fen: string | null; n: unknown; patents: string | null }>`
      select ${sum(sql`f.amount_fen`)} as fen, count(*) as n, cast(sum(f.patent_count) as text) as patents
      from pledge_firsts f where f.registered_on >= ${period.from} and f.registered_on <= ${period.to}`
  )
  const others = await one(
    db,
    sql<{ n: unknown }>`
      select count(*) as n from pledge_sequence s
      where s.registered_on >= ${period.from} and s.registered_on <= ${period.to}
        and s.prev_on is not null and (s.prev_on < ${period.from} or s.seq_no = 2)`
  )
  const [changed] = await changeDeltas(
    db,
    period,
    undefined,
    sql`p.id in (select f.pledge_id from pledge_firsts f)`
  )
  const loans = await loansOf(db, period, sql`select f.pledge_id from pledge_firsts f`)
  const first: Raw = {
    fen: big(r.fen) + big(changed?.fen),
    registrations: big(r.n),
    patents: big(r.patents),
    enterprises: big(r.n),
    ...loans
  }
  return { yes: first, no: { ...minus(all, first), enterprises: big(others.n) } }
}

/**
 * 普惠 at threshold `t` (fen): registrations of at most `t` (summed from the covering indexes, reversals
 * subtracted), plus those above `t` with a live loan of at most `t` (drawn in tranches: a small set, read
 * from its own index and joined).
 */
const inclusiveSums = async (db: Kysely<DB>, period: Period, all: Raw, t: bigint) => {
  const sum = capabilitiesOf(db).exactSum
  const tranched = sql`select tl.pledge_id from pledge_loans tl
    where tl.pledge_amount_fen > ${t} and tl.amount_fen <= ${t}
      and ${loanNotReversed("tl.id")}`
  const small = await one(
    db,
    sql<{ fen: string | null; n: unknown; patents: string | null }>`
      select ${sum(sql`p.amount_fen`)} as fen, count(*) as n, cast(sum(p.patent_count) as text) as patents
      from pledges p
      where p.registered_on >= ${period.from} and p.registered_on <= ${period.to} and p.amount_fen <= ${t}`
  )
  const smallLoans = await one(
    db,
    sql<{ lending: string | null; loans: unknown; drawn: string | null }>`
      select ${sum(sql`case when l.disbursed_on >= ${period.from} then l.amount_fen else 0 end`)} as lending,
        sum(case when l.disbursed_on >= ${period.from} then 1 else 0 end) as loans,
        ${sum(sql`l.amount_fen`)} as drawn
      from pledge_loans l where l.disbursed_on <= ${period.to} and l.pledge_amount_fen <= ${t}`
  )
  const smallRepaid = await one(
    db,
    sql<{ repaid: string | null }>`
      select ${sum(sql`e.amount_fen`)} as repaid from pledge_loan_events e
      where e.kind = 'repayment' and e.on_date <= ${period.to} and e.pledge_amount_fen <= ${t}`
  )
  const smallSettled = await one(
    db,
    sql<{ settled: string | null }>`
      select ${sum(sql`x.recovered_fen + x.written_off_fen`)} as settled from pledge_loan_disposals x
      where x.on_date <= ${period.to} and x.pledge_amount_fen <= ${t}`
  )
  const out =
    (
      await reversedByGroup(db, period, undefined, {
        p: sql`p.amount_fen <= ${t}`,
        l: sql`l.pledge_amount_fen <= ${t}`,
        e: sql`e.pledge_amount_fen <= ${t}`,
        x: sql`x.pledge_amount_fen <= ${t}`
      })
    ).get(keyOf(null)) ?? {}
  const trancheRegistrations = await one(
    db,
    sql<{ fen: string | null; n: unknown; patents: string | null }>`
      select ${sum(sql`p.amount_fen`)} as fen, count(*) as n, cast(sum(p.patent_count) as text) as patents
      from pledges p
      where p.id in (${tranched}) and p.registered_on >= ${period.from} and p.registered_on <= ${period.to}
        and ${countingPledge("p.id")}`
  )
  const [trancheChanged] = await changeDeltas(db, period, undefined, sql`p.id in (${tranched})`)
  const trancheLoans = await loansOf(db, period, tranched)
  const yesEnterprises = await countingPledgors(
    db,
    period,
    (a) => sql`(${sql.ref(`${a}.amount_fen`)} <= ${t} or ${sql.ref(`${a}.id`)} in (${tranched}))`
  )
  const noEnterprises = await countingPledgors(
    db,
    period,
    (a) => sql`${sql.ref(`${a}.amount_fen`)} > ${t} and ${sql.ref(`${a}.id`)} not in (${tranched})`
  )
  const yes = minus(
    {
      fen: big(small.fen) + big(trancheRegistrations.fen) + big(trancheChanged?.fen),
      registrations: big(small.n) + big(trancheRegistrations.n),
      patents: big(small.patents) + big(trancheRegistrations.patents),
      enterprises: yesEnterprises,
      loans: big(smallLoans.loans) + trancheLoans.loans,
      lending: big(smallLoans.lending) + trancheLoans.lending,
      drawn: big(smallLoans.drawn) + trancheLoans.drawn,
      repaid: big(smallRepaid.repaid) + trancheLoans.repaid,
      settled: big(smallSettled.settled) + trancheLoans.settled
    },
    out
  )
  return { yes, no: { ...minus(all, yes), enterprises: noEnterprises } }
}

/**
 * Distinct pledgors of the registrations in range that match `which` (a condition on the alias it is given)
 * and count: the pledgors of the live ones (a primary-key probe of pledge_reversals per row, as before),
 * less those whose every such live registration is cancelled, found from the cancellations (so that part's
 * cost follows their number; a `not in` the cancellations on every row costs more than the whole probe).
 */
const countingPledgors = async (
  db: Kysely<DB>,
  period: Period,
  which: (alias: string) => RawBuilder<unknown>
): Promise<bigint> => {
  const matching = (a: string) =>
    sql`${sql.ref(`${a}.registered_on`)} >= ${period.from} and ${sql.ref(`${a}.registered_on`)} <= ${period.to}
      and ${which(a)} and ${livePledge(`${a}.id`)}`
  const live = await one(
    db,
    sql<{ n: unknown }>`select count(distinct p.pledgor_uscc) as n from pledges p where ${matching("p")}`
  )
  const gone = await one(
    db,
    sql<{ n: unknown }>`
      select count(distinct p.pledgor_uscc) as n
      from (${cancelledPledgeIds}) g cross join pledges p
      where p.id = g.pledge_id and ${matching("p")}
        and not exists (
          select 1 from pledges q
          where q.pledgor_uscc = p.pledgor_uscc and ${matching("q")} and q.id not in (${cancelledPledgeIds})
        )`
  )
  return big(live.n) - big(gone.n)
}

// ---------------------------------------------------------------------------------------------------------
// Figures kept by the store's data version
// ---------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------
// Breakdown and summary
// ---------------------------------------------------------------------------------------------------------

const sizeLabels: Record<EnterpriseSize, string> = {
  micro: "微型企业",
  small: "小型企业",
  medium: "中型企业",
  large: "大型企业"
}

const labelOf = (dimension: PledgeDimension, key: string | boolean | null): string => {
  if (dimension === "inclusive") return key === true ? "普惠" : "非普惠"
  if (dimension === "firstPledge") return key === true ? "首次质押" : "非首次质押"
  if (key === null || typeof key === "boolean") return "未填"
  if (dimension === "district") return districtOf(key)?.name ?? key
  if (dimension === "size") return sizeLabels[key as EnterpriseSize] ?? key
  return key
}

const sizeOrder = ["micro", "small", "medium", "large"]

/** Groups of one period, in display order: districts by code, sizes small to large, banks by amount. */
export const breakdownRaw = (
  db: Kysely<DB>,
  period: Period,
  dimension: PledgeDimension,
  inclusiveThreshold: Yuan
): Promise<{ total: Raw; groups: ReadonlyArray<{ key: string | boolean | null; raw: Raw }> }> =>
  rememberedBy(
    db,
    JSON.stringify(["breakdown", period, dimension, toFen(inclusiveThreshold).toString()]),
    () => computeBreakdown(db, period, dimension, inclusiveThreshold)
  )

/**
 * {@link breakdownRaw} computed from the records alone, never from the aggregates nor from memory: what
 * the aggregates' figures are checked against (pledges/aggregates.test.ts).
 */
export const breakdownFromRecords = (
  db: Kysely<DB>,
  period: Period,
  dimension: PledgeDimension,
  inclusiveThreshold: Yuan
) => computeBreakdown(db, period, dimension, inclusiveThreshold, false)

const computeBreakdown = async (
  db: Kysely<DB>,
  period: Period,
  dimension: PledgeDimension,
  inclusiveThreshold: Yuan,
  fromAggregates = true
): Promise<{ total: Raw; groups: ReadonlyArray<{ key: string | boolean | null; raw: Raw }> }> => {
  const months = fromAggregates ? monthsOf(period) : undefined
  const threshold = toFen(inclusiveThreshold)
  const aggregated: AggregateDimension | undefined =
    months === undefined
      ? undefined
      : dimension === "firstPledge"
        ? "first"
        : dimension === "inclusive"
          ? inclusiveThresholds.includes(threshold as (typeof inclusiveThresholds)[number])
            ? (`inclusive:${threshold}` as AggregateDimension)
            : undefined
          : dimension
  if (months !== undefined && aggregated !== undefined) {
    // From the maintained aggregates: the groups and the total in one statement (one round trip).
    const { groups: read } = await aggregatedRead(db, [
      { dimension: aggregated, months },
      { dimension: "all", months }
    ])
    const total = read[1]!.get("") ?? zero()
    if (dimension === "firstPledge" || dimension === "inclusive")
      return {
        total,
        groups: [
          { key: true, raw: read[0]!.get("yes") ?? zero() },
          { key: false, raw: read[0]!.get("no") ?? zero() }
        ]
      }
    const groups: Array<{ key: string | null; raw: Raw }> = []
    for (const [key, raw] of read[0]!)
      if (!isEmpty(raw)) groups.push({ key: dimension === "size" && key === "" ? null : key, raw })
    return { total, groups: sortGroups(dimension, groups) }
  }
  if (dimension === "firstPledge" || dimension === "inclusive") {
    const total = await allSums(db, period, fromAggregates)
    const { yes, no } =
      dimension === "firstPledge"
        ? await firstPledgeSums(db, period, total)
        : await inclusiveSums(db, period, total, threshold)
    return {
      total,
      groups: [
        { key: true, raw: yes },
        { key: false, raw: no }
      ]
    }
  }
  const groups = await byColumn(db, period, dimension)
  // Each registration and each loan is in exactly one group: the total is their sum, read once.
  const total = await totalOfGroups(db, period, groups)
  return { total, groups: sortGroups(dimension, groups) }
}

/**
 * Groups in display order: the two flags true first, districts by code, sizes small to large (not stated
 * last), banks by amount then lending (largest first), then by key. A group without figures (one that
 * had some only a year earlier) sorts by the same rules, so among banks it comes after those with any.
 */
const sortGroups = <G extends { readonly key: string | boolean | null; readonly raw: Raw }>(
  dimension: PledgeDimension,
  groups: ReadonlyArray<G>
): ReadonlyArray<G> => {
  const order = (key: string | boolean | null) =>
    typeof key === "boolean"
      ? key
        ? 0
        : 1
      : dimension === "size"
        ? key === null
          ? 99
          : sizeOrder.indexOf(key)
        : 0
  return [...groups].sort((a, b) => {
    if (dimension === "bank") {
      if (a.raw.fen !== b.raw.fen) return a.raw.fen > b.raw.fen ? -1 : 1
      if (a.raw.lending !== b.raw.lending) return a.raw.lending > b.raw.lending ? -1 : 1
    }
    const byOrder = order(a.key) - order(b.key)
    return byOrder !== 0 ? byOrder : keyOf(a.key) < keyOf(b.key) ? -1 : keyOf(a.key) > keyOf(b.key) ? 1 : 0
  })
}

export const toBreakdown = (
  period: Period,
  dimension: PledgeDimension,
  inclusiveThreshold: Yuan,
  current: Awaited<ReturnType<typeof breakdownRaw>>,
  previous?: { readonly period: Period; readonly result: Awaited<ReturnType<typeof breakdownRaw>> }
): PledgeBreakdown => {
  if (previous === undefined) {
    return {
      period,
      by: dimension,
      inclusiveThreshold,
      rows: current.groups.map((g) => ({
        key: g.key,
        label: labelOf(dimension, g.key),
        measures: measuresOf(g.raw)
      })),
      total: measuresOf(current.total)
    }
  }
  const before = new Map(previous.result.groups.map((g) => [keyOf(g.key), g.raw]))
  const now = new Set(current.groups.map((g) => keyOf(g.key)))
  // Groups with figures only a year earlier are rows too (all zero now), so that the rows' previous
  // figures add up to the previous period's total and every group that shrank to nothing shows it.
  const gone = previous.result.groups
    .filter((g) => !now.has(keyOf(g.key)))
    .map((g) => ({ key: g.key, raw: zero() }))
  const groups = gone.length === 0 ? current.groups : sortGroups(dimension, [...current.groups, ...gone])
  return {
    period,
    by: dimension,
    inclusiveThreshold,
    rows: groups.map((g): PledgeBreakdownRow => {
      const measures = measuresOf(g.raw)
      const earlier = measuresOf(before.get(keyOf(g.key)) ?? zero())
      return {
        key: g.key,
        label: labelOf(dimension, g.key),
        measures,
        previous: earlier,
        growth: growthOf(measures, earlier)
      }
    }),
    total: measuresOf(current.total),
    previousPeriod: previous.period
  }
}

/**
 * Live loans in live default at the period's end and not disposed of by then (不良: what 处置 has not yet
 * settled), and their outstanding balance then.
 */
const defaultedAt = async (db: Kysely<DB>, to: string) => {
  const sum = capabilitiesOf(db).exactSum
  const inDefault = sql`
    select distinct d.loan_id from pledge_loan_events d cross join pledge_loans l
    where d.kind = 'default' and d.on_date <= ${to} and l.id = d.loan_id
      and ${liveLoanEvent("d.id")}
      and ${liveLoan("l")}
      and not exists (
        select 1 from pledge_loan_disposals x where x.loan_id = l.id and x.on_date <= ${to}
          and ${liveDisposal("x.id")}
      )`
  // Two statements, however many loans: their count and amounts, then their live repayments up to `to`.
  const drawn = await one(
    db,
    sql<{ n: unknown; drawn: string | null }>`
      select count(*) as n, ${sum(sql`l.amount_fen`)} as drawn
      from pledge_loans l where l.id in (${inDefault})`
  )
  const repaid = await one(
    db,
    sql<{ repaid: string | null }>`
      select ${sum(sql`e.amount_fen`)} as repaid from pledge_loan_events e
      where e.loan_id in (${inDefault}) and e.kind = 'repayment' and e.on_date <= ${to}
        and ${liveLoanEvent("e.id")}`
  )
  return { loans: Number(big(drawn.n)), outstanding: fromFen(big(drawn.drawn) - big(repaid.repaid)) }
}

/** The period's figures, the same a year earlier, the growth, and the loans in default at its end. */
export const summaryOf = (db: Kysely<DB>, period: Period, previousPeriod: Period): Promise<PledgeSummary> =>
  rememberedBy(db, JSON.stringify(["summary", period, previousPeriod]), () =>
    computeSummary(db, period, previousPeriod)
  )

/**
 * {@link summaryOf} computed from the records alone, never from the aggregates nor from memory: what the
 * aggregates' summary is checked against (pledges/aggregates.test.ts).
 */
export const summaryFromRecords = (db: Kysely<DB>, period: Period, previousPeriod: Period) =>
  computeSummary(db, period, previousPeriod, false)

const computeSummary = async (
  db: Kysely<DB>,
  period: Period,
  previousPeriod: Period,
  fromAggregates = true
): Promise<PledgeSummary> => {
  const months = fromAggregates ? monthsOf(period) : undefined
  const previousMonths = fromAggregates ? monthsOf(previousPeriod) : undefined
  if (months !== undefined && previousMonths !== undefined) {
    // From the maintained aggregates: both periods and the defaults in one statement (one round trip).
    const read = await aggregatedRead(
      db,
      [
        { dimension: "all", months },
        { dimension: "all", months: previousMonths }
      ],
      months.last
    )
    const measures = measuresOf(read.groups[0]!.get("") ?? zero())
    const previous = measuresOf(read.groups[1]!.get("") ?? zero())
    return {
      period,
      measures,
      previousPeriod,
      previous,
      growth: growthOf(measures, previous),
      defaulted: { loans: Number(read.defaults.loans), outstanding: fromFen(read.defaults.outstanding) }
    }
  }
  const measures = measuresOf(await allSums(db, period, fromAggregates))
  const previous = measuresOf(await allSums(db, previousPeriod, fromAggregates))
  return {
    period,
    measures,
    previousPeriod,
    previous,
    growth: growthOf(measures, previous),
    defaulted: await defaultedAt(db, period.to)
  }
}

// ---------------------------------------------------------------------------------------------------------
// Wire forms (money as decimal strings with two places)
// ---------------------------------------------------------------------------------------------------------

export const pledgeMeasuresToJson = (m: PledgeMeasures) => ({
  amount: toWire(m.amount),
  registrations: m.registrations,
  patents: m.patents,
  enterprises: m.enterprises,
  loans: m.loans,
  lending: toWire(m.lending),
  lendingToDate: toWire(m.lendingToDate),
  repaidToDate: toWire(m.repaidToDate),
  outstanding: toWire(m.outstanding)
})

export const pledgeBreakdownToJson = (b: PledgeBreakdown) => ({
  period: b.period,
  by: b.by,
  inclusiveThreshold: toWire(b.inclusiveThreshold),
  rows: b.rows.map((r) => ({
    key: r.key,
    label: r.label,
    measures: pledgeMeasuresToJson(r.measures),
    ...(r.previous === undefined ? {} : { previous: pledgeMeasuresToJson(r.previous) }),
    ...(r.growth === undefined ? {} : { growth: r.growth })
  })),
  total: pledgeMeasuresToJson(b.total),
  ...(b.previousPeriod === undefined ? {} : { previousPeriod: b.previousPeriod })
})

export const pledgeSummaryToJson = (s: PledgeSummary) => ({
  period: s.period,
  measures: pledgeMeasuresToJson(s.measures),
  previousPeriod: s.previousPeriod,
  previous: pledgeMeasuresToJson(s.previous),
  growth: s.growth,
  defaulted: { loans: s.defaulted.loans, outstanding: toWire(s.defaulted.outstanding) }
})
