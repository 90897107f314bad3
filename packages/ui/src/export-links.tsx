/** @jsxImportSource hono/jsx */
import { exportSuffixOf, exportTablesOf } from "@kejin/core/internal"
import { formAction, type Routed } from "./forms/operation-form.js"
import { exportWords, type Lang, textOf } from "./i18n.js"

/*
 * A list's or a table's export links: `<read path>/export.csv` and `/export.xlsx`, or `/export/<table>.csv`
 * for a read's other tables (the server derives them
 * from the read's declaration, server/src/api/exports.ts), with the page's filters. The path comes from the declaration, as
 * a form's action does (`formAction`), and only the list's declared filters are passed on.
 */

/** What the links need of a list's or table's declaration: its route, its query parameters, its table. */
export interface ExportableList extends Routed {
  /**
   * A table's field in the read's answer (a breakdown's `rows`), or its fields, main one first: the links
   * export the table as shown.
   */
  readonly exportTable?: string | ReadonlyArray<string> | undefined
  readonly http?:
    | {
        readonly path: string
        readonly method: string
        readonly query?: ReadonlyArray<{ readonly name: string }> | undefined
      }
    | undefined
}

export type ExportFormat = "csv" | "xlsx"

/** What the page shows: the path's parameters (a fund's code), the filters by the list's parameter names. */
export interface ExportScope {
  /** Which of the read's declared tables (`exportTable`) when it declares several; its main one if left out. */
  readonly table?: string
  readonly params?: Readonly<Record<string, string | number>>
  readonly filters?: Readonly<Record<string, string | undefined>>
  readonly lang: Lang
}

/**
 * The export's URL: the list's path with its parameters, `/export.<format>`, the filters given (empty ones
 * left out) and `lang=en` on an English page. A filter the list does not declare is a mistake of the page.
 */
export const exportHref = (op: ExportableList, format: ExportFormat, scope: ExportScope): string => {
  const declared = new Set(
    (op.http?.query ?? []).map((q) => q.name).filter((name) => name !== "limit" && name !== "offset")
  )
  if (scope.table !== undefined && !exportTablesOf(op).includes(scope.table))
    throw new TypeError(`${op.name} declares no table ${scope.table} to export`)
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(scope.filters ?? {})) {
    if (!declared.has(name)) throw new TypeError(`${op.name} has no filter ${name} to export with`)
    if (value !== undefined && value !== "") search.set(name, value)
  }
  if (scope.lang === "en") search.set("lang", "en")
  const query = search.toString()
  const suffix = exportSuffixOf(op, scope.table)
  return `${formAction(op, scope.params ?? {})}/${suffix}.${format}${query === "" ? "" : `?${query}`}`
}

/** 导出 CSV · 导出 Excel: the read's two exports with the page's filters, in the page's language. */
export const ExportLinks = (props: { op: ExportableList } & ExportScope) => {
  const { op, ...scope } = props
  return (
    <span
      class="export-links"
      data-exports={op.name}
      title={textOf(op.exportTable === undefined ? exportWords.title : exportWords.tableTitle, scope.lang)}
    >
      <a href={exportHref(op, "csv", scope)} download data-export="csv">
        {textOf(exportWords.csv, scope.lang)}
      </a>
      {" · "}
      <a href={exportHref(op, "xlsx", scope)} download data-export="xlsx">
        {textOf(exportWords.xlsx, scope.lang)}
      </a>
    </span>
  )
}

/**
 * A table with its export links above it (`<p class="panel-note">`, {@link ExportLinks}) and the table in a
 * scroll box a keyboard can focus and scroll (`tabindex=0`): how every exported table of a page is shown.
 */
export const ExportedTable = (props: { op: ExportableList; children?: unknown } & ExportScope) => {
  const { children, ...links } = props
  return (
    <>
      <p class="panel-note">
        <ExportLinks {...links} />
      </p>
      <div class="table-scroll" tabindex={0}>
        {children}
      </div>
    </>
  )
}
