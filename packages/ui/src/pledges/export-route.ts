import { type Pledge, pledgesToCsv, ValidationError } from "@kejin/core"
import { type PledgeFilter, pledgeBatches } from "@kejin/core/internal"
import type { Context } from "hono"
import { messageFor } from "../forms/messages.js"
import type { PanelContext, PluginRoute } from "../plugin.js"
import { coreFilterOf, filterFieldOf, listQueryOf } from "./filters.js"

/*
 * `GET /pledges/export.csv`: every registration matching the list's filters (the same query parameters
 * as `/pledges`, paging aside), as CSV in the import format (`pledgesToCsv`, amounts exact to the fen),
 * with a BOM so spreadsheets read the Chinese names. Streamed a batch at a time, so a large register
 * never sits in memory whole.
 */

const BATCH = 500

/** `pledges.csv`, or `pledges-<from>-<to>.csv` for a date range (only ASCII date characters reach the header). */
const fileName = (filter: PledgeFilter): string => {
  const part = (date: string | undefined) =>
    date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : ""
  const from = part(filter.from)
  const to = part(filter.to)
  return from === "" && to === "" ? "pledges.csv" : `pledges-${from || "start"}-${to || "end"}.csv`
}

const handleExport = async (c: Context, ctx: PanelContext): Promise<Response> => {
  const query = listQueryOf(ctx.query, "en")
  const filterIssues = query.issues.filter((i) => i.field !== "page" && i.field !== "limit")
  const badRequest = (issues: ReadonlyArray<{ field: string; message: string }>) =>
    c.text(
      `The filters cannot be applied: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}\n`,
      400
    )
  if (filterIssues.length > 0) return badRequest(filterIssues)
  const filter = coreFilterOf(query.values)
  // The core's keyset read: no count, no offset, so a registration recorded or reversed meanwhile moves no
  // row. The first batch is read before answering, so bad filters (the core checks them) are a 400.
  const batches = pledgeBatches(ctx.kejin.run, filter, BATCH)
  let first: IteratorResult<ReadonlyArray<Pledge>>
  try {
    first = await batches.next()
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return badRequest(
      error.issues.map((i) => ({ field: filterFieldOf(i.path), message: messageFor(i, ctx.lang) }))
    )
  }
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(encoder.encode(pledgesToCsv(first.done ? [] : first.value, { bom: true })))
        if (!first.done) {
          for await (const items of batches) {
            const csv = pledgesToCsv(items)
            // Each batch's CSV starts with the header row (no field of it holds a line break): drop it.
            controller.enqueue(encoder.encode(csv.slice(csv.indexOf("\n") + 1)))
          }
        }
        controller.close()
      } catch (error) {
        controller.error(error)
      }
    }
  })
  return c.body(stream, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${fileName(filter)}"`,
    "cache-control": "no-store"
  })
}

export const exportRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/pledges/export.csv", permission: "pledges.read", handler: handleExport }
]
