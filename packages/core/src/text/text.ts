import { Schema } from "effect"
import { checkMessage, checkSaid, type Said, say } from "./messages.js"

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
  const said = controlCharacterSaid(text)
  // Remembered with its code, so the issue a Schema check makes of it is worded in the reader's language.
  return said === undefined ? undefined : checkSaid(said)
}

/** {@link controlCharacterProblem} said from the message catalogue (`text-control-character`). */
export const controlCharacterSaid = (text: string): Said | undefined => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isControl(code))
      return say("text-control-character", { char: codePointName(code), position: String(i + 1) })
  }
  return undefined
}

/** A Schema check refusing control characters (see {@link controlCharacterProblem}). */
export const isFreeOfControlCharacters = Schema.makeFilter(
  (text: string) => controlCharacterProblem(text) ?? true,
  { expected: "text without control characters" }
)

// Characters a reader cannot see do not belong in names and free text either: the direction controls
// (U+202A–202E, U+2066–2069, the marks U+200E/200F/061C) make text display in another order than it is
// stored ("invoice\u202Efdp.exe"), and U+200B (zero-width space), U+2060 (word joiner) and U+FEFF make two
// names that look the same differ. A lone surrogate is not text at all (no UTF-8 form exists for it). The
// zero-width joiner and non-joiner (U+200D, U+200C) stay allowed: they build emoji sequences (👨‍💻) and are
// part of the spelling of Persian and Indic names, and they never reorder text.

const DIRECTION_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069
])
const INVISIBLE = new Set([0x200b, 0x2060, 0xfeff])

const codePointName = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`

/**
 * Why `text` is not acceptable free text — it holds a direction control, an invisible character or a lone
 * surrogate (see above) — or `undefined` when it is fine. Positions count UTF-16 units from 1.
 */
export const hiddenCharacterProblem = (text: string): string | undefined => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // Worded only for a problem (a name's every character is checked as a million rows are imported).
    const at = () => `${codePointName(code)} at position ${i + 1}`
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1
        continue
      }
      return `must not contain a lone surrogate (${at()}): it is not a character`
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return `must not contain a lone surrogate (${at()}): it is not a character`
    if (DIRECTION_CONTROLS.has(code))
      return `must not contain direction controls (${at()}): they show the text in another order than it is stored`
    if (INVISIBLE.has(code)) return `must not contain invisible characters (${at()})`
  }
  return undefined
}

/** A Schema check refusing direction controls, invisible characters and lone surrogates. */
export const isFreeOfHiddenCharacters = Schema.makeFilter(
  (text: string) => hiddenCharacterProblem(text) ?? true,
  { expected: "text without direction controls, invisible characters or lone surrogates" }
)

/**
 * The one Schema for free-text input across the core: trimmed, then 1 to `max` characters (200 by
 * default) without control characters, direction controls, invisible characters or lone surrogates; each
 * message names `what` ("the reason must not be empty").
 * The decoded value is the trimmed text.
 */
export const FreeText = (what: string, max = 200) =>
  Schema.Trim.check(
    Schema.isNonEmpty({ message: checkMessage("text-empty", { what }) }),
    Schema.isMaxLength(max, { message: checkMessage("text-too-long", { what, max: String(max) }) }),
    isFreeOfControlCharacters,
    isFreeOfHiddenCharacters
  )
