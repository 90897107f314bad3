import type {
  CellValue,
  ImportKind,
  ImportMapping,
  ImportMode,
  ImportSummary,
  RowOutcome,
  SheetRow
} from "@kejin/core"
import { localizedMessage, rowsFromBytes, UnreadableFile, ValidationError } from "@kejin/core"
import {
  decodeInput,
  headerKey,
  type ImportColumn,
  matchHeaders,
  rowInput,
  SavedMappingInput
} from "@kejin/core/internal"
import type { Context } from "hono"
import { catalogueText, type Lang, type LocalizedText } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import { columnName, fieldTakenText, sameHeaderText, unitName, words } from "./vocabulary.js"

/*
 * One step of an upload (check, report, commit): the form as posted (the file again each time, the sheet,
 * the mode, the source and the mapping as chosen), the file's header row read first (so that the mapping can
 * be shown and changed even when the engine refuses it), then the engine's run over the header and the rest.
 * Nothing is kept between steps but a mapping saved for a source (the core's journaled write), which the
 * first check of the source's next file uses.
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
  /** A money column's unit as chosen (`unit.<i>`: yuan, wan, yi), by column position. */
  readonly units: ReadonlyMap<number, string>
  /** A value for every row of a field the file lacks (`const.<field>`), the blank ones left out. */
  readonly constants: ReadonlyMap<string, string>
  /** Where the file comes from (a bank, a fund administrator), "" for none. */
  readonly source: string
  /** The source the posted mapping was drawn for (`mapping.source`); undefined when none was posted. */
  readonly mappingSource: string | undefined
  /** Whether to save the mapping for the source when importing. */
  readonly saveMapping: boolean
}

/** Why a step stopped before any row was checked: the HTTP status and what the page says. */
export interface Stop {
  readonly status: 400 | 413 | 422
  readonly message: LocalizedText
  /** When the header was read: the mapping to show (and change). */
  readonly header?: HeaderView
  /** The engine's own reasons (a mapping naming no field, a header naming none), worded in either language. */
  readonly issues?: ReadonlyArray<LocalizedText>
}

/** Something wrong with the form: its field's name (`map.3`, `unit.6`, `const.pledgee.kind`, `source`), what
 * a person calls that field, and why. */
export interface FormError {
  readonly field: string
  readonly name: LocalizedText
  readonly message: LocalizedText
}

const inBoth = (text: (lang: Lang) => string): LocalizedText => ({ zh: text("zh"), en: text("en") })

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
  const units = new Map<number, string>()
  const constants = new Map<string, string>()
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== "string") continue
    const index = /^map\.(\d+)$/.exec(name)?.[1]
    const header = index === undefined ? undefined : body[`header.${index}`]
    if (index !== undefined && typeof header === "string")
      choices.set(Number(index), { header, field: value })
    const unit = /^unit\.(\d+)$/.exec(name)?.[1]
    if (unit !== undefined) units.set(Number(unit), value)
    const constant = /^const\.(.+)$/.exec(name)?.[1]
    if (constant !== undefined && value.trim() !== "") constants.set(constant, value.trim())
  }
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "")
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    name: file.name,
    sheet: sheetText === "" ? undefined : /^\d+$/.test(sheetText) ? Number(sheetText) : sheetText,
    mode: body.mode === "skip-invalid" ? "skip-invalid" : "all-or-nothing",
    choices,
    units,
    constants,
    source: text(body.source),
    mappingSource: typeof body["mapping.source"] === "string" ? text(body["mapping.source"]) : undefined,
    saveMapping: body.saveMapping === "on"
  }
}

export const isStop = (value: unknown): value is Stop =>
  typeof value === "object" && value !== null && "status" in value && "message" in value

const headerText = (cell: CellValue): string =>
  cell === null || cell === undefined ? "" : cell instanceof Date ? cell.toISOString() : String(cell).trim()

type HeaderMatch = ReturnType<typeof matchHeaders>
type SavedMapping = NonNullable<Awaited<ReturnType<PanelContext["kejin"]["imports"]["mapping"]>>>
type Unit = "yuan" | "wan" | "yi"
export const UNITS: ReadonlyArray<Unit> = ["yuan", "wan", "yi"]
const isUnit = (text: string | undefined): text is Unit => UNITS.some((u) => u === text)

/** The file's header and how its columns are read: as found (`detected`) and as chosen (`match`). */
export interface HeaderView {
  readonly row: SheetRow
  readonly headers: ReadonlyArray<string>
  /** The headers as the engine finds them with no mapping: a column it leaves out is unknown. */
  readonly detected: HeaderMatch
  /** With the mapping in use (the same as `detected` on a first check without a saved mapping). */
  readonly match: HeaderMatch
  /** Each column's field as chosen ("" to leave it out), by position: as posted, even when refused. */
  readonly fields: ReadonlyMap<number, string>
  /** The mapping in use: the posted choices, else the one saved for the source, else none. */
  readonly mapping: ImportMapping | undefined
  /** The source the mapping is drawn for ("" for none), the mapping saved for it, and whether it is in use. */
  readonly source: string
  readonly saved: SavedMapping | undefined
  readonly savedUsed: boolean
  /** Money columns (by position) whose header names a unit that cannot be read, with no unit chosen. */
  readonly unitProblems: ReadonlySet<number>
  /** What is wrong with the mapping as chosen: nothing is run until it is put right. */
  readonly errors: ReadonlyArray<FormError>
  /** Whether "save this mapping" was ticked. */
  readonly save: boolean
}

/** The money columns whose header's unit cannot be read: the core's problem for them is at the header. */
const unitProblemsOf = (match: HeaderMatch): Set<number> =>
  new Set(
    match.matched
      .filter(
        (m) =>
          m.column.type === "money" &&
          match.problems.some((p) => p.code === "import-header-unit" && p.path === m.header)
      )
      .map((m) => m.index)
  )

/**
 * The posted mapping (`columns: { header: field | null }` for every column, the units that differ from the
 * headers' own, the constants) and what is wrong with it; undefined when none was posted for this file
 * and source: choices made for another file (another header at some position) or for another source are
 * dropped, and the source's saved mapping or the headers decide again.
 */
const postedMapping = (
  form: UploadForm,
  columns: ReadonlyArray<ImportColumn>,
  cells: ReadonlyArray<CellValue>,
  headers: ReadonlyArray<string>
): { readonly mapping: ImportMapping; readonly errors: ReadonlyArray<FormError> } | undefined => {
  if (form.choices.size === 0 || (form.mappingSource ?? "") !== form.source) return undefined
  const byKey = new Map(columns.map((c) => [c.key, c]))
  const mapped: Record<string, string | null> = {}
  const errors: Array<FormError> = []
  const taken = new Map<string, string>()
  const byHeaderKey = new Map<string, { header: string; field: string }>()
  for (const [index, choice] of [...form.choices].sort(([a], [b]) => a - b)) {
    if (headers[index] !== choice.header || choice.header === "") return undefined
    const field = byKey.has(choice.field) ? choice.field : ""
    const name = inBoth((lang) => columnName(choice.header, lang))
    const same = byHeaderKey.get(headerKey(choice.header))
    if (same !== undefined && same.field !== field)
      errors.push({
        field: `map.${index}`,
        name,
        message: inBoth((lang) => sameHeaderText(same.header, lang))
      })
    byHeaderKey.set(headerKey(choice.header), { header: choice.header, field })
    const before = field === "" ? undefined : taken.get(field)
    if (before !== undefined && same === undefined) {
      const label = byKey.get(field)!.label
      errors.push({
        field: `map.${index}`,
        name,
        message: inBoth((lang) => fieldTakenText(label[lang], before, lang))
      })
    }
    if (field !== "" && before === undefined) taken.set(field, choice.header)
    mapped[choice.header] = field === "" ? null : field
  }
  const constants: Record<string, string> = {}
  for (const [field, value] of form.constants) {
    const column = byKey.get(field)
    if (column === undefined) continue
    // Kept when refused too, to be shown as typed.
    if (taken.has(field))
      errors.push({ field: `const.${field}`, name: column.label, message: words.constantTaken })
    constants[field] = value
  }
  // A unit is kept where it says something the header does not: another unit, or one the header cannot give.
  const base = matchHeaders(columns, cells, { columns: mapped, constants })
  const problems = unitProblemsOf(base)
  const units: Record<string, Unit> = {}
  for (const m of base.matched) {
    const unit = form.units.get(m.index)
    if (m.column.type === "money" && isUnit(unit) && (unit !== m.unit || problems.has(m.index)))
      units[m.column.key] = unit
  }
  return {
    mapping: {
      columns: mapped,
      ...(Object.keys(constants).length === 0 ? {} : { constants }),
      ...(Object.keys(units).length === 0 ? {} : { units })
    },
    errors
  }
}

/**
 * A saved mapping as it applies to this file: its columns that the file has, its fields that the kind still
 * has (a file from the source without one of its columns is read all the same).
 */
const applicableMapping = (
  saved: ImportMapping,
  columns: ReadonlyArray<ImportColumn>,
  headers: ReadonlyArray<string>
): ImportMapping => {
  const fields = new Map(columns.map((c) => [c.key, c]))
  const present = new Set(headers.filter((h) => h !== "").map(headerKey))
  const pick = <V>(
    record: Readonly<Record<string, V>> | undefined,
    keep: (key: string, value: V) => boolean
  ): Record<string, V> | undefined => {
    const kept = Object.entries(record ?? {}).filter(([k, v]) => keep(k, v))
    return kept.length === 0 ? undefined : Object.fromEntries(kept)
  }
  const mapped = pick(
    saved.columns,
    (header, field) => present.has(headerKey(header)) && (field === null || fields.has(field))
  )
  const constants = pick(saved.constants, (field) => fields.has(field))
  const units = pick(saved.units, (field) => fields.get(field)?.type === "money")
  return {
    ...(mapped === undefined ? {} : { columns: mapped }),
    ...(constants === undefined ? {} : { constants }),
    ...(units === undefined ? {} : { units })
  }
}

/** How a match reads the file, to compare two: each column's field and unit, each constant. */
const readingOf = (match: HeaderMatch): string =>
  JSON.stringify([
    match.matched.map((m) => [m.index, m.column.key, m.column.type === "money" ? m.unit : ""]),
    match.constants.map((c) => [c.column.key, c.value])
  ])

/** What is wrong with the mapping in use that the page can say at a field: units, constants' values. */
const mappingErrors = (columns: ReadonlyArray<ImportColumn>, match: HeaderMatch): Array<FormError> => {
  const errors: Array<FormError> = []
  for (const index of unitProblemsOf(match)) {
    const header = match.matched.find((m) => m.index === index)?.header ?? ""
    errors.push({
      field: `unit.${index}`,
      name: inBoth((lang) => unitName(header, lang)),
      message: words.unitUnreadable
    })
  }
  for (const { column, value } of match.constants) {
    const alone = matchHeaders(columns, [], { constants: { [column.key]: value } })
    for (const issue of rowInput(alone, []).issues)
      errors.push({ field: `const.${column.key}`, name: column.label, message: issue.reason })
  }
  return errors
}

/** The source's name, when it is one the core would save a mapping under. */
const sourceError = async (ctx: PanelContext, kind: ImportKind, source: string) => {
  if (source === "") return undefined
  try {
    await ctx.kejin.run(decodeInput(SavedMappingInput, { kind: kind.kind, source, mapping: {} }, []))
    return undefined
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return { field: "source", name: words.sourceName, message: words.sourceInvalid }
  }
}

/** Reads the header row: the mapping in use (posted, saved for the source, or none) and what is wrong with it. */
const headerView = async (
  ctx: PanelContext,
  kind: ImportKind,
  form: UploadForm,
  row: SheetRow,
  mode: ImportMode
): Promise<HeaderView> => {
  const headers = row.cells.map(headerText)
  const invalidSource = await sourceError(ctx, kind, form.source)
  const saved =
    form.source === "" || invalidSource !== undefined
      ? undefined
      : await ctx.kejin.imports.mapping(kind.kind, form.source)
  const savedMapping =
    saved === undefined ? undefined : applicableMapping(saved.mapping, kind.columns, headers)
  const posted = postedMapping(form, kind.columns, row.cells, headers)
  const mapping = posted?.mapping ?? savedMapping
  const match = matchHeaders(kind.columns, row.cells, mapping)
  const savedUsed =
    savedMapping !== undefined &&
    readingOf(match) === readingOf(matchHeaders(kind.columns, row.cells, savedMapping))
  const needsSource =
    mode !== "dry-run" && form.saveMapping && form.source === ""
      ? { field: "source", name: words.sourceName, message: words.sourceNeeded }
      : undefined
  const fields = new Map<number, string>(
    posted === undefined
      ? match.matched.map((m) => [m.index, m.column.key])
      : [...form.choices].map(([index, choice]) => [index, choice.field])
  )
  return {
    row,
    headers,
    detected: matchHeaders(kind.columns, row.cells),
    match,
    fields,
    mapping,
    source: form.source,
    saved,
    savedUsed,
    unitProblems: unitProblemsOf(match),
    errors: [
      ...(invalidSource === undefined ? [] : [invalidSource]),
      ...(needsSource === undefined ? [] : [needsSource]),
      ...(posted?.errors ?? []),
      ...mappingErrors(kind.columns, match)
    ],
    save: form.saveMapping
  }
}

/**
 * The mapping to save for the source: the columns read otherwise than the headers alone would read them
 * (so that the source's next file, with a column more or less, is read the same way), the units, the
 * constants.
 */
export const mappingToSave = (header: HeaderView): ImportMapping => {
  const detected = new Map(header.detected.matched.map((m) => [m.index, m.column.key]))
  const chosen = new Map(header.match.matched.map((m) => [m.index, m.column.key]))
  const columns: Record<string, string | null> = {}
  header.headers.forEach((text, index) => {
    if (text !== "" && detected.get(index) !== chosen.get(index)) columns[text] = chosen.get(index) ?? null
  })
  const { constants, units } = header.mapping ?? {}
  return {
    ...(Object.keys(columns).length === 0 ? {} : { columns }),
    ...(constants === undefined ? {} : { constants }),
    ...(units === undefined ? {} : { units })
  }
}

/**
 * Saves the mapping for the header's source (the core's journaled write, the kind's permission): the
 * journal entry, or undefined when the mapping saved already reads this file the same way (it is kept, with
 * whatever else it says for the source's other files).
 */
export const saveUploadMapping = async (
  ctx: PanelContext,
  kind: ImportKind,
  header: HeaderView
): Promise<{ readonly source: string; readonly journalSeq: number | undefined }> => {
  if (header.savedUsed) return { source: header.source, journalSeq: undefined }
  const mapping = mappingToSave(header)
  const saved = await ctx.kejin.imports.saveMapping(
    { kind: kind.kind, source: header.source, mapping },
    { actor: ctx.actor }
  )
  return { source: saved.source, journalSeq: saved.journalSeq }
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
export const stopOf = (error: unknown, header?: HeaderView): Stop => {
  if (error instanceof UnreadableFile)
    return {
      status: 422,
      message: inBoth((lang) => localizedMessage(error.told, lang))
    }
  if (error instanceof ValidationError)
    return {
      status: 422,
      message: words.refused,
      ...(header === undefined ? {} : { header }),
      issues: error.issues.map((i) => inBoth((lang) => localizedMessage(i, lang)))
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
    header = await headerView(ctx, kind, form, first.value, mode)
    const { mapping } = header
    if (header.errors.length > 0) return { status: 422, message: words.mappingErrors, header }
    // Said here in both languages, with the columns to choose from (the engine would refuse it too).
    if (header.match.matched.length === 0 && header.match.problems.length === 0) {
      // A workbook whose first tab is a note or a cover: say which sheet was read and how to pick another.
      const sheet = form.sheet === undefined && source.format === "xlsx" ? source.sheet : undefined
      const read = sheet === undefined ? undefined : catalogueText("import-page-first-sheet", { sheet })
      const message =
        read === undefined
          ? words.noColumns
          : { zh: `${words.noColumns.zh}${read.zh}`, en: `${words.noColumns.en} ${read.en}` }
      return { status: 422, message, header }
    }
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
