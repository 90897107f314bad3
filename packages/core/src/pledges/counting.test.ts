import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire, Yuan } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeDimension, PledgeMeasures } from "./figures.js"
import type { PeriodSpec } from "./period.js"
import type { EnterpriseSize, PledgeInputJson } from "./schema.js"

// What counts toward the 25亿 (DOMAIN.md): registrations registered in the period, each at the secured
// amount in force at the period's end; a cancelled one (撤销) counts nothing for every period, a released
// one (注销/解除) keeps counting, reversed records count nothing. The same rule in the total, the
// breakdowns, the two flags, the monthly series, the summary and the target's progress.
//
// The book (yuan; inclusive threshold 10,000,000.00):
//   a1 E1 鹿城 温州银行   small   10,000,000  2025-03-10  E1's first; a loan of 5,000,000 drawn and repaid
//   a2 E1 鹿城 温州银行   small    4,000,000  2025-05-01
//   b1 E2 瑞安 瑞安农商银行 micro   6,000,000  2025-04-01
//   c1 E3 鹿城 温州银行   medium  20,000,000  2025-06-01  released 2025-09-01
//   d1 E4 瑞安 温州银行   small    3,000,000  2025-07-01  E4's only registration

const uscc = (n: number) => makeUscc(`91330302MC${String(n).padStart(7, "0")}`)
let serial = 0
const patent = () => `ZL${makePatentNumber(`20231${String(++serial).padStart(7, "0")}`)}`

const reg = (
  no: string,
  enterprise: number,
  district: string,
  pledgee: string,
  size: EnterpriseSize,
  amount: string,
  registeredOn: string
): PledgeInputJson => ({
  registrationNo: no,
  pledgor: { uscc: uscc(enterprise), name: `温州计数${enterprise}号有限公司`, district, size },
  pledgee: { name: pledgee, kind: "bank" },
  patents: [patent()],
  amount,
  registeredOn
})

/** amount registrations patents enterprises loans lending: a failure shows the figures. */
const text = (m: PledgeMeasures) =>
  [toWire(m.amount), m.registrations, m.patents, m.enterprises, m.loans, toWire(m.lending)].join(" ")

for (const dialect of testDialects()) {
  describe(`what counts toward the 25亿 on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const ids: Record<string, number> = {}

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2027-12-31" } })
      const rows = {
        a1: reg("YC2025000001", 1, "330302", "温州银行", "small", "10000000.00", "2025-03-10"),
        a2: reg("YC2025000002", 1, "330302", "温州银行", "small", "4000000.00", "2025-05-01"),
        b1: reg("YC2025000003", 2, "330381", "瑞安农商银行", "micro", "6000000.00", "2025-04-01"),
        c1: reg("YC2025000004", 3, "330302", "温州银行", "medium", "20000000.00", "2025-06-01"),
        d1: reg("YC2025000005", 4, "330381", "温州银行", "small", "3000000.00", "2025-07-01")
      }
      for (const [key, row] of Object.entries(rows)) ids[key] = (await kejin.pledges.record(row)).id
      const loan = await kejin.pledges.loans.draw({
        pledgeId: ids.a1!,
        amount: "5000000.00",
        rate: "0.0385",
        disbursedOn: "2025-03-15",
        maturesOn: "2026-03-14"
      })
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-07-20", amount: "5000000.00" })
      await kejin.pledges.release({ pledgeId: ids.c1!, on: "2025-09-01" })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const total = async (period: PeriodSpec) => {
      const t = await kejin.pledges.total(period)
      return `${toWire(t.amount)} ${t.count}`
    }
    const rowsOf = async (period: PeriodSpec, by: PledgeDimension) =>
      Object.fromEntries(
        (await kejin.pledges.breakdown(period, by)).rows.map((r) => [String(r.key), text(r.measures)])
      )
    const monthly = async (period: PeriodSpec) =>
      Object.fromEntries((await kejin.pledges.monthly(period)).map((m) => [m.month, toWire(m.amount)]))
    const progress = async (asOf: string) => {
      const found = (await kejin.targets.progress(asOf)).find((p) => p.key === "patent-pledge-financing")
      return toWire(found!.value)
    }
    const cancel = async (key: string, on: string) => {
      const cancelled = await kejin.pledges.cancel({ pledgeId: ids[key]!, on })
      return cancelled.events[cancelled.events.length - 1]!.id
    }

    it("counts every live registration, a released one too, at its registered amount", async () => {
      expect(await total({ year: 2025 })).toBe("43000000.00 5")
      expect(text((await kejin.pledges.summary({ year: 2025 })).measures)).toBe(
        "43000000.00 5 5 4 1 5000000.00"
      )
      expect(await progress("2025-12-31")).toBe("43000000.00")
    })

    it("a cancelled registration counts nothing, in every period and every figure", async () => {
      // d1 changes before it is cancelled: neither its amount nor the change counts.
      await kejin.pledges.change({ pledgeId: ids.d1!, on: "2025-07-10", amount: "5000000.00" })
      await cancel("a1", "2025-08-01")
      await cancel("d1", "2025-08-15")

      expect(await total({ year: 2025 })).toBe("30000000.00 3")
      // Void as if never registered: a period that ends before the cancellation leaves it out as well.
      expect(await total({ from: "2025-01-01", to: "2025-07-31" })).toBe("30000000.00 3")
      expect(await total({ year: 2025, month: 3 })).toBe("0.00 0")
      // The loan drawn under a1 was lent and repaid before the cancellation: lending keeps it.
      expect(text((await kejin.pledges.summary({ year: 2025 })).measures)).toBe(
        "30000000.00 3 3 3 1 5000000.00"
      )
      expect(await monthly({ year: 2025 })).toMatchObject({
        "2025-03": "0.00",
        "2025-04": "6000000.00",
        "2025-05": "4000000.00",
        "2025-06": "20000000.00",
        "2025-07": "0.00"
      })
      expect(await rowsOf({ year: 2025 }, "district")).toEqual({
        "330302": "24000000.00 2 2 2 1 5000000.00",
        "330381": "6000000.00 1 1 1 0 0.00"
      })
      expect(await rowsOf({ year: 2025 }, "bank")).toEqual({
        温州银行: "24000000.00 2 2 2 1 5000000.00",
        瑞安农商银行: "6000000.00 1 1 1 0 0.00"
      })
      expect(await rowsOf({ year: 2025 }, "size")).toEqual({
        medium: "20000000.00 1 1 1 0 0.00",
        micro: "6000000.00 1 1 1 0 0.00",
        small: "4000000.00 1 1 1 1 5000000.00"
      })
      // E1's first pledge is now a2; a1's loan, on no first pledge, is on the other side.
      expect(await rowsOf({ year: 2025 }, "firstPledge")).toEqual({
        true: "30000000.00 3 3 3 0 0.00",
        false: "0.00 0 0 0 1 5000000.00"
      })
      expect(await rowsOf({ year: 2025 }, "inclusive")).toEqual({
        true: "10000000.00 2 2 2 1 5000000.00",
        false: "20000000.00 1 1 1 0 0.00"
      })
      expect(await progress("2025-12-31")).toBe("30000000.00")
      expect((await kejin.pledges.registration(ids.a2!)).firstPledge).toBe(true)
      expect((await kejin.pledges.registration(ids.a1!)).firstPledge).toBe(false)

      // Reversing the cancelled registration as well takes nothing out twice.
      await kejin.pledges.reverse(ids.d1!, "recorded in error")
      expect(await total({ year: 2025 })).toBe("30000000.00 3")
      expect(text((await kejin.pledges.summary({ year: 2025 })).measures)).toBe(
        "30000000.00 3 3 3 1 5000000.00"
      )
    })

    it("reversing the cancellation brings the registration back everywhere", async () => {
      const cancelled = await cancel("a1", "2025-08-01")
      expect(await total({ year: 2025 })).toBe("33000000.00 4")
      await kejin.pledges.reverseEvent(cancelled, "cancelled the wrong registration")
      expect(await total({ year: 2025 })).toBe("43000000.00 5")
      expect(text((await kejin.pledges.summary({ year: 2025 })).measures)).toBe(
        "43000000.00 5 5 4 1 5000000.00"
      )
      expect(await rowsOf({ year: 2025 }, "firstPledge")).toEqual({
        true: "39000000.00 4 4 4 1 5000000.00",
        false: "4000000.00 1 1 1 0 0.00"
      })
      expect((await monthly({ year: 2025 }))["2025-03"]).toBe("10000000.00")
      expect(await progress("2025-12-31")).toBe("43000000.00")
      expect((await kejin.pledges.registration(ids.a1!)).firstPledge).toBe(true)
    })

    it("an enterprise whose only registration in the period was cancelled is not served in it", async () => {
      await cancel("d1", "2025-08-15")
      expect(text((await kejin.pledges.summary({ year: 2025 })).measures)).toBe(
        "40000000.00 4 4 3 1 5000000.00"
      )
      expect(await rowsOf({ year: 2025 }, "district")).toEqual({
        "330302": "34000000.00 3 3 2 1 5000000.00",
        "330381": "6000000.00 1 1 1 0 0.00"
      })
      expect((await rowsOf({ year: 2025 }, "inclusive")).true).toBe("20000000.00 3 3 2 1 5000000.00")
    })

    it("takes each registration at the amount in force at the period's end", async () => {
      await kejin.pledges.change({ pledgeId: ids.b1!, on: "2025-06-15", amount: "9000000.00" })
      await kejin.pledges.change({ pledgeId: ids.b1!, on: "2026-02-01", amount: "12000000.00" })
      // A reversed change counts nothing.
      const wrong = await kejin.pledges.change({ pledgeId: ids.d1!, on: "2025-10-01", amount: "8000000.00" })
      await kejin.pledges.reverseEvent(wrong.events[wrong.events.length - 1]!.id, "wrong amount")

      expect(await total({ from: "2025-01-01", to: "2025-05-31" })).toBe("20000000.00 3")
      expect(await total({ from: "2025-01-01", to: "2025-06-30" })).toBe("43000000.00 4")
      // 2025 read as of its end: b1's 2026 change does not rewrite it.
      expect(await total({ year: 2025 })).toBe("46000000.00 5")
      expect(await total({ from: "2025-01-01", to: "2026-12-31" })).toBe("49000000.00 5")
      expect(await total({ year: 2026 })).toBe("0.00 0")
      expect((await monthly({ year: 2025 }))["2025-04"]).toBe("9000000.00")
      expect((await monthly({ from: "2025-01-01", to: "2026-12-31" }))["2025-04"]).toBe("12000000.00")
      expect(await rowsOf({ year: 2025 }, "district")).toEqual({
        "330302": "34000000.00 3 3 2 1 5000000.00",
        "330381": "12000000.00 2 2 2 0 0.00"
      })
      expect((await rowsOf({ year: 2025 }, "bank")).瑞安农商银行).toBe("9000000.00 1 1 1 0 0.00")
      expect((await rowsOf({ year: 2025 }, "size")).micro).toBe("9000000.00 1 1 1 0 0.00")
      // 普惠 by the registered amount (b1's 6,000,000.00); its amount counts as in force.
      expect(await rowsOf({ year: 2025 }, "inclusive")).toEqual({
        true: "26000000.00 4 4 3 1 5000000.00",
        false: "20000000.00 1 1 1 0 0.00"
      })
      expect(await rowsOf({ year: 2025 }, "firstPledge")).toEqual({
        true: "42000000.00 4 4 4 1 5000000.00",
        false: "4000000.00 1 1 1 0 0.00"
      })
      const y2026 = await kejin.pledges.summary({ year: 2026 })
      expect(toWire(y2026.previous.amount)).toBe("46000000.00")
      const yoy = await kejin.pledges.breakdown({ year: 2026 }, "bank", { yoy: true })
      expect(toWire(yoy.rows.find((r) => r.key === "瑞安农商银行")!.previous!.amount)).toBe("9000000.00")
      expect(await progress("2025-06-30")).toBe("43000000.00")
      expect(await progress("2025-12-31")).toBe("46000000.00")
    })

    it("adds up the same everywhere: the groups of each breakdown, the months and the total", async () => {
      await kejin.pledges.change({ pledgeId: ids.b1!, on: "2025-06-15", amount: "9000000.00" })
      await kejin.pledges.change({ pledgeId: ids.a2!, on: "2026-02-01", amount: "4500000.00" })
      await cancel("d1", "2025-08-15")
      const periods: ReadonlyArray<PeriodSpec> = [
        { year: 2025 },
        { year: 2025, quarter: 2 },
        { from: "2025-04-01", to: "2025-06-20" },
        { from: "2025-01-01", to: "2026-12-31" }
      ]
      for (const period of periods) {
        const total = await kejin.pledges.total(period)
        const months = await kejin.pledges.monthly(period)
        expect(toWire(months.reduce((a, m) => a.plus(m.amount), new Yuan(0)))).toBe(toWire(total.amount))
        expect(months.reduce((n, m) => n + m.count, 0)).toBe(total.count)
        expect(toWire((await kejin.pledges.summary(period)).measures.amount)).toBe(toWire(total.amount))
        for (const by of ["district", "bank", "size", "firstPledge", "inclusive"] as const) {
          const b = await kejin.pledges.breakdown(period, by)
          expect(toWire(b.total.amount)).toBe(toWire(total.amount))
          expect(b.total.registrations).toBe(total.count)
          const sum = b.rows.reduce((a, r) => a.plus(r.measures.amount), new Yuan(0))
          expect(toWire(sum)).toBe(toWire(total.amount))
          expect(b.rows.reduce((n, r) => n + r.measures.registrations, 0)).toBe(total.count)
        }
      }
    })
  })
}
