import { PassThrough } from "node:stream"
import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { type AnyOperation, exportItemOf, type Module, modules } from "@kejin/core/internal"
import ExcelJS from "exceljs"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { exportKinds, exportRequest, runExport } from "./export-cli.js"

const cli = { id: "cli", role: "admin" } as const

describe("kejin export <kind>", () => {
  let kejin: Kejin
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
  })
  afterEach(async () => {
    await kejin?.close()
  })

  /** Runs `kejin export …` into memory: the exit code, the file's bytes and what was said on stderr. */
  const run = async (...argv: Array<string>) => {
    const parsed = exportRequest(argv)
    if (parsed.request === undefined) return { code: 2, bytes: Buffer.alloc(0), errors: [parsed.error] }
    const sink = new PassThrough()
    const chunks: Array<Buffer> = []
    sink.on("data", (chunk: Buffer) => chunks.push(chunk))
    const errors: Array<string> = []
    const code = await runExport(kejin, cli, parsed.request, { stdout: sink, stderr: (l) => errors.push(l) })
    return { code, bytes: Buffer.concat(chunks), errors }
  }

  it("knows every declared list and table as a kind, named by its path", () => {
    const kinds = exportKinds()
    const lists = (modules as ReadonlyArray<Module>)
      .flatMap((m): ReadonlyArray<AnyOperation> => m.operations)
      .filter((op) => exportItemOf(op))
    expect(kinds.size).toBe(lists.length)
    expect([...kinds.keys()]).toEqual(
      expect.arrayContaining([
        "pledges",
        "funds",
        "funds-ledger",
        "enterprises",
        "linkage-loans",
        "linkage-pools-deposits",
        "pledges-breakdown",
        "pledges-monthly",
        "targets",
        "enterprises-journey"
      ])
    )
  })

  it("writes a list's rows with the filters given as options (CSV, English headers)", async () => {
    await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })
    await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })
    const { code, bytes } = await run("institutions", "--kind", "bank", "--lang", "en")
    expect(code).toBe(0)
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)
    const [header, ...rows] = text.trimEnd().split("\n")
    expect(header).toBe("\uFEFFID,Institution kind,Institution name,USCC,Journal seq.")
    expect(rows).toHaveLength(1)
    // The institution's kind as its label in the file's language.
    expect(rows[0]).toMatch(/^\d+,Bank,温州银行,,\d+$/)
    // `--bom false`: no byte-order mark.
    const bare = await run("institutions", "--kind", "bank", "--lang", "en", "--bom", "false")
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bare.bytes)).toBe(text.slice(1))
  })

  it("writes a table (a breakdown) with the read's own filters: groups, exact money, English headers", async () => {
    const pledge = (n: number, district: string, amount: string) => ({
      registrationNo: `YC2024${String(n).padStart(6, "0")}`,
      pledgor: {
        uscc: makeUscc(`91330302MC${String(n).padStart(7, "0")}`),
        name: `温州命令行${n}号科技有限公司`,
        district
      },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber(`20181${String(n).padStart(7, "0")}`)}`],
      amount,
      registeredOn: "2024-05-20"
    })
    await kejin.pledges.recordMany([
      pledge(1, "330302", "1000000.05"),
      pledge(2, "330302", "2000000.10"),
      pledge(3, "330303", "123456789012345.67")
    ])
    const csv = await run("pledges-breakdown", "--by", "district", "--year", "2024", "--lang", "en")
    expect(csv.code).toBe(0)
    const [header, ...rows] = new TextDecoder("utf-8", { ignoreBOM: true })
      .decode(csv.bytes)
      .trimEnd()
      .split("\n")
    expect(header?.startsWith("\uFEFFGroup key,Group,This period amount (CNY),")).toBe(true)
    expect(rows.map((row) => row.split(",").slice(0, 3))).toEqual(
      expect.arrayContaining([
        ["330302", "鹿城区", "3000000.15"],
        ["330303", "龙湾区", "123456789012345.67"]
      ])
    )
    // XLSX: the money a number with two decimals where a double holds it, else the exact text.
    const xlsx = await run("pledges-breakdown", "--by", "district", "--year", "2024", "--format", "xlsx")
    expect(xlsx.code).toBe(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(xlsx.bytes).buffer)
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet
    expect(sheet.getRow(1).getCell(3).value).toBe("本期金额(元)")
    const amounts = [2, 3].map((r) => sheet.getRow(r).getCell(3))
    expect(amounts.map((cell) => cell.value)).toEqual(
      expect.arrayContaining([3000000.15, "123456789012345.67"])
    )
    expect(amounts.every((cell) => cell.numFmt === "#,##0.00")).toBe(true)
    // The read's filters are the options: another year has no groups; a missing `by` is the read's 400.
    const none = await run("pledges-breakdown", "--by", "district", "--year", "2023")
    expect(new TextDecoder().decode(none.bytes).trimEnd().split("\n")).toHaveLength(1)
    expect(await run("pledges-breakdown", "--year", "2024")).toMatchObject({
      code: 2,
      errors: [expect.stringMatching(/^--by: /)]
    })
  })

  it("writes XLSX; a path parameter is a required option; a bad filter is exit code 2 naming it", async () => {
    const xlsx = await run("funds", "--format", "xlsx")
    expect(xlsx.code).toBe(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(xlsx.bytes).buffer)
    expect(workbook.worksheets[0]?.getRow(1).getCell(1).value).toBe("编号")
    expect(await run("funds-ledger")).toMatchObject({
      code: 2,
      errors: [expect.stringMatching(/--code is required/)]
    })
    expect(await run("linkage-loans", "--from", "2025-02-30")).toMatchObject({
      code: 2,
      errors: [expect.stringMatching(/^--from: /)]
    })
    expect(await run("linkage-loans", "--bank", "x")).toMatchObject({ code: 2 })
    // The registrations' CSV is derived as every list's is: the list's columns with their status.
    const pledges = await run("pledges", "--format", "csv")
    expect(pledges.code).toBe(0)
    expect(new TextDecoder().decode(pledges.bytes)).toMatch(/^编号,登记号,统一社会信用代码,/)
    expect(new TextDecoder().decode(pledges.bytes).split("\n")[0]).toContain(",状态,现担保金额(元)")
    expect(await run("no-such-list")).toMatchObject({
      code: 2,
      errors: [expect.stringMatching(/kinds: pledges, /)]
    })
  })
})
