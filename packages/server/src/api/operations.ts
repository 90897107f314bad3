import { type AnyOperation, execute, type Kejin, type Module, ValidationError } from "@kejin/core"
import type { Context, Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { requirePermission } from "../auth/middleware.js"
import { type Problem, problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { badQuery, onlyParams } from "./query.js"
import { commandOptions, created, pathId, withPathField } from "./route.js"

// The routes of every declared operation (see @kejin/core's operations/operation.ts), derived from the
// declarations: the path, the permission check, the body or query, the path's ids merged into the input,
// the answer (201 with `Location` and the dashboard's reload event for a write, 200 for a read) and the
// problem of every error, mapped once here (a read's ValidationError is its query's 400).

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

/** Registers the route of `op` on `app` (which serves the whole site, so the path is absolute). */
const mount = (app: Hono<KejinEnv>, kejin: Kejin, op: AnyOperation) => {
  const http = op.http
  if (http === undefined) return
  const path = honoPath(op)
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
      // Mapped here (not left to the app's handler) so the routes answer the same mounted on their own.
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
    if (query.problem) return problem(c, query.problem)
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

/** Every declared operation's route, in the order the modules list them. */
export const mountOperations = (app: Hono<KejinEnv>, kejin: Kejin, modules: ReadonlyArray<Module>) => {
  for (const module of modules) for (const op of module.operations) mount(app, kejin, op)
}
