export * from "./funds.js"
export * from "./linkage.js"
export * from "./pledges.js"
