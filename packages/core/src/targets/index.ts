export {
  monthsLeftIn,
  type Pace,
  type PaceInput,
  projectTargetDate,
  targetPace,
  trailingWindow
} from "./pace.js"
export {
  type Target,
  TargetInput,
  type TargetInputJson,
  type TargetJson,
  TargetKey,
  type TargetMetric,
  TargetPatch,
  type TargetPatchJson,
  TargetPeriodKind,
  TargetUnit,
  targetFigureToWire,
  targetMetrics,
  targetToJson
} from "./schema.js"
export * from "./targets.js"
