import {
  BusinessDate,
  decodeOptions,
  EnterpriseInput,
  type EnterpriseInputJson,
  exampleEntryBodies,
  exampleFundInput,
  InstitutionInput,
  type InstitutionInputJson,
  type Permission,
  type Pledge,
  PledgeInput,
  type PledgeInputJson,
  pledgeToJson,
  TargetInput,
  type TargetInputJson,
  TargetKey,
  TargetPatch,
  validationErrorFromIssue
} from "@kejin/core"
import { Result, Schema } from "effect"
import { problemFromError } from "../problem.js"
import { exampleUscc } from "./compile.js"
import { pledgeListExtraParameters } from "./pledge-schemas.js"
import {
  EnterpriseFilters,
  EnterpriseJson,
  EnterpriseMoveBody,
  EnterprisePageJson,
  IdempotencyKey,
  InstitutionJson,
  InstitutionKind,
  InstitutionPageJson,
  Limit,
  Offset,
  PledgeFilters,
  PledgeId,
  PledgeJson,
  PledgePageJson,
  ReversalBody,
  TargetJson,
  TargetListJson,
  Uscc
} from "./schemas.js"

// ---------------------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------------------

export interface Parameter {
  readonly name: string
  readonly in: "query" | "path" | "header"
  readonly required?: boolean
  readonly description: string
  readonly schema: Schema.Top
  readonly example?: unknown
}

export interface Response {
  readonly description: string
  readonly schema?: Schema.Top
  readonly example?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface Operation {
  readonly method: "get" | "post" | "patch"
  readonly path: string
  readonly operationId: string
  readonly tag: "pledges" | "targets" | "funds" | "registry" | "linkage"
  readonly summary: string
  readonly description: string
  readonly permission: Permission
  readonly parameters?: ReadonlyArray<Parameter>
  readonly body?: { readonly schema: Schema.Top; readonly example: unknown; readonly description?: string }
  readonly responses: Readonly<Record<number, Response>>
}

/** The contract's sample body (ARCHITECTURE.md), with a valid code. */
export const examplePledgeInput: PledgeInputJson = {
  registrationNo: "Y2025330000123",
  pledgor: { uscc: exampleUscc, name: "温州瓯江光电科技有限公司", district: "330302" },
  pledgee: { name: "温州银行" },
  patents: ["ZL201710601862.3"],
  amount: "25000000.00",
  registeredOn: "2025-03-14"
}

// Examples come from the real code: the decoder, `pledgeToJson`, `problemFromError`.
const decodedExample = Schema.decodeUnknownSync(PledgeInput)(examplePledgeInput, decodeOptions)
const examplePledge: Pledge = { ...decodedExample, id: 1, journalSeq: 1, reversed: false }
const invalidExample = Schema.decodeUnknownResult(PledgeInput)(
  { ...examplePledgeInput, amount: "0", registeredOn: "2025-02-29" },
  decodeOptions
)
const validationProblemExample = Result.isFailure(invalidExample)
  ? problemFromError(validationErrorFromIssue(invalidExample.failure.issue))
  : undefined

/** The `Idempotency-Key` header every write takes. */
export const idempotencyKey: Parameter = {
  name: "Idempotency-Key",
  in: "header",
  description:
    "Makes a retry safe: the same key with the same body returns the first result and writes nothing; " +
    "the same key with another body is a 409. 1 to 200 characters, e.g. a UUID.",
  schema: IdempotencyKey,
  example: "6f1c2a9e-5d0b-4c57-9a55-2b4e0f3d8c11"
}

const pledgeIdParameter: Parameter = {
  name: "id",
  in: "path",
  description: "The pledge's id.",
  schema: PledgeId,
  example: 1
}

export const problems = {
  badJson: { description: "The body is not valid JSON." },
  badQuery: { description: "An unknown, repeated or invalid query parameter (`errors` names it)." },
  unauthorized: { description: "No credentials, or an unknown or revoked token." },
  forbidden: {
    description: "The role lacks the permission, or (cookie sessions) the request failed the CSRF check."
  },
  notFound: { description: "No pledge has this id." },
  tooMany: {
    description: "Too many requests for this token (default 600 a minute); `Retry-After` says when to retry.",
    headers: { "Retry-After": "Seconds to wait." }
  },
  tooLarge: { description: "The body is larger than the server accepts (default 1 MiB)." },
  unsupported: { description: "The body is not `application/json`." },
  invalid: {
    description: "Fields are invalid: `errors` lists each `{ field, reason }`; nothing was written."
  }
} satisfies Record<string, Response>

export const exampleTargetInput: TargetInputJson = {
  key: "sci-tech-loans",
  label: "科技型企业贷款余额",
  labelEn: "Loans to sci-tech enterprises",
  unit: "yuan",
  target: "50000000000.00",
  metric: "pledge-amount"
}

const targetKeyParameter: Parameter = {
  name: "key",
  in: "path",
  description: "The target's key.",
  schema: TargetKey,
  example: "patent-pledge-financing"
}

// ---------------------------------------------------------------------------------------------------------
// The registry (the funds' operations are declared in @kejin/core's equity/operations.ts)
// ---------------------------------------------------------------------------------------------------------

/** The funds' request examples, declared with their operations in the core. */
export { exampleEntryBodies, exampleFundInput }

export const exampleEnterpriseInput: EnterpriseInputJson = {
  uscc: exampleUscc,
  name: "温州瓯江光电科技有限公司",
  district: "330302",
  industry: "光电",
  stage: "start-up",
  techCategory: "frontier"
}

export const exampleInstitutionInput: InstitutionInputJson = {
  kind: "fund-manager",
  name: "温州科创投资管理有限公司"
}

const limitParameter: Parameter = {
  name: "limit",
  in: "query",
  description: "Page size, 1 to 500.",
  schema: Limit
}
const offsetParameter: Parameter = {
  name: "offset",
  in: "query",
  description: "Items to skip.",
  schema: Offset
}

const usccParameter: Parameter = {
  name: "uscc",
  in: "path",
  description: "The enterprise's unified social credit code.",
  schema: Uscc,
  example: exampleUscc
}

const registryOperations: ReadonlyArray<Operation> = [
  {
    method: "get",
    path: "/api/v1/enterprises",
    operationId: "listEnterprises",
    tag: "registry",
    summary: "List enterprises · 企业库",
    description:
      "Enterprises matching every filter given, by id. `district` and `local` are about the current " +
      "district (the history is in each record).",
    permission: "dashboard.read",
    parameters: [
      limitParameter,
      offsetParameter,
      {
        name: "uscc",
        in: "query",
        description: "One credit code.",
        schema: EnterpriseFilters.uscc,
        example: exampleUscc
      },
      {
        name: "district",
        in: "query",
        description: "The current district (6-digit division code).",
        schema: EnterpriseFilters.district,
        example: "330302"
      },
      {
        name: "stage",
        in: "query",
        description: "Development stage.",
        schema: EnterpriseFilters.stage,
        example: "start-up"
      },
      {
        name: "techCategory",
        in: "query",
        description: "Technology category.",
        schema: EnterpriseFilters.techCategory,
        example: "frontier"
      },
      {
        name: "local",
        in: "query",
        description: "`true`: registered in Wenzhou now.",
        schema: EnterpriseFilters.local,
        example: true
      }
    ],
    responses: {
      200: { description: "One page.", schema: EnterprisePageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "post",
    path: "/api/v1/enterprises",
    operationId: "addEnterprise",
    tag: "registry",
    summary: "Register an enterprise · 登记企业",
    description:
      "Decodes the body with the core's `EnterpriseInput`; the district given holds from the start.",
    permission: "enterprises.write",
    parameters: [idempotencyKey],
    body: { schema: EnterpriseInput, example: exampleEnterpriseInput },
    responses: {
      201: {
        description: "Registered.",
        schema: EnterpriseJson,
        headers: { Location: "The enterprise's URL, `/api/v1/enterprises/{uscc}`." }
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "The credit code is already registered (`errors[0].field` is `uscc`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  {
    method: "get",
    path: "/api/v1/enterprises/{uscc}",
    operationId: "getEnterprise",
    tag: "registry",
    summary: "Get an enterprise · 查看企业",
    description: "The record with its district history.",
    permission: "dashboard.read",
    parameters: [usccParameter],
    responses: {
      200: { description: "The enterprise.", schema: EnterpriseJson },
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No enterprise has this credit code." }
    }
  },
  {
    method: "post",
    path: "/api/v1/enterprises/{uscc}/moves",
    operationId: "moveEnterprise",
    tag: "registry",
    summary: "Record a move · 企业迁址",
    description:
      "From `since` on the enterprise is registered in `district`; earlier dates keep theirs, so investments " +
      "keep the `local` flag of their own date.",
    permission: "enterprises.write",
    parameters: [usccParameter, idempotencyKey],
    body: { schema: EnterpriseMoveBody, example: { district: "330381", since: "2025-09-01" } },
    responses: {
      201: { description: "The enterprise with its new district history.", schema: EnterpriseJson },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No enterprise has this credit code." },
      409: {
        description:
          "The enterprise already has a district from that day (`errors[0].field` is `since`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  {
    method: "get",
    path: "/api/v1/institutions",
    operationId: "listInstitutions",
    tag: "registry",
    summary: "List institutions · 金融机构",
    description: "Banks, insurers, guarantors and fund managers, by kind then name.",
    permission: "dashboard.read",
    parameters: [
      limitParameter,
      offsetParameter,
      {
        name: "kind",
        in: "query",
        description: "One kind.",
        schema: InstitutionKind,
        example: "fund-manager"
      },
      { name: "uscc", in: "query", description: "One credit code.", schema: Uscc, example: exampleUscc }
    ],
    responses: {
      200: { description: "One page.", schema: InstitutionPageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "post",
    path: "/api/v1/institutions",
    operationId: "addInstitution",
    tag: "registry",
    summary: "Register an institution · 登记金融机构",
    description:
      "Decodes the body with the core's `InstitutionInput`. The name is unique per kind, the credit code " +
      "(optional) unique.",
    permission: "institutions.write",
    parameters: [idempotencyKey],
    body: { schema: InstitutionInput, example: exampleInstitutionInput },
    responses: {
      201: { description: "Registered.", schema: InstitutionJson },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "The name is taken for the kind (`name`) or the credit code is taken (`uscc`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  }
]

/** The operations of the first areas; `all-operations.ts` adds those of the other areas. */
export const baseOperations: ReadonlyArray<Operation> = [
  {
    method: "post",
    path: "/api/v1/pledges",
    operationId: "recordPledge",
    tag: "pledges",
    summary: "Record a patent pledge loan · 登记专利质押融资",
    description:
      "Decodes the body with the core's `PledgeInput` (every invalid field is reported, unknown fields are " +
      "rejected) and records the pledge and its journal entry in one transaction.",
    permission: "pledges.write",
    parameters: [idempotencyKey],
    body: { schema: PledgeInput, example: examplePledgeInput },
    responses: {
      201: {
        description: "Recorded (or the first result again, for a repeated idempotency key).",
        schema: PledgeJson,
        example: pledgeToJson(examplePledge),
        headers: { Location: "The record's URL, `/api/v1/pledges/{id}`." }
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "The registration number is held by a live registration (`errors[0].field` is `registrationNo`; a reversed " +
          "registration frees its number), or the " +
          "idempotency key was used for a different body or has the wrong length (`Idempotency-Key`)."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: { ...problems.invalid, example: validationProblemExample }
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges",
    operationId: "listPledges",
    tag: "pledges",
    summary: "List pledges · 质押融资列表",
    description: "Live (not reversed) pledges matching every filter given, newest registration first.",
    permission: "pledges.read",
    parameters: [
      { name: "limit", in: "query", description: "Page size, 1 to 500.", schema: Limit },
      { name: "offset", in: "query", description: "Pledges to skip.", schema: Offset },
      {
        name: "from",
        in: "query",
        description: "Registered on or after this date.",
        schema: PledgeFilters.from,
        example: "2025-01-01"
      },
      {
        name: "to",
        in: "query",
        description: "Registered on or before this date.",
        schema: PledgeFilters.to,
        example: "2025-12-31"
      },
      {
        name: "district",
        in: "query",
        description: "The pledgor's district code.",
        schema: PledgeFilters.district,
        example: "330302"
      },
      {
        name: "pledgor",
        in: "query",
        description: "The pledgor's unified social credit code.",
        schema: PledgeFilters.pledgor,
        example: exampleUscc
      },
      ...pledgeListExtraParameters
    ],
    responses: {
      200: { description: "One page.", schema: PledgePageJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "get",
    path: "/api/v1/pledges/{id}",
    operationId: "getPledge",
    tag: "pledges",
    summary: "Get one pledge · 查看质押融资",
    description: "The stored record, reversed or not.",
    permission: "pledges.read",
    parameters: [pledgeIdParameter],
    responses: {
      200: { description: "The record.", schema: PledgeJson, example: pledgeToJson(examplePledge) },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: problems.notFound
    }
  },
  {
    method: "post",
    path: "/api/v1/pledges/{id}/reversal",
    operationId: "reversePledge",
    tag: "pledges",
    summary: "Reverse a pledge · 冲销质押融资",
    description:
      "Marks a recorded pledge as reversed (a correction, journaled like every write); totals and lists " +
      "leave it out from then on. The record itself is kept. The body is `{ reason }` (an `id` in it must " +
      "be the path's); unknown fields are refused (422).",
    permission: "pledges.write",
    parameters: [pledgeIdParameter, idempotencyKey],
    body: { schema: ReversalBody, example: { reason: "登记信息有误，重新登记" } },
    responses: {
      201: {
        description: "Reversed: the record with `reversed: true`.",
        schema: PledgeJson,
        example: pledgeToJson({ ...examplePledge, reversed: true })
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: problems.notFound,
      409: {
        description:
          "Already reversed (`errors[0].field` is `id`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  {
    method: "get",
    path: "/api/v1/targets",
    operationId: "listTargetProgress",
    tag: "targets",
    summary: "Target progress · 目标进度",
    description:
      "Every policy target with its value over the period containing `asOf` (calendar-year targets use " +
      "that year, fixed targets their own period; the value counts up to `asOf` or the period's end), " +
      "the pace needed per month and a projection at the last 12 months' run rate.",
    permission: "targets.read",
    parameters: [
      {
        name: "asOf",
        in: "query",
        description: "The day to measure at; default today in Asia/Shanghai.",
        schema: BusinessDate,
        example: "2025-06-30"
      }
    ],
    responses: {
      200: { description: "All targets, in display order.", schema: TargetListJson },
      400: problems.badQuery,
      401: problems.unauthorized,
      403: problems.forbidden
    }
  },
  {
    method: "post",
    path: "/api/v1/targets",
    operationId: "createTarget",
    tag: "targets",
    summary: "Create a target · 新增目标",
    description:
      "Decodes the body with the core's `TargetInput`: money targets take `target` as a decimal string of " +
      "yuan, count targets a whole number; `periodStart`/`periodEnd` only (and both) for `periodKind` " +
      "`fixed`. Unknown fields are rejected.",
    permission: "targets.write",
    parameters: [idempotencyKey],
    body: { schema: TargetInput, example: exampleTargetInput },
    responses: {
      201: {
        description: "Created.",
        schema: TargetJson,
        headers: { Location: "The target's URL, `/api/v1/targets/{key}`." }
      },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      409: {
        description:
          "A target with this key exists (`errors[0].field` is `key`), or the idempotency key was used for a different body."
      },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  {
    method: "get",
    path: "/api/v1/targets/{key}",
    operationId: "getTarget",
    tag: "targets",
    summary: "Get a target's definition · 查看目标",
    description: "The definition only; its progress is in `GET /api/v1/targets`.",
    permission: "targets.read",
    parameters: [targetKeyParameter],
    responses: {
      200: { description: "The target.", schema: TargetJson },
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No target has this key." }
    }
  },
  {
    method: "patch",
    path: "/api/v1/targets/{key}",
    operationId: "updateTarget",
    tag: "targets",
    summary: "Change a target · 修改目标",
    description:
      "Changes the fields given (the core's `TargetPatch`); the key never changes. The changed target is " +
      "checked as a whole: a new `unit` needs a new `target`, `fixed` needs both period days.",
    permission: "targets.write",
    parameters: [targetKeyParameter, idempotencyKey],
    body: { schema: TargetPatch, example: { target: "3000000000.00" } },
    responses: {
      200: { description: "The changed target.", schema: TargetJson },
      400: problems.badJson,
      401: problems.unauthorized,
      403: problems.forbidden,
      404: { description: "No target has this key." },
      409: { description: "The idempotency key was used for a different body." },
      413: problems.tooLarge,
      415: problems.unsupported,
      422: problems.invalid
    }
  },
  ...registryOperations
]
