import { type Kysely, type RawBuilder, sql } from "kysely"
import { fromFen, toFen, toWire, type Yuan } from "../money/index.js"
import { districtOf } from "../registry/districts.js"
import { capabilitiesOf } from "../store/capabilities.js"
import type { DB } from "../store/schema.js"
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

const rows = async <T>(db: Kysely<DB>, query: RawBuilder<T>): Promise<ReadonlyArray<T>> =>
  (await query.execute(db)).rows

const one = async <T>(db: Kysely<DB>, query: RawBuilder<T>): Promise<T> => (await rows(db, query))[0]!

// ---------------------------------------------------------------------------------------------------------
// Groups by a column (district, bank, size) or everything, for one period or several at once
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

const keyOf = (value: unknown): string => (value === null || value === undefined ? "\u0000" : String(value))

type Row = Record<string, unknown>

/** What a row of a period is, written on the query's aliases. */
type Condition = (period: Period) => RawBuilder<unknown>

/**
 * One query's sums for each of `periods` (a period and the same a year earlier, which may overlap for a
 * span of years): `where` takes the rows of any of them, and each period's aggregates (named `name_i`) take
 * only its own rows (`case when`, null otherwise, which sums and counts skip). With one period its
 * condition is the `where` itself and the aggregates are plain.
 */
const perPeriod = (periods: ReadonlyArray<Period>, condition: Condition, anyOf: RawBuilder<unknown>) => ({
  where: periods.length === 1 ? condition(periods[0]!) : anyOf,
  select: (
    aggregates: (only: (x: RawBuilder<unknown>) => RawBuilder<unknown>, i: number) => RawBuilder<unknown>
  ) =>
    sql.join(
      periods.map((p, i) =>
        aggregates(periods.length === 1 ? (x) => x : (x) => sql`case when ${condition(p)} then ${x} end`, i)
      )
    )
})

/** The aggregate named `name` of period `i` (see {@link perPeriod}). */
const as = (name: string, i: number) => sql.raw(`${name}_${i}`)
const at = (row: Row, name: string, i: number) => big(row[`${name}_${i}`])

/** The earliest start and the latest end of the periods: the range any of them reads. */
const spanOf = (periods: ReadonlyArray<Period>) => ({
  from: periods.map((p) => p.from).reduce((a, b) => (b < a ? b : a)),
  to: periods.map((p) => p.to).reduce((a, b) => (b > a ? b : a))
})

const inRange = (column: string, from: string, to: string) =>
  sql`${sql.ref(column)} >= ${from} and ${sql.ref(column)} <= ${to}`

/** The grouping value (alias.column, or null for everything) and its GROUP BY. */
const grouping = (alias: string, column: string | undefined) =>
  column === undefined
    ? { value: sql`null`, groupBy: sql`` }
    : { value: sql.ref(`${alias}.${column}`), groupBy: sql`group by ${sql.ref(`${alias}.${column}`)}` }

/**
 * Adds rows of per-period parts into `out` (key → one part per period), by each row's grouping value `v`.
 */
const collect = <P>(
  out: Map<string, { value: string | null; parts: Array<P> }>,
  periods: ReadonlyArray<Period>,
  rowsRead: ReadonlyArray<Row>,
  fresh: () => P,
  add: (into: P, row: Row, i: number) => void
) => {
  for (const row of rowsRead) {
    const k = keyOf(row.v)
    let entry = out.get(k)
    if (entry === undefined) {
      entry = {
        value: row.v === null || row.v === undefined ? null : String(row.v),
        parts: periods.map(fresh)
      }
      out.set(k, entry)
    }
    for (let i = 0; i < periods.length; i++) add(entry.parts[i]!, row, i)
  }
}

/**
 * The figures of each group (one GROUP BY per measure, each reading its covering index range once for every
 * period), void registrations and dead loans still in, at registered amounts (the caller corrects them).
 */
const groupSums = async (
  db: Kysely<DB>,
  periods: ReadonlyArray<Period>,
  dimension: ColumnDimension | undefined
) => {
  const sum = capabilitiesOf(db).exactSum
  const cols = dimension === undefined ? undefined : columns[dimension]
  const span = spanOf(periods)
  const out = new Map<string, { value: string | null; parts: Array<Raw> }>()
  const read = async (query: RawBuilder<Row>, add: (into: Raw, row: Row, i: number) => void) =>
    collect(out, periods, await rows(db, query), zero, add)

  // Registrations in range, reversed ones included: one covering index range.
  const r = perPeriod(
    periods,
    (p) => inRange("p.registered_on", p.from, p.to),
    inRange("p.registered_on", span.from, span.to)
  )
  const rg = grouping("p", cols?.pledges)
  await read(
    sql<Row>`select ${rg.value} as v, ${r.select(
      (
        only,
        i
      ) => sql`${sum(only(sql`p.amount_fen`))} as ${as("fen", i)}, count(${only(sql`1`)}) as ${as("n", i)},
        cast(sum(${only(sql`p.patent_count`)}) as text) as ${as("patents", i)}`
    )}
    from pledges p where ${r.where} ${rg.groupBy}`,
    (raw, row, i) => {
      raw.fen += at(row, "fen", i)
      raw.registrations += at(row, "n", i)
      raw.patents += at(row, "patents", i)
    }
  )
  // Distinct enterprises with a live registration in range: each has exactly one there whose previous live
  // registration (in the group) is before the range, so this counts a covering index range of
  // pledge_sequence (live rows only) instead of sorting the pledgors.
  const previous = sql.ref(`s.${cols?.previous ?? "prev_on"}`)
  const s = perPeriod(
    periods,
    (p) =>
      sql`${inRange("s.registered_on", p.from, p.to)} and (${previous} < ${p.from} or ${previous} is null)`,
    inRange("s.registered_on", span.from, span.to)
  )
  const sg = grouping("s", cols?.pledges)
  await read(
    sql<Row>`select ${sg.value} as v, ${s.select((only, i) => sql`count(${only(sql`1`)}) as ${as("n", i)}`)}
    from pledge_sequence s where ${s.where} ${sg.groupBy}`,
    (raw, row, i) => {
      raw.enterprises += at(row, "n", i)
    }
  )
  // Loans (reversed ones included) disbursed in range, and up to the period's end: two plain sums beat one
  // with CASEs.
  const lg = grouping("l", cols?.loans)
  const l = perPeriod(
    periods,
    (p) => inRange("l.disbursed_on", p.from, p.to),
    inRange("l.disbursed_on", span.from, span.to)
  )
  await read(
    sql<Row>`select ${lg.value} as v, ${l.select(
      (only, i) =>
        sql`${sum(only(sql`l.amount_fen`))} as ${as("lending", i)}, count(${only(sql`1`)}) as ${as("loans", i)}`
    )}
    from pledge_loans l where ${l.where} ${lg.groupBy}`,
    (raw, row, i) => {
      raw.lending += at(row, "lending", i)
      raw.loans += at(row, "loans", i)
    }
  )
  const d = perPeriod(periods, (p) => sql`l.disbursed_on <= ${p.to}`, sql`l.disbursed_on <= ${span.to}`)
  await read(
    sql<Row>`select ${lg.value} as v, ${d.select((only, i) => sql`${sum(only(sql`l.amount_fen`))} as ${as("drawn", i)}`)}
    from pledge_loans l where ${d.where} ${lg.groupBy}`,
    (raw, row, i) => {
      raw.drawn += at(row, "drawn", i)
    }
  )
  const eg = grouping("e", cols?.events)
  const e = perPeriod(periods, (p) => sql`e.on_date <= ${p.to}`, sql`e.on_date <= ${span.to}`)
  await read(
    sql<Row>`select ${eg.value} as v, ${e.select((only, i) => sql`${sum(only(sql`e.amount_fen`))} as ${as("repaid", i)}`)}
    from pledge_loan_events e where e.kind = 'repayment' and ${e.where} ${eg.groupBy}`,
    (raw, row, i) => {
      raw.repaid += at(row, "repaid", i)
    }
  )
  // What disposals (处置) settled up to the period's end, reversed ones included.
  const xg = grouping("x", cols?.events)
  const x = perPeriod(periods, (p) => sql`x.on_date <= ${p.to}`, sql`x.on_date <= ${span.to}`)
  await read(
    sql<Row>`select ${xg.value} as v, ${x.select(
      (only, i) => sql`${sum(only(sql`x.recovered_fen + x.written_off_fen`))} as ${as("settled", i)}`
    )}
    from pledge_loan_disposals x where ${x.where} ${xg.groupBy}`,
    (raw, row, i) => {
      raw.settled += at(row, "settled", i)
    }
  )
  return out
}

/**
 * What the live amount changes (变更) dated on or before the period's end add to the registrations in range
 * that count (neither reversed nor cancelled), per value of `column` (alias p) under `only`: the registered
 * amount plus these is the amount in force at the period's end. Starts from the changes (the `change` range
 * of the pledge_events kind index), so its cost follows their number, not the registrations'. One sum per
 * period, `fen_i`.
 */
const changeDeltas = (
  db: Kysely<DB>,
  periods: ReadonlyArray<Period>,
  column: string | undefined,
  only: RawBuilder<unknown>
) => {
  const span = spanOf(periods)
  const c = perPeriod(
    periods,
    (p) => sql`c.on_date <= ${p.to} and ${inRange("p.registered_on", p.from, p.to)}`,
    inRange("p.registered_on", span.from, span.to)
  )
  const g = grouping("p", column)
  return rows(
    db,
    sql<Row>`
      select ${g.value} as v, ${c.select(
        (only, i) =>
          sql`${capabilitiesOf(db).exactSum(only(sql`c.amount_after_fen - c.amount_before_fen`))} as ${as("fen", i)}`
      )}
      from pledge_events c cross join pledges p
      where ${liveAmountChange("c", span.to)} and p.id = c.pledge_id and ${c.where}
        and ${only} and ${countingPledge("p.id")}
      ${g.groupBy}`
  )
}

/** What one period's amount changes add to the registrations in range under `only` (see {@link changeDeltas}). */
const changeDelta = async (db: Kysely<DB>, period: Period, only: RawBuilder<unknown>) => {
  const [row] = await changeDeltas(db, [period], undefined, only)
  return row === undefined ? 0n : at(row, "fen", 0)
}

/** Loans out of every figure: reversed ones, and those of a reversed registration. */
const deadLoans = sql`dead(id) as (
  select lr.loan_id from pledge_loan_reversals lr
  union
  select dl.id from pledge_reversals dr cross join pledge_loans dl where dl.pledge_id = dr.pledge_id
)`

/**
 * What the corrections take out of each group, per period: registrations in range that count nothing
 * (reversed or cancelled), the amount changes of the others (added back: the amount in force at the
 * period's end), dead loans, and repayments of dead loans or reversed themselves (enterprises need no
 * correction: pledge_sequence holds the registrations that count). Each query starts from the corrections
 * (CROSS JOIN keeps them the outer loop on SQLite), so its cost follows their number, not that of the rows.
 */
const reversedByGroup = async (
  db: Kysely<DB>,
  periods: ReadonlyArray<Period>,
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
  const span = spanOf(periods)
  const out = new Map<string, { value: string | null; parts: Array<Raw> }>()
  const add = (rowsRead: ReadonlyArray<Row>, into: (raw: Raw, row: Row, i: number) => void) =>
    collect(out, periods, rowsRead, zero, into)
  // Registrations that count nothing: reversed or cancelled (each once, however many corrections name it).
  const r = perPeriod(
    periods,
    (p) => inRange("p.registered_on", p.from, p.to),
    inRange("p.registered_on", span.from, span.to)
  )
  const pg = grouping("p", pCol)
  add(
    await rows(
      db,
      sql<Row>`
        select ${pg.value} as v, ${r.select(
          (
            only,
            i
          ) => sql`${sum(only(sql`p.amount_fen`))} as ${as("fen", i)}, count(${only(sql`1`)}) as ${as("n", i)},
          cast(sum(${only(sql`p.patent_count`)}) as text) as ${as("patents", i)}`
        )}
        from (${voidPledgeIds}) g cross join pledges p
        where p.id = g.pledge_id and ${r.where} and ${only.p}
        ${pg.groupBy}`
    ),
    (raw, row, i) => {
      raw.fen += at(row, "fen", i)
      raw.registrations += at(row, "n", i)
      raw.patents += at(row, "patents", i)
    }
  )
  // The others at the amount in force at the period's end: their changes' deltas, taken out negated.
  add(await changeDeltas(db, periods, pCol, only.p), (raw, row, i) => {
    raw.fen -= at(row, "fen", i)
  })
  const l = perPeriod(periods, (p) => sql`l.disbursed_on <= ${p.to}`, sql`l.disbursed_on <= ${span.to}`)
  const lg = grouping("l", lCol)
  add(
    await rows(
      db,
      sql<Row>`
        with ${deadLoans}
        select ${lg.value} as v, ${l.select(
          (only, i, p = periods[i]!) =>
            sql`${sum(only(sql`case when l.disbursed_on >= ${p.from} then l.amount_fen else 0 end`))} as ${as("lending", i)},
          sum(${only(sql`case when l.disbursed_on >= ${p.from} then 1 else 0 end`)}) as ${as("loans", i)},
          ${sum(only(sql`l.amount_fen`))} as ${as("drawn", i)}`
        )}
        from dead d cross join pledge_loans l
        where l.id = d.id and ${l.where} and ${only.l}
        ${lg.groupBy}`
    ),
    (raw, row, i) => {
      raw.lending += at(row, "lending", i)
      raw.loans += at(row, "loans", i)
      raw.drawn += at(row, "drawn", i)
    }
  )
  const e = perPeriod(periods, (p) => sql`e.on_date <= ${p.to}`, sql`e.on_date <= ${span.to}`)
  const eg = grouping("e", eCol)
  add(
    await rows(
      db,
      sql<Row>`
        with ${deadLoans}
        select ${eg.value} as v, ${e.select((only, i) => sql`${sum(only(sql`e.amount_fen`))} as ${as("repaid", i)}`)}
        from (
          select de.id from dead d cross join pledge_loan_events de where de.loan_id = d.id and de.kind = 'repayment'
          union
          select x.reverses_id from pledge_loan_events x where x.kind = 'reversal'
        ) gone cross join pledge_loan_events e
        where e.id = gone.id and e.kind = 'repayment' and ${e.where} and ${only.e}
        ${eg.groupBy}`
    ),
    (raw, row, i) => {
      raw.repaid += at(row, "repaid", i)
    }
  )
  // Disposals of dead loans, and disposals reversed themselves (their grouping columns are the events').
  const x = perPeriod(periods, (p) => sql`x.on_date <= ${p.to}`, sql`x.on_date <= ${span.to}`)
  const xg = grouping("x", eCol)
  add(
    await rows(
      db,
      sql<Row>`
        with ${deadLoans}
        select ${xg.value} as v, ${x.select(
          (only, i) => sql`${sum(only(sql`x.recovered_fen + x.written_off_fen`))} as ${as("settled", i)}`
        )}
        from (
          select dx.id from dead d cross join pledge_loan_disposals dx where dx.loan_id = d.id
          union
          select xr.disposal_id from pledge_loan_disposal_reversals xr
        ) gone cross join pledge_loan_disposals x
        where x.id = gone.id and ${x.where} and ${only.x}
        ${xg.groupBy}`
    ),
    (raw, row, i) => {
      raw.settled += at(row, "settled", i)
    }
  )
  return out
}

/**
 * Registrations and loans per value of `dimension` (or everything, one group keyed null), for each period:
 * the sums less the corrections. The registration side and the loan side are summed separately, so with
 * `bank` a guarantor (pledgee) has registrations and no loans while the banks lending under its
 * registrations have loans.
 */
const sumsByGroup = async (
  db: Kysely<DB>,
  periods: ReadonlyArray<Period>,
  dimension: ColumnDimension | undefined
) => {
  const sums = await groupSums(db, periods, dimension)
  const reversed = await reversedByGroup(db, periods, dimension)
  const out = new Map<string, { value: string | null; raws: ReadonlyArray<Raw> }>()
  for (const [k, { value, parts }] of sums) {
    const less = reversed.get(k)?.parts
    out.set(k, { value, raws: parts.map((raw, i) => minus(raw, less?.[i] ?? {})) })
  }
  return out
}

/** The groups of one period with any figure (one GROUP BY per measure). */
const byColumn = async (db: Kysely<DB>, period: Period, dimension: ColumnDimension) => {
  const out: Array<{ key: string | null; raw: Raw }> = []
  for (const { value, raws } of (await sumsByGroup(db, [period], dimension)).values()) {
    const raw = raws[0]!
    if (!isEmpty(raw)) out.push({ key: value, raw })
  }
  return out
}

/** Everything in each period (the `total` of every breakdown and the summary's figures), one query per measure. */
const allSums = async (db: Kysely<DB>, periods: ReadonlyArray<Period>): Promise<ReadonlyArray<Raw>> =>
  (await sumsByGroup(db, periods, undefined)).get(keyOf(null))?.raws ?? periods.map(zero)

/** The total of groups that partition everything: their sums, and the distinct enterprises overall. */
const totalOfGroups = async (db: Kysely<DB>, period: Period, groups: ReadonlyArray<{ raw: Raw }>) => {
  const total = zero()
  for (const { raw } of groups) {
    for (const key of Object.keys(total) as Array<keyof Raw>) total[key] += raw[key]
  }
  const counted = await one(
    db,
    sql<{ n: unknown }>`
      select count(*) as n from pledge_sequence s
      where s.registered_on >= ${period.from} and s.registered_on <= ${period.to}
        and (s.prev_on < ${period.from} or s.prev_on is null)`
  )
  total.enterprises = big(counted.n)
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
  const changed = await changeDelta(db, period, sql`p.id in (select f.pledge_id from pledge_firsts f)`)
  const loans = await loansOf(db, period, sql`select f.pledge_id from pledge_firsts f`)
  const first: Raw = {
    fen: big(r.fen) + changed,
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
      await reversedByGroup(db, [period], undefined, {
        p: sql`p.amount_fen <= ${t}`,
        l: sql`l.pledge_amount_fen <= ${t}`,
        e: sql`e.pledge_amount_fen <= ${t}`,
        x: sql`x.pledge_amount_fen <= ${t}`
      })
    ).get(keyOf(null))?.parts[0] ?? {}
  const trancheRegistrations = await one(
    db,
    sql<{ fen: string | null; n: unknown; patents: string | null }>`
      select ${sum(sql`p.amount_fen`)} as fen, count(*) as n, cast(sum(p.patent_count) as text) as patents
      from pledges p
      where p.id in (${tranched}) and p.registered_on >= ${period.from} and p.registered_on <= ${period.to}
        and ${countingPledge("p.id")}`
  )
  const trancheChanged = await changeDelta(db, period, sql`p.id in (${tranched})`)
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
      fen: big(small.fen) + big(trancheRegistrations.fen) + trancheChanged,
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
export const breakdownRaw = async (
  db: Kysely<DB>,
  period: Period,
  dimension: PledgeDimension,
  inclusiveThreshold: Yuan
): Promise<{ total: Raw; groups: ReadonlyArray<{ key: string | boolean | null; raw: Raw }> }> => {
  if (dimension === "firstPledge" || dimension === "inclusive") {
    const total = (await allSums(db, [period]))[0]!
    const { yes, no } =
      dimension === "firstPledge"
        ? await firstPledgeSums(db, period, total)
        : await inclusiveSums(db, period, total, toFen(inclusiveThreshold))
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
export const summaryOf = async (
  db: Kysely<DB>,
  period: Period,
  previousPeriod: Period
): Promise<PledgeSummary> => {
  // Both periods in one query per measure.
  const [now, earlier] = await allSums(db, [period, previousPeriod])
  const measures = measuresOf(now!)
  const previous = measuresOf(earlier!)
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
