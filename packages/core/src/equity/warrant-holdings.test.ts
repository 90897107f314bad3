import type { Decimal } from "decimal.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

/*
 * 投贷联动 WARRANTS A FUND HOLDS, hand-checked (issue 13: warrant exercises and exits must reach the figures
 * of the fund that holds them). The fund invests 1,000,000 in E (equity, 03-01); a bank loan to E linked to
 * that investment carries a 认股权 of 10 % held by the fund (warrant.holderFund).
 *
 *   06-01 exercise 6 %, paying 300,000; 07-01 exercise 4 %, paying 200,000 → cost 500,000 for 10 %
 *   09-01 exit 4 % for 350,000 → cost taken 500,000 × 4 / 10 = 200,000; remaining 300,000 (at cost)
 *
 *   fund, as of 2025-12-31: invested 1,000,000 + 500,000 = 1,500,000; exit proceeds 350,000; remaining cost
 *   1,000,000 + 300,000; holdings value 1,300,000 (both at cost); deals by instrument: warrant 500,000.
 *   The exit reversed: proceeds 0, remaining 1,500,000.
 */

const w = (d: Decimal) => toWire(d)

for (const dialect of testDialects()) {
  describe(`warrants held by a fund on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let exitId: number

    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-01-15" } })
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "认股权基金管理" }))
        .id
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const e = makeUscc("91330302MA2WR0001")
      await kejin.registry.addEnterprise({
        uscc: e,
        name: "认股权企业",
        district: "330302",
        industry: "新材料",
        stage: "start-up",
        techCategory: "frontier"
      })
      await kejin.funds.create({
        code: "wr-fund",
        name: "投贷联动基金",
        kind: "chain",
        chainStage: "venture",
        manager,
        targetSize: "10000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      await kejin.funds.commit({
        fund: "wr-fund",
        on: "2025-01-10",
        lpName: "LP",
        lpType: "private",
        amount: "5000000.00"
      })
      const investment = await kejin.funds.invest({
        fund: "wr-fund",
        enterprise: e,
        on: "2025-03-01",
        amount: "1000000.00",
        instrument: "equity"
      })
      const loan = await kejin.linkage.recordInvestmentLoan({
        bank,
        enterprise: e,
        amount: "3000000.00",
        ratePercent: "3.2",
        disbursedOn: "2025-04-01",
        maturesOn: "2027-12-31",
        investment: investment.id,
        warrant: {
          holder: "投贷联动基金",
          holderFund: "wr-fund",
          equityPercent: "10",
          strikeBasis: "A轮估值",
          expiresOn: "2027-12-31"
        }
      })
      await kejin.linkage.recordWarrantExercise({
        loan: loan.id,
        on: "2025-06-01",
        equityPercent: "6",
        amountPaid: "300000.00"
      })
      await kejin.linkage.recordWarrantExercise({
        loan: loan.id,
        on: "2025-07-01",
        equityPercent: "4",
        amountPaid: "200000.00"
      })
      exitId = (
        await kejin.linkage.recordWarrantExit({
          loan: loan.id,
          on: "2025-09-01",
          proceeds: "350000.00",
          equityPercent: "4"
        })
      ).id
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("counts the exercises as invested and the exits as proceeds of the holder fund, reversals left out", async () => {
      const m = await kejin.funds.metrics("wr-fund", { asOf: "2025-12-31" })
      expect([m.invested, m.exitProceeds, m.remainingCost, m.holdingsValue].map(w)).toEqual([
        "1500000.00",
        "350000.00",
        "1300000.00",
        "1300000.00"
      ])
      const byInstrument = await kejin.funds.deals("instrument", { asOf: "2025-12-31", funds: ["wr-fund"] })
      expect(byInstrument.map((g) => [g.key, w(g.figures.invested), w(g.figures.exitedCost)])).toEqual([
        ["equity", "1000000.00", "0.00"],
        ["warrant", "500000.00", "200000.00"]
      ])
      // Before the first exercise nothing of it counts.
      const before = await kejin.funds.metrics("wr-fund", { asOf: "2025-05-31" })
      expect(w(before.invested)).toBe("1000000.00")
      // A reversed exit is left out.
      await kejin.linkage.reverse("warrant-event", exitId, "卖出未成交")
      const after = await kejin.funds.metrics("wr-fund", { asOf: "2025-12-31" })
      expect([after.exitProceeds, after.remainingCost].map(w)).toEqual(["0.00", "1500000.00"])
    })
  })
}
