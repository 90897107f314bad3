import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ValidationError } from "../errors.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire, Yuan } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { FundEntry } from "./schema.js"

// Drill-down from the city fund's figures to a fund's ledger: the ledger list's filters (`techCategory`,
// `mode`, `lpFund`, `government`, `local`) select exactly the entries a figure adds up, so the filtered
// list's count and exact sum are the figure's, on every dialect the suite runs.

const ASOF = "2026-06-30"
const uscc = (n: number) => makeUscc(`91330302MA7${String(n).padStart(6, "0")}`)

/** How many entries and their exact sum (investments and commitments: their amount). */
const totalOf = (entries: ReadonlyArray<FundEntry>) => ({
  count: entries.length,
  amount: toWire(entries.reduce((sum, e) => sum.plus("amount" in e ? e.amount : 0), new Yuan(0)))
})

for (const dialect of testDialects()) {
  describe(`the ledger list behind the city fund's figures on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2026-09-01" } })
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州下钻基金管理" })
      ).id
      const base = { industry: "智能装备", stage: "growth", techCategory: "other" }
      await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城前沿", district: "330302", ...base })
      await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瑞安共性", district: "330381", ...base })
      await kejin.registry.addEnterprise({ uscc: uscc(3), name: "杭州颠覆", district: "330106", ...base })
      const fund = (code: string, kind: "city-fund" | "sub-fund", extra: Record<string, string> = {}) =>
        kejin.funds.create({
          code,
          kind,
          name: `基金 ${code}`,
          manager,
          targetSize: "10000000000.00",
          vintage: "2025-01-01",
          district: "330302",
          ...extra
        })
      await fund("dd-city", "city-fund")
      await fund("dd-sub", "sub-fund", { parent: "dd-city", reinvestRequired: "1.5" })
      await kejin.funds.commit({
        fund: "dd-city",
        on: "2025-01-10",
        amount: "3000000000.00",
        lpName: "温州市财政局",
        lpType: "fiscal"
      })
      // The sub-fund's LPs: the city fund (government money), a state-owned and a private LP, a reversed one
      // and one after the page's date.
      const commit = (on: string, amount: string, lp: Record<string, string>) =>
        kejin.funds.commit({ fund: "dd-sub", on, amount, ...lp } as Parameters<Kejin["funds"]["commit"]>[0])
      await commit("2025-02-01", "200000000.00", { lpFund: "dd-city", lpType: "fiscal" })
      await commit("2025-02-02", "100000000.01", { lpName: "温州国投", lpType: "state-owned" })
      await commit("2025-02-03", "300000000.00", { lpName: "民营出资人", lpType: "private" })
      const wrong = await commit("2025-02-04", "50000000.00", { lpName: "录错", lpType: "state-owned" })
      await kejin.funds.reverse(wrong.id, "录错")
      await commit("2026-08-01", "7.00", { lpName: "日后", lpType: "fiscal" })
      // The sub-fund's investments: in Wenzhou (two districts), outside, a reversed one.
      const invest = (fund: string, enterprise: string, on: string, amount: string, extra = {}) =>
        kejin.funds.invest({ fund, enterprise, on, amount, instrument: "equity", ...extra })
      await invest("dd-sub", uscc(1), "2025-05-01", "40000000.00")
      await invest("dd-sub", uscc(2), "2025-06-01", "25000000.03")
      await invest("dd-sub", uscc(3), "2025-07-01", "60000000.00")
      const undone = await invest("dd-sub", uscc(2), "2025-08-01", "1000000.00")
      await kejin.funds.reverse(undone.id, "录错")
      // The city fund's direct investments this year: two tranches into one enterprise (one project),
      // one per other category, one made through a sub-fund (not direct), one reversed, one last year.
      await invest("dd-city", uscc(1), "2026-01-15", "10000000.00", { techCategory: "frontier" })
      await invest("dd-city", uscc(1), "2026-03-15", "5000000.05", { techCategory: "frontier" })
      await invest("dd-city", uscc(2), "2026-02-01", "8000000.00", { techCategory: "key-generic" })
      await invest("dd-city", uscc(3), "2026-02-10", "3000000.00", { techCategory: "other" })
      await invest("dd-city", uscc(3), "2026-04-01", "9000000.00", {
        techCategory: "disruptive",
        mode: "via-sub-fund"
      })
      const gone = await invest("dd-city", uscc(2), "2026-05-01", "4000000.00", {
        techCategory: "key-generic"
      })
      await kejin.funds.reverse(gone.id, "录错")
      await invest("dd-city", uscc(2), "2025-11-01", "6000000.00", { techCategory: "key-generic" })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("each tech category row of the direct investments is its filtered list (tranches and amount, exact)", async () => {
      const d = (await kejin.funds.cityFund({ asOf: ASOF })).directInvestments
      const rows = d.byTechCategory.filter((r) => r.tranches > 0)
      expect(rows.map((r) => r.techCategory).sort()).toEqual(["frontier", "key-generic", "other"])
      for (const row of d.byTechCategory) {
        const listed = await kejin.funds.ledger("dd-city", {
          kind: "investment",
          mode: "direct",
          techCategory: row.techCategory,
          from: d.from,
          to: d.to,
          includeReversed: false
        })
        expect([row.techCategory, totalOf(listed)]).toEqual([
          row.techCategory,
          { count: row.tranches, amount: toWire(row.amount) }
        ])
      }
      const frontier = d.byTechCategory.find((r) => r.techCategory === "frontier")!
      expect([frontier.count, frontier.tranches, toWire(frontier.amount)]).toEqual([1, 2, "15000000.05"])
    })

    it("each sub-fund figure is its filtered list: size, government, from the city fund, invested locally", async () => {
      const kpis = await kejin.funds.cityFund({ asOf: ASOF })
      const s = kpis.subFunds.find((x) => x.fund === "dd-sub")!
      const common = { to: ASOF, includeReversed: false } as const
      const list = (filters: Parameters<Kejin["funds"]["ledger"]>[1]) =>
        kejin.funds.ledger("dd-sub", { ...common, ...filters }).then(totalOf)
      const size = await list({ kind: "commitment" })
      const government = await list({ kind: "commitment", government: true })
      const fromCity = await list({ kind: "commitment", lpFund: "dd-city" })
      const local = await list({ kind: "investment", local: true })
      expect({
        size: size.amount,
        government: government.amount,
        fromCity: fromCity.amount,
        local: local.amount
      }).toEqual({
        size: toWire(s.size),
        government: toWire(s.government),
        fromCity: toWire(s.cityFundCommitted),
        local: toWire(s.investedLocal)
      })
      expect([size.count, government.count, fromCity.count, local.count]).toEqual([3, 2, 1, 2])
      expect(government.amount).toBe("300000000.01")
      expect(local.amount).toBe("65000000.03")
      // The other sides: private money, and what was invested outside Wenzhou.
      expect((await list({ kind: "commitment", government: false })).amount).toBe("300000000.00")
      expect((await list({ kind: "investment", local: false })).amount).toBe("60000000.00")
    })

    it("refuses a bad filter, naming it", async () => {
      const refused = async (filters: Record<string, unknown>) => {
        const error = await kejin.funds
          .ledger("dd-city", filters as Parameters<Kejin["funds"]["ledger"]>[1])
          .then(
            () => undefined,
            (e: unknown) => e
          )
        expect(error).toBeInstanceOf(ValidationError)
        return (error as ValidationError).issues.map((i) => i.path)
      }
      expect(await refused({ techCategory: "quantum" })).toEqual(["techCategory"])
      expect(await refused({ mode: "indirect" })).toEqual(["mode"])
      expect(await refused({ government: "perhaps" })).toEqual(["government"])
      expect(await refused({ local: "maybe" })).toEqual(["local"])
    })
  })
}
