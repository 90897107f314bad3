import {
  bondToJson,
  ClaimKind,
  claimToJson,
  coInvestmentToJson,
  controlCharacterProblem,
  depositToJson,
  interestSubsidyToJson,
  isValidUscc,
  type Kejin,
  type LinkagePage,
  type LinkagePageQuery,
  LoanPilot,
  linkageLoanToJson,
  linkageReversalToJson,
  linkageSummaryToJson,
  NotFoundError,
  PolicyPilot,
  policyToJson,
  poolToJson,
  scoreToJson,
  tierTableToJson,
  todayInShanghai,
  warrantEventToJson
} from "@kejin/core"
import { type Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { problem } from "../problem.js"
import { badQuery, onlyParams, pageQuery, pageToJson, queryChecks } from "./query.js"
import { fail, pathId } from "./route.js"

/** The filters every dated list of the core takes (`LinkageListQuery`). */
const listFilters = ["enterprise", "from", "to", "includeReversed"] as const

/** A pool's code is a lowercase slug: a path naming anything else names no pool (404). */
const isPoolCode = (code: string): boolean => code.length <= 64 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code)

type BaseQuery = {
  readonly enterprise: string | undefined
  readonly from: string | undefined
  readonly to: string | undefined
  readonly includeReversed: boolean | undefined
}

/** Optional fields where the value is undefined (the core's queries are exact about absence). */
type Defined<T> = { readonly [K in keyof T]?: Exclude<T[K], undefined> }
const defined = <T extends Record<string, unknown>>(o: T): Defined<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>

/**
 * The reads of the linkage pilots of section (五), mounted at `/api/v1/linkage` (every signed-in role:
 * `dashboard.read`). The writes (`POST /loans/investment`, `/loans/index`, `/loans/{id}/warrant-exercises`,
 * `/loans/{id}/warrant-exits`, `/tier-tables`, `/scores`, `/policies/investment`, `/policies/transfer`,
 * `/pools`, `/pools/{code}/rules`, `/pools/{code}/deposits`, `/claims/transfer`, `/claims/compensation`,
 * `/subsidies`, `/co-investments`, `/bonds`, `/reversals`) are derived from their declarations
 * (@kejin/core linkage/*\/operations.ts). Reads:
 *
 * - `GET /summary?from&to`: each pilot's figures for the period (default: the current calendar year in
 *   Asia/Shanghai; one bound alone stands for its own calendar year's other bound);
 * - `GET /loans` (pilot, enterprise, from, to, includeReversed), `GET /loans/{id}`,
 *   `GET /loans/{id}/warrant-events`; `GET /tier-tables` (modelVersion), `GET /scores`;
 * - `GET /policies` (pilot, …), `GET /policies/{id}`; `GET /pools`, `GET /pools/{code}`,
 *   `GET /pools/{code}/deposits`; `GET /claims` (kind, pool, …), `GET /claims/{id}`;
 * - `GET /subsidies`, `GET /co-investments`, `GET /bonds`, `GET /reversals`.
 *
 * Every list here is `{ items, total, limit, offset }`, the page cut by the core in SQL (in a stable order:
 * the record's date, then id). A bad query parameter (a date, `to` before `from`, a credit code, a pool
 * code, a control character) is a 400 naming it; a path code that no pool can have is a 404.
 */
export const linkageApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()
  const l = kejin.linkage

  /**
   * A paged list over `LinkageListQuery` (enterprise, from, to, includeReversed) plus `extra` filters,
   * read by `check` (which returns them for the core, or pushes errors to `checks`).
   */
  const list = <O, J, Q extends Record<string, unknown> = Record<never, never>>(
    path: string,
    read: (query: Defined<BaseQuery & Q> & LinkagePageQuery) => Promise<LinkagePage<O>>,
    toJson: (o: O) => J,
    extra: ReadonlyArray<string> = [],
    check: (checks: ReturnType<typeof queryChecks>, filters: Record<string, string | undefined>) => Q = () =>
      ({}) as Q
  ) =>
    api.get(path, async (c) => {
      const query = pageQuery(c, [...listFilters, ...extra])
      if (query.problem) return problem(c, query.problem)
      const filters = query.filters as Record<string, string | undefined>
      const checks = queryChecks()
      const { enterprise } = filters
      if (enterprise !== undefined && !isValidUscc(enterprise))
        checks.errors.push({ field: "enterprise", reason: "must be a valid unified social credit code" })
      const { from, to } = checks.dates(filters.from, filters.to)
      const includeReversed = checks.boolean("includeReversed", filters.includeReversed)
      const more = check(checks, filters)
      const bad = checks.problem()
      if (bad) return problem(c, bad)
      try {
        const page = { limit: query.limit, offset: query.offset }
        const found = await read({ ...defined({ enterprise, from, to, includeReversed, ...more }), ...page })
        return c.json(pageToJson(found, toJson))
      } catch (error) {
        return fail(c, error)
      }
    })

  /** A paged list without filters (`read` gets the page; it may answer 404 for its parent). */
  const plainList = <O, J>(
    path: string,
    read: (c: Context, page: LinkagePageQuery) => Promise<LinkagePage<O>>,
    toJson: (o: O) => J
  ) =>
    api.get(path, async (c) => {
      const query = pageQuery(c, [])
      if (query.problem) return problem(c, query.problem)
      try {
        return c.json(pageToJson(await read(c, { limit: query.limit, offset: query.offset }), toJson))
      } catch (error) {
        return fail(c, error)
      }
    })

  /** The pool the path's code names: NotFoundError when no pool can have it (never sent to the store). */
  const poolCodeOf = (c: Context): string => {
    const code = c.req.param("code") ?? ""
    if (!isPoolCode(code)) throw new NotFoundError({ entity: "pool", id: code })
    return code
  }

  /** The `entity` the path's id names: NotFoundError when nothing can have the id (never sent to the store). */
  const idOf = (c: Context, entity: string): number => {
    const id = pathId(c)
    if (id === undefined) throw new NotFoundError({ entity, id: c.req.param("id") ?? "" })
    return id
  }

  // ------------------------------------------------------------------------------------------ summary

  api.get("/summary", async (c) => {
    const query = onlyParams(c, ["from", "to"])
    if (query.problem) return problem(c, query.problem)
    const checks = queryChecks()
    const from = checks.date("from", query.params.from)
    const to = checks.date("to", query.params.to)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      // Default: the calendar year (Asia/Shanghai) of the bound given, or of today by the core's clock.
      const year = (from ?? to ?? (await kejin.run(todayInShanghai))).slice(0, 4)
      const period = { from: from ?? `${year}-01-01`, to: to ?? `${year}-12-31` }
      if (period.to < period.from) {
        const reason = `must not be before from (${period.from})`
        return problem(c, badQuery([{ field: "to", reason }]))
      }
      return c.json(linkageSummaryToJson(await l.summary(period)))
    } catch (error) {
      return fail(c, error)
    }
  })

  // ------------------------------------------------------------------------- 投贷联动, 科创指数贷

  list(
    "/loans",
    (q) => l.loans(q),
    linkageLoanToJson,
    ["pilot"],
    (checks, f) => ({
      pilot: checks.oneOf("pilot", f.pilot, LoanPilot.literals)
    })
  )

  plainList(
    "/loans/:id{[0-9]+}/warrant-events",
    async (c, page) => {
      const id = idOf(c, "loan")
      await l.loan(id) // 404 for a loan that does not exist (the core lists none for it)
      return l.warrantEvents(id, page)
    },
    warrantEventToJson
  )

  // ------------------------------------------------------------------------------ tier tables, scores

  api.get("/tier-tables", async (c) => {
    const query = pageQuery(c, ["modelVersion"])
    if (query.problem) return problem(c, query.problem)
    const { modelVersion } = query.filters
    const bad = modelVersion === undefined ? undefined : controlCharacterProblem(modelVersion)
    if (bad !== undefined) return problem(c, badQuery([{ field: "modelVersion", reason: bad }]))
    try {
      const page = { limit: query.limit, offset: query.offset }
      const tables = await l.tierTables(modelVersion === undefined ? page : { modelVersion, ...page })
      return c.json(pageToJson(tables, tierTableToJson))
    } catch (error) {
      return fail(c, error)
    }
  })
  list("/scores", (q) => l.scores(q), scoreToJson)

  // ------------------------------------------------------------ 投保联动, 科技成果转化保险

  list(
    "/policies",
    (q) => l.policies(q),
    policyToJson,
    ["pilot"],
    (checks, f) => ({
      pilot: checks.oneOf("pilot", f.pilot, PolicyPilot.literals)
    })
  )

  // ------------------------------------------------------------------- pools (二次救济, 风险补偿)

  plainList("/pools", (_c, page) => l.pools(page), poolToJson)
  plainList("/pools/:code/deposits", async (c, page) => l.deposits(poolCodeOf(c), page), depositToJson)

  // ---------------------------------------------------------------------------------------- claims

  list(
    "/claims",
    (q) => l.claims(q),
    claimToJson,
    ["kind", "pool"],
    (checks, f) => {
      const { pool } = f
      if (pool !== undefined && !isPoolCode(pool))
        checks.errors.push({
          field: "pool",
          reason: "must be a pool code: a lowercase slug of at most 64 characters (letters, digits, hyphens)"
        })
      return { kind: checks.oneOf("kind", f.kind, ClaimKind.literals), pool }
    }
  )

  // ------------------------------------------------------- 贴息, 投投联动, 科技创新债券

  list("/subsidies", (q) => l.subsidies(q), interestSubsidyToJson)
  list("/co-investments", (q) => l.coInvestments(q), coInvestmentToJson)
  list("/bonds", (q) => l.bonds(q), bondToJson)

  // ------------------------------------------------------------------------------------- reversals

  plainList("/reversals", (_c, page) => l.reversals(page), linkageReversalToJson)

  return api
}
