import type { Page } from "playwright-core"
import { expect } from "vitest"
import type { BrowserApp } from "./app.js"

/** Waits until htmx has filled every lazily loaded panel of the page (no "loading" placeholder left). */
export const settle = async (page: Page): Promise<void> => {
  await page.waitForLoadState("load")
  await expect.poll(() => page.locator(".panel-loading").count(), { timeout: 20_000 }).toBe(0)
}

/** Opens every disclosure (forms, data tables under charts): what they hide is checked too. */
export const openAllDetails = (page: Page): Promise<void> =>
  page.locator("details").evaluateAll((all) => {
    for (const details of all) (details as unknown as { open: boolean }).open = true
  })

/** `path` in English: `lang=en` added to its query. */
export const inEnglish = (path: string): string => `${path}${path.includes("?") ? "&" : "?"}lang=en`

/**
 * A link's kind of page: its path with every segment holding a digit (an id, a fund code, a date) as
 * `:id`, and the names of its query parameters — `/pledges/17` and `/pledges/23` are one kind, and so are
 * the dashboard's twelve monthly drill-down links.
 */
const kindOf = (url: URL): string =>
  `${url.pathname
    .split("/")
    .map((segment) => (/\d/.test(segment) ? ":id" : segment))
    .join("/")}?${[...url.searchParams.keys()]
    .filter((key) => key !== "lang")
    .sort()
    .join("&")}`

/** Not pages: downloads, the JSON API, panel fragments, assets, signing out. */
const notAPage = (url: URL): boolean =>
  /\.(csv|xlsx|json|css|js)$/.test(url.pathname) ||
  /^\/(api|panels|assets)\//.test(url.pathname) ||
  url.pathname === "/logout" ||
  url.pathname === "/login"

/**
 * Every page the signed-in person on `page` reaches, found by following links rather than listed by hand:
 * the dashboard, every page of the menu, and one page of each kind linked from those (a registration, a
 * fund, a ledger, a record kind's list, a filtered list…). Paths without `lang`, in the order found.
 */
export const reachablePages = async (
  page: Page,
  base: string,
  options: {
    /** 1: the dashboard and the menu's pages only; 2 (the default): and what they link to. */
    readonly depth?: 1 | 2
    /** Pages no link leads to (the API docs), or deeper than `depth`, visited as well when of a kind not found. */
    readonly also?: ReadonlyArray<string>
  } = {}
): Promise<ReadonlyArray<string>> => {
  const linksOn = async (path: string, selector: string): Promise<Array<URL>> => {
    await page.goto(`${base}${path}`)
    await settle(page)
    const hrefs = await page
      .locator(selector)
      .evaluateAll((all) =>
        all.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute("href"))
      )
    return hrefs
      .map((href) => new URL(href, `${base}${path}`))
      .filter((url) => url.origin === base && !notAPage(url))
      .map((url) => {
        url.searchParams.delete("lang")
        return url
      })
  }
  const found = new Map<string, string>([[kindOf(new URL(`${base}/`)), "/"]])
  const add = (url: URL): boolean => {
    const kind = kindOf(url)
    if (found.has(kind)) return false
    found.set(kind, `${url.pathname}${url.search}`)
    return true
  }
  // The menu (not the language switch, which names its language), then what its pages link to.
  const menu = (await linksOn("/", ".site-nav a[href]:not([lang])")).filter(add)
  if (options.depth !== 1) {
    for (const path of ["/", ...menu.map((url) => `${url.pathname}${url.search}`)]) {
      for (const url of await linksOn(path, "main a[href]")) add(url)
    }
  }
  for (const path of options.also ?? []) add(new URL(path, base))
  return [...found.values()]
}

/**
 * The bureau's walk: every page it reaches (`reachablePages`, depth 2), and pages no link of that depth
 * leads to: the journey of an enterprise with a subsidised loan (its loan in 万 beside the subsidy in 元),
 * the city fund and a chain fund with a whole ledger (investments, exits), and a commitment ledger. Paths
 * without `lang`.
 */
export const bureauPages = async (app: BrowserApp, page: Page): Promise<ReadonlyArray<string>> => {
  await page.goto(`${app.base}/records/subsidies`)
  const uscc = await page
    .locator(".records-table tbody td")
    .evaluateAll(
      (cells) =>
        cells
          .map((cell) => ((cell as unknown as { textContent: string | null }).textContent ?? "").trim())
          .find((text) => /^9[0-9A-Z]{17}$/.test(text)) ?? ""
    )
  expect(uscc, "an enterprise with a subsidised loan").not.toBe("")
  const reached = await reachablePages(page, app.base, { depth: 2 })
  const also = [
    `/enterprises/${uscc}/journey`,
    "/funds/wz-city-fund",
    "/funds/wz-angel-1",
    "/funds/wz-angel-1/ledger",
    "/funds/wz-city-fund/ledger?kind=commitment&includeReversed=false"
  ]
  return [...reached, ...also.filter((path) => !reached.includes(path))]
}

/**
 * Opens each of `paths` on `page` in Chinese and in English — each answering 200, its panels loaded, its
 * disclosures opened — and runs `check` there: what it finds, each line after the URL it was found at.
 */
export const walkPages = async (
  page: Page,
  base: string,
  paths: ReadonlyArray<string>,
  check: (page: Page) => Promise<ReadonlyArray<string>>
): Promise<ReadonlyArray<string>> => {
  const found: Array<string> = []
  for (const path of paths) {
    for (const url of [path, inEnglish(path)]) {
      const response = await page.goto(`${base}${url}`)
      expect(response?.status(), url).toBe(200)
      await settle(page)
      await openAllDetails(page)
      found.push(...(await check(page)).map((line) => `${url}: ${line}`))
    }
  }
  return found
}
