/** @jsxImportSource hono/jsx */
import {
  type Actor,
  AuthError,
  type Kejin,
  localizedMessage,
  type MessageCode,
  type MessageParams,
  ValidationError
} from "@kejin/core"
import {
  catalogueText,
  type DashboardSession,
  type KejinPlugin,
  type Lang,
  langOf,
  Page,
  type PanelContext,
  renderPage,
  textOf
} from "@kejin/ui"
import { type Context, Hono } from "hono"
import { type CookieOptions, clearSessionCookie, writeSessionCookie } from "./cookies.js"
import type { KejinEnv } from "./env.js"
import { restoreKeptForm } from "./kept-forms.js"
import { clientAddress, type Limiters, overLimit } from "./middleware.js"

const nobody: Actor = { id: "anonymous", role: "viewer" }

/** The words of the sign-in and first-run pages, from the message catalogue, in `lang`. */
const wordOf = (code: MessageCode, lang: Lang, params: MessageParams = {}): string =>
  textOf(catalogueText(code, params), lang)

/** The context a page outside the dashboard renders with. */
export const pageContext = (
  c: Context<KejinEnv>,
  kejin: Kejin,
  plugins: ReadonlyArray<KejinPlugin> = []
): PanelContext => {
  const query = c.req.query()
  const actor = c.get("actor")
  return {
    kejin,
    lang: langOf(query),
    query,
    actor: actor ?? nobody,
    csrfToken: c.get("csrfToken") ?? "",
    nonce: c.get("secureHeadersNonce"),
    basePath: "",
    path: c.req.path,
    plugins,
    signedOut: actor === undefined
  }
}

/** The dashboard's view of the request's session (undefined: nobody signed in). */
export const dashboardSession = (c: Context<KejinEnv>): DashboardSession | undefined => {
  const actor = c.get("actor")
  return actor === undefined
    ? undefined
    : { actor, csrfToken: c.get("csrfToken") ?? "", nonce: c.get("secureHeadersNonce") }
}

/** Only same-site paths, so a crafted `next` cannot send people elsewhere after signing in. */
const unsafeInPath = (ch: string) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === "\\"

const safeNext = (next: unknown): string => {
  // Browsers drop tabs and newlines and read "\\" as "/", so "/\t/evil.com" would leave the site:
  // refuse any control character or backslash, then insist the path resolves on this origin.
  if (typeof next !== "string" || !next.startsWith("/") || [...next].some(unsafeInPath)) return "/"
  // The path is normalised ("/..//evil.example" and "/%2e%2e//x" resolve to "//…"), so the result is
  // checked again: a path that starts with two slashes names another host.
  const base = "http://kejin.invalid"
  const url = new URL(next, base)
  const path = `${url.pathname}${url.search}`
  return url.origin === base && !next.startsWith("//") && !path.startsWith("//") ? path : "/"
}

/**
 * Where a sign-in goes: its `next` page, except that a fund manager signing in without one (or with
 * the dashboard's `/`) lands on their own funds: the fund's page when they manage one, else the funds list.
 */
const landingOf = (user: { readonly role: string; readonly funds: ReadonlyArray<string> }, next: string) => {
  const url = new URL(next, "http://kejin.invalid")
  if (url.pathname !== "/" || user.role !== "fund-manager" || user.funds.length === 0) return next
  const home = user.funds.length === 1 ? `/funds/${encodeURIComponent(user.funds[0]!)}` : "/funds"
  return `${home}${url.search}`
}

const Field = (props: {
  name: string
  label: string
  type?: string
  value?: string
  autocomplete?: string
  error?: string | undefined
}) => (
  <p class="field">
    <label for={props.name}>{props.label}</label>
    <input
      id={props.name}
      name={props.name}
      type={props.type ?? "text"}
      value={props.value ?? ""}
      autocomplete={props.autocomplete}
      required
      aria-invalid={props.error === undefined ? undefined : "true"}
    />
    {props.error === undefined ? null : <span class="field-error">{props.error}</span>}
  </p>
)

const LoginForm = (props: {
  ctx: PanelContext
  next: string
  error?: string
  login?: string
  /** Come from a page whose session ended (its notice's link): say so, and that what was typed waits there. */
  expired?: boolean
}) => {
  const lang = props.ctx.lang
  return (
    <form method="post" action="/login" class="auth-form">
      {props.expired === true && props.error === undefined ? (
        <p class="form-notice" role="status" data-expired>
          {wordOf("sign-in-session-ended", lang)}
        </p>
      ) : null}
      {props.error === undefined ? null : (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <input type="hidden" name="next" value={props.next} />
      <Field
        name="login"
        label={wordOf("sign-in-login", lang)}
        value={props.login ?? ""}
        autocomplete="username"
      />
      <Field
        name="password"
        label={wordOf("sign-in-password", lang)}
        type="password"
        autocomplete="current-password"
      />
      <button type="submit">{wordOf("sign-in", lang)}</button>
    </form>
  )
}

export const authRoutes = (
  kejin: Kejin,
  limiters: Limiters,
  cookies: CookieOptions,
  plugins: ReadonlyArray<KejinPlugin> = []
) => {
  const app = new Hono<KejinEnv>()
  // The page a form was kept from (sent without JavaScript after the session ended) opens filled in.
  app.use("*", restoreKeptForm(kejin, cookies))

  app.get("/login", async (c) => {
    if (!(await kejin.accounts.hasUsers())) return c.redirect("/setup", 303)
    const ctx = pageContext(c, kejin, plugins)
    return c.html(
      await renderPage(
        <Page ctx={ctx} title={catalogueText("sign-in")}>
          <LoginForm
            ctx={ctx}
            next={safeNext(c.req.query("next"))}
            expired={c.req.query("expired") === "1"}
          />
        </Page>
      )
    )
  })

  app.post("/login", async (c) => {
    const form = await c.req.parseBody()
    const login = typeof form.login === "string" ? form.login : ""
    const password = typeof form.password === "string" ? form.password : ""
    const next = safeNext(form.next)
    const ctx = pageContext(c, kejin, plugins)
    // Each attempt takes a point first (so parallel guesses cannot slip past the limit); a correct one
    // gives it back, so only failures count.
    const limitKey = `${clientAddress(c)}|${login.trim().toLowerCase()}`
    const wait = await overLimit(limiters.login, limitKey)
    const refuse = async (status: 401 | 429, error: string) => {
      if (status === 429) c.header("Retry-After", String(wait ?? 60))
      return c.html(
        await renderPage(
          <Page ctx={ctx} title={catalogueText("sign-in")}>
            <LoginForm ctx={ctx} next={next} error={error} login={login} />
          </Page>
        ),
        status
      )
    }
    if (wait !== undefined) {
      return refuse(429, wordOf("sign-in-too-many-attempts", ctx.lang, { seconds: String(wait) }))
    }
    try {
      const signedIn = await kejin.accounts.login(login, password)
      await limiters.login.reward(limitKey, 1)
      writeSessionCookie(c, signedIn.sessionToken, signedIn.expiresAt, cookies)
      return c.redirect(landingOf(signedIn.user, next), 303)
    } catch (error) {
      if (!(error instanceof AuthError)) throw error
      return refuse(401, localizedMessage(error.said, ctx.lang))
    }
  })

  app.post("/logout", async (c) => {
    const token = c.get("sessionToken")
    if (token !== undefined) await kejin.accounts.logout(token)
    clearSessionCookie(c)
    return c.redirect("/login", 303)
  })

  const SetupForm = (props: {
    ctx: PanelContext
    errors?: Record<string, string>
    values?: Record<string, string>
  }) => {
    const lang = props.ctx.lang
    const v = props.values ?? {}
    const e = props.errors ?? {}
    return (
      <form method="post" action="/setup" class="auth-form">
        <p>{wordOf("setup-intro", lang)}</p>
        <Field
          name="login"
          label={wordOf("sign-in-login", lang)}
          value={v.login ?? ""}
          error={e.login}
          autocomplete="username"
        />
        <Field
          name="displayName"
          label={wordOf("setup-display-name", lang)}
          value={v.displayName ?? ""}
          error={e.displayName}
        />
        <Field
          name="password"
          label={wordOf("setup-password", lang)}
          type="password"
          error={e.password}
          autocomplete="new-password"
        />
        <Field
          name="password2"
          label={wordOf("setup-password-again", lang)}
          type="password"
          error={e.password2}
          autocomplete="new-password"
        />
        <button type="submit">{wordOf("setup-submit", lang)}</button>
      </form>
    )
  }

  app.get("/setup", async (c) => {
    if (await kejin.accounts.hasUsers()) return c.redirect("/login", 303)
    const ctx = pageContext(c, kejin, plugins)
    return c.html(
      await renderPage(
        <Page ctx={ctx} title={catalogueText("setup-title")}>
          <SetupForm ctx={ctx} />
        </Page>
      )
    )
  })

  app.post("/setup", async (c) => {
    if (await kejin.accounts.hasUsers()) return c.redirect("/login", 303)
    const form = await c.req.parseBody()
    const text = (key: string) => (typeof form[key] === "string" ? (form[key] as string) : "")
    const values = { login: text("login"), displayName: text("displayName") }
    const ctx = pageContext(c, kejin, plugins)
    const again = async (errors: Record<string, string>) =>
      c.html(
        await renderPage(
          <Page ctx={ctx} title={catalogueText("setup-title")}>
            <SetupForm ctx={ctx} errors={errors} values={values} />
          </Page>
        ),
        422
      )
    if (text("password") !== text("password2")) {
      return again({ password2: wordOf("setup-passwords-differ", ctx.lang) })
    }
    try {
      await kejin.accounts.setupAdmin({ ...values, password: text("password") })
    } catch (error) {
      if (error instanceof ValidationError)
        return again(Object.fromEntries(error.issues.map((i) => [i.path, localizedMessage(i, ctx.lang)])))
      if (error instanceof AuthError) return c.redirect("/login", 303)
      throw error
    }
    const signedIn = await kejin.accounts.login(values.login, text("password"))
    writeSessionCookie(c, signedIn.sessionToken, signedIn.expiresAt, cookies)
    return c.redirect("/", 303)
  })

  return app
}
