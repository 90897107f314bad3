import { type Kejin, pledgeStatuses, pledgesToCsv, ValidationError } from "@kejin/core"
import {
  listPledges,
  modules,
  type PledgeListQuery,
  pledgeBatches,
  todayInShanghai
} from "@kejin/core/internal"
import { Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { requirePermission } from "../auth/middleware.js"
import { fieldErrorOf, type Problem, problem, problemFromError } from "../problem.js"
import { mountOperations } from "./operations.js"
import { badQuery, onlyParams, queryChecks } from "./query.js"
import { firstPage, pagedText } from "./stream.js"

// `/api/v1/pledges`: the registrations, their lifecycle, loans and figures are declared operations (core
// pledges/operations.ts, loans/operations.ts), their routes derived (./operations.ts). What stays written
// here is the CSV export, which streams its answer.

/** The list's filters as the query names them, and the core's fields they fill (`q` → `registrationNo`). */
export const pledgeListFilters = (listPledges.http?.query ?? []).filter(
  (q) => q.name !== "limit" && q.name !== "offset"
)

/** The filter parameters of the list (and the export), by name. */
export const pledgeListParams = pledgeListFilters.map((q) => q.name)

/** A ValidationError of the core (a bad filter) is the query's 400, naming the parameter. */
const readProblem = (error: unknown): Problem => {
  if (!(error instanceof ValidationError)) return problemFromError(error)
  const names = new Map(pledgeListFilters.map((q) => [q.field ?? q.name, q.name]))
  return badQuery(error.issues.map((i) => fieldErrorOf(i, names.get(i.path) ?? i.path)))
}

/**
 * `GET /api/v1/pledges/export.csv`: every live registration the list's filters match as CSV
 * (`pledgesToCsv`: the import columns, formulas defused), newest first, streamed 500 rows at a time by the
 * core's keyset read (`pledgeBatches`: no count, no offset, so each batch costs the same and a reversal
 * meanwhile moves no row); `bom=false` leaves out the byte-order mark spreadsheets need to read UTF-8. A bad
 * filter is a 400 before any row.
 */
export const pledgesCsvExport = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()
  api.get("/export.csv", requirePermission("pledges.read"), async (c) => {
    // `lang`: the page's export links add it on an English page; the import columns are the same in both.
    const query = onlyParams(c, [...pledgeListParams, "bom", "lang"])
    if (query.problem) return problem(c, query.problem)
    const params = query.params as Readonly<Record<string, string | undefined>>
    const checks = queryChecks()
    const bom = checks.boolean("bom", params.bom) ?? true
    checks.oneOf("lang", params.lang, ["zh", "en"] as const)
    const bad = checks.problem()
    if (bad) return problem(c, bad)
    // The status before the core's checks, as the export always answered.
    const status = queryChecks()
    status.oneOf("status", params.status, pledgeStatuses)
    const badStatus = status.problem()
    if (badStatus) return problem(c, badStatus)
    const filter = Object.fromEntries(
      pledgeListFilters.flatMap((q) => {
        const value = params[q.name]
        return value === undefined ? [] : [[q.field ?? q.name, value]]
      })
    ) as PledgeListQuery
    const batches = pledgeBatches(kejin.run, filter, 500)
    const first = await firstPage(c, batches, readProblem)
    if (first instanceof Response) return first
    const date = await kejin.run(todayInShanghai)
    // The header row comes with the first batch; each later batch without it.
    const body = pagedText(first, batches, pledgesToCsv([], { bom }), (batch) => {
      const csv = pledgesToCsv(batch)
      return csv.slice(csv.indexOf("\n") + 1)
    })
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="kejin-pledges-${date}.csv"`
    })
  })
  return api
}

/**
 * The whole `/api/v1/pledges` family as one sub-app, for `app.route("/api/v1/pledges", …)` (an embedder's
 * or a test's): the CSV export and every declared operation under that path, each route checking its own
 * permission. The server's app mounts the declared operations of every module itself and routes the
 * export alone ({@link pledgesCsvExport}).
 */
export const pledgesApi = (kejin: Kejin) => {
  const api = pledgesCsvExport(kejin)
  mountOperations(api, kejin, modules, { under: "/api/v1/pledges" })
  return api
}
