import { makeUscc } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

describe("the bureau records a linkage loan's repayment and default on its page in headless Chromium", () => {
  let app: BrowserApp
  beforeEach(async () => {
    app = await startBrowserApp()
  })
  afterEach(() => app?.close())

  it("shows every error of the repayment form at once, records it, sees the balance move, then the default and the status", async () => {
    const enterprise = makeUscc("91330302MA4L0AN01")
    const k = app.kejin
    const bank = (await k.registry.addInstitution({ kind: "bank", name: "瓯江还款测试银行" })).id
    await k.registry.addEnterprise({
      uscc: enterprise,
      name: "鹿城还款测试科技有限公司",
      district: "330302",
      industry: "智能装备",
      stage: "start-up",
      techCategory: "key-generic"
    })
    await k.linkage.recordTierTable({
      modelVersion: "browser-sti",
      maxScore: "100",
      tiers: [{ tier: "A", minScore: "60", limit: "5000000.00" }]
    })
    await k.linkage.recordScore({
      enterprise,
      modelVersion: "browser-sti",
      scoredOn: "2025-03-01",
      total: "80",
      dimensions: {}
    })
    // 科创指数贷 of 1,200,000.00 (120万).
    const loan = await k.linkage.recordIndexLoan({
      bank,
      enterprise,
      amount: "1200000.00",
      ratePercent: "3.2",
      disbursedOn: "2025-04-01",
      maturesOn: "2027-04-01"
    })

    const { page, errors } = await signIn(app, "bureau", { expectedStatus: "422" })
    await page.goto(`${app.base}/records/loans/${loan.id}`)
    const shown = (field: string) => page.locator(`.record-fields [data-field="${field}"] dd`).textContent()
    expect(await shown("outstanding")).toBe("120万")
    expect(await shown("status")).toBe("在贷")

    const form = "#record-form-linkage-recordLoanRepayment"
    await page.click(`${form}-box > summary`)
    // A date before the disbursement and a principal above the balance: both refused at their fields at once.
    await page.fill(`${form}-on`, "2025-03-01")
    await page.fill(`${form}-principal`, "130万")
    await page.fill(`${form}-interest`, "9600")
    await page.click(`${form} button[type=submit]`)
    const onError = page.locator(`${form} [data-field="on"] .field-error`)
    await onError.waitFor({ timeout: 15_000 })
    expect(await onError.textContent()).toContain("不得早于贷款的放款日期 2025-04-01")
    const principalError = page.locator(`${form} [data-field="principal"] .field-error`)
    expect(await principalError.textContent()).toContain("余额只有 1,200,000.00 元")
    expect(await page.inputValue(`${form}-interest`)).toBe("9600")

    // 1,200,000.00 − 200,000.00 = 1,000,000.00 (100万).
    await page.fill(`${form}-on`, "2025-07-01")
    await page.fill(`${form}-principal`, "20万")
    await page.click(`${form} button[type=submit]`)
    await page.locator("#record-section > .form-notice").waitFor({ timeout: 15_000 })
    expect(await shown("outstanding")).toBe("100万")
    expect(await shown("repaid")).toBe("20万")
    expect(await page.locator('[data-child="linkage.loanEvents"] .records-table').textContent()).toContain(
      "还款"
    )

    const defaultForm = "#record-form-linkage-recordLoanDefault"
    await page.click(`${defaultForm}-box > summary`)
    await page.fill(`${defaultForm}-on`, "2025-12-01")
    await page.fill(`${defaultForm}-note`, "逾期 90 天")
    await page.click(`${defaultForm} button[type=submit]`)
    await page.locator("#record-section > .form-notice").waitFor({ timeout: 15_000 })
    expect(await shown("status")).toBe("违约")
    expect(await shown("defaultedOn")).toBe("2025-12-01")

    // The reversal names what must be reversed first.
    await page.click("#record-reverse-box > summary")
    expect(await page.locator('#record-reverse [data-dependent="还款与违约"]').textContent()).toContain("2")

    // The list shows the status and filters by it.
    await page.goto(`${app.base}/records/loans?status=defaulted`)
    expect(await page.locator(".records-table").textContent()).toContain("违约")
    expect(await page.locator(`.records-table [data-record="${loan.id}"]`).count()).toBe(1)
    expect(await page.locator("#filter-status").inputValue()).toBe("defaulted")
    expect(errors).toEqual([])
    await page.close()
  })
})
