import { writeFile } from "node:fs/promises"
import { extname } from "node:path"
import { parseArgs } from "node:util"
import { type Actor, defaultDatabaseUrl, type Kejin, openKejin } from "@kejin/core"
import { todayInShanghai } from "@kejin/core/internal"
import { type Lang, monthProblem, renderMonthlyReport } from "@kejin/ui"
import { readMonthlyReport } from "./route.js"
import { monthlyReportXlsx } from "./xlsx.js"

// `kejin report monthly [--month YYYY-MM] --out F.xlsx|F.html [--lang en] [--database URL]`: the monthly
// report (月度通报) written to a file, its format from the extension: the workbook the page downloads, or
// the page as one HTML file that stands alone (its stylesheet embedded) for printing or mailing. Exit codes
// as `kejin import` has them: 2 for the file (it cannot be written; or the command is malformed), 1 for
// what the store refuses (a bad month).

export const REPORT_USAGE =
  "usage: kejin report monthly [--month YYYY-MM] --out F.xlsx|F.html [--lang zh|en] [--database URL]"

export interface ReportRequest {
  readonly month: string | undefined
  readonly out: string
  readonly format: "xlsx" | "html"
  readonly lang: Lang
  readonly database: string | undefined
}

/** Reads `kejin report`'s arguments (after `report`): the request, or why it cannot be made. */
export const reportRequest = (
  argv: ReadonlyArray<string>
): { readonly error: string; readonly request?: undefined } | { readonly request: ReportRequest } => {
  let parsed: { values: Record<string, string | undefined>; positionals: Array<string> }
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        month: { type: "string" },
        out: { type: "string" },
        lang: { type: "string" },
        database: { type: "string" }
      }
    }) as typeof parsed
  } catch (error) {
    return { error: `${(error as Error).message}\n${REPORT_USAGE}` }
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1 || positionals[0] !== "monthly") return { error: REPORT_USAGE }
  const out = values.out
  if (out === undefined || out === "") return { error: `--out is required\n${REPORT_USAGE}` }
  const extension = extname(out).toLowerCase()
  if (extension !== ".xlsx" && extension !== ".html")
    return { error: `--out must end in .xlsx or .html (the format follows it), got ${out}` }
  const lang = values.lang ?? "zh"
  if (lang !== "zh" && lang !== "en") return { error: `--lang must be zh or en, got ${lang}` }
  return {
    request: {
      month: values.month,
      out,
      format: extension === ".xlsx" ? "xlsx" : "html",
      lang,
      database: values.database
    }
  }
}

/**
 * Writes the report `request` asks for from `kejin`, as `actor`: 0 when written, 1 for a bad month (said
 * naming `--month`), 2 when the file cannot be written (said with the reason; nothing is left half-written
 * by us: the file is written in one call).
 */
export const runReport = async (
  kejin: Kejin,
  actor: Actor,
  request: ReportRequest,
  io: { readonly stdout: (line: string) => void; readonly stderr: (line: string) => void }
): Promise<number> => {
  if (request.month !== undefined) {
    const problem = monthProblem(request.month, await kejin.run(todayInShanghai))
    if (problem !== undefined) {
      io.stderr(`--month: ${problem.en} (got ${JSON.stringify(request.month)})`)
      return 1
    }
  }
  const report = await readMonthlyReport(kejin, { month: request.month, lang: request.lang, actor })
  const body = request.format === "xlsx" ? await monthlyReportXlsx(report) : await renderMonthlyReport(report)
  try {
    await writeFile(request.out, body)
  } catch (error) {
    io.stderr(`cannot write ${request.out}: ${(error as Error).message}`)
    return 2
  }
  io.stdout(`wrote the monthly report of ${report.month} (as of ${report.asOf}) to ${request.out}`)
  return 0
}

/** `kejin report …` from the command line (after `report`), as `actor`. */
export const reportCli = async (argv: ReadonlyArray<string>, actor: Actor): Promise<number> => {
  const parsed = reportRequest(argv)
  if (parsed.request === undefined) {
    console.error(parsed.error)
    return 2
  }
  const database = parsed.request.database ?? process.env.KEJIN_DATABASE ?? defaultDatabaseUrl
  const kejin = await openKejin({ database, actor })
  try {
    return await runReport(kejin, actor, parsed.request, {
      stdout: (line) => console.log(line),
      stderr: (line) => console.error(line)
    })
  } finally {
    await kejin.close()
  }
}
