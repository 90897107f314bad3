import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import ExcelJS from "exceljs"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { reportRequest, runReport } from "./cli.js"

const cli = { id: "cli", role: "admin" } as const

describe("kejin report monthly", () => {
  let dir: string
  let kejin: Kejin
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "kejin-report-"))
    kejin = await openKejin({ database: `sqlite:${join(dir, "kejin.db")}`, clock: { today: "2026-12-06" } })
    await kejin.pledges.record({
      registrationNo: "Y2026110001",
      pledgor: { uscc: makeUscc("91330302MA3000001"), name: "鹿城智造", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber("202110000001")}`],
      amount: "12345678.91",
      registeredOn: "2026-11-05"
    })
  })
  afterEach(async () => {
    await kejin?.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** Runs `kejin report …` against the test's store: the exit code and what was said. */
  const run = async (...argv: Array<string>) => {
    const parsed = reportRequest(argv)
    if (parsed.request === undefined) return { code: 2, out: [], errors: [parsed.error] }
    const out: Array<string> = []
    const errors: Array<string> = []
    const code = await runReport(kejin, cli, parsed.request, {
      stdout: (l) => out.push(l),
      stderr: (l) => errors.push(l)
    })
    return { code, out, errors }
  }

  it("writes the workbook: one sheet per section, amounts as numbers with two decimals, dates as dates", async () => {
    const file = join(dir, "report.xlsx")
    expect(await run("monthly", "--month", "2026-11", "--out", file)).toMatchObject({
      code: 0,
      out: [`wrote the monthly report of 2026-11 (as of 2026-11-30) to ${file}`]
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "目标进度",
      "区县",
      "银行",
      "联动试点",
      "直投",
      "本月记录"
    ])
    const districts = workbook.getWorksheet("区县")!
    expect(districts.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
    expect(districts.getRow(1).getCell(4).value).toBe("本月金额（元）")
    const lucheng = districts.getRow(2)
    expect([lucheng.getCell(1).value, lucheng.getCell(2).value, lucheng.getCell(3).value]).toEqual([
      1,
      "330302",
      "鹿城区"
    ])
    expect(lucheng.getCell(4).value).toBe(12345678.91)
    expect(lucheng.getCell(4).numFmt).toBe("#,##0.00")
    expect(lucheng.getCell(6).value).toBe(100)
    // Nothing a year earlier: no year-on-year change, an empty cell rather than 0.
    expect(lucheng.getCell(8).value).toBeNull()
    expect(districts.getRow(3).getCell(3).value).toBe("合计")
    const targets = workbook.getWorksheet("目标进度")!
    const pledgeTarget = targets
      .getRows(2, targets.rowCount - 1)
      ?.find((r) => r.getCell(1).value === "专利质押融资")
    expect(pledgeTarget?.getCell(5).value).toBe(2500000000)
    expect(pledgeTarget?.getCell(5).numFmt).toBe("#,##0.00")
    expect(pledgeTarget?.getCell(3).value).toEqual(new Date(Date.UTC(2026, 0, 1)))
    const records = workbook.getWorksheet("本月记录")!
    const largest = records.getRow(2)
    expect(largest.getCell(2).value).toEqual(new Date(Date.UTC(2026, 10, 5)))
    expect(largest.getCell(2).numFmt).toBe("yyyy-mm-dd")
    expect(largest.getCell(3).value).toBe("Y2026110001")
    expect(largest.getCell(7).value).toBe(12345678.91)
  })

  it("writes English sheets with --lang en", async () => {
    const file = join(dir, "report-en.xlsx")
    expect((await run("monthly", "--month", "2026-11", "--out", file, "--lang", "en")).code).toBe(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Targets",
      "Districts",
      "Banks",
      "Linkage pilots",
      "Direct investments",
      "Notable records"
    ])
    expect(workbook.getWorksheet("Districts")!.getRow(2).getCell(3).value).toBe("Lucheng")
  })

  it("writes a standalone HTML file for print", async () => {
    const file = join(dir, "report.html")
    expect((await run("monthly", "--month", "2026-11", "--out", file)).code).toBe(0)
    const html = await readFile(file, "utf8")
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(html).toContain("<h1>温州市科技金融月度通报</h1>")
    expect(html).toContain("<style>")
    expect(html).toContain("size: A4")
    expect(html).not.toContain('rel="stylesheet"')
    expect(html).toContain('<tr data-key="330302">')
  })

  it("exits 1 for a bad month, 2 for a file it cannot write or a malformed command", async () => {
    const file = join(dir, "report.xlsx")
    expect(await run("monthly", "--month", "2026-13", "--out", file)).toMatchObject({
      code: 1,
      errors: [expect.stringMatching(/^--month: must be a month as YYYY-MM/)]
    })
    expect(await run("monthly", "--month", "2027-01", "--out", file)).toMatchObject({
      code: 1,
      errors: [expect.stringMatching(/^--month: must not be after the current month/)]
    })
    expect(
      await run("monthly", "--month", "2026-11", "--out", join(dir, "missing", "report.xlsx"))
    ).toMatchObject({
      code: 2,
      errors: [expect.stringMatching(/^cannot write .*missing.*report\.xlsx: ENOENT/)]
    })
    expect(
      await run("monthly", "--month", "2026-11", "--out", dir.concat("/"), "--lang", "en")
    ).toMatchObject({
      code: 2
    })
    expect((await run("monthly", "--out", join(dir, "r.pdf"))).errors[0]).toMatch(/\.xlsx or \.html/)
    expect((await run("monthly", "--month", "2026-11")).errors[0]).toMatch(/--out is required/)
    expect((await run("weekly", "--out", file)).errors[0]).toMatch(/^usage: kejin report monthly/)
    expect((await run("monthly", "--out", file, "--lang", "fr")).errors[0]).toMatch(/--lang must be zh or en/)
    expect((await run("monthly", "--out", file, "--bogus")).code).toBe(2)
  })
})
