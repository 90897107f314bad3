import { mkdirSync } from "node:fs"
import { Decimal } from "@kejin/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

describe("dashboard in headless Chromium", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(() => app?.close())

  it("signs in, fills the targets panel through htmx, and shows both figures", async () => {
    const { page, errors } = await signIn(app, "bureau")
    expect(await page.locator(".who").textContent()).toContain("bureau")
    const pledgeRow = page.locator('[data-target-key="patent-pledge-financing"]')
    await pledgeRow.waitFor({ timeout: 15_000 })
    // A whole number of 亿 reads without ".00"; the panel states the gap and the projected value.
    await expect.poll(() => pledgeRow.textContent()).toContain(" / 25亿")
    expect(await pledgeRow.textContent()).toMatch(/还差 [\d,.]+(亿|万|元)|目标已完成/)
    const fundRow = page.locator('[data-target-key="city-fund-scale"]')
    expect(await fundRow.textContent()).toContain(" / 100亿")
    const [progress] = await app.kejin.targets.progress()
    // value / target to one decimal, rounded down (an unmet target never reads 100.0%).
    const ratio = progress!.value.div(progress!.target).times(100)
    const percent = `${ratio.toDecimalPlaces(1, Decimal.ROUND_DOWN).toFixed(1)}%` // float-ok: Decimal.toFixed
    expect(await pledgeRow.textContent()).toContain(percent)
    expect(errors).toEqual([])
    mkdirSync("test-output", { recursive: true })
    await page.screenshot({ path: "test-output/dashboard.png", fullPage: true })
    await page.close()
  })

  it("a viewer signs in, sees the dashboard, and is refused the audit journal", async () => {
    const { page } = await signIn(app, "viewer")
    await page.locator('[data-target-key="patent-pledge-financing"]').waitFor({ timeout: 15_000 })
    const response = await page.goto(`${app.base}/audit`)
    expect(response?.status()).toBe(403)
    expect(await page.textContent("main")).toContain("仅管理员可查看审计日志")
    await page.goto(`${app.base}/`)
    await Promise.all([page.waitForURL(/\/login$/), page.click(".signout button")])
    await page.close()
  })
})
