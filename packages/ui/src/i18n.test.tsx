/** @jsxImportSource hono/jsx */
import { describe, expect, it } from "vitest"
import { catalogueNodes, Label } from "./i18n.js"

const html = async (element: unknown): Promise<string> => await (element as { toString(): string }).toString()

describe("Label", () => {
  const text = { zh: "质押融资额", en: "Amount pledged" }

  it("says a label in the page's language only: Chinese pages no English, English pages no Chinese", async () => {
    expect(await html(<h3>{<Label text={text} lang="zh" />}</h3>)).toBe("<h3>质押融资额</h3>")
    expect(await html(<h3>{<Label text={text} lang="en" />}</h3>)).toBe("<h3>Amount pledged</h3>")
  })
})

describe("catalogueNodes", () => {
  it("puts each part (markup, a clause) where the catalogue's sentence names it, in the page's language", async () => {
    const link = <a href="/panel">open</a>
    expect(await html(<p>{catalogueNodes("panel-needs-script", "zh", { link })}</p>)).toBe(
      '<p>本页用 JavaScript 加载并刷新各面板；未启用时可<a href="/panel">open</a>。</p>'
    )
    expect(await html(<p>{catalogueNodes("panel-needs-script", "en", { link })}</p>)).toBe(
      '<p>This dashboard loads and refreshes its panels with JavaScript. Without it, <a href="/panel">open</a>.</p>'
    )
    // A part in the middle, another at the end, and a clause that is itself a sentence of the catalogue.
    const note = catalogueNodes("city-fund-look-through-note", "en", {
      internal: <b>3亿</b>,
      asOf: "2026-06-30"
    })
    expect(await html(<p>{note}</p>)).toMatch(
      /sub-fund, <b>3亿<\/b>, is not counted again\).*As of 2026-06-30<\/p>$/
    )
    const period = catalogueNodes("period-year-to-date", "zh", { period: "2026-01-01 至 2026-06-30" })
    expect(
      await html(<p>{catalogueNodes("pledge-progress-note", "zh", { period, comparison: "同比对照" })}</p>)
    ).toBe("<p>本年 2026-01-01 至 2026-06-30，同比对照</p>")
  })
})
