import { Effect } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { setIndexesAside } from "./bulk-indexes.js"
import { Database } from "./database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "./testing.js"

// Indexes set aside for a bulk load come back exactly as the migrations defined them (SQLite); on
// PostgreSQL nothing is set aside (DROP INDEX would lock readers out until the commit).
for (const dialect of testDialects()) {
  describe(`indexes set aside for a bulk load, on ${dialect}`, () => {
    let database: TestDatabase
    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
    })
    afterAll(async () => {
      await database.dispose()
    })
    const names = ["pledges_measures", "pledge_sequence_district"]
    const indexes = (db: Database["Service"]["db"]) =>
      dialect === "sqlite"
        ? sql<{ name: string; def: string }>`select name, sql as def from sqlite_master
            where type = 'index' and name in (${sql.join(names)}) order by name`.execute(db)
        : sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
            where indexname in (${sql.join(names)}) order by indexname`.execute(db)

    it("drops them and builds them again with the same definitions, in one transaction", async () => {
      const seen = await Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* Database
          const before = yield* store.query(async (db) => (await indexes(db)).rows)
          const during = yield* store.transaction((trx) =>
            store.query(async () => {
              const restore = await setIndexesAside(trx, names)
              const aside = (await indexes(trx)).rows
              await restore(trx)
              return { aside, restored: (await indexes(trx)).rows }
            })
          )
          return { before, ...during }
        }).pipe(Effect.provide(Database.layer({ url: database.url })))
      )
      expect(seen.before).toHaveLength(2)
      expect(seen.aside).toEqual(dialect === "sqlite" ? [] : seen.before)
      expect(seen.restored).toEqual(seen.before)
    })
  })
}
