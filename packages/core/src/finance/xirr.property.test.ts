import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { addDays } from "../time/dates.js"
import { type CashFlow, type XirrResult, xirr, xnpv } from "./index.js"

// Property tests without a property-testing library: a seeded generator (mulberry32), a few hundred random
// flow sets each, and invariants that must hold for every one of them. A failure names its seed.

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

type Random = ReturnType<typeof mulberry32>

const between = (random: Random, low: number, high: number): number => low + (high - low) * random()
const whole = (random: Random, low: number, high: number): number =>
  Math.floor(between(random, low, high + 1))

/** An amount in yuan with two places, as a number, a string or a Decimal (all three shapes get exercised). */
const amount = (random: Random, sign: 1 | -1, size: number): CashFlow["amount"] => {
  const text = (sign * Math.max(0.01, size)).toFixed(2) // float-ok: test data, not money arithmetic
  const shape = whole(random, 0, 2)
  return shape === 0 ? Number(text) : shape === 1 ? text : new Decimal(text)
}

/**
 * Flows with exactly one sign change in date order: `outflows` payments, then receipts worth between 0.2
 * and 5 times as much, on strictly increasing dates over up to about ten years.
 */
const oneSignChange = (random: Random): CashFlow[] => {
  const count = whole(random, 2, random() < 0.1 ? 400 : 30)
  const outflows = whole(random, 1, count - 1)
  const multiple = between(random, 0.2, 5)
  let date = addDays("2015-01-01", whole(random, 0, 3000))
  const sizes = Array.from({ length: count }, () => between(random, 1, 1_000_000))
  const paid = sizes.slice(0, outflows).reduce((s, x) => s + x, 0)
  const received = sizes.slice(outflows).reduce((s, x) => s + x, 0)
  return sizes.map((size, i) => {
    date = addDays(date, whole(random, 1, count > 100 ? 10 : 200))
    return i < outflows
      ? { date, amount: amount(random, -1, size) }
      : { date, amount: amount(random, 1, (size * multiple * paid) / received) }
  })
}

/**
 * The size of the flows' value at `rate`: Σ |P_i| / (1 + rate)^t_i. "XNPV ≈ 0" is relative to this (at
 * rates near −100 % the discounted flows are far larger than the flows themselves).
 */
const discountedSize = (rate: number, list: ReadonlyArray<CashFlow>): number =>
  xnpv(
    rate,
    list.map((f) => ({ date: f.date, amount: new Decimal(f.amount).abs() }))
  )

const rateOf = (result: XirrResult, seed: number): number => {
  if (result._tag !== "Rate") throw new Error(`seed ${seed}: expected a rate, got NoRate: ${result.reason}`)
  return result.rate
}

const close = (a: number, b: number, relative: number): boolean =>
  Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b))

/**
 * How far from zero the value at a root `rate` may be, relative to {@link discountedSize}: 1e-9, or more
 * when the rate is so near −100 % that the double holding it fixes 1 + rate only to ε / (1 + rate), an
 * error every term inherits t-fold (`years`: the span of the flows).
 */
const tolerance = (rate: number, years: number): number =>
  Math.max(1e-9, (4 * Math.max(1, years) * Number.EPSILON) / (1 + rate))

const spanInYears = (list: ReadonlyArray<CashFlow>): number => {
  const dates = list.map((f) => f.date).sort()
  return (Date.parse(dates[dates.length - 1]!) - Date.parse(dates[0]!)) / (365 * 86_400_000)
}

const SETS = 300

describe("properties of xirr over random flows with one sign change", () => {
  it(`has exactly one rate, and XNPV there is ~0 relative to the discounted flows (${SETS} sets)`, () => {
    for (let seed = 1; seed <= SETS; seed++) {
      const list = oneSignChange(mulberry32(seed))
      const result = xirr(list)
      const rate = rateOf(result, seed)
      expect(result._tag === "Rate" && result.otherRoots, `seed ${seed}`).toEqual([])
      const value = Math.abs(xnpv(rate, list))
      expect(value, `seed ${seed}: rate ${rate}`).toBeLessThanOrEqual(
        tolerance(rate, spanInYears(list)) * discountedSize(rate, list)
      )
    }
  })

  it(`is unchanged when every amount is scaled by the same positive factor (${SETS} sets)`, () => {
    for (let seed = 1; seed <= SETS; seed++) {
      const random = mulberry32(seed)
      const list = oneSignChange(random)
      const factor = 10 ** between(random, -4, 6)
      const scaled = list.map((f) => ({ date: f.date, amount: new Decimal(f.amount).toNumber() * factor }))
      const a = rateOf(xirr(list), seed)
      const b = rateOf(xirr(scaled), seed)
      expect(close(a, b, 1e-9), `seed ${seed}: ${a} vs ${b} (×${factor})`).toBe(true)
    }
  })

  it(`is unchanged when every date moves by the same number of days (${SETS} sets)`, () => {
    for (let seed = 1; seed <= SETS; seed++) {
      const random = mulberry32(seed)
      const list = oneSignChange(random)
      const days = whole(random, -5000, 5000)
      const moved = list.map((f) => ({ date: addDays(f.date, days), amount: f.amount }))
      const a = rateOf(xirr(list), seed)
      const b = rateOf(xirr(moved), seed)
      expect(close(a, b, 1e-12), `seed ${seed}: ${a} vs ${b} (${days} days)`).toBe(true)
    }
  })

  it(`is unchanged when the flows come in another order (${SETS} sets)`, () => {
    for (let seed = 1; seed <= SETS; seed++) {
      const random = mulberry32(seed)
      const list = oneSignChange(random)
      const shuffled = [...list]
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = whole(random, 0, i)
        ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
      }
      expect(rateOf(xirr(shuffled), seed), `seed ${seed}`).toBe(rateOf(xirr(list), seed))
    }
  })
})

describe("properties of xirr over random flows of any signs", () => {
  /** Up to 12 flows of random sign and size on random dates over up to six years. */
  const anySigns = (random: Random): CashFlow[] =>
    Array.from({ length: whole(random, 2, 12) }, () => ({
      date: addDays("2020-01-01", whole(random, 0, 2200)),
      amount: amount(random, random() < 0.5 ? -1 : 1, between(random, 1, 1000))
    }))

  it(`reports every root a fine scan of rates can see, and only roots (${SETS} sets)`, () => {
    // The scan: XNPV at 2,001 rates, evenly spaced in ln(1 + r) from −95 % to +2,100 %. Each sign change
    // between two neighbours must contain a reported root; each reported root must make XNPV ~0.
    const xs = Array.from({ length: 2001 }, (_, k) => -3 + (6 * k) / 2000)
    for (let seed = 1; seed <= SETS; seed++) {
      const list = anySigns(mulberry32(seed))
      const result = xirr(list)
      const roots = result._tag === "Rate" ? [result.rate, ...result.otherRoots] : []
      for (const r of roots) {
        expect(Math.abs(xnpv(r, list)), `seed ${seed}: root ${r}`).toBeLessThanOrEqual(
          tolerance(r, spanInYears(list)) * discountedSize(r, list)
        )
      }
      // The scan's own plain evaluation (not xnpv): Σ a_i e^(−x·t_i), t_i in years from the earliest date.
      const first = Math.min(...list.map((f) => Date.parse(f.date)))
      const terms = list.map(
        (f) => [(Date.parse(f.date) - first) / (365 * 86_400_000), Number(f.amount)] as const
      )
      const valueAt = (x: number) => terms.reduce((sum, [t, a]) => sum + a * Math.exp(-x * t), 0)
      let previous = valueAt(xs[0]!)
      for (let k = 1; k < xs.length; k++) {
        const low = Math.expm1(xs[k - 1]!)
        const high = Math.expm1(xs[k]!)
        const value = valueAt(xs[k]!)
        if (Math.sign(value) * Math.sign(previous) < 0) {
          const seen = roots.some((r) => r >= low - 1e-12 && r <= high + 1e-12)
          expect(seen, `seed ${seed}: a root between ${low} and ${high}, reported ${roots.join(", ")}`).toBe(
            true
          )
        }
        previous = value
      }
      if (result._tag === "Rate") {
        expect(result.otherRoots, `seed ${seed}: ascending`).toEqual(
          [...result.otherRoots].sort((p, q) => p - q)
        )
        for (const other of result.otherRoots) {
          expect(Math.abs(other - 0.1), `seed ${seed}: nearest the guess`).toBeGreaterThanOrEqual(
            Math.abs(result.rate - 0.1)
          )
        }
      }
    }
  })
})
