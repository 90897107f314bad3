import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  addDays,
  addMonths,
  BusinessDate,
  businessDateProblem,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isBusinessDate,
  isLeapYear,
  monthsBetween,
  periodKey,
  periodOf,
  toEpochDay
} from "./index.js"

const decodeMessage = (input: unknown): string | undefined => {
  const result = Schema.decodeUnknownResult(BusinessDate)(input)
  return Result.isFailure(result) ? result.failure.message : undefined
}

describe("BusinessDate", () => {
  it.each(["2025-01-01", "2024-02-29", "2000-02-29", "2025-12-31", "0001-01-01", "9999-12-31"])(
    "accepts %s",
    (date) => {
      expect(isBusinessDate(date)).toBe(true)
      expect(Schema.decodeUnknownSync(BusinessDate)(date)).toBe(date)
    }
  )

  it.each([
    ["2025-02-29", "is not a real date: 2025-02 has 28 days, so there is no day 29"],
    ["1900-02-29", "is not a real date: 1900-02 has 28 days, so there is no day 29"],
    ["2025-04-31", "is not a real date: 2025-04 has 30 days, so there is no day 31"],
    ["2025-01-00", "is not a real date: 2025-01 has 31 days, so there is no day 00"],
    ["2025-13-01", "has no month 13 (months run from 01 to 12)"],
    ["2025-00-10", "has no month 00 (months run from 01 to 12)"],
    ["0000-01-01", "has no year 0000 (years run from 0001)"],
    ["2025-1-1", "must be a date written YYYY-MM-DD, like 2025-01-31"],
    ["2025/01/01", "must be a date written YYYY-MM-DD, like 2025-01-31"],
    ["2025-01-01T00:00:00Z", "must be a date written YYYY-MM-DD, like 2025-01-31"],
    [" 2025-01-01", "must be a date written YYYY-MM-DD, like 2025-01-31"],
    ["", "must be a date written YYYY-MM-DD, like 2025-01-31"],
    ["２０２５-01-01", "must be a date written YYYY-MM-DD, like 2025-01-31"]
  ])("rejects %j: %s", (date, reason) => {
    expect(isBusinessDate(date)).toBe(false)
    expect(businessDateProblem(date)).toBe(reason)
    expect(decodeMessage(date)).toBe(reason)
  })

  it("rejects non-strings", () => {
    expect(isBusinessDate(20250101)).toBe(false)
    expect(isBusinessDate(new Date())).toBe(false)
    expect(decodeMessage(20250101)).toBe("Expected string")
  })
})

describe("calendar helpers", () => {
  it("knows leap years and month lengths", () => {
    expect([1900, 2000, 2024, 2025, 2100].map(isLeapYear)).toEqual([false, true, true, false, false])
    expect(daysInMonth(2024, 2)).toBe(29)
    expect(daysInMonth(2025, 2)).toBe(28)
    expect(daysInMonth(2025, 4)).toBe(30)
    expect(daysInMonth(2025, 12)).toBe(31)
  })

  it("counts epoch days like Date.UTC, both ways", () => {
    expect(toEpochDay("1970-01-01")).toBe(0)
    expect(toEpochDay("1969-12-31")).toBe(-1)
    expect(toEpochDay("2000-03-01")).toBe(11017)
    for (let day = toEpochDay("0001-01-01"); day <= toEpochDay("9999-12-31"); day += 997) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10)
      expect(fromEpochDay(day)).toBe(iso)
      expect(toEpochDay(iso)).toBe(day)
    }
    expect(fromEpochDay(toEpochDay("0001-01-01"))).toBe("0001-01-01")
    expect(() => fromEpochDay(toEpochDay("9999-12-31") + 1)).toThrow(RangeError)
    expect(() => fromEpochDay(1.5)).toThrow(RangeError)
  })

  it("adds days and counts them (Actual/365 inputs)", () => {
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01")
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29")
    expect(addDays("2025-01-01", 0)).toBe("2025-01-01")
    expect(daysBetween("2025-01-01", "2026-01-01")).toBe(365)
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366)
    expect(daysBetween("2025-03-01", "2025-02-01")).toBe(-28)
    expect(() => addDays("2025-02-30", 1)).toThrow(RangeError)
    expect(() => daysBetween("2025-1-1", "2025-01-02")).toThrow(
      '"2025-1-1" must be a date written YYYY-MM-DD'
    )
  })

  it("adds months, clamping to the end of the month", () => {
    expect(addMonths("2025-01-15", 1)).toBe("2025-02-15")
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28")
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29")
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28")
    expect(addMonths("2025-11-30", 3)).toBe("2026-02-28")
    expect(addMonths("2025-01-10", -13)).toBe("2023-12-10")
    expect(addMonths("2025-05-20", 0)).toBe("2025-05-20")
    expect(addMonths("2025-12-31", 24)).toBe("2027-12-31")
    expect(() => addMonths("2025-01-01", 0.5)).toThrow(RangeError)
    expect(() => addMonths("9999-12-01", 1)).toThrow(RangeError)
  })

  it("counts whole months between dates", () => {
    expect(monthsBetween("2025-01-15", "2025-03-15")).toBe(2)
    expect(monthsBetween("2025-01-15", "2025-03-14")).toBe(1)
    expect(monthsBetween("2025-01-31", "2025-02-28")).toBe(1)
    expect(monthsBetween("2025-01-31", "2025-02-27")).toBe(0)
    expect(monthsBetween("2025-01-01", "2025-01-31")).toBe(0)
    expect(monthsBetween("2025-01-01", "2027-12-31")).toBe(35)
    expect(monthsBetween("2025-01-01", "2028-01-01")).toBe(36)
    expect(monthsBetween("2025-03-01", "2025-01-01")).toBe(-2)
    expect(monthsBetween("2025-03-01", "2025-01-02")).toBe(-1)
    expect(monthsBetween("2025-05-05", "2025-05-05")).toBe(0)
  })

  it("keeps addMonths and monthsBetween consistent", () => {
    for (const from of ["2024-01-31", "2025-02-28", "2025-06-15", "2025-12-01"]) {
      for (let n = -30; n <= 30; n++) {
        const to = addMonths(from, n)
        expect(monthsBetween(from, to), `${from} + ${n}`).toBe(n)
      }
    }
  })

  it("makes monthsBetween the largest whole number of months that does not pass the end date", () => {
    for (let a = toEpochDay("2024-01-01"); a <= toEpochDay("2025-12-31"); a += 13) {
      for (let b = toEpochDay("2023-06-01"); b <= toEpochDay("2026-06-30"); b += 17) {
        const from = fromEpochDay(a)
        const to = fromEpochDay(b)
        const n = monthsBetween(from, to)
        if (to >= from) {
          expect(addMonths(from, n) <= to && addMonths(from, n + 1) > to, `${from}..${to}`).toBe(true)
        } else {
          expect(addMonths(from, n) >= to && addMonths(from, n - 1) < to, `${from}..${to}`).toBe(true)
        }
      }
    }
  })
})

describe("periodOf", () => {
  it.each([
    ["2025-05-20", "month", "2025-05-01", "2025-05-31"],
    ["2024-02-10", "month", "2024-02-01", "2024-02-29"],
    ["2025-02-28", "month", "2025-02-01", "2025-02-28"],
    ["2025-01-01", "quarter", "2025-01-01", "2025-03-31"],
    ["2025-05-20", "quarter", "2025-04-01", "2025-06-30"],
    ["2025-09-30", "quarter", "2025-07-01", "2025-09-30"],
    ["2025-12-31", "quarter", "2025-10-01", "2025-12-31"],
    ["2025-07-04", "year", "2025-01-01", "2025-12-31"]
  ] as const)("%s %s → %s..%s", (date, kind, start, end) => {
    expect(periodOf(date, kind)).toEqual({ start, end })
  })

  it("contains the date, and quarters tile the year", () => {
    for (let day = toEpochDay("2024-01-01"); day <= toEpochDay("2025-12-31"); day++) {
      const date = fromEpochDay(day)
      for (const kind of ["month", "quarter", "year"] as const) {
        const { start, end } = periodOf(date, kind)
        expect(start <= date && date <= end).toBe(true)
        expect(addDays(end, 1)).toBe(periodOf(addDays(end, 1), kind).start)
      }
    }
  })

  it("rejects an invalid date", () => {
    expect(() => periodOf("2025-02-29", "month")).toThrow(RangeError)
  })
})

describe("periodKey", () => {
  it("labels periods so they sort in time order", () => {
    expect(periodKey("2025-05-20", "month")).toBe("2025-05")
    expect(periodKey("2025-05-20", "quarter")).toBe("2025-Q2")
    expect(periodKey("2025-12-31", "quarter")).toBe("2025-Q4")
    expect(periodKey("2025-05-20", "year")).toBe("2025")
    expect(() => periodKey("2025-13-01", "year")).toThrow(RangeError)
  })
})
