import type { TargetInputJson } from "./schema.js"

/** A target as `POST /api/v1/targets` takes it (the document's example). */
export const exampleTargetInput: TargetInputJson = {
  key: "sci-tech-loans",
  label: "科技型企业贷款余额",
  labelEn: "Loans to sci-tech enterprises",
  unit: "yuan",
  target: "50000000000.00",
  metric: "pledge-amount"
}

/** A reported value as `POST /api/v1/measures/values` takes it (the document's example). */
export const exampleReportedValue = {
  measure: "rd-intensity",
  value: "3.2",
  reportedOn: "2025-03-31",
  source: "温州市统计局 2024 年统计公报"
}
