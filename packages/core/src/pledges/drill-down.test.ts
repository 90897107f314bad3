import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"

// Drill-down: the list behind a breakdown row (`counting: true`, the row's period and group) holds the
// registrations the row counts and sums to the row's figure (amounts in force at the period's end,
// cancelled and reversed registrations out), on every dialect the suite runs.

const patent = (n: number) => `ZL${makePatentNumber(`20218${String(n).padStart(7, "0")}`)}`
const uscc = (n: number) => makeUscc(`91330302MD${String(n).padStart(7, "0")}`)

let serial = 0
const registration = (
  registrationNo: string,
  district: string,
  bank: string,
  amount: string,
  registeredOn: string,
  enterprise = serial + 1
): PledgeInputJson => {
  serial += 1
  return {
    registrationNo,
    pledgor: { uscc: uscc(enterprise), name: `温州下钻${enterprise}号科技有限公司`, district },
    pledgee: { name: bank },
    patents: [patent(serial)],
    amount,
    registeredOn
  }
}

const period = { from: "2025-01-01", to: "2025-09-30" }

for (const dialect of testDialects()) {
  describe(`drill-down from a breakdown row to its list on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      const record = async (input: PledgeInputJson) => (await kejin.pledges.record(input)).id
      await record(registration("DD2025000001", "330302", "温州银行", "1000000.00", "2025-02-01"))
      // Changed within the period: counts at 6,000,000.00; its change after the period does not count.
      const changed = await record(
        registration("DD2025000002", "330302", "温州银行", "5000000.00", "2025-03-01")
      )
      await kejin.pledges.change({ pledgeId: changed, on: "2025-04-01", amount: "6000000.00" })
      await kejin.pledges.change({ pledgeId: changed, on: "2025-10-15", amount: "6500000.00" })
      // Released: still counts.
      const released = await record(
        registration("DD2025000003", "330381", "瑞安农商银行", "2000000.33", "2025-05-01")
      )
      await kejin.pledges.release({ pledgeId: released, on: "2025-06-01" })
      // Cancelled (after the period's end too): counts nothing.
      const cancelled = await record(
        registration("DD2025000004", "330302", "温州银行", "3000000.00", "2025-06-01")
      )
      await kejin.pledges.cancel({ pledgeId: cancelled, on: "2025-11-02" })
      // Reversed: counts nothing.
      const reversed = await record(
        registration("DD2025000005", "330381", "温州银行", "4000000.00", "2025-07-01")
      )
      await kejin.pledges.reverse(reversed, "duplicate")
      // Outside the period.
      await record(registration("DD2024000006", "330302", "温州银行", "7000000.00", "2024-12-31"))
      await record(registration("DD2025000007", "330302", "温州银行", "8000000.00", "2025-10-01"))
      // The same enterprise again, in another district.
      await record(registration("DD2025000008", "330381", "温州银行", "9000000.07", "2025-08-01", 1))
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    for (const by of ["district", "bank"] as const) {
      it(`each ${by} row's list sums to the row (count and amount, exact)`, async () => {
        const breakdown = await kejin.pledges.breakdown(period, by)
        expect(breakdown.rows.length).toBe(2)
        for (const row of breakdown.rows) {
          const group = by === "district" ? { district: String(row.key) } : { bank: String(row.key) }
          const page = await kejin.pledges.list({ ...period, ...group, counting: true, limit: 500 })
          expect([row.key, page.total, toWire(page.amount)]).toEqual([
            row.key,
            row.measures.registrations,
            toWire(row.measures.amount)
          ])
          expect(page.items).toHaveLength(page.total)
        }
      })
    }

    it("leaves cancelled and reversed registrations out and counts amounts in force at `to`", async () => {
      const page = await kejin.pledges.list({ ...period, district: "330302", counting: true, limit: 500 })
      expect(page.items.map((p) => p.registrationNo).sort()).toEqual(["DD2025000001", "DD2025000002"])
      expect(toWire(page.amount)).toBe("7000000.00")
      // Without `counting` the list holds the cancelled one too, at registered amounts.
      const plain = await kejin.pledges.list({ ...period, district: "330302", limit: 500 })
      expect([plain.total, toWire(plain.amount)]).toEqual([3, "9000000.00"])
      // The whole period's list is the summary's figure, sorted and paged alike.
      const summary = await kejin.pledges.summary(period)
      const all = await kejin.pledges.list({ ...period, counting: true, sort: "amount", limit: 2 })
      expect([all.total, toWire(all.amount)]).toEqual([
        summary.measures.registrations,
        toWire(summary.measures.amount)
      ])
      expect(all.items.map((p) => p.registrationNo)).toEqual(["DD2025000001", "DD2025000003"])
      const next = await kejin.pledges.list({
        ...period,
        counting: true,
        sort: "amount",
        limit: 2,
        offset: 2
      })
      expect(next.items.map((p) => p.registrationNo)).toEqual(["DD2025000002", "DD2025000008"])
    })

    it("is refused naming `counting` when it is not a yes or no", async () => {
      const error = await kejin.pledges.list({ counting: "sometimes" as unknown as boolean }).catch((e) => e)
      expect(error._tag).toBe("ValidationError")
      expect(error.issues.map((i: { path: string }) => i.path)).toEqual(["counting"])
    })
  })
}
