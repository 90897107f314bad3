import type { Context } from "hono"
import type { Problem } from "../problem.js"

type Filters<K extends string> = { [P in K]: string | undefined }

/** Pagination (`limit` 1–500, default 50; `offset` ≥ 0) and allow-listed filters; anything else is a 400. */
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
  const query = c.req.query()
  const errors: Array<{ field: string; reason: string }> = []
  for (const key of Object.keys(query)) {
    if (key !== "limit" && key !== "offset" && !allowed.includes(key as K)) {
      errors.push({ field: key, reason: `unknown parameter (allowed: limit, offset, ${allowed.join(", ")})` })
    }
  }
  const int = (name: string, fallback: number, min: number, max: number) => {
    const text = query[name]
    if (text === undefined) return fallback
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      errors.push({ field: name, reason: `must be a whole number from ${min} to ${max}` })
      return fallback
    }
    return Number(text)
  }
  const limit = int("limit", 50, 1, 500)
  const offset = int("offset", 0, 0, Number.MAX_SAFE_INTEGER)
  if (errors.length > 0) {
    return {
      problem: {
        type: "https://kejin.dev/problems/bad-query",
        title: "The query has invalid parameters",
        status: 400,
        errors
      }
    }
  }
  const filters = Object.fromEntries(allowed.map((k) => [k, query[k]])) as Filters<K>
  return { limit, offset, filters }
}
