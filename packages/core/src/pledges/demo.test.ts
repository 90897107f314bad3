import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoEnterprises, demoLoanPlan, demoPatent, demoPledges, recordDemoLoans } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { isValidPatentNumber } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

const asOf = "2026-06-30"
const enterprises = demoEnterprises(40, 2025)
const batch = demoPledges({ count: 120, from: "2025-01-01", to: asOf, enterprises, seed: 2025 })

describe("demo pledges", () => {
  it("keeps the contract fields of a seed unchanged by the optional details", () => {
    const plain = demoPledges({ count: 30, from: "2025-01-01", to: asOf, seed: 9, details: false })
    const full = demoPledges({ count: 30, from: "2025-01-01", to: asOf, seed: 9 })
    expect(
      full.map(
        ({
          registrationNo,
          pledgor: { uscc, name, district },
          pledgee: { name: bank },
          patents,
          amount,
          registeredOn
        }) => ({
          registrationNo,
          pledgor: { uscc, name, district },
          pledgee: { name: bank },
          patents,
          amount,
          registeredOn
        })
      )
    ).toEqual(plain)
    expect(full.every((p) => p.pledgor.size !== undefined && p.debtTerm !== undefined)).toBe(true)
    expect(
      full.filter((p) => p.pledgee.kind === "guarantor").every((p) => p.pledgee.name.includes("担保"))
    ).toBe(true)
  })

  it("never pledges a patent twice in a batch", () => {
    const big = demoPledges({ count: 20_000, from: "2025-01-01", to: "2027-12-31", seed: 1, enterprises })
    const all = big.flatMap((p) => p.patents)
    expect(new Set(all).size).toBe(all.length)
  })

  it("never pledges a patent twice across the demo's two batches (any spelling)", () => {
    const bare = (p: string) => p.replace(/^(ZL|CN)/, "")
    const all = [
      ...demoPledges({ count: 180, from: "2025-01-01", to: "2025-12-31", enterprises, seed: 2025 }),
      ...demoPledges({ count: 150, from: "2026-01-01", to: asOf, enterprises, seed: 2026 })
    ].flatMap((p) => p.patents.map(bare))
    expect(new Set(all).size).toBe(all.length)
  })

  it("gives each fixture key a valid patent number of its own, the same every time", () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => `Y2025330${String(i).padStart(6, "0")}`)
    const patents = keys.map((key) => demoPatent(key))
    expect(patents.every(isValidPatentNumber)).toBe(true)
    expect(new Set(patents).size).toBe(keys.length)
    expect(demoPatent("Y2025330000123")).toBe(patents[123])
  })

  it("plans the same loans for the same seed", () => {
    const registrations = batch.map((p, i) => ({ ...p, id: i + 1 }))
    expect(demoLoanPlan(registrations, { asOf, seed: 3 })).toEqual(
      demoLoanPlan(registrations, { asOf, seed: 3 })
    )
  })
})

for (const dialect of testDialects()) {
  describe(`demo loans on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, pledges: { exclusivePatents: true } })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("draws most registrations in full, repays some, releases two and defaults one, within every rule", async () => {
      const { ids } = await kejin.pledges.recordMany(batch)
      const registrations = batch.map((p, i) => ({ ...p, id: ids[i]! }))
      const summary = await recordDemoLoans(kejin, registrations, { asOf, seed: 3 })
      expect(summary.defaults).toBe(1)
      expect(summary.releases).toBe(2)
      expect(summary.repayments).toBeGreaterThan(5)
      expect(summary.loans).toBeGreaterThan(batch.length * 0.9)
      const figures = await kejin.pledges.summary({ from: "2025-01-01", to: asOf })
      expect(figures.defaulted.loans).toBe(1)
      // Most registrations are fully drawn: lending is at least 80 % of the registered amount.
      expect(figures.measures.lending.div(figures.measures.amount).toNumber()).toBeGreaterThan(0.8)
      const statuses = await Promise.all(ids.map(async (id) => (await kejin.pledges.registration(id)).status))
      expect(statuses.filter((s) => s === "released")).toHaveLength(2)
    })
  })
}
