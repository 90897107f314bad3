import { type Kejin, targetProgressToJson } from "@kejin/core"
import { Hono } from "hono"
import { problem, problemFromError } from "../problem.js"

/** `GET /api/v1/targets` (contract): progress of every target, money as decimal strings. */
export const targetsApi = (kejin: Kejin) => {
  const api = new Hono()
  api.get("/", async (c) => {
    const asOf = c.req.query("asOf")
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      return problem(c, {
        type: "https://kejin.dev/problems/bad-query",
        title: "The query has invalid parameters",
        status: 400,
        errors: [{ field: "asOf", reason: "must be a date YYYY-MM-DD" }]
      })
    }
    try {
      const targets = await kejin.targets.progress(asOf)
      return c.json({ targets: targets.map(targetProgressToJson) })
    } catch (error) {
      return problem(c, problemFromError(error))
    }
  })
  return api
}
