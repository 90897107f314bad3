import { AsyncLocalStorage } from "node:async_hooks"
import { randomBytes } from "node:crypto"
import { Context } from "effect"
import type { Kysely } from "kysely"
import type pg from "pg"
import type { DB } from "./schema.js"

const headQuery = (db: Kysely<DB>) => db.selectFrom("journal_head").select("seq").where("id", "=", 1)
/** The read compiled once per database (it runs for every request the page cache answers). */
const compiled = new WeakMap<Kysely<DB>, ReturnType<ReturnType<typeof headQuery>["compile"]>>()

const readHead = async (db: Kysely<DB>): Promise<bigint> => {
  let query = compiled.get(db)
  if (query === undefined) {
    query = headQuery(db).compile()
    compiled.set(db, query)
  }
  const { rows } = await db.executeQuery(query)
  return BigInt(rows[0]?.seq ?? 0)
}

/** The versions kept in memory, by the store they belong to (a PostgreSQL primary: see {@link VersionKeeper}). */
const keepers = new WeakMap<Kysely<DB>, VersionKeeper>()

/** Whether `db`'s data version is answered from memory now (a listening PostgreSQL primary): tests, diagnostics. */
export const versionKept = (db: Kysely<DB>): boolean => keepers.get(db)?.heard === true

/**
 * A store's head read without Kysely (a SQLite connection's own prepared statement, synchronous): what a
 * kept page's answer costs most after the session. Undefined when it cannot answer now (a transaction open
 * on the connection, whose head may not be committed): the read then goes through Kysely, after it.
 */
const directReaders = new WeakMap<Kysely<DB>, () => bigint | undefined>()

/** Registers `db`'s direct head reader (store/database.ts, for SQLite). */
export const readHeadDirectly = (db: Kysely<DB>, read: () => bigint | undefined) => {
  directReaders.set(db, read)
}

/** The least data version the caller must see (see {@link withVersionAtLeast}); 0 when none. */
const floor = new AsyncLocalStorage<bigint>()

/**
 * The store's data version: the journal head's sequence number, which every write moves forward in its
 * own transaction (and nothing else does). What was computed from the records at one version holds until
 * it changes, on every process sharing the store.
 *
 * On a PostgreSQL primary the version is kept in memory ({@link VersionKeeper}): a write of this process
 * moves it when it commits, a write of another process when its notification arrives, and it is answered
 * without a round trip. Elsewhere (SQLite, a replica, a PostgreSQL whose notifications do not reach this
 * process) it is one primary-key read of a one-row table.
 */
export const dataVersion = async (db: Kysely<DB>): Promise<string> => {
  const kept = keepers.get(db)?.known(floor.getStore() ?? 0n)
  if (kept !== undefined) return String(kept)
  const direct = directReaders.get(db)?.()
  if (direct !== undefined) return String(direct)
  const head = await readHead(db)
  keepers.get(db)?.saw(head)
  return String(head)
}

/**
 * {@link dataVersion} when it needs no statement through Kysely (kept in memory, or read straight from a
 * SQLite connection), synchronously; undefined when it must be read (then call {@link dataVersion}).
 */
export const dataVersionNow = (db: Kysely<DB>): string | undefined => {
  const kept = keepers.get(db)?.known(floor.getStore() ?? 0n)
  if (kept !== undefined) return String(kept)
  const direct = directReaders.get(db)?.()
  return direct === undefined ? undefined : String(direct)
}

/**
 * Runs `body` so that every data version read in it (its awaits included) is at least `seq`: a version
 * kept in memory below it is read again from the store. For a person whose last write, on another server,
 * has that journal position and whose notification may not have arrived here yet (read-your-writes).
 */
export const withVersionAtLeast = <A>(seq: bigint, body: () => A): A =>
  seq > 0n ? floor.run(seq > (floor.getStore() ?? 0n) ? seq : (floor.getStore() as bigint), body) : body()

/** The floor {@link withVersionAtLeast} set where the caller is (read where the Promise API starts an effect). */
export const versionAtLeastAsked = (): bigint => floor.getStore() ?? 0n

/** The same floor for an effect's queries (its fibers do not carry the caller's async context). */
export const VersionAtLeast = Context.Reference<bigint>("@kejin/core/VersionAtLeast", {
  defaultValue: () => 0n
})

/** The channel on which a PostgreSQL store's writers announce the journal head they committed. */
export const VERSION_CHANNEL = "kejin_head"

/**
 * The statement a PostgreSQL write runs last in its transaction: announces the journal head it leaves
 * (delivered to the listeners when, and only if, the transaction commits) and returns it, so this process
 * knows its own write's version without another read.
 */
export const announceHead = `select seq, pg_notify('${VERSION_CHANNEL}', seq::text) as n from journal_head where id = 1`

/**
 * Said on {@link VERSION_CHANNEL} when a sign-out ended a session outside a journaled write (which moves the
 * head and so drops every kept session anyway): the processes drop the sessions they keep (auth/accounts.ts).
 */
export const SESSIONS_ENDED = "sessions-ended"

/** What keeps sessions of a store in memory, to be told when they may be stale (see {@link onSessionsEnded}). */
const sessionWatchers = new WeakMap<Kysely<DB>, Set<() => void>>()

/**
 * Calls `drop` whenever sessions of `db` kept in memory may have ended elsewhere: another process said
 * {@link SESSIONS_ENDED}, or this process's keeper listens again after a loss (what was said meanwhile
 * was not heard). Returns the function that stops it.
 */
export const onSessionsEnded = (db: Kysely<DB>, drop: () => void): (() => void) => {
  let watchers = sessionWatchers.get(db)
  if (watchers === undefined) {
    watchers = new Set()
    sessionWatchers.set(db, watchers)
  }
  watchers.add(drop)
  return () => {
    watchers.delete(drop)
  }
}

const sessionsEnded = (db: Kysely<DB>) => {
  for (const drop of sessionWatchers.get(db) ?? []) drop()
}

export interface VersionKeeperOptions {
  /** How often the listening connection proves it still hears (ms; default 10 s). */
  readonly heartbeatMs?: number
  /** How long a proof may take before the keeper stops trusting what it holds (ms; default 5 s). */
  readonly heartbeatTimeoutMs?: number
  /** Wait before listening again after a lost connection (ms; default 1 s, doubling up to 30 s). */
  readonly retryMs?: number
}

/**
 * A PostgreSQL primary's data version kept in memory. A dedicated connection `LISTEN`s on
 * {@link VERSION_CHANNEL}, on which every write of every Kejin process on the store announces the head it
 * committed ({@link announceHead}); this process's own writes move it when they commit ({@link saw}). It
 * answers only while it is sure to hear: once a notification sent through the pool has come back on the
 * listening connection (which pgbouncer in transaction pooling, where `LISTEN` holds no session, never
 * does), proved again every few seconds; a lost connection, or a proof that does not come back in time,
 * sends every read back to the store's head until listening works again (the head read then, after the
 * `LISTEN`, so nothing committed in between is missed).
 */
export class VersionKeeper {
  private head = 0n
  private listening = false
  private client: pg.Client | undefined
  private closed = false
  private retry: number
  private timer: NodeJS.Timeout | undefined
  private proof: { readonly token: string; readonly heard: () => void } | undefined

  constructor(
    private readonly db: Kysely<DB>,
    private readonly pool: pg.Pool,
    private readonly connect: () => pg.Client,
    private readonly options: VersionKeeperOptions = {}
  ) {
    this.retry = options.retryMs ?? 1000
  }

  /** Keeps `db`'s version from now on (listening in the background; reads go to the store until it hears). */
  static start(db: Kysely<DB>, pool: pg.Pool, connect: () => pg.Client, options?: VersionKeeperOptions) {
    const keeper = new VersionKeeper(db, pool, connect, options)
    keepers.set(db, keeper)
    void keeper.listen()
    return keeper
  }

  /** The version kept, if this keeper is sure of it and it is at least `least`; else undefined (read it). */
  known(least: bigint): bigint | undefined {
    return this.listening && this.head >= least ? this.head : undefined
  }

  /** A journal head this process knows is committed (its own write, a read, a notification). */
  saw(seq: bigint) {
    if (seq > this.head) this.head = seq
  }

  /** Whether the keeper answers from memory now (tests, diagnostics). */
  get heard() {
    return this.listening
  }

  async close() {
    this.closed = true
    this.listening = false
    keepers.delete(this.db)
    clearTimeout(this.timer)
    const client = this.client
    this.client = undefined
    await client?.end().catch(() => undefined)
  }

  private schedule(ms: number, run: () => void) {
    clearTimeout(this.timer)
    if (this.closed) return
    this.timer = setTimeout(run, ms)
    this.timer.unref()
  }

  /** Stops trusting the kept version and listens again after a while. */
  private lost(client: pg.Client) {
    if (this.client !== client) return
    this.listening = false
    this.client = undefined
    this.proof = undefined
    client.end().catch(() => undefined)
    const wait = this.retry
    this.retry = Math.min(wait * 2, 30_000)
    this.schedule(wait, () => void this.listen())
  }

  private async listen() {
    if (this.closed) return
    const client = this.connect()
    this.client = client
    client.on("error", (error) => {
      console.error(
        `data version: the listening connection failed (${error.message}); reading the journal head`
      )
      this.lost(client)
    })
    client.on("end", () => this.lost(client))
    client.on("notification", (message) => {
      if (message.channel !== VERSION_CHANNEL || message.payload === undefined) return
      if (/^\d{1,19}$/.test(message.payload)) this.saw(BigInt(message.payload))
      else if (message.payload === SESSIONS_ENDED) sessionsEnded(this.db)
      else if (this.proof?.token === message.payload) this.proof.heard()
    })
    try {
      await client.connect()
      await client.query(`listen ${VERSION_CHANNEL}`)
      if (!(await this.prove(client))) {
        // Not heard (pgbouncer in transaction pooling, say): the store's head is read for every call.
        if (this.client === client) this.lost(client)
        return
      }
      // Everything committed before the LISTEN is in this read; everything after, in a notification.
      this.saw(await readHead(this.db))
      if (this.client !== client) return
      // A sign-out elsewhere while this process did not hear: what it keeps of sessions is forgotten.
      sessionsEnded(this.db)
      this.listening = true
      this.retry = this.options.retryMs ?? 1000
      this.beat(client)
    } catch (error) {
      if (this.client === client) {
        if (!this.closed)
          console.error(`data version: cannot listen (${(error as Error).message}); reading the journal head`)
        this.lost(client)
      }
    }
  }

  /** Whether a notification sent through the pool comes back on `client` in time. */
  private prove(client: pg.Client): Promise<boolean> {
    const token = `proof:${randomBytes(9).toString("base64url")}`
    return new Promise<boolean>((resolve) => {
      const timeout = setTimeout(() => resolve(false), this.options.heartbeatTimeoutMs ?? 5000)
      timeout.unref()
      this.proof = {
        token,
        heard: () => {
          clearTimeout(timeout)
          resolve(true)
        }
      }
      this.pool.query("select pg_notify($1, $2)", [VERSION_CHANNEL, token]).catch(() => {
        clearTimeout(timeout)
        resolve(false)
      })
    }).then((heard) => {
      if (this.proof?.token === token) this.proof = undefined
      return heard && this.client === client
    })
  }

  private beat(client: pg.Client) {
    this.schedule(this.options.heartbeatMs ?? 10_000, async () => {
      if (this.client !== client) return
      if (await this.prove(client)) this.beat(client)
      else this.lost(client)
    })
  }
}
