import { LINKAGE_KINDS } from "@kejin/ui"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"
import { bureauPages, walkPages } from "./pages.js"

/** The DOM the in-page check reads (the tests compile without the DOM library). */
interface Cell {
  readonly textContent: string | null
  readonly children: Iterable<Cell>
  readonly className: string
  querySelectorAll(selector: string): Iterable<Cell>
}

/**
 * Every table column on the page whose amounts read in more than one unit (1.50亿 above 1,500万, 15 M above
 * 0 yuan), and every amount that reads as nothing ("0.00 M" for 2,587.50 yuan): one line each.
 */
const mixedUnits = (page: Page): Promise<Array<string>> =>
  page.evaluate(() => {
    const { document } = globalThis as unknown as { document: Cell }
    const found: Array<string> = []
    for (const table of document.querySelectorAll("table")) {
      const heads = [...table.querySelectorAll("thead th")].map((th) => (th.textContent ?? "").trim())
      const units = new Map<number, Set<string>>()
      for (const row of table.querySelectorAll("tbody tr")) {
        ;[...row.children].forEach((cell, i) => {
          const text = (cell.textContent ?? "").trim()
          const unit = /^-?[\d,.]+\s*(亿|万|元|B|M|yuan)$/.exec(text)?.[1]
          if (unit !== undefined) units.set(i, new Set([...(units.get(i) ?? []), unit]))
          if (/^0\.0+\s*(亿|万|B|M)$/.test(text))
            found.push(`${table.className}: "${heads[i]}" reads ${text}`)
        })
      }
      for (const [i, set] of units)
        if (set.size > 1) found.push(`${table.className}: "${heads[i]}" in ${[...set].join(" and ")}`)
    }
    return found
  })

describe("a money column reads in one unit", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  }, 180_000)
  afterAll(() => app?.close())

  it("on every page the bureau reaches (each record kind's list, funds and ledgers, an enterprise's journey…), in both languages", async () => {
    const { page } = await signIn(app, "bureau")
    const paths = await bureauPages(app, page)
    // The walk reaches every record kind's list.
    expect(
      LINKAGE_KINDS.map((kind) => `/records/${kind.slug}`).filter((path) => !paths.includes(path))
    ).toEqual([])
    const found = await walkPages(page, app.base, paths, mixedUnits)
    expect(found, found.join("\n")).toEqual([])
    await page.close()
  }, 300_000)
})
