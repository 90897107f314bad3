import { type Kysely, type RawBuilder, sql } from "kysely"
import { type AggregateDifference, big, compareRows } from "../store/aggregate-differences.js"
import { capabilitiesOf, preparedByName } from "../store/capabilities.js"
import type { DB } from "../store/schema.js"
import { bulkInsert } from "../store/unnest.js"
import {
  countingPledge,
  liveAmountChange,
  liveDisposal,
  liveLoan,
  liveLoanEvent,
  loanNotReversed
} from "./live.js"
import { rememberedBy } from "./remembered.js"
import type { NewRegistration } from "./sequence.js"

/*
 * Maintained aggregates of the pledge figures (migration 0018), per calendar month and per dimension the
 * figures group by — `all` (key ''), `district`, `bank` (registrations by pledgee, loans and their events by
 * lending bank) and `size` (key '' = not stated) — so that a month-aligned period's total, breakdown,
 * summary and monthly series read a few hundred rows instead of the registrations:
 *
 * - `pledge_month_totals` (dimension, month, key): the registrations that count (neither reversed nor
 *   cancelled) registered in the month, at their registered amounts, with their patents; the live loans
 *   disbursed in it (loan and registration not reversed); the live repayments and live disposals dated in it.
 * - `pledge_month_pairs` (dimension, month, key, since): per registration month and a second month —
 *   `enterprises`: pledge_sequence rows (registrations that count) whose previous registration of the same
 *   enterprise (within the group) was in `since` ('' = none), so the distinct enterprises of months
 *   m1..m2 are the rows of those months with `since < m1`; `change`: the deltas of the live amount changes
 *   (变更) of the registrations that count, by the change's month, so the amount in force at m2's end adds
 *   those with `since <= m2`.
 *
 * Migration 0026 adds, in the same two tables: `status` (key the registration's current status; its loans
 * and amount changes follow it; the enterprise counts are not kept per status, key ''), `first` (首次质押:
 * key 'yes' for an enterprise's first registration that counts, in pledge_firsts, and its loans; 'no' for
 * the rest, loans under a cancelled registration among them), `inclusive:<fen>` for each of
 * {@link inclusiveThresholds} (普惠: 'yes' when the registration's registered amount or one of its loans not
 * reversed is at most the threshold; its loans follow it), each with its enterprise pairs; and in the pairs
 * dimension `default`: the live loans in live default, by the month of their first default (`month`) and
 * of their first live disposal (`key`), with their repayments, so that the summary's loans in default at a
 * month's end are one range read.
 *
 * Money is kept as two integer columns per sum, its billions (x / 10^9) and remainder (x % 10^9, same sign),
 * as `exactSum` sums on SQLite: no column can pass 2^63 however large the amounts.
 *
 * Every write keeps them exact in its own transaction by one rule: what a set of records contributes is
 * subtracted before the write changes them and added after (`aroundRegistrations`, `aroundLoans`,
 * `aroundEnterprises`); new rows are added after their insert. The difference is the write's effect
 * whatever the aggregates held, so deferring the new registrations' part to the end of a batch (an import)
 * stays exact (as long as nothing else in the batch writes a loan under them: an import is of one kind). Two flags depend on more than the record: 首次质押 on the enterprise's caches, moved between
 * its sides by `applyEnterprises` around every rebuild of them (what was first leaves 'yes' before, what is
 * first after joins it), so a batch's new registrations are added before their caches are rebuilt; 普惠 on
 * the registration's loans, so a loan write (`aroundLoans`, `insertLoans`) takes its registrations' whole
 * contribution and their enterprises' 普惠 pairs around it. `aggregateDifferences` recomputes both tables
 * from the records (`kejin audit verify`).
 */

type Sign = 1 | -1

/** Which records a contribution covers. */
export type AggregateScope =
  | { readonly kind: "pledges"; readonly ids: ReadonlyArray<number> }
  | { readonly kind: "loans"; readonly ids: ReadonlyArray<number> }
  | { readonly kind: "all" }
  /** The first registrations (pledge_firsts) of the enterprises `usccs` names, and their loans. */
  | { readonly kind: "firsts"; readonly usccs: RawBuilder<unknown> }

const month = (column: string) => sql`substr(${sql.ref(column)}, 1, 7)`
const hi = (x: RawBuilder<unknown>) => sql`(${x}) / 1000000000`
const lo = (x: RawBuilder<unknown>) => sql`(${x}) % 1000000000`
const ids = (list: ReadonlyArray<number>) => sql.join(list.length === 0 ? [-1] : list.map((n) => sql.lit(n)))

/**
 * The 普惠 thresholds the aggregates answer (fen): a registration's "inclusive quantity" — the least of its
 * registered amount and its loans not reversed — is put in the first bucket at or above it (index 0..3, 4:
 * above all), and dimension `inclusive:<fen>` keys each record 'yes' when its registration's bucket is at
 * most that threshold's. A fixed set, so that no setting change rebuilds anything: a breakdown at another
 * threshold reads the records (migration 0026).
 */
export const inclusiveThresholds = [500000000n, 1000000000n, 2000000000n, 5000000000n] as const

export const dimensions = [
  "all",
  "district",
  "bank",
  "size",
  "first",
  "status",
  ...inclusiveThresholds.map((t) => `inclusive:${t}` as const)
] as const
export type AggregateDimension = (typeof dimensions)[number]

const dimensionRows = sql.raw(
  `(${dimensions.map((d, i) => `select '${d}'${i === 0 ? " as dimension" : ""}`).join(" union all ")})`
)

const keyOfDimension = sql.raw(`case d.dimension when 'district' then b.district when 'bank' then b.bank
  when 'size' then coalesce(b.size, '') when 'first' then b.first when 'status' then b.status
  ${inclusiveThresholds.map((t, i) => `when 'inclusive:${t}' then case when b.ib <= ${i} then 'yes' else 'no' end`).join(" ")}
  else '' end`)

/**
 * The bucket (0..4) of registration `p`'s inclusive quantity (alias of a pledges row): the least bucket of
 * its registered amount and of its loans not reversed (buckets are monotone: the bucket of the least amount).
 * One correlated subquery per row.
 */
const bucketOf = (p: string) => {
  const bucket = (amount: RawBuilder<unknown>) =>
    sql`case ${sql.join(
      inclusiveThresholds.map((t, i) => sql`when ${amount} <= ${sql.lit(Number(t))} then ${sql.lit(i)}`),
      sql` `
    )} else ${sql.lit(inclusiveThresholds.length)} end`
  return sql`(select min(ibq.b) from (select ${bucket(sql.ref(`${p}.amount_fen`))} as b
    union all select ${bucket(sql`iq.amount_fen`)} from pledge_loans iq
      where iq.pledge_id = ${sql.ref(`${p}.id`)} and ${loanNotReversed("iq.id")}) ibq)`
}

const firstsOf = (usccs: RawBuilder<unknown>) =>
  sql`select fs.pledge_id from pledge_firsts fs where fs.pledgor_uscc in ${usccs}`

/**
 * Registration `p`'s current status (as `deriveState` and the list's `status` filter have it: the kind of
 * its latest live event), under which dimension `status` keys its records.
 */
const statusOf = (p: string) =>
  sql`coalesce((select case sx.kind when 'change' then 'changed' when 'release' then 'released'
      else 'cancelled' end from pledge_events sx
    where sx.pledge_id = ${sql.ref(`${p}.id`)} and sx.kind <> 'reversal'
      and not exists (select 1 from pledge_events sxr where sxr.reverses_id = sx.id)
    order by sx.on_date desc, sx.id desc limit 1), 'registered')`

/** 'yes' when registration `p` is its enterprise's first pledge (首次质押: in pledge_firsts), else 'no'. */
const firstOf = (p: string) =>
  sql`case when exists (select 1 from pledge_firsts fq where fq.pledgor_uscc = ${sql.ref(`${p}.pledgor_uscc`)}
    and fq.pledge_id = ${sql.ref(`${p}.id`)}) then 'yes' else 'no' end`

export const totalColumns = [
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
] as const

export const pairColumns = ["enterprises", "change_hi", "change_lo"] as const

/** One base row of the totals: its grouping columns, its month, and what it adds (the rest 0). */
const totalsRow = (
  alias: string,
  bank: string,
  date: string,
  adds: Partial<Record<(typeof totalColumns)[number], RawBuilder<unknown>>>
) =>
  sql`${sql.ref(`${alias}.pledgor_district`)} as district, ${sql.ref(`${alias}.${bank}`)} as bank,
    ${sql.ref(`${alias}.pledgor_size`)} as size, ${month(`${alias}.${date}`)} as month,
    ${firstOf("p")} as first, ${bucketOf("p")} as ib, ${statusOf("p")} as status,
    ${sql.join(totalColumns.map((c) => sql`${adds[c] ?? sql`0`} as ${sql.ref(c)}`))}`

/** The base rows of the totals: (district, bank, size, month, …totalColumns), one per record. */
const totalsBase = (scope: AggregateScope): RawBuilder<unknown> => {
  const parts: Array<RawBuilder<unknown>> = []
  const pledgeCondition =
    scope.kind === "pledges"
      ? sql`p.id in (${ids(scope.ids)}) and ${countingPledge("p.id")}`
      : scope.kind === "all"
        ? countingPledge("p.id")
        : scope.kind === "firsts"
          ? sql`p.id in (${firstsOf(scope.usccs)}) and ${countingPledge("p.id")}`
          : undefined
  if (pledgeCondition !== undefined)
    parts.push(
      sql`select ${totalsRow("p", "pledgee_name", "registered_on", {
        reg_hi: hi(sql`p.amount_fen`),
        reg_lo: lo(sql`p.amount_fen`),
        registrations: sql`1`,
        patents: sql`p.patent_count`
      })} from pledges p where ${pledgeCondition}`
    )
  const loanCondition =
    scope.kind === "pledges"
      ? sql`l.pledge_id in (${ids(scope.ids)})`
      : scope.kind === "loans"
        ? sql`l.id in (${ids(scope.ids)})`
        : scope.kind === "all"
          ? sql`1 = 1`
          : scope.kind === "firsts"
            ? sql`l.pledge_id in (${firstsOf(scope.usccs)})`
            : undefined
  if (loanCondition !== undefined) {
    parts.push(
      sql`select ${totalsRow("l", "bank_name", "disbursed_on", {
        loans: sql`1`,
        lending_hi: hi(sql`l.amount_fen`),
        lending_lo: lo(sql`l.amount_fen`)
      })} from pledge_loans l cross join pledges p
      where ${loanCondition} and p.id = l.pledge_id and ${liveLoan("l")}`
    )
    parts.push(sql`select ${totalsRow("e", "bank_name", "on_date", {
      repaid_hi: hi(sql`e.amount_fen`),
      repaid_lo: lo(sql`e.amount_fen`)
    })}
      from pledge_loans l cross join pledge_loan_events e cross join pledges p
      where ${loanCondition} and p.id = l.pledge_id and e.loan_id = l.id and e.kind = 'repayment' and ${liveLoanEvent("e.id")}
        and ${liveLoan("l")}`)
    const settled = sql`x.recovered_fen + x.written_off_fen`
    parts.push(sql`select ${totalsRow("x", "bank_name", "on_date", {
      settled_hi: hi(settled),
      settled_lo: lo(settled)
    })}
      from pledge_loans l cross join pledge_loan_disposals x cross join pledges p
      where ${loanCondition} and p.id = l.pledge_id and x.loan_id = l.id and ${liveDisposal("x.id")} and ${liveLoan("l")}`)
  }
  return sql.join(parts, sql` union all `)
}

const inclusiveSince = inclusiveThresholds.map((_, i) => `since_i${i}`)

/**
 * The base rows of the pairs: (district, bank, size, month, first, ib, since per dimension, …pairColumns).
 * `first`: an enterprise's first registration (seq_no 1) is a 'yes' row with no predecessor; its others are
 * 'no' rows whose predecessor among them is the previous one, none for the second (so an enterprise counts
 * on the 'no' side of a period when its second registration, or a later one following one before the
 * period, falls in it). `inclusive:<t>`: the previous registration of the enterprise on the same side of t.
 */
const pairsBase = (
  scope: AggregateScope | { readonly kind: "enterprises"; readonly usccs: RawBuilder<unknown> }
): RawBuilder<unknown> | undefined => {
  if (scope.kind === "enterprises" || scope.kind === "all") {
    const where = scope.kind === "all" ? sql`1 = 1` : sql`sq.pledgor_uscc in ${scope.usccs}`
    const since = (column: string) => sql`coalesce(substr(${sql.ref(`s.${column}`)}, 1, 7), '')`
    const lags = inclusiveThresholds.map(
      (_, i) =>
        sql`coalesce(substr(lag(s.registered_on) over (partition by s.pledgor_uscc,
          case when s.ib <= ${sql.lit(i)} then 1 else 0 end order by s.registered_on, s.pledge_id), 1, 7), '')
          as ${sql.ref(inclusiveSince[i]!)}`
    )
    const sequence = sql`select s.pledgor_district as district, s.pledgee_name as bank, s.pledgor_size as size,
      ${month("s.registered_on")} as month, case when s.seq_no = 1 then 'yes' else 'no' end as first, s.ib as ib,
      '' as status,
      ${since("prev_on")} as since_all,
      ${since("prev_district_on")} as since_district, ${since("prev_pledgee_on")} as since_bank,
      ${since("prev_size_on")} as since_size,
      case when s.seq_no <= 2 then '' else ${since("prev_on")} end as since_first, ${sql.join(lags)},
      1 as enterprises, 0 as change_hi, 0 as change_lo
      from (select sq.*, ${bucketOf("p")} as ib from pledge_sequence sq cross join pledges p
        where p.id = sq.pledge_id and ${where}) s`
    if (scope.kind === "enterprises") return sequence
    return sql`${sequence} union all ${changesBase(sql`1 = 1`)}`
  }
  if (scope.kind === "pledges") return changesBase(sql`p.id in (${ids(scope.ids)})`)
  if (scope.kind === "firsts") return changesBase(sql`p.id in (${firstsOf(scope.usccs)})`)
  return undefined
}

const changesBase = (condition: RawBuilder<unknown>) => {
  const delta = sql`c.amount_after_fen - c.amount_before_fen`
  const since = month("c.on_date")
  return sql`select p.pledgor_district as district, p.pledgee_name as bank, p.pledgor_size as size,
    ${month("p.registered_on")} as month, ${firstOf("p")} as first, ${bucketOf("p")} as ib,
    ${statusOf("p")} as status, ${since} as since_all, ${since} as since_district,
    ${since} as since_bank, ${since} as since_size, ${since} as since_first,
    ${sql.join(inclusiveSince.map((c) => sql`${since} as ${sql.ref(c)}`))},
    0 as enterprises, ${hi(delta)} as change_hi, ${lo(delta)} as change_lo
    from pledge_events c cross join pledges p
    where ${liveAmountChange("c")} and p.id = c.pledge_id and ${condition} and ${countingPledge("p.id")}`
}

const sums = (columns: ReadonlyArray<string>, sign: Sign) =>
  sql.join(columns.map((c) => sql`sum(${sql.ref(`b.${c}`)}) * ${sql.lit(sign)} as ${sql.ref(c)}`))

/**
 * The base rows summed per combination of their grouping columns first: each dimension then expands a
 * few thousand groups, not every record (a full build of a million registrations groups once).
 */
const grouped = (base: RawBuilder<unknown>, by: ReadonlyArray<string>, columns: ReadonlyArray<string>) =>
  sql`select ${sql.join(by.map((c) => sql.ref(`r.${c}`)))},
    ${sql.join(columns.map((c) => sql`sum(${sql.ref(`r.${c}`)}) as ${sql.ref(c)}`))}
    from (${base}) r group by ${sql.join(by.map((c) => sql.ref(`r.${c}`)))}`

const totalsBy = ["district", "bank", "size", "month", "first", "ib", "status"]
const pairsBy = [
  ...totalsBy,
  "since_all",
  "since_district",
  "since_bank",
  "since_size",
  "since_first",
  ...inclusiveSince
]

/** One dimension under one key: what a scope contributes there (a record moving between a flag's sides). */
interface Fixed {
  readonly dimension: string
  readonly key: string
}

/** The totals' rows a scope contributes: (dimension, key, month, …totalColumns), grouped. */
const totalsOf = (scope: AggregateScope, sign: Sign, fixed?: Fixed) =>
  fixed !== undefined
    ? sql`select ${fixed.dimension} as dimension, ${fixed.key} as key, b.month as month, ${sums(totalColumns, sign)}
    from (${grouped(totalsBase(scope), totalsBy, totalColumns)}) b group by b.month`
    : sql`select d.dimension as dimension, ${keyOfDimension} as key, b.month as month, ${sums(totalColumns, sign)}
    from (${grouped(totalsBase(scope), totalsBy, totalColumns)}) b cross join ${dimensionRows} d
    group by d.dimension, ${keyOfDimension}, b.month`

const sinceOfDimension = sql.raw(`case d.dimension when 'district' then b.since_district
  when 'bank' then b.since_bank when 'size' then b.since_size when 'first' then b.since_first
  ${inclusiveThresholds.map((t, i) => `when 'inclusive:${t}' then b.${inclusiveSince[i]}`).join(" ")}
  else b.since_all end`)

/**
 * The pairs' rows a scope contributes: (dimension, key, month, since, …pairColumns), grouped; `only`: of
 * these dimensions, `fixed`: of one dimension under one key.
 */
const pairsOf = (
  base: RawBuilder<unknown>,
  sign: Sign,
  only?: ReadonlyArray<string>,
  fixed?: Fixed & { readonly since: string }
) =>
  fixed !== undefined
    ? sql`select ${fixed.dimension} as dimension, ${fixed.key} as key, b.month as month,
    ${sql.ref(`b.${fixed.since}`)} as since, ${sums(pairColumns, sign)}
    from (${grouped(base, pairsBy, pairColumns)}) b group by b.month, ${sql.ref(`b.${fixed.since}`)}`
    : sql`select d.dimension as dimension, ${keyOfDimension} as key, b.month as month, ${sinceOfDimension} as since,
    ${sums(pairColumns, sign)}
    from (${grouped(base, pairsBy, pairColumns)}) b cross join ${
      only === undefined
        ? dimensionRows
        : sql.raw(
            `(${only.map((d, i) => `select '${d}'${i === 0 ? " as dimension" : ""}`).join(" union all ")})`
          )
    } d
    group by d.dimension, ${keyOfDimension}, b.month, ${sinceOfDimension}`

const upsert = (
  table: "pledge_month_totals" | "pledge_month_pairs",
  keys: ReadonlyArray<string>,
  columns: ReadonlyArray<string>,
  rows: RawBuilder<unknown>
) => {
  const all = [...keys, ...columns]
  return sql`insert into ${sql.table(table)} (${sql.join(all.map((c) => sql.ref(c)))})
    select ${sql.join(all.map((c) => sql.ref(`g.${c}`)))} from (${rows}) g where true
    on conflict (${sql.join(keys.map((c) => sql.ref(c)))}) do update set
    ${sql.join(
      columns.map((c) => sql`${sql.ref(c)} = ${sql.table(table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`)
    )}`
}

/** Adds (sign 1) or subtracts (−1) what `scope` contributes to both tables. */
export const applyContribution = async (db: Kysely<DB>, scope: AggregateScope, sign: Sign) => {
  if ((scope.kind === "pledges" || scope.kind === "loans") && scope.ids.length === 0) return
  for (let start = 0; ; start += 500) {
    const part: AggregateScope =
      scope.kind === "pledges" || scope.kind === "loans"
        ? { kind: scope.kind, ids: scope.ids.slice(start, start + 500) }
        : scope
    await upsert(
      "pledge_month_totals",
      ["dimension", "month", "key"],
      totalColumns,
      totalsOf(part, sign)
    ).execute(db)
    const pairs = pairsBase(part)
    if (pairs !== undefined)
      await upsert(
        "pledge_month_pairs",
        ["dimension", "month", "key", "since"],
        pairColumns,
        pairsOf(pairs, sign)
      ).execute(db)
    const defaults = defaultsBase(part, sign)
    if (defaults !== undefined)
      await upsert(
        "pledge_month_pairs",
        ["dimension", "month", "key", "since"],
        pairColumns,
        defaults
      ).execute(db)
    if (!(scope.kind === "pledges" || scope.kind === "loans") || start + 500 >= scope.ids.length) return
  }
}

const pairKeys = ["dimension", "month", "key", "since"]
const totalKeys = ["dimension", "month", "key"]

/**
 * What the enterprises' pledge_sequence rows contribute (`usccs`: a list or a query in parentheses), and
 * their first registrations (pledge_firsts) moved from 首次质押's 'no' side to its 'yes' side (sign 1) or
 * back (−1): around a rebuild of the two caches, what was first leaves the 'yes' side and what is first
 * after it joins it, whatever changed in between.
 */
export const applyEnterprises = async (db: Kysely<DB>, usccs: RawBuilder<unknown>, sign: Sign) => {
  const base = pairsBase({ kind: "enterprises", usccs })!
  await upsert("pledge_month_pairs", pairKeys, pairColumns, pairsOf(base, sign)).execute(db)
  const firsts: AggregateScope = { kind: "firsts", usccs }
  const other = (sign === 1 ? -1 : 1) as Sign
  for (const [key, s] of [
    ["yes", sign],
    ["no", other]
  ] as const) {
    await upsert(
      "pledge_month_totals",
      totalKeys,
      totalColumns,
      totalsOf(firsts, s, { dimension: "first", key })
    ).execute(db)
    await upsert(
      "pledge_month_pairs",
      pairKeys,
      pairColumns,
      pairsOf(pairsBase(firsts)!, s, undefined, { dimension: "first", key, since: "since_first" })
    ).execute(db)
  }
}

/** A registration of a new enterprise, numbered as its pledge_sequence row (pledges/sequence.ts). */
export interface FreshRegistration extends Omit<NewRegistration, "id" | "uscc"> {
  readonly seqNo: number
  readonly prevOn: string | null
  readonly prevDistrictOn: string | null
  readonly prevPledgeeOn: string | null
  readonly prevSizeOn: string | null
}

/** What one registration adds to a group's totals (its amount split as the SQL splits it). */
interface FreshTotals {
  readonly hiFen: bigint
  readonly loFen: bigint
  readonly patents: number
}

interface FreshGroup {
  readonly month: string
  readonly key: string
  hiFen: bigint
  loFen: bigint
  count: number
  patents: number
  readonly since: Map<string, number>
}

const sinceMonth = (date: string | null) => (date === null ? "" : date.slice(0, 7))

/**
 * What enterprises new in a batch (every registration of theirs that counts was written by it, with no loan
 * nor event yet) contribute to both tables, summed in JavaScript from their registrations as numbered for
 * the caches: exactly the rows the SQL would add for them — `applyContribution` of the registrations, then
 * `applyEnterprises` around their caches' rebuild (status 'registered', 普惠 from the registered amount,
 * 首次质押 the enterprise's first) — without a correlated subquery per registration. `apply` writes them,
 * many rows a statement. The sums stay split as the SQL splits each amount (billions and remainder).
 */
export class FreshEnterprises {
  /** Per dimension, per month, per key: the totals (count 0: none) and the enterprise pairs by since. */
  private readonly groups = new Map<string, Map<string, Map<string, FreshGroup>>>(
    dimensions.map((d) => [d, new Map()])
  )

  /** The 普惠 dimensions, in the thresholds' order. */
  private readonly inclusive = inclusiveThresholds.map((t) => `inclusive:${t}`)

  private group(dimension: string, month: string, key: string): FreshGroup {
    const byMonth = this.groups.get(dimension)!
    let byKey = byMonth.get(month)
    if (byKey === undefined) {
      byKey = new Map()
      byMonth.set(month, byKey)
    }
    let g = byKey.get(key)
    if (g === undefined) {
      g = { month, key, hiFen: 0n, loFen: 0n, count: 0, patents: 0, since: new Map() }
      byKey.set(key, g)
    }
    return g
  }

  /** A registration's totals and its enterprise's pair in one group. */
  private both(dimension: string, month: string, key: string, r: FreshTotals, since: string) {
    const g = this.group(dimension, month, key)
    this.total(g, r.hiFen, r.loFen, r.patents)
    this.pair(g, since)
  }

  private total(g: FreshGroup, hiFen: bigint, loFen: bigint, patents: number) {
    g.hiFen += hiFen
    g.loFen += loFen
    g.count += 1
    g.patents += patents
  }

  private pair(g: FreshGroup, since: string) {
    g.since.set(since, (g.since.get(since) ?? 0) + 1)
  }

  /** One new enterprise's registrations that count, in their numbered order (seqNo 1, 2, …). */
  add(registrations: ReadonlyArray<FreshRegistration>) {
    // Per threshold and side, the enterprise's previous registration on that side (the SQL's lag).
    const lastOnSide = inclusiveThresholds.map(() => [null, null] as [string | null, string | null])
    for (const r of registrations) {
      const month = r.registeredOn.slice(0, 7)
      const totals: FreshTotals = {
        hiFen: r.amountFen / 1_000_000_000n,
        loFen: r.amountFen % 1_000_000_000n,
        patents: r.patentCount
      }
      const ib = bucketOfAmount(r.amountFen)
      const sinceAll = sinceMonth(r.prevOn)
      this.both("all", month, "", totals, sinceAll)
      this.both("district", month, r.district, totals, sinceMonth(r.prevDistrictOn))
      this.both("bank", month, r.pledgee, totals, sinceMonth(r.prevPledgeeOn))
      this.both("size", month, r.size ?? "", totals, sinceMonth(r.prevSizeOn))
      this.both("first", month, r.seqNo === 1 ? "yes" : "no", totals, r.seqNo <= 2 ? "" : sinceAll)
      // Status: the totals under the registration's own ('registered'), the enterprise pairs under ''.
      this.total(this.group("status", month, "registered"), totals.hiFen, totals.loFen, totals.patents)
      this.pair(this.group("status", month, ""), sinceAll)
      for (let i = 0; i < this.inclusive.length; i++) {
        const side = ib <= i ? 0 : 1
        this.both(
          this.inclusive[i]!,
          month,
          side === 0 ? "yes" : "no",
          totals,
          sinceMonth(lastOnSide[i]![side]!)
        )
        lastOnSide[i]![side] = r.registeredOn
      }
    }
  }

  /** Adds what was gathered to both tables (an upsert that adds, many rows a statement). */
  async apply(db: Kysely<DB>) {
    const keys = [
      ["dimension", "text"],
      ["month", "text"],
      ["key", "text"]
    ] as const
    const totals: Array<ReadonlyArray<unknown>> = []
    const pairs: Array<ReadonlyArray<unknown>> = []
    for (const [dimension, byMonth] of this.groups)
      for (const g of [...byMonth.values()].flatMap((byKey) => [...byKey.values()])) {
        if (g.count > 0) {
          const value = { reg_hi: g.hiFen, reg_lo: g.loFen, registrations: g.count, patents: g.patents }
          totals.push([
            dimension,
            g.month,
            g.key,
            ...totalColumns.map((c) => BigInt((value as Record<string, bigint | number>)[c] ?? 0))
          ])
        }
        for (const [since, n] of g.since)
          pairs.push([
            dimension,
            g.month,
            g.key,
            since,
            ...pairColumns.map((c) => BigInt(c === "enterprises" ? n : 0))
          ])
      }
    await bulkInsert(
      db,
      "pledge_month_totals",
      [...keys, ...totalColumns.map((c) => [c, "bigint"] as const)],
      totals,
      {
        addOnConflict: { keys: totalKeys, columns: totalColumns }
      }
    )
    await bulkInsert(
      db,
      "pledge_month_pairs",
      [...keys, ["since", "text"], ...pairColumns.map((c) => [c, "bigint"] as const)],
      pairs,
      { addOnConflict: { keys: pairKeys, columns: pairColumns } }
    )
    for (const byKey of this.groups.values()) byKey.clear()
  }
}

const inclusiveDimensions = dimensions.filter((d) => d.startsWith("inclusive:"))

/** The enterprises' 普惠 pairs alone (a loan moves its registration's inclusive quantity, not the caches). */
const applyInclusiveEnterprises = async (db: Kysely<DB>, usccs: RawBuilder<unknown>, sign: Sign) => {
  const base = pairsBase({ kind: "enterprises", usccs })!
  await upsert("pledge_month_pairs", pairKeys, pairColumns, pairsOf(base, sign, inclusiveDimensions)).execute(
    db
  )
}

/**
 * The loans in default at a month's end (dimension `default` of the pairs): per live loan with a live
 * default, `month` its first live default's, `key` its first live disposal's ('9999-99': none), since ''
 * its amount and count; each live repayment of it negated under `since` its month. In default at the end of
 * month M: month <= M < key; outstanding then: the rows with since <= M.
 */
const defaultsBase = (scope: AggregateScope, sign: Sign): RawBuilder<unknown> | undefined => {
  const condition =
    scope.kind === "pledges"
      ? sql`l.pledge_id in (${ids(scope.ids)})`
      : scope.kind === "loans"
        ? sql`l.id in (${ids(scope.ids)})`
        : scope.kind === "all"
          ? sql`1 = 1`
          : undefined
  if (condition === undefined) return undefined
  const loans = sql`select l.id, l.amount_fen,
      (select min(substr(dd.on_date, 1, 7)) from pledge_loan_events dd
        where dd.loan_id = l.id and dd.kind = 'default' and ${liveLoanEvent("dd.id")}) as dm,
      coalesce((select min(substr(dx.on_date, 1, 7)) from pledge_loan_disposals dx
        where dx.loan_id = l.id and ${liveDisposal("dx.id")}), '9999-99') as xm
    from pledge_loans l where ${condition} and ${liveLoan("l")}`
  const base = sql`select dl.dm as month, dl.xm as key, '' as since, 1 as enterprises,
      ${hi(sql`dl.amount_fen`)} as change_hi, ${lo(sql`dl.amount_fen`)} as change_lo
    from (${loans}) dl where dl.dm is not null
    union all
    select dl.dm, dl.xm, ${month("de.on_date")}, 0, 0 - ${hi(sql`de.amount_fen`)}, 0 - ${lo(sql`de.amount_fen`)}
    from (${loans}) dl cross join pledge_loan_events de
    where dl.dm is not null and de.loan_id = dl.id and de.kind = 'repayment' and ${liveLoanEvent("de.id")}`
  return sql`select 'default' as dimension, r.key as key, r.month as month, r.since as since,
    ${sql.join(pairColumns.map((c) => sql`sum(${sql.ref(`r.${c}`)}) * ${sql.lit(sign)} as ${sql.ref(c)}`))}
    from (${base}) r group by r.month, r.key, r.since`
}

/** `write` with the registrations' contributions (their own rows, changes, loans and loan events) kept exact. */
export const aroundRegistrations = async <A>(
  db: Kysely<DB>,
  pledgeIds: ReadonlyArray<number>,
  write: () => Promise<A>
): Promise<A> => {
  await applyContribution(db, { kind: "pledges", ids: pledgeIds }, -1)
  const result = await write()
  await applyContribution(db, { kind: "pledges", ids: pledgeIds }, 1)
  return result
}

/** The bucket (0..4) of an amount in fen, as {@link bucketOf} has it. */
const bucketOfAmount = (fen: bigint) => {
  const i = inclusiveThresholds.findIndex((t) => fen <= t)
  return i === -1 ? inclusiveThresholds.length : i
}

/**
 * `write` with the loans' contributions kept exact. When one of the loans may be what puts its
 * registration on the 普惠 side of a threshold (its bucket is the registration's, below that of the
 * registered amount: reversing it can move the registration), the registrations' whole contributions and
 * their enterprises' 普惠 pairs are taken around the write; otherwise (repayments, defaults, disposals,
 * most reversals) the loans' own.
 */
export const aroundLoans = async <A>(
  db: Kysely<DB>,
  loanIds: ReadonlyArray<number>,
  write: () => Promise<A>
): Promise<A> => {
  const found = (
    await sql<{ pledge_id: unknown; amount_fen: unknown; registered_fen: unknown; ib: unknown }>`
      select l.pledge_id, l.amount_fen, p.amount_fen as registered_fen, ${bucketOf("p")} as ib
      from pledge_loans l cross join pledges p where l.id in (${ids(loanIds)}) and p.id = l.pledge_id`.execute(
      db
    )
  ).rows
  const moves = found.some((r) => {
    const b = bucketOfAmount(big(r.amount_fen))
    return b === Number(r.ib) && b < bucketOfAmount(big(r.registered_fen))
  })
  if (moves) return aroundPledgesOfLoans(db, [...new Set(found.map((r) => Number(r.pledge_id)))], write)
  await applyContribution(db, { kind: "loans", ids: loanIds }, -1)
  const result = await write()
  await applyContribution(db, { kind: "loans", ids: loanIds }, 1)
  return result
}

/**
 * `insert` (new loans of the given registrations and amounts, returning their ids in that order) with the aggregates kept
 * exact: the new loans added, or, when one moves its registration to a lower 普惠 bucket, the
 * registrations' whole contributions and their enterprises' 普惠 pairs taken around it.
 */
export const insertingLoans = async (
  db: Kysely<DB>,
  loans: ReadonlyArray<{
    readonly pledgeId: number
    readonly amountFen: bigint
    /** The registration's registered amount: a loan in its bucket or above never moves it. */
    readonly registeredFen: bigint
  }>,
  insert: () => Promise<ReadonlyArray<number>>
): Promise<ReadonlyArray<number>> => {
  const pledgeIds = [
    ...new Set(
      loans
        .filter((l) => bucketOfAmount(l.amountFen) < bucketOfAmount(l.registeredFen))
        .map((l) => l.pledgeId)
    )
  ]
  const buckets = new Map<number, number>()
  for (let start = 0; start < pledgeIds.length; start += 500) {
    const found = await sql<{ id: unknown; ib: unknown }>`
      select p.id, ${bucketOf("p")} as ib from pledges p
      where p.id in (${ids(pledgeIds.slice(start, start + 500))})`.execute(db)
    for (const r of found.rows) buckets.set(Number(r.id), Number(r.ib))
  }
  const moved = [
    ...new Set(
      loans.filter((l) => bucketOfAmount(l.amountFen) < (buckets.get(l.pledgeId) ?? 0)).map((l) => l.pledgeId)
    )
  ]
  if (moved.length === 0) {
    const inserted = await insert()
    await addNewLoans(db, inserted)
    return inserted
  }
  // The moved registrations' loans (the new ones among them) are in their contributions; the others' alone.
  const movedSet = new Set(moved)
  // Their registrations' contributions around the insert (SQL); their enterprises' 普惠 pairs moved in
  // JavaScript: read once, each moved registration's bucket lowered to its new loans' (nothing else moves).
  const lowered = new Map<number, number>()
  for (const l of loans) {
    const b = bucketOfAmount(l.amountFen)
    if (movedSet.has(l.pledgeId) && b < (lowered.get(l.pledgeId) ?? inclusiveThresholds.length))
      lowered.set(l.pledgeId, b)
  }
  const pairsMoved = await inclusivePairsMoved(db, moved, lowered)
  await applyContribution(db, { kind: "pledges", ids: moved }, -1)
  const inserted = await insert()
  await applyContribution(db, { kind: "pledges", ids: moved }, 1)
  await pairsMoved()
  // `insert` returns the ids in the order of `loans`: the others' new loans added alone.
  await addNewLoans(
    db,
    inserted.filter((_, i) => !movedSet.has(loans[i]!.pledgeId))
  )
  return inserted
}

/**
 * The 普惠 enterprise pairs of the enterprises of registrations `pledgeIds` (pledge_sequence rows, each with
 * its registration's bucket, read once) as they are, and as they will be once each registration in
 * `lowered` has that bucket: returns the write of the difference (numbered as `pairsBase` numbers them:
 * per threshold, each registration's previous one of the enterprise on the same side).
 */
const inclusivePairsMoved = async (
  db: Kysely<DB>,
  pledgeIds: ReadonlyArray<number>,
  lowered: ReadonlyMap<number, number>
): Promise<() => Promise<void>> => {
  const delta = new Map<string, { dimension: string; month: string; key: string; since: string; n: number }>()
  const seen = new Set<string>()
  for (let start = 0; start < pledgeIds.length; start += 500) {
    const usccs = sql`(select up.pledgor_uscc from pledges up where up.id in (${ids(pledgeIds.slice(start, start + 500))}))`
    const rows = (
      await sql<{ pledgor_uscc: string; pledge_id: unknown; registered_on: string; ib: unknown }>`
        select s.pledgor_uscc, s.pledge_id, s.registered_on, ${bucketOf("p")} as ib
        from pledge_sequence s cross join pledges p
        where p.id = s.pledge_id and s.pledgor_uscc in ${usccs}`.execute(db)
    ).rows
    const byUscc = new Map<string, Array<{ id: number; on: string; ib: number }>>()
    for (const r of rows) {
      const list = byUscc.get(r.pledgor_uscc) ?? []
      list.push({ id: Number(r.pledge_id), on: r.registered_on, ib: Number(r.ib) })
      byUscc.set(r.pledgor_uscc, list)
    }
    for (const [uscc, list] of byUscc) {
      // An enterprise with registrations in two parts of 500 is read twice: counted once.
      if (seen.has(uscc)) continue
      seen.add(uscc)
      list.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id))
      for (const [sign, bucket] of [
        [-1, (r: { id: number; ib: number }) => r.ib],
        [1, (r: { id: number; ib: number }) => Math.min(r.ib, lowered.get(r.id) ?? r.ib)]
      ] as const)
        inclusiveThresholds.forEach((t, i) => {
          const last: [string | null, string | null] = [null, null]
          for (const r of list) {
            const side = bucket(r) <= i ? 0 : 1
            const month = r.on.slice(0, 7)
            const key = side === 0 ? "yes" : "no"
            const since = sinceMonth(last[side])
            const id = `${t}\u0000${month}\u0000${key}\u0000${since}`
            const had = delta.get(id)
            if (had === undefined) delta.set(id, { dimension: `inclusive:${t}`, month, key, since, n: sign })
            else had.n += sign
            last[side] = r.on
          }
        })
    }
  }
  return async () => {
    const rows: Array<ReadonlyArray<unknown>> = []
    for (const d of delta.values())
      if (d.n !== 0)
        rows.push([
          d.dimension,
          d.month,
          d.key,
          d.since,
          ...pairColumns.map((c) => BigInt(c === "enterprises" ? d.n : 0))
        ])
    await bulkInsert(
      db,
      "pledge_month_pairs",
      [
        ["dimension", "text"],
        ["month", "text"],
        ["key", "text"],
        ["since", "text"],
        ...pairColumns.map((c) => [c, "bigint"] as const)
      ],
      rows,
      { addOnConflict: { keys: pairKeys, columns: pairColumns } }
    )
  }
}

/** New loans' contribution: their totals (no events yet, so nothing in the pairs nor in the defaults). */
const addNewLoans = async (db: Kysely<DB>, loanIds: ReadonlyArray<number>) => {
  for (let start = 0; start < loanIds.length; start += 500)
    await upsert(
      "pledge_month_totals",
      totalKeys,
      totalColumns,
      totalsOf({ kind: "loans", ids: loanIds.slice(start, start + 500) }, 1)
    ).execute(db)
}

/** `write` (new or changed loans of registrations `pledgeIds`) with the aggregates kept exact. */
export const aroundPledgesOfLoans = async <A>(
  db: Kysely<DB>,
  pledgeIds: ReadonlyArray<number>,
  write: () => Promise<A>
): Promise<A> => {
  if (pledgeIds.length === 0) return write()
  const usccs = sql`(select up.pledgor_uscc from pledges up where up.id in (${ids(pledgeIds)}))`
  await applyInclusiveEnterprises(db, usccs, -1)
  await applyContribution(db, { kind: "pledges", ids: pledgeIds }, -1)
  const result = await write()
  await applyContribution(db, { kind: "pledges", ids: pledgeIds }, 1)
  await applyInclusiveEnterprises(db, usccs, 1)
  return result
}

/** `write` (which changes these enterprises' pledge_sequence rows) with the enterprise counts kept exact. */
export const aroundEnterprises = async <A>(
  db: Kysely<DB>,
  usccs: RawBuilder<unknown>,
  write: () => Promise<A>
): Promise<A> => {
  await applyEnterprises(db, usccs, -1)
  const result = await write()
  await applyEnterprises(db, usccs, 1)
  return result
}

/**
 * The statements that build both tables, emptied, from the records (frozen as text in migration 0026:
 * they take no parameters).
 */
export const buildStatements = (): ReadonlyArray<RawBuilder<unknown>> => [
  upsert("pledge_month_totals", totalKeys, totalColumns, totalsOf({ kind: "all" }, 1)),
  upsert("pledge_month_pairs", pairKeys, pairColumns, pairsOf(pairsBase({ kind: "all" })!, 1)),
  upsert("pledge_month_pairs", pairKeys, pairColumns, defaultsBase({ kind: "all" }, 1)!)
]

/** Both tables emptied and built again from the records. */
export const rebuildAggregates = async (db: Kysely<DB>) => {
  await sql`delete from pledge_month_totals`.execute(db)
  await sql`delete from pledge_month_pairs`.execute(db)
  for (const statement of buildStatements()) await statement.execute(db)
}

// ---------------------------------------------------------------------------------------------------------
// Proof: the stored aggregates against a full recomputation
// ---------------------------------------------------------------------------------------------------------

export type { AggregateDifference } from "../store/aggregate-differences.js"

/** Recomputes both tables from the records and lists every difference with what is stored (none: exact). */
export const aggregateDifferences = async (db: Kysely<DB>): Promise<ReadonlyArray<AggregateDifference>> => {
  const recomputedTotals = (await totalsOf({ kind: "all" }, 1).execute(db)).rows as Array<
    Record<string, unknown>
  >
  const storedTotals = (await sql`select * from pledge_month_totals`.execute(db)).rows as Array<
    Record<string, unknown>
  >
  const recomputedPairs = [
    ...(await pairsOf(pairsBase({ kind: "all" })!, 1).execute(db)).rows,
    ...(await defaultsBase({ kind: "all" }, 1)!.execute(db)).rows
  ] as Array<Record<string, unknown>>
  const storedPairs = (await sql`select * from pledge_month_pairs`.execute(db)).rows as Array<
    Record<string, unknown>
  >
  return [
    ...compareRows(
      "pledge_month_totals",
      ["dimension", "month", "key"],
      totalColumns,
      recomputedTotals,
      storedTotals
    ),
    ...compareRows(
      "pledge_month_pairs",
      ["dimension", "month", "key", "since"],
      pairColumns,
      recomputedPairs,
      storedPairs
    )
  ]
}

// ---------------------------------------------------------------------------------------------------------
// Reading them
// ---------------------------------------------------------------------------------------------------------

/** `YYYY-MM` when the period starts on a month's first day and ends on a month's last day, else undefined. */
export const monthsOf = (period: {
  readonly from: string
  readonly to: string
}): { readonly first: string; readonly last: string } | undefined => {
  if (!/^\d{4}-\d{2}-01$/.test(period.from) || !/^\d{4}-\d{2}-\d{2}$/.test(period.to)) return undefined
  const year = Number(period.to.slice(0, 4))
  const m = Number(period.to.slice(5, 7))
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate() // the 0th of the next month
  if (Number(period.to.slice(8, 10)) !== lastDay) return undefined
  return { first: period.from.slice(0, 7), last: period.to.slice(0, 7) }
}

/** Exact sum of a money column kept as billions and remainder, as text (null: no rows). */
const moneySum = (db: Kysely<DB>, column: string, when?: RawBuilder<unknown>) => {
  const part = (c: string) =>
    when === undefined ? sql.ref(c) : sql`case when ${when} then ${sql.ref(c)} else 0 end`
  const h = part(`${column}_hi`)
  const l = part(`${column}_lo`)
  return capabilitiesOf(db).dialect === "sqlite"
    ? sql<string | null>`kejin_exact_sum(sum(${h}), sum(${l}))`
    : sql<string | null>`cast(sum(${h}) * 1000000000 + sum(${l}) as text)`
}

const countSum = (column: string, when?: RawBuilder<unknown>) =>
  when === undefined
    ? sql`sum(${sql.ref(column)})`
    : sql`sum(case when ${when} then ${sql.ref(column)} else 0 end)`

export interface AggregatedGroup {
  fen: bigint
  registrations: bigint
  patents: bigint
  enterprises: bigint
  loans: bigint
  lending: bigint
  drawn: bigint
  repaid: bigint
  settled: bigint
}

type Months = { readonly first: string; readonly last: string }

/** One read of the aggregates: the groups of `dimension` (one `key`, or all) over months first..last. */
export interface GroupsRequest {
  readonly dimension: AggregateDimension
  readonly months: Months
  readonly key?: string
}

type Row = Record<string, string | number | bigint | null>

/**
 * The figures of each request's months per key of its dimension (size '' = not stated), as `figures.ts`
 * computes them from the records, and with `defaultsAt` (a month) the loans in default at its end and
 * their outstanding balance then: ONE statement (a UNION ALL of each request's totals and pairs), so that
 * on PostgreSQL a figure is one round trip.
 */
export const aggregatedRead = async (
  db: Kysely<DB>,
  requests: ReadonlyArray<GroupsRequest>,
  defaultsAt?: string
): Promise<{
  readonly groups: ReadonlyArray<Map<string, AggregatedGroup>>
  readonly defaults: { readonly loans: bigint; readonly outstanding: bigint }
}> => {
  const nothing = sql`cast(null as text)`
  const parts: Array<RawBuilder<unknown>> = []
  requests.forEach(({ dimension, months, key }, i) => {
    const inRange = sql`month >= ${months.first}`
    const onlyKey = key === undefined ? sql`` : sql`and key = ${key}`
    parts.push(sql`select ${sql.lit(i)} as q, 't' as part, key, ${moneySum(db, "reg", inRange)} as fen,
      ${countSum("registrations", inRange)} as registrations, ${countSum("patents", inRange)} as patents,
      ${countSum("loans", inRange)} as loans, ${moneySum(db, "lending", inRange)} as lending,
      ${moneySum(db, "lending")} as drawn, ${moneySum(db, "repaid")} as repaid,
      ${moneySum(db, "settled")} as settled, 0 as enterprises
    from pledge_month_totals
    where dimension = ${dimension} ${onlyKey} and month <= ${months.last}
    group by key`)
    parts.push(sql`select ${sql.lit(i)} as q, 'p' as part, key, ${moneySum(db, "change", sql`since <= ${months.last}`)},
      0, 0, 0, ${nothing}, ${nothing}, ${nothing}, ${nothing}, ${countSum("enterprises", sql`since < ${months.first}`)}
    from pledge_month_pairs
    where dimension = ${dimension} ${onlyKey} and month >= ${months.first} and month <= ${months.last}
    group by key`)
  })
  if (defaultsAt !== undefined)
    parts.push(sql`select -1, 'd', '', ${moneySum(db, "change")}, 0, 0, 0, ${nothing}, ${nothing}, ${nothing},
      ${nothing}, sum(enterprises)
    from pledge_month_pairs
    where dimension = 'default' and month <= ${defaultsAt} and key > ${defaultsAt} and since <= ${defaultsAt}`)
  const found =
    parts.length === 0
      ? []
      : (await preparedByName(sql<Row>`${sql.join(parts, sql` union all `)}`).execute(db)).rows
  const groups = requests.map(() => new Map<string, AggregatedGroup>())
  const defaults = { loans: 0n, outstanding: 0n }
  for (const r of found) {
    const q = Number(r.q)
    if (q < 0) {
      defaults.loans += big(r.enterprises)
      defaults.outstanding += big(r.fen)
      continue
    }
    const out = groups[q]!
    const k = String(r.key)
    let g = out.get(k)
    if (g === undefined) {
      g = {
        fen: 0n,
        registrations: 0n,
        patents: 0n,
        enterprises: 0n,
        loans: 0n,
        lending: 0n,
        drawn: 0n,
        repaid: 0n,
        settled: 0n
      }
      out.set(k, g)
    }
    g.fen += big(r.fen)
    g.registrations += big(r.registrations)
    g.patents += big(r.patents)
    g.loans += big(r.loans)
    g.lending += big(r.lending)
    g.drawn += big(r.drawn)
    g.repaid += big(r.repaid)
    g.settled += big(r.settled)
    g.enterprises += big(r.enterprises)
  }
  return { groups, defaults }
}

/** The figures of months first..last per key of `dimension` (one statement; see {@link aggregatedRead}). */
export const aggregatedGroups = async (
  db: Kysely<DB>,
  dimension: AggregateDimension,
  months: Months,
  key?: string
): Promise<Map<string, AggregatedGroup>> =>
  (await aggregatedRead(db, [{ dimension, months, ...(key === undefined ? {} : { key }) }])).groups[0]!

/**
 * The financing per registration month of months first..last (the registrations that count, each at the
 * amount in force at the period's end), for `dimension`/`key` ('all'/'' = everything): one statement.
 */
export const aggregatedMonths = async (
  db: Kysely<DB>,
  months: Months,
  dimension: AggregateDimension = "all",
  key = ""
): Promise<Map<string, { fen: bigint; count: number }>> => {
  const found = await preparedByName(sql<{ month: string; fen: string | null; n: unknown }>`
    select month, ${moneySum(db, "reg")} as fen, sum(registrations) as n from pledge_month_totals
    where dimension = ${dimension} and key = ${key} and month >= ${months.first} and month <= ${months.last}
    group by month
    union all
    select month, ${moneySum(db, "change")}, 0 from pledge_month_pairs
    where dimension = ${dimension} and key = ${key} and month >= ${months.first} and month <= ${months.last}
      and since <= ${months.last} and since <> ''
    group by month`).execute(db)
  const out = new Map<string, { fen: bigint; count: number }>()
  for (const r of found.rows) {
    const had = out.get(r.month) ?? { fen: 0n, count: 0 }
    out.set(r.month, { fen: had.fen + big(r.fen), count: had.count + Number(big(r.n)) })
  }
  return out
}

/** A filter the aggregates answer: a month-aligned period, and at most one of a district, a bank, a status. */
const aggregatedFilter = (filter: {
  readonly [field: string]: unknown
}):
  | { readonly months: { first: string; last: string }; dimension: AggregateDimension; key: string }
  | undefined => {
  for (const [field, value] of Object.entries(filter)) {
    if (value === undefined || (field === "includeReversed" && value === false)) continue
    if (!["from", "to", "district", "bank", "status"].includes(field)) return undefined
  }
  if ([filter.district, filter.bank, filter.status].filter((v) => v !== undefined).length > 1)
    return undefined
  if (typeof filter.from !== "string" || typeof filter.to !== "string") return undefined
  const months = monthsOf({ from: filter.from, to: filter.to })
  if (months === undefined) return undefined
  if (typeof filter.district === "string") return { months, dimension: "district", key: filter.district }
  if (typeof filter.bank === "string") return { months, dimension: "bank", key: filter.bank }
  if (typeof filter.status === "string") return { months, dimension: "status", key: filter.status }
  return { months, dimension: "all", key: "" }
}

/** {@link aggregatedMonths} kept by the store's data version (remembered.ts): read only, never changed. */
const rememberedMonths = (
  db: Kysely<DB>,
  which: { readonly months: Months; readonly dimension: AggregateDimension; readonly key: string }
) =>
  rememberedBy(db, JSON.stringify(["months", which.months, which.dimension, which.key]), () =>
    aggregatedMonths(db, which.months, which.dimension, which.key)
  )

/**
 * `totalPledges` from the aggregates, when they answer the filter (undefined: read the records): the
 * registrations that count in the period, at the amount in force at its end, and how many.
 */
export const aggregatedTotal = async (
  db: Kysely<DB>,
  filter: { readonly [field: string]: unknown }
): Promise<{ fen: bigint; count: number } | undefined> => {
  const which = aggregatedFilter(filter)
  if (which === undefined) return undefined
  let fen = 0n
  let count = 0
  for (const m of (await rememberedMonths(db, which)).values()) {
    fen += m.fen
    count += m.count
  }
  return { fen, count }
}

/** `monthlyPledges` from the aggregates, when they answer the filter (undefined: read the records). */
export const aggregatedMonthly = async (
  db: Kysely<DB>,
  filter: { readonly [field: string]: unknown }
): Promise<ReadonlyArray<{ month: string; fen: bigint; count: number }> | undefined> => {
  const which = aggregatedFilter(filter)
  if (which === undefined) return undefined
  return [...(await rememberedMonths(db, which)).entries()]
    .filter(([, m]) => m.count !== 0 || m.fen !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, m]) => ({ month, fen: m.fen, count: m.count }))
}
