/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, messageText, openKejin, xirr } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { cityFundPlugin } from "../city-fund/city-fund-plugin.js"
import { createDashboard } from "../dashboard/dashboard.js"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { targetsPlugin } from "../targets/targets-plugin.js"
import { dashboardClient } from "../testing/dashboard-client.js"
import { fieldHtml, figureText, formHtml, plainText } from "../testing/html.js"
import { equityChainPlugin } from "./equity-chain-plugin.js"

const HX = { "HX-Request": "true" }
const ASOF = "?asOf=2026-06-30"

const admin: Actor = { id: "root", role: "admin" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const bureau: Actor = { id: "wang.ke", role: "bureau" }
const angelManager: Actor = { id: "li.na", role: "fund-manager", funds: ["angel-a"] }
const ventureManager: Actor = { id: "zhao.lei", role: "fund-manager", funds: ["venture-b"] }

const uscc = (n: number, district = "330302") => makeUscc(`91${district}MA4${String(n).padStart(6, "0")}`)

/** The `<div class="field…" data-field="name">…</div>` of one field of form `formId`. */
const field = (html: string, formId: string, name: string): string => fieldHtml(formHtml(html, formId), name)

const rows = (html: string, attribute: string): Array<string> =>
  [...html.matchAll(new RegExp(`<tr ${attribute}="[^"]*"[\\s\\S]*?</tr>`, "g"))].map((m) => m[0])

/*
 * Fund angel-a (angel, managed by li.na), as of 2026-06-30, by hand:
 * commitments 1,000万 (private) + 500万 (merchant) = 1,500万; calls 600万 + 200万 = 800万 (53.3 %), unfunded
 * 700万; invested 400万 in Lucheng (valued 600万) + 200万 in Hangzhou (exited for 300万) = 600万;
 * distributions 200万 + 100万 = 300万; NAV 700万 on 2026-03-31. DPI 300/800 = 0.375 → 0.38, RVPI 0.875 →
 * 0.88, TVPI 1.25, gross MOIC (300 + 600) / 600 = 1.50. Fund venture-b (zhao.lei): 1,000万 from an
 * insurer, 100万 called, no NAV mark.
 */
const seed = async (kejin: Kejin) => {
  const manager = (name: string) =>
    kejin.registry.addInstitution({ kind: "fund-manager", name }).then((m) => m.id)
  const angelManagerId = await manager("瓯江天使投资管理")
  const ventureManagerId = await manager("温州创投管理")
  const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
  await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城智造", district: "330302", ...base })
  await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瑞安光电", district: "330381", ...base })
  await kejin.registry.addEnterprise({
    uscc: uscc(3, "330106"),
    name: "杭州云栖",
    district: "330106",
    ...base
  })
  const fund = (code: string, chainStage: string, managerId: number) =>
    kejin.funds.create({
      code,
      name: `${chainStage === "angel" ? "瓯江天使基金" : "温州创投基金"}`,
      kind: "chain",
      chainStage,
      manager: managerId,
      targetSize: "50000000.00",
      vintage: "2025-01-01",
      district: "330302"
    })
  await fund("angel-a", "angel", angelManagerId)
  await fund("venture-b", "venture", ventureManagerId)
  const c1 = await kejin.funds.commit({
    fund: "angel-a",
    on: "2025-01-10",
    lpName: "某民营企业",
    lpType: "private",
    amount: "1000万"
  })
  const c2 = await kejin.funds.commit({
    fund: "angel-a",
    on: "2025-01-10",
    lpName: "瑞安温商实业",
    lpType: "merchant",
    amount: "500万"
  })
  await kejin.funds.call({ commitment: c1.id, on: "2025-02-01", amount: "600万" })
  await kejin.funds.call({ commitment: c2.id, on: "2025-02-01", amount: "200万" })
  const i1 = await kejin.funds.invest({
    fund: "angel-a",
    enterprise: uscc(1),
    on: "2025-03-01",
    amount: "400万",
    instrument: "equity",
    round: "天使轮"
  })
  const i2 = await kejin.funds.invest({
    fund: "angel-a",
    enterprise: uscc(3, "330106"),
    on: "2025-04-01",
    amount: "200万",
    instrument: "equity"
  })
  await kejin.funds.value({ investment: i1.id, on: "2025-12-31", fairValue: "600万" })
  await kejin.funds.exit({ investment: i2.id, on: "2026-03-01", proceeds: "300万", route: "m-and-a" })
  await kejin.funds.distribute({
    fund: "angel-a",
    on: "2026-03-15",
    distributionKind: "return-of-capital",
    amount: "200万"
  })
  await kejin.funds.distribute({
    fund: "angel-a",
    on: "2026-03-15",
    distributionKind: "gain",
    amount: "100万"
  })
  await kejin.funds.mark({ fund: "angel-a", on: "2026-03-31", nav: "700万" })
  const v1 = await kejin.funds.commit({
    fund: "venture-b",
    on: "2025-01-10",
    lpName: "保险公司",
    lpType: "insurance",
    amount: "1000万"
  })
  await kejin.funds.call({ commitment: v1.id, on: "2025-02-01", amount: "100万" })
  return { c1: c1.id, c2: c2.id, i1: i1.id, i2: i2.id, v1: v1.id }
}

describe("equityChainPlugin", () => {
  it("is a plugin like any other: id equity-chain, order 40, two panels, the /funds pages and their forms", () => {
    expect(equityChainPlugin.id).toBe("equity-chain")
    expect(equityChainPlugin.order).toBe(40)
    expect(equityChainPlugin.title).toEqual({ zh: "股权投资链条", en: "Equity chain" })
    expect(equityChainPlugin.panels.map((p) => p.id)).toEqual(["stages", "funds"])
    expect(equityChainPlugin.navigation).toEqual([
      { href: "/funds", label: { zh: "基金", en: "Funds" }, permission: "funds.read" }
    ])
    const routes = (equityChainPlugin.routes ?? []).map((r) => `${r.method} ${r.path} ${r.permission}`)
    expect(routes).toEqual([
      "GET /funds funds.read",
      "GET /funds/:code funds.read",
      "GET /funds/:code/lp-statement funds.read",
      "GET /funds/:code/ledger funds.read",
      "GET /fx-rates funds.read"
    ])
    // The forms post to the core's declared writes, at their own routes.
    const forms = (equityChainPlugin.forms ?? []).map(
      (f) => `${f.operation.http?.method} ${f.operation.http?.path} ${f.operation.permission}`
    )
    expect(forms).toEqual([
      "post /api/v1/funds funds.write",
      ...[
        "commitments",
        "calls",
        "pro-rata-calls",
        "distributions",
        "pro-rata-distributions",
        "marks",
        "investments",
        "valuations",
        "exits",
        "conversions"
      ].map((path) => `post /api/v1/funds/{code}/${path} funds.write`),
      "post /api/v1/funds/{code}/status funds.write",
      "post /api/v1/enterprises enterprises.write",
      "post /api/v1/fund-entries/{id}/reversal funds.write",
      "post /api/v1/funds/{code}/currency funds.write",
      "post /api/v1/funds/{code}/terms funds.write",
      "post /api/v1/fx-rates funds.write",
      "post /api/v1/fx-rates/{id}/reversal funds.write"
    ])
  })
})

describe("equityChainPlugin beside the other built-ins", () => {
  it("registers without collisions and links /funds in the header", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const app = createDashboard({
        kejin,
        plugins: [targetsPlugin, patentPledgePlugin, cityFundPlugin, equityChainPlugin]
      })
      const html = await (await app.request("/")).text()
      expect(html).toContain('<a href="/funds">基金</a>')
      for (const panel of [
        "city-fund/scale",
        "city-fund/direct",
        "city-fund/sub-funds",
        "equity-chain/stages"
      ])
        expect(html).toContain(`hx-get="/panels/${panel}"`)
      // Laid out by order: targets 10, patent pledges 20, city fund 30, equity chain 40.
      const order = [...html.matchAll(/<div class="plugin" id="([a-z-]+)">/g)].map((m) => m[1])
      expect(order).toEqual(["targets", "patent-pledge", "city-fund", "equity-chain"])
      const empty = await (await app.request("/panels/equity-chain/funds", { headers: HX })).text()
      expect(empty).toContain("尚未登记基金")
    } finally {
      await kejin.close()
    }
  })
})

describe("equityChainPlugin over a real core", () => {
  let kejin: Kejin
  let ids: Awaited<ReturnType<typeof seed>>
  const { get, post, submit } = dashboardClient(() => kejin, [equityChainPlugin])
  const ledgerSize = async (code: string) => (await kejin.funds.ledger(code)).length

  // A store of its own for each test, in memory, with the funds above.
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
    ids = await seed(kejin)
  })
  afterEach(async () => {
    await kejin?.close()
  })

  describe("panels", () => {
    it("shows committed, paid-in and invested per chain stage, in chain order, with a chart", async () => {
      const { status, html } = await get(viewer, `/panels/equity-chain/stages${ASOF}`, HX)
      expect(status).toBe(200)
      const steps = [...html.matchAll(/<li data-stage="([a-z]+)">([\s\S]*?)<\/li>/g)].map(
        (m) => `${m[1]}: ${plainText(m[2]!)}`
      )
      expect(steps).toEqual([
        "angel: 天使投资 1 支 · 认缴 0.15亿 · 已投 0.06亿",
        "venture: 创投基金 1 支 · 认缴 0.10亿 · 已投 0亿",
        "industrial: 产业资本 0 支 · 认缴 0亿 · 已投 0亿",
        "merchant: 温商基金 0 支 · 认缴 0亿 · 已投 0亿"
      ])
      expect(html).toContain("<svg")
      // The data table under the chart: exact amounts on hover.
      expect(html).toContain('<td title="15,000,000.00">0.15亿</td><td title="8,000,000.00">0.08亿</td>')
      expect(html).toContain('<td title="6,000,000.00">0.06亿</td>')
    })

    it("lists the funds with their figures, each linking to its page", async () => {
      const { html } = await get(viewer, `/panels/equity-chain/funds${ASOF}`, HX)
      const [angel] = rows(html, "data-fund")
      expect(angel).toContain('<a href="/funds/angel-a?asOf=2026-06-30">瓯江天使基金</a>')
      expect(plainText(angel!)).toBe(
        "瓯江天使基金 angel-a 链条基金 天使投资 瓯江天使投资管理 1,500万 800万 600万 1.25× 募集期"
      )
      expect(html).toContain('<a href="/funds?asOf=2026-06-30">全部 2 支基金（可筛选）</a>')
    })

    it("writes each money column of the funds table in one unit", async () => {
      // venture-b grows past 1亿 committed: the whole column turns to 亿, angel-a's 1,500万 with it.
      await kejin.funds.commit({
        fund: "venture-b",
        on: "2026-01-05",
        lpName: "温州产业基金",
        lpType: "state-owned",
        amount: "200000000.00"
      })
      for (const path of [`/panels/equity-chain/funds${ASOF}`, `/funds${ASOF}`]) {
        const { html } = await get(viewer, path, path.startsWith("/panels") ? HX : {})
        const units = rows(html, "data-fund").map((row) =>
          [...row.matchAll(/<span class="money"[^>]*>[^<]*?([亿万元])<\/span>/g)].map((m) => m[1])
        )
        expect(units).toHaveLength(2)
        expect(units[0]).toEqual(units[1])
        expect(units[0]![0]).toBe("亿")
      }
    })
  })

  describe("LP capital accounts and the quarterly statement", () => {
    // angel-a as of 2026-06-30 by hand: paid-in 600万 : 200万 (3 : 1); the fund-level distributions of
    // 300万 shared by paid-in on their day → 225万 / 75万; the NAV 700万 (no flow since the mark) by called
    // capital → 525万 / 175万. DPI 225 / 600 = 0.375 → 0.38×, TVPI (225 + 525) / 600 = 1.25× (both LPs).
    it("shows each LP's account on the fund page, in the scroll container, with its export", async () => {
      const { html } = await get(angelManager, `/funds/angel-a${ASOF}`)
      expect(html).toContain(
        '<div class="table-scroll" tabindex="0"><table class="fund-table lp-accounts-table">'
      )
      expect(html).toContain('href="/api/v1/funds/angel-a/lp-accounts/export.xlsx?asOf=2026-06-30"')
      expect(html).toContain('href="/funds/angel-a/lp-statement?asOf=2026-06-30"')
      // The LP's own IRR: its calls, distributions and NAV share, 3/4 of the fund's flows (the same rate).
      const irr = xirr([
        { date: "2025-02-01", amount: "-6000000" },
        { date: "2026-03-15", amount: "2250000" },
        { date: "2026-06-30", amount: "5250000" }
      ])
      if (irr._tag !== "Rate") throw new Error("expected a rate")
      const [c1, c2, total] = rows(html, "data-commitment").map(plainText)
      expect(c1).toBe(
        `某民营企业 #${ids.c1} · 民营 · 75.0% 1,000万 600万 400万 225万 525万 0.38× 1.25× ${(irr.rate * 100).toFixed(2)}%`
      )
      expect(c2).toMatch(
        new RegExp(`^瑞安温商实业 #${ids.c2} · \\S+ · 25\\.0% 500万 200万 300万 75万 175万 0\\.38× 1\\.25×`)
      )
      expect(total).toBe("基金合计 1,500万 800万 700万 300万 700万")
      // Another manager's fund: no accounts (they are the ledger's business).
      const other = await get(ventureManager, `/funds/angel-a${ASOF}`)
      expect(rows(other.html, "data-commitment")).toHaveLength(0)
      // Said in the catalogue's words (`fund-ledger-manager-only`), in the page's language only.
      expect(other.html).toContain(messageText("fund-ledger-manager-only", {}, "zh"))
      const otherEn = await get(ventureManager, `/funds/angel-a${ASOF}&lang=en`)
      expect(otherEn.html).toContain(messageText("fund-ledger-manager-only", {}, "en")?.replace("'", "&#39;"))
      expect(otherEn.html).not.toContain(messageText("fund-ledger-manager-only", {}, "zh"))
    })

    it("records a pro-rata call from the fund page's form, a line per LP", async () => {
      const page = `/funds/angel-a${ASOF}`
      const before = await ledgerSize("angel-a")
      // 300万 by commitment 2 : 1 → 200万 and 100万.
      const ok = await submit(angelManager, page, "form-callProRata", { amount: "300万", on: "2026-06-30" })
      expect(ok.status).toBe(200)
      expect(ok.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(plainText(ok.html)).toContain("已按比例登记实缴 3,000,000.00，共 2 位出资人")
      const calls = (await kejin.funds.ledger("angel-a", { kind: "call", from: "2026-06-30" })).map(
        (e) => (e.kind === "call" ? [e.commitment, e.amount.toFixed(2)] : []) // float-ok: Decimal.toFixed, exact
      )
      expect(calls).toEqual([
        [ids.c1, "2000000.00"],
        [ids.c2, "1000000.00"]
      ])
      expect(await ledgerSize("angel-a")).toBe(before + 2)
      // Over the uncalled total (400万 + 300万 − 300万 = 400万): the form again, the core's words at amount.
      const over = await submit(angelManager, page, "form-callProRata", {
        amount: "400.01万",
        on: "2026-06-30"
      })
      expect(over.status).toBe(422)
      expect(field(over.html, "form-callProRata", "amount")).toContain(
        "超过基金 2026-06-30 及之前的 2 笔认缴尚未实缴的合计 4000000.00"
      )
      expect(await ledgerSize("angel-a")).toBe(before + 2)
    })

    it("states a quarter per LP, with its export; another manager is refused", async () => {
      const q2 = await get(angelManager, "/funds/angel-a/lp-statement?asOf=2026-06-30&quarter=2026Q2")
      expect(q2.status).toBe(200)
      expect(q2.html).toContain(
        '<div class="table-scroll" tabindex="0"><table class="fund-table lp-statement-table">'
      )
      expect(q2.html).toContain('href="/api/v1/funds/angel-a/lp-statement/export.xlsx?quarter=2026Q2"')
      const [c1, , total] = rows(q2.html, "data-commitment").map(plainText)
      expect(c1).toBe(`某民营企业 #${ids.c1} · 民营 1,000万 525万 0元 0元 0元 525万`)
      expect(total).toBe("基金合计 1,500万 700万 0元 0元 0元 700万")
      // 2026Q1: no mark before it, so no opening balance; 225万 distributed in it.
      const q1 = await get(angelManager, "/funds/angel-a/lp-statement?asOf=2026-06-30&quarter=2026Q1")
      expect(plainText(rows(q1.html, "data-commitment")[0]!)).toBe(
        `某民营企业 #${ids.c1} · 民营 1,000万 — 0元 225万 — 525万`
      )
      expect(q1.html).toContain('<option value="2026Q1" selected="">2026Q1</option>')
      // The core's notes in the page's language: no NAV mark before the quarter opens.
      expect(q1.html).toContain("2025-12-31 及之前没有净值记录：各 LP 的净值份额、RVPI、TVPI 和 IRR 无法计算")
      expect(q1.html).not.toContain("no NAV mark")
      // Without a quarter: the last one ended by the page's date (2026-06-30 is in 2026Q2: 2026Q1).
      const latest = await get(angelManager, "/funds/angel-a/lp-statement?asOf=2026-06-30")
      expect(latest.html).toContain('<option value="2026Q1" selected="">2026Q1</option>')
      expect(latest.html).toContain("2026Q1（2026-01-01 – 2026-03-31）")
      const refused = await get(ventureManager, "/funds/angel-a/lp-statement?quarter=2026Q2")
      expect(refused.status).toBe(403)
      expect(rows(refused.html, "data-commitment")).toHaveLength(0)
      expect(refused.html).toContain(messageText("fund-statement-manager-only", {}, "zh"))
      const bad = await get(angelManager, "/funds/angel-a/lp-statement?quarter=2026Q9")
      expect(bad.status).toBe(400)
      expect(bad.html).toContain("must be a calendar quarter")
    })
  })

  describe("the fund page", () => {
    it("shows every figure, the IRRs as the core computes them, the cash flows, holdings and ledger", async () => {
      const { status, html } = await get(angelManager, `/funds/angel-a${ASOF}`)
      expect(status).toBe(200)
      expect(html).toMatch(/^<!doctype html>/)
      expect(html).toContain(
        '<a href="/api/v1/funds/angel-a/ledger/export.xlsx" download="" data-export="xlsx">'
      )
      expect(figureText(html, "committed")).toBe("1,500万")
      expect(figureText(html, "paid-in")).toBe("800万 (53.3%)")
      expect(figureText(html, "unfunded")).toBe("700万")
      expect(figureText(html, "invested")).toBe("600万")
      expect(figureText(html, "distributions")).toBe("300万")
      expect(figureText(html, "nav")).toBe("700万 (2026-03-31 估值)")
      expect(figureText(html, "dpi")).toBe("0.38×")
      expect(figureText(html, "rvpi")).toBe("0.88×")
      expect(figureText(html, "tvpi")).toBe("1.25×")
      expect(figureText(html, "moic")).toBe("1.50×")
      const net = xirr([
        { date: "2025-02-01", amount: "-8000000" },
        { date: "2026-03-15", amount: "3000000" },
        { date: "2026-06-30", amount: "7000000" }
      ])
      const gross = xirr([
        { date: "2025-03-01", amount: "-4000000" },
        { date: "2025-04-01", amount: "-2000000" },
        { date: "2026-03-01", amount: "3000000" },
        { date: "2026-06-30", amount: "6000000" }
      ])
      if (net._tag !== "Rate" || gross._tag !== "Rate") throw new Error("expected rates")
      expect(figureText(html, "net-irr")).toBe(`${(net.rate * 100).toFixed(2)}%`)
      expect(figureText(html, "gross-irr")).toBe(`${(gross.rate * 100).toFixed(2)}%`)
      // Calls negative, distributions positive, and the running net as a line, by quarter (past a year).
      expect(html).toContain('<th scope="row">2025-Q1</th><td title="-8,000,000.00">-800万</td><td>–</td>')
      expect(html).toContain('<th scope="row">2026-Q1</th><td>–</td><td title="3,000,000.00">300万</td>')
      expect(html).toContain('<td title="-5,000,000.00">-500万</td></tr></tbody>')
      const [first, second] = rows(html, "data-investment").map(plainText)
      expect(first).toBe(
        `#${ids.i1} · 2025-03-01 股权 · 天使轮 鹿城智造 ${uscc(1)} 400万 400万 600万 (2025-12-31) — 1.50× 本地 · 鹿城区`
      )
      expect(second).toBe(
        `#${ids.i2} · 2025-04-01 股权 杭州云栖 ${uscc(3, "330106")} 200万 0元 0元 (已退出) 300万 1.50× 外地 · 330106`
      )
      expect(html).toContain('data-local="no"')
      // The ledger, newest first: the NAV mark on top, the first commitment last.
      const ledger = rows(html, "data-entry")
      expect(ledger).toHaveLength(11)
      expect(plainText(ledger[0]!)).toMatch(/^\d+ 2026-03-31 净值 700万 基金净值 冲销/)
      expect(plainText(ledger.at(-1)!)).toContain("2025-01-10 认缴 1,000万 某民营企业 · 民营")
    })

    it("sees a fund through the funds it holds on its page", async () => {
      // venture-b becomes an LP of angel-a: 100万 committed and called (angel-a: 900万 called in all).
      const stake = await kejin.funds.commit({
        fund: "angel-a",
        on: "2025-01-10",
        lpFund: "venture-b",
        lpType: "state-owned",
        amount: "100万"
      })
      await kejin.funds.call({ commitment: stake.id, on: "2025-02-01", amount: "100万" })
      await kejin.funds.mark({ fund: "venture-b", on: "2026-03-31", nav: "0" })
      const { html } = await get(viewer, `/funds/venture-b${ASOF}`)
      expect(html).toContain('class="fund-look-through"')
      // Its share of angel-a's 700万 NAV by called capital: 700万 × 100 / 900 = 777,777.78.
      expect(plainText(rows(html, "data-stake").join(" "))).toContain("angel-a")
      expect(html).toContain("777,777.78")
      const holder = await get(viewer, `/funds/angel-a${ASOF}`)
      expect(holder.html).not.toContain('class="fund-look-through"')
    })

    it("gives the fund's manager every form, with the CSRF token, and a reversal per live entry", async () => {
      const { html } = await get(angelManager, `/funds/angel-a${ASOF}`)
      const paths = {
        commit: "commitments",
        call: "calls",
        callProRata: "pro-rata-calls",
        distribute: "distributions",
        distributeProRata: "pro-rata-distributions",
        mark: "marks",
        invest: "investments",
        value: "valuations",
        exit: "exits",
        convert: "conversions"
      }
      for (const [form, path] of Object.entries(paths)) {
        expect(html).toContain(
          `<form id="form-${form}" class="fund-form" method="post" action="/api/v1/funds/angel-a/${path}?asOf=2026-06-30" hx-post="/api/v1/funds/angel-a/${path}?asOf=2026-06-30" hx-target="#fund-sections" hx-swap="outerHTML"`
        )
      }
      // The register form and the reversals name the page's fund in the query (their routes do not).
      expect(html).toContain(
        'action="/api/v1/enterprises?asOf=2026-06-30&amp;fund=angel-a" hx-post="/api/v1/enterprises?asOf=2026-06-30&amp;fund=angel-a" hx-target="#box-invest" hx-swap="outerHTML" hx-include="#form-invest"'
      )
      expect(html).toContain(
        `action="/api/v1/fund-entries/${ids.c1}/reversal?asOf=2026-06-30&amp;fund=angel-a"`
      )
      // 10 ledger forms (the conversion's too), the status form, the register form, 11 reversal forms, the
      // header's sign-out form, and the currency and terms forms of the economics section.
      expect(html.match(/<input type="hidden" name="_csrf" value="t"\/?>/g)?.length).toBe(26)
      // The call form offers the commitments with something left to call; the holdings still held.
      expect(field(html, "form-call", "commitment")).toContain(
        `<option value="${ids.c1}">#${ids.c1} 某民营企业 · 未缴 4,000,000.00 / 10,000,000.00</option>`
      )
      expect(field(html, "form-exit", "investment")).toContain(`<option value="${ids.i1}">`)
      expect(field(html, "form-exit", "investment")).not.toContain(`<option value="${ids.i2}">`)
      // The date fields start at the page's date.
      expect(field(html, "form-call", "on")).toContain('value="2026-06-30"')
    })

    it("shows readers no forms and refuses their posts with 403; the core writes nothing", async () => {
      for (const actor of [viewer, bureau]) {
        const { status, html } = await get(actor, `/funds/angel-a${ASOF}`)
        expect(status).toBe(200)
        expect(figureText(html, "paid-in")).toBe("800万 (53.3%)")
        expect(html).not.toContain('class="fund-form"')
        expect(html).not.toContain("reverse-form")
        expect(html).not.toContain('id="fund-forms-title"')
        expect(rows(html, "data-entry")).toHaveLength(11)
        const before = await ledgerSize("angel-a")
        const refused = await post(actor, "/api/v1/funds/angel-a/calls", {
          commitment: String(ids.c1),
          amount: "1.00",
          on: "2026-06-30"
        })
        expect(refused.status).toBe(403)
        expect(
          (await post(actor, `/api/v1/fund-entries/${ids.c1}/reversal?fund=angel-a`, { reason: "x" })).status
        ).toBe(403)
        expect(await ledgerSize("angel-a")).toBe(before)
      }
    })

    it("refuses a fund manager another manager's fund: figures only, no forms, 403 on post", async () => {
      const { html } = await get(angelManager, `/funds/venture-b${ASOF}`)
      expect(figureText(html, "paid-in")).toBe("100万 (10.0%)")
      expect(html).toContain('data-ledger="hidden"')
      expect(html).not.toContain('class="fund-form"')
      expect(rows(html, "data-entry")).toHaveLength(0)
      const before = await ledgerSize("venture-b")
      const refused = await post(angelManager, "/api/v1/funds/venture-b/calls", {
        commitment: String(ids.v1),
        amount: "1.00",
        on: "2026-06-30"
      })
      expect(refused.status).toBe(403)
      expect(refused.headers.get("HX-Trigger")).toBeNull()
      expect(await ledgerSize("venture-b")).toBe(before)
      // Naming the other fund's commitment on one's own fund's page does not reach it either.
      const sideways = await post(angelManager, "/api/v1/funds/angel-a/calls", {
        commitment: String(ids.v1),
        amount: "1.00",
        on: "2026-06-30"
      })
      expect(sideways.status).toBe(422)
      // The core refuses it (the route's fund names the entry's), at the field.
      expect(field(sideways.html, "form-call", "commitment")).toContain(
        `认缴 ${ids.v1} 不是基金 angel-a 的台账记录`
      )
      expect(await ledgerSize("venture-b")).toBe(before)
      // A commitment that is not there at all: the form again, saying so at the field.
      const missing = await post(angelManager, "/api/v1/funds/angel-a/calls", {
        commitment: "999999",
        amount: "1.00",
        on: "2026-06-30"
      })
      expect(missing.status).toBe(422)
      expect(field(missing.html, "form-call", "commitment")).toContain("commitment 999999 was not found")
      // Nor may they register an enterprise from the other fund's page.
      const register = await post(angelManager, "/api/v1/enterprises?fund=venture-b", {
        "reg-uscc": uscc(8),
        "reg-name": "旁门企业",
        "reg-district": "330302",
        "reg-industry": "激光",
        "reg-stage": "seed",
        "reg-techCategory": "frontier"
      })
      expect(register.status).toBe(403)
      await expect(kejin.registry.enterpriseByUscc(uscc(8))).rejects.toThrow()
      // And the core refuses the venture manager's own post to angel-a the same way.
      expect((await post(ventureManager, "/api/v1/funds/angel-a/distributions", {})).status).toBe(403)
    })

    it("a call above the unfunded amount is 422: the form alone, the core's error next to amount", async () => {
      const before = await ledgerSize("angel-a")
      const response = await post(angelManager, `/api/v1/funds/angel-a/calls${ASOF}`, {
        commitment: String(ids.c1),
        amount: "4000000.01",
        on: "2026-06-30"
      })
      expect(response.status).toBe(422)
      expect(response.headers.get("HX-Retarget")).toBe("#box-call")
      expect(response.headers.get("HX-Reswap")).toBe("outerHTML")
      expect(response.headers.get("HX-Trigger")).toBeNull()
      expect(response.html).toMatch(/^<details id="box-call" class="fund-form-box" open="" data-form="call">/)
      const amount = field(response.html, "form-call", "amount")
      expect(amount).toContain('class="field field--error"')
      expect(amount).toContain('value="4000000.01"')
      expect(amount).toContain('aria-invalid="true"')
      expect(amount).toContain(
        '<span class="field-error" id="form-call-amount-error">超过认缴尚未实缴的金额 4000000.00（认缴 10000000.00，已实缴 6000000.00）</span>'
      )
      expect(field(response.html, "form-call", "commitment")).toContain(
        `<option value="${ids.c1}" selected="">`
      )
      expect(field(response.html, "form-call", "on")).not.toContain("field-error")
      expect(await ledgerSize("angel-a")).toBe(before)
    })

    it("names every bad field of a form; a blank choice says it must be chosen", async () => {
      const response = await post(angelManager, "/api/v1/funds/angel-a/exits", {
        investment: "",
        proceeds: "abc",
        route: "",
        on: "2026-13-01"
      })
      expect(response.status).toBe(422)
      expect(field(response.html, "form-exit", "investment")).toContain(">请选择</span>")
      expect(field(response.html, "form-exit", "proceeds")).toContain("field-error")
      expect(field(response.html, "form-exit", "route")).toContain("field-error")
      expect(field(response.html, "form-exit", "on")).toContain("field-error")
      expect(field(response.html, "form-exit", "costBasis")).not.toContain("field-error")
    })

    it("records a call: the refreshed sections with the new figures and HX-Trigger", async () => {
      const response = await post(angelManager, `/api/v1/funds/angel-a/calls${ASOF}`, {
        commitment: String(ids.c1),
        amount: "100万",
        on: "2026-06-01"
      })
      expect(response.status).toBe(200)
      expect(response.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(response.html).toMatch(/^<div id="fund-sections" class="fund-sections">/)
      expect(response.html).toMatch(/已登记实缴 #\d+。/)
      expect(figureText(response.html, "paid-in")).toBe("900万 (60.0%)")
      expect(figureText(response.html, "unfunded")).toBe("600万")
      const [top] = rows(response.html, "data-entry")
      expect(plainText(top!)).toMatch(/^\d+ 2026-06-01 实缴 100万 认缴 #\d+ · 某民营企业/)
      // Fresh forms: nothing left open.
      expect(response.html).not.toContain('open=""')
    })

    it("records the fund's status from its page's form; a date after today is the core's 422 at its field", async () => {
      const page = `/funds/angel-a${ASOF}`
      const late = await submit(angelManager, page, "form-status", { status: "harvesting", on: "2099-01-01" })
      expect(late.status).toBe(422)
      expect(late.html).toMatch(/id="form-status-on-error"/)
      expect((await kejin.funds.get("angel-a")).status).not.toBe("harvesting")
      const ok = await submit(angelManager, page, "form-status", { status: "harvesting", on: "2026-06-01" })
      expect(ok.status).toBe(200)
      expect(ok.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(plainText(ok.html)).toContain("已登记基金状态：")
      expect((await kejin.funds.get("angel-a")).status).toBe("harvesting")
    })

    it("reverses an entry, and explains why an entry with live dependents cannot be", async () => {
      // A call of 100万 posted by mistake (paid-in 900万), the latest call: the one reversed below.
      await kejin.funds.call({ commitment: ids.c1, on: "2026-06-01", amount: "100万" })
      const blocked = await post(
        angelManager,
        `/api/v1/fund-entries/${ids.c1}/reversal${ASOF}&fund=angel-a`,
        {
          reason: "entered twice"
        }
      )
      expect(blocked.status).toBe(422)
      expect(blocked.html).toContain(`认缴 ${ids.c1} 还有有效的实缴（记录 `)
      expect(blocked.html).toContain("：请先冲销它们")
      expect(blocked.html).toContain('<details class="reverse" open="">')
      const blank = await post(angelManager, `/api/v1/fund-entries/${ids.c2}/reversal?fund=angel-a`, {
        reason: " "
      })
      expect(blank.status).toBe(422)
      expect(blank.html).toMatch(/id="reverse-\d+-reason-error">不能为空/)
      const [latest] = (await kejin.funds.ledger("angel-a", { kind: "call" })).slice(-1)
      const done = await post(
        angelManager,
        `/api/v1/fund-entries/${latest!.id}/reversal${ASOF}&fund=angel-a`,
        {
          reason: "posted by mistake"
        }
      )
      expect(done.status).toBe(200)
      expect(done.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(figureText(done.html, "paid-in")).toBe("800万 (53.3%)")
      expect(done.html).toMatch(
        new RegExp(`<tr data-entry="${latest!.id}" data-kind="call" class="entry entry--reversed">`)
      )
      expect(plainText(done.html)).toContain("posted by mistake")
      // Not an entry of this fund: 404.
      expect(
        (await post(angelManager, `/api/v1/fund-entries/${ids.v1}/reversal?fund=angel-a`, { reason: "x" }))
          .status
      ).toBe(404)
    })

    it("the conversion form offers the convertible holdings not converted yet and records a conversion", async () => {
      const convertible = await kejin.funds.invest(
        {
          fund: "angel-a",
          enterprise: uscc(1),
          on: "2026-05-10",
          amount: "2000000.00",
          instrument: "convertible"
        },
        { actor: angelManager }
      )
      const page = await get(angelManager, `/funds/angel-a${ASOF}`)
      const offered = field(page.html, "form-convert", "investment")
      expect(offered).toContain(`<option value="${convertible.id}">`)
      // Equity holdings are not convertible.
      expect(offered).not.toContain(`<option value="${ids.i1}">`)
      const refused = await post(angelManager, `/api/v1/funds/angel-a/conversions${ASOF}`, {
        investment: String(convertible.id),
        shares: "",
        price: "8",
        on: "2026-06-01"
      })
      expect(refused.status).toBe(422)
      expect(field(refused.html, "form-convert", "price")).toContain('value="8"')
      const done = await post(angelManager, `/api/v1/funds/angel-a/conversions${ASOF}`, {
        investment: String(convertible.id),
        shares: "250000",
        price: "8",
        on: "2026-06-01"
      })
      expect(done.status).toBe(200)
      const [conversion] = await kejin.funds.conversions("angel-a")
      expect(conversion?.investment).toBe(convertible.id)
      expect(conversion?.cost.toFixed(2)).toBe("2000000.00")
      expect(plainText(done.html)).toContain(`已登记转股 #${conversion?.id}`)
      // Converted: no longer offered.
      expect(field(done.html, "form-convert", "investment")).not.toContain(
        `<option value="${convertible.id}">`
      )
    })

    it("an unregistered credit code opens the register form; registering keeps the investment typed", async () => {
      const newcomer = uscc(9, "330303")
      const investment = {
        enterprise: newcomer,
        amount: "300万",
        on: "2026-06-15",
        instrument: "convertible",
        round: "A"
      }
      const first = await post(angelManager, `/api/v1/funds/angel-a/investments${ASOF}`, investment)
      expect(first.status).toBe(422)
      expect(first.headers.get("HX-Retarget")).toBe("#box-invest")
      // Said in the page's language, from the forms' catalogue (the API's problem keeps the core's English).
      expect(field(first.html, "form-invest", "enterprise")).toContain(
        "企业库中没有此统一社会信用代码的企业，专利质押登记中也没有：请先登记该企业"
      )
      expect(first.html).not.toContain("add it to the registry first")
      const english = await post(angelManager, `/api/v1/funds/angel-a/investments${ASOF}&lang=en`, investment)
      expect(english.status).toBe(422)
      expect(field(english.html, "form-invest", "enterprise")).toContain(
        `no enterprise with the credit code ${newcomer} is registered: add it to the registry first`
      )
      expect(first.html).toContain('<details class="register-enterprise" open="">')
      expect(field(first.html, "form-enterprise", "reg-uscc")).toContain(`value="${newcomer}"`)

      const badRegistration = await post(angelManager, `/api/v1/enterprises${ASOF}&fund=angel-a`, {
        ...investment,
        "reg-uscc": newcomer,
        "reg-name": "",
        "reg-district": "330303",
        "reg-industry": "激光",
        "reg-stage": "seed",
        "reg-techCategory": "frontier"
      })
      expect(badRegistration.status).toBe(422)
      // The catalogue's words on a Chinese page, not the core's English.
      expect(field(badRegistration.html, "form-enterprise", "reg-name")).toContain("不能为空")
      expect(field(badRegistration.html, "form-invest", "amount")).toContain('value="300万"')

      const registered = await post(angelManager, `/api/v1/enterprises${ASOF}&fund=angel-a`, {
        ...investment,
        "reg-uscc": newcomer,
        "reg-name": "龙湾激光",
        "reg-district": "330303",
        "reg-industry": "激光",
        "reg-stage": "seed",
        "reg-techCategory": "frontier"
      })
      expect(registered.status).toBe(200)
      expect(registered.html).toMatch(/^<details id="box-invest"/)
      expect(registered.html).toContain(`已登记企业 龙湾激光（${newcomer}），请继续登记投资。`)
      expect(field(registered.html, "form-invest", "enterprise")).toContain(`value="${newcomer}"`)
      expect(field(registered.html, "form-invest", "amount")).toContain('value="300万"')
      expect((await kejin.registry.enterpriseByUscc(newcomer)).name).toBe("龙湾激光")

      const recorded = await post(angelManager, `/api/v1/funds/angel-a/investments${ASOF}`, investment)
      expect(recorded.status).toBe(200)
      expect(figureText(recorded.html, "invested")).toBe("900万")
      const holdings = rows(recorded.html, "data-investment").map(plainText)
      expect(holdings).toHaveLength(3)
      expect(holdings[2]).toContain(`龙湾激光 ${newcomer} 300万 300万 300万 (按成本) — 1.00× 本地 · 龙湾区`)
    })

    it("finds an enterprise a pledge registration named: invested in without entering it again", async () => {
      const pledgor = uscc(10, "330303")
      await kejin.pledges.record({
        registrationNo: "Y2026330000777",
        pledgor: { uscc: pledgor, name: "龙湾质押科技有限公司", district: "330303" },
        pledgee: { name: "温州银行" },
        patents: [`ZL${makePatentNumber("201910000077")}`],
        amount: "2000000.00",
        registeredOn: "2026-02-01"
      })
      const investment = { enterprise: pledgor, amount: "100万", on: "2026-06-15", instrument: "equity" }
      // What no pledge says is asked for at its field.
      const asked = await post(angelManager, `/api/v1/funds/angel-a/investments${ASOF}`, investment)
      expect(asked.status).toBe(422)
      expect(field(asked.html, "form-invest", "stage")).toContain("Y2026330000777")
      expect(asked.html).not.toContain('<details class="register-enterprise" open="">')
      const recorded = await post(angelManager, `/api/v1/funds/angel-a/investments${ASOF}`, {
        ...investment,
        stage: "start-up",
        techCategory: "frontier"
      })
      expect(recorded.status).toBe(200)
      expect(plainText(recorded.html)).toContain(`龙湾质押科技有限公司 ${pledgor} 100万`)
      expect((await kejin.registry.enterpriseByUscc(pledgor)).district).toBe("330303")
    })

    it("without JavaScript: success redirects to the page, an error renders the page with the form's errors", async () => {
      const ok = await post(
        angelManager,
        `/api/v1/funds/angel-a/marks${ASOF}`,
        { nav: "750万", on: "2026-06-30" },
        false
      )
      expect(ok.status).toBe(303)
      expect(ok.headers.get("location")).toBe("/funds/angel-a?asOf=2026-06-30")
      const bad = await post(
        angelManager,
        "/api/v1/funds/angel-a/marks",
        { nav: "-1", on: "2026-06-30" },
        false
      )
      expect(bad.status).toBe(422)
      expect(bad.html).toMatch(/^<!doctype html>/)
      expect(field(bad.html, "form-mark", "nav")).toContain("不得为负数")
    })

    it("answers 404 for a fund that does not exist or a code that cannot be one", async () => {
      expect((await get(viewer, "/funds/no-such-fund")).status).toBe(404)
      expect((await get(viewer, "/funds/Not%20A%20Code")).status).toBe(404)
      expect(
        (await post(admin, "/api/v1/funds/no-such-fund/marks", { nav: "1.00", on: "2026-06-30" })).status
      ).toBe(404)
    })

    it("rolls the NAV forward from the mark: a distribution after it does not raise TVPI, and the page says so", async () => {
      // 100万 distributed on 2026-04-15, after the 2026-03-31 mark of 700万: NAV 700 − 100 = 600万,
      // distributions 400万, TVPI (400 + 600) / 800 = 1.25 as before.
      await kejin.funds.distribute({
        fund: "angel-a",
        on: "2026-04-15",
        distributionKind: "gain",
        amount: "100万"
      })
      const zh = await get(angelManager, `/funds/angel-a${ASOF}`)
      expect(figureText(zh.html, "distributions")).toBe("400万")
      expect(figureText(zh.html, "nav")).toBe(
        "600万 (依据 2026-03-31 估值，按其后现金流调整： 700万 − 分配 100万 )"
      )
      expect(figureText(zh.html, "tvpi")).toBe("1.25×")
      const en = await get(angelManager, `/funds/angel-a${ASOF}&lang=en`)
      // The forms' examples in plain yuan: no placeholder says 亿/万 on an English page.
      const placeholders = [...en.html.matchAll(/placeholder="([^"]*)"/g)].map((m) => m[1])
      expect(placeholders).toContain("5000000.00")
      expect(placeholders.filter((p) => /[亿万]/.test(p!))).toEqual([])
      expect(figureText(en.html, "nav")).toBe(
        "6 M (based on the mark of 2026-03-31 adjusted by flows since: 7 M − distributions 1 M )"
      )
    })

    it("says why there is no net IRR for a fund without a NAV mark, and speaks English", async () => {
      const { html } = await get(ventureManager, `/funds/venture-b${ASOF}&lang=en`)
      expect(figureText(html, "nav")).toBe("—")
      expect(figureText(html, "net-irr")).toBe(
        "no rate (no NAV mark on or before 2026-06-30: the net IRR needs the NAV as its last flow)"
      )
      expect(html).toContain("no NAV mark on or before 2026-06-30 for venture-b")
      expect(plainText(html)).toContain("Committed 10 M")
      expect(html).not.toContain("认缴")
    })
  })

  describe("the funds list", () => {
    it("filters by kind and chain stage and pages through", async () => {
      const angel = await get(viewer, "/funds?kind=chain&stage=angel")
      expect(rows(angel.html, "data-fund").map((r) => /data-fund="([^"]+)"/.exec(r)?.[1])).toEqual([
        "angel-a"
      ])
      expect(angel.html).toContain('<option value="angel" selected="">')
      // The exports of the list the page shows, with its filters under the list's own names.
      expect(angel.html).toContain(
        '<a href="/api/v1/funds/export.csv?kind=chain&amp;chainStage=angel" download="" data-export="csv">导出 CSV</a>'
      )
      expect(angel.html).toContain(
        '<a href="/api/v1/funds/export.xlsx?kind=chain&amp;chainStage=angel" download="" data-export="xlsx">导出 Excel</a>'
      )
      const none = await get(viewer, "/funds?kind=city-fund")
      expect(none.html).toContain("没有符合条件的基金")
      // Beyond the last page: the last page. Unknown filters are ignored.
      const far = await get(viewer, "/funds?page=99&kind=nonsense")
      expect(rows(far.html, "data-fund")).toHaveLength(2)
      expect(plainText(far.html)).toContain("第 1 / 1 页 · 共 2 支基金")
      expect(far.html).not.toContain("fund-create")
    })

    it("lets an administrator create a fund; a fund manager may not", async () => {
      const managers = await kejin.registry.institutions({ kind: "fund-manager" })
      const form = {
        code: "wz-industrial-9",
        name: "温州产业基金九号",
        kind: "chain",
        chainStage: "industrial",
        parent: "",
        manager: String(managers[0]!.id),
        targetSize: "5亿",
        vintage: "2026-01-01",
        status: "",
        origin: "",
        district: "330382",
        reinvestRequired: ""
      }
      expect((await post(angelManager, "/api/v1/funds", form)).status).toBe(403)
      const bad = await post(admin, "/api/v1/funds", { ...form, code: "Bad Code", manager: "" })
      expect(bad.status).toBe(422)
      expect(bad.headers.get("HX-Retarget")).toBe("#box-fund-create")
      expect(field(bad.html, "form-fund-create", "code")).toContain("must be a lowercase slug")
      expect(field(bad.html, "form-fund-create", "manager")).toContain(">请选择</span>")
      expect(field(bad.html, "form-fund-create", "name")).toContain('value="温州产业基金九号"')
      const created = await post(admin, "/api/v1/funds", form)
      expect(created.status).toBe(200)
      expect(created.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(created.html).toContain("已新建基金 温州产业基金九号（wz-industrial-9）。")
      expect(rows(created.html, "data-fund")).toHaveLength(3)
      const duplicate = await post(admin, "/api/v1/funds", form)
      expect(duplicate.status).toBe(409)
      expect(field(duplicate.html, "form-fund-create", "code")).toContain(
        "代码为 wz-industrial-9 的基金已存在"
      )
    })

    it("escapes a fund's name everywhere it is shown", async () => {
      const managers = await kejin.registry.institutions({ kind: "fund-manager" })
      const payload = `<script>alert("x")</script><img src=x onerror=alert(1)>`
      await kejin.funds.create({
        code: "xss-fund",
        name: payload,
        kind: "chain",
        chainStage: "merchant",
        manager: managers[0]!.id,
        targetSize: "1亿",
        vintage: "2026-01-01",
        district: "330302"
      })
      const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
      for (const path of ["/funds", "/funds/xss-fund", "/panels/equity-chain/funds"]) {
        const { html } = await get(admin, path, path.startsWith("/panels") ? HX : {})
        expect(html).toContain(escaped)
        expect(html).not.toContain("<script>alert")
        expect(html).not.toContain("<img src=x")
      }
      // In another fund's LP select too.
      const { html } = await get(angelManager, "/funds/angel-a")
      expect(html).toContain(`${escaped} (xss-fund)</option>`)
    })
  })
})
