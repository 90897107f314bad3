import { describe, expect, it } from "vitest"
import {
  growth,
  PLAN_PERIOD,
  periodBounds,
  periodFields,
  precedingPeriod,
  previousYear,
  previousYearProblem
} from "./period.js"

describe("pledge periods", () => {
  it("turns a year, quarter, month or span of years into inclusive bounds", () => {
    expect(periodBounds({ year: 2025 })).toEqual({ from: "2025-01-01", to: "2025-12-31" })
    expect(periodBounds({ year: 2024, quarter: 1 })).toEqual({ from: "2024-01-01", to: "2024-03-31" })
    expect(periodBounds({ year: 2024, month: 2 })).toEqual({ from: "2024-02-01", to: "2024-02-29" })
    expect(periodBounds(PLAN_PERIOD)).toEqual({ from: "2025-01-01", to: "2027-12-31" })
    expect(periodBounds({ from: "2025-03-14", to: "2025-04-01" })).toEqual({
      from: "2025-03-14",
      to: "2025-04-01"
    })
  })

  it("goes back a year to the same span, month ends staying month ends", () => {
    expect(previousYear({ from: "2026-01-01", to: "2026-12-31" })).toEqual({
      from: "2025-01-01",
      to: "2025-12-31"
    })
    expect(previousYear({ from: "2025-02-01", to: "2025-02-28" })).toEqual({
      from: "2024-02-01",
      to: "2024-02-29"
    })
    expect(previousYear({ from: "2024-02-01", to: "2024-02-29" })).toEqual({
      from: "2023-02-01",
      to: "2023-02-28"
    })
    expect(previousYear({ from: "2025-03-14", to: "2025-06-15" })).toEqual({
      from: "2024-03-14",
      to: "2024-06-15"
    })
    expect(previousYear({ from: "2025-01-01", to: "2027-12-31" })).toEqual({
      from: "2024-01-01",
      to: "2026-12-31"
    })
  })

  it("has no year before a period starting in 0001, and names a period's bounds as the caller did", () => {
    expect(previousYearProblem({ from: "0001-01-01", to: "0001-12-31" })?.message).toMatch(/0001/)
    expect(previousYearProblem({ from: "0001-12-31", to: "0002-06-30" })?.message).toMatch(/0001/)
    expect(previousYearProblem({ from: "0002-01-01", to: "0002-12-31" })).toBeUndefined()
    expect(previousYear({ from: "0002-01-01", to: "0002-12-31" })).toEqual({
      from: "0001-01-01",
      to: "0001-12-31"
    })
    expect(() => previousYear({ from: "0001-01-01", to: "0001-12-31" })).toThrow(RangeError)
    expect(periodFields({ year: 2025 })).toEqual({ start: "year", end: "year" })
    expect(periodFields({ year: 2025, quarter: 1 })).toEqual({ start: "year", end: "year" })
    expect(periodFields(PLAN_PERIOD)).toEqual({ start: "fromYear", end: "toYear" })
    expect(periodFields({ from: "2025-01-01", to: "2025-02-01" })).toEqual({ start: "from", end: "to" })
  })

  it("grows from a base, and has no growth without one", () => {
    expect(growth("150.00", "100.00")).toBe(0.5)
    expect(growth(0, 4)).toBe(-1)
    expect(growth("1.00", "0.00")).toBeNull()
    expect(growth(0, 0)).toBeNull()
  })
})

describe("precedingPeriod", () => {
  it.each([
    // A month, a quarter, a year, the plan's three years: as many whole months before.
    ["2026-12-01", "2026-12-31", "2026-12-01", "2026-12-31", "2026-11-01", "2026-11-30"],
    ["2026-10-01", "2026-12-31", "2026-10-01", "2026-12-31", "2026-07-01", "2026-09-30"],
    ["2026-01-01", "2026-12-31", "2026-01-01", "2026-12-31", "2025-01-01", "2025-12-31"],
    ["2025-01-01", "2027-12-31", "2025-01-01", "2027-12-31", "2022-01-01", "2024-12-31"],
    // Month ends stay month ends: March → February (28 days), February 2024 → January.
    ["2026-03-01", "2026-03-31", "2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28"],
    ["2024-02-01", "2024-02-29", "2024-02-01", "2024-02-29", "2024-01-01", "2024-01-31"],
    // To date: the same part of the preceding period.
    ["2026-12-01", "2026-12-31", "2026-12-01", "2026-12-06", "2026-11-01", "2026-11-06"],
    ["2026-10-01", "2026-12-31", "2026-10-01", "2026-12-06", "2026-07-01", "2026-09-06"],
    ["2025-01-01", "2027-12-31", "2025-01-01", "2026-12-06", "2022-01-01", "2023-12-06"],
    // Any other span: as many days, ending the day before it starts (10 days → 28 Feb – 9 Mar).
    ["2026-03-10", "2026-03-19", "2026-03-10", "2026-03-19", "2026-02-28", "2026-03-09"],
    ["2026-01-15", "2026-02-14", "2026-01-15", "2026-02-14", "2025-12-15", "2026-01-14"]
  ])("%s..%s shown %s..%s → %s..%s", (from, to, shownFrom, shownTo, prevFrom, prevTo) => {
    expect(precedingPeriod({ from, to }, { from: shownFrom, to: shownTo })).toEqual({
      from: prevFrom,
      to: prevTo
    })
  })

  it("refuses to start before 0001", () => {
    expect(() => precedingPeriod({ from: "0001-01-01", to: "0001-12-31" })).toThrow(RangeError)
    expect(precedingPeriod({ from: "0002-01-01", to: "0002-12-31" })).toEqual({
      from: "0001-01-01",
      to: "0001-12-31"
    })
  })
})
