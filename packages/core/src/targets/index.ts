export * from "./targets.js"
