import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { pledgeLoanToJson } from "../pledges/schema.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

// 处置 of a defaulted pledge loan, added through the operation declarations (loans/operations.ts): the
// facade method, the write path's invariants, and what it does to the loan, the registration and figures.

let serial = 0
const registration = (amount = "30000000.00") => {
  serial += 1
  return {
    registrationNo: `YD2026${String(serial).padStart(8, "0")}`,
    pledgor: {
      uscc: makeUscc(`91330302MA2D${String(serial).padStart(5, "0")}`),
      name: `温州处置测试${serial}号有限公司`,
      district: "330302"
    },
    pledgee: { name: "温州银行" },
    patents: [`ZL${makePatentNumber(`20201${String(serial).padStart(7, "0")}`)}`],
    amount,
    registeredOn: "2026-01-10"
  }
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) =>
      e as { _tag: string; field?: string; issues?: ReadonlyArray<{ path: string; message: string }> }
  )
  if (error === undefined) throw new Error("expected the write to be refused")
  return error
}

for (const dialect of testDialects()) {
  describe(`disposal of a defaulted pledge loan on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** A registration with a loan of 2,000万, 500万 repaid, in default since 2026-06-30. */
    const defaultedLoan = async () => {
      const pledge = await kejin.pledges.record(registration())
      const loan = await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: "20000000.00",
        rate: "0.0385",
        disbursedOn: "2026-01-20",
        maturesOn: "2027-01-19"
      })
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2026-03-31", amount: "5000000.00" })
      const defaulted = await kejin.pledges.loans.default({ loanId: loan.id, on: "2026-06-30" })
      return { pledge, loan: defaulted }
    }

    it("settles the balance: recovered plus the loss written off, outstanding 0, out of the defaulted figures", async () => {
      const { pledge, loan } = await defaultedLoan()
      const before = await kejin.pledges.summary({ year: 2026 })
      expect(toWire(before.defaulted.outstanding)).toBe("15000000.00")
      expect(toWire(before.measures.outstanding)).toBe("15000000.00")

      const disposed = await kejin.pledges.loans.dispose({
        loanId: loan.id,
        on: "2026-09-30",
        method: "sale",
        recovered: "12000000.00",
        note: "质押专利拍卖"
      })
      const json = pledgeLoanToJson(disposed)
      expect(json.outstanding).toBe("0.00")
      expect(json.repaid).toBe("5000000.00")
      expect(json.disposal).toMatchObject({
        on: "2026-09-30",
        method: "sale",
        recovered: "12000000.00",
        writtenOff: "3000000.00",
        note: "质押专利拍卖",
        reversed: false
      })
      expect(json.disposals).toHaveLength(1)

      const after = await kejin.pledges.summary({ year: 2026 })
      expect(after.defaulted.loans).toBe(0)
      expect(toWire(after.defaulted.outstanding)).toBe("0.00")
      expect(toWire(after.measures.outstanding)).toBe("0.00")
      expect(toWire(after.measures.repaidToDate)).toBe("5000000.00")
      // Before the disposal's date the loan was still outstanding and in default.
      const september = await kejin.pledges.summary({ from: "2026-01-01", to: "2026-09-29" })
      expect(toWire(september.measures.outstanding)).toBe("15000000.00")
      expect(september.defaulted.loans).toBe(1)
      // The breakdowns read the same rule.
      const byBank = await kejin.pledges.breakdown({ year: 2026 }, "bank")
      expect(toWire(byBank.total.outstanding)).toBe("0.00")
      const byInclusive = await kejin.pledges.breakdown({ year: 2026 }, "inclusive")
      expect(toWire(byInclusive.total.outstanding)).toBe("0.00")

      // The registration can now be released: the disposal settled its only loan.
      const released = await kejin.pledges.release({ pledgeId: pledge.id, on: "2026-10-08" })
      expect(released.status).toBe("released")
      expect(toWire(released.outstanding)).toBe("0.00")
    })

    it("a reversed disposal puts the loan back in default with its balance, and frees it for a new disposal", async () => {
      const { loan } = await defaultedLoan()
      const disposed = await kejin.pledges.loans.dispose({
        loanId: loan.id,
        on: "2026-09-30",
        method: "write-off",
        recovered: "0.00"
      })
      expect(toWire(disposed.disposal!.writtenOff)).toBe("15000000.00")
      const undone = await kejin.pledges.loans.reverseDisposal(disposed.disposal!.id, "录入有误")
      expect(undone.disposal).toBeNull()
      expect(undone.disposals.map((d) => d.reversed)).toEqual([true])
      expect(toWire(undone.outstanding)).toBe("15000000.00")
      const summary = await kejin.pledges.summary({ year: 2026 })
      expect(summary.defaulted.loans).toBe(1)
      expect(toWire(summary.measures.outstanding)).toBe("15000000.00")
      expect((await failure(kejin.pledges.loans.reverseDisposal(disposed.disposal!.id, "again")))._tag).toBe(
        "ConflictError"
      )
      const again = await kejin.pledges.loans.dispose({
        loanId: loan.id,
        on: "2026-10-15",
        method: "transfer",
        recovered: "9000000.00"
      })
      expect(toWire(again.disposal!.writtenOff)).toBe("6000000.00")
    })

    it("refuses what is not a disposal, naming the field, and writes nothing", async () => {
      const pledge = await kejin.pledges.record(registration())
      const loan = await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: "10000000.00",
        rate: "0.04",
        disbursedOn: "2026-02-01",
        maturesOn: "2027-01-31"
      })
      const notDefaulted = await failure(
        kejin.pledges.loans.dispose({ loanId: loan.id, on: "2026-09-30", method: "sale", recovered: "1.00" })
      )
      expect(notDefaulted._tag).toBe("ValidationError")
      expect(notDefaulted.issues?.[0]?.path).toBe("loanId")
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2026-07-01" })
      const early = await failure(
        kejin.pledges.loans.dispose({ loanId: loan.id, on: "2026-06-30", method: "sale", recovered: "1.00" })
      )
      expect(early.issues?.map((i) => i.path)).toEqual(["on"])
      const tooMuch = await failure(
        kejin.pledges.loans.dispose({
          loanId: loan.id,
          on: "2026-09-30",
          method: "sale",
          recovered: "10000000.01"
        })
      )
      expect(tooMuch.issues?.map((i) => i.path)).toEqual(["recovered"])
      const future = await failure(
        kejin.pledges.loans.dispose({ loanId: loan.id, on: "2026-12-07", method: "sale", recovered: "1.00" })
      )
      expect(future.issues?.map((i) => i.path)).toEqual(["on"])
      const badMethod = await failure(
        kejin.pledges.loans.dispose({
          loanId: loan.id,
          on: "2026-09-30",
          method: "auction",
          recovered: "1.00"
        })
      )
      expect(badMethod.issues?.map((i) => i.path)).toEqual(["method"])
      expect((await kejin.pledges.loans.get(loan.id)).disposals).toEqual([])

      await kejin.pledges.loans.dispose({
        loanId: loan.id,
        on: "2026-09-30",
        method: "sale",
        recovered: "1.00"
      })
      const twice = await failure(
        kejin.pledges.loans.dispose({ loanId: loan.id, on: "2026-10-30", method: "sale", recovered: "1.00" })
      )
      expect(twice).toMatchObject({ _tag: "ConflictError", field: "loanId" })
      // A disposed loan is closed: no repayment until the disposal is reversed.
      const repay = await failure(
        kejin.pledges.loans.repay({ loanId: loan.id, on: "2026-11-01", amount: "1.00" })
      )
      expect(repay.issues?.map((i) => i.path)).toEqual(["loanId"])
    })

    it("is journaled with its command name, and a repeated idempotency key returns the first result", async () => {
      const { loan } = await defaultedLoan()
      const input = { loanId: loan.id, on: "2026-09-30", method: "sale", recovered: "100.00" }
      const first = await kejin.pledges.loans.dispose(input, { idempotencyKey: "dispose-1" })
      const again = await kejin.pledges.loans.dispose(input, { idempotencyKey: "dispose-1" })
      expect(again.disposal?.id).toBe(first.disposal?.id)
      expect(again.disposals).toHaveLength(1)
      const entries = await kejin.journal.search({ command: "pledges.loans.dispose" })
      expect(entries.total).toBe(1)
      expect((await kejin.journal.verify())._tag).toBe("Intact")
    })

    it("needs pledges.write", async () => {
      const { loan } = await defaultedLoan()
      const refused = await failure(
        kejin.pledges.loans.dispose(
          { loanId: loan.id, on: "2026-09-30", method: "sale", recovered: "100.00" },
          { actor: { id: "v", role: "viewer" } }
        )
      )
      expect(refused._tag).toBe("ForbiddenError")
      expect((await kejin.pledges.loans.get(loan.id)).disposal).toBeNull()
    })
  })
}
