/** @jsxImportSource hono/jsx */
import { type Kejin, makePatentNumber, openKejin, type PledgeInputJson } from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { targetsPlugin } from "../targets/targets-plugin.js"
import { createDashboard } from "./dashboard.js"
import { dashboardPeriodOf, periodHref } from "./period.js"

describe("dashboardPeriodOf", () => {
  const asOf = "2026-12-06"

  it("without a period in the query: this year to date, against the same days a year earlier", () => {
    const p = dashboardPeriodOf({}, asOf)
    expect(p.chosen).toBe(false)
    expect(p.preset).toBe("year")
    expect(p.bounds).toEqual({ from: "2026-01-01", to: "2026-12-31" })
    expect(p.shown).toEqual({ from: "2026-01-01", to: "2026-12-06" })
    expect(p.compare).toBe("yoy")
    expect(p.comparison).toEqual({ from: "2025-01-01", to: "2025-12-06" })
  })

  it("reads the core's period parameters: this month to date against the previous month's same days", () => {
    const p = dashboardPeriodOf({ year: "2026", month: "12", compare: "previous", lang: "en" }, asOf)
    expect(p.chosen).toBe(true)
    expect(p.preset).toBe("month")
    expect(p.shown).toEqual({ from: "2026-12-01", to: "2026-12-06" })
    expect(p.comparison).toEqual({ from: "2026-11-01", to: "2026-11-06" })
  })

  it("the plan period 2025–2027 to date, against three years earlier or the same days a year earlier", () => {
    const previous = dashboardPeriodOf({ period: "plan", compare: "previous" }, asOf)
    expect(previous.preset).toBe("plan")
    expect(previous.bounds).toEqual({ from: "2025-01-01", to: "2027-12-31" })
    expect(previous.shown).toEqual({ from: "2025-01-01", to: "2026-12-06" })
    expect(previous.comparison).toEqual({ from: "2022-01-01", to: "2023-12-06" })
    expect(dashboardPeriodOf({ period: "plan" }, asOf).comparison).toEqual({
      from: "2024-01-01",
      to: "2025-12-06"
    })
  })

  it("a custom range over: shown whole, the previous period as many days before it", () => {
    const p = dashboardPeriodOf({ from: "2026-03-10", to: "2026-03-19", compare: "previous" }, asOf)
    expect(p.preset).toBe("custom")
    expect(p.shown).toEqual({ from: "2026-03-10", to: "2026-03-19" })
    expect(p.comparison).toEqual({ from: "2026-02-28", to: "2026-03-09" })
  })

  it("a bad period is named and replaced by this year", () => {
    const p = dashboardPeriodOf({ year: "2026", month: "13" }, asOf)
    expect(p.chosen).toBe(false)
    expect(p.issues.map((i) => i.path)).toEqual(["month"])
    expect(p.shown).toEqual({ from: "2026-01-01", to: "2026-12-06" })
    // Two forms at once: the second one's fields are named.
    expect(
      dashboardPeriodOf({ year: "2026", from: "2026-01-01", to: "2026-02-01" }, asOf).issues.map(
        (i) => i.path
      )
    ).toEqual(["from", "to"])
  })
})

describe("periodHref", () => {
  it("replaces the period and keeps every other parameter", () => {
    const query = { lang: "en", asOf: "2026-06-30", year: "2026", quarter: "2", compare: "previous" }
    expect(periodHref(query, { period: "plan" })).toBe(
      "?lang=en&asOf=2026-06-30&compare=previous&period=plan"
    )
    expect(periodHref(query, undefined, "yoy")).toBe("?lang=en&asOf=2026-06-30&year=2026&quarter=2")
    expect(periodHref({ lang: "en" }, undefined, "previous")).toBe("?lang=en&compare=previous")
  })
})

const [sample] = demoPledges({ count: 1, from: "2025-01-01", to: "2025-01-01", seed: 11 })
let serial = 0
const pledge = (registrationNo: string, amount: string, registeredOn: string): PledgeInputJson => ({
  ...sample!,
  registrationNo,
  patents: [`ZL${makePatentNumber(`20231${String(++serial).padStart(7, "0")}`)}`],
  amount,
  registeredOn
})

describe("the dashboard's panels follow the period in the page's query", () => {
  let kejin: Kejin
  const HX = { "HX-Request": "true" }
  const fragment = async (path: string, query: string) => {
    const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
    return (await app.request(`/panels/patent-pledge/${path}${query}`, { headers: HX })).text()
  }
  const figure = (html: string, name: string) =>
    html
      .match(new RegExp(`data-figure="${name}"><dt>.*?</dt><dd>(.*?)</dd>`))?.[1]
      ?.replace(/<[^>]+>/g, "")
      .trim()

  beforeAll(async () => {
    kejin = await openKejin({ database: "sqlite::memory:", clock: { today: "2026-12-06" } })
    await kejin.pledges.recordMany([
      // The third quarter of 2026: 30,000,000 in two registrations.
      pledge("YP2026000001", "10000000.00", "2026-07-15"),
      pledge("YP2026000002", "20000000.00", "2026-09-06"),
      // After 6 September: outside the previous quarter's first 67 days.
      pledge("YP2026000003", "5000000.00", "2026-09-20"),
      // The fourth quarter to 6 December: 60,000,000 in three.
      pledge("YP2026000004", "15000000.00", "2026-10-08"),
      pledge("YP2026000005", "20000000.00", "2026-11-11"),
      pledge("YP2026000006", "25000000.00", "2026-12-01"),
      // The fourth quarter of 2025: 40,000,000 by 6 December.
      pledge("YP2025000001", "40000000.00", "2025-11-30")
    ])
  })
  afterAll(async () => {
    await kejin?.close()
  })

  it("the progress panel: the quarter to date, against the same days a year earlier", async () => {
    const html = await fragment("progress", "?year=2026&quarter=4")
    expect(html).toContain('data-period="2026-10-01..2026-12-06"')
    // 60,000,000 against 40,000,000: +50.0%.
    expect(figure(html, "amount")).toBe("6,000万 同比 +50.0%")
    expect(figure(html, "registrations")).toBe("3 同比 +200.0%")
    expect(html).toContain("2026-10-01 至 2026-12-06，同比对照 2025-10-01 至 2025-12-06")
  })

  it("the progress panel: the quarter to date, against the previous quarter's first 67 days", async () => {
    const html = await fragment("progress", "?year=2026&quarter=4&compare=previous")
    // 1 July – 6 September: 30,000,000 (the 20 September registration is after it). 60 / 30 − 1 = +100.0%.
    expect(figure(html, "amount")).toBe("6,000万 环比 +100.0%")
    expect(figure(html, "registrations")).toBe("3 环比 +50.0%")
    expect(html).toContain("2026-10-01 至 2026-12-06，环比对照（上一期） 2026-07-01 至 2026-09-06")
    // The target's answers stay the target's own (the calendar year): 还差 25亿 − 0.95亿 (10 + 20 + 5 + 15 + 20 + 25 百万).
    expect(html).toContain('还差 <span class="money" title="2,405,000,000.00">24.05亿</span>')
    const en = await fragment("progress", "?year=2026&quarter=4&compare=previous&lang=en")
    expect(figure(en, "amount")).toBe("60 M vs previous +100.0%")
  })

  it("the monthly chart: the chosen months, the previous period's cumulative line, no target off its period", async () => {
    const html = await fragment("monthly", "?year=2026&quarter=4&compare=previous")
    const rows = [...html.matchAll(/<tr><th scope="row">(?:<a [^>]*>)?([^<]+)(?:<\/a>)?<\/th>/g)].map(
      (m) => m[1]
    )
    expect(rows).toEqual(["10月", "11月", "12月"])
    // Each month with registrations opens them (drill-down); months still to come link nowhere.
    expect(html).toContain(
      '<th scope="row"><a href="/pledges?from=2026-10-01&amp;to=2026-10-31&amp;counting=true">10月</a></th>'
    )
    expect(html).toContain('<th scope="col">上一期累计</th>')
    // July, August and September, cumulative: 10,000,000, 10,000,000, 35,000,000.
    expect(html).toContain(
      '<tr><th scope="row"><a href="/pledges?from=2026-12-01&amp;to=2026-12-06&amp;counting=true">12月</a></th><td title="25,000,000.00">0.25亿</td><td title="60,000,000.00">0.60亿</td>' +
        '<td title="35,000,000.00">0.35亿</td></tr>'
    )
    expect(html).not.toContain("目标 25亿")
    expect(html).not.toContain("均匀进度")
    // Over the target's own period (this year), the target and its pace are drawn.
    const year = await fragment("monthly", "?year=2026")
    expect(year).toContain(">目标 25亿</text>")
    expect(year).toContain('<th scope="col">达标所需累计（均匀进度）</th><th scope="col">去年同期累计</th>')
  })

  it("the breakdowns: the chosen period", async () => {
    const html = await fragment("by-district", "?year=2026&quarter=3")
    expect(html).toContain("期间 2026-07-01 至 2026-09-30")
    expect(html).toContain('title="35,000,000.00"')
  })

  it("the page: the controls, the current choice marked, and every panel's fragment URL keeping it", async () => {
    const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
    const page = await (await app.request("/?year=2026&quarter=4&compare=previous&lang=en")).text()
    expect(page).toContain('<nav class="period-controls" aria-label="Period" data-period="quarter">')
    expect(page).toContain(
      '<a href="?compare=previous&amp;lang=en&amp;year=2026&amp;month=12" data-preset="month">This month</a>'
    )
    expect(page).toContain(
      '<a href="?compare=previous&amp;lang=en&amp;year=2026&amp;quarter=4" data-preset="quarter" aria-current="true">This quarter</a>'
    )
    expect(page).toContain(
      '<a href="?compare=previous&amp;lang=en&amp;period=plan" data-preset="plan">Plan 2025–2027</a>'
    )
    expect(page).toContain(
      '<a href="?year=2026&amp;quarter=4&amp;lang=en&amp;compare=previous" data-compare="previous" aria-current="true">Previous period</a>'
    )
    // The custom range keeps the language and the comparison in hidden fields.
    expect(page).toContain(
      '<input type="hidden" name="compare" value="previous"/><input type="hidden" name="lang" value="en"/>'
    )
    const urls = [...page.matchAll(/hx-get="([^"]+)"/g)].map((m) => m[1])
    expect(urls.length).toBe(5)
    for (const url of urls) expect(url).toMatch(/\?year=2026&amp;quarter=4&amp;compare=previous&amp;lang=en$/)
    // A page none of whose panels reads the period has no controls.
    const targetsOnly = createDashboard({ kejin, plugins: [targetsPlugin] })
    expect(await (await targetsOnly.request("/")).text()).not.toContain("period-controls")
    // A bad period says which parameter and shows the year.
    const bad = await (await app.request("/?year=2026&month=13")).text()
    expect(bad).toContain("地址中的期间参数有误，已显示本年：month · 2026-01-01 至 2026-12-06")
  })
})
