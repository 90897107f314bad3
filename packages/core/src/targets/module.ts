import { bind, defineModule } from "../operations/operation.js"
import {
  createTarget,
  defineReportedMeasure,
  ensureTargets,
  getTarget,
  listMeasures,
  listTargets,
  reportedValues,
  reportValue,
  reverseReportedValue,
  targetHistory,
  targetProgress,
  targetRanking,
  updateTarget
} from "./operations.js"
import { Targets } from "./targets.js"

/** `input` with `field` set to `value` (an input that is not an object goes on as it is, to be refused). */
const withField = (input: unknown, field: string, value: unknown): unknown =>
  typeof input === "object" && input !== null && !Array.isArray(input) ? { ...input, [field]: value } : input

/**
 * Policy targets: progress, definitions, create, change, and the plugins' `ensure`. Each declaration bound
 * to the `Targets` service; the facade keeps its positional signatures (`progress(asOf?)`, `list()`,
 * `update(key, changes)`, `ensure(definitions)`).
 */
export const targetsModule = defineModule({
  id: "targets",
  operations: [
    bind(
      targetProgress,
      (input) => Targets.use((t) => t.progress((input as { asOf?: string }).asOf)),
      (asOf?: string) => (asOf === undefined ? {} : { asOf })
    ),
    bind(
      listTargets,
      () => Targets.use((t) => t.list),
      () => ({})
    ),
    bind(
      getTarget,
      (input) => Targets.use((t) => t.get((input as { key: string }).key)),
      (key: string) => ({ key })
    ),
    bind(createTarget, (input, c) => Targets.use((t) => t.create(c.actor, input, c))),
    bind(
      updateTarget,
      (input, c) => Targets.use((t) => t.update(c.actor, input, c)),
      (key: string, changes: unknown) => withField(changes, "targetKey", key)
    ),
    // Plugins' targets are the system's: whoever starts the app, they are inserted as `system`.
    bind(
      ensureTargets,
      (input) => Targets.use((t) => t.ensure(input as ReadonlyArray<unknown>)),
      (definitions: ReadonlyArray<unknown>) => definitions
    ),
    bind(
      targetHistory,
      (input) => Targets.use((t) => t.history((input as { key: string }).key)),
      (key: string) => ({ key })
    ),
    bind(
      targetRanking,
      (input) => {
        const { key, asOf } = input as { key: string; asOf?: string }
        return Targets.use((t) => t.ranking(key, asOf))
      },
      (key: string, asOf?: string) => (asOf === undefined ? { key } : { key, asOf })
    ),
    bind(
      listMeasures,
      () => Targets.use((t) => t.measures),
      () => ({})
    ),
    bind(defineReportedMeasure, (input, c) => Targets.use((t) => t.defineReported(c.actor, input, c))),
    bind(reportValue, (input, c) => Targets.use((t) => t.report(c.actor, input, c))),
    bind(
      reverseReportedValue,
      (input, c) => Targets.use((t) => t.reverseReported(c.actor, input, c)),
      (id: number, reason: string) => ({ id, reason })
    ),
    bind(
      reportedValues,
      (input) => Targets.use((t) => t.reportedValues((input as { measure: string }).measure)),
      (measure: string) => ({ measure })
    )
  ]
})
