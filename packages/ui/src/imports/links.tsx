/** @jsxImportSource hono/jsx */
import { type Actor, can, type ImportKind, type Permission } from "@kejin/core"
import { type LocalizedText, textOf, withLang } from "../i18n.js"
import type { NavigationItem, PanelContext } from "../plugin.js"
import { linkageKinds } from "../records/kinds.js"
import { kindTitle } from "../records/pages.js"
import { words } from "./vocabulary.js"

/*
 * Where the import pages are linked from: the header (for whoever may write something), a list page of a
 * kind (one link), the fund page's ledger (a small menu of the ledger's kinds); and where an import sends
 * people after it (the list its rows joined).
 */

/** The page of kind `kind`'s import, in the page's language. */
export const importHref = (ctx: PanelContext, kind: string): string =>
  withLang(`${ctx.basePath}/imports/${encodeURIComponent(kind)}`, ctx.lang)

/**
 * The header link to the index of the imports. Every role that writes may add enterprises
 * (`enterprises.write`: admin, bureau, fund managers), so that permission stands for "writes something".
 */
export const importsNavigation: NavigationItem = {
  href: "/imports",
  label: words.imports,
  permission: "enterprises.write"
}

/** The ledger's kinds on the fund page, in the ledger forms' order. */
export const LEDGER_IMPORT_KINDS: ReadonlyArray<string> = [
  "commitments",
  "calls",
  "distributions",
  "marks",
  "investments",
  "valuations",
  "exits"
]

/**
 * The import kinds whose write is one of `writes` (operation names), in the imports' order: a list page
 * that holds the forms of some writes offers the imports of the same writes.
 */
export const importKindsOf = (
  kinds: ReadonlyArray<Pick<ImportKind, "kind" | "operation">>,
  writes: ReadonlyArray<string>
): ReadonlyArray<string> => kinds.filter((k) => writes.includes(k.operation)).map((k) => k.kind)

const PLEDGE_LIST = { href: "/pledges", label: { zh: "质押登记", en: "Registrations" } }
const FUND_LIST = { href: "/funds", label: { zh: "全部基金", en: "All funds" } }

/** The list a kind's rows join (the dashboard when it has none of its own). */
const LISTS: Readonly<Record<string, { readonly href: string; readonly label: LocalizedText }>> = {
  pledges: PLEDGE_LIST,
  "pledge-loans": PLEDGE_LIST,
  repayments: PLEDGE_LIST,
  defaults: PLEDGE_LIST,
  disposals: PLEDGE_LIST,
  funds: FUND_LIST,
  ...Object.fromEntries(LEDGER_IMPORT_KINDS.map((k) => [k, FUND_LIST]))
}

/**
 * The list a kind's rows join: a linkage kind's is the `/records/{slug}` page whose forms record it (from
 * the records' kinds, by the write the import runs), the others' as above, else the dashboard.
 */
export const listOf = (
  kind: string,
  operation?: string
): { readonly href: string; readonly label: LocalizedText } => {
  const own = LISTS[kind]
  if (own !== undefined) return own
  const record =
    operation === undefined ? undefined : linkageKinds.find((k) => k.writes.some((w) => w.name === operation))
  if (record !== undefined) return { href: `/records/${record.slug}`, label: kindTitle(record) }
  return { href: "/", label: words.backToDashboard }
}

/** Whether `actor` may import `kind` (its write's permission). */
export const mayImport = (actor: Actor, kind: ImportKind): boolean =>
  can(actor, kind.permission as Permission)

/** The kinds of `names` the actor may import, in that order. */
const importable = (ctx: PanelContext, names: ReadonlyArray<string>): ReadonlyArray<ImportKind> => {
  const kinds = ctx.kejin.imports.kinds()
  return names.flatMap((name) => {
    const kind = kinds.find((k) => k.kind === name)
    return kind !== undefined && mayImport(ctx.actor, kind) ? [kind] : []
  })
}

/**
 * 导入 Excel/CSV: a link to the import page of `kind` (nothing for an actor who may not import it), or
 * with several kinds a small menu of them.
 */
export const ImportLink = (
  props: { ctx: PanelContext } & (
    | { readonly kinds: ReadonlyArray<string> }
    | {
        /** A list page's writes (operation names): the imports running them. */ readonly writes: ReadonlyArray<string>
      }
  )
) => {
  const { ctx } = props
  const names = "kinds" in props ? props.kinds : importKindsOf(ctx.kejin.imports.kinds(), props.writes)
  const kinds = importable(ctx, names)
  const [only] = kinds
  if (only === undefined) return null
  if (kinds.length === 1)
    return (
      <p class="import-link">
        <a href={importHref(ctx, only.kind)} data-import={only.kind}>
          {textOf(words.importLink, ctx.lang)}
        </a>
      </p>
    )
  return (
    <details class="import-menu" data-import-menu>
      <summary>{textOf(words.importLink, ctx.lang)}</summary>
      <ul>
        {kinds.map((kind) => (
          <li>
            <a href={importHref(ctx, kind.kind)} data-import={kind.kind}>
              {textOf(kind.label, ctx.lang)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  )
}
