import { sql } from "kysely"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"
import { refreshEnterprises } from "./store.js"

// The per-enterprise caches kept by appending (sequence.ts) must be exactly what recomputing them in full
// with the window functions (store.ts refreshEnterprises) gives, whatever order the registrations come in.

const patent = (n: number) => `ZL${makePatentNumber(`20182${String(n).padStart(7, "0")}`)}`
const enterprises = ["0000001", "0000002", "0000003"].map((n) => makeUscc(`91330302MA${n}`))

let serial = 0
const registration = (
  uscc: string,
  registeredOn: string,
  options: { district?: string; bank?: string; size?: "small" | "medium" } = {}
): PledgeInputJson => {
  serial += 1
  return {
    registrationNo: `YS2024${String(serial).padStart(6, "0")}`,
    pledgor: {
      uscc,
      name: `温州序列${uscc.slice(-3)}科技有限公司`,
      district: options.district ?? "330302",
      ...(options.size === undefined ? {} : { size: options.size })
    },
    pledgee: { name: options.bank ?? "温州银行" },
    patents: [patent(serial)],
    amount: `${serial}000000.00`,
    registeredOn
  }
}

for (const dialect of testDialects()) {
  describe(`the enterprise caches kept by appending, on ${dialect}`, () => {
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

    const caches = () =>
      kejin.run(
        Database.use((d) =>
          d.query(async (db) => ({
            firsts: (
              await sql<Record<string, unknown>>`select pledgor_uscc, pledge_id, registered_on,
                cast(amount_fen as text) as amount_fen, patent_count from pledge_firsts order by pledgor_uscc`.execute(
                db
              )
            ).rows,
            sequence: (
              await sql<
                Record<string, unknown>
              >`select pledge_id, pledgor_uscc, registered_on, pledgor_district,
                pledgee_name, pledgor_size, prev_on, prev_district_on, prev_pledgee_on, prev_size_on,
                cast(seq_no as text) as seq_no from pledge_sequence order by pledge_id`.execute(db)
            ).rows
          }))
        )
      )
    const recomputed = () =>
      kejin.run(
        Database.use((d) => d.transaction((trx) => d.query(() => refreshEnterprises(trx, enterprises))))
      )

    it("agrees with the full recomputation after batches in order, out of order, on one day and reversed", async () => {
      const [a, b, c] = enterprises as [string, string, string]
      // In order, across districts, banks and sizes (each partition of the sequence has its own previous).
      await kejin.pledges.recordMany([
        registration(a, "2024-01-10", { size: "small" }),
        registration(a, "2024-02-10", { district: "330303", bank: "工商银行" }),
        registration(b, "2024-02-10"),
        registration(a, "2024-02-10", { size: "small" })
      ])
      // Later batches: appended after the stored history (the same day as the latest counts as after).
      await kejin.pledges.recordMany([
        registration(a, "2024-02-10", { district: "330303", size: "medium" }),
        registration(b, "2024-05-01", { bank: "工商银行" }),
        registration(c, "2024-03-01")
      ])
      await kejin.pledges.record(registration(c, "2024-06-01", { district: "330303" }))
      // Before the stored history: the later rows renumbered, the first pledge moved.
      const early = await kejin.pledges.record(registration(b, "2024-01-01"))
      await kejin.pledges.recordMany([registration(a, "2023-12-01"), registration(c, "2024-07-01")])
      const appended = await caches()
      expect(appended.sequence).toHaveLength(11)
      expect(appended.firsts.map((f) => Number(f.pledge_id))).toContainEqual(early.id)
      await recomputed()
      expect(await caches()).toEqual(appended)

      // A reversal recomputes the enterprise; what is appended afterwards still agrees.
      await kejin.pledges.reverse(early.id, "登记号录错")
      await kejin.pledges.recordMany([registration(b, "2024-08-01"), registration(b, "2024-08-01")])
      const after = await caches()
      expect(after.sequence).toHaveLength(12)
      await recomputed()
      expect(await caches()).toEqual(after)

      // A cancelled registration leaves both caches (it counts nothing); what comes after is numbered without it.
      const cancelled = await kejin.pledges.record(registration(c, "2024-09-01"))
      await kejin.pledges.cancel({ pledgeId: cancelled.id, on: "2024-09-15" })
      await kejin.pledges.recordMany([registration(c, "2024-08-15"), registration(c, "2024-10-01")])
      const withCancelled = await caches()
      expect(withCancelled.sequence.map((r) => Number(r.pledge_id))).not.toContain(cancelled.id)
      await recomputed()
      expect(await caches()).toEqual(withCancelled)
    })

    it("an import leaves them to its end and rebuilds them once: the same as the full recomputation", async () => {
      const [a, b, c] = enterprises as [string, string, string]
      const stored = [
        registration(a, "2024-03-10"),
        registration(b, "2024-02-10"),
        registration(a, "2024-05-01")
      ]
      await kejin.pledges.recordMany(stored)
      const before = await caches()
      const line = (r: PledgeInputJson) =>
        [
          r.registrationNo,
          r.pledgor.uscc,
          r.pledgor.name,
          r.pledgor.district,
          r.pledgee.name,
          r.patents.join(";"),
          r.amount,
          r.registeredOn
        ].join(",")
      // Out of order, before and after the stored history, a new enterprise, and one row refused (its
      // number is already recorded) so that its chunk is written row by row.
      const rows = [
        registration(a, "2024-01-01"),
        registration(c, "2024-04-01"),
        { ...registration(b, "2024-06-01"), registrationNo: stored[0]!.registrationNo },
        registration(b, "2024-01-15", { district: "330303" }),
        registration(c, "2024-02-01", { bank: "工商银行" })
      ]
      const text = `登记号,统一社会信用代码,出质人,区县,质权人,专利号,质押金额,登记日期\n${rows.map(line).join("\n")}\n`
      const summary = await kejin.imports.run({
        kind: "pledges",
        rows: (await rowsFromBytes(Buffer.from(text), "x.csv")).rows,
        mode: "skip-invalid",
        chunkSize: 2
      })
      expect(summary).toMatchObject({ rows: 5, ok: 4, committed: true })
      const imported = await caches()
      expect(imported.sequence).toHaveLength(7)
      expect(imported.firsts).not.toEqual(before.firsts) // a's and b's first pledges moved, c has one
      expect(imported.firsts).toHaveLength(3)
      await recomputed()
      expect(await caches()).toEqual(imported)
      expect((await kejin.journal.audit("full")).ok).toBe(true)
    })
  })
}
