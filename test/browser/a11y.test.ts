import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { LINKAGE_KINDS } from "@kejin/ui"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, extraPlugins, signIn, startBrowserApp } from "./app.js"
import { bureauPages, reachablePages, walkPages } from "./pages.js"

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

/**
 * Who audits, on what screen, in which colours, over which pages (pages.ts finds them by following links):
 * depth 2, the menu's pages and what they link to; depth 1, the menu's pages.
 */
interface AuditCase {
  readonly login: string
  readonly viewport: { readonly width: number; readonly height: number }
  readonly colorScheme: "light" | "dark"
  readonly depth: 1 | 2
}

describe("no serious or critical axe-core violation on any page, in Chinese and in English", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp(extraPlugins)
  }, 180_000)
  afterAll(() => app?.close())

  it("the sign-in page", async () => {
    for (const lang of ["", "?lang=en"]) {
      const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } })
      await page.goto(`${app.base}/login${lang}`)
      expect(await seriousViolations(page), `/login${lang}`).toEqual([])
      await page.close()
    }
  })

  // Every role, for its own menu (a fund manager's and a viewer's differ); an admin reaches the audit
  // journal, people, tokens and the API docs besides. A phone in dark mode gets its own colours and its own
  // scrolling boxes (a scrolling region must be reachable by keyboard).
  const cases: ReadonlyArray<AuditCase> = [
    { login: "bureau", viewport: { width: 1280, height: 900 }, colorScheme: "light", depth: 2 },
    { login: "admin", viewport: { width: 1280, height: 900 }, colorScheme: "light", depth: 1 },
    { login: "manager", viewport: { width: 1280, height: 900 }, colorScheme: "light", depth: 1 },
    { login: "viewer", viewport: { width: 1280, height: 900 }, colorScheme: "light", depth: 1 },
    { login: "bureau", viewport: { width: 390, height: 844 }, colorScheme: "dark", depth: 2 },
    { login: "admin", viewport: { width: 390, height: 844 }, colorScheme: "dark", depth: 1 }
  ]
  for (const { login, viewport, colorScheme, depth } of cases) {
    it(`every page ${login} reaches${depth === 1 ? " from the menu" : ""}, ${viewport.width} px wide, ${colorScheme}`, async () => {
      const { page } = await signIn(app, login)
      await page.setViewportSize(viewport)
      await page.emulateMedia({ colorScheme })
      // The bureau's walk has pages no link leads to besides (an enterprise's journey, a commitment ledger);
      // an admin's, the API docs (no link).
      const paths =
        depth === 2
          ? await bureauPages(app, page)
          : await reachablePages(page, app.base, { depth, also: login === "admin" ? ["/api/docs"] : [] })
      const found = await walkPages(page, app.base, paths, seriousViolations)
      expect(found, found.join("\n")).toEqual([])
      await page.close()
    }, 900_000)
  }

  // Every record kind: its list (with its forms opened), and the page of its first record (with its own
  // lists' forms and the reversal confirmation opened), in both languages.
  it("every record kind's list, a record page of each and every form, in Chinese and in English", async () => {
    const { page } = await signIn(app, "bureau")
    const found: Array<string> = []
    const audit = async (url: string) => {
      const response = await page.goto(`${app.base}${url}`)
      expect(response?.status(), url).toBe(200)
      await page.locator("details").evaluateAll((all) => {
        for (const details of all) (details as unknown as { open: boolean }).open = true
      })
      found.push(...(await seriousViolations(page)).map((line) => `${url}: ${line}`))
    }
    const visited: Array<string> = []
    for (const kind of LINKAGE_KINDS) {
      for (const lang of ["", "?lang=en"]) await audit(`/records/${kind.slug}${lang}`)
      const first = await page
        .locator(".records-table tbody tr a")
        .first()
        .getAttribute("href")
        .catch(() => null)
      if (first === null) continue
      const path = first.replace(/\?lang=en$/, "")
      visited.push(path)
      for (const lang of ["", "?lang=en"]) await audit(`${path}${lang}`)
    }
    // The demo has a record of every kind that has a page of its own.
    expect(visited.length).toBeGreaterThanOrEqual(LINKAGE_KINDS.filter((k) => k.get !== undefined).length - 1)
    expect(found, found.join("\n")).toEqual([])
    await page.close()
  }, 300_000)

  it("keyboard alone: Tab reaches the registration form, Enter opens it, every field is reached with a visible focus ring", async () => {
    const { page } = await signIn(app, "bureau", { next: "/pledges" })
    /** The focused element: its id, tag, and whether a focus ring is drawn (an outline of some width). */
    const focused = () =>
      page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as {
          document: {
            activeElement: { id: string; tagName: string; parentElement: { id: string } | null } | null
          }
          getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string }
        }
        const element = document.activeElement!
        const style = getComputedStyle(element)
        return {
          id: element.id,
          tag: element.tagName.toLowerCase(),
          parent: element.parentElement?.id ?? "",
          ring: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0
        }
      })
    // Tab from the top of the page to the form's disclosure.
    let at = await focused()
    for (
      let presses = 0;
      presses < 200 && !(at.tag === "summary" && at.parent === "box-pledge-register");
      presses++
    ) {
      await page.keyboard.press("Tab")
      at = await focused()
      expect(at.ring, `focus ring on ${at.tag}#${at.id}`).toBe(true)
    }
    expect(at).toMatchObject({ tag: "summary", parent: "box-pledge-register" })
    await page.keyboard.press("Enter")
    // Through the form to its submit button: every field on the way, each with its ring.
    const fields = await page
      .locator("#pledge-register :is(input, select, textarea):not([type=hidden])")
      .evaluateAll((all) => all.map((field) => (field as unknown as { id: string }).id))
    expect(fields.length).toBeGreaterThan(5)
    const reached = new Set<string>()
    for (
      let presses = 0;
      presses < 200 && !(at.tag === "button" && at.parent === "pledge-register");
      presses++
    ) {
      await page.keyboard.press("Tab")
      at = await focused()
      expect(at.ring, `focus ring on ${at.tag}#${at.id}`).toBe(true)
      reached.add(at.id)
    }
    expect(at).toMatchObject({ tag: "button", parent: "pledge-register" })
    expect(fields.filter((id) => !reached.has(id))).toEqual([])
    await page.close()
  })
})
