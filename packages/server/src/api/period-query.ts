import { businessDateProblem, type Period, type PeriodSpec, PLAN_PERIOD, periodBounds } from "@kejin/core"

type FieldError = { field: string; reason: string }

/** The query parameters that name a period; a route allows these plus its own. */
export const periodParams = [
  "year",
  "quarter",
  "month",
  "from",
  "to",
  "fromYear",
  "toYear",
  "period"
] as const
export type PeriodParam = (typeof periodParams)[number]

/** The forms a period takes in a query, each with its parameters, in the order they are tried. */
const forms = [
  { name: "year (+ quarter or month)", params: ["year", "quarter", "month"] },
  { name: "from + to", params: ["from", "to"] },
  { name: "fromYear + toYear", params: ["fromYear", "toYear"] },
  { name: "period=plan", params: ["period"] }
] as const satisfies ReadonlyArray<{ name: string; params: ReadonlyArray<PeriodParam> }>

const oneForm =
  "give one period: year (with quarter 1–4 or month 1–12 if wanted), from + to, fromYear + toYear, or period=plan"

const wholeNumber = (
  errors: Array<FieldError>,
  field: string,
  text: string,
  min: number,
  max: number,
  what: string
): number | undefined => {
  if (/^[0-9]{1,4}$/.test(text) && Number(text) >= min && Number(text) <= max) return Number(text)
  errors.push({ field, reason: `must be ${what} from ${min} to ${max}` })
  return undefined
}

/**
 * The period a figures query names: `year` (optionally with `quarter` or `month`), `from` + `to`,
 * `fromYear` + `toYear`, or `period=plan` ({@link PLAN_PERIOD}, 2025–2027); exactly one form. None given:
 * the calendar year of `today` (the caller's today in Asia/Shanghai). Anything else is an error naming
 * the parameter, with the same rules the core checks again (real dates, from ≤ to, …).
 */
export const periodFromQuery = (
  params: Partial<Record<string, string>>,
  today: string
):
  | { readonly errors: ReadonlyArray<FieldError> }
  | { readonly errors?: undefined; readonly spec: PeriodSpec } => {
  const errors: Array<FieldError> = []
  const given = forms.filter((form) => form.params.some((p) => params[p] !== undefined))
  if (given.length === 0) return { spec: { year: Number(today.slice(0, 4)) } }
  if (given.length > 1) {
    const [first, ...others] = given
    for (const form of others) {
      for (const field of form.params) {
        if (params[field] !== undefined)
          errors.push({ field, reason: `cannot be combined with ${first!.name}: ${oneForm}` })
      }
    }
    return { errors }
  }
  const form = given[0]!.params[0]
  const required = (field: PeriodParam, other: PeriodParam) => {
    const value = params[field]
    if (value === undefined) errors.push({ field, reason: `is required with ${other}` })
    return value
  }
  if (form === "year") {
    const yearText = required("year", params.quarter !== undefined ? "quarter" : "month")
    const year = yearText === undefined ? undefined : wholeNumber(errors, "year", yearText, 1, 9999, "a year")
    if (params.quarter !== undefined && params.month !== undefined) {
      errors.push({ field: "month", reason: "cannot be combined with quarter: give one or the other" })
      return { errors }
    }
    const quarter =
      params.quarter === undefined
        ? undefined
        : wholeNumber(errors, "quarter", params.quarter, 1, 4, "a quarter")
    const month =
      params.month === undefined ? undefined : wholeNumber(errors, "month", params.month, 1, 12, "a month")
    if (errors.length > 0 || year === undefined) return { errors }
    if (quarter !== undefined) return { spec: { year, quarter } }
    if (month !== undefined) return { spec: { year, month } }
    return { spec: { year } }
  }
  if (form === "from") {
    const date = (field: "from" | "to", other: "from" | "to") => {
      const value = required(field, other)
      if (value === undefined) return undefined
      const problem = businessDateProblem(value)
      if (problem !== undefined) errors.push({ field, reason: problem })
      return problem === undefined ? value : undefined
    }
    const from = date("from", "to")
    const to = date("to", "from")
    if (from !== undefined && to !== undefined && from > to)
      errors.push({ field: "to", reason: `must not be before from (${from})` })
    return errors.length > 0 || from === undefined || to === undefined ? { errors } : { spec: { from, to } }
  }
  if (form === "fromYear") {
    const year = (field: "fromYear" | "toYear", other: "fromYear" | "toYear") => {
      const value = required(field, other)
      return value === undefined ? undefined : wholeNumber(errors, field, value, 1, 9999, "a year")
    }
    const fromYear = year("fromYear", "toYear")
    const toYear = year("toYear", "fromYear")
    if (fromYear !== undefined && toYear !== undefined && fromYear > toYear)
      errors.push({ field: "toYear", reason: `must not be before fromYear (${fromYear})` })
    return errors.length > 0 || fromYear === undefined || toYear === undefined
      ? { errors }
      : { spec: { fromYear, toYear } }
  }
  if (params.period !== "plan") {
    errors.push({ field: "period", reason: "must be plan (the action plan's span, 2025–2027)" })
    return { errors }
  }
  return { spec: PLAN_PERIOD }
}

/** The first and last day of a period the query named (already checked by {@link periodFromQuery}). */
export const boundsOf = (spec: PeriodSpec): Period => periodBounds(spec)
