import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { Accounts, type ApiToken, type SessionInfo, type SignedIn, type User } from "./auth/accounts.js"
import { type Actor, systemActor } from "./auth/actor.js"
import type { CommandOptions } from "./journal/command.js"
import { Journal, type JournalEntry, type JournalQuery, type VerifyResult } from "./journal/journal.js"
import type { BulkResult, PledgeListQuery, PledgePage } from "./pledges/pledges.js"
import { Pledges } from "./pledges/pledges.js"
import type { Period, Pledge, PledgeInputJson, PledgeTotal } from "./pledges/schema.js"
import { Database, type DatabaseConfig } from "./store/database.js"
import { type TargetProgress, Targets } from "./targets/targets.js"

/** Every service of the core, over one database. */
export const KejinLive = (config: DatabaseConfig) =>
  Layer.mergeAll(Pledges.layer, Targets.layer.pipe(Layer.provide(Pledges.layer)), Accounts.layer).pipe(
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
}

/** The Promise API for embedders who do not use Effect. Errors are thrown as tagged error classes. */
export interface Kejin {
  readonly pledges: {
    record(input: PledgeInputJson | unknown, options?: CommandOptions & { actor?: Actor }): Promise<Pledge>
    recordMany(inputs: ReadonlyArray<unknown>, options?: { actor?: Actor }): Promise<BulkResult>
    reverse(id: number, reason: string, options?: CommandOptions & { actor?: Actor }): Promise<Pledge>
    total(period: Period): Promise<PledgeTotal>
    list(query?: PledgeListQuery): Promise<PledgePage>
    get(id: number): Promise<Pledge>
  }
  readonly targets: {
    progress(asOf?: string): Promise<ReadonlyArray<TargetProgress>>
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
      list: (query) => run(Pledges.use((p) => p.list(query))),
      get: (id) => run(Pledges.use((p) => p.get(id)))
    },
    targets: { progress: (asOf) => run(Targets.use((t) => t.progress(asOf))) },
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
