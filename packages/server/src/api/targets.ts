import { type Actor, type Kejin, NotFoundError, targetProgressToJson, targetToJson } from "@kejin/core"
import { Hono } from "hono"
import { problem } from "../problem.js"
import { readJson } from "./body.js"
import { onlyParams, queryChecks } from "./query.js"
import { commandOptions, fail } from "./route.js"

/** What an authentication middleware in front of this API may set: the actor of the request. */
export interface TargetsApiEnv {
  Variables: { actor?: Actor }
}

/**
 * `/api/v1/targets`:
 * - `GET /` (contract): progress of every target, money as decimal strings, with pace and projection;
 *   `?asOf=YYYY-MM-DD` for another day;
 * - `GET /:key`: one target's definition;
 * - `POST /` (201): a new target (`TargetInputJson`); a key in use is 409;
 * - `PATCH /:key` (200): change the fields given (`TargetPatchJson`); the key never changes.
 *
 * Writes act as `c.get("actor")`; without one they act as `anonymous` (a viewer), so they are refused.
 * Errors are problem+json: 400/415 for an unreadable body, 422 naming each field, 403, 404, 409.
 */
export const targetsApi = (kejin: Kejin) => {
  const api = new Hono<TargetsApiEnv>()

  api.get("/", async (c) => {
    const query = onlyParams(c, ["asOf"])
    if (query.problem) return problem(c, query.problem)
    const checks = queryChecks()
    const asOf = checks.date("asOf", query.params.asOf)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    try {
      const targets = await kejin.targets.progress(asOf)
      return c.json({ targets: targets.map(targetProgressToJson) })
    } catch (error) {
      return fail(c, error)
    }
  })

  api.get("/:key", async (c) => {
    try {
      const key = c.req.param("key")
      const target = (await kejin.targets.list()).find((t) => t.key === key)
      if (target === undefined) return fail(c, new NotFoundError({ entity: "target", id: key }))
      return c.json(targetToJson(target))
    } catch (error) {
      return fail(c, error)
    }
  })

  api.post("/", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    try {
      const target = await kejin.targets.create(body.value, commandOptions(c))
      c.header("Location", `/api/v1/targets/${encodeURIComponent(target.key)}`)
      return c.json(targetToJson(target), 201)
    } catch (error) {
      return fail(c, error)
    }
  })

  api.patch("/:key", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    try {
      const target = await kejin.targets.update(c.req.param("key"), body.value, commandOptions(c))
      return c.json(targetToJson(target))
    } catch (error) {
      return fail(c, error)
    }
  })

  return api
}
