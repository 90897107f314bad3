import { Schema } from "effect"
import { Money } from "../money/wire.js"
import { BusinessDate } from "../time/index.js"
import { measureUnits } from "./measures.js"
import { TargetKey, TargetPeriodKind, TargetSplit, type targetToJson } from "./schema.js"
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

/** A percent as exact decimal text (targets whose unit is `percent`), e.g. `"3.2"`. */
export const PercentText = Schema.String.check(
  Schema.isPattern(/^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/u)
).annotate({
  identifier: "PercentText",
  description: "A percent as exact decimal text (never a float), e.g. 3.2 for 3.2 %.",
  examples: ["3.2"]
})

// Targets come in three shapes, by unit: money figures are `Money`, counts `CountText`, percents
// `PercentText`. A field added to `targetToJson` or `targetProgressToJson` is added here once.
type Figure = typeof Money | typeof CountText | typeof PercentText
const byUnit = <F extends Schema.Struct.Fields>(
  fields: (unit: Schema.Literal<"yuan" | "count" | "percent">, figure: Figure) => F
) => [
  Schema.Struct(fields(Schema.Literal("yuan"), Money)),
  Schema.Struct(fields(Schema.Literal("count"), CountText)),
  Schema.Struct(fields(Schema.Literal("percent"), PercentText))
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
    metric: Schema.String.annotate({
      description: "The measure that feeds the value (GET /api/v1/measures)."
    }),
    displayOrder: NonNegativeInt,
    splitBy: Schema.NullOr(TargetSplit),
    parts: Schema.Array(
      Schema.Struct({
        code: Schema.String,
        name: Schema.String,
        nameEn: Schema.String,
        target: figure,
        metric: Schema.NullOr(Schema.String)
      })
    )
  }))
).annotate({
  identifier: "Target",
  description: "A policy target (目标): money in yuan, a count, or a percent."
})
export type TargetJson = ReturnType<typeof targetToJson>

/** One entry of `GET /api/v1/targets`: what `targetProgressToJson` writes. */
export const TargetProgressJson = Schema.Union(
  byUnit((unit, figure) => ({
    ...targetNames,
    unit,
    periodKind: TargetPeriodKind,
    metric: Schema.String,
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

const MeasureUnit = Schema.Literals(measureUnits)

/** `GET /api/v1/measures`: every measure a target can follow. */
export const MeasureListJson = Schema.Struct({
  measures: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      label: Schema.String,
      labelEn: Schema.String,
      unit: MeasureUnit,
      source: Schema.Literals(["computed", "plugin", "reported"]),
      byDistrict: Schema.Boolean
    })
  )
}).annotate({ identifier: "MeasureList" })

/** `GET /api/v1/targets/{key}/versions`. */
export const TargetVersionListJson = Schema.Struct({
  versions: Schema.Array(
    Schema.Struct({
      version: NonNegativeInt,
      changedAt: Schema.NullOr(Schema.String),
      changedBy: Schema.NullOr(Schema.String),
      journalSeq: Schema.NullOr(NonNegativeInt),
      target: TargetJson
    })
  )
}).annotate({ identifier: "TargetVersionList" })

/** `GET /api/v1/targets/{key}/ranking`. */
export const TargetRankingJson = Schema.Union(
  byUnit((unit, figure) => ({
    ...targetNames,
    unit,
    splitBy: Schema.NullOr(TargetSplit),
    periodStart: BusinessDate,
    periodEnd: BusinessDate,
    asOf: BusinessDate,
    target: figure,
    value: figure,
    partsTarget: figure,
    partsValue: figure,
    partsMatch: Schema.Boolean.annotate({ description: "Whether the parts' figures add up to the whole's." }),
    parts: Schema.Array(
      Schema.Struct({
        rank: NonNegativeInt,
        code: Schema.String,
        name: Schema.String,
        nameEn: Schema.String,
        metric: Schema.String,
        target: figure,
        value: figure,
        progress: Schema.Finite
      })
    )
  }))
).annotate({ identifier: "TargetRanking" })
