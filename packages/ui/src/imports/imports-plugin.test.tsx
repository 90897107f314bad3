import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type Actor, type Kejin, openKejin, rowsFromBytes } from "@kejin/core"
import { matchHeaders } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { equityChainPlugin } from "../equity/equity-chain-plugin.js"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { importsPlugin } from "./imports-plugin.js"
import { IMPORT_UPLOAD_BYTES } from "./upload.js"
import { countLabels, modeLabels, typeLabels, words } from "./vocabulary.js"

const bureau: Actor = { id: "wang.ke", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const manager: Actor = { id: "li.na", role: "fund-manager", funds: ["wz-angel-1"] }

const sample = readFileSync(
  fileURLToPath(new URL("../../../../examples/pledges-sample.csv", import.meta.url))
)
const SAMPLE = { name: "pledges-sample.csv", bytes: new Uint8Array(sample) }
/** A fourth row whose amount has a tenth of a fen: the engine refuses it. */
const badRow =
  "Y2025330000509,91330302MA2A1B3C4T,温州瓯江激光科技有限公司,330302,温州银行,ZL201710601862.3,12.345,2025-04-01\n"
const WITH_BAD = {
  name: "pledges-bad.csv",
  bytes: new Uint8Array(Buffer.concat([sample, Buffer.from(badRow)]))
}

/** The header row of a CSV. */
const csvHeader = async (bytes: Uint8Array): Promise<Array<string>> => {
  const { rows } = await rowsFromBytes(bytes, "template.csv")
  for await (const row of rows) return row.cells.map((cell) => String(cell ?? ""))
  return []
}

/** The count `status` of a check's answer. */
const count = (html: string, status: string): number => {
  const found = new RegExp(`<dd data-count="${status}">(\\d+)</dd>`).exec(html)
  if (found === null) throw new Error(`no count ${status} in ${html}`)
  return Number(found[1])
}

/** The columns' choices of a check's answer: position → the file's header and the field chosen for it. */
const choicesOf = (html: string): Map<number, { header: string; field: string }> => {
  const choices = new Map<number, { header: string; field: string }>()
  for (const m of html.matchAll(/<input type="hidden" name="header\.(\d+)" value="([^"]*)"/g)) {
    const index = Number(m[1])
    const select = new RegExp(
      `<select id="import-map-${index}" name="map\\.${index}">([\\s\\S]*?)</select>`
    ).exec(html)?.[1]
    const field = select === undefined ? undefined : /<option value="([^"]*)" selected=""/.exec(select)?.[1]
    choices.set(index, { header: m[2]!, field: field ?? "" })
  }
  return choices
}

/** The choices as the form posts them back. */
const choiceFields = (choices: Map<number, { header: string; field: string }>): Record<string, string> =>
  Object.fromEntries(
    [...choices].flatMap(([i, c]) => [
      [`header.${i}`, c.header],
      [`map.${i}`, c.field]
    ])
  )

describe("the import pages", () => {
  let database: TestDatabase
  let kejin: Kejin
  const { appAs, get } = dashboardClient(() => kejin, [patentPledgePlugin, equityChainPlugin, importsPlugin])
  const pledgeCount = async () => (await kejin.pledges.list({ limit: 1 })).total

  /** Posts the upload form (multipart, as the browser does) with `file` and `fields`. */
  const upload = async (
    actor: Actor,
    path: string,
    file: { name: string; bytes: Uint8Array } | undefined,
    fields: Record<string, string> = {},
    htmx = true
  ) => {
    const body = new FormData()
    body.set("_csrf", "t")
    if (file !== undefined) body.set("file", new File([file.bytes], file.name))
    for (const [name, value] of Object.entries(fields)) body.set(name, value)
    const response = await appAs(actor).request(path, {
      method: "POST",
      body,
      headers: htmx ? { "HX-Request": "true" } : {}
    })
    return { status: response.status, headers: response.headers, response }
  }
  const uploadHtml = async (...args: Parameters<typeof upload>) => {
    const { status, headers, response } = await upload(...args)
    return { status, headers, html: await response.text() }
  }

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("has every word in Chinese and in English", () => {
    for (const table of [words, modeLabels, countLabels, typeLabels])
      for (const [key, text] of Object.entries(table)) {
        expect(text.zh.trim(), key).not.toBe("")
        expect(text.en.trim(), key).not.toBe("")
      }
  })

  it("shows a kind's page: its title, its columns in the page's language, the templates and the form", async () => {
    const kind = kejin.imports.kinds().find((k) => k.kind === "pledges")!
    const { status, html } = await get(bureau, "/imports/pledges")
    expect(status).toBe(200)
    expect(html).toContain("导入：登记专利质押融资")
    for (const col of kind.columns) {
      expect(html).toContain(`<tr data-column="${col.key}"><th scope="row">${col.label.zh}</th>`)
    }
    expect(html).toContain('href="/imports/pledges/template.xlsx"')
    expect(html).toContain('href="/imports/pledges/template.csv"')
    expect(html).toContain('enctype="multipart/form-data"')
    expect(html).toContain('<input type="file" id="import-file" name="file"')
    expect(html).toContain('name="sheet"')
    expect(html).toContain('<input type="radio" name="mode" value="all-or-nothing" checked=""')
    expect(html).toContain("仅导入有效行")
    expect(html).toContain('hx-post="/imports/pledges/check"')

    const en = await get(bureau, "/imports/pledges?lang=en")
    expect(en.html).toContain("Import: Record a patent pledge loan")
    expect(en.html).toContain('<th scope="row">Registration no.</th>')
    expect(en.html).not.toContain("登记号")
    expect(en.html).toContain('hx-post="/imports/pledges/check?lang=en"')
    expect(en.html).toContain('href="/imports/pledges/template.csv?lang=en"')
  })

  it("gives templates whose header row is the kind's column labels, read back as every column", async () => {
    const kind = kejin.imports.kinds().find((k) => k.kind === "pledges")!
    const csv = await appAs(bureau).request("/imports/pledges/template.csv")
    expect(csv.status).toBe(200)
    expect(csv.headers.get("content-type")).toContain("text/csv")
    const header = await csvHeader(new Uint8Array(await csv.arrayBuffer()))
    expect(header).toEqual(kind.columns.map((c) => c.label.zh))
    const match = matchHeaders(kind.columns, header)
    expect(match.matched.map((m) => m.column.key)).toEqual(kind.columns.map((c) => c.key))
    expect(match.unknown).toEqual([])

    const en = await appAs(bureau).request("/imports/pledges/template.csv?lang=en")
    expect(await csvHeader(new Uint8Array(await en.arrayBuffer()))).toEqual(
      kind.columns.map((c) => c.label.en)
    )

    const xlsx = await appAs(bureau).request("/imports/pledges/template.xlsx")
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    expect(xlsx.headers.get("content-disposition")).toContain("attachment")
    const bytes = new Uint8Array(await xlsx.arrayBuffer())
    expect(Buffer.from(bytes.subarray(0, 2)).toString("latin1")).toBe("PK")
  })

  it("checks the sample: the columns as detected, the first rows, 3 ok, and nothing written", async () => {
    const { status, html } = await uploadHtml(bureau, "/imports/pledges/check", SAMPLE)
    expect(status).toBe(200)
    expect(count(html, "rows")).toBe(3)
    expect(count(html, "ok")).toBe(3)
    expect(count(html, "error")).toBe(0)
    expect([...choicesOf(html).values()]).toEqual([
      { header: "登记号", field: "registrationNo" },
      { header: "统一社会信用代码", field: "pledgor.uscc" },
      { header: "出质人", field: "pledgor.name" },
      { header: "区县代码", field: "pledgor.district" },
      { header: "质权人", field: "pledgee.name" },
      { header: "专利号", field: "patents" },
      { header: "金额", field: "amount" },
      { header: "登记日期", field: "registeredOn" }
    ])
    expect(html).not.toContain('data-unknown="true"')
    // The preview: each row with its status and cells.
    expect(html).toContain('<tr data-row="2" data-status="ok">')
    expect(plainText(html)).toContain("Y2025330000501")
    expect(html).toContain('formaction="/imports/pledges/report"')
    expect(html).toContain('hx-post="/imports/pledges/commit"')
    expect(plainText(html)).toContain("确认导入")
    expect(plainText(html)).toContain("下载报告 (Excel)")
    expect(await pledgeCount()).toBe(0)
  })

  it("takes the edited columns back: a column set to 不导入 changes the result, an unknown one is marked", async () => {
    const first = await uploadHtml(bureau, "/imports/pledges/check", SAMPLE)
    const choices = choicesOf(first.html)
    choices.set(6, { header: "金额", field: "" })
    const edited = await uploadHtml(bureau, "/imports/pledges/check", SAMPLE, choiceFields(choices))
    expect(edited.status).toBe(200)
    expect(count(edited.html, "ok")).toBe(0)
    expect(count(edited.html, "error")).toBe(3)
    expect(choicesOf(edited.html).get(6)).toEqual({ header: "金额", field: "" })
    expect(edited.html).toContain('<tr data-row="2" data-status="error">')
    expect(edited.html).toContain("金额(元)")
    expect(await pledgeCount()).toBe(0)

    // A column no field answers to: marked, left out, and the rest still read.
    const renamed = {
      name: "renamed.csv",
      bytes: new Uint8Array(Buffer.from(sample.toString("utf8").replace("质权人", "放款机构名称")))
    }
    const unknown = await uploadHtml(bureau, "/imports/pledges/check", renamed)
    expect(unknown.html).toContain('<tr data-header="放款机构名称" data-unknown="true">')
    expect(plainText(unknown.html)).toContain("未识别的列")
    expect(count(unknown.html, "error")).toBe(3)
    // Mapped by hand, the rows pass.
    const fixed = choicesOf(unknown.html)
    fixed.set(4, { header: "放款机构名称", field: "pledgee.name" })
    const mapped = await uploadHtml(bureau, "/imports/pledges/check", renamed, choiceFields(fixed))
    expect(count(mapped.html, "ok")).toBe(3)
  })

  it("lists the rows in error with the field and the reason, in the page's language", async () => {
    const zh = await uploadHtml(bureau, "/imports/pledges/check", WITH_BAD)
    expect(count(zh.html, "ok")).toBe(3)
    expect(count(zh.html, "error")).toBe(1)
    const row = /<tr data-row="5" data-status="error">([\s\S]*?)<\/tr>/.exec(
      zh.html.slice(zh.html.indexOf("import-problems-table"))
    )?.[1]
    expect(plainText(row ?? "")).toMatch(/^5 错误 金额 /)
    expect(plainText(zh.html)).toContain("有错误或冲突的行")
    const en = await uploadHtml(bureau, "/imports/pledges/check?lang=en", WITH_BAD)
    expect(plainText(en.html)).toContain("Errors")
    expect(en.html).not.toContain("有问题的行")
  })

  it("imports in one journal entry, with kejin-changed; the same file again is identical", async () => {
    const done = await uploadHtml(bureau, "/imports/pledges/commit", SAMPLE)
    expect(done.status).toBe(200)
    expect(done.headers.get("HX-Trigger")).toBe("kejin-changed")
    expect(plainText(done.html)).toContain("已导入 3 行。")
    expect(done.html).toContain('<a href="/pledges" data-import-list="true">质押登记</a>')
    expect(await pledgeCount()).toBe(3)
    const { items } = await kejin.journal.search({ command: "imports.pledges" })
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      actor: bureau.id,
      payload: { kind: "pledges", rows: 3, file: "pledges-sample.csv", mode: "all-or-nothing" }
    })
    expect(done.html).toContain(`#${items[0]!.seq}`)

    const again = await uploadHtml(bureau, "/imports/pledges/commit", SAMPLE)
    expect(again.status).toBe(200)
    expect(again.headers.get("HX-Trigger")).toBeNull()
    expect(plainText(again.html)).toContain("没有新的记录")
    expect(count(again.html, "identical")).toBe(3)
    expect(await pledgeCount()).toBe(3)
    expect((await kejin.journal.search({ command: "imports.pledges" })).items).toHaveLength(1)
  })

  it("refuses a file with a bad row all or nothing, and records the valid rows with 仅导入有效行", async () => {
    const refused = await uploadHtml(bureau, "/imports/pledges/commit", WITH_BAD)
    expect(refused.status).toBe(200)
    expect(refused.headers.get("HX-Trigger")).toBeNull()
    expect(plainText(refused.html)).toContain("未导入：有错误或冲突的行")
    expect(await pledgeCount()).toBe(0)
    const some = await uploadHtml(bureau, "/imports/pledges/commit", WITH_BAD, { mode: "skip-invalid" })
    expect(plainText(some.html)).toContain("已导入 3 行。")
    expect(some.html).toContain('<tr data-row="5" data-status="error">')
    expect(await pledgeCount()).toBe(3)
  })

  it("answers the report: the file back as .xlsx with the rows' status", async () => {
    const { status, headers, response } = await upload(bureau, "/imports/pledges/report", WITH_BAD, {}, false)
    expect(status).toBe(200)
    expect(headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    expect(headers.get("content-disposition")).toContain("pledges-bad-")
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(Buffer.from(bytes.subarray(0, 2)).toString("latin1")).toBe("PK")
    expect(await pledgeCount()).toBe(0)
  })

  it("answers a whole page to a browser without JavaScript", async () => {
    const { status, html } = await uploadHtml(bureau, "/imports/pledges/check", SAMPLE, {}, false)
    expect(status).toBe(200)
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(html).toContain('<form id="import-form"')
    expect(count(html, "ok")).toBe(3)
  })

  it("says clearly what is wrong with a file that is not a spreadsheet, too large or missing, and writes nothing", async () => {
    const pdf = { name: "notes.pdf", bytes: new Uint8Array(Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n")) }
    for (const step of ["check", "commit"]) {
      const { status, html } = await uploadHtml(bureau, `/imports/pledges/${step}`, pdf)
      expect(status).toBe(422)
      expect(html).toContain('data-import-stop="422"')
      expect(plainText(html)).toContain("未写入任何数据。")
    }
    const xlsx = {
      name: "notes.xlsx",
      bytes: new Uint8Array(Buffer.from("just some words, not a workbook\n"))
    }
    expect((await uploadHtml(bureau, "/imports/pledges/commit", xlsx)).status).toBe(422)

    const big = { name: "big.csv", bytes: new Uint8Array(IMPORT_UPLOAD_BYTES + 1) }
    const large = await uploadHtml(bureau, "/imports/pledges/check", big)
    expect(large.status).toBe(413)
    expect(plainText(large.html)).toContain("文件超过 20 MB")
    const none = await uploadHtml(bureau, "/imports/pledges/check", undefined)
    expect(none.status).toBe(400)
    expect(plainText(none.html)).toContain("请选择要上传的文件。")
    const empty = await uploadHtml(bureau, "/imports/pledges/check", {
      name: "empty.csv",
      bytes: new Uint8Array()
    })
    expect(empty.status).toBe(422)
    expect(await pledgeCount()).toBe(0)
    expect((await kejin.journal.search({ command: "imports.pledges" })).items).toHaveLength(0)
  })

  it("is for those who may write the kind: 403 for a viewer, 404 for no such kind", async () => {
    expect((await get(viewer, "/imports/pledges")).status).toBe(403)
    expect(plainText((await get(viewer, "/imports/pledges")).html)).toContain("您的角色无权导入此类数据。")
    expect((await get(viewer, "/imports/pledges/template.csv")).status).toBe(403)
    expect((await upload(viewer, "/imports/pledges/check", SAMPLE)).status).toBe(403)
    expect((await upload(viewer, "/imports/pledges/commit", SAMPLE)).status).toBe(403)
    expect(await pledgeCount()).toBe(0)
    expect((await get(viewer, "/imports")).status).toBe(403)
    expect((await get(manager, "/imports/pledges")).status).toBe(403)
    expect((await get(manager, "/imports/commitments")).status).toBe(200)
    expect((await get(bureau, "/imports/no-such-kind")).status).toBe(404)
  })

  it("lists on /imports the kinds the actor may import, linked from the header for writers", async () => {
    const mine = await get(manager, "/imports")
    expect(mine.status).toBe(200)
    expect(mine.html).toContain('<li data-kind="commitments"><a href="/imports/commitments">认缴</a>')
    expect(mine.html).not.toContain('data-kind="pledges"')
    expect(mine.html).toContain('<a href="/imports">导入</a>')
    const all = await get(bureau, "/imports")
    expect(all.html).toContain('data-kind="pledges"')
    expect(all.html).not.toContain('data-kind="commitments"')
    expect((await get(viewer, "/pledges")).html).not.toContain('<a href="/imports">')
  })

  it("links the registrations page to the pledges' import for those who may write", async () => {
    const { html } = await get(bureau, "/pledges")
    expect(html).toContain('<a href="/imports/pledges" data-import="pledges">导入 Excel/CSV</a>')
    expect((await get(bureau, "/pledges?lang=en")).html).toContain(
      '<a href="/imports/pledges?lang=en" data-import="pledges">Import Excel/CSV</a>'
    )
    expect((await get(viewer, "/pledges")).html).not.toContain("data-import=")
  })

  it("offers the fund's manager a menu of the ledger's imports on the fund page", async () => {
    const { id } = await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江天使投资管理" })
    await kejin.funds.create({
      code: "wz-angel-1",
      name: "瓯江天使基金",
      kind: "chain",
      chainStage: "angel",
      manager: id,
      targetSize: "50000000.00",
      vintage: "2025-01-01",
      district: "330302"
    })
    const { html } = await get(manager, "/funds/wz-angel-1")
    const menu = /<details class="import-menu"[\s\S]*?<\/details>/.exec(html)?.[0] ?? ""
    expect(plainText(menu)).toBe("导入 Excel/CSV 认缴 实缴 分配 净值 投资 估值 退出")
    expect(menu).toContain('<a href="/imports/commitments" data-import="commitments">认缴</a>')
    expect((await get(viewer, "/funds/wz-angel-1")).html).not.toContain("import-menu")
  })

  it("says in the page's language when no column names a field, and shows the columns to choose from", async () => {
    const other = { name: "other.csv", bytes: new Uint8Array(Buffer.from("甲,乙\n1,2\n")) }
    const { status, html } = await uploadHtml(bureau, "/imports/pledges/check?lang=en", other)
    expect(status).toBe(422)
    expect(plainText(html)).toContain("No column was recognised as a field of this kind")
    expect(html).toContain('<tr data-header="甲" data-unknown="true">')
    expect(html).toContain('<select id="import-map-1" name="map.1">')
  })
})
