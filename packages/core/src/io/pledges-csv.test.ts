import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { openKejin } from "../kejin.js"
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
})
