import { createHash } from "node:crypto"
import type { Kejin } from "@kejin/core"
import { type Db, dataVersion, dataVersionNow, storeDb } from "@kejin/core/internal"
import type { Context, MiddlewareHandler } from "hono"
import type { KejinEnv } from "./auth/env.js"
import { wholeAnswer } from "./headers.js"

export interface PageCacheOptions {
  /** Answers kept at most (the least recently used go first); default 1000. */
  readonly maxEntries?: number
  /** Characters of kept bodies at most, all answers together (the least recently used go first); default 32 Mi. */
  readonly maxChars?: number
  /**
   * How long an answer is kept at most even when nothing was written, in ms (default 60 s): some figures
   * follow the calendar (a target's pace as of today), which moves without a write.
   */
  readonly maxAgeMs?: number
  /** The store's data version; default: the journal head, read for every request. */
  readonly version?: () => Promise<string>
}

interface Entry {
  readonly version: string
  readonly at: number
  /** The body with the request's CSP nonce (if any) replaced by {@link NONCE_MARK}. */
  readonly body: string
  readonly etag: string
  /** The answer's cache headers, for htmx (revalidated by the ETag) and not (never stored). */
  readonly headers: { readonly htmx: Record<string, string>; readonly plain: Record<string, string> }
}

const PLAIN_HEADERS: Record<string, string> = { Vary: "HX-Request", "Cache-Control": "no-store" }

/** Stands for the request's CSP nonce in a kept page: each answer gets its own request's nonce. */
const NONCE_MARK = "\u0000kejin-nonce\u0000"

/** The dashboard's page and its panel fragments: what the cache keeps. Never a write, a form or a list. */
export const cacheablePath = (path: string) => path === "/" || /^\/panels\/[^/]+\/[^/]+$/.test(path)

/**
 * Keeps the dashboard's page and panel fragments by the store's data version (the journal head): while
 * nothing is written, the same request is answered from memory; any write, by this process or another
 * sharing the store, moves the head and the next request renders afresh (the head is read for every
 * request: one primary-key read, and nobody's next request can miss their own write, whichever server
 * answers it; a request that reads from the read replica is keyed by the replica's head instead, read once
 * for the routing, see read-route.ts). An htmx fragment carries an `ETag` (a hash of its body) and `Cache-Control: private,
 * no-cache`, so a browser asks again with `If-None-Match` and gets `304 Not Modified` while it is the same.
 *
 * An answer is kept by everything it depends on: the path and query (the language is `?lang=`), whether
 * htmx asked, and who asks (the actor, with role and funds, and the session's CSRF token, which forms
 * carry). Only 200 answers without a panel's error box are kept. The page (which carries the request's
 * CSP nonce) and a fragment asked for without htmx stay `no-store`: they are kept here but not by the
 * browser.
 */
export const pageCache = (kejin: Kejin, options: PageCacheOptions = {}): MiddlewareHandler<KejinEnv> => {
  const maxEntries = options.maxEntries ?? 1000
  const maxChars = options.maxChars ?? 32 * 1024 * 1024
  const maxAgeMs = options.maxAgeMs ?? 60_000
  let db: Promise<Db> | undefined
  let store: Db | undefined
  const version =
    options.version ??
    (async () => {
      db ??= kejin.run(storeDb)
      store = await db
      return dataVersion(store)
    })
  /** The version without a promise when it needs no statement (kept in memory, or SQLite's own read). */
  const versionNow = () =>
    options.version === undefined && store !== undefined ? dataVersionNow(store) : undefined
  const entries = new Map<string, Entry>()

  let chars = 0
  const drop = (key: string) => {
    const entry = entries.get(key)
    if (entry === undefined) return
    entries.delete(key)
    chars -= entry.body.length
  }
  /** Keeps `entry` as the most recently used, dropping the least recently used past either bound. */
  const keep = (key: string, entry: Entry) => {
    drop(key)
    if (entry.body.length > maxChars) return
    while (entries.size > 0 && (entries.size >= maxEntries || chars + entry.body.length > maxChars))
      drop(entries.keys().next().value as string)
    entries.set(key, entry)
    chars += entry.body.length
  }

  /** The cache headers of an answer: a fragment for htmx is revalidated by its ETag, the rest never stored. */
  const cacheHeaders = (entry: Entry, htmx: boolean): Record<string, string> =>
    htmx ? entry.headers.htmx : entry.headers.plain
  const notModified = (c: Context<KejinEnv>, entry: Entry, htmx: boolean) =>
    htmx && matches(c.req.header("if-none-match"), entry.etag)

  return async (c, next) => {
    const actor = c.get("actor")
    if (c.req.method !== "GET" || actor === undefined || !cacheablePath(c.req.path)) return next()
    const htmx = c.req.header("HX-Request") === "true"
    const nonce = c.get("secureHeadersNonce")
    const url = c.req.url
    const query = url.indexOf("?")
    const search = query < 0 ? "" : url.slice(query)
    const key = JSON.stringify([c.req.path, search, htmx, actor, c.get("csrfToken") ?? ""])
    // Reading from the replica (read-route.ts): its head, which the routing read, is what the answer holds.
    const now = c.get("readVersion") ?? versionNow() ?? (await version())
    const kept = entries.get(key)
    if (kept !== undefined && kept.version === now && Date.now() - kept.at <= maxAgeMs) {
      keep(key, kept)
      // Made whole, with the secure headers and the request id: written to the socket as they are.
      const headers = cacheHeaders(kept, htmx)
      if (notModified(c, kept, htmx)) return wholeAnswer(c, null, 304, headers)
      return wholeAnswer(
        c,
        nonce === undefined ? kept.body : kept.body.replaceAll(NONCE_MARK, nonce),
        200,
        headers
      )
    }
    if (kept !== undefined) drop(key)
    const at = Date.now()
    await next()
    const response = c.res
    if (response.status !== 200 || !response.headers.get("content-type")?.startsWith("text/html")) return
    const text = await response.text()
    // A panel that failed answers 200 with its error box (so htmx swaps it in): never kept.
    if (!text.includes('class="panel-error"')) {
      const body = nonce === undefined || nonce === "" ? text : text.replaceAll(nonce, NONCE_MARK)
      const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`
      const headers = {
        htmx: { Vary: "HX-Request", ETag: etag, "Cache-Control": "private, no-cache" },
        plain: PLAIN_HEADERS
      }
      const entry: Entry = { version: now, at, body, etag, headers }
      keep(key, entry)
      for (const [name, value] of Object.entries(cacheHeaders(entry, htmx))) response.headers.set(name, value)
      if (notModified(c, entry, htmx)) {
        c.res = new Response(null, { status: 304, headers: response.headers })
        return
      }
    }
    c.res = new Response(text, response)
  }
}
/** Whether an `If-None-Match` header names `etag` (a list, weak forms and `*` included). */
const matches = (header: string | undefined, etag: string) =>
  (header ?? "").split(",").some((t) => {
    const tag = t.trim()
    return tag === "*" || tag === etag || tag === `W/${etag}`
  })
