import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ValidationError } from "../errors.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"
import { inclusiveBuckets } from "./store.js"

// Drill-down from the 普惠 and 首次质押 figures (the breakdown's rows, the targets that follow them) to the
// registrations list: `inclusive=<threshold>` and `firstPledge` with `counting=true` list exactly the
// registrations a row counts and sum to it, at every 普惠 threshold, on every dialect the suite runs.

const patent = (n: number) => `ZL${makePatentNumber(`20219${String(n).padStart(7, "0")}`)}`
const uscc = (n: number) => makeUscc(`91330302ME${String(n).padStart(7, "0")}`)

let serial = 0
const registration = (
  registrationNo: string,
  enterprise: number,
  amount: string,
  registeredOn: string
): PledgeInputJson => {
  serial += 1
  return {
    registrationNo,
    pledgor: { uscc: uscc(enterprise), name: `温州普惠${enterprise}号科技有限公司`, district: "330302" },
    pledgee: { name: "温州银行" },
    patents: [patent(serial)],
    amount,
    registeredOn
  }
}

const period = { from: "2025-01-01", to: "2025-09-30" }

for (const dialect of testDialects()) {
  describe(`the registrations behind the 普惠 and 首次质押 figures on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2026-06-30" } })
      const record = async (input: PledgeInputJson) => (await kejin.pledges.record(input)).id
      const draw = (pledgeId: number, amount: string, disbursedOn: string) =>
        kejin.pledges.loans.draw({
          pledgeId,
          amount,
          rate: "0.0385",
          disbursedOn,
          maturesOn: `${Number(disbursedOn.slice(0, 4)) + 1}${disbursedOn.slice(4)}`
        })
      // Enterprise 1: a first registration last year, two more in the period (neither first).
      await record(registration("PH2024000001", 1, "3000000.00", "2024-06-01"))
      await record(registration("PH2025000002", 1, "4500000.00", "2025-02-01"))
      await record(registration("PH2025000003", 1, "12000000.00", "2025-03-01"))
      // Enterprise 2: its first in the period, changed within it (counts at the amount in force at `to`).
      const changed = await record(registration("PH2025000004", 2, "8000000.00", "2025-02-15"))
      await kejin.pledges.change({ pledgeId: changed, on: "2025-04-01", amount: "9000000.50" })
      // Enterprise 3: above every threshold but drawn in tranches, one of 900万 (普惠 from 1000万 up) and a
      // reversed one of 300万 (which makes it nothing).
      const tranched = await record(registration("PH2025000005", 3, "60000000.00", "2025-04-01"))
      await draw(tranched, "9000000.00", "2025-04-10")
      const undone = await draw(tranched, "3000000.00", "2025-04-11")
      await kejin.pledges.loans.reverse(undone.id, "录错")
      // Enterprise 4: a cancelled first registration, then the one that counts as its first.
      const cancelled = await record(registration("PH2025000006", 4, "2000000.00", "2025-05-01"))
      await kejin.pledges.cancel({ pledgeId: cancelled, on: "2025-05-20" })
      await record(registration("PH2025000007", 4, "25000000.00", "2025-06-01"))
      // Enterprise 5: reversed (counts nothing), and enterprise 6 after the period.
      const reversed = await record(registration("PH2025000008", 5, "1000000.00", "2025-07-01"))
      await kejin.pledges.reverse(reversed, "duplicate")
      await record(registration("PH2025000009", 6, "1000000.00", "2025-10-01"))
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const listed = async (filter: { inclusive?: string; firstPledge?: boolean }) => {
      const page = await kejin.pledges.list({ ...period, ...filter, counting: true, limit: 500 })
      expect(page.items).toHaveLength(page.total)
      return {
        registrations: page.total,
        amount: toWire(page.amount),
        numbers: page.items.map((p) => p.registrationNo).sort()
      }
    }

    for (const threshold of inclusiveBuckets) {
      it(`the 普惠 row at ${threshold} is its list (count and amount, exact)`, async () => {
        const breakdown = await kejin.pledges.breakdown(period, "inclusive", {
          inclusiveThreshold: threshold
        })
        const row = breakdown.rows.find((r) => r.key === true)
        const list = await listed({ inclusive: threshold })
        expect({ registrations: list.registrations, amount: list.amount }).toEqual({
          registrations: row?.measures.registrations ?? 0,
          amount: row === undefined ? "0.00" : toWire(row.measures.amount)
        })
      })
    }

    it("lists the registrations 普惠 at 1000万: small ones and the one drawn in a small tranche", async () => {
      expect((await listed({ inclusive: "1000万" })).numbers).toEqual([
        "PH2025000002",
        "PH2025000004",
        "PH2025000005"
      ])
      expect((await listed({ inclusive: "5000000.00" })).numbers).toEqual(["PH2025000002"])
    })

    it("the 首次质押 rows are their lists, both sides (count and amount, exact)", async () => {
      const breakdown = await kejin.pledges.breakdown(period, "firstPledge")
      for (const side of [true, false]) {
        const row = breakdown.rows.find((r) => r.key === side)
        const list = await listed({ firstPledge: side })
        expect([side, list.registrations, list.amount]).toEqual([
          side,
          row?.measures.registrations ?? 0,
          row === undefined ? "0.00" : toWire(row.measures.amount)
        ])
      }
      expect((await listed({ firstPledge: true })).numbers).toEqual([
        "PH2025000004",
        "PH2025000005",
        "PH2025000007"
      ])
    })

    it("refuses a threshold that is not one of the buckets, naming `inclusive`", async () => {
      for (const inclusive of ["7000000.00", "lots", ""]) {
        const error = await kejin.pledges.list({ ...period, inclusive, limit: 10 }).then(
          () => undefined,
          (e: unknown) => e
        )
        expect(error).toBeInstanceOf(ValidationError)
        const issues = (error as ValidationError).issues
        expect(issues.map((i) => i.path)).toEqual(["inclusive"])
        expect(issues[0]!.message).toContain("10000000.00")
      }
    })
  })
}
