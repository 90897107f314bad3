import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"

const [sample] = demoPledges({ count: 1, from: "2025-03-14", to: "2025-03-14", seed: 11 })
const base: PledgeInputJson = { ...sample!, registrationNo: "Y2025330000123", amount: "25000000.00" }
/** Another registration of the same pledgor, with a patent of its own (a patent is pledged once at a time). */
const withNo = (registrationNo: string, extra: Partial<PledgeInputJson> = {}): PledgeInputJson => ({
  ...base,
  registrationNo,
  patents: [demoPatent(registrationNo)],
  ...extra
})

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

for (const dialect of testDialects()) {
  describe(`pledges on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      // Records dated up to 2028: the store's clock stands at the end of 2028.
      kejin = await openKejin({ database: database.url, clock: { today: "2028-12-31" } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("records a pledge and returns the stored record with an id", async () => {
      const pledge = await kejin.pledges.record(base)
      expect(pledge.id).toBeGreaterThan(0)
      expect(pledge.registrationNo).toBe("Y2025330000123")
      expect(pledge.amount.toFixed(2)).toBe("25000000.00") // float-ok: Decimal.toFixed, exact
      expect(pledge.patents).toEqual([...base.patents].sort())
      expect(pledge.journalSeq).toBeGreaterThan(0)
      const again = await kejin.pledges.get(pledge.id)
      expect(again.pledgor).toEqual(base.pledgor)
    })

    it("rejects a duplicate registration number with a conflict and writes nothing", async () => {
      await kejin.pledges.record(base)
      const before = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
      const error = await caught(kejin.pledges.record(base))
      expect(error._tag).toBe("ConflictError")
      expect(error.field).toBe("registrationNo")
      const after = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
      expect(after.count).toBe(before.count)
    })

    it("names the field and the reason for bad input, and writes nothing", async () => {
      const error = await caught(
        kejin.pledges.record({
          ...withNo("Y2025330000999"),
          amount: "12.345",
          pledgor: { ...base.pledgor, uscc: "91330302MA2XXXXXX0" },
          extra: true
        })
      )
      expect(error._tag).toBe("ValidationError")
      const paths = (error.issues as Array<{ path: string }>).map((i) => i.path)
      expect(paths).toContain("amount")
      expect(paths).toContain("pledgor.uscc")
      expect(paths).toContain("extra")
      expect(error.message).toMatch(/amount/)
      const page = await kejin.pledges.list({ limit: 500 })
      expect(page.items.map((p) => p.registrationNo)).not.toContain("Y2025330000999")
    })

    it("keeps totals exact beyond 2^53 fen", async () => {
      for (const no of ["YBIG000000001", "YBIG000000002", "YBIG000000003"]) {
        await kejin.pledges.record(withNo(no, { amount: "3,002,399,751,580.33", registeredOn: "2027-06-01" }))
      }
      const total = await kejin.pledges.total({ from: "2027-01-01", to: "2027-12-31" })
      expect(total.amount.toFixed(2)).toBe("9007199254740.99") // float-ok: Decimal.toFixed, exact
      expect(total.count).toBe(3)
    })

    it("keeps totals exact when the fen total passes 2^53", async () => {
      for (const no of ["YHUGE00000001", "YHUGE00000002", "YHUGE00000003"]) {
        await kejin.pledges.record(
          withNo(no, { amount: "30,023,997,515,803.31", registeredOn: "2028-06-01" })
        )
      }
      const total = await kejin.pledges.total({ from: "2028-01-01", to: "2028-12-31" })
      // 9,007,199,254,740,993 fen = 2^53 + 1: a JS number would read 2^53.
      expect(total.amount.toFixed(2)).toBe("90071992547409.93") // float-ok: Decimal.toFixed, exact
    })

    it("returns the first result for a repeated idempotency key and writes nothing", async () => {
      const input = withNo("Y2025330000200", { registeredOn: "2025-05-01" })
      const first = await kejin.pledges.record(input, { idempotencyKey: "key-200" })
      const second = await kejin.pledges.record(input, { idempotencyKey: "key-200" })
      expect(second.id).toBe(first.id)
      const page = await kejin.pledges.list({ from: "2025-05-01", to: "2025-05-01" })
      expect(page.total).toBe(1)
      const error = await caught(
        kejin.pledges.record({ ...input, amount: "1.00" }, { idempotencyKey: "key-200" })
      )
      expect(error._tag).toBe("ConflictError")
      expect(error.reason).toBe("idempotency-key-reused")
    })

    it("totals a period and leaves reversed pledges out", async () => {
      const a = await kejin.pledges.record(
        withNo("Y2026330000001", { amount: "100.10", registeredOn: "2026-02-01" })
      )
      await kejin.pledges.record(withNo("Y2026330000002", { amount: "200.20", registeredOn: "2026-02-28" }))
      await kejin.pledges.record(withNo("Y2026330000003", { amount: "300.30", registeredOn: "2026-03-01" }))
      const feb = await kejin.pledges.total({ from: "2026-02-01", to: "2026-02-28" })
      expect(feb.amount.toFixed(2)).toBe("300.30") // float-ok: Decimal.toFixed, exact
      expect(feb.count).toBe(2)
      const reversed = await kejin.pledges.reverse(a.id, "entered twice")
      expect(reversed.reversed).toBe(true)
      const after = await kejin.pledges.total({ from: "2026-02-01", to: "2026-02-28" })
      expect(after.amount.toFixed(2)).toBe("200.20") // float-ok: Decimal.toFixed, exact
      const again = await caught(kejin.pledges.reverse(a.id, "again"))
      expect(again._tag).toBe("ConflictError")
      const history = await kejin.pledges.list({
        from: "2026-02-01",
        to: "2026-02-28",
        includeReversed: true
      })
      expect(history.total).toBe(2)
    })

    it("rejects a period whose end precedes its start", async () => {
      const error = await caught(kejin.pledges.total({ from: "2026-03-01", to: "2026-02-01" }))
      expect(error._tag).toBe("ValidationError")
      expect(error.message).toMatch(/to/)
    })

    it("records a bulk batch in one journal entry, all or nothing", async () => {
      const batch = demoPledges({ count: 250, from: "2025-07-01", to: "2025-07-31", prefix: "YB", seed: 3 })
      const bad = [...batch.slice(0, 10), { ...batch[10]!, amount: "-5" }]
      const error = await caught(kejin.pledges.recordMany(bad))
      expect(error._tag).toBe("ValidationError")
      expect((error.issues as Array<{ path: string }>)[0]!.path).toBe("[10].amount")
      expect((await kejin.pledges.total({ from: "2025-07-01", to: "2025-07-31" })).count).toBe(0)
      const result = await kejin.pledges.recordMany(batch)
      expect(result.count).toBe(250)
      // The ids in the order of the batch (PostgreSQL inserts it as arrays: `insert … select from unnest`).
      for (const i of [0, 1, 137, 249])
        expect((await kejin.pledges.get(result.ids[i]!)).registrationNo).toBe(batch[i]!.registrationNo)
      const total = await kejin.pledges.total({ from: "2025-07-01", to: "2025-07-31" })
      expect(total.count).toBe(250)
      const expected = batch.reduce((sum, p) => sum + BigInt(p.amount.replace(".", "")), 0n)
      expect(total.amount.toFixed(2)).toBe(`${expected / 100n}.${String(expected % 100n).padStart(2, "0")}`) // float-ok: Decimal.toFixed, exact
    })

    it("paginates the list newest first and validates the page size", async () => {
      await kejin.pledges.recordMany(
        demoPledges({ count: 12, from: "2025-01-01", to: "2025-12-31", prefix: "YP", seed: 5 })
      )
      const page = await kejin.pledges.list({ limit: 5, offset: 0 })
      expect(page.items).toHaveLength(5)
      const next = await kejin.pledges.list({ limit: 5, offset: 5 })
      expect(next.items[0]!.id).not.toBe(page.items[0]!.id)
      expect(page.items[0]!.registeredOn >= page.items[4]!.registeredOn).toBe(true)
      const error = await caught(kejin.pledges.list({ limit: 0 }))
      expect(error._tag).toBe("ValidationError")
    })

    it("keeps a journal whose hash chain verifies, naming the actor of each write", async () => {
      const actors = ["zhang.wei", "li.na"] as const
      for (let i = 1; i <= 8; i++) {
        const no = `Y202533000${String(i).padStart(4, "0")}`
        await kejin.pledges.record(withNo(no), { actor: { id: actors[i % 2]!, role: "bureau" } })
      }
      const verdict = await kejin.journal.verify()
      expect(verdict._tag).toBe("Intact")
      if (verdict._tag === "Intact") expect(verdict.entries).toBeGreaterThanOrEqual(8)
    })

    it("refuses a viewer's write", async () => {
      const error = await caught(
        kejin.pledges.record(withNo("Y2025330000777"), { actor: { id: "v", role: "viewer" } })
      )
      expect(error._tag).toBe("ForbiddenError")
    })
  })
}
