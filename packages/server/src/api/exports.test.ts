import {
  type Actor,
  Decimal,
  type Kejin,
  makePatentNumber,
  makeUscc,
  messageText,
  openKejin,
  type PledgeInputJson,
  rowsFromBytes
} from "@kejin/core"
import {
  type AnyOperation,
  cellOf,
  exportColumns,
  exportItemOf,
  exportTablesOf,
  leavesOf,
  listItemOf,
  type Module,
  modules,
  tableItemOf,
  tableView,
  wordCell,
  wordLabel
} from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import ExcelJS from "exceljs"
import { Hono } from "hono"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import type { KejinEnv } from "../auth/env.js"
import { openApiDocument } from "../openapi/document.js"
import {
  csvText,
  exactNumber,
  exportChoices,
  exportPageSize,
  listExports,
  mountExports,
  xlsxValue
} from "./exports.js"

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
        /^attachment; filename="kejin-pledges-\d{4}-\d{2}-\d{2}\.xlsx"$/
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
        // Every text cell as the list answers it (an empty cell for a null), a choice as its label.
        columns.forEach((column, c) => {
          if (column.type === "text")
            expect(row[c] ?? null, column.key).toBe(
              shown(listOp("pledges.list"), column.key, cells[c], "en") ?? null
            )
        })
      })
      expect(sheet.getRow(2).getCell(amount + 1).numFmt).toBe("#,##0.00")
      expect(sheet.getRow(2).getCell(registeredOn + 1).numFmt).toBe("yyyy-mm-dd")
      expect(sheet.getColumn(amount + 1).width).toBeGreaterThanOrEqual(12)
    })

    it("writes a choice as the page shows it, in the file's language, and the file imports back as identical", async () => {
      await post("admin", "/api/v1/enterprises", {
        uscc: makeUscc("91330302MC0000099"),
        name: "温州选项科技有限公司",
        district: "330302",
        industry: "新材料",
        stage: "growth",
        techCategory: "frontier"
      })
      const zh = await text(await request("viewer", "/api/v1/enterprises/export.csv"))
      const [header, row] = parseCsv(zh.slice(1))
      expect(row?.[header!.indexOf("阶段")]).toBe("成长期")
      expect(row?.[header!.indexOf("科技类别")]).toBe("前沿引领技术")
      const en = await text(await request("viewer", "/api/v1/enterprises/export.csv?lang=en"))
      const [enHeader, enRow] = parseCsv(en.slice(1))
      expect(enRow?.[enHeader!.indexOf("Stage")]).toBe("Growth")
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(await (await request("viewer", "/api/v1/enterprises/export.xlsx")).arrayBuffer())
      const sheet = book.worksheets[0]!
      const stage = (sheet.getRow(1).values as Array<unknown>).indexOf("阶段")
      expect(sheet.getRow(2).getCell(stage).value).toBe("成长期")
      // What the export wrote, the import reads: every row as stored.
      for (const [file, bytes] of [
        ["e.csv", Buffer.from(zh)],
        ["e-en.csv", Buffer.from(en)]
      ] as const) {
        const summary = await kejin.imports.run({
          kind: "enterprises",
          rows: (await rowsFromBytes(new Uint8Array(bytes), file)).rows,
          mode: "dry-run"
        })
        expect(summary, file).toMatchObject({ rows: 1, identical: 1, errors: 0, conflicts: 0 })
      }
    })

    it("a filtered list as CSV: a byte-order mark, Chinese headers, the list's rows, formulas defused", async () => {
      await kejin.pledges.recordMany(Array.from({ length: 12 }, (_, i) => registration(i + 1, "温州银行")))
      const query = "district=330303"
      const expected = await listRows("viewer", "/api/v1/pledges", query)
      const response = await request("viewer", `/api/v1/pledges/export.csv?${query}`)
      expect(response.status).toBe(200)
      // The registrations' CSV is derived like every list's: Chinese headers, a row per registration.
      const pledgeCsv = await text(response)
      expect(pledgeCsv.startsWith("\uFEFF")).toBe(true)
      const [pledgeHeader, ...pledgeRows] = parseCsv(pledgeCsv.slice(1))
      const pledgeColumns = exportColumns(listOp("pledges.list"))
      expect(pledgeHeader).toEqual(pledgeColumns.map((c) => c.label?.zh))
      expect(pledgeHeader).toEqual(
        expect.arrayContaining(["登记号", "出质人", "区县", "状态", "现担保金额(元)"])
      )
      expect(pledgeRows.map((row) => row[0])).toEqual(expected.map((item: Json) => String(item.id)))
      // English headers with lang=en; bom=false leaves out the byte-order mark (a program reading the file).
      const english = await text(await request("viewer", `/api/v1/pledges/export.csv?${query}&lang=en`))
      expect(parseCsv(english.slice(1))[0]).toEqual(pledgeColumns.map((c) => c.label?.en))
      const bare = await text(await request("viewer", `/api/v1/pledges/export.csv?${query}&bom=false`))
      expect(bare).toBe(pledgeCsv.slice(1))
      expect((await request("viewer", "/api/v1/pledges/export.csv?bom=maybe")).status).toBe(400)
      expect((await request("viewer", "/api/v1/pledges/export.xlsx?bom=false")).status).toBe(400)
      expect((await request("viewer", "/api/v1/pledges/export.csv?lang=fr")).status).toBe(400)
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
      const choices = exportChoices(listOp("registry.enterprisePage"))
      expect([...choices.keys()]).toEqual(["stage", "techCategory"])
      expect(header).toEqual(columns.map((c) => c.label?.zh))
      expect(header).toContain("统一社会信用代码")
      expect(data).toEqual(
        enterprises.map((item: Json) =>
          columns.map((column) => {
            const value = cellOf(item, column)
            if (value === null || value === undefined) return ""
            if (column.type === "boolean") return value ? "是" : "否"
            // A choice as the page shows it: 初创期, not start-up.
            const words = choices.get(column.key)
            if (words !== undefined) return wordLabel(words, String(value))?.zh
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

    it("the registrations' export: status and current secured amount after a change, a partial repayment, a default and a release; it imports back as identical, zh and en, CSV and XLSX", async () => {
      const [a, b, c] = [
        registration(31, "温州银行"),
        registration(32, "温州银行"),
        registration(33, "温州银行")
      ]
      const sized = {
        ...a,
        pledgor: { ...a.pledgor, size: "small" as const },
        pledgee: { ...a.pledgee, kind: "bank" as const },
        amount: "3000000.00",
        registeredOn: "2024-02-01"
      }
      await kejin.pledges.recordMany([
        sized,
        { ...b, amount: "2000000.00", registeredOn: "2024-02-02" },
        { ...c, amount: "1000000.00", registeredOn: "2024-02-03" }
      ])
      const listed = await listRows("viewer", "/api/v1/pledges", "")
      const idOf = (no: string) => listed.find((item: Json) => item.registrationNo === no).id as number
      const act = async (path: string, body: unknown) => {
        const response = await request("admin", path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body)
        })
        expect(response.status, `${path} ${await response.clone().text()}`).toBeLessThan(300)
        return (await response.json()) as Json
      }
      // a: its secured amount changed to 2,500,000.50, a loan drawn and partly repaid.
      await act(`/api/v1/pledges/${idOf(a.registrationNo)}/changes`, {
        on: "2024-03-01",
        amount: "2500000.50"
      })
      const loanA = await act(`/api/v1/pledges/${idOf(a.registrationNo)}/loans`, {
        amount: "2000000.00",
        rate: "0.0385",
        disbursedOn: "2024-03-05",
        maturesOn: "2025-03-04"
      })
      await act(`/api/v1/pledges/loans/${loanA.id}/repayments`, { on: "2024-06-30", amount: "500000.00" })
      // b: a loan that defaulted. c: released.
      const loanB = await act(`/api/v1/pledges/${idOf(b.registrationNo)}/loans`, {
        amount: "1500000.00",
        rate: "0.04",
        disbursedOn: "2024-04-01",
        maturesOn: "2025-03-31"
      })
      await act(`/api/v1/pledges/loans/${loanB.id}/default`, { on: "2024-09-30" })
      await act(`/api/v1/pledges/${idOf(c.registrationNo)}/release`, { on: "2024-10-08" })
      const expected: Record<string, { status: string; secured: string; zh: string; en: string }> = {
        [a.registrationNo]: { status: "changed", secured: "2500000.50", zh: "已变更", en: "Changed" },
        [b.registrationNo]: { status: "registered", secured: "2000000.00", zh: "已登记", en: "Registered" },
        [c.registrationNo]: { status: "released", secured: "1000000.00", zh: "已解除", en: "Released" }
      }
      // The list answers them too.
      for (const item of await listRows("viewer", "/api/v1/pledges", ""))
        expect([item.status, item.securedAmount]).toEqual([
          expected[item.registrationNo]?.status,
          expected[item.registrationNo]?.secured
        ])
      const columns = exportColumns(listOp("pledges.list"))
      const at = (key: string) => columns.findIndex((column) => column.key === key)
      for (const lang of ["zh", "en"] as const) {
        const csv = await text(await request("viewer", `/api/v1/pledges/export.csv?lang=${lang}`))
        const [header, ...rows] = parseCsv(csv.slice(1))
        expect(header).toEqual(columns.map((column) => column.label?.[lang]))
        expect(rows.length).toBe(3)
        for (const row of rows) {
          const want = expected[row[at("registrationNo")] as string]!
          expect([row[at("status")], row[at("securedAmount")]]).toEqual([want[lang], want.secured])
        }
        const sizedRow = rows.find((row) => row[at("registrationNo")] === a.registrationNo)!
        expect([sizedRow[at("pledgor.size")], sizedRow[at("pledgee.kind")]]).toEqual(
          lang === "zh" ? ["小型", "银行"] : ["Small", "Bank"]
        )
        const xlsxBytes = await (
          await request("viewer", `/api/v1/pledges/export.xlsx?lang=${lang}`)
        ).arrayBuffer()
        const book = new ExcelJS.Workbook()
        await book.xlsx.load(xlsxBytes)
        const sheet = book.worksheets[0]!
        for (let r = 2; r <= 4; r++) {
          const row = sheet.getRow(r)
          const want = expected[String(row.getCell(at("registrationNo") + 1).value)]!
          expect(row.getCell(at("status") + 1).value).toBe(want[lang])
          // Money as numbers with two decimals.
          for (const key of ["securedAmount", "amount"]) {
            expect(typeof row.getCell(at(key) + 1).value, key).toBe("number")
            expect(row.getCell(at(key) + 1).numFmt, key).toBe("#,##0.00")
          }
          expect(row.getCell(at("securedAmount") + 1).value).toBe(Number(want.secured))
        }
        // Read back, each file records nothing new: every row identical to the stored one, no column
        // reported unknown (the status, the secured amount, the id… are the export's own), nothing refused.
        for (const [file, bytes] of [
          [`p-${lang}.csv`, new TextEncoder().encode(csv)],
          [`p-${lang}.xlsx`, new Uint8Array(xlsxBytes)]
        ] as const) {
          const summary = await kejin.imports.run({
            kind: "pledges",
            rows: (await rowsFromBytes(bytes, file)).rows
          })
          expect(summary, file).toMatchObject({ rows: 3, identical: 3, ok: 0, errors: 0, conflicts: 0 })
          expect(summary.unknown, file).toEqual([])
        }
      }
      expect((await json("viewer", "/api/v1/pledges")).total).toBe(3)
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
        // The registrations' CSV too.
        const csv = await request("viewer", `/api/v1/pledges/export.csv?${query}`)
        expect(csv.status, query).toBe(200)
        const numbers = parseCsv((await text(csv)).slice(1))
          .slice(1)
          .map((row) => row[1])
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

    /** A journey event as a file in `lang` words it: its line (`label`) is its `detail` in that language. */
    const inFileLanguage = (row: Json, lang: "zh" | "en"): Json =>
      row.detail === undefined
        ? row
        : { ...row, label: messageText(row.detail.code, row.detail.params, lang) }
    /** A choice's label in `lang` when column `key` of `op` is a choice, else the value as it is. */
    const shown = (op: AnyOperation, key: string, value: unknown, lang: "zh" | "en") => {
      const words = exportChoices(op).get(key)
      return words === undefined ? value : (wordLabel(words, String(value))?.[lang] ?? value)
    }
    /** A table's rows as its CSV writes them (`lang`'s yes/no, a choice's label, formulas defused, null empty). */
    const csvCells = (item: unknown, op: AnyOperation, lang: "zh" | "en") =>
      exportColumns(op).map((column) => {
        const value = shown(op, column.key, cellOf(item, column), lang)
        if (value === null || value === undefined) return ""
        if (column.type === "boolean")
          return value ? (lang === "zh" ? "是" : "yes") : lang === "zh" ? "否" : "no"
        const text = Array.isArray(value) ? value.join(";") : String(value)
        return column.type === "text" && /^[=+\-@]/.test(text) ? `'${text}` : text
      })
    /** A table's rows as its XLSX writes them: numbers, dates, exact text for money past 15 digits. */
    const xlsxCells = (item: unknown, op: AnyOperation, lang: "zh" | "en") =>
      exportColumns(op).map((column) => {
        const value = shown(op, column.key, cellOf(item, column), lang)
        if (value === null || value === undefined) return undefined
        switch (column.type) {
          case "boolean":
            return value ? (lang === "zh" ? "是" : "yes") : lang === "zh" ? "否" : "no"
          case "money":
          case "decimal":
            return typeof value === "number" ? value : (exactNumber(String(value)) ?? String(value))
          case "date":
            return new Date(`${String(value)}T00:00:00Z`)
          case "number":
            return value
          case "list": {
            // An empty list is an empty cell.
            const joined = (value as ReadonlyArray<unknown>).join(";")
            return joined === "" ? undefined : joined
          }
          default:
            return String(value)
        }
      })

    /**
     * The table `field` of what `path?query` answers, exported in both formats and both languages: the
     * headers are the columns' labels, the rows the answer's, cell by cell, then the answer's `total` (a
     * breakdown's) as a row of its own, labelled 合计 / Total. Answers the rows.
     */
    const expectTable = async (opName: string, path: string, query: string, field: string) => {
      // A read's other table (not its first) is a read of its own at `export/<the field's last name>`.
      const read = listOp(opName)
      const main = exportTablesOf(read)[0] ?? field
      const op = field === main ? read : tableView(read, field)
      const at = field === main ? "export" : `export/${field.split(".").at(-1)}`
      const named = `${path.slice("/api/v1/".length).replaceAll("/", "-")}${field === main ? "" : `-${field.split(".").at(-1)}`}`
      const answer = await json("viewer", `${path}${query ? `?${query}` : ""}`)
      const table = field.split(".").reduce((at: Json, name) => at[name], answer) as Array<Json>
      const columns = exportColumns(op)
      const sep = query ? "&" : "?"
      for (const lang of ["zh", "en"] as const) {
        const totalRow =
          opName === "pledges.breakdown" && table.length > 0
            ? [{ label: lang === "zh" ? "合计" : "Total", measures: answer.total }]
            : []
        const rows: Array<Json> = [...table, ...totalRow].map((row) => inFileLanguage(row, lang))
        const suffix = `${query ? `?${query}` : ""}${lang === "en" ? `${sep}lang=en` : ""}`
        const csvResponse = await request("viewer", `${path}/${at}.csv${suffix}`)
        expect(csvResponse.status, `${path} csv ${lang}`).toBe(200)
        expect(csvResponse.headers.get("content-disposition")).toMatch(
          new RegExp(`^attachment; filename="kejin-${named}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`)
        )
        const csv = await text(csvResponse)
        expect(csv.startsWith("\uFEFF")).toBe(true)
        const [header, ...data] = parseCsv(csv.slice(1))
        expect(header).toEqual(columns.map((c) => c.label?.[lang]))
        expect(data).toEqual(rows.map((row) => csvCells(row, op, lang)))
        const xlsxResponse = await request("viewer", `${path}/${at}.xlsx${suffix}`)
        expect(xlsxResponse.status, `${path} xlsx ${lang}`).toBe(200)
        const { sheet, rows: sheetRows } = await readXlsx(xlsxResponse)
        expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
        expect(sheetRows[0]).toEqual(columns.map((c) => c.label?.[lang]))
        expect(sheetRows.length).toBe(rows.length + 1)
        sheetRows.slice(1).forEach((cells, i) => {
          const expected = xlsxCells(rows[i], op, lang)
          columns.forEach((column, c) => {
            expect(cells[c], `${column.key} of row ${i}`).toEqual(expected[c])
          })
        })
        columns.forEach((column, c) => {
          if (column.type === "money" && rows.length > 0)
            expect(sheet.getRow(2).getCell(c + 1).numFmt, column.key).toBe("#,##0.00")
          if (column.type === "date" && rows.length > 0)
            expect(sheet.getRow(2).getCell(c + 1).numFmt, column.key).toBe("yyyy-mm-dd")
        })
      }
      return table
    }

    it("a breakdown's table as CSV and XLSX in both languages: the groups' figures exact past 2^53 fen, the filters honoured", async () => {
      const huge = "45035996273704.97" // 2^52 fen and a little: two of them pass 2^53 fen
      const inputs = [
        ...Array.from({ length: 9 }, (_, i) =>
          registration(i + 1, i % 3 === 0 ? "瑞安农商银行" : "温州银行")
        ),
        { ...registration(20, "温州银行"), amount: huge, registeredOn: "2024-03-02" },
        { ...registration(22, "温州银行"), amount: huge, registeredOn: "2024-03-05" }
      ]
      await kejin.pledges.recordMany(inputs)
      const byDistrict = await expectTable(
        "pledges.breakdown",
        "/api/v1/pledges/breakdown",
        "by=district&year=2024&yoy=true",
        "rows"
      )
      expect(byDistrict.map((row: Json) => row.key).sort()).toEqual(["330302", "330303"])
      // Both large registrations are in 330302: more than 2^53 fen in all, to the fen.
      const lucheng = byDistrict.find((row: Json) => row.key === "330302")
      const sum = inputs
        .filter((input) => input.pledgor.district === "330302")
        .reduce((total, input) => total.plus(input.amount), new Decimal(0))
      expect(sum.times(100).gt(2 ** 53)).toBe(true)
      expect(lucheng.measures.amount).toBe(sum.toFixed(2))
      const csv = parseCsv(
        (
          await text(await request("viewer", "/api/v1/pledges/breakdown/export.csv?by=district&year=2024"))
        ).slice(1)
      )
      const amount = exportColumns(listOp("pledges.breakdown")).findIndex((c) => c.key === "measures.amount")
      expect(csv.find((row) => row[0] === "330302")?.[amount]).toBe(lucheng.measures.amount)
      // The last row is the total, read (a distinct count of enterprises is no sum of the groups').
      const total = (await json("viewer", "/api/v1/pledges/breakdown?by=district&year=2024")).total
      expect(csv.at(-1)?.slice(0, 3)).toEqual(["", "合计", total.amount])
      // The filters are the read's own: another grouping, another period.
      const banks = await expectTable(
        "pledges.breakdown",
        "/api/v1/pledges/breakdown",
        "by=bank&year=2024&month=3",
        "rows"
      )
      expect(banks.map((row: Json) => row.key)).toEqual(["温州银行"])
      expect(
        await expectTable("pledges.breakdown", "/api/v1/pledges/breakdown", "by=bank&year=2023", "rows")
      ).toEqual([])
      // A bad filter is the read's 400 naming it; no credentials, a 401.
      const bad = await request("viewer", "/api/v1/pledges/breakdown/export.xlsx?by=colour")
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as Json).errors.map((e: Json) => e.field)).toEqual(["by"])
      expect((await app.request("/api/v1/pledges/breakdown/export.csv?by=district")).status).toBe(401)
    })

    it("the monthly series and the targets' progress as tables: every month and every target, exact", async () => {
      await kejin.pledges.recordMany(Array.from({ length: 6 }, (_, i) => registration(i + 1, "温州银行")))
      const months = await expectTable("pledges.monthly", "/api/v1/pledges/monthly", "year=2024", "months")
      expect(months.length).toBe(12)
      expect(months.some((m: Json) => m.count > 0)).toBe(true)
      const targets = await expectTable("targets.progress", "/api/v1/targets", "asOf=2024-06-30", "targets")
      expect(targets.length).toBeGreaterThan(0)
      expect(targets.every((t: Json) => t.asOf === "2024-06-30")).toBe(true)
      for (const path of ["/api/v1/pledges/monthly/export.xlsx", "/api/v1/targets/export.csv"])
        expect((await app.request(path)).status, path).toBe(401)
      const bad = await request("viewer", "/api/v1/targets/export.csv?asOf=2024-02-30")
      expect(bad.status).toBe(400)
    })

    it("an alert's message in the file's language; an FX rate a number in XLSX, exact text in CSV", async () => {
      await kejin.pledges.recordMany([registration(41, "温州银行")])
      const id = (await listRows("viewer", "/api/v1/pledges", ""))[0].id as number
      const loan = await post("admin", `/api/v1/pledges/${id}/loans`, {
        amount: "600000.00",
        rate: "0.0385",
        disbursedOn: "2024-07-01",
        maturesOn: "2025-05-05"
      })
      await post("admin", `/api/v1/pledges/loans/${loan.id}/default`, { on: "2024-09-30" })
      const [zh = [], en = []] = await Promise.all(
        (["zh", "en"] as const).map(async (lang) => {
          const response = await request("admin", `/api/v1/alerts/export.csv?asOf=2024-10-08&lang=${lang}`)
          expect(response.status).toBe(200)
          return parseCsv((await text(response)).slice(1))
        })
      )
      const messageAt = (rows: Array<Array<string>>, header: string) => rows[0]!.indexOf(header)
      expect(zh[0]).toContain("说明")
      expect(zh[0]).not.toContain("说明(英文)")
      const zhMessage = zh[1]![messageAt(zh, "说明")]!
      const enMessage = en[1]![messageAt(en, "Message")]!
      expect(zhMessage).toMatch(/[\u4e00-\u9fff]/)
      expect(enMessage).toMatch(/^[\x20-\x7e]+$/)
      expect(zhMessage).not.toBe(enMessage)
      // An FX rate: its exact text in CSV, a number in XLSX.
      await post("admin", "/api/v1/fx-rates", {
        currency: "USD",
        on: "2024-06-28",
        rate: "7.1268",
        source: "CFETS"
      })
      const csv = parseCsv(await text(await request("viewer", "/api/v1/fx-rates/export.csv?bom=false")))
      expect(csv[1]).toContain("7.1268")
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(await (await request("viewer", "/api/v1/fx-rates/export.xlsx")).arrayBuffer())
      const sheet = book.worksheets[0]!
      const header = (sheet.getRow(1).values as Array<unknown>).indexOf("汇率")
      expect(header).toBeGreaterThan(0)
      expect(sheet.getRow(2).getCell(header).value).toBe(7.1268)
    })

    it("a registration's patents, loans and history, the journey search's matches and the city fund's other tables export as their pages show them", async () => {
      const input = { ...registration(3, "温州银行"), patents: [patent(31), patent(32)] }
      await kejin.pledges.recordMany([input])
      const id = (await listRows("viewer", "/api/v1/pledges", "")).find(
        (item: Json) => item.registrationNo === input.registrationNo
      ).id as number
      await post("admin", `/api/v1/pledges/${id}/loans`, {
        amount: "600000.00",
        rate: "0.0385",
        disbursedOn: "2024-05-06",
        maturesOn: "2025-05-05"
      })
      const patents = await expectTable(
        "pledges.registration",
        `/api/v1/pledges/${id}/registration`,
        "",
        "patentDetails"
      )
      expect(patents.map((p: Json) => p.number)).toEqual([patent(31), patent(32)])
      const loans = await expectTable("pledges.loans.list", `/api/v1/pledges/${id}/loans`, "", "items")
      expect(loans.map((l: Json) => l.amount)).toEqual(["600000.00"])
      const history = await expectTable("pledges.events", `/api/v1/pledges/${id}/events`, "", "items")
      expect(history.map((e: Json) => e.kind)).toEqual(["registered", "drawn"])
      const matches = await expectTable("registry.journeySearch", "/api/v1/journeys", "q=导出3号", "matches")
      expect(matches.map((m: Json) => m.uscc)).toEqual([input.pledgor.uscc])
      // The city fund's page: its sub-funds at export.csv, its direct investments at export/<table>.csv.
      await expectTable("funds.cityFund", "/api/v1/city-fund", "asOf=2025-12-31", "subFunds")
      await expectTable(
        "funds.cityFund",
        "/api/v1/city-fund",
        "asOf=2025-12-31",
        "directInvestments.byTechCategory"
      )
      await expectTable(
        "funds.cityFund",
        "/api/v1/city-fund",
        "asOf=2025-12-31",
        "directInvestments.projects"
      )
      expect((await request("viewer", "/api/v1/city-fund/export/nothing.csv")).status).toBe(404)
      expect((await app.request("/api/v1/city-fund/export/projects.csv")).status).toBe(401)
    })

    it("an enterprise's journey as a table: its events with the read's filters, a fund manager's scope kept", async () => {
      const input = registration(2, "温州银行")
      await post("admin", "/api/v1/enterprises", {
        uscc: input.pledgor.uscc,
        name: input.pledgor.name,
        district: input.pledgor.district,
        industry: "新材料",
        stage: "start-up",
        techCategory: "key-generic"
      })
      await kejin.pledges.recordMany([
        input,
        {
          ...input,
          registrationNo: "YE2025000777",
          registeredOn: "2025-02-03",
          amount: "2000000.00",
          patents: [patent(77)]
        }
      ])
      const path = `/api/v1/enterprises/${input.pledgor.uscc}/journey`
      const all = await expectTable("registry.journey", path, "", "events")
      expect(all.length).toBeGreaterThanOrEqual(2)
      const later = await expectTable("registry.journey", path, "from=2025-01-01", "events")
      expect(later.length).toBeGreaterThan(0)
      expect(later.length).toBeLessThan(all.length)
      expect(later.every((e: Json) => e.on >= "2025-01-01")).toBe(true)
      // The English file words each event in English: a registration's line says "registered with", not 质押登记
      // (its number and the bank's name are data, as they were typed).
      const english = parseCsv((await text(await request("viewer", `${path}/export.csv?lang=en`))).slice(1))
      const event = english[0]!.indexOf("Event")
      const registered = english.slice(1).filter((row) => row.some((cell) => cell.includes("YE2025000777")))
      expect(registered.map((row) => row[event])).toEqual([
        "patent pledge YE2025000777 registered with 温州银行"
      ])
      expect(registered[0]![event]!.replace("温州银行", "")).not.toMatch(/[\u3000-\u9fff]/)
      const chinese = parseCsv((await text(await request("viewer", `${path}/export.csv`))).slice(1))
      expect(chinese.slice(1).find((row) => row.some((cell) => cell.includes("YE2025000777")))?.[event]).toBe(
        "专利质押登记 YE2025000777 温州银行"
      )
      expect(
        (await request("viewer", `/api/v1/enterprises/91330302MA2AXXXX0X/journey/export.csv`)).status
      ).toBe(400)
      expect((await app.request(`${path}/export.csv`)).status).toBe(401)
      // A fund manager's export has their own fund's investment and not another manager's, as the read.
      const manager = await post("admin", "/api/v1/institutions", { kind: "fund-manager", name: "历程创投" })
      for (const code of ["wz-export-a", "wz-export-b"]) {
        await post("admin", "/api/v1/funds", {
          code,
          name: `历程基金${code.slice(-1)}`,
          kind: "chain",
          chainStage: "angel",
          manager: manager.id,
          targetSize: "100000000.00",
          vintage: "2025-01-01",
          district: "330302"
        })
        await post("admin", `/api/v1/funds/${code}/commitments`, {
          on: "2025-01-10",
          lpName: "温州国投",
          lpType: "state-owned",
          amount: "50000000.00"
        })
        await post("admin", `/api/v1/funds/${code}/investments`, {
          enterprise: input.pledgor.uscc,
          on: "2025-03-01",
          amount: code === "wz-export-a" ? "1000000.00" : "2000000.00",
          instrument: "equity",
          round: "A"
        })
      }
      const own = (await json("managerA", path)).events
      expect(own.filter((e: Json) => e.kind === "investment").map((e: Json) => e.amount)).toEqual([
        "1000000.00"
      ])
      const csv = parseCsv((await text(await request("managerA", `${path}/export.csv?lang=en`))).slice(1))
      expect(csv.slice(1)).toEqual(
        own.map((e: Json) => csvCells(inFileLanguage(e, "en"), listOp("registry.journey"), "en"))
      )
      // The funds' figures by group (the dashboard's chain-stage table) are a table too.
      const groups = await expectTable(
        "funds.groups",
        "/api/v1/metrics/groups",
        "by=fund&asOf=2025-12-31",
        "groups"
      )
      expect(groups.map((g: Json) => g.key)).toEqual(["wz-export-a", "wz-export-b"])
    })

    it("a linkage list by keyset: a pool's deposits once each, in the list's order, across pages sharing dates", async () => {
      expect(listOp("linkage.deposits").keyset).toBeDefined()
      for (const code of ["wz-keyset", "wz-other"])
        await post("admin", "/api/v1/linkage/pools", {
          code,
          name: `键集资金池${code}`,
          kind: "relief",
          openedOn: "2025-01-01",
          backer: "温州市财政局",
          ratio: "0.6",
          cap: "500000.00"
        })
      // Entered out of date order, on three dates: the list's order (date, then id) is not the ids'.
      for (const [i, on] of ["2025-03-01", "2025-01-10", "2025-03-01", "2025-02-10", "2025-01-10"].entries())
        for (let k = 0; k < 3; k++)
          for (const code of ["wz-keyset", "wz-other"])
            await post("admin", `/api/v1/linkage/pools/${code}/deposits`, {
              on,
              amount: `${1000 + i * 10 + k}.00`,
              source: `市级财政${i}-${k}`
            })
      const expected = await listRows("viewer", "/api/v1/linkage/pools/wz-keyset/deposits", "")
      expect(expected.length).toBe(15)
      for (const size of [4, 5]) {
        const csv = await text(
          await smallPages(size).request("/api/v1/linkage/pools/wz-keyset/deposits/export.csv")
        )
        const ids = parseCsv(csv.slice(1))
          .slice(1)
          .map((row) => Number(row[0]))
        expect(ids, `pages of ${size}`).toEqual(expected.map((item: Json) => item.id))
      }
      // The pools' own list (ordered by code, then id) by keyset too, one pool a page.
      const pools = await listRows("viewer", "/api/v1/linkage/pools", "")
      const xlsx = await readXlsx(await smallPages(1).request("/api/v1/linkage/pools/export.xlsx"))
      expect(xlsx.rows.slice(1).map((row) => row[0])).toEqual(pools.map((item: Json) => item.id))
      // An unknown pool is the list's 404, before any byte.
      expect((await smallPages(4).request("/api/v1/linkage/pools/wz-none/deposits/export.csv")).status).toBe(
        404
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

  it("every list has a CSV and an XLSX export, each documented", () => {
    const exports = listExports(modules).map((e) => e.path)
    const paths = Object.keys(openApiDocument().paths)
    for (const op of lists)
      for (const format of ["csv", "xlsx"]) {
        const path = `${op.http?.path}/export.${format}`
        expect(exports).toContain(path)
        expect(paths).toContain(path)
      }
  })

  const tables = operations.filter((op) => tableItemOf(op) !== undefined)

  it("finds the tables: the breakdown, the monthly series, the journey and the targets; each exported and documented", () => {
    expect(tables.map((op) => op.name)).toEqual(
      expect.arrayContaining([
        "pledges.breakdown",
        "pledges.monthly",
        "registry.journey",
        "targets.progress",
        "funds.groups"
      ])
    )
    const exports = listExports(modules).map((e) => e.path)
    const paths = Object.keys(openApiDocument().paths)
    for (const op of tables)
      for (const format of ["csv", "xlsx"]) {
        const path = `${op.http?.path}/export.${format}`
        expect(exports).toContain(path)
        expect(paths).toContain(path)
      }
    // A declared table is an array of the read's answer, never a list's page.
    for (const op of tables) expect(listItemOf(op), op.name).toBeUndefined()
  })

  it("a read declaring several tables exports each at its own path, each documented under its own name", () => {
    const cityFund = listOp("funds.cityFund")
    expect(exportTablesOf(cityFund)).toEqual([
      "subFunds",
      "directInvestments.byTechCategory",
      "directInvestments.projects"
    ])
    const document = openApiDocument()
    const ids = ["", "/byTechCategory", "/projects"].flatMap((table) =>
      ["csv", "xlsx"].map((format) => {
        const at = `/api/v1/city-fund/export${table}.${format}`
        expect(listExports(modules).map((e) => e.path)).toContain(at)
        return document.paths[at]?.get?.operationId
      })
    )
    expect(ids).toEqual([
      "exportGetCityFundKpisCsv",
      "exportGetCityFundKpisXlsx",
      "exportGetCityFundKpisByTechCategoryCsv",
      "exportGetCityFundKpisByTechCategoryXlsx",
      "exportGetCityFundKpisProjectsCsv",
      "exportGetCityFundKpisProjectsXlsx"
    ])
    // Another table's rows are its own: no total row, its own columns.
    expect(exportColumns(tableView(cityFund, "directInvestments.projects")).map((c) => c.key)).toEqual([
      "enterprise.uscc",
      "enterprise.name",
      "year",
      "on",
      "techCategory",
      "qualifying",
      "amount"
    ])
  })

  it("every linkage list is read by keyset for its exports", () => {
    const linkage = lists.filter((op) => op.http?.path.startsWith("/api/v1/linkage/"))
    expect(linkage.length).toBeGreaterThanOrEqual(10)
    expect(linkage.filter((op) => op.keyset === undefined).map((op) => op.name)).toEqual([])
  })

  it("every column of every list and table has a Chinese and an English header", () => {
    // Every table a read declares (a read's other tables too, `export/<table>`), as its export reads it.
    const declared = listExports(modules).flatMap((e) => (e.format === "csv" ? [e.op] : []))
    const missing = [...lists, ...declared].flatMap((op) =>
      exportColumns(op).flatMap((column) =>
        column.label !== undefined && column.label.zh.trim() !== "" && column.label.en.trim() !== ""
          ? []
          : [`${op.name}: ${column.key}`]
      )
    )
    expect(missing).toEqual([])
    for (const op of lists) expect(exportColumns(op).length, op.name).toBeGreaterThan(2)
  })

  it("every choice column of every declared export writes its label, not its word, in both languages, and the import reads the label back", () => {
    // The choice columns, from the declarations: every leaf of an export's rows that is a choice of words.
    const choiceColumns = listExports(modules).flatMap(({ op, format }) =>
      leavesOf(exportItemOf(op)!).flatMap((leaf) =>
        leaf.literals === undefined ? [] : [{ op, format, key: leaf.path.join("."), words: leaf.literals }]
      )
    )
    expect(choiceColumns.length).toBeGreaterThanOrEqual(60)
    expect(choiceColumns.map((c) => `${c.op.name} ${c.key}`)).toEqual(
      expect.arrayContaining([
        "pledges.list status",
        "pledges.list pledgor.size",
        "pledges.list pledgee.kind",
        "registry.institutionPage kind",
        "funds.ledger kind",
        "linkage.loans status"
      ])
    )
    const unlabelled: Array<string> = []
    for (const { op, format, key, words } of choiceColumns) {
      const column = exportColumns(op).find((c) => c.key === key)!
      const choices = exportChoices(op)
      for (const word of words)
        for (const lang of ["zh", "en"] as const) {
          // A row holding the word, as the export writes its cell.
          const row = {}
          column.path.reduce<Record<string, unknown>>((at, name, i) => {
            at[name] = i === column.path.length - 1 ? word : {}
            return at[name] as Record<string, unknown>
          }, row)
          const value = cellOf(row, column)
          const cell =
            format === "csv"
              ? csvText(value, column, lang, choices.get(key))
              : xlsxValue(value, column, lang, choices.get(key))
          if (typeof cell !== "string" || cell === word || cell.trim() === "")
            unlabelled.push(`${op.name} ${format} ${key}=${word} (${lang}): ${String(cell)}`)
          else expect(wordCell(words, cell), `${op.name} ${key} ${cell}`).toEqual({ ok: true, value: word })
        }
    }
    expect(unlabelled).toEqual([])
  })

  it("money is a number only when a double holds it exactly (at most 15 significant digits)", () => {
    expect(exactNumber("1234567890123.45")).toBe(1234567890123.45)
    expect(exactNumber("-0.05")).toBe(-0.05)
    expect(exactNumber("0.00")).toBe(0)
    expect(exactNumber("12345678901234.56")).toBeUndefined()
  })
})
