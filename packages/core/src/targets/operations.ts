import { Schema } from "effect"
import { operation } from "../operations/operation.js"
import { BusinessDate } from "../time/index.js"
import { exampleTargetInput } from "./examples.js"
import { type Target, TargetInput, TargetKey, TargetPatch, targetToJson } from "./schema.js"
import { type EnsureResult, type TargetProgress, targetProgressToJson } from "./targets.js"
import { EnsureResultJson, TargetDefinitionsJson, TargetJson, TargetListJson } from "./wire.js"

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
