import type { AnyOperation, OperationSpec } from "@kejin/core/internal"
import type { Context } from "hono"
import type { PanelContext } from "../plugin.js"
import { fixableIssuesOf, fixableStatusOf, type Issue } from "./core-errors.js"
import type { FormValues } from "./form-state.js"

/*
 * The dashboard's forms post to the declared operations themselves: a form's `action` is its operation's
 * route (`POST /api/v1/pledges`, `PATCH /api/v1/targets/{key}` with `_method`), so a form runs through the
 * same route, permission check, CSRF check, input Schema, journal and error mapping as a JSON client. What
 * the dashboard adds is the form's face of the operation: how the posted fields become the input, and the
 * answer a person sees — the refreshed section (htmx) or a redirect (no JavaScript) when it is recorded,
 * the form again with what was typed and each issue next to its field when it is refused.
 *
 * The server's route hands a form post to {@link FormAnswerer} (made by `createFormAnswerer` in the
 * dashboard, which knows the plugins' forms and the session); a JSON body never reaches it.
 */

/** What a form needs of a declaration to post to it: its name and route. */
export interface Routed {
  readonly name: string
  readonly http?: { readonly path: string; readonly method: string } | undefined
}

/** One form post: the request, the page's context (actor, language, …) and the fields as typed. */
export interface FormPost {
  readonly c: Context
  readonly ctx: PanelContext
  /** The posted text fields by name (`_csrf`, `_method` and files left out). */
  readonly fields: FormValues
}

/** What a refused write gives its form: the issues a person can fix, with the answer's status. */
export interface Refusal {
  readonly issues: ReadonlyArray<Issue>
  /** 409 for a conflict (a duplicate), 422 for invalid input. */
  readonly status: 409 | 422
  /** The core's error itself, for a form that says a conflict differently. */
  readonly error: unknown
}

/**
 * The face of one declared write in the dashboard. `A` is what the operation answers (the record).
 * Without htmx, `done` redirects (303) and `refused` answers the whole page; with htmx, each answers the
 * element to swap in (with `HX-Trigger: kejin-changed` after a write).
 */
export interface OperationForm<A = unknown> {
  /** The declaration the form posts to (its route is the form's action). */
  // biome-ignore lint/suspicious/noExplicitAny: whatever input the operation decodes
  readonly operation: OperationSpec<string, any, A>
  /**
   * The operation's input from the fields. The route adds what its path names (a registration's id, a
   * fund's code), so the input leaves those out.
   */
  readonly input: (post: FormPost) => unknown
  /**
   * Optional checks before the write, answering for themselves (a 404 page for a record that does not
   * exist); `undefined` to go on.
   */
  readonly check?: (post: FormPost) => Promise<Response | undefined>
  /** The answer after the write was recorded. */
  readonly done: (post: FormPost, output: A) => Promise<Response>
  /** The answer to a write the core refused with issues a person can fix. */
  readonly refused: (post: FormPost, refusal: Refusal) => Promise<Response>
}

/** Declares a form (checked by type: `done` gets what the operation answers). */
export const operationForm = <A>(form: OperationForm<A>): OperationForm<A> => form

/** Runs the operation of a form post with its input (the route merges its path in and runs it as the request's actor). */
export type FormRun = (input: unknown) => Promise<unknown>

/**
 * Answers a form post to `op`'s route: `undefined` when no dashboard form posts to `op` (the route then
 * refuses the form body). An error that is not one a person can fix is thrown for the route to map.
 */
export type FormAnswerer = (c: Context, op: AnyOperation, run: FormRun) => Promise<Response> | undefined

/** The form fields of a parsed body: text fields only, without the CSRF token and the method override. */
export const postedFields = (body: Readonly<Record<string, unknown>>): FormValues =>
  Object.fromEntries(
    Object.entries(body).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === "string" && entry[0] !== "_csrf" && entry[0] !== "_method"
    )
  )

/**
 * The action of a form posting to `op`: its route with the path's parameters filled in (`{ id: 12 }`), and
 * `search`, the page's query the answer keeps (`?lang=en`; a write's route reads no query parameter).
 */
export const formAction = (
  op: Routed,
  params: Readonly<Record<string, string | number>> = {},
  search = ""
): string => {
  const path = op.http?.path
  if (path === undefined) throw new TypeError(`operation ${op.name} has no route to post a form to`)
  const filled = path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new TypeError(`operation ${op.name}: the form names no ${name}`)
    return encodeURIComponent(String(value))
  })
  return `${filled}${search}`
}

/** The hidden field a form adds when its operation's method is not POST (`PATCH` for an edit). */
export const methodOverride = (op: Routed): string | undefined => {
  const method = op.http?.method
  return method === undefined || method === "post" ? undefined : method.toUpperCase()
}

/** Answers one form post with `form` (see {@link FormAnswerer}). */
export const answerForm = async <A>(
  form: OperationForm<A>,
  post: FormPost,
  run: FormRun
): Promise<Response> => {
  const checked = await form.check?.(post)
  if (checked !== undefined) return checked
  let output: A
  try {
    output = (await run(form.input(post))) as A
  } catch (error) {
    const issues = fixableIssuesOf(error, post.ctx.lang)
    if (issues === undefined) throw error
    return form.refused(post, { issues, status: fixableStatusOf(error), error })
  }
  return form.done(post, output)
}
