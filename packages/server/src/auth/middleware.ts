import { timingSafeEqual } from "node:crypto"
import { getConnInfo } from "@hono/node-server/conninfo"
import type { Kejin, Permission } from "@kejin/core"
import { can } from "@kejin/core"
import { Database } from "@kejin/core/internal"
import { Effect } from "effect"
import type { Context, MiddlewareHandler } from "hono"
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes
} from "rate-limiter-flexible"
import { problem } from "../problem.js"
import { type CookieOptions, readSessionCookie } from "./cookies.js"
import type { KejinEnv } from "./env.js"
import { keepSignedOutForm, keptFormsOf } from "./kept-forms.js"

export interface Limits {
  /** Login attempts per client address and login, per 15 minutes (default 10). */
  readonly loginAttempts?: number
  /** Requests per bearer token per minute (default 600). */
  readonly tokenRequestsPerMinute?: number
  /** Unknown or revoked bearer tokens per client address, per 15 minutes (default 10). */
  readonly unknownTokenAttempts?: number
}

/**
 * The client's address, for rate limits: the connection's peer, or behind a trusted reverse proxy
 * (`trustProxy`) the address the proxy appended last to `X-Forwarded-For` (what a client sends there
 * itself comes before it, so it cannot pick its own limit). Tests through `app.request` have none.
 */
export const clientAddressOf = (c: Context, trustProxy: boolean): string => {
  if (trustProxy) {
    const forwarded = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .at(-1)
    if (forwarded !== undefined) return forwarded
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown"
  } catch {
    return "unknown"
  }
}

/** Whether the request's client address is the one a trusted proxy forwarded (see {@link authenticate}). */
const behindProxy = new WeakMap<Context, boolean>()

/**
 * The request's client address (see {@link clientAddressOf}), found when first asked (only the limits ask:
 * a bearer token's, sign-in's) and kept on the request.
 */
export const clientAddress = (c: Context<KejinEnv>): string => {
  let address = c.get("clientAddress")
  if (address === undefined) {
    address = clientAddressOf(c, behindProxy.get(c) === true)
    c.set("clientAddress", address)
  }
  return address
}

/** The primary's PostgreSQL pool (pg's `Pool`). */
type Pool = NonNullable<Database["Service"]["pgPool"]>

/** One rate limit: what the middleware asks of rate-limiter-flexible's limiters. */
export interface Limiter {
  readonly points: number
  get(key: string): Promise<RateLimiterRes | null>
  consume(key: string): Promise<RateLimiterRes>
  reward(key: string, points: number): Promise<RateLimiterRes>
}

/** The table of the limits shared by server processes on one PostgreSQL store (one row per key). */
export const RATE_LIMIT_TABLE = "kejin_rate_limits"

/**
 * The table for the shared limits, made once per process (`create table if not exists`, which several
 * processes starting at once may race on: whoever loses finds it made), expired rows cleared at start.
 */
const rateLimitTable = async (pool: Pool): Promise<void> => {
  const create = `create table if not exists ${RATE_LIMIT_TABLE} (
    key varchar(255) primary key, points integer not null default 0, expire bigint)`
  try {
    await pool.query(create)
  } catch (error) {
    const exists = await pool.query("select to_regclass($1) as t", [RATE_LIMIT_TABLE])
    if (exists.rows[0]?.t === null) throw error
  }
  await pool.query(`delete from ${RATE_LIMIT_TABLE} where expire < $1`, [Date.now() - 60 * 60 * 1000])
}

const asNumbers = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value]) // float-ok: ms timestamps and point counts, far below 2^53
  )

/**
 * A limit kept where the store is: in this process for SQLite (one server), in the PostgreSQL store for
 * PostgreSQL, so that every server process sharing it counts the same points (rate-limiter-flexible's
 * PostgreSQL store: one `insert … on conflict … returning` per point, no session state, unnamed
 * statements — pgbouncer in transaction pooling serves it). Should PostgreSQL fail, the process's own
 * memory counts meanwhile (`insuranceLimiter`). Which one is decided at the first use.
 */
const sharedLimiter = (
  options: { readonly keyPrefix: string; readonly points: number; readonly duration: number },
  store: () => Promise<Pool | undefined>
): Limiter => {
  let chosen: Promise<RateLimiterAbstract> | undefined
  const limiter = () => {
    chosen ??= store().then(async (pool) => {
      const memory = new RateLimiterMemory(options)
      if (pool === undefined) return memory
      await rateLimitTable(pool)
      return new RateLimiterPostgres({
        ...options,
        // Statements without a name: a named one is prepared on one server connection and, behind
        // pgbouncer's transaction pooling, asked for on another.
        // Kejin's pool reads int8 as bigint; the limiter counts in numbers (ms since 1970 and points).
        storeClient: {
          query: async (q: { text: string; values?: Array<unknown> }) => {
            const result = await pool.query({ text: q.text, values: q.values ?? [] })
            return { ...result, rows: result.rows.map(asNumbers) }
          }
        },
        storeType: "pool",
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        clearExpiredByTimeout: false,
        insuranceLimiter: memory
      })
    })
    chosen.catch(() => {
      chosen = undefined
    })
    return chosen
  }
  return {
    points: options.points,
    get: async (key) => (await limiter()).get(key),
    consume: async (key) => (await limiter()).consume(key),
    reward: async (key, points) => (await limiter()).reward(key, points)
  }
}

/**
 * The limits, shared by every process on the store when `kejin` is on PostgreSQL (in memory on SQLite, or
 * without `kejin`).
 */
export const makeLimiters = (limits: Limits = {}, kejin?: Kejin) => {
  const store = async () =>
    kejin === undefined ? undefined : kejin.run(Database.use((d) => Effect.succeed(d.pgPool)))
  return {
    login: sharedLimiter(
      { keyPrefix: "login", points: limits.loginAttempts ?? 10, duration: 15 * 60 },
      store
    ),
    token: sharedLimiter(
      { keyPrefix: "token", points: limits.tokenRequestsPerMinute ?? 600, duration: 60 },
      store
    ),
    unknownToken: sharedLimiter(
      { keyPrefix: "unknown-token", points: limits.unknownTokenAttempts ?? 10, duration: 15 * 60 },
      store
    )
  }
}
export type Limiters = ReturnType<typeof makeLimiters>

/** The seconds to wait when `key` has used up its points already (consumes nothing), else undefined. */
export const exhausted = async (limiter: Limiter, key: string): Promise<number | undefined> => {
  const state = await limiter.get(key)
  return state !== null && state.consumedPoints >= limiter.points
    ? Math.max(1, Math.ceil(state.msBeforeNext / 1000))
    : undefined
}

/** Consumes one point; returns the seconds to wait when the limit is reached. */
export const overLimit = async (limiter: Limiter, key: string): Promise<number | undefined> => {
  try {
    await limiter.consume(key)
    return undefined
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000))
    throw error
  }
}

export const tooManyRequests = (c: Context, retryAfter: number) => {
  c.header("Retry-After", String(retryAfter))
  return problem(c, {
    type: "https://kejin.dev/problems/rate-limited",
    title: "Too many requests",
    status: 429,
    detail: `try again in ${retryAfter} s`
  })
}

/**
 * Recognises the actor: `Authorization: Bearer <token>` for programs, the session cookie for people.
 * A bearer token that is unknown or revoked is a 401 at once; a stale cookie just means "nobody".
 * Unknown tokens count against the client address like failed sign-ins: past the limit, the address gets
 * 429 (and no token is looked up) until the window ends. `trustProxy`: the client address is the one the
 * trusted reverse proxy forwarded (see {@link clientAddressOf}).
 */
export const authenticate = (
  kejin: Kejin,
  limiters: Limiters,
  trustProxy = false
): MiddlewareHandler<KejinEnv> => {
  const keptForms = keptFormsOf(kejin)
  return async (c, next) => {
    if (trustProxy) behindProxy.set(c, true)
    c.set("keptForms", keptForms)
    const authorization = c.req.header("authorization")
    if (authorization !== undefined) {
      const address = clientAddress(c)
      const blocked = await exhausted(limiters.unknownToken, address)
      if (blocked !== undefined) return tooManyRequests(c, blocked)
      const match = /^Bearer\s+(\S+)$/i.exec(authorization)
      const actor = match ? await kejin.accounts.tokenActor(match[1]!) : undefined
      if (actor === undefined) {
        const wait = await overLimit(limiters.unknownToken, address)
        if (wait !== undefined) return tooManyRequests(c, wait)
        c.header("WWW-Authenticate", 'Bearer realm="kejin"')
        return problem(c, {
          type: "https://kejin.dev/problems/unauthorized",
          title: "Unknown or revoked token",
          status: 401
        })
      }
      const wait = await overLimit(limiters.token, actor.id)
      if (wait !== undefined) return tooManyRequests(c, wait)
      c.set("actor", actor)
      c.set("authVia", "token")
      return next()
    }
    const sessionToken = readSessionCookie(c)
    if (sessionToken !== undefined) {
      const session = await kejin.accounts.session(sessionToken)
      if (session !== undefined) {
        c.set("actor", session.actor)
        c.set("authVia", "session")
        c.set("csrfToken", session.csrfToken)
        c.set("sessionToken", sessionToken)
      }
    }
    return next()
  }
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"])

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

const forbidden = (c: Context, detail: string) =>
  problem(c, {
    type: "https://kejin.dev/problems/csrf",
    title: "Cross-site request refused",
    status: 403,
    detail
  })

/**
 * CSRF protection for every state-changing request that rides on the cookie: the request must come
 * from this origin (Origin, else Sec-Fetch-Site), and with a session it must carry the session's token
 * (`X-CSRF-Token`, sent by htmx through `hx-headers`, or a `_csrf` form field). Bearer-token requests
 * carry no ambient credentials and are not checked.
 */
export const csrfProtection =
  (options: CookieOptions): MiddlewareHandler<KejinEnv> =>
  async (c, next) => {
    if (safeMethods.has(c.req.method) || c.get("authVia") === "token") return next()
    const origin = c.req.header("origin")
    const site = c.req.header("sec-fetch-site")
    const host = options.trustProxy
      ? (c.req.header("x-forwarded-host") ?? c.req.header("host"))
      : c.req.header("host")
    const expectedHost = host ?? new URL(c.req.url).host
    if (origin !== undefined && origin !== "null") {
      let originHost: string | undefined
      try {
        originHost = new URL(origin).host
      } catch {
        originHost = undefined
      }
      if (originHost !== expectedHost) return forbidden(c, `requests from ${origin} are not accepted`)
    } else if (origin === "null" || (site !== undefined && site !== "same-origin" && site !== "none")) {
      return forbidden(c, "cross-site requests are not accepted")
    }
    const expected = c.get("csrfToken")
    if (expected !== undefined) {
      let sent = c.req.header("x-csrf-token")
      if (
        sent === undefined &&
        /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header("content-type") ?? "")
      ) {
        const field = (await c.req.parseBody())._csrf
        sent = typeof field === "string" ? field : undefined
      }
      if (sent === undefined || !sameSecret(sent, expected))
        return forbidden(c, "the CSRF token is missing or wrong")
    }
    return next()
  }

/** API routes: 401 without an actor, 403 without the permission. */
export const requirePermission =
  (permission: Permission): MiddlewareHandler<KejinEnv> =>
  async (c, next) => {
    const actor = c.get("actor")
    if (actor === undefined) {
      // A person's form sent without JavaScript after the session ended: kept, and off to sign in.
      const kept = await keepSignedOutForm(c)
      if (kept !== undefined) return kept
      c.header("WWW-Authenticate", 'Bearer realm="kejin"')
      return problem(c, {
        type: "https://kejin.dev/problems/unauthorized",
        title: "Sign in or send a bearer token",
        status: 401
      })
    }
    if (!can(actor, permission)) {
      return problem(c, {
        type: "https://kejin.dev/problems/forbidden",
        title: "Forbidden",
        status: 403,
        detail: `${actor.id} (${actor.role}) may not ${permission}`
      })
    }
    return next()
  }
