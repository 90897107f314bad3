import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

// A `.table-scroll` box scrolls sideways on a phone; a keyboard user can only scroll it when it
// takes focus (axe "scrollable-region-focusable"). Every one in the UI's source must be focusable.
const src = fileURLToPath(new URL(".", import.meta.url))

const sources = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith(".tsx") && !entry.name.includes(".test.") ? [path] : []
  })

describe("scrolling table boxes", () => {
  it("every element with the table-scroll class takes keyboard focus", () => {
    const unfocusable = sources(src).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/<[a-z]+\b[^>]*\btable-scroll\b[^>]*>/g)]
        .filter((tag) => !/tabindex=\{0\}|tabindex="0"/.test(tag[0]))
        .map((tag) => `${file.slice(src.length)}: ${tag[0]}`)
    )
    expect(unfocusable).toEqual([])
  })

  it("finds the boxes it checks", () => {
    const count = sources(src).reduce(
      (n, file) => n + [...readFileSync(file, "utf8").matchAll(/class="table-scroll"/g)].length,
      0
    )
    expect(count).toBeGreaterThan(20)
  })
})
