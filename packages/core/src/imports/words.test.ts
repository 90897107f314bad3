import { describe, expect, it } from "vitest"
import * as equity from "../equity/vocabulary.js"
import { choiceVocabularies, disposalMethodLabels } from "../operations/labels.js"
import { wordSynonyms } from "./synonyms.js"
import { wordCell } from "./words.js"

const disposalMethods = Object.keys(disposalMethodLabels)

describe("a choice's cell", () => {
  it("reads the word, its labels and the words senders use for it (转让 for 债权转让, 拍卖 or 变卖 for a sale)", () => {
    const read = (cell: string) => wordCell(disposalMethods, cell)
    for (const [cell, word] of [
      ["transfer", "transfer"],
      ["债权转让", "transfer"],
      ["Claim transfer", "transfer"],
      ["转让", "transfer"],
      ["拍卖/变卖", "sale"],
      ["拍卖", "sale"],
      [" 变卖 ", "sale"],
      ["核销", "write-off"]
    ] as const)
      expect(read(cell), cell).toEqual({ ok: true, value: word })
    expect(read("出售").ok).toBe(false)
  })

  it("keys each sender's word by a label some vocabulary declares (a renamed label would leave it unread)", () => {
    const declared = new Set(
      [...choiceVocabularies, equity.exitRouteLabels, equity.lpTypeLabels].flatMap((v) =>
        Object.values(v).map((label) => label.zh)
      )
    )
    for (const label of Object.keys(wordSynonyms)) expect(declared, label).toContain(label)
  })
})
