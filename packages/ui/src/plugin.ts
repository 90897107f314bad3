import {
  type Actor,
  can,
  type Kejin,
  type Permission,
  type PluginMeasure,
  type TargetUnit
} from "@kejin/core"
import type { Context } from "hono"
import type { Child } from "hono/jsx"
import type { OperationForm } from "./forms/operation-form.js"
import type { Lang, LocalizedText } from "./i18n.js"

/** What a panel (and a plugin route) gets for one request. */
export interface PanelContext {
  /** The core's Promise API. */
  readonly kejin: Kejin
  /** `"en"` when the page was opened with `?lang=en`, else `"zh"`. */
  readonly lang: Lang
  /** The request's query parameters; the dashboard page passes its own query on to every panel. */
  readonly query: Readonly<Record<string, string>>
  /** Who is looking: panels and routes decide with `can(ctx.actor, …)` what to show. */
  readonly actor: Actor
  /** The session's CSRF token, for forms a panel renders (`<input type="hidden" name="_csrf">`). */
  readonly csrfToken: string
  /** The page's CSP nonce, for any `<script>` a plugin page renders. */
  readonly nonce: string | undefined
  /** Where the dashboard is mounted (`""` at the site root), for links. */
  readonly basePath: string
  /** The request's path, e.g. `/targets` (the language switch links back to it). */
  readonly path: string
  /** Every registered plugin, in page order: pages build their navigation from it. */
  readonly plugins: ReadonlyArray<KejinPlugin>
  /** No one is signed in (the sign-in page): the header shows no menu, whose every link would ask to sign in. */
  readonly signedOut?: boolean
}

/** What `render` may return: JSX (`<div>…</div>`), text, numbers, arrays of them, or `null`. */
export type PanelView = Child

/**
 * One box on the dashboard: an async loader over the core and a hono/jsx view of what it loaded.
 * The dashboard fetches it as an HTML fragment from `/panels/<plugin>/<panel>` and refreshes it
 * every `refreshSeconds`.
 */
export interface Panel<D = unknown> {
  /** Lowercase kebab-case, unique within its plugin: part of the panel's URL. */
  readonly id: string
  readonly title: LocalizedText
  /** Reads what the panel shows. A thrown error shows the panel's error box; the page keeps working. */
  load(ctx: PanelContext): Promise<D>
  /** Renders what `load` returned. Text is escaped by hono/jsx; never pass user data to `raw()`. */
  render(data: D, ctx: PanelContext): PanelView
  /** Seconds between refreshes (whole number ≥ 1), default 60. */
  readonly refreshSeconds?: number
  /** `"wide"` spans the whole row of the grid. Default `"normal"`. */
  readonly size?: "wide" | "normal"
  /** Shown only to actors with this permission (default: anyone signed in). */
  readonly permission?: Permission
  /**
   * The panel reads the dashboard's period from the query (`year`, `quarter`, `month`, `from`/`to`,
   * `period=plan`, `compare`; see dashboard/period.tsx): the page shows its period controls when a panel
   * it shows says so.
   */
  readonly period?: boolean
}

/** An HTTP route a plugin adds to the dashboard (an export, a form post, …). */
export interface PluginRoute {
  readonly method: "GET" | "POST"
  /** A Hono path relative to where the dashboard is mounted, e.g. `/patent-pledge/export.csv`. */
  readonly path: string
  handler(c: Context, ctx: PanelContext): Response | Promise<Response>
  /** Refused with 403 for actors without this permission (default: anyone signed in). */
  readonly permission?: Permission
}

/**
 * A policy target a plugin contributes (for the server to seed next to the core's own targets).
 * The ui checks only that keys are well formed and that no two plugins declare the same key.
 */
export interface PluginTarget {
  /** Lowercase kebab-case, unique across plugins, e.g. `city-fund-scale`. */
  readonly key: string
  readonly label: LocalizedText
  readonly unit: TargetUnit
  /** The target figure: decimal yuan (`"2500000000.00"`) or a whole count (`"5"`). */
  readonly target: string
  /** Which measure of the records feeds the value (a metric the core knows). */
  readonly metric: string
}

/** A link in the dashboard's header. */
export interface NavigationItem {
  readonly href: string
  readonly label: LocalizedText
  /** Shown only to actors with this permission. */
  readonly permission?: Permission
}

/** A dashboard plugin. The built-in plugins are made with exactly this API. */
export interface KejinPlugin {
  /** Lowercase kebab-case, unique across plugins: part of every panel URL. */
  readonly id: string
  readonly title: LocalizedText
  /** Plugins are laid out by ascending order (then id). */
  readonly order: number
  readonly panels: ReadonlyArray<Panel>
  readonly routes?: ReadonlyArray<PluginRoute>
  /**
   * The plugin's forms: each posts to a declared write of the core (its route under `/api/v1`), and says
   * how its fields become the input and what a person sees after (see forms/operation-form.ts).
   */
  // biome-ignore lint/suspicious/noExplicitAny: a form of any operation, whatever it answers
  readonly forms?: ReadonlyArray<OperationForm<any>>
  readonly targets?: ReadonlyArray<PluginTarget>
  /**
   * Measures the plugin computes (id, { zh, en } label, unit, value over a period as exact text): the
   * server registers them with the core at start, before the plugins' targets, so a target can follow one.
   */
  readonly measures?: ReadonlyArray<PluginMeasure>
  readonly navigation?: ReadonlyArray<NavigationItem>
}

/** A plugin (or the set of plugins) is not well formed. The message says what to change. */
export class PluginError extends Error {
  readonly _tag = "PluginError"
  override readonly name = "PluginError"
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value))

const isLocalizedText = (value: unknown): value is LocalizedText => {
  if (typeof value !== "object" || value === null) return false
  const text = value as Record<string, unknown>
  return typeof text.zh === "string" && text.zh !== "" && typeof text.en === "string" && text.en !== ""
}

/**
 * Checks one plugin on its own (ids, titles, panel ids, routes, targets); {@link createRegistry} checks
 * plugins against each other. Runs for hand-made plugin objects too, not only for {@link definePlugin}.
 *
 * @throws {PluginError} naming the plugin and what is wrong
 */
export const validatePlugin = (plugin: KejinPlugin): void => {
  if (typeof plugin !== "object" || plugin === null) throw new PluginError("a plugin must be an object")
  const fail: (what: string) => never = (what) => {
    throw new PluginError(`plugin ${show(plugin.id)}: ${what}`)
  }
  if (typeof plugin.id !== "string" || !KEBAB.test(plugin.id)) {
    fail(`the id must be lowercase kebab-case, like "patent-pledge"`)
  }
  if (!isLocalizedText(plugin.title)) fail(`the title needs non-empty { zh, en } text`)
  if (typeof plugin.order !== "number" || !Number.isFinite(plugin.order))
    fail(`order must be a finite number`)
  if (!Array.isArray(plugin.panels)) fail(`panels must be an array`)

  const panelIds = new Set<string>()
  for (const panel of plugin.panels) {
    const id = panel?.id
    if (typeof id !== "string" || !KEBAB.test(id)) {
      fail(`panel id ${show(id)} must be lowercase kebab-case, like "progress"`)
    }
    if (panelIds.has(id)) fail(`two panels share the id ${show(id)}`)
    panelIds.add(id)
    if (!isLocalizedText(panel.title)) fail(`panel ${show(id)}: the title needs non-empty { zh, en } text`)
    if (typeof panel.load !== "function" || typeof panel.render !== "function") {
      fail(`panel ${show(id)}: load and render must be functions`)
    }
    const refresh = panel.refreshSeconds
    if (refresh !== undefined && !(Number.isInteger(refresh) && refresh >= 1)) {
      fail(`panel ${show(id)}: refreshSeconds must be a whole number of seconds ≥ 1, got ${show(refresh)}`)
    }
    if (panel.size !== undefined && panel.size !== "wide" && panel.size !== "normal") {
      fail(`panel ${show(id)}: size must be "wide" or "normal"`)
    }
  }

  for (const route of plugin.routes ?? []) {
    if (route.method !== "GET" && route.method !== "POST") {
      fail(`route ${show(route.path)}: method must be "GET" or "POST"`)
    }
    if (typeof route.path !== "string" || !route.path.startsWith("/") || route.path === "/") {
      fail(`route path ${show(route.path)} must start with "/" and not be the dashboard page "/"`)
    }
    if (typeof route.handler !== "function")
      fail(`route ${route.method} ${route.path}: handler must be a function`)
  }

  for (const form of plugin.forms ?? []) {
    const op = form?.operation
    if (op?.write !== true || op.http === undefined) {
      fail(`form of ${show(op?.name)}: a form posts to a declared write with a route`)
    }
    for (const part of ["input", "done", "refused"] as const) {
      if (typeof form[part] !== "function") fail(`form of ${show(op.name)}: ${part} must be a function`)
    }
  }

  for (const target of plugin.targets ?? []) {
    if (typeof target.key !== "string" || !KEBAB.test(target.key)) {
      fail(`target key ${show(target.key)} must be lowercase kebab-case, like "city-fund-scale"`)
    }
    if (!isLocalizedText(target.label))
      fail(`target ${show(target.key)}: the label needs non-empty { zh, en } text`)
  }

  for (const measure of plugin.measures ?? []) {
    if (typeof measure.id !== "string" || !KEBAB.test(measure.id)) {
      fail(`measure id ${show(measure.id)} must be lowercase kebab-case, like "plugin-bond-issuance"`)
    }
    if (!isLocalizedText(measure.label))
      fail(`measure ${show(measure.id)}: the label needs non-empty { zh, en } text`)
    if (typeof measure.value !== "function") fail(`measure ${show(measure.id)}: value must be a function`)
  }

  for (const item of plugin.navigation ?? []) {
    if (typeof item.href !== "string" || item.href === "") fail(`a navigation link needs an href`)
    if (!isLocalizedText(item.label))
      fail(`navigation link ${show(item.href)}: the label needs { zh, en } text`)
  }
}

const isPlainObject = (value: unknown): value is object => {
  if (typeof value !== "object" || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null || Array.isArray(value)
}

/** Freezes plain objects and arrays all the way down (functions and class instances are left alone). */
const freezeDeep = <T>(value: T): T => {
  if (isPlainObject(value) && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) freezeDeep(inner)
  }
  return value
}

/**
 * Declares a dashboard plugin: checks it and returns it frozen.
 *
 * Write panels with {@link definePanel} so that the type `load` resolves to flows into `render`.
 *
 * @throws {PluginError} when an id is not lowercase kebab-case, two panels share an id, a title lacks
 *   text, or a route or target is malformed
 */
export const definePlugin = <const P extends KejinPlugin>(plugin: P): P => {
  validatePlugin(plugin)
  return freezeDeep(plugin)
}

/**
 * Declares one panel. Its only job is typing: `D` is inferred from what `load` resolves to and is the
 * type of `render`'s `data` (write `load` before `render`).
 */
export const definePanel = <D>(panel: Panel<D>): Panel<D> => panel

/** Whether `actor` may see something guarded by `permission` (no permission: anyone signed in). */
export const allowed = (actor: Actor, permission: Permission | undefined): boolean =>
  permission === undefined || can(actor, permission)
