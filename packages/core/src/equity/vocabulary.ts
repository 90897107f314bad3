import type { Label } from "../operations/operation.js"
import type { EnterpriseStage, TechCategory } from "../registry/schema.js"
import type {
  ChainStage,
  DistributionKind,
  ExitRoute,
  FundKind,
  FundOrigin,
  FundStatus,
  Instrument,
  InvestmentMode,
  LpType,
  ProRataBasis
} from "./schema.js"
import type { WaterfallType } from "./terms.js"

/*
 * The equity chain's words (DOMAIN.md) for people, in both languages, keyed by the core's literals: what
 * the dashboard shows, what an import accepts for a literal (财政 for \`fiscal\`), declared once.
 */

/** 天使投资扶初创 → 创投基金育成长 → 产业资本促扩张 → 温商基金优整合, in chain order. */
export const CHAIN_STAGES: ReadonlyArray<ChainStage> = ["angel", "venture", "industrial", "merchant"]

export const chainStageLabels: Record<ChainStage, Label> = {
  angel: { zh: "天使投资", en: "Angel" },
  venture: { zh: "创投基金", en: "Venture" },
  industrial: { zh: "产业资本", en: "Industrial" },
  merchant: { zh: "温商基金", en: "Merchant" }
}

export const fundKindLabels: Record<FundKind, Label> = {
  "city-fund": { zh: "市科创基金", en: "City fund" },
  "sub-fund": { zh: "子基金", en: "Sub-fund" },
  chain: { zh: "链条基金", en: "Chain fund" }
}

export const fundStatusLabels: Record<FundStatus, Label> = {
  raising: { zh: "募集期", en: "Raising" },
  investing: { zh: "投资期", en: "Investing" },
  harvesting: { zh: "退出期", en: "Harvesting" },
  closed: { zh: "已清算", en: "Closed" }
}

export const fundOriginLabels: Record<FundOrigin, Label> = {
  local: { zh: "本地", en: "Local" },
  national: { zh: "国家基金", en: "National" },
  "central-soe": { zh: "央企基金", en: "Central SOE" },
  foreign: { zh: "外资基金", en: "Foreign" }
}

export const lpTypeLabels: Record<LpType, Label> = {
  fiscal: { zh: "财政", en: "Fiscal" },
  "state-owned": { zh: "国资", en: "State-owned" },
  private: { zh: "民营", en: "Private" },
  merchant: { zh: "温商", en: "Wenzhou merchant" },
  insurance: { zh: "保险", en: "Insurance" },
  bank: { zh: "银行", en: "Bank" },
  individual: { zh: "个人", en: "Individual" },
  gp: { zh: "管理人（GP）", en: "GP" }
}

export const distributionKindLabels: Record<DistributionKind, Label> = {
  "return-of-capital": { zh: "返还本金", en: "Return of capital" },
  gain: { zh: "收益分配", en: "Gain" },
  dividend: { zh: "股息", en: "Dividend" }
}

export const instrumentLabels: Record<Instrument, Label> = {
  equity: { zh: "股权", en: "Equity" },
  convertible: { zh: "可转债", en: "Convertible" },
  warrant: { zh: "优先认股权", en: "Warrant" },
  "future-equity": { zh: "未来可转股权", en: "Future equity" },
  "loan-with-warrant": { zh: "认股权贷款", en: "Loan with warrant" }
}

export const investmentModeLabels: Record<InvestmentMode, Label> = {
  direct: { zh: "直投", en: "Direct" },
  "via-sub-fund": { zh: "经子基金", en: "Via a sub-fund" }
}

export const exitRouteLabels: Record<ExitRoute, Label> = {
  ipo: { zh: "上市（IPO）", en: "IPO" },
  "m-and-a": { zh: "并购", en: "M&A" },
  "share-transfer": { zh: "股权转让", en: "Share transfer" },
  "buy-back": { zh: "回购", en: "Buy-back" },
  "write-off": { zh: "核销", en: "Write-off" }
}

export const techCategoryLabels: Record<TechCategory, Label> = {
  "key-generic": { zh: "关键共性技术", en: "Key generic" },
  frontier: { zh: "前沿引领技术", en: "Frontier" },
  engineering: { zh: "现代工程技术", en: "Modern engineering" },
  disruptive: { zh: "颠覆性技术", en: "Disruptive" },
  other: { zh: "其他", en: "Other" }
}

export const enterpriseStageLabels: Record<EnterpriseStage, Label> = {
  seed: { zh: "种子期", en: "Seed" },
  "start-up": { zh: "初创期", en: "Start-up" },
  growth: { zh: "成长期", en: "Growth" },
  expansion: { zh: "扩张期", en: "Expansion" },
  mature: { zh: "成熟期", en: "Mature" }
}

export const entryKindLabels: Record<string, Label> = {
  commitment: { zh: "认缴", en: "Commitment" },
  call: { zh: "实缴", en: "Capital call" },
  distribution: { zh: "分配", en: "Distribution" },
  nav: { zh: "净值", en: "NAV mark" },
  investment: { zh: "投资", en: "Investment" },
  valuation: { zh: "估值", en: "Valuation" },
  exit: { zh: "退出", en: "Exit" },
  reversal: { zh: "冲销", en: "Reversal" }
}

/** What a pro-rata distribution is shared by (allocation.ts). */
export const proRataBasisLabels: Record<ProRataBasis, Label> = {
  commitment: { zh: "按认缴比例", en: "By commitment" },
  "paid-in": { zh: "按实缴比例", en: "By paid-in capital" }
}

/** How a fund's terms share its distributions (terms.ts; the terms' form and page, an audit entry of them). */
export const waterfallLabels: Record<WaterfallType, Label> = {
  european: { zh: "整体分配（欧式）", en: "Whole-fund (European)" },
  american: { zh: "逐笔分配（美式，含回拨）", en: "Deal by deal (American, with clawback)" }
}
