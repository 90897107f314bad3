import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { calledPercent, dpi, FinanceInputError, moic, rvpi, tvpi } from "./index.js"

const d = (text: string) => new Decimal(text)

describe("fund multiples", () => {
  it("DPI, RVPI and TVPI are exact quotients, and TVPI = DPI + RVPI", () => {
    const paidIn = d("60000000.00")
    const distributions = d("45000000.00")
    const nav = d("39000000.00")
    expect(dpi({ distributions, paidIn })?.toString()).toBe("0.75")
    expect(rvpi({ nav, paidIn })?.toString()).toBe("0.65")
    expect(tvpi({ distributions, nav, paidIn })?.toString()).toBe("1.4")
    // No float in between: 0.3 / 0.1 is 3, not 2.9999999999999996.
    expect(dpi({ distributions: d("0.3"), paidIn: d("0.1") })?.toString()).toBe("3")
    expect(tvpi({ distributions: d("0.1"), nav: d("0.2"), paidIn: d("0.1") })?.toString()).toBe("3")
  })

  it("rounds a quotient that does not terminate once, to 60 significant digits", () => {
    const third = dpi({ distributions: d("1"), paidIn: d("3") })
    expect(third?.toString()).toBe(`0.${"3".repeat(60)}`)
    expect(third).toBeInstanceOf(Decimal)
  })

  it("keeps amounts beyond 2^53 fen exact", () => {
    const paidIn = d("99999999999999999.99")
    expect(dpi({ distributions: paidIn.times(2), paidIn })?.toString()).toBe("2")
  })

  it("MOIC = (proceeds + fair value) / cost; called % = paid-in / committed as a fraction", () => {
    expect(moic({ proceeds: d("30000000"), fairValue: d("12000000"), cost: d("20000000") })?.toString()).toBe(
      "2.1"
    )
    expect(moic({ proceeds: d("0"), fairValue: d("0"), cost: d("5000000") })?.toString()).toBe("0")
    expect(calledPercent({ paidIn: d("25000000"), committed: d("100000000") })?.toString()).toBe("0.25")
  })

  it("returns null, never Infinity or 0, when the denominator is zero", () => {
    const zero = d("0")
    expect(dpi({ distributions: d("5"), paidIn: zero })).toBeNull()
    expect(rvpi({ nav: d("5"), paidIn: zero })).toBeNull()
    expect(tvpi({ distributions: zero, nav: zero, paidIn: zero })).toBeNull()
    expect(moic({ proceeds: d("1"), fairValue: d("1"), cost: zero })).toBeNull()
    expect(calledPercent({ paidIn: zero, committed: d("-0") })).toBeNull()
  })

  it("allows a negative NAV but not a negative denominator", () => {
    expect(rvpi({ nav: d("-10"), paidIn: d("100") })?.toString()).toBe("-0.1")
    const error = (() => {
      try {
        dpi({ distributions: d("10"), paidIn: d("-100") })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(FinanceInputError)
    expect(error).toMatchObject({ _tag: "FinanceInputError", path: "paidIn" })
  })

  it.each([
    ["a number", () => dpi({ distributions: 1 as unknown as Decimal, paidIn: d("1") }), "distributions"],
    ["NaN", () => rvpi({ nav: d("NaN"), paidIn: d("1") }), "nav"],
    ["Infinity", () => moic({ proceeds: d("1"), fairValue: d("1"), cost: d("Infinity") }), "cost"],
    ["a string", () => calledPercent({ paidIn: d("1"), committed: "100" as unknown as Decimal }), "committed"]
  ])("rejects %s and names the input", (_, run, path) => {
    expect(run).toThrow(FinanceInputError)
    expect(run).toThrow(`${path}:`)
  })
})
