/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { fieldHtml, plainText } from "../testing/html.js"
import { linkageKinds } from "./kinds.js"
import { linkageRecordsPlugin } from "./records-plugin.js"

const bureau: Actor = { id: "wang.ke", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }

const ISSUER = makeUscc("91330302MA4100001")

/** A bond as a person types it: 3亿 in words the import reads. */
const bondForm = (overrides: Record<string, string> = {}) => ({
  code: "102580001",
  issuerEnterprise: ISSUER,
  amount: "3亿",
  issuedOn: "2025-09-01",
  tenorMonths: "36",
  couponPercent: "2.35%",
  useOfProceeds: "注资市科创基金",
  ...overrides
})

const FORM = "record-form-linkage-recordBond"

for (const dialect of testDialects()) {
  describe(`the record pages on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { get, submit } = dashboardClient(() => kejin, [linkageRecordsPlugin])

    beforeEach(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" } as const
      await kejin.registry.addEnterprise({ uscc: ISSUER, name: "鹿城联科", district: "330302", ...base })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("lists every linkage kind on /records, each list page answering with its derived columns and filters", async () => {
      const index = await get(viewer, "/records")
      expect(index.status).toBe(200)
      for (const kind of linkageKinds) {
        expect(index.html).toContain(`data-kind="${kind.slug}"`)
        const page = await get(viewer, `/records/${kind.slug}`)
        expect(page.status, kind.slug).toBe(200)
        expect(page.html).toContain("data-total=")
        expect(page.html).toContain('data-total="0"')
      }
      const bonds = await get(viewer, "/records/bonds?lang=en")
      expect(bonds.html).toContain('name="enterprise"')
      expect(bonds.html).toContain('type="date" name="from"')
      expect(bonds.html).toContain("/api/v1/linkage/bonds/export.csv?lang=en")
      expect(bonds.html).toContain("/api/v1/linkage/bonds/export.xlsx?lang=en")
      // A viewer sees no form.
      expect(bonds.html).not.toContain(FORM)
    })

    it("records a bond through its form (3亿 read as the import reads it), lists it with the total, opens and reverses it", async () => {
      const answer = await submit(bureau, "/records/bonds", FORM, bondForm())
      expect(answer.status, answer.html).toBe(200)
      expect(answer.headers.get("HX-Trigger")).toBe("kejin-changed")
      const [bond] = (await kejin.linkage.bonds({ limit: 10 })).items
      expect(bond?.amount.toFixed(2)).toBe("300000000.00")
      expect(answer.html).toContain(`/records/bonds/${bond?.id}`)

      const list = await get(viewer, "/records/bonds")
      expect(list.html).toContain('data-total="1"')
      expect(plainText(list.html)).toContain("3亿")

      const page = await get(bureau, `/records/bonds/${bond?.id}`)
      expect(page.status).toBe(200)
      expect(plainText(page.html)).toContain("102580001")
      // The confirmation says what the reversal takes out: this record only (a bond has nothing under it).
      expect(page.html).toContain('data-consequences="none"')
      expect(plainText(page.html)).toContain("冲销只冲销本记录，不连带冲销其他记录")

      const refused = await submit(bureau, `/records/bonds/${bond?.id}`, "record-reverse", { reason: "" })
      expect(refused.status).toBe(422)
      expect(fieldHtml(refused.html, "confirm")).toContain("field-error")

      const reversed = await submit(bureau, `/records/bonds/${bond?.id}`, "record-reverse", {
        reason: "登记有误",
        confirm: "yes"
      })
      expect(reversed.status, reversed.html).toBe(200)
      expect(reversed.html).toContain("data-reversed")
      // The history says who reversed it, when (Beijing time) and why, to everyone who reads the record.
      expect(plainText(reversed.html)).toMatch(
        /\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）由 wang\.ke 冲销，原因：登记有误/
      )
      const english = plainText((await get(viewer, `/records/bonds/${bond?.id}?lang=en`)).html)
      expect(english).toMatch(/Recorded by wang\.ke at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(journal entry \d+\)/)
      expect(english).toMatch(
        /Reversed by wang\.ke at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Beijing time\): 登记有误/
      )
      // The writer gets the form that recorded it, filled in with what was recorded, to record the corrected one.
      expect(reversed.html).toContain('data-correction="linkage.recordBond"')
      expect(fieldHtml(reversed.html, "code")).toContain('value="102580001"')
      expect(fieldHtml(reversed.html, "amount")).toContain(`value="300000000.00"`)
      expect(fieldHtml(reversed.html, "couponPercent")).toContain(`value="2.35"`)
      expect(english).not.toContain("data-correction")
      expect((await kejin.linkage.bonds({ limit: 10, includeReversed: false })).total).toBe(0)
    })

    it("shows every refused field at once: a bad amount, a bad date and a missing tenor", async () => {
      const answer = await submit(
        bureau,
        "/records/bonds",
        FORM,
        bondForm({ amount: "三亿多", issuedOn: "2025-13-45", tenorMonths: "" })
      )
      expect(answer.status).toBe(422)
      expect(fieldHtml(answer.html, "amount")).toContain("field-error")
      expect(fieldHtml(answer.html, "issuedOn")).toContain("field-error")
      expect(fieldHtml(answer.html, "tenorMonths")).toContain("field-error")
      expect((await kejin.linkage.bonds({ limit: 10 })).total).toBe(0)
    })

    it("shows a date after today with the other refused fields, read or decoded, all at once", async () => {
      // A cell that cannot be read (三亿多), a tenor the Schema refuses and a future date.
      const unread = await submit(
        bureau,
        "/records/bonds",
        FORM,
        bondForm({ amount: "三亿多", issuedOn: "2999-01-01", tenorMonths: "0" })
      )
      expect(unread.status).toBe(422)
      for (const field of ["amount", "issuedOn", "tenorMonths"])
        expect(fieldHtml(unread.html, field), field).toContain("field-error")
      expect(fieldHtml(unread.html, "issuedOn")).toContain("2999-01-01")
      // Every cell read, the write itself refuses: the Schema's issues and the future date together.
      const decoded = await submit(
        bureau,
        "/records/bonds",
        FORM,
        bondForm({ amount: "0", issuedOn: "2999-01-01", tenorMonths: "0" })
      )
      expect(decoded.status).toBe(422)
      for (const field of ["amount", "issuedOn", "tenorMonths"])
        expect(fieldHtml(decoded.html, field), field).toContain("field-error")
      expect((await kejin.linkage.bonds({ limit: 10 })).total).toBe(0)
    })

    it("searches and sorts a list as its declaration says: a search box, sortable headers keeping the filters", async () => {
      for (const [code, amount] of [
        ["102580001", "300000000.00"],
        ["102580002", "100000000.00"],
        ["992580003", "200000000.00"]
      ] as const)
        await kejin.linkage.recordBond({
          code,
          issuerEnterprise: ISSUER,
          amount,
          issuedOn: "2025-09-01",
          tenorMonths: 36,
          couponPercent: "2.35",
          useOfProceeds: "注资市科创基金"
        })
      const codes = (html: string) =>
        [...html.matchAll(/<tr data-record="\d+"[\s\S]*?<\/tr>/g)].map(
          (m) => /(?:10|99)2580\d{3}/.exec(m[0])?.[0]
        )
      const page = await get(viewer, "/records/bonds")
      expect(page.html).toContain('type="search" name="q" id="filter-q"')
      // Amounts sort largest first on a first click, and the heading says how the list is sorted.
      const amountHead =
        /<th scope="col" class="num" data-column="amount" data-sort="amount"><a href="([^"]+)"/.exec(
          page.html
        )
      expect(amountHead?.[1]).toBe("/records/bonds?sort=-amount")
      const sorted = await get(viewer, "/records/bonds?sort=-amount")
      expect(codes(sorted.html)).toEqual(["102580001", "992580003", "102580002"])
      expect(sorted.html).toContain('data-sort="amount" aria-sort="descending"')
      // The search keeps the order; the headers keep the search; the total counts the matches.
      const searched = await get(viewer, "/records/bonds?q=1025&sort=-amount")
      expect(codes(searched.html)).toEqual(["102580001", "102580002"])
      expect(searched.html).toContain('data-total="2" data-amount="400000000.00"')
      expect(plainText(/<p class="records-total"[\s\S]*?<\/p>/.exec(searched.html)![0])).toBe(
        "合计：筛选结果共 2 条，金额(元)合计 4亿"
      )
      expect(searched.html).toContain('href="/records/bonds?q=1025&amp;sort=amount"')
      expect(searched.html).toContain('<input type="hidden" name="sort" value="-amount"')
      const wrong = await get(viewer, "/records/bonds?sort=rate")
      expect(wrong.status).toBe(400)
      expect(wrong.html).toContain('data-field="sort"')
    })

    it("says which filter is wrong, naming it", async () => {
      const answer = await get(viewer, "/records/bonds?from=2025-02-30")
      expect(answer.status).toBe(400)
      expect(answer.html).toContain('data-field="from"')
    })
  })
}
