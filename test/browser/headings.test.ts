import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, extraPlugins, signIn, startBrowserApp } from "./app.js"
import { bureauPages, reachablePages, walkPages } from "./pages.js"

/** A line when the page has not exactly one h1 (one name per page): how many, and what they say. */
const oneH1 = async (page: Page): Promise<ReadonlyArray<string>> => {
  const h1s = await page
    .locator("h1")
    .evaluateAll((all) =>
      all.map((h1) => ((h1 as unknown as { textContent: string | null }).textContent ?? "").trim())
    )
  return h1s.length === 1 ? [] : [`${h1s.length} h1 (${h1s.map((text) => JSON.stringify(text)).join(", ")})`]
}

describe("every page has exactly one h1, in Chinese and in English", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp(extraPlugins)
  }, 180_000)
  afterAll(() => app?.close())

  // The sign-in page; the bureau's walk (every page it reaches, the monthly report among them); an admin's
  // menu besides (the audit journal, people, tokens) and the API docs.
  it("the sign-in page, every page the bureau reaches, and the admin's pages", async () => {
    const visitor = await app.browser.newPage()
    const found = [...(await walkPages(visitor, app.base, ["/login"], oneH1))]
    await visitor.close()
    const bureau = (await signIn(app, "bureau")).page
    const paths = await bureauPages(app, bureau)
    expect(paths).toContain("/reports/monthly")
    found.push(...(await walkPages(bureau, app.base, paths, oneH1)))
    await bureau.close()
    const admin = (await signIn(app, "admin")).page
    const adminPaths = (await reachablePages(admin, app.base, { depth: 1, also: ["/api/docs"] })).filter(
      (path) => !paths.includes(path)
    )
    expect(adminPaths).toContain("/audit")
    found.push(...(await walkPages(admin, app.base, adminPaths, oneH1)))
    expect(found, found.join("\n")).toEqual([])
    await admin.close()
  }, 900_000)
})
