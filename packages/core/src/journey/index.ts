export * from "./journey.js"
