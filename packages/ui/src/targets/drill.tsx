/** @jsxImportSource hono/jsx */
import { type TargetProgress, toWire } from "@kejin/core"
import { inclusiveBuckets } from "@kejin/core/internal"
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

/** What the links need besides a target's progress: the city fund's code, the 普惠 threshold the figures use. */
export interface DrillScope {
  /** The city fund a city-fund measure's records belong to: the only one, else none (the list is one fund's). */
  readonly cityFund: string | undefined
  /** The 普惠 threshold (yuan, as the list's `inclusive` takes it) when it is one of the list's buckets. */
  readonly inclusive: string | undefined
}

/**
 * The scope of `progress`'s links: the city fund, and the configured 普惠 threshold when a target follows the
 * 普惠 measure (the breakdown that measure reads says which threshold it used).
 */
export const loadDrillScope = async (
  ctx: PanelContext,
  progress: ReadonlyArray<TargetProgress>
): Promise<DrillScope> => {
  const funds = await ctx.kejin.funds.list({ kind: "city-fund" })
  const inclusiveTarget = progress.find((p) => p.metric === "pledge-inclusive-amount")
  let inclusive: string | undefined
  if (inclusiveTarget !== undefined) {
    const { inclusiveThreshold } = await ctx.kejin.pledges.breakdown(
      { from: inclusiveTarget.periodStart, to: inclusiveTarget.periodStart },
      "inclusive"
    )
    const text = toWire(inclusiveThreshold)
    inclusive = inclusiveBuckets.includes(text) ? text : undefined
  }
  return { cityFund: funds.length === 1 ? funds[0]!.code : undefined, inclusive }
}

const withLang = (ctx: PanelContext, params: Record<string, string>) => {
  const search = new URLSearchParams(params)
  if (ctx.lang === "en") search.set("lang", "en")
  return `?${search.toString()}`
}

/**
 * The linkage measures a list shows: the records list (`/records/<slug>`) and the filter that selects the
 * measure's records there; the list's declared sum (`ListShape.sum`) is the measure's figure.
 */
const linkageLists: Readonly<
  Record<string, { readonly slug: string; readonly filter?: Record<string, string> }>
> = {
  "investment-loan-amount": { slug: "loans", filter: { pilot: "investment-loan" } },
  "index-loan-amount": { slug: "loans", filter: { pilot: "index-loan" } },
  "investment-insurance-sum-insured": { slug: "policies", filter: { pilot: "investment-insurance" } },
  "transfer-insurance-sum-insured": { slug: "policies", filter: { pilot: "transfer-insurance" } },
  "co-investment-follow-amount": { slug: "co-investments" },
  "risk-compensation-paid": { slug: "claims", filter: { kind: "risk-compensation" } },
  "interest-subsidy-amount": { slug: "subsidies" },
  "bond-issuance-amount": { slug: "bonds" },
  "bond-issuance-count": { slug: "bonds" }
}

/** The list behind `p`'s value, or undefined when its measure has none. */
export const targetListHref = (
  ctx: PanelContext,
  p: TargetProgress,
  scope: DrillScope
): string | undefined => {
  if (p.level) return undefined
  const from = p.periodStart
  const to = p.asOf < p.periodEnd ? p.asOf : p.periodEnd
  const pledges = (filter: Record<string, string> = {}) =>
    `${ctx.basePath}/pledges${withLang(ctx, { from, to, ...filter, counting: "true" })}`
  const linkage = linkageLists[p.metric]
  if (linkage !== undefined)
    return `${ctx.basePath}/records/${linkage.slug}${withLang(ctx, {
      ...linkage.filter,
      from,
      to,
      includeReversed: "false"
    })}`
  switch (p.metric) {
    case "pledge-amount":
    case "pledge-registrations":
      return pledges()
    case "pledge-inclusive-amount":
      return scope.inclusive === undefined ? undefined : pledges({ inclusive: scope.inclusive })
    case "pledge-first-amount":
    case "pledge-first-registrations":
      return pledges({ firstPledge: "true" })
    case "city-fund-committed":
    case "city-fund-direct-investments":
      return scope.cityFund === undefined
        ? undefined
        : ledgerListHref(ctx, scope.cityFund, {
            kind: p.metric === "city-fund-committed" ? "commitment" : "investment",
            ...(p.metric === "city-fund-direct-investments" ? { mode: "direct" as const } : {}),
            from,
            to,
            includeReversed: false
          })
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
