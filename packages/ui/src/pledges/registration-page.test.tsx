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

const USCC = makeUscc("91330302MA4200001")
// An invention (digit 5 is 1) and a utility model (2).
const INVENTION = `ZL${makePatentNumber("201910000001")}`
const UTILITY = `ZL${makePatentNumber("202020000002")}`

for (const dialect of testDialects()) {
  describe(`a registration's page on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let first: number
    let second: number
    let other: number
    let otherLoan: number
    const { get, post, submit } = dashboardClient(() => kejin, [patentPledgePlugin])
    const journalSize = async () => (await kejin.journal.search({ limit: 1 })).total

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      const base = {
        pledgor: { uscc: USCC, name: "鹿城智造科技有限公司", district: "330302", size: "small" as const },
        pledgee: { name: "温州银行", kind: "bank" as const }
      }
      // The enterprise's first pledge (8,000,000.00: 普惠 at the 10,000,000.00 threshold), then a second.
      first = (
        await kejin.pledges.record({
          ...base,
          registrationNo: "KN2025000001",
          patents: [`ZL${makePatentNumber("201710000009")}`],
          amount: "8000000.00",
          registeredOn: "2025-01-10"
        })
      ).id
      second = (
        await kejin.pledges.record({
          ...base,
          registrationNo: "KN2025000002",
          patents: [INVENTION, UTILITY],
          patentTitles: { [INVENTION]: "一种激光切割装置" },
          amount: "20000000.00",
          registeredOn: "2025-03-01",
          debtTerm: { start: "2025-03-01", end: "2026-02-28" }
        })
      ).id
      other = (
        await kejin.pledges.record({
          ...base,
          registrationNo: "KN2025000003",
          patents: [`ZL${makePatentNumber("202110000003")}`],
          amount: "30000000.00",
          registeredOn: "2025-04-01"
        })
      ).id
      otherLoan = (
        await kejin.pledges.loans.draw({
          pledgeId: other,
          amount: "1000000.00",
          rate: "0.04",
          disbursedOn: "2025-04-02",
          maturesOn: "2026-04-01"
        })
      ).id
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** The loan of 5,000,000.00 the draw test makes on the second registration, drawn through the core. */
    const drawOnSecond = async () =>
      kejin.pledges.loans.draw({
        pledgeId: second,
        amount: "5000000.00",
        rate: "0.0385",
        disbursedOn: "2025-03-10",
        maturesOn: "2026-03-09"
      })

    it("shows the status, terms, flags, figures, patents and timeline; no forms for a viewer", async () => {
      const { status, html } = await get(viewer, `/pledges/${second}`)
      expect(status).toBe(200)
      expect(html).toContain("<h2>质押登记详情</h2>")
      expect(plainText(html)).toContain(`KN2025000002 #${second} 已登记`)
      expect(html).toContain('data-status="registered"')
      // Not the enterprise's first pledge, and 20,000,000.00 is above the 普惠 threshold.
      expect(html).not.toContain('data-flag="first-pledge"')
      expect(html).not.toContain('data-flag="inclusive"')
      expect(plainText(html)).toContain(`出质人 鹿城智造科技有限公司 ${USCC}`)
      expect(plainText(html)).toContain("区县 鹿城区")
      expect(plainText(html)).toContain("企业规模 小型")
      expect(plainText(html)).toContain("债务履行期限 2025-03-01 – 2026-02-28")
      expect(figureText(html, "amount")).toBe("2,000万")
      expect(figureText(html, "secured")).toBe("2,000万")
      expect(figureText(html, "drawn")).toBe("0元")
      expect(figureText(html, "available")).toBe("2,000万")
      expect(html).toContain(
        `<tr data-patent="${INVENTION}"><th scope="row"><code>${INVENTION}</code></th><td>发明</td><td>一种激光切割装置</td></tr>`
      )
      expect(html).toContain(
        `<tr data-patent="${UTILITY}"><th scope="row"><code>${UTILITY}</code></th><td>实用新型</td><td>—</td></tr>`
      )
      expect(plainText(html)).toContain("尚未登记放款")
      expect(html).toContain('<tr data-event="registered"><td>2025-03-01</td><td>质押登记</td><td></td>')
      expect(html).not.toContain('<form id="action-')
      expect(html).toContain('<a href="/pledges">质押登记</a> › KN2025000002')
    })

    it("flags the first pledge and 普惠", async () => {
      const { html } = await get(viewer, `/pledges/${first}?lang=en`)
      expect(html).toContain('data-flag="first-pledge">First pledge</span>')
      expect(html).toContain('data-flag="inclusive" title="≤ 10000000.00">Inclusive</span>')
    })

    it("answers 404 for a registration that does not exist", async () => {
      const missing = await get(viewer, "/pledges/999999")
      expect(missing.status).toBe(404)
      expect(missing.html).toContain("没有这笔质押登记")
      expect((await get(viewer, "/pledges/abc")).status).toBe(404)
      expect((await post(bureau, "/api/v1/pledges/999999/release", { on: "2025-06-01" })).status).toBe(404)
    })

    it("gives writers the lifecycle forms, and answers 403 to viewers and fund managers posting", async () => {
      const { html } = await get(bureau, `/pledges/${second}`)
      for (const action of ["draw", "change", "release", "cancel"])
        expect(html).toContain(`<form id="action-${action}" `)
      // Each form posts to its operation's own route.
      expect(formHtml(html, "action-release")).toContain(`action="/api/v1/pledges/${second}/release"`)
      expect(formHtml(html, "action-change")).toContain(`action="/api/v1/pledges/${second}/changes"`)
      expect(formHtml(html, "action-draw")).toContain(`action="/api/v1/pledges/${second}/loans"`)
      expect(formHtml(html, "action-release")).toContain('<input type="hidden" name="_csrf" value="t"/>')
      const before = await journalSize()
      for (const actor of [viewer, manager]) {
        for (const path of ["release", "loans", "changes", "cancellation"]) {
          const res = await post(actor, `/api/v1/pledges/${second}/${path}`, { on: "2025-06-01" })
          expect(res.status).toBe(403)
        }
        const repay = await post(actor, `/api/v1/pledges/loans/${otherLoan}/repayments`, {
          registration: String(other),
          on: "2025-06-01",
          amount: "1万"
        })
        expect(repay.status).toBe(403)
      }
      expect(await journalSize()).toBe(before)
    })

    it("draws a loan: the section comes back with the loan, new figures and HX-Trigger: kejin-changed", async () => {
      // The rate in its %-labelled field as people write it: 3.85 for 3.85 %.
      expect(
        fieldHtml(formHtml((await get(bureau, `/pledges/${second}`)).html, "action-draw"), "rate")
      ).toContain("年利率（%）")
      const res = await submit(bureau, `/pledges/${second}`, "action-draw", {
        amount: "500万",
        rate: "3.85",
        disbursedOn: "2025-03-10",
        maturesOn: "2026-03-09",
        bank: ""
      })
      expect(res.status).toBe(200)
      expect(res.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(res.html).toMatch(/^<section id="pledge-detail"/)
      expect(plainText(res.html)).toContain("已登记放款。")
      const [loan] = (await kejin.pledges.registration(second)).loans
      expect(loan!.bank).toBe("温州银行")
      expect(loan!.amount.toFixed(2)).toBe("5000000.00") // float-ok: Decimal, exact
      expect(plainText(res.html)).toContain(
        `#${loan!.id} 温州银行 500万 3.85% 2025-03-10 2026-03-09 0元 500万 正常`
      )
      expect(figureText(res.html, "drawn")).toBe("500万")
      expect(figureText(res.html, "available")).toBe("1,500万")
      expect(figureText(res.html, "outstanding")).toBe("500万")
      // A loan of at most 10,000,000.00 makes the registration 普惠.
      expect(res.html).toContain('data-flag="inclusive"')
      expect(res.html).toContain('<tr data-event="drawn"><td>2025-03-10</td><td>放款</td>')
    })

    it("shows the core's errors in the form that was sent, with what was typed (422), writing nothing", async () => {
      // 15,000,000.00 left to draw: 16,000,000.00 is above it.
      await drawOnSecond()
      const before = await journalSize()
      const res = await submit(bureau, `/pledges/${second}`, "action-draw", {
        amount: "1,600万",
        rate: "150",
        disbursedOn: "2025-03-10",
        maturesOn: "2025-03-01"
      })
      expect(res.status).toBe(422)
      expect(res.headers.get("HX-Trigger")).toBeNull()
      expect(res.html).toContain('<details class="fund-form-box" id="box-draw" open="">')
      const form = formHtml(res.html, "action-draw")
      expect(form).toContain("请更正下列标出的内容。")
      expect(fieldHtml(form, "rate")).toContain('value="150"')
      expect(fieldHtml(form, "rate")).toContain("须为大于 0、小于 1 的年利率")
      expect(fieldHtml(form, "amount")).toContain('value="1,600万"')
      expect(fieldHtml(form, "maturesOn")).toContain('value="2025-03-01"')
      // The other forms stay closed and clean.
      expect(res.html).toContain('<details class="fund-form-box" id="box-release">')
      expect(formHtml(res.html, "action-release")).not.toContain("field-error")

      const early = await submit(bureau, `/pledges/${second}`, "action-draw", {
        amount: "100万",
        rate: "3.85%",
        disbursedOn: "2025-03-10",
        maturesOn: "2025-03-01"
      })
      expect(early.status).toBe(422)
      // The cross-field rule carries its code: the Chinese page words it in Chinese, not in the core's English.
      expect(fieldHtml(formHtml(early.html, "action-draw"), "maturesOn")).toContain("须晚于放款日")
      expect(fieldHtml(formHtml(early.html, "action-draw"), "maturesOn")).not.toContain("disbursedOn")

      const tooMuch = await submit(bureau, `/pledges/${second}`, "action-draw", {
        amount: "1,600万",
        rate: "3.85",
        disbursedOn: "2025-03-10",
        maturesOn: "2026-03-09"
      })
      expect(tooMuch.status).toBe(422)
      expect(fieldHtml(formHtml(tooMuch.html, "action-draw"), "amount")).toContain("超过其担保金额")
      expect(await journalSize()).toBe(before)
    })

    it("records repayments against one of its loans, and refuses another registration's loan", async () => {
      await drawOnSecond()
      const [loan] = (await kejin.pledges.registration(second)).loans
      const tooMuch = await submit(bureau, `/pledges/${second}`, `action-repay-${loan!.id}`, {
        on: "2025-06-01",
        amount: "600万"
      })
      expect(tooMuch.status).toBe(422)
      const form = formHtml(tooMuch.html, `action-repay-${loan!.id}`)
      expect(fieldHtml(form, "amount")).toContain(
        `还款 6,000,000.00 元，但贷款 ${loan!.id} 的余额只有 5,000,000.00 元`
      )
      expect(tooMuch.html).toContain('<details class="reverse" open="">')

      const ok = await submit(bureau, `/pledges/${second}`, `action-repay-${loan!.id}`, {
        on: "2025-06-01",
        amount: "200万"
      })
      expect(ok.status).toBe(200)
      expect(ok.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(ok.html).toContain(
        '<td class="num" data-figure="repaid"><span class="money" title="2,000,000.00">200万</span>'
      )
      expect(ok.html).toContain(
        '<td class="num" data-figure="outstanding"><span class="money" title="3,000,000.00">300万</span>'
      )
      expect(figureText(ok.html, "outstanding")).toBe("300万")
      expect(ok.html).toContain('<tr data-event="repaid"><td>2025-06-01</td><td>还款</td>')

      // Another registration's loan, posted as if from this page: no form of this page names it.
      const foreign = await post(bureau, `/api/v1/pledges/loans/${otherLoan}/repayments`, {
        registration: String(second),
        on: "2025-06-01",
        amount: "1万"
      })
      expect(foreign.status).toBe(404)
      expect((await kejin.pledges.loans.get(otherLoan)).repaid.isZero()).toBe(true)
    })

    it("refuses to release while a loan is outstanding, then releases once it is repaid", async () => {
      // 3,000,000.00 outstanding: 5,000,000.00 drawn, 2,000,000.00 repaid.
      const drawn = await drawOnSecond()
      await kejin.pledges.loans.repay({ loanId: drawn.id, on: "2025-06-01", amount: "2000000.00" })
      const refused = await submit(bureau, `/pledges/${second}`, "action-release", {
        on: "2025-07-01",
        note: ""
      })
      expect(refused.status).toBe(422)
      expect(formHtml(refused.html, "action-release")).toMatch(
        /class="form-errors" role="alert">请更正下列标出的内容。<span class="field-error"> 登记 KN2025000002 在 2025-07-01 仍担保贷款 \d+ 未还的 3,000,000.00 元：请先还清再注销登记/
      )
      const [loan] = (await kejin.pledges.registration(second)).loans
      await submit(bureau, `/pledges/${second}`, `action-repay-${loan!.id}`, {
        on: "2025-06-30",
        amount: "300万"
      })
      const released = await submit(bureau, `/pledges/${second}`, "action-release", {
        on: "2025-07-01",
        note: "贷款结清"
      })
      expect(released.status).toBe(200)
      expect(released.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(plainText(released.html)).toContain("已解除质押。")
      expect(released.html).toContain('data-status="released"')
      expect(released.html).toContain('<tr data-event="released"><td>2025-07-01</td><td>解除质押</td>')
      // Closed: no more lifecycle forms, and the paid-off loan takes no repayment.
      expect(released.html).not.toContain('<form id="action-')
      expect((await kejin.pledges.registration(second)).status).toBe("released")
    })

    it("records a change of the secured amount and a cancellation", async () => {
      const changed = await submit(bureau, `/pledges/${other}`, "action-change", {
        on: "2025-05-01",
        amount: "3,500万",
        "debtTerm.start": "",
        "debtTerm.end": ""
      })
      expect(changed.status).toBe(200)
      expect(figureText(changed.html, "secured")).toBe("3,500万")
      expect(figureText(changed.html, "amount")).toBe("3,000万")
      expect(changed.html).toContain('data-status="changed"')
      const halfTerm = await submit(bureau, `/pledges/${other}`, "action-change", {
        on: "2025-05-02",
        "debtTerm.start": "2025-05-02"
      })
      expect(halfTerm.status).toBe(422)
      expect(fieldHtml(formHtml(halfTerm.html, "action-change"), "debtTerm.end")).toContain("field-error")

      await kejin.pledges.loans.repay({ loanId: otherLoan, on: "2025-05-10", amount: "1000000.00" })
      const cancelled = await submit(bureau, `/pledges/${other}`, "action-cancel", { on: "2025-05-20" })
      expect(cancelled.status).toBe(200)
      expect(cancelled.html).toContain('data-status="cancelled"')
      expect((await kejin.pledges.registration(other)).status).toBe("cancelled")
    })

    it("without JavaScript: success redirects back (303), an error renders the whole page (422)", async () => {
      const bad = await submit(
        bureau,
        `/pledges/${first}?lang=en`,
        "action-release",
        { on: "2024-01-01" },
        false
      )
      expect(bad.status).toBe(422)
      expect(bad.html).toMatch(/^<!doctype html>/)
      expect(fieldHtml(formHtml(bad.html, "action-release"), "on")).toContain(
        "must not be before the registration date 2025-01-10"
      )
      expect(bad.html).toContain("Release the pledge")
      const ok = await submit(
        bureau,
        `/pledges/${first}?lang=en`,
        "action-release",
        { on: "2025-02-01" },
        false
      )
      expect(ok.status).toBe(303)
      expect(ok.headers.get("location")).toBe(`/pledges/${first}?lang=en`)
      expect((await kejin.pledges.registration(first)).status).toBe("released")
    })
  })
}
