export * from "./text.js"
