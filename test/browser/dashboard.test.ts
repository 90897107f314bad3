import { mkdirSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { type ServerType, serve } from "@hono/node-server"
import { type Kejin, openKejin } from "@kejin/core"
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

  beforeAll(async () => {
    database = await createTestDatabase("sqlite")
    kejin = await openKejin({ database: database.url })
    await seedDemo(kejin)
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

  it("loads /, fills the targets panel through htmx, and shows both figures", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors: Array<string> = []
    page.on("pageerror", (error) => errors.push(error.message))
    await page.goto(`${base}/`)
    const pledgeRow = page.locator('[data-target-key="patent-pledge-financing"]')
    await pledgeRow.waitFor({ timeout: 15_000 })
    await expect.poll(() => pledgeRow.textContent()).toContain("25.00亿")
    const fundRow = page.locator('[data-target-key="city-fund-scale"]')
    expect(await fundRow.textContent()).toContain("100.00亿")
    const [progress] = await kejin.targets.progress()
    const percent = `${(progress!.progress * 100).toFixed(1)}%`
    expect(await pledgeRow.textContent()).toContain(percent)
    expect(errors).toEqual([])
    mkdirSync("test-output", { recursive: true })
    await page.screenshot({ path: "test-output/dashboard.png", fullPage: true })
    await page.close()
  })
})
