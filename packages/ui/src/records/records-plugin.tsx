/** @jsxImportSource hono/jsx */
import type { Module } from "@kejin/core/internal"
import { linkageModules } from "@kejin/core/internal"
import type { OperationForm } from "../forms/operation-form.js"
import { definePlugin, type KejinPlugin, type NavigationItem } from "../plugin.js"
import { recordForm } from "./form.js"
import { type KindRow, LINKAGE_KINDS, resolveKinds, reverseOperation } from "./kinds.js"
import { childFace, indexPage, listFace, listPage, recordFragment, recordHref, recordPage } from "./pages.js"
import { reversalForm } from "./reversal.js"
import { words } from "./vocabulary.js"

/*
 * The record kinds in the browser: `/records` lists them, `/records/{kind}` and `/records/{kind}/{key}` are
 * derived from each kind's declarations (./kinds.ts), and every write of a kind has its form. Made with the
 * plugin API a third party gets; `recordsPlugin(rows, modules)` makes one for other kinds.
 */

export const recordsNavigation: NavigationItem = { href: "/records", label: words.title }

export const recordsPlugin = (
  rows: ReadonlyArray<KindRow> = LINKAGE_KINDS,
  modules: ReadonlyArray<Module> = linkageModules
): KejinPlugin => {
  const kinds = resolveKinds(rows, modules)
  const reverse = reverseOperation(modules)
  const kindOf = (slug: string) => kinds.find((k) => k.slug === slug)
  // biome-ignore lint/suspicious/noExplicitAny: a form of any operation
  const forms: Array<OperationForm<any>> = []
  for (const kind of kinds) {
    for (const op of kind.writes) forms.push(recordForm(op, listFace(kind)))
    for (const child of kind.children)
      for (const op of child.writes) forms.push(recordForm(op, childFace(kind, reverse)))
  }
  forms.push(
    reversalForm(reverse, {
      kindOf,
      fragment: (ctx, kind, key, notice) => recordFragment(ctx, kind, key, reverse, notice),
      page: (c, ctx, kind, key, reversalFailed, status, reversalRow) =>
        recordPage(c, ctx, kind, key, reverse, { reversalFailed, reversalRow, status }),
      href: recordHref
    })
  )
  return definePlugin({
    id: "records",
    title: words.title,
    order: 55,
    panels: [],
    navigation: [recordsNavigation],
    forms,
    routes: [
      { method: "GET", path: "/records", handler: (c, ctx) => indexPage(c, ctx, kinds) },
      {
        method: "GET",
        path: "/records/:kind",
        handler: (c, ctx) => {
          const kind = kindOf(c.req.param("kind") ?? "")
          return kind === undefined ? c.notFound() : listPage(c, ctx, kind)
        }
      },
      {
        method: "GET",
        path: "/records/:kind/:key",
        handler: (c, ctx) => {
          const kind = kindOf(c.req.param("kind") ?? "")
          return kind === undefined
            ? c.notFound()
            : recordPage(c, ctx, kind, c.req.param("key") ?? "", reverse)
        }
      }
    ]
  })
}

/** The linkage pilots' record kinds. */
export const linkageRecordsPlugin = recordsPlugin()
