/** @jsxImportSource hono/jsx */
import { Decimal, type TargetProgress, type TargetUnit } from "@kejin/core"
import { Label, type Lang, type LocalizedText } from "../i18n.js"
import { Money, type MoneyUnit, moneyUnitFor } from "../money.js"

export { type MoneyUnit, moneyUnitFor }

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/** A percent figure exactly as reported (`3.2%`): never rounded, never a float. */
export const percentText = (amount: Decimal): string => `${amount.toFixed() /* float-ok: Decimal */}%`

/** A target's figure in `unit` when it is money, a percent exactly, a whole count otherwise. */
export const TargetFigure = (props: {
  amount: Decimal
  unit: TargetUnit
  money: MoneyUnit
  roundUp?: boolean
}) =>
  props.unit === "yuan" ? (
    <Money amount={props.amount} unit={props.money} roundUp={props.roundUp} />
  ) : props.unit === "percent" ? (
    <span>{percentText(props.amount)}</span>
  ) : (
    <span>{groupThousands(props.amount.toFixed(0)) /* float-ok: Decimal */}</span>
  )

/** Which need a target shows: per month while a whole month is left, else per week (7 days or more), else per day. */
export type NeedPeriod = "month" | "week" | "day"

export const needOf = (p: TargetProgress): { readonly per: NeedPeriod; readonly amount: Decimal | null } =>
  p.monthsLeft > 0
    ? { per: "month", amount: p.pacePerMonth }
    : p.daysLeft >= 7
      ? { per: "week", amount: p.pacePerWeek }
      : { per: "day", amount: p.pacePerDay }

const NEED_TEXT: Record<NeedPeriod, LocalizedText> = {
  month: { zh: "月均所需", en: "Needed per month" },
  week: { zh: "每周所需", en: "Needed per week" },
  day: { zh: "每日所需", en: "Needed per day" }
}

/** The word for a need: 月均所需 / 每周所需 / 每日所需. */
export const needLabel = (per: NeedPeriod, lang: Lang): string =>
  lang === "en" ? NEED_TEXT[per].en : NEED_TEXT[per].zh

/** The money unit a target's need is shown in, by itself. */
export const needUnit = (p: TargetProgress, lang: Lang): MoneyUnit => {
  const { amount } = needOf(p)
  return moneyUnitFor(amount === null ? [] : [amount], lang)
}

/** The need's figure (in `money`, or its own unit), or "—" with nothing to divide by. */
export const Need = (props: { progress: TargetProgress; lang: Lang; money?: MoneyUnit }) => {
  const { amount } = needOf(props.progress)
  return amount === null ? (
    <>—</>
  ) : (
    <PerMonth
      amount={amount}
      unit={props.progress.unit}
      lang={props.lang}
      money={props.money ?? needUnit(props.progress, props.lang)}
      roundUp
    />
  )
}

/** What is left until the period ends, in words: 剩余 3 个整月 / 剩余 25 天 (3 whole month(s) / 25 day(s) left). */
export const timeLeftText = (p: TargetProgress, lang: Lang): string =>
  p.monthsLeft > 0
    ? lang === "en"
      ? `${p.monthsLeft} whole month(s) left`
      : `剩余 ${p.monthsLeft} 个整月`
    : lang === "en"
      ? `${p.daysLeft} day(s) left`
      : `剩余 ${p.daysLeft} 天`

/** {@link timeLeftText} in brackets after a figure: （剩余 25 天） / (25 day(s) left). */
export const timeLeftNote = (p: TargetProgress, lang: Lang): string =>
  lang === "en" ? ` (${timeLeftText(p, lang)})` : `（${timeLeftText(p, lang)}）`

/** "Year-end" for a calendar-year target, "period-end" for a fixed period. */
export const projectedEndLabel = (p: TargetProgress, lang: Lang): string =>
  p.periodKind === "calendar-year"
    ? lang === "en"
      ? "Projected year-end"
      : "预计年末"
    : lang === "en"
      ? "Projected period-end"
      : "预计期末"

/** Which pace the projection holds to (see `pace.ts`): the period-to-date daily average. */
const PROJECTION_PACE: Record<"calendar-year" | "fixed", LocalizedText> = {
  "calendar-year": { zh: "（按本年日均）", en: " (at the year-to-date daily average)" },
  fixed: { zh: "（按期内日均）", en: " (at the period-to-date daily average)" }
}

/** After the projected figure: the pace it assumes, 按本年日均 / at the year-to-date daily average. */
export const projectionPaceNote = (p: TargetProgress, lang: Lang): string => {
  const text = PROJECTION_PACE[p.periodKind === "calendar-year" ? "calendar-year" : "fixed"]
  return lang === "en" ? text.en : text.zh
}

/**
 * The answers of a panel, each figure in its own unit: the gap (还差 4.37亿 / 437 M to go, or 目标已完成),
 * the value projected at the period's end at the period-to-date daily average (预计年末 6,763.24万（按本年
 * 日均）; "—" before the period starts), and — while the target is not met and time is left — what each
 * remaining month must add, or each week or day when less than a whole month is left (每周所需 1.23亿（剩余
 * 25 天）).
 */
export const GapAndProjection = (props: { progress: TargetProgress; lang: Lang }) => {
  const { progress: p, lang } = props
  const en = lang === "en"
  const own = (amount: Decimal) => moneyUnitFor([amount], lang)
  const need = needOf(p)
  const gap = <TargetFigure amount={p.remaining} unit={p.unit} money={own(p.remaining)} />
  return (
    <>
      <span data-figure="gap">
        {p.remaining.isZero() ? en ? "Target met" : "目标已完成" : en ? <>{gap} to go</> : <>还差 {gap}</>}
      </span>
      {" · "}
      <span data-figure="projected-end">
        {projectedEndLabel(p, lang)}{" "}
        {p.asOf < p.periodStart ? (
          "—"
        ) : (
          <>
            <TargetFigure amount={p.projectedEnd} unit={p.unit} money={own(p.projectedEnd)} />
            {p.asOf < p.periodEnd ? projectionPaceNote(p, lang) : null}
          </>
        )}
      </span>
      {p.remaining.isZero() || need.amount === null ? null : (
        <>
          {" · "}
          <span data-figure="need" data-per={need.per}>
            {needLabel(need.per, lang)} <Need progress={p} lang={lang} />
            {timeLeftNote(p, lang)}
          </span>
        </>
      )}
    </>
  )
}

/**
 * `value` as a percentage of `target` to one decimal, rounded towards zero (Decimal ROUND_DOWN), so that
 * it reads 100.0% only once the target is met; "<0.1%" for a part above zero too small to show (">-0.1%"
 * below zero); a dash without a target figure. Exact: Decimal division, never a float.
 */
export const completionText = (value: Decimal, target: Decimal): string => {
  if (target.isZero()) return "—"
  const percent = value.div(target).times(100)
  const shown = percent.toDecimalPlaces(1, Decimal.ROUND_DOWN)
  if (shown.isZero() && !percent.isZero()) return percent.isPositive() ? "<0.1%" : ">-0.1%"
  return `${shown.isZero() ? "0.0" : shown.toFixed(1) /* float-ok: Decimal */}%`
}

/** The value of a `<progress max="100">` for `value` of `target`: percent to two places, rounded down, 0 to 100. */
export const barPercent = (value: Decimal, target: Decimal): number =>
  target.isZero()
    ? 0
    : Decimal.min(100, Decimal.max(0, value.div(target).times(100)))
        .toDecimalPlaces(2, Decimal.ROUND_DOWN)
        .toNumber() // float-ok: a bar position for display, no money

/**
 * A figure per month (pace or run rate), rounded to the fen (or to 0.01 of a count) as the JSON API
 * rounds it: the pace up, the run rate half-even. Money in `money` (else its own unit, see
 * {@link moneyUnitFor}) with the figure to the fen on hover; the pace (`roundUp`) is rounded up at the unit
 * shown too, so "needed" never reads less than is needed.
 */
export const PerMonth = (props: {
  amount: Decimal
  unit: TargetUnit
  lang: Lang
  money?: MoneyUnit | undefined
  roundUp?: boolean
}) => {
  const rounded = props.amount.toDecimalPlaces(2, props.roundUp ? Decimal.ROUND_UP : Decimal.ROUND_HALF_EVEN)
  return props.unit === "yuan" ? (
    <Money amount={rounded} lang={props.lang} unit={props.money} roundUp={props.roundUp} />
  ) : (
    <span>
      {rounded.toFixed(2) /* float-ok: Decimal */}
      {props.unit === "percent" ? "%" : ""}
    </span>
  )
}

export type TargetStatus = "met" | "on-track" | "behind" | "no-rate" | "below"

/**
 * Met beats on track; without a projected date (no run rate) the status says so rather than "behind"; a
 * reported level (a percent, a figure reported once) below its target is "below", never projected.
 */
export const statusOf = (p: TargetProgress): TargetStatus =>
  p.remaining.isZero()
    ? "met"
    : p.level
      ? "below"
      : p.onTrack
        ? "on-track"
        : p.projectedDate === null
          ? "no-rate"
          : "behind"

const STATUS_TEXT: Record<TargetStatus, { zh: string; en: string }> = {
  met: { zh: "已完成", en: "Met" },
  "on-track": { zh: "可按期完成", en: "On track" },
  behind: { zh: "进度落后", en: "Behind" },
  "no-rate": { zh: "近12月无进展", en: "No recent progress" },
  below: { zh: "最新上报值未达标", en: "Latest reported value below target" }
}

/** The on-track badge: a word, not a colour alone. */
export const StatusBadge = (props: { progress: TargetProgress; lang: Lang }) => {
  const status = statusOf(props.progress)
  return (
    <span class={`badge badge--${status}`} data-status={status}>
      <Label text={STATUS_TEXT[status]} lang={props.lang} />
    </span>
  )
}

/** The projected date, or a dash when there is none. */
export const Projected = (props: { date: string | null }) => <>{props.date ?? "—"}</>
