import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type Actor, type Kejin, messageText, openKejin, rowsFromBytes } from "@kejin/core"
import { matchHeaders } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { equityChainPlugin } from "../equity/equity-chain-plugin.js"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { linkageRecordsPlugin } from "../records/records-plugin.js"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { importsPlugin } from "./imports-plugin.js"
import { importKindsOf, listOf } from "./links.js"
import { IMPORT_UPLOAD_BYTES, stopOf } from "./upload.js"
import { countLabels, modeLabels, typeLabels, unitLabels, words } from "./vocabulary.js"

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
    for (const table of [words, modeLabels, countLabels, typeLabels, unitLabels])
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
    // Why, worded from the catalogue (`file-unreadable` quoting the reason's code), in the page's language only.
    const reason = { reason: "", reasonCode: "file-format" }
    const zh = plainText((await uploadHtml(bureau, "/imports/pledges/check", pdf)).html)
    expect(zh).toContain(messageText("file-unreadable", reason, "zh"))
    expect(zh).toContain("无法读取文件：只能读取 .xlsx 和 .csv 文件（.xls 请在 Excel 中另存为 .xlsx）。")
    expect(zh).not.toContain("only .xlsx")
    const en = plainText((await uploadHtml(bureau, "/imports/pledges/check?lang=en", pdf)).html)
    expect(en).toContain(
      "The file cannot be read: only .xlsx and .csv files can be read (save an .xls as .xlsx)."
    )
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
    // The upload's refusals are the catalogue's sentences (`import-page-…`), in the page's language only.
    expect(plainText(large.html)).toContain(messageText("import-page-too-large", {}, "zh"))
    const noneEn = plainText((await uploadHtml(bureau, "/imports/pledges/check?lang=en", undefined)).html)
    expect(noneEn).toContain(messageText("import-page-no-file", {}, "en"))
    expect(noneEn).not.toContain(messageText("import-page-no-file", {}, "zh"))
    const empty = await uploadHtml(bureau, "/imports/pledges/check", {
      name: "empty.csv",
      bytes: new Uint8Array()
    })
    expect(empty.status).toBe(422)
    expect(await pledgeCount()).toBe(0)
    expect((await kejin.journal.search({ command: "imports.pledges" })).items).toHaveLength(0)
  })

  it("words the engine's refusal of a file in the page's language only", async () => {
    // The engine's file-level refusals are coded at their source: a Chinese page has no English in them.
    const refusal = await kejin.imports
      .run({ kind: "pledges", rows: (async function* () {})(), actor: bureau })
      .then(
        () => undefined,
        (error: unknown) => error
      )
    const stop = stopOf(refusal)
    expect(stop.issues).toEqual([{ zh: "文件中没有任何行", en: "the file has no rows" }])
    const mapped = await kejin.imports
      .run({
        kind: "pledges",
        rows: (await rowsFromBytes(sample, "p.csv")).rows,
        mapping: { columns: { 贷款行: "pledgee.nmae" } },
        actor: bureau
      })
      .then(
        () => undefined,
        (error: unknown) => error
      )
    const issues = stopOf(mapped).issues ?? []
    expect(issues.map((i) => i.zh)).toEqual(["此类数据没有字段“pledgee.nmae”", "文件中没有“贷款行”这一列"])
    for (const issue of issues) expect(issue.zh).not.toMatch(/[a-z]{3} [a-z]{3}/)
  })

  it("says a missing field is required in an English check, not Effect's Missing key", async () => {
    const header = sample.toString("utf8").split("\n")[0]!
    const missing = {
      name: "missing.csv",
      bytes: new Uint8Array(
        Buffer.from(
          `${header}\nY2025330000601,91330302MA2A1B3C4T,温州瓯江激光科技有限公司,330302,温州银行,ZL201710601862.3,,2025-04-01\n`
        )
      )
    }
    const en = plainText((await uploadHtml(bureau, "/imports/pledges/check?lang=en", missing)).html)
    expect(en).toContain("is required")
    expect(en).not.toContain("Missing key")
    const zh = plainText((await uploadHtml(bureau, "/imports/pledges/check", missing)).html)
    expect(zh).toContain("必填，未填写")
    // The report's reason column, as the sender gets it back in English.
    const report = await upload(bureau, "/imports/pledges/report?lang=en", missing, {}, false)
    expect(report.status).toBe(200)
    const { rows } = await rowsFromBytes(new Uint8Array(await report.response.arrayBuffer()), "r.xlsx")
    const cells: Array<string> = []
    for await (const row of rows) cells.push(...row.cells.map((c) => String(c ?? "")))
    expect(cells.some((c) => c.includes("is required"))).toBe(true)
    expect(cells.some((c) => c.includes("Missing key"))).toBe(false)
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
    expect(mine.html).toContain('<a href="/imports" aria-current="page">导入</a>')
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

  it("links each linkage list page to the imports of the writes whose forms it holds, and the funds list to the funds' import", async () => {
    const { get: getPage } = dashboardClient(
      () => kejin,
      [equityChainPlugin, linkageRecordsPlugin, importsPlugin]
    )
    const loans = await getPage(bureau, "/records/loans")
    expect(loans.status).toBe(200)
    const menu = /<details class="import-menu"[\s\S]*?<\/details>/.exec(loans.html)?.[0] ?? ""
    expect(plainText(menu)).toBe("导入 Excel/CSV 登记投贷联动贷款 登记科创指数贷")
    expect(menu).toContain('<a href="/imports/investment-loans" data-import="investment-loans">')
    const bonds = await getPage(bureau, "/records/bonds?lang=en")
    expect(bonds.html).toContain('<a href="/imports/bonds?lang=en" data-import="bonds">Import Excel/CSV</a>')
    // Nothing to record there (tier tables come from the scoring model), and nothing for a viewer.
    expect((await getPage(bureau, "/records/tier-tables")).html).not.toContain("data-import=")
    expect((await getPage(viewer, "/records/loans")).html).not.toContain("data-import=")
    const admin: Actor = { id: "root", role: "admin" }
    expect((await getPage(admin, "/funds")).html).toContain('<a href="/imports/funds" data-import="funds">')
    expect((await getPage(bureau, "/funds")).html).not.toContain("data-import=")
    // After an import, the list its rows joined.
    expect(listOf("investment-loans", "linkage.recordInvestmentLoan")).toEqual({
      href: "/records/loans",
      label: { zh: expect.any(String), en: expect.any(String) }
    })
    expect(listOf("enterprises", "registry.addEnterprise").href).toBe("/")
    expect(importKindsOf(kejin.imports.kinds(), ["linkage.recordPool", "linkage.recordDeposit"])).toEqual([
      "pools",
      "deposits"
    ])
  })

  it("reads a workbook from another writer (openpyxl) on the sheet asked for, after naming the first sheet it read", async () => {
    const fixture = readFileSync(
      fileURLToPath(new URL("../../../core/src/io/fixtures/pledges-openpyxl.xlsx", import.meta.url))
    )
    const file = { name: "银行报送.xlsx", bytes: new Uint8Array(fixture) }
    const first = await uploadHtml(bureau, "/imports/pledges/check", file)
    expect(first.status).toBe(422)
    expect(plainText(first.html)).toContain(
      "读取的是第一个工作表“说明”；数据在其他工作表时，请在“工作表”中填写"
    )
    const english = await uploadHtml(bureau, "/imports/pledges/check?lang=en", file)
    expect(plainText(english.html)).toContain("The first sheet, “说明”, was read")
    const second = await uploadHtml(bureau, "/imports/pledges/check", file, { sheet: "2" })
    expect(second.status).toBe(200)
    expect([count(second.html, "ok"), count(second.html, "error")]).toEqual([4, 2])
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

/** The mistakes listed above the mapping, each as its text (`field: reason`). */
const mistakesOf = (html: string): Array<string> =>
  [...html.matchAll(/<li data-error="[^"]*">([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, "").replace(/&#39;/g, "'")
  )

/** The attributes of a tag's text (`name="x" value="y" selected=""`). */
const attributesOf = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([a-zA-Z.:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))

/**
 * What the form of a step's answer posts back, as a browser would: the hidden fields, each select's chosen
 * option, the text and date inputs, a ticked checkbox. (No file: the caller posts it again.)
 */
const formFieldsOf = (html: string): Record<string, string> => {
  const fields: Record<string, string> = {}
  for (const [, tag] of html.matchAll(/<input ([^>]*)>/g)) {
    const a = attributesOf(tag!)
    if (a.name === undefined || a.name === "_csrf" || a.type === "file" || a.type === "radio") continue
    if (a.type === "checkbox") {
      if (a.checked !== undefined) fields[a.name] = "on"
    } else fields[a.name] = a.value ?? ""
  }
  for (const [, tag, options] of html.matchAll(/<select ([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attributesOf(tag!).name
    const chosen = /<option value="([^"]*)" selected=""/.exec(options!)?.[1]
    const first = /<option value="([^"]*)"/.exec(options!)?.[1]
    if (name !== undefined) fields[name] = chosen ?? first ?? ""
  }
  return fields
}

/**
 * A bank's own layout: only 出质人, 区县代码 and 专利号 name a field as they stand; the amounts are in 万元
 * under a header that does not say so.
 */
const bankFile = (name: string, header: string, rows: ReadonlyArray<string>) => ({
  name,
  bytes: new Uint8Array(Buffer.from(`${[header, ...rows].join("\n")}\n`))
})
const BANK_HEADER = "编号,企业代码,出质人,区县代码,放款机构名称,专利号,授信额度,日期"
const BANK_FIRST = bankFile("ruian-2025-03.csv", BANK_HEADER, [
  "Y2025330000601,91330302MA2A1B3C4T,温州瓯江激光科技有限公司,330302,瑞安农商银行,ZL201710601862.3,1200,2025-03-14",
  "Y2025330000602,91330381MA2D5E6F72,瑞安华联汽车零部件有限公司,330381,瑞安农商银行,ZL201810765432.X,250.5,2025-05-20"
])
/** The same bank's next file: its columns in another order. */
const BANK_NEXT = bankFile(
  "ruian-2025-04.csv",
  "编号,出质人,企业代码,区县代码,放款机构名称,专利号,授信额度,日期",
  [
    "Y2025330000603,乐清正泰电气股份有限公司,91330382MA2G8H9J1N,330382,瑞安农商银行,201910234567.8,80,2025-09-01"
  ]
)
const BANK = "瑞安农商银行"

for (const dialect of testDialects()) {
  describe(`the import pages' mapping on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { appAs, get } = dashboardClient(() => kejin, [patentPledgePlugin, importsPlugin])

    const uploadHtml = async (
      path: string,
      file: { name: string; bytes: Uint8Array },
      fields: Record<string, string> = {}
    ) => {
      const body = new FormData()
      body.set("_csrf", "t")
      body.set("file", new File([file.bytes], file.name))
      for (const [name, value] of Object.entries(fields)) body.set(name, value)
      const response = await appAs(bureau).request(path, {
        method: "POST",
        body,
        headers: { "HX-Request": "true" }
      })
      return { status: response.status, headers: response.headers, html: await response.text() }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("maps by hand a file whose headers are not recognised, with a unit and values for every row; imports it and saves the mapping for the source", async () => {
      // The first check: five columns unknown, so every row is missing its fields.
      const first = await uploadHtml("/imports/pledges/check", BANK_FIRST, { source: BANK })
      expect(first.status).toBe(200)
      for (const header of ["编号", "企业代码", "放款机构名称", "授信额度", "日期"])
        expect(first.html).toContain(`<tr data-header="${header}" data-unknown="true">`)
      expect(count(first.html, "ok")).toBe(0)
      expect(first.html).toContain('data-saved-mapping="none"')
      expect(plainText(first.html)).toContain(`尚无为“${BANK}”保存的列对应`)

      // Each unknown column given its field: read, amounts as yuan (the header does not say 万元).
      const mapped = await uploadHtml("/imports/pledges/check", BANK_FIRST, {
        ...formFieldsOf(first.html),
        source: BANK,
        "map.0": "registrationNo",
        "map.1": "pledgor.uscc",
        "map.4": "pledgee.name",
        "map.6": "amount",
        "map.7": "registeredOn"
      })
      expect(count(mapped.html, "ok")).toBe(2)
      const afterMap = formFieldsOf(mapped.html)
      expect(afterMap["map.6"]).toBe("amount")
      expect(afterMap["unit.6"]).toBe("yuan")
      // The fields the file lacks, each with a value for every row: a choice in the page's words.
      expect(mapped.html).toContain('<tr data-constant="pledgee.kind">')
      expect(mapped.html).toContain('<option value="guarantor">融资担保机构</option>')
      expect(mapped.html).not.toContain('data-constant="amount"')

      // 万元 for the amounts, 银行 and 小型 for every row, and saved with the import.
      const fields = {
        ...afterMap,
        source: BANK,
        "unit.6": "wan",
        "const.pledgee.kind": "bank",
        "const.pledgor.size": "small"
      }
      const checked = await uploadHtml("/imports/pledges/check", BANK_FIRST, fields)
      expect(count(checked.html, "ok")).toBe(2)
      expect(formFieldsOf(checked.html)["unit.6"]).toBe("wan")
      expect(formFieldsOf(checked.html)["const.pledgee.kind"]).toBe("bank")
      expect(await pledgeCount()).toBe(0)
      expect(await kejin.imports.mapping("pledges", BANK)).toBeUndefined()

      const done = await uploadHtml("/imports/pledges/commit", BANK_FIRST, {
        ...formFieldsOf(checked.html),
        source: BANK,
        saveMapping: "on"
      })
      expect(done.status).toBe(200)
      expect(plainText(done.html)).toContain("已导入 2 行。")
      const saves = (await kejin.journal.search({ command: "imports.saveMapping" })).items
      expect(saves).toHaveLength(1)
      expect(saves[0]).toMatchObject({ actor: bureau.id })
      expect(done.html).toContain(`data-mapping-saved="${saves[0]!.seq}"`)
      expect(plainText(done.html)).toContain(`已保存“${BANK}”的列对应（日志条目 #${saves[0]!.seq}）`)
      // Saved: the columns the headers alone would not read so, the unit, the values.
      expect((await kejin.imports.mapping("pledges", BANK))?.mapping).toEqual({
        columns: {
          编号: "registrationNo",
          企业代码: "pledgor.uscc",
          放款机构名称: "pledgee.name",
          授信额度: "amount",
          日期: "registeredOn"
        },
        constants: { "pledgee.kind": "bank", "pledgor.size": "small" },
        units: { amount: "wan" }
      })
      // Recorded as mapped: 1200 万元 and 250.5 万元, a bank, a small enterprise.
      const stored = await kejin.pledges.list({ limit: 10 })
      expect(stored.total).toBe(2)
      const byNo = new Map(stored.items.map((p) => [p.registrationNo, p]))
      expect(byNo.get("Y2025330000601")?.amount.toFixed(2)).toBe("12000000.00")
      expect(byNo.get("Y2025330000602")?.amount.toFixed(2)).toBe("2505000.00")
      expect(byNo.get("Y2025330000601")).toMatchObject({
        pledgee: { name: BANK, kind: "bank" },
        pledgor: { size: "small" }
      })
    })

    it("reads the source's next file with its saved mapping from the first check, and says so", async () => {
      await kejin.imports.saveMapping(
        {
          kind: "pledges",
          source: BANK,
          mapping: {
            columns: {
              编号: "registrationNo",
              企业代码: "pledgor.uscc",
              放款机构名称: "pledgee.name",
              授信额度: "amount",
              日期: "registeredOn",
              // A column this file does not have: left out, the rest still read.
              经办人: null
            },
            constants: { "pledgee.kind": "bank" },
            units: { amount: "wan" }
          }
        },
        { actor: bureau }
      )
      const seq = (await kejin.imports.mapping("pledges", BANK))!.journalSeq
      const page = await get(bureau, "/imports/pledges")
      expect(page.html).toContain(
        `<datalist id="import-sources"><option value="${BANK}"></option></datalist>`
      )

      const check = await uploadHtml("/imports/pledges/check", BANK_NEXT, { source: BANK })
      expect(check.status).toBe(200)
      expect(count(check.html, "ok")).toBe(1)
      expect(check.html).toContain('data-saved-mapping="used"')
      expect(plainText(check.html)).toContain(`已使用为“${BANK}”保存的列对应（日志条目 #${seq}）。`)
      const fields = formFieldsOf(check.html)
      expect(fields).toMatchObject({
        "map.0": "registrationNo",
        "map.1": "pledgor.name",
        "map.2": "pledgor.uscc",
        "map.6": "amount",
        "unit.6": "wan",
        "const.pledgee.kind": "bank",
        "mapping.source": BANK
      })
      // Changed by hand, it differs from the saved one, and the page says that instead.
      const changed = await uploadHtml("/imports/pledges/check", BANK_NEXT, {
        ...fields,
        source: BANK,
        "unit.6": "yuan"
      })
      expect(changed.html).toContain('data-saved-mapping="differs"')
      // Choices drawn for no source, then the source given: its saved mapping is used, not those choices.
      const plain = await uploadHtml("/imports/pledges/check", BANK_NEXT)
      expect(count(plain.html, "ok")).toBe(0)
      const again = await uploadHtml("/imports/pledges/check", BANK_NEXT, {
        ...formFieldsOf(plain.html),
        source: BANK
      })
      expect(count(again.html, "ok")).toBe(1)
      expect(again.html).toContain('data-saved-mapping="used"')
      // Confirmed straight after changing the source, nothing is recorded: the file is checked again.
      const changedThenConfirmed = await uploadHtml("/imports/pledges/commit", BANK_NEXT, {
        ...formFieldsOf(plain.html),
        source: BANK
      })
      expect(changedThenConfirmed.html).toContain("data-source-changed")
      expect(plainText(changedThenConfirmed.html)).toContain("来源已更改，未导入任何数据")
      expect(count(changedThenConfirmed.html, "ok")).toBe(1)
      expect(changedThenConfirmed.html).toContain('data-saved-mapping="used"')
      expect(changedThenConfirmed.headers.get("HX-Trigger")).toBeNull()
      expect(await pledgeCount()).toBe(0)

      // Imported with the same mapping ticked to be saved: nothing new to save.
      const done = await uploadHtml("/imports/pledges/commit", BANK_NEXT, {
        ...fields,
        source: BANK,
        saveMapping: "on"
      })
      expect(plainText(done.html)).toContain("已导入 1 行。")
      expect(done.html).toContain('data-mapping-saved="same"')
      expect((await kejin.journal.search({ command: "imports.saveMapping" })).items).toHaveLength(1)
      const [stored] = (await kejin.pledges.list({ limit: 1 })).items
      expect(stored).toMatchObject({ registrationNo: "Y2025330000603", pledgee: { kind: "bank" } })
      expect(stored?.amount.toFixed(2)).toBe("800000.00")
    })

    it("names the field of each mistake in the mapping, in the page's language, and records nothing", async () => {
      const thousands = {
        name: "thousands.csv",
        bytes: new Uint8Array(
          Buffer.from(sample.toString("utf8").replace("金额", "金额(千元)").replace('"2,500万"', "25000"))
        )
      }
      const unit = await uploadHtml("/imports/pledges/check?lang=en", thousands)
      expect(unit.status).toBe(422)
      expect(unit.html).toContain('<li data-error="unit.6">')
      expect(mistakesOf(unit.html)).toEqual([
        "the unit of column “金额(千元)”: The unit the header names cannot be imported: choose the column's unit (yuan, 万元 or 亿元), or convert the amounts first."
      ])
      expect(unit.html).toContain('<option value="" selected="">Choose the unit…</option>')
      expect(unit.html).toContain('aria-describedby="import-unit-6-error"')
      // With the unit chosen the rows are read.
      const fixed = await uploadHtml("/imports/pledges/check?lang=en", thousands, {
        ...formFieldsOf(unit.html),
        "unit.6": "yuan"
      })
      expect(fixed.status).toBe(200)
      expect(count(fixed.html, "ok")).toBe(3)

      const base = formFieldsOf((await uploadHtml("/imports/pledges/check?lang=en", SAMPLE)).html)
      const wrong = await uploadHtml("/imports/pledges/check?lang=en", SAMPLE, {
        ...base,
        "map.1": "registrationNo",
        "const.debtTerm.start": "next Tuesday",
        "const.pledgee.name": "温州银行"
      })
      expect(wrong.status).toBe(422)
      const [taken, constant, date, ...more] = mistakesOf(wrong.html)
      expect(taken).toBe(
        "column “统一社会信用代码”: “Registration no.” is already imported from column “登记号”: choose another field or “Do not import”."
      )
      expect(constant).toMatch(/^Pledgee: A column of the file is imported as this field/)
      expect(date).toMatch(/^Debt term start: .*next Tuesday/)
      expect(more).toEqual([])
      // Shown as posted, each at its control.
      expect(formFieldsOf(wrong.html)["map.1"]).toBe("registrationNo")
      expect(formFieldsOf(wrong.html)["const.debtTerm.start"]).toBe("next Tuesday")
      expect(wrong.html).toContain('aria-describedby="import-map-1-error"')

      // Saving needs a source; a source is a short name.
      const noSource = await uploadHtml("/imports/pledges/commit", SAMPLE, { ...base, saveMapping: "on" })
      expect(noSource.status).toBe(422)
      expect(mistakesOf(noSource.html)).toEqual(["来源：要保存列对应，请填写来源。"])
      expect(noSource.html).toContain('<a href="#import-source">来源</a>')
      const long = await uploadHtml("/imports/pledges/commit", SAMPLE, {
        ...base,
        source: "银".repeat(101),
        "mapping.source": "银".repeat(101)
      })
      expect(long.status).toBe(422)
      expect(mistakesOf(long.html)).toEqual([
        "来源：来源名称须为 1 至 100 个字符，且不含控制字符或不可见字符。"
      ])
      expect(await pledgeCount()).toBe(0)
      expect((await kejin.journal.search({})).items).toHaveLength(0)
    })

    it("does not save the mapping when the import is refused", async () => {
      const fields = formFieldsOf((await uploadHtml("/imports/pledges/check", WITH_BAD)).html)
      const refused = await uploadHtml("/imports/pledges/commit", WITH_BAD, {
        ...fields,
        source: BANK,
        "mapping.source": BANK,
        saveMapping: "on"
      })
      expect(plainText(refused.html)).toContain("未导入：有错误或冲突的行")
      expect(refused.html).toContain('data-mapping-saved="no"')
      expect(await kejin.imports.mapping("pledges", BANK)).toBeUndefined()
    })

    const pledgeCount = async () => (await kejin.pledges.list({ limit: 1 })).total
  })
}
