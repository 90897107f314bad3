import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "./app.js"
import { browserSession } from "./session.testing.js"

// The equity pages' forms post to the declared operations' own routes (`/api/v1/funds…`,
// `/api/v1/enterprises`, `/api/v1/fund-entries/{id}/reversal`): the route's permission and CSRF checks, the
// core's fund scope and journal, answered as HTML for the form.

const password = "a long enough password"
const newcomer = makeUscc("91330303MA4000009")

describe("the equity pages' forms post to the operations' routes", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>
  let commitment: number

  const { signIn, postForm } = browserSession(() => app, password)

  const ledgerSize = async (code: string) => (await kejin.funds.ledger(code)).length

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
    app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
    await kejin.accounts.addUser({ login: "admin", displayName: "管理员", role: "admin", password })
    await kejin.accounts.addUser({
      login: "angel",
      displayName: "李娜",
      role: "fund-manager",
      funds: ["angel-a"],
      password
    })
    const managerId = (
      await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江天使投资管理" })
    ).id
    for (const [code, chainStage] of [
      ["angel-a", "angel"],
      ["venture-b", "venture"]
    ] as const) {
      await kejin.funds.create({
        code,
        name: `基金 ${code}`,
        kind: "chain",
        chainStage,
        manager: managerId,
        targetSize: "50000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
    }
    commitment = (
      await kejin.funds.commit({
        fund: "angel-a",
        on: "2025-01-10",
        lpName: "某民营企业",
        lpType: "private",
        amount: "1000万"
      })
    ).id
    await kejin.funds.commit({
      fund: "venture-b",
      on: "2025-01-10",
      lpName: "保险公司",
      lpType: "insurance",
      amount: "1000万"
    })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("the fund page's and the list's forms name the operations' routes", async () => {
    const angel = await signIn("angel")
    const page = await (await app.request("/funds/angel-a", { headers: { cookie: angel.cookie } })).text()
    expect(page).toContain(
      '<form id="form-call" class="fund-form" method="post" action="/api/v1/funds/angel-a/calls"'
    )
    expect(page).toContain('action="/api/v1/enterprises?fund=angel-a"')
    expect(page).toContain(`action="/api/v1/fund-entries/${commitment}/reversal?fund=angel-a"`)
    const admin = await signIn("admin")
    const list = await (await app.request("/funds", { headers: { cookie: admin.cookie } })).text()
    expect(list).toContain(
      '<form id="form-fund-create" class="fund-form" method="post" action="/api/v1/funds"'
    )
  })

  it("records a call from the fund page's form: the sections come back with HX-Trigger, journaled as the manager", async () => {
    const angel = await signIn("angel")
    const response = await postForm(angel, "/api/v1/funds/angel-a/calls", {
      _csrf: angel.csrf,
      commitment: String(commitment),
      amount: "100万",
      on: "2025-06-01"
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    expect(response.headers.get("HX-Trigger")).toBe("kejin-changed")
    const html = await response.text()
    expect(html).toMatch(/^<div id="fund-sections" class="fund-sections">/)
    expect(html).toMatch(/已登记实缴 #\d+。/)
    const { items } = await kejin.journal.search({ command: "funds.call" })
    expect(items.map((e) => e.actor)).toEqual(["angel"])
  })

  it("the route's CSRF check refuses a fund form without the session's token, or with another", async () => {
    const angel = await signIn("angel")
    const before = await ledgerSize("angel-a")
    const fields = { nav: "1.00", on: "2025-06-30" }
    expect((await postForm(angel, "/api/v1/funds/angel-a/marks", fields)).status).toBe(403)
    expect((await postForm(angel, "/api/v1/funds/angel-a/marks", { _csrf: "nope", ...fields })).status).toBe(
      403
    )
    expect(
      (await postForm(angel, `/api/v1/fund-entries/${commitment}/reversal?fund=angel-a`, { reason: "x" }))
        .status
    ).toBe(403)
    expect(await ledgerSize("angel-a")).toBe(before)
  })

  it("refuses a fund manager's form post for another manager's fund (403) and writes nothing", async () => {
    const angel = await signIn("angel")
    const before = await ledgerSize("venture-b")
    const response = await postForm(angel, "/api/v1/funds/venture-b/distributions", {
      _csrf: angel.csrf,
      distributionKind: "gain",
      amount: "1.00",
      on: "2025-06-30"
    })
    expect(response.status).toBe(403)
    expect(response.headers.get("HX-Trigger")).toBeNull()
    expect(await ledgerSize("venture-b")).toBe(before)
    const { items } = await kejin.journal.search({ command: "funds.distribute" })
    expect(items).toEqual([])
  })

  it("registers an enterprise from beside the investment form, keeping the investment typed", async () => {
    const angel = await signIn("angel")
    const response = await postForm(angel, "/api/v1/enterprises?fund=angel-a", {
      _csrf: angel.csrf,
      enterprise: newcomer,
      amount: "300万",
      "reg-uscc": newcomer,
      "reg-name": "龙湾激光",
      "reg-district": "330303",
      "reg-industry": "激光",
      "reg-stage": "seed",
      "reg-techCategory": "frontier"
    })
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toMatch(/^<details id="box-invest"/)
    expect(html).toContain(`已登记企业 龙湾激光（${newcomer}），请继续登记投资。`)
    expect(html).toContain('value="300万"')
    expect((await kejin.registry.enterpriseByUscc(newcomer)).name).toBe("龙湾激光")
  })

  it("reverses an entry from its ledger row; without JavaScript, redirects back to the fund's page", async () => {
    const angel = await signIn("angel")
    const response = await postForm(
      angel,
      `/api/v1/fund-entries/${commitment}/reversal?fund=angel-a&lang=en`,
      { _csrf: angel.csrf, reason: "entered twice" },
      {}
    )
    expect(response.status).toBe(303)
    expect(response.headers.get("location")).toBe("/funds/angel-a?lang=en")
    expect((await kejin.funds.entry(commitment)).reversedBy).not.toBeNull()
  })

  it("creates a fund from the list's form (administrators): without JavaScript, to the new fund's page", async () => {
    const admin = await signIn("admin")
    const [manager] = await kejin.registry.institutions({ kind: "fund-manager" })
    const response = await postForm(
      admin,
      "/api/v1/funds",
      {
        _csrf: admin.csrf,
        code: "wz-industrial-9",
        name: "温州产业基金九号",
        kind: "chain",
        chainStage: "industrial",
        manager: String(manager!.id),
        targetSize: "5亿",
        vintage: "2026-01-01",
        district: "330382"
      },
      {}
    )
    expect(response.status).toBe(303)
    expect(response.headers.get("location")).toBe("/funds/wz-industrial-9")
    expect((await kejin.funds.get("wz-industrial-9")).name).toBe("温州产业基金九号")
  })
})
