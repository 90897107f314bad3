/** @jsxImportSource hono/jsx */
import type { Decimal, LpType } from "@kejin/core"
import type { Child } from "hono/jsx"
import { type CoreMessage, messageFor } from "../forms/messages.js"
import { type Lang, type LocalizedText, textOf } from "../i18n.js"
import { type MoneyUnit, moneyUnitFor } from "../money.js"
import { TableHead } from "../table-head.js"
import { Money } from "./format.js"
import { labelOf, lpTypeLabels } from "./vocabulary.js"

/*
 * The one way a fund's per-LP table is drawn (the capital accounts on the fund page, the quarterly statement on
 * its own page): an LP a line, then the fund's line, then how the figures are made and the core's notes.
 * Each table only declares its columns.
 */

/** What every LP line names: the commitment, the LP and its type. */
interface LpLine {
  readonly commitment: number
  readonly lpName: string
  readonly lpType: LpType
}

/**
 * A figure column: its heading, its cell on an LP's line and, unless left empty, on the fund's line; a money
 * column says its amounts (`amounts`), and its cells are handed the one unit they all share.
 */
export interface LpColumn<R, T> {
  readonly head: LocalizedText
  readonly cell: (row: R, lang: Lang, unit?: MoneyUnit) => Child
  readonly total?: ((total: T, lang: Lang, unit?: MoneyUnit) => Child) | undefined
  readonly amounts?: ((rows: ReadonlyArray<R>, total: T) => ReadonlyArray<Decimal | null>) | undefined
}

/** An amount (in `unit`, else its own), or — when there is none. */
export const MoneyOrNone = (props: { amount: Decimal | null; lang: Lang; unit?: MoneyUnit | undefined }) =>
  props.amount === null ? (
    <span class="none">—</span>
  ) : (
    <Money lang={props.lang} amount={props.amount} unit={props.unit} />
  )

/** A money column reading the same field on an LP's line and on the fund's. */
export const moneyColumn = <K extends string>(
  key: K,
  head: LocalizedText
): LpColumn<Record<K, Decimal | null>, Record<K, Decimal | null>> => ({
  head,
  cell: (row, lang, unit) => <MoneyOrNone lang={lang} amount={row[key]} unit={unit} />,
  total: (total, lang, unit) => <MoneyOrNone lang={lang} amount={total[key]} unit={unit} />,
  amounts: (rows, total) => [...rows.map((row) => row[key]), total[key]]
})

const LP_HEAD: LocalizedText = { zh: "出资人", en: "LP" }
const FUND_LINE: LocalizedText = { zh: "基金合计", en: "Fund" }

/** The fund line's cells: the declared ones, and each run of columns without one as one empty cell. */
const totalCells = <R, T>(
  columns: ReadonlyArray<LpColumn<R, T>>,
  total: T,
  lang: Lang,
  units: ReadonlyArray<MoneyUnit | undefined>
): Array<Child> => {
  const cells: Array<Child> = []
  let empty = 0
  const flush = () => {
    if (empty > 1) cells.push(<td colspan={empty} />)
    else if (empty === 1) cells.push(<td />)
    empty = 0
  }
  for (const [i, column] of columns.entries()) {
    if (column.total === undefined) {
      empty += 1
      continue
    }
    flush()
    cells.push(<td class="num">{column.total(total, lang, units[i])}</td>)
  }
  flush()
  return cells
}

/** The table (in the phone-wide scroll box), the note on how its figures are made and the core's notes. */
export const LpTable = <R extends LpLine, T>(props: {
  class: string
  columns: ReadonlyArray<LpColumn<R, T>>
  rows: ReadonlyArray<R>
  total: T
  /** More words after the LP's type under its name. */
  more?: ((row: R) => string) | undefined
  explanation: LocalizedText
  notes: ReadonlyArray<CoreMessage>
  lang: Lang
}) => {
  const { columns, lang } = props
  // One unit a money column, its fund line included (1.20亿 never above 4,000万).
  const units = columns.map((column) =>
    column.amounts === undefined
      ? undefined
      : moneyUnitFor(
          column.amounts(props.rows, props.total).flatMap((amount) => (amount === null ? [] : [amount])),
          lang,
          { keepSmall: true }
        )
  )
  return (
    <>
      <div class="table-scroll" tabindex={0}>
        <table class={`fund-table ${props.class}`}>
          <TableHead columns={[LP_HEAD, ...columns.map((c) => c.head)]} lang={lang} />
          <tbody>
            {props.rows.map((r) => (
              <tr data-commitment={String(r.commitment)}>
                <td>
                  {r.lpName}
                  <br />
                  <span class="muted">
                    #{r.commitment} · {textOf(labelOf(lpTypeLabels, r.lpType), lang)}
                    {props.more?.(r)}
                  </span>
                </td>
                {columns.map((column, i) => (
                  <td class="num">{column.cell(r, lang, units[i])}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-commitment="total">
              <th scope="row">{textOf(FUND_LINE, lang)}</th>
              {totalCells(columns, props.total, lang, units)}
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="panel-note">{textOf(props.explanation, lang)}</p>
      {props.notes.length === 0 ? null : (
        <ul class="fund-notes">
          {props.notes.map((note) => (
            <li>{messageFor(note, lang)}</li>
          ))}
        </ul>
      )}
    </>
  )
}
