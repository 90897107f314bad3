/** @jsxImportSource hono/jsx */
import {
  Decimal,
  districtOf,
  type Kejin,
  type PledgeStatus,
  pledgeStatuses,
  wenzhouDistricts
} from "@kejin/core"
import { todayInShanghai } from "@kejin/core/internal"
import type { Lang, LocalizedText } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import { choiceLabels } from "../records/vocabulary.js"

/*
 * What every pledge view shares: money for people (万/亿, the exact amount on hover), district names,
 * status words, growth and shares, and the period the panels show (the year to date).
 */

/** An amount for people, the exact figure on hover: the dashboard's one way of showing money (`../money.tsx`). */
export { Money as Amount } from "../money.js"

/** A district's name (鹿城区 / Lucheng) from its code; an unknown code as it is. */
export const districtName = (code: string, lang: Lang): string => {
  const district = districtOf(code)
  return district === undefined ? code : lang === "en" ? district.nameEn : district.name
}

/** The district select's choices: code and name, in the code order of the reference table. */
export const districtChoices = (lang: Lang): ReadonlyArray<{ value: string; label: string }> =>
  wenzhouDistricts.map((d) => ({ value: d.code, label: `${d.code} ${lang === "en" ? d.nameEn : d.name}` }))

/** A registration's status, as its export writes it (core operations/labels.ts). */
export const statusLabels: Readonly<Record<PledgeStatus, LocalizedText>> = choiceLabels(pledgeStatuses)

export const isPledgeStatus = (text: string): text is PledgeStatus =>
  (pledgeStatuses as ReadonlyArray<string>).includes(text)

/** A status as a badge: a word, not a colour alone. */
export const PledgeStatusBadge = (props: { status: PledgeStatus; lang: Lang }) => (
  <span
    class={`badge ${props.status === "cancelled" ? "badge--bad" : props.status === "released" ? "" : "badge--ok"}`}
    data-status={props.status}
  >
    {props.lang === "en" ? statusLabels[props.status].en : statusLabels[props.status].zh}
  </span>
)

/**
 * Year-on-year growth from the core (a ratio for display, null when a year earlier was zero) as a signed
 * percentage with one decimal; a dash, with the reason on hover, when there is no base.
 */
export const Growth = (props: { value: number | null; lang: Lang }) =>
  props.value === null ? (
    <span class="none" title={props.lang === "en" ? "nothing a year earlier" : "上年同期为零"}>
      —
    </span>
  ) : (
    <span class="growth" data-growth={String(props.value)}>
      {props.value > 0 ? "+" : ""}
      {(props.value * 100).toFixed(1) /* float-ok: a growth ratio for display, no money */}%
    </span>
  )

/** A share for people: the percentage shown (one decimal) and, for a title, the share to four decimals. */
export interface Share {
  readonly text: string
  readonly title: string
}

const TENTHS = new Decimal(1000)

/**
 * `parts` (that add up to `whole`, none below zero) as percentages with one decimal that add up to exactly
 * 100.0%: each rounded down to the tenth, then the tenths left over go one each to the parts with the
 * largest remainders (on a tie, the larger part, then the earlier one): largest-remainder rounding. Each
 * title holds the share to four decimals. Dashes when `whole` is zero.
 */
export const shareTexts = (parts: ReadonlyArray<Decimal>, whole: Decimal): ReadonlyArray<Share> => {
  if (whole.isZero()) return parts.map(() => ({ text: "—", title: "" }))
  const exact = parts.map((part) => part.div(whole).times(TENTHS))
  const tenths = exact.map((e) => e.toDecimalPlaces(0, Decimal.ROUND_FLOOR))
  const left = TENTHS.minus(tenths.reduce((sum, t) => sum.plus(t), new Decimal(0))).toNumber()
  const byRemainder = exact
    .map((e, i) => ({ i, remainder: e.minus(tenths[i]!), part: parts[i]! }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || b.part.comparedTo(a.part) || a.i - b.i)
  for (const { i } of byRemainder.slice(0, Math.max(0, left))) tenths[i] = tenths[i]!.plus(1)
  return tenths.map((t, i) => ({
    text: `${t.div(10).toFixed(1) /* float-ok: Decimal */}%`,
    title: `${exact[i]!.div(10).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4) /* float-ok: Decimal */}%`
  }))
}

/**
 * Today in Asia/Shanghai as the core's clock has it (Effect's `Clock`, which tests control), for defaults
 * in forms and panels: never the machine's clock read here.
 */
export const todayOf = (kejin: Kejin): Promise<string> => kejin.run(todayInShanghai)

/** From the first of January of `asOf`'s year to `asOf`: what "this year" means on the dashboard. */
export const yearToDate = (asOf: string): { readonly from: string; readonly to: string } => ({
  from: `${asOf.slice(0, 4)}-01-01`,
  to: asOf
})

/** A period as `2026-01-01 至 2026-11-26` / `2026-01-01 – 2026-11-26`. */
export const periodText = (period: { from: string; to: string }, lang: Lang): string =>
  lang === "en" ? `${period.from} – ${period.to}` : `${period.from} 至 ${period.to}`

/** The query every link and form of the pledge pages keeps: the language (plus `extra`). */
export const langQuery = (ctx: PanelContext, extra: Readonly<Record<string, string>> = {}): string => {
  const params = new URLSearchParams()
  if (ctx.lang === "en") params.set("lang", "en")
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  const query = params.toString()
  return query === "" ? "" : `?${query}`
}

/** A registration's page. */
export const registrationHref = (ctx: PanelContext, id: number): string =>
  `${ctx.basePath}/pledges/${id}${langQuery(ctx)}`
