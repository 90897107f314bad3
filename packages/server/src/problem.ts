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

/** Maps the core's tagged errors to status codes, in one place. */
export const problemFromError = (error: unknown): Problem => {
  const e = error as { _tag?: string; message?: string } & Record<string, unknown>
  switch (e?._tag) {
    case "ValidationError":
      return {
        type: `${typeBase}validation`,
        title: "The request has invalid fields",
        status: 422,
        detail: e.message,
        errors: (e.issues as Array<{ path: string; message: string }>).map((i) => ({
          field: i.path,
          reason: i.message
        }))
      }
    case "ConflictError":
      return {
        type: `${typeBase}${e.reason === "duplicate" ? "duplicate" : "idempotency-key-reused"}`,
        title: e.reason === "duplicate" ? "Already recorded" : "Idempotency key reused",
        status: 409,
        detail: e.message,
        ...(typeof e.field === "string" ? { errors: [{ field: e.field, reason: String(e.message) }] } : {})
      }
    case "NotFoundError":
      return { type: `${typeBase}not-found`, title: "Not found", status: 404, detail: e.message }
    case "ForbiddenError":
      return { type: `${typeBase}forbidden`, title: "Forbidden", status: 403, detail: e.message }
    case "StoreError":
      return e.retryable
        ? { type: `${typeBase}busy`, title: "The store is busy, try again", status: 503, detail: e.message }
        : { type: `${typeBase}store`, title: "The store failed", status: 500 }
    default:
      return { type: `${typeBase}internal`, title: "Internal error", status: 500 }
  }
}
