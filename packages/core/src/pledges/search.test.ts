import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { type PledgeListQuery, Pledges } from "./pledges.js"
import type { PledgeInputJson } from "./schema.js"

// The list's search box (`q`), its sort and the filtered total, on every dialect the suite runs.

const patent = (n: number) => `ZL${makePatentNumber(`20209${String(n).padStart(7, "0")}`)}`

const usccA = makeUscc("91330302MA1000001")
const usccB = makeUscc("92330304MA2000002")
const usccC = makeUscc("91330381MA3000003")

const registration = (
  n: number,
  registrationNo: string,
  pledgor: { uscc: string; name: string },
  pledgee: string,
  amount: string,
  registeredOn: string
): PledgeInputJson => ({
  registrationNo,
  pledgor: { ...pledgor, district: "330302" },
  pledgee: { name: pledgee },
  patents: [patent(n)],
  amount,
  registeredOn
})

for (const dialect of testDialects()) {
  describe(`pledge list search and sort on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    const numbers = async (query: PledgeListQuery) =>
      (await kejin.pledges.list({ limit: 500, ...query })).items.map((p) => p.registrationNo)

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      await kejin.pledges.record(
        registration(
          1,
          "YLS2026100001",
          { uscc: usccA, name: "Alpha星河科技有限公司" },
          "Wenzhou Bank 温州银行",
          "1000000.00",
          "2026-01-05"
        )
      )
      await kejin.pledges.record(
        registration(
          2,
          "YLS2026100002",
          { uscc: usccB, name: "beta Acme机器人有限公司" },
          "ICBC 工商银行温州分行",
          "3000000.50",
          "2026-02-01"
        )
      )
      await kejin.pledges.record(
        registration(
          3,
          "YLS2026100003",
          { uscc: usccC, name: "100%_科技\\有限公司" },
          "Rural_Bank 瑞安农商",
          "2000000.00",
          "2026-03-01"
        )
      )
      // Reversed: matches 温州 but is neither listed nor counted.
      const reversed = await kejin.pledges.record(
        registration(
          4,
          "YLS2026100004",
          { uscc: usccA, name: "Alpha星河科技有限公司" },
          "Wenzhou Bank 温州银行",
          "9000000.00",
          "2026-04-01"
        )
      )
      await kejin.pledges.reverse(reversed.id, "recorded twice")
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("searches the registration number, in whole or in part, in any case", async () => {
      expect(await numbers({ q: "YLS2026100002" })).toEqual(["YLS2026100002"])
      expect(await numbers({ q: " yls2026100003 " })).toEqual(["YLS2026100003"])
      expect(await numbers({ q: "26100" })).toEqual(["YLS2026100003", "YLS2026100002", "YLS2026100001"])
    })

    it("searches the pledgor's name (contains, any case)", async () => {
      expect(await numbers({ q: "星河" })).toEqual(["YLS2026100001"])
      expect(await numbers({ q: "ACME" })).toEqual(["YLS2026100002"])
      expect(await numbers({ q: "alpha" })).toEqual(["YLS2026100001"])
    })

    it("searches the credit code by its start, as people write it", async () => {
      expect(await numbers({ q: usccA })).toEqual(["YLS2026100001"])
      expect(await numbers({ q: "9233" })).toEqual(["YLS2026100002"])
      expect(await numbers({ q: "91330-381 ma3" })).toEqual(["YLS2026100003"])
      // Not a start: nothing (the code's middle is not searched).
      expect(await numbers({ q: "330304MA2" })).toEqual([])
    })

    it("searches the pledgee (bank) by part of its name", async () => {
      expect(await numbers({ q: "工商" })).toEqual(["YLS2026100002"])
      expect(await numbers({ q: "温州" })).toEqual(["YLS2026100002", "YLS2026100001"])
      expect(await numbers({ q: "rural" })).toEqual(["YLS2026100003"])
    })

    it("matches %, _ and \\ as themselves", async () => {
      expect(await numbers({ q: "%" })).toEqual(["YLS2026100003"])
      expect(await numbers({ q: "_" })).toEqual(["YLS2026100003"])
      expect(await numbers({ q: "\\" })).toEqual(["YLS2026100003"])
      expect(await numbers({ q: "100%_" })).toEqual(["YLS2026100003"])
      expect(await numbers({ q: "Alpha%" })).toEqual([])
      expect(await numbers({ q: "A_pha" })).toEqual([])
    })

    it("sorts by each column, both ways, ties by id", async () => {
      expect(await numbers({})).toEqual(["YLS2026100003", "YLS2026100002", "YLS2026100001"])
      expect(await numbers({ sort: "registeredOn" })).toEqual([
        "YLS2026100001",
        "YLS2026100002",
        "YLS2026100003"
      ])
      expect(await numbers({ sort: "amount" })).toEqual(["YLS2026100001", "YLS2026100003", "YLS2026100002"])
      expect(await numbers({ sort: "-amount" })).toEqual(["YLS2026100002", "YLS2026100003", "YLS2026100001"])
      expect(await numbers({ sort: "-registrationNo" })).toEqual([
        "YLS2026100003",
        "YLS2026100002",
        "YLS2026100001"
      ])
      expect(await numbers({ sort: "pledgorName" })).toEqual([
        "YLS2026100003",
        "YLS2026100001",
        "YLS2026100002"
      ])
      expect(await numbers({ sort: "-pledgorName" })).toEqual([
        "YLS2026100002",
        "YLS2026100001",
        "YLS2026100003"
      ])
      expect(await numbers({ sort: "pledgeeName" })).toEqual([
        "YLS2026100002",
        "YLS2026100003",
        "YLS2026100001"
      ])
      expect(await numbers({ sort: "-pledgeeName", q: "温州" })).toEqual(["YLS2026100001", "YLS2026100002"])
      // One district and one patent each: all ties, by id in the sort's direction.
      expect(await numbers({ sort: "district" })).toEqual(["YLS2026100001", "YLS2026100002", "YLS2026100003"])
      expect(await numbers({ sort: "-patents" })).toEqual(["YLS2026100003", "YLS2026100002", "YLS2026100001"])
      // Pages follow the sort.
      const second = await kejin.pledges.list({ sort: "-amount", limit: 1, offset: 1 })
      expect(second.items.map((p) => p.registrationNo)).toEqual(["YLS2026100003"])
    })

    it("answers the filtered rows' count and amount over all pages, exactly", async () => {
      const page = await kejin.pledges.list({ q: "温州", limit: 1 })
      expect(page.items).toHaveLength(1)
      expect(page.total).toBe(2)
      expect(page.amount.toFixed(2)).toBe("4000000.50") // float-ok: Decimal.toFixed, exact
      const all = await kejin.pledges.list({})
      expect([all.total, all.amount.toFixed(2)]).toEqual([3, "6000000.50"]) // float-ok: exact
      const none = await kejin.pledges.list({ q: "nothing like it" })
      expect([none.total, none.amount.toFixed(2)]).toEqual([0, "0.00"]) // float-ok: exact
    })

    it("refuses a sort that is not a column, naming sort; the keyset read searches alike", async () => {
      await expect(kejin.pledges.list({ sort: "amountt" })).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [{ path: "sort" }]
      })
      for (const q of ["a\u0000b", " "])
        await expect(kejin.pledges.list({ q })).rejects.toMatchObject({
          _tag: "ValidationError",
          issues: [{ path: "q" }]
        })
      const batch = await kejin.run(Pledges.use((p) => p.listAfter({ q: "温州", limit: 1 })))
      expect(batch.items.map((p) => p.registrationNo)).toEqual(["YLS2026100002"])
      const rest = await kejin.run(
        Pledges.use((p) => p.listAfter({ q: "温州", limit: 5, after: batch.next ?? undefined }))
      )
      expect(rest.items.map((p) => p.registrationNo)).toEqual(["YLS2026100001"])
    })
  })
}
