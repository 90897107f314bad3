export * from "./codes.js"
export * from "./districts.js"
