import type { DisposalMethod } from "@kejin/core"
import { disposalMethodLabels } from "@kejin/core/internal"
import { catalogueText, type LocalizedText } from "../i18n.js"
import { COUNTING_RULE } from "../pledges/counting-rule.js"

/*
 * The monthly report's words (月度通报), Chinese first, English beside it: every heading, column and note
 * the page, the HTML file and the workbook show comes from here (or from the vocabularies it borrows:
 * the pilots', the tech categories', the target status words).
 */

/** The report's title block. */
export const REPORT_TITLE: LocalizedText = {
  zh: "温州市科技金融月度通报",
  en: "Wenzhou sci-tech finance monthly report"
}

/** The link in the dashboard's header. */
export const REPORT_NAV: LocalizedText = { zh: "月度通报", en: "Monthly report" }

export const reportWords = {
  month: { zh: "通报月份", en: "Month" },
  asOf: { zh: "数据截至", en: "Figures as of" },
  generated: { zh: "生成时间（北京时间）", en: "Generated (Asia/Shanghai)" },
  partialMonth: catalogueText("report-partial-month"),
  page: { zh: "页", en: "Page" },
  total: { zh: "合计", en: "Total" },
  none: { zh: "无", en: "None" },
  rank: { zh: "排名", en: "Rank" },
  monthChoice: { zh: "月份", en: "Month" },
  badMonth: { zh: "月份有误", en: "Bad month" },
  forbidden: catalogueText("report-forbidden"),
  downloadXlsx: { zh: "下载 XLSX", en: "Download XLSX" },
  show: { zh: "查看", en: "Show" },
  dashboard: { zh: "返回总览", en: "Back to the dashboard" },
  /** The link to the same report in the other language, written in that language. */
  otherLanguage: { zh: "English", en: "中文" }
} as const satisfies Record<string, LocalizedText>

/** Sections, in the report's order; each is also a sheet of the workbook (`sheet`: at most 31 characters). */
export const sectionTitles = {
  targets: { zh: "一、目标进度", en: "1. Progress of the targets" },
  districts: { zh: "二、专利质押融资（分区县）", en: "2. Patent pledge financing by district" },
  banks: { zh: "三、专利质押融资（分质权人）", en: "3. Patent pledge financing by pledgee" },
  pilots: { zh: "四、联动试点", en: "4. Linkage pilots" },
  direct: { zh: "五、市科创基金直投项目", en: "5. The city fund's direct investments" },
  records: { zh: "六、本月重要记录", en: "6. The month's notable records" }
} as const satisfies Record<string, LocalizedText>

export type ReportSection = keyof typeof sectionTitles

export const sheetNames = {
  targets: { zh: "目标进度", en: "Targets" },
  districts: { zh: "区县", en: "Districts" },
  banks: { zh: "银行", en: "Banks" },
  pilots: { zh: "联动试点", en: "Linkage pilots" },
  direct: { zh: "直投", en: "Direct investments" },
  records: { zh: "本月记录", en: "Notable records" }
} as const satisfies Record<ReportSection, LocalizedText>

export const targetColumns = {
  target: { zh: "目标", en: "Target" },
  goal: { zh: "目标值", en: "Goal" },
  period: { zh: "考核期", en: "Period" },
  actual: { zh: "完成值", en: "Actual" },
  percent: { zh: "完成率", en: "Completion" },
  gap: { zh: "还差", en: "Gap" },
  pace: { zh: "所需进度", en: "Pace needed" },
  runRate: { zh: "近12月月均", en: "12-month run rate (monthly)" },
  projected: { zh: "按当前进度预计完成", en: "Projected completion" },
  status: { zh: "状态", en: "Status" },
  unit: { zh: "单位", en: "Unit" }
} as const satisfies Record<string, LocalizedText>

/** What the pace is per: the remaining whole months, or weeks or days when less than a month is left. */
export const paceUnits = {
  month: { zh: "每月", en: "per month" },
  week: { zh: "每周", en: "per week" },
  day: { zh: "每天", en: "per day" }
} as const satisfies Record<string, LocalizedText>

export const targetNotes = {
  met: { zh: "已完成", en: "met" },
  periodOver: { zh: "考核期已结束", en: "the period is over" },
  noProjection: { zh: "近12月无进展，无法预计", en: "no progress in 12 months: no projection" },
  pace: catalogueText("report-target-pace-note")
} as const satisfies Record<string, LocalizedText>

/** A target's unit, as the workbook's unit column says it. */
export const unitWords = {
  yuan: { zh: "元", en: "yuan" },
  count: { zh: "项", en: "count" },
  percent: { zh: "百分比（%）", en: "percent" }
} as const satisfies Record<string, LocalizedText>

export const breakdownColumns = {
  district: { zh: "区县", en: "District" },
  bank: { zh: "质权人（银行）", en: "Pledgee (bank)" },
  monthAmount: { zh: "本月金额", en: "Month amount" },
  monthRegistrations: { zh: "本月笔数", en: "Month registrations" },
  monthShare: { zh: "本月占比", en: "Month share" },
  monthYoy: { zh: "本月同比", en: "Month YoY" },
  ytdAmount: { zh: "本年累计金额", en: "Year-to-date amount" },
  ytdRegistrations: { zh: "本年累计笔数", en: "YTD registrations" },
  ytdShare: { zh: "累计占比", en: "YTD share" },
  ytdYoy: { zh: "累计同比", en: "YTD YoY" },
  previousMonth: { zh: "上年同月金额", en: "Same month last year" },
  previousYtd: { zh: "上年同期累计", en: "Same period last year" }
} as const satisfies Record<string, LocalizedText>

export const breakdownNotes = {
  ranked: catalogueText("report-breakdown-ranked"),
  rule: COUNTING_RULE,
  bankRule: catalogueText("report-breakdown-pledgee-rule")
} as const satisfies Record<string, LocalizedText>

export const pilotColumns = {
  pilot: { zh: "试点", en: "Pilot" },
  monthCount: { zh: "本月笔数", en: "Month count" },
  monthAmount: { zh: "本月金额", en: "Month amount" },
  ytdCount: { zh: "本年笔数", en: "YTD count" },
  ytdAmount: { zh: "本年金额", en: "YTD amount" },
  measure: { zh: "金额口径", en: "Amount is" },
  details: { zh: "本年明细", en: "Year-to-date details" }
} as const satisfies Record<string, LocalizedText>

export const directColumns = {
  on: { zh: "投资日期", en: "Date" },
  fund: { zh: "基金", en: "Fund" },
  enterprise: { zh: "被投企业", en: "Enterprise" },
  tech: { zh: "技术类别", en: "Technology" },
  round: { zh: "轮次", en: "Round" },
  amount: { zh: "投资金额", en: "Amount" },
  tranches: { zh: "笔数", en: "Tranches" },
  counted: { zh: "计入目标", en: "Counts" },
  inMonth: { zh: "本月", en: "This month" }
} as const satisfies Record<string, LocalizedText>

export const directWords = {
  count: { zh: "本年直投项目（四类关键技术）", en: "Direct investments this year (key technologies)" },
  plan: { zh: "年度计划", en: "Yearly plan" },
  all: { zh: "本年全部直投", en: "All direct investments this year" },
  amount: { zh: "计入项目投资额", en: "Invested in the counted ones" },
  yes: { zh: "是", en: "yes" },
  no: { zh: "否", en: "no" },
  noCityFund: catalogueText("report-no-city-fund"),
  withheld: catalogueText("report-direct-withheld")
} as const satisfies Record<string, LocalizedText>

export const recordTitles = {
  largest: { zh: "本月最大十笔质押登记", en: "The month's ten largest registrations" },
  defaults: { zh: "本月违约", en: "Defaults in the month" },
  disposals: { zh: "本月处置", en: "Disposals in the month" }
} as const satisfies Record<string, LocalizedText>

export const recordColumns = {
  kind: { zh: "类别", en: "Kind" },
  registrationNo: { zh: "登记号", en: "Registration no." },
  pledgor: { zh: "出质人", en: "Pledgor" },
  district: { zh: "区县", en: "District" },
  pledgee: { zh: "质权人", en: "Pledgee" },
  amount: { zh: "金额", en: "Amount" },
  registeredOn: { zh: "登记日期", en: "Registered on" },
  patents: { zh: "专利数", en: "Patents" },
  bank: { zh: "贷款银行", en: "Lending bank" },
  loan: { zh: "贷款金额", en: "Loan" },
  outstanding: { zh: "违约余额", en: "Balance in default" },
  on: { zh: "日期", en: "Date" },
  method: { zh: "处置方式", en: "Method" },
  recovered: { zh: "收回", en: "Recovered" },
  writtenOff: { zh: "核销", en: "Written off" }
} as const satisfies Record<string, LocalizedText>

/** 处置 methods: the core's declared labels (operations/labels.ts), as the disposal form offers them. */
export const disposalMethodWords: Readonly<Record<DisposalMethod, LocalizedText>> = disposalMethodLabels

export const monthProblems = {
  malformed: { zh: "须为 YYYY-MM 格式的月份，如 2026-11", en: "must be a month as YYYY-MM, like 2026-11" },
  future: { zh: "不能晚于本月", en: "must not be after the current month" }
} as const satisfies Record<string, LocalizedText>

export const unitNotes = {
  wan: { zh: "万元", en: "10k yuan" },
  amounts: catalogueText("report-amounts-unit-note")
} as const satisfies Record<string, LocalizedText>

/** A target's status in words (the dashboard's: met, on track, behind, no recent progress). */
export const statusWords = {
  met: { zh: "已完成", en: "Met" },
  "on-track": { zh: "可按期完成", en: "On track" },
  behind: { zh: "进度落后", en: "Behind" },
  "no-rate": { zh: "近12月无进展", en: "No recent progress" },
  below: { zh: "最新上报值未达标", en: "Latest reported value below target" }
} as const satisfies Record<string, LocalizedText>

/** Headings only the workbook has (it splits what the page writes in one cell). */
export const sheetWords = {
  key: { zh: "代码/名称", en: "Key" },
  periodFrom: { zh: "考核期起", en: "Period from" },
  periodTo: { zh: "考核期止", en: "Period to" },
  pacePer: { zh: "进度单位", en: "Pace per" },
  yuan: { zh: "元", en: "yuan" }
} as const satisfies Record<string, LocalizedText>
