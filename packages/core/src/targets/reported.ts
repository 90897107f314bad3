import { Schema } from "effect"
import { FreeText } from "../text/index.js"
import { checkMessage } from "../text/messages.js"
import { BusinessDate, pastDates } from "../time/index.js"
import { MeasureId, parseTargetFigure, TargetUnit } from "./schema.js"
import type { ReportedMeasure, ReportedValue } from "./store.js"

// Reported measures (上报指标): figures no record of the core adds up (全市创新投入, R&D 投入强度,
// 技术交易额占 GDP), defined once and then reported by hand or imported, each value with its source and
// date. A target following one reads the latest value reported in its period.

/** `POST /api/v1/measures`: a reported measure, its id never changed once defined. */
export const ReportedMeasureInput = Schema.Struct({
  /** The measure's id (kebab-case), e.g. `rd-intensity`; not one the core or a plugin computes. */
  code: MeasureId,
  label: FreeText("the label"),
  labelEn: FreeText("the English label"),
  unit: TargetUnit
})
export type ReportedMeasureInput = typeof ReportedMeasureInput.Type

/** `POST /api/v1/measures/values`: one reported value. */
export const ReportedValueInput = Schema.Struct({
  /** The reported measure's id. */
  measure: MeasureId,
  /** Yuan as text (`"55000000000.00"`, `"550亿"`), a whole count, or a percent as text (`"3.2"`). */
  value: Schema.Union([Schema.String, Schema.Number]),
  /** The day the figure was reported (or the day it describes); not after today. */
  reportedOn: BusinessDate,
  /** Where it comes from, e.g. 市统计局 2025 年统计公报. */
  source: FreeText("the source")
}).annotate(pastDates("reportedOn"))
export type ReportedValueInput = typeof ReportedValueInput.Type
export type ReportedValueInputJson = typeof ReportedValueInput.Encoded

/** `POST /api/v1/measures/values/{id}/reversal`: takes a reported value out of every figure. */
export const ReportedValueReversalInput = Schema.Struct({
  id: Schema.Int.check(Schema.isGreaterThan(0, { message: checkMessage("whole-number-above-zero") })),
  reason: FreeText("the reason")
})

/** Reads a reported value for its measure's unit (the same rules as a target's figure). */
export const parseReportedValue = parseTargetFigure

export const reportedMeasureToJson = (m: ReportedMeasure) => ({
  id: m.id,
  code: m.code,
  label: m.label,
  labelEn: m.labelEn,
  unit: m.unit
})

const valueText = (v: ReportedValue) => (v.unit === "yuan" ? v.value.toFixed(2) : v.value.toFixed()) // float-ok: Decimal.toFixed, exact

export const reportedValueToJson = (v: ReportedValue) => ({
  id: v.id,
  measure: v.measure,
  unit: v.unit,
  value: valueText(v),
  reportedOn: v.reportedOn,
  source: v.source,
  reversed: v.reversed
})

export const ReportedMeasureJson = Schema.Struct({
  id: Schema.Int,
  code: Schema.String,
  label: Schema.String,
  labelEn: Schema.String,
  unit: TargetUnit
}).annotate({ identifier: "ReportedMeasure" })

export const ReportedValueJson = Schema.Struct({
  id: Schema.Int,
  measure: Schema.String,
  unit: TargetUnit,
  value: Schema.String.annotate({
    description: "Exact decimal text: yuan with two places, a whole count, or a percent (never a float)."
  }),
  reportedOn: BusinessDate,
  source: Schema.String,
  reversed: Schema.Boolean
}).annotate({ identifier: "ReportedValue" })

export const ReportedValueListJson = Schema.Struct({
  measure: Schema.String,
  items: Schema.Array(ReportedValueJson)
})
