import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { toWire } from "../money/index.js"
import { managementFee } from "./fees.js"
import {
  americanClawback,
  americanWaterfall,
  europeanWaterfall,
  preferredReturn,
  splitDistribution
} from "./waterfall.js"

// The worked examples of fees-and-waterfalls.md, checked by hand there and here.

const d = (text: string) => new Decimal(text)
const tiers = (split: { tiers: ReadonlyArray<{ tier: string; lp: Decimal; gp: Decimal }> }) =>
  split.tiers.map((t) => [t.tier, toWire(t.lp), toWire(t.gp)])

const terms = { hurdle: d("0.08"), carry: d("0.2"), catchUp: d("1") }

describe("management fees", () => {
  const fees = { rateOnCommitment: d("0.02"), rateOnCost: d("0.015"), investmentPeriodEnd: "2027-01-01" }
  const cost = [
    { from: "2026-07-01", cost: d("60000000") },
    { from: "2027-07-02", cost: d("40000000") }
  ]

  it("charges the rate on commitment during the investment period", () => {
    // 100,000,000 × 2 % × 365 / 365 = 2,000,000.00, whatever the cost did in the year.
    const year = managementFee(fees, { from: "2026-01-01", to: "2027-01-01" }, d("100000000"), cost)
    expect(toWire(year.fee)).toBe("2000000.00")
    expect(year.segments.map((s) => [s.basis, s.days])).toEqual([["commitment", 365]])
  })

  it("then the rate on the invested cost held, day by day (Actual/365), rounded once to the fen", () => {
    // 60,000,000 for 182 days (to 2027-07-01) and 40,000,000 for 183 days:
    // 1.5 % × (60,000,000 × 182 + 40,000,000 × 183) / 365 = 273,600,000 / 365 = 749,589.0410… → 749,589.04.
    const year = managementFee(fees, { from: "2027-01-01", to: "2028-01-01" }, d("100000000"), cost)
    expect(year.segments.map((s) => [s.from, s.to, s.days, toWire(s.base)])).toEqual([
      ["2027-01-01", "2027-07-02", 182, "60000000.00"],
      ["2027-07-02", "2028-01-01", 183, "40000000.00"]
    ])
    expect(toWire(year.fee)).toBe("749589.04")
  })

  it("splits a period that straddles the end of the investment period", () => {
    // 2026-07-01..2027-07-01: 184 days on 100,000,000 at 2 % + 181 days on 60,000,000 at 1.5 %:
    // (100,000,000 × 0.02 × 184 + 60,000,000 × 0.015 × 181) / 365 = (368,000,000 + 162,900,000) / 365
    // = 1,454,520.547… → 1,454,520.55.
    const year = managementFee(fees, { from: "2026-07-01", to: "2027-07-01" }, d("100000000"), cost)
    expect(year.segments.map((s) => [s.basis, s.days])).toEqual([
      ["commitment", 184],
      ["invested-cost", 181]
    ])
    expect(toWire(year.fee)).toBe("1454520.55")
  })
})

describe("distribution waterfall", () => {
  it("compounds the preferred return Actual/365", () => {
    // 100,000,000 for 730 days at 8 %: 100,000,000 × (1.08² − 1) = 16,640,000.
    expect(
      toWire(preferredReturn([{ on: "2025-01-01", amount: d("100000000") }], d("0.08"), "2027-01-01"))
    ).toBe("16640000.00")
  })

  it("European (whole fund): capital, 8 % hurdle, full catch-up, 80/20 (hand-checked)", () => {
    // 150,000,000 on 2027-01-01 against 100,000,000 called on 2025-01-01: capital 100,000,000 and the
    // preferred 16,640,000 to the LPs; catch-up 0.2 × 16,640,000 / 0.8 = 4,160,000 to the GP; the rest,
    // 29,200,000, 20 % to the GP (5,840,000). LPs 140,000,000, GP 10,000,000 = 20 % of the 50,000,000 profit.
    const split = europeanWaterfall({
      terms,
      contributions: [{ on: "2025-01-01", amount: d("100000000") }],
      on: "2027-01-01",
      amount: d("150000000")
    })
    expect(tiers(split)).toEqual([
      ["return-of-capital", "100000000.00", "0.00"],
      ["preferred-return", "16640000.00", "0.00"],
      ["catch-up", "0.00", "4160000.00"],
      ["carried-interest", "23360000.00", "5840000.00"]
    ])
    expect([toWire(split.lp), toWire(split.gp)]).toEqual(["140000000.00", "10000000.00"])
    // Paid in two distributions, the second is split as the whole less the first.
    const first = europeanWaterfall({
      terms,
      contributions: [{ on: "2025-01-01", amount: d("100000000") }],
      on: "2027-01-01",
      amount: d("110000000")
    })
    expect([toWire(first.lp), toWire(first.gp)]).toEqual(["110000000.00", "0.00"])
    const second = splitDistribution(d("40000000"), d("100000000"), d("16640000"), terms, d("110000000"))
    expect([toWire(second.lp), toWire(second.gp)]).toEqual(["30000000.00", "10000000.00"])
  })

  it("American (deal by deal): a winning deal pays carry though another was lost (hand-checked)", () => {
    // Deal A: 50,000,000 on 2025-01-01, exited 2027-01-01 for 90,000,000: capital 50,000,000, preferred
    // 50,000,000 × 0.1664 = 8,320,000, catch-up 2,080,000 to the GP, the rest 29,600,000 split 23,680,000 /
    // 5,920,000: GP 8,000,000 = 20 % of A's 40,000,000 profit. Deal B, 50,000,000 written off: nothing.
    const american = americanWaterfall({
      terms,
      deals: [
        {
          name: "A",
          investedOn: "2025-01-01",
          cost: d("50000000"),
          exitedOn: "2027-01-01",
          proceeds: d("90000000")
        },
        { name: "B", investedOn: "2025-01-01", cost: d("50000000"), exitedOn: "2027-01-01", proceeds: d("0") }
      ]
    })
    expect(tiers(american.deals[0]!)).toEqual([
      ["return-of-capital", "50000000.00", "0.00"],
      ["preferred-return", "8320000.00", "0.00"],
      ["catch-up", "0.00", "2080000.00"],
      ["carried-interest", "23680000.00", "5920000.00"]
    ])
    expect([toWire(american.lp), toWire(american.gp)]).toEqual(["82000000.00", "8000000.00"])
    // The same 90,000,000 through the whole fund: the LPs' 100,000,000 is not back yet, so no carry.
    const european = europeanWaterfall({
      terms,
      contributions: [{ on: "2025-01-01", amount: d("100000000") }],
      on: "2027-01-01",
      amount: d("90000000")
    })
    expect([toWire(european.lp), toWire(european.gp)]).toEqual(["90000000.00", "0.00"])
  })

  it("adds up to the amount to the fen with a hurdle that does not fall on whole years", () => {
    const split = europeanWaterfall({
      terms: { hurdle: d("0.08"), carry: d("0.2"), catchUp: d("0.8") },
      contributions: [
        { on: "2025-01-01", amount: d("33333333.33") },
        { on: "2025-05-17", amount: d("12345678.91") }
      ],
      on: "2028-03-03",
      amount: d("77777777.77")
    })
    expect(toWire(split.lp.plus(split.gp))).toBe("77777777.77")
    for (const t of split.tiers) expect(t.gp.decimalPlaces()).toBeLessThanOrEqual(2)
  })

  it("claws back from the GP what the deal-by-deal carry paid above the whole-fund carry", () => {
    const a = { name: "A", investedOn: "2025-01-01", cost: d("50000000"), exitedOn: "2027-01-01" }
    const b = { name: "B", investedOn: "2025-01-01", cost: d("50000000"), exitedOn: "2027-01-01" }
    // B written off: the GP was paid 8,000,000 on A; the whole fund (100,000,000 in, 90,000,000 out) gives it
    // nothing, so all 8,000,000 comes back.
    const lost = americanClawback({
      terms,
      deals: [
        { ...a, proceeds: d("90000000") },
        { ...b, proceeds: d("0") }
      ]
    })
    expect([lost.gpPaid, lost.gpWholeFund, lost.clawback].map(toWire)).toEqual([
      "8000000.00",
      "0.00",
      "8000000.00"
    ])
    // B returns 30,000,000: B alone pays no carry (below its cost). The whole fund: 120,000,000 out of
    // 100,000,000 in; capital 100,000,000, P = 16,640,000 to the LPs, the remaining 3,360,000 all to the GP
    // in the catch-up (its tier is 4,160,000). 8,000,000 − 3,360,000 = 4,640,000 comes back.
    const partial = americanClawback({
      terms,
      deals: [
        { ...a, proceeds: d("90000000") },
        { ...b, proceeds: d("30000000") }
      ]
    })
    expect([partial.gpPaid, partial.gpWholeFund, partial.clawback].map(toWire)).toEqual([
      "8000000.00",
      "3360000.00",
      "4640000.00"
    ])
    // Both deals good (A 90,000,000, B 90,000,000): 180,000,000 out; the GP's whole-fund carry is 20 % of the
    // 80,000,000 profit = 16,000,000, the same as the 2 × 8,000,000 paid deal by deal: nothing comes back.
    const good = americanClawback({
      terms,
      deals: [
        { ...a, proceeds: d("90000000") },
        { ...b, proceeds: d("90000000") }
      ]
    })
    expect([good.gpPaid, good.gpWholeFund, good.clawback].map(toWire)).toEqual([
      "16000000.00",
      "16000000.00",
      "0.00"
    ])
  })
})
