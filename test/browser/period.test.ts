import { mkdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { todayInShanghai } from "@kejin/core/internal"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

/** The page's own width beyond the viewport's (0 when nothing sticks out). */
const overflow = (page: import("playwright-core").Page): Promise<number> =>
  page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number } }
      innerWidth: number
    }
    return document.documentElement.scrollWidth - innerWidth
  })

/** axe-core's browser bundle (as a11y.test.ts uses it), run on the period controls only. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")
const controlViolations = async (page: import("playwright-core").Page): Promise<Array<string>> => {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: {
        run(
          context: unknown,
          options: unknown
        ): Promise<{ violations: Array<{ id: string; impact: string | null }> }>
      }
      document: { querySelector(selector: string): unknown }
    }
    const result = await axe.run(document.querySelector(".period-controls"), { resultTypes: ["violations"] })
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}`)
  })
}

describe("the dashboard's period controls in headless Chromium", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(() => app?.close())

  it("on a 390 px phone: a quarter, then the previous period, then a custom range, kept in the URL and in every panel's fragment URL", async () => {
    const today = await app.kejin.run(todayInShanghai)
    const year = today.slice(0, 4)
    const month = Number(today.slice(5, 7))
    const quarter = Math.floor((month - 1) / 3) + 1
    const quarterStart = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, "0")}-01`
    const { page, errors } = await signIn(app, "bureau")
    await page.setViewportSize({ width: 390, height: 844 })
    const loaded = () =>
      expect.poll(() => page.locator(".panel-loading").count(), { timeout: 20_000 }).toBe(0)
    await loaded()
    // By default: this year, compared with the same days a year earlier.
    expect(await page.locator('.period-controls [aria-current="true"]').allTextContents()).toEqual([
      "本年",
      "去年同期"
    ])

    await page.click('.period-controls a[data-preset="quarter"]')
    await page.waitForURL((url) => url.searchParams.get("quarter") === String(quarter))
    await loaded()
    expect(new URL(page.url()).searchParams.get("year")).toBe(year)
    const fragmentUrls = await page
      .locator(".panel-body[hx-get]")
      .evaluateAll((all) =>
        all.map((el) => (el as unknown as { getAttribute(name: string): string }).getAttribute("hx-get"))
      )
    expect(fragmentUrls.length).toBeGreaterThan(3)
    for (const url of fragmentUrls) expect(url).toContain(`year=${year}&quarter=${quarter}`)
    // The progress panel's figures are the quarter's, to date.
    const note = page.locator("#panel-patent-pledge-progress [data-period]")
    expect(await note.getAttribute("data-period")).toBe(`${quarterStart}..${today}`)
    expect(await note.textContent()).toContain("同比对照")

    await page.click('.period-controls a[data-compare="previous"]')
    await page.waitForURL((url) => url.searchParams.get("compare") === "previous")
    await loaded()
    // The quarter is kept; the figures now compare with the quarter before.
    expect(new URL(page.url()).searchParams.get("quarter")).toBe(String(quarter))
    expect(await note.textContent()).toContain("环比对照（上一期）")
    expect(
      await page.locator('#panel-patent-pledge-progress [data-figure="amount"]').textContent()
    ).toContain("环比")
    expect(await page.locator('#panel-patent-pledge-monthly th[scope="col"]').allTextContents()).toContain(
      "上一期累计"
    )
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    // No serious or critical axe-core violation in the controls, light or dark.
    expect(await controlViolations(page)).toEqual([])
    await page.emulateMedia({ colorScheme: "dark" })
    expect(await controlViolations(page)).toEqual([])
    await page.emulateMedia({ colorScheme: "light" })
    mkdirSync("test-output", { recursive: true })
    await page.screenshot({ path: "test-output/period-phone.png", fullPage: true })
    await page.screenshot({ path: "test-output/period-phone-top.png" })

    // A custom range through the form: the comparison stays as chosen.
    await page.fill('.period-custom input[name="from"]', `${year}-02-01`)
    await page.fill('.period-custom input[name="to"]', `${year}-04-30`)
    await page.click('.period-custom button[type="submit"]')
    await page.waitForURL((url) => url.searchParams.get("from") === `${year}-02-01`)
    await loaded()
    const params = new URL(page.url()).searchParams
    expect(params.get("to")).toBe(`${year}-04-30`)
    expect(params.get("compare")).toBe("previous")
    expect(params.get("quarter")).toBeNull()
    expect(await page.locator(".period-custom").getAttribute("aria-current")).toBe("true")
    // Three months in the monthly chart's table.
    const rows = page.locator('#panel-patent-pledge-monthly tbody th[scope="row"]')
    expect(await rows.allTextContents()).toEqual(["2月", "3月", "4月"])
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    expect(errors).toEqual([])
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${app.base}/?period=plan`)
    await loaded()
    await page.screenshot({ path: "test-output/period-plan.png", fullPage: true })
    await page
      .locator("#panel-patent-pledge-monthly")
      .screenshot({ path: "test-output/period-plan-monthly.png" })
    await page.screenshot({ path: "test-output/period-plan-top.png" })
    await page.close()
  }, 120_000)
})
