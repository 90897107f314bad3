/** @jsxImportSource hono/jsx */
import { type Child, Fragment, jsx } from "hono/jsx"
import { SessionNotice } from "../client/session-notice.js"
import { catalogueNodes, htmlLang, Label, type Lang, type LocalizedText, textOf, withLang } from "../i18n.js"
import { allowed, type KejinPlugin, type Panel, type PanelContext } from "../plugin.js"
import { panelPath } from "../registry.js"
import { PeriodControls } from "./period.js"

export const PAGE_TITLE = "科金 Kejin · 温州科技金融"
const PRODUCT: LocalizedText = { zh: "科金", en: "Kejin" }
const TAGLINE: LocalizedText = { zh: "温州科技金融监测", en: "Wenzhou sci-tech finance monitor" }

/** The roles, as the header names the signed-in person's. */
const ROLE_LABELS: Readonly<Record<string, LocalizedText>> = {
  admin: { zh: "管理员", en: "Administrator" },
  bureau: { zh: "科技局", en: "Bureau" },
  "fund-manager": { zh: "基金管理人", en: "Fund manager" },
  viewer: { zh: "只读", en: "Viewer" }
}

/** Seconds between panel refreshes when a panel does not say. */
export const DEFAULT_REFRESH_SECONDS = 60

const Head = (props: { base: string; title: string; nonce?: string | undefined }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    {/* htmx's indicator stylesheet would be an inline style, which the CSP refuses. */}
    {/* A 401 (the session expired) is not swapped in: what is on screen stays (see client/script.ts). */}
    <meta name="htmx-config" content='{"includeIndicatorCSS":false,"noSwap":[204,304,401]}' />
    <title>{props.title}</title>
    {/* No favicon yet: an empty one spares every page view a 404. */}
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href={`${props.base}/assets/kejin.css`} />
    <script src={`${props.base}/assets/htmx.js`} defer nonce={props.nonce} />
    <script src={`${props.base}/assets/kejin.js`} defer nonce={props.nonce} />
  </head>
)

const ProductName = (props: { lang: Lang }) => (
  <>
    {props.lang === "en" ? PRODUCT.en : PRODUCT.zh}{" "}
    <span class="en" lang={props.lang === "en" ? "zh-CN" : "en"}>
      {props.lang === "en" ? PRODUCT.zh : PRODUCT.en}
    </span>
  </>
)

/** The same page in the other language, keeping the rest of the query. */
const otherLanguageHref = (path: string, search: string, lang: Lang): string => {
  const params = new URLSearchParams(search)
  if (lang === "en") params.delete("lang")
  else params.set("lang", "en")
  const query = params.toString()
  return `${path || "/"}${query === "" ? "" : `?${query}`}`
}

const PanelBox = (props: { plugin: KejinPlugin; panel: Panel; lang: Lang; base: string; search: string }) => {
  const { plugin, panel, lang } = props
  const id = `panel-${plugin.id}-${panel.id}`
  // The page's query (language, an as-of date, filters) goes on to every panel.
  const url = `${props.base}${panelPath(plugin.id, panel.id)}${props.search}`
  const refresh = panel.refreshSeconds ?? DEFAULT_REFRESH_SECONDS
  return (
    <section
      class={panel.size === "wide" ? "panel panel--wide" : "panel"}
      id={id}
      data-panel={`${plugin.id}/${panel.id}`}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>
        <Label text={panel.title} lang={lang} />
      </h3>
      {/* htmx 4: `load` fires once when processed; `every 60s` polls while the element is connected. */}
      {/* Also reloads when a write answers `HX-Trigger: kejin-changed`. */}
      <div
        class="panel-body"
        hx-get={url}
        hx-trigger={`load, every ${refresh}s, kejin-changed from:document`}
      >
        <p class="panel-loading">{lang === "en" ? "Loading…" : "加载中…"}</p>
        <noscript>
          <p class="panel-note">
            {catalogueNodes("panel-needs-script", lang, {
              link: <a href={url}>{lang === "en" ? "open this panel on its own" : "单独打开此面板"}</a>
            })}
          </p>
        </noscript>
      </div>
    </section>
  )
}

/**
 * The header every page shares: product, navigation the actor may see, language switch, sign-out. The
 * product name is the page's one h1, unless `pageNamesItself` (the monthly report, whose title block is
 * its h1, on screen and in print): then it is a line of the header, no heading.
 */
export const SiteHeader = (props: {
  plugins: ReadonlyArray<KejinPlugin>
  ctx: PanelContext
  search: string
  pageNamesItself?: boolean
}) => {
  const { plugins, ctx, search } = props
  const { lang } = ctx
  // In the plugins' page order whatever order a page was handed them in: the same menu on every page.
  // None for a visitor not signed in: every link would only lead back to the sign-in page.
  const links = (ctx.signedOut === true ? [] : [...plugins])
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
    .flatMap((plugin) => plugin.navigation ?? [])
    .filter((l) => allowed(ctx.actor, l.permission))
  const home = (
    <a class="home" href={withLang(ctx.basePath || "/", lang)}>
      <ProductName lang={lang} />
    </a>
  )
  return (
    <header class="site-header">
      {/* The product name is the way home from every page. */}
      {props.pageNamesItself === true ? (
        <p class="product-name">{home}</p>
      ) : (
        <h1 class="product-name">{home}</h1>
      )}
      <span class="tagline">
        <Label text={TAGLINE} lang={lang} />
      </span>
      <nav class="site-nav" aria-label={lang === "en" ? "Sections" : "栏目"}>
        {links.map((link) => (
          // The page the person is on is marked for assistive technology (and styled by it).
          <a
            href={withLang(link.href, lang)}
            aria-current={link.href.split("?")[0] === (ctx.path || "/") ? "page" : undefined}
          >
            {textOf(link.label, lang)}
          </a>
        ))}
        <a href={otherLanguageHref(ctx.path, search, lang)} lang={lang === "en" ? "zh-CN" : "en"}>
          {lang === "en" ? "中文" : "English"}
        </a>
        {ctx.csrfToken === "" ? null : (
          <form method="post" action="/logout" class="signout">
            <span class="who" data-role={ctx.actor.role}>
              {ctx.actor.id} ·{" "}
              {textOf(ROLE_LABELS[ctx.actor.role] ?? { zh: ctx.actor.role, en: ctx.actor.role }, lang)}
            </span>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <button type="submit">{lang === "en" ? "Sign out" : "退出"}</button>
          </form>
        )}
      </nav>
    </header>
  )
}

/**
 * The dashboard's own table of contents: its plugin sections, linked as `#id`. Kept apart from the site
 * navigation (pages), which may name the same subject (联动试点 the section, 联动试点 the records page).
 */
const PageSections = (props: { plugins: ReadonlyArray<KejinPlugin>; lang: Lang }) =>
  props.plugins.length < 2 ? null : (
    <nav class="page-sections" aria-label={props.lang === "en" ? "On this page" : "本页栏目"}>
      {props.plugins.map((plugin) => (
        <a href={`#${plugin.id}`}>{textOf(plugin.title, props.lang)}</a>
      ))}
    </nav>
  )

/** The dashboard page: a header with navigation, then each plugin's panels the actor may see, in a grid. */
export const Shell = (props: { plugins: ReadonlyArray<KejinPlugin>; ctx: PanelContext; search: string }) => {
  const { ctx, search } = props
  const { lang, basePath: base } = ctx
  const plugins = props.plugins
    .map((plugin) => ({ plugin, panels: plugin.panels.filter((p) => allowed(ctx.actor, p.permission)) }))
    .filter((p) => p.panels.length > 0)
  return (
    <html lang={htmlLang(lang)}>
      <Head base={base} title={PAGE_TITLE} nonce={ctx.nonce} />
      <body hx-headers:inherited={JSON.stringify({ "X-CSRF-Token": ctx.csrfToken })}>
        <SiteHeader plugins={props.plugins} ctx={ctx} search={search} />
        <SessionNotice lang={lang} />
        <main>
          <PageSections plugins={plugins.map(({ plugin }) => plugin)} lang={lang} />
          {plugins.some(({ panels }) => panels.some((p) => p.period === true)) ? (
            <PeriodControls ctx={ctx} />
          ) : null}
          {plugins.map(({ plugin, panels }) => (
            <div class="plugin" id={plugin.id}>
              <h2>
                <Label text={plugin.title} lang={lang} />
              </h2>
              <div class="panels">
                {panels.map((panel) => (
                  <PanelBox plugin={plugin} panel={panel} lang={lang} base={base} search={search} />
                ))}
              </div>
            </div>
          ))}
        </main>
      </body>
    </html>
  )
}

/** One panel as a page of its own: what a browser gets for a panel URL without htmx (e.g. from `<noscript>`). */
export const PanelPage = (props: {
  lang: Lang
  base: string
  title: string | undefined
  children?: Child
}) => (
  <html lang={htmlLang(props.lang)}>
    <Head
      base={props.base}
      title={props.title === undefined ? PAGE_TITLE : `${props.title} · ${PAGE_TITLE}`}
    />
    <body>
      <main>
        <section class="panel">
          {props.title === undefined ? null : <h3>{props.title}</h3>}
          <div class="panel-body">{props.children}</div>
        </section>
        <p>
          <a href={withLang(props.base || "/", props.lang)}>
            {props.lang === "en" ? "Back to the dashboard" : "返回总览"}
          </a>
        </p>
      </main>
    </body>
  </html>
)

/**
 * A full page in the dashboard's look, for plugin routes and the server's own pages (login, audit):
 * the shared header, then `children` in `<main>`. `plugins` feeds the navigation (may be empty).
 */
export const Page = (props: {
  ctx: PanelContext
  title: LocalizedText
  plugins?: ReadonlyArray<KejinPlugin>
  search?: string
  children?: Child
}) => (
  <html lang={htmlLang(props.ctx.lang)}>
    <Head
      base={props.ctx.basePath}
      title={`${textOf(props.title, props.ctx.lang)} · ${PAGE_TITLE}`}
      nonce={props.ctx.nonce}
    />
    <body hx-headers:inherited={JSON.stringify({ "X-CSRF-Token": props.ctx.csrfToken })}>
      <SiteHeader
        plugins={props.plugins ?? props.ctx.plugins}
        ctx={props.ctx}
        search={props.search ?? new URLSearchParams(props.ctx.query).toString()}
      />
      <SessionNotice lang={props.ctx.lang} />
      <main>
        <h2>
          <Label text={props.title} lang={props.ctx.lang} />
        </h2>
        {props.children}
      </main>
    </body>
  </html>
)

/** Renders a page component to a complete HTML document. */
export const renderPage = async (page: Child): Promise<string> =>
  `<!doctype html>\n${await jsx(Fragment, null, page).toString()}`
