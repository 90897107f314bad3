import { Effect, Schema } from "effect"
import { toWire } from "../money/index.js"
import { listItemOf } from "../operations/columns.js"
import {
  type AnswerDoc,
  type AnyOperation,
  type HttpBinding,
  type Label,
  type Module,
  type OperationSpec,
  type PathParameter,
  type QueryParameter,
  withKeyset
} from "../operations/operation.js"
import { checkMessage } from "../text/messages.js"
import { exampleUscc } from "./examples.js"
import { type LinkagePage, type ListShape, sortsOf } from "./lists.js"
import { LinkageId, LinkageListFilters, PoolCodeText } from "./wire.js"

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
  readonly importKind?: string
  readonly importRefs?: OperationSpec<Name, I, A>["importRefs"]
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
    ...(spec.importKind === undefined ? {} : { importKind: spec.importKind }),
    ...(spec.importRefs === undefined ? {} : { importRefs: spec.importRefs }),
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

// ------------------------------------------------------------------------------------------------ lists

/** A page's `limit` and `offset` as the facade gives them (a query's digits are read as a number). */
const wholeNumber = (ok: (n: number) => boolean, message: string) =>
  Schema.Number.check(Schema.makeFilter((n: number) => ok(n) || message))

/** The input fields of a page of a list: `limit` 1–500 (default 50), `offset` ≥ 0 (default 0). */
export const PageFields = {
  limit: Schema.optional(
    wholeNumber(
      (n) => Number.isInteger(n) && n >= 1 && n <= 500,
      checkMessage("whole-number-range", { min: "1", max: "500" })
    )
  ),
  offset: Schema.optional(
    wholeNumber((n) => Number.isSafeInteger(n) && n >= 0, checkMessage("whole-number-at-least", { min: "0" }))
  )
}

/**
 * The input fields of a dated list: the page and the filters every one takes, as text the core checks
 * (`linkageListIssues`: real dates, `to` not before `from`, a valid credit code), each issue naming its field.
 */
export const ListFields = {
  ...PageFields,
  enterprise: Schema.optional(Schema.String),
  from: Schema.optional(Schema.String),
  to: Schema.optional(Schema.String),
  includeReversed: Schema.optional(Schema.Boolean),
  q: Schema.optional(Schema.String),
  sort: Schema.optional(Schema.String)
}

/**
 * The query parameters of a list's declared search and sorts (`shape`): `q` and `sort`, documented from it,
 * so that the API, the exports and the dashboard's list page (a search box, sortable column headers) take
 * them as declared, once.
 */
export const shapeParameters = (shape: ListShape): ReadonlyArray<QueryParameter> => {
  const keys = Object.keys(shape.sorts)
  return [
    {
      name: "q",
      description: `A search box: ${shape.searches} containing the text, any case; \`%\` and \`_\` are plain characters.`,
      schema: Schema.String,
      example: "温州"
    },
    {
      name: "sort",
      description:
        `The order: ${keys.join(", ")}, with \`-\` before it for descending; ties by id in the same ` +
        "direction. Default: the list's own order.",
      schema: Schema.Literals(sortsOf(shape)),
      example: `-${keys[0] ?? "id"}`
    }
  ]
}

/** The query parameters of a page. */
export const pageParameters: ReadonlyArray<QueryParameter> = [
  {
    name: "limit",
    description: "Page size, 1 to 500 (default 50).",
    schema: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 })).annotate({ default: 50 })
  },
  {
    name: "offset",
    description:
      "Items to skip (default 0). The page is cut in the database in the list's stable order; past the " +
      "end it has no items and `total` still counts the whole filtered list.",
    schema: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({ default: 0 })
  }
]

/** The page and the filters every dated list takes; `dated` says which date `from` and `to` compare with. */
export const listParameters = (dated: string): ReadonlyArray<QueryParameter> => [
  ...pageParameters,
  {
    name: "enterprise",
    description: "The enterprise's unified social credit code.",
    schema: LinkageListFilters.enterprise,
    example: exampleUscc
  },
  {
    name: "from",
    description: `${dated} on or after this date.`,
    schema: LinkageListFilters.from,
    example: "2025-01-01"
  },
  {
    name: "to",
    description: `${dated} on or before this date; before \`from\` it is a 400 naming \`to\`.`,
    schema: LinkageListFilters.to,
    example: "2025-12-31"
  },
  {
    name: "includeReversed",
    description: "`false` leaves reversed records out (default: they are listed, flagged `reversed`).",
    schema: LinkageListFilters.includeReversed,
    example: true
  }
]

/** A page of records as the wire has it: each record written by `toJson`. */
export const pageToJson =
  <O>(toJson: (o: O) => unknown) =>
  (page: LinkagePage<O>) => ({
    items: page.items.map(toJson),
    total: page.total,
    ...(page.amount === undefined ? {} : { amount: toWire(page.amount) }),
    limit: page.limit,
    offset: page.offset
  })

/**
 * A list read of the linkage pilots (every signed-in role: `dashboard.read`): `GET /api/v1/linkage{path}`,
 * one page (`{ items, total, limit, offset }`) cut in SQL; a bad query parameter is a 400 naming it.
 */
export const linkageList = <const Name extends string, I, O>(spec: {
  readonly name: Name
  readonly input: Schema.Codec<I, unknown>
  /** The page's wire Schema. */
  readonly output: Schema.Top
  /** How one record is written. */
  readonly toJson: (o: O) => unknown
  readonly summary: Label
  readonly description: string
  readonly path: string
  readonly operationId: string
  readonly query: ReadonlyArray<QueryParameter>
  /** Its search and sorts (`q`, `sort`), declared once (lists.ts `ListShape`; its service's `listed` takes it). */
  readonly shape?: ListShape
  readonly params?: HttpBinding<LinkagePage<O>>["params"]
  readonly notFound?: string
}): OperationSpec<Name, I, LinkagePage<O>> => ({
  name: spec.name,
  write: false,
  permission: "dashboard.read",
  input: spec.input,
  output: spec.output,
  toJson: pageToJson(spec.toJson),
  ...(spec.shape?.sum === undefined ? {} : { listSum: spec.shape.sum.field }),
  summary: spec.summary,
  description:
    spec.shape?.sum === undefined
      ? spec.description
      : `${spec.description} \`amount\` sums \`${spec.shape.sum.field}\` over every filtered record (all pages), exactly.`,
  http: {
    method: "get",
    path: `${linkageBase}${spec.path}`,
    operationId: spec.operationId,
    tag: "linkage",
    ...(spec.params === undefined ? {} : { params: spec.params }),
    query: spec.shape === undefined ? spec.query : [...spec.query, ...shapeParameters(spec.shape)],
    ok: { description: "One page; `total` counts the whole list with the same filters." },
    ...(spec.notFound === undefined ? {} : { notFound: spec.notFound })
  }
})

/**
 * A bound list of the pilots with its exports' keyset read (operations/operation.ts `KeysetRead`): the list's
 * own read with `after`, the id of the last record of the batch before, so each batch is the records after
 * it in the list's order (one index range, no count; lists.ts `LinkagePageQuery`, store.ts `windowed`),
 * however deep the export is. Derived once for every list of every pilot ({@link withListKeysets}).
 */
export const withLinkageKeyset = <Op extends AnyOperation>(op: Op): Op => {
  if (listItemOf(op) === undefined || op.keyset !== undefined) return op
  return withKeyset(op, (input, page, context) => {
    // Sorted otherwise (`sort`), the export reads the list page by page in that order, the cursor the
    // next page's offset.
    if ((input as { readonly sort?: string | undefined }).sort !== undefined) {
      const offset = (page.after as { readonly offset?: number } | null | undefined)?.offset ?? 0
      return Effect.map(
        op.run({ ...input, limit: Math.min(page.limit, 500), offset }, context),
        (output: unknown) => {
          const json = op.toJson(output) as { readonly items: ReadonlyArray<unknown>; readonly total: number }
          const next = offset + json.items.length
          return {
            items: json.items,
            next: json.items.length === 0 || next >= json.total ? null : { offset: next }
          }
        }
      )
    }
    return Effect.map(
      op.run({ ...input, limit: page.limit, after: page.after ?? undefined }, context),
      (output: unknown) => {
        const items = (op.toJson(output) as { readonly items: ReadonlyArray<{ readonly id: number }> }).items
        return { items, next: items.length < page.limit ? null : (items.at(-1)?.id ?? null) }
      }
    )
  })
}

/** A pilot's module, each of its lists read by keyset for its exports ({@link withLinkageKeyset}). */
export const withListKeysets = <M extends Module>(module: M): M =>
  ({ ...module, operations: module.operations.map(withLinkageKeyset) }) as M
