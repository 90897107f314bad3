import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, extraPlugins, signIn, startBrowserApp } from "./app.js"

// A button on every table (issue 11): signed in as the bureau and as a fund manager, every page of the
// dashboard reachable from its links is opened in headless Chromium, and every data <table> on it must have
// export links next to it. The marker: the table's container (its closest <section> — a dashboard panel, a
// part of the fund page — else the page's <main>) holds export links (`a[data-export="csv"]` with its
// `xlsx` twin: ui export-links.tsx `ExportLinks`, or a records list's pager), at least one pair per table
// of its own (a chart's figures table goes with its section's). Each link found then answers 200 with a
// non-empty file: CSV with a byte-order mark and Chinese headers (English with `lang=en`), XLSX a zip.

// Until the city-fund and equity-chain plugins are built-ins of the server, pass them in.
/**
 * Pages that hold no data tables of their own: the imports' pages (their tables document a file's columns
 * and preview an upload), the printable monthly report (no buttons, by design: its workbook is the report's
 * own export), and the account pages.
 */
const notDataPages = [/^\/imports(\/|$)/, /^\/reports\//, /^\/login$/, /^\/logout$/, /^\/account\//]

/** Never followed: downloads, the API, sign-out. */
const notFollowed = /\/export\.|\/api\/|\/logout|\.(csv|xlsx|css|js|svg|png)$/

/** At most this many pages a role (the demo's pages number about 80). */
const MAX_PAGES = 200

/**
 * The page a link stands for: its path with record ids and credit codes (segments with a digit, fund codes
 * aside) folded, so a list's hundred records are one page to visit and every fund's page is one.
 */
const pageKey = (href: string): string =>
  new URL(href).pathname
    .split("/")
    .map((segment, i, all) => (all[i - 1] !== "funds" && /\d/.test(segment) ? ":id" : segment))
    .join("/")

/** Waits until htmx has filled every lazily loaded panel of the page (no "loading" placeholder left). */
const settle = async (page: Page): Promise<void> => {
  await page.waitForLoadState("load")
  await expect.poll(() => page.locator(".panel-loading").count(), { timeout: 20_000 }).toBe(0)
}

interface Seen {
  /** Each data table without export links in its section, as `page: table`. */
  readonly bare: ReadonlyArray<string>
  /** Sections with fewer export links than tables of their own, as `page: section (tables/links)`. */
  readonly short: ReadonlyArray<string>
  readonly tables: number
  readonly exports: ReadonlyArray<string>
  readonly links: ReadonlyArray<string>
}

/** The page's data tables, their sections' export links, and its links to follow. */
const inspect = (page: Page): Promise<Seen> =>
  page.evaluate(() => {
    type El = {
      readonly className: string
      readonly tagName: string
      readonly parentElement: El | null
      closest(selector: string): El | null
      getAttribute(name: string): string | null
      querySelectorAll(selector: string): ArrayLike<El>
    }
    const { document } = globalThis as unknown as {
      document: { readonly baseURI: string; querySelectorAll(selector: string): ArrayLike<El> }
    }
    // An export's links: its CSV link (ui export-links.tsx, and a records list's pager) stands for the pair.
    const EXPORT = 'a[data-export="csv"]'
    const generic = new Set(["fund-table", "funds-table", "wide"])
    // A table's name: its own classes (less the shared table styles), else its data attribute.
    const tableName = (table: El): string => {
      const own = table.className
        .split(/\s+/)
        .filter((c) => c !== "" && !generic.has(c))
        .join(" ")
      const chart = table.closest("figure") === null ? "" : "chart figures"
      return (
        own ||
        table.getAttribute("data-table") ||
        table.getAttribute("data-list") ||
        chart ||
        `table:${(table.querySelectorAll("th")[0] as unknown as { textContent: string } | undefined)?.textContent?.trim() ?? ""}`
      )
    }
    const bare: Array<string> = []
    const perSection = new Map<El, { name: string; tables: number }>()
    let tables = 0
    for (const table of Array.from(document.querySelectorAll("main table, body > table"))) {
      const name = tableName(table)
      const section = table.closest("section") ?? table.closest("main")
      const where = section?.getAttribute("data-panel") ?? section?.className ?? ""
      tables += 1
      if (section === null || section.querySelectorAll(EXPORT).length === 0) {
        bare.push(where === "" ? name : `${name} (in ${where})`)
        continue
      }
      // A chart's figures go with the chart: its section's links export what it draws.
      if (table.closest("figure") !== null) continue
      const seen = perSection.get(section) ?? { name: where || section.tagName.toLowerCase(), tables: 0 }
      perSection.set(section, { ...seen, tables: seen.tables + 1 })
    }
    const short = [...perSection].flatMap(([section, { name, tables }]) => {
      const links = section.querySelectorAll(EXPORT).length
      return links < tables ? [`${name} (${tables} tables, ${links} export links)`] : []
    })
    const hrefs = (selector: string) =>
      Array.from(document.querySelectorAll(selector)).map(
        (a) => new URL(a.getAttribute("href") ?? "", document.baseURI).href
      )
    return {
      bare,
      short,
      tables,
      exports: hrefs("a[data-export][href]"),
      links: hrefs("a[href]:not([download])").filter((href) => href.startsWith("http"))
    }
  })

describe("a button on every table: every data table of every page has export links that answer", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp(extraPlugins)
  }, 120_000)
  afterAll(() => app?.close())

  for (const login of ["bureau", "manager"])
    it(`as ${login}: every data table is next to its export links, and each link answers a file`, async () => {
      const { page, errors } = await signIn(app, login)
      const own = app.users.find((u) => u.login === login)!
      // A fund manager's own funds first: their pages hold the tables only the manager sees.
      const funds = login === "manager" ? ["wz-angel-1"] : []
      const queue = [`${app.base}/`, ...funds.map((code) => `${app.base}/funds/${code}`)]
      const visited = new Set<string>()
      const missing: Array<string> = []
      const exports = new Set<string>()
      const refused: Array<string> = []
      let tables = 0
      while (queue.length > 0 && visited.size < MAX_PAGES) {
        const href = queue.shift()!
        const key = pageKey(href)
        if (visited.has(key)) continue
        visited.add(key)
        const response = await page.goto(href)
        // A link to a page the role may not open (403) is no page of theirs (the browser logs its status).
        if (response === null || response.status() >= 400) {
          refused.push(`${response?.status()} ${new URL(href).pathname}`)
          continue
        }
        await settle(page)
        const path = new URL(page.url()).pathname
        if (new URL(page.url()).origin !== app.base) continue
        const seen = await inspect(page)
        if (!notDataPages.some((pattern) => pattern.test(path))) {
          tables += seen.tables
          missing.push(...seen.bare.map((name) => `${path}: ${name}`))
          missing.push(...seen.short.map((section) => `${path}: ${section}`))
          for (const e of seen.exports) exports.add(e)
        }
        for (const link of seen.links) {
          const url = new URL(link)
          if (url.origin !== app.base || notFollowed.test(url.pathname)) continue
          if (!visited.has(pageKey(link))) queue.push(link)
        }
      }
      expect(missing, `${own.role}: tables without export links`).toEqual([])
      // The crawl reached the dashboard's pages and their tables.
      expect(visited.size).toBeGreaterThan(20)
      expect(tables).toBeGreaterThan(10)
      expect(exports.size).toBeGreaterThan(10)

      // Every export link answers a file: CSV with a byte-order mark and headers in the page's language
      // (Chinese by default, English with lang=en), XLSX a zip.
      const failures: Array<string> = []
      for (const href of exports) {
        const response = await page.request.get(href)
        const body = await response.body()
        const url = new URL(href)
        const english = url.searchParams.get("lang") === "en"
        if (response.status() !== 200 || body.length === 0) {
          failures.push(`${url.pathname}${url.search}: ${response.status()}, ${body.length} bytes`)
          continue
        }
        if (url.pathname.endsWith(".xlsx")) {
          if (body.subarray(0, 2).toString("latin1") !== "PK") failures.push(`${url.pathname}: not a zip`)
          continue
        }
        const text = body.toString("utf8")
        const header = text.replace(/^\uFEFF/, "").split("\n")[0] ?? ""
        if (!text.startsWith("\uFEFF") || header === "") failures.push(`${url.pathname}: no header row`)
        else if (/[\u4e00-\u9fff]/.test(header) === english)
          failures.push(`${url.pathname}${url.search}: header not in ${english ? "English" : "Chinese"}`)
        if (!english) {
          url.searchParams.set("lang", "en")
          const en = (await (await page.request.get(url.href)).text()).replace(/^\uFEFF/, "").split("\n")[0]
          if (en === undefined || /[\u4e00-\u9fff]/.test(en)) failures.push(`${url.pathname}?lang=en: header`)
        }
      }
      expect(failures).toEqual([])
      // No other page refused; only the refused pages' own statuses were logged.
      expect(refused.filter((r) => !r.startsWith("403 "))).toEqual([])
      expect(errors.filter((e) => !(refused.length > 0 && e.includes("status of 403")))).toEqual([])
      console.info(`${login}: ${visited.size} pages, ${tables} tables, ${exports.size} export links answered`)
      if (refused.length > 0) console.info(`${login}: links to pages refused them: ${refused.join(", ")}`)
      await page.close()
    }, 600_000)
})
