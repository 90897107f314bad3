import {
  AdminDivisionCode,
  BusinessDate,
  DistrictCode,
  FundCode,
  makeUscc,
  NonNegativeYuanFromString,
  PatentNumber,
  PositiveYuanFromString,
  RegistrationNo,
  ReversalInput,
  TargetInput,
  TargetKey,
  targetMetrics,
  USCC_ALPHABET,
  Uscc,
  wenzhouDistricts
} from "@kejin/core"
import { JsonSchema, type Schema, SchemaRepresentation } from "effect"

// ---------------------------------------------------------------------------------------------------------
// What JSON Schema cannot get from the Effect checks
// ---------------------------------------------------------------------------------------------------------

/**
 * The core's own filters (check digits, real calendar dates, the district table) export no JSON Schema, and
 * the wire side of a trimming or money-parsing transformation keeps none of the decoded side's checks. Each
 * entry names such a schema as a component and adds what a client should know. A candidate matches by
 * identity (`schema`) or, for a transformation, by the identifier Effect gives its wire side.
 */
export interface Refinement {
  readonly name: string
  readonly schema: Schema.Top
  readonly encodedIdentifier?: string
  readonly jsonSchema: JsonSchema.JsonSchema
}

export const exampleUscc = makeUscc("91330302MA2AB1CD0")

export const refinements: ReadonlyArray<Refinement> = [
  {
    name: "Date",
    schema: BusinessDate,
    jsonSchema: {
      format: "date",
      pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      description: "A calendar date YYYY-MM-DD; impossible dates such as 2025-02-29 are rejected.",
      examples: ["2025-03-14"]
    }
  },
  {
    name: "Uscc",
    schema: Uscc,
    jsonSchema: {
      pattern: `^[${USCC_ALPHABET}]{18}$`,
      description:
        "统一社会信用代码 (unified social credit code): 18 uppercase characters, the last a GB 32100-2015 check character.",
      examples: [exampleUscc]
    }
  },
  {
    name: "DistrictCode",
    schema: DistrictCode,
    jsonSchema: {
      enum: wenzhouDistricts.map((d) => d.code),
      description: `Wenzhou county-level division: ${wenzhouDistricts.map((d) => `${d.code} ${d.name} ${d.nameEn}`).join(", ")}.`,
      examples: ["330302"]
    }
  },
  {
    name: "PatentNumber",
    schema: PatentNumber,
    jsonSchema: {
      pattern: "^(?:ZL|CN)?(?:[0-9]{12}|[0-9]{8})\\.[0-9X]$",
      description:
        "专利申请号 with its check digit: optional ZL/CN prefix, 12 digits (8 before 2004), a dot, the check digit.",
      examples: ["ZL201710601862.3"]
    }
  },
  {
    name: "RegistrationNo",
    schema: RegistrationNo,
    encodedIdentifier: "RegistrationNoEncoded",
    jsonSchema: {
      pattern: "^\\s*[A-Z0-9][A-Z0-9-]{5,39}\\s*$",
      description: "CNIPA pledge registration number (质押登记号); surrounding whitespace is trimmed.",
      examples: ["Y2025330000123"]
    }
  },
  {
    name: "Text",
    schema: ReversalInput.fields.reason,
    encodedIdentifier: "TextEncoded",
    jsonSchema: {
      pattern: "\\S",
      description: "Text of 1 to 200 characters once surrounding whitespace is trimmed."
    }
  },
  {
    name: "TargetKey",
    schema: TargetKey,
    jsonSchema: {
      pattern: "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
      maxLength: 64,
      description: "Lowercase kebab-case, at most 64 characters; part of URLs, never changed once created.",
      examples: ["patent-pledge-financing"]
    }
  },
  {
    name: "TargetMetric",
    schema: TargetInput.fields.metric,
    jsonSchema: {
      pattern: "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
      maxLength: 64,
      description:
        "The id of the measure that feeds a target's value: one the core computes " +
        `(${targetMetrics.join(", ")}), one a plugin registers, or a reported one (GET /api/v1/measures).`,
      examples: ["pledge-amount"]
    }
  },
  {
    name: "AmountInput",
    schema: PositiveYuanFromString,
    encodedIdentifier: "PositiveYuanEncoded",
    jsonSchema: {
      pattern: "^[0-9]+\\.[0-9]{2}$",
      description:
        "An amount of yuan (元) greater than zero as a decimal string with two places (the contract form). " +
        "The parser is lenient (it also reads 100, 12.5, ¥1,234.56 or 25亿) but only this form is part of the contract.",
      examples: ["25000000.00"]
    }
  },
  // The equity chain and the registry
  {
    name: "FundCode",
    schema: FundCode,
    jsonSchema: {
      pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$",
      maxLength: 64,
      description:
        "A fund's code: a lowercase slug (letters, digits, single hyphens), at most 64 characters; never changed. " +
        "Fund managers are scoped by it.",
      examples: ["wz-angel-1"]
    }
  },
  {
    name: "DivisionCode",
    schema: AdminDivisionCode,
    jsonSchema: {
      pattern: "^[0-9]{6}$",
      description:
        "Any 6-digit administrative division code (GB/T 2260) with a real provincial prefix; Wenzhou's " +
        "county-level codes (330302 鹿城区 …) make a record local, any other is accepted as non-local.",
      examples: ["330302", "310115"]
    }
  },
  {
    name: "NonNegativeAmountInput",
    schema: NonNegativeYuanFromString,
    encodedIdentifier: "NonNegativeYuanEncoded",
    jsonSchema: {
      pattern: "^[0-9]+\\.[0-9]{2}$",
      description:
        "An amount of yuan (元) of at least zero (a NAV, a fair value, a write-off's proceeds) as a decimal " +
        "string with two places; lenient like AmountInput.",
      examples: ["0.00", "15000000.00"]
    }
  }
]

const refinementOf = (input: SchemaRepresentation.ReferencePolicyInput): Refinement | undefined =>
  refinements.find(
    (r) =>
      input.ast === r.schema.ast ||
      (r.encodedIdentifier !== undefined && input.identifier === r.encodedIdentifier)
  )

// ---------------------------------------------------------------------------------------------------------
// Effect Schema → JSON Schema (OpenAPI 3.1 dialect)
// ---------------------------------------------------------------------------------------------------------

type Representation = SchemaRepresentation.Representation

/**
 * JSON has no `undefined`: an optional property is one that may be absent. Effect's JSON Schema writes the
 * `undefined` of `Schema.optional(X)` as `null`, which the decoders reject, so it is dropped before
 * compiling (`Null` proper, from `Schema.NullOr`, stays).
 */
const withoutUndefined = (
  document: SchemaRepresentation.MultiDocument
): SchemaRepresentation.MultiDocument => {
  const visit = (r: Representation): Representation => {
    switch (r._tag) {
      case "Objects":
        return {
          ...r,
          propertySignatures: r.propertySignatures.map((p) => ({ ...p, type: visit(p.type) })),
          indexSignatures: r.indexSignatures.map((i) => ({ ...i, type: visit(i.type) }))
        }
      case "Arrays":
        return {
          ...r,
          elements: r.elements.map((e) => ({ ...e, type: visit(e.type) })),
          rest: r.rest.map(visit)
        }
      case "Union": {
        const types = r.types.filter((t) => t._tag !== "Undefined").map(visit)
        const [only] = types
        return types.length === 1 &&
          only !== undefined &&
          r.annotations === undefined &&
          r.checks.length === 0
          ? only
          : { ...r, types }
      }
      case "Suspend":
        return { ...r, thunk: visit(r.thunk) }
      default:
        return r
    }
  }
  const [first, ...rest] = document.representations
  return {
    representations: [visit(first), ...rest.map(visit)],
    references: Object.fromEntries(Object.entries(document.references).map(([k, r]) => [k, visit(r)]))
  }
}

export interface Compiled {
  readonly schemas: ReadonlyMap<Schema.Top, JsonSchema.JsonSchema>
  readonly definitions: JsonSchema.Definitions
}

/**
 * The encoded side of each schema, with shared `#/components/schemas/…` definitions. This is the side the
 * server decodes raw JSON with (`Schema.decodeUnknown…(schema)`), so it is lowered as it is, not through
 * `Schema.toCodecJson` as `Schema.toJsonSchemaDocument` does: that canonical codec would also read `null`
 * for a `Schema.optional` field. Requests are closed (`additionalProperties: false`, as the core decodes
 * with `onExcessProperty: "error"`); responses stay open, because the server may add fields.
 */
export const compile = (roots: ReadonlyArray<Schema.Top>, onExcessProperty: "error" | "ignore"): Compiled => {
  const [first, ...rest] = roots.map((schema) => schema.ast)
  if (first === undefined) return { schemas: new Map(), definitions: {} }
  const representations = withoutUndefined(
    SchemaRepresentation.toRepresentations([first, ...rest], {
      referencePolicy: (input) => refinementOf(input)?.name ?? input.identifier
    })
  )
  const document = JsonSchema.toMultiDocumentOpenApi3_1(
    SchemaRepresentation.toJsonSchemaMultiDocument(representations, { onExcessProperty })
  )
  const definitions: Record<string, JsonSchema.JsonSchema> = {}
  for (const [name, definition] of Object.entries(document.definitions)) {
    const refinement = refinements.find((r) => r.name === name)
    definitions[name] = withoutNonFiniteText(
      refinement === undefined ? definition : { ...definition, ...refinement.jsonSchema }
    )
  }
  return {
    schemas: new Map(roots.map((schema, i) => [schema, withoutNonFiniteText(document.schemas[i]!)])),
    definitions
  }
}

const isNonFiniteText = (schema: unknown): boolean => {
  if (typeof schema !== "object" || schema === null) return false
  const { type, enum: values } = schema as JsonSchema.JsonSchema
  return type === "string" && Array.isArray(values) && JSON.stringify([...values].sort()) === NON_FINITE
}
const NON_FINITE = JSON.stringify(["-Infinity", "Infinity", "NaN"])

/**
 * Effect writes a plain `Schema.Number` as `number` or the strings "NaN", "Infinity", "-Infinity" (its
 * canonical JSON codec's form for them). Neither the decoders here nor `JSON.stringify` use those strings.
 */
const withoutNonFiniteText = (schema: JsonSchema.JsonSchema): JsonSchema.JsonSchema => {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit)
    if (typeof value !== "object" || value === null) return value
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]))
    if (Array.isArray(out.anyOf) && out.anyOf.some(isNonFiniteText)) {
      const { anyOf, ...rest } = out
      const kept = (anyOf as Array<unknown>).filter((member) => !isNonFiniteText(member))
      return kept.length === 1 ? { ...rest, ...(kept[0] as object) } : { ...rest, anyOf: kept }
    }
    return out
  }
  return visit(schema) as JsonSchema.JsonSchema
}

export const mergeDefinitions = (
  ...documents: ReadonlyArray<Compiled>
): Record<string, JsonSchema.JsonSchema> => {
  const merged: Record<string, JsonSchema.JsonSchema> = {}
  for (const { definitions } of documents) {
    for (const [name, definition] of Object.entries(definitions)) {
      const previous = merged[name]
      if (previous !== undefined && JSON.stringify(previous) !== JSON.stringify(definition)) {
        throw new Error(`OpenAPI: two different schemas are both named ${name}; give one another identifier`)
      }
      merged[name] = definition
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)))
}
