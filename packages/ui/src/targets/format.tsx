/** @jsxImportSource hono/jsx */
import { Decimal, formatYuan, type TargetProgress, type TargetUnit } from "@kejin/core"
import { Label, type Lang } from "../i18n.js"

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

const WAN = new Decimal(10_000)
const YI = new Decimal(100_000_000)

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

/** An amount of yuan in 亿, with the exact figure on hover; a count as a whole number. */
export const Figure = (props: { amount: Decimal; unit: TargetUnit }) =>
  props.unit === "yuan" ? (
    <span title={formatYuan(props.amount)}>{formatYuan(props.amount, { unit: "yi" })}</span>
  ) : (
    <span>{groupThousands(props.amount.toFixed(0))}</span>
  )

/**
 * A figure per month (pace or run rate), rounded to the fen (or to 0.01 of a count) as the JSON API
 * rounds it: the pace up, the run rate half-even. Money in 万/亿 with the figure to the fen on hover; the
 * pace (`roundUp`) is rounded up at the unit shown too, so "needed" never reads less than is needed.
 */
export const PerMonth = (props: { amount: Decimal; unit: TargetUnit; roundUp?: boolean }) => {
  const rounded = props.amount.toDecimalPlaces(2, props.roundUp ? Decimal.ROUND_UP : Decimal.ROUND_HALF_EVEN)
  return props.unit === "yuan" ? (
    <span title={formatYuan(rounded)}>{props.roundUp ? compactYuanUp(rounded) : compactYuan(rounded)}</span>
  ) : (
    <span>{rounded.toFixed(2)}</span>
  )
}

export type TargetStatus = "met" | "on-track" | "behind" | "no-rate"

/** Met beats on track; without a projected date (no run rate) the status says so rather than "behind". */
export const statusOf = (p: TargetProgress): TargetStatus =>
  p.remaining.isZero() ? "met" : p.onTrack ? "on-track" : p.projectedDate === null ? "no-rate" : "behind"

const STATUS_TEXT: Record<TargetStatus, { zh: string; en: string }> = {
  met: { zh: "已完成", en: "Met" },
  "on-track": { zh: "可按期完成", en: "On track" },
  behind: { zh: "进度落后", en: "Behind" },
  "no-rate": { zh: "近12月无进展", en: "No recent progress" }
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
