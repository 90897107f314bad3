import { Exit, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeOptions } from "../journal/command.js"
import { Yuan } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { plainPledgeInput } from "./fast-input.js"
import { PledgeInput } from "./schema.js"

// The fast path of a bulk write's input (fast-input.ts) agrees with the Schema: whatever it takes, the
// Schema decodes to the same value; whatever the Schema refuses, it leaves to the Schema.

const decode = Schema.decodeUnknownExit(PledgeInput)

/** A value near a valid one: valid, or spoiled in one of the ways a sheet's cell may be. */
const variant = <A>(valid: fc.Arbitrary<A>, spoiled: ReadonlyArray<unknown>) =>
  fc.oneof({ weight: 15, arbitrary: valid as fc.Arbitrary<unknown> }, fc.constantFrom(...spoiled))

const uscc = fc
  .integer({ min: 0, max: 9_999_999 })
  .map((n) => makeUscc(`91330302MA${String(n).padStart(7, "0")}`))
const patent = fc
  .tuple(fc.constantFrom("20211", "20222", "20233", "19981"), fc.integer({ min: 0, max: 9_999_999 }))
  .map(([head, n]) => makePatentNumber(`${head}${String(n).padStart(7, "0")}`))
const spelledPatent = fc.tuple(fc.constantFrom("ZL", "CN", ""), patent).map(([p, n]) => `${p}${n}`)
const name = fc.constantFrom("温州一号科技有限公司", "Wenzhou Optics Ltd.", "瓯海区·精密机械", "A")

const input = fc
  .record(
    {
      registrationNo: variant(fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{5,12}$/), [
        " Y20261234567",
        "y2026",
        "Y1",
        7,
        ""
      ]),
      pledgor: fc.record(
        {
          uscc: variant(uscc, ["91330302MA2B000000", "913303", " 91330302MA2B00000X", 1]),
          name: variant(name, ["", " 前后有空格 ", "tab\there", "隐\u200b藏", "x".repeat(201), 3]),
          district: variant(fc.constantFrom("330302", "330303", "330304"), ["鹿城区", "110101", ""]),
          size: variant(fc.constantFrom("micro", "small", "medium", "large"), ["huge", undefined, ""])
        },
        { requiredKeys: ["uscc", "name", "district"] }
      ),
      pledgee: fc.record(
        {
          name: variant(name, ["", " 银行", "\u202e银行"]),
          kind: variant(fc.constantFrom("bank", "guarantor"), ["lender", undefined])
        },
        { requiredKeys: ["name"] }
      ),
      patents: variant(fc.array(spelledPatent, { minLength: 1, maxLength: 4 }), [
        [],
        ["ZL202110000001.1"],
        ["x"],
        "ZL202110000001.1"
      ]),
      amount: variant(
        fc
          .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 99 }))
          .map(([whole, fen]) => `${whole}.${String(fen).padStart(2, "0")}`),
        ["0", "0.00", "-5", "1.234", "25亿", "1,000.00", " 12", "１２", "1e3", "007", 12]
      ),
      registeredOn: variant(fc.constantFrom("2025-01-31", "2026-02-28", "2024-02-29"), [
        "2025-02-30",
        "2025/01/31",
        "20250131",
        "1899-01-01"
      ])
    },
    { requiredKeys: ["registrationNo", "pledgor", "pledgee", "patents", "amount", "registeredOn"] }
  )
  // Now and then a field the fast path leaves to the Schema: a debt term, patent titles, an unknown field.
  .chain((row) =>
    fc
      .constantFrom(
        {},
        {},
        {},
        {},
        {},
        { debtTerm: { start: "2025-01-01", end: "2026-01-01" } },
        { patentTitles: {} },
        { extra: "unknown field" }
      )
      .map((more) => ({ ...row, ...more }))
  )

/** A decoded input with its amount as exact text and the class it has, to compare. */
const comparable = (value: PledgeInput) => ({
  ...value,
  amount: [value.amount.toFixed(), value.amount instanceof Yuan] // float-ok: Decimal's exact text
})

describe("the fast path of a registration's input", () => {
  it("takes only what the Schema decodes, and as the Schema decodes it", () => {
    let taken = 0
    fc.assert(
      fc.property(input, (raw) => {
        const fast = plainPledgeInput(raw)
        const slow = decode(raw, decodeOptions)
        if (fast === undefined) return
        taken += 1
        expect(Exit.isSuccess(slow)).toBe(true)
        if (Exit.isSuccess(slow)) expect(comparable(fast)).toEqual(comparable(slow.value))
      }),
      { numRuns: 3000 }
    )
    // The property saw rows taken by the fast path, not only rows left to the Schema.
    expect(taken).toBeGreaterThan(50)
  })

  it("takes a plain row as it is and leaves a row in another form to the Schema", () => {
    const row = {
      registrationNo: "Y2026000001",
      pledgor: { uscc: makeUscc("91330302MA2B00001"), name: "温州一号科技有限公司", district: "330302" },
      pledgee: { name: "温州银行", kind: "bank" },
      patents: [`ZL${makePatentNumber("202110000001")}`],
      amount: "5000000.00",
      registeredOn: "2026-03-01"
    }
    expect(plainPledgeInput(row)?.amount.toFixed(2)).toBe("5000000.00") // float-ok: Decimal's exact text
    expect(plainPledgeInput({ ...row, amount: "500万" })).toBeUndefined()
    expect(plainPledgeInput({ ...row, pledgor: { ...row.pledgor, name: " 温州 " } })).toBeUndefined()
    expect(plainPledgeInput({ ...row, patentTitles: {} })).toBeUndefined()
  })
})
