import { Schema } from "effect"

// ---------------------------------------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码, GB 32100-2015)
// ---------------------------------------------------------------------------------------------------------

/** The 31 characters a unified social credit code may use (no I, O, S, V, Z), in value order 0–30. */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

const USCC_BODY = /^[0-9A-HJ-NPQRTUW-Y]{17}$/

/**
 * The check character (18th) of a unified social credit code, from its first 17 characters:
 * `alphabet[(31 − Σ(value_i × w_i) mod 31) mod 31]` with the GB 32100-2015 weights.
 *
 * @throws {RangeError} unless `first17` is exactly 17 characters of {@link USCC_ALPHABET} (uppercase)
 */
export const usccCheckChar = (first17: string): string => {
  if (!USCC_BODY.test(first17)) {
    throw new RangeError(
      `a unified social credit code starts with 17 characters from ${USCC_ALPHABET}, got ${JSON.stringify(first17)}`
    )
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i]!
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31)
}

/**
 * A full 18-character code: the 17 given characters plus their check character (for demo data and tests).
 *
 * @throws {RangeError} as {@link usccCheckChar}
 */
export const makeUscc = (first17: string): string => first17 + usccCheckChar(first17)

/**
 * True for an 18-character unified social credit code whose characters are all in {@link USCC_ALPHABET}
 * and whose last character is the right check character. Uppercase only: pass user input through
 * {@link normalizeUscc} first.
 */
export const isValidUscc = (code: string): boolean =>
  code.length === 18 &&
  USCC_BODY.test(code.slice(0, 17)) &&
  usccCheckChar(code.slice(0, 17)) === code.charAt(17)

/**
 * What a person typed, made comparable: full-width letters/digits to ASCII, spaces and hyphens removed,
 * uppercased. The result still has to pass {@link isValidUscc}.
 */
export const normalizeUscc = (text: string): string => toHalfWidth(text).replace(/[\s-]/g, "").toUpperCase()

/**
 * The administrative division code (characters 3–8) of a valid code, e.g. `"330302"` for 鹿城区; `undefined`
 * when the code is not valid. It is the division of the registering authority, not necessarily the
 * enterprise's current district.
 */
export const usccDivisionCode = (code: string): string | undefined => {
  if (!isValidUscc(code)) return undefined
  const division = code.slice(2, 8)
  return /^\d{6}$/.test(division) ? division : undefined
}

/** Schema for a valid unified social credit code (uppercase, 18 characters, right check character). */
export const Uscc = Schema.String.check(
  Schema.makeFilter(
    (code: string) =>
      isValidUscc(code) || "is not a valid unified social credit code (check character or alphabet)",
    { expected: "an 18-character unified social credit code" }
  )
)

// ---------------------------------------------------------------------------------------------------------
// Chinese patent application numbers (专利申请号 / 专利号)
// ---------------------------------------------------------------------------------------------------------

const PATENT_WEIGHTS_12 = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const
const PATENT_WEIGHTS_8 = [2, 3, 4, 5, 6, 7, 8, 9] as const

/** Canonical forms: optional `ZL` or `CN`, 12 (from 2004) or 8 (before) digits, a dot, the check digit. */
const PATENT_NUMBER = /^(?:ZL|CN)?(\d{12}|\d{8})\.([0-9X])$/

/**
 * The check digit of a patent application number from its 12 digits (from October 2003) or 8 digits
 * (before): `Σ(d_i × w_i) mod 11` with weights 2,3,4,5,6,7,8,9,2,3,4,5 (8 digits: 2..9); 10 is written `X`.
 *
 * @throws {RangeError} unless `digits` is 12 or 8 ASCII digits
 */
export const patentCheckDigit = (digits: string): string => {
  if (!/^(\d{12}|\d{8})$/.test(digits)) {
    throw new RangeError(
      `a patent application number has 12 (or, before 2004, 8) digits, got ${JSON.stringify(digits)}`
    )
  }
  const weights = digits.length === 12 ? PATENT_WEIGHTS_12 : PATENT_WEIGHTS_8
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits.charAt(i)) * weights[i]!
  const check = sum % 11
  return check === 10 ? "X" : String(check)
}

/**
 * An application number `digits.check` (e.g. `"201710601862"` → `"201710601862.3"`); accepts 12 or 8 digits.
 *
 * @throws {RangeError} as {@link patentCheckDigit}
 */
export const makePatentNumber = (digits: string): string => `${digits}.${patentCheckDigit(digits)}`

/**
 * True for a patent application number in canonical form with the right check digit:
 * `201710601862.3`, `ZL201710601862.3` (granted patent), `CN201710601862.3`, or a pre-2004 number such as
 * `02123456.6` / `ZL02123456.6`. Strict: uppercase prefix and `X`, a dot before the check digit, no spaces.
 * Pass user input through {@link normalizePatentNumber} first.
 */
export const isValidPatentNumber = (text: string): boolean => {
  const match = PATENT_NUMBER.exec(text)
  return match !== null && patentCheckDigit(match[1]!) === match[2]
}

/** The kind of patent an application number is for. */
export type PatentType = "invention" | "utility-model" | "design" | "pct-invention" | "pct-utility-model"

const PATENT_TYPES: Record<string, PatentType> = {
  "1": "invention",
  "2": "utility-model",
  "3": "design",
  "8": "pct-invention",
  "9": "pct-utility-model"
}

/**
 * The patent type of a valid application number: digit 5 of the 12-digit form (after the 4-digit year),
 * digit 3 of the 8-digit form (after the 2-digit year). 1 invention, 2 utility model, 3 design, 8 PCT
 * invention, 9 PCT utility model. `undefined` when the number is not valid or the digit is none of these.
 */
export const patentType = (text: string): PatentType | undefined => {
  const match = PATENT_NUMBER.exec(text)
  if (match === null) return undefined
  const digits = match[1]!
  if (patentCheckDigit(digits) !== match[2]) return undefined
  return PATENT_TYPES[digits.charAt(digits.length === 12 ? 4 : 2)]
}

/**
 * What a person typed, in canonical form where possible: full-width characters to ASCII, trimmed,
 * uppercased, spaces removed (`"zl 2017 1060 1862.3"` → `"ZL201710601862.3"`), the `ZL`/`CN` prefix kept
 * as given, and the dot inserted when it was left out (`"2017106018623"` → `"201710601862.3"`). The result
 * still has to pass {@link isValidPatentNumber}.
 */
export const normalizePatentNumber = (text: string): string => {
  const compact = toHalfWidth(text).replace(/\s/g, "").toUpperCase()
  const undotted = /^(ZL|CN)?(\d{12}|\d{8})([0-9X])$/.exec(compact)
  return undotted === null ? compact : `${undotted[1] ?? ""}${undotted[2]}.${undotted[3]}`
}

/** Schema for a valid patent application number in canonical form (see {@link isValidPatentNumber}). */
export const PatentNumber = Schema.String.check(
  Schema.makeFilter(
    (text: string) =>
      isValidPatentNumber(text) ||
      "is not a valid patent application number (like 201710601862.3 or ZL201710601862.3: digits, dot, check digit)",
    { expected: "a patent application number" }
  )
)

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space to their ASCII forms. */
const toHalfWidth = (text: string): string =>
  text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xff01 + 0x21)
  )
