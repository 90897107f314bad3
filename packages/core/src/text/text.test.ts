import { Exit, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { decodeOptions } from "../journal/command.js"
import { controlCharacterProblem, FreeText } from "./text.js"

const decode = (max: number | undefined, raw: unknown) => {
  const exit = Schema.decodeUnknownExit(FreeText("the name", max))(raw, decodeOptions)
  if (Exit.isSuccess(exit)) return { value: exit.value }
  return { error: String(exit.cause) }
}

describe("free text", () => {
  it("finds the first control character, C0 and DEL alike", () => {
    expect(controlCharacterProblem("温州银行")).toBeUndefined()
    expect(controlCharacterProblem("a b ¥ é")).toBeUndefined()
    expect(controlCharacterProblem("a\u0000b")).toBe(
      "must not contain control characters (U+0000 at position 2)"
    )
    expect(controlCharacterProblem("\tx")).toMatch(/U\+0009 at position 1/)
    expect(controlCharacterProblem("ab\u001f")).toMatch(/U\+001F at position 3/)
    expect(controlCharacterProblem("ab\u007f")).toMatch(/U\+007F/)
    // C1 controls and other non-ASCII text are left alone.
    expect(controlCharacterProblem("a\u0085b\u00a0c")).toBeUndefined()
  })

  it("trims, then refuses empty, long or control-character text with a message naming it", () => {
    expect(decode(undefined, "  温州银行\n")).toEqual({ value: "温州银行" })
    expect(decode(undefined, "a\u0000b").error).toMatch(/must not contain control characters \(U\+0000/)
    expect(decode(undefined, "第一行\n第二行").error).toMatch(/U\+000A/)
    expect(decode(undefined, " \t ").error).toMatch(/the name must not be empty/)
    expect(decode(3, "abcd").error).toMatch(/the name must have at most 3 characters/)
    expect(decode(3, "abc")).toEqual({ value: "abc" })
    expect(decode(undefined, 42).error).toBeDefined()
  })
})
