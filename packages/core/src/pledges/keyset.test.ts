import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { copyTestDatabase, createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { type PledgeKeysetQuery, Pledges, pledgeBatches } from "./pledges.js"
import type { Pledge, PledgeInputJson } from "./schema.js"

/** A valid invention patent number, distinct per n. */
const patent = (n: number) => `ZL${makePatentNumber(`20171${String(n).padStart(7, "0")}`)}`

let serial = 0
const registration = (registrationNo: string, registeredOn: string): PledgeInputJson => {
  serial += 1
  return {
    registrationNo,
    pledgor: {
      uscc: makeUscc(`91330302MA${String(serial).padStart(7, "0")}`),
      name: `温州批次${serial}号科技有限公司`,
      district: "330302"
    },
    pledgee: { name: "温州银行" },
    patents: [patent(serial)],
    amount: "1000000.00",
    registeredOn
  }
}

/** Seven dates for many rows: most rows share their date with rows of the neighbouring batches. */
const days = [
  "2018-01-10",
  "2018-03-01",
  "2018-03-02",
  "2018-07-31",
  "2018-08-01",
  "2018-11-30",
  "2018-12-31"
]

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
const paths = (failure: Failure) => failure.issues?.map((i) => i.path)

for (const dialect of testDialects()) {
  describe(`pledge keyset reads on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    /** Every row of 2018, newest first: the list's order (registration date, then id, both descending). */
    let expected: Array<{ readonly id: number; readonly registrationNo: string }>

    const listAfter = (query: PledgeKeysetQuery) => kejin.run(Pledges.use((p) => p.listAfter(query)))
    const readAll = async (filter: PledgeKeysetQuery, batchSize: number) => {
      const batches: Array<ReadonlyArray<Pledge>> = []
      for await (const batch of pledgeBatches(kejin.run, filter, batchSize)) batches.push(batch)
      return batches
    }

    let fixture: TestDatabase

    // The rows are recorded once; each test reads (and reverses in) a copy of its own.
    beforeAll(async () => {
      fixture = await createTestDatabase(dialect, { migrated: true })
      const recorder = await openKejin({ database: fixture.url })
      try {
        const inputs = Array.from({ length: 1203 }, (_, i) =>
          registration(`YK2018${String(i).padStart(6, "0")}`, days[(i * 3) % days.length]!)
        )
        const { ids } = await recorder.pledges.recordMany(inputs)
        expected = inputs
          .map((input, i) => ({ id: ids[i]!, registrationNo: input.registrationNo, on: input.registeredOn }))
          .sort((a, b) => (a.on !== b.on ? (a.on < b.on ? 1 : -1) : b.id - a.id))
          .map(({ id, registrationNo }) => ({ id, registrationNo }))
        // A registration outside the filter, to show the filter holds across batches.
        await recorder.pledges.record(registration("YK2019000001", "2019-01-01"))
      } finally {
        await recorder.close()
      }
    })
    afterAll(async () => {
      await fixture?.dispose()
    })
    beforeEach(async () => {
      database = await copyTestDatabase(fixture)
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("reads 1,203 rows in batches: each exactly once, in the list's order, without a count", async () => {
      const batches = await readAll({ from: "2018-01-01", to: "2018-12-31" }, 500)
      expect(batches.map((b) => b.length)).toEqual([500, 500, 203])
      const read = batches.flat().map((p) => ({ id: p.id, registrationNo: p.registrationNo }))
      expect(new Set(read.map((p) => p.id)).size).toBe(1203)
      expect(read).toEqual(expected)
      // The same order as the paged list.
      const page = await kejin.pledges.list({ from: "2018-01-01", to: "2018-12-31", limit: 500, offset: 500 })
      expect(page.items.map((p) => p.id)).toEqual(expected.slice(500, 1000).map((p) => p.id))
      // Rows come whole, patents included.
      expect(batches[0]![0]!.patents).toHaveLength(1)

      // A batch that ends the list exactly says so with the next (empty) read.
      const exact = await readAll({ from: "2018-01-01", to: "2018-12-31" }, 401)
      expect(exact.map((b) => b.length)).toEqual([401, 401, 401])
      const first = await listAfter({ from: "2018-01-01", to: "2018-12-31", limit: 3 })
      expect(first.next).toEqual({ registeredOn: first.items[2]!.registeredOn, id: first.items[2]!.id })
      const more = await listAfter({ from: "2018-01-01", to: "2018-12-31", limit: 1000, after: first.next! })
      expect(more.items.map((p) => p.id)).toEqual(expected.slice(3, 1003).map((p) => p.id))
      const last = await listAfter({ from: "2018-01-01", to: "2018-12-31", limit: 1000, after: more.next! })
      expect(last.next).toBeNull()
      expect(last.items.map((p) => p.id)).toEqual(expected.slice(1003).map((p) => p.id))
      expect((await readAll({ registrationNo: "NOSUCH" }, 10)).length).toBe(0)
    })

    it("a reversal between two batches neither repeats nor skips a live row", async () => {
      const filter = { from: "2018-01-01", to: "2018-12-31" }
      const batches = pledgeBatches(kejin.run, filter, 100)
      const read: Array<number> = []
      const firstBatch = await batches.next()
      if (firstBatch.done) throw new Error("no first batch")
      read.push(...firstBatch.value.map((p) => p.id))
      // One row already read and one not yet read are reversed between the first and the second batch.
      const readBefore = expected[10]!.id
      const notYetRead = expected[250]!.id
      await kejin.pledges.reverse(readBefore, "keyset test: read before")
      await kejin.pledges.reverse(notYetRead, "keyset test: not read yet")
      for await (const batch of batches) read.push(...batch.map((p) => p.id))

      const live = expected.map((p) => p.id).filter((id) => id !== notYetRead)
      expect(read).toHaveLength(live.length)
      expect(new Set(read).size).toBe(read.length)
      expect(read).toEqual(live)
      // Paging by offset would have skipped the row that moved into the first page's place.
      const second = await kejin.pledges.list({ ...filter, limit: 100, offset: 100 })
      expect(second.items[0]!.id).not.toBe(expected[100]!.id)
    })

    it("a bad filter, limit or cursor is a ValidationError naming it", async () => {
      expect(paths(await caught(listAfter({ bank: "温州\u0000银行" })))).toEqual(["bank"])
      expect(paths(await caught(listAfter({ limit: 0 })))).toEqual(["limit"])
      expect(paths(await caught(listAfter({ limit: 1001 })))).toEqual(["limit"])
      const badCursors: Array<unknown> = [
        { registeredOn: "2018-02-30", id: 1 },
        { registeredOn: "2018-01-01", id: 0 },
        { registeredOn: "2018-01-01", id: 2 ** 60 },
        { registeredOn: "2018-01-01" },
        "2018-01-01"
      ]
      for (const after of badCursors) {
        const failure = await caught(listAfter({ after } as PledgeKeysetQuery))
        expect(failure._tag, JSON.stringify(after)).toBe("ValidationError")
        expect(paths(failure)).toEqual(["after"])
      }
      const iterator = pledgeBatches(kejin.run, { status: "gone" as "registered" })
      expect(paths(await caught(iterator.next()))).toEqual(["status"])
    })
  })
}
