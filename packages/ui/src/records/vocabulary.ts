import { wordLabel } from "@kejin/core/internal"
import { catalogueText, type Lang, type LocalizedText } from "../i18n.js"

/*
 * The words of the record pages, in both languages: the page's own words and the filters every list takes
 * (by query parameter name, not per kind). A choice's labels are the core's (operations/labels.ts
 * `choiceVocabularies`, the equity vocabularies), the words its exports write and its imports read: the
 * pages take them from there, never declare them again.
 */

export const words = {
  title: { zh: "联动试点", en: "Linkage pilots" },
  kinds: { zh: "记录类型", en: "Record kinds" },
  all: { zh: "全部", en: "All" },
  yes: { zh: "是", en: "Yes" },
  no: { zh: "否", en: "No" },
  filter: { zh: "筛选", en: "Filter" },
  clear: { zh: "清除筛选", en: "Clear" },
  sortBy: { zh: "按此列排序", en: "Sort by this column" },
  previous: { zh: "← 上一页", en: "← Previous" },
  next: { zh: "下一页 →", en: "Next →" },
  csv: { zh: "下载 CSV", en: "Download CSV" },
  xlsx: { zh: "下载 Excel", en: "Download Excel" },
  none: { zh: "没有符合条件的记录", en: "No records match" },
  filterProblems: {
    zh: "筛选条件有误，请更正后重试：",
    en: "The filters cannot be applied; please correct them:"
  },
  record: { zh: "登记", en: "Record" },
  recorded: catalogueText("record-recorded"),
  open: { zh: "查看记录", en: "Open it" },
  reversed: { zh: "已冲销", en: "Reversed" },
  live: { zh: "有效", en: "Live" },
  details: { zh: "详情", en: "Details" },
  history: { zh: "记录历史", en: "History" },
  recordedIn: { zh: "登记于日志第 {seq} 条", en: "Recorded in journal entry {seq}" },
  recordedBy: {
    zh: "{at} 由 {actor} 登记（日志第 {seq} 条）",
    en: "Recorded by {actor} at {at} (journal entry {seq})"
  },
  by: { zh: "（{at}，{actor}，日志第 {seq} 条）", en: "(by {actor} at {at}, journal entry {seq})" },
  reversedIn: { zh: "已由冲销记录 {id} 冲销", en: "Reversed by reversal {id}" },
  reversalHistory: { zh: "冲销：{on}，原因：{reason}", en: "Reversed on {on}: {reason}" },
  reverse: { zh: "冲销此记录", en: "Reverse this record" },
  reverseRow: { zh: "冲销", en: "Reverse" },
  actions: { zh: "操作", en: "Actions" },
  reason: { zh: "冲销原因", en: "Reason" },
  confirm: {
    zh: "我确认冲销此记录（它将不再计入任何数据）",
    en: "I confirm: reverse this record (it no longer counts in any figure)"
  },
  mustConfirm: { zh: "请勾选确认", en: "Please confirm" },
  reversesOnly: catalogueText("record-reverses-only"),
  dependentsFirst: {
    zh: "下列依赖本记录的记录须先冲销，否则冲销会被拒绝：",
    en: "These records depend on this one and must be reversed first, or the reversal is refused:"
  },
  dependentCount: { zh: "{list}：{count} 条有效记录", en: "{list}: {count} live record(s)" },
  cancel: { zh: "取消", en: "Cancel" },
  reversedWhoWhen: {
    zh: "{at}（北京时间）由 {actor} 冲销，原因：{reason}",
    en: "Reversed by {actor} at {at} (Beijing time): {reason}"
  },
  correct: { zh: "登记更正后的记录", en: "Record the corrected one" },
  correctNote: catalogueText("record-correction-note"),
  reversedNotice: catalogueText("record-reversed"),
  back: { zh: "返回列表", en: "Back to the list" },
  home: { zh: "返回总览", en: "Back to the dashboard" },
  notFound: { zh: "没有这条记录", en: "No such record" },
  noGet: catalogueText("record-no-single-read"),
  range: { zh: "第 {range} 条，共 {total} 条", en: "{range} of {total}" },
  totalNote: {
    zh: "合计：筛选结果共 {total} 条（金额合计暂不提供：列表接口未返回）",
    en: "Total: {total} matching records (no money totals: the list does not answer them)"
  },
  totalSum: {
    zh: "合计：筛选结果共 {total} 条，{column}合计 ",
    en: "Total: {total} matching records, {column} in all: "
  },
  refused: catalogueText("form-correct-marked"),
  unknownRef: { zh: "找不到", en: "not found" }
} satisfies Record<string, LocalizedText>

export type Word = keyof typeof words

/** A word in the page's language, with `{name}` filled from `values`. */
export const t = (word: Word, lang: Lang, values: Readonly<Record<string, string | number>> = {}): string =>
  words[word][lang].replace(/\{([a-z]+)\}/g, (_, name: string) => String(values[name] ?? ""))

/** The filters the linkage lists take, by query parameter name. */
export const filterLabels: Readonly<Record<string, LocalizedText>> = {
  enterprise: { zh: "企业统一社会信用代码", en: "Enterprise credit code" },
  from: { zh: "日期自", en: "From" },
  to: { zh: "日期至", en: "To" },
  includeReversed: { zh: "含已冲销", en: "Include reversed" },
  pilot: { zh: "试点", en: "Pilot" },
  kind: { zh: "类型", en: "Kind" },
  pool: { zh: "资金池代码", en: "Pool code" },
  modelVersion: { zh: "模型版本", en: "Model version" },
  status: { zh: "状态", en: "Status" },
  q: { zh: "搜索", en: "Search" },
  sort: { zh: "排序", en: "Sort" },
  limit: { zh: "每页条数", en: "Page size" },
  offset: { zh: "起始位置", en: "Offset" },
  // The fund ledger's and the registrations' filters behind a figure (drill-down).
  techCategory: { zh: "技术类别", en: "Technology" },
  mode: { zh: "投资方式", en: "Investment mode" },
  lpFund: { zh: "出资基金代码", en: "LP fund code" },
  government: { zh: "政府出资（财政、国资）", en: "Government money (fiscal, state-owned)" },
  local: { zh: "投资温州企业（返投）", en: "Invested in Wenzhou (local reinvestment)" },
  inclusive: { zh: "普惠（单笔不超过）", en: "Inclusive (at most)" },
  firstPledge: { zh: "首次质押", en: "First pledge" }
}

/**
 * The label of `word`, one of a choice's `literals` (all of them: the same word may be named otherwise in
 * another choice, `risk-compensation` a pilot or a pool's kind), from the core's vocabulary naming them;
 * the word itself when none does.
 */
export const choiceLabel = (literals: ReadonlyArray<string>, word: string): LocalizedText =>
  wordLabel(literals, word) ?? { zh: word, en: word }

/** A choice's label in the page's language (see {@link choiceLabel}). */
export const choiceText = (literals: ReadonlyArray<string>, word: string, lang: Lang): string =>
  choiceLabel(literals, word)[lang]

/** Each of `literals` with its label (see {@link choiceLabel}), for a choice the page names by its words. */
export const choiceLabels = <W extends string>(
  literals: ReadonlyArray<W>
): Readonly<Record<W, LocalizedText>> =>
  Object.fromEntries(literals.map((word) => [word, choiceLabel(literals, word)])) as Record<W, LocalizedText>
