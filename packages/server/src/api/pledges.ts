import { type Kejin, pledgeToJson } from "@kejin/core"
import { CHANGED_EVENT } from "@kejin/ui"
import { Hono } from "hono"
import { anonymous, type KejinEnv } from "../auth/env.js"
import { problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { pageQuery } from "./query.js"

/** `/api/v1/pledges`: record (contract), list with filters and pagination, get, reverse. */
export const pledgesApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()

  api.post("/", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const key = c.req.header("Idempotency-Key")
    try {
      const actor = c.get("actor") ?? anonymous
      const pledge = await kejin.pledges.record(
        body.value,
        key === undefined ? { actor } : { actor, idempotencyKey: key }
      )
      c.header("Location", `/api/v1/pledges/${pledge.id}`)
      // Dashboard panels reload on this event when the write came from the page.
      c.header("HX-Trigger", CHANGED_EVENT)
      return c.json(pledgeToJson(pledge), 201)
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  api.get("/", async (c) => {
    const query = pageQuery(c, ["from", "to", "district", "pledgor"])
    if (query.problem) return problem(c, query.problem)
    try {
      const { from, to, district, pledgor } = query.filters
      const page = await kejin.pledges.list({
        limit: query.limit,
        offset: query.offset,
        from,
        to,
        district,
        pledgorUscc: pledgor
      })
      return c.json({
        items: page.items.map(pledgeToJson),
        total: page.total,
        limit: page.limit,
        offset: page.offset
      })
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  api.get("/:id{[0-9]+}", async (c) => {
    try {
      return c.json(pledgeToJson(await kejin.pledges.get(Number(c.req.param("id")))))
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  api.post("/:id{[0-9]+}/reversal", async (c) => {
    const body = await readJson(c)
    if (body.problem) return problem(c, body.problem)
    const reason = (body.value as { reason?: unknown })?.reason
    const key = c.req.header("Idempotency-Key")
    try {
      const pledge = await kejin.pledges.reverse(
        Number(c.req.param("id")),
        typeof reason === "string" ? reason : "",
        key === undefined
          ? { actor: c.get("actor") ?? anonymous }
          : { actor: c.get("actor") ?? anonymous, idempotencyKey: key }
      )
      return c.json(pledgeToJson(pledge), 201)
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })

  return api
}
