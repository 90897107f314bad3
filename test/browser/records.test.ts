import { makeUscc } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

describe("the bureau records a bond through its derived form in headless Chromium", () => {
  let app: BrowserApp
  beforeEach(async () => {
    app = await startBrowserApp()
  })
  afterEach(() => app?.close())

  it("records a bond, sees it in the list with the total moved, opens its page, reverses it with the keyboard-closable confirmation and records the corrected one", async () => {
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
    // The confirmation opens from the keyboard, says what it takes out, and closes with Escape or Cancel.
    await page.focus("#record-reverse-box > summary")
    await page.keyboard.press("Enter")
    expect(await page.locator("#record-reverse-box").getAttribute("open")).not.toBeNull()
    expect(await page.locator("#record-reverse [data-consequences]").textContent()).toContain("只冲销本记录")
    await page.keyboard.press("Tab")
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id
      )
    ).toBe("record-reverse-reason")
    await page.keyboard.press("Escape")
    expect(await page.locator("#record-reverse-box").getAttribute("open")).toBeNull()
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { tagName: string } } }).document
            .activeElement.tagName
      )
    ).toBe("SUMMARY")
    await page.keyboard.press("Enter")
    await page.click("#record-reverse button[data-close-details]")
    expect(await page.locator("#record-reverse-box").getAttribute("open")).toBeNull()

    await page.click("#record-reverse-box > summary")
    await page.fill("#record-reverse-reason", "登记有误")
    await page.check("#record-reverse-confirm")
    await page.click("#record-reverse button[type=submit]")
    await page.locator("[data-reversed]").waitFor({ timeout: 15_000 })
    expect(await page.locator("#record-reverse").count()).toBe(0)
    // Who reversed it, when (Beijing time) and why; and the form that recorded it, filled in.
    expect(await page.locator('[data-history-entry="reversed"]').textContent()).toMatch(
      /\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）由 bureau 冲销，原因：登记有误/
    )
    expect(await page.locator("[data-correction] details").getAttribute("open")).not.toBeNull()
    expect(await page.inputValue(field("code"))).toBe("102589999")
    expect(await page.inputValue(field("issuerEnterprise"))).toBe(issuer)
    expect(await page.inputValue(field("tenorMonths"))).toBe("36")
    // The corrected one: another code, recorded from there.
    await page.fill(field("code"), "102589998")
    await page.click("#record-form-linkage-recordBond button[type=submit]")
    await page.locator("#records-section > .form-notice").waitFor({ timeout: 15_000 })
    const bonds = await app.kejin.linkage.bonds()
    expect(bonds.filter((b) => b.code === "102589998" && b.reversedBy === null)).toHaveLength(1)

    // The reversed one left the live list; the corrected one is in it.
    await page.goto(`${app.base}/records/bonds?includeReversed=false`)
    expect(await page.locator("[data-total]").getAttribute("data-total")).toBe(String(before + 1))
    expect(errors).toEqual([])
    await page.close()
  })
})

describe("the bureau records an index score through its derived form in headless Chromium", () => {
  let app: BrowserApp
  beforeEach(async () => {
    app = await startBrowserApp()
  })
  afterEach(() => app?.close())

  it("records a score of the demo's model from the form's four fields, and sees it listed", async () => {
    const scored = makeUscc("91330302MA4KC0RA2")
    await app.kejin.registry.addEnterprise({
      uscc: scored,
      name: "鹿城评分测试科技有限公司",
      district: "330302",
      industry: "智能装备",
      stage: "start-up",
      techCategory: "key-generic"
    })
    const { page, errors } = await signIn(app, "bureau", { next: "/records/scores" })
    const before = Number(await page.locator("[data-total]").getAttribute("data-total"))
    await page.click("#record-form-linkage-recordScore-box > summary")
    const field = (name: string) => `#record-form-linkage-recordScore-${name}`
    await page.fill(field("enterprise"), scored)
    await page.fill(field("modelVersion"), "wz-sti-v2")
    await page.fill(field("scoredOn"), "2026-03-02")
    await page.fill(field("total"), "91.5")
    await page.click("#record-form-linkage-recordScore button[type=submit]")
    // Recorded: no field the form does not show (the dimensions) stands in the way.
    await page.locator("#records-section > .form-notice").waitFor({ timeout: 15_000 })
    expect(await page.locator("#record-form-linkage-recordScore .form-errors").count()).toBe(0)
    expect(await page.locator("[data-total]").getAttribute("data-total")).toBe(String(before + 1))
    expect(await page.locator(".records-table").textContent()).toContain(scored)
    expect(errors).toEqual([])
    await page.close()
  }, 120_000)
})

describe("the bureau records a tier table through its form in headless Chromium", () => {
  let app: BrowserApp
  beforeEach(async () => {
    app = await startBrowserApp()
  })
  afterEach(() => app?.close())

  it("types the tiers a line each: a bad line is named, then the table is recorded and listed", async () => {
    const { page, errors } = await signIn(app, "bureau", {
      next: "/records/tier-tables",
      expectedStatus: "422"
    })
    const before = Number(await page.locator("[data-total]").getAttribute("data-total"))
    await page.click("#record-form-linkage-recordTierTable-box > summary")
    const field = (name: string) => `#record-form-linkage-recordTierTable-${name}`
    await page.fill(field("modelVersion"), "wz-form-v9")
    await page.fill(field("maxScore"), "100")
    // The second line's credit limit is no amount, the third line lacks its limit.
    await page.fill(field("tiers"), "A 80 500万\nB 60 lots\nC 40")
    await page.click("#record-form-linkage-recordTierTable button[type=submit]")
    const tiersError = page.locator('#record-form-linkage-recordTierTable [data-field="tiers"] .field-error')
    await tiersError.waitFor({ timeout: 15_000 })
    const said = (await tiersError.textContent()) ?? ""
    expect(said).toContain("第 2 行 授信额度(元)")
    expect(said).toContain("第 3 行：应有 3 项")
    expect(await page.locator("[data-total]").getAttribute("data-total")).toBe(String(before))
    await page.fill(field("tiers"), "A 80 500万\nB 60 3,000,000\nC 40 100万")
    await page.click("#record-form-linkage-recordTierTable button[type=submit]")
    await page.locator("#records-section > .form-notice").waitFor({ timeout: 15_000 })
    expect(await page.locator("#record-form-linkage-recordTierTable .form-errors").count()).toBe(0)
    expect(await page.locator("[data-total]").getAttribute("data-total")).toBe(String(before + 1))
    expect(await page.locator(".records-table").textContent()).toContain("wz-form-v9")
    // Lowest tier first, each with its limit read as the form's money (万 and separators).
    const table = (await app.kejin.linkage.tierTables()).find((t) => t.modelVersion === "wz-form-v9")
    expect(table?.tiers.map((t) => [t.tier, t.from.toString(), t.limit.toFixed(2)])).toEqual([
      ["C", "40", "1000000.00"],
      ["B", "60", "3000000.00"],
      ["A", "80", "5000000.00"]
    ])
    expect(errors).toEqual([])
    await page.close()
  }, 120_000)
})
