import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

// English pages speak English: no catalogue entry's English side carries Chinese words
// (返投, 温商, 认股权 ...). The one exception is the names of the Chinese money units an import's
// header may carry (万元, 亿元) and the language switch's "中文".
const packages = fileURLToPath(new URL("../../", import.meta.url))

const sources = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name === "dist" ? [] : sources(path)
    return /\.tsx?$/.test(entry.name) && !entry.name.includes(".test.") ? [path] : []
  })

const englishSides = (text: string): ReadonlyArray<string> => [
  ...[...text.matchAll(/\ben: *"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? ""),
  ...[...text.matchAll(/\bl\("(?:[^"\\]|\\.)*", *"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? ""),
  ...[...text.matchAll(/"en" *\? *"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? "")
]

const chinese = /[\u4e00-\u9fff]/

describe("the English catalogue", () => {
  it("has no Chinese words on its English side", () => {
    const found = ["core/src", "ui/src", "server/src"].flatMap((dir) =>
      sources(join(packages, dir)).flatMap((file) =>
        englishSides(readFileSync(file, "utf8"))
          .filter((en) => chinese.test(en.replace(/万元|亿元|中文/g, "")))
          .map((en) => `${file.slice(packages.length)}: ${en}`)
      )
    )
    expect(found).toEqual([])
  })
})
