/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx"
import { htmlLang, Label, type Lang, type LocalizedText, textOf } from "../i18n.js"
import type { KejinPlugin, Panel } from "../plugin.js"
import { panelPath } from "../registry.js"

export const PAGE_TITLE = "科金 Kejin · 温州科技金融"
const PRODUCT: LocalizedText = { zh: "科金", en: "Kejin" }
const TAGLINE: LocalizedText = { zh: "温州科技金融监测", en: "Wenzhou sci-tech finance monitor" }

/** Seconds between panel refreshes when a panel does not say. */
export const DEFAULT_REFRESH_SECONDS = 60

const Head = (props: { base: string; title: string }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{props.title}</title>
    {/* No favicon yet: an empty one spares every page view a 404. */}
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href={`${props.base}/assets/kejin.css`} />
    <script src={`${props.base}/assets/htmx.js`} defer />
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
const otherLanguageHref = (base: string, search: string, lang: Lang): string => {
  const params = new URLSearchParams(search)
  if (lang === "en") params.delete("lang")
  else params.set("lang", "en")
  const query = params.toString()
  return `${base || "/"}${query === "" ? "" : `?${query}`}`
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
      <div class="panel-body" hx-get={url} hx-trigger={`load, every ${refresh}s`}>
        <p class="panel-loading">{lang === "en" ? "Loading…" : "加载中…"}</p>
        <noscript>
          <p class="panel-note">
            {lang === "en"
              ? "This dashboard loads and refreshes its panels with JavaScript. Without it, "
              : "本页用 JavaScript 加载并刷新各面板；未启用时可"}
            <a href={url}>{lang === "en" ? "open this panel on its own" : "单独打开此面板"}</a>
            {lang === "en" ? "." : "。"}
          </p>
        </noscript>
      </div>
    </section>
  )
}

/** The dashboard page: a header with navigation, then each plugin's panels in a grid. */
export const Shell = (props: {
  plugins: ReadonlyArray<KejinPlugin>
  lang: Lang
  base: string
  search: string
}) => {
  const { plugins, lang, base, search } = props
  const links = plugins.flatMap((plugin) => plugin.navigation ?? [])
  return (
    <html lang={htmlLang(lang)}>
      <Head base={base} title={PAGE_TITLE} />
      <body>
        <header class="site-header">
          <h1>
            <ProductName lang={lang} />
          </h1>
          <span class="tagline">
            <Label text={TAGLINE} lang={lang} />
          </span>
          <nav class="site-nav" aria-label={lang === "en" ? "Sections" : "栏目"}>
            {plugins.map((plugin) => (
              <a href={`#${plugin.id}`}>{textOf(plugin.title, lang)}</a>
            ))}
            {links.map((link) => (
              <a href={link.href}>{textOf(link.label, lang)}</a>
            ))}
            <a href={otherLanguageHref(base, search, lang)} lang={lang === "en" ? "zh-CN" : "en"}>
              {lang === "en" ? "中文" : "English"}
            </a>
          </nav>
        </header>
        <main>
          {plugins.map((plugin) => (
            <div class="plugin" id={plugin.id}>
              <h2>
                <Label text={plugin.title} lang={lang} />
              </h2>
              <div class="panels">
                {plugin.panels.map((panel) => (
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
          <a href={props.base || "/"}>{props.lang === "en" ? "Back to the dashboard" : "返回总览"}</a>
        </p>
      </main>
    </body>
  </html>
)
