/** @jsxImportSource hono/jsx */
import { type Actor, can, type Kejin } from "@kejin/core"
import { todayInShanghai } from "@kejin/core/internal"
import {
  type KejinPlugin,
  type Lang,
  langOf,
  MONTHLY_REPORT_PATH,
  type MonthlyReport,
  monthlyReport,
  monthProblem,
  Page,
  renderMonthlyReport,
  renderPage,
  reportCss,
  SiteHeader,
  textOf,
  reportVocabulary as words
} from "@kejin/ui"
import { Clock } from "effect"
import { type Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { pageContext } from "../auth/routes.js"
import { monthlyReportXlsx } from "./xlsx.js"

// `/reports/monthly?month=YYYY-MM[&lang=en]`: the monthly report (月度通报) as a page of its own, made for
// print (A4, page numbers, no navigation); `/reports/monthly.xlsx` the same report as a workbook. Any
// signed-in role that reads the dashboard; a bad month is a 400 page naming `month`.

/** The stylesheet the page links (the CSP refuses inline styles; the HTML file of the CLI embeds it). */
export const MONTHLY_REPORT_CSS_PATH = `${MONTHLY_REPORT_PATH}.css`
export const MONTHLY_REPORT_XLSX_PATH = `${MONTHLY_REPORT_PATH}.xlsx`

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/** The report of `month` (default the last complete one) as `actor` may read it, generated now by the core's clock. */
export const readMonthlyReport = async (
  kejin: Kejin,
  options: { readonly month?: string | undefined; readonly lang: Lang; readonly actor?: Actor }
): Promise<MonthlyReport> =>
  monthlyReport(kejin, { ...options, now: await kejin.run(Clock.currentTimeMillis) })

/** The report's file name: `kejin-monthly-report-2026-11.xlsx`. */
export const reportFileName = (month: string, extension: "xlsx" | "html"): string =>
  `kejin-monthly-report-${month}.${extension}`

export const reportRoutes = (kejin: Kejin, plugins: ReadonlyArray<KejinPlugin> = []) => {
  const app = new Hono<KejinEnv>()

  /** Who may read it, or the answer for whoever may not (sign in first; a role without the dashboard). */
  const guard = async (c: Context<KejinEnv>) => {
    const actor = c.get("actor")
    if (actor === undefined) {
      const url = new URL(c.req.url)
      return c.redirect(`/login?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 303)
    }
    if (!can(actor, "dashboard.read")) {
      const ctx = pageContext(c, kejin, plugins)
      return c.html(
        await renderPage(
          <Page ctx={ctx} title={words.REPORT_TITLE}>
            <p class="form-error" role="alert">
              {textOf(words.reportWords.forbidden, ctx.lang)}
            </p>
          </Page>
        ),
        403
      )
    }
    return actor
  }

  /** The report the query asks for, or the 400 page naming `month`. */
  const read = async (c: Context<KejinEnv>, actor: Actor) => {
    const lang = langOf(c.req.query())
    const asked = c.req.query("month")
    const month = asked === "" ? undefined : asked
    const problem = month === undefined ? undefined : monthProblem(month, await kejin.run(todayInShanghai))
    if (problem === undefined) return readMonthlyReport(kejin, { month, lang, actor })
    const ctx = pageContext(c, kejin, plugins)
    return c.html(
      await renderPage(
        <Page ctx={ctx} title={words.REPORT_TITLE}>
          <p class="form-error" role="alert" data-field="month">
            {textOf(words.reportWords.badMonth, lang)}: <code>month</code> = <code>{month}</code>{" "}
            {textOf(problem, lang)}
          </p>
        </Page>
      ),
      400
    )
  }

  app.get(MONTHLY_REPORT_CSS_PATH, (c) =>
    c.body(reportCss, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "private, max-age=3600"
    })
  )

  app.get(MONTHLY_REPORT_PATH, async (c) => {
    const actor = await guard(c)
    if (actor instanceof Response) return actor
    const report = await read(c, actor)
    if (report instanceof Response) return report
    const ctx = pageContext(c, kejin, plugins)
    const header = (
      // The report's title block is the page's h1, on screen and in print: the header's product name is no heading.
      <SiteHeader
        plugins={plugins}
        ctx={ctx}
        search={new URLSearchParams(ctx.query).toString()}
        pageNamesItself
      />
    )
    return c.html(
      await renderMonthlyReport(report, {
        stylesheetHref: MONTHLY_REPORT_CSS_PATH,
        screen: { action: MONTHLY_REPORT_PATH, dashboard: "/", xlsx: MONTHLY_REPORT_XLSX_PATH, header }
      })
    )
  })

  app.get(MONTHLY_REPORT_XLSX_PATH, async (c) => {
    const actor = await guard(c)
    if (actor instanceof Response) return actor
    const report = await read(c, actor)
    if (report instanceof Response) return report
    return c.body(await monthlyReportXlsx(report), 200, {
      "content-type": XLSX_CONTENT_TYPE,
      "content-disposition": `attachment; filename="${reportFileName(report.month, "xlsx")}"`
    })
  })

  return app
}
