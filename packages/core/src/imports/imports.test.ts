import { readFileSync } from "node:fs"
import { afterEach, describe, expect, it } from "vitest"
import type { ValidationError } from "../errors.js"
import { rowsFromBytes } from "../io/read.js"
import { openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { localizedMessage } from "../text/messages.js"
import type { RowOutcome } from "./engine.js"

const sample = readFileSync("examples/pledges-sample.csv")
const rows = async (bytes: Uint8Array | string, name = "x.csv") =>
  (await rowsFromBytes(typeof bytes === "string" ? Buffer.from(bytes) : bytes, name)).rows

for (const dialect of testDialects()) {
  describe(`imports on ${dialect}`, () => {
    let database: TestDatabase | undefined
    afterEach(async () => {
      await database?.dispose()
      database = undefined
    })
    /** A migrated store of its own for each test (the savepoints of a refused row matter on PostgreSQL). */
    const open = async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      return openKejin({ database: database.url, clock: { today: "2026-12-06" } })
    }

    describe("imports", () => {
      it("imports the sample pledges as one journal entry, and the same file again records nothing", async () => {
        const kejin = await open()
        try {
          const outcomes: Array<RowOutcome> = []
          const first = await kejin.imports.run({
            kind: "pledges",
            rows: await rows(sample),
            file: "pledges-sample.csv",
            onRow: (o) => {
              outcomes.push(o)
            }
          })
          expect(first).toMatchObject({ rows: 3, ok: 3, errors: 0, committed: true })
          expect(outcomes.map((o) => o.status)).toEqual(["ok", "ok", "ok"])
          const total = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
          expect(total.amount.toFixed(2)).toBe("38000000.50") // float-ok: Decimal.toFixed, exact
          const { items } = await kejin.journal.search({ command: "imports.", limit: 10 })
          expect(items).toHaveLength(1)
          expect(items[0]).toMatchObject({ seq: first.journalSeq, command: "imports.pledges" })
          const again = await kejin.imports.run({ kind: "pledges", rows: await rows(sample) })
          expect(again).toMatchObject({ rows: 3, ok: 0, identical: 3, committed: false })
          expect((await kejin.journal.search({ command: "imports.", limit: 10 })).items).toHaveLength(1)
          expect((await kejin.journal.audit("full")).ok).toBe(true)
        } finally {
          await kejin.close()
        }
      })

      it("a dry run reports every row and writes nothing; all-or-nothing refuses a file with a bad row", async () => {
        const kejin = await open()
        try {
          const text = `${sample.toString("utf8")}Y2025330000504,91330302MA2A1B3C4T,温州瓯江激光科技有限公司,330302,温州银行,ZL201710601862.3,壹佰贰拾万元整,2025-13-01\n`
          const dry = await kejin.imports.run({ kind: "pledges", rows: await rows(text), mode: "dry-run" })
          expect(dry).toMatchObject({ rows: 4, ok: 3, errors: 1, committed: false })
          expect((await kejin.pledges.list({})).total).toBe(0)
          const refused = await kejin.imports.run({ kind: "pledges", rows: await rows(text) })
          expect(refused).toMatchObject({ ok: 3, errors: 1, committed: false })
          expect((await kejin.pledges.list({})).total).toBe(0)
          const some = await kejin.imports.run({
            kind: "pledges",
            rows: await rows(text),
            mode: "skip-invalid"
          })
          expect(some).toMatchObject({ ok: 3, errors: 1, committed: true })
          expect((await kejin.pledges.list({})).total).toBe(3)
        } finally {
          await kejin.close()
        }
      })
    })

    describe("a file refused before any row", () => {
      it("says each refusal from the catalogue: an English message, a code, and Chinese words", async () => {
        const kejin = await open()
        try {
          const refusal = (promise: Promise<unknown>) =>
            promise.then(
              () => {
                throw new Error("expected a refusal")
              },
              (error: ValidationError) =>
                error.issues.map((i) => ({ code: i.code, message: i.message, zh: localizedMessage(i, "zh") }))
            )
          expect(await refusal(kejin.imports.run({ kind: "nothing", rows: await rows(sample) }))).toEqual([
            {
              code: "import-kind-unknown",
              message: expect.stringMatching(/^"nothing" is not a kind that can be imported \(pledges, /),
              zh: expect.stringMatching(/^“nothing”不是可导入的类型（可导入：pledges, /)
            }
          ])
          expect(await refusal(kejin.imports.run({ kind: "pledges", rows: await rows("") }))).toEqual([
            { code: "import-file-no-rows", message: "the file has no rows", zh: "文件中没有任何行" }
          ])
          expect(
            await refusal(kejin.imports.run({ kind: "pledges", rows: await rows(sample), source: "某银行" }))
          ).toEqual([
            {
              code: "import-mapping-not-saved",
              message: 'no mapping is saved for pledges from "某银行"',
              zh: "没有为来源“某银行”保存 pledges 的列对应"
            }
          ])
          const mapping = { constants: { nothing: "1" }, units: { registeredOn: "wan" as const } }
          expect(
            await refusal(kejin.imports.run({ kind: "pledges", rows: await rows(sample), mapping }))
          ).toEqual([
            {
              code: "import-mapping-no-field",
              message: 'no field "nothing" here',
              zh: "此类数据没有字段“nothing”"
            },
            {
              code: "import-mapping-not-money",
              message: '"registeredOn" is not a money field here',
              zh: "“registeredOn”不是金额字段，不能指定单位"
            }
          ])
          const [header] = await refusal(
            kejin.imports.run({ kind: "pledges", rows: await rows("甲,乙\n1,2\n") })
          )
          expect(header).toMatchObject({ code: "import-no-field-column" })
          expect(header?.zh).toMatch(/^第 1 行没有一列是 pledges 的字段（应有如下列名：登记号 \/ /)
          expect(
            await refusal(
              kejin.imports.saveMapping({
                kind: "pledges",
                source: "某银行",
                mapping: { columns: { 甲: "nothing" } }
              })
            )
          ).toEqual([
            {
              code: "import-kind-no-field",
              message: 'pledges has no field "nothing"',
              zh: "pledges 没有字段“nothing”"
            }
          ])
        } finally {
          await kejin.close()
        }
      })
    })

    describe("imports that name records as people do", () => {
      it("loans by registration number, repayments by registration number and disbursement date", async () => {
        const kejin = await open()
        try {
          await kejin.imports.run({ kind: "pledges", rows: await rows(sample) })
          const loans = [
            "登记号,质权人,贷款金额(万元),年利率,放款日期,到期日期",
            "Y2025330000501,温州银行,600,3.85%,2025-03-20,2026-03-19",
            "Y2025330000501,温州银行,400,3.6%,2025-04-01,2026-03-31",
            "Y2025330000502,浙商银行温州分行,2000,0.0345,2025/5/25,2026年5月24日",
            "Y2025339999999,温州银行,100,3.85%,2025-06-01,2026-05-31"
          ].join("\n")
          const drawn = await kejin.imports.run({
            kind: "pledge-loans",
            rows: await rows(loans),
            mode: "skip-invalid"
          })
          expect(drawn).toMatchObject({ ok: 3, errors: 1, committed: true })
          const outcomes: Array<RowOutcome> = []
          const repayments = [
            "登记号,放款日期,还款日期,还款金额(元)",
            "Y2025330000502,,2025-09-30,5000000",
            "Y2025330000501,2025-04-01,2025-10-01,壹佰万元整",
            "Y2025330000501,,2025-10-02,100000"
          ].join("\n")
          const repaid = await kejin.imports.run({
            kind: "repayments",
            rows: await rows(repayments),
            mode: "skip-invalid",
            onRow: (o) => {
              outcomes.push(o)
            }
          })
          expect(repaid).toMatchObject({ ok: 2, errors: 1 })
          expect(outcomes[2]?.issues[0]).toMatchObject({ field: "loanId", header: "登记号" })
          expect(outcomes[2]?.issues[0]?.reason.en).toContain("has 2 live loans")
          const [registration] = (await kejin.pledges.list({ registrationNo: "Y2025330000501" })).items
          const loansOf = await kejin.pledges.loans.list(registration!.id)
          expect(loansOf.map((l) => l.rate)).toEqual(["0.0385", "0.036"])
          const repaidLoan = loansOf.find((l) => l.disbursedOn === "2025-04-01")
          expect(repaidLoan?.outstanding.toFixed(2)).toBe("3000000.00") // float-ok: Decimal.toFixed, exact
        } finally {
          await kejin.close()
        }
      })
    })

    describe("rows that name stored records", () => {
      it("a registration recorded through the API is identical when the file agrees, in conflict (each difference said) when not", async () => {
        const kejin = await open()
        try {
          await kejin.pledges.record({
            registrationNo: "Y2025330000501",
            pledgor: { uscc: "91330302MA2A1B3C4T", name: "温州瓯江激光科技有限公司", district: "330302" },
            pledgee: { name: "温州银行" },
            patents: ["ZL201710601862.3"],
            amount: "12000000.00",
            registeredOn: "2025-03-14"
          })
          const outcomes: Array<RowOutcome> = []
          const changed = sample
            .toString("utf8")
            .replace('温州银行,ZL201710601862.3,"12,000,000.00"', '温州银行,ZL201710601862.3,"12,500,000.00"')
          const dry = await kejin.imports.run({
            kind: "pledges",
            rows: await rows(changed),
            mode: "dry-run",
            onRow: (o) => {
              outcomes.push(o)
            }
          })
          expect(dry).toMatchObject({ ok: 2, conflicts: 1, identical: 0 })
          expect(outcomes[0]?.issues).toEqual([
            expect.objectContaining({
              field: "amount",
              header: "金额",
              reason: expect.objectContaining({
                en: "differs from the stored record: 12500000 in the file, 12000000 stored"
              })
            })
          ])
          const same = await kejin.imports.run({ kind: "pledges", rows: await rows(sample) })
          expect(same).toMatchObject({ ok: 2, identical: 1, conflicts: 0, committed: true })
        } finally {
          await kejin.close()
        }
      })
    })

    describe("real files", () => {
      it("a GB18030 CSV with 大写 amounts in a 万元 column, and an XLSX with date cells and numbers, import the same registrations", async () => {
        const iconv = (await import("iconv-lite")).default
        const ExcelJS = (await import("exceljs")).default
        const header = [
          "质押登记号",
          "出质人名称",
          "信用代码",
          "所属区县",
          "贷款银行",
          "质押金额（万元）",
          "登记日期",
          "专利"
        ]
        const data: Array<Array<string | number | Date>> = [
          [
            "Y2025330000701",
            "温州瓯江激光科技有限公司",
            "91330302MA2A1B3C4T",
            "鹿城区",
            "温州银行",
            "壹仟贰佰",
            "2025年3月14日",
            "zl 2017 1060 1862.3"
          ],
          [
            "Y2025330000702",
            "瑞安华联汽车零部件有限公司",
            "91330381MA2D5E6F72",
            "瑞安市",
            "浙商银行温州分行",
            "２，５００",
            "2025/5/20",
            "ZL201810765432.X、ZL202020123456.8"
          ]
        ]
        const csv = iconv.encode([header, ...data].map((r) => r.join(",")).join("\r\n"), "gb18030")
        const kejin = await open()
        try {
          const fromCsv = await kejin.imports.run({
            kind: "pledges",
            rows: (await rowsFromBytes(csv, "bank.csv")).rows
          })
          expect(fromCsv).toMatchObject({ ok: 2, errors: 0, committed: true, unknown: [] })
          const { items } = await kejin.pledges.list({ limit: 10 })
          expect(
            items.map((p) => [p.registrationNo, p.pledgor.district, p.amount.toFixed(2), p.patents.length]) // float-ok: Decimal.toFixed, exact
          ).toEqual([
            // float-ok: Decimal.toFixed, exact
            ["Y2025330000702", "330381", "25000000.00", 2],
            ["Y2025330000701", "330302", "12000000.00", 1]
          ])
          // The same registrations from a workbook: numbers and date cells. All identical to what is stored.
          const book = new ExcelJS.Workbook()
          const sheet = book.addWorksheet("质押")
          sheet.addRow(header)
          sheet.addRow([...data[0]!.slice(0, 5), 1200, new Date(Date.UTC(2025, 2, 14)), "ZL201710601862.3"])
          sheet.addRow([
            ...data[1]!.slice(0, 5),
            2500,
            new Date(Date.UTC(2025, 4, 20)),
            "ZL202020123456.8;ZL201810765432.X"
          ])
          sheet.getColumn(7).numFmt = "yyyy-mm-dd"
          const xlsx = new Uint8Array(await book.xlsx.writeBuffer())
          const fromXlsx = await kejin.imports.run({
            kind: "pledges",
            rows: (await rowsFromBytes(xlsx, "bank.xlsx")).rows
          })
          expect(fromXlsx).toMatchObject({ rows: 2, ok: 0, identical: 2, conflicts: 0, errors: 0 })
        } finally {
          await kejin.close()
        }
      })
    })

    describe("a fund manager's capital account, from a sheet", () => {
      it("commitments, then calls by the LP's name, investments, then valuations by the investee's credit code", async () => {
        const kejin = await open()
        try {
          const manager = await kejin.registry.addInstitution({
            kind: "fund-manager",
            name: "温州科创投资管理有限公司"
          })
          await kejin.registry.addEnterprise({
            uscc: "91330302MA2AB1CD0P",
            name: "温州瓯江光电科技有限公司",
            district: "330302",
            industry: "光电",
            stage: "start-up",
            techCategory: "frontier"
          })
          const run = async (kind: string, text: string) =>
            kejin.imports.run({ kind, rows: await rows(text), mode: "skip-invalid" })
          expect(manager.id).toBeGreaterThan(0)
          expect(
            await run(
              "funds",
              "基金代码,基金名称,类型,链条环节,管理人名称,目标规模(亿元),设立年份,区县\nwz-angel-1,温州天使投资基金一期,链条基金,天使投资,温州科创投资管理有限公司,1,2025-01-01,鹿城区\n"
            )
          ).toMatchObject({ ok: 1, errors: 0 })
          expect(
            await run(
              "commitments",
              "基金代码,日期,出资人,出资人类型,金额(万元)\nwz-angel-1,2025-01-10,温州市科创基金,财政,6000\nwz-angel-1,2025-01-10,温州某民营企业,private,4000\n"
            )
          ).toMatchObject({ ok: 2, errors: 0 })
          expect(
            await run(
              "calls",
              "基金代码,出资人,日期,金额(万元)\nwz-angel-1,温州市科创基金,2025-02-01,2400\nwz-angel-1,温州某民营企业,2025-02-01,1600\nwz-angel-1,无此出资人,2025-02-01,1\n"
            )
          ).toMatchObject({ ok: 2, errors: 1 })
          expect(
            await run(
              "investments",
              "基金代码,企业,日期,金额(万元),投资工具,轮次\nwz-angel-1,91330302MA2AB1CD0P,2025-03-01,2500,股权,A\n"
            )
          ).toMatchObject({ ok: 1, errors: 0 })
          expect(
            await run(
              "valuations",
              "基金代码,企业,日期,公允价值(万元)\nwz-angel-1,91330302MA2AB1CD0P,2025-06-30,3000\n"
            )
          ).toMatchObject({ ok: 1, errors: 0 })
          // Another fund's manager is refused row by row, in the report's words of either language.
          const refused: Array<RowOutcome> = []
          await kejin.imports.run({
            kind: "valuations",
            rows: await rows(
              "基金代码,企业,日期,公允价值(万元)\nwz-angel-1,91330302MA2AB1CD0P,2025-09-30,3100\n"
            ),
            mode: "skip-invalid",
            actor: { id: "li.na", role: "fund-manager", funds: ["wz-other"] },
            onRow: (o) => {
              refused.push(o)
            }
          })
          expect(refused.map((o) => [o.status, o.issues.map((i) => i.reason)])).toEqual([
            [
              "error",
              [
                {
                  zh: "用户 li.na（基金管理人）无权写入基金 wz-angel-1：它不是其管理的基金",
                  en: "li.na (fund-manager) may not funds.write on fund wz-angel-1"
                }
              ]
            ]
          ])
          const metrics = await kejin.funds.metrics("wz-angel-1", { asOf: "2025-12-31" })
          expect(metrics.paidIn.toFixed(2)).toBe("40000000.00") // float-ok: Decimal.toFixed, exact
        } finally {
          await kejin.close()
        }
      })
    })
  })
}

describe("a source's progress", () => {
  it("goes from 0 to 1 as the rows are read (the CLI's estimate of the time left)", async () => {
    const source = await rowsFromBytes(Buffer.from(`h\n${"x\n".repeat(200_000)}`), "big.csv")
    let seen = 0
    let halfway = -1
    for await (const _ of source.rows) {
      seen += 1
      if (seen === 100_000) halfway = source.progress()
    }
    expect(halfway).toBeGreaterThan(0.2)
    expect(halfway).toBeLessThan(1)
    expect(source.progress()).toBe(1)
  })
})
