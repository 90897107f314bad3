import { describe, expect, it } from "vitest"
import { messageText } from "../text/messages.js"
import {
  foreignAmountMismatch,
  foreignCurrencyIssue,
  foreignCurrencyProblem,
  ISO_4217_CODES,
  isIsoCurrency,
  WITHDRAWN_CURRENCIES,
  yuanOfForeign
} from "./currencies.js"
import { Yuan } from "./yuan.js"

describe("ISO 4217 codes", () => {
  it("is a list of three capital letters, with the current codes and none of the withdrawn ones", () => {
    for (const code of ISO_4217_CODES) expect(code).toMatch(/^[A-Z]{3}$/)
    for (const code of ["USD", "EUR", "HKD", "JPY", "GBP", "KWD", "XCG", "ZWG", "SLE", "VED", "XDR"])
      expect(isIsoCurrency(code)).toBe(true)
    for (const [withdrawn, replacement] of Object.entries(WITHDRAWN_CURRENCIES)) {
      expect(isIsoCurrency(withdrawn)).toBe(false)
      expect(isIsoCurrency(replacement)).toBe(true)
    }
    expect(isIsoCurrency("XTS")).toBe(false)
    expect(isIsoCurrency("XXX")).toBe(false)
  })

  it("says why a code is not a foreign currency", () => {
    expect(foreignCurrencyProblem("USD")).toBeUndefined()
    expect(foreignCurrencyProblem("CNY")).toMatch(/other than CNY/)
    expect(foreignCurrencyProblem("eur")).toBe("the currency must be written in capitals: EUR")
    expect(foreignCurrencyProblem("ANG")).toBe(
      "the currency ANG is no longer a current ISO 4217 code (replaced by XCG)"
    )
    expect(foreignCurrencyProblem("ZZZ")).toBe(
      'the currency "ZZZ" is not a current ISO 4217 currency code (like USD, EUR, HKD)'
    )
    // The catalogue's code and parameters go with the words, for a face in Chinese.
    const issue = foreignCurrencyIssue("ZZZ", "fx.currency")!
    expect(issue.code).toBe("currency-not-iso")
    expect(messageText(issue.code, issue.params, "zh")).toBe(
      '“"ZZZ"”不是现行的 ISO 4217 货币代码（如 USD、EUR、HKD）'
    )
  })
})

describe("a foreign amount in yuan", () => {
  it("is amount × rate rounded half up to the fen", () => {
    expect(yuanOfForeign("3", "0.335").toFixed(2)).toBe("1.01") // float-ok: Decimal.toFixed, exact
    expect(yuanOfForeign("3", "0.3349").toFixed(2)).toBe("1.00") // float-ok: Decimal.toFixed, exact
    expect(yuanOfForeign("10000000", "7.1234").toFixed(2)).toBe("71234000.00") // float-ok: Decimal.toFixed, exact
    // Exact beyond a double's 15–17 digits: 999,999,999,999.9999 × 7.1234567891.
    expect(yuanOfForeign("999999999999.9999", "7.1234567891").toFixed(2)).toBe("7123456789100.00") // float-ok: Decimal.toFixed, exact
  })

  it("names the yuan field and the difference when they disagree", () => {
    const fx = { currency: "USD", amount: "1", rate: "7" }
    expect(foreignAmountMismatch(fx, new Yuan("7.00"), "amount")).toBeUndefined()
    expect(foreignAmountMismatch(fx, new Yuan("6.99"), "proceeds")).toBe(
      "fx.amount × fx.rate = 1 USD × 7 = 7.00 yuan (rounded half up to the fen), but proceeds is 6.99 yuan: " +
        "over by 0.01 yuan"
    )
    // The issue's example: USD 1 @ 7 beside 350,000,000.00 yuan is refused, and told what would match.
    expect(foreignAmountMismatch(fx, new Yuan("350000000.00"), "amount")).toBe(
      "fx.amount × fx.rate = 1 USD × 7 = 7.00 yuan (rounded half up to the fen), but amount is " +
        "350000000.00 yuan: short by 349999993.00 yuan; 50000000 USD at this rate would give 350000000.00"
    )
  })
})
