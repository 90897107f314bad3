import { describe, expect, it } from "vitest"
import { openKejin } from "../kejin.js"

describe("a target's unit follows its metric", () => {
  it("refuses a count target over a money metric (a figure would be misread), on create and on update", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const base = { key: "x-count", label: "笔数", labelEn: "Count", target: "5", metric: "pledge-amount" }
      await expect(kejin.targets.create({ ...base, unit: "count" })).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [{ path: "unit", message: expect.stringMatching(/must be yuan/) }]
      })
      await kejin.targets.create({ ...base, unit: "yuan", target: "5.00" })
      await expect(kejin.targets.update("x-count", { unit: "count", target: "5" })).rejects.toMatchObject({
        _tag: "ValidationError"
      })
    } finally {
      await kejin.close()
    }
  })
})
