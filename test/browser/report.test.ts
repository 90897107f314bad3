import { mkdirSync, writeFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

/** The PDF's `/Title`, which Chromium writes from the document's `<title>` (UTF-16BE in hex when not ASCII). */
const pdfTitle = (pdf: Buffer): string | undefined => {
  const text = pdf.toString("latin1")
  const hex = /\/Title\s*<FEFF([0-9A-Fa-f]*)>/.exec(text)?.[1]
  if (hex !== undefined) return Buffer.from(hex, "hex").swap16().toString("utf16le")
  return /\/Title\s*\(([^)]*)\)/.exec(text)?.[1]
}

describe("the monthly report in headless Chromium", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
  })
  afterAll(() => app?.close())

  it("prints to A4 pages with the report's title, and hides the screen's controls in print", async () => {
    const { page, errors } = await signIn(app, "viewer", { next: "/reports/monthly" })
    // The report's own title (the site's header above it, on screen only, names the product).
    expect(await page.textContent(".title-block h1")).toBe("温州市科技金融月度通报")
    expect(await page.isVisible("form.screen-only")).toBe(true)
    await page.emulateMedia({ media: "print" })
    expect(await page.isVisible("form.screen-only")).toBe(false)
    expect(await page.locator("nav:visible, button:visible").count()).toBe(0)
    const title = await page.title()
    expect(title).toMatch(/^温州市科技金融月度通报 · \d{4}年\d{1,2}月$/)

    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true })
    mkdirSync("test-output", { recursive: true })
    writeFileSync("test-output/monthly-report.pdf", pdf)
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-")
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []
    expect(pages.length).toBeGreaterThan(0)
    expect(pdfTitle(pdf)).toBe(title)
    // Every page A4: 595 × 842 points (Chromium writes 594.96 × 841.92).
    const boxes = pdf.toString("latin1").match(/\/MediaBox\s*\[[^\]]*\]/g) ?? []
    expect(boxes.length).toBe(pages.length)
    for (const box of boxes) expect(box).toMatch(/\[0 0 59[45](?:\.\d+)? 84[12](?:\.\d+)?\]$/)
    await page.screenshot({ path: "test-output/monthly-report-print.png", fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })
})
