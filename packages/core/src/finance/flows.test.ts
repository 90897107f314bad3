import { Decimal } from "decimal.js"
import { describe, expect, it } from "vitest"
import { businessDateProblem, fromEpochDay, toEpochDay } from "../time/dates.js"
import { amountToNumber, epochDayOf, prepareFlows } from "./flows.js"
import { xirr, xnpv } from "./xirr.js"

describe("epochDayOf (the fast date reader)", () => {
  it("agrees with toEpochDay on every day from 1900 to 2100 and across the whole calendar", () => {
    for (let day = toEpochDay("1900-01-01"); day <= toEpochDay("2100-12-31"); day++) {
      const date = fromEpochDay(day)
      expect(epochDayOf(date)).toBe(day)
    }
    for (let day = toEpochDay("0001-01-01"); day <= toEpochDay("9999-12-31"); day += 613) {
      expect(epochDayOf(fromEpochDay(day))).toBe(day)
    }
    expect(epochDayOf("9999-12-31")).toBe(toEpochDay("9999-12-31"))
  })

  it.each([
    "2025-02-29",
    "1900-02-29",
    "2025-04-31",
    "2025-01-00",
    "2025-13-01",
    "2025-00-10",
    "0000-01-01",
    "2025-1-1",
    "2025/01/01",
    "2025-01-01T00:00:00Z",
    " 2025-01-01",
    "",
    "２０２５-01-01",
    "2025-0a-01",
    "+025-01-01"
  ])("rejects %j, as businessDateProblem does", (text) => {
    expect(epochDayOf(text)).toBeNaN()
    expect(businessDateProblem(text)).toBeDefined()
  })
})

describe("amountToNumber", () => {
  it("reads a Decimal as exactly the double toNumber gives", () => {
    let seed = 11
    const random = () => {
      seed = (seed * 48271) % 2147483647
      return seed / 2147483647
    }
    const samples = [
      "0",
      "-0",
      "0.01",
      "-0.1",
      "123.45",
      "1e21",
      "1e22",
      "1e23",
      "-0.000001",
      "100000000000.01",
      "999999999999999.99",
      "12345678901234567890.5",
      "5e-324",
      "1.7976931348623157e308",
      "10000000",
      "9007199254740993",
      "0.30000000000000004"
    ]
    for (let i = 0; i < 20_000; i++) {
      const digits = Math.floor(random() * 18) + 1
      const whole = Math.floor(random() * 10 ** Math.min(digits, 15))
      const places = Math.floor(random() * 8)
      const sign = random() < 0.5 ? "-" : ""
      samples.push(`${sign}${whole}.${String(Math.floor(random() * 10 ** places)).padStart(places, "0")}`)
      samples.push(`${sign}${whole}e${Math.floor(random() * 60) - 30}`)
    }
    for (const text of samples) {
      const value = new Decimal(text)
      expect(amountToNumber(value, "x"), text).toBe(value.toNumber())
      if (!text.includes("e") || /^-?\d+(\.\d*)?e-?\d+$/.test(text)) {
        expect(amountToNumber(text, "x"), text).toBe(Number(text))
      }
    }
  })
})

describe("prepareFlows", () => {
  it("nets flows by date, drops dates that net to zero, and sorts by date", () => {
    const prepared = prepareFlows([
      { date: "2025-03-01", amount: "0.1" },
      { date: "2025-01-01", amount: -100 },
      { date: "2025-03-01", amount: "0.2" },
      { date: "2025-03-01", amount: "-0.3" },
      { date: "2025-02-01", amount: 40 },
      { date: "2024-12-31", amount: 0 },
      { date: "2025-02-01", amount: new Decimal(2) }
    ])
    expect(prepared.firstDay).toBe(toEpochDay("2024-12-31"))
    expect(Array.from(prepared.days)).toEqual([toEpochDay("2025-01-01"), toEpochDay("2025-02-01")])
    expect(Array.from(prepared.amounts)).toEqual([-100, 42])
    expect(prepared.hasPositive && prepared.hasNegative).toBe(true)
  })

  it("reuses its working arrays safely, even when reading a flow calls back into the finance functions", () => {
    const inner = [
      { date: "2030-06-01", amount: -1 },
      { date: "2030-06-02", amount: 2 },
      { date: "2031-06-01", amount: 7 }
    ]
    const outer = [
      { date: "2025-01-01", amount: -100 },
      {
        date: "2026-01-01",
        get amount() {
          return 13.75 * xnpv(0, inner) + (xirr(inner)._tag === "Rate" ? 0 : Number.NaN)
        }
      }
    ]
    expect(xirr(outer)).toEqual({ _tag: "Rate", rate: expect.closeTo(0.1, 12), otherRoots: [] })
    expect(xnpv(0.1, inner)).toBeCloseTo(-1 + 2 / 1.1 ** (1 / 365) + 7 / 1.1, 12)
  })

  it("sorts instead of indexing when the dates are far apart", () => {
    const prepared = prepareFlows([
      { date: "9000-01-01", amount: 1 },
      { date: "0100-01-01", amount: -1 },
      { date: "9000-01-01", amount: 2 }
    ])
    expect(Array.from(prepared.days)).toEqual([toEpochDay("0100-01-01"), toEpochDay("9000-01-01")])
    expect(Array.from(prepared.amounts)).toEqual([-1, 3])
  })
})
