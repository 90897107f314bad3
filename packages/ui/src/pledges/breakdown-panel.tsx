/** @jsxImportSource hono/jsx */
import { Decimal, type Kejin, type PledgeBreakdown, type PledgeBreakdownRow } from "@kejin/core"
import { getPledgeBreakdown, growth, growthOf } from "@kejin/core/internal"
import type { Child } from "hono/jsx"
import { Chart } from "../charts/chart.js"
import { barChart } from "../charts/charts.js"
import { type Compare, compareNote, dashboardPeriodOf } from "../dashboard/period.js"
import { asOfOf } from "../equity/access.js"
import { ExportLinks } from "../export-links.js"
import { catalogueNodes, catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { moneyUnitFor } from "../money.js"
import { definePanel, type Panel, type PanelContext } from "../plugin.js"
import { type Column, TableHead } from "../table-head.js"
import { COUNTING_RULE } from "./counting-rule.js"
import { drillDownHref } from "./filters.js"
import { Amount, districtName, Growth, periodText, shareTexts, todayOf, yearToDate } from "./format.js"

/** The two groupings the dashboard shows: the pledgor's district and the pledgee (bank or guarantor). */
export type BreakdownDimension = "district" | "bank"

/** What a breakdown panel shows: the year to date per group, with the same days a year earlier. */
export interface PledgeBreakdownView {
  readonly asOf: string
  readonly by: BreakdownDimension
  readonly breakdown: PledgeBreakdown
  /**
   * The groups by amount, largest first (then by name); those with figures only a year earlier (amount
   * zero) come last.
   */
  readonly rows: ReadonlyArray<PledgeBreakdownRow>
  /**
   * What the groups added up to a year earlier: the core's rows include every group of that year (those
   * with nothing now too) and partition its registrations, so the sum is the summary's previous amount.
   */
  readonly previousAmount: Decimal
  /** What each row is compared with: the same days a year earlier, or the preceding period (环比). */
  readonly compare: Compare
}

type Measures = PledgeBreakdownRow["measures"]

/** A group's measures at zero (a group with figures in one of the two periods only). */
const zeroOf = (m: Measures): Measures =>
  Object.fromEntries(
    Object.entries(m).map(([k, v]) => [k, v instanceof Decimal ? new Decimal(0) : 0])
  ) as unknown as Measures

/**
 * The breakdown of `current` with each group's figures in `before` (the preceding period): every group of
 * either period a row, as the core's year-earlier comparison makes them.
 */
const compareWith = (current: PledgeBreakdown, before: PledgeBreakdown): PledgeBreakdown => {
  const keyOf = (key: PledgeBreakdownRow["key"]) => JSON.stringify(key)
  const earlier = new Map(before.rows.map((r) => [keyOf(r.key), r]))
  const now = new Set(current.rows.map((r) => keyOf(r.key)))
  const rows = [
    ...current.rows,
    ...before.rows
      .filter((r) => !now.has(keyOf(r.key)))
      .map((r) => ({ key: r.key, label: r.label, measures: zeroOf(r.measures) }))
  ].map((r): PledgeBreakdownRow => {
    const previous = earlier.get(keyOf(r.key))?.measures ?? zeroOf(r.measures)
    return { ...r, previous, growth: growthOf(r.measures, previous) }
  })
  return { ...current, rows, previousPeriod: before.period }
}

export const loadBreakdown = async (
  kejin: Kejin,
  by: BreakdownDimension,
  asked: string | undefined,
  query: Readonly<Record<string, string>> = {}
): Promise<PledgeBreakdownView> => {
  const asOf = asked ?? (await todayOf(kejin))
  // The dashboard's period when its query chooses one (to date), else the year to date.
  const chosen = dashboardPeriodOf(query, asOf)
  const period = chosen.chosen ? chosen.shown : yearToDate(asOf)
  // 环比: each group against the preceding period of the same length; else the core's 同比.
  const breakdown =
    chosen.compare === "previous" && chosen.comparison !== undefined
      ? compareWith(
          await kejin.pledges.breakdown(period, by),
          await kejin.pledges.breakdown(chosen.comparison, by)
        )
      : await kejin.pledges.breakdown(period, by, { yoy: true })
  const compare: Compare =
    chosen.compare === "previous" && chosen.comparison !== undefined ? "previous" : "yoy"
  const rows = [...breakdown.rows].sort(
    (a, b) => b.measures.amount.comparedTo(a.measures.amount) || a.label.localeCompare(b.label, "zh-CN")
  )
  const previousAmount = rows.reduce((sum, r) => sum.plus(r.previous?.amount ?? 0), new Decimal(0))
  return { asOf, by, breakdown, rows, previousAmount, compare }
}

const nameOf = (row: PledgeBreakdownRow, by: BreakdownDimension, lang: Lang): string =>
  by === "district" && typeof row.key === "string" ? districtName(row.key, lang) : row.label

const GROUP: Record<BreakdownDimension, LocalizedText> = {
  district: { zh: "区县", en: "District" },
  bank: { zh: "质权人", en: "Pledgee" }
}

/** The measures' columns, after the group's: the comparison's amount and the change say what it is. */
const columnsOf = (compare: Compare): ReadonlyArray<Column> => [
  { zh: "质押金额", en: "Amount", num: true },
  { zh: "占比", en: "Share", num: true },
  { zh: "登记笔数", en: "Registrations", num: true },
  { zh: "服务企业", en: "Enterprises", num: true },
  compare === "previous"
    ? { zh: "上期金额", en: "Previous period", num: true }
    : { zh: "上年同期金额", en: "A year earlier", num: true },
  compare === "previous"
    ? { zh: "金额环比", en: "Change", num: true }
    : { zh: "金额同比", en: "Amount YoY", num: true }
]

/** The comparison's series in the chart. */
const COMPARISON_SERIES: Record<Compare, LocalizedText> = {
  yoy: { zh: "上年同期", en: "A year earlier" },
  previous: { zh: "上期", en: "Previous period" }
}

/** The list of the registrations a row counts (its group in the period; all of them for the 合计 row). */
const rowHref = (
  ctx: Pick<PanelContext, "basePath" | "lang">,
  view: PledgeBreakdownView,
  key: PledgeBreakdownRow["key"] | undefined
): string | undefined => {
  const period = view.breakdown.period
  if (key === undefined) return drillDownHref(ctx, period)
  if (typeof key !== "string") return undefined
  return drillDownHref(ctx, period, view.by === "district" ? { district: key } : { bank: key })
}

const LIST_OF: LocalizedText = { zh: "查看明细：", en: "The registrations: " }

const ZERO = new Decimal(0)

/** The list of the registrations a row counted in the period compared with. */
const comparisonHref = (
  ctx: Pick<PanelContext, "basePath" | "lang">,
  view: PledgeBreakdownView,
  key: PledgeBreakdownRow["key"] | undefined
): string | undefined => {
  const period = view.breakdown.previousPeriod
  if (period === undefined) return undefined
  if (key === undefined) return drillDownHref(ctx, period)
  if (typeof key !== "string") return undefined
  return drillDownHref(ctx, period, view.by === "district" ? { district: key } : { bank: key })
}

/** A row's figure linking to the list behind it, or the figure alone. */
const Drill = (props: { href: string | undefined; title: string; children: Child }) =>
  props.href === undefined ? (
    props.children
  ) : (
    <a href={props.href} title={props.title} data-drill>
      {props.children}
    </a>
  )

const BreakdownTable = (props: {
  view: PledgeBreakdownView
  lang: Lang
  ctx: Pick<PanelContext, "basePath" | "lang">
}) => {
  const { view, lang, ctx } = props
  const total = view.breakdown.total
  // Largest-remainder rounding: the rows' shares add up to the 合计 row's 100.0%.
  const shares = shareTexts(
    view.rows.map((r) => r.measures.amount),
    total.amount
  )
  const amountUnit = moneyUnitFor([...view.rows.map((r) => r.measures.amount), total.amount], lang)
  const previousUnit = moneyUnitFor(
    [...view.rows.map((r) => r.previous?.amount ?? ZERO), view.previousAmount],
    lang
  )
  const previousHref = (key: PledgeBreakdownRow["key"] | undefined) => comparisonHref(ctx, view, key)
  return (
    <div class="table-scroll" tabindex={0}>
      <table class="fund-table pledge-breakdown" data-breakdown={view.by}>
        <TableHead columns={[GROUP[view.by], ...columnsOf(view.compare)]} lang={lang} />
        <tbody>
          {view.rows.map((row, i) => {
            const href = rowHref(ctx, view, row.key)
            const name = nameOf(row, view.by, lang)
            const title = `${textOf(LIST_OF, lang)}${name}`
            return (
              <tr data-key={String(row.key)}>
                <th scope="row">
                  <Drill href={href} title={title}>
                    {name}
                  </Drill>
                </th>
                <td class="num">
                  <Drill href={href} title={title}>
                    <Amount amount={row.measures.amount} unit={amountUnit} />
                  </Drill>
                </td>
                <td class="num" title={shares[i]?.title || undefined}>
                  {shares[i]?.text}
                </td>
                <td class="num">
                  <Drill href={href} title={title}>
                    {row.measures.registrations}
                  </Drill>
                </td>
                <td class="num">{row.measures.enterprises}</td>
                <td class="num" data-col="previous">
                  <Drill href={previousHref(row.key)} title={`${textOf(LIST_OF, lang)}${name}`}>
                    <Amount amount={row.previous?.amount ?? ZERO} unit={previousUnit} />
                  </Drill>
                </td>
                <td class="num">
                  <Growth value={row.growth?.amount ?? null} lang={lang} />
                </td>
              </tr>
            )
          })}
        </tbody>
        <tfoot>
          <tr data-key="total">
            <th scope="row">
              <Drill href={rowHref(ctx, view, undefined)} title={textOf(LIST_OF, lang)}>
                {lang === "en" ? "Total" : "合计"}
              </Drill>
            </th>
            <td class="num">
              <Drill href={rowHref(ctx, view, undefined)} title={textOf(LIST_OF, lang)}>
                <Amount amount={total.amount} unit={amountUnit} />
              </Drill>
            </td>
            <td class="num">{total.amount.isZero() ? "—" : "100.0%"}</td>
            <td class="num">{total.registrations}</td>
            <td class="num">{total.enterprises}</td>
            <td class="num" data-col="previous">
              <Drill href={previousHref(undefined)} title={textOf(LIST_OF, lang)}>
                <Amount amount={view.previousAmount} unit={previousUnit} />
              </Drill>
            </td>
            <td class="num">
              <Growth value={growth(total.amount, view.previousAmount)} lang={lang} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}

const YI = new Decimal(100_000_000)

const BreakdownChart = (props: {
  view: PledgeBreakdownView
  lang: Lang
  ctx: Pick<PanelContext, "basePath" | "lang">
}) => {
  const { view, lang, ctx } = props
  const year = view.asOf.slice(0, 4)
  const largest = view.rows.reduce(
    (max, r) => Decimal.max(max, r.measures.amount, r.previous?.amount ?? 0),
    new Decimal(0)
  )
  const chart = barChart(
    {
      labels: view.rows.map((r) => nameOf(r, view.by, lang)),
      // Drill-down: a bar (and its row in the data table) opens the registrations behind it.
      links: view.rows.map((r) => rowHref(ctx, view, r.key)),
      series: [
        {
          name: lang === "en" ? `${year} to date` : `${year}年`,
          values: view.rows.map((r) => r.measures.amount)
        },
        {
          name: textOf(COMPARISON_SERIES[view.compare], lang),
          values: view.rows.map((r) => r.previous?.amount ?? new Decimal(0)),
          links: view.rows.map((r) => comparisonHref(ctx, view, r.key))
        }
      ]
    },
    {
      lang,
      unit: largest.gte(YI) ? "yi" : "wan",
      width: 960,
      height: 260,
      title:
        lang === "en"
          ? `Patent pledge amount by ${view.by === "district" ? "district" : "pledgee"}, ${periodText(view.breakdown.period, lang)}`
          : `专利质押金额（按${view.by === "district" ? "区县" : "质权人"}）${periodText(view.breakdown.period, lang)}`
    }
  )
  return <Chart chart={chart} />
}

const breakdownPanel = (
  by: BreakdownDimension,
  id: string,
  title: LocalizedText
): Panel<PledgeBreakdownView> =>
  definePanel({
    id,
    title,
    // Six columns and a dozen groups need the whole row to be read.
    size: "wide",
    permission: "pledges.read",
    period: true,
    load: (ctx) => loadBreakdown(ctx.kejin, by, asOfOf(ctx), ctx.query),
    render: (view, ctx) => {
      const { lang } = ctx
      return view.rows.length === 0 ? (
        <p class="panel-note">
          {textOf(
            catalogueText("pledge-breakdown-none", {
              from: view.breakdown.period.from,
              to: view.breakdown.period.to
            }),
            lang
          )}
        </p>
      ) : (
        <>
          <BreakdownChart view={view} lang={lang} ctx={ctx} />
          <BreakdownTable view={view} lang={lang} ctx={ctx} />
          <p class="panel-note">
            {catalogueNodes("pledge-breakdown-note", lang, {
              period: catalogueNodes(
                view.breakdown.period.from === yearToDate(view.asOf).from &&
                  view.breakdown.period.to === view.asOf
                  ? "period-year-to-date"
                  : "period-chosen",
                lang,
                { period: periodText(view.breakdown.period, lang) }
              ),
              comparison: compareNote(
                view.compare,
                view.breakdown.previousPeriod === undefined
                  ? ""
                  : periodText(view.breakdown.previousPeriod, lang),
                lang
              )
            })}
          </p>
          <p class="panel-note">
            <Label text={COUNTING_RULE} lang={lang} />
          </p>
          <p class="panel-note">
            <ExportLinks
              op={getPledgeBreakdown}
              filters={{ by: view.by, yoy: "true", ...view.breakdown.period }}
              lang={lang}
            />
          </p>
        </>
      )
    }
  })

/** 按区县: the year's pledges per pledgor district (as registered), with a chart and the figures. */
export const pledgeDistrictPanel = breakdownPanel("district", "by-district", {
  zh: "专利质押融资（按区县）",
  en: "Patent pledges by district"
})

/** 按质权人: the year's pledges per pledgee (bank or guarantor), with a chart and the figures. */
export const pledgeBankPanel = breakdownPanel("bank", "by-bank", {
  zh: "专利质押融资（按质权人）",
  en: "Patent pledges by pledgee"
})
