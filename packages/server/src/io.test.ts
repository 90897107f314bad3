import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PassThrough } from "node:stream"
import { type Kejin, openKejin } from "@kejin/core"
import ExcelJS from "exceljs"
import { describe, expect, it } from "vitest"
import { exportRequest, runExport } from "./export-cli.js"
import { importCommand, progressLine } from "./import-cli.js"

const cli = { id: "cli", role: "admin" } as const

/** A fresh SQLite file and the CLI's output, for one `kejin import` after another. */
const workspace = () => {
  const dir = mkdtempSync(join(tmpdir(), "kejin-import-"))
  const database = `sqlite:${join(dir, "kejin.db")}`
  const run = async (...argv: ReadonlyArray<string>) => {
    const out: Array<string> = []
    const err: Array<string> = []
    const code = await importCommand([...argv, "--database", database], cli, {
      out: (l) => out.push(l),
      err: (l) => err.push(l)
    })
    return { code, out: out.join("\n"), err: err.join("\n") }
  }
  return { dir, database, run }
}

/** `kejin export …` (the derived export) into memory: the exit code and the file as text. */
const exportText = async (kejin: Kejin, ...argv: ReadonlyArray<string>) => {
  const parsed = exportRequest(argv)
  if (parsed.request === undefined) throw new Error(parsed.error)
  const sink = new PassThrough()
  const chunks: Array<Buffer> = []
  sink.on("data", (chunk: Buffer) => chunks.push(chunk))
  const code = await runExport(kejin, cli, parsed.request, { stdout: sink, stderr: () => {} })
  return { code, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(Buffer.concat(chunks)) }
}

const badRow =
  "Y2025330000509,91330302MA2A1B3C4T,温州瓯江激光科技有限公司,330302,温州银行,ZL201710601862.3,12.345,2025-04-01\n"

describe("kejin import / export pledges", () => {
  it("imports the sample CSV in one journal entry, again as identical (exit 0), and exports it back", async () => {
    const { dir, database, run } = workspace()
    const first = await run("pledges", "examples/pledges-sample.csv")
    expect(first).toMatchObject({ code: 0 })
    expect(first.out).toContain("3 rows: 3 ok, 0 in error")
    expect(first.out).toMatch(
      /recorded 3 pledges rows from examples\/pledges-sample.csv \(journal entry \d+\)/
    )
    const again = await run("pledges", "examples/pledges-sample.csv")
    expect(again.code).toBe(0)
    expect(again.out).toContain("3 identical")
    expect(again.out).toContain("nothing new to record")
    const kejin = await openKejin({ database })
    try {
      const { items } = await kejin.journal.search({ command: "imports.pledges" })
      expect(items).toHaveLength(1)
      expect(items[0]).toMatchObject({ actor: "cli", payload: { kind: "pledges", rows: 3 } })
      // `kejin export pledges` is the derived export (CSV by default): the period's rows only, exact money,
      // the list's headers with each registration's status; with a byte-order mark unless `--bom false`.
      const exported = await exportText(kejin, "pledges", "--from", "2025-01-01", "--to", "2025-06-30")
      expect(exported.code).toBe(0)
      const [header, ...rows] = exported.text.trimEnd().split("\n")
      expect(header).toMatch(/^\uFEFF编号,登记号,统一社会信用代码,出质人,/)
      expect(header).toContain(",状态,")
      expect(rows).toHaveLength(2)
      expect(exported.text).toContain("25000000.00")
      expect(exported.text).toContain("12000000.00")
      expect(exported.text).not.toContain("1000000.50")
      const bare = await exportText(
        kejin,
        "pledges",
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--bom",
        "false"
      )
      expect(bare.text).toBe(exported.text.slice(1))
      // A bare `--bom` (the old flag) still asks for the mark.
      expect(
        (await exportText(kejin, "pledges", "--bom", "--from", "2025-01-01")).text.startsWith("\uFEFF")
      ).toBe(true)
      // What it wrote imports again: every row identical, nothing recorded.
      const file = join(dir, "exported.csv")
      writeFileSync(file, exported.text)
      const back = await run("pledges", file)
      expect(back).toMatchObject({ code: 0 })
      expect(back.out).toContain("2 identical")
      expect(back.out).toContain("nothing new to record")
      expect(back.err).toBe("")
    } finally {
      await kejin.close()
    }
  })

  it("exits 1 for rows in error: nothing written, or the valid rows with --skip-invalid; the report names the reason", async () => {
    const { dir, database, run } = workspace()
    const file = join(dir, "bad.csv")
    writeFileSync(file, readFileSync("examples/pledges-sample.csv", "utf8") + badRow)
    const report = join(dir, "report.csv")
    const dry = await run("pledges", file, "--dry-run", "--report", report)
    expect(dry.code).toBe(1)
    expect(dry.out).toContain("dry run: nothing was recorded")
    expect(dry.err).toMatch(/row 5: 金额：/)
    const lines = readFileSync(report, "utf8").trimEnd().split("\n")
    expect(lines[0]).toBe(
      "\uFEFF登记号,统一社会信用代码,出质人,区县代码,质权人,专利号,金额,登记日期,导入状态,原因"
    )
    expect(lines[1]).toMatch(/,通过,$/)
    expect(lines[4]).toMatch(/,错误,"?金额：/)
    const refused = await run("pledges", file)
    expect(refused.code).toBe(1)
    expect(refused.out).toContain("nothing was recorded")
    const kejin = await openKejin({ database })
    try {
      expect((await kejin.pledges.list({})).total).toBe(0)
      const some = await run(
        "pledges",
        file,
        "--skip-invalid",
        "--report",
        join(dir, "r.xlsx"),
        "--lang",
        "en"
      )
      expect(some.code).toBe(1)
      expect(some.out).toContain("recorded 3 pledges rows")
      expect((await kejin.pledges.list({})).total).toBe(3)
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile(join(dir, "r.xlsx"))
      const sheet = book.worksheets[0]!
      expect(sheet.getRow(1).getCell(9).value).toBe("Import status")
      expect(sheet.getRow(5).getCell(9).value).toBe("error")
      expect(String(sheet.getRow(5).getCell(10).value)).toMatch(/^金额: /)
    } finally {
      await kejin.close()
    }
  })

  it("--skip-invalid says which rows it left out, and a second run that there is nothing new (not to use --skip-invalid)", async () => {
    const { dir, run } = workspace()
    const file = join(dir, "bad.csv")
    writeFileSync(file, readFileSync("examples/pledges-sample.csv", "utf8") + badRow)
    const first = await run("pledges", file, "--skip-invalid")
    expect(first.code).toBe(1)
    expect(first.out).toContain("recorded 3 pledges rows")
    expect(first.out).toContain("left out 1 rows in error or in conflict")
    const again = await run("pledges", file, "--skip-invalid")
    expect(again.code).toBe(1)
    expect(again.out.split("\n").slice(-2)).toEqual([
      "nothing new to record",
      "left out 1 rows in error or in conflict: fix them (see --report) and import the file again"
    ])
    expect(again.out).not.toContain("--skip-invalid")
  })

  it("a workbook whose first tab holds no table: exit 2, naming the sheet read and --sheet", async () => {
    const { dir, run } = workspace()
    const file = join(dir, "two-tabs.xlsx")
    const book = new ExcelJS.Workbook()
    book.addWorksheet("说明").addRow(["本表由银行报送"])
    const data = book.addWorksheet("质押登记")
    data.addRow(["登记号", "统一社会信用代码", "出质人", "区县代码", "质权人", "专利号", "金额", "登记日期"])
    data.addRow([
      "Y2025330000501",
      "91330302MA2A1B3C4T",
      "温州瓯江激光科技有限公司",
      "330302",
      "温州银行",
      "ZL201710601862.3",
      12_000_000,
      "2025-03-14"
    ])
    await book.xlsx.writeFile(file)
    const first = await run("pledges", file, "--dry-run")
    expect(first.code).toBe(2)
    expect(first.err).toContain("读取的是第一个工作表“说明”")
    expect(first.err).toContain("--sheet")
    const english = await run("pledges", file, "--dry-run", "--lang", "en")
    expect(english.err).toContain('the first sheet, "说明", was read; for another use --sheet')
    expect(await run("pledges", file, "--dry-run", "--sheet", "2")).toMatchObject({ code: 0 })
  })

  it("a bank's own layout: a mapping file with a constant column, saved under the source's name and used again by it", async () => {
    const { dir, database, run } = workspace()
    const file = join(dir, "icbc.csv")
    writeFileSync(
      file,
      [
        "序号,质押登记编码,企业,社会信用代码,专利,质押金额(万元),登记时间",
        "1,Y2025330000601,温州瓯江激光科技有限公司,91330302MA2A1B3C4T,ZL201710601862.3,壹仟贰佰,2025年3月14日",
        "2,Y2025330000602,瑞安华联汽车零部件有限公司,91330381MA2D5E6F72,ZL201810765432.X,250,2025/5/20"
      ].join("\n")
    )
    const map = join(dir, "icbc.json")
    writeFileSync(
      map,
      JSON.stringify({
        columns: {
          序号: null,
          质押登记编码: "registrationNo",
          企业: "pledgor.name",
          专利: "patents",
          登记时间: "registeredOn"
        },
        constants: { "pledgee.name": "中国工商银行温州分行", "pledgor.district": "330302" }
      })
    )
    const first = await run("pledges", file, "--mapping", map, "--source", "工商银行")
    expect(first.err).toBe("")
    expect(first).toMatchObject({ code: 0 })
    expect(first.out).toContain('saved the mapping for pledges from "工商银行"')
    const file2 = join(dir, "icbc-2.csv")
    writeFileSync(
      file2,
      "序号,质押登记编码,企业,社会信用代码,专利,质押金额(万元),登记时间\n1,Y2025330000603,乐清正泰电气股份有限公司,91330382MA2G8H9J1N,201910234567.8,100,20250901\n"
    )
    expect((await run("pledges", file2, "--source", "工商银行")).code).toBe(0)
    expect((await run("pledges", file2, "--source", "农业银行")).err).toContain("no mapping is saved")
    const kejin = await openKejin({ database })
    try {
      const { items } = await kejin.pledges.list({ limit: 10 })
      const recorded = items.map((p) => [
        p.registrationNo,
        p.pledgee.name,
        p.amount.toFixed(2),
        p.registeredOn
      ]) // float-ok: Decimal.toFixed, exact
      expect(recorded.reverse()).toEqual([
        ["Y2025330000601", "中国工商银行温州分行", "12000000.00", "2025-03-14"],
        ["Y2025330000602", "中国工商银行温州分行", "2500000.00", "2025-05-20"],
        ["Y2025330000603", "中国工商银行温州分行", "1000000.00", "2025-09-01"]
      ])
      expect(await kejin.imports.sources("pledges")).toEqual(["工商银行"])
      expect((await kejin.journal.audit("full")).ok).toBe(true)
    } finally {
      await kejin.close()
    }
  })

  it("exits 2 for a file it cannot read, a bad mapping or a bad command, and imports nothing", async () => {
    const { dir, run } = workspace()
    const missing = await run("pledges", "examples/no-such-file.csv")
    expect(missing.code).toBe(2)
    expect(missing.err).toContain("cannot read examples/no-such-file.csv")
    expect(missing.err).toContain("nothing was imported")
    expect((await run("pledges", "examples")).code).toBe(2)
    writeFileSync(join(dir, "map.json"), "{ not json")
    expect(
      (await run("pledges", "examples/pledges-sample.csv", "--mapping", join(dir, "map.json"))).code
    ).toBe(2)
    writeFileSync(join(dir, "map2.json"), JSON.stringify({ columns: { 金额: "nothing.here" } }))
    const mapped = await run("pledges", "examples/pledges-sample.csv", "--mapping", join(dir, "map2.json"))
    expect(mapped.code).toBe(2)
    expect(mapped.err).toContain('no field "nothing.here"')
    const kind = await run("no-such-kind", "examples/pledges-sample.csv")
    expect(kind.code).toBe(2)
    expect(kind.err).toContain('"no-such-kind" is not a kind that can be imported')
    expect((await run("pledges")).code).toBe(2)
    const help = await run("help")
    expect(help.code).toBe(0)
    expect(help.out).toContain("repayments")
    expect(help.out).toContain("登记号、统一社会信用代码")
  })
})

describe("kejin import's progress line", () => {
  it("shows the share of the file read, the rate and the time left", () => {
    expect(progressLine(12_000, 2_100, 0.4, 6)).toBe(
      "[████████░░░░░░░░░░░░] 40% · 12,000 rows · 2,100 rows/s · about 9 s left"
    )
    expect(progressLine(500, 1_000, 0.01, 0.5)).toBe("[░░░░░░░░░░░░░░░░░░░░] 1% · 500 rows · 1,000 rows/s")
    expect(progressLine(90_000, 1_500, 0.25, 60)).toContain("about 3 min 0 s left")
  })
})
