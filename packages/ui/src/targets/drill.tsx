/** @jsxImportSource hono/jsx */
import type { TargetProgress } from "@kejin/core"
import type { Child } from "hono/jsx"
import { ledgerListHref } from "../equity/ledger-list.js"
import type { Lang } from "../i18n.js"
import type { PanelContext } from "../plugin.js"

/*
 * Drill-down from a target's actual value to the list of the records it adds up: the records of the
 * measure's kind dated from the period's start to the day the value is counted to (the page's date, or
 * the period's end when it is over), in the list that filters them so. A measure no list can show (a
 * reported value, a plugin's figure, a linkage figure without its own list) links nowhere.
 */

/** The city fund a city-fund measure's records belong to: the only one, else none (the list is one fund's). */
export const loadCityFund = async (ctx: PanelContext): Promise<string | undefined> => {
  const funds = await ctx.kejin.funds.list({ kind: "city-fund" })
  return funds.length === 1 ? funds[0]!.code : undefined
}

const withLang = (ctx: PanelContext, params: Record<string, string>) => {
  const search = new URLSearchParams(params)
  if (ctx.lang === "en") search.set("lang", "en")
  return `?${search.toString()}`
}

/** The list behind `p`'s value, or undefined when its measure has none. */
export const targetListHref = (
  ctx: PanelContext,
  p: TargetProgress,
  cityFund: string | undefined
): string | undefined => {
  if (p.level) return undefined
  const from = p.periodStart
  const to = p.asOf < p.periodEnd ? p.asOf : p.periodEnd
  switch (p.metric) {
    case "pledge-amount":
    case "pledge-registrations":
      return `${ctx.basePath}/pledges${withLang(ctx, { from, to, counting: "true" })}`
    case "city-fund-committed":
    case "city-fund-direct-investments":
      return cityFund === undefined
        ? undefined
        : ledgerListHref(ctx, cityFund, {
            kind: p.metric === "city-fund-committed" ? "commitment" : "investment",
            from,
            to,
            includeReversed: false
          })
    case "bond-issuance-amount":
    case "bond-issuance-count":
      return `${ctx.basePath}/records/bonds${withLang(ctx, { from, to, includeReversed: "false" })}`
    default:
      return undefined
  }
}

/** A target's actual value, linking to the records it adds up when a list shows them (drill-down). */
export const ValueLink = (props: { href: string | undefined; lang: Lang; children: Child }) =>
  props.href === undefined ? (
    props.children
  ) : (
    <a
      href={props.href}
      data-drill="target-value"
      title={props.lang === "en" ? "The records behind this figure" : "查看计入此数的记录"}
    >
      {props.children}
    </a>
  )
