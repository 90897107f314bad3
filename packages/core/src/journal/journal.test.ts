import { Effect } from "effect"
import { sql } from "kysely"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { demoPledges } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { Database } from "../store/database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { Journal } from "./journal.js"

for (const dialect of testDialects()) {
  describe(`journal on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("records actor, command, payload and chains each entry to the previous one", async () => {
      const [a, b] = demoPledges({ count: 2, from: "2025-01-01", to: "2025-12-31", seed: 9 })
      await kejin.pledges.record(a, { actor: { id: "zhang.wei", role: "bureau" }, idempotencyKey: "k1" })
      await kejin.pledges.record(b)
      const entries = await kejin.run(Journal.use((j) => j.list({})))
      expect(entries).toHaveLength(2)
      expect(entries[0]).toMatchObject({
        seq: 1,
        actor: "zhang.wei",
        command: "pledges.record",
        idempotencyKey: "k1"
      })
      expect((entries[0]!.payload as { amount: string }).amount).toBe(a!.amount)
      expect(entries[1]!.prevHash).toBe(entries[0]!.hash)
      expect(entries[1]!.actor).toBe("system")
      expect(await kejin.journal.verify()).toMatchObject({ _tag: "Intact", entries: 2 })
    })

    it("keeps an idempotency key to the actor who used it first", async () => {
      const [c] = demoPledges({ count: 1, from: "2025-01-01", to: "2025-12-31", seed: 11, prefix: "YK" })
      const first = await kejin.pledges.record(c, {
        actor: { id: "li.na", role: "bureau" },
        idempotencyKey: "k-actor"
      })
      const again = await kejin.pledges.record(c, {
        actor: { id: "li.na", role: "bureau" },
        idempotencyKey: "k-actor"
      })
      expect(again.id).toBe(first.id)
      const other = kejin.pledges.record(c, {
        actor: { id: "wang.ke", role: "bureau" },
        idempotencyKey: "k-actor"
      })
      await expect(other).rejects.toMatchObject({
        _tag: "ConflictError",
        field: "Idempotency-Key",
        detail: expect.stringContaining("another actor")
      })
      const entries = await kejin.run(Journal.use((j) => j.list({})))
      expect(entries.filter((e) => e.idempotencyKey === "k-actor")).toHaveLength(1)
    })

    it("serialises concurrent writers into one unbroken chain", async () => {
      // Three entries first, so the concurrent writers continue a chain rather than start one.
      for (const p of demoPledges({
        count: 3,
        from: "2025-01-01",
        to: "2025-12-31",
        seed: 9,
        prefix: "YS"
      })) {
        await kejin.pledges.record(p)
      }
      const batch = demoPledges({ count: 12, from: "2026-01-01", to: "2026-06-30", seed: 10, prefix: "YC" })
      await Promise.all(batch.map((p) => kejin.pledges.record(p)))
      const verdict = await kejin.journal.verify()
      expect(verdict).toMatchObject({ _tag: "Intact", entries: 15 })
    })

    it("detects an entry altered behind its back", async () => {
      for (const p of demoPledges({ count: 3, from: "2025-01-01", to: "2025-12-31", seed: 12 })) {
        await kejin.pledges.record(p)
      }
      expect(await kejin.journal.verify()).toMatchObject({ _tag: "Intact", entries: 3 })
      await kejin.run(
        Database.use((d) =>
          d.query((db) => sql`update journal set actor = 'mallory' where id = 2`.execute(db))
        ).pipe(Effect.asVoid)
      )
      const verdict = await kejin.journal.verify()
      expect(verdict).toMatchObject({ _tag: "Broken", seq: 2 })
    })
  })
}
