/** @jsxImportSource hono/jsx */
import { Decimal, type Kejin, type PledgeSummary, type TargetProgress, toWire } from "@kejin/core"
import type { Child } from "hono/jsx"
import { troubledLoansHref } from "../alerts/alerts-plugin.js"
import { type Compare, compareNote, dashboardPeriodOf, periodSummary } from "../dashboard/period.js"
import { asOfOf } from "../equity/access.js"
import { FigureBox } from "../figures.js"
import { catalogueNodes, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { definePanel, type PanelContext } from "../plugin.js"
import {
  completionText,
  GapAndProjection,
  moneyUnitFor,
  PerMonth,
  Projected,
  StatusBadge
} from "../targets/format.js"
import { COUNTING_RULE } from "./counting-rule.js"
import { drillDownHref } from "./filters.js"
import { Amount, Growth, langQuery, periodText, todayOf, yearToDate } from "./format.js"
import { PATENT_PLEDGE_TARGET_KEY } from "./target.js"

/** What the progress panel shows: the 专利质押融资 target's progress and the period's figures to `asOf`. */
export interface PledgeProgressView {
  readonly asOf: string
  /** 1 January of `asOf`'s year to `asOf`, or the dashboard's chosen period (to `asOf`). */
  readonly period: { readonly from: string; readonly to: string }
  /** Whether the dashboard's query chose the period (else: the year to date). */
  readonly chosen: boolean
  /** The `patent-pledge-financing` target, when one is set. */
  readonly target: TargetProgress | undefined
  /** The period, and the period compared with (the same days a year earlier, or the previous period). */
  readonly summary: PledgeSummary
  readonly compare: Compare
}

export const loadProgress = async (
  kejin: Kejin,
  asked: string | undefined,
  query: Readonly<Record<string, string>> = {}
): Promise<PledgeProgressView> => {
  const progress = await kejin.targets.progress(asked)
  const target = progress.find((p) => p.key === PATENT_PLEDGE_TARGET_KEY)
  // The core decides what "today" is (Asia/Shanghai), with or without a target.
  const asOf = target?.asOf ?? progress[0]?.asOf ?? asked ?? (await todayOf(kejin))
  const chosen = dashboardPeriodOf(query, asOf)
  const period = chosen.chosen ? chosen.shown : yearToDate(asOf)
  const summary = await periodSummary(kejin, { ...chosen, shown: period })
  return { asOf, period, chosen: chosen.chosen, target, summary, compare: chosen.compare }
}

/** value / target, exactly (Decimal); null without a target figure. */
const ratioOf = (target: TargetProgress): Decimal | null =>
  target.target.isZero() ? null : target.value.div(target.target)

/** How much of the target is done, rounded down: never 100.0% before it is met (see `completionText`). */
const percentOf = (target: TargetProgress): string => completionText(target.value, target.target)

/**
 * The bar: a `<progress>` with a stable selector (`[data-progress="patent-pledge"]`) and the exact figures
 * in attributes (`data-amount`, `data-target` as wire decimals, `data-ratio` to six places), for people
 * who read the page source and for the browser test.
 */
const ProgressBar = (props: { target: TargetProgress; lang: Lang }) => {
  const { target, lang } = props
  const ratio = ratioOf(target) ?? new Decimal(0)
  // The bar stops at its ends; the text beside it keeps the real figure (e.g. 130.0 %).
  const bar = Decimal.min(100, Decimal.max(0, ratio.times(100))).toDecimalPlaces(2, Decimal.ROUND_DOWN)
  return (
    <progress
      data-progress="patent-pledge"
      data-amount={toWire(target.value)}
      data-target={toWire(target.target)}
      data-ratio={ratio.toDecimalPlaces(6, Decimal.ROUND_DOWN).toFixed(6) /* float-ok: Decimal */}
      value={bar.toFixed(2) /* float-ok: Decimal */}
      max="100"
      aria-label={lang === "en" ? "Progress towards the target" : "目标完成进度"}
    >
      {percentOf(target)}
    </progress>
  )
}

const Headline = (props: { view: PledgeProgressView; lang: Lang }) => {
  const { view, lang } = props
  const target = view.target
  const year = view.asOf.slice(0, 4)
  const value = target?.value ?? view.summary.measures.amount
  return (
    <p class="pledge-total">
      {lang === "en" ? `${year} to date: ` : `${year}年累计 `}
      <strong data-figure="value">
        <Amount lang={lang} amount={value} unit={moneyUnitFor([value], lang)} />
      </strong>
      {target === undefined ? null : (
        <>
          {lang === "en" ? " of the target " : " / 目标 "}
          <Amount lang={lang} amount={target.target} unit={moneyUnitFor([target.target], lang)} />
        </>
      )}
      {target === undefined || target.target.isZero() ? null : (
        <>
          {" · "}
          <span class="pledge-pct">
            {lang === "en" ? "" : "完成 "}
            {percentOf(target)}
          </span>
        </>
      )}
    </p>
  )
}

/**
 * The gap (还差 4.37亿), the value projected at the period's end at the current pace, what each remaining
 * month must add (each week or day when less than a whole month is left, as in December), the recent run
 * rate, the projected date and whether that is in time.
 */
const Pace = (props: { target: TargetProgress; lang: Lang }) => {
  const { target: p, lang } = props
  const en = lang === "en"
  return (
    <p class="target-pace">
      <GapAndProjection progress={p} lang={lang} />
      {" · "}
      <span data-figure="run-rate">
        {en ? "12-month rate " : "近12月月均 "}
        <PerMonth amount={p.runRate12m} unit={p.unit} lang={lang} />
        {en ? "/month" : ""}
      </span>
      {" · "}
      <span data-figure="projected">
        {en ? "Projected " : "预计达成 "}
        <Projected date={p.projectedDate} />
      </span>{" "}
      <StatusBadge progress={p} lang={lang} />
    </p>
  )
}

/** The growth's word: 同比 (a year earlier) or 环比 (the previous period). */
const GROWTH_WORD: Record<Compare, LocalizedText> = {
  yoy: { zh: "同比 ", en: "YoY " },
  previous: { zh: "环比 ", en: "vs previous " }
}

/** A card's figure linking to the list of the records behind it (drill-down). */
const Drill = (props: { href: string; title: string; children: Child }) => (
  <a href={props.href} title={props.title} data-drill>
    {props.children}
  </a>
)

const SummaryFigures = (props: {
  summary: PledgeSummary
  lang: Lang
  compare: Compare
  ctx: PanelContext
}) => {
  const { summary: s, lang, ctx } = props
  // The registrations that count in the period: the list behind the amount, the count, patents, enterprises.
  const counted = drillDownHref(ctx, s.period)
  const listTitle = lang === "en" ? "The registrations behind this figure" : "查看明细"
  const m = s.measures
  const g = s.growth
  // Outstanding and lent to date side by side: one unit for both.
  const pair = moneyUnitFor([m.outstanding, m.lendingToDate], lang)
  const yoy = (value: number | null) => (
    <span class="muted">
      {" "}
      {textOf(GROWTH_WORD[props.compare], lang)}
      <Growth value={value} lang={lang} />
    </span>
  )
  return (
    <dl class="figures figures--compact">
      <FigureBox
        data={{ "data-figure": "amount" }}
        text={{ zh: "质押融资额", en: "Amount pledged" }}
        lang={lang}
      >
        <Drill href={counted} title={listTitle}>
          <Amount lang={lang} amount={m.amount} unit={moneyUnitFor([m.amount], lang)} />
        </Drill>
        {yoy(g.amount)}
      </FigureBox>
      <FigureBox
        data={{ "data-figure": "registrations" }}
        text={{ zh: "登记笔数", en: "Registrations" }}
        lang={lang}
      >
        <Drill href={counted} title={listTitle}>
          {m.registrations}
        </Drill>
        {yoy(g.registrations)}
      </FigureBox>
      <FigureBox data={{ "data-figure": "patents" }} text={{ zh: "质押专利", en: "Patents" }} lang={lang}>
        <Drill href={counted} title={listTitle}>
          {m.patents}
        </Drill>
        {yoy(g.patents)}
      </FigureBox>
      <FigureBox
        data={{ "data-figure": "enterprises" }}
        text={{ zh: "服务企业", en: "Enterprises served" }}
        lang={lang}
      >
        <Drill href={counted} title={listTitle}>
          {m.enterprises}
        </Drill>
        {yoy(g.enterprises)}
      </FigureBox>
      <FigureBox
        data={{ "data-figure": "outstanding" }}
        text={{ zh: "贷款余额 / 累计放款", en: "Outstanding / lent" }}
        lang={lang}
      >
        <Amount lang={lang} amount={m.outstanding} unit={pair} /> /{" "}
        <Amount lang={lang} amount={m.lendingToDate} unit={pair} />
      </FigureBox>
      <FigureBox
        data={{ "data-figure": "lending" }}
        text={{ zh: "本期放款", en: "Lent in the period" }}
        lang={lang}
      >
        <Amount lang={lang} amount={m.lending} unit={moneyUnitFor([m.lending], lang)} />
        {yoy(g.lending)}
      </FigureBox>
      {s.defaulted.loans === 0 ? null : (
        <FigureBox
          data={{ "data-figure": "defaulted" }}
          text={{ zh: "违约贷款", en: "Loans in default" }}
          lang={lang}
        >
          <Drill
            href={troubledLoansHref(ctx, "default", s.period.to)}
            title={lang === "en" ? "The loans in default" : "查看违约贷款"}
          >
            {s.defaulted.loans}
          </Drill>{" "}
          <span class="muted">(</span>
          <Amount
            lang={lang}
            amount={s.defaulted.outstanding}
            unit={moneyUnitFor([s.defaulted.outstanding], lang)}
          />
          <span class="muted">)</span>
        </FigureBox>
      )}
    </dl>
  )
}

/**
 * 专利质押融资进度: the year's amount against the 25亿 target (from the targets, never written here) as a
 * bar, the pace needed, the 12-month run rate and the projected date; under it the year to date's
 * registrations, patents, enterprises served, outstanding balance against cumulative lending, each with
 * its growth on the same days a year earlier. `?asOf=YYYY-MM-DD` shows the year as of that day.
 */
export const pledgeProgressPanel = definePanel({
  id: "progress",
  title: { zh: "专利质押融资目标进度", en: "Patent pledge financing against the target" },
  size: "wide",
  permission: "pledges.read",
  period: true,
  load: (ctx) => loadProgress(ctx.kejin, asOfOf(ctx), ctx.query),
  render: (view, ctx) => {
    const { lang } = ctx
    const target = view.target
    return (
      <div class="pledge-summary pledge-progress">
        <Headline view={view} lang={lang} />
        {target === undefined ? (
          <p class="panel-note">
            <Label
              text={{ zh: "未设定专利质押融资目标", en: "no patent pledge target is set" }}
              lang={lang}
            />
          </p>
        ) : (
          <>
            <ProgressBar target={target} lang={lang} />
            <Pace target={target} lang={lang} />
          </>
        )}
        <SummaryFigures summary={view.summary} lang={lang} compare={view.compare} ctx={ctx} />
        <p class="panel-note">
          <Label text={COUNTING_RULE} lang={lang} />
        </p>
        <p class="panel-note" data-period={`${view.period.from}..${view.period.to}`}>
          {catalogueNodes("pledge-progress-note", lang, {
            period: catalogueNodes(view.chosen ? "period-chosen-under-bar" : "period-year-to-date", lang, {
              period: periodText(view.period, lang)
            }),
            comparison: compareNote(view.compare, periodText(view.summary.previousPeriod, lang), lang)
          })}
          {target === undefined ||
          (target.periodStart === view.period.from && target.periodEnd.startsWith(view.asOf.slice(0, 4)))
            ? null
            : [
                " · ",
                catalogueNodes("pledge-target-period", lang, {
                  from: target.periodStart,
                  to: target.periodEnd
                })
              ]}
          {" · "}
          <a href={`${ctx.basePath}/pledges${langQuery(ctx)}`}>
            {lang === "en" ? "All registrations" : "全部质押登记"}
          </a>
        </p>
      </div>
    )
  }
})
