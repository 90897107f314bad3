import type {
  CellValue,
  ImportKind,
  ImportMapping,
  ImportMode,
  ImportSummary,
  RowOutcome,
  SheetRow
} from "@kejin/core"
import { rowsFromBytes, UnreadableFile, ValidationError } from "@kejin/core"
import { matchHeaders } from "@kejin/core/internal"
import type { Context } from "hono"
import type { LocalizedText } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import { unreadableText, words } from "./vocabulary.js"

/*
 * One step of an upload (check, report, commit): the form as posted (the file again each time, the sheet,
 * the mode and the columns' choices), the file's header row read first (so that the mapping can be shown
 * and changed even when the engine refuses it), then the engine's run over the header and the rest.
 * Nothing is kept between steps.
 */

/** The largest file the import pages take. */
export const IMPORT_UPLOAD_BYTES = 20 * 1024 * 1024

/** Room for the multipart framing and the form's other fields around the file. */
const FORM_SLACK = 256 * 1024

/** The largest request body an upload step may have (the server's body limit for these paths). */
export const IMPORT_BODY_BYTES = IMPORT_UPLOAD_BYTES + FORM_SLACK

/** Whether a request is one of the import pages' uploads (`POST /imports/{kind}/check|report|commit`). */
export const isImportUpload = (method: string, path: string): boolean =>
  method === "POST" && /^\/imports\/[a-z][a-z0-9-]*\/(?:check|report|commit)$/.test(path)

/** The form of an upload step. */
export interface UploadForm {
  readonly bytes: Uint8Array
  readonly name: string
  readonly sheet: string | number | undefined
  readonly mode: Exclude<ImportMode, "dry-run">
  /** The columns' choices posted back (`map.<i>` with `header.<i>`), by column position. */
  readonly choices: ReadonlyMap<number, { readonly header: string; readonly field: string }>
}

/** Why a step stopped before any row was checked: the HTTP status and what the page says. */
export interface Stop {
  readonly status: 400 | 413 | 422
  readonly message: LocalizedText
  /** When the header was read: the mapping to show (and change). */
  readonly header?: HeaderView
  /** The engine's own reasons (a mapping naming no field, a header naming none). */
  readonly issues?: ReadonlyArray<string>
}

/** Reads the posted form; a Stop when there is no file or it is too large. */
export const readUploadForm = async (c: Context): Promise<UploadForm | Stop> => {
  const length = Number(c.req.header("content-length") ?? "0")
  if (length > IMPORT_BODY_BYTES) return { status: 413, message: words.tooLarge }
  const body = await c.req.parseBody()
  const file = body.file
  if (!(file instanceof File) || file.name === "") return { status: 400, message: words.noFile }
  if (file.size > IMPORT_UPLOAD_BYTES) return { status: 413, message: words.tooLarge }
  const sheetText = typeof body.sheet === "string" ? body.sheet.trim() : ""
  const choices = new Map<number, { header: string; field: string }>()
  for (const [name, value] of Object.entries(body)) {
    const index = /^map\.(\d+)$/.exec(name)?.[1]
    const header = index === undefined ? undefined : body[`header.${index}`]
    if (index !== undefined && typeof value === "string" && typeof header === "string")
      choices.set(Number(index), { header, field: value })
  }
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    name: file.name,
    sheet: sheetText === "" ? undefined : /^\d+$/.test(sheetText) ? Number(sheetText) : sheetText,
    mode: body.mode === "skip-invalid" ? "skip-invalid" : "all-or-nothing",
    choices
  }
}

export const isStop = (value: unknown): value is Stop =>
  typeof value === "object" && value !== null && "status" in value && "message" in value

const headerText = (cell: CellValue): string =>
  cell === null || cell === undefined ? "" : cell instanceof Date ? cell.toISOString() : String(cell).trim()

type HeaderMatch = ReturnType<typeof matchHeaders>

/** The file's header and how its columns are read: as found (`detected`) and as chosen (`match`). */
export interface HeaderView {
  readonly row: SheetRow
  readonly headers: ReadonlyArray<string>
  /** The headers as the engine finds them with no mapping: a column it leaves out is unknown. */
  readonly detected: HeaderMatch
  /** With the posted choices (the same as `detected` on the first check). */
  readonly match: HeaderMatch
  /** The mapping the choices make (undefined on the first check, or for another file's choices). */
  readonly mapping: ImportMapping | undefined
}

/**
 * The choices as a mapping (`columns: { header: field | null }`): only when every posted header is the
 * file's own at that position (choices made for another file are dropped, and the headers detected again).
 */
const mappingOf = (form: UploadForm, headers: ReadonlyArray<string>): ImportMapping | undefined => {
  if (form.choices.size === 0) return undefined
  const columns: Record<string, string | null> = {}
  for (const [index, choice] of form.choices) {
    if (headers[index] !== choice.header || choice.header === "") return undefined
    columns[choice.header] = choice.field === "" ? null : choice.field
  }
  return { columns }
}

/** Rows of the check: the first ones for the preview, and the ones in error or in conflict. */
export const PREVIEW_ROWS = 10
export const PROBLEM_ROWS = 100

export interface RunView {
  readonly header: HeaderView
  readonly summary: ImportSummary
  readonly preview: ReadonlyArray<RowOutcome>
  readonly problems: ReadonlyArray<RowOutcome>
}

async function* rowsAfter(first: SheetRow, rest: AsyncIterator<SheetRow>): AsyncGenerator<SheetRow> {
  yield first
  while (true) {
    const next = await rest.next()
    if (next.done) return
    yield next.value
  }
}

/** A failure of the reader or the engine as a Stop (anything else is thrown on). */
const stopOf = (error: unknown, header?: HeaderView): Stop => {
  if (error instanceof UnreadableFile)
    return {
      status: 422,
      message: { zh: unreadableText(error.reason, "zh"), en: unreadableText(error.reason, "en") }
    }
  if (error instanceof ValidationError)
    return {
      status: 422,
      message: words.refused,
      ...(header === undefined ? {} : { header }),
      issues: error.issues.map((i) => i.message)
    }
  throw error
}

/**
 * Runs the engine over the uploaded file in `mode` with the posted mapping; `onRow` sees every row's
 * outcome (a report). Answers what the page shows, or a Stop.
 */
export const runUpload = async (
  ctx: PanelContext,
  kind: ImportKind,
  form: UploadForm,
  mode: ImportMode,
  hooks: {
    readonly onHeader?: (header: SheetRow) => void
    readonly onRow?: (outcome: RowOutcome) => Promise<void>
  } = {}
): Promise<RunView | Stop> => {
  let header: HeaderView | undefined
  try {
    const source = await rowsFromBytes(form.bytes, form.name, {
      ...(form.sheet === undefined ? {} : { sheet: form.sheet })
    })
    const rows = source.rows[Symbol.asyncIterator]()
    const first = await rows.next()
    if (first.done) return { status: 422, message: words.emptyFile }
    const headers = first.value.cells.map(headerText)
    const mapping = mappingOf(form, headers)
    header = {
      row: first.value,
      headers,
      detected: matchHeaders(kind.columns, first.value.cells),
      match: matchHeaders(kind.columns, first.value.cells, mapping),
      mapping
    }
    // Said here in both languages, with the columns to choose from (the engine would refuse it too).
    if (header.match.matched.length === 0 && header.match.problems.length === 0)
      return { status: 422, message: words.noColumns, header }
    const preview: Array<RowOutcome> = []
    const problems: Array<RowOutcome> = []
    const summary = await ctx.kejin.imports.run({
      kind: kind.kind,
      rows: rowsAfter(first.value, rows),
      file: form.name,
      mode,
      ...(mapping === undefined ? {} : { mapping }),
      actor: ctx.actor,
      onHeader: (_match, row) => hooks.onHeader?.(row),
      onRow: async (outcome) => {
        if (preview.length < PREVIEW_ROWS) preview.push(outcome)
        if ((outcome.status === "error" || outcome.status === "conflict") && problems.length < PROBLEM_ROWS)
          problems.push(outcome)
        await hooks.onRow?.(outcome)
      }
    })
    return { header, summary, preview, problems }
  } catch (error) {
    return stopOf(error, header)
  }
}
