/** @jsxImportSource hono/jsx */

import { Decimal, type FundFigures } from "@kejin/core"
import { fundGroups } from "@kejin/core/internal"
import { Chart } from "../charts/chart.js"
import { barChart } from "../charts/charts.js"
import { ExportLinks } from "../export-links.js"
import { Label } from "../i18n.js"
import { largestMoneyUnit } from "../money.js"
import { definePanel, definePlugin } from "../plugin.js"
import { asOfOf, keptQuery } from "./access.js"
import { economicsForms, economicsRoutes } from "./economics-view.js"
import { Money } from "./format.js"
import { fundPageForms, fundRoutes } from "./fund-page.js"
import { FundsTable, fundsListForms, fundsListRoutes, fundsNavigation } from "./funds-page.js"
import { CHAIN_STAGES, chainStageLabels } from "./vocabulary.js"

const ZERO = new Decimal(0)

/** Stages in chain order with their figures; a stage without funds shows zeros. */
export interface ChainStagesView {
  readonly asOf: string | undefined
  readonly stages: ReadonlyArray<{
    readonly stage: (typeof CHAIN_STAGES)[number]
    readonly funds: number
    readonly figures: FundFigures | undefined
  }>
  /** Funds with no chain stage (the city fund, usually), left out of the chart. */
  readonly unstaged: number
}

/**
 * 股权投资链条: money along the chain 天使 → 创投 → 产业 → 温商, committed, paid in and invested in
 * enterprises per stage, as bars (ECharts SVG, the exact figures in the table under it).
 */
export const chainStagesPanel = definePanel({
  id: "stages",
  title: { zh: "各阶段资金：认缴、实缴与投资", en: "Money by chain stage: committed, paid-in, invested" },
  size: "wide",
  permission: "funds.read",
  load: async (ctx): Promise<ChainStagesView> => {
    const asOf = asOfOf(ctx)
    const groups = await ctx.kejin.funds.groups("chainStage", asOf === undefined ? {} : { asOf })
    const byKey = new Map(groups.map((g) => [g.key, g.figures]))
    return {
      asOf: groups[0]?.figures.asOf ?? asOf,
      stages: CHAIN_STAGES.map((stage) => ({
        stage,
        funds: byKey.get(stage)?.funds.length ?? 0,
        figures: byKey.get(stage)
      })),
      unstaged: byKey.get("none")?.funds.length ?? 0
    }
  },
  render: (view, ctx) => {
    const { lang } = ctx
    const labels = view.stages.map((s) =>
      lang === "en" ? chainStageLabels[s.stage].en : chainStageLabels[s.stage].zh
    )
    const chart = barChart(
      {
        labels,
        series: [
          {
            name: lang === "en" ? "Committed" : "认缴",
            values: view.stages.map((s) => s.figures?.committed ?? ZERO)
          },
          {
            name: lang === "en" ? "Paid-in" : "实缴",
            values: view.stages.map((s) => s.figures?.paidIn ?? ZERO)
          },
          {
            name: lang === "en" ? "Invested" : "已投资",
            values: view.stages.map((s) => s.figures?.invested ?? ZERO)
          }
        ]
      },
      {
        lang,
        unit: "yi",
        width: 960,
        height: 300,
        title:
          lang === "en"
            ? "Angel → venture → industrial → merchant: committed, paid-in and invested"
            : "天使 → 创投 → 产业 → 温商：认缴、实缴与已投资"
      }
    )
    return (
      <>
        <ol class="chain-steps">
          {view.stages.map((s) => (
            <li data-stage={s.stage}>
              <span class="chain-stage-name">
                <Label text={chainStageLabels[s.stage]} lang={lang} />
              </span>
              <span class="chain-stage-figures">
                {lang === "en" ? `${s.funds} fund(s) · committed ` : `${s.funds} 支 · 认缴 `}
                <Money lang={lang} amount={s.figures?.committed ?? ZERO} unit={largestMoneyUnit(lang)} />
                {lang === "en" ? " · invested " : " · 已投 "}
                <Money lang={lang} amount={s.figures?.invested ?? ZERO} unit={largestMoneyUnit(lang)} />
              </span>
            </li>
          ))}
        </ol>
        <Chart chart={chart} />
        <p class="panel-note">
          {lang === "en" ? "As of" : "截至"} {view.asOf ?? (lang === "en" ? "today" : "今日")}
          {view.unstaged === 0
            ? null
            : lang === "en"
              ? ` · ${view.unstaged} fund(s) without a chain stage (such as the city fund) are not in the chart`
              : ` · 未标注链条阶段的基金（如市科创基金）${view.unstaged} 支未计入`}
          {" · "}
          <ExportLinks op={fundGroups} filters={{ by: "chainStage", asOf: view.asOf }} lang={lang} />
        </p>
      </>
    )
  }
})

/** How many funds the panel lists before pointing to `/funds`. */
const PANEL_ROWS = 8

/** The funds with their headline figures, each linking to its page. */
export const fundsListPanel = definePanel({
  id: "funds",
  title: { zh: "基金一览", en: "Funds" },
  size: "wide",
  permission: "funds.read",
  load: async (ctx) => {
    const asOf = asOfOf(ctx)
    const funds = await ctx.kejin.funds.list()
    const shown = funds.slice(0, PANEL_ROWS)
    const groups =
      shown.length === 0
        ? []
        : await ctx.kejin.funds.groups("fund", { funds: shown.map((f) => f.code), asOf })
    const figuresOf = new Map(groups.map((g) => [g.key, g.figures]))
    return { total: funds.length, rows: shown.map((fund) => ({ fund, figures: figuresOf.get(fund.code) })) }
  },
  render: (data, ctx) => {
    const { lang } = ctx
    return data.total === 0 ? (
      <p class="panel-note">
        <Label text={{ zh: "尚未登记基金", en: "No funds are recorded yet" }} lang={lang} />
      </p>
    ) : (
      <>
        <FundsTable rows={data.rows} ctx={ctx} />
        <p class="panel-note">
          {/* Every fund's figures (the table shows the first ones): the funds' groups by fund. */}
          <ExportLinks op={fundGroups} filters={{ by: "fund", asOf: asOfOf(ctx) }} lang={lang} />
          {" · "}
          <a href={`${ctx.basePath}/funds${keptQuery(ctx)}`}>
            {lang === "en" ? `All ${data.total} funds, with filters` : `全部 ${data.total} 支基金（可筛选）`}
          </a>
        </p>
      </>
    )
  }
})

/**
 * The built-in equity chain plugin (股权投资链条), made with exactly the API a third-party plugin uses:
 * the chain-stage chart and the funds list on the dashboard, the `/funds` list and each fund's page, and
 * the faces of the writes their forms post to.
 */
export const equityChainPlugin = definePlugin({
  id: "equity-chain",
  title: { zh: "股权投资链条", en: "Equity chain" },
  order: 40,
  panels: [chainStagesPanel, fundsListPanel],
  routes: [...fundsListRoutes, ...fundRoutes, ...economicsRoutes],
  // The forms post to the core's declared writes (`/api/v1/funds`, `/api/v1/funds/{code}/…`, …).
  forms: [...fundsListForms, ...fundPageForms, ...economicsForms],
  navigation: [fundsNavigation]
})
