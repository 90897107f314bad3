import { type Kysely, sql } from "kysely"
import { type AggregateDifference, compareRows, moneySum } from "../equity/aggregates.js"
import { capabilitiesOf } from "../store/capabilities.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import type { RecordKind } from "./schema.js"

/*
 * Maintained aggregates of the linkage pilots' volumes (migration 0027), per day, in `linkage_day_totals`
 * (kind, key, on_date): how many live (not reversed) records (`records`), a count of flagged ones
 * (`flagged`) and up to three exact money sums (`a`, `b`, `c`, each as billions + remainder), dated by
 * each record's own date — what the linkage summary (the dashboard panel and its figures) sums:
 *
 * | kind | key | flagged | a | b | c |
 * |---|---|---|---|---|---|
 * | loan | pilot | with a warrant | amount | amount with a warrant | |
 * | warrant-event | exercise / exit | | amount | | |
 * | score | '' | | | | |
 * | policy | pilot | | sum insured | premium | premium subsidy |
 * | claim | claim kind | | loss | insurer paid | payout |
 * | pool-payout | pool id | | a claim's payout from the pool | | |
 * | pool-deposit | pool id | | deposit | | |
 * | co-investment | '' | | follow-on amount | | |
 * | co-lead | lead entry id | | | | |
 * | subsidy | '' | | amount | | |
 * | bond | '' | | amount | amount to funds | |
 *
 * Per day, not per month: the summary's period ends on its as-of day, and a year is at most 366 rows per
 * key. Records are written once; `insertRecord` adds a new record's contribution and `insertReversal`
 * subtracts the reversed record's, in the write's own transaction. `linkageAggregateDifferences`
 * recomputes the table from the records (`kejin audit verify`).
 */

type Sign = 1 | -1

const lo = (x: string) => `(${x}) % 1000000000`
const hi = (x: string) => `(${x}) / 1000000000`

interface Part {
  readonly kind: string
  readonly table: string
  readonly alias: string
  readonly recordKind: RecordKind
  readonly key: string
  readonly date: string
  readonly flagged?: string
  readonly a?: string
  readonly b?: string
  readonly c?: string
  readonly where?: string
}

/** What each record kind contributes: one base row per record and part. */
const parts: ReadonlyArray<Part> = [
  {
    kind: "loan",
    table: "linkage_loans",
    alias: "l",
    recordKind: "loan",
    key: "l.pilot",
    date: "l.disbursed_on",
    flagged: "case when l.warrant_equity_percent is not null then 1 else 0 end",
    a: "l.amount_fen",
    b: "case when l.warrant_equity_percent is not null then l.amount_fen else 0 end"
  },
  {
    kind: "warrant-event",
    table: "linkage_warrant_events",
    alias: "w",
    recordKind: "warrant-event",
    key: "w.kind",
    date: "w.on_date",
    a: "w.amount_fen"
  },
  { kind: "score", table: "linkage_scores", alias: "s", recordKind: "score", key: "''", date: "s.scored_on" },
  {
    kind: "policy",
    table: "linkage_policies",
    alias: "p",
    recordKind: "policy",
    key: "p.pilot",
    date: "p.starts_on",
    a: "p.sum_insured_fen",
    b: "p.premium_fen",
    c: "p.premium_subsidy_fen"
  },
  {
    kind: "claim",
    table: "linkage_claims",
    alias: "c",
    recordKind: "claim",
    key: "c.kind",
    date: "c.on_date",
    a: "c.loss_fen",
    b: "c.insurer_paid_fen",
    c: "c.payout_fen"
  },
  {
    kind: "pool-payout",
    table: "linkage_claims",
    alias: "c",
    recordKind: "claim",
    key: "cast(c.pool_id as text)",
    date: "c.on_date",
    a: "c.payout_fen",
    where: "c.pool_id is not null"
  },
  {
    kind: "pool-deposit",
    table: "linkage_pool_deposits",
    alias: "d",
    recordKind: "deposit",
    key: "cast(d.pool_id as text)",
    date: "d.on_date",
    a: "d.amount_fen"
  },
  {
    kind: "co-investment",
    table: "linkage_co_investments",
    alias: "ci",
    recordKind: "co-investment",
    key: "''",
    date: "ci.on_date",
    a: "ci.amount_fen"
  },
  {
    kind: "co-lead",
    table: "linkage_co_investments",
    alias: "ci",
    recordKind: "co-investment",
    key: "cast(ci.lead_id as text)",
    date: "ci.on_date"
  },
  {
    kind: "subsidy",
    table: "linkage_subsidies",
    alias: "s",
    recordKind: "subsidy",
    key: "''",
    date: "s.on_date",
    a: "s.amount_fen"
  },
  {
    kind: "bond",
    table: "linkage_bonds",
    alias: "bd",
    recordKind: "bond",
    key: "''",
    date: "bd.issued_on",
    a: "bd.amount_fen",
    b: "case when bd.proceeds_fund_id is not null then bd.amount_fen else 0 end"
  }
]

const keys = ["kind", "key", "on_date"] as const
const columns = ["records", "flagged", "a_hi", "a_lo", "b_hi", "b_lo", "c_hi", "c_lo"] as const

/** A part's rows grouped per day and key, for `ids` of its records or (undefined) every live record. */
const partRows = (part: Part, ids: ReadonlyArray<number> | undefined, sign: Sign) => {
  const x = part.alias
  const scope =
    ids === undefined
      ? `not exists (select 1 from linkage_reversals rv where rv.record_kind = '${part.recordKind}' and rv.record_id = ${x}.id)`
      : `${x}.id in (${ids.length === 0 ? "-1" : ids.map((n) => String(Math.trunc(n))).join(", ")})`
  const money = (m: string | undefined, side: (e: string) => string) =>
    m === undefined ? "0" : `sum(${side(m)}) * ${sign}`
  return `select '${part.kind}' as kind, ${part.key} as key, ${part.date} as on_date, count(*) * ${sign} as records,
    ${part.flagged === undefined ? "0" : `sum(${part.flagged}) * ${sign}`} as flagged,
    ${money(part.a, hi)} as a_hi, ${money(part.a, lo)} as a_lo, ${money(part.b, hi)} as b_hi,
    ${money(part.b, lo)} as b_lo, ${money(part.c, hi)} as c_hi, ${money(part.c, lo)} as c_lo
    from ${part.table} ${x} where ${scope}${part.where === undefined ? "" : ` and ${part.where}`}
    group by ${part.key === "''" ? "" : `${part.key}, `}${part.date}`
}

/** The tables whose records the aggregates count, by record kind. */
export const aggregatedTables: Readonly<Partial<Record<string, RecordKind>>> = Object.fromEntries(
  parts.map((p) => [p.table, p.recordKind])
)

/** Adds (1) or subtracts (−1) what records `ids` of `kind` contribute (no-op for a kind not counted). */
export const applyLinkageRecords = async (
  db: Kysely<DB>,
  kind: RecordKind,
  ids: ReadonlyArray<number>,
  sign: Sign
) => {
  for (const part of parts.filter((p) => p.recordKind === kind)) {
    await sql
      .raw(`insert into linkage_day_totals (${[...keys, ...columns].join(", ")})
      select ${[...keys, ...columns].map((c) => `g.${c}`).join(", ")} from (${partRows(part, ids, sign)}) g where true
      on conflict (${keys.join(", ")}) do update set
      ${columns.map((c) => `${c} = linkage_day_totals.${c} + excluded.${c}`).join(", ")}`)
      .execute(db)
  }
}

const recomputed = () => parts.map((p) => partRows(p, undefined, 1)).join(" union all ")

/** The table emptied and built again from the records. */
export const rebuildLinkageAggregates = async (db: Kysely<DB>) => {
  await sql`delete from linkage_day_totals`.execute(db)
  await sql
    .raw(`insert into linkage_day_totals (${[...keys, ...columns].join(", ")}) ${recomputed()}`)
    .execute(db)
}

/** Recomputes `linkage_day_totals` from the records: every difference with what is stored (none: exact). */
export const linkageAggregateDifferences = async (
  db: Kysely<DB>
): Promise<ReadonlyArray<AggregateDifference>> => {
  const want = (await sql.raw(recomputed()).execute(db)).rows as Array<Record<string, unknown>>
  const have = (await sql`select * from linkage_day_totals`.execute(db)).rows as Array<
    Record<string, unknown>
  >
  return compareRows("linkage_day_totals", keys, columns, want, have)
}

// ---------------------------------------------------------------------------------------------------------
// Reading them
// ---------------------------------------------------------------------------------------------------------

export interface DayTotals {
  readonly records: number
  readonly flagged: number
  readonly a: bigint
  readonly b: bigint
  readonly c: bigint
}

const ZERO: DayTotals = { records: 0, flagged: 0, a: 0n, b: 0n, c: 0n }

/**
 * The totals of `kind` per key over the days of the period (both ends inclusive, open where undefined), in
 * one statement; `totalsOf(map, key)` reads a key absent from it as zeros.
 */
export const linkageTotals = async (
  db: Kysely<DB>,
  kinds: ReadonlyArray<string>,
  period: { readonly from?: string | undefined; readonly to?: string | undefined }
): Promise<Map<string, DayTotals>> => {
  const rows = await sql<Record<string, string | number | bigint | null>>`
    select kind, key, sum(records) as records, sum(flagged) as flagged, ${moneySum(db, "a")} as a,
      ${moneySum(db, "b")} as b, ${moneySum(db, "c")} as c
    from linkage_day_totals
    where kind in (${sql.join(kinds)})
      ${period.from === undefined ? sql`` : sql`and on_date >= ${period.from}`}
      ${period.to === undefined ? sql`` : sql`and on_date <= ${period.to}`}
    group by kind, key`.execute(db)
  const out = new Map<string, DayTotals>()
  for (const r of rows.rows)
    out.set(`${r.kind}/${r.key}`, {
      records: toInt(r.records ?? 0),
      flagged: toInt(r.flagged ?? 0),
      a: toBigInt(r.a ?? 0),
      b: toBigInt(r.b ?? 0),
      c: toBigInt(r.c ?? 0)
    })
  return out
}

export const totalsOf = (
  totals: Map<string, DayTotals>,
  kind: string,
  key: string | number = ""
): DayTotals => totals.get(`${kind}/${key}`) ?? ZERO

/**
 * The lead investments of the live co-investments dated in the period, each once: their count and the
 * exact sum of their amounts (the summary's lead amount).
 */
export const aggregatedCoInvestmentLeads = async (
  db: Kysely<DB>,
  period: { readonly from: string; readonly to: string }
): Promise<{ readonly count: number; readonly fen: bigint }> => {
  const id = sql`cast(t.key as ${sql.raw(capabilitiesOf(db).bigint as string)})`
  const row = await sql<{ n: string | number | bigint; fen: string | null }>`
    select count(*) as n, ${capabilitiesOf(db).exactSum(sql`e.amount_fen`)} as fen
    from fund_entries e where e.id in (
      select ${id} from linkage_day_totals t
      where t.kind = 'co-lead' and t.on_date >= ${period.from} and t.on_date <= ${period.to}
      group by t.key having sum(t.records) > 0)`.execute(db)
  return { count: toInt(row.rows[0]?.n ?? 0), fen: toBigInt(row.rows[0]?.fen ?? "0") }
}
