import { Decimal } from "decimal.js"
import { MAX_YUAN_INTEGER_DIGITS, MoneyParseError, parseYuan, toWire, Yuan } from "../money/yuan.js"
import type { Label } from "../operations/operation.js"
import { bareNumber } from "../pledges/store.js"
import { normalizePatentNumber, patentCheckDigit, patentNumberProblem } from "../registry/codes.js"
import { messageText, type Said, say } from "../text/messages.js"
import { businessDateProblem, daysInMonth, fromEpochDay } from "../time/dates.js"

/*
 * The value parsers of the spreadsheet import: one raw cell of a bank's or CNIPA's sheet in, the text the
 * core's input Schemas accept out (or a problem in Chinese and English). They only read the cell; whether a
 * field is required, and every rule of the record, stay with the input Schema the importer decodes with.
 *
 * A blank cell (nothing, or only spaces) is not a problem here: `textCell` and `codeCell` give `""`, every
 * other parser gives `undefined`, and the caller decides whether the field may be left out.
 */

/** A raw cell as the readers deliver it: XLSX numbers as numbers, date cells as a `Date` (UTC midnight). */
export type CellValue = string | number | boolean | Date | null | undefined

export type { Label }

/** A cell read: the value for the input (text, a number, a boolean, a list), or why it cannot be read. */
export type CellResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: Label }

const ok = (value: unknown): CellResult => ({ ok: true, value })
const fail = (zh: string, en: string): CellResult => ({ ok: false, problem: { zh, en } })

/** True for an empty cell: nothing, or text of spaces only (ASCII, NBSP, U+3000, tabs, line breaks). */
export const isBlankCell = (value: CellValue): value is null | undefined | string =>
  value === null || value === undefined || (typeof value === "string" && value.trim() === "")

// The mapping of the private `toHalfWidth` of registry/codes.ts (full-width ASCII U+FF01–FF5E and the
// ideographic space to ASCII), through Unicode's own compatibility mapping. It is not exported there; once
// it is, use that one.
const toHalfWidth = (text: string): string =>
  text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => c.normalize("NFKC"))

/** How a cell is named in a message: its text as given (trimmed), or the number as the sheet holds it. */
const shown = (value: string | number): string => (typeof value === "number" ? String(value) : value.trim())

const quoteZh = (value: string | number): string => `“${shown(value)}”`
const quoteEn = (value: string | number): string => JSON.stringify(shown(value))

const notText = (what: Label, value: boolean | Date): CellResult =>
  typeof value === "boolean"
    ? fail(
        `${what.zh}不能是逻辑值（${value ? "TRUE" : "FALSE"}）`,
        `${what.en} cannot be a logical value (${value ? "TRUE" : "FALSE"})`
      )
    : fail(`${what.zh}不能是日期`, `${what.en} cannot be a date`)

// ---------------------------------------------------------------------------------------------------------
// Text and codes
// ---------------------------------------------------------------------------------------------------------

/** The UTC calendar date of a `Date` cell, or undefined when it is not a valid date from 0001 to 9999. */
const dateOfDateCell = (value: Date): string | undefined => {
  const time = value.getTime()
  if (!Number.isFinite(time)) return undefined
  try {
    return fromEpochDay(Math.floor(time / 86_400_000))
  } catch {
    return undefined
  }
}

/**
 * A number cell as text: `String(n)`, the shortest text that reads back as the same number. An integer
 * beyond 2^53 has already lost digits (Excel keeps 15 significant digits): an 18-digit credit code typed
 * into a number cell comes back as 913303007045678800. Such a cell must be made text in the sheet.
 */
const numberAsText = (n: number): CellResult => {
  if (!Number.isFinite(n))
    return fail("单元格中的数字不是有限的数", `the cell holds ${String(n)}, which is not a finite number`)
  const text = String(n)
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    return fail(
      `单元格中的数字 ${text} 位数太多，表格已无法保存全部数字：请把这一列设为“文本”格式后重新填写`,
      `the cell holds the number ${text}, too long for the sheet to keep every digit: format the column as text and type the value again`
    )
  }
  if (/e/i.test(text)) {
    return fail(
      `单元格中的数字 ${text} 是科学计数法：请把这一列设为“文本”格式后重新填写`,
      `the cell holds the number ${text} in exponent notation: format the column as text and type the value again`
    )
  }
  return ok(text)
}

/**
 * Trimmed text (surrounding ASCII spaces, NBSP, U+3000, tabs and line breaks removed; inner text kept
 * exactly, full-width brackets in company names included). A number cell is `String(n)` (refused beyond
 * 2^53, where the sheet lost digits); a logical cell `TRUE`/`FALSE` as the sheet shows it; a date cell
 * `YYYY-MM-DD`. Blank → `""`.
 */
export const textCell = (value: CellValue): CellResult => {
  if (value === null || value === undefined) return ok("")
  if (typeof value === "string") return ok(value.trim())
  if (typeof value === "number") return numberAsText(value)
  if (typeof value === "boolean") return ok(value ? "TRUE" : "FALSE")
  const date = dateOfDateCell(value)
  return date === undefined ? fail("单元格中的日期无效", "the cell holds an invalid date") : ok(date)
}

/**
 * A code (统一社会信用代码, district code, registration number): as {@link textCell}, then full-width
 * letters and digits to ASCII, every space removed and upper-cased; a leading apostrophe (typed to keep a
 * sheet from reading the code as a number) is dropped. Blank → `""`.
 */
export const codeCell = (value: CellValue): CellResult => {
  if (typeof value === "boolean" || value instanceof Date) return notText({ zh: "代码", en: "a code" }, value)
  const text = textCell(value)
  if (!text.ok) return text
  return ok(
    toHalfWidth(text.value as string)
      .replace(/\s/g, "")
      .replace(/^'/, "")
      .toUpperCase()
  )
}

// ---------------------------------------------------------------------------------------------------------
// Numbers, decimals and yes/no
// ---------------------------------------------------------------------------------------------------------

/** Digits with an optional sign, thousands separators in groups of three, an optional fraction. */
const PLAIN_NUMBER = /^([+-]?)(\d+|[1-9]\d{0,2}(?:,\d{3})+)(\.\d+)?$/

interface NumberText {
  readonly negative: boolean
  /** Digits and an optional fraction, no sign, no separators (`1234.5`). */
  readonly digits: string
}

/** Why text is not a plain decimal number, in both languages, given what the field is called. */
const numberTextProblem = (text: string, what: Label, raw: string): Label => {
  const zh = `${what.zh}${quoteZh(raw)}`
  const en = `cannot read ${quoteEn(raw)} as ${what.en}`
  if (/^[+-]?[\d.,]*\d[eE][+-]?\d+$/.test(text))
    return {
      zh: `${zh}是科学计数法：请写出全部数字`,
      en: `${en}: exponent notation (like 1e5) is not accepted, write the digits out`
    }
  if (/^[+-]?\d[\d,]*(\.\d+)?$/.test(text))
    return {
      zh: `${zh}的千分位逗号位置不对：应每三位一组，如 1,234,567`,
      en: `${en}: thousands separators must split the digits into groups of three, like 1,234,567`
    }
  if (/^[+-]?\.\d/.test(text))
    return { zh: `${zh}的小数点前要有数字（写 0.5，不写 .5）`, en: `${en}: write 0.5, not .5` }
  return { zh: `${zh}不是数字`, en: `${en}: it is not a number` }
}

const readNumberText = (text: string, what: Label, raw: string): NumberText | Label => {
  const match = PLAIN_NUMBER.exec(text)
  if (match === null) return numberTextProblem(text, what, raw)
  const [, sign = "", whole = "", fraction = ""] = match
  return { negative: sign === "-", digits: `${whole.replaceAll(",", "")}${fraction}` }
}

const isLabel = (x: NumberText | Label): x is Label => "zh" in x

/** A JS number (counts, ids, years) from a number cell or text (full-width digits, thousands separators). */
export const numberCell = (value: CellValue): CellResult => {
  const what: Label = { zh: "数字", en: "a number" }
  if (isBlankCell(value)) return ok(undefined)
  if (typeof value === "boolean" || value instanceof Date) return notText(what, value)
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      return fail(
        "单元格中的数字不是有限的数",
        `the cell holds ${String(value)}, which is not a finite number`
      )
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return numberAsText(value)
    return ok(value === 0 ? 0 : value)
  }
  const text = toHalfWidth(value).trim()
  const read = readNumberText(text, what, value)
  if (isLabel(read)) return { ok: false, problem: read }
  const written = `${read.negative ? "-" : ""}${read.digits}`
  const n = Number(written)
  const exact =
    Number.isFinite(n) &&
    (Number.isInteger(n) ? Number.isSafeInteger(n) : true) &&
    new Decimal(written).eq(new Decimal(String(n)))
  if (!exact) {
    return fail(
      `数字${quoteZh(value)}位数太多，无法精确表示`,
      `the number ${quoteEn(value)} has too many digits to be held exactly`
    )
  }
  return ok(n === 0 ? 0 : n)
}

/**
 * The annotation of a field holding a fraction of one that people write as a percentage (an annual rate:
 * `0.0385` is 3.85 %): a form labels it with % and reads a bare `3.85` typed there as `3.85%`.
 */
export const percentEntry = "kejin/percentEntry"

/**
 * Exact decimal text (as the core's `DecimalText` fields take it: no exponent, no trailing zeros), from a
 * number cell (`String(n)`, exact) or text (full-width digits, thousands separators, a `%` sign).
 *
 * Rates as people write them. With `percent: true` the field holds a number of percent (`ratePercent`,
 * `equityPercent`): `"3.85%"` → `"3.85"`, `"3.85"` → `"3.85"`. Without it the field holds a fraction
 * (`rate` of a pledge loan, `ratio` of a pool rule): `"3.85%"` → `"0.0385"`, `"0.0385"` → `"0.0385"`.
 * Nothing is guessed: `3.85` in a fraction field stays `"3.85"` (the Schema then refuses it).
 */
export const decimalCell = (value: CellValue, options?: { readonly percent?: boolean }): CellResult => {
  const what: Label = { zh: "数值", en: "a decimal number" }
  if (isBlankCell(value)) return ok(undefined)
  if (typeof value === "boolean" || value instanceof Date) return notText(what, value)
  let text: string
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      return fail(
        "单元格中的数字不是有限的数",
        `the cell holds ${String(value)}, which is not a finite number`
      )
    text = new Yuan(String(value)).toFixed() // float-ok: Decimal.toFixed of the shortest round-trip text, exact
  } else {
    text = toHalfWidth(value).trim()
  }
  const percentMatch = /^(.*?)\s*%$/.exec(text)
  const body = percentMatch === null ? text : (percentMatch[1] ?? "")
  const read = readNumberText(body, what, typeof value === "number" ? String(value) : value)
  if (isLabel(read)) return { ok: false, problem: read }
  const amount = new Yuan(`${read.negative ? "-" : ""}${read.digits}`)
  const asField = percentMatch !== null && options?.percent !== true ? amount.div(100) : amount
  return ok(asField.isZero() ? "0" : asField.toString())
}

const YES = new Set(["是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "对", "有"])
const NO = new Set(["否", "n", "no", "false", "f", "0", "×", "✗", "✘", "错", "无", "没有"])

/** true/false from 是/否, Y/N, yes/no, true/false, 1/0, √/×, 有/无 (any case, full-width too) or a logical cell. */
export const booleanCell = (value: CellValue): CellResult => {
  if (isBlankCell(value)) return ok(undefined)
  if (typeof value === "boolean") return ok(value)
  if (value instanceof Date)
    return fail("单元格是日期，这里应填 是/否", "the cell holds a date where yes or no is expected")
  if (typeof value === "number") {
    if (value === 1 || value === 0) return ok(value === 1)
    return fail(
      `${quoteZh(value)}不是 是/否：请填 是/否、Y/N 或 1/0`,
      `cannot read ${quoteEn(value)} as yes or no: write 是/否, Y/N, yes/no, true/false, 1/0 or √/×`
    )
  }
  const word = toHalfWidth(value).trim().toLowerCase()
  if (YES.has(word)) return ok(true)
  if (NO.has(word)) return ok(false)
  return fail(
    `${quoteZh(value)}不是 是/否：请填 是/否、Y/N 或 1/0`,
    `cannot read ${quoteEn(value)} as yes or no: write 是/否, Y/N, yes/no, true/false, 1/0 or √/×`
  )
}

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------

/** The last Excel serial of the 1900 date system the core can hold: 9999-12-31. */
const LAST_SERIAL = 2_958_465
/** Day number (from 1970-01-01) of serial 0 for serials after the fictitious 1900-02-29 (serial 60). */
const SERIAL_EPOCH_AFTER_60 = -25_569
/** Before serial 60 the serials count from 1899-12-31: Excel took 1900 for a leap year, as Lotus 1-2-3 did. */
const SERIAL_EPOCH_BEFORE_60 = -25_568

const dateFromSerial = (serial: number): CellResult => {
  if (!Number.isInteger(serial)) {
    return fail(
      `单元格中的日期序号 ${String(serial)} 带有时刻：这里只填日期`,
      `the cell holds the date serial ${String(serial)}, which has a time of day: only a date is expected`
    )
  }
  if (serial === 60) {
    return fail(
      "日期序号 60 是 Excel 虚构的 1900年2月29日（1900年不是闰年），该日期不存在",
      "the date serial 60 is Excel's fictitious 1900-02-29 (1900 was not a leap year): that date does not exist"
    )
  }
  if (serial >= 19_000_101 && serial <= 99_991_231) return dateFromText(String(serial), String(serial))
  if (serial < 1 || serial > LAST_SERIAL) {
    return fail(
      `单元格中的数字 ${String(serial)} 不是日期：日期序号为 1 到 ${LAST_SERIAL}（1900-01-01 到 9999-12-31）`,
      `the cell holds the number ${String(serial)}, which is not a date: date serials run from 1 to ${LAST_SERIAL} (1900-01-01 to 9999-12-31)`
    )
  }
  return ok(fromEpochDay(serial + (serial < 60 ? SERIAL_EPOCH_BEFORE_60 : SERIAL_EPOCH_AFTER_60)))
}

const DASHED =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/

const dateProblem = (date: string, raw: string): CellResult | undefined => {
  const problem = businessDateProblem(date)
  if (problem === undefined) return undefined
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const zh =
    year === 0
      ? "没有公元0000年（年份从0001开始）"
      : month < 1 || month > 12
        ? `没有${month}月（月份为1到12）`
        : `不存在：${year}年${month}月只有${daysInMonth(year, month)}天`
  return fail(`日期${quoteZh(raw)}${zh}`, `the date ${quoteEn(raw)} ${problem}`)
}

const dateFromText = (text: string, raw: string): CellResult => {
  const dashed = DASHED.exec(text)
  const chinese = dashed === null ? CHINESE.exec(text.replace(/\s/g, "")) : null
  const compact = COMPACT.exec(text)
  let parts: readonly [string, string, string] | undefined
  if (dashed !== null) {
    const [, year = "", , month = "", day = "", hours, minutes, seconds, fraction] = dashed
    const time = `${hours ?? ""}${minutes ?? ""}${seconds ?? ""}${fraction ?? ""}`
    if (/[1-9]/.test(time)) {
      return fail(
        `日期${quoteZh(raw)}带有时刻（不是 00:00）：这里只填日期`,
        `the date ${quoteEn(raw)} has a time of day other than 00:00: only a date is expected`
      )
    }
    parts = [year, month, day]
  } else if (chinese !== null) {
    parts = [chinese[1] ?? "", chinese[2] ?? "", chinese[3] ?? ""]
  } else if (compact !== null) {
    parts = [compact[1] ?? "", compact[2] ?? "", compact[3] ?? ""]
  }
  if (parts === undefined) {
    return fail(
      `日期${quoteZh(raw)}无法识别：请写成 2025-03-14、2025/3/14、2025.3.14、2025年3月14日 或 20250314`,
      `cannot read ${quoteEn(raw)} as a date: write it like 2025-03-14, 2025/3/14, 2025.3.14, 2025年3月14日 or 20250314`
    )
  }
  const [year, month, day] = parts
  const date = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`
  return dateProblem(date, raw) ?? ok(date)
}

/**
 * A business date `YYYY-MM-DD` from 2025-03-14, 2025/3/14, 2025.3.14, 2025年3月14日, 20250314 (full-width
 * digits too; a time part only when it is 00:00), a date cell (its UTC date), or an Excel serial number of
 * the 1900 date system (45730 = 2025-03-14, as a number or as five digits of text, as a CSV saved from a
 * date column formatted as General holds it; serial 60, Excel's 1900-02-29, does not exist). A calendar
 * date that does not exist (2025-02-30) is a problem.
 */
export const dateCell = (value: CellValue): CellResult => {
  if (isBlankCell(value)) return ok(undefined)
  if (typeof value === "boolean") return notText({ zh: "日期", en: "a date" }, value)
  if (value instanceof Date) {
    const date = dateOfDateCell(value)
    return date === undefined ? fail("单元格中的日期无效", "the cell holds an invalid date") : ok(date)
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      return fail("单元格中的数字不是日期", `the cell holds ${String(value)}, which is not a date`)
    return dateFromSerial(value)
  }
  const text = toHalfWidth(value).trim()
  // A serial as text: a CSV saved from a sheet whose date column was formatted as General writes
  // 45730 for 2025-03-14. Five digits only (1927 to 2173): no other way of writing a date has five.
  if (SERIAL_TEXT.test(text)) return dateFromSerial(Number(text))
  return dateFromText(text, value)
}

const SERIAL_TEXT = /^\d{5}$/

// ---------------------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------------------

/** The unit of a money column: 元, 万元 (10⁴ yuan) or 亿元 (10⁸ yuan). */
export type MoneyUnit = "yuan" | "wan" | "yi"

type HeaderUnit = { readonly unit: MoneyUnit } | { readonly unsupported: string }

const CHINESE_UNIT: Record<string, HeaderUnit> = {
  "": { unit: "yuan" },
  万: { unit: "wan" },
  萬: { unit: "wan" },
  亿: { unit: "yi" },
  億: { unit: "yi" },
  千: { unsupported: "千元" },
  十万: { unsupported: "十万元" },
  百万: { unsupported: "百万元" },
  千万: { unsupported: "千万元" },
  万亿: { unsupported: "万亿元" }
}

const FOREIGN = /(美元|港元|港币|欧元|日元|英镑|\b(usd|hkd|eur|jpy|gbp)\b|us\$|\$)/

const readHeader = (header: string): HeaderUnit | undefined => {
  const h = toHalfWidth(header).toLowerCase().replace(/\s+/g, " ").trim()
  const foreign = FOREIGN.exec(h)
  if (foreign !== null) return { unsupported: foreign[0] }
  const withYuan = /(十万|百万|千万|万亿|千|万|萬|亿|億)?(?:人民币)?(?:元|圆|圓)/.exec(h)
  if (withYuan !== null) return CHINESE_UNIT[withYuan[1] ?? ""]
  const lone = /(?:^|[([（【/:：,，\s])(十万|百万|千万|万亿|千|万|萬|亿|億)(?:[)\]）】]|$|\s)/.exec(h)
  if (lone !== null) return CHINESE_UNIT[lone[1] ?? ""]
  if (/\b10k\b|\b10,000\b|\bten thousands?\b|\b10 thousands?\b|\bwan\b/.test(h)) return { unit: "wan" }
  if (/\b100 ?m\b|\b100 ?mn\b|\b100 ?millions?\b|\bhundred millions?\b|\b100,000,000\b|\byi\b/.test(h))
    return { unit: "yi" }
  const currency = /\b(cny|rmb|yuan)\b|¥|￥/.test(h)
  const scale =
    /\b(thousands?|millions?|mn|billions?|bn)\b/.exec(h) ?? (currency ? /\b(k|m)\b/.exec(h) : null)
  if (scale !== null) return { unsupported: scale[0] }
  return currency ? { unit: "yuan" } : undefined
}

/**
 * The unit a money column's header names: `金额(万元)`, `质押金额（万元）`, `金额/万`, `amount (10k CNY)` →
 * `"wan"`; `金额/亿元`, `(亿)`, `amount (100m CNY)` → `"yi"`; `金额(元)`, `Amount (CNY)`, `RMB` → `"yuan"`.
 * `undefined` when the header names no unit, and also when it names one no {@link MoneyUnit} expresses
 * (千元, 百万元, 千万元, thousands, millions, a foreign currency): check {@link moneyHeaderProblem} so that
 * such a column is refused rather than read as yuan.
 */
export const moneyUnitOfHeader = (header: string): MoneyUnit | undefined => {
  const read = readHeader(header)
  return read !== undefined && "unit" in read ? read.unit : undefined
}

/**
 * Why a money column cannot be read with its header's unit (千元, 百万元, 千万元, 万亿元, thousands, millions
 * or a foreign currency such as 美元 / USD), or `undefined` when the unit is one of {@link MoneyUnit} or none
 * is named.
 */
export const moneyHeaderProblem = (header: string): Said | undefined => {
  const read = readHeader(header)
  if (read === undefined || "unit" in read) return undefined
  return say("import-header-unit", { header, unit: read.unsupported })
}

const UNIT_SUFFIX: Record<MoneyUnit, string> = { yuan: "", wan: "万", yi: "亿" }
const UNIT_POWER: Record<MoneyUnit, bigint> = { yuan: 1n, wan: 10_000n, yi: 100_000_000n }

/** parseYuan's reasons (yuan.ts), in Chinese; a reason not listed here keeps a generic Chinese message. */
const MONEY_REASONS: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [
    /^it has more than two decimal places of yuan(?: \(([^)]+?) is ([^)]+?) yuan\))?/,
    (m) =>
      `有三位以上小数${m[1] === undefined ? "" : `（${m[1]} 即 ${m[2]} 元）`}：金额精确到分，不会四舍五入`
  ],
  [/^it has more than \d+ digits of whole yuan/, () => "超过 15 位整数（最大为 999,999,999,999,999.99 元）"],
  [/^exponent notation/, () => "是科学计数法（如 1e5）：请写出全部数字"],
  [/^there is a space inside the number/, () => "的数字中间有空格：请去掉空格"],
  [/^thousands separators must split/, () => "的千分位逗号位置不对：应每三位一组，如 1,234,567.89"],
  [/^thousands separators cannot come after/, () => "的小数点后不能有千分位逗号"],
  [/^it has more than one decimal point/, () => "有多个小数点"],
  [/^a digit must come before the decimal point/, () => "的小数点前要有数字（写 0.5，不写 .5）"],
  [/^a digit must follow the decimal point/, () => "的小数点后要有数字"],
  [/^a minus sign may only come first/, () => "的负号只能写在最前面"],
  [/^it has more than one minus sign/, () => "有多个负号"],
  [/^the unit (\S+) may only come at the end/, (m) => `的单位“${m[1]}”只能写在数字后面`],
  [/^the currency sign (\S+) may only come first/, (m) => `的货币符号“${m[1]}”只能写在最前面`],
  [/^it contains the unexpected character "(.+)"$/, (m) => `含有无法识别的字符“${m[1]}”`],
  [/^it is not a finite number/, () => "不是有限的数"],
  [/^there is no number in it/, () => "中没有数字"]
]

const moneyProblem = (raw: string | number, reason: string, fromNumber: boolean): CellResult => {
  let zh = "无法读取"
  for (const [pattern, say] of MONEY_REASONS) {
    const m = pattern.exec(reason)
    if (m !== null) {
      zh = say(m)
      break
    }
  }
  const artefact = fromNumber && reason.startsWith("it has more than two decimal places")
  return fail(
    `金额${quoteZh(raw)}${zh}${artefact ? "。单元格里存的这个数多半是公式的计算结果：请在表格中用 ROUND(…, 2) 取到分，或把金额改填为文本" : ""}`,
    `cannot read the amount ${quoteEn(raw)}: ${reason}${artefact ? ". The sheet holds this number, most likely the result of a formula: round it to the fen in the sheet (ROUND(…, 2)) or type the amount as text" : ""}`
  )
}

// 大写 (capital) numerals, their everyday forms and traditional characters.
const CN_DIGITS: Readonly<Record<string, bigint>> = {
  零: 0n,
  〇: 0n,
  壹: 1n,
  一: 1n,
  贰: 2n,
  貳: 2n,
  弍: 2n,
  二: 2n,
  两: 2n,
  兩: 2n,
  叁: 3n,
  參: 3n,
  三: 3n,
  肆: 4n,
  四: 4n,
  伍: 5n,
  五: 5n,
  陆: 6n,
  陸: 6n,
  六: 6n,
  柒: 7n,
  七: 7n,
  捌: 8n,
  八: 8n,
  玖: 9n,
  九: 9n
}
const CN_SMALL_UNITS: Readonly<Record<string, bigint>> = {
  拾: 10n,
  十: 10n,
  佰: 100n,
  百: 100n,
  仟: 1000n,
  千: 1000n
}
const WAN = new Set(["万", "萬"])
const YI = new Set(["亿", "億"])
const CN_NUMERAL = /[零〇壹一贰貳弍二两兩叁參三肆四伍五陆陸六柒七捌八玖九拾十佰百仟千角分]/
const DIGIT_CLASS = "零〇壹一贰貳弍二两兩叁參三肆四伍五陆陸六柒七捌八玖九"
const CN_FRACTION = new RegExp(`^零?(?:([${DIGIT_CLASS}])角)?零?(?:([${DIGIT_CLASS}])分)?$`)

const cnProblem = (zh: string, en: string): Label => ({ zh, en })

/**
 * Whole yuan written in Chinese numerals: 仟佰拾 within a section, 万 and 亿 closing sections, 零 where
 * digits are skipped, 拾 alone at the start for 10. A last digit that follows 佰, 仟, 万 or 亿 without 零
 * (壹佰伍, 壹万伍) is refused: people say it for 150 and 15000, an amount written out must not leave it open.
 */
const chineseInteger = (text: string): bigint | Label => {
  let closed = 0n // the part up to the last 亿
  let wan = 0n // the part closed by 万 since then
  let section = 0n
  let digit: bigint | undefined
  let afterZero = false
  let lastUnit: bigint | undefined
  let sectionUnit = 10_000n
  let wanSeen = false
  let yiSeen = false
  const close = (): Label | undefined => {
    if (digit !== undefined && digit !== 0n && !afterZero && lastUnit !== undefined && lastUnit > 10n) {
      return cnProblem(
        "末位数字前缺少单位或“零”，含义不明（如“壹佰伍”应写作壹佰伍拾或壹佰零伍）",
        "a last digit follows a unit larger than 拾 without 零, which leaves it open (write 壹佰伍拾 for 150 or 壹佰零伍 for 105)"
      )
    }
    section += digit ?? 0n
    digit = undefined
    afterZero = false
    return undefined
  }
  for (const c of text) {
    const d = CN_DIGITS[c]
    if (d !== undefined) {
      if (digit !== undefined && digit !== 0n) {
        return cnProblem(
          "两个数字之间缺少单位（拾、佰、仟、万、亿）",
          "two digits follow each other without a unit (拾, 佰, 仟, 万, 亿) between them"
        )
      }
      if (d === 0n) afterZero = true
      digit = d
      continue
    }
    const unit = CN_SMALL_UNITS[c]
    if (unit !== undefined) {
      let times = digit
      if (times === undefined && unit === 10n && lastUnit === undefined && section === 0n && !afterZero)
        times = 1n
      if (times === undefined || times === 0n)
        return cnProblem(`单位“${c}”前面缺少数字`, `the unit ${c} has no digit before it`)
      if (unit >= sectionUnit) {
        return cnProblem(
          `单位“${c}”的位置不对：拾佰仟应从大到小书写`,
          `the unit ${c} is out of order: 仟, 佰 and 拾 come from the largest down`
        )
      }
      section += times * unit
      sectionUnit = unit
      lastUnit = unit
      digit = undefined
      afterZero = false
      continue
    }
    if (WAN.has(c)) {
      const problem = close()
      if (problem !== undefined) return problem
      if (section === 0n) return cnProblem("“万”前面缺少数字", "万 has no digits before it")
      if (wanSeen) return cnProblem("“万”出现了两次", "万 appears twice")
      wan = section * 10_000n
      wanSeen = true
    } else if (YI.has(c)) {
      const problem = close()
      if (problem !== undefined) return problem
      const value = wan + section
      if (value === 0n) return cnProblem("“亿”前面缺少数字", "亿 has no digits before it")
      if (yiSeen) return cnProblem("“亿”出现了两次", "亿 appears twice")
      closed = value * 100_000_000n
      wan = 0n
      wanSeen = false
      yiSeen = true
    } else {
      return cnProblem(
        `含有无法识别的字符“${c}”（大写金额不能和阿拉伯数字混写）`,
        `it contains the unexpected character ${JSON.stringify(c)} (an amount in Chinese numerals cannot mix in Arabic digits)`
      )
    }
    section = 0n
    sectionUnit = 10_000n
    lastUnit = c === "亿" || c === "億" ? 100_000_000n : 10_000n
  }
  const problem = close()
  if (problem !== undefined) return problem
  return closed + wan + section
}

/** An amount written in Chinese numerals (壹佰贰拾万元整, 人民币叁仟肆佰伍拾陆元柒角捌分), as a Yuan. */
const chineseAmount = (text: string, unit: MoneyUnit): Decimal | Label => {
  const compact = text
    .replace(/\s/g, "")
    .replace(/^(人民币|rmb|cny)?[¥￥]?/i, "")
    .replace(/[整正]$/, "")
  const yuanAt = compact.search(/[元圆圓]/)
  let integerText: string
  let fractionText: string
  if (yuanAt >= 0) {
    integerText = compact.slice(0, yuanAt)
    fractionText = compact.slice(yuanAt + 1)
    if (integerText === "")
      return cnProblem(
        "“元”前面缺少数字（不足一元写作零元）",
        "元 has no digits before it (write 零元 below one yuan)"
      )
  } else {
    const first = compact.search(/[角分]/)
    const start = first < 0 ? compact.length : first - 1
    if (start < 0)
      return cnProblem(`“${compact.charAt(0)}”前面缺少数字`, `${compact.charAt(0)} has no digit before it`)
    integerText = compact.slice(0, start)
    fractionText = compact.slice(start)
  }
  const fraction = CN_FRACTION.exec(fractionText)
  if (fraction === null) {
    return cnProblem(
      `角、分的写法不对（如 柒角捌分、零捌分）：“${fractionText}”`,
      `the jiao and fen are not written like 柒角捌分 or 零捌分: ${JSON.stringify(fractionText)}`
    )
  }
  const whole = integerText === "" ? 0n : chineseInteger(integerText)
  if (typeof whole !== "bigint") return whole
  const ownUnit = yuanAt >= 0 || fractionText !== "" || /[万萬亿億]/.test(integerText)
  const yuan = ownUnit ? whole : whole * UNIT_POWER[unit]
  if (yuan.toString().length > MAX_YUAN_INTEGER_DIGITS) {
    return cnProblem(
      "超过 15 位整数（最大为 999,999,999,999,999.99 元）",
      `it has more than ${MAX_YUAN_INTEGER_DIGITS} digits of whole yuan (the largest amount is 999,999,999,999,999.99)`
    )
  }
  const jiao = fraction[1] === undefined ? 0n : (CN_DIGITS[fraction[1]] ?? 0n)
  const fen = fraction[2] === undefined ? 0n : (CN_DIGITS[fraction[2]] ?? 0n)
  return new Yuan(`${yuan}.${jiao}${fen}`)
}

/** A unit the cell writes itself, at its end (before an optional 整/正). */
const OWN_UNIT = /(万亿|万|亿|元)$/

/**
 * An amount of yuan as the Money wire text (`"1200000.00"`), exactly or not at all.
 *
 * - Text goes through `parseYuan` (万/亿 suffixes, full-width digits and punctuation, ¥, thousands
 *   separators, at most two decimal places of yuan: never rounded), after removing 人民币 / RMB / CNY before
 *   it, 整/正 after it, and reading 圆 as 元.
 * - Chinese numerals: 壹佰贰拾万元整, 伍拾万元, 人民币叁仟肆佰伍拾陆元柒角捌分, 拾伍万, 伍角叁分.
 * - `unit` is the column's (see {@link moneyUnitOfHeader}): `1.5` in a 万元 column is 15000.00; a cell
 *   that writes its own unit (`50万`, `1200元`, `伍拾万元`) keeps it.
 * - A number cell is read as its shortest round-trip text `String(n)`, never by float arithmetic; a
 *   number with more than two decimal places of yuan (0.1 + 0.2 = 0.30000000000000004) is a problem.
 */
export const moneyCell = (value: CellValue, unit: MoneyUnit = "yuan"): CellResult => {
  if (isBlankCell(value)) return ok(undefined)
  if (typeof value === "boolean" || value instanceof Date)
    return notText({ zh: "金额", en: "an amount" }, value)
  const fromNumber = typeof value === "number"
  let text: string
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      return fail(
        "单元格中的数字不是有限的数",
        `the cell holds ${String(value)}, which is not a finite number`
      )
    text = new Yuan(String(value)).toFixed() // float-ok: Decimal.toFixed of the shortest round-trip text, exact
  } else {
    text = toHalfWidth(value).trim()
  }
  if (CN_NUMERAL.test(text)) {
    const amount = chineseAmount(text, unit)
    if (Decimal.isDecimal(amount)) return ok(toWire(amount))
    return fail(
      `大写金额${quoteZh(value)}无法读取：${amount.zh}`,
      `cannot read the amount ${quoteEn(value)}: ${amount.en}`
    )
  }
  const plain = text
    .replace(/^(人民币|rmb|cny)\s*/i, "")
    .replace(/\s*(rmb|cny)$/i, "")
    .replace(/[圆圓]/g, "元")
    .replace(/\s*[整正]$/, "")
  const withUnit = OWN_UNIT.test(plain) ? plain : `${plain}${UNIT_SUFFIX[unit]}`
  try {
    return ok(toWire(parseYuan(withUnit)))
  } catch (error) {
    if (error instanceof MoneyParseError) return moneyProblem(value, error.reason, fromNumber)
    throw error
  }
}

// ---------------------------------------------------------------------------------------------------------
// Patent numbers
// ---------------------------------------------------------------------------------------------------------

/** One number once its spaces are removed (its check digit and year still to be checked). */
const PATENT_SHAPE = /^(?:ZL|CN)?(\d{12}|\d{8})\.([0-9X])$/

const patentProblem = (token: string, number: string): Label | undefined => {
  const reason = patentNumberProblem(number)
  if (reason === undefined) return undefined
  const shape = PATENT_SHAPE.exec(number)
  if (shape !== null) {
    const expected = patentCheckDigit(shape[1]!)
    if (expected !== shape[2]) {
      return {
        zh: `专利号${quoteZh(token)}的校验位与前面的数字不符（按这些数字应为 ${expected}），请核对是否抄错`,
        en: `the patent number ${quoteEn(token)} has a check digit that does not match its digits (they give ${expected}): check it for a typing error`
      }
    }
  }
  const zh = messageText(reason.code, reason.params, "zh")
  return { zh: `专利号${quoteZh(token)}${zh}`, en: `the patent number ${quoteEn(token)} ${reason.message}` }
}

/**
 * Patent numbers from one cell, as a `ReadonlyArray<string>` in canonical form (`normalizePatentNumber`:
 * full-width to ASCII, upper case, spaces removed, the dot put in). Numbers are separated by `;` `；` `,`
 * `，` `、` line breaks or spaces (a piece that is one number once its spaces are removed, like
 * `ZL 2017 1060 1862.3`, stays one number). A `ZL`/`CN` prefix is kept as written, as the pledge input and
 * the store keep it (the store treats ZL…, CN… and the bare number as the same patent). The first number
 * that cannot exist is the problem, named as written; so is a patent listed twice (in any spelling).
 */
export const patentsCell = (value: CellValue): CellResult => {
  if (isBlankCell(value)) return ok(undefined)
  if (typeof value === "boolean" || value instanceof Date)
    return notText({ zh: "专利号", en: "a patent number" }, value)
  const text = textCell(value)
  if (!text.ok) return text
  const tokens: Array<string> = []
  for (const piece of (text.value as string).split(/[;；,，、\r\n]+/)) {
    const trimmed = piece.trim()
    if (trimmed === "") continue
    if (PATENT_SHAPE.test(normalizePatentNumber(trimmed))) tokens.push(trimmed)
    else tokens.push(...trimmed.split(/\s+/))
  }
  if (tokens.length === 0) return ok(undefined)
  const numbers: Array<string> = []
  const seen = new Map<string, string>()
  for (const token of tokens) {
    const number = normalizePatentNumber(token)
    const problem = patentProblem(token, number)
    if (problem !== undefined) return { ok: false, problem }
    const bare = bareNumber(number)
    const earlier = seen.get(bare)
    if (earlier !== undefined) {
      return earlier === token
        ? fail(`专利号${quoteZh(token)}重复出现`, `the patent number ${quoteEn(token)} is listed twice`)
        : fail(
            `专利号${quoteZh(token)}重复出现（与${quoteZh(earlier)}是同一件专利）`,
            `the patent number ${quoteEn(token)} is listed twice (${quoteEn(earlier)} is the same patent)`
          )
    }
    seen.set(bare, token)
    numbers.push(number)
  }
  return ok(numbers)
}
