import type { Context } from "hono"
import { type Child, Fragment, jsx } from "hono/jsx"

/*
 * A form post's answer: whether htmx sent it (the answer is an element to swap in) or a browser without
 * JavaScript (a redirect or a whole page); and an htmx answer aimed at another element than the form's
 * `hx-target`. (The post itself reaches the operation's route, whose CSRF check is the server's.)
 */

export const isHtmx = (c: Context): boolean => c.req.header("HX-Request") === "true"

/** The HTML of an element htmx swaps in. */
export const renderFragment = async (view: Child): Promise<string> =>
  await jsx(Fragment, null, view).toString()

/** Aims an htmx answer at `selector` instead of the form's `hx-target`, replacing it whole. */
export const retarget = (c: Context, selector: string): void => {
  c.header("HX-Retarget", selector)
  c.header("HX-Reswap", "outerHTML")
}
