/** @jsxImportSource hono/jsx */
import { describe, expect, it } from "vitest"
import { Label } from "./i18n.js"

const html = async (element: unknown): Promise<string> => await (element as { toString(): string }).toString()

describe("Label", () => {
  const text = { zh: "质押融资额", en: "Amount pledged" }

  it("says a label in the page's language only: Chinese pages no English, English pages no Chinese", async () => {
    expect(await html(<h3>{<Label text={text} lang="zh" />}</h3>)).toBe("<h3>质押融资额</h3>")
    expect(await html(<h3>{<Label text={text} lang="en" />}</h3>)).toBe("<h3>Amount pledged</h3>")
  })
})
