import { Effect, type Schema } from "effect"
import type { Kysely } from "kysely"
import type { Actor, Permission } from "../auth/actor.js"
import { decodeInput } from "../journal/command.js"
import type { DB } from "../store/schema.js"

/*
 * One declaration per operation. An operation says, once: its name (the journal command of a write, and
 * its place in the Promise facade: `pledges.loans.repay` is `kejin.pledges.loans.repay`), its input and
 * output Schemas, the permission it needs, whether it writes, how it is documented, and how it is reached
 * over HTTP. The facade, the HTTP routes with their validation and permission checks, the OpenAPI document
 * and the role × route test matrix are all derived from the list of modules (`modules.ts`).
 */

/** A text a person reads, in both languages of the catalogue. */
export interface Label {
  readonly zh: string
  readonly en: string
}

/** The OpenAPI tags (areas of the API). */
export type ApiTag = "pledges" | "targets" | "funds" | "registry" | "linkage" | "alerts"

/**
 * What a path parameter names. An `id` (the default) is a positive integer merged into the input as a
 * number (an id beyond 2^53 is a 404: nothing can have it); a `code` is text, merged as it is (the input's
 * Schema checks it).
 */
export interface PathParameter {
  /** The input field the parameter fills (default: the parameter's name). */
  readonly field?: string
  readonly kind?: "id" | "code"
  /** The record it names, for the 404 of an id nothing can have (`pledge loan 9007199254740993 not found`). */
  readonly entity: string
  readonly description: string
  /** The example the document shows (default 1 for an id). */
  readonly example?: string | number
  /**
   * The schema the document shows for a code (default: the input field's). For a read whose input takes
   * any text so that a malformed code is simply not found (404), as a hand-written route answered.
   */
  readonly schema?: Schema.Top
}

/** A query parameter of a read: the input field it fills (default: its own name) and its documentation. */
export interface QueryParameter {
  readonly name: string
  readonly field?: string
  readonly description: string
  readonly example?: unknown
  /** Documented as required (the input's Schema decides). */
  readonly required?: boolean
  /**
   * The schema the document shows (default: the input field's). The field's own Schema decodes the text
   * of the URL, so its wire side is a string even where the value is a number or a boolean (`manager=3`,
   * `includeReversed=false`): this says what the text must be.
   */
  readonly schema?: Schema.Top
}

/** A described HTTP answer besides the operation's own (documentation only). */
export interface AnswerDoc {
  readonly description: string
  readonly example?: unknown
}

/**
 * How a spreadsheet names a record an importable write refers to by id: by what people know it by (a
 * registration's number for its id; a registration's number and a disbursement date for a loan), looked up
 * in the import's transaction. A sheet may still give the id itself.
 */
export interface ImportRef {
  /** The input's id field it fills (`pledgeId`). */
  readonly field: string
  /** The columns that name the record (headed as the field of the same name elsewhere: 登记号, 放款日期). */
  readonly by: ReadonlyArray<{ readonly key: string; readonly type: "text" | "date" }>
  /**
   * The record's id, or why there is none (no such record; several: name it more closely), from the row's
   * `by` values and the input's own text fields (a fund's code).
   */
  readonly find: (
    db: Kysely<DB>,
    values: Readonly<Record<string, string>>
  ) => Promise<{ readonly id: number } | { readonly problem: Label }>
  /** What a form may suggest for the first `by` column (a bank's name), in a form's `<datalist>`. */
  readonly suggestions?: (db: Kysely<DB>) => Promise<ReadonlyArray<string>>
}

/**
 * The field a record of an importable kind is known by (a registration's number, an enterprise's credit
 * code) and how the stored one is found: a row naming a stored record is identical to it (skipped) or in
 * conflict with it (each field that differs said), instead of refused as a duplicate.
 */
export interface ImportKey {
  readonly field: string
  /** The live record with this key, its fields where the input has them (`pledgor.name`), or undefined. */
  readonly find: (db: Kysely<DB>, value: string) => Promise<unknown>
}

/** How an operation is reached over HTTP and how the OpenAPI document describes it. */
export interface HttpBinding<A> {
  readonly method: "get" | "post" | "patch"
  /** The path in OpenAPI form, e.g. `/api/v1/pledges/loans/{loanId}/repayments`. */
  readonly path: string
  readonly operationId: string
  readonly tag: ApiTag
  /** Every `{name}` of the path. */
  readonly params?: Readonly<Record<string, PathParameter>>
  /**
   * The query parameters a read takes, each a string on the wire filling an input field (the input's
   * Schema decodes it; a bad value is a 400 naming the parameter). Any other parameter is a 400.
   */
  readonly query?: ReadonlyArray<QueryParameter>
  /** The request body of a write: the input without the path's fields, as component `identifier`. */
  readonly body?: {
    readonly identifier: string
    readonly example: unknown
    readonly description?: string
    /** A shared body schema to use instead of deriving one (several operations send the same body). */
    readonly schema?: Schema.Top
  }
  /** The answer's description (201 of a write, 200 of a read) and its example. */
  readonly ok: AnswerDoc
  /** A write's success status (default 201; 200 for a change of a resource, e.g. a PATCH). */
  readonly status?: 200 | 201
  /** A write's new resource: the `Location` header and its description. */
  readonly location?: { readonly of: (output: A) => string; readonly description: string }
  readonly notFound?: string
  /** What else a 403 means here: the core refusing a scoped actor past the route's permission check. */
  readonly forbidden?: string
  /** What a 409 means here (writes; default: a reused idempotency key). */
  readonly conflict?: string
  /** A body the core refuses, whose 422 problem the document shows as the example (writes). */
  readonly invalid?: unknown
}

/** Who runs an operation and how: the actor and a write's idempotency key. */
export interface OperationContext {
  readonly actor: Actor
  readonly idempotencyKey?: string | undefined
}

/**
 * The declaration of an operation, before it is bound to the service that runs it: everything a caller,
 * a route, the document and a form need to know. `I` is the decoded input, `A` what the core returns.
 */
export interface OperationSpec<Name extends string = string, I = unknown, A = unknown> {
  readonly name: Name
  /**
   * A write's journal command when it is not `name`: a command journaled before it was declared keeps its
   * name, so the journal's history (and searches by command) read as one.
   */
  readonly command?: string
  readonly write: boolean
  /**
   * A write whose records a spreadsheet may bring in (`kejin import <kind>`, the dashboard's upload): the
   * kind's name. The columns are the input's fields (`imports/columns.ts`), headed as the exports head them.
   */
  readonly importKind?: string
  /**
   * An importable write's bulk form: the name of a write whose input is a list of this one's inputs, all
   * recorded at once (`pledges.recordMany`). An import sends the rows to it in chunks, and row by row only
   * where a chunk is refused (to say which rows).
   */
  readonly importBulk?: string
  /** The records an importable write names by id that a sheet may name as people do (see {@link ImportRef}). */
  readonly importRefs?: ReadonlyArray<ImportRef>
  /** What a record of an importable kind is known by (see {@link ImportKey}). */
  readonly importKey?: ImportKey
  /**
   * A read that is not a list but whose answer holds a table a page shows (a breakdown's `rows`, the
   * journey's `events`, the targets' `targets`): the field of the answer that is the table. Its exports
   * (`<path>/export.csv|xlsx`, `kejin export <kind>`) are derived as a list's are, its columns from the
   * element's wire Schema (operations/columns.ts), its filters the read's own query parameters. A read whose
   * answer holds several tables a page shows names them all, its main one first (a nested one by its path,
   * `directInvestments.projects`): the main one exports at `<path>/export.csv|xlsx`, each other at
   * `<path>/export/<its last name>.csv|xlsx`.
   */
  readonly exportTable?: string | ReadonlyArray<string>
  /**
   * A declared table's total row (a breakdown's `total`): the answer's field `from`, written as the table's
   * last row under the rows' field `into` (`measures`), its `label` saying 合计 / Total. A total is read, not
   * summed: a distinct count (enterprises) does not add up across groups.
   */
  readonly exportTotal?: { readonly from: string; readonly into: string }
  /**
   * A list whose page also answers `amount`: the exact sum over every filtered row (all pages) of its items'
   * column `listSum` (`amount`, `payout`), so a list page shows the filtered total beside the count.
   */
  readonly listSum?: string
  readonly permission: Permission
  /** The input Schema (the core decodes it: unknown fields refused, every issue named). */
  readonly input: Schema.Codec<I, unknown>
  /** The answer's wire Schema (what `toJson` writes). */
  readonly output: Schema.Top
  readonly toJson: (output: A) => unknown
  readonly summary: Label
  readonly description: string
  readonly http?: HttpBinding<A>
}

/**
 * The facade's positional form of an operation, for methods whose signature predates the declarations
 * (`loans.reverse(loanId, reason)`): the arguments become the input. Absent: `(input, options?)`.
 */
export type Positional<Args extends ReadonlyArray<unknown>> = (...args: Args) => unknown

/**
 * What the facade's method returns, for methods whose result predates the declarations: made of the
 * operation's output (`funds.groups` answers `{ asOf, by, groups }` over HTTP; the facade's `groups(by)`
 * has always returned the groups alone). Absent: the output itself.
 */
export type FacadeResult<A, R> = (output: A) => R

/**
 * Where a positional signature that predates the declarations carries the facade's options among its
 * arguments (`journey(uscc, { from, actor })`): the options they give (an explicit trailing one wins).
 */
export type PositionalOptions<Args extends ReadonlyArray<unknown>> = (
  ...args: Args
) => { readonly actor?: Actor | undefined } | undefined

/**
 * The facade's method itself, for a method whose form predates the declarations in a way `positional` and
 * `result` cannot say (an overload: a list read answering the whole list without `limit`/`offset`, one
 * page with them). It is made of `invoke`, the operation as the facade runs it (the input decoded, the
 * options' actor), and `run`, which runs an effect on the instance's services (the overload's other form).
 * `F` is the method's type, as the facade shows it.
 */
export type FacadeOverride<A, R, F> = (
  invoke: (
    input: unknown,
    options?: { readonly actor?: Actor; readonly idempotencyKey?: string | undefined }
  ) => Promise<A>,
  run: <X>(effect: Effect.Effect<X, unknown, R>) => Promise<X>
) => F

/** An operation bound to what runs it: `run` gets the raw input (a write decodes it in the command). */
export interface Operation<
  Name extends string = string,
  I = unknown,
  A = unknown,
  Args extends ReadonlyArray<unknown> = ReadonlyArray<unknown>,
  R = never
> extends OperationSpec<Name, I, A> {
  readonly run: (input: unknown, context: OperationContext) => Effect.Effect<A, unknown, R>
  readonly positional?: Positional<Args>
  readonly result?: FacadeResult<A, unknown>
  readonly positionalOptions?: PositionalOptions<Args>
  readonly facade?: FacadeOverride<A, R, unknown>
  /** A list's keyset read, for its exports (see {@link KeysetRead}); absent: they page by `limit`/`offset`. */
  readonly keyset?: KeysetRead<R>
}

/** One batch of a keyset read: the list's items as its page writes them (wire JSON), and where it stopped. */
export interface KeysetBatch {
  readonly items: ReadonlyArray<unknown>
  /** What the next batch starts after; null once this batch came back short (the list is exhausted). */
  readonly next: unknown
}

/**
 * A list's keyset read: up to `limit` items in the list's own order after `after` (the `next` of the batch
 * before; from the start without it), for a list ordered by a unique key (an id, or a date then an id). No
 * count and no offset, so each batch costs the same however deep it is (an export of a million rows reads
 * two thousand equal batches, not a growing offset). `input` is the list's input decoded, paging aside; it
 * checks what the list checks (the actor's scope too). Not an HTTP parameter: only the exports read it.
 */
export type KeysetRead<R = never> = (
  // biome-ignore lint/suspicious/noExplicitAny: the list's decoded input, whatever its Schema
  input: any,
  page: { readonly limit: number; readonly after: unknown },
  context: OperationContext
) => Effect.Effect<KeysetBatch, unknown, R>

/** Declares an operation (checked by type; nothing happens at run time). */
export const operation = <const Name extends string, I, A>(
  spec: OperationSpec<Name, I, A>
): OperationSpec<Name, I, A> => spec

/** Binds a declaration to what runs it, optionally with the facade's positional arguments. */
export function bind<const Name extends string, I, A, R>(
  spec: OperationSpec<Name, I, A>,
  run: (input: unknown, context: OperationContext) => Effect.Effect<A, unknown, R>
): Operation<Name, I, A, [input: unknown], R>
export function bind<const Name extends string, I, A, R, Args extends ReadonlyArray<unknown>>(
  spec: OperationSpec<Name, I, A>,
  run: (input: unknown, context: OperationContext) => Effect.Effect<A, unknown, R>,
  positional: Positional<Args>
): Operation<Name, I, A, Args, R> & { readonly positional: Positional<Args> }
export function bind<const Name extends string, I, A, R, Args extends ReadonlyArray<unknown>, Out>(
  spec: OperationSpec<Name, I, A>,
  run: (input: unknown, context: OperationContext) => Effect.Effect<A, unknown, R>,
  positional: Positional<Args>,
  result: FacadeResult<A, Out>
): Operation<Name, I, A, Args, R> & {
  readonly positional: Positional<Args>
  readonly result: FacadeResult<A, Out>
}
export function bind<const Name extends string, I, A, R, Args extends ReadonlyArray<unknown>>(
  spec: OperationSpec<Name, I, A>,
  run: (input: unknown, context: OperationContext) => Effect.Effect<A, unknown, R>,
  positional?: Positional<Args>,
  result?: FacadeResult<A, unknown>
): Operation<Name, I, A, Args, R> {
  return {
    ...spec,
    run,
    ...(positional === undefined ? {} : { positional }),
    ...(result === undefined ? {} : { result })
  }
}

/** A bound operation whose facade method is `facade`'s (see {@link FacadeOverride}); routes are unchanged. */
export const withFacade = <Op extends AnyOperation, A, R, F>(
  op: Op & Operation<string, unknown, A, ReadonlyArray<unknown>, R>,
  facade: FacadeOverride<A, R, F>
): Op & { readonly facade: FacadeOverride<A, R, F> } => ({ ...op, facade })

/** A bound list whose exports read it by keyset (`keyset`) rather than by `limit`/`offset`. */
export const withKeyset = <Op extends AnyOperation>(
  op: Op,
  keyset: KeysetRead<ServicesOf<Op>>
): Op & { readonly keyset: KeysetRead<ServicesOf<Op>> } => ({ ...op, keyset })

/** The services an operation's `run` needs. */
// biome-ignore lint/suspicious/noExplicitAny: any operation's other parameters
type ServicesOf<Op> = Op extends Operation<any, any, any, any, infer R> ? R : never

/** An area of the domain: the operations it declares. */
export interface Module<Ops extends ReadonlyArray<AnyOperation> = ReadonlyArray<AnyOperation>> {
  readonly id: string
  readonly operations: Ops
}

// biome-ignore lint/suspicious/noExplicitAny: any operation, whatever its input, answer and services
export type AnyOperation = Operation<string, any, any, any, any>

/** Declares a module. */
export const defineModule = <const Ops extends ReadonlyArray<AnyOperation>>(
  module: Module<Ops>
): Module<Ops> => module

/**
 * Runs an operation on a raw input: a write gets it as it came (its command decodes it inside the write
 * path, so the journal sees what was decoded), a read gets it decoded (a ValidationError naming each field
 * otherwise).
 */
export const execute = <A, R>(
  op: Operation<string, unknown, A, ReadonlyArray<unknown>, R>,
  raw: unknown,
  context: OperationContext
): Effect.Effect<A, unknown, R> =>
  op.write
    ? op.run(raw, context)
    : Effect.flatMap(decodeInput(op.input, raw), (input) => op.run(input, context))

/**
 * One batch of a list's keyset read ({@link KeysetRead}): the raw input decoded with the list's input (the
 * same ValidationError as the list's for a bad filter), then `op.keyset`. A list without one is a defect.
 */
export const executeAfter = <R>(
  op: Operation<string, unknown, unknown, ReadonlyArray<unknown>, R>,
  raw: unknown,
  page: { readonly limit: number; readonly after: unknown },
  context: OperationContext
): Effect.Effect<KeysetBatch, unknown, R> => {
  const keyset = op.keyset
  return keyset === undefined
    ? Effect.die(new Error(`${op.name} has no keyset read`))
    : Effect.flatMap(decodeInput(op.input, raw), (input) => keyset(input, page, context))
}
