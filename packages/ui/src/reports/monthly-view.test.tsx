import { Decimal, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { LocalizedText } from "../i18n.js"
import { plainText } from "../testing/html.js"
import { monthlyReport } from "./monthly-data.js"
import { changeText, completionPercentText, renderMonthlyReport, wanText } from "./monthly-view.js"
import { reportCss } from "./report-css.js"
import * as vocabulary from "./vocabulary.js"

/** Every `{ zh, en }` in the report's vocabulary, with where it sits. */
const texts = (value: unknown, at: string): ReadonlyArray<[string, LocalizedText]> => {
  if (typeof value !== "object" || value === null) return []
  if ("zh" in value && "en" in value) return [[at, value as LocalizedText]]
  return Object.entries(value).flatMap(([key, inner]) => texts(inner, `${at}.${key}`))
}

describe("the report's words", () => {
  it("has every word in Chinese and in English", () => {
    const all = texts(vocabulary, "vocabulary")
    expect(all.length).toBeGreaterThan(80)
    for (const [at, text] of all) {
      expect(typeof text.zh === "string" && text.zh.trim() !== "", `${at}.zh`).toBe(true)
      expect(typeof text.en === "string" && text.en.trim() !== "", `${at}.en`).toBe(true)
      // The Chinese text is Chinese (or the name of the other language), the English one has no Chinese.
      expect(/[\u4e00-\u9fff]/.test(text.zh) || at.endsWith("otherLanguage"), `${at}.zh`).toBe(true)
      expect(/[\u4e00-\u9fff]/.test(text.en) && !at.endsWith("otherLanguage"), `${at}.en`).toBe(false)
    }
    // One sheet per section, in both languages, within a sheet name's 31 characters.
    expect(Object.keys(vocabulary.sheetNames)).toEqual(Object.keys(vocabulary.sectionTitles))
    for (const name of Object.values(vocabulary.sheetNames)) {
      expect(name.zh.length).toBeLessThanOrEqual(31)
      expect(name.en.length).toBeLessThanOrEqual(31)
    }
  })

  it("formats exact figures for people", () => {
    expect(wanText(new Decimal("123456789.01"))).toBe("12,345.68")
    expect(changeText(new Decimal(3).div(7))).toBe("+42.9%")
    expect(changeText(new Decimal(-1))).toBe("-100.0%")
    expect(changeText(null)).toBe("—")
    expect(completionPercentText(new Decimal("99.99"))).toBe("99.9%")
  })
})

describe("the report as a document", () => {
  let kejin: Kejin
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:", clock: { today: "2026-12-06" } })
    await kejin.pledges.record({
      registrationNo: "Y2026110001",
      pledgor: { uscc: makeUscc("91330381MA3000001"), name: "瑞安<光电>", district: "330381" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber("202110000001")}`],
      amount: "50000000.00",
      registeredOn: "2026-11-05"
    })
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("stands alone for print: the title block, A4 pages with page numbers, repeated table heads, no navigation or buttons", async () => {
    const report = await monthlyReport(kejin, { month: "2026-11", now: Date.UTC(2026, 11, 6, 2, 30) })
    const html = await renderMonthlyReport(report)
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true)
    expect(html).toContain("<title>温州市科技金融月度通报 · 2026年11月</title>")
    expect(plainText(/<header class="title-block">[\s\S]*?<\/header>/.exec(html)?.[0] ?? "")).toBe(
      "温州市科技金融月度通报 2026年11月 数据截至 2026-11-30 生成时间（北京时间） 2026-12-06 10:30"
    )
    // The stylesheet is embedded as it is (not escaped): A4, a page number in the bottom margin.
    expect(html).toContain("<style>")
    expect(html).toContain('content: counter(page) " / " counter(pages);')
    expect(reportCss).toMatch(/@page \{\s+size: A4;/)
    expect(reportCss).toContain("thead { display: table-header-group; }")
    for (const tag of ["<nav", "<button", "<script", "<form", "hx-"]) expect(html).not.toContain(tag)
    for (const section of ["targets", "districts", "banks", "pilots", "direct", "records"])
      expect(html).toContain(`data-section="${section}"`)
    // The district table, ranked, with its unit in the heading; user text is escaped.
    const districts = /<table[^>]*data-table="districts">[\s\S]*?<\/table>/.exec(html)?.[0] ?? ""
    expect(districts).toContain("<thead>")
    expect(plainText(/<tr data-key="330381">[\s\S]*?<\/tr>/.exec(districts)?.[0] ?? "")).toBe(
      "1 瑞安市 5,000.00 1 100.0% — 5,000.00 1 100.0% —"
    )
    expect(districts).toContain("本月金额（万元）")
    expect(html).toContain("瑞安&lt;光电&gt;")
  })

  it("is one language a page: English with lang en, and a month not over says so", async () => {
    const report = await monthlyReport(kejin, { month: "2026-12", lang: "en" })
    const html = await renderMonthlyReport(report, {
      stylesheetHref: "/reports/monthly.css",
      screen: { action: "/reports/monthly", dashboard: "/" }
    })
    expect(html).toContain('<html lang="en">')
    expect(html).toContain("<title>Wenzhou sci-tech finance monthly report · December 2026</title>")
    expect(html).toContain('<link rel="stylesheet" href="/reports/monthly.css"/>')
    expect(html).not.toContain("<style")
    expect(html).toContain("The month is not over yet")
    // The screen's month form is hidden in print (the stylesheet's .screen-only).
    expect(html).toContain('<form class="screen-only" method="get" action="/reports/monthly">')
    const body = plainText(html.replace(/<form[\s\S]*?<\/form>/, ""))
    // No Chinese of ours on an English page: only names from the records (the pledgee 温州银行) and the
    // dashboard's 万/亿 of the target figures (25.00亿) are.
    expect(body.replaceAll("温州银行", "").replace(/[万亿]/g, "")).not.toMatch(/[\u4e00-\u9fff]/)
  })
})

describe("the pilots' details", () => {
  it("write an amount in words as pages write money: no .00 noise, English units in English", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:", clock: { today: "2026-12-06" } })
    try {
      for (const lang of ["zh", "en"] as const) {
        const report = await monthlyReport(kejin, {
          month: "2026-11",
          lang,
          now: Date.UTC(2026, 11, 6, 2, 30)
        })
        const details = report.pilots.flatMap((p) => p.details).filter((d) => d.amount !== undefined)
        expect(details.length).toBeGreaterThan(0)
        const table = /<table[^>]*data-table="pilots">[\s\S]*?<\/table>/.exec(
          await renderMonthlyReport(report)
        )![0]
        expect(table).not.toMatch(/\.00(万元|万| M| B)/)
        expect(table).toContain(lang === "en" ? "0 yuan" : "0元")
        if (lang === "en") expect(table).not.toMatch(/[万亿]/)
      }
    } finally {
      await kejin.close()
    }
  })
})
