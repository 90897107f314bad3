import { Cause, Clock, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { Accounts, type ApiToken, type SessionInfo, type SignedIn, type User } from "./auth/accounts.js"
import { type Actor, systemActor } from "./auth/actor.js"
import { type FundListQuery, Funds, type LedgerQuery } from "./equity/funds.js"
import {
  type CityFundKpis,
  type DealGroup,
  type DealGrouping,
  type FundFigures,
  type FundGroup,
  type FundGrouping,
  FundMetrics,
  type MetricsOptions
} from "./equity/metrics.js"
import type {
  CallEntry,
  CallInputJson,
  CommitmentEntry,
  CommitmentInputJson,
  DistributionEntry,
  DistributionInputJson,
  ExitEntry,
  ExitInputJson,
  Fund,
  FundEntry,
  FundInputJson,
  FundStatusInputJson,
  InvestmentEntry,
  InvestmentInputJson,
  NavEntry,
  NavInputJson,
  ReversalEntry,
  ValuationEntry,
  ValuationInputJson
} from "./equity/schema.js"
import type { CommandOptions } from "./journal/command.js"
import { Journal, type JournalEntry, type JournalQuery, type VerifyResult } from "./journal/journal.js"
import {
  type EnterpriseJourney,
  enterpriseJourney,
  type JourneyMatch,
  type JourneyOptions,
  type JourneySearchQuery,
  searchJourneys
} from "./journey/journey.js"
import {
  type ChildListReader,
  type ClaimListQuery,
  childListReader,
  type EventsQuery,
  Linkage,
  type LinkageListQuery,
  type ListReader,
  type LoanListQuery,
  listReader,
  type PolicyListQuery,
  type PoolListQuery,
  type RecentQuery,
  type TierTableListQuery
} from "./linkage/linkage.js"
import type {
  Bond,
  Claim,
  CoInvestment,
  InterestSubsidy,
  LinkageEvent,
  LinkageLoan,
  LinkagePeriod,
  LinkageRecent,
  LinkageReversal,
  LinkageSummary,
  Policy,
  Pool,
  PoolDeposit,
  ScoreSnapshot,
  TierTable,
  WarrantEvent
} from "./linkage/schema.js"
import { PledgeLoans } from "./loans/service.js"
import { type KejinModules, modules } from "./modules.js"
import { deriveFacade, type FacadeOf, mergeFacades } from "./operations/facade.js"
import type { PledgeBreakdown, PledgeDimension, PledgeSummary } from "./pledges/figures.js"
import type { PeriodSpec } from "./pledges/period.js"
import type {
  BreakdownOptions,
  BulkResult,
  PledgeListQuery,
  PledgePage,
  RegistrationOptions
} from "./pledges/pledges.js"
import { Pledges } from "./pledges/pledges.js"
import type {
  Pledge,
  PledgeChangeInputJson,
  PledgeEndInputJson,
  PledgeInputJson,
  PledgeMonth,
  PledgeRegistration,
  PledgeStatus,
  PledgeTimelineEntry,
  PledgeTotal
} from "./pledges/schema.js"
import { type PledgeSettingsInput, pledgeSettingsLayer } from "./pledges/settings.js"
import {
  type DistrictAt,
  type Enterprise,
  type EnterpriseInputJson,
  type EnterpriseMoveInputJson,
  type EnterpriseQuery,
  Enterprises
} from "./registry/enterprises.js"
import {
  type Institution,
  type InstitutionInputJson,
  type InstitutionKind,
  Institutions
} from "./registry/institutions.js"
import { Database, type DatabaseConfig } from "./store/database.js"
import type { Target, TargetInputJson, TargetPatchJson } from "./targets/schema.js"
import { type EnsureResult, type TargetProgress, Targets } from "./targets/targets.js"
import { clockFrom, fixedClock } from "./time/shanghai.js"

/** Every service of the core, over one database. */
export const KejinLive = (
  config: DatabaseConfig & {
    /** Pledge settings (普惠 threshold, patent exclusivity); see `PledgeSettingsShape`. */
    readonly pledges?: PledgeSettingsInput
  }
) =>
  Layer.mergeAll(
    Pledges.layer,
    PledgeLoans.layer,
    Targets.layer.pipe(Layer.provide(Pledges.layer), Layer.provide(FundMetrics.layer)),
    Accounts.layer,
    Enterprises.layer,
    Institutions.layer,
    Funds.layer,
    FundMetrics.layer,
    Linkage.layer
  ).pipe(
    Layer.provide(pledgeSettingsLayer(config.pledges)),
    Layer.provideMerge(Journal.layer),
    Layer.provideMerge(Database.layer(config))
  )

export type KejinServices = Layer.Success<ReturnType<typeof KejinLive>>

export interface OpenKejinOptions {
  /** `sqlite:./data/kejin.db` (default), `sqlite::memory:` or `postgres://…` */
  readonly database?: string
  /** Who the Promise API acts as (default: `system`, role admin). */
  readonly actor?: Actor
  /** Run pending migrations on open (default true). */
  readonly migrate?: boolean
  /**
   * Pledge settings: `inclusiveThreshold` (普惠, money text, default `"10000000.00"`) and
   * `exclusivePatents` (refuse a patent still pledged under another active registration; default true).
   * An invalid threshold throws here.
   */
  readonly pledges?: PledgeSettingsInput
  /**
   * The clock that decides "today" (Asia/Shanghai) for this instance: the default "as of" date of every
   * figure, the date of a reversal, and the latest date a record may carry (registrations, lifecycle
   * events, pledge loans and fund-ledger entries dated after today are refused). Default: the real clock.
   * - `{ today: "2027-12-31" }` stands still at noon of that date in Asia/Shanghai (tests, replays);
   *   a malformed date throws here.
   * - `{ now: () => new Date(…) }` reads the wall time from the embedder on every use.
   * Sleeping (retry back-off) always uses the real clock.
   */
  readonly clock?: KejinClock
}

/** What decides "today" for an instance: a fixed business date, or a wall-clock source. */
export type KejinClock = { readonly today: string } | { readonly now: () => Date }

/** The Effect `Clock` an `OpenKejinOptions.clock` describes (the real one when absent). */
export const clockOf = (clock: OpenKejinOptions["clock"]): Clock.Clock =>
  clock === undefined
    ? Clock.Clock.defaultValue()
    : "today" in clock
      ? fixedClock(clock.today)
      : clockFrom(() => clock.now().getTime())

/** Options of a linkage write: who acts (default: the instance's actor) and an idempotency key. */
export type LinkageWriteOptions = CommandOptions & { actor?: Actor }

/**
 * The Promise API for embedders who do not use Effect. Errors are thrown as tagged error classes. The
 * methods of declared operations (`modules.ts`) are derived from their declarations: each takes its
 * positional arguments (or its input) and then `{ actor?, idempotencyKey? }`.
 */
export type Kejin = KejinWritten & FacadeOf<KejinModules>

/** The part of the facade still written by hand (areas not yet declared as operations). */
export interface KejinWritten {
  readonly pledges: {
    record(input: PledgeInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<Pledge>
    recordMany(inputs: ReadonlyArray<unknown>, options?: { actor?: Actor }): Promise<BulkResult>
    reverse(id: number, reason: string, options?: CommandOptions & { actor?: Actor }): Promise<Pledge>
    /**
     * Sum and count of live registrations in `period`: `{ from, to }`, `{ year }`, `{ year, quarter }`,
     * `{ year, month }` or `{ fromYear, toYear }` (`PLAN_PERIOD` = 2025–2027). What the targets read.
     */
    total(period: PeriodSpec): Promise<PledgeTotal>
    /** Live pledges per calendar month of `period` (`YYYY-MM`), every month present, zeros filled. */
    monthly(period: PeriodSpec): Promise<ReadonlyArray<PledgeMonth>>
    list(query?: PledgeListQuery): Promise<PledgePage>
    get(id: number): Promise<Pledge>
    /** The current status of each of `ids` (at most 1000) in one query: `registered`, `changed`, `released`, `cancelled`. */
    statuses(ids: ReadonlyArray<number>): Promise<ReadonlyMap<number, PledgeStatus>>
    /** The registration with its status, current terms, 首次质押/普惠 flags, patents, loans and events. */
    registration(id: number, options?: RegistrationOptions): Promise<PledgeRegistration>
    /** Its history, oldest first: registered, changes, release/cancellation, loans, repayments, default. */
    events(id: number): Promise<ReadonlyArray<PledgeTimelineEntry>>
    /** 变更登记 `{ pledgeId, on, amount?, debtTerm?, note? }`: a new secured amount and/or debt term. */
    change(
      input: PledgeChangeInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<PledgeRegistration>
    /** 解除质押 `{ pledgeId, on, note? }`: every live loan must be repaid by `on`. */
    release(
      input: PledgeEndInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<PledgeRegistration>
    /** 撤销登记 `{ pledgeId, on, note? }`: every live loan must be repaid by `on`. */
    cancel(
      input: PledgeEndInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<PledgeRegistration>
    /** Takes the registration's latest live event (change, release, cancellation) out. */
    reverseEvent(
      eventId: number,
      reason: string,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<PledgeRegistration>
    /** Every measure for `period`, the same period a year earlier, growth (null on a zero base), defaults. */
    summary(period: PeriodSpec): Promise<PledgeSummary>
    /**
     * Every measure per `district`, `bank`, `size`, `inclusive` (普惠; `options.inclusiveThreshold`) or
     * `firstPledge` (首次质押); `options.yoy` adds the same groups a year earlier and the growth, and keeps
     * groups that had figures only a year earlier as rows with zero current measures.
     */
    breakdown(period: PeriodSpec, by: PledgeDimension, options?: BreakdownOptions): Promise<PledgeBreakdown>
    // `loans` (draw, repay, default, dispose, reversals, get, list) is derived: see loans/operations.ts.
  }
  readonly targets: {
    progress(asOf?: string): Promise<ReadonlyArray<TargetProgress>>
    list(): Promise<ReadonlyArray<Target>>
    /** input: the JSON body of `POST /api/v1/targets`. */
    create(input: TargetInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<Target>
    /** input: the fields to change, as in `PATCH /api/v1/targets/:key` (the key never changes). */
    update(
      key: string,
      input: TargetPatchJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<Target>
    /** Inserts the definitions whose keys do not exist yet (actor `system`); never overwrites. */
    ensure(definitions: ReadonlyArray<unknown>): Promise<EnsureResult>
  }
  /**
   * The registry: enterprises (one per credit code, with a dated district history: `moveEnterprise`
   * adds a spell) and institutions (banks, insurers, guarantors, fund managers). Writes need
   * `enterprises.write` (admin, bureau, fund manager) or `institutions.write` (admin, bureau).
   */
  readonly registry: {
    addEnterprise(
      input: EnterpriseInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<Enterprise>
    /** `{ uscc, district, since }`: registered in `district` from `since` on; earlier dates keep theirs. */
    moveEnterprise(
      input: EnterpriseMoveInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<Enterprise>
    enterpriseByUscc(uscc: string): Promise<Enterprise>
    enterprise(id: number): Promise<Enterprise>
    /**
     * In registration order, `limit` (1–1000, default 100) from `offset`; `q` searches in SQL: the name
     * contains it (letter case ignored) or the credit code starts with it. See `Enterprises.list`.
     */
    enterprises(query?: EnterpriseQuery): Promise<ReadonlyArray<Enterprise>>
    /** The enterprise's district on `date` and whether it is a Wenzhou one. */
    districtAt(uscc: string, date: string): Promise<DistrictAt>
    addInstitution(
      input: InstitutionInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<Institution>
    institution(id: number): Promise<Institution>
    institutionByUscc(uscc: string): Promise<Institution>
    institutions(query?: { readonly kind?: InstitutionKind }): Promise<ReadonlyArray<Institution>>
    /**
     * The enterprise's finance journey: fund investments, valuations and exits, pledge registrations with
     * their changes, release or cancellation, pledge loans with repayments and default, and its linkage
     * records, on one dated timeline (oldest first) with exact totals of the live events shown.
     * `{ includeReversed?, from?, to?, actor? }`; a bad code, `from` or `to` is a ValidationError naming
     * it, an unknown code a NotFoundError. Read as `actor` (default: the instance's): the fund-ledger
     * entries of funds it may not read (`canReadFundLedger`) are left out and counted in `withheld`.
     * A code only pledge registrations name (a pledgor not in the registry) gives its pledges
     * (`enterprise.registered: false`, name and district from its latest live registration).
     */
    journey(uscc: string, options?: JourneyOptions): Promise<EnterpriseJourney>
    /**
     * Whose journey can be shown: registry enterprises matching `q` (name substring, credit-code prefix),
     * then pledgors not in the registry matched on their latest live registration; `limit` (1–1000,
     * default 50) in all. See `searchJourneys`.
     */
    journeySearch(query?: JourneySearchQuery): Promise<ReadonlyArray<JourneyMatch>>
  }
  /**
   * Funds, their ledger and metrics. Writes need `funds.write`; a fund manager writes only to the funds
   * in `actor.funds` (ForbiddenError otherwise). Corrections: `reverse(id, reason)`.
   */
  readonly funds: {
    create(input: FundInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<Fund>
    setStatus(
      input: FundStatusInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<Fund>
    list(query?: FundListQuery): Promise<ReadonlyArray<Fund>>
    get(code: string): Promise<Fund>
    commit(
      input: CommitmentInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<CommitmentEntry>
    call(input: CallInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<CallEntry>
    distribute(
      input: DistributionInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<DistributionEntry>
    mark(input: NavInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<NavEntry>
    invest(
      input: InvestmentInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<InvestmentEntry>
    value(
      input: ValuationInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<ValuationEntry>
    exit(input: ExitInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<ExitEntry>
    /** Takes entry `id` out of every figure; it stays in the ledger. Returns the reversal entry. */
    reverse(id: number, reason: string, options?: CommandOptions & { actor?: Actor }): Promise<ReversalEntry>
    entry(id: number): Promise<FundEntry>
    /** The fund's entries, oldest first; reversed ones included unless `includeReversed: false`. */
    ledger(code: string, query?: LedgerQuery): Promise<ReadonlyArray<FundEntry>>
    /** Figures of one fund, or of several pooled, as of `asOf` (default today in Asia/Shanghai). */
    metrics(funds: string | ReadonlyArray<string>, options?: { readonly asOf?: string }): Promise<FundFigures>
    /** Fund-level figures per fund, chain stage, manager or kind. */
    groups(groupBy: FundGrouping, options?: MetricsOptions): Promise<ReadonlyArray<FundGroup>>
    /** Investment-level figures per district (on the investment date), tech category, local flag, fund or all. */
    deals(groupBy: DealGrouping, options?: MetricsOptions): Promise<ReadonlyArray<DealGroup>>
    /** City-fund KPIs: scale, programme leverage (look-through), sub-fund leverage and 返投, direct investments. */
    cityFund(options?: { readonly asOf?: string; readonly directTarget?: number }): Promise<CityFundKpis>
  }
  /**
   * The linkage pilots of section (五) and the pledge programmes beside them: 投贷联动 (with 认股权),
   * 投保联动, 投投联动, 科创指数贷, 科技成果转化保险 with 二次救济, 风险补偿资金池 and 贴息, 科技创新债券.
   * Writes need `linkage.write` (admin, bureau); every write is journaled; corrections are
   * `reverse(kind, id, reason)`, which takes the record out of every figure and keeps it listed.
   * Pool payouts: min(⌊ratio × (loss − insurer paid)⌋, cap, the pool's remaining balance).
   */
  readonly linkage: {
    // The writes (record…, reverse) and the reads of one record (loan, policy, pool, claim) are derived:
    // see linkage/*/operations.ts.
    /*
     * The list readers: without `limit`/`offset` the whole list (as an array); with `limit` (1–500) and
     * `offset` one page cut in SQL, `{ items, total, limit, offset }`. Each list has a stable order (its
     * own date, then id). A bad filter (a date, `to` before `from`, a credit code, a pilot, kind or pool
     * code) or page is a ValidationError naming it.
     */
    loans: ListReader<LinkageLoan, LoanListQuery>
    /** The loan's 认股权 exercises and exits, oldest first; `(loan, { limit, offset })` for a page. */
    warrantEvents: ChildListReader<number, WarrantEvent>
    tierTables: ListReader<TierTable, TierTableListQuery>
    scores: ListReader<ScoreSnapshot, LinkageListQuery>
    policies: ListReader<Policy, PolicyListQuery>
    /** Live pools (unless `includeReversed`), by code. */
    pools: ListReader<Pool, PoolListQuery>
    /** The pool's deposits, oldest first; `(code, { limit, offset })` for a page. */
    deposits: ChildListReader<string, PoolDeposit>
    claims: ListReader<Claim, ClaimListQuery>
    coInvestments: ListReader<CoInvestment, LinkageListQuery>
    subsidies: ListReader<InterestSubsidy, LinkageListQuery>
    bonds: ListReader<Bond, LinkageListQuery>
    reversals: ListReader<LinkageReversal, object>
    /**
     * The latest `limit` (1–100, default 10) live loans, policies, claims, co-investments, subsidies and
     * bonds dated on or before `to`, newest first (the later write first on a day), in one query.
     */
    recent(query?: RecentQuery): Promise<ReadonlyArray<LinkageRecent>>
    /** Each pilot's figures for `{ from, to }` (inclusive): live records dated in it; pool balances. */
    summary(period: LinkagePeriod): Promise<LinkageSummary>
    /** The enterprise's finance journey across the pilots, oldest first (live records unless asked). */
    eventsOf(uscc: string, query?: EventsQuery): Promise<ReadonlyArray<LinkageEvent>>
  }
  readonly journal: {
    verify(): Promise<VerifyResult>
    search(
      query?: JournalQuery
    ): Promise<{ readonly items: ReadonlyArray<JournalEntry>; readonly total: number }>
  }
  /** People and programs: users, sessions, bearer tokens. */
  readonly accounts: {
    hasUsers(): Promise<boolean>
    addUser(input: unknown, options?: { actor?: Actor }): Promise<User>
    setupAdmin(input: unknown): Promise<User>
    listUsers(): Promise<ReadonlyArray<User>>
    login(login: string, password: string): Promise<SignedIn>
    session(sessionToken: string): Promise<SessionInfo | undefined>
    logout(sessionToken: string): Promise<void>
    createToken(input: unknown, options?: { actor?: Actor }): Promise<{ token: string; record: ApiToken }>
    revokeToken(name: string, options?: { actor?: Actor }): Promise<ApiToken>
    listTokens(): Promise<ReadonlyArray<ApiToken>>
    tokenActor(token: string): Promise<Actor | undefined>
  }
  /** Runs an Effect program against this instance's services (the Effect API). */
  run<A, E>(effect: Effect.Effect<A, E, KejinServices>): Promise<A>
  close(): Promise<void>
}

export const openKejin = async (options: OpenKejinOptions = {}): Promise<Kejin> => {
  const clock = clockOf(options.clock)
  const runtime = ManagedRuntime.make(
    KejinLive({
      url: options.database ?? "sqlite:./data/kejin.db",
      ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
      ...(options.pledges === undefined ? {} : { pledges: options.pledges })
    }).pipe(Layer.provideMerge(Layer.succeed(Clock.Clock, clock)))
  )
  const run = async <A, E>(effect: Effect.Effect<A, E, KejinServices>): Promise<A> => {
    const exit = await runtime.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) return exit.value
    throw Cause.squash(exit.cause)
  }
  // Open eagerly so a bad URL or an unreachable server fails here, not on first use.
  try {
    await run(Database.use(() => Effect.void))
  } catch (error) {
    await runtime.dispose()
    throw error
  }
  const actorOf = (o?: { actor?: Actor }) => o?.actor ?? options.actor ?? systemActor
  const keyOf = (o?: CommandOptions) =>
    o?.idempotencyKey === undefined ? {} : { idempotencyKey: o.idempotencyKey }
  const written: KejinWritten = {
    pledges: {
      record: (input, o) => run(Pledges.use((p) => p.record(actorOf(o), input, keyOf(o)))),
      recordMany: (inputs, o) => run(Pledges.use((p) => p.recordMany(actorOf(o), inputs))),
      reverse: (id, reason, o) => run(Pledges.use((p) => p.reverse(actorOf(o), { id, reason }, keyOf(o)))),
      total: (period) => run(Pledges.use((p) => p.total(period))),
      monthly: (period) => run(Pledges.use((p) => p.monthly(period))),
      list: (query) => run(Pledges.use((p) => p.list(query))),
      get: (id) => run(Pledges.use((p) => p.get(id))),
      statuses: (ids) => run(Pledges.use((p) => p.statuses(ids))),
      registration: (id, o) => run(Pledges.use((p) => p.registration(id, o))),
      events: (id) => run(Pledges.use((p) => p.events(id))),
      change: (input, o) => run(Pledges.use((p) => p.change(actorOf(o), input, keyOf(o)))),
      release: (input, o) => run(Pledges.use((p) => p.release(actorOf(o), input, keyOf(o)))),
      cancel: (input, o) => run(Pledges.use((p) => p.cancel(actorOf(o), input, keyOf(o)))),
      reverseEvent: (eventId, reason, o) =>
        run(Pledges.use((p) => p.reverseEvent(actorOf(o), { eventId, reason }, keyOf(o)))),
      summary: (period) => run(Pledges.use((p) => p.summary(period))),
      breakdown: (period, by, o) => run(Pledges.use((p) => p.breakdown(period, by, o)))
    },
    targets: {
      progress: (asOf) => run(Targets.use((t) => t.progress(asOf))),
      list: () => run(Targets.use((t) => t.list)),
      create: (input, o) => run(Targets.use((t) => t.create(actorOf(o), input, keyOf(o)))),
      update: (key, input, o) => run(Targets.use((t) => t.update(actorOf(o), key, input, keyOf(o)))),
      ensure: (definitions) => run(Targets.use((t) => t.ensure(definitions)))
    },
    registry: {
      addEnterprise: (input, o) => run(Enterprises.use((e) => e.add(actorOf(o), input, keyOf(o)))),
      moveEnterprise: (input, o) => run(Enterprises.use((e) => e.move(actorOf(o), input, keyOf(o)))),
      enterpriseByUscc: (uscc) => run(Enterprises.use((e) => e.byUscc(uscc))),
      enterprise: (id) => run(Enterprises.use((e) => e.get(id))),
      enterprises: (query) => run(Enterprises.use((e) => e.list(query))),
      districtAt: (uscc, date) => run(Enterprises.use((e) => e.districtAt(uscc, date))),
      addInstitution: (input, o) => run(Institutions.use((i) => i.add(actorOf(o), input, keyOf(o)))),
      institution: (id) => run(Institutions.use((i) => i.get(id))),
      institutionByUscc: (uscc) => run(Institutions.use((i) => i.byUscc(uscc))),
      institutions: (query) => run(Institutions.use((i) => i.list(query))),
      journey: (uscc, o) => run(enterpriseJourney(uscc, { ...o, actor: o?.actor ?? actorOf() })),
      journeySearch: (query) => run(searchJourneys(query))
    },
    funds: {
      create: (input, o) => run(Funds.use((f) => f.create(actorOf(o), input, keyOf(o)))),
      setStatus: (input, o) => run(Funds.use((f) => f.setStatus(actorOf(o), input, keyOf(o)))),
      list: (query) => run(Funds.use((f) => f.list(query))),
      get: (code) => run(Funds.use((f) => f.get(code))),
      commit: (input, o) => run(Funds.use((f) => f.commit(actorOf(o), input, keyOf(o)))),
      call: (input, o) => run(Funds.use((f) => f.call(actorOf(o), input, keyOf(o)))),
      distribute: (input, o) => run(Funds.use((f) => f.distribute(actorOf(o), input, keyOf(o)))),
      mark: (input, o) => run(Funds.use((f) => f.mark(actorOf(o), input, keyOf(o)))),
      invest: (input, o) => run(Funds.use((f) => f.invest(actorOf(o), input, keyOf(o)))),
      value: (input, o) => run(Funds.use((f) => f.value(actorOf(o), input, keyOf(o)))),
      exit: (input, o) => run(Funds.use((f) => f.exit(actorOf(o), input, keyOf(o)))),
      reverse: (id, reason, o) => run(Funds.use((f) => f.reverse(actorOf(o), { id, reason }, keyOf(o)))),
      entry: (id) => run(Funds.use((f) => f.entry(id))),
      ledger: (code, query) => run(Funds.use((f) => f.ledger(code, query))),
      metrics: (funds, o) =>
        run(FundMetrics.use((m) => (typeof funds === "string" ? m.fund(funds, o) : m.funds(funds, o)))),
      groups: (groupBy, o) => run(FundMetrics.use((m) => m.groups(groupBy, o))),
      deals: (groupBy, o) => run(FundMetrics.use((m) => m.deals(groupBy, o))),
      cityFund: (o) => run(FundMetrics.use((m) => m.cityFund(o)))
    },
    linkage: {
      loans: listReader(run, (l) => l.loans),
      warrantEvents: childListReader(run, (l) => l.warrantEvents),
      tierTables: listReader(run, (l) => l.tierTables),
      scores: listReader(run, (l) => l.scores),
      policies: listReader(run, (l) => l.policies),
      pools: listReader(run, (l) => l.pools),
      deposits: childListReader(run, (l) => l.deposits),
      claims: listReader(run, (l) => l.claims),
      coInvestments: listReader(run, (l) => l.coInvestments),
      subsidies: listReader(run, (l) => l.subsidies),
      bonds: listReader(run, (l) => l.bonds),
      reversals: listReader(run, (l) => l.reversals),
      recent: (query) => run(Linkage.use((l) => l.recent(query))),
      summary: (period) => run(Linkage.use((l) => l.summary(period))),
      eventsOf: (uscc, query) => run(Linkage.use((l) => l.eventsOf(uscc, query)))
    },
    journal: {
      verify: () => run(Journal.use((j) => j.verify)),
      search: (query = {}) => run(Journal.use((j) => j.search(query)))
    },
    accounts: {
      hasUsers: () => run(Accounts.use((a) => a.hasUsers)),
      addUser: (input, o) => run(Accounts.use((a) => a.addUser(actorOf(o), input))),
      setupAdmin: (input) => run(Accounts.use((a) => a.setupAdmin(input))),
      listUsers: () => run(Accounts.use((a) => a.listUsers)),
      login: (login, password) => run(Accounts.use((a) => a.login(login, password))),
      session: (token) => run(Accounts.use((a) => a.session(token))),
      logout: (token) => run(Accounts.use((a) => a.logout(token))),
      createToken: (input, o) => run(Accounts.use((a) => a.createToken(actorOf(o), input))),
      revokeToken: (name, o) => run(Accounts.use((a) => a.revokeToken(actorOf(o), name))),
      listTokens: () => run(Accounts.use((a) => a.listTokens)),
      tokenActor: (token) => run(Accounts.use((a) => a.tokenActor(token)))
    },
    run,
    close: () => runtime.dispose()
  }
  return mergeFacades(
    written,
    deriveFacade(modules, run, () => options.actor ?? systemActor)
  )
}
