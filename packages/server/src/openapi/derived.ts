import { permissionsOf, Role } from "@kejin/core"
import {
  type AnyOperation,
  decodeOptions,
  exportColumns,
  type Module,
  PathId,
  validationErrorFromIssue
} from "@kejin/core/internal"
import { Result, Schema } from "effect"
import {
  exportFilters,
  exportLanguages,
  exportPageSize,
  type ListExport,
  listExports
} from "../api/exports.js"
import { pathParameters } from "../api/operations.js"
import { problemFromError } from "../problem.js"
import { idempotencyKey, type Operation, type Parameter, problems, type Response } from "./operations.js"

// The OpenAPI operations of the declared operations (see @kejin/core's operations/operation.ts): the
// parameters, the body, every answer and its example come from the declaration, so the document cannot
// leave out a route or describe one the server does not serve.

const rolesWithout = (op: AnyOperation) =>
  Role.literals.filter((role) => !permissionsOf(role).includes(op.permission))

/** The body of a write: the input's fields without those the path fills, as its own component. */
const bodies = new Map<string, Schema.Top>()
const bodyOf = (op: AnyOperation, fromPath: ReadonlyArray<string>): Schema.Top | undefined => {
  const body = op.http?.body
  if (body === undefined) return undefined
  if (body.schema !== undefined) return body.schema
  const known = bodies.get(body.identifier)
  if (known !== undefined) return known
  const fields = (op.input as unknown as { readonly fields?: Readonly<Record<string, Schema.Top>> }).fields
  if (fields === undefined) throw new Error(`${op.name}: the input of a write with a body must be a Struct`)
  const schema = Schema.Struct(
    Object.fromEntries(Object.entries(fields).filter(([name]) => !fromPath.includes(name)))
  ).annotate({ identifier: body.identifier, ...(body.description ? { description: body.description } : {}) })
  bodies.set(body.identifier, schema)
  return schema
}

/** The 422 problem of the declaration's refused body, as the core's decoder words it. */
const invalidExample = (op: AnyOperation, ids: Readonly<Record<string, number>>) => {
  if (op.http?.invalid === undefined) return undefined
  const decoded = Schema.decodeUnknownResult(op.input)(
    { ...(op.http.invalid as object), ...ids },
    decodeOptions
  )
  return Result.isFailure(decoded)
    ? problemFromError(validationErrorFromIssue(decoded.failure.issue))
    : undefined
}

/** One declared operation as the document describes it. */
const described = (op: AnyOperation): Operation | undefined => {
  const http = op.http
  if (http === undefined) return undefined
  const names = pathParameters(op)
  const fromPath = names.map((name) => http.params?.[name]?.field ?? name)
  const fields =
    (op.input as unknown as { readonly fields?: Readonly<Record<string, Schema.Top>> }).fields ?? {}
  const pathParams: ReadonlyArray<Parameter> = names.map((name) => {
    const param = http.params?.[name]
    const code = param?.kind === "code"
    return {
      name,
      in: "path",
      description: param?.description ?? name,
      schema: param?.schema ?? (code ? (fields[param?.field ?? name] ?? Schema.String) : PathId),
      example: param?.example ?? (code ? name : 1)
    }
  })
  const queryParams: ReadonlyArray<Parameter> = (http.query ?? []).map((q) => ({
    name: q.name,
    in: "query",
    description: q.description,
    schema: q.schema ?? fields[q.field ?? q.name] ?? Schema.String,
    ...(q.required ? { required: true } : {}),
    ...(q.example === undefined ? {} : { example: q.example })
  }))
  const ok: Response = {
    description: http.ok.description,
    schema: op.output,
    ...(http.ok.example === undefined ? {} : { example: http.ok.example }),
    ...(http.location === undefined ? {} : { headers: { Location: http.location.description } })
  }
  const denied = rolesWithout(op).join(", ")
  const lacks = `The role lacks \`${op.permission}\`${denied ? ` (${denied})` : ""}${http.forbidden ? `, or ${http.forbidden}` : ""}`
  const notFound = http.notFound === undefined ? {} : { 404: { description: http.notFound } }
  const common = {
    method: http.method,
    path: http.path,
    operationId: http.operationId,
    tag: http.tag,
    summary: `${op.summary.en} · ${op.summary.zh}`,
    description: op.description,
    permission: op.permission
  } as const
  if (!op.write) {
    return {
      ...common,
      parameters: [...pathParams, ...queryParams],
      responses: {
        200: ok,
        400: problems.badQuery,
        401: problems.unauthorized,
        403: { description: `${lacks}.` },
        ...notFound
      }
    }
  }
  const body = bodyOf(op, fromPath)
  const example = invalidExample(op, Object.fromEntries(fromPath.map((field) => [field, 1])))
  return {
    ...common,
    parameters: [...pathParams, idempotencyKey],
    ...(body === undefined ? {} : { body: { schema: body, example: http.body?.example } }),
    responses: {
      [http.status ?? 201]: ok,
      400: problems.badJson,
      401: problems.unauthorized,
      403: { description: `${lacks}, or (cookie sessions) the CSRF check failed.` },
      ...notFound,
      409: { description: http.conflict ?? "The idempotency key was used for a different body." },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: example === undefined ? problems.invalid : { ...problems.invalid, example }
    }
  }
}

/** The document's operations of every declared operation that is reached over HTTP. */
export const derivedOperations = (modules: ReadonlyArray<Module>): ReadonlyArray<Operation> =>
  modules.flatMap((module) => module.operations.flatMap((op) => described(op) ?? []))

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

const exportLanguage: Parameter = {
  name: "lang",
  in: "query",
  description: "The headers' language: `zh` (the default) or `en`.",
  schema: Schema.Literals(exportLanguages).annotate({ default: "zh" })
}

const exportBom: Parameter = {
  name: "bom",
  in: "query",
  description:
    "Start the CSV with a UTF-8 byte-order mark, which spreadsheets need to read Chinese text (the default); " +
    "`false` leaves it out, for a program reading the file.",
  schema: Schema.Boolean.annotate({ default: true })
}

/** One list's export in one format, as the document describes it (the list's filters, path and permission). */
const describedExport = ({ op, format, suffix, path }: ListExport): Operation => {
  const list = described(op) as Operation
  const filters = new Set(exportFilters(op).map((q) => q.name))
  const parameters = (list.parameters ?? []).filter((p) => p.in === "path" || filters.has(p.name))
  const columns = exportColumns(op)
  const file =
    format === "csv"
      ? "`text/csv; charset=utf-8` with a byte-order mark (spreadsheets read UTF-8 by it; `bom=false` leaves " +
        "it out); a choice as its label in the file's language (an import reads it back); a cell a " +
        "spreadsheet would run as a formula (starting = + - @) gets a leading apostrophe"
      : "an XLSX workbook of one sheet: the header row frozen, money as numbers with two decimals (an " +
        "amount of more than 15 significant digits, which a spreadsheet's number cannot hold exactly, stays " +
        "text), dates as date cells"
  return {
    method: "get",
    path,
    // A read's other tables (`export/projects`) by their name: `exportCityFundKpisProjectsCsv`.
    operationId: `export${capitalized(list.operationId)}${suffix === "export" ? "" : capitalized(suffix.slice("export/".length))}${capitalized(format)}`,
    tag: list.tag,
    summary: `${op.summary.en} as ${format.toUpperCase()} · ${op.summary.zh}（导出 ${format.toUpperCase()}）`,
    description:
      (op.exportTable === undefined
        ? `Every row \`${list.operationId}\` lists with the same filters (no page limit), in its order, as ${file}. ` +
          `The rows are read ${exportPageSize} at a time through the list itself, so the export shows exactly ` +
          "what the list shows the caller. One column per field of the list's items (a nested record's fields " +
          "as `pledgor.name`): "
        : `The \`${op.exportTable}\` of what \`${list.operationId}\` answers with the same filters, in its ` +
          `order${op.exportTotal === undefined ? "" : `, then its \`${op.exportTotal.from}\` as a last row labelled 合计 (Total)`}, ` +
          `as ${file}. The table is read through the operation itself, so the export shows exactly ` +
          "what it shows the caller. One column per field of its rows (a nested record's fields as " +
          "`measures.amount`): ") +
      `${columns.map((c) => `\`${c.key}\``).join(", ")}; headers in Chinese, or in ` +
      "English with `lang=en`. Sent as an attachment named `kejin-<operationId>-YYYY-MM-DD." +
      `${format}\` (today in Asia/Shanghai).`,
    permission: op.permission,
    parameters: [...parameters, exportLanguage, ...(format === "csv" ? [exportBom] : [])],
    responses: {
      200: {
        description: `The ${format.toUpperCase()} file (\`${format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}\`).`,
        headers: {
          "Content-Disposition": `attachment; filename="kejin-${list.operationId}-2025-12-31.${format}"`
        }
      },
      400: list.responses[400] as Response,
      401: list.responses[401] as Response,
      403: list.responses[403] as Response,
      ...(list.responses[404] === undefined ? {} : { 404: list.responses[404] })
    }
  }
}

/** The document's operations of every list's derived export (see server api/exports.ts). */
export const derivedExports = (modules: ReadonlyArray<Module>): ReadonlyArray<Operation> =>
  listExports(modules).map(describedExport)
