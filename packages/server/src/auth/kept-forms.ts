import type { Kejin } from "@kejin/core"
import { forgetKeptForm, KEPT_FORM_MINUTES, type KeptForm, keepForm, keptForm } from "@kejin/core/internal"
import { langOf, sessionWords } from "@kejin/ui"
import type { Context, MiddlewareHandler } from "hono"
import { deleteCookie, getCookie, setCookie } from "hono/cookie"
import { type CookieOptions, isTls, readSessionCookie } from "./cookies.js"
import type { KejinEnv } from "./env.js"

/*
 * A form sent without JavaScript after the session ended keeps what was typed: the values (never a
 * password, never the CSRF token) wait in the store (table kept_forms, core auth/kept-forms.ts) under
 * a random id, for 15 minutes, named by an HttpOnly cookie of this browser only; the person is sent to
 * sign in, with the page the form was on as the address to come back to. Signed in again, that page
 * shows the form filled in and open, with a notice, not sent: the person checks it and sends it, with
 * the new session's CSRF token (the page's own). The values are used once, and only by the person whose
 * session sent them (when the browser still named one). (With JavaScript, /assets/kejin.js keeps them in
 * the tab instead.) Being in the store, a sign-in answered by another server process finds them too.
 */

const COOKIE = "kejin_kept_form"

/** Where kept forms wait: the store of `kejin`, shared by every server process on it. */
export interface KeptForms {
  keep(
    form: Omit<KeptForm, "login"> & { readonly sessionToken?: string | undefined }
  ): Promise<string | undefined>
  find(id: string): Promise<KeptForm | undefined>
  forget(id: string): Promise<void>
}

export const keptFormsOf = (kejin: Kejin): KeptForms => ({
  keep: (form) => kejin.run(keepForm(form)),
  find: (id) => kejin.run(keptForm(id)),
  forget: (id) => kejin.run(forgetKeptForm(id))
})

/** A form posted by a browser navigating (no htmx, no script, no token): what a person without JavaScript sends. */
const isPlainFormPost = (c: Context<KejinEnv>): boolean =>
  c.req.method === "POST" &&
  c.get("authVia") === undefined &&
  c.req.header("authorization") === undefined &&
  c.req.header("hx-request") === undefined &&
  /^application\/x-www-form-urlencoded/.test(c.req.header("content-type") ?? "") &&
  (c.req.header("sec-fetch-mode") === "navigate" || (c.req.header("accept") ?? "").includes("text/html"))

/** The same-origin path and query of `address` (a Referer), or undefined. */
const samePath = (c: Context, address: string | undefined): string | undefined => {
  if (address === undefined) return undefined
  try {
    const here = new URL(c.req.url)
    const url = new URL(address, here)
    const host = c.req.header("host") ?? here.host
    if (url.host !== host || url.pathname.startsWith("//")) return undefined
    return `${url.pathname}${url.search}`
  } catch {
    return undefined
  }
}

const pathOf = (c: Context) => {
  const url = new URL(c.req.url)
  return `${url.pathname}${url.search}`
}

/**
 * For a plain form post that finds nobody signed in: keeps its values and sends the browser to sign in,
 * coming back to the form's page. `undefined` for any other request (a program, htmx, a JSON body: the
 * caller answers 401 as always).
 */
export const keepSignedOutForm = async (c: Context<KejinEnv>): Promise<Response | undefined> => {
  const kept = c.get("keptForms")
  if (kept === undefined || !isPlainFormPost(c)) return undefined
  const page = samePath(c, c.req.header("referer"))
  if (page === undefined) return undefined
  const body = await c.req.parseBody({ all: true })
  const values: Array<readonly [string, string]> = []
  for (const [name, value] of Object.entries(body))
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === "string") values.push([name, v])
  const id = await kept.keep({ page, action: pathOf(c), values, sessionToken: readSessionCookie(c) })
  if (id !== undefined)
    setCookie(c, COOKIE, id, {
      path: "/",
      httpOnly: true,
      // Secure over TLS, also as a proxy says it (a spoofed header only keeps the cookie from plain HTTP).
      secure: isTls(c, { trustProxy: true }),
      sameSite: "Lax",
      maxAge: KEPT_FORM_MINUTES * 60
    })
  const next = new URLSearchParams({ next: page, expired: "1" })
  if (langOf(c.req.query()) === "en") next.set("lang", "en")
  return c.redirect(`/login?${next.toString()}`, 303)
}

// ── putting the values back ─────────────────────────────────────────────────────────────────────────

const escapeHtml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
const unescapeHtml = (text: string) =>
  text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")

/** The attributes of a start tag (`<input name="x" value="y" checked>`), values unescaped. */
const attributesOf = (tag: string): Map<string, string> => {
  const attributes = new Map<string, string>()
  const inner = tag.replace(/^<[a-zA-Z]+/, "").replace(/\/?>$/, "")
  for (const m of inner.matchAll(/([^\s=/>]+)(?:="([^"]*)")?/g))
    attributes.set(m[1]!.toLowerCase(), unescapeHtml(m[2] ?? ""))
  return attributes
}

/** `tag` with attribute `name` set to `value` (or present without a value), or taken out (`undefined`). */
const withAttribute = (tag: string, name: string, value: string | true | undefined): string => {
  const without = tag.replace(new RegExp(`\\s${name}(?:="[^"]*")?(?=[\\s/>])`), "")
  if (value === undefined) return without
  const attribute = value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`
  return without.replace(/(\/?>)$/, `${attribute}$1`)
}

const UNTOUCHED = new Set(["hidden", "password", "submit", "button", "reset", "file", "image"])

/** The inside of a form with `values` put in its fields (text, choices, boxes, text areas). */
const fillFields = (inner: string, values: ReadonlyArray<readonly [string, string]>): string => {
  const by = new Map<string, Array<string>>()
  for (const [name, value] of values) by.set(name, [...(by.get(name) ?? []), value])
  return inner
    .replace(/<textarea\b[^>]*>[\s\S]*?<\/textarea>/g, (whole) => {
      const open = /^<textarea\b[^>]*>/.exec(whole)![0]
      const given = by.get(attributesOf(open).get("name") ?? "")
      return given === undefined ? whole : `${open}${escapeHtml(given[0]!)}</textarea>`
    })
    .replace(/<select\b[^>]*>[\s\S]*?<\/select>/g, (whole) => {
      const open = /^<select\b[^>]*>/.exec(whole)![0]
      const given = by.get(attributesOf(open).get("name") ?? "")
      if (given === undefined) return whole
      return whole.replace(/<option\b[^>]*>/g, (option) =>
        withAttribute(
          option,
          "selected",
          given.includes(attributesOf(option).get("value") ?? "") ? true : undefined
        )
      )
    })
    .replace(/<input\b[^>]*>/g, (input) => {
      const a = attributesOf(input)
      const given = by.get(a.get("name") ?? "")
      const type = (a.get("type") ?? "text").toLowerCase()
      if (given === undefined || UNTOUCHED.has(type)) return input
      if (type === "checkbox" || type === "radio")
        return withAttribute(input, "checked", given.includes(a.get("value") ?? "on") ? true : undefined)
      return withAttribute(input, "value", given[0]!)
    })
}

/**
 * `html` with the form posting to `kept.action` filled in with the kept values, the `<details>` boxes
 * around it open and a notice at its top; undefined when the page has no such form.
 */
export const fillKeptForm = (
  html: string,
  k: Pick<KeptForm, "action" | "values">,
  notice: string
): string | undefined => {
  const base = "http://kejin.invalid"
  const wanted = new URL(k.action, base)
  for (const m of html.matchAll(/<form\b[^>]*>/g)) {
    const action = attributesOf(m[0]).get("action")
    if (action === undefined) continue
    const url = new URL(action, base)
    if (url.pathname !== wanted.pathname || url.search !== wanted.search) continue
    const start = m.index!
    const openEnd = start + m[0].length
    const end = html.indexOf("</form>", openEnd)
    if (end < 0) return undefined
    const note = `<p class="form-restored" role="status">${escapeHtml(notice)}</p>`
    let before = html.slice(0, start)
    // Open every <details> still open (not closed) where the form starts.
    const opens: Array<number> = []
    for (const d of before.matchAll(/<details\b[^>]*>|<\/details>/g)) {
      if (d[0].startsWith("</")) {
        opens.pop()
      } else {
        opens.push(d.index!)
      }
    }
    for (const at of opens.reverse()) {
      const tagEnd = before.indexOf(">", at) + 1
      before = `${before.slice(0, at)}${withAttribute(before.slice(at, tagEnd), "open", true)}${before.slice(tagEnd)}`
    }
    return `${before}${m[0]}${note}${fillFields(html.slice(openEnd, end), k.values)}${html.slice(end)}`
  }
  return undefined
}

/**
 * On the page a kept form came from, for the person signed in again in the browser that kept it: the
 * page with the form filled in (see {@link fillKeptForm}); the values are then forgotten. Someone else
 * signed in on that browser gets the page as it is, and the values are forgotten.
 */
export const restoreKeptForm = (kejin: Kejin, cookies: CookieOptions = {}): MiddlewareHandler<KejinEnv> => {
  const kept = keptFormsOf(kejin)
  return async (c, next) => {
    const id = c.req.method === "GET" ? getCookie(c, COOKIE) : undefined
    if (id === undefined || c.get("authVia") !== "session") return next()
    const k = await kept.find(id)
    if (k === undefined || (k.login !== null && k.login !== c.get("actor")?.id)) {
      if (k !== undefined) await kept.forget(id)
      deleteCookie(c, COOKIE, { path: "/", secure: isTls(c, cookies) })
      return next()
    }
    if (
      new URL(k.page, "http://kejin.invalid").pathname !== c.req.path ||
      c.req.header("hx-request") !== undefined
    )
      return next()
    await next()
    if (c.res.status !== 200 || !(c.res.headers.get("content-type") ?? "").startsWith("text/html")) return
    const lang = langOf(c.req.query())
    const filled = fillKeptForm(await c.res.clone().text(), k, sessionWords.restored[lang])
    await kept.forget(id)
    const headers = new Headers(c.res.headers)
    headers.delete("content-length")
    headers.append(
      "set-cookie",
      `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${isTls(c, cookies) ? "; Secure" : ""}`
    )
    headers.set("cache-control", "no-store")
    c.res = new Response(filled ?? (await c.res.text()), { status: 200, headers })
  }
}
