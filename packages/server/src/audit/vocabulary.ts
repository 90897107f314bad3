import type { LocalizedText } from "@kejin/ui"
import { columns, roleLabels } from "../admin/vocabulary.js"

/* Every word of the audit journal's pages and export, in Chinese and in English. */

export const auditWords = {
  title: { zh: "审计日志", en: "Audit journal" },
  onlyAdmins: { zh: "仅管理员可查看审计日志。", en: "Only administrators may read the audit journal." },
  person: { zh: "操作人", en: "Person" },
  anyone: { zh: "全部", en: "Anyone" },
  command: { zh: "操作", en: "Action" },
  anyCommand: { zh: "全部", en: "Any" },
  from: { zh: "起始日期", en: "From" },
  to: { zh: "截止日期", en: "To" },
  filter: { zh: "筛选", en: "Filter" },
  clear: { zh: "清除筛选", en: "Clear" },
  export: { zh: "导出所筛选的条目（CSV）", en: "Export these entries (CSV)" },
  payloadCut: {
    zh: "…（超出 Excel 单元格上限，完整内容见 CSV 导出）",
    en: "… (cut at Excel's cell limit; the CSV export holds it whole)"
  },
  exportXlsx: { zh: "导出所筛选的条目（Excel）", en: "Export these entries (Excel)" },
  ignored: { zh: "已忽略格式错误的筛选条件：", en: "Ignored malformed filters: " },
  seq: { zh: "序号", en: "No." },
  time: { zh: "时间（北京时间）", en: "Time (Asia/Shanghai)" },
  commandCode: { zh: "操作代码", en: "Command" },
  payload: { zh: "内容", en: "Payload" },
  hash: { zh: "哈希", en: "Hash" },
  rowsImported: { zh: "导入的行", en: "rows imported" },
  newer: { zh: "← 较新", en: "← Newer" },
  older: { zh: "较早 →", en: "Older →" },
  system: { zh: "系统", en: "System" },
  setup: { zh: "首次设置", en: "First run" },
  token: { zh: "令牌", en: "Token" },
  backToJournal: { zh: "← 审计日志", en: "← Audit journal" },
  row: { zh: "行号", en: "Row" },
  kind: { zh: "类型", en: "Kind" },
  inputRecorded: { zh: "记录的内容", en: "Input recorded" },
  previous: { zh: "← 上一页", en: "← Previous" },
  next: { zh: "下一页 →", en: "Next →" },
  notVerified: {
    zh: "记录尚未核验（kejin audit verify）",
    en: "Records not verified yet (kejin audit verify)"
  },
  rawJson: { zh: "原始 JSON", en: "Raw JSON" },
  full: { zh: "完整", en: "full" },
  quick: { zh: "快速", en: "quick" }
} satisfies Record<string, LocalizedText>

/** Sentences with figures in them, in both languages. */
export const auditSentences = {
  chainIntact: (entries: number): LocalizedText => ({
    zh: `哈希链完整：共 ${entries} 条`,
    en: `Hash chain intact: ${entries} entries`
  }),
  chainBroken: (seq: number, reason: string): LocalizedText => ({
    zh: `哈希链在第 ${seq} 条断开：${reason}`,
    en: `Hash chain broken at entry ${seq}: ${reason}`
  }),
  entriesPage: (total: number, page: number): LocalizedText => ({
    zh: `共 ${total} 条，第 ${page} 页`,
    en: `${total} entries, page ${page}`
  }),
  rowsPage: (total: number, page: number): LocalizedText => ({
    zh: `共 ${total} 行，第 ${page} 页`,
    en: `${total} rows, page ${page}`
  }),
  rowsImported: (seq: number): LocalizedText => ({
    zh: `导入的行（日志 #${seq}）`,
    en: `Rows imported (journal #${seq})`
  }),
  recordsOk: (at: string, mode: string, records: number): LocalizedText => ({
    zh: `记录已于北京时间 ${at} 与日志核验一致（${mode}）：共 ${records} 条，无差异`,
    en: `Records verified against the journal at ${at} Shanghai time (${mode}): ${records} records, none differ`
  }),
  recordsDiffer: (at: string, mode: string, findings: number): LocalizedText => ({
    zh: `记录于北京时间 ${at} 核验（${mode}）：${findings} 处与日志不符`,
    en: `Records verified at ${at} Shanghai time (${mode}): ${findings} differ from the journal`
  })
}

/** The journal commands that are no declared operation's (people, tokens, imports, the audit itself). */
export const otherCommandLabels = {
  "users.add": { zh: "添加人员", en: "Add a person" },
  "users.setupAdmin": { zh: "首次设置管理员", en: "Set up the first administrator" },
  "users.setRole": { zh: "更改人员角色", en: "Change a person's role" },
  "users.disable": { zh: "停用人员", en: "Disable a person" },
  "users.enable": { zh: "启用人员", en: "Enable a person" },
  "users.resetPassword": { zh: "重置密码", en: "Reset a password" },
  "users.changeOwnPassword": { zh: "修改本人密码", en: "Change one's own password" },
  "tokens.create": { zh: "创建接口令牌", en: "Create an API token" },
  "tokens.revoke": { zh: "吊销接口令牌", en: "Revoke an API token" },
  "imports.saveMapping": { zh: "保存导入列映射", en: "Save an import's column mapping" },
  "audit.baseline": { zh: "审计基线", en: "Audit baseline" },
  "store.canonicalPatents": {
    zh: "统一专利号写法（迁移 0024）",
    en: "One spelling of patent numbers (migration 0024)"
  }
} satisfies Record<string, LocalizedText>

/**
 * The audit journal's own labels for payload fields no declaration labels: those of the commands that are
 * no declared operation's (people, tokens, a batch of registrations, a saved mapping) and a score's
 * dimensions. A field labelled nowhere reads as its key.
 */
export const payloadFieldLabels = {
  // A person's or a token's fields, as the people and tokens pages label them.
  login: columns.login,
  displayName: columns.displayName,
  role: columns.role,
  funds: columns.funds,
  password: { zh: "密码", en: "Password" },
  count: { zh: "条数", en: "Count" },
  first: { zh: "首条", en: "First" },
  last: { zh: "末条", en: "Last" },
  sha256: { zh: "SHA-256 摘要", en: "SHA-256" },
  mapping: { zh: "列对应", en: "Column mapping" },
  dimensions: { zh: "评分维度", en: "Dimensions" }
} satisfies Record<string, LocalizedText>

/**
 * The words of a payload's values where a field holds a word of a vocabulary the audit knows: a person's
 * role (as the people page names it), and what the journal keeps instead of a password.
 */
export const payloadValueLabels: Readonly<Record<string, Readonly<Record<string, LocalizedText>>>> = {
  role: roleLabels,
  password: { "(hashed, not journalled)": { zh: "（已散列，不记入日志）", en: "(hashed, not journalled)" } }
}

/** An import's entry (`imports.<kind>`): 导入 + the kind's label. */
export const importPrefix = { zh: "导入：", en: "Import: " } satisfies LocalizedText
