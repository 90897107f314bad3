import type { Schema } from "effect"
import type { AnswerDoc, HttpBinding, Label, OperationSpec, PathParameter } from "../operations/operation.js"
import { LinkageId, PoolCodeText } from "./wire.js"

// What the declarations of the linkage pilots share: the routes under /api/v1/linkage, the write's
// permission, how a recorded answer and a body are documented, and the path parameters.

export const linkageBase = "/api/v1/linkage"

const bodyNote =
  'Money is a decimal string of yuan (`"5000000.00"`); percentages (`ratePercent`, `equityPercent`, ' +
  '`couponPercent`: `"3.45"` is 3.45 %), ratios (`ratio`: a fraction of one, `"0.6"` is 60 %) and scores ' +
  "are exact decimal text: more decimal places than allowed are refused, never rounded. Ids name records of " +
  "the registry (`bank`, `insurer`), of the fund ledger (`investment`, `lead`, `follow`) or of this API. " +
  "Free text (names, reasons, sources, numbers written as text, dimension names) is trimmed and may not " +
  "contain control characters (U+0000–U+001F, U+007F): a 422 naming the field."

const keyReused = "The idempotency key was used for a different body."

/** A 409 besides a reused idempotency key. */
export const conflictOr = (what: string) => `${what}, or: ${keyReused}`

/** The path's `{id}`: the id of a `what`, merged into the input as `field`. */
export const idParameter = (what: string, field = "id"): PathParameter => ({
  field,
  entity: what,
  description: `The ${what}'s id.`,
  schema: LinkageId,
  example: 1
})

/** The path's `{code}`: a pool's code, merged into the input as `field` (the input checks it). */
export const poolCodeParameter = (field: string): PathParameter => ({
  field,
  kind: "code",
  entity: "pool",
  description:
    "The pool's code, a lowercase slug. On a read, a code that is not one names no pool (404); on a write " +
    "it is a 422 naming `pool`.",
  schema: PoolCodeText,
  example: "wz-relief"
})

/**
 * A write of a linkage pilot (`linkage.write`: admin and bureau): `POST /api/v1/linkage{path}`, its body
 * the core's input Schema (or `body`, where the path names a field of it).
 */
export const linkageWrite = <const Name extends string, I, A>(spec: {
  readonly name: Name
  readonly input: Schema.Codec<I, unknown>
  readonly output: Schema.Top
  readonly toJson: (output: A) => unknown
  readonly summary: Label
  readonly description: string
  readonly path: string
  readonly operationId: string
  readonly example: unknown
  /** The documented body, where the path fills a field of the input (default: the input). */
  readonly body?: Schema.Top
  readonly params?: HttpBinding<A>["params"]
  readonly ok?: Partial<AnswerDoc>
  /** The record's URL below /api/v1/linkage, and its description. */
  readonly location?: { readonly of: (output: A) => string; readonly description: string }
  readonly notFound?: string
  readonly conflict?: string
}): OperationSpec<Name, I, A> => {
  const location = spec.location
  return {
    name: spec.name,
    write: true,
    permission: "linkage.write",
    input: spec.input,
    output: spec.output,
    toJson: spec.toJson,
    summary: spec.summary,
    description: `${spec.description} The body is decoded with the core's input schema (unknown fields rejected).`,
    http: {
      method: "post",
      path: `${linkageBase}${spec.path}`,
      operationId: spec.operationId,
      tag: "linkage",
      ...(spec.params === undefined ? {} : { params: spec.params }),
      body: {
        identifier: spec.operationId,
        schema: spec.body ?? spec.input,
        example: spec.example,
        description: bodyNote
      },
      ok: {
        description: "Recorded (or the first result again, for a repeated idempotency key).",
        ...spec.ok
      },
      ...(location === undefined
        ? {}
        : {
            location: {
              of: (output: A) => `${linkageBase}${location.of(output)}`,
              description: location.description
            }
          }),
      ...(spec.notFound === undefined ? {} : { notFound: spec.notFound }),
      ...(spec.conflict === undefined ? {} : { conflict: spec.conflict })
    }
  }
}

/**
 * A read of one linkage record by what its path names (every signed-in role: `dashboard.read`):
 * `GET /api/v1/linkage{path}`, answering 404 for what no record has.
 */
export const linkageGet = <const Name extends string, I, A>(spec: {
  readonly name: Name
  readonly input: Schema.Codec<I, unknown>
  readonly output: Schema.Top
  readonly toJson: (output: A) => unknown
  readonly summary: Label
  readonly description: string
  readonly path: string
  readonly operationId: string
  readonly params: NonNullable<HttpBinding<A>["params"]>
  readonly ok: AnswerDoc
  readonly notFound: string
}): OperationSpec<Name, I, A> => ({
  name: spec.name,
  write: false,
  permission: "dashboard.read",
  input: spec.input,
  output: spec.output,
  toJson: spec.toJson,
  summary: spec.summary,
  description: spec.description,
  http: {
    method: "get",
    path: `${linkageBase}${spec.path}`,
    operationId: spec.operationId,
    tag: "linkage",
    params: spec.params,
    ok: spec.ok,
    notFound: spec.notFound
  }
})
