import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

// In headless Chromium over the demo: a card's drill-down (违约贷款 n → the n loans in default), a chart
// bar's drill-down (a district's bar → the registrations of that district, also from the data table under
// the chart), and the notifications panel (its count, an alert → its record; not shown to a viewer).

describe("drill-down and notifications in headless Chromium", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(() => app?.close())

  it("clicks the 违约贷款 card and lists the same number of loans in default", async () => {
    const { page, errors } = await signIn(app, "viewer")
    const card = page.locator('[data-panel="patent-pledge/progress"] [data-figure="defaulted"] a[data-drill]')
    await card.waitFor({ timeout: 20_000 })
    const count = Number((await card.textContent())?.trim())
    expect(count).toBeGreaterThan(0)
    await Promise.all([page.waitForURL(/\/loans\?status=default/), card.click()])
    expect(await page.locator("[data-list-total]").getAttribute("data-list-total")).toBe(String(count))
    const rows = page.locator('table[data-loans="default"] tbody tr')
    expect(await rows.count()).toBe(count)
    // Each loan links to its registration's page.
    await Promise.all([page.waitForURL(/\/pledges\/\d+$/), rows.first().locator("th a").click()])
    expect(errors).toEqual([])
    await page.close()
  })

  it("clicks a district's bar in the chart, and a row of the data table under it, to reach its registrations", async () => {
    const { page, errors } = await signIn(app, "viewer")
    const panel = page.locator('[data-panel="patent-pledge/by-district"]')
    const bar = panel.locator("svg a.chart-link").first()
    await bar.waitFor({ timeout: 20_000 })
    const href = await bar.getAttribute("href")
    expect(href).toMatch(/^\/pledges\?.*district=\d{6}.*counting=true/)
    const district = new URL(href!, app.base).searchParams.get("district")
    // A click on the bar itself (its path inside the SVG link).
    await Promise.all([page.waitForURL(/\/pledges\?/), bar.locator("path").first().click({ force: true })])
    expect(new URL(page.url()).searchParams.get("district")).toBe(district)
    expect(await page.locator("#filter-district").inputValue()).toBe(district)
    await page.locator("[data-list-total]").waitFor()
    // The data-table fallback: the same list from the row head under the chart.
    await page.goBack()
    await panel.locator(".chart-data summary").first().click()
    const row = panel.locator(`.chart-data th[scope="row"] a[href="${href}"]`)
    await Promise.all([page.waitForURL(/\/pledges\?/), row.click()])
    expect(new URL(page.url()).searchParams.get("district")).toBe(district)
    expect(errors).toEqual([])
    await page.close()
  })

  it("shows the bureau its notifications with a count, each linking to its record; a viewer none", async () => {
    const { page, errors } = await signIn(app, "bureau")
    const panel = page.locator('[data-panel="alerts/notifications"]')
    const badge = panel.locator("[data-alert-count]")
    await badge.waitFor({ timeout: 20_000 })
    const count = Number(await badge.getAttribute("data-alert-count"))
    expect(count).toBeGreaterThan(0)
    expect(Number((await badge.textContent())?.trim())).toBe(count)
    // The counts by kind add up to the badge.
    const kinds = await panel.locator("[data-alert-kind] a").allTextContents()
    expect(kinds).toHaveLength(4)
    expect(kinds.reduce((sum, text) => sum + Number(/(\d+)$/.exec(text.trim())?.[1]), 0)).toBe(count)
    // The loans in default: from the panel's kind link to the list, and from there to a loan's registration.
    await Promise.all([
      page.waitForURL(/\/alerts\?kind=loan-default/),
      panel.locator('[data-alert-kind="loan-default"] a').click()
    ])
    const rows = page.locator(".alerts-table tbody tr")
    expect(await rows.count()).toBeGreaterThan(0)
    await Promise.all([page.waitForURL(/\/pledges\/\d+$/), rows.first().locator("th a").click()])
    expect(errors).toEqual([])
    await page.close()

    const viewer = await signIn(app, "viewer")
    await viewer.page.locator('[data-panel="patent-pledge/progress"]').waitFor({ timeout: 20_000 })
    expect(await viewer.page.locator('[data-panel="alerts/notifications"]').count()).toBe(0)
    expect(await viewer.page.locator('a[href="/alerts"]').count()).toBe(0)
    await viewer.page.close()
  })
})
