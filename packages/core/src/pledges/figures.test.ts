import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire, Yuan } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import {
  type PledgeBreakdown,
  type PledgeDimension,
  type PledgeMeasures,
  pledgeDimensions
} from "./figures.js"
import { type PeriodSpec, PLAN_PERIOD } from "./period.js"
import type { EnterpriseSize, PledgeInputJson } from "./schema.js"

// A small, hand-checked book (amounts in yuan):
//
// 2025  r1 E1 鹿城 温州银行 small   5,000,000  2 patents  L1 5,000,000 (repaid 2M 2025-12-01, 3M 2026-03-14; released)
//       r2 E2 瑞安 瑞安农商 micro  20,000,000  1 patent   L2 12,000,000 (2025-06-20), L3 8,000,000 (2026-01-10)
//       r3 E1 鹿城 温州银行 small   8,000,000  1 patent   L4 8,000,000 (default 2026-05-01, recovered 1M 2026-07-01)
//       r4 E3 瑞安 担保公司  —      30,000,000  3 patents  L5 30,000,000 lent by 温州银行
//       r5 E4 鹿城 温州银行 medium  1,000,000  1 patent   L6 1,000,000, repaid 0.5M — registration reversed
// 2026  r6 E2 瑞安 瑞安农商 micro  15,000,000  2 patents  L7a 10,000,000 reversed; L7 15,000,000
//       r7 E5 鹿城 温州银行 large  40,000,000  1 patent   L9 40,000,000 (repaid 10M; a 5M repayment reversed)
// 2027  three of 3,002,399,751,580.33 (E6, 龙港, 温州银行), each fully drawn: the exactness case.

const E = [0, 1, 2, 3, 4, 5, 6].map((n) => makeUscc(`91330302MA${String(n).padStart(7, "0")}`))
let patentSerial = 0
const patents = (n: number) =>
  Array.from({ length: n }, () => `ZL${makePatentNumber(`20211${String(++patentSerial).padStart(7, "0")}`)}`)

const reg = (
  no: string,
  enterprise: number,
  district: string,
  pledgee: string,
  size: EnterpriseSize | undefined,
  amount: string,
  registeredOn: string,
  patentCount: number
): PledgeInputJson => ({
  registrationNo: no,
  pledgor: {
    uscc: E[enterprise]!,
    name: `温州样本${enterprise}号有限公司`,
    district,
    ...(size === undefined ? {} : { size })
  },
  pledgee:
    pledgee === "温州市融资担保有限公司"
      ? { name: pledgee, kind: "guarantor" }
      : { name: pledgee, kind: "bank" },
  patents: patents(patentCount),
  amount,
  registeredOn
})

const BIG = "3002399751580.33"

/** Measures as plain text so a failure shows the figures. */
const text = (m: PledgeMeasures) =>
  [
    m.amount.toFixed(2), // float-ok: Decimal.toFixed, exact
    m.registrations,
    m.patents,
    m.enterprises,
    m.loans,
    m.lending.toFixed(2), // float-ok: Decimal.toFixed, exact
    m.lendingToDate.toFixed(2), // float-ok: Decimal.toFixed, exact
    m.repaidToDate.toFixed(2), // float-ok: Decimal.toFixed, exact
    m.outstanding.toFixed(2) // float-ok: Decimal.toFixed, exact
  ].join(" ")

const additive = ["amount", "lending", "lendingToDate", "repaidToDate", "outstanding"] as const
const counts = ["registrations", "patents", "loans"] as const

for (const dialect of testDialects()) {
  describe(`pledge figures on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const ids: Record<string, number> = {}
    const loans: Record<string, number> = {}

    const draw = async (key: string, pledge: string, amount: string, disbursedOn: string, bank?: string) => {
      const loan = await kejin.pledges.loans.draw({
        pledgeId: ids[pledge]!,
        ...(bank === undefined ? {} : { bank }),
        amount,
        rate: "0.0385",
        disbursedOn,
        maturesOn: `${Number(disbursedOn.slice(0, 4)) + 1}${disbursedOn.slice(4)}`
      })
      loans[key] = loan.id
      return loan
    }

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      // Records dated up to 2027: the store's clock stands at the end of 2027.
      kejin = await openKejin({ database: database.url, clock: { today: "2027-12-31" } })
      const rows = [
        reg("YF2025000001", 1, "330302", "温州银行", "small", "5000000.00", "2025-03-10", 2),
        reg("YF2025000002", 2, "330381", "瑞安农商银行", "micro", "20000000.00", "2025-06-15", 1),
        reg("YF2025000003", 1, "330302", "温州银行", "small", "8000000.00", "2025-09-01", 1),
        reg("YF2025000004", 3, "330381", "温州市融资担保有限公司", undefined, "30000000.00", "2025-11-20", 3),
        reg("YF2025000005", 4, "330302", "温州银行", "medium", "1000000.00", "2025-12-01", 1),
        reg("YF2026000006", 2, "330381", "瑞安农商银行", "micro", "15000000.00", "2026-06-01", 2),
        reg("YF2026000007", 5, "330302", "温州银行", "large", "40000000.00", "2026-08-08", 1),
        reg("YF2027000008", 6, "330383", "温州银行", "small", BIG, "2027-06-01", 1),
        reg("YF2027000009", 6, "330383", "温州银行", "small", BIG, "2027-06-02", 1),
        reg("YF2027000010", 6, "330383", "温州银行", "small", BIG, "2027-06-03", 1)
      ]
      for (const [i, row] of rows.entries()) ids[`r${i + 1}`] = (await kejin.pledges.record(row)).id
      await draw("L1", "r1", "5000000.00", "2025-03-15")
      await draw("L2", "r2", "12000000.00", "2025-06-20")
      await draw("L3", "r2", "8000000.00", "2026-01-10")
      await draw("L4", "r3", "8000000.00", "2025-09-05")
      await draw("L5", "r4", "30000000.00", "2025-11-25", "温州银行")
      await draw("L6", "r5", "1000000.00", "2025-12-05")
      await draw("L7a", "r6", "10000000.00", "2026-06-05")
      await kejin.pledges.loans.reverse(loans.L7a!, "drawn under the wrong registration")
      await draw("L7", "r6", "15000000.00", "2026-06-05")
      await draw("L9", "r7", "40000000.00", "2026-08-10")
      for (const key of ["r8", "r9", "r10"]) await draw(`L-${key}`, key, BIG, "2027-06-10")

      await kejin.pledges.loans.repay({ loanId: loans.L1!, on: "2025-12-01", amount: "2000000.00" })
      await kejin.pledges.loans.repay({ loanId: loans.L1!, on: "2026-03-14", amount: "3000000.00" })
      await kejin.pledges.release({ pledgeId: ids.r1!, on: "2026-03-20" })
      await kejin.pledges.loans.default({ loanId: loans.L4!, on: "2026-05-01" })
      await kejin.pledges.loans.repay({ loanId: loans.L4!, on: "2026-07-01", amount: "1000000.00" })
      await kejin.pledges.loans.repay({ loanId: loans.L6!, on: "2025-12-20", amount: "500000.00" })
      await kejin.pledges.reverse(ids.r5!, "not a Wenzhou pledge")
      await kejin.pledges.loans.repay({ loanId: loans.L9!, on: "2026-12-10", amount: "10000000.00" })
      const wrong = await kejin.pledges.loans.repay({
        loanId: loans.L9!,
        on: "2026-12-20",
        amount: "5000000.00"
      })
      await kejin.pledges.loans.reverseEvent(wrong.events[1]!.id, "entered twice")
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("sums a year: registered amount, registrations, patents, enterprises, lending and balances", async () => {
      const y2025 = await kejin.pledges.summary({ year: 2025 })
      // 5 + 20 + 8 + 30 (r5 reversed); E1 E2 E3; L1 L2 L4 L5 (L6 dead); repaid 2M by year end.
      expect(text(y2025.measures)).toBe("63000000.00 4 7 3 4 55000000.00 55000000.00 2000000.00 53000000.00")
      const y2026 = await kejin.pledges.summary({ year: 2026 })
      // r6 r7; L3 L7 L9 (L7a reversed); to date 55M + 63M; repaid 2 + 3 + 1 + 10 (5M reversed).
      expect(text(y2026.measures)).toBe(
        "55000000.00 2 3 2 3 63000000.00 118000000.00 16000000.00 102000000.00"
      )
      expect(y2026.defaulted.loans).toBe(1)
      expect(y2026.defaulted.outstanding.toFixed(2)).toBe("7000000.00") // float-ok: Decimal.toFixed, exact
      expect(y2025.defaulted.loans).toBe(0)
    })

    it("compares with the same period a year earlier; no base, no growth", async () => {
      const y2026 = await kejin.pledges.summary({ year: 2026 })
      expect(y2026.previousPeriod).toEqual({ from: "2025-01-01", to: "2025-12-31" })
      expect(text(y2026.previous)).toBe(text((await kejin.pledges.summary({ year: 2025 })).measures))
      expect(y2026.growth.amount).toBeCloseTo(55 / 63 - 1, 12)
      expect(y2026.growth.registrations).toBe(-0.5)
      expect(y2026.growth.lending).toBeCloseTo(63 / 55 - 1, 12)
      expect(y2026.growth.outstanding).toBeCloseTo(102 / 53 - 1, 12)
      const y2025 = await kejin.pledges.summary({ year: 2025 })
      expect(y2025.growth).toEqual({
        amount: null,
        registrations: null,
        patents: null,
        enterprises: null,
        loans: null,
        lending: null,
        outstanding: null
      })
      // A quarter against the same quarter: Q2 2026 (r6 15M) vs Q2 2025 (r2 20M).
      const q2 = await kejin.pledges.summary({ year: 2026, quarter: 2 })
      expect(q2.previousPeriod).toEqual({ from: "2025-04-01", to: "2025-06-30" })
      expect(q2.growth.amount).toBe(-0.25)
    })

    it("breaks a year down by district, bank, size, 普惠 and 首次质押 with hand-checked rows", async () => {
      const rows = async (by: PledgeDimension, options = {}) =>
        (await kejin.pledges.breakdown({ year: 2025 }, by, options)).rows.map(
          (r) => `${String(r.key)} ${r.label}: ${text(r.measures)}`
        )
      expect(await rows("district")).toEqual([
        "330302 鹿城区: 13000000.00 2 3 1 2 13000000.00 13000000.00 2000000.00 11000000.00",
        "330381 瑞安市: 50000000.00 2 4 2 2 42000000.00 42000000.00 0.00 42000000.00"
      ])
      // Registrations by pledgee, loans by their lending bank: the guarantor has no loans of its own.
      expect(await rows("bank")).toEqual([
        "温州市融资担保有限公司 温州市融资担保有限公司: 30000000.00 1 3 1 0 0.00 0.00 0.00 0.00",
        "瑞安农商银行 瑞安农商银行: 20000000.00 1 1 1 1 12000000.00 12000000.00 0.00 12000000.00",
        "温州银行 温州银行: 13000000.00 2 3 1 3 43000000.00 43000000.00 2000000.00 41000000.00"
      ])
      // medium (r5) was reversed with its loan: no row.
      expect(await rows("size")).toEqual([
        "micro 微型企业: 20000000.00 1 1 1 1 12000000.00 12000000.00 0.00 12000000.00",
        "small 小型企业: 13000000.00 2 3 1 2 13000000.00 13000000.00 2000000.00 11000000.00",
        "null 未填: 30000000.00 1 3 1 1 30000000.00 30000000.00 0.00 30000000.00"
      ])
      // r2 (20M) is 普惠 through its 8M tranche drawn in 2026; r4 (30M, one 30M loan) is not.
      expect(await rows("inclusive")).toEqual([
        "true 普惠: 33000000.00 3 4 2 3 25000000.00 25000000.00 2000000.00 23000000.00",
        "false 非普惠: 30000000.00 1 3 1 1 30000000.00 30000000.00 0.00 30000000.00"
      ])
      expect(await rows("inclusive", { inclusiveThreshold: "500万" })).toEqual([
        "true 普惠: 5000000.00 1 2 1 1 5000000.00 5000000.00 2000000.00 3000000.00",
        "false 非普惠: 58000000.00 3 5 3 3 50000000.00 50000000.00 0.00 50000000.00"
      ])
      // First pledges in 2025: r1 (E1), r2 (E2), r4 (E3); r3 is E1's second. E4's only one was reversed.
      expect(await rows("firstPledge")).toEqual([
        "true 首次质押: 55000000.00 3 6 3 3 47000000.00 47000000.00 2000000.00 45000000.00",
        "false 非首次质押: 8000000.00 1 1 1 1 8000000.00 8000000.00 0.00 8000000.00"
      ])
    })

    it("adds each group a year earlier and its growth on request", async () => {
      const b = await kejin.pledges.breakdown({ year: 2026 }, "district", { yoy: true })
      expect(b.previousPeriod).toEqual({ from: "2025-01-01", to: "2025-12-31" })
      const ruian = b.rows.find((r) => r.key === "330381")!
      expect(ruian.measures.amount.toFixed(2)).toBe("15000000.00") // float-ok: Decimal.toFixed, exact
      expect(ruian.previous?.amount.toFixed(2)).toBe("50000000.00") // float-ok: Decimal.toFixed, exact
      expect(ruian.growth?.amount).toBe(-0.7)
      // 2026 balance 12 + 8 + 30 + 15 = 65M against 42M a year earlier.
      expect(ruian.measures.outstanding.toFixed(2)).toBe("65000000.00") // float-ok: Decimal.toFixed, exact
      expect(ruian.growth?.outstanding).toBeCloseTo(65 / 42 - 1, 12)
    })

    it("with yoy, keeps a group that had figures only a year earlier: zeros now, −100 %, after the others", async () => {
      const rows = (b: PledgeBreakdown) =>
        b.rows.map(
          (r) =>
            `${String(r.key)}: ${r.measures.amount.toFixed(2)} ← ${r.previous?.amount.toFixed(2)} ${r.growth?.amount}` // float-ok: Decimal.toFixed, exact
        )
      // 2026's registrations are with 温州银行 and 瑞安农商银行 (and the guarantor's loan L5 is 温州银行's):
      // the guarantor (r4, 30M in 2025) has nothing in 2026 but is there, zero, after the banks.
      const b = await kejin.pledges.breakdown({ year: 2026 }, "bank", { yoy: true })
      expect(rows(b)).toEqual([
        "温州银行: 40000000.00 ← 13000000.00 2.076923076923077",
        "瑞安农商银行: 15000000.00 ← 20000000.00 -0.25",
        "温州市融资担保有限公司: 0.00 ← 30000000.00 -1"
      ])
      const guarantor = b.rows[2]!
      expect(text(guarantor.measures)).toBe("0.00 0 0 0 0 0.00 0.00 0.00 0.00")
      expect(text(guarantor.previous!)).toBe("30000000.00 1 3 1 0 0.00 0.00 0.00 0.00")
      // Growth from nothing is null: the guarantor never lent.
      expect(guarantor.growth).toEqual({
        amount: -1,
        registrations: -1,
        patents: -1,
        enterprises: -1,
        loans: null,
        lending: null,
        outstanding: null
      })
      // Without yoy the rows are only the groups with figures in the period.
      expect((await kejin.pledges.breakdown({ year: 2026 }, "bank")).rows.map((r) => r.key)).toEqual([
        "温州银行",
        "瑞安农商银行"
      ])
    })

    const periods: ReadonlyArray<PeriodSpec> = [
      { year: 2025 },
      { year: 2026 },
      { year: 2027 },
      { year: 2025, quarter: 4 },
      { year: 2026, month: 6 },
      { from: "2025-06-15", to: "2026-06-01" },
      PLAN_PERIOD
    ]

    it("every breakdown sums to its total, and the total is what Pledges.total and the summary say", async () => {
      for (const period of periods) {
        const total = await kejin.pledges.total(period)
        const summary = await kejin.pledges.summary(period)
        expect(summary.measures.amount.toFixed(2)).toBe(total.amount.toFixed(2)) // float-ok: Decimal.toFixed, exact
        expect(summary.measures.registrations).toBe(total.count)
        for (const by of pledgeDimensions) {
          const b = await kejin.pledges.breakdown(period, by)
          expect(text(b.total), `${JSON.stringify(period)} by ${by}`).toBe(text(summary.measures))
          for (const measure of additive) {
            const sum = b.rows.reduce((acc, r) => acc.plus(r.measures[measure]), new Yuan(0))
            expect(toWire(sum), `${measure} ${JSON.stringify(period)} by ${by}`).toBe(
              // float-ok: Decimal.toFixed, exact
              // float-ok: Decimal.toFixed, exact
              b.total[measure].toFixed(2) // float-ok: Decimal.toFixed, exact
            )
          }
          for (const measure of counts) {
            expect(b.rows.reduce((acc, r) => acc + r.measures[measure], 0)).toBe(b.total[measure])
          }
        }
      }
    })

    it("a summary's figures, and those a year earlier, are each period's breakdown totals by every shape", async () => {
      // The summary's year-earlier period overlaps its own for a span of years (PLAN_PERIOD's is 2024–2026);
      // a breakdown reads one period, by flag (everything at once) or by column (the total the groups' sum).
      for (const period of periods) {
        const summary = await kejin.pledges.summary(period)
        for (const [label, measures, alone] of [
          ["this period", summary.measures, summary.period],
          ["a year earlier", summary.previous, summary.previousPeriod]
        ] as const) {
          for (const by of ["firstPledge", "district", "bank", "size"] as const) {
            const b = await kejin.pledges.breakdown(alone, by)
            expect(text(measures), `${label} of ${JSON.stringify(period)} against by ${by}`).toBe(
              text(b.total)
            )
          }
        }
      }
    })

    it("with yoy, the rows' figures a year earlier add up to the summary's", async () => {
      for (const period of periods.filter((p) => p !== PLAN_PERIOD)) {
        const summary = await kejin.pledges.summary(period)
        for (const by of pledgeDimensions) {
          const b = await kejin.pledges.breakdown(period, by, { yoy: true })
          const at = `${JSON.stringify(period)} by ${by}`
          expect(b.previousPeriod, at).toEqual(summary.previousPeriod)
          for (const measure of additive) {
            const sum = b.rows.reduce((acc, r) => acc.plus(r.previous![measure]), new Yuan(0))
            expect(sum.toFixed(2), `${measure} ${at}`).toBe(summary.previous[measure].toFixed(2)) // float-ok: Decimal.toFixed, exact
          }
          for (const measure of counts) {
            expect(
              b.rows.reduce((acc, r) => acc + r.previous![measure], 0),
              `${measure} ${at}`
            ).toBe(summary.previous[measure])
          }
        }
      }
    })

    it("keeps totals exact through the breakdown: three of 3,002,399,751,580.33", async () => {
      const total = await kejin.pledges.total({ year: 2027 })
      expect(total.amount.toFixed(2)).toBe("9007199254740.99") // float-ok: Decimal.toFixed, exact
      const byDistrict = await kejin.pledges.breakdown({ year: 2027 }, "district")
      // The other districts' rows carry only their balances from earlier years.
      expect(byDistrict.rows.map((r) => [r.key, r.measures.registrations])).toEqual([
        ["330302", 0],
        ["330381", 0],
        ["330383", 3]
      ])
      const longgang = byDistrict.rows.find((r) => r.key === "330383")
      expect(longgang!.label).toBe("龙港市")
      expect(longgang!.measures.amount.toFixed(2)).toBe("9007199254740.99") // float-ok: Decimal.toFixed, exact
      expect(longgang!.measures.lending.toFixed(2)).toBe("9007199254740.99") // float-ok: Decimal.toFixed, exact
      const cumulative = await kejin.pledges.breakdown(PLAN_PERIOD, "bank")
      // 63M + 55M + the three: exact in the row and the total.
      expect(cumulative.total.amount.toFixed(2)).toBe("9007317254740.99") // float-ok: Decimal.toFixed, exact
      const wenzhou = cumulative.rows.find((r) => r.key === "温州银行")!
      expect(wenzhou.measures.amount.toFixed(2)).toBe("9007252254740.99") // float-ok: Decimal.toFixed, exact
      expect(wenzhou.measures.outstanding.toFixed(2)).toBe("9007266254740.99") // float-ok: Decimal.toFixed, exact
    })

    it("takes periods as a year, quarter, month, span of years or bounds, and names a bad one's field", async () => {
      const bounds = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
      expect((await kejin.pledges.total({ year: 2025 })).amount.toFixed(2)).toBe(bounds.amount.toFixed(2)) // float-ok: Decimal.toFixed, exact
      expect((await kejin.pledges.total({ year: 2025, quarter: 4 })).amount.toFixed(2)).toBe("30000000.00") // float-ok: Decimal.toFixed, exact
      expect((await kejin.pledges.total({ year: 2025, month: 3 })).amount.toFixed(2)).toBe("5000000.00") // float-ok: Decimal.toFixed, exact
      expect((await kejin.pledges.total(PLAN_PERIOD)).count).toBe(9)
      const bad = async (period: unknown) => {
        try {
          await kejin.pledges.total(period as PeriodSpec)
        } catch (error) {
          return (error as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)
        }
        throw new Error("expected a failure")
      }
      expect(await bad({ year: 2025, quarter: 5 })).toEqual(["quarter"])
      expect(await bad({ year: 2025, month: 13 })).toEqual(["month"])
      expect(await bad({ fromYear: 2027, toYear: 2025 })).toEqual(["toYear"])
      expect(await bad({ year: 2025, week: 3 })).toEqual(["week"])
      const by = await (async () => {
        try {
          await kejin.pledges.breakdown({ year: 2025 }, "colour" as PledgeDimension)
        } catch (error) {
          return (error as { issues: ReadonlyArray<{ path: string }> }).issues.map((i) => i.path)
        }
      })()
      expect(by).toEqual(["by"])
    })
  })
}

/*
 * Groups that shrink to nothing, by hand: 2024 鹿城 1,000,000.00 (温州银行) and 龙湾 1,000,000.00 (浙商银行),
 * no loans; 2025 鹿城, 瓯海 and 瑞安 833,000,000.00 each (温州银行, 温州银行, 中国银行). 龙湾 and 浙商银行
 * have nothing in 2025: with yoy they are rows of zeros, 龙湾 between 鹿城 and 瓯海 (districts by code),
 * 浙商银行 after the banks with amounts; the total a year earlier is 2,000,000.00, as the summary says.
 */
for (const dialect of testDialects()) {
  describe(`pledge breakdowns a year on, on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      await kejin.pledges.recordMany([
        reg("YG2024000001", 1, "330302", "温州银行", "small", "1000000.00", "2024-03-01", 1),
        reg("YG2024000002", 2, "330303", "浙商银行", "small", "1000000.00", "2024-05-01", 1),
        reg("YG2025000001", 1, "330302", "温州银行", "small", "833000000.00", "2025-02-01", 1),
        reg("YG2025000002", 3, "330304", "温州银行", "small", "833000000.00", "2025-03-01", 1),
        reg("YG2025000003", 4, "330381", "中国银行", "small", "833000000.00", "2025-04-01", 1)
      ])
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const rows = (b: PledgeBreakdown) =>
      b.rows.map(
        (r) =>
          `${String(r.key)} ${r.label}: ${r.measures.amount.toFixed(2)} ${r.measures.registrations} ← ${r.previous?.amount.toFixed(2)} ${r.previous?.registrations} ${r.growth?.amount}` // float-ok: Decimal.toFixed, exact
      )

    it("by district: the district with nothing this year in code order, at −100 %", async () => {
      const b = await kejin.pledges.breakdown({ year: 2025 }, "district", { yoy: true })
      expect(rows(b)).toEqual([
        "330302 鹿城区: 833000000.00 1 ← 1000000.00 1 832",
        "330303 龙湾区: 0.00 0 ← 1000000.00 1 -1",
        "330304 瓯海区: 833000000.00 1 ← 0.00 0 null",
        "330381 瑞安市: 833000000.00 1 ← 0.00 0 null"
      ])
      const previous = b.rows.reduce((sum, r) => sum.plus(r.previous!.amount), new Yuan(0))
      const summary = await kejin.pledges.summary({ year: 2025 })
      expect(previous.toFixed(2)).toBe("2000000.00") // float-ok: Decimal.toFixed, exact
      expect(summary.previous.amount.toFixed(2)).toBe("2000000.00") // float-ok: Decimal.toFixed, exact
      // (2,499,000,000 − 2,000,000) / 2,000,000 = 1248.5, both ways.
      expect(summary.growth.amount).toBe(1248.5)
      expect(b.total.amount.minus(previous).div(previous).toNumber()).toBe(1248.5)
    })

    it("by bank: the pledgee with nothing this year after those with amounts", async () => {
      const b = await kejin.pledges.breakdown({ year: 2025 }, "bank", { yoy: true })
      expect(rows(b)).toEqual([
        "温州银行 温州银行: 1666000000.00 2 ← 1000000.00 1 1665",
        "中国银行 中国银行: 833000000.00 1 ← 0.00 0 null",
        "浙商银行 浙商银行: 0.00 0 ← 1000000.00 1 -1"
      ])
    })

    it("a year with nothing: every group of a year earlier, at −100 %; without yoy, no rows", async () => {
      const b = await kejin.pledges.breakdown({ year: 2026 }, "district", { yoy: true })
      expect(rows(b)).toEqual([
        "330302 鹿城区: 0.00 0 ← 833000000.00 1 -1",
        "330304 瓯海区: 0.00 0 ← 833000000.00 1 -1",
        "330381 瑞安市: 0.00 0 ← 833000000.00 1 -1"
      ])
      expect((await kejin.pledges.breakdown({ year: 2026 }, "district")).rows).toEqual([])
    })
  })
}

for (const dialect of testDialects()) {
  describe(`figures kept by the data version, on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("show every write: this instance's and a reversal at once, another instance's on the same store once announced", async () => {
      const amount = async () => (await kejin.pledges.summary({ year: 2025 })).measures.amount.toFixed(2) // float-ok: Decimal.toFixed, exact
      const district = async () =>
        (await kejin.pledges.breakdown({ year: 2025 }, "district")).rows.map(
          (r) => `${r.key} ${r.measures.registrations}`
        )
      expect([await amount(), await district()]).toEqual(["0.00", []])
      const first = await kejin.pledges.record(
        reg("YK2025000001", 1, "330302", "温州银行", "small", "1000000.00", "2025-03-01", 1)
      )
      // Asked twice at once, then again: the same figures.
      const [a, b] = await Promise.all([amount(), amount()])
      expect([a, b, await amount(), await district()]).toEqual([
        "1000000.00",
        "1000000.00",
        "1000000.00",
        ["330302 1"]
      ])
      await kejin.pledges.record(
        reg("YK2025000002", 2, "330381", "温州银行", "small", "2000000.00", "2025-04-01", 1)
      )
      expect([await amount(), await district()]).toEqual(["3000000.00", ["330302 1", "330381 1"]])
      await kejin.pledges.reverse(first.id, "entered in error")
      expect([await amount(), await district()]).toEqual(["2000000.00", ["330381 1"]])
      const other = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
      try {
        await other.pledges.record(
          reg("YK2025000003", 3, "330381", "温州银行", "small", "500000.00", "2025-05-01", 1)
        )
      } finally {
        await other.close()
      }
      // Another process's write: at once on SQLite (the head is read per call), on PostgreSQL once its
      // notification has arrived (the version is kept in memory, store/version.ts).
      for (let i = 0; dialect === "postgres" && (await amount()) !== "2500000.00" && i < 200; i++)
        await new Promise((resolve) => setTimeout(resolve, 25))
      expect([await amount(), await district()]).toEqual(["2500000.00", ["330381 2"]])
    })
  })
}
