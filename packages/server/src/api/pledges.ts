import type { Kejin } from "@kejin/core"
import { listPledges, modules } from "@kejin/core/internal"
import { Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { mountExports } from "./exports.js"
import { mountOperations } from "./operations.js"

// `/api/v1/pledges`: the registrations, their lifecycle, loans and figures are declared operations (core
// pledges/operations.ts, loans/operations.ts), their routes derived (./operations.ts); the list's CSV and
// XLSX exports (`/api/v1/pledges/export.csv|xlsx`, with each registration's status and current secured
// amount) are derived from the list's declaration like every other list's (./exports.ts).

/** The list's filters as the query names them, and the core's fields they fill (`q` → `registrationNo`). */
export const pledgeListFilters = (listPledges.http?.query ?? []).filter(
  (q) => q.name !== "limit" && q.name !== "offset"
)

/** The filter parameters of the list (and the export), by name. */
export const pledgeListParams = pledgeListFilters.map((q) => q.name)

/**
 * The whole `/api/v1/pledges` family as one sub-app, for `app.route("/api/v1/pledges", …)` (an embedder's
 * or a test's): the exports and every declared operation under that path, each route checking its own
 * permission. The server's app mounts every module's exports and operations itself.
 */
export const pledgesApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()
  mountExports(api, kejin, modules, { under: "/api/v1/pledges" })
  mountOperations(api, kejin, modules, { under: "/api/v1/pledges" })
  return api
}
