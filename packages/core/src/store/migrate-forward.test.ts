import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import SqliteDatabase from "better-sqlite3"
import { Effect } from "effect"
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { Database } from "./database.js"
import * as old from "./fixtures/d4ef0b6/capabilities.js"
import {
  migrationProvider as oldMigrationProvider,
  migrations as oldMigrations
} from "./fixtures/d4ef0b6/migrations.js"
import { migrationProvider, migrations } from "./migrations/index.js"
import { createTestDatabase, type TestDatabase, type TestDialect, testDialects } from "./testing.js"

// Existing databases migrate forward: a database built by the released code (commit d4ef0b6, when every
// migration sat in one migrations.ts; a verbatim copy is in fixtures/d4ef0b6/) is finished by today's
// migrator without re-running anything, and ends exactly like a fresh database migrated by today's code.

// biome-ignore lint/suspicious/noExplicitAny: the test reads and writes the tables as each migration left them
type AnyDb = Kysely<any>

const ids = Object.keys(migrations({ dialect: "sqlite" }))
/** The ids d4ef0b6 released: today's list begins with them; later ones are added at the end. */
const released = Object.keys(oldMigrations(old.sqliteCapabilities))

/** Opened as the store opens it (foreign keys on, integers as bigint), for running a migrator by hand. */
const openRaw = (dialect: TestDialect, url: string): AnyDb => {
  if (dialect === "sqlite") {
    const sqlite = new SqliteDatabase(url.slice("sqlite:".length))
    sqlite.pragma("journal_mode = WAL")
    sqlite.pragma("foreign_keys = ON")
    sqlite.defaultSafeIntegers(true)
    return new Kysely({ dialect: new SqliteDialect({ database: sqlite }) })
  }
  return new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) })
  })
}

const withRaw = async <A>(dialect: TestDialect, url: string, body: (db: AnyDb) => Promise<A>): Promise<A> => {
  const db = openRaw(dialect, url)
  try {
    return await body(db)
  } finally {
    await db.destroy()
  }
}

const oldProvider = (dialect: TestDialect): MigrationProvider =>
  oldMigrationProvider(dialect === "sqlite" ? old.sqliteCapabilities : old.postgresCapabilities)

/** Runs d4ef0b6's (or today's) migrations up to and including `target`; returns the ids applied. */
const migrateTo = (dialect: TestDialect, url: string, provider: MigrationProvider, target: string) =>
  withRaw(dialect, url, async (db) => {
    const { error, results } = await new Migrator({ db, provider }).migrateTo(target)
    if (error) throw error
    expect(results?.every((r) => r.status === "Success")).toBe(true)
    return (results ?? []).map((r) => r.migrationName)
  })

/** Today's migrator as the store runs it (Database.layer): returns the ids it applied. */
const migrateWithStore = (url: string) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const database = yield* Database
      return yield* database.migrate
    }).pipe(Effect.provide(Database.layer({ url, migrate: false })))
  )

const text = (value: unknown): unknown =>
  value === null ? null : typeof value === "bigint" || typeof value === "number" ? String(value) : value

const rowsOf = <R>(result: { rows: ReadonlyArray<R> }): ReadonlyArray<string> =>
  result.rows.map((row) =>
    JSON.stringify(Object.entries(row as object).map(([key, value]) => [key, text(value)]))
  )

/** Tables, columns with their types, indexes, constraints (and sequences): everything DDL decides. */
const schemaOf = async (dialect: TestDialect, db: AnyDb) => {
  if (dialect === "sqlite") {
    const objects = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
      select type, name, tbl_name, sql from sqlite_schema order by type, name`.execute(db)
    const tables = objects.rows.filter((o) => o.type === "table").map((o) => o.name)
    const out: Record<string, ReadonlyArray<string>> = { objects: rowsOf(objects) }
    for (const table of tables) {
      out[`${table} columns`] = rowsOf(
        await sql`select cid, name, type, "notnull", dflt_value, pk from pragma_table_info(${table}) order by cid`.execute(
          db
        )
      )
      const indexes = await sql<{ name: string }>`
        select name, "unique", origin, partial from pragma_index_list(${table}) order by name`.execute(db)
      out[`${table} indexes`] = rowsOf(indexes)
      for (const index of indexes.rows)
        out[`${table} index ${index.name}`] = rowsOf(
          await sql`select seqno, cid, name from pragma_index_info(${index.name}) order by seqno`.execute(db)
        )
      out[`${table} foreign keys`] = rowsOf(
        await sql`select id, seq, "table", "from", "to", on_update, on_delete from pragma_foreign_key_list(${table})
          order by id, seq`.execute(db)
      )
    }
    return out
  }
  return {
    tables: rowsOf(
      await sql`select table_name, table_type from information_schema.tables where table_schema = 'public'
        order by table_name`.execute(db)
    ),
    columns: rowsOf(
      await sql`select table_name, ordinal_position, column_name, data_type, is_nullable, column_default,
          is_identity, identity_generation, character_maximum_length, numeric_precision
        from information_schema.columns where table_schema = 'public'
        order by table_name, ordinal_position`.execute(db)
    ),
    indexes: rowsOf(
      await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
        order by tablename, indexname`.execute(db)
    ),
    constraints: rowsOf(
      await sql`select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as def
        from pg_constraint where connamespace = 'public'::regnamespace
        order by conrelid::regclass::text, conname`.execute(db)
    ),
    sequences: rowsOf(
      await sql`select sequencename, data_type, start_value, increment_by, min_value, max_value, cycle, last_value
        from pg_sequences where schemaname = 'public' order by sequencename`.execute(db)
    )
  }
}

/** Every row of every table, sorted, integers as text; the migrations table by id and run time. */
const rowsOfAll = async (dialect: TestDialect, db: AnyDb) => {
  const tables = (
    dialect === "sqlite"
      ? await sql<{
          name: string
        }>`select name from sqlite_schema where type = 'table' order by name`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = 'public' order by table_name`.execute(db)
  ).rows.map((r) => r.name)
  const out: Record<string, ReadonlyArray<string>> = {}
  for (const table of tables) {
    if (table === "kysely_migration") continue
    out[table] = [...rowsOf(await sql`select * from ${sql.table(table)}`.execute(db))].sort()
  }
  return out
}

/** The migrations table: which ids ran, and when (a re-run would write a new time). */
const applied = async (db: AnyDb) =>
  (
    await sql<{
      name: string
      timestamp: string
    }>`select name, timestamp from kysely_migration order by name`.execute(db)
  ).rows.map((r) => [r.name, String(r.timestamp)] as const)

const snapshot = (dialect: TestDialect, url: string) =>
  withRaw(dialect, url, async (db) => ({
    schema: await schemaOf(dialect, db),
    rows: await rowsOfAll(dialect, db),
    ids: (await applied(db)).map(([name]) => name)
  }))

type Snapshot = Awaited<ReturnType<typeof snapshot>>

/** Registrations as 0002 stores them, written before 0008 and 0010 fill their tables from them. */
const seedPledges = async (db: AnyDb) => {
  const registration = async (no: string, uscc: string, on: string, amount: bigint, district = "330302") =>
    BigInt(
      String(
        (
          await db
            .insertInto("pledges")
            .values({
              registration_no: no,
              pledgor_uscc: uscc,
              pledgor_name: `企业${uscc.slice(-2)}`,
              pledgor_district: district,
              pledgee_name: "温州银行",
              amount_fen: amount,
              registered_on: on,
              journal_id: 1
            })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id
      )
    )
  const a = "91330302MA2B3C4D5A"
  const b = "91330302MA2B3C4D6B"
  const reversed = await registration("Y2025330000001", a, "2025-03-01", 900_000_000n)
  const first = await registration("Y2025330000002", a, "2025-04-01", 50_000_000n)
  const sameDay = await registration("Y2025330000003", a, "2025-04-01", 10_000_000n)
  const other = await registration("Y2025330000004", b, "2025-05-01", 30_000_000n, "330303")
  await registration("Y2025330000005", b, "2025-06-01", 20_000_000n)
  for (const [pledge, patents] of [
    [reversed, ["ZL1"]],
    [first, ["ZL2", "ZL3"]],
    [sameDay, ["ZL4"]],
    [other, ["ZL5", "ZL6", "ZL7"]]
  ] as const)
    for (const patent of patents)
      await db.insertInto("pledge_patents").values({ pledge_id: pledge, patent_no: patent }).execute()
  await db
    .insertInto("pledge_reversals")
    .values({ pledge_id: reversed, reason: "wrong amount", journal_id: 2 })
    .execute()
}

/** Git's blob id of a file: proves the fixture is d4ef0b6's file byte for byte, without git at test time. */
const blobId = (relative: string) => {
  const content = readFileSync(new URL(relative, import.meta.url))
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))
    .digest("hex")
}

describe("the d4ef0b6 fixture", () => {
  it("is d4ef0b6's migrations.ts and capabilities.ts, unedited", () => {
    // git rev-parse d4ef0b6:packages/core/src/store/migrations.ts (and capabilities.ts)
    expect(blobId("./fixtures/d4ef0b6/migrations.ts")).toBe("80cccd707106a97f2ed10db146156b83325ec408")
    expect(blobId("./fixtures/d4ef0b6/capabilities.ts")).toBe("affbbc69f56dc555cd8122715b9634e844982d8f")
  })

  it("lists the same migration ids, in the same order, as today's index begins with", () => {
    expect(Object.keys(oldMigrations(old.sqliteCapabilities))).toEqual(released)
    expect(Object.keys(oldMigrations(old.postgresCapabilities))).toEqual(released)
    expect(ids.slice(0, released.length)).toEqual(released)
    expect(Object.keys(migrations({ dialect: "postgres" }))).toEqual(ids)
  })
})

describe("frozen migration files", () => {
  // The store's own, and those a module keeps in its folder (`loans/migrations/…`).
  const root = new URL("../", import.meta.url)
  const folders = [
    new URL("./migrations/", import.meta.url),
    ...readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "store")
      .map((d) => new URL(`${d.name}/migrations/`, root))
      .filter((folder) => existsSync(folder))
  ]
  const files = folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((name) => ({ name, url: new URL(name, folder) }))
  )
  const frozenHelper = ["./frozen.js", "../../store/migrations/frozen.js"]

  it("import nothing but kysely and the frozen helper (never today's domain code)", () => {
    for (const file of files.filter((f) => f.name !== "index.ts")) {
      const imports = [...readFileSync(file.url, "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1])
      expect({
        file: file.name,
        // Node's own modules (node:crypto for a digest) do not move on with the code.
        imports: imports.filter(
          (i) => i !== "kysely" && !i?.startsWith("node:") && !frozenHelper.includes(i ?? "")
        )
      }).toEqual({
        file: file.name,
        imports: []
      })
    }
  })

  it("are each listed once by the index, under their file's name, in order", () => {
    const listed = files.filter((f) => /^\d{4}_.*\.ts$/.test(f.name)).map((f) => f.name.replace(/\.ts$/, ""))
    expect(ids).toEqual([...listed].sort())
  })
})

for (const dialect of testDialects()) {
  describe(`existing databases migrate forward on ${dialect}`, () => {
    const databases: Array<TestDatabase> = []
    const fresh = async () => {
      const database = await createTestDatabase(dialect)
      databases.push(database)
      return database.url
    }
    afterAll(async () => {
      for (const database of databases) await database.dispose()
    })

    // A fresh database migrated by today's code, through the store: what every path must end as. Made
    // once, by the first test that needs it (a failure fails each test rather than skipping them).
    let reference: Promise<Snapshot> | undefined
    const expected = () => {
      reference ??= (async () => {
        const url = await fresh()
        expect(await migrateWithStore(url)).toEqual(ids)
        return await snapshot(dialect, url)
      })()
      return reference
    }

    it("d4ef0b6's code and today's build the same schema and rows on a fresh database", async () => {
      const url = await fresh()
      expect(await migrateTo(dialect, url, oldProvider(dialect), released.at(-1)!)).toEqual(released)
      // The migrations added since d4ef0b6 finish it.
      expect(await migrateWithStore(url)).toEqual(ids.slice(released.length))
      expect(await snapshot(dialect, url)).toEqual(await expected())
    })

    // Each point a released database can be at: d4ef0b6's code ran up to there, today's code finishes.
    for (const [position, last] of released.entries()) {
      const rest = ids.slice(position + 1)
      it(`a database migrated by d4ef0b6's code up to ${last} is finished by today's (${rest.length} to run)`, async () => {
        const url = await fresh()
        await migrateTo(dialect, url, oldProvider(dialect), last)
        const before = await withRaw(dialect, url, applied)
        expect(before.map(([name]) => name)).toEqual(ids.slice(0, position + 1))

        expect(await migrateWithStore(url)).toEqual(rest)

        const after = await withRaw(dialect, url, applied)
        // Nothing already applied ran again: its row (and run time) is untouched.
        expect(after.slice(0, position + 1)).toEqual(before)
        expect(await snapshot(dialect, url)).toEqual(await expected())
        // And running again applies nothing.
        expect(await migrateWithStore(url)).toEqual([])
      })
    }

    it("rows written before 0008 and 0010 come out the same through d4ef0b6's code and today's", async () => {
      const atEquity = "0007_equity"
      // Old code all the way; old code up to 0007 then today's; today's code all the way.
      const oldUrl = await fresh()
      await migrateTo(dialect, oldUrl, oldProvider(dialect), atEquity)
      await withRaw(dialect, oldUrl, seedPledges)
      await migrateTo(dialect, oldUrl, oldProvider(dialect), released.at(-1)!)
      await migrateWithStore(oldUrl)

      const mixedUrl = await fresh()
      await migrateTo(dialect, mixedUrl, oldProvider(dialect), atEquity)
      await withRaw(dialect, mixedUrl, seedPledges)
      expect(await migrateWithStore(mixedUrl)).toEqual(ids.slice(ids.indexOf(atEquity) + 1))

      const newUrl = await fresh()
      await migrateTo(dialect, newUrl, migrationProvider({ dialect }), atEquity)
      await withRaw(dialect, newUrl, seedPledges)
      expect(await migrateWithStore(newUrl)).toEqual(ids.slice(ids.indexOf(atEquity) + 1))

      const byOld = await snapshot(dialect, oldUrl)
      // The data migrations did something: patent counts, first pledges, sequence and live numbers filled.
      const patents = await withRaw(dialect, oldUrl, (db) =>
        db
          .selectFrom("pledges")
          .select(["registration_no", "patent_count"])
          .orderBy("registration_no")
          .execute()
      )
      expect(patents.map((p) => Number(p.patent_count))).toEqual([1, 2, 1, 3, 0])
      expect(byOld.rows.pledge_firsts).toHaveLength(2)
      expect(byOld.rows.pledge_sequence).toHaveLength(4)
      expect(byOld.rows.pledge_live_numbers).toHaveLength(4)
      expect(await snapshot(dialect, mixedUrl)).toEqual(byOld)
      expect(await snapshot(dialect, newUrl)).toEqual(byOld)
    })
  })
}
