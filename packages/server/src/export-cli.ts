import { createWriteStream } from "node:fs"
import { Readable, type Writable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { parseArgs } from "node:util"
import type { Actor, Kejin } from "@kejin/core"
import { type AnyOperation, type Module, modules } from "@kejin/core/internal"
import { Hono } from "hono"
import {
  type ExportFormat,
  exportFilters,
  exportFormats,
  exportLanguages,
  listExports,
  mountExports
} from "./api/exports.js"
import { pathParameters } from "./api/operations.js"
import type { KejinEnv } from "./auth/env.js"

// `kejin export <kind> [--format csv|xlsx] [--out F] [--lang zh|en] [filters]`: the lists' and tables'
// exports (api/exports.ts) from the command line. The kinds are the declared lists and tables, named by
// their path (`/api/v1/linkage/loans` is `linkage-loans`, `/api/v1/funds/{code}/ledger` is `funds-ledger
// --code C`, `/api/v1/pledges/breakdown` is `pledges-breakdown --by district`); the options are the read's
// filters and path parameters. The export runs through the same route as over
// HTTP (the same checks, the same streaming), as the CLI's actor.

/** A list's kind on the command line: its path after `/api/v1/`, less its parameters, joined with `-`. */
export const exportKindOf = (op: AnyOperation): string =>
  (op.http?.path ?? "")
    .replace(/^\/api\/v1\//, "")
    .split("/")
    .filter((segment) => !segment.startsWith("{"))
    .join("-")

/** Every list and table the CLI exports, by kind. */
export const exportKinds = (of: ReadonlyArray<Module> = modules): ReadonlyMap<string, AnyOperation> =>
  // A read's main table (its other tables, `export/<table>`, are the dashboard's and the API's).
  new Map(
    listExports(of).flatMap((e) => (e.suffix === "export" ? [[exportKindOf(e.op), e.op] as const] : []))
  )

/** The usage line of one kind: its path parameters (required) and filters. */
export const exportUsage = (kind: string, op: AnyOperation): string =>
  [
    `kejin export ${kind}`,
    ...pathParameters(op).map((name) => `--${name} X`),
    "[--format csv|xlsx] [--out F] [--lang zh|en] [--bom false]",
    ...exportFilters(op).map((q) => `[--${q.name} X]`)
  ].join(" ")

/** What `kejin export` was asked: the list, the format, where to write, and the route's URL. */
export interface ExportRequest {
  readonly op: AnyOperation
  readonly format: ExportFormat
  readonly out: string | undefined
  readonly url: string
  /** `--database`, when given. */
  readonly database: string | undefined
}

/** A bare `--bom` (with no value after it) asks for the byte-order mark: `--bom true`. */
const bareBom = (args: ReadonlyArray<string>): Array<string> =>
  args.map((arg, i) => (arg === "--bom" && (args[i + 1] ?? "--").startsWith("--") ? "--bom=true" : arg))

/** Reads `kejin export`'s arguments (after `export`): the request, or why it cannot be made. */
export const exportRequest = (
  argv: ReadonlyArray<string>
): { readonly error: string; readonly request?: undefined } | { readonly request: ExportRequest } => {
  const kinds = exportKinds()
  const [kind] = argv
  const op = kind === undefined ? undefined : kinds.get(kind)
  if (op === undefined)
    return { error: `usage: kejin export <kind> [options]; kinds: ${[...kinds.keys()].join(", ")}` }
  const params = pathParameters(op)
  const filters = exportFilters(op).map((q) => q.name)
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: bareBom(argv.slice(1)),
      options: Object.fromEntries(
        [...params, ...filters, "format", "out", "lang", "bom", "database"].map((name) => [
          name,
          { type: "string" as const }
        ])
      )
    }).values
  } catch (error) {
    return { error: `${(error as Error).message}\nusage: ${exportUsage(kind as string, op)}` }
  }
  const format = (values.format ?? "csv") as ExportFormat
  if (!exportFormats.includes(format)) return { error: `--format must be one of ${exportFormats.join(", ")}` }
  const lang = values.lang as string | undefined
  if (lang !== undefined && !(exportLanguages as ReadonlyArray<string>).includes(lang))
    return { error: `--lang must be one of ${exportLanguages.join(", ")}` }
  const missing = params.filter((name) => values[name] === undefined)
  if (missing.length > 0)
    return {
      error: `${missing.map((m) => `--${m}`).join(", ")} is required\nusage: ${exportUsage(kind as string, op)}`
    }
  const path = (op.http?.path ?? "").replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(values[name]))
  )
  const query = new URLSearchParams(
    [...filters, "lang", "bom"].flatMap((name) =>
      values[name] === undefined ? [] : [[name, String(values[name])] as [string, string]]
    )
  ).toString()
  return {
    request: {
      op,
      format,
      out: values.out as string | undefined,
      database: values.database as string | undefined,
      url: `${path}/export.${format}${query ? `?${query}` : ""}`
    }
  }
}

/**
 * Runs an export as `actor`, writing the file to `request.out` or to `stdout`; a refused request is said
 * on `stderr` (each problem's field and reason) with exit code 2 for a bad option, 1 otherwise.
 */
export const runExport = async (
  kejin: Kejin,
  actor: Actor,
  request: ExportRequest,
  io: { readonly stdout: Writable; readonly stderr: (line: string) => void }
): Promise<number> => {
  const app = new Hono<KejinEnv>()
  app.use(async (c, next) => {
    c.set("actor", actor)
    await next()
  })
  mountExports(app, kejin, modules)
  const response = await app.request(request.url)
  if (!response.ok || response.body === null) {
    const text = await response.text()
    if (!/json/.test(response.headers.get("content-type") ?? "")) {
      io.stderr(`refused (${response.status}): ${text}`)
      return 1
    }
    const problem = JSON.parse(text) as {
      readonly detail?: string
      readonly title?: string
      readonly errors?: ReadonlyArray<{ readonly field: string; readonly reason: string }>
    }
    for (const e of problem.errors ?? []) io.stderr(`--${e.field}: ${e.reason}`)
    if (problem.errors === undefined)
      io.stderr(problem.detail ?? problem.title ?? `refused (${response.status})`)
    return response.status === 400 ? 2 : 1
  }
  const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>)
  // Standard output stays open (the CLI exits); a file is closed once written.
  if (request.out === undefined) await pipeline(body, io.stdout, { end: false })
  else await pipeline(body, createWriteStream(request.out))
  return 0
}
