/** @jsxImportSource hono/jsx */
import { randomBytes } from "node:crypto"
import {
  type ApiToken,
  can,
  describeError,
  type FieldIssue,
  type Kejin,
  localizedMessage,
  messageText,
  type User
} from "@kejin/core"
import { type KejinPlugin, type LocalizedText, Page, type PanelContext, renderPage, textOf } from "@kejin/ui"
import { type Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { pageContext } from "../auth/routes.js"
import { shanghaiTime } from "./time.js"
import { columns, fieldLabels, roleLabels, titles, words } from "./vocabulary.js"

/*
 * The administrators' pages for people and API tokens, and everyone's own password. Server-side pages:
 * each form posts here with the session's CSRF token (`_csrf`, checked by the app's CSRF middleware), and
 * each change is one journaled write of the core (`kejin.accounts.*`). A password or token is shown once,
 * on the answer to the post that made it, and never stored or logged.
 */

const roles = ["admin", "bureau", "fund-manager", "viewer"] as const

type Issue = FieldIssue

/**
 * A core issue in the page's language: its words from the message catalogue by its code (every refusal
 * about people and tokens has one); one without a known code shows as the core said it, after
 * `words.otherError`.
 */
const issueText = (issue: Issue, lang: "zh" | "en"): string => {
  const field = fieldLabels[issue.path]
  const text =
    issue.code !== undefined && messageText(issue.code, issue.params, lang) !== undefined
      ? localizedMessage(issue, lang)
      : `${textOf(words.otherError, lang)}${issue.message}`
  return field === undefined ? text : `${textOf(field, lang)}${lang === "en" ? ": " : "："}${text}`
}

/** The issues of a refused write, or undefined for an error that is not the person's to fix. */
const issuesOf = (error: unknown): ReadonlyArray<Issue> | undefined => {
  const described = describeError(error)
  if (described === undefined) return undefined
  if (described.status === 404) return [{ path: "", message: "not found" }]
  if (described.status !== 422 && described.status !== 409) return undefined
  return described.issues ?? [{ path: "", message: described.detail ?? described.title }]
}

const fundsOf = (text: string): ReadonlyArray<string> =>
  text
    .split(/[,，;；\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== "")

const formText = (form: Record<string, unknown>, key: string) =>
  typeof form[key] === "string" ? (form[key] as string) : ""

const Csrf = (props: { ctx: PanelContext }) => (
  <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
)

const Notice = (props: { children?: unknown; kind?: "ok" | "bad" }) => (
  <p
    class={props.kind === "bad" ? "form-error" : "form-notice"}
    role={props.kind === "bad" ? "alert" : "status"}
  >
    {props.children as never}
  </p>
)

const Errors = (props: { issues: ReadonlyArray<Issue> | undefined; lang: "zh" | "en" }) =>
  props.issues === undefined || props.issues.length === 0 ? null : (
    <ul class="form-errors" role="alert">
      {props.issues.map((issue) => (
        <li>
          {issue.message === "not found" ? textOf(words.notFound, props.lang) : issueText(issue, props.lang)}
        </li>
      ))}
    </ul>
  )

const RoleSelect = (props: { lang: "zh" | "en"; selected?: string; id?: string; label?: string }) => (
  <select name="role" id={props.id} aria-label={props.label}>
    {roles.map((role) => (
      <option value={role} selected={role === (props.selected ?? "viewer")}>
        {textOf(roleLabels[role], props.lang)}
      </option>
    ))}
  </select>
)

const t = (text: LocalizedText, ctx: PanelContext) => textOf(text, ctx.lang)
const withLangQuery = (path: string, ctx: PanelContext) => (ctx.lang === "en" ? `${path}?lang=en` : path)

interface Shown {
  readonly notice?: unknown
  readonly issues?: ReadonlyArray<Issue> | undefined
  /** A refusal in the page's language already. */
  readonly error?: string
  readonly values?: Record<string, string>
}

const PeoplePage = (props: { ctx: PanelContext; people: ReadonlyArray<User>; shown: Shown }) => {
  const { ctx, people, shown } = props
  const { lang } = ctx
  const v = shown.values ?? {}
  return (
    <Page ctx={ctx} title={titles.people}>
      {shown.notice === undefined ? null : <Notice>{shown.notice}</Notice>}
      <Errors issues={shown.issues} lang={lang} />
      <p class="panel-note">{t(words.lastAdminWhy, ctx)}</p>
      <div class="table-scroll" tabindex={0}>
        <table class="people">
          <thead>
            <tr>
              <th scope="col">{t(columns.login, ctx)}</th>
              <th scope="col">{t(columns.displayName, ctx)}</th>
              <th scope="col">{t(columns.role, ctx)}</th>
              <th scope="col">{t(columns.funds, ctx)}</th>
              <th scope="col">{t(columns.status, ctx)}</th>
              <th scope="col">{t(columns.lastSignIn, ctx)}</th>
              <th scope="col">{t(columns.actions, ctx)}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => {
              const base = `/admin/people/${encodeURIComponent(person.login)}`
              return (
                <tr data-login={person.login}>
                  <th scope="row">{person.login}</th>
                  <td>{person.displayName}</td>
                  <td>{t(roleLabels[person.role], ctx)}</td>
                  <td>{person.funds.length === 0 ? "—" : person.funds.join(", ")}</td>
                  <td data-disabled={String(person.disabled)}>
                    {t(person.disabled ? words.disabled : words.active, ctx)}
                  </td>
                  <td>{person.lastSignInAt ? shanghaiTime(person.lastSignInAt) : t(words.never, ctx)}</td>
                  <td>
                    <form method="post" action={withLangQuery(`${base}/role`, ctx)} class="inline-form">
                      <Csrf ctx={ctx} />
                      <RoleSelect
                        lang={lang}
                        selected={person.role}
                        label={`${t(columns.role, ctx)} ${person.login}`}
                      />{" "}
                      <input
                        name="funds"
                        value={person.funds.join(", ")}
                        size={14}
                        aria-label={`${t(columns.funds, ctx)} ${person.login}`}
                      />{" "}
                      <button type="submit">{t(words.changeRole, ctx)}</button>
                    </form>
                    <form
                      method="post"
                      action={withLangQuery(`${base}/${person.disabled ? "enable" : "disable"}`, ctx)}
                      class="inline-form"
                      title={person.disabled ? undefined : t(words.confirmDisable, ctx)}
                    >
                      <Csrf ctx={ctx} />
                      <button type="submit">{t(person.disabled ? words.enable : words.disable, ctx)}</button>
                    </form>
                    <form
                      method="post"
                      action={withLangQuery(`${base}/reset-password`, ctx)}
                      class="inline-form"
                    >
                      <Csrf ctx={ctx} />
                      <button type="submit">{t(words.resetPassword, ctx)}</button>
                    </form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <h3>{t(words.addPerson, ctx)}</h3>
      <form method="post" action={withLangQuery("/admin/people", ctx)} class="auth-form">
        <Csrf ctx={ctx} />
        <p class="field">
          <label for="login">{t(columns.login, ctx)}</label>
          <input id="login" name="login" value={v.login ?? ""} required autocomplete="off" />
        </p>
        <p class="field">
          <label for="displayName">{t(columns.displayName, ctx)}</label>
          <input id="displayName" name="displayName" value={v.displayName ?? ""} required />
        </p>
        <p class="field">
          <label for="role">{t(columns.role, ctx)}</label>
          <RoleSelect lang={lang} selected={v.role ?? "viewer"} id="role" />
        </p>
        <p class="field">
          <label for="funds">{t(columns.funds, ctx)}</label>
          <input id="funds" name="funds" value={v.funds ?? ""} aria-describedby="funds-hint" />
          <span id="funds-hint" class="panel-note">
            {t(words.fundsHint, ctx)}
          </span>
        </p>
        <button type="submit">{t(words.add, ctx)}</button>
      </form>
    </Page>
  )
}

const TokensPage = (props: { ctx: PanelContext; tokens: ReadonlyArray<ApiToken>; shown: Shown }) => {
  const { ctx, tokens, shown } = props
  const v = shown.values ?? {}
  return (
    <Page ctx={ctx} title={titles.tokens}>
      {shown.notice === undefined ? null : <Notice>{shown.notice}</Notice>}
      <Errors issues={shown.issues} lang={ctx.lang} />
      <div class="table-scroll" tabindex={0}>
        <table class="tokens">
          <thead>
            <tr>
              <th scope="col">{t(columns.tokenName, ctx)}</th>
              <th scope="col">{t(columns.role, ctx)}</th>
              <th scope="col">{t(columns.funds, ctx)}</th>
              <th scope="col">{t(columns.createdAt, ctx)}</th>
              <th scope="col">{t(columns.createdBy, ctx)}</th>
              <th scope="col">{t(columns.lastUsed, ctx)}</th>
              <th scope="col">{t(columns.status, ctx)}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr data-token={token.name}>
                <th scope="row">{token.name}</th>
                <td>{t(roleLabels[token.role], ctx)}</td>
                <td>{token.funds.length === 0 ? "—" : token.funds.join(", ")}</td>
                <td>{shanghaiTime(token.createdAt)}</td>
                <td>{token.createdBy}</td>
                <td>{token.lastUsedAt === null ? t(words.never, ctx) : shanghaiTime(token.lastUsedAt)}</td>
                <td>
                  {token.revokedAt === null ? (
                    <form
                      method="post"
                      action={withLangQuery(`/admin/tokens/${encodeURIComponent(token.name)}/revoke`, ctx)}
                      class="inline-form"
                    >
                      <Csrf ctx={ctx} />
                      <button type="submit">{t(words.revoke, ctx)}</button>
                    </form>
                  ) : (
                    `${t(words.revoked, ctx)} ${shanghaiTime(token.revokedAt)}`
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t(words.createToken, ctx)}</h3>
      <form method="post" action={withLangQuery("/admin/tokens", ctx)} class="auth-form">
        <Csrf ctx={ctx} />
        <p class="field">
          <label for="name">{t(columns.tokenName, ctx)}</label>
          <input id="name" name="name" value={v.name ?? ""} required autocomplete="off" />
        </p>
        <p class="field">
          <label for="role">{t(columns.role, ctx)}</label>
          <RoleSelect lang={ctx.lang} selected={v.role ?? "viewer"} id="role" />
        </p>
        <p class="field">
          <label for="funds">{t(columns.funds, ctx)}</label>
          <input id="funds" name="funds" value={v.funds ?? ""} aria-describedby="funds-hint" />
          <span id="funds-hint" class="panel-note">
            {t(words.fundsHint, ctx)}
          </span>
        </p>
        <button type="submit">{t(words.create, ctx)}</button>
      </form>
    </Page>
  )
}

const PasswordPage = (props: { ctx: PanelContext; shown: Shown }) => {
  const { ctx, shown } = props
  const field = (name: string, label: LocalizedText, autocomplete: string) => (
    <p class="field">
      <label for={name}>{t(label, ctx)}</label>
      <input id={name} name={name} type="password" required autocomplete={autocomplete} />
    </p>
  )
  return (
    <Page ctx={ctx} title={titles.password}>
      {shown.notice === undefined ? null : <Notice>{shown.notice}</Notice>}
      <Errors issues={shown.issues} lang={ctx.lang} />
      {shown.error === undefined ? null : <Notice kind="bad">{shown.error}</Notice>}
      <form method="post" action={withLangQuery("/account/password", ctx)} class="auth-form">
        <Csrf ctx={ctx} />
        {field("current", words.currentPassword, "current-password")}
        {field("password", words.newPassword, "new-password")}
        {field("password2", words.newPasswordAgain, "new-password")}
        <button type="submit">{t(words.save, ctx)}</button>
      </form>
    </Page>
  )
}

/** `/admin/people`, `/admin/tokens` (administrators) and `/account/password` (everyone signed in). */
export const adminRoutes = (kejin: Kejin, plugins: ReadonlyArray<KejinPlugin> = []) => {
  const app = new Hono<KejinEnv>()

  /** The page's context, or the answer for someone who may not be here (signed out, or not allowed). */
  const gate = async (c: Context<KejinEnv>, manage: boolean, title: LocalizedText) => {
    const actor = c.get("actor")
    if (actor === undefined) {
      // After signing in, back to the page (a post's answer is not a page to return to).
      const path = c.req.path
      const page = ["/admin/people", "/admin/tokens"].find((p) => path.startsWith(p)) ?? path
      return c.redirect(`/login?next=${encodeURIComponent(page)}`, 303)
    }
    const ctx = pageContext(c, kejin, plugins)
    const refusal = manage
      ? can(actor, "users.manage")
        ? undefined
        : words.onlyAdmins
      : c.get("authVia") === "session"
        ? undefined
        : words.onlyPeople
    if (refusal !== undefined) {
      return c.html(
        await renderPage(
          <Page ctx={ctx} title={title}>
            <Notice kind="bad">{t(refusal, ctx)}</Notice>
          </Page>
        ),
        403
      )
    }
    return { ctx, actor }
  }

  const people = async (
    c: Context<KejinEnv>,
    ctx: PanelContext,
    shown: Shown,
    status: 200 | 409 | 422 = 200
  ) =>
    c.html(
      await renderPage(<PeoplePage ctx={ctx} people={await kejin.accounts.listUsers()} shown={shown} />),
      status
    )

  const tokens = async (
    c: Context<KejinEnv>,
    ctx: PanelContext,
    shown: Shown,
    status: 200 | 409 | 422 = 200
  ) =>
    c.html(
      await renderPage(<TokensPage ctx={ctx} tokens={await kejin.accounts.listTokens()} shown={shown} />),
      status
    )

  /** Runs a write; its refusal is shown on the page again with what was typed. */
  const attempt = async <A,>(
    write: () => Promise<A>,
    refused: (issues: ReadonlyArray<Issue>, status: 409 | 422) => Promise<Response>,
    done: (result: A) => Promise<Response>
  ): Promise<Response> => {
    let result: A
    try {
      result = await write()
    } catch (error) {
      const issues = issuesOf(error)
      if (issues === undefined) throw error
      return refused(issues, describeError(error)?.status === 409 ? 409 : 422)
    }
    return done(result)
  }

  app.get("/admin/people", async (c) => {
    const gated = await gate(c, true, titles.people)
    if (gated instanceof Response) return gated
    return people(c, gated.ctx, {})
  })

  app.post("/admin/people", async (c) => {
    const gated = await gate(c, true, titles.people)
    if (gated instanceof Response) return gated
    const { ctx, actor } = gated
    const form = await c.req.parseBody()
    const values = {
      login: formText(form, "login").trim().toLowerCase(),
      displayName: formText(form, "displayName"),
      role: formText(form, "role"),
      funds: formText(form, "funds")
    }
    // A first password, made here and shown once: the person changes it after signing in.
    const password = randomBytes(15).toString("base64url")
    const funds = fundsOf(values.funds)
    return attempt(
      () =>
        kejin.accounts.addUser(
          {
            login: values.login,
            displayName: values.displayName,
            role: values.role,
            ...(funds.length > 0 ? { funds } : {}),
            password
          },
          { actor }
        ),
      (issues, status) => people(c, ctx, { issues, values }, status),
      (user) =>
        people(c, ctx, {
          notice: (
            <>
              {user.login} {t(words.addedWithPassword, ctx)}
              <code data-secret="password">{password}</code> {t(words.passwordOnce, ctx)}
            </>
          )
        })
    )
  })

  app.post("/admin/people/:login/role", async (c) => {
    const gated = await gate(c, true, titles.people)
    if (gated instanceof Response) return gated
    const { ctx, actor } = gated
    const form = await c.req.parseBody()
    const funds = fundsOf(formText(form, "funds"))
    return attempt(
      () =>
        kejin.accounts.setRole(
          {
            login: c.req.param("login"),
            role: formText(form, "role"),
            ...(funds.length > 0 ? { funds } : {})
          },
          { actor }
        ),
      (issues, status) => people(c, ctx, { issues }, status),
      async (user) => people(c, ctx, { notice: `${user.login} ${t(words.done, ctx)}` })
    )
  })

  for (const [action, disabled] of [
    ["disable", true],
    ["enable", false]
  ] as const) {
    app.post(`/admin/people/:login/${action}`, async (c) => {
      const gated = await gate(c, true, titles.people)
      if (gated instanceof Response) return gated
      const { ctx, actor } = gated
      const login = c.req.param("login")
      return attempt(
        () =>
          disabled
            ? kejin.accounts.disableUser(login, { actor })
            : kejin.accounts.enableUser(login, { actor }),
        (issues, status) => people(c, ctx, { issues }, status),
        async (user) =>
          people(c, ctx, {
            notice: `${user.login} ${t(disabled ? words.disabledDone : words.enabledDone, ctx)}`
          })
      )
    })
  }

  app.post("/admin/people/:login/reset-password", async (c) => {
    const gated = await gate(c, true, titles.people)
    if (gated instanceof Response) return gated
    const { ctx, actor } = gated
    return attempt(
      () => kejin.accounts.resetPassword(c.req.param("login"), { actor }),
      (issues, status) => people(c, ctx, { issues }, status),
      async ({ user, password }) =>
        people(c, ctx, {
          notice: (
            <>
              {user.login}
              {t(words.newPasswordOf, ctx)}
              <code data-secret="password">{password}</code> {t(words.passwordOnce, ctx)}
            </>
          )
        })
    )
  })

  app.get("/admin/tokens", async (c) => {
    const gated = await gate(c, true, titles.tokens)
    if (gated instanceof Response) return gated
    return tokens(c, gated.ctx, {})
  })

  app.post("/admin/tokens", async (c) => {
    const gated = await gate(c, true, titles.tokens)
    if (gated instanceof Response) return gated
    const { ctx, actor } = gated
    const form = await c.req.parseBody()
    const values = {
      name: formText(form, "name"),
      role: formText(form, "role"),
      funds: formText(form, "funds")
    }
    const funds = fundsOf(values.funds)
    return attempt(
      () =>
        kejin.accounts.createToken(
          { name: values.name, role: values.role, ...(funds.length > 0 ? { funds } : {}) },
          { actor }
        ),
      (issues, status) => tokens(c, ctx, { issues, values }, status),
      async ({ token, record }) =>
        tokens(c, ctx, {
          notice: (
            <>
              {t(words.tokenCreated, ctx)}
              {record.name} <code data-secret="token">{token}</code> {t(words.tokenOnce, ctx)}
            </>
          )
        })
    )
  })

  app.post("/admin/tokens/:name/revoke", async (c) => {
    const gated = await gate(c, true, titles.tokens)
    if (gated instanceof Response) return gated
    const { ctx, actor } = gated
    return attempt(
      () => kejin.accounts.revokeToken(c.req.param("name"), { actor }),
      (issues, status) => tokens(c, ctx, { issues }, status),
      async (record) => tokens(c, ctx, { notice: `${record.name} ${t(words.revokedDone, ctx)}` })
    )
  })

  app.get("/account/password", async (c) => {
    const gated = await gate(c, false, titles.password)
    if (gated instanceof Response) return gated
    return c.html(await renderPage(<PasswordPage ctx={gated.ctx} shown={{}} />))
  })

  app.post("/account/password", async (c) => {
    const gated = await gate(c, false, titles.password)
    if (gated instanceof Response) return gated
    const { ctx, actor } = gated
    const form = await c.req.parseBody()
    const again = async (issues: ReadonlyArray<Issue>, status: 409 | 422) =>
      c.html(await renderPage(<PasswordPage ctx={ctx} shown={{ issues }} />), status)
    if (formText(form, "password") !== formText(form, "password2")) {
      return c.html(
        await renderPage(<PasswordPage ctx={ctx} shown={{ error: t(words.passwordsDiffer, ctx) }} />),
        422
      )
    }
    const keepSession = c.get("sessionToken")
    return attempt(
      () =>
        kejin.accounts.changeOwnPassword(
          { current: formText(form, "current"), password: formText(form, "password") },
          { actor, ...(keepSession === undefined ? {} : { keepSession }) }
        ),
      again,
      async () =>
        c.html(await renderPage(<PasswordPage ctx={ctx} shown={{ notice: t(words.passwordChanged, ctx) }} />))
    )
  })

  return app
}
