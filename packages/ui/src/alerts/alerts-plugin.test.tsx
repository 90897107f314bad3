import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { alertsPlugin } from "./alerts-plugin.js"

// The notifications panel and the /alerts page: the roles that read alerts see them with their count and
// links to the records; viewers see neither; each kind's list is the list behind its count.

const HX = { "HX-Request": "true" }
const actors: Record<string, Actor> = {
  bureau: { id: "bureau", role: "bureau" },
  viewer: { id: "viewer", role: "viewer" },
  manager: { id: "mgr", role: "fund-manager", funds: ["wz-city"] }
}

describe("notifications", () => {
  let kejin: Kejin
  let pledgeId: number
  let app: ReturnType<typeof createDashboard>
  beforeAll(async () => {
    kejin = await openKejin({ database: "sqlite::memory:", clock: { today: "2026-12-06" } })
    const pledge = await kejin.pledges.record({
      registrationNo: "YN202600000001",
      pledgor: { uscc: makeUscc("91330302MA5N00001"), name: "温州提醒面板有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber("202310000002")}`],
      amount: "30000000.00",
      registeredOn: "2026-01-10"
    })
    pledgeId = pledge.id
    const loan = await kejin.pledges.loans.draw({
      pledgeId,
      amount: "20000000.00",
      rate: "0.0385",
      disbursedOn: "2026-01-20",
      maturesOn: "2027-01-19"
    })
    await kejin.pledges.loans.default({ loanId: loan.id, on: "2026-06-30" })
    app = createDashboard({
      kejin,
      plugins: [alertsPlugin, patentPledgePlugin],
      session: (c) => ({ actor: actors[c.req.header("x-actor") ?? "bureau"]!, csrfToken: "t" })
    })
  })
  afterAll(() => kejin?.close())

  const get = async (path: string, actor = "bureau", htmx = false) => {
    const response = await app.request(path, { headers: { "x-actor": actor, ...(htmx ? HX : {}) } })
    return { status: response.status, html: await response.text() }
  }

  it("shows the bureau the count, the counts by kind and each alert linking to its record", async () => {
    const { status, html } = await get("/panels/alerts/notifications", "bureau", true)
    expect(status).toBe(200)
    const count = Number(/data-alert-count="(\d+)"/.exec(html)?.[1])
    // The loan in default and the plan's targets behind pace in an empty year.
    expect(count).toBeGreaterThanOrEqual(2)
    expect(html).toContain(
      '<li data-alert-kind="loan-default"><a href="/alerts?kind=loan-default">违约贷款 1</a>'
    )
    expect(html).toContain(`<a href="/pledges/${pledgeId}">登记 YN202600000001（温州提醒面板有限公司）项下`)
    expect(html).toContain('<a href="/targets">专利质押融资：落后于进度')
    const en = await get("/panels/alerts/notifications?lang=en", "bureau", true)
    expect(en.html).toContain('<a href="/alerts?kind=loan-default&amp;lang=en">Loans in default 1</a>')
    expect(en.html).toContain("defaulted on 2026-06-30; 20,000,000.00 yuan is not yet disposed of")
    for (const word of ["违约", "关注", "落后", "截至", "全部"]) expect(en.html).not.toContain(word)
  })

  it("lists the loans in default on /alerts?kind=loan-default, and nothing for a viewer", async () => {
    const { status, html } = await get("/alerts?kind=loan-default")
    expect(status).toBe(200)
    expect(html).toContain('data-list-total="1"')
    expect(html).toContain(`<th scope="row"><a href="/pledges/${pledgeId}">YN202600000001</a></th>`)
    expect(html).toContain('title="20,000,000.00"')
    // A day before the default: none.
    expect((await get("/alerts?kind=loan-default&asOf=2026-06-29")).html).toContain('data-list-total="0"')
    expect((await get("/alerts?kind=nonsense")).status).toBe(404)
    expect((await get("/alerts", "viewer")).status).toBe(403)
    expect((await get("/panels/alerts/notifications", "viewer", true)).status).toBe(403)
    expect((await get("/", "viewer")).html).not.toContain('id="alerts"')
    expect((await get("/", "bureau")).html).toContain('id="alerts"')
  })

  it("links the 违约贷款 card to the loans in default, listed for every role that reads pledges", async () => {
    const { html } = await get("/panels/patent-pledge/progress", "viewer", true)
    const card = /<div class="figure-box" data-figure="defaulted">[\s\S]*?<\/dd>/.exec(html)?.[0] ?? ""
    expect(card).toContain(
      '<a href="/loans?status=default&amp;asOf=2026-12-06" title="查看违约贷款" data-drill="true">1</a>'
    )
    // The amount and the counts link to the registrations that count in the period.
    expect(html).toMatch(
      /data-figure="amount">[\s\S]*?<a href="\/pledges\?from=2026-01-01&amp;to=2026-12-06&amp;counting=true"/
    )
    const list = await get("/loans?status=default&asOf=2026-12-06", "viewer")
    expect(list.status).toBe(200)
    expect(list.html).toContain('data-list-total="1"')
    expect(list.html).toContain(`<th scope="row"><a href="/pledges/${pledgeId}">YN202600000001</a></th>`)
    expect((await get("/loans?status=overdue", "viewer")).html).toContain('data-list-total="0"')
    expect((await get("/loans?status=nonsense", "viewer")).status).toBe(404)
    const en = await get("/loans?status=default&lang=en", "viewer")
    expect(en.html).toContain("Loans in default")
    expect(en.html).toContain("20 M")
  })

  it("shows a fund manager only their funds' alerts", async () => {
    const { html } = await get("/panels/alerts/notifications", "manager", true)
    expect(html).toContain('data-alert-count="0"')
    expect(html).toContain("暂无需要关注的事项。")
  })
})
