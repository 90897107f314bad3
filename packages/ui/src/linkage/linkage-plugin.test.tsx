/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cityFundPlugin } from "../city-fund/city-fund-plugin.js"
import { createDashboard } from "../dashboard/dashboard.js"
import { equityChainPlugin } from "../equity/equity-chain-plugin.js"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { linkageRecordsPlugin } from "../records/records-plugin.js"
import { targetsPlugin } from "../targets/targets-plugin.js"
import { linkagePlugin } from "./linkage-plugin.js"
import { recentItems } from "./recent.js"

const HX = { "HX-Request": "true" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const uscc = (n: number, district = "330302") => makeUscc(`91${district}MA5${String(n).padStart(6, "0")}`)

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()

/** The `<tr data-pilot="pilot">` row. */
const pilotRow = (html: string, pilot: string): string => {
  const match = new RegExp(`<tr data-pilot="${pilot}">[\\s\\S]*?</tr>`).exec(html)
  if (match === null) throw new Error(`no pilot ${pilot} in ${html}`)
  return match[0]
}
/** One cell (`data-col`) of a row, as text. */
const cell = (row: string, col: string): string => {
  const match = new RegExp(`<td[^>]*data-col="${col}">([\\s\\S]*?)</td>`).exec(row)
  if (match === null) throw new Error(`no cell ${col} in ${row}`)
  return text(match[1]!)
}
/** The details of a pilot row, one text per `data-detail`. */
const details = (row: string): Array<string> =>
  [...row.matchAll(/<span data-detail="[^"]*">([\s\S]*?)<\/span>(?= · <span data-detail|<\/td>)/g)].map((m) =>
    text(m[1]!)
  )
const kpi = (html: string, name: string): string => {
  const match = new RegExp(`<div class="figure-box" data-kpi="${name}">([\\s\\S]*?)</dd>`).exec(html)
  if (match === null) throw new Error(`no kpi ${name} in ${html}`)
  return text(match[1]!)
}
/** The block of pool `code` in the pools panel. */
const pool = (html: string, code: string): string => {
  const match = new RegExp(`<div class="target" data-pool="${code}">[\\s\\S]*?</p></div>`).exec(html)
  if (match === null) throw new Error(`no pool ${code} in ${html}`)
  return match[0]
}
const poolFigure = (block: string, name: string): string => {
  const match = new RegExp(
    `<span data-figure="${name}">([\\s\\S]*?)</span>(?=<span data-figure|</div>)`
  ).exec(block)
  if (match === null) throw new Error(`no figure ${name} in ${block}`)
  return text(match[1]!)
}

/*
 * A linkage scenario small enough to check by hand; the panels look at 2026 up to 2026-06-30.
 *
 * 投贷联动: 5,000,000.00 with a 4 % warrant on 2026-02-10 and 2,000,000.00 on 2026-03-01 (both 鹿城联科),
 * 1,000,000.00 in 2025 (not this year), 900,000.00 on 2026-04-01 reversed → 2 loans, 7,000,000.00; 1 warrant
 * loan 5,000,000.00; 2 % exercised on 2026-05-01 for 400,000.00; no exit.
 * 科创指数贷: scores 鹿城联科 92 (tier A, limit 5,000,000.00) and 瓯海联科 80 (tier B, 3,000,000.00); loans
 * 4,000,000.00 (A), 2,000,000.00 + 1,000,000.00 (B) → 3 loans, 7,000,000.00; A 1 / 4,000,000.00, B 2 / 3,000,000.00.
 * 投保联动: one policy, sum insured 10,000,000.00, premium 50,000.00.
 * 科技成果转化保险: one policy 3,000,000.00, premium 90,000.00 of which 45,000.00 subsidised; claims
 * 800,000.00 (insurer 500,000.00; 0.6 × 300,000.00 = 180,000.00 relief) on 2026-02-15 and, under the
 * rule of 2026-03-01 (0.8, no cap), 400,000.00 (insurer 300,000.00; 0.8 × 100,000.00 = 80,000.00) on
 * 2026-04-01 → 2 claims, loss 1,200,000.00, insurer 800,000.00, relief 260,000.00.
 * 投投联动: the city fund's 20,000,000.00 followed by the sub-fund's 8,000,000.00 and social capital's
 * 10,000,000.00 → 2 links, lead 20,000,000.00 (once), follow-ons 18,000,000.00.
 * 风险补偿: 0.4 × 100,000.00 = 40,000.00 on 2025-11-01 (last year), 0.4 × 1,000,000.00 = 400,000.00 on
 * 2026-05-10 → 1 claim this year, loss 1,000,000.00, paid 400,000.00.
 * 贴息: 12,345.67 on 2026-06-01. 债券: 3亿 (to the city fund) on 2026-03-20 and 5,000万 on 2026-06-15
 * → 2 bonds, 3.5亿, 3亿 to funds; a bond of 2026-08-01 lies after the as-of date.
 * Pools up to 2026-06-30: relief in 1,000,000.00 (2025) + 200,000.00 (2026), out 260,000.00 → balance
 * 940,000.00, used 21.7 %; risk compensation in 500,000.00, out 440,000.00 → 60,000.00, used 88.0 %.
 */
const seed = async (kejin: Kejin) => {
  const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
  const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })).id
  const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
  await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城联科", district: "330302", ...base })
  await kejin.registry.addEnterprise({
    uscc: uscc(2, "330304"),
    name: "瓯海联科",
    district: "330304",
    ...base
  })
  const fund = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
  await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
  await kejin.funds.create({
    code: "wz-sub",
    name: "瓯江子基金",
    kind: "sub-fund",
    parent: "wz-city",
    ...fund
  })
  // Commitments first: a fund invests within what its LPs committed.
  for (const f of ["wz-city", "wz-sub"])
    await kejin.funds.commit({
      fund: f,
      on: "2025-01-01",
      lpName: "温州市财政局",
      lpType: "fiscal",
      amount: "1亿"
    })
  const invest = (f: string, enterprise: string, on: string, amount: string) =>
    kejin.funds.invest({ fund: f, enterprise, on, amount, instrument: "equity", round: "A" })
  const lead = await invest("wz-city", uscc(1), "2026-01-10", "20000000.00")
  const follow = await invest("wz-sub", uscc(1), "2026-02-01", "8000000.00")
  const old = await invest("wz-city", uscc(2, "330304"), "2025-05-01", "3000000.00")

  const l = kejin.linkage
  const loan = (enterprise: string, investment: number, amount: string, disbursedOn: string) => ({
    bank,
    enterprise,
    investment,
    amount,
    ratePercent: "3.45",
    disbursedOn,
    maturesOn: "2028-12-31"
  })
  const warrantLoan = await l.recordInvestmentLoan({
    ...loan(uscc(1), lead.id, "5000000.00", "2026-02-10"),
    warrant: {
      holder: "温州银行投资子公司",
      equityPercent: "4",
      strikeBasis: "A轮估值",
      expiresOn: "2028-12-31"
    }
  })
  const plainLoan = await l.recordInvestmentLoan(loan(uscc(1), lead.id, "2000000.00", "2026-03-01"))
  await l.recordInvestmentLoan(loan(uscc(2, "330304"), old.id, "1000000.00", "2025-06-01"))
  const mistaken = await l.recordInvestmentLoan(loan(uscc(1), lead.id, "900000.00", "2026-04-01"))
  await l.reverse("loan", mistaken.id, "重复录入")
  await l.recordWarrantExercise({
    loan: warrantLoan.id,
    on: "2026-05-01",
    equityPercent: "2",
    amountPaid: "400000.00"
  })

  await l.recordTierTable({
    modelVersion: "wz-sti-2026",
    maxScore: "100",
    tiers: [
      { tier: "C", minScore: "60", limit: "1000000.00" },
      { tier: "B", minScore: "75", limit: "3000000.00" },
      { tier: "A", minScore: "90", limit: "5000000.00" }
    ]
  })
  const score = (enterprise: string, total: string) =>
    l.recordScore({ enterprise, modelVersion: "wz-sti-2026", scoredOn: "2026-01-05", total, dimensions: {} })
  await score(uscc(1), "92")
  await score(uscc(2, "330304"), "80")
  const indexLoan = (enterprise: string, amount: string, disbursedOn: string) =>
    l.recordIndexLoan({ bank, enterprise, amount, ratePercent: "3.1", disbursedOn, maturesOn: "2027-12-31" })
  const indexA = await indexLoan(uscc(1), "4000000.00", "2026-03-15")
  const indexB1 = await indexLoan(uscc(2, "330304"), "2000000.00", "2026-04-15")
  const indexB2 = await indexLoan(uscc(2, "330304"), "1000000.00", "2026-04-20")

  await l.recordInvestmentPolicy({
    insurer,
    insuredEnterprise: uscc(1),
    investment: lead.id,
    sumInsured: "10000000.00",
    premium: "50000.00",
    startsOn: "2026-02-01",
    endsOn: "2027-01-31"
  })
  const policy = await l.recordTransferPolicy({
    policyNo: "PZ2026001",
    insurer,
    enterprise: uscc(1),
    sumInsured: "3000000.00",
    premium: "90000.00",
    premiumSubsidy: "45000.00",
    startsOn: "2026-01-15",
    endsOn: "2027-01-14"
  })
  await l.recordPool({
    code: "wz-relief",
    name: "二次救济资金池",
    kind: "relief",
    openedOn: "2025-01-01",
    ratio: "0.6",
    cap: "500000.00"
  })
  await l.recordDeposit({ pool: "wz-relief", on: "2025-01-05", amount: "1000000.00" })
  await l.recordDeposit({ pool: "wz-relief", on: "2026-01-05", amount: "200000.00" })
  await l.recordPoolRule({ pool: "wz-relief", effectiveFrom: "2026-03-01", ratio: "0.8" })
  const claim = (on: string, loss: string, insurerPaid: string) =>
    l.recordTransferClaim({ policy: policy.id, on, loss, insurerPaid, reliefPool: "wz-relief" })
  const relief1 = await claim("2026-02-15", "800000.00", "500000.00")
  const relief2 = await claim("2026-04-01", "400000.00", "300000.00")

  await l.recordPool({
    code: "wz-rc",
    name: "风险补偿资金池",
    kind: "risk-compensation",
    openedOn: "2025-01-01",
    ratio: "0.4"
  })
  await l.recordDeposit({ pool: "wz-rc", on: "2025-01-05", amount: "500000.00" })
  // What the claims name: registrations of the borrower with a loan in default by the claim date.
  for (const [no, amount, drawnOn, defaultOn] of [
    ["Y2025330000001", "500000.00", "2025-03-01", "2025-09-01"],
    ["Y2026330000002", "2000000.00", "2026-01-10", "2026-04-01"]
  ] as const) {
    const pledge = await kejin.pledges.record({
      registrationNo: no,
      pledgor: { uscc: uscc(2, "330304"), name: "瓯海联科", district: "330304" },
      pledgee: { name: "温州银行", kind: "bank" },
      patents: [`ZL${makePatentNumber(`20221${no.slice(-7)}`)}`],
      amount,
      registeredOn: drawnOn
    })
    const loan = await kejin.pledges.loans.draw({
      pledgeId: pledge.id,
      amount,
      rate: "0.0385",
      disbursedOn: drawnOn,
      maturesOn: "2027-12-31"
    })
    await kejin.pledges.loans.default({ loanId: loan.id, on: defaultOn })
  }
  const compensate = (on: string, registrationNo: string, loss: string) =>
    l.recordCompensationClaim({
      pool: "wz-rc",
      registrationNo,
      on,
      loss,
      bank,
      enterprise: uscc(2, "330304")
    })
  await compensate("2025-11-01", "Y2025330000001", "100000.00")
  const compensation = await compensate("2026-05-10", "Y2026330000002", "1000000.00")

  const subsidy = await l.recordInterestSubsidy({
    on: "2026-06-01",
    amount: "12345.67",
    loan: plainLoan.id,
    payer: "温州市财政局"
  })
  await l.recordCoInvestment({ lead: lead.id, follow: follow.id })
  await l.recordCoInvestment({
    lead: lead.id,
    investor: "某民营资本",
    enterprise: uscc(1),
    amount: "10000000.00",
    on: "2026-01-20",
    round: "A"
  })
  const bond = (
    issuer: Record<string, unknown>,
    amount: string,
    issuedOn: string,
    extra: Record<string, unknown> = {}
  ) =>
    l.recordBond({
      ...issuer,
      amount,
      issuedOn,
      tenorMonths: 36,
      couponPercent: "2.35",
      useOfProceeds: "科技",
      ...extra
    })
  const enterpriseBond = await bond({ issuerEnterprise: uscc(1) }, "300000000.00", "2026-03-20", {
    code: "102680001",
    proceedsFund: "wz-city"
  })
  const bankBond = await bond({ issuerInstitution: bank }, "50000000.00", "2026-06-15")
  await bond({ issuerInstitution: bank }, "10000000.00", "2026-08-01")
  return {
    plainLoan,
    indexA,
    indexB1,
    indexB2,
    relief1,
    relief2,
    compensation,
    subsidy,
    enterpriseBond,
    bankBond
  }
}

describe("linkagePlugin", () => {
  it("is a plugin like any other: id linkage, after the equity chain, three panels, the journey pages", () => {
    expect(linkagePlugin.id).toBe("linkage")
    expect(linkagePlugin.order).toBe(50)
    expect(linkagePlugin.title).toEqual({ zh: "联动试点", en: "Linkage pilots" })
    expect(linkagePlugin.panels.map((p) => [p.id, p.size ?? "normal", p.permission])).toEqual([
      ["pilots", "wide", "dashboard.read"],
      ["pools", "normal", "dashboard.read"],
      ["recent", "wide", "dashboard.read"]
    ])
    expect((linkagePlugin.routes ?? []).map((r) => `${r.method} ${r.path} ${r.permission}`)).toEqual([
      "GET /journey dashboard.read",
      "GET /enterprises/:uscc/journey dashboard.read"
    ])
    expect(linkagePlugin.navigation).toEqual([
      {
        href: "/journey",
        label: { zh: "企业金融旅程", en: "Enterprise journey" },
        permission: "dashboard.read"
      }
    ])
    expect(Object.isFrozen(linkagePlugin)).toBe(true)
  })

  it("registers beside the other built-ins, after the equity chain, and reloads on kejin-changed", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const app = createDashboard({
        kejin,
        plugins: [linkagePlugin, targetsPlugin, patentPledgePlugin, cityFundPlugin, equityChainPlugin]
      })
      const html = await (await app.request("/")).text()
      const order = [...html.matchAll(/<div class="plugin" id="([a-z-]+)">/g)].map((m) => m[1])
      expect(order).toEqual(["targets", "patent-pledge", "city-fund", "equity-chain", "linkage"])
      for (const panel of ["pilots", "pools", "recent"])
        expect(html).toContain(
          `hx-get="/panels/linkage/${panel}" hx-trigger="load, every 60s, kejin-changed from:document"`
        )
      expect(html).toContain('<a href="/journey">企业金融旅程</a>')
      // An empty store: every panel says so instead of failing.
      const get = async (panel: string) =>
        (await app.request(`/panels/linkage/${panel}?asOf=2026-06-30`, { headers: HX })).text()
      expect(await get("pools")).toContain("尚未设立资金池")
      expect(await get("recent")).toContain("尚无联动试点记录")
      const pilots = await get("pilots")
      expect(pilots).toContain("本年尚无联动试点记录")
      expect(cell(pilotRow(pilots, "bonds"), "amount")).toBe("发行 0元")
    } finally {
      await kejin.close()
    }
  })

  it("refuses an anonymous request: the page sends to the login, a fragment answers 401", async () => {
    const kejin = await openKejin({ database: "sqlite::memory:" })
    try {
      const app = createDashboard({ kejin, plugins: [linkagePlugin], session: () => undefined })
      const fragment = await app.request("/panels/linkage/pilots", { headers: HX })
      expect(fragment.status).toBe(401)
      expect(await fragment.text()).not.toContain("data-pilot")
      const page = await app.request("/journey")
      expect(page.status).toBe(303)
      expect(page.headers.get("location")).toBe("/login?next=%2Fjourney")
    } finally {
      await kejin.close()
    }
  })
})

for (const dialect of testDialects()) {
  describe(`linkagePlugin over a real core on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let s: Awaited<ReturnType<typeof seed>>
    const fragment = async (panel: string, query = "?asOf=2026-06-30") => {
      const app = createDashboard({
        kejin,
        plugins: [linkagePlugin],
        session: () => ({ actor: viewer, csrfToken: "t" })
      })
      const res = await app.request(`/panels/linkage/${panel}${query}`, { headers: HX })
      expect(res.status).toBe(200)
      return res.text()
    }

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      s = await seed(kejin)
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("links the pilots' rows to their records, whose filtered total is the row's", async () => {
      const html = await fragment("pilots")
      const app = createDashboard({
        kejin,
        plugins: [linkagePlugin, linkageRecordsPlugin],
        session: () => ({ actor: viewer, csrfToken: "t" })
      })
      for (const pilot of [
        "investment-loan",
        "index-loan",
        "investment-insurance",
        "transfer-insurance",
        "risk-compensation",
        "interest-subsidy",
        "bonds"
      ]) {
        const row = pilotRow(html, pilot)
        const href = /<th scope="row"><a href="([^"]+)" data-drill/.exec(row)?.[1]?.replaceAll("&amp;", "&")
        expect(href, pilot).toMatch(
          /^\/records\/[a-z-]+\?from=2026-01-01&to=2026-06-30&includeReversed=false/
        )
        const list = await (await app.request(href!)).text()
        const total = /<p class="records-total" data-total="(\d+)" data-amount="([0-9.]+)"/.exec(list)
        const count = Number(/^(\d+)/.exec(cell(row, "count"))?.[1])
        const amount = /data-col="amount">[\s\S]*?title="([^"]+)"/.exec(row)?.[1]?.replaceAll(",", "")
        expect([pilot, Number(total?.[1]), total?.[2]]).toEqual([pilot, count, amount])
      }
      // The co-investments row counts by its own rules: no link.
      expect(pilotRow(html, "co-investment")).not.toContain("data-drill")
    })

    it("shows each pilot's figures for the year up to the as-of date, exactly", async () => {
      const html = await fragment("pilots")
      const il = pilotRow(html, "investment-loan")
      expect(text(il)).toMatch(/^投贷联动 2 /)
      expect([cell(il, "count"), cell(il, "amount")]).toEqual(["2 贷款", "贷款 700万"])
      expect(il).toContain('title="7,000,000.00">700万')
      expect(details(il)).toEqual(["认股权贷款： 1 笔 , 500万", "行权： 1 笔 , 40万", "退出： 0 笔 , 0万"])
      const ix = pilotRow(html, "index-loan")
      expect([cell(ix, "count"), cell(ix, "amount")]).toEqual(["3 贷款", "贷款 700万"])
      // By the tier of the frozen score, the highest credit limit first.
      expect(details(ix)).toEqual(["评分： 2 笔", "A档： 1 笔 , 400万", "B档： 2 笔 , 300万"])
      const ii = pilotRow(html, "investment-insurance")
      expect([cell(ii, "count"), cell(ii, "amount"), ...details(ii)]).toEqual([
        "1 保单",
        "保额 1,000万",
        "保费： 5万"
      ])
      const ti = pilotRow(html, "transfer-insurance")
      expect([cell(ti, "count"), cell(ti, "amount")]).toEqual(["1 保单", "保额 300万"])
      expect(details(ti)).toEqual([
        "保费： 9万",
        "保费补贴： 4.50万",
        "理赔（损失）： 2 笔 , 120万",
        "保险公司赔付： 80万",
        "二次救济： 26万"
      ])
      expect(ti).toContain('title="260,000.00">26万')
      const co = pilotRow(html, "co-investment")
      expect([cell(co, "count"), cell(co, "amount"), ...details(co)]).toEqual([
        "2 跟投",
        "跟投 1,800万",
        "市基金领投： 2,000万"
      ])
      const rc = pilotRow(html, "risk-compensation")
      expect([cell(rc, "count"), cell(rc, "amount"), ...details(rc)]).toEqual([
        "1 理赔",
        "补偿 40万",
        "损失： 100万"
      ])
      const sub = pilotRow(html, "interest-subsidy")
      expect([cell(sub, "count"), cell(sub, "amount")]).toEqual(["1 贴息", "贴息 1.23万"])
      expect(sub).toContain('title="12,345.67">1.23万')
      const bonds = pilotRow(html, "bonds")
      expect([cell(bonds, "count"), cell(bonds, "amount"), ...details(bonds)]).toEqual([
        "2 债券",
        // The amounts' column is in 万 (1.23万 of subsidies would read 0.00亿), the bonds too.
        "发行 35,000万",
        "投向基金： 30,000万"
      ])
      expect(bonds).toContain('title="350,000,000.00">35,000万')
      // The headline figures: 7,000,000.00 + 7,000,000.00 lent in 5 loans; 10,000,000.00 + 3,000,000.00
      // insured; 260,000.00 relief + 400,000.00 compensation paid out.
      expect(kpi(html, "linkage-loans")).toBe("联动贷款合计 1,400万 (5 笔)")
      expect(kpi(html, "sum-insured")).toBe("保险保额合计 1,300万 (2 笔)")
      expect(kpi(html, "pool-payouts")).toBe("资金池支付合计 66万")
      expect(html).toContain('title="660,000.00">66万')
      expect(kpi(html, "bonds")).toBe("科技创新债券 3.50亿 (2 笔)")
      // Each headline figure opens the records behind it (drill-down), as each pilot's bar does.
      expect(html).toMatch(
        /data-kpi="bonds"><dt>[^<]*<\/dt><dd><a href="\/records\/bonds\?from=\d{4}-01-01&amp;to=[\d-]+&amp;includeReversed=false" data-drill/
      )
      expect(html).toMatch(/<a href="\/records\/loans\?[^"]*pilot=investment-loan[^"]*" class="chart-link"/)
      // The pilots in the action plan's order, and a chart of their amounts with its data table.
      expect([...html.matchAll(/<tr data-pilot="([a-z-]+)">/g)].map((m) => m[1])).toEqual([
        "investment-loan",
        "investment-insurance",
        "co-investment",
        "index-loan",
        "transfer-insurance",
        "risk-compensation",
        "interest-subsidy",
        "bonds"
      ])
      expect(html).toContain('<figure class="chart">')
      expect(html).toContain("2026年各联动试点金额")
      // Bonds (3.5亿) stay out of the chart, which would flatten every other pilot: the table lists them.
      const figure = html.slice(html.indexOf('<figure class="chart">'), html.indexOf("</figure>"))
      expect(figure).toContain("投保联动")
      expect(figure).not.toContain("科技创新债券")
      expect(figure).not.toContain("3.50")
      expect(html).toContain(
        '<p class="panel-note" data-note="bonds-apart">科技创新债券另列（见上表），不计入图表。</p>'
      )
      expect(html).toContain("2026-01-01 – 2026-06-30")
    })

    it("takes the year from the as-of date, and speaks English with ?lang=en", async () => {
      const last = await fragment("pilots", "?asOf=2025-12-31")
      // 2025: the 1,000,000.00 loan and the 40,000.00 compensation only.
      const il = pilotRow(last, "investment-loan")
      expect([cell(il, "count"), cell(il, "amount")]).toEqual(["1 贷款", "贷款 100万"])
      expect(cell(pilotRow(last, "risk-compensation"), "amount")).toBe("补偿 4万")
      expect(cell(pilotRow(last, "bonds"), "count")).toBe("0 债券")
      expect(last).not.toContain('data-note="bonds-apart"')
      expect(last).toContain("2025-01-01 – 2025-12-31")
      const en = await fragment("pilots", "?asOf=2026-06-30&lang=en")
      const ti = pilotRow(en, "transfer-insurance")
      expect(text(ti)).toMatch(/^Tech-transfer insurance 1 policies insured 3 M /)
      // One unit a column: the details' figures all in M (260,000 yuan beside 5 M reads 0.26 M).
      expect(details(ti)).toContain("secondary relief: 0.26 M")
      expect(details(pilotRow(en, "investment-loan"))).toContain("with warrants: 1 , 5 M")
      for (const col of ["amount", "details"]) {
        const units = new Set(
          [...en.matchAll(new RegExp(`data-col="${col}">([\\s\\S]*?)</td>`, "g"))].flatMap((m) =>
            [...(m[1] ?? "").matchAll(/class="money"[^>]*>[-0-9.,]+( B| M| yuan)</g)].map((u) => u[1])
          )
        )
        expect(units.size, col).toBe(1)
      }
    })

    it("shows each pool's deposits, payouts and exact balance up to the as-of date, and the rule in force", async () => {
      const html = await fragment("pools")
      const relief = pool(html, "wz-relief")
      expect(text(relief)).toContain("二次救济资金池 二次救济")
      expect(poolFigure(relief, "deposited")).toBe("累计注入 120万")
      expect(poolFigure(relief, "paid")).toBe("累计支付 26万")
      expect(poolFigure(relief, "balance")).toBe("余额 94万")
      expect(relief).toContain('title="940,000.00">94万')
      // used 260,000 / 1,200,000 = 21.67 %
      expect(relief).toContain('<span class="target-pct">已用 21.7%</span>')
      expect(relief).toContain('<progress value="21.67" max="100"')
      expect(text(relief)).toContain("2026年：注入 20万 ，支付 26万")
      expect(text(relief)).toContain("现行规则：比例 80%，单笔上限 无，自 2026-03-01 起")
      const rc = pool(html, "wz-rc")
      expect(poolFigure(rc, "deposited")).toBe("累计注入 50万")
      expect(poolFigure(rc, "paid")).toBe("累计支付 44万")
      expect(poolFigure(rc, "balance")).toBe("余额 6万")
      expect(rc).toContain('title="60,000.00">6万')
      expect(rc).toContain('<span class="target-pct">已用 88.0%</span>')
      expect(text(rc)).toContain("2026年：注入 0元 ，支付 40万")
      expect(text(rc)).toContain("现行规则：比例 40%，单笔上限 无，自 2025-01-01 起")

      // A year earlier: the first rule (0.6, cap 500,000.00), nothing paid from the relief pool yet.
      const before = await fragment("pools", "?asOf=2025-12-31")
      const relief2025 = pool(before, "wz-relief")
      expect(poolFigure(relief2025, "balance")).toBe("余额 100万")
      expect(relief2025).toContain('<span class="target-pct">已用 0.0%</span>')
      expect(text(relief2025)).toContain("现行规则：比例 60%，单笔上限 50万 ，自 2025-01-01 起")
      expect(poolFigure(pool(before, "wz-rc"), "balance")).toBe("余额 46万")
    })

    it("lists the latest live records, newest first, linking enterprises to their journey", async () => {
      const html = await fragment("recent")
      const order = [...html.matchAll(/<tr data-record="([a-z-]+-\d+)">/g)].map((m) => m[1])
      // Ten rows up to 2026-06-30: the bond of 2026-08-01 is later, the reversed loan is out.
      expect(order).toEqual([
        `bond-${s.bankBond.id}`,
        `subsidy-${s.subsidy.id}`,
        `claim-${s.compensation.id}`,
        `loan-${s.indexB2.id}`,
        `loan-${s.indexB1.id}`,
        `claim-${s.relief2.id}`,
        `bond-${s.enterpriseBond.id}`,
        `loan-${s.indexA.id}`,
        `loan-${s.plainLoan.id}`,
        `claim-${s.relief1.id}`
      ])
      const row = (record: string) => {
        const match = new RegExp(`<tr data-record="${record}">[\\s\\S]*?</tr>`).exec(html)
        if (match === null) throw new Error(`no row ${record}`)
        return match[0]
      }
      // The amounts share one unit, 万 (a 3亿 bond next to a 1.23万 subsidy; never 40万 as "0.00亿").
      expect(text(row(`claim-${s.compensation.id}`))).toBe(
        "2026-05-10 风险补偿资金池 风险补偿 · 质押 Y2026330000002（损失 100万） 瓯海联科 40万 风险补偿资金池"
      )
      expect(row(`claim-${s.compensation.id}`)).toContain(
        `<a href="/enterprises/${uscc(2, "330304")}/journey?asOf=2026-06-30" data-uscc="${uscc(2, "330304")}">瓯海联科</a>`
      )
      expect(text(row(`claim-${s.relief1.id}`))).toBe(
        "2026-02-15 科技成果转化保险 二次救济（损失 80万，保险赔付 50万） 鹿城联科 18万 二次救济资金池"
      )
      expect(text(row(`bond-${s.bankBond.id}`))).toBe(
        "2026-06-15 科技创新债券 科技创新债券 · 36个月 · 票面 2.35% 温州银行 5,000万 —"
      )
      expect(text(row(`bond-${s.enterpriseBond.id}`))).toBe(
        "2026-03-20 科技创新债券 科技创新债券 102680001 · 36个月 · 票面 2.35% · 投向 温州市科创基金 鹿城联科 30,000万 —"
      )
      expect(text(row(`loan-${s.indexA.id}`))).toBe(
        "2026-03-15 科创指数贷 科创指数贷 · A档 鹿城联科 400万 温州银行"
      )
      expect(text(row(`subsidy-${s.subsidy.id}`))).toBe(
        `2026-06-01 贴息 贴息 · 联动贷款 #${s.plainLoan.id} 鹿城联科 1.23万 温州市财政局`
      )
      expect(row(`subsidy-${s.subsidy.id}`)).toContain('title="12,345.67">1.23万')
      // The date never wraps.
      expect(row(`loan-${s.indexA.id}`)).toContain('<th scope="row" class="nowrap">2026-03-15</th>')
      expect(html).toContain('<a href="/journey?asOf=2026-06-30">查询企业金融旅程</a>')
    })

    it("reads the recent rows with one query of the core, not the record lists; reversed records stay out", async () => {
      const unused = () => Promise.reject(new Error("the recent panel must not read a whole list"))
      // The real core's linkage, with the record lists made to fail (typed, so a renamed list fails here).
      const linkage: Kejin["linkage"] = {
        ...kejin.linkage,
        loans: unused,
        policies: unused,
        claims: unused,
        coInvestments: unused,
        subsidies: unused,
        bonds: unused,
        pools: unused
      }
      const app = createDashboard({
        kejin: { ...kejin, linkage },
        plugins: [linkagePlugin],
        session: () => ({ actor: viewer, csrfToken: "t" })
      })
      const rows = async (asOf: string) => {
        const res = await app.request(`/panels/linkage/recent?asOf=${asOf}`, { headers: HX })
        expect(res.status).toBe(200)
        return [...(await res.text()).matchAll(/<tr data-record="([a-z-]+-\d+)">/g)].map((m) => m[1])
      }
      expect(await rows("2026-06-30")).toEqual(
        [...(await fragment("recent")).matchAll(/<tr data-record="([a-z-]+-\d+)">/g)].map((m) => m[1])
      )
      // Up to 2026-04-20: the reversed loan of 2026-04-01 is not listed; the relief claim of that day is.
      expect((await rows("2026-04-20")).slice(0, 4)).toEqual([
        `loan-${s.indexB2.id}`,
        `loan-${s.indexB1.id}`,
        `claim-${s.relief2.id}`,
        `bond-${s.enterpriseBond.id}`
      ])
    })

    it("names a following sub-fund by its name, not its code, reading the funds once", async () => {
      let listed = 0
      const funds: Kejin["funds"] = {
        ...kejin.funds,
        list: (query?: Parameters<Kejin["funds"]["list"]>[0]) => {
          listed += 1
          return kejin.funds.list(query)
        },
        get: () => Promise.reject(new Error("the recent list reads the funds once, not per row"))
      }
      const items = await recentItems({ ...kejin, funds }, { asOf: "2026-06-30", limit: 50 })
      expect(listed).toBe(1)
      const followers = items.filter((i) => i.pilot === "co-investment").map((i) => i.counterparty)
      expect(followers).toContain("瓯江子基金")
      expect(followers).not.toContain("wz-sub")
    })
  })
}
