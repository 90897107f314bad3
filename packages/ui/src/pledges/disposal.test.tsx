/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { disposalMethodLabels } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { patentPledgePlugin } from "./pledges-plugin.js"

const viewer: Actor = { id: "visitor", role: "viewer" }
const bureau: Actor = { id: "wang.li", role: "bureau" }

describe("a disposed loan on its registration's page", () => {
  let database: TestDatabase
  let kejin: Kejin
  const { get, submit } = dashboardClient(() => kejin, [patentPledgePlugin])
  beforeEach(async () => {
    database = await createTestDatabase("sqlite")
    kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("shows the loan settled by its disposal, with what was recovered and written off, in the page's language", async () => {
    const pledge = await kejin.pledges.record({
      registrationNo: "KD2026000001",
      pledgor: { uscc: makeUscc("91330302MA4D00001"), name: "处置页面测试有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber("202110000077")}`],
      amount: "20000000.00",
      registeredOn: "2026-01-05"
    })
    const loan = await kejin.pledges.loans.draw({
      pledgeId: pledge.id,
      amount: "8000000.00",
      rate: "0.04",
      disbursedOn: "2026-01-06",
      maturesOn: "2027-01-05"
    })
    await kejin.pledges.loans.default({ loanId: loan.id, on: "2026-07-01" })
    await kejin.pledges.loans.dispose({
      loanId: loan.id,
      on: "2026-09-01",
      method: "sale",
      recovered: "5000000.00"
    })

    const zh = await get(viewer, `/pledges/${pledge.id}`)
    expect(zh.status).toBe(200)
    const row = /<tr data-loan="\d+"[^>]*>[\s\S]*?<\/tr>/.exec(zh.html)?.[0] ?? ""
    expect(plainText(row)).toContain("2026-09-01 处置（拍卖/变卖），收回 5,000,000.00，核销 3,000,000.00")
    expect(plainText(/data-figure="outstanding">([\s\S]*?)<\/td>/.exec(row)?.[1] ?? "")).toBe("0元")

    const en = await get(viewer, `/pledges/${pledge.id}?lang=en`)
    const enRow = /<tr data-loan="\d+"[^>]*>[\s\S]*?<\/tr>/.exec(en.html)?.[0] ?? ""
    expect(plainText(enRow)).toContain(
      "disposed of 2026-09-01 (Sale), 5,000,000.00 recovered, 3,000,000.00 written off"
    )
  })

  it("records a default and then the disposal from the loan's row, each through its operation's route", async () => {
    const pledge = await kejin.pledges.record({
      registrationNo: "KD2026000002",
      pledgor: { uscc: makeUscc("91330302MA4D00002"), name: "处置表单测试有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber("202110000078")}`],
      amount: "20000000.00",
      registeredOn: "2026-01-05"
    })
    const loan = await kejin.pledges.loans.draw({
      pledgeId: pledge.id,
      amount: "8000000.00",
      rate: "0.04",
      disbursedOn: "2026-01-06",
      maturesOn: "2027-01-05"
    })
    const page = `/pledges/${pledge.id}`
    // A viewer is offered neither form; a writer the default (no disposal before a default).
    expect((await get(viewer, page)).html).not.toContain(`id="action-default-${loan.id}"`)
    const before = (await get(bureau, page)).html
    expect(before).toContain(`action="/api/v1/pledges/loans/${loan.id}/default"`)
    expect(before).not.toContain(`id="action-dispose-${loan.id}"`)

    const defaulted = await submit(bureau, page, `action-default-${loan.id}`, { on: "2026-07-01" })
    expect(defaulted.status).toBe(200)
    expect(defaulted.headers.get("HX-Trigger")).toBe("kejin-changed")
    expect(plainText(defaulted.html)).toContain("已登记违约。")
    expect((await kejin.pledges.loans.get(loan.id)).defaultedOn).toBe("2026-07-01")

    // The disposal's methods are offered in the words the core declares for them (债权转让 for a transfer).
    for (const lang of ["zh", "en"] as const) {
      const html = (await get(bureau, `${page}${lang === "en" ? "?lang=en" : ""}`)).html
      const select =
        new RegExp(`<select[^>]*id="action-dispose-${loan.id}-method"[^>]*>([\\s\\S]*?)</select>`).exec(
          html
        )?.[1] ?? ""
      const offered = [...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => [
        m[1],
        m[2]
      ])
      expect(offered).toEqual(
        Object.entries(disposalMethodLabels).map(([method, label]) => [method, label[lang]])
      )
    }
    expect(disposalMethodLabels.transfer.zh).toBe("债权转让")

    // A recovery above the balance is the core's 422, at its field, in the form that was sent.
    const tooMuch = await submit(bureau, page, `action-dispose-${loan.id}`, {
      on: "2026-09-01",
      method: "sale",
      recovered: "9000000.00"
    })
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.html).toMatch(new RegExp(`id="action-dispose-${loan.id}-recovered-error"`))
    expect((await kejin.pledges.loans.get(loan.id)).disposal).toBeNull()

    const disposed = await submit(bureau, page, `action-dispose-${loan.id}`, {
      on: "2026-09-01",
      method: "sale",
      recovered: "500万"
    })
    expect(disposed.status).toBe(200)
    expect(plainText(disposed.html)).toContain(
      "2026-09-01 处置（拍卖/变卖），收回 5,000,000.00，核销 3,000,000.00"
    )
    // Settled: the loan offers neither form any more.
    expect(disposed.html).not.toContain(`id="action-dispose-${loan.id}"`)
    expect(disposed.html).not.toContain(`id="action-default-${loan.id}"`)
  })
})
