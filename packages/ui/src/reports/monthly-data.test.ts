import { type Actor, type Decimal, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { lastCompleteMonth, type MonthlyReport, monthlyReport, monthProblem } from "./monthly-data.js"

const uscc = (n: number, district: string) => makeUscc(`91${district}MA3${String(n).padStart(6, "0")}`)
let patent = 0
const nextPatent = () => `ZL${makePatentNumber(`2021100${String(++patent).padStart(5, "0")}`)}`

/*
 * A month small enough to check by hand: the report of 2026-11 on 2026-12-06.
 *
 * Registrations in 2026-11: 瑞安 50,000,000.00 (温州银行), 鹿城 20,000,000.00 (温州银行) + 10,000,000.00
 * (农业银行), 龙湾 20,000,000.00 (农业银行): 100,000,000.00 in all. A year earlier (2025-11): 鹿城 20m, 龙湾
 * 40m, 瓯海 10m = 70m. In 2026-10: 瓯海 5m (温州银行); in 2026-12: 鹿城 8m (not in the month).
 *
 * District ranking by the month: 瑞安 50m (50.0 %, no base), 鹿城 30m (30.0 %, +50.0 %), 龙湾 20m (20.0 %,
 * −50.0 %), 瓯海 0 (YTD 5m, −100.0 %). Month total +30m on 70m = +42.857…%; YTD 105m on 70m = +50.0 %.
 */
const seed = async (kejin: Kejin) => {
  const pledge = (n: number, district: string, pledgee: string, amount: string, registeredOn: string) =>
    kejin.pledges.record({
      registrationNo: `Y${registeredOn.replaceAll("-", "")}${String(n).padStart(4, "0")}`,
      pledgor: { uscc: uscc(n, district), name: `企业${n}`, district },
      pledgee: { name: pledgee },
      patents: [nextPatent()],
      amount,
      registeredOn
    })
  const ruian = await pledge(1, "330381", "温州银行", "50000000.00", "2026-11-05")
  await pledge(2, "330302", "温州银行", "20000000.00", "2026-11-10")
  await pledge(3, "330302", "农业银行", "10000000.00", "2026-11-12")
  await pledge(4, "330303", "农业银行", "20000000.00", "2026-11-20")
  await pledge(5, "330302", "温州银行", "20000000.00", "2025-11-03")
  await pledge(6, "330303", "农业银行", "40000000.00", "2025-11-04")
  await pledge(7, "330304", "温州银行", "10000000.00", "2025-11-05")
  const ouhai = await pledge(8, "330304", "温州银行", "5000000.00", "2026-10-08")
  await pledge(9, "330302", "温州银行", "8000000.00", "2026-12-01")

  // A loan under 瑞安's: 30m drawn, 5m repaid, default on the 20th (25m), disposed on the 28th.
  const loan = await kejin.pledges.loans.draw({
    pledgeId: ruian.id,
    amount: "30000000.00",
    rate: "0.04",
    disbursedOn: "2026-11-06",
    maturesOn: "2027-11-05"
  })
  await kejin.pledges.loans.repay({ loanId: loan.id, on: "2026-11-10", amount: "5000000.00" })
  await kejin.pledges.loans.default({ loanId: loan.id, on: "2026-11-20" })
  await kejin.pledges.loans.dispose({
    loanId: loan.id,
    on: "2026-11-28",
    method: "sale",
    recovered: "20000000.00"
  })
  // A default in October: not the month's.
  const october = await kejin.pledges.loans.draw({
    pledgeId: ouhai.id,
    amount: "5000000.00",
    rate: "0.04",
    disbursedOn: "2026-10-09",
    maturesOn: "2027-10-08"
  })
  await kejin.pledges.loans.default({ loanId: october.id, on: "2026-10-20" })

  // The city fund: one direct investment in the month (key generic, counted), one in March (other, not).
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })).id
  const base = { industry: "智能装备", stage: "growth", techCategory: "other" }
  await kejin.registry.addEnterprise({
    uscc: uscc(21, "330302"),
    name: "鹿城智造",
    district: "330302",
    ...base
  })
  await kejin.registry.addEnterprise({
    uscc: uscc(22, "330381"),
    name: "瑞安光电",
    district: "330381",
    ...base
  })
  await kejin.funds.create({
    code: "wz-city",
    kind: "city-fund",
    name: "温州市科创基金",
    manager,
    targetSize: "10000000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
  await kejin.funds.commit({
    fund: "wz-city",
    on: "2025-01-10",
    amount: "30亿",
    lpName: "温州市财政局",
    lpType: "fiscal"
  })
  const invest = (enterprise: string, on: string, amount: string, techCategory: string) =>
    kejin.funds.invest({ fund: "wz-city", enterprise, on, amount, instrument: "equity", techCategory })
  await invest(uscc(21, "330302"), "2026-11-15", "1000万", "key-generic")
  // A second tranche into the same enterprise this year: the same project, not a second one.
  await invest(uscc(21, "330302"), "2026-06-01", "500万", "key-generic")
  await invest(uscc(22, "330381"), "2026-03-01", "500万", "other")

  // Sci-tech bonds: 3亿 in the month, 1亿 in March.
  const bond = (amount: string, issuedOn: string, code: string) =>
    kejin.linkage.recordBond({
      issuerEnterprise: uscc(21, "330302"),
      code,
      amount,
      issuedOn,
      tenorMonths: 36,
      couponPercent: "2.35",
      useOfProceeds: "科技"
    })
  await bond("300000000.00", "2026-11-18", "102680001")
  await bond("100000000.00", "2026-03-20", "102680002")
}

const pct = (value: Decimal | null) => (value === null ? null : value.times(100).toFixed(4))

describe("monthlyReport", () => {
  let kejin: Kejin
  let report: MonthlyReport
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:", clock: { today: "2026-12-06" } })
    await seed(kejin)
    report = await monthlyReport(kejin, { month: "2026-11", now: Date.UTC(2026, 11, 6, 2, 30) })
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("is of the month, as of its last day, generated at a time in Asia/Shanghai", () => {
    expect(report).toMatchObject({
      lang: "zh",
      month: "2026-11",
      period: { from: "2026-11-01", to: "2026-11-30" },
      yearToDate: { from: "2026-01-01", to: "2026-11-30" },
      asOf: "2026-11-30",
      complete: true,
      generatedAt: "2026-12-06 10:30"
    })
  })

  it("ranks the districts by the month's amount, with exact shares and year-on-year changes", () => {
    const rows = report.districts.rows.map((r) => ({
      rank: r.rank,
      key: r.key,
      name: r.name,
      month: r.month.amount.toFixed(2),
      registrations: r.month.registrations,
      share: pct(r.month.share),
      yoy: pct(r.month.yoy),
      ytd: r.ytd.amount.toFixed(2),
      ytdYoy: pct(r.ytd.yoy)
    }))
    expect(rows).toEqual([
      {
        rank: 1,
        key: "330381",
        name: "瑞安市",
        month: "50000000.00",
        registrations: 1,
        share: "50.0000",
        yoy: null,
        ytd: "50000000.00",
        ytdYoy: null
      },
      {
        rank: 2,
        key: "330302",
        name: "鹿城区",
        month: "30000000.00",
        registrations: 2,
        share: "30.0000",
        yoy: "50.0000",
        ytd: "30000000.00",
        ytdYoy: "50.0000"
      },
      {
        rank: 3,
        key: "330303",
        name: "龙湾区",
        month: "20000000.00",
        registrations: 1,
        share: "20.0000",
        yoy: "-50.0000",
        ytd: "20000000.00",
        ytdYoy: "-50.0000"
      },
      {
        rank: 4,
        key: "330304",
        name: "瓯海区",
        month: "0.00",
        registrations: 0,
        share: "0.0000",
        yoy: "-100.0000",
        ytd: "5000000.00",
        ytdYoy: "-50.0000"
      }
    ])
    const total = report.districts.total
    expect(total.month.amount.toFixed(2)).toBe("100000000.00")
    expect(total.month.previous.toFixed(2)).toBe("70000000.00")
    // 30 / 70 in decimal.js (60 significant digits), never through a float.
    expect(pct(total.month.yoy)).toBe("42.8571")
    expect(total.month.yoy?.toSignificantDigits(30).toString()).toBe("0.428571428571428571428571428571")
    expect(total.ytd.amount.toFixed(2)).toBe("105000000.00")
    expect(pct(total.ytd.yoy)).toBe("50.0000")
  })

  it("breaks the month down by pledgee the same way", () => {
    expect(
      report.banks.rows.map((r) => [r.rank, r.name, r.month.amount.toFixed(2), pct(r.month.share)])
    ).toEqual([
      [1, "温州银行", "70000000.00", "70.0000"],
      [2, "农业银行", "30000000.00", "30.0000"]
    ])
    const bank = report.banks.rows[0]!
    // 温州银行 a year earlier: 鹿城 20m + 瓯海 10m.
    expect(bank.month.previous.toFixed(2)).toBe("30000000.00")
    expect(pct(bank.month.yoy)).toBe("133.3333")
    expect(bank.ytd.amount.toFixed(2)).toBe("75000000.00")
  })

  it("lists the month's largest registrations, its defaults and its disposals", () => {
    expect(report.records.largest.map((r) => [r.registrationNo, r.amount.toFixed(2), r.district])).toEqual([
      ["Y202611050001", "50000000.00", "瑞安市"],
      ["Y202611100002", "20000000.00", "鹿城区"],
      ["Y202611200004", "20000000.00", "龙湾区"],
      ["Y202611120003", "10000000.00", "鹿城区"]
    ])
    expect(report.records.defaults).toHaveLength(1)
    expect(report.records.defaults[0]).toMatchObject({
      on: "2026-11-20",
      registrationNo: "Y202611050001",
      pledgor: "企业1",
      bank: "温州银行"
    })
    expect(report.records.defaults[0]?.outstanding.toFixed(2)).toBe("25000000.00")
    expect(report.records.disposals).toHaveLength(1)
    expect(report.records.disposals[0]).toMatchObject({ on: "2026-11-28", method: "sale" })
    expect(report.records.disposals[0]?.recovered.toFixed(2)).toBe("20000000.00")
    expect(report.records.disposals[0]?.writtenOff.toFixed(2)).toBe("5000000.00")
  })

  it("states the targets' progress with the pace needed and the projection the core gives", async () => {
    const pledges = report.targets.find((t) => t.key === "patent-pledge-financing")
    expect(pledges).toBeDefined()
    const progress = (await kejin.targets.progress("2026-11-30")).find(
      (t) => t.key === "patent-pledge-financing"
    )!
    expect(pledges?.value.equals(progress.value)).toBe(true)
    expect(pledges?.gap.equals(progress.remaining)).toBe(true)
    expect(pledges?.projectedDate).toBe(progress.projectedDate)
    // One whole month (December) is left: the core's pace per month.
    expect(pledges?.pace).toEqual({ per: "month", amount: progress.pacePerMonth })
    expect(pledges?.percent?.equals(progress.value.div(progress.target).times(100))).toBe(true)
  })

  it("gives each pilot's month and year to date, and the city fund's direct investments against the plan", () => {
    const bonds = report.pilots.find((p) => p.pilot === "bonds")!
    expect([
      bonds.month.count,
      bonds.month.amount.toFixed(2),
      bonds.ytd.count,
      bonds.ytd.amount.toFixed(2)
    ]).toEqual([1, "300000000.00", 2, "400000000.00"])
    expect(report.pilots.map((p) => p.pilot)).toHaveLength(8)
    expect(report.direct).toMatchObject({ cityFunds: 1, count: 1, plan: 5, countAll: 2 })
    expect(
      report.direct.projects?.map((p) => [
        p.on,
        p.enterprise,
        p.tranches,
        p.amount.toFixed(2),
        p.counted,
        p.inMonth
      ])
    ).toEqual([
      ["2026-03-01", "瑞安光电", 1, "5000000.00", false, false],
      ["2026-06-01", "鹿城智造", 2, "15000000.00", true, true]
    ])
  })

  it("withholds the city fund's projects from another fund's manager, and speaks English when asked", async () => {
    const manager: Actor = { id: "m", role: "fund-manager", funds: ["other-fund"] }
    const en = await monthlyReport(kejin, { month: "2026-11", lang: "en", actor: manager })
    expect(en.direct.projects).toBeNull()
    expect(en.direct.count).toBe(1)
    expect(en.districts.rows.map((r) => r.name)).toEqual(["Rui'an", "Lucheng", "Longwan", "Ouhai"])
    expect(en.pilots.find((p) => p.pilot === "bonds")?.name).toBe("Sci-tech innovation bonds")
  })

  it("defaults to the last complete month; the current month is as of today; a later one is refused", async () => {
    expect((await monthlyReport(kejin)).month).toBe("2026-11")
    const december = await monthlyReport(kejin, { month: "2026-12" })
    expect([december.asOf, december.complete]).toEqual(["2026-12-06", false])
    expect(december.districts.total.month.amount.toFixed(2)).toBe("8000000.00")
    // Less than a month left of the year (25 days after the 6th): the pace is per week, 7/25 of the gap.
    const target = december.targets.find((t) => t.key === "patent-pledge-financing")!
    expect(target.pace?.per).toBe("week")
    expect(target.pace?.amount.equals(target.gap.times(7).div(25))).toBe(true)
    await expect(monthlyReport(kejin, { month: "2027-01" })).rejects.toMatchObject({
      _tag: "ValidationError",
      issues: [{ path: "month" }]
    })
    await expect(monthlyReport(kejin, { month: "2026-13" })).rejects.toMatchObject({
      _tag: "ValidationError"
    })
  })
})

describe("the report's month", () => {
  it("is YYYY-MM, not after today's; the default is the month before today's", () => {
    expect(monthProblem("2026-11", "2026-12-06")).toBeUndefined()
    expect(monthProblem("2026-12", "2026-12-06")).toBeUndefined()
    expect(monthProblem("2027-01", "2026-12-06")?.en).toMatch(/after the current month/)
    for (const bad of ["2026-13", "2026-00", "2026-1", "202611", "", "2026-11-01", "0001-05"])
      expect(monthProblem(bad, "2026-12-06")?.en, bad).toMatch(/YYYY-MM/)
    expect(lastCompleteMonth("2026-12-06")).toBe("2026-11")
    expect(lastCompleteMonth("2027-01-01")).toBe("2026-12")
  })
})
