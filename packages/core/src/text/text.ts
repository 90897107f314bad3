import { Schema } from "effect"

// Free text (names, notes, reasons, titles) is stored as it was given. Control characters have no place in
// it: PostgreSQL refuses a NUL in text outright, and the others (tabs, line breaks, escapes, DEL) only hide
// in a name or break a CSV line. Surrounding whitespace is trimmed before the check, so a pasted trailing
// line break is harmless.

/** U+0000–U+001F and U+007F (C0 controls and DEL). */
const isControl = (code: number) => code <= 0x1f || code === 0x7f

/**
 * Why `text` is not acceptable free text — it holds a control character (U+0000–U+001F or U+007F) — or
 * `undefined` when it is fine. Query filters use it directly; input Schemas through {@link FreeText}.
 */
export const controlCharacterProblem = (text: string): string | undefined => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isControl(code)) {
      const name = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
      return `must not contain control characters (${name} at position ${i + 1})`
    }
  }
  return undefined
}

/** A Schema check refusing control characters (see {@link controlCharacterProblem}). */
export const isFreeOfControlCharacters = Schema.makeFilter(
  (text: string) => controlCharacterProblem(text) ?? true,
  { expected: "text without control characters" }
)

/**
 * The one Schema for free-text input across the core: trimmed, then 1 to `max` characters (200 by
 * default) without control characters; each message names `what` ("the reason must not be empty").
 * The decoded value is the trimmed text.
 */
export const FreeText = (what: string, max = 200) =>
  Schema.Trim.check(
    Schema.isNonEmpty({ message: `${what} must not be empty` }),
    Schema.isMaxLength(max, { message: `${what} must have at most ${max} characters` }),
    isFreeOfControlCharacters
  )
