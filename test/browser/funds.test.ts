import { mkdirSync } from "node:fs"
import { makeUscc } from "@kejin/core"
import { demoEnterprises } from "@kejin/core/demo"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type BrowserApp, extraPlugins, signIn, startBrowserApp } from "./app.js"

// Until the city-fund and equity-chain plugins are built-ins of the server, pass them in; once they are,
// passing them again would be a duplicate id, so only the ones the server lacks are passed.
describe("a fund manager records an investment in headless Chromium", () => {
  let app: BrowserApp
  // A demo app of its own for each test: both record investments in wz-angel-1.
  beforeEach(async () => {
    app = await startBrowserApp(extraPlugins)
  })
  afterEach(() => app?.close())

  /** Signs the demo fund manager in straight to wz-angel-1; collects page errors (a deliberate 422 aside). */
  const openAngelFund = async () => {
    const signedIn = await signIn(app, "manager", { next: "/funds/wz-angel-1", expectedStatus: "422" })
    expect(await signedIn.page.locator(".fund-name").textContent()).toContain("瓯江天使创业投资基金")
    return signedIn
  }

  it("opens wz-angel-1, records an investment through the form, and sees the figures change in place", async () => {
    const { page, errors } = await openAngelFund()

    const invested = page.locator('[data-figure="invested"] dd')
    const holdings = page.locator(".holdings-table tbody tr")
    const before = await app.kejin.funds.metrics("wz-angel-1")
    expect(await invested.textContent()).toBe("5,500万")
    expect(await holdings.count()).toBe(4)
    // A marker on the window survives htmx swaps but not a full page load.
    await page.evaluate(() => {
      ;(globalThis as unknown as { kejinMarker: string }).kejinMarker = "same page"
    })

    // An enterprise in the registry the fund has not invested in yet, chosen by its credit code.
    const enterprise = demoEnterprises(60, 2025)[11]!
    await page.click("#box-invest > summary")
    await page.fill("#form-invest-enterprise", enterprise.uscc)
    await page.selectOption("#form-invest-instrument", "equity")
    await page.fill("#form-invest-round", "Pre-A")
    // First without an amount: the form comes back with the core's error next to the field.
    await page.click("#form-invest button[type=submit]")
    const amountError = page.locator('#form-invest [data-field="amount"] .field-error')
    await amountError.waitFor({ timeout: 15_000 })
    expect(await amountError.textContent()).toContain("没有填写金额")
    expect(await page.inputValue("#form-invest-enterprise")).toBe(enterprise.uscc)

    await page.fill("#form-invest-amount", "500万")
    await page.click("#form-invest button[type=submit]")
    await expect.poll(() => invested.textContent(), { timeout: 15_000 }).toBe("6,000万")
    expect(await holdings.count()).toBe(5)
    expect(await page.locator(".holdings-table").textContent()).toContain(enterprise.name)
    expect(await page.locator(".fund-sections > .form-notice").textContent()).toMatch(/已登记投资 #\d+/)
    expect(await page.evaluate(() => (globalThis as unknown as { kejinMarker?: string }).kejinMarker)).toBe(
      "same page"
    )
    const after = await app.kejin.funds.metrics("wz-angel-1")
    expect(after.invested.minus(before.invested).toFixed(2)).toBe("5000000.00")
    expect(errors).toEqual([])

    mkdirSync("test-output", { recursive: true })
    await page.screenshot({ path: "test-output/fund.png", fullPage: true })
    await page.close()
  })

  it("registers an enterprise inline without losing the investment typed, then records it", async () => {
    const { page, errors } = await openAngelFund()
    const holdings = page.locator(".holdings-table tbody tr")
    const count = await holdings.count()
    const uscc = makeUscc("91330381MA2B8C4D5")
    await page.click("#box-invest > summary")
    await page.fill("#form-invest-enterprise", uscc)
    await page.fill("#form-invest-amount", "300万")
    await page.selectOption("#form-invest-instrument", "future-equity")
    await page.click("#form-invest button[type=submit]")
    // Not registered: the register form opens beside the investment, filled in with the credit code.
    const registerUscc = page.locator("#form-enterprise-reg-uscc")
    await registerUscc.waitFor({ state: "visible", timeout: 15_000 })
    expect(await registerUscc.inputValue()).toBe(uscc)
    await page.fill("#form-enterprise-reg-name", "瑞安新锐激光科技有限公司")
    await page.selectOption("#form-enterprise-reg-district", "330381")
    await page.fill("#form-enterprise-reg-industry", "激光科技")
    await page.selectOption("#form-enterprise-reg-stage", "start-up")
    await page.selectOption("#form-enterprise-reg-techCategory", "frontier")
    await page.click("#form-enterprise button[type=submit]")
    await page.locator("#box-invest .form-notice").waitFor({ timeout: 15_000 })
    expect(await page.locator("#box-invest .form-notice").textContent()).toContain("瑞安新锐激光科技有限公司")
    // What was typed into the investment form came along and is still there.
    expect(await page.inputValue("#form-invest-enterprise")).toBe(uscc)
    expect(await page.inputValue("#form-invest-amount")).toBe("300万")
    expect(await page.inputValue("#form-invest-instrument")).toBe("future-equity")
    await page.click("#form-invest button[type=submit]")
    await expect.poll(() => holdings.count(), { timeout: 15_000 }).toBe(count + 1)
    expect(await holdings.last().textContent()).toContain("瑞安新锐激光科技有限公司")
    expect((await app.kejin.registry.enterpriseByUscc(uscc)).district).toBe("330381")
    expect(errors).toEqual([])
    await page.close()
  })
})
