import type { Kejin } from "@kejin/core"
import { type KejinPlugin, mountDashboard, targetsPlugin } from "@kejin/ui"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { secureHeaders } from "hono/secure-headers"
import { pledgesApi } from "./api/pledges.js"
import { targetsApi } from "./api/targets.js"
import { problem } from "./problem.js"

export interface AppOptions {
  readonly kejin: Kejin
  /** Dashboard plugins besides the built-ins. */
  readonly plugins?: ReadonlyArray<KejinPlugin>
  /** Largest accepted request body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number
}

export const builtinPlugins: ReadonlyArray<KejinPlugin> = [targetsPlugin]

/** The whole HTTP surface: JSON API under /api/v1, the htmx dashboard under /. */
export const createApp = (options: AppOptions) => {
  const app = new Hono()
  app.use(secureHeaders())
  app.use(
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 1024 * 1024,
      onError: (c) =>
        problem(c, {
          type: "https://kejin.dev/problems/too-large",
          title: "Request body too large",
          status: 413
        })
    })
  )
  app.route("/api/v1/pledges", pledgesApi(options.kejin))
  app.route("/api/v1/targets", targetsApi(options.kejin))
  app.get("/healthz", (c) => c.json({ ok: true }))
  mountDashboard(app, { kejin: options.kejin, plugins: [...builtinPlugins, ...(options.plugins ?? [])] })
  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? problem(c, { type: "https://kejin.dev/problems/not-found", title: "Not found", status: 404 })
      : c.text("Not found", 404)
  )
  app.onError((error, c) => {
    console.error(error)
    return problem(c, { type: "https://kejin.dev/problems/internal", title: "Internal error", status: 500 })
  })
  return app
}
