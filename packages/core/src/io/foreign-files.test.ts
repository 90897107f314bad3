/**
 * Imports of files written by other tools than Kejin's own writer, end to end (read, match the headers,
 * read the cells, check, record, re-import):
 * - pledges-openpyxl.xlsx: written by openpyxl (make-openpyxl-xlsx.py beside it): inline strings, a note on
 *   the first tab, 质押金额（万元）, a date cell, a serial date as a number, 大写, full-width digits, padded
 *   cells and two bad rows.
 * - pledges-gb18030-yuan.csv: GB18030 with CRLF, written with iconv(1): 人民币…元柒角捌分, full-width digits
 *   with a full-width thousands comma, a padded 大写 amount, a serial date in a CSV, 伍角.
 */
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import type { RowOutcome } from "../imports/engine.js"
import { openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { openRows, rowsFromBytes } from "./read.js"

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

for (const dialect of testDialects()) {
  describe(`files from other writers, imported on ${dialect}`, () => {
    let database: TestDatabase | undefined
    afterEach(async () => {
      await database?.dispose()
      database = undefined
    })
    const open = async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      return openKejin({ database: database.url, clock: { today: "2026-12-06" } })
    }

    it("an openpyxl workbook: the second sheet, units from the header, 大写, serial dates; bad rows left out; the same file twice records nothing new", async () => {
      const kejin = await open()
      try {
        // The first tab is a note: no header of a pledge there.
        const first = await openRows(fixture("pledges-openpyxl.xlsx"))
        expect(first.sheet).toBe("说明")
        await expect(
          kejin.imports.run({ kind: "pledges", rows: first.rows, mode: "dry-run" })
        ).rejects.toThrow(/no column of row 1/)

        const outcomes: Array<RowOutcome> = []
        const dry = await kejin.imports.run({
          kind: "pledges",
          rows: (await openRows(fixture("pledges-openpyxl.xlsx"), { sheet: 2 })).rows,
          mode: "dry-run",
          onRow: (o) => {
            outcomes.push(o)
          }
        })
        expect(dry).toMatchObject({ rows: 6, ok: 4, errors: 2, committed: false, unknown: ["经办人"] })
        expect(outcomes.map((o) => [o.rowNo, o.status])).toEqual([
          [2, "ok"],
          [3, "ok"],
          [4, "ok"],
          [5, "error"],
          [6, "error"],
          [7, "ok"]
        ])
        expect(outcomes[3]?.issues.map((i) => [i.header, i.reason.zh])).toEqual([
          ["登记日期", "日期“2026-02-30”不存在：2026年2月只有28天"]
        ])
        expect(outcomes[4]?.issues.map((i) => i.header)).toEqual(["质押金额（万元）"])
        expect((await kejin.pledges.list({})).total).toBe(0)

        const rows = async () =>
          (await openRows(fixture("pledges-openpyxl.xlsx"), { sheet: "质押登记" })).rows
        const some = await kejin.imports.run({ kind: "pledges", rows: await rows(), mode: "skip-invalid" })
        expect(some).toMatchObject({ ok: 4, errors: 2, committed: true })
        const { items } = await kejin.pledges.list({ sort: "registrationNo" })
        expect(
          items.map((p) => [
            p.registrationNo,
            p.pledgor.name,
            p.pledgor.district,
            p.amount.toFixed(2), // float-ok: Decimal.toFixed, exact
            p.registeredOn,
            p.patents.join(";")
          ])
        ).toEqual([
          ["Y2026DT0001", "温州甲科技有限公司", "330302", "1205000.00", "2026-11-03", "ZL202310000001.5"],
          ["Y2026DT0002", "温州乙科技有限公司", "330302", "1200000.00", "2026-11-04", "ZL202310000002.X"],
          ["Y2026DT0003", "温州丙科技有限公司", "330381", "125000.00", "2026-11-14", "ZL202310000003.4"],
          ["Y2026DT0006", "温州己科技有限公司", "330302", "500000.00", "2026-11-20", "ZL202310000006.8"]
        ])

        const again = await kejin.imports.run({ kind: "pledges", rows: await rows(), mode: "skip-invalid" })
        expect(again).toMatchObject({ ok: 0, identical: 4, errors: 2, committed: false })
        expect((await kejin.pledges.list({})).total).toBe(4)
        expect((await kejin.journal.search({ command: "imports.", limit: 10 })).items).toHaveLength(1)
      } finally {
        await kejin.close()
      }
    })

    it("a GB18030 CSV from iconv: 元角分 in 大写, full-width digits and comma, a serial date, padded cells", async () => {
      const kejin = await open()
      try {
        const bytes = new Uint8Array(await readFile(fixture("pledges-gb18030-yuan.csv")))
        const source = await rowsFromBytes(bytes, "pledges-gb18030-yuan.csv")
        expect(source.encoding).toBe("gb18030")
        const summary = await kejin.imports.run({ kind: "pledges", rows: source.rows })
        expect(summary).toMatchObject({ rows: 4, ok: 4, errors: 0, committed: true, unknown: [] })
        const { items } = await kejin.pledges.list({ sort: "registrationNo" })
        expect(
          items.map((p) => [
            p.registrationNo,
            p.pledgee.name,
            p.amount.toFixed(2), // float-ok: Decimal.toFixed, exact
            p.registeredOn
          ])
        ).toEqual([
          ["Y2026DT0011", "温州银行", "3456.78", "2026-11-07"],
          ["Y2026DT0012", "温州银行", "123456.00", "2026-11-08"],
          ["Y2026DT0013", "温州银行", "1200000.00", "2026-11-08"],
          ["Y2026DT0014", "温州银行", "0.50", "2026-11-09"]
        ])
        const again = await kejin.imports.run({
          kind: "pledges",
          rows: (await rowsFromBytes(bytes, "pledges-gb18030-yuan.csv")).rows
        })
        expect(again).toMatchObject({ ok: 0, identical: 4, committed: false })
      } finally {
        await kejin.close()
      }
    })
  })
}
