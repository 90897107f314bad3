/** @jsxImportSource hono/jsx */
import { type Kejin, makePatentNumber, openKejin, type PledgeInputJson } from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import { todayInShanghai } from "@kejin/core/internal"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { targetsPlugin } from "../targets/targets-plugin.js"
import { patentPledgePlugin } from "./pledges-plugin.js"

const HX = { "HX-Request": "true" }
const [sample] = demoPledges({ count: 1, from: "2025-01-01", to: "2025-01-01", seed: 5 })
let serial = 0
/** The sample registration on another day, with a patent of its own (the core refuses one pledged twice). */
const pledge = (registrationNo: string, amount: string, registeredOn: string): PledgeInputJson => ({
  ...sample!,
  registrationNo,
  patents: [`ZL${makePatentNumber(`20221${String(++serial).padStart(7, "0")}`)}`],
  amount,
  registeredOn
})

describe("patentPledgePlugin", () => {
  it("is a plugin like any other: id patent-pledge, order 20, four panels and the /pledges pages", () => {
    expect(patentPledgePlugin.id).toBe("patent-pledge")
    expect(patentPledgePlugin.order).toBe(20)
    expect(patentPledgePlugin.title).toEqual({ zh: "专利质押融资", en: "Patent pledge financing" })
    expect(patentPledgePlugin.panels.map((p) => [p.id, p.size, p.permission])).toEqual([
      ["progress", "wide", "pledges.read"],
      ["monthly", "wide", "pledges.read"],
      ["by-district", "wide", "pledges.read"],
      ["by-bank", "wide", "pledges.read"]
    ])
    expect((patentPledgePlugin.routes ?? []).map((r) => `${r.method} ${r.path} ${r.permission}`)).toEqual([
      "GET /pledges pledges.read",
      "GET /pledges/:id{[0-9]+} pledges.read"
    ])
    // Its forms post to the declared operations' own routes: registration, lifecycle, loans, reversals.
    expect((patentPledgePlugin.forms ?? []).map((f) => f.operation.name)).toEqual([
      "pledges.record",
      "pledges.change",
      "pledges.release",
      "pledges.cancel",
      "pledges.loans.draw",
      "pledges.loans.default",
      "pledges.loans.dispose",
      "pledges.loans.repay",
      "pledges.reverse",
      "pledges.reverseEvent",
      "pledges.loans.reverse",
      "pledges.loans.reverseEvent"
    ])
    expect(patentPledgePlugin.navigation).toEqual([
      { href: "/pledges", label: { zh: "质押登记", en: "Registrations" }, permission: "pledges.read" }
    ])
    expect(Object.isFrozen(patentPledgePlugin)).toBe(true)
  })
})

describe("patentPledgePlugin over a real core", () => {
  let kejin: Kejin
  const fragment = async (query = "") => {
    const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
    const res = await app.request(`/panels/patent-pledge/monthly${query}`, { headers: HX })
    return { status: res.status, html: await res.text() }
  }

  beforeAll(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
    await kejin.pledges.recordMany([
      pledge("YP2024000001", "50000000.00", "2024-12-31"),
      pledge("YP2025000001", "12345678.90", "2025-01-15"),
      pledge("YP2025000002", "25000000.00", "2025-03-14"),
      pledge("YP2025000003", "1,000万", "2025-03-01"),
      pledge("YP2025000004", "100000000.00", "2025-03-20"),
      pledge("YP2025000005", "2.5亿", "2025-07-01")
    ])
    const { items } = await kejin.pledges.list({ from: "2025-03-01", to: "2025-03-01" })
    await kejin.pledges.reverse(items[0]!.id, "entered by mistake")
  })
  afterAll(async () => {
    await kejin?.close()
  })

  it("shows the year's total and percentage of the target as of ?asOf, with a chart", async () => {
    const { status, html } = await fragment("?asOf=2025-03-14")
    expect(status).toBe(200)
    // 12,345,678.90 + 25,000,000.00: the reversed loan and those after 14 March are left out.
    expect(html).toContain(
      '2025年累计 <strong><span class="figure" title="37,345,678.90">0.37亿</span></strong>' +
        ' / 目标 <span class="figure" title="2,500,000,000.00">25亿</span>'
    )
    // 37,345,678.90 / 2,500,000,000.00 = 1.4938…%: rounded down, as every completion figure is.
    expect(html).toContain('<span class="pledge-pct">完成 1.4%</span>')
    expect(html).toContain("质押登记 2 笔 · 截至 2025-03-14")
    expect(html).toContain("<svg ")
    expect(html).toContain(">目标 25亿</text>")
    expect(html).toContain(">12月</text>")
  })

  it("puts the exact figure of each month in a title, months to come left empty", async () => {
    const { html } = await fragment("?asOf=2025-03-14")
    // Month, cumulative, the even pace to 25亿 (25亿 × days to the month's end / 365), and 2024's cumulative.
    expect(html).toContain(
      '<tr><th scope="row"><a href="/pledges?from=2025-01-01&amp;to=2025-01-31&amp;counting=true">1月</a></th><td title="12,345,678.90">0.12亿</td><td title="12,345,678.90">0.12亿</td>' +
        '<td title="212,328,767.12">2.12亿</td><td title="0.00">0亿</td></tr>'
    )
    expect(html).toContain(
      '<tr><th scope="row"><a href="/pledges?from=2025-03-01&amp;to=2025-03-14&amp;counting=true">3月</a></th><td title="25,000,000.00">0.25亿</td><td title="37,345,678.90">0.37亿</td>' +
        '<td title="616,438,356.16">6.16亿</td><td title="0.00">0亿</td></tr>'
    )
    expect(html).toContain(
      '<tr><th scope="row">4月</th><td>–</td><td>–</td><td title="821,917,808.22">8.22亿</td><td title="0.00">0亿</td></tr>'
    )
    expect(html).toContain("<title>3月 累计金额: 0.37亿 (37,345,678.90)</title>")
    expect(html).not.toMatch(/<script|style="|<style/)
  })

  it("draws the even pace to the target and last year's cumulative line, with their figures in the table", async () => {
    const { html } = await fragment("?asOf=2025-03-14")
    expect(html).toContain('<th scope="col">达标所需累计（均匀进度）</th><th scope="col">去年同期累计</th>')
    // December: the pace reaches the target; 2024 ends with its one registration of 31 December.
    expect(html).toContain(
      '<td title="2,500,000,000.00">25亿</td><td title="50,000,000.00">0.50亿</td></tr></tbody>'
    )
    // The pace line is dashed and has no points; it and last year's line are in the legend.
    expect(html).toContain("stroke-dasharray")
    expect(html).toContain(">去年同期累计</text>")
    expect(html).toContain('data-note="pace-line"')
    const en = (await fragment("?asOf=2025-03-14&lang=en")).html
    expect(en).toContain(
      '<th scope="col">Even pace to the target</th><th scope="col">Cumulative a year earlier</th>'
    )
  })

  it("counts the whole year at its end", async () => {
    const { html } = await fragment("?asOf=2025-12-31")
    // 12,345,678.90 + 25,000,000.00 + 100,000,000.00 + 250,000,000.00
    expect(html).toContain('<span class="figure" title="387,345,678.90">3.87亿</span>')
    // 15.4938…%, rounded down.
    expect(html).toContain("完成 15.4%")
    expect(html).toContain(
      '<tr><th scope="row"><a href="/pledges?from=2025-07-01&amp;to=2025-07-31&amp;counting=true">7月</a></th><td title="250,000,000.00">2.50亿</td>'
    )
  })

  it("agrees with the targets panel on the same day", async () => {
    const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
    const res = await app.request("/panels/targets/progress?asOf=2025-03-14", { headers: HX })
    expect(await res.text()).toContain('<span class="money" title="37,345,678.90">3,734.57万</span>')
  })

  it("defaults to today (the core's date in Asia/Shanghai), and ignores an asOf that is no date", async () => {
    const today = await kejin.run(todayInShanghai)
    for (const query of ["", "?asOf=yesterday", "?asOf=2025-02-30"]) {
      const { html } = await fragment(query)
      expect(html).toContain(`截至 ${today}`)
      expect(html).toContain(`${today.slice(0, 4)}年累计`)
    }
  })

  it("speaks English with ?lang=en", async () => {
    const { html } = await fragment("?asOf=2025-03-14&lang=en")
    expect(html).toContain("2025 to date: <strong>")
    expect(html).toContain("2 registration(s) · as of 2025-03-14")
    expect(html).toContain(">Mar</text>")
    expect(html).toContain(">Target 2.50 B</text>")
    expect(html).toContain("<summary>Figures</summary>")
  })

  it("sits on the dashboard page after the targets plugin", async () => {
    const app = createDashboard({ kejin, plugins: [patentPledgePlugin, targetsPlugin] })
    const page = await (await app.request("/")).text()
    expect(page).toContain('data-panel="patent-pledge/monthly"')
    expect(page.indexOf('id="targets"')).toBeLessThan(page.indexOf('id="patent-pledge"'))
    expect(page).toContain('class="panel panel--wide" id="panel-patent-pledge-monthly"')
  })
})

describe("patentPledgePlugin with a configured target", () => {
  const opened: Array<Kejin> = []
  /** A core in memory whose today is `today`, with `pledges` recorded; closed after the test. */
  const coreWith = async (today: string, pledges: ReadonlyArray<PledgeInputJson> = []) => {
    const kejin = await openKejin({ database: "sqlite::memory:", clock: { today } })
    opened.push(kejin)
    if (pledges.length > 0) await kejin.pledges.recordMany(pledges)
    return kejin
  }
  afterEach(async () => {
    vi.restoreAllMocks()
    for (const kejin of opened.splice(0)) await kejin.close()
  })
  const monthlyPanel = async (kejin: Kejin, query = "") => {
    const app = createDashboard({ kejin, plugins: [patentPledgePlugin] })
    return (await app.request(`/panels/patent-pledge/monthly${query}`, { headers: HX })).text()
  }

  it("draws the target figure and period the targets say, never a hard-coded 25亿", async () => {
    // 300,000,000.00 pledged in January 2026 against a target the bureau set to 10亿; today is 2026-02-10.
    const kejin = await coreWith("2026-02-10", [
      pledge("YP2026000001", "100000000.00", "2026-01-05"),
      pledge("YP2026000002", "100000000.00", "2026-01-15"),
      pledge("YP2026000003", "100000000.00", "2026-01-25")
    ])
    await kejin.targets.update("patent-pledge-financing", { target: "10亿" })
    const progress = vi.spyOn(kejin.targets, "progress")
    const monthly = vi.spyOn(kejin.pledges, "monthly")
    const html = await monthlyPanel(kejin)
    expect(progress).toHaveBeenCalledWith(undefined)
    expect(monthly).toHaveBeenCalledWith({ from: "2026-01-01", to: "2026-02-10" })
    expect(html).toContain('目标 <span class="figure" title="1,000,000,000.00">10亿</span>')
    expect(html).toContain("完成 30.0%")
    expect(html).toContain(">目标 10亿</text>")
    expect(html).not.toContain("25亿")
  })

  it("shows a multi-year target's period month by month", async () => {
    const kejin = await coreWith("2025-06-30")
    await kejin.targets.update("patent-pledge-financing", {
      target: "75亿",
      periodKind: "fixed",
      periodStart: "2025-01-01",
      periodEnd: "2027-12-31"
    })
    const monthly = vi.spyOn(kejin.pledges, "monthly")
    const html = await monthlyPanel(kejin)
    expect(monthly).toHaveBeenCalledWith({ from: "2025-01-01", to: "2025-06-30" })
    expect(html).toContain("2025-01-01 – 2027-12-31累计")
    expect(html).toContain('<th scope="row">2027-12</th>')
  })

  it("says so when no patent pledge target is set, and still charts the year", async () => {
    // The core's targets without the patent pledge one (the built-in cannot be removed from a real store).
    const real = await coreWith("2025-12-31")
    const kejin: Kejin = {
      ...real,
      targets: {
        ...real.targets,
        progress: async (asOf) =>
          (await real.targets.progress(asOf)).filter((p) => p.key !== "patent-pledge-financing")
      }
    }
    const monthly = vi.spyOn(real.pledges, "monthly")
    const html = await monthlyPanel(kejin, "?asOf=2025-05-05")
    expect(monthly).toHaveBeenCalledWith({ from: "2025-01-01", to: "2025-05-05" })
    expect(html).toContain("未设定专利质押融资目标")
    expect(html).not.toContain("完成")
    expect(html).toContain("<svg ")
  })
})
