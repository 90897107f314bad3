import { type Actor, can, describeError, type Kejin } from "@kejin/core"
import { execute, type Module, modules } from "@kejin/core/internal"
import { Hono } from "hono"
import { methodOverride } from "hono/method-override"
import { createDashboard, createFormAnswerer } from "../dashboard/dashboard.js"
import type { KejinPlugin } from "../plugin.js"

/*
 * For tests: requests to a dashboard as a signed-in actor, and the answers as status, HTML and headers.
 * The dashboard's forms post to the declared operations' routes, which @kejin/server serves; here each
 * form's operation gets a stand-in route that checks the operation's permission, merges the path's
 * parameters into the input and runs the operation as the actor (the server's route does the same, with
 * its CSRF and JSON checks besides: its own tests cover those, and the browser tests the two together).
 */

/** What the dashboard answered. */
export interface Answer {
  readonly status: number
  readonly html: string
  readonly headers: Headers
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  html: await response.text(),
  headers: response.headers
})

/** The form routes of `plugins` (see the module comment), as `actor`. */
const formRoutes = (kejin: Kejin, plugins: ReadonlyArray<KejinPlugin>, actor: Actor) => {
  const app = new Hono()
  app.use(methodOverride({ app }))
  // The status an error declares (403 for a write the actor may not make, 404 for a record not found).
  app.onError((error, c) => c.text(error.message, (describeError(error)?.status ?? 500) as 500))
  const answer = createFormAnswerer({ kejin, plugins, session: () => ({ actor, csrfToken: "t" }) })
  for (const plugin of plugins)
    for (const form of plugin.forms ?? []) {
      // The operation as the core runs it (the form names its declaration).
      const op = (modules as ReadonlyArray<Module>)
        .flatMap((m) => m.operations)
        .find((o) => o.name === form.operation.name)
      const http = op?.http
      if (op === undefined || http === undefined) continue
      app.on(http.method.toUpperCase(), http.path.replace(/\{([A-Za-z]+)\}/g, ":$1"), async (c) => {
        // The route's permission check comes first, as the server's does.
        if (!can(actor, op.permission)) return c.text(`${actor.role} may not ${op.permission}`, 403)
        const response = answer(c, op, async (input) => {
          const fromPath = Object.entries(http.params ?? {}).map(([name, p]) => {
            const text = c.req.param(name) ?? ""
            return [p.field ?? name, p.kind === "code" ? text : Number(text)] as const
          })
          const merged = { ...(input as object), ...Object.fromEntries(fromPath) }
          return kejin.run(execute(op, merged, { actor }))
        })
        if (response === undefined) throw new Error(`no form answers ${op.name}`)
        return response
      })
    }
  return app
}

/**
 * A dashboard of `plugins` over the core `kejin()` returns (read at each request, so a suite may open it in
 * `beforeAll`), each request signed in as `actor` with the session's CSRF token "t"; the forms' operations
 * answer at their routes (`/api/v1/…`).
 */
export const dashboardClient = (kejin: () => Kejin, plugins: ReadonlyArray<KejinPlugin>) => {
  const appAs = (actor: Actor) => {
    const app = new Hono()
    app.route("/", formRoutes(kejin(), plugins, actor))
    app.route("/", createDashboard({ kejin: kejin(), plugins, session: () => ({ actor, csrfToken: "t" }) }))
    return app
  }
  const post = async (
    actor: Actor,
    path: string,
    fields: Record<string, string>,
    htmx = true
  ): Promise<Answer> =>
    answerOf(
      await appAs(actor).request(path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(htmx ? { "HX-Request": "true" } : {})
        },
        body: new URLSearchParams({ _csrf: "t", ...fields }).toString()
      })
    )
  return {
    appAs,
    get: async (actor: Actor, path: string, headers: Record<string, string> = {}): Promise<Answer> =>
      answerOf(await appAs(actor).request(path, { headers })),
    /** Posts `fields` as a form with the session's token, as htmx does unless `htmx` is false. */
    post,
    /**
     * Submits form `formId` of the page at `page` as a person would: to the form's `action`, with its
     * hidden fields (the CSRF token, `_method`, …) and `fields` as typed. Throws when the page (as `actor`
     * sees it) has no such form.
     */
    submit: async (
      actor: Actor,
      page: string,
      formId: string,
      fields: Record<string, string>,
      htmx = true
    ): Promise<Answer> => {
      const html = await (await appAs(actor).request(page)).text()
      const form = new RegExp(`<form id="${formId}"[^>]*>[\\s\\S]*?</form>`).exec(html)?.[0]
      const action = form === undefined ? undefined : / action="([^"]*)"/.exec(form)?.[1]
      if (form === undefined || action === undefined) throw new Error(`no form ${formId} on ${page}`)
      const hidden = Object.fromEntries(
        [...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map((m) => [
          m[1] ?? "",
          unescapeHtml(m[2] ?? "")
        ])
      )
      return post(actor, unescapeHtml(action), { ...hidden, ...fields }, htmx)
    }
  }
}

const unescapeHtml = (text: string): string =>
  text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
