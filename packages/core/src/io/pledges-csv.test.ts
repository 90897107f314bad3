import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { ValidationError } from "../errors.js"
import { openKejin } from "../kejin.js"
import { localizedMessage } from "../text/messages.js"
import { pledgesFromCsv } from "./pledges-csv.js"

describe("pledges as CSV", () => {
  it("imports the sample file from examples/ with Chinese headers, 万 amounts and a BOM", async () => {
    const inputs = pledgesFromCsv(readFileSync("examples/pledges-sample.csv", "utf8"))
    expect(inputs).toHaveLength(3)
    expect(inputs[1]).toMatchObject({ amount: "2,500万", patents: ["ZL201810765432.X", "ZL202020123456.8"] })
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      expect((await kejin.pledges.recordMany(inputs)).count).toBe(3)
      const total = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
      expect(total.amount.toFixed(2)).toBe("38000000.50") // float-ok: Decimal.toFixed, exact
    } finally {
      await kejin.close()
    }
  })

  it("names what is missing or malformed", () => {
    expect(() => pledgesFromCsv("registration_no,amount\nY1,1\n")).toThrow(/pledgor_uscc/)
    expect(() => pledgesFromCsv("")).toThrow(/empty/)
    expect(() => pledgesFromCsv('registration_no,"x\nY1')).toThrow()
  })

  it("codes each refusal of a file from the catalogue, worded in Chinese without English", () => {
    const issuesOf = (text: string) => {
      try {
        pledgesFromCsv(text)
      } catch (error) {
        if (error instanceof ValidationError) return error.issues
      }
      throw new Error("expected a ValidationError")
    }
    const zh = (text: string) => issuesOf(text).map((i) => localizedMessage(i, "zh"))
    expect(issuesOf("")).toEqual([
      { path: "csv", message: "the file is empty", code: "csv-empty", params: {} }
    ])
    expect(zh("")).toEqual(["文件是空的"])
    const missing = issuesOf("registration_no,amount\nY1,1\n")
    expect(missing.map((i) => i.code)).toEqual(Array(6).fill("csv-column-missing"))
    expect(missing[0]?.message).toBe("the column pledgor_uscc / 统一社会信用代码 is missing")
    expect(zh("registration_no,amount\nY1,1\n")[0]).toBe("缺少列 pledgor_uscc / 统一社会信用代码")
    const ragged = issuesOf("registration_no,amount\nY1,1,2\n")
    expect(ragged).toMatchObject([{ path: "csv", code: "csv-unreadable", params: { line: "2" } }])
    expect(ragged[0]?.message).toContain("on line 2")
    expect(zh("registration_no,amount\nY1,1,2\n")).toEqual([
      "CSV 第 2 行无法读取：列数与表头不同，或引号未成对"
    ])
  })
})
