/** @jsxImportSource hono/jsx */
import { Decimal } from "@kejin/core"
import { cellOf, payoutNoteSaid } from "@kejin/core/internal"
import { messageFor } from "../forms/messages.js"
import type { Lang } from "../i18n.js"
import { type MoneyUnit, moneyUnitFor } from "../money.js"
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
 * A claim's note (how its payout was reached) is kept in the core's English words (linkage/rules.ts
 * `payout`): the core says it from its message catalogue again, worded in the page's language; a note of
 * another shape stays as kept.
 */
export const payoutNoteText = (note: string, lang: Lang): string =>
  messageFor(payoutNoteSaid(note) ?? { message: note }, lang)

/**
 * The unit a money column of a table is shown in, one for all its rows (`moneyUnitFor` of their amounts):
 * 1.50亿 never stands above 1,500万 in it. Undefined for a column that is not money.
 */
export const columnUnitOf = (
  items: ReadonlyArray<unknown>,
  shown: ShownColumn,
  lang: Lang
): MoneyUnit | undefined => {
  if (shown.column.type !== "money") return undefined
  const amounts = items
    .map((item) => cellOf(item, shown.column))
    .filter(isMoneyText)
    .map((value) => new Decimal(value))
  return moneyUnitFor(amounts, lang, { keepSmall: true })
}

/** `unit`: a money column's shared unit (`columnUnitOf`); else each amount in its own. */
export const Cell = (props: {
  item: unknown
  shown: ShownColumn
  lang: Lang
  unit?: MoneyUnit | undefined
}) => {
  const { shown, lang } = props
  const value = cellOf(props.item, shown.column)
  if (value === null || value === undefined || value === "") return <span class="none">—</span>
  if (shown.column.key === "note" && typeof value === "string") return <>{payoutNoteText(value, lang)}</>
  switch (shown.column.type) {
    case "money":
      return isMoneyText(value) ? (
        <Amount lang={lang} amount={new Decimal(value)} unit={props.unit} />
      ) : (
        String(value)
      )
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
