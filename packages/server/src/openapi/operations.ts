import type { Permission } from "@kejin/core"
import {
  exampleEnterpriseInput,
  exampleEntryBodies,
  exampleFundInput,
  exampleInstitutionInput,
  examplePledgeInput,
  exampleTargetInput
} from "@kejin/core/internal"
import type { Schema } from "effect"
import { IdempotencyKey } from "./schemas.js"

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
  readonly tag: "pledges" | "targets" | "funds" | "registry" | "linkage" | "alerts"
  readonly summary: string
  readonly description: string
  readonly permission: Permission
  readonly parameters?: ReadonlyArray<Parameter>
  readonly body?: { readonly schema: Schema.Top; readonly example: unknown; readonly description?: string }
  readonly responses: Readonly<Record<number, Response>>
}

/** The contract's sample body (ARCHITECTURE.md), declared with the registrations in the core. */
export { examplePledgeInput }

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

/** The request examples of the declared areas (from the core, where their declarations use them). */
export {
  exampleEnterpriseInput,
  exampleEntryBodies,
  exampleFundInput,
  exampleInstitutionInput,
  exampleTargetInput
}
