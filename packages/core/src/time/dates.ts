import { Schema } from "effect"
import { checkSaid, type Said, say, sayAt } from "../text/messages.js"

// Business dates are plain `YYYY-MM-DD` strings (no time, no zone): they compare correctly as strings and
// are what users, CSV files and SQL `date` columns carry. Arithmetic goes through day numbers counted from
// 1970-01-01 (proleptic Gregorian calendar), never through the host's local time zone.

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for years divisible by 4, except centuries not divisible by 400. */
export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** Days in a month (`month` 1–12). */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? Number.NaN)

/**
 * Why `text` is not a business date (`YYYY-MM-DD`, a real calendar date from 0001-01-01 to 9999-12-31),
 * or `undefined` when it is one.
 */
export const businessDateProblem = (text: string): string | undefined => businessDateMessage(text)?.message

/** Why `text` is not a business date as the message catalogue says it, or `undefined` when it is one. */
export const businessDateMessage = (text: string): Said | undefined => {
  const match = DATE_SHAPE.exec(text)
  if (match === null) return say("date-format")
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (year === 0) return say("date-year-zero")
  if (month < 1 || month > 12) return say("date-month", { month: match[2]! })
  const days = daysInMonth(year, month)
  if (day < 1 || day > days)
    return say("date-day", { yearMonth: `${match[1]}-${match[2]}`, days: String(days), day: match[3]! })
  return undefined
}

/** The field issue at `path` for a `value` that is not a business date (or not text), else `undefined`. */
export const dateIssue = (path: string, value: unknown) => {
  if (typeof value !== "string") return sayAt(path, "date-format")
  const said = businessDateMessage(value)
  return said === undefined ? undefined : { path, ...said }
}

/** True for a `YYYY-MM-DD` string that names a real calendar date. */
export const isBusinessDate = (u: unknown): u is string =>
  typeof u === "string" && businessDateProblem(u) === undefined

/**
 * Schema for a business date: a `YYYY-MM-DD` string that is a real calendar date (rejects `2025-02-29`,
 * `2025-13-01`, `2025-1-1`); the message names the reason.
 */
export const BusinessDate = Schema.String.check(
  Schema.makeFilter(
    (text: string) => {
      // Remembered with its code, so the issue is worded in the reader's language (`codeOfCheckMessage`).
      const problem = businessDateMessage(text)
      return problem === undefined ? true : checkSaid(problem)
    },
    {
      expected: "a date written YYYY-MM-DD"
    }
  )
)

/** The annotation of an input record naming its dates that must not be after today (see {@link pastDates}). */
export const notAfterTodayAnnotation = "kejin/notAfterToday"

/**
 * Annotates an input record (`Schema.Struct(…).annotate(pastDates("registeredOn"))`) with the fields that
 * date what happened, which must not be after today (Asia/Shanghai): records are kept as they happened.
 * The field stays a plain BusinessDate (its form is the Schema's check); "not after today" needs the core's
 * `Clock`, so the write path checks it as it decodes the input (`decodeInput`), reported together with
 * every other issue of the input.
 */
export const pastDates = (...fields: ReadonlyArray<string>) => ({ [notAfterTodayAnnotation]: fields })

interface Civil {
  readonly year: number
  readonly month: number
  readonly day: number
}

const parse = (date: string): Civil => {
  const problem = businessDateProblem(date)
  if (problem !== undefined) throw new RangeError(`${JSON.stringify(date)} ${problem}`)
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0")

const render = ({ year, month, day }: Civil): string => {
  if (year < 1 || year > 9999) throw new RangeError(`year ${year} is outside 0001–9999`)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

// Day numbers from civil dates and back (H. Hinnant's algorithms), valid for the whole proleptic calendar.
const toDayNumber = ({ year, month, day }: Civil): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

const fromDayNumber = (dayNumber: number): Civil => {
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Days since 1970-01-01 (negative before). @throws {RangeError} for an invalid date */
export const toEpochDay = (date: string): number => toDayNumber(parse(date))

/** The date `epochDay` days after 1970-01-01. @throws {RangeError} outside years 0001–9999 */
export const fromEpochDay = (epochDay: number): string => {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`${epochDay} is not a whole number of days`)
  return render(fromDayNumber(epochDay))
}

/** `date` plus `days` (may be negative). @throws {RangeError} for an invalid date */
export const addDays = (date: string, days: number): string => fromEpochDay(toEpochDay(date) + days)

/** Days from `from` to `to` (`to − from`; negative when `to` is earlier), as Actual/365 day counts use. */
export const daysBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from)

/**
 * `date` plus `months` calendar months (may be negative); a day past the end of the target month becomes
 * its last day, as spreadsheet `EDATE` does: `addMonths("2025-01-31", 1)` → `"2025-02-28"`.
 *
 * @throws {RangeError} for an invalid date or a non-integer `months`
 */
export const addMonths = (date: string, months: number): string => {
  if (!Number.isSafeInteger(months)) throw new RangeError(`${months} is not a whole number of months`)
  const { year, month, day } = parse(date)
  const index = year * 12 + (month - 1) + months
  const targetYear = Math.floor(index / 12)
  const targetMonth = index - targetYear * 12 + 1
  return render({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth))
  })
}

/**
 * Whole calendar months from `from` to `to`: the `n` of largest size with `addMonths(from, n)` not past
 * `to` (negative when `to` is earlier). `monthsBetween("2025-01-15", "2025-03-14")` → 1,
 * `monthsBetween("2025-01-31", "2025-02-28")` → 1, `monthsBetween("2025-03-01", "2025-01-01")` → −2.
 *
 * @throws {RangeError} for an invalid date
 */
export const monthsBetween = (from: string, to: string): number => {
  const a = parse(from)
  const b = parse(to)
  const n = (b.year - a.year) * 12 + (b.month - a.month)
  if (n > 0 && addMonths(from, n) > to) return n - 1
  if (n < 0 && addMonths(from, n) < to) return n + 1
  return n
}

/** Period lengths targets and reports use. */
export type PeriodKind = "month" | "quarter" | "year"

/** A span of business dates, both bounds inclusive. */
export interface DatePeriod {
  readonly start: string
  readonly end: string
}

/**
 * The month, quarter or calendar year containing `date`, as inclusive bounds:
 * `periodOf("2025-05-20", "quarter")` → `{ start: "2025-04-01", end: "2025-06-30" }`.
 *
 * @throws {RangeError} for an invalid date
 */
export const periodOf = (date: string, kind: PeriodKind): DatePeriod => {
  const { year, month } = parse(date)
  const [first, last] =
    kind === "month"
      ? [month, month]
      : kind === "quarter"
        ? [month - ((month - 1) % 3), month - ((month - 1) % 3) + 2]
        : [1, 12]
  return {
    start: render({ year, month: first, day: 1 }),
    end: render({ year, month: last, day: daysInMonth(year, last) })
  }
}

/**
 * A short label for the period containing `date`, which sorts chronologically: `"2025-05"` (month),
 * `"2025-Q2"` (quarter), `"2025"` (year).
 *
 * @throws {RangeError} for an invalid date
 */
export const periodKey = (date: string, kind: PeriodKind): string => {
  const { year, month } = parse(date)
  if (kind === "month") return `${pad(year, 4)}-${pad(month, 2)}`
  if (kind === "quarter") return `${pad(year, 4)}-Q${Math.floor((month - 1) / 3) + 1}`
  return pad(year, 4)
}
