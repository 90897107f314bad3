import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../../auth/actor.js"
import { type Kejin, openKejin } from "../../kejin.js"
import { makeUscc } from "../../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../../store/testing.js"
import { linkageLoanToJson } from "../schema.js"

// 还款 and 违约 of the linkage loans: the rules, the balances (checked by hand), the status filter, the
// reversals, on both dialects.

const uscc = (n: number) => makeUscc(`91330302MA4${String(n).padStart(6, "0")}`)
const viewer: Actor = { id: "viewer", role: "viewer" }

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const issues = (error: Record<string, unknown>) =>
  (error.issues as Array<{ path: string; code?: string }>).map((i) => [i.path, i.code])

const seed = async (kejin: Kejin) => {
  const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })).id
  const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic", district: "330302" }
  await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城科技", ...base })
  await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瓯海科技", ...base })
  await kejin.funds.create({
    code: "wz-city",
    name: "温州市科创基金",
    kind: "city-fund",
    manager,
    targetSize: "1000000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
  await kejin.funds.commit({
    fund: "wz-city",
    on: "2025-01-01",
    lpName: "温州市财政局",
    lpType: "fiscal",
    amount: "100000000.00"
  })
  const investment = await kejin.funds.invest({
    fund: "wz-city",
    enterprise: uscc(1),
    on: "2025-03-01",
    amount: "20000000.00",
    instrument: "equity",
    round: "A"
  })
  const common = { bank, ratePercent: "3.45", maturesOn: "2028-04-10" }
  // 投贷联动: 5,000,000.00 disbursed 2025-04-10.
  const investmentLoan = await kejin.linkage.recordInvestmentLoan({
    ...common,
    enterprise: uscc(1),
    amount: "5000000.00",
    disbursedOn: "2025-04-10",
    investment: investment.id
  })
  await kejin.linkage.recordTierTable({
    modelVersion: "wz-sti-2025",
    maxScore: "100",
    tiers: [{ tier: "A", minScore: "60", limit: "5000000.00" }]
  })
  await kejin.linkage.recordScore({
    enterprise: uscc(2),
    modelVersion: "wz-sti-2025",
    scoredOn: "2025-03-01",
    total: "80",
    dimensions: { 研发投入: "40", 知识产权: "40" }
  })
  // 科创指数贷: 1,200,000.00 disbursed 2025-05-01.
  const indexLoan = await kejin.linkage.recordIndexLoan({
    ...common,
    enterprise: uscc(2),
    amount: "1200000.00",
    disbursedOn: "2025-05-01"
  })
  return { investmentLoan, indexLoan }
}

for (const dialect of testDialects()) {
  describe(`linkage loan repayments and defaults on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let s: Awaited<ReturnType<typeof seed>>

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      s = await seed(kejin)
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("repayments lower the balance and a default sets the status, read on any day", async () => {
      const l = kejin.linkage
      const id = s.investmentLoan.id
      expect(linkageLoanToJson(s.investmentLoan)).toMatchObject({
        repaid: "0.00",
        outstanding: "5000000.00",
        status: "active",
        defaultedOn: null
      })
      const first = await l.recordLoanRepayment({
        loan: id,
        on: "2025-07-10",
        principal: "1000000.00",
        interest: "43125.00",
        note: "按季还本"
      })
      expect(first).toMatchObject({ loan: id, kind: "repayment", on: "2025-07-10", note: "按季还本" })
      expect(first.principal?.toFixed(2)).toBe("1000000.00") // float-ok: decimal.js
      await l.recordLoanRepayment({ loan: id, on: "2025-10-10", principal: "1500000.50" })
      await l.recordLoanDefault({ loan: id, on: "2026-01-15", note: "逾期 90 天" })

      // 5,000,000.00 − 1,000,000.00 − 1,500,000.50 = 2,499,999.50, in default since 2026-01-15.
      const loan = linkageLoanToJson(await l.loan(id))
      expect(loan).toMatchObject({
        repaid: "2500000.50",
        interestPaid: "43125.00",
        outstanding: "2499999.50",
        status: "defaulted",
        defaultedOn: "2026-01-15"
      })
      const on = async (day: string) => {
        const { standing } = await l.loanStanding(id, day)
        return [standing.repaid.toFixed(2), standing.outstanding.toFixed(2), standing.status] // float-ok: decimal.js
      }
      expect(await on("2025-04-10")).toEqual(["0.00", "5000000.00", "active"])
      expect(await on("2025-08-01")).toEqual(["1000000.00", "4000000.00", "active"])
      expect(await on("2025-12-31")).toEqual(["2500000.50", "2499999.50", "active"])
      expect(await on("2026-01-15")).toEqual(["2500000.50", "2499999.50", "defaulted"])

      // A repayment after the default still lowers the balance; repaid in full, the loan is settled.
      await l.recordLoanRepayment({ loan: id, on: "2026-02-01", principal: "2499999.50" })
      expect(linkageLoanToJson(await l.loan(id))).toMatchObject({ outstanding: "0.00", status: "settled" })

      const events = await l.loanEvents(id)
      expect(events.map((e) => [e.kind, e.on])).toEqual([
        ["repayment", "2025-07-10"],
        ["repayment", "2025-10-10"],
        ["default", "2026-01-15"],
        ["repayment", "2026-02-01"]
      ])
      // One journal entry per write.
      const { items } = await kejin.journal.search({ command: "linkage.recordLoan", limit: 10 })
      expect(items.map((e) => e.command).sort()).toEqual([
        "linkage.recordLoanDefault",
        "linkage.recordLoanRepayment",
        "linkage.recordLoanRepayment",
        "linkage.recordLoanRepayment"
      ])
      expect(await kejin.journal.verify()).toMatchObject({ _tag: "Intact" })
    })

    it("lists loans of both pilots by status, with their balance", async () => {
      const l = kejin.linkage
      await l.recordLoanRepayment({ loan: s.indexLoan.id, on: "2025-09-01", principal: "1200000.00" })
      const status = async (value: string) =>
        (await l.loans({ status: value as "active", limit: 50 })).items.map((i) => i.id)
      expect(await status("settled")).toEqual([s.indexLoan.id])
      expect(await status("active")).toEqual([s.investmentLoan.id])
      expect(await status("defaulted")).toEqual([])
      await l.recordLoanDefault({ loan: s.investmentLoan.id, on: "2025-12-01" })
      expect(await status("defaulted")).toEqual([s.investmentLoan.id])
      expect(await status("active")).toEqual([])
      const page = await l.loans({ limit: 50, pilot: "index-loan" })
      expect(page.items.map((i) => linkageLoanToJson(i))).toMatchObject([
        { id: s.indexLoan.id, repaid: "1200000.00", outstanding: "0.00", status: "settled" }
      ])
      const wrong = await caught(l.loans({ status: "paid" as "active", limit: 50 }))
      expect(wrong._tag).toBe("ValidationError")
      expect(issues(wrong).map(([path]) => path)).toEqual(["status"])
    })

    it("refuses what breaks a rule, naming the field from the catalogue, and writes nothing", async () => {
      const l = kejin.linkage
      const id = s.indexLoan.id
      const above = await caught(
        l.recordLoanRepayment({ loan: id, on: "2025-06-01", principal: "1200000.01" })
      )
      expect(issues(above)).toEqual([["principal", "loan-repaid-above-outstanding"]])
      expect(above.message).toContain("1,200,000.00")
      const early = await caught(l.recordLoanRepayment({ loan: id, on: "2025-04-30", principal: "1.00" }))
      expect(issues(early)).toEqual([["on", "linkage-loan-event-before-disbursement"]])
      // Every rule broken is said at once.
      const both = await caught(l.recordLoanRepayment({ loan: id, on: "2025-04-30", principal: "2000000" }))
      expect(issues(both)).toEqual([
        ["on", "linkage-loan-event-before-disbursement"],
        ["principal", "loan-repaid-above-outstanding"]
      ])
      const earlyDefault = await caught(l.recordLoanDefault({ loan: id, on: "2025-04-30" }))
      expect(issues(earlyDefault)).toEqual([["on", "linkage-loan-event-before-disbursement"]])
      const future = await caught(l.recordLoanRepayment({ loan: id, on: "2999-01-01", principal: "1.00" }))
      expect(future._tag).toBe("ValidationError")
      const missing = await caught(
        l.recordLoanRepayment({ loan: 999999, on: "2025-06-01", principal: "1.00" })
      )
      expect(missing._tag).toBe("NotFoundError")
      const zero = await caught(l.recordLoanRepayment({ loan: id, on: "2025-06-01", principal: "0" }))
      expect(issues(zero).map(([path]) => path)).toEqual(["principal"])
      const notAllowed = await caught(l.recordLoanDefault({ loan: id, on: "2025-06-01" }, { actor: viewer }))
      expect(notAllowed._tag).toBe("ForbiddenError")

      await l.recordLoanDefault({ loan: id, on: "2025-06-01" })
      const twice = await caught(l.recordLoanDefault({ loan: id, on: "2025-07-01" }))
      expect(issues(twice)).toEqual([["loan", "linkage-loan-defaulted-already"]])

      // Repaid in full by a day, nothing is left to default on then.
      const other = s.investmentLoan.id
      await l.recordLoanRepayment({ loan: other, on: "2025-08-01", principal: "5000000.00" })
      const nothing = await caught(l.recordLoanDefault({ loan: other, on: "2025-09-01" }))
      expect(issues(nothing)).toEqual([["on", "linkage-loan-nothing-outstanding"]])
      const overpaid = await caught(
        l.recordLoanRepayment({ loan: other, on: "2025-09-01", principal: "0.01" })
      )
      expect(issues(overpaid)).toEqual([["principal", "loan-repaid-above-outstanding"]])
      expect((await l.loanEvents(id)).length).toBe(1)
      expect((await l.loanEvents(other)).length).toBe(1)
    })

    it("reverses an event (the balance comes back) and a loan only after its live events", async () => {
      const l = kejin.linkage
      const id = s.investmentLoan.id
      const repayment = await l.recordLoanRepayment({ loan: id, on: "2025-07-10", principal: "2000000.00" })
      const defaulted = await l.recordLoanDefault({ loan: id, on: "2025-11-01" })

      const refused = await caught(l.reverse("loan", id, "登记错误"))
      expect(refused._tag).toBe("ValidationError")
      expect(refused.message).toContain(`live repayments or defaults (${repayment.id}, ${defaulted.id})`)

      await l.reverse("loan-event", defaulted.id, "违约登记有误")
      expect(linkageLoanToJson(await l.loan(id))).toMatchObject({
        status: "active",
        outstanding: "3000000.00"
      })
      // With the first default reversed, another may be recorded.
      const again = await l.recordLoanDefault({ loan: id, on: "2025-12-01" })
      await l.reverse("loan-event", again.id, "撤回")
      await l.reverse("loan-event", repayment.id, "还款登记有误")
      expect(linkageLoanToJson(await l.loan(id))).toMatchObject({ outstanding: "5000000.00", repaid: "0.00" })
      const events = await l.loanEvents(id)
      expect(events.map((e) => e.reversedBy !== null)).toEqual([true, true, true])
      const twice = await caught(l.reverse("loan-event", repayment.id, "再次"))
      expect(twice._tag).toBe("ConflictError")

      await l.reverse("loan", id, "登记错误")
      const onReversed = await caught(
        l.recordLoanRepayment({ loan: id, on: "2025-08-01", principal: "1.00" })
      )
      expect(issues(onReversed)).toEqual([["loan", "linkage-loan-reversed"]])
      // A reversed loan is in no status.
      expect((await l.loans({ status: "active", limit: 50 })).items.map((i) => i.id)).toEqual([
        s.indexLoan.id
      ])
    })
  })
}
