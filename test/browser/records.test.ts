import { makeUscc } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

describe("the bureau records a bond through its derived form in headless Chromium", () => {
  let app: BrowserApp
  beforeEach(async () => {
    app = await startBrowserApp()
  })
  afterEach(() => app?.close())

  it("records a bond, sees it in the list with the total moved, opens its page and reverses it", async () => {
    const issuer = makeUscc("91330302MA4B0ND01")
    await app.kejin.registry.addEnterprise({
      uscc: issuer,
      name: "鹿城债券测试科技有限公司",
      district: "330302",
      industry: "智能装备",
      stage: "start-up",
      techCategory: "key-generic"
    })
    const { page, errors } = await signIn(app, "bureau", { expectedStatus: "422" })

    // From the menu to the kinds, then to the bonds.
    await Promise.all([page.waitForURL(`${app.base}/records`), page.click('.site-nav a[href="/records"]')])
    await Promise.all([page.waitForURL(`${app.base}/records/bonds`), page.click('[data-kind="bonds"] a')])
    const before = Number(await page.locator("[data-total]").getAttribute("data-total"))

    await page.click("#record-form-linkage-recordBond-box > summary")
    const field = (name: string) => `#record-form-linkage-recordBond-${name}`
    await page.fill(field("code"), "102589999")
    await page.fill(field("issuerEnterprise"), issuer)
    await page.fill(field("amount"), "5亿")
    await page.fill(field("issuedOn"), "2026-03-20")
    await page.fill(field("couponPercent"), "2.35%")
    await page.fill(field("useOfProceeds"), "注资市科创基金")
    // The tenor left out: refused at its field, what was typed kept.
    await page.click("#record-form-linkage-recordBond button[type=submit]")
    const tenorError = page.locator('#record-form-linkage-recordBond [data-field="tenorMonths"] .field-error')
    await tenorError.waitFor({ timeout: 15_000 })
    expect(await page.inputValue(field("amount"))).toBe("5亿")

    await page.fill(field("tenorMonths"), "36")
    await page.click("#record-form-linkage-recordBond button[type=submit]")
    const notice = page.locator("#records-section > .form-notice")
    await notice.waitFor({ timeout: 15_000 })
    expect(await page.locator("[data-total]").getAttribute("data-total")).toBe(String(before + 1))
    expect(await page.locator(".records-table").textContent()).toContain("102589999")

    // Its own page, from the notice; then reversed, with confirmation.
    await Promise.all([
      page.waitForURL(/\/records\/bonds\/\d+$/),
      page.click("#records-section > .form-notice a")
    ])
    expect(await page.locator('[data-field="code"] dd').textContent()).toBe("102589999")
    expect(await page.locator('[data-field="amount"] dd').textContent()).toBe("5亿")
    await page.click("#record-reverse-box > summary")
    await page.fill("#record-reverse-reason", "登记有误")
    await page.check("#record-reverse-confirm")
    await page.click("#record-reverse button[type=submit]")
    await page.locator("[data-reversed]").waitFor({ timeout: 15_000 })
    expect(await page.locator("#record-reverse").count()).toBe(0)

    await page.goto(`${app.base}/records/bonds?includeReversed=false`)
    expect(await page.locator("[data-total]").getAttribute("data-total")).toBe(String(before))
    expect(errors).toEqual([])
    await page.close()
  })
})
