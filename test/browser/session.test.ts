import { makeUscc } from "@kejin/core"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

/** Ends the page's session in the store, as an expiry would (the cookie stays in the browser). */
const expireSession = async (app: BrowserApp, page: Page) => {
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("kejin_session"))
  expect(cookie, "the session cookie").toBeDefined()
  await app.kejin.accounts.logout(cookie!.value)
}

/** Asks every panel to refresh now (what a write's `HX-Trigger: kejin-changed` does), and waits for one answer. */
const refreshPanels = async (page: Page, status: number) => {
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/panels/") && r.status() === status),
    page.evaluate(() => {
      const { document, CustomEvent } = globalThis as unknown as {
        document: { dispatchEvent(event: unknown): void }
        CustomEvent: new (name: string) => unknown
      }
      document.dispatchEvent(new CustomEvent("kejin-changed"))
    })
  ])
}

const bondsCoded = async (app: BrowserApp, code: string) =>
  (await app.kejin.linkage.bonds()).filter((bond) => bond.code === code).length

const settle = async (page: Page) =>
  expect.poll(() => page.locator(".panel-loading").count(), { timeout: 20_000 }).toBe(0)

describe("an expired session never destroys what is on screen or typed (headless Chromium)", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(() => app?.close())

  it("panels keep their last figures with a notice and a link to sign in again", async () => {
    const { page, errors } = await signIn(app, "bureau")
    await settle(page)
    const panel = page.locator('[data-panel="targets/progress"] .panel-body')
    const before = await panel.innerHTML()
    expect(before).toContain("data-target-key")
    expect(await page.locator("#session-expired").isVisible()).toBe(false)

    await expireSession(app, page)
    await refreshPanels(page, 401)
    await page.locator("#session-expired").waitFor({ state: "visible", timeout: 15_000 })
    expect(await panel.innerHTML()).toBe(before)
    expect(await page.locator("#session-expired").textContent()).toContain("登录已过期")
    const href = await page.locator("#session-expired a[data-sign-in]").getAttribute("href")
    expect(href).toBe("/login?next=%2F&expired=1")
    // The browser logs each refused panel as a failed resource; nothing else went wrong.
    expect(errors.filter((e) => !e.includes("401"))).toEqual([])
    await page.close()
  })

  it("a form sent after expiry keeps its values; after signing in again the person is back at the filled form, and sends it", async () => {
    const issuer = makeUscc("91330302MA4CALM01")
    await app.kejin.registry.addEnterprise({
      uscc: issuer,
      name: "鹿城会话测试科技有限公司",
      district: "330302",
      industry: "智能装备",
      stage: "start-up",
      techCategory: "key-generic"
    })
    const { page, errors } = await signIn(app, "bureau", { next: "/records/bonds" })
    const field = (name: string) => `#record-form-linkage-recordBond-${name}`
    await page.click("#record-form-linkage-recordBond-box > summary")
    const typed: Record<string, string> = {
      code: "102588888",
      issuerEnterprise: issuer,
      amount: "3亿",
      issuedOn: "2026-04-20",
      tenorMonths: "36",
      couponPercent: "2.15%",
      useOfProceeds: "注资会话测试基金"
    }
    for (const [name, value] of Object.entries(typed)) await page.fill(field(name), value)

    await expireSession(app, page)
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 401),
      page.click("#record-form-linkage-recordBond button[type=submit]")
    ])
    await page.locator("#session-expired").waitFor({ state: "visible", timeout: 15_000 })
    // Nothing was recorded, and nothing on screen was lost.
    expect(await bondsCoded(app, "102588888")).toBe(0)
    for (const [name, value] of Object.entries(typed)) expect(await page.inputValue(field(name))).toBe(value)

    // Sign in again through the notice's link: back at the same page, the form open and filled, not sent.
    await Promise.all([
      page.waitForURL(/\/login\?next=%2Frecords%2Fbonds&expired=1$/),
      page.click("#session-expired a[data-sign-in]")
    ])
    expect(await page.locator("[data-expired]").textContent()).toContain("登录已过期")
    await page.fill("#login", "bureau")
    await page.fill("#password", app.users.find((u) => u.login === "bureau")!.password)
    await Promise.all([page.waitForURL(`${app.base}/records/bonds`), page.click("button[type=submit]")])
    await page.locator("#record-form-linkage-recordBond .form-restored").waitFor({ timeout: 15_000 })
    expect(await page.locator("#record-form-linkage-recordBond-box").getAttribute("open")).not.toBeNull()
    for (const [name, value] of Object.entries(typed)) expect(await page.inputValue(field(name))).toBe(value)
    expect(await bondsCoded(app, "102588888")).toBe(0)

    // The person checks and sends it: recorded once.
    await page.click("#record-form-linkage-recordBond button[type=submit]")
    await page.locator("#records-section > .form-notice").waitFor({ timeout: 15_000 })
    expect(await page.locator(".records-table").textContent()).toContain("102588888")
    expect(await bondsCoded(app, "102588888")).toBe(1)
    // Kept values are used once: the page opened again shows an empty form.
    await page.goto(`${app.base}/records/bonds`)
    expect(await page.locator(".form-restored").count()).toBe(0)
    expect(errors.filter((e) => !e.includes("401"))).toEqual([])
    await page.close()
  })
})

describe("the 60-second refresh is calm (headless Chromium)", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(() => app?.close())

  it("an open data table stays open, a half-filled field keeps its text, a rendered panel is not fetched at once", async () => {
    const { page, errors } = await signIn(app, "bureau")
    await settle(page)
    const chart = page.locator(".panel-body details.chart-data").first()
    await chart.locator("summary").click()
    expect(await chart.getAttribute("open")).not.toBeNull()
    const panelBody = page.locator(".panel-body", { has: page.locator("details.chart-data") }).first()
    const panelId = await panelBody.evaluate(
      (el) => (el as unknown as { parentElement: { id: string } }).parentElement.id
    )

    await refreshPanels(page, 200)
    // Every panel answered and was swapped; the data table that was open is open again.
    await page.waitForTimeout(300)
    expect(await page.locator(`#${panelId} details.chart-data`).first().getAttribute("open")).not.toBeNull()

    // A field someone is filling in inside a panel survives a refresh.
    await page.evaluate((id) => {
      const { document } = globalThis as unknown as {
        document: {
          getElementById(id: string): { querySelector(s: string): { append(e: unknown): void } }
          createElement(t: string): { id: string; value: string; focus(): void }
        }
      }
      const input = document.createElement("input")
      input.id = "half-filled"
      document.getElementById(id).querySelector(".panel-body").append(input)
    }, panelId)
    await page.fill("#half-filled", "写了一半")
    await refreshPanels(page, 200)
    await page.waitForTimeout(300)
    expect(await page.inputValue("#half-filled")).toBe("写了一半")

    // A panel body that arrives rendered is not fetched on load, only at its next refresh.
    const asked: Array<string> = []
    page.on("request", (r) => {
      if (r.url().includes("/panels/rendered/")) asked.push(r.url())
    })
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: {
          querySelector(s: string): { insertAdjacentHTML(where: string, html: string): void }
          getElementById(id: string): unknown
        }
        htmx: { process(elt: unknown): void }
      }
      g.document
        .querySelector("main")
        .insertAdjacentHTML(
          "beforeend",
          '<section class="panel"><div id="rendered-body" class="panel-body" hx-get="/panels/rendered/here" hx-trigger="load, every 60s"><p>已渲染</p></div></section>'
        )
      g.htmx.process(g.document.getElementById("rendered-body"))
    })
    await page.waitForTimeout(500)
    expect(asked).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })
})
