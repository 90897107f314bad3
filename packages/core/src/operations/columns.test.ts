import { describe, expect, it } from "vitest"
import { recordTierTable } from "../linkage/index-loans/operations.js"
import { createTarget } from "../targets/operations.js"
import { recordListsOf } from "./columns.js"

describe("recordListsOf", () => {
  it("finds the lists of records of an input, required or optional, each with its records' fields", () => {
    const keysOf = (op: { readonly input: Parameters<typeof recordListsOf>[0] }) =>
      recordListsOf(op.input).map((list) => ({
        key: list.key,
        fields: list.leaves.map((leaf) => leaf.path.join("."))
      }))
    // A tier table's tiers are required; a target's parts optional (a union of the list and undefined).
    expect(keysOf(recordTierTable)).toEqual([{ key: "tiers", fields: expect.arrayContaining(["minScore"]) }])
    expect(keysOf(createTarget)).toEqual([
      { key: "parts", fields: expect.arrayContaining(["code", "name", "nameEn", "target"]) }
    ])
  })
})
