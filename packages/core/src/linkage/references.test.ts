import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

// Money that leaves a pool points at something real: a risk-compensation claim (风险补偿) needs a live
// registration with a defaulted loan and stays within its outstanding balance; 贴息 by registration number
// needs a live registration with a loan; the 科创指数贷 limit holds for all live loans on a score; and
// pool deposits, claims, subsidies, bonds, scores, fund vintages and fund status changes dated after
// today (the core's clock) are refused.

const TODAY = "2025-12-31"
const uscc = (n: number) => makeUscc(`91330302MA4${String(n).padStart(6, "0")}`)
let serial = 0
const patent = () => `ZL${makePatentNumber(`20221${String(++serial).padStart(7, "0")}`)}`

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as {
      _tag: string
      message: string
      issues?: ReadonlyArray<{ path: string; message: string }>
    }
  }
  throw new Error("expected a failure")
}

/** The one issue of a ValidationError, as `path: message`. */
const refusal = async (promise: Promise<unknown>) => {
  const error = await caught(promise)
  expect(error._tag).toBe("ValidationError")
  expect(error.issues).toHaveLength(1)
  return `${error.issues![0]!.path}: ${error.issues![0]!.message}`
}

for (const dialect of testDialects()) {
  describe(`linkage records point at something real on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let bank: number

    /** A registration of `amount` for enterprise `n` with one loan of `drawn` drawn on 2025-02-01. */
    const pledgeWithLoan = async (no: string, n: number, amount: string, drawn: string) => {
      const pledge = await kejin.pledges.record({
        registrationNo: no,
        pledgor: { uscc: uscc(n), name: `温州联动${n}号科技`, district: "330302" },
        pledgee: { name: "温州银行", kind: "bank" },
        patents: [patent()],
        amount,
        registeredOn: "2025-01-15"
      })
      const loan = await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: drawn,
        rate: "0.0385",
        disbursedOn: "2025-02-01",
        maturesOn: "2026-02-01"
      })
      return { pledge, loan }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: TODAY } })
      bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
      await kejin.registry.addEnterprise({
        uscc: uscc(1),
        name: "温州联动1号科技",
        district: "330302",
        ...base
      })
      await kejin.registry.addEnterprise({
        uscc: uscc(2),
        name: "温州联动2号科技",
        district: "330302",
        ...base
      })
      await kejin.linkage.recordPool({
        code: "rc",
        name: "风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.5"
      })
      await kejin.linkage.recordDeposit({ pool: "rc", on: "2025-01-05", amount: "10000000.00" })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const claim = (registrationNo: string, loss: string, extra: Record<string, unknown> = {}) =>
      kejin.linkage.recordCompensationClaim({
        pool: "rc",
        registrationNo,
        on: "2025-09-01",
        loss,
        bank,
        ...extra
      })

    it("风险补偿: refuses a registration that does not exist, or has no defaulted loan", async () => {
      expect(await refusal(claim("Y9999999999999", "100000.00"))).toBe(
        "registrationNo: no live pledge registration has the number Y9999999999999"
      )
      const { pledge, loan } = await pledgeWithLoan("Y2025330000101", 1, "3000000.00", "2000000.00")
      expect(await refusal(claim("Y2025330000101", "100000.00"))).toBe(
        "registrationNo: registration Y2025330000101 has no loan in default with a balance outstanding on 2025-09-01: a risk-compensation claim needs one"
      )
      // A default after the claim date does not count either.
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-10-01" })
      expect(await refusal(claim("Y2025330000101", "100000.00"))).toMatch(
        /^registrationNo: .* no loan in default/
      )
      // A reversed registration is no registration.
      await kejin.pledges.reverse(pledge.id, "entered twice")
      expect(await refusal(claim("Y2025330000101", "100000.00", { on: "2025-11-01" }))).toBe(
        "registrationNo: no live pledge registration has the number Y2025330000101"
      )
      expect((await kejin.linkage.claims()).length).toBe(0)
    })

    it("风险补偿: refuses a released registration: its loans were settled", async () => {
      const { pledge, loan } = await pledgeWithLoan("Y2025330000102", 1, "3000000.00", "2000000.00")
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-05-01" })
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-06-01", amount: "2000000.00" })
      await kejin.pledges.release({ pledgeId: pledge.id, on: "2025-07-01" })
      expect(await refusal(claim("Y2025330000102", "100000.00"))).toBe(
        "registrationNo: registration Y2025330000102 was released (注销) on 2025-07-01: its loans were settled, nothing is left to compensate"
      )
    })

    it("风险补偿: the loss stays within the defaulted loan's outstanding balance, claims on it included", async () => {
      const { loan } = await pledgeWithLoan("Y2025330000103", 1, "3000000.00", "2000000.00")
      await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-04-01", amount: "500000.00" })
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-05-01" })
      expect(await refusal(claim("Y2025330000103", "1500000.01"))).toBe(
        "loss: exceeds what is left to compensate on registration Y2025330000103: its defaulted loans owe 1500000.00 on 2025-09-01, of which 0.00 is already claimed"
      )
      const first = await claim("Y2025330000103", "1000000.00")
      expect([toWire(first.loss), toWire(first.payout)]).toEqual(["1000000.00", "500000.00"])
      expect(await refusal(claim("Y2025330000103", "500000.01", { on: "2025-10-01" }))).toBe(
        "loss: exceeds what is left to compensate on registration Y2025330000103: its defaulted loans owe 1500000.00 on 2025-10-01, of which 1000000.00 is already claimed"
      )
      // A reversed claim leaves the balance to claim again.
      await kejin.linkage.reverse("claim", first.id, "claimed on the wrong loan")
      const again = await claim("Y2025330000103", "1500000.00", { on: "2025-10-01" })
      expect(toWire(again.loss)).toBe("1500000.00")
      // The enterprise named must be the registration's pledgor.
      const other = await pledgeWithLoan("Y2025330000104", 2, "1000000.00", "1000000.00")
      await kejin.pledges.loans.default({ loanId: other.loan.id, on: "2025-05-01" })
      expect(await refusal(claim("Y2025330000104", "100000.00", { enterprise: uscc(1) }))).toBe(
        `enterprise: 温州联动1号科技 (${uscc(1)}) is not the pledgor of registration Y2025330000104 (${uscc(2)})`
      )
    })

    it("贴息: the registration number names a live registration with a loan; the borrower is its pledgor", async () => {
      const subsidy = (registrationNo: string, extra: Record<string, unknown> = {}) =>
        kejin.linkage.recordInterestSubsidy({
          on: "2025-06-30",
          amount: "10000.00",
          registrationNo,
          ...extra
        })
      for (const text of ["<script>alert(1)</script>", "' OR '1'='1", "Y9999999999999"]) {
        expect(await refusal(subsidy(text))).toBe(
          `registrationNo: no live pledge registration has the number ${text}`
        )
      }
      await kejin.pledges.record({
        registrationNo: "Y2025330000105",
        pledgor: { uscc: uscc(1), name: "温州联动1号科技", district: "330302" },
        pledgee: { name: "温州银行", kind: "bank" },
        patents: [patent()],
        amount: "1000000.00",
        registeredOn: "2025-01-15"
      })
      expect(await refusal(subsidy("Y2025330000105"))).toBe(
        "registrationNo: registration Y2025330000105 has no live loan disbursed on or before 2025-06-30: 贴息 is paid on a loan"
      )
      await pledgeWithLoan("Y2025330000106", 1, "1000000.00", "1000000.00")
      expect(await refusal(subsidy("Y2025330000106", { enterprise: uscc(2) }))).toBe(
        `enterprise: 温州联动2号科技 (${uscc(2)}) is not the pledgor of registration Y2025330000106 (${uscc(1)})`
      )
      const paid = await subsidy("Y2025330000106", { enterprise: uscc(1) })
      expect([paid.registrationNo, paid.enterprise?.uscc]).toEqual(["Y2025330000106", uscc(1)])
      expect((await kejin.linkage.subsidies()).length).toBe(1)
    })

    it("科创指数贷: the tier's limit holds for the enterprise's live loans on one score together", async () => {
      await kejin.linkage.recordTierTable({
        modelVersion: "wz-sti-2025",
        maxScore: "100",
        tiers: [{ tier: "A", minScore: "90", limit: "5000000.00" }]
      })
      const score = await kejin.linkage.recordScore({
        enterprise: uscc(1),
        modelVersion: "wz-sti-2025",
        scoredOn: "2025-03-01",
        total: "92",
        dimensions: { 研发投入: "50", 知识产权: "42" }
      })
      const loan = (amount: string, extra: Record<string, unknown> = {}) =>
        kejin.linkage.recordIndexLoan({
          bank,
          enterprise: uscc(1),
          amount,
          ratePercent: "3.45",
          disbursedOn: "2025-03-10",
          maturesOn: "2026-03-10",
          ...extra
        })
      const first = await loan("4000000.00", { score: score.id })
      expect(await refusal(loan("4000000.00", { score: score.id }))).toBe(
        `amount: would take the live index loans on score snapshot ${score.id} to 8000000.00, above the credit limit 5000000.00 of tier A (4000000.00 already lent on it)`
      )
      // The score found by date is the same snapshot: the same limit.
      expect(await refusal(loan("1000000.01"))).toMatch(
        /^amount: would take the live index loans .* to 5000000.01/
      )
      await loan("1000000.00")
      // Reversing a loan frees its share of the limit.
      await kejin.linkage.reverse("loan", first.id, "granted twice")
      expect(toWire((await loan("4000000.00")).amount)).toBe("4000000.00")
    })

    it("refuses deposits, claims, subsidies, bonds, scores, vintages and status changes dated after today", async () => {
      const tomorrow = "2026-01-01"
      const { loan } = await pledgeWithLoan("Y2025330000107", 1, "3000000.00", "2000000.00")
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-05-01" })
      const future = `must not be after today (${TODAY})`
      expect(
        await refusal(kejin.linkage.recordDeposit({ pool: "rc", on: "9999-12-31", amount: "1.00" }))
      ).toBe(`on: ${future}`)
      expect(await refusal(kejin.linkage.recordDeposit({ pool: "rc", on: tomorrow, amount: "1.00" }))).toBe(
        `on: ${future}`
      )
      expect(toWire((await kejin.linkage.pool("rc")).balance)).toBe("10000000.00")
      expect(await refusal(claim("Y2025330000107", "1000.00", { on: tomorrow }))).toBe(`on: ${future}`)
      const policy = await kejin.linkage.recordTransferPolicy({
        insurer: (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id,
        enterprise: uscc(1),
        sumInsured: "3000000.00",
        premium: "90000.00",
        startsOn: "2025-02-01",
        endsOn: "2026-01-31"
      })
      expect(
        await refusal(
          kejin.linkage.recordTransferClaim({
            policy: policy.id,
            on: tomorrow,
            loss: "1000.00",
            insurerPaid: "500.00"
          })
        )
      ).toBe(`on: ${future}`)
      expect(
        await refusal(
          kejin.linkage.recordInterestSubsidy({
            on: tomorrow,
            amount: "10.00",
            registrationNo: "Y2025330000107"
          })
        )
      ).toBe(`on: ${future}`)
      expect(
        await refusal(
          kejin.linkage.recordBond({
            issuerEnterprise: uscc(1),
            amount: "1000000.00",
            // (A day after today that still matures before 9999: the maturity is checked on its own.)
            issuedOn: "2099-12-31",
            tenorMonths: 36,
            couponPercent: "2.35",
            useOfProceeds: "科技型企业贷款"
          })
        )
      ).toBe(`issuedOn: ${future}`)
      await kejin.linkage.recordTierTable({
        modelVersion: "wz-sti-2025",
        tiers: [{ tier: "A", minScore: "90", limit: "5000000.00" }]
      })
      expect(
        await refusal(
          kejin.linkage.recordScore({
            enterprise: uscc(1),
            modelVersion: "wz-sti-2025",
            scoredOn: tomorrow,
            total: "92",
            dimensions: { 研发投入: "92" }
          })
        )
      ).toBe(`scoredOn: ${future}`)
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      const fund = {
        name: "温州天使基金",
        kind: "city-fund",
        manager,
        targetSize: "100000000.00",
        district: "330302"
      }
      expect(await refusal(kejin.funds.create({ code: "wz-future", vintage: tomorrow, ...fund }))).toBe(
        `vintage: ${future}`
      )
      await kejin.funds.create({ code: "wz-now", vintage: "2025-01-01", ...fund })
      expect(
        await refusal(kejin.funds.setStatus({ fund: "wz-now", status: "investing", on: tomorrow }))
      ).toBe(`on: ${future}`)
      expect((await kejin.linkage.claims()).length).toBe(0)
      expect((await kejin.linkage.subsidies()).length).toBe(0)
      expect((await kejin.linkage.bonds()).length).toBe(0)
    })
  })
}
