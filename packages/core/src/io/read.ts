import { once } from "node:events"
import { createReadStream } from "node:fs"
import { open as openFile, stat } from "node:fs/promises"
import { posix } from "node:path"
import { pipeline, Readable } from "node:stream"
import { createInflateRaw } from "node:zlib"
import { parse } from "csv-parse"
import type ExcelJS from "exceljs"
import iconv from "iconv-lite"
import { type ErrorDescription, errorDescription } from "../errors.js"
import { localizedMessage, type ParamsOf, quoting, type Said, say } from "../text/messages.js"
import type { CellValue } from "./cells.js"
import { excelJs } from "./excel.js"

/**
 * Spreadsheet files (.csv, .txt, .xlsx) as a stream of rows, for the imports (`kejin import`, the
 * browser upload). Memory stays flat: CSV is parsed as it is read; an XLSX is read through its zip
 * directory, so only the chosen sheet is inflated, row by row (the shared-string table, which cells
 * index at random, is the one part held whole).
 *
 * Why not exceljs's own streaming WorkbookReader: it takes zip entries in stored order and needs
 * workbook.xml, the shared strings and the styles before the sheets. LibreOffice stores workbook.xml
 * and styles.xml after the sheets, so it fails there ("Cannot read properties of undefined (reading
 * 'sheets')", exceljs issues #962 and #3064) or loses the dates. Here the zip's central directory is
 * read first and the parts are handed to exceljs's own parsers in the order they need; cell typing
 * (shared strings, dates from number formats, formulas' cached values) stays exceljs's.
 */

export type { CellValue }

export interface SheetRow {
  /** 1-based line (CSV) or row (XLSX) number in the file; the header is row 1 when it is the first line. */
  readonly rowNo: number
  readonly cells: ReadonlyArray<CellValue>
}

export type FileFormat = "csv" | "xlsx"

export interface RowSource {
  readonly format: FileFormat
  /** CSV: the encoding used, detected or forced: "utf-8", "gb18030", "gbk" or "utf-16le". */
  readonly encoding?: string
  /** XLSX: the sheet's name. */
  readonly sheet?: string
  /**
   * Every non-empty row, header included, in file order; iterate once. CSV cells are strings, as
   * written (not trimmed). XLSX cells are string, number, boolean, Date (a date-formatted cell: its
   * UTC fields hold the date and time shown in the cell) or null (an empty cell, so columns keep
   * their positions). Leaving the loop early closes the file.
   */
  readonly rows: AsyncIterable<SheetRow>
  /**
   * How far the rows have got through the file, from 0 to 1 (the bytes of the stream being read: the
   * CSV, or the sheet's part of the workbook), for a progress bar's estimate of the time left.
   */
  readonly progress: () => number
}

export interface ReadOptions {
  /** XLSX: the sheet's name or 1-based position among the tabs; default the first. */
  readonly sheet?: string | number
  /** CSV: force the encoding instead of detecting it. */
  readonly encoding?: "utf-8" | "gb18030" | "gbk"
  /** Default from the file's name. */
  readonly format?: FileFormat
}

/** Why a file cannot be read, said from the message catalogue (its `file-…` entries). */
export const unreadableReasons = {
  notFound: () => say("file-not-found"),
  folder: () => say("file-is-folder"),
  noPermission: () => say("file-no-permission"),
  format: () => say("file-format"),
  notZip: () => say("file-not-zip"),
  legacyOrEncrypted: () => say("file-legacy-or-encrypted"),
  damagedZip: () => say("file-damaged-zip"),
  notWorkbook: () => say("file-not-workbook"),
  noSheets: () => say("file-no-sheets"),
  noSheet: (wanted: string | number, names: ReadonlyArray<string>) =>
    typeof wanted === "number"
      ? say("file-no-sheet-number", { number: String(wanted), sheets: names.join(", ") })
      : say("file-no-sheet-name", { name: wanted, sheets: names.join(", ") }),
  csvSyntax: (line: number) => say("file-csv-quotes", { line: String(line) }),
  damaged: (detail: string) => say("file-damaged", { detail }),
  other: (detail: string) => say("file-io-error", { detail })
} as const

/** A file the reader cannot read: missing, a folder, no permission, not a spreadsheet, a corrupt zip, no such sheet. */
export class UnreadableFile extends Error {
  readonly _tag = "UnreadableFile" as const
  override readonly name = "UnreadableFile"
  /** Why, said from the catalogue: its code and parameters, and its English words. */
  readonly said: Said
  readonly file: string
  constructor(file: string, said: Said, options?: { cause?: unknown }) {
    super(`${file}: ${said.message}`, options)
    this.file = file
    this.said = said
  }

  /** Why, in both languages (the catalogue's words of {@link said}). */
  get reason(): { readonly zh: string; readonly en: string } {
    return { zh: localizedMessage(this.said, "zh"), en: localizedMessage(this.said, "en") }
  }

  /** What a page says: the file cannot be read, and why (`file-unreadable`, quoting {@link said}). */
  get told(): Said {
    return say("file-unreadable", quoting("reason", this.said) as ParamsOf<"file-unreadable">)
  }

  /** A file that is not a spreadsheet Kejin reads: the sender's to fix (422, naming the file). */
  get [errorDescription](): ErrorDescription {
    const { message, code, params } = this.said
    return {
      status: 422,
      problem: "unreadable-file",
      title: "The file cannot be read",
      detail: message,
      code,
      params,
      issues: [{ path: "file", message, code, params }]
    }
  }
}

/** Reads a spreadsheet on disk. Fails with UnreadableFile before any row when the file cannot be read. */
export const openRows = async (file: string, options: ReadOptions = {}): Promise<RowSource> => {
  const format = formatOf(file, options)
  let size: number
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw new UnreadableFile(file, unreadableReasons.folder())
    size = info.size
    await (await openFile(file, "r")).close() // permission, before any promise of rows
  } catch (error) {
    throw unreadable(file, error)
  }
  return openSource(
    {
      name: file,
      size,
      open: (start = 0, end = size) =>
        end <= start ? Readable.from([]) : createReadStream(file, { start, end: end - 1 })
    },
    format,
    options
  )
}

/** Reads an upload held in memory; `name` (the uploaded file's name) gives the format. */
export const rowsFromBytes = async (
  bytes: Uint8Array,
  name: string,
  options: ReadOptions = {}
): Promise<RowSource> => {
  const format = formatOf(name, options)
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return openSource(
    {
      name,
      size: buffer.length,
      open: (start = 0, end = buffer.length) =>
        Readable.from(chunksOf(buffer.subarray(start, Math.max(start, end))), { objectMode: false })
    },
    format,
    options
  )
}

// ---------------------------------------------------------------------------------------------
// One path for files and uploads: a name, a size and a factory of byte-range streams.

interface ByteSource {
  readonly name: string
  readonly size: number
  /** A fresh stream over bytes [start, end) (default: all). */
  readonly open: (start?: number, end?: number) => Readable
}

const CHUNK = 64 * 1024

function* chunksOf(buffer: Buffer) {
  for (let at = 0; at < buffer.length; at += CHUNK) yield buffer.subarray(at, at + CHUNK)
}

const formatOf = (name: string, options: ReadOptions): FileFormat => {
  if (options.format !== undefined) return options.format
  const extension = posix.extname(name.replaceAll("\\", "/")).toLowerCase()
  if (extension === ".csv" || extension === ".txt") return "csv"
  if (extension === ".xlsx") return "xlsx"
  throw new UnreadableFile(name, unreadableReasons.format())
}

const openSource = async (
  source: ByteSource,
  format: FileFormat,
  options: ReadOptions
): Promise<RowSource> => {
  // The stream opened last is the one the rows come from (a workbook's sheet opens after its strings).
  let read = 0
  let total = 0
  const counted: ByteSource = {
    ...source,
    open: (start = 0, end = source.size) => {
      const stream = source.open(start, end)
      read = 0
      total = Math.max(0, end - start)
      stream.on("data", (chunk: Buffer | string) => {
        read += chunk.length
      })
      return stream
    }
  }
  const progress = () => (total === 0 ? 0 : Math.min(1, read / total))
  try {
    const opened = format === "csv" ? await openCsv(counted, options) : await openXlsx(counted, options)
    return { ...opened, progress }
  } catch (error) {
    throw unreadable(source.name, error)
  }
}

const unreadable = (file: string, error: unknown): UnreadableFile => {
  if (error instanceof UnreadableFile) return error
  const code = (error as { code?: unknown } | null)?.code
  const reason =
    code === "ENOENT" || code === "ENOTDIR"
      ? unreadableReasons.notFound()
      : code === "EISDIR"
        ? unreadableReasons.folder()
        : code === "EACCES" || code === "EPERM"
          ? unreadableReasons.noPermission()
          : typeof code === "string" && code.startsWith("E") && !code.startsWith("ERR_")
            ? unreadableReasons.other(code)
            : unreadableReasons.damaged(error instanceof Error ? error.message : String(error))
  return new UnreadableFile(file, reason, { cause: error })
}

const readRange = async (source: ByteSource, start: number, end: number): Promise<Buffer> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of source.open(start, end)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Rows handed out once; a second iteration is a programming error. */
const readOnce = (rows: () => AsyncGenerator<SheetRow>): AsyncIterable<SheetRow> => {
  let used = false
  return {
    [Symbol.asyncIterator]: () => {
      if (used) throw new Error("the rows of a RowSource can be read only once")
      used = true
      return rows()
    }
  }
}

/** Destroys a byte stream and waits until its file is closed. */
const close = async (stream: Readable) => {
  if (stream.closed) return
  const closed = once(stream, "close").catch(() => undefined)
  stream.destroy()
  await closed
}

const isBlank = (cell: CellValue) =>
  cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "")

// ---------------------------------------------------------------------------------------------
// CSV

/** Enough of the file to tell UTF-8 from GB18030 and to see the header line. */
const SAMPLE = 64 * 1024
/** Bytes in one CSV record, far above any real row. */
const MAX_RECORD = 1024 * 1024

/**
 * UTF-8 BOM → UTF-8; UTF-16LE BOM → UTF-16LE; else the first 64 KiB from the first non-ASCII byte
 * (ASCII reads the same in every candidate, so the bytes before it tell nothing) decides: valid
 * UTF-8 → UTF-8, else GB18030. An all-ASCII file is UTF-8 (a long one is scanned to its end first).
 */
const detectEncoding = async (source: ByteSource, head: Buffer): Promise<string> => {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8"
  // Excel's "Unicode text" (Unicode 文本) is UTF-16LE with a BOM, tab-separated.
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le"
  let from = nonAsciiIn(head)
  if (from < 0 && head.length < source.size) from = await firstNonAscii(source, head.length)
  if (from < 0) return "utf-8"
  const sample =
    from + SAMPLE <= head.length
      ? head.subarray(from, from + SAMPLE)
      : await readRange(source, from, from + SAMPLE)
  try {
    // stream: a character cut at the sample's end is held back, not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: from + sample.length < source.size })
    return "utf-8"
  } catch {
    return "gb18030" // a superset of GBK and GB2312: what Chinese Excel and WPS write as "CSV"
  }
}

const nonAsciiIn = (bytes: Uint8Array) => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i
  return -1
}

/** The offset of the first byte ≥ 0x80 at or after `from`, or -1; reads as far as it must. */
const firstNonAscii = async (source: ByteSource, from: number): Promise<number> => {
  const stream = source.open(from)
  let at = from
  try {
    for await (const chunk of stream) {
      const found = nonAsciiIn(chunk as Buffer)
      if (found >= 0) return at + found
      at += (chunk as Buffer).length
    }
    return -1
  } finally {
    await close(stream)
  }
}

const delimiterOf = (firstLine: string): string => {
  const has = (c: string) => firstLine.includes(c)
  if (has(",")) return ","
  if (has("\t")) return "\t"
  if (has(";")) return ";"
  return ","
}

const openCsv = async (source: ByteSource, options: ReadOptions): Promise<Omit<RowSource, "progress">> => {
  const head = await readRange(source, 0, Math.min(source.size, SAMPLE))
  const encoding = options.encoding ?? (await detectEncoding(source, head))
  const headText = iconv.decode(head, encoding)
  const delimiter = delimiterOf(headText.slice(0, headText.search(/\r|\n|$/)))
  async function* rows(): AsyncGenerator<SheetRow> {
    const raw = source.open()
    const parser = parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true, // 北京"科创"公司 unquoted, as people type it
      // Blank lines come as [""] and are skipped below with the rows of empty cells. Lines are
      // counted here, not by csv-parse: its count is off for CRLF inside quoted cells, and its
      // per-record info (on_record, info) made the whole read 2.4 times slower.
      skip_empty_lines: false,
      max_record_size: MAX_RECORD // an unclosed quote must not swallow the file into memory
    })
    const noop = () => undefined
    if (encoding === "utf-8") pipeline(raw, parser, noop)
    else pipeline(raw, iconv.decodeStream(encoding) as NodeJS.ReadWriteStream, parser, noop)
    let line = 1
    let records = 0
    try {
      for await (const cells of parser as AsyncIterable<Array<string>>) {
        const rowNo = line
        line += 1
        records += 1
        for (const cell of cells) if (cell.includes("\n") || cell.includes("\r")) line += lineBreaks(cell)
        if (!cells.every(isBlank)) yield { rowNo, cells }
      }
    } catch (error) {
      const { code, records: parsed } = error as { code?: unknown; records?: unknown }
      if (typeof code === "string" && code.startsWith("CSV_")) {
        // Records parsed but not yet handed out when the error came: count them a line each.
        const from = line + (typeof parsed === "number" ? Math.max(0, parsed - records) : 0)
        throw new UnreadableFile(source.name, unreadableReasons.csvSyntax(from), { cause: error })
      }
      throw unreadable(source.name, error)
    } finally {
      parser.destroy()
      await close(raw)
    }
  }
  return { format: "csv", encoding, rows: readOnce(rows) }
}

const lineBreaks = (text: string) => {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++
  }
  return count
}

// ---------------------------------------------------------------------------------------------
// The zip container, read through its central directory (random access, no temp files)

interface ZipEntry {
  readonly name: string
  readonly method: number
  readonly flags: number
  readonly compressedSize: number
  readonly localOffset: number
}

const damagedZip = (name: string) => new UnreadableFile(name, unreadableReasons.damagedZip())

const readZip = async (source: ByteSource): Promise<Map<string, ZipEntry>> => {
  const tailStart = Math.max(0, source.size - (22 + 0xffff))
  const tail = await readRange(source, tailStart, source.size)
  let eocd = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw damagedZip(source.name)
  let count = tail.readUInt16LE(eocd + 10)
  let directorySize = tail.readUInt32LE(eocd + 12)
  let directoryOffset = tail.readUInt32LE(eocd + 16)
  if (directoryOffset === 0xffffffff || count === 0xffff) {
    // ZIP64: the locator sits just before the end record and points at the ZIP64 end record.
    const locator = eocd - 20
    if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw damagedZip(source.name)
    const at = Number(tail.readBigUInt64LE(locator + 8))
    const record = await readRange(source, at, at + 56)
    if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw damagedZip(source.name)
    count = Number(record.readBigUInt64LE(32))
    directorySize = Number(record.readBigUInt64LE(40))
    directoryOffset = Number(record.readBigUInt64LE(48))
  }
  if (directoryOffset + directorySize > source.size) throw damagedZip(source.name)
  const directory = await readRange(source, directoryOffset, directoryOffset + directorySize)
  const entries = new Map<string, ZipEntry>()
  let at = 0
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw damagedZip(source.name)
    const nameLength = directory.readUInt16LE(at + 28)
    const extraLength = directory.readUInt16LE(at + 30)
    const commentLength = directory.readUInt16LE(at + 32)
    let compressedSize = directory.readUInt32LE(at + 20)
    const uncompressedSize = directory.readUInt32LE(at + 24)
    let localOffset = directory.readUInt32LE(at + 42)
    const name = directory.toString("utf8", at + 46, at + 46 + nameLength)
    // ZIP64 extra field: the 64-bit sizes and offset, each present only where the 32-bit one is full.
    let extra = at + 46 + nameLength
    const extraEnd = extra + extraLength
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra)
      const length = directory.readUInt16LE(extra + 2)
      if (id === 0x0001) {
        let field = extra + 4
        if (uncompressedSize === 0xffffffff) field += 8
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(directory.readBigUInt64LE(field))
          field += 8
        }
        if (localOffset === 0xffffffff) localOffset = Number(directory.readBigUInt64LE(field))
      }
      extra += 4 + length
    }
    entries.set(name.toLowerCase(), {
      name,
      method: directory.readUInt16LE(at + 10),
      flags: directory.readUInt16LE(at + 8),
      compressedSize,
      localOffset
    })
    at = extraEnd + commentLength
  }
  return entries
}

/** The entry's text, inflated, as a stream; `raw` is the underlying byte stream (to close it). */
const entryStream = async (
  source: ByteSource,
  entry: ZipEntry
): Promise<{ data: Readable; raw: Readable }> => {
  if ((entry.flags & 1) !== 0) throw new UnreadableFile(source.name, unreadableReasons.legacyOrEncrypted())
  const header = await readRange(source, entry.localOffset, entry.localOffset + 30)
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw damagedZip(source.name)
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  if (start + entry.compressedSize > source.size) throw damagedZip(source.name)
  const raw = source.open(start, start + entry.compressedSize)
  if (entry.method !== 0 && entry.method !== 8) {
    await close(raw)
    throw unreadable(source.name, new Error(`zip compression method ${entry.method}`))
  }
  let data = raw
  if (entry.method === 8) {
    const inflate = createInflateRaw()
    pipeline(raw, inflate, () => undefined)
    data = inflate
  }
  // Text, not bytes: exceljs decodes each chunk on its own, which garbles a character cut
  // between two chunks (a Chinese name in a long sheet); the stream's decoder keeps it whole.
  data.setEncoding("utf8")
  return { data, raw }
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** The parts of exceljs 4.4.0's streaming reader used here (its own parsers for each part). */
interface ExcelParts {
  workbookRels?: ReadonlyArray<{ Id: string; Type: string; Target: string; TargetMode?: string }>
  model?: { sheets?: ReadonlyArray<{ name: string; id: number; rId: string; state?: string }> }
  properties?: { model?: { date1904?: boolean } }
  sharedStrings?: unknown
  styles: { index?: { numFmt?: Record<number, string> } }
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ eventType: string; value: SheetReader }>
}

interface SheetReader extends AsyncIterable<ExcelJS.Row> {}

const READER_OPTIONS = {
  sharedStrings: "emit", // kept in a SharedStrings, not exceljs's array of strings
  hyperlinks: "ignore",
  styles: "cache",
  worksheets: "emit",
  entries: "ignore"
} as const

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0] // OLE compound file: .xls, or an encrypted .xlsx

/**
 * Built-in number formats 27–36 and 50–58 are the East-Asian locale dates and times (e.g. 31 is
 * yyyy"年"m"月"d"日" in zh-CN); files from Chinese Excel and WPS use them without defining them, and
 * exceljs 4.4.0 knows them only per locale, so its reader would give their cells as numbers
 * (exceljs issue #2893). Only "is a date" matters here.
 */
const EAST_ASIAN_DATE_FORMATS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]

const openXlsx = async (source: ByteSource, options: ReadOptions): Promise<Omit<RowSource, "progress">> => {
  const magic = await readRange(source, 0, Math.min(4, source.size))
  const starts = (bytes: ReadonlyArray<number>) => bytes.every((b, i) => magic[i] === b)
  if (starts(CFB_MAGIC)) throw new UnreadableFile(source.name, unreadableReasons.legacyOrEncrypted())
  if (!starts(ZIP_MAGIC)) throw new UnreadableFile(source.name, unreadableReasons.notZip())
  const zip = await readZip(source)
  const reader = new (excelJs().stream.xlsx.WorkbookReader)(
    source.name,
    READER_OPTIONS
  ) as unknown as ExcelParts
  const part = (path: string) => zip.get(path.replace(/^\//, "").toLowerCase())
  /** Hands a part to one of exceljs's parsers and waits for the part's bytes to be closed. */
  const readPart = async (entry: ZipEntry, use: (data: Readable) => Promise<void>) => {
    const { data, raw } = await entryStream(source, entry)
    try {
      await use(data)
    } finally {
      await close(raw)
    }
  }
  const relsOf = async (path: string) => {
    const entry = part(posix.join(posix.dirname(path), "_rels", `${posix.basename(path)}.rels`))
    reader.workbookRels = []
    if (entry !== undefined) await readPart(entry, (data) => reader._parseRels(data))
    return reader.workbookRels ?? []
  }
  const target = (from: string, rel: { Target: string }) =>
    rel.Target.startsWith("/")
      ? rel.Target.slice(1)
      : posix.normalize(posix.join(posix.dirname(from), rel.Target))
  const ofType = <R extends { Type: string }>(rels: ReadonlyArray<R>, type: string) =>
    rels.find((rel) => rel.Type.endsWith(`/${type}`))

  const officeDocument = ofType(await relsOf(""), "officeDocument")
  const workbookPath = officeDocument === undefined ? "xl/workbook.xml" : target("", officeDocument)
  const workbookEntry = part(workbookPath)
  if (workbookEntry === undefined) throw new UnreadableFile(source.name, unreadableReasons.notWorkbook())
  await readPart(workbookEntry, (data) => reader._parseWorkbook(data))
  // A Word or PowerPoint file renamed: its main part is no <workbook>.
  if (reader.model === undefined) throw new UnreadableFile(source.name, unreadableReasons.notWorkbook())
  const rels = await relsOf(workbookPath)
  const sharedStrings = ofType(rels, "sharedStrings")
  const sharedStringsEntry = part(
    sharedStrings ? target(workbookPath, sharedStrings) : "xl/sharedStrings.xml"
  )
  if (sharedStringsEntry !== undefined) {
    const table = new SharedStrings()
    await readPart(sharedStringsEntry, async (data) => {
      for await (const { text } of reader._parseSharedStrings(data))
        table.add(flatten(text, undefined, false))
    })
    // The worksheet parser looks strings up as sharedStrings[index].
    reader.sharedStrings = new Proxy(table, {
      get: (target, key) => (typeof key === "string" ? target.get(Number(key)) : undefined)
    })
  }
  const styles = ofType(rels, "styles")
  const stylesEntry = part(styles ? target(workbookPath, styles) : "xl/styles.xml")
  if (stylesEntry !== undefined) {
    await readPart(stylesEntry, (data) => reader._parseStyles(data))
    const formats = reader.styles.index?.numFmt
    if (formats !== undefined) for (const id of EAST_ASIAN_DATE_FORMATS) formats[id] ??= "yyyy-mm-dd"
  }

  // Positions count the tabs a person sees: hidden sheets are skipped (a name still finds one).
  const all = reader.model?.sheets ?? []
  const sheets = all.filter((s) => s.state !== "hidden" && s.state !== "veryHidden")
  if (all.length === 0) throw new UnreadableFile(source.name, unreadableReasons.noSheets())
  const wanted = options.sheet ?? 1
  const sheet =
    typeof wanted === "number"
      ? sheets[wanted - 1]
      : (all.find((s) => s.name === wanted) ??
        all.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase()))
  const sheetRel = sheet && rels.find((rel) => rel.Id === sheet.rId)
  const sheetEntry = sheetRel && part(target(workbookPath, sheetRel))
  if (sheet === undefined || sheetEntry === undefined) {
    throw new UnreadableFile(
      source.name,
      unreadableReasons.noSheet(
        wanted,
        sheets.map((s) => s.name)
      )
    )
  }

  const date1904 = reader.properties?.model?.date1904 === true
  async function* rows(): AsyncGenerator<SheetRow> {
    const { data, raw } = await entryStream(source, sheetEntry!)
    try {
      const [emitted] = reader._parseWorksheet(data, String(sheet!.id))
      for await (const row of emitted!.value) {
        const cells = cellsOf(row, date1904)
        if (!cells.every(isBlank)) yield { rowNo: row.number, cells }
      }
    } catch (error) {
      throw unreadable(source.name, error)
    } finally {
      data.destroy()
      await close(raw)
    }
  }
  return { format: "xlsx", sheet: sheet.name, rows: readOnce(rows) }
}

/**
 * The shared-string table as UTF-8 in 1 MiB chunks: the one part of a workbook held whole, so
 * compact. 2,000,000 strings (a 1,000,000-row sheet) take ~60 MB here, ~150 MB as JS strings.
 */
class SharedStrings {
  private static readonly CHUNK = 1024 * 1024
  private readonly chunks: Array<Buffer> = []
  private chunk = Buffer.alloc(0)
  private used = 0
  /** Per string: its chunk, start and end (stride 3). */
  private places = new Uint32Array(3 * 1024)
  private count = 0

  add(value: CellValue) {
    const text = value === null || value === undefined ? "" : String(value)
    const length = Buffer.byteLength(text)
    if (this.used + length > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(Math.max(SharedStrings.CHUNK, length))
      this.chunks.push(this.chunk)
      this.used = 0
    }
    this.chunk.write(text, this.used)
    if (3 * (this.count + 1) > this.places.length) {
      const grown = new Uint32Array(this.places.length * 2)
      grown.set(this.places)
      this.places = grown
    }
    this.places.set([this.chunks.length - 1, this.used, this.used + length], 3 * this.count)
    this.used += length
    this.count++
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined
    const at = 3 * index
    return this.chunks[this.places[at]!]!.toString("utf8", this.places[at + 1]!, this.places[at + 2]!)
  }
}

/** A row's cells by column (A = 0), empty cells null. */
const cellsOf = (row: ExcelJS.Row, date1904: boolean): Array<CellValue> => {
  const cells: Array<CellValue> = []
  row.eachCell((cell, column) => {
    while (cells.length < column - 1) cells.push(null)
    cells[column - 1] = flatten(cell.value, cell.numFmt, date1904)
  })
  return cells
}

const flatten = (value: unknown, numFmt: string | undefined, date1904: boolean): CellValue => {
  if (value === null || value === undefined) return null
  if (typeof value === "string" || typeof value === "boolean") return value
  if (typeof value === "number") return Number.isFinite(value) ? value : null
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value
  if (typeof value !== "object") return null
  const v = value as {
    richText?: ReadonlyArray<{ text?: string | null }>
    formula?: string
    sharedFormula?: string
    result?: unknown
    error?: string
    text?: unknown
  }
  if (v.richText !== undefined) return v.richText.map((run) => run.text ?? "").join("")
  if (v.error !== undefined) return v.error
  if (v.formula !== undefined || v.sharedFormula !== undefined || "result" in v) {
    // exceljs's reader does not turn a formula's cached number into a date; the cell's format does.
    if (typeof v.result === "number" && isDateFormat(numFmt)) return excelDate(v.result, date1904)
    // An error result (#N/A) arrives as NaN, its text lost by exceljs: null, not a number.
    return flatten(v.result, undefined, date1904)
  }
  if (v.text !== undefined) return flatten(v.text, undefined, date1904) // a hyperlink: its text
  return null // {sharedString: n} with no shared-string table: nothing to show
}

/** exceljs's own rule (utils.isDateFmt): date letters outside quoted text and [..] sections. */
const isDateFormat = (format: string | undefined) =>
  format !== undefined && /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""))

/** Excel's serial day as a Date whose UTC fields are the wall-clock date and time (exceljs's rule). */
const excelDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)) // float-ok: a date serial, not money
