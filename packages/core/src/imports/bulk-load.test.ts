import { sql } from "kysely"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import { figureIndexes, refreshEnterprises } from "../pledges/store.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { createTestDatabase, type TestDatabase } from "../store/testing.js"

// An import of 20,000 registrations into a store holding fewer than four times as many is a bulk load:
// on SQLite the figures' indexes are set aside while it writes and built again at its end, and the
// per-enterprise caches rebuilt once. Afterwards everything is as if each row had been written alone.
// (PostgreSQL sets nothing aside: the same import there is the ordinary path, covered by the other tests.)
describe("a bulk load on sqlite", () => {
  let database: TestDatabase
  let kejin: Kejin
  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  const enterprises = Array.from({ length: 50 }, (_, i) =>
    makeUscc(`91330302MA${String(i + 1).padStart(7, "0")}`)
  )
  const indexes = () =>
    kejin.run(
      Database.use((d) =>
        d.query(
          async (db) =>
            (
              await sql<{ name: string; def: string; rootpage: unknown }>`select name, sql as def, rootpage
                from sqlite_master where type = 'index' and name in (${sql.join([...figureIndexes.pledges, ...figureIndexes.sequence])}) order by name`.execute(
                db
              )
            ).rows
        )
      )
    )
  const caches = () =>
    kejin.run(
      Database.use((d) =>
        d.query(async (db) => ({
          firsts: (await sql`select * from pledge_firsts order by pledgor_uscc`.execute(db)).rows,
          sequence: (await sql`select * from pledge_sequence order by pledge_id`.execute(db)).rows
        }))
      )
    )

  it("sets the figures' indexes aside, builds them again the same, and leaves the caches as a full recomputation", async () => {
    await kejin.pledges.record({
      registrationNo: "Y2024330000001",
      pledgor: { uscc: enterprises[0]!, name: "温州批量科技有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber("201710000001")}`],
      amount: "1000000.00",
      registeredOn: "2024-06-01"
    })
    const before = await indexes()
    expect(before).toHaveLength(figureIndexes.pledges.length + figureIndexes.sequence.length)
    const lines = ["登记号,统一社会信用代码,出质人,区县,质权人,专利号,质押金额,登记日期"]
    for (let i = 0; i < 20_000; i++) {
      // Dates out of order, 50 enterprises, some before the stored registration.
      const day = String(1 + ((i * 7919) % 28)).padStart(2, "0")
      const month = String(1 + ((i * 104_729) % 12)).padStart(2, "0")
      lines.push(
        [
          `Y2025${String(i + 2).padStart(9, "0")}`,
          enterprises[i % 50],
          `温州批量${i % 50}科技有限公司`,
          i % 3 === 0 ? "330303" : "330302",
          i % 5 === 0 ? "工商银行" : "温州银行",
          `ZL${makePatentNumber(`20181${String(i + 2).padStart(7, "0")}`)}`,
          `${(i % 97) + 1}00000.00`,
          `${i % 2 === 0 ? 2024 : 2025}-${month}-${day}`
        ].join(",")
      )
    }
    const summary = await kejin.imports.run({
      kind: "pledges",
      rows: (await rowsFromBytes(Buffer.from(`${lines.join("\n")}\n`), "bulk.csv")).rows
    })
    expect(summary).toMatchObject({ rows: 20_000, ok: 20_000, committed: true })

    const after = await indexes()
    expect(after.map((i) => [i.name, i.def])).toEqual(before.map((i) => [i.name, i.def]))
    // Built again: each index has a new root page (the same ones had they been kept).
    expect(after.filter((i, n) => i.rootpage === before[n]?.rootpage)).toEqual([])

    const imported = await caches()
    expect(imported.sequence).toHaveLength(20_001)
    expect(imported.firsts).toHaveLength(50)
    await kejin.run(
      Database.use((d) => d.transaction((trx) => d.query(() => refreshEnterprises(trx, enterprises))))
    )
    expect(await caches()).toEqual(imported)
    expect((await kejin.journal.audit("full")).ok).toBe(true)
  }, 180_000) // 20,000 rows: a few seconds alone, far more on a machine running every test file at once
})
