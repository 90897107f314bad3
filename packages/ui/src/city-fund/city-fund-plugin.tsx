/** @jsxImportSource hono/jsx */
import {
  type CapitalFigures,
  type CityFundKpis,
  DEFAULT_DIRECT_INVESTMENT_TARGET,
  Decimal,
  type LookThroughFigures,
  type SubFundKpis,
  type Target
} from "@kejin/core"
import { cityFundKpis, fundCapital } from "@kejin/core/internal"
import type { Child } from "hono/jsx"
import { asOfOf, canReadLedger, fundHref } from "../equity/access.js"
import { Money, Multiple, percentText, progressValue } from "../equity/format.js"
import { ledgerListHref } from "../equity/ledger-list.js"
import { LookThroughView } from "../equity/look-through-view.js"
import { fundOriginLabels, labelOf, lpTypeLabels, techCategoryLabels } from "../equity/vocabulary.js"
import { ExportedTable, ExportLinks } from "../export-links.js"
import { FigureBox, TargetBar } from "../figures.js"
import { catalogueNodes, catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { largestMoneyUnit, type MoneyUnit, moneyUnitFor } from "../money.js"
import { definePanel, definePlugin, type PanelContext } from "../plugin.js"
import { TableHead } from "../table-head.js"

/** The policy targets this plugin draws against (from the targets, never written here). */
export const CITY_FUND_SCALE_TARGET_KEY = "city-fund-scale"
export const CITY_FUND_DIRECT_TARGET_KEY = "city-fund-direct-investments"

/** 设立规模超100亿元的市科创基金: the default when no target is set. */
const DEFAULT_SCALE = new Decimal("10000000000.00")

export interface CityFundView {
  readonly kpis: CityFundKpis
  /** The scale target (yuan) and whether it comes from the targets or is the policy default. */
  readonly scaleTarget: Decimal
  readonly scaleTargetSet: boolean
}

const targetOf = (targets: ReadonlyArray<Target>, key: string): Target | undefined =>
  targets.find((t) => t.key === key)

/** The city-fund KPIs as of the page's date, with the scale and direct-investment targets from the targets. */
export const loadCityFund = async (ctx: PanelContext): Promise<CityFundView> => {
  const targets = await ctx.kejin.targets.list()
  const scale = targetOf(targets, CITY_FUND_SCALE_TARGET_KEY)
  const direct = targetOf(targets, CITY_FUND_DIRECT_TARGET_KEY)
  const directTarget =
    direct?.unit === "count" && direct.target.isInteger() && direct.target.gte(1)
      ? direct.target.toNumber()
      : DEFAULT_DIRECT_INVESTMENT_TARGET
  const asOf = asOfOf(ctx)
  const kpis = await ctx.kejin.funds.cityFund({ ...(asOf === undefined ? {} : { asOf }), directTarget })
  const scaleSet = scale?.unit === "yuan" && scale.target.gt(0)
  return { kpis, scaleTarget: scaleSet ? scale.target : DEFAULT_SCALE, scaleTargetSet: scaleSet }
}

const NoCityFund = (props: { lang: Lang }) => (
  <p class="panel-note">
    <Label text={{ zh: "尚未登记市科创基金", en: "No city fund is recorded yet" }} lang={props.lang} />
  </p>
)

const Kpi = (props: { name: string; text: LocalizedText; lang: Lang; children?: Child }) => (
  <FigureBox data={{ "data-kpi": props.name }} text={props.text} lang={props.lang}>
    {props.children}
  </FigureBox>
)

/**
 * A figure linking to the ledger entries behind it (drill-down): the city fund's entries of `kind` dated in
 * the period, reversed ones left out. With several city funds the figure is theirs together and links to
 * none (the ledger list is one fund's).
 */
const Drill = (props: {
  ctx: PanelContext
  cityFunds: ReadonlyArray<string>
  kind: "commitment" | "call" | "investment"
  from?: string
  to: string
  title: LocalizedText
  children: Child
}) => {
  const [only, ...others] = props.cityFunds
  if (only === undefined || others.length > 0) return <>{props.children}</>
  const href = ledgerListHref(props.ctx, only, {
    kind: props.kind,
    // The direct-investment figures count the city fund's own (直投) investments, not those via a sub-fund.
    ...(props.kind === "investment" ? { mode: "direct" as const } : {}),
    ...(props.from === undefined ? {} : { from: props.from }),
    to: props.to,
    includeReversed: false
  })
  if (href === undefined) return <>{props.children}</>
  return (
    <a href={href} title={props.title[props.ctx.lang]} data-drill={props.kind}>
      {props.children}
    </a>
  )
}

/**
 * A figure linking to the entries of fund `fund`'s ledger that add up to it (drill-down), filtered as
 * `filters` say (the `funds.ledger` read declares them), reversed ones left out; a plain figure for a person
 * who may not read that ledger (a fund manager of another fund).
 */
const LedgerLink = (props: {
  ctx: PanelContext
  fund: string | undefined
  name: string
  filters: Parameters<typeof ledgerListHref>[2]
  title: LocalizedText
  children: Child
}) =>
  props.fund === undefined || !canReadLedger(props.ctx.actor, props.fund) ? (
    props.children
  ) : (
    <a
      href={ledgerListHref(props.ctx, props.fund, { ...props.filters, includeReversed: false })}
      title={props.title[props.ctx.lang]}
      data-drill={props.name}
    >
      {props.children}
    </a>
  )

/** The only city fund, whose ledger a city-wide figure's entries are in; none when there are several. */
const onlyCityFund = (cityFunds: ReadonlyArray<string>): string | undefined =>
  cityFunds.length === 1 ? cityFunds[0] : undefined

/** A labelled progress bar: value / target, the percentage from the exact figures. */
const ProgressRow = (props: {
  name: string
  label: LocalizedText
  lang: Lang
  fraction: Decimal
  figures: Child
}) => (
  <TargetBar
    data={{ "data-progress": props.name }}
    labelId={`city-fund-${props.name}`}
    label={<Label text={props.label} lang={props.lang} />}
    fraction={props.fraction}
    met={props.fraction.gte(1)}
    figures={props.figures}
  />
)

/** 规模与杠杆: committed scale against 100亿, paid-in, the programme's leverage and social-capital multiple. */
export const cityFundScalePanel = definePanel({
  id: "scale",
  title: { zh: "基金规模与财政放大", en: "Scale and leverage" },
  permission: "funds.read",
  load: loadCityFund,
  render: (view, ctx) => {
    const { lang } = ctx
    const k = view.kpis
    if (k.cityFunds.length === 0) return <NoCityFund lang={lang} />
    const p = k.programme
    return (
      <>
        <ProgressRow
          name="scale"
          label={{ zh: "认缴规模", en: "Committed scale" }}
          lang={lang}
          fraction={k.committed.div(view.scaleTarget)}
          figures={
            <>
              <span>
                <Drill
                  ctx={ctx}
                  cityFunds={k.cityFunds}
                  kind="commitment"
                  to={k.asOf}
                  title={{ zh: "查看计入的认缴记录", en: "The commitments counted" }}
                >
                  <Money lang={lang} amount={k.committed} unit={largestMoneyUnit(lang)} />
                </Drill>{" "}
                / <Money lang={lang} amount={view.scaleTarget} unit={largestMoneyUnit(lang)} />
              </span>
              <span data-figure="gap">
                {view.scaleTarget.gt(k.committed) ? (
                  <>
                    {lang === "en" ? "" : "还差 "}
                    <Money
                      lang={lang}
                      amount={view.scaleTarget.minus(k.committed)}
                      unit={largestMoneyUnit(lang)}
                    />
                    {lang === "en" ? " to go" : ""}
                  </>
                ) : lang === "en" ? (
                  "Target met"
                ) : (
                  "目标已完成"
                )}
              </span>
              <span>
                {view.scaleTargetSet
                  ? lang === "en"
                    ? "target from the targets"
                    : "目标取自政策目标"
                  : lang === "en"
                    ? "policy default 10 B"
                    : "政策默认 100亿"}
              </span>
            </>
          }
        />
        <dl class="figures figures--compact">
          <Kpi name="paid-in" text={{ zh: "实缴", en: "Paid-in" }} lang={lang}>
            <Drill
              ctx={ctx}
              cityFunds={k.cityFunds}
              kind="call"
              to={k.asOf}
              title={{ zh: "查看计入的实缴记录", en: "The calls counted" }}
            >
              <Money lang={lang} amount={k.paidIn} unit={largestMoneyUnit(lang)} />
            </Drill>
            {k.calledPercent === null ? null : <span class="muted"> ({percentText(k.calledPercent)})</span>}
          </Kpi>
          <Kpi name="to-sub-funds" text={{ zh: "认缴子基金", en: "Committed to sub-funds" }} lang={lang}>
            <Money lang={lang} amount={k.committedToSubFunds} unit={largestMoneyUnit(lang)} />
          </Kpi>
          <Kpi
            name="programme-size"
            text={{ zh: "体系总规模（穿透）", en: "Programme size (look-through)" }}
            lang={lang}
          >
            <Money lang={lang} amount={p.size} unit={largestMoneyUnit(lang)} />
          </Kpi>
          <Kpi name="government" text={{ zh: "政府出资", en: "Government money" }} lang={lang}>
            <Money lang={lang} amount={p.government} unit={largestMoneyUnit(lang)} />
          </Kpi>
          <Kpi name="leverage" text={{ zh: "财政放大倍数", en: "Leverage" }} lang={lang}>
            <Multiple value={p.leverage} />
          </Kpi>
          <Kpi
            name="social-multiple"
            text={{ zh: "社会资本倍数", en: "Social-capital multiple" }}
            lang={lang}
          >
            <Multiple value={p.socialMultiple} />
          </Kpi>
        </dl>
        <p class="panel-note">
          {catalogueNodes("city-fund-look-through-note", lang, {
            internal: <Money lang={lang} amount={p.internal} unit={largestMoneyUnit(lang)} />,
            asOf: k.asOf
          })}
        </p>
      </>
    )
  }
})

const DIRECT_COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "技术类别", en: "Technology" },
  { zh: "项目数", en: "Projects" },
  { zh: "笔数", en: "Tranches" },
  { zh: "金额", en: "Amount" }
]

const PROJECT_COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "项目（企业）", en: "Project (enterprise)" },
  { zh: "技术类别", en: "Technology" },
  { zh: "金额", en: "Amount" },
  { zh: "分笔投资", en: "Tranches" }
]

/** 直投项目: direct investments this year in the four key technology categories against 5 a year. */
export const cityFundDirectPanel = definePanel({
  id: "direct",
  title: { zh: "本年直投项目", en: "Direct investments this year" },
  permission: "funds.read",
  load: loadCityFund,
  render: (view, ctx) => {
    const { lang } = ctx
    const d = view.kpis.directInvestments
    if (view.kpis.cityFunds.length === 0) return <NoCityFund lang={lang} />
    return (
      <>
        <ProgressRow
          name="direct"
          label={{ zh: "直投项目（四类关键技术）", en: "Direct investments (key technologies)" }}
          lang={lang}
          fraction={new Decimal(d.count).div(d.target)}
          figures={
            <>
              <span>
                <Drill
                  ctx={ctx}
                  cityFunds={view.kpis.cityFunds}
                  kind="investment"
                  from={d.from}
                  to={d.to}
                  title={{
                    zh: "查看本期全部直投记录（同一企业同一年度的多笔计为一个项目）",
                    en: "Every direct investment of the period (several tranches into one enterprise in a year count as one project)"
                  }}
                >
                  {d.count}
                </Drill>{" "}
                / {d.target} {lang === "en" ? "" : "项"}
              </span>
              <span>
                {d.from} – {d.to}
              </span>
            </>
          }
        />
        <ExportedTable
          op={cityFundKpis}
          table="directInvestments.byTechCategory"
          filters={{ asOf: asOfOf(ctx) }}
          lang={lang}
        >
          <table class="fund-table direct-table">
            <TableHead columns={DIRECT_COLUMNS} lang={lang} />
            <tbody>
              {d.byTechCategory.map((c, _, all) => {
                // The row's tranches: the city fund's direct investments of the category in the period.
                const drill = (name: string, children: Child) =>
                  c.tranches === 0 ? (
                    children
                  ) : (
                    <LedgerLink
                      ctx={ctx}
                      fund={onlyCityFund(view.kpis.cityFunds)}
                      name={name}
                      filters={{
                        kind: "investment",
                        mode: "direct",
                        techCategory: c.techCategory,
                        from: d.from,
                        to: d.to
                      }}
                      title={{
                        zh: "查看本类别的直投记录（每笔一行）",
                        en: "The direct investments of this category (one row a tranche)"
                      }}
                    >
                      {children}
                    </LedgerLink>
                  )
                return (
                  <tr data-tech={c.techCategory} class={c.qualifying ? "" : "muted"}>
                    <th scope="row">
                      <Label text={techCategoryLabels[c.techCategory]} lang={lang} />
                      {c.qualifying ? null : (
                        <span class="muted"> ({lang === "en" ? "not counted" : "不计入"})</span>
                      )}
                    </th>
                    <td class="num">{c.count}</td>
                    <td class="num" data-col="tranches">
                      {drill(`tech-${c.techCategory}-tranches`, c.tranches)}
                    </td>
                    <td class="num" data-col="amount">
                      {drill(
                        `tech-${c.techCategory}`,
                        <Money
                          amount={c.amount}
                          unit={moneyUnitFor(
                            all.map((x) => x.amount),
                            lang
                          )}
                        />
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ExportedTable>
        {d.projects.length === 0 ? null : (
          <p class="panel-note">
            <ExportLinks
              op={cityFundKpis}
              table="directInvestments.projects"
              filters={{ asOf: asOfOf(ctx) }}
              lang={lang}
            />
          </p>
        )}
        {d.projects.length === 0 ? null : (
          <div class="table-scroll" tabindex={0}>
            <table class="fund-table direct-projects">
              <TableHead columns={PROJECT_COLUMNS} lang={lang} />
              <tbody>
                {d.projects.map((p, _, all) => (
                  <tr data-project={`${p.enterprise.uscc}-${p.year}`} class={p.qualifying ? "" : "muted"}>
                    <th scope="row">{p.enterprise.name}</th>
                    <td>
                      <Label text={techCategoryLabels[p.techCategory]} lang={lang} />
                      {p.qualifying ? null : (
                        <span class="muted"> ({lang === "en" ? "not counted" : "不计入"})</span>
                      )}
                    </td>
                    <td class="num">
                      <Money
                        amount={p.amount}
                        unit={moneyUnitFor(
                          all.map((x) => x.amount),
                          lang
                        )}
                      />
                    </td>
                    <td>
                      <ul class="tranches">
                        {p.tranches.map((t) => (
                          <li data-tranche={t.id}>
                            {t.on} <Money lang={lang} amount={t.amount} />
                            {t.round === null ? null : <span class="muted"> {t.round}</span>}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="panel-note">{textOf(catalogueText("city-fund-project-rule"), lang)}</p>
      </>
    )
  }
})

const SUB_FUND_COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "子基金", en: "Sub-fund" },
  { zh: "规模", en: "Size" },
  { zh: "政府出资", en: "Government" },
  { zh: "放大倍数", en: "Leverage" },
  { zh: "社会资本倍数", en: "Social multiple" },
  { zh: "市基金认缴", en: "City fund committed" },
  { zh: "本地投资", en: "Invested locally" },
  { zh: "返投倍数 / 要求", en: "Local reinvestment multiple / required" },
  { zh: "完成率", en: "Completion" }
]

/**
 * The sub-fund figures that are sums of its ledger's entries, each with the filters that select them (as of
 * the page's date) and what its link says; "city fund committed" needs the only city fund (the LP).
 */
const SUB_FUND_CELLS = {
  size: {
    filters: () => ({ kind: "commitment" }),
    title: { zh: "查看计入规模的认缴记录", en: "The commitments that make its size" }
  },
  government: {
    filters: () => ({ kind: "commitment", government: true }),
    title: { zh: "查看财政、国资出资人的认缴记录", en: "The commitments of fiscal and state-owned LPs" }
  },
  cityFundCommitted: {
    filters: (cityFund: string) => ({ kind: "commitment", lpFund: cityFund }),
    title: { zh: "查看市基金对本基金的认缴记录", en: "The city fund's commitments to it" }
  },
  investedLocal: {
    filters: () => ({ kind: "investment", local: true }),
    title: {
      zh: "查看投资温州企业的记录（返投）",
      en: "Its investments in Wenzhou enterprises (local reinvestment)"
    }
  }
} satisfies Record<
  string,
  {
    readonly filters: (cityFund: string) => Parameters<typeof ledgerListHref>[2]
    readonly title: LocalizedText
  }
>

/** A sub-fund's figure (in the column's unit), linking to the entries of its ledger that add up to it. */
const SubFundCell = (props: {
  ctx: PanelContext
  row: SubFundKpis
  /** The column's unit (one for all the sub-funds). */
  unit: MoneyUnit
  cell: keyof typeof SUB_FUND_CELLS
  cityFund: string | undefined
  /** The day the figures are as of: the entries dated up to it. */
  asOf: string
}) => {
  const { ctx, row, cell, cityFund } = props
  const spec = SUB_FUND_CELLS[cell]
  const needsCity = cell === "cityFundCommitted"
  return (
    <td class="num" data-col={cell}>
      <LedgerLink
        ctx={ctx}
        fund={needsCity && cityFund === undefined ? undefined : row.fund}
        name={`sub-fund-${cell}`}
        filters={{ ...spec.filters(cityFund ?? ""), to: props.asOf }}
        title={spec.title}
      >
        <Money amount={row[cell]} unit={props.unit} />
      </LedgerLink>
    </td>
  )
}

/** 子基金: per sub-fund leverage, social-capital multiple and 返投 local re-investment against its requirement. */
export const subFundsPanel = definePanel({
  id: "sub-funds",
  title: { zh: "子基金放大与返投", en: "Sub-funds: leverage and local re-investment" },
  size: "wide",
  permission: "funds.read",
  load: loadCityFund,
  render: (view, ctx) => {
    const { lang } = ctx
    const subFunds = view.kpis.subFunds
    if (view.kpis.cityFunds.length === 0) return <NoCityFund lang={lang} />
    // The LP whose commitments make "city fund committed": the only city fund (several: no list shows them).
    const cityFund = onlyCityFund(view.kpis.cityFunds)
    if (subFunds.length === 0)
      return (
        <p class="panel-note">
          <Label text={{ zh: "尚无子基金", en: "No sub-funds yet" }} lang={lang} />
        </p>
      )
    // One unit a column.
    const units = Object.fromEntries(
      (Object.keys(SUB_FUND_CELLS) as ReadonlyArray<keyof typeof SUB_FUND_CELLS>).map((cell) => [
        cell,
        moneyUnitFor(
          subFunds.map((x) => x[cell]),
          lang
        )
      ])
    ) as Record<keyof typeof SUB_FUND_CELLS, MoneyUnit>
    return (
      <>
        <div class="table-scroll" tabindex={0}>
          <table class="fund-table sub-funds-table">
            <TableHead columns={SUB_FUND_COLUMNS} lang={lang} />
            <tbody>
              {subFunds.map((s) => {
                const figure = (cell: keyof typeof SUB_FUND_CELLS) => (
                  <SubFundCell
                    ctx={ctx}
                    row={s}
                    unit={units[cell]}
                    cell={cell}
                    cityFund={cityFund}
                    asOf={view.kpis.asOf}
                  />
                )
                return (
                  <tr data-fund={s.fund}>
                    <th scope="row">
                      <a href={fundHref(ctx, s.fund)}>{s.name}</a>
                    </th>
                    {figure("size")}
                    {figure("government")}
                    <td class="num" data-col="leverage">
                      <Multiple value={s.leverage} />
                    </td>
                    <td class="num" data-col="social">
                      <Multiple value={s.socialMultiple} />
                    </td>
                    {figure("cityFundCommitted")}
                    {figure("investedLocal")}
                    <td class="num" data-col="reinvest">
                      <Multiple value={s.reinvestMultiple} /> /{" "}
                      {s.reinvestRequired === null ? (
                        <span class="muted">{lang === "en" ? "none" : "无要求"}</span>
                      ) : (
                        <Multiple value={s.reinvestRequired} />
                      )}
                    </td>
                    <td data-col="completion">
                      {s.reinvestCompletion === null ? (
                        <span class="none">—</span>
                      ) : (
                        <>
                          <span class="target-pct">{percentText(s.reinvestCompletion)}</span>
                          <progress value={progressValue(s.reinvestCompletion)} max={100}>
                            {percentText(s.reinvestCompletion)}
                          </progress>
                        </>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <p class="panel-note">
          <ExportLinks op={cityFundKpis} filters={{ asOf: asOfOf(ctx) }} lang={lang} />
        </p>
        <p class="panel-note">{textOf(catalogueText("city-fund-leverage-formulas"), lang)}</p>
      </>
    )
  }
})

/** The city funds seen through their sub-funds, as of the page's date; none without a city fund. */
export const loadCityFundLookThrough = async (ctx: PanelContext): Promise<LookThroughFigures | null> => {
  const cityFunds = await ctx.kejin.funds.list({ kind: "city-fund" })
  if (cityFunds.length === 0) return null
  const asOf = asOfOf(ctx)
  return ctx.kejin.funds.lookThrough(
    cityFunds.map((f) => f.code),
    asOf === undefined ? {} : { asOf }
  )
}

/**
 * 穿透业绩: the city fund's performance with its share of each sub-fund's NAV and distributions (look-through,
 * core equity/look-through.ts): the LP side is its own, the NAV adds its stakes at their share of the
 * sub-funds' NAV by called capital, and its gross side counts the money paid into them.
 */
export const cityFundLookThroughPanel = definePanel({
  id: "look-through",
  title: { zh: "市基金穿透业绩", en: "City fund seen through its sub-funds" },
  size: "wide",
  permission: "funds.read",
  load: loadCityFundLookThrough,
  render: (lt, ctx) => {
    const { lang } = ctx
    if (lt === null) return <NoCityFund lang={lang} />
    return <LookThroughView lt={lt} ctx={ctx} />
  }
})

const CAPITAL_COLUMNS = (by: "origin" | "lpType"): ReadonlyArray<LocalizedText> => [
  by === "origin" ? { zh: "基金来源", en: "Fund origin" } : { zh: "出资人类型", en: "LP type" },
  { zh: "认缴", en: "Committed" },
  { zh: "笔数", en: "Commitments" }
]

/** Committed capital of every fund by the funds' origin and by the LPs' type, as of the page's date. */
export const loadCapital = async (
  ctx: PanelContext
): Promise<{ readonly origin: CapitalFigures; readonly lpType: CapitalFigures }> => {
  const asOf = asOfOf(ctx)
  const options = asOf === undefined ? {} : { asOf }
  const [origin, lpType] = await Promise.all([
    ctx.kejin.funds.capital("origin", options),
    ctx.kejin.funds.capital("lpType", options)
  ])
  return { origin, lpType }
}

/**
 * 资金来源: committed capital by the funds' origin (national, central SOE, foreign, local: the funds the plan
 * asks to bring to Wenzhou) and by the LPs' type, each yuan once (money one fund commits to another is left
 * out), with the 温商 capital that came back to Wenzhou as its own figure.
 */
export const capitalPanel = definePanel({
  id: "capital",
  title: { zh: "资金来源", en: "Where the capital comes from" },
  size: "wide",
  permission: "funds.read",
  load: loadCapital,
  render: (view, ctx) => {
    const { lang } = ctx
    if (view.origin.groups.length === 0)
      return (
        <p class="panel-note">
          <Label text={{ zh: "尚无认缴", en: "No commitments yet" }} lang={lang} />
        </p>
      )
    const table = (by: "origin" | "lpType", figures: CapitalFigures) => (
      <>
        <ExportedTable op={fundCapital} filters={{ by, asOf: asOfOf(ctx) }} lang={lang}>
          <table class={`fund-table capital-table capital-${by}`}>
            <TableHead columns={CAPITAL_COLUMNS(by)} lang={lang} />
            <tbody>
              {figures.groups.map((g, _, all) => (
                <tr data-capital={`${by}-${g.key}`}>
                  <th scope="row">
                    <Label
                      text={labelOf(by === "origin" ? fundOriginLabels : lpTypeLabels, g.key)}
                      lang={lang}
                    />
                  </th>
                  <td class="num">
                    <Money
                      amount={g.committed}
                      unit={moneyUnitFor(
                        all.map((x) => x.committed),
                        lang
                      )}
                    />
                  </td>
                  <td class="num">{g.commitments}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ExportedTable>
      </>
    )
    return (
      <>
        <dl class="figures figures--compact">
          <Kpi
            name="capital-committed"
            text={{ zh: "认缴合计（每元一次）", en: "Committed (each yuan once)" }}
            lang={lang}
          >
            <Money lang={lang} amount={view.origin.committed} unit={largestMoneyUnit(lang)} />
          </Kpi>
          <Kpi
            name="merchant-returned"
            text={{ zh: "温商回归资金", en: "Wenzhou-merchant capital back in Wenzhou" }}
            lang={lang}
          >
            <Money lang={lang} amount={view.lpType.merchantReturned} unit={largestMoneyUnit(lang)} />
          </Kpi>
        </dl>
        {table("origin", view.origin)}
        {table("lpType", view.lpType)}
        <p class="panel-note">
          {catalogueNodes("city-fund-origin-internal-note", lang, {
            internal: <Money lang={lang} amount={view.origin.internal} unit={largestMoneyUnit(lang)} />
          })}
        </p>
      </>
    )
  }
})

/**
 * The built-in city fund plugin (市科创基金), made with exactly the API a third-party plugin uses: scale
 * and leverage, direct investments this year, and the sub-funds' leverage and 返投.
 */
export const cityFundPlugin = definePlugin({
  id: "city-fund",
  title: { zh: "市科创基金", en: "City sci-tech fund" },
  order: 30,
  panels: [cityFundScalePanel, cityFundDirectPanel, subFundsPanel, cityFundLookThroughPanel, capitalPanel]
})
