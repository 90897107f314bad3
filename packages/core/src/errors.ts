import { Predicate, Schema, SchemaIssue } from "effect"
import { codeOfCheckMessage, type MessageCode, type ParamsOf, type Said, sayAt } from "./text/messages.js"

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
  params: Schema.optional(Schema.Record(Schema.String, Schema.String)),
  /**
   * The coded reasons a composite message lists (a reversal's "cannot be reversed: …"): its `breaks`
   * parameter is their English joined by "; ", and a face words each in its own language instead.
   */
  because: Schema.optional(
    Schema.Array(Schema.Struct({ code: Schema.String, params: Schema.Record(Schema.String, Schema.String) }))
  )
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
  /** The message catalogue's code of `detail` and its parameters, when it has one (a face words it). */
  readonly code?: string | undefined
  readonly params?: Readonly<Record<string, string>> | undefined
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
  detail: Schema.String,
  /** The message catalogue's code of `detail` and its parameters, when it was said from the catalogue. */
  code: Schema.optional(Schema.String),
  params: Schema.optional(Schema.Record(Schema.String, Schema.String))
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
      ...(this.code === undefined ? {} : { code: this.code, params: this.params ?? {} }),
      issues:
        this.field === undefined
          ? undefined
          : [
              {
                path: this.field,
                message: this.message,
                ...(this.code === undefined ? {} : { code: this.code, params: this.params ?? {} })
              }
            ]
    }
  }
}

/**
 * The ValidationError of a rule broken at `path`, said from the message catalogue (its English `message`,
 * its `code` and `params`): a plain English text cannot be given, so every refusal has both wordings.
 */
export const invalid = <C extends MessageCode>(
  path: string,
  code: C,
  ...params: keyof ParamsOf<C> extends never ? [params?: ParamsOf<C>] : [params: ParamsOf<C>]
) => new ValidationError({ issues: [sayAt(path, code, ...params)] })

/** The ValidationError of a rule broken at `field`, said from the message catalogue (code and parameters kept). */
export const invalidAs = ({ field, ...said }: { readonly field: string } & Said) =>
  new ValidationError({
    issues: [{ path: field, message: said.message, code: said.code, params: said.params }]
  })

/**
 * The ValidationError of `message` at `path` where the message is one a Schema check or the amount reader
 * said from the catalogue (a MoneyParseError's reason): its code and parameters are found again by its words.
 */
export const invalidText = (path: string, message: string) =>
  new ValidationError({ issues: [{ path, message, ...codeOfCheckMessage(message) }] })

/**
 * The ValidationError of a rule broken at `path` whose message lists the rules a write would break
 * (`breaks`, each said from the catalogue): its `breaks` parameter is their English joined by "; ", and
 * the issue keeps them coded (`because`) so a page words each in its own language.
 */
export const invalidBecause = <C extends MessageCode>(
  path: string,
  code: C,
  params: Omit<ParamsOf<C>, "breaks">,
  breaks: ReadonlyArray<Said>
) =>
  new ValidationError({
    issues: [
      {
        ...sayAt(path, code, ...([{ ...params, breaks: breaks.map((b) => b.message).join("; ") }] as never)),
        because: breaks.map((b) => ({ code: b.code, params: b.params }))
      }
    ]
  })

/**
 * No record `entity` has the key `id`. Its description carries the catalogue's `not-found` code with the
 * kind (`entity`, a noun the catalogue words in both languages) and the key, so a page says "未找到质押登记 42".
 */
export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", {
  entity: Schema.String,
  id: Schema.String
}) {
  override get message(): string {
    return `${this.entity} ${this.id} was not found`
  }

  get [errorDescription](): ErrorDescription {
    return {
      status: 404,
      problem: "not-found",
      title: "Not found",
      detail: this.message,
      code: "not-found",
      params: { kind: this.entity, key: this.id }
    }
  }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** What kind of Schema issue said a message: the leaf's tag, or "check" for a message a check gave. */
type SchemaKind = SchemaIssue.Issue["_tag"] | "check"

/**
 * The kind of each message the formatter says for `issue`, in its order: the same walk as the formatter's
 * (a check's message covers what is under it; a composite, or a union with issues, says each of its own).
 */
const kindsOf = (issue: SchemaIssue.Issue, under?: "check"): ReadonlyArray<SchemaKind> => {
  switch (issue._tag) {
    case "Filter":
      return kindsOf(issue.issue, "check")
    case "Encoding":
    case "Pointer":
      return kindsOf(issue.issue, under)
    case "Composite":
    case "AnyOf":
      if (issue._tag === "Composite" || issue.issues.length > 0)
        return issue.issues.flatMap((i) => kindsOf(i, under))
      return [under ?? issue._tag]
    default:
      return [
        under ??
          (issue._tag === "InvalidValue" && issue.annotations?.message !== undefined ? "check" : issue._tag)
      ]
  }
}

/** How Effect Schema's own messages begin (its default wordings, see SchemaIssue.defaultLeafHook). */
const EFFECT_WORDS = /^(Expected |Missing key$|Unexpected key |Invalid data |Forbidden operation$)/

/**
 * The catalogue's code for a message Effect Schema said of its own (a type, a missing or unknown key, a
 * check without a code): every kind of issue is worded in the reader's language, `detail` keeping the
 * English. A message a check said with `checkMessage`/`checkSaid` keeps its own code.
 */
const schemaCodeOf = (
  kind: SchemaKind | undefined,
  message: string
): { readonly code?: string; readonly params?: Record<string, string> } => {
  const said = codeOfCheckMessage(message)
  if (said !== undefined) return said
  // A check's own English without a code (`must be after disbursedOn`) stays as the core said it.
  if (!EFFECT_WORDS.test(message)) return {}
  const detail = { detail: message }
  switch (kind) {
    case "MissingKey":
      return { code: "schema-missing-key", params: detail }
    case "UnexpectedKey":
      return { code: "schema-unexpected-key", params: detail }
    case "InvalidType": {
      const expected = /^Expected (.*?)(?:, got .*)?$/s.exec(message)?.[1] ?? ""
      return /^(".*"|\d+)( \| .*)+$/.test(expected)
        ? { code: "schema-invalid-choice", params: detail }
        : { code: "schema-invalid-type", params: { ...detail, expected } }
    }
    case "AnyOf":
      return { code: "schema-invalid-choice", params: detail }
    case "OneOf":
      return { code: "schema-ambiguous", params: detail }
    case "Forbidden":
      return { code: "schema-forbidden", params: detail }
    case "InvalidValue":
      return /^(Expected a valid value|Invalid data )/.test(message)
        ? { code: "schema-invalid-value", params: detail }
        : { code: "schema-check", params: detail }
    default:
      return { code: "schema-check", params: detail }
  }
}

/** Turns a Schema issue tree into field issues with dotted paths, each with its catalogue code. */
export const validationErrorFromIssue = (issue: SchemaIssue.Issue, prefix: ReadonlyArray<string> = []) => {
  const kinds = kindsOf(issue)
  return new ValidationError({
    issues: formatter(issue).issues.map((i, n) => ({
      path: [...prefix, ...(i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p))].join("."),
      message: i.message,
      ...schemaCodeOf(kinds[n], i.message)
    }))
  })
}
