/** @jsxImportSource hono/jsx */
import {
  Decimal,
  formatYuan,
  isBusinessDate,
  type Kejin,
  type PledgeMonth,
  type TargetProgress
} from "@kejin/core"
import { getPledgeMonthly } from "@kejin/core/internal"
import { Chart } from "../charts/chart.js"
import { barChart } from "../charts/charts.js"
import { ExportLinks } from "../export-links.js"
import { Label, type Lang } from "../i18n.js"
import { largestMoneyUnit, moneyText } from "../money.js"
import { definePanel, definePlugin } from "../plugin.js"
import { completionText } from "../targets/format.js"
import { pledgeBankPanel, pledgeDistrictPanel } from "./breakdown-panel.js"
import { exportRoutes } from "./export-route.js"
import { todayOf } from "./format.js"
import { pledgeProgressPanel } from "./progress-panel.js"
import { registrationForms, registrationRoutes } from "./registration-page.js"
import { pledgesNavigation, registerForm, registrationsRoutes } from "./registrations-page.js"
import { PATENT_PLEDGE_TARGET_KEY } from "./target.js"

export { PATENT_PLEDGE_TARGET_KEY }

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

/** `YYYY-MM` of every month from `from`'s to `to`'s (dates or months), in order. */
const monthsOf = (from: string, to: string): ReadonlyArray<string> => {
  const index = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
  const out: Array<string> = []
  for (let i = index(from); i <= index(to); i++) {
    out.push(`${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`)
  }
  return out
}

/** What the panel shows: the target's period month by month up to `asOf`, months after it still to come. */
export interface PledgeMonthlyView {
  readonly asOf: string
  readonly periodStart: string
  readonly periodEnd: string
  /** Every month of the period; `null` for months after `asOf`. */
  readonly months: ReadonlyArray<{ readonly month: string; readonly recorded: PledgeMonth | null }>
  readonly total: Decimal
  readonly count: number
  /** The 专利质押融资 target, when one is set. */
  readonly target: TargetProgress | undefined
}

const loadMonthly = async (kejin: Kejin, asked: string | undefined): Promise<PledgeMonthlyView> => {
  const progress = await kejin.targets.progress(asked)
  const target = progress.find((p) => p.key === PATENT_PLEDGE_TARGET_KEY)
  // The core decides what "today" is (Asia/Shanghai), with or without a target.
  const asOf = target?.asOf ?? progress[0]?.asOf ?? asked ?? (await todayOf(kejin))
  const year = asOf.slice(0, 4)
  // The months of the target's own period, so that the cumulative line is comparable with the target.
  const periodStart = target?.periodStart ?? `${year}-01-01`
  const periodEnd = target?.periodEnd ?? `${year}-12-31`
  const upTo = asOf < periodEnd ? asOf : periodEnd
  const recorded = upTo < periodStart ? [] : await kejin.pledges.monthly({ from: periodStart, to: upTo })
  const byMonth = new Map(recorded.map((m) => [m.month, m]))
  const months = monthsOf(periodStart, periodEnd).map((month) => ({
    month,
    recorded: byMonth.get(month) ?? null
  }))
  return {
    asOf,
    periodStart,
    periodEnd,
    months,
    total: recorded.reduce((sum, m) => sum.plus(m.amount), new Decimal(0)),
    count: recorded.reduce((sum, m) => sum + m.count, 0),
    target
  }
}

const isCalendarYear = (view: PledgeMonthlyView): boolean =>
  view.periodStart.endsWith("-01-01") && view.periodEnd === `${view.periodStart.slice(0, 4)}-12-31`

const periodText = (view: PledgeMonthlyView, lang: Lang): string =>
  isCalendarYear(view)
    ? lang === "en"
      ? view.periodStart.slice(0, 4)
      : `${view.periodStart.slice(0, 4)}年`
    : `${view.periodStart} – ${view.periodEnd}`

const monthLabel = (month: string, oneYear: boolean, lang: Lang): string => {
  if (!oneYear) return month
  const m = Number(month.slice(5, 7))
  return lang === "en" ? (MONTHS_EN[m - 1] ?? month) : `${m}月`
}

/** An amount in 亿 (English: B) with the exact figure on hover. */
const Yi = (props: { amount: Decimal; lang: Lang }) => (
  <span class="figure" title={formatYuan(props.amount)}>
    {moneyText(props.amount, props.lang, { unit: largestMoneyUnit(props.lang) })}
  </span>
)

const Summary = (props: { view: PledgeMonthlyView; lang: Lang }) => {
  const { view, lang } = props
  const target = view.target
  // value / target from the total shown here, exactly and rounded down (as the progress panel shows it).
  const percent =
    target === undefined || target.target.isZero() ? undefined : completionText(view.total, target.target)
  const period = periodText(view, lang)
  return (
    <div class="pledge-summary">
      <p class="pledge-total">
        {lang === "en" ? `${period} to date: ` : `${period}累计 `}
        <strong>
          <Yi amount={view.total} lang={lang} />
        </strong>
        {target === undefined ? null : (
          <>
            {lang === "en" ? " of the target " : " / 目标 "}
            <Yi amount={target.target} lang={lang} />
          </>
        )}
        {percent === undefined ? null : (
          <>
            {" · "}
            <span class="pledge-pct">
              {lang === "en" ? "" : "完成 "}
              {percent}
            </span>
          </>
        )}
      </p>
      <p class="panel-note">
        {lang === "en"
          ? `${view.count} registration(s) · as of ${view.asOf}`
          : `质押登记 ${view.count} 笔 · 截至 ${view.asOf}`}
        {target === undefined ? (
          <>
            {" · "}
            <Label
              text={{ zh: "未设定专利质押融资目标", en: "no patent pledge target is set" }}
              lang={lang}
            />
          </>
        ) : null}
      </p>
    </div>
  )
}

/**
 * 专利质押融资月度走势: this year's pledge amounts month by month (bars) and their running total (a line)
 * against the 25亿 target (from the targets, never written here). `?asOf=YYYY-MM-DD` shows the year as of
 * that day.
 */
export const pledgeMonthlyPanel = definePanel({
  id: "monthly",
  title: { zh: "专利质押融资月度走势", en: "Patent pledge financing by month" },
  size: "wide",
  permission: "pledges.read",
  load: (ctx) => {
    const asked = ctx.query.asOf
    return loadMonthly(ctx.kejin, asked !== undefined && isBusinessDate(asked) ? asked : undefined)
  },
  render: (view, ctx) => {
    const { lang } = ctx
    const oneYear = view.periodStart.slice(0, 4) === view.periodEnd.slice(0, 4)
    let running = new Decimal(0)
    const cumulative = view.months.map((m) => {
      if (m.recorded === null) return null
      running = running.plus(m.recorded.amount)
      return running
    })
    const chart = barChart(
      {
        labels: view.months.map((m) => monthLabel(m.month, oneYear, lang)),
        series: [
          {
            name: lang === "en" ? "Registered in the month" : "当月质押金额",
            values: view.months.map((m) => m.recorded?.amount ?? null)
          },
          { name: lang === "en" ? "Cumulative" : "累计金额", kind: "line", values: cumulative }
        ],
        markers:
          view.target === undefined
            ? []
            : [
                {
                  name: `${lang === "en" ? "Target" : "目标"} ${moneyText(view.target.target, lang, { unit: largestMoneyUnit(lang) })}`,
                  value: view.target.target
                }
              ]
      },
      {
        lang,
        unit: "yi",
        title:
          lang === "en"
            ? `Patent pledge financing ${periodText(view, lang)}, by month and cumulative`
            : `${periodText(view, lang)}专利质押融资：月度与累计`
      }
    )
    const upTo = view.asOf < view.periodEnd ? view.asOf : view.periodEnd
    return (
      <>
        <Summary view={view} lang={lang} />
        <Chart chart={chart} />
        {upTo < view.periodStart ? null : (
          <p class="panel-note">
            <ExportLinks op={getPledgeMonthly} filters={{ from: view.periodStart, to: upTo }} lang={lang} />
          </p>
        )}
      </>
    )
  }
})

/**
 * The built-in patent pledge plugin, made with exactly the API a third-party plugin uses: the progress
 * against the target with the year's figures, the months, the districts and the pledgees on the dashboard;
 * the `/pledges` pages (the registrations, filtered and paged, their CSV, the registration form, each
 * registration with its lifecycle forms).
 */
export const patentPledgePlugin = definePlugin({
  id: "patent-pledge",
  title: { zh: "专利质押融资", en: "Patent pledge financing" },
  order: 20,
  panels: [pledgeProgressPanel, pledgeMonthlyPanel, pledgeDistrictPanel, pledgeBankPanel],
  // The export before `/pledges/:id`: the list's own paths first.
  routes: [...registrationsRoutes, ...exportRoutes, ...registrationRoutes],
  // The forms post to the pledges' and loans' own routes (`POST /api/v1/pledges`, …).
  forms: [registerForm, ...registrationForms],
  navigation: [pledgesNavigation]
})
