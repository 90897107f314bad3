import type { JourneySource } from "@kejin/core"
import type { LocalizedText } from "../i18n.js"

/** Where an event of the journey comes from: the fund ledger, the pledge registry or the linkage pilots. */
export const sourceLabels: Record<JourneySource, LocalizedText> = {
  equity: { zh: "股权", en: "Equity" },
  pledge: { zh: "质押", en: "Pledge" },
  linkage: { zh: "联动", en: "Linkage" }
}

/** The kinds of journey events (`JourneyEvent.kind`) for people; a kind newer than this table shows as is. */
export const journeyKindLabels: Record<string, LocalizedText> = {
  investment: { zh: "股权投资", en: "Investment" },
  valuation: { zh: "估值", en: "Valuation" },
  exit: { zh: "退出", en: "Exit" },
  "pledge-registered": { zh: "质押登记", en: "Pledge registered" },
  "pledge-changed": { zh: "质押变更", en: "Pledge changed" },
  "pledge-released": { zh: "解除质押", en: "Pledge released" },
  "pledge-cancelled": { zh: "撤销质押登记", en: "Pledge cancelled" },
  "loan-drawn": { zh: "质押贷款放款", en: "Pledge loan drawn" },
  "loan-repaid": { zh: "质押贷款还款", en: "Pledge loan repaid" },
  "loan-defaulted": { zh: "质押贷款违约", en: "Pledge loan defaulted" },
  "loan-disposed": { zh: "质押贷款处置", en: "Pledge loan disposed of" },
  scored: { zh: "科创指数评分", en: "Index score" },
  "loan-granted": { zh: "联动贷款", en: "Linked loan" },
  "warrant-exercised": { zh: "认股权行权", en: "Warrant exercised" },
  "warrant-exited": { zh: "认股权退出", en: "Warrant exited" },
  "policy-started": { zh: "保单生效", en: "Policy started" },
  "claim-paid": { zh: "理赔", en: "Claim" },
  "co-investment": { zh: "投投联动", en: "Co-investment" },
  "interest-subsidy": { zh: "贴息", en: "Interest subsidy" },
  "bond-issued": { zh: "债券发行", en: "Bond issued" }
}
