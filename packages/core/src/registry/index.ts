export * from "./codes.js"
export * from "./districts.js"
export * from "./enterprises.js"
export * from "./institutions.js"
