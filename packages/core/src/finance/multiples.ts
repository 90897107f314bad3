import { Decimal } from "decimal.js"
import { Yuan } from "../money/yuan.js"
import { FinanceInputError } from "./errors.js"

// Fund and deal multiples, exact: the inputs are Decimals (yuan), sums are exact and each quotient is
// rounded once, to the 60 significant digits of the `Yuan` configuration (half-even). Nothing here passes
// through a JS float.
//
// No division by zero, ever: when the denominator is zero (nothing paid in, nothing committed, no cost) the
// multiple is not defined and the function returns `null`, never Infinity, NaN or 0. Callers show it as
// "—" (or "n/a"), exactly like the other "no value" fields of the core (`pacePerMonth: null`).
//
// Denominators are amounts, not signed cash flows: a negative one is an input error. Numerators may be of
// any sign (a NAV can be negative; a write-off makes a fair value zero).

const need = (value: unknown, path: string): Decimal => {
  if (!Decimal.isDecimal(value)) {
    throw new FinanceInputError(
      path,
      `must be a Decimal amount (use parseYuan or new Decimal("…")), got ${typeof value}`
    )
  }
  if (!value.isFinite()) throw new FinanceInputError(path, `must be a finite amount, got ${value.toString()}`)
  return value
}

const denominator = (value: unknown, path: string): Decimal => {
  const amount = need(value, path)
  if (amount.isNegative() && !amount.isZero()) {
    throw new FinanceInputError(
      path,
      `must not be negative, got ${amount.toString()} (give the amount itself, not a signed cash flow)`
    )
  }
  return amount
}

/** numerator / denominator at the `Yuan` precision, or null when the denominator is zero. */
const ratio = (numerator: Decimal, divisor: Decimal): Decimal | null =>
  divisor.isZero() ? null : new Yuan(numerator).div(divisor)

/**
 * DPI (distributions to paid-in): D / PI, what the fund has returned per yuan paid in.
 * `null` when nothing has been paid in.
 *
 * @example dpi({ distributions: new Decimal("45000000"), paidIn: new Decimal("60000000") }) // 0.75
 * @throws {FinanceInputError} naming the input (`distributions`, `paidIn`) when it is not a finite Decimal,
 *   or when `paidIn` is negative
 */
export const dpi = (input: { readonly distributions: Decimal; readonly paidIn: Decimal }): Decimal | null =>
  ratio(need(input.distributions, "distributions"), denominator(input.paidIn, "paidIn"))

/**
 * RVPI (residual value to paid-in): NAV / PI, the value still held per yuan paid in.
 * `null` when nothing has been paid in.
 *
 * @throws {FinanceInputError} naming the input (`nav`, `paidIn`)
 */
export const rvpi = (input: { readonly nav: Decimal; readonly paidIn: Decimal }): Decimal | null =>
  ratio(need(input.nav, "nav"), denominator(input.paidIn, "paidIn"))

/**
 * TVPI (total value to paid-in): (D + NAV) / PI = DPI + RVPI. `null` when nothing has been paid in.
 *
 * @throws {FinanceInputError} naming the input (`distributions`, `nav`, `paidIn`)
 */
export const tvpi = (input: {
  readonly distributions: Decimal
  readonly nav: Decimal
  readonly paidIn: Decimal
}): Decimal | null => {
  const distributions = need(input.distributions, "distributions")
  const nav = need(input.nav, "nav")
  return ratio(new Yuan(distributions).plus(nav), denominator(input.paidIn, "paidIn"))
}

/**
 * MOIC of a deal (multiple on invested capital): (proceeds + fair value) / cost. `null` when the cost is zero.
 *
 * @example moic({ proceeds: new Decimal("30000000"), fairValue: new Decimal("12000000"), cost: new Decimal("20000000") }) // 2.1
 * @throws {FinanceInputError} naming the input (`proceeds`, `fairValue`, `cost`)
 */
export const moic = (input: {
  readonly proceeds: Decimal
  readonly fairValue: Decimal
  readonly cost: Decimal
}): Decimal | null => {
  const proceeds = need(input.proceeds, "proceeds")
  const fairValue = need(input.fairValue, "fairValue")
  return ratio(new Yuan(proceeds).plus(fairValue), denominator(input.cost, "cost"))
}

/**
 * Called % (paid-in to committed): PI / C, **as a fraction**: 0.25 means 25 % of the commitment has been
 * called (multiply by 100 only to display). `null` when nothing is committed.
 *
 * @throws {FinanceInputError} naming the input (`paidIn`, `committed`)
 */
export const calledPercent = (input: {
  readonly paidIn: Decimal
  readonly committed: Decimal
}): Decimal | null => ratio(need(input.paidIn, "paidIn"), denominator(input.committed, "committed"))
