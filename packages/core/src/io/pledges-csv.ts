import { parse } from "csv-parse/sync"
import { invalid, ValidationError } from "../errors.js"
import type { PledgeInputJson } from "../pledges/schema.js"
import { sayAt } from "../text/messages.js"

/**
 * Patent pledge loans as CSV, the form bureau staff exchange with banks and CNIPA extracts.
 * Columns (a header row is required; order is free; names in English or Chinese):
 * registration_no 登记号, pledgor_uscc 统一社会信用代码, pledgor_name 出质人, district 区县代码,
 * pledgee 质权人, patents 专利号 (separated by ";" or whitespace), amount 金额 (yuan; 万/亿 accepted),
 * registered_on 登记日期 (YYYY-MM-DD).
 * Only read here: the registrations' one export is derived from the list's declaration
 * (`GET /api/v1/pledges/export.csv|xlsx`, `kejin export pledges`), and `kejin import pledges` reads it back.
 */
export const pledgeCsvColumns = {
  registration_no: ["registration_no", "登记号"],
  pledgor_uscc: ["pledgor_uscc", "统一社会信用代码"],
  pledgor_name: ["pledgor_name", "出质人"],
  district: ["district", "区县代码"],
  pledgee: ["pledgee", "质权人"],
  patents: ["patents", "专利号"],
  amount: ["amount", "金额"],
  registered_on: ["registered_on", "登记日期"]
} as const

type Column = keyof typeof pledgeCsvColumns

/**
 * Reads CSV text into pledge inputs (the JSON body of `POST /api/v1/pledges`), one per data row.
 * Structural problems (missing columns, ragged rows) are a ValidationError naming the row (`row 3`,
 * counting the header as row 1) and column; field values are validated later by the write path,
 * whose issues name the row index as `[i]`.
 */
export const pledgesFromCsv = (text: string): ReadonlyArray<PledgeInputJson> => {
  let rows: Array<Array<string>>
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false })
  } catch (error) {
    // csv-parse's error names the line (`lines`) it stopped at; its English is kept as the detail.
    const line = (error as { lines?: unknown }).lines
    throw invalid("csv", "csv-unreadable", {
      line: typeof line === "number" ? String(line) : "?",
      detail: (error as Error).message
    })
  }
  const [header, ...data] = rows
  if (header === undefined) throw invalid("csv", "csv-empty")
  const index = {} as Record<Column, number>
  const missing: Array<string> = []
  for (const [column, names] of Object.entries(pledgeCsvColumns) as Array<[Column, ReadonlyArray<string>]>) {
    const at = header.findIndex((h) => names.includes(h.trim().toLowerCase()) || names.includes(h.trim()))
    if (at < 0) missing.push(names.join(" / "))
    index[column] = at
  }
  if (missing.length > 0) {
    throw new ValidationError({
      issues: missing.map((column) => sayAt("header", "csv-column-missing", { column }))
    })
  }
  return data.map((row) => {
    const cell = (column: Column) => row[index[column]] ?? ""
    return {
      registrationNo: cell("registration_no"),
      pledgor: { uscc: cell("pledgor_uscc"), name: cell("pledgor_name"), district: cell("district") },
      pledgee: { name: cell("pledgee") },
      patents: cell("patents")
        .split(/[;；\s]+/)
        .filter((p) => p !== ""),
      amount: cell("amount"),
      registeredOn: cell("registered_on")
    }
  })
}
