export { Bonds } from "./bonds/service.js"
export { CoInvestments } from "./co-investments/service.js"
export {
  exampleClaim,
  exampleLinkageBodies,
  examplePool,
  exampleSummary,
  exampleWarrantLoan
} from "./examples.js"
export { IndexLoans } from "./index-loans/service.js"
export { Insurance } from "./insurance/service.js"
export { InvestmentLoans } from "./investment-loans/service.js"
export * from "./linkage.js"
export { linkageModules } from "./module.js"
export { PoolsAndClaims } from "./pools/service.js"
export * from "./rules.js"
export * from "./schema.js"
export { LinkageShared } from "./shared/service.js"
export type { LoanFilter, RecordFilter } from "./store.js"
export { Subsidies } from "./subsidies/service.js"
export * from "./wire.js"
