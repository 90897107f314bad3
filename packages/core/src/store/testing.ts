import { randomBytes } from "node:crypto"
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"

/**
 * Real databases for tests: a SQLite file in a temporary folder always, and a fresh
 * PostgreSQL database whenever KEJIN_TEST_POSTGRES_URL is set. Under CI the variable
 * is required: a run fails rather than silently skipping PostgreSQL.
 *
 * Every test that reads the store should make its own database (`beforeEach`) with the rows it reads.
 * `{ migrated: true }` makes that cheap: a run's global set-up (`prepareTestTemplates`) migrates one
 * template per dialect, and each database is a copy of it; without the set-up it is migrated on the spot.
 */
export type TestDialect = "sqlite" | "postgres"

export interface TestDatabase {
  readonly dialect: TestDialect
  readonly url: string
  dispose(): Promise<void>
}

export interface TestDatabaseOptions {
  /** Start with every migration applied (a copy of the run's template) instead of an empty database. */
  readonly migrated?: boolean
}

/** Set by `prepareTestTemplates` for the workers of one run. */
const env = {
  run: "KEJIN_TEST_RUN",
  sqliteTemplate: "KEJIN_TEST_TEMPLATE_SQLITE",
  postgresTemplate: "KEJIN_TEST_TEMPLATE_POSTGRES"
} as const

export const testDialects = (): ReadonlyArray<TestDialect> => {
  const url = process.env.KEJIN_TEST_POSTGRES_URL
  if (url) return ["sqlite", "postgres"]
  if (process.env.CI) {
    throw new Error("KEJIN_TEST_POSTGRES_URL is not set: under CI the store tests must run on PostgreSQL too")
  }
  return ["sqlite"]
}

const postgresBase = (): string => {
  const base = process.env.KEJIN_TEST_POSTGRES_URL
  if (!base) throw new Error("KEJIN_TEST_POSTGRES_URL is not set")
  return base
}

const withAdmin = async <A>(use: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: postgresBase() })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

const postgresUrl = (name: string): string => {
  const url = new URL(postgresBase())
  url.pathname = `/${name}`
  return url.toString()
}

/** Retries `query` while the server still sees sessions of a pool just closed (no FORCE anywhere). */
const patiently = async (client: pg.Client, query: string): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.query(query)
      return
    } catch (error) {
      if (attempt >= 50) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/** Drops `name`, waiting for the server to see the sessions of a closed pool go. */
const dropPostgres = (name: string): Promise<void> =>
  withAdmin((client) => patiently(client, `drop database if exists ${name}`))

/** A new PostgreSQL database, empty or a copy of `template`; named for the run, so its teardown finds it. */
const postgresDatabase = async (template?: string): Promise<TestDatabase> => {
  const run = process.env[env.run]
  const name = `kejin_t_${run ? `${run}_` : ""}${randomBytes(6).toString("hex")}`
  await withAdmin((client) =>
    patiently(client, `create database ${name}${template === undefined ? "" : ` template ${template}`}`)
  )
  return {
    dialect: "postgres",
    url: postgresUrl(name),
    dispose: async () => {
      // Inside a prepared run the drop need not hold up the next test: drops overlap on the server
      // (one checkpoint serves several), and the run's teardown drops whatever is left.
      if (run) void dropPostgres(name).catch(() => undefined)
      else await dropPostgres(name)
    }
  }
}

/** A SQLite file in a folder of its own, empty or a copy of `template`. */
const sqliteDatabase = (template?: string): TestDatabase => {
  const dir = mkdtempSync(join(tmpdir(), "kejin-test-"))
  const file = join(dir, "kejin.db")
  if (template !== undefined) copyFileSync(template, file)
  return {
    dialect: "sqlite",
    url: `sqlite:${file}`,
    dispose: async () => rmSync(dir, { recursive: true, force: true })
  }
}

/** Applies every migration to an empty database (when no template was prepared). */
const migrate = async (url: string): Promise<void> => {
  const { openKejin } = await import("../kejin.js")
  const kejin = await openKejin({ database: url })
  await kejin.close()
}

export const createTestDatabase = async (
  dialect: TestDialect,
  options: TestDatabaseOptions = {}
): Promise<TestDatabase> => {
  const template = options.migrated
    ? process.env[dialect === "sqlite" ? env.sqliteTemplate : env.postgresTemplate]
    : undefined
  const database = dialect === "sqlite" ? sqliteDatabase(template) : await postgresDatabase(template)
  if (options.migrated && template === undefined) await migrate(database.url)
  return database
}

/**
 * A fresh database with everything `source` holds: for a fixture that takes long to record, made once
 * (`beforeAll`) and copied for each test (`beforeEach`). Close every connection to `source` first.
 */
export const copyTestDatabase = async (source: TestDatabase): Promise<TestDatabase> => {
  if (source.dialect === "sqlite") {
    const file = source.url.slice("sqlite:".length)
    if (existsSync(`${file}-wal`)) throw new Error(`close the database ${file} before copying it`)
    return sqliteDatabase(file)
  }
  return postgresDatabase(new URL(source.url).pathname.slice(1))
}

/**
 * For a test run's global set-up: migrates one template database per dialect, and tells the workers
 * (through the environment) to copy it for `createTestDatabase(dialect, { migrated: true })`.
 * Returns the teardown, which drops the templates and every PostgreSQL database of the run still there.
 */
export const prepareTestTemplates = async (): Promise<() => Promise<void>> => {
  const run = randomBytes(4).toString("hex")
  const dir = mkdtempSync(join(tmpdir(), "kejin-template-"))
  const file = join(dir, "kejin.db")
  await migrate(`sqlite:${file}`)
  if (existsSync(`${file}-wal`)) throw new Error(`the SQLite template ${file} was not checkpointed on close`)
  const postgres = process.env.KEJIN_TEST_POSTGRES_URL ? `kejin_tpl_${run}` : undefined
  if (postgres) {
    await withAdmin((client) => client.query(`create database ${postgres}`))
    await migrate(postgresUrl(postgres))
  }
  process.env[env.run] = run
  process.env[env.sqliteTemplate] = file
  if (postgres) process.env[env.postgresTemplate] = postgres
  return async () => {
    delete process.env[env.run]
    delete process.env[env.sqliteTemplate]
    delete process.env[env.postgresTemplate]
    rmSync(dir, { recursive: true, force: true })
    if (!postgres) return
    const left = await withAdmin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`kejin\\_t\\_${run}\\_%`]
      )
      return rows.map((row) => row.datname)
    })
    // A few at a time: the server's connections are shared with other runs.
    const names = [postgres, ...left]
    const drop = async (): Promise<void> => {
      for (let name = names.pop(); name !== undefined; name = names.pop()) await dropPostgres(name)
    }
    await Promise.all(Array.from({ length: 8 }, drop))
  }
}
