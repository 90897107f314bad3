import { createHash } from "node:crypto"
import { Decimal } from "decimal.js"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalJson, canonicalJsonByReplacer, sha256 } from "./canonical.js"

// canonicalJson writes plain data directly: the same text as its definition (the replacer's form), which
// every journal entry's hash and every imported row's hash was made with.

const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom("0", "1", "2", "10", "01", "-1", "4294967294", "4294967295", "1.5", "__proto__", "a", "B")
)
const value = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(key, tie("tree"), { maxKeys: 5 })
  ),
  leaf: fc.oneof(
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    fc.constant(new Decimal("12.30")),
    fc.constant(new Date(0)),
    fc.constant(() => 1)
  )
}))

describe("canonicalJson", () => {
  it("writes what the replacer's form writes, for any value", () => {
    fc.assert(
      fc.property(value.tree, (v) => {
        expect(canonicalJson(v)).toBe(canonicalJsonByReplacer(v))
      }),
      { numRuns: 5000 }
    )
  })

  it("sorts keys, array indexes first as JavaScript orders them", () => {
    expect(canonicalJson({ b: 1, a: [1n, undefined], 10: "x", 2: null, c: undefined })).toBe(
      '{"2":null,"10":"x","a":["1",null],"b":1}'
    )
  })
})

describe("sha256", () => {
  it("is the hex SHA-256 of the text's UTF-8 (FIPS 180-2's vector, and a Hash object's for any text)", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(sha256(text)).toBe(createHash("sha256").update(text).digest("hex"))
      })
    )
  })
})
