import { ValidationError } from "@kejin/core"
import {
  type AnyOperation,
  type Column,
  exportColumns,
  leavesOf,
  listItemOf,
  type QueryParameter
} from "@kejin/core/internal"
import { messageFor } from "../forms/messages.js"
import type { Lang } from "../i18n.js"
import type { PanelContext } from "../plugin.js"
import type { RecordKind } from "./kinds.js"

/*
 * What a page needs of a declaration: a list's filters (its query parameters less the page's), their values
 * from the URL as the input the read decodes, the columns a table shows, the path parameter a get takes and
 * where a record names it.
 */

export const DEFAULT_LIMIT = 50

/**
 * The columns a list sorts by (its declared `sort`'s words without `-`: the items' column keys), none
 * when it declares no `sort`.
 */
export const sortKeysOf = (op: AnyOperation): ReadonlySet<string> => {
  const param = (op.http?.query ?? []).find((q) => q.name === "sort")
  const schema = param?.schema ?? (param === undefined ? undefined : inputFields(op).sort)
  const words = schema === undefined ? [] : (leavesOf(schema)[0]?.literals ?? [])
  return new Set(words.filter((w) => !w.startsWith("-")))
}

/**
 * The `sort` a column's header links to: the other direction when the list is sorted by it, else
 * descending for dates and amounts (newest, largest first) and ascending for the rest.
 */
export const nextSortOf = (current: string | undefined, column: Column): string => {
  const descending =
    current === column.key
      ? true
      : current === `-${column.key}`
        ? false
        : column.type === "date" || column.type === "money" || column.type === "number"
  return descending ? `-${column.key}` : column.key
}

/** The list's filters: its declared query parameters, less `limit` and `offset`. */
export const filtersOf = (op: AnyOperation): ReadonlyArray<QueryParameter> =>
  (op.http?.query ?? []).filter((q) => q.name !== "limit" && q.name !== "offset")

type Field = Parameters<typeof leavesOf>[0]

const inputFields = (op: AnyOperation): Readonly<Record<string, Field>> =>
  (op.input as unknown as { readonly fields?: Readonly<Record<string, Field>> }).fields ?? {}

/** A query's text as its field's value, as the server's route reads it (`true`/`false`, digits). */
const queryValue = (field: Field | undefined, text: string): unknown => {
  const type = field === undefined ? undefined : leavesOf(field)[0]?.type
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true"
  if (type === "number" && /^-?[0-9]+(?:\.[0-9]+)?$/.test(text)) return Number(text)
  return text
}

/** How a filter is typed: a date, a yes/no, a choice of words, or text. */
export type FilterControl =
  | { readonly kind: "date" }
  | { readonly kind: "boolean" }
  | { readonly kind: "choice"; readonly words: ReadonlyArray<string> }
  | { readonly kind: "text" }

export const filterControl = (op: AnyOperation, q: QueryParameter): FilterControl => {
  const schema = q.schema ?? inputFields(op)[q.field ?? q.name]
  const [leaf] = schema === undefined ? [] : leavesOf(schema)
  if (leaf?.literals !== undefined) return { kind: "choice", words: leaf.literals }
  if (leaf?.type === "boolean") return { kind: "boolean" }
  if (leaf?.type === "date" || q.name === "from" || q.name === "to") return { kind: "date" }
  return { kind: "text" }
}

/** The list's query from the URL: the filters given (trimmed, blanks left out), the page's limit and offset. */
export interface ListQuery {
  readonly filters: Readonly<Record<string, string>>
  readonly limit: number
  readonly offset: number
  /** A `limit` or `offset` that is not a whole number in range. */
  readonly issues: ReadonlyArray<{ readonly field: string; readonly message: string }>
}

const WHOLE = /^\d{1,9}$/

export const listQueryOf = (op: AnyOperation, query: Readonly<Record<string, string>>): ListQuery => {
  const filters: Record<string, string> = {}
  for (const q of filtersOf(op)) {
    const value = query[q.name]?.trim()
    if (value !== undefined && value !== "") filters[q.name] = value
  }
  const issues: Array<{ field: string; message: string }> = []
  const whole = (name: string, fallback: number, ok: (n: number) => boolean, message: string) => {
    const text = query[name]?.trim() ?? ""
    if (text === "") return fallback
    if (WHOLE.test(text) && ok(Number(text))) return Number(text)
    issues.push({ field: name, message })
    return fallback
  }
  const limit = whole(
    "limit",
    DEFAULT_LIMIT,
    (n) => n >= 1 && n <= 500,
    "must be a whole number from 1 to 500"
  )
  const offset = whole("offset", 0, () => true, "must be a whole number of at least 0")
  return { filters, limit, offset, issues }
}

/** The read's input for `query` (and the path's fields of a child list). */
export const listInput = (
  op: AnyOperation,
  query: ListQuery,
  fromPath: Readonly<Record<string, unknown>> = {}
): Record<string, unknown> => {
  const fields = inputFields(op)
  const input: Record<string, unknown> = { ...fromPath, limit: query.limit, offset: query.offset }
  for (const q of filtersOf(op)) {
    const text = query.filters[q.name]
    const field = q.field ?? q.name
    if (text !== undefined) input[field] = queryValue(fields[field], text)
  }
  return input
}

/** The issues of a refused read, each named by its query parameter. */
export const readIssues = (
  op: AnyOperation,
  error: unknown,
  lang: Lang
): ReadonlyArray<{ readonly field: string; readonly message: string }> | undefined => {
  if (!(error instanceof ValidationError)) return undefined
  const names = new Map((op.http?.query ?? []).map((q) => [q.field ?? q.name, q.name]))
  return error.issues.map((i) => {
    const [head = "", ...rest] = i.path.split(".")
    return { field: [names.get(head) ?? head, ...rest].join("."), message: messageFor(i, lang) }
  })
}

/** The query string (with `?`, or "") of the filters, `extra` and the page's language. */
export const queryString = (
  ctx: PanelContext,
  filters: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> = {}
): string => {
  const params = new URLSearchParams({ ...filters, ...extra })
  if (ctx.lang === "en") params.set("lang", "en")
  const text = params.toString()
  return text === "" ? "" : `?${text}`
}

/** A column the table shows, with its choice of words when it holds one. */
export interface ShownColumn {
  readonly column: Column
  readonly words: ReadonlyArray<string> | undefined
}

/** Bookkeeping the table leaves to the record page: the journal's sequence, a reversal's id, nested ids. */
const hidden = (key: string) => key === "journalSeq" || key === "reversedBy" || /\.id$/.test(key)

/** The columns of a list's table: its export's columns, less bookkeeping. */
export const tableColumns = (op: AnyOperation): ReadonlyArray<ShownColumn> => {
  const item = listItemOf(op)
  const literals = new Map(
    (item === undefined ? [] : leavesOf(item)).map((leaf) => [leaf.path.join("."), leaf.literals])
  )
  return exportColumns(op)
    .filter((c) => !hidden(c.key))
    .map((column) => ({ column, words: literals.get(column.key) }))
}

/** Every column of a record (the record page shows them all). */
export const recordColumns = (op: AnyOperation): ReadonlyArray<ShownColumn> => {
  const item = listItemOf(op)
  const literals = new Map(
    (item === undefined ? [] : leavesOf(item)).map((leaf) => [leaf.path.join("."), leaf.literals])
  )
  return exportColumns(op).map((column) => ({ column, words: literals.get(column.key) }))
}

/** The path parameter of an operation's route (`id`, a pool's `code`), when it has one. */
export const pathParameterOf = (
  op: AnyOperation
): { readonly name: string; readonly field: string; readonly code: boolean } | undefined => {
  const match = /\{([A-Za-z]+)\}/.exec(op.http?.path ?? "")
  const name = match?.[1]
  if (name === undefined) return undefined
  const param = op.http?.params?.[name]
  return { name, field: param?.field ?? name, code: param?.kind === "code" }
}

/** What a record's page is named by in the URL: the get's path parameter read off the record's JSON. */
export const recordKeyOf = (kind: RecordKind, record: unknown): string | undefined => {
  const param = kind.get === undefined ? undefined : pathParameterOf(kind.get)
  if (param === undefined || typeof record !== "object" || record === null) return undefined
  const value = (record as Record<string, unknown>)[param.name]
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined
}

/** The input of a read or write whose path names the record `key` (`{ id: 12 }`, `{ pool: "wz-relief" }`). */
export const pathFieldsOf = (op: AnyOperation, key: string): Record<string, unknown> => {
  const param = pathParameterOf(op)
  if (param === undefined) return {}
  return { [param.field]: param.code ? key : Number(key) }
}
