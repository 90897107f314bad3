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
