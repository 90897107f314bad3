import type { Actor } from "@kejin/core"
import type { KeptForms } from "./kept-forms.js"

/** What the authentication middleware leaves on each request's context. */
export interface KejinEnv {
  Variables: {
    actor?: Actor
    /** How the actor was recognised: a browser session (cookie) or a bearer token. */
    authVia?: "session" | "token"
    csrfToken?: string
    sessionToken?: string
    /** The request's id (its well-formed `X-Request-Id`, else a new one): logs and 500 answers carry it. */
    requestId?: string
    /** The client's address for rate limits (behind a trusted proxy, the one it forwarded). */
    clientAddress?: string
    /**
     * The journal head of the read replica this request reads from (read-route.ts), for the page cache;
     * absent when it reads the primary.
     */
    readVersion?: string
    /** Where a form sent after the session ended is kept (the store; set by `authenticate`). */
    keptForms?: KeptForms
    /** The request's CSP nonce (headers.ts `edgeHeaders`): a page's scripts carry it. */
    secureHeadersNonce?: string
  }
}

/** Whoever is not signed in: a viewer without a name, so a missing guard can never write as `system`. */
export const anonymous: Actor = { id: "anonymous", role: "viewer" }
