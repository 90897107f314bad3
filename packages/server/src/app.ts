import type { Kejin } from "@kejin/core"
import { modules } from "@kejin/core/internal"
import {
  alertsPlugin,
  cityFundPlugin,
  createFormAnswerer,
  equityChainPlugin,
  IMPORT_BODY_BYTES,
  importsPlugin,
  isImportUpload,
  type KejinPlugin,
  linkagePlugin,
  linkageRecordsPlugin,
  mountDashboard,
  PluginError,
  patentPledgePlugin,
  reportsPlugin,
  targetsPlugin,
  uploadTooLarge
} from "@kejin/ui"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { methodOverride } from "hono/method-override"
import { adminPlugin } from "./admin/plugin.js"
import { adminRoutes } from "./admin/routes.js"
import { mountExports } from "./api/exports.js"
import { mountOperations } from "./api/operations.js"
import { auditRoutes } from "./audit/page.js"
import type { CookieOptions } from "./auth/cookies.js"
import type { KejinEnv } from "./auth/env.js"
import {
  authenticate,
  csrfProtection,
  type Limits,
  makeLimiters,
  requirePermission
} from "./auth/middleware.js"
import { authRoutes, dashboardSession } from "./auth/routes.js"
import { type PageCacheOptions, pageCache } from "./cache.js"
import { edgeHeaders } from "./headers.js"
import { openApiRoutes } from "./openapi/index.js"
import { failed, problem } from "./problem.js"
import { readRouting } from "./read-route.js"
import { reportRoutes } from "./reports/route.js"

export interface AppOptions {
  readonly kejin: Kejin
  /** Dashboard plugins besides the built-ins. */
  readonly plugins?: ReadonlyArray<KejinPlugin>
  /** Largest accepted request body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number
  readonly limits?: Limits
  /** Trust `X-Forwarded-Proto`/`X-Forwarded-Host` from a TLS-terminating reverse proxy. */
  readonly trustProxy?: boolean
  /** The dashboard's page and fragments kept by the store's data version (see cache.ts); `false`: none. */
  readonly pageCache?: PageCacheOptions | false
}

export const builtinPlugins: ReadonlyArray<KejinPlugin> = [
  // The notifications (alerts) of the roles that read them, first on the page.
  alertsPlugin,
  targetsPlugin,
  patentPledgePlugin,
  cityFundPlugin,
  equityChainPlugin,
  linkagePlugin,
  linkageRecordsPlugin,
  // No panels: the header's link to the monthly report, which the server answers (reports/route.tsx).
  reportsPlugin,
  importsPlugin,
  // No panels: the header's links to people, tokens, the audit journal and one's own password.
  adminPlugin
]

/**
 * Adds the targets that plugins contribute and the store does not have yet (never overwrites one).
 * Call once at start-up, after `createApp` has checked the plugins.
 */
export const ensurePluginTargets = async (kejin: Kejin, plugins: ReadonlyArray<KejinPlugin>) => {
  // The plugins' measures first (kept in memory: registered at every start), so their targets can follow them.
  const registered = new Set((await kejin.targets.measures.list()).map((m) => m.id))
  for (const measure of plugins.flatMap((plugin) => plugin.measures ?? [])) {
    if (!registered.has(measure.id)) await kejin.targets.registerMeasure(measure)
  }
  const definitions = plugins.flatMap((plugin) =>
    (plugin.targets ?? []).map((t) => ({
      key: t.key,
      label: t.label.zh,
      labelEn: t.label.en,
      unit: t.unit,
      target: t.target,
      metric: t.metric
    }))
  )
  return definitions.length === 0 ? { inserted: [], existing: [] } : await kejin.targets.ensure(definitions)
}

/** Paths the server itself answers: a plugin route there would never be reached. */
export const SERVER_PATHS = ["/api", "/login", "/logout", "/setup", "/audit", "/reports", "/healthz"] as const

const checkPluginRoutes = (plugins: ReadonlyArray<KejinPlugin>) => {
  for (const plugin of plugins) {
    for (const route of plugin.routes ?? []) {
      const taken = SERVER_PATHS.find((p) => route.path === p || route.path.startsWith(`${p}/`))
      if (taken !== undefined) {
        throw new PluginError(
          `plugin "${plugin.id}": route ${route.method} ${route.path} is under ${taken}, which the server answers itself`
        )
      }
    }
  }
}

/**
 * The whole HTTP surface: secure headers (nonce-based CSP), body limit, authentication (bearer token or
 * session cookie), CSRF protection, the JSON API under /api/v1, sign-in pages, the audit page and the
 * htmx dashboard under /.
 */
export const createApp = (options: AppOptions) => {
  const { kejin } = options
  const cookies: CookieOptions = { trustProxy: options.trustProxy ?? false }
  const limiters = makeLimiters(options.limits, kejin)
  const app = new Hono<KejinEnv>()
  const plugins = [...builtinPlugins, ...(options.plugins ?? [])]
  checkPluginRoutes(plugins)

  // Every request's id and CSP nonce; on every answer the secure headers (made once), its id, and `no-store`
  // on what depends on the actor (headers.ts).
  app.use(edgeHeaders())
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const bodyLimited = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) =>
      problem(c, {
        type: "https://kejin.dev/problems/too-large",
        title: "Request body too large",
        status: 413
      })
  })
  // A spreadsheet posted to the import pages may be up to 20 MB; past that the page says so in its words.
  const uploadLimited = bodyLimit({
    maxSize: Math.max(IMPORT_BODY_BYTES, maxBodyBytes),
    onError: uploadTooLarge
  })
  // A GET or HEAD request has no body (the Fetch API gives it none): not asking spares building the
  // request's full Request object in @hono/node-server, the largest cost of a kept fragment's answer.
  app.use((c, next) =>
    c.req.method === "GET" || c.req.method === "HEAD"
      ? next()
      : isImportUpload(c.req.method, c.req.path)
        ? uploadLimited(c, next)
        : bodyLimited(c, next)
  )
  app.get("/healthz", (c) => c.json({ ok: true }))
  // A dashboard form cannot send PATCH: it posts with `_method=PATCH`, and the request is answered as the
  // PATCH it stands for (from the start: authentication and the CSRF check run on that request).
  app.use("/api/v1/*", methodOverride({ app }))
  app.use(authenticate(kejin, limiters, cookies.trustProxy === true))
  app.use(csrfProtection(cookies))
  // With a read replica: reads that may lag go there once it holds the person's last write.
  app.use(readRouting(kejin, cookies))

  // The JSON API: everything needs an actor; permissions checked here and again in the core for writes.
  // The declared operations' routes check their own (mountOperations below).
  app.use("/api/v1/*", requirePermission("dashboard.read"))
  // Every area's JSON operations are declared (core modules.ts): each derived route checks its own
  // permission; a fund manager reads only their own funds' ledgers and writes only to their funds (the core).
  // The dashboard's forms post to these same routes; the dashboard answers them as HTML.
  const dashboard = { kejin, plugins, session: dashboardSession }
  // Every list's CSV and XLSX export (derived from the list's declaration), before the operations' routes:
  // `/api/v1/funds/export.csv` is the export, not the fund whose code would be `export.csv`.
  mountExports(app, kejin, modules)
  mountOperations(app, kejin, modules, { forms: createFormAnswerer(dashboard) })
  // The OpenAPI document and its page are public: they describe the API, they hold no data.
  app.route("/api", openApiRoutes())

  app.route("/", authRoutes(kejin, limiters, cookies, plugins))
  app.route("/", auditRoutes(kejin, plugins))
  app.route("/", adminRoutes(kejin, plugins))
  app.route("/", reportRoutes(kejin, plugins))
  app.use("/", async (c, next) => {
    // First run: nobody can sign in until an administrator exists.
    if (c.get("actor") === undefined && c.req.method === "GET" && !(await kejin.accounts.hasUsers())) {
      return c.redirect("/setup", 303)
    }
    return next()
  })
  // The page and the panel fragments, answered from memory while the store's data version stands.
  if (options.pageCache !== false) app.use(pageCache(kejin, options.pageCache))
  mountDashboard(app, dashboard)

  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? problem(c, { type: "https://kejin.dev/problems/not-found", title: "Not found", status: 404 })
      : c.text("Not found", 404)
  )
  // What no handler caught: an error of the core is its own problem (a 404, a 503 to retry), anything else
  // a 500 that says nothing; only failures of the system are logged.
  app.onError((error, c) => failed(c, error))
  return app
}
