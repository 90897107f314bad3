import { Decimal } from "decimal.js"
import { Schema } from "effect"
import { checkMessage, type Said, say } from "../text/messages.js"
import { addDays, addMonths, daysBetween, daysInMonth } from "../time/index.js"
import { type Period, PeriodInput } from "./schema.js"

/**
 * A period as callers name it: explicit bounds, a calendar year, a quarter or a month of a year, or a
 * run of whole years (`{ fromYear: 2025, toYear: 2027 }`, the plan's cumulative span, {@link PLAN_PERIOD}).
 * Every figure of the pledge module takes one; {@link resolvePeriod} turns it into bounds.
 */
export type PeriodSpec =
  | Period
  | { readonly year: number }
  | { readonly year: number; readonly quarter: number }
  | { readonly year: number; readonly month: number }
  | { readonly fromYear: number; readonly toYear: number }

/** The action plan's span, 2025-01-01 to 2027-12-31: the cumulative period of `patent-pledge-financing`. */
export const PLAN_PERIOD = { fromYear: 2025, toYear: 2027 } as const

const Year = Schema.Int.check(
  Schema.makeFilter(
    (y: number) => (y >= 1 && y <= 9999) || checkMessage("year-range", { min: "1", max: "9999" })
  )
)
const Quarter = Schema.Int.check(
  Schema.makeFilter(
    (q: number) => (q >= 1 && q <= 4) || checkMessage("quarter-range", { min: "1", max: "4" })
  )
)
const Month = Schema.Int.check(
  Schema.makeFilter(
    (m: number) => (m >= 1 && m <= 12) || checkMessage("month-range", { min: "1", max: "12" })
  )
)

const QuarterSpec = Schema.Struct({ year: Year, quarter: Quarter })
const MonthSpec = Schema.Struct({ year: Year, month: Month })
const YearSpec = Schema.Struct({ year: Year })
const notBeforeFromYear = checkMessage("not-before-field", { field: "fromYear" })
const YearsSpec = Schema.Struct({ fromYear: Year, toYear: Year }).check(
  Schema.makeFilter((p: { fromYear: number; toYear: number }) =>
    p.fromYear <= p.toYear ? true : { path: ["toYear"], issue: notBeforeFromYear }
  )
)

/** Every shape of a {@link PeriodSpec}, decoded. */
export const PeriodSpecInput = Schema.Union([PeriodInput, QuarterSpec, MonthSpec, YearSpec, YearsSpec])

/**
 * The one schema a raw period is decoded with, chosen by its keys, so a bad period reports its own
 * fields only (`{ from, to }` → `to`; `{ year, quarter: 5 }` → `quarter`). Unknown fields are errors.
 */
export const periodSchemaFor = (raw: unknown): Schema.Codec<typeof PeriodSpecInput.Type, unknown> => {
  const has = (key: string) => typeof raw === "object" && raw !== null && key in raw
  if (has("fromYear") || has("toYear")) return YearsSpec as Schema.Codec<typeof PeriodSpecInput.Type, unknown>
  if (has("year") && has("quarter")) return QuarterSpec as Schema.Codec<typeof PeriodSpecInput.Type, unknown>
  if (has("year") && has("month")) return MonthSpec as Schema.Codec<typeof PeriodSpecInput.Type, unknown>
  if (has("year")) return YearSpec as Schema.Codec<typeof PeriodSpecInput.Type, unknown>
  return PeriodInput as Schema.Codec<typeof PeriodSpecInput.Type, unknown>
}

const pad = (n: number, width: number) => String(n).padStart(width, "0")
const firstDay = (year: number, month: number) => `${pad(year, 4)}-${pad(month, 2)}-01`
const lastDay = (year: number, month: number) =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(daysInMonth(year, month), 2)}`

/** Bounds of a decoded {@link PeriodSpec}. */
export const periodBounds = (spec: typeof PeriodSpecInput.Type): Period => {
  if ("from" in spec) return { from: spec.from, to: spec.to }
  if ("fromYear" in spec) return { from: firstDay(spec.fromYear, 1), to: lastDay(spec.toYear, 12) }
  if ("quarter" in spec) {
    const first = (spec.quarter - 1) * 3 + 1
    return { from: firstDay(spec.year, first), to: lastDay(spec.year, first + 2) }
  }
  if ("month" in spec) return { from: firstDay(spec.year, spec.month), to: lastDay(spec.year, spec.month) }
  return { from: firstDay(spec.year, 1), to: lastDay(spec.year, 12) }
}

/**
 * The parameters of `spec` that name where its period starts and ends, as the caller wrote them
 * (`year`, `fromYear`/`toYear`, `from`/`to`): what an error about the period's bounds names.
 */
export const periodFields = (spec: PeriodSpec): { readonly start: string; readonly end: string } =>
  "fromYear" in spec
    ? { start: "fromYear", end: "toYear" }
    : "year" in spec
      ? { start: "year", end: "year" }
      : { start: "from", end: "to" }

/**
 * Why `period` has no {@link previousYear} — it starts in 0001, and dates run from 0001-01-01 — or
 * `undefined` when it has one.
 */
export const previousYearProblem = (period: Period): Said | undefined =>
  period.from < "0002-01-01" ? say("period-no-year-before") : undefined

/**
 * The same period a year earlier, for year-on-year growth: both bounds twelve calendar months back, a
 * day past the end of a month becoming its last day (2024-02-29 → 2023-02-28). A month, quarter or year
 * maps onto the same month, quarter or year; a month-end bound stays a month end.
 *
 * @throws {RangeError} for a period starting in 0001 (check {@link previousYearProblem} first)
 */
export const previousYear = (period: Period): Period => {
  const year = Number(period.to.slice(0, 4))
  const month = Number(period.to.slice(5, 7))
  // 2025-02-28 is the last day of its month: a year earlier that is 2024-02-29, not the 28th.
  const endsMonth = Number(period.to.slice(8)) === daysInMonth(year, month)
  return {
    from: addMonths(period.from, -12),
    to: endsMonth ? lastDay(year - 1, month) : addMonths(period.to, -12)
  }
}

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
const isMonthEnd = (date: string) =>
  Number(date.slice(8)) === daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)))
/** `date` `months` calendar months earlier, a month end staying a month end (2026-03-31 − 1 → 2026-02-28). */
const monthsBack = (date: string, months: number): string => {
  if (!isMonthEnd(date)) return addMonths(date, -months)
  const index = monthIndex(date) - months
  return lastDay(Math.floor(index / 12), (index % 12) + 1)
}

/**
 * The period just before `period`, for a "previous period" comparison (环比): for a period of whole
 * calendar months (the first of a month to the last of a month), the as many months before it — a month
 * → the month before, a quarter → the quarter before, a year → the year before, 2025–2027 → 2022–2024;
 * for any other span, as many days ending the day before it starts.
 *
 * `shown`, the part of `period` shown (its start up to a day, as for a period to date; default the whole
 * of it), maps onto the same part of the preceding period: both bounds moved back by those months (a
 * month end staying a month end: 1–31 March → 1–28 February) or days. 1–6 December 2026 of December →
 * 1–6 November; 1 October – 6 December of the fourth quarter → 1 July – 6 September.
 *
 * @throws {RangeError} when the preceding period would start before 0001-01-01
 */
export const precedingPeriod = (period: Period, shown: Period = period): Period => {
  if (period.from.endsWith("-01") && isMonthEnd(period.to)) {
    const months = monthIndex(period.to) - monthIndex(period.from) + 1
    if (monthIndex(shown.from) - months < 12) throw new RangeError("the preceding period starts before 0001")
    return { from: monthsBack(shown.from, months), to: monthsBack(shown.to, months) }
  }
  const days = daysBetween(period.from, period.to) + 1
  return { from: addDays(shown.from, -days), to: addDays(shown.to, -days) }
}

/** Growth from `previous` to `current`: (current − previous) / previous, or null when previous is 0. */
export const growth = (current: Decimal.Value, previous: Decimal.Value): number | null => {
  const base = new Decimal(previous)
  if (base.isZero()) return null
  return new Decimal(current).minus(base).div(base).toNumber()
}
