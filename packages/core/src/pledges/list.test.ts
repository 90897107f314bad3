import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PeriodSpec } from "./period.js"
import { type PledgeListQuery, Pledges } from "./pledges.js"
import type { Pledge, PledgeInputJson } from "./schema.js"
import type { PledgeFilter } from "./store.js"

/** A valid invention patent number, distinct per n. */
const patent = (n: number) => `ZL${makePatentNumber(`20201${String(n).padStart(7, "0")}`)}`
const uscc = (n: number) => makeUscc(`91330302MA${String(n).padStart(7, "0")}`)

let serial = 0
const registration = (
  registrationNo: string,
  extra: Partial<PledgeInputJson> & { district?: string } = {}
): PledgeInputJson => {
  const { district = "330302", ...rest } = extra
  serial += 1
  return {
    registrationNo,
    pledgor: { uscc: uscc(serial), name: `温州列表${serial}号科技有限公司`, district },
    pledgee: { name: "温州银行" },
    patents: [patent(serial)],
    amount: "1000000.00",
    registeredOn: "2025-02-01",
    ...rest
  }
}

interface Failure {
  readonly _tag: string
  readonly issues?: ReadonlyArray<{ readonly path: string; readonly message: string }>
}
const caught = async (promise: Promise<unknown>): Promise<Failure> => {
  try {
    await promise
  } catch (error) {
    return error as Failure
  }
  throw new Error("expected a failure")
}

// The facade's total and monthly take a period only; the service takes a filter too.
let current: Kejin
const totalOf = (period: PeriodSpec, filter: Omit<PledgeFilter, "from" | "to">) =>
  current.run(Pledges.use((p) => p.total(period, filter)))
const monthlyOf = (period: PeriodSpec, filter: Omit<PledgeFilter, "from" | "to" | "includeReversed">) =>
  current.run(Pledges.use((p) => p.monthly(period, filter)))

for (const dialect of testDialects()) {
  describe(`pledge list filters on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const ids: Record<string, number> = {}

    /** Registration numbers of the matching live registrations, in list order (newest first). */
    const numbers = async (query: PledgeListQuery) =>
      (await kejin.pledges.list({ limit: 500, ...query })).items.map((p: Pledge) => p.registrationNo)

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      current = kejin
      const record = async (input: PledgeInputJson) => {
        const pledge = await kejin.pledges.record(input)
        ids[input.registrationNo] = pledge.id
        return pledge.id
      }
      // Registered, as recorded.
      await record(registration("YLS2025000001", { amount: "1000000.00", registeredOn: "2025-02-01" }))
      // Changed: the registered amount stays 5,000,000.00, the secured amount becomes 6,000,000.00.
      const changed = await record(
        registration("YLS2025000002", {
          pledgee: { name: "瑞安农商银行" },
          amount: "5000000.00",
          registeredOn: "2025-03-01",
          district: "330381"
        })
      )
      await kejin.pledges.change({ pledgeId: changed, on: "2025-04-01", amount: "6000000.00" })
      // Released.
      const released = await record(
        registration("YLS2025000003", { amount: "20000000.00", registeredOn: "2025-05-01" })
      )
      await kejin.pledges.release({ pledgeId: released, on: "2025-06-01" })
      // Cancelled.
      const cancelled = await record(
        registration("YLS2025000004", { amount: "3000000.00", registeredOn: "2025-06-01" })
      )
      await kejin.pledges.cancel({ pledgeId: cancelled, on: "2025-06-02" })
      // A change reversed: registered again.
      const unchanged = await record(
        registration("YLS2025000005", { amount: "2000000.00", registeredOn: "2025-07-01" })
      )
      const change = await kejin.pledges.change({
        pledgeId: unchanged,
        on: "2025-07-02",
        amount: "2500000.00"
      })
      await kejin.pledges.reverseEvent(change.events[0]!.id, "recorded against the wrong registration")
      // Changed, then released, the release reversed: changed again.
      const reopened = await record(
        registration("YLS-2025-0006", { amount: "4000000.00", registeredOn: "2025-07-10" })
      )
      await kejin.pledges.change({
        pledgeId: reopened,
        on: "2025-07-11",
        debtTerm: { start: "2025-07-11", end: "2026-07-10" }
      })
      const release = await kejin.pledges.release({ pledgeId: reopened, on: "2025-07-20" })
      const releaseEvent = release.events.find((e) => e.kind === "release")!
      await kejin.pledges.reverseEvent(releaseEvent.id, "the debt was not settled")
      // Reversed registration: out of the list unless asked for.
      const reversed = await record(
        registration("YLS2025000007", { amount: "3000000.00", registeredOn: "2025-08-01" })
      )
      await kejin.pledges.reverse(reversed, "duplicate of another registration")
      // Another year, another bank.
      await record(
        registration("YLS2024000008", {
          pledgee: { name: "瑞安农商银行" },
          amount: "7000000.00",
          registeredOn: "2024-11-30"
        })
      )
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("filters by the current status, as the registration derives it from the live events", async () => {
      expect(await numbers({ status: "registered" })).toEqual([
        "YLS2025000005",
        "YLS2025000001",
        "YLS2024000008"
      ])
      expect(await numbers({ status: "changed" })).toEqual(["YLS-2025-0006", "YLS2025000002"])
      expect(await numbers({ status: "released" })).toEqual(["YLS2025000003"])
      expect(await numbers({ status: "cancelled" })).toEqual(["YLS2025000004"])
      expect(await numbers({ status: "registered", includeReversed: true })).toContain("YLS2025000007")
      // The SQL condition agrees with the status every registration reports.
      for (const status of ["registered", "changed", "released", "cancelled"] as const) {
        const page = await kejin.pledges.list({ status, includeReversed: true, limit: 500 })
        for (const item of page.items) expect((await kejin.pledges.registration(item.id)).status).toBe(status)
      }
    })

    it("reads the statuses of a page of registrations in one call, agreeing with each registration", async () => {
      const page = await kejin.pledges.list({ includeReversed: true, limit: 500 })
      const statuses = await kejin.pledges.statuses([...page.items.map((p) => p.id), 999_999])
      expect(statuses.size).toBe(page.items.length)
      expect(new Set(statuses.values())).toEqual(new Set(["registered", "changed", "released", "cancelled"]))
      for (const item of page.items)
        expect(statuses.get(item.id)).toBe((await kejin.pledges.registration(item.id)).status)
      expect((await kejin.pledges.statuses([])).size).toBe(0)
      await expect(kejin.pledges.statuses([1.5])).rejects.toMatchObject({ _tag: "ValidationError" })
    })

    it("filters by bank exactly, by a part of the registration number in any case, and by amount", async () => {
      expect(await numbers({ bank: "瑞安农商银行" })).toEqual(["YLS2025000002", "YLS2024000008"])
      expect(await numbers({ bank: "瑞安农商" })).toEqual([])
      expect(await numbers({ registrationNo: "yls2025" })).toEqual([
        "YLS2025000005",
        "YLS2025000004",
        "YLS2025000003",
        "YLS2025000002",
        "YLS2025000001"
      ])
      expect(await numbers({ registrationNo: " s-2025- " })).toEqual(["YLS-2025-0006"])
      // LIKE wildcards are matched as themselves.
      expect(await numbers({ registrationNo: "%" })).toEqual([])
      expect(await numbers({ registrationNo: "YLS_2025" })).toEqual([])
      // The registered amount counts (YLS2025000002 was registered at 5,000,000.00, changed to 6,000,000.00).
      expect(await numbers({ minAmount: "3000000", maxAmount: "5000000.00" })).toEqual([
        "YLS-2025-0006",
        "YLS2025000004",
        "YLS2025000002"
      ])
      expect(await numbers({ minAmount: "2000万" })).toEqual(["YLS2025000003"])
      expect(await numbers({ maxAmount: "1000000.00" })).toEqual(["YLS2025000001"])
      expect(await numbers({ maxAmount: "999999.99" })).toEqual([])
    })

    it("combines the filters, and counts what they match", async () => {
      const page = await kejin.pledges.list({
        from: "2025-01-01",
        to: "2025-12-31",
        bank: "温州银行",
        minAmount: "2000000.00",
        limit: 2
      })
      expect(page.items.map((p) => p.registrationNo)).toEqual(["YLS-2025-0006", "YLS2025000005"])
      // The list counts its rows, the cancelled YLS2025000004 among them, at their registered amounts.
      expect(page.total).toBe(4)
      expect(toWire(page.amount)).toBe("29000000.00")
      // The figure leaves the cancelled one out (3,000,000.00): 20M released + 2M + 4M.
      const total = await totalOf({ year: 2025 }, { bank: "温州银行", minAmount: "2000000.00" })
      expect(total.count).toBe(3)
      expect(total.amount.toFixed(2)).toBe("26000000.00") // float-ok: Decimal.toFixed, exact
      // With the reversed YLS2025000007 (3,000,000.00) counted as if live.
      const withReversed = await totalOf(
        { year: 2025 },
        { bank: "温州银行", minAmount: "2000000.00", includeReversed: true }
      )
      expect(withReversed.amount.toFixed(2)).toBe("29000000.00") // float-ok: Decimal.toFixed, exact
      // YLS2025000002 at its changed 6,000,000.00, YLS-2025-0006 (its term changed) at 4,000,000.00.
      const changed = await totalOf({ year: 2025 }, { status: "changed" })
      expect([changed.count, changed.amount.toFixed(2)]).toEqual([2, "10000000.00"]) // float-ok: exact
      const months = await monthlyOf({ year: 2025, quarter: 3 }, { status: "registered" })
      expect(months.map((m) => [m.month, m.count, toWire(m.amount)])).toEqual([
        // float-ok: Decimal.toFixed, exact
        ["2025-07", 1, "2000000.00"],
        ["2025-08", 0, "0.00"],
        ["2025-09", 0, "0.00"]
      ])
    })

    it("refuses a bad query with a ValidationError naming the field", async () => {
      const paths = async (query: PledgeListQuery) =>
        ((await caught(kejin.pledges.list(query))).issues ?? []).map((i) => i.path)
      const first = await caught(kejin.pledges.list({ from: "2025-02-30" }))
      expect(first._tag).toBe("ValidationError")
      expect(first.issues).toEqual([
        {
          path: "from",
          message: "is not a real date: 2025-02 has 28 days, so there is no day 30",
          code: "date-day",
          params: { yearMonth: "2025-02", days: "28", day: "30" }
        }
      ])
      expect(await paths({ to: "2025/12/31" })).toEqual(["to"])
      expect(await paths({ from: "2025-12-31", to: "2025-01-01" })).toEqual(["to"])
      expect(await paths({ limit: 501 })).toEqual(["limit"])
      expect(await paths({ limit: 0 })).toEqual(["limit"])
      expect(await paths({ status: "open" as never })).toEqual(["status"])
      expect(await paths({ minAmount: "12.345" })).toEqual(["minAmount"])
      expect(await paths({ maxAmount: "-5" })).toEqual(["maxAmount"])
      expect(await paths({ minAmount: "200", maxAmount: "100" })).toEqual(["maxAmount"])
      expect(await paths({ registrationNo: " " })).toEqual(["registrationNo"])
      expect(await paths({ from: "2025-13-01", to: "2025-02-29" })).toEqual(["from", "to"])
      expect(await paths({ minAmount: "abc", maxAmount: "1.001" })).toEqual(["minAmount", "maxAmount"])
      expect(await paths({ from: "x", status: "y" as never, minAmount: "z" })).toEqual([
        "from",
        "status",
        "minAmount"
      ])
      const badTotal = await caught(totalOf({ year: 2025 }, { status: "open" as never }))
      expect(badTotal.issues?.map((i) => i.path)).toEqual(["status"])
      const badMonthly = await caught(monthlyOf({ year: 2025 }, { maxAmount: "abc" }))
      expect(badMonthly.issues?.map((i) => i.path)).toEqual(["maxAmount"])
    })
  })
}
