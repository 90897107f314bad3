/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dashboardClient } from "../testing/dashboard-client.js"
import { fieldHtml, plainText } from "../testing/html.js"
import { linkageKinds } from "./kinds.js"
import { linkageRecordsPlugin } from "./records-plugin.js"

const bureau: Actor = { id: "wang.ke", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const ENTERPRISE = makeUscc("91330302MA5000001")

/** One record of every linkage kind (and a 认股权 exercise, a deposit) recorded through the facade. */
const seed = async (kejin: Kejin) => {
  const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
  const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })).id
  await kejin.registry.addEnterprise({
    uscc: ENTERPRISE,
    name: "鹿城联科",
    district: "330302",
    industry: "智能装备",
    stage: "start-up",
    techCategory: "key-generic"
  })
  const fund = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
  await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
  await kejin.funds.commit({
    fund: "wz-city",
    on: "2025-01-01",
    lpName: "温州市财政局",
    lpType: "fiscal",
    amount: "1亿"
  })
  const lead = await kejin.funds.invest({
    fund: "wz-city",
    enterprise: ENTERPRISE,
    on: "2026-01-10",
    amount: "20000000.00",
    instrument: "equity",
    round: "A"
  })
  const l = kejin.linkage
  const loan = await l.recordInvestmentLoan({
    bank,
    enterprise: ENTERPRISE,
    investment: lead.id,
    amount: "5000000.00",
    ratePercent: "3.45",
    disbursedOn: "2026-02-10",
    maturesOn: "2028-12-31",
    warrant: {
      holder: "温州银行投资子公司",
      equityPercent: "4",
      strikeBasis: "A轮估值",
      expiresOn: "2028-12-31"
    }
  })
  await l.recordWarrantExercise({
    loan: loan.id,
    on: "2026-05-01",
    equityPercent: "2",
    amountPaid: "400000.00"
  })
  await l.recordTierTable({
    modelVersion: "wz-sti-2026",
    maxScore: "100",
    tiers: [{ tier: "A", minScore: "60", limit: "5000000.00" }]
  })
  await l.recordScore({
    enterprise: ENTERPRISE,
    modelVersion: "wz-sti-2026",
    scoredOn: "2026-01-05",
    total: "92",
    dimensions: {}
  })
  await l.recordIndexLoan({
    bank,
    enterprise: ENTERPRISE,
    amount: "4000000.00",
    ratePercent: "3.1",
    disbursedOn: "2026-03-15",
    maturesOn: "2027-12-31"
  })
  const policy = await l.recordTransferPolicy({
    policyNo: "PZ2026001",
    insurer,
    enterprise: ENTERPRISE,
    sumInsured: "3000000.00",
    premium: "90000.00",
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
  await l.recordTransferClaim({
    policy: policy.id,
    on: "2026-02-15",
    loss: "800000.00",
    insurerPaid: "500000.00",
    reliefPool: "wz-relief"
  })
  await l.recordInterestSubsidy({
    on: "2026-06-01",
    amount: "12345.67",
    loan: loan.id,
    payer: "温州市财政局"
  })
  await l.recordCoInvestment({
    lead: lead.id,
    investor: "某民营资本",
    enterprise: ENTERPRISE,
    amount: "10000000.00",
    on: "2026-01-20",
    round: "A"
  })
  await l.recordBond({
    issuerEnterprise: ENTERPRISE,
    amount: "50000000.00",
    issuedOn: "2026-06-15",
    tenorMonths: 36,
    couponPercent: "2.35",
    useOfProceeds: "研发"
  })
  await l.reverse(
    "bond",
    (
      await l.recordBond({
        issuerEnterprise: ENTERPRISE,
        amount: "1.00",
        issuedOn: "2026-06-16",
        tenorMonths: 12,
        couponPercent: "2",
        useOfProceeds: "研发"
      })
    ).id,
    "录错"
  )
}

/** The links of a list's rows to their records' pages. */
const recordLinks = (html: string, slug: string): Array<string> =>
  [...html.matchAll(new RegExp(`<a href="(/records/${slug}/[^"?]+)">`, "g"))].map((m) => m[1]!)

for (const dialect of testDialects()) {
  describe(`every linkage kind in the browser on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const { get, submit } = dashboardClient(() => kejin, [linkageRecordsPlugin])

    // Read-only tests over one seeded database (the one write test reverses a record no other test reads).
    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      await seed(kejin)
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("lists each kind's records with their total, each linking to its page with its fields and reversal", async () => {
      for (const kind of linkageKinds) {
        const list = await get(bureau, `/records/${kind.slug}`)
        expect(list.status, kind.slug).toBe(200)
        const total = Number(/data-total="(\d+)"/.exec(list.html)?.[1])
        expect(total, kind.slug).toBeGreaterThan(0)
        if (kind.get === undefined) continue
        const [href] = recordLinks(list.html, kind.slug)
        expect(href, kind.slug).toBeDefined()
        const page = await get(bureau, href!)
        expect(page.status, href).toBe(200)
        expect(page.html).toContain('data-field="id"')
        expect(page.html).toContain("data-history")
        if (kind.reversal !== undefined) expect(page.html, href).toContain('id="record-reverse"')
      }
    })

    it("shows a loan's 认股权 events and a pool's deposits on their pages, with their forms for writers", async () => {
      const [loan] = recordLinks((await get(viewer, "/records/loans")).html, "loans")
      const loanPage = await get(bureau, loan!)
      expect(loanPage.html).toContain('data-child="linkage.warrantEvents"')
      expect(plainText(loanPage.html)).toContain("40万")
      expect(loanPage.html).toContain('id="record-form-linkage-recordWarrantExercise"')
      expect((await get(viewer, loan!)).html).not.toContain("record-form-linkage-recordWarrantExercise")
      const pool = await get(bureau, "/records/pools/wz-relief?lang=en")
      expect(pool.html).toContain('data-child="linkage.deposits"')
      expect(pool.html).toContain('action="/api/v1/linkage/pools/wz-relief/deposits?lang=en"')
      expect(plainText(pool.html)).toContain("Secondary relief")
    })

    it("filters by the declared query parameters, the URL keeping them, with the exports' links alike", async () => {
      const all = await get(viewer, "/records/bonds")
      expect(all.html).toContain('data-total="2"')
      const live = await get(viewer, "/records/bonds?includeReversed=false")
      expect(live.html).toContain('data-total="1"')
      expect(live.html).toContain('href="/api/v1/linkage/bonds/export.csv?includeReversed=false"')
      const loans = await get(viewer, "/records/loans?pilot=index-loan&lang=en")
      expect(loans.html).toContain('data-total="1"')
      expect(loans.html).toContain('<option value="index-loan" selected="">Sci-tech index loans</option>')
    })

    it("pages with limit and offset", async () => {
      const first = await get(viewer, "/records/bonds?limit=1")
      expect(first.html).toContain("第 1–1 条，共 2 条")
      expect(first.html).toContain('href="/records/bonds?offset=1&amp;limit=1" rel="next"')
      const second = await get(viewer, "/records/bonds?limit=1&offset=1")
      expect(second.html).toContain("第 2–2 条，共 2 条")
      expect(second.html).toContain('rel="prev"')
    })

    it("refuses a deposit at its field on the pool's page, all issues at once", async () => {
      const answer = await submit(bureau, "/records/pools/wz-relief", "record-form-linkage-recordDeposit", {
        on: "not a date",
        amount: ""
      })
      expect(answer.status).toBe(422)
      expect(fieldHtml(answer.html, "on")).toContain("field-error")
      expect(fieldHtml(answer.html, "amount")).toContain("field-error")
    })

    it("answers 404 for a record that does not exist and for an unknown kind", async () => {
      expect((await get(viewer, "/records/bonds/99999")).status).toBe(404)
      expect((await get(viewer, "/records/nothing")).status).toBe(404)
    })
  })
}
