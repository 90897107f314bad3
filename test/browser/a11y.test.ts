import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { builtinPlugins } from "@kejin/server"
import { cityFundPlugin, equityChainPlugin } from "@kejin/ui"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

// The city-fund and equity-chain plugins, where the server does not have them built in yet.
const extraPlugins = [cityFundPlugin, equityChainPlugin].filter(
  (plugin) => !builtinPlugins.some((builtin) => builtin.id === plugin.id)
)

/** axe-core's browser bundle: evaluated in the page (the CSP refuses inline script tags, not the debugger). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: ReadonlyArray<{ readonly target: ReadonlyArray<unknown>; readonly failureSummary?: string }>
}

/** Runs axe-core on the page as it is now; the violations of impact serious or critical, one line each. */
const seriousViolations = async (page: Page): Promise<Array<string>> => {
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }
    ).axe
    const { document } = globalThis as unknown as { document: unknown }
    const result = (await axe.run(document, { resultTypes: ["violations"] })) as { violations: unknown }
    return result.violations
  })
  // One line a rule: its impact, id and summary, how many elements, and the first few of them.
  return (violations as ReadonlyArray<AxeViolation>)
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.impact} ${violation.id} (${violation.help}) on ${violation.nodes.length} element(s): ` +
        violation.nodes
          .slice(0, 3)
          .map(
            (node) =>
              `${JSON.stringify(node.target)} ${(node.failureSummary ?? "").replace(/\s+/g, " ").trim()}`
          )
          .join("; ")
    )
}

/** Waits until htmx has filled every lazily loaded panel of the page (no "loading" placeholder left). */
const settle = async (page: Page): Promise<void> => {
  await page.waitForLoadState("load")
  await expect.poll(() => page.locator(".panel-loading").count(), { timeout: 20_000 }).toBe(0)
}

/** The pages a signed-in bureau analyst or admin can reach, with the demo data's own records in them. */
const pagesOf = async (app: BrowserApp): Promise<ReadonlyArray<string>> => {
  const [pledge] = (await app.kejin.pledges.list({ limit: 1 })).items
  return [
    "/",
    "/pledges",
    `/pledges/${pledge!.id}`,
    "/funds",
    "/funds/wz-angel-1",
    "/targets",
    "/imports",
    "/imports/pledges",
    "/reports/monthly",
    "/journey",
    `/enterprises/${pledge!.pledgor.uscc}/journey`
  ]
}

describe("no serious or critical axe-core violation on any page, in Chinese and in English", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp(extraPlugins)
  })
  afterAll(() => app?.close())

  it("the sign-in page", async () => {
    for (const lang of ["", "?lang=en"]) {
      const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
      await page.goto(`${app.base}/login${lang}`)
      expect(await seriousViolations(page), `/login${lang}`).toEqual([])
      await page.close()
    }
  })

  for (const login of ["bureau", "admin"]) {
    it(`every page ${login} can reach`, async () => {
      const { page } = await signIn(app, login)
      const paths = [...(await pagesOf(app)), ...(login === "admin" ? ["/audit", "/api/docs"] : [])]
      const found: Array<string> = []
      for (const path of paths) {
        for (const lang of ["", "lang=en"]) {
          const url = lang === "" ? path : `${path}${path.includes("?") ? "&" : "?"}${lang}`
          const response = await page.goto(`${app.base}${url}`)
          expect(response?.status(), url).toBe(200)
          await settle(page)
          // Open every disclosure (forms, data tables under charts) so that what they hide is audited too.
          await page.locator("details").evaluateAll((all) => {
            for (const details of all) (details as unknown as { open: boolean }).open = true
          })
          found.push(...(await seriousViolations(page)).map((line) => `${url}: ${line}`))
        }
      }
      expect(found, found.join("\n")).toEqual([])
      await page.close()
    }, 300_000)
  }
})
