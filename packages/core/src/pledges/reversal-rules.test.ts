import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"

// A reversal is a write like any other: the state it would leave keeps every rule the forward commands
// keep, or it is refused (422 naming the event and the rule) and changes nothing.

let serial = 0
const registration = (extra: Partial<PledgeInputJson> = {}): PledgeInputJson => {
  serial += 1
  return {
    registrationNo: `YR2025${String(serial).padStart(8, "0")}`,
    pledgor: {
      uscc: makeUscc(`91330302MA3R${String(serial).padStart(5, "0")}`),
      name: `温州冲销测试${serial}号有限公司`,
      district: "330302"
    },
    pledgee: { name: "温州银行" },
    patents: [`ZL${makePatentNumber(`20201${String(70000 + serial).padStart(7, "0")}`)}`],
    amount: "100.00",
    registeredOn: "2025-03-14",
    ...extra
  }
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { _tag: string; issues?: ReadonlyArray<{ path: string; message: string }> }
  )
  if (error === undefined) throw new Error("expected the reversal to be refused")
  expect(error._tag).toBe("ValidationError")
  expect(error.issues).toHaveLength(1)
  return error.issues![0]!
}

for (const dialect of testDialects()) {
  describe(`reversals keep the registration's rules on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({
        database: database.url,
        clock: { today: "2026-12-06" },
        pledges: { exclusivePatents: true }
      })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const draw = (pledgeId: number, amount: string, disbursedOn = "2025-04-01") =>
      kejin.pledges.loans.draw({ pledgeId, amount, rate: "0.035", disbursedOn, maturesOn: "2026-03-31" })

    it("refuses to reverse a release while another registration now holds the same patent", async () => {
      const first = await kejin.pledges.record(registration())
      const released = await kejin.pledges.release({ pledgeId: first.id, on: "2025-06-01" })
      const second = await kejin.pledges.record(
        registration({ patents: first.patents, registeredOn: "2025-07-01" })
      )
      const release = released.events[0]!
      const refused = await refusal(kejin.pledges.reverseEvent(release.id, "released the wrong one"))
      expect(refused).toMatchObject({
        path: "eventId",
        message: `event ${release.id} (a release on 2025-06-01) cannot be reversed: patent ${first.patents[0]!.replace("ZL", "")} would be pledged under registration ${first.registrationNo} and under registration ${second.registrationNo} (registered 2025-07-01, still active) at once (a patent is pledged under one active registration at a time)`
      })
      const unchanged = await kejin.pledges.registration(first.id)
      expect([unchanged.status, unchanged.events.map((e) => e.kind)]).toEqual(["released", ["release"]])
      // With the other registration reversed, nothing else holds the patent: the release can go.
      await kejin.pledges.reverse(second.id, "recorded under the wrong number")
      const reopened = await kejin.pledges.reverseEvent(release.id, "released the wrong one")
      expect(reopened.status).toBe("registered")
    })

    it("refuses to reverse an amount change that live loans drew on", async () => {
      const r = await kejin.pledges.record(registration({ amount: "100.00" }))
      const changed = await kejin.pledges.change({ pledgeId: r.id, on: "2025-03-20", amount: "200.00" })
      await draw(r.id, "200.00")
      const change = changed.events[0]!
      const refused = await refusal(kejin.pledges.reverseEvent(change.id, "amount was not changed"))
      expect(refused).toMatchObject({
        path: "eventId",
        message: `event ${change.id} (a change on 2025-03-20) cannot be reversed: registration ${r.registrationNo} would have 200.00 yuan drawn on 100.00 yuan secured (live loans under a registration never exceed its secured amount)`
      })
      const unchanged = await kejin.pledges.registration(r.id)
      expect([unchanged.status, toWire(unchanged.securedAmount)]).toEqual(["changed", "200.00"])
      // Within the amount, the same reversal goes through.
      const other = await kejin.pledges.record(registration({ amount: "100.00" }))
      const raised = await kejin.pledges.change({ pledgeId: other.id, on: "2025-03-20", amount: "200.00" })
      await draw(other.id, "100.00")
      const back = await kejin.pledges.reverseEvent(raised.events[0]!.id, "amount was not changed")
      expect(toWire(back.securedAmount)).toBe("100.00")
    })

    it("refuses to reverse a repayment a release relied on", async () => {
      const r = await kejin.pledges.record(registration({ amount: "300.00" }))
      const loan = await draw(r.id, "300.00")
      const repaid = await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-05-01", amount: "300.00" })
      await kejin.pledges.release({ pledgeId: r.id, on: "2025-05-02" })
      const repayment = repaid.events[0]!
      const refused = await refusal(kejin.pledges.loans.reverseEvent(repayment.id, "entered twice"))
      expect(refused).toMatchObject({
        path: "eventId",
        message: `event ${repayment.id} (a repayment of 300.00 yuan on 2025-05-01) cannot be reversed: registration ${r.registrationNo}, released on 2025-05-02, would still secure 300.00 yuan outstanding on loan ${loan.id} (a registration is released or cancelled only with every loan under it settled by then)`
      })
      const unchanged = await kejin.pledges.registration(r.id)
      expect([unchanged.status, toWire(unchanged.outstanding)]).toEqual(["released", "0.00"])
      expect(unchanged.loans[0]!.events.map((e) => [e.kind, e.reversed])).toEqual([["repayment", false]])
      // Before the release, the repayment can be reversed.
      const open = await kejin.pledges.record(registration({ amount: "300.00" }))
      const openLoan = await draw(open.id, "300.00")
      const paid = await kejin.pledges.loans.repay({
        loanId: openLoan.id,
        on: "2025-05-01",
        amount: "300.00"
      })
      const back = await kejin.pledges.loans.reverseEvent(paid.events[0]!.id, "entered twice")
      expect(toWire(back.outstanding)).toBe("300.00")
    })

    it("refuses to reverse a disposal a release relied on", async () => {
      const r = await kejin.pledges.record(registration({ amount: "500.00" }))
      const loan = await draw(r.id, "500.00")
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-06-30" })
      const disposed = await kejin.pledges.loans.dispose({
        loanId: loan.id,
        on: "2025-09-30",
        method: "sale",
        recovered: "400.00"
      })
      await kejin.pledges.release({ pledgeId: r.id, on: "2025-10-08" })
      const disposal = disposed.disposal!
      const refused = await refusal(kejin.pledges.loans.reverseDisposal(disposal.id, "sale fell through"))
      expect(refused).toMatchObject({
        path: "disposalId",
        message: `disposal ${disposal.id} (on 2025-09-30) cannot be reversed: registration ${r.registrationNo}, released on 2025-10-08, would still secure 500.00 yuan outstanding on loan ${loan.id} (a registration is released or cancelled only with every loan under it settled by then)`
      })
      expect((await kejin.pledges.loans.get(loan.id)).disposal?.id).toBe(disposal.id)
    })

    it("refuses to reverse a cancellation's repayment and checks a loan reversal's registration too", async () => {
      const r = await kejin.pledges.record(registration({ amount: "300.00" }))
      const loan = await draw(r.id, "300.00")
      const repaid = await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-05-01", amount: "300.00" })
      await kejin.pledges.cancel({ pledgeId: r.id, on: "2025-05-02" })
      const refused = await refusal(kejin.pledges.loans.reverseEvent(repaid.events[0]!.id, "typo"))
      expect(refused.message).toContain(`cancelled on 2025-05-02, would still secure 300.00 yuan outstanding`)
      // Taking the whole loan out leaves nothing open: allowed.
      const out = await kejin.pledges.loans.reverse(loan.id, "recorded under the wrong registration")
      expect(out.reversed).toBe(true)
    })
  })
}
