/** @jsxImportSource hono/jsx */
import { createHash, randomUUID } from "node:crypto"
import type { Actor, Kejin } from "@kejin/core"
import { type Context, type Env, Hono, type Schema } from "hono"
import { type Child, Fragment, jsx } from "hono/jsx"
import { kejinScript } from "../client/script.js"
import { answerForm, type FormAnswerer, postedFields } from "../forms/operation-form.js"
import { catalogueText, Label, type Lang, langOf } from "../i18n.js"
import { allowed, type KejinPlugin, type Panel, type PanelContext } from "../plugin.js"
import { createRegistry, panelPath } from "../registry.js"
import { htmxSource } from "./assets.js"
import { kejinCss } from "./kejin-css.js"
import { PanelPage, Shell } from "./shell.js"

export interface DashboardOptions {
  /** The core's Promise API (`await openKejin(…)`), handed to every panel. */
  readonly kejin: Kejin
  /** The plugins to show, built-in and third-party alike; checked with {@link createRegistry}. */
  readonly plugins: ReadonlyArray<KejinPlugin>
  /**
   * Where the dashboard is mounted (e.g. `"/dashboard"`), for the URLs written into its pages.
   * Default `""`: the site root.
   */
  readonly basePath?: string
  /**
   * Who is asking, from the server's authentication. `undefined` means nobody is signed in: the page
   * redirects to `loginPath` and fragments answer 401. Default: every request is an anonymous viewer —
   * read-only, so an embedding without authentication can show panels but never write.
   */
  readonly session?: (c: Context) => DashboardSession | undefined
  /** Where to send people who are not signed in (default `/login`). */
  readonly loginPath?: string
}

/** The signed-in actor of one request, with the values the page writes into forms and scripts. */
export interface DashboardSession {
  readonly actor: Actor
  readonly csrfToken: string
  readonly nonce?: string | undefined
}

/** The event a write answers with (`HX-Trigger: kejin-changed`): every panel reloads on it. */
/** The actor of a dashboard mounted without `session`: it may read, never write. */
const readOnly: Actor = { id: "anonymous", role: "viewer" }

export const CHANGED_EVENT = "kejin-changed"

/** Browsers may keep the assets a week; the ETag makes revalidation after that (or an upgrade) cheap. */
const ASSET_CACHE = "public, max-age=604800"

const serveAsset = (body: string, contentType: string) => {
  const tag = `"${createHash("sha1").update(body).digest("base64url")}"`
  return (c: Context): Response => {
    const headers = { "content-type": contentType, "cache-control": ASSET_CACHE, etag: tag }
    if (c.req.header("if-none-match") === tag) return c.body(null, 304, headers)
    return c.body(body, 200, headers)
  }
}

/** Renders any JSX child to a string, so that errors thrown while rendering (also in async components) surface here. */
const renderToHtml = async (view: Child): Promise<string> => await jsx(Fragment, null, view).toString()

const PanelError = (props: { lang: Lang; reference: string }) => (
  <div class="panel-error" role="alert">
    <p>
      <Label text={catalogueText("panel-unavailable")} lang={props.lang} />
    </p>
    <p class="panel-note">ref {props.reference}</p>
  </div>
)

const Forbidden = (props: { lang: Lang }) => (
  <div class="panel-error" role="alert">
    <Label text={{ zh: "您的角色无权查看此内容", en: "Your role may not see this" }} lang={props.lang} />
  </div>
)

const UnknownPanel = (props: { lang: Lang; path: string }) => (
  <div class="panel-error" role="alert">
    <Label text={{ zh: "没有这个面板", en: "No such panel" }} lang={props.lang} />: {props.path}
  </div>
)

/** Who asks (the session) and the context a panel, a route or a form gets for one request. */
const requests = (options: DashboardOptions, plugins: ReadonlyArray<KejinPlugin>) => {
  const base = normaliseBasePath(options.basePath ?? "")
  const sessionOf =
    options.session ?? ((): DashboardSession => ({ actor: readOnly, csrfToken: "", nonce: undefined }))
  const contextOf = (c: Context, session: DashboardSession): PanelContext => {
    const query = c.req.query()
    return {
      kejin: options.kejin,
      lang: langOf(query),
      query,
      actor: session.actor,
      csrfToken: session.csrfToken,
      nonce: session.nonce,
      basePath: base,
      path: c.req.path,
      plugins
    }
  }
  return { sessionOf, contextOf }
}

/**
 * The dashboard's answer to a form posted to a declared write's route (see forms/operation-form.ts): the
 * server's route calls it for a form body. Answers 401 when nobody is signed in; `undefined` when no
 * plugin has a form for the operation.
 *
 * @throws {PluginError} when a plugin is malformed or two plugins collide
 */
export const createFormAnswerer = (options: DashboardOptions): FormAnswerer => {
  const plugins = createRegistry(options.plugins)
  const forms = new Map(plugins.flatMap((p) => (p.forms ?? []).map((f) => [f.operation.name, f] as const)))
  const { sessionOf, contextOf } = requests(options, plugins)
  return (c, op, run) => {
    const form = forms.get(op.name)
    if (form === undefined) return undefined
    return (async () => {
      const session = sessionOf(c)
      if (session === undefined) return c.text("sign in first", 401)
      const fields = postedFields((await c.req.parseBody()) as Record<string, unknown>)
      return answerForm(form, { c, ctx: contextOf(c, session), fields }, run)
    })()
  }
}

/**
 * The dashboard as a Hono app of its own:
 *
 * - `GET /`: the page, laying out every panel of every plugin (by plugin order); each panel's body loads
 *   its fragment with htmx on load and every `refreshSeconds`;
 * - `GET /panels/:plugin/:panel`: one panel as an HTML fragment (for htmx; a small page of its own for a
 *   request without `HX-Request`). A panel that fails shows its error box with status 200 so htmx swaps it
 *   in and the rest of the page keeps working;
 * - `GET /assets/htmx.js`, `GET /assets/kejin.css`;
 * - every plugin route.
 *
 * `?lang=en` switches labels to English. Plugins are checked at once: a collision throws here, at start-up.
 *
 * @throws {PluginError} when a plugin is malformed or two plugins collide
 */
export const createDashboard = (options: DashboardOptions): Hono => {
  const plugins = createRegistry(options.plugins)
  const base = normaliseBasePath(options.basePath ?? "")
  const panels = new Map<string, { plugin: KejinPlugin; panel: Panel }>()
  for (const plugin of plugins) {
    for (const panel of plugin.panels) panels.set(panelPath(plugin.id, panel.id), { plugin, panel })
  }
  const { sessionOf, contextOf } = requests(options, plugins)
  const loginPath = options.loginPath ?? "/login"

  const app = new Hono()

  app.get("/assets/htmx.js", serveAsset(htmxSource(), "text/javascript; charset=utf-8"))
  app.get("/assets/kejin.css", serveAsset(kejinCss, "text/css; charset=utf-8"))
  app.get("/assets/kejin.js", serveAsset(kejinScript, "text/javascript; charset=utf-8"))

  app.get("/", async (c) => {
    const session = sessionOf(c)
    if (session === undefined) return c.redirect(`${loginPath}?next=${encodeURIComponent(c.req.path)}`, 303)
    const ctx = contextOf(c, session)
    const search = new URL(c.req.url).search
    const page = await renderToHtml(<Shell plugins={plugins} ctx={ctx} search={search} />)
    return c.html(`<!doctype html>\n${page}`)
  })

  app.get("/panels/:plugin/:panel", async (c) => {
    // The same URL answers htmx with a fragment and a browser with a page: caches must keep them apart.
    c.header("Vary", "HX-Request")
    c.header("Cache-Control", "no-store")
    const session = sessionOf(c)
    if (session === undefined) return c.html(`<p class="panel-error">sign in again</p>`, 401)
    const ctx = contextOf(c, session)
    const isHtmx = c.req.header("HX-Request") === "true"
    const path = panelPath(c.req.param("plugin"), c.req.param("panel"))
    const found = panels.get(path)
    const respond = async (view: Child, title: string | undefined, status: 200 | 404) => {
      const html = isHtmx
        ? await renderToHtml(view)
        : `<!doctype html>\n${await renderToHtml(
            <PanelPage lang={ctx.lang} base={base} title={title}>
              {view}
            </PanelPage>
          )}`
      return c.html(html, status)
    }

    if (found === undefined) return respond(<UnknownPanel lang={ctx.lang} path={path} />, undefined, 404)
    const { plugin, panel } = found
    if (!allowed(ctx.actor, panel.permission)) {
      return c.html(await renderToHtml(<Forbidden lang={ctx.lang} />), 403)
    }
    const title = ctx.lang === "en" ? panel.title.en : panel.title.zh
    try {
      const data = await panel.load(ctx)
      // Awaited inside the try: the view is rendered to a string there, so a throwing render (or a
      // throwing component inside it) is caught like a throwing load.
      return await respond(panel.render(data, ctx), title, 200)
    } catch (error) {
      const reference = randomUUID().slice(0, 8)
      console.error(`[kejin/ui] panel ${plugin.id}/${panel.id} failed (ref ${reference})`, error)
      return respond(<PanelError lang={ctx.lang} reference={reference} />, title, 200)
    }
  })

  for (const plugin of plugins) {
    for (const route of plugin.routes ?? []) {
      app.on(route.method, route.path, async (c) => {
        const session = sessionOf(c)
        if (session === undefined) {
          return c.req.method === "GET"
            ? c.redirect(`${loginPath}?next=${encodeURIComponent(c.req.path)}`, 303)
            : c.text("sign in first", 401)
        }
        const ctx = contextOf(c, session)
        if (!allowed(ctx.actor, route.permission))
          return c.html(await renderToHtml(<Forbidden lang={ctx.lang} />), 403)
        return route.handler(c, ctx)
      })
    }
  }
  return app
}

/**
 * Mounts {@link createDashboard} on an existing app at `options.basePath` (default: the root) and
 * returns that app.
 *
 * @throws {PluginError} when a plugin is malformed or two plugins collide
 */
export const mountDashboard = <E extends Env, S extends Schema, B extends string>(
  app: Hono<E, S, B>,
  options: DashboardOptions
): Hono<E, S, B> => {
  app.route(normaliseBasePath(options.basePath ?? "") || "/", createDashboard(options))
  return app
}

const normaliseBasePath = (path: string): string => {
  const trimmed = path.replace(/\/+$/, "")
  if (trimmed !== "" && !trimmed.startsWith("/")) {
    throw new TypeError(`basePath must start with "/" (like "/dashboard"), got ${JSON.stringify(path)}`)
  }
  return trimmed
}
