import type { AddressInfo } from "node:net"
import { type ServerType, serve } from "@hono/node-server"
import { type Kejin, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { builtinPlugins, createApp, seedDemo } from "@kejin/server"
import { cityFundPlugin, equityChainPlugin, type KejinPlugin } from "@kejin/ui"
import type { Browser, Page } from "playwright-core"
import { expect } from "vitest"
import { launchChromium } from "./chromium.js"

/** The city-fund and equity-chain plugins, where the server does not have them built in yet. */
export const extraPlugins: ReadonlyArray<KejinPlugin> = [cityFundPlugin, equityChainPlugin].filter(
  (plugin) => !builtinPlugins.some((builtin) => builtin.id === plugin.id)
)

/** The demo app on a loopback port over a fresh SQLite database, and a headless Chromium to use it. */
export interface BrowserApp {
  readonly kejin: Kejin
  readonly browser: Browser
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** The demo people with their passwords. */
  readonly users: Awaited<ReturnType<typeof seedDemo>>["users"]
  close(): Promise<void>
}

/** Seeds the demo, serves the app (with `plugins` beside the built-in ones) and launches Chromium. */
export const startBrowserApp = async (plugins: ReadonlyArray<KejinPlugin> = []): Promise<BrowserApp> => {
  const database: TestDatabase = await createTestDatabase("sqlite", { migrated: true })
  const kejin = await openKejin({ database: database.url })
  const users = (await seedDemo(kejin)).users
  const server: ServerType = serve({
    fetch: createApp({ kejin, plugins }).fetch,
    port: 0,
    hostname: "127.0.0.1"
  })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await launchChromium()
  return {
    kejin,
    browser,
    base,
    users,
    close: async () => {
      await browser.close()
      await new Promise((resolve) => server.close(resolve))
      await kejin.close()
      await database.dispose()
    }
  }
}

/**
 * Opens a page and signs `login` in through the sign-in form: at `next` (`?next=` the sign-in page), or
 * else by opening the dashboard, which sends a signed-out visitor to the sign-in page. `errors` collects
 * the page's script errors and console errors, except those naming `expectedStatus` (a deliberate 422 is
 * logged by the browser as a failed resource).
 */
export const signIn = async (
  app: BrowserApp,
  login: string,
  options: { readonly next?: string; readonly expectedStatus?: string } = {}
): Promise<{ page: Page; errors: Array<string> }> => {
  const errors: Array<string> = []
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on("pageerror", (error) => errors.push(error.message))
  page.on("console", (message) => {
    const expected = options.expectedStatus !== undefined && message.text().includes(options.expectedStatus)
    if (message.type() === "error" && !expected) errors.push(message.text())
  })
  if (options.next === undefined) {
    await page.goto(`${app.base}/`)
    // Not signed in: the dashboard sends people to the sign-in page.
    expect(new URL(page.url()).pathname).toBe("/login")
  } else {
    await page.goto(`${app.base}/login?next=${options.next}`)
  }
  await page.fill("#login", login)
  await page.fill("#password", app.users.find((u) => u.login === login)!.password)
  // Without a page to go back to, each lands on their own home (a fund manager on their funds).
  const landed = (url: URL) =>
    options.next === undefined ? url.pathname !== "/login" : url.href === `${app.base}${options.next}`
  await Promise.all([page.waitForURL(landed), page.click("button[type=submit]")])
  return { page, errors }
}
