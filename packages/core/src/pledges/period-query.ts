import { Effect, Schema } from "effect"
import { type FieldIssue, ValidationError } from "../errors.js"
import { sayAt } from "../text/messages.js"
import { dateIssue, todayInShanghai } from "../time/index.js"
import { type PeriodSpec, PLAN_PERIOD } from "./period.js"

// The period of a figures read as its caller names it: the query of `GET /api/v1/pledges/total|monthly|
// summary|breakdown` (text) or a facade's `PeriodSpec` (numbers), read by one set of rules.

/** The fields that name a period; a figures read takes these plus its own. */
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

const Value = Schema.optional(Schema.Union([Schema.String, Schema.Number]))

/**
 * The period's fields of a read's input, as given: text from a query, numbers from a `PeriodSpec`
 * ({@link periodOfQuery} checks them, naming the field).
 */
export const PeriodQueryFields = {
  year: Value,
  quarter: Value,
  month: Value,
  from: Value,
  to: Value,
  fromYear: Value,
  toYear: Value,
  period: Value
}
export type PeriodQuery = { readonly [P in PeriodParam]?: string | number | undefined }

/** The forms a period takes, each with its fields, in the order they are tried. */
const forms = [
  { name: "year (+ quarter or month)", params: ["year", "quarter", "month"] },
  { name: "from + to", params: ["from", "to"] },
  { name: "fromYear + toYear", params: ["fromYear", "toYear"] },
  { name: "period=plan", params: ["period"] }
] as const satisfies ReadonlyArray<{ name: string; params: ReadonlyArray<PeriodParam> }>

const oneForm =
  "give one period: year (with quarter 1–4 or month 1–12 if wanted), from + to, fromYear + toYear, or period=plan"

/**
 * The period a read names: `year` (optionally with `quarter` or `month`), `from` + `to`, `fromYear` +
 * `toYear`, or `period` `"plan"` ({@link PLAN_PERIOD}, 2025–2027); exactly one form. None given: the
 * calendar year of `today` (Asia/Shanghai). Anything else is an issue naming the field, with the same rules
 * the figures check again (real dates, from ≤ to, …).
 */
export const periodOfQuery = (
  query: PeriodQuery,
  today: string
):
  | { readonly issues: ReadonlyArray<FieldIssue> }
  | { readonly issues?: undefined; readonly spec: PeriodSpec } => {
  const params: Partial<Record<PeriodParam, string>> = {}
  for (const p of periodParams) {
    const value = query[p]
    if (value !== undefined) params[p] = String(value)
  }
  const issues: Array<FieldIssue> = []
  const wholeNumber = (
    path: PeriodParam,
    text: string,
    min: number,
    max: number,
    what: "year-range" | "quarter-range" | "month-range"
  ) => {
    if (/^[0-9]{1,4}$/.test(text) && Number(text) >= min && Number(text) <= max) return Number(text)
    issues.push(sayAt(path, what, { min: String(min), max: String(max) }))
    return undefined
  }
  const given = forms.filter((form) => form.params.some((p) => params[p] !== undefined))
  const [first, ...others] = given
  if (first === undefined) return { spec: { year: Number(today.slice(0, 4)) } }
  if (others.length > 0) {
    for (const form of others) {
      for (const path of form.params) {
        if (params[path] !== undefined)
          issues.push(sayAt(path, "period-forms-combined", { first: first.name, forms: oneForm }))
      }
    }
    return { issues }
  }
  const required = (path: PeriodParam, other: PeriodParam) => {
    const value = params[path]
    if (value === undefined) issues.push(sayAt(path, "required-with", { other }))
    return value
  }
  const form = first.params[0]
  if (form === "year") {
    const yearText = required("year", params.quarter !== undefined ? "quarter" : "month")
    const year = yearText === undefined ? undefined : wholeNumber("year", yearText, 1, 9999, "year-range")
    if (params.quarter !== undefined && params.month !== undefined) {
      issues.push(sayAt("month", "month-with-quarter"))
      return { issues }
    }
    const quarter =
      params.quarter === undefined ? undefined : wholeNumber("quarter", params.quarter, 1, 4, "quarter-range")
    const month =
      params.month === undefined ? undefined : wholeNumber("month", params.month, 1, 12, "month-range")
    if (issues.length > 0 || year === undefined) return { issues }
    if (quarter !== undefined) return { spec: { year, quarter } }
    if (month !== undefined) return { spec: { year, month } }
    return { spec: { year } }
  }
  if (form === "from") {
    const date = (path: "from" | "to", other: "from" | "to") => {
      const value = required(path, other)
      if (value === undefined) return undefined
      const issue = dateIssue(path, value)
      if (issue !== undefined) issues.push(issue)
      return issue === undefined ? value : undefined
    }
    const from = date("from", "to")
    const to = date("to", "from")
    if (from !== undefined && to !== undefined && from > to)
      issues.push(sayAt("to", "to-before-from", { from: from }))
    return issues.length > 0 || from === undefined || to === undefined ? { issues } : { spec: { from, to } }
  }
  if (form === "fromYear") {
    const year = (path: "fromYear" | "toYear", other: "fromYear" | "toYear") => {
      const value = required(path, other)
      return value === undefined ? undefined : wholeNumber(path, value, 1, 9999, "year-range")
    }
    const fromYear = year("fromYear", "toYear")
    const toYear = year("toYear", "fromYear")
    if (fromYear !== undefined && toYear !== undefined && fromYear > toYear)
      issues.push(sayAt("toYear", "to-year-before-from-year", { fromYear: String(fromYear) }))
    return issues.length > 0 || fromYear === undefined || toYear === undefined
      ? { issues }
      : { spec: { fromYear, toYear } }
  }
  if (params.period !== "plan") {
    issues.push(sayAt("period", "period-plan"))
    return { issues }
  }
  return { spec: PLAN_PERIOD }
}

/** {@link periodOfQuery} as of today by the core's clock, or a ValidationError naming the field. */
export const resolvePeriodQuery = (query: PeriodQuery): Effect.Effect<PeriodSpec, ValidationError> =>
  Effect.flatMap(todayInShanghai, (today) => {
    const period = periodOfQuery(query, today)
    return period.issues === undefined
      ? Effect.succeed(period.spec)
      : Effect.fail(new ValidationError({ issues: period.issues }))
  })
