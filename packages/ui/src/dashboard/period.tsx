/** @jsxImportSource hono/jsx */
import { isBusinessDate, type Kejin, type Period, type PledgeSummary } from "@kejin/core"
import {
  growthOf,
  type PeriodSpec,
  PLAN_PERIOD,
  periodBounds,
  periodOfQuery,
  periodParams,
  precedingPeriod,
  previousYear,
  previousYearProblem,
  todayInShanghai
} from "@kejin/core/internal"
import type { Child } from "hono/jsx"
import { catalogueNodes, type Lang, type LocalizedText, textOf } from "../i18n.js"
import type { PanelContext } from "../plugin.js"

/*
 * The dashboard's period: the page's query names it with the core's own period parameters (`year`,
 * `quarter`, `month`, `from` + `to`, `fromYear` + `toYear`, `period=plan`; see core
 * pledges/period-query.ts), plus `compare=previous` for the period before instead of the same period a
 * year earlier. The page passes its query on to every panel's fragment URL, so each panel reads the
 * same choice.
 */

/** What a comparison is made with: the same days a year earlier (同比), or the period before (环比). */
export type Compare = "yoy" | "previous"

/** The kinds of period the controls offer. */
export type PeriodPreset = "month" | "quarter" | "year" | "plan" | "custom"

export interface DashboardPeriod {
  /** The day the figures are measured on: `?asOf=` or today (Asia/Shanghai). */
  readonly asOf: string
  /** Whether the query names a period; if not, the calendar year of `asOf`. */
  readonly chosen: boolean
  readonly preset: PeriodPreset
  readonly spec: PeriodSpec
  /** The whole period. */
  readonly bounds: Period
  /** The period up to `asOf` (to date) when `asOf` falls inside it, else the whole period. */
  readonly shown: Period
  readonly compare: Compare
  /** The same part of the period compared with; undefined when there is none (before 0002). */
  readonly comparison: Period | undefined
  /** The query's problems with its period, naming the parameter: the year of `asOf` is shown instead. */
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>
}

const presetOf = (spec: PeriodSpec): PeriodPreset =>
  "quarter" in spec
    ? "quarter"
    : "month" in spec
      ? "month"
      : "year" in spec
        ? "year"
        : "fromYear" in spec && spec.fromYear === PLAN_PERIOD.fromYear && spec.toYear === PLAN_PERIOD.toYear
          ? "plan"
          : "custom"

/** The part of `bounds` up to `asOf` when `asOf` falls inside it. */
const toDate = (bounds: Period, asOf: string): Period =>
  asOf >= bounds.from && asOf < bounds.to ? { from: bounds.from, to: asOf } : bounds

/** What `shown` of `bounds` is compared with (see {@link DashboardPeriod.comparison}). */
export const comparisonOf = (bounds: Period, shown: Period, compare: Compare): Period | undefined => {
  if (compare === "yoy") return previousYearProblem(shown) === undefined ? previousYear(shown) : undefined
  try {
    return precedingPeriod(bounds, shown)
  } catch {
    return undefined
  }
}

/** The period the page's query names, as of `asOf` (see {@link DashboardPeriod}). */
export const dashboardPeriodOf = (query: Readonly<Record<string, string>>, asOf: string): DashboardPeriod => {
  const given: Record<string, string> = {}
  for (const p of periodParams) {
    const value = query[p]
    if (value !== undefined && value !== "") given[p] = value
  }
  const parsed = periodOfQuery(given, asOf)
  const issues = parsed.issues ?? []
  const spec: PeriodSpec = parsed.issues === undefined ? parsed.spec : { year: Number(asOf.slice(0, 4)) }
  const bounds = periodBounds(spec as Parameters<typeof periodBounds>[0])
  const shown = toDate(bounds, asOf)
  const compare: Compare = query.compare === "previous" ? "previous" : "yoy"
  return {
    asOf,
    chosen: parsed.issues === undefined && Object.keys(given).length > 0,
    preset: presetOf(spec),
    spec,
    bounds,
    shown,
    compare,
    comparison: comparisonOf(bounds, shown, compare),
    issues
  }
}

/** {@link dashboardPeriodOf} for a request: `?asOf=` when it is a date, else today by the core's clock. */
export const dashboardPeriod = async (ctx: PanelContext): Promise<DashboardPeriod> => {
  const asked = ctx.query.asOf
  const asOf = asked !== undefined && isBusinessDate(asked) ? asked : await ctx.kejin.run(todayInShanghai)
  return dashboardPeriodOf(ctx.query, asOf)
}

/**
 * The pledge summary of the period shown, compared as chosen: the core's own year-earlier comparison, or
 * the preceding period's measures with the growth against them.
 */
export const periodSummary = async (kejin: Kejin, period: DashboardPeriod): Promise<PledgeSummary> => {
  const current = await kejin.pledges.summary(period.shown)
  if (period.compare === "yoy" || period.comparison === undefined) return current
  const before = await kejin.pledges.summary(period.comparison)
  return {
    ...current,
    previousPeriod: period.comparison,
    previous: before.measures,
    growth: growthOf(current.measures, before.measures)
  }
}

export const PERIOD_WORDS = {
  period: { zh: "期间", en: "Period" },
  month: { zh: "本月", en: "This month" },
  quarter: { zh: "本季度", en: "This quarter" },
  year: { zh: "本年", en: "This year" },
  plan: { zh: "2025–2027 规划期", en: "Plan 2025–2027" },
  custom: { zh: "自定义", en: "Custom" },
  from: { zh: "起", en: "From" },
  to: { zh: "止", en: "To" },
  apply: { zh: "查看", en: "Show" },
  compare: { zh: "对比", en: "Compare with" },
  yoy: { zh: "去年同期", en: "Same period last year" },
  previous: { zh: "上一期", en: "Previous period" },
  invalid: {
    zh: "地址中的期间参数有误，已显示本年：",
    en: "The period in the address is not valid; showing this year: "
  }
} as const satisfies Record<string, LocalizedText>

/** The comparison in words, for notes: 同比 / 环比 with the period compared (`period`, in `lang`). */
export const compareNote = (compare: Compare, period: string, lang: Lang): Array<Child> =>
  catalogueNodes(compare === "previous" ? "compare-previous-period" : "compare-year-earlier", lang, {
    period
  })

/** A period as `2026-12-01 至 2026-12-06` / `2026-12-01 – 2026-12-06`. */
export const boundsText = (period: Period, lang: Lang): string =>
  lang === "en" ? `${period.from} – ${period.to}` : `${period.from} 至 ${period.to}`

/** The period parameters of each preset as of `asOf`. */
const presetParams = (preset: Exclude<PeriodPreset, "custom">, asOf: string): Record<string, string> => {
  const year = asOf.slice(0, 4)
  const month = Number(asOf.slice(5, 7))
  if (preset === "month") return { year, month: String(month) }
  if (preset === "quarter") return { year, quarter: String(Math.floor((month - 1) / 3) + 1) }
  if (preset === "year") return { year }
  return { period: "plan" }
}

/** The page's query with its period (and comparison) replaced: every other parameter is kept. */
export const periodHref = (
  query: Readonly<Record<string, string>>,
  period: Readonly<Record<string, string>> | undefined,
  compare?: Compare
): string => {
  const params = new URLSearchParams()
  const periodKeys = new Set<string>(periodParams)
  for (const [key, value] of Object.entries(query)) {
    if (periodKeys.has(key) && period !== undefined) continue
    if (key === "compare" && compare !== undefined) continue
    params.set(key, value)
  }
  for (const [key, value] of Object.entries(period ?? {})) params.set(key, value)
  if (compare === "previous") params.set("compare", "previous")
  return `?${params.toString()}`
}

const samePeriod = (a: Readonly<Record<string, string>>, b: PeriodSpec): boolean =>
  JSON.stringify(a) === JSON.stringify(Object.fromEntries(Object.entries(b).map(([k, v]) => [k, String(v)])))

/**
 * The period controls above the panels: this month, quarter and year, the 2025–2027 plan period, a custom
 * range, and the comparison (same period last year / the previous period). Plain links and a GET form:
 * the choice lives in the URL, works without script, and goes on to every panel's fragment URL.
 */
export const PeriodControls = async (props: { ctx: PanelContext }) => {
  const { ctx } = props
  const { lang, query } = ctx
  const period = await dashboardPeriod(ctx)
  const presets = (["month", "quarter", "year", "plan"] as const).map((preset) => {
    const params = presetParams(preset, period.asOf)
    // Without a period in the query, the page shows this year: that link is the current one.
    const current = period.chosen ? samePeriod(params, period.spec) : preset === "year"
    return { preset, params, current }
  })
  const custom = period.chosen && !presets.some((p) => p.current)
  return (
    <nav class="period-controls" aria-label={textOf(PERIOD_WORDS.period, lang)} data-period={period.preset}>
      <div class="period-choices">
        <span class="period-head">{textOf(PERIOD_WORDS.period, lang)}</span>
        {presets.map((p) => (
          <a
            href={periodHref(query, p.params)}
            data-preset={p.preset}
            aria-current={p.current ? "true" : undefined}
          >
            {textOf(PERIOD_WORDS[p.preset], lang)}
          </a>
        ))}
      </div>
      <form
        method="get"
        class="period-custom"
        data-preset="custom"
        aria-current={custom ? "true" : undefined}
      >
        {Object.entries(query)
          .filter(([key]) => !(periodParams as ReadonlyArray<string>).includes(key))
          .map(([key, value]) => (
            <input type="hidden" name={key} value={value} />
          ))}
        <span class="period-head">{textOf(PERIOD_WORDS.custom, lang)}</span>
        <label>
          {textOf(PERIOD_WORDS.from, lang)}{" "}
          <input type="date" name="from" value={period.shown.from} required />
        </label>
        <label>
          {textOf(PERIOD_WORDS.to, lang)} <input type="date" name="to" value={period.bounds.to} required />
        </label>
        <button type="submit">{textOf(PERIOD_WORDS.apply, lang)}</button>
      </form>
      <div class="period-choices">
        <span class="period-head">{textOf(PERIOD_WORDS.compare, lang)}</span>
        {(["yoy", "previous"] as const).map((compare) => (
          <a
            href={periodHref(query, undefined, compare)}
            data-compare={compare}
            aria-current={period.compare === compare ? "true" : undefined}
          >
            {textOf(PERIOD_WORDS[compare], lang)}
          </a>
        ))}
      </div>
      <p class="panel-note" data-period-shown={`${period.shown.from}..${period.shown.to}`}>
        {period.issues.length === 0
          ? null
          : `${textOf(PERIOD_WORDS.invalid, lang)}${period.issues.map((i) => i.path).join(", ")} · `}
        {boundsText(period.shown, lang)}
        {period.comparison === undefined
          ? null
          : [
              lang === "en" ? ", " : "，",
              compareNote(period.compare, boundsText(period.comparison, lang), lang)
            ]}
      </p>
    </nav>
  )
}
