/**
 * @kejin/core — the domain library of Kejin (科金): exact money, the store,
 * patent pledge financing, targets and the journal. No HTTP, no HTML.
 */
export { Decimal } from "decimal.js"
export * from "./auth/index.js"
export * from "./demo/index.js"
export * from "./equity/index.js"
export * from "./errors.js"
export * from "./finance/index.js"
export * from "./io/index.js"
export { canonicalJson } from "./journal/canonical.js"
export * from "./journal/command.js"
export * from "./journal/journal.js"
export * from "./journey/index.js"
export * from "./kejin.js"
export * from "./linkage/index.js"
export * from "./money/index.js"
export * from "./pledges/index.js"
export * from "./registry/index.js"
export * from "./store/index.js"
export * from "./targets/index.js"
export * from "./text/index.js"
export * from "./time/index.js"
