import { PassThrough } from "node:stream"
import { type Kejin, openKejin } from "@kejin/core"
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
    expect(rows[0]).toMatch(/^\d+,bank,温州银行,,\d+$/)
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
    // The registrations' CSV is the import file, as over HTTP.
    const pledges = await run("pledges", "--format", "csv")
    expect(pledges.code).toBe(0)
    expect(new TextDecoder().decode(pledges.bytes)).toMatch(/^registration_no,pledgor_uscc,/)
    expect(await run("no-such-list")).toMatchObject({
      code: 2,
      errors: [expect.stringMatching(/kinds: pledges, /)]
    })
  })
})
