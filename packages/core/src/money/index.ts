export * from "./currencies.js"
export * from "./schema.js"
export * from "./wire.js"
export * from "./yuan.js"
