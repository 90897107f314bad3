import { Schema } from "effect"
import { operation } from "../operations/operation.js"
import { BusinessDate } from "../time/index.js"
import { exampleReportedValue, exampleTargetInput } from "./examples.js"
import { type MeasureInfo, measureToJson } from "./measures.js"
import {
  ReportedMeasureInput,
  ReportedMeasureJson,
  ReportedValueInput,
  ReportedValueJson,
  ReportedValueListJson,
  ReportedValueReversalInput,
  reportedMeasureToJson,
  reportedValueToJson
} from "./reported.js"
import { type Target, TargetInput, TargetKey, TargetPatch, targetToJson } from "./schema.js"
import type { ReportedMeasure, ReportedValue, TargetVersion } from "./store.js"
import {
  type EnsureResult,
  type TargetProgress,
  type TargetRanking,
  targetProgressToJson,
  targetRankingToJson,
  targetVersionToJson
} from "./targets.js"
import {
  EnsureResultJson,
  MeasureListJson,
  TargetDefinitionsJson,
  TargetJson,
  TargetListJson,
  TargetRankingJson,
  TargetVersionListJson
} from "./wire.js"

// The operations on policy targets (政策目标), each declared once: the facade (`kejin.targets.*`), the
// routes under /api/v1/targets, their permission checks and the OpenAPI document are derived from these.
// The service that runs them is ./targets.ts.

const key = {
  kind: "code",
  description: "The target's key.",
  example: "patent-pledge-financing",
  // Any text reaches the lookup: a key that is not well formed names no target (404).
  schema: TargetKey
} as const

const targetOutput = { output: TargetJson, toJson: (t: Target) => targetToJson(t) } as const

/** `targets.update`'s input: which target (`targetKey`, the path's `{key}`) and the fields to change. */
export const TargetUpdateInput = Schema.Struct({ targetKey: Schema.String, ...TargetPatch.fields })

export const targetProgress = operation({
  name: "targets.progress",
  write: false,
  exportTable: "targets",
  permission: "targets.read",
  input: Schema.Struct({ asOf: Schema.optional(BusinessDate) }),
  output: TargetListJson,
  toJson: (targets: ReadonlyArray<TargetProgress>) => ({ targets: targets.map(targetProgressToJson) }),
  summary: { en: "Target progress", zh: "目标进度" },
  description:
    "Every policy target with its value over the period containing `asOf` (calendar-year targets use " +
    "that year, fixed targets their own period; the value counts up to `asOf` or the period's end), " +
    "the pace needed per month and a projection at the last 12 months' run rate.",
  http: {
    method: "get",
    path: "/api/v1/targets",
    operationId: "listTargetProgress",
    tag: "targets",
    query: [
      {
        name: "asOf",
        description: "The day to measure at; default today in Asia/Shanghai.",
        example: "2025-06-30"
      }
    ],
    ok: { description: "All targets, in display order." }
  }
})

export const listTargets = operation({
  name: "targets.list",
  write: false,
  permission: "targets.read",
  input: Schema.Struct({}),
  output: TargetDefinitionsJson,
  toJson: (targets: ReadonlyArray<Target>) => targets.map(targetToJson),
  summary: { en: "Target definitions", zh: "目标定义" },
  description: "Every target's definition, in display order."
})

export const getTarget = operation({
  name: "targets.get",
  write: false,
  permission: "targets.read",
  input: Schema.Struct({ key: Schema.String }),
  ...targetOutput,
  summary: { en: "Get a target's definition", zh: "查看目标" },
  description: "The definition only; its progress is in `GET /api/v1/targets`.",
  http: {
    method: "get",
    path: "/api/v1/targets/{key}",
    operationId: "getTarget",
    tag: "targets",
    params: { key: { ...key, entity: "target" } },
    ok: { description: "The target." },
    notFound: "No target has this key."
  }
})

export const createTarget = operation({
  name: "targets.create",
  write: true,
  permission: "targets.write",
  input: TargetInput,
  ...targetOutput,
  summary: { en: "Create a target", zh: "新增目标" },
  description:
    "Decodes the body with the core's `TargetInput`: money targets take `target` as a decimal string of " +
    "yuan, count targets a whole number; `periodStart`/`periodEnd` only (and both) for `periodKind` " +
    "`fixed`. Unknown fields are rejected.",
  http: {
    method: "post",
    path: "/api/v1/targets",
    operationId: "createTarget",
    tag: "targets",
    body: { identifier: "TargetInput", schema: TargetInput, example: exampleTargetInput },
    ok: { description: "Created." },
    location: {
      of: (t: Target) => `/api/v1/targets/${encodeURIComponent(t.key)}`,
      description: "The target's URL, `/api/v1/targets/{key}`."
    },
    conflict:
      "A target with this key exists (`errors[0].field` is `key`), or the idempotency key was used for a different body."
  }
})

export const updateTarget = operation({
  name: "targets.update",
  write: true,
  permission: "targets.write",
  input: TargetUpdateInput,
  ...targetOutput,
  summary: { en: "Change a target", zh: "修改目标" },
  description:
    "Changes the fields given (the core's `TargetPatch`); the key never changes. The changed target is " +
    "checked as a whole: a new `unit` needs a new `target`, `fixed` needs both period days.",
  http: {
    method: "patch",
    path: "/api/v1/targets/{key}",
    operationId: "updateTarget",
    tag: "targets",
    params: { key: { ...key, field: "targetKey", entity: "target" } },
    body: { identifier: "TargetPatch", schema: TargetPatch, example: { target: "3000000000.00" } },
    ok: { description: "The changed target." },
    status: 200,
    notFound: "No target has this key."
  }
})

export const ensureTargets = operation({
  name: "targets.ensure",
  write: true,
  permission: "targets.write",
  input: Schema.Array(TargetInput),
  output: EnsureResultJson,
  toJson: (result: EnsureResult) => result,
  summary: { en: "Add missing targets", zh: "补充目标" },
  description:
    "Inserts the definitions whose keys do not exist yet (actor `system`, one journal entry each); never " +
    "overwrites. Every definition is checked first: one bad definition writes nothing."
})

export const targetHistory = operation({
  name: "targets.history",
  write: false,
  permission: "targets.read",
  input: Schema.Struct({ key: Schema.String }),
  output: TargetVersionListJson,
  toJson: (versions: ReadonlyArray<TargetVersion>) => ({ versions: versions.map(targetVersionToJson) }),
  summary: { en: "A target's versions", zh: "目标修订记录" },
  description:
    "Every version of the target, oldest first: a change is a new version with its date (`changedAt`) " +
    "and author (`changedBy`), never an edit in place. Version 0 is the target as it stood before versions " +
    "were kept (the plan's seeded figures), with no date or author.",
  http: {
    method: "get",
    path: "/api/v1/targets/{key}/versions",
    operationId: "listTargetVersions",
    tag: "targets",
    params: { key: { ...key, entity: "target" } },
    ok: { description: "The versions, oldest first." },
    notFound: "No target has this key."
  }
})

export const targetRanking = operation({
  name: "targets.ranking",
  write: false,
  permission: "targets.read",
  input: Schema.Struct({ key: Schema.String, asOf: Schema.optional(BusinessDate) }),
  output: TargetRankingJson,
  toJson: (ranking: TargetRanking) => targetRankingToJson(ranking),
  summary: { en: "A split target's ranking", zh: "目标分解排行榜" },
  description:
    "The parts of a target split by district or responsible unit, ranked by progress (value / target, " +
    "highest first) over the period containing `asOf`; `partsMatch` is false when the parts' figures do not " +
    "add up to the whole (`partsTarget` against `target`): show it as a warning.",
  http: {
    method: "get",
    path: "/api/v1/targets/{key}/ranking",
    operationId: "getTargetRanking",
    tag: "targets",
    params: { key: { ...key, entity: "target" } },
    query: [
      {
        name: "asOf",
        description: "The day to measure at; default today in Asia/Shanghai.",
        example: "2025-06-30"
      }
    ],
    ok: { description: "The ranking." },
    notFound: "No target has this key."
  }
})

export const listMeasures = operation({
  name: "targets.measures.list",
  write: false,
  permission: "targets.read",
  input: Schema.Struct({}),
  output: MeasureListJson,
  toJson: (measures: ReadonlyArray<MeasureInfo>) => ({ measures: measures.map(measureToJson) }),
  summary: { en: "Measures a target can follow", zh: "可用指标" },
  description:
    "Every measure a target's `metric` may name, with its unit: those the core computes from its records, " +
    "those plugins register, and the reported ones (the latest value reported in the period).",
  http: {
    method: "get",
    path: "/api/v1/measures",
    operationId: "listMeasures",
    tag: "targets",
    ok: { description: "The measures." }
  }
})

export const defineReportedMeasure = operation({
  name: "targets.measures.define",
  write: true,
  permission: "targets.write",
  input: ReportedMeasureInput,
  output: ReportedMeasureJson,
  toJson: (m: ReportedMeasure) => reportedMeasureToJson(m),
  summary: { en: "Define a reported measure", zh: "新增上报指标" },
  description:
    "A measure whose values are reported by hand or imported (全市创新投入, R&D 投入强度 %), in yuan, a count " +
    "or percent. Its `code` must not be a measure already (409 on `code`).",
  http: {
    method: "post",
    path: "/api/v1/measures",
    operationId: "defineReportedMeasure",
    tag: "targets",
    body: {
      identifier: "ReportedMeasureInput",
      example: { code: "rd-intensity", label: "R&D 投入强度", labelEn: "R&D intensity", unit: "percent" }
    },
    ok: { description: "Defined." },
    conflict: "The code is a measure already (`errors[0].field` is `code`)."
  }
})

export const reportValue = operation({
  name: "targets.measures.report",
  importKind: "reported-values",
  write: true,
  permission: "targets.write",
  input: ReportedValueInput,
  output: ReportedValueJson,
  toJson: (v: ReportedValue) => reportedValueToJson(v),
  summary: { en: "Report a value", zh: "上报指标值" },
  description:
    "A value of a reported measure with its source and date: yuan as text, a whole count, or a percent as " +
    'exact text (`"3.2"`; a JSON number is refused for percent). A target following the measure reads the ' +
    "latest value reported in its period. A correction is a reversal and a new report.",
  http: {
    method: "post",
    path: "/api/v1/measures/values",
    operationId: "reportMeasureValue",
    tag: "targets",
    body: { identifier: "ReportedValueInput", example: exampleReportedValue },
    ok: { description: "Recorded." }
  }
})

export const reverseReportedValue = operation({
  name: "targets.measures.reverse",
  write: true,
  permission: "targets.write",
  input: ReportedValueReversalInput,
  output: ReportedValueJson,
  toJson: (v: ReportedValue) => reportedValueToJson(v),
  summary: { en: "Reverse a reported value", zh: "冲销上报值" },
  description: "Takes the value out of every figure; it stays listed with `reversed: true`.",
  http: {
    method: "post",
    path: "/api/v1/measures/values/{id}/reversal",
    operationId: "reverseMeasureValue",
    tag: "targets",
    params: { id: { entity: "reported value", description: "The value's id." } },
    body: { identifier: "ReportedValueReversalRequest", example: { reason: "录入错误 entered in error" } },
    ok: { description: "Reversed." },
    notFound: "No reported value has this id.",
    conflict: "The value is reversed already (`errors[0].field` is `id`)."
  }
})

export const reportedValues = operation({
  name: "targets.measures.values",
  write: false,
  permission: "targets.read",
  input: Schema.Struct({ measure: Schema.String }),
  output: ReportedValueListJson,
  toJson: (r: { measure: string; values: ReadonlyArray<ReportedValue> }) => ({
    measure: r.measure,
    items: r.values.map(reportedValueToJson)
  }),
  summary: { en: "A reported measure's values", zh: "上报指标值" },
  description: "Every value reported for the measure, newest first; reversed ones are marked.",
  http: {
    method: "get",
    path: "/api/v1/measures/{measure}/values",
    operationId: "listMeasureValues",
    tag: "targets",
    params: {
      measure: {
        kind: "code",
        entity: "reported measure",
        description: "The reported measure's code.",
        example: "rd-intensity",
        schema: Schema.String
      }
    },
    ok: { description: "The values, newest first." },
    notFound: "No reported measure has this code."
  }
})
