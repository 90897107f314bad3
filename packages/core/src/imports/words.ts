import * as equity from "../equity/vocabulary.js"
import type { CellResult, CellValue } from "../io/cells.js"
import { textCell } from "../io/cells.js"
import { choiceVocabularies } from "../operations/labels.js"
import type { Label } from "../operations/operation.js"
import { wordSynonyms } from "./synonyms.js"

/*
 * A choice of words in a sheet (出资人类型, 退出方式…): the core's own word (`fiscal`) or its label in either
 * language (财政, Fiscal; 上市（IPO）, 上市 or IPO), from the vocabularies the dashboard shows, or a word
 * senders use for it (synonyms.ts `wordSynonyms`: 转让 for 债权转让).
 */

const vocabularies: ReadonlyArray<Readonly<Record<string, Label>>> = [
  equity.chainStageLabels,
  equity.fundKindLabels,
  equity.fundStatusLabels,
  equity.fundOriginLabels,
  equity.lpTypeLabels,
  equity.distributionKindLabels,
  equity.instrumentLabels,
  equity.investmentModeLabels,
  equity.exitRouteLabels,
  equity.techCategoryLabels,
  equity.enterpriseStageLabels,
  equity.waterfallLabels,
  ...choiceVocabularies
]

/** A label as matched: NFKC, lower case, no spaces. */
const wordKey = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "")

/** Each way a label may be written: whole, without its bracketed part, and the bracketed part alone. */
const spellings = (label: string): ReadonlyArray<string> => {
  const bracket = /^(.*?)\(([^()]*)\)$/.exec(label.normalize("NFKC"))
  return bracket === null ? [label] : [label, bracket[1] ?? "", bracket[2] ?? ""]
}

const lookups = new Map<
  string,
  { words: Map<string, string>; shown: Label; labels: ReadonlyMap<string, Label> } | undefined
>()

/** The labels of a choice of words (a vocabulary naming each of them), as a lookup, or undefined. */
const lookupOf = (literals: ReadonlyArray<string>) => {
  const id = literals.join("|")
  if (lookups.has(id)) return lookups.get(id)
  // The vocabulary of exactly these words, else the smallest naming them all (a claim's kinds are two of
  // the pilots, with words of their own).
  const table = vocabularies
    .filter((v) => literals.every((l) => v[l] !== undefined))
    .reduce<Readonly<Record<string, Label>> | undefined>(
      (best, v) => (best === undefined || Object.keys(v).length < Object.keys(best).length ? v : best),
      undefined
    )
  const found =
    table === undefined
      ? undefined
      : {
          words: new Map(
            literals.flatMap((literal) => {
              const label = table[literal]!
              return [literal, label.zh, label.en, ...(wordSynonyms[label.zh] ?? [])]
                .flatMap(spellings)
                .filter((s) => s !== "")
                .map((s) => [wordKey(s), literal] as const)
            })
          ),
          shown: {
            zh: literals.map((l) => table[l]!.zh).join("、"),
            en: literals.map((l) => `${table[l]!.en} (${l})`).join(", ")
          },
          labels: new Map(literals.map((l) => [l, table[l]!] as const))
        }
  lookups.set(id, found)
  return found
}

/** A cell of a choice of words: one of them, or a label of one. */
export const wordCell = (literals: ReadonlyArray<string>, value: CellValue): CellResult => {
  const text = textCell(value)
  if (!text.ok || typeof text.value !== "string" || literals.includes(text.value)) return text
  const lookup = lookupOf(literals)
  const literal = lookup?.words.get(wordKey(text.value))
  if (literal !== undefined) return { ok: true, value: literal }
  return {
    ok: false,
    problem: {
      zh: `“${text.value}”不是可选的值：${lookup?.shown.zh ?? literals.join("、")}`,
      en: `"${text.value}" is not one of: ${lookup?.shown.en ?? literals.join(", ")}`
    }
  }
}

/**
 * The label of `word`, one of a choice's `literals`, from the vocabulary naming all of them (what the
 * dashboard shows, and what {@link wordCell} reads back), or undefined when no vocabulary names them.
 */
export const wordLabel = (literals: ReadonlyArray<string>, word: string): Label | undefined =>
  lookupOf(literals)?.labels.get(word)
