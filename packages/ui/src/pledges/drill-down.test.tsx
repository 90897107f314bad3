/** @jsxImportSource hono/jsx */
import {
  type Actor,
  type Kejin,
  makePatentNumber,
  makeUscc,
  openKejin,
  type PledgeInputJson
} from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { patentPledgePlugin } from "./pledges-plugin.js"

// Drill-down: each row of the district and pledgee breakdowns links to the registrations list behind it,
// whose filtered total (count and exact amount) is the row's figure, cancelled registrations and amounts
// changed after the period's end included in the data.

const viewer: Actor = { id: "visitor", role: "viewer" }
const ASOF = "asOf=2025-06-30"

const A = makeUscc("91330302MA4200001")
const B = makeUscc("91330381MA4200002")
let serial = 0
const pledge = (
  registrationNo: string,
  uscc: string,
  district: string,
  bank: string,
  amount: string,
  registeredOn: string
): PledgeInputJson => ({
  registrationNo,
  pledgor: { uscc, name: uscc === A ? "鹿城下钻科技有限公司" : "瑞安下钻光电有限公司", district },
  pledgee: { name: bank },
  patents: [`ZL${makePatentNumber(`20241${String(++serial).padStart(7, "0")}`)}`],
  amount,
  registeredOn
})

/** The rows of a breakdown table: key, the link of its name, its amount (exact) and registrations. */
const rowsOf = (html: string) =>
  [
    ...html.matchAll(
      /<tr data-key="([^"]+)"><th scope="row"><a href="([^"]+)"[^>]*>[^<]*<\/a><\/th><td class="num"><a [^>]*><span class="money" title="([^"]+)">[\s\S]*?<\/td><td class="num" [^>]*>[^<]*<\/td><td class="num"><a [^>]*>(\d+)<\/a>/g
    )
  ].map((m) => ({
    key: m[1]!,
    href: m[2]!.replaceAll("&amp;", "&"),
    amount: m[3]!,
    registrations: Number(m[4])
  }))

/** The list's total: its count and its exact amount. */
const totalOf = (html: string) => {
  const match = /<p class="list-total"[^>]*>([\s\S]*?)<\/p>/.exec(html)
  if (match === null) throw new Error(`no list total in ${html}`)
  const amount = /title="([^"]+)"/.exec(match[1]!)?.[1]
  return { count: Number(/^(\d+)/.exec(plainText(match[1]!))?.[1]), amount, text: plainText(match[1]!) }
}

for (const dialect of testDialects()) {
  describe(`drill-down from the breakdowns to the list on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { get } = dashboardClient(() => kejin, [patentPledgePlugin])

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      const id = async (input: PledgeInputJson) => (await kejin.pledges.record(input)).id
      await id(pledge("DU2025000001", A, "330302", "温州银行", "10000000.00", "2025-02-10"))
      const changed = await id(pledge("DU2025000002", A, "330302", "浙商银行", "5000000.50", "2025-03-05"))
      await kejin.pledges.change({ pledgeId: changed, on: "2025-04-01", amount: "6000000.25" })
      await kejin.pledges.change({ pledgeId: changed, on: "2025-09-01", amount: "9000000.00" })
      await id(pledge("DU2025000003", B, "330381", "温州银行", "2500万", "2025-04-20"))
      const cancelled = await id(pledge("DU2025000004", B, "330381", "浙商银行", "3000000.00", "2025-05-20"))
      await kejin.pledges.cancel({ pledgeId: cancelled, on: "2025-06-10" })
      await id(pledge("DU2025000005", A, "330302", "温州银行", "7000000.00", "2025-08-01"))
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    for (const panel of ["by-district", "by-bank"]) {
      it(`${panel}: each row links to its list, whose total is the row's figure`, async () => {
        const { status, html } = await get(viewer, `/panels/patent-pledge/${panel}?${ASOF}`)
        expect(status).toBe(200)
        const rows = rowsOf(html)
        expect(rows).toHaveLength(2)
        for (const row of rows) {
          expect(row.href).toContain("from=2025-01-01&to=2025-06-30")
          expect(row.href).toContain("counting=true")
          const list = await get(viewer, row.href)
          expect(list.status).toBe(200)
          const total = totalOf(list.html)
          expect([row.key, total.count, total.amount]).toEqual([row.key, row.registrations, row.amount])
        }
      })
    }

    it("the district rows are the figures by hand; the 合计 row links to the whole period", async () => {
      const { html } = await get(viewer, `/panels/patent-pledge/by-district?${ASOF}`)
      // 鹿城: 10,000,000.00 + 6,000,000.25 (in force on 06-30); 瑞安: 25,000,000.00 (the cancelled one out).
      expect(rowsOf(html).map((r) => [r.key, r.amount, r.registrations])).toEqual([
        ["330381", "25,000,000.00", 1],
        ["330302", "16,000,000.25", 2]
      ])
      const all = /<tr data-key="total"><th scope="row"><a href="([^"]+)"/.exec(html)?.[1]
      const list = await get(viewer, all!.replaceAll("&amp;", "&"))
      expect(totalOf(list.html)).toMatchObject({ count: 3, amount: "41,000,000.25" })
      expect(totalOf(list.html).text).toContain("计入融资额")
      // The same list without `counting`: every registration of the period at its registered amount.
      const plain = await get(viewer, "/pledges?from=2025-01-01&to=2025-06-30")
      expect(totalOf(plain.html)).toMatchObject({ count: 4, amount: "43,000,000.50" })
    })

    it("keeps the filter in the form and the sort links, and refuses a counting that is not true", async () => {
      const { html } = await get(
        viewer,
        "/pledges?from=2025-01-01&to=2025-06-30&district=330302&counting=true"
      )
      expect(html).toMatch(/<input type="checkbox" name="counting" id="filter-counting" value="true" checked/)
      expect(html).toContain("counting=true&amp;sort=-amount")
      const wrong = await get(viewer, "/pledges?counting=maybe")
      expect(wrong.status).toBe(400)
      expect(wrong.html).toContain('data-field="counting"')
      const english = await get(viewer, "/pledges?from=2025-01-01&to=2025-06-30&counting=true&lang=en")
      expect(totalOf(english.html).text).toContain("3 registrations")
      expect(totalOf(english.html).text).toContain("counted toward the financing")
    })
  })
}
