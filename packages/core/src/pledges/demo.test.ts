import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  demoCountThisYear,
  demoEnterprises,
  demoLoanPlan,
  demoPatent,
  demoPledgeBatches,
  demoPledges,
  recordDemoLoans,
  seedDemoPledges
} from "../demo/pledges.js"
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
    for (const today of [asOf, "2026-12-31", "2027-01-01"]) {
      const all = demoPledgeBatches(today, enterprises).flatMap((b) =>
        b.registrations.flatMap((p) => p.patents.map(bare))
      )
      expect(new Set(all).size).toBe(all.length)
    }
  })

  it("keeps batches sharing a set of used patents apart by construction, even with the same seed", () => {
    const batch = (usedPatents?: Set<string>) =>
      demoPledges({
        count: 50,
        from: "2025-01-01",
        to: "2025-12-31",
        seed: 4,
        enterprises,
        ...(usedPatents === undefined ? {} : { usedPatents })
      })
    const patentsOf = (b: ReturnType<typeof batch>) => b.flatMap((p) => p.patents)
    // Without a shared set the same seed draws the same patents again.
    expect(patentsOf(batch())).toEqual(patentsOf(batch()))
    const shared = new Set<string>()
    const all = [...patentsOf(batch(shared)), ...patentsOf(batch(shared))]
    expect(all).toHaveLength(2 * patentsOf(batch()).length)
    expect(new Set(all).size).toBe(all.length)
  })

  it("has as many of this year's 150 registrations as the part of the year gone by, at least one", () => {
    expect(demoCountThisYear("2026-01-01")).toBe(1)
    expect(demoCountThisYear("2026-01-03")).toBe(1)
    // 150 × 4 / 365 = 1.64 → 2; 150 × 183 / 365 = 75.2 → 75; 150 × 330 / 365 = 135.6 → 136.
    expect(demoCountThisYear("2026-01-04")).toBe(2)
    expect(demoCountThisYear("2026-07-02")).toBe(75)
    expect(demoCountThisYear("2026-11-26")).toBe(136)
    expect(demoCountThisYear("2026-12-31")).toBe(150)
    // A leap year: 150 × 183 / 366 = 75.0 → 75 on 1 July.
    expect(demoCountThisYear("2028-07-01")).toBe(75)
    expect(demoCountThisYear("2028-12-31")).toBe(150)
  })

  it("spreads this year's batch from 1 January to today, the same for the same today", () => {
    const [lastYear, thisYear] = demoPledgeBatches("2026-01-01", enterprises)
    expect(lastYear!.registrations).toHaveLength(180)
    expect(thisYear!.registrations.map((p) => p.registeredOn)).toEqual(["2026-01-01"])
    const [, november] = demoPledgeBatches("2026-11-26", enterprises)
    expect(november!.registrations).toHaveLength(136)
    const days = november!.registrations.map((p) => p.registeredOn)
    expect(days.every((d) => d >= "2026-01-01" && d <= "2026-11-26")).toBe(true)
    expect(demoPledgeBatches("2026-11-26", enterprises)).toEqual(demoPledgeBatches("2026-11-26", enterprises))
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

  describe(`the demo pledge book on 1 January, on ${dialect}`, () => {
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

    it("has last year's 180 registrations and one of this year's, far from the 25亿 target", async () => {
      const book = await seedDemoPledges(kejin, { today: "2026-01-01", enterprises })
      expect(book.pledges).toBe(181)
      const year = await kejin.pledges.total({ year: 2026 })
      expect(year.count).toBe(1)
      // One registration is at most 80,000,000.00: at most 3.2 % of the target on day one.
      expect(year.amount.lte(80_000_000)).toBe(true)
      const [target] = (await kejin.targets.progress("2026-01-01")).filter(
        (p) => p.key === "patent-pledge-financing"
      )
      expect(target!.value.div(target!.target).lte("0.032")).toBe(true)
      expect((await kejin.pledges.total({ year: 2025 })).count).toBe(180)
    }, 60_000)
  })
}
