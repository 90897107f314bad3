import { type MessageCode, type MessageParams, messageText } from "@kejin/core"
import type { Child } from "hono/jsx"

/** The two languages of the dashboard: Chinese first (the bureau's working language), English on request. */
export type Lang = "zh" | "en"

/** A label in both languages. */
export interface LocalizedText {
  readonly zh: string
  readonly en: string
}

/** `?lang=en` switches to English; anything else is Chinese. */
export const langOf = (query: Readonly<Record<string, string>>): Lang => (query.lang === "en" ? "en" : "zh")

/**
 * `href` keeping English: `/journey` → `/journey?lang=en` on an English page (before any `#fragment`, after
 * any query it has); unchanged on a Chinese page, for a fragment-only link, or when it names a language.
 */
export const withLang = (href: string, lang: Lang): string => {
  if (lang !== "en" || href.startsWith("#")) return href
  const hash = href.indexOf("#")
  const path = hash === -1 ? href : href.slice(0, hash)
  const fragment = hash === -1 ? "" : href.slice(hash)
  const query = path.indexOf("?")
  if (query !== -1 && new URLSearchParams(path.slice(query + 1)).has("lang")) return href
  return `${path}${query === -1 ? "?" : "&"}lang=en${fragment}`
}

/** The value of an HTML `lang` attribute. */
export const htmlLang = (lang: Lang): string => (lang === "en" ? "en" : "zh-CN")

/** The text in the reader's language: plain text, for attributes and `<title>`. */
export const textOf = (text: LocalizedText, lang: Lang): string => (lang === "en" ? text.en : text.zh)

/** Message `code` of the core's catalogue (with `params`) in both languages: a page's sentence said once there. */
export const catalogueText = (code: MessageCode, params: MessageParams = {}): LocalizedText => ({
  zh: messageText(code, params, "zh") ?? code,
  en: messageText(code, params, "en") ?? code
})

/** Where a part stands in a sentence's words: a character no sentence holds, around the part's name. */
const partMark = "\u0000"

/**
 * Message `code` of the catalogue in `lang`, with `parts` in it that are not plain text (a figure shown as
 * money, a link, or a clause already in `lang`): each stands where the entry's words name it, so a sentence
 * whose parts come in another order in the other language is still said once, in the catalogue.
 */
export const catalogueNodes = (
  code: MessageCode,
  lang: Lang,
  parts: Readonly<Record<string, Child>>
): Array<Child> => {
  const marks = Object.fromEntries(Object.keys(parts).map((name) => [name, `${partMark}${name}${partMark}`]))
  const words = messageText(code, marks, lang) ?? code
  return words.split(partMark).map((piece, i) => (i % 2 === 1 ? (parts[piece] ?? piece) : piece))
}

/** A label for people, in the page's language only (Chinese pages say no English, English pages no Chinese). */
export const Label = (props: { text: LocalizedText; lang: Lang }) => textOf(props.text, props.lang)

/** The words of a list's export links (导出 CSV / 导出 Excel). */
export const exportWords = {
  csv: { zh: "导出 CSV", en: "Export CSV" },
  xlsx: { zh: "导出 Excel", en: "Export Excel" },
  title: { zh: "按当前筛选条件导出全部记录", en: "Every record matching the current filters" },
  tableTitle: { zh: "按当前条件导出此表", en: "This table, as the page shows it" }
} as const satisfies Record<string, LocalizedText>
