import { Validator } from "@seriousme/openapi-schema-validator"
import { describe, expect, it } from "vitest"
import { openApiDocument } from "./document.js"

// The document is generated from the declarations (and the CSV export, still written by hand): an
// independent OpenAPI 3.1 validator (the specification's own JSON Schema) must accept it as served.

describe("the OpenAPI document against the OpenAPI 3.1 specification's schema", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator()
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument())))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe("3.1")
  })

  it("the validator refuses a document that breaks the specification (it is not a rubber stamp)", async () => {
    const broken = JSON.parse(JSON.stringify(openApiDocument()))
    const [path] = Object.keys(broken.paths)
    broken.paths[path!].get = { ...broken.paths[path!].get, responses: "none" }
    const result = await new Validator().validate(broken)
    expect(result.valid).toBe(false)
  })
})
