import { readFileSync } from "node:fs"
import { PledgeInput } from "@kejin/core"
import { decodeOptions } from "@kejin/core/internal"
import { Exit, JsonSchema, Schema, SchemaRepresentation } from "effect"
import { describe, expect, it } from "vitest"
import { operations } from "./all-operations.js"
import { exampleUscc, refinements } from "./compile.js"
import { openApiDocument } from "./document.js"
import { examplePledgeInput } from "./operations.js"

const document = openApiDocument()
const components = document.components.schemas

/**
 * A validator for a schema of the document, built by Effect's JSON Schema importer from the JSON Schema
 * text alone (not from the Effect Schema it was generated from): `required`, `additionalProperties`,
 * `pattern`, `enum`, `minItems`… are enforced as JSON Schema states them. (No ajv in the workspace.)
 */
const validatorOf = (schema: JsonSchema.JsonSchema) => {
  const draft = JsonSchema.fromSchemaOpenApi3_1({ ...schema, $defs: components })
  const imported = SchemaRepresentation.fromJsonSchemaDocument(draft, { patterns: "apply" })
  const decode = Schema.decodeUnknownExit(imported as Schema.Codec<unknown, unknown>)
  return (value: unknown): boolean => Exit.isSuccess(decode(value, { onExcessProperty: "error" }))
}

const operation = (method: "get" | "post" | "patch", path: string) => {
  const found = document.paths[path]?.[method]
  if (found === undefined) throw new Error(`${method.toUpperCase()} ${path} is not documented`)
  return found
}

const pledgeRequestSchema = operation("post", "/api/v1/pledges").requestBody!.content["application/json"]!
  .schema

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with the server package's version", () => {
    expect(document.openapi).toBe("3.1.0")
    expect(document.info.title).toBe("Kejin 科金 API")
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"))
    expect(document.info.version).toBe(pkg.version)
  })

  it("documents the operations of /api/v1, each with a unique operationId", () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
    )
    expect(documented).toEqual(
      expect.arrayContaining([
        "POST /api/v1/pledges",
        "GET /api/v1/pledges",
        "GET /api/v1/pledges/{id}",
        "POST /api/v1/pledges/{id}/reversal",
        "GET /api/v1/targets",
        "POST /api/v1/targets",
        "PATCH /api/v1/targets/{key}"
      ])
    )
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((o) => o.operationId))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it("documents the pledge list's search, its sort and the filtered total", () => {
    const parameters = operation("get", "/api/v1/pledges").parameters ?? []
    const byName = new Map(parameters.map((p) => [p.name, p]))
    expect(byName.get("q")).toMatchObject({ in: "query", schema: { type: "string" } })
    expect(byName.get("q")!.description).toMatch(/credit code starts with/)
    expect(byName.get("sort")).toMatchObject({
      in: "query",
      schema: {
        default: "-registeredOn",
        enum: [
          "registeredOn",
          "-registeredOn",
          "amount",
          "-amount",
          "registrationNo",
          "-registrationNo",
          "pledgorName",
          "-pledgorName",
          "pledgeeName",
          "-pledgeeName",
          "district",
          "-district",
          "patents",
          "-patents"
        ]
      }
    })
    const page = components.PledgePage as { properties: Record<string, unknown>; required: Array<string> }
    expect(Object.keys(page.properties)).toEqual(["items", "total", "amount", "limit", "offset"])
    expect(page.required).toContain("amount")
    expect(page.properties.amount).toEqual({ $ref: "#/components/schemas/Money" })
  })

  it("names each component once (an annotated copy of a named schema would add Name_1)", () => {
    expect(Object.keys(components).filter((name) => /_\d+$/.test(name))).toEqual([])
  })

  it("requires a bearer token or a session cookie everywhere", () => {
    expect(document.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" })
    expect(document.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie" })
    expect(document.security).toEqual([{ bearerToken: [] }, { session: [] }])
  })

  it("POST /api/v1/pledges: the body requires every contract field and forbids others, like the decoder", () => {
    expect(pledgeRequestSchema.type).toBe("object")
    expect(pledgeRequestSchema.required).toEqual([
      "registrationNo",
      "pledgor",
      "pledgee",
      "patents",
      "amount",
      "registeredOn"
    ])
    expect(pledgeRequestSchema.additionalProperties).toBe(false)
    const properties = pledgeRequestSchema.properties as Record<string, JsonSchema.JsonSchema>
    expect(properties.pledgor!.additionalProperties).toBe(false)
    expect(properties.pledgee!.additionalProperties).toBe(false)
    // The decoder agrees: an unknown field is an error, not ignored.
    const exit = Schema.decodeUnknownExit(PledgeInput)({ ...examplePledgeInput, note: "x" }, decodeOptions)
    expect(Exit.isFailure(exit)).toBe(true)
  })

  it("POST /api/v1/pledges: the contract's sample body validates against the JSON Schema", () => {
    const valid = validatorOf(pledgeRequestSchema)
    const sample = {
      registrationNo: "Y2025330000123",
      pledgor: { uscc: exampleUscc, name: "温州瓯江光电科技有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: ["ZL201710601862.3"],
      amount: "25000000.00",
      registeredOn: "2025-03-14"
    }
    expect(valid(sample)).toBe(true)
    expect(valid({ ...sample, note: "unknown field" })).toBe(false)
    expect(valid({ ...sample, pledgor: { ...sample.pledgor, extra: 1 } })).toBe(false)
    const { amount: _, ...withoutAmount } = sample
    expect(valid(withoutAmount)).toBe(false)
    expect(valid({ ...sample, amount: 25000000 })).toBe(false)
    expect(valid({ ...sample, amount: "25000000" })).toBe(false)
    expect(valid({ ...sample, registeredOn: "2025/03/14" })).toBe(false)
    expect(valid({ ...sample, patents: [] })).toBe(false)
    expect(valid({ ...sample, pledgor: { ...sample.pledgor, district: "110101" } })).toBe(false)
  })

  it("money is a decimal string with two places and dates are format: date", () => {
    expect(components.Money).toMatchObject({ type: "string", pattern: "^-?(?:0|[1-9][0-9]*)\\.[0-9]{2}$" })
    expect(components.AmountInput).toMatchObject({ type: "string", pattern: "^[0-9]+\\.[0-9]{2}$" })
    expect(components.Date).toMatchObject({ type: "string", format: "date" })
    const pledge = components.Pledge!.properties as Record<string, JsonSchema.JsonSchema>
    expect(pledge.amount).toEqual({ $ref: "#/components/schemas/Money" })
    expect(pledge.registeredOn).toEqual({ $ref: "#/components/schemas/Date" })
    const money = validatorOf({ $ref: "#/components/schemas/Money" })
    expect(["25000000.00", "0.00", "0.50"].every(money)).toBe(true)
    expect(["25000000", "25000000.5", "1e7", "025.00", 25000000].some(money)).toBe(false)
  })

  it("Problem: RFC 9457 fields and errors: [{ field, reason }]; every 4xx answers problem+json", () => {
    const problem = components.Problem!
    expect(problem.required).toEqual(["type", "title", "status"])
    expect(Object.keys(problem.properties as object)).toEqual(
      expect.arrayContaining(["type", "title", "status", "detail", "instance", "errors"])
    )
    expect(components.FieldError!.required).toEqual(["field", "reason"])
    for (const item of Object.values(document.paths)) {
      for (const op of Object.values(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue
          expect(response.content?.["application/problem+json"]?.schema).toEqual({
            $ref: "#/components/schemas/Problem"
          })
        }
      }
    }
    expect(Object.keys(operation("post", "/api/v1/pledges").responses)).toEqual(
      expect.arrayContaining(["201", "401", "403", "409", "413", "415", "422"])
    )
  })

  it("every example in the document validates against its schema", () => {
    let checked = 0
    for (const item of Object.values(document.paths)) {
      for (const op of Object.values(item)) {
        const media = [
          ...Object.values(op.requestBody?.content ?? {}),
          ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}))
        ]
        for (const { schema, example } of [...media, ...op.parameters]) {
          if (example === undefined) continue
          expect(validatorOf(schema)(example), `${op.operationId}: ${JSON.stringify(example)}`).toBe(true)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(10)
  })

  it("every request example passes the core's own decoder", () => {
    for (const op of operations) {
      if (op.body === undefined) continue
      const decode = Schema.decodeUnknownExit(op.body.schema as Schema.Codec<unknown, unknown>)
      expect(Exit.isSuccess(decode(op.body.example, decodeOptions)), op.operationId).toBe(true)
    }
  })

  it("an optional field is one that may be absent, not null (as the decoders read it)", () => {
    const patch = operation("patch", "/api/v1/targets/{key}").requestBody!.content["application/json"]!.schema
    expect(JSON.stringify(patch)).not.toContain('"null"')
    expect(JSON.stringify(patch)).not.toContain("Infinity")
    const valid = validatorOf(patch)
    expect(valid({})).toBe(true)
    expect(valid({ label: "新名称" })).toBe(true)
    expect(valid({ label: null })).toBe(false)
  })

  it("adds what the core's custom checks cannot export, and its examples pass the core's checks", () => {
    for (const refinement of refinements) {
      const component = components[refinement.name]
      expect(component, `component ${refinement.name}`).toBeDefined()
      expect(component).toMatchObject(refinement.jsonSchema)
      const valid = validatorOf({ $ref: `#/components/schemas/${refinement.name}` })
      for (const example of (refinement.jsonSchema.examples as Array<unknown> | undefined) ?? []) {
        const decode = Schema.decodeUnknownExit(refinement.schema as Schema.Codec<unknown, unknown>)
        expect(Exit.isSuccess(decode(example))).toBe(true)
        expect(valid(example)).toBe(true)
      }
    }
  })

  it("is built once and cached; serverUrl adds servers", () => {
    expect(openApiDocument()).toBe(document)
    expect(Object.isFrozen(document.components.schemas)).toBe(true)
    expect(document.servers).toBeUndefined()
    expect(openApiDocument({ serverUrl: "https://kejin.example" }).servers).toEqual([
      { url: "https://kejin.example" }
    ])
  })
})
