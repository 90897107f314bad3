/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { linkagePlugin } from "../linkage/linkage-plugin.js"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { linkageRecordsPlugin } from "../records/records-plugin.js"

const viewer: Actor = { id: "visitor", role: "viewer" }
const uscc = (n: number) => makeUscc(`91330302MA6${String(n).padStart(6, "0")}`)
const patent = (n: number) => `ZL${makePatentNumber(`20241${String(n).padStart(7, "0")}`)}`

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()

/** The timeline's rows, in order. */
const rows = (html: string): Array<string> =>
  [...html.matchAll(/<tr(?: class="[^"]*")? data-source="[\s\S]*?<\/tr>/g)].map((m) => m[0])
const total = (html: string, key: string): string => {
  const match = new RegExp(
    `<div class="figure-box" data-total="${key}">[\\s\\S]*?<dd>([\\s\\S]*?)</dd>`
  ).exec(html)
  if (match === null) throw new Error(`no total ${key} in ${html}`)
  return match[1]!
}

/*
 * 鹿城旅程科技 (uscc 1), by hand: 瓯江天使基金 invests 20,000,000.00 on 2025-01-20 (and 1,000,000.00 on
 * 2025-01-25, reversed); a transfer-insurance policy of 5,000,000.00 from 2025-02-01; a pledge of
 * 25,000,000.00 registered on 2025-03-14 with 温州银行 and a 投贷联动 loan of 5,000,000.00 the same day; a
 * pledge loan of 10,000,000.00 drawn on 2025-04-10; a claim on 2025-07-01: loss 800,000.00, the insurer
 * 500,000.00, relief 0.6 × 300,000.00 = 180,000.00 → claims paid 680,000.00. 瓯海旅程材料 (uscc 2) has a
 * pledge of its own that must not show. 瑞安_旅程电子 (uscc 3): 瓯江天使基金 invests 8,000,000.00 on 2025-02-10,
 * 瓯江成长基金 2,000,000.00 on 2025-05-20.
 */
const seed = async (kejin: Kejin) => {
  const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
  const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江资本" })).id
  const base = { industry: "光电", stage: "growth", techCategory: "frontier" }
  await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城旅程科技", district: "330302", ...base })
  await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瓯海旅程材料", district: "330304", ...base })
  await kejin.registry.addEnterprise({ uscc: uscc(3), name: "瑞安_旅程电子", district: "330381", ...base })
  await kejin.funds.create({
    code: "oj-angel",
    name: "瓯江天使基金",
    kind: "chain",
    chainStage: "angel",
    manager,
    targetSize: "500000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
  const invest = (on: string, amount: string) =>
    kejin.funds.invest({
      fund: "oj-angel",
      enterprise: uscc(1),
      on,
      amount,
      instrument: "equity",
      round: "天使轮"
    })
  await kejin.funds.create({
    code: "oj-growth",
    name: "瓯江成长基金",
    kind: "chain",
    chainStage: "venture",
    manager,
    targetSize: "500000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
  // Capital first: an investment stays within the fund's commitments.
  for (const fund of ["oj-angel", "oj-growth"])
    await kejin.funds.commit({
      fund,
      on: "2025-01-01",
      lpName: "温州市财政局",
      lpType: "fiscal",
      amount: "100000000.00"
    })
  for (const [fund, on, amount] of [
    ["oj-angel", "2025-02-10", "8000000.00"],
    ["oj-growth", "2025-05-20", "2000000.00"]
  ] as const)
    await kejin.funds.invest({ fund, enterprise: uscc(3), on, amount, instrument: "equity" })
  const investment = await invest("2025-01-20", "20000000.00")
  const mistaken = await invest("2025-01-25", "1000000.00")
  await kejin.funds.reverse(mistaken.id, "重复录入")
  const pledge = (n: number, no: string) =>
    kejin.pledges.record({
      registrationNo: no,
      pledgor: { uscc: uscc(n), name: n === 1 ? "鹿城旅程科技" : "瓯海旅程材料", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [patent(n)],
      amount: "25000000.00",
      registeredOn: "2025-03-14"
    })
  const registration = await pledge(1, "Y2025330000701")
  await pledge(2, "Y2025330000702")
  await kejin.pledges.loans.draw({
    pledgeId: registration.id,
    amount: "10000000.00",
    rate: "0.0385",
    disbursedOn: "2025-04-10",
    maturesOn: "2026-04-09"
  })
  await kejin.linkage.recordInvestmentLoan({
    bank,
    enterprise: uscc(1),
    investment: investment.id,
    amount: "5000000.00",
    ratePercent: "3.45",
    disbursedOn: "2025-03-14",
    maturesOn: "2028-03-14"
  })
  await kejin.linkage.recordPool({
    code: "wz-relief",
    name: "二次救济资金池",
    kind: "relief",
    openedOn: "2025-01-01",
    ratio: "0.6",
    cap: "500000.00"
  })
  await kejin.linkage.recordDeposit({ pool: "wz-relief", on: "2025-01-02", amount: "1000000.00" })
  const policy = await kejin.linkage.recordTransferPolicy({
    insurer,
    enterprise: uscc(1),
    sumInsured: "5000000.00",
    premium: "100000.00",
    startsOn: "2025-02-01",
    endsOn: "2026-01-31"
  })
  await kejin.linkage.recordTransferClaim({
    policy: policy.id,
    on: "2025-07-01",
    loss: "800000.00",
    insurerPaid: "500000.00",
    reliefPool: "wz-relief"
  })
  return { mistaken }
}

for (const dialect of testDialects()) {
  describe(`the enterprise journey page on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let s: Awaited<ReturnType<typeof seed>>
    const get = async (path: string, actor: Actor | null = viewer) => {
      const app = createDashboard({
        kejin,
        plugins: [linkagePlugin, patentPledgePlugin, linkageRecordsPlugin],
        session: () => (actor === null ? undefined : { actor, csrfToken: "t" })
      })
      const response = await app.request(path)
      return {
        status: response.status,
        html: await response.text(),
        location: response.headers.get("location")
      }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      s = await seed(kejin)
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("shows the enterprise, its exact totals and every event oldest first", async () => {
      const { status, html } = await get(`/enterprises/${uscc(1)}/journey`)
      expect(status).toBe(200)
      expect(html).toContain(`<h3 class="fund-name">鹿城旅程科技 <code>${uscc(1)}</code></h3>`)
      expect(text(html)).toContain(
        `统一社会信用代码 ${uscc(1)} 所在区县 鹿城区 发展阶段 成长期 行业 光电 技术类别 前沿引领技术`
      )
      expect(total(html, "equityInvested")).toBe('<span class="money" title="20,000,000.00">2,000万</span>')
      expect(total(html, "pledged")).toBe(
        `<a href="/pledges?q=${uscc(1)}&amp;counting=true" data-drill="true">` +
          '<span class="money" title="25,000,000.00">2,500万</span></a>'
      )
      expect(total(html, "pledgeLoansDrawn")).toBe('<span class="money" title="10,000,000.00">1,000万</span>')
      expect(total(html, "linkageLoans")).toBe('<span class="money" title="5,000,000.00">500万</span>')
      // The insurer's 500,000.00 and the pool's 180,000.00.
      expect(total(html, "claimsPaid")).toBe('<span class="money" title="680,000.00">68万</span>')
      const timeline = rows(html)
      expect(timeline.map(text)).toEqual([
        "2025-01-20 股权 股权投资 瓯江天使基金 投资 · 天使轮 2,000万 瓯江天使基金",
        "2025-02-01 联动 保单生效 科技成果转化保险保单 2025-02-01–2026-01-31 500万 人保财险温州分公司",
        "2025-03-14 质押 质押登记 专利质押登记 Y2025330000701 温州银行 2,500万 温州银行",
        "2025-03-14 联动 联动贷款 投贷联动 3.45 %, 到期 2028-03-14 500万 温州银行",
        "2025-04-10 质押 质押贷款放款 质押贷款放款 Y2025330000701, 到期 2026-04-09 1,000万 温州银行",
        "2025-07-01 联动 理赔 理赔: 保险赔付 500000.00, 二次救济 180000.00 80万 wz-relief"
      ])
      expect(timeline[0]).toContain('title="20,000,000.00"')
      expect(timeline[5]).toContain('title="800,000.00"')
      // Another enterprise's pledge and the reversed investment are not in it.
      expect(html).not.toContain("Y2025330000702")
      expect(html).not.toContain("<s>")
      expect(html).toContain(`href="/enterprises/${uscc(1)}/journey?all=1"`)
    })

    it("links each entry to its record and the pledged total to the registrations behind it", async () => {
      // A change after the window and a cancelled registration of the same enterprise: the figure and the
      // list count alike.
      const [registration] = (await kejin.pledges.list({ q: uscc(1), limit: 5 })).items
      await kejin.pledges.change({ pledgeId: registration!.id, on: "2025-09-01", amount: "26000000.00" })
      const other = await kejin.pledges.record({
        registrationNo: "Y2025330000703",
        pledgor: { uscc: uscc(1), name: "鹿城旅程科技", district: "330302" },
        pledgee: { name: "温州银行" },
        patents: [patent(9)],
        amount: "3000000.00",
        registeredOn: "2025-05-01"
      })
      await kejin.pledges.cancel({ pledgeId: other.id, on: "2025-06-01" })
      const { html } = await get(`/enterprises/${uscc(1)}/journey?to=2025-08-31`)
      const link = /data-total="pledged">[\s\S]*?<a href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&")
      expect(link).toBe(`/pledges?to=2025-08-31&q=${uscc(1)}&counting=true`)
      const list = await get(link!)
      expect(list.status).toBe(200)
      const sum = /<p class="list-total"[^>]*>[\s\S]*?title="([^"]+)"/.exec(list.html)?.[1]
      expect(total(html, "pledged")).toContain(`title="${sum}"`)
      expect(sum).toBe("25,000,000.00")
      expect(text(/<p class="list-total"[^>]*>[\s\S]*?<\/p>/.exec(list.html)![0])).toMatch(/^1 笔/)

      const hrefs = rows(html).map((r) => /<a href="([^"]+)" data-record-link/.exec(r)?.[1])
      const loan = (await kejin.pledges.loans.list(registration!.id))[0]!
      // Every entry links: the fund's page, the linkage records' pages, a registration's page (a loan's and
      // a cancellation's are their registration's).
      expect(hrefs).toEqual([
        "/funds/oj-angel",
        expect.stringMatching(/^\/records\/policies\/\d+$/),
        `/pledges/${registration!.id}`,
        expect.stringMatching(/^\/records\/loans\/\d+$/),
        `/pledges/${loan.pledgeId}`,
        `/pledges/${other.id}`,
        `/pledges/${other.id}`,
        expect.stringMatching(/^\/records\/claims\/\d+$/)
      ])
      // Each linked record page answers.
      for (const href of hrefs.filter((h): h is string => h !== undefined && !h.startsWith("/funds")))
        expect((await get(href)).status).toBe(200)
    })

    it("with ?all=1 lists reversed records struck through, the totals unchanged", async () => {
      const { status, html } = await get(`/enterprises/${uscc(1)}/journey?all=1`)
      expect(status).toBe(200)
      const timeline = rows(html)
      expect(timeline).toHaveLength(7)
      const reversed = timeline[1]!
      expect(reversed).toContain('class="entry--reversed"')
      expect(reversed).toContain(`data-ref="fund-entry-${s.mistaken.id}"`)
      expect(reversed).toContain('<s><span class="money" title="1,000,000.00">100万</span></s>')
      expect(text(reversed)).toBe(
        "2025-01-25 股权 股权投资 （已冲销） 瓯江天使基金 投资 · 天使轮 100万 瓯江天使基金"
      )
      expect(timeline.filter((r) => r.includes("entry--reversed"))).toHaveLength(1)
      expect(total(html, "equityInvested")).toContain("2,000万")
      expect(html).toContain("已冲销的记录以删除线列出（1 条）")
      expect(html).toContain(`href="/enterprises/${uscc(1)}/journey"`)
    })

    it("speaks English with ?lang=en and bounds the timeline with from and to", async () => {
      const { html } = await get(`/enterprises/${uscc(1)}/journey?lang=en&from=2025-03-14&to=2025-04-10`)
      expect(rows(html).map((r) => text(r).split(" ").slice(0, 3).join(" "))).toEqual([
        "2025-03-14 Pledge Pledge",
        "2025-03-14 Linkage Linked",
        "2025-04-10 Pledge Pledge"
      ])
      expect(total(html, "equityInvested")).toContain(">0 yuan<")
      expect(total(html, "pledgeLoansDrawn")).toContain("10 M")
      expect(text(html)).toContain("Live records only (2025-03-14 – 2025-04-10)")
      const bad = await get(`/enterprises/${uscc(1)}/journey?from=2025-02-30`)
      expect(bad.status).toBe(400)
      expect(bad.html).toContain("from: ")
    })

    it("words each event's details in the page's language: no Chinese in the English details but the names", async () => {
      /** The details column (the timeline's fourth cell) of each row. */
      const details = (html: string) =>
        rows(html).map((r) => text([...r.matchAll(/<td>([\s\S]*?)<\/td>/g)][2]?.[1] ?? ""))
      const all = "?all=1&from=2025-01-01&to=2025-12-31"
      const zh = details((await get(`/enterprises/${uscc(1)}/journey${all}`)).html)
      const en = details((await get(`/enterprises/${uscc(1)}/journey${all}&lang=en`)).html)
      expect(zh).toEqual([
        "瓯江天使基金 投资 · 天使轮",
        "瓯江天使基金 投资 · 天使轮",
        "科技成果转化保险保单 2025-02-01–2026-01-31",
        "专利质押登记 Y2025330000701 温州银行",
        "投贷联动 3.45 %, 到期 2028-03-14",
        "质押贷款放款 Y2025330000701, 到期 2026-04-09",
        "理赔: 保险赔付 500000.00, 二次救济 180000.00"
      ])
      expect(en).toEqual([
        "瓯江天使基金 invested · 天使轮",
        "瓯江天使基金 invested · 天使轮",
        "Tech-transfer insurance policy 2025-02-01–2026-01-31",
        "patent pledge Y2025330000701 registered with 温州银行",
        "Investment-loan linkage 3.45 %, due 2028-03-14",
        "pledge loan drawn under Y2025330000701, due 2026-04-09",
        "claim: insurer paid 500000.00, secondary relief 180000.00"
      ])
      // What is left in Chinese is the data: a fund's, a bank's name, a free-text round.
      const names = /瓯江天使基金|天使轮|温州银行/g
      for (const line of en) expect(line.replace(names, ""), line).not.toMatch(/[\u4e00-\u9fff]/)
    })

    it("answers 404 for a credit code no enterprise has, 400 for one that is not a credit code", async () => {
      const unknown = await get(`/enterprises/${uscc(99)}/journey`)
      expect(unknown.status).toBe(404)
      expect(unknown.html).toContain("没有登记此统一社会信用代码的企业")
      expect(unknown.html).toContain(uscc(99))
      // The right length and alphabet, the wrong check character.
      const wrongCheck = `${uscc(1).slice(0, 17)}${uscc(1).endsWith("0") ? "1" : "0"}`
      for (const code of [wrongCheck, "not-a-code"]) {
        const invalid = await get(`/enterprises/${code}/journey`)
        expect(invalid.status).toBe(400)
        expect(invalid.html).toContain("这不是有效的统一社会信用代码")
      }
      // Lower case is the same code: it is sent to the canonical address.
      const lower = await get(`/enterprises/${uscc(1).toLowerCase()}/journey?all=1`)
      expect([lower.status, lower.location]).toEqual([303, `/enterprises/${uscc(1)}/journey?all=1`])
    })

    it("finds an enterprise by name or credit code from the search page", async () => {
      const all = await get("/journey")
      expect(all.status).toBe(200)
      expect(all.html).toContain('<form class="filters journey-search" method="get" action="/journey">')
      expect([...all.html.matchAll(/<tr data-uscc="([^"]+)"/g)].map((m) => m[1])).toEqual([
        uscc(1),
        uscc(2),
        uscc(3)
      ])
      const byName = await get(`/journey?q=${encodeURIComponent("瓯海")}`)
      expect([...byName.html.matchAll(/<tr data-uscc="([^"]+)"/g)].map((m) => m[1])).toEqual([uscc(2)])
      expect(byName.html).toContain(`<a href="/enterprises/${uscc(2)}/journey">瓯海旅程材料</a>`)
      const byCode = await get(`/journey?q=${uscc(1).toLowerCase()}`)
      expect([byCode.status, byCode.location]).toEqual([303, `/enterprises/${uscc(1)}/journey`])
      const unknown = await get(`/journey?q=${uscc(99)}`)
      expect(unknown.status).toBe(200)
      expect(unknown.html).toContain(`没有登记统一社会信用代码为 ${uscc(99)} 的企业`)
      const none = await get(`/journey?q=${encodeURIComponent("不存在")}&lang=en`)
      expect(none.html).toContain("No enterprise matches “不存在”.")
    })

    it("searches in one call: a name with _ matched literally, a credit code by its start", async () => {
      const calls: Array<unknown> = []
      const counting: Kejin = {
        ...kejin,
        registry: {
          ...kejin.registry,
          journeySearch: (query) => {
            calls.push(query)
            return kejin.registry.journeySearch(query)
          }
        }
      }
      const app = createDashboard({
        kejin: counting,
        plugins: [linkagePlugin],
        session: () => ({ actor: viewer, csrfToken: "t" })
      })
      const found = async (q: string) => {
        const html = await (await app.request(`/journey?q=${encodeURIComponent(q)}`)).text()
        return [...html.matchAll(/<tr data-uscc="([^"]+)"/g)].map((m) => m[1])
      }
      // `_` is no wildcard: only the name that has one.
      expect(await found("_")).toEqual([uscc(3)])
      expect(calls).toEqual([{ q: "_", limit: 51 }])
      expect(await found("旅程")).toEqual([uscc(1), uscc(2), uscc(3)])
      // The start of a credit code, in lower case with a space; the middle of one finds nothing.
      expect(await found(`${uscc(2).slice(0, 6).toLowerCase()} ${uscc(2).slice(6, 17)}`)).toEqual([uscc(2)])
      expect(await found(uscc(2).slice(4, 17))).toEqual([])
      expect(calls).toHaveLength(4)
    })

    it("finds a pledgor that is not in the registry and shows its pledges, saying it is not registered", async () => {
      const pledgor = uscc(40)
      await kejin.pledges.record({
        registrationNo: "Y2025330000740",
        pledgor: { uscc: pledgor, name: "永嘉未入库阀门", district: "330324" },
        pledgee: { name: "温州银行" },
        patents: [patent(40)],
        amount: "3000000.00",
        registeredOn: "2025-06-02"
      })
      const search = await get(`/journey?q=${encodeURIComponent("未入库")}`)
      expect(search.html).toContain(`<tr data-uscc="${pledgor}" data-registered="false">`)
      expect(search.html).toContain(`<a href="/enterprises/${pledgor}/journey">永嘉未入库阀门</a>`)
      expect(text(search.html)).toContain("出质人（未入库）")
      // Its full code goes straight to its journey.
      const byCode = await get(`/journey?q=${pledgor}`)
      expect([byCode.status, byCode.location]).toEqual([303, `/enterprises/${pledgor}/journey`])
      const { status, html } = await get(`/enterprises/${pledgor}/journey`)
      expect(status).toBe(200)
      expect(html).toContain(`<h3 class="fund-name">永嘉未入库阀门 <code>${pledgor}</code></h3>`)
      expect(html).toContain('data-registered="false"')
      expect(text(html)).toContain("未录入企业库：名称与区县取自专利质押登记 Y2025330000740（2025-06-02）")
      expect(total(html, "pledged")).toContain("3,000,000.00")
      expect(rows(html)).toHaveLength(1)
      // The footnote says what the pledged total counts.
      expect(text(html)).toContain("专利质押金额不含已撤销的登记，已解除的照计")
    })

    it("shows a fund manager only its own funds' investments, says how many were withheld", async () => {
      const angel: Actor = { id: "angel-mgr", role: "fund-manager", funds: ["oj-angel"] }
      const { status, html } = await get(`/enterprises/${uscc(3)}/journey`, angel)
      expect(status).toBe(200)
      expect(rows(html).map(text)).toEqual(["2025-02-10 股权 股权投资 瓯江天使基金 投资 800万 瓯江天使基金"])
      expect(html).not.toContain("瓯江成长基金")
      expect(total(html, "equityInvested")).toBe('<span class="money" title="8,000,000.00">800万</span>')
      expect(html).toContain(
        '<p class="panel-note" data-withheld="equity">1 条其他基金的投资记录未显示（无权查看），不计入股权投资合计。</p>'
      )
      const en = await get(`/enterprises/${uscc(3)}/journey?lang=en`, angel)
      expect(text(en.html)).toContain(
        "1 investment record of other funds not shown (no access to their ledgers); not counted in Equity invested."
      )
      // A viewer (and the bureau) read every fund's ledger: both investments, the whole total, no note.
      for (const actor of [viewer, { id: "bureau", role: "bureau" } as const]) {
        const page = await get(`/enterprises/${uscc(3)}/journey`, actor)
        expect(rows(page.html)).toHaveLength(2)
        expect(total(page.html, "equityInvested")).toContain('title="10,000,000.00"')
        expect(page.html).not.toContain("data-withheld")
      }
      // On the first enterprise a manager of neither fund sees no investment, live or reversed.
      const stranger: Actor = { id: "x-mgr", role: "fund-manager", funds: ["oj-growth"] }
      const first = await get(`/enterprises/${uscc(1)}/journey?all=1`, stranger)
      expect(first.html).not.toContain('data-source="equity"')
      expect(total(first.html, "equityInvested")).toContain(">0元<")
      expect(first.html).toContain("2 条其他基金的投资记录未显示（无权查看）")
    })

    it("refuses an anonymous request: it is sent to sign in and sees nothing", async () => {
      const page = await get(`/enterprises/${uscc(1)}/journey`, null)
      expect(page.status).toBe(303)
      expect(page.location).toBe(`/login?next=${encodeURIComponent(`/enterprises/${uscc(1)}/journey`)}`)
      expect(page.html).not.toContain("鹿城旅程科技")
      const search = await get("/journey?q=x", null)
      expect(search.status).toBe(303)
    })
  })
}
