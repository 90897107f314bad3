import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import ExcelJS from "exceljs"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { browserSession } from "../session.testing.js"

const password = "a long enough password"

const plainText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()

describe("/reports/monthly", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>
  const { signIn } = browserSession(() => app, password)

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
    app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
    await kejin.accounts.addUser({ login: "viewer", displayName: "访客", role: "viewer", password })
    const pledge = (n: number, district: string, amount: string, registeredOn: string) =>
      kejin.pledges.record({
        registrationNo: `Y2026${String(n).padStart(8, "0")}`,
        pledgor: {
          uscc: makeUscc(`91${district}MA3${String(n).padStart(6, "0")}`),
          name: `企业${n}`,
          district
        },
        pledgee: { name: "温州银行" },
        patents: [`ZL${makePatentNumber(`2021100000${String(n).padStart(2, "0")}`)}`],
        amount,
        registeredOn
      })
    await pledge(1, "330302", "30000000.00", "2026-11-03")
    await pledge(2, "330381", "10000000.00", "2026-11-09")
    await pledge(3, "330381", "20000000.00", "2025-11-09")
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("answers a signed-in viewer with the report of the month: its title and the district table", async () => {
    const { cookie } = await signIn("viewer")
    const response = await app.request("/reports/monthly?month=2026-11", { headers: { cookie } })
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain("<title>温州市科技金融月度通报 · 2026年11月</title>")
    expect(html).toContain("<h1>温州市科技金融月度通报</h1>")
    // One name for the page: the report's title is its only h1; the header's product name still links home.
    expect([...html.matchAll(/<h1[\s>]/g)]).toHaveLength(1)
    expect(html).toContain('<p class="product-name"><a class="home" href="/">')
    const districts = /<table[^>]*data-table="districts">[\s\S]*?<\/table>/.exec(html)?.[0] ?? ""
    expect(plainText(/<tr data-key="330302">[\s\S]*?<\/tr>/.exec(districts)?.[0] ?? "")).toBe(
      "1 鹿城区 3,000.00 1 75.0% — 3,000.00 1 75.0% —"
    )
    expect(plainText(/<tr data-key="330381">[\s\S]*?<\/tr>/.exec(districts)?.[0] ?? "")).toBe(
      "2 瑞安市 1,000.00 1 25.0% -50.0% 1,000.00 1 25.0% -50.0%"
    )
    // A page for print: its stylesheet linked (the CSP refuses inline styles); the site's menu on screen
    // only (in the .screen-only box, which print hides), with the way to the other pages.
    expect(html).toContain('<link rel="stylesheet" href="/reports/monthly.css"/>')
    const menu = /<div class="screen-only site-menu">[\s\S]*?<\/header><\/div>/.exec(html)?.[0] ?? ""
    expect(menu).toContain('<nav class="site-nav"')
    expect(menu).toContain('<a href="/reports/monthly" aria-current="page">月度通报</a>')
    expect(menu).toContain('action="/logout"')
    expect([...html.matchAll(/class="site-nav"/g)]).toHaveLength(1)
    const css = await app.request("/reports/monthly.css", { headers: { cookie } })
    expect(css.headers.get("content-type")).toMatch(/^text\/css/)
    expect(await css.text()).toContain("size: A4")
  })

  it("defaults to the last complete month, and speaks English with lang=en", async () => {
    const { cookie } = await signIn("viewer")
    const html = await (await app.request("/reports/monthly?lang=en", { headers: { cookie } })).text()
    expect(html).toContain("<title>Wenzhou sci-tech finance monthly report · November 2026</title>")
    expect(html).toContain('<tr data-key="330302">')
    expect(html).toContain("Lucheng")
  })

  it("is a 400 page naming month for a malformed month or one to come", async () => {
    const { cookie } = await signIn("viewer")
    for (const month of ["2026-13", "2026-1", "2027-01"]) {
      const response = await app.request(`/reports/monthly?month=${month}`, { headers: { cookie } })
      expect(response.status, month).toBe(400)
      const html = await response.text()
      expect(html).toContain('data-field="month"')
      expect(plainText(html)).toContain(`month = ${month}`)
    }
    const en = await app.request("/reports/monthly?month=2026-13&lang=en", { headers: { cookie } })
    expect(plainText(await en.text())).toContain("Bad month: month = 2026-13 must be a month as YYYY-MM")
  })

  it("sends a signed-out visitor to sign in, coming back to the same report", async () => {
    const response = await app.request("/reports/monthly?month=2026-11")
    expect(response.status).toBe(303)
    expect(response.headers.get("location")).toBe(
      `/login?next=${encodeURIComponent("/reports/monthly?month=2026-11")}`
    )
    expect((await app.request("/reports/monthly.xlsx?month=2026-11")).status).toBe(303)
  })

  it("links the report from the dashboard's header", async () => {
    const { cookie } = await signIn("viewer")
    const html = await (await app.request("/", { headers: { cookie } })).text()
    expect(html).toContain('<a href="/reports/monthly">月度通报</a>')
    const en = await (await app.request("/?lang=en", { headers: { cookie } })).text()
    expect(en).toContain('<a href="/reports/monthly?lang=en">Monthly report</a>')
  })

  it("downloads the same report as a workbook", async () => {
    const { cookie } = await signIn("viewer")
    const response = await app.request("/reports/monthly.xlsx?month=2026-11", { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="kejin-monthly-report-2026-11.xlsx"'
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "目标进度",
      "区县",
      "银行",
      "联动试点",
      "直投",
      "本月记录"
    ])
  })
})
