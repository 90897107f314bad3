import type { Kejin } from "@kejin/core"
import { Database, dataVersion, withReplicaReads, withVersionAtLeast } from "@kejin/core/internal"
import { Effect } from "effect"
import type { Context, MiddlewareHandler } from "hono"
import { getCookie, setCookie } from "hono/cookie"
import { type CookieOptions, isTls } from "./auth/cookies.js"
import type { KejinEnv } from "./auth/env.js"

/**
 * The journal position of a person's last write (`kejin_seen`): the primary's journal head just after it,
 * so any replica at that head or past it holds the write. A plain number the browser sends back; forging
 * it only changes where that browser's own reads come from.
 */
export const SEEN_COOKIE = "kejin_seen"

/** Where a request's reads came from, when the server has a replica: `replica` or `primary`. */
export const READ_FROM_HEADER = "Kejin-Read-From"

/** Paths whose reads never go to a replica: signing in and out, first set-up, people and tokens, the audit. */
const FRESH_PATHS =
  /^\/(?:login|logout|setup|audit|admin|account|assets\/|healthz$|api\/(?:openapi\.json|docs))/

/** A read that may lag: a GET or HEAD of the dashboard, its fragments and pages, the JSON API, the exports. */
const mayLag = (c: Context) =>
  (c.req.method === "GET" || c.req.method === "HEAD") && !FRESH_PATHS.test(c.req.path)

const seenOf = (c: Context): bigint => {
  const text = getCookie(c, SEEN_COOKIE)
  return text !== undefined && /^\d{1,19}$/.test(text) ? BigInt(text) : 0n
}

/**
 * Read-your-writes by journal position, for a server with a read replica (`--read-database`; without one
 * this does nothing):
 * - after a write by a signed-in person (any other method answered below 400), the primary's journal head
 *   goes into their `kejin_seen` cookie;
 * - a read that may lag by a signed-in person goes to the replica when the replica's journal head has
 *   reached their `kejin_seen` (one primary-key read on the replica), else to the primary. The page cache
 *   keys its answer by that head (`readVersion`), so what it keeps was read at that position or later.
 * - a read of the primary by a person is answered at their `kejin_seen` or later: the data version this
 *   server keeps in memory (PostgreSQL LISTEN/NOTIFY, core store/version.ts) is read afresh while it is
 *   below, so a figure cached here never misses their write on another server before its notification.
 * On a PostgreSQL store without a replica the cookie and the last rule hold too (several servers on one
 * database); on SQLite this does nothing.
 * Programs (bearer tokens) carry no cookie: their reads stay on the primary, so a program reads its own
 * write at once whichever server answers. A replica that cannot answer sends the reads to the primary.
 */
export const readRouting = (kejin: Kejin, cookies: CookieOptions): MiddlewareHandler<KejinEnv> => {
  type Kind = "sqlite" | "postgres" | "replica"
  let store: Promise<Kind> | undefined
  /** The kind once known: a SQLite store's requests then pass without waiting for anything. */
  let known: Kind | undefined
  const kind = () => {
    store ??= kejin
      .run(
        Database.use((d) =>
          Effect.succeed<Kind>(
            d.replica !== undefined ? "replica" : d.pgPool !== undefined ? "postgres" : "sqlite"
          )
        )
      )
      .then((k) => {
        known = k
        return k
      })
    return store
  }
  /** The person's reads of the primary, at their last write or later. */
  const atTheirWrite = (c: Context, next: () => Promise<void>) => {
    const seen = seenOf(c)
    return seen > 0n ? withVersionAtLeast(seen, next) : next()
  }
  return async (c, next) => {
    if (known === "sqlite") return next()
    const store = known ?? (await kind())
    if (store === "sqlite") return next()
    const person = c.get("authVia") === "session"
    if (store === "postgres" || !mayLag(c)) {
      await (person ? atTheirWrite(c, next) : next())
      if (store === "replica") c.res.headers.set(READ_FROM_HEADER, "primary")
      const write = c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS"
      if (person && write && c.res.status < 400) {
        const head = await kejin.run(Database.use((d) => Effect.promise(() => dataVersion(d.primary))))
        setCookie(c, SEEN_COOKIE, head, {
          path: "/",
          httpOnly: true,
          secure: isTls(c, cookies),
          sameSite: "Lax"
        })
      }
      return
    }
    const head = person
      ? await kejin.run(Database.use((d) => d.replicaHead)).catch((error: unknown) => {
          console.error(`read replica unavailable, reading the primary: ${(error as Error).message}`)
          return undefined
        })
      : undefined
    if (head === undefined || head < seenOf(c)) {
      await atTheirWrite(c, next)
      c.res.headers.set(READ_FROM_HEADER, "primary")
      return
    }
    c.set("readVersion", String(head))
    await withReplicaReads(() => next())
    c.res.headers.set(READ_FROM_HEADER, "replica")
  }
}
