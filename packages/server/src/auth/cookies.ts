import type { Context } from "hono"
import { deleteCookie, getCookie, setCookie } from "hono/cookie"

/**
 * The session cookie is `__Host-kejin_session` (Secure, path /, no domain) when the request came over
 * TLS, and `kejin_session` on plain HTTP (a `__Host-` cookie must be Secure, which plain HTTP cannot set).
 * Always HttpOnly and SameSite=Lax.
 */
const secureName = "__Host-kejin_session"
const plainName = "kejin_session"

export interface CookieOptions {
  /** Trust `X-Forwarded-Proto` from a reverse proxy that terminates TLS. */
  readonly trustProxy?: boolean
}

export const isTls = (c: Context, options: CookieOptions): boolean =>
  new URL(c.req.url).protocol === "https:" ||
  (options.trustProxy === true && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https")

export const readSessionCookie = (c: Context): string | undefined =>
  getCookie(c, secureName) ?? getCookie(c, plainName)

export const writeSessionCookie = (c: Context, token: string, expiresAt: string, options: CookieOptions) => {
  const secure = isTls(c, options)
  setCookie(c, secure ? secureName : plainName, token, {
    path: "/",
    httpOnly: true,
    secure,
    sameSite: "Lax",
    expires: new Date(expiresAt)
  })
}

export const clearSessionCookie = (c: Context) => {
  deleteCookie(c, plainName, { path: "/" })
  deleteCookie(c, secureName, { path: "/", secure: true })
}
