import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

// A retry of a write with the same Idempotency-Key, sent while the first is still running (one process or
// two on one database), gets the first write's result: never a domain error about its own write.

const [sample] = demoPledges({ count: 1, from: "2025-06-01", to: "2025-06-01", seed: 41 })
const registration = {
  ...sample!,
  registrationNo: "YIDEM000000001",
  amount: "5000000.00",
  patents: [demoPatent("YIDEM000000001")]
}

for (const dialect of testDialects()) {
  describe(`concurrent retries with one idempotency key on ${dialect}`, () => {
    let database: TestDatabase
    let first: Kejin
    let second: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      // Two instances on one database: two servers, each with its own connections.
      first = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
      second = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
    })
    afterEach(async () => {
      await first?.close()
      await second?.close()
      await database?.dispose()
    })

    it("records one registration; every concurrent retry answers it", async () => {
      const options = { idempotencyKey: "register-YIDEM000000001" }
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? first : second).pledges.record(registration, options)
        )
      )
      const refused = results.filter((r) => r.status === "rejected")
      expect(refused.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([])
      const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<{ id: number }>).value.id))
      expect(ids.size).toBe(1)
      expect((await first.pledges.list({ registrationNo: "YIDEM000000001" })).items).toHaveLength(1)
      const entries = await first.journal.search({ command: "pledges.record" })
      expect(entries.items.filter((e) => e.idempotencyKey === options.idempotencyKey)).toHaveLength(1)
    })

    it("draws one loan; concurrent retries of the draw answer it instead of 'above its secured amount'", async () => {
      const pledge = await first.pledges.record(registration)
      const draw = {
        pledgeId: pledge.id,
        amount: "5000000.00",
        rate: "0.0385",
        disbursedOn: "2025-06-10",
        maturesOn: "2026-06-09"
      }
      const options = { idempotencyKey: "draw-once" }
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? first : second).pledges.loans.draw(draw, options))
      )
      expect(
        results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))
      ).toEqual([])
      expect(new Set(results.map((r) => (r as PromiseFulfilledResult<{ id: number }>).value.id)).size).toBe(1)
      expect((await first.pledges.registration(pledge.id)).loans).toHaveLength(1)
    })

    it("a key reused for another request is still refused, and the refusal changes nothing", async () => {
      const options = { idempotencyKey: "register-once" }
      await first.pledges.record(registration, options)
      await expect(second.pledges.record({ ...registration, amount: "6000000.00" }, options)).rejects.toThrow(
        /already used for a different request/
      )
      // One entry, the chain intact: the refused request left no trace.
      expect(await first.journal.verify()).toMatchObject({ _tag: "Intact", entries: 1 })
    })
  })
}
