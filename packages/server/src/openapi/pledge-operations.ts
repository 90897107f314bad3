import { pledgesModule } from "@kejin/core/internal"
import { Schema } from "effect"
import { pledgeListFilters } from "../api/pledges.js"
import { derivedOperations } from "./derived.js"
import { type Operation, problems } from "./operations.js"

// The registrations, their lifecycle and figures are declared operations (core pledges/operations.ts),
// documented from their declarations (./derived.ts). The CSV export streams its answer: written here.

/** `GET /api/v1/pledges/export.csv`: the list's filters (as the list declares them), no page. */
export const pledgeExportOperation: Operation = {
  method: "get",
  path: "/api/v1/pledges/export.csv",
  operationId: "exportPledgesCsv",
  tag: "pledges",
  summary: "Export pledges as CSV · 导出质押登记",
  description:
    "Every live registration the filters match (the filters of `listPledges`, no page limit), newest " +
    "first, as `text/csv; charset=utf-8` with the import columns (registration_no, pledgor_uscc, " +
    "pledgor_name, district, pledgee, patents, amount, registered_on). Cells a spreadsheet would run as a " +
    "formula (starting = + - @) get a leading apostrophe. Sent as an attachment named " +
    "`kejin-pledges-YYYY-MM-DD.csv` (today in Asia/Shanghai).",
  permission: "pledges.read",
  parameters: [
    ...pledgeListFilters.map((q) => ({
      name: q.name,
      in: "query" as const,
      description: q.description,
      schema: q.schema ?? Schema.String,
      ...(q.example === undefined ? {} : { example: q.example })
    })),
    {
      name: "bom",
      in: "query",
      description: "Start with a UTF-8 byte-order mark, which spreadsheets need to read Chinese text.",
      schema: Schema.Boolean.annotate({ default: true })
    },
    {
      name: "lang",
      in: "query",
      description:
        "The language of the page the link is on (`zh` or `en`), as every export takes it; this file keeps " +
        "its import columns in either.",
      schema: Schema.Literals(["zh", "en"])
    }
  ],
  responses: {
    200: {
      description: "The CSV file (`text/csv; charset=utf-8`).",
      headers: { "Content-Disposition": 'attachment; filename="kejin-pledges-2025-12-31.csv"' }
    },
    400: problems.badQuery,
    401: problems.unauthorized,
    403: { description: "The role lacks `pledges.read`." }
  }
}

/** Every documented operation of the registrations: the export and the declared ones. */
export const pledgeOperations: ReadonlyArray<Operation> = [
  pledgeExportOperation,
  ...derivedOperations([pledgesModule])
]
