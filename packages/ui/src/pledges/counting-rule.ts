import { catalogueText, type LocalizedText } from "../i18n.js"

/**
 * What counts toward the 25亿 (DOMAIN.md), in words: every page and report showing pledge financing states it
 * in its footnote (the progress and breakdown panels, the monthly report).
 */
export const COUNTING_RULE: LocalizedText = catalogueText("pledge-counting-rule")
