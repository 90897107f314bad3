import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"

const input = (registrationNo: string, n: number): PledgeInputJson => ({
  registrationNo,
  pledgor: {
    uscc: makeUscc(`91330302MA3${String(n).padStart(6, "0")}`),
    name: "温州输入科技",
    district: "330302"
  },
  pledgee: { name: "温州银行" },
  patents: [`ZL${makePatentNumber(`20161${String(n).padStart(7, "0")}`)}`],
  amount: "1000000.00",
  registeredOn: "2024-05-01"
})

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
/** The failure's tag and the fields it names. */
const named = async (promise: Promise<unknown>) => {
  const failure = await caught(promise)
  return [failure._tag, ...(failure.issues?.map((i) => i.path) ?? [])]
}

for (const dialect of testDialects()) {
  describe(`pledge input checks on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("a period with no year before it is a ValidationError naming where it starts, as the caller wrote it", async () => {
      expect(await named(kejin.pledges.summary({ year: 1 }))).toEqual(["ValidationError", "year"])
      expect(await named(kejin.pledges.summary({ year: 1, quarter: 2 }))).toEqual(["ValidationError", "year"])
      expect(await named(kejin.pledges.summary({ from: "0001-03-01", to: "0003-01-01" }))).toEqual([
        "ValidationError",
        "from"
      ])
      expect(await named(kejin.pledges.summary({ fromYear: 1, toYear: 2 }))).toEqual([
        "ValidationError",
        "fromYear"
      ])
      expect(await named(kejin.pledges.breakdown({ year: 1 }, "district", { yoy: true }))).toEqual([
        "ValidationError",
        "year"
      ])
      expect((await kejin.pledges.breakdown({ year: 1 }, "district")).rows).toEqual([])
      expect((await kejin.pledges.summary({ year: 2 })).previousPeriod).toEqual({
        from: "0001-01-01",
        to: "0001-12-31"
      })
      // Too long a monthly series names the end of the period as given.
      expect(await named(kejin.pledges.monthly({ fromYear: 1, toYear: 9999 }))).toEqual([
        "ValidationError",
        "toYear"
      ])
      expect(await named(kejin.pledges.monthly({ from: "0001-01-01", to: "9999-12-31" }))).toEqual([
        "ValidationError",
        "to"
      ])
    })

    it("an id no row can have is not found, on both dialects", async () => {
      for (const id of [1e20, 2 ** 53, 0, -1, 1.5]) {
        expect(await named(kejin.pledges.get(id)), String(id)).toEqual(["NotFoundError"])
        expect(await named(kejin.pledges.registration(id)), String(id)).toEqual(["NotFoundError"])
        expect(await named(kejin.pledges.events(id)), String(id)).toEqual(["NotFoundError"])
      }
    })

    it("control characters in free text and in text filters are ValidationErrors naming the field", async () => {
      const good = input("YC2024000001", 1)
      expect(
        await named(kejin.pledges.record({ ...good, pledgor: { ...good.pledgor, name: "a\u0000b" } }))
      ).toEqual(["ValidationError", "pledgor.name"])
      expect(await named(kejin.pledges.record({ ...good, pledgee: { name: "温州\u0007银行" } }))).toEqual([
        "ValidationError",
        "pledgee.name"
      ])
      expect((await kejin.pledges.list()).total).toBe(0)
      const pledge = await kejin.pledges.record(good)
      expect(await named(kejin.pledges.reverse(pledge.id, "重复\u0000"))).toEqual([
        "ValidationError",
        "reason"
      ])
      expect(
        await named(
          kejin.pledges.change({ pledgeId: pledge.id, on: "2024-06-01", amount: "2.00", note: "\u007f" })
        )
      ).toEqual(["ValidationError", "note"])
      expect((await kejin.pledges.events(pledge.id)).map((e) => e.kind)).toEqual(["registered"])
      for (const field of ["district", "pledgorUscc", "bank", "registrationNo"] as const) {
        const failure = await caught(kejin.pledges.list({ [field]: "x\u0000" }))
        expect(failure.issues, field).toEqual([
          {
            path: field,
            message: "must not contain control characters (U+0000 at position 2)",
            code: "text-control-character",
            params: { char: "U+0000", position: "2" }
          }
        ])
      }
      expect(await named(kejin.pledges.list({ bank: "\u001f" }))).toEqual(["ValidationError", "bank"])
    })
  })
}
