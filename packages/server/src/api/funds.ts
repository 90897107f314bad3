import {
  type Actor,
  ChainStage,
  type CommandOptions,
  cityFundKpisToJson,
  type DealGrouping,
  dealFiguresToJson,
  type EntryKind,
  entryKinds,
  ForbiddenError,
  type FundEntry,
  type FundGrouping,
  FundKind,
  FundStatus,
  fundEntryToJson,
  fundFiguresToJson,
  fundScopeError,
  fundToJson,
  type Kejin,
  shanghaiDateOf,
  ValidationError
} from "@kejin/core"
import { type Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { type Problem, problem } from "../problem.js"
import { readJson } from "./body.js"
import { onlyParams, pageOf, pageQuery, queryChecks } from "./query.js"
import { actorOf, commandOptions, created, fail, pathInto, writeFromBody } from "./route.js"

const dateToday = () => shanghaiDateOf(Date.now())

const fundGroupings: ReadonlyArray<FundGrouping> = ["fund", "chainStage", "manager", "kind"]
const dealGroupings: ReadonlyArray<DealGrouping> = ["district", "techCategory", "local", "fund", "all"]

/**
 * Who may read a fund's ledger (its individual entries): a fund manager only for the funds in
 * `actor.funds`; every other role with `funds.read` for every fund. Figures (metrics, groups, deals,
 * city-fund KPIs) and fund records stay readable by all: they are the city-wide monitoring DOMAIN.md
 * asks for, while the entries are another manager's business ("never touch another manager's fund").
 */
export const ledgerReadError = (actor: Actor, code: string): ForbiddenError | undefined =>
  actor.role === "fund-manager" && !(actor.funds ?? []).includes(code)
    ? new ForbiddenError({ actor: actor.id, role: actor.role, permission: `read the ledger of fund ${code}` })
    : undefined

type EntryWrite = (input: unknown, options: CommandOptions & { actor: Actor }) => Promise<FundEntry>

/**
 * The fund API, mounted at `/api/v1` (the permission guards are in app.ts; the core checks writes again,
 * fund managers included):
 *
 * - `GET /funds` (filters kind, chainStage, manager, parent, status; limit/offset) and `POST /funds` (201);
 * - `GET /funds/{code}`, `POST /funds/{code}/status` (201: the fund has a status from a date on);
 * - `GET /funds/{code}/metrics?asOf=`: DPI, RVPI, TVPI, gross MOIC, net and gross IRR with notes;
 * - `GET /funds/{code}/ledger` (filters kind, from, to, includeReversed; limit/offset): the entries,
 *   oldest first. The core returns a fund's ledger whole, so the page is cut here;
 * - `POST /funds/{code}/commitments|calls|distributions|marks|investments|valuations|exits` (201, with
 *   `Idempotency-Key`): the body is the core's input; the fund comes from the path (a `fund` in the body
 *   must match it); a call, valuation or exit must refer to an entry of that fund;
 * - `GET /fund-entries/{id}`, `POST /fund-entries/{id}/reversal` (201, body `{ reason }`);
 * - `GET /metrics/groups?by=fund|chainStage|manager|kind&asOf=`, `GET /metrics/deals?by=district|
 *   techCategory|local|fund|all&asOf=`, `GET /city-fund?asOf=`.
 *
 * Reading: see {@link ledgerReadError}. Errors are problem+json (400 query, 403, 404, 409, 422 by field).
 */
export const fundsApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()

  const entryUrl = (entry: FundEntry) => `/api/v1/fund-entries/${entry.id}`
  const entryCreated = (c: Context, entry: FundEntry) => created(c, fundEntryToJson(entry), entryUrl(entry))

  /**
   * `?asOf=` (default today in Asia/Shanghai, resolved here so the answer always names its day) and, for
   * the groupings, `?by=` (required); nothing else.
   */
  const figuresQuery = <G extends string>(
    c: Context,
    groupings?: ReadonlyArray<G>
  ):
    | { readonly problem: Problem }
    | { readonly problem?: undefined; readonly asOf: string; readonly by: G } => {
    const query = onlyParams(c, groupings === undefined ? ["asOf"] : ["by", "asOf"])
    if (query.problem) return { problem: query.problem }
    const checks = queryChecks()
    const asOf = checks.date("asOf", query.params.asOf)
    const by = groupings && checks.oneOf("by", checks.required("by", query.params.by), groupings)
    const bad = checks.problem()
    return bad ? { problem: bad } : { asOf: asOf ?? dateToday(), by: by as G }
  }

  // ------------------------------------------------------------------------------------------- funds

  api.get("/funds", async (c) => {
    const query = pageQuery(c, ["kind", "chainStage", "manager", "parent", "status"])
    if (query.problem) return problem(c, query.problem)
    const checks = queryChecks()
    const kind = checks.oneOf("kind", query.filters.kind, FundKind.literals)
    const chainStage = checks.oneOf("chainStage", query.filters.chainStage, ChainStage.literals)
    const status = checks.oneOf("status", query.filters.status, FundStatus.literals)
    const manager = checks.positiveInt("manager", query.filters.manager)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      const funds = await kejin.funds.list({ kind, chainStage, manager, parent: query.filters.parent })
      // The core has no status filter: a fund's status is its latest one, filtered here.
      const matching = status === undefined ? funds : funds.filter((f) => f.status === status)
      return c.json(pageOf(matching, query.limit, query.offset, fundToJson))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post(
    "/funds",
    writeFromBody((input, o) => kejin.funds.create(input, o), fundToJson, {
      location: (fund) => `/api/v1/funds/${fund.code}`
    })
  )

  api.get("/funds/:code", async (c) => {
    try {
      return c.json(fundToJson(await kejin.funds.get(c.req.param("code"))))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post(
    "/funds/:code/status",
    writeFromBody((input, o) => kejin.funds.setStatus(input, o), fundToJson, {
      prepare: pathInto("fund", "code")
    })
  )

  api.get("/funds/:code/metrics", async (c) => {
    const query = figuresQuery(c)
    if (query.problem) return problem(c, query.problem)
    try {
      return c.json(fundFiguresToJson(await kejin.funds.metrics(c.req.param("code"), { asOf: query.asOf })))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.get("/funds/:code/ledger", async (c) => {
    const code = c.req.param("code")
    // Scope before anything else: another manager's fund is 403 whether it exists or not.
    const forbidden = ledgerReadError(actorOf(c), code)
    if (forbidden) return fail(c, forbidden)
    const query = pageQuery(c, ["kind", "from", "to", "includeReversed"])
    if (query.problem) return problem(c, query.problem)
    const checks = queryChecks()
    const kind = checks.oneOf<EntryKind>("kind", query.filters.kind, entryKinds)
    const from = checks.date("from", query.filters.from)
    const to = checks.date("to", query.filters.to)
    const includeReversed = checks.boolean("includeReversed", query.filters.includeReversed)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      const entries = await kejin.funds.ledger(code, { kind, from, to, includeReversed })
      return c.json(pageOf(entries, query.limit, query.offset, fundEntryToJson))
    } catch (error) {
      return fail(c, error)
    }
  })

  // ------------------------------------------------------------------------------------------- entries

  /** Entries whose body names the fund: the path's code is put in (or checked against) `fund`. */
  const fundEntryRoute = (path: string, write: EntryWrite) =>
    api.post(
      `/funds/:code/${path}`,
      writeFromBody(write, fundEntryToJson, { prepare: pathInto("fund", "code"), location: entryUrl })
    )

  fundEntryRoute("commitments", (input, o) => kejin.funds.commit(input, o))
  fundEntryRoute("distributions", (input, o) => kejin.funds.distribute(input, o))
  fundEntryRoute("marks", (input, o) => kejin.funds.mark(input, o))
  fundEntryRoute("investments", (input, o) => kejin.funds.invest(input, o))

  /**
   * Entries that refer to another entry (`commitment` or `investment`), which names the fund: the
   * referred entry must belong to the fund of the path. Order: the actor's scope on the path's fund
   * (403), the fund (404), the reference (422); the core then runs every check of its own again.
   */
  const referringEntryRoute = (path: string, field: "commitment" | "investment", write: EntryWrite) =>
    api.post(`/funds/:code/${path}`, async (c) => {
      const code = c.req.param("code")
      const body = await readJson(c)
      if (body.problem) return problem(c, body.problem)
      try {
        const forbidden = fundScopeError(actorOf(c), code)
        if (forbidden) return fail(c, forbidden)
        await kejin.funds.get(code)
        const ref = (body.value as Record<string, unknown> | null)?.[field]
        if (typeof ref === "number" && Number.isSafeInteger(ref) && ref > 0) {
          const referred = await kejin.funds.entry(ref).catch(() => undefined)
          if (referred?.kind === field && referred.fund !== code) {
            const message = `${field} ${ref} is not an entry of fund ${code}`
            return fail(c, new ValidationError({ issues: [{ path: field, message }] }))
          }
        }
        return entryCreated(c, await write(body.value, commandOptions(c)))
      } catch (error) {
        return fail(c, error)
      }
    })

  referringEntryRoute("calls", "commitment", (input, o) => kejin.funds.call(input, o))
  referringEntryRoute("valuations", "investment", (input, o) => kejin.funds.value(input, o))
  referringEntryRoute("exits", "investment", (input, o) => kejin.funds.exit(input, o))

  api.get("/fund-entries/:id{[0-9]+}", async (c) => {
    try {
      const entry = await kejin.funds.entry(Number(c.req.param("id")))
      const forbidden = ledgerReadError(actorOf(c), entry.fund)
      if (forbidden) return fail(c, forbidden)
      return c.json(fundEntryToJson(entry))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/fund-entries/:id{[0-9]+}/reversal", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const reason = (body.value as { reason?: unknown } | null)?.reason
    try {
      const reversal = await kejin.funds.reverse(
        Number(c.req.param("id")),
        typeof reason === "string" ? reason : "",
        commandOptions(c)
      )
      return entryCreated(c, reversal)
    } catch (error) {
      return fail(c, error)
    }
  })

  // ------------------------------------------------------------------------------------------- figures

  /** Figures by group as of a day: `GET {path}?by=…&asOf=` with the groupings `groupings`. */
  const groupsRoute = <G extends string, F, J>(
    path: string,
    groupings: ReadonlyArray<G>,
    read: (
      by: G,
      options: { asOf: string }
    ) => Promise<ReadonlyArray<{ readonly key: string; readonly label: string; readonly figures: F }>>,
    figuresToJson: (figures: F) => J
  ) =>
    api.get(path, async (c) => {
      const query = figuresQuery(c, groupings)
      if (query.problem) return problem(c, query.problem)
      const { by } = query
      try {
        const groups = await read(by, { asOf: query.asOf })
        return c.json({
          asOf: query.asOf,
          by,
          groups: groups.map((g) => ({ key: g.key, label: g.label, figures: figuresToJson(g.figures) }))
        })
      } catch (error) {
        return fail(c, error)
      }
    })

  groupsRoute("/metrics/groups", fundGroupings, (by, o) => kejin.funds.groups(by, o), fundFiguresToJson)
  groupsRoute("/metrics/deals", dealGroupings, (by, o) => kejin.funds.deals(by, o), dealFiguresToJson)

  api.get("/city-fund", async (c) => {
    const query = figuresQuery(c)
    if (query.problem) return problem(c, query.problem)
    try {
      // The yearly direct-investment target is the configured one when the store has it (DOMAIN.md: every
      // policy figure is a target); otherwise the core's default, 5.
      const configured = (await kejin.targets.list()).find(
        (t) =>
          t.key === "city-fund-direct-investments" && t.unit === "count" && t.periodKind === "calendar-year"
      )
      const target = configured?.target.toNumber()
      const directTarget =
        target !== undefined && Number.isInteger(target) && target >= 1 ? target : undefined
      const kpis = await kejin.funds.cityFund(
        directTarget === undefined ? { asOf: query.asOf } : { asOf: query.asOf, directTarget }
      )
      return c.json(cityFundKpisToJson(kpis))
    } catch (error) {
      return fail(c, error)
    }
  })

  return api
}
