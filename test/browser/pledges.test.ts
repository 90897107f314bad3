import { mkdirSync } from "node:fs"
import { addMonths, Decimal, makePatentNumber, makeUscc } from "@kejin/core"
import { todayInShanghai } from "@kejin/core/internal"
import type { Page } from "playwright-core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

describe("the bureau registers a patent pledge in headless Chromium", () => {
  let app: BrowserApp
  // A demo app of its own for each test: the first records a registration.
  beforeEach(async () => {
    app = await startBrowserApp()
  })
  afterEach(() => app?.close())

  /** The progress bar of the patent pledge panel, once htmx has loaded it: exact amount, ratio, bar value. */
  const readBar = async (page: Page) => {
    const bar = page.locator('[data-progress="patent-pledge"]')
    await bar.waitFor({ timeout: 15_000 })
    return {
      amount: new Decimal((await bar.getAttribute("data-amount"))!),
      ratio: new Decimal((await bar.getAttribute("data-ratio"))!),
      value: await bar.evaluate((element) => (element as unknown as { value: number }).value)
    }
  }

  it("reads the progress bar, registers a pledge dated today on /pledges, and sees the bar move by its amount", async () => {
    const { page, errors } = await signIn(app, "bureau", { expectedStatus: "422" })
    const before = await readBar(page)
    const [target] = (await app.kejin.targets.progress()).filter((p) => p.key === "patent-pledge-financing")
    expect(before.amount.equals(target!.value)).toBe(true)
    expect(before.ratio.lessThan(1)).toBe(true)

    // To the registrations page through the header link.
    await Promise.all([page.waitForURL(`${app.base}/pledges`), page.click('.site-nav a[href="/pledges"]')])
    const total = (await app.kejin.pledges.list({ limit: 1 })).total
    expect(await page.locator("[data-range]").textContent()).toBe(`第 1–50 条，共 ${total} 条`)
    expect(await page.locator(".pledges-table tbody tr").count()).toBe(50)

    const today = await app.kejin.run(todayInShanghai)
    const registrationNo = `Y${today.slice(0, 4)}3309900001`
    const uscc = makeUscc("91330302MA2C9D8E7")
    const patent = `ZL${makePatentNumber(`${today.slice(0, 4)}10999001`)}`
    await page.click("#box-pledge-register > summary")
    expect(await page.inputValue("#pledge-register-registeredOn")).toBe(today)
    await page.fill("#pledge-register-registrationNo", registrationNo)
    await page.fill("#pledge-register-pledgor-uscc", `${uscc.slice(0, 17)}0`)
    await page.fill("#pledge-register-pledgor-name", "温州鹿城测试光电科技有限公司")
    await page.selectOption("#pledge-register-pledgor-district", "330302")
    await page.fill("#pledge-register-pledgee-name", "温州银行")
    await page.fill("#pledge-register-patents", patent)
    await page.fill("#pledge-register-amount", "5000万")
    // First with a credit code whose check character is wrong: the core's error comes back next to it, in Chinese.
    await page.click("#pledge-register button[type=submit]")
    const usccError = page.locator('#pledge-register [data-field="pledgor.uscc"] .field-error')
    await usccError.waitFor({ timeout: 15_000 })
    expect(await usccError.textContent()).toContain("不是有效的统一社会信用代码")
    expect(await page.inputValue("#pledge-register-amount")).toBe("5000万")
    expect(await page.inputValue("#pledge-register-patents")).toBe(patent)

    await page.fill("#pledge-register-pledgor-uscc", uscc)
    await page.click("#pledge-register button[type=submit]")
    const notice = page.locator("#pledges-section > .form-notice")
    await notice.waitFor({ timeout: 15_000 })
    expect(await notice.textContent()).toContain(`已登记 ${registrationNo}（50,000,000.00 元）`)
    expect(await page.locator("[data-range]").textContent()).toBe(`第 1–50 条，共 ${total + 1} 条`)
    // Newest first: today's registration heads the list.
    expect(await page.locator(".pledges-table tbody tr").first().textContent()).toContain(registrationNo)
    mkdirSync("test-output", { recursive: true })
    await page.screenshot({ path: "test-output/pledges.png", fullPage: true })

    // Its own page, from the notice.
    await Promise.all([page.waitForURL(/\/pledges\/\d+$/), page.click("#pledges-section > .form-notice a")])
    expect(await page.locator(".fund-name").textContent()).toContain(registrationNo)
    expect(await page.locator('[data-flag="first-pledge"]').count()).toBe(1)
    // Draw a loan under it through the lifecycle form: the section is swapped in place.
    await page.click("#box-draw > summary")
    await page.fill("#action-draw-amount", "1000万")
    await page.fill("#action-draw-rate", "3.65")
    await page.fill("#action-draw-maturesOn", addMonths(today, 12))
    await page.click("#action-draw button[type=submit]")
    await page.locator("#pledge-detail .loans-table").waitFor({ timeout: 15_000 })
    expect(await page.locator('#pledge-detail [data-figure="outstanding"] dd').textContent()).toBe("1,000万")
    expect(await page.locator("#pledge-detail .loans-table tbody tr").textContent()).toContain("3.65%")
    await page.screenshot({ path: "test-output/pledge-registration.png", fullPage: true })

    // Back on the dashboard the bar has moved by exactly the amount recorded.
    await page.goto(`${app.base}/`)
    const after = await readBar(page)
    expect(after.amount.minus(before.amount).toFixed(2)).toBe("50000000.00") // float-ok: Decimal, exact
    // 50,000,000.00 of 2,500,000,000.00 is two points of the bar.
    expect(after.ratio.minus(before.ratio).toFixed(6)).toBe("0.020000") // float-ok: Decimal, exact
    // The bar (percent to two places, stopping at 100) moves by the same two points.
    expect(after.value).toBeCloseTo(Math.min(100, before.value + 2), 6)
    expect(after.value).toBeGreaterThan(before.value)
    await page
      .locator('[data-panel="patent-pledge/by-district"] table.pledge-breakdown')
      .waitFor({ timeout: 15_000 })
    await page
      .locator('[data-panel="patent-pledge/by-bank"] table.pledge-breakdown')
      .waitFor({ timeout: 15_000 })
    expect(errors).toEqual([])
    await page.screenshot({ path: "test-output/pledges-dashboard.png", fullPage: true })
    await page.close()
  })

  it("a viewer sees the registrations but no form, and is refused a post", async () => {
    const { page, errors } = await signIn(app, "viewer", { expectedStatus: "422" })
    await readBar(page)
    await page.goto(`${app.base}/pledges`)
    await page.locator(".pledges-table").waitFor()
    expect(await page.locator("#pledge-register").count()).toBe(0)
    // With the session's own CSRF token, so that it is the role that is refused.
    const csrf = await page.locator('.signout input[name="_csrf"]').inputValue()
    const status = await page.evaluate(async (token) => {
      const response = await fetch("/api/v1/pledges", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: token, registrationNo: "Y2026330990002" }).toString()
      })
      return response.status
    }, csrf)
    expect(status).toBe(403)
    expect(errors.filter((e) => !e.includes("403"))).toEqual([])
    await page.close()
  })
})
