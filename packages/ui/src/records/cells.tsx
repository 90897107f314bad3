/** @jsxImportSource hono/jsx */
import { Decimal } from "@kejin/core"
import { cellOf } from "@kejin/core/internal"
import type { Lang } from "../i18n.js"
import { Amount } from "../pledges/format.js"
import type { ShownColumn } from "./values.js"
import { choiceText, t } from "./vocabulary.js"

/*
 * A record's value in a column, for people: money in 万/亿 with the exact amount on hover, dates as the
 * core writes them, yes/no and choices in the page's language, lists joined; nothing as "—".
 */

const isMoneyText = (value: unknown): value is string =>
  typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value)

/*
 * A claim's note (how its payout was reached) is kept in the core's English words, one fixed shape
 * (linkage/rules.ts `payout`): a Chinese page words it again from its parts; anything else stays as kept.
 */
const PAYOUT_NOTE =
  /^(nothing is uncovered: )?min\(([\d.]+) × (uncovered loss|loss) ([\d.-]+) = ([\d.-]+)(?:, cap ([\d.-]+))?, pool balance ([\d.-]+)\) = ([\d.-]+): limited by (the ratio|the per-claim cap|the pool's remaining balance)$/
const EMPTY_POOL_NOTE =
  /^the pool has no balance left, so nothing is paid \(([\d.]+) × (uncovered loss|loss) ([\d.-]+) = ([\d.-]+)(?:, cap ([\d.-]+))?\)$/
const LIMITS: Readonly<Record<string, string>> = {
  "the ratio": "补偿比例",
  "the per-claim cap": "单笔上限",
  "the pool's remaining balance": "资金池余额"
}

const POOL_PREFIX = /^pool (\S+), rule of (\d{4}-\d{2}-\d{2}): (.*)$/

export const payoutNoteText = (note: string, lang: Lang): string => {
  if (lang === "en") return note
  const pooled = POOL_PREFIX.exec(note)
  if (pooled !== null) {
    const rest = payoutNoteText(pooled[3]!, lang)
    return rest === pooled[3] ? note : `资金池 ${pooled[1]}，${pooled[2]} 起的规则：${rest}`
  }
  const base = (label: string) => (label === "loss" ? "损失" : "未覆盖损失")
  const full = PAYOUT_NOTE.exec(note)
  if (full !== null) {
    const [, none, ratio, label, amount, byRatio, cap, balance, paid, limit] = full
    const terms = [
      `${ratio} × ${base(label!)} ${amount} = ${byRatio}`,
      ...(cap === undefined ? [] : [`上限 ${cap}`]),
      `资金池余额 ${balance}`
    ]
    const text = `min(${terms.join("，")}) = ${paid}：受${LIMITS[limit!]}限制`
    return none === undefined ? text : `没有未覆盖的损失：${text}`
  }
  const empty = EMPTY_POOL_NOTE.exec(note)
  if (empty !== null) {
    const [, ratio, label, amount, byRatio, cap] = empty
    return `资金池已无余额，不予支付（${ratio} × ${base(label!)} ${amount} = ${byRatio}${cap === undefined ? "" : `，上限 ${cap}`}）`
  }
  return note
}

export const Cell = (props: { item: unknown; shown: ShownColumn; lang: Lang }) => {
  const { shown, lang } = props
  const value = cellOf(props.item, shown.column)
  if (value === null || value === undefined || value === "") return <span class="none">—</span>
  if (shown.column.key === "note" && typeof value === "string") return <>{payoutNoteText(value, lang)}</>
  switch (shown.column.type) {
    case "money":
      return isMoneyText(value) ? <Amount lang={lang} amount={new Decimal(value)} /> : String(value)
    case "boolean":
      return t(value === true ? "yes" : "no", lang)
    case "list":
      return Array.isArray(value) ? value.join("；") : String(value)
    default:
      return (
        <>
          {shown.words !== undefined && typeof value === "string"
            ? choiceText(shown.words, value, lang)
            : String(value)}
        </>
      )
  }
}

/** Whether a column is right-aligned: amounts and figures. */
export const isNumeric = (shown: ShownColumn): boolean =>
  shown.column.type === "money" || shown.column.type === "number" || shown.column.type === "decimal"
