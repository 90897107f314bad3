import { type Actor, ValidationError } from "@kejin/core"
import { type CommandOptions, controlCharacterProblem } from "@kejin/core/internal"
import { CHANGED_EVENT } from "@kejin/ui"
import type { Context } from "hono"
import { anonymous } from "../auth/env.js"
import { type Problem, problemFromError } from "../problem.js"

// What every route of the JSON API does around the core's call: who acts, what the path names, and the
// answer (a 201 for a write, a problem for an error).

/** Any environment that may carry the actor of the request (set by the authentication middleware). */
type ActorEnv = { Variables: { actor?: Actor } }

/** The actor of the request: never the facade's default administrator. */
export const actorOf = <E extends ActorEnv>(c: Context<E>): Actor => c.get("actor") ?? anonymous

/** The options of a write: the request's actor and its `Idempotency-Key`, if sent. */
export const commandOptions = <E extends ActorEnv>(c: Context<E>): CommandOptions & { actor: Actor } => {
  const key = c.req.header("Idempotency-Key")
  return key === undefined ? { actor: actorOf(c) } : { actor: actorOf(c), idempotencyKey: key }
}

/** The options of a write (see {@link commandOptions}). */
export type WriteOptions = ReturnType<typeof commandOptions>

/** What a route makes of a body before the write: the core's input, or the problem that refuses it. */
export type Prepared<I> = { readonly problem: Problem } | { readonly problem?: undefined; readonly input: I }

/** A path id (`{[0-9]+}` in the route) the store can hold, or undefined: ids beyond 2^53 exist nowhere. */
export const pathId = (c: Context, name = "id"): number | undefined => {
  const value = Number(c.req.param(name))
  return Number.isSafeInteger(value) && value > 0 ? value : undefined
}

/**
 * A path code (a fund's, a target's, a credit code) a record can have, or undefined: a code with a control
 * character (`/api/v1/funds/%00`) names nothing, and PostgreSQL could not even look it up.
 */
export const pathCode = (c: Context, name: string): string | undefined => {
  const code = c.req.param(name)
  return code === undefined || controlCharacterProblem(code) !== undefined ? undefined : code
}

/**
 * `body` with `field` set to the value the path names. A body that gives the field already must agree
 * with the path (422 naming it otherwise); a body that is not a JSON object goes to the core unchanged,
 * whose decoder reports it. Every other field goes through, so the core's decoder refuses unknown ones.
 */
export const withPathField = (body: unknown, field: string, value: string | number): Prepared<unknown> => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { input: body }
  const given = (body as Record<string, unknown>)[field]
  if (given !== undefined && given !== value) {
    const reason = `is ${JSON.stringify(given)} but the path names ${value}: leave it out`
    return { problem: problemFromError(new ValidationError({ issues: [{ path: field, message: reason }] })) }
  }
  return { input: { ...body, [field]: value } }
}

/**
 * A write's answer: 201 (200 for a change of a resource), the dashboard's reload event, and the new
 * resource's URL when there is one.
 */
export const created = <A>(c: Context, json: A, location?: string, status: 200 | 201 = 201): Response => {
  if (location !== undefined) c.header("Location", location)
  // Dashboard panels reload on this event when the write came from the page.
  c.header("HX-Trigger", CHANGED_EVENT)
  return c.json(json, status)
}
