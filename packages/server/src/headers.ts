import { randomFillSync, randomUUID } from "node:crypto"
import type { Context, MiddlewareHandler } from "hono"
import type { KejinEnv } from "./auth/env.js"

/**
 * The headers every answer carries, made once: what hono's `secureHeaders` sent with Kejin's options
 * (a nonce-based CSP, HSTS, the cross-origin and referrer policies, and its other defaults), the request's
 * id, and `Cache-Control: no-store` where the answer has no cache policy of its own. Hono's middleware
 * rebuilt the list and set each header on undici's `Headers` for every request; here the list is
 * computed at start-up and only the nonce and the request id change per request.
 */

/** The secure headers that are the same for every answer (lower case, as `Headers` gives them). */
export const SECURE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["cross-origin-resource-policy", "same-origin"],
  ["cross-origin-opener-policy", "same-origin"],
  ["origin-agent-cluster", "?1"],
  ["referrer-policy", "same-origin"],
  ["strict-transport-security", "max-age=15552000; includeSubDomains"],
  ["x-content-type-options", "nosniff"],
  ["x-dns-prefetch-control", "off"],
  ["x-download-options", "noopen"],
  ["x-frame-options", "SAMEORIGIN"],
  ["x-permitted-cross-domain-policies", "none"],
  ["x-xss-protection", "0"],
  ["permissions-policy", "camera=(), microphone=(), geolocation=()"]
]

/** The CSP, around the request's nonce (the only script a page may run is its own, carrying that nonce). */
const CSP_BEFORE = "default-src 'self'; script-src 'self' 'nonce-"
const CSP_AFTER =
  "'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
export const contentSecurityPolicy = (nonce: string) => `${CSP_BEFORE}${nonce}${CSP_AFTER}`

/** A well-formed incoming `X-Request-Id`: 1 to 128 letters, digits and `._:-`. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Answers that are the same for everyone: the dashboard's assets, the OpenAPI document and its page. */
const PUBLIC_PATHS = /^\/(?:assets\/|api\/(?:openapi\.json|docs|docs\.css)$|healthz$)/

/**
 * The request's CSP nonce (128 random bits in base64, as hono's `NONCE` makes it), taken from a pool the
 * system's random source fills 4 KiB at a time: one call per 256 requests instead of one each. Each
 * nonce is used once.
 */
const nonces = Buffer.alloc(4096)
let nextNonce = nonces.length
const newNonce = () => {
  if (nextNonce === nonces.length) {
    randomFillSync(nonces)
    nextNonce = 0
  }
  const nonce = nonces.toString("base64", nextNonce, nextNonce + 16)
  nextNonce += 16
  return nonce
}

/** Answers {@link wholeAnswer} made: they carry every header of {@link edgeHeaders} already. */
const whole = new WeakSet<Response>()

/**
 * Every request's id (its own `X-Request-Id` when well-formed, else a new one: the answer echoes it, and a
 * 500's log line and problem body carry it), its CSP nonce (`secureHeadersNonce`), and on the answer the
 * secure headers, and `no-store` on what depends on the actor (everything but the assets and the OpenAPI
 * document) unless the answer has a cache policy of its own. A header a handler set itself is replaced
 * (as hono's `secureHeaders` does), but `Cache-Control`.
 */
export const edgeHeaders = (): MiddlewareHandler<KejinEnv> => async (c, next) => {
  const given = c.req.header("x-request-id")
  const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID()
  const nonce = newNonce()
  c.set("requestId", requestId)
  c.set("secureHeadersNonce", nonce)
  await next()
  const response = c.res
  if (whole.has(response)) return
  const headers = response.headers
  for (const [name, value] of SECURE_HEADERS) headers.set(name, value)
  headers.set("content-security-policy", contentSecurityPolicy(nonce))
  headers.delete("x-powered-by")
  if (!headers.has("cache-control") && !PUBLIC_PATHS.test(c.req.path))
    headers.set("cache-control", "no-store")
  headers.set("x-request-id", requestId)
}

/**
 * An HTML answer with every header {@link edgeHeaders} would add already in it, made as one plain object:
 * @hono/node-server writes such an answer's headers straight to the socket (setting them one by one on
 * the answer's undici `Headers`, and reading them back from there, was most of a kept fragment's cost).
 * `headers` must include `Cache-Control`. Use it only where no middleware before has set a header with
 * `c.header` (the dashboard's kept answers, cache.ts).
 */
export const wholeAnswer = (
  c: Context<KejinEnv>,
  body: string | null,
  status: 200 | 304,
  headers: Readonly<Record<string, string>>
): Response => {
  const all: Record<string, string> = {}
  for (const [name, value] of SECURE_HEADERS) all[name] = value
  const nonce = c.get("secureHeadersNonce")
  if (nonce !== undefined) all["content-security-policy"] = contentSecurityPolicy(nonce)
  if (body !== null) all["content-type"] = "text/html; charset=UTF-8"
  for (const name in headers) all[name.toLowerCase()] = headers[name] as string
  const requestId = c.get("requestId")
  if (requestId !== undefined) all["x-request-id"] = requestId
  const response = new Response(body, { status, headers: all })
  if (nonce !== undefined && requestId !== undefined) whole.add(response)
  return response
}
