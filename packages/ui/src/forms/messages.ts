import type { LocalizedText } from "../i18n.js"

/*
 * The forms' catalogue of the core's issues that carry a stable `code`: what a form says for each, in the
 * page's language (the core's own message is English, for the API's problem `detail` and `errors`). An
 * issue without a code, or with one the catalogue lacks, is shown as the core words it.
 */
export const issueMessages: Readonly<Record<string, LocalizedText>> = {
  "enterprise-not-registered": {
    zh: "企业库中没有此统一社会信用代码的企业，专利质押登记中也没有：请先登记该企业",
    en: "No enterprise with this credit code is in the registry or named by a pledge registration: register it first"
  }
}
