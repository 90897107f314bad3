import {
  AdminDivisionCode,
  type Enterprise,
  EnterpriseStage,
  enterpriseToJson,
  journeyToJson,
  type Kejin,
  NotFoundError,
  TechCategory
} from "@kejin/core"
import { Schema } from "effect"
import { Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { problem } from "../problem.js"
import { onlyParams, pageOf, pageQuery, queryChecks } from "./query.js"
import { actorOf, fail, pathInto, writeFromBody } from "./route.js"

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
    const { district } = query.filters
    const checks = queryChecks()
    const uscc = checks.uscc("uscc", query.filters.uscc)
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
              (error: unknown) => {
                if (error instanceof NotFoundError) return []
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

  api.post(
    "/",
    writeFromBody((input, o) => kejin.registry.addEnterprise(input, o), enterpriseToJson, {
      location: (enterprise) => `/api/v1/enterprises/${enterprise.uscc}`
    })
  )

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
    checks.uscc("uscc", uscc)
    const includeReversed = checks.boolean("includeReversed", query.params.includeReversed)
    const { from, to } = checks.dates(query.params.from, query.params.to)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      const actor = actorOf(c)
      return c.json(journeyToJson(await kejin.registry.journey(uscc, { includeReversed, from, to, actor })))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post(
    "/:uscc/moves",
    writeFromBody((input, o) => kejin.registry.moveEnterprise(input, o), enterpriseToJson, {
      prepare: pathInto("uscc", "uscc")
    })
  )

  return api
}
