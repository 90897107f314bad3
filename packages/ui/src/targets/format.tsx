/** @jsxImportSource hono/jsx */
import { Decimal, formatYuan, type TargetProgress, type TargetUnit, Yuan } from "@kejin/core"
import { Label, type Lang, type LocalizedText } from "../i18n.js"

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

const WAN = new Decimal(10_000)
const YI = new Decimal(100_000_000)

/**
 * The unit a column (or a panel's group of figures) shows money in: what an amount is divided by and the
 * word after the figure. Chinese: 亿, 万, 元; English: B (billion), M (million), yuan — never 亿/万.
 */
export interface MoneyUnit {
  readonly key: "yi" | "wan" | "yuan" | "billion" | "million"
  readonly size: Decimal
  readonly suffix: string
}

const MONEY_UNITS: Record<Lang, ReadonlyArray<MoneyUnit>> = {
  zh: [
    { key: "yi", size: new Decimal(100_000_000), suffix: "亿" },
    { key: "wan", size: new Decimal(10_000), suffix: "万" },
    { key: "yuan", size: new Decimal(1), suffix: "元" }
  ],
  en: [
    { key: "billion", size: new Decimal(1_000_000_000), suffix: " B" },
    { key: "million", size: new Decimal(1_000_000), suffix: " M" },
    { key: "yuan", size: new Decimal(1), suffix: " yuan" }
  ]
}

/**
 * One unit for a column: chosen from its largest amount (by size), 亿 from one 亿, else 万 from one 万,
 * else 元 (English: B from a billion, M from a million, else yuan), so that a column never mixes 3.37亿
 * with 6,861万.
 */
export const moneyUnitFor = (amounts: ReadonlyArray<Decimal>, lang: Lang): MoneyUnit => {
  const largest = amounts.reduce((max, a) => Decimal.max(max, a.abs()), new Decimal(0))
  const units = MONEY_UNITS[lang]
  return units.find((u) => largest.gte(u.size)) ?? units[units.length - 1]!
}

/**
 * An amount in `unit` with the unit after it: a whole number of the unit without decimals (`3亿`,
 * `6,861万`: no ".00" noise), anything else to two decimals (`3.37亿`, `2,587.50元`), half-even, or
 * rounded up with `roundUp` (for a figure that is needed: what it reads is never less than needed).
 * Display only; exact Decimal arithmetic, never a float.
 */
export const moneyText = (amount: Decimal, unit: MoneyUnit, roundUp = false): string => {
  const exact = new Yuan(amount).div(unit.size)
  const whole = exact.isInteger()
  const shown = whole ? exact : exact.toDecimalPlaces(2, roundUp ? Decimal.ROUND_UP : Decimal.ROUND_HALF_EVEN)
  const [digits = "0", fraction] = shown
    .abs()
    .toFixed(whole ? 0 : 2)
    .split(".") // float-ok: Decimal.toFixed
  const sign = shown.isNegative() && !shown.isZero() ? "-" : ""
  return `${sign}${groupThousands(digits)}${fraction === undefined ? "" : `.${fraction}`}${unit.suffix}`
}

/** An amount in `unit` (see {@link moneyText}), the exact amount to the fen on hover. */
export const MoneyIn = (props: { amount: Decimal; unit: MoneyUnit; roundUp?: boolean | undefined }) => (
  <span class="money" title={formatYuan(props.amount)}>
    {moneyText(props.amount, props.unit, props.roundUp)}
  </span>
)

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
    <MoneyIn amount={props.amount} unit={props.money} roundUp={props.roundUp} />
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

/** An amount of yuan for people, in 亿 from one 亿, in 万 from one 万, else in yuan (display only). */
export const compactYuan = (amount: Decimal): string => {
  const size = amount.abs()
  return formatYuan(amount, { unit: size.gte(YI) ? "yi" : size.gte(WAN) ? "wan" : "yuan" })
}

/**
 * Like {@link compactYuan}, with a unit on every amount: `1.65万`, `3.00亿`, and `2,587.50元` below one 万
 * (where compactYuan shows the bare figure), for lists that mix amounts of every size.
 */
export const compactYuanWithUnit = (amount: Decimal): string =>
  amount.abs().gte(WAN) ? compactYuan(amount) : `${compactYuan(amount)}元`

/**
 * An amount of yuan for people, like {@link compactYuan} but rounded UP at the unit shown (0.01 亿, 0.01 万
 * or the fen): for a figure that is needed, so that what it reads is never less than what is needed.
 */
export const compactYuanUp = (amount: Decimal): string => {
  const size = amount.abs()
  const step = size.gte(YI) ? YI.div(100) : size.gte(WAN) ? WAN.div(100) : new Decimal("0.01")
  // A multiple of the step: a wider unit after rounding (9,999.999万 → 1.00亿) reads the same amount.
  return compactYuan(amount.div(step).toDecimalPlaces(0, Decimal.ROUND_UP).times(step))
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
    <MoneyIn
      amount={rounded}
      unit={props.money ?? moneyUnitFor([rounded], props.lang)}
      roundUp={props.roundUp}
    />
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
