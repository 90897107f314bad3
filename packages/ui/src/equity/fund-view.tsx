/** @jsxImportSource hono/jsx */
import {
  Decimal,
  districtOf,
  type Fund,
  type FundEntry,
  type FundFigures,
  formatYuan,
  type LpAccount,
  type LpAccounts
} from "@kejin/core"
import {
  addEnterprise,
  cashFlowsOf,
  convertibleInstruments,
  fundCashFlows,
  fundHoldings,
  fundLedger,
  fundLpAccounts,
  reverseFundEntry
} from "@kejin/core/internal"
import type { Child } from "hono/jsx"
import { Chart } from "../charts/chart.js"
import { barChart } from "../charts/charts.js"
import { ExportedTable, ExportLinks } from "../export-links.js"
import { Fact, Term } from "../facts.js"
import { errorAttrs, Field } from "../forms/field.js"
import { type FormErrors, type FormValues, hasErrors } from "../forms/form-state.js"
import { messageFor } from "../forms/messages.js"
import { formAction } from "../forms/operation-form.js"
import { PostForm } from "../forms/post-form.js"
import { catalogueNodes, catalogueText, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { ImportLink, LEDGER_IMPORT_KINDS } from "../imports/links.js"
import { moneyUnitFor } from "../money.js"
import type { PanelContext } from "../plugin.js"
import { TableHead } from "../table-head.js"
import { fundHref, keptQuery } from "./access.js"
import { type Choices, SpecForm, staticChoices } from "./form-view.js"
import { Irr, Money, Multiple, percentText } from "./format.js"
import { enterpriseForm, FUND_FORM_IDS, type FundFormId, fundFormOperations, fundForms } from "./forms.js"
import type { FundView, HoldingView } from "./fund-data.js"
import { ledgerListHref } from "./ledger-list.js"
import { LookThroughView } from "./look-through-view.js"
import { type LpColumn, LpTable, moneyColumn } from "./lp-table.js"
import {
  chainStageLabels,
  distributionKindLabels,
  entryKindLabels,
  exitRouteLabels,
  fundKindLabels,
  fundOriginLabels,
  fundStatusLabels,
  instrumentLabels,
  labelOf,
  lpTypeLabels
} from "./vocabulary.js"

/** The element a successful write replaces: every figure, the chart, the tables and the forms. */
export const SECTIONS_ID = "fund-sections"

/** What a form shows instead of its blank state: what was typed, the errors, and a note. */
export interface FormState {
  readonly values: FormValues
  readonly errors?: FormErrors | undefined
}

/** The state of the investment box: the investment form and the register-enterprise form beside it. */
export interface InvestBoxState {
  readonly invest?: FormState | undefined
  readonly register?: FormState | undefined
  /** Open the register form (the credit code typed is not registered, or registering failed). */
  readonly registerOpen?: boolean
  /** A line above the form (e.g. "registered 某公司"). */
  readonly notice?: string | undefined
}

/** One form in its failed (or re-shown) state, for the section or the page to render in place. */
export type FailedForm =
  | { readonly form: Exclude<FundFormId, "invest">; readonly state: FormState }
  | { readonly form: "invest"; readonly state: InvestBoxState }
  | { readonly form: "reverse"; readonly id: number; readonly state: FormState }

// ── the fund's particulars ──────────────────────────────────────────────────────────────────────

export const FundHeader = (props: { fund: Fund; ctx: PanelContext }) => {
  const { fund, ctx } = props
  const { lang } = ctx
  const district = districtOf(fund.district)
  return (
    <header class="fund-header">
      <h3 class="fund-name">
        {fund.name} <code>{fund.code}</code>
      </h3>
      <dl class="fund-facts">
        <Fact text={{ zh: "类型", en: "Kind" }} lang={lang}>
          {textOf(labelOf(fundKindLabels, fund.kind), lang)}
        </Fact>
        <Fact text={{ zh: "链条阶段", en: "Chain stage" }} lang={lang}>
          {textOf(labelOf(chainStageLabels, fund.chainStage), lang)}
        </Fact>
        {fund.parent === null ? null : (
          <Fact text={{ zh: "母基金", en: "Parent fund" }} lang={lang}>
            <a href={fundHref(ctx, fund.parent)}>{fund.parent}</a>
          </Fact>
        )}
        <Fact text={{ zh: "管理人", en: "Manager" }} lang={lang}>
          {fund.manager.name}
        </Fact>
        <Fact text={{ zh: "目标规模", en: "Target size" }} lang={lang}>
          <Money lang={lang} amount={fund.targetSize} />
        </Fact>
        <Fact text={{ zh: "成立", en: "Vintage" }} lang={lang}>
          {fund.vintage}
        </Fact>
        <Fact text={{ zh: "状态", en: "Status" }} lang={lang}>
          {textOf(labelOf(fundStatusLabels, fund.status), lang)}{" "}
          <span class="muted">
            ({lang === "en" ? "since" : "自"} {fund.statusSince})
          </span>
        </Fact>
        <Fact text={{ zh: "来源", en: "Origin" }} lang={lang}>
          {textOf(labelOf(fundOriginLabels, fund.origin), lang)}
        </Fact>
        <Fact text={{ zh: "注册地", en: "District" }} lang={lang}>
          {district === undefined ? fund.district : lang === "en" ? district.nameEn : district.name}
        </Fact>
        <Fact text={{ zh: "返投要求", en: "Required local reinvestment multiple" }} lang={lang}>
          {fund.reinvestRequired === null ? "—" : <Multiple value={fund.reinvestRequired} />}
        </Fact>
      </dl>
    </header>
  )
}

// ── figures ─────────────────────────────────────────────────────────────────────────────────────

const Figure = (props: { name: string; text: LocalizedText; lang: Lang; children?: Child }) => (
  <div class="figure-box" data-figure={props.name}>
    {/* DPI, TVPI, … read the same in both languages: once is enough. */}
    {props.text.zh === props.text.en ? (
      <dt>{props.text.en}</dt>
    ) : (
      <Term text={props.text} lang={props.lang} />
    )}
    <dd>{props.children}</dd>
  </div>
)

/**
 * Which mark the NAV rests on: "(mark of 2025-11-30)" when nothing moved since, else "based on the mark of
 * 2025-11-30 adjusted by flows since: + calls − distributions" (the core's roll-forward, `navMarks`).
 */
const NavBasisNote = (props: { figures: FundFigures; lang: Lang }) => {
  const { figures: f, lang } = props
  if (f.navDate === null) return null
  const moved = !f.navCallsSince.isZero() || !f.navDistributionsSince.isZero()
  if (!moved)
    return <span class="muted">{catalogueNodes("fund-nav-mark-of", lang, { date: f.navDate })}</span>
  return (
    <span class="muted nav-basis" data-nav-basis={f.navDate}>
      {catalogueNodes("fund-nav-basis", lang, {
        date: f.navDate,
        mark: f.navMark === null ? null : <Money lang={lang} amount={f.navMark} />,
        flows: [
          f.navCallsSince.isZero()
            ? null
            : catalogueNodes("fund-nav-plus-calls", lang, {
                amount: <Money lang={lang} amount={f.navCallsSince} />
              }),
          f.navDistributionsSince.isZero()
            ? null
            : catalogueNodes("fund-nav-less-distributions", lang, {
                amount: <Money lang={lang} amount={f.navDistributionsSince} />
              })
        ]
      })}
    </span>
  )
}

/** Committed, paid-in, unfunded, invested, distributions, NAV, DPI/RVPI/TVPI, MOIC, net and gross IRR, notes. */
export const FundFiguresView = (props: {
  figures: FundFigures
  lang: Lang
  /** The fund whose ledger the flows drill down to, for a reader of its ledger (see ./ledger-list.tsx). */
  drill?: { readonly ctx: PanelContext; readonly code: string } | undefined
}) => {
  const { figures: f, lang, drill } = props
  /** A flow's figure linking to the ledger entries it adds up (live ones dated up to the figures' date). */
  const Flow = (p: { kind: "commitment" | "call" | "investment" | "distribution"; children: Child }) => {
    const href =
      drill === undefined
        ? undefined
        : ledgerListHref(drill.ctx, drill.code, { kind: p.kind, to: f.asOf, includeReversed: false })
    return href === undefined ? (
      p.children
    ) : (
      <a
        href={href}
        data-drill={p.kind}
        title={lang === "en" ? "The entries behind this figure" : "查看计入此数的台账记录"}
      >
        {p.children}
      </a>
    )
  }
  return (
    <section class="fund-figures" aria-label={lang === "en" ? "Figures" : "指标"}>
      <dl class="figures">
        <Figure name="committed" text={{ zh: "认缴", en: "Committed" }} lang={lang}>
          <Flow kind="commitment">
            <Money lang={lang} amount={f.committed} />
          </Flow>
        </Figure>
        <Figure name="paid-in" text={{ zh: "实缴", en: "Paid-in" }} lang={lang}>
          <Flow kind="call">
            <Money lang={lang} amount={f.paidIn} />
          </Flow>
          {f.calledPercent === null ? null : <span class="muted"> ({percentText(f.calledPercent)})</span>}
        </Figure>
        <Figure name="unfunded" text={{ zh: "未缴", en: "Unfunded" }} lang={lang}>
          <Money lang={lang} amount={f.unfunded} />
        </Figure>
        <Figure name="invested" text={{ zh: "已投资", en: "Invested" }} lang={lang}>
          <Flow kind="investment">
            <Money lang={lang} amount={f.invested} />
          </Flow>
        </Figure>
        <Figure name="distributions" text={{ zh: "已分配", en: "Distributions" }} lang={lang}>
          <Flow kind="distribution">
            <Money lang={lang} amount={f.distributions} />
          </Flow>
        </Figure>
        <Figure name="nav" text={{ zh: "净值", en: "NAV" }} lang={lang}>
          {f.nav === null ? (
            <span class="none">—</span>
          ) : (
            <>
              <Money lang={lang} amount={f.nav} /> <NavBasisNote figures={f} lang={lang} />
            </>
          )}
        </Figure>
        <Figure name="dpi" text={{ zh: "DPI", en: "DPI" }} lang={lang}>
          <Multiple value={f.dpi} />
        </Figure>
        <Figure name="rvpi" text={{ zh: "RVPI", en: "RVPI" }} lang={lang}>
          <Multiple value={f.rvpi} />
        </Figure>
        <Figure name="tvpi" text={{ zh: "TVPI", en: "TVPI" }} lang={lang}>
          <Multiple value={f.tvpi} />
        </Figure>
        <Figure name="moic" text={{ zh: "MOIC（项目）", en: "Gross MOIC" }} lang={lang}>
          <Multiple value={f.grossMoic} />
        </Figure>
        <Figure name="net-irr" text={{ zh: "净IRR", en: "Net IRR" }} lang={lang}>
          <Irr result={f.netIrr} lang={lang} />
        </Figure>
        <Figure name="gross-irr" text={{ zh: "毛IRR", en: "Gross IRR" }} lang={lang}>
          <Irr result={f.grossIrr} lang={lang} />
        </Figure>
      </dl>
      <p class="panel-note">
        {lang === "en" ? "As of" : "截至"} {f.asOf}
        {" · "}
        {textOf(catalogueText("fund-metrics-formulas"), lang)}
      </p>
      {f.notes.length === 0 ? null : (
        <ul class="fund-notes">
          {f.noteMessages.map((note) => (
            <li>{messageFor(note, lang)}</li>
          ))}
        </ul>
      )}
    </section>
  )
}

// ── cash flows ──────────────────────────────────────────────────────────────────────────────────

const YI = new Decimal(100_000_000)

/**
 * Calls (negative) and distributions (positive) per month, or per quarter past a year, from the first
 * one up to the as-of date, with the cumulative net cash flow as a line.
 */
export const CashFlowChart = (props: { ledger: ReadonlyArray<FundEntry>; asOf: string; lang: Lang }) => {
  const { lang, asOf } = props
  const { per: kind, rows } = cashFlowsOf(props.ledger, asOf)
  if (rows.length === 0) {
    return (
      <p class="panel-note">
        <Label text={{ zh: "尚无实缴或分配", en: "No capital calls or distributions yet" }} lang={lang} />
      </p>
    )
  }
  const keys = rows.map((r) => r.period)
  const calls = new Map(rows.flatMap((r) => (r.calls === null ? [] : [[r.period, r.calls] as const])))
  const distributions = new Map(
    rows.flatMap((r) => (r.distributions === null ? [] : [[r.period, r.distributions] as const]))
  )
  const cumulative = rows.map((r) => r.cumulative)
  const largest = [...calls.values(), ...distributions.values(), ...cumulative].reduce(
    (max, v) => (v.abs().gt(max) ? v.abs() : max),
    new Decimal(0)
  )
  const chart = barChart(
    {
      labels: keys,
      series: [
        {
          name: lang === "en" ? "Calls (paid in)" : "实缴（流出）",
          values: keys.map((k) => calls.get(k) ?? null)
        },
        {
          name: lang === "en" ? "Distributions" : "分配（流入）",
          values: keys.map((k) => distributions.get(k) ?? null)
        },
        { name: lang === "en" ? "Cumulative net" : "累计净现金流", kind: "line", values: cumulative }
      ]
    },
    {
      lang,
      unit: largest.gte(YI) ? "yi" : "wan",
      width: 960,
      height: 300,
      title:
        lang === "en"
          ? `Cash flows to and from LPs by ${kind}, to ${asOf}`
          : `按${kind === "month" ? "月" : "季度"}现金流（LP视角），截至 ${asOf}`
    }
  )
  return <Chart chart={chart} />
}

// ── holdings ────────────────────────────────────────────────────────────────────────────────────

const HoldingRow = (props: { view: HoldingView; lang: Lang }) => {
  const { investment: i, holding: h, moic } = props.view
  const { lang } = props
  const district = districtOf(i.district)
  return (
    <tr data-investment={String(i.id)}>
      <td>
        #{i.id} · {i.on}
        <br />
        <span class="muted">
          {textOf(labelOf(instrumentLabels, i.instrument), lang)}
          {i.round === null ? "" : ` · ${i.round}`}
        </span>
      </td>
      <td>
        {i.enterprise.name}
        <br />
        <code class="muted">{i.enterprise.uscc}</code>
      </td>
      <td class="num">
        <Money lang={lang} amount={h.cost} />
      </td>
      <td class="num">
        <Money lang={lang} amount={h.remainingCost} />
      </td>
      <td class="num">
        <Money lang={lang} amount={h.fairValue} />
        <span class="muted">
          {" "}
          {h.remainingCost.lte(0)
            ? lang === "en"
              ? "(exited)"
              : "(已退出)"
            : h.valuedOn === null
              ? lang === "en"
                ? "(at cost)"
                : "(按成本)"
              : `(${h.valuedOn})`}
        </span>
      </td>
      <td class="num">
        {h.exitProceeds.isZero() ? (
          <span class="none">—</span>
        ) : (
          <Money lang={lang} amount={h.exitProceeds} />
        )}
      </td>
      <td class="num">
        <Multiple value={moic} />
      </td>
      <td data-local={h.local ? "yes" : "no"}>
        {h.local ? (
          <span class="badge badge--ok">
            {lang === "en" ? "Local" : "本地"}
            {district === undefined ? "" : ` · ${lang === "en" ? district.nameEn : district.name}`}
          </span>
        ) : (
          <span class="badge">
            {lang === "en" ? "Not Wenzhou" : "外地"} · {i.district}
          </span>
        )}
      </td>
    </tr>
  )
}

const HOLDING_COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "投资", en: "Investment" },
  { zh: "被投企业", en: "Enterprise" },
  { zh: "投资成本", en: "Cost" },
  { zh: "剩余成本", en: "Remaining cost" },
  { zh: "公允价值", en: "Fair value" },
  { zh: "退出所得", en: "Proceeds" },
  { zh: "MOIC", en: "MOIC" },
  { zh: "本地", en: "Local" }
]

export const HoldingsTable = (props: {
  holdings: ReadonlyArray<HoldingView>
  lang: Lang
  /** The fund and the day: the export links' scope. */
  code: string
  asOf: string
}) => {
  const { lang } = props
  return (
    <section class="fund-holdings" aria-labelledby="fund-holdings-title">
      <h3 id="fund-holdings-title">
        <Label text={{ zh: "持仓", en: "Holdings" }} lang={lang} /> ({props.holdings.length})
      </h3>
      {props.holdings.length === 0 ? (
        <p class="panel-note">
          <Label text={{ zh: "尚无投资", en: "No investments yet" }} lang={lang} />
        </p>
      ) : (
        <ExportedTable
          op={fundHoldings}
          params={{ code: props.code }}
          filters={{ asOf: props.asOf }}
          lang={lang}
        >
          <table class="fund-table holdings-table">
            <TableHead columns={HOLDING_COLUMNS} lang={lang} />
            <tbody>
              {props.holdings.map((view) => (
                <HoldingRow view={view} lang={lang} />
              ))}
            </tbody>
          </table>
        </ExportedTable>
      )}
    </section>
  )
}

// ── LP capital accounts ─────────────────────────────────────────────────────────────────────────

const LP_ACCOUNT_COLUMNS: ReadonlyArray<LpColumn<LpAccount, LpAccounts>> = [
  moneyColumn("committed", { zh: "认缴", en: "Committed" }),
  moneyColumn("called", { zh: "实缴", en: "Called" }),
  moneyColumn("uncalled", { zh: "未缴", en: "Uncalled" }),
  moneyColumn("distributed", { zh: "已分配", en: "Distributed" }),
  moneyColumn("nav", { zh: "净值份额", en: "NAV share" }),
  { head: { zh: "DPI", en: "DPI" }, cell: (x) => <Multiple value={x.dpi} /> },
  { head: { zh: "TVPI", en: "TVPI" }, cell: (x) => <Multiple value={x.tvpi} /> },
  { head: { zh: "IRR", en: "IRR" }, cell: (x, lang) => <Irr result={x.irr} lang={lang} /> }
]

const LP_ACCOUNTS_EXPLANATION: LocalizedText = catalogueText("fund-lp-accounts-explanation")

/** The quarterly LP statement page of a fund (`/funds/{code}/lp-statement`). */
export const lpStatementHref = (ctx: PanelContext, code: string, quarter?: string): string =>
  `${ctx.basePath}/funds/${encodeURIComponent(code)}/lp-statement${keptQuery(ctx, quarter === undefined ? {} : { quarter })}`

/**
 * Each LP's capital account (the core's `funds.lpAccounts`): committed, called, uncalled, distributed, its
 * share of the rolled-forward NAV by called capital, DPI, TVPI and its own IRR; the fund's line below.
 */
export const LpAccountsTable = (props: { view: FundView; ctx: PanelContext }) => {
  const { view, ctx } = props
  const { lang } = ctx
  const a = view.lpAccounts
  if (a === null) return null
  return (
    <section class="fund-lp-accounts" aria-labelledby="fund-lp-accounts-title">
      <h3 id="fund-lp-accounts-title">
        <Label text={{ zh: "出资人资本账户", en: "LP capital accounts" }} lang={lang} /> ({a.accounts.length})
      </h3>
      {a.accounts.length === 0 ? (
        <p class="panel-note">
          <Label text={{ zh: "尚无认缴", en: "No commitments yet" }} lang={lang} />
        </p>
      ) : (
        <>
          <p class="panel-note">
            <ExportLinks
              op={fundLpAccounts}
              params={{ code: view.fund.code }}
              filters={{ asOf: a.asOf }}
              lang={lang}
            />
            {" · "}
            <a href={lpStatementHref(ctx, view.fund.code)} data-link="lp-statement">
              <Label text={{ zh: "季度对账单", en: "Quarterly statement" }} lang={lang} />
            </a>
          </p>
          <LpTable
            class="lp-accounts-table"
            columns={LP_ACCOUNT_COLUMNS}
            rows={a.accounts}
            total={a}
            more={(x) => (x.calledShare === null ? "" : ` · ${percentText(x.calledShare)}`)}
            explanation={LP_ACCOUNTS_EXPLANATION}
            notes={a.noteMessages}
            lang={lang}
          />
        </>
      )}
    </section>
  )
}

// ── the ledger ──────────────────────────────────────────────────────────────────────────────────

/** What an entry records, in a line. */
export const EntryDetail = (props: {
  entry: FundEntry
  byId: ReadonlyMap<number, FundEntry>
  ctx: PanelContext
}) => {
  const { entry: e, byId, ctx } = props
  const { lang } = ctx
  const investmentName = (id: number) => {
    const i = byId.get(id)
    return i?.kind === "investment" ? i.enterprise.name : `#${id}`
  }
  switch (e.kind) {
    case "commitment":
      return (
        <>
          {e.lpName} · {textOf(labelOf(lpTypeLabels, e.lpType), lang)}
          {e.lpFund === null ? null : (
            <>
              {" · "}
              <a href={fundHref(ctx, e.lpFund)}>{e.lpFund}</a>
            </>
          )}
        </>
      )
    case "call": {
      const c = byId.get(e.commitment)
      return (
        <>
          {lang === "en" ? "on commitment" : "认缴"} #{e.commitment}
          {c?.kind === "commitment" ? ` · ${c.lpName}` : ""}
        </>
      )
    }
    case "distribution": {
      const c = e.commitment === null ? undefined : byId.get(e.commitment)
      return (
        <>
          {textOf(labelOf(distributionKindLabels, e.distributionKind), lang)}
          {e.commitment === null ? "" : ` · ${lang === "en" ? "to commitment" : "认缴"} #${e.commitment}`}
          {c?.kind === "commitment" ? ` · ${c.lpName}` : ""}
        </>
      )
    }
    case "nav":
      return <>{lang === "en" ? "Net asset value" : "基金净值"}</>
    case "investment":
      return (
        <>
          {e.enterprise.name} · {textOf(labelOf(instrumentLabels, e.instrument), lang)}
          {e.round === null ? "" : ` · ${e.round}`}
        </>
      )
    case "valuation":
      return (
        <>
          #{e.investment} {investmentName(e.investment)}
        </>
      )
    case "exit":
      return (
        <>
          #{e.investment} {investmentName(e.investment)} · {textOf(labelOf(exitRouteLabels, e.route), lang)} ·{" "}
          {lang === "en" ? "cost" : "成本"} <Money lang={lang} amount={e.costBasis} /> ·{" "}
          {lang === "en" ? "gain" : "收益"} <Money lang={lang} amount={e.gain} />
        </>
      )
    case "reversal":
      return (
        <>
          {lang === "en" ? "reverses" : "冲销"} #{e.reverses} · {e.reason}
        </>
      )
  }
}

export const entryAmount = (e: FundEntry): Decimal | null => {
  switch (e.kind) {
    case "commitment":
    case "call":
    case "distribution":
    case "investment":
      return e.amount
    case "nav":
      return e.nav
    case "valuation":
      return e.fairValue
    case "exit":
      return e.proceeds
    case "reversal":
      return null
  }
}

const reverseFormId = (id: number) => `reverse-${id}`

const ReverseForm = (props: { entry: FundEntry; ctx: PanelContext; state?: FormState | undefined }) => {
  const { entry, ctx, state } = props
  const { lang } = ctx
  const formId = reverseFormId(entry.id)
  // The route names the entry; the page's fund rides in the query, for the answer (see fund-page.tsx).
  const action = formAction(reverseFundEntry, { id: entry.id }, keptQuery(ctx, { fund: entry.fund }))
  const error = state?.errors?.fields.reason ?? state?.errors?.fields.id
  const id = `${formId}-reason`
  return (
    <details class="reverse" open={state !== undefined}>
      <summary>{lang === "en" ? "Reverse" : "冲销"}</summary>
      <PostForm
        id={formId}
        class="reverse-form"
        action={action}
        target={`#${SECTIONS_ID}`}
        csrfToken={ctx.csrfToken}
      >
        {state?.errors?.general.map((m) => (
          <p class="field-error">{m}</p>
        ))}
        <Field id={id} name="reason" label={lang === "en" ? "Reason" : "冲销原因"} error={error}>
          <input
            type="text"
            id={id}
            name="reason"
            value={state?.values.reason ?? ""}
            {...errorAttrs(id, error)}
          />
        </Field>
        <button type="submit">{lang === "en" ? "Reverse entry" : "确认冲销"}</button>
      </PostForm>
    </details>
  )
}

const LEDGER_COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "#", en: "#" },
  { zh: "日期", en: "Date" },
  { zh: "类型", en: "Entry" },
  { zh: "金额", en: "Amount" },
  { zh: "内容", en: "Details" }
]

export const LedgerTable = (props: {
  view: FundView
  ctx: PanelContext
  failed?: FailedForm | undefined
}) => {
  const { view, ctx, failed } = props
  const { lang } = ctx
  const byId = new Map(view.ledger.map((e) => [e.id, e]))
  // Newest first: what was just recorded is at the top.
  const entries = [...view.ledger].reverse()
  // The amount column in one unit (1.20亿 never above 4,000万).
  const unit = moneyUnitFor(
    entries.flatMap((e) => entryAmount(e) ?? []),
    lang,
    { keepSmall: true }
  )
  return (
    <section class="fund-ledger" aria-labelledby="fund-ledger-title">
      <h3 id="fund-ledger-title">
        <Label text={{ zh: "台账", en: "Ledger" }} lang={lang} /> ({view.ledger.length})
      </h3>
      {entries.length === 0 ? null : (
        <p class="panel-note">
          <ExportLinks op={fundLedger} params={{ code: view.fund.code }} lang={lang} />
        </p>
      )}
      {entries.length === 0 ? (
        <p class="panel-note">
          <Label text={{ zh: "尚无记录", en: "Nothing recorded yet" }} lang={lang} />
        </p>
      ) : (
        <div class="table-scroll" tabindex={0}>
          <table class="fund-table ledger-table">
            <TableHead
              columns={view.writer ? [...LEDGER_COLUMNS, { zh: "更正", en: "Correct" }] : LEDGER_COLUMNS}
              lang={lang}
            />
            <tbody>
              {entries.map((e) => {
                const amount = entryAmount(e)
                const reversed = e.reversedBy !== null
                return (
                  <tr
                    data-entry={String(e.id)}
                    data-kind={e.kind}
                    class={reversed ? "entry entry--reversed" : "entry"}
                  >
                    <td>{e.id}</td>
                    <td>{e.on}</td>
                    <td>
                      {textOf(labelOf(entryKindLabels, e.kind), lang)}
                      {reversed ? (
                        <span class="badge badge--bad">
                          {" "}
                          {lang === "en" ? `reversed by #${e.reversedBy}` : `已由 #${e.reversedBy} 冲销`}
                        </span>
                      ) : null}
                    </td>
                    <td class="num">{amount === null ? "" : <Money amount={amount} unit={unit} />}</td>
                    <td>
                      <EntryDetail entry={e} byId={byId} ctx={ctx} />
                      {e.fx === null ? null : (
                        <span class="muted">
                          {" "}
                          ({e.fx.currency} {e.fx.amount.toFixed()} @ {e.fx.rate.toFixed()})
                        </span>
                      )}
                    </td>
                    {view.writer ? (
                      <td>
                        {reversed || e.kind === "reversal" ? null : (
                          <ReverseForm
                            entry={e}
                            ctx={ctx}
                            state={
                              failed?.form === "reverse" && failed.id === e.id ? failed.state : undefined
                            }
                          />
                        )}
                      </td>
                    ) : null}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

// ── the forms ───────────────────────────────────────────────────────────────────────────────────

export const boxId = (form: string) => `box-${form}`

/** The selects that depend on this fund's records. */
export const fundChoices = (view: FundView, lang: Lang): Choices => ({
  ...staticChoices(lang),
  lpFund: view.funds.map((f) => ({ value: f.code, label: `${f.name} (${f.code})` })),
  enterprise: view.enterprises.map((e) => ({ value: e.uscc, label: e.name })),
  commitment: view.commitments
    .filter((c) => c.unfunded.gt(0))
    .map((c) => ({
      value: String(c.entry.id),
      label:
        `#${c.entry.id} ${c.entry.lpName} · ${lang === "en" ? "unfunded" : "未缴"} ` +
        `${formatYuan(c.unfunded)} / ${formatYuan(c.entry.amount)}`
    })),
  holding: view.holdings
    .filter((h) => h.holding.remainingCost.gt(0))
    .map((h) => ({
      value: String(h.investment.id),
      label:
        `#${h.investment.id} ${h.investment.enterprise.name} · ${lang === "en" ? "remaining cost" : "剩余成本"} ` +
        formatYuan(h.holding.remainingCost)
    })),
  // A convertible or future-equity holding not converted yet (its cost still to carry into equity).
  convertible: view.holdings
    .filter(
      (h) =>
        convertibleInstruments.includes(h.investment.instrument) &&
        h.holding.remainingCost.gt(0) &&
        !view.converted.has(h.investment.id)
    )
    .map((h) => ({
      value: String(h.investment.id),
      label:
        `#${h.investment.id} ${h.investment.enterprise.name} · ${lang === "en" ? "cost" : "成本"} ` +
        formatYuan(h.holding.remainingCost)
    }))
})

/** A ledger form's action: its operation's route for the fund (`/api/v1/funds/{code}/calls`). */
const ledgerAction = (ctx: PanelContext, code: string, form: FundFormId) =>
  formAction(fundFormOperations[form], { code }, keptQuery(ctx))

/** Fresh values of a form: today's (the page's) date in every date field. */
const blankValues = (asOf: string): FormValues => ({ on: asOf })

/** The investment form and, beside it, the small register-enterprise form (posting both, so nothing typed is lost). */
export const InvestBox = (props: {
  view: FundView
  ctx: PanelContext
  choices: Choices
  state?: InvestBoxState | undefined
  open?: boolean
}) => {
  const { view, ctx, choices, state } = props
  const { lang } = ctx
  const spec = fundForms.invest
  const code = view.fund.code
  const registerOpen =
    state?.registerOpen === true || hasErrors(state?.register?.errors) || view.enterprises.length === 0
  return (
    <details
      id={boxId("invest")}
      class="fund-form-box"
      open={props.open === true || state !== undefined}
      data-form="invest"
    >
      <summary>
        <Label text={spec.title} lang={lang} />
      </summary>
      {state?.notice === undefined ? null : (
        <p class="form-notice" role="status">
          {state.notice}
        </p>
      )}
      <SpecForm
        spec={spec}
        action={ledgerAction(ctx, code, "invest")}
        target={`#${SECTIONS_ID}`}
        csrfToken={ctx.csrfToken}
        values={state?.invest?.values ?? blankValues(view.figures.asOf)}
        errors={state?.invest?.errors}
        choices={choices}
        lang={lang}
      />
      <details class="register-enterprise" open={registerOpen}>
        <summary>
          <Label text={catalogueText("fund-enterprise-not-registered")} lang={lang} />
        </summary>
        <SpecForm
          spec={enterpriseForm}
          action={formAction(addEnterprise, {}, keptQuery(ctx, { fund: code }))}
          target={`#${boxId("invest")}`}
          csrfToken={ctx.csrfToken}
          values={state?.register?.values ?? {}}
          errors={state?.register?.errors}
          choices={choices}
          lang={lang}
          include={`#form-${spec.id}`}
        />
      </details>
    </details>
  )
}

/** One form of the fund page in its box (`<details>`, open when it has something to show). */
export const FormBox = (props: {
  form: Exclude<FundFormId, "invest">
  view: FundView
  ctx: PanelContext
  choices: Choices
  state?: FormState | undefined
}) => {
  const { form, view, ctx, state } = props
  const spec = fundForms[form]
  return (
    <details id={boxId(form)} class="fund-form-box" open={state !== undefined} data-form={form}>
      <summary>
        <Label text={spec.title} lang={ctx.lang} />
      </summary>
      <SpecForm
        spec={spec}
        action={ledgerAction(ctx, view.fund.code, form)}
        target={`#${SECTIONS_ID}`}
        csrfToken={ctx.csrfToken}
        values={state?.values ?? blankValues(view.figures.asOf)}
        errors={state?.errors}
        choices={props.choices}
        lang={ctx.lang}
      />
    </details>
  )
}

export const FundForms = (props: { view: FundView; ctx: PanelContext; failed?: FailedForm | undefined }) => {
  const { view, ctx, failed } = props
  const choices = fundChoices(view, ctx.lang)
  return (
    <section class="fund-forms" aria-labelledby="fund-forms-title">
      <h3 id="fund-forms-title">
        <Label text={{ zh: "登记", en: "Record" }} lang={ctx.lang} />
      </h3>
      <div class="fund-form-grid">
        {FUND_FORM_IDS.map((form) =>
          form === "invest" ? (
            <InvestBox
              view={view}
              ctx={ctx}
              choices={choices}
              state={failed?.form === "invest" ? failed.state : undefined}
            />
          ) : (
            <FormBox
              form={form}
              view={view}
              ctx={ctx}
              choices={choices}
              state={failed?.form === form ? failed.state : undefined}
            />
          )
        )}
      </div>
    </section>
  )
}

/** A line about what was just recorded, shown at the top of the refreshed sections. */
export type Notice = string | undefined

/**
 * Everything a write changes: the figures, the cash-flow chart, the holdings, the forms (fresh, or one in
 * its failed state) and the ledger. A successful write answers with this element again.
 */
export const FundSections = (props: {
  view: FundView
  ctx: PanelContext
  failed?: FailedForm | undefined
  notice?: Notice
}) => {
  const { view, ctx, failed, notice } = props
  const { lang } = ctx
  return (
    <div id={SECTIONS_ID} class="fund-sections">
      {notice === undefined ? null : (
        <p class="form-notice" role="status">
          {notice}
        </p>
      )}
      <FundFiguresView
        figures={view.figures}
        lang={lang}
        drill={view.ledgerVisible ? { ctx, code: view.fund.code } : undefined}
      />
      {view.lookThrough === null ? null : (
        <section class="fund-look-through" aria-labelledby="fund-look-through-title">
          <h3 id="fund-look-through-title">
            <Label text={{ zh: "穿透所持基金", en: "Seen through the funds it holds" }} lang={lang} />
          </h3>
          <LookThroughView lt={view.lookThrough} ctx={ctx} />
        </section>
      )}
      {view.ledgerVisible ? (
        <>
          <section class="fund-cashflow" aria-labelledby="fund-cashflow-title">
            <h3 id="fund-cashflow-title">
              <Label text={{ zh: "现金流", en: "Cash flows" }} lang={lang} />
            </h3>
            <CashFlowChart ledger={view.ledger} asOf={view.figures.asOf} lang={lang} />
            <p class="panel-note">
              <ExportLinks
                op={fundCashFlows}
                params={{ code: view.fund.code }}
                filters={{ asOf: view.figures.asOf }}
                lang={lang}
              />
            </p>
          </section>
          <HoldingsTable
            holdings={view.holdings}
            lang={lang}
            code={view.fund.code}
            asOf={view.figures.asOf}
          />
          <LpAccountsTable view={view} ctx={ctx} />
          {view.writer ? <FundForms view={view} ctx={ctx} failed={failed} /> : null}
          {view.writer ? <ImportLink ctx={ctx} kinds={LEDGER_IMPORT_KINDS} /> : null}
          <LedgerTable view={view} ctx={ctx} failed={failed} />
        </>
      ) : (
        <p class="panel-note" data-ledger="hidden">
          <Label text={catalogueText("fund-ledger-manager-only")} lang={lang} />
        </p>
      )}
    </div>
  )
}
