import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

// Loans in bulk (`pledges.loans.drawMany`, the pledge-loans import's bulk write): each row checked as a
// single draw is, against the loans already under its registration and the rows before it in the batch;
// all or nothing, one journal entry.

let serial = 0
const registration = (
  amount: string,
  pledgee: { name: string; kind?: "guarantor" } = { name: "温州银行" }
) => {
  serial += 1
  return {
    registrationNo: `YB2026${String(serial).padStart(8, "0")}`,
    pledgor: {
      uscc: makeUscc(`91330302MA2B${String(serial).padStart(5, "0")}`),
      name: `温州批量贷款${serial}号有限公司`,
      district: "330302"
    },
    pledgee,
    patents: [`ZL${makePatentNumber(`20211${String(serial).padStart(7, "0")}`)}`],
    amount,
    registeredOn: "2026-03-10"
  }
}
const loan = (pledgeId: number, amount: string, disbursedOn = "2026-04-01") => ({
  pledgeId,
  amount,
  rate: "0.0385",
  disbursedOn,
  maturesOn: "2027-03-31"
})

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { _tag: string; issues?: ReadonlyArray<{ path: string; message: string }> }
  )
  if (error === undefined) throw new Error("expected the write to be refused")
  return error
}

for (const dialect of testDialects()) {
  describe(`loans in bulk on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const entries = async () => (await kejin.journal.search({})).total
    const loansUnder = async (pledgeId: number) =>
      (await kejin.pledges.loans.list(pledgeId)).map((l) => [l.amount.toFixed(2), l.bank, l.disbursedOn]) // float-ok: Decimal

    it("draws every row under one journal entry, each within what the rows before it left", async () => {
      const a = await kejin.pledges.record(registration("10000000.00"))
      const b = await kejin.pledges.record(registration("5000000.00"))
      await kejin.pledges.loans.draw(loan(a.id, "4000000.00"))
      const before = await entries()
      const result = await kejin.pledges.loans.drawMany([
        loan(a.id, "3000000.00", "2026-05-01"),
        loan(b.id, "5000000.00"),
        { ...loan(a.id, "3000000.00", "2026-06-01"), bank: "工商银行" }
      ])
      expect(result.count).toBe(3)
      expect(result.ids).toHaveLength(3)
      // The ids in the order of the rows (PostgreSQL inserts them as arrays: `insert … select from unnest`).
      const ofA = await kejin.pledges.loans.list(a.id)
      expect(ofA.find((l) => l.id === result.ids[2])?.bank).toBe("工商银行")
      expect(ofA.find((l) => l.id === result.ids[0])?.disbursedOn).toBe("2026-05-01")
      expect(await entries()).toBe(before + 1)
      expect(await loansUnder(a.id)).toEqual([
        ["4000000.00", "温州银行", "2026-04-01"],
        ["3000000.00", "温州银行", "2026-05-01"],
        ["3000000.00", "工商银行", "2026-06-01"]
      ])
      expect(await loansUnder(b.id)).toEqual([["5000000.00", "温州银行", "2026-04-01"]])
      // The figures count them as they count single draws: 4 loans, 1,500万 lent in 2026.
      const { measures } = await kejin.pledges.summary({ year: 2026 })
      expect(measures.loans).toBe(4)
      expect(measures.lending.toFixed(2)).toBe("15000000.00") // float-ok: Decimal.toFixed, exact
    })

    it("refuses the whole batch naming each row and rule, and writes nothing", async () => {
      const a = await kejin.pledges.record(registration("10000000.00"))
      const guaranteed = await kejin.pledges.record(
        registration("2000000.00", { name: "温州担保", kind: "guarantor" })
      )
      const error = await failure(
        kejin.pledges.loans.drawMany([
          loan(a.id, "6000000.00"),
          // The row before it took 600万 of 1,000万: 500万 more is over.
          loan(a.id, "5000000.00"),
          loan(a.id, "1000000.00", "2026-03-01"),
          loan(guaranteed.id, "1000000.00"),
          loan(999_999, "1000000.00")
        ])
      )
      expect(error._tag).toBe("ValidationError")
      expect(error.issues?.map((i) => i.path)).toEqual(["1.amount", "2.disbursedOn", "3.bank", "4.pledgeId"])
      expect(error.issues?.[0]?.message).toContain("above its secured amount")
      expect(await loansUnder(a.id)).toEqual([])
      // A date after today is refused as the batch is decoded, with the row's other Schema issues.
      const future = await failure(
        kejin.pledges.loans.drawMany([
          loan(a.id, "1000000.00"),
          { ...loan(a.id, "0"), disbursedOn: "2026-12-07" }
        ])
      )
      expect(future.issues?.map((i) => i.path).sort()).toEqual(["1.amount", "1.disbursedOn"])
      expect(await loansUnder(a.id)).toEqual([])
    })

    it("imports a bank's loan report through the bulk write, and the same file again records nothing", async () => {
      const a = await kejin.pledges.record(registration("10000000.00"))
      const b = await kejin.pledges.record(registration("8000000.00"))
      const file = [
        "质押登记号,贷款银行,贷款金额(万元),年利率,放款日期,到期日期",
        `${a.registrationNo},温州银行,300,3.85%,2026-05-01,2027-04-30`,
        `${a.registrationNo},温州银行,700,3.85%,2026/6/1,2027-05-31`,
        `${b.registrationNo},工商银行,800,0.0365,20260701,2027-06-30`
      ].join("\n")
      const rows = async () => (await rowsFromBytes(Buffer.from(file), "loans.csv")).rows
      const first = await kejin.imports.run({ kind: "pledge-loans", rows: await rows() })
      expect(first).toMatchObject({ rows: 3, ok: 3, errors: 0, committed: true })
      expect(await loansUnder(a.id)).toEqual([
        ["3000000.00", "温州银行", "2026-05-01"],
        ["7000000.00", "温州银行", "2026-06-01"]
      ])
      const again = await kejin.imports.run({ kind: "pledge-loans", rows: await rows() })
      expect(again).toMatchObject({ rows: 3, ok: 0, identical: 3, committed: false })
      expect(await loansUnder(b.id)).toEqual([["8000000.00", "工商银行", "2026-07-01"]])
    })
  })
}
