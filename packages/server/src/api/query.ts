import type { Context } from "hono"
import type { Problem } from "../problem.js"

type Filters<K extends string> = { [P in K]: string | undefined }
type FieldError = { field: string; reason: string }

const badQuery = (errors: ReadonlyArray<FieldError>): Problem => ({
  type: "https://kejin.dev/problems/bad-query",
  title: "The query has invalid parameters",
  status: 400,
  errors
})

/**
 * The query string, one value per parameter, with an error for each parameter given more than once
 * (`?status=a&status=b`): every parameter of the API takes one value, and silently keeping the first of
 * several would answer a question the client did not ask.
 */
export const singleValues = (
  c: Context
): { readonly values: Readonly<Record<string, string>>; readonly errors: ReadonlyArray<FieldError> } => {
  const values: Record<string, string> = {}
  const errors: Array<FieldError> = []
  for (const [key, all] of Object.entries(c.req.queries())) {
    if (all.length > 1) errors.push({ field: key, reason: `is given ${all.length} times: give it once` })
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
      errors.push({ field: key, reason: `unknown parameter (allowed: limit, offset, ${allowed.join(", ")})` })
    } else {
      const twice = repeated.find((e) => e.field === key)
      if (twice !== undefined) errors.push(twice)
    }
  }
  const int = (name: string, fallback: number, min: number, max: number) => {
    const text = query[name]
    if (text === undefined || repeated.some((e) => e.field === name)) return fallback
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      errors.push({ field: name, reason: `must be a whole number from ${min} to ${max}` })
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
