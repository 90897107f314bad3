/** @jsxImportSource hono/jsx */
import {
  type Actor,
  type Kejin,
  makePatentNumber,
  makeUscc,
  openKejin,
  type PledgeInputJson
} from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import { todayInShanghai } from "@kejin/core/internal"
import { copyTestDatabase, createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { fieldHtml, plainText } from "../testing/html.js"
import { patentPledgePlugin } from "./pledges-plugin.js"

const bureau: Actor = { id: "wang.ke", role: "bureau" }
const admin: Actor = { id: "root", role: "admin" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const manager: Actor = { id: "li.na", role: "fund-manager", funds: ["wz-angel-1"] }

/** The registration numbers of the table's rows, in order. */
const listed = (html: string): Array<string> =>
  [...html.matchAll(/<tr data-pledge="\d+"><th scope="row"><a href="[^"]*">([A-Z0-9-]+)<\/a>/g)].map(
    (m) => m[1]!
  )

const LUCHENG = makeUscc("91330302MA4100001")
const RUIAN = makeUscc("91330381MA4100002")
const patent = (n: number) => `ZL${makePatentNumber(`20231${String(n).padStart(7, "0")}`)}`

/** Three registrations in 2024 (the demo batch is all 2025): the exactly known part of the register. */
const known: ReadonlyArray<PledgeInputJson> = [
  {
    registrationNo: "KN2024000001",
    pledgor: { uscc: LUCHENG, name: "鹿城智造科技有限公司", district: "330302" },
    pledgee: { name: "温州银行" },
    patents: [patent(1), patent(2)],
    amount: "12345678.90",
    registeredOn: "2024-03-14"
  },
  {
    registrationNo: "KN2024000002",
    pledgor: { uscc: RUIAN, name: "瑞安光电科技有限公司", district: "330381" },
    pledgee: { name: "浙商银行" },
    patents: [patent(3)],
    amount: "5000000.00",
    registeredOn: "2024-06-01"
  },
  {
    registrationNo: "KN2024000003",
    pledgor: { uscc: LUCHENG, name: "=鹿城智造科技有限公司", district: "330302" },
    pledgee: { name: "温州银行" },
    patents: [patent(4)],
    amount: "80000000.00",
    registeredOn: "2024-09-30"
  }
]

/** A valid registration form, as a person fills it in. */
const form = (overrides: Record<string, string> = {}): Record<string, string> => ({
  registrationNo: "Y2025330999001",
  registeredOn: "2025-11-20",
  "pledgor.uscc": LUCHENG.toLowerCase(),
  "pledgor.name": "鹿城智造科技有限公司",
  "pledgor.district": "330302",
  "pledgor.size": "small",
  "pledgee.name": "温州银行",
  "pledgee.kind": "",
  patents: `${patent(900)}\n ${patent(901).replace(".", "")} \n`,
  amount: "2,500万",
  "debtTerm.start": "",
  "debtTerm.end": "",
  ...overrides
})

for (const dialect of testDialects()) {
  describe(`the registrations page on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { get, post } = dashboardClient(() => kejin, [patentPledgePlugin])
    const count = async () => (await kejin.pledges.list({ limit: 1 })).total

    let fixture: TestDatabase

    // 520 in 2025 (more than one export batch of 500) and the three known ones, recorded once; every test
    // gets a copy of its own, so what one writes (a release, a registration) no other sees.
    beforeAll(async () => {
      fixture = await createTestDatabase(dialect, { migrated: true })
      const recorder = await openKejin({ database: fixture.url })
      try {
        await recorder.pledges.recordMany(
          demoPledges({ count: 520, from: "2025-01-01", to: "2025-10-31", seed: 11 })
        )
        await recorder.pledges.recordMany(known)
      } finally {
        await recorder.close()
      }
    })
    afterAll(async () => {
      await fixture?.dispose()
    })
    beforeEach(async () => {
      database = await copyTestDatabase(fixture)
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    describe("the list", () => {
      it("shows 50 registrations a page, newest first, each linking to its page, with the range and links", async () => {
        const { status, html } = await get(viewer, "/pledges")
        expect(status).toBe(200)
        const { items } = await kejin.pledges.list({ limit: 50 })
        expect(listed(html)).toEqual(items.map((p) => p.registrationNo))
        expect(html).toContain('<span data-range="true">第 1–50 条，共 523 条</span>')
        expect(html).toContain('<a href="/pledges?page=2" rel="next">下一页 →</a>')
        expect(html).not.toContain('rel="prev"')
        expect(html).toContain(`<a href="/pledges/${items[0]!.id}">${items[0]!.registrationNo}</a>`)
        expect(html).toContain(
          '<a href="/api/v1/pledges/export.csv" download="" data-export="csv">导出 CSV</a>'
        )
        expect(html).toContain(
          '<a href="/api/v1/pledges/export.xlsx" download="" data-export="xlsx">导出 Excel</a>'
        )
        // The menu marks this page as the one the person is on.
        expect(html).toContain('<a href="/pledges" aria-current="page">质押登记</a>')
      })

      it("pages on with previous and next, and shows the last page for a page past it", async () => {
        const { html } = await get(viewer, "/pledges?page=11")
        expect(html).toContain("第 501–523 条，共 523 条")
        expect(listed(html).slice(-3)).toEqual(["KN2024000003", "KN2024000002", "KN2024000001"])
        expect(html).toContain('<a href="/pledges?page=10" rel="prev">← 上一页</a>')
        expect(html).not.toContain('rel="next"')
        const past = await get(viewer, "/pledges?page=99")
        expect(past.status).toBe(200)
        expect(past.html).toContain("第 501–523 条，共 523 条")
        const small = await get(viewer, "/pledges?limit=200&page=2&lang=en")
        expect(small.html).toContain("201–400 of 523")
        // One language a page: the export's headers in English too; the page's size is not a filter.
        expect(small.html).toContain(
          '<a href="/api/v1/pledges/export.xlsx?lang=en" download="" data-export="xlsx">Export Excel</a>'
        )
        expect(small.html).toContain(
          '<a href="/pledges?page=3&amp;limit=200&amp;lang=en" rel="next">Next →</a>'
        )
      })

      it("filters by dates, district, pledgee, registration number and amount, keeping the filters in its links", async () => {
        const year = await get(viewer, "/pledges?from=2024-01-01&to=2024-12-31")
        expect(listed(year.html)).toEqual(["KN2024000003", "KN2024000002", "KN2024000001"])
        expect(year.html).toContain("第 1–3 条，共 3 条")
        expect(plainText(year.html)).toContain(
          `KN2024000001 2024-03-14 鹿城智造科技有限公司 ${LUCHENG} 鹿城区 温州银行 2 1,234.57万 已登记`
        )
        expect(year.html).toContain('<span class="money" title="12,345,678.90">1,234.57万</span>')
        // The export links carry the filters: every registration they match, not the page.
        expect(year.html).toContain(
          '<a href="/api/v1/pledges/export.csv?from=2024-01-01&amp;to=2024-12-31" download="" data-export="csv">'
        )
        expect(year.html).toContain(
          '<a href="/api/v1/pledges/export.xlsx?from=2024-01-01&amp;to=2024-12-31" download="" data-export="xlsx">'
        )
        // The form shows what was asked.
        expect(year.html).toContain('<input type="date" name="from" id="filter-from" value="2024-01-01"/>')

        const lucheng = await get(
          viewer,
          "/pledges?from=2024-01-01&to=2024-12-31&district=330302&bank=温州银行"
        )
        expect(listed(lucheng.html)).toEqual(["KN2024000003", "KN2024000001"])
        expect(lucheng.html).toContain('<option value="330302" selected="">330302 鹿城区</option>')
        const search = await get(viewer, "/pledges?q=kn2024000002")
        expect(listed(search.html)).toEqual(["KN2024000002"])
        const amounts = await get(viewer, "/pledges?to=2024-12-31&minAmount=500万&maxAmount=12345678.90")
        expect(listed(amounts.html)).toEqual(["KN2024000002", "KN2024000001"])

        // Every page of a filtered list keeps the filter.
        const district = await get(viewer, "/pledges?district=330381&limit=20")
        const total = (await kejin.pledges.list({ district: "330381", limit: 1 })).total
        expect(total).toBeGreaterThan(20)
        expect(district.html).toContain(`第 1–20 条，共 ${total} 条`)
        expect(district.html).toContain(
          '<a href="/pledges?district=330381&amp;page=2&amp;limit=20" rel="next">'
        )
        const districts = (html: string) =>
          [
            ...html.matchAll(
              /<tr data-pledge="\d+">(?:<th[\s\S]*?<\/th>)(?:<td>[\s\S]*?<\/td>){2}<td>([^<]*)<\/td>/g
            )
          ].map((m) => m[1])
        expect(districts(district.html)).toEqual(Array(20).fill("瑞安市"))
        const second = await get(viewer, "/pledges?district=330381&page=2&limit=20")
        expect(districts(second.html)).toEqual(Array(total - 20).fill("瑞安市"))
        expect(second.html).toContain('<a href="/pledges?district=330381&amp;limit=20" rel="prev">')
      })

      it("searches number, enterprise, credit code and bank in one box, and shows the filtered total", async () => {
        const byName = await get(viewer, "/pledges?q=瑞安光电")
        expect(listed(byName.html)).toEqual(["KN2024000002"])
        // The sum as the page writes money (万/亿), exact to the fen on hover.
        expect(plainText(byName.html)).toMatch(/1 笔，登记金额合计 500(\.00)?万/)
        const byCode = await get(viewer, `/pledges?q=${LUCHENG.slice(0, 14).toLowerCase()}&to=2024-12-31`)
        expect(listed(byCode.html)).toEqual(["KN2024000003", "KN2024000001"])
        const byBank = await get(viewer, "/pledges?q=浙商&to=2024-12-31")
        expect(listed(byBank.html)).toEqual(["KN2024000002"])
        // The total is of every matching registration, not of the page shown.
        const known2024 = await get(viewer, "/pledges?q=KN2024&limit=1")
        expect(listed(known2024.html)).toHaveLength(1)
        expect(known2024.html).toContain('<p class="list-total" data-list-total="true">3 笔，登记金额合计 ')
        expect(known2024.html).toContain('title="97,345,678.90"')
        // The box says what it searches; the export links carry the search.
        expect(byName.html).toContain('placeholder="登记号、企业名称、信用代码或银行"')
        expect(plainText(byName.html)).toContain("搜索")
        expect(byName.html).toContain(
          'href="/api/v1/pledges/export.csv?q=%E7%91%9E%E5%AE%89%E5%85%89%E7%94%B5"'
        )
        const english = await get(viewer, "/pledges?q=KN2024&lang=en")
        expect(plainText(english.html)).toContain("3 registrations, ")
      })

      it("sorts by a column's header, both ways, keeping the filters; aria-sort marks the sorted column", async () => {
        const first = await get(viewer, "/pledges?q=KN2024")
        // Newest first by default: the date's header says so, and links to the other direction.
        expect(first.html).toContain(
          '<th scope="col" aria-sort="descending" data-sort="registeredOn"><a href="/pledges?q=KN2024&amp;sort=registeredOn"'
        )
        expect(first.html).toContain('data-sort="amount"><a href="/pledges?q=KN2024&amp;sort=-amount"')
        expect(first.html).toContain(
          'data-sort="pledgorName"><a href="/pledges?q=KN2024&amp;sort=pledgorName"'
        )
        const largest = await get(viewer, "/pledges?q=KN2024&sort=-amount")
        expect(listed(largest.html)).toEqual(["KN2024000003", "KN2024000001", "KN2024000002"])
        expect(largest.html).toContain(
          '<th scope="col" class="num" aria-sort="descending" data-sort="amount"><a href="/pledges?q=KN2024&amp;sort=amount"'
        )
        expect(largest.html).not.toContain('aria-sort="descending" data-sort="registeredOn"')
        const smallest = await get(viewer, "/pledges?q=KN2024&sort=amount")
        expect(listed(smallest.html)).toEqual(["KN2024000002", "KN2024000001", "KN2024000003"])
        expect(smallest.html).toContain('aria-sort="ascending" data-sort="amount"')
        // The pager, the filter form and the exports keep the order.
        const paged = await get(viewer, "/pledges?q=KN2024&sort=amount&limit=2")
        expect(listed(paged.html)).toEqual(["KN2024000002", "KN2024000001"])
        expect(paged.html).toContain(
          '<a href="/pledges?q=KN2024&amp;sort=amount&amp;page=2&amp;limit=2" rel="next">'
        )
        expect(paged.html).toContain('<input type="hidden" name="sort" value="amount"/>')
        expect(paged.html).toContain('href="/api/v1/pledges/export.csv?q=KN2024&amp;sort=amount"')
        // Every column but the status sorts: the district by its code, the patents by how many.
        expect(first.html).toContain('data-sort="district"><a href="/pledges?q=KN2024&amp;sort=district"')
        expect(first.html).toContain('data-sort="patents"><a href="/pledges?q=KN2024&amp;sort=-patents"')
        const byDistrict = await get(viewer, "/pledges?q=KN2024&sort=district")
        expect(listed(byDistrict.html)).toEqual(["KN2024000001", "KN2024000003", "KN2024000002"])
        const byPatents = await get(viewer, "/pledges?q=KN2024&sort=-patents")
        expect(listed(byPatents.html)).toEqual(["KN2024000001", "KN2024000003", "KN2024000002"])
        const bad = await get(viewer, "/pledges?sort=size")
        expect(bad.status).toBe(400)
        expect(plainText(bad.html)).toMatch(/排序 \(sort\): 须为以下之一/)
      })

      it("filters by status", async () => {
        const { items } = await kejin.pledges.list({ registrationNo: "KN2024000002" })
        await kejin.pledges.release({ pledgeId: items[0]!.id, on: "2024-12-01" })
        const released = await get(viewer, "/pledges?status=released")
        expect(listed(released.html)).toEqual(["KN2024000002"])
        expect(released.html).toContain('data-status="released">已解除</span>')
        const registered = await get(viewer, "/pledges?status=registered&from=2024-01-01&to=2024-12-31")
        expect(listed(registered.html)).toEqual(["KN2024000003", "KN2024000001"])
      })

      it("says which filter is wrong and why, with status 400", async () => {
        const date = await get(viewer, "/pledges?from=2025-02-30&district=330302")
        expect(date.status).toBe(400)
        expect(date.html).toContain('role="alert"')
        expect(plainText(date.html)).toContain("筛选条件有误，请更正后重试：")
        expect(plainText(date.html)).toMatch(/登记日期自 \(from\): .+/)
        expect(date.html).toContain('name="from" id="filter-from" aria-invalid="true" value="2025-02-30"')
        expect(listed(date.html)).toEqual([])
        const district = await get(viewer, "/pledges?district=110101&lang=en")
        expect(district.status).toBe(400)
        expect(plainText(district.html)).toContain("District (district): is not a Wenzhou district code")
        const amount = await get(viewer, "/pledges?minAmount=lots")
        expect(amount.status).toBe(400)
        expect(plainText(amount.html)).toMatch(/最低金额（元） \(minAmount\): .+/)
        const range = await get(viewer, "/pledges?minAmount=2亿&maxAmount=1亿")
        expect(plainText(range.html)).toMatch(/最高金额（元） \(maxAmount\): 不得小于最低金额/)
        const page = await get(viewer, "/pledges?page=zero")
        expect(plainText(page.html)).toContain("页码 (page): 须为不小于 1 的整数")
      })
    })

    describe("the registration form", () => {
      it("is there for the bureau and administrators, with today's date, not for viewers or fund managers", async () => {
        // Today as the core's clock has it, not the machine's read by the page.
        const today = await kejin.run(todayInShanghai)
        for (const actor of [bureau, admin]) {
          const { html } = await get(actor, "/pledges?asOf=2025-11-20")
          expect(html).toContain(
            '<form id="pledge-register" class="fund-form" method="post" action="/api/v1/pledges"'
          )
          expect(html).toContain('<input type="hidden" name="_csrf" value="t"/>')
          expect(fieldHtml(html, "pledgor.district")).toContain(
            '<option value="330383">330383 龙港市</option>'
          )
          expect(fieldHtml(html, "registeredOn")).toContain(`value="${today}"`)
          expect(html).toContain('<option value="温州银行"></option>')
        }
        for (const actor of [viewer, manager]) {
          const { html } = await get(actor, "/pledges")
          expect(html).not.toContain("pledge-register")
          expect(html).toContain("<table")
        }
      })

      it("suggests the pledgees of ?asOf's year and the year before (default: the core's today), whatever the date", async () => {
        const suggested = (html: string) =>
          [...fieldHtml(html, "pledgee.name").matchAll(/<option value="([^"]*)">/g)].map((m) => m[1])
        // 2023–2024: the two known pledgees only (the demo batch is all 2025).
        expect(suggested((await get(bureau, "/pledges?asOf=2024-12-31")).html)).toEqual([
          "温州银行",
          "浙商银行"
        ])
        // 2022–2023: none on record, so no list at all.
        const none = fieldHtml((await get(bureau, "/pledges?asOf=2023-06-30")).html, "pledgee.name")
        expect(none).not.toContain("<datalist")
        // 2024–2025: the demo's pledgees too.
        const both = suggested((await get(bureau, "/pledges?asOf=2025-11-20")).html)
        expect(both).toContain("温州银行")
        expect(both).toContain("浙商银行")
        expect(both).toContain("温州市融资担保有限公司")
        // Without ?asOf, the core's today's year and the year before; an asOf that is no date is ignored.
        const year = Number((await kejin.run(todayInShanghai)).slice(0, 4))
        const { rows } = await kejin.pledges.breakdown({ fromYear: year - 1, toYear: year }, "bank")
        const expected = rows.map((r) => r.label).sort((a, b) => a.localeCompare(b, "zh-CN"))
        for (const query of ["", "?asOf=yesterday"]) {
          const html = (await get(bureau, `/pledges${query}`)).html
          if (expected.length === 0) expect(fieldHtml(html, "pledgee.name")).not.toContain("<datalist")
          else expect(suggested(html)).toEqual(expected)
        }
      })

      it("answers 403 to a viewer or a fund manager posting; nothing is written", async () => {
        // (A wrong CSRF token is the server's route's to refuse: packages/server/src/forms.test.ts.)
        const before = await count()
        for (const actor of [viewer, manager]) {
          const res = await post(actor, "/api/v1/pledges", form())
          expect(res.status).toBe(403)
        }
        expect(await count()).toBe(before)
      })

      it("comes back with the core's errors next to each field and what was typed (422), writing nothing", async () => {
        const before = await count()
        const res = await post(
          bureau,
          "/api/v1/pledges?district=330302",
          form({ "pledgor.uscc": "91330302MA41000XX", patents: `${patent(902)}\nZL2017.1`, amount: "" })
        )
        expect(res.status).toBe(422)
        expect(res.headers.get("HX-Retarget")).toBe("#box-pledge-register")
        expect(res.headers.get("HX-Reswap")).toBe("outerHTML")
        expect(res.headers.get("HX-Trigger")).toBeNull()
        const html = res.html
        expect(html).toMatch(/^<details id="box-pledge-register" class="fund-form-box" open="">/)
        expect(html).toContain("请更正下列标出的内容。")
        expect(fieldHtml(html, "pledgor.uscc")).toContain('aria-invalid="true"')
        expect(fieldHtml(html, "pledgor.uscc")).toContain('value="91330302MA41000XX"')
        expect(fieldHtml(html, "pledgor.uscc")).toContain("不是有效的统一社会信用代码")
        expect(fieldHtml(html, "patents")).toContain("第 2 个专利（ZL2017.1）：不是有效的专利申请号")
        expect(fieldHtml(html, "patents")).toContain(`${patent(902)}\nZL2017.1</textarea>`)
        expect(fieldHtml(html, "amount")).toContain('class="field-error"')
        expect(fieldHtml(html, "pledgor.name")).not.toContain("field-error")
        // The form keeps posting to the filtered list.
        expect(html).toContain('action="/api/v1/pledges?district=330302"')
        expect(await count()).toBe(before)
      })

      it("refuses a registration number on record (409) and a patent still pledged (422)", async () => {
        const duplicate = await post(bureau, "/api/v1/pledges", form({ registrationNo: "KN2024000001" }))
        expect(duplicate.status).toBe(409)
        expect(fieldHtml(duplicate.html, "registrationNo")).toContain("登记号 KN2024000001 已登记过")
        const pledged = await post(bureau, "/api/v1/pledges", form({ patents: patent(1) }))
        expect(pledged.status).toBe(422)
        expect(fieldHtml(pledged.html, "patents")).toContain("仍质押在登记 KN2024000001 项下")
      })

      it("records a registration: htmx gets the refreshed list, a notice and HX-Trigger: kejin-changed", async () => {
        const before = await count()
        const res = await post(bureau, "/api/v1/pledges", form())
        expect(res.status).toBe(200)
        expect(res.headers.get("HX-Trigger")).toBe("kejin-changed")
        const [stored] = (await kejin.pledges.list({ registrationNo: "Y2025330999001" })).items
        expect(stored).toBeDefined()
        expect(stored!.amount.toFixed(2)).toBe("25000000.00") // float-ok: Decimal, exact
        expect(stored!.pledgor.uscc).toBe(LUCHENG)
        expect(stored!.pledgor.size).toBe("small")
        expect(stored!.patents).toEqual([patent(900), patent(901)])
        expect(await count()).toBe(before + 1)
        expect(res.html).toMatch(/^<section id="pledges-section"/)
        expect(plainText(res.html)).toContain("已登记 Y2025330999001（25,000,000.00 元）。 查看登记")
        expect(res.html).toContain(`<a href="/pledges/${stored!.id}">查看登记</a>`)
        expect(res.html).toContain(`共 ${before + 1} 条`)
        // A fresh, closed form.
        expect(res.html).toContain('<details id="box-pledge-register" class="fund-form-box">')
        expect(fieldHtml(res.html, "registrationNo")).toContain('value=""')
      })

      it("without JavaScript: success redirects to the new registration (303), an error renders the page (422)", async () => {
        const ok = await post(
          bureau,
          "/api/v1/pledges?lang=en",
          form({ registrationNo: "Y2025330999002", patents: patent(903) }),
          false
        )
        expect(ok.status).toBe(303)
        const [stored] = (await kejin.pledges.list({ registrationNo: "Y2025330999002" })).items
        expect(ok.headers.get("location")).toBe(`/pledges/${stored!.id}?lang=en`)
        const bad = await post(
          bureau,
          "/api/v1/pledges",
          form({ registrationNo: "Y2025330999003", "pledgor.district": "" }),
          false
        )
        expect(bad.status).toBe(422)
        expect(bad.html).toMatch(/^<!doctype html>/)
        expect(fieldHtml(bad.html, "pledgor.district")).toContain("field-error")
        expect(bad.html).toContain("<table")
      })
    })
  })
}
