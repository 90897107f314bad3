import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { demoPledges } from "../demo/pledges.js"
import { openKejin } from "../kejin.js"
import { pledgesFromCsv, pledgesToCsv } from "./pledges-csv.js"

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

  it("round-trips: export then import gives the same inputs, amounts exact", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const batch = demoPledges({ count: 20, from: "2026-01-01", to: "2026-03-31", seed: 4 })
      await kejin.pledges.recordMany(batch)
      const { items } = await kejin.pledges.list({ limit: 500 })
      const csv = pledgesToCsv(items, { bom: true })
      expect(csv.startsWith("\uFEFFregistration_no,")).toBe(true)
      const back = pledgesFromCsv(csv)
      expect(back).toHaveLength(20)
      const byNo = new Map(batch.map((p) => [p.registrationNo, p]))
      for (const p of back) {
        const original = byNo.get(p.registrationNo)!
        expect(p.amount).toBe(original.amount)
        expect([...p.patents].sort()).toEqual([...original.patents].sort())
        const { uscc, name, district } = original.pledgor
        expect(p.pledgor).toEqual({ uscc, name, district })
        expect(p.pledgee.name).toBe(original.pledgee.name)
        expect(p.registeredOn).toBe(original.registeredOn)
      }
    } finally {
      await kejin.close()
    }
  })

  it("defuses spreadsheet formulas in exported text", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const [p] = demoPledges({ count: 1, from: "2026-01-01", to: "2026-01-01", seed: 8 })
      await kejin.pledges.record({ ...p!, pledgee: { name: '=HYPERLINK("http://evil.example","x")' } })
      const csv = pledgesToCsv((await kejin.pledges.list({})).items)
      expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`)
      expect(csv).not.toMatch(/,=HYPERLINK/)
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
