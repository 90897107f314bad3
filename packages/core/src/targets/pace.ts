import type { Decimal } from "decimal.js"
import { Yuan } from "../money/index.js"
import { addDays, addMonths, daysBetween, monthsBetween } from "../time/index.js"

/**
 * Pace and projection of a target (DOMAIN.md: "pace = (target − value) / months left; projected date at
 * the trailing 12-month run rate"). Pure functions over exact amounts; the rules, precisely:
 *
 * - **window**: the trailing 12 months ending `asOf`, both ends inclusive:
 *   `[addDays(addMonths(asOf, −12), 1), asOf]` (2026-06-30 → 2025-07-01..2026-06-30). It does not care
 *   about the target's period: for a calendar-year target early in the year it reaches into last year,
 *   which is the point of a trailing rate.
 * - **runRate12m** = (what the measure added in the window) / 12, per month.
 * - **monthsLeft** = whole calendar months after `asOf` until the period's end: the largest `n` with
 *   `addMonths(from, n) ≤ periodEnd`, never below 0, where `from` is `asOf` (or the day before the period
 *   starts, when `asOf` is earlier). 2026-06-30 → 2026-12-31 is 6; 2026-06-15 → 2026-12-31 is 6 (the
 *   rest of June is not a whole month); any day in December of a calendar year is 0.
 * - **pacePerMonth** = (target − value) / monthsLeft: what each remaining month must add. 0 once the
 *   target is met; `null` when it is not met and no whole month is left.
 * - **projectedDate**: the day the value reaches the target if the run rate holds from `asOf`.
 *   `months = (target − value) / runRate12m = (target − value) × 12 / windowTotal`, computed exactly in
 *   integer fen (or counts). The whole months are calendar months, `d = addMonths(asOf, ⌊months⌋)`; the
 *   fraction is that share of the days of the next calendar month after `d`
 *   (`daysBetween(d, addMonths(asOf, ⌊months⌋ + 1))`), rounded **up** to a whole day (the target is
 *   reached on that day, not before): `projectedDate = addDays(d, ⌈fraction × days⌉)`.
 *   Already met: the date of the measure (`asOf`, or the period's end when `asOf` is past it). `null` when
 *   the run rate is zero (nothing added in 12 months) or the date would fall after 9999-12-31.
 * - **onTrack**: `projectedDate ≤ periodEnd` (false when there is no projected date).
 * - **daysLeft** = days after `from` (as for monthsLeft) up to and including the period's end, never below
 *   0: 2026-12-06 → 2026-12-31 is 25; the period's last day is 0.
 * - **pacePerWeek** = (target − value) × 7 / daysLeft, **pacePerDay** = (target − value) / daysLeft: what
 *   is needed when less than a whole month is left (December of a calendar year). 0 once met; `null`
 *   when not met and no day is left.
 * - **elapsedDays** = days of the period up to and including the day measured (`asOf`, or the period's
 *   end when `asOf` is past it), never below 0: 2026-12-06 in 2026 is 340; before the period starts, 0.
 * - **projectedEnd**: the value at the period's end if the period-to-date daily average holds (for a
 *   calendar-year target the year-to-date daily average, 本年日均): `value + value × daysLeft /
 *   elapsedDays`, i.e. `value × periodDays / elapsedDays` while `asOf` is inside the period. Exact
 *   Decimal; `value` itself once the period is over, and before it starts (nothing to average yet).
 *
 * Rounding: amounts stay exact `Decimal`s (60 significant digits for the divisions above); only the wire
 * and the page round them, to the fen: the pace **up** (paying the shown pace each month meets the
 * target), the run rate half-even.
 */
export interface PaceInput {
  readonly target: Decimal
  readonly value: Decimal
  /** What the measure added in the trailing 12-month window. */
  readonly trailing12m: Decimal
  readonly asOf: string
  readonly periodStart: string
  readonly periodEnd: string
}

export interface Pace {
  /** max(0, target − value) */
  readonly remaining: Decimal
  readonly monthsLeft: number
  readonly pacePerMonth: Decimal | null
  readonly runRate12m: Decimal
  readonly projectedDate: string | null
  readonly onTrack: boolean
  readonly daysLeft: number
  readonly pacePerWeek: Decimal | null
  readonly pacePerDay: Decimal | null
  /** Days of the period up to the day measured (see {@link Pace}). */
  readonly elapsedDays: number
  /** The value at the period's end at the period-to-date daily average (year-to-date for a calendar year). */
  readonly projectedEnd: Decimal
}

/** The trailing 12-month window ending `asOf` (inclusive bounds). */
export const trailingWindow = (asOf: string): { readonly from: string; readonly to: string } => ({
  from: addDays(addMonths(asOf, -12), 1),
  to: asOf
})

/** Whole calendar months after `asOf` until `periodEnd` (see {@link Pace}); never below 0. */
export const monthsLeftIn = (asOf: string, periodStart: string, periodEnd: string): number => {
  const dayBefore = addDays(periodStart, -1)
  const from = asOf < dayBefore ? dayBefore : asOf
  return Math.max(0, monthsBetween(from, periodEnd))
}

/** Days after `asOf` (or the day before the period starts) up to and including `periodEnd`; never below 0. */
export const daysLeftIn = (asOf: string, periodStart: string, periodEnd: string): number => {
  const dayBefore = addDays(periodStart, -1)
  const from = asOf < dayBefore ? dayBefore : asOf
  return Math.max(0, daysBetween(from, periodEnd))
}

/** Days from `periodStart` up to and including `asOf` (or `periodEnd` when `asOf` is later); never below 0. */
export const elapsedDaysIn = (asOf: string, periodStart: string, periodEnd: string): number => {
  const measuredOn = asOf < periodEnd ? asOf : periodEnd
  return measuredOn < periodStart ? 0 : daysBetween(periodStart, measuredOn) + 1
}

/**
 * The even pace to a target: what the value would be at the end of `date` had the target come in at one
 * rate per day through the period, `target × elapsedDaysIn(date) / periodDays` (0 before the period starts,
 * the target itself from its last day on). The "needed" line of a cumulative chart. Exact Decimal.
 */
export const evenPaceAt = (target: Decimal, periodStart: string, periodEnd: string, date: string): Decimal =>
  new Yuan(target)
    .times(elapsedDaysIn(date, periodStart, periodEnd))
    .div(daysBetween(periodStart, periodEnd) + 1)

/** Amounts of yuan as integer fen, counts as integers: both are exact, so the projection is too. */
const units = (amount: Decimal): bigint => BigInt(amount.times(100).toFixed(0)) // float-ok: Decimal.toFixed, exact

const LAST_DATE = "9999-12-31"

/** The day `remaining` is reached at `windowTotal` per 12 months from `asOf` (see {@link Pace}). */
export const projectTargetDate = (asOf: string, remaining: Decimal, windowTotal: Decimal): string | null => {
  const perYear = units(windowTotal)
  if (perYear <= 0n) return null
  const numerator = units(remaining) * 12n
  const whole = numerator / perYear
  const rest = numerator % perYear
  // Beyond what a date can hold: no projection rather than a wrong one.
  if (whole > BigInt(monthsBetween(asOf, LAST_DATE) - 1)) return null
  const start = addMonths(asOf, Number(whole))
  if (rest === 0n) return start
  const days = BigInt(daysBetween(start, addMonths(asOf, Number(whole) + 1)))
  const extra = (rest * days + perYear - 1n) / perYear
  return addDays(start, Number(extra))
}

export const targetPace = (p: PaceInput): Pace => {
  const zero = new Yuan(0)
  const gap = new Yuan(p.target).minus(p.value)
  const met = !gap.greaterThan(0)
  const remaining = met ? zero : gap
  const monthsLeft = monthsLeftIn(p.asOf, p.periodStart, p.periodEnd)
  const measuredOn = p.asOf < p.periodEnd ? p.asOf : p.periodEnd
  const pacePerMonth = met ? zero : monthsLeft === 0 ? null : remaining.div(monthsLeft)
  const projectedDate = met ? measuredOn : projectTargetDate(p.asOf, remaining, p.trailing12m)
  const daysLeft = daysLeftIn(p.asOf, p.periodStart, p.periodEnd)
  const elapsedDays = elapsedDaysIn(p.asOf, p.periodStart, p.periodEnd)
  const value = new Yuan(p.value)
  const perDays = (days: number) => (met ? zero : daysLeft === 0 ? null : remaining.times(days).div(daysLeft))
  return {
    remaining,
    monthsLeft,
    pacePerMonth,
    runRate12m: new Yuan(p.trailing12m).div(12),
    projectedDate,
    onTrack: projectedDate !== null && projectedDate <= p.periodEnd,
    daysLeft,
    pacePerWeek: perDays(7),
    pacePerDay: perDays(1),
    elapsedDays,
    projectedEnd: elapsedDays === 0 ? value : value.plus(value.times(daysLeft).div(elapsedDays))
  }
}
