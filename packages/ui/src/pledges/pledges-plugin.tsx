/** @jsxImportSource hono/jsx */
import {
  Decimal,
  daysInMonth,
  formatYuan,
  isBusinessDate,
  type Kejin,
  type PledgeMonth,
  type TargetProgress
} from "@kejin/core"
import { evenPaceAt, getPledgeMonthly } from "@kejin/core/internal"
import { Chart } from "../charts/chart.js"
import { barChart } from "../charts/charts.js"
import { type Compare, comparisonOf, dashboardPeriodOf } from "../dashboard/period.js"
import { ExportLinks } from "../export-links.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { largestMoneyUnit, moneyText } from "../money.js"
import { definePanel, definePlugin } from "../plugin.js"
import { completionText } from "../targets/format.js"
import { pledgeBankPanel, pledgeDistrictPanel } from "./breakdown-panel.js"
import { drillDownHref } from "./filters.js"
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

/** How the monthly chart's reference lines are drawn (under the chart). */
const PACE_LINE_NOTE = catalogueText("pledge-pace-line-note")

/** The comparison line's name: the same months a year earlier, or the period before. */
const COMPARISON_LINE: Record<Compare, LocalizedText> = {
  yoy: { zh: "去年同期累计", en: "Cumulative a year earlier" },
  previous: { zh: "上一期累计", en: "Previous period, cumulative" }
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
  /** Whether the months are the target's period: only then are the target and its pace drawn. */
  readonly onTarget: boolean
  /** What the comparison line shows: the same months a year earlier, or the period before. */
  readonly compare: Compare
  /**
   * The months compared with, index by index with `months` (`null` after `asOf`): the comparison's
   * cumulative line. Absent when there is none (a period starting in 0001).
   */
  readonly lastYear?: ReadonlyArray<PledgeMonth | null>
}

/** The last day of a `YYYY-MM` month. */
const monthEnd = (month: string): string =>
  `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, "0")}`

/**
 * The months of `comparison` up to `asOf`, index by index with the `count` months shown (see
 * {@link PledgeMonthlyView}).
 */
const loadComparison = async (
  kejin: Kejin,
  comparison: { from: string; to: string } | undefined,
  count: number,
  asOf: string
): Promise<ReadonlyArray<PledgeMonth | null> | undefined> => {
  if (comparison === undefined) return undefined
  const upTo = asOf < comparison.to ? asOf : comparison.to
  const recorded =
    upTo < comparison.from ? [] : await kejin.pledges.monthly({ from: comparison.from, to: upTo })
  const byMonth = new Map(recorded.map((m) => [m.month, m]))
  const months = monthsOf(comparison.from, comparison.to)
  return Array.from({ length: count }, (_, i) => byMonth.get(months[i] ?? "") ?? null)
}

const loadMonthly = async (
  kejin: Kejin,
  asked: string | undefined,
  query: Readonly<Record<string, string>> = {}
): Promise<PledgeMonthlyView> => {
  const progress = await kejin.targets.progress(asked)
  const target = progress.find((p) => p.key === PATENT_PLEDGE_TARGET_KEY)
  // The core decides what "today" is (Asia/Shanghai), with or without a target.
  const asOf = target?.asOf ?? progress[0]?.asOf ?? asked ?? (await todayOf(kejin))
  const year = asOf.slice(0, 4)
  const chosen = dashboardPeriodOf(query, asOf)
  // The dashboard's period when one is chosen; else the months of the target's own period, so that the
  // cumulative line is comparable with the target.
  const periodStart = chosen.chosen ? chosen.bounds.from : (target?.periodStart ?? `${year}-01-01`)
  const periodEnd = chosen.chosen ? chosen.bounds.to : (target?.periodEnd ?? `${year}-12-31`)
  const onTarget =
    target !== undefined && target.periodStart === periodStart && target.periodEnd === periodEnd
  const upTo = asOf < periodEnd ? asOf : periodEnd
  const recorded = upTo < periodStart ? [] : await kejin.pledges.monthly({ from: periodStart, to: upTo })
  const byMonth = new Map(recorded.map((m) => [m.month, m]))
  const monthList = monthsOf(periodStart, periodEnd)
  const months = monthList.map((month) => ({ month, recorded: byMonth.get(month) ?? null }))
  const whole = { from: periodStart, to: periodEnd }
  const comparison = comparisonOf(whole, whole, chosen.compare)
  const lastYear = await loadComparison(kejin, comparison, monthList.length, asOf)
  return {
    asOf,
    periodStart,
    periodEnd,
    months,
    total: recorded.reduce((sum, m) => sum.plus(m.amount), new Decimal(0)),
    count: recorded.reduce((sum, m) => sum + m.count, 0),
    target,
    onTarget,
    compare: chosen.compare,
    ...(lastYear === undefined ? {} : { lastYear })
  }
}

/** Running totals of `amounts`, `null` from the first missing month on. */
const runningTotals = (amounts: ReadonlyArray<Decimal | null>): ReadonlyArray<Decimal | null> => {
  let running: Decimal | null = new Decimal(0)
  return amounts.map((amount) => {
    running = amount === null || running === null ? null : running.plus(amount)
    return running
  })
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
  // Against the target only over the target's own period.
  const target = view.onTarget ? view.target : undefined
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
        {view.target === undefined ? (
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
 * against the 25亿 target (from the targets, never written here), the even pace that reaches it (dashed,
 * {@link evenPaceAt}) and the cumulative line of the same months a year earlier (or of the previous
 * period, with `compare=previous`). `?asOf=YYYY-MM-DD` shows the year as of that day; the dashboard's period
 * parameters (`year`, `quarter`, `month`, `from`/`to`, `period=plan`) show that period's months instead,
 * with the target only over the target's own period.
 */
export const pledgeMonthlyPanel = definePanel({
  id: "monthly",
  title: { zh: "专利质押融资月度走势", en: "Patent pledge financing by month" },
  size: "wide",
  permission: "pledges.read",
  period: true,
  load: (ctx) => {
    const asked = ctx.query.asOf
    return loadMonthly(ctx.kejin, asked !== undefined && isBusinessDate(asked) ? asked : undefined, ctx.query)
  },
  render: (view, ctx) => {
    const { lang } = ctx
    const oneYear = view.periodStart.slice(0, 4) === view.periodEnd.slice(0, 4)
    const cumulative = runningTotals(view.months.map((m) => m.recorded?.amount ?? null))
    const target = view.onTarget ? view.target : undefined
    // The even pace to the target at each month's end: where the cumulative line must be to reach it.
    const pace =
      target === undefined
        ? []
        : [
            {
              name: lang === "en" ? "Even pace to the target" : "达标所需累计（均匀进度）",
              kind: "line" as const,
              dashed: true,
              values: view.months.map((m) =>
                evenPaceAt(target.target, view.periodStart, view.periodEnd, monthEnd(m.month))
              )
            }
          ]
    const lastYear =
      view.lastYear === undefined
        ? []
        : [
            {
              name: textOf(COMPARISON_LINE[view.compare], lang),
              kind: "line" as const,
              values: runningTotals(view.lastYear.map((m) => m?.amount ?? null))
            }
          ]
    const chart = barChart(
      {
        labels: view.months.map((m) => monthLabel(m.month, oneYear, lang)),
        // Drill-down: a month's bar opens the registrations of that month (as far as the day measured).
        links: view.months.map((m) =>
          m.recorded === null
            ? undefined
            : drillDownHref(ctx, {
                from: `${m.month}-01`,
                to: monthEnd(m.month) < view.asOf ? monthEnd(m.month) : view.asOf
              })
        ),
        series: [
          {
            name: lang === "en" ? "Registered in the month" : "当月质押金额",
            values: view.months.map((m) => m.recorded?.amount ?? null)
          },
          { name: lang === "en" ? "Cumulative" : "累计金额", kind: "line", values: cumulative },
          ...pace,
          ...lastYear
        ],
        markers:
          target === undefined
            ? []
            : [
                {
                  name: `${lang === "en" ? "Target" : "目标"} ${moneyText(target.target, lang, { unit: largestMoneyUnit(lang) })}`,
                  value: target.target
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
        {target === undefined ? null : (
          <p class="panel-note" data-note="pace-line">
            <Label text={PACE_LINE_NOTE} lang={lang} />
          </p>
        )}
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
  routes: [...registrationsRoutes, ...registrationRoutes],
  // The forms post to the pledges' and loans' own routes (`POST /api/v1/pledges`, …).
  forms: [registerForm, ...registrationForms],
  navigation: [pledgesNavigation]
})
