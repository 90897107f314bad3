import { expect } from "vitest"
import type { createApp } from "./app.js"

/*
 * For tests (never built: tsconfig excludes `*.testing.ts`): a browser's session with an app — sign in
 * through the login form, read the page's CSRF token, post forms as the dashboard does.
 */

const origin = "http://localhost"

/** A signed-in session: its cookie and the CSRF token its pages carry. */
export interface Session {
  readonly cookie: string
  readonly csrf: string
}

export const browserSession = (app: () => ReturnType<typeof createApp>, password: string) => ({
  /** Signs `login` in through the form and reads the token from the dashboard page. */
  signIn: async (login: string): Promise<Session> => {
    const response = await app().request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams({ login, password, next: "/" }).toString()
    })
    expect(response.status).toBe(303)
    const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? ""
    const page = await (await app().request("/", { headers: { cookie } })).text()
    const csrf = /"X-CSRF-Token":"([^"]+)"/.exec(page.replaceAll("&quot;", '"'))?.[1] ?? ""
    return { cookie, csrf }
  },
  /** Posts `fields` as a form riding on the session's cookie (htmx's `HX-Request` unless `headers` say otherwise). */
  postForm: (
    session: { readonly cookie: string },
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = { "HX-Request": "true" }
  ) =>
    app().request(path, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin,
        cookie: session.cookie,
        ...headers
      },
      body: new URLSearchParams(fields).toString()
    })
})
