import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
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
import type { BulkResult, PledgeListQuery, PledgePage } from "./pledges/pledges.js"
import { Pledges } from "./pledges/pledges.js"
import type { Period, Pledge, PledgeInputJson, PledgeMonth, PledgeTotal } from "./pledges/schema.js"
import {
  type DistrictAt,
  type Enterprise,
  type EnterpriseInputJson,
  type EnterpriseMoveInputJson,
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

/** Every service of the core, over one database. */
export const KejinLive = (config: DatabaseConfig) =>
  Layer.mergeAll(
    Pledges.layer,
    Targets.layer.pipe(Layer.provide(Pledges.layer), Layer.provide(FundMetrics.layer)),
    Accounts.layer,
    Enterprises.layer,
    Institutions.layer,
    Funds.layer,
    FundMetrics.layer
  ).pipe(Layer.provideMerge(Journal.layer), Layer.provideMerge(Database.layer(config)))

export type KejinServices = Layer.Success<ReturnType<typeof KejinLive>>

export interface OpenKejinOptions {
  /** `sqlite:./data/kejin.db` (default), `sqlite::memory:` or `postgres://…` */
  readonly database?: string
  /** Who the Promise API acts as (default: `system`, role admin). */
  readonly actor?: Actor
  /** Run pending migrations on open (default true). */
  readonly migrate?: boolean
}

/** The Promise API for embedders who do not use Effect. Errors are thrown as tagged error classes. */
export interface Kejin {
  readonly pledges: {
    record(input: PledgeInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<Pledge>
    recordMany(inputs: ReadonlyArray<unknown>, options?: { actor?: Actor }): Promise<BulkResult>
    reverse(id: number, reason: string, options?: CommandOptions & { actor?: Actor }): Promise<Pledge>
    total(period: Period): Promise<PledgeTotal>
    /** Live pledges per calendar month of `period` (`YYYY-MM`), every month present, zeros filled. */
    monthly(period: Period): Promise<ReadonlyArray<PledgeMonth>>
    list(query?: PledgeListQuery): Promise<PledgePage>
    get(id: number): Promise<Pledge>
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
    enterprises(query?: {
      readonly limit?: number
      readonly offset?: number
    }): Promise<ReadonlyArray<Enterprise>>
    /** The enterprise's district on `date` and whether it is a Wenzhou one. */
    districtAt(uscc: string, date: string): Promise<DistrictAt>
    addInstitution(
      input: InstitutionInputJson | unknown,
      options?: CommandOptions & { actor?: Actor }
    ): Promise<Institution>
    institution(id: number): Promise<Institution>
    institutionByUscc(uscc: string): Promise<Institution>
    institutions(query?: { readonly kind?: InstitutionKind }): Promise<ReadonlyArray<Institution>>
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
  const runtime = ManagedRuntime.make(
    KejinLive({
      url: options.database ?? "sqlite:./data/kejin.db",
      ...(options.migrate === undefined ? {} : { migrate: options.migrate })
    })
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
  return {
    pledges: {
      record: (input, o) => run(Pledges.use((p) => p.record(actorOf(o), input, keyOf(o)))),
      recordMany: (inputs, o) => run(Pledges.use((p) => p.recordMany(actorOf(o), inputs))),
      reverse: (id, reason, o) => run(Pledges.use((p) => p.reverse(actorOf(o), { id, reason }, keyOf(o)))),
      total: (period) => run(Pledges.use((p) => p.total(period))),
      monthly: (period) => run(Pledges.use((p) => p.monthly(period))),
      list: (query) => run(Pledges.use((p) => p.list(query))),
      get: (id) => run(Pledges.use((p) => p.get(id)))
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
      institutions: (query) => run(Institutions.use((i) => i.list(query)))
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
}
