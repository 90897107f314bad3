import { type Kejin, ValidationError } from "@kejin/core"
import {
  type AnyOperation,
  decodeOptions,
  execute,
  type Module,
  validationErrorFromIssue
} from "@kejin/core/internal"
import type { FormAnswerer } from "@kejin/ui"
import { Result, Schema, SchemaAST } from "effect"
import { type Context, Hono, type MiddlewareHandler } from "hono"
import { anonymous, type KejinEnv } from "../auth/env.js"
import { requirePermission } from "../auth/middleware.js"
import { failed, fieldErrorOf, type Problem, problem, problemFromError } from "../problem.js"
import { readJson } from "./body.js"
import { badQuery, onlyParams, singleValues } from "./query.js"
import { commandOptions, created, pathCode, pathId, withPathField } from "./route.js"

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
export const pathInput = (
  c: Context,
  op: AnyOperation,
  body: unknown
): { readonly problem: Problem } | { readonly problem?: undefined; readonly input: unknown } => {
  let input = body
  for (const name of pathParameters(op)) {
    const param = op.http?.params?.[name]
    const id = param?.kind === "code" ? pathCode(c, name) : pathId(c, name)
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
export const readProblem = (op: AnyOperation, error: unknown): Problem => {
  if (!(error instanceof ValidationError)) return problemFromError(error)
  const names = new Map((op.http?.query ?? []).map((q) => [q.field ?? q.name, q.name]))
  return badQuery(
    error.issues.map((i) => {
      const [head = "", ...rest] = i.path.split(".")
      return fieldErrorOf(i, [names.get(head) ?? head, ...rest].join("."))
    })
  )
}

/** The JSON types a schema's wire side admits (a union's members', an optional field's without `undefined`). */
const wireTypes = (ast: SchemaAST.AST): ReadonlyArray<string> => {
  const encoded = SchemaAST.toEncoded(ast)
  return SchemaAST.isUnion(encoded) ? encoded.types.flatMap(wireTypes) : [encoded._tag]
}

/**
 * A query parameter's text as the value of the input field it fills, as OpenAPI's form style writes it:
 * `true`/`false` for a boolean field, a number for a numeric one; any other text as it is (the input's
 * Schema refuses it, naming the parameter).
 */
export const queryValue = (field: Schema.Top | undefined, text: string): unknown => {
  const types = field === undefined ? [] : wireTypes(field.ast)
  if (types.includes("String")) return text
  if (types.includes("Boolean") && (text === "true" || text === "false")) return text === "true"
  if (types.includes("Number") && /^-?[0-9]+(?:\.[0-9]+)?$/.test(text)) return Number(text)
  return text
}

const pageParameters = new Set(["limit", "offset"])

/**
 * The 400 of a query with unknown or repeated parameters (`unknown`), naming also a bad `limit` or
 * `offset` given once (`?limit=0&sort=x` names both, as the lists always answered); the other values are
 * checked once the parameters are right.
 */
const queryProblem = (c: Context, op: AnyOperation, pathFields: unknown, unknown: Problem): Problem => {
  const flagged = new Set((unknown.errors ?? []).map((e) => e.field))
  const { values } = singleValues(c)
  // The page's own parameters are checked with the names, as a list always did; filters once those are right.
  const given = (op.http?.query ?? []).filter(
    (q) => pageParameters.has(q.name) && values[q.name] !== undefined && !flagged.has(q.name)
  )
  const names = new Map(given.map((q) => [q.field ?? q.name, q.name]))
  const fields = (op.input as unknown as { readonly fields?: Readonly<Record<string, Schema.Top>> }).fields
  const input = {
    ...(pathFields as object),
    ...Object.fromEntries(
      given.map((q) => [q.field ?? q.name, queryValue(fields?.[q.field ?? q.name], values[q.name] ?? "")])
    )
  }
  const decoded = Schema.decodeUnknownResult(op.input)(input, decodeOptions)
  const refused = Result.isFailure(decoded)
    ? validationErrorFromIssue(decoded.failure.issue).issues.flatMap((i) => {
        const [head = "", ...rest] = i.path.split(".")
        const name = names.get(head)
        return name === undefined ? [] : [fieldErrorOf(i, [name, ...rest].join("."))]
      })
    : []
  return refused.length === 0 ? unknown : badQuery([...(unknown.errors ?? []), ...refused])
}

/** A body an HTML form sends (the dashboard's forms post to the operations' routes). */
const isFormBody = (c: Context): boolean =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header("content-type") ?? "")

/** How the routes are mounted (see {@link mountOperations}). */
export interface MountOptions {
  /** Register only the routes at or below this path, relative to it (a sub-app mounted there). */
  readonly under?: string
  /** `false` leaves out the permission check in front of each route (see {@link operationsApi}). */
  readonly guarded?: boolean
  /**
   * The dashboard's answer to a form posted to a write's route (`createFormAnswerer` of @kejin/ui):
   * without it, or for an operation no form posts to, a form body is refused (415) like any non-JSON one.
   */
  readonly forms?: FormAnswerer | undefined
}

/** Registers the route of `op` on `app` at its path, less `under` for a sub-app mounted there. */
const mount = (app: Hono<KejinEnv>, kejin: Kejin, op: AnyOperation, options: MountOptions) => {
  const { under = "", guarded = true, forms } = options
  const http = op.http
  if (http === undefined) return
  const path = honoPath(op).slice(under.length) || "/"
  const guard: MiddlewareHandler<KejinEnv> = guarded ? requirePermission(op.permission) : (_, next) => next()
  if (op.write) {
    app.on(http.method.toUpperCase(), path, guard, async (c) => {
      // An id nothing can have is a 404 before the body is read.
      const ids = pathInput(c, op, {})
      if (ids.problem) return problem(c, ids.problem)
      /** Runs the write with `input` as the request's actor, with what the path names merged in. */
      const write = (input: unknown) => kejin.run(execute(op, input, commandOptions(c)))
      // Mapped here (not left to the app's handler) so the routes answer the same mounted on their own.
      try {
        // A dashboard form: the same write, answered as HTML (the form again with its errors, or the
        // refreshed page); an error no person can fix in the form is the route's problem, as for JSON.
        const answer = isFormBody(c)
          ? forms?.(c, op, async (input) => {
              const prepared = pathInput(c, op, input)
              if (prepared.problem) throw new TypeError(`form of ${op.name}: ${prepared.problem.detail}`)
              return write(prepared.input)
            })
          : undefined
        if (answer !== undefined) return await answer
        const body = await readJson(c)
        if (body.problem) return problem(c, body.problem)
        const prepared = pathInput(c, op, body.value)
        if (prepared.problem) return problem(c, prepared.problem)
        const output = await write(prepared.input)
        return created(c, op.toJson(output), http.location?.of(output), http.status)
      } catch (error) {
        return failed(c, error)
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
    const fields = (op.input as unknown as { readonly fields?: Readonly<Record<string, Schema.Top>> }).fields
    const fromQuery = Object.fromEntries(
      parameters.flatMap((q) => {
        const value = (query.params as Readonly<Record<string, string | undefined>>)[q.name]
        const field = q.field ?? q.name
        return value === undefined ? [] : [[field, queryValue(fields?.[field], value)]]
      })
    )
    const input = { ...(prepared.input as object), ...fromQuery }
    try {
      return c.json(op.toJson(await kejin.run(execute(op, input, commandOptions(c)))))
    } catch (error) {
      return failed(c, error, readProblem(op, error))
    }
  })
}

/**
 * Every declared operation's route, in the order the modules list them; with `under` (a path such as
 * `/api/v1/targets`), only those at or below it, registered relative to it (a sub-app mounted there).
 * `guarded: false` leaves out the permission check in front of each route (see {@link operationsApi}).
 */
export const mountOperations = (
  app: Hono<KejinEnv>,
  kejin: Kejin,
  modules: ReadonlyArray<Module>,
  options: MountOptions = {}
) => {
  const under = options.under ?? ""
  for (const module of modules)
    for (const op of module.operations) {
      const path = op.http?.path
      if (path !== undefined && (path === under || path.startsWith(`${under}/`)))
        mount(app, kejin, op, options)
    }
}

/**
 * The routes of `modules` at or below `under` as a sub-app to mount there: the handlers alone, for an
 * embedder that authenticates and guards in front of them (as `createApp` does not: it mounts every
 * declared route guarded). A request without an actor acts as `anonymous` (a viewer); there is no
 * permission check in front of a route, so reads answer anyone and writes are refused by the core.
 */
export const operationsApi = (kejin: Kejin, modules: ReadonlyArray<Module>, under: string) => {
  const api = new Hono<KejinEnv>()
  api.use(async (c, next) => {
    if (c.get("actor") === undefined) c.set("actor", anonymous)
    await next()
  })
  mountOperations(api, kejin, modules, { under, guarded: false })
  return api
}
