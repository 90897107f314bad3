import type { LocalizedText } from "../i18n.js"

/**
 * What counts toward the 25亿 (DOMAIN.md), in words: every page and report showing pledge financing states it
 * in its footnote (the progress and breakdown panels, the monthly report).
 */
export const COUNTING_RULE: LocalizedText = {
  zh: "口径：质押融资额为登记日期在期内的质押登记的被担保主债权数额之和，各按期末有效的数额计（变更自变更日起计）；已撤销的登记不计，已注销（解除）的照计；已冲销的记录不计。",
  en: "Rule: the financing of a period is the sum of the secured amounts of the registrations registered in it, each at the amount in force at the period's end (a change counts from its date); cancelled registrations count nothing, released ones count; reversed records count nothing."
}
