import { describeError, type FieldIssue } from "@kejin/core"
import type { Said } from "@kejin/core/internal"
import type { Context } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"

/**
 * One field's error in a problem: where and why in English (`reason`); with `code` and `params` when the
 * core said it from its message catalogue, so a client can word it in its own language.
 */
export interface ProblemFieldError {
  readonly field: string
  readonly reason: string
  readonly code?: string
  readonly params?: Readonly<Record<string, string>>
  /** The coded reasons a composite message lists (its `breaks` parameter): see the core's FieldIssue. */
  readonly because?: ReadonlyArray<{
    readonly code: string
    readonly params: Readonly<Record<string, string>>
  }>
}

/** A field's error said from the core's message catalogue: its English as `reason`, with `code` and `params`. */
export const saidAt = (field: string, said: Said): ProblemFieldError => ({
  field,
  reason: said.message,
  code: said.code,
  params: said.params
})

/** RFC 9457 problem details. */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail?: string | undefined
  readonly errors?: ReadonlyArray<ProblemFieldError>
  readonly [extension: string]: unknown
}

/**
 * The problem answer. A failure of the system (5xx) carries the request's id as `requestId` (the
 * `X-Request-Id` header has it too), so a report can be matched with the log line {@link failed} wrote.
 */
export const problem = (c: Context, body: Problem) => {
  const requestId: unknown = c.get("requestId")
  const sent = body.status >= 500 && typeof requestId === "string" ? { ...body, requestId } : body
  return c.body(JSON.stringify(sent), body.status as ContentfulStatusCode, {
    "content-type": "application/problem+json; charset=utf-8"
  })
}

/**
 * The answer to an error a handler caught: `body` (by default the error's own problem); a 5xx is logged
 * first with the method, path and request id its body carries.
 */
export const failed = (c: Context, error: unknown, body: Problem = problemFromError(error)) => {
  if (body.status >= 500) {
    const requestId: unknown = c.get("requestId")
    console.error(`[kejin] ${c.req.method} ${c.req.path} failed (request ${String(requestId)})`, error)
  }
  return problem(c, body)
}

const typeBase = "https://kejin.dev/problems/"

/**
 * A field issue of the core as a problem's field error at `field` (by default the issue's path): English
 * `reason`, plus `code` and `params` when it has them.
 */
export const fieldErrorOf = (issue: FieldIssue, field: string = issue.path): ProblemFieldError => ({
  field,
  reason: issue.message,
  ...(issue.code === undefined ? {} : { code: issue.code }),
  ...(issue.params === undefined ? {} : { params: issue.params }),
  ...(issue.because === undefined ? {} : { because: issue.because })
})

/**
 * The problem of an error, from the description the core's error declares (status, type, title, the
 * detail it lets through, its field issues as `errors`); anything else is a 500 that says nothing more.
 */
export const problemFromError = (error: unknown): Problem => {
  const described = describeError(error)
  if (described === undefined) return { type: `${typeBase}internal`, title: "Internal error", status: 500 }
  const { status, problem: kind, title, detail, issues, code, params } = described
  return {
    type: `${typeBase}${kind}`,
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
    // The catalogue's code of `detail` (e.g. `not-found` with the kind and key), for a client's own words.
    ...(code === undefined ? {} : { code, params: params ?? {} }),
    ...(issues === undefined ? {} : { errors: issues.map((i) => fieldErrorOf(i)) })
  }
}
