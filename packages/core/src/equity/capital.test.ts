import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

// Committed capital by the funds' origin and by the LPs' type (`funds.capital`), seen through: the city
// fund's commitment to its sub-fund is money moving inside the set, counted once; 温商 capital into funds
// registered in Wenzhou is its own figure.

for (const dialect of testDialects()) {
  describe(`committed capital by origin and LP type on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      const fund = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
      await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
      await kejin.funds.create({
        code: "wz-sub",
        name: "瓯江子基金",
        kind: "sub-fund",
        parent: "wz-city",
        ...fund
      })
      await kejin.funds.create({
        code: "cn-chip",
        name: "国家集成电路基金温州子基金",
        kind: "chain",
        chainStage: "industrial",
        origin: "national",
        ...fund
      })
      // A fund registered outside Wenzhou (Hangzhou, 330106): its 温商 money did not come back.
      await kejin.funds.create({
        code: "hz-merchant",
        name: "杭州温商基金",
        kind: "chain",
        chainStage: "merchant",
        origin: "local",
        ...fund,
        district: "330106"
      })
      const commit = (
        code: string,
        lp: { lpName?: string; lpFund?: string },
        lpType: string,
        amount: string
      ) => kejin.funds.commit({ fund: code, on: "2025-02-01", ...lp, lpType, amount })
      await commit("wz-city", { lpName: "温州市财政局" }, "fiscal", "500000000.00")
      await commit("wz-city", { lpName: "温州商会联合投资" }, "merchant", "100000000.00")
      // Passed down: inside the set when both funds are in it.
      await commit("wz-sub", { lpFund: "wz-city" }, "state-owned", "80000000.00")
      await commit("wz-sub", { lpName: "瑞安温商" }, "merchant", "20000000.00")
      await commit("cn-chip", { lpName: "国家集成电路产业投资基金" }, "state-owned", "300000000.00")
      await commit("hz-merchant", { lpName: "在杭温商" }, "merchant", "50000000.00")
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const rows = (figures: {
      groups: ReadonlyArray<{ key: string; committed: { toFixed(n: number): string } }> // float-ok: Decimal
    }) => figures.groups.map((g) => [g.key, g.committed.toFixed(2)]) // float-ok: Decimal.toFixed, exact

    it("groups by the receiving fund's origin, counting the city fund's money passed down once", async () => {
      const capital = await kejin.funds.capital("origin")
      expect(rows(capital)).toEqual([
        ["local", "670000000.00"],
        ["national", "300000000.00"]
      ])
      expect(capital.committed.toFixed(2)).toBe("970000000.00") // float-ok: Decimal.toFixed, exact
      expect(capital.internal.toFixed(2)).toBe("80000000.00") // float-ok: Decimal.toFixed, exact
    })

    it("groups by the LP's type, with the 温商 capital that came back to Wenzhou as its own figure", async () => {
      const capital = await kejin.funds.capital("lpType")
      expect(rows(capital)).toEqual([
        ["fiscal", "500000000.00"],
        ["merchant", "170000000.00"],
        ["state-owned", "300000000.00"]
      ])
      // 100 + 20 million into Wenzhou funds; the Hangzhou fund's 50 million is 温商 money but not back home.
      expect(capital.merchantReturned.toFixed(2)).toBe("120000000.00") // float-ok: Decimal.toFixed, exact
      // The sub-fund alone: the city fund's commitment came from outside the set and counts.
      const sub = await kejin.funds.capital("lpType", { funds: ["wz-sub"] })
      expect(rows(sub)).toEqual([
        ["merchant", "20000000.00"],
        ["state-owned", "80000000.00"]
      ])
      expect(sub.internal.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    })

    it("groups the funds' own figures by origin", async () => {
      const groups = await kejin.funds.groups("origin")
      expect(groups.map((g) => g.key)).toEqual(["local", "national"])
    })
  })
}
