import { mkdirSync } from "node:fs"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, extraPlugins, signIn, startBrowserApp } from "./app.js"
import { inEnglish, openAllDetails, reachablePages, settle } from "./pages.js"

/** The little of the DOM the in-page check uses (the tests compile without the DOM library). */
interface Box {
  readonly tagName: string
  readonly classList: Iterable<string>
  readonly parentElement: Box | null
  readonly scrollWidth: number
  readonly clientWidth: number
  readonly textContent: string | null
  readonly ownerSVGElement?: Box & {
    readonly viewBox: { readonly baseVal: { readonly width: number } | null }
  }
  getBoundingClientRect(): { readonly right: number; readonly width: number }
  getClientRects(): { readonly length: number }
  querySelector(selector: string): Box | null
  querySelectorAll(selector: string): Iterable<Box>
}
interface Window {
  readonly innerWidth: number
  readonly document: Box & { readonly documentElement: Box; readonly body: Box }
  getComputedStyle(element: Box): {
    readonly overflowX: string
    readonly position: string
    readonly fontSize: string
  }
}

/** What does not fit a phone: the page's own overflow, tables that neither fit nor scroll in a box, small chart text. */
const phoneProblems = async (page: Page): Promise<Array<string>> =>
  page.evaluate(() => {
    const { document, getComputedStyle, innerWidth } = globalThis as unknown as Window
    const problems: Array<string> = []
    const viewport = innerWidth
    const root = document.documentElement
    if (root.scrollWidth > viewport) {
      // Name the widest elements that stick out, to say what to fix.
      const culprits = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > viewport + 0.5)
        .filter(
          (element) =>
            !element.parentElement || element.parentElement.getBoundingClientRect().right <= viewport + 0.5
        )
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`)
      problems.push(`page ${root.scrollWidth}px wide in a ${viewport}px viewport (${culprits.join(", ")})`)
    }
    // The box a table scrolls in: itself (a table shown as a block) or an ancestor short of the body.
    const scroller = (element: Box): Box | null => {
      for (let at: Box | null = element; at !== null && at !== document.body; at = at.parentElement) {
        const overflow = getComputedStyle(at).overflowX
        if (overflow === "auto" || overflow === "scroll") return at
      }
      return null
    }
    for (const table of document.querySelectorAll("table")) {
      if (table.getClientRects().length === 0) continue // hidden (a closed disclosure)
      const name = `table.${[...table.classList].join(".")}`
      const box = scroller(table)
      const fits = table.getBoundingClientRect().right <= viewport + 0.5
      if (box === null && !fits) problems.push(`${name} is cut off and has no box of its own to scroll in`)
      if (box !== null && box.getBoundingClientRect().right > viewport + 0.5) {
        problems.push(`${name} scrolls in a box wider than the viewport`)
      }
      // A table wider than its box scrolls sideways with its first column held in place.
      if (box !== null && box.scrollWidth > box.clientWidth + 1) {
        const first = table.querySelector("tbody tr > :first-child")
        if (first !== null && getComputedStyle(first).position !== "sticky") {
          problems.push(`${name} scrolls sideways but its first column is not fixed`)
        }
      }
    }
    for (const text of document.querySelectorAll("svg text")) {
      if (text.getClientRects().length === 0) continue
      const svg = text.ownerSVGElement!
      const viewBox = svg.viewBox.baseVal
      const scale = viewBox && viewBox.width > 0 ? svg.getBoundingClientRect().width / viewBox.width : 1
      const size = Number.parseFloat(getComputedStyle(text).fontSize) * scale
      if (size < 11) {
        problems.push(`chart text "${text.textContent}" is ${size.toFixed(1)}px on screen (under 11px)`)
        break
      }
    }
    return problems
  })

describe("every page on a 390 px phone", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp(extraPlugins)
  }, 180_000)
  afterAll(() => app?.close())

  // Every page each role reaches, found by following the menu and the links of its pages (pages.ts): an
  // administrator's every page and what they link to (records, funds, ledgers, drill-downs); the other
  // roles' menus, which differ. Each in Chinese and in English.
  const roles: ReadonlyArray<{ readonly login: string; readonly depth: 1 | 2 }> = [
    { login: "admin", depth: 2 },
    { login: "bureau", depth: 1 },
    { login: "manager", depth: 1 },
    { login: "viewer", depth: 1 }
  ]
  for (const { login, depth } of roles) {
    it(`every page ${login} reaches: nothing wider than the viewport, wide tables scroll in their own box, chart labels at least 11 px, the same menu and a link home`, async () => {
      const { page, errors } = await signIn(app, login)
      await page.setViewportSize({ width: 390, height: 844 })
      const [pledge] = (await app.kejin.pledges.list({ limit: 1 })).items
      const paths = await reachablePages(page, app.base, {
        depth,
        // Deeper than the menu's pages: the period controls over three years with a comparison, an LP
        // statement, an enterprise's journey.
        also:
          depth === 1
            ? []
            : [
                "/?period=plan&compare=previous",
                "/funds/wz-angel-1/lp-statement",
                `/enterprises/${pledge!.pledgor.uscc}/journey`
              ]
      })
      mkdirSync("test-output/phone", { recursive: true })
      const found: Array<string> = []
      const menus = new Map<string, string>()
      for (const path of paths) {
        for (const lang of ["zh", "en"] as const) {
          const url = lang === "zh" ? path : inEnglish(path)
          const response = await page.goto(`${app.base}${url}`)
          expect(response?.status(), url).toBe(200)
          await settle(page)
          await openAllDetails(page)
          found.push(...(await phoneProblems(page)).map((problem) => `${url}: ${problem}`))
          // The printable monthly report is a document of its own: on screen the site's header above it (its
          // product name the link home), in print nothing but the report.
          if ((await page.locator("body.report").count()) === 1) {
            expect(await page.locator(".site-menu .site-header a.home").getAttribute("href"), url).toBe(
              lang === "en" ? "/?lang=en" : "/"
            )
            continue
          }
          expect(await page.locator(".site-header a.home").getAttribute("href"), url).toBe(
            lang === "en" ? "/?lang=en" : "/"
          )
          const menu = (await page.locator(".site-nav > a").allTextContents()).join(" | ")
          if (!menus.has(lang)) menus.set(lang, menu)
          if (menu !== menus.get(lang))
            found.push(`${url}: menu "${menu}" is not the dashboard's "${menus.get(lang)}"`)
          const file = `${login}-${path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "dashboard"}${lang === "en" ? "-en" : ""}`
          await page.screenshot({ path: `test-output/phone/${file.slice(0, 120)}.png`, fullPage: true })
        }
      }
      expect(paths.length).toBeGreaterThan(depth === 1 ? 5 : 25)
      expect(found, found.join("\n")).toEqual([])
      expect(errors).toEqual([])
      await page.close()
    }, 600_000)
  }

  it("the targets table: every column can be reached on a phone", async () => {
    const { page } = await signIn(app, "bureau", { next: "/targets" })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.reload()
    // The targets table comes first; rankings of split targets and the reported measures' table follow it
    // when other tests of this file recorded them first.
    const tables = page.locator(".targets-table")
    await tables.first().waitFor()
    for (const table of await tables.all()) {
      // The last header cell scrolled into view lies within the viewport, whole.
      const last = table.locator("thead th").last()
      await last.scrollIntoViewIfNeeded()
      const box = (await last.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(390 + 0.5)
    }
    expect(
      await page.locator("html").evaluate((html) => (html as unknown as Box).scrollWidth)
    ).toBeLessThanOrEqual(390)
    await page.close()
  })

  it("the targets page with a split target, its ranking and reported measures fits a phone", async () => {
    const bureau = { id: "phone-test", role: "bureau" } as const
    await app.kejin.targets.measures.define(
      { code: "rd-intensity-phone", label: "全社会研发投入强度", labelEn: "R&D intensity", unit: "percent" },
      { actor: bureau }
    )
    await app.kejin.targets.measures.report(
      {
        measure: "rd-intensity-phone",
        value: "3.15",
        reportedOn: "2025-03-31",
        source: "温州市统计局统计公报"
      },
      { actor: bureau }
    )
    await app.kejin.targets.create(
      {
        key: "pledge-by-district-phone",
        label: "专利质押融资分区县目标",
        labelEn: "Patent pledge financing by district",
        unit: "yuan",
        target: "2500000000.00",
        metric: "pledge-amount",
        splitBy: "district",
        parts: [
          { code: "330302", target: "1000000000.00" },
          { code: "330381", target: "900000000.00" }
        ]
      },
      { actor: bureau }
    )
    const { page } = await signIn(app, "bureau", { next: "/targets" })
    await page.setViewportSize({ width: 390, height: 844 })
    for (const lang of ["", "?lang=en"]) {
      await page.goto(`${app.base}/targets${lang}`)
      await page.locator('[data-ranking="pledge-by-district-phone"]').waitFor()
      await openAllDetails(page)
      expect(await phoneProblems(page)).toEqual([])
    }
    await page.close()
  })
})
