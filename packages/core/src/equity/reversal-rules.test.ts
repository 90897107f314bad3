import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { localizedMessage } from "../text/messages.js"

// A fund-ledger reversal is a write like any other: the ledger it would leave keeps the rules the forward
// commands keep (invested cost within live commitments), and the linkage records naming the entry keep
// theirs; otherwise it is refused (422 `id`, naming the entry and the rule) and nothing is written.

const uscc = (n: number) => makeUscc(`91330302MA5${String(n).padStart(6, "0")}`)

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) =>
      e as {
        _tag: string
        issues?: ReadonlyArray<{
          path: string
          message: string
          code?: string
          params?: Record<string, string>
          because?: ReadonlyArray<{ code: string; params: Record<string, string> }>
        }>
      }
  )
  if (error === undefined) throw new Error("expected the reversal to be refused")
  expect(error._tag).toBe("ValidationError")
  expect(error.issues).toHaveLength(1)
  return error.issues![0]!
}

for (const dialect of testDialects()) {
  describe(`fund-ledger reversals keep every rule on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let bank: number
    let insurer: number

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
      await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城科技", district: "330302", ...base })
      await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瓯海科技", district: "330304", ...base })
      const fund = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
      await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
      await kejin.funds.create({
        code: "wz-sub",
        name: "瓯江子基金",
        kind: "sub-fund",
        parent: "wz-city",
        ...fund
      })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const commit = (fund: string, on: string, amount: string, lpType = "fiscal") =>
      kejin.funds.commit({ fund, on, lpName: `LP ${on}`, lpType, amount })
    const invest = (fund: string, n: number, on: string, amount: string) =>
      kejin.funds.invest({ fund, enterprise: uscc(n), on, amount, instrument: "equity", round: "A" })

    it("refuses to reverse a commitment the fund's investments stand on", async () => {
      const first = await commit("wz-city", "2025-01-10", "100.00")
      await invest("wz-city", 1, "2025-03-01", "100.00")
      const refused = await refusal(kejin.funds.reverse(first.id, "wrong LP"))
      expect(refused).toMatchObject({
        path: "id",
        message: `entry ${first.id} (commitment on 2025-01-10) cannot be reversed: on 2025-03-01 fund wz-city would have 100.00 invested against 0.00 committed (a fund's invested cost stays within its live commitments)`
      })
      expect((await kejin.funds.entry(first.id)).reversedBy).toBeNull()
      // With other capital committed by the investment's date, the same reversal goes through.
      await commit("wz-city", "2025-02-01", "100.00")
      expect((await kejin.funds.reverse(first.id, "wrong LP")).reverses).toBe(first.id)
    })

    it("refuses to reverse an exit whose freed cost a later investment used", async () => {
      await commit("wz-city", "2025-01-10", "100.00")
      const held = await invest("wz-city", 1, "2025-03-01", "100.00")
      const exit = await kejin.funds.exit({
        investment: held.id,
        on: "2025-06-01",
        proceeds: "150.00",
        route: "ipo"
      })
      await invest("wz-city", 2, "2025-07-01", "100.00")
      const refused = await refusal(kejin.funds.reverse(exit.id, "no exit after all"))
      expect(refused).toMatchObject({
        path: "id",
        message: `entry ${exit.id} (exit on 2025-06-01) cannot be reversed: on 2025-07-01 fund wz-city would have 200.00 invested against 100.00 committed (a fund's invested cost stays within its live commitments)`
      })
      expect((await kejin.funds.entry(exit.id)).reversedBy).toBeNull()
    })

    it("refuses to reverse an investment or commitment that live linkage records name", async () => {
      await commit("wz-city", "2025-01-01", "100000000.00")
      const insurerLp = await commit("wz-sub", "2025-01-10", "50000000.00", "insurance")
      const lead = await invest("wz-city", 1, "2025-03-01", "20000000.00")
      const follow = await invest("wz-sub", 1, "2025-04-01", "8000000.00")
      const loan = await kejin.linkage.recordInvestmentLoan({
        bank,
        enterprise: uscc(1),
        ratePercent: "3.2",
        maturesOn: "2027-12-31",
        amount: "2000000.00",
        disbursedOn: "2025-05-01",
        investment: lead.id
      })
      const link = await kejin.linkage.recordCoInvestment({ lead: lead.id, follow: follow.id })
      const policy = await kejin.linkage.recordInvestmentPolicy({
        insurer,
        insuredEnterprise: uscc(1),
        investment: follow.id,
        insurerCommitment: insurerLp.id,
        sumInsured: "10000000.00",
        premium: "50000.00",
        startsOn: "2025-04-01",
        endsOn: "2026-03-31"
      })
      const leadRefused = await refusal(kejin.funds.reverse(lead.id, "wrong enterprise"))
      expect(leadRefused).toMatchObject({
        path: "id",
        message: `entry ${lead.id} (investment on 2025-03-01) cannot be reversed: live linkage records name it: investment-linked loan ${loan.id} (its investment), co-investment ${link.id} (its lead) (a linkage record names live fund-ledger entries only: reverse them first)`
      })
      const followRefused = await refusal(kejin.funds.reverse(follow.id, "wrong enterprise"))
      expect(followRefused.message).toContain(
        `policy ${policy.id} (its investment), co-investment ${link.id} (its follow-on)`
      )
      const lpRefused = await refusal(kejin.funds.reverse(insurerLp.id, "wrong LP"))
      expect(lpRefused.message).toContain(
        `live linkage records name it: policy ${policy.id} (its insurer's commitment)`
      )
      // Once the linkage records are reversed, the entries can be.
      await kejin.linkage.reverse("loan", loan.id, "wrong loan")
      await kejin.linkage.reverse("co-investment", link.id, "wrong link")
      await kejin.linkage.reverse("policy", policy.id, "wrong policy")
      expect((await kejin.funds.reverse(lead.id, "wrong enterprise")).reverses).toBe(lead.id)
      expect((await kejin.funds.reverse(follow.id, "wrong enterprise")).reverses).toBe(follow.id)
      expect((await kejin.funds.reverse(insurerLp.id, "wrong LP")).reverses).toBe(insurerLp.id)
    })

    it("refuses to reverse the last investment through which a live policy insures an enterprise", async () => {
      await commit("wz-sub", "2025-01-10", "50000000.00")
      const first = await invest("wz-sub", 2, "2025-04-01", "5000000.00")
      const second = await invest("wz-sub", 2, "2025-05-01", "1000000.00")
      const policy = await kejin.linkage.recordInvestmentPolicy({
        insurer,
        insuredEnterprise: uscc(2),
        fund: "wz-sub",
        sumInsured: "10000000.00",
        premium: "50000.00",
        startsOn: "2025-06-01",
        endsOn: "2026-05-31"
      })
      // Another live investment in the enterprise remains: allowed.
      await kejin.funds.reverse(second.id, "entered twice")
      const refused = await refusal(kejin.funds.reverse(first.id, "wrong enterprise"))
      expect(refused).toMatchObject({
        path: "id",
        message: `entry ${first.id} (investment on 2025-04-01) cannot be reversed: fund wz-sub would hold no live investment in 瓯海科技 (${uscc(2)}), which live policy ${policy.id} insures through it (a policy insures an enterprise through a fund only while the fund holds it)`,
        code: "fund-entry-reversal-breaks",
        because: [{ code: "fund-reversal-policies" }]
      })
      // The same refusal in Chinese, each rule it breaks worded from the catalogue too.
      expect(localizedMessage(refused, "zh")).toBe(
        `记录 ${first.id}（2025-04-01 的投资）不能冲销：基金 wz-sub 将不再持有 瓯海科技（${uscc(2)}）的有效投资，而有效保单 ${policy.id} 经由该基金承保该企业（保单经由基金承保企业，仅限基金持有期间）`
      )
      expect(localizedMessage(refused, "en")).toBe(refused.message)
    })
  })
}
