import { makePatentNumber, makeUscc, type PledgeInputJson } from "@kejin/core"
import { todayInShanghai } from "@kejin/core/internal"
import type { Locator, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BrowserApp, signIn, startBrowserApp } from "./app.js"

// Drill-down in headless Chromium: a row of the dashboard's district breakdown links to the registrations
// list behind it, which shows the same count and the same exact amount (a registration changed today
// counting at its new amount, one cancelled today counting nothing).

describe("drill-down from a breakdown row to its list in headless Chromium", () => {
  let app: BrowserApp
  beforeAll(async () => {
    app = await startBrowserApp()
    const today = await app.kejin.run(todayInShanghai)
    const year = today.slice(0, 4)
    const registration = (n: number, amount: string): PledgeInputJson => ({
      registrationNo: `DRILL${year}0000${n}`,
      pledgor: {
        uscc: makeUscc(`91330302MA5D0000${n}`),
        name: `鹿城下钻${n}号科技有限公司`,
        district: "330302"
      },
      pledgee: { name: "温州银行" },
      patents: [`ZL${makePatentNumber(`${year}1088800${n}`)}`],
      amount,
      registeredOn: today
    })
    const changed = await app.kejin.pledges.record(registration(1, "12345678.91"))
    await app.kejin.pledges.change({ pledgeId: changed.id, on: today, amount: "12345679.01" })
    const cancelled = await app.kejin.pledges.record(registration(2, "30000000.00"))
    await app.kejin.pledges.cancel({ pledgeId: cancelled.id, on: today })
  })
  afterAll(() => app?.close())

  /** The exact amount (a money span's title) and the whole number in a cell or paragraph. */
  const figures = async (cell: Locator) => ({
    amount: await cell.locator(".money").first().getAttribute("title"),
    text: (await cell.textContent())?.trim() ?? ""
  })

  const rowOf = async (page: Page, key: string) => {
    const row = page.locator(
      `[data-panel="patent-pledge/by-district"] table.pledge-breakdown tr[data-key="${key}"]`
    )
    await row.waitFor({ timeout: 15_000 })
    const amount = await figures(row.locator("td").nth(0))
    const registrations = ((await row.locator("td").nth(2).textContent()) ?? "").trim()
    return { row, amount: amount.amount, registrations }
  }

  it("clicks 鹿城区 in the district breakdown and sees the same total on the list", async () => {
    const { page, errors } = await signIn(app, "viewer")
    const lucheng = await rowOf(page, "330302")
    expect(lucheng.amount).toMatch(/^[0-9,]+\.\d\d$/)
    await Promise.all([page.waitForURL(/\/pledges\?/), lucheng.row.locator("th a").click()])
    const url = new URL(page.url())
    expect(url.searchParams.get("district")).toBe("330302")
    expect(url.searchParams.get("counting")).toBe("true")
    const total = await figures(page.locator("[data-list-total]"))
    expect(total.amount).toBe(lucheng.amount)
    expect(total.text.startsWith(`${lucheng.registrations} 笔`)).toBe(true)
    // Newest first: today's changed registration heads the list; the cancelled one is not listed. The
    // filter form says what is shown.
    const numbers = await page.locator(".pledges-table tbody th a").allTextContents()
    const year = url.searchParams.get("from")!.slice(0, 4)
    expect(numbers[0]).toBe(`DRILL${year}00001`)
    expect(numbers).not.toContain(`DRILL${year}00002`)
    expect(await page.locator("#filter-counting").isChecked()).toBe(true)
    expect(await page.locator("#filter-district").inputValue()).toBe("330302")

    // The 合计 row's list is the whole breakdown's figure.
    await page.goBack()
    const all = page.locator('[data-panel="patent-pledge/by-district"] tr[data-key="total"]')
    await all.waitFor({ timeout: 15_000 })
    const whole = await figures(all.locator("td").nth(0))
    await Promise.all([page.waitForURL(/\/pledges\?/), all.locator("th a").click()])
    expect((await figures(page.locator("[data-list-total]"))).amount).toBe(whole.amount)
    expect(errors).toEqual([])
    await page.close()
  })
})
