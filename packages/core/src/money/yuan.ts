import { Decimal } from "decimal.js"
import { Schema } from "effect"
import { type ErrorDescription, errorDescription } from "../errors.js"
import { checkMessage } from "../text/messages.js"

/**
 * The configured `Decimal` constructor every domain amount of money uses.
 *
 * 60 significant digits and banker's rounding (half-even) for results of arithmetic; `toString()` never
 * switches to exponent notation for any amount the domain can hold.
 */
export const Yuan = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -60,
  toExpPos: 60
})

/** An amount of yuan: a `Decimal`, normally made by {@link Yuan} or {@link parseYuan}. */
export type Yuan = Decimal

/** Largest number of digits of whole yuan {@link parseYuan} accepts (999,999,999,999,999.99 yuan). */
export const MAX_YUAN_INTEGER_DIGITS = 15

/** Text a person typed (or a file carried) could not be read as an exact amount of yuan. */
export class MoneyParseError extends Schema.TaggedError<MoneyParseError>()("MoneyParseError", {
  input: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot read ${JSON.stringify(this.input)} as an amount of yuan: ${this.reason}`
  }

  /** Invalid input like a ValidationError's, about the whole of what was given (the amount's text). */
  get [errorDescription](): ErrorDescription {
    return {
      status: 422,
      problem: "validation",
      title: "The request has invalid fields",
      detail: this.message,
      issues: [{ path: "", message: this.message }]
    }
  }
}

const UNIT_EXPONENT = { 万: 4, 亿: 8, 万亿: 12 } as const
type UnitText = keyof typeof UNIT_EXPONENT

const FULL_WIDTH: Record<string, string> = {
  "．": ".",
  "，": ",",
  "－": "-",
  "−": "-",
  "＋": "+",
  ｅ: "e",
  Ｅ: "E"
}

/** Full-width digits, dot, comma and minus (as typed with a Chinese input method) to their ASCII forms. */
const toHalfWidth = (text: string): string =>
  text.replace(/[\uFF10-\uFF19．，－−＋ｅＥ]/g, (c) => {
    const code = c.charCodeAt(0)
    return code >= 0xff10 && code <= 0xff19 ? String.fromCharCode(code - 0xff10 + 48) : (FULL_WIDTH[c] ?? c)
  })

const PREFIX = /^(-?)\s*([¥￥]?)\s*(-?)\s*/
const SUFFIX = /\s*(万亿|万|亿)?(元)?$/
const GROUPED = /^[1-9]\d{0,2}(,\d{3})+$/
const EXPONENT = /^[\d.,]*\d[eE][+-]?\d+$/
const NOT_FINITE = /^\+?(nan|inf|infinity|∞)$/i

/**
 * Reads an amount of yuan the way people type it, exactly, or fails with a reason a person understands.
 *
 * Accepted: `1234.56`, `-12.5` (a leading minus is kept: callers that need a positive amount check
 * separately), `1,234.56` (thousands separators in groups of three, ASCII `,` or full-width `，`),
 * `¥1,234.56` / `￥1,234.56`, surrounding spaces, the units 万 (×10⁴), 亿 (×10⁸) and 万亿 (×10¹²) with an
 * optional trailing 元 (`25亿`, `2.5亿元`, `3,000万`, `1234.56元`), full-width digits and dot (`２５亿`,
 * `１２．５万`), and a space between the currency sign, the number and the unit (`¥ 2.5 亿元`).
 *
 * Rejected ({@link MoneyParseError}): empty text; more than two decimal places of yuan once the unit is
 * applied (`1.234`, `1.0000001万`; but `1.23456万` = 12,345.60 and `0.000001亿` = 100 are fine);
 * exponent notation (`1e5`); NaN / Infinity; more than 15 digits of whole yuan; thousands separators in
 * the wrong place (`1,23`); stray characters (`12abc`, `12 34`). Nothing is ever rounded.
 *
 * @returns a `Decimal` made by {@link Yuan}
 * @throws {MoneyParseError} when the text is not an exact amount of yuan
 */
export const parseYuan = (text: string): Yuan => {
  const fail = (reason: string): never => {
    throw new MoneyParseError({ input: text, reason })
  }
  // Plain digits, a unit or 元 perhaps (`9820000.00`, `982万`): no sign, separator or space to read. An
  // import reads every amount twice (the cell, then the write's input); the checks below are for the rest.
  const plain = PLAIN.exec(text)
  if (plain !== null) {
    const [, digits = "", fraction, unit] = plain
    const body = fraction === undefined ? digits : `${digits}.${fraction}`
    return yuanOf(false, digits, fraction, unit as UnitText | undefined, body, fail)
  }
  const normalised = toHalfWidth(text).trim()
  if (normalised === "") return fail(checkMessage("amount-text-empty"))

  const prefix = PREFIX.exec(normalised)
  const [prefixText = "", minusBefore = "", , minusAfter = ""] = prefix ?? []
  if (minusBefore !== "" && minusAfter !== "") return fail(checkMessage("amount-two-minus"))
  const negative = minusBefore !== "" || minusAfter !== ""
  const rest = normalised.slice(prefixText.length)
  const suffix = SUFFIX.exec(rest)
  const [suffixText = "", unitText] = suffix ?? []
  const unit = unitText as UnitText | undefined
  const body = rest.slice(0, rest.length - suffixText.length)

  if (body === "") return fail(checkMessage("amount-no-number"))
  if (NOT_FINITE.test(body)) return fail(checkMessage("amount-not-finite"))
  if (EXPONENT.test(body)) return fail(checkMessage("amount-exponent"))
  if (/\s/.test(body)) return fail(checkMessage("amount-space"))
  const stray = /[^\d.,]/.exec(body)
  if (stray !== null) {
    const c = stray[0]
    if (c === "-") return fail(checkMessage("amount-minus-position"))
    if (c === "万" || c === "亿" || c === "元") return fail(checkMessage("amount-unit-position", { unit: c }))
    if (c === "¥" || c === "￥") return fail(checkMessage("amount-currency-position", { sign: c }))
    return fail(`it contains the unexpected character ${JSON.stringify(c)}`)
  }
  const parts = body.split(".")
  if (parts.length > 2) return fail(checkMessage("amount-two-points"))
  const [integerPart = "", fractionPart] = parts
  if (integerPart === "") return fail(checkMessage("amount-digit-before-point"))
  if (fractionPart === "") return fail(checkMessage("amount-digit-after-point"))
  if (fractionPart?.includes(",")) return fail(checkMessage("amount-separator-in-fraction"))
  if (integerPart.includes(",") && !GROUPED.test(integerPart)) {
    return fail(checkMessage("amount-separator-groups"))
  }

  return yuanOf(negative, integerPart.replaceAll(",", ""), fractionPart, unit, body, fail)
}

/** Digits without separators, a point and more digits perhaps, a unit perhaps, 元 perhaps: {@link parseYuan}'s fast path. */
const PLAIN = /^(\d+)(?:\.(\d+))?(万亿|万|亿)?元?$/

/**
 * The amount of a number read into its parts (whole digits, fraction digits, unit), shifted by the unit,
 * refused when it has more than two decimals of yuan or too many digits (`fail`, which throws). `body` is
 * the number as written, for the refusal's words.
 */
const yuanOf = (
  negative: boolean,
  integerDigits: string,
  fractionPart: string | undefined,
  unit: UnitText | undefined,
  body: string,
  fail: (reason: string) => never
): Yuan => {
  const exponent = unit === undefined ? 0 : UNIT_EXPONENT[unit]
  const fraction = (fractionPart ?? "").replace(/0+$/, "")
  const wholeYuan = (integerDigits + fraction.slice(0, exponent).padEnd(exponent, "0")).replace(/^0+/, "")
  const fen = fraction.slice(exponent)
  if (fen.length > 2) {
    const inYuan = `${wholeYuan || "0"}.${fen}`
    const shown = unit === undefined ? "" : ` (${body}${unit} is ${inYuan} yuan)`
    return fail(
      `it has more than two decimal places of yuan${shown}; amounts are exact to the fen (0.01 yuan) and are never rounded`
    )
  }
  if (wholeYuan.length > MAX_YUAN_INTEGER_DIGITS) {
    return fail(checkMessage("amount-too-many-digits", { max: String(MAX_YUAN_INTEGER_DIGITS) }))
  }
  const isZero = wholeYuan === "" && fen === ""
  return new Yuan(`${negative && !isZero ? "-" : ""}${wholeYuan || "0"}${fen === "" ? "" : `.${fen}`}`)
}

/** True when the amount is finite and has at most two decimal places (a whole number of fen). */
export const isWholeFen = (amount: Decimal): boolean => amount.isFinite() && amount.decimalPlaces() <= 2

const requireWholeFen = (amount: Decimal, what: string): void => {
  if (!amount.isFinite())
    throw new RangeError(`cannot ${what} ${amount.toString()}: it is not a finite amount`)
  if (amount.decimalPlaces() > 2) {
    throw new RangeError(
      `cannot ${what} ${new Yuan(amount).toString()} yuan exactly: it has more than two decimal places (fen)`
    )
  }
}

/**
 * The amount as a whole number of fen (hundredths of a yuan), exactly.
 *
 * @throws {RangeError} when the amount has more than two decimal places or is not finite (never rounds)
 */
export const toFen = (amount: Decimal): bigint => {
  requireWholeFen(amount, "convert to fen")
  return BigInt(amount.toFixed(2).replace(".", "")) // float-ok: Decimal.toFixed on a whole-fen amount, exact
}

/**
 * The amount of yuan for a whole number of fen. A string must be an integer (as PostgreSQL `bigint` /
 * `numeric` and SQLite drivers may return): optional minus sign, digits only.
 *
 * @throws {RangeError} when a string is not an integer
 */
export const fromFen = (fen: bigint | string): Yuan => {
  const text = typeof fen === "bigint" ? fen.toString() : fen.trim()
  const match = /^(-?)(\d+)$/.exec(text)
  if (match === null) throw new RangeError(`cannot read ${JSON.stringify(fen)} as a whole number of fen`)
  const [, sign = "", digits = ""] = match
  const padded = digits.replace(/^0+/, "").padStart(3, "0")
  const isZero = /^0+$/.test(padded)
  return new Yuan(`${isZero ? "" : sign}${padded.slice(0, -2)}.${padded.slice(-2)}`)
}

/**
 * The wire form of an amount: plain decimal yuan with exactly two decimal places, no separators and never
 * exponent notation (`"2500000000.00"`, `"-12.50"`, `"100000000000000000000.00"`).
 *
 * @throws {RangeError} when the amount has more than two decimal places or is not finite (never rounds)
 */
export const toWire = (amount: Decimal): string => {
  requireWholeFen(amount, "write")
  return amount.isZero() ? "0.00" : amount.toFixed(2) // float-ok: Decimal.toFixed, exact
}

/** Display unit for {@link formatYuan}: yuan, 万 (10⁴ yuan) or 亿 (10⁸ yuan). */
export type YuanUnit = "yuan" | "wan" | "yi"

export interface FormatYuanOptions {
  /** Display unit, default `"yuan"` (no suffix); `"wan"` appends 万, `"yi"` appends 亿. */
  readonly unit?: YuanUnit | undefined
  /** Decimal places shown (0–20), default 2; the value is rounded half-even for display only. */
  readonly digits?: number | undefined
}

const DISPLAY_UNIT: Record<YuanUnit, { readonly exponent: number; readonly suffix: string }> = {
  yuan: { exponent: 0, suffix: "" },
  wan: { exponent: 4, suffix: "万" },
  yi: { exponent: 8, suffix: "亿" }
}

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/**
 * Renders an amount for people: thousands separators, a fixed number of decimal places and a unit.
 *
 * - `formatYuan(new Yuan("2500000000"))` → `"2,500,000,000.00"`
 * - `formatYuan(amount, { unit: "wan" })` → `"250,000.00万"`
 * - `formatYuan(amount, { unit: "yi" })` → `"25.00亿"`
 *
 * With the default unit and digits an amount of whole fen is shown exactly; otherwise the displayed value
 * is rounded half-even to `digits` places (display only: never store the result).
 *
 * @param amount a `Decimal` of yuan; a `string` of decimal yuan (read with {@link parseYuan}, so it must
 *   be exact to the fen); or a `bigint` of **fen** (integer hundredths of a yuan), as {@link toFen} returns
 * @throws {MoneyParseError} when a string is not an amount of yuan
 * @throws {RangeError} when `digits` is not an integer from 0 to 20, or the amount is not finite
 */
export const formatYuan = (amount: Decimal | string | bigint, options?: FormatYuanOptions): string => {
  const value =
    typeof amount === "bigint"
      ? fromFen(amount)
      : typeof amount === "string"
        ? parseYuan(amount)
        : new Yuan(amount)
  const digits = options?.digits ?? 2
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`formatYuan: digits must be an integer from 0 to 20, got ${digits}`)
  }
  if (!value.isFinite()) throw new RangeError(`formatYuan: ${value.toString()} is not a finite amount`)
  const { exponent, suffix } = DISPLAY_UNIT[options?.unit ?? "yuan"]
  const shown = value.div(new Yuan(10).pow(exponent)).toDecimalPlaces(digits, Decimal.ROUND_HALF_EVEN)
  const fixed = shown.abs().toFixed(digits) // float-ok: Decimal.toFixed for display
  const [whole = "0", fraction] = fixed.split(".")
  const sign = shown.isNegative() && !shown.isZero() ? "-" : ""
  return `${sign}${groupThousands(whole)}${fraction === undefined ? "" : `.${fraction}`}${suffix}`
}
