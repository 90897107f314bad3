import { AsyncLocalStorage } from "node:async_hooks"
import { createHash } from "node:crypto"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import SqliteDatabase from "better-sqlite3"
import { Context, Effect, Layer } from "effect"
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Transaction
} from "kysely"
import type pg from "pg"
import {
  type Capabilities,
  exactSumFunction,
  PREPARED_MARK,
  postgresCapabilities,
  sqliteCapabilities
} from "./capabilities.js"
import { classifyStoreError, type StoreError } from "./errors.js"
import { migrationProvider } from "./migrations/index.js"
import { ReplicaReads } from "./read-route.js"
import type { DB } from "./schema.js"
import { type DatabaseLocation, DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from "./url.js"
import {
  announceHead,
  readHeadDirectly,
  VersionAtLeast,
  VersionKeeper,
  versionKept,
  withVersionAtLeast
} from "./version.js"

export interface DatabaseConfig {
  /** `sqlite:./data/kejin.db`, `sqlite::memory:` or `postgres://…` */
  readonly url: string
  /** Run pending migrations when the layer starts (default true). */
  readonly migrate?: boolean
  /**
   * A streaming replica of the PostgreSQL store (`postgres://…`) for reads that may lag: the reads of an
   * effect marked with {@link ReplicaReads} go there (never a write, never a read inside a transaction);
   * everything else reads the primary. Never migrated. Not for SQLite.
   */
  readonly readUrl?: string
}

export type Db = Kysely<DB>

/** The store: Kysely over better-sqlite3 or pg, chosen by one URL. */
export class Database extends Context.Service<
  Database,
  {
    /**
     * The store for queries: the primary, except inside the query function of a `query` run by an
     * effect marked `ReplicaReads` (its call and everything it awaits), where it is the replica — so a
     * service's `database.query(async () => list(database.db, …))` reads one database throughout.
     */
    readonly db: Db
    /** The primary: every write, and every read that must see the latest write. */
    readonly primary: Db
    /** The read replica (`DatabaseConfig.readUrl`), if any. */
    readonly replica: Db | undefined
    /**
     * The replica's journal head (its data version, see version.ts), undefined without a replica: reads of
     * a person whose last write has seq ≤ this may go to the replica (read-your-writes by journal position).
     */
    readonly replicaHead: Effect.Effect<bigint | undefined, StoreError>
    /** The PostgreSQL pool of the primary (for state shared by server processes: rate limits), else undefined. */
    readonly pgPool: pg.Pool | undefined
    readonly caps: Capabilities
    readonly url: string
    /** Runs one query function, mapping driver failures to StoreError. */
    query<A>(run: (db: Db) => Promise<A>): Effect.Effect<A, StoreError>
    /** Runs `body` in one transaction: commit on success, rollback on any failure or interruption. */
    transaction<A, E, R>(
      body: (trx: Transaction<DB>) => Effect.Effect<A, E, R>
    ): Effect.Effect<A, E | StoreError, R>
    /** Applies pending migrations; returns the names applied. */
    readonly migrate: Effect.Effect<ReadonlyArray<string>, StoreError>
  }
>()("@kejin/core/Database") {
  static readonly layer = (config: DatabaseConfig): Layer.Layer<Database, StoreError | DatabaseUrlError> =>
    Layer.effect(
      Database,
      Effect.gen(function* () {
        const location = yield* Effect.try({
          try: () => parseDatabaseUrl(config.url),
          catch: (error) => error as DatabaseUrlError
        })
        const readLocation =
          config.readUrl === undefined || config.readUrl.trim() === ""
            ? undefined
            : yield* Effect.try({
                try: () => parseDatabaseUrl(config.readUrl as string),
                catch: (error) => error as DatabaseUrlError
              })
        if (
          readLocation !== undefined &&
          (readLocation.dialect !== "postgres" || location.dialect !== "postgres")
        )
          return yield* new DatabaseUrlError({
            url: config.readUrl as string,
            reason:
              "a read replica is for a PostgreSQL store: give postgres://… for both --database and --read-database"
          })
        const opened = yield* Effect.acquireRelease(
          Effect.tryPromise({ try: () => open(location), catch: classifyStoreError }),
          ({ db }) => Effect.promise(() => db.destroy())
        )
        const db = opened.db
        const replica =
          readLocation === undefined
            ? undefined
            : (yield* Effect.acquireRelease(
                Effect.tryPromise({ try: () => open(readLocation), catch: classifyStoreError }),
                ({ db }) => Effect.promise(() => db.destroy())
              )).db
        const caps = location.dialect === "sqlite" ? sqliteCapabilities : postgresCapabilities

        /** The replica while a routed query function runs (see `db`), through its awaits too. */
        const routed = new AsyncLocalStorage<Db>()
        /** The PostgreSQL primary's data version kept in memory (version.ts), started once migrated. */
        let keeper: VersionKeeper | undefined
        const onPrimary = <A>(run: (db: Db) => Promise<A>) =>
          keeper === undefined
            ? Effect.tryPromise({ try: () => run(db), catch: classifyStoreError })
            : // The version a person's last write (on another server) had: what its reads must reach.
              Effect.flatMap(
                VersionAtLeast.useSync((least) => least),
                (least) =>
                  Effect.tryPromise({
                    try: () => (least > 0n ? withVersionAtLeast(least, () => run(db)) : run(db)),
                    catch: classifyStoreError
                  })
              )
        const query = <A>(run: (db: Db) => Promise<A>) =>
          replica === undefined
            ? onPrimary(run)
            : Effect.flatMap(
                ReplicaReads.useSync((toReplica) => toReplica),
                (toReplica) =>
                  toReplica
                    ? Effect.tryPromise({
                        try: () => routed.run(replica, () => run(replica)),
                        catch: classifyStoreError
                      })
                    : onPrimary(run)
              )

        const replicaHead =
          replica === undefined
            ? Effect.succeed(undefined)
            : Effect.tryPromise({
                try: async () => {
                  const head = await replica
                    .selectFrom("journal_head")
                    .select("seq")
                    .where("id", "=", 1)
                    .executeTakeFirst()
                  return BigInt(head?.seq ?? 0)
                },
                catch: classifyStoreError
              })

        const transaction = <A, E, R>(body: (trx: Transaction<DB>) => Effect.Effect<A, E, R>) =>
          Effect.uninterruptibleMask((restore) =>
            Effect.gen(function* () {
              const trx = yield* Effect.tryPromise({
                try: () => db.startTransaction().execute(),
                catch: classifyStoreError
              })
              // A write reads what it decides on from its own transaction, on the primary.
              const exit = yield* Effect.exit(restore(Effect.provideService(body(trx), ReplicaReads, false)))
              if (exit._tag === "Failure") {
                yield* Effect.tryPromise(() => trx.rollback().execute()).pipe(Effect.ignore)
                return yield* exit
              }
              // Last in the transaction: the head it leaves, announced to the other processes on commit.
              const kept = keeper
              const head =
                kept === undefined
                  ? undefined
                  : yield* Effect.tryPromise({
                      try: async () =>
                        (await sql.raw<{ seq: bigint }>(announceHead).execute(trx)).rows[0]?.seq,
                      catch: classifyStoreError
                    }).pipe(
                      Effect.tapError(() =>
                        Effect.tryPromise(() => trx.rollback().execute()).pipe(Effect.ignore)
                      )
                    )
              yield* Effect.tryPromise({ try: () => trx.commit().execute(), catch: classifyStoreError }).pipe(
                Effect.tapError(() => Effect.tryPromise(() => trx.rollback().execute()).pipe(Effect.ignore))
              )
              // This process's next read sees its own write at once (read-your-writes).
              if (head !== undefined) kept?.saw(BigInt(head))
              return exit.value
            })
          )

        const migrate = Effect.tryPromise({
          try: async () => {
            const migrator = new Migrator({ db, provider: migrationProvider({ dialect: location.dialect }) })
            const migrated = async () => {
              const { error, results } = await migrator.migrateToLatest()
              if (error) throw error
              return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName)
            }
            if (location.dialect === "sqlite") return migrated()
            // Several servers starting at once on one PostgreSQL: one migrates, the others wait for it and
            // find nothing left to do. The lock is a transaction's (held on one connection until its commit,
            // also through pgbouncer in transaction pooling), not Kysely's session lock (see open).
            return db.transaction().execute(async (trx) => {
              await sql`select pg_advisory_xact_lock(${sql.lit(migrationLockId)})`.execute(trx)
              return migrated()
            })
          },
          catch: classifyStoreError
        })

        if (config.migrate !== false) yield* migrate

        const listener = opened.listener
        if (listener !== undefined && opened.pool !== undefined) {
          const pool = opened.pool
          // A store not migrated yet (migrate: false) has no head to keep: its version is read as before.
          const hasHead = yield* Effect.tryPromise({
            try: async () =>
              (await sql<{ t: string | null }>`select to_regclass('journal_head')::text as t`.execute(db))
                .rows[0]?.t != null,
            catch: classifyStoreError
          })
          if (hasHead)
            keeper = yield* Effect.acquireRelease(
              Effect.sync(() => VersionKeeper.start(db, pool, listener)),
              (k) => Effect.promise(() => k.close())
            )
        }

        const service = {
          get db() {
            return routed.getStore() ?? db
          },
          primary: db,
          replica,
          replicaHead,
          pgPool: opened.pool,
          caps,
          url: redactDatabaseUrl(config.url),
          query,
          transaction,
          migrate
        }
        return Database.of(service)
      })
    )
}

/** The store's Kysely instance, for reads outside a service (e.g. the data version, version.ts). */
export const storeDb: Effect.Effect<Db, never, Database> = Effect.gen(function* () {
  return (yield* Database).db
})

/** The `application_name` of the connection a PostgreSQL store's data version listens on (version.ts). */
export const LISTENER_NAME = "kejin data version"

/** The advisory lock Kejin's migrations take on PostgreSQL (any fixed 64-bit number; "kejin" in ASCII). */
export const migrationLockId = 0x6b656a696en

/**
 * PostgreSQL as Kysely speaks it, but for the migrator's own lock: a session-level advisory lock taken and
 * released by two statements, which pgbouncer in transaction pooling may send to two server connections
 * (the lock then outlives the migration on the first). Kejin's migrate takes a transaction's lock instead.
 */
class KejinPostgresAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

class KejinPostgresDialect extends PostgresDialect {
  override createAdapter() {
    return new KejinPostgresAdapter()
  }
}

const open = async (
  location: DatabaseLocation
): Promise<{ db: Db; pool: pg.Pool | undefined; listener?: () => pg.Client }> => {
  if (location.dialect === "sqlite") {
    if (location.file !== ":memory:") mkdirSync(dirname(location.file), { recursive: true })
    const sqlite = new SqliteDatabase(location.file)
    sqlite.pragma("journal_mode = WAL")
    sqlite.pragma("foreign_keys = ON")
    sqlite.pragma("busy_timeout = 5000")
    sqlite.pragma("synchronous = NORMAL")
    // A page cache of up to 64 MiB (SQLite's default is 2 MiB): once the indexes of a few hundred thousand
    // registrations outgrow the cache, every insert evicts and re-reads pages and a long transaction spills
    // them again and again (an import of 200,000 rows: 6× slower, and the raw inserts of the benchmark's
    // store baseline too). Pages are taken as used; a small store never fills it.
    sqlite.pragma("cache_size = -65536")
    // Integers come back as bigint, so fen beyond 2^53 never pass through a float.
    sqlite.defaultSafeIntegers(true)
    // What `exactSum` calls once per group to join its two integer parts (see capabilities.ts).
    sqlite.function(exactSumFunction.name, { deterministic: true, safeIntegers: true }, (hi, lo) =>
      exactSumFunction.combine(hi as bigint | null, lo as bigint | null)
    )
    const statements = withStatementCache(sqlite)
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }) })
    // The data version read straight from the connection (version.ts), but while a transaction is open on
    // it (its head not committed yet): then Kysely's read, which waits for the transaction to end.
    let head: SqliteDatabase.Statement | undefined
    readHeadDirectly(db, () => {
      if (sqlite.inTransaction || !sqlite.open) return undefined
      try {
        head ??= sqlite.prepare("select seq from journal_head where id = 1")
      } catch {
        return undefined // not migrated yet: Kysely's read says so
      }
      const row = head.get() as { seq: bigint } | undefined
      return row === undefined ? 0n : BigInt(row.seq)
    })
    return { db, pool: undefined }
  }
  // pg is loaded only for a PostgreSQL store: a SQLite server never pays for it at start-up.
  const { default: pg } = await import("pg")
  // int8 (count(*), bigint columns) as bigint too, as on SQLite, instead of pg's default text; for this
  // pool only, not through pg's process-wide parser table an embedder may have set. numeric stays text.
  // JIT off for Kejin's sessions: its queries are short, and a planner misled by statistics a long import
  // has outgrown compiled each of them (~40 ms of JIT for a 2 ms patent lookup).
  const pool = new pg.Pool({
    connectionString: location.url,
    max: 10,
    types: int8AsBigint(pg.types),
    options: "-c jit=off"
  })
  // An idle client losing its server (a restart, a failover) must not crash the process:
  // the pool drops it and the next query opens a new one.
  pool.on("error", (error) => console.error(`PostgreSQL idle connection lost: ${error.message}`))
  let named = () => false
  const db = new Kysely<DB>({ dialect: new KejinPostgresDialect({ pool: namingPool(pool, () => named()) }) })
  // Named statements only where a connection keeps them between transactions: where the data version is
  // heard (version.ts), which never happens behind pgbouncer in transaction pooling.
  named = () => versionKept(db)
  return {
    db,
    pool,
    // The connection the data version listens on (version.ts): its own, outside the pool.
    listener: () =>
      new pg.Client({
        connectionString: location.url,
        keepAlive: true,
        application_name: LISTENER_NAME
      })
  }
}

/** The most statement texts {@link namingPool} names; past them, a marked statement goes unnamed. */
const NAMED_STATEMENTS = 256

/**
 * `pool` as Kysely asks it for connections, but a statement marked {@link PREPARED_MARK} is sent prepared by
 * name while `named()` holds: parsed and planned on the first run on each connection, then only bound and
 * executed (on the figures' reads from the aggregates, planning took as long as executing). pg keeps the
 * names per connection; a named statement is kept by the server for the connection's life, which
 * pgbouncer in transaction pooling does not give (its server connections change under a client).
 */
const namingPool = (pool: pg.Pool, named: () => boolean) => {
  const names = new Map<string, string>()
  const nameOf = (text: string) => {
    let name = names.get(text)
    if (name === undefined && names.size < NAMED_STATEMENTS) {
      name = `kejin_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`
      names.set(text, name)
    }
    return name
  }
  return {
    connect: async () => {
      const client = await pool.connect()
      return {
        query: (text: unknown, values?: ReadonlyArray<unknown>) => {
          const name =
            typeof text === "string" && text.startsWith(PREPARED_MARK) && named() ? nameOf(text) : undefined
          return name === undefined
            ? client.query(text as string, values as Array<unknown>)
            : client.query({ name, text: text as string, values: values as Array<unknown> })
        },
        release: (error?: Error | boolean) => client.release(error)
      }
    },
    end: () => pool.end()
  } as unknown as pg.Pool
}

/**
 * better-sqlite3 with its prepared statements kept (Kysely prepares every query it runs, and preparing
 * costs more than running a small one): the last 1000 by SQL text. A statement still being iterated (a
 * streamed read) is busy, so the same SQL meanwhile gets a fresh one.
 */
const withStatementCache = (sqlite: SqliteDatabase.Database) => {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      const cached = cache.get(sql)
      if (cached !== undefined && !cached.busy) return cached
      const statement = sqlite.prepare(sql)
      if (cached === undefined) {
        if (cache.size >= 1000) cache.delete(cache.keys().next().value as string)
        cache.set(sql, statement)
      }
      return statement
    }
  }
}

const int8Oid = 20

const int8AsBigint = (types: typeof pg.types): pg.CustomTypesConfig => ({
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === int8Oid && format !== "binary"
      ? (text: string) => BigInt(text)
      : types.getTypeParser(oid, format)) as typeof types.getTypeParser
})
