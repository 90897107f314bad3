import { sql } from "kysely"
import { describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { openKejin } from "../kejin.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { Database } from "../store/database.js"
import { createTestDatabase, testDialects } from "../store/testing.js"
import { sha256 } from "./canonical.js"
import { auditedTables, contentOf, keyOf } from "./records.js"

// An import's records are handed to the journal as they are written (records.ts `noteRecords`), their
// digests computed from the values inserted: the journal keeps exactly what reading them back would give,
// and the audit verifies them and still sees an imported row changed behind the application's back.

let serial = 0
const file = (rows: number, extra: ReadonlyArray<string> = []) => {
  const lines = ["登记号,统一社会信用代码,出质人,区县,质权人,专利号,质押金额(万元),登记日期,企业规模"]
  for (let i = 0; i < rows; i++) {
    serial += 1
    lines.push(
      [
        `Y2026N${String(serial).padStart(8, "0")}`,
        makeUscc(`91330302MC${String(serial % 7).padStart(7, "0")}`),
        `温州记录${serial % 7}科技有限公司`,
        i % 2 === 0 ? "鹿城区" : "330303",
        "温州银行",
        `ZL${makePatentNumber(`20211${String(serial).padStart(7, "0")}`)};ZL${makePatentNumber(`20222${String(serial).padStart(7, "0")}`)}`,
        `${(i % 9) + 1}.5`,
        `2026-0${(i % 9) + 1}-1${i % 10}`,
        i % 3 === 0 ? "" : "small"
      ].join(",")
    )
  }
  return Buffer.from(`${[...lines, ...extra].join("\n")}\n`)
}

describe("an import's records noted as written", () => {
  it("keeps the digests a read-back gives, in the order written, and the audit verifies them", async () => {
    for (const dialect of testDialects()) {
      const database = await createTestDatabase(dialect, { migrated: true })
      const kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      try {
        // A patent already pledged: the chunk holding the row that pledges it again is refused as a whole
        // and written row by row (each in a savepoint), the refused row left out.
        const first = await kejin.imports.run({
          kind: "pledges",
          rows: (await rowsFromBytes(file(3), "first.csv")).rows
        })
        expect(first).toMatchObject({ ok: 3, committed: true })
        const taken = await kejin.run(
          Database.use((d) =>
            d.query(async (db) => {
              const r = await sql<{
                patent_no: string
              }>`select patent_no from pledge_patents limit 1`.execute(db)
              return r.rows[0]!.patent_no
            })
          )
        )
        serial += 1
        const clash = `Y2026N${String(serial).padStart(8, "0")},${makeUscc("91330302MC0000001")},温州记录1科技有限公司,鹿城区,温州银行,${taken},3,2026-05-05,`
        const summary = await kejin.imports.run({
          kind: "pledges",
          rows: (await rowsFromBytes(file(37, [clash]), "noted.csv")).rows,
          chunkSize: 10,
          mode: "skip-invalid"
        })
        expect(summary).toMatchObject({ rows: 38, ok: 37, committed: true })
        expect(summary.errors + summary.conflicts).toBe(1)
        const seq = summary.journalSeq!

        const { kept, expected } = await kejin.run(
          Database.use((d) =>
            d.query(async (db) => {
              const kept = (
                await sql<{
                  table_name: string
                  record_key: string
                  content: string | null
                  content_sha256: string
                }>`
                  select table_name, record_key, content, content_sha256 from journal_records
                  where journal_id = ${seq} order by ord`.execute(db)
              ).rows
              const spec = (table: string) => auditedTables.find((t) => t.table === table)!
              const pledges = (
                await sql<Record<string, unknown>>`select * from pledges where journal_id = ${seq}`.execute(
                  db
                )
              ).rows
              const patents = (
                await sql<
                  Record<string, unknown>
                >`select pp.* from pledge_patents pp join pledges p on p.id = pp.pledge_id
                  where p.journal_id = ${seq}`.execute(db)
              ).rows
              const expected = [
                ...pledges.map((row) => [
                  "pledges",
                  keyOf(spec("pledges"), row),
                  sha256(contentOf(spec("pledges"), row))
                ]),
                ...patents.map((row) => [
                  "pledge_patents",
                  keyOf(spec("pledge_patents"), row),
                  sha256(contentOf(spec("pledge_patents"), row))
                ])
              ]
              return { kept, expected }
            })
          )
        )
        // Each record once, with the digest of its stored row (content not copied: an import keeps digests).
        expect(kept.every((r) => r.content === null)).toBe(true)
        const byKey = (rows: ReadonlyArray<ReadonlyArray<string>>) =>
          [...rows].map((r) => r.join("\t")).sort()
        expect(byKey(kept.map((r) => [r.table_name, r.record_key, r.content_sha256]))).toEqual(
          byKey(expected)
        )
        expect(expected).toHaveLength(37 * 3)
        // Noted chunk by chunk as written (a read-back would list every registration before any patent).
        const tables = kept.map((r) => r.table_name)
        expect(tables.indexOf("pledge_patents")).toBeLessThan(tables.lastIndexOf("pledges"))

        expect((await kejin.journal.audit("full")).ok).toBe(true)
        // An imported amount changed by SQL is seen (the kept digest no longer matches).
        await kejin.run(
          Database.use((d) =>
            d.query((db) =>
              sql`update pledges set amount_fen = amount_fen * 10 where id = (select max(id) from pledges)`.execute(
                db
              )
            )
          )
        )
        const audit = await kejin.journal.audit("full")
        expect(audit.ok).toBe(false)
        expect(audit.findings.map((f) => [f.kind, f.table])).toContainEqual(["changed", "pledges"])
      } finally {
        await kejin.close()
        await database.dispose()
      }
    }
  }, 300_000)
})
