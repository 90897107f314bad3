import { BusinessDate, DistrictCode, FundCode, InstitutionKind, Money, TargetKey, Uscc } from "@kejin/core"
import { PledgeJson, PledgePageJson, ReversalRequest } from "@kejin/core/internal"
import { Schema } from "effect"

// Patterns carry the `u` flag: Effect exports a RegExp to JSON Schema only then (JSON Schema patterns are
// Unicode); without it the check still runs but the document gets no `pattern`.
// Wire shapes of the responses, as Effect Schemas so the OpenAPI document is generated from them. Request
// bodies need no copy here: the document uses the core's own input schemas (`PledgeInput`, …). Each
// response schema has a test that decodes the real serializer's output with it, unknown fields rejected,
// so the document and the code cannot drift apart.

/** Money on the wire (contract), declared with the core's wire shapes. */
export { Money }

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

// The targets' answers are declared in the core with their operations (targets/wire.ts).
export { CountText, PerMonth, TargetJson, TargetListJson, TargetProgressJson } from "@kejin/core/internal"
/** The registrations' answers (`pledgeToJson`, the list's page), declared in the core (pledges/wire.ts). */
export { PledgeJson, PledgePageJson }

/** RFC 9457 problem details, as `problem()` in ../problem.ts sends them (`application/problem+json`). */
export const ProblemJson = Schema.Struct({
  type: Schema.String.annotate({
    format: "uri",
    examples: ["https://kejin.dev/problems/validation"],
    description: "Identifies the kind of problem; stable, so programs may branch on it."
  }),
  title: Schema.String,
  status: Schema.Int.check(Schema.isBetween({ minimum: 400, maximum: 599 })),
  detail: Schema.optionalKey(Schema.String),
  code: Schema.optionalKey(
    Schema.String.annotate({
      description:
        "Which problem `detail` says, a stable word of Kejin's message catalogue (e.g. `not-found`), for a client that words it in its own language.",
      examples: ["not-found"]
    })
  ),
  params: Schema.optionalKey(
    Schema.Record(Schema.String, Schema.String).annotate({
      description: 'The values the coded `detail` names (e.g. `{ "kind": "pledge", "key": "42" }`), as text.'
    })
  ),
  instance: Schema.optionalKey(Schema.String),
  requestId: Schema.optionalKey(
    Schema.String.annotate({
      description:
        "On a 5xx: the request's id (also the `X-Request-Id` response header), under which the server logged the failure."
    })
  ),
  errors: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        field: Schema.String.annotate({
          description: "A dotted path into the body or the name of a parameter, e.g. `pledgor.uscc`."
        }),
        reason: Schema.String.annotate({ description: "Why, in English." }),
        code: Schema.optionalKey(
          Schema.String.annotate({
            description:
              "Which problem it is, a stable kebab-case word of Kejin's message catalogue (e.g. `to-before-from`), for a client that words it in its own language; absent when the reason has no code yet.",
            examples: ["to-before-from"]
          })
        ),
        params: Schema.optionalKey(
          Schema.Record(Schema.String, Schema.String).annotate({
            description: 'The values the coded message names (e.g. `{ "from": "2026-01-01" }`), as text.'
          })
        ),
        because: Schema.optionalKey(
          Schema.Array(
            Schema.Struct({ code: Schema.String, params: Schema.Record(Schema.String, Schema.String) })
          ).annotate({
            description:
              "The coded reasons a composite message lists (its `breaks` parameter in English): a client words each one and joins them into that parameter."
          })
        )
      }).annotate({ identifier: "FieldError" })
    ).annotate({ description: "One entry per invalid field or parameter." })
  )
}).annotate({ identifier: "Problem", description: "RFC 9457 problem details (application/problem+json)." })

/** The body of `POST /api/v1/pledges/{id}/reversal` (and every reversal); the id comes from the path. */
export { ReversalRequest as ReversalBody }

// Parameters. The query string is checked by hand in ../api/query.ts (not by Schemas), so these describe
// it; a test sends every documented parameter to the real handler.
export const IdempotencyKey = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))
export const Limit = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 })).annotate({
  default: 50
})
export const Offset = NonNegativeInt.annotate({ default: 0 })
export const PledgeId = PositiveInt
export const PledgeFilters = { from: BusinessDate, to: BusinessDate, district: DistrictCode, pledgor: Uscc }
export { TargetKey }

// ---------------------------------------------------------------------------------------------------------
// Funds (股权投资链条) and the registry: their wire shapes live with their operations in @kejin/core
// (equity/wire.ts, registry/wire.ts).
// ---------------------------------------------------------------------------------------------------------

// The registry's answers are declared in the core with their operations (registry/wire.ts).
export { DealGrouping, DecimalText, FundGrouping } from "@kejin/core"
export {
  CityFundKpisJson,
  CommitmentBody,
  DealFiguresJson,
  DealGroupsJson,
  DistributionBody,
  EnterpriseJson,
  EnterpriseMoveRequest as EnterpriseMoveBody,
  EnterprisePageJson,
  FundEntryJson,
  FundFiguresJson,
  FundFilters,
  FundGroupsJson,
  FundJson,
  FundPageJson,
  FundStatusBody,
  InstitutionJson,
  InstitutionPageJson,
  InvestmentBody,
  IrrJson,
  LedgerFilters,
  LedgerPageJson,
  Multiple,
  NavBody
} from "@kejin/core/internal"

export { FundCode, InstitutionKind, Uscc }
