import { Decimal } from "decimal.js"
import { businessDateProblem, daysInMonth } from "../time/dates.js"
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

/** 10^k for k = 0…22: every one of them is exactly a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

/** Decimal digits in a group of decimal.js' base-10^7 coefficient (1 ≤ group < 10^7). */
const widthOf = (group: number): number =>
  group >= 1e6
    ? 7
    : group >= 1e5
      ? 6
      : group >= 1e4
        ? 5
        : group >= 1e3
          ? 4
          : group >= 100
            ? 3
            : group >= 10
              ? 2
              : 1

/**
 * A finite Decimal as the nearest double, fast. `Decimal#toNumber` goes through a string (about a
 * microsecond, which dominates XIRR over tens of thousands of flows); here the coefficient is read from the
 * Decimal's documented fields (`d`: base-10^7 digit groups, `e`: decimal exponent of the first digit, `s`:
 * sign). With at most 15 significant digits the coefficient m is an exact integer and m·10^p or m/10^p with
 * |p| ≤ 22 is one correctly rounded operation on exact operands (Clinger's fast path), so the result equals
 * `toNumber()`; any other Decimal takes `toNumber()`.
 */
const decimalToNumber = (value: Decimal): number => {
  const groups = value.d
  const count = groups.length
  let last = groups[count - 1]!
  if (last === 0) return value.s < 0 ? -0 : 0
  let zeros = 0
  while (last % 10 === 0) {
    last /= 10
    zeros++
  }
  const digits = count === 1 ? widthOf(groups[0]!) - zeros : widthOf(groups[0]!) + 7 * (count - 1) - zeros
  const power = value.e + 1 - digits
  if (digits > 15 || power > 22 || power < -22) return value.toNumber() // float-ok: rate solving
  let coefficient = count === 1 ? last : groups[0]!
  for (let i = 1; i < count - 1; i++) coefficient = coefficient * 1e7 + groups[i]!
  if (count > 1) coefficient = coefficient * POW10[7 - zeros]! + last
  const magnitude = power >= 0 ? coefficient * POW10[power]! : coefficient / POW10[-power]! // float-ok: rate solving
  return value.s < 0 ? -magnitude : magnitude
}

/**
 * An amount as a double for rate arithmetic, or NaN when it is not an amount (anything but a finite number,
 * a plain decimal string or a finite Decimal). Never throws: the hot loops build an error only on failure.
 */
export const readAmount = (amount: unknown): number => {
  let value: number
  if (typeof amount === "number") value = amount
  else if (typeof amount === "string")
    value = PLAIN_NUMBER.test(amount) ? Number(amount) : Number.NaN // float-ok: rate solving
  else if (Decimal.isDecimal(amount)) value = amount.isFinite() ? decimalToNumber(amount) : Number.NaN
  else return Number.NaN
  return Number.isFinite(value) ? value : Number.NaN
}

/** Why `amount` is not an amount {@link readAmount} can read. */
const amountProblem = (amount: unknown): string => {
  if (typeof amount === "number") {
    return Number.isNaN(amount) ? "must be a number, got NaN" : `must be a finite amount, got ${amount}`
  }
  if (typeof amount === "string") {
    return PLAIN_NUMBER.test(amount)
      ? `must be a finite amount, got ${JSON.stringify(amount)} (beyond about 1.8e308)`
      : `${JSON.stringify(amount)} is not a plain decimal number such as "-2500000.00" (read typed amounts like "¥1,234.56" or "25亿" with parseYuan first)`
  }
  if (Decimal.isDecimal(amount)) return `must be a finite amount, got ${amount.toString()}`
  return `must be a number, a decimal string or a Decimal, got ${describe(amount)}`
}

/**
 * An amount as a double for rate arithmetic.
 *
 * @throws {FinanceInputError} at `path` for anything but a finite number, a plain decimal string or a finite
 *   `Decimal` (typed money such as `"¥1,234.56"` or `"25亿"` is for `parseYuan` to read first)
 */
export const amountToNumber = (amount: unknown, path: string): number => {
  const value = readAmount(amount)
  if (Number.isNaN(value)) throw new FinanceInputError(path, amountProblem(amount))
  return value
}

/** The number written by `length` ASCII digits of `text` from `start`, or NaN. */
const digitsAt = (text: string, start: number, length: number): number => {
  let value = 0
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return Number.NaN
    value = value * 10 + digit
  }
  return value
}

/**
 * The epoch day (days since 1970-01-01) of a business date `YYYY-MM-DD`, or NaN when `text` is not one.
 *
 * The same day numbers as `toEpochDay` of time/dates.ts (H. Hinnant's algorithm; the tests compare the two
 * over the whole calendar), and the same rules for what a date is (`daysInMonth` from there decides the
 * last day of a month), but about a hundred times faster: no regular expression and no objects, which
 * matters when a call carries tens of thousands of flows. Errors still come from `businessDateProblem`.
 */
export const epochDayOf = (text: string): number => {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)))
    return Number.NaN
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

/** Why `date` is not a business date (only called once reading it failed). */
const dateProblem = (date: unknown): string =>
  typeof date === "string"
    ? `${JSON.stringify(date)} ${businessDateProblem(date) ?? "is not a date this function can read"}`
    : `must be a date written YYYY-MM-DD, got ${describe(date)}`

/**
 * Working arrays reused from call to call (the functions are synchronous, so one set serves them all):
 * reading 50,000 flows would otherwise allocate and zero about a megabyte each time. Arrays beyond
 * {@link SCRATCH_LIMIT} entries are not kept.
 */
const SCRATCH_LIMIT = 1 << 18
const scratchArrays: Float64Array[] = [
  new Float64Array(0),
  new Float64Array(0),
  new Float64Array(0),
  new Float64Array(0)
]
/** Whether a call is using the working arrays (a getter on a flow could call back into this module). */
let scratchInUse = false
const scratch = (slot: number, length: number, shared: boolean): Float64Array => {
  if (!shared) return new Float64Array(length)
  const kept = scratchArrays[slot]!
  if (kept.length >= length) return kept
  if (length > SCRATCH_LIMIT) return new Float64Array(length)
  const grown = new Float64Array(Math.min(SCRATCH_LIMIT, Math.max(length, 2 * kept.length)))
  scratchArrays[slot] = grown
  return grown
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
  const shared = !scratchInUse
  scratchInUse = true
  try {
    return readFlows(flows, n, path, shared)
  } finally {
    if (shared) scratchInUse = false
  }
}

const readFlows = (
  flows: ReadonlyArray<unknown>,
  n: number,
  path: string,
  shared: boolean
): PreparedFlows => {
  const days = scratch(0, n, shared)
  const amounts = scratch(1, n, shared)
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
    // Paths are built only on failure: a template string per flow would cost more than reading it.
    const day = typeof date === "string" ? epochDayOf(date) : Number.NaN
    if (Number.isNaN(day)) throw new FinanceInputError(`${path}.${i}.date`, dateProblem(date))
    const value = readAmount(amount)
    if (Number.isNaN(value)) throw new FinanceInputError(`${path}.${i}.amount`, amountProblem(amount))
    days[i] = day
    amounts[i] = value
    if (day < first) first = day
    if (day > last) last = day
    if (value > 0) hasPositive = true
    else if (value < 0) hasNegative = true
  }
  const netted = netByDay(days, amounts, n, first, last, shared)
  return { firstDay: first, days: netted.days, amounts: netted.amounts, hasPositive, hasNegative }
}

/** Sums the amounts of each day; drops days that net to zero within rounding. Output ascending by day. */
const netByDay = (
  days: Float64Array,
  amounts: Float64Array,
  n: number,
  first: number,
  last: number,
  shared: boolean
): { days: Float64Array; amounts: Float64Array } => {
  // A sum of k doubles is off by at most about k·ε·Σ|terms|: anything smaller is no flow.
  const noise = n * Number.EPSILON
  const span = last - first + 1
  if (span <= 4 * n + 65_536) {
    const net = scratch(2, span, shared).fill(0, 0, span)
    const gross = scratch(3, span, shared).fill(0, 0, span)
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
