import { mkdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

const SAMPLE = fileURLToPath(new URL("../../examples/pledges-sample.csv", import.meta.url))

describe("the bureau imports a spreadsheet of pledges in headless Chromium", () => {
  let app: BrowserApp
  beforeEach(async () => {
    app = await startBrowserApp()
  })
  afterEach(() => app?.close())

  it("uploads the sample from the registrations page, reads the dry run, confirms, and sees the list grow by 3", async () => {
    const { page, errors } = await signIn(app, "bureau", { next: "/pledges" })
    const before = (await app.kejin.pledges.list({ limit: 1 })).total
    expect(await page.locator("[data-range]").textContent()).toBe(`第 1–50 条，共 ${before} 条`)

    // The list page's link to its import.
    await Promise.all([
      page.waitForURL(`${app.base}/imports/pledges`),
      page.click('a[data-import="pledges"]')
    ])
    expect(await page.locator("main h2").textContent()).toContain("导入：登记专利质押融资")
    expect(await page.locator('tr[data-column="amount"] th').textContent()).toBe("金额(元)")

    // Choose the file, change nothing, check.
    await page.setInputFiles("#import-file", SAMPLE)
    await page.click("#import-check")
    const ok = page.locator('#import-result [data-count="ok"]')
    await ok.waitFor({ timeout: 15_000 })
    expect(await ok.textContent()).toBe("3")
    expect(await page.locator('#import-result [data-figure="ok"] dt').textContent()).toBe("通过")
    expect(await page.locator('#import-result [data-count="error"]').textContent()).toBe("0")
    // The columns as detected, each a choice that could be changed.
    expect(await page.inputValue('select[name="map.6"]')).toBe("amount")
    expect(await page.locator("#import-result .import-preview-table tbody tr").count()).toBe(3)
    mkdirSync("test-output", { recursive: true })
    await page.screenshot({ path: "test-output/imports-check.png", fullPage: true })
    // Swapped in by htmx: still on the page.
    expect(page.url()).toBe(`${app.base}/imports/pledges`)
    // The report: the file back with each row's status, a download.
    const [report] = await Promise.all([page.waitForEvent("download"), page.click("#import-report")])
    expect(report.suggestedFilename()).toBe("pledges-sample-导入报告.xlsx")
    // Nothing was written by the check, nor by the report.
    expect((await app.kejin.pledges.list({ limit: 1 })).total).toBe(before)

    // Confirm: the same file (still in the input) and the same choices, imported.
    await page.click("#import-commit")
    const done = page.locator("#import-result .import-done")
    await done.waitFor({ timeout: 15_000 })
    expect(await done.locator(".form-notice").textContent()).toContain("已导入 3 行。")
    expect((await app.kejin.pledges.list({ limit: 1 })).total).toBe(before + 3)
    expect(page.url()).toBe(`${app.base}/imports/pledges`)
    await page.screenshot({ path: "test-output/imports.png", fullPage: true })

    // The list: three more registrations, the imported ones among them.
    await Promise.all([page.waitForURL(`${app.base}/pledges`), page.click("[data-import-list]")])
    expect(await page.locator("[data-range]").textContent()).toBe(`第 1–50 条，共 ${before + 3} 条`)
    await page.goto(`${app.base}/pledges?q=Y20253300005`)
    const rows = await page.locator(".pledges-table tbody tr th").allTextContents()
    expect(rows.sort()).toEqual(["Y2025330000501", "Y2025330000502", "Y2025330000503"])
    expect(errors).toEqual([])
    await page.close()
  })
})
