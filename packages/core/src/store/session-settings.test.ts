import { Effect } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "./database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "./testing.js"

// The settings Kejin opens its store with: SQLite's page cache of up to 64 MiB (a long import's indexes
// outgrow the default 2 MiB), PostgreSQL sessions without JIT compilation (~40 ms a short query).
for (const dialect of testDialects()) {
  describe(`the store's session settings on ${dialect}`, () => {
    let database: TestDatabase
    beforeAll(async () => {
      database = await createTestDatabase(dialect)
    })
    afterAll(async () => {
      await database.dispose()
    })

    const read = <A>(run: (db: Database["Service"]["db"]) => Promise<A>) =>
      Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* Database
          return yield* store.query(run)
        }).pipe(Effect.provide(Database.layer({ url: database.url })))
      )

    it(dialect === "sqlite" ? "keeps a page cache of 64 MiB" : "compiles no query with JIT", async () => {
      const setting = await read(async (db) =>
        dialect === "sqlite"
          ? String((await sql<{ cache_size: unknown }>`pragma cache_size`.execute(db)).rows[0]?.cache_size)
          : String((await sql<{ jit: unknown }>`show jit`.execute(db)).rows[0]?.jit)
      )
      expect(setting).toBe(dialect === "sqlite" ? "-65536" : "off")
    })
  })
}
