import { Schema } from "effect"
import { Money } from "../money/wire.js"
import { BusinessDate } from "../time/index.js"
import { TargetKey, TargetPeriodKind, type targetToJson } from "./schema.js"
import type { targetProgressToJson } from "./targets.js"

// Wire shapes of the targets' answers: what `targetToJson` and `targetProgressToJson` write (the API tests
// decode the real answers with these, unknown fields refused, so the document and the code cannot drift).

const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** A count written as a whole-number string (targets whose unit is `count`). */
export const CountText = Schema.String.check(Schema.isPattern(/^(?:0|[1-9][0-9]*)$/u)).annotate({
  identifier: "CountText",
  description: "A count as a whole-number string.",
  examples: ["120"]
})

/** A figure per month with two places (display only). */
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
export type TargetJson = ReturnType<typeof targetToJson>

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
export type TargetProgressJson = ReturnType<typeof targetProgressToJson>

/** `GET /api/v1/targets` (contract): `{ targets: [...] }`. */
export const TargetListJson = Schema.Struct({ targets: Schema.Array(TargetProgressJson) }).annotate({
  identifier: "TargetList"
})

/** Every target's definition, in display order (the facade's `targets.list`). */
export const TargetDefinitionsJson = Schema.Array(TargetJson)

/** What `targets.ensure` did: the keys inserted and those that existed already. */
export const EnsureResultJson = Schema.Struct({
  inserted: Schema.Array(TargetKey),
  existing: Schema.Array(TargetKey)
})
