import { Effect } from "effect"
import { sql } from "kysely"
import { afterEach, describe, expect, it } from "vitest"
import { openKejin } from "../kejin.js"
import { examplePledgeInput } from "../pledges/examples.js"
import { makePatentNumber } from "../registry/codes.js"
import { Database } from "./database.js"
import { migrations } from "./migrations/index.js"
import { withReplicaReads } from "./read-route.js"
import { createTestDatabase, type TestDatabase, testDialects } from "./testing.js"

// Several servers on one PostgreSQL: migrations under one lock, reads that may lag on a replica. A
// "replica" here is a second database with other records, so a test can see which one answered.
const opened: Array<TestDatabase> = []
const fresh = async (dialect: "sqlite" | "postgres", migrated: boolean) => {
  const database = await createTestDatabase(dialect, { migrated })
  opened.push(database)
  return database
}
afterEach(async () => {
  for (let database = opened.pop(); database !== undefined; database = opened.pop()) await database.dispose()
})

const pledge = (registrationNo: string, amount: string) => ({
  ...examplePledgeInput,
  registrationNo,
  amount,
  patents: [`ZL${makePatentNumber(`201710601${registrationNo.slice(-3)}`)}`]
})

for (const dialect of testDialects()) {
  describe(`several servers on one store on ${dialect}`, () => {
    if (dialect === "sqlite") {
      it("refuses a read replica for a SQLite store", async () => {
        const database = await fresh("sqlite", true)
        await expect(
          openKejin({ database: database.url, readDatabase: "postgres://127.0.0.1:1/none" })
        ).rejects.toThrow(/read replica is for a PostgreSQL store/)
      })
      return
    }

    it("migrates once when several servers open one fresh database at the same time", async () => {
      const database = await fresh("postgres", false)
      const instances = await Promise.all(
        Array.from({ length: 4 }, () => openKejin({ database: database.url }))
      )
      try {
        const applied = await instances[0]!.run(
          Effect.gen(function* () {
            const store = yield* Database
            return yield* store.query((db) =>
              sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
            )
          })
        )
        expect(applied.rows.map((r) => r.name)).toEqual(
          Object.keys(migrations({ dialect: "postgres" })).sort()
        )
        // Every instance works on the migrated store.
        const totals = await Promise.all(instances.map((k) => k.pledges.total({ year: 2025 })))
        for (const total of totals) expect(total.count).toBe(0)
      } finally {
        await Promise.all(instances.map((k) => k.close()))
      }
    })

    it("reads inside withReplicaReads from the replica, everything else and every write on the primary", async () => {
      const primary = await fresh("postgres", true)
      const replica = await fresh("postgres", true)
      const onReplica = await openKejin({ database: replica.url, clock: { today: "2025-12-31" } })
      await onReplica.pledges.record(pledge("Y2025330000900", "7.00"))
      await onReplica.close()

      const kejin = await openKejin({
        database: primary.url,
        readDatabase: replica.url,
        clock: { today: "2025-12-31" }
      })
      try {
        await kejin.pledges.record(pledge("Y2025330000901", "1000.00"))
        expect((await kejin.pledges.total({ year: 2025 })).amount.toFixed(2)).toBe("1000.00") // float-ok: decimal.js
        const routed = await withReplicaReads(async () => {
          await Promise.resolve()
          return kejin.pledges.total({ year: 2025 })
        })
        expect(routed.amount.toFixed(2)).toBe("7.00") // float-ok: decimal.js
        // A write inside withReplicaReads still goes to the primary, and so do the reads it decides on.
        await withReplicaReads(() => kejin.pledges.record(pledge("Y2025330000902", "5.00")))
        expect((await kejin.pledges.total({ year: 2025 })).amount.toFixed(2)).toBe("1005.00") // float-ok: decimal.js
        expect(
          await withReplicaReads(() => kejin.pledges.record(pledge("Y2025330000901", "1.00")))
            .then(() => "recorded")
            .catch((error: { _tag?: string }) => error._tag)
        ).toBe("ConflictError")
        // The heads: the replica's (for read-your-writes) is its own journal's.
        const heads = await kejin.run(
          Effect.gen(function* () {
            const store = yield* Database
            const primaryHead = yield* store.query(async () => {
              const row = await store.primary
                .selectFrom("journal_head")
                .select("seq")
                .where("id", "=", 1)
                .executeTakeFirst()
              return BigInt(row?.seq ?? 0)
            })
            return { primary: primaryHead, replica: yield* store.replicaHead }
          })
        )
        // A query function reads one database throughout, its awaits included.
        const counts = await withReplicaReads(() =>
          kejin.run(
            Effect.gen(function* () {
              const store = yield* Database
              return yield* store.query(async () => {
                const first = await store.db.selectFrom("pledges").select("id").execute()
                await new Promise((resolve) => setTimeout(resolve, 5))
                const second = await store.db.selectFrom("pledges").select("id").execute()
                return [first.length, second.length]
              })
            })
          )
        )
        expect(counts).toEqual([1, 1])
        expect(heads.replica).toBe(1n)
        expect(heads.primary).toBeGreaterThan(heads.replica ?? 0n)
      } finally {
        await kejin.close()
      }
    })
  })
}
