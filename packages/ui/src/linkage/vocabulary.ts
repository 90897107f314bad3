import type { ClaimKind, Pilot, PoolKind } from "@kejin/core"
import type { LocalizedText } from "../i18n.js"

/*
 * The linkage pilots' words (DOMAIN.md, section 五) for people: Chinese first, English beside it. The keys
 * are the core's literals.
 */

/** The pilots in the action plan's order. */
export const PILOTS: ReadonlyArray<Pilot> = [
  "investment-loan",
  "investment-insurance",
  "co-investment",
  "index-loan",
  "transfer-insurance",
  "risk-compensation",
  "interest-subsidy",
  "bonds"
]

export const pilotLabels: Record<Pilot, LocalizedText> = {
  "investment-loan": { zh: "投贷联动", en: "Investment-loan linkage" },
  "investment-insurance": { zh: "投保联动", en: "Investment-insurance linkage" },
  "co-investment": { zh: "投投联动", en: "Co-investment linkage" },
  "index-loan": { zh: "科创指数贷", en: "Sci-tech index loans" },
  "transfer-insurance": { zh: "科技成果转化保险", en: "Tech-transfer insurance" },
  "risk-compensation": { zh: "风险补偿资金池", en: "Risk compensation pool" },
  "interest-subsidy": { zh: "贴息", en: "Interest subsidies" },
  bonds: { zh: "科技创新债券", en: "Sci-tech innovation bonds" }
}

export const poolKindLabels: Record<PoolKind, LocalizedText> = {
  relief: { zh: "二次救济", en: "Secondary relief" },
  "risk-compensation": { zh: "风险补偿", en: "Risk compensation" }
}

export const claimKindLabels: Record<ClaimKind, LocalizedText> = {
  "transfer-insurance": { zh: "转化保险理赔", en: "Tech-transfer insurance claim" },
  "risk-compensation": { zh: "风险补偿", en: "Risk compensation claim" }
}
