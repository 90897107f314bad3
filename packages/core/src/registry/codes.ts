import { Schema } from "effect"
import { checkSaid, type Said, say } from "../text/messages.js"

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
 * The first two digits of an administrative division code (GB/T 2260): the provinces, autonomous regions
 * and municipalities, Taiwan (71), Hong Kong (81) and Macao (82); `10` is the national level (100000), where
 * authorities under the State Council register.
 */
const PROVINCES = new Set(
  "10 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split(
    " "
  )
)

/**
 * Why `code` is not a unified social credit code, or undefined: 18 characters of {@link USCC_ALPHABET},
 * the right check character, and characters 3–8 a division code (six digits, starting with a province's
 * two): a code whose check character is right can still not exist (`91AB0000600037341A`). Said from the
 * message catalogue (`uscc-check`, `uscc-division`).
 */
export const usccProblem = (code: string): Said | undefined => {
  if (
    code.length !== 18 ||
    !USCC_BODY.test(code.slice(0, 17)) ||
    usccCheckChar(code.slice(0, 17)) !== code.charAt(17)
  )
    return say("uscc-check")
  const division = code.slice(2, 8)
  if (!/^\d{6}$/.test(division) || !PROVINCES.has(division.slice(0, 2)))
    return say("uscc-division", { division })
  return undefined
}

/**
 * True for an 18-character unified social credit code whose characters are all in {@link USCC_ALPHABET},
 * whose last character is the right check character and whose characters 3–8 are a division code (see
 * {@link usccProblem}). Uppercase only: pass user input through {@link normalizeUscc} first.
 */
export const isValidUscc = (code: string): boolean => usccProblem(code) === undefined

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
export const usccDivisionCode = (code: string): string | undefined =>
  isValidUscc(code) ? code.slice(2, 8) : undefined

/**
 * Schema for a valid unified social credit code (uppercase, 18 characters, right check character, a
 * division code in characters 3–8); the message says which.
 */
export const Uscc = Schema.String.check(
  Schema.makeFilter((code: string) => checkProblem(usccProblem(code)), {
    expected: "an 18-character unified social credit code"
  })
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
  return checkDigitOf(digits)
}

/** {@link patentCheckDigit} of digits already known to be 12 or 8 ASCII digits (every patent check runs it). */
const checkDigitOf = (digits: string): string => {
  const weights = digits.length === 12 ? PATENT_WEIGHTS_12 : PATENT_WEIGHTS_8
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!
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
 * Why `text` is not a patent application number that can exist, or undefined. Beyond the shape and the
 * check digit: the 12-digit form (from October 2003) starts with a filing year from 2003 and has the type
 * 1, 2, 3, 8 or 9 in digit 5; the 8-digit form (1985 to 2003) starts with a year 85–99 or 00–03 and has the
 * type 1, 2 or 3 in digit 3. (A filing year after this year is refused where the core's clock is read.) Said
 * from the message catalogue (`patent-number-shape`, `patent-year-12`, …).
 */
export const patentNumberProblem = (text: string): Said | undefined => {
  const match = PATENT_NUMBER.exec(text)
  if (match === null || checkDigitOf(match[1]!) !== match[2]) return say("patent-number-shape")
  const digits = match[1]!
  if (digits.length === 12) {
    const year = Number(digits.slice(0, 4))
    if (year < 2003) return say("patent-year-12", { year: String(year) })
    const type = digits.charAt(4)
    if (!"12389".includes(type)) return say("patent-type-12", { type })
    return undefined
  }
  const year = digits.slice(0, 2)
  if (Number(year) > 3 && Number(year) < 85) return say("patent-year-8", { year })
  const type = digits.charAt(2)
  if (!"123".includes(type)) return say("patent-type-8", { type })
  return undefined
}

/**
 * True for a patent application number in canonical form with the right check digit that can exist (see
 * {@link patentNumberProblem}): `201710601862.3`, `ZL201710601862.3` (granted patent), `CN201710601862.3`,
 * or a pre-2004 number such as `02123456.6` / `ZL02123456.6`. Strict: uppercase prefix and `X`, a dot before
 * the check digit, no spaces. Pass user input through {@link normalizePatentNumber} first.
 */
export const isValidPatentNumber = (text: string): boolean => patentNumberProblem(text) === undefined

/** The filing year of a valid application number (`2017` for `201710601862.3`, `1998` for `98112345.7`). */
export const patentFilingYear = (text: string): number | undefined => {
  if (!isValidPatentNumber(text)) return undefined
  const digits = PATENT_NUMBER.exec(text)![1]!
  if (digits.length === 12) return Number(digits.slice(0, 4))
  const year = Number(digits.slice(0, 2))
  return year >= 85 ? 1900 + year : 2000 + year
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
  if (match === null || !isValidPatentNumber(text)) return undefined
  const digits = match[1]!
  return PATENT_TYPES[digits.charAt(digits.length === 12 ? 4 : 2)]
}

/**
 * What a person typed, in canonical form where possible: full-width characters to ASCII, trimmed,
 * uppercased, spaces removed (`"zl 2017 1060 1862.3"` → `"ZL201710601862.3"`), the `ZL`/`CN` prefix kept
 * as given, and the dot inserted when it was left out (`"2017106018623"` → `"201710601862.3"`). The result
 * still has to pass {@link isValidPatentNumber}.
 */
export const normalizePatentNumber = (text: string): string => {
  // Already as written by a register or Kejin itself (most numbers an import reads): nothing to change.
  if (PATENT_NUMBER.test(text)) return text
  const compact = toHalfWidth(text).replace(/\s/g, "").toUpperCase()
  const undotted = /^(ZL|CN)?(\d{12}|\d{8})([0-9X])$/.exec(compact)
  return undotted === null ? compact : `${undotted[1] ?? ""}${undotted[2]}.${undotted[3]}`
}

/**
 * The one spelling a patent number is stored and shown in: `ZL`, the digits, a dot, the check digit
 * (`ZL201710601862.3`; before 2004 `ZL02123456.6`). Any spelling {@link normalizePatentNumber} reads
 * (`ZL`/`CN`/no prefix, with or without the dot, full-width, spaced, lower case) of a well-shaped number
 * becomes it; anything else comes back as {@link normalizePatentNumber} leaves it (and fails validation).
 */
export const canonicalPatentNumber = (text: string): string => {
  if (text.startsWith("ZL") && PATENT_NUMBER.test(text)) return text
  const normal = normalizePatentNumber(text)
  const match = PATENT_NUMBER.exec(normal)
  return match === null ? normal : `ZL${match[1]}.${match[2]}`
}

/** Schema for a valid patent application number in canonical form (see {@link isValidPatentNumber}). */
export const PatentNumber = Schema.String.check(
  Schema.makeFilter((text: string) => checkProblem(patentNumberProblem(text)), {
    expected: "a patent application number"
  })
)

/** A Schema filter's answer to a problem said from the catalogue: its words, remembered with its code. */
const checkProblem = (problem: Said | undefined): string | true =>
  problem === undefined ? true : checkSaid(problem)

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space to their ASCII forms. */
const toHalfWidth = (text: string): string =>
  text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xff01 + 0x21)
  )
