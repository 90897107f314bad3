import { stringify } from "csv-stringify/sync"
import { excelJs } from "../io/excel.js"
import type { ReportFormat } from "./report.js"

/*
 * A blank file to fill in for an import: one header row of the kind's column labels (derived from its
 * columns by the caller, in one language), as .xlsx (header frozen, columns wide enough) or as CSV with a
 * BOM so that Excel reads the Chinese headers.
 */

/** The bytes of a template whose header row is `headers`. */
export const templateFile = async (
  format: ReportFormat,
  headers: ReadonlyArray<string>,
  sheetName = "Sheet1"
): Promise<Uint8Array> => {
  if (format === "csv") return Buffer.from(stringify([[...headers]], { bom: true }), "utf8")
  const workbook = new (excelJs().Workbook)()
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] })
  sheet.addRow([...headers]).font = { bold: true }
  headers.forEach((header, i) => {
    sheet.getColumn(i + 1).width = Math.max(12, header.length * 2 + 2)
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
