/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, openKejin } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { fieldHtml, formHtml, plainText } from "../testing/html.js"
import { equityChainPlugin } from "./equity-chain-plugin.js"

const admin: Actor = { id: "root", role: "admin" }
const viewer: Actor = { id: "visitor", role: "viewer" }

/*
 * Fund eu-fund, by hand: 100,000,000 committed and called on 2025-01-01; terms 2 % on commitment to
 * 2027-01-01, hurdle 8 %, carry 20 %, full catch-up, European; 120,000,000 distributed on 2026-01-01
 * (365 days: P = 8,000,000): capital 100,000,000 + P 8,000,000 to the LPs, catch-up 2,000,000 to the GP,
 * the 10,000,000 left split 8,000,000 / 2,000,000 → LP 116,000,000, GP 4,000,000. Fees: 2025 2,000,000.00.
 */
const seed = async (kejin: Kejin) => {
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })).id
  await kejin.funds.create({
    code: "eu-fund",
    name: "瓯江欧式基金",
    kind: "chain",
    chainStage: "venture",
    manager,
    targetSize: "100000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
  const c = await kejin.funds.commit({
    fund: "eu-fund",
    on: "2025-01-01",
    lpName: "财政出资",
    lpType: "fiscal",
    amount: "100000000.00"
  })
  await kejin.funds.call({ commitment: c.id, on: "2025-01-01", amount: "100000000.00" })
  await kejin.funds.distribute({
    fund: "eu-fund",
    on: "2026-01-01",
    distributionKind: "gain",
    amount: "120000000.00"
  })
}

const terms = {
  feeRateOnCommitment: "0.02",
  feeRateOnCost: "0.015",
  investmentPeriodEnd: "2027-01-01",
  hurdle: "0.08",
  carry: "0.2",
  catchUp: "1",
  waterfall: "european"
}

describe("fund economics on the fund page and the rates page", () => {
  let kejin: Kejin
  const { get, submit } = dashboardClient(() => kejin, [equityChainPlugin])

  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:", clock: { today: "2026-12-06" } })
    await seed(kejin)
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("shows the currency, and asks for terms before fees and the split", async () => {
    const { status, html } = await get(viewer, "/funds/eu-fund?asOf=2025-12-31")
    expect(status).toBe(200)
    expect(html).toContain('data-fund-currency="CNY"')
    expect(html).toContain("尚未设定条款")
    // A reader gets no forms.
    expect(html).not.toContain('id="fund-terms"')
  })

  it("records terms through the form, then shows them, the fee schedule and the LP / GP split", async () => {
    const answer = await submit(admin, "/funds/eu-fund", "fund-terms", terms)
    expect(answer.status).toBe(200)
    expect(answer.headers.get("HX-Trigger")).toBe("kejin-changed")
    const { html } = await get(viewer, "/funds/eu-fund?asOf=2026-06-30")
    expect(html).toContain('data-terms-version="1"')
    const split = /<table class="funds-table" data-table="lp-gp-split">[\s\S]*?<\/table>/.exec(html)![0]
    const row = /<tr data-distribution="[0-9]+">[\s\S]*?<\/tr>/.exec(split)![0]
    // 1.20亿 distributed: 1.16亿 to the LPs, 400万 to the GP (exact amounts on hover).
    expect(row).toContain('title="116,000,000.00"')
    expect(row).toContain('title="4,000,000.00"')
    const fees = /<table class="funds-table" data-table="fees">[\s\S]*?<\/table>/.exec(html)![0]
    expect(plainText(fees)).toContain("2025-01-01 – 2026-01-01")
    expect(fees).toContain('title="2,000,000.00"')
    expect((await kejin.funds.terms.get("eu-fund")).versions).toHaveLength(1)
    // The LP statement of 2026 Q1 splits the quarter's distribution the same way.
    const statement = await get(admin, "/funds/eu-fund/lp-statement?quarter=2026Q1")
    expect(statement.status).toBe(200)
    const quarter = /<section class="lp-gp-split"[\s\S]*?<\/section>/.exec(statement.html)![0]
    expect(quarter).toContain('title="116,000,000.00"')
    expect(quarter).toContain('title="4,000,000.00"')
    const q4 = await get(admin, "/funds/eu-fund/lp-statement?quarter=2025Q4")
    expect(/<section class="lp-gp-split"[\s\S]*?<\/section>/.exec(q4.html)![0]).toContain("尚无分配")
  })

  it("refuses bad terms with the core's error next to the field", async () => {
    const answer = await submit(admin, "/funds/eu-fund", "fund-terms", { ...terms, catchUp: "0.1" })
    expect(answer.status).toBe(422)
    expect(fieldHtml(formHtml(answer.html, "fund-terms"), "catchUp")).toContain("追赶比例须为 0")
    expect((await kejin.funds.terms.get("eu-fund")).versions).toHaveLength(0)
  })

  it("lists the rate table and records a rate through its form; ZZZ is refused in the page's language", async () => {
    const empty = await get(admin, "/fx-rates")
    expect(empty.status).toBe(200)
    expect(empty.html).toContain("尚无汇率")
    const bad = await submit(admin, "/fx-rates", "fx-rate", {
      currency: "ZZZ",
      on: "2025-06-30",
      rate: "7",
      source: "CFETS 中间价"
    })
    expect(bad.status).toBe(422)
    expect(fieldHtml(formHtml(bad.html, "fx-rate"), "currency")).toContain("不是现行的 ISO 4217 货币代码")
    const ok = await submit(admin, "/fx-rates", "fx-rate", {
      currency: "USD",
      on: "2025-06-30",
      rate: "7.1586",
      source: "CFETS 中间价"
    })
    expect(ok.status).toBe(200)
    const { html } = await get(viewer, "/fx-rates?lang=en")
    const table = /<table class="funds-table" data-table="fx-rates">[\s\S]*?<\/table>/.exec(html)![0]
    expect(plainText(table)).toContain("2025-06-30 USD 7.1586 CFETS 中间价")
    // A reader sees the table, not the forms.
    expect(html).not.toContain('id="fx-rate"')
  })

  it("shows a fund's figures in its currency beside yuan once the currency is set", async () => {
    await submit(admin, "/funds/eu-fund", "fund-currency", { currency: "USD" })
    await kejin.funds.rates.record({ currency: "USD", on: "2024-12-31", rate: "7.3", source: "CFETS 中间价" })
    await kejin.funds.rates.record({ currency: "USD", on: "2025-12-31", rate: "7.5", source: "CFETS 中间价" })
    await kejin.funds.mark({ fund: "eu-fund", on: "2026-01-01", nav: "0.00" })
    const { html } = await get(viewer, "/funds/eu-fund?asOf=2026-06-30&lang=en")
    expect(html).toContain('data-fund-currency="USD"')
    const table = /<table class="funds-table" data-table="currency-figures">[\s\S]*?<\/table>/.exec(html)![0]
    // Paid in 100,000,000 yuan at 7.3 = USD 13,698,630.14; distributed 120,000,000 at 7.5 = USD 16,000,000.00.
    expect(plainText(table)).toContain("USD 13,698,630.14")
    expect(plainText(table)).toContain("USD 16,000,000.00")
  })
})
