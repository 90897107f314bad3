export * from "./pledges.js"
