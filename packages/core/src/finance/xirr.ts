import { type Said, say } from "../text/messages.js"
import { FinanceInputError } from "./errors.js"
import { type AmountInput, amountToNumber, type CashFlow, type PreparedFlows, prepareFlows } from "./flows.js"
import { findRates, type RateRoots } from "./roots.js"

/** Days in the year of XNPV and XIRR (Actual/365, as spreadsheet software counts). */
const DAYS_PER_YEAR = 365

/**
 * The outcome of {@link xirr} and {@link irr}: the rate, or why there is none. Never a silent 0 %.
 *
 * - `Rate`: `rate` is the root nearest the guess (a fraction: 0.1234 = 12.34 % a year for `xirr`, a period
 *   for `irr`); `otherRoots` lists any other rates that also make the value zero, ascending (usually empty;
 *   flows that change sign more than once can have several).
 * - `NoRate`: `reason` says why in English words, e.g. the flows never change sign; `code` and `params`
 *   name the same reason in the message catalogue (text/messages.ts), for a page in another language.
 */
export type XirrResult =
  | { readonly _tag: "Rate"; readonly rate: number; readonly otherRoots: number[] }
  | {
      readonly _tag: "NoRate"
      readonly reason: string
      readonly code?: string | undefined
      readonly params?: Readonly<Record<string, string>> | undefined
    }

/** Options of {@link xirr} and {@link irr}. */
export interface XirrOptions {
  /**
   * Where to look first, and which root to report when there are several (the nearest one): a rate above
   * −1, default 0.1 (10 %), as in spreadsheet software. With one root (the usual case) it changes nothing.
   */
  readonly guess?: number | undefined
}

/** No rate, for the reason said from the message catalogue: its English words, code and parameters. */
export const noRate = (said: Said): XirrResult => ({
  _tag: "NoRate",
  reason: said.message,
  code: said.code,
  params: said.params
})

const checkRate = (rate: unknown, path: string): number => {
  if (typeof rate !== "number" || Number.isNaN(rate)) {
    throw new FinanceInputError(
      path,
      `must be a number, got ${typeof rate === "number" ? "NaN" : typeof rate}`
    )
  }
  if (!Number.isFinite(rate)) throw new FinanceInputError(path, `must be finite, got ${rate}`)
  if (rate <= -1) {
    throw new FinanceInputError(path, `must be above −1 (−100 %), got ${rate}: (1 + rate) must be positive`)
  }
  return rate
}

const guessOf = (options: XirrOptions | undefined): number =>
  options?.guess === undefined ? 0.1 : checkRate(options.guess, "options.guess")

/** Picks the root nearest the guess; the rest ascending. */
const toResult = (roots: RateRoots, guess: number, unit: string): XirrResult => {
  const { rates } = roots
  if (rates.length === 0) {
    if (roots.aboveRange) {
      return noRate(say("irr-rate-too-large", { unit }))
    }
    if (roots.belowRange) {
      return noRate(say("irr-rate-near-minus-100", { unit }))
    }
    return noRate(say("irr-no-root"))
  }
  let best = 0
  for (let i = 1; i < rates.length; i++) {
    if (Math.abs(rates[i]! - guess) < Math.abs(rates[best]! - guess)) best = i
  }
  return { _tag: "Rate", rate: rates[best]!, otherRoots: rates.filter((_, i) => i !== best) }
}

/** Year fractions (days from `origin` / 365) of the prepared days. */
const yearsFrom = (prepared: PreparedFlows, origin: number): Float64Array => {
  const { days } = prepared
  const years = new Float64Array(days.length)
  for (let i = 0; i < days.length; i++) years[i] = (days[i]! - origin) / DAYS_PER_YEAR
  return years
}

/**
 * Net present value of dated cash flows at an annual `rate`, as spreadsheet `XNPV`:
 *
 *   XNPV = Σ P_i / (1 + rate)^((d_i − d_0) / 365)
 *
 * with `d_0` the **earliest** date (the flows may come in any order) and Actual/365 year fractions. Flows on
 * the same date are added up first. Amounts are converted to doubles (the result is a number, not money).
 *
 * @example xnpv(0.09, [{ date: "2008-01-01", amount: -10000 }, { date: "2008-03-01", amount: 2750 }, …])
 * @throws {FinanceInputError} for no flows (`flows`), a date that is not a real `YYYY-MM-DD` date
 *   (`flows.2.date`), an amount that is not a finite number (`flows.2.amount`), a rate that is not a finite
 *   number above −1 (`rate`), or a value beyond the range of a double (`rate`: only for rates near −100 %
 *   over long spans)
 */
export const xnpv = (rate: number, flows: ReadonlyArray<CashFlow>): number => {
  checkRate(rate, "rate")
  const prepared = prepareFlows(flows)
  const { amounts } = prepared
  const n = amounts.length
  if (n === 0) return 0
  const years = yearsFrom(prepared, prepared.firstDay)
  const x = Math.log1p(rate)
  // e^(−x·t) grows with t when x < 0: factor out its largest value so that no term overflows, then put it
  // back at the end (through logarithms when the factor alone would overflow).
  const shift = x < 0 ? -x * years[n - 1]! : 0
  let sum = 0
  for (let i = 0; i < n; i++) sum += amounts[i]! * Math.exp(-x * years[i]! - shift)
  if (shift === 0 || sum === 0) return sum
  const value =
    shift < 700 ? sum * Math.exp(shift) : Math.sign(sum) * Math.exp(shift + Math.log(Math.abs(sum)))
  if (!Number.isFinite(value)) {
    throw new FinanceInputError(
      "rate",
      `at ${rate} the value of these flows is beyond the range of a number (about 1.8e308)`
    )
  }
  return value
}

/**
 * Internal rate of return of dated cash flows, as spreadsheet `XIRR`: the annual rate r > −1 with
 * `xnpv(r, flows) = 0` (Actual/365 from the earliest date; flows in any order).
 *
 * - Flows that are all ≥ 0 or all ≤ 0 have no rate: `NoRate` (never 0 %). So do flows whose value is
 *   never zero, and flows that cancel out date by date.
 * - With several roots (flows that change sign more than once), `rate` is the one nearest `guess` and
 *   `otherRoots` lists the others, ascending.
 * - Every rate a double can hold is found: from just above −100 % to hundreds of thousands of percent and
 *   far beyond (see roots.ts for the method: root bounds from the cumulative flows, a bracketing scan in
 *   x = ln(1 + r) only when there may be several roots, safeguarded Newton in each bracket).
 *
 * Matches Excel and LibreOffice to their displayed precision, e.g. Microsoft's example
 * (−10000 on 2008-01-01, 2750 on 2008-03-01, 4250 on 2008-10-30, 3250 on 2009-02-15, 2750 on 2009-04-01)
 * gives 0.373362535…
 *
 * @throws {FinanceInputError} for invalid flows (as {@link xnpv}) or a guess that is not a finite number
 *   above −1 (`options.guess`)
 */
export const xirr = (flows: ReadonlyArray<CashFlow>, options?: XirrOptions): XirrResult => {
  const guess = guessOf(options)
  const prepared = prepareFlows(flows)
  if (!prepared.hasPositive || !prepared.hasNegative) return noRate(say("irr-no-sign-change"))
  return solvePrepared(prepared.amounts, yearsFrom(prepared, prepared.days[0] ?? 0), guess, "year")
}

const solvePrepared = (
  amounts: Float64Array,
  times: Float64Array,
  guess: number,
  unit: string
): XirrResult => {
  let positive = false
  let negative = false
  for (let i = 0; i < amounts.length; i++) {
    if (amounts[i]! > 0) positive = true
    else negative = true
  }
  if (!positive && !negative) {
    return noRate(say("irr-flows-cancel"))
  }
  if (!positive || !negative) {
    return noRate(say("irr-netted-no-sign-change"))
  }
  return toResult(findRates(times, amounts, guess), guess, unit)
}

/**
 * Internal rate of return of periodic cash flows, as spreadsheet `IRR`: `amounts[k]` falls at the end of
 * period k, and the rate r (per period) solves Σ amounts[k] / (1 + r)^k = 0. Same result type and rules as
 * {@link xirr}: `NoRate` when the amounts never change sign or no rate exists; the root nearest `guess`
 * (default 0.1) when there are several.
 *
 * @example irr([-70000, 12000, 15000, 18000, 21000, 26000]) // { _tag: "Rate", rate: 0.0866…, otherRoots: [] }
 * @throws {FinanceInputError} for no amounts (`amounts`), an amount that is not a finite number
 *   (`amounts.3`), or a guess that is not a finite number above −1 (`options.guess`)
 */
export const irr = (amounts: ReadonlyArray<AmountInput>, options?: XirrOptions): XirrResult => {
  const guess = guessOf(options)
  if (!Array.isArray(amounts)) throw new FinanceInputError("amounts", "must be an array of amounts")
  if (amounts.length === 0) throw new FinanceInputError("amounts", "is empty: at least one amount is needed")
  const values = amounts.map((amount, k) => amountToNumber(amount, `amounts.${k}`))
  if (!values.some((v) => v > 0) || !values.some((v) => v < 0)) return noRate(say("irr-no-sign-change"))
  const periods: number[] = []
  const nonzero: number[] = []
  values.forEach((v, k) => {
    if (v !== 0) {
      periods.push(k)
      nonzero.push(v)
    }
  })
  return solvePrepared(Float64Array.from(nonzero), Float64Array.from(periods), guess, "period")
}
