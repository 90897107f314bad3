import {
  type AnyOperation,
  decodeOptions,
  execute,
  type Kejin,
  type Module,
  ValidationError,
  validationErrorFromIssue
} from "@kejin/core"
import { Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { requirePermission } from "../auth/middleware.js"
import { type Problem, problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { badQuery, onlyParams, singleValues } from "./query.js"
import { commandOptions, created, pathId, withPathField } from "./route.js"

// The routes of every declared operation (see @kejin/core's operations/operation.ts), derived from the
// declarations: the path, the permission check, the body or query, the path's ids merged into the input,
// the answer (201 with `Location` and the dashboard's reload event for a write, 200 for a read) and the
// problem of every error, mapped once.

/**
 * `/api/v1/pledges/loans/{loanId}` as Hono writes it: `/api/v1/pledges/loans/:loanId{[0-9]+}` (an id is
 * digits; a code any one path segment).
 */
export const honoPath = (op: AnyOperation): string =>
  (op.http?.path ?? "").replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
    op.http?.params?.[name]?.kind === "code" ? `:${name}` : `:${name}{[0-9]+}`
  )

/** The path parameters of an operation, in the order the path names them. */
export const pathParameters = (op: AnyOperation): ReadonlyArray<string> =>
  [...(op.http?.path ?? "").matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] as string)

/** The input the path's ids make (each merged into the body as its field), or the problem refusing it. */
const pathInput = (
  c: Context,
  op: AnyOperation,
  body: unknown
): { readonly problem: Problem } | { readonly problem?: undefined; readonly input: unknown } => {
  let input = body
  for (const name of pathParameters(op)) {
    const param = op.http?.params?.[name]
    const id = param?.kind === "code" ? c.req.param(name) : pathId(c, name)
    if (id === undefined) {
      return {
        problem: {
          type: "https://kejin.dev/problems/not-found",
          title: "Not found",
          status: 404,
          detail: `${param?.entity ?? name} ${c.req.param(name)} not found`
        }
      }
    }
    const merged = withPathField(input, param?.field ?? name, id)
    if (merged.problem) return merged
    input = merged.input
  }
  return { input }
}

/**
 * A read's ValidationError is the query's 400 naming the parameter (an input field a query parameter
 * fills is named as the parameter); anything else maps as usual.
 */
const readProblem = (op: AnyOperation, error: unknown): Problem => {
  if (!(error instanceof ValidationError)) return problemFromError(error)
  const names = new Map((op.http?.query ?? []).map((q) => [q.field ?? q.name, q.name]))
  return badQuery(
    error.issues.map((i) => {
      const [head = "", ...rest] = i.path.split(".")
      return { field: [names.get(head) ?? head, ...rest].join("."), reason: i.message }
    })
  )
}

/**
 * The 400 of a query with unknown or repeated parameters (`unknown`), naming also each known parameter,
 * given once, whose value the input refuses: one answer names every bad parameter (`?limit=0&sort=x` names
 * both). A value the read checks beyond its input Schema is checked once the parameters are right.
 */
const queryProblem = (c: Context, op: AnyOperation, pathFields: unknown, unknown: Problem): Problem => {
  const flagged = new Set((unknown.errors ?? []).map((e) => e.field))
  const { values } = singleValues(c)
  const given = (op.http?.query ?? []).filter((q) => values[q.name] !== undefined && !flagged.has(q.name))
  const names = new Map(given.map((q) => [q.field ?? q.name, q.name]))
  const input = {
    ...(pathFields as object),
    ...Object.fromEntries(given.map((q) => [q.field ?? q.name, values[q.name]]))
  }
  const decoded = Schema.decodeUnknownResult(op.input)(input, decodeOptions)
  const refused = Result.isFailure(decoded)
    ? validationErrorFromIssue(decoded.failure.issue).issues.flatMap((i) => {
        const [head = "", ...rest] = i.path.split(".")
        const name = names.get(head)
        return name === undefined ? [] : [{ field: [name, ...rest].join("."), reason: i.message }]
      })
    : []
  return refused.length === 0 ? unknown : badQuery([...(unknown.errors ?? []), ...refused])
}

/**
 * Registers the route of `op` on `app`: at its absolute path, or, with `under` (`/api/v1/pledges`), at its
 * path relative to that for a sub-app routed there (an operation elsewhere is left out).
 */
const mount = (app: Hono<KejinEnv>, kejin: Kejin, op: AnyOperation, under?: string) => {
  const http = op.http
  if (http === undefined) return
  const absolute = honoPath(op)
  if (under !== undefined && absolute !== under && !absolute.startsWith(`${under}/`)) return
  const path = under === undefined ? absolute : absolute.slice(under.length) || "/"
  const guard = requirePermission(op.permission)
  if (op.write) {
    app.on(http.method.toUpperCase(), path, guard, async (c) => {
      // An id nothing can have is a 404 before the body is read.
      const ids = pathInput(c, op, {})
      if (ids.problem) return problem(c, ids.problem)
      const body = await readJson(c)
      if (body.problem) return problem(c, body.problem)
      const prepared = pathInput(c, op, body.value)
      if (prepared.problem) return problem(c, prepared.problem)
      try {
        const output = await kejin.run(execute(op, prepared.input, commandOptions(c)))
        return created(c, op.toJson(output), http.location?.of(output))
      } catch (error) {
        return problem(c, problemFromError(error))
      }
    })
    return
  }
  app.on(http.method.toUpperCase(), path, guard, async (c) => {
    const prepared = pathInput(c, op, {})
    if (prepared.problem) return problem(c, prepared.problem)
    const parameters = http.query ?? []
    const query = onlyParams(
      c,
      parameters.map((q) => q.name)
    )
    if (query.problem) return problem(c, queryProblem(c, op, prepared.input, query.problem))
    const fromQuery = Object.fromEntries(
      parameters.flatMap((q) => {
        const value = (query.params as Readonly<Record<string, string | undefined>>)[q.name]
        return value === undefined ? [] : [[q.field ?? q.name, value]]
      })
    )
    const input = { ...(prepared.input as object), ...fromQuery }
    try {
      return c.json(op.toJson(await kejin.run(execute(op, input, commandOptions(c)))))
    } catch (error) {
      return problem(c, readProblem(op, error))
    }
  })
}

/**
 * Every declared operation's route, in the order the modules list them; with `under`, only those under
 * that path, relative to it (`app.route(under, sub)` serves them where they belong).
 */
export const mountOperations = (
  app: Hono<KejinEnv>,
  kejin: Kejin,
  modules: ReadonlyArray<Module>,
  under?: string
) => {
  for (const module of modules) for (const op of module.operations) mount(app, kejin, op, under)
}
