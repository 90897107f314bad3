export * from "./linkage.js"
export * from "./rules.js"
export * from "./schema.js"
export type { LoanFilter, RecordFilter } from "./store.js"
