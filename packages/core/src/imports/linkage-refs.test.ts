import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { RowOutcome } from "./engine.js"

// The linkage records a sheet names as people do, not by Kejin's ids: a co-investment's lead and follow
// by the funds' codes and the enterprise, a transfer claim's policy by its number, an index loan's score
// by its date, a warrant exercise's loan by the enterprise and the disbursement date.

const uscc = (n: number) => makeUscc(`91330302MA4${String(n).padStart(6, "0")}`)

for (const dialect of testDialects()) {
  describe(`linkage imports naming records as people do, on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let ids: {
      bank: number
      lead: number
      follow: number
      policy: number
      score: number
      warrantLoan: number
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" }))
        .id
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      const base = {
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic",
        district: "330302"
      }
      await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城引用科技", ...base })
      const fund = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
      await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
      await kejin.funds.create({
        code: "wz-sub",
        name: "瓯江子基金",
        kind: "sub-fund",
        parent: "wz-city",
        ...fund
      })
      for (const code of ["wz-city", "wz-sub"])
        await kejin.funds.commit({
          fund: code,
          on: "2025-01-01",
          lpName: "温州市财政局",
          lpType: "fiscal",
          amount: "100000000.00"
        })
      const invest = (code: string, on: string) =>
        kejin.funds.invest({
          fund: code,
          enterprise: uscc(1),
          on,
          amount: "5000000.00",
          instrument: "equity",
          round: "A"
        })
      const lead = (await invest("wz-city", "2025-03-01")).id
      const follow = (await invest("wz-sub", "2025-04-01")).id
      const l = kejin.linkage
      const policy = await l.recordTransferPolicy({
        policyNo: "ZH2025-0007",
        insurer,
        enterprise: uscc(1),
        sumInsured: "3000000.00",
        premium: "90000.00",
        startsOn: "2025-02-01",
        endsOn: "2026-01-31"
      })
      await l.recordPool({
        code: "relief",
        name: "二次救济资金池",
        kind: "relief",
        openedOn: "2025-01-01",
        ratio: "0.5"
      })
      await l.recordDeposit({ pool: "relief", on: "2025-01-05", amount: "100000.00" })
      await l.recordTierTable({
        modelVersion: "wz-sti-2025",
        maxScore: "100",
        tiers: [{ tier: "B", minScore: "60", limit: "3000000.00" }]
      })
      const score = await l.recordScore({
        enterprise: uscc(1),
        modelVersion: "wz-sti-2025",
        scoredOn: "2025-03-01",
        total: "76",
        dimensions: { 研发投入: "40", 知识产权: "36" }
      })
      const warrantLoan = await l.recordInvestmentLoan({
        bank,
        enterprise: uscc(1),
        ratePercent: "3.2",
        amount: "5000000.00",
        disbursedOn: "2025-04-01",
        maturesOn: "2027-12-31",
        investment: lead,
        warrant: { holder: "温州银行", equityPercent: "4", strikeBasis: "A轮估值", expiresOn: "2027-12-31" }
      })
      ids = { bank, lead, follow, policy: policy.id, score: score.id, warrantLoan: warrantLoan.id }
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** Imports `lines` as `kind`: the summary, each row's outcome, and the inputs recorded. */
    const load = async (kind: string, lines: ReadonlyArray<string>) => {
      const outcomes: Array<RowOutcome> = []
      const { rows } = await rowsFromBytes(Buffer.from(lines.join("\n")), `${kind}.csv`)
      const summary = await kejin.imports.run({ kind, rows, onRow: (o) => void outcomes.push(o) })
      const recorded =
        summary.journalSeq === undefined ? [] : (await kejin.imports.rows(summary.journalSeq)).items
      return { summary, outcomes, inputs: recorded.map((r) => r.input as Record<string, unknown>) }
    }

    it("names a co-investment's lead and follow by the funds' codes and the enterprise", async () => {
      const { summary, inputs, outcomes } = await load("co-investments", [
        "领投基金,跟投基金,被投企业",
        `wz-city,wz-sub,${uscc(1)}`
      ])
      expect(outcomes[0]?.issues).toEqual([])
      expect(summary).toMatchObject({ ok: 1, committed: true })
      expect(inputs[0]).toMatchObject({ lead: ids.lead, follow: ids.follow })
    })

    it("names a transfer claim's policy by its number, an index loan's score by its date", async () => {
      const claims = await load("transfer-claims", [
        "保单号,on,loss,insurerPaid,reliefPool",
        "ZH2025-0007,2025-06-01,300000,200000,relief"
      ])
      expect(claims.summary).toMatchObject({ ok: 1, committed: true })
      expect(claims.inputs[0]).toMatchObject({ policy: ids.policy })
      const loans = await load("index-loans", [
        "银行名称,enterprise,amount,ratePercent,放款日期,到期日期,评分日期",
        `温州银行,${uscc(1)},1500000,3.1,2025-03-10,2026-03-09,2025-03-01`
      ])
      expect(loans.summary).toMatchObject({ ok: 1, committed: true })
      expect(loans.inputs[0]).toMatchObject({ bank: ids.bank, score: ids.score })
    })

    it("names a warrant loan by its enterprise and disbursement date, and says when none is live", async () => {
      const exercise = await load("warrant-exercises", [
        "企业,放款日期,on,equityPercent,amountPaid",
        `${uscc(1)},2025-04-01,2025-10-01,2,400000`
      ])
      expect(exercise.summary).toMatchObject({ ok: 1, committed: true })
      expect(exercise.inputs[0]).toMatchObject({ loan: ids.warrantLoan })
      const wrong = await load("warrant-exercises", [
        "企业,放款日期,on,equityPercent,amountPaid",
        `${uscc(1)},2025-05-01,2025-10-01,1,100000`
      ])
      expect(wrong.summary).toMatchObject({ ok: 0, errors: 1, committed: false })
      expect(wrong.outcomes[0]?.issues[0]).toMatchObject({
        field: "loan",
        reason: {
          zh: expect.stringContaining("放款日期为 2025-05-01"),
          en: expect.stringContaining("no live warrant loan")
        }
      })
    })

    it("names a loan of either pilot by its enterprise and disbursement date: its repayments and default", async () => {
      const repayments = await load("linkage-repayments", [
        "企业,放款日期,on,principal,interest",
        `${uscc(1)},2025-04-01,2025-10-01,1000000,40000`
      ])
      expect(repayments.outcomes[0]?.issues).toEqual([])
      expect(repayments.summary).toMatchObject({ ok: 1, committed: true })
      expect(repayments.inputs[0]).toMatchObject({ loan: ids.warrantLoan, principal: "1000000.00" })
      const defaults = await load("linkage-defaults", [
        "企业,放款日期,on",
        `${uscc(1)},2025-04-02,2025-12-01`
      ])
      expect(defaults.outcomes[0]?.issues[0]).toMatchObject({
        field: "loan",
        reason: { en: expect.stringContaining("no live linkage loan disbursed on 2025-04-02") }
      })
      expect((await kejin.linkage.loan(ids.warrantLoan)).standing?.outstanding.toFixed(2)).toBe("4000000.00") // float-ok: decimal.js
    })
  })
}
