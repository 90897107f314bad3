export * from "./dates.js"
export * from "./shanghai.js"
