import { Exit, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { decodeOptions } from "../journal/command.js"
import { controlCharacterProblem, FreeText, hiddenCharacterProblem } from "./text.js"

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

  it("refuses direction controls, invisible characters and lone surrogates; keeps joiners and emoji", () => {
    for (const code of [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c
    ]) {
      expect(hiddenCharacterProblem(`温州${String.fromCharCode(code)}银行`)).toMatch(
        /^must not contain direction controls \(U\+[0-9A-F]{4} at position 3\)/
      )
    }
    for (const code of [0x200b, 0x2060, 0xfeff]) {
      expect(hiddenCharacterProblem(`温州${String.fromCharCode(code)}银行`)).toMatch(
        /^must not contain invisible characters/
      )
    }
    expect(hiddenCharacterProblem("a\uD83D")).toBe(
      "must not contain a lone surrogate (U+D83D at position 2): it is not a character"
    )
    expect(hiddenCharacterProblem("\uDE00a")).toMatch(/lone surrogate \(U\+DE00 at position 1\)/)
    expect(hiddenCharacterProblem("\uDE00\uD83D")).toMatch(/U\+DE00/)
    for (const fine of ["温州银行", "👨‍💻 团队", "می‌خواهم", "क्‍ष", "😀", "a\u00a0b"])
      expect(hiddenCharacterProblem(fine), fine).toBeUndefined()
    expect(decode(undefined, "温州\u202E银行").error).toMatch(/direction controls \(U\+202E/)
    expect(decode(undefined, "\uFEFF温州银行")).toEqual({ value: "温州银行" })
  })
})
