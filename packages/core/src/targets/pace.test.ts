import { describe, expect, it } from "vitest"
import { Yuan } from "../money/index.js"
import {
  daysLeftIn,
  elapsedDaysIn,
  evenPaceAt,
  monthsLeftIn,
  projectTargetDate,
  targetPace,
  trailingWindow
} from "./pace.js"

const y = (text: string) => new Yuan(text)

describe("trailingWindow", () => {
  it.each([
    // 12 months back, then the next day: both ends inclusive, 12 whole months.
    ["2026-06-30", "2025-07-01"],
    ["2026-03-31", "2025-04-01"],
    // addMonths clamps 2023-02-29 to 2023-02-28; the window starts the day after.
    ["2024-02-29", "2023-03-01"],
    ["2026-01-01", "2025-01-02"]
  ])("the 12 months ending %s start on %s", (asOf, from) => {
    expect(trailingWindow(asOf)).toEqual({ from, to: asOf })
  })
})

describe("monthsLeftIn", () => {
  it.each([
    // addMonths(2026-06-30, 6) = 2026-12-30 ≤ 2026-12-31; 7 months would be 2027-01-30.
    ["2026-06-30", "2026-01-01", "2026-12-31", 6],
    // The rest of June is not a whole month: still 6.
    ["2026-06-15", "2026-01-01", "2026-12-31", 6],
    ["2026-06-01", "2026-01-01", "2026-12-31", 6],
    // End of month to end of month: addMonths(2026-01-31, 11) = 2026-12-31.
    ["2026-01-31", "2026-01-01", "2026-12-31", 11],
    // addMonths(2026-02-28, 10) = 2026-12-28: March..December.
    ["2026-02-28", "2026-01-01", "2026-12-31", 10],
    // Any day of the last month: no whole month left.
    ["2026-12-01", "2026-01-01", "2026-12-31", 0],
    ["2026-12-31", "2026-01-01", "2026-12-31", 0],
    // After the end: never below 0.
    ["2027-01-05", "2025-01-01", "2026-12-31", 0],
    // Before the start: counted from the day before the start, 2024-12-31 → 2027-12-31.
    ["2024-06-30", "2025-01-01", "2027-12-31", 36]
  ])("from %s in %s..%s is %i", (asOf, start, end, months) => {
    expect(monthsLeftIn(asOf, start, end)).toBe(months)
  })
})

describe("projectTargetDate", () => {
  it("adds whole calendar months, then the fraction of the next month's days rounded up", () => {
    // 600,000 left at 640,000 a year: 600,000 × 12 / 640,000 = 11.25 months.
    // 2026-06-30 + 11 months = 2027-05-30; the next month runs to 2027-06-30: 31 days;
    // 0.25 × 31 = 7.75 → 8 days → 2027-06-07.
    expect(projectTargetDate("2026-06-30", y("600000"), y("640000"))).toBe("2027-06-07")
    // 100,000 × 12 / 640,000 = 1.875 months: 2026-07-30, then 0.875 × 31 (to 2026-08-30) = 27.125 → 28 days.
    expect(projectTargetDate("2026-06-30", y("100000"), y("640000"))).toBe("2026-08-27")
  })

  it("lands on the month exactly when the months come out whole", () => {
    // 320,000 × 12 / 640,000 = 6 months: addMonths(2026-06-30, 6).
    expect(projectTargetDate("2026-06-30", y("320000"), y("640000"))).toBe("2026-12-30")
  })

  it("is exact where floating point would round a whole day up", () => {
    // 900,000 × 12 / 840,000 = 12 + 6/7 months. 2026-01-31 + 12 months = 2027-01-31; the next month
    // ends 2027-02-28 (28 days); 6/7 × 28 = 24 exactly (in floating point (12.857… − 12) × 28 is
    // 24.000000000000014, which would round up to 25).
    expect(projectTargetDate("2026-01-31", y("900000"), y("840000"))).toBe("2027-02-24")
  })

  it("needs at least one more day for any fraction, even a fen", () => {
    // 0.01 × 12 / 640,000 months: a sliver of the 30 days from 2026-06-30 to 2026-07-30 → 1 day.
    expect(projectTargetDate("2026-06-30", y("0.01"), y("640000"))).toBe("2026-07-01")
  })

  it("has no date at a run rate of zero, or beyond 9999-12-31", () => {
    expect(projectTargetDate("2026-06-30", y("1"), y("0"))).toBeNull()
    expect(projectTargetDate("2026-06-30", y("999999999999999"), y("0.01"))).toBeNull()
  })
})

describe("targetPace", () => {
  const year = { asOf: "2026-06-30", periodStart: "2026-01-01", periodEnd: "2026-12-31" }

  it("computes pace, run rate and projection for a target not yet met", () => {
    // Hand-checked: 1,000,000 target, 400,000 so far, 640,000 in the trailing 12 months.
    const pace = targetPace({ ...year, target: y("1000000"), value: y("400000"), trailing12m: y("640000") })
    expect(pace.remaining.toFixed(2)).toBe("600000.00") // float-ok: Decimal.toFixed, exact
    expect(pace.monthsLeft).toBe(6)
    expect(pace.pacePerMonth?.toFixed(2)).toBe("100000.00") // 600,000 / 6 // float-ok: Decimal.toFixed, exact
    expect(pace.runRate12m.toFixed(2)).toBe("53333.33") // 640,000 / 12 = 53,333.33… // float-ok: Decimal.toFixed, exact
    expect(pace.projectedDate).toBe("2027-06-07")
    expect(pace.onTrack).toBe(false)
  })

  it("is on track when the projection falls inside the period", () => {
    const pace = targetPace({ ...year, target: y("500000"), value: y("400000"), trailing12m: y("640000") })
    // 100,000 / 6 = 16,666.666… kept exact in the domain; the wire rounds it up to 16,666.67.
    expect(pace.pacePerMonth?.times(6).toFixed(2)).toBe("100000.00") // float-ok: Decimal.toFixed, exact
    expect(pace.projectedDate).toBe("2026-08-27")
    expect(pace.onTrack).toBe(true)
  })

  it("once met: no pace needed, projected on the day measured, on track", () => {
    const pace = targetPace({ ...year, target: y("300000"), value: y("400000"), trailing12m: y("640000") })
    expect(pace.remaining.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    expect(pace.pacePerMonth?.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    expect(pace.projectedDate).toBe("2026-06-30")
    expect(pace.onTrack).toBe(true)
    // Measured after a fixed period ended: the period's last day.
    const late = targetPace({
      asOf: "2027-03-01",
      periodStart: "2025-01-01",
      periodEnd: "2026-12-31",
      target: y("300000"),
      value: y("400000"),
      trailing12m: y("0")
    })
    expect(late.projectedDate).toBe("2026-12-31")
    expect(late.onTrack).toBe(true)
  })

  it("has no pace when no whole month is left, and no projection without a run rate", () => {
    const pace = targetPace({
      asOf: "2026-12-15",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      target: y("5"),
      value: y("0"),
      trailing12m: y("0")
    })
    expect(pace.monthsLeft).toBe(0)
    expect(pace.pacePerMonth).toBeNull()
    expect(pace.runRate12m.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    expect(pace.projectedDate).toBeNull()
    expect(pace.onTrack).toBe(false)
  })

  it("in December, with no whole month left: the gap, the need per week and per day, and the year-end value at the year-to-date daily average", () => {
    // 还差 4.37亿 on 6 December: 25 days left (7–31 December).
    const pace = targetPace({
      asOf: "2026-12-06",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      target: y("500000000"),
      value: y("63000000"),
      trailing12m: y("730000000")
    })
    expect(pace.monthsLeft).toBe(0)
    expect(pace.pacePerMonth).toBeNull()
    expect(pace.daysLeft).toBe(25)
    expect(pace.remaining.toFixed(2)).toBe("437000000.00") // float-ok: Decimal.toFixed, exact
    expect(pace.pacePerDay?.toFixed(2)).toBe("17480000.00") // 437,000,000 / 25 // float-ok: Decimal.toFixed, exact
    expect(pace.pacePerWeek?.toFixed(2)).toBe("122360000.00") // × 7 // float-ok: Decimal.toFixed, exact
    // 1 January – 6 December is 340 days: 63,000,000 × 365 / 340 = 67,632,352.9411… (the trailing 12 months
    // play no part in it).
    expect(pace.elapsedDays).toBe(340)
    expect(pace.projectedEnd.toFixed(2)).toBe("67632352.94") // float-ok: Decimal.toFixed, exact
    expect(pace.projectedEnd.times(340).toFixed(2)).toBe("22995000000.00") // 63,000,000 × 365 // float-ok: Decimal.toFixed, exact
  })

  it("projects the period-end value from the year-to-date daily average, exactly", () => {
    const pace = targetPace({ ...year, target: y("1000000"), value: y("400000"), trailing12m: y("640000") })
    // 1 January – 30 June: 181 days so far; 1 July – 31 December: 184 left. 400,000 / 181 a day for 365 days.
    expect(pace.elapsedDays).toBe(181)
    expect(pace.daysLeft).toBe(184)
    expect(pace.projectedEnd.toFixed(2)).toBe("806629.83") // 146,000,000 / 181 = 806,629.834… // float-ok: Decimal.toFixed, exact
    expect(pace.projectedEnd.times(181).toFixed(2)).toBe("146000000.00") // float-ok: Decimal.toFixed, exact
    expect(pace.pacePerDay?.times(184).toFixed(2)).toBe("600000.00") // float-ok: Decimal.toFixed, exact
  })

  it("needs nothing once met, and has no per-day need on the period's last day when not met", () => {
    const met = targetPace({
      asOf: "2026-12-20",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      target: y("300000"),
      value: y("400000"),
      trailing12m: y("0")
    })
    expect(met.pacePerWeek?.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    expect(met.pacePerDay?.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    // Met, the pace still projects: 1 January – 20 December is 354 days, 400,000 × 365 / 354 = 412,429.378….
    expect(met.projectedEnd.toFixed(2)).toBe("412429.38") // float-ok: Decimal.toFixed, exact
    const last = targetPace({
      asOf: "2026-12-31",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      target: y("500000"),
      value: y("400000"),
      trailing12m: y("640000")
    })
    expect(last.daysLeft).toBe(0)
    expect(last.pacePerDay).toBeNull()
    expect(last.pacePerWeek).toBeNull()
    expect(last.projectedEnd.toFixed(2)).toBe("400000.00") // float-ok: Decimal.toFixed, exact
  })

  it("projects a fixed period from its own days, and nothing before it starts or after it ends", () => {
    const plan = {
      periodStart: "2025-01-01",
      periodEnd: "2027-12-31",
      target: y("7500000000"),
      trailing12m: y("0")
    }
    // 2025-01-01..2026-12-06 is 365 + 340 = 705 days of 1,095: 3,525,000,000 × 1,095 / 705 = 5,475,000,000.
    const during = targetPace({ ...plan, asOf: "2026-12-06", value: y("3525000000") })
    expect(during.elapsedDays).toBe(705)
    expect(during.daysLeft).toBe(390)
    expect(during.projectedEnd.toFixed(2)).toBe("5475000000.00") // float-ok: Decimal.toFixed, exact
    expect(during.remaining.toFixed(2)).toBe("3975000000.00") // float-ok: Decimal.toFixed, exact
    const before = targetPace({ ...plan, asOf: "2024-12-06", value: y("0") })
    expect(before.elapsedDays).toBe(0)
    expect(before.projectedEnd.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    // Over, not met: the value stays what it was; no days are left to need anything in.
    const over = targetPace({ ...plan, asOf: "2028-03-01", value: y("7000000000") })
    expect(over.elapsedDays).toBe(1095)
    expect(over.daysLeft).toBe(0)
    expect(over.projectedEnd.toFixed(2)).toBe("7000000000.00") // float-ok: Decimal.toFixed, exact
    expect(over.remaining.toFixed(2)).toBe("500000000.00") // float-ok: Decimal.toFixed, exact
    expect(over.pacePerDay).toBeNull()
    expect(over.pacePerMonth).toBeNull()
  })
})

describe("elapsedDaysIn", () => {
  it.each([
    ["2026-01-01", "2026-01-01", "2026-12-31", 1],
    ["2026-12-06", "2026-01-01", "2026-12-31", 340],
    ["2026-12-31", "2026-01-01", "2026-12-31", 365],
    // Leap year: 1 January – 29 February is 60 days.
    ["2024-02-29", "2024-01-01", "2024-12-31", 60],
    ["2025-12-31", "2026-01-01", "2026-12-31", 0],
    ["2027-01-05", "2026-01-01", "2026-12-31", 365]
  ])("on %s in %s..%s is %i", (asOf, start, end, days) => {
    expect(elapsedDaysIn(asOf, start, end)).toBe(days)
  })
})

describe("daysLeftIn", () => {
  it.each([
    ["2026-12-06", "2026-01-01", "2026-12-31", 25],
    ["2026-12-31", "2026-01-01", "2026-12-31", 0],
    ["2027-01-05", "2026-01-01", "2026-12-31", 0],
    // Before the start: the whole period.
    ["2025-06-30", "2026-01-01", "2026-12-31", 365]
  ])("from %s in %s..%s is %i", (asOf, start, end, days) => {
    expect(daysLeftIn(asOf, start, end)).toBe(days)
  })
})

describe("evenPaceAt", () => {
  const yi25 = y("2500000000")
  it.each([
    // 25亿 × 31 / 365 = 212,328,767.123…
    ["2026-01-31", "212328767.12"],
    // 25亿 × 181 / 365 = 1,239,726,027.397…
    ["2026-06-30", "1239726027.40"],
    ["2026-12-31", "2500000000.00"],
    // Outside the period: nothing before it, the whole target after it.
    ["2025-12-31", "0.00"],
    ["2027-01-31", "2500000000.00"]
  ])("on %s of 2026 the even pace to 25亿 is %s", (date, expected) => {
    expect(evenPaceAt(yi25, "2026-01-01", "2026-12-31", date).toFixed(2)).toBe(expected) // float-ok: Decimal.toFixed, exact
  })

  it("is exact: 365 days of the even pace add up to the target", () => {
    const perDay = evenPaceAt(yi25, "2026-01-01", "2026-12-31", "2026-01-01")
    expect(perDay.times(365).toFixed(2)).toBe("2500000000.00") // float-ok: Decimal.toFixed, exact
    // A plan period of 1,095 days: 75亿 × 365 / 1,095 = 25亿 at the end of its first year.
    const firstYearEnd = evenPaceAt(y("7500000000"), "2025-01-01", "2027-12-31", "2025-12-31")
    expect(firstYearEnd.toFixed(2)).toBe("2500000000.00") // float-ok: Decimal.toFixed, exact
  })
})
