/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { fieldHtml, figureText, formHtml, plainText } from "../testing/html.js"
import { patentPledgePlugin } from "./pledges-plugin.js"

const bureau: Actor = { id: "wang.ke", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const manager: Actor = { id: "li.na", role: "fund-manager", funds: ["wz-angel-1"] }

const USCC = makeUscc("91330302MA4200002")

for (const dialect of testDialects()) {
  describe(`冲销 on a registration's page on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    /** 2,000万 registered, changed to 2,500万 then 3,000万, one loan of 500万 with 200万 repaid. */
    let main: number
    let firstChange: number
    let secondChange: number
    let loan: number
    let repayment: number
    /** 1,234,567.89 registered, to be reversed as a whole. */
    let doomed: number
    let foreignLoan: number
    const { get, post, submit } = dashboardClient(() => kejin, [patentPledgePlugin])
    const journalSize = async () => (await kejin.journal.search({ limit: 1 })).total
    const total = async () => (await kejin.pledges.total({ year: 2025 })).amount.toFixed(2) // float-ok: Decimal

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      const base = {
        pledgor: { uscc: USCC, name: "瓯海新材料有限公司", district: "330304" },
        pledgee: { name: "温州银行", kind: "bank" as const }
      }
      main = (
        await kejin.pledges.record({
          ...base,
          registrationNo: "KN2025000101",
          patents: [`ZL${makePatentNumber("201910000011")}`],
          amount: "20000000.00",
          registeredOn: "2025-03-01"
        })
      ).id
      const changes = [
        await kejin.pledges.change({ pledgeId: main, on: "2025-04-01", amount: "25000000.00" }),
        await kejin.pledges.change({ pledgeId: main, on: "2025-04-15", amount: "30000000.00" })
      ]
      firstChange = changes[0]!.events.at(-1)!.id
      secondChange = changes[1]!.events.at(-1)!.id
      loan = (
        await kejin.pledges.loans.draw({
          pledgeId: main,
          amount: "5000000.00",
          rate: "0.0385",
          disbursedOn: "2025-05-01",
          maturesOn: "2026-04-30"
        })
      ).id
      repayment = (await kejin.pledges.loans.repay({ loanId: loan, on: "2025-06-01", amount: "2000000.00" }))
        .events[0]!.id
      doomed = (
        await kejin.pledges.record({
          ...base,
          registrationNo: "KN2025000102",
          patents: [`ZL${makePatentNumber("201910000012")}`],
          amount: "1234567.89",
          registeredOn: "2025-05-01"
        })
      ).id
      foreignLoan = (
        await kejin.pledges.loans.draw({
          pledgeId: doomed,
          amount: "100000.00",
          rate: "0.04",
          disbursedOn: "2025-05-02",
          maturesOn: "2026-05-01"
        })
      ).id
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("offers viewers no reversal, and answers 403 to viewers and fund managers posting one", async () => {
      const { html } = await get(viewer, `/pledges/${main}`)
      expect(html).not.toContain('class="reverse-form"')
      const before = await journalSize()
      // Each reversal's own route, as the page's forms would post to it.
      const fields = { registration: String(main), reason: "错录" }
      const paths = [
        `/api/v1/pledges/${main}/reversal`,
        `/api/v1/pledges/events/${secondChange}/reversal`,
        `/api/v1/pledges/loans/${loan}/reversal`,
        `/api/v1/pledges/loans/events/${repayment}/reversal`
      ]
      for (const actor of [viewer, manager])
        for (const path of paths) expect((await post(actor, path, fields)).status).toBe(403)
      expect(await journalSize()).toBe(before)
      // The main registration at its changed 30,000,000.00, and the doomed one.
      expect(await total()).toBe("31234567.89")
    })

    it("gives writers a reversal for the registration, its latest live event, its loan and its repayment", async () => {
      const { html } = await get(bureau, `/pledges/${main}?lang=en`)
      const whole = formHtml(html, "reverse")
      expect(whole).toContain(`action="/api/v1/pledges/${main}/reversal?lang=en"`)
      expect(whole).toContain('<input type="hidden" name="_csrf" value="t"/>')
      expect(whole).toContain('name="reason"')
      expect(formHtml(html, `reverse-event-${secondChange}`)).toContain(
        `action="/api/v1/pledges/events/${secondChange}/reversal?lang=en"`
      )
      // Only the latest live change can be reversed.
      expect(html).not.toContain(`id="reverse-event-${firstChange}"`)
      expect(formHtml(html, `reverse-loan-${loan}`)).toContain(
        `action="/api/v1/pledges/loans/${loan}/reversal?lang=en"`
      )
      expect(formHtml(html, `reverse-loan-event-${repayment}`)).toContain(
        `action="/api/v1/pledges/loans/events/${repayment}/reversal?lang=en"`
      )
      // The forms sit closed until asked for.
      expect(html).not.toMatch(/<details class="reverse" open=""/)
    })

    it("answers a reversal without a reason with 422 and the error at the reason, writing nothing", async () => {
      const before = await journalSize()
      const res = await submit(bureau, `/pledges/${main}`, `reverse-event-${secondChange}`, {
        reason: "  "
      })
      expect(res.status).toBe(422)
      expect(res.headers.get("HX-Trigger")).toBeNull()
      const form = formHtml(res.html, `reverse-event-${secondChange}`)
      expect(form).toContain("请更正下列标出的内容。")
      expect(fieldHtml(form, "reason")).toContain("field-error")
      expect(res.html).toMatch(/<details class="reverse" open=""/)
      // The earlier change is not the latest live event: said above the form.
      // The earlier change has no form (it is not the latest): posted to its route all the same.
      const early = await post(bureau, `/api/v1/pledges/events/${firstChange}/reversal`, {
        registration: String(main),
        reason: "错录"
      })
      expect(early.status).toBe(422)
      expect(plainText(early.html)).toContain("只能冲销最近一个有效事项：请先冲销事项 ")
      expect(await journalSize()).toBe(before)
      expect(figureText(res.html, "secured")).toBe("3,000万")
    })

    it("refuses a loan or an event of another registration (404)", async () => {
      const res = await post(bureau, `/api/v1/pledges/loans/${foreignLoan}/reversal`, {
        registration: String(main),
        reason: "x"
      })
      expect(res.status).toBe(404)
      expect((await kejin.pledges.loans.get(foreignLoan)).reversed).toBe(false)
    })

    it("reverses the latest change: the secured amount goes back to the earlier change's", async () => {
      const res = await submit(bureau, `/pledges/${main}`, `reverse-event-${secondChange}`, {
        reason: "金额录错"
      })
      expect(res.status).toBe(200)
      expect(res.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(res.html).toMatch(/^<section id="pledge-detail"/)
      expect(plainText(res.html)).toContain("已冲销该事项。")
      expect(figureText(res.html, "secured")).toBe("2,500万")
      expect(figureText(res.html, "available")).toBe("2,000万")
      expect(res.html).toContain('<tr data-event="changed" class="entry--reversed"><td>2025-04-15</td>')
      // Now the first change is the latest live one.
      expect(res.html).toContain(`id="reverse-event-${firstChange}"`)
    })

    it("reverses a repayment: the balance is back", async () => {
      const res = await submit(bureau, `/pledges/${main}`, `reverse-loan-event-${repayment}`, {
        reason: "重复登记"
      })
      expect(res.status).toBe(200)
      expect(res.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(figureText(res.html, "outstanding")).toBe("500万")
      expect(res.html).toContain(
        '<td class="num" data-figure="repaid"><span class="money" title="0.00">0元</span>'
      )
      expect(res.html).not.toContain(`id="reverse-loan-event-${repayment}"`)
    })

    it("reverses a loan: nothing drawn, nothing outstanding", async () => {
      // As the two tests before left it: the second change and the repayment reversed (secured 2,500万).
      await kejin.pledges.reverseEvent(secondChange, "金额录错")
      await kejin.pledges.loans.reverseEvent(repayment, "重复登记")
      const res = await submit(bureau, `/pledges/${main}`, `reverse-loan-${loan}`, {
        reason: "放错户"
      })
      expect(res.status).toBe(200)
      expect(figureText(res.html, "drawn")).toBe("0元")
      expect(figureText(res.html, "outstanding")).toBe("0元")
      expect(figureText(res.html, "available")).toBe("2,500万")
      expect(plainText(res.html)).toContain(`#${loan} 温州银行 500万`)
      expect(plainText(res.html)).toContain("已冲销")
      expect(res.html).not.toContain(`id="reverse-loan-${loan}"`)
    })

    it("reverses the registration (303 without JavaScript): the page says who, when and why, and offers only the corrected one's form", async () => {
      const before = await total()
      // The confirmation lists what goes with the registration: its loan.
      const confirm = formHtml((await get(bureau, `/pledges/${doomed}`)).html, "reverse")
      expect(confirm).toContain(`data-consequence-loan="${foreignLoan}"`)
      expect(plainText(confirm)).toContain("冲销登记 KN2025000102，将一并不再计入任何统计：")
      expect(plainText(confirm)).toContain(`贷款 ${foreignLoan}：2025-05-02 发放 100,000.00 元`)
      const ok = await submit(bureau, `/pledges/${doomed}?lang=en`, "reverse", { reason: "重复登记" }, false)
      expect(ok.status).toBe(303)
      expect(ok.headers.get("location")).toBe(`/pledges/${doomed}?lang=en`)
      expect(before).toBe("31234567.89")
      expect(await total()).toBe("30000000.00")
      const { html } = await get(bureau, `/pledges/${doomed}`)
      expect(html).toContain('data-flag="reversed"')
      expect(plainText(html)).toMatch(
        /本登记已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）由 \S+ 冲销（原因：重复登记），不计入任何统计。/
      )
      // No lifecycle or reversal form: only the registration form, filled in to record the corrected one.
      expect([...html.matchAll(/<form id="([^"]+)"/g)].map((m) => m[1])).toEqual(["pledge-register"])
      expect(html).toContain("data-correction")
      expect(fieldHtml(formHtml(html, "pledge-register"), "registrationNo")).toContain('value="KN2025000102"')
      expect(fieldHtml(formHtml(html, "pledge-register"), "amount")).toContain('value="1234567.89"')
      expect(html).not.toContain('class="reverse"')
      // Its loan went with it.
      expect((await kejin.pledges.loans.get(foreignLoan)).reversed).toBe(true)
      // A second reversal is refused in the form (nothing to fix but to leave it).
      // (409, as the route answers a JSON client: a conflict with what is recorded.)
      const again = await post(bureau, `/api/v1/pledges/${doomed}/reversal`, { reason: "再冲" })
      expect(again.status).toBe(409)
      expect(plainText(again.html)).toContain(`质押登记 ${doomed} 已冲销`)
    })
  })
}
