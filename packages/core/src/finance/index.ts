/**
 * Pure finance functions: XNPV, XIRR and IRR (rates, as doubles) and the fund and deal multiples DPI, RVPI,
 * TVPI, MOIC and called % (exact, as Decimals). No Effect, no I/O.
 */
export { FinanceInputError } from "./errors.js"
export type { AmountInput, CashFlow } from "./flows.js"
export { calledPercent, dpi, moic, rvpi, tvpi } from "./multiples.js"
export { irr, type XirrOptions, type XirrResult, xirr, xnpv } from "./xirr.js"
