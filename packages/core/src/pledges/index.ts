export * from "./pledges.js"
export * from "./schema.js"
export type { PledgeFilter } from "./store.js"
