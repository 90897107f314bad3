import type { Decimal } from "decimal.js"
import { Context, Effect, Layer, type Schema } from "effect"
import type { Kysely } from "kysely"
import type { Actor } from "../auth/actor.js"
import type { InvestmentEntry } from "../equity/schema.js"
import { findEntries, findEntry, findFund } from "../equity/store.js"
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from "../errors.js"
import { type CommandError, type CommandOptions, decodeInput, makeCommandRunner } from "../journal/command.js"
import { Journal, type JournalSlot } from "../journal/journal.js"
import { fromFen, toFen, toWire, Yuan } from "../money/index.js"
import { isValidUscc } from "../registry/codes.js"
import { findEnterprise } from "../registry/enterprises.js"
import { findInstitutions, type InstitutionKind } from "../registry/institutions.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { controlCharacterProblem } from "../text/index.js"
import { addMonths, businessDateProblem, todayInShanghai } from "../time/index.js"
import { availableOn, firstShortfall, payout, tierFor } from "./rules.js"
import {
  type Bond,
  BondInput,
  type Claim,
  ClaimKind,
  type CoInvestment,
  CoInvestmentInput,
  CompensationClaimInput,
  DepositInput,
  decimalColumn,
  IndexLoanInput,
  type InterestSubsidy,
  InterestSubsidyInput,
  InvestmentLoanInput,
  InvestmentPolicyInput,
  type LinkageEvent,
  type LinkageLoan,
  LinkagePeriodInput,
  type LinkageRecent,
  type LinkageReversal,
  LinkageReversalInput,
  type LinkageSummary,
  LoanPilot,
  type Policy,
  PolicyPilot,
  type Pool,
  type PoolDeposit,
  PoolInput,
  type PoolRule,
  PoolRuleInput,
  pilotLabels,
  type RecordKind,
  ScoreInput,
  type ScoreSnapshot,
  type TierTable,
  TierTableInput,
  TransferClaimInput,
  TransferPolicyInput,
  type WarrantEvent,
  WarrantExerciseInput,
  WarrantExitInput
} from "./schema.js"
import {
  bondFigures,
  claimFigures,
  countBonds,
  countClaims,
  countCoInvestments,
  countDeposits,
  countLoans,
  countPolicies,
  countPools,
  countReversals,
  countScores,
  countSubsidies,
  countTierTables,
  countWarrantEvents,
  findBonds,
  findClaims,
  findCoInvestments,
  findDeposits,
  findLoans,
  findPolicies,
  findPoolRules,
  findPools,
  findReversal,
  findReversals,
  findScores,
  findSubsidies,
  findTierTables,
  findWarrantEvents,
  insertBond,
  insertClaim,
  insertCoInvestment,
  insertDeposit,
  insertLoan,
  insertPolicy,
  insertPool,
  insertPoolRule,
  insertReversal,
  insertScore,
  insertSubsidy,
  insertTierTable,
  insertWarrantEvent,
  loanFigures,
  type PageWindow,
  policyFigures,
  poolMovements,
  poolNames,
  poolTotals,
  type RecentKind,
  recentRecordRefs,
  scoreCount,
  subsidyFigures,
  warrantFigures
} from "./store.js"

/** Filters of the list reads. Dates are each record's own date (disbursed, starts, claimed, issued, …). */
export interface LinkageListQuery {
  /** The enterprise's credit code. */
  readonly enterprise?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  /** Default true: reversed records are history and are listed (with `reversedBy`). */
  readonly includeReversed?: boolean | undefined
}

export interface EventsQuery {
  /** Default false: the journey shows what stands. */
  readonly includeReversed?: boolean | undefined
}

export type LoanListQuery = LinkageListQuery & { readonly pilot?: LoanPilot | undefined }
export type PolicyListQuery = LinkageListQuery & { readonly pilot?: PolicyPilot | undefined }
export type ClaimListQuery = LinkageListQuery & {
  readonly kind?: ClaimKind | undefined
  /** The paying pool's code. */
  readonly pool?: string | undefined
}
export interface TierTableListQuery {
  readonly modelVersion?: string | undefined
  /** Default true. */
  readonly includeReversed?: boolean | undefined
}
export interface PoolListQuery {
  /** Default false: live pools only. */
  readonly includeReversed?: boolean | undefined
}

/** One page of a list: `limit` records (1–500) from `offset` (default 0), in the list's own order. */
export interface LinkagePageQuery {
  readonly limit: number
  readonly offset?: number | undefined
}

/** Neither `limit` nor `offset`: the whole list. */
export interface WholeList {
  readonly limit?: undefined
  readonly offset?: undefined
}

/** A page of a list and how many records the whole list (with the same filters) has. */
export interface LinkagePage<T> {
  readonly items: ReadonlyArray<T>
  readonly total: number
  readonly limit: number
  readonly offset: number
}

type ReadError = ValidationError | StoreError

/**
 * A list read: with `limit` (and `offset`) one page cut in SQL with the total count; without them the
 * whole list, as before. Bad filters or paging are a ValidationError naming the field.
 */
export interface ListRead<O, Q> {
  (query: Q & LinkagePageQuery): Effect.Effect<LinkagePage<O>, ReadError>
  (query?: Q & WholeList): Effect.Effect<ReadonlyArray<O>, ReadError>
}

/** A list read of one parent record's children (a pool's deposits, a loan's warrant events). */
export interface ChildListRead<K, O, E> {
  (parent: K, page: LinkagePageQuery): Effect.Effect<LinkagePage<O>, E | ReadError>
  (parent: K): Effect.Effect<ReadonlyArray<O>, E | StoreError>
}

/** The Promise form of a {@link ListRead} (the facade's). */
export interface ListReader<O, Q> {
  (query: Q & LinkagePageQuery): Promise<LinkagePage<O>>
  (query?: Q & WholeList): Promise<ReadonlyArray<O>>
}

/** The Promise form of a {@link ChildListRead} (the facade's). */
export interface ChildListReader<K, O> {
  (parent: K, page: LinkagePageQuery): Promise<LinkagePage<O>>
  (parent: K): Promise<ReadonlyArray<O>>
}

/** The latest live records across kinds (`Linkage.recent`): dated on or before `to`, `limit` 1–100 (default 10). */
export interface RecentQuery {
  readonly to?: string | undefined
  readonly limit?: number | undefined
}

type MaybePaged = { readonly limit?: number | undefined; readonly offset?: number | undefined }
const isPaged = (query: MaybePaged | undefined): boolean =>
  query?.limit !== undefined || query?.offset !== undefined

/** `limit` 1–500 and `offset` ≥ 0, whole numbers. */
const pageIssues = (query: MaybePaged): ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  const { limit, offset } = query
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 500))
    issues.push({ path: "limit", message: "must be a whole number from 1 to 500" })
  if (offset !== undefined && !(Number.isSafeInteger(offset) && offset >= 0))
    issues.push({ path: "offset", message: "must be a whole number of at least 0" })
  return issues
}

/** Issues of the filters every dated list takes: real dates, `to` not before `from`, a valid credit code. */
export const linkageListIssues = (query: LinkageListQuery): ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  const date = (key: "from" | "to") => {
    const value: unknown = query[key]
    if (value === undefined) return true
    const problem =
      typeof value === "string" ? businessDateProblem(value) : "must be a date written YYYY-MM-DD"
    if (problem !== undefined) issues.push({ path: key, message: problem })
    return problem === undefined
  }
  const fromOk = date("from")
  const toOk = date("to")
  if (fromOk && toOk && query.from !== undefined && query.to !== undefined && query.to < query.from)
    issues.push({ path: "to", message: `must not be before from (${query.from})` })
  const enterprise: unknown = query.enterprise
  if (enterprise !== undefined && !(typeof enterprise === "string" && isValidUscc(enterprise)))
    issues.push({ path: "enterprise", message: "must be a valid unified social credit code" })
  return issues
}

const oneOfIssue = (
  path: string,
  value: unknown,
  allowed: ReadonlyArray<string>
): ReadonlyArray<FieldIssue> =>
  value === undefined || (typeof value === "string" && allowed.includes(value))
    ? []
    : [{ path, message: `must be one of ${allowed.join(", ")}` }]

/** A pool's code can only be a lowercase slug: anything else names no pool. */
const isPoolCode = (code: unknown): code is string =>
  typeof code === "string" && code.length <= 64 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code)

/**
 * A {@link ListRead} over `find` and `count` (`issues` checks the filters): the whole list without paging,
 * else the page and the total, both in SQL.
 */
const makeListRead = <O, Q extends object>(spec: {
  readonly name: string
  readonly inDb: <A>(run: () => Promise<A>) => Effect.Effect<A, StoreError>
  readonly issues: (query: Q) => ReadonlyArray<FieldIssue>
  readonly find: (query: Q, page?: PageWindow) => Promise<ReadonlyArray<O>>
  readonly count: (query: Q) => Promise<number>
}): ListRead<O, Q> => {
  function read(query: Q & LinkagePageQuery): Effect.Effect<LinkagePage<O>, ReadError>
  function read(query?: Q & WholeList): Effect.Effect<ReadonlyArray<O>, ReadError>
  function read(
    raw?: Q & MaybePaged
  ): Effect.Effect<LinkagePage<O>, ReadError> | Effect.Effect<ReadonlyArray<O>, ReadError> {
    const query = raw ?? ({} as Q & MaybePaged)
    const paged = isPaged(query)
    const issues = [...spec.issues(query), ...(paged ? pageIssues(query) : [])]
    const span = Effect.withSpan(`Linkage.${spec.name}`)
    if (issues.length > 0) return span(Effect.fail(new ValidationError({ issues })))
    if (!paged) return span(spec.inDb(() => spec.find(query)))
    const page = { limit: query.limit ?? 50, offset: query.offset ?? 0 }
    return span(
      spec.inDb(async () => ({
        items: await spec.find(query, page),
        total: await spec.count(query),
        ...page
      }))
    )
  }
  return read
}

/** The Promise form of a list read: `run` runs the effect on the instance's services. */
export const listReader = <O, Q>(
  run: <A, E>(effect: Effect.Effect<A, E, Linkage>) => Promise<A>,
  read: (linkage: Linkage["Service"]) => ListRead<O, Q>
): ListReader<O, Q> => {
  function reader(query: Q & LinkagePageQuery): Promise<LinkagePage<O>>
  function reader(query?: Q & WholeList): Promise<ReadonlyArray<O>>
  function reader(query?: Q & MaybePaged): Promise<LinkagePage<O> | ReadonlyArray<O>> {
    // The overload is chosen by the same test the read itself makes.
    return isPaged(query)
      ? run(Linkage.use((l) => read(l)(query as Q & LinkagePageQuery)))
      : run(Linkage.use((l) => read(l)(query as (Q & WholeList) | undefined)))
  }
  return reader
}

/** The Promise form of a child list read. */
export const childListReader = <K, O, E>(
  run: <A, E2>(effect: Effect.Effect<A, E2, Linkage>) => Promise<A>,
  read: (linkage: Linkage["Service"]) => ChildListRead<K, O, E>
): ChildListReader<K, O> => {
  function reader(parent: K, page: LinkagePageQuery): Promise<LinkagePage<O>>
  function reader(parent: K): Promise<ReadonlyArray<O>>
  function reader(parent: K, page?: LinkagePageQuery): Promise<LinkagePage<O> | ReadonlyArray<O>> {
    return page === undefined
      ? run(Linkage.use((l) => read(l)(parent)))
      : run(Linkage.use((l) => read(l)(parent, page)))
  }
  return reader
}

type WriteError = NotFoundError | ValidationError | ConflictError | StoreError
type Write<O> = (
  actor: Actor,
  input: unknown,
  options?: CommandOptions
) => Effect.Effect<O, CommandError<NotFoundError>>

const invalid = (path: string, message: string) => new ValidationError({ issues: [{ path, message }] })
const pct = (d: Decimal) => `${new Yuan(d).toString()} %`
const who = (e: { name: string; uscc: string }) => `${e.name} (${e.uscc})`
const sumOf = (amounts: ReadonlyArray<Decimal>) => amounts.reduce((s, a) => s.plus(a), new Yuan(0))

/**
 * The linkage pilots of section (五) and the pledge programmes beside them. Every write goes through the
 * write path (decode → `linkage.write`, held by admins and bureau staff → one transaction with the
 * invariants, the record and a journal entry); corrections are reversals (`reverse({ kind, id, reason })`),
 * which take a record out of every figure and keep it listed. Invariants (a ValidationError naming the
 * field unless said otherwise):
 *
 * - 投贷联动: the loan's enterprise is the linked investment's (`investment`); a 认股权 is exercised
 *   between disbursement and expiry (`on`), all exercises together within the option's share
 *   (`equityPercent`); an exit needs an exercise dated on or before it and takes at most the exercised
 *   share not yet exited.
 * - 投保联动: the insured enterprise is the investment's, an insured fund made the investment or is the
 *   linked fund, and a fund linked to an insured enterprise has a live investment in it; the insurer's
 *   commitment, when named, is an `insurance` LP's commitment to that fund.
 * - 投投联动: the lead is a live direct (直投) investment of a city fund; the follow-on (a sub-fund's
 *   investment, or social capital) is in the same enterprise and dated on or after the lead.
 * - 科创指数贷: a score's tier comes from the live tier table of its model version (never input); the loan
 *   takes the snapshot named, or the enterprise's latest live one scored on or before disbursement, copies
 *   it onto the loan (later snapshots never change it) and may not exceed the tier's credit limit.
 * - Pools (二次救济, 风险补偿): payout = min(⌊ratio × base⌋ to the fen, cap, what the pool can pay) with the
 *   rule (ratio, cap) effective on the claim date; base = loss − insurer paid (二次救济) or the loss
 *   (风险补偿). A pool never pays beyond its remaining balance; an empty pool pays 0 and the claim says why.
 *   The insurer's payments on a policy stay within its sum insured.
 * - Reversal: at most once per record (ConflictError, field `id`); a record others depend on (a loan's
 *   warrant events or subsidies, a policy's claims, a pool's deposits or claims, a rule's claims, a tier
 *   table's scores, a score's loans, an exercise before its loan's exits) is reversed after them; a deposit
 *   is not reversed if the pool's balance would go below zero on any date.
 */
export class Linkage extends Context.Service<
  Linkage,
  {
    /** 投贷联动: a loan linked to an equity investment in the same enterprise, optionally with a 认股权. */
    recordInvestmentLoan: Write<LinkageLoan>
    /** 认股权 exercise on a warrant loan. */
    recordWarrantExercise: Write<WarrantEvent>
    /** Exit from an exercised 认股权. */
    recordWarrantExit: Write<WarrantEvent>
    /** 科创指数贷 tier table of one model version: score ranges → tier → credit limit. */
    recordTierTable: Write<TierTable>
    /** An enterprise's index score snapshot; the tier follows from the model's tier table. */
    recordScore: Write<ScoreSnapshot>
    /** 科创指数贷: a loan granted on a score snapshot (frozen onto the loan), within the tier's limit. */
    recordIndexLoan: Write<LinkageLoan>
    /** 投保联动: a policy linked to an investment or a fund. */
    recordInvestmentPolicy: Write<Policy>
    /** 科技成果转化保险: a transfer-insurance policy with its premium subsidy. */
    recordTransferPolicy: Write<Policy>
    /** A relief (二次救济) or risk-compensation (风险补偿) pool with its first rule. */
    recordPool: Write<Pool>
    /** A new version of a pool's rule (ratio, cap) from a date on. */
    recordPoolRule: Write<PoolRule>
    /** Money paid into a pool. */
    recordDeposit: Write<PoolDeposit>
    /** A transfer-insurance claim: the insurer pays first, the relief pool pays the second layer. */
    recordTransferClaim: Write<Claim>
    /** A risk-compensation claim for a defaulted pledge loan (by registration number). */
    recordCompensationClaim: Write<Claim>
    /** 贴息 on a linkage loan or a pledge loan. */
    recordInterestSubsidy: Write<InterestSubsidy>
    /** 投投联动: a city-fund direct investment followed by a sub-fund or social capital. */
    recordCoInvestment: Write<CoInvestment>
    /** 科技创新债券. */
    recordBond: Write<Bond>
    /** Takes a record out of every figure (`{ kind, id, reason }`); returns the reversal, dated today (Asia/Shanghai). */
    reverse: Write<LinkageReversal>

    loan(id: number): Effect.Effect<LinkageLoan, NotFoundError | StoreError>
    /** By disbursement date, then id. */
    loans: ListRead<LinkageLoan, LoanListQuery>
    /** The loan's exercises and exits by date, then id (none for a loan that does not exist). */
    warrantEvents: ChildListRead<number, WarrantEvent, never>
    /** By id; `modelVersion` with a control character is a ValidationError. */
    tierTables: ListRead<TierTable, TierTableListQuery>
    /** By score date, then id. */
    scores: ListRead<ScoreSnapshot, LinkageListQuery>
    policy(id: number): Effect.Effect<Policy, NotFoundError | StoreError>
    /** By start date, then id. */
    policies: ListRead<Policy, PolicyListQuery>
    /** A code that is not a pool code (a lowercase slug) names no pool: NotFoundError. */
    pool(code: string): Effect.Effect<Pool, NotFoundError | StoreError>
    /** Live pools unless `includeReversed`, by code. */
    pools: ListRead<Pool, PoolListQuery>
    /** The pool's deposits by date, then id (NotFoundError for a code no pool has). */
    deposits: ChildListRead<string, PoolDeposit, NotFoundError>
    claim(id: number): Effect.Effect<Claim, NotFoundError | StoreError>
    /** By claim date, then id; `pool` must be a pool code (a lowercase slug). */
    claims: ListRead<Claim, ClaimListQuery>
    /** By follow-on date, then id. */
    coInvestments: ListRead<CoInvestment, LinkageListQuery>
    /** By payment date, then id. */
    subsidies: ListRead<InterestSubsidy, LinkageListQuery>
    /** By issue date, then id. */
    bonds: ListRead<Bond, LinkageListQuery>
    /** Oldest first. */
    reversals: ListRead<LinkageReversal, object>
    /**
     * The latest `limit` (1–100, default 10) live loans, policies, claims, co-investments, subsidies and
     * bonds dated on or before `to` (every date when absent), newest first (the later write first on a
     * day): one query over every kind, whatever the number of records.
     */
    recent(query?: RecentQuery): Effect.Effect<ReadonlyArray<LinkageRecent>, ReadError>
    /** Each pilot's figures for a period (`{ from, to }`, both inclusive): live records dated in it. */
    summary(period: unknown): Effect.Effect<LinkageSummary, ValidationError | StoreError>
    /** An enterprise's finance journey: dated events from every pilot, oldest first. */
    eventsOf(
      uscc: string,
      query?: EventsQuery
    ): Effect.Effect<ReadonlyArray<LinkageEvent>, NotFoundError | StoreError>
  }
>()("@kejin/core/Linkage") {
  static readonly layer = Layer.effect(
    Linkage,
    Effect.gen(function* () {
      const database = yield* Database
      const journal = yield* Journal
      const runCommand = makeCommandRunner(database, journal)
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      /** A write: `write` checks the invariants and inserts, returning the new record's id; `load` reads it. */
      const command =
        <I, O extends { readonly id: number }>(
          name: string,
          schema: Schema.Codec<I, unknown>,
          write: (trx: Kysely<DB>, input: I, slot: JournalSlot) => Effect.Effect<number, WriteError>,
          load: (trx: Kysely<DB>, id: number) => Promise<O | undefined>
        ): Write<O> =>
        (actor, input, options) => {
          const reload = (trx: Kysely<DB>, id: number) =>
            inDb(() => load(trx, id)).pipe(
              Effect.flatMap((found) =>
                found === undefined
                  ? Effect.die(new Error(`${name}: record ${id} vanished`))
                  : Effect.succeed(found)
              )
            )
          return runCommand(
            {
              name,
              permission: "linkage.write",
              input: schema,
              write: (trx, decoded, slot) =>
                write(trx, decoded, slot).pipe(Effect.flatMap((id) => reload(trx, id))),
              resultRef: (record) => ({ id: record.id }),
              replay: (trx, ref: { id: number }) => reload(trx, ref.id)
            },
            actor,
            input,
            options
          ).pipe(Effect.withSpan(`Linkage.${name.slice("linkage.".length)}`))
        }

      const first =
        <O, F>(find: (db: Kysely<DB>, filter: F) => Promise<ReadonlyArray<O>>, filter: (id: number) => F) =>
        (db: Kysely<DB>, id: number) =>
          find(db, filter(id)).then((rows) => rows[0])
      const byIds = (id: number) => ({ ids: [id] })
      const loadLoan = first(findLoans, byIds)
      const loadWarrantEvent = first(findWarrantEvents, byIds)
      const loadTierTable = first(findTierTables, byIds)
      const loadScore = first(findScores, byIds)
      const loadPolicy = first(findPolicies, byIds)
      const loadPool = first(findPools, byIds)
      const loadPoolRule = (db: Kysely<DB>, id: number) =>
        findPoolRules(db, { ids: [id] }).then((rows) => rows.map(({ poolId: _, ...rule }) => rule)[0])
      const loadDepositRow = first(findDeposits, byIds)
      const loadDeposit = (db: Kysely<DB>, id: number) =>
        loadDepositRow(db, id).then((row) => {
          if (row === undefined) return undefined
          const { poolId: _, ...deposit } = row
          return deposit
        })
      const loadClaim = first(findClaims, byIds)
      const loadCoInvestment = first(findCoInvestments, byIds)
      const loadSubsidy = first(findSubsidies, byIds)
      const loadBond = first(findBonds, byIds)

      // --- references, checked inside the transaction ------------------------------------------------

      const enterprise = Effect.fnUntraced(function* (trx: Kysely<DB>, uscc: string, path: string) {
        const found = yield* inDb(() => findEnterprise(trx, { uscc }))
        if (found === undefined)
          return yield* invalid(
            path,
            `no enterprise with the credit code ${uscc} is registered: add it to the registry first`
          )
        return found
      })

      const institution = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        id: number,
        kind: InstitutionKind,
        path: string
      ) {
        const [found] = yield* inDb(() => findInstitutions(trx, { id }))
        if (found === undefined) return yield* invalid(path, `no institution has the id ${id}`)
        if (found.kind !== kind)
          return yield* invalid(path, `${found.name} is registered as a ${found.kind}, not a ${kind}`)
        return found
      })

      const fund = Effect.fnUntraced(function* (trx: Kysely<DB>, code: string, path: string) {
        const found = yield* inDb(() => findFund(trx, { code }))
        if (found === undefined) return yield* invalid(path, `no fund has the code ${code}`)
        return found
      })

      const investment = Effect.fnUntraced(function* (trx: Kysely<DB>, id: number, path: string) {
        const entry = yield* inDb(() => findEntry(trx, id))
        if (entry === undefined || entry.kind !== "investment")
          return yield* invalid(path, `no fund-ledger investment has the id ${id}`)
        if (entry.reversedBy !== null) return yield* invalid(path, `investment ${id} was reversed`)
        return entry
      })

      /** A pool named as the subject of a write (a rule, a deposit, a compensation claim). */
      const livePool = Effect.fnUntraced(function* (trx: Kysely<DB>, code: string, path: string) {
        const [found] = yield* inDb(() => findPools(trx, { code }))
        if (found === undefined) return yield* new NotFoundError({ entity: "pool", id: code })
        if (found.reversedBy !== null) return yield* invalid(path, `pool ${code} was reversed`)
        return found
      })

      /** The rule in effect on `on`: the live one with the latest effective date on or before it. */
      const ruleOn = Effect.fnUntraced(function* (trx: Kysely<DB>, pool: Pool, on: string) {
        const rules = yield* inDb(() => findPoolRules(trx, { poolIds: [pool.id], includeReversed: false }))
        const rule = rules.filter((r) => r.effectiveFrom <= on).at(-1)
        if (rule === undefined)
          return yield* invalid("on", `pool ${pool.code} has no rule in effect on ${on}: record one first`)
        return rule
      })

      const mismatch = (
        path: string,
        what: string,
        theirs: { name: string; uscc: string },
        ours: { name: string; uscc: string }
      ) =>
        invalid(
          path,
          `${what} is in ${who(theirs)}, not in ${who(ours)}: both must concern the same enterprise`
        )

      // --- 投贷联动 and 认股权 -------------------------------------------------------------------------

      const recordInvestmentLoan = command(
        "linkage.recordInvestmentLoan",
        InvestmentLoanInput,
        (trx, l, slot) =>
          Effect.gen(function* () {
            const bank = yield* institution(trx, l.bank, "bank", "bank")
            const borrower = yield* enterprise(trx, l.enterprise, "enterprise")
            const linked = yield* investment(trx, l.investment, "investment")
            if (linked.enterprise.id !== borrower.id)
              return yield* mismatch("investment", `investment ${linked.id}`, linked.enterprise, borrower)
            const holderFund =
              l.warrant?.holderFund === undefined
                ? null
                : yield* fund(trx, l.warrant.holderFund, "warrant.holderFund")
            return yield* inDb(() =>
              insertLoan(
                trx,
                {
                  pilot: "investment-loan",
                  bank_id: bank.id,
                  enterprise_id: borrower.id,
                  amount_fen: toFen(l.amount),
                  rate_percent: decimalColumn(l.ratePercent),
                  disbursed_on: l.disbursedOn,
                  matures_on: l.maturesOn,
                  investment_id: linked.id,
                  warrant_holder: l.warrant?.holder ?? null,
                  warrant_holder_fund_id: holderFund?.id ?? null,
                  warrant_equity_percent:
                    l.warrant === undefined ? null : decimalColumn(l.warrant.equityPercent),
                  warrant_strike_basis: l.warrant?.strikeBasis ?? null,
                  warrant_strike_valuation_fen:
                    l.warrant?.strikeValuation === undefined ? null : toFen(l.warrant.strikeValuation),
                  warrant_expires_on: l.warrant?.expiresOn ?? null
                },
                slot.seq
              )
            )
          }),
        loadLoan
      )

      /** A live loan with a warrant and its live warrant events. */
      const warrantLoan = Effect.fnUntraced(function* (trx: Kysely<DB>, id: number) {
        const loan = yield* inDb(() => loadLoan(trx, id))
        if (loan === undefined) return yield* new NotFoundError({ entity: "loan", id: String(id) })
        if (loan.reversedBy !== null) return yield* invalid("loan", `loan ${id} was reversed`)
        const warrant = loan.warrant
        if (warrant === null) return yield* invalid("loan", `loan ${id} carries no warrant (认股权)`)
        const events = yield* inDb(() => findWarrantEvents(trx, { loanId: id, includeReversed: false }))
        return { loan, warrant, events }
      })

      const recordWarrantExercise = command(
        "linkage.recordWarrantExercise",
        WarrantExerciseInput,
        (trx, x, slot) =>
          Effect.gen(function* () {
            const { loan, warrant, events } = yield* warrantLoan(trx, x.loan)
            if (x.on < loan.disbursedOn)
              return yield* invalid("on", `is before the loan's disbursement on ${loan.disbursedOn}`)
            if (x.on > warrant.expiresOn)
              return yield* invalid(
                "on",
                `is after the option's expiry on ${warrant.expiresOn}: it can no longer be exercised`
              )
            const exercised = sumOf(events.filter((e) => e.kind === "exercise").map((e) => e.equityPercent))
            const open = warrant.equityPercent.minus(exercised)
            if (new Yuan(x.equityPercent).gt(open))
              return yield* invalid(
                "equityPercent",
                `exceeds the option's unexercised share ${pct(open)} (option ${pct(warrant.equityPercent)}, exercised ${pct(exercised)})`
              )
            return yield* inDb(() =>
              insertWarrantEvent(
                trx,
                {
                  loanId: loan.id,
                  kind: "exercise",
                  on: x.on,
                  equityPercent: decimalColumn(x.equityPercent),
                  amountFen: toFen(x.amountPaid)
                },
                slot.seq
              )
            )
          }),
        loadWarrantEvent
      )

      const recordWarrantExit = command(
        "linkage.recordWarrantExit",
        WarrantExitInput,
        (trx, x, slot) =>
          Effect.gen(function* () {
            const { loan, events } = yield* warrantLoan(trx, x.loan)
            const exercisedBy = sumOf(
              events.filter((e) => e.kind === "exercise" && e.on <= x.on).map((e) => e.equityPercent)
            )
            if (exercisedBy.isZero())
              return yield* invalid(
                "on",
                `no exercise of loan ${loan.id}'s option is dated on or before ${x.on}: a warrant is exited only after it is exercised`
              )
            const exited = sumOf(events.filter((e) => e.kind === "exit").map((e) => e.equityPercent))
            const open = exercisedBy.minus(exited)
            if (open.lte(0))
              return yield* invalid(
                "on",
                `everything exercised by ${x.on} (${pct(exercisedBy)}) was exited already`
              )
            const share = x.equityPercent === undefined ? open : new Yuan(x.equityPercent)
            if (share.gt(open))
              return yield* invalid(
                "equityPercent",
                `exceeds the exercised share not yet exited ${pct(open)} (exercised by ${x.on} ${pct(exercisedBy)}, exited ${pct(exited)})`
              )
            return yield* inDb(() =>
              insertWarrantEvent(
                trx,
                {
                  loanId: loan.id,
                  kind: "exit",
                  on: x.on,
                  equityPercent: share.toString(),
                  amountFen: toFen(x.proceeds)
                },
                slot.seq
              )
            )
          }),
        loadWarrantEvent
      )

      // --- 科创指数贷 ---------------------------------------------------------------------------------

      const recordTierTable = command(
        "linkage.recordTierTable",
        TierTableInput,
        (trx, t, slot) =>
          Effect.gen(function* () {
            const [existing] = yield* inDb(() =>
              findTierTables(trx, { modelVersion: t.modelVersion, includeReversed: false })
            )
            if (existing !== undefined)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "modelVersion",
                detail: `model ${t.modelVersion} already has a tier table (${existing.id}): reverse it first, or use a new model version`
              })
            return yield* inDb(() =>
              insertTierTable(
                trx,
                {
                  modelVersion: t.modelVersion,
                  maxScore: t.maxScore === undefined ? null : decimalColumn(t.maxScore),
                  tiers: t.tiers.map((tier) => ({
                    tier: tier.tier,
                    minScore: decimalColumn(tier.minScore),
                    limitFen: toFen(tier.limit)
                  }))
                },
                slot.seq
              )
            )
          }),
        loadTierTable
      )

      const recordScore = command(
        "linkage.recordScore",
        ScoreInput,
        (trx, s, slot) =>
          Effect.gen(function* () {
            const scored = yield* enterprise(trx, s.enterprise, "enterprise")
            const [table] = yield* inDb(() =>
              findTierTables(trx, { modelVersion: s.modelVersion, includeReversed: false })
            )
            if (table === undefined)
              return yield* invalid(
                "modelVersion",
                `model ${s.modelVersion} has no tier table: record one first`
              )
            const total = new Yuan(s.total)
            if (table.maxScore !== null && total.gt(table.maxScore))
              return yield* invalid(
                "total",
                `is above the model's maximum score ${table.maxScore.toString()}`
              )
            const tier = tierFor(table.tiers, total)
            const dimensions = Object.fromEntries(
              Object.keys(s.dimensions)
                .sort()
                .map((k) => [k, decimalColumn(s.dimensions[k] ?? "0")])
            )
            return yield* inDb(() =>
              insertScore(
                trx,
                {
                  enterpriseId: scored.id,
                  modelVersion: s.modelVersion,
                  tableId: table.id,
                  scoredOn: s.scoredOn,
                  total: total.toString(),
                  dimensions: JSON.stringify(dimensions),
                  tier: tier?.tier ?? null,
                  limitFen: tier === undefined ? null : toFen(tier.limit)
                },
                slot.seq
              )
            )
          }),
        loadScore
      )

      const recordIndexLoan = command(
        "linkage.recordIndexLoan",
        IndexLoanInput,
        (trx, l, slot) =>
          Effect.gen(function* () {
            const bank = yield* institution(trx, l.bank, "bank", "bank")
            const borrower = yield* enterprise(trx, l.enterprise, "enterprise")
            let snapshot: ScoreSnapshot | undefined
            if (l.score !== undefined) {
              snapshot = yield* inDb(() => loadScore(trx, l.score!))
              if (snapshot === undefined)
                return yield* invalid("score", `no score snapshot has the id ${l.score}`)
              if (snapshot.reversedBy !== null)
                return yield* invalid("score", `score snapshot ${snapshot.id} was reversed`)
              if (snapshot.enterprise.id !== borrower.id)
                return yield* mismatch(
                  "score",
                  `score snapshot ${snapshot.id}`,
                  snapshot.enterprise,
                  borrower
                )
              if (snapshot.scoredOn > l.disbursedOn)
                return yield* invalid(
                  "score",
                  `was scored on ${snapshot.scoredOn}, after the disbursement on ${l.disbursedOn}`
                )
            } else {
              const scores = yield* inDb(() =>
                findScores(trx, { enterpriseId: borrower.id, to: l.disbursedOn, includeReversed: false })
              )
              snapshot = scores.at(-1)
              if (snapshot === undefined)
                return yield* invalid(
                  "score",
                  `${who(borrower)} has no index score on or before ${l.disbursedOn}: record one first`
                )
            }
            const { tier, limit } = snapshot
            if (tier === null || limit === null)
              return yield* invalid(
                "score",
                `the total ${snapshot.total.toString()} (model ${snapshot.modelVersion}, scored on ${snapshot.scoredOn}) is below every tier: not eligible for an index loan`
              )
            if (l.amount.gt(limit))
              return yield* invalid(
                "amount",
                `exceeds the credit limit ${toWire(limit)} of tier ${tier} (model ${snapshot.modelVersion}, score ${snapshot.total.toString()} on ${snapshot.scoredOn})`
              )
            const frozen = snapshot
            return yield* inDb(() =>
              insertLoan(
                trx,
                {
                  pilot: "index-loan",
                  bank_id: bank.id,
                  enterprise_id: borrower.id,
                  amount_fen: toFen(l.amount),
                  rate_percent: decimalColumn(l.ratePercent),
                  disbursed_on: l.disbursedOn,
                  matures_on: l.maturesOn,
                  score_id: frozen.id,
                  score_model_version: frozen.modelVersion,
                  score_scored_on: frozen.scoredOn,
                  score_total: frozen.total.toString(),
                  score_dimensions: JSON.stringify(
                    Object.fromEntries(Object.entries(frozen.dimensions).map(([k, v]) => [k, v.toString()]))
                  ),
                  score_tier: tier,
                  score_limit_fen: toFen(limit)
                },
                slot.seq
              )
            )
          }),
        loadLoan
      )

      // --- 投保联动 and 科技成果转化保险 ---------------------------------------------------------------

      const recordInvestmentPolicy = command(
        "linkage.recordInvestmentPolicy",
        InvestmentPolicyInput,
        (trx, p, slot) =>
          Effect.gen(function* () {
            const insurer = yield* institution(trx, p.insurer, "insurer", "insurer")
            const insuredEnterprise =
              p.insuredEnterprise === undefined
                ? undefined
                : yield* enterprise(trx, p.insuredEnterprise, "insuredEnterprise")
            const insuredFund =
              p.insuredFund === undefined ? undefined : yield* fund(trx, p.insuredFund, "insuredFund")
            const linked =
              p.investment === undefined ? undefined : yield* investment(trx, p.investment, "investment")
            const linkedFund = p.fund === undefined ? undefined : yield* fund(trx, p.fund, "fund")
            if (
              linked !== undefined &&
              insuredEnterprise !== undefined &&
              linked.enterprise.id !== insuredEnterprise.id
            )
              return yield* mismatch(
                "investment",
                `investment ${linked.id}`,
                linked.enterprise,
                insuredEnterprise
              )
            if (linked !== undefined && insuredFund !== undefined && linked.fund !== insuredFund.code)
              return yield* invalid(
                "investment",
                `investment ${linked.id} was made by fund ${linked.fund}, not by the insured fund ${insuredFund.code}`
              )
            if (linkedFund !== undefined && insuredFund !== undefined && linkedFund.id !== insuredFund.id)
              return yield* invalid(
                "fund",
                `must be the insured fund ${insuredFund.code} when a fund is insured`
              )
            if (linkedFund !== undefined && insuredEnterprise !== undefined) {
              const held = yield* inDb(() =>
                findEntries(trx, { fundId: linkedFund.id, kind: "investment", includeReversed: false })
              )
              if (!held.some((e) => e.kind === "investment" && e.enterprise.id === insuredEnterprise.id))
                return yield* invalid(
                  "fund",
                  `fund ${linkedFund.code} has no live investment in ${who(insuredEnterprise)}: link the policy to one of its investments, or insure the fund`
                )
            }
            const lpFund = linkedFund?.code ?? linked?.fund ?? insuredFund?.code
            if (p.insurerCommitment !== undefined) {
              const c = yield* inDb(() => findEntry(trx, p.insurerCommitment!))
              if (c === undefined || c.kind !== "commitment")
                return yield* invalid(
                  "insurerCommitment",
                  `no fund-ledger commitment has the id ${p.insurerCommitment}`
                )
              if (c.reversedBy !== null)
                return yield* invalid("insurerCommitment", `commitment ${c.id} was reversed`)
              if (c.lpType !== "insurance")
                return yield* invalid(
                  "insurerCommitment",
                  `commitment ${c.id} is of an LP of type ${c.lpType}, not insurance`
                )
              if (c.fund !== lpFund)
                return yield* invalid(
                  "insurerCommitment",
                  `commitment ${c.id} is to fund ${c.fund}, not to ${lpFund}`
                )
            }
            const concerns = insuredEnterprise?.id ?? linked?.enterprise.id ?? null
            return yield* inDb(() =>
              insertPolicy(
                trx,
                {
                  pilot: "investment-insurance",
                  policy_no: p.policyNo ?? null,
                  insurer_id: insurer.id,
                  insured_enterprise_id: insuredEnterprise?.id ?? null,
                  insured_fund_id: insuredFund?.id ?? null,
                  investment_id: linked?.id ?? null,
                  fund_id: linkedFund?.id ?? null,
                  insurer_commitment_id: p.insurerCommitment ?? null,
                  enterprise_id: concerns,
                  sum_insured_fen: toFen(p.sumInsured),
                  premium_fen: toFen(p.premium),
                  premium_subsidy_fen: 0n,
                  starts_on: p.startsOn,
                  ends_on: p.endsOn
                },
                slot.seq
              )
            )
          }),
        loadPolicy
      )

      const recordTransferPolicy = command(
        "linkage.recordTransferPolicy",
        TransferPolicyInput,
        (trx, p, slot) =>
          Effect.gen(function* () {
            const insurer = yield* institution(trx, p.insurer, "insurer", "insurer")
            const insured = yield* enterprise(trx, p.enterprise, "enterprise")
            return yield* inDb(() =>
              insertPolicy(
                trx,
                {
                  pilot: "transfer-insurance",
                  policy_no: p.policyNo ?? null,
                  insurer_id: insurer.id,
                  insured_enterprise_id: insured.id,
                  enterprise_id: insured.id,
                  sum_insured_fen: toFen(p.sumInsured),
                  premium_fen: toFen(p.premium),
                  premium_subsidy_fen: p.premiumSubsidy === undefined ? 0n : toFen(p.premiumSubsidy),
                  starts_on: p.startsOn,
                  ends_on: p.endsOn
                },
                slot.seq
              )
            )
          }),
        loadPolicy
      )

      // --- Pools ------------------------------------------------------------------------------------

      const recordPool = command(
        "linkage.recordPool",
        PoolInput,
        (trx, p, slot) =>
          Effect.gen(function* () {
            const [existing] = yield* inDb(() => findPools(trx, { code: p.code }))
            if (existing !== undefined)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "code",
                detail: `a pool with the code ${p.code} already exists`
              })
            const id = yield* inDb(() =>
              insertPool(
                trx,
                { code: p.code, name: p.name, kind: p.kind, openedOn: p.openedOn, backer: p.backer ?? null },
                slot.seq
              )
            )
            yield* inDb(() =>
              insertPoolRule(
                trx,
                {
                  poolId: id,
                  effectiveFrom: p.openedOn,
                  ratio: decimalColumn(p.ratio),
                  capFen: p.cap === undefined ? null : toFen(p.cap)
                },
                slot.seq
              )
            )
            return id
          }),
        loadPool
      )

      const recordPoolRule = command(
        "linkage.recordPoolRule",
        PoolRuleInput,
        (trx, r, slot) =>
          Effect.gen(function* () {
            const pool = yield* livePool(trx, r.pool, "pool")
            if (r.effectiveFrom < pool.openedOn)
              return yield* invalid("effectiveFrom", `is before the pool opened on ${pool.openedOn}`)
            const same = pool.rules.find((rule) => rule.effectiveFrom === r.effectiveFrom)
            if (same !== undefined)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "effectiveFrom",
                detail: `pool ${pool.code} already has a rule effective from ${r.effectiveFrom} (rule ${same.id}): reverse it first`
              })
            return yield* inDb(() =>
              insertPoolRule(
                trx,
                {
                  poolId: pool.id,
                  effectiveFrom: r.effectiveFrom,
                  ratio: decimalColumn(r.ratio),
                  capFen: r.cap === undefined ? null : toFen(r.cap)
                },
                slot.seq
              )
            )
          }),
        loadPoolRule
      )

      const recordDeposit = command(
        "linkage.recordDeposit",
        DepositInput,
        (trx, d, slot) =>
          Effect.gen(function* () {
            const pool = yield* livePool(trx, d.pool, "pool")
            if (d.on < pool.openedOn)
              return yield* invalid("on", `is before the pool opened on ${pool.openedOn}`)
            return yield* inDb(() =>
              insertDeposit(
                trx,
                { poolId: pool.id, on: d.on, amountFen: toFen(d.amount), source: d.source ?? null },
                slot.seq
              )
            )
          }),
        loadDeposit
      )

      /** The pool's payout on a claim dated `on`, by the rule in effect then and what the pool can pay. */
      const poolPayout = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        pool: Pool,
        on: string,
        base: Decimal,
        baseLabel: string
      ) {
        if (on < pool.openedOn)
          return yield* invalid("on", `is before pool ${pool.code} opened on ${pool.openedOn}`)
        const rule = yield* ruleOn(trx, pool, on)
        const movements = yield* inDb(() => poolMovements(trx, pool.id))
        const result = payout({ base, rule, available: availableOn(movements, on), baseLabel })
        return { rule, ...result, note: `pool ${pool.code}, rule of ${rule.effectiveFrom}: ${result.note}` }
      })

      const recordTransferClaim = command(
        "linkage.recordTransferClaim",
        TransferClaimInput,
        (trx, c, slot) =>
          Effect.gen(function* () {
            const policy = yield* inDb(() => loadPolicy(trx, c.policy))
            if (policy === undefined)
              return yield* new NotFoundError({ entity: "policy", id: String(c.policy) })
            if (policy.reversedBy !== null)
              return yield* invalid("policy", `policy ${policy.id} was reversed`)
            if (policy.pilot !== "transfer-insurance")
              return yield* invalid(
                "policy",
                `policy ${policy.id} is a ${pilotLabels[policy.pilot]} policy: claims with secondary relief are for ${pilotLabels["transfer-insurance"]}`
              )
            if (c.on < policy.startsOn)
              return yield* invalid("on", `is before the policy starts on ${policy.startsOn}`)
            const earlier = yield* inDb(() =>
              findClaims(trx, { policyId: policy.id, includeReversed: false })
            )
            const insurerTotal = sumOf(earlier.map((e) => e.insurerPaid)).plus(c.insurerPaid)
            if (insurerTotal.gt(policy.sumInsured))
              return yield* invalid(
                "insurerPaid",
                `would take the insurer's payments on policy ${policy.id} to ${toWire(insurerTotal)}, above the sum insured ${toWire(policy.sumInsured)}`
              )
            const uncovered = c.loss.minus(c.insurerPaid)
            let relief = {
              poolId: null as number | null,
              ruleId: null as number | null,
              amount: new Yuan(0) as Decimal,
              limitedBy: null as string | null,
              note: "no relief pool named: no secondary relief (二次救济) paid"
            }
            if (c.reliefPool !== undefined) {
              const [pool] = yield* inDb(() => findPools(trx, { code: c.reliefPool! }))
              if (pool === undefined)
                return yield* invalid("reliefPool", `no pool has the code ${c.reliefPool}`)
              if (pool.reversedBy !== null)
                return yield* invalid("reliefPool", `pool ${pool.code} was reversed`)
              if (pool.kind !== "relief")
                return yield* invalid(
                  "reliefPool",
                  `pool ${pool.code} is a ${pool.kind} pool, not a relief (二次救济) pool`
                )
              const paid = yield* poolPayout(trx, pool, c.on, uncovered, "uncovered loss")
              relief = {
                poolId: pool.id,
                ruleId: paid.rule.id,
                amount: paid.amount,
                limitedBy: paid.limitedBy,
                note: paid.note
              }
            }
            return yield* inDb(() =>
              insertClaim(
                trx,
                {
                  kind: "transfer-insurance",
                  on_date: c.on,
                  loss_fen: toFen(c.loss),
                  policy_id: policy.id,
                  insurer_paid_fen: toFen(c.insurerPaid),
                  pool_id: relief.poolId,
                  rule_id: relief.ruleId,
                  payout_fen: toFen(relief.amount),
                  limited_by: relief.limitedBy,
                  note: relief.note,
                  enterprise_id: policy.enterprise?.id ?? null
                },
                slot.seq
              )
            )
          }),
        loadClaim
      )

      const recordCompensationClaim = command(
        "linkage.recordCompensationClaim",
        CompensationClaimInput,
        (trx, c, slot) =>
          Effect.gen(function* () {
            const pool = yield* livePool(trx, c.pool, "pool")
            if (pool.kind !== "risk-compensation")
              return yield* invalid(
                "pool",
                `pool ${pool.code} is a ${pool.kind} pool, not a risk-compensation (风险补偿) pool`
              )
            const bank = c.bank === undefined ? undefined : yield* institution(trx, c.bank, "bank", "bank")
            const pledgor =
              c.enterprise === undefined ? undefined : yield* enterprise(trx, c.enterprise, "enterprise")
            const paid = yield* poolPayout(trx, pool, c.on, c.loss, "loss")
            return yield* inDb(() =>
              insertClaim(
                trx,
                {
                  kind: "risk-compensation",
                  on_date: c.on,
                  loss_fen: toFen(c.loss),
                  insurer_paid_fen: 0n,
                  pool_id: pool.id,
                  rule_id: paid.rule.id,
                  payout_fen: toFen(paid.amount),
                  limited_by: paid.limitedBy,
                  note: paid.note,
                  registration_no: c.registrationNo,
                  enterprise_id: pledgor?.id ?? null,
                  bank_id: bank?.id ?? null
                },
                slot.seq
              )
            )
          }),
        loadClaim
      )

      const recordInterestSubsidy = command(
        "linkage.recordInterestSubsidy",
        InterestSubsidyInput,
        (trx, s, slot) =>
          Effect.gen(function* () {
            let enterpriseId: number | null = null
            if (s.loan !== undefined) {
              const loan = yield* inDb(() => loadLoan(trx, s.loan!))
              if (loan === undefined) return yield* invalid("loan", `no linkage loan has the id ${s.loan}`)
              if (loan.reversedBy !== null) return yield* invalid("loan", `loan ${loan.id} was reversed`)
              if (s.on < loan.disbursedOn)
                return yield* invalid("on", `is before the loan's disbursement on ${loan.disbursedOn}`)
              if (s.enterprise !== undefined && s.enterprise !== loan.enterprise.uscc) {
                const named = yield* enterprise(trx, s.enterprise, "enterprise")
                return yield* mismatch("enterprise", `loan ${loan.id}`, loan.enterprise, named)
              }
              enterpriseId = loan.enterprise.id
            } else if (s.enterprise !== undefined) {
              enterpriseId = (yield* enterprise(trx, s.enterprise, "enterprise")).id
            }
            return yield* inDb(() =>
              insertSubsidy(
                trx,
                {
                  on_date: s.on,
                  amount_fen: toFen(s.amount),
                  loan_id: s.loan ?? null,
                  registration_no: s.registrationNo ?? null,
                  enterprise_id: enterpriseId,
                  payer: s.payer ?? null
                },
                slot.seq
              )
            )
          }),
        loadSubsidy
      )

      // --- 投投联动 and 科技创新债券 -------------------------------------------------------------------

      const recordCoInvestment = command(
        "linkage.recordCoInvestment",
        CoInvestmentInput,
        (trx, c, slot) =>
          Effect.gen(function* () {
            const lead = yield* investment(trx, c.lead, "lead")
            const leadFund = yield* fund(trx, lead.fund, "lead")
            if (leadFund.kind !== "city-fund")
              return yield* invalid(
                "lead",
                `investment ${lead.id} was made by ${leadFund.code}, a ${leadFund.kind}: the lead of a 投投联动 is a direct investment of the city fund`
              )
            if (lead.mode !== "direct")
              return yield* invalid(
                "lead",
                `investment ${lead.id} is not a direct investment (直投) of the city fund`
              )
            let row: {
              follow: InvestmentEntry | null
              kind: "sub-fund" | "social-capital"
              investor: string
              amount: Decimal
              on: string
              round: string | null
            }
            if (c.follow !== undefined) {
              const follow = yield* investment(trx, c.follow, "follow")
              const followFund = yield* fund(trx, follow.fund, "follow")
              if (followFund.kind === "city-fund")
                return yield* invalid(
                  "follow",
                  `investment ${follow.id} is the city fund's own: a follow-on comes from a sub-fund or social capital`
                )
              if (follow.enterprise.id !== lead.enterprise.id)
                return yield* mismatch(
                  "follow",
                  `investment ${follow.id}`,
                  follow.enterprise,
                  lead.enterprise
                )
              if (follow.on < lead.on)
                return yield* invalid(
                  "follow",
                  `is dated ${follow.on}, before the lead investment on ${lead.on}: a follow-on comes on or after the lead`
                )
              const [already] = yield* inDb(() =>
                findCoInvestments(trx, { leadId: lead.id, followId: follow.id, includeReversed: false })
              )
              if (already !== undefined)
                return yield* new ConflictError({
                  reason: "duplicate",
                  field: "follow",
                  detail: `investment ${follow.id} is already linked to lead ${lead.id} (co-investment ${already.id})`
                })
              row = {
                follow,
                kind: followFund.kind === "sub-fund" ? "sub-fund" : "social-capital",
                investor: followFund.code,
                amount: follow.amount,
                on: follow.on,
                round: follow.round
              }
            } else {
              const named = yield* enterprise(trx, c.enterprise!, "enterprise")
              if (named.id !== lead.enterprise.id)
                return yield* mismatch("enterprise", `the lead investment ${lead.id}`, lead.enterprise, named)
              if (c.on! < lead.on)
                return yield* invalid(
                  "on",
                  `is before the lead investment on ${lead.on}: a follow-on comes on or after the lead`
                )
              row = {
                follow: null,
                kind: "social-capital",
                investor: c.investor!,
                amount: c.amount!,
                on: c.on!,
                round: c.round ?? null
              }
            }
            return yield* inDb(() =>
              insertCoInvestment(
                trx,
                {
                  enterprise_id: lead.enterprise.id,
                  lead_id: lead.id,
                  follow_id: row.follow?.id ?? null,
                  follower_kind: row.kind,
                  investor: row.investor,
                  amount_fen: toFen(row.amount),
                  on_date: row.on,
                  round: row.round
                },
                slot.seq
              )
            )
          }),
        loadCoInvestment
      )

      const recordBond = command(
        "linkage.recordBond",
        BondInput,
        (trx, b, slot) =>
          Effect.gen(function* () {
            const issuerEnterprise =
              b.issuerEnterprise === undefined
                ? undefined
                : yield* enterprise(trx, b.issuerEnterprise, "issuerEnterprise")
            let issuerInstitution: number | null = null
            if (b.issuerInstitution !== undefined) {
              const [found] = yield* inDb(() => findInstitutions(trx, { id: b.issuerInstitution! }))
              if (found === undefined)
                return yield* invalid("issuerInstitution", `no institution has the id ${b.issuerInstitution}`)
              issuerInstitution = found.id
            }
            const proceedsFund =
              b.proceedsFund === undefined ? undefined : yield* fund(trx, b.proceedsFund, "proceedsFund")
            return yield* inDb(() =>
              insertBond(
                trx,
                {
                  code: b.code ?? null,
                  issuer_enterprise_id: issuerEnterprise?.id ?? null,
                  issuer_institution_id: issuerInstitution,
                  amount_fen: toFen(b.amount),
                  issued_on: b.issuedOn,
                  tenor_months: b.tenorMonths,
                  matures_on: addMonths(b.issuedOn, b.tenorMonths),
                  coupon_percent: decimalColumn(b.couponPercent),
                  use_of_proceeds: b.useOfProceeds,
                  proceeds_fund_id: proceedsFund?.id ?? null
                },
                slot.seq
              )
            )
          }),
        loadBond
      )

      // --- Reversal ---------------------------------------------------------------------------------

      const loaders: Record<
        RecordKind,
        (trx: Kysely<DB>, id: number) => Promise<{ readonly reversedBy: number | null } | undefined>
      > = {
        loan: loadLoan,
        "warrant-event": loadWarrantEvent,
        "tier-table": loadTierTable,
        score: loadScore,
        policy: loadPolicy,
        pool: loadPool,
        "pool-rule": loadPoolRule,
        deposit: loadDeposit,
        claim: loadClaim,
        "co-investment": loadCoInvestment,
        subsidy: loadSubsidy,
        bond: loadBond
      }

      /** Live records that depend on `kind` `id`: they must be reversed first. */
      const dependents = Effect.fnUntraced(function* (trx: Kysely<DB>, kind: RecordKind, id: number) {
        const live = { includeReversed: false } as const
        const ids = (records: ReadonlyArray<{ id: number }>) => records.map((r) => r.id).join(", ")
        switch (kind) {
          case "loan": {
            const events = yield* inDb(() => findWarrantEvents(trx, { loanId: id, ...live }))
            const subsidies = yield* inDb(() => findSubsidies(trx, { loanId: id, ...live }))
            if (events.length > 0) return `loan ${id} has live warrant events (${ids(events)})`
            if (subsidies.length > 0) return `loan ${id} has live interest subsidies (${ids(subsidies)})`
            return undefined
          }
          case "warrant-event": {
            const event = yield* inDb(() => loadWarrantEvent(trx, id))
            if (event?.kind !== "exercise") return undefined
            const exits = (yield* inDb(() => findWarrantEvents(trx, { loanId: event.loan, ...live }))).filter(
              (e) => e.kind === "exit"
            )
            return exits.length > 0 ? `loan ${event.loan}'s option has live exits (${ids(exits)})` : undefined
          }
          case "tier-table": {
            const scores = yield* inDb(() => findScores(trx, { tableId: id, ...live }))
            return scores.length > 0
              ? `tier table ${id} has live score snapshots (${ids(scores)})`
              : undefined
          }
          case "score": {
            const loans = yield* inDb(() => findLoans(trx, { scoreId: id, ...live }))
            return loans.length > 0 ? `score snapshot ${id} has live index loans (${ids(loans)})` : undefined
          }
          case "policy": {
            const claims = yield* inDb(() => findClaims(trx, { policyId: id, ...live }))
            return claims.length > 0 ? `policy ${id} has live claims (${ids(claims)})` : undefined
          }
          case "pool": {
            const deposits = yield* inDb(() => findDeposits(trx, { poolIds: [id], ...live }))
            const claims = yield* inDb(() => findClaims(trx, { poolId: id, ...live }))
            if (deposits.length > 0) return `pool ${id} has live deposits (${ids(deposits)})`
            if (claims.length > 0) return `pool ${id} has live claims (${ids(claims)})`
            return undefined
          }
          case "pool-rule": {
            const claims = yield* inDb(() => findClaims(trx, { ruleId: id, ...live }))
            return claims.length > 0 ? `rule ${id} was applied by live claims (${ids(claims)})` : undefined
          }
          case "deposit": {
            const deposit = yield* inDb(() => loadDepositRow(trx, id))
            if (deposit === undefined) return undefined
            const movements = yield* inDb(() => poolMovements(trx, deposit.poolId))
            const without = [...movements, { on: deposit.on, fen: -toFen(deposit.amount) }]
            const short = firstShortfall(without)
            return short === undefined
              ? undefined
              : `without deposit ${id}, pool ${deposit.pool} would stand at ${toWire(short.balance)} on ${short.on} (its claims were paid from it)`
          }
          default:
            return undefined
        }
      })

      const reverse = command(
        "linkage.reverse",
        LinkageReversalInput,
        (trx, r, slot) =>
          Effect.gen(function* () {
            const record = yield* inDb(() => loaders[r.kind](trx, r.id))
            if (record === undefined) return yield* new NotFoundError({ entity: r.kind, id: String(r.id) })
            if (record.reversedBy !== null)
              return yield* new ConflictError({
                reason: "duplicate",
                field: "id",
                detail: `${r.kind} ${r.id} is already reversed (by reversal ${record.reversedBy})`
              })
            const blocking = yield* dependents(trx, r.kind, r.id)
            if (blocking !== undefined) return yield* invalid("id", `${blocking}: reverse them first`)
            const on = yield* todayInShanghai
            return yield* inDb(() =>
              insertReversal(trx, { kind: r.kind, recordId: r.id, on, reason: r.reason }, slot.seq)
            )
          }),
        (trx, id) => findReversal(trx, { id })
      )

      // --- Reads ------------------------------------------------------------------------------------

      const listFilter = (q: LinkageListQuery) => ({
        enterpriseUscc: q.enterprise,
        from: q.from,
        to: q.to,
        includeReversed: q.includeReversed ?? true
      })

      const tierTableFilter = (q: TierTableListQuery) => ({
        ...(q.modelVersion === undefined ? {} : { modelVersion: q.modelVersion }),
        includeReversed: q.includeReversed ?? true
      })

      /** A dated list: `filter` turns the query into the store's filter, `more` checks its own filters. */
      const listed = <O, Q extends LinkageListQuery, F>(
        name: string,
        filter: (query: Q) => F,
        find: (db: Kysely<DB>, filter: F, page?: PageWindow) => Promise<ReadonlyArray<O>>,
        count: (db: Kysely<DB>, filter: F) => Promise<number>,
        more: (query: Q) => ReadonlyArray<FieldIssue> = () => []
      ): ListRead<O, Q> =>
        makeListRead<O, Q>({
          name,
          inDb,
          issues: (q) => [...linkageListIssues(q), ...more(q)],
          find: (q, page) => find(database.db, filter(q), page),
          count: (q) => count(database.db, filter(q))
        })

      /** The claims' store filter: a pool code no pool has matches no claim. */
      const claimFilter = async (q: ClaimListQuery) => {
        const poolId =
          q.pool === undefined ? undefined : ((await findPools(database.db, { code: q.pool }))[0]?.id ?? -1)
        return { ...listFilter(q), kind: q.kind, poolId }
      }

      const one = <O>(entity: string, id: number | string, found: O | undefined) =>
        found === undefined
          ? Effect.fail(new NotFoundError({ entity, id: String(id) }))
          : Effect.succeed(found)

      const loan = (id: number) =>
        inDb(() => loadLoan(database.db, id)).pipe(
          Effect.flatMap((found) => one("loan", id, found)),
          Effect.withSpan("Linkage.loan")
        )

      const policy = (id: number) =>
        inDb(() => loadPolicy(database.db, id)).pipe(
          Effect.flatMap((found) => one("policy", id, found)),
          Effect.withSpan("Linkage.policy")
        )

      const claim = (id: number) =>
        inDb(() => loadClaim(database.db, id)).pipe(
          Effect.flatMap((found) => one("claim", id, found)),
          Effect.withSpan("Linkage.claim")
        )

      const pool = (code: string) =>
        (isPoolCode(code) ? inDb(() => findPools(database.db, { code })) : Effect.succeed([])).pipe(
          Effect.flatMap(([found]) => one("pool", code, found)),
          Effect.withSpan("Linkage.pool")
        )

      const withoutPoolId = (rows: ReadonlyArray<PoolDeposit & { poolId: number }>) =>
        rows.map(({ poolId: _, ...d }) => d)
      function deposits(
        code: string,
        page: LinkagePageQuery
      ): Effect.Effect<LinkagePage<PoolDeposit>, NotFoundError | ReadError>
      function deposits(code: string): Effect.Effect<ReadonlyArray<PoolDeposit>, NotFoundError | StoreError>
      function deposits(
        code: string,
        page?: LinkagePageQuery
      ):
        | Effect.Effect<LinkagePage<PoolDeposit>, NotFoundError | ReadError>
        | Effect.Effect<ReadonlyArray<PoolDeposit>, NotFoundError | StoreError> {
        const span = Effect.withSpan("Linkage.deposits")
        if (page === undefined)
          return span(
            pool(code).pipe(
              Effect.flatMap((p) => inDb(() => findDeposits(database.db, { poolIds: [p.id] }))),
              Effect.map(withoutPoolId)
            )
          )
        const issues = pageIssues(page)
        if (issues.length > 0) return span(Effect.fail(new ValidationError({ issues })))
        const window = { limit: page.limit, offset: page.offset ?? 0 }
        return span(
          pool(code).pipe(
            Effect.flatMap((p) =>
              inDb(async () => ({
                items: withoutPoolId(await findDeposits(database.db, { poolIds: [p.id] }, window)),
                total: await countDeposits(database.db, { poolIds: [p.id] }),
                ...window
              }))
            )
          )
        )
      }

      function warrantEvents(
        loan: number,
        page: LinkagePageQuery
      ): Effect.Effect<LinkagePage<WarrantEvent>, ReadError>
      function warrantEvents(loan: number): Effect.Effect<ReadonlyArray<WarrantEvent>, StoreError>
      function warrantEvents(
        loanId: number,
        page?: LinkagePageQuery
      ):
        | Effect.Effect<LinkagePage<WarrantEvent>, ReadError>
        | Effect.Effect<ReadonlyArray<WarrantEvent>, StoreError> {
        const span = Effect.withSpan("Linkage.warrantEvents")
        if (page === undefined) return span(inDb(() => findWarrantEvents(database.db, { loanId })))
        const issues = pageIssues(page)
        if (issues.length > 0) return span(Effect.fail(new ValidationError({ issues })))
        const window = { limit: page.limit, offset: page.offset ?? 0 }
        return span(
          inDb(async () => ({
            items: await findWarrantEvents(database.db, { loanId }, window),
            total: await countWarrantEvents(database.db, { loanId }),
            ...window
          }))
        )
      }

      const recent = Effect.fn("Linkage.recent")(function* (query: RecentQuery = {}) {
        const limit = query.limit ?? 10
        const issues: Array<FieldIssue> = []
        const to: unknown = query.to
        if (to !== undefined) {
          const problem =
            typeof to === "string" ? businessDateProblem(to) : "must be a date written YYYY-MM-DD"
          if (problem !== undefined) issues.push({ path: "to", message: problem })
        }
        if (!(Number.isInteger(limit) && limit >= 1 && limit <= 100))
          issues.push({ path: "limit", message: "must be a whole number from 1 to 100" })
        if (issues.length > 0) return yield* new ValidationError({ issues })
        const db = database.db
        return yield* inDb(async () => {
          const refs = await recentRecordRefs(db, { to: query.to, limit })
          const idsOf = (kind: RecentKind) => refs.filter((r) => r.kind === kind).map((r) => r.id)
          const byId = async <O extends { readonly id: number }>(
            kind: RecentKind,
            find: (db: Kysely<DB>, filter: { ids: ReadonlyArray<number> }) => Promise<ReadonlyArray<O>>
          ): Promise<ReadonlyMap<number, O>> => {
            const ids = idsOf(kind)
            return ids.length === 0 ? new Map() : new Map((await find(db, { ids })).map((o) => [o.id, o]))
          }
          const loans = await byId("loan", findLoans)
          const policies = await byId("policy", findPolicies)
          const claims = await byId("claim", findClaims)
          const links = await byId("co-investment", findCoInvestments)
          const subsidies = await byId("subsidy", findSubsidies)
          const bonds = await byId("bond", findBonds)
          const codes = [...claims.values()].flatMap((c) => (c.pool === null ? [] : [c.pool]))
          const names = await poolNames(db, [...new Set(codes)])
          const entryOf = (ref: { readonly kind: RecentKind; readonly id: number }): Array<LinkageRecent> => {
            switch (ref.kind) {
              case "loan": {
                const record = loans.get(ref.id)
                return record === undefined ? [] : [{ kind: "loan", on: record.disbursedOn, record }]
              }
              case "policy": {
                const record = policies.get(ref.id)
                return record === undefined ? [] : [{ kind: "policy", on: record.startsOn, record }]
              }
              case "claim": {
                const record = claims.get(ref.id)
                if (record === undefined) return []
                const poolName = record.pool === null ? null : (names.get(record.pool) ?? null)
                return [{ kind: "claim", on: record.on, record, poolName }]
              }
              case "co-investment": {
                const record = links.get(ref.id)
                return record === undefined ? [] : [{ kind: "co-investment", on: record.on, record }]
              }
              case "subsidy": {
                const record = subsidies.get(ref.id)
                return record === undefined ? [] : [{ kind: "subsidy", on: record.on, record }]
              }
              case "bond": {
                const record = bonds.get(ref.id)
                return record === undefined ? [] : [{ kind: "bond", on: record.issuedOn, record }]
              }
            }
          }
          return refs.flatMap(entryOf)
        })
      })

      const summary = Effect.fn("Linkage.summary")(function* (raw: unknown) {
        const period = yield* decodeInput(LinkagePeriodInput, raw)
        const db = database.db
        const loans = yield* inDb(() => loanFigures(db, period))
        const warrants = yield* inDb(() => warrantFigures(db, period))
        const scores = yield* inDb(() => scoreCount(db, period))
        const policies = yield* inDb(() => policyFigures(db, period))
        const claims = yield* inDb(() => claimFigures(db, period))
        const subsidies = yield* inDb(() => subsidyFigures(db, period))
        const bonds = yield* inDb(() => bondFigures(db, period))
        const links = yield* inDb(() => findCoInvestments(db, { ...period, includeReversed: false }))
        const leads = new Map(links.map((l) => [l.lead.id, l.lead.amount]))
        const pools = yield* inDb(() => findPools(db, { includeReversed: false }))
        const ids = pools.map((p) => p.id)
        const within = yield* inDb(() => poolTotals(db, ids, period))
        const upTo = yield* inDb(() => poolTotals(db, ids, { to: period.to }))
        return {
          period: { from: period.from, to: period.to },
          investmentLoan: {
            count: loans.investmentLoan.count,
            amount: loans.investmentLoan.amount,
            warrantLoans: loans.investmentLoan.warrants,
            warrantAmount: loans.investmentLoan.warrantAmount,
            exercises: warrants.exercise.count,
            exercisePaid: warrants.exercise.amount,
            exits: warrants.exit.count,
            exitProceeds: warrants.exit.amount
          },
          indexLoan: { count: loans.indexLoan.count, amount: loans.indexLoan.amount, scores },
          investmentInsurance: {
            count: policies.investmentInsurance.count,
            sumInsured: policies.investmentInsurance.sumInsured,
            premium: policies.investmentInsurance.premium
          },
          transferInsurance: {
            policies: policies.transferInsurance.count,
            sumInsured: policies.transferInsurance.sumInsured,
            premium: policies.transferInsurance.premium,
            premiumSubsidy: policies.transferInsurance.premiumSubsidy,
            claims: claims.transfer.count,
            loss: claims.transfer.loss,
            insurerPaid: claims.transfer.insurerPaid,
            reliefPaid: claims.transfer.payout
          },
          coInvestment: {
            count: links.length,
            leadAmount: sumOf([...leads.values()]),
            followAmount: sumOf(links.map((l) => l.amount))
          },
          riskCompensation: {
            claims: claims.compensation.count,
            loss: claims.compensation.loss,
            paid: claims.compensation.payout
          },
          interestSubsidy: subsidies,
          bonds,
          pools: pools.map((p) => {
            const inPeriod = within.get(p.id) ?? { deposited: 0n, paidOut: 0n }
            const closing = upTo.get(p.id) ?? { deposited: 0n, paidOut: 0n }
            const closingFen = closing.deposited - closing.paidOut
            return {
              code: p.code,
              name: p.name,
              kind: p.kind,
              openingBalance: fromFen(closingFen - inPeriod.deposited + inPeriod.paidOut),
              deposits: fromFen(inPeriod.deposited),
              payouts: fromFen(inPeriod.paidOut),
              closingBalance: fromFen(closingFen)
            }
          })
        } satisfies LinkageSummary
      })

      const eventOrder: Record<LinkageEvent["kind"], number> = {
        scored: 0,
        "co-investment": 1,
        "loan-granted": 2,
        "policy-started": 3,
        "bond-issued": 4,
        "warrant-exercised": 5,
        "warrant-exited": 6,
        "interest-subsidy": 7,
        "claim-paid": 8
      }

      const eventsOf = Effect.fn("Linkage.eventsOf")(function* (uscc: string, query: EventsQuery = {}) {
        const db = database.db
        // A text that is no credit code names no enterprise (and never reaches the store).
        const found = isValidUscc(uscc) ? yield* inDb(() => findEnterprise(db, { uscc })) : undefined
        if (found === undefined) return yield* new NotFoundError({ entity: "enterprise", id: uscc })
        const filter = { enterpriseId: found.id, includeReversed: query.includeReversed ?? false }
        const events: Array<LinkageEvent> = []
        const push = (
          e: Omit<LinkageEvent, "reversed" | "record"> & { kind: LinkageEvent["kind"] },
          kind: RecordKind,
          record: { id: number; reversedBy: number | null }
        ) => events.push({ ...e, record: { kind, id: record.id }, reversed: record.reversedBy !== null })

        for (const s of yield* inDb(() => findScores(db, filter)))
          push(
            {
              on: s.scoredOn,
              pilot: "index-loan",
              kind: "scored",
              amount: s.limit,
              counterparty: null,
              label: `科创指数 ${s.modelVersion}: ${s.total.toString()} → ${s.tier === null ? "未达档位" : `${s.tier} 档`}`
            },
            "score",
            s
          )
        const loans = yield* inDb(() => findLoans(db, filter))
        for (const l of loans)
          push(
            {
              on: l.disbursedOn,
              pilot: l.pilot,
              kind: "loan-granted",
              amount: l.amount,
              counterparty: l.bank.name,
              label: `${pilotLabels[l.pilot]}${l.warrant === null ? "" : "（认股权贷款）"} ${pct(l.ratePercent)}, 到期 ${l.maturesOn}`
            },
            "loan",
            l
          )
        const warrantLoans = loans.filter((l) => l.warrant !== null)
        if (warrantLoans.length > 0) {
          const holders = new Map(warrantLoans.map((l) => [l.id, l.warrant?.holder ?? null]))
          for (const w of yield* inDb(() =>
            findWarrantEvents(db, { loanIds: [...holders.keys()], includeReversed: filter.includeReversed })
          ))
            push(
              {
                on: w.on,
                pilot: "investment-loan",
                kind: w.kind === "exercise" ? "warrant-exercised" : "warrant-exited",
                amount: w.amount,
                counterparty: holders.get(w.loan) ?? null,
                label: `${w.kind === "exercise" ? "认股权行权" : "认股权退出"} ${pct(w.equityPercent)}`
              },
              "warrant-event",
              w
            )
        }
        for (const p of yield* inDb(() => findPolicies(db, filter)))
          push(
            {
              on: p.startsOn,
              pilot: p.pilot,
              kind: "policy-started",
              amount: p.sumInsured,
              counterparty: p.insurer.name,
              label: `${pilotLabels[p.pilot]}保单 ${p.startsOn}–${p.endsOn}`
            },
            "policy",
            p
          )
        for (const c of yield* inDb(() => findClaims(db, filter)))
          push(
            {
              on: c.on,
              pilot: c.kind,
              kind: "claim-paid",
              amount: c.loss,
              counterparty: c.pool,
              label:
                c.kind === "transfer-insurance"
                  ? `理赔: 保险赔付 ${toWire(c.insurerPaid)}, 二次救济 ${toWire(c.payout)}`
                  : `风险补偿 ${c.registrationNo ?? ""}: 补偿 ${toWire(c.payout)}`
            },
            "claim",
            c
          )
        for (const c of yield* inDb(() => findCoInvestments(db, filter)))
          push(
            {
              on: c.on,
              pilot: "co-investment",
              kind: "co-investment",
              amount: c.amount,
              counterparty: c.investor,
              label: `投投联动: ${c.lead.fund} 直投 ${c.lead.on} 后${c.followerKind === "sub-fund" ? "子基金" : "社会资本"}跟投`
            },
            "co-investment",
            c
          )
        for (const s of yield* inDb(() => findSubsidies(db, filter)))
          push(
            {
              on: s.on,
              pilot: "interest-subsidy",
              kind: "interest-subsidy",
              amount: s.amount,
              counterparty: s.payer,
              label: `贴息 ${s.loan === null ? `质押登记 ${s.registrationNo ?? ""}` : `贷款 ${s.loan}`}`
            },
            "subsidy",
            s
          )
        for (const b of yield* inDb(() => findBonds(db, filter)))
          push(
            {
              on: b.issuedOn,
              pilot: "bonds",
              kind: "bond-issued",
              amount: b.amount,
              counterparty: b.proceedsFund,
              label: `科技创新债券 ${b.tenorMonths} 个月, 票面 ${pct(b.couponPercent)}`
            },
            "bond",
            b
          )
        return events.sort(
          (a, b) =>
            a.on.localeCompare(b.on) || eventOrder[a.kind] - eventOrder[b.kind] || a.record.id - b.record.id
        )
      })

      return Linkage.of({
        recordInvestmentLoan,
        recordWarrantExercise,
        recordWarrantExit,
        recordTierTable,
        recordScore,
        recordIndexLoan,
        recordInvestmentPolicy,
        recordTransferPolicy,
        recordPool,
        recordPoolRule,
        recordDeposit,
        recordTransferClaim,
        recordCompensationClaim,
        recordInterestSubsidy,
        recordCoInvestment,
        recordBond,
        reverse,
        loan,
        loans: listed(
          "loans",
          (q: LoanListQuery) => ({ ...listFilter(q), pilot: q.pilot }),
          findLoans,
          countLoans,
          (q) => oneOfIssue("pilot", q.pilot, LoanPilot.literals)
        ),
        warrantEvents,
        tierTables: makeListRead<TierTable, TierTableListQuery>({
          name: "tierTables",
          inDb,
          issues: (q) => {
            const version: unknown = q.modelVersion
            if (version === undefined) return []
            const problem = typeof version === "string" ? controlCharacterProblem(version) : "must be text"
            return problem === undefined ? [] : [{ path: "modelVersion", message: problem }]
          },
          find: (q, page) => findTierTables(database.db, tierTableFilter(q), page),
          count: (q) => countTierTables(database.db, tierTableFilter(q))
        }),
        scores: listed("scores", listFilter, findScores, countScores),
        policy,
        policies: listed(
          "policies",
          (q: PolicyListQuery) => ({ ...listFilter(q), pilot: q.pilot }),
          findPolicies,
          countPolicies,
          (q) => oneOfIssue("pilot", q.pilot, PolicyPilot.literals)
        ),
        pool,
        pools: makeListRead<Pool, PoolListQuery>({
          name: "pools",
          inDb,
          issues: () => [],
          find: (q, page) => findPools(database.db, { includeReversed: q.includeReversed ?? false }, page),
          count: (q) => countPools(database.db, { includeReversed: q.includeReversed ?? false })
        }),
        deposits,
        claim,
        claims: makeListRead<Claim, ClaimListQuery>({
          name: "claims",
          inDb,
          issues: (q) => [
            ...linkageListIssues(q),
            ...oneOfIssue("kind", q.kind, ClaimKind.literals),
            ...(q.pool === undefined || isPoolCode(q.pool)
              ? []
              : [{ path: "pool", message: "must be a pool code: a lowercase slug of at most 64 characters" }])
          ],
          find: async (q, page) => findClaims(database.db, await claimFilter(q), page),
          count: async (q) => countClaims(database.db, await claimFilter(q))
        }),
        coInvestments: listed("coInvestments", listFilter, findCoInvestments, countCoInvestments),
        subsidies: listed("subsidies", listFilter, findSubsidies, countSubsidies),
        bonds: listed("bonds", listFilter, findBonds, countBonds),
        reversals: makeListRead<LinkageReversal, object>({
          name: "reversals",
          inDb,
          issues: () => [],
          find: (_q, page) => findReversals(database.db, page),
          count: () => countReversals(database.db)
        }),
        recent,
        summary,
        eventsOf
      })
    })
  )
}
