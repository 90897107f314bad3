import { type Actor, isBusinessDate, type Kejin, targetProgressToJson, targetToJson } from "@kejin/core"
import { type Context, Hono } from "hono"
import { anonymous } from "../auth/env.js"
import { problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { onlyParams } from "./funds.js"

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
  const optionsOf = (c: Context<TargetsApiEnv>) => {
    const actor = c.get("actor")
    const key = c.req.header("Idempotency-Key")
    return {
      actor: actor ?? anonymous,
      ...(key === undefined ? {} : { idempotencyKey: key })
    }
  }

  api.get("/", async (c) => {
    const query = onlyParams(c, ["asOf"])
    if (query.problem) return problem(c, query.problem)
    const asOf = query.params.asOf
    if (asOf !== undefined && !isBusinessDate(asOf)) {
      return problem(c, {
        type: "https://kejin.dev/problems/bad-query",
        title: "The query has invalid parameters",
        status: 400,
        errors: [{ field: "asOf", reason: "must be a real date written YYYY-MM-DD" }]
      })
    }
    try {
      const targets = await kejin.targets.progress(asOf)
      return c.json({ targets: targets.map(targetProgressToJson) })
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  api.get("/:key", async (c) => {
    try {
      const key = c.req.param("key")
      const target = (await kejin.targets.list()).find((t) => t.key === key)
      if (target === undefined) {
        return problem(c, {
          type: "https://kejin.dev/problems/not-found",
          title: "Not found",
          status: 404,
          detail: `target ${key} was not found`
        })
      }
      return c.json(targetToJson(target))
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  api.post("/", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    try {
      const target = await kejin.targets.create(body.value, optionsOf(c))
      c.header("Location", `/api/v1/targets/${encodeURIComponent(target.key)}`)
      return c.json(targetToJson(target), 201)
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  api.patch("/:key", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    try {
      const target = await kejin.targets.update(c.req.param("key"), body.value, optionsOf(c))
      return c.json(targetToJson(target))
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  return api
}
