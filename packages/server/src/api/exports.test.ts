import {
  type Actor,
  type Kejin,
  makePatentNumber,
  makeUscc,
  openKejin,
  type PledgeInputJson
} from "@kejin/core"
import {
  type AnyOperation,
  cellOf,
  exportColumns,
  listItemOf,
  type Module,
  modules
} from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import ExcelJS from "exceljs"
import { Hono } from "hono"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import type { KejinEnv } from "../auth/env.js"
import { openApiDocument } from "../openapi/document.js"
import { exactNumber, exportPageSize, listExports, mountExports } from "./exports.js"

// biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions themselves
type Json = any

/** A CSV's rows (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ",") {
      row.push(field)
      field = ""
    } else if (ch === "\n") {
      row.push(field)
      rows.push(row)
      row = []
      field = ""
    } else field += ch
  }
  if (field !== "" || row.length > 0) rows.push([...row, field])
  return rows
}

/** A body as text, its byte-order mark kept (\`Response#text\` drops it). */
const text = async (response: Response) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer())

/** A valid invention patent number, distinct per n. */
const patent = (n: number) => `ZL${makePatentNumber(`20181${String(n).padStart(7, "0")}`)}`

const registration = (n: number, bank: string): PledgeInputJson => ({
  registrationNo: `YE2024${String(n).padStart(6, "0")}`,
  pledgor: {
    uscc: makeUscc(`91330302MB${String(n).padStart(7, "0")}`),
    name: n === 1 ? "=HYPERLINK(温州科技)" : `温州导出${n}号科技有限公司`,
    district: n % 2 === 0 ? "330302" : "330303"
  },
  pledgee: { name: bank },
  patents: [patent(n)],
  amount: `${1000 + n}000.${String(n % 100).padStart(2, "0")}`,
  registeredOn: `2024-0${1 + (n % 9)}-1${n % 10}`
})

/** Every declared operation. */
const operations: ReadonlyArray<AnyOperation> = (modules as ReadonlyArray<Module>).flatMap(
  (m) => m.operations
)

const listOp = (name: string): AnyOperation => {
  const op = operations.find((o) => o.name === name)
  if (op === undefined) throw new Error(`no operation ${name}`)
  return op
}

for (const dialect of testDialects()) {
  describe(`list exports on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<"admin" | "managerA" | "managerB" | "viewer", string>

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      const token = async (name: string, role: string, funds?: Array<string>) =>
        (await kejin.accounts.createToken({ name, role, ...(funds ? { funds } : {}) })).token
      tokens.admin = await token("t-admin", "admin")
      tokens.managerA = await token("t-manager-a", "fund-manager", ["wz-export-a"])
      tokens.managerB = await token("t-manager-b", "fund-manager", ["wz-export-b"])
      tokens.viewer = await token("t-viewer", "viewer")
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const request = (who: keyof typeof tokens, path: string, init: RequestInit = {}) =>
      app.request(path, { ...init, headers: { authorization: `Bearer ${tokens[who]}`, ...init.headers } })
    const json = async (who: keyof typeof tokens, path: string): Promise<Json> => {
      const response = await request(who, path)
      expect(response.status, path).toBe(200)
      return response.json()
    }
    const post = async (who: keyof typeof tokens, path: string, body: unknown): Promise<Json> => {
      const response = await request(who, path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
      })
      const answer = await response.json()
      if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`)
      return answer
    }
    /** Every row the list answers with `query`, read page by page. */
    const listRows = async (who: keyof typeof tokens, path: string, query: string) => {
      const rows: Array<Json> = []
      for (let offset = 0; ; offset += 500) {
        const page = await json(who, `${path}?${query}${query ? "&" : ""}limit=500&offset=${offset}`)
        rows.push(...page.items)
        if (rows.length >= page.total) return rows
      }
    }
    const readXlsx = async (response: Response) => {
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(await response.arrayBuffer())
      const sheet = workbook.worksheets[0] as ExcelJS.Worksheet
      const rows: Array<Array<unknown>> = []
      sheet.eachRow((row) => {
        rows.push((row.values as Array<unknown>).slice(1))
      })
      return { sheet, rows }
    }

    it("a filtered list as XLSX over several pages: the list's rows, English headers, typed cells", async () => {
      const inputs = Array.from({ length: exportPageSize * 2 + 30 }, (_, i) =>
        registration(i + 1, i % 5 === 0 ? "瑞安农商银行" : "温州银行")
      )
      await kejin.pledges.recordMany(inputs)
      const query = "bank=温州银行"
      const expected = await listRows("viewer", "/api/v1/pledges", query)
      expect(expected.length).toBeGreaterThan(exportPageSize)
      const response = await request("viewer", `/api/v1/pledges/export.xlsx?${query}&lang=en`)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      )
      expect(response.headers.get("content-disposition")).toMatch(
        /^attachment; filename="kejin-listPledges-\d{4}-\d{2}-\d{2}\.xlsx"$/
      )
      const { sheet, rows } = await readXlsx(response)
      const columns = exportColumns(listOp("pledges.list"))
      const [header, ...data] = rows
      expect(header).toEqual(columns.map((c) => c.label?.en))
      expect(header).toContain("Pledgor")
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
      expect(data.length).toBe(expected.length)
      const amount = columns.findIndex((c) => c.key === "amount")
      const registeredOn = columns.findIndex((c) => c.key === "registeredOn")
      const reversed = columns.findIndex((c) => c.key === "reversed")
      data.forEach((row, i) => {
        const item = expected[i]
        const cells = columns.map((column) => cellOf(item, column))
        expect(row[0]).toBe(item.id)
        expect(row[amount]).toBe(Number(item.amount))
        expect(row[registeredOn]).toEqual(new Date(`${item.registeredOn}T00:00:00Z`))
        expect(row[reversed]).toBe("no")
        // Every text cell as the list answers it (an empty cell for a null).
        columns.forEach((column, c) => {
          if (column.type === "text") expect(row[c] ?? null, column.key).toBe(cells[c] ?? null)
        })
      })
      expect(sheet.getRow(2).getCell(amount + 1).numFmt).toBe("#,##0.00")
      expect(sheet.getRow(2).getCell(registeredOn + 1).numFmt).toBe("yyyy-mm-dd")
      expect(sheet.getColumn(amount + 1).width).toBeGreaterThanOrEqual(12)
    })

    it("a filtered list as CSV: a byte-order mark, Chinese headers, the list's rows, formulas defused", async () => {
      await kejin.pledges.recordMany(Array.from({ length: 12 }, (_, i) => registration(i + 1, "温州银行")))
      const query = "district=330303"
      const expected = await listRows("viewer", "/api/v1/pledges", query)
      const response = await request("viewer", `/api/v1/pledges/export.csv?${query}`)
      expect(response.status).toBe(200)
      // The registrations' CSV predates the derived exports: the import columns, as it always answered.
      const lines = (await text(response)).trimEnd().split("\n")
      expect(lines[0]).toBe(
        "\uFEFFregistration_no,pledgor_uscc,pledgor_name,district,pledgee,patents,amount,registered_on"
      )
      expect(lines.length).toBe(expected.length + 1)
      // The enterprises' list has the derived export.
      for (let n = 1; n <= 7; n++)
        await post("admin", "/api/v1/enterprises", {
          uscc: makeUscc(`91330302MC${String(n).padStart(7, "0")}`),
          name: n === 1 ? "=HYPERLINK(温州科技)" : `温州导出${n}号企业, "新材料"`,
          district: n % 3 === 0 ? "330302" : "330303",
          industry: "新材料",
          stage: "start-up",
          techCategory: "key-generic"
        })
      const enterprises = await listRows("viewer", "/api/v1/enterprises", "district=330303")
      expect(enterprises.length).toBe(5)
      const csv = await text(await request("viewer", "/api/v1/enterprises/export.csv?district=330303"))
      expect(csv.startsWith("\uFEFF")).toBe(true)
      const [header, ...data] = parseCsv(csv.slice(1))
      const columns = exportColumns(listOp("registry.enterprisePage"))
      expect(header).toEqual(columns.map((c) => c.label?.zh))
      expect(header).toContain("统一社会信用代码")
      expect(data).toEqual(
        enterprises.map((item: Json) =>
          columns.map((column) => {
            const value = cellOf(item, column)
            if (value === null || value === undefined) return ""
            if (column.type === "boolean") return value ? "是" : "否"
            const text = String(value)
            return column.type === "text" && /^[=+\-@]/.test(text) ? `'${text}` : text
          })
        )
      )
      expect(data.some((row) => row.includes("'=HYPERLINK(温州科技)"))).toBe(true)
      // English headers on request.
      const en = await text(await request("viewer", "/api/v1/enterprises/export.csv?lang=en"))
      expect(parseCsv(en.slice(1))[0]).toEqual(columns.map((c) => c.label?.en))
    })

    it("a bad filter or language is the list's 400 naming it, before any row", async () => {
      const bad = await request("viewer", "/api/v1/linkage/loans/export.csv?from=2025-02-30&lang=fr")
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as Json).errors.map((e: Json) => e.field)).toEqual(["lang"])
      const from = await request("viewer", "/api/v1/linkage/loans/export.xlsx?from=2025-02-30")
      expect(from.status).toBe(400)
      expect(((await from.json()) as Json).errors.map((e: Json) => e.field)).toEqual(["from"])
      const unknown = await request("viewer", "/api/v1/funds/export.csv?limit=5")
      expect(unknown.status).toBe(400)
      expect(((await unknown.json()) as Json).errors.map((e: Json) => e.field)).toEqual(["limit"])
    })

    /** The derived exports reading `pageSize` rows a page, as `actor` (the CLI's way in). */
    const smallPages = (pageSize: number, actor: Actor = { id: "t-admin", role: "admin" }) => {
      const small = new Hono<KejinEnv>()
      small.use(async (c, next) => {
        c.set("actor", actor)
        await next()
      })
      mountExports(small, kejin, modules, { pageSize })
      return small
    }

    it("keyset pages: every registration exactly once, in the list's order, across many pages sharing dates", async () => {
      expect(listOp("pledges.list").keyset).toBeDefined()
      // 45 registrations on 3 dates, read 4 a page: most page boundaries fall inside a date.
      const inputs = Array.from({ length: 45 }, (_, i) => ({
        ...registration(i + 1, "温州银行"),
        registeredOn: ["2024-03-01", "2024-03-02", "2024-05-20"][i % 3] as string
      }))
      await kejin.pledges.recordMany(inputs)
      const expected = await listRows("viewer", "/api/v1/pledges", "")
      expect(expected.length).toBe(45)
      const response = await smallPages(4).request("/api/v1/pledges/export.xlsx")
      expect(response.status).toBe(200)
      const { rows } = await readXlsx(response)
      const ids = rows.slice(1).map((row) => row[0])
      expect(new Set(ids).size).toBe(45)
      expect(ids).toEqual(expected.map((item: Json) => item.id))
      // A page size that divides the rows: the last page is full, the next one empty.
      const even = await readXlsx(await smallPages(5).request("/api/v1/pledges/export.xlsx?district=330303"))
      const odd = expected.filter((item: Json) => item.pledgor.district === "330303")
      expect(even.rows.slice(1).map((row) => row[0])).toEqual(odd.map((item: Json) => item.id))
    })

    it("a sorted, searched list exports in the list's order, page by page, every row once", async () => {
      await kejin.pledges.recordMany(Array.from({ length: 13 }, (_, i) => registration(i + 1, "温州银行")))
      for (const query of ["sort=-amount", "q=导出&sort=pledgorName", "q=91330302MB&sort=registrationNo"]) {
        const expected = await listRows("viewer", "/api/v1/pledges", query)
        const response = await smallPages(4).request(`/api/v1/pledges/export.xlsx?${query}`)
        expect(response.status, query).toBe(200)
        const ids = (await readXlsx(response)).rows.slice(1).map((row) => row[0])
        expect(ids, query).toEqual(expected.map((item: Json) => item.id))
        expect(ids.length, query).toBeGreaterThan(8)
        // The registrations' hand-written CSV too.
        const csv = await request("viewer", `/api/v1/pledges/export.csv?${query}`)
        expect(csv.status, query).toBe(200)
        const numbers = (await text(csv))
          .trimEnd()
          .split("\n")
          .slice(1)
          .map((line) => line.split(",")[0])
        expect(numbers, query).toEqual(expected.map((item: Json) => item.registrationNo))
      }
      const bad = await smallPages(4).request("/api/v1/pledges/export.xlsx?sort=size")
      expect(bad.status).toBe(400)
      expect((await request("viewer", "/api/v1/pledges/export.csv?sort=size")).status).toBe(400)
    })

    it("XLSX reads the next page only as the client takes the file: a client that stops, stops the reading", async () => {
      await kejin.pledges.recordMany(Array.from({ length: 3000 }, (_, i) => registration(i + 1, "温州银行")))
      // The list read 20 rows a page, the reads counted.
      let reads = 0
      const counting = new Proxy(kejin, {
        get: (target, key) =>
          key === "run"
            ? (effect: Parameters<Kejin["run"]>[0]) => {
                reads += 1
                return target.run(effect)
              }
            : Reflect.get(target, key)
      })
      const small = new Hono<KejinEnv>()
      small.use(async (c, next) => {
        c.set("actor", { id: "t-admin", role: "admin" })
        await next()
      })
      mountExports(small, counting, modules, { pageSize: 20 })
      const response = await small.request("/api/v1/pledges/export.xlsx")
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      const chunks: Array<Uint8Array> = [(await reader.read()).value as Uint8Array]
      // The client takes nothing more for a while: the zip and the response fill up, and the reading stops
      // (until no page was read for a while) short of the end.
      let before = -1
      for (let wait = 0; wait < 200 && reads !== before; wait++) {
        before = reads
        for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setTimeout(resolve, 5))
      }
      expect(reads).toBe(before)
      expect(reads).toBeLessThan(3000 / 20)
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        chunks.push(value)
      }
      // Then every page (and one empty one to know the end), the today of the file's name, every row.
      expect(reads).toBeGreaterThanOrEqual(3000 / 20)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(await new Blob(chunks).arrayBuffer())
      expect((workbook.worksheets[0] as ExcelJS.Worksheet).rowCount).toBe(3001)
    })

    it("an XLSX read back: frozen Chinese header row, money numeric with two decimals, dates as dates", async () => {
      await kejin.pledges.recordMany([registration(3, "温州银行"), registration(4, "温州银行")])
      const response = await request("viewer", "/api/v1/pledges/export.xlsx")
      const { sheet, rows } = await readXlsx(response)
      const columns = exportColumns(listOp("pledges.list"))
      expect(rows[0]).toEqual(columns.map((c) => c.label?.zh))
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
      const amount = columns.findIndex((c) => c.key === "amount") + 1
      const on = columns.findIndex((c) => c.key === "registeredOn") + 1
      const newest = sheet.getRow(2)
      // registration 4: 1004000.04 yuan on 2024-05-14 (newest first).
      expect(newest.getCell(amount).value).toBe(1004000.04)
      expect(newest.getCell(amount).numFmt).toBe("#,##0.00")
      expect(newest.getCell(on).value).toEqual(new Date("2024-05-14T00:00:00Z"))
      expect(newest.getCell(on).numFmt).toBe("yyyy-mm-dd")
      // Widths are set with the streaming writer too (columns before rows).
      expect(sheet.getColumn(amount).width).toBeGreaterThanOrEqual(12)
    })

    it("a fund manager exports their own fund's ledger and is refused another's (403)", async () => {
      const manager = await post("admin", "/api/v1/institutions", { kind: "fund-manager", name: "导出创投" })
      for (const code of ["wz-export-a", "wz-export-b"])
        await post("admin", "/api/v1/funds", {
          code,
          name: `导出基金${code.slice(-1)}`,
          kind: "chain",
          chainStage: "angel",
          manager: manager.id,
          targetSize: "100000000.00",
          vintage: "2025-01-01",
          district: "330302"
        })
      for (const [who, code] of [
        ["managerA", "wz-export-a"],
        ["managerB", "wz-export-b"]
      ] as const)
        for (const [on, amount] of [
          ["2025-01-10", "100000000.00"],
          ["2025-02-10", "1234567890123.45"]
        ])
          await post(who, `/api/v1/funds/${code}/commitments`, {
            on,
            lpName: "温州国投",
            lpType: "state-owned",
            amount
          })
      const own = await request("managerA", "/api/v1/funds/wz-export-a/ledger/export.xlsx?kind=commitment")
      expect(own.status).toBe(200)
      const expected = await listRows("managerA", "/api/v1/funds/wz-export-a/ledger", "kind=commitment")
      const { rows } = await readXlsx(own)
      const columns = exportColumns(listOp("funds.ledger"))
      const amount = columns.findIndex((c) => c.key === "amount")
      expect(rows.slice(1).map((row) => row[0])).toEqual(expected.map((item: Json) => item.id))
      // 1234567890123.45 has 15 significant digits: a number; beyond 15 it would stay text.
      expect(rows.slice(1).map((row) => row[amount])).toEqual(
        expected.map((item: Json) => Number(item.amount))
      )
      for (const format of ["csv", "xlsx"]) {
        const foreign = await request("managerA", `/api/v1/funds/wz-export-b/ledger/export.${format}`)
        expect(foreign.status).toBe(403)
        expect(foreign.headers.get("content-type")).toMatch(/^application\/problem\+json/)
      }
      // The list's permission: a viewer reads no fund ledger at all.
      expect((await request("viewer", "/api/v1/funds/wz-export-a/ledger/export.csv")).status).toBe(
        (await request("viewer", "/api/v1/funds/wz-export-a/ledger")).status
      )
    })

    it("the registry by keyset: the matching enterprises once each, in id order, pages skipping the others", async () => {
      expect(listOp("registry.enterprisePage").keyset).toBeDefined()
      for (let n = 1; n <= 25; n++)
        await post("admin", "/api/v1/enterprises", {
          uscc: makeUscc(`91330302MD${String(n).padStart(7, "0")}`),
          name: `温州键集${n}号企业`,
          district: n % 3 === 0 ? "330302" : "330303",
          industry: "新材料",
          stage: "start-up",
          techCategory: "key-generic"
        })
      for (const query of ["district=330303", "district=330302", ""]) {
        const expected = await listRows("viewer", "/api/v1/enterprises", query)
        const csv = await text(await smallPages(4).request(`/api/v1/enterprises/export.csv?${query}`))
        const ids = parseCsv(csv.slice(1))
          .slice(1)
          .map((row) => Number(row[0]))
        expect(ids, query).toEqual(expected.map((item: Json) => item.id))
      }
    })

    it("a ledger by keyset: every entry once across pages of entries sharing a date, the manager's scope kept", async () => {
      expect(listOp("funds.ledger").keyset).toBeDefined()
      const manager = await post("admin", "/api/v1/institutions", { kind: "fund-manager", name: "键集创投" })
      for (const code of ["wz-export-a", "wz-export-b"])
        await post("admin", "/api/v1/funds", {
          code,
          name: `键集基金${code.slice(-1)}`,
          kind: "chain",
          chainStage: "angel",
          manager: manager.id,
          targetSize: "100000000.00",
          vintage: "2025-01-01",
          district: "330302"
        })
      // Entered out of date order: the ledger's order (date, then id) is not the order of the ids.
      for (const [i, on] of ["2025-03-01", "2025-01-10", "2025-03-01", "2025-01-10", "2025-03-01"].entries())
        for (let k = 0; k < 3; k++)
          await post("admin", "/api/v1/funds/wz-export-a/commitments", {
            on,
            lpName: `温州国投${i}-${k}`,
            lpType: "state-owned",
            amount: `${1000 + i * 10 + k}.00`
          })
      const expected = await listRows("admin", "/api/v1/funds/wz-export-a/ledger", "")
      expect(expected.length).toBe(15)
      const csv = await text(await smallPages(4).request("/api/v1/funds/wz-export-a/ledger/export.csv"))
      const ids = parseCsv(csv.slice(1))
        .slice(1)
        .map((row) => Number(row[0]))
      expect(ids).toEqual(expected.map((item: Json) => item.id))
      expect(new Set(ids).size).toBe(15)
      const scoped = smallPages(4, { id: "t-manager-b", role: "fund-manager", funds: ["wz-export-b"] })
      expect((await scoped.request("/api/v1/funds/wz-export-a/ledger/export.csv")).status).toBe(403)
    })
  })
}

describe("every list has its exports", () => {
  const lists = operations.filter((op) => listItemOf(op) !== undefined)

  it("finds the lists: every read answering a page", () => {
    expect(lists.map((op) => op.name)).toEqual(
      expect.arrayContaining([
        "pledges.list",
        "funds.list",
        "funds.ledger",
        "registry.enterprisePage",
        "linkage.loans"
      ])
    )
    expect(lists.length).toBeGreaterThanOrEqual(17)
  })

  it("every list has a CSV and an XLSX export, each documented (the registrations' CSV written by hand)", () => {
    const exports = listExports(modules).map((e) => e.path)
    const paths = Object.keys(openApiDocument().paths)
    for (const op of lists)
      for (const format of ["csv", "xlsx"]) {
        const path = `${op.http?.path}/export.${format}`
        if (path !== "/api/v1/pledges/export.csv") expect(exports).toContain(path)
        expect(paths).toContain(path)
      }
  })

  it("every column of every list has a Chinese and an English header", () => {
    const missing = lists.flatMap((op) =>
      exportColumns(op).flatMap((column) =>
        column.label !== undefined && column.label.zh.trim() !== "" && column.label.en.trim() !== ""
          ? []
          : [`${op.name}: ${column.key}`]
      )
    )
    expect(missing).toEqual([])
    for (const op of lists) expect(exportColumns(op).length, op.name).toBeGreaterThan(2)
  })

  it("money is a number only when a double holds it exactly (at most 15 significant digits)", () => {
    expect(exactNumber("1234567890123.45")).toBe(1234567890123.45)
    expect(exactNumber("-0.05")).toBe(-0.05)
    expect(exactNumber("0.00")).toBe(0)
    expect(exactNumber("12345678901234.56")).toBeUndefined()
  })
})
