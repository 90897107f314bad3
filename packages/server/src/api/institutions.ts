import { InstitutionKind, type Kejin } from "@kejin/core"
import { Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { problem } from "../problem.js"
import { pageOf, pageQuery, queryChecks } from "./query.js"
import { fail, writeFromBody } from "./route.js"

/**
 * `/api/v1/institutions` (banks, insurers, guarantors, fund managers):
 * - `GET /` with filters `kind` and `uscc`, and limit/offset → `{ items, total, limit, offset }`, ordered
 *   by kind then name (the core returns the list whole; the page is cut here);
 * - `POST /` (201): a new institution (`InstitutionInput`); a name taken for the kind or a credit code
 *   taken is 409 naming the field.
 * Reads need `dashboard.read`, writes `institutions.write` (admin, bureau; guards in app.ts, the core
 * checks again). A fund's `manager` is the id of an institution of kind `fund-manager`.
 */
export const institutionsApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()

  api.get("/", async (c) => {
    const query = pageQuery(c, ["kind", "uscc"])
    if (query.problem) return problem(c, query.problem)
    const checks = queryChecks()
    const kind = checks.oneOf("kind", query.filters.kind, InstitutionKind.literals)
    const uscc = checks.uscc("uscc", query.filters.uscc)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      const all = await kejin.registry.institutions(kind === undefined ? {} : { kind })
      const matching = uscc === undefined ? all : all.filter((i) => i.uscc === uscc)
      return c.json(pageOf(matching, query.limit, query.offset, (i) => i))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post(
    "/",
    writeFromBody(
      (input, o) => kejin.registry.addInstitution(input, o),
      (institution) => institution
    )
  )

  return api
}
