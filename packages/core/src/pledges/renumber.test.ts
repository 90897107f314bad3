import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { isDuplicateRegistration } from "./pledges.js"
import type { PledgeInputJson } from "./schema.js"

// Corrections are reversals: the bureau reverses a registration recorded with wrong data and records it
// again, correctly, under the same registration number (登记号).

const [sample] = demoPledges({ count: 1, from: "2031-03-14", to: "2031-03-14", seed: 23 })
/** A pledgor of its own, so the enterprise and 首次质押 figures see only this file's registrations. */
const pledgor = { ...sample!.pledgor, uscc: makeUscc("91330302MA7RENUM1") }
const input = (registrationNo: string, extra: Partial<PledgeInputJson> = {}): PledgeInputJson => ({
  ...sample!,
  pledgor,
  registrationNo,
  patents: [demoPatent(registrationNo)],
  registeredOn: "2031-03-14",
  ...extra
})

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const text = (value: { toFixed(places: number): string }) => value.toFixed(2) // float-ok: Decimal.toFixed, exact

for (const dialect of testDialects()) {
  describe(`a reversed registration's number recorded again on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      // Records dated 2031: the store's clock stands at the end of 2031.
      kejin = await openKejin({ database: database.url, clock: { today: "2031-12-31" } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("records the corrected registration under the reversed one's number; the figures count it alone", async () => {
      const wrong = await kejin.pledges.record(input("Y2031330000001", { amount: "9000000.00" }))
      await kejin.pledges.reverse(wrong.id, "amount entered wrong")
      // The same number and the same patent (the reversal freed it), the right amount.
      const right = await kejin.pledges.record(input("Y2031330000001", { amount: "900000.00" }))
      expect(right.id).not.toBe(wrong.id)
      expect(right).toMatchObject({ registrationNo: "Y2031330000001", reversed: false })
      expect(right.patents).toEqual(wrong.patents)
      expect((await kejin.pledges.get(wrong.id)).reversed).toBe(true)

      const total = await kejin.pledges.total({ year: 2031 })
      expect([text(total.amount), total.count]).toEqual(["900000.00", 1])
      const summary = await kejin.pledges.summary({ year: 2031 })
      expect([text(summary.measures.amount), summary.measures.registrations]).toEqual(["900000.00", 1])
      expect([summary.measures.patents, summary.measures.enterprises]).toEqual([1, 1])
      expect((await kejin.pledges.registration(right.id)).firstPledge).toBe(true)

      const live = await kejin.pledges.list({ registrationNo: "Y2031330000001" })
      expect(live.items.map((p) => p.id)).toEqual([right.id])
      const history = await kejin.pledges.list({ registrationNo: "Y2031330000001", includeReversed: true })
      expect(history.items.map((p) => [p.id, p.reversed]).sort()).toEqual(
        [
          [wrong.id, true],
          [right.id, false]
        ].sort()
      )
      expect(history.total).toBe(2)
    })

    it("refuses the number while a live registration holds it, on record and on the bulk path", async () => {
      const held = await kejin.pledges.record(input("Y2031330000002"))
      const before = await kejin.pledges.total({ year: 2031 })
      const single = await caught(
        kejin.pledges.record(input("Y2031330000002", { patents: [demoPatent("x2")] }))
      )
      expect(single).toMatchObject({ _tag: "ConflictError", reason: "duplicate", field: "registrationNo" })
      const bulk = await caught(
        kejin.pledges.recordMany([
          input("Y2031330000003"),
          input("Y2031330000002", { patents: [demoPatent("x2")] })
        ])
      )
      expect(bulk).toMatchObject({ _tag: "ConflictError", field: "registrationNo" })
      expect(bulk.message).toMatch(/Y2031330000002/)
      // All or nothing: the batch's other row is not there either.
      expect(
        (await kejin.pledges.list({ registrationNo: "Y2031330000003", includeReversed: true })).total
      ).toBe(0)
      expect((await kejin.pledges.total({ year: 2031 })).count).toBe(before.count)

      // Reversed, its number goes through the bulk path too, and is then held by the new registration.
      await kejin.pledges.reverse(held.id, "pledgee entered wrong")
      const again = await kejin.pledges.recordMany([input("Y2031330000002"), input("Y2031330000003")])
      expect(again.count).toBe(2)
      expect(again.ids).not.toContain(held.id)
      const third = await caught(
        kejin.pledges.record(input("Y2031330000002", { patents: [demoPatent("x3")] }))
      )
      expect(third).toMatchObject({ _tag: "ConflictError", field: "registrationNo" })
      const live = await kejin.pledges.list({ registrationNo: "Y2031330000002" })
      expect(live.items.map((p) => p.id)).toEqual([again.ids[0]])
    })

    it("takes a number reversed twice a third time; a reversal is still once", async () => {
      const first = await kejin.pledges.record(input("Y2031330000004"))
      await kejin.pledges.reverse(first.id, "wrong patent")
      const second = await kejin.pledges.record(input("Y2031330000004"))
      await kejin.pledges.reverse(second.id, "wrong date")
      const third = await kejin.pledges.record(input("Y2031330000004"))
      const twice = await caught(kejin.pledges.reverse(second.id, "again"))
      expect(twice).toMatchObject({ _tag: "ConflictError", field: "id" })
      // Reversing the reversed one again frees nothing: the third still holds the number.
      const fourth = await caught(kejin.pledges.record(input("Y2031330000004")))
      expect(fourth).toMatchObject({ _tag: "ConflictError", field: "registrationNo" })
      const history = await kejin.pledges.list({ registrationNo: "Y2031330000004", includeReversed: true })
      expect(history.items.filter((p) => !p.reversed).map((p) => p.id)).toEqual([third.id])
      expect(history.total).toBe(3)
    })

    it("lets exactly one of two concurrent writes of the same number through", async () => {
      const results = await Promise.allSettled([
        kejin.pledges.record(input("Y2031330000005")),
        kejin.pledges.record(input("Y2031330000005", { patents: [demoPatent("x5")] })),
        kejin.pledges.recordMany([input("Y2031330000005", { patents: [demoPatent("y5")] })])
      ])
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
      for (const r of results.filter((r) => r.status === "rejected")) {
        expect(r.reason).toMatchObject({ _tag: "ConflictError", field: "registrationNo" })
      }
      expect(
        (await kejin.pledges.list({ registrationNo: "Y2031330000005", includeReversed: true })).total
      ).toBe(1)
    })

    it("has the store refuse a second live holder of a number, classified as a duplicate registration", async () => {
      const held = await kejin.pledges.record(input("Y2031330000006"))
      const other = await kejin.pledges.record(input("Y2031330000007"))
      // What a write that passed the check while another recorded the number meets at insert time.
      const error = await caught(
        kejin.run(
          Database.use((d) =>
            d.query((db) =>
              db
                .insertInto("pledge_live_numbers")
                .values({ registration_no: held.registrationNo, pledge_id: other.id })
                .execute()
            )
          )
        )
      )
      expect(error).toMatchObject({ _tag: "StoreError", reason: "unique-violation" })
      expect(isDuplicateRegistration(error)).toBe(true)
      // Other unique violations are not taken for one: the patent is linked to the registration already.
      const link = await caught(
        kejin.run(
          Database.use((d) =>
            d.query((db) =>
              db
                .insertInto("pledge_patents")
                .values({ pledge_id: other.id, patent_no: other.patents[0]!, title: null })
                .execute()
            )
          )
        )
      )
      expect(link).toMatchObject({ _tag: "StoreError", reason: "unique-violation" })
      expect(isDuplicateRegistration(link)).toBe(false)
    })

    it("records a 风险补偿 claim and a 贴息 on the number, which names the live registration alone", async () => {
      const wrong = await kejin.pledges.record(input("Y2031330000008", { amount: "5000000.00" }))
      await kejin.pledges.reverse(wrong.id, "pledgor entered wrong")
      const right = await kejin.pledges.record(input("Y2031330000008", { amount: "4000000.00" }))
      // The claim and the subsidy need a loan under the live registration, the claim one in default.
      const loan = await kejin.pledges.loans.draw({
        pledgeId: right.id,
        amount: "4000000.00",
        rate: "0.0385",
        disbursedOn: "2031-04-01",
        maturesOn: "2032-04-01"
      })
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2031-09-01" })
      await kejin.linkage.recordPool({
        code: "renumber-rc",
        name: "专利质押融资风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2031-01-01",
        ratio: "0.4"
      })
      await kejin.linkage.recordDeposit({ pool: "renumber-rc", on: "2031-01-05", amount: "500000.00" })
      const claim = await kejin.linkage.recordCompensationClaim({
        pool: "renumber-rc",
        registrationNo: "Y2031330000008",
        on: "2031-11-01",
        loss: "1000000.00"
      })
      const subsidy = await kejin.linkage.recordInterestSubsidy({
        on: "2031-06-30",
        amount: "12345.67",
        registrationNo: "Y2031330000008"
      })
      expect([claim.registrationNo, subsidy.registrationNo]).toEqual(["Y2031330000008", "Y2031330000008"])
      // A lookup by the number they carry finds one live registration: the corrected one.
      const named = await kejin.pledges.list({ registrationNo: claim.registrationNo! })
      expect(named.items.map((p) => [p.id, text(p.amount)])).toEqual([[right.id, "4000000.00"]])
    })
  })
}
