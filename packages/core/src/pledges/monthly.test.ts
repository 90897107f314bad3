import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { Yuan } from "../money/index.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson, PledgeMonth } from "./schema.js"

const [sample] = demoPledges({ count: 1, from: "2025-03-14", to: "2025-03-14", seed: 23 })
const pledge = (registrationNo: string, amount: string, registeredOn: string): PledgeInputJson => ({
  ...sample!,
  registrationNo,
  patents: [demoPatent(registrationNo)],
  amount,
  registeredOn
})

/** Months as plain text, so a failure shows the figures. */
const plain = (months: ReadonlyArray<PledgeMonth>) =>
  months.map((m) => `${m.month} ${m.amount.toFixed(2)} ×${m.count}`) // float-ok: Decimal.toFixed, exact

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; issues: ReadonlyArray<{ path: string; message: string }> }
  }
  throw new Error("expected a failure")
}

for (const dialect of testDialects()) {
  describe(`monthly pledge totals on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      await kejin.pledges.recordMany([
        pledge("YM2024120001", "9,999,999.99", "2024-12-31"),
        pledge("YM2025010001", "1000000.01", "2025-01-05"),
        pledge("YM2025010002", "250.00005万", "2025-01-31"),
        pledge("YM2025030001", "12345678.90", "2025-03-01"),
        pledge("YM2025030002", "25000000.00", "2025-03-14"),
        pledge("YM2025040001", "0.01", "2025-04-30"),
        pledge("YM2025060001", "7000000", "2025-06-01"),
        // Two loans whose sum in fen is past 2^53: a float would end in …004.
        pledge("YM2026070001", "60000000000000.01", "2026-07-01"),
        pledge("YM2026070002", "60000000000000.02", "2026-07-31")
      ])
      const { items } = await kejin.pledges.list({ from: "2025-03-01", to: "2025-03-01" })
      await kejin.pledges.reverse(items[0]!.id, "registered twice")
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("lists every month of the period in order, zeros filled, reversed pledges left out", async () => {
      const months = await kejin.pledges.monthly({ from: "2025-01-01", to: "2025-05-31" })
      // Jan: 1,000,000.01 + 2,500,000.50; Mar: 25,000,000.00 (12,345,678.90 was reversed); Apr: 0.01.
      expect(plain(months)).toEqual([
        "2025-01 3500000.51 ×2",
        "2025-02 0.00 ×0",
        "2025-03 25000000.00 ×1",
        "2025-04 0.01 ×1",
        "2025-05 0.00 ×0"
      ])
      expect(months[1]!.amount).toBeInstanceOf(Yuan)
    })

    it("counts only the days of the period in its first and last months", async () => {
      const months = await kejin.pledges.monthly({ from: "2025-01-10", to: "2025-03-13" })
      expect(plain(months)).toEqual(["2025-01 2500000.50 ×1", "2025-02 0.00 ×0", "2025-03 0.00 ×0"])
      expect(plain(await kejin.pledges.monthly({ from: "2025-03-14", to: "2025-03-14" }))).toEqual([
        "2025-03 25000000.00 ×1"
      ])
    })

    it("runs across a year end", async () => {
      const months = await kejin.pledges.monthly({ from: "2024-11-15", to: "2025-01-31" })
      expect(plain(months)).toEqual(["2024-11 0.00 ×0", "2024-12 9999999.99 ×1", "2025-01 3500000.51 ×2"])
    })

    it("agrees with the period total", async () => {
      const period = { from: "2024-01-01", to: "2026-12-31" }
      const months = await kejin.pledges.monthly(period)
      expect(months).toHaveLength(36)
      const sum = months.reduce((acc, m) => acc.plus(m.amount), new Yuan(0))
      const total = await kejin.pledges.total(period)
      expect(sum.toFixed(2)).toBe(total.amount.toFixed(2)) // float-ok: Decimal.toFixed, exact
      expect(months.reduce((acc, m) => acc + m.count, 0)).toBe(total.count)
    })

    it("keeps a month's sum exact beyond 2^53 fen", async () => {
      const [july] = await kejin.pledges.monthly({ from: "2026-07-01", to: "2026-07-31" })
      expect(july?.amount.toFixed(2)).toBe("120000000000000.03") // float-ok: Decimal.toFixed, exact
      expect(july?.count).toBe(2)
    })

    it("answers a period without pledges with zero months", async () => {
      expect(plain(await kejin.pledges.monthly({ from: "2030-01-01", to: "2030-03-31" }))).toEqual([
        "2030-01 0.00 ×0",
        "2030-02 0.00 ×0",
        "2030-03 0.00 ×0"
      ])
    })

    it("rejects a period that ends before it starts, a bad date, or one longer than 100 years", async () => {
      const backwards = await caught(kejin.pledges.monthly({ from: "2025-03-01", to: "2025-02-28" }))
      expect(backwards._tag).toBe("ValidationError")
      expect(backwards.issues.map((i) => i.path)).toEqual(["to"])
      const bad = await caught(kejin.pledges.monthly({ from: "2025-02-30", to: "2025-03-31" }))
      expect(bad.issues.map((i) => i.path)).toEqual(["from"])
      const long = await caught(kejin.pledges.monthly({ from: "1900-01-01", to: "2025-12-31" }))
      expect(long.issues[0]?.message).toMatch(/at most 1200 months/)
    })
  })
}
