import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

// Drill-down in headless Chromium from a city-fund card and from a target's value on the dashboard to the
// list of the records behind them: the list is filtered as the link says and its total is the figure.

describe("drill-down from a city-fund card and a target figure in headless Chromium", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
    // Targets that follow the 普惠 and 首次质押 figures, set as the bureau would.
    const bureau = { id: "drill-test", role: "bureau" } as const
    await app.kejin.targets.create(
      {
        key: "drill-inclusive",
        label: "普惠专利质押融资",
        labelEn: "Inclusive pledge financing",
        unit: "yuan",
        target: "1000000000.00",
        metric: "pledge-inclusive-amount"
      },
      { actor: bureau }
    )
    await app.kejin.targets.create(
      {
        key: "drill-first",
        label: "首次质押融资",
        labelEn: "First-pledge financing",
        unit: "yuan",
        target: "1000000000.00",
        metric: "pledge-first-amount"
      },
      { actor: bureau }
    )
  }, 120_000)
  afterAll(() => app?.close())

  /** The list's total: its count and its exact amount (a money span's title). */
  const listTotal = async (page: Page) => {
    const total = page.locator("[data-list-total]")
    await total.waitFor({ timeout: 15_000 })
    return {
      amount: await total.locator(".money").first().getAttribute("title"),
      text: ((await total.textContent()) ?? "").trim()
    }
  }

  it("clicks the city fund's committed scale and sees its commitments, with the same exact total", async () => {
    const { page, errors } = await signIn(app, "viewer")
    const link = page.locator('[data-panel="city-fund/scale"] a[data-drill="commitment"]')
    await link.waitFor({ timeout: 15_000 })
    const figure = await link.locator(".money").getAttribute("title")
    expect(figure).toMatch(/^[0-9,]+\.\d\d$/)
    await Promise.all([page.waitForURL(/\/funds\/[^/]+\/ledger\?/), link.click()])
    const url = new URL(page.url())
    expect(url.searchParams.get("kind")).toBe("commitment")
    expect(url.searchParams.get("includeReversed")).toBe("false")
    expect((await listTotal(page)).amount).toBe(figure)
    // The filter form says what is shown; every row listed is a commitment.
    expect(await page.locator("#filter-kind").inputValue()).toBe("commitment")
    const kinds = await page
      .locator(".ledger-list tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")))
    expect(kinds.length).toBeGreaterThan(0)
    expect(new Set(kinds)).toEqual(new Set(["commitment"]))
    expect(errors).toEqual([])
    await page.close()
  })

  it("clicks a technology row of the city fund's direct investments and sees its tranches, same count and sum", async () => {
    const { page, errors } = await signIn(app, "viewer")
    const link = page
      .locator('[data-panel="city-fund/direct"] .direct-table a[data-drill^="tech-"]:has(.money)')
      .first()
    await link.waitFor({ timeout: 15_000 })
    const figure = await link.locator(".money").getAttribute("title")
    const row = link.locator("xpath=ancestor::tr")
    const tranches = ((await row.locator('[data-col="tranches"]').textContent()) ?? "").trim()
    const category = await row.getAttribute("data-tech")
    await Promise.all([page.waitForURL(/\/funds\/[^/]+\/ledger\?/), link.click()])
    const url = new URL(page.url())
    expect([url.searchParams.get("techCategory"), url.searchParams.get("mode")]).toEqual([category, "direct"])
    const total = await listTotal(page)
    expect(total.amount).toBe(figure)
    expect(await page.locator("[data-list-total]").getAttribute("data-total")).toBe(tranches)
    // The filter form shows the category and the mode the list is filtered by.
    expect(await page.locator("#filter-techCategory").inputValue()).toBe(category)
    expect(await page.locator("#filter-mode").inputValue()).toBe("direct")
    expect(errors).toEqual([])
    await page.close()
  })

  for (const [name, param, value] of [
    ["普惠", "inclusive", "10000000.00"],
    ["首次质押", "firstPledge", "true"]
  ] as const) {
    it(`clicks the ${name} target's value and sees the registrations it adds up, with the same exact total`, async () => {
      const { page, errors } = await signIn(app, "bureau")
      const link = page.locator(
        `[data-panel="targets/progress"] a[data-drill="target-value"][href*="${param}="]`
      )
      await link.waitFor({ timeout: 15_000 })
      const figure = await link.locator(".money").getAttribute("title")
      expect(figure).toMatch(/^[0-9,]+\.\d\d$/)
      await Promise.all([page.waitForURL(/\/pledges\?/), link.click()])
      const url = new URL(page.url())
      expect([url.searchParams.get(param), url.searchParams.get("counting")]).toEqual([value, "true"])
      expect((await listTotal(page)).amount).toBe(figure)
      // The form keeps the filter: submitting it again lists the same registrations.
      expect(await page.locator(`#filter-${param}`).inputValue()).toBe(value)
      expect(errors).toEqual([])
      await page.close()
    })
  }

  it("clicks a target's actual value and sees the records it adds up, with the same exact total", async () => {
    const { page, errors } = await signIn(app, "bureau")
    const link = page.locator('[data-panel="targets/progress"] a[data-drill="target-value"]').first()
    await link.waitFor({ timeout: 15_000 })
    const figure = await link.locator(".money").getAttribute("title")
    expect(figure).toMatch(/^[0-9,]+\.\d\d$/)
    const href = (await link.getAttribute("href"))!
    await Promise.all([page.waitForURL((u) => u.pathname === new URL(href, app.base).pathname), link.click()])
    const url = new URL(page.url())
    expect(url.searchParams.get("from")).toMatch(/^\d{4}-01-01$/)
    expect((await listTotal(page)).amount).toBe(figure)
    expect(errors).toEqual([])
    await page.close()
  })
})
