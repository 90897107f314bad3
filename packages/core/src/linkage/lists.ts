import { Effect } from "effect"
import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely"
import { type FieldIssue, NotFoundError, ValidationError } from "../errors.js"
import { fromFen, type Yuan } from "../money/index.js"
import type { FacadeOverride } from "../operations/operation.js"
import { isValidUscc } from "../registry/codes.js"
import type { StoreError } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { sayAt } from "../text/messages.js"
import { controlCharacterSaid } from "../text/text.js"
import { dateIssue } from "../time/index.js"
import type { ClaimKind, LoanPilot, PolicyPilot } from "./schema.js"
import type { ListCount, PageWindow, RecordFilter } from "./store.js"

// The list reads of the linkage pilots: their filters, their pages (cut in SQL with the total) and the
// checks of both, shared by every pilot's service.

/** Filters of the list reads. Dates are each record's own date (disbursed, starts, claimed, issued, …). */
export interface LinkageListQuery {
  /** The enterprise's credit code. */
  readonly enterprise?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  /** Default true: reversed records are history and are listed (with `reversedBy`). */
  readonly includeReversed?: boolean | undefined
  /** The search box: records whose searched columns contain it, any case (the list's {@link ListShape}). */
  readonly q?: string | undefined
  /** A column to sort by, `-` before it for descending (the list's {@link ListShape}); ties by id. */
  readonly sort?: string | undefined
}

/**
 * How a list is searched and sorted, declared once per list (beside its declaration, `declare.ts`
 * `linkageList({ shape })`, which documents `q` and `sort` from it; its service's `listed` reads it): the
 * columns it sorts by, each an item's wire field (its column's key, `amount`, `enterprise.name`) and the SQL
 * column of the list's query, and the text columns `q` searches. Pages stay stable: ties by id.
 */
export interface ListShape {
  readonly sorts: Readonly<Record<string, string>>
  readonly search: ReadonlyArray<string>
  /** The money column whose exact sum over the filtered rows a page answers as `amount`: its item field and SQL column (fen). */
  readonly sum?: { readonly field: string; readonly column: string }
  /** What `q` searches, in words (the document's description of `q`). */
  readonly searches: string
}

/** Every `sort` a shape takes: each column, and `-` before it for descending. */
export const sortsOf = (shape: ListShape): ReadonlyArray<string> =>
  Object.keys(shape.sorts).flatMap((key) => [key, `-${key}`])

/** `%` `_` and `\` match themselves in a LIKE pattern with `escape '\'`. */
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The search's condition: any searched column containing `q`, any case (the same SQL on both dialects). */
const searchOf = (shape: ListShape, q: string): RawBuilder<SqlBool> => {
  const pattern = `%${likeText(q.trim().toUpperCase())}%`
  return sql<SqlBool>`(${sql.join(
    shape.search.map((column) => sql`upper(${sql.ref(column)}) like ${pattern} escape '\\'`),
    sql` or `
  )})`
}

/** What is wrong with a list's `q` and `sort`, each naming its field. */
export const shapeIssues = (
  shape: ListShape | undefined,
  query: LinkageListQuery
): ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  const q: unknown = query.q
  if (q !== undefined) {
    if (shape === undefined) issues.push(sayAt("q", "list-no-search"))
    else if (typeof q !== "string" || q.trim() === "") issues.push(sayAt("q", "non-empty-text"))
    else {
      const problem = controlCharacterSaid(q)
      if (problem !== undefined) issues.push({ path: "q", ...problem })
    }
  }
  const sort: unknown = query.sort
  if (sort !== undefined) {
    const allowed = shape === undefined ? [] : sortsOf(shape)
    if (typeof sort !== "string" || !allowed.includes(sort))
      issues.push(
        allowed.length === 0
          ? sayAt("sort", "list-no-other-order")
          : sayAt("sort", "one-of", { allowed: allowed.join(", ") })
      )
  }
  return issues
}

/**
 * A list read's store filter with its search's condition (`where`) and its page with its sort's order
 * (none for a keyset read, which keeps the list's own order), from the query's `q` and `sort` as `shape`
 * declares them.
 */
export const withShape = <F extends RecordFilter>(
  shape: ListShape | undefined,
  query: LinkageListQuery,
  filter: F,
  page?: PageWindow
): { readonly filter: F; readonly page: PageWindow | undefined } => {
  const { q, sort } = query
  const key = sort?.startsWith("-") ? sort.slice(1) : sort
  const column = shape === undefined || key === undefined ? undefined : shape.sorts[key]
  const where = shape === undefined || q === undefined ? undefined : searchOf(shape, q)
  const sum = shape?.sum?.column
  return {
    filter: where === undefined && sum === undefined ? filter : { ...filter, where, sum },
    page:
      page === undefined || page.after !== undefined || column === undefined
        ? page
        : { ...page, order: { column, descending: sort?.startsWith("-") === true } }
  }
}

export interface EventsQuery {
  /** Default false: the journey shows what stands. */
  readonly includeReversed?: boolean | undefined
}

export type LoanListQuery = LinkageListQuery & { readonly pilot?: LoanPilot | undefined }
export type PolicyListQuery = LinkageListQuery & { readonly pilot?: PolicyPilot | undefined }
export type ClaimListQuery = LinkageListQuery & {
  readonly kind?: ClaimKind | undefined
  /** The paying pool's code. */
  readonly pool?: string | undefined
}
export interface TierTableListQuery {
  readonly modelVersion?: string | undefined
  /** Default true. */
  readonly includeReversed?: boolean | undefined
}
export interface PoolListQuery {
  /** Default false: live pools only. */
  readonly includeReversed?: boolean | undefined
}

/** One page of a list: `limit` records (1–500) from `offset` (default 0), in the list's own order. */
export interface LinkagePageQuery {
  readonly limit: number
  readonly offset?: number | undefined
  /**
   * The exports' keyset read (never a parameter of the API): the records after the one with this id, in
   * the list's order, instead of `offset`; the page's `total` is not counted (-1).
   */
  readonly after?: number | undefined
}

/** Neither `limit` nor `offset`: the whole list. */
export interface WholeList {
  readonly limit?: undefined
  readonly offset?: undefined
}

/** A page of a list and how many records the whole list (with the same filters) has. */
export interface LinkagePage<T> {
  readonly items: ReadonlyArray<T>
  readonly total: number
  /** A list with a declared sum (`ListShape.sum`): that column summed over every filtered row, exactly. */
  readonly amount?: Yuan
  readonly limit: number
  readonly offset: number
}

export type ReadError = ValidationError | StoreError

/**
 * A list read: with `limit` (and `offset`) one page cut in SQL with the total count; without them the
 * whole list, as before. Bad filters or paging are a ValidationError naming the field.
 */
export interface ListRead<O, Q> {
  (query: Q & LinkagePageQuery): Effect.Effect<LinkagePage<O>, ReadError>
  (query?: Q & WholeList): Effect.Effect<ReadonlyArray<O>, ReadError>
}

/** A list read of one parent record's children (a pool's deposits, a loan's warrant events). */
export interface ChildListRead<K, O, E> {
  (parent: K, page: LinkagePageQuery): Effect.Effect<LinkagePage<O>, E | ReadError>
  (parent: K): Effect.Effect<ReadonlyArray<O>, E | StoreError>
}

/** The Promise form of a {@link ListRead} (the facade's). */
export interface ListReader<O, Q> {
  (query: Q & LinkagePageQuery): Promise<LinkagePage<O>>
  (query?: Q & WholeList): Promise<ReadonlyArray<O>>
}

/** The Promise form of a {@link ChildListRead} (the facade's). */
export interface ChildListReader<K, O> {
  (parent: K, page: LinkagePageQuery): Promise<LinkagePage<O>>
  (parent: K): Promise<ReadonlyArray<O>>
}

/** The latest live records across kinds (`Linkage.recent`): dated on or before `to`, `limit` 1–100 (default 10). */
export interface RecentQuery {
  readonly to?: string | undefined
  readonly limit?: number | undefined
}

type MaybePaged = { readonly limit?: number | undefined; readonly offset?: number | undefined }
export const isPaged = (query: MaybePaged | undefined): boolean =>
  query?.limit !== undefined || query?.offset !== undefined

/** A declared list read's decoded input as the core's page query: without `limit`, a page of 50. */
export const asPage = <Q>(input: unknown): Q & LinkagePageQuery => {
  const query = input as Q & { readonly limit?: number | undefined }
  return { ...query, limit: query.limit ?? 50 }
}

/**
 * The facade's {@link ListReader} of a declared list read: with `limit` or `offset`, the declared read
 * (`invoke`: the input decoded, one page); without, the whole list (`whole`), as the facade always answered.
 */
export const listFacade =
  <O, Q, R>(
    whole: (query: (Q & WholeList) | undefined) => Effect.Effect<ReadonlyArray<O>, unknown, R>
  ): FacadeOverride<LinkagePage<O>, R, ListReader<O, Q>> =>
  (invoke, run) => {
    function reader(query: Q & LinkagePageQuery): Promise<LinkagePage<O>>
    function reader(query?: Q & WholeList): Promise<ReadonlyArray<O>>
    function reader(query?: Q & MaybePaged): Promise<LinkagePage<O> | ReadonlyArray<O>> {
      return isPaged(query) ? invoke(query) : run(whole(query as (Q & WholeList) | undefined))
    }
    return reader
  }

/**
 * The facade's {@link ChildListReader} of a declared list read of a parent's children: with a page, the
 * declared read (the parent as input `field`); without, every child (`whole`).
 */
export const childListFacade =
  <K, O, R>(
    field: string,
    whole: (parent: K) => Effect.Effect<ReadonlyArray<O>, unknown, R>
  ): FacadeOverride<LinkagePage<O>, R, ChildListReader<K, O>> =>
  (invoke, run) => {
    function reader(parent: K, page: LinkagePageQuery): Promise<LinkagePage<O>>
    function reader(parent: K): Promise<ReadonlyArray<O>>
    function reader(parent: K, page?: LinkagePageQuery): Promise<LinkagePage<O> | ReadonlyArray<O>> {
      return page === undefined ? run(whole(parent)) : invoke({ ...page, [field]: parent })
    }
    return reader
  }

/** `limit` 1–500 and `offset` ≥ 0, whole numbers. */
export const pageIssues = (query: MaybePaged): ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  const { limit, offset } = query
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 500))
    issues.push(sayAt("limit", "whole-number-range", { min: "1", max: "500" }))
  if (offset !== undefined && !(Number.isSafeInteger(offset) && offset >= 0))
    issues.push(sayAt("offset", "whole-number-at-least", { min: "0" }))
  return issues
}

/** Issues of the filters every dated list takes: real dates, `to` not before `from`, a valid credit code. */
export const linkageListIssues = (query: LinkageListQuery): ReadonlyArray<FieldIssue> => {
  const issues: Array<FieldIssue> = []
  const date = (key: "from" | "to") => {
    const value: unknown = query[key]
    if (value === undefined) return true
    const issue = dateIssue(key, value)
    if (issue !== undefined) issues.push(issue)
    return issue === undefined
  }
  const fromOk = date("from")
  const toOk = date("to")
  if (fromOk && toOk && query.from !== undefined && query.to !== undefined && query.to < query.from)
    issues.push(sayAt("to", "to-before-from", { from: query.from }))
  const enterprise: unknown = query.enterprise
  if (enterprise !== undefined && !(typeof enterprise === "string" && isValidUscc(enterprise)))
    issues.push(sayAt("enterprise", "uscc-invalid"))
  return issues
}

export const oneOfIssue = (
  path: string,
  value: unknown,
  allowed: ReadonlyArray<string>
): ReadonlyArray<FieldIssue> =>
  value === undefined || (typeof value === "string" && allowed.includes(value))
    ? []
    : [sayAt(path, "one-of", { allowed: allowed.join(", ") })]

/** A pool's code can only be a lowercase slug: anything else names no pool. */
export const isPoolCode = (code: unknown): code is string =>
  typeof code === "string" && code.length <= 64 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code)

/**
 * A {@link ListRead} over `find` and `count` (`issues` checks the filters): the whole list without paging,
 * else the page and the total, both in SQL.
 */
export const makeListRead = <O, Q extends object>(spec: {
  readonly name: string
  readonly inDb: <A>(run: () => Promise<A>) => Effect.Effect<A, StoreError>
  readonly issues: (query: Q) => ReadonlyArray<FieldIssue>
  readonly find: (query: Q, page?: PageWindow) => Promise<ReadonlyArray<O>>
  /** The filtered rows' count, and with a declared sum their sum in fen (`ListCount`). */
  readonly count: (query: Q) => Promise<ListCount>
}): ListRead<O, Q> => {
  function read(query: Q & LinkagePageQuery): Effect.Effect<LinkagePage<O>, ReadError>
  function read(query?: Q & WholeList): Effect.Effect<ReadonlyArray<O>, ReadError>
  function read(
    raw?: Q & MaybePaged
  ): Effect.Effect<LinkagePage<O>, ReadError> | Effect.Effect<ReadonlyArray<O>, ReadError> {
    const query = raw ?? ({} as Q & MaybePaged)
    const paged = isPaged(query)
    const issues = [...spec.issues(query), ...(paged ? pageIssues(query) : [])]
    const span = Effect.withSpan(`Linkage.${spec.name}`)
    if (issues.length > 0) return span(Effect.fail(new ValidationError({ issues })))
    if (!paged) return span(spec.inDb(() => spec.find(query)))
    const page = { limit: query.limit ?? 50, offset: query.offset ?? 0 }
    const after = (query as { readonly after?: number | undefined }).after
    return span(
      spec.inDb(async () => {
        const items = await spec.find(query, { ...page, after })
        if (after !== undefined) return { items, total: -1, ...page }
        const counted = await spec.count(query)
        return typeof counted === "number"
          ? { items, total: counted, ...page }
          : { items, total: counted.count, amount: fromFen(counted.fen), ...page }
      })
    )
  }
  return read
}

/** The store's filter of a dated list: reversed records listed unless `includeReversed: false`. */
export const listFilter = (q: LinkageListQuery) => ({
  enterpriseUscc: q.enterprise,
  from: q.from,
  to: q.to,
  includeReversed: q.includeReversed ?? true
})

/** The list reads of a pilot service over the instance's database. */
export const listReads = (
  db: Kysely<DB>,
  inDb: <A>(run: () => Promise<A>) => Effect.Effect<A, StoreError>
) => {
  /**
   * A dated list: `filter` turns the query into the store's filter, `more` checks its own filters, `shape`
   * (its declared search and sorts) reads `q` and `sort`.
   */
  const listed = <O, Q extends LinkageListQuery, F extends RecordFilter>(
    name: string,
    filter: (query: Q) => F,
    find: (db: Kysely<DB>, filter: F, page?: PageWindow) => Promise<ReadonlyArray<O>>,
    count: (db: Kysely<DB>, filter: F) => Promise<ListCount>,
    more: (query: Q) => ReadonlyArray<FieldIssue> = () => [],
    shape?: ListShape
  ): ListRead<O, Q> =>
    makeListRead<O, Q>({
      name,
      inDb,
      issues: (q) => [...linkageListIssues(q), ...more(q), ...shapeIssues(shape, q)],
      find: (q, window) => {
        const { filter: f, page } = withShape(shape, q, filter(q), window)
        return find(db, f, page)
      },
      count: (q) => count(db, withShape(shape, q, filter(q)).filter)
    })

  /**
   * The children of a parent record (a loan's warrant events, a pool's deposits): `parent` finds the
   * parent's key (or fails), `find` and `count` read its children.
   */
  const children = <K, P, O, E>(
    name: string,
    parent: (key: K) => Effect.Effect<P, E | StoreError>,
    find: (parent: P, page?: PageWindow) => Promise<ReadonlyArray<O>>,
    count: (parent: P) => Promise<number>
  ): ChildListRead<K, O, E> => {
    function read(key: K, page: LinkagePageQuery): Effect.Effect<LinkagePage<O>, E | ReadError>
    function read(key: K): Effect.Effect<ReadonlyArray<O>, E | StoreError>
    function read(
      key: K,
      page?: LinkagePageQuery
    ): Effect.Effect<LinkagePage<O>, E | ReadError> | Effect.Effect<ReadonlyArray<O>, E | StoreError> {
      const span = Effect.withSpan(`Linkage.${name}`)
      if (page === undefined) return span(parent(key).pipe(Effect.flatMap((p) => inDb(() => find(p)))))
      const issues = pageIssues(page)
      if (issues.length > 0) return span(Effect.fail(new ValidationError({ issues })))
      const window = { limit: page.limit, offset: page.offset ?? 0 }
      const after = page.after
      return span(
        parent(key).pipe(
          Effect.flatMap((p) =>
            inDb(async () => ({
              items: await find(p, { ...window, after }),
              total: after === undefined ? await count(p) : -1,
              ...window
            }))
          )
        )
      )
    }
    return read
  }

  /** One record by its key, or the NotFoundError naming it. */
  const one =
    <K extends number | string, O>(
      name: string,
      entity: string,
      load: (db: Kysely<DB>, key: K) => Promise<O | undefined>
    ) =>
    (key: K): Effect.Effect<O, NotFoundError | StoreError> =>
      inDb(() => load(db, key)).pipe(
        Effect.flatMap((found) =>
          found === undefined
            ? Effect.fail(new NotFoundError({ entity, id: String(key) }))
            : Effect.succeed(found)
        ),
        Effect.withSpan(`Linkage.${name}`)
      )

  return { listed, children, one }
}
