export * from "./funds.js"
export * from "./metrics.js"
export * from "./schema.js"
export type { EntryFilter, FundFilter } from "./store.js"
