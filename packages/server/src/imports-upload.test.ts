import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type Kejin, openKejin, rowsFromBytes } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "./app.js"
import { browserSession } from "./session.testing.js"

// The import pages through the whole server: a multipart upload carries its CSRF token (the header htmx
// sends, or the form's `_csrf` field for the report's plain post), and may be up to 20 MB although every
// other body is limited to 1 MiB; past that the page says so in its own words.

const password = "a long enough password"
const origin = "http://localhost"
const sample = readFileSync(fileURLToPath(new URL("../../../examples/pledges-sample.csv", import.meta.url)))

describe("uploads to the import pages", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>
  const { signIn } = browserSession(() => app, password)

  const post = (
    cookie: string,
    path: string,
    bytes: Uint8Array,
    fields: Record<string, string>,
    headers: Record<string, string> = {}
  ) => {
    const body = new FormData()
    body.set("file", new File([bytes], "pledges.csv"))
    for (const [name, value] of Object.entries(fields)) body.set(name, value)
    return app.request(path, { method: "POST", body, headers: { origin, cookie, ...headers } })
  }

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
    app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
    await kejin.accounts.addUser({ login: "bureau", displayName: "王丽", role: "bureau", password })
    await kejin.accounts.addUser({ login: "admin", displayName: "管理员", role: "admin", password })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("checks and imports with the session's token, as a header or a field; refuses a post without it", async () => {
    const bureau = await signIn("bureau")
    const page = await (await app.request("/imports/pledges", { headers: { cookie: bureau.cookie } })).text()
    expect(page).toContain(`<input type="hidden" name="_csrf" value="${bureau.csrf}"/>`)
    const check = await post(
      bureau.cookie,
      "/imports/pledges/check",
      sample,
      {},
      {
        "HX-Request": "true",
        "X-CSRF-Token": bureau.csrf
      }
    )
    expect(check.status).toBe(200)
    expect(await check.text()).toContain('<dd data-count="ok">3</dd>')
    const report = await post(bureau.cookie, "/imports/pledges/report", sample, { _csrf: bureau.csrf })
    expect(report.status).toBe(200)
    expect(report.headers.get("content-disposition")).toContain("attachment")
    const refused = await post(bureau.cookie, "/imports/pledges/commit", sample, {}, { "HX-Request": "true" })
    expect(refused.status).toBe(403)
    expect((await kejin.pledges.list({ limit: 1 })).total).toBe(0)
    const done = await post(
      bureau.cookie,
      "/imports/pledges/commit",
      sample,
      { _csrf: bureau.csrf },
      {
        "HX-Request": "true"
      }
    )
    expect(done.status).toBe(200)
    expect(done.headers.get("HX-Trigger")).toBe("kejin-changed")
    expect((await kejin.pledges.list({ limit: 1 })).total).toBe(3)
  })

  it("takes a file above the 1 MiB body limit, and answers 413 in the page's words past 20 MB", async () => {
    const bureau = await signIn("bureau")
    const headers = { "HX-Request": "true", "X-CSRF-Token": bureau.csrf }
    // Two megabytes: the sample's rows, then a long note column nobody imports.
    const lines = sample.toString("utf8").trimEnd().split("\n")
    const pad = "x".repeat(700_000)
    const wide = Buffer.from(
      [`${lines[0]!.trim()},附注`, ...lines.slice(1).map((l) => `${l.trim()},${pad}`)].join("\n")
    )
    expect(wide.length).toBeGreaterThan(2 * 1024 * 1024)
    const big = await post(bureau.cookie, "/imports/pledges/check", new Uint8Array(wide), {}, headers)
    expect(big.status).toBe(200)
    expect(await big.text()).toContain('<dd data-count="ok">3</dd>')

    const huge = await post(
      bureau.cookie,
      "/imports/pledges/check?lang=en",
      new Uint8Array(21 * 1024 * 1024),
      {},
      headers
    )
    expect(huge.status).toBe(413)
    expect(await huge.text()).toContain("The file is larger than 20 MB")
    // Elsewhere the limit stays 1 MiB.
    const other = await app.request("/api/v1/pledges", {
      method: "POST",
      body: "x".repeat(2 * 1024 * 1024),
      headers: { origin, cookie: bureau.cookie, "X-CSRF-Token": bureau.csrf, "content-type": "text/plain" }
    })
    expect(other.status).toBe(413)
  })

  it("saves the mapping for a source with an import, and reads the source's next upload with it", async () => {
    const bureau = await signIn("bureau")
    const renamed = new Uint8Array(Buffer.from(sample.toString("utf8").replace("质权人", "放款机构名称")))
    const fields = [
      "registrationNo",
      "pledgor.uscc",
      "pledgor.name",
      "pledgor.district",
      "pledgee.name",
      "patents",
      "amount",
      "registeredOn"
    ]
    const headers = [
      "登记号",
      "统一社会信用代码",
      "出质人",
      "区县代码",
      "放款机构名称",
      "专利号",
      "金额",
      "登记日期"
    ]
    const choices = Object.fromEntries(
      fields.flatMap((field, i) => [
        [`header.${i}`, headers[i]!],
        [`map.${i}`, field]
      ])
    )
    // A plain post of the whole form (no JavaScript): the token as a field, a page back.
    const done = await post(bureau.cookie, "/imports/pledges/commit", renamed, {
      ...choices,
      _csrf: bureau.csrf,
      source: "温州银行",
      "mapping.source": "温州银行",
      saveMapping: "on"
    })
    expect(done.status).toBe(200)
    const page = await done.text()
    expect(page.startsWith("<!doctype html>")).toBe(true)
    expect(page).toContain("已导入 3 行。")
    expect(page).toContain("已保存“温州银行”的列对应")
    expect((await kejin.pledges.list({ limit: 1 })).total).toBe(3)
    expect((await kejin.imports.mapping("pledges", "温州银行"))?.mapping).toEqual({
      columns: { 放款机构名称: "pledgee.name" }
    })
    const check = await post(
      bureau.cookie,
      "/imports/pledges/check",
      renamed,
      { source: "温州银行" },
      { "HX-Request": "true", "X-CSRF-Token": bureau.csrf }
    )
    const html = await check.text()
    expect(html).toContain('data-saved-mapping="used"')
    expect(html).toContain('<dd data-count="identical">3</dd>')
  })

  it("shows an import on /audit with its rows, to administrators only", async () => {
    const summary = await kejin.imports.run({
      kind: "pledges",
      rows: (await rowsFromBytes(sample, "pledges-sample.csv")).rows,
      file: "pledges-sample.csv",
      actor: { id: "bureau", role: "bureau" }
    })
    const admin = await signIn("admin")
    const audit = await (await app.request("/audit", { headers: { cookie: admin.cookie } })).text()
    expect(audit).toContain(`href="/audit/imports/${summary.journalSeq}"`)
    const rows = await app.request(`/audit/imports/${summary.journalSeq}`, {
      headers: { cookie: admin.cookie }
    })
    expect(rows.status).toBe(200)
    const html = await rows.text()
    expect(html).toContain("共 3 行")
    expect(html).toContain("Y2025330000502")
    const bureau = await signIn("bureau")
    expect(
      (await app.request(`/audit/imports/${summary.journalSeq}`, { headers: { cookie: bureau.cookie } }))
        .status
    ).toBe(403)
  })
})
