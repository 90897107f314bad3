import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
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

  it("maps a bank's own layout by hand in the page, imports it saving the mapping, and the bank's next file is read with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kejin-import-"))
    const header = "编号,企业代码,出质人,区县代码,放款机构名称,专利号,授信额度,日期"
    const march = join(dir, "ruian-2025-03.csv")
    writeFileSync(
      march,
      [
        header,
        "Y2025330000611,91330302MA2A1B3C4T,温州瓯江激光科技有限公司,330302,瑞安农商银行,ZL201710601862.3,1200,2025-03-14",
        "Y2025330000612,91330381MA2D5E6F72,瑞安华联汽车零部件有限公司,330381,瑞安农商银行,ZL201810765432.X,250.5,2025-05-20",
        ""
      ].join("\n")
    )
    const april = join(dir, "ruian-2025-04.csv")
    writeFileSync(
      april,
      [
        header,
        "Y2025330000613,91330382MA2G8H9J1N,乐清正泰电气股份有限公司,330382,瑞安农商银行,201910234567.8,80,2025-09-01",
        ""
      ].join("\n")
    )
    try {
      const { page, errors } = await signIn(app, "bureau", { next: "/imports/pledges" })
      const before = (await app.kejin.pledges.list({ limit: 1 })).total
      const ok = page.locator('#import-result [data-count="ok"]')
      const okCount = () => ok.textContent()
      /** Checks again, and waits for the answer to replace the previous one. */
      const checkAgain = async () => {
        const previous = await page.locator("#import-result .import-check").elementHandle()
        await page.click("#import-check")
        await previous?.waitForElementState("hidden", { timeout: 15_000 })
        await ok.waitFor({ timeout: 15_000 })
      }

      // The bank's file as it comes: five of its columns are not recognised, so no row passes.
      await page.fill("#import-source", "瑞安农商银行")
      await page.setInputFiles("#import-file", march)
      await page.click("#import-check")
      await ok.waitFor({ timeout: 15_000 })
      expect(await okCount()).toBe("0")
      expect(await page.locator('tr[data-unknown="true"]').count()).toBe(5)
      expect(await page.locator("[data-saved-mapping]").getAttribute("data-saved-mapping")).toBe("none")

      // Each column given its field, then checked again: both rows pass.
      await page.selectOption('select[name="map.0"]', "registrationNo")
      await page.selectOption('select[name="map.1"]', "pledgor.uscc")
      await page.selectOption('select[name="map.4"]', "pledgee.name")
      await page.selectOption('select[name="map.6"]', "amount")
      await page.selectOption('select[name="map.7"]', "registeredOn")
      await checkAgain()
      expect(await okCount()).toBe("2")
      // The amounts are in 万元 though the header does not say so; the pledgee is a bank on every row.
      expect(await page.inputValue('select[name="unit.6"]')).toBe("yuan")
      await page.selectOption('select[name="unit.6"]', "wan")
      await page.click(".import-constants summary")
      await page.selectOption('select[name="const.pledgee.kind"]', "bank")
      await checkAgain()
      expect(await page.inputValue('select[name="unit.6"]')).toBe("wan")
      expect(await okCount()).toBe("2")
      expect(await page.inputValue('select[name="const.pledgee.kind"]')).toBe("bank")
      expect((await app.kejin.pledges.list({ limit: 1 })).total).toBe(before)
      mkdirSync("test-output", { recursive: true })
      await page.screenshot({ path: "test-output/imports-mapping.png", fullPage: true })

      // Confirmed with the mapping saved for the bank.
      await page.check('input[name="saveMapping"]')
      await page.click("#import-commit")
      const done = page.locator("#import-result .import-done")
      await done.waitFor({ timeout: 15_000 })
      expect(await done.locator(".form-notice").first().textContent()).toContain("已导入 2 行。")
      expect(await done.locator("[data-mapping-saved]").textContent()).toContain(
        "已保存“瑞安农商银行”的列对应"
      )
      expect((await app.kejin.pledges.list({ limit: 1 })).total).toBe(before + 2)
      const saved = await app.kejin.imports.mapping("pledges", "瑞安农商银行")
      expect(saved?.mapping.units).toEqual({ amount: "wan" })
      const stored = await app.kejin.pledges.list({ limit: 1, registrationNo: "Y2025330000611" })
      expect(stored.items[0]?.amount.toFixed(2)).toBe("12000000.00")

      // The bank's next file: read with the saved mapping at the first check, and imported as it is.
      await page.goto(`${app.base}/imports/pledges`)
      await page.fill("#import-source", "瑞安农商银行")
      await page.setInputFiles("#import-file", april)
      await page.click("#import-check")
      await ok.waitFor({ timeout: 15_000 })
      expect(await okCount()).toBe("1")
      expect(await page.locator("[data-saved-mapping]").getAttribute("data-saved-mapping")).toBe("used")
      expect(await page.inputValue('select[name="map.0"]')).toBe("registrationNo")
      expect(await page.inputValue('select[name="unit.6"]')).toBe("wan")
      await page.click("#import-commit")
      await page.locator("#import-result .import-done").waitFor({ timeout: 15_000 })
      expect((await app.kejin.pledges.list({ limit: 1 })).total).toBe(before + 3)

      // The list: the bank's three registrations.
      await page.goto(`${app.base}/pledges`)
      expect(await page.locator("[data-range]").textContent()).toBe(`第 1–50 条，共 ${before + 3} 条`)
      expect(errors).toEqual([])
      await page.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
