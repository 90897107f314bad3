import { readFileSync } from "node:fs"
import { type Permission, permissionsOf, Role } from "@kejin/core"
import type { JsonSchema, Schema } from "effect"
import { operations } from "./all-operations.js"
import { compile, mergeDefinitions } from "./compile.js"
import { type Operation, problems, type Response } from "./operations.js"
import { ProblemJson } from "./schemas.js"

// ---------------------------------------------------------------------------------------------------------
// The document's types (the parts this module writes and the docs page reads)
// ---------------------------------------------------------------------------------------------------------

export type HttpMethod = "get" | "post" | "patch"

export interface ParameterObject {
  readonly name: string
  readonly in: "query" | "path" | "header"
  readonly required: boolean
  readonly description: string
  readonly schema: JsonSchema.JsonSchema
  readonly example?: unknown
}

export interface MediaTypeObject {
  readonly schema: JsonSchema.JsonSchema
  readonly example?: unknown
}

export interface ResponseObject {
  readonly description: string
  readonly headers?: Readonly<
    Record<string, { readonly description: string; readonly schema: JsonSchema.JsonSchema }>
  >
  readonly content?: Readonly<Record<string, MediaTypeObject>>
}

export interface OperationObject {
  readonly operationId: string
  readonly summary: string
  readonly description: string
  readonly tags: ReadonlyArray<string>
  readonly parameters: ReadonlyArray<ParameterObject>
  readonly requestBody?: {
    readonly required: true
    readonly description?: string
    readonly content: Readonly<Record<string, MediaTypeObject>>
  }
  readonly responses: Readonly<Record<string, ResponseObject>>
  /** The permission the operation checks (see `permissionsOf` in @kejin/core). */
  readonly "x-kejin-permission": Permission
}

export interface SecuritySchemeObject {
  readonly type: "http" | "apiKey"
  readonly description: string
  readonly scheme?: string
  readonly in?: "cookie" | "header"
  readonly name?: string
}

export interface OpenApiDocument {
  readonly openapi: "3.1.0"
  readonly info: { readonly title: string; readonly version: string; readonly description: string }
  readonly servers?: ReadonlyArray<{ readonly url: string }>
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description: string }>
  readonly paths: Readonly<Record<string, Readonly<Partial<Record<HttpMethod, OperationObject>>>>>
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema.JsonSchema>>
    readonly securitySchemes: Readonly<Record<string, SecuritySchemeObject>>
  }
  readonly security: ReadonlyArray<Readonly<Record<string, ReadonlyArray<string>>>>
}

export interface DocumentOptions {
  /** The server's base URL for `servers` (e.g. `https://kejin.example.gov.cn`); omitted: same origin. */
  readonly serverUrl?: string | undefined
}

// ---------------------------------------------------------------------------------------------------------
// Assembly
// ---------------------------------------------------------------------------------------------------------

const packageVersion = (): string => {
  // src/openapi/ and dist/openapi/ both sit two levels below the package.
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8")
  return (JSON.parse(text) as { version: string }).version
}

const rolesWith = (permission: Permission): ReadonlyArray<string> =>
  Role.literals.filter((role) => permissionsOf(role).includes(permission))

/** Every request with a bearer token counts against its rate limit. */
const withRateLimit = (
  responses: Readonly<Record<number, Response>>
): Readonly<Record<number, Response>> => ({
  ...responses,
  429: problems.tooMany
})

const build = (options: DocumentOptions): OpenApiDocument => {
  const requestRoots = new Set<Schema.Top>()
  const responseRoots = new Set<Schema.Top>([ProblemJson])
  for (const operation of operations) {
    for (const parameter of operation.parameters ?? []) requestRoots.add(parameter.schema)
    if (operation.body) requestRoots.add(operation.body.schema)
    for (const response of Object.values(operation.responses))
      if (response.schema) responseRoots.add(response.schema)
  }
  const requests = compile([...requestRoots], "error")
  const responses = compile([...responseRoots], "ignore")
  const request = (schema: Schema.Top) => requests.schemas.get(schema)!
  const response = (schema: Schema.Top) => responses.schemas.get(schema)!

  const operationObject = (operation: Operation): OperationObject => ({
    operationId: operation.operationId,
    summary: operation.summary,
    description: `${operation.description}\n\nPermission \`${operation.permission}\` (roles: ${rolesWith(operation.permission).join(", ")}).`,
    tags: [operation.tag],
    parameters: (operation.parameters ?? []).map((p) => ({
      name: p.name,
      in: p.in,
      required: p.in === "path" || p.required === true,
      description: p.description,
      schema: request(p.schema),
      ...(p.example === undefined ? {} : { example: p.example })
    })),
    ...(operation.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            ...(operation.body.description === undefined ? {} : { description: operation.body.description }),
            content: {
              "application/json": { schema: request(operation.body.schema), example: operation.body.example }
            }
          }
        }),
    responses: Object.fromEntries(
      Object.entries(withRateLimit(operation.responses)).map(([status, r]): [string, ResponseObject] => {
        const isProblem = Number(status) >= 400
        const schema = isProblem ? response(ProblemJson) : r.schema && response(r.schema)
        const mediaType = isProblem ? "application/problem+json" : "application/json"
        return [
          status,
          {
            description: r.description,
            ...(r.headers === undefined
              ? {}
              : {
                  headers: Object.fromEntries(
                    Object.entries(r.headers).map(([name, description]) => [
                      name,
                      { description, schema: { type: "string" } }
                    ])
                  )
                }),
            ...(schema === undefined
              ? {}
              : {
                  content: {
                    [mediaType]: { schema, ...(r.example === undefined ? {} : { example: r.example }) }
                  }
                })
          }
        ]
      })
    ),
    "x-kejin-permission": operation.permission
  })

  const paths: Record<string, Partial<Record<HttpMethod, OperationObject>>> = {}
  for (const operation of operations) {
    const item = paths[operation.path] ?? {}
    item[operation.method] = operationObject(operation)
    paths[operation.path] = item
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Kejin 科金 API",
      version: packageVersion(),
      description:
        "Wenzhou sci-tech finance monitoring (温州科技金融监测). Money is a decimal string of yuan with two " +
        "places (`2500000000.00`), dates are `YYYY-MM-DD`, errors are RFC 9457 `application/problem+json`. " +
        "The schemas are generated from the Effect Schemas that validate the requests."
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags: [
      { name: "pledges", description: "专利质押融资 Patent pledge financing" },
      { name: "targets", description: "目标 Policy targets and their progress" },
      { name: "funds", description: "股权投资链条 Funds, their ledgers and figures" },
      { name: "registry", description: "企业库与金融机构 Enterprises and institutions" },
      {
        name: "linkage",
        description: "联动试点 Linkage pilots: 投贷/投保/投投联动, 科创指数贷, 转化保险与二次救济, 科创债"
      },
      {
        name: "alerts",
        description: "提醒 Alerts: targets behind pace, overdue and defaulted loans, low pools"
      }
    ],
    paths,
    components: {
      schemas: mergeDefinitions(requests, responses),
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description:
            "For programs: `Authorization: Bearer <token>` with a token from `kejin token create --role <role> --name <name>`."
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "kejin_session",
          description:
            "For people: the browser session after signing in (`__Host-kejin_session` over HTTPS). Writes must " +
            "come from the same origin and send the session's CSRF token in `X-CSRF-Token`."
        }
      }
    },
    security: [{ bearerToken: [] }, { session: [] }]
  }
}

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const cache = new Map<string, OpenApiDocument>()

/** The OpenAPI 3.1 document of `/api/v1`, built on first use and cached (per options); frozen. */
export const openApiDocument = (options: DocumentOptions = {}): OpenApiDocument => {
  const key = options.serverUrl ?? ""
  let document = cache.get(key)
  if (document === undefined) {
    document = deepFreeze(build(options))
    cache.set(key, document)
  }
  return document
}
