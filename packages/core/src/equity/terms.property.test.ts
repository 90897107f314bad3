import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { addDays } from "../time/dates.js"
import type { FundEntry } from "./schema.js"
import { type FundTerms, splitDistributions } from "./terms.js"

// Property tests of each distribution's LP / GP split, without a property-testing library: a seeded
// generator (mulberry32), a few hundred random ledgers and terms, invariants that hold for every one. A
// failure names its seed.

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
type Random = ReturnType<typeof mulberry32>
const whole = (random: Random, low: number, high: number) => Math.floor(low + (high - low + 1) * random())
/** Whole fen as yuan: exact by construction (an integer of fen over 100). */
const yuan = (random: Random, maxFen: number) => new Decimal(whole(random, 1, maxFen)).div(100)

const base = { fund: "p", journalSeq: 1, reversedBy: null, fx: null }

const ledgerOf = (random: Random): Array<FundEntry> => {
  const entries: Array<FundEntry> = []
  let id = 0
  const day = (n: number) => addDays("2025-01-01", n)
  for (let i = whole(random, 1, 4); i > 0; i--)
    entries.push({
      ...base,
      id: ++id,
      kind: "call",
      on: day(whole(random, 0, 400)),
      amount: yuan(random, 5e9),
      commitment: 1
    })
  for (let i = whole(random, 0, 4); i > 0; i--) {
    const investment = ++id
    const invested = day(whole(random, 0, 300))
    entries.push({
      ...base,
      id: investment,
      kind: "investment",
      on: invested,
      amount: yuan(random, 3e9),
      enterprise: { id: investment, uscc: "x", name: `deal ${investment}` },
      instrument: "equity",
      round: null,
      stage: "start-up",
      techCategory: "key-generic",
      mode: "direct",
      district: "330302",
      local: true
    } as FundEntry)
    if (random() < 0.8) {
      const cost = (entries.at(-1) as { amount: Decimal }).amount
      const proceeds = random() < 0.2 ? new Decimal(0) : yuan(random, 8e9)
      entries.push({
        ...base,
        id: ++id,
        kind: "exit",
        on: addDays(invested, whole(random, 1, 900)),
        proceeds,
        costBasis: cost,
        gain: proceeds.minus(cost),
        route: "m-and-a",
        investment
      })
    }
  }
  for (let i = whole(random, 1, 5); i > 0; i--)
    entries.push({
      ...base,
      id: ++id,
      kind: "distribution",
      on: day(whole(random, 100, 1300)),
      amount: yuan(random, 6e9),
      distributionKind: "gain",
      commitment: null
    })
  return entries
}

const termsOf = (random: Random, waterfall: "european" | "american"): FundTerms => {
  const carry = new Decimal(whole(random, 5, 30)).div(100)
  const catchUp =
    random() < 0.3
      ? new Decimal(0)
      : random() < 0.5
        ? new Decimal(1)
        : carry
            .plus(new Decimal(whole(random, 1, 50)).div(100))
            .toDecimalPlaces(2)
            .clamp(0, 1)
  return {
    fund: "p",
    version: 1,
    feeRateOnCommitment: new Decimal("0.02"),
    feeRateOnCost: new Decimal("0.015"),
    investmentPeriodEnd: "2028-01-01",
    hurdle: new Decimal(whole(random, 0, 12)).div(100),
    carry,
    catchUp: catchUp.lte(carry) && !catchUp.isZero() ? new Decimal(1) : catchUp,
    waterfall,
    changedAt: "2026-01-01T00:00:00Z",
    changedBy: "test",
    journalSeq: 1
  }
}

describe("each distribution's LP / GP split, for random ledgers and terms", () => {
  for (const waterfall of ["european", "american"] as const)
    it(`${waterfall}: the parts add up to the distribution to the fen, none negative; the clawback keeps the GP to the whole-fund carry`, () => {
      for (let seed = 1; seed <= 200; seed++) {
        const random = mulberry32(seed * 7919 + (waterfall === "american" ? 1 : 0))
        const entries = ledgerOf(random)
        const terms = termsOf(random, waterfall)
        const report = splitDistributions({ fund: "p", terms, entries, asOf: "2029-12-31" })
        for (const d of report.distributions) {
          expect(d.lp.plus(d.gp).eq(d.amount), `seed ${seed}: ${d.lp} + ${d.gp} ≠ ${d.amount}`).toBe(true)
          expect(d.gp.isNegative() || d.lp.isNegative(), `seed ${seed}`).toBe(false)
          expect(d.gp.decimalPlaces(), `seed ${seed}`).toBeLessThanOrEqual(2)
        }
        const total = report.distributions.reduce((s, d) => s.plus(d.amount), new Decimal(0))
        expect(report.lp.plus(report.gp).eq(total), `seed ${seed}`).toBe(true)
        if (report.american !== null) {
          const { clawback, gpWholeFund } = report.american
          expect(clawback.isNegative(), `seed ${seed}`).toBe(false)
          // What the GP keeps after the clawback is at most the whole-fund carry.
          expect(report.gp.minus(clawback).lte(Decimal.max(gpWholeFund, 0)), `seed ${seed}`).toBe(true)
          // The GP is paid at most the carry its exits earned.
          expect(report.gp.lte(report.american.earned), `seed ${seed}`).toBe(true)
        }
      }
    })
})
