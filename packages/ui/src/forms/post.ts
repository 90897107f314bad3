import { timingSafeEqual } from "node:crypto"
import type { Context } from "hono"
import { type Child, Fragment, jsx } from "hono/jsx"
import type { PanelContext } from "../plugin.js"

/*
 * A form post and its answer: the posted body, checked against the session's CSRF token; whether htmx sent
 * it (the answer is an element to swap in) or a browser without JavaScript (a redirect or a whole page);
 * and an htmx answer aimed at another element than the form's `hx-target`.
 */

const sameToken = (given: unknown, expected: string): boolean => {
  if (typeof given !== "string") return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The form's `_csrf` (or htmx's `X-CSRF-Token` header) must match the session's token. A session without
 * a token (the dashboard embedded without authentication) has nothing to check.
 */
export const csrfOk = (c: Context, ctx: PanelContext, body: Readonly<Record<string, unknown>>): boolean =>
  ctx.csrfToken === "" ||
  sameToken(body._csrf, ctx.csrfToken) ||
  sameToken(c.req.header("X-CSRF-Token"), ctx.csrfToken)

/** The posted form's fields, or the 403 answer when its CSRF token is not the session's (see {@link csrfOk}). */
export const postedBody = async (
  c: Context,
  ctx: PanelContext
): Promise<Record<string, unknown> | Response> => {
  const body = (await c.req.parseBody()) as Record<string, unknown>
  return csrfOk(c, ctx, body) ? body : c.text("The form has expired: reload the page and try again.", 403)
}

export const isHtmx = (c: Context): boolean => c.req.header("HX-Request") === "true"

/** The HTML of an element htmx swaps in. */
export const renderFragment = async (view: Child): Promise<string> =>
  await jsx(Fragment, null, view).toString()

/** Aims an htmx answer at `selector` instead of the form's `hx-target`, replacing it whole. */
export const retarget = (c: Context, selector: string): void => {
  c.header("HX-Retarget", selector)
  c.header("HX-Reswap", "outerHTML")
}
