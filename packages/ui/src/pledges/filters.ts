import { districtOf, type PledgeStatus } from "@kejin/core"
import type { PledgeFilter } from "@kejin/core/internal"
import type { Lang } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import { isPledgeStatus } from "./format.js"

/*
 * The registrations list's filters as GET query parameters (`/pledges?from=…&district=…&page=2`), the
 * same for the page and for its CSV export: what was typed, the core's `PledgeFilter`, and what is wrong.
 */

/**
 * The query parameters of the filter form, in form order, then the order (`sort`, set by the column headers).
 * `q` searches registration numbers, pledgors' names, credit codes (by their start) and banks' names.
 */
export const FILTER_FIELDS = [
  "from",
  "to",
  "district",
  "bank",
  "status",
  "q",
  "minAmount",
  "maxAmount",
  "inclusive",
  "firstPledge",
  "counting",
  "sort"
] as const
export type FilterField = (typeof FILTER_FIELDS)[number]

export const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

export interface ListQuery {
  /** The filters as typed (trimmed, blanks left out): what the form and the links carry. */
  readonly values: Readonly<Partial<Record<FilterField, string>>>
  readonly page: number
  readonly limit: number
  /** Problems found before asking the core (a district that is not Wenzhou's, a page that is no number). */
  readonly issues: ReadonlyArray<{ readonly field: string; readonly message: string }>
}

const WHOLE = /^\d{1,9}$/

export const listQueryOf = (query: Readonly<Record<string, string>>, lang: Lang): ListQuery => {
  const values: Partial<Record<FilterField, string>> = {}
  for (const field of FILTER_FIELDS) {
    const value = query[field]?.trim()
    // `counting=false` is the list as it is without the filter: the links and the form leave it out.
    if (field === "counting" && value === "false") continue
    if (value !== undefined && value !== "") values[field] = value
  }
  const issues: Array<{ field: string; message: string }> = []
  if (values.district !== undefined && districtOf(values.district) === undefined) {
    issues.push({
      field: "district",
      message: lang === "en" ? "is not a Wenzhou district code" : "不是温州的区县代码"
    })
  }
  if (values.status !== undefined && !isPledgeStatus(values.status)) {
    issues.push({
      field: "status",
      message:
        lang === "en"
          ? "must be registered, changed, released or cancelled"
          : "须为 registered、changed、released 或 cancelled"
    })
  }
  if (values.firstPledge !== undefined && values.firstPledge !== "true" && values.firstPledge !== "false") {
    issues.push({
      field: "firstPledge",
      message: lang === "en" ? "must be true or false" : "须为 true 或 false"
    })
  }
  if (values.counting !== undefined && values.counting !== "true") {
    issues.push({
      field: "counting",
      message: lang === "en" ? "must be true or false" : "须为 true 或 false"
    })
  }
  const pageText = query.page?.trim() ?? ""
  let page = 1
  if (pageText !== "") {
    if (WHOLE.test(pageText) && Number(pageText) >= 1) page = Number(pageText)
    else
      issues.push({
        field: "page",
        message: lang === "en" ? "must be a whole number ≥ 1" : "须为不小于 1 的整数"
      })
  }
  const limitText = query.limit?.trim() ?? ""
  let limit = DEFAULT_LIMIT
  if (limitText !== "") {
    if (WHOLE.test(limitText) && Number(limitText) >= 1 && Number(limitText) <= MAX_LIMIT)
      limit = Number(limitText)
    else
      issues.push({
        field: "limit",
        message:
          lang === "en" ? `must be a whole number from 1 to ${MAX_LIMIT}` : `须为 1 至 ${MAX_LIMIT} 的整数`
      })
  }
  return { values, page, limit, issues }
}

/** The core's filter for these values (the status only when it is one; the core checks dates and amounts). */
export const coreFilterOf = (values: ListQuery["values"]): PledgeFilter => ({
  from: values.from,
  to: values.to,
  district: values.district,
  bank: values.bank,
  status:
    values.status !== undefined && isPledgeStatus(values.status)
      ? (values.status as PledgeStatus)
      : undefined,
  q: values.q,
  minAmount: values.minAmount,
  maxAmount: values.maxAmount,
  // The core checks the threshold (one of the 普惠 buckets, else an issue naming `inclusive`).
  inclusive: values.inclusive,
  firstPledge: values.firstPledge === undefined ? undefined : values.firstPledge === "true",
  counting: values.counting === "true" ? true : undefined
})

/** The field of the form a core issue names (the core's names are the form's). */
export const filterFieldOf = (corePath: string): string => corePath

/** The columns the list sorts by (the core's `sort` keys); `-` before one sorts descending. */
export type SortKey =
  | "registeredOn"
  | "amount"
  | "registrationNo"
  | "pledgorName"
  | "pledgeeName"
  | "district"
  | "patents"

/** The list's order as the page has it: the column and the direction (default: newest first). */
export const sortOf = (
  values: ListQuery["values"]
): { readonly key: string; readonly descending: boolean } => {
  const sort = values.sort ?? "-registeredOn"
  return sort.startsWith("-") ? { key: sort.slice(1), descending: true } : { key: sort, descending: false }
}

/**
 * The `sort` a column's header links to: the other direction when the list is sorted by it, else
 * descending for dates and amounts (newest, largest first) and ascending for text.
 */
export const nextSort = (values: ListQuery["values"], key: SortKey): string => {
  const current = sortOf(values)
  const descending =
    current.key === key
      ? !current.descending
      : key === "registeredOn" || key === "amount" || key === "patents"
  return descending ? `-${key}` : key
}

/** The filters (and `extra`) with the language, as a query string with its `?` (or ""). */
export const filterQuery = (
  ctx: PanelContext,
  values: ListQuery["values"],
  extra: Readonly<Record<string, string>> = {}
): string => {
  const params = new URLSearchParams()
  for (const field of FILTER_FIELDS) {
    const value = values[field]
    if (value !== undefined) params.set(field, value)
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  if (ctx.lang === "en") params.set("lang", "en")
  const query = params.toString()
  return query === "" ? "" : `?${query}`
}

/**
 * The list of the registrations behind a figure (a breakdown row, a card, a journey's total): the ones that
 * count toward the financing figure (`counting=true`, DOMAIN.md "What counts toward the 25亿") registered in
 * the period (either end open when not given) and matching `group`, so the list's total is the figure.
 */
export const drillDownHref = (
  ctx: Pick<PanelContext, "basePath" | "lang">,
  period: { readonly from?: string | undefined; readonly to?: string | undefined },
  group: Readonly<
    Partial<Record<"district" | "bank" | "q" | "status" | "inclusive" | "firstPledge", string>>
  > = {}
): string => {
  const params = new URLSearchParams()
  if (period.from !== undefined) params.set("from", period.from)
  if (period.to !== undefined) params.set("to", period.to)
  for (const [key, value] of Object.entries(group)) if (value !== undefined) params.set(key, value)
  params.set("counting", "true")
  if (ctx.lang === "en") params.set("lang", "en")
  return `${ctx.basePath}/pledges?${params}`
}

/** The page `page` of the list with the same filters and page size. */
export const listHref = (ctx: PanelContext, q: ListQuery, page: number): string =>
  `${ctx.basePath}/pledges${filterQuery(ctx, q.values, {
    ...(page > 1 ? { page: String(page) } : {}),
    ...(q.limit === DEFAULT_LIMIT ? {} : { limit: String(q.limit) })
  })}`
