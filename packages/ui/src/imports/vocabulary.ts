import type { ImportMode, RowStatus } from "@kejin/core"
import type { Lang, LocalizedText } from "../i18n.js"

/*
 * Every word of the import pages, Chinese first. The kinds' own names and their columns' labels come from
 * the core's declarations (`kejin.imports.kinds()`); the rows' reasons from the engine ({ zh, en } each).
 */

export const words = {
  imports: { zh: "导入", en: "Import" },
  importsTitle: { zh: "导入 Excel/CSV", en: "Import Excel/CSV" },
  importLink: { zh: "导入 Excel/CSV", en: "Import Excel/CSV" },
  indexIntro: {
    zh: "选择要导入的数据类型：每一类都有模板、字段说明和导入前的检查。",
    en: "Choose what to import: each kind has a template, its columns and a check before anything is recorded."
  },
  indexNone: { zh: "您的角色没有可导入的数据类型。", en: "Your role may not import anything." },
  columns: { zh: "可导入的列", en: "Columns it takes" },
  columnsIntro: {
    zh: "第一行为表头；表头写法可与下列名称不同（如“金额（万元）”），检查时会显示识别结果，可逐列修改。",
    en: "The first row is the header; headers may be written otherwise (such as “Amount (10k CNY)”): the check shows how each was read, and you may change it."
  },
  columnLabel: { zh: "列名", en: "Column" },
  columnKey: { zh: "字段", en: "Field" },
  columnType: { zh: "类型", en: "Type" },
  template: { zh: "下载模板", en: "Download a template" },
  templateXlsx: { zh: "Excel 模板 (.xlsx)", en: "Excel template (.xlsx)" },
  templateCsv: { zh: "CSV 模板 (.csv)", en: "CSV template (.csv)" },
  file: { zh: "文件（.xlsx 或 .csv，最大 20 MB）", en: "File (.xlsx or .csv, at most 20 MB)" },
  sheet: { zh: "工作表（可选，默认第一个）", en: "Sheet (optional, the first by default)" },
  mode: { zh: "导入方式", en: "Mode" },
  check: { zh: "检查", en: "Check" },
  confirm: { zh: "确认导入", en: "Import" },
  downloadReport: { zh: "下载报告 (Excel)", en: "Download the report (Excel)" },
  mapping: { zh: "列的识别", en: "How the columns were read" },
  mappingIntro: {
    zh: "每一列导入到哪个字段；可修改后重新检查。",
    en: "Which field each column goes to; change any and check again."
  },
  header: { zh: "文件中的表头", en: "Header in the file" },
  field: { zh: "导入为", en: "Imported as" },
  ignore: { zh: "不导入", en: "Do not import" },
  unknownColumn: { zh: "未识别的列", en: "Unknown column" },
  absent: { zh: "文件中没有的字段", en: "Fields the file does not have" },
  preview: { zh: "前 10 行预览", en: "The first 10 rows" },
  rowNo: { zh: "行号", en: "Row" },
  status: { zh: "状态", en: "Status" },
  dryRun: { zh: "检查结果（未写入任何数据）", en: "Check (nothing was recorded)" },
  rows: { zh: "行", en: "Rows" },
  problems: { zh: "有问题的行", en: "Rows with problems" },
  problemsFirst: { zh: "（仅列出前 100 行）", en: "(the first 100 only)" },
  where: { zh: "字段/表头", en: "Field / header" },
  reason: { zh: "原因", en: "Reason" },
  readyAll: {
    zh: "全部通过：确认后将导入这些行。",
    en: "Every row passed: confirm to record them."
  },
  notReady: {
    zh: "有错误或冲突的行：请修改文件后重新检查，或选择“仅导入有效行”。",
    en: "Some rows are in error or in conflict: fix the file and check again, or choose “Valid rows only”."
  },
  refused: { zh: "无法导入", en: "Cannot import" },
  nothingWritten: { zh: "未写入任何数据。", en: "Nothing was recorded." },
  emptyFile: { zh: "文件是空的，没有表头。", en: "The file is empty: it has no header row." },
  noColumns: {
    zh: "没有一列能识别为此类数据的字段：请在下表中为各列选择字段后重新检查，或使用模板。",
    en: "No column was recognised as a field of this kind: choose a field for the columns below and check again, or use the template."
  },
  noFile: { zh: "请选择要上传的文件。", en: "Choose a file to upload." },
  tooLarge: {
    zh: "文件超过 20 MB，无法上传：请拆分为多个文件后分别导入。",
    en: "The file is larger than 20 MB and cannot be uploaded: split it into several files and import each."
  },
  committed: { zh: "已导入", en: "Imported" },
  identicalOnly: {
    zh: "没有新的记录：这些行与之前导入的相同，已跳过。",
    en: "Nothing new: these rows are identical to rows imported before and were skipped."
  },
  notCommitted: {
    zh: "未导入：有错误或冲突的行（全部或全不）。请修改后重新检查。",
    en: "Not imported: some rows are in error or in conflict (all or nothing). Fix them and check again."
  },
  journalEntry: { zh: "日志条目", en: "Journal entry" },
  toList: { zh: "查看列表", en: "Open the list" },
  toIndex: { zh: "全部导入类型", en: "Every kind of import" },
  backToDashboard: { zh: "返回总览", en: "Back to the dashboard" },
  forbidden: { zh: "您的角色无权导入此类数据。", en: "Your role may not import this." },
  unknownKind: { zh: "没有这种导入类型。", en: "No such kind of import." }
} as const satisfies Record<string, LocalizedText>

export type Word = keyof typeof words

/** A word in the page's language. */
export const t = (word: Word, lang: Lang): string => words[word][lang]

export const modeLabels: Readonly<Record<Exclude<ImportMode, "dry-run">, LocalizedText>> = {
  "all-or-nothing": {
    zh: "全部或全不（有任何错误则不导入）",
    en: "All or nothing (nothing if any row fails)"
  },
  "skip-invalid": { zh: "仅导入有效行", en: "Valid rows only" }
}

/** The counts of a check, by the rows' status. */
export const countLabels: Readonly<Record<RowStatus, LocalizedText>> = {
  ok: { zh: "通过", en: "OK" },
  error: { zh: "错误", en: "Errors" },
  identical: { zh: "相同已跳过", en: "Identical, skipped" },
  conflict: { zh: "冲突", en: "Conflicts" }
}

/** A column's type, as the page lists it. */
export const typeLabels: Readonly<Record<string, LocalizedText>> = {
  text: { zh: "文本", en: "Text" },
  money: { zh: "金额", en: "Amount" },
  date: { zh: "日期", en: "Date" },
  number: { zh: "数字", en: "Number" },
  decimal: { zh: "小数", en: "Decimal" },
  boolean: { zh: "是/否", en: "Yes/no" },
  list: { zh: "多个（以分号分隔）", en: "Several (separated by ;)" }
}

/** 导入：登记专利质押融资 / Import: Record a patent pledge loan. */
export const kindTitle = (label: LocalizedText): LocalizedText => ({
  zh: `导入：${label.zh}`,
  en: `Import: ${label.en}`
})

/** `已导入 3 行` / `Imported 3 rows`. */
export const importedText = (rows: number, lang: Lang): string =>
  lang === "en" ? `Imported ${rows} row${rows === 1 ? "" : "s"}.` : `已导入 ${rows} 行。`

/** The failure of an upload the reader cannot read, with its reason. */
export const unreadableText = (reason: LocalizedText, lang: Lang): string =>
  lang === "en" ? `The file cannot be read: ${reason.en}.` : `无法读取文件：${reason.zh}。`
