import { type Kejin, modules, type Permission } from "@kejin/core"
import {
  cityFundPlugin,
  equityChainPlugin,
  type KejinPlugin,
  linkagePlugin,
  mountDashboard,
  PluginError,
  patentPledgePlugin,
  targetsPlugin
} from "@kejin/ui"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { NONCE, secureHeaders } from "hono/secure-headers"
import { enterprisesApi } from "./api/enterprises.js"
import { fundsApi } from "./api/funds.js"
import { institutionsApi } from "./api/institutions.js"
import { linkageApi } from "./api/linkage.js"
import { mountOperations } from "./api/operations.js"
import { pledgesApi } from "./api/pledges.js"
import { targetsApi } from "./api/targets.js"
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
import { openApiRoutes } from "./openapi/index.js"
import { problem } from "./problem.js"

export interface AppOptions {
  readonly kejin: Kejin
  /** Dashboard plugins besides the built-ins. */
  readonly plugins?: ReadonlyArray<KejinPlugin>
  /** Largest accepted request body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number
  readonly limits?: Limits
  /** Trust `X-Forwarded-Proto`/`X-Forwarded-Host` from a TLS-terminating reverse proxy. */
  readonly trustProxy?: boolean
}

export const builtinPlugins: ReadonlyArray<KejinPlugin> = [
  targetsPlugin,
  patentPledgePlugin,
  cityFundPlugin,
  equityChainPlugin,
  linkagePlugin
]

/**
 * Adds the targets that plugins contribute and the store does not have yet (never overwrites one).
 * Call once at start-up, after `createApp` has checked the plugins.
 */
export const ensurePluginTargets = async (kejin: Kejin, plugins: ReadonlyArray<KejinPlugin>) => {
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
export const SERVER_PATHS = ["/api", "/login", "/logout", "/setup", "/audit", "/healthz"] as const

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
  const limiters = makeLimiters(options.limits)
  const app = new Hono<KejinEnv>()
  const plugins = [...builtinPlugins, ...(options.plugins ?? [])]
  checkPluginRoutes(plugins)

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"]
      },
      referrerPolicy: "same-origin",
      crossOriginResourcePolicy: "same-origin",
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] }
    })
  )
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
  app.get("/healthz", (c) => c.json({ ok: true }))
  app.use(authenticate(kejin, limiters))
  app.use(csrfProtection(cookies))

  // The JSON API: everything needs an actor; permissions checked here and again in the core for writes.
  app.use("/api/v1/*", requirePermission("dashboard.read"))
  app.on(["GET", "HEAD"], "/api/v1/targets/*", requirePermission("targets.read"))
  app.on(["GET", "HEAD"], "/api/v1/pledges/*", requirePermission("pledges.read"))
  app.on(["GET", "HEAD"], "/api/v1/pledges", requirePermission("pledges.read"))
  app.on("POST", "/api/v1/pledges/*", requirePermission("pledges.write"))
  app.on("POST", "/api/v1/pledges", requirePermission("pledges.write"))
  app.on(["GET", "HEAD"], "/api/v1/targets", requirePermission("targets.read"))
  app.on(["POST", "PATCH", "PUT", "DELETE"], "/api/v1/targets/*", requirePermission("targets.write"))
  app.on(["POST", "PATCH", "PUT", "DELETE"], "/api/v1/targets", requirePermission("targets.write"))
  // Funds: reads need funds.read (a fund manager reads only their own funds' ledgers: checked in the
  // handler), writes funds.write (a fund manager writes only to their funds: checked in the core).
  const readsOf = (permission: Permission, ...paths: ReadonlyArray<string>) => {
    for (const path of paths) app.on(["GET", "HEAD"], path, requirePermission(permission))
  }
  const writesOf = (permission: Permission, ...paths: ReadonlyArray<string>) => {
    for (const path of paths) app.on(["POST", "PATCH", "PUT", "DELETE"], path, requirePermission(permission))
  }
  const fundPaths = ["/api/v1/funds", "/api/v1/funds/*", "/api/v1/fund-entries/*"]
  readsOf("funds.read", ...fundPaths, "/api/v1/metrics/*", "/api/v1/city-fund")
  writesOf("funds.write", ...fundPaths, "/api/v1/metrics/*", "/api/v1/city-fund")
  // The registry: read by every signed-in role; enterprises written by whoever records deals or pledges,
  // institutions by the bureau and admins.
  readsOf("dashboard.read", "/api/v1/enterprises", "/api/v1/enterprises/*", "/api/v1/institutions")
  writesOf("enterprises.write", "/api/v1/enterprises", "/api/v1/enterprises/*")
  writesOf("institutions.write", "/api/v1/institutions", "/api/v1/institutions/*")
  // The linkage pilots (五) are read by every signed-in role (`/api/v1/*`); their writes are declared
  // operations, each route checking its own permission (`linkage.write`: the bureau and admins).
  mountOperations(app, kejin, modules)
  app.route("/api/v1/pledges", pledgesApi(kejin))
  app.route("/api/v1/targets", targetsApi(kejin))
  app.route("/api/v1", fundsApi(kejin))
  app.route("/api/v1/enterprises", enterprisesApi(kejin))
  app.route("/api/v1/institutions", institutionsApi(kejin))
  app.route("/api/v1/linkage", linkageApi(kejin))
  // The OpenAPI document and its page are public: they describe the API, they hold no data.
  app.route("/api", openApiRoutes())

  app.route("/", authRoutes(kejin, limiters, cookies, plugins))
  app.route("/", auditRoutes(kejin, plugins))
  app.use("/", async (c, next) => {
    // First run: nobody can sign in until an administrator exists.
    if (c.get("actor") === undefined && c.req.method === "GET" && !(await kejin.accounts.hasUsers())) {
      return c.redirect("/setup", 303)
    }
    return next()
  })
  mountDashboard(app, {
    kejin,
    plugins,
    session: dashboardSession
  })

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
