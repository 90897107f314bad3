/** @jsxImportSource hono/jsx */
import { type Kejin, makePatentNumber, makeUscc, openKejin, type PledgeInputJson } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { targetsPlugin } from "../targets/targets-plugin.js"
import { patentPledgePlugin } from "./pledges-plugin.js"

const HX = { "HX-Request": "true" }
const ASOF = "?asOf=2025-06-30"

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()

const A = makeUscc("91330302MA4000001")
const B = makeUscc("91330381MA4000002")
let patentSerial = 0
/** Patents are distinct across registrations (the core refuses one pledged twice). */
const patents = (n: number) =>
  Array.from({ length: n }, () => `ZL${makePatentNumber(`20211${String(++patentSerial).padStart(7, "0")}`)}`)

const pledge = (
  registrationNo: string,
  uscc: string,
  district: string,
  bank: string,
  patentCount: number,
  amount: string,
  registeredOn: string
): PledgeInputJson => ({
  registrationNo,
  pledgor: { uscc, name: uscc === A ? "鹿城智造科技有限公司" : "瑞安光电科技有限公司", district },
  pledgee: { name: bank },
  patents: patents(patentCount),
  amount,
  registeredOn
})

/*
 * As of 2025-06-30, by hand. This year (2025-01-01 … 06-30): P1 A 鹿城 温州银行 2 patents 10,000,000.00;
 * P2 A 鹿城 浙商银行 1 patent 5,000,000.50; P3 B 瑞安 温州银行 3 patents 25,000,000.00 → 40,000,000.50 in
 * 3 registrations, 6 patents, 2 enterprises. (P4 on 2025-08-01 is after the day.) A year earlier
 * (2024-01-01 … 06-30): P0 B 瑞安 温州银行 1 patent 20,000,000.00. Loans: 8,000,000.00 under P1 on
 * 2025-02-15, 3,000,000.00 repaid on 2025-05-01; 10,000,000.00 under P0 on 2024-05-10.
 * Lent to date 18,000,000.00, outstanding 15,000,000.00; a year earlier 10,000,000.00 outstanding.
 * Growth: amount (40,000,000.50 − 20,000,000) / 20,000,000 = +100.0 %; registrations +200.0 %; patents
 * +500.0 %; enterprises +100.0 %; lending (8 − 10) / 10 = −20.0 %.
 */
const seed = async (kejin: Kejin) => {
  await kejin.pledges.recordMany([
    pledge("YP2024000001", B, "330381", "温州银行", 1, "20000000.00", "2024-05-01"),
    pledge("YP2025000001", A, "330302", "温州银行", 2, "10000000.00", "2025-02-10"),
    pledge("YP2025000002", A, "330302", "浙商银行", 1, "5000000.50", "2025-03-05"),
    pledge("YP2025000003", B, "330381", "温州银行", 3, "2500万", "2025-04-20"),
    pledge("YP2025000004", A, "330302", "温州银行", 1, "7000000.00", "2025-08-01")
  ])
  const { items } = await kejin.pledges.list({ includeReversed: true, limit: 10 })
  const id = (no: string) => items.find((p) => p.registrationNo === no)!.id
  const loan = await kejin.pledges.loans.draw({
    pledgeId: id("YP2025000001"),
    amount: "8000000.00",
    rate: "0.0385",
    disbursedOn: "2025-02-15",
    maturesOn: "2026-02-15"
  })
  await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-05-01", amount: "3000000.00" })
  await kejin.pledges.loans.draw({
    pledgeId: id("YP2024000001"),
    amount: "10000000.00",
    rate: "0.04",
    disbursedOn: "2024-05-10",
    maturesOn: "2026-05-10"
  })
}

for (const dialect of testDialects()) {
  describe(`pledge dashboard panels on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const fragment = async (panel: string, query = ASOF) => {
      const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
      const res = await app.request(`/panels/patent-pledge/${panel}${query}`, { headers: HX })
      return { status: res.status, html: await res.text() }
    }
    const figure = (html: string, name: string) => {
      const match = new RegExp(
        `<div class="figure-box" data-figure="${name}">[\\s\\S]*?<dd>([\\s\\S]*?)</dd>`
      ).exec(html)
      if (match === null) throw new Error(`no figure ${name} in ${html}`)
      return text(match[1]!)
    }

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      await seed(kejin)
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    describe("progress", () => {
      it("draws the year's amount against the 25亿 target as a bar with the exact figures in attributes", async () => {
        const { status, html } = await fragment("progress")
        expect(status).toBe(200)
        expect(html).toContain(
          '<progress data-progress="patent-pledge" data-amount="40000000.50" data-target="2500000000.00"' +
            ' data-ratio="0.016000" value="1.60" max="100"'
        )
        expect(text(html)).toContain("2025年累计 4,000.00万 / 目标 25亿 · 完成 1.6%")
        expect(html).toContain('<span class="money" title="40,000,000.50">4,000.00万</span>')
      })

      it("shows the pace needed, the 12-month run rate, the projected date and whether it is on track", async () => {
        const { html } = await fragment("progress")
        const [target] = (await kejin.targets.progress("2025-06-30")).filter(
          (p) => p.key === "patent-pledge-financing"
        )
        // (2,500,000,000.00 − 40,000,000.50) / 6 months = 409,999,999.916… → up to the fen.
        expect(target!.monthsLeft).toBe(6)
        expect(text(html)).toContain("月均所需 4.10亿 （剩余 6 个整月）")
        expect(html).toContain('<span class="money" title="409,999,999.92">4.10亿</span>')
        // The gap, and the year-end value at the year-to-date daily average: 40,000,000.50 × 365 / 181 days.
        expect(text(html)).toContain("还差 24.60亿 · 预计年末 8,066.30万 （按本年日均）")
        expect(target!.projectedEnd.times(181).toFixed(2)).toBe("14600000182.50") // float-ok: Decimal.toFixed, exact
        // 40,000,000.50 over the 12 months to 2025-06-30 / 12 = 3,333,333.375 → 3,333,333.38 (half-even).
        expect(html).toContain('<span class="money" title="3,333,333.38">333.33万</span>')
        expect(text(html)).toContain(`预计达成 ${target!.projectedDate}`)
        expect(html).toContain('data-status="behind"')
      })

      it("summarises the year to date with the growth on the same days a year earlier", async () => {
        const { html } = await fragment("progress")
        expect(figure(html, "amount")).toBe("4,000.00万 同比 +100.0%")
        expect(figure(html, "registrations")).toBe("3 同比 +200.0%")
        expect(figure(html, "patents")).toBe("6 同比 +500.0%")
        expect(figure(html, "enterprises")).toBe("2 同比 +100.0%")
        expect(figure(html, "outstanding")).toBe("1,500万 / 1,800万")
        expect(html).toContain(
          'title="15,000,000.00">1,500万</span> / <span class="money" title="18,000,000.00">1,800万</span>'
        )
        expect(figure(html, "lending")).toBe("800万 同比 -20.0%")
        expect(text(html)).toContain("本年 2025-01-01 至 2025-06-30，同比对照 2024-01-01 至 2024-06-30")
        expect(html).toContain('<a href="/pledges">全部质押登记</a>')
      })

      it("counts the whole year at its end, and agrees with the targets panel", async () => {
        const { html } = await fragment("progress", "?asOf=2025-12-31")
        expect(html).toContain('data-amount="47000000.50"')
        expect(figure(html, "registrations")).toBe("4 同比 +300.0%")
        const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
        const targets = await (
          await app.request("/panels/targets/progress?asOf=2025-12-31", { headers: HX })
        ).text()
        expect(targets).toContain('<span class="money" title="47,000,000.50">4,700.00万</span>')
        // The last day of the year: no day left, so the gap is the answer, with no need per day.
        expect(text(html)).toContain("还差 24.53亿 · 预计年末 4,700.00万")
        expect(html).not.toContain("所需")
      })

      it("speaks English with ?lang=en", async () => {
        const { html } = await fragment("progress", `${ASOF}&lang=en`)
        expect(text(html)).toContain("2025 to date: 40.00 M of the target 2.50 B · 1.6%")
        expect(text(html)).toContain(
          "2.46 B to go · Projected year-end 80.66 M (at the year-to-date daily average) · Needed per month 410.00 M (6 whole month(s) left)"
        )
        expect(figure(html, "registrations")).toBe("3 YoY +200.0%")
        // English units in English: M, never 万.
        expect(figure(html, "amount")).toBe("40.00 M YoY +100.0%")
        expect(figure(html, "outstanding")).toBe("15 M / 18 M")
        expect(html).toContain('<a href="/pledges?lang=en">All registrations</a>')
        // The counting rule in the footnote, in the page's language.
        expect(text(html)).toContain("cancelled registrations count nothing, released ones count")
        expect(text(html)).not.toContain("已撤销")
      })
    })

    describe("breakdowns", () => {
      const rowsOf = (html: string) =>
        [...html.matchAll(/<tr data-key="([^"]*)">([\s\S]*?)<\/tr>/g)].map((m) => `${m[1]}: ${text(m[2]!)}`)

      it("by district: amounts, shares, registrations, enterprises and growth, largest first", async () => {
        const { status, html } = await fragment("by-district")
        expect(status).toBe(200)
        // 25,000,000.00 / 40,000,000.50 = 62.4999…% → 62.5%; 15,000,000.50 / 40,000,000.50 = 37.5000…%.
        expect(rowsOf(html)).toEqual([
          "330381: 瑞安市 2,500万 62.5% 1 1 2,000万 +25.0%",
          "330302: 鹿城区 1,500.00万 37.5% 2 1 0万 —",
          "total: 合计 4,000.00万 100.0% 3 2 2,000万 +100.0%"
        ])
        expect(html).toContain('<span class="money" title="15,000,000.50">1,500.00万</span>')
        expect(html).toContain('title="上年同期为零"')
        // The chart, and its data table with the exact amounts on hover.
        expect(html).toContain("<svg")
        expect(html).toContain('瑞安市</a></th><td title="25,000,000.00">2,500万</td>')
        // Each bar and each row of the chart's table links to the registrations behind it.
        expect(html).toMatch(
          /<th scope="row"><a href="\/pledges\?[^"]*district=330381[^"]*">瑞安市<\/a><\/th>/
        )
        expect(html).toMatch(
          /<a href="\/pledges\?[^"]*district=330381[^"]*" class="chart-link" tabindex="-1"><path /
        )
        expect(html).toContain('<td title="20,000,000.00">2,000万</td>')
        // The counting rule in the footnote (DOMAIN.md: pages state it).
        expect(text(html)).toContain("已撤销的登记不计，已注销（解除）的照计")
      })

      it("by pledgee", async () => {
        const { html } = await fragment("by-bank")
        expect(rowsOf(html)).toEqual([
          "温州银行: 温州银行 3,500万 87.5% 2 2 2,000万 +75.0%",
          "浙商银行: 浙商银行 500.00万 12.5% 1 1 0万 —",
          "total: 合计 4,000.00万 100.0% 3 2 2,000万 +100.0%"
        ])
      })

      it("compares each row with the preceding period when the dashboard asks for it (环比)", async () => {
        // 2025 Q2 (瑞安 25,000,000.00) against Q1 (鹿城 10,000,000.00 + 5,000,000.50).
        const { html } = await fragment("by-district", `${ASOF}&year=2025&quarter=2&compare=previous`)
        expect(rowsOf(html)).toEqual([
          "330381: 瑞安市 2,500万 100.0% 1 1 0万 —",
          "330302: 鹿城区 0万 0.0% 0 0 1,500.00万 -100.0%",
          "total: 合计 2,500万 100.0% 1 1 1,500.00万 +66.7%"
        ])
        expect(html).toMatch(/<th scope="col"[^>]*>上期金额<\/th>/)
        expect(html).toMatch(/<th scope="col"[^>]*>金额环比<\/th>/)
        expect(text(html)).toContain("环比对照（上一期） 2025-01-01")
        // The previous amount links to the registrations of the period compared with.
        expect(html).toMatch(/<a href="\/pledges\?[^"]*from=2025-01-01[^"]*district=330302[^"]*"[^>]*>/)
        const en = await fragment("by-district", `${ASOF}&year=2025&quarter=2&compare=previous&lang=en`)
        expect(en.html).toMatch(/<th scope="col"[^>]*>Previous period<\/th>/)
        expect(en.html).not.toMatch(/亿|万/)
      })

      it("names districts in English with ?lang=en", async () => {
        const { html } = await fragment("by-district", `${ASOF}&lang=en`)
        expect(rowsOf(html)[0]).toBe("330381: Rui&#39;an 25 M 62.5% 1 1 20 M +25.0%")
        expect(html).toContain('<th scope="col">District</th>')
      })

      it("says so for a year without registrations", async () => {
        const { html } = await fragment("by-district", "?asOf=2023-06-30")
        expect(html).toContain("2023-01-01 至 2023-06-30 暂无质押登记。")
        expect(html).not.toContain("<svg")
      })
    })

    it("lays the four panels out on the dashboard, refreshing on kejin-changed, for pledges.read", async () => {
      const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
      const page = await (await app.request("/")).text()
      const panels = [...page.matchAll(/data-panel="patent-pledge\/([a-z-]+)"/g)].map((m) => m[1])
      expect(panels).toEqual(["progress", "monthly", "by-district", "by-bank"])
      expect(page).toContain(
        'hx-get="/panels/patent-pledge/progress" hx-trigger="load, every 60s, kejin-changed from:document"'
      )
      expect(page).toContain('<a href="/pledges">质押登记</a>')
    })
  })
}

/*
 * A year that ends just short of the 25亿 target, by hand. 2024: 鹿城 (温州银行) and 瑞安 (浙商银行)
 * 1,000,000.00 each, no loans. 2025: 鹿城 (温州银行), 龙湾 (中国银行) and 瓯海 (温州银行) 833,000,000.00 each,
 * 2,499,000,000.00 in all: 99.96% of the target, so "99.9%", never "100.0%". A year earlier 2,000,000.00:
 * growth (2,499,000,000 − 2,000,000) / 2,000,000 = +124850.0% on the summary and on every breakdown's
 * 合计, with 瑞安 and 浙商银行 (nothing in 2025) as rows at −100.0%. Three equal thirds show 33.4 + 33.3 +
 * 33.3 = 100.0%.
 */
const C = makeUscc("91330303MA4000003")
const D = makeUscc("91330304MA4000004")
const shortOfTarget = async (kejin: Kejin) => {
  const at = (no: string, uscc: string, district: string, bank: string, amount: string, on: string) => ({
    ...pledge(no, uscc, district, bank, 1, amount, on),
    pledgor: { uscc, name: `温州${district}样本科技有限公司`, district }
  })
  await kejin.pledges.recordMany([
    at("YS2024000001", A, "330302", "温州银行", "1000000.00", "2024-04-01"),
    at("YS2024000002", B, "330381", "浙商银行", "1000000.00", "2024-05-01"),
    at("YS2025000001", A, "330302", "温州银行", "833000000.00", "2025-02-01"),
    at("YS2025000002", C, "330303", "中国银行", "833000000.00", "2025-03-01"),
    at("YS2025000003", D, "330304", "温州银行", "833000000.00", "2025-04-01")
  ])
}

for (const dialect of testDialects()) {
  describe(`pledge panels just short of the target, on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const YEAR_END = "?asOf=2025-12-31"
    const fragment = async (path: string, query = YEAR_END) => {
      const app = createDashboard({ kejin, plugins: [targetsPlugin, patentPledgePlugin] })
      return await (await app.request(`/panels/${path}${query}`, { headers: HX })).text()
    }
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tr data-key="([^"]*)">([\s\S]*?)<\/tr>/g)].map((m) => `${m[1]}: ${text(m[2]!)}`)

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      await shortOfTarget(kejin)
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("never reads 100.0% done before the target is met: progress, monthly and targets panels", async () => {
      const progress = await fragment("patent-pledge/progress")
      expect(text(progress)).toContain("2025年累计 24.99亿 / 目标 25亿 · 完成 99.9%")
      expect(progress).toContain('data-ratio="0.999600" value="99.96" max="100"')
      expect(progress).toContain('data-status="behind"')
      expect(progress).not.toContain("100.0%")
      const monthly = await fragment("patent-pledge/monthly")
      expect(monthly).toContain('<span class="pledge-pct">完成 99.9%</span>')
      const targets = await fragment("targets/progress")
      expect(targets).toContain('<span class="target-pct">99.9%</span>')
      expect(targets).toContain('<progress value="99.96" max="100"')
      expect(targets).toContain('<li class="target" data-target-key="patent-pledge-financing">')
    })

    it("shows a small part as <0.1%, not 0.0%", async () => {
      // 2,000,000.00 of 2,500,000,000.00 = 0.08%.
      const progress = await fragment("patent-pledge/progress", "?asOf=2024-12-31")
      expect(text(progress)).toContain("2024年累计 200万 / 目标 25亿 · 完成 &lt;0.1%")
      expect(await fragment("patent-pledge/monthly", "?asOf=2024-12-31")).toContain("完成 &lt;0.1%")
      expect(await fragment("targets/progress", "?asOf=2024-12-31")).toContain(
        '<span class="target-pct">&lt;0.1%</span>'
      )
    })

    it("by district: shares adding up to 100.0%, last year's district kept, the total's growth the summary's", async () => {
      const html = await fragment("patent-pledge/by-district")
      // Equal amounts by name (龙湾 long, 鹿城 lu, 瓯海 ou); the extra tenth to the first of three equal thirds.
      expect(rowsOf(html)).toEqual([
        "330303: 龙湾区 8.33亿 33.4% 1 1 0万 —",
        "330302: 鹿城区 8.33亿 33.3% 1 1 100万 +83200.0%",
        "330304: 瓯海区 8.33亿 33.3% 1 1 0万 —",
        "330381: 瑞安市 0亿 0.0% 0 0 100万 -100.0%",
        "total: 合计 24.99亿 100.0% 3 3 200万 +124850.0%"
      ])
      expect(html).toContain('<td class="num" title="33.3333%">33.4%</td>')
      // The chart's 上年同期 series has 瑞安's 1,000,000.00 (a zero bar this year).
      expect(html).toContain('瑞安市</a></th><td title="0.00">0亿</td><td title="1,000,000.00">0.01亿</td>')
      const progress = await fragment("patent-pledge/progress")
      expect(progress).toContain('data-growth="1248.5"')
      expect(html).toContain('data-growth="1248.5"')
    })

    it("by pledgee: the pledgee with nothing this year last, the shares adding up to 100.0%", async () => {
      const html = await fragment("patent-pledge/by-bank")
      // 1,666,000,000 / 2,499,000,000 = 66.666…%, 833,000,000 / 2,499,000,000 = 33.333…%.
      expect(rowsOf(html)).toEqual([
        "温州银行: 温州银行 16.66亿 66.7% 2 2 100万 +166500.0%",
        "中国银行: 中国银行 8.33亿 33.3% 1 1 0万 —",
        "浙商银行: 浙商银行 0亿 0.0% 0 0 100万 -100.0%",
        "total: 合计 24.99亿 100.0% 3 3 200万 +124850.0%"
      ])
    })
  })
}
