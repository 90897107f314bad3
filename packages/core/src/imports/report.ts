import { once } from "node:events"
import type { Writable } from "node:stream"
import { stringify } from "csv-stringify"
import { excelJs } from "../io/excel.js"
import type { CellValue } from "../io/read.js"
import type { Label } from "../operations/operation.js"
import type { RowOutcome, RowStatus } from "./engine.js"

/*
 * The report of an import: a copy of the file's rows with two more columns, the row's status and the
 * reasons, so the sender can fix their file and send it again. Written as the rows are checked (CSV with a
 * BOM for Excel, or XLSX through the streaming writer), never held whole.
 */

export type ReportFormat = "csv" | "xlsx"
export type Lang = "zh" | "en"

export const statusLabels: Readonly<Record<RowStatus, Label>> = {
  ok: { zh: "通过", en: "ok" },
  error: { zh: "错误", en: "error" },
  identical: { zh: "相同，已跳过", en: "identical, skipped" },
  conflict: { zh: "与已登记记录冲突", en: "conflict" }
}

const reportHeaders: Readonly<Record<"status" | "reason", Label>> = {
  status: { zh: "导入状态", en: "Import status" },
  reason: { zh: "原因", en: "Reason" }
}

/** A row's reasons in one cell: `金额(万元)：…；登记日期：…`. */
export const reasonsText = (outcome: RowOutcome, lang: Lang): string =>
  outcome.issues
    .map((i) => {
      const where = i.header ?? i.field
      return `${where === "" ? "" : `${where}${lang === "zh" ? "：" : ": "}`}${i.reason[lang]}`
    })
    .join(lang === "zh" ? "；" : "; ")

export interface ReportWriter {
  write(outcome: RowOutcome): Promise<void>
  close(): Promise<void>
}

const textOf = (cell: CellValue): string =>
  cell === null || cell === undefined
    ? ""
    : cell instanceof Date
      ? cell.toISOString().slice(0, 10)
      : String(cell)

/** A report of `header`'s file into `out` (closed by `close`). */
export const reportWriter = (
  out: Writable,
  format: ReportFormat,
  header: ReadonlyArray<CellValue>,
  lang: Lang = "zh"
): ReportWriter => {
  const headings = [...header.map(textOf), reportHeaders.status[lang], reportHeaders.reason[lang]]
  const line = (o: RowOutcome) => [statusLabels[o.status][lang], reasonsText(o, lang)]
  /** The row's cells under the file's headers (a short row padded, so the status stays in its column). */
  const cellsOf = (o: RowOutcome): Array<CellValue> =>
    Array.from({ length: Math.max(header.length, o.cells.length) }, (_, i) => o.cells[i] ?? null)
  if (format === "csv") {
    const csv = stringify({ bom: true })
    csv.pipe(out)
    csv.write(headings)
    return {
      async write(outcome) {
        if (!csv.write([...cellsOf(outcome).map(textOf), ...line(outcome)])) await once(csv, "drain")
      },
      async close() {
        csv.end()
        await once(out, "finish")
      }
    }
  }
  const workbook = new (excelJs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true })
  const sheet = workbook.addWorksheet(lang === "zh" ? "导入报告" : "Import report", {
    views: [{ state: "frozen", ySplit: 1 }]
  })
  sheet.addRow(headings).commit()
  return {
    async write(outcome) {
      const cells = cellsOf(outcome)
      const row = sheet.addRow([...cells, ...line(outcome)])
      if (outcome.status === "error" || outcome.status === "conflict")
        row.getCell(cells.length + 1).font = { color: { argb: "FFC00000" }, bold: true }
      row.commit()
    },
    async close() {
      sheet.commit()
      await workbook.commit()
    }
  }
}
