export * from "./pledges-csv.js"
