import { Cause, Clock, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { Accounts, type ApiToken, type SessionInfo, type SignedIn, type User } from "./auth/accounts.js"
import { type Actor, systemActor } from "./auth/actor.js"
import { Conversions } from "./equity/conversions.js"
import { FundEconomics } from "./equity/economics.js"
import { Funds } from "./equity/funds.js"
import { FundMetrics } from "./equity/metrics.js"
import {
  findMapping,
  type ImportKind,
  type ImportRequest,
  type ImportSummary,
  importedRows,
  importKinds,
  mappingSources,
  runImport,
  type SavedMapping,
  saveMapping
} from "./imports/index.js"
import type { CommandOptions } from "./journal/command.js"
import {
  type AuditMode,
  type AuditReport,
  Journal,
  type JournalEntry,
  type JournalQuery,
  type VerifyResult
} from "./journal/journal.js"
import { Linkage } from "./linkage/linkage.js"
import { PledgeLoans } from "./loans/service.js"
import { type KejinModules, modules } from "./modules.js"
import { deriveFacade, type FacadeOf, mergeFacades } from "./operations/facade.js"
import { Pledges } from "./pledges/pledges.js"
import { type PledgeSettingsInput, pledgeSettingsLayer } from "./pledges/settings.js"
import { Enterprises } from "./registry/enterprises.js"
import { Institutions } from "./registry/institutions.js"
import { Database, type DatabaseConfig } from "./store/database.js"
import { ReplicaReads, replicaReadsAsked } from "./store/read-route.js"
import { VersionAtLeast, versionAtLeastAsked } from "./store/version.js"
import { type PluginMeasure, Targets } from "./targets/targets.js"
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
    Targets.layer.pipe(
      Layer.provide(Pledges.layer),
      Layer.provide(FundMetrics.layer),
      Layer.provide(Linkage.layer)
    ),
    Accounts.layer,
    Enterprises.layer,
    Institutions.layer,
    Funds.layer,
    FundMetrics.layer,
    Linkage.layer,
    FundEconomics.layer.pipe(Layer.provide(Funds.layer)),
    Conversions.layer
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
   * A streaming replica of a PostgreSQL store (`postgres://…`): what runs inside `withReplicaReads`
   * (`@kejin/core/internal`; a server's reads that may lag) reads there; everything else, and every write,
   * on `database`. Default: none.
   */
  readonly readDatabase?: string
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

/**
 * The part of the facade written by hand: the journal, people and tokens (not yet declared as
 * operations), `run` and `close`. Every domain area (pledges and loans, funds, targets, the registry and
 * journeys, the linkage pilots) is derived from its declarations (`modules.ts`).
 */
export interface KejinWritten {
  readonly journal: {
    verify(): Promise<VerifyResult>
    /** The chain and every stored record against the journal (`full`), or a quick check; kept for `lastAudit`. */
    audit(mode?: AuditMode): Promise<AuditReport>
    lastAudit(): Promise<AuditReport | undefined>
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
    setRole(input: unknown, options?: { actor?: Actor }): Promise<User>
    disableUser(login: string, options?: { actor?: Actor }): Promise<User>
    enableUser(login: string, options?: { actor?: Actor }): Promise<User>
    /** A new generated password, returned once; the person's sessions end. */
    resetPassword(login: string, options?: { actor?: Actor }): Promise<{ user: User; password: string }>
    /** The actor's own password (`{ current, password }`); their sessions but `keepSession` end. */
    changeOwnPassword(input: unknown, options: { actor: Actor; keepSession?: string }): Promise<User>
    login(login: string, password: string): Promise<SignedIn>
    session(sessionToken: string): Promise<SessionInfo | undefined>
    logout(sessionToken: string): Promise<void>
    createToken(input: unknown, options?: { actor?: Actor }): Promise<{ token: string; record: ApiToken }>
    revokeToken(name: string, options?: { actor?: Actor }): Promise<ApiToken>
    listTokens(): Promise<ReadonlyArray<ApiToken>>
    tokenActor(token: string): Promise<Actor | undefined>
  }
  /**
   * Spreadsheets in: `kinds()` lists what a file may bring in (each kind's columns and their headers);
   * `run` imports rows (from `openRows(file)`) as one journal entry: a dry run, all or nothing (the
   * default) or the valid rows only; rows imported before are skipped as identical.
   */
  readonly imports: {
    kinds(): ReadonlyArray<ImportKind>
    run(request: Omit<ImportRequest, "actor"> & { readonly actor?: Actor }): Promise<ImportSummary>
    /** Saves a mapping for a kind and a source (`{ kind, source, mapping }`), a journaled write. */
    saveMapping(input: unknown, options?: { actor?: Actor }): Promise<SavedMapping>
    /** The newest mapping saved for a kind and source. */
    mapping(kind: string, source: string): Promise<SavedMapping | undefined>
    /** The sources a kind has saved mappings for. */
    sources(kind: string): Promise<ReadonlyArray<string>>
    /** The rows an import recorded, by its journal entry (what `/audit` shows of it), in the file's order. */
    rows(
      journalSeq: number,
      page?: { readonly limit?: number; readonly offset?: number }
    ): Promise<{
      readonly items: ReadonlyArray<{
        readonly rowNo: number
        readonly kind: string
        readonly input: unknown
      }>
      readonly total: number
    }>
  }
  readonly targets: {
    /**
     * Registers a plugin's measure (`PluginMeasure`: id, { zh, en } label, unit, value over a period as
     * exact text) for this instance, so that targets can follow it; an id taken is a ValidationError.
     */
    registerMeasure(measure: PluginMeasure): Promise<void>
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
      ...(options.readDatabase === undefined ? {} : { readUrl: options.readDatabase }),
      ...(options.pledges === undefined ? {} : { pledges: options.pledges })
    }).pipe(Layer.provideMerge(Layer.succeed(Clock.Clock, clock)))
  )
  const run = async <A, E>(effect: Effect.Effect<A, E, KejinServices>): Promise<A> => {
    // Read where the caller asked (withReplicaReads) — here, before the effect's fibers, whose scheduling
    // does not carry the caller's async context.
    const least = versionAtLeastAsked()
    const routed = replicaReadsAsked() ? Effect.provideService(effect, ReplicaReads, true) : effect
    const exit = await runtime.runPromiseExit(
      least > 0n ? Effect.provideService(routed, VersionAtLeast, least) : routed
    )
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
  // A signed-in person's session asked again within its moment is answered without running an effect.
  const accounts = await run(Accounts.use((a) => Effect.succeed(a)))
  const written: KejinWritten = {
    journal: {
      verify: () => run(Journal.use((j) => j.verify)),
      audit: (mode = "full") => run(Journal.use((j) => j.audit(mode))),
      lastAudit: () => run(Journal.use((j) => j.lastAudit)),
      search: (query = {}) => run(Journal.use((j) => j.search(query)))
    },
    accounts: {
      hasUsers: () => run(Accounts.use((a) => a.hasUsers)),
      addUser: (input, o) => run(Accounts.use((a) => a.addUser(actorOf(o), input))),
      setupAdmin: (input) => run(Accounts.use((a) => a.setupAdmin(input))),
      listUsers: () => run(Accounts.use((a) => a.listUsers)),
      setRole: (input, o) => run(Accounts.use((a) => a.setRole(actorOf(o), input))),
      disableUser: (login, o) => run(Accounts.use((a) => a.setDisabled(actorOf(o), { login }, true))),
      enableUser: (login, o) => run(Accounts.use((a) => a.setDisabled(actorOf(o), { login }, false))),
      resetPassword: (login, o) => run(Accounts.use((a) => a.resetPassword(actorOf(o), { login }))),
      changeOwnPassword: (input, o) =>
        run(Accounts.use((a) => a.changeOwnPassword(o.actor, input, o.keepSession))),
      login: (login, password) => run(Accounts.use((a) => a.login(login, password))),
      session: (token) => {
        const kept = accounts.keptSession(token, clock.currentTimeMillisUnsafe())
        return kept === undefined ? run(accounts.session(token)) : Promise.resolve(kept)
      },
      logout: (token) => run(Accounts.use((a) => a.logout(token))),
      createToken: (input, o) => run(Accounts.use((a) => a.createToken(actorOf(o), input))),
      revokeToken: (name, o) => run(Accounts.use((a) => a.revokeToken(actorOf(o), name))),
      listTokens: () => run(Accounts.use((a) => a.listTokens)),
      tokenActor: (token) => run(Accounts.use((a) => a.tokenActor(token)))
    },
    imports: {
      kinds: () => importKinds(modules),
      run: (request) => run(runImport(modules)({ ...request, actor: actorOf(request) })),
      saveMapping: (input, o) => run(saveMapping(modules)(actorOf(o), input)),
      mapping: (kind, source) => run(Database.use((d) => findMapping(d.db, kind, source))),
      sources: (kind) => run(mappingSources(kind)),
      rows: (journalSeq, page = {}) =>
        run(importedRows(journalSeq, { limit: page.limit ?? 100, offset: page.offset ?? 0 }))
    },
    targets: {
      registerMeasure: (measure) => run(Targets.use((t) => t.registerMeasure(measure)))
    },
    run,
    close: () => runtime.dispose()
  }
  return mergeFacades(
    written,
    deriveFacade(modules, run, () => options.actor ?? systemActor)
  )
}
