import { describe, expect, it } from "vitest"
import { Yuan } from "../money/index.js"
import { availableOn, balanceOn, firstShortfall, floorToFen, payout, tierFor } from "./rules.js"

const y = (text: string) => new Yuan(text)
const rule = (ratio: string, cap?: string) => ({ ratio: y(ratio), cap: cap === undefined ? null : y(cap) })

describe("pool payout: min(⌊ratio × base⌋, cap, available)", () => {
  it("is bound by the ratio when cap and pool allow more", () => {
    // 0.6 × 300000.00 = 180000.00 < cap 500000.00 < pool 1000000.00
    const p = payout({
      base: y("300000"),
      rule: rule("0.6", "500000"),
      available: y("1000000"),
      baseLabel: "loss"
    })
    expect(p.amount.toFixed(2)).toBe("180000.00") // float-ok: Decimal
    expect(p.limitedBy).toBe("ratio")
    expect(p.note).toBe(
      "min(0.6 × loss 300000.00 = 180000.00, cap 500000.00, pool balance 1000000.00) = 180000.00: limited by the ratio"
    )
  })

  it("is bound by the cap, then by the pool's balance", () => {
    // 0.6 × 1000000.00 = 600000.00 > cap 500000.00
    const capped = payout({
      base: y("1000000"),
      rule: rule("0.6", "500000"),
      available: y("820000"),
      baseLabel: "loss"
    })
    expect([capped.amount.toFixed(2), capped.limitedBy]).toEqual(["500000.00", "cap"]) // float-ok: Decimal
    // … and the pool has only 320000.00 left
    const drained = payout({
      base: y("1000000"),
      rule: rule("0.6", "500000"),
      available: y("320000"),
      baseLabel: "loss"
    })
    expect([drained.amount.toFixed(2), drained.limitedBy]).toEqual(["320000.00", "pool-balance"]) // float-ok: Decimal.toFixed, exact
    expect(drained.byRatio.toFixed(2)).toBe("600000.00") // float-ok: Decimal.toFixed, exact
  })

  it("pays 0 from an empty pool and says why", () => {
    const p = payout({ base: y("100000"), rule: rule("0.6"), available: y("0"), baseLabel: "uncovered loss" })
    expect(p.amount.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    expect(p.limitedBy).toBe("pool-balance")
    expect(p.note).toBe(
      "the pool has no balance left, so nothing is paid (0.6 × uncovered loss 100000.00 = 60000.00)"
    )
  })

  it("names the ratio on a tie and rounds down to the fen, never up", () => {
    // 0.333333 × 100.00 = 33.3333 → 33.33; the pool holds exactly that much.
    const p = payout({ base: y("100"), rule: rule("0.333333"), available: y("33.33"), baseLabel: "loss" })
    expect([p.amount.toFixed(2), p.limitedBy]).toEqual(["33.33", "ratio"]) // float-ok: Decimal.toFixed, exact
    expect(floorToFen(y("0.019")).toFixed(2)).toBe("0.01") // float-ok: Decimal.toFixed, exact
    expect(floorToFen(y("12345678901234.999")).toFixed(2)).toBe("12345678901234.99") // float-ok: Decimal.toFixed, exact
  })

  it("pays nothing when nothing is uncovered", () => {
    const p = payout({ base: y("0"), rule: rule("1"), available: y("10"), baseLabel: "uncovered loss" })
    expect(p.amount.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    expect(p.note.startsWith("nothing is uncovered: ")).toBe(true)
  })
})

describe("pool balance over time", () => {
  // +1000.00 on 01-01, −700.00 on 03-01, +200.00 on 05-01
  const movements = [
    { on: "2025-01-01", fen: 100_000n },
    { on: "2025-03-01", fen: -70_000n },
    { on: "2025-05-01", fen: 20_000n }
  ]

  it("is the sum of movements up to a date", () => {
    expect(balanceOn(movements, "2024-12-31")).toBe(0n)
    expect(balanceOn(movements, "2025-03-01")).toBe(30_000n)
    expect(balanceOn(movements, "2025-12-31")).toBe(50_000n)
  })

  it("makes available on a date only what no later payout already took", () => {
    // On 02-01 the pool holds 1000.00, but 700.00 of it is paid on 03-01: 300.00 is free.
    expect(availableOn(movements, "2025-02-01").toFixed(2)).toBe("300.00") // float-ok: Decimal.toFixed, exact
    // A deposit dated later cannot pay an earlier claim.
    expect(availableOn(movements, "2025-04-01").toFixed(2)).toBe("300.00") // float-ok: Decimal.toFixed, exact
    expect(availableOn(movements, "2025-05-01").toFixed(2)).toBe("500.00") // float-ok: Decimal.toFixed, exact
    expect(availableOn(movements, "2024-12-31").toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
  })

  it("finds the first date below zero", () => {
    expect(firstShortfall(movements)).toBeUndefined()
    const without = [...movements, { on: "2025-01-01", fen: -100_000n }]
    expect(firstShortfall(without)).toMatchObject({ on: "2025-03-01" })
    expect(firstShortfall(without)?.balance.toFixed(2)).toBe("-700.00") // float-ok: Decimal.toFixed, exact
  })
})

describe("score tiers", () => {
  const tiers = [
    { tier: "B", from: y("75"), limit: y("3000000") },
    { tier: "C", from: y("60"), limit: y("1000000") },
    { tier: "A", from: y("90"), limit: y("5000000") }
  ]

  it("puts a total in the tier with the highest minimum at or below it", () => {
    expect(tierFor(tiers, y("59.9999"))).toBeUndefined()
    expect(tierFor(tiers, y("60"))?.tier).toBe("C")
    expect(tierFor(tiers, y("74.9999"))?.tier).toBe("C")
    expect(tierFor(tiers, y("75"))?.tier).toBe("B")
    expect(tierFor(tiers, y("100"))?.tier).toBe("A")
  })
})
