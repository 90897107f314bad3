import { describe, expect, it } from "vitest"
import { PLAN_PERIOD } from "./period.js"
import { periodOfQuery } from "./period-query.js"

const paths = (query: Parameters<typeof periodOfQuery>[0]) => {
  const period = periodOfQuery(query, "2026-05-20")
  return period.issues === undefined ? period.spec : period.issues.map((i) => i.path)
}

describe("the period a figures read names", () => {
  it("reads a query's text and a facade's numbers alike; nothing given is this year", () => {
    expect(paths({})).toEqual({ year: 2026 })
    expect(paths({ year: "2025", quarter: "2" })).toEqual({ year: 2025, quarter: 2 })
    expect(paths({ year: 2025, quarter: 2 })).toEqual({ year: 2025, quarter: 2 })
    expect(paths({ year: 2025, month: 3 })).toEqual({ year: 2025, month: 3 })
    expect(paths({ from: "2025-01-10", to: "2025-03-13" })).toEqual({ from: "2025-01-10", to: "2025-03-13" })
    expect(paths({ fromYear: "2021", toYear: 2022 })).toEqual({ fromYear: 2021, toYear: 2022 })
    expect(paths({ period: "plan" })).toEqual(PLAN_PERIOD)
  })

  it("names each field of a bad period: two forms, half a form, a bad value", () => {
    expect(paths({ fromYear: 2021, from: "2021-01-01", to: "2021-12-31" })).toEqual(["fromYear"])
    expect(paths({ quarter: 2 })).toEqual(["year"])
    expect(paths({ from: "2025-01-01" })).toEqual(["to"])
    expect(paths({ year: 2025, quarter: 1, month: 2 })).toEqual(["month"])
    expect(paths({ year: 2025.5 })).toEqual(["year"])
    expect(paths({ year: "0", quarter: "5" })).toEqual(["year", "quarter"])
    expect(paths({ from: "2025-02-30", to: "2025-01-01" })).toEqual(["from"])
    expect(paths({ from: "2025-12-01", to: "2025-01-01" })).toEqual(["to"])
    expect(paths({ fromYear: 2027, toYear: 2025 })).toEqual(["toYear"])
    expect(paths({ period: "year" })).toEqual(["period"])
  })
})
