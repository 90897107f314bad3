/*
 * Other names a sender's spreadsheet gives a field (banks', CNIPA's and fund managers' own headers), beside
 * the labels the exports use. By the field's path; `byKind` where a kind means something else by it. Names
 * are matched normalised (`columns.ts` `headerKey`): case, spaces, full-width forms and a unit in brackets
 * at the end do not matter.
 */

const byPath: Readonly<Record<string, ReadonlyArray<string>>> = {
  registrationNo: ["质押登记号", "登记编号", "质押登记编号", "registration_no", "reg_no"],
  "pledgor.name": ["出质人名称", "出质人", "企业名称", "借款人", "pledgor_name"],
  "pledgor.uscc": ["统一社会信用代码", "信用代码", "社会信用代码", "出质人信用代码", "pledgor_uscc"],
  "pledgor.district": ["区县", "区县代码", "所属区县", "所在区县", "district"],
  "pledgor.size": ["企业规模", "规模"],
  "pledgee.name": ["质权人", "质权人名称", "银行", "贷款银行", "pledgee"],
  "pledgee.kind": ["质权人类型"],
  patents: ["专利号", "专利", "专利申请号", "质押专利"],
  amount: ["金额", "质押金额", "融资金额", "贷款金额", "发放金额", "还款金额", "出资金额"],
  registeredOn: ["登记日期", "质押登记日", "登记日", "registered_on"],
  "debtTerm.start": ["债务起始日", "主债务起始日"],
  "debtTerm.end": ["债务到期日", "主债务到期日"],
  uscc: ["统一社会信用代码", "信用代码", "社会信用代码"],
  name: ["名称"],
  district: ["区县", "区县代码", "所属区县"],
  fund: ["基金", "基金代码"],
  on: ["日期", "发生日期"],
  bank: ["贷款银行", "放款银行", "贷款行", "bank_name"],
  disbursedOn: ["放款日", "放款日期", "发放日期"],
  maturesOn: ["到期日", "到期日期"],
  pledgeId: ["质押编号", "登记编号(内部)"],
  loanId: ["贷款编号"],
  enterprise: ["企业", "企业信用代码", "企业统一社会信用代码"],
  lpName: ["出资人", "出资人名称", "lp"],
  nav: ["净值", "基金净值"],
  fairValue: ["公允价值", "估值"],
  proceeds: ["退出所得", "退出金额"],
  costBasis: ["成本", "投资成本"],
  ratePercent: ["利率", "年利率", "贷款利率"],
  rate: ["利率", "年利率"],
  note: ["备注", "说明"]
}

/**
 * Other words a sender's sheet writes for a choice (by the Chinese label the declaration gives it, which the
 * cell may write too): a bank's disposal sheet says 转让 for 债权转让, 拍卖 or 变卖 for 拍卖/变卖.
 */
export const wordSynonyms: Readonly<Record<string, ReadonlyArray<string>>> = {
  债权转让: ["转让"],
  "拍卖/变卖": ["拍卖", "变卖"]
}

/** A kind's own meaning of a field (by the write's operation name). */
const byKind: Readonly<Record<string, Readonly<Record<string, ReadonlyArray<string>>>>> = {
  // The lists' export headers too (基金类型, 管理人编号, Enterprise name…): their files import again.
  "registry.addEnterprise": { name: ["企业名称", "企业", "Enterprise name"] },
  "registry.addInstitution": {
    name: ["机构名称", "机构", "银行名称", "Institution name"],
    kind: ["机构类型", "Institution kind"]
  },
  "funds.create": {
    name: ["基金名称", "Fund name"],
    code: ["基金代码", "Fund code"],
    kind: ["基金类型", "Fund kind"],
    manager: ["管理人编号", "Manager ID", "manager_id"]
  },
  "linkage.recordPool": { name: ["资金池名称"], code: ["资金池代码"] },
  "linkage.recordBond": { code: ["债券代码"] }
}

/** The other names of field `key` of the write `op` (its operation's name). */
export const synonymsOf = (op: string, key: string): ReadonlyArray<string> => [
  ...(byKind[op]?.[key] ?? []),
  ...(byPath[key] ?? [])
]

/**
 * Fields an export writes beside a kind's own and no import reads: a record's id and journal entry, whether
 * it was reversed, a name beside a code (`pledgor.districtName`), a registration's status and current
 * secured amount. A file with their columns (an export read back) imports without them, silently; with the
 * fields of the write's stored record that its input has not (`columns.ts`), they are what it skips.
 */
export const exportOnly: ReadonlyArray<string> = [
  "id",
  "journalSeq",
  "reversed",
  "reversedBy",
  "reverses",
  "status",
  "statusSince",
  "securedAmount",
  "districtName",
  "pledgor.districtName"
]
