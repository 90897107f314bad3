/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { patentPledgePlugin } from "./pledges-plugin.js"

const viewer: Actor = { id: "visitor", role: "viewer" }

describe("a disposed loan on its registration's page", () => {
  let database: TestDatabase
  let kejin: Kejin
  const { get } = dashboardClient(() => kejin, [patentPledgePlugin])
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
    expect(plainText(/data-figure="outstanding">([\s\S]*?)<\/td>/.exec(row)?.[1] ?? "")).toBe("0.00")

    const en = await get(viewer, `/pledges/${pledge.id}?lang=en`)
    const enRow = /<tr data-loan="\d+"[^>]*>[\s\S]*?<\/tr>/.exec(en.html)?.[0] ?? ""
    expect(plainText(enRow)).toContain(
      "disposed of 2026-09-01 (collateral sold), 5,000,000.00 recovered, 3,000,000.00 written off"
    )
  })
})
