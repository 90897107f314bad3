import { isBusinessDate, isValidUscc } from "@kejin/core"
import { controlCharacterSaid, say } from "@kejin/core/internal"
import type { Context } from "hono"
import { type Problem, type ProblemFieldError, saidAt } from "../problem.js"

// The query string of the JSON API: which parameters a route takes (a repeated or unknown one is a 400
// naming it), their values checked all at once, and the page a list answers with.

type Filters<K extends string> = { [P in K]: string | undefined }
type FieldError = ProblemFieldError

/** The 400 of a query, naming each bad parameter. */
export const badQuery = (errors: ReadonlyArray<FieldError>): Problem => ({
  type: "https://kejin.dev/problems/bad-query",
  title: "The query has invalid parameters",
  status: 400,
  errors
})

/**
 * The query string, one value per parameter, with an error for each parameter given more than once
 * (`?status=a&status=b`): every parameter of the API takes one value, and silently keeping the first of
 * several would answer a question the client did not ask. A value with a control character (`%00`, which
 * PostgreSQL cannot even compare) is an error too: no parameter of the API takes one.
 */
export const singleValues = (
  c: Context
): { readonly values: Readonly<Record<string, string>>; readonly errors: ReadonlyArray<FieldError> } => {
  const values: Record<string, string> = {}
  const errors: Array<FieldError> = []
  for (const [key, all] of Object.entries(c.req.queries())) {
    if (all.length > 1) errors.push(saidAt(key, say("query-repeated", { count: String(all.length) })))
    const control = all.map(controlCharacterSaid).find((said) => said !== undefined)
    if (control !== undefined) errors.push(saidAt(key, control))
    const first = all[0]
    if (first !== undefined) values[key] = first
  }
  return { values, errors }
}

/**
 * Pagination (`limit` 1–500, default 50; `offset` ≥ 0) and allow-listed filters; an unknown or repeated
 * parameter is a 400 naming it.
 */
export const pageQuery = <K extends string>(
  c: Context,
  allowed: ReadonlyArray<K>
):
  | { readonly problem: Problem }
  | {
      readonly problem?: undefined
      readonly limit: number
      readonly offset: number
      readonly filters: Filters<K>
    } => {
  const { values: query, errors: repeated } = singleValues(c)
  const errors: Array<FieldError> = []
  for (const key of Object.keys(query)) {
    if (key !== "limit" && key !== "offset" && !allowed.includes(key as K)) {
      errors.push(
        saidAt(key, say("query-unknown-parameter", { allowed: ["limit", "offset", ...allowed].join(", ") }))
      )
    } else {
      const twice = repeated.find((e) => e.field === key)
      if (twice !== undefined) errors.push(twice)
    }
  }
  const int = (name: string, fallback: number, min: number, max: number) => {
    const text = query[name]
    if (text === undefined || repeated.some((e) => e.field === name)) return fallback
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      errors.push(saidAt(name, say("whole-number-range", { min: String(min), max: String(max) })))
      return fallback
    }
    return Number(text)
  }
  const limit = int("limit", 50, 1, 500)
  const offset = int("offset", 0, 0, Number.MAX_SAFE_INTEGER)
  if (errors.length > 0) return { problem: badQuery(errors) }
  const filters = Object.fromEntries(allowed.map((k) => [k, query[k]])) as Filters<K>
  return { limit, offset, filters }
}

/** A query with only `allowed` parameters (no pagination), each given once; anything else is a 400. */
export const onlyParams = <K extends string>(
  c: Context,
  allowed: ReadonlyArray<K>
):
  | { readonly problem: Problem }
  | { readonly problem?: undefined; readonly params: Partial<Record<K, string>> } => {
  const { values, errors: repeated } = singleValues(c)
  const errors = Object.keys(values).flatMap((field): Array<FieldError> => {
    if (!allowed.includes(field as K))
      return [saidAt(field, say("query-unknown-parameter", { allowed: allowed.join(", ") }))]
    return repeated.filter((e) => e.field === field)
  })
  if (errors.length > 0) return { problem: badQuery(errors) }
  return { params: values as Partial<Record<K, string>> }
}

/** Checks query values, collecting every problem so one 400 names each bad parameter. */
export const queryChecks = () => {
  const errors: Array<FieldError> = []
  const date = (field: string, value: string | undefined) => {
    if (value === undefined || isBusinessDate(value)) return value
    errors.push(saidAt(field, say("query-date")))
    return undefined
  }
  return {
    errors,
    oneOf: <T extends string>(field: string, value: string | undefined, allowed: ReadonlyArray<T>) => {
      if (value === undefined || allowed.includes(value as T)) return value as T | undefined
      errors.push(saidAt(field, say("one-of", { allowed: allowed.join(", ") })))
      return undefined
    },
    date,
    /** `from` and `to`, each a date, `to` not before `from`. */
    dates: (fromText: string | undefined, toText: string | undefined) => {
      const from = date("from", fromText)
      const to = date("to", toText)
      if (from !== undefined && to !== undefined && to < from)
        errors.push(saidAt("to", say("to-before-from", { from })))
      return { from, to }
    },
    positiveInt: (field: string, value: string | undefined) => {
      if (value === undefined) return undefined
      if (/^[1-9][0-9]{0,14}$/.test(value)) return Number(value)
      errors.push(saidAt(field, say("whole-number-above-zero")))
      return undefined
    },
    boolean: (field: string, value: string | undefined) => {
      if (value === undefined) return undefined
      if (value === "true" || value === "false") return value === "true"
      errors.push(saidAt(field, say("query-boolean")))
      return undefined
    },
    required: (field: string, value: string | undefined) => {
      if (value === undefined) errors.push(saidAt(field, say("query-required")))
      return value
    },
    /** A unified social credit code (统一社会信用代码), when given. */
    uscc: (field: string, value: string | undefined) => {
      if (value !== undefined && !isValidUscc(value)) errors.push(saidAt(field, say("query-uscc")))
      return value
    },
    problem: (): Problem | undefined => (errors.length === 0 ? undefined : badQuery(errors))
  }
}

/** One page of `items`, for lists the core returns whole (`total` counts them all). */
export const pageOf = <A, B>(
  items: ReadonlyArray<A>,
  limit: number,
  offset: number,
  toJson: (a: A) => B
) => ({
  items: items.slice(offset, offset + limit).map(toJson),
  total: items.length,
  limit,
  offset
})

/** A page the core cut (in SQL), as the wire has it. */
export const pageToJson = <A, B>(
  page: {
    readonly items: ReadonlyArray<A>
    readonly total: number
    readonly limit: number
    readonly offset: number
  },
  toJson: (a: A) => B
) => ({
  items: page.items.map(toJson),
  total: page.total,
  limit: page.limit,
  offset: page.offset
})
