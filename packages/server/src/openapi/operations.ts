import {
  decodeOptions,
  exampleEnterpriseInput,
  exampleEntryBodies,
  exampleFundInput,
  exampleInstitutionInput,
  exampleTargetInput,
  type Permission,
  type Pledge,
  PledgeInput,
  type PledgeInputJson,
  pledgeToJson,
  validationErrorFromIssue
} from "@kejin/core"
import { Result, Schema } from "effect"
import { problemFromError } from "../problem.js"
import { exampleUscc } from "./compile.js"
import { pledgeListExtraParameters } from "./pledge-schemas.js"
import {
  IdempotencyKey,
  Limit,
  Offset,
  PledgeFilters,
  PledgeId,
  PledgeJson,
  PledgePageJson,
  ReversalBody
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

/** The document's example target (from the core, where the declaration uses it). */
/** The funds' request examples, declared with their operations in the core. */
/** The registry's examples (from the core, where the declarations use them). */
export {
  exampleEnterpriseInput,
  exampleEntryBodies,
  exampleFundInput,
  exampleInstitutionInput,
  exampleTargetInput
}

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
  }
]
