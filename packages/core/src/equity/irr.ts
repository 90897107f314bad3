// TEMPORARY stand-in with the contract of `finance/index.ts` (being written): replaced by a re-export.
import type { Decimal } from "decimal.js"
import { toEpochDay } from "../time/index.js"

export type XirrResult =
  | { readonly _tag: "Rate"; readonly rate: number; readonly otherRoots: number[] }
  | { readonly _tag: "NoRate"; readonly reason: string }

export const xirr = (
  flows: ReadonlyArray<{ date: string; amount: number | string | Decimal }>,
  options?: { guess?: number }
): XirrResult => {
  const t0 = Math.min(...flows.map((f) => toEpochDay(f.date)))
  const pts = flows.map((f) => ({ t: (toEpochDay(f.date) - t0) / 365, a: Number(f.amount.toString()) }))
  if (!pts.some((p) => p.a > 0) || !pts.some((p) => p.a < 0)) return { _tag: "NoRate", reason: "no sign change" }
  const npv = (r: number) => pts.reduce((s, p) => s + p.a / (1 + r) ** p.t, 0)
  const roots: number[] = []
  let x = -0.9999
  let fx = npv(x)
  for (let i = 1; i <= 4000; i++) {
    const y = -0.9999 + (i / 4000) * 20
    const fy = npv(y)
    if (fx === 0 || Math.sign(fx) !== Math.sign(fy)) {
      let lo = x
      let hi = y
      for (let k = 0; k < 200; k++) {
        const mid = (lo + hi) / 2
        if (Math.sign(npv(mid)) === Math.sign(npv(lo))) lo = mid
        else hi = mid
      }
      roots.push((lo + hi) / 2)
    }
    x = y
    fx = fy
  }
  if (roots.length === 0) return { _tag: "NoRate", reason: "no root found" }
  const guess = options?.guess ?? 0.1
  roots.sort((a, b) => Math.abs(a - guess) - Math.abs(b - guess))
  return { _tag: "Rate", rate: roots[0]!, otherRoots: roots.slice(1) }
}
