import type { LocalizedText } from "../i18n.js"

/*
 * The equity chain's words (DOMAIN.md) for people: Chinese first, English beside it. The keys are the
 * core's literals, so a select's option values are exactly what the core decodes.
 */

export {
  CHAIN_STAGES,
  chainStageLabels,
  distributionKindLabels,
  enterpriseStageLabels,
  entryKindLabels,
  exitRouteLabels,
  fundKindLabels,
  fundOriginLabels,
  fundStatusLabels,
  instrumentLabels,
  investmentModeLabels,
  lpTypeLabels,
  proRataBasisLabels,
  techCategoryLabels
} from "@kejin/core"

/** `{ value, label }` pairs of a label table, in its order, for a select. */
export const optionsOf = <K extends string>(
  labels: Record<K, LocalizedText>,
  lang: "zh" | "en"
): ReadonlyArray<{ readonly value: string; readonly label: string }> =>
  (Object.keys(labels) as Array<K>).map((value) => ({
    value,
    label: lang === "en" ? labels[value].en : labels[value].zh
  }))

/** The label of a literal, falling back to the literal itself (a value newer than this table). */
export const labelOf = (labels: Record<string, LocalizedText>, key: string | null): LocalizedText =>
  key === null ? { zh: "—", en: "—" } : (labels[key] ?? { zh: key, en: key })
