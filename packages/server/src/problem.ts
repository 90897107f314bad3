import { describeError } from "@kejin/core"
import type { Context } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"

/** RFC 9457 problem details. */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail?: string | undefined
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly reason: string }>
  readonly [extension: string]: unknown
}

export const problem = (c: Context, body: Problem) =>
  c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    "content-type": "application/problem+json; charset=utf-8"
  })

const typeBase = "https://kejin.dev/problems/"

/**
 * The problem of an error, from the description the core's error declares (status, type, title, the
 * detail it lets through, its field issues as `errors`); anything else is a 500 that says nothing more.
 */
export const problemFromError = (error: unknown): Problem => {
  const described = describeError(error)
  if (described === undefined) return { type: `${typeBase}internal`, title: "Internal error", status: 500 }
  const { status, problem: kind, title, detail, issues } = described
  return {
    type: `${typeBase}${kind}`,
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(issues === undefined ? {} : { errors: issues.map((i) => ({ field: i.path, reason: i.message })) })
  }
}
