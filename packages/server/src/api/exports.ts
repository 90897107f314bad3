import { PassThrough, Readable, type Writable } from "node:stream"
import { type Kejin, localizedMessage } from "@kejin/core"
import {
  type AnyOperation,
  type Column,
  cellOf,
  excelJs,
  execute,
  executeAfter,
  exportColumns,
  exportItemOf,
  exportRowsOf,
  exportSuffixOf,
  exportTablesOf,
  leavesOf,
  listItemOf,
  type Module,
  type QueryParameter,
  tableView,
  todayInShanghai,
  wordLabel
} from "@kejin/core/internal"
import type { Schema } from "effect"
import type ExcelJS from "exceljs"
import { Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { requirePermission } from "../auth/middleware.js"
import { problem } from "../problem.js"
import { honoPath, pathInput, queryValue, readProblem } from "./operations.js"
import { onlyParams, queryChecks } from "./query.js"
import { commandOptions } from "./route.js"
import { firstPage, pagedText } from "./stream.js"

// The exports of every declared list (a read answering `{ items, total, limit, offset }`, see core
// operations/columns.ts) and of every declared table (a read stating which array of its answer is the table
// its page shows, `exportTable`: a breakdown's rows, the journey's events, the targets), derived from the
// declaration, not written per kind: `GET <read>/export.csv` and `GET <read>/export.xlsx` (a read's other
// tables at `<read>/export/<table>.csv|xlsx`) take the read's filters (less a list's `limit`/`offset`) and
// `lang`, check the read's permission, and stream the rows through the operation itself (a list page by page, so memory stays flat; a table, which the read answers
// whole, at once), so what an actor may see is what the page shows them. A CSV takes `bom=false` to leave
// out the byte-order mark. What an export writes, an import reads back: its headers are the import's too
// (core imports/columns.ts), a choice's label is read as its word, and the columns no import reads (an id,
// a name beside a code, a registration's status) are skipped silently.

export const exportFormats = ["csv", "xlsx"] as const
export type ExportFormat = (typeof exportFormats)[number]

export const exportLanguages = ["zh", "en"] as const
export type ExportLanguage = (typeof exportLanguages)[number]

/** The rows a page of the export holds (the lists take 500 at most). */
export const exportPageSize = 500

/** How the exports read their lists (internal: a test forces small pages to cross many page boundaries). */
export interface ExportOptions {
  /** The rows a page holds (default {@link exportPageSize}). */
  readonly pageSize?: number
  /** A path (`/api/v1/pledges`): only the exports at or below it, relative to it, for a sub-app mounted there. */
  readonly under?: string
}

/** A derived export: the list or table it reads and its format. */
export interface ListExport {
  /** The read, declaring the one table exported (core operations/columns.ts `tableView`). */
  readonly op: AnyOperation
  readonly format: ExportFormat
  /** After the read's path: `export`, or `export/<table>` for a read's other tables (`export/projects`). */
  readonly suffix: string
  /** The export's path in OpenAPI form (`/api/v1/funds/{code}/ledger/export.xlsx`). */
  readonly path: string
}

/** Every derived export of `modules' lists and tables (each table a read declares), in the modules' order. */
export const listExports = (modules: ReadonlyArray<Module>): ReadonlyArray<ListExport> =>
  modules.flatMap((module) =>
    module.operations.flatMap((read) =>
      (listItemOf(read) !== undefined ? [read] : exportTablesOf(read).map((field) => tableView(read, field)))
        .filter((op) => exportItemOf(op) !== undefined)
        .flatMap((op) => {
          const suffix = exportSuffixOf(read, op === read ? undefined : (op.exportTable as string))
          return exportFormats.map((format) => ({
            op,
            format,
            suffix,
            path: `${op.http?.path}/${suffix}.${format}`
          }))
        })
    )
  )

/** The read's filters: its query parameters less a page's. */
export const exportFilters = (op: AnyOperation): ReadonlyArray<QueryParameter> =>
  (op.http?.query ?? []).filter((q) => q.name !== "limit" && q.name !== "offset")

// ------------------------------------------------------------------------------------------------ cells

/** Spreadsheets run a cell starting with = + - @ (or a tab/CR) as a formula: such text gets an apostrophe. */
const defuseFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

const yesNo = { zh: ["是", "否"], en: ["yes", "no"] } as const

/**
 * The choices of a read's export by column key (`kind` → `city-fund | sub-fund | chain`), for the columns
 * whose words a vocabulary names: their cells are written as the page shows them (子基金, Sub-fund), which
 * an import reads back (core imports/words.ts).
 */
export const exportChoices = (op: AnyOperation): ReadonlyMap<string, ReadonlyArray<string>> => {
  const item = exportItemOf(op)
  if (item === undefined) return new Map()
  return new Map(
    leavesOf(item).flatMap((leaf) => {
      const words = leaf.literals
      return words !== undefined && wordLabel(words, words[0] ?? "") !== undefined
        ? [[leaf.path.join("."), words] as const]
        : []
    })
  )
}

/** A choice's label in `lang` when `words` (the column's choices) has one, else the value as it is. */
const labelled = (value: unknown, words: ReadonlyArray<string> | undefined, lang: ExportLanguage): unknown =>
  words === undefined || typeof value !== "string" ? value : (wordLabel(words, value)?.[lang] ?? value)

/** A cell as CSV text (money, dates and decimals exactly as on the wire; a choice as its label). */
export const csvText = (
  value: unknown,
  column: Column,
  lang: ExportLanguage,
  words?: ReadonlyArray<string>
): string => {
  if (value === null || value === undefined) return ""
  switch (column.type) {
    case "boolean":
      return value ? yesNo[lang][0] : yesNo[lang][1]
    case "list":
      return defuseFormula((value as ReadonlyArray<unknown>).map(String).join(";"))
    case "number":
    case "money":
    case "decimal":
    case "date":
      return String(value)
    case "text":
      return defuseFormula(String(labelled(value, words, lang)))
  }
}

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)

const csvLine = (cells: ReadonlyArray<string>): string => `${cells.map(csvField).join(",")}\n`

/**
 * A decimal text as a number when the number is exactly that text (at most 15 significant digits, which a
 * double holds exactly as written); a longer amount stays text, so no yuan is lost in a spreadsheet.
 */
export const exactNumber = (text: string): number | undefined => {
  const digits = text.replace(/^-/, "").replace(".", "").replace(/^0+/, "")
  return digits.length <= 15 ? Number(text) : undefined
}

/**
 * A cell as the XLSX writer takes it: money and decimals as numbers, dates as dates, yes/no as text. Shared
 * with the monthly report's workbook (reports/xlsx.ts).
 */
export const xlsxValue = (
  value: unknown,
  column: Column,
  lang: ExportLanguage,
  words?: ReadonlyArray<string>
): unknown => {
  if (value === null || value === undefined) return null
  switch (column.type) {
    case "boolean":
      return value ? yesNo[lang][0] : yesNo[lang][1]
    case "list":
      return (value as ReadonlyArray<unknown>).map(String).join(";")
    case "number":
      return value
    case "money":
    case "decimal":
      // A figure the answer holds as a number (a growth, a progress) is one already.
      return typeof value === "number" ? value : (exactNumber(String(value)) ?? String(value))
    case "date": {
      const [year, month, day] = String(value).split("-").map(Number)
      return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1))
    }
    case "text":
      return String(labelled(value, words, lang))
  }
}

/** The number format of a column's type: money with two decimals, dates as dates, counts whole. */
export const xlsxFormats: Partial<Record<Column["type"], string>> = {
  money: "#,##0.00",
  date: "yyyy-mm-dd",
  number: "0"
}

/** A width in characters: a Chinese character counts two. */
const widthOf = (text: string): number =>
  [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)

const typeWidths: Record<Column["type"], number> = {
  text: 16,
  list: 24,
  money: 16,
  decimal: 10,
  date: 12,
  number: 8,
  boolean: 6
}

/** A sensible width: the header's or the type's, whichever is wider, within 8–40. */
export const columnWidth = (column: Column, header: string): number =>
  Math.min(40, Math.max(8, widthOf(header) + 2, typeWidths[column.type]))

// ------------------------------------------------------------------------------------------------ pages

/**
 * A row as the export writes it in `lang`: a coded message in the file's language, as the page shows it —
 * a row's `message` beside its catalogue `code` and `params` (an alert's), or its `label` beside its
 * `detail: { code, params }` (a journey event's); any other row as it is.
 */
const inLanguage =
  (lang: ExportLanguage) =>
  (row: unknown): unknown => {
    const said = row as {
      readonly message?: unknown
      readonly code?: unknown
      readonly params?: unknown
      readonly label?: unknown
      readonly detail?: { readonly code?: unknown; readonly params?: unknown } | null
    }
    if (typeof said?.message === "string" && typeof said.code === "string") {
      const params = (said.params ?? undefined) as Readonly<Record<string, string>> | undefined
      return { ...said, message: localizedMessage({ message: said.message, code: said.code, params }, lang) }
    }
    if (typeof said?.label === "string" && typeof said.detail?.code === "string") {
      const params = (said.detail.params ?? undefined) as Readonly<Record<string, string>> | undefined
      return {
        ...said,
        label: localizedMessage({ message: said.label, code: said.detail.code, params }, lang)
      }
    }
    return row
  }

/**
 * The list's pages, `pageSize` items at a time, through the operation itself (its checks, its scope): by
 * keyset where the list declares one (`op.keyset`: each page one index range after the last row read, no
 * count, so the millionth row costs what the first did), else by `limit`/`offset`. A table is one page:
 * the rows of the read's answer, then its declared total row (labelled in `lang`).
 */
async function* pagesOf(
  kejin: Kejin,
  op: AnyOperation,
  input: Readonly<Record<string, unknown>>,
  options: ReturnType<typeof commandOptions>,
  pageSize: number,
  lang: ExportLanguage
): AsyncGenerator<ReadonlyArray<unknown>> {
  const localized = inLanguage(lang)
  if (listItemOf(op) === undefined) {
    yield exportRowsOf(op, op.toJson(await kejin.run(execute(op, input, options))), lang).map(localized)
    return
  }
  if (op.keyset !== undefined) {
    let after: unknown
    for (;;) {
      const batch = await kejin.run(executeAfter(op, input, { limit: pageSize, after }, options))
      yield batch.items.map(localized)
      if (batch.next === null || batch.next === undefined || batch.items.length < pageSize) return
      after = batch.next
    }
  }
  let offset = 0
  for (;;) {
    const output = await kejin.run(execute(op, { ...input, limit: pageSize, offset }, options))
    const page = op.toJson(output) as { readonly total: number }
    const items = exportRowsOf(op, page)
    yield items.map(localized)
    offset += items.length
    if (items.length < pageSize || offset >= page.total) return
  }
}

/** CSV: a byte-order mark (spreadsheets read UTF-8 by it), the header row, then each page as it is read. */
const csvBody = (
  first: IteratorResult<ReadonlyArray<unknown>>,
  pages: AsyncGenerator<ReadonlyArray<unknown>>,
  columns: ReadonlyArray<Column>,
  headers: ReadonlyArray<string>,
  lang: ExportLanguage,
  choices: ReadonlyMap<string, ReadonlyArray<string>>,
  bom = true
): ReadableStream<Uint8Array> =>
  pagedText(first, pages, `${bom ? "\uFEFF" : ""}${csvLine(headers)}`, (items) =>
    items
      .map((item) =>
        csvLine(columns.map((column) => csvText(cellOf(item, column), column, lang, choices.get(column.key))))
      )
      .join("")
  )

/**
 * XLSX, written by exceljs's streaming writer: each page's rows are committed (written out and dropped) as
 * they are read; the header row is frozen, money has two decimals, dates are date cells. The next page is
 * read only once the rows before it went through the zip (see {@link zipped}), so memory holds about a page.
 */
const xlsxBody = (
  first: IteratorResult<ReadonlyArray<unknown>>,
  pages: AsyncGenerator<ReadonlyArray<unknown>>,
  columns: ReadonlyArray<Column>,
  headers: ReadonlyArray<string>,
  lang: ExportLanguage,
  sheetName: string,
  choices: ReadonlyMap<string, ReadonlyArray<string>>
): ReadableStream<Uint8Array> => {
  const out = new PassThrough()
  const workbook = new (excelJs().stream.xlsx.WorkbookWriter)({
    stream: out,
    useStyles: true,
    useSharedStrings: false
  })
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] })
  // The columns (headers, widths, formats) before any row: the streaming writer writes them out first.
  sheet.columns = columns.map((column, i) => {
    const header = headers[i] ?? column.key
    const format = xlsxFormats[column.type]
    return {
      header,
      key: column.key,
      width: columnWidth(column, header),
      ...(format === undefined ? {} : { style: { numFmt: format } })
    }
  })
  sheet.getRow(1).font = { bold: true }
  const write = async () => {
    let next = first
    while (!next.done) {
      for (const item of next.value)
        sheet
          .addRow(
            columns.map((column) => xlsxValue(cellOf(item, column), column, lang, choices.get(column.key)))
          )
          .commit()
      await zipped(sheet, out)
      // The client went away: no more pages.
      if (out.destroyed) {
        await pages.return(undefined)
        return
      }
      next = await pages.next()
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((error: unknown) => out.destroy(error as Error))
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>
}

/** Until `stream` may take more (its `drain`), or `out` closed (the client went away: nothing will drain). */
const drained = (stream: Writable, out: Writable): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done).off("close", done)
      out.off("close", done)
      resolve()
    }
    stream.once("drain", done).once("close", done)
    out.once("close", done)
  })

/**
 * Whether `stream` holds more than it wants (it emits `drain` once it took it). The zip's streams are
 * `readable-stream` 2 ones (archiver's), without `writableNeedDrain`: their state says it.
 */
const backedUp = (stream: Writable): boolean => {
  if (stream.destroyed === true) return false
  return (
    stream.writableNeedDrain ??
    (stream as unknown as { readonly _writableState?: { readonly needDrain?: boolean } })._writableState
      ?.needDrain ??
    false
  )
}

/**
 * Until the rows committed so far went into the zip and `out` was taken. exceljs writes a sheet's rows
 * into the zip's input without waiting for it (its buffer ignores the input's backpressure, and a page
 * read from SQLite never yields to the event loop), so the next page must wait here: else every row of
 * the list piles up in the zip's input before the first byte goes out. That input is the sheet's buffer's
 * pipe (exceljs 4.4's `StreamBuf.pipes`: archiver's stream in front of its compressor); before the zip
 * reaches the sheet there is none, and one event-loop turn lets it.
 */
const zipped = async (sheet: ExcelJS.Worksheet, out: Writable): Promise<void> => {
  await new Promise((resolve) => setImmediate(resolve))
  for (;;) {
    const input = (sheet as unknown as { readonly stream?: { readonly pipes?: ReadonlyArray<Writable> } })
      .stream?.pipes?.[0]
    const full = [input, out].find((s) => s !== undefined && backedUp(s))
    if (full === undefined || out.destroyed) return
    await drained(full, out)
  }
}

// ------------------------------------------------------------------------------------------------ routes

const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

/**
 * A table's pages as a download of `format`, written as every declared list's export is: the same CSV (BOM,
 * defused formulas) and XLSX (frozen header, widths, number and date cells) for a table a page builds
 * itself (the audit log), given its columns and their headers in `lang`.
 */
export const tableDownload = (table: {
  readonly format: ExportFormat
  readonly first: IteratorResult<ReadonlyArray<unknown>>
  readonly pages: AsyncGenerator<ReadonlyArray<unknown>>
  readonly columns: ReadonlyArray<Column>
  readonly headers: ReadonlyArray<string>
  readonly lang: ExportLanguage
  readonly sheetName: string
  readonly fileName: string
}): { readonly body: ReadableStream<Uint8Array>; readonly headers: Record<string, string> } => ({
  body:
    table.format === "csv"
      ? csvBody(table.first, table.pages, table.columns, table.headers, table.lang, new Map())
      : xlsxBody(
          table.first,
          table.pages,
          table.columns,
          table.headers,
          table.lang,
          table.sheetName,
          new Map()
        ),
  headers: {
    "content-type": contentTypes[table.format],
    "content-disposition": `attachment; filename="${table.fileName}"`
  }
})

/**
 * The file's name: `kejin-<the list's path below /api/v1, its parts joined by dashes>-<today>.<format>`, from
 * the path asked for (`/api/v1/funds/wz-city-fund/ledger/export.xlsx` → `kejin-funds-wz-city-fund-ledger-2026-12-06.xlsx`):
 * what the file holds, in the words of its address. Only letters, digits, dashes and dots stay in a name.
 */
export const exportFileName = (path: string, format: ExportFormat, date: string): string => {
  const parts = path
    .replace(/^\/api\/v\d+\//, "")
    .replace(/\/export(\/[^/]+)?\.[a-z]+$/, "$1")
    .split("/")
    .map((part) => decodeURIComponent(part).replace(/[^A-Za-z0-9.-]+/g, "_"))
    .filter((part) => part !== "")
  return `kejin-${parts.join("-")}-${date}.${format}`
}

/** Registers the route of one derived export on `app` (the read's permission in front of it). */
const mountExport = (
  app: Hono<KejinEnv>,
  kejin: Kejin,
  { op, format, suffix }: ListExport,
  { pageSize = exportPageSize, under = "" }: ExportOptions
) => {
  const filters = exportFilters(op)
  const columns = exportColumns(op)
  const choices = exportChoices(op)
  app.get(
    `${honoPath(op)}/${suffix}.${format}`.slice(under.length),
    requirePermission(op.permission),
    async (c) => {
      const prepared = pathInput(c, op, {})
      if (prepared.problem) return problem(c, prepared.problem)
      // `bom=false` (a CSV's): no byte-order mark, for a program that reads the file.
      const query = onlyParams(c, [
        ...filters.map((q) => q.name),
        "lang",
        ...(format === "csv" ? ["bom"] : [])
      ])
      if (query.problem) return problem(c, query.problem)
      const params = query.params as Readonly<Record<string, string | undefined>>
      const checks = queryChecks()
      const lang = checks.oneOf("lang", params.lang, exportLanguages) ?? "zh"
      const bom = checks.boolean("bom", params.bom) ?? true
      const bad = checks.problem()
      if (bad) return problem(c, bad)
      const fields = (op.input as unknown as { readonly fields?: Readonly<Record<string, Schema.Top>> })
        .fields
      const input = {
        ...(prepared.input as object),
        ...Object.fromEntries(
          filters.flatMap((q) => {
            const value = params[q.name]
            const field = q.field ?? q.name
            return value === undefined ? [] : [[field, queryValue(fields?.[field], value)]]
          })
        )
      }
      const pages = pagesOf(kejin, op, input, commandOptions(c), pageSize, lang)
      // The first page before any byte: a bad filter is the read's 400, a fund not theirs the read's 403.
      const first = await firstPage(c, pages, (error) => readProblem(op, error))
      if (first instanceof Response) return first
      const date = await kejin.run(todayInShanghai)
      const headers = columns.map((column) => column.label?.[lang] ?? column.key)
      const body =
        format === "csv"
          ? csvBody(first, pages, columns, headers, lang, choices, bom)
          : xlsxBody(first, pages, columns, headers, lang, op.summary[lang], choices)
      return c.body(body, 200, {
        "content-type": contentTypes[format],
        "content-disposition": `attachment; filename="${exportFileName(c.req.path, format, date)}"`
      })
    }
  )
}

/**
 * Every derived export's route on `app`, before the declared operations' routes (so `/api/v1/funds/export.csv`
 * is the export, not the fund whose code is `export.csv`).
 */
export const mountExports = (
  app: Hono<KejinEnv>,
  kejin: Kejin,
  modules: ReadonlyArray<Module>,
  options: ExportOptions = {}
) => {
  const under = options.under ?? ""
  for (const each of listExports(modules))
    if (each.path.startsWith(`${under}/`)) mountExport(app, kejin, each, options)
}

/** The derived exports as a sub-app (for a test or an embedder). */
export const exportsApi = (kejin: Kejin, modules: ReadonlyArray<Module>, options: ExportOptions = {}) => {
  const app = new Hono<KejinEnv>()
  mountExports(app, kejin, modules, options)
  return app
}
