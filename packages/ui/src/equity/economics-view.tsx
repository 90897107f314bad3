/** @jsxImportSource hono/jsx */
import {
  type CurrencyFigures,
  Decimal,
  type FundCurrencyFigures,
  type FundTerms,
  type FxRate,
  formatYuan,
  localizedMessage,
  NotFoundError,
  type WaterfallReport
} from "@kejin/core"
import {
  columnLabels,
  fundCurrencyFiguresOp,
  fundFeeSchedule,
  fundWaterfall,
  listFxRatesOp,
  recordFxRate,
  reverseFxRate,
  setFundCurrency,
  setFundTerms,
  waterfallLabels
} from "@kejin/core/internal"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import { CHANGED_EVENT } from "../dashboard/dashboard.js"
import { Page, renderPage } from "../dashboard/shell.js"
import { ExportedTable } from "../export-links.js"
import { errorsOf, fixableIssuesOf } from "../forms/core-errors.js"
import { errorAttrs, Field, fieldId } from "../forms/field.js"
import { type FormErrors, type FormValues, postedValues } from "../forms/form-state.js"
import { type FormPost, formAction, operationForm, type Refusal } from "../forms/operation-form.js"
import { isHtmx, renderFragment, retarget } from "../forms/post.js"
import { ErrorSummary, PostForm } from "../forms/post-form.js"
import { type Lang, type LocalizedText, textOf } from "../i18n.js"
import { type MoneyUnit, moneyUnitFor } from "../money.js"
import type { PanelContext, PluginRoute } from "../plugin.js"
import { TableHead } from "../table-head.js"
import { asOfOf, canWriteFund, fundHref, keptQuery } from "./access.js"
import { Irr, Money, Multiple } from "./format.js"

/*
 * Fund economics on the fund page: the fund's currency and its figures in it and in yuan, its terms (with
 * their version), the management-fee schedule and each distribution's LP / GP split (equity/terms.ts,
 * fees-and-waterfalls.md); and the exchange-rate table at `/fx-rates`. The forms post to the declared
 * writes (`POST /api/v1/funds/{code}/currency`, `…/terms`, `POST /api/v1/fx-rates`, `…/{id}/reversal`);
 * their fields are the operations' input fields, so the core's field errors land next to them.
 */

export const ECONOMICS_ID = "fund-economics"
export const RATES_ID = "fx-rates"
const CURRENCY_FORM = "fund-currency"
const TERMS_FORM = "fund-terms"
const RATE_FORM = "fx-rate"
const reverseRateForm = (id: number) => `fx-rate-reverse-${id}`

const TERMS_FIELDS = [
  "feeRateOnCommitment",
  "feeRateOnCost",
  "investmentPeriodEnd",
  "hurdle",
  "carry",
  "catchUp",
  "waterfall"
] as const
const RATE_FIELDS = ["currency", "on", "rate", "source", "reason"] as const

const W = {
  title: { zh: "货币、条款与分配", en: "Currency, terms and distributions" },
  currency: { zh: "基金货币", en: "Fund currency" },
  inFund: { zh: "基金货币口径", en: "In the fund's currency" },
  inYuan: { zh: "人民币口径", en: "In yuan" },
  converted: {
    zh: "条记录无基金货币金额，按汇率表当日或之前的汇率折算",
    en: "entries without an amount in the fund's currency, converted at the table's rate on or before their day"
  },
  ratesLink: { zh: "汇率表", en: "Exchange-rate table" },
  terms: { zh: "基金条款", en: "Fund terms" },
  noTerms: {
    zh: "尚未设定条款：管理费与分配拆分无法计算",
    en: "No terms yet: fees and the LP / GP split need them"
  },
  version: { zh: "版本", en: "Version" },
  fees: { zh: "管理费测算（按自然年）", en: "Management fees (by calendar year)" },
  split: { zh: "每笔分配的 LP / GP 拆分", en: "Each distribution's LP / GP split" },
  noDistributions: { zh: "尚无分配", en: "No distributions yet" },
  clawback: { zh: "回拨（若基金于当日结束）", en: "Clawback (if the fund ended today)" },
  setCurrency: { zh: "设定基金货币", en: "Set the fund's currency" },
  setTerms: { zh: "设定条款（新版本）", en: "Set the terms (a new version)" },
  save: { zh: "保存", en: "Save" },
  rates: { zh: "汇率表（人民币/外币单位）", en: "Exchange rates (yuan per unit)" },
  noRates: { zh: "尚无汇率", en: "No rates yet" },
  recordRate: { zh: "录入汇率", en: "Record a rate" },
  record: { zh: "录入", en: "Record" },
  reverse: { zh: "冲销", en: "Reverse" },
  reversed: { zh: "已冲销", en: "Reversed" },
  importLink: { zh: "从表格导入汇率", en: "Import rates from a sheet" }
} as const satisfies Record<string, LocalizedText>

/** A terms field's label, as the core declares it for the write (operations/labels.ts; the audit's too). */
const termsLabel = (field: (typeof TERMS_FIELDS)[number]): LocalizedText =>
  columnLabels(setFundTerms.name, field) ?? { zh: field, en: field }

const LABELS: Record<(typeof TERMS_FIELDS)[number] | (typeof RATE_FIELDS)[number], LocalizedText> = {
  ...(Object.fromEntries(TERMS_FIELDS.map((field) => [field, termsLabel(field)])) as Record<
    (typeof TERMS_FIELDS)[number],
    LocalizedText
  >),
  currency: { zh: "货币（ISO 4217）", en: "Currency (ISO 4217)" },
  on: { zh: "日期", en: "Date" },
  rate: { zh: "汇率（人民币/单位外币）", en: "Rate (yuan per unit)" },
  source: { zh: "来源（如 CFETS 中间价）", en: "Source (e.g. CFETS central parity rate)" },
  reason: { zh: "冲销原因", en: "Reason" }
}

/** Decimal text with thousands separators, exact (a foreign amount: no 亿/万, the currency's code after). */
const grouped = (d: Decimal, places = 2): string => {
  const [whole, frac] = d.toFixed(places).split(".") // float-ok: Decimal.toFixed, exact
  const sign = whole!.startsWith("-") ? "-" : ""
  const digits = whole!.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",")
  return `${sign}${digits}${frac === undefined ? "" : `.${frac}`}`
}
const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(4).toString()}%`

const Amount = (props: {
  amount: Decimal | null
  currency: string
  lang: Lang
  unit?: MoneyUnit | undefined
}) =>
  props.amount === null ? (
    <span class="none">—</span>
  ) : props.currency === "CNY" ? (
    <Money amount={props.amount} lang={props.lang} unit={props.unit} />
  ) : (
    <span class="money">
      {props.currency} {grouped(props.amount)}
    </span>
  )

// ---------------------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------------------

export interface EconomicsData {
  readonly fund: string
  readonly figures: FundCurrencyFigures
  readonly terms: ReadonlyArray<FundTerms>
  readonly fees: Awaited<ReturnType<PanelContext["kejin"]["funds"]["fees"]>> | null
  readonly waterfall: WaterfallReport | null
  readonly writer: boolean
}

const orNull = async <A,>(p: Promise<A>): Promise<A | null> => {
  try {
    return await p
  } catch (error) {
    if (error instanceof NotFoundError) return null
    throw error
  }
}

export const loadEconomics = async (ctx: PanelContext, fund: string): Promise<EconomicsData> => {
  const asOf = asOfOf(ctx)
  const { kejin } = ctx
  const [figures, terms, fees, waterfall] = await Promise.all([
    kejin.funds.currencyFigures(fund, asOf),
    kejin.funds.terms.get(fund),
    orNull(kejin.funds.fees(fund, asOf)),
    orNull(kejin.funds.waterfall(fund, asOf))
  ])
  return { fund, figures, terms: terms.versions, fees, waterfall, writer: canWriteFund(ctx.actor, fund) }
}

// ---------------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------------

interface Failure {
  readonly form: string
  readonly values: FormValues
  readonly errors: FormErrors
}

const Row = (props: {
  form: string
  name: keyof typeof LABELS
  values: FormValues
  errors: FormErrors | undefined
  lang: Lang
  control?: ((attrs: Record<string, string | undefined>) => Child) | undefined
}) => {
  const id = fieldId(props.form, props.name)
  const error = props.errors?.fields[props.name]
  const attrs = { id, name: props.name, ...errorAttrs(id, error) }
  return (
    <Field id={id} name={props.name} label={textOf(LABELS[props.name], props.lang)} error={error}>
      {" "}
      {props.control === undefined ? (
        <input type="text" inputmode="decimal" {...attrs} value={props.values[props.name] ?? ""} />
      ) : (
        props.control(attrs)
      )}
    </Field>
  )
}

const FiguresTable = (props: { figures: FundCurrencyFigures; lang: Lang }) => {
  const { lang } = props
  const f = props.figures
  const cols: Array<{ label: LocalizedText; of: CurrencyFigures | null }> =
    f.currency === "CNY"
      ? [{ label: W.inYuan, of: f.inYuan }]
      : [
          {
            label: { zh: `${W.inFund.zh}（${f.currency}）`, en: `${W.inFund.en} (${f.currency})` },
            of: f.inFundCurrency
          },
          { label: W.inYuan, of: f.inYuan }
        ]
  // A column's amounts in one unit (3亿 committed never beside 0元 distributed).
  const unitOf = (x: CurrencyFigures): MoneyUnit =>
    moneyUnitFor(
      [x.committed, x.paidIn, x.distributions, x.nav].flatMap((a) => (a === null ? [] : [a])),
      lang,
      { keepSmall: true }
    )
  const rows: Array<[LocalizedText, (x: CurrencyFigures, unit: MoneyUnit) => Child]> = [
    [
      { zh: "认缴", en: "Committed" },
      (x, unit) => <Amount amount={x.committed} currency={x.currency} lang={lang} unit={unit} />
    ],
    [
      { zh: "实缴", en: "Paid in" },
      (x, unit) => <Amount amount={x.paidIn} currency={x.currency} lang={lang} unit={unit} />
    ],
    [
      { zh: "分配", en: "Distributed" },
      (x, unit) => <Amount amount={x.distributions} currency={x.currency} lang={lang} unit={unit} />
    ],
    [
      { zh: "净值（滚动）", en: "NAV (rolled forward)" },
      (x, unit) => <Amount amount={x.nav} currency={x.currency} lang={lang} unit={unit} />
    ],
    [{ zh: "DPI", en: "DPI" }, (x) => <Multiple value={x.dpi} />],
    [{ zh: "TVPI", en: "TVPI" }, (x) => <Multiple value={x.tvpi} />],
    [{ zh: "IRR", en: "IRR" }, (x) => <Irr result={x.irr} lang={lang} />]
  ]
  return (
    <ExportedTable
      op={fundCurrencyFiguresOp}
      params={{ code: f.fund }}
      filters={{ asOf: f.asOf }}
      lang={lang}
    >
      <table class="funds-table" data-table="currency-figures">
        <TableHead
          columns={[{ zh: "指标", en: "Figure" }, ...cols.map((c) => ({ ...c.label, num: true }))]}
          lang={lang}
        />
        <tbody>
          {rows.map(([label, cell]) => (
            <tr>
              <th scope="row">{textOf(label, lang)}</th>
              {cols.map((c) => (
                <td class="num">{c.of === null ? <span class="none">—</span> : cell(c.of, unitOf(c.of))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ExportedTable>
  )
}

const TermsList = (props: { terms: FundTerms; lang: Lang }) => {
  const t = props.terms
  const { lang } = props
  const items: Array<[LocalizedText, string]> = [
    [LABELS.feeRateOnCommitment, pct(t.feeRateOnCommitment)],
    [LABELS.feeRateOnCost, pct(t.feeRateOnCost)],
    [LABELS.investmentPeriodEnd, t.investmentPeriodEnd],
    [LABELS.hurdle, pct(t.hurdle)],
    [LABELS.carry, pct(t.carry)],
    [LABELS.catchUp, pct(t.catchUp)],
    [LABELS.waterfall, textOf(waterfallLabels[t.waterfall], lang)],
    [W.version, `${t.version} · ${t.changedAt.slice(0, 10)} · ${t.changedBy}`]
  ]
  return (
    <dl class="facts" data-terms-version={String(t.version)}>
      {items.map(([label, value]) => (
        <div>
          <dt>{textOf(label, lang)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

const FeeTable = (props: { fees: NonNullable<EconomicsData["fees"]>; lang: Lang }) => {
  const { lang } = props
  return (
    <ExportedTable
      op={fundFeeSchedule}
      params={{ code: props.fees.fund }}
      filters={{ asOf: props.fees.asOf }}
      lang={lang}
    >
      <table class="funds-table" data-table="fees">
        <TableHead
          columns={[
            { zh: "期间", en: "Period" },
            { zh: "认缴基数", en: "Committed", num: true },
            { zh: "计费基础", en: "Basis" },
            { zh: "管理费", en: "Fee", num: true }
          ]}
          lang={lang}
        />
        <tbody>
          {props.fees.periods.map((p) => (
            <tr>
              <th scope="row">
                {p.from} – {p.to}
              </th>
              <td class="num">
                <Money amount={p.committed} lang={lang} />
              </td>
              <td>
                {p.segments
                  .map(
                    (s) =>
                      `${s.basis === "commitment" ? (lang === "en" ? "commitment" : "认缴") : lang === "en" ? "invested cost" : "在投成本"} ${pct(s.rate)} × ${s.days}${lang === "en" ? " days" : " 天"}`
                  )
                  .join("; ")}
              </td>
              <td class="num">
                <Money amount={p.fee} lang={lang} />
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{lang === "en" ? "Total" : "合计"}</th>
            <td />
            <td />
            <td class="num">
              <Money amount={props.fees.total} lang={lang} />
            </td>
          </tr>
        </tbody>
      </table>
    </ExportedTable>
  )
}

const SplitTable = (props: { report: WaterfallReport; lang: Lang }) => {
  const { report, lang } = props
  // One unit for the table (its largest figure is the total): no 3.37亿 above 6,861万.
  const unit = moneyUnitFor([report.lp.plus(report.gp), ...report.distributions.map((d) => d.amount)], lang)
  return (
    <>
      {report.distributions.length === 0 ? (
        <p class="panel-note">{textOf(W.noDistributions, lang)}</p>
      ) : (
        <ExportedTable
          op={fundWaterfall}
          params={{ code: report.fund }}
          filters={{ asOf: report.asOf }}
          lang={lang}
        >
          <table class="funds-table" data-table="lp-gp-split">
            <TableHead
              columns={[
                { zh: "分配日期", en: "Date" },
                { zh: "分配金额", en: "Amount", num: true },
                { zh: "LP 部分", en: "LP part", num: true },
                { zh: "GP 部分（附带收益）", en: "GP part (carry)", num: true }
              ]}
              lang={lang}
            />
            <tbody>
              {report.distributions.map((d) => (
                <tr data-distribution={String(d.id)}>
                  <th scope="row">{d.on}</th>
                  <td class="num">
                    <Money amount={d.amount} unit={unit} />
                  </td>
                  <td class="num">
                    <Money amount={d.lp} unit={unit} />
                  </td>
                  <td class="num">
                    <Money amount={d.gp} unit={unit} />
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">{lang === "en" ? "Total" : "合计"}</th>
                <td class="num">
                  <Money amount={report.lp.plus(report.gp)} unit={unit} />
                </td>
                <td class="num">
                  <Money amount={report.lp} unit={unit} />
                </td>
                <td class="num">
                  <Money amount={report.gp} unit={unit} />
                </td>
              </tr>
            </tbody>
          </table>
        </ExportedTable>
      )}
      {report.american === null ? null : (
        <p class="panel-note" data-clawback={formatYuan(report.american.clawback)}>
          {textOf(W.clawback, lang)}: <Money amount={report.american.clawback} lang={lang} />
        </p>
      )}
    </>
  )
}

const CurrencyForm = (props: {
  ctx: PanelContext
  fund: string
  current: string
  failure?: Failure | undefined
}) => {
  const lang = props.ctx.lang
  const failed = props.failure?.form === CURRENCY_FORM ? props.failure : undefined
  return (
    <PostForm
      id={CURRENCY_FORM}
      class="fund-form"
      action={formAction(setFundCurrency, { code: props.fund }, keptQuery(props.ctx))}
      target={`#${ECONOMICS_ID}`}
      csrfToken={props.ctx.csrfToken}
    >
      <ErrorSummary errors={failed?.errors} lang={lang} />
      <Row
        form={CURRENCY_FORM}
        name="currency"
        values={failed?.values ?? { currency: props.current }}
        errors={failed?.errors}
        lang={lang}
        control={(attrs) => (
          <input
            type="text"
            maxlength={3}
            {...attrs}
            value={(failed?.values ?? { currency: props.current }).currency ?? ""}
          />
        )}
      />
      <button type="submit">{textOf(W.save, lang)}</button>
    </PostForm>
  )
}

const TermsForm = (props: {
  ctx: PanelContext
  fund: string
  current: FundTerms | undefined
  failure?: Failure | undefined
}) => {
  const lang = props.ctx.lang
  const failed = props.failure?.form === TERMS_FORM ? props.failure : undefined
  const t = props.current
  const values: FormValues = failed?.values ?? {
    feeRateOnCommitment: t?.feeRateOnCommitment.toString() ?? "0.02",
    feeRateOnCost: t?.feeRateOnCost.toString() ?? "0.015",
    investmentPeriodEnd: t?.investmentPeriodEnd ?? "",
    hurdle: t?.hurdle.toString() ?? "0.08",
    carry: t?.carry.toString() ?? "0.2",
    catchUp: t?.catchUp.toString() ?? "1",
    waterfall: t?.waterfall ?? "european"
  }
  const row = (
    name: (typeof TERMS_FIELDS)[number],
    control?: (attrs: Record<string, string | undefined>) => Child
  ) => (
    <Row
      form={TERMS_FORM}
      name={name}
      values={values}
      errors={failed?.errors}
      lang={lang}
      control={control}
    />
  )
  return (
    <PostForm
      id={TERMS_FORM}
      class="fund-form"
      action={formAction(setFundTerms, { code: props.fund }, keptQuery(props.ctx))}
      target={`#${ECONOMICS_ID}`}
      csrfToken={props.ctx.csrfToken}
    >
      <ErrorSummary errors={failed?.errors} lang={lang} />
      {row("feeRateOnCommitment")}
      {row("feeRateOnCost")}
      {row("investmentPeriodEnd", (attrs) => (
        <input type="date" {...attrs} value={values.investmentPeriodEnd ?? ""} />
      ))}
      {row("hurdle")}
      {row("carry")}
      {row("catchUp")}
      {row("waterfall", (attrs) => (
        <select {...attrs}>
          {(["european", "american"] as const).map((w) => (
            <option value={w} selected={values.waterfall === w}>
              {textOf(waterfallLabels[w], lang)}
            </option>
          ))}
        </select>
      ))}
      <button type="submit">{textOf(W.save, lang)}</button>
    </PostForm>
  )
}

/** The fund page's section: currency and figures, terms, fee schedule, LP / GP split, and the writers' forms. */
export const EconomicsSection = (props: {
  data: EconomicsData
  ctx: PanelContext
  failure?: Failure | undefined
}) => {
  const { data, ctx } = props
  const { lang } = ctx
  const current = data.terms[0]
  return (
    <section id={ECONOMICS_ID} class="fund-economics" aria-label={textOf(W.title, lang)}>
      <h2>{textOf(W.title, lang)}</h2>
      <p class="panel-note">
        {textOf(W.currency, lang)}:{" "}
        <strong data-fund-currency={data.figures.currency}>{data.figures.currency}</strong>
        {data.figures.converted === 0 ? null : ` · ${data.figures.converted} ${textOf(W.converted, lang)}`}
        {" · "}
        <a href={`${ctx.basePath}/fx-rates${keptQuery(ctx)}`}>{textOf(W.ratesLink, lang)}</a>
      </p>
      <FiguresTable figures={data.figures} lang={lang} />
      {data.figures.notes.map((n) => (
        <p class="panel-note">{localizedMessage(n, lang)}</p>
      ))}
      <h3>{textOf(W.terms, lang)}</h3>
      {current === undefined ? (
        <p class="panel-note">{textOf(W.noTerms, lang)}</p>
      ) : (
        <TermsList terms={current} lang={lang} />
      )}
      {data.fees === null ? null : (
        <>
          <h3>{textOf(W.fees, lang)}</h3>
          <FeeTable fees={data.fees} lang={lang} />
        </>
      )}
      {data.waterfall === null ? null : (
        <>
          <h3>{textOf(W.split, lang)}</h3>
          <SplitTable report={data.waterfall} lang={lang} />
        </>
      )}
      {data.writer ? (
        <>
          <details open={props.failure?.form === CURRENCY_FORM}>
            <summary>{textOf(W.setCurrency, lang)}</summary>
            <CurrencyForm
              ctx={ctx}
              fund={data.fund}
              current={data.figures.currency}
              failure={props.failure}
            />
          </details>
          <details open={props.failure?.form === TERMS_FORM}>
            <summary>{textOf(W.setTerms, lang)}</summary>
            <TermsForm ctx={ctx} fund={data.fund} current={current} failure={props.failure} />
          </details>
        </>
      ) : null}
    </section>
  )
}

/**
 * The LP statement's part: the distributions of the quarter split into LP and GP parts by the fund's
 * waterfall as of the quarter's closing day; null when the fund has no terms.
 */
export const loadStatementSplit = async (
  ctx: PanelContext,
  fund: string,
  quarter: { readonly from: string; readonly to: string; readonly closingOn: string }
): Promise<WaterfallReport | null> => {
  const report = await orNull(ctx.kejin.funds.waterfall(fund, quarter.closingOn))
  if (report === null) return null
  const rows = report.distributions.filter((d) => d.on >= quarter.from && d.on <= quarter.to)
  const zero = new Decimal(0)
  return {
    ...report,
    distributions: rows,
    lp: rows.reduce((a, d) => a.plus(d.lp), zero),
    gp: rows.reduce((a, d) => a.plus(d.gp), zero)
  }
}

/** The quarter's distributions with their LP / GP parts, under the LP statement. */
export const StatementSplit = (props: { report: WaterfallReport | null; lang: Lang }) => (
  <section class="lp-gp-split" aria-label={textOf(W.split, props.lang)}>
    <h3>{textOf(W.split, props.lang)}</h3>
    {props.report === null ? (
      <p class="panel-note">{textOf(W.noTerms, props.lang)}</p>
    ) : (
      <>
        <p class="panel-note">
          {textOf(waterfallLabels[props.report.waterfall], props.lang)} · {textOf(W.version, props.lang)}{" "}
          {props.report.terms.version}
        </p>
        <SplitTable report={props.report} lang={props.lang} />
      </>
    )}
  </section>
)

// ---------------------------------------------------------------------------------------------------------
// The rates page
// ---------------------------------------------------------------------------------------------------------

const RatesSection = (props: {
  rates: ReadonlyArray<FxRate>
  ctx: PanelContext
  writer: boolean
  failure?: Failure | undefined
}) => {
  const { ctx, failure } = props
  const { lang } = ctx
  const failedAt = (form: string) => (failure?.form === form ? failure : undefined)
  const recordFailed = failedAt(RATE_FORM)
  const values = recordFailed?.values ?? { source: "CFETS 中间价" }
  return (
    <section id={RATES_ID} class="fx-rates" aria-label={textOf(W.rates, lang)}>
      <h2>{textOf(W.rates, lang)}</h2>
      {props.writer ? (
        <p class="panel-note">
          <a href={`${ctx.basePath}/imports/fx-rates${lang === "en" ? "?lang=en" : ""}`}>
            {textOf(W.importLink, lang)}
          </a>
        </p>
      ) : null}
      {props.rates.length === 0 ? (
        <p class="panel-note">{textOf(W.noRates, lang)}</p>
      ) : (
        <ExportedTable op={listFxRatesOp} lang={lang}>
          <table class="funds-table" data-table="fx-rates">
            <TableHead
              columns={[
                { zh: "日期", en: "Date" },
                { zh: "货币", en: "Currency" },
                { zh: "汇率", en: "Rate", num: true },
                { zh: "来源", en: "Source" },
                { zh: "状态", en: "Status" }
              ]}
              lang={lang}
            />
            <tbody>
              {props.rates.map((r) => {
                const f = failedAt(reverseRateForm(r.id))
                return (
                  <tr data-rate={String(r.id)}>
                    <th scope="row">{r.on}</th>
                    <td>{r.currency}</td>
                    <td class="num">{r.rate.toString()}</td>
                    <td>{r.source}</td>
                    <td>
                      {r.reversed ? (
                        <span class="badge">{textOf(W.reversed, lang)}</span>
                      ) : props.writer ? (
                        <PostForm
                          id={reverseRateForm(r.id)}
                          class="reverse-form"
                          action={formAction(reverseFxRate, { id: r.id }, keptQuery(ctx))}
                          target={`#${RATES_ID}`}
                          csrfToken={ctx.csrfToken}
                        >
                          <ErrorSummary errors={f?.errors} lang={lang} />
                          <Row
                            form={reverseRateForm(r.id)}
                            name="reason"
                            values={f?.values ?? {}}
                            errors={f?.errors}
                            lang={lang}
                            control={(attrs) => (
                              <input type="text" {...attrs} value={f?.values.reason ?? ""} />
                            )}
                          />
                          <button type="submit">{textOf(W.reverse, lang)}</button>
                        </PostForm>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ExportedTable>
      )}
      {props.writer ? (
        <>
          <h3>{textOf(W.recordRate, lang)}</h3>
          <PostForm
            id={RATE_FORM}
            class="fund-form"
            action={formAction(recordFxRate, {}, keptQuery(ctx))}
            target={`#${RATES_ID}`}
            csrfToken={ctx.csrfToken}
          >
            <ErrorSummary errors={recordFailed?.errors} lang={lang} />
            <Row
              form={RATE_FORM}
              name="currency"
              values={values}
              errors={recordFailed?.errors}
              lang={lang}
              control={(attrs) => (
                <input type="text" maxlength={3} placeholder="USD" {...attrs} value={values.currency ?? ""} />
              )}
            />
            <Row
              form={RATE_FORM}
              name="on"
              values={values}
              errors={recordFailed?.errors}
              lang={lang}
              control={(attrs) => <input type="date" {...attrs} value={values.on ?? ""} />}
            />
            <Row form={RATE_FORM} name="rate" values={values} errors={recordFailed?.errors} lang={lang} />
            <Row
              form={RATE_FORM}
              name="source"
              values={values}
              errors={recordFailed?.errors}
              lang={lang}
              control={(attrs) => <input type="text" {...attrs} value={values.source ?? ""} />}
            />
            <button type="submit">{textOf(W.record, lang)}</button>
          </PostForm>
        </>
      ) : null}
    </section>
  )
}

const ratesWriter = (ctx: PanelContext) => ctx.actor.role === "admin" || ctx.actor.role === "fund-manager"

const ratesPage = async (c: Context, ctx: PanelContext, failure?: Failure, status: 200 | 409 | 422 = 200) => {
  const rates = await ctx.kejin.funds.rates.list()
  const page = await renderPage(
    <Page ctx={ctx} title={W.rates} search={keptQuery(ctx)}>
      <p class="breadcrumbs">
        <a href={`${ctx.basePath}/funds${keptQuery(ctx)}`}>{ctx.lang === "en" ? "All funds" : "全部基金"}</a>
      </p>
      <RatesSection rates={rates} ctx={ctx} writer={ratesWriter(ctx)} failure={failure} />
    </Page>
  )
  return c.html(page, status)
}

export const economicsRoutes: ReadonlyArray<PluginRoute> = [
  { method: "GET", path: "/fx-rates", permission: "funds.read", handler: (c, ctx) => ratesPage(c, ctx) }
]

// ---------------------------------------------------------------------------------------------------------
// The forms' faces
// ---------------------------------------------------------------------------------------------------------

const failureOf = (
  form: string,
  fields: FormValues,
  names: ReadonlyArray<string>,
  error: unknown,
  lang: Lang
): Failure => ({
  form,
  values: postedValues(fields, names),
  errors: errorsOf(fixableIssuesOf(error, lang) ?? [], ({ path, message }) =>
    names.includes(path) ? { field: path, message } : undefined
  )
})

const fundOf = (c: Context) => c.req.param("code") ?? ""

const economicsAnswer = async ({ c, ctx }: FormPost, failure?: Failure, status: 200 | 409 | 422 = 200) => {
  const fund = fundOf(c)
  if (!isHtmx(c) && failure === undefined) return c.redirect(fundHref(ctx, fund), 303)
  const data = await loadEconomics(ctx, fund)
  if (!isHtmx(c)) {
    // Without JavaScript: the section alone in a page, with the form as typed and its errors.
    const page = await renderPage(
      <Page ctx={ctx} title={W.title} search={keptQuery(ctx)}>
        <p class="breadcrumbs">
          <a href={fundHref(ctx, fund)}>{fund}</a>
        </p>
        <EconomicsSection data={data} ctx={ctx} failure={failure} />
      </Page>
    )
    return c.html(page, status)
  }
  if (failure === undefined) c.header("HX-Trigger", CHANGED_EVENT)
  else retarget(c, `#${ECONOMICS_ID}`)
  return c.html(await renderFragment(<EconomicsSection data={data} ctx={ctx} failure={failure} />), status)
}

const ratesAnswer = async ({ c, ctx }: FormPost, failure?: Failure, status: 200 | 409 | 422 = 200) => {
  if (!isHtmx(c))
    return failure === undefined
      ? c.redirect(`${ctx.basePath}/fx-rates${keptQuery(ctx)}`, 303)
      : ratesPage(c, ctx, failure, status)
  const rates = await ctx.kejin.funds.rates.list()
  if (failure === undefined) c.header("HX-Trigger", CHANGED_EVENT)
  else retarget(c, `#${RATES_ID}`)
  return c.html(
    await renderFragment(
      <RatesSection rates={rates} ctx={ctx} writer={ratesWriter(ctx)} failure={failure} />
    ),
    status
  )
}

const refusedAt =
  (form: (post: FormPost) => string, names: ReadonlyArray<string>, answer: typeof economicsAnswer) =>
  (post: FormPost, { error, status }: Refusal) =>
    answer(post, failureOf(form(post), post.fields, names, error, post.ctx.lang), status)

export const economicsForms = [
  operationForm({
    operation: setFundCurrency,
    input: ({ fields }) => ({ currency: (postedValues(fields, ["currency"]).currency ?? "").trim() }),
    done: (post) => economicsAnswer(post),
    refused: refusedAt(() => CURRENCY_FORM, ["currency"], economicsAnswer)
  }),
  operationForm({
    operation: setFundTerms,
    input: ({ fields }) => {
      const v = postedValues(fields, TERMS_FIELDS)
      return Object.fromEntries(TERMS_FIELDS.map((name) => [name, v[name] ?? ""]))
    },
    done: (post) => economicsAnswer(post),
    refused: refusedAt(() => TERMS_FORM, TERMS_FIELDS, economicsAnswer)
  }),
  operationForm({
    operation: recordFxRate,
    input: ({ fields }) => {
      const v = postedValues(fields, RATE_FIELDS)
      return {
        currency: (v.currency ?? "").trim(),
        on: v.on ?? "",
        rate: v.rate ?? "",
        source: v.source ?? ""
      }
    },
    done: (post) => ratesAnswer(post),
    refused: refusedAt(() => RATE_FORM, RATE_FIELDS, ratesAnswer)
  }),
  operationForm({
    operation: reverseFxRate,
    input: ({ fields }) => ({ reason: postedValues(fields, ["reason"]).reason ?? "" }),
    done: (post) => ratesAnswer(post),
    refused: refusedAt(({ c }) => reverseRateForm(Number(c.req.param("id") ?? 0)), RATE_FIELDS, ratesAnswer)
  })
]
