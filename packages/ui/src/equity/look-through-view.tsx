/** @jsxImportSource hono/jsx */
import { Decimal, type LookThroughFigures } from "@kejin/core"
import { fundLookThrough } from "@kejin/core/internal"
import type { Child } from "hono/jsx"
import { ExportedTable } from "../export-links.js"
import { FigureBox } from "../figures.js"
import { messageFor } from "../forms/messages.js"
import { catalogueText, type LocalizedText, textOf } from "../i18n.js"
import { largestMoneyUnit, moneyUnitFor } from "../money.js"
import type { PanelContext } from "../plugin.js"
import { TableHead } from "../table-head.js"
import { fundHref } from "./access.js"
import { Irr, Money, Multiple } from "./format.js"

const Kpi = (props: { name: string; text: LocalizedText; lang: PanelContext["lang"]; children?: Child }) => (
  <FigureBox data={{ "data-kpi": props.name }} text={props.text} lang={props.lang}>
    {props.children}
  </FigureBox>
)

const LOOK_THROUGH_COLUMNS: ReadonlyArray<LocalizedText> = [
  { zh: "所持基金", en: "Fund held" },
  { zh: "认缴", en: "Committed" },
  { zh: "实缴", en: "Called" },
  { zh: "已分配", en: "Distributed" },
  { zh: "净值份额", en: "Share of NAV" }
]

/**
 * A set of funds seen through (core equity/look-through.ts): the LP side is the set's own, the NAV adds each
 * stake at its share of the held fund's NAV by called capital, and money moving between the funds counts
 * once. The city-fund page shows the city funds so; a fund page, a fund that holds other funds.
 */
export const LookThroughView = (props: { lt: LookThroughFigures; ctx: PanelContext }) => {
  const { lt, ctx } = props
  const { lang } = ctx
  const stakes = lt.perFund.flatMap((f) => f.stakes)
  // One unit for the table's amounts: the commitments'.
  const unit = moneyUnitFor(
    stakes.map((x) => x.committed),
    lang
  )
  const direct = lt.perFund.every((f) => f.directNav !== null)
    ? lt.perFund.reduce((a, f) => a.plus(f.directNav!), new Decimal(0))
    : null
  return (
    <>
      <dl class="figures figures--compact">
        <Kpi name="lt-paid-in" text={{ zh: "实缴", en: "Paid-in" }} lang={lang}>
          <Money lang={lang} amount={lt.paidIn} unit={largestMoneyUnit(lang)} />
        </Kpi>
        <Kpi name="lt-distributions" text={{ zh: "已分配", en: "Distributions" }} lang={lang}>
          <Money lang={lang} amount={lt.distributions} unit={largestMoneyUnit(lang)} />
        </Kpi>
        <Kpi name="lt-nav" text={{ zh: "穿透净值", en: "Look-through NAV" }} lang={lang}>
          {lt.nav === null ? (
            <span class="none">—</span>
          ) : (
            <Money lang={lang} amount={lt.nav} unit={largestMoneyUnit(lang)} />
          )}
        </Kpi>
        <Kpi name="lt-direct-nav" text={{ zh: "其中直接持有", en: "Of which held directly" }} lang={lang}>
          {direct === null ? (
            <span class="none">—</span>
          ) : (
            <Money lang={lang} amount={direct} unit={largestMoneyUnit(lang)} />
          )}
        </Kpi>
        <Kpi name="lt-dpi" text={{ zh: "DPI", en: "DPI" }} lang={lang}>
          <Multiple value={lt.dpi} />
        </Kpi>
        <Kpi name="lt-tvpi" text={{ zh: "TVPI", en: "TVPI" }} lang={lang}>
          <Multiple value={lt.tvpi} />
        </Kpi>
        <Kpi name="lt-net-irr" text={{ zh: "净 IRR", en: "Net IRR" }} lang={lang}>
          <Irr result={lt.netIrr} lang={lang} />
        </Kpi>
      </dl>
      {stakes.length === 0 ? null : (
        <ExportedTable
          op={fundLookThrough}
          filters={{ funds: lt.funds.join(","), asOf: lt.asOf }}
          lang={lang}
        >
          <table class="fund-table look-through-table">
            <TableHead columns={LOOK_THROUGH_COLUMNS} lang={lang} />
            <tbody>
              {stakes.map((s) => {
                return (
                  <tr data-stake={s.fund}>
                    <th scope="row">
                      <a href={fundHref(ctx, s.fund)}>{s.fund}</a>
                    </th>
                    <td class="num">
                      <Money amount={s.committed} unit={unit} />
                    </td>
                    <td class="num">
                      <Money amount={s.called} unit={unit} />
                    </td>
                    <td class="num">
                      <Money amount={s.distributed} unit={unit} />
                    </td>
                    <td class="num">
                      <Money amount={s.nav} unit={unit} />
                      {s.navAtCost ? (
                        <span class="muted"> ({lang === "en" ? "at cost" : "按成本"})</span>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ExportedTable>
      )}
      <p class="panel-note">
        {textOf(catalogueText("look-through-rule"), lang)}
        {" · "}
        {lang === "en" ? "As of" : "截至"} {lt.asOf}
      </p>
      {lt.noteMessages.length === 0 ? null : (
        <ul class="fund-notes">
          {lt.noteMessages.map((note) => (
            <li>{messageFor(note, lang)}</li>
          ))}
        </ul>
      )}
    </>
  )
}
