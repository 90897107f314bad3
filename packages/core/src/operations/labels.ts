import { entryKindLabels } from "../equity/vocabulary.js"
import type { Pilot } from "../linkage/schema.js"
import type { DisposalMethod } from "../loans/schema.js"
import type { TargetSplit } from "../targets/schema.js"
import type { Label } from "./operation.js"

/*
 * The headers of the lists' exports (operations/columns.ts), in both languages, in one place. A column is
 * labelled by its whole path (`pledgor.name`), else by the kind's own word for it (`byKind`), else made of
 * its object's label and its field's (`lead` + `amount` → 领投金额 / Lead amount). A test fails when a
 * column of a declared list has no label, so a field added to a list's wire Schema gets one here.
 */

const l = (zh: string, en: string): Label => ({ zh, en })

/** The label of a table's total row (operations/columns.ts `exportRowsOf`). */
export const totalLabel: Label = l("合计", "Total")

/** A field's label wherever it appears (the leaf of a path, or the whole of a flat one). */
const fields: Readonly<Record<string, Label>> = {
  id: l("编号", "ID"),
  from: l("起始日", "From"),
  to: l("截止日(不含)", "To (excluded)"),
  committed: l("认缴金额(元)", "Committed (CNY)"),
  fee: l("管理费(元)", "Management fee (CNY)"),
  lp: l("有限合伙人部分(元)", "LP part (CNY)"),
  gp: l("普通合伙人部分(元)", "GP part (CNY)"),
  pledgeId: l("质押编号", "Pledge ID"),
  // What a reversal reverses (pledges.reverseEvent, pledges.loans.reverseEvent, pledges.loans.reverseDisposal).
  eventId: l("事件编号", "Event ID"),
  disposalId: l("处置编号", "Disposal ID"),
  loanId: l("贷款编号", "Loan ID"),
  method: l("处置方式", "Method"),
  recovered: l("回收金额(元)", "Recovered (CNY)"),
  amountPaid: l("行权支付金额(元)", "Amount paid (CNY)"),
  effectiveFrom: l("生效日期", "Effective from"),
  reliefPool: l("二次救济资金池", "Relief pool"),
  issuerEnterprise: l("发行企业", "Issuer enterprise"),
  issuerInstitution: l("发行机构", "Issuer institution"),
  bankName: l("银行名称", "Bank name"),
  insurerName: l("保险机构名称", "Insurer name"),
  managerName: l("管理人名称", "Manager name"),
  journalSeq: l("日志序号", "Journal seq."),
  reversed: l("已冲销", "Reversed"),
  reversedBy: l("冲销记录", "Reversed by"),
  reverses: l("冲销对象", "Reverses"),
  reason: l("原因", "Reason"),
  note: l("备注", "Note"),
  kind: l("类型", "Kind"),
  name: l("名称", "Name"),
  code: l("代码", "Code"),
  uscc: l("统一社会信用代码", "USCC"),
  amount: l("金额(元)", "Amount (CNY)"),
  on: l("日期", "Date"),
  district: l("区县代码", "District code"),
  districtName: l("区县", "District"),
  registrationNo: l("登记号", "Registration no."),
  registeredOn: l("登记日期", "Registered on"),
  patents: l("专利号", "Patents"),
  status: l("状态", "Status"),
  securedAmount: l("现担保金额(元)", "Secured amount now (CNY)"),
  statusSince: l("状态起始日", "Status since"),
  pilot: l("试点", "Pilot"),
  enterprise: l("企业", "Enterprise"),
  bank: l("银行", "Bank"),
  fund: l("基金", "Fund"),
  investmentFund: l("投资基金", "Investing fund"),
  leadFund: l("领投基金", "Lead fund"),
  followFund: l("跟投基金", "Follow-on fund"),
  investee: l("被投企业", "Investee"),
  round: l("轮次", "Round"),
  stage: l("阶段", "Stage"),
  industry: l("行业", "Industry"),
  techCategory: l("科技类别", "Tech category"),
  local: l("本地企业", "Local"),
  chainStage: l("链条环节", "Chain stage"),
  parent: l("母基金", "Parent fund"),
  manager: l("管理人", "Manager"),
  targetSize: l("目标规模(元)", "Target size (CNY)"),
  vintage: l("设立年份", "Vintage"),
  origin: l("来源", "Origin"),
  reinvestRequired: l("返投要求", "Reinvestment required"),
  lpName: l("出资人", "LP name"),
  lpType: l("出资人类型", "LP type"),
  lpFund: l("出资基金", "LP fund"),
  commitment: l("认缴记录", "Commitment"),
  distributionKind: l("分配类型", "Distribution kind"),
  nav: l("净值(元)", "NAV (CNY)"),
  instrument: l("投资工具", "Instrument"),
  mode: l("投资方式", "Mode"),
  fairValue: l("公允价值(元)", "Fair value (CNY)"),
  investment: l("投资", "Investment"),
  proceeds: l("退出所得(元)", "Proceeds (CNY)"),
  costBasis: l("成本(元)", "Cost basis (CNY)"),
  gain: l("收益(元)", "Gain (CNY)"),
  route: l("退出方式", "Route"),
  currency: l("币种", "Currency"),
  rate: l("汇率", "Rate"),
  ratePercent: l("利率(%)", "Rate (%)"),
  disbursedOn: l("放款日期", "Disbursed on"),
  maturesOn: l("到期日期", "Matures on"),
  holder: l("持有人", "Holder"),
  holderFund: l("持有基金", "Holder fund"),
  equityPercent: l("股权比例(%)", "Equity (%)"),
  strikeBasis: l("行权基准", "Strike basis"),
  strikeValuation: l("行权估值(元)", "Strike valuation (CNY)"),
  expiresOn: l("到期日期", "Expires on"),
  modelVersion: l("模型版本", "Model version"),
  scoredOn: l("评分日期", "Scored on"),
  tier: l("等级", "Tier"),
  tiers: l("分档", "Tiers"),
  minScore: l("最低分", "Lowest score"),
  tierTable: l("等级表", "Tier table"),
  maxScore: l("最高分", "Max score"),
  loan: l("贷款", "Loan"),
  policyNo: l("保单号", "Policy no."),
  insurer: l("保险公司", "Insurer"),
  insuredEnterprise: l("被保险企业", "Insured enterprise"),
  insuredFund: l("被保险基金", "Insured fund"),
  insurerCommitment: l("保险公司认缴", "Insurer commitment"),
  sumInsured: l("保险金额(元)", "Sum insured (CNY)"),
  premium: l("保费(元)", "Premium (CNY)"),
  premiumSubsidy: l("保费补贴(元)", "Premium subsidy (CNY)"),
  startsOn: l("起保日期", "Starts on"),
  endsOn: l("终止日期", "Ends on"),
  openedOn: l("设立日期", "Opened on"),
  backer: l("出资方", "Backer"),
  deposited: l("存入(元)", "Deposited (CNY)"),
  paidOut: l("赔付(元)", "Paid out (CNY)"),
  balance: l("余额(元)", "Balance (CNY)"),
  pool: l("资金池", "Pool"),
  source: l("来源", "Source"),
  loss: l("损失(元)", "Loss (CNY)"),
  policy: l("保单", "Policy"),
  insurerPaid: l("保险赔付(元)", "Insurer paid (CNY)"),
  uncovered: l("未覆盖(元)", "Uncovered (CNY)"),
  rule: l("补偿规则", "Rule"),
  ratio: l("比例", "Ratio"),
  cap: l("上限(元)", "Cap (CNY)"),
  payout: l("补偿金额(元)", "Payout (CNY)"),
  limitedBy: l("受限于", "Limited by"),
  payer: l("支付方", "Payer"),
  lead: l("领投", "Lead"),
  follow: l("跟投", "Follow-on"),
  followerKind: l("跟投方类型", "Follower kind"),
  investor: l("投资方", "Investor"),
  issuer: l("发行人", "Issuer"),
  issuedOn: l("发行日期", "Issued on"),
  tenorMonths: l("期限(月)", "Tenor (months)"),
  couponPercent: l("票面利率(%)", "Coupon (%)"),
  useOfProceeds: l("募集资金用途", "Use of proceeds"),
  proceedsFund: l("募集资金投向基金", "Proceeds fund"),
  recordId: l("记录编号", "Record ID"),
  score: l("评分", "Score"),
  warrant: l("认股权", "Warrant"),
  fx: l("外币", "Foreign currency"),
  pledgor: l("出质人", "Pledgor"),
  pledgee: l("质权人", "Pledgee"),
  size: l("企业规模", "Size"),
  debtTerm: l("债务期限", "Debt term"),
  start: l("起始日", "start"),
  end: l("截止日", "end"),
  total: l("总分", "Total score"),
  limit: l("授信额度(元)", "Credit limit (CNY)"),
  month: l("月份", "Month"),
  count: l("笔数", "Count"),
  // A breakdown's measures (pledges.breakdown): this period's, a year earlier's.
  measures: l("本期", "This period"),
  previous: l("上年同期", "Year earlier"),
  registrations: l("登记笔数", "Registrations"),
  enterprises: l("企业数", "Enterprises"),
  loans: l("贷款笔数", "Loans"),
  lending: l("放款金额(元)", "Lending (CNY)"),
  lendingToDate: l("累计放款(元)", "Lending to date (CNY)"),
  repaidToDate: l("累计还款(元)", "Repaid to date (CNY)"),
  outstanding: l("贷款余额(元)", "Outstanding (CNY)"),
  // A linkage loan's repayments and default (linkage/loan-events).
  repaid: l("已还本金(元)", "Principal repaid (CNY)"),
  interestPaid: l("已付利息(元)", "Interest paid (CNY)"),
  defaultedOn: l("违约日期", "Defaulted on"),
  principal: l("还款本金(元)", "Principal (CNY)"),
  interest: l("利息(元)", "Interest (CNY)")
}

/** Whole paths whose label is not made of their parts' (`pledgor.name` is 出质人, not 出质人名称). */
const paths: Readonly<Record<string, Label>> = {
  "pledgor.name": l("出质人", "Pledgor"),
  "pledgor.uscc": l("统一社会信用代码", "Pledgor USCC"),
  "pledgor.district": l("区县代码", "District code"),
  "pledgor.districtName": l("区县", "District"),
  "pledgor.size": l("企业规模", "Enterprise size"),
  "pledgee.name": l("质权人", "Pledgee"),
  "pledgee.kind": l("质权人类型", "Pledgee kind"),
  "fx.amount": l("外币金额", "Foreign amount"),
  "fx.rate": l("汇率", "Exchange rate"),
  "fx.currency": l("币种", "Currency")
}

/** The fields of a fund group's figures (funds.groups, as `figures.committed`). */
const fundFigures: Readonly<Record<string, Label>> = {
  asOf: l("截至日期", "As of"),
  funds: l("基金", "Funds"),
  committed: l("认缴(元)", "Committed (CNY)"),
  paidIn: l("实缴(元)", "Paid in (CNY)"),
  unfunded: l("未缴(元)", "Unfunded (CNY)"),
  calledPercent: l("实缴比例(%)", "Called (%)"),
  distributions: l("分配(元)", "Distributions (CNY)"),
  nav: l("净值(元)", "NAV (CNY)"),
  navDate: l("净值日期", "NAV date"),
  navMark: l("估值基准净值(元)", "NAV mark (CNY)"),
  navCallsSince: l("估值后实缴(元)", "Calls since the mark (CNY)"),
  navDistributionsSince: l("估值后分配(元)", "Distributions since the mark (CNY)"),
  dpi: l("DPI", "DPI"),
  rvpi: l("RVPI", "RVPI"),
  tvpi: l("TVPI", "TVPI"),
  invested: l("已投资(元)", "Invested (CNY)"),
  exitProceeds: l("退出所得(元)", "Exit proceeds (CNY)"),
  remainingCost: l("在投成本(元)", "Remaining cost (CNY)"),
  holdingsValue: l("持仓估值(元)", "Holdings value (CNY)"),
  grossMoic: l("总MOIC", "Gross MOIC"),
  "netIrr._tag": l("净IRR结果", "Net IRR result"),
  "netIrr.rate": l("净IRR", "Net IRR"),
  "netIrr.otherRoots": l("净IRR其他解", "Net IRR other roots"),
  "netIrr.reason": l("净IRR无解原因", "Net IRR: why none"),
  "netIrr.code": l("净IRR无解原因代码", "Net IRR: reason code"),
  "grossIrr._tag": l("总IRR结果", "Gross IRR result"),
  "grossIrr.rate": l("总IRR", "Gross IRR"),
  "grossIrr.otherRoots": l("总IRR其他解", "Gross IRR other roots"),
  "grossIrr.reason": l("总IRR无解原因", "Gross IRR: why none"),
  "grossIrr.code": l("总IRR无解原因代码", "Gross IRR: reason code"),
  unvaluedHoldings: l("未估值持仓数", "Unvalued holdings"),
  notes: l("说明", "Notes")
}

/** `labels` with their keys under `prefix` (`committed` → `figures.committed`). */
const under = (prefix: string, labels: Readonly<Record<string, Label>>): Readonly<Record<string, Label>> =>
  Object.fromEntries(Object.entries(labels).map(([key, label]) => [`${prefix}.${key}`, label]))

/** The multiples and the IRR of an LP's account or of a fund's figures in one currency. */
const multiplesAndIrr: Readonly<Record<string, Label>> = {
  dpi: l("DPI", "DPI"),
  rvpi: l("RVPI", "RVPI"),
  tvpi: l("TVPI", "TVPI"),
  "irr._tag": l("IRR结果", "IRR result"),
  "irr.rate": l("IRR", "IRR"),
  "irr.otherRoots": l("IRR其他解", "IRR other roots"),
  "irr.reason": l("IRR无解原因", "IRR: why none"),
  "irr.code": l("IRR无解原因代码", "IRR: reason code")
}

/** An alert's fields (alerts.current, alerts.loans: core alerts/operations.ts). */
const alertFields: Readonly<Record<string, Label>> = {
  key: l("提醒键", "Alert key"),
  kind: l("提醒类别", "Alert kind"),
  since: l("起始日期", "Since"),
  code: l("消息代码", "Message code"),
  message: l("说明", "Message"),
  "subject.kind": l("对象类型", "Subject kind"),
  "subject.key": l("目标代码", "Target key"),
  "subject.label": l("目标", "Target"),
  "subject.labelEn": l("目标(英文)", "Target (English)"),
  "subject.loanId": l("贷款编号", "Loan ID"),
  "subject.pledgeId": l("质押编号", "Pledge ID"),
  "subject.registrationNo": l("登记号", "Registration no."),
  "subject.pilot": l("试点", "Pilot"),
  "subject.code": l("资金池代码", "Pool code"),
  "subject.poolId": l("资金池编号", "Pool ID"),
  funds: l("相关基金", "Funds concerned"),
  amount: l("金额(元)", "Amount (CNY)"),
  sent: l("已推送", "Sent")
}

/** The names and unit of a target or a reported measure, as their forms ask for them (ui targets/). */
const namedFields: Readonly<Record<string, Label>> = {
  label: l("中文名称", "Label (Chinese)"),
  labelEn: l("英文名称", "Label (English)"),
  unit: l("单位", "Unit")
}

/**
 * A target's fields as its create and edit forms ask for them (ui targets/targets-page.tsx), and a split
 * target's parts (`nameEn`): targets.create, targets.update and an audit entry of either.
 */
const targetFields: Readonly<Record<string, Label>> = {
  key: l("标识（小写英文短横线）", "Key (lowercase kebab-case)"),
  ...namedFields,
  target: l("目标值", "Target"),
  periodKind: l("期间", "Period"),
  periodStart: l("起始日", "Start"),
  periodEnd: l("截止日", "End"),
  metric: l("统计口径", "Measure"),
  displayOrder: l("显示顺序", "Display order"),
  splitBy: l("分解方式", "Split"),
  parts: l("分解目标", "Parts"),
  nameEn: l("英文名称", "English name")
}

/** What a kind calls a field its own way (by the list's operation name). */
const byKind: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  "alerts.current": alertFields,
  "alerts.loans": alertFields,
  "alerts.markSent": { ...alertFields, alerts: l("提醒", "Alerts") },
  "funds.list": {
    kind: l("基金类型", "Fund kind"),
    name: l("基金名称", "Fund name"),
    code: l("基金代码", "Fund code")
  },
  "funds.ledger": { kind: l("记录类型", "Entry kind") },
  "registry.enterprisePage": { name: l("企业名称", "Enterprise name") },
  "registry.institutionPage": {
    kind: l("机构类型", "Institution kind"),
    name: l("机构名称", "Institution name")
  },
  "linkage.pools": {
    kind: l("资金池类型", "Pool kind"),
    name: l("资金池名称", "Pool name"),
    code: l("资金池代码", "Pool code")
  },
  "linkage.claims": { kind: l("代偿类型", "Claim kind") },
  "linkage.bonds": { code: l("债券代码", "Bond code") },
  "linkage.reversals": { kind: l("记录类型", "Record kind") },
  "linkage.recent": {
    kind: l("记录类型", "Record kind"),
    subject: l("对象", "Subject"),
    counterparty: l("交易对手", "Counterparty")
  },
  "linkage.warrantEvents": { kind: l("事件类型", "Event kind") },
  "pledges.breakdown": {
    key: l("分组代码", "Group key"),
    label: l("分组", "Group"),
    "measures.patents": l("本期专利数", "This period patents"),
    "previous.patents": l("上年同期专利数", "Year earlier patents"),
    "growth.amount": l("金额同比增长", "Amount growth"),
    "growth.registrations": l("登记笔数同比增长", "Registrations growth"),
    "growth.patents": l("专利数同比增长", "Patents growth"),
    "growth.enterprises": l("企业数同比增长", "Enterprises growth"),
    "growth.loans": l("贷款笔数同比增长", "Loans growth"),
    "growth.lending": l("放款金额同比增长", "Lending growth"),
    "growth.outstanding": l("贷款余额同比增长", "Outstanding growth")
  },
  "funds.groups": {
    key: l("分组代码", "Group key"),
    label: l("分组", "Group"),
    ...under("figures", fundFigures)
  },
  "funds.capital": {
    key: l("分组代码", "Group key"),
    label: l("分组", "Group"),
    committed: l("认缴(元)", "Committed (CNY)"),
    commitments: l("认缴笔数", "Commitments")
  },
  // The city fund's sub-funds table (equity/metrics.ts `SubFundKpis`).
  "funds.cityFund": {
    fund: l("子基金代码", "Sub-fund code"),
    name: l("子基金", "Sub-fund"),
    size: l("规模(元)", "Size (CNY)"),
    government: l("政府出资(元)", "Government money (CNY)"),
    cityFundCommitted: l("市基金认缴(元)", "City fund committed (CNY)"),
    leverage: l("放大倍数", "Leverage"),
    socialMultiple: l("社会资本倍数", "Social-capital multiple"),
    invested: l("投资(元)", "Invested (CNY)"),
    investedLocal: l("本地投资(元)", "Invested locally (CNY)"),
    reinvestMultiple: l("返投倍数", "Local reinvestment multiple"),
    reinvestRequired: l("返投要求倍数", "Required local reinvestment multiple"),
    reinvestCompletion: l("返投完成率", "Local reinvestment completion"),
    // Its direct investments, by technology (`export/byTechCategory`) and by project (`export/projects`).
    qualifying: l("计入目标", "Counted"),
    count: l("项目数", "Projects"),
    tranches: l("分笔投资", "Tranches"),
    year: l("年度", "Year"),
    on: l("首笔投资日期", "First invested on"),
    "enterprise.uscc": l("统一社会信用代码", "USCC"),
    "enterprise.name": l("被投企业", "Enterprise")
  },
  // LP capital accounts and the quarterly LP statement (equity/accounts.ts).
  "funds.lpAccounts": {
    commitment: l("认缴记录", "Commitment"),
    committedOn: l("认缴日期", "Committed on"),
    committed: l("认缴(元)", "Committed (CNY)"),
    called: l("实缴(元)", "Called (CNY)"),
    uncalled: l("未缴(元)", "Uncalled (CNY)"),
    distributed: l("已分配(元)", "Distributed (CNY)"),
    calledShare: l("实缴占比", "Share of called"),
    nav: l("净值份额(元)", "NAV share (CNY)"),
    ...multiplesAndIrr
  },
  // A fund seen through: the stakes it holds in other funds (equity/look-through.ts).
  "funds.lookThrough": {
    commitment: l("认缴记录", "Commitment"),
    fund: l("所持基金", "Fund held"),
    holder: l("持有基金", "Holder fund"),
    committed: l("认缴(元)", "Committed (CNY)"),
    called: l("实缴(元)", "Called (CNY)"),
    distributed: l("已分配(元)", "Distributed (CNY)"),
    nav: l("净值份额(元)", "Share of NAV (CNY)"),
    navAtCost: l("按成本计", "At cost"),
    internal: l("集合内部", "Internal")
  },
  // A fund's figures in its currency and in yuan, a row a currency (equity/rates.ts).
  "funds.currencyFigures": {
    currency: l("币种", "Currency"),
    committed: l("认缴(本币)", "Committed (in the row's currency)"),
    paidIn: l("实缴(本币)", "Paid in (in the row's currency)"),
    distributions: l("分配(本币)", "Distributed (in the row's currency)"),
    nav: l("净值(本币)", "NAV (in the row's currency)"),
    navDate: l("净值日期", "NAV date"),
    ...multiplesAndIrr
  },
  // A fund's holdings and cash flows (equity/holdings.ts).
  "funds.holdings": {
    investment: l("投资编号", "Investment ID"),
    on: l("投资日期", "Invested on"),
    "enterprise.uscc": l("统一社会信用代码", "USCC"),
    "enterprise.name": l("被投企业", "Enterprise"),
    cost: l("投资成本(元)", "Cost (CNY)"),
    remainingCost: l("剩余成本(元)", "Remaining cost (CNY)"),
    valuedOn: l("估值日期", "Valued on"),
    exitProceeds: l("退出所得(元)", "Exit proceeds (CNY)"),
    moic: l("MOIC", "MOIC"),
    local: l("本地企业", "Local"),
    district: l("区县代码", "District code")
  },
  "funds.cashFlows": {
    period: l("期间", "Period"),
    calls: l("实缴(流出,元)", "Calls (out, CNY)"),
    distributions: l("分配(流入,元)", "Distributions (in, CNY)"),
    cumulative: l("累计净现金流(元)", "Cumulative net (CNY)")
  },
  "funds.lpStatement": {
    committed: l("认缴(元)", "Committed (CNY)"),
    opening: l("期初余额(元)", "Opening balance (CNY)"),
    calls: l("本期实缴(元)", "Calls (CNY)"),
    distributions: l("本期分配(元)", "Distributions (CNY)"),
    navChange: l("净值变动(元)", "NAV change (CNY)"),
    closing: l("期末余额(元)", "Closing balance (CNY)")
  },
  "pledges.monthly": {
    amount: l("质押融资额(元)", "Pledge financing (CNY)"),
    count: l("登记笔数", "Registrations")
  },
  "registry.journey": {
    kind: l("事件类型", "Event kind"),
    label: l("事项", "Event"),
    "detail.code": l("事项代码", "Event code"),
    counterparty: l("交易对手", "Counterparty"),
    "ref.kind": l("记录类型", "Record kind"),
    "ref.id": l("记录编号", "Record ID")
  },
  "targets.progress": {
    key: l("目标代码", "Target key"),
    label: l("目标", "Target"),
    labelEn: l("目标(英文)", "Target (English)"),
    unit: l("单位", "Unit"),
    periodKind: l("期间类型", "Period kind"),
    metric: l("统计口径", "Measure"),
    target: l("目标值", "Target value"),
    value: l("完成值", "Value"),
    progress: l("完成进度", "Progress"),
    periodStart: l("期间起始", "Period start"),
    periodEnd: l("期间截止", "Period end"),
    asOf: l("截至日期", "As of"),
    remaining: l("尚差", "Remaining"),
    monthsLeft: l("剩余月数", "Months left"),
    pacePerMonth: l("每月需完成", "Pace per month"),
    runRate12m: l("近12个月月均", "12-month run rate"),
    projectedDate: l("预计达成日期", "Projected date"),
    onTrack: l("按期可达成", "On track")
  },
  // The journey search's matches (journey/journey.ts `JourneyMatch`).
  "registry.journeySearch": {
    name: l("企业名称", "Enterprise name"),
    registered: l("在企业库", "In the registry"),
    stage: l("发展阶段", "Stage")
  },
  // A registration's patents, loans and history (the registration page's tables).
  "pledges.registration": {
    number: l("专利号", "Patent number"),
    type: l("专利类型", "Patent type"),
    title: l("专利名称", "Patent title")
  },
  "pledges.events": { kind: l("事项", "Event") },
  "pledges.loans.list": {
    "disposal.id": l("处置编号", "Disposal ID"),
    "disposal.loanId": l("处置贷款编号", "Disposal loan ID"),
    "disposal.on": l("处置日期", "Disposed on"),
    "disposal.method": l("处置方式", "Disposal method"),
    "disposal.recovered": l("处置回收金额(元)", "Disposal recovered (CNY)"),
    "disposal.writtenOff": l("处置核销金额(元)", "Disposal written off (CNY)"),
    "disposal.note": l("处置备注", "Disposal note"),
    "disposal.reversed": l("处置已冲销", "Disposal reversed"),
    "disposal.journalSeq": l("处置日志序号", "Disposal journal seq.")
  },
  // A fund's terms: their form and page (ui equity/economics-view.tsx) and an audit entry of them.
  "funds.terms.set": {
    feeRateOnCommitment: l("投资期管理费率（按认缴，年，如 0.02）", "Fee on commitment a year (0.02 = 2 %)"),
    feeRateOnCost: l("投资期后管理费率（按在投成本，年）", "Fee on invested cost a year, after"),
    investmentPeriodEnd: l("投资期结束后首日", "First day after the investment period"),
    hurdle: l("门槛收益率（年，如 0.08）", "Hurdle a year (0.08 = 8 %)"),
    carry: l("附带收益比例（如 0.2）", "Carry (0.2 = 20 %)"),
    catchUp: l("GP 追赶比例（1 为完全追赶，0 为无）", "GP catch-up (1 full, 0 none)"),
    waterfall: l("分配方式", "Waterfall")
  },
  "pledges.loans.draw": { rate: l("年利率", "Annual rate"), amount: l("贷款金额(元)", "Loan amount (CNY)") },
  "pledges.loans.repay": { amount: l("还款金额(元)", "Repaid (CNY)"), on: l("还款日期", "Repaid on") },
  "pledges.loans.default": { on: l("违约日期", "Defaulted on") },
  "pledges.loans.dispose": { on: l("处置日期", "Disposed on") },
  "targets.create": targetFields,
  "targets.update": { targetKey: l("目标代码", "Target key"), ...targetFields },
  // A reported measure as its form asks for it (ui targets/reported-section.tsx).
  "targets.measures.define": {
    code: l("指标代码（小写英文短横线）", "Code (lowercase kebab-case)"),
    ...namedFields
  },
  // A conversion and a pro-rata distribution as their forms ask for them (ui equity/forms.ts).
  "funds.convert": {
    shares: l("所得股数", "Shares received"),
    price: l("每股价格（元）", "Price per share (yuan)")
  },
  "funds.distributeProRata": {
    basis: l("分配依据（默认按认缴比例）", "Shared by (default: commitment)")
  },
  "registry.moveEnterprise": { since: l("迁入日期", "In the district from") },
  "targets.measures.report": {
    measure: l("指标代码", "Measure"),
    value: l("上报值", "Reported value"),
    reportedOn: l("上报日期", "Reported on"),
    source: l("数据来源", "Source")
  }
}

/** `Amount (CNY)` → `amount (CNY)` inside a header; an abbreviation (`ID`, `USCC`) stays as it is. */
const lower = (text: string) =>
  /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text

/** The header of column `key` of list `op` (its operation's name), or undefined when none is declared. */
export const columnLabels = (op: string, key: string): Label | undefined => {
  const own = byKind[op]?.[key] ?? paths[key] ?? fields[key]
  if (own !== undefined) return own
  const parts = key.split(".")
  const labels = parts.map((part) => fields[part])
  if (parts.length < 2 || labels.some((label) => label === undefined)) return undefined
  const [head, ...rest] = labels as ReadonlyArray<Label>
  return {
    zh: [head as Label, ...rest].map((label) => label.zh).join(""),
    en: [(head as Label).en, ...rest.map((label) => lower(label.en))].join(" ")
  }
}

// ------------------------------------------------------------------------------------------------ choices

/*
 * The words of the choices the lists' exports write (a registration's status, a pledgee's kind, a ledger
 * entry's kind, a linkage record's kind…), each vocabulary keyed by the core's literals: an export writes
 * a choice's label in its language, and an import reads the label back as the word (imports/words.ts, with
 * the equity chain's vocabularies, equity/vocabulary.ts). The words are the dashboard's.
 */
/** A pledged patent's type (a registration's patents; the registration page's words too). */
export const patentTypeLabels = {
  invention: l("发明", "Invention"),
  "utility-model": l("实用新型", "Utility model"),
  design: l("外观设计", "Design"),
  "pct-invention": l("PCT 发明", "PCT invention"),
  "pct-utility-model": l("PCT 实用新型", "PCT utility model")
} as const satisfies Readonly<Record<string, Label>>

/** A line of a registration's history (`pledges.events`; the registration page's words too). */
export const pledgeTimelineLabels = {
  registered: l("质押登记", "Registered"),
  changed: l("变更登记", "Changed"),
  released: l("解除质押", "Released"),
  cancelled: l("撤销登记", "Cancelled"),
  drawn: l("放款", "Loan drawn"),
  repaid: l("还款", "Repaid"),
  defaulted: l("违约", "Defaulted")
} as const satisfies Readonly<Record<string, Label>>

/**
 * How a defaulted pledge loan was disposed of (loans/schema.ts): the disposal form's choices, a loan's state on
 * its registration page, the monthly report, an enterprise's journey and the exports say it so.
 */
export const disposalMethodLabels: Readonly<Record<DisposalMethod, Label>> = {
  sale: l("拍卖/变卖", "Sale"),
  transfer: l("债权转让", "Claim transfer"),
  "write-off": l("核销", "Write-off")
}

/** How a target is split into parts (targets/schema.ts `TargetSplit`): its form, its audit entries. */
export const targetSplitLabels: Readonly<Record<TargetSplit, Label>> = {
  district: l("按区县分解", "By district"),
  unit: l("按责任单位分解", "By responsible unit")
}

/** The linkage pilots (DOMAIN.md 五; an enterprise's journey names a loan's or a policy's pilot by them). */
export const linkagePilotLabels: Readonly<Record<Pilot, Label>> = {
  "investment-loan": l("投贷联动", "Investment-loan linkage"),
  "investment-insurance": l("投保联动", "Investment-insurance linkage"),
  "co-investment": l("投投联动", "Co-investment linkage"),
  "index-loan": l("科创指数贷", "Sci-tech index loans"),
  "transfer-insurance": l("科技成果转化保险", "Tech-transfer insurance"),
  "risk-compensation": l("风险补偿资金池", "Risk compensation pool"),
  "interest-subsidy": l("贴息", "Interest subsidies"),
  bonds: l("科技创新债券", "Sci-tech innovation bonds")
}

export const choiceVocabularies: ReadonlyArray<Readonly<Record<string, Label>>> = [
  patentTypeLabels,
  pledgeTimelineLabels,
  disposalMethodLabels,
  targetSplitLabels,
  // A registration (pledges/schema.ts): its status, its pledgor's size, its pledgee's kind.
  {
    registered: l("已登记", "Registered"),
    changed: l("已变更", "Changed"),
    released: l("已解除", "Released"),
    cancelled: l("已撤销", "Cancelled")
  },
  {
    micro: l("微型", "Micro"),
    small: l("小型", "Small"),
    medium: l("中型", "Medium"),
    large: l("大型", "Large")
  },
  { bank: l("银行", "Bank"), guarantor: l("融资担保机构", "Guarantor") },
  // The registry's institutions.
  {
    bank: l("银行", "Bank"),
    insurer: l("保险机构", "Insurer"),
    guarantor: l("融资担保机构", "Guarantor"),
    "fund-manager": l("基金管理人", "Fund manager")
  },
  // A fund ledger's entries (the equity chain's vocabulary).
  entryKindLabels,
  // An alert (alerts/alerts.ts): its kind, and the kind of record it is about.
  {
    "target-behind-pace": l("目标进度落后", "Target behind pace"),
    "loan-overdue": l("贷款逾期未还", "Loan past maturity"),
    "loan-default": l("贷款违约", "Loan in default"),
    "pool-low": l("资金池余额不足 20%", "Pool under 20 %")
  },
  {
    target: l("目标", "Target"),
    "pledge-loan": l("质押贷款", "Pledge loan"),
    "linkage-loan": l("联动贷款", "Linkage loan"),
    pool: l("资金池", "Pool")
  },
  // An IRR: a rate found, or none.
  { Rate: l("有解", "Rate found"), NoRate: l("无解", "No rate") },
  // A target's unit and period.
  { yuan: l("元", "Yuan"), count: l("个（数量）", "Count"), percent: l("百分比", "Percent") },
  { "calendar-year": l("每个自然年", "Each calendar year"), fixed: l("固定期间", "Fixed dates") },
  // An enterprise's journey: where an event comes from, and what it is.
  { equity: l("股权", "Equity"), pledge: l("质押", "Pledge"), linkage: l("联动", "Linkage") },
  {
    investment: l("股权投资", "Investment"),
    valuation: l("估值", "Valuation"),
    exit: l("退出", "Exit"),
    "pledge-registered": l("质押登记", "Pledge registered"),
    "pledge-changed": l("质押变更", "Pledge changed"),
    "pledge-released": l("解除质押", "Pledge released"),
    "pledge-cancelled": l("撤销质押登记", "Pledge cancelled"),
    "loan-drawn": l("质押贷款放款", "Pledge loan drawn"),
    "loan-repaid": l("质押贷款还款", "Pledge loan repaid"),
    "loan-defaulted": l("质押贷款违约", "Pledge loan defaulted"),
    "loan-disposed": l("质押贷款处置", "Pledge loan disposed of"),
    scored: l("科创指数评分", "Index score"),
    "loan-granted": l("联动贷款", "Linked loan"),
    "warrant-exercised": l("认股权行权", "Warrant exercised"),
    "warrant-exited": l("认股权退出", "Warrant exited"),
    "policy-started": l("保单生效", "Policy started"),
    "claim-paid": l("理赔", "Claim"),
    "co-investment": l("投投联动", "Co-investment"),
    "interest-subsidy": l("贴息", "Interest subsidy"),
    "bond-issued": l("债券发行", "Bond issued")
  },
  // The linkage pilots and their records.
  linkagePilotLabels,
  { active: l("在贷", "Active"), settled: l("已结清", "Settled"), defaulted: l("违约", "Defaulted") },
  { exercise: l("行权", "Exercise"), exit: l("退出", "Exit") },
  { repayment: l("还款", "Repayment"), default: l("违约", "Default") },
  { relief: l("二次救济", "Secondary relief"), "risk-compensation": l("风险补偿", "Risk compensation") },
  {
    "transfer-insurance": l("转化保险理赔", "Tech-transfer insurance claim"),
    "risk-compensation": l("风险补偿", "Risk compensation claim")
  },
  { ratio: l("比例", "Ratio"), cap: l("上限", "Cap"), "pool-balance": l("资金池余额", "Pool balance") },
  { "sub-fund": l("子基金", "Sub-fund"), "social-capital": l("社会资本", "Social capital") },
  { enterprise: l("企业", "Enterprise"), institution: l("机构", "Institution") },
  {
    loan: l("贷款", "Loan"),
    "warrant-event": l("认股权事件", "Warrant event"),
    "tier-table": l("分档表", "Tier table"),
    score: l("评分", "Score"),
    policy: l("保单", "Policy"),
    pool: l("资金池", "Pool"),
    "pool-rule": l("资金池规则", "Pool rule"),
    deposit: l("存入", "Deposit"),
    claim: l("理赔/代偿", "Claim"),
    "co-investment": l("投投联动", "Co-investment"),
    subsidy: l("贴息", "Subsidy"),
    bond: l("债券", "Bond"),
    "loan-event": l("还款/违约", "Repayment or default")
  }
]
