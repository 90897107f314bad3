import { Effect } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Database } from "./database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "./testing.js"

// 64-bit integers read as bigint on both drivers: SQLite's safe integers, pg's int8 type parser.
for (const dialect of testDialects()) {
  describe(`int8 on ${dialect}`, () => {
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

    it("comes back as bigint, exact beyond 2^53, from columns, counts and literals", async () => {
      const beyond = 2n ** 53n + 1n
      const row = await read(async (db) => {
        const head = await db.selectFrom("journal_head").select("seq").executeTakeFirstOrThrow()
        const targets = await db
          .selectFrom("targets")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
        const big = await sql<{
          v: unknown
        }>`select cast(${sql.lit(beyond.toString())} as bigint) as v`.execute(db)
        return { seq: head.seq, count: targets.n, big: big.rows[0]?.v }
      })
      expect(row).toEqual({ seq: 0n, count: 3n, big: beyond })
    })

    it("bigint values bind and round-trip through a money column", async () => {
      const fen = 2n ** 62n
      const amount = await read(async (db) => {
        const { id } = await db
          .insertInto("pledges")
          .values({
            registration_no: "Y2025330009999",
            pledgor_uscc: "91330302MA2B3C4D5A",
            pledgor_name: "鹿城科技",
            pledgor_district: "330302",
            pledgee_name: "温州银行",
            amount_fen: fen,
            registered_on: "2025-03-01",
            journal_id: 1n
          })
          .returning("id")
          .executeTakeFirstOrThrow()
        expect(typeof id).toBe("bigint")
        return (
          await db.selectFrom("pledges").select("amount_fen").where("id", "=", id).executeTakeFirstOrThrow()
        ).amount_fen
      })
      expect(amount).toBe(fen)
    })
  })
}
