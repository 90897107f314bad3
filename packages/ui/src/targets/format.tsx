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

/** An amount of yuan in 亿, with the exact figure on hover; a count as a whole number. */
export const Figure = (props: { amount: Decimal; unit: TargetUnit }) =>
  props.unit === "yuan" ? (
    <span title={formatYuan(props.amount)}>{formatYuan(props.amount, { unit: "yi" })}</span>
  ) : (
    <span>{groupThousands(props.amount.toFixed(0))}</span>
  )

/**
 * A figure per month (pace or run rate), rounded to the fen (or to 0.01 of a count) as the JSON API
 * rounds it: the pace up, the run rate half-even. Money in 万/亿 with the exact figure on hover.
 */
export const PerMonth = (props: { amount: Decimal; unit: TargetUnit; roundUp?: boolean }) => {
  const rounded = props.amount.toDecimalPlaces(2, props.roundUp ? Decimal.ROUND_UP : Decimal.ROUND_HALF_EVEN)
  return props.unit === "yuan" ? (
    <span title={formatYuan(rounded)}>{compactYuan(rounded)}</span>
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
