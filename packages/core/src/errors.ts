import { Schema, SchemaIssue } from "effect"

/** One problem with the input: where (a dotted path, e.g. `pledgor.uscc`) and why. */
export const FieldIssue = Schema.Struct({ path: Schema.String, message: Schema.String })
export type FieldIssue = typeof FieldIssue.Type

/** Input that does not decode, or breaks a rule of the domain. Nothing was written. */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  issues: Schema.Array(FieldIssue)
}) {
  override get message(): string {
    return this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; ")
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
}

export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", {
  entity: Schema.String,
  id: Schema.String
}) {
  override get message(): string {
    return `${this.entity} ${this.id} was not found`
  }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Turns a Schema issue tree into field issues with dotted paths. */
export const validationErrorFromIssue = (issue: SchemaIssue.Issue, prefix: ReadonlyArray<string> = []) =>
  new ValidationError({
    issues: formatter(issue).issues.map((i) => ({
      path: [...prefix, ...(i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p))].join("."),
      message: i.message
    }))
  })
