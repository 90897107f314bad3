import {
  AdminDivisionCode,
  type Enterprise,
  EnterpriseStage,
  enterpriseToJson,
  isValidUscc,
  journeyToJson,
  type Kejin,
  TechCategory
} from "@kejin/core"
import { CHANGED_EVENT } from "@kejin/ui"
import { Schema } from "effect"
import { type Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { actorOf, commandOptions, onlyParams, pageOf, queryChecks, withPathField } from "./funds.js"
import { pageQuery } from "./query.js"

/** The core pages enterprises by at most this many. */
const CORE_PAGE = 1000

const isDivisionCode = Schema.is(AdminDivisionCode)

/**
 * `/api/v1/enterprises` (the registry, 企业库):
 * - `GET /` with filters `uscc`, `district` (the current one), `stage`, `techCategory`, `local`, and
 *   limit/offset → `{ items, total, limit, offset }`. The core lists enterprises without filters or a
 *   count, so the filters and the page are applied here over the whole registry (read in pages of 1000);
 *   `uscc` alone is a direct lookup;
 * - `POST /` (201): a new enterprise (`EnterpriseInput`); a credit code already registered is 409;
 * - `GET /{uscc}`: one enterprise with its district history;
 * - `POST /{uscc}/moves` (201): from `since` on, the enterprise is registered in `district`;
 * - `GET /{uscc}/journey`: its finance journey (`journeyToJson`): equity, pledge and linkage events on one
 *   timeline with totals; `includeReversed` (`true`|`false`), `from`, `to` (YYYY-MM-DD, inclusive); a bad
 *   credit code or query is 400 naming it. Read as the request's actor: a fund manager sees the ledger
 *   entries of its own funds only (as `GET /funds/{code}/ledger`); `withheld.equity` counts the others.
 * Reads need `dashboard.read`, writes `enterprises.write` (guards in app.ts; the core checks writes again).
 */
export const enterprisesApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()
  const fail = (c: Context, error: unknown) => problem(c, problemFromError(error))

  const everyEnterprise = async (): Promise<ReadonlyArray<Enterprise>> => {
    const all: Array<Enterprise> = []
    for (let offset = 0; ; offset += CORE_PAGE) {
      const page = await kejin.registry.enterprises({ limit: CORE_PAGE, offset })
      all.push(...page)
      if (page.length < CORE_PAGE) return all
    }
  }

  api.get("/", async (c) => {
    const query = pageQuery(c, ["uscc", "district", "stage", "techCategory", "local"])
    if (query.problem) return problem(c, query.problem)
    const { uscc, district } = query.filters
    const checks = queryChecks()
    if (uscc !== undefined && !isValidUscc(uscc))
      checks.errors.push({
        field: "uscc",
        reason: "must be a valid unified social credit code (18 characters)"
      })
    if (district !== undefined && !isDivisionCode(district))
      checks.errors.push({ field: "district", reason: "must be a 6-digit administrative division code" })
    const stage = checks.oneOf("stage", query.filters.stage, EnterpriseStage.literals)
    const techCategory = checks.oneOf("techCategory", query.filters.techCategory, TechCategory.literals)
    const local = checks.boolean("local", query.filters.local)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      const candidates =
        uscc === undefined
          ? await everyEnterprise()
          : await kejin.registry.enterpriseByUscc(uscc).then(
              (e) => [e],
              (error: { _tag?: string }) => {
                if (error?._tag === "NotFoundError") return []
                throw error
              }
            )
      const matching = candidates.filter(
        (e) =>
          (district === undefined || e.district === district) &&
          (stage === undefined || e.stage === stage) &&
          (techCategory === undefined || e.techCategory === techCategory) &&
          (local === undefined || e.local === local)
      )
      return c.json(pageOf(matching, query.limit, query.offset, enterpriseToJson))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    try {
      const enterprise = await kejin.registry.addEnterprise(body.value, commandOptions(c))
      c.header("Location", `/api/v1/enterprises/${enterprise.uscc}`)
      c.header("HX-Trigger", CHANGED_EVENT)
      return c.json(enterpriseToJson(enterprise), 201)
    } catch (error) {
      return fail(c, error)
    }
  })

  api.get("/:uscc", async (c) => {
    try {
      return c.json(enterpriseToJson(await kejin.registry.enterpriseByUscc(c.req.param("uscc"))))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.get("/:uscc/journey", async (c) => {
    const query = onlyParams(c, ["includeReversed", "from", "to"])
    if (query.problem) return problem(c, query.problem)
    const uscc = c.req.param("uscc")
    const checks = queryChecks()
    if (!isValidUscc(uscc))
      checks.errors.push({
        field: "uscc",
        reason: "must be a valid unified social credit code (18 characters)"
      })
    const includeReversed = checks.boolean("includeReversed", query.params.includeReversed)
    const from = checks.date("from", query.params.from)
    const to = checks.date("to", query.params.to)
    if (from !== undefined && to !== undefined && to < from)
      checks.errors.push({ field: "to", reason: `must not be before from (${from})` })
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      const actor = actorOf(c)
      return c.json(journeyToJson(await kejin.registry.journey(uscc, { includeReversed, from, to, actor })))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/:uscc/moves", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const merged = withPathField(body.value, "uscc", c.req.param("uscc"))
    if (merged.problem) return problem(c, merged.problem)
    try {
      const enterprise = await kejin.registry.moveEnterprise(merged.input, commandOptions(c))
      c.header("HX-Trigger", CHANGED_EVENT)
      return c.json(enterpriseToJson(enterprise), 201)
    } catch (error) {
      return fail(c, error)
    }
  })

  return api
}
