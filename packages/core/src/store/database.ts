import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import SqliteDatabase from "better-sqlite3"
import { Context, Effect, Layer } from "effect"
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from "kysely"
import type pg from "pg"
import {
  type Capabilities,
  exactSumFunction,
  postgresCapabilities,
  sqliteCapabilities
} from "./capabilities.js"
import { classifyStoreError, type StoreError } from "./errors.js"
import { migrationProvider } from "./migrations/index.js"
import type { DB } from "./schema.js"
import { type DatabaseLocation, type DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from "./url.js"

export interface DatabaseConfig {
  /** `sqlite:./data/kejin.db`, `sqlite::memory:` or `postgres://…` */
  readonly url: string
  /** Run pending migrations when the layer starts (default true). */
  readonly migrate?: boolean
}

export type Db = Kysely<DB>

/** The store: Kysely over better-sqlite3 or pg, chosen by one URL. */
export class Database extends Context.Service<
  Database,
  {
    readonly db: Db
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
        const db = yield* Effect.acquireRelease(
          Effect.tryPromise({ try: () => open(location), catch: classifyStoreError }),
          (db) => Effect.promise(() => db.destroy())
        )
        const caps = location.dialect === "sqlite" ? sqliteCapabilities : postgresCapabilities

        const query = <A>(run: (db: Db) => Promise<A>) =>
          Effect.tryPromise({ try: () => run(db), catch: classifyStoreError })

        const transaction = <A, E, R>(body: (trx: Transaction<DB>) => Effect.Effect<A, E, R>) =>
          Effect.uninterruptibleMask((restore) =>
            Effect.gen(function* () {
              const trx = yield* Effect.tryPromise({
                try: () => db.startTransaction().execute(),
                catch: classifyStoreError
              })
              const exit = yield* Effect.exit(restore(body(trx)))
              if (exit._tag === "Failure") {
                yield* Effect.tryPromise(() => trx.rollback().execute()).pipe(Effect.ignore)
                return yield* exit
              }
              yield* Effect.tryPromise({ try: () => trx.commit().execute(), catch: classifyStoreError }).pipe(
                Effect.tapError(() => Effect.tryPromise(() => trx.rollback().execute()).pipe(Effect.ignore))
              )
              return exit.value
            })
          )

        const migrate = Effect.tryPromise({
          try: async () => {
            const migrator = new Migrator({ db, provider: migrationProvider({ dialect: location.dialect }) })
            const { error, results } = await migrator.migrateToLatest()
            if (error) throw error
            return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName)
          },
          catch: classifyStoreError
        })

        if (config.migrate !== false) yield* migrate

        return Database.of({ db, caps, url: redactDatabaseUrl(config.url), query, transaction, migrate })
      })
    )
}

/** The store's Kysely instance, for reads outside a service (e.g. the data version, version.ts). */
export const storeDb: Effect.Effect<Db, never, Database> = Effect.gen(function* () {
  return (yield* Database).db
})

const open = async (location: DatabaseLocation): Promise<Db> => {
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
    return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
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
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
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
