import { makeUscc } from "@kejin/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, startBrowserApp } from "./app.js"

// Without JavaScript: a form sent after the session ended keeps its values (on the server, a quarter of
// an hour, never a password); the person signs in again, is back at the page with the form filled in and
// open, not sent, and sends it with the new session's CSRF token.

describe("an expired session with a plain form post (JavaScript disabled, headless Chromium)", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(() => app?.close())

  const bondsCoded = async (code: string) =>
    (await app.kejin.linkage.bonds()).filter((bond) => bond.code === code).length

  it("keeps what was typed through the sign-in, shows it filled in, and records it once it is sent", async () => {
    const issuer = makeUscc("91330302MA4NJ0501")
    await app.kejin.registry.addEnterprise({
      uscc: issuer,
      name: "鹿城无脚本科技有限公司",
      district: "330302",
      industry: "智能装备",
      stage: "start-up",
      techCategory: "key-generic"
    })
    const context = await app.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 }
    })
    const page = await context.newPage()
    const password = app.users.find((u) => u.login === "bureau")!.password
    const signIn = async () => {
      await page.fill("#login", "bureau")
      await page.fill("#password", password)
      await Promise.all([page.waitForURL(`${app.base}/records/bonds`), page.click("button[type=submit]")])
    }
    await page.goto(`${app.base}/login?next=/records/bonds`)
    await signIn()

    const field = (name: string) => `#record-form-linkage-recordBond-${name}`
    await page.click("#record-form-linkage-recordBond-box > summary")
    const typed: Record<string, string> = {
      code: "102587777",
      issuerEnterprise: issuer,
      amount: "2亿",
      issuedOn: "2026-04-21",
      tenorMonths: "24",
      couponPercent: "2.05%",
      useOfProceeds: "注资无脚本测试基金"
    }
    for (const [name, value] of Object.entries(typed)) await page.fill(field(name), value)

    // The session ends in the store (an expiry); the cookie stays in the browser.
    const cookie = (await context.cookies()).find((c) => c.name.endsWith("kejin_session"))
    await app.kejin.accounts.logout(cookie!.value)
    await Promise.all([
      page.waitForURL(/\/login\?next=%2Frecords%2Fbonds&expired=1$/),
      page.click("#record-form-linkage-recordBond button[type=submit]")
    ])
    expect(await bondsCoded("102587777")).toBe(0)
    expect(await page.locator("[data-expired]").textContent()).toContain("登录已过期")
    // What was typed is not in the address, and the browser holds only an id for it.
    expect(page.url()).not.toContain("102587777")
    const kept = (await context.cookies()).find((c) => c.name === "kejin_kept_form")
    expect(kept?.httpOnly).toBe(true)
    expect(kept?.value).not.toContain("102587777")

    await signIn()
    await page.locator("#record-form-linkage-recordBond .form-restored").waitFor({ timeout: 15_000 })
    expect(await page.locator("#record-form-linkage-recordBond-box").getAttribute("open")).not.toBeNull()
    for (const [name, value] of Object.entries(typed)) expect(await page.inputValue(field(name))).toBe(value)
    expect(await bondsCoded("102587777")).toBe(0)

    // The person checks it and sends it (the page's CSRF token is the new session's): recorded once.
    await Promise.all([
      page.waitForURL(`${app.base}/records/bonds`),
      page.click("#record-form-linkage-recordBond button[type=submit]")
    ])
    expect(await bondsCoded("102587777")).toBe(1)
    // Used once: the page opened again shows an empty form.
    await page.goto(`${app.base}/records/bonds`)
    expect(await page.locator(".form-restored").count()).toBe(0)
    expect(await page.inputValue(field("code"))).toBe("")
    await context.close()
  })
})
