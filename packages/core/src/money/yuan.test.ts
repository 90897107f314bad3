import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { formatYuan, fromFen, isWholeFen, MoneyParseError, parseYuan, toFen, toWire, Yuan } from "./index.js"

const reasonOf = (text: string): string => {
  try {
    parseYuan(text)
  } catch (error) {
    if (error instanceof MoneyParseError) return error.reason
    throw error
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`)
}

describe("Yuan", () => {
  it("is a Decimal clone configured for money", () => {
    expect(Yuan.precision).toBe(60)
    expect(Yuan.rounding).toBe(Decimal.ROUND_HALF_EVEN)
    const amount = new Yuan("100000000000000000000.5")
    expect(amount).toBeInstanceOf(Decimal)
    expect(amount.toString()).toBe("100000000000000000000.5")
    expect(new Yuan("0.000000000000000000001").toString()).toBe("0.000000000000000000001")
  })

  it("rounds half-even", () => {
    expect(new Yuan("0.125").toDecimalPlaces(2).toString()).toBe("0.12")
    expect(new Yuan("0.135").toDecimalPlaces(2).toString()).toBe("0.14")
  })
})

describe("MoneyParseError", () => {
  it("is a throwable Error with a human message", () => {
    const error = new MoneyParseError({ input: "abc", reason: "it is not a number" })
    expect(error).toBeInstanceOf(Error)
    expect(error._tag).toBe("MoneyParseError")
    expect(error.message).toBe('cannot read "abc" as an amount of yuan: it is not a number')
    expect(String(error)).toContain('cannot read "abc" as an amount of yuan')
    expect(() => {
      throw error
    }).toThrow('cannot read "abc" as an amount of yuan: it is not a number')
  })
})

describe("parseYuan", () => {
  it.each([
    ["1234.56", "1234.56"],
    ["0", "0"],
    ["0.5", "0.5"],
    ["-12.5", "-12.5"],
    ["1,234.56", "1234.56"],
    ["1,234,567", "1234567"],
    ["1，234.56", "1234.56"],
    ["¥1,234.56", "1234.56"],
    ["￥1,234.56", "1234.56"],
    ["¥ 1,234.56", "1234.56"],
    ["-¥5", "-5"],
    ["¥-5", "-5"],
    ["  88.80\t", "88.8"],
    ["\u3000123\u3000", "123"],
    ["25亿", "2500000000"],
    ["2.5亿元", "250000000"],
    ["2.5 亿元", "250000000"],
    ["¥25亿", "2500000000"],
    ["3,000万", "30000000"],
    ["3000万元", "30000000"],
    ["1234.56元", "1234.56"],
    ["1.2万亿", "1200000000000"],
    ["２５亿", "2500000000"],
    ["１２．５万", "125000"],
    ["－３", "-3"],
    ["1.23456万", "12345.6"],
    ["0.000001亿", "100"],
    ["0.0000000001万亿", "100"],
    ["1.230", "1.23"],
    ["007", "7"],
    ["999,999,999,999,999.99", "999999999999999.99"],
    ["9999999.9999999999亿", "999999999999999.99"]
  ])("reads %j as %s yuan", (text, expected) => {
    const amount = parseYuan(text)
    expect(amount.toString()).toBe(expected)
    expect(amount).toBeInstanceOf(Yuan)
  })

  it("never returns negative zero", () => {
    expect(parseYuan("-0").isNegative()).toBe(false)
    expect(parseYuan("-0.00万").isNegative()).toBe(false)
  })

  it("returns a value that computes with the money configuration", () => {
    expect(parseYuan("1").div(3).toString()).toBe(`0.${"3".repeat(60)}`)
  })

  it.each([
    ["", "the text is empty"],
    ["   ", "the text is empty"],
    ["1.234", "more than two decimal places"],
    ["0.001", "more than two decimal places"],
    ["1.0000001万", "more than two decimal places of yuan (1.0000001万 is 10000.001 yuan)"],
    ["0.00000000001亿", "more than two decimal places"],
    ["1e5", "exponent notation"],
    ["1E5", "exponent notation"],
    ["1.5e-3", "exponent notation"],
    ["NaN", "not a finite number"],
    ["Infinity", "not a finite number"],
    ["-Infinity", "not a finite number"],
    ["∞", "not a finite number"],
    ["1000000000000000", "more than 15 digits of whole yuan"],
    ["10000000亿", "more than 15 digits of whole yuan"],
    ["1,23", "groups of three digits"],
    ["12,34,567", "groups of three digits"],
    ["1234,567", "groups of three digits"],
    ["0,123", "groups of three digits"],
    [",123", "groups of three digits"],
    ["1,234.567,8", "after the decimal point"],
    ["12abc", 'unexpected character "a"'],
    ["abc", 'unexpected character "a"'],
    ["+5", 'unexpected character "+"'],
    ["$5", 'unexpected character "$"'],
    ["12 34", "space inside the number"],
    ["1万2", "unit 万 may only come at the end"],
    ["5亿万", "unit 亿 may only come at the end"],
    ["5元万", "unit 元 may only come at the end"],
    ["5¥", "currency sign ¥ may only come first"],
    ["5-", "minus sign may only come first"],
    ["--5", "more than one minus sign"],
    ["-¥-5", "more than one minus sign"],
    ["¥", "no number"],
    ["万元", "no number"],
    ["-", "no number"],
    [".5", "a digit must come before the decimal point"],
    ["5.", "a digit must follow the decimal point"],
    ["1.2.3", "more than one decimal point"]
  ])("rejects %j (%s)", (text, reason) => {
    expect(reasonOf(text)).toContain(reason)
  })

  it("throws a MoneyParseError carrying the input", () => {
    expect(() => parseYuan("1.234")).toThrow(MoneyParseError)
    expect(() => parseYuan("1.234")).toThrow(
      /^cannot read "1\.234" as an amount of yuan: it has more than two/
    )
    // Fails when nothing is thrown, and checks what is.
    expect(() => parseYuan(" 12abc ")).toThrow(
      expect.objectContaining({ _tag: "MoneyParseError", input: " 12abc " })
    )
  })

  it("reads plain digits (its fast path) exactly as the same text with a space before it (the full reading)", () => {
    const outcome = (text: string) => {
      try {
        return parseYuan(text).toFixed() // float-ok: Decimal's exact text
      } catch (error) {
        if (error instanceof MoneyParseError) return `refused: ${error.reason}`
        throw error
      }
    }
    const texts = [
      "0",
      "0.00",
      "007",
      "12.5",
      "12.50",
      "982万",
      "982.1234万元",
      "0.0001万",
      "1.23456万",
      "1.234",
      "1.0000001万",
      "2.5亿",
      "0.000001亿",
      "3万亿",
      "1234.56元",
      "999999999999999",
      "1000000000000000",
      "99999999999.99999万"
    ]
    for (const text of texts) expect(outcome(text), text).toBe(outcome(` ${text}`))
    expect(outcome("982万")).toBe("9820000")
    expect(outcome("1.234")).toMatch(/^refused: it has more than two decimal places of yuan/)
    expect(outcome("1.0000001万")).toContain("(1.0000001万 is 10000.001 yuan)")
  })
})

describe("toFen / fromFen", () => {
  it("converts exactly both ways", () => {
    expect(toFen(new Yuan("1234.56"))).toBe(123456n)
    expect(toFen(new Yuan("-0.05"))).toBe(-5n)
    expect(toFen(new Yuan("12.5"))).toBe(1250n)
    expect(toFen(new Yuan("0"))).toBe(0n)
    expect(toFen(new Yuan("-0"))).toBe(0n)
    expect(toFen(new Yuan("100000000000000000000"))).toBe(10n ** 22n)
    expect(fromFen(123456n).toString()).toBe("1234.56")
    expect(fromFen(-5n).toString()).toBe("-0.05")
    expect(fromFen(0n).isNegative()).toBe(false)
    expect(fromFen("-0").isNegative()).toBe(false)
    expect(fromFen("250000000000").toString()).toBe("2500000000")
    expect(fromFen("0007").toString()).toBe("0.07")
    expect(fromFen("900719925474099123").toString()).toBe("9007199254740991.23")
    expect(fromFen(1n)).toBeInstanceOf(Yuan)
  })

  it("accepts a Decimal made by another constructor", () => {
    expect(toFen(new Decimal("98765432109876543.21"))).toBe(9876543210987654321n)
  })

  it("refuses to round", () => {
    expect(() => toFen(new Yuan("1.234"))).toThrow(RangeError)
    expect(() => toFen(new Yuan("1.234"))).toThrow("more than two decimal places")
    expect(() => toFen(new Yuan(Number.NaN))).toThrow("not a finite amount")
    expect(() => toFen(new Yuan(Number.POSITIVE_INFINITY))).toThrow(RangeError)
  })

  it("rejects strings that are not integers", () => {
    for (const bad of ["12.5", "1e3", "", "abc", "--1", "12 3"]) {
      expect(() => fromFen(bad)).toThrow(RangeError)
    }
  })

  it("round-trips", () => {
    for (const text of ["0.01", "-0.01", "1", "3002399751580.33", "999999999999999.99", "-123456789.1"]) {
      const amount = new Yuan(text)
      expect(fromFen(toFen(amount)).equals(amount)).toBe(true)
    }
  })

  it("sums three amounts of 3,002,399,751,580.33 yuan exactly through fen", () => {
    const amounts = [
      parseYuan("3,002,399,751,580.33"),
      parseYuan("3002399751580.33"),
      parseYuan("¥3,002,399,751,580.33")
    ]
    const totalFen = amounts.reduce((sum, amount) => sum + toFen(amount), 0n)
    expect(totalFen).toBe(900719925474099n)
    expect(toWire(fromFen(totalFen))).toBe("9007199254740.99")
    expect(formatYuan(totalFen)).toBe("9,007,199,254,740.99")
    expect(amounts.reduce((sum, amount) => sum.plus(amount), new Yuan(0)).toString()).toBe("9007199254740.99")
  })

  it("sums beyond 2^53 fen exactly through bigint", () => {
    const amount = parseYuan("30,023,997,515,803.31")
    const totalFen = toFen(amount) * 3n
    expect(totalFen).toBe(2n ** 53n + 1n)
    // a JavaScript number cannot hold this many fen: it silently becomes 2^53
    expect(Number(totalFen)).toBe(2 ** 53)
    expect(toWire(fromFen(totalFen))).toBe("90071992547409.93")
    expect(toWire(amount.times(3))).toBe("90071992547409.93")
  })
})

describe("isWholeFen", () => {
  it("tells whether an amount has at most two decimal places", () => {
    expect(isWholeFen(new Yuan("1.23"))).toBe(true)
    expect(isWholeFen(new Yuan("1.230"))).toBe(true)
    expect(isWholeFen(new Yuan("1.235"))).toBe(false)
    expect(isWholeFen(new Yuan(Number.NaN))).toBe(false)
  })
})

describe("toWire", () => {
  it.each([
    ["2500000000", "2500000000.00"],
    ["12.5", "12.50"],
    ["-12.5", "-12.50"],
    ["0", "0.00"],
    ["-0", "0.00"],
    ["90071992547409.99", "90071992547409.99"],
    ["100000000000000000000", "100000000000000000000.00"],
    ["0.01", "0.01"]
  ])("writes %s as %s", (text, wire) => {
    expect(toWire(new Yuan(text))).toBe(wire)
  })

  it("never uses exponent notation, even for a default Decimal", () => {
    expect(toWire(new Decimal("1e20"))).toBe("100000000000000000000.00")
    expect(toWire(new Decimal("1e-2"))).toBe("0.01")
  })

  it("refuses amounts finer than a fen", () => {
    expect(() => toWire(new Yuan("0.001"))).toThrow(RangeError)
    expect(() => toWire(new Yuan(Number.NaN))).toThrow(RangeError)
  })
})

describe("formatYuan", () => {
  const amount = new Yuan("2500000000")

  it("shows plain yuan exactly with thousands separators", () => {
    expect(formatYuan(amount)).toBe("2,500,000,000.00")
    expect(formatYuan(new Yuan("1234.5"))).toBe("1,234.50")
    expect(formatYuan(new Yuan("999.99"))).toBe("999.99")
    expect(formatYuan(new Yuan("0"))).toBe("0.00")
    expect(formatYuan(new Yuan("-1234567.89"))).toBe("-1,234,567.89")
    expect(formatYuan(new Yuan("999999999999999.99"))).toBe("999,999,999,999,999.99")
    expect(formatYuan(new Yuan("100000000000000000000"))).toBe("100,000,000,000,000,000,000.00")
  })

  it("shows 万 and 亿", () => {
    expect(formatYuan(amount, { unit: "wan" })).toBe("250,000.00万")
    expect(formatYuan(amount, { unit: "yi" })).toBe("25.00亿")
    expect(formatYuan(new Yuan("12345.6"), { unit: "wan" })).toBe("1.23万")
    expect(formatYuan(new Yuan("-250000000"), { unit: "yi", digits: 1 })).toBe("-2.5亿")
    expect(formatYuan(new Yuan("1000000000000"), { unit: "yi", digits: 0 })).toBe("10,000亿")
    expect(formatYuan(amount, { unit: "yuan" })).toBe("2,500,000,000.00")
  })

  it("rounds half-even for display", () => {
    expect(formatYuan(new Yuan("12500"), { unit: "wan", digits: 0 })).toBe("1万")
    expect(formatYuan(new Yuan("13500"), { unit: "wan", digits: 0 })).toBe("1万")
    expect(formatYuan(new Yuan("15000"), { unit: "wan", digits: 0 })).toBe("2万")
    expect(formatYuan(new Yuan("1.125"))).toBe("1.12")
    expect(formatYuan(new Yuan("1.135"))).toBe("1.14")
    expect(formatYuan(new Yuan("2.5"), { digits: 0 })).toBe("2")
    expect(formatYuan(new Yuan("1234.5678"), { digits: 3 })).toBe("1,234.568")
    expect(formatYuan(new Yuan("-0.001"))).toBe("0.00")
  })

  it("reads a bigint as fen", () => {
    expect(formatYuan(250000000000n)).toBe("2,500,000,000.00")
    expect(formatYuan(250000000000n, { unit: "yi" })).toBe("25.00亿")
    expect(formatYuan(-5n)).toBe("-0.05")
  })

  it("reads a string as decimal yuan", () => {
    expect(formatYuan("2500000000.00")).toBe("2,500,000,000.00")
    expect(formatYuan("2500000000", { unit: "yi" })).toBe("25.00亿")
    expect(formatYuan("25亿", { unit: "wan" })).toBe("250,000.00万")
    expect(() => formatYuan("1.234")).toThrow(MoneyParseError)
  })

  it("rejects nonsense options and amounts", () => {
    expect(() => formatYuan(amount, { digits: -1 })).toThrow(RangeError)
    expect(() => formatYuan(amount, { digits: 1.5 })).toThrow(RangeError)
    expect(() => formatYuan(amount, { digits: 21 })).toThrow(RangeError)
    expect(() => formatYuan(new Yuan(Number.NaN))).toThrow(RangeError)
  })

  it("round-trips through parseYuan", () => {
    for (const text of ["0.01", "-1,234.56", "999,999,999,999,999.99", "25亿"]) {
      const parsed = parseYuan(text)
      expect(parseYuan(formatYuan(parsed)).equals(parsed)).toBe(true)
      expect(parseYuan(formatYuan(parsed, { unit: "yi", digits: 10 })).equals(parsed)).toBe(true)
    }
  })
})
