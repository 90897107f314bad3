import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { type PledgeInputJson, pledgeRegistrationToJson, pledgeToJson } from "./schema.js"

/** A valid granted-patent number of type `kind` (1 invention, 2 utility model, 3 design), distinct per n. */
const patent = (n: number, kind = "1") => `ZL${makePatentNumber(`2020${kind}${String(n).padStart(7, "0")}`)}`
const uscc = (n: number) => makeUscc(`91330302MA${String(n).padStart(7, "0")}`)

let serial = 0
const registration = (extra: Partial<PledgeInputJson> & { enterprise?: number } = {}): PledgeInputJson => {
  const { enterprise = 1, ...rest } = extra
  serial += 1
  return {
    registrationNo: `YL2025${String(serial).padStart(8, "0")}`,
    pledgor: { uscc: uscc(enterprise), name: `温州测试${enterprise}号科技有限公司`, district: "330302" },
    pledgee: { name: "温州银行" },
    patents: [patent(serial)],
    amount: "25000000.00",
    registeredOn: "2025-03-14",
    ...rest
  }
}

interface Failure {
  readonly _tag: string
  readonly message: string
  readonly field?: string
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
/** The one field a ValidationError names, and its message. */
const issue = (failure: Failure) => {
  expect(failure._tag).toBe("ValidationError")
  expect(failure.issues).toHaveLength(1)
  return failure.issues![0]!
}

for (const dialect of testDialects()) {
  describe(`pledge lifecycle and loans on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, pledges: { exclusivePatents: true } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("records a registration in full and keeps the contract body's shape when the extras are absent", async () => {
      const full = registration({
        pledgor: {
          uscc: uscc(90),
          name: "温州瓯江激光科技有限公司",
          district: "330381",
          size: "small"
        },
        pledgee: { name: "温州市融资担保有限公司", kind: "guarantor" },
        patents: [patent(9001, "1"), patent(9002, "2"), patent(9003, "3")],
        debtTerm: { start: "2025-03-14", end: "2026-03-13" },
        patentTitles: { [patent(9002, "2")]: "一种激光切割头的冷却装置" }
      })
      const stored = await kejin.pledges.record(full)
      const json = pledgeToJson(stored)
      expect(json.pledgor).toMatchObject({ size: "small", districtName: "瑞安市" })
      expect(json.pledgee).toEqual({ name: "温州市融资担保有限公司", kind: "guarantor" })
      expect(json.debtTerm).toEqual({ start: "2025-03-14", end: "2026-03-13" })
      expect(json.patentTitles).toEqual({ [patent(9002, "2")]: "一种激光切割头的冷却装置" })

      const r = await kejin.pledges.registration(stored.id)
      expect(r.status).toBe("registered")
      expect(r.statusOn).toBe("2025-03-14")
      expect(r.securedAmount.toFixed(2)).toBe("25000000.00") // float-ok: Decimal.toFixed, exact
      expect(r.firstPledge).toBe(true)
      expect(r.patentDetails.map((p) => [p.type, p.title])).toEqual([
        ["invention", null],
        ["utility-model", "一种激光切割头的冷却装置"],
        ["design", null]
      ])
      expect(pledgeRegistrationToJson(r).drawn).toBe("0.00")

      const plain = await kejin.pledges.record(registration())
      expect(Object.keys(pledgeToJson(plain))).toEqual([
        "id",
        "registrationNo",
        "pledgor",
        "pledgee",
        "patents",
        "amount",
        "registeredOn",
        "journalSeq",
        "reversed"
      ])
      expect(pledgeToJson(plain).pledgee).toEqual({ name: "温州银行" })
    })

    it("names the field of a bad debt term, size, kind or title", async () => {
      const error = await caught(
        kejin.pledges.record({
          ...registration(),
          pledgor: { uscc: uscc(1), name: "x", district: "330302", size: "tiny" },
          pledgee: { name: "温州银行", kind: "insurer" },
          debtTerm: { start: "2025-03-14", end: "2025-03-13" }
        })
      )
      expect(error._tag).toBe("ValidationError")
      expect(error.issues!.map((i) => i.path).sort()).toEqual([
        "debtTerm.end",
        "pledgee.kind",
        "pledgor.size"
      ])
      // Checks across fields run once every field decodes.
      const stray = issue(
        await caught(
          kejin.pledges.record({
            ...registration(),
            patentTitles: { [patent(7777)]: "不在本次质押中的专利" }
          })
        )
      )
      expect(stray).toMatchObject({
        path: `patentTitles.${patent(7777)}`,
        message: "names a patent that is not in patents"
      })
    })

    it("draws loans up to the secured amount, no further", async () => {
      const r = await kejin.pledges.record(registration({ amount: "25,000,000.00" }))
      const first = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "20000000.00",
        rate: "0.0385",
        disbursedOn: "2025-03-20",
        maturesOn: "2026-03-19"
      })
      expect(first.bank).toBe("温州银行")
      expect(first.outstanding.toFixed(2)).toBe("20000000.00") // float-ok: Decimal.toFixed, exact
      const over = issue(
        await caught(
          kejin.pledges.loans.draw({
            pledgeId: r.id,
            bank: "瑞安农商银行",
            amount: "5000000.01",
            rate: "0.04",
            disbursedOn: "2025-04-01",
            maturesOn: "2026-04-01"
          })
        )
      )
      expect(over.path).toBe("amount")
      expect(over.message).toBe(
        `loans under registration ${r.registrationNo} would total 25,000,000.01 yuan, above its secured amount of 25,000,000.00 yuan (20,000,000.00 yuan drawn, 5,000,000.00 yuan available)`
      )
      await kejin.pledges.loans.draw({
        pledgeId: r.id,
        bank: "瑞安农商银行",
        amount: "5000000.00",
        rate: "0.04",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-04-01"
      })
      const full = await kejin.pledges.registration(r.id)
      expect([toWire(full.drawn), toWire(full.available), toWire(full.outstanding)]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        "25000000.00",
        "0.00",
        "25000000.00"
      ])
      expect(full.loans.map((l) => l.bank)).toEqual(["温州银行", "瑞安农商银行"])
    })

    it("takes a rate as people write it, 3.85% or 0.0385, stored exactly as 0.0385; a bare 3.85 is refused", async () => {
      const r = await kejin.pledges.record(registration({ amount: "3000000.00" }))
      const draw = (rate: string, disbursedOn: string) =>
        kejin.pledges.loans.draw({
          pledgeId: r.id,
          amount: "100.00",
          rate,
          disbursedOn,
          maturesOn: "2026-12-31"
        })
      expect((await draw("3.85%", "2025-05-01")).rate).toBe("0.0385")
      expect((await draw(" 3.85 ％", "2025-05-02")).rate).toBe("0.0385")
      expect((await draw("0.0385", "2025-05-03")).rate).toBe("0.0385")
      // Exact to the last place: no float ever sees it.
      expect((await draw("4.351234%", "2025-05-04")).rate).toBe("0.04351234")
      for (const bare of ["3.85", "100%", "0%", "abc%", "1.234567891%"]) {
        const refused = issue(await caught(draw(bare, "2025-05-05")))
        expect(refused.path, bare).toBe("rate")
        expect(refused.message, bare).toContain("write 3.85% or 0.0385")
      }
      const stored = await kejin.pledges.registration(r.id)
      expect(stored.loans.map((l) => l.rate)).toEqual(["0.0385", "0.0385", "0.0385", "0.04351234"])
    })

    it("checks the loan's own fields: rate, maturity, the bank under a guarantor", async () => {
      const r = await kejin.pledges.record(
        registration({ pledgee: { name: "温州市融资担保有限公司", kind: "guarantor" }, amount: "1000000.00" })
      )
      const rate = issue(
        await caught(
          kejin.pledges.loans.draw({
            pledgeId: r.id,
            amount: "100.00",
            rate: "3.85",
            disbursedOn: "2025-05-01",
            maturesOn: "2026-05-01"
          })
        )
      )
      expect(rate).toMatchObject({
        path: "rate",
        message:
          "must be an annual rate above 0 and below 1: write 3.85% or 0.0385 for 3.85 % a year (a bare number is a fraction of one)"
      })
      const maturity = issue(
        await caught(
          kejin.pledges.loans.draw({
            pledgeId: r.id,
            amount: "100.00",
            rate: "0.0385",
            disbursedOn: "2025-05-01",
            maturesOn: "2025-05-01"
          })
        )
      )
      expect(maturity).toMatchObject({ path: "maturesOn", message: "must be after disbursedOn" })
      const noBank = issue(
        await caught(
          kejin.pledges.loans.draw({
            pledgeId: r.id,
            amount: "100.00",
            rate: "0.0385",
            disbursedOn: "2025-05-01",
            maturesOn: "2026-05-01"
          })
        )
      )
      expect(noBank.path).toBe("bank")
      expect(noBank.message).toMatch(/guarantor: name the bank/)
      const missing = await caught(
        kejin.pledges.loans.draw({
          pledgeId: 999_999,
          amount: "1.00",
          rate: "0.03",
          disbursedOn: "2025-05-01",
          maturesOn: "2026-05-01"
        })
      )
      expect(missing._tag).toBe("NotFoundError")
    })

    it("draws only on or after the registration date; a default is dated on or after the disbursement", async () => {
      const r = await kejin.pledges.record(registration({ amount: "3000000.00", registeredOn: "2026-11-25" }))
      const early = issue(
        await caught(
          kejin.pledges.loans.draw({
            pledgeId: r.id,
            amount: "1000000.00",
            rate: "0.0385",
            disbursedOn: "2026-11-20",
            maturesOn: "2027-11-19"
          })
        )
      )
      expect(early).toMatchObject({
        path: "disbursedOn",
        code: "loan-before-registration",
        message: `must not be before the registration date 2026-11-25 of ${r.registrationNo}: a pledge loan is drawn once the pledge is registered`
      })
      expect((await kejin.pledges.loans.list(r.id)).length).toBe(0)
      // The registration day itself is fine.
      const loan = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "1000000.00",
        rate: "0.0385",
        disbursedOn: "2026-11-25",
        maturesOn: "2027-11-24"
      })
      expect(loan.disbursedOn).toBe("2026-11-25")
      const beforeMaturity = issue(
        await caught(
          kejin.pledges.loans.draw({
            pledgeId: r.id,
            amount: "1.00",
            rate: "0.0385",
            disbursedOn: "2026-12-01",
            maturesOn: "2026-11-30"
          })
        )
      )
      expect(beforeMaturity).toMatchObject({ path: "maturesOn", message: "must be after disbursedOn" })
      const earlyDefault = issue(
        await caught(kejin.pledges.loans.default({ loanId: loan.id, on: "2026-11-24" }))
      )
      expect(earlyDefault).toMatchObject({
        path: "on",
        message: "must not be before the loan's disbursement on 2026-11-25"
      })
      const earlyRepayment = issue(
        await caught(kejin.pledges.loans.repay({ loanId: loan.id, on: "2026-11-24", amount: "1.00" }))
      )
      expect(earlyRepayment).toMatchObject({
        path: "on",
        message: "must not be before the loan's disbursement on 2026-11-25"
      })
      const unchanged = await kejin.pledges.loans.get(loan.id)
      expect([unchanged.events.length, unchanged.defaultedOn]).toEqual([0, null])
    })

    it("repays up to the outstanding balance, dated on or after disbursement", async () => {
      const r = await kejin.pledges.record(registration({ amount: "10000000.00" }))
      const loan = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "10000000.00",
        rate: "0.0345",
        disbursedOn: "2025-03-20",
        maturesOn: "2026-03-19"
      })
      const after = await kejin.pledges.loans.repay({
        loanId: loan.id,
        on: "2025-09-20",
        amount: "3,000,000.00"
      })
      expect([after.repaid.toFixed(2), after.outstanding.toFixed(2)]).toEqual(["3000000.00", "7000000.00"]) // float-ok: Decimal.toFixed, exact
      const over = issue(
        await caught(kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-10-20", amount: "7000000.01" }))
      )
      expect(over).toMatchObject({
        path: "amount",
        code: "loan-repaid-above-outstanding",
        message: `repays 7,000,000.01 yuan but loan ${loan.id} has 7,000,000.00 yuan outstanding`
      })
      const early = issue(
        await caught(kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-03-19", amount: "1.00" }))
      )
      expect(early.path).toBe("on")
      // A repayment entered twice is reversed: the balance comes back.
      const twice = await kejin.pledges.loans.repay({
        loanId: loan.id,
        on: "2025-10-20",
        amount: "1000000.00"
      })
      const wrong = twice.events[twice.events.length - 1]!
      const fixed = await kejin.pledges.loans.reverseEvent(wrong.id, "entered twice")
      expect(fixed.outstanding.toFixed(2)).toBe("7000000.00") // float-ok: Decimal.toFixed, exact
      expect(fixed.events.find((e) => e.id === wrong.id)?.reversed).toBe(true)
      const again = await caught(kejin.pledges.loans.reverseEvent(wrong.id, "again"))
      expect(again._tag).toBe("ConflictError")
    })

    it("changes record before and after; the secured amount caps loans and cannot fall below them", async () => {
      const r = await kejin.pledges.record(
        registration({ amount: "25000000.00", debtTerm: { start: "2025-03-14", end: "2026-03-13" } })
      )
      await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "25000000.00",
        rate: "0.0385",
        disbursedOn: "2025-03-20",
        maturesOn: "2026-03-19"
      })
      const changed = await kejin.pledges.change({
        pledgeId: r.id,
        on: "2025-06-01",
        amount: "30000000.00",
        debtTerm: { start: "2025-03-14", end: "2026-06-30" },
        note: "增加担保债权数额"
      })
      expect(changed.status).toBe("changed")
      expect(changed.statusOn).toBe("2025-06-01")
      expect(changed.securedAmount.toFixed(2)).toBe("30000000.00") // float-ok: Decimal.toFixed, exact
      expect(changed.amount.toFixed(2)).toBe("25000000.00") // as registered: what the totals count // float-ok: Decimal.toFixed, exact
      expect(changed.currentDebtTerm).toEqual({ start: "2025-03-14", end: "2026-06-30" })
      const [event] = changed.events
      expect([toWire(event!.amount!.before), toWire(event!.amount!.after)]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        "25000000.00",
        "30000000.00"
      ])
      expect(event!.debtTerm).toEqual({
        before: { start: "2025-03-14", end: "2026-03-13" },
        after: { start: "2025-03-14", end: "2026-06-30" }
      })
      await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "5000000.00",
        rate: "0.04",
        disbursedOn: "2025-06-05",
        maturesOn: "2026-06-04"
      })
      const below = issue(
        await caught(kejin.pledges.change({ pledgeId: r.id, on: "2025-07-01", amount: "29999999.99" }))
      )
      expect(below.path).toBe("amount")
      expect(below.message).toMatch(/cannot fall below the 30,000,000.00 yuan that live loans drew/)
      const backdated = issue(
        await caught(kejin.pledges.change({ pledgeId: r.id, on: "2025-05-31", amount: "40000000" }))
      )
      expect(backdated).toMatchObject({
        path: "on",
        message: "must not be before the latest event, a change on 2025-06-01"
      })
      const nothing = await caught(kejin.pledges.change({ pledgeId: r.id, on: "2025-07-01" }))
      expect(nothing.issues!.map((i) => i.path)).toEqual(["amount"])
    })

    it("releases only when every loan is repaid; a released registration takes no loan or event", async () => {
      const r = await kejin.pledges.record(registration({ amount: "8000000.00" }))
      const loan = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "8000000.00",
        rate: "0.035",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })
      const open = issue(await caught(kejin.pledges.release({ pledgeId: r.id, on: "2026-03-31" })))
      expect(open).toMatchObject({
        path: "pledgeId",
        message: `registration ${r.registrationNo} still secures 8,000,000.00 yuan outstanding on loan ${loan.id} on 2026-03-31: repay it before the registration is released`
      })
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2026-03-31", amount: "8000000.00" })
      const beforeRepaid = issue(await caught(kejin.pledges.release({ pledgeId: r.id, on: "2026-03-30" })))
      expect(beforeRepaid.message).toMatch(/still secures 8,000,000.00 yuan outstanding/)
      const released = await kejin.pledges.release({ pledgeId: r.id, on: "2026-04-02", note: "贷款结清" })
      expect([released.status, released.statusOn]).toEqual(["released", "2026-04-02"])

      const draw = issue(
        await caught(
          kejin.pledges.loans.draw({
            pledgeId: r.id,
            amount: "1.00",
            rate: "0.03",
            disbursedOn: "2026-05-01",
            maturesOn: "2027-05-01"
          })
        )
      )
      expect(draw).toMatchObject({
        path: "pledgeId",
        message: `registration ${r.registrationNo} was released on 2026-04-02 and takes no new loans`
      })
      const change = issue(
        await caught(kejin.pledges.change({ pledgeId: r.id, on: "2026-05-01", amount: "9000000" }))
      )
      expect(change.message).toBe(
        `registration ${r.registrationNo} was released on 2026-04-02: it takes no further events`
      )
    })

    it("reverses only the latest live event, once; the status follows", async () => {
      const r = await kejin.pledges.record(registration({ amount: "3000000.00" }))
      const changed = await kejin.pledges.change({ pledgeId: r.id, on: "2025-05-01", amount: "4000000.00" })
      const cancelled = await kejin.pledges.cancel({ pledgeId: r.id, on: "2025-06-01" })
      expect(cancelled.status).toBe("cancelled")
      const changeEvent = changed.events[0]!
      const cancelEvent = cancelled.events[1]!
      const notLatest = issue(await caught(kejin.pledges.reverseEvent(changeEvent.id, "wrong")))
      expect(notLatest.message).toBe(
        `only the latest live event can be reversed: reverse event ${cancelEvent.id} (2025-06-01) first`
      )
      const reopened = await kejin.pledges.reverseEvent(cancelEvent.id, "cancelled the wrong registration")
      expect([reopened.status, reopened.statusOn, toWire(reopened.securedAmount)]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        "changed",
        "2025-05-01",
        "4000000.00"
      ])
      expect((await caught(kejin.pledges.reverseEvent(cancelEvent.id, "again")))._tag).toBe("ConflictError")
      const back = await kejin.pledges.reverseEvent(changeEvent.id, "amount was not changed")
      expect([back.status, back.securedAmount.toFixed(2)]).toEqual(["registered", "3000000.00"]) // float-ok: Decimal.toFixed, exact
      const reversal = back.events.find((e) => e.kind === "reversal")!
      expect(issue(await caught(kejin.pledges.reverseEvent(reversal.id, "x"))).message).toMatch(
        /a reversal is final/
      )
    })

    it("defaults once, only with a balance; recoveries after default are repayments", async () => {
      const r = await kejin.pledges.record(registration({ amount: "6000000.00" }))
      const loan = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "6000000.00",
        rate: "0.05",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })
      const defaulted = await kejin.pledges.loans.default({
        loanId: loan.id,
        on: "2026-04-30",
        note: "逾期90天"
      })
      expect(defaulted.defaultedOn).toBe("2026-04-30")
      const twice = await caught(kejin.pledges.loans.default({ loanId: loan.id, on: "2026-05-30" }))
      expect([twice._tag, twice.field]).toEqual(["ConflictError", "loanId"])
      const recovered = await kejin.pledges.loans.repay({
        loanId: loan.id,
        on: "2026-08-01",
        amount: "2000000.00"
      })
      expect(recovered.outstanding.toFixed(2)).toBe("4000000.00") // float-ok: Decimal.toFixed, exact

      const paid = await kejin.pledges.loans.draw({
        pledgeId: (await kejin.pledges.record(registration({ amount: "100.00" }))).id,
        amount: "100.00",
        rate: "0.05",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })
      await kejin.pledges.loans.repay({ loanId: paid.id, on: "2025-05-01", amount: "100.00" })
      expect(
        issue(await caught(kejin.pledges.loans.default({ loanId: paid.id, on: "2026-05-01" }))).message
      ).toBe(`loan ${paid.id} is fully repaid: it has nothing left to default on`)
    })

    it("reversed loans and loans of a reversed registration leave the registration and refuse events", async () => {
      const r = await kejin.pledges.record(registration({ amount: "9000000.00" }))
      const wrong = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "9000000.00",
        rate: "0.04",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })
      const reversed = await kejin.pledges.loans.reverse(wrong.id, "wrong registration")
      expect(reversed.reversed).toBe(true)
      expect((await kejin.pledges.registration(r.id)).drawn.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
      const right = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "9000000.00",
        rate: "0.04",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })
      expect(
        issue(await caught(kejin.pledges.loans.repay({ loanId: wrong.id, on: "2025-05-01", amount: "1.00" })))
          .path
      ).toBe("loanId")
      await kejin.pledges.reverse(r.id, "recorded twice")
      const gone = await kejin.pledges.loans.get(right.id)
      expect(gone.reversed).toBe(true)
      expect((await caught(kejin.pledges.loans.reverse(right.id, "again")))._tag).toBe("ConflictError")
      const closed = issue(await caught(kejin.pledges.release({ pledgeId: r.id, on: "2026-01-01" })))
      expect(closed.message).toMatch(/was reversed \(recorded in error\): it takes no further events/)
    })

    it("keeps 首次质押 right as registrations arrive out of order and are reversed", async () => {
      const e = 500
      const feb = await kejin.pledges.record(registration({ enterprise: e, registeredOn: "2025-02-01" }))
      const may = await kejin.pledges.record(registration({ enterprise: e, registeredOn: "2025-05-01" }))
      expect((await kejin.pledges.registration(feb.id)).firstPledge).toBe(true)
      expect((await kejin.pledges.registration(may.id)).firstPledge).toBe(false)
      // Recorded last, registered first: it becomes the enterprise's first pledge.
      const jan = await kejin.pledges.record(registration({ enterprise: e, registeredOn: "2025-01-15" }))
      const flags = async () =>
        Promise.all([jan, feb, may].map(async (p) => (await kejin.pledges.registration(p.id)).firstPledge))
      expect(await flags()).toEqual([true, false, false])
      await kejin.pledges.reverse(jan.id, "not this enterprise's")
      expect(await flags()).toEqual([false, true, false])
      await kejin.pledges.reverse(feb.id, "duplicate")
      expect(await flags()).toEqual([false, false, true])
      // Same day: the earlier id is first.
      const sameDay = await kejin.pledges.record(registration({ enterprise: e, registeredOn: "2025-05-01" }))
      expect((await kejin.pledges.registration(sameDay.id)).firstPledge).toBe(false)
    })

    it("flags 普惠 by the registration or any live loan, at a threshold the query can set", async () => {
      const big = await kejin.pledges.record(registration({ amount: "25000000.00" }))
      expect((await kejin.pledges.registration(big.id)).inclusive).toBe(false)
      const tranche = await kejin.pledges.loans.draw({
        pledgeId: big.id,
        amount: "10000000.00",
        rate: "0.04",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })
      const r = await kejin.pledges.registration(big.id)
      expect([r.inclusive, r.inclusiveThreshold.toFixed(2)]).toEqual([true, "10000000.00"]) // float-ok: Decimal.toFixed, exact
      expect((await kejin.pledges.registration(big.id, { inclusiveThreshold: "999.99万" })).inclusive).toBe(
        false
      )
      await kejin.pledges.loans.reverse(tranche.id, "wrong amount")
      expect((await kejin.pledges.registration(big.id)).inclusive).toBe(false)
      expect((await kejin.pledges.registration(big.id, { inclusiveThreshold: "2500万" })).inclusive).toBe(
        true
      )
      const bad = issue(await caught(kejin.pledges.registration(big.id, { inclusiveThreshold: "-1" })))
      expect(bad.path).toBe("inclusiveThreshold")
    })

    it("refuses a patent still pledged under an active registration; a release on or before frees it", async () => {
      const shared = patent(4242)
      const a = await kejin.pledges.record(registration({ patents: [shared], amount: "1000.00" }))
      const clash = issue(
        await caught(
          kejin.pledges.record(
            registration({ patents: [patent(4243), shared.replace("ZL", "")], registeredOn: "2025-08-01" })
          )
        )
      )
      expect(clash).toMatchObject({
        path: "patents.1",
        code: "patent-still-pledged",
        message: `patent ${shared.replace("ZL", "")} is still pledged under registration ${a.registrationNo} (registered 2025-03-14, neither released nor cancelled by 2025-08-01)`
      })
      await kejin.pledges.release({ pledgeId: a.id, on: "2025-09-01" })
      const overlapping = issue(
        await caught(kejin.pledges.record(registration({ patents: [shared], registeredOn: "2025-08-31" })))
      )
      expect(overlapping.path).toBe("patents.0")
      const after = await kejin.pledges.record(
        registration({ patents: [shared], registeredOn: "2025-09-01" })
      )
      expect(after.patents).toEqual([shared])
      const batch = await caught(
        kejin.pledges.recordMany([
          registration({ patents: [patent(5001)] }),
          registration({ patents: [patent(5002), patent(5001)] })
        ])
      )
      expect(batch.issues).toMatchObject([
        {
          path: "[1].patents.1",
          code: "patent-twice-in-batch",
          message: expect.stringMatching(/also pledged by YL\d+ \(row 0\) of this batch/)
        }
      ])
      // The bulk path reads the stored holders once for the whole batch, with the same dates rule.
      const stored = await caught(
        kejin.pledges.recordMany([
          registration({ patents: [patent(5003)], registeredOn: "2025-10-01" }),
          registration({ patents: [`CN${shared.replace("ZL", "")}`], registeredOn: "2025-08-15" })
        ])
      )
      expect(stored.issues).toMatchObject([
        {
          path: "[1].patents.0",
          message: expect.stringContaining(`is still pledged under registration ${a.registrationNo}`)
        }
      ])
    })

    it("tells the history oldest first, reversed lines marked", async () => {
      const r = await kejin.pledges.record(registration({ amount: "2000000.00", registeredOn: "2025-02-10" }))
      const loan = await kejin.pledges.loans.draw({
        pledgeId: r.id,
        amount: "2000000.00",
        rate: "0.03",
        disbursedOn: "2025-02-12",
        maturesOn: "2026-02-11"
      })
      const wrong = await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-06-30", amount: "1.00" })
      await kejin.pledges.loans.reverseEvent(wrong.events[0]!.id, "typo")
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2026-02-11", amount: "2000000.00" })
      await kejin.pledges.change({
        pledgeId: r.id,
        on: "2026-02-11",
        debtTerm: { start: "2025-02-12", end: "2026-02-11" }
      })
      await kejin.pledges.release({ pledgeId: r.id, on: "2026-02-12" })
      const lines = await kejin.pledges.events(r.id)
      expect(
        lines.map((l) => `${l.on} ${l.kind}${l.reversed ? " (reversed)" : ""} ${l.amount?.toFixed(2) ?? ""}`) // float-ok: Decimal.toFixed, exact
      ).toEqual([
        "2025-02-10 registered 2000000.00",
        "2025-02-12 drawn 2000000.00",
        "2025-06-30 repaid (reversed) 1.00",
        "2026-02-11 repaid 2000000.00",
        "2026-02-11 changed ",
        "2026-02-12 released "
      ])
    })

    it("replays a repeated idempotency key, refuses a viewer, and keeps the journal intact", async () => {
      const r = await kejin.pledges.record(registration({ amount: "500000.00" }))
      const input = {
        pledgeId: r.id,
        amount: "100000.00",
        rate: "0.03",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      }
      const first = await kejin.pledges.loans.draw(input, { idempotencyKey: "draw-1" })
      const again = await kejin.pledges.loans.draw(input, { idempotencyKey: "draw-1" })
      expect(again.id).toBe(first.id)
      expect((await kejin.pledges.loans.list(r.id)).length).toBe(1)
      const viewer = await caught(kejin.pledges.loans.draw(input, { actor: { id: "v", role: "viewer" } }))
      expect(viewer._tag).toBe("ForbiddenError")
      // Loan commands of its own to look for: five more loans, each repaid in part.
      for (let i = 0; i < 5; i++) {
        const loan = await kejin.pledges.loans.draw({ ...input, amount: "10000.00" })
        await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-05-01", amount: "1000.00" })
      }
      const verdict = await kejin.journal.verify()
      expect(verdict._tag).toBe("Intact")
      const { items } = await kejin.journal.search({ command: "pledges.loans." })
      expect(items.length).toBeGreaterThan(10)
    })
  })
}
