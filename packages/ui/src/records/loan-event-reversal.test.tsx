/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { fieldHtml, plainText } from "../testing/html.js"
import { linkageRecordsPlugin } from "./records-plugin.js"

// A linkage loan's single repayment or default is reversed on the loan's record page, each live row with
// its own reversal: the same reason and confirmation as any reversal; the loan's balance moves back.

const bureau: Actor = { id: "wang.ke", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const BORROWER = makeUscc("91330302MA4RE0001")

/** What the loan's page shows in the field `name` (its `<dd>`), as text. */
const shown = (html: string, name: string) =>
  plainText(new RegExp(`data-field="${name}"[^>]*>[\\s\\S]*?<dd>([\\s\\S]*?)</dd>`).exec(html)?.[1] ?? "")

for (const dialect of testDialects()) {
  describe(`reversing one repayment or default of a linkage loan on its page, on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { get, submit } = dashboardClient(() => kejin, [linkageRecordsPlugin])

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const indexLoan = async () => {
      const k = kejin
      const bank = (await k.registry.addInstitution({ kind: "bank", name: "瓯江冲销测试银行" })).id
      await k.registry.addEnterprise({
        uscc: BORROWER,
        name: "鹿城冲销测试科技有限公司",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
      await k.linkage.recordTierTable({
        modelVersion: "reversal-sti",
        maxScore: "100",
        tiers: [{ tier: "A", minScore: "60", limit: "5000000.00" }]
      })
      await k.linkage.recordScore({
        enterprise: BORROWER,
        modelVersion: "reversal-sti",
        scoredOn: "2025-03-01",
        total: "80",
        dimensions: {}
      })
      return k.linkage.recordIndexLoan({
        bank,
        enterprise: BORROWER,
        amount: "1200000.00",
        ratePercent: "3.2",
        disbursedOn: "2025-04-01",
        maturesOn: "2027-04-01"
      })
    }

    it("reverses a repayment from its row: reason and confirmation asked, the balance back to the whole loan", async () => {
      const loan = await indexLoan()
      const repayment = await kejin.linkage.recordLoanRepayment({
        loan: loan.id,
        on: "2025-07-01",
        principal: "200000.00"
      })
      const page = `/records/loans/${loan.id}`
      const before = await get(bureau, page)
      expect(shown(before.html, "outstanding")).toBe("100万")
      const form = `record-reverse-loan-event-${repayment.id}`
      // The row's reversal sits in the loan events' table, with the words of every reversal.
      expect(before.html).toContain(`id="${form}-box"`)
      expect(before.html).toMatch(
        new RegExp(`id="${form}-box"[^>]*data-reverses="loan-event:${repayment.id}"`)
      )
      expect(plainText(before.html)).toContain("我确认冲销此记录")
      // A viewer sees the rows but no reversal.
      expect((await get(viewer, page)).html).not.toContain(form)

      // Without the reason and the box ticked: refused in the row's own form, nothing reversed.
      const refused = await submit(bureau, page, form, { reason: "" })
      expect(refused.status).toBe(422)
      expect(refused.headers.get("HX-Retarget")).toBe(`#${form}-box`)
      expect(fieldHtml(refused.html, "confirm")).toContain("field-error")
      expect((await kejin.linkage.loan(loan.id)).standing?.outstanding.toFixed(2)).toBe("1000000.00")

      const reversed = await submit(bureau, page, form, { reason: "还款金额录错", confirm: "yes" })
      expect(reversed.status, reversed.html).toBe(200)
      expect(reversed.headers.get("HX-Trigger")).toBe("kejin-changed")
      // The answer is the loan's page again: the balance back to 120万, the row reversed, the loan live.
      expect(shown(reversed.html, "outstanding")).toBe("120万")
      expect(reversed.html).toMatch(new RegExp(`data-record="${repayment.id}"[^>]*data-reversed-row="true"`))
      expect(reversed.html).not.toContain(`id="${form}-box"`)
      expect(reversed.html).not.toContain("data-reversed>")
      const stored = await kejin.linkage.loan(loan.id)
      expect(stored.standing?.outstanding.toFixed(2)).toBe("1200000.00")
      expect(stored.reversedBy).toBeNull()
      const [reversal] = (await kejin.linkage.reversals()).filter((r) => r.kind === "loan-event")
      expect(reversal).toMatchObject({ recordId: repayment.id, reason: "还款金额录错" })
    })

    it("reverses a default from its row without JavaScript: back on the loan's page, the status active again", async () => {
      const loan = await indexLoan()
      const fault = await kejin.linkage.recordLoanDefault({ loan: loan.id, on: "2025-12-01" })
      const page = `/records/loans/${loan.id}?lang=en`
      expect(shown((await get(bureau, page)).html, "status")).toBe("Defaulted")
      const form = `record-reverse-loan-event-${fault.id}`
      const answer = await submit(bureau, page, form, { reason: "wrong loan", confirm: "yes" }, false)
      expect(answer.status).toBe(303)
      expect(answer.headers.get("location")).toBe(`/records/loans/${loan.id}?lang=en`)
      const after = await get(bureau, page)
      expect(shown(after.html, "status")).toBe("Active")
      expect((await kejin.linkage.loan(loan.id)).standing?.status).toBe("active")
    })
  })
}
