import { type RawBuilder, sql } from "kysely"
import { describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { openKejin } from "../kejin.js"
import { refreshEnterprises } from "../pledges/store.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { createTestDatabase, testDialects } from "../store/testing.js"
import { bulkInsert, statementCounts } from "../store/unnest.js"

// The bulk path of an import (store/unnest.ts's bulkInsert: fixed-text VALUES lists on SQLite, arrays on
// PostgreSQL; the look-ups of patents, rows imported before and enterprises by an unnested array there;
// the statistics taken as the tables grow; the caches numbered in JavaScript at the end) leaves the same
// records, caches and aggregates on both dialects as a full recomputation, and a second import of the same
// file records nothing.

const enterprises = Array.from({ length: 40 }, (_, i) =>
  makeUscc(`91330302MB${String(i + 1).padStart(7, "0")}`)
)

/** 2,600 rows over 40 enterprises, dates out of order, a row repeated further down (identical). */
const file = () => {
  const lines = ["登记号,统一社会信用代码,出质人,区县,质权人,专利号,质押金额,登记日期,企业规模"]
  const row = (i: number) => {
    const day = String(1 + ((i * 7919) % 28)).padStart(2, "0")
    const month = String(1 + ((i * 104_729) % 12)).padStart(2, "0")
    return [
      `Y2025${String(i + 2).padStart(9, "0")}`,
      enterprises[i % 40],
      `温州批量${i % 40}科技有限公司`,
      i % 3 === 0 ? "330303" : "330302",
      i % 5 === 0 ? "工商银行" : "温州银行",
      `ZL${makePatentNumber(`20191${String(i + 2).padStart(7, "0")}`)};ZL${makePatentNumber(`20202${String(i + 2).padStart(7, "0")}`)}`,
      `${(i % 97) + 1}00000.00`,
      `${i % 2 === 0 ? 2024 : 2025}-${month}-${day}`,
      i % 4 === 0 ? "" : i % 4 === 1 ? "small" : "medium"
    ].join(",")
  }
  for (let i = 0; i < 2_600; i++) lines.push(row(i))
  lines.push(row(7)) // the same row again, in a later chunk
  return Buffer.from(`${lines.join("\n")}\n`)
}

/** What an import left, without the ids (which differ by dialect only in principle): records, caches, aggregates. */
const snapshot = async (kejin: Awaited<ReturnType<typeof openKejin>>) =>
  kejin.run(
    Database.use((d) =>
      d.query(async (db) => {
        const text = async (query: RawBuilder<Record<string, unknown>>) =>
          (await query.execute(db)).rows.map((r) =>
            Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]))
          )
        return {
          pledges: await text(sql`select registration_no, pledgor_uscc, pledgor_district, pledgee_name,
            cast(amount_fen as text) as amount_fen, registered_on, pledgor_size, patent_count
            from pledges order by registration_no`),
          patents: await text(sql`select p.registration_no, pp.patent_no from pledge_patents pp
            join pledges p on p.id = pp.pledge_id order by p.registration_no, pp.patent_no`),
          sequence: await text(sql`select p.registration_no, s.prev_on, s.prev_district_on, s.prev_pledgee_on,
            s.prev_size_on, s.seq_no from pledge_sequence s join pledges p on p.id = s.pledge_id
            order by p.registration_no`),
          firsts:
            await text(sql`select f.pledgor_uscc, p.registration_no, cast(f.amount_fen as text) as amount_fen,
            f.patent_count from pledge_firsts f join pledges p on p.id = f.pledge_id order by f.pledgor_uscc`),
          totals: await text(sql`select * from pledge_month_totals order by dimension, month, key`),
          pairs: await text(sql`select * from pledge_month_pairs order by dimension, month, key, since`),
          imported: await text(sql`select row_no, kind, row_hash from import_rows order by row_no`)
        }
      })
    )
  )

describe("the bulk path of an import", () => {
  it("leaves the same records, caches and aggregates on every dialect, and a second import records nothing", async () => {
    const results: Array<unknown> = []
    for (const dialect of testDialects()) {
      const database = await createTestDatabase(dialect, { migrated: true })
      const kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      try {
        const rows = (await rowsFromBytes(file(), "bulk.csv")).rows
        const first = await kejin.imports.run({ kind: "pledges", rows, chunkSize: 500 })
        expect(first).toMatchObject({ rows: 2_601, ok: 2_600, identical: 1, errors: 0, committed: true })
        const imported = await snapshot(kejin)
        expect(imported.pledges).toHaveLength(2_600)
        expect(imported.imported).toHaveLength(2_600)

        // The caches equal the full recomputation (window functions), the aggregates a full rebuild.
        await kejin.run(
          Database.use((d) => d.transaction((trx) => d.query(() => refreshEnterprises(trx, enterprises))))
        )
        expect(await snapshot(kejin)).toEqual(imported)
        expect((await kejin.journal.audit("full")).ok).toBe(true)

        // The same file again: every row identical, nothing written, the import still succeeds.
        const again = await kejin.imports.run({
          kind: "pledges",
          rows: (await rowsFromBytes(file(), "bulk.csv")).rows,
          chunkSize: 500
        })
        expect(again).toMatchObject({ rows: 2_601, ok: 0, identical: 2_601, committed: false })
        expect(await snapshot(kejin)).toEqual(imported)
        results.push({ first, again, imported, total: await kejin.pledges.total({ year: 2025 }) })
      } finally {
        await kejin.close()
        await database.dispose()
      }
    }
    // SQLite's results are PostgreSQL's.
    for (const result of results.slice(1))
      expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(results[0])))
  }, 300_000)
})

describe("bulkInsert's statements", () => {
  it("come in at most ten row counts per table, however many rows a call writes", () => {
    // Each row count is a statement prepared and kept by the store's statement cache (0.3 MiB each at a few
    // hundred rows of eleven columns): a count per tail made the peak memory of a 1,000,000-row import.
    const seen = new Set<number>()
    const wrong: Array<number> = []
    for (let rows = 0; rows <= 2_600; rows++) {
      const counts = statementCounts(rows, 500)
      if (counts.reduce((a, b) => a + b, 0) !== rows || counts.some((c) => c < 1 || c > 500)) wrong.push(rows)
      for (const count of counts) seen.add(count)
    }
    expect(wrong).toEqual([])
    expect(seen.size).toBeLessThanOrEqual(10)
    expect(statementCounts(1_437, 500)).toEqual([500, 500, 256, 128, 32, 16, 4, 1])
    // Fewer columns than the parameter bound allows at 500 rows: fewer rows a statement, still few counts.
    expect(new Set(Array.from({ length: 300 }, (_, n) => statementCounts(n, 3)).flat())).toEqual(
      new Set([1, 2, 3])
    )
  })

  it("insert every row once, in order, with their ids in the order of the rows, on every dialect", async () => {
    for (const dialect of testDialects()) {
      const database = await createTestDatabase(dialect, { migrated: true })
      const kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      try {
        await kejin.run(
          Database.use((d) =>
            d.query(async (db) => {
              const id = dialect === "postgres" ? sql`bigserial primary key` : sql`integer primary key`
              await sql`create table bulk_probe (id ${id}, n bigint not null, label text)`.execute(db)
              let written = 0
              for (const size of [1, 437, 500, 1_001, 1_723]) {
                const rows = Array.from({ length: size }, (_, i) => [
                  BigInt(written + i),
                  `row ${written + i}`
                ])
                const ids = await bulkInsert(
                  db,
                  "bulk_probe",
                  [
                    ["n", "bigint"],
                    ["label", "text"]
                  ],
                  rows,
                  { returning: "id" }
                )
                expect(ids).toHaveLength(size)
                const stored = (
                  await sql<{ id: unknown; n: unknown; label: string }>`select id, n, label from bulk_probe
                    where n >= ${BigInt(written)} order by n`.execute(db)
                ).rows
                expect(stored.map((r) => [Number(r.id), Number(r.n), r.label])).toEqual(
                  rows.map(([n, label], i) => [ids[i], Number(n), label])
                )
                expect([...ids].sort((a, b) => a - b)).toEqual(ids)
                written += size
              }
            })
          )
        )
      } finally {
        await kejin.close()
        await database.dispose()
      }
    }
  }, 120_000)
})
