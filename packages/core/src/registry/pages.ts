import { Effect } from "effect"
import { Enterprises } from "./enterprises.js"
import { Institutions } from "./institutions.js"
import type { Enterprise, EnterpriseStage, Institution, InstitutionKind, TechCategory } from "./schema.js"

/** One page of a list: `items` from `offset`, at most `limit`, of `total` matching. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly total: number
  readonly limit: number
  readonly offset: number
}

export interface PageQuery {
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

const pageOf = <A>(all: ReadonlyArray<A>, query: PageQuery): Page<A> => {
  const limit = query.limit ?? 50
  const offset = query.offset ?? 0
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset }
}

/** The enterprises read per query when the whole registry is filtered. */
const CORE_PAGE = 1000

export interface EnterprisePageQuery extends PageQuery {
  readonly uscc?: string | undefined
  /** The current district. */
  readonly district?: string | undefined
  readonly stage?: EnterpriseStage | undefined
  readonly techCategory?: TechCategory | undefined
  /** The current district is a Wenzhou one. */
  readonly local?: boolean | undefined
}

/**
 * A page of the enterprises matching every filter given, by id (`GET /api/v1/enterprises`). `uscc` alone is
 * a direct lookup; the other filters are applied over the whole registry, read in pages of 1000.
 */
export const enterprisePage = Effect.fn("Registry.enterprisePage")(function* (query: EnterprisePageQuery) {
  const enterprises = yield* Enterprises
  let candidates: ReadonlyArray<Enterprise>
  if (query.uscc !== undefined) {
    candidates = yield* enterprises.byUscc(query.uscc).pipe(
      Effect.map((e) => [e]),
      Effect.catchTag("NotFoundError", () => Effect.succeed([]))
    )
  } else {
    const all: Array<Enterprise> = []
    for (let offset = 0; ; offset += CORE_PAGE) {
      const page = yield* enterprises
        .list({ limit: CORE_PAGE, offset })
        .pipe(Effect.catchTag("ValidationError", (e) => Effect.die(e)))
      all.push(...page)
      if (page.length < CORE_PAGE) break
    }
    candidates = all
  }
  return pageOf(candidates.filter(matches(query)), query)
})

/** Whether an enterprise passes the page's filters (other than `uscc`). */
const matches = (query: EnterprisePageQuery) => (e: Enterprise) =>
  (query.district === undefined || e.district === query.district) &&
  (query.stage === undefined || e.stage === query.stage) &&
  (query.techCategory === undefined || e.techCategory === query.techCategory) &&
  (query.local === undefined || e.local === query.local)

/**
 * The exports' keyset read of {@link enterprisePage}: at most `limit` enterprises matching the filters after
 * id `after`, by id, and the id the next batch starts after (null once the registry is read to its end).
 * The registry is read from `after` in pages of 1000 until `limit` match, never from its start.
 */
export const enterprisesAfter = Effect.fn("Registry.enterprisesAfter")(function* (
  query: EnterprisePageQuery,
  batch: { readonly limit: number; readonly after?: number | undefined }
) {
  const enterprises = yield* Enterprises
  const after = batch.after ?? 0
  if (query.uscc !== undefined) {
    const found = yield* enterprises.byUscc(query.uscc).pipe(
      Effect.map((e) => [e]),
      Effect.catchTag("NotFoundError", () => Effect.succeed([]))
    )
    return { items: found.filter((e) => e.id > after && matches(query)(e)), next: null }
  }
  const items: Array<Enterprise> = []
  let scanned = after
  for (;;) {
    const page = yield* enterprises
      .list({ limit: CORE_PAGE, afterId: scanned })
      .pipe(Effect.catchTag("ValidationError", (e) => Effect.die(e)))
    for (const e of page) {
      if (!matches(query)(e)) continue
      items.push(e)
      if (items.length === batch.limit) return { items, next: e.id }
    }
    const last = page.at(-1)
    if (page.length < CORE_PAGE || last === undefined) return { items, next: null }
    scanned = last.id
  }
})

export interface InstitutionPageQuery extends PageQuery {
  readonly kind?: InstitutionKind | undefined
  readonly uscc?: string | undefined
}

/** A page of the institutions of `kind` and `uscc` (each if given), by kind then name. */
export const institutionPage = Effect.fn("Registry.institutionPage")(function* (query: InstitutionPageQuery) {
  const institutions = yield* Institutions
  const all: ReadonlyArray<Institution> = yield* institutions.list(
    query.kind === undefined ? {} : { kind: query.kind }
  )
  return pageOf(query.uscc === undefined ? all : all.filter((i) => i.uscc === query.uscc), query)
})
