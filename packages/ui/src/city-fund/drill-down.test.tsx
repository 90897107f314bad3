/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { equityChainPlugin } from "../equity/equity-chain-plugin.js"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { recordsPlugin } from "../records/records-plugin.js"
import { targetsPlugin } from "../targets/targets-plugin.js"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { cityFundPlugin } from "./city-fund-plugin.js"

// Drill-down from the city fund's figures and from a target's actual value to the list of the records
// behind them, whose filtered total is the figure: the commitments and calls counted (a reversed one left
// out), the year's direct investments, and the registrations a pledge target adds up.

const viewer: Actor = { id: "visitor", role: "viewer" }
const manager: Actor = { id: "li.na", role: "fund-manager", funds: ["angel-x"] }
const bureau: Actor = { id: "wang.ke", role: "bureau" }
const ASOF = "asOf=2026-06-30"
const uscc = (n: number) => makeUscc(`91330302MA3${String(n).padStart(6, "0")}`)

/** The `href` of the link `data-drill="<kind>"` in `html` (entities decoded), and the exact amount it shows. */
const drill = (html: string, kind: string) => {
  const match = new RegExp(`<a href="([^"]+)"[^>]*data-drill="${kind}"[^>]*>([\\s\\S]*?)</a>`).exec(html)
  if (match === null) throw new Error(`no drill-down ${kind}`)
  return {
    href: match[1]!.replaceAll("&amp;", "&"),
    amount: /title="([^"]+)"/.exec(match[2]!)?.[1],
    text: plainText(match[2]!)
  }
}

/** The list's total: its count and its exact amount. */
const totalOf = (html: string) => {
  const match = /<p class="list-total"[^>]*>([\s\S]*?)<\/p>/.exec(html)
  if (match === null) throw new Error(`no list total in ${html}`)
  return {
    count: Number(/^(\d+)/.exec(plainText(match[1]!))?.[1]),
    amount: /title="([^"]+)"/.exec(match[1]!)?.[1]
  }
}

for (const dialect of testDialects()) {
  describe(`drill-down from the city fund and the targets on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { get } = dashboardClient(
      () => kejin,
      [cityFundPlugin, equityChainPlugin, targetsPlugin, patentPledgePlugin, recordsPlugin()]
    )

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2026-09-01" } })
      const fundManager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      const base = { industry: "智能装备", stage: "growth", techCategory: "other" }
      await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城智造", district: "330302", ...base })
      await kejin.registry.addEnterprise({ uscc: uscc(2), name: "鹿城光电", district: "330302", ...base })
      await kejin.funds.create({
        code: "wz-city",
        kind: "city-fund",
        name: "温州市科创基金",
        manager: fundManager,
        targetSize: "10000000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      const commit = async (on: string, amount: string, lpName: string) =>
        (await kejin.funds.commit({ fund: "wz-city", on, amount, lpName, lpType: "fiscal" })).id
      const fiscal = await commit("2025-01-10", "3000000000.00", "温州市财政局")
      const late = await commit("2026-03-10", "1234567.89", "鹿城区财政局")
      const wrong = await commit("2026-04-10", "500000000.00", "录错的出资")
      await kejin.funds.reverse(wrong, "录错")
      await kejin.funds.commit({
        fund: "wz-city",
        on: "2026-08-01",
        amount: "100.00",
        lpName: "日后",
        lpType: "fiscal"
      })
      await kejin.funds.call({ commitment: fiscal, on: "2025-02-01", amount: "900000000.00" })
      await kejin.funds.call({ commitment: late, on: "2026-04-01", amount: "1000000.01" })
      const invest = (enterprise: string, on: string, amount: string, techCategory: string) =>
        kejin.funds.invest({ fund: "wz-city", enterprise, on, amount, instrument: "equity", techCategory })
      await invest(uscc(1), "2025-06-01", "10000000.00", "frontier")
      await invest(uscc(1), "2026-02-01", "10000000.00", "key-generic")
      await invest(uscc(2), "2026-03-01", "20000000.00", "frontier")
      await kejin.targets.create(
        {
          key: "city-commitments",
          label: "市科创基金认缴",
          labelEn: "City fund commitments",
          unit: "yuan",
          target: "5000000000.00",
          metric: "city-fund-committed"
        },
        { actor: bureau }
      )
      // A sub-fund of the city fund: its LPs (the city fund, a state-owned and a private one, a reversed one)
      // and its investments in Wenzhou and outside.
      await kejin.registry.addEnterprise({ uscc: uscc(3), name: "杭州外投", district: "330106", ...base })
      await kejin.funds.create({
        code: "wz-sub",
        kind: "sub-fund",
        parent: "wz-city",
        name: "温州天使子基金",
        manager: fundManager,
        targetSize: "1000000000.00",
        vintage: "2025-01-01",
        district: "330302",
        reinvestRequired: "1.5"
      })
      await kejin.funds.commit({
        fund: "wz-sub",
        on: "2025-03-01",
        amount: "200000000.00",
        lpFund: "wz-city",
        lpType: "fiscal"
      })
      await kejin.funds.commit({
        fund: "wz-sub",
        on: "2025-03-02",
        amount: "100000000.01",
        lpName: "温州国投",
        lpType: "state-owned"
      })
      await kejin.funds.commit({
        fund: "wz-sub",
        on: "2025-03-03",
        amount: "300000000.00",
        lpName: "民营出资人",
        lpType: "private"
      })
      const slip = await kejin.funds.commit({
        fund: "wz-sub",
        on: "2025-03-04",
        amount: "5.00",
        lpName: "录错",
        lpType: "fiscal"
      })
      await kejin.funds.reverse(slip.id, "录错")
      const subInvest = (enterprise: string, on: string, amount: string) =>
        kejin.funds.invest({ fund: "wz-sub", enterprise, on, amount, instrument: "equity" })
      await subInvest(uscc(1), "2025-07-01", "40000000.00")
      await subInvest(uscc(2), "2025-08-01", "25000000.03")
      await subInvest(uscc(3), "2025-09-01", "60000000.00")
      for (const [key, label, labelEn, unit, target, metric] of [
        [
          "inclusive",
          "普惠专利质押融资",
          "Inclusive pledges",
          "yuan",
          "500000000.00",
          "pledge-inclusive-amount"
        ],
        ["first", "首次质押登记", "First pledges", "count", "100", "pledge-first-registrations"],
        ["index-loans", "科创指数贷", "Index loans", "yuan", "100000000.00", "index-loan-amount"]
      ] as const)
        await kejin.targets.create({ key, label, labelEn, unit, target, metric }, { actor: bureau })
      await kejin.targets.create(
        {
          key: "pledges",
          label: "专利质押融资",
          labelEn: "Patent pledge financing",
          unit: "yuan",
          target: "2500000000.00",
          metric: "pledge-amount"
        },
        { actor: bureau }
      )
      await kejin.pledges.record({
        registrationNo: "DD2026000001",
        pledgor: { uscc: uscc(1), name: "鹿城智造", district: "330302" },
        pledgee: { name: "温州银行" },
        patents: [`ZL${makePatentNumber("202410000001")}`],
        amount: "7654321.09",
        registeredOn: "2026-05-01"
      })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("the scale card's commitments and paid-in link to the entries counted, with the same exact total", async () => {
      const { status, html } = await get(viewer, `/panels/city-fund/scale?${ASOF}`)
      expect(status).toBe(200)
      const committed = drill(html, "commitment")
      expect(committed.amount).toBe("3,001,234,567.89")
      expect(committed.href).toBe(
        "/funds/wz-city/ledger?asOf=2026-06-30&kind=commitment&to=2026-06-30&includeReversed=false"
      )
      const list = await get(viewer, committed.href)
      expect(list.status).toBe(200)
      expect(totalOf(list.html)).toEqual({ count: 2, amount: committed.amount })
      expect(list.html).not.toContain("录错的出资")
      expect(list.html).not.toContain("日后")
      // The filters are in the form, as the declaration of funds.ledger names them.
      expect(list.html).toMatch(/<option value="commitment" selected/)
      expect(list.html).toContain('value="2026-06-30"')
      expect(list.html).toContain("/api/v1/funds/wz-city/ledger/export.csv?")

      const paid = drill(html, "call")
      const calls = await get(viewer, paid.href)
      expect(totalOf(calls.html)).toEqual({ count: 2, amount: paid.amount })
      expect(paid.amount).toBe("901,000,000.01")
    })

    it("the direct-investment count links to the year's investments of the city fund", async () => {
      const { html } = await get(viewer, `/panels/city-fund/direct?${ASOF}`)
      const direct = drill(html, "investment")
      expect(direct.text).toBe("2")
      expect(direct.href).toContain("kind=investment&mode=direct&from=2026-01-01&to=2026-06-30")
      const list = await get(viewer, direct.href)
      expect(totalOf(list.html)).toEqual({ count: 2, amount: "30,000,000.00" })
      expect(plainText(list.html)).toContain("鹿城光电")
    })

    it("a target's actual value links to the records it adds up, on the panel and on /targets", async () => {
      for (const path of [`/panels/targets/progress?${ASOF}`, `/targets?${ASOF}`]) {
        const { html } = await get(viewer, path)
        const links = [
          ...html.matchAll(/<a href="([^"]+)" data-drill="target-value"[^>]*>([\s\S]*?)<\/a>/g)
        ].map((m) => ({
          href: m[1]!.replaceAll("&amp;", "&"),
          amount: /title="([^"]+)"/.exec(m[2]!)?.[1],
          text: plainText(m[2]!)
        }))
        // The demo's default targets (the city fund's scale and direct investments) and the two set here.
        expect(links.map((l) => l.href).sort(), path).toEqual([
          "/funds/wz-city/ledger?asOf=2026-06-30&kind=commitment&from=2025-01-01&to=2026-06-30&includeReversed=false",
          "/funds/wz-city/ledger?asOf=2026-06-30&kind=commitment&from=2026-01-01&to=2026-06-30&includeReversed=false",
          "/funds/wz-city/ledger?asOf=2026-06-30&kind=investment&mode=direct&from=2026-01-01&to=2026-06-30&includeReversed=false",
          "/pledges?from=2026-01-01&to=2026-06-30&counting=true",
          "/pledges?from=2026-01-01&to=2026-06-30&counting=true",
          "/pledges?from=2026-01-01&to=2026-06-30&firstPledge=true&counting=true",
          "/pledges?from=2026-01-01&to=2026-06-30&inclusive=10000000.00&counting=true",
          "/records/loans?pilot=index-loan&from=2026-01-01&to=2026-06-30&includeReversed=false"
        ])
        for (const link of links) {
          const list = await get(viewer, link.href)
          expect(list.status, link.href).toBe(200)
          if (link.href.startsWith("/records/")) {
            // A linkage list: its declared sum over every filtered row.
            const amount = /class="records-total" data-total="(\d+)" data-amount="([^"]+)"/.exec(list.html)
            expect(amount?.[2], link.href).toBe(link.amount?.replaceAll(",", ""))
            continue
          }
          // A yuan figure is the list's exact sum; a count (the projects) is the number of entries listed.
          if (link.amount === undefined) expect(String(totalOf(list.html).count)).toBe(link.text)
          else expect(totalOf(list.html).amount, link.href).toBe(link.amount)
        }
        // The 普惠 and 首次质押 figures are the registration recorded here.
        const values = Object.fromEntries(links.map((l) => [new URL(l.href, "http://x").search, l]))
        expect(values["?from=2026-01-01&to=2026-06-30&inclusive=10000000.00&counting=true"]?.amount).toBe(
          "7,654,321.09"
        )
        expect(values["?from=2026-01-01&to=2026-06-30&firstPledge=true&counting=true"]?.text).toBe("1")
      }
    })

    it("each technology row of the direct investments links to its tranches, with the same count and exact sum", async () => {
      const { html } = await get(viewer, `/panels/city-fund/direct?${ASOF}`)
      const frontier = drill(html, "tech-frontier")
      expect(frontier.href).toBe(
        "/funds/wz-city/ledger?asOf=2026-06-30&kind=investment&mode=direct&techCategory=frontier&from=2026-01-01&to=2026-06-30&includeReversed=false"
      )
      const list = await get(viewer, frontier.href)
      expect(totalOf(list.html)).toEqual({ count: 1, amount: frontier.amount })
      expect(frontier.amount).toBe("20,000,000.00")
      expect(plainText(list.html)).toContain("鹿城光电")
      const tranches = drill(html, "tech-frontier-tranches")
      expect([tranches.text, tranches.href]).toEqual(["1", frontier.href])
      // The form says what is shown: the category and the mode are selected.
      expect(list.html).toMatch(/<option value="frontier" selected/)
      expect(list.html).toMatch(/<option value="direct" selected/)
      const keyGeneric = drill(html, "tech-key-generic")
      expect(totalOf((await get(viewer, keyGeneric.href)).html)).toEqual({
        count: 1,
        amount: keyGeneric.amount
      })
      // A category with nothing this year links nowhere.
      expect(html).not.toContain('data-drill="tech-disruptive"')
    })

    it("a sub-fund's size, government money, city-fund commitment and local investment link to their entries", async () => {
      const { status, html } = await get(viewer, `/panels/city-fund/sub-funds?${ASOF}`)
      expect(status).toBe(200)
      const shown: Record<string, string | undefined> = {}
      for (const cell of ["size", "government", "cityFundCommitted", "investedLocal"]) {
        const link = drill(html, `sub-fund-${cell}`)
        expect(link.href).toMatch(/^\/funds\/wz-sub\/ledger\?/)
        const list = await get(viewer, link.href)
        expect(list.status, cell).toBe(200)
        expect(totalOf(list.html).amount, cell).toBe(link.amount)
        shown[cell] = link.amount
      }
      expect(shown).toEqual({
        size: "600,000,000.01",
        government: "300,000,000.01",
        cityFundCommitted: "200,000,000.00",
        investedLocal: "65,000,000.03"
      })
      // The table exports as shown (the read declares it as its `exportTable`), as of the page's date.
      expect(html).toContain('href="/api/v1/city-fund/export.csv?asOf=2026-06-30"')
      expect(html).toContain('href="/api/v1/city-fund/export.xlsx?asOf=2026-06-30"')
      const capital = await get(viewer, `/panels/city-fund/capital?${ASOF}`)
      for (const by of ["origin", "lpType"])
        expect(capital.html).toContain(
          `href="/api/v1/metrics/capital/export.csv?by=${by}&amp;asOf=2026-06-30"`
        )
      // The sub-fund's manager alone reads its ledger: another fund's manager sees the figures, no links.
      const other = await get(manager, `/panels/city-fund/sub-funds?${ASOF}`)
      expect(other.html).not.toContain('data-drill="sub-fund-')
    })

    it("a fund page's committed, paid-in, invested and distributions link to the entries they add up", async () => {
      const { status, html } = await get(viewer, `/funds/wz-city?${ASOF}`)
      expect(status).toBe(200)
      const figures: Record<string, string | undefined> = {}
      for (const kind of ["commitment", "call", "investment", "distribution"]) {
        const link = drill(html, kind)
        expect(link.href).toContain(`kind=${kind}&to=2026-06-30&includeReversed=false`)
        figures[kind] = link.amount
        expect(totalOf((await get(viewer, link.href)).html).amount, kind).toBe(link.amount)
      }
      expect(figures).toEqual({
        commitment: "3,001,234,567.89",
        call: "901,000,000.01",
        investment: "40,000,000.00",
        distribution: "0.00"
      })
      // Who may not read the ledger sees the figures without links.
      const other = await get(manager, `/funds/wz-city?${ASOF}`)
      expect(other.html).not.toContain("data-drill=")
    })

    it("the list is the ledger's: a fund manager of another fund is refused; a bad filter is a 400 naming it", async () => {
      const refused = await get(manager, "/funds/wz-city/ledger?kind=call")
      expect(refused.status).toBe(403)
      const bad = await get(viewer, "/funds/wz-city/ledger?kind=gift&from=2026-13-01")
      expect(bad.status).toBe(400)
      expect(bad.html).toContain('data-field="kind"')
      expect((await get(viewer, "/funds/no-such/ledger")).status).toBe(404)
      const english = await get(viewer, "/funds/wz-city/ledger?kind=call&lang=en")
      expect(plainText(english.html)).toContain("2 entries, in all")
    })
  })
}
