import { createWriteStream } from "node:fs"
import { readFile } from "node:fs/promises"
import { extname } from "node:path"
import { parseArgs } from "node:util"
import {
  type Actor,
  defaultDatabaseUrl,
  type ImportMode,
  type ImportSummary,
  openKejin,
  openRows,
  type ReportWriter,
  reportWriter,
  UnreadableFile
} from "@kejin/core"
import { decodeMapping, importKinds, modules, reasonsText } from "@kejin/core/internal"
import { cliFailureOf } from "./cli-errors.js"

/*
 * `kejin import <kind> <file> [--dry-run] [--skip-invalid] [--mapping F] [--report F] [--sheet S]
 * [--encoding E] [--lang zh|en]`: the rows of an .xlsx or .csv recorded through the kind's declared write
 * (core `imports/`). Exit 0: every row recorded or identical to one stored; 1: rows in error or in
 * conflict (nothing written, or only the valid rows with --skip-invalid); 2: the file, the mapping or the
 * command cannot be used.
 */

export interface ImportIo {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
  /** A terminal: progress redrawn on one line (else a plain line every 10,000 rows). */
  readonly progress?: (text: string, done: boolean) => void
}

const usage = `usage: kejin import <kind> <file.xlsx|file.csv> [--dry-run] [--skip-invalid] [--mapping map.json]
                    [--source NAME] [--report report.xlsx|.csv] [--sheet NAME|N] [--encoding utf-8|gb18030]
                    [--lang zh|en]
  --mapping F --source S  use the mapping in F and save it as the layout of source S (a bank, a fund)
  --source S              use the mapping saved for S
  kejin import help            the kinds and the columns each takes`

/** The kinds and their columns, for `kejin import help` (from the declarations: no store opened). */
const kindsHelp = (lang: "zh" | "en"): string =>
  importKinds(modules)
    .map(
      (k) =>
        `${k.kind.padEnd(20)} ${k.label[lang]}\n${" ".repeat(21)}${k.columns.map((c) => c.label[lang]).join(lang === "zh" ? "、" : ", ")}`
    )
    .join("\n")

const count = (n: number) => n.toLocaleString("en-US")

/** What the summary says: the counts, and what was written. */
export const summaryLines = (summary: ImportSummary, file: string): ReadonlyArray<string> => {
  const counts = `${count(summary.rows)} rows: ${count(summary.ok)} ok, ${count(summary.errors)} in error, ${count(summary.conflicts)} in conflict, ${count(summary.identical)} identical to rows imported before`
  const unknown =
    summary.unknown.length === 0 ? [] : [`columns not imported (unknown): ${summary.unknown.join(", ")}`]
  const bad = summary.errors + summary.conflicts
  const outcome =
    summary.mode === "dry-run"
      ? "dry run: nothing was recorded"
      : summary.committed
        ? `recorded ${count(summary.ok)} ${summary.kind} rows from ${file} (journal entry ${summary.journalSeq})`
        : bad === 0
          ? "nothing new to record"
          : summary.mode === "skip-invalid"
            ? "nothing new to record"
            : "nothing was recorded: fix the rows in error (see --report), or record the valid ones with --skip-invalid"
  // --skip-invalid: the rows it did not record, said beside what it did.
  const leftOut =
    summary.mode === "skip-invalid" && bad > 0
      ? [
          `left out ${count(bad)} rows in error or in conflict: fix them (see --report) and import the file again`
        ]
      : []
  return [counts, ...unknown, outcome, ...leftOut]
}

/** `[██████░░░░░░░░░] 40% · 12,000 rows · 2,100 rows/s · about 9 s left` (the share of the file read). */
export const progressLine = (rows: number, rate: number, done: number, seconds: number): string => {
  const width = 20
  const filled = Math.round(done * width)
  const left = done > 0.02 && done < 1 ? (seconds * (1 - done)) / done : undefined
  const eta =
    left === undefined
      ? ""
      : ` · about ${left >= 60 ? `${Math.floor(left / 60)} min ${Math.round(left % 60)} s` : `${Math.ceil(left)} s`} left`
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${Math.floor(done * 100)}% · ${count(rows)} rows · ${count(rate)} rows/s${eta}`
}

/** Which sheet of a workbook was read (the first tab), and how to read another. */
export const sheetHint = (sheet: string, lang: "zh" | "en"): string =>
  lang === "zh"
    ? `读取的是第一个工作表“${sheet}”；如数据在其他工作表，请用 --sheet 工作表名称或序号（如 --sheet 2）`
    : `the first sheet, "${sheet}", was read; for another use --sheet NAME or its position (--sheet 2)`

const exitOf = (summary: ImportSummary): number => (summary.errors + summary.conflicts > 0 ? 1 : 0)

/** Runs `kejin import` (argv after `import`) as `actor`; returns the exit code. */
export const importCommand = async (
  argv: ReadonlyArray<string>,
  actor: Actor,
  io: ImportIo
): Promise<number> => {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    io.err((error as Error).message)
    io.err(usage)
    return 2
  }
  const { values, positionals } = parsed
  const [kind, file] = positionals
  const lang = values.lang === "en" ? "en" : "zh"
  const database = values.database ?? process.env.KEJIN_DATABASE ?? defaultDatabaseUrl
  if (kind === "help" || kind === undefined) {
    ;(kind === undefined ? io.err : io.out)(usage)
    if (kind === "help") io.out(kindsHelp(lang))
    return kind === undefined ? 2 : 0
  }
  if (file === undefined || positionals.length > 2 || (values["dry-run"] && values["skip-invalid"])) {
    io.err(usage)
    return 2
  }
  let mapping: unknown
  if (values.source !== undefined && values.source.trim() === "") {
    io.err("--source needs a name")
    return 2
  }
  if (values.mapping !== undefined) {
    try {
      mapping = JSON.parse(await readFile(values.mapping, "utf8"))
    } catch (error) {
      io.err(`--mapping ${values.mapping}: ${(error as Error).message}`)
      return 2
    }
  }
  let source: Awaited<ReturnType<typeof openRows>>
  try {
    source = await openRows(file, {
      ...(values.sheet === undefined
        ? {}
        : { sheet: /^\d+$/.test(values.sheet) ? Number(values.sheet) : values.sheet }),
      ...(values.encoding === undefined ? {} : { encoding: values.encoding as "utf-8" | "gb18030" })
    })
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error
    io.err(`cannot read ${file}: ${error.reason[lang]}; nothing was imported`)
    return 2
  }
  const kejin = await openKejin({ database, actor })
  let report: ReportWriter | undefined
  try {
    const decoded = mapping === undefined ? undefined : await kejin.run(decodeMapping(mapping))
    // --mapping with --source: saved under the source's name, for later imports with --source alone.
    if (decoded !== undefined && values.source !== undefined && !values["dry-run"]) {
      const saved = await kejin.imports.saveMapping({ kind, source: values.source, mapping: decoded })
      io.out(`saved the mapping for ${kind} from "${saved.source}" (journal entry ${saved.journalSeq})`)
    }
    const mode: ImportMode = values["dry-run"]
      ? "dry-run"
      : values["skip-invalid"]
        ? "skip-invalid"
        : "all-or-nothing"
    const started = Date.now()
    let shown = 0
    let lastReported = -1
    const summary = await kejin.imports.run({
      kind,
      rows: source.rows,
      file,
      mode,
      ...(decoded === undefined ? {} : { mapping: decoded }),
      ...(values.source === undefined ? {} : { source: values.source }),
      onHeader: (_match, header) => {
        if (values.report !== undefined) {
          const format = extname(values.report).toLowerCase() === ".xlsx" ? "xlsx" : "csv"
          report = reportWriter(createWriteStream(values.report), format, header.cells, lang)
        }
      },
      onRow: async (outcome) => {
        if ((outcome.status === "error" || outcome.status === "conflict") && shown < 20) {
          shown += 1
          io.err(`row ${outcome.rowNo}: ${reasonsText(outcome, lang)}`)
        }
        await report?.write(outcome)
      },
      onProgress: (rows) => {
        // The engine may report the same count twice (a tick, then the end): one line each.
        if (rows === lastReported) return
        lastReported = rows
        const seconds = (Date.now() - started) / 1000
        const rate = seconds > 0 ? Math.round(rows / seconds) : rows
        const text = progressLine(rows, rate, source.progress(), seconds)
        if (io.progress !== undefined) io.progress(text, false)
        else if (rows > 0 && rows % 10_000 === 0) io.err(text)
      },
      progressEvery: io.progress === undefined ? 10_000 : 500
    })
    io.progress?.("", true)
    await report?.close()
    for (const line of summaryLines(summary, file)) io.out(line)
    if (values.report !== undefined) io.out(`report: ${values.report}`)
    return exitOf(summary)
  } catch (error) {
    await report?.close().catch(() => undefined)
    const failure = cliFailureOf(error)
    if (failure.code !== 2) throw error
    for (const line of failure.lines) io.err(line)
    // A workbook whose first tab is a note or a cover: say which sheet was read and how to pick another.
    if (
      source.format === "xlsx" &&
      values.sheet === undefined &&
      failure.lines.some((l) => l.startsWith("header"))
    )
      io.err(sheetHint(source.sheet ?? "", lang))
    io.err("nothing was imported")
    return 2
  } finally {
    await kejin.close()
  }
}

const parse = (argv: ReadonlyArray<string>) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      database: { type: "string" },
      "dry-run": { type: "boolean" },
      "skip-invalid": { type: "boolean" },
      mapping: { type: "string" },
      source: { type: "string" },
      report: { type: "string" },
      sheet: { type: "string" },
      encoding: { type: "string" },
      lang: { type: "string" }
    }
  })
