export { exampleTargetInput } from "./examples.js"
export { targetsModule } from "./module.js"
export * from "./operations.js"
export {
  daysLeftIn,
  elapsedDaysIn,
  evenPaceAt,
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
export * from "./wire.js"
