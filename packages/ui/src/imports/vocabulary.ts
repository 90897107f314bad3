import type { ImportMode, RowStatus } from "@kejin/core"
import type { Lang, LocalizedText } from "../i18n.js"
import { choiceText } from "../records/vocabulary.js"

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
  firstSheet: {
    zh: "读取的是第一个工作表“{sheet}”；数据在其他工作表时，请在“工作表”中填写其名称或序号后重新检查。",
    en: "The first sheet, “{sheet}”, was read: if the table is on another sheet, give its name or position under “Sheet” and check again."
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
  unknownKind: { zh: "没有这种导入类型。", en: "No such kind of import." },
  source: { zh: "来源（可选，如 工商银行）", en: "Source (optional, such as a bank's name)" },
  sourceName: { zh: "来源", en: "Source" },
  sourceHint: {
    zh: "同一来源的文件格式相同：为来源保存的列对应会在下次检查时自动使用。",
    en: "Files from one source share a layout: a mapping saved for the source is used at its next check."
  },
  sourceInvalid: {
    zh: "来源名称须为 1 至 100 个字符，且不含控制字符或不可见字符。",
    en: "A source's name has 1 to 100 characters, without control or invisible characters."
  },
  sourceNeeded: {
    zh: "要保存列对应，请填写来源。",
    en: "Give the source's name to save the mapping for it."
  },
  unit: { zh: "单位", en: "Unit" },
  unitChoose: { zh: "请选择单位…", en: "Choose the unit…" },
  unitUnreadable: {
    zh: "表头中的单位无法导入：请选择此列的单位（元、万元或亿元），或换算后再导入。",
    en: "The unit the header names cannot be imported: choose the column's unit (yuan, 万元 or 亿元), or convert the amounts first."
  },
  constants: {
    zh: "文件中没有的字段：每行相同的值（可选）",
    en: "Fields the file lacks: one value for every row (optional)"
  },
  constantsIntro: {
    zh: "填写的值用于每一行；留空则不导入该字段（必填字段会报错）。",
    en: "A value given here is used for every row; left empty, the field is not imported (a required one is reported)."
  },
  constantValue: { zh: "每行的值", en: "Value for every row" },
  constantTaken: {
    zh: "文件中已有一列导入此字段：请留空，或将该列设为“不导入”。",
    en: "A column of the file is imported as this field: leave this empty, or set that column to “Do not import”."
  },
  saveMapping: {
    zh: "导入时保存此列对应，供同一来源以后的文件使用",
    en: "Save this mapping for the source when importing, for its later files"
  },
  mappingErrors: {
    zh: "列的对应有误：请更正下列标出的内容后重新检查。",
    en: "The mapping has mistakes: correct what is marked below and check again."
  },
  sourceChanged: {
    zh: "来源已更改，未导入任何数据：已按新的来源重新检查，请核对列的对应后再确认导入。",
    en: "The source changed, so nothing was recorded: the file was checked again for the new source; review the mapping, then import."
  },
  yes: { zh: "是", en: "Yes" },
  no: { zh: "否", en: "No" }
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

/** A column of the file, by its header: `列“贷款行”` / `column “贷款行”`. */
export const columnName = (header: string, lang: Lang): string =>
  lang === "en" ? `column “${header}”` : `列“${header}”`

/** The unit of a column: `列“金额”的单位` / `the unit of column “金额”`. */
export const unitName = (header: string, lang: Lang): string =>
  lang === "en" ? `the unit of column “${header}”` : `列“${header}”的单位`

/** Why a column cannot take a field another column takes. */
export const fieldTakenText = (field: string, header: string, lang: Lang): string =>
  lang === "en"
    ? `“${field}” is already imported from column “${header}”: choose another field or “Do not import”.`
    : `“${field}”已由列“${header}”导入：请选择其他字段或“不导入”。`

/** Why two columns whose headers read the same cannot go to different fields. */
export const sameHeaderText = (header: string, lang: Lang): string =>
  lang === "en"
    ? `its header reads the same as column “${header}”'s: both must be imported the same way (or rename one in the file).`
    : `表头与列“${header}”相同（忽略括号中的单位等）：两列须按相同方式导入，或在文件中修改其中一个表头。`

/** What the page says of the mapping saved for the source. */
export const savedText = (
  state: "used" | "differs" | "none",
  source: string,
  journalSeq: number | undefined,
  lang: Lang
): string => {
  if (lang === "en")
    return state === "used"
      ? `The mapping saved for “${source}” is used (journal entry #${journalSeq}).`
      : state === "differs"
        ? `This differs from the mapping saved for “${source}” (journal entry #${journalSeq}): tick “Save” below to replace it.`
        : `No mapping is saved for “${source}” yet: tick “Save” below to keep this one.`
  return state === "used"
    ? `已使用为“${source}”保存的列对应（日志条目 #${journalSeq}）。`
    : state === "differs"
      ? `与为“${source}”保存的列对应（日志条目 #${journalSeq}）不同：勾选下方“保存”可替换。`
      : `尚无为“${source}”保存的列对应：勾选下方“保存”即可保存当前的对应。`
}

/** What a commit did with the mapping. */
export const mappingSavedText = (source: string, journalSeq: number | undefined, lang: Lang): string =>
  journalSeq === undefined
    ? lang === "en"
      ? `The mapping for “${source}” is the one already saved.`
      : `“${source}”的列对应与已保存的相同，未重复保存。`
    : lang === "en"
      ? `Saved the mapping for “${source}” (journal entry #${journalSeq}).`
      : `已保存“${source}”的列对应（日志条目 #${journalSeq}）。`

/** The mapping was not saved: the import did not go through. */
export const mappingNotSavedText = (lang: Lang): string =>
  lang === "en" ? "The mapping was not saved: nothing was imported." : "未保存列对应：没有导入任何数据。"

/** A money unit's name. */
export const unitLabels: Readonly<Record<"yuan" | "wan" | "yi", LocalizedText>> = {
  yuan: { zh: "元", en: "yuan" },
  wan: { zh: "万元", en: "万元 (10k yuan)" },
  yi: { zh: "亿元", en: "亿元 (100m yuan)" }
}

/** A word of a choice (`words`, all of them) in the page's language: from the table naming them all. */
export const wordText = (words: ReadonlyArray<string>, word: string, lang: Lang): string =>
  choiceText(words, word, lang)
