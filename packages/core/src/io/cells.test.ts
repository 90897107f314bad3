import { describe, expect, it } from "vitest"
import { fromFen, toWire } from "../money/yuan.js"
import { makePatentNumber } from "../registry/codes.js"
import { localizedMessage } from "../text/messages.js"
import {
  booleanCell,
  type CellResult,
  type CellValue,
  codeCell,
  dateCell,
  decimalCell,
  isBlankCell,
  type Label,
  moneyCell,
  moneyHeaderProblem,
  moneyUnitOfHeader,
  numberCell,
  patentsCell,
  textCell
} from "./cells.js"

const read = (result: CellResult): unknown => {
  if (!result.ok) throw new Error(`expected a value, got the problem ${result.problem.en}`)
  return result.value
}

/** An 18-digit credit code typed into a number cell: the sheet holds the nearest double, digits lost. */
const LONG_CODE = Number("913303007045678901")

const problemOf = (result: CellResult): Label => {
  if (result.ok) throw new Error(`expected a problem, got the value ${JSON.stringify(result.value)}`)
  return result.problem
}

/** The problem names `zh` in Chinese and `en` in English (a key word of each). */
const expectProblem = (result: CellResult, zh: string | RegExp, en: string | RegExp): void => {
  const problem = problemOf(result)
  expect(problem.zh).toMatch(zh)
  expect(problem.en).toMatch(en)
}

/** mulberry32: a small seeded generator, so the generated cases are the same on every run. */
const seeded = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe("isBlankCell", () => {
  it("is true for nothing and for text of spaces only", () => {
    for (const blank of [null, undefined, "", "   ", "\u00a0", "\u3000", "\t\r\n"] as Array<CellValue>)
      expect(isBlankCell(blank)).toBe(true)
    for (const filled of ["0", " x ", 0, false, new Date(Date.UTC(2025, 2, 14))] as Array<CellValue>)
      expect(isBlankCell(filled)).toBe(false)
  })
})

describe("textCell", () => {
  it("trims ASCII spaces, NBSP, U+3000, tabs and line breaks and keeps the inner text exactly", () => {
    expect(read(textCell("  温州市鹿城区科技有限公司 "))).toBe("温州市鹿城区科技有限公司")
    expect(read(textCell("\u00a0\u3000\t温州（瓯海）新材料  股份有限公司\r\n"))).toBe(
      "温州（瓯海）新材料  股份有限公司"
    )
    expect(read(textCell("ＡＢＣ１２３"))).toBe("ＡＢＣ１２３")
  })

  it("gives an empty cell as empty text: the caller decides whether the field is required", () => {
    expect(read(textCell(undefined))).toBe("")
    expect(read(textCell(null))).toBe("")
    expect(read(textCell(" \u3000 "))).toBe("")
  })

  it("writes a number cell as its shortest text, a logical cell and a date cell as the sheet shows them", () => {
    expect(read(textCell(330302))).toBe("330302")
    expect(read(textCell(12.5))).toBe("12.5")
    expect(read(textCell(-0.25))).toBe("-0.25")
    expect(read(textCell(true))).toBe("TRUE")
    expect(read(textCell(false))).toBe("FALSE")
    expect(read(textCell(new Date(Date.UTC(2025, 2, 14))))).toBe("2025-03-14")
  })

  it("refuses a number the sheet could not hold exactly: the cell must be text", () => {
    // An 18-digit credit code typed into a number cell: Excel keeps 15 significant digits.
    expectProblem(textCell(LONG_CODE), /文本/, /format the column as text/)
    expectProblem(textCell(2 ** 53 + 2), /位数太多/, /too long/)
    expect(read(textCell(2 ** 53 - 1))).toBe("9007199254740991")
    expectProblem(textCell(1e-7), /科学计数法/, /exponent notation/)
    expectProblem(textCell(Number.NaN), /有限/, /not a finite number/)
    expectProblem(textCell(new Date(Number.NaN)), /日期无效/, /invalid date/)
  })
})

describe("codeCell", () => {
  it("turns full-width characters to ASCII, removes every space and upper-cases", () => {
    expect(read(codeCell("９１３３０３０２ＭＡ２ＡＢＣＤＥ１Ｘ"))).toBe("91330302MA2ABCDE1X")
    expect(read(codeCell(" 9133 0302 ma2a bcde 1x\u00a0"))).toBe("91330302MA2ABCDE1X")
    expect(read(codeCell("y2025\u3000330000123"))).toBe("Y2025330000123")
    expect(read(codeCell("Y2025-33-0001"))).toBe("Y2025-33-0001")
  })

  it("drops the apostrophe people type to keep a code as text", () => {
    expect(read(codeCell("'330302"))).toBe("330302")
  })

  it("reads a district code from a number cell and refuses a code too long for one", () => {
    expect(read(codeCell(330302))).toBe("330302")
    expectProblem(codeCell(LONG_CODE), /文本/, /as text/)
  })

  it("gives an empty cell as empty text and refuses logical and date cells", () => {
    expect(read(codeCell(undefined))).toBe("")
    expect(read(codeCell("  "))).toBe("")
    expectProblem(codeCell(true), /逻辑值/, /logical value/)
    expectProblem(codeCell(new Date(Date.UTC(2025, 0, 1))), /日期/, /date/)
  })
})

describe("numberCell", () => {
  it("reads numbers from number cells and from text", () => {
    expect(read(numberCell(42))).toBe(42)
    expect(read(numberCell(2025))).toBe(2025)
    expect(read(numberCell(" 2025 "))).toBe(2025)
    expect(read(numberCell("１２３４"))).toBe(1234)
    expect(read(numberCell("１，２３４"))).toBe(1234)
    expect(read(numberCell("1,234,567"))).toBe(1234567)
    expect(read(numberCell("-3"))).toBe(-3)
    expect(read(numberCell("+7"))).toBe(7)
    expect(read(numberCell("1.5"))).toBe(1.5)
    expect(read(numberCell("9007199254740991"))).toBe(Number.MAX_SAFE_INTEGER)
    expect(Object.is(read(numberCell("-0")), 0)).toBe(true)
  })

  it("gives an empty cell as undefined", () => {
    expect(read(numberCell(undefined))).toBeUndefined()
    expect(read(numberCell("\u3000"))).toBeUndefined()
  })

  it("refuses what is not a number, or not one held exactly", () => {
    expectProblem(numberCell("abc"), /不是数字/, /not a number/)
    expectProblem(numberCell("12个"), /不是数字/, /not a number/)
    expectProblem(numberCell("1,23"), /千分位/, /thousands separators/)
    expectProblem(numberCell("1e5"), /科学计数法/, /exponent notation/)
    expectProblem(numberCell(".5"), /小数点前/, /0\.5/)
    expectProblem(numberCell("9007199254740993"), /位数太多/, /too many digits/)
    expectProblem(numberCell("0.30000000000000001"), /位数太多/, /too many digits/)
    expectProblem(numberCell(2 ** 60), /文本/, /as text/)
    expectProblem(numberCell(Number.POSITIVE_INFINITY), /有限/, /not a finite number/)
    expectProblem(numberCell(true), /逻辑值/, /logical value/)
    expectProblem(numberCell(new Date(Date.UTC(2025, 0, 1))), /日期/, /date/)
  })
})

describe("decimalCell", () => {
  it("reads a fraction field: a percent sign divides by 100, exactly", () => {
    expect(read(decimalCell("3.85%"))).toBe("0.0385")
    expect(read(decimalCell("3.85 ％"))).toBe("0.0385")
    expect(read(decimalCell("０．０３８５"))).toBe("0.0385")
    expect(read(decimalCell("0.0385"))).toBe("0.0385")
    expect(read(decimalCell("60%"))).toBe("0.6")
    expect(read(decimalCell(0.0385))).toBe("0.0385")
    expect(read(decimalCell("3.85"))).toBe("3.85")
  })

  it("reads a percent field: the sign is dropped, the number kept", () => {
    expect(read(decimalCell("3.85%", { percent: true }))).toBe("3.85")
    expect(read(decimalCell("3.85", { percent: true }))).toBe("3.85")
    expect(read(decimalCell(3.85, { percent: true }))).toBe("3.85")
    expect(read(decimalCell("2.5000%", { percent: true }))).toBe("2.5")
  })

  it("writes exact decimal text: no trailing zeros, no exponent, no float arithmetic", () => {
    expect(read(decimalCell("7.12340"))).toBe("7.1234")
    expect(read(decimalCell("1,234.5"))).toBe("1234.5")
    expect(read(decimalCell(1e-7))).toBe("0.0000001")
    expect(read(decimalCell("0.0001%"))).toBe("0.000001")
    expect(read(decimalCell("0.00%"))).toBe("0")
    expect(read(decimalCell("-1.5"))).toBe("-1.5")
    // 0.1 + 0.2 in a formula cell: the sheet's number is kept exactly; the input Schema refuses its places.
    expect(read(decimalCell(0.1 + 0.2))).toBe("0.30000000000000004")
  })

  it("gives an empty cell as undefined and refuses what is not a number", () => {
    expect(read(decimalCell(null))).toBeUndefined()
    expectProblem(decimalCell("三点八五"), /不是数字/, /not a number/)
    expectProblem(decimalCell("3.85%%"), /不是数字/, /not a number/)
    expectProblem(decimalCell("1e-3"), /科学计数法/, /exponent/)
    expectProblem(decimalCell(true), /逻辑值/, /logical value/)
    expectProblem(decimalCell(Number.NaN), /有限/, /finite/)
  })
})

describe("booleanCell", () => {
  it("reads the ways people write yes and no", () => {
    for (const yes of ["是", "Y", "y", "yes", "YES", "true", "True", "1", "√", "✓", "有", "ｙｅｓ", " 是 "])
      expect(read(booleanCell(yes))).toBe(true)
    for (const no of ["否", "N", "n", "no", "No", "false", "FALSE", "0", "×", "无", "０"])
      expect(read(booleanCell(no))).toBe(false)
    expect(read(booleanCell(true))).toBe(true)
    expect(read(booleanCell(false))).toBe(false)
    expect(read(booleanCell(1))).toBe(true)
    expect(read(booleanCell(0))).toBe(false)
  })

  it("gives an empty cell as undefined and refuses anything else", () => {
    expect(read(booleanCell(""))).toBeUndefined()
    expectProblem(booleanCell("maybe"), /是\/否/, /yes or no/)
    expectProblem(booleanCell(2), /是\/否/, /yes or no/)
    expectProblem(booleanCell(new Date(Date.UTC(2025, 0, 1))), /日期/, /date/)
  })
})

describe("dateCell", () => {
  it("reads the ways people write a date", () => {
    for (const text of [
      "2025-03-14",
      "2025/3/14",
      "2025.3.14",
      "2025-3-14",
      "2025年3月14日",
      "2025年03月14日",
      "2025 年 3 月 14 日",
      "2025年3月14号",
      "20250314",
      " 2025-03-14 ",
      "\u3000２０２５－０３－１４\u00a0",
      "２０２５年３月１４日",
      "２０２５／３／１４",
      "2025-03-14 00:00:00",
      "2025-03-14T00:00:00",
      "2025-03-14T00:00:00.000Z",
      "2025-03-14 00:00"
    ])
      expect(read(dateCell(text)), text).toBe("2025-03-14")
  })

  it("takes the UTC date of a date cell", () => {
    expect(read(dateCell(new Date(Date.UTC(2025, 2, 14))))).toBe("2025-03-14")
    expect(read(dateCell(new Date(Date.UTC(2024, 1, 29))))).toBe("2024-02-29")
    expectProblem(dateCell(new Date(Number.NaN)), /日期无效/, /invalid date/)
  })

  it("reads Excel serial numbers of the 1900 date system, minding its fictitious 1900-02-29", () => {
    expect(read(dateCell(1))).toBe("1900-01-01")
    expect(read(dateCell(59))).toBe("1900-02-28")
    expect(read(dateCell(61))).toBe("1900-03-01")
    expect(read(dateCell(45730))).toBe("2025-03-14")
    expect(read(dateCell(45730.0))).toBe("2025-03-14")
    expect(read(dateCell(2958465))).toBe("9999-12-31")
    expectProblem(dateCell(60), /1900年2月29日/, /1900-02-29/)
    expectProblem(dateCell(45730.5), /时刻/, /time of day/)
    expectProblem(dateCell(0), /不是日期/, /not a date/)
    expectProblem(dateCell(-1), /不是日期/, /not a date/)
    expectProblem(dateCell(2958466), /不是日期/, /not a date/)
    expectProblem(dateCell(Number.NaN), /不是日期/, /not a date/)
  })

  it("reads a serial written as five digits of text (a CSV saved from a date column formatted as General)", () => {
    expect(read(dateCell("45730"))).toBe("2025-03-14")
    expect(read(dateCell(" ４５７３０ "))).toBe("2025-03-14")
    expectProblem(dateCell("4573"), /无法识别/, /cannot read/)
    expectProblem(dateCell("457300"), /无法识别/, /cannot read/)
    expectProblem(dateCell("45730.5"), /无法识别/, /cannot read/)
  })

  it("reads a YYYYMMDD number (a date typed without separators, kept as a number by the sheet)", () => {
    expect(read(dateCell(20250314))).toBe("2025-03-14")
    expectProblem(dateCell(20250230), /只有28天/, /no day 30/)
  })

  it("refuses dates that do not exist", () => {
    expectProblem(dateCell("2025-02-30"), /2025年2月只有28天/, /no day 30/)
    expectProblem(dateCell("2024/2/30"), /2024年2月只有29天/, /no day 30/)
    expectProblem(dateCell("2025-13-01"), /没有13月/, /no month 13/)
    expectProblem(dateCell("2025年4月31日"), /只有30天/, /no day 31/)
    expectProblem(dateCell("0000-01-01"), /0000年/, /no year 0000/)
    expectProblem(dateCell("20250229"), /只有28天/, /no day 29/)
  })

  it("refuses a time of day, other shapes and other kinds of cell", () => {
    expectProblem(dateCell("2025-03-14 10:30:00"), /时刻/, /time of day other than 00:00/)
    expectProblem(dateCell("2025-03-14T00:00:01"), /时刻/, /time of day/)
    expectProblem(dateCell("3/14/2025"), /无法识别/, /cannot read "3\/14\/2025" as a date/)
    expectProblem(dateCell("2025-03/14"), /无法识别/, /as a date/)
    expectProblem(dateCell("25-3-14"), /无法识别/, /as a date/)
    expectProblem(dateCell("明天"), /无法识别/, /as a date/)
    expectProblem(dateCell(true), /逻辑值/, /logical value/)
    expect(read(dateCell(" "))).toBeUndefined()
  })
})

describe("moneyCell", () => {
  it("writes the Money wire form: decimal yuan with exactly two places", () => {
    expect(read(moneyCell("1200000"))).toBe("1200000.00")
    expect(read(moneyCell("1200000.00"))).toBe("1200000.00")
    expect(read(moneyCell("1,200,000.5"))).toBe("1200000.50")
    expect(read(moneyCell("¥1,200,000"))).toBe("1200000.00")
    expect(read(moneyCell("￥ 1,200,000.00 元"))).toBe("1200000.00")
    expect(read(moneyCell("0"))).toBe("0.00")
    expect(read(moneyCell("-12.5"))).toBe("-12.50")
  })

  it("reads units, 人民币/RMB, 整 and 圆, full-width digits and punctuation, stray spaces", () => {
    expect(read(moneyCell("50万"))).toBe("500000.00")
    expect(read(moneyCell("2.5亿元"))).toBe("250000000.00")
    expect(read(moneyCell("１２３，４５６．００"))).toBe("123456.00")
    expect(read(moneyCell("１２．５万"))).toBe("125000.00")
    expect(read(moneyCell("\u00a0 1,200 \u3000"))).toBe("1200.00")
    expect(read(moneyCell("人民币1,200,000.00元"))).toBe("1200000.00")
    expect(read(moneyCell("RMB 1,200,000"))).toBe("1200000.00")
    expect(read(moneyCell("1200000 CNY"))).toBe("1200000.00")
    expect(read(moneyCell("120万元整"))).toBe("1200000.00")
    expect(read(moneyCell("1200圆"))).toBe("1200.00")
  })

  it("applies the column's unit unless the cell writes its own", () => {
    expect(read(moneyCell("1.5", "wan"))).toBe("15000.00")
    expect(read(moneyCell(1.5, "wan"))).toBe("15000.00")
    expect(read(moneyCell("1,234.5678", "wan"))).toBe("12345678.00")
    expect(read(moneyCell("0.25", "yi"))).toBe("25000000.00")
    expect(read(moneyCell("¥1.5", "wan"))).toBe("15000.00")
    expect(read(moneyCell("50万", "yi"))).toBe("500000.00")
    expect(read(moneyCell("1200元", "wan"))).toBe("1200.00")
    expect(read(moneyCell("1.5亿", "wan"))).toBe("150000000.00")
    expect(read(moneyCell("伍拾万元", "wan"))).toBe("500000.00")
    expect(read(moneyCell("伍拾", "wan"))).toBe("500000.00")
    expect(read(moneyCell("1.5", "yuan"))).toBe("1.50")
  })

  it("reads number cells through their shortest round-trip text, never by float arithmetic", () => {
    expect(read(moneyCell(1200000))).toBe("1200000.00")
    expect(read(moneyCell(1234.56))).toBe("1234.56")
    expect(read(moneyCell(0.07))).toBe("0.07")
    expect(read(moneyCell(999999999999999.9))).toBe("999999999999999.90")
    expect(read(moneyCell(1.23456, "wan"))).toBe("12345.60")
    expect(read(moneyCell(-0))).toBe("0.00")
  })

  it("refuses a number cell with more than two decimal places of yuan, such as a formula's 0.1 + 0.2", () => {
    const problem = problemOf(moneyCell(0.1 + 0.2))
    expect(problem.zh).toContain("0.30000000000000004")
    expect(problem.zh).toContain("有三位以上小数：金额精确到分，不会四舍五入")
    expect(problem.zh).toContain("ROUND")
    expect(problem.en).toContain("more than two decimal places")
    expect(problem.en).toContain("never rounded")
    expect(problem.en).toContain("formula")
    expectProblem(moneyCell(1.234), /三位以上小数/, /more than two decimal places/)
    expectProblem(moneyCell(0.30000000000000004, "wan"), /3000\.0000000000004 元/, /more than two decimal/)
    expectProblem(moneyCell(1e21), /15 位整数/, /more than 15 digits/)
    expectProblem(moneyCell(Number.NaN), /有限/, /finite/)
  })

  it("refuses text that is not an exact amount, saying why in both languages", () => {
    const decimals = problemOf(moneyCell("1.234"))
    expect(decimals.zh).toBe("金额“1.234”有三位以上小数：金额精确到分，不会四舍五入")
    expect(decimals.en).toMatch(/^cannot read the amount "1.234": it has more than two decimal places/)
    expectProblem(moneyCell("1.0000001", "wan"), /10000\.001 元/, /10000\.001 yuan/)
    expectProblem(moneyCell("1e5"), /科学计数法/, /exponent notation/)
    expectProblem(moneyCell("12 34"), /空格/, /space inside/)
    expectProblem(moneyCell("1,23"), /千分位/, /thousands separators/)
    expectProblem(moneyCell("1.2.3"), /多个小数点/, /more than one decimal point/)
    expectProblem(moneyCell(".5"), /小数点前/, /before the decimal point/)
    expectProblem(moneyCell("5."), /小数点后/, /follow the decimal point/)
    expectProblem(moneyCell("12abc"), /无法识别的字符/, /unexpected character/)
    expectProblem(moneyCell("1万2"), /只能写在数字后面/, /only come at the end/)
    expectProblem(moneyCell("1234567890123456"), /15 位整数/, /more than 15 digits/)
    expectProblem(moneyCell("¥"), /没有数字/, /no number/)
    expectProblem(moneyCell(true), /逻辑值/, /logical value/)
    expectProblem(moneyCell(new Date(Date.UTC(2025, 0, 1))), /日期/, /date/)
  })

  it("gives an empty cell as undefined", () => {
    expect(read(moneyCell(undefined))).toBeUndefined()
    expect(read(moneyCell("  ", "wan"))).toBeUndefined()
  })

  it("round-trips every amount of fen it writes (a few hundred generated ones, seeded)", () => {
    const random = seeded(20250314)
    for (let i = 0; i < 400; i++) {
      const digits = 1 + Math.floor(random() * 17)
      let fen = ""
      for (let d = 0; d < digits; d++) fen += String(Math.floor(random() * 10))
      const amount = fromFen(`${random() < 0.1 ? "-" : ""}${fen}`)
      const wire = toWire(amount)
      expect(read(moneyCell(wire))).toBe(wire)
      expect(read(moneyCell(` ¥${wire} `))).toBe(wire)
    }
  })
})

describe("moneyCell: amounts in Chinese numerals (大写)", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["壹佰贰拾万元整", "1200000.00"],
    ["伍拾万元", "500000.00"],
    ["人民币叁仟肆佰伍拾陆元柒角捌分", "3456.78"],
    ["人民币 叁仟肆佰伍拾陆元柒角捌分", "3456.78"],
    ["零", "0.00"],
    ["零元整", "0.00"],
    ["壹佰圆正", "100.00"],
    ["拾伍万", "150000.00"],
    ["拾元", "10.00"],
    ["壹拾伍万元", "150000.00"],
    ["壹仟零伍元", "1005.00"],
    ["壹亿零伍佰万", "105000000.00"],
    ["壹亿零伍佰万元整", "105000000.00"],
    ["贰亿叁仟万", "230000000.00"],
    ["壹万亿", "1000000000000.00"],
    ["壹万零伍拾元", "10050.00"],
    ["壹仟零伍拾元", "1050.00"],
    ["壹佰零伍元", "105.00"],
    ["伍角", "0.50"],
    ["伍角叁分", "0.53"],
    ["叁分", "0.03"],
    ["零元伍角", "0.50"],
    ["壹佰元零捌分", "100.08"],
    ["壹佰元零角捌分", "100.08"],
    ["壹佰元伍角整", "100.50"],
    ["壹佰零伍分", "100.05"],
    ["一百二十万元", "1200000.00"],
    ["两千元", "2000.00"],
    ["貳萬圓整", "20000.00"],
    ["壹億元", "100000000.00"],
    ["￥壹佰元", "100.00"],
    ["玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分", "9999999999999999.99"]
  ]

  it.each(cases.slice(0, -1))("reads %s as %s", (text, wire) => {
    expect(read(moneyCell(text))).toBe(wire)
  })

  it("refuses more than 15 digits of whole yuan", () => {
    expectProblem(moneyCell(cases.at(-1)![0]), /15 位整数/, /more than 15 digits/)
  })

  it("refuses what is not an amount written out", () => {
    expectProblem(moneyCell("壹佰伍"), /含义不明/, /leaves it open/)
    expectProblem(moneyCell("壹万伍"), /含义不明/, /leaves it open/)
    expectProblem(moneyCell("壹贰元"), /缺少单位/, /without a unit/)
    expectProblem(moneyCell("伍佰伍仟元"), /从大到小/, /out of order/)
    expectProblem(moneyCell("壹佰拾元"), /缺少数字/, /no digit before it/)
    expectProblem(moneyCell("万元"), /没有数字/, /no number/)
    expectProblem(moneyCell("壹亿万元"), /缺少数字/, /no digits before it/)
    expectProblem(moneyCell("壹万贰仟万元"), /两次/, /twice/)
    expectProblem(moneyCell("壹亿贰仟亿元"), /两次/, /twice/)
    expectProblem(moneyCell("元伍角"), /缺少数字/, /no digits before it/)
    expectProblem(moneyCell("角"), /缺少数字/, /no digit before it/)
    expectProblem(moneyCell("壹佰元伍分叁角"), /角、分/, /jiao and fen/)
    expectProblem(moneyCell("5千万"), /无法识别的字符“5”/, /cannot mix in Arabic digits/)
    const problem = problemOf(moneyCell("壹贰元"))
    expect(problem.zh.startsWith("大写金额“壹贰元”无法读取")).toBe(true)
    expect(problem.en.startsWith('cannot read the amount "壹贰元"')).toBe(true)
  })
})

describe("moneyUnitOfHeader", () => {
  it("reads the unit a money column's header names", () => {
    const cases: ReadonlyArray<readonly [string, string | undefined]> = [
      ["金额(万元)", "wan"],
      ["质押金额（万元）", "wan"],
      ["金额/万", "wan"],
      ["金额（万）", "wan"],
      ["贷款金额（人民币万元）", "wan"],
      ["amount (10k CNY)", "wan"],
      ["Amount (10,000 CNY)", "wan"],
      ["金额/亿元", "yi"],
      ["金额(亿)", "yi"],
      ["amount (100m CNY)", "yi"],
      ["金额(元)", "yuan"],
      ["Amount (CNY)", "yuan"],
      ["amount (RMB)", "yuan"],
      ["金额（人民币元）", "yuan"],
      ["金额", undefined],
      ["amount", undefined],
      ["金额(千元)", undefined],
      ["金额（百万元）", undefined],
      ["金额(千万元)", undefined],
      ["amount (thousand CNY)", undefined],
      ["amount (CNY million)", undefined],
      ["amount (k CNY)", undefined],
      ["金额(美元)", undefined],
      ["amount (USD)", undefined]
    ]
    for (const [header, unit] of cases) expect(moneyUnitOfHeader(header), header).toBe(unit)
  })

  it("names the units it cannot read, so that such a column is refused rather than read as yuan", () => {
    expect(moneyHeaderProblem("金额(万元)")).toBeUndefined()
    expect(moneyHeaderProblem("金额")).toBeUndefined()
    const zh = (header: string) => localizedMessage(moneyHeaderProblem(header)!, "zh")
    const thousands = moneyHeaderProblem("金额(千元)")!
    expect(thousands.code).toBe("import-header-unit")
    expect(zh("金额(千元)")).toContain("千元")
    expect(zh("金额(千元)")).toContain("元、万元或亿元")
    expect(thousands.message).toContain("cannot be imported")
    expect(zh("质押金额（百万元）")).toContain("百万元")
    expect(moneyHeaderProblem("amount (CNY million)")!.message).toContain("million")
    expect(zh("金额(美元)")).toContain("美元")
    expect(moneyHeaderProblem("amount (USD)")!.message).toContain("usd")
  })
})

describe("patentsCell", () => {
  const a = "201710601862.3"
  const b = makePatentNumber("201810765432")
  const c = makePatentNumber("202020123456")

  it("reads one number in canonical form, keeping a ZL/CN prefix as written", () => {
    expect(read(patentsCell(a))).toEqual([a])
    expect(read(patentsCell(`ZL${a}`))).toEqual([`ZL${a}`])
    expect(read(patentsCell(`cn${a}`))).toEqual([`CN${a}`])
    expect(read(patentsCell("zl 2017 1060 1862.3"))).toEqual([`ZL${a}`])
    expect(read(patentsCell("ＺＬ２０１７１０６０１８６２．３"))).toEqual([`ZL${a}`])
    expect(read(patentsCell("2017106018623"))).toEqual([a])
    expect(read(patentsCell(2017106018623))).toEqual([a])
    expect(read(patentsCell(201710601862.3))).toEqual([a])
    expect(read(patentsCell("98112345.7"))).toEqual(["98112345.7"])
  })

  it("splits a list on ; ； , ， 、 line breaks and spaces", () => {
    for (const separator of [";", "；", ",", "，", "、", "\n", "\r\n", " ", "\u3000", " ; "])
      expect(read(patentsCell(`ZL${a}${separator}${b}${separator}${c}`)), separator).toEqual([`ZL${a}`, b, c])
    expect(read(patentsCell(`;${a};;${b};`))).toEqual([a, b])
    expect(read(patentsCell(`zl 2017 1060 1862.3；${b}`))).toEqual([`ZL${a}`, b])
  })

  it("gives an empty cell (or only separators) as undefined", () => {
    expect(read(patentsCell(undefined))).toBeUndefined()
    expect(read(patentsCell(" "))).toBeUndefined()
    expect(read(patentsCell(" ;； "))).toBeUndefined()
  })

  it("names the first number that cannot exist, as written", () => {
    const checkDigit = problemOf(patentsCell(`${b}; zl 2017 1060 1862.4; 123`))
    expect(checkDigit.zh).toContain("“zl 2017 1060 1862.4”")
    expect(checkDigit.zh).toContain("校验位")
    expect(checkDigit.zh).toContain("应为 3")
    expect(checkDigit.en).toContain('"zl 2017 1060 1862.4"')
    expect(checkDigit.en).toContain("check digit")
    expectProblem(patentsCell(`${a};12345`), /“12345”不是有效的专利申请号/, /"12345" is not a valid patent/)
    expectProblem(patentsCell(makePatentNumber("200210601862")), /申请年份/, /filing year/)
    expectProblem(patentsCell(makePatentNumber("201750601862")), /专利类型/, /patent type/)
    expectProblem(patentsCell(makePatentNumber("70123456")), /8 位专利号以申请年份开头/, /filing year/)
    expectProblem(patentsCell(makePatentNumber("98512345")), /第 3 位/, /digit 3/)
    expectProblem(patentsCell(2 ** 60), /文本/, /as text/)
    expectProblem(patentsCell(true), /逻辑值/, /logical value/)
  })

  it("refuses a patent listed twice, in any spelling", () => {
    const twice = problemOf(patentsCell(`${a};${b};${a}`))
    expect(twice.zh).toBe(`专利号“${a}”重复出现`)
    expect(twice.en).toBe(`the patent number "${a}" is listed twice`)
    expectProblem(patentsCell(`ZL${a}、CN${a}`), /与“ZL201710601862\.3”是同一件专利/, /same patent/)
  })
})
