/** @jsxImportSource hono/jsx */
import { Decimal, type LinkageSummary, type Pilot, type Pool, type PoolRule } from "@kejin/core"
import { linkageRecent, linkageSummary, pilotFigures, todayInShanghai } from "@kejin/core/internal"
import { Chart } from "../charts/chart.js"
import { barChart } from "../charts/charts.js"
import { asOfOf } from "../equity/access.js"
import { Money } from "../equity/format.js"
import { ExportedTable } from "../export-links.js"
import { FigureBox, TargetBar } from "../figures.js"
import { catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { journeyRoutes } from "../journey/journey-page.js"
import { journeyHref, journeyNavigation, journeySearchHref } from "../journey/links.js"
import { type MoneyUnit, moneyUnitFor } from "../money.js"
import { definePanel, definePlugin, type PanelContext } from "../plugin.js"
import { TableHead } from "../table-head.js"
import { type RecentItem, recentItems } from "./recent.js"
import { pilotLabels, poolKindLabels } from "./vocabulary.js"

const ZERO = new Decimal(0)
const YI = new Decimal(100_000_000)

/** `?asOf=YYYY-MM-DD` when given, else today in Asia/Shanghai as the core tells it. */
export const linkageAsOf = async (ctx: PanelContext): Promise<string> =>
  asOfOf(ctx) ?? (await ctx.kejin.run(todayInShanghai))

const yearText = (year: string, lang: Lang): string => (lang === "en" ? year : `${year}年`)

const AsOfNote = (props: { from: string; to: string; lang: Lang }) => (
  <>
    {props.from} – {props.to}
    {" · "}
    {props.lang === "en" ? "live records dated in the period" : "期内有效记录（已冲销的不计）"}
  </>
)

// ── pilots ──────────────────────────────────────────────────────────────────────────────────────

/** One figure under a pilot: a count, an amount, or both. */
interface Detail {
  readonly name: string
  readonly label: LocalizedText
  readonly count?: number
  readonly amount?: Decimal
}

/** One pilot's row: how many, the headline amount (what it is differs per pilot) and the rest. */
export interface PilotRow {
  readonly pilot: Pilot
  readonly count: number
  readonly countOf: LocalizedText
  readonly amount: Decimal
  readonly amountOf: LocalizedText
  readonly details: ReadonlyArray<Detail>
}

export interface PilotsView {
  readonly year: string
  readonly from: string
  readonly to: string
  readonly summary: LinkageSummary
  /** 科创指数贷 granted in the period per tier of the frozen score, highest credit limit first. */
  readonly tiers: ReadonlyArray<{ readonly tier: string; readonly count: number; readonly amount: Decimal }>
}

const LOANS: LocalizedText = { zh: "贷款", en: "loans" }
const POLICIES: LocalizedText = { zh: "保单", en: "policies" }
const CLAIMS: LocalizedText = { zh: "理赔", en: "claims" }

/** Each pilot's row, in the action plan's order, from the summary (and the index loans' tiers). */
export const pilotRows = (view: PilotsView): ReadonlyArray<PilotRow> => {
  const s = view.summary
  const il = s.investmentLoan
  const ti = s.transferInsurance
  const rows: Record<Pilot, Omit<PilotRow, "pilot" | "count" | "amount">> = {
    "investment-loan": {
      countOf: LOANS,
      amountOf: { zh: "贷款", en: "lent" },
      details: [
        {
          name: "warrant-loans",
          label: { zh: "认股权贷款", en: "with warrants" },
          count: il.warrantLoans,
          amount: il.warrantAmount
        },
        {
          name: "exercised",
          label: { zh: "行权", en: "exercised" },
          count: il.exercises,
          amount: il.exercisePaid
        },
        { name: "exited", label: { zh: "退出", en: "exited" }, count: il.exits, amount: il.exitProceeds }
      ]
    },
    "investment-insurance": {
      countOf: POLICIES,
      amountOf: { zh: "保额", en: "insured" },
      details: [
        { name: "premium", label: { zh: "保费", en: "premium" }, amount: s.investmentInsurance.premium }
      ]
    },
    "co-investment": {
      countOf: { zh: "跟投", en: "follow-ons" },
      amountOf: { zh: "跟投", en: "followed" },
      details: [
        {
          name: "lead",
          label: { zh: "市基金领投", en: "city fund lead" },
          amount: s.coInvestment.leadAmount
        }
      ]
    },
    "index-loan": {
      countOf: LOANS,
      amountOf: { zh: "贷款", en: "lent" },
      details: [
        { name: "scores", label: { zh: "评分", en: "scores" }, count: s.indexLoan.scores },
        ...view.tiers.map((t) => ({
          name: `tier-${t.tier}`,
          label: { zh: `${t.tier}档`, en: `tier ${t.tier}` },
          count: t.count,
          amount: t.amount
        }))
      ]
    },
    "transfer-insurance": {
      countOf: POLICIES,
      amountOf: { zh: "保额", en: "insured" },
      details: [
        { name: "premium", label: { zh: "保费", en: "premium" }, amount: ti.premium },
        { name: "subsidy", label: { zh: "保费补贴", en: "premium subsidy" }, amount: ti.premiumSubsidy },
        {
          name: "claims",
          label: { zh: "理赔（损失）", en: "claims (loss)" },
          count: ti.claims,
          amount: ti.loss
        },
        { name: "insurer-paid", label: { zh: "保险公司赔付", en: "insurer paid" }, amount: ti.insurerPaid },
        { name: "relief-paid", label: { zh: "二次救济", en: "secondary relief" }, amount: ti.reliefPaid }
      ]
    },
    "risk-compensation": {
      countOf: CLAIMS,
      amountOf: { zh: "补偿", en: "paid" },
      details: [{ name: "loss", label: { zh: "损失", en: "loss" }, amount: s.riskCompensation.loss }]
    },
    "interest-subsidy": {
      countOf: { zh: "贴息", en: "subsidies" },
      amountOf: { zh: "贴息", en: "paid" },
      details: []
    },
    bonds: {
      countOf: { zh: "债券", en: "bonds" },
      amountOf: { zh: "发行", en: "issued" },
      details: [{ name: "to-funds", label: { zh: "投向基金", en: "to funds" }, amount: s.bonds.toFunds }]
    }
  }
  // The headline (how many, how much) is the core's, as the summary's export writes it.
  return pilotFigures(s).map((figure) => ({ ...figure, ...rows[figure.pilot] }))
}

const CountText = (props: { count: number; lang: Lang }) => (
  <span class="count">{props.lang === "en" ? String(props.count) : `${props.count} 笔`}</span>
)

const DetailText = (props: { detail: Detail; lang: Lang; unit: MoneyUnit }) => {
  const { detail, lang } = props
  return (
    <span data-detail={detail.name}>
      {textOf(detail.label, lang)}
      {lang === "en" ? ": " : "："}
      {detail.count === undefined ? null : <CountText count={detail.count} lang={lang} />}
      {detail.count !== undefined && detail.amount !== undefined ? ", " : null}
      {detail.amount === undefined ? null : <Money amount={detail.amount} unit={props.unit} />}
    </span>
  )
}

const loadPilots = async (ctx: PanelContext): Promise<PilotsView> => {
  const to = await linkageAsOf(ctx)
  const year = to.slice(0, 4)
  const from = `${year}-01-01`
  const [summary, indexLoans] = await Promise.all([
    ctx.kejin.linkage.summary({ from, to }),
    ctx.kejin.linkage.loans({ pilot: "index-loan", from, to, includeReversed: false })
  ])
  const byTier = new Map<string, { tier: string; count: number; amount: Decimal; limit: Decimal }>()
  for (const loan of indexLoans) {
    const tier = loan.score?.tier ?? "—"
    const seen = byTier.get(tier) ?? { tier, count: 0, amount: ZERO, limit: loan.score?.limit ?? ZERO }
    byTier.set(tier, { ...seen, count: seen.count + 1, amount: seen.amount.plus(loan.amount) })
  }
  const tiers = [...byTier.values()]
    .sort((a, b) => b.limit.comparedTo(a.limit) || a.tier.localeCompare(b.tier))
    .map(({ tier, count, amount }) => ({ tier, count, amount }))
  return { year, from, to, summary, tiers }
}

/**
 * The records list behind a pilot's row, where the list counts and sums the same records (live ones dated in
 * the period, its declared sum the row's amount): loans by disbursement, policies by start, compensation
 * claims' payouts, subsidies, bonds by issue. The co-investments row counts otherwise and links nowhere.
 */
const PILOT_LISTS: Partial<
  Record<Pilot, { readonly slug: string; readonly filter: Record<string, string> }>
> = {
  "investment-loan": { slug: "loans", filter: { pilot: "investment-loan" } },
  "index-loan": { slug: "loans", filter: { pilot: "index-loan" } },
  "investment-insurance": { slug: "policies", filter: { pilot: "investment-insurance" } },
  "transfer-insurance": { slug: "policies", filter: { pilot: "transfer-insurance" } },
  "risk-compensation": { slug: "claims", filter: { kind: "risk-compensation" } },
  "interest-subsidy": { slug: "subsidies", filter: {} },
  bonds: { slug: "bonds", filter: {} }
}

const pilotListHref = (ctx: PanelContext, view: PilotsView, pilot: Pilot): string | undefined => {
  const list = PILOT_LISTS[pilot]
  if (list === undefined) return undefined
  const params = new URLSearchParams({
    from: view.from,
    to: view.to,
    includeReversed: "false",
    ...list.filter
  })
  if (ctx.lang === "en") params.set("lang", "en")
  return `${ctx.basePath}/records/${list.slug}?${params}`
}

/** A headline figure over the pilots: an amount and, where it adds up records, their count. */
interface Kpi {
  readonly name: string
  readonly text: LocalizedText
  readonly amount: Decimal
  readonly count?: number
  /** The records list behind it (drill-down), as `PILOT_LISTS`: its slug, its filter. */
  readonly list: { readonly slug: string; readonly filter: Record<string, string> }
}

/** The headline figures over every pilot. */
const kpisOf = (s: LinkageSummary): ReadonlyArray<Kpi> => [
  {
    name: "linkage-loans",
    text: { zh: "联动贷款合计", en: "Linked loans" },
    amount: s.investmentLoan.amount.plus(s.indexLoan.amount),
    count: s.investmentLoan.count + s.indexLoan.count,
    list: { slug: "loans", filter: {} }
  },
  {
    name: "sum-insured",
    text: { zh: "保险保额合计", en: "Sums insured" },
    amount: s.investmentInsurance.sumInsured.plus(s.transferInsurance.sumInsured),
    count: s.investmentInsurance.count + s.transferInsurance.policies,
    list: { slug: "policies", filter: {} }
  },
  {
    name: "pool-payouts",
    text: { zh: "资金池支付合计", en: "Pool payouts" },
    amount: s.transferInsurance.reliefPaid.plus(s.riskCompensation.paid),
    list: { slug: "claims", filter: {} }
  },
  {
    name: "bonds",
    text: { zh: "科技创新债券", en: "Sci-tech bonds" },
    amount: s.bonds.amount,
    count: s.bonds.count,
    list: { slug: "bonds", filter: {} }
  }
]

/** The records list behind a headline figure over the period. */
const kpiHref = (ctx: PanelContext, view: PilotsView, kpi: Kpi): string => {
  const params = new URLSearchParams({
    from: view.from,
    to: view.to,
    includeReversed: "false",
    ...kpi.list.filter
  })
  if (ctx.lang === "en") params.set("lang", "en")
  return `${ctx.basePath}/records/${kpi.list.slug}?${params}`
}

const KpiBox = (props: { kpi: Kpi; lang: Lang; href: string }) => {
  const { kpi, lang } = props
  return (
    <FigureBox data={{ "data-kpi": kpi.name }} text={kpi.text} lang={lang}>
      <a href={props.href} data-drill>
        <Money lang={lang} amount={kpi.amount} />
      </a>
      {kpi.count === undefined ? null : (
        <span class="muted"> ({lang === "en" ? kpi.count : `${kpi.count} 笔`})</span>
      )}
    </FigureBox>
  )
}

const PILOT_COLUMNS = [
  { zh: "试点", en: "Pilot" },
  { zh: "笔数", en: "Count", num: true },
  { zh: "金额", en: "Amount", num: true },
  { zh: "明细", en: "Details" }
]

/** 联动试点: each pilot's figures this year (up to the as-of date), exactly, with a chart of the amounts. */
export const linkagePilotsPanel = definePanel({
  id: "pilots",
  title: { zh: "本年各联动试点", en: "Linkage pilots this year" },
  size: "wide",
  permission: "dashboard.read",
  load: loadPilots,
  render: (view, ctx) => {
    const { lang } = ctx
    const rows = pilotRows(view)
    // One unit a column (the amounts', the details'), stepping down rather than read 0.01亿 (issue 12).
    const amountUnit = moneyUnitFor(
      rows.map((r) => r.amount),
      lang,
      { keepSmall: true }
    )
    const detailUnit = moneyUnitFor(
      rows.flatMap((r) => r.details.flatMap((d) => (d.amount === undefined ? [] : [d.amount]))),
      lang,
      { keepSmall: true }
    )
    // Bonds (亿 a year) on the same axis as pool payouts (万) would flatten every other bar: they stay in the
    // table, out of the chart.
    const charted = rows.filter((r) => r.pilot !== "bonds")
    const bondsApart = rows.some((r) => r.pilot === "bonds" && !r.amount.isZero())
    const largest = charted.reduce((max, r) => (r.amount.gt(max) ? r.amount : max), ZERO)
    const chart = largest.isZero()
      ? null
      : barChart(
          {
            labels: charted.map((r) => textOf(pilotLabels[r.pilot], lang)),
            // Drill-down: a pilot's bar opens the records behind it, as its row does.
            links: charted.map((r) => pilotListHref(ctx, view, r.pilot)),
            series: [{ name: lang === "en" ? "Amount" : "金额", values: charted.map((r) => r.amount) }]
          },
          {
            lang,
            unit: largest.gte(YI) ? "yi" : "wan",
            width: 960,
            height: 300,
            title:
              lang === "en"
                ? `Linkage pilots ${yearText(view.year, lang)}: loans, sums insured, follow-ons, payouts, subsidies`
                : `${yearText(view.year, lang)}各联动试点金额：贷款、保额、跟投、补偿、贴息`
          }
        )
    return (
      <>
        <dl class="figures figures--compact">
          {kpisOf(view.summary).map((kpi) => (
            <KpiBox kpi={kpi} lang={lang} href={kpiHref(ctx, view, kpi)} />
          ))}
        </dl>
        <ExportedTable op={linkageSummary} filters={{ from: view.from, to: view.to }} lang={lang}>
          <table class="fund-table linkage-pilots">
            <TableHead columns={PILOT_COLUMNS} lang={lang} />
            <tbody>
              {rows.map((row) => (
                <tr data-pilot={row.pilot}>
                  <th scope="row">
                    {pilotListHref(ctx, view, row.pilot) === undefined ? (
                      <Label text={pilotLabels[row.pilot]} lang={lang} />
                    ) : (
                      <a href={pilotListHref(ctx, view, row.pilot)} data-drill>
                        <Label text={pilotLabels[row.pilot]} lang={lang} />
                      </a>
                    )}
                  </th>
                  <td class="num" data-col="count">
                    {row.count} <span class="muted">{textOf(row.countOf, lang)}</span>
                  </td>
                  <td class="num" data-col="amount">
                    <span class="muted">{textOf(row.amountOf, lang)}</span>{" "}
                    <Money amount={row.amount} unit={amountUnit} />
                  </td>
                  <td data-col="details">
                    {row.details.length === 0 ? (
                      <span class="none">—</span>
                    ) : (
                      row.details.map((d, i) => (
                        <>
                          {i === 0 ? null : " · "}
                          <DetailText detail={d} lang={lang} unit={detailUnit} />
                        </>
                      ))
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ExportedTable>
        {chart !== null ? (
          <Chart chart={chart} />
        ) : bondsApart ? null : (
          <p class="panel-note">
            <Label
              text={{ zh: "本年尚无联动试点记录", en: "No linkage records this year yet" }}
              lang={lang}
            />
          </p>
        )}
        {bondsApart ? (
          <p class="panel-note" data-note="bonds-apart">
            {textOf(catalogueText("linkage-bonds-apart"), lang)}
          </p>
        ) : null}
        <p class="panel-note">
          <AsOfNote from={view.from} to={view.to} lang={lang} />
        </p>
      </>
    )
  }
})

// ── pools ───────────────────────────────────────────────────────────────────────────────────────

interface PoolFlows {
  readonly deposits: Decimal
  readonly payouts: Decimal
  readonly closingBalance: Decimal
}

export interface PoolsView {
  readonly asOf: string
  readonly year: string
  readonly pools: ReadonlyArray<{
    readonly pool: Pool
    /** Every deposit and payout up to the as-of date, and the balance then. */
    readonly toDate: PoolFlows
    /** Deposits and payouts this year. */
    readonly thisYear: PoolFlows
    /** The rule in force on the as-of date (none before the pool opened). */
    readonly rule: PoolRule | undefined
  }>
}

const NO_FLOWS: PoolFlows = { deposits: ZERO, payouts: ZERO, closingBalance: ZERO }

const loadPools = async (ctx: PanelContext): Promise<PoolsView> => {
  const asOf = await linkageAsOf(ctx)
  const year = asOf.slice(0, 4)
  const pools = await ctx.kejin.linkage.pools()
  if (pools.length === 0) return { asOf, year, pools: [] }
  // No deposit or payout predates its pool's opening: from the earliest opening on is "everything".
  const earliest = pools.reduce((min, p) => (p.openedOn < min ? p.openedOn : min), asOf)
  const [toDate, thisYear] = await Promise.all([
    ctx.kejin.linkage.summary({ from: earliest, to: asOf }),
    ctx.kejin.linkage.summary({ from: `${year}-01-01`, to: asOf })
  ])
  const flowsOf = (summary: LinkageSummary, code: string): PoolFlows =>
    summary.pools.find((p) => p.code === code) ?? NO_FLOWS
  return {
    asOf,
    year,
    pools: pools.map((pool) => ({
      pool,
      toDate: flowsOf(toDate, pool.code),
      thisYear: flowsOf(thisYear, pool.code),
      rule: pool.rules.filter((r) => r.effectiveFrom <= asOf).at(-1)
    }))
  }
}

/** A ratio (0.6) as an exact percentage ("60%"). */
const ratioText = (ratio: Decimal): string => `${ratio.times(100).toFixed()}%`

const RuleText = (props: { rule: PoolRule | undefined; lang: Lang }) => {
  const { rule, lang } = props
  if (rule === undefined) return <>{lang === "en" ? "no rule in force yet" : "尚无生效规则"}</>
  return (
    <span data-rule={rule.id}>
      {lang === "en" ? "Rule: ratio " : "现行规则：比例 "}
      {ratioText(rule.ratio)}
      {lang === "en" ? ", cap " : "，单笔上限 "}
      {rule.cap === null ? lang === "en" ? "none" : "无" : <Money lang={lang} amount={rule.cap} />}
      {lang === "en" ? `, since ${rule.effectiveFrom}` : `，自 ${rule.effectiveFrom} 起`}
    </span>
  )
}

/** 资金池: each pool's deposits, payouts and balance up to the as-of date, what is used, the rule in force. */
export const linkagePoolsPanel = definePanel({
  id: "pools",
  title: { zh: "二次救济与风险补偿资金池", en: "Relief and risk compensation pools" },
  permission: "dashboard.read",
  load: loadPools,
  render: (view, ctx) => {
    const { lang } = ctx
    if (view.pools.length === 0)
      return (
        <p class="panel-note">
          <Label text={{ zh: "尚未设立资金池", en: "No pools are recorded yet" }} lang={lang} />
        </p>
      )
    return (
      <>
        {view.pools.map(({ pool, toDate, thisYear, rule }) => {
          const used = toDate.deposits.isZero() ? null : toDate.payouts.div(toDate.deposits)
          return (
            <TargetBar
              data={{ "data-pool": pool.code }}
              labelId={`linkage-pool-${pool.code}`}
              label={
                <>
                  {pool.name}{" "}
                  <span class="badge" data-kind={pool.kind}>
                    {textOf(poolKindLabels[pool.kind], lang)}
                  </span>
                </>
              }
              pctPrefix={lang === "en" ? "used " : "已用 "}
              fraction={used}
              figures={
                <>
                  <span data-figure="deposited">
                    {lang === "en" ? "Deposited " : "累计注入 "}
                    <Money lang={lang} amount={toDate.deposits} />
                  </span>
                  <span data-figure="paid">
                    {lang === "en" ? "Paid out " : "累计支付 "}
                    <Money lang={lang} amount={toDate.payouts} />
                  </span>
                  <span data-figure="balance">
                    {lang === "en" ? "Balance " : "余额 "}
                    <Money lang={lang} amount={toDate.closingBalance} />
                  </span>
                </>
              }
            >
              <p class="target-pace">
                <span data-figure="this-year">
                  {lang === "en" ? `${view.year}: in ` : `${yearText(view.year, lang)}：注入 `}
                  <Money lang={lang} amount={thisYear.deposits} />
                  {lang === "en" ? ", out " : "，支付 "}
                  <Money lang={lang} amount={thisYear.payouts} />
                </span>
                {" · "}
                <RuleText rule={rule} lang={lang} />
              </p>
            </TargetBar>
          )
        })}
        <p class="panel-note">{textOf(catalogueText("linkage-payout-formula", { asOf: view.asOf }), lang)}</p>
      </>
    )
  }
})

// ── recent ──────────────────────────────────────────────────────────────────────────────────────

/** How many records the recent panel lists. */
export const RECENT_ROWS = 10

export interface RecentView {
  readonly items: ReadonlyArray<RecentItem>
  readonly asOf: string | undefined
}

const RECENT_COLUMNS = [
  { zh: "日期", en: "Date" },
  { zh: "试点", en: "Pilot" },
  { zh: "事项", en: "Record" },
  { zh: "企业", en: "Enterprise" },
  { zh: "金额", en: "Amount", num: true },
  { zh: "对方", en: "Counterparty" }
]

const Subject = (props: { item: RecentItem; ctx: PanelContext }) => {
  const { item, ctx } = props
  if (item.enterprise !== null)
    return (
      <a href={journeyHref(ctx, item.enterprise.uscc)} data-uscc={item.enterprise.uscc}>
        {item.enterprise.name}
      </a>
    )
  return item.subject === null ? <span class="none">—</span> : item.subject
}

/** 最新动态: the latest linkage records (loans, policies, claims, follow-ons, subsidies, bonds). */
export const linkageRecentPanel = definePanel({
  id: "recent",
  title: { zh: "联动试点最新动态", en: "Latest linkage records" },
  size: "wide",
  permission: "dashboard.read",
  load: async (ctx): Promise<RecentView> => {
    const asOf = asOfOf(ctx)
    return { asOf, items: await recentItems(ctx.kejin, { asOf, limit: RECENT_ROWS }) }
  },
  render: (view, ctx) => {
    const { lang } = ctx
    const search = (
      <p class="panel-note">
        <a href={journeySearchHref(ctx)}>
          {lang === "en" ? "Look up an enterprise's finance journey" : "查询企业金融旅程"}
        </a>
      </p>
    )
    if (view.items.length === 0)
      return (
        <>
          <p class="panel-note">
            <Label text={{ zh: "尚无联动试点记录", en: "No linkage records yet" }} lang={lang} />
          </p>
          {search}
        </>
      )
    return (
      <>
        <ExportedTable
          op={linkageRecent}
          filters={view.asOf === undefined ? {} : { to: view.asOf }}
          lang={lang}
        >
          <table class="fund-table linkage-recent">
            <TableHead columns={RECENT_COLUMNS} lang={lang} />
            <tbody>
              {view.items.map((item) => (
                <tr data-record={`${item.record.kind}-${item.record.id}`}>
                  <th scope="row" class="nowrap">
                    {item.on}
                  </th>
                  <td>{textOf(pilotLabels[item.pilot], lang)}</td>
                  <td>{textOf(item.what, lang)}</td>
                  <td>
                    <Subject item={item} ctx={ctx} />
                  </td>
                  <td class="num">
                    <Money
                      amount={item.amount}
                      lang={lang}
                      unit={moneyUnitFor(
                        view.items.map((i) => i.amount),
                        lang,
                        { keepSmall: true }
                      )}
                    />
                  </td>
                  <td>{item.counterparty ?? <span class="none">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ExportedTable>
        <p class="panel-note">
          {textOf(
            view.asOf === undefined
              ? catalogueText("linkage-latest-records", { count: String(view.items.length) })
              : catalogueText("linkage-latest-records-as-of", {
                  count: String(view.items.length),
                  asOf: view.asOf
                }),
            lang
          )}
        </p>
        {search}
      </>
    )
  }
})

/**
 * The built-in linkage plugin (联动试点, section 五 of the action plan), made with exactly the API a
 * third-party plugin uses: each pilot's figures this year, the relief and risk-compensation pools, the
 * latest records, and each enterprise's finance journey (`/enterprises/:uscc/journey`, searched at
 * `/journey`) across equity, pledges and the pilots.
 */
export const linkagePlugin = definePlugin({
  id: "linkage",
  title: { zh: "联动试点", en: "Linkage pilots" },
  order: 50,
  panels: [linkagePilotsPanel, linkagePoolsPanel, linkageRecentPanel],
  routes: journeyRoutes,
  navigation: [journeyNavigation]
})
