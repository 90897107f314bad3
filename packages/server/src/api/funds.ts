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
  isBusinessDate,
  type Kejin,
  shanghaiDateOf,
  ValidationError
} from "@kejin/core"
import { CHANGED_EVENT } from "@kejin/ui"
import { type Context, Hono } from "hono"
import { anonymous, type KejinEnv } from "../auth/env.js"
import { type Problem, problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { pageQuery, singleValues } from "./query.js"

// ---------------------------------------------------------------------------------------------------------
// Query checks shared by the fund and registry routes (`pageQuery` handles limit, offset and unknown names)
// ---------------------------------------------------------------------------------------------------------

type FieldError = { field: string; reason: string }

export const badQuery = (errors: ReadonlyArray<FieldError>): Problem => ({
  type: "https://kejin.dev/problems/bad-query",
  title: "The query has invalid parameters",
  status: 400,
  errors
})

/** Checks query values, collecting every problem so one 400 names each bad parameter. */
export const queryChecks = () => {
  const errors: Array<FieldError> = []
  return {
    errors,
    oneOf: <T extends string>(field: string, value: string | undefined, allowed: ReadonlyArray<T>) => {
      if (value === undefined || allowed.includes(value as T)) return value as T | undefined
      errors.push({ field, reason: `must be one of ${allowed.join(", ")}` })
      return undefined
    },
    date: (field: string, value: string | undefined) => {
      if (value === undefined || isBusinessDate(value)) return value
      errors.push({ field, reason: "must be a real date written YYYY-MM-DD" })
      return undefined
    },
    positiveInt: (field: string, value: string | undefined) => {
      if (value === undefined) return undefined
      if (/^[1-9][0-9]{0,14}$/.test(value)) return Number(value)
      errors.push({ field, reason: "must be a whole number greater than 0" })
      return undefined
    },
    boolean: (field: string, value: string | undefined) => {
      if (value === undefined) return undefined
      if (value === "true" || value === "false") return value === "true"
      errors.push({ field, reason: "must be true or false" })
      return undefined
    },
    required: (field: string, value: string | undefined) => {
      if (value === undefined) errors.push({ field, reason: "is required" })
      return value
    },
    problem: (): Problem | undefined => (errors.length === 0 ? undefined : badQuery(errors))
  }
}

/** A query with only `allowed` parameters (no pagination), each given once; anything else is a 400. */
export const onlyParams = <K extends string>(
  c: Context,
  allowed: ReadonlyArray<K>
):
  | { readonly problem: Problem }
  | { readonly problem?: undefined; readonly params: Partial<Record<K, string>> } => {
  const { values, errors: repeated } = singleValues(c)
  const errors = Object.keys(values).flatMap((field): Array<FieldError> => {
    if (!allowed.includes(field as K))
      return [{ field, reason: `unknown parameter (allowed: ${allowed.join(", ")})` }]
    return repeated.filter((e) => e.field === field)
  })
  if (errors.length > 0) return { problem: badQuery(errors) }
  return { params: values as Partial<Record<K, string>> }
}

/** One page of `items`, for lists the core returns whole (`total` counts them all). */
export const pageOf = <A, B>(
  items: ReadonlyArray<A>,
  limit: number,
  offset: number,
  toJson: (a: A) => B
) => ({
  items: items.slice(offset, offset + limit).map(toJson),
  total: items.length,
  limit,
  offset
})

/** The actor of the request: never the facade's default administrator. */
export const actorOf = (c: Context<KejinEnv>): Actor => c.get("actor") ?? anonymous

export const commandOptions = (c: Context<KejinEnv>): CommandOptions & { actor: Actor } => {
  const key = c.req.header("Idempotency-Key")
  return key === undefined ? { actor: actorOf(c) } : { actor: actorOf(c), idempotencyKey: key }
}

/**
 * `body` with `field` set to the value the path names. A body that gives the field already must agree
 * with the path (422 naming it otherwise); a body that is not a JSON object goes to the core unchanged,
 * whose decoder reports it.
 */
export const withPathField = (
  body: unknown,
  field: string,
  value: string
): { readonly problem: Problem } | { readonly problem?: undefined; readonly input: unknown } => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { input: body }
  const given = (body as Record<string, unknown>)[field]
  if (given !== undefined && given !== value) {
    const reason = `is ${JSON.stringify(given)} but the path names ${value}: leave it out`
    return { problem: problemFromError(new ValidationError({ issues: [{ path: field, message: reason }] })) }
  }
  return { input: { ...body, [field]: value } }
}

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

  const fail = (c: Context, error: unknown) => problem(c, problemFromError(error))
  const created = (c: Context, entry: FundEntry) => {
    c.header("Location", `/api/v1/fund-entries/${entry.id}`)
    // Dashboard panels reload on this event when the write came from the page.
    c.header("HX-Trigger", CHANGED_EVENT)
    return c.json(fundEntryToJson(entry), 201)
  }

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

  api.post("/funds", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    try {
      const fund = await kejin.funds.create(body.value, commandOptions(c))
      c.header("Location", `/api/v1/funds/${fund.code}`)
      c.header("HX-Trigger", CHANGED_EVENT)
      return c.json(fundToJson(fund), 201)
    } catch (error) {
      return fail(c, error)
    }
  })

  api.get("/funds/:code", async (c) => {
    try {
      return c.json(fundToJson(await kejin.funds.get(c.req.param("code"))))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/funds/:code/status", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const merged = withPathField(body.value, "fund", c.req.param("code"))
    if (merged.problem) return problem(c, merged.problem)
    try {
      const fund = await kejin.funds.setStatus(merged.input, commandOptions(c))
      c.header("HX-Trigger", CHANGED_EVENT)
      return c.json(fundToJson(fund), 201)
    } catch (error) {
      return fail(c, error)
    }
  })

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
    api.post(`/funds/:code/${path}`, async (c) => {
      const body = await readJson(c)
      if (body.problem) return problem(c, body.problem)
      const merged = withPathField(body.value, "fund", c.req.param("code"))
      if (merged.problem) return problem(c, merged.problem)
      try {
        return created(c, await write(merged.input, commandOptions(c)))
      } catch (error) {
        return fail(c, error)
      }
    })

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
        return created(c, await write(body.value, commandOptions(c)))
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
      return created(c, reversal)
    } catch (error) {
      return fail(c, error)
    }
  })

  // ------------------------------------------------------------------------------------------- figures

  api.get("/metrics/groups", async (c) => {
    const query = figuresQuery(c, fundGroupings)
    if (query.problem) return problem(c, query.problem)
    const { by } = query
    try {
      const groups = await kejin.funds.groups(by, { asOf: query.asOf })
      return c.json({
        asOf: query.asOf,
        by,
        groups: groups.map((g) => ({ key: g.key, label: g.label, figures: fundFiguresToJson(g.figures) }))
      })
    } catch (error) {
      return fail(c, error)
    }
  })

  api.get("/metrics/deals", async (c) => {
    const query = figuresQuery(c, dealGroupings)
    if (query.problem) return problem(c, query.problem)
    const { by } = query
    try {
      const groups = await kejin.funds.deals(by, { asOf: query.asOf })
      return c.json({
        asOf: query.asOf,
        by,
        groups: groups.map((g) => ({ key: g.key, label: g.label, figures: dealFiguresToJson(g.figures) }))
      })
    } catch (error) {
      return fail(c, error)
    }
  })

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
