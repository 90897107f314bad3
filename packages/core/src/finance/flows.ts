import { Decimal } from "decimal.js"
import { businessDateProblem, toEpochDay } from "../time/dates.js"
import { FinanceInputError } from "./errors.js"

// Input checking and the one-time preparation every rate function shares: amounts become doubles (a rate is
// not money: finding one is floating-point work by nature, and the amounts themselves stay exact wherever
// they are stored), dates become day numbers, and flows on the same date are netted, so the solvers loop
// over plain typed arrays with one entry per distinct date.

/** An amount of money as the finance functions accept it: a number, a plain decimal string or a `Decimal`. */
export type AmountInput = number | string | Decimal

/** One dated cash flow: negative = paid out (a call, an investment), positive = received (a distribution). */
export interface CashFlow {
  /** `YYYY-MM-DD`, a real calendar date. */
  readonly date: string
  readonly amount: AmountInput
}

/** The amount shapes accepted in text: optional sign, digits with an optional fraction, optional exponent. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

const describe = (value: unknown): string => {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  if (typeof value === "object") return "an object"
  if (typeof value === "string") return JSON.stringify(value)
  return `${typeof value} ${String(value)}`
}

/**
 * An amount as a double for rate arithmetic.
 *
 * @throws {FinanceInputError} at `path` for anything but a finite number, a plain decimal string or a finite
 *   `Decimal` (typed money such as `"¥1,234.56"` or `"25亿"` is for `parseYuan` to read first)
 */
export const amountToNumber = (amount: unknown, path: string): number => {
  let value: number
  if (typeof amount === "number") {
    value = amount
  } else if (typeof amount === "string") {
    if (!PLAIN_NUMBER.test(amount)) {
      throw new FinanceInputError(
        path,
        `${JSON.stringify(amount)} is not a plain decimal number such as "-2500000.00" (read typed amounts like "¥1,234.56" or "25亿" with parseYuan first)`
      )
    }
    value = Number(amount) // float-ok: rate solving
  } else if (Decimal.isDecimal(amount)) {
    if (!amount.isFinite())
      throw new FinanceInputError(path, `must be a finite amount, got ${amount.toString()}`)
    value = amount.toNumber() // float-ok: rate solving
  } else {
    throw new FinanceInputError(
      path,
      `must be a number, a decimal string or a Decimal, got ${describe(amount)}`
    )
  }
  if (Number.isNaN(value)) throw new FinanceInputError(path, "must be a number, got NaN")
  if (!Number.isFinite(value)) {
    throw new FinanceInputError(
      path,
      `must be a finite amount, got ${describe(amount)} (beyond about 1.8e308)`
    )
  }
  return value
}

/** The epoch day of `date`, through `cache` (the same date usually recurs many times in one call). */
const dayOf = (date: unknown, path: string, cache: Map<string, number>): number => {
  if (typeof date !== "string") {
    throw new FinanceInputError(path, `must be a date written YYYY-MM-DD, got ${describe(date)}`)
  }
  const known = cache.get(date)
  if (known !== undefined) return known
  const problem = businessDateProblem(date)
  if (problem !== undefined) throw new FinanceInputError(path, `${JSON.stringify(date)} ${problem}`)
  const day = toEpochDay(date)
  cache.set(date, day)
  return day
}

/** Dated flows, checked and netted by date. */
export interface PreparedFlows {
  /** Epoch day of the earliest flow, zero amounts included: the `d_0` of XNPV. */
  readonly firstDay: number
  /** The distinct days whose flows do not net to zero, ascending (epoch days). */
  readonly days: Float64Array
  /** The net amount of each of those days. */
  readonly amounts: Float64Array
  /** Whether any single input flow is positive, and whether any is negative (before netting). */
  readonly hasPositive: boolean
  readonly hasNegative: boolean
}

/**
 * Checks `flows` and nets them by date. Linear in the number of flows when the dates span at most a few
 * times as many days as there are flows (a dense array indexed by day), otherwise a sort.
 *
 * A date's net amount counts as zero when it is within rounding of zero (its size is below the rounding
 * error of adding up that date's flows in doubles): `0.1 + 0.2 − 0.3` on one date is no flow at all.
 *
 * @throws {FinanceInputError} naming the flow (`flows.3.date`, `flows.3.amount`) or `flows` itself
 */
export const prepareFlows = (flows: unknown, path = "flows"): PreparedFlows => {
  if (!Array.isArray(flows)) {
    throw new FinanceInputError(path, `must be an array of { date, amount }, got ${describe(flows)}`)
  }
  const n = flows.length
  if (n === 0) throw new FinanceInputError(path, "is empty: at least one cash flow is needed")
  const days = new Float64Array(n)
  const amounts = new Float64Array(n)
  const cache = new Map<string, number>()
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  let hasPositive = false
  let hasNegative = false
  for (let i = 0; i < n; i++) {
    const flow: unknown = flows[i]
    if (typeof flow !== "object" || flow === null || Array.isArray(flow)) {
      throw new FinanceInputError(`${path}.${i}`, `must be an object { date, amount }, got ${describe(flow)}`)
    }
    const { date, amount } = flow as { readonly date?: unknown; readonly amount?: unknown }
    const day = dayOf(date, `${path}.${i}.date`, cache)
    const value = amountToNumber(amount, `${path}.${i}.amount`)
    days[i] = day
    amounts[i] = value
    if (day < first) first = day
    if (day > last) last = day
    if (value > 0) hasPositive = true
    else if (value < 0) hasNegative = true
  }
  const netted = netByDay(days, amounts, n, first, last)
  return { firstDay: first, days: netted.days, amounts: netted.amounts, hasPositive, hasNegative }
}

/** Sums the amounts of each day; drops days that net to zero within rounding. Output ascending by day. */
const netByDay = (
  days: Float64Array,
  amounts: Float64Array,
  n: number,
  first: number,
  last: number
): { days: Float64Array; amounts: Float64Array } => {
  // A sum of k doubles is off by at most about k·ε·Σ|terms|: anything smaller is no flow.
  const noise = n * Number.EPSILON
  const span = last - first + 1
  if (span <= 4 * n + 65_536) {
    const net = new Float64Array(span)
    const gross = new Float64Array(span)
    for (let i = 0; i < n; i++) {
      const slot = days[i]! - first
      net[slot]! += amounts[i]!
      gross[slot]! += Math.abs(amounts[i]!)
    }
    let count = 0
    for (let slot = 0; slot < span; slot++) if (Math.abs(net[slot]!) > noise * gross[slot]!) count++
    const outDays = new Float64Array(count)
    const outAmounts = new Float64Array(count)
    let k = 0
    for (let slot = 0; slot < span; slot++) {
      if (Math.abs(net[slot]!) > noise * gross[slot]!) {
        outDays[k] = first + slot
        outAmounts[k] = net[slot]!
        k++
      }
    }
    return { days: outDays, amounts: outAmounts }
  }
  // Dates spread over far more days than there are flows: sort instead.
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => days[p]! - days[q]!)
  const outDays: number[] = []
  const outAmounts: number[] = []
  let i = 0
  while (i < n) {
    const day = days[order[i]!]!
    let net = 0
    let gross = 0
    for (; i < n && days[order[i]!] === day; i++) {
      net += amounts[order[i]!]!
      gross += Math.abs(amounts[order[i]!]!)
    }
    if (Math.abs(net) > noise * gross) {
      outDays.push(day)
      outAmounts.push(net)
    }
  }
  return { days: Float64Array.from(outDays), amounts: Float64Array.from(outAmounts) }
}
