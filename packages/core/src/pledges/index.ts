export * from "./examples.js"
export {
  type PledgeBreakdown,
  type PledgeBreakdownRow,
  type PledgeDimension,
  type PledgeGrowth,
  type PledgeMeasures,
  type PledgeSummary,
  pledgeBreakdownToJson,
  pledgeDimensions,
  pledgeMeasuresToJson,
  pledgeSummaryToJson
} from "./figures.js"
export { pledgesModule } from "./module.js"
export * from "./operations.js"
export * from "./period.js"
export * from "./period-query.js"
export * from "./pledges.js"
export * from "./schema.js"
export * from "./settings.js"
export type { PledgeCursor, PledgeFilter } from "./store.js"
export * from "./wire.js"
