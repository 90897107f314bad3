import { mkdirSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { type ServerType, serve } from "@hono/node-server"
import { Decimal, type Kejin, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { createApp, seedDemo } from "@kejin/server"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launchChromium } from "./chromium.js"

describe("dashboard in headless Chromium", () => {
  let database: TestDatabase
  let kejin: Kejin
  let server: ServerType
  let browser: Browser
  let base: string
  let users: Awaited<ReturnType<typeof seedDemo>>["users"]

  beforeAll(async () => {
    database = await createTestDatabase("sqlite")
    kejin = await openKejin({ database: database.url })
    users = (await seedDemo(kejin)).users
    server = serve({ fetch: createApp({ kejin }).fetch, port: 0, hostname: "127.0.0.1" })
    await new Promise<void>((resolve) => server.once("listening", () => resolve()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    await kejin?.close()
    await database?.dispose()
  })

  const signIn = async (login: string) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${base}/`)
    // Not signed in: the dashboard sends people to the sign-in page.
    expect(new URL(page.url()).pathname).toBe("/login")
    await page.fill("#login", login)
    await page.fill("#password", users.find((u) => u.login === login)!.password)
    await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit]")])
    return page
  }

  it("signs in, fills the targets panel through htmx, and shows both figures", async () => {
    const errors: Array<string> = []
    const page = await signIn("bureau")
    page.on("pageerror", (error) => errors.push(error.message))
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text())
    })
    expect(await page.locator(".who").textContent()).toContain("bureau")
    const pledgeRow = page.locator('[data-target-key="patent-pledge-financing"]')
    await pledgeRow.waitFor({ timeout: 15_000 })
    await expect.poll(() => pledgeRow.textContent()).toContain("25.00亿")
    const fundRow = page.locator('[data-target-key="city-fund-scale"]')
    expect(await fundRow.textContent()).toContain("100.00亿")
    const [progress] = await kejin.targets.progress()
    // value / target to one decimal, rounded down (an unmet target never reads 100.0%).
    const ratio = progress!.value.div(progress!.target).times(100)
    const percent = `${ratio.toDecimalPlaces(1, Decimal.ROUND_DOWN).toFixed(1)}%` // float-ok: Decimal.toFixed
    expect(await pledgeRow.textContent()).toContain(percent)
    expect(errors).toEqual([])
    mkdirSync("test-output", { recursive: true })
    await page.screenshot({ path: "test-output/dashboard.png", fullPage: true })
    await page.close()
  })

  it("a viewer signs in, sees the dashboard, and is refused the audit journal", async () => {
    const page = await signIn("viewer")
    await page.locator('[data-target-key="patent-pledge-financing"]').waitFor({ timeout: 15_000 })
    const response = await page.goto(`${base}/audit`)
    expect(response?.status()).toBe(403)
    expect(await page.textContent("main")).toContain("仅管理员可查看审计日志")
    await page.goto(`${base}/`)
    await Promise.all([page.waitForURL(/\/login$/), page.click(".signout button")])
    await page.close()
  })
})
