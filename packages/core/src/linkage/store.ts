import type { Decimal } from "decimal.js"
import {
  type Expression,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql
} from "kysely"
import { fromFen, Yuan } from "../money/index.js"
import { capabilitiesOf } from "../store/capabilities.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import {
  aggregatedCoInvestmentLeads,
  aggregatedTables,
  applyLinkageRecords,
  linkageTotals,
  totalsOf
} from "./aggregates.js"
import { live, reversedBy } from "./live.js"
import type { PayoutLimit, PoolMovement } from "./rules.js"
import type {
  Bond,
  Claim,
  ClaimKind,
  CoInvestment,
  EnterpriseRef,
  FollowerKind,
  InstitutionRef,
  InterestSubsidy,
  InvestmentRef,
  LinkageLoan,
  LinkagePeriod,
  LinkageReversal,
  LoanPilot,
  Policy,
  PolicyPilot,
  Pool,
  PoolDeposit,
  PoolKind,
  PoolRule,
  RecordKind,
  ScoreSnapshot,
  TierTable,
  WarrantEvent
} from "./schema.js"

/** Kysely queries for the linkage pilots. Plain promises: the service wraps them in Effect. */

type Int = number | bigint | string

const dec = (text: string): Decimal => new Yuan(text)
const fen = (value: Int | null): Decimal => fromFen(toBigInt(value))
const fenOrNull = (value: Int | null): Decimal | null => (value === null ? null : fromFen(toBigInt(value)))
const idOrNull = (value: Int | null): number | null => (value === null ? null : toInt(value))
const dimensions = (json: string): Record<string, Decimal> =>
  Object.fromEntries(Object.entries(JSON.parse(json) as Record<string, string>).map(([k, v]) => [k, dec(v)]))

const enterpriseRef = (id: Int | null, uscc: string | null, name: string | null): EnterpriseRef | null =>
  id === null ? null : { id: toInt(id), uscc: uscc ?? "", name: name ?? "" }

const institutionRef = (id: Int | null, name: string | null): InstitutionRef | null =>
  id === null ? null : { id: toInt(id), name: name ?? "" }

const investmentRef = (
  id: Int | null,
  fund: string | null,
  on: string | null,
  amountFen: Int | null,
  round: string | null
): InvestmentRef | null =>
  id === null ? null : { id: toInt(id), fund: fund ?? "", on: on ?? "", amount: fen(amountFen), round }

/** Common list filters: dates are the record's own date (disbursed, starts, claimed, …), both inclusive. */
export interface RecordFilter {
  readonly ids?: ReadonlyArray<number> | undefined
  readonly enterpriseId?: number | undefined
  readonly enterpriseUscc?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  /** Default true. */
  readonly includeReversed?: boolean | undefined
  /** A condition on the list's query (its declared search, `ListShape`: `lists.ts` `withShape`). */
  readonly where?: RawBuilder<SqlBool> | undefined
  /** A money column of the list's query (fen) whose sum its count also reads (`ListShape.sum`). */
  readonly sum?: string | undefined
}

/** A list's count, and with `RecordFilter.sum` the exact sum of that column over the same rows (fen). */
export type ListCount = number | { readonly count: number; readonly fen: bigint }

const idList = (ids: ReadonlyArray<number>) => (ids.length > 0 ? ids : [-1])

/**
 * One page of a list: `limit` rows from `offset`, in the list's own (stable) order; or, for the exports'
 * keyset reads, `limit` rows after the record whose id is `after` (offset ignored), one index range
 * however deep the page is.
 */
export interface PageWindow {
  readonly limit: number
  readonly offset: number
  readonly after?: number | undefined
  /**
   * Another order (a declared sort, `ListShape`): this column of the list's query, then the id, both in
   * this direction; pages by `offset` only (a keyset read keeps the list's own order).
   */
  readonly order?: { readonly column: string; readonly descending: boolean } | undefined
}

/**
 * A list's order: the columns of its table (`alias` in the query) it is sorted by, ascending, ending with
 * the unique `id`, so that a row's place in the list is its values of them.
 */
interface ListOrder {
  readonly table: string
  readonly alias: string
  readonly columns: readonly [...ReadonlyArray<string>, "id"]
}

/**
 * `query` in the list's `order`, cut to `page` in SQL (the whole list without one). A keyset page (`after`)
 * keeps the rows whose order values come after the `after` record's (a row-value comparison, which both
 * SQLite and PostgreSQL read as one index range).
 */
const windowed = <Q extends SelectQueryBuilder<DB, never, unknown>>(
  query: Q,
  order: ListOrder,
  page?: PageWindow
): Q => {
  const refs = (alias: string) => sql.join(order.columns.map((column) => sql.ref(`${alias}.${column}`)))
  if (page?.order !== undefined) {
    const direction = page.order.descending ? "desc" : "asc"
    return query
      .orderBy(sql.ref(page.order.column), direction)
      .orderBy(sql.ref(`${order.alias}.id`), direction)
      .limit(page.limit)
      .offset(page.offset) as Q
  }
  let ordered = order.columns.reduce<Q>(
    (q, column) => q.orderBy(sql.ref(`${order.alias}.${column}`)) as Q,
    query
  )
  if (page === undefined) return ordered
  if (page.after !== undefined)
    ordered = ordered.where(
      sql<boolean>`(${refs(order.alias)}) > (select ${refs("k")} from ${sql.table(order.table)} as k where k.id = ${page.after})`
    ) as Q
  return ordered.limit(page.limit).offset(page.after === undefined ? page.offset : 0) as Q
}

/** The exact sum of a fen column or expression, as text (never a float; exact past 2^63 on SQLite too). */
const fenSum = (db: Kysely<DB>, ref: string | RawBuilder<unknown>) =>
  capabilitiesOf(db).exactSum(typeof ref === "string" ? sql.ref(ref) : ref)
const countAll = sql<string | number | bigint>`count(*)`

/** The `count(*)` of a query's first row. */
const counted = (row: { readonly n: string | number | bigint } | undefined): number => toInt(row?.n ?? 0)

/**
 * A list query's count and, when the filter names a column to sum (`sum`), that column's exact sum over
 * the same rows, in one statement.
 */
const countedWith = async <Q extends SelectQueryBuilder<DB, never, unknown>>(
  db: Kysely<DB>,
  query: Q,
  filter: RecordFilter
): Promise<ListCount> => {
  if (filter.sum === undefined)
    return counted(
      (await query.select(countAll.as("n")).executeTakeFirst()) as { n: string | number | bigint }
    )
  const row = (await query.select([countAll.as("n"), fenSum(db, filter.sum).as("fen")]).executeTakeFirst()) as
    | { n: string | number | bigint; fen: string | null }
    | undefined
  return { count: counted(row), fen: toBigInt(row?.fen ?? "0") }
}

/**
 * Where a list's common filters (`RecordFilter`) apply in its query: the alias of the record's table, its
 * reversal kind (`includeReversed: false` keeps the live records), its own date column (`from`, `to`), and
 * its enterprise column (`enterpriseId`; the query joins that enterprise as `e` for `enterpriseUscc`).
 */
interface FilterPlace {
  readonly alias: string
  readonly kind: RecordKind
  readonly date?: string
  readonly enterprise?: string
}

/** A list's own conditions: a column of the record's table equal to the value, or in the ids, where given. */
type Equal = Readonly<Record<string, string | number | ReadonlyArray<number> | undefined>>

/** `query` kept to the rows `filter` and the list's own `equal` conditions ask for. */
const filtered = <Q extends SelectQueryBuilder<DB, never, unknown>>(
  query: Q,
  filter: RecordFilter,
  place: FilterPlace,
  equal: Equal = {}
): Q => {
  const column = (name: string) => sql.ref(`${place.alias}.${name}`)
  const conditions: Array<Expression<SqlBool>> = []
  const equalities: Equal = {
    id: filter.ids,
    ...(place.enterprise === undefined ? {} : { [place.enterprise]: filter.enterpriseId }),
    ...equal
  }
  for (const [name, value] of Object.entries(equalities)) {
    if (value === undefined) continue
    conditions.push(
      typeof value === "object"
        ? sql<SqlBool>`${column(name)} in (${sql.join(idList(value))})`
        : sql<SqlBool>`${column(name)} = ${value}`
    )
  }
  if (place.enterprise !== undefined && filter.enterpriseUscc !== undefined)
    conditions.push(sql<SqlBool>`${sql.ref("e.uscc")} = ${filter.enterpriseUscc}`)
  if (place.date !== undefined && filter.from !== undefined)
    conditions.push(sql<SqlBool>`${column(place.date)} >= ${filter.from}`)
  if (place.date !== undefined && filter.to !== undefined)
    conditions.push(sql<SqlBool>`${column(place.date)} <= ${filter.to}`)
  if (filter.includeReversed === false) conditions.push(live(place.kind, `${place.alias}.id`))
  if (filter.where !== undefined) conditions.push(filter.where)
  return conditions.reduce<Q>((q, condition) => q.where(condition) as Q, query)
}

type JournaledTable = {
  [T in keyof DB]: DB[T] extends { readonly journal_id: unknown; readonly id: unknown } ? T : never
}[keyof DB]

/** A record's row as written, but for the journal entry that writes it. */
type Row<T extends JournaledTable> = Omit<Insertable<DB[T]>, "journal_id">

/** Inserts one record's row, written by the journal entry `journalSeq`; its id. */
const insertRecord = async <T extends JournaledTable>(
  db: Kysely<DB>,
  table: T,
  row: Row<T>,
  journalSeq: number
): Promise<number> => {
  const inserted = await db
    .insertInto(table)
    .values({ ...row, journal_id: journalSeq } as never)
    .returning(sql<Int>`id`.as("id"))
    .executeTakeFirstOrThrow()
  // The pilots' per day volumes (aggregates.ts), kept in the same transaction.
  const kind = aggregatedTables[table]
  if (kind !== undefined) await applyLinkageRecords(db, kind, [toInt(inserted.id)], 1)
  return toInt(inserted.id)
}

export const insertReversal = async (
  db: Kysely<DB>,
  row: { kind: RecordKind; recordId: number; on: string; reason: string },
  journalSeq: number
) => {
  await applyLinkageRecords(db, row.kind, [row.recordId], -1)
  return insertRecord(
    db,
    "linkage_reversals",
    {
      record_kind: row.kind,
      record_id: row.recordId,
      on_date: row.on,
      reason: row.reason
    },
    journalSeq
  )
}

export const findReversal = async (
  db: Kysely<DB>,
  where: { id?: number; kind?: RecordKind; recordId?: number }
): Promise<LinkageReversal | undefined> => {
  let query = db.selectFrom("linkage_reversals").selectAll()
  if (where.id !== undefined) query = query.where("id", "=", where.id)
  if (where.kind !== undefined) query = query.where("record_kind", "=", where.kind)
  if (where.recordId !== undefined) query = query.where("record_id", "=", where.recordId)
  const r = await query.executeTakeFirst()
  return r === undefined
    ? undefined
    : {
        id: toInt(r.id),
        kind: r.record_kind as RecordKind,
        recordId: toInt(r.record_id),
        on: r.on_date,
        reason: r.reason,
        journalSeq: toInt(r.journal_id)
      }
}

/** Every reversal, oldest first (or one page of them). */
export const findReversals = async (
  db: Kysely<DB>,
  page?: PageWindow
): Promise<ReadonlyArray<LinkageReversal>> => {
  const rows = await windowed(
    db.selectFrom("linkage_reversals").selectAll(),
    { table: "linkage_reversals", alias: "linkage_reversals", columns: ["id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    kind: r.record_kind as RecordKind,
    recordId: toInt(r.record_id),
    on: r.on_date,
    reason: r.reason,
    journalSeq: toInt(r.journal_id)
  }))
}

export const countReversals = async (db: Kysely<DB>): Promise<number> =>
  counted(await db.selectFrom("linkage_reversals").select(countAll.as("n")).executeTakeFirst())

// ---------------------------------------------------------------------------------------------------------
// Loans and warrant events
// ---------------------------------------------------------------------------------------------------------

export interface LoanFilter extends RecordFilter {
  readonly pilot?: LoanPilot | undefined
  readonly scoreId?: number | undefined
}

export const insertLoan = (db: Kysely<DB>, row: Row<"linkage_loans">, journalSeq: number) =>
  insertRecord(db, "linkage_loans", row, journalSeq)

const loansQuery = (db: Kysely<DB>, filter: LoanFilter) => {
  const query = db
    .selectFrom("linkage_loans as l")
    .innerJoin("institutions as b", "b.id", "l.bank_id")
    .innerJoin("enterprises as e", "e.id", "l.enterprise_id")
    .leftJoin("fund_entries as i", "i.id", "l.investment_id")
    .leftJoin("funds as f", "f.id", "i.fund_id")
    .leftJoin("funds as hf", "hf.id", "l.warrant_holder_fund_id")
  return filtered(
    query,
    filter,
    { alias: "l", kind: "loan", date: "disbursed_on", enterprise: "enterprise_id" },
    { pilot: filter.pilot, score_id: filter.scoreId }
  )
}

export const countLoans = (db: Kysely<DB>, filter: LoanFilter = {}): Promise<ListCount> =>
  countedWith(db, loansQuery(db, filter), filter)

/** Loans by disbursement date, then id (or one page of them). */
export const findLoans = async (
  db: Kysely<DB>,
  filter: LoanFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<LinkageLoan>> => {
  const query = loansQuery(db, filter)
    .selectAll("l")
    .select([
      "b.name as bank_name",
      "e.uscc as enterprise_uscc",
      "e.name as enterprise_name",
      "i.on_date as investment_on",
      "i.amount_fen as investment_fen",
      "i.round as investment_round",
      "f.code as investment_fund",
      "hf.code as holder_fund",
      reversedBy("loan", "l.id")
    ])
  const rows = await windowed(
    query,
    { table: "linkage_loans", alias: "l", columns: ["disbursed_on", "id"] },
    page
  ).execute()
  return rows.map(
    (r): LinkageLoan => ({
      id: toInt(r.id),
      pilot: r.pilot as LoanPilot,
      bank: { id: toInt(r.bank_id), name: r.bank_name },
      enterprise: { id: toInt(r.enterprise_id), uscc: r.enterprise_uscc, name: r.enterprise_name },
      amount: fen(r.amount_fen),
      ratePercent: dec(r.rate_percent),
      disbursedOn: r.disbursed_on,
      maturesOn: r.matures_on,
      investment: investmentRef(
        r.investment_id,
        r.investment_fund,
        r.investment_on,
        r.investment_fen,
        r.investment_round
      ),
      warrant:
        r.warrant_equity_percent === null
          ? null
          : {
              holder: r.warrant_holder ?? "",
              holderFund: r.holder_fund,
              equityPercent: dec(r.warrant_equity_percent),
              strikeBasis: r.warrant_strike_basis ?? "",
              strikeValuation: fenOrNull(r.warrant_strike_valuation_fen),
              expiresOn: r.warrant_expires_on ?? ""
            },
      score:
        r.score_id === null
          ? null
          : {
              id: toInt(r.score_id),
              modelVersion: r.score_model_version ?? "",
              scoredOn: r.score_scored_on ?? "",
              total: dec(r.score_total ?? "0"),
              dimensions: dimensions(r.score_dimensions ?? "{}"),
              tier: r.score_tier ?? "",
              limit: fen(r.score_limit_fen)
            },
      journalSeq: toInt(r.journal_id),
      reversedBy: idOrNull(r.reversed_by)
    })
  )
}

export const insertWarrantEvent = async (
  db: Kysely<DB>,
  row: { loanId: number; kind: "exercise" | "exit"; on: string; equityPercent: string; amountFen: bigint },
  journalSeq: number
) => {
  return insertRecord(
    db,
    "linkage_warrant_events",
    {
      loan_id: row.loanId,
      kind: row.kind,
      on_date: row.on,
      equity_percent: row.equityPercent,
      amount_fen: row.amountFen
    },
    journalSeq
  )
}

type WarrantEventFilter = RecordFilter & { loanId?: number; loanIds?: ReadonlyArray<number> }

const warrantEventsQuery = (db: Kysely<DB>, filter: WarrantEventFilter) => {
  const query = db.selectFrom("linkage_warrant_events as w")
  return filtered(
    query,
    filter,
    { alias: "w", kind: "warrant-event", date: "on_date" },
    { loan_id: filter.loanId ?? filter.loanIds }
  )
}

export const countWarrantEvents = async (db: Kysely<DB>, filter: WarrantEventFilter): Promise<number> =>
  counted(await warrantEventsQuery(db, filter).select(countAll.as("n")).executeTakeFirst())

/** Warrant events by date, then id (or one page of them). */
export const findWarrantEvents = async (
  db: Kysely<DB>,
  filter: WarrantEventFilter,
  page?: PageWindow
): Promise<ReadonlyArray<WarrantEvent>> => {
  const query = warrantEventsQuery(db, filter).selectAll("w").select(reversedBy("warrant-event", "w.id"))
  const rows = await windowed(
    query,
    { table: "linkage_warrant_events", alias: "w", columns: ["on_date", "id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    loan: toInt(r.loan_id),
    kind: r.kind as "exercise" | "exit",
    on: r.on_date,
    equityPercent: dec(r.equity_percent),
    amount: fen(r.amount_fen),
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

// ---------------------------------------------------------------------------------------------------------
// Index model: tier tables and score snapshots
// ---------------------------------------------------------------------------------------------------------

export const insertTierTable = async (
  db: Kysely<DB>,
  row: {
    modelVersion: string
    maxScore: string | null
    tiers: ReadonlyArray<{ tier: string; minScore: string; limitFen: bigint }>
  },
  journalSeq: number
) => {
  const id = await insertRecord(
    db,
    "linkage_tier_tables",
    { model_version: row.modelVersion, max_score: row.maxScore },
    journalSeq
  )
  await db
    .insertInto("linkage_tiers")
    .values(
      row.tiers.map((t) => ({ table_id: id, tier: t.tier, min_score: t.minScore, limit_fen: t.limitFen }))
    )
    .execute()
  return id
}

type TierTableFilter = {
  ids?: ReadonlyArray<number>
  modelVersion?: string
  includeReversed?: boolean | undefined
}

const tierTablesQuery = (db: Kysely<DB>, filter: TierTableFilter) => {
  const query = db.selectFrom("linkage_tier_tables as t")
  return filtered(query, filter, { alias: "t", kind: "tier-table" }, { model_version: filter.modelVersion })
}

export const countTierTables = async (db: Kysely<DB>, filter: TierTableFilter = {}): Promise<number> =>
  counted(await tierTablesQuery(db, filter).select(countAll.as("n")).executeTakeFirst())

/** Tier tables by id (or one page of them), each with its tiers. */
export const findTierTables = async (
  db: Kysely<DB>,
  filter: TierTableFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<TierTable>> => {
  const query = tierTablesQuery(db, filter).selectAll("t").select(reversedBy("tier-table", "t.id"))
  const rows = await windowed(
    query,
    { table: "linkage_tier_tables", alias: "t", columns: ["id"] },
    page
  ).execute()
  if (rows.length === 0) return []
  const tiers = await db
    .selectFrom("linkage_tiers")
    .selectAll()
    .where(
      "table_id",
      "in",
      rows.map((r) => r.id)
    )
    .execute()
  return rows.map((r) => {
    const own = tiers
      .filter((t) => toInt(t.table_id) === toInt(r.id))
      .map((t) => ({ tier: t.tier, from: dec(t.min_score), limit: fen(t.limit_fen) }))
      .sort((a, b) => a.from.comparedTo(b.from))
    return {
      id: toInt(r.id),
      modelVersion: r.model_version,
      maxScore: r.max_score === null ? null : dec(r.max_score),
      tiers: own.map((t, i) => ({ ...t, to: own[i + 1]?.from ?? null })),
      journalSeq: toInt(r.journal_id),
      reversedBy: idOrNull(r.reversed_by)
    }
  })
}

export const insertScore = async (
  db: Kysely<DB>,
  row: {
    enterpriseId: number
    modelVersion: string
    tableId: number
    scoredOn: string
    total: string
    dimensions: string
    tier: string | null
    limitFen: bigint | null
  },
  journalSeq: number
) => {
  return insertRecord(
    db,
    "linkage_scores",
    {
      enterprise_id: row.enterpriseId,
      model_version: row.modelVersion,
      table_id: row.tableId,
      scored_on: row.scoredOn,
      total: row.total,
      dimensions: row.dimensions,
      tier: row.tier,
      limit_fen: row.limitFen
    },
    journalSeq
  )
}

type ScoreFilter = RecordFilter & { tableId?: number }

const scoresQuery = (db: Kysely<DB>, filter: ScoreFilter) => {
  const query = db.selectFrom("linkage_scores as s").innerJoin("enterprises as e", "e.id", "s.enterprise_id")
  return filtered(
    query,
    filter,
    { alias: "s", kind: "score", date: "scored_on", enterprise: "enterprise_id" },
    { table_id: filter.tableId }
  )
}

export const countScores = (db: Kysely<DB>, filter: ScoreFilter = {}): Promise<ListCount> =>
  countedWith(db, scoresQuery(db, filter), filter)

/** Score snapshots by date, then id (or one page of them). */
export const findScores = async (
  db: Kysely<DB>,
  filter: ScoreFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<ScoreSnapshot>> => {
  const query = scoresQuery(db, filter)
    .selectAll("s")
    .select(["e.uscc as enterprise_uscc", "e.name as enterprise_name", reversedBy("score", "s.id")])
  const rows = await windowed(
    query,
    { table: "linkage_scores", alias: "s", columns: ["scored_on", "id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    enterprise: { id: toInt(r.enterprise_id), uscc: r.enterprise_uscc, name: r.enterprise_name },
    modelVersion: r.model_version,
    tierTable: toInt(r.table_id),
    scoredOn: r.scored_on,
    total: dec(r.total),
    dimensions: dimensions(r.dimensions),
    tier: r.tier,
    limit: fenOrNull(r.limit_fen),
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

// ---------------------------------------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------------------------------------

export const insertPolicy = (db: Kysely<DB>, row: Row<"linkage_policies">, journalSeq: number) =>
  insertRecord(db, "linkage_policies", row, journalSeq)

type PolicyFilter = RecordFilter & { pilot?: PolicyPilot | undefined }

const policiesQuery = (db: Kysely<DB>, filter: PolicyFilter) => {
  const query = db
    .selectFrom("linkage_policies as p")
    .innerJoin("institutions as ins", "ins.id", "p.insurer_id")
    .leftJoin("enterprises as ie", "ie.id", "p.insured_enterprise_id")
    .leftJoin("enterprises as e", "e.id", "p.enterprise_id")
    .leftJoin("funds as inf", "inf.id", "p.insured_fund_id")
    .leftJoin("funds as lf", "lf.id", "p.fund_id")
    .leftJoin("fund_entries as i", "i.id", "p.investment_id")
    .leftJoin("funds as f", "f.id", "i.fund_id")
  return filtered(
    query,
    filter,
    { alias: "p", kind: "policy", date: "starts_on", enterprise: "enterprise_id" },
    { pilot: filter.pilot }
  )
}

export const countPolicies = (db: Kysely<DB>, filter: PolicyFilter = {}): Promise<ListCount> =>
  countedWith(db, policiesQuery(db, filter), filter)

/** Policies by start date, then id (or one page of them). */
export const findPolicies = async (
  db: Kysely<DB>,
  filter: PolicyFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<Policy>> => {
  const query = policiesQuery(db, filter)
    .selectAll("p")
    .select([
      "ins.name as insurer_name",
      "ie.uscc as insured_uscc",
      "ie.name as insured_name",
      "e.uscc as enterprise_uscc",
      "e.name as enterprise_name",
      "inf.code as insured_fund_code",
      "lf.code as fund_code",
      "i.on_date as investment_on",
      "i.amount_fen as investment_fen",
      "i.round as investment_round",
      "f.code as investment_fund",
      reversedBy("policy", "p.id")
    ])
  const rows = await windowed(
    query,
    { table: "linkage_policies", alias: "p", columns: ["starts_on", "id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    pilot: r.pilot as PolicyPilot,
    policyNo: r.policy_no,
    insurer: { id: toInt(r.insurer_id), name: r.insurer_name },
    insuredEnterprise: enterpriseRef(r.insured_enterprise_id, r.insured_uscc, r.insured_name),
    insuredFund: r.insured_fund_code,
    investment: investmentRef(
      r.investment_id,
      r.investment_fund,
      r.investment_on,
      r.investment_fen,
      r.investment_round
    ),
    fund: r.fund_code,
    insurerCommitment: idOrNull(r.insurer_commitment_id),
    enterprise: enterpriseRef(r.enterprise_id, r.enterprise_uscc, r.enterprise_name),
    sumInsured: fen(r.sum_insured_fen),
    premium: fen(r.premium_fen),
    premiumSubsidy: fen(r.premium_subsidy_fen),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

// ---------------------------------------------------------------------------------------------------------
// Pools: the pool, its rules (versioned by effective date), deposits; payouts are on claims
// ---------------------------------------------------------------------------------------------------------

export const insertPool = async (
  db: Kysely<DB>,
  row: { code: string; name: string; kind: PoolKind; openedOn: string; backer: string | null },
  journalSeq: number
) => {
  return insertRecord(
    db,
    "linkage_pools",
    {
      code: row.code,
      name: row.name,
      kind: row.kind,
      opened_on: row.openedOn,
      backer: row.backer
    },
    journalSeq
  )
}

export const insertPoolRule = async (
  db: Kysely<DB>,
  row: { poolId: number; effectiveFrom: string; ratio: string; capFen: bigint | null },
  journalSeq: number
) => {
  return insertRecord(
    db,
    "linkage_pool_rules",
    {
      pool_id: row.poolId,
      effective_from: row.effectiveFrom,
      ratio: row.ratio,
      cap_fen: row.capFen
    },
    journalSeq
  )
}

export const insertDeposit = async (
  db: Kysely<DB>,
  row: { poolId: number; on: string; amountFen: bigint; source: string | null },
  journalSeq: number
) => {
  return insertRecord(
    db,
    "linkage_pool_deposits",
    {
      pool_id: row.poolId,
      on_date: row.on,
      amount_fen: row.amountFen,
      source: row.source
    },
    journalSeq
  )
}

export const findPoolRules = async (
  db: Kysely<DB>,
  filter: { ids?: ReadonlyArray<number>; poolIds?: ReadonlyArray<number>; includeReversed?: boolean }
): Promise<ReadonlyArray<PoolRule & { poolId: number }>> => {
  let query = db.selectFrom("linkage_pool_rules as r").innerJoin("linkage_pools as p", "p.id", "r.pool_id")
  if (filter.ids !== undefined) query = query.where("r.id", "in", idList(filter.ids))
  if (filter.poolIds !== undefined) query = query.where("r.pool_id", "in", idList(filter.poolIds))
  if (filter.includeReversed === false) query = query.where(live("pool-rule", "r.id"))
  const rows = await query
    .selectAll("r")
    .select(["p.code as pool_code", reversedBy("pool-rule", "r.id")])
    .orderBy("r.effective_from")
    .orderBy("r.id")
    .execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    poolId: toInt(r.pool_id),
    pool: r.pool_code,
    effectiveFrom: r.effective_from,
    ratio: dec(r.ratio),
    cap: fenOrNull(r.cap_fen),
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

type DepositFilter = RecordFilter & { poolIds?: ReadonlyArray<number> }

const depositsQuery = (db: Kysely<DB>, filter: DepositFilter) => {
  const query = db
    .selectFrom("linkage_pool_deposits as d")
    .innerJoin("linkage_pools as p", "p.id", "d.pool_id")
  return filtered(
    query,
    filter,
    { alias: "d", kind: "deposit", date: "on_date" },
    { pool_id: filter.poolIds }
  )
}

export const countDeposits = async (db: Kysely<DB>, filter: DepositFilter): Promise<number> =>
  counted(await depositsQuery(db, filter).select(countAll.as("n")).executeTakeFirst())

/** Deposits by date, then id (or one page of them). */
export const findDeposits = async (
  db: Kysely<DB>,
  filter: DepositFilter,
  page?: PageWindow
): Promise<ReadonlyArray<PoolDeposit & { poolId: number }>> => {
  const query = depositsQuery(db, filter)
    .selectAll("d")
    .select(["p.code as pool_code", reversedBy("deposit", "d.id")])
  const rows = await windowed(
    query,
    { table: "linkage_pool_deposits", alias: "d", columns: ["on_date", "id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    poolId: toInt(r.pool_id),
    pool: r.pool_code,
    on: r.on_date,
    amount: fen(r.amount_fen),
    source: r.source,
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

/** A pool's live deposits (positive) and live payouts (negative), dated. */
export const poolMovements = async (db: Kysely<DB>, poolId: number): Promise<ReadonlyArray<PoolMovement>> => {
  const deposits = await db
    .selectFrom("linkage_pool_deposits as d")
    .where(live("deposit", "d.id"))
    .where("d.pool_id", "=", poolId)
    .select(["d.on_date", "d.amount_fen"])
    .execute()
  const payouts = await db
    .selectFrom("linkage_claims as c")
    .where(live("claim", "c.id"))
    .where("c.pool_id", "=", poolId)
    .where("c.payout_fen", ">", 0)
    .select(["c.on_date", "c.payout_fen"])
    .execute()
  return [
    ...deposits.map((d) => ({ on: d.on_date, fen: toBigInt(d.amount_fen) })),
    ...payouts.map((p) => ({ on: p.on_date, fen: -toBigInt(p.payout_fen) }))
  ]
}

type PoolFilter = { ids?: ReadonlyArray<number>; code?: string; includeReversed?: boolean }

const poolsQuery = (db: Kysely<DB>, filter: PoolFilter) => {
  const query = db.selectFrom("linkage_pools as p")
  return filtered(query, filter, { alias: "p", kind: "pool" }, { code: filter.code })
}

export const countPools = async (db: Kysely<DB>, filter: PoolFilter = {}): Promise<number> =>
  counted(await poolsQuery(db, filter).select(countAll.as("n")).executeTakeFirst())

/** Pools by code (or one page of them), each with its live rules and totals. */
export const findPools = async (
  db: Kysely<DB>,
  filter: PoolFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<Pool>> => {
  const query = poolsQuery(db, filter).selectAll("p").select(reversedBy("pool", "p.id"))
  const rows = await windowed(
    query,
    { table: "linkage_pools", alias: "p", columns: ["code", "id"] },
    page
  ).execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => toInt(r.id))
  const rules = await findPoolRules(db, { poolIds: ids, includeReversed: false })
  const totals = await poolTotals(db, ids, undefined)
  return rows.map((r) => {
    const id = toInt(r.id)
    const t = totals.get(id) ?? { deposited: 0n, paidOut: 0n }
    return {
      id,
      code: r.code,
      name: r.name,
      kind: r.kind as PoolKind,
      openedOn: r.opened_on,
      backer: r.backer,
      rules: rules.filter((rule) => rule.poolId === id).map(({ poolId: _, ...rule }) => rule),
      deposited: fromFen(t.deposited),
      paidOut: fromFen(t.paidOut),
      balance: fromFen(t.deposited - t.paidOut),
      journalSeq: toInt(r.journal_id),
      reversedBy: idOrNull(r.reversed_by)
    }
  })
}

/**
 * Live deposits and payouts per pool, dated in `[from, to]` (open ends when undefined), from the records:
 * the reference `poolTotals` (read from the maintained aggregates) is proved equal to.
 */
export const poolTotalsFromRecords = async (
  db: Kysely<DB>,
  poolIds: ReadonlyArray<number>,
  period: { from?: string | undefined; to?: string | undefined } | undefined
) => {
  let deposits = db
    .selectFrom("linkage_pool_deposits as d")
    .where(live("deposit", "d.id"))
    .where("d.pool_id", "in", idList(poolIds))
  let payouts = db
    .selectFrom("linkage_claims as c")
    .where(live("claim", "c.id"))
    .where("c.pool_id", "in", idList(poolIds))
  if (period?.from !== undefined) {
    deposits = deposits.where("d.on_date", ">=", period.from)
    payouts = payouts.where("c.on_date", ">=", period.from)
  }
  if (period?.to !== undefined) {
    deposits = deposits.where("d.on_date", "<=", period.to)
    payouts = payouts.where("c.on_date", "<=", period.to)
  }
  const d = await deposits
    .select(["d.pool_id as pool_id", fenSum(db, "d.amount_fen").as("fen")])
    .groupBy("d.pool_id")
    .execute()
  const p = await payouts
    .select(["c.pool_id as pool_id", fenSum(db, "c.payout_fen").as("fen")])
    .groupBy("c.pool_id")
    .execute()
  const totals = new Map<number, { deposited: bigint; paidOut: bigint }>()
  for (const id of poolIds) totals.set(id, { deposited: 0n, paidOut: 0n })
  for (const r of d) {
    const t = totals.get(toInt(r.pool_id))
    if (t !== undefined) t.deposited = toBigInt(r.fen ?? "0")
  }
  for (const r of p) {
    const t = totals.get(toInt(r.pool_id))
    if (t !== undefined) t.paidOut = toBigInt(r.fen ?? "0")
  }
  return totals
}

// ---------------------------------------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------------------------------------

export const insertClaim = (db: Kysely<DB>, row: Row<"linkage_claims">, journalSeq: number) =>
  insertRecord(db, "linkage_claims", row, journalSeq)

type ClaimFilter = RecordFilter & {
  kind?: ClaimKind | undefined
  policyId?: number | undefined
  poolId?: number | undefined
  ruleId?: number | undefined
}

const claimsQuery = (db: Kysely<DB>, filter: ClaimFilter) => {
  const query = db
    .selectFrom("linkage_claims as c")
    .leftJoin("linkage_pools as p", "p.id", "c.pool_id")
    .leftJoin("linkage_pool_rules as pr", "pr.id", "c.rule_id")
    .leftJoin("enterprises as e", "e.id", "c.enterprise_id")
    .leftJoin("institutions as b", "b.id", "c.bank_id")
  return filtered(
    query,
    filter,
    { alias: "c", kind: "claim", date: "on_date", enterprise: "enterprise_id" },
    { kind: filter.kind, policy_id: filter.policyId, pool_id: filter.poolId, rule_id: filter.ruleId }
  )
}

export const countClaims = (db: Kysely<DB>, filter: ClaimFilter = {}): Promise<ListCount> =>
  countedWith(db, claimsQuery(db, filter), filter)

/** Claims by date, then id (or one page of them). */
export const findClaims = async (
  db: Kysely<DB>,
  filter: ClaimFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<Claim>> => {
  const query = claimsQuery(db, filter)
    .selectAll("c")
    .select([
      "p.code as pool_code",
      "pr.ratio as rule_ratio",
      "pr.cap_fen as rule_cap_fen",
      "e.uscc as enterprise_uscc",
      "e.name as enterprise_name",
      "b.name as bank_name",
      reversedBy("claim", "c.id")
    ])
  const rows = await windowed(
    query,
    { table: "linkage_claims", alias: "c", columns: ["on_date", "id"] },
    page
  ).execute()
  return rows.map((r) => {
    const loss = fen(r.loss_fen)
    const insurerPaid = fen(r.insurer_paid_fen)
    return {
      id: toInt(r.id),
      kind: r.kind as ClaimKind,
      on: r.on_date,
      loss,
      policy: idOrNull(r.policy_id),
      insurerPaid,
      uncovered: loss.minus(insurerPaid),
      pool: r.pool_code,
      rule:
        r.rule_id === null
          ? null
          : { id: toInt(r.rule_id), ratio: dec(r.rule_ratio ?? "0"), cap: fenOrNull(r.rule_cap_fen) },
      payout: fen(r.payout_fen),
      limitedBy: r.limited_by as PayoutLimit | null,
      note: r.note,
      registrationNo: r.registration_no,
      enterprise: enterpriseRef(r.enterprise_id, r.enterprise_uscc, r.enterprise_name),
      bank: institutionRef(r.bank_id, r.bank_name),
      journalSeq: toInt(r.journal_id),
      reversedBy: idOrNull(r.reversed_by)
    }
  })
}

// ---------------------------------------------------------------------------------------------------------
// Co-investments, interest subsidies, bonds
// ---------------------------------------------------------------------------------------------------------

export const insertCoInvestment = (db: Kysely<DB>, row: Row<"linkage_co_investments">, journalSeq: number) =>
  insertRecord(db, "linkage_co_investments", row, journalSeq)

type CoInvestmentFilter = RecordFilter & { leadId?: number; followId?: number }

const coInvestmentsQuery = (db: Kysely<DB>, filter: CoInvestmentFilter) => {
  const query = db
    .selectFrom("linkage_co_investments as c")
    .innerJoin("enterprises as e", "e.id", "c.enterprise_id")
    .innerJoin("fund_entries as li", "li.id", "c.lead_id")
    .innerJoin("funds as lf", "lf.id", "li.fund_id")
    .leftJoin("fund_entries as fi", "fi.id", "c.follow_id")
    .leftJoin("funds as ff", "ff.id", "fi.fund_id")
  return filtered(
    query,
    filter,
    { alias: "c", kind: "co-investment", date: "on_date", enterprise: "enterprise_id" },
    { lead_id: filter.leadId, follow_id: filter.followId }
  )
}

export const countCoInvestments = (db: Kysely<DB>, filter: CoInvestmentFilter = {}): Promise<ListCount> =>
  countedWith(db, coInvestmentsQuery(db, filter), filter)

/** Co-investments by follow-on date, then id (or one page of them). */
export const findCoInvestments = async (
  db: Kysely<DB>,
  filter: CoInvestmentFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<CoInvestment>> => {
  const query = coInvestmentsQuery(db, filter)
    .selectAll("c")
    .select([
      "e.uscc as enterprise_uscc",
      "e.name as enterprise_name",
      "li.on_date as lead_on",
      "li.amount_fen as lead_fen",
      "li.round as lead_round",
      "lf.code as lead_fund",
      "fi.on_date as follow_on",
      "fi.amount_fen as follow_fen",
      "fi.round as follow_round",
      "ff.code as follow_fund",
      reversedBy("co-investment", "c.id")
    ])
  const rows = await windowed(
    query,
    { table: "linkage_co_investments", alias: "c", columns: ["on_date", "id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    enterprise: { id: toInt(r.enterprise_id), uscc: r.enterprise_uscc, name: r.enterprise_name },
    lead: {
      id: toInt(r.lead_id),
      fund: r.lead_fund,
      on: r.lead_on,
      amount: fen(r.lead_fen),
      round: r.lead_round
    },
    follow: investmentRef(r.follow_id, r.follow_fund, r.follow_on, r.follow_fen, r.follow_round),
    followerKind: r.follower_kind as FollowerKind,
    investor: r.investor,
    amount: fen(r.amount_fen),
    on: r.on_date,
    round: r.round,
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

export const insertSubsidy = (db: Kysely<DB>, row: Row<"linkage_subsidies">, journalSeq: number) =>
  insertRecord(db, "linkage_subsidies", row, journalSeq)

type SubsidyFilter = RecordFilter & { loanId?: number }

const subsidiesQuery = (db: Kysely<DB>, filter: SubsidyFilter) => {
  const query = db
    .selectFrom("linkage_subsidies as s")
    .leftJoin("enterprises as e", "e.id", "s.enterprise_id")
  return filtered(
    query,
    filter,
    { alias: "s", kind: "subsidy", date: "on_date", enterprise: "enterprise_id" },
    { loan_id: filter.loanId }
  )
}

export const countSubsidies = (db: Kysely<DB>, filter: SubsidyFilter = {}): Promise<ListCount> =>
  countedWith(db, subsidiesQuery(db, filter), filter)

/** Interest subsidies by date, then id (or one page of them). */
export const findSubsidies = async (
  db: Kysely<DB>,
  filter: SubsidyFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<InterestSubsidy>> => {
  const query = subsidiesQuery(db, filter)
    .selectAll("s")
    .select(["e.uscc as enterprise_uscc", "e.name as enterprise_name", reversedBy("subsidy", "s.id")])
  const rows = await windowed(
    query,
    { table: "linkage_subsidies", alias: "s", columns: ["on_date", "id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    on: r.on_date,
    amount: fen(r.amount_fen),
    loan: idOrNull(r.loan_id),
    registrationNo: r.registration_no,
    enterprise: enterpriseRef(r.enterprise_id, r.enterprise_uscc, r.enterprise_name),
    payer: r.payer,
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

export const insertBond = (db: Kysely<DB>, row: Row<"linkage_bonds">, journalSeq: number) =>
  insertRecord(db, "linkage_bonds", row, journalSeq)

const bondsQuery = (db: Kysely<DB>, filter: RecordFilter) => {
  const query = db
    .selectFrom("linkage_bonds as bd")
    .leftJoin("enterprises as e", "e.id", "bd.issuer_enterprise_id")
    .leftJoin("institutions as ins", "ins.id", "bd.issuer_institution_id")
    .leftJoin("funds as f", "f.id", "bd.proceeds_fund_id")
  return filtered(query, filter, {
    alias: "bd",
    kind: "bond",
    date: "issued_on",
    enterprise: "issuer_enterprise_id"
  })
}

export const countBonds = (db: Kysely<DB>, filter: RecordFilter = {}): Promise<ListCount> =>
  countedWith(db, bondsQuery(db, filter), filter)

/** Bonds by issue date, then id (or one page of them). */
export const findBonds = async (
  db: Kysely<DB>,
  filter: RecordFilter = {},
  page?: PageWindow
): Promise<ReadonlyArray<Bond>> => {
  const query = bondsQuery(db, filter)
    .selectAll("bd")
    .select([
      "e.uscc as enterprise_uscc",
      "e.name as enterprise_name",
      "ins.name as institution_name",
      "ins.uscc as institution_uscc",
      "f.code as fund_code",
      reversedBy("bond", "bd.id")
    ])
  const rows = await windowed(
    query,
    { table: "linkage_bonds", alias: "bd", columns: ["issued_on", "id"] },
    page
  ).execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    code: r.code,
    issuer:
      r.issuer_enterprise_id !== null
        ? {
            kind: "enterprise" as const,
            id: toInt(r.issuer_enterprise_id),
            name: r.enterprise_name ?? "",
            uscc: r.enterprise_uscc
          }
        : {
            kind: "institution" as const,
            id: toInt(r.issuer_institution_id),
            name: r.institution_name ?? "",
            uscc: r.institution_uscc
          },
    amount: fen(r.amount_fen),
    issuedOn: r.issued_on,
    tenorMonths: toInt(r.tenor_months),
    maturesOn: r.matures_on,
    couponPercent: dec(r.coupon_percent),
    useOfProceeds: r.use_of_proceeds,
    proceedsFund: r.fund_code,
    journalSeq: toInt(r.journal_id),
    reversedBy: idOrNull(r.reversed_by)
  }))
}

// ---------------------------------------------------------------------------------------------------------
// The latest live records across kinds
// ---------------------------------------------------------------------------------------------------------

/** The kinds of record the recent list draws on: each with its own date. */
export const recentKinds = ["loan", "policy", "claim", "co-investment", "subsidy", "bond"] as const
export type RecentKind = (typeof recentKinds)[number]

/**
 * The latest `limit` live loans, policies, claims, co-investments, subsidies and bonds dated on or before
 * `to` (every date when absent), as `(kind, id)`: one UNION ALL ordered by the record's own date
 * (disbursed, starts, claimed, followed on, paid, issued) newest first, then by journal entry (the later
 * write first: one write is one entry, so the order is total).
 */
export const recentRecordRefs = async (
  db: Kysely<DB>,
  query: { readonly to?: string | undefined; readonly limit: number }
): Promise<ReadonlyArray<{ readonly kind: RecentKind; readonly id: number }>> => {
  const liveOf = <T extends keyof DB & `linkage_${string}`>(
    table: T,
    kind: RecentKind,
    dateColumn: string
  ) => {
    const date = sql.ref(`x.${dateColumn}`)
    let q = db.selectFrom(sql.table(table).as("x")).where(live(kind, "x.id"))
    if (query.to !== undefined) q = q.where(date, "<=", query.to)
    return q.select([
      sql.lit(kind).as("kind"),
      sql<Int>`x.id`.as("id"),
      sql<string>`${date}`.as("on_date"),
      sql<Int>`x.journal_id`.as("journal_seq")
    ])
  }
  const union = liveOf("linkage_loans", "loan", "disbursed_on")
    .unionAll(liveOf("linkage_policies", "policy", "starts_on"))
    .unionAll(liveOf("linkage_claims", "claim", "on_date"))
    .unionAll(liveOf("linkage_co_investments", "co-investment", "on_date"))
    .unionAll(liveOf("linkage_subsidies", "subsidy", "on_date"))
    .unionAll(liveOf("linkage_bonds", "bond", "issued_on"))
  const rows = await db
    .selectFrom(union.as("r"))
    .select(["r.kind", "r.id"])
    .orderBy("r.on_date", "desc")
    .orderBy("r.journal_seq", "desc")
    .limit(query.limit)
    .execute()
  return rows.map((r) => ({ kind: r.kind as RecentKind, id: toInt(r.id) }))
}

/** Pool names by code. */
export const poolNames = async (
  db: Kysely<DB>,
  codes: ReadonlyArray<string>
): Promise<ReadonlyMap<string, string>> => {
  if (codes.length === 0) return new Map()
  const rows = await db
    .selectFrom("linkage_pools")
    .select(["code", "name"])
    .where("code", "in", codes)
    .execute()
  return new Map(rows.map((r) => [r.code, r.name]))
}

// ---------------------------------------------------------------------------------------------------------
// Figures for a period: live records dated in it, sums as text (never through a float). The `…FromRecords`
// functions scan the records: the reference the maintained aggregates' readers below are proved equal to.
// ---------------------------------------------------------------------------------------------------------

const count = (value: string | number | bigint | null | undefined) => toInt(value ?? 0)
const sumOf = (value: string | null | undefined) => fromFen(value ?? "0")

/** The live records of a query dated within the period (a figure's rows). */
const inPeriod = <Q extends SelectQueryBuilder<DB, never, unknown>>(
  query: Q,
  period: LinkagePeriod,
  place: FilterPlace & { readonly date: string }
): Q => filtered(query, { from: period.from, to: period.to, includeReversed: false }, place)

export const loanFiguresFromRecords = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const rows = await inPeriod(db.selectFrom("linkage_loans as l"), period, {
    alias: "l",
    kind: "loan",
    date: "disbursed_on"
  })
    .select([
      "l.pilot",
      countAll.as("n"),
      fenSum(db, "l.amount_fen").as("fen"),
      sql<string | number | bigint>`count(l.warrant_equity_percent)`.as("warrants"),
      fenSum(db, sql`case when l.warrant_equity_percent is not null then l.amount_fen else 0 end`).as(
        "warrant_fen"
      )
    ])
    .groupBy("l.pilot")
    .execute()
  const of = (pilot: LoanPilot) => {
    const r = rows.find((row) => row.pilot === pilot)
    return {
      count: count(r?.n),
      amount: sumOf(r?.fen),
      warrants: count(r?.warrants),
      warrantAmount: sumOf(r?.warrant_fen)
    }
  }
  return { investmentLoan: of("investment-loan"), indexLoan: of("index-loan") }
}

export const warrantFiguresFromRecords = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const rows = await inPeriod(db.selectFrom("linkage_warrant_events as w"), period, {
    alias: "w",
    kind: "warrant-event",
    date: "on_date"
  })
    .select(["w.kind", countAll.as("n"), fenSum(db, "w.amount_fen").as("fen")])
    .groupBy("w.kind")
    .execute()
  const of = (kind: string) => {
    const r = rows.find((row) => row.kind === kind)
    return { count: count(r?.n), amount: sumOf(r?.fen) }
  }
  return { exercise: of("exercise"), exit: of("exit") }
}

export const scoreCountFromRecords = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const r = await inPeriod(db.selectFrom("linkage_scores as s"), period, {
    alias: "s",
    kind: "score",
    date: "scored_on"
  })
    .select(countAll.as("n"))
    .executeTakeFirst()
  return count(r?.n)
}

export const policyFiguresFromRecords = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const rows = await inPeriod(db.selectFrom("linkage_policies as p"), period, {
    alias: "p",
    kind: "policy",
    date: "starts_on"
  })
    .select([
      "p.pilot",
      countAll.as("n"),
      fenSum(db, "p.sum_insured_fen").as("sum_insured"),
      fenSum(db, "p.premium_fen").as("premium"),
      fenSum(db, "p.premium_subsidy_fen").as("subsidy")
    ])
    .groupBy("p.pilot")
    .execute()
  const of = (pilot: PolicyPilot) => {
    const r = rows.find((row) => row.pilot === pilot)
    return {
      count: count(r?.n),
      sumInsured: sumOf(r?.sum_insured),
      premium: sumOf(r?.premium),
      premiumSubsidy: sumOf(r?.subsidy)
    }
  }
  return { investmentInsurance: of("investment-insurance"), transferInsurance: of("transfer-insurance") }
}

export const claimFiguresFromRecords = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const rows = await inPeriod(db.selectFrom("linkage_claims as c"), period, {
    alias: "c",
    kind: "claim",
    date: "on_date"
  })
    .select([
      "c.kind",
      countAll.as("n"),
      fenSum(db, "c.loss_fen").as("loss"),
      fenSum(db, "c.insurer_paid_fen").as("insurer_paid"),
      fenSum(db, "c.payout_fen").as("payout")
    ])
    .groupBy("c.kind")
    .execute()
  const of = (kind: ClaimKind) => {
    const r = rows.find((row) => row.kind === kind)
    return {
      count: count(r?.n),
      loss: sumOf(r?.loss),
      insurerPaid: sumOf(r?.insurer_paid),
      payout: sumOf(r?.payout)
    }
  }
  return { transfer: of("transfer-insurance"), compensation: of("risk-compensation") }
}

export const subsidyFiguresFromRecords = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const r = await inPeriod(db.selectFrom("linkage_subsidies as s"), period, {
    alias: "s",
    kind: "subsidy",
    date: "on_date"
  })
    .select([countAll.as("n"), fenSum(db, "s.amount_fen").as("fen")])
    .executeTakeFirst()
  return { count: count(r?.n), amount: sumOf(r?.fen) }
}

export const bondFiguresFromRecords = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const r = await inPeriod(db.selectFrom("linkage_bonds as bd"), period, {
    alias: "bd",
    kind: "bond",
    date: "issued_on"
  })
    .select([
      countAll.as("n"),
      fenSum(db, "bd.amount_fen").as("fen"),
      fenSum(db, sql`case when bd.proceeds_fund_id is not null then bd.amount_fen else 0 end`).as("to_funds")
    ])
    .executeTakeFirst()
  return { count: count(r?.n), amount: sumOf(r?.fen), toFunds: sumOf(r?.to_funds) }
}

// ---------------------------------------------------------------------------------------------------------
// The same figures from the maintained per day aggregates (aggregates.ts): what the summary reads
// ---------------------------------------------------------------------------------------------------------

export const loanFigures = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const totals = await linkageTotals(db, ["loan"], period)
  const of = (pilot: LoanPilot) => {
    const t = totalsOf(totals, "loan", pilot)
    return { count: t.records, amount: fromFen(t.a), warrants: t.flagged, warrantAmount: fromFen(t.b) }
  }
  return { investmentLoan: of("investment-loan"), indexLoan: of("index-loan") }
}

export const warrantFigures = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const totals = await linkageTotals(db, ["warrant-event"], period)
  const of = (kind: string) => {
    const t = totalsOf(totals, "warrant-event", kind)
    return { count: t.records, amount: fromFen(t.a) }
  }
  return { exercise: of("exercise"), exit: of("exit") }
}

export const scoreCount = async (db: Kysely<DB>, period: LinkagePeriod) =>
  totalsOf(await linkageTotals(db, ["score"], period), "score").records

export const policyFigures = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const totals = await linkageTotals(db, ["policy"], period)
  const of = (pilot: PolicyPilot) => {
    const t = totalsOf(totals, "policy", pilot)
    return {
      count: t.records,
      sumInsured: fromFen(t.a),
      premium: fromFen(t.b),
      premiumSubsidy: fromFen(t.c)
    }
  }
  return { investmentInsurance: of("investment-insurance"), transferInsurance: of("transfer-insurance") }
}

export const claimFigures = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const totals = await linkageTotals(db, ["claim"], period)
  const of = (kind: ClaimKind) => {
    const t = totalsOf(totals, "claim", kind)
    return { count: t.records, loss: fromFen(t.a), insurerPaid: fromFen(t.b), payout: fromFen(t.c) }
  }
  return { transfer: of("transfer-insurance"), compensation: of("risk-compensation") }
}

export const subsidyFigures = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const t = totalsOf(await linkageTotals(db, ["subsidy"], period), "subsidy")
  return { count: t.records, amount: fromFen(t.a) }
}

export const bondFigures = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const t = totalsOf(await linkageTotals(db, ["bond"], period), "bond")
  return { count: t.records, amount: fromFen(t.a), toFunds: fromFen(t.b) }
}

/** Live co-investments dated in the period: how many, their lead investments' amount (each lead once), their own. */
export const coInvestmentFigures = async (db: Kysely<DB>, period: LinkagePeriod) => {
  const t = totalsOf(await linkageTotals(db, ["co-investment"], period), "co-investment")
  const leads = await aggregatedCoInvestmentLeads(db, period)
  return { count: t.records, leadAmount: fromFen(leads.fen), followAmount: fromFen(t.a) }
}

/** Live deposits and payouts per pool, dated in `[from, to]` (open ends when undefined). */
export const poolTotals = async (
  db: Kysely<DB>,
  poolIds: ReadonlyArray<number>,
  period: { from?: string | undefined; to?: string | undefined } | undefined
) => {
  const totals = await linkageTotals(db, ["pool-deposit", "pool-payout"], period ?? {})
  const out = new Map<number, { deposited: bigint; paidOut: bigint }>()
  for (const id of poolIds)
    out.set(id, {
      deposited: totalsOf(totals, "pool-deposit", id).a,
      paidOut: totalsOf(totals, "pool-payout", id).a
    })
  return out
}
