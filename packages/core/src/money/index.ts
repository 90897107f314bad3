export * from "./schema.js"
export * from "./yuan.js"
