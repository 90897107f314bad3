import { ClaimKind, EnterpriseSize, PoolKind, pilots, pledgeStatuses } from "@kejin/core"
import { choiceVocabularies } from "@kejin/core/internal"
import { describe, expect, it } from "vitest"
import { claimKindLabels, pilotLabels, poolKindLabels } from "../linkage/vocabulary.js"
import { statusLabels } from "../pledges/format.js"
import { SIZES } from "../pledges/registration-form.js"
import { choiceLabel, choiceText } from "./vocabulary.js"

/** The core's vocabulary naming exactly `literals`. */
const coreVocabulary = (literals: ReadonlyArray<string>) =>
  choiceVocabularies.find(
    (v) => Object.keys(v).length === literals.length && literals.every((l) => v[l] !== undefined)
  )

describe("the pages' choice labels are the core's", () => {
  it("names each choice as its export writes it, in both languages", () => {
    for (const [literals, labels] of [
      [pilots, pilotLabels],
      [PoolKind.literals, poolKindLabels],
      [ClaimKind.literals, claimKindLabels],
      [pledgeStatuses, statusLabels]
    ] as const) {
      const vocabulary = coreVocabulary(literals)
      expect(vocabulary, literals.join("|")).toBeDefined()
      for (const word of literals) expect(labels[word as keyof typeof labels]).toEqual(vocabulary?.[word])
    }
    expect(SIZES).toEqual(
      EnterpriseSize.literals.map((value) => ({
        value,
        label: coreVocabulary(EnterpriseSize.literals)?.[value]
      }))
    )
  })

  it("a word named otherwise in another choice takes the label of the choice it is in", () => {
    // `risk-compensation` is a pilot, a pool's kind and a claim's kind, each with its own words.
    expect(choiceText(pilots, "risk-compensation", "zh")).toBe("风险补偿资金池")
    expect(choiceText(PoolKind.literals, "risk-compensation", "en")).toBe("Risk compensation")
    expect(choiceText(ClaimKind.literals, "risk-compensation", "en")).toBe("Risk compensation claim")
    // An equity vocabulary (core equity/vocabulary.ts) too, and a word no vocabulary names as it is.
    expect(choiceText(["city-fund", "sub-fund", "chain"], "sub-fund", "zh")).toBe("子基金")
    expect(choiceLabel(["x-unknown"], "x-unknown")).toEqual({ zh: "x-unknown", en: "x-unknown" })
  })
})
