export * from "./facade.js"
export * from "./operation.js"
export * from "./wire.js"
