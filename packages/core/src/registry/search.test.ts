import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { makeUscc } from "./codes.js"
import { escapeLike } from "./enterprises.js"

const uscc = (n: number) => makeUscc(`91330302MA4${String(n).padStart(6, "0")}`)

/**
 * The names are chosen so that an unescaped wildcard would match more: `100%` (LIKE `%100%%%`) would
 * also match 温州100元科技, `海_材` would also match 瓯海X材料, and a lone backslash is an escape character
 * unless escaped itself.
 */
const names = [
  "温州100%科技", // 1
  "温州100元科技", // 2
  "瓯海_材料", // 3
  "瓯海X材料", // 4
  "鹿城\\光电", // 5
  "Wenzhou ABC Optics" // 6
]

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; issues?: Array<{ path: string }> }
  }
  throw new Error("expected a failure")
}

describe("escapeLike", () => {
  it("escapes %, _ and the backslash, nothing else", () => {
    expect(escapeLike("100%_a\\b 瓯海")).toBe("100\\%\\_a\\\\b 瓯海")
  })
})

for (const dialect of testDialects()) {
  describe(`searching the registry by name or credit code on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      for (const [i, name] of names.entries())
        await kejin.registry.addEnterprise({
          uscc: uscc(i + 1),
          name,
          district: "330302",
          industry: "电子",
          stage: "growth",
          techCategory: "other"
        })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** The names found for `q`, in the order returned. */
    const found = async (q: string, page: { limit?: number; offset?: number } = {}) =>
      (await kejin.registry.enterprises({ q, ...page })).map((e) => e.name)

    it("finds names containing the text, % and _ and \\ matching only themselves", async () => {
      expect(await found("100%")).toEqual(["温州100%科技"])
      expect(await found("%")).toEqual(["温州100%科技"])
      expect(await found("海_材")).toEqual(["瓯海_材料"])
      expect(await found("_")).toEqual(["瓯海_材料"])
      expect(await found("\\")).toEqual(["鹿城\\光电"])
      expect(await found("\\光")).toEqual(["鹿城\\光电"])
      expect(await found("瓯海")).toEqual(["瓯海_材料", "瓯海X材料"])
      expect(await found("温州100")).toEqual(["温州100%科技", "温州100元科技"])
      expect(await found("不存在")).toEqual([])
    })

    it("ignores letter case in names and surrounding spaces in the text", async () => {
      expect(await found("abc optics")).toEqual(["Wenzhou ABC Optics"])
      expect(await found("  WENZHOU abc ")).toEqual(["Wenzhou ABC Optics"])
    })

    it("finds credit codes by their start, written any way a person types them", async () => {
      const code = uscc(3)
      expect(await found(code.slice(0, 17))).toEqual(["瓯海_材料"])
      expect(await found(code)).toEqual(["瓯海_材料"])
      // Lower case, spaces and hyphens are the same code.
      expect(await found(`${code.slice(0, 8).toLowerCase()} - ${code.slice(8, 17)}`)).toEqual(["瓯海_材料"])
      // The common prefix: every enterprise, in the order they were registered.
      expect(await found("91330302MA4")).toEqual(names)
      // The middle of a code is not its start.
      expect(await found(code.slice(2, 17))).toEqual([])
    })

    it("pages the matches in a stable order (the order of registration) with limit and offset", async () => {
      expect(await found("91330302", { limit: 2 })).toEqual(names.slice(0, 2))
      expect(await found("91330302", { limit: 2, offset: 2 })).toEqual(names.slice(2, 4))
      expect(await found("91330302", { limit: 2, offset: 6 })).toEqual([])
      expect(await found("材料", { limit: 1, offset: 1 })).toEqual(["瓯海X材料"])
      // No text, or blank text: the registry unfiltered.
      expect(await found("")).toEqual(names)
      expect(await found("   ", { limit: 3 })).toEqual(names.slice(0, 3))
      expect((await kejin.registry.enterprises({ limit: 2 })).map((e) => e.name)).toEqual(names.slice(0, 2))
    })

    it("returns whole enterprises, with their districts", async () => {
      const [e] = await kejin.registry.enterprises({ q: "Optics" })
      expect(e).toMatchObject({ uscc: uscc(6), district: "330302", local: true })
      expect(e?.districts).toEqual([{ district: "330302", since: null, local: true }])
    })

    it("refuses a text longer than 200 characters or a bad page, naming the field", async () => {
      const long = await caught(kejin.registry.enterprises({ q: "瓯".repeat(201) }))
      expect([long._tag, long.issues?.map((i) => i.path)]).toEqual(["ValidationError", ["q"]])
      expect(await found("瓯".repeat(200))).toEqual([])
      const page = await caught(kejin.registry.enterprises({ q: "x", limit: 0, offset: -1 }))
      expect(page.issues?.map((i) => i.path)).toEqual(["limit", "offset"])
    })
  })
}
