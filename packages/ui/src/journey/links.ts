import { keptQuery } from "../equity/access.js"
import type { LocalizedText } from "../i18n.js"
import type { NavigationItem, PanelContext } from "../plugin.js"

/** Where the enterprise search of the finance journey lives. */
export const JOURNEY_SEARCH_PATH = "/journey"

export const JOURNEY_TITLE: LocalizedText = { zh: "企业金融旅程", en: "Enterprise journey" }

/** The header link to the search (every signed-in role may read the journey). */
export const journeyNavigation: NavigationItem = {
  href: JOURNEY_SEARCH_PATH,
  label: JOURNEY_TITLE,
  permission: "dashboard.read"
}

/** One enterprise's finance journey page, keeping the language (and an as-of date, for links back). */
export const journeyHref = (ctx: PanelContext, uscc: string, extra: Record<string, string> = {}): string =>
  `${ctx.basePath}/enterprises/${encodeURIComponent(uscc)}/journey${keptQuery(ctx, extra)}`

/** The search page, keeping the language. */
export const journeySearchHref = (ctx: PanelContext, extra: Record<string, string> = {}): string =>
  `${ctx.basePath}${JOURNEY_SEARCH_PATH}${keptQuery(ctx, extra)}`
