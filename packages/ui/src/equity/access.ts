import { type Actor, can, isBusinessDate } from "@kejin/core"
import type { PanelContext } from "../plugin.js"

/** A fund code as the core accepts it (a lowercase slug): anything else names no fund. */
export const FUND_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const isFundCode = (code: string): boolean => code.length <= 64 && FUND_CODE.test(code)

/**
 * Whether `actor` may write to fund `code`: `funds.write`, and for a fund manager the code in
 * `actor.funds`. The core checks the same again on every write; the page uses it to show forms.
 */
export const canWriteFund = (actor: Actor, code: string): boolean =>
  can(actor, "funds.write") && (actor.role !== "fund-manager" || (actor.funds ?? []).includes(code))

/**
 * Whether `actor` may see fund `code`'s entries (ledger, holdings, cash flows): as the JSON API rules, a
 * fund manager only for the funds in `actor.funds`, everyone else with `funds.read` for every fund. The
 * fund's particulars and figures stay readable by all (the city-wide monitoring).
 */
export const canReadLedger = (actor: Actor, code: string): boolean =>
  can(actor, "funds.read") && (actor.role !== "fund-manager" || (actor.funds ?? []).includes(code))

/** Creating funds is for administrators (a fund manager writes into the funds given to them). */
export const canCreateFund = (actor: Actor): boolean => actor.role === "admin" && can(actor, "funds.write")

/** `?asOf=YYYY-MM-DD` when it is a date, else undefined (the core's today in Asia/Shanghai). */
export const asOfOf = (ctx: PanelContext): string | undefined => {
  const asOf = ctx.query.asOf
  return asOf !== undefined && isBusinessDate(asOf) ? asOf : undefined
}

/** The query every link and form keeps: the language and an as-of date (plus `extra`). */
export const keptQuery = (ctx: PanelContext, extra: Record<string, string> = {}): string => {
  const params = new URLSearchParams()
  if (ctx.lang === "en") params.set("lang", "en")
  const asOf = asOfOf(ctx)
  if (asOf !== undefined) params.set("asOf", asOf)
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  const query = params.toString()
  return query === "" ? "" : `?${query}`
}

/** A fund page's URL. */
export const fundHref = (ctx: PanelContext, code: string): string =>
  `${ctx.basePath}/funds/${encodeURIComponent(code)}${keptQuery(ctx)}`
