import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type Kejin, openKejin, rowsFromBytes } from "@kejin/core"
import { exampleFundTerms, exampleTargetInput, leavesOf, recordListsOf } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import type { LocalizedText } from "@kejin/ui"
import ExcelJS from "exceljs"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { exampleFundInput, examplePledgeInput } from "../openapi/operations.js"
import { browserSession } from "../session.testing.js"
import { commandLabels, commandOperations } from "./commands.js"
import { labelOf } from "./content.js"
import { journalPages } from "./page.js"
import * as vocabulary from "./vocabulary.js"

const password = "a long enough password"
// 00:30 on 2 March in Wenzhou is still 1 March in UTC: the page and its filters speak Shanghai time.
const instant = "2026-03-01T16:30:00.000Z"

/** What a row shows without opening its disclosure, as text. */
const shown = (row: string) =>
  row
    .replace(/<details[\s\S]*?<\/details>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer())
const textOf = (bytes: Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)

describe("the audit journal's words", () => {
  it("has every word in Chinese and in English, and a name for every journal command", async () => {
    const all = [
      ...Object.entries(vocabulary.auditWords),
      ...Object.entries(vocabulary.otherCommandLabels),
      ...Object.entries(vocabulary.payloadFieldLabels),
      ...Object.values(vocabulary.payloadValueLabels).flatMap((words) => Object.entries(words)),
      ["importPrefix", vocabulary.importPrefix] as const,
      ...Object.entries(vocabulary.auditSentences).map(
        ([name, sentence]) =>
          [name, (sentence as (...args: Array<unknown>) => LocalizedText)(1, "x", 2)] as const
      )
    ]
    for (const [at, text] of all) {
      expect(/[\u4e00-\u9fff]/.test(text.zh), `${at}.zh`).toBe(true)
      expect(text.en.trim() !== "" && !/[\u4e00-\u9fff]/.test(text.en), `${at}.en`).toBe(true)
    }
    const database = await createTestDatabase("sqlite", { migrated: true })
    const kejin = await openKejin({ database: database.url })
    try {
      const labels = commandLabels(kejin)
      expect(labels.get("pledges.record")?.zh).toBe("登记专利质押融资")
      expect(labels.get("users.disable")?.zh).toBe("停用人员")
      expect(labels.get("imports.pledges")?.zh).toMatch(/^导入：/)
      for (const [command, label] of labels) {
        expect(/[\u4e00-\u9fff]/.test(label.zh), `${command}.zh`).toBe(true)
        expect(label.en.trim() !== "", `${command}.en`).toBe(true)
      }
    } finally {
      await kejin.close()
      await database.dispose()
    }
  })

  it("labels every field of every declared write's input in Chinese and in English, none by its key", () => {
    const unlabelled: Array<string> = []
    for (const op of commandOperations().values()) {
      // The paths /audit shows: the input's fields, each list of records and its records' fields.
      const paths = [
        ...leavesOf(op.input).map((leaf) => leaf.path),
        ...recordListsOf(op.input).flatMap((list) => [[list.key], ...list.leaves.map((leaf) => leaf.path)])
      ]
      for (const path of paths) {
        const label = labelOf(op.name, path)
        const at = `${op.name} ${path.join(".")}`
        if (label === undefined) unlabelled.push(at)
        else {
          expect(/[\u4e00-\u9fff]/.test(label.zh), `${at}.zh`).toBe(true)
          expect(label.en.trim() !== "" && !/[\u4e00-\u9fff]/.test(label.en), `${at}.en`).toBe(true)
        }
      }
    }
    expect(unlabelled).toEqual([])
  })
})

describe("/audit and its export", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>
  const { signIn } = browserSession(() => app, password)
  const get = (path: string, cookie = "") => app.request(path, { headers: cookie === "" ? {} : { cookie } })
  /** The newest /audit row of `command` (its HTML), the page in `lang` (`&lang=en`, or "" for Chinese). */
  const newestRow = async (command: string, lang: string, cookie: string) =>
    /<tr data-seq="\d+">([\s\S]*?)<\/tr>/.exec(
      await (await get(`/audit?command=${command}${lang}`, cookie)).text()
    )?.[1] ?? ""

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url, clock: { now: () => new Date(instant) } })
    app = createApp({ kejin, limits: { loginAttempts: 100 } })
    await kejin.accounts.addUser({ login: "admin", displayName: "管理员", role: "admin", password })
    await kejin.accounts.addUser({ login: "bureau", displayName: "王丽", role: "bureau", password })
    await kejin.pledges.record(examplePledgeInput, { actor: { id: "bureau", role: "bureau" } })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("is for administrators: 200, bureau 403, signed out to the sign-in page", async () => {
    expect((await get("/audit", (await signIn("admin")).cookie)).status).toBe(200)
    const bureau = await signIn("bureau")
    expect((await get("/audit", bureau.cookie)).status).toBe(403)
    expect((await get("/audit/export.csv", bureau.cookie)).status).toBe(403)
    expect((await get("/audit")).headers.get("location")).toBe("/login?next=%2Faudit")
    expect((await get("/audit/export.csv")).status).toBe(303)
  })

  it("names commands in Chinese and shows Shanghai times; filters by person, command and Shanghai day", async () => {
    const { cookie } = await signIn("admin")
    const page = await (await get("/audit", cookie)).text()
    expect(page).toMatch(/data-command="pledges.record" title="pledges.record">登记专利质押融资</)
    expect(page).toContain(">2026-03-02 00:30:00</time>")
    expect(page).toContain("时间（北京时间）")
    expect(page).toContain('<option value="pledges.record">登记专利质押融资</option>')
    expect(page).toContain('<option value="bureau">王丽 (bureau)</option>')
    const english = await (await get("/audit?lang=en", cookie)).text()
    expect(english).toContain(">Record a patent pledge loan<")
    expect(english).not.toContain("登记专利质押融资")

    const count = async (query: string) =>
      ((await (await get(`/audit?${query}`, cookie)).text()).match(/data-seq=/g) ?? []).length
    expect(await count("command=pledges.record")).toBe(1)
    expect(await count("command=users.add")).toBe(2)
    expect(await count("actor=bureau")).toBe(1)
    expect(await count("actor=bureau&command=users.add")).toBe(0)
    // The entry is of 2 March in Shanghai (1 March in UTC).
    expect(await count("command=pledges.record&from=2026-03-02&to=2026-03-02")).toBe(1)
    expect(await count("command=pledges.record&to=2026-03-01")).toBe(0)
    const kept = await (await get("/audit?command=pledges.record&from=2026-03-02", cookie)).text()
    expect(kept).toContain('<option value="pledges.record" selected="">')
    expect(kept).toContain('name="from" type="date" value="2026-03-02"')
    expect(kept).toContain('href="/audit/export.csv?command=pledges.record&amp;from=2026-03-02"')
  })

  it("shows an entry's content labelled in the page's language, money as money, the raw JSON kept under a disclosure", async () => {
    const { cookie } = await signIn("admin")
    const rowOf = async (lang: string) => {
      const page = await (await get(`/audit?command=pledges.record${lang}`, cookie)).text()
      const row = /<tr data-seq="\d+">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? ""
      return { row, shown: shown(row) }
    }
    const zh = await rowOf("")
    // Each field under the label the write's declaration gives it, in the order its form asks for them.
    expect(zh.shown).toContain(
      "登记专利质押融资 登记号 Y2025330000123 统一社会信用代码 91330302MA2AB1CD0P 出质人 温州瓯江光电科技有限公司"
    )
    expect(zh.shown).toContain("金额(元) 2,500万")
    expect(zh.shown).toContain("登记日期 2025-03-14")
    expect(zh.shown).not.toContain('{"')
    expect(zh.shown).not.toContain("{&quot;")
    expect(zh.row).toMatch(
      /<details class="journal-raw"><summary>原始 JSON<\/summary><code>\{&quot;amount&quot;:&quot;25000000.00&quot;/
    )
    // A command no operation declares (adding a person) is labelled by the audit's own words.
    const person = await (await get("/audit?command=users.add", cookie)).text()
    const personText = shown(person)
    expect(personText).toMatch(/登录名 (admin|bureau)/)
    expect(personText).toContain("角色 科技局")
    expect(personText).toContain("密码 （已散列，不记入日志）")
    const en = await rowOf("&lang=en")
    expect(en.shown).toContain("Registration no. Y2025330000123")
    expect(en.shown).toContain("Amount (CNY) 25 M")
    // No Chinese but the names typed in (the pledgor's, the bank's).
    expect(en.shown.replace(/温州瓯江光电科技有限公司|温州银行/g, "")).not.toMatch(/[\u4e00-\u9fff]/)
    expect(en.row).toContain("<summary>Raw JSON</summary>")
  })

  it("labels a fund's terms as their form does, the waterfall in the page's language, not by their keys", async () => {
    const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })).id
    await kejin.funds.create({ ...exampleFundInput, manager })
    await kejin.funds.terms.set({ fund: exampleFundInput.code, ...exampleFundTerms, waterfall: "american" })
    const { cookie } = await signIn("admin")
    const shownOf = async (lang: string) => shown(await newestRow("funds.terms.set", lang, cookie))
    const zh = await shownOf("")
    expect(zh).toContain("附带收益比例（如 0.2） 0.2")
    expect(zh).toContain("门槛收益率（年，如 0.08） 0.08")
    expect(zh).toContain("GP 追赶比例（1 为完全追赶，0 为无） 1")
    expect(zh).toContain("投资期管理费率（按认缴，年，如 0.02） 0.02")
    expect(zh).toContain("分配方式 逐笔分配（美式，含回拨）")
    for (const key of [
      "feeRateOnCommitment",
      "feeRateOnCost",
      "investmentPeriodEnd",
      "hurdle",
      "carry",
      "catchUp"
    ])
      expect(zh).not.toContain(`${key} `)
    expect(zh).not.toContain("american")
    const en = await shownOf("&lang=en")
    expect(en).toContain("Carry (0.2 = 20 %) 0.2")
    expect(en).toContain("GP catch-up (1 full, 0 none) 1")
    expect(en).toContain("Waterfall Deal by deal (American, with clawback)")
    expect(en).not.toMatch(/[\u4e00-\u9fff]/)
  })

  it("labels a target's fields and its parts as its form does, in Chinese and in English, not by their keys", async () => {
    await kejin.targets.create({
      ...exampleTargetInput,
      key: "audit-split-target",
      periodKind: "fixed",
      periodStart: "2026-01-01",
      periodEnd: "2027-01-01",
      displayOrder: 3,
      splitBy: "unit",
      parts: [
        {
          code: "kjj",
          name: "市科技局",
          nameEn: "Science Bureau",
          target: "20000000000.00",
          metric: "pledge-amount"
        }
      ]
    })
    const { cookie } = await signIn("admin")
    const zhRow = await newestRow("targets.create", "", cookie)
    const zh = shown(zhRow)
    expect(zh).toContain("标识（小写英文短横线） audit-split-target")
    expect(zh).toContain("中文名称 科技型企业贷款余额")
    expect(zh).toContain("英文名称 Loans to sci-tech enterprises")
    expect(zh).toContain("显示顺序 3")
    expect(zh).toContain("分解目标")
    expect(zh).toContain("英文名称 Science Bureau")
    // The split in words (its declared labels), not its key.
    expect(zh).toMatch(/分解方式 按责任单位分解/)
    const enRow = await newestRow("targets.create", "&lang=en", cookie)
    const en = shown(enRow)
    expect(en).toContain("Label (English) Loans to sci-tech enterprises")
    expect(en).toContain("Display order 3")
    expect(en).toContain("English name Science Bureau")
    expect(en).toContain("By responsible unit")
    // Every field, the parts' too, under a label in the page's language, none under its key.
    const labelsOf = (row: string) =>
      [...row.matchAll(/<div data-field="([^"]+)"><dt>([^<]*)<\/dt>/g)].map(([, key, label]) => ({
        key: key ?? "",
        label: label ?? ""
      }))
    expect(labelsOf(zhRow).map((field) => field.key)).toEqual(expect.arrayContaining(["parts", "nameEn"]))
    for (const { key, label } of labelsOf(zhRow)) expect(label, key).toMatch(/[\u4e00-\u9fff]/)
    for (const { key, label } of labelsOf(enRow)) {
      expect(label, key).not.toBe(key)
      expect(label, key).not.toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it("shows an import's rows labelled as its write labels its input, the raw JSON kept", async () => {
    const sample = readFileSync(
      fileURLToPath(new URL("../../../../examples/pledges-sample.csv", import.meta.url))
    )
    // Not the row pledging the patent the registration of beforeEach pledges already.
    async function* rows() {
      for await (const row of (await rowsFromBytes(sample, "pledges-sample.csv")).rows)
        if (!JSON.stringify(row).includes(examplePledgeInput.patents[0]!)) yield row
    }
    const summary = await kejin.imports.run({
      kind: "pledges",
      rows: rows(),
      file: "pledges-sample.csv",
      actor: { id: "bureau", role: "bureau" }
    })
    expect(summary.committed).toBe(true)
    const { cookie } = await signIn("admin")
    const page = await (await get(`/audit/imports/${summary.journalSeq}`, cookie)).text()
    const row = /<tr data-row="\d+">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? ""
    const text = shown(row)
    expect(text).toMatch(/登记号 Y\d+/)
    expect(text).toMatch(/金额\(元\) [\d,.]+(万|亿|元)/)
    expect(text).not.toContain("{&quot;")
    expect(row).toContain("<summary>原始 JSON</summary>")
  })

  it("exports the filtered entries as CSV with a byte-order mark, Chinese headers, English when asked", async () => {
    const { cookie } = await signIn("admin")
    const response = await get("/audit/export.csv?command=pledges.record", cookie)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8")
    expect(response.headers.get("content-disposition")).toContain('filename="kejin-audit-2026-03-02.csv"')
    const bytes = await bytesOf(response)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = textOf(bytes).slice(1).trimEnd().split("\n")
    expect(lines[0]).toBe("序号,时间（北京时间）,操作人,操作,操作代码,内容,哈希")
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^\d+,2026-03-02 00:30:00,bureau,登记专利质押融资,pledges.record,"\{/)
    const english = textOf(await bytesOf(await get("/audit/export.csv?lang=en&actor=bureau", cookie)))
    expect(english.slice(1).split("\n")[0]).toBe(
      "No.,Time (Asia/Shanghai),Person,Action,Command,Payload,Hash"
    )
    expect(english).toContain(",Record a patent pledge loan,pledges.record,")
  })

  it("exports the same entries as XLSX: Chinese headers, the number a numeric cell, the header row frozen", async () => {
    const { cookie } = await signIn("admin")
    const page = await (await get("/audit?command=pledges.record", cookie)).text()
    expect(page).toContain('href="/audit/export.xlsx?command=pledges.record"')
    const response = await get("/audit/export.xlsx?command=pledges.record", cookie)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-disposition")).toContain('filename="kejin-audit-2026-03-02.xlsx"')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    const sheet = book.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "序号",
      "时间（北京时间）",
      "操作人",
      "操作",
      "操作代码",
      "内容",
      "哈希"
    ])
    expect(sheet.rowCount).toBe(2)
    expect(typeof sheet.getCell(2, 1).value).toBe("number")
    expect(sheet.getCell(2, 4).value).toBe("登记专利质押融资")
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
    expect((await get("/audit/export.xlsx", (await signIn("bureau")).cookie)).status).toBe(403)
  })

  it("reads the journal page by page without repeating or losing an entry, though entries arrive meanwhile", async () => {
    for (let i = 0; i < 4; i++) await kejin.accounts.createToken({ name: `etl-${i}`, role: "viewer" })
    const all = (await kejin.journal.search({ limit: 10_000 })).items.map((e) => e.seq)
    const read: Array<number> = []
    for await (const page of journalPages(kejin, {}, 2)) {
      expect(page.length).toBeLessThanOrEqual(2)
      read.push(...page.map((e) => e.seq))
      // A newer entry does not shift the pages still to read.
      if (read.length === 2) await kejin.accounts.createToken({ name: "late", role: "viewer" })
    }
    expect(read).toEqual(all)
    const { cookie } = await signIn("admin")
    const csv = textOf(await bytesOf(await get("/audit/export.csv", cookie)))
    const seqs = csv
      .slice(1)
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => Number(line.split(",")[0]))
    expect(seqs).toHaveLength(all.length + 1)
    expect(new Set(seqs).size).toBe(all.length + 1)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
  })
})
