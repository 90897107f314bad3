import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { type CashFlow, FinanceInputError, irr, type XirrResult, xirr, xnpv } from "./index.js"

const flows = (rows: ReadonlyArray<readonly [string, number | string | Decimal]>): CashFlow[] =>
  rows.map(([date, amount]) => ({ date, amount }))

const rateOf = (result: XirrResult): number => {
  if (result._tag !== "Rate") throw new Error(`expected a rate, got NoRate: ${result.reason}`)
  return result.rate
}

const magnitude = (list: ReadonlyArray<CashFlow>): number =>
  list.reduce((sum, f) => sum + Math.abs(new Decimal(f.amount).toNumber()), 0)

/**
 * An independent reference: bisection on r itself (not on ln(1 + r)), in 40-digit decimal arithmetic, over
 * [lo, hi] where the value changes sign. `rows` are [whole days (or periods) since the first flow, amount];
 * (1 + r)^(days/365) is computed as ((1 + r)^(1/365))^days, one fractional power per step and exact integer
 * powers after it. Used where the published figure has fewer digits than the 1e-7 the tests ask for.
 */
const referenceRate = (
  rows: ReadonlyArray<readonly [number, number]>,
  lo: number,
  hi: number,
  unitsPerYear: 365 | 1 = 365
): number => {
  const D = Decimal.clone({ precision: 40 })
  const value = (r: Decimal): Decimal => {
    const perUnit = r.plus(1).pow(new D(1).div(unitsPerYear))
    return rows.reduce((sum, [units, a]) => sum.plus(new D(a).div(perUnit.pow(units))), new D(0))
  }
  let low = new D(lo)
  let high = new D(hi)
  const lowSign = value(low).isNegative()
  if (value(high).isNegative() === lowSign) throw new Error("the reference bracket does not change sign")
  for (let i = 0; i < 64; i++) {
    const mid = low.plus(high).div(2)
    if (value(mid).isNegative() === lowSign) low = mid
    else high = mid
  }
  return low.plus(high).div(2).toNumber()
}

/** [whole days since the earliest date, amount] for the reference. */
const daysOf = (list: ReadonlyArray<CashFlow>): Array<[number, number]> => {
  const day = (date: string) =>
    Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000
  const first = Math.min(...list.map((f) => day(f.date)))
  return list.map((f) => [day(f.date) - first, new Decimal(f.amount).toNumber()])
}

// ── Published examples ──────────────────────────────────────────────────────────────────────────────────

/** Microsoft Excel documentation, XIRR and XNPV functions (the same five flows in both). */
const MICROSOFT = flows([
  ["2008-01-01", -10000],
  ["2008-03-01", 2750],
  ["2008-10-30", 4250],
  ["2009-02-15", 3250],
  ["2009-04-01", 2750]
])

/**
 * LibreOffice Calc help, XIRR and XNPV (Financial Functions Part Three). The help lists the second payment
 * on "2001-01-02", but its two published results, XIRR 0.1828 and XNPV(6 %) 323.02, both come out only
 * with 2001-02-01: the example was written in US notation (1/2/2001) and converted to ISO as 2 January.
 * With 2001-01-02 the figures would be 0.194818… and 332.57 (checked below too).
 */
const LIBREOFFICE = flows([
  ["2001-01-01", -10000],
  ["2001-02-01", 2000],
  ["2001-03-15", 2500],
  ["2001-05-12", 5000],
  ["2001-08-10", 1000]
])

/** Qlik Sense / QlikView help, XIRR script function: XIRR(Payments, Date) = 0.5385. */
const QLIK = flows([
  ["2013-01-01", -10000],
  ["2013-03-01", 3000],
  ["2013-10-30", 4200],
  ["2014-02-01", 6800]
])

/** Documentation of the Rust crate `xirr` ("the XIRR function found in … LibreOffice Calc"), unordered. */
const XIRR_CRATE = flows([
  ["2015-06-11", -1000],
  ["2015-07-21", -9000],
  ["2018-06-10", 20000],
  ["2015-10-17", -3000]
])

describe("published examples", () => {
  it("Microsoft's XIRR example: 0.373362535", () => {
    const result = xirr(MICROSOFT)
    expect(result).toEqual({ _tag: "Rate", rate: expect.any(Number), otherRoots: [] })
    expect(Math.abs(rateOf(result) - 0.373362535)).toBeLessThan(1e-7)
    // Excel stops within 1e-8 %; the root itself agrees with the 40-digit reference to 1e-12.
    expect(rateOf(result)).toBeCloseTo(referenceRate(daysOf(MICROSOFT), 0, 1), 12)
  })

  it("Microsoft's XNPV example: 2086.6476 at 9 %", () => {
    expect(Math.abs(xnpv(0.09, MICROSOFT) - 2086.6476)).toBeLessThan(5e-5)
  })

  it("LibreOffice's XIRR example: 0.1828 (published to 4 places; 1e-7 against a derived reference)", () => {
    const rate = rateOf(xirr(LIBREOFFICE, { guess: 0.1 }))
    expect(Math.abs(rate - 0.1828)).toBeLessThan(5e-5)
    // Derived independently (40-digit bisection): 0.18284348…
    expect(Math.abs(rate - referenceRate(daysOf(LIBREOFFICE), 0, 1))).toBeLessThan(1e-7)
  })

  it("LibreOffice's XNPV example: 323.02 at 6 %", () => {
    expect(Math.abs(xnpv(0.06, LIBREOFFICE) - 323.02)).toBeLessThan(0.005)
  })

  it("LibreOffice's example as printed (second payment on 2001-01-02) gives 0.194818… and 332.57", () => {
    const printed = LIBREOFFICE.map((f, i) => (i === 1 ? { ...f, date: "2001-01-02" } : f))
    const rate = rateOf(xirr(printed))
    expect(Math.abs(rate - referenceRate(daysOf(printed), 0, 1))).toBeLessThan(1e-7)
    expect(rate).toBeCloseTo(0.194818, 6)
    expect(xnpv(0.06, printed)).toBeCloseTo(332.57, 2)
  })

  it("Qlik's XIRR example: 0.5385 (published to 4 places; 1e-7 against a derived reference)", () => {
    const rate = rateOf(xirr(QLIK))
    expect(Math.abs(rate - 0.5385)).toBeLessThan(5e-5)
    expect(Math.abs(rate - referenceRate(daysOf(QLIK), 0, 2))).toBeLessThan(1e-7)
  })

  it("Qlik's RangeXIRR example: 0.1532, exactly 1.1^(365/244) − 1", () => {
    const rate = rateOf(
      xirr(
        flows([
          ["2008-01-01", -2500],
          ["2008-09-01", 2750]
        ])
      )
    )
    expect(Math.abs(rate - 0.1532)).toBeLessThan(5e-5)
    expect(rate).toBeCloseTo(1.1 ** (365 / 244) - 1, 13)
  })

  it("the Rust crate xirr's documented example: 0.1635371584432641 (flows out of order)", () => {
    expect(Math.abs(rateOf(xirr(XIRR_CRATE)) - 0.1635371584432641)).toBeLessThan(1e-7)
  })

  it("Excel's answer reported in pyxirr issue #68: -0.931050076, with a second root near -0.9955", () => {
    // github.com/Anexen/pyxirr/issues/68: Excel gives -0.931050076 from the default guess; pyxirr 0.10.6
    // found the other root, -0.99549995. Both are roots: the one nearer the guess is the rate.
    const result = xirr(
      flows([
        ["2025-04-01", 73981359.41],
        ["2025-04-04", -8712535.775],
        ["2025-04-08", -10181571.573],
        ["2025-04-09", -3116294.024],
        ["2025-04-10", -17773207.2215],
        ["2025-04-11", 211461.22],
        ["2025-04-17", -3698621.9284],
        ["2025-04-21", -9805107.728],
        ["2025-04-22", 140310.59],
        ["2025-04-28", -12141.8472],
        ["2025-05-12", -557704],
        ["2025-05-16", 545359.6631],
        ["2025-05-19", -1115.5838],
        ["2025-05-23", 14309.6],
        ["2025-05-28", 12977.4745],
        ["2025-06-06", 13088],
        ["2025-06-09", -25457056.128],
        ["2025-06-11", -37752602.304],
        ["2025-06-18", 37099.52],
        ["2025-06-24", 47908320]
      ])
    )
    if (result._tag !== "Rate") throw new Error(result.reason)
    expect(Math.abs(result.rate - -0.931050076)).toBeLessThan(1e-7)
    expect(result.otherRoots).toHaveLength(1)
    expect(result.otherRoots[0]).toBeCloseTo(-0.99549995, 7)
  })

  it("Excel, LibreOffice and ONLYOFFICE agree on 27.61 % (ONLYOFFICE DocumentServer issue #746)", () => {
    // Same-date flows and dates out of order, as reported (day/month/year in the issue).
    const rate = rateOf(
      xirr(
        flows([
          ["2020-01-01", 1260404.83],
          ["2020-01-11", -2881.4],
          ["2020-01-10", -10565.62],
          ["2020-01-10", 20000.0],
          ["2020-01-15", -1278822.63]
        ])
      )
    )
    expect(Math.abs(rate - 0.2761)).toBeLessThan(5e-5)
  })

  it("Excel's 21.27 % for an 18-flow bond-like schedule (RayDeCampo/nodejs-xirr issue #1)", () => {
    const list = flows([
      ["2000-05-24", -10000],
      ["2000-06-05", 3027.25],
      ["2001-04-09", 630.68],
      ["2004-02-24", 2018.2],
      ["2005-03-18", 1513.62],
      ["2006-02-15", 1765.89],
      ["2007-01-10", 4036.33],
      ["2007-11-14", 4036.33],
      ["2008-12-17", 1513.62],
      ["2010-01-15", 1513.62],
      ["2011-01-14", 2018.16],
      ["2012-02-03", 1513.62],
      ["2013-01-18", 1009.08],
      ["2014-01-24", 1513.62],
      ["2015-01-30", 1513.62],
      ["2016-01-22", 1765.89],
      ["2017-01-20", 1765.89],
      ["2017-06-05", 22421.55]
    ])
    const rate = rateOf(xirr(list))
    expect(Math.abs(rate - 0.2127)).toBeLessThan(5e-5)
    expect(Math.abs(rate - referenceRate(daysOf(list), 0, 1))).toBeLessThan(1e-7)
  })

  it("Google Sheets' and Excel's -0.8037 (tarioch/xirr issue #3)", () => {
    const list = flows([
      ["2018-05-09", -200],
      ["2018-06-09", 30],
      ["2018-11-09", 50],
      ["2018-12-09", 20]
    ])
    const rate = rateOf(xirr(list))
    expect(Math.abs(rate - -0.8037)).toBeLessThan(5e-5)
    expect(Math.abs(rate - referenceRate(daysOf(list), -0.99, 0))).toBeLessThan(1e-7)
  })

  it("Microsoft's IRR examples: 8.7 % after five years, −2.1 % after four, −44.4 % after two (guess −10 %)", () => {
    const amounts = [-70000, 12000, 15000, 18000, 21000, 26000]
    const periodic = (list: number[]) => list.map((a, k): [number, number] => [k, a])
    const five = rateOf(irr(amounts))
    const four = rateOf(irr(amounts.slice(0, 5)))
    const two = rateOf(irr(amounts.slice(0, 3), { guess: -0.1 }))
    expect(Math.abs(five - 0.087)).toBeLessThan(5e-4)
    expect(Math.abs(four - -0.021)).toBeLessThan(5e-4)
    expect(Math.abs(two - -0.444)).toBeLessThan(5e-4)
    expect(Math.abs(five - referenceRate(periodic(amounts), 0, 1, 1))).toBeLessThan(1e-7)
    expect(Math.abs(four - referenceRate(periodic(amounts.slice(0, 5)), -0.5, 0, 1))).toBeLessThan(1e-7)
    expect(Math.abs(two - referenceRate(periodic(amounts.slice(0, 3)), -0.9, 0, 1))).toBeLessThan(1e-7)
  })
})

// ── XNPV ────────────────────────────────────────────────────────────────────────────────────────────────

describe("xnpv", () => {
  it("discounts from the earliest date, whatever the order, Actual/365", () => {
    const list = flows([
      ["2026-01-01", 110],
      ["2025-01-01", -100]
    ])
    expect(xnpv(0.1, list)).toBeCloseTo(0, 12)
    expect(xnpv(0, list)).toBe(10)
    // 2024 is a leap year: 366 days are 366/365 of a year.
    expect(
      xnpv(
        0.1,
        flows([
          ["2024-01-01", -100],
          ["2025-01-01", 110]
        ])
      )
    ).toBeCloseTo(-100 + 110 / 1.1 ** (366 / 365), 12)
  })

  it("accepts numbers, decimal strings and Decimals, and adds up flows of the same date", () => {
    const mixed = xnpv(0.09, [
      { date: "2008-01-01", amount: "-10000.00" },
      { date: "2008-03-01", amount: new Decimal("2750") },
      { date: "2008-10-30", amount: 4250 },
      { date: "2009-02-15", amount: "3000" },
      { date: "2009-02-15", amount: "250" },
      { date: "2009-04-01", amount: new Decimal("2750.00") }
    ])
    expect(mixed).toBeCloseTo(xnpv(0.09, MICROSOFT), 9)
  })

  it("measures from the earliest date even when its amount is zero", () => {
    const withZero = flows([
      ["2024-12-31", 0],
      ["2025-12-31", 100]
    ])
    expect(xnpv(0.1, withZero)).toBeCloseTo(100 / 1.1, 12)
  })

  it("stays finite for rates near −100 % over a long span, and says so when it cannot", () => {
    expect(
      xnpv(
        -0.5,
        flows([
          ["2000-01-01", -1],
          ["2100-01-01", 1]
        ])
      )
    ).toBeCloseTo(2 ** (36525 / 365), -20)
    expect(() =>
      xnpv(
        -0.999999,
        flows([
          ["2000-01-01", -1],
          ["2100-01-01", 1]
        ])
      )
    ).toThrow(FinanceInputError)
  })
})

// ── Results other than one rate ─────────────────────────────────────────────────────────────────────────

describe("no rate", () => {
  it("when every flow is ≥ 0 or every flow is ≤ 0: never 0 %", () => {
    for (const list of [
      flows([
        ["2025-01-01", 100],
        ["2026-01-01", 50]
      ]),
      flows([
        ["2025-01-01", -100],
        ["2026-01-01", 0],
        ["2027-01-01", -5]
      ]),
      flows([["2025-01-01", 0]]),
      flows([["2025-01-01", -100]])
    ]) {
      expect(xirr(list)).toEqual({
        _tag: "NoRate",
        reason: "the cash flows never change sign: no rate makes their value zero",
        code: "irr-no-sign-change",
        params: {}
      })
    }
    expect(irr([0, 10, 20])._tag).toBe("NoRate")
  })

  it("when the flows change sign but their value is never zero", () => {
    // 100 − 50/(1+r) + 100/(1+r)² > 0 for every r > −1.
    const result = xirr(
      flows([
        ["2021-01-01", 100],
        ["2022-01-01", -50],
        ["2023-01-01", 100]
      ])
    )
    expect(result).toEqual({
      _tag: "NoRate",
      reason: "the cash flows change sign, but no rate above −100 % makes their value zero",
      code: "irr-no-root",
      params: {}
    })
    expect(irr([100, -50, 100])._tag).toBe("NoRate")
  })

  it("when the flows cancel out date by date", () => {
    const result = xirr(
      flows([
        ["2025-01-01", -100],
        ["2025-01-01", 100],
        ["2026-01-01", 0]
      ])
    )
    expect(result._tag).toBe("NoRate")
    if (result._tag === "NoRate") expect(result.reason).toContain("cancel out")
    const oneSign = xirr(
      flows([
        ["2025-01-01", -100],
        ["2025-01-01", 100],
        ["2026-01-01", 5]
      ])
    )
    expect(oneSign._tag).toBe("NoRate")
  })

  it("when the only root is beyond what a double can hold", () => {
    const tooHigh = xirr(
      flows([
        ["2025-01-01", -1],
        ["2025-01-02", 1e300]
      ])
    )
    expect(tooHigh._tag).toBe("NoRate")
    if (tooHigh._tag === "NoRate") expect(tooHigh.reason).toContain("above 1.8e308")
    const tooLow = xirr(
      flows([
        ["2025-01-01", -1e300],
        ["2035-01-01", 1e-300]
      ])
    )
    expect(tooLow._tag).toBe("NoRate")
    if (tooLow._tag === "NoRate") expect(tooLow.reason).toContain("−100 %")
  })
})

describe("several roots", () => {
  // −100, +230, −132 a year apart: (1+r)² − 2.3(1+r) + 1.32 = 0, so r = 10 % or 20 %.
  const list = flows([
    ["2021-01-01", -100],
    ["2022-01-01", 230],
    ["2023-01-01", -132]
  ])

  it("returns the root nearest the guess and lists the others, ascending", () => {
    const near10 = xirr(list)
    if (near10._tag !== "Rate") throw new Error(near10.reason)
    expect(near10.rate).toBeCloseTo(0.1, 12)
    expect(near10.otherRoots).toHaveLength(1)
    expect(near10.otherRoots[0]).toBeCloseTo(0.2, 12)
    const near20 = xirr(list, { guess: 0.19 })
    if (near20._tag !== "Rate") throw new Error(near20.reason)
    expect(near20.rate).toBeCloseTo(0.2, 12)
    expect(near20.otherRoots[0]).toBeCloseTo(0.1, 12)
    expect(rateOf(xirr(list, { guess: 5 }))).toBeCloseTo(0.2, 12)
    expect(rateOf(irr([-100, 230, -132], { guess: -0.5 }))).toBeCloseTo(0.1, 12)
  })

  it("finds three roots: 5 %, 25 % and 50 %", () => {
    // −1000 (1+r)³ + 3800 (1+r)² − 4762.5 (1+r) + 1968.75 = −1000 (1+r − 1.05)(1+r − 1.25)(1+r − 1.5)
    const result = irr([-1000, 3800, -4762.5, 1968.75], { guess: 0.3 })
    if (result._tag !== "Rate") throw new Error(result.reason)
    expect(result.rate).toBeCloseTo(0.25, 10)
    expect(result.otherRoots).toHaveLength(2)
    expect(result.otherRoots[0]).toBeCloseTo(0.05, 10)
    expect(result.otherRoots[1]).toBeCloseTo(0.5, 10)
  })

  it("finds two roots closer together than the scan's grid step (10 % and 10.5 %)", () => {
    // (1+r − 1.1)(1+r − 1.105) = (1+r)² − 2.205(1+r) + 1.2155
    const result = irr([-1000, 2205, -1215.5])
    if (result._tag !== "Rate") throw new Error(result.reason)
    expect([result.rate, ...result.otherRoots].sort((p, q) => p - q)).toEqual([
      expect.closeTo(0.1, 9),
      expect.closeTo(0.105, 9)
    ])
  })

  it("reports a double root at 0 % once (−100, +200, −100)", () => {
    expect(irr([-100, 200, -100])).toEqual({ _tag: "Rate", rate: 0, otherRoots: [] })
  })

  it("finds a rate of exactly 0 % when the flows add up to zero", () => {
    expect(
      xirr(
        flows([
          ["2025-01-01", "-100.10"],
          ["2025-06-01", "50.05"],
          ["2026-01-01", "50.05"]
        ])
      )
    ).toEqual({
      _tag: "Rate",
      rate: 0,
      otherRoots: []
    })
  })
})

describe("order and extremes", () => {
  it("gives the same rate for the flows in any order", () => {
    const shuffled = [MICROSOFT[3]!, MICROSOFT[0]!, MICROSOFT[4]!, MICROSOFT[2]!, MICROSOFT[1]!]
    expect(rateOf(xirr(shuffled))).toBe(rateOf(xirr(MICROSOFT)))
  })

  it("does not need the first flow to be the earliest, nor negative", () => {
    // The mirror image of an investment: a loan received, then repaid.
    const loan = flows([
      ["2026-01-01", -110],
      ["2025-01-01", 100]
    ])
    expect(rateOf(xirr(loan))).toBeCloseTo(0.1, 12)
  })

  it.each([
    // [description, flows, closed form]
    ["300,000 % a year: −100, then +200 a month later", [-100, 200, 31], 2 ** (365 / 31) - 1],
    ["10^47 a year: −100, then +1,000,000 a month later", [-100, 1e6, 31], 1e4 ** (365 / 31) - 1],
    ["−99.9999 %: −1,000,000, then +1 a year later", [-1e6, 1, 365], 1e-6 - 1],
    ["−100 % + 1e-12: −1, then +1e-12 a year later", [-1, 1e-12, 365], 1e-12 - 1]
  ] as const)("finds extreme rates without overflow: %s", (_, [out, back, days], expected) => {
    const list = flows([
      ["2025-01-01", out],
      [new Date(Date.UTC(2025, 0, 1 + days)).toISOString().slice(0, 10), back]
    ])
    const rate = rateOf(xirr(list))
    expect(Number.isFinite(rate)).toBe(true)
    expect(Math.abs(rate - expected) / Math.max(1, Math.abs(expected))).toBeLessThan(1e-9)
    // Near −100 % a double holds 1 + r only to about ε / (1 + r) relative, and the value inherits that.
    const conditioning = Math.max(1e-9, (4 * Number.EPSILON) / (1 + rate))
    expect(Math.abs(xnpv(rate, list))).toBeLessThan(conditioning * magnitude(list))
  })

  it("needs no guess near an extreme rate, and a wild guess does not change a single root", () => {
    const list = flows([
      ["2025-01-01", -100],
      ["2025-02-01", 200]
    ])
    for (const guess of [-0.99, -0.5, 0, 0.1, 10, 1e6, 1e100]) {
      expect(rateOf(xirr(list, { guess }))).toBeCloseTo(2 ** (365 / 31) - 1, 6)
    }
  })

  it("solves ten thousand flows with a unique rate and a ~0 value there", () => {
    // A fund: calls over the first five years, distributions over ten, the NAV at the end.
    const list: CashFlow[] = []
    let seed = 7
    const random = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    for (let i = 0; i < 10_000; i++) {
      const call = i % 3 !== 0
      const day = Math.floor(random() * (call ? 1826 : 3652))
      const date = new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10)
      list.push({ date, amount: (call ? -1 : 2.4) * (1 + Math.floor(random() * 1e6)) })
    }
    list.push({ date: "2030-01-01", amount: 1e9 })
    const rate = rateOf(xirr(list))
    expect(rate).toBeGreaterThan(0)
    expect(Math.abs(xnpv(rate, list))).toBeLessThan(1e-9 * magnitude(list))
  })
})

// ── Input errors ────────────────────────────────────────────────────────────────────────────────────────

const errorOf = (run: () => unknown): FinanceInputError => {
  try {
    run()
  } catch (error) {
    if (error instanceof FinanceInputError) return error
    throw error
  }
  throw new Error("expected a FinanceInputError")
}

describe("input errors name the field", () => {
  it("is an Error with _tag, path and reason", () => {
    const error = errorOf(() => xnpv(0.1, []))
    expect(error).toBeInstanceOf(Error)
    expect(error._tag).toBe("FinanceInputError")
    expect(error.path).toBe("flows")
    expect(error.reason).toBe("is empty: at least one cash flow is needed")
    expect(error.message).toBe("flows: is empty: at least one cash flow is needed")
  })

  it.each([
    ["an empty list", [], "flows", "is empty"],
    ["not a list", "2025-01-01", "flows", "must be an array"],
    ["a flow that is not an object", [null], "flows.0", "must be an object"],
    [
      "a date that does not exist",
      [
        { date: "2025-01-01", amount: -1 },
        { date: "2025-02-30", amount: 1 }
      ],
      "flows.1.date",
      '"2025-02-30" is not a real date'
    ],
    [
      "a date in another format",
      [{ date: "2025/01/01", amount: 1 }],
      "flows.0.date",
      "must be a date written YYYY-MM-DD"
    ],
    ["a missing date", [{ amount: 1 }], "flows.0.date", "got undefined"],
    ["a NaN amount", [{ date: "2025-01-01", amount: Number.NaN }], "flows.0.amount", "NaN"],
    [
      "an infinite amount",
      [{ date: "2025-01-01", amount: Number.POSITIVE_INFINITY }],
      "flows.0.amount",
      "finite"
    ],
    [
      "an infinite Decimal",
      [{ date: "2025-01-01", amount: new Decimal(Infinity) }],
      "flows.0.amount",
      "finite"
    ],
    ["typed money text", [{ date: "2025-01-01", amount: "¥1,234.56" }], "flows.0.amount", "parseYuan"],
    ["hexadecimal text", [{ date: "2025-01-01", amount: "0x10" }], "flows.0.amount", "plain decimal number"],
    ["an empty amount", [{ date: "2025-01-01", amount: "" }], "flows.0.amount", "plain decimal number"],
    ["a boolean amount", [{ date: "2025-01-01", amount: true }], "flows.0.amount", "boolean true"]
  ])("rejects %s", (_, list, path, text) => {
    for (const run of [() => xnpv(0.1, list as CashFlow[]), () => xirr(list as CashFlow[])]) {
      const error = errorOf(run)
      expect(error.path).toBe(path)
      expect(error.message).toContain(text)
    }
  })

  it.each([
    [-1, "must be above −1"],
    [-2, "must be above −1"],
    [Number.NaN, "must be a number, got NaN"],
    [Number.POSITIVE_INFINITY, "must be finite"]
  ])("rejects the rate %s", (rate, text) => {
    const error = errorOf(() => xnpv(rate, MICROSOFT))
    expect(error.path).toBe("rate")
    expect(error.reason).toContain(text)
  })

  it("rejects a guess at or below −100 %, or not a number", () => {
    expect(errorOf(() => xirr(MICROSOFT, { guess: -1 })).path).toBe("options.guess")
    expect(errorOf(() => irr([-1, 2], { guess: Number.NaN })).path).toBe("options.guess")
  })

  it("names the amount of irr by its index", () => {
    expect(errorOf(() => irr([])).path).toBe("amounts")
    const error = errorOf(() => irr([-100, "1,000"]))
    expect(error.path).toBe("amounts.1")
    expect(error.message).toContain('"1,000" is not a plain decimal number')
  })
})
