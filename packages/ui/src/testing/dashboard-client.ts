import type { Actor, Kejin } from "@kejin/core"
import { createDashboard } from "../dashboard/dashboard.js"
import type { KejinPlugin } from "../plugin.js"

/*
 * For tests: requests to a dashboard as a signed-in actor, and the answers as status, HTML and headers.
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

/**
 * A dashboard of `plugins` over the core `kejin()` returns (read at each request, so a suite may open it in
 * `beforeAll`), each request signed in as `actor` with the session's CSRF token "t".
 */
export const dashboardClient = (kejin: () => Kejin, plugins: ReadonlyArray<KejinPlugin>) => {
  const appAs = (actor: Actor) =>
    createDashboard({ kejin: kejin(), plugins, session: () => ({ actor, csrfToken: "t" }) })
  return {
    appAs,
    get: async (actor: Actor, path: string, headers: Record<string, string> = {}): Promise<Answer> =>
      answerOf(await appAs(actor).request(path, { headers })),
    /** Posts `fields` as a form with the session's token, as htmx does unless `htmx` is false. */
    post: async (actor: Actor, path: string, fields: Record<string, string>, htmx = true): Promise<Answer> =>
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
  }
}
