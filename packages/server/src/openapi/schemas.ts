import {
  AdminDivisionCode,
  BusinessDate,
  DistrictCode,
  EnterpriseMoveInput,
  EnterpriseStage,
  FundCode,
  InstitutionKind,
  Money,
  PledgeInput,
  ReversalRequest,
  TargetKey,
  TargetPeriodKind,
  TechCategory,
  Uscc
} from "@kejin/core"
import { Schema } from "effect"

// Patterns carry the `u` flag: Effect exports a RegExp to JSON Schema only then (JSON Schema patterns are
// Unicode); without it the check still runs but the document gets no `pattern`.
// Wire shapes of the responses, as Effect Schemas so the OpenAPI document is generated from them. Request
// bodies need no copy here: the document uses the core's own input schemas (`PledgeInput`, …). Each
// response schema has a test that decodes the real serializer's output with it, unknown fields rejected,
// so the document and the code cannot drift apart.

/** Money on the wire (contract), declared with the core's wire shapes. */
export { Money }

/** A count written as a whole-number string (targets whose unit is `count`). */
export const CountText = Schema.String.check(Schema.isPattern(/^(?:0|[1-9][0-9]*)$/u)).annotate({
  identifier: "CountText",
  description: "A count as a whole-number string.",
  examples: ["120"]
})

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** The stored record: what `pledgeToJson` writes (responses of `/api/v1/pledges…`). */
export const PledgeJson = Schema.Struct({
  id: PositiveInt.annotate({ description: "Assigned by the server." }),
  ...PledgeInput.fields,
  pledgor: Schema.Struct({
    ...PledgeInput.fields.pledgor.fields,
    districtName: Schema.NullOr(Schema.String).annotate({ description: "The district's name, e.g. 鹿城区." })
  }),
  amount: Money,
  journalSeq: PositiveInt.annotate({ description: "The journal entry that recorded the pledge." }),
  reversed: Schema.Boolean.annotate({ description: "True once the pledge has been reversed (冲销)." })
}).annotate({ identifier: "Pledge", description: "A recorded patent pledge loan (专利质押融资)." })

/** `GET /api/v1/pledges`: one page of live pledges, newest registration first. */
export const PledgePageJson = Schema.Struct({
  items: Schema.Array(PledgeJson),
  total: NonNegativeInt.annotate({ description: "How many pledges match the filters (all pages)." }),
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "PledgePage" })

/** A figure per month with two places (yuan for money targets, a count otherwise); for display only. */
export const PerMonth = Schema.String.check(Schema.isPattern(/^(?:0|[1-9][0-9]*)\.[0-9]{2}$/u)).annotate({
  identifier: "PerMonth",
  description:
    "A figure per month with two places (yuan for money targets, a count otherwise); display only.",
  examples: ["208333333.34"]
})

// Targets come in two shapes, by unit: money figures are `Money`, counts are `CountText`. A field added
// to `targetToJson` or `targetProgressToJson` is added here once, in the fields function.
type Figure = typeof Money
const byUnit = <F extends Schema.Struct.Fields>(
  fields: (unit: Schema.Literal<"yuan" | "count">, figure: Figure) => F
) => [
  Schema.Struct(fields(Schema.Literal("yuan"), Money)),
  Schema.Struct(fields(Schema.Literal("count"), CountText))
]

const targetNames = {
  key: TargetKey,
  label: Schema.String.annotate({ description: "中文名称, e.g. 专利质押融资" }),
  labelEn: Schema.String
}

/** A target's definition: what `targetToJson` writes (`GET /api/v1/targets/{key}`, POST, PATCH). */
export const TargetJson = Schema.Union(
  byUnit((unit, figure) => ({
    ...targetNames,
    unit,
    target: figure,
    periodKind: TargetPeriodKind,
    periodStart: Schema.NullOr(BusinessDate).annotate({ description: "Set for a fixed period only." }),
    periodEnd: Schema.NullOr(BusinessDate).annotate({ description: "Set for a fixed period only." }),
    metric: Schema.String.annotate({ description: "The measure of the records that feeds the value." }),
    displayOrder: NonNegativeInt
  }))
).annotate({ identifier: "Target", description: "A policy target (目标): money in yuan, or a count." })

/** One entry of `GET /api/v1/targets`: what `targetProgressToJson` writes. */
export const TargetProgressJson = Schema.Union(
  byUnit((unit, figure) => ({
    ...targetNames,
    unit,
    periodKind: TargetPeriodKind,
    target: figure,
    value: figure,
    progress: Schema.Finite.annotate({ description: "value / target, for display only (never for sums)." }),
    periodStart: BusinessDate,
    periodEnd: BusinessDate,
    asOf: BusinessDate,
    // A named schema annotated here would become a second component (Money_1): say it in the description.
    remaining: figure,
    monthsLeft: NonNegativeInt.annotate({
      description: "Whole calendar months after asOf until the period's end."
    }),
    pacePerMonth: Schema.NullOr(PerMonth).annotate({
      description:
        "(target − value) / monthsLeft, rounded up; 0.00 once met; null when not met and no whole month is left."
    }),
    runRate12m: PerMonth,
    projectedDate: Schema.NullOr(BusinessDate).annotate({
      description: "When the value reaches the target at the run rate; null when the run rate is zero."
    }),
    onTrack: Schema.Boolean.annotate({ description: "projectedDate ≤ periodEnd" })
  }))
).annotate({
  identifier: "TargetProgress",
  description:
    "Progress of a policy target over the period containing asOf, with pace and projection: " +
    "remaining = max(0, target − value); runRate12m = what the measure added in the 12 months to asOf, per month."
})

export const TargetListJson = Schema.Struct({ targets: Schema.Array(TargetProgressJson) }).annotate({
  identifier: "TargetList"
})

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
  instance: Schema.optionalKey(Schema.String),
  errors: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        field: Schema.String.annotate({
          description: "A dotted path into the body or the name of a parameter, e.g. `pledgor.uscc`."
        }),
        reason: Schema.String
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
// Funds (股权投资链条): their wire shapes live with their operations in @kejin/core (equity/wire.ts).
// The registry: what `enterpriseToJson` writes, and the pages around it.
// ---------------------------------------------------------------------------------------------------------

export {
  CityFundKpisJson,
  CommitmentBody,
  DealFiguresJson,
  DealGrouping,
  DealGroupsJson,
  DecimalText,
  DistributionBody,
  FundEntryJson,
  FundFiguresJson,
  FundFilters,
  FundGrouping,
  FundGroupsJson,
  FundJson,
  FundPageJson,
  FundStatusBody,
  InvestmentBody,
  IrrJson,
  LedgerFilters,
  LedgerPageJson,
  Multiple,
  NavBody
} from "@kejin/core"

const NullOrDate = Schema.NullOr(BusinessDate)

/** What `enterpriseToJson` writes. */
export const EnterpriseJson = Schema.Struct({
  id: PositiveInt,
  uscc: Uscc,
  name: Schema.String,
  industry: Schema.String,
  stage: EnterpriseStage,
  techCategory: TechCategory,
  registeredOn: NullOrDate,
  district: Schema.String.annotate({ description: "The current district (6-digit division code)." }),
  districtName: Schema.NullOr(Schema.String),
  local: Schema.Boolean.annotate({ description: "The current district is a Wenzhou one." }),
  districts: Schema.Array(
    Schema.Struct({
      district: Schema.String,
      since: NullOrDate.annotate({ description: "null: from the start." }),
      local: Schema.Boolean,
      districtName: Schema.NullOr(Schema.String)
    })
  ).annotate({ description: "District history, oldest first." }),
  journalSeq: PositiveInt
}).annotate({ identifier: "Enterprise", description: "An enterprise of the registry (企业库)." })

export const EnterprisePageJson = Schema.Struct({
  items: Schema.Array(EnterpriseJson),
  total: NonNegativeInt,
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "EnterprisePage" })

/** An institution record as the core returns it. */
export const InstitutionJson = Schema.Struct({
  id: PositiveInt,
  kind: InstitutionKind,
  name: Schema.String,
  uscc: Schema.NullOr(Uscc),
  journalSeq: PositiveInt
}).annotate({ identifier: "Institution", description: "A bank, insurer, guarantor or fund manager." })

export const InstitutionPageJson = Schema.Struct({
  items: Schema.Array(InstitutionJson),
  total: NonNegativeInt,
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "InstitutionPage" })

// The request body of the route whose path names the enterprise: the core's input with that field optional;
// given in the body, it must match the path (else 422 naming it).
export const EnterpriseMoveBody = Schema.Struct({
  ...EnterpriseMoveInput.fields,
  uscc: Schema.optional(Uscc)
}).annotate({ identifier: "EnterpriseMoveRequest" })

// Parameters of the registry routes (checked by hand in ../api/enterprises.ts, like the others).
export const EnterpriseFilters = {
  uscc: Uscc,
  district: AdminDivisionCode,
  stage: EnterpriseStage,
  techCategory: TechCategory,
  local: Schema.Boolean
}
export { FundCode, InstitutionKind, Uscc }
