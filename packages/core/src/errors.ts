import { Predicate, Schema, SchemaIssue } from "effect"
import { codeOfCheckMessage } from "./text/messages.js"

/**
 * One problem with the input: where (a dotted path, e.g. `pledgor.uscc`) and why, in English; `code`, when
 * the issue has one, says which problem it is in a stable word (`enterprise-not-registered`, a key of the
 * message catalogue `text/messages.ts`) and `params` fills its words, for a face that words it in its own
 * language (`localizedMessage`). Say one with `sayAt(path, code, params)`.
 */
export const FieldIssue = Schema.Struct({
  path: Schema.String,
  message: Schema.String,
  code: Schema.optional(Schema.String),
  params: Schema.optional(Schema.Record(Schema.String, Schema.String))
})
export type FieldIssue = typeof FieldIssue.Type

/**
 * What an error of the core means to whoever asked, declared once on each error class and read with
 * {@link describeError}. Each face maps it its own way (the server to problem+json, the dashboard's forms
 * to a status and field errors, the CLI to a message and an exit code); the core itself speaks no HTTP,
 * it only borrows HTTP's status numbers as the common vocabulary.
 */
export interface ErrorDescription {
  /** An HTTP status code: 4xx the caller can change something and ask again, 5xx the system failed. */
  readonly status: number
  /** The kind of problem, a stable slug (`validation`, `duplicate`, `not-found`, …). */
  readonly problem: string
  /** A short title of that kind, the same every time. */
  readonly title: string
  /** What happened this time, safe to show the caller; absent when it must stay inside (a driver's text). */
  readonly detail?: string | undefined
  /** The parts of the input at fault, where (a dotted path, "" for the whole) and why. */
  readonly issues?: ReadonlyArray<FieldIssue> | undefined
}

/** The key of the getter by which an error class declares its {@link ErrorDescription}. */
export const errorDescription: unique symbol = Symbol.for("@kejin/core/errorDescription")

/** An error that declares what it means (every tagged error of the core does). */
export interface DescribedError {
  readonly [errorDescription]: ErrorDescription
}

/** What `error` means to whoever asked, when it is one of the core's errors; `undefined` for anything else. */
export const describeError = (error: unknown): ErrorDescription | undefined =>
  Predicate.hasProperty(error, errorDescription) ? (error as DescribedError)[errorDescription] : undefined

/** Input that does not decode, or breaks a rule of the domain. Nothing was written. */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  issues: Schema.Array(FieldIssue)
}) {
  override get message(): string {
    return this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")
  }

  get [errorDescription](): ErrorDescription {
    return {
      status: 422,
      problem: "validation",
      title: "The request has invalid fields",
      detail: this.message,
      issues: this.issues
    }
  }
}

/** The request clashes with what is stored (a duplicate key, a reused idempotency key). */
export class ConflictError extends Schema.TaggedError<ConflictError>()("ConflictError", {
  reason: Schema.Literals(["duplicate", "idempotency-key-reused"]),
  field: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }

  get [errorDescription](): ErrorDescription {
    return {
      status: 409,
      problem: this.reason,
      title: this.reason === "duplicate" ? "Already recorded" : "Idempotency key reused",
      detail: this.message,
      issues: this.field === undefined ? undefined : [{ path: this.field, message: this.message }]
    }
  }
}

export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", {
  entity: Schema.String,
  id: Schema.String
}) {
  override get message(): string {
    return `${this.entity} ${this.id} was not found`
  }

  get [errorDescription](): ErrorDescription {
    return { status: 404, problem: "not-found", title: "Not found", detail: this.message }
  }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Turns a Schema issue tree into field issues with dotted paths. */
export const validationErrorFromIssue = (issue: SchemaIssue.Issue, prefix: ReadonlyArray<string> = []) =>
  new ValidationError({
    issues: formatter(issue).issues.map((i) => ({
      path: [...prefix, ...(i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p))].join("."),
      message: i.message,
      ...codeOfCheckMessage(i.message)
    }))
  })
