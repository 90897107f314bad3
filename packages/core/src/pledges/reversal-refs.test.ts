import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { localizedMessage } from "../text/messages.js"

// A pledge-side reversal keeps the rules of the money that left a pool or a budget on the registration's
// strength: a risk-compensation claim (风险补偿) names a live registration with a loan in default by its
// date and claims at most the defaulted loans' outstanding balance; an interest subsidy (贴息) by
// registration number names a live registration with a loan disbursed by its date. Reversing the
// registration, a loan or a default those records rely on is refused (422 naming the field, the record
// and the rule) and changes nothing; reversing a repayment or a disposal only raises the balance and goes.

const TODAY = "2025-12-31"
let serial = 0

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) =>
      e as {
        _tag: string
        issues?: ReadonlyArray<{
          path: string
          message: string
          code?: string
          params?: Record<string, string>
          because?: ReadonlyArray<{ code: string; params: Record<string, string> }>
        }>
      }
  )
  if (error === undefined) throw new Error("expected the reversal to be refused")
  expect(error._tag).toBe("ValidationError")
  expect(error.issues).toHaveLength(1)
  return error.issues![0]!
}

const claimRule =
  "(a risk-compensation claim names a live registration with a loan in default by its date and claims at most the defaulted loans' outstanding balance)"
const subsidyRule =
  "(an interest subsidy by registration number names a live registration with a loan disbursed by its date)"

for (const dialect of testDialects()) {
  describe(`pledge reversals keep the rules of the claims and subsidies naming the registration on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let bank: number

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: TODAY } })
      bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      await kejin.linkage.recordPool({
        code: "rc",
        name: "风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.5"
      })
      await kejin.linkage.recordDeposit({ pool: "rc", on: "2025-01-05", amount: "10000000.00" })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** A registration of 3,000,000.00 registered on 2025-01-15. */
    const register = () => {
      serial += 1
      return kejin.pledges.record({
        registrationNo: `YC2025${String(serial).padStart(8, "0")}`,
        pledgor: {
          uscc: makeUscc(`91330302MA5C${String(serial).padStart(5, "0")}`),
          name: `温州补偿冲销${serial}号有限公司`,
          district: "330302"
        },
        pledgee: { name: "温州银行", kind: "bank" },
        patents: [`ZL${makePatentNumber(`20211${String(60000 + serial).padStart(7, "0")}`)}`],
        amount: "3000000.00",
        registeredOn: "2025-01-15"
      })
    }
    const draw = (pledgeId: number, amount: string, disbursedOn = "2025-02-01") =>
      kejin.pledges.loans.draw({ pledgeId, amount, rate: "0.0385", disbursedOn, maturesOn: "2026-02-01" })
    const claim = (registrationNo: string, loss: string, on = "2025-09-01") =>
      kejin.linkage.recordCompensationClaim({ pool: "rc", registrationNo, on, loss, bank })
    const subsidy = (registrationNo: string, on = "2025-06-30") =>
      kejin.linkage.recordInterestSubsidy({ on, amount: "10000.00", registrationNo })

    it("refuses to reverse a registration a live claim or subsidy names, until they are reversed", async () => {
      const r = await register()
      const loan = await draw(r.id, "2000000.00")
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-05-01" })
      const paid = await subsidy(r.registrationNo)
      const claimed = await claim(r.registrationNo, "1000000.00")
      const no = `no live pledge registration has the number ${r.registrationNo}`
      expect(await refusal(kejin.pledges.reverse(r.id, "entered twice"))).toMatchObject({
        path: "id",
        message: `pledge ${r.id} (registration ${r.registrationNo}) cannot be reversed: risk-compensation claim ${claimed.id} of 2025-09-01 relies on it: ${no} ${claimRule}; interest subsidy ${paid.id} of 2025-06-30 relies on it: ${no} ${subsidyRule}`
      })
      // Nothing changed: the registration is live and its number still taken.
      expect((await kejin.pledges.get(r.id)).reversed).toBe(false)
      expect((await kejin.pledges.registration(r.id)).loans.map((l) => l.reversed)).toEqual([false])
      // A linkage claim or subsidy is reversed as before; then the registration can go.
      await kejin.linkage.reverse("claim", claimed.id, "claimed on the wrong registration")
      const refused = await refusal(kejin.pledges.reverse(r.id, "entered twice"))
      expect(refused.message).toBe(
        `pledge ${r.id} (registration ${r.registrationNo}) cannot be reversed: interest subsidy ${paid.id} of 2025-06-30 relies on it: ${no} ${subsidyRule}`
      )
      await kejin.linkage.reverse("subsidy", paid.id, "paid on the wrong registration")
      expect((await kejin.pledges.reverse(r.id, "entered twice")).reversed).toBe(true)
    })

    it("refuses to reverse a default a live claim relies on", async () => {
      const r = await register()
      const loan = await draw(r.id, "2000000.00")
      const defaulted = await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-05-01" })
      const claimed = await claim(r.registrationNo, "500000.00")
      const event = defaulted.events.find((e) => e.kind === "default")!
      const refused = await refusal(kejin.pledges.loans.reverseEvent(event.id, "not in default"))
      expect(refused).toMatchObject({
        path: "eventId",
        message: `event ${event.id} (a default on 2025-05-01) cannot be reversed: risk-compensation claim ${claimed.id} of 2025-09-01 relies on it: registration ${r.registrationNo} has no loan in default with a balance outstanding on 2025-09-01: a risk-compensation claim needs one ${claimRule}`,
        code: "loan-event-reversal-breaks",
        because: [{ code: "claim-relies-on-registration" }]
      })
      // In Chinese throughout: the refusal, the claim relying on the registration, and the rule it keeps.
      expect(localizedMessage(refused, "zh")).toBe(
        `事项 ${event.id}（2025-05-01 的违约）不能冲销：风险补偿理赔 ${claimed.id}（2025-09-01）依赖该登记：登记 ${r.registrationNo} 在 2025-09-01 没有尚有余额的违约贷款：风险补偿须有一笔（风险补偿须针对在其日期前有违约贷款的有效登记，且至多补偿违约贷款的未还余额）`
      )
      expect(localizedMessage(refused, "en")).toBe(refused.message)
      const unchanged = await kejin.pledges.loans.get(loan.id)
      expect([unchanged.defaultedOn, unchanged.events.map((e) => e.reversed)]).toEqual([
        "2025-05-01",
        [false]
      ])
      // Once the claim is reversed, nothing relies on the default.
      await kejin.linkage.reverse("claim", claimed.id, "no loss yet")
      const back = await kejin.pledges.loans.reverseEvent(event.id, "not in default")
      expect(back.defaultedOn).toBeNull()
    })

    it("refuses to reverse a default whose balance a claim's loss relied on, and lets one go that none did", async () => {
      const r = await register()
      const first = await draw(r.id, "1000000.00")
      const second = await draw(r.id, "1000000.00")
      const firstDefault = await kejin.pledges.loans.default({ loanId: first.id, on: "2025-05-01" })
      const secondDefault = await kejin.pledges.loans.default({ loanId: second.id, on: "2025-05-02" })
      // 1,500,000.00 of 2,000,000.00 in default: the claim relies on both loans' balances.
      const claimed = await claim(r.registrationNo, "1500000.00")
      const event = secondDefault.events.find((e) => e.kind === "default")!
      expect(await refusal(kejin.pledges.loans.reverseEvent(event.id, "paid on time"))).toMatchObject({
        path: "eventId",
        message: `event ${event.id} (a default on 2025-05-02) cannot be reversed: risk-compensation claim ${claimed.id} of 2025-09-01 relies on it: its loss of 1500000.00 exceeds what is left to compensate on registration ${r.registrationNo}: its defaulted loans owe 1000000.00 on 2025-09-01, of which 0.00 is already claimed ${claimRule}`
      })
      // A loss within one loan's balance does not rely on the other's default.
      await kejin.linkage.reverse("claim", claimed.id, "loss overstated")
      const smaller = await claim(r.registrationNo, "800000.00", "2025-09-02")
      const back = await kejin.pledges.loans.reverseEvent(event.id, "paid on time")
      expect(back.defaultedOn).toBeNull()
      expect(toWire(smaller.loss)).toBe("800000.00")
      // Nor would the claim survive the first default's reversal now.
      const firstEvent = firstDefault.events.find((e) => e.kind === "default")!
      const refused = await refusal(kejin.pledges.loans.reverseEvent(firstEvent.id, "paid on time"))
      expect(refused.message).toContain(`risk-compensation claim ${smaller.id} of 2025-09-02 relies on it`)
    })

    it("checks each claim with the claims recorded before it, as when it was recorded", async () => {
      const r = await register()
      const first = await draw(r.id, "1000000.00")
      const second = await draw(r.id, "1000000.00")
      await kejin.pledges.loans.default({ loanId: first.id, on: "2025-05-01" })
      await kejin.pledges.loans.default({ loanId: second.id, on: "2025-05-01" })
      const early = await claim(r.registrationNo, "600000.00", "2025-08-01")
      const late = await claim(r.registrationNo, "600000.00", "2025-09-01")
      // Without the second loan only 1,000,000.00 is in default: the later claim no longer fits.
      const refused = await refusal(
        kejin.pledges.loans.reverse(second.id, "drawn under the wrong registration")
      )
      expect(refused).toMatchObject({
        path: "loanId",
        message: `loan ${second.id} (1,000,000.00 yuan disbursed on 2025-02-01 under registration ${r.registrationNo}) cannot be reversed: risk-compensation claim ${late.id} of 2025-09-01 relies on it: its loss of 600000.00 exceeds what is left to compensate on registration ${r.registrationNo}: its defaulted loans owe 1000000.00 on 2025-09-01, of which 600000.00 is already claimed ${claimRule}`
      })
      expect((await kejin.pledges.loans.get(second.id)).reversed).toBe(false)
      await kejin.linkage.reverse("claim", late.id, "claimed twice")
      expect(
        (await kejin.pledges.loans.reverse(second.id, "drawn under the wrong registration")).reversed
      ).toBe(true)
      expect(toWire(early.loss)).toBe("600000.00")
    })

    it("refuses to reverse the only loan a subsidy was paid on by its date", async () => {
      const r = await register()
      const loan = await draw(r.id, "1000000.00", "2025-02-01")
      const later = await draw(r.id, "1000000.00", "2025-08-01")
      const paid = await subsidy(r.registrationNo, "2025-06-30")
      expect(await refusal(kejin.pledges.loans.reverse(loan.id, "wrong loan"))).toMatchObject({
        path: "loanId",
        message: `loan ${loan.id} (1,000,000.00 yuan disbursed on 2025-02-01 under registration ${r.registrationNo}) cannot be reversed: interest subsidy ${paid.id} of 2025-06-30 relies on it: registration ${r.registrationNo} has no live loan disbursed on or before 2025-06-30: 贴息 is paid on a loan ${subsidyRule}`
      })
      // The loan disbursed after the payment is no loan the subsidy relied on.
      expect((await kejin.pledges.loans.reverse(later.id, "wrong loan")).reversed).toBe(true)
      expect((await kejin.pledges.loans.get(loan.id)).reversed).toBe(false)
    })

    it("reverses a repayment or a disposal under a claim: the balance only rises", async () => {
      const r = await register()
      const loan = await draw(r.id, "2000000.00")
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-05-01" })
      const repaid = await kejin.pledges.loans.repay({
        loanId: loan.id,
        on: "2025-06-01",
        amount: "500000.00"
      })
      // 1,500,000.00 outstanding on the claim date: the claim takes all of it.
      const claimed = await claim(r.registrationNo, "1500000.00")
      const disposed = await kejin.pledges.loans.dispose({
        loanId: loan.id,
        on: "2025-10-01",
        method: "sale",
        recovered: "300000.00"
      })
      const backInDefault = await kejin.pledges.loans.reverseDisposal(
        disposed.disposal!.id,
        "sale fell through"
      )
      expect([backInDefault.disposal, toWire(backInDefault.outstanding)]).toEqual([null, "1500000.00"])
      const repayment = repaid.events.find((e) => e.kind === "repayment")!
      const unpaid = await kejin.pledges.loans.reverseEvent(repayment.id, "entered twice")
      expect(toWire(unpaid.outstanding)).toBe("2000000.00")
      expect((await kejin.linkage.claims()).map((c) => [c.id, c.reversedBy])).toEqual([[claimed.id, null]])
    })

    it("refuses a back-dated repayment, disposal or release that would undercut a live claim, and lets a later one go", async () => {
      const r = await register()
      const loan = await draw(r.id, "2000000.00")
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-05-01" })
      // The loss is the whole balance on 2025-09-01: 2,000,000.00.
      const claimed = await claim(r.registrationNo, "2000000.00")
      const before = await kejin.pledges.loans.get(loan.id)
      const repaid = await refusal(
        kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-08-01", amount: "500000.00" })
      )
      expect(repaid.path).toBe("on")
      expect(repaid.message).toContain(`a repayment on 2025-08-01 of loan ${loan.id} cannot be recorded`)
      expect(repaid.message).toContain(`risk-compensation claim ${claimed.id} of 2025-09-01`)
      const disposed = await refusal(
        kejin.pledges.loans.dispose({ loanId: loan.id, on: "2025-08-15", method: "sale", recovered: "0.00" })
      )
      expect(disposed.path).toBe("on")
      expect((await kejin.pledges.loans.get(loan.id)).repaid.toFixed(2)).toBe(before.repaid.toFixed(2)) // float-ok: Decimal
      expect((await kejin.pledges.loans.get(loan.id)).disposal).toBeNull()
      // After the claim's date the balance it stood on is history: recorded.
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-10-01", amount: "500000.00" })
      expect(toWire((await kejin.pledges.loans.get(loan.id)).outstanding)).toBe("1500000.00")
    })

    it("refuses a cancellation dated before a subsidy that stands on the registration", async () => {
      const r = await register()
      // Drawn and repaid by 2025-03-01: the registration could end from then on, but for the subsidy.
      const loan = await draw(r.id, "1000000.00")
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-03-01", amount: "1000000.00" })
      await subsidy(r.registrationNo, "2025-06-30")
      const cancelled = await refusal(kejin.pledges.cancel({ pledgeId: r.id, on: "2025-04-01" }))
      expect(cancelled.path).toBe("on")
      expect(cancelled.message).toContain(
        `registration ${r.registrationNo} cannot be cancelled on 2025-04-01`
      )
      expect((await kejin.pledges.registration(r.id)).status).not.toBe("cancelled")
    })
  })
}
