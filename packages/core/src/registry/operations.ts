import { Schema } from "effect"
import { enterpriseKey } from "../imports/refs.js"
import { operation } from "../operations/operation.js"
import { Uscc } from "./codes.js"
import type { DistrictAt } from "./enterprises.js"
import { exampleEnterpriseInput, exampleInstitutionInput, exampleUscc } from "./examples.js"
import type { Page } from "./pages.js"
import {
  AdminDivisionCode,
  type Enterprise,
  EnterpriseInput,
  EnterpriseMoveInput,
  EnterpriseStage,
  enterpriseToJson,
  type Institution,
  InstitutionInput,
  InstitutionKind,
  TechCategory
} from "./schema.js"
import {
  DistrictAtJson,
  EnterpriseJson,
  EnterpriseListJson,
  EnterpriseMoveRequest,
  EnterprisePageJson,
  InstitutionJson,
  InstitutionListJson,
  InstitutionPageJson
} from "./wire.js"

// The operations of the registry (企业库 and 金融机构), each declared once: the facade (`kejin.registry.*`),
// the routes under /api/v1/enterprises and /api/v1/institutions, their permission checks and the OpenAPI
// document are derived from these. The services that run them are ./enterprises.ts and ./institutions.ts.

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))

/** A page of a list over HTTP: `limit` 1–500 (default 50) from `offset` (default 0). */
const pageFields = {
  limit: Schema.optional(
    Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 })).annotate({ default: 50 })
  ),
  offset: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({ default: 0 }))
}
const pageQuery = [
  { name: "limit", description: "Page size, 1 to 500." },
  { name: "offset", description: "Items to skip." }
] as const

const uscc = {
  kind: "code",
  entity: "enterprise",
  description: "The enterprise's unified social credit code.",
  example: exampleUscc
} as const

const enterpriseOutput = { output: EnterpriseJson, toJson: (e: Enterprise) => enterpriseToJson(e) } as const
const institutionOutput = { output: InstitutionJson, toJson: (i: Institution) => i } as const

// --- enterprises -----------------------------------------------------------------------------------------

export const addEnterprise = operation({
  name: "registry.addEnterprise",
  importKind: "enterprises",
  importKey: enterpriseKey,
  command: "enterprises.add",
  write: true,
  permission: "enterprises.write",
  input: EnterpriseInput,
  ...enterpriseOutput,
  summary: { en: "Register an enterprise", zh: "登记企业" },
  description: "Decodes the body with the core's `EnterpriseInput`; the district given holds from the start.",
  http: {
    method: "post",
    path: "/api/v1/enterprises",
    operationId: "addEnterprise",
    tag: "registry",
    body: { identifier: "EnterpriseInput", schema: EnterpriseInput, example: exampleEnterpriseInput },
    ok: { description: "Registered." },
    location: {
      of: (e: Enterprise) => `/api/v1/enterprises/${e.uscc}`,
      description: "The enterprise's URL, `/api/v1/enterprises/{uscc}`."
    },
    conflict:
      "The credit code is already registered (`errors[0].field` is `uscc`), or the idempotency key was used for a different body."
  }
})

export const moveEnterprise = operation({
  name: "registry.moveEnterprise",
  command: "enterprises.move",
  write: true,
  // Who may reach the route; a move changes the local (返投) figures of every fund that invested in the
  // enterprise, so the core lets only the registry's keepers (`institutions.write`: admin, bureau) record
  // one: a fund manager gets a 403.
  permission: "enterprises.write",
  input: EnterpriseMoveInput,
  ...enterpriseOutput,
  summary: { en: "Record a move", zh: "企业迁址" },
  description:
    "From `since` on the enterprise is registered in `district`; earlier dates keep theirs, so investments " +
    "keep the `local` flag of their own date. Only the registry's keepers (`institutions.write`) record a " +
    "move: a fund manager gets a 403.",
  http: {
    method: "post",
    path: "/api/v1/enterprises/{uscc}/moves",
    operationId: "moveEnterprise",
    tag: "registry",
    params: { uscc },
    body: {
      identifier: "EnterpriseMoveRequest",
      schema: EnterpriseMoveRequest,
      example: { district: "330381", since: "2025-09-01" }
    },
    ok: { description: "The enterprise with its new district history." },
    notFound: "No enterprise has this credit code.",
    conflict:
      "The enterprise already has a district from that day (`errors[0].field` is `since`), or the idempotency key was used for a different body."
  }
})

export const enterpriseByUscc = operation({
  name: "registry.enterpriseByUscc",
  write: false,
  permission: "dashboard.read",
  // Any text reaches the lookup: a code that is not well formed names no enterprise (404).
  input: Schema.Struct({ uscc: Schema.String }),
  ...enterpriseOutput,
  summary: { en: "Get an enterprise", zh: "查看企业" },
  description: "The record with its district history.",
  http: {
    method: "get",
    path: "/api/v1/enterprises/{uscc}",
    operationId: "getEnterprise",
    tag: "registry",
    params: { uscc: { ...uscc, schema: Uscc } },
    ok: { description: "The enterprise." },
    notFound: "No enterprise has this credit code."
  }
})

export const enterpriseById = operation({
  name: "registry.enterprise",
  write: false,
  permission: "dashboard.read",
  input: Schema.Struct({ id: PositiveInt }),
  ...enterpriseOutput,
  summary: { en: "An enterprise by id", zh: "查看企业" },
  description: "The record with its district history."
})

/** What `registry.enterprises` takes (checked by `Enterprises.list`: `limit` 1–1000, `q` ≤ 200 characters). */
export const EnterpriseListInput = Schema.Struct({
  q: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.Number),
  offset: Schema.optional(Schema.Number)
})

export const listEnterprises = operation({
  name: "registry.enterprises",
  write: false,
  permission: "dashboard.read",
  input: EnterpriseListInput,
  output: EnterpriseListJson,
  toJson: (enterprises: ReadonlyArray<Enterprise>) => enterprises.map(enterpriseToJson),
  summary: { en: "Search the registry", zh: "企业检索" },
  description:
    "In registration order, `limit` (1–1000, default 100) from `offset`; `q` searches in SQL: the name " +
    "contains it (letter case ignored) or the credit code starts with it."
})

export const getEnterprisePage = operation({
  name: "registry.enterprisePage",
  write: false,
  permission: "dashboard.read",
  input: Schema.Struct({
    ...pageFields,
    uscc: Schema.optional(Uscc),
    district: Schema.optional(AdminDivisionCode),
    stage: Schema.optional(EnterpriseStage),
    techCategory: Schema.optional(TechCategory),
    local: Schema.optional(Schema.Boolean)
  }),
  output: EnterprisePageJson,
  toJson: (page: Page<Enterprise>) => ({ ...page, items: page.items.map(enterpriseToJson) }),
  summary: { en: "List enterprises", zh: "企业库" },
  description:
    "Enterprises matching every filter given, by id. `district` and `local` are about the current " +
    "district (the history is in each record).",
  http: {
    method: "get",
    path: "/api/v1/enterprises",
    operationId: "listEnterprises",
    tag: "registry",
    query: [
      ...pageQuery,
      { name: "uscc", description: "One credit code.", example: exampleUscc },
      { name: "district", description: "The current district (6-digit division code).", example: "330302" },
      { name: "stage", description: "Development stage.", example: "start-up" },
      { name: "techCategory", description: "Technology category.", example: "frontier" },
      { name: "local", description: "`true`: registered in Wenzhou now.", example: true }
    ],
    ok: { description: "One page." }
  }
})

export const districtAt = operation({
  name: "registry.districtAt",
  write: false,
  permission: "dashboard.read",
  input: Schema.Struct({ uscc: Schema.String, date: Schema.String }),
  output: DistrictAtJson,
  toJson: (d: DistrictAt) => d,
  summary: { en: "An enterprise's district on a date", zh: "某日所在区县" },
  description: "The enterprise's district on `date` and whether it is a Wenzhou one."
})

// --- institutions ----------------------------------------------------------------------------------------

export const addInstitution = operation({
  name: "registry.addInstitution",
  importKind: "institutions",
  command: "institutions.add",
  write: true,
  permission: "institutions.write",
  input: InstitutionInput,
  ...institutionOutput,
  summary: { en: "Register an institution", zh: "登记金融机构" },
  description:
    "Decodes the body with the core's `InstitutionInput`. The name is unique per kind, the credit code " +
    "(optional) unique.",
  http: {
    method: "post",
    path: "/api/v1/institutions",
    operationId: "addInstitution",
    tag: "registry",
    body: { identifier: "InstitutionInput", schema: InstitutionInput, example: exampleInstitutionInput },
    ok: { description: "Registered." },
    conflict:
      "The name is taken for the kind (`name`) or the credit code is taken (`uscc`), or the idempotency key was used for a different body."
  }
})

export const institutionById = operation({
  name: "registry.institution",
  write: false,
  permission: "dashboard.read",
  input: Schema.Struct({ id: PositiveInt }),
  ...institutionOutput,
  summary: { en: "An institution by id", zh: "查看金融机构" },
  description: "The bank, insurer, guarantor or fund manager with this id."
})

export const institutionByUscc = operation({
  name: "registry.institutionByUscc",
  write: false,
  permission: "dashboard.read",
  input: Schema.Struct({ uscc: Schema.String }),
  ...institutionOutput,
  summary: { en: "An institution by credit code", zh: "查看金融机构" },
  description: "The institution with this credit code."
})

export const listInstitutions = operation({
  name: "registry.institutions",
  write: false,
  permission: "dashboard.read",
  input: Schema.Struct({ kind: Schema.optional(InstitutionKind) }),
  output: InstitutionListJson,
  toJson: (institutions: ReadonlyArray<Institution>) => institutions,
  summary: { en: "Institutions", zh: "金融机构" },
  description: "Every institution (of `kind`, if given), by kind then name."
})

export const getInstitutionPage = operation({
  name: "registry.institutionPage",
  write: false,
  permission: "dashboard.read",
  input: Schema.Struct({
    ...pageFields,
    kind: Schema.optional(InstitutionKind),
    uscc: Schema.optional(Uscc)
  }),
  output: InstitutionPageJson,
  toJson: (page: Page<Institution>) => page,
  summary: { en: "List institutions", zh: "金融机构" },
  description: "Banks, insurers, guarantors and fund managers, by kind then name.",
  http: {
    method: "get",
    path: "/api/v1/institutions",
    operationId: "listInstitutions",
    tag: "registry",
    query: [
      ...pageQuery,
      { name: "kind", description: "One kind.", example: "fund-manager" },
      { name: "uscc", description: "One credit code.", example: exampleUscc }
    ],
    ok: { description: "One page." }
  }
})
