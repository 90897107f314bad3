import { Schema } from "effect"
import { type ErrorDescription, errorDescription } from "../errors.js"

/** Why a store operation failed; `retryable` says whether running the same work again may succeed. */
export const StoreErrorReason = Schema.Literals([
  "unique-violation",
  "foreign-key",
  "check-violation",
  "busy",
  "serialization",
  "connection",
  "unknown"
])
export type StoreErrorReason = typeof StoreErrorReason.Type

export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  reason: StoreErrorReason,
  retryable: Schema.Boolean,
  constraint: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  override get message(): string {
    return `store error (${this.reason}${this.retryable ? ", retryable" : ""}): ${this.detail}`
  }

  /** Retryable: busy, ask again (503). Otherwise a failure of the system whose driver text stays inside (500). */
  get [errorDescription](): ErrorDescription {
    return this.retryable
      ? { status: 503, problem: "busy", title: "The store is busy, try again", detail: this.message }
      : { status: 500, problem: "store", title: "The store failed" }
  }
}

/**
 * What a unique violation names, when `error` is one: the constraint (PostgreSQL) or the columns (SQLite,
 * e.g. `pledges.registration_no`); `undefined` for any other error.
 */
export const uniqueViolationOf = (error: unknown): string | undefined =>
  error instanceof StoreError && error.reason === "unique-violation"
    ? (error.constraint ?? error.detail)
    : undefined

const retryableReasons: ReadonlySet<StoreErrorReason> = new Set(["busy", "serialization", "connection"])

/** Classifies a driver error from better-sqlite3 or pg into a StoreError. */
export const classifyStoreError = (cause: unknown): StoreError => {
  const error = cause as { code?: unknown; message?: unknown; constraint?: unknown }
  const code = typeof error?.code === "string" ? error.code : ""
  const detail = typeof error?.message === "string" ? error.message : String(cause)
  const reason = reasonOf(code, detail)
  const constraint =
    typeof error?.constraint === "string" ? error.constraint : sqliteConstraintOf(reason, detail)
  return new StoreError({
    reason,
    retryable: retryableReasons.has(reason),
    detail,
    ...(constraint === undefined ? {} : { constraint })
  })
}

const reasonOf = (code: string, detail: string): StoreErrorReason => {
  // PostgreSQL SQLSTATE codes
  if (code === "23505") return "unique-violation"
  if (code === "23503") return "foreign-key"
  if (code === "23514" || code === "23502") return "check-violation"
  if (code === "40001" || code === "40P01") return "serialization"
  if (code === "55P03") return "busy"
  if (code.startsWith("08") || code === "57P01" || code === "ECONNREFUSED" || code === "ECONNRESET")
    return "connection"
  // better-sqlite3 extended result codes
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY")
    return "unique-violation"
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") return "foreign-key"
  if (code === "SQLITE_CONSTRAINT_CHECK" || code === "SQLITE_CONSTRAINT_NOTNULL") return "check-violation"
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "busy"
  if (code === "SQLITE_CANTOPEN") return "connection"
  if (/unique constraint/i.test(detail)) return "unique-violation"
  return "unknown"
}

/** SQLite names the columns, not the constraint: "UNIQUE constraint failed: pledges.registration_no". */
const sqliteConstraintOf = (reason: StoreErrorReason, detail: string): string | undefined => {
  if (reason !== "unique-violation") return undefined
  const match = /constraint failed: ([\w.]+(?:, [\w.]+)*)/i.exec(detail)
  return match?.[1]
}
