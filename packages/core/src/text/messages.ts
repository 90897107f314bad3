/*
 * The message catalogue: every message of the core that a person reads (a field's issue, a rule broken, a
 * filter refused, a note under figures), once, in Chinese and in English, under a stable kebab-case code
 * with its parameters. The core says a message with `say(code, params)`: the English words go into the
 * issue's `message` (the API's problem `detail` and `errors[].reason`), the code and parameters go with it
 * (`code`, `params`), and a face words it in its reader's language with `messageText`. The codes are the
 * keys of `messageCatalogue` and nothing else: a code the core says is typed against them, so a message
 * without both wordings cannot be said.
 */

import { exitRouteLabels } from "../equity/vocabulary.js"
import { disposalMethodLabels, linkagePilotLabels } from "../operations/labels.js"
import type { Label } from "../operations/operation.js"

/** The parameters of a message: named texts (dates, numbers and amounts already written as text). */
export type MessageParams = Readonly<Record<string, string>>

/** One message in both languages, with an example of its parameters (what the catalogue's test words). */
export interface MessageEntry<P extends MessageParams> {
  readonly example: P
  readonly zh: (params: P) => string
  readonly en: (params: P) => string
}

const entry = <P extends MessageParams>(e: MessageEntry<P>): MessageEntry<P> => e

/**
 * The records and kinds a linkage message names by key (its `kind`, `expected` or `dependents`
 * parameter), in both languages; a key not here reads as itself.
 */
const linkageNouns: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  loan: { zh: "贷款", en: "loan" },
  "linkage-loan": { zh: "联动贷款", en: "linkage loan" },
  investment: { zh: "投资", en: "investment" },
  "fund-ledger-investment": { zh: "基金台账投资", en: "fund-ledger investment" },
  commitment: { zh: "认缴", en: "commitment" },
  "fund-ledger-commitment": { zh: "基金台账认缴", en: "fund-ledger commitment" },
  "score-snapshot": { zh: "评分快照", en: "score snapshot" },
  score: { zh: "评分快照", en: "score snapshot" },
  "tier-table": { zh: "分档表", en: "tier table" },
  pool: { zh: "资金池", en: "pool" },
  "pool-rule": { zh: "资金池规则", en: "pool rule" },
  deposit: { zh: "存入", en: "deposit" },
  claim: { zh: "理赔", en: "claim" },
  "co-investment": { zh: "投投联动", en: "co-investment" },
  subsidy: { zh: "贴息", en: "subsidy" },
  bond: { zh: "债券", en: "bond" },
  "loan-event": { zh: "还款或违约记录", en: "repayment or default" },
  "warrant-event": { zh: "认股权事件", en: "warrant event" },
  policy: { zh: "保单", en: "policy" },
  institution: { zh: "机构", en: "institution" },
  fund: { zh: "基金", en: "fund" },
  "lead-investment": { zh: "领投投资", en: "the lead investment" },
  bank: { zh: "银行", en: "bank" },
  insurer: { zh: "保险公司", en: "insurer" },
  guarantor: { zh: "担保机构", en: "guarantor" },
  "fund-manager": { zh: "基金管理人", en: "fund manager" },
  "warrant-events": { zh: "认股权事件", en: "warrant events" },
  "interest-subsidies": { zh: "贴息", en: "interest subsidies" },
  "loan-events": { zh: "还款或违约记录", en: "repayments or defaults" },
  "score-snapshots": { zh: "评分快照", en: "score snapshots" },
  "index-loans": { zh: "科创指数贷", en: "index loans" },
  claims: { zh: "理赔", en: "claims" },
  deposits: { zh: "存入", en: "deposits" },
  "relief-pool": { zh: "二次救济资金池", en: "secondary-relief pool" },
  "risk-compensation-pool": { zh: "风险补偿资金池", en: "risk-compensation pool" },
  "tier table": { zh: "分档表", en: "tier table" },
  "active token": { zh: "有效的访问令牌", en: "active token" },
  conversion: { zh: "转股记录", en: "conversion" },
  enterprise: { zh: "企业", en: "enterprise" },
  "exchange rate": { zh: "汇率", en: "exchange rate" },
  "fund entry": { zh: "基金台账记录", en: "fund entry" },
  person: { zh: "用户", en: "person" },
  pledge: { zh: "质押登记", en: "pledge" },
  "pledge event": { zh: "质押登记事项", en: "pledge event" },
  "pledge loan": { zh: "质押贷款", en: "pledge loan" },
  "pledge loan event": { zh: "质押贷款的还款或违约记录", en: "pledge loan event" },
  "pledge loan disposal": { zh: "质押贷款处置记录", en: "pledge loan disposal" },
  "pro-rata allocation": { zh: "按比例分配", en: "pro-rata allocation" },
  "reported measure": { zh: "上报指标", en: "reported measure" },
  "reported value": { zh: "上报数值", en: "reported value" },
  target: { zh: "目标", en: "target" },
  "terms of fund": { zh: "基金条款", en: "terms of fund" },
  token: { zh: "访问令牌", en: "token" },
  // A fund ledger entry's kind (equity/schema.ts entryKinds; commitment and investment above).
  call: { zh: "实缴", en: "call" },
  distribution: { zh: "分配", en: "distribution" },
  nav: { zh: "净值", en: "nav" },
  valuation: { zh: "估值", en: "valuation" },
  exit: { zh: "退出", en: "exit" },
  reversal: { zh: "冲销", en: "reversal" }
}

/** A fund holding's instrument (equity/schema.ts Instrument) in Chinese; a key not here reads as itself. */
const instrumentZh: Readonly<Record<string, string>> = {
  equity: "股权",
  convertible: "可转债",
  warrant: "认股权",
  "future-equity": "未来股权（SAFE）",
  "loan-with-warrant": "附认股权贷款"
}

/** What live records stop a fund entry's reversal (equity/funds.ts), in Chinese. */
const fundDependentsZh: Readonly<Record<string, string>> = {
  "valuations or exits": "估值或退出",
  "capital calls": "实缴",
  "capital calls or distribution lines": "实缴或分配明细"
}

/** A field an input's cross-field rule names (`must not be before start`), in Chinese; else the field itself. */
const fieldZh = (field: string): string =>
  ({
    start: "开始日期",
    from: "开始日期",
    startsOn: "开始日期",
    periodStart: "期间开始日",
    disbursedOn: "放款日",
    fromYear: "起始年份"
  })[field] ?? field

/** What an input must name exactly one of (linkage/schema.ts `exactlyOne`), by key, in both languages. */
const oneOfWhat = (key: string, lang: "zh" | "en"): string =>
  (
    ({
      insured: { zh: "投保对象", en: "what is insured" },
      "policy-holding": { zh: "保单对应的投资或基金", en: "the investment or fund the policy goes with" },
      "subsidy-loan": { zh: "贴息所针对的贷款", en: "the loan the subsidy is paid on" },
      issuer: { zh: "发行人", en: "the issuer" }
    }) as Record<string, { zh: string; en: string }>
  )[key]?.[lang] ?? key

/** A fund's kind (equity/schema.ts FundKind) in Chinese. */
const fundKindZh: Readonly<Record<string, string>> = {
  "city-fund": "市级基金",
  "sub-fund": "子基金",
  chain: "链条基金"
}

/** A target's or measure's unit (targets/schema.ts TargetUnit) in Chinese. */
const unitZh = (unit: string): string =>
  ({ yuan: "金额（元）", count: "个数", percent: "百分比" })[unit] ?? unit

/** Where a measure comes from (targets/measures.ts MeasureSource) in Chinese. */
const measureSourceZh: Readonly<Record<string, string>> = {
  computed: "系统计算",
  plugin: "插件",
  reported: "人工上报"
}

/** True when the catalogue words record kind `key` (a NotFoundError's `entity`, a linkage `kind`) in both languages. */
export const isRecordNoun = (key: string): boolean => Object.hasOwn(linkageNouns, key)
const nounOf = (key: string, lang: "zh" | "en"): string => linkageNouns[key]?.[lang] ?? key
/** Whether a record of `kind` is named by its code (funds, pools) rather than its id. */
const byCode = (kind: string): boolean => kind === "fund" || kind === "pool"

/**
 * The word for `key` in `lang` from one of the declared vocabularies a journey event's details name (an
 * exit's route, equity/vocabulary.ts; a disposal's method or a pilot, operations/labels.ts); a key not in
 * it reads as itself.
 */
const wordOf = (
  labels: Readonly<Record<string, Label>>,
  key: string | undefined,
  lang: "zh" | "en"
): string => (key !== undefined && Object.hasOwn(labels, key) ? labels[key]![lang] : (key ?? ""))

export const messageCatalogue = {
  // — Records and rules —
  "enterprise-not-registered": entry({
    example: { uscc: "91330302MA2AAAAA1X" },
    zh: () => "企业库中没有此统一社会信用代码的企业，专利质押登记中也没有：请先登记该企业",
    en: (p) => `no enterprise with the credit code ${p.uscc} is registered: add it to the registry first`
  }),
  "investee-known-from-pledge": entry({
    example: {
      name: "鹿城质押科技有限公司",
      uscc: "91330302MA2AAAAA1X",
      registrationNo: "Y2025330000123",
      field: "stage"
    },
    zh: (p) =>
      `${p.name}（${p.uscc}）已由质押登记 ${p.registrationNo} 记录，但登记未载明其${p.field === "stage" ? "企业阶段" : "技术类别"}：请填写`,
    en: (p) =>
      `${p.name} (${p.uscc}) is known from pledge registration ${p.registrationNo}, which does not say its ${p.field === "stage" ? "stage" : "technology category"}: give it`
  }),
  "loans-above-secured-amount": entry({
    example: {
      registrationNo: "Y2025330000123",
      total: "30,000,000.00",
      secured: "25,000,000.00",
      drawn: "20,000,000.00",
      available: "5,000,000.00"
    },
    zh: (p) =>
      `登记 ${p.registrationNo} 项下贷款合计将达 ${p.total} 元，超过其担保金额 ${p.secured} 元（已放款 ${p.drawn} 元，尚可放款 ${p.available} 元）`,
    en: (p) =>
      `loans under registration ${p.registrationNo} would total ${p.total} yuan, above its secured amount of ${p.secured} yuan (${p.drawn} yuan drawn, ${p.available} yuan available)`
  }),
  "loan-before-registration": entry({
    example: { registeredOn: "2025-03-01", registrationNo: "Y2025330000123" },
    zh: (p) => `不得早于 ${p.registrationNo} 的登记日期 ${p.registeredOn}：质押贷款在质押登记后发放`,
    en: (p) =>
      `must not be before the registration date ${p.registeredOn} of ${p.registrationNo}: a pledge loan is drawn once the pledge is registered`
  }),
  "loan-bank-required": entry({
    example: { pledgee: "温州科技融资担保有限公司" },
    zh: (p) => `质权人 ${p.pledgee} 是担保机构：请填写在该登记项下放款的银行`,
    en: (p) => `the pledgee ${p.pledgee} is a guarantor: name the bank that lends under the registration`
  }),
  "patent-still-pledged": entry({
    example: {
      patent: "ZL202310000001.X",
      registrationNo: "Y2025330000100",
      registeredOn: "2025-01-10",
      on: "2025-03-01"
    },
    zh: (p) =>
      `专利 ${p.patent} 仍质押在登记 ${p.registrationNo} 项下（${p.registeredOn} 登记，截至 ${p.on} 未解除也未撤销）`,
    en: (p) =>
      `patent ${p.patent} is still pledged under registration ${p.registrationNo} (registered ${p.registeredOn}, neither released nor cancelled by ${p.on})`
  }),
  "patent-twice-in-batch": entry({
    example: { patent: "ZL202310000001.X", registrationNo: "Y2025330000100", row: "3" },
    zh: (p) => `专利 ${p.patent} 也被本批第 ${p.row} 行的登记 ${p.registrationNo} 质押`,
    en: (p) => `patent ${p.patent} is also pledged by ${p.registrationNo} (row ${p.row}) of this batch`
  }),
  "loan-repaid-above-outstanding": entry({
    example: { amount: "3,000,000.00", loan: "12", outstanding: "2,000,000.00" },
    zh: (p) => `还款 ${p.amount} 元，但贷款 ${p.loan} 的余额只有 ${p.outstanding} 元`,
    en: (p) => `repays ${p.amount} yuan but loan ${p.loan} has ${p.outstanding} yuan outstanding`
  }),
  "linkage-loan-reversed": entry({
    example: { loan: "12" },
    zh: (p) => `贷款 ${p.loan} 已冲销：不能再登记还款或违约`,
    en: (p) => `loan ${p.loan} was reversed: it takes no repayment or default`
  }),
  "linkage-loan-event-before-disbursement": entry({
    example: { disbursedOn: "2025-04-10" },
    zh: (p) => `不得早于贷款的放款日期 ${p.disbursedOn}`,
    en: (p) => `must not be before the loan's disbursement on ${p.disbursedOn}`
  }),
  "linkage-loan-defaulted-already": entry({
    example: { loan: "12", on: "2026-01-15" },
    zh: (p) =>
      `贷款 ${p.loan} 已于 ${p.on} 登记违约：一笔贷款只登记一次违约（如登记有误，请先冲销原违约记录）`,
    en: (p) =>
      `loan ${p.loan} already went into default on ${p.on}: a loan defaults once (reverse that default first if it was wrong)`
  }),
  "linkage-loan-nothing-outstanding": entry({
    example: { loan: "12", on: "2026-01-15" },
    zh: (p) => `贷款 ${p.loan} 截至 ${p.on} 已无未还本金：无从违约`,
    en: (p) => `loan ${p.loan} has nothing outstanding on ${p.on}: it has nothing left to default on`
  }),
  "registration-not-found": entry({
    example: { no: "Y2025330000123" },
    zh: (p) => `没有编号为 ${p.no} 的有效质押登记`,
    en: (p) => `no live pledge registration has the number ${p.no}`
  }),
  "compensation-registration-cancelled": entry({
    example: { no: "Y2025330000123", on: "2025-06-01" },
    zh: (p) => `登记 ${p.no} 已于 ${p.on} 撤销：没有可补偿的贷款`,
    en: (p) => `registration ${p.no} was cancelled (撤销) on ${p.on}: it has no loan to compensate`
  }),
  "compensation-registration-released": entry({
    example: { no: "Y2025330000123", on: "2025-06-01" },
    zh: (p) => `登记 ${p.no} 已于 ${p.on} 注销：其贷款已结清，没有可补偿的余额`,
    en: (p) =>
      `registration ${p.no} was released (注销) on ${p.on}: its loans were settled, nothing is left to compensate`
  }),
  "compensation-no-default": entry({
    example: { no: "Y2025330000123", on: "2025-06-01" },
    zh: (p) => `登记 ${p.no} 在 ${p.on} 没有尚有余额的违约贷款：风险补偿须有一笔`,
    en: (p) =>
      `registration ${p.no} has no loan in default with a balance outstanding on ${p.on}: a risk-compensation claim needs one`
  }),
  "compensation-above-outstanding": entry({
    example: { no: "Y2025330000123", on: "2025-06-01", outstanding: "1000000.00", claimed: "400000.00" },
    zh: (p) =>
      `超过登记 ${p.no} 尚可补偿的金额：其违约贷款在 ${p.on} 的余额为 ${p.outstanding} 元，其中 ${p.claimed} 元已申请补偿`,
    en: (p) =>
      `exceeds what is left to compensate on registration ${p.no}: its defaulted loans owe ${p.outstanding} on ${p.on}, of which ${p.claimed} is already claimed`
  }),
  "subsidy-registration-cancelled": entry({
    example: { no: "Y2025330000123", on: "2025-06-01" },
    zh: (p) => `登记 ${p.no} 已于 ${p.on} 撤销：没有可贴息的贷款`,
    en: (p) => `registration ${p.no} was cancelled (撤销) on ${p.on}: it has no loan to subsidise`
  }),
  "subsidy-no-loan": entry({
    example: { no: "Y2025330000123", on: "2025-06-01" },
    zh: (p) => `登记 ${p.no} 在 ${p.on} 及之前没有已发放的有效贷款：贴息须针对贷款`,
    en: (p) => `registration ${p.no} has no live loan disbursed on or before ${p.on}: 贴息 is paid on a loan`
  }),
  // — A record not found (errors.ts NotFoundError: `kind` its entity, a key of linkageNouns) —
  "not-found": entry({
    example: { kind: "pledge", key: "42" },
    zh: (p) => `未找到${nounOf(p.kind, "zh")} ${p.key}`,
    en: (p) => `${p.kind} ${p.key} was not found`
  }),
  // — The fund ledger's refusals (equity/funds.ts, equity/conversions.ts) —
  "fund-before-vintage": entry({
    example: { vintage: "2024-01-01" },
    zh: (p) => `不得早于基金的设立日期 ${p.vintage}`,
    en: (p) => `is before the fund's vintage ${p.vintage}`
  }),
  "fund-commits-to-itself": entry({
    example: {},
    zh: () => "基金不能认缴自身",
    en: () => "a fund cannot commit to itself"
  }),
  "fund-entry-other-fund": entry({
    example: { field: "commitment", id: "12", fund: "F1" },
    zh: (p) => `${nounOf(p.field, "zh")} ${p.id} 不是基金 ${p.fund} 的台账记录`,
    en: (p) => `${p.field} ${p.id} is not an entry of fund ${p.fund}`
  }),
  "fund-commitment-reversed": entry({
    example: { id: "12" },
    zh: (p) => `认缴 ${p.id} 已冲销：不能再对其实缴`,
    en: (p) => `commitment ${p.id} was reversed; nothing can be called on it`
  }),
  "fund-before-commitment": entry({
    example: { on: "2025-01-10" },
    zh: (p) => `不得早于认缴日期 ${p.on}`,
    en: (p) => `is before the commitment's date ${p.on}`
  }),
  "fund-call-above-unfunded": entry({
    example: { unfunded: "400000.00", committed: "1000000.00", called: "600000.00" },
    zh: (p) => `超过认缴尚未实缴的金额 ${p.unfunded}（认缴 ${p.committed}，已实缴 ${p.called}）`,
    en: (p) =>
      `exceeds the commitment's unfunded amount ${p.unfunded} (committed ${p.committed}, called ${p.called})`
  }),
  "fund-no-commitment-by": entry({
    example: { fund: "F1", on: "2025-03-01" },
    zh: (p) => `基金 ${p.fund} 在 ${p.on} 及之前没有有效的认缴`,
    en: (p) => `fund ${p.fund} has no live commitment dated on or before ${p.on}`
  }),
  "fund-nothing-paid-in-by": entry({
    example: { on: "2025-03-01" },
    zh: (p) => `截至 ${p.on} 基金的认缴尚无实缴：请按认缴比例分配`,
    en: (p) => `nothing is paid in by ${p.on} on the fund's commitments: share the distribution by commitment`
  }),
  "fund-call-above-uncalled": entry({
    example: {
      uncalled: "400000.00",
      count: "2",
      on: "2025-03-01",
      committed: "1000000.00",
      called: "600000.00"
    },
    zh: (p) =>
      `超过基金 ${p.on} 及之前的 ${p.count} 笔认缴尚未实缴的合计 ${p.uncalled}（认缴 ${p.committed}，已实缴 ${p.called}）`,
    en: (p) =>
      `exceeds the uncalled total ${p.uncalled} of the fund's ${p.count} commitment(s) dated on or before ${p.on} (committed ${p.committed}, called ${p.called})`
  }),
  "fund-investment-above-committed": entry({
    example: {
      later: "2025-06-30",
      committed: "10,000,000.00",
      invested: "9,000,000.00",
      available: "1,000,000.00"
    },
    zh: (p) =>
      `${p.later === "" ? "" : `在 ${p.later}（一笔日期更晚的记录）`}基金已认缴 ${p.committed} 元、已投资 ${p.invested} 元：至多还可投资 ${p.available} 元`,
    en: (p) =>
      `${p.later === "" ? "" : `on ${p.later} (a later-dated entry) `}the fund has ${p.committed} committed and ${p.invested} invested: at most ${p.available} more`
  }),
  "fund-investment-reversed": entry({
    example: { id: "12" },
    zh: (p) => `投资 ${p.id} 已冲销`,
    en: (p) => `investment ${p.id} was reversed`
  }),
  "fund-before-investment": entry({
    example: { on: "2025-01-10" },
    zh: (p) => `不得早于投资日期 ${p.on}`,
    en: (p) => `is before the investment's date ${p.on}`
  }),
  "fund-holding-exited-by": entry({
    example: { on: "2025-06-30" },
    zh: (p) => `该持仓已于 ${p.on} 前全部退出：没有可估值的部分`,
    en: (p) => `the holding was fully exited by ${p.on}: nothing is left to value`
  }),
  "fund-holding-no-cost": entry({
    example: {},
    zh: () => "该持仓已无剩余成本：已全部退出",
    en: () => "the holding has no remaining cost: it was fully exited"
  }),
  "fund-cost-basis-above-remaining": entry({
    example: { remaining: "600000.00", cost: "1000000.00", exited: "400000.00" },
    zh: (p) => `超过持仓的剩余成本 ${p.remaining}（成本 ${p.cost}，已退出 ${p.exited}）`,
    en: (p) => `exceeds the holding's remaining cost ${p.remaining} (cost ${p.cost}, exited ${p.exited})`
  }),
  "fund-entry-is-reversal": entry({
    example: { id: "12" },
    zh: (p) => `记录 ${p.id} 本身是冲销，冲销不可撤回：请重新登记原记录`,
    en: (p) => `entry ${p.id} is a reversal, which is final: record the entry again instead`
  }),
  "fund-entry-has-dependents": entry({
    example: { kind: "commitment", id: "12", dependents: "capital calls", ids: "14, 15" },
    zh: (p) =>
      `${nounOf(p.kind, "zh")} ${p.id} 还有有效的${fundDependentsZh[p.dependents] ?? p.dependents}（记录 ${p.ids}）：请先冲销它们`,
    en: (p) => `${p.kind} ${p.id} has live ${p.dependents} (entries ${p.ids}): reverse them first`
  }),
  "fund-investment-converted": entry({
    example: { id: "12", on: "2025-06-30", conversion: "3" },
    zh: (p) => `投资 ${p.id} 已于 ${p.on} 转为股权（转股记录 ${p.conversion}）：请先冲销转股`,
    en: (p) =>
      `investment ${p.id} was converted into equity on ${p.on} (conversion ${p.conversion}): reverse the conversion first`
  }),
  "fund-entry-reversal-breaks": entry({
    example: {
      id: "12",
      kind: "commitment",
      on: "2025-01-10",
      breaks: "live linkage records name it: claim 3"
    },
    zh: (p) => `记录 ${p.id}（${p.on} 的${nounOf(p.kind, "zh")}）不能冲销：${p.breaks}`,
    en: (p) => `entry ${p.id} (${p.kind} on ${p.on}) cannot be reversed: ${p.breaks}`
  }),
  "fund-reversal-headroom": entry({
    example: { on: "2025-06-30", fund: "F1", invested: "9,000,000.00", committed: "8,000,000.00" },
    zh: (p) =>
      `基金 ${p.fund} 在 ${p.on} 将有投资 ${p.invested} 元而认缴仅 ${p.committed} 元（基金的投资成本不得超过其有效认缴）`,
    en: (p) =>
      `on ${p.on} fund ${p.fund} would have ${p.invested} invested against ${p.committed} committed (a fund's invested cost stays within its live commitments)`
  }),
  "fund-reversal-linkage-uses": entry({
    example: { uses: "claim 3, policy 4" },
    zh: (p) => `仍有有效的联动记录引用它：${p.uses}（联动记录只引用有效的基金台账记录：请先冲销它们）`,
    en: (p) =>
      `live linkage records name it: ${p.uses} (a linkage record names live fund-ledger entries only: reverse them first)`
  }),
  "fund-reversal-policies": entry({
    example: {
      fund: "F1",
      enterprise: "鹿城科技有限公司",
      uscc: "91330302MA2AAAAA1X",
      count: "2",
      policies: "4, 5"
    },
    zh: (p) =>
      `基金 ${p.fund} 将不再持有 ${p.enterprise}（${p.uscc}）的有效投资，而有效保单 ${p.policies} 经由该基金承保该企业（保单经由基金承保企业，仅限基金持有期间）`,
    en: (p) =>
      `fund ${p.fund} would hold no live investment in ${p.enterprise} (${p.uscc}), which live ${p.count === "1" ? "policy" : "policies"} ${p.policies} ${p.count === "1" ? "insures" : "insure"} through it (a policy insures an enterprise through a fund only while the fund holds it)`
  }),
  "conversion-not-convertible": entry({
    example: { id: "12", instrument: "equity" },
    zh: (p) =>
      `投资 ${p.id} 是${instrumentZh[p.instrument] ?? p.instrument}：只有可转换或未来股权类持仓可以转股`,
    en: (p) => `investment ${p.id} is ${p.instrument}: only a convertible or future-equity holding converts`
  }),
  "conversion-fully-exited": entry({
    example: { id: "12", on: "2025-06-30" },
    zh: (p) => `投资 ${p.id} 截至 ${p.on} 已全部退出：没有可转股的部分`,
    en: (p) => `investment ${p.id} is fully exited on ${p.on}: nothing is left to convert`
  }),
  // — Pledge registrations' and pledge loans' refusals (pledges/pledges.ts, loans/service.ts, rules.ts) —
  "registration-closed-events": entry({
    example: { registrationNo: "Y2025330000123", state: "released", on: "2025-06-01" },
    zh: (p) =>
      `登记 ${p.registrationNo} ${p.state === "reversed" ? "已冲销（登记有误）" : `已于 ${p.on} ${endedZh(p.state)}`}：不再接受新的事项`,
    en: (p) =>
      `registration ${p.registrationNo} was ${p.state === "reversed" ? "reversed (recorded in error)" : `${p.state} on ${p.on}`}: it takes no further events`
  }),
  "registration-closed-loans": entry({
    example: { registrationNo: "Y2025330000123", state: "cancelled", on: "2025-06-01" },
    zh: (p) =>
      `登记 ${p.registrationNo} ${p.state === "reversed" ? "已冲销（登记有误）" : `已于 ${p.on} ${endedZh(p.state)}`}：不再接受新的贷款`,
    en: (p) =>
      `registration ${p.registrationNo} was ${p.state === "reversed" ? "reversed (recorded in error)" : `${p.state} on ${p.on}`} and takes no new loans`
  }),
  "pledge-event-before-registration": entry({
    example: { registeredOn: "2025-03-01" },
    zh: (p) => `不得早于登记日期 ${p.registeredOn}`,
    en: (p) => `must not be before the registration date ${p.registeredOn}`
  }),
  "pledge-event-before-latest": entry({
    example: { event: "a change", on: "2025-05-01" },
    zh: (p) => `不得早于最近一个事项（${p.on} 的${pledgeEventZh(p.event)}）`,
    en: (p) => `must not be before the latest event, ${p.event} on ${p.on}`
  }),
  "pledge-change-same-amount": entry({
    example: { amount: "5,000,000.00 yuan" },
    zh: (p) => `与现有担保金额相同（${yuanZh(p.amount)}）`,
    en: (p) => `is the secured amount already (${p.amount})`
  }),
  "pledge-change-below-drawn": entry({
    example: { drawn: "3,000,000.00 yuan", registrationNo: "Y2025330000123" },
    zh: (p) => `不得低于登记 ${p.registrationNo} 项下有效贷款已放款的 ${yuanZh(p.drawn)}`,
    en: (p) => `cannot fall below the ${p.drawn} that live loans drew under registration ${p.registrationNo}`
  }),
  "pledge-end-before-loan": entry({
    example: { loan: "12", disbursedOn: "2025-06-01", on: "2025-05-01", what: "released" },
    zh: (p) => `贷款 ${p.loan} 于 ${p.on} 之后的 ${p.disbursedOn} 放款：登记不能在此之前${endedZh(p.what)}`,
    en: (p) =>
      `loan ${p.loan} was disbursed on ${p.disbursedOn}, after ${p.on}: the registration cannot be ${p.what} before it`
  }),
  "pledge-end-outstanding": entry({
    example: {
      registrationNo: "Y2025330000123",
      outstanding: "1,000,000.00 yuan",
      loan: "12",
      on: "2025-06-01",
      what: "cancelled"
    },
    zh: (p) =>
      `登记 ${p.registrationNo} 在 ${p.on} 仍担保贷款 ${p.loan} 未还的 ${yuanZh(p.outstanding)}：请先还清再${endedZh(p.what)}登记`,
    en: (p) =>
      `registration ${p.registrationNo} still secures ${p.outstanding} outstanding on loan ${p.loan} on ${p.on}: repay it before the registration is ${p.what}`
  }),
  "pledge-end-breaks": entry({
    example: {
      registrationNo: "Y2025330000123",
      what: "released",
      on: "2025-06-01",
      breaks: "claim 3 relies on it"
    },
    zh: (p) => `登记 ${p.registrationNo} 不能于 ${p.on} ${endedZh(p.what)}：${p.breaks}`,
    en: (p) => `registration ${p.registrationNo} cannot be ${p.what} on ${p.on}: ${p.breaks}`
  }),
  "pledge-reversal-breaks": entry({
    example: { id: "7", registrationNo: "Y2025330000123", breaks: "claim 3 relies on it" },
    zh: (p) => `质押登记 ${p.id}（登记号 ${p.registrationNo}）不能冲销：${p.breaks}`,
    en: (p) => `pledge ${p.id} (registration ${p.registrationNo}) cannot be reversed: ${p.breaks}`
  }),
  "event-is-reversal": entry({
    example: { event: "9" },
    zh: (p) => `事项 ${p.event} 本身是冲销：冲销不可撤回`,
    en: (p) => `event ${p.event} is a reversal: a reversal is final`
  }),
  "pledge-event-registration-reversed": entry({
    example: { registrationNo: "Y2025330000123" },
    zh: (p) => `登记 ${p.registrationNo} 已冲销：其事项已一并失效`,
    en: (p) => `registration ${p.registrationNo} was reversed: its events are out already`
  }),
  "pledge-event-not-latest": entry({
    example: { event: "9", on: "2025-06-01" },
    zh: (p) => `只能冲销最近一个有效事项：请先冲销事项 ${p.event}（${p.on}）`,
    en: (p) => `only the latest live event can be reversed: reverse event ${p.event} (${p.on}) first`
  }),
  "pledge-event-reversal-breaks": entry({
    example: { event: "9", kind: "a release", on: "2025-06-01", breaks: "claim 3 relies on it" },
    zh: (p) => `事项 ${p.event}（${p.on} 的${pledgeEventZh(p.kind)}）不能冲销：${p.breaks}`,
    en: (p) => `event ${p.event} (${p.kind} on ${p.on}) cannot be reversed: ${p.breaks}`
  }),
  "registration-would-exceed-secured": entry({
    example: { registrationNo: "Y2025330000123", drawn: "6,000,000.00 yuan", secured: "5,000,000.00 yuan" },
    zh: (p) =>
      `登记 ${p.registrationNo} 将有 ${yuanZh(p.drawn)} 的放款而担保金额仅 ${yuanZh(p.secured)}（登记项下有效贷款不得超过其担保金额）`,
    en: (p) =>
      `registration ${p.registrationNo} would have ${p.drawn} drawn on ${p.secured} secured (live loans under a registration never exceed its secured amount)`
  }),
  "registration-ended-would-secure": entry({
    example: {
      registrationNo: "Y2025330000123",
      what: "released",
      on: "2025-06-01",
      outstanding: "1,000,000.00 yuan",
      loan: "12"
    },
    zh: (p) =>
      `登记 ${p.registrationNo} 已于 ${p.on} ${endedZh(p.what)}，却仍将担保贷款 ${p.loan} 未还的 ${yuanZh(p.outstanding)}（登记须在其项下贷款全部结清后才能注销或撤销）`,
    en: (p) =>
      `registration ${p.registrationNo}, ${p.what} on ${p.on}, would still secure ${p.outstanding} outstanding on loan ${p.loan} (a registration is released or cancelled only with every loan under it settled by then)`
  }),
  "registration-ended-loan-after": entry({
    example: {
      registrationNo: "Y2025330000123",
      what: "cancelled",
      on: "2025-06-01",
      loan: "12",
      disbursedOn: "2025-07-01"
    },
    zh: (p) =>
      `登记 ${p.registrationNo} 已于 ${p.on} ${endedZh(p.what)}，却有贷款 ${p.loan} 在其后的 ${p.disbursedOn} 放款（登记须在其项下贷款全部结清后才能注销或撤销）`,
    en: (p) =>
      `registration ${p.registrationNo}, ${p.what} on ${p.on}, would have loan ${p.loan} disbursed after it on ${p.disbursedOn} (a registration is released or cancelled only with every loan under it settled by then)`
  }),
  "patent-would-be-pledged-twice": entry({
    example: {
      patent: "ZL202310000001.X",
      registrationNo: "Y2025330000123",
      other: "Y2025330000100",
      registeredOn: "2025-01-10",
      ended: "2025-06-01"
    },
    zh: (p) =>
      `专利 ${p.patent} 将同时质押在登记 ${p.registrationNo} 和登记 ${p.other}（${p.registeredOn} 登记，${p.ended === "" ? "仍有效" : `${p.ended} 结束`}）项下（一项专利同一时间只能质押在一个有效登记项下）`,
    en: (p) =>
      `patent ${p.patent} would be pledged under registration ${p.registrationNo} and under registration ${p.other} (registered ${p.registeredOn}, ${p.ended === "" ? "still active" : `ended ${p.ended}`}) at once (a patent is pledged under one active registration at a time)`
  }),
  "claim-relies-on-registration": entry({
    example: {
      claim: "3",
      on: "2025-06-01",
      loss: "400000.00",
      problem: "no live pledge registration has the number Y2025330000123",
      problemCode: "registration-not-found",
      "problem.no": "Y2025330000123"
    },
    zh: (p) =>
      `风险补偿理赔 ${p.claim}（${p.on}）依赖该登记：${p.loss === "" ? "" : `其损失 ${p.loss} `}${quoted(p, "problem", "zh")}（风险补偿须针对在其日期前有违约贷款的有效登记，且至多补偿违约贷款的未还余额）`,
    en: (p) =>
      `risk-compensation claim ${p.claim} of ${p.on} relies on it: ${p.loss === "" ? "" : `its loss of ${p.loss} `}${p.problem} (a risk-compensation claim names a live registration with a loan in default by its date and claims at most the defaulted loans' outstanding balance)`
  }),
  "subsidy-relies-on-registration": entry({
    example: {
      subsidy: "4",
      on: "2025-06-01",
      problem: "no live pledge registration has the number Y2025330000123",
      problemCode: "registration-not-found",
      "problem.no": "Y2025330000123"
    },
    zh: (p) =>
      `贴息 ${p.subsidy}（${p.on}）依赖该登记：${quoted(p, "problem", "zh")}（按登记号的贴息须针对在其日期前已放款的有效登记）`,
    en: (p) =>
      `interest subsidy ${p.subsidy} of ${p.on} relies on it: ${p.problem} (an interest subsidy by registration number names a live registration with a loan disbursed by its date)`
  }),
  "write-breaks": entry({
    example: { what: "a repayment on 2025-06-01 of loan 12", breaks: "claim 3 relies on it" },
    zh: (p) => `无法登记（${p.what}）：${p.breaks}`,
    en: (p) => `${p.what} cannot be recorded: ${p.breaks}`
  }),
  "loan-reversed-or-registration": entry({
    example: { loan: "12", registrationNo: "Y2025330000123" },
    zh: (p) => `贷款 ${p.loan} 已冲销（或其登记 ${p.registrationNo} 已冲销）：不能再登记任何记录`,
    en: (p) =>
      `loan ${p.loan} was reversed (or its registration ${p.registrationNo} was): nothing more is recorded against it`
  }),
  "loan-disposed": entry({
    example: { loan: "12", on: "2025-06-01" },
    zh: (p) => `贷款 ${p.loan} 已于 ${p.on} 处置：请先冲销处置再登记`,
    en: (p) => `loan ${p.loan} was disposed of on ${p.on}: reverse the disposal before recording against it`
  }),
  "loan-fully-repaid": entry({
    example: { loan: "12" },
    zh: (p) => `贷款 ${p.loan} 已全部还清：无从违约`,
    en: (p) => `loan ${p.loan} is fully repaid: it has nothing left to default on`
  }),
  "loan-reversal-breaks": entry({
    example: {
      loan: "12",
      amount: "1,000,000.00 yuan",
      disbursedOn: "2025-04-01",
      registrationNo: "Y2025330000123",
      breaks: "claim 3 relies on it"
    },
    zh: (p) =>
      `贷款 ${p.loan}（登记 ${p.registrationNo} 项下 ${p.disbursedOn} 放款 ${yuanZh(p.amount)}）不能冲销：${p.breaks}`,
    en: (p) =>
      `loan ${p.loan} (${p.amount} disbursed on ${p.disbursedOn} under registration ${p.registrationNo}) cannot be reversed: ${p.breaks}`
  }),
  "loan-event-reversal-breaks": entry({
    example: { event: "9", amount: "100,000.00 yuan", on: "2025-06-01", breaks: "claim 3 relies on it" },
    zh: (p) =>
      `事项 ${p.event}（${p.on} 的${p.amount === "" ? "违约" : `还款 ${yuanZh(p.amount)}`}）不能冲销：${p.breaks}`,
    en: (p) =>
      `event ${p.event} (${p.amount === "" ? "a default" : `a repayment of ${p.amount}`} on ${p.on}) cannot be reversed: ${p.breaks}`
  }),
  "loan-not-in-default": entry({
    example: { loan: "12" },
    zh: (p) => `贷款 ${p.loan} 未违约：只有违约贷款才能处置（请先登记违约）`,
    en: (p) =>
      `loan ${p.loan} is not in default: only a defaulted loan is disposed of (record the default first)`
  }),
  "loan-disposal-before-default": entry({
    example: { on: "2025-06-01" },
    zh: (p) => `不得早于贷款的违约日期 ${p.on}`,
    en: (p) => `must not be before the loan's default on ${p.on}`
  }),
  "loan-recovered-above-outstanding": entry({
    example: { recovered: "2,000,000.00 yuan", loan: "12", outstanding: "1,000,000.00 yuan" },
    zh: (p) => `回收 ${yuanZh(p.recovered)}，但贷款 ${p.loan} 未还余额只有 ${yuanZh(p.outstanding)}`,
    en: (p) => `recovers ${p.recovered} but loan ${p.loan} has ${p.outstanding} outstanding`
  }),
  "loan-disposal-reversal-breaks": entry({
    example: { disposal: "5", on: "2025-06-01", breaks: "claim 3 relies on it" },
    zh: (p) => `处置 ${p.disposal}（${p.on}）不能冲销：${p.breaks}`,
    en: (p) => `disposal ${p.disposal} (on ${p.on}) cannot be reversed: ${p.breaks}`
  }),
  "threshold-positive-fen": entry({
    example: {},
    zh: () => "须为大于零的元金额，精确到分",
    en: () => "must be an amount of yuan greater than zero, exact to the fen"
  }),
  "period-no-year-before": entry({
    example: {},
    zh: () => "起于 0001 年，之前没有可比的年份（日期自 0001-01-01 起）：同比须选 0002 年及以后的期间",
    en: () =>
      "starts in 0001, which has no year before it to compare with (dates run from 0001-01-01): a year-on-year comparison needs a period from 0002 on"
  }),
  // — A claim's payout note (linkage/rules.ts payout, pools/service.ts), kept with the claim in English —
  "pool-payout": entry({
    example: {
      ratio: "0.8",
      base: "uncovered loss",
      amount: "100000.00",
      byRatio: "80000.00",
      cap: "50000.00",
      balance: "300000.00",
      paid: "50000.00",
      limit: "cap"
    },
    zh: (p) => payoutMin(p, "zh"),
    en: (p) => payoutMin(p, "en")
  }),
  "pool-payout-nothing-uncovered": entry({
    example: {
      ratio: "0.8",
      base: "uncovered loss",
      amount: "0.00",
      byRatio: "0.00",
      cap: "50000.00",
      balance: "300000.00",
      paid: "0.00",
      limit: "ratio"
    },
    zh: (p) => `没有未覆盖的损失：${payoutMin(p, "zh")}`,
    en: (p) => `nothing is uncovered: ${payoutMin(p, "en")}`
  }),
  "pool-payout-empty": entry({
    example: { ratio: "0.8", base: "loss", amount: "100000.00", byRatio: "80000.00", cap: "50000.00" },
    zh: (p) => `资金池已无余额，不予支付（${payoutTerms(p, "zh")}${payoutCap(p, "zh")}）`,
    en: (p) =>
      `the pool has no balance left, so nothing is paid (${payoutTerms(p, "en")}${payoutCap(p, "en")})`
  }),
  "pool-payout-by-rule": entry({
    example: {
      pool: "wz-relief",
      from: "2025-01-01",
      note: "the pool has no balance left, so nothing is paid (0.8 × loss 100000.00 = 80000.00)",
      noteCode: "pool-payout-empty",
      "note.ratio": "0.8",
      "note.base": "loss",
      "note.amount": "100000.00",
      "note.byRatio": "80000.00",
      "note.cap": ""
    },
    zh: (p) => `资金池 ${p.pool}，${p.from} 起的规则：${quoted(p, "note", "zh")}`,
    en: (p) => `pool ${p.pool}, rule of ${p.from}: ${p.note}`
  }),
  "pool-no-relief": entry({
    example: {},
    zh: () => "未指定二次救济资金池：不支付二次救济",
    en: () => "no relief pool named: no secondary relief (二次救济) paid"
  }),
  "monthly-series-too-long": entry({
    example: { max: "120", months: "150" },
    zh: (p) => `按月序列至多 ${p.max} 个月，所选为 ${p.months} 个月`,
    en: (p) => `a monthly series spans at most ${p.max} months, got ${p.months}`
  }),
  "ids-too-many": entry({
    example: { max: "1000" },
    zh: (p) => `一次至多 ${p.max} 个编号`,
    en: (p) => `at most ${p.max} ids at a time`
  }),
  "row-id": entry({
    example: {},
    zh: () => "须为记录编号（正整数）",
    en: () => "must be a row id"
  }),
  "batch-cursor": entry({
    example: {},
    zh: () => "须为上一批返回的续读位置",
    en: () => "must be the `next` of an earlier batch: { registeredOn: a date, id: a row id }"
  }),
  // — Records already there or already reversed (ConflictError details) and batch rows —
  "fund-code-exists": entry({
    example: { code: "wz-angel-1" },
    zh: (p) => `代码为 ${p.code} 的基金已存在`,
    en: (p) => `a fund with the code ${p.code} already exists`
  }),
  "fund-manager-kind": entry({
    example: { name: "温州银行", kind: "bank" },
    zh: (p) => `${p.name} 登记为${nounOf(p.kind, "zh")}，不是基金管理人`,
    en: (p) => `${p.name} is registered as a ${p.kind}, not a fund manager`
  }),
  "fund-allocation-reversed": entry({
    example: { ids: "14, 15", journalSeq: "30" },
    zh: (p) => `分配批次 ${p.journalSeq} 中的记录 ${p.ids} 已冲销：请逐笔冲销其余记录`,
    en: (p) =>
      `entries ${p.ids} of allocation ${p.journalSeq} are already reversed: reverse the others one by one`
  }),
  "fund-entry-already-reversed": entry({
    example: { id: "12", by: "20" },
    zh: (p) => `记录 ${p.id} 已被记录 ${p.by} 冲销`,
    en: (p) => `entry ${p.id} is already reversed (by entry ${p.by})`
  }),
  "conversion-exists": entry({
    example: { id: "12", on: "2025-06-30", conversion: "3" },
    zh: (p) => `投资 ${p.id} 已于 ${p.on} 转股（转股记录 ${p.conversion}）：请先冲销该转股`,
    en: (p) =>
      `investment ${p.id} was converted on ${p.on} (conversion ${p.conversion}): reverse that conversion first`
  }),
  "conversion-already-reversed": entry({
    example: { id: "3", on: "2025-07-01" },
    zh: (p) => `转股记录 ${p.id} 已于 ${p.on} 冲销`,
    en: (p) => `conversion ${p.id} is already reversed (on ${p.on})`
  }),
  "registration-no-recorded": entry({
    example: { registrationNo: "Y2025330000123" },
    zh: (p) => `登记号 ${p.registrationNo} 已登记过`,
    en: (p) => `registration number ${p.registrationNo} is already recorded`
  }),
  "registration-nos-recorded": entry({
    example: { count: "2", example: "Y2025330000123" },
    zh: (p) => `${p.count} 个登记号已登记过，例如 ${p.example}`,
    en: (p) => `${p.count} registration number(s) already recorded, e.g. ${p.example}`
  }),
  "registration-no-raced": entry({
    example: {},
    zh: () => "本批中的一个登记号同时被另一次写入登记了",
    en: () => "a registration number of this batch was recorded by another write meanwhile"
  }),
  "patent-filed-future": entry({
    example: { filed: "2027", year: "2026" },
    zh: (p) => `不可能已存在：申请号表明其申请于 ${p.filed} 年，晚于今年（${p.year}）`,
    en: (p) => `cannot exist yet: it says it was filed in ${p.filed}, after this year (${p.year})`
  }),
  "row-repeats": entry({
    example: { row: "3" },
    zh: (p) => `与第 ${p.row} 行重复`,
    en: (p) => `repeats row ${p.row}`
  }),
  "pledge-already-reversed": entry({
    example: { id: "7" },
    zh: (p) => `质押登记 ${p.id} 已冲销`,
    en: (p) => `pledge ${p.id} is already reversed`
  }),
  "event-already-reversed": entry({
    example: { event: "9" },
    zh: (p) => `事项 ${p.event} 已冲销`,
    en: (p) => `event ${p.event} is already reversed`
  }),
  "registration-id-not-found": entry({
    example: { id: "42" },
    zh: (p) => `没有编号为 ${p.id} 的质押登记`,
    en: (p) => `no registration has id ${p.id}`
  }),
  "loan-defaulted-already": entry({
    example: { loan: "12", on: "2025-06-01" },
    zh: (p) => `贷款 ${p.loan} 已于 ${p.on} 登记违约`,
    en: (p) => `loan ${p.loan} already went into default on ${p.on}`
  }),
  "loan-already-reversed": entry({
    example: { loan: "12", registrationNo: "Y2025330000123" },
    zh: (p) => `贷款 ${p.loan} 已不计入数据（已冲销，或其登记 ${p.registrationNo} 已冲销）`,
    en: (p) =>
      `loan ${p.loan} is already out of the figures (reversed, or its registration ${p.registrationNo} was)`
  }),
  "loan-disposed-already": entry({
    example: { loan: "12", on: "2025-06-01" },
    zh: (p) => `贷款 ${p.loan} 已于 ${p.on} 处置`,
    en: (p) => `loan ${p.loan} was disposed of on ${p.on} already`
  }),
  "disposal-already-reversed": entry({
    example: { disposal: "5" },
    zh: (p) => `处置 ${p.disposal} 已冲销`,
    en: (p) => `disposal ${p.disposal} is already reversed`
  }),
  // — The linkage pilots' refusals (linkage/*/service.ts; `kind` parameters are keys of linkageNouns) —
  "linkage-not-found": entry({
    example: { kind: "institution", id: "12" },
    zh: (p) => `没有${byCode(p.kind) ? "代码" : "编号"}为 ${p.id} 的${nounOf(p.kind, "zh")}`,
    en: (p) => `no ${nounOf(p.kind, "en")} has the ${byCode(p.kind) ? "code" : "id"} ${p.id}`
  }),
  "linkage-reversed": entry({
    example: { kind: "loan", id: "12" },
    zh: (p) => `${nounOf(p.kind, "zh")} ${p.id} 已冲销`,
    en: (p) => `${nounOf(p.kind, "en")} ${p.id} was reversed`
  }),
  "linkage-already-reversed": entry({
    example: { kind: "loan-event", id: "12", reversal: "3" },
    zh: (p) => `${nounOf(p.kind, "zh")} ${p.id} 已被冲销（冲销记录 ${p.reversal}）`,
    en: (p) => `${p.kind} ${p.id} is already reversed (by reversal ${p.reversal})`
  }),
  "linkage-enterprise-mismatch": entry({
    example: {
      kind: "investment",
      id: "7",
      theirs: "鹿城甲科技 (91330302MA2AAAAA1X)",
      ours: "瓯海乙科技 (91330304MA2BBBBB2Y)"
    },
    zh: (p) => `${nounOf(p.kind, "zh")} ${p.id} 属于 ${p.theirs}，而不是 ${p.ours}：两者须为同一企业`,
    en: (p) =>
      `${nounOf(p.kind, "en")} ${p.id} is in ${p.theirs}, not in ${p.ours}: both must concern the same enterprise`
  }),
  "linkage-institution-kind": entry({
    example: { name: "温州银行", kind: "bank", expected: "insurer" },
    zh: (p) => `${p.name} 登记为${nounOf(p.kind, "zh")}，不是${nounOf(p.expected, "zh")}`,
    en: (p) => `${p.name} is registered as a ${p.kind}, not a ${p.expected}`
  }),
  "linkage-before-disbursement": entry({
    example: { date: "2025-04-10" },
    zh: (p) => `早于贷款的放款日期 ${p.date}`,
    en: (p) => `is before the loan's disbursement on ${p.date}`
  }),
  "linkage-before-pool-opened": entry({
    example: { date: "2025-01-01" },
    zh: (p) => `早于资金池的设立日期 ${p.date}`,
    en: (p) => `is before the pool opened on ${p.date}`
  }),
  "linkage-before-named-pool-opened": entry({
    example: { pool: "relief-2025", date: "2025-01-01" },
    zh: (p) => `早于资金池 ${p.pool} 的设立日期 ${p.date}`,
    en: (p) => `is before pool ${p.pool} opened on ${p.date}`
  }),
  "linkage-before-policy-start": entry({
    example: { date: "2025-01-01" },
    zh: (p) => `早于保单的起保日期 ${p.date}`,
    en: (p) => `is before the policy starts on ${p.date}`
  }),
  "linkage-not-pledgor": entry({
    example: {
      enterprise: "鹿城甲科技 (91330302MA2AAAAA1X)",
      registrationNo: "Y2025330000123",
      pledgor: "91330304MA2BBBBB2Y"
    },
    zh: (p) => `${p.enterprise} 不是登记 ${p.registrationNo} 的出质人（出质人为 ${p.pledgor}）`,
    en: (p) => `${p.enterprise} is not the pledgor of registration ${p.registrationNo} (${p.pledgor})`
  }),
  "linkage-investment-other-fund": entry({
    example: { investment: "7", fund: "wz-sub-01", insuredFund: "wz-sub-02" },
    zh: (p) => `投资 ${p.investment} 由基金 ${p.fund} 作出，而不是被保险基金 ${p.insuredFund}`,
    en: (p) =>
      `investment ${p.investment} was made by fund ${p.fund}, not by the insured fund ${p.insuredFund}`
  }),
  "linkage-policy-insured-fund": entry({
    example: { fund: "wz-sub-02" },
    zh: (p) => `保单承保基金时，须为被保险基金 ${p.fund}`,
    en: (p) => `must be the insured fund ${p.fund} when a fund is insured`
  }),
  "linkage-fund-no-investment-in": entry({
    example: { fund: "wz-sub-01", enterprise: "鹿城甲科技 (91330302MA2AAAAA1X)" },
    zh: (p) => `基金 ${p.fund} 对 ${p.enterprise} 没有有效投资：请将保单关联到其某笔投资，或承保该基金`,
    en: (p) =>
      `fund ${p.fund} has no live investment in ${p.enterprise}: link the policy to one of its investments, or insure the fund`
  }),
  "linkage-commitment-not-insurance": entry({
    example: { commitment: "5", lpType: "government" },
    zh: (p) => `认缴 ${p.commitment} 的出资人类型为 ${p.lpType}，不是保险资金`,
    en: (p) => `commitment ${p.commitment} is of an LP of type ${p.lpType}, not insurance`
  }),
  "linkage-commitment-other-fund": entry({
    example: { commitment: "5", fund: "wz-sub-01", lpFund: "wz-sub-02" },
    zh: (p) => `认缴 ${p.commitment} 是对基金 ${p.fund} 的，而不是对 ${p.lpFund}`,
    en: (p) => `commitment ${p.commitment} is to fund ${p.fund}, not to ${p.lpFund}`
  }),
  "linkage-no-warrant": entry({
    example: { loan: "12" },
    zh: (p) => `贷款 ${p.loan} 未附认股权`,
    en: (p) => `loan ${p.loan} carries no warrant (认股权)`
  }),
  "linkage-warrant-expired": entry({
    example: { date: "2028-04-10" },
    zh: (p) => `晚于认股权的到期日 ${p.date}：已不能行权`,
    en: (p) => `is after the option's expiry on ${p.date}: it can no longer be exercised`
  }),
  "linkage-exercise-above-open": entry({
    example: { open: "3 %", option: "5 %", exercised: "2 %" },
    zh: (p) => `超过认股权尚未行权的比例 ${p.open}（认股权 ${p.option}，已行权 ${p.exercised}）`,
    en: (p) =>
      `exceeds the option's unexercised share ${p.open} (option ${p.option}, exercised ${p.exercised})`
  }),
  "linkage-exit-before-exercise": entry({
    example: { loan: "12", on: "2026-01-15" },
    zh: (p) => `贷款 ${p.loan} 的认股权在 ${p.on} 及之前没有行权：认股权须先行权后退出`,
    en: (p) =>
      `no exercise of loan ${p.loan}'s option is dated on or before ${p.on}: a warrant is exited only after it is exercised`
  }),
  "linkage-exercised-all-exited": entry({
    example: { on: "2026-01-15", exercised: "2 %" },
    zh: (p) => `截至 ${p.on} 已行权的部分（${p.exercised}）已全部退出`,
    en: (p) => `everything exercised by ${p.on} (${p.exercised}) was exited already`
  }),
  "linkage-exit-above-open": entry({
    example: { open: "1 %", on: "2026-01-15", exercised: "2 %", exited: "1 %" },
    zh: (p) =>
      `超过已行权但尚未退出的比例 ${p.open}（截至 ${p.on} 已行权 ${p.exercised}，已退出 ${p.exited}）`,
    en: (p) =>
      `exceeds the exercised share not yet exited ${p.open} (exercised by ${p.on} ${p.exercised}, exited ${p.exited})`
  }),
  "linkage-model-no-tier-table": entry({
    example: { model: "v2025" },
    zh: (p) => `模型 ${p.model} 没有分档表：请先登记分档表`,
    en: (p) => `model ${p.model} has no tier table: record one first`
  }),
  "linkage-score-above-max": entry({
    example: { max: "100" },
    zh: (p) => `超过模型的最高分 ${p.max}`,
    en: (p) => `is above the model's maximum score ${p.max}`
  }),
  "linkage-scored-after-disbursement": entry({
    example: { scoredOn: "2025-05-01", disbursedOn: "2025-04-10" },
    zh: (p) => `评分日期 ${p.scoredOn} 晚于放款日期 ${p.disbursedOn}`,
    en: (p) => `was scored on ${p.scoredOn}, after the disbursement on ${p.disbursedOn}`
  }),
  "linkage-no-score": entry({
    example: { enterprise: "鹿城甲科技 (91330302MA2AAAAA1X)", on: "2025-04-10" },
    zh: (p) => `${p.enterprise} 在 ${p.on} 及之前没有科创指数评分：请先登记评分`,
    en: (p) => `${p.enterprise} has no index score on or before ${p.on}: record one first`
  }),
  "linkage-score-below-tiers": entry({
    example: { total: "42", model: "v2025", scoredOn: "2025-03-01" },
    zh: (p) => `总分 ${p.total}（模型 ${p.model}，${p.scoredOn} 评分）低于所有分档：不符合科创指数贷条件`,
    en: (p) =>
      `the total ${p.total} (model ${p.model}, scored on ${p.scoredOn}) is below every tier: not eligible for an index loan`
  }),
  "linkage-above-credit-limit": entry({
    example: { limit: "5000000.00", tier: "A", model: "v2025", score: "88", scoredOn: "2025-03-01" },
    zh: (p) =>
      `超过档位 ${p.tier} 的授信额度 ${p.limit} 元（模型 ${p.model}，${p.scoredOn} 评分 ${p.score}）`,
    en: (p) =>
      `exceeds the credit limit ${p.limit} of tier ${p.tier} (model ${p.model}, score ${p.score} on ${p.scoredOn})`
  }),
  "linkage-above-credit-limit-total": entry({
    example: { snapshot: "4", total: "6000000.00", limit: "5000000.00", tier: "A", lent: "3000000.00" },
    zh: (p) =>
      `评分快照 ${p.snapshot} 项下有效的指数贷合计将达 ${p.total} 元，超过档位 ${p.tier} 的授信额度 ${p.limit} 元（已贷出 ${p.lent} 元）`,
    en: (p) =>
      `would take the live index loans on score snapshot ${p.snapshot} to ${p.total}, above the credit limit ${p.limit} of tier ${p.tier} (${p.lent} already lent on it)`
  }),
  "linkage-lead-not-city-fund": entry({
    example: { investment: "7", fund: "wz-sub-01", kind: "sub-fund" },
    zh: (p) => `投资 ${p.investment} 由 ${p.fund}（${p.kind}）作出：投投联动的领投须为市级基金的直投`,
    en: (p) =>
      `investment ${p.investment} was made by ${p.fund}, a ${p.kind}: the lead of a 投投联动 is a direct investment of the city fund`
  }),
  "linkage-lead-not-direct": entry({
    example: { investment: "7" },
    zh: (p) => `投资 ${p.investment} 不是市级基金的直投`,
    en: (p) => `investment ${p.investment} is not a direct investment (直投) of the city fund`
  }),
  "linkage-follow-city-fund": entry({
    example: { investment: "7" },
    zh: (p) => `投资 ${p.investment} 是市级基金自身的投资：跟投须来自子基金或社会资本`,
    en: (p) =>
      `investment ${p.investment} is the city fund's own: a follow-on comes from a sub-fund or social capital`
  }),
  "linkage-follow-dated-before-lead": entry({
    example: { on: "2025-03-01", leadOn: "2025-04-01" },
    zh: (p) => `日期为 ${p.on}，早于领投日期 ${p.leadOn}：跟投须在领投当日或之后`,
    en: (p) =>
      `is dated ${p.on}, before the lead investment on ${p.leadOn}: a follow-on comes on or after the lead`
  }),
  "linkage-before-lead": entry({
    example: { leadOn: "2025-04-01" },
    zh: (p) => `早于领投日期 ${p.leadOn}：跟投须在领投当日或之后`,
    en: (p) => `is before the lead investment on ${p.leadOn}: a follow-on comes on or after the lead`
  }),
  "linkage-pool-no-rule": entry({
    example: { pool: "relief-2025", on: "2025-06-01" },
    zh: (p) => `资金池 ${p.pool} 在 ${p.on} 没有生效的规则：请先登记规则`,
    en: (p) => `pool ${p.pool} has no rule in effect on ${p.on}: record one first`
  }),
  "linkage-insurer-above-sum-insured": entry({
    example: { policy: "3", total: "6000000.00", sumInsured: "5000000.00" },
    zh: (p) => `保单 ${p.policy} 的保险公司赔付合计将达 ${p.total} 元，超过保额 ${p.sumInsured} 元`,
    en: (p) =>
      `would take the insurer's payments on policy ${p.policy} to ${p.total}, above the sum insured ${p.sumInsured}`
  }),
  "linkage-policy-not-transfer": entry({
    example: { policy: "3", pilot: "投保联动", expected: "科技成果转化保险" },
    zh: (p) => `保单 ${p.policy} 是${p.pilot}保单：二次救济理赔仅适用于${p.expected}`,
    en: (p) => `policy ${p.policy} is a ${p.pilot} policy: claims with secondary relief are for ${p.expected}`
  }),
  "linkage-pool-kind": entry({
    example: { pool: "relief-2025", kind: "risk-compensation", expected: "relief" },
    zh: (p) =>
      `资金池 ${p.pool} 是${nounOf(`${p.kind}-pool`, "zh")}，不是${nounOf(`${p.expected}-pool`, "zh")}`,
    en: (p) => `pool ${p.pool} is a ${p.kind} pool, not a ${nounOf(`${p.expected}-pool`, "en")}`
  }),
  "linkage-pool-code": entry({
    example: {},
    zh: () => "须为资金池代码：最多 64 个字符的小写短名",
    en: () => "must be a pool code: a lowercase slug of at most 64 characters"
  }),
  "linkage-reverse-dependents-first": entry({
    example: { kind: "pool", id: "12", dependents: "claims", ids: "3, 4" },
    zh: (p) =>
      `${nounOf(p.kind, "zh")} ${p.id} 有有效的${nounOf(p.dependents, "zh")}（${p.ids}）：请先冲销它们`,
    en: (p) =>
      `${nounOf(p.kind, "en")} ${p.id} has live ${nounOf(p.dependents, "en")} (${p.ids}): reverse them first`
  }),
  "linkage-reverse-exits-first": entry({
    example: { loan: "12", ids: "5" },
    zh: (p) => `贷款 ${p.loan} 的认股权有有效的退出记录（${p.ids}）：请先冲销它们`,
    en: (p) => `loan ${p.loan}'s option has live exits (${p.ids}): reverse them first`
  }),
  "linkage-reverse-rule-claims-first": entry({
    example: { rule: "2", ids: "5, 6" },
    zh: (p) => `规则 ${p.rule} 已被有效的理赔（${p.ids}）采用：请先冲销它们`,
    en: (p) => `rule ${p.rule} was applied by live claims (${p.ids}): reverse them first`
  }),
  "linkage-reverse-deposit-shortfall": entry({
    example: { deposit: "4", pool: "relief-2025", balance: "-100000.00", on: "2025-06-01" },
    zh: (p) =>
      `没有存入 ${p.deposit}，资金池 ${p.pool} 在 ${p.on} 的余额将为 ${p.balance} 元（其理赔由此支付）：请先冲销那些理赔`,
    en: (p) =>
      `without deposit ${p.deposit}, pool ${p.pool} would stand at ${p.balance} on ${p.on} (its claims were paid from it): reverse them first`
  }),
  "linkage-tier-table-exists": entry({
    example: { model: "v2025", table: "3" },
    zh: (p) => `模型 ${p.model} 已有分档表（${p.table}）：请先冲销，或使用新的模型版本`,
    en: (p) =>
      `model ${p.model} already has a tier table (${p.table}): reverse it first, or use a new model version`
  }),
  "linkage-co-investment-exists": entry({
    example: { follow: "8", lead: "7", coInvestment: "2" },
    zh: (p) => `投资 ${p.follow} 已关联到领投 ${p.lead}（投投联动 ${p.coInvestment}）`,
    en: (p) => `investment ${p.follow} is already linked to lead ${p.lead} (co-investment ${p.coInvestment})`
  }),
  "linkage-pool-exists": entry({
    example: { code: "relief-2025" },
    zh: (p) => `代码为 ${p.code} 的资金池已存在`,
    en: (p) => `a pool with the code ${p.code} already exists`
  }),
  "linkage-pool-rule-exists": entry({
    example: { pool: "relief-2025", date: "2025-01-01", rule: "2" },
    zh: (p) => `资金池 ${p.pool} 已有自 ${p.date} 起生效的规则（${p.rule}）：请先冲销`,
    en: (p) => `pool ${p.pool} already has a rule effective from ${p.date} (rule ${p.rule}): reverse it first`
  }),
  "linkage-reversal-body": entry({
    example: {},
    zh: () => "请发送 JSON 对象 { kind, id, reason }",
    en: () => "send a JSON object { kind, id, reason }"
  }),
  "linkage-reversal-unknown-field": entry({
    example: {},
    zh: () => "不是冲销的字段",
    en: () => "is not a field of a reversal"
  }),
  "whole-number-above-zero": entry({
    example: {},
    zh: () => "须为大于 0 的整数",
    en: () => "must be a whole number greater than 0"
  }),
  "tiers-none": entry({
    example: {},
    zh: () => "分档表至少须有一档",
    en: () => "a tier table needs at least one tier"
  }),
  "tiers-too-many": entry({
    example: { max: "50" },
    zh: (p) => `分档表最多 ${p.max} 档`,
    en: (p) => `a tier table has at most ${p.max} tiers`
  }),
  // — Fund figures' queries (equity/metrics.ts) —
  "funds-none": entry({
    example: {},
    zh: () => "请至少指定一只基金",
    en: () => "name at least one fund"
  }),
  "quarter-format": entry({
    example: {},
    zh: () => "须为日历季度，如 2025Q4",
    en: () => 'must be a calendar quarter like "2025Q4"'
  }),
  "quarter-not-begun": entry({
    example: { quarter: "2026Q4", today: "2026-09-30" },
    zh: (p) => `${p.quarter} 尚未开始（今天是 ${p.today}）`,
    en: (p) => `${p.quarter} has not begun (today is ${p.today})`
  }),
  // — Why no IRR (finance/xirr.ts, equity/metrics.ts, accounts.ts, look-through.ts) —
  "irr-rate-too-large": entry({
    example: { unit: "year" },
    zh: (p) =>
      `使现金流现值为零的唯一收益率高于每${p.unit === "year" ? "年" : "期"} 1.8e308，超出数值所能表示的范围`,
    en: (p) =>
      `the only rate that makes the value of these flows zero is above 1.8e308 per ${p.unit}, beyond what a number can hold`
  }),
  "irr-rate-near-minus-100": entry({
    example: { unit: "year" },
    zh: (p) =>
      `使现金流现值为零的唯一收益率与每${p.unit === "year" ? "年" : "期"} −100 % 相差不到 1e-16，数值上无法与 −100 % 区分`,
    en: (p) =>
      `the only rate that makes the value of these flows zero is within 1e-16 of −100 % per ${p.unit}, which a number cannot tell from −100 %`
  }),
  "irr-no-root": entry({
    example: {},
    zh: () => "现金流有正有负，但没有高于 −100 % 的收益率能使其现值为零",
    en: () => "the cash flows change sign, but no rate above −100 % makes their value zero"
  }),
  "irr-no-sign-change": entry({
    example: {},
    zh: () => "现金流全为流入或全为流出：没有收益率能使其现值为零",
    en: () => "the cash flows never change sign: no rate makes their value zero"
  }),
  "irr-flows-cancel": entry({
    example: {},
    zh: () => "现金流逐日相互抵消：任何收益率下现值均为零，无从确定收益率",
    en: () =>
      "the cash flows cancel out date by date: their value is zero at every rate, so no rate stands out"
  }),
  "irr-netted-no-sign-change": entry({
    example: {},
    zh: () => "按日期合并后，现金流全为流入或全为流出：没有收益率能使其现值为零",
    en: () =>
      "after adding up the flows of each date, the cash flows never change sign: no rate makes their value zero"
  }),
  "irr-no-flows": entry({
    example: {},
    zh: () => "截至基准日没有现金流",
    en: () => "there are no cash flows up to the as-of date"
  }),
  "irr-no-nav-mark": entry({
    example: { asOf: "2025-12-31" },
    zh: (p) => `${p.asOf} 及之前没有净值估值：净 IRR 需以净值作为最后一笔现金流`,
    en: (p) => `no NAV mark on or before ${p.asOf}: the net IRR needs the NAV as its last flow`
  }),
  "irr-no-nav-share": entry({
    example: { asOf: "2025-12-31" },
    zh: (p) => `${p.asOf} 没有所占净值份额：IRR 需以其作为最后一笔现金流`,
    en: (p) => `no share of NAV on ${p.asOf}: the IRR needs it as its last flow`
  }),
  "irr-no-look-through-nav": entry({
    example: { asOf: "2025-12-31" },
    zh: (p) => `${p.asOf} 没有穿透净值：净 IRR 需以其作为最后一笔现金流`,
    en: (p) => `no look-through NAV on ${p.asOf}: the net IRR needs it as its last flow`
  }),
  // — Field checks of the input Schemas (said with `checkMessage`) —
  "text-empty": entry({
    example: { what: "the pledgor's name" },
    zh: () => "不能为空",
    en: (p) => `${p.what} must not be empty`
  }),
  "text-too-long": entry({
    example: { what: "the pledgor's name", max: "200" },
    zh: (p) => `最多 ${p.max} 个字符`,
    en: (p) => `${p.what} must have at most ${p.max} characters`
  }),
  "amount-text-empty": entry({
    example: {},
    zh: () => "没有填写金额",
    en: () => "the text is empty"
  }),
  "amount-two-minus": entry({
    example: {},
    zh: () => "有不止一个负号",
    en: () => "it has more than one minus sign"
  }),
  "amount-no-number": entry({
    example: {},
    zh: () => "其中没有数字",
    en: () => "there is no number in it"
  }),
  "amount-not-finite": entry({
    example: {},
    zh: () => "不是一个有限的数",
    en: () => "it is not a finite number"
  }),
  "amount-exponent": entry({
    example: {},
    zh: () => "不接受科学计数法（如 1e5）：请写出全部数字",
    en: () => "exponent notation (like 1e5) is not accepted: write the digits out"
  }),
  "amount-space": entry({
    example: {},
    zh: () => "数字中间有空格：请去掉空格",
    en: () => "there is a space inside the number: write the digits without spaces"
  }),
  "amount-minus-position": entry({
    example: {},
    zh: () => "负号只能写在最前面",
    en: () => "a minus sign may only come first"
  }),
  "amount-unit-position": entry({
    example: { unit: "万" },
    zh: (p) => `单位“${p.unit}”只能写在数字后面`,
    en: (p) => `the unit ${p.unit} may only come at the end, after the number`
  }),
  "amount-currency-position": entry({
    example: { sign: "¥" },
    zh: (p) => `货币符号“${p.sign}”只能写在最前面`,
    en: (p) => `the currency sign ${p.sign} may only come first`
  }),
  "amount-two-points": entry({
    example: {},
    zh: () => "有不止一个小数点",
    en: () => "it has more than one decimal point"
  }),
  "amount-digit-before-point": entry({
    example: {},
    zh: () => "小数点前须有数字（写 0.5，不写 .5）",
    en: () => "a digit must come before the decimal point (write 0.5, not .5)"
  }),
  "amount-digit-after-point": entry({
    example: {},
    zh: () => "小数点后须有数字",
    en: () => "a digit must follow the decimal point"
  }),
  "amount-separator-in-fraction": entry({
    example: {},
    zh: () => "小数点后不能有千分位分隔符",
    en: () => "thousands separators cannot come after the decimal point"
  }),
  "amount-separator-groups": entry({
    example: {},
    zh: () => "千分位分隔符须把整数部分每三位分开（如 1,234,567.89）",
    en: () => "thousands separators must split the whole yuan into groups of three digits (like 1,234,567.89)"
  }),
  "amount-too-many-digits": entry({
    example: { max: "15" },
    zh: (p) => `整数部分超过 ${p.max} 位（最大金额为 999,999,999,999,999.99）`,
    en: (p) => `it has more than ${p.max} digits of whole yuan (the largest amount is 999,999,999,999,999.99)`
  }),
  "amount-positive": entry({
    example: {},
    zh: () => "须大于零",
    en: () => "must be greater than zero"
  }),
  "registration-no-format": entry({
    example: {},
    zh: () => "须为 6 至 40 位大写字母、数字或连字符，如 Y2025330000123",
    en: () => "must be 6 to 40 capital letters, digits or hyphens, e.g. Y2025330000123"
  }),
  "patents-none": entry({
    example: {},
    zh: () => "至少须出质一项专利",
    en: () => "at least one patent must be pledged"
  }),
  "patents-too-many": entry({
    example: { max: "1000" },
    zh: (p) => `每笔登记最多 ${p.max} 项专利`,
    en: (p) => `at most ${p.max} patents per registration`
  }),
  "patents-twice": entry({
    example: {},
    zh: () => "有专利重复列出",
    en: () => "a patent is listed twice"
  }),
  // — Dates —
  "date-format": entry({
    example: {},
    zh: () => "须为 YYYY-MM-DD 格式的日期，如 2025-01-31",
    en: () => "must be a date written YYYY-MM-DD, like 2025-01-31"
  }),
  "date-year-zero": entry({
    example: {},
    zh: () => "没有 0000 年（年份从 0001 起）",
    en: () => "has no year 0000 (years run from 0001)"
  }),
  "date-month": entry({
    example: { month: "13" },
    zh: (p) => `没有 ${p.month} 月（月份为 01 至 12）`,
    en: (p) => `has no month ${p.month} (months run from 01 to 12)`
  }),
  "date-day": entry({
    example: { yearMonth: "2025-02", days: "28", day: "29" },
    zh: (p) => `不是真实日期：${p.yearMonth} 只有 ${p.days} 天，没有 ${p.day} 日`,
    en: (p) => `is not a real date: ${p.yearMonth} has ${p.days} days, so there is no day ${p.day}`
  }),
  "date-after-today": entry({
    example: { today: "2026-12-06" },
    zh: (p) => `不得晚于今天（${p.today}）`,
    en: (p) => `must not be after today (${p.today})`
  }),
  // — Filters and queries —
  "to-before-from": entry({
    example: { from: "2026-01-01" },
    zh: (p) => `结束日期不得早于开始日期（${p.from}）`,
    en: (p) => `must not be before from (${p.from})`
  }),
  "to-year-before-from-year": entry({
    example: { fromYear: "2025" },
    zh: (p) => `结束年份不得早于开始年份（${p.fromYear}）`,
    en: (p) => `must not be before fromYear (${p.fromYear})`
  }),
  "max-below-min": entry({
    example: { min: "1000000.00" },
    zh: (p) => `不得小于最低金额（${p.min}）`,
    en: (p) => `must not be less than minAmount (${p.min})`
  }),
  "whole-number-range": entry({
    example: { min: "1", max: "500" },
    zh: (p) => `须为 ${p.min} 至 ${p.max} 的整数`,
    en: (p) => `must be a whole number from ${p.min} to ${p.max}`
  }),
  "whole-number-at-least": entry({
    example: { min: "0" },
    zh: (p) => `须为不小于 ${p.min} 的整数`,
    en: (p) => `must be a whole number of at least ${p.min}`
  }),
  "whole-number-from": entry({
    example: { min: "0" },
    zh: (p) => `须为不小于 ${p.min} 的整数`,
    en: (p) => `must be a whole number from ${p.min}`
  }),
  "characters-at-least": entry({
    example: { min: "12" },
    zh: (p) => `至少 ${p.min} 个字符`,
    en: (p) => `must have at least ${p.min} characters`
  }),
  "characters-at-most": entry({
    example: { max: "64" },
    zh: (p) => `至多 ${p.max} 个字符`,
    en: (p) => `must have at most ${p.max} characters`
  }),
  "not-empty": entry({
    example: {},
    zh: () => "不能为空",
    en: () => "must not be empty"
  }),
  "not-negative": entry({
    example: {},
    zh: () => "不得为负数",
    en: () => "must not be negative"
  }),
  "months-range": entry({
    example: { min: "1", max: "600" },
    zh: (p) => `须为 ${p.min} 到 ${p.max} 之间的整月数`,
    en: (p) => `must be a whole number of months from ${p.min} to ${p.max}`
  }),
  "login-shape": entry({
    example: {},
    zh: () => "须为 3 到 40 个小写字母、数字、点、连字符或下划线，以字母开头",
    en: () =>
      "must be 3 to 40 lowercase letters, digits, dots, hyphens or underscores, starting with a letter"
  }),
  "annual-rate-fraction": entry({
    example: {},
    zh: () => "须为大于 0、小于 1 的年利率：年利率 3.85% 写作 3.85% 或 0.0385（不带 % 的数按小数读）",
    en: () =>
      "must be an annual rate above 0 and below 1: write 3.85% or 0.0385 for 3.85 % a year (a bare number is a fraction of one)"
  }),
  "id-of": entry({
    example: { what: "a loan" },
    zh: (p) =>
      `须为${({ "a registration": "质押登记", "a loan": "贷款", "a disposal": "处置", "an event": "事件" } as Record<string, string>)[p.what] ?? "记录"}的编号（大于 0 的整数）`,
    en: (p) => `must be the id of ${p.what}: a whole number greater than 0`
  }),
  "number-at-most": entry({
    example: { max: "1000000" },
    zh: (p) => `不得大于 ${p.max}`,
    en: (p) => `must be at most ${p.max}`
  }),
  "year-range": entry({
    example: { min: "1", max: "9999" },
    zh: (p) => `须为 ${p.min} 至 ${p.max} 的年份`,
    en: (p) => `must be a year from ${p.min} to ${p.max}`
  }),
  "quarter-range": entry({
    example: { min: "1", max: "4" },
    zh: (p) => `须为 ${p.min} 至 ${p.max} 的季度`,
    en: (p) => `must be a quarter from ${p.min} to ${p.max}`
  }),
  "month-range": entry({
    example: { min: "1", max: "12" },
    zh: (p) => `须为 ${p.min} 至 ${p.max} 的月份`,
    en: (p) => `must be a month from ${p.min} to ${p.max}`
  }),
  "period-forms-combined": entry({
    example: {
      first: "year",
      forms: "year (+ quarter or month), from + to, fromYear + toYear, or period=plan"
    },
    zh: (p) => `不能与 ${p.first} 同时使用：期间只能用一种写法（${p.forms}）`,
    en: (p) => `cannot be combined with ${p.first}: ${p.forms}`
  }),
  "required-with": entry({
    example: { other: "quarter" },
    zh: (p) => `与 ${p.other} 一起使用时必填`,
    en: (p) => `is required with ${p.other}`
  }),
  "month-with-quarter": entry({
    example: {},
    zh: () => "不能与季度同时使用：二者选其一",
    en: () => "cannot be combined with quarter: give one or the other"
  }),
  "period-plan": entry({
    example: {},
    zh: () => "须为 plan（行动计划期间 2025–2027）",
    en: () => "must be plan (the action plan's span, 2025–2027)"
  }),
  "one-of": entry({
    example: { allowed: "registered, changed, released, cancelled" },
    zh: (p) => `须为以下之一：${p.allowed}`,
    en: (p) => `must be one of ${p.allowed}`
  }),
  "text-control-character": entry({
    example: { char: "U+0009", position: "3" },
    zh: (p) => `不能含控制字符（第 ${p.position} 个字符是 ${p.char}）`,
    en: (p) => `must not contain control characters (${p.char} at position ${p.position})`
  }),
  "query-repeated": entry({
    example: { count: "2" },
    zh: (p) => `出现了 ${p.count} 次：只能给一次`,
    en: (p) => `is given ${p.count} times: give it once`
  }),
  "query-unknown-parameter": entry({
    example: { allowed: "limit, offset, status" },
    zh: (p) => `不是可用的参数（可用：${p.allowed}）`,
    en: (p) => `unknown parameter (allowed: ${p.allowed})`
  }),
  "json-key-twice": entry({
    example: {},
    zh: () => "在同一个对象中出现了两次：只能给一次",
    en: () => "is given twice in one object: give it once"
  }),
  "query-required": entry({
    example: {},
    zh: () => "必填",
    en: () => "is required"
  }),
  "query-date": entry({
    example: {},
    zh: () => "须为 YYYY-MM-DD 格式的真实日期",
    en: () => "must be a real date written YYYY-MM-DD"
  }),
  "query-boolean": entry({
    example: {},
    zh: () => "须为 true 或 false",
    en: () => "must be true or false"
  }),
  "query-uscc": entry({
    example: {},
    zh: () => "须为有效的统一社会信用代码（18 位）",
    en: () => "must be a valid unified social credit code (18 characters)"
  }),
  "list-no-search": entry({
    example: {},
    zh: () => "此列表不支持搜索",
    en: () => "this list has no search"
  }),
  "list-no-other-order": entry({
    example: {},
    zh: () => "此列表没有其他排序",
    en: () => "this list has no other order"
  }),
  "non-empty-text": entry({
    example: {},
    zh: () => "须为非空文字",
    en: () => "must be non-empty text"
  }),
  "uscc-invalid": entry({
    example: {},
    zh: () => "须为有效的统一社会信用代码",
    en: () => "must be a valid unified social credit code"
  }),
  // — Currencies and exchange rates (money/currencies.ts, equity/rates.ts) —
  "currency-not-iso": entry({
    example: { what: "the currency", code: "ZZZ" },
    zh: (p) => `“${p.code}”不是现行的 ISO 4217 货币代码（如 USD、EUR、HKD）`,
    en: (p) => `${p.what} ${p.code} is not a current ISO 4217 currency code (like USD, EUR, HKD)`
  }),
  "currency-capitals": entry({
    example: { what: "the currency", code: "EUR" },
    zh: (p) => `货币代码须用大写字母：${p.code}`,
    en: (p) => `${p.what} must be written in capitals: ${p.code}`
  }),
  "currency-withdrawn": entry({
    example: { what: "the currency", code: "ANG", replacement: "XCG" },
    zh: (p) => `${p.code} 已不是现行的 ISO 4217 货币代码（已由 ${p.replacement} 取代）`,
    en: (p) => `${p.what} ${p.code} is no longer a current ISO 4217 code (replaced by ${p.replacement})`
  }),
  "currency-not-foreign": entry({
    example: { what: "the currency" },
    zh: () => "须为人民币以外的货币：人民币金额即记录本身的金额",
    en: (p) => `${p.what} must be a currency other than CNY: the yuan amount is the record's own amount`
  }),
  "fx-amount-mismatch": entry({
    example: {
      yuanField: "amount",
      amount: "1",
      currency: "USD",
      rate: "7",
      converted: "7.00",
      yuan: "350000000.00",
      direction: "short",
      difference: "349999993.00",
      exact: "50000000"
    },
    zh: (p) =>
      `外币金额 × 汇率 = ${p.amount} ${p.currency} × ${p.rate} = ${p.converted} 元（四舍五入到分），但 ${p.yuanField} 为 ${p.yuan} 元：${p.direction === "short" ? "少" : "多"} ${p.difference} 元` +
      (p.exact === "" ? "" : `；按此汇率 ${p.exact} ${p.currency} 才等于 ${p.yuan} 元`),
    en: (p) =>
      `fx.amount × fx.rate = ${p.amount} ${p.currency} × ${p.rate} = ${p.converted} yuan (rounded half up to the fen), but ${p.yuanField} is ${p.yuan} yuan: ${p.direction} by ${p.difference} yuan` +
      (p.exact === "" ? "" : `; ${p.exact} ${p.currency} at this rate would give ${p.yuan}`)
  }),
  "fx-rate-duplicate": entry({
    example: { currency: "USD", on: "2025-06-30", source: "CFETS 中间价" },
    zh: (p) => `${p.currency} 在 ${p.on} 已有来源为 ${p.source} 的有效汇率：更正请先冲销`,
    en: (p) =>
      `a live ${p.currency} rate of ${p.on} from ${p.source} is recorded already: reverse it to correct it`
  }),
  "note-fund-currency-rate-missing": entry({
    example: { currency: "USD", dates: "2025-03-01, 2025-06-30" },
    zh: (p) =>
      `${p.dates} 的记录没有 ${p.currency} 外币金额，汇率表中也没有当日或之前的汇率：基金货币口径的数字无法计算`,
    en: (p) =>
      `entries of ${p.dates} carry no ${p.currency} amount and the rate table has no rate on or before their date: the figures in the fund's currency are not available`
  }),
  "fund-terms-catch-up": entry({
    example: {},
    zh: () => "追赶比例须为 0（无追赶）或大于附带收益比例（且不超过 1）",
    en: () => "must be 0 (no catch-up) or above the carry (and at most 1)"
  }),
  "fund-terms-period-end": entry({
    example: { vintage: "2025-01-01" },
    zh: (p) => `投资期结束日须晚于基金成立日 ${p.vintage}`,
    en: (p) => `the end of the investment period must be after the fund's vintage ${p.vintage}`
  }),
  // — Notes under figures —
  "note-no-nav-mark": entry({
    example: { asOf: "2026-06-30", funds: "wz-seed, wz-angel" },
    zh: (p) => `${p.funds} 在 ${p.asOf} 及之前没有净值记录：净值、RVPI、TVPI 和净 IRR 无法计算`,
    en: (p) =>
      `no NAV mark on or before ${p.asOf} for ${p.funds}: NAV, RVPI, TVPI and the net IRR are not available`
  }),
  "note-lp-no-nav-mark": entry({
    example: { asOf: "2026-06-30" },
    zh: (p) => `${p.asOf} 及之前没有净值记录：各 LP 的净值份额、RVPI、TVPI 和 IRR 无法计算`,
    en: (p) =>
      `no NAV mark on or before ${p.asOf}: the LPs' shares of NAV, RVPI, TVPI and IRR are not available`
  }),
  "note-lp-unattributed": entry({
    example: { amount: "1000000.00" },
    zh: (p) => `任何认缴之前分配的 ${p.amount} 元不归属于任何 LP`,
    en: (p) => `${p.amount} distributed before any commitment is attributed to no LP`
  }),
  "note-lp-nothing-called": entry({
    example: {},
    zh: () => "尚无实缴：净值无法按实缴资本分摊",
    en: () => "nothing is called: the NAV cannot be shared by called capital"
  }),
  "note-nav-negative": entry({
    example: { fund: "wz-seed", on: "2026-03-31", adjusted: "-1000.00" },
    zh: (p) =>
      `${p.fund}：${p.on} 净值记录后的分配超过该净值与其后实缴之和（调整后净值 ${p.adjusted}）：请记录新的净值`,
    en: (p) =>
      `${p.fund}: distributions since the mark of ${p.on} exceed the mark and the calls since (adjusted NAV ${p.adjusted}): record a new NAV mark`
  }),
  "note-nothing-paid-in": entry({
    example: {},
    zh: () => "尚无实缴：DPI、RVPI 和 TVPI 无定义",
    en: () => "nothing is paid in: DPI, RVPI and TVPI are not defined"
  }),
  "note-unvalued-holdings": entry({
    example: { count: "2", asOf: "2026-06-30" },
    zh: (p) => `${p.count} 项持仓在 ${p.asOf} 及之前没有估值，按剩余成本计`,
    en: (p) => `${p.count} holding(s) have no valuation on or before ${p.asOf} and count at remaining cost`
  }),
  // — The dashboard's and the monthly report's explanatory sentences (ui pledges/, records/, equity/, targets/,
  // city-fund/, linkage/, alerts/, forms/post-form.tsx, reports/vocabulary.ts): notes under figures and lists,
  // how a rule or a formula counts, what a form holds, what a closed or empty page says, a write done —
  // Sentences with a figure or a link in them (ui `catalogueNodes`: each part stands where its name does).
  "city-fund-look-through-note": entry({
    example: { internal: "12.5亿", asOf: "2026-06-30" },
    zh: (p) =>
      `穿透口径：每一元只计一次（市基金对子基金的出资 ${p.internal} 不重复计入）。放大倍数 = 规模 ÷ 政府出资；社会资本倍数 =（规模 − 政府出资）÷ 政府出资。 · 截至 ${p.asOf}`,
    en: (p) =>
      `Look-through: each yuan counted once (money the city fund passes down to a sub-fund, ${p.internal}, is not counted again). Leverage = size / government; social-capital multiple = (size − government) / government. · As of ${p.asOf}`
  }),
  "city-fund-origin-internal-note": entry({
    example: { internal: "3.2亿" },
    zh: (p) =>
      `基金之间的出资已计入来源方，不重复计入：${p.internal}。温商回归资金：温商对注册在温州的基金的认缴。`,
    en: (p) =>
      `A fund's commitment to another fund moves money already counted and is left out: ${p.internal}. Wenzhou-merchant capital back in Wenzhou: commitments of Wenzhou merchants to funds registered in Wenzhou.`
  }),
  "fund-nav-mark-of": entry({
    example: { date: "2026-06-30" },
    zh: (p) => `(${p.date} 估值)`,
    en: (p) => `(mark of ${p.date})`
  }),
  "fund-nav-basis": entry({
    example: { date: "2026-06-30", mark: "1.2亿", flows: " + calls 3,000万" },
    zh: (p) => `(依据 ${p.date} 估值，按其后现金流调整：${p.mark}${p.flows})`,
    en: (p) => `(based on the mark of ${p.date} adjusted by flows since: ${p.mark}${p.flows})`
  }),
  "fund-nav-plus-calls": entry({
    example: { amount: "3,000万" },
    zh: (p) => ` + 实缴 ${p.amount}`,
    en: (p) => ` + calls ${p.amount}`
  }),
  "fund-nav-less-distributions": entry({
    example: { amount: "500万" },
    zh: (p) => ` − 分配 ${p.amount}`,
    en: (p) => ` − distributions ${p.amount}`
  }),
  "panel-needs-script": entry({
    example: { link: "open this panel on its own" },
    zh: (p) => `本页用 JavaScript 加载并刷新各面板；未启用时可${p.link}。`,
    en: (p) => `This dashboard loads and refreshes its panels with JavaScript. Without it, ${p.link}.`
  }),
  "period-year-to-date": entry({
    example: { period: "2026-01-01 – 2026-06-30" },
    zh: (p) => `本年 ${p.period}`,
    en: (p) => `Year to date ${p.period}`
  }),
  "period-chosen": entry({
    example: { period: "2026-01-01 – 2026-06-30" },
    zh: (p) => `期间 ${p.period}`,
    en: (p) => `Period ${p.period}`
  }),
  "period-chosen-under-bar": entry({
    example: { period: "2026-01-01 – 2026-06-30" },
    zh: (p) => `进度条下方的数字按所选期间：${p.period}`,
    en: (p) => `The figures under the bar cover the period chosen: ${p.period}`
  }),
  "pledge-breakdown-note": entry({
    example: {
      period: "Year to date 2026-01-01 – 2026-06-30",
      comparison: "YoY against 2025-01-01 – 2025-06-30"
    },
    zh: (p) => `${p.period}；${p.comparison}；同一企业在多个分组登记时各计一次。`,
    en: (p) => `${p.period}; ${p.comparison}; an enterprise with registrations in two groups counts in each.`
  }),
  // The comparison of a note under figures: 环比 / 同比 with the period compared (ui dashboard/period.tsx).
  "compare-previous-period": entry({
    example: { period: "2025-07-01 – 2025-12-31" },
    zh: (p) => `环比对照（上一期） ${p.period}`,
    en: (p) => `against the previous period, ${p.period}`
  }),
  "compare-year-earlier": entry({
    example: { period: "2025-01-01 – 2025-06-30" },
    zh: (p) => `同比对照 ${p.period}`,
    en: (p) => `against the same days a year earlier, ${p.period}`
  }),
  "pledge-progress-note": entry({
    example: { period: "本年 2026-01-01 至 2026-06-30", comparison: "同比对照 2025-01-01 至 2025-06-30" },
    zh: (p) => `${p.period}，${p.comparison}`,
    en: (p) => `${p.period}, growth ${p.comparison}`
  }),
  "pledge-target-period": entry({
    example: { from: "2025-01-01", to: "2027-12-31" },
    zh: (p) => `目标期间 ${p.from} 至 ${p.to}`,
    en: (p) => `the target counts ${p.from} – ${p.to}`
  }),
  "pledge-counting-rule": entry({
    example: {},
    zh: () =>
      "口径：质押融资额为登记日期在期内的质押登记的被担保主债权数额之和，各按期末有效的数额计（变更自变更日起计）；已撤销的登记不计，已注销（解除）的照计；已冲销的记录不计。",
    en: () =>
      "Rule: the financing of a period is the sum of the secured amounts of the registrations registered in it, each at the amount in force at the period's end (a change counts from its date); cancelled registrations count nothing, released ones count; reversed records count nothing."
  }),
  "pledge-pace-line-note": entry({
    example: {},
    zh: () => "虚线为达标所需的均匀进度：目标 × 期初至该月末的天数 ÷ 期间总天数。",
    en: () =>
      "The dashed line is the even pace that reaches the target: target × days from the period's start to the month's end ÷ days in the period."
  }),
  "pledge-counting-list-note": entry({
    example: {},
    zh: () =>
      "只列计入融资额的登记（已撤销、已冲销的不计）；合计按截止日期有效的担保金额（含此前的变更），表中金额为登记金额。",
    en: () =>
      "Only registrations that count toward the financing (cancelled and reversed ones count nothing); the total takes each at the secured amount in force on the end date (changes up to it included), the table shows registered amounts."
  }),
  "pledge-correction-note": entry({
    example: {},
    zh: () => "下表已按被冲销登记的原值填好：改正有误之处后登记。",
    en: () => "The form holds the reversed registration's values: correct what was wrong, then record it."
  }),
  "record-recorded": entry({
    example: {},
    zh: () => "已登记。",
    en: () => "Recorded."
  }),
  "record-reverses-only": entry({
    example: {},
    zh: () =>
      "冲销只冲销本记录，不连带冲销其他记录：冲销后它不计入任何合计和数据，但保留在列表（含已冲销）和历史中。",
    en: () =>
      "Reversing takes out this record only, nothing else: it then counts in no total or figure, and stays in the lists (with reversed ones) and in its history."
  }),
  "record-correction-note": entry({
    example: {},
    zh: () => "下表已按被冲销记录的原值填好：改正有误之处后登记。",
    en: () => "The form holds the reversed record's values: correct what was wrong, then record it."
  }),
  "record-reversed": entry({
    example: {},
    zh: () => "已冲销。",
    en: () => "Reversed."
  }),
  "record-no-single-read": entry({
    example: {},
    zh: () => "此类记录没有单条查询，详见列表。",
    en: () => "This kind has no read of one record; see the list."
  }),
  "form-correct-marked": entry({
    example: {},
    zh: () => "请更正下列标出的内容。",
    en: () => "Please correct the fields marked below."
  }),
  "fund-lp-statement-explanation": entry({
    example: {},
    zh: () =>
      "余额 = 出资人所占基金净值份额（最近估值滚动调整，按实缴比例分摊）。期末余额 = 期初余额 + 本期实缴 − 本期分配 + 净值变动。",
    en: () =>
      "Balance = the LP's share of the fund's NAV (rolled forward from the latest mark, shared by called capital). Closing = opening + calls − distributions + NAV change."
  }),
  "fund-lp-accounts-explanation": entry({
    example: {},
    zh: () =>
      "净值份额 = 基金滚动净值按实缴比例分摊；整体登记的分配按当日实缴比例分摊；各份额按最大余额法取整到分，合计等于基金数。各出资人IRR：其实缴、分配及净值份额（实际天数/365）。",
    en: () =>
      "NAV share = the fund's NAV rolled forward, shared by called capital; a distribution recorded for the whole fund is shared by paid-in capital on its date; every share is rounded to the fen by largest remainder, so the LPs add up to the fund. IRR per LP: its calls, distributions and NAV share (Actual/365)."
  }),
  "fund-enterprise-not-registered": entry({
    example: {},
    zh: () => "企业未登记？先登记企业",
    en: () => "Enterprise not registered? Register it"
  }),
  "target-reported-note": entry({
    example: {},
    zh: () =>
      "人工上报或导入的指标（如全市创新投入、R&D 投入强度），按期间内最新上报值计入目标；录入有误请冲销后重新上报。",
    en: () =>
      "Measures reported by hand or imported (innovation input, R&D intensity): a target reads the latest value reported in its period; a wrong value is reversed and reported again."
  }),
  "report-partial-month": entry({
    example: {},
    zh: () => "本月尚未结束：数据截至今日。",
    en: () => "The month is not over yet: figures are as of today."
  }),
  "report-forbidden": entry({
    example: {},
    zh: () => "您的角色无权查看总览。",
    en: () => "Your role may not read the dashboard."
  }),
  "report-target-pace-note": entry({
    example: {},
    zh: () => "所需进度 = 还差 ÷ 剩余整月数（不足一月时按周或按天）；预计完成日按近12个月月均进度推算。",
    en: () =>
      "Pace needed = gap ÷ whole months left (per week or per day when less than a month is left); the projected date assumes the last 12 months' monthly run rate."
  }),
  "report-breakdown-ranked": entry({
    example: {},
    zh: () => "按本月质押金额排序（相同时按本年累计金额）；同比为与上年同月（同期）相比，上年为零时记“—”。",
    en: () =>
      "Ranked by the month's amount (then by the year-to-date amount); YoY compares with the same month (period) a year earlier, “—” where that was zero."
  }),
  "report-breakdown-pledgee-rule": entry({
    example: {},
    zh: () => "按质押登记的质权人统计（担保公司为质权人时按担保公司计）。",
    en: () => "By the registration's pledgee (a guarantor when it is the pledgee)."
  }),
  "report-no-city-fund": entry({
    example: {},
    zh: () => "尚未登记市科创基金。",
    en: () => "No city fund is recorded yet."
  }),
  "report-direct-withheld": entry({
    example: {},
    zh: () => "项目明细仅限市科创基金管理人及监管部门查看。",
    en: () => "The list of projects is for the city fund's managers and the bureau."
  }),
  "report-amounts-unit-note": entry({
    example: {},
    zh: () => "金额单位：万元（显示保留两位小数；XLSX 版以元为单位，精确到分）。",
    en: () => "Amounts in 10k yuan, shown to two decimals; the XLSX holds them in yuan, exact to the fen."
  }),
  "fund-metrics-formulas": entry({
    example: {},
    zh: () =>
      "DPI = 分配 ÷ 实缴；RVPI = 净值 ÷ 实缴；TVPI =（分配 + 净值）÷ 实缴；净值 = 最近估值 + 其后实缴 − 其后分配；MOIC =（退出所得 + 公允价值）÷ 投资成本；IRR 按实际天数/365。",
    en: () =>
      "DPI = distributions / paid-in; RVPI = NAV / paid-in; TVPI = (distributions + NAV) / paid-in; NAV = last mark + calls − distributions since it; MOIC = (proceeds + fair value) / cost; IRR Actual/365."
  }),
  "look-through-rule": entry({
    example: {},
    zh: () =>
      "穿透口径：净值记录只计基金直接持有的资产；所持子基金份额按实缴比例计入子基金净值，逐级穿透；基金之间的资金往来只计一次。",
    en: () =>
      "Look-through: a NAV mark values what a fund holds directly; each stake in a sub-fund counts at its share of the sub-fund's NAV (by called capital), further levels seen through the same way. Money moving between the funds is counted once."
  }),
  "target-progress-formulas": entry({
    example: {},
    zh: () =>
      "所需进度 =（目标 − 已完成）÷ 剩余整月数，不足一个整月时按周、按日计；预计达成日按近12个月的进度推算；期末预计值按期内日均推算（已完成 × 期间天数 ÷ 已过天数）。",
    en: () =>
      "Needed = (target − value) / whole months left, or per week / per day when less than a whole month is left; projected date at the pace of the last 12 months; period-end value at the period-to-date daily average (value × days of the period / days so far)."
  }),
  "city-fund-project-rule": entry({
    example: {},
    zh: () => "同一企业同一年度的多笔投资计为一个项目。",
    en: () => "A project is one enterprise in one year: several tranches into it count once."
  }),
  "city-fund-leverage-formulas": entry({
    example: {},
    zh: () =>
      "放大倍数 = 子基金规模 ÷ 政府出资（财政 + 国资，含市基金出资）；返投倍数 = 投资温州企业金额 ÷ 市基金认缴；完成率 = 返投倍数 ÷ 要求倍数。",
    en: () =>
      "Leverage = sub-fund size / government money (fiscal + state-owned, the city fund's included); local reinvestment multiple = invested in Wenzhou enterprises / the city fund's commitment; completion = multiple / required."
  }),
  "linkage-bonds-apart": entry({
    example: {},
    zh: () => "科技创新债券另列（见上表），不计入图表。",
    en: () => "Sci-tech bonds are listed apart (in the table above), not in the chart."
  }),
  "pledge-reversal-number-free": entry({
    example: { registrationNo: "Y2026330000123" },
    zh: (p) => `冲销后可用登记号 ${p.registrationNo} 登记更正后的记录。`,
    en: (p) => `The number ${p.registrationNo} can then be used to record the corrected registration.`
  }),
  "pledge-reversed-counts-nothing": entry({
    example: {},
    zh: () => "本登记已冲销，不计入任何统计。",
    en: () => "This registration was reversed. It counts in no figure."
  }),
  "pledge-reversed-by": entry({
    example: { actor: "bank-wz", at: "2026-06-30 14:05", reason: "金额录错" },
    zh: (p) => `本登记已于 ${p.at}（北京时间）由 ${p.actor} 冲销（原因：${p.reason}），不计入任何统计。`,
    en: (p) =>
      `This registration was reversed by ${p.actor} at ${p.at} (Beijing time): ${p.reason}. It counts in no figure.`
  }),
  "pledge-breakdown-none": entry({
    example: { from: "2026-01-01", to: "2026-06-30" },
    zh: (p) => `${p.from} 至 ${p.to} 暂无质押登记。`,
    en: (p) => `No registrations ${p.from} – ${p.to}.`
  }),
  "fund-quarter-running": entry({
    example: { closingOn: "2026-11-15" },
    zh: (p) => `本季度尚未结束：期末余额截至 ${p.closingOn}。`,
    en: (p) => `The quarter runs: closing balances as of ${p.closingOn}.`
  }),
  "alerts-none": entry({
    example: {},
    zh: () => "暂无需要关注的事项。",
    en: () => "Nothing needs attention."
  }),
  "fund-ledger-list-manager-only": entry({
    example: {},
    zh: () => "台账仅对本基金的管理人开放。",
    en: () => "The ledger is open to this fund's manager only."
  }),
  "linkage-latest-records": entry({
    example: { count: "20" },
    zh: (p) => `最近 ${p.count} 条有效记录；理赔金额为资金池支付额。`,
    en: (p) => `The latest ${p.count} live records; claims show what the pool paid.`
  }),
  "linkage-latest-records-as-of": entry({
    example: { count: "20", asOf: "2026-06-30" },
    zh: (p) => `最近 ${p.count} 条有效记录（截至 ${p.asOf}）；理赔金额为资金池支付额。`,
    en: (p) => `The latest ${p.count} live records up to ${p.asOf}; claims show what the pool paid.`
  }),
  "fund-page-write-forbidden": entry({
    example: {},
    zh: () => "您无权登记此基金的记录。",
    en: () => "Your role may not write to this fund."
  }),
  "fund-page-not-found": entry({
    example: {},
    zh: () => "没有这个基金。",
    en: () => "No such fund."
  }),
  "fund-created": entry({
    example: { name: "温州天使基金", code: "wz-angel-1" },
    zh: (p) => `已新建基金 ${p.name}（${p.code}）。`,
    en: (p) => `Created fund ${p.name} (${p.code}).`
  }),
  "fund-entry-recorded": entry({
    example: { what: "实缴", id: "12" },
    zh: (p) => `已登记${p.what} #${p.id}。`,
    en: (p) => `Recorded: ${p.what} #${p.id}.`
  }),
  "fund-pro-rata-recorded": entry({
    example: { what: "实缴", amount: "1,000,000.00", lps: "2", entries: "#12, #13" },
    zh: (p) => `已按比例登记${p.what} ${p.amount}，共 ${p.lps} 位出资人（${p.entries}）。`,
    en: (p) =>
      `Recorded: pro-rata ${p.what.toLowerCase()} of ${p.amount} across ${p.lps} LP(s) (${p.entries}).`
  }),
  "fund-status-recorded": entry({
    example: { status: "投资期" },
    zh: (p) => `已登记基金状态：${p.status}。`,
    en: (p) => `Status recorded: ${p.status}.`
  }),
  "fund-enterprise-registered": entry({
    example: { name: "温州某科技有限公司", uscc: "91330302MA2AAAAA1X" },
    zh: (p) => `已登记企业 ${p.name}（${p.uscc}），请继续登记投资。`,
    en: (p) => `Registered ${p.name} (${p.uscc}): now record the investment.`
  }),
  "fund-entry-reversed": entry({
    example: { id: "12", reversal: "15" },
    zh: (p) => `已冲销记录 #${p.id}（冲销记录 #${p.reversal}）。`,
    en: (p) => `Entry #${p.id} reversed (reversal #${p.reversal}).`
  }),
  "pledge-registration-recorded": entry({
    example: { registrationNo: "Y2026330000123", amount: "1,000,000.00" },
    zh: (p) => `已登记 ${p.registrationNo}（${p.amount} 元）。`,
    en: (p) => `Recorded registration ${p.registrationNo} (${p.amount} yuan).`
  }),
  "linkage-payout-formula": entry({
    example: { asOf: "2026-06-30" },
    zh: (p) => `单笔支付 = min(比例 × 未覆盖损失, 上限, 资金池余额) · 截至 ${p.asOf}`,
    en: (p) => `Payout per claim = min(ratio × uncovered loss, cap, the pool's balance) · as of ${p.asOf}`
  }),
  "pledge-reversal-takes-out": entry({
    example: { registrationNo: "Y2026330000123" },
    zh: (p) => `冲销登记 ${p.registrationNo}，将一并不再计入任何统计：`,
    en: (p) => `Reversing registration ${p.registrationNo} takes out of every figure, with it:`
  }),
  "pledge-reversal-takes-registration": entry({
    example: { patents: "2", amount: "1,000,000.00" },
    zh: (p) => `本登记（${p.patents} 件专利，质押金额 ${p.amount} 元）`,
    en: (p) => `the registration itself (${p.patents} patent(s), ${p.amount} yuan pledged)`
  }),
  "pledge-reversal-takes-loan": entry({
    example: { id: "7", amount: "500,000.00", on: "2026-03-01" },
    zh: (p) => `贷款 ${p.id}：${p.on} 发放 ${p.amount} 元，及其还款、违约记录`,
    en: (p) => `loan ${p.id} of ${p.amount} yuan drawn ${p.on}, with its repayments and defaults`
  }),
  "import-page-imported": entry({
    example: { rows: "3" },
    zh: (p) => `已导入 ${p.rows} 行。`,
    en: (p) => `Imported ${p.rows} row${p.rows === "1" ? "" : "s"}.`
  }),
  "import-page-field-taken": entry({
    example: { field: "贷款金额", header: "金额" },
    zh: (p) => `“${p.field}”已由列“${p.header}”导入：请选择其他字段或“不导入”。`,
    en: (p) =>
      `“${p.field}” is already imported from column “${p.header}”: choose another field or “Do not import”.`
  }),
  "import-page-same-header": entry({
    example: { header: "金额（万元）" },
    zh: (p) =>
      `表头与列“${p.header}”相同（忽略括号中的单位等）：两列须按相同方式导入，或在文件中修改其中一个表头。`,
    en: (p) =>
      `its header reads the same as column “${p.header}”'s: both must be imported the same way (or rename one in the file).`
  }),
  "import-page-mapping-used": entry({
    example: { source: "工商银行", journalSeq: "42" },
    zh: (p) => `已使用为“${p.source}”保存的列对应（日志条目 #${p.journalSeq}）。`,
    en: (p) => `The mapping saved for “${p.source}” is used (journal entry #${p.journalSeq}).`
  }),
  "import-page-mapping-differs": entry({
    example: { source: "工商银行", journalSeq: "42" },
    zh: (p) => `与为“${p.source}”保存的列对应（日志条目 #${p.journalSeq}）不同：勾选下方“保存”可替换。`,
    en: (p) =>
      `This differs from the mapping saved for “${p.source}” (journal entry #${p.journalSeq}): tick “Save” below to replace it.`
  }),
  "import-page-mapping-none-saved": entry({
    example: { source: "工商银行" },
    zh: (p) => `尚无为“${p.source}”保存的列对应：勾选下方“保存”即可保存当前的对应。`,
    en: (p) => `No mapping is saved for “${p.source}” yet: tick “Save” below to keep this one.`
  }),
  "import-page-mapping-already-saved": entry({
    example: { source: "工商银行" },
    zh: (p) => `“${p.source}”的列对应与已保存的相同，未重复保存。`,
    en: (p) => `The mapping for “${p.source}” is the one already saved.`
  }),
  "import-page-mapping-saved": entry({
    example: { source: "工商银行", journalSeq: "42" },
    zh: (p) => `已保存“${p.source}”的列对应（日志条目 #${p.journalSeq}）。`,
    en: (p) => `Saved the mapping for “${p.source}” (journal entry #${p.journalSeq}).`
  }),
  "import-page-mapping-not-saved": entry({
    example: {},
    zh: () => "未保存列对应：没有导入任何数据。",
    en: () => "The mapping was not saved: nothing was imported."
  }),
  // — Alerts (提醒) —
  "alert-target-behind-pace-money": entry({
    example: {
      value: "2,063,160,000.00",
      needed: "2,328,767,123.29",
      target: "2,500,000,000.00",
      periodEnd: "2026-12-31"
    },
    zh: (p) =>
      `落后于进度：已达 ${p.value} 元，按期均匀推进此时应达 ${p.needed} 元（目标 ${p.target} 元，截至 ${p.periodEnd}）`,
    en: (p) =>
      `behind pace: ${p.value} yuan where an even pace would be at ${p.needed} yuan (target ${p.target} yuan by ${p.periodEnd})`
  }),
  "alert-target-behind-pace": entry({
    example: {
      value: "3",
      needed: "4.66",
      target: "5",
      periodEnd: "2026-12-31"
    },
    zh: (p) =>
      `落后于进度：已达 ${p.value}，按期均匀推进此时应达 ${p.needed}（目标 ${p.target}，截至 ${p.periodEnd}）`,
    en: (p) =>
      `behind pace: ${p.value} where an even pace would be at ${p.needed} (target ${p.target} by ${p.periodEnd})`
  }),
  "alert-loan-overdue": entry({
    example: {
      registrationNo: "Y2025330000123",
      pledgor: "温州鹿城光电科技有限公司",
      bank: "温州银行",
      balance: "3,000,000.00",
      maturesOn: "2026-03-13"
    },
    zh: (p) =>
      `登记 ${p.registrationNo}（${p.pledgor}）项下 ${p.bank} 的贷款已于 ${p.maturesOn} 到期，尚余 ${p.balance} 元未还`,
    en: (p) =>
      `the loan from ${p.bank} under registration ${p.registrationNo} (${p.pledgor}) matured on ${p.maturesOn} with ${p.balance} yuan still outstanding`
  }),
  "alert-linkage-loan-overdue": entry({
    example: {
      enterprise: "温州鹿城光电科技有限公司",
      bank: "温州银行",
      amount: "5,000,000.00",
      maturesOn: "2026-03-13"
    },
    zh: (p) => `${p.enterprise} 的贷款（${p.bank}）已于 ${p.maturesOn} 到期，尚余 ${p.amount} 元未还`,
    en: (p) =>
      `the loan of ${p.enterprise} (${p.bank}) matured on ${p.maturesOn} with ${p.amount} yuan still outstanding`
  }),
  "alert-linkage-loan-default": entry({
    example: {
      enterprise: "温州鹿城光电科技有限公司",
      bank: "温州银行",
      amount: "3,000,000.00",
      on: "2026-03-13"
    },
    zh: (p) => `${p.enterprise} 的贷款（${p.bank}）于 ${p.on} 违约，余额 ${p.amount} 元`,
    en: (p) => `the loan of ${p.enterprise} (${p.bank}) defaulted on ${p.on}; ${p.amount} yuan is outstanding`
  }),
  "alert-loan-default": entry({
    example: {
      registrationNo: "Y2025330000123",
      pledgor: "温州鹿城光电科技有限公司",
      bank: "温州银行",
      balance: "3,000,000.00",
      on: "2026-03-13"
    },
    zh: (p) =>
      `登记 ${p.registrationNo}（${p.pledgor}）项下 ${p.bank} 的贷款于 ${p.on} 违约，余额 ${p.balance} 元尚未处置`,
    en: (p) =>
      `the loan from ${p.bank} under registration ${p.registrationNo} (${p.pledgor}) defaulted on ${p.on}; ${p.balance} yuan is not yet disposed of`
  }),
  "alert-pool-low": entry({
    example: {
      pool: "专利质押融资风险补偿资金池",
      balance: "8,000,000.00",
      deposited: "50,000,000.00",
      share: "16.0"
    },
    zh: (p) => `${p.pool}余额 ${p.balance} 元，仅为累计注资 ${p.deposited} 元的 ${p.share}%（低于 20%）`,
    en: (p) =>
      `${p.pool} holds ${p.balance} yuan, ${p.share}% of the ${p.deposited} yuan deposited (under 20%)`
  }),
  // — An enterprise's journey: each event's details (journey/journey.ts, linkage/shared/service.ts
  // `eventsOf`); names and numbers are parameters, amounts written with `formatYuan`, rates with `%` —
  "journey-investment": entry({
    example: { fund: "瓯江天使基金", round: "A" },
    zh: (p) => `${p.fund} 投资${p.round === "" ? "" : ` · ${p.round}`}`,
    en: (p) => `${p.fund} invested${p.round === "" ? "" : ` · ${p.round}`}`
  }),
  "journey-valuation": entry({
    example: { fund: "瓯江天使基金" },
    zh: (p) => `${p.fund} 估值`,
    en: (p) => `${p.fund} valuation`
  }),
  "journey-exit": entry({
    example: { fund: "瓯江天使基金", route: "buy-back" },
    zh: (p) => `${p.fund} 退出 · ${wordOf(exitRouteLabels, p.route, "zh")}`,
    en: (p) => `${p.fund} exit · ${wordOf(exitRouteLabels, p.route, "en")}`
  }),
  "journey-pledge-registered": entry({
    example: { registrationNo: "Y2025330000123", pledgee: "温州银行" },
    zh: (p) => `专利质押登记 ${p.registrationNo} ${p.pledgee}`,
    en: (p) => `patent pledge ${p.registrationNo} registered with ${p.pledgee}`
  }),
  "journey-pledge-changed": entry({
    example: { registrationNo: "Y2025330000123", amount: "30,000,000.00", termEnd: "2027-03-31" },
    zh: (p) =>
      `质押变更登记 ${p.registrationNo}: ${[
        ...(p.amount === "" ? [] : [`担保金额 ${p.amount} 元`]),
        ...(p.termEnd === "" ? [] : [`债务期限至 ${p.termEnd}`])
      ].join(", ")}`,
    en: (p) =>
      `pledge ${p.registrationNo} changed: ${[
        ...(p.amount === "" ? [] : [`secured amount ${p.amount} yuan`]),
        ...(p.termEnd === "" ? [] : [`debt term to ${p.termEnd}`])
      ].join(", ")}`
  }),
  "journey-pledge-released": entry({
    example: { registrationNo: "Y2025330000123" },
    zh: (p) => `解除质押 ${p.registrationNo}`,
    en: (p) => `pledge ${p.registrationNo} released`
  }),
  "journey-pledge-cancelled": entry({
    example: { registrationNo: "Y2025330000123" },
    zh: (p) => `撤销质押登记 ${p.registrationNo}`,
    en: (p) => `pledge registration ${p.registrationNo} cancelled`
  }),
  "journey-loan-drawn": entry({
    example: { registrationNo: "Y2025330000123", maturesOn: "2026-04-09" },
    zh: (p) => `质押贷款放款 ${p.registrationNo}, 到期 ${p.maturesOn}`,
    en: (p) => `pledge loan drawn under ${p.registrationNo}, due ${p.maturesOn}`
  }),
  "journey-loan-repaid": entry({
    example: { registrationNo: "Y2025330000123" },
    zh: (p) => `质押贷款还款 ${p.registrationNo}`,
    en: (p) => `pledge loan repaid under ${p.registrationNo}`
  }),
  "journey-loan-defaulted": entry({
    example: { registrationNo: "Y2025330000123" },
    zh: (p) => `质押贷款违约 ${p.registrationNo}`,
    en: (p) => `pledge loan defaulted under ${p.registrationNo}`
  }),
  "journey-loan-disposed": entry({
    example: {
      registrationNo: "Y2025330000123",
      method: "write-off",
      recovered: "1,000,000.00",
      writtenOff: "500,000.00"
    },
    zh: (p) =>
      `质押贷款处置 ${p.registrationNo}（${wordOf(disposalMethodLabels, p.method, "zh")}），收回 ${p.recovered}，核销 ${p.writtenOff}`,
    en: (p) =>
      `pledge loan under ${p.registrationNo} disposed of (${wordOf(disposalMethodLabels, p.method, "en")}): ${p.recovered} recovered, ${p.writtenOff} written off`
  }),
  "journey-scored": entry({
    example: { model: "v2", total: "82", tier: "B" },
    zh: (p) => `科创指数 ${p.model}: ${p.total} → ${p.tier === "" ? "未达档位" : `${p.tier} 档`}`,
    en: (p) => `S&T index ${p.model}: ${p.total} → ${p.tier === "" ? "no tier" : `tier ${p.tier}`}`
  }),
  "journey-loan-granted": entry({
    example: { pilot: "investment-loan", warrant: "warrant", rate: "3.45 %", maturesOn: "2028-03-14" },
    zh: (p) =>
      `${wordOf(linkagePilotLabels, p.pilot, "zh")}${p.warrant === "" ? "" : "（认股权贷款）"} ${p.rate}, 到期 ${p.maturesOn}`,
    en: (p) =>
      `${wordOf(linkagePilotLabels, p.pilot, "en")}${p.warrant === "" ? "" : " (with warrant)"} ${p.rate}, due ${p.maturesOn}`
  }),
  "journey-warrant-exercised": entry({
    example: { equity: "2 %" },
    zh: (p) => `认股权行权 ${p.equity}`,
    en: (p) => `warrant exercised for ${p.equity}`
  }),
  "journey-warrant-exited": entry({
    example: { equity: "2 %" },
    zh: (p) => `认股权退出 ${p.equity}`,
    en: (p) => `warrant stake of ${p.equity} exited`
  }),
  "journey-policy-started": entry({
    example: { pilot: "investment-insurance", startsOn: "2025-01-01", endsOn: "2025-12-31" },
    zh: (p) => `${wordOf(linkagePilotLabels, p.pilot, "zh")}保单 ${p.startsOn}–${p.endsOn}`,
    en: (p) => `${wordOf(linkagePilotLabels, p.pilot, "en")} policy ${p.startsOn}–${p.endsOn}`
  }),
  "journey-claim-insurance": entry({
    example: { insurerPaid: "800000.00", payout: "200000.00" },
    zh: (p) => `理赔: 保险赔付 ${p.insurerPaid}, 二次救济 ${p.payout}`,
    en: (p) => `claim: insurer paid ${p.insurerPaid}, secondary relief ${p.payout}`
  }),
  "journey-claim-compensation": entry({
    example: { registrationNo: "Y2025330000123", payout: "200000.00" },
    zh: (p) => `风险补偿 ${p.registrationNo}: 补偿 ${p.payout}`,
    en: (p) => `risk compensation for ${p.registrationNo}: ${p.payout} paid`
  }),
  "journey-co-investment": entry({
    example: { fund: "wz-city", leadOn: "2025-02-01", follower: "sub-fund" },
    zh: (p) =>
      `投投联动: ${p.fund} 直投 ${p.leadOn} 后${p.follower === "sub-fund" ? "子基金" : "社会资本"}跟投`,
    en: (p) =>
      `co-investment: ${p.follower === "sub-fund" ? "a sub-fund" : "social capital"} followed ${p.fund}'s direct investment of ${p.leadOn}`
  }),
  "journey-subsidy-loan": entry({
    example: { loan: "12" },
    zh: (p) => `贴息 贷款 ${p.loan}`,
    en: (p) => `interest subsidy on loan ${p.loan}`
  }),
  "journey-subsidy-registration": entry({
    example: { registrationNo: "Y2025330000123" },
    zh: (p) => `贴息 质押登记 ${p.registrationNo}`,
    en: (p) => `interest subsidy on pledge ${p.registrationNo}`
  }),
  "journey-bond-issued": entry({
    example: { months: "36", coupon: "2.35 %" },
    zh: (p) => `科技创新债券 ${p.months} 个月, 票面 ${p.coupon}`,
    en: (p) => `S&T innovation bond, ${p.months} months, coupon ${p.coupon}`
  }),
  // — Look-through (equity/look-through.ts) —
  "note-look-through-no-mark": entry({
    example: { asOf: "2026-06-30", funds: "wz-city, wz-sub" },
    zh: (p) => `${p.funds} 在 ${p.asOf} 及之前没有净值记录：穿透净值、RVPI、TVPI 和净 IRR 无法计算`,
    en: (p) =>
      `no NAV mark on or before ${p.asOf} for ${p.funds}: the look-through NAV, RVPI, TVPI and the net IRR are not available`
  }),
  "note-look-through-stake-at-cost": entry({
    example: { count: "1", funds: "wz-sub" },
    zh: (p) => `${p.count} 项基金份额（${p.funds}）无法按净值穿透，按实缴减已分配计`,
    en: (p) =>
      `${p.count} stake(s) in ${p.funds} cannot be valued through the held fund's NAV and count at called less distributed`
  }),
  "note-look-through-cycle": entry({
    example: { funds: "fund-a, fund-b" },
    zh: (p) => `${p.funds} 互为出资人：循环持有的份额不穿透`,
    en: (p) => `${p.funds} hold each other: the stakes in the cycle are not seen through`
  }),
  // — Cross-field rules of the input Schemas (a filter's issue, said with `checkMessage`/`checkSaid`) —
  "not-before-field": entry({
    example: { field: "start" },
    zh: (p) => `不得早于${fieldZh(p.field)}`,
    en: (p) => `must not be before ${p.field}`
  }),
  "after-field": entry({
    example: { field: "disbursedOn" },
    zh: (p) => `须晚于${fieldZh(p.field)}`,
    en: (p) => `must be after ${p.field}`
  }),
  "patent-title-not-pledged": entry({
    example: {},
    zh: () => "所列专利不在质押专利之中",
    en: () => "names a patent that is not in patents"
  }),
  "pledge-change-nothing": entry({
    example: {},
    zh: () => "变更须给出新的担保金额、新的债务履行期限，或两者",
    en: () => "a change names a new amount, a new debtTerm, or both"
  }),
  "amount-as-text": entry({
    example: { example: "1000000.00" },
    zh: (p) => `须为写成文本的金额（元），如 ${p.example}`,
    en: (p) => `must be an amount of yuan written as text, like ${p.example}`
  }),
  "name-exactly-one": entry({
    example: { what: "issuer", fields: "issuerEnterprise or issuerInstitution" },
    zh: (p) => `请给出${oneOfWhat(p.what, "zh")}：${p.fields.replaceAll(" or ", " 或 ")}`,
    en: (p) => `name ${oneOfWhat(p.what, "en")}: ${p.fields}`
  }),
  "name-only-one": entry({
    example: { what: "issuer", fields: "issuerEnterprise or issuerInstitution" },
    zh: (p) => `${oneOfWhat(p.what, "zh")}只能给出一项：${p.fields.replaceAll(" or ", " 或 ")}，不能同时给出`,
    en: (p) => `name ${oneOfWhat(p.what, "en")} once: ${p.fields}, not both`
  }),
  "tier-named-twice": entry({
    example: {},
    zh: () => "档位名称重复",
    en: () => "is named twice"
  }),
  "tier-same-start": entry({
    example: {},
    zh: () => "与另一档的起始分数相同",
    en: () => "starts where another tier starts"
  }),
  "tier-above-max-score": entry({
    example: { max: "100" },
    zh: (p) => `高于最高分 ${p.max}`,
    en: (p) => `is above maxScore ${p.max}`
  }),
  "dimensions-too-many": entry({
    example: { max: "50" },
    zh: (p) => `维度至多 ${p.max} 个`,
    en: (p) => `has more than ${p.max} dimensions`
  }),
  "dimension-name-shape": entry({
    example: {},
    zh: () => "维度名称须为 1 至 50 个字符，首尾不能有空格",
    en: () => "a dimension's name has 1 to 50 characters, without surrounding spaces"
  }),
  "dimension-name-control": entry({
    example: { char: "U+0007", position: "3" },
    zh: (p) => `维度名称不能含控制字符（第 ${p.position} 个字符 ${p.char}）`,
    en: (p) => `a dimension's name must not contain control characters (${p.char} at position ${p.position})`
  }),
  "not-above-premium": entry({
    example: { premium: "12000.00" },
    zh: (p) => `不得超过保费 ${p.premium} 元`,
    en: (p) => `must not exceed the premium ${p.premium}`
  }),
  "not-above-loss": entry({
    example: { loss: "400000.00" },
    zh: (p) => `不得超过损失 ${p.loss} 元`,
    en: (p) => `must not exceed the loss ${p.loss}`
  }),
  "bond-matures-too-late": entry({
    example: { issuedOn: "9999-01-01", months: "24" },
    zh: (p) => `债券将在 9999-12-31 之后到期（${p.issuedOn} 发行，期限 ${p.months} 个月）`,
    en: (p) => `would make the bond mature after 9999-12-31 (issued ${p.issuedOn}, ${p.months} months)`
  }),
  "co-investment-from-follow": entry({
    example: {},
    zh: () => "取自跟投投资：请不要填写",
    en: () => "comes from the follow investment: leave it out"
  }),
  "co-investment-follow-or-investor": entry({
    example: {},
    zh: () => "请给出跟投投资（follow），或社会投资人（investor）",
    en: () => "name the follow investment, or the social investor (investor)"
  }),
  "co-investment-social-required": entry({
    example: {},
    zh: () => "社会资本跟投须填写此项",
    en: () => "is required for a social-capital follow-on"
  }),
  "fund-manager-funds-none": entry({
    example: {},
    zh: () => "基金管理人至少须指定一只基金",
    en: () => "a fund manager must be given at least one fund"
  }),
  "fund-chain-stage-required": entry({
    example: {},
    zh: () => "链条基金须给出其链条环节（天使、创投、产业、并购）",
    en: () => "a chain fund needs its chain stage (angel, venture, industrial, merchant)"
  }),
  "fund-sub-needs-parent": entry({
    example: {},
    zh: () => "子基金须给出其母基金",
    en: () => "a sub-fund names its parent fund"
  }),
  "fund-parent-only-sub": entry({
    example: { kind: "city-fund" },
    zh: (p) => `只有子基金才有母基金（此基金为${fundKindZh[p.kind] ?? p.kind}）`,
    en: (p) => `only a sub-fund has a parent fund (this one is a ${p.kind})`
  }),
  "fund-own-parent": entry({
    example: {},
    zh: () => "基金不能是自己的母基金",
    en: () => "a fund cannot be its own parent"
  }),
  "fund-lp-name-or-fund": entry({
    example: {},
    zh: () => "请给出出资人名称（lpName），或作为出资人的基金（lpFund）",
    en: () => "name the LP (lpName) or the fund that is the LP (lpFund)"
  }),
  // — Codes of the registry: credit codes, patent numbers, districts —
  "uscc-check": entry({
    example: {},
    zh: () => "不是有效的统一社会信用代码（18 位，校验位或字符不对）",
    en: () => "is not a valid unified social credit code (check character or alphabet)"
  }),
  "uscc-division": entry({
    example: { division: "AB0000" },
    zh: (p) => `不可能存在：第 3–8 位（${p.division}）须为登记机关的行政区划代码，六位数字，如 330302`,
    en: (p) =>
      `cannot exist: characters 3–8 (${p.division}) must be the registering authority's division code, six digits such as 330302`
  }),
  "patent-number-shape": entry({
    example: {},
    zh: () => "不是有效的专利申请号（如 201710601862.3 或 ZL201710601862.3：数字、小数点、校验位）",
    en: () =>
      "is not a valid patent application number (like 201710601862.3 or ZL201710601862.3: digits, dot, check digit)"
  }),
  "patent-year-12": entry({
    example: { year: "1999" },
    zh: (p) => `不可能存在：12 位专利号以申请年份开头（2003 年起），这里是 ${p.year}`,
    en: (p) =>
      `cannot exist: a 12-digit number starts with its filing year, from 2003 on (this one says ${p.year})`
  }),
  "patent-type-12": entry({
    example: { type: "4" },
    zh: (p) => `不可能存在：第 5 位是专利类型（1、2、3、8 或 9），这里是 ${p.type}`,
    en: (p) => `cannot exist: digit 5 is the patent type, one of 1, 2, 3, 8 or 9 (this one has ${p.type})`
  }),
  "patent-year-8": entry({
    example: { year: "42" },
    zh: (p) => `不可能存在：8 位专利号以申请年份开头（85–99 或 00–03），这里是 ${p.year}`,
    en: (p) =>
      `cannot exist: an 8-digit number starts with its filing year, 85–99 or 00–03 (this one says ${p.year})`
  }),
  "patent-type-8": entry({
    example: { type: "5" },
    zh: (p) => `不可能存在：8 位专利号的第 3 位是专利类型（1、2 或 3），这里是 ${p.type}`,
    en: (p) =>
      `cannot exist: digit 3 of an 8-digit number is the patent type, one of 1, 2 or 3 (this one has ${p.type})`
  }),
  "district-code": entry({
    example: { allowed: "330302, 330303" },
    zh: (p) => `不是温州的区县代码（应为 ${p.allowed} 之一）`,
    en: (p) => `is not a Wenzhou district code (expected one of ${p.allowed})`
  }),
  // — The registry's and the accounts' own refusals —
  "enterprise-uscc-exists": entry({
    example: { uscc: "91330302MA2AAAAA1X" },
    zh: (p) => `统一社会信用代码为 ${p.uscc} 的企业已登记`,
    en: (p) => `an enterprise with the credit code ${p.uscc} is already registered`
  }),
  "enterprise-district-since-exists": entry({
    example: { uscc: "91330302MA2AAAAA1X", since: "2025-01-01" },
    zh: (p) => `${p.uscc} 已有自 ${p.since} 起的所属区县`,
    en: (p) => `${p.uscc} already has a district from ${p.since}`
  }),
  "enterprise-district-same": entry({
    example: { since: "2025-01-01" },
    zh: (p) => `${p.since} 时企业已属此区县`,
    en: (p) => `is already the enterprise's district on ${p.since}`
  }),
  "query-text-at-most": entry({
    example: { max: "100" },
    zh: (p) => `须为至多 ${p.max} 个字符的文本`,
    en: (p) => `must be text of at most ${p.max} characters`
  }),
  "institution-name-exists": entry({
    example: { kind: "bank", name: "温州银行" },
    zh: (p) => `名为 ${p.name} 的${nounOf(p.kind, "zh")}已登记`,
    en: (p) => `a ${p.kind} named ${p.name} is already registered`
  }),
  "institution-uscc-exists": entry({
    example: { uscc: "91330302MA2AAAAA1X" },
    zh: (p) => `统一社会信用代码为 ${p.uscc} 的机构已登记`,
    en: (p) => `an institution with the credit code ${p.uscc} is already registered`
  }),
  "login-taken": entry({
    example: { login: "zhang.san" },
    zh: (p) => `登录名 ${p.login} 已被使用`,
    en: (p) => `the login ${p.login} is taken`
  }),
  "first-user-admin": entry({
    example: {},
    zh: () => "第一位用户须为管理员",
    en: () => "the first user is an admin"
  }),
  "last-active-admin": entry({
    example: { login: "admin" },
    zh: (p) => `${p.login} 是最后一位启用的管理员：请先指定另一位管理员`,
    en: (p) => `${p.login} is the last active administrator: make another person an administrator first`
  }),
  "current-password-wrong": entry({
    example: {},
    zh: () => "当前密码不正确",
    en: () => "the current password is wrong"
  }),
  "password-unchanged": entry({
    example: {},
    zh: () => "新密码不能与当前密码相同",
    en: () => "must differ from the current password"
  }),
  "token-name-exists": entry({
    example: { name: "import-bot" },
    zh: (p) => `名为 ${p.name} 的令牌已存在`,
    en: (p) => `a token named ${p.name} exists already`
  }),
  // — Targets and their measures —
  "date-between": entry({
    example: { from: "1900-01-01", to: "9998-12-31" },
    zh: (p) => `须在 ${p.from} 到 ${p.to} 之间`,
    en: (p) => `must be from ${p.from} to ${p.to}`
  }),
  "target-key-shape": entry({
    example: {},
    zh: () => "须为小写字母、数字和连字符（kebab-case），至多 64 个字符，如 patent-pledge-financing",
    en: () => 'must be lowercase kebab-case of at most 64 characters, like "patent-pledge-financing"'
  }),
  "measure-id-shape": entry({
    example: { examples: "pledge-amount, pledge-count" },
    zh: (p) => `须为指标编号（小写字母、数字和连字符），如 ${p.examples}`,
    en: (p) => `must be a measure's id (lowercase kebab-case), like ${p.examples}`
  }),
  "percent-as-text": entry({
    example: { got: "3.2" },
    zh: (p) => `须为写成文本的百分数，如 "3.2"（收到 ${p.got}；数字可能不精确）`,
    en: (p) => `must be a percent written as text, like "3.2" (got ${p.got}; a number could be inexact)`
  }),
  "percent-shape": entry({
    example: { got: '"3.2.1"' },
    zh: (p) => `须为百分数，如 "3.2" 或 "7.6%"，至多 6 位小数（收到 ${p.got}）`,
    en: (p) => `must be a percent like "3.2" or "7.6%", at most 6 decimal places (got ${p.got})`
  }),
  "percent-positive": entry({
    example: {},
    zh: () => "须为大于零的百分数",
    en: () => "must be a percent greater than zero"
  }),
  "target-yuan-positive": entry({
    example: {
      reason: "must be greater than zero",
      reasonCode: "amount-positive"
    },
    zh: (p) => `须为大于零的金额（元）：${quoted(p, "reason", "zh") || "无法读取"}`,
    en: (p) => `must be an amount of yuan greater than zero: ${p.reason || "it cannot be read"}`
  }),
  "target-count-whole": entry({
    example: { got: "2.5" },
    zh: (p) => `计数目标须为大于零的整数，如 5（收到 ${p.got}）`,
    en: (p) => `must be a whole number greater than zero for a count target, like 5 (got ${p.got})`
  }),
  "target-split-required": entry({
    example: {},
    zh: () => "给出分解时须填写：district（按区县）或 unit（按责任单位）",
    en: () => 'is required with parts: "district" or "unit"'
  }),
  "target-part-twice": entry({
    example: { code: "330302" },
    zh: (p) => `${p.code} 重复出现`,
    en: (p) => `${p.code} is named twice`
  }),
  "target-part-district": entry({
    example: {},
    zh: () => "不是温州的区县代码，如 330302（鹿城区）",
    en: () => "is not a Wenzhou district code, like 330302 (鹿城区)"
  }),
  "target-part-unit-names": entry({
    example: {},
    zh: () => "责任单位的分解目标须填写中英文名称（name 和 nameEn）",
    en: () => "a responsible unit's part needs name and nameEn"
  }),
  "target-period-start": entry({
    example: {},
    zh: () => "固定期间须给出开始日",
    en: () => "a fixed period needs a start"
  }),
  "target-period-end": entry({
    example: {},
    zh: () => "固定期间须给出结束日",
    en: () => "a fixed period needs an end"
  }),
  "target-period-only-fixed": entry({
    example: {},
    zh: () => '仅用于固定期间（periodKind 为 "fixed"）：按自然年的目标每个自然年适用',
    en: () => 'is only for periodKind "fixed" (a calendar-year target runs each calendar year)'
  }),
  "target-key-fixed": entry({
    example: {},
    zh: () => "不可修改：请新建一个目标",
    en: () => "cannot be changed; create a new target instead"
  }),
  "target-figure-unit-changed": entry({
    example: { unit: "count" },
    zh: (p) => `单位改为${unitZh(p.unit)}时须重新填写目标值`,
    en: (p) => `is required when the unit changes to ${p.unit}`
  }),
  "target-parts-unit-changed": entry({
    example: { unit: "count" },
    zh: (p) => `单位改为${unitZh(p.unit)}时须重新给出分解目标`,
    en: (p) => `are required again when the unit changes to ${p.unit}`
  }),
  "target-measure-unknown": entry({
    example: { id: "no-such-measure" },
    zh: (p) => `不是本系统已知的指标（${p.id}）；GET /api/v1/measures 列出全部指标，如 pledge-amount`,
    en: (p) =>
      `is not a measure this instance knows (${p.id}); GET /api/v1/measures lists them, e.g. pledge-amount`
  }),
  "target-measure-unit": entry({
    example: { unit: "count", measure: "pledge-count", targetUnit: "yuan" },
    zh: (p) =>
      `须为${unitZh(p.unit)}：指标 ${p.measure} 以${unitZh(p.unit)}计，目标却以${unitZh(p.targetUnit)}计`,
    en: (p) =>
      `must be ${p.unit}: the measure ${p.measure} is counted in ${p.unit}, the target in ${p.targetUnit}`
  }),
  "target-measure-no-districts": entry({
    example: { measure: "bond-amount" },
    zh: (p) => `须填写：指标 ${p.measure} 不能按区县分解`,
    en: (p) => `is required: the measure ${p.measure} cannot be split by district`
  }),
  "target-unit-part-metric": entry({
    example: {},
    zh: () => "责任单位的分解目标须填写此项",
    en: () => "is required for a responsible unit's part"
  }),
  "plugin-measure-id-shape": entry({
    example: { got: '"Bond Issuance"' },
    zh: (p) => `须为小写字母、数字和连字符（kebab-case），如 "plugin-bond-issuance"（收到 ${p.got}）`,
    en: (p) => `must be lowercase kebab-case, like "plugin-bond-issuance" (got ${p.got})`
  }),
  "plugin-measure-label": entry({
    example: {},
    zh: () => "须为非空的中英文名称 { zh, en }",
    en: () => "needs non-empty { zh, en } text"
  }),
  "target-key-exists": entry({
    example: { key: "patent-pledge-financing" },
    zh: (p) => `键为 ${p.key} 的目标已存在`,
    en: (p) => `a target with the key ${p.key} already exists`
  }),
  "measure-exists": entry({
    example: { code: "bond-amount", source: "reported" },
    zh: (p) => `${p.code} 已是一个指标（${measureSourceZh[p.source] ?? p.source}）`,
    en: (p) => `${p.code} is a measure already (${p.source})`
  }),
  "measure-not-reported": entry({
    example: { measure: "bond-amount" },
    zh: (p) => `不是上报指标（${p.measure}）：请先定义该指标`,
    en: (p) => `is not a reported measure (${p.measure}); define it first`
  }),
  "reported-value-reversed-already": entry({
    example: { id: "5" },
    zh: (p) => `上报数值 ${p.id} 已冲销`,
    en: (p) => `the reported value ${p.id} was reversed already`
  }),
  // — Imports, pledge CSV files, idempotency keys and sign-in (imports/, io/pledges-csv.ts, journal/command.ts,
  // auth/accounts.ts): the file-level refusals an upload or the API says before any row is read —
  "import-kind-unknown": entry({
    example: { kind: "loans", kinds: "pledges, funds" },
    zh: (p) => `“${p.kind}”不是可导入的类型（可导入：${p.kinds}）`,
    en: (p) => `"${p.kind}" is not a kind that can be imported (${p.kinds})`
  }),
  "import-file-no-rows": entry({
    example: {},
    zh: () => "文件中没有任何行",
    en: () => "the file has no rows"
  }),
  "import-mapping-not-saved": entry({
    example: { kind: "pledges", source: "工商银行" },
    zh: (p) => `没有为来源“${p.source}”保存 ${p.kind} 的列对应`,
    en: (p) => `no mapping is saved for ${p.kind} from "${p.source}"`
  }),
  "import-mapping-no-field": entry({
    example: { field: "pledgee.nmae" },
    zh: (p) => `此类数据没有字段“${p.field}”`,
    en: (p) => `no field "${p.field}" here`
  }),
  "import-mapping-not-money": entry({
    example: { field: "registeredOn" },
    zh: (p) => `“${p.field}”不是金额字段，不能指定单位`,
    en: (p) => `"${p.field}" is not a money field here`
  }),
  "import-mapping-no-column": entry({
    example: { header: "贷款行" },
    zh: (p) => `文件中没有“${p.header}”这一列`,
    en: (p) => `the file has no column "${p.header}"`
  }),
  "import-header-unit": entry({
    example: { header: "金额(千元)", unit: "千元" },
    zh: (p) =>
      `列名“${p.header}”中的单位“${p.unit}”无法导入：金额列的单位只能是元、万元或亿元（人民币），请换算后再导入`,
    en: (p) =>
      `the column ${JSON.stringify(p.header)} names the unit "${p.unit}", which cannot be imported: a money column is in yuan, 万元 (10k CNY) or 亿元 (100m CNY)`
  }),
  "import-no-field-column": entry({
    example: { row: "1", kind: "pledges", expected: "登记号 / registration no." },
    zh: (p) => `第 ${p.row} 行没有一列是 ${p.kind} 的字段（应有如下列名：${p.expected}）`,
    en: (p) => `no column of row ${p.row} names a field of ${p.kind} (expected headers such as ${p.expected})`
  }),
  "import-kind-no-field": entry({
    example: { kind: "pledges", field: "pledgee.nmae" },
    zh: (p) => `${p.kind} 没有字段“${p.field}”`,
    en: (p) => `${p.kind} has no field "${p.field}"`
  }),
  "csv-unreadable": entry({
    example: { line: "3", detail: "Invalid Record Length: expect 8, got 7 on line 3" },
    zh: (p) => `CSV 第 ${p.line} 行无法读取：列数与表头不同，或引号未成对`,
    en: (p) => (p.detail.includes(p.line) ? p.detail : `${p.detail} (line ${p.line})`)
  }),
  "csv-empty": entry({
    example: {},
    zh: () => "文件是空的",
    en: () => "the file is empty"
  }),
  "csv-column-missing": entry({
    example: { column: "registration_no / 登记号" },
    zh: (p) => `缺少列 ${p.column}`,
    en: (p) => `the column ${p.column} is missing`
  }),
  // — A file the reader cannot read (io/read.ts UnreadableFile): why, and what an upload page says —
  "file-unreadable": entry({
    example: { reason: "this is a folder, not a file", reasonCode: "file-is-folder" },
    zh: (p) => `无法读取文件：${quoted(p, "reason", "zh")}。`,
    en: (p) => `The file cannot be read: ${quoted(p, "reason", "en")}.`
  }),
  "file-not-found": entry({
    example: {},
    zh: () => "找不到这个文件",
    en: () => "the file does not exist"
  }),
  "file-is-folder": entry({
    example: {},
    zh: () => "这是一个文件夹，不是文件",
    en: () => "this is a folder, not a file"
  }),
  "file-no-permission": entry({
    example: {},
    zh: () => "没有读取这个文件的权限",
    en: () => "no permission to read the file"
  }),
  "file-format": entry({
    example: {},
    zh: () => "只能读取 .xlsx 和 .csv 文件（.xls 请在 Excel 中另存为 .xlsx）",
    en: () => "only .xlsx and .csv files can be read (save an .xls as .xlsx)"
  }),
  "file-not-zip": entry({
    example: {},
    zh: () => "文件名是 .xlsx，但内容不是 Excel 工作簿（不是 zip 压缩格式）",
    en: () => "the file is named .xlsx but is not an Excel workbook (not a zip archive)"
  }),
  "file-legacy-or-encrypted": entry({
    example: {},
    zh: () => "这是旧版 .xls 文件或设了密码的工作簿：请在 Excel 中另存为不设密码的 .xlsx",
    en: () =>
      "this is an old .xls file or a password-protected workbook: save it from Excel as .xlsx without a password"
  }),
  "file-damaged-zip": entry({
    example: {},
    zh: () => "文件已损坏或不完整（zip 结构无法读取），请重新导出或重新上传",
    en: () =>
      "the file is damaged or incomplete (its zip structure cannot be read): export or upload it again"
  }),
  "file-not-workbook": entry({
    example: {},
    zh: () => "压缩包里没有 Excel 工作簿",
    en: () => "the zip archive holds no Excel workbook"
  }),
  "file-no-sheets": entry({
    example: {},
    zh: () => "工作簿里没有工作表",
    en: () => "the workbook has no sheets"
  }),
  // `sheets`: the names of the file's sheets joined by ", " ("" for none).
  "file-no-sheet-number": entry({
    example: { number: "3", sheets: "质押登记, 名称" },
    zh: (p) => `找不到工作表（第 ${p.number} 个）；文件中的工作表：${sheetsZh(p.sheets)}`,
    en: (p) => `no sheet number ${p.number}; the sheets in the file: ${p.sheets || "(none)"}`
  }),
  "file-no-sheet-name": entry({
    example: { name: "汇总", sheets: "质押登记, 名称" },
    zh: (p) => `找不到工作表“${p.name}”；文件中的工作表：${sheetsZh(p.sheets)}`,
    en: (p) => `no sheet "${p.name}"; the sheets in the file: ${p.sheets || "(none)"}`
  }),
  "file-csv-quotes": entry({
    example: { line: "3" },
    zh: (p) => `CSV 格式有误：第 ${p.line} 行起引号不配对，请检查后重新保存`,
    en: (p) => `the CSV is malformed: unbalanced quotes from line ${p.line}; check it and save it again`
  }),
  "file-damaged": entry({
    example: { detail: "invalid distance too far back" },
    zh: (p) => `文件内容已损坏，无法读取（${p.detail}）`,
    en: (p) => `the file is damaged and cannot be read (${p.detail})`
  }),
  "file-io-error": entry({
    example: { detail: "EIO" },
    zh: (p) => `无法读取文件（${p.detail}）`,
    en: (p) => `the file cannot be read (${p.detail})`
  }),
  "idempotency-key-length": entry({
    example: {},
    zh: () => "幂等键须为 1 到 200 个字符",
    en: () => "an idempotency key must have 1 to 200 characters"
  }),
  "idempotency-key-other-actor": entry({
    example: { key: "k-1" },
    zh: (p) => `幂等键“${p.key}”已被其他用户使用：请换一个新键`,
    en: (p) => `idempotency key "${p.key}" was already used by another actor; use a fresh key`
  }),
  "idempotency-key-other-request": entry({
    example: { key: "k-1" },
    zh: (p) => `幂等键“${p.key}”已用于另一个请求`,
    en: (p) => `idempotency key "${p.key}" was already used for a different request`
  }),
  "sign-in-refused": entry({
    example: {},
    zh: () => "登录名或密码不正确",
    en: () => "the login or the password is wrong"
  }),
  forbidden: entry({
    example: { actor: "li.na", role: "viewer", permission: "pledges.write" },
    zh: (p) => `用户 ${p.actor}（${nounOf(p.role, "zh")}）无权执行此操作`,
    en: (p) => `${p.actor} (${p.role}) may not ${p.permission}`
  }),
  "forbidden-fund-write": entry({
    example: { actor: "li.na", role: "fund-manager", fund: "wz-angel-1" },
    zh: (p) => `用户 ${p.actor}（${nounOf(p.role, "zh")}）无权写入基金 ${p.fund}：它不是其管理的基金`,
    en: (p) => `${p.actor} (${p.role}) may not funds.write on fund ${p.fund}`
  }),
  "forbidden-fund-ledger": entry({
    example: { actor: "li.na", role: "fund-manager", fund: "wz-angel-1" },
    zh: (p) => `用户 ${p.actor}（${nounOf(p.role, "zh")}）无权查看基金 ${p.fund} 的台账：它不是其管理的基金`,
    en: (p) => `${p.actor} (${p.role}) may not read the ledger of fund ${p.fund}`
  }),
  "setup-done": entry({
    example: {},
    zh: () => "已有管理员：请直接登录",
    en: () => "an administrator exists already: sign in instead"
  }),
  // — The sign-in and first-run pages (server auth/routes.tsx): their labels, notices and refusals —
  "sign-in": entry({
    example: {},
    zh: () => "登录",
    en: () => "Sign in"
  }),
  "sign-in-login": entry({
    example: {},
    zh: () => "登录名",
    en: () => "Login"
  }),
  "sign-in-password": entry({
    example: {},
    zh: () => "密码",
    en: () => "Password"
  }),
  "sign-in-session-ended": entry({
    example: {},
    zh: () => "登录已过期。重新登录后回到原来的页面，已填写的内容仍在。",
    en: () => "Your session ended. Sign in again to go back to the page you were on, with what you typed."
  }),
  "sign-in-too-many-attempts": entry({
    example: { seconds: "60" },
    zh: (p) => `尝试次数过多，请 ${p.seconds} 秒后再试。`,
    en: (p) => `Too many attempts: try again in ${p.seconds} s.`
  }),
  // The notice a dashboard page shows when its session ended (ui client/session-notice.tsx), and the kept form.
  "session-expired": entry({
    example: {},
    zh: () => "登录已过期：页面上的数字保持不变，但不再更新；填写的内容已保留。",
    en: () =>
      "Your session has ended: the figures on screen stay but no longer update; what you typed is kept."
  }),
  "session-sign-in-again": entry({
    example: {},
    zh: () => "重新登录后回到此页",
    en: () => "Sign in again and come back here"
  }),
  "session-form-restored": entry({
    example: {},
    zh: () => "已恢复登录过期前填写的内容，请核对后再提交。",
    en: () => "What you typed before your session ended is back: check it, then submit."
  }),
  "setup-title": entry({
    example: {},
    zh: () => "首次设置",
    en: () => "First run"
  }),
  "setup-intro": entry({
    example: {},
    zh: () => "尚无任何用户。请创建第一位管理员：",
    en: () => "No one can sign in yet. Create the first administrator:"
  }),
  "setup-display-name": entry({
    example: {},
    zh: () => "姓名",
    en: () => "Name"
  }),
  "setup-password": entry({
    example: {},
    zh: () => "密码（至少 12 位）",
    en: () => "Password (12 characters or more)"
  }),
  "setup-password-again": entry({
    example: {},
    zh: () => "再次输入密码",
    en: () => "Password again"
  }),
  "setup-submit": entry({
    example: {},
    zh: () => "创建管理员",
    en: () => "Create administrator"
  }),
  "setup-passwords-differ": entry({
    example: {},
    zh: () => "两次输入的密码不一致",
    en: () => "the passwords differ"
  }),
  // — Notices of the dashboard's pages (ui pledges/lifecycle-forms.tsx, equity/fund-page.tsx, fund-view.tsx,
  // dashboard/dashboard.tsx): a write done, a fund's ledger closed to others, a panel not loaded —
  "fund-statement-manager-only": entry({
    example: {},
    zh: () => "对账单仅对本基金的管理人开放。",
    en: () => "Statements are open to this fund's manager only."
  }),
  "fund-ledger-manager-only": entry({
    example: {},
    zh: () => "持仓、现金流与台账仅对本基金的管理人开放。",
    en: () => "Holdings, cash flows and the ledger are open to this fund's manager only."
  }),
  "panel-unavailable": entry({
    example: {},
    zh: () => "此面板暂时无法加载，将在下次刷新时重试。",
    en: () => "This panel could not be loaded; it will try again at the next refresh."
  }),
  "pledge-change-recorded": entry({
    example: {},
    zh: () => "已登记变更。",
    en: () => "Change recorded."
  }),
  "pledge-released": entry({
    example: {},
    zh: () => "已解除质押。",
    en: () => "Pledge released."
  }),
  "pledge-cancelled": entry({
    example: {},
    zh: () => "已撤销登记。",
    en: () => "Registration cancelled."
  }),
  "pledge-loan-recorded": entry({
    example: {},
    zh: () => "已登记放款。",
    en: () => "Loan recorded."
  }),
  "pledge-loan-default-recorded": entry({
    example: {},
    zh: () => "已登记违约。",
    en: () => "Default recorded."
  }),
  "pledge-loan-disposal-recorded": entry({
    example: {},
    zh: () => "已登记处置。",
    en: () => "Disposal recorded."
  }),
  "pledge-loan-repayment-recorded": entry({
    example: {},
    zh: () => "已登记还款。",
    en: () => "Repayment recorded."
  }),
  "pledge-reversed": entry({
    example: {},
    zh: () => "已冲销本登记。",
    en: () => "Registration reversed."
  }),
  "pledge-entry-reversed": entry({
    example: {},
    zh: () => "已冲销该事项。",
    en: () => "Entry reversed."
  }),
  "pledge-loan-reversed": entry({
    example: {},
    zh: () => "已冲销该笔贷款。",
    en: () => "Loan reversed."
  }),
  // — The import pages (ui imports/): their intros, notices and refusals of an upload —
  "import-page-index-intro": entry({
    example: {},
    zh: () => "选择要导入的数据类型：每一类都有模板、字段说明和导入前的检查。",
    en: () =>
      "Choose what to import: each kind has a template, its columns and a check before anything is recorded."
  }),
  "import-page-index-none": entry({
    example: {},
    zh: () => "您的角色没有可导入的数据类型。",
    en: () => "Your role may not import anything."
  }),
  "import-page-columns-intro": entry({
    example: {},
    zh: () =>
      "第一行为表头；表头写法可与下列名称不同（如“金额（万元）”），检查时会显示识别结果，可逐列修改。",
    en: () =>
      "The first row is the header; headers may be written otherwise (such as “Amount (10k CNY)”): the check shows how each was read, and you may change it."
  }),
  "import-page-mapping-intro": entry({
    example: {},
    zh: () => "每一列导入到哪个字段；可修改后重新检查。",
    en: () => "Which field each column goes to; change any and check again."
  }),
  "import-page-ready-all": entry({
    example: {},
    zh: () => "全部通过：确认后将导入这些行。",
    en: () => "Every row passed: confirm to record them."
  }),
  "import-page-not-ready": entry({
    example: {},
    zh: () => "有错误或冲突的行：请修改文件后重新检查，或选择“仅导入有效行”。",
    en: () =>
      "Some rows are in error or in conflict: fix the file and check again, or choose “Valid rows only”."
  }),
  "import-page-nothing-written": entry({
    example: {},
    zh: () => "未写入任何数据。",
    en: () => "Nothing was recorded."
  }),
  "import-page-empty-file": entry({
    example: {},
    zh: () => "文件是空的，没有表头。",
    en: () => "The file is empty: it has no header row."
  }),
  "import-page-no-columns": entry({
    example: {},
    zh: () => "没有一列能识别为此类数据的字段：请在下表中为各列选择字段后重新检查，或使用模板。",
    en: () =>
      "No column was recognised as a field of this kind: choose a field for the columns below and check again, or use the template."
  }),
  "import-page-no-file": entry({
    example: {},
    zh: () => "请选择要上传的文件。",
    en: () => "Choose a file to upload."
  }),
  "import-page-too-large": entry({
    example: {},
    zh: () => "文件超过 20 MB，无法上传：请拆分为多个文件后分别导入。",
    en: () =>
      "The file is larger than 20 MB and cannot be uploaded: split it into several files and import each."
  }),
  "import-page-identical-only": entry({
    example: {},
    zh: () => "没有新的记录：这些行与之前导入的相同，已跳过。",
    en: () => "Nothing new: these rows are identical to rows imported before and were skipped."
  }),
  "import-page-not-committed": entry({
    example: {},
    zh: () => "未导入：有错误或冲突的行（全部或全不）。请修改后重新检查。",
    en: () =>
      "Not imported: some rows are in error or in conflict (all or nothing). Fix them and check again."
  }),
  "import-page-forbidden": entry({
    example: {},
    zh: () => "您的角色无权导入此类数据。",
    en: () => "Your role may not import this."
  }),
  "import-page-unknown-kind": entry({
    example: {},
    zh: () => "没有这种导入类型。",
    en: () => "No such kind of import."
  }),
  "import-page-source-hint": entry({
    example: {},
    zh: () => "同一来源的文件格式相同：为来源保存的列对应会在下次检查时自动使用。",
    en: () =>
      "Files from one source share a layout: a mapping saved for the source is used at its next check."
  }),
  "import-page-source-invalid": entry({
    example: {},
    zh: () => "来源名称须为 1 至 100 个字符，且不含控制字符或不可见字符。",
    en: () => "A source's name has 1 to 100 characters, without control or invisible characters."
  }),
  "import-page-source-needed": entry({
    example: {},
    zh: () => "要保存列对应，请填写来源。",
    en: () => "Give the source's name to save the mapping for it."
  }),
  "import-page-unit-unreadable": entry({
    example: {},
    zh: () => "表头中的单位无法导入：请选择此列的单位（元、万元或亿元），或换算后再导入。",
    en: () =>
      "The unit the header names cannot be imported: choose the column's unit (yuan, 万元 or 亿元), or convert the amounts first."
  }),
  "import-page-constants-intro": entry({
    example: {},
    zh: () => "填写的值用于每一行；留空则不导入该字段（必填字段会报错）。",
    en: () =>
      "A value given here is used for every row; left empty, the field is not imported (a required one is reported)."
  }),
  "import-page-constant-taken": entry({
    example: {},
    zh: () => "文件中已有一列导入此字段：请留空，或将该列设为“不导入”。",
    en: () =>
      "A column of the file is imported as this field: leave this empty, or set that column to “Do not import”."
  }),
  "import-page-mapping-errors": entry({
    example: {},
    zh: () => "列的对应有误：请更正下列标出的内容后重新检查。",
    en: () => "The mapping has mistakes: correct what is marked below and check again."
  }),
  "import-page-source-changed": entry({
    example: {},
    zh: () => "来源已更改，未导入任何数据：已按新的来源重新检查，请核对列的对应后再确认导入。",
    en: () =>
      "The source changed, so nothing was recorded: the file was checked again for the new source; review the mapping, then import."
  }),
  "import-page-first-sheet": entry({
    example: { sheet: "说明" },
    zh: (p) =>
      `读取的是第一个工作表“${p.sheet}”；数据在其他工作表时，请在“工作表”中填写其名称或序号后重新检查。`,
    en: (p) =>
      `The first sheet, “${p.sheet}”, was read: if the table is on another sheet, give its name or position under “Sheet” and check again.`
  }),
  // — The people, tokens and own-password pages (server admin/): their notices, warnings and refusals —
  "admin-passwords-differ": entry({
    example: {},
    zh: () => "两次输入的新密码不一致",
    en: () => "the new passwords differ"
  }),
  "admin-password-changed": entry({
    example: {},
    zh: () => "密码已修改。您在其他设备上的登录已结束。",
    en: () => "Your password is changed. Your other sessions have ended."
  }),
  "admin-password-once": entry({
    example: {},
    zh: () => "请立即把此密码告知本人：它只显示这一次，系统不保存明文。",
    en: () => "Give this password to the person now: it is shown only this once and is not stored."
  }),
  "admin-token-once": entry({
    example: {},
    zh: () => "请立即复制此令牌：它只显示这一次，系统只保存其哈希。",
    en: () => "Copy this token now: it is shown only this once; only its hash is kept."
  }),
  "admin-only-admins": entry({
    example: {},
    zh: () => "仅管理员可管理人员和令牌。",
    en: () => "Only administrators may manage people and tokens."
  }),
  "admin-only-people": entry({
    example: {},
    zh: () => "接口令牌没有自己的密码：请以人员身份登录。",
    en: () => "An API token has no password of its own: sign in as a person."
  }),
  "admin-last-admin-why": entry({
    example: {},
    zh: () => "最后一位启用的管理员不能被停用或降级：否则将无人能管理人员、重置密码或查看审计日志。",
    en: () =>
      "The last active administrator cannot be disabled or demoted: nobody could then manage people, reset passwords or read the audit journal."
  }),
  "admin-confirm-disable": entry({
    example: {},
    zh: () => "停用后此人无法登录，其会话立即结束。",
    en: () => "A disabled person cannot sign in; their sessions end at once."
  }),
  "admin-saved": entry({
    example: {},
    zh: () => "已保存。",
    en: () => "Saved."
  }),
  "admin-disabled-done": entry({
    example: {},
    zh: () => "已停用，其会话已结束。",
    en: () => "Disabled; their sessions have ended."
  }),
  "admin-enabled-done": entry({
    example: {},
    zh: () => "已启用。",
    en: () => "Enabled."
  }),
  "admin-token-revoked": entry({
    example: {},
    zh: () => "令牌已吊销。",
    en: () => "Token revoked."
  }),
  "admin-not-found": entry({
    example: {},
    zh: () => "找不到此人员或令牌。",
    en: () => "No such person or token."
  }),
  // — Effect Schema's own issues (errors.ts: validationErrorFromIssue), `detail` the English it said —
  // A missing field reads "is required", not Effect's "Missing key" (its `detail` still carries that).
  "schema-missing-key": entry({
    example: {},
    zh: () => "必填，未填写",
    en: () => "is required"
  }),
  "schema-unexpected-key": entry({
    example: { detail: "Expected no excess property" },
    zh: () => "不认识此字段：请删去",
    en: (p) => p.detail
  }),
  "schema-invalid-type": entry({
    example: { detail: "Expected string", expected: "string" },
    zh: (p) => `格式不对：应为${schemaTypeZh(p.expected ?? "")}`,
    en: (p) => p.detail
  }),
  "schema-invalid-choice": entry({
    example: { detail: 'Expected "bank" | "guarantor"' },
    zh: () => "不是可选的值之一",
    en: (p) => p.detail
  }),
  "schema-ambiguous": entry({
    example: { detail: "Expected exactly one member to match" },
    zh: () => "同时符合多种写法，无法确定是哪一种",
    en: (p) => p.detail
  }),
  "schema-forbidden": entry({
    example: { detail: "Forbidden operation" },
    zh: () => "不允许的操作",
    en: (p) => p.detail
  }),
  "schema-invalid-value": entry({
    example: { detail: "Invalid data 12" },
    zh: () => "值无效",
    en: (p) => p.detail
  }),
  "schema-check": entry({
    example: { detail: "Expected a value greater than 0" },
    zh: (p) => ruleZh(p.detail ?? "") ?? "不符合要求",
    en: (p) => p.detail
  })
} as const

/**
 * Message `said` as parameters of another message that quotes it (a break naming the rule a record keeps):
 * `name` its English, `${name}Code` its code, `${name}.${param}` each of its parameters.
 */
export const quoting = (name: string, said: Said): Record<string, string> => ({
  [name]: said.message,
  [`${name}Code`]: said.code,
  ...Object.fromEntries(Object.entries(said.params).map(([k, v]) => [`${name}.${k}`, v]))
})

/** The quoted message `name` of `p` (see {@link quoting}) in `lang`, else its English. */
const quoted = (p: MessageParams, name: string, lang: "zh" | "en"): string => {
  const prefix = `${name}.`
  const own = Object.fromEntries(
    Object.keys(p)
      .filter((k) => k.startsWith(prefix))
      .map((k) => [k.slice(prefix.length), p[k]!])
  )
  return messageText(p[`${name}Code`] ?? "", own, lang) ?? p[name] ?? ""
}

/** The sheet names a `file-no-sheet-…` message lists (joined by ", "), in Chinese. */
const sheetsZh = (sheets: string): string => (sheets === "" ? "（无）" : sheets.split(", ").join("、"))

/** The pool payout note's terms (linkage/rules.ts `payout`): `ratio × base amount = byRatio[, cap c]`. */
const payoutTerms = (p: MessageParams, lang: "zh" | "en"): string => {
  const base = lang === "en" ? p.base : p.base === "loss" ? "损失" : "未覆盖损失"
  return `${p.ratio} × ${base} ${p.amount} = ${p.byRatio}`
}
const payoutCap = (p: MessageParams, lang: "zh" | "en"): string =>
  p.cap === "" ? "" : lang === "en" ? `, cap ${p.cap}` : `，上限 ${p.cap}`
const payoutMin = (p: MessageParams, lang: "zh" | "en"): string => {
  const limits = {
    ratio: { en: "the ratio", zh: "补偿比例" },
    cap: { en: "the per-claim cap", zh: "单笔上限" },
    "pool-balance": { en: "the pool's remaining balance", zh: "资金池余额" }
  } as const
  const why = limits[p.limit as keyof typeof limits]?.[lang] ?? p.limit
  return lang === "en"
    ? `min(${payoutTerms(p, lang)}${payoutCap(p, lang)}, pool balance ${p.balance}) = ${p.paid}: limited by ${why}`
    : `min(${payoutTerms(p, lang)}${payoutCap(p, lang)}，资金池余额 ${p.balance}) = ${p.paid}：受${why}限制`
}

/** An amount the pledge messages write as `25,000,000.00 yuan` (pledges/ledger.ts yuanText), in Chinese. */
const yuanZh = (text: string): string => text.replace(/ yuan$/, " 元")

/** How a pledge registration ended (撤销 cancelled, 注销 released) or was reversed, in Chinese. */
const endedZh = (what: string): string =>
  ({ released: "注销", cancelled: "撤销", reversed: "冲销" })[what] ?? what

/** A pledge event's kind (pledges/pledges.ts eventNames: `a change`, …) in Chinese. */
const pledgeEventZh = (name: string): string =>
  ({ "a change": "变更", "a release": "注销", "a cancellation": "撤销", "a reversal": "冲销" })[name] ?? name

/** A type Effect Schema names (`string`, `number`, `a valid Date`, `"a" | "b"`) in Chinese. */
function schemaTypeZh(expected: string): string {
  const known: Record<string, string> = {
    string: "文本",
    number: "数字",
    boolean: "是或否",
    bigint: "整数",
    null: "空",
    object: "一组字段",
    array: "列表",
    "a valid Date": "日期",
    "an integer": "整数",
    "a finite number": "数字"
  }
  if (Object.hasOwn(known, expected)) return known[expected]!
  if (
    expected.startsWith("ReadonlyArray") ||
    expected.startsWith("Array") ||
    expected.startsWith("readonly [")
  )
    return "列表"
  if (expected.startsWith("{")) return "一组字段"
  if (/^-?\d+(\.\d+)?$/.test(expected)) return ` ${expected}`
  return "可选的值之一"
}

/**
 * The rule of a Schema check in Chinese, from the English Effect Schema said of its own (`Expected a value
 * greater than 0`, `… a length of at most 64`, `an integer`: the `schema-check` code's words); `undefined`
 * for a rule it does not know. The core's own rules are coded at their source and need no row here.
 */
function ruleZh(detail: string): string | undefined {
  const rule = detail.replace(/, got .*$/s, "")
  const rules: ReadonlyArray<readonly [RegExp, (m: RegExpMatchArray) => string]> = [
    [/^Expected a value greater than (-?[\d.]+)$/, (m) => `须大于 ${m[1]}`],
    [/^Expected a value greater than or equal to (-?[\d.]+)$/, (m) => `不得小于 ${m[1]}`],
    [/^Expected a value less than (-?[\d.]+)$/, (m) => `须小于 ${m[1]}`],
    [/^Expected a value less than or equal to (-?[\d.]+)$/, (m) => `不得大于 ${m[1]}`],
    [/^Expected a value between (-?[\d.]+) and (-?[\d.]+)$/, (m) => `须在 ${m[1]} 到 ${m[2]} 之间`],
    [/^Expected a value with a length of at least 1$/, () => "不能为空"],
    [/^Expected a value with a length of at least (\d+)$/, (m) => `长度至少为 ${m[1]}`],
    [/^Expected a value with a length of at most (\d+)$/, (m) => `长度至多为 ${m[1]}`],
    [/^Expected a value with a length of (\d+)$/, (m) => `长度须为 ${m[1]}`],
    [/^Expected an integer$/, () => "须为整数"],
    [/^Expected a finite number$/, () => "须为有限的数字"],
    [/^Expected a string matching the RegExp /, () => "格式不对"],
    [/^Expected a trimmed string$/, () => "首尾不能有空格"]
  ]
  for (const [pattern, zh] of rules) {
    const m = pattern.exec(rule)
    if (m !== null) return zh(m)
  }
  return undefined
}

/** The code of a message of the catalogue. */
export type MessageCode = keyof typeof messageCatalogue

/** The parameters message `C` takes. */
export type ParamsOf<C extends MessageCode> = (typeof messageCatalogue)[C]["example"] extends infer E
  ? { readonly [K in keyof E]: string }
  : never

/** Every code of the catalogue, in its order. */
export const messageCodes = Object.keys(messageCatalogue) as ReadonlyArray<MessageCode>

/** A field issue at `path` saying what `said` says (a message said where the path was not yet known). */
export const issueAt = (
  path: string,
  said: Said
): {
  readonly path: string
  readonly message: string
  readonly code: string
  readonly params: MessageParams
} => ({
  path,
  message: said.message,
  code: said.code,
  params: said.params
})

/** A message said: its code, its parameters and its English words (`message`). */
export interface Said {
  readonly code: MessageCode
  readonly params: MessageParams
  readonly message: string
}

const wording = (code: string, lang: "zh" | "en"): ((params: MessageParams) => string) | undefined =>
  Object.hasOwn(messageCatalogue, code)
    ? (messageCatalogue[code as MessageCode][lang] as (params: MessageParams) => string)
    : undefined

/** Says message `code` with `params`: the code, the parameters, and its English words. */
export const say = <C extends MessageCode>(
  code: C,
  ...[params]: keyof ParamsOf<C> extends never ? [params?: ParamsOf<C>] : [params: ParamsOf<C>]
): Said => {
  const given: MessageParams = params ?? {}
  return { code, params: given, message: wording(code, "en")!(given) }
}

/** Message `code` said as an error's `detail` (its English), with `code` and `params` (a ConflictError's). */
export const said = <C extends MessageCode>(
  code: C,
  ...params: keyof ParamsOf<C> extends never ? [params?: ParamsOf<C>] : [params: ParamsOf<C>]
): { readonly detail: string; readonly code: string; readonly params: MessageParams } => {
  const it = say(code, ...params)
  return { detail: it.message, code: it.code, params: it.params }
}

/** A field issue at `path` saying message `code` (its `message` in English, with `code` and `params`). */
export const sayAt = <C extends MessageCode>(
  path: string,
  code: C,
  ...params: keyof ParamsOf<C> extends never ? [params?: ParamsOf<C>] : [params: ParamsOf<C>]
): {
  readonly path: string
  readonly message: string
  readonly code: string
  readonly params: MessageParams
} => {
  const said = say(code, ...params)
  return { path, message: said.message, code: said.code, params: said.params }
}

/** The messages of Schema checks said with {@link checkMessage}, by their English words. */
const checkMessages = new Map<string, { readonly code: MessageCode; readonly params: MessageParams }>()

/**
 * The English words of message `code` for a Schema check's `message` annotation (a check reports its
 * message as text only): the words are remembered with the code, so {@link codeOfCheckMessage} finds the
 * code again when the issue is read (`validationErrorFromIssue`). For checks declared once (at module
 * load, a bounded set), never for a message made per value.
 */
export const checkMessage = <C extends MessageCode>(
  code: C,
  ...params: keyof ParamsOf<C> extends never ? [params?: ParamsOf<C>] : [params: ParamsOf<C>]
): string => {
  const said = say(code, ...params)
  checkMessages.set(said.message, { code: said.code, params: said.params })
  return said.message
}

/** Messages made per value (a currency code, an amount), remembered for a while: see {@link checkSaid}. */
const saidPerValue = new Map<string, { readonly code: MessageCode; readonly params: MessageParams }>()
const SAID_PER_VALUE_MAX = 1000

/**
 * The English words of a message said per value in a Schema check (a filter's issue names the code or
 * amount it refuses): remembered like {@link checkMessage}'s, in a map that keeps the latest 1,000 (the issue
 * is read right after the check that said it), so {@link codeOfCheckMessage} finds the code again.
 */
export const checkSaid = (said: Said): string => {
  saidPerValue.delete(said.message)
  saidPerValue.set(said.message, { code: said.code, params: said.params })
  if (saidPerValue.size > SAID_PER_VALUE_MAX) saidPerValue.delete(saidPerValue.keys().next().value!)
  return said.message
}

/** The code and parameters of a Schema check's message said with {@link checkMessage}, if it was. */
export const codeOfCheckMessage = (
  message: string
): { readonly code: MessageCode; readonly params: MessageParams } | undefined =>
  checkMessages.get(message) ?? saidPerValue.get(message)

/** True when `code` is a code of the catalogue. */
export const isMessageCode = (code: string): code is MessageCode => Object.hasOwn(messageCatalogue, code)

/**
 * The words of message `code` with `params` in `lang`; `undefined` for a code the catalogue does not have
 * (the caller keeps the English it was given). A parameter missing from `params` reads as "—".
 */
export const messageText = (
  code: string,
  params: MessageParams | undefined,
  lang: "zh" | "en"
): string | undefined => {
  const words = wording(code, lang)
  if (words === undefined) return undefined
  const given = params ?? {}
  const filled = new Proxy(given, {
    get: (target, key) => (typeof key === "string" ? (target[key] ?? "—") : undefined)
  })
  return words(filled)
}

/**
 * Something a person reads that may come from the catalogue (a field issue, a note): its words in `lang`
 * from the catalogue when it has a code the catalogue knows, else its `message` as the core gave it.
 */
export const localizedMessage = (
  said: {
    readonly message: string
    readonly code?: string | undefined
    readonly params?: MessageParams | undefined
    /** The coded reasons a composite message lists: worded here, they fill its `breaks` parameter. */
    readonly because?: ReadonlyArray<{ readonly code: string; readonly params: MessageParams }> | undefined
  },
  lang: "zh" | "en"
): string => {
  if (said.code === undefined) return said.message
  const params =
    said.because === undefined
      ? said.params
      : {
          ...said.params,
          breaks: said.because
            .map((b) => messageText(b.code, b.params, lang) ?? b.code)
            .join(lang === "zh" ? "；" : "; ")
        }
  return messageText(said.code, params, lang) ?? said.message
}

/** A line for people told from the catalogue: its code and parameters, and its Chinese words (`label`). */
export interface Told {
  readonly label: string
  readonly detail: { readonly code: MessageCode; readonly params: MessageParams }
}

/** Message `said` as a {@link Told} line (a journey event's details). */
export const told = (said: Said): Told => ({
  label: localizedMessage(said, "zh"),
  detail: { code: said.code, params: said.params }
})
