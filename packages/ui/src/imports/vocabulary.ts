import type { ImportMode, RowStatus } from "@kejin/core"
import { catalogueText, type Lang, type LocalizedText, textOf } from "../i18n.js"
import { choiceText } from "../records/vocabulary.js"

/*
 * Every word of the import pages, Chinese first: the labels here, the sentences (intros, notices, refusals)
 * from the message catalogue's `import-page-…` block. The kinds' own names and their columns' labels come
 * from the core's declarations (`kejin.imports.kinds()`); the rows' reasons from the engine ({ zh, en } each).
 */

export const words = {
  imports: { zh: "导入", en: "Import" },
  importsTitle: { zh: "导入 Excel/CSV", en: "Import Excel/CSV" },
  importLink: { zh: "导入 Excel/CSV", en: "Import Excel/CSV" },
  indexIntro: catalogueText("import-page-index-intro"),
  indexNone: catalogueText("import-page-index-none"),
  columns: { zh: "可导入的列", en: "Columns it takes" },
  columnsIntro: catalogueText("import-page-columns-intro"),
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
  mappingIntro: catalogueText("import-page-mapping-intro"),
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
  readyAll: catalogueText("import-page-ready-all"),
  notReady: catalogueText("import-page-not-ready"),
  refused: { zh: "无法导入", en: "Cannot import" },
  nothingWritten: catalogueText("import-page-nothing-written"),
  emptyFile: catalogueText("import-page-empty-file"),
  noColumns: catalogueText("import-page-no-columns"),
  noFile: catalogueText("import-page-no-file"),
  tooLarge: catalogueText("import-page-too-large"),
  committed: { zh: "已导入", en: "Imported" },
  identicalOnly: catalogueText("import-page-identical-only"),
  notCommitted: catalogueText("import-page-not-committed"),
  journalEntry: { zh: "日志条目", en: "Journal entry" },
  toList: { zh: "查看列表", en: "Open the list" },
  toIndex: { zh: "全部导入类型", en: "Every kind of import" },
  backToDashboard: { zh: "返回总览", en: "Back to the dashboard" },
  forbidden: catalogueText("import-page-forbidden"),
  unknownKind: catalogueText("import-page-unknown-kind"),
  source: { zh: "来源（可选，如 工商银行）", en: "Source (optional, such as a bank's name)" },
  sourceName: { zh: "来源", en: "Source" },
  sourceHint: catalogueText("import-page-source-hint"),
  sourceInvalid: catalogueText("import-page-source-invalid"),
  sourceNeeded: catalogueText("import-page-source-needed"),
  unit: { zh: "单位", en: "Unit" },
  unitChoose: { zh: "请选择单位…", en: "Choose the unit…" },
  unitUnreadable: catalogueText("import-page-unit-unreadable"),
  constants: {
    zh: "文件中没有的字段：每行相同的值（可选）",
    en: "Fields the file lacks: one value for every row (optional)"
  },
  constantsIntro: catalogueText("import-page-constants-intro"),
  constantValue: { zh: "每行的值", en: "Value for every row" },
  constantTaken: catalogueText("import-page-constant-taken"),
  saveMapping: {
    zh: "导入时保存此列对应，供同一来源以后的文件使用",
    en: "Save this mapping for the source when importing, for its later files"
  },
  mappingErrors: catalogueText("import-page-mapping-errors"),
  sourceChanged: catalogueText("import-page-source-changed"),
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
  textOf(catalogueText("import-page-imported", { rows: String(rows) }), lang)

/** A column of the file, by its header: `列“贷款行”` / `column “贷款行”`. */
export const columnName = (header: string, lang: Lang): string =>
  lang === "en" ? `column “${header}”` : `列“${header}”`

/** The unit of a column: `列“金额”的单位` / `the unit of column “金额”`. */
export const unitName = (header: string, lang: Lang): string =>
  lang === "en" ? `the unit of column “${header}”` : `列“${header}”的单位`

/** Why a column cannot take a field another column takes. */
export const fieldTakenText = (field: string, header: string, lang: Lang): string =>
  textOf(catalogueText("import-page-field-taken", { field, header }), lang)

/** Why two columns whose headers read the same cannot go to different fields. */
export const sameHeaderText = (header: string, lang: Lang): string =>
  textOf(catalogueText("import-page-same-header", { header }), lang)

/** What the page says of the mapping saved for the source. */
export const savedText = (
  state: "used" | "differs" | "none",
  source: string,
  journalSeq: number | undefined,
  lang: Lang
): string =>
  textOf(
    state === "none"
      ? catalogueText("import-page-mapping-none-saved", { source })
      : catalogueText(state === "used" ? "import-page-mapping-used" : "import-page-mapping-differs", {
          source,
          journalSeq: String(journalSeq)
        }),
    lang
  )

/** What a commit did with the mapping. */
export const mappingSavedText = (source: string, journalSeq: number | undefined, lang: Lang): string =>
  textOf(
    journalSeq === undefined
      ? catalogueText("import-page-mapping-already-saved", { source })
      : catalogueText("import-page-mapping-saved", { source, journalSeq: String(journalSeq) }),
    lang
  )

/** The mapping was not saved: the import did not go through. */
export const mappingNotSavedText = (lang: Lang): string =>
  textOf(catalogueText("import-page-mapping-not-saved"), lang)

/** A money unit's name. */
export const unitLabels: Readonly<Record<"yuan" | "wan" | "yi", LocalizedText>> = {
  yuan: { zh: "元", en: "yuan" },
  wan: { zh: "万元", en: "万元 (10k yuan)" },
  yi: { zh: "亿元", en: "亿元 (100m yuan)" }
}

/** A word of a choice (`words`, all of them) in the page's language: from the table naming them all. */
export const wordText = (words: ReadonlyArray<string>, word: string, lang: Lang): string =>
  choiceText(words, word, lang)
