import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { type LinkageSummary, linkageSummaryToJson } from "../linkage/schema.js"
import { toWire, Yuan } from "../money/index.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { seedDemoFunds } from "./funds.js"
import { type DemoLinkageSummary, seedDemoLinkage } from "./linkage.js"
import { demoEnterprises, seedDemoPledges } from "./pledges.js"

const enterprises = demoEnterprises(60, 2025)

/** The whole demo as `kejin demo` seeds it, on a fixed `today`. */
const seedAll = async (kejin: Kejin, today: string) => {
  const book = await seedDemoPledges(kejin, { today, enterprises })
  await seedDemoFunds(kejin, { today, enterprises })
  const linkage = await seedDemoLinkage(kejin, { today, enterprises })
  return { book, linkage }
}

/** Every pilot has records dated in the period (and the relief pool paid part of the transfer claims). */
const expectEveryPilot = (s: LinkageSummary) => {
  const pilots = {
    investmentLoan: s.investmentLoan.count,
    warrantExercises: s.investmentLoan.exercises,
    warrantExits: s.investmentLoan.exits,
    indexLoan: s.indexLoan.count,
    indexScores: s.indexLoan.scores,
    investmentInsurance: s.investmentInsurance.count,
    transferInsurance: s.transferInsurance.policies,
    transferClaims: s.transferInsurance.claims,
    coInvestment: s.coInvestment.count,
    riskCompensation: s.riskCompensation.claims,
    interestSubsidy: s.interestSubsidy.count,
    bonds: s.bonds.count
  }
  for (const [pilot, count] of Object.entries(pilots))
    expect({ pilot, count }).not.toEqual({ pilot, count: 0 })
  expect(s.investmentLoan.amount.gt(0)).toBe(true)
  expect(s.indexLoan.amount.gt(0)).toBe(true)
  expect(s.transferInsurance.reliefPaid.gt(0)).toBe(true)
  expect(
    s.transferInsurance.reliefPaid.lt(s.transferInsurance.loss.minus(s.transferInsurance.insurerPaid))
  ).toBe(true)
  expect(s.riskCompensation.paid.gt(0)).toBe(true)
  expect(s.interestSubsidy.amount.gt(0)).toBe(true)
  expect(s.coInvestment.followAmount.gt(0)).toBe(true)
}

for (const dialect of testDialects()) {
  describe(`demo linkage pilots on ${dialect}`, () => {
    const today = "2026-06-30"
    const year = { from: "2026-01-01", to: today }
    const databases: Array<TestDatabase> = []
    const opened: Array<Kejin> = []
    let kejin: Kejin
    let seeded: DemoLinkageSummary

    /** A new store whose clock stands at `on`, the date the demo is seeded for. */
    const fresh = async (on: string) => {
      const database = await createTestDatabase(dialect)
      databases.push(database)
      const k = await openKejin({ database: database.url, clock: { today: on } })
      opened.push(k)
      return k
    }

    beforeAll(async () => {
      kejin = await fresh(today)
      seeded = (await seedAll(kejin, today)).linkage
    })
    afterAll(async () => {
      for (const k of opened) await k.close()
      for (const d of databases) await d.dispose()
    })

    it("gives every pilot figures for the current year", async () => {
      const summary = await kejin.linkage.summary(year)
      expectEveryPilot(summary)
      expect(summary.investmentLoan).toMatchObject({ warrantLoans: 1, exercises: 1, exits: 1 })
      expect(summary.investmentInsurance.count).toBe(3)
      expect(summary.transferInsurance).toMatchObject({ policies: 3, claims: 3 })
      // 60 % of the uncovered 120万 and 18万 is 72万 and 18万; 60 % of 300万 is capped at 150万.
      expect(toWire(summary.transferInsurance.reliefPaid)).toBe("2400000.00")
      expect(summary.coInvestment.count).toBe(4)
      expect(summary.indexLoan.scores).toBe(10)
      expect([summary.bonds.count, toWire(summary.bonds.amount), toWire(summary.bonds.toFunds)]).toEqual([
        2,
        "1500000000.00",
        "500000000.00"
      ])
      expect(seeded.records).toBeGreaterThan(50)
    })

    it("keeps the relief pool at deposits − payouts, never below zero", async () => {
      const [relief] = (await kejin.linkage.pools()).filter((p) => p.kind === "relief")
      expect(relief).toBeDefined()
      const pool = relief!
      expect(toWire(pool.balance)).toBe(toWire(pool.deposited.minus(pool.paidOut)))
      expect([toWire(pool.deposited), toWire(pool.paidOut), toWire(pool.balance)]).toEqual([
        "17000000.00",
        "2400000.00",
        "14600000.00"
      ])
      expect(pool.balance.gte(0)).toBe(true)
      const deposits = await kejin.linkage.deposits(pool.code)
      const claims = await kejin.linkage.claims({ pool: pool.code, includeReversed: false })
      const paid = claims.reduce((sum, c) => sum.plus(c.payout), new Yuan(0))
      const put = deposits.reduce((sum, d) => sum.plus(d.amount), new Yuan(0))
      expect(toWire(put.minus(paid))).toBe(toWire(pool.balance))
      const summary = await kejin.linkage.summary(year)
      const row = summary.pools.find((p) => p.code === pool.code)!
      expect(toWire(row.openingBalance.plus(row.deposits).minus(row.payouts))).toBe(
        toWire(row.closingBalance)
      )
      expect(toWire(row.closingBalance)).toBe(toWire(pool.balance))
    })

    it("claims risk compensation for a defaulted demo pledge loan, within the pool's rule", async () => {
      const claims = await kejin.linkage.claims({ kind: "risk-compensation" })
      expect(claims.length).toBeGreaterThan(0)
      const registrations = new Map<string, number>()
      for (let offset = 0; ; offset += 500) {
        const page = await kejin.pledges.list({ limit: 500, offset })
        for (const p of page.items) registrations.set(p.registrationNo, p.id)
        if (page.items.length < 500) break
      }
      for (const claim of claims) {
        const id = registrations.get(claim.registrationNo!)
        expect(id).toBeDefined()
        const loans = await kejin.pledges.loans.list(id!)
        const defaulted = loans.find((l) => l.defaultedOn !== null)
        expect(defaulted).toBeDefined()
        expect(`${defaulted!.defaultedOn} <= ${claim.on}`).toBe(
          `${[defaulted!.defaultedOn, claim.on].sort()[0]} <= ${claim.on}`
        )
        expect(toWire(claim.loss)).toBe(toWire(defaulted!.outstanding))
        // 40 % of the loss to the fen (rounded down), at most 400万.
        const byRatio = claim.loss.times("0.4").toDecimalPlaces(2, Yuan.ROUND_DOWN)
        expect(toWire(claim.payout)).toBe(toWire(Yuan.min(byRatio, "4000000")))
      }
    })

    it("grants every index loan within its tier's limit, on a score taken before it", async () => {
      const loans = await kejin.linkage.loans({ pilot: "index-loan" })
      expect(loans.length).toBeGreaterThan(0)
      for (const loan of loans) {
        expect(loan.amount.lte(loan.score!.limit)).toBe(true)
        expect(loan.score!.scoredOn <= loan.disbursedOn).toBe(true)
      }
      const scores = await kejin.linkage.scores()
      expect(scores.filter((s) => s.tier === null)).toHaveLength(1)
    })

    it("seeds the same figures from the same date", async () => {
      const again = await fresh(today)
      await seedAll(again, today)
      const first = linkageSummaryToJson(await kejin.linkage.summary(year))
      const second = linkageSummaryToJson(await again.linkage.summary(year))
      expect(second).toEqual(first)
      const pledges = await kejin.pledges.summary({ year: 2026 })
      const pledgesAgain = await again.pledges.summary({ year: 2026 })
      expect(toWire(pledgesAgain.measures.amount)).toBe(toWire(pledges.measures.amount))
    }, 60_000)

    it("works early in a year too: every pilot has records between 1 January and today", async () => {
      const early = await fresh("2027-01-02")
      await seedAll(early, "2027-01-02")
      expectEveryPilot(await early.linkage.summary({ from: "2027-01-01", to: "2027-01-02" }))
    }, 60_000)
  })
}
