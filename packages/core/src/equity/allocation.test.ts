import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { allocateProRata, isAllocationProblem } from "./allocation.js"

const d = (text: string) => new Decimal(text)
const texts = (a: ReturnType<typeof allocateProRata>) => {
  if (isAllocationProblem(a)) throw new Error(`unexpected ${a._tag}`)
  return a.map((x) => x.toFixed(2)) // float-ok: Decimal.toFixed
}

describe("pro-rata allocation to the fen (largest remainder)", () => {
  it("gives the fen left over to the largest remainders (hand-checked)", () => {
    // 1000.01 by 300 : 200 : 100 → exact 500.005, 333.33666…, 166.668333…: floors 500.00, 333.33, 166.66
    // (99,999 fen), 2 fen left; remainders 0.5, 0.666…, 0.8333… fen → the third and the second get one.
    const parts = [{ weight: d("300") }, { weight: d("200") }, { weight: d("100") }]
    expect(texts(allocateProRata(d("1000.01"), parts))).toEqual(["500.00", "333.34", "166.67"])
  })

  it("breaks ties by the given order (the commitments' order)", () => {
    const equal = [{ weight: d("1") }, { weight: d("1") }, { weight: d("1") }]
    expect(texts(allocateProRata(d("100.00"), equal))).toEqual(["33.34", "33.33", "33.33"])
    expect(texts(allocateProRata(d("100.01"), equal))).toEqual(["33.34", "33.34", "33.33"])
  })

  it("fills a capped part to its cap and shares the rest among the others", () => {
    // 100 by 1 : 1 : 2 → 25, 25, 50; the first may take 10 only: 90 left by 1 : 2 → 30, 60.
    const parts = [
      { weight: d("1000"), cap: d("10.00") },
      { weight: d("1000"), cap: d("1000.00") },
      { weight: d("2000"), cap: d("2000.00") }
    ]
    expect(texts(allocateProRata(d("100.00"), parts))).toEqual(["10.00", "30.00", "60.00"])
  })

  it("refuses a total above the sum of the caps, saying the capacity", () => {
    const parts = [
      { weight: d("100"), cap: d("40.00") },
      { weight: d("100"), cap: d("0.00") }
    ]
    const result = allocateProRata(d("40.01"), parts)
    const capacity = isAllocationProblem(result) && result._tag === "OverCap" && result.capacity.toFixed(2) // float-ok: decimal.js
    expect(capacity).toBe("40.00")
    expect(texts(allocateProRata(d("40.00"), parts))).toEqual(["40.00", "0.00"])
    expect(allocateProRata(d("1.00"), [])).toEqual({ _tag: "NoParts" })
  })

  // A property test without a library: a seeded generator (mulberry32), a failure names its seed.
  it("always adds up to the whole to the fen, each part within a fen of its share and under its cap", () => {
    const mulberry32 = (seed: number) => () => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    for (let seed = 1; seed <= 500; seed++) {
      const random = mulberry32(seed)
      const fen = (max: number) => BigInt(Math.floor(random() * max)) // float-ok: test data generator
      const count = 1 + Number(fen(12))
      const capped = random() < 0.5
      const parts = Array.from({ length: count }, () => {
        const weight = 1n + fen(random() < 0.2 ? 1e12 : 1e6)
        return { weight: new Decimal(weight.toString()).div(100), cap: capped ? fen(1e7) : undefined }
      })
      const capacity = parts.reduce((s, p) => s + (p.cap ?? 0n), 0n)
      const totalFen = capped ? (capacity === 0n ? 0n : fen(Number(capacity) + 1)) : 1n + fen(1e13)
      const total = new Decimal(totalFen.toString()).div(100)
      const result = allocateProRata(
        total,
        parts.map((p) => ({
          weight: p.weight,
          cap: p.cap === undefined ? undefined : new Decimal(p.cap.toString()).div(100)
        }))
      )
      if (isAllocationProblem(result)) throw new Error(`seed ${seed}: ${result._tag}`)
      const sum = result.reduce((s, x) => s.plus(x), new Decimal(0))
      expect(sum.toFixed(2), `seed ${seed}`).toBe(total.toFixed(2)) // float-ok: Decimal.toFixed
      result.forEach((x, i) => {
        expect(x.decimalPlaces(), `seed ${seed}`).toBeLessThanOrEqual(2)
        expect(x.isNegative(), `seed ${seed}`).toBe(false)
        const cap = parts[i]!.cap
        if (cap !== undefined) expect(x.times(100).lte(cap.toString()), `seed ${seed}`).toBe(true)
        if (!capped) {
          const w = parts.reduce((s, p) => s.plus(p.weight), new Decimal(0))
          const exact = total.times(parts[i]!.weight).div(w)
          expect(x.minus(exact).abs().lt("0.01"), `seed ${seed}`).toBe(true)
        }
      })
    }
  })
})
