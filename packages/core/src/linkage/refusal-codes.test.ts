import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { fundFigures } from "../equity/metrics.js"
import { describeError } from "../errors.js"
import { xirr } from "../finance/index.js"
import { type Kejin, openKejin } from "../kejin.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { messageText } from "../text/messages.js"

// What the linkage pilots refuse, and why a fund has no IRR, reach a person as a code of the message
// catalogue with its parameters: worded in Chinese and in English from it, the English being what the
// API's `detail` says. A refusal said in words only fails here.

const CJK = /[\u4e00-\u9fff]/
const BORROWER = makeUscc("91330302MA4CD0001")

/** Each issue of the error `attempt` fails with: coded, both wordings, the English the API says. */
const refusedWithCodes = async (attempt: () => Promise<unknown>): Promise<ReadonlyArray<string>> => {
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e
  )
  const described = describeError(error)
  expect(described, String(error)).toBeDefined()
  const issues = described?.issues ?? []
  expect(issues.length, described?.detail).toBeGreaterThan(0)
  for (const issue of issues) {
    expect(issue.code, issue.message).toBeDefined()
    const zh = messageText(issue.code!, issue.params, "zh")
    const en = messageText(issue.code!, issue.params, "en")
    expect(zh, issue.code).toMatch(CJK)
    expect(en, issue.code).toBe(issue.message)
    expect(described?.detail).toContain(issue.message)
  }
  return issues.map((i) => i.code!)
}

for (const dialect of testDialects()) {
  describe(`the linkage pilots' refusals are coded on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let bank: number
    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      bank = (await kejin.registry.addInstitution({ kind: "bank", name: "瓯江代码测试银行" })).id
      await kejin.registry.addEnterprise({
        uscc: BORROWER,
        name: "鹿城代码测试科技有限公司",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
      await kejin.linkage.recordTierTable({
        modelVersion: "codes-sti",
        maxScore: "100",
        tiers: [{ tier: "A", minScore: "60", limit: "1000000.00" }]
      })
      await kejin.linkage.recordScore({
        enterprise: BORROWER,
        modelVersion: "codes-sti",
        scoredOn: "2025-03-01",
        total: "80",
        dimensions: {}
      })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const indexLoan = (amount: string) =>
      kejin.linkage.recordIndexLoan({
        bank,
        enterprise: BORROWER,
        amount,
        ratePercent: "3.2",
        disbursedOn: "2025-04-01",
        maturesOn: "2027-04-01"
      })

    it("a rule broken, a reference missing, a record reversed, a kind mismatched", async () => {
      expect(await refusedWithCodes(() => indexLoan("2000000.00"))).toEqual(["linkage-above-credit-limit"])
      expect(
        await refusedWithCodes(() =>
          kejin.linkage.recordInterestSubsidy({ on: "2025-06-30", amount: "1000.00", loan: 999_999 })
        )
      ).toEqual(["linkage-not-found"])
      expect(
        await refusedWithCodes(() =>
          kejin.linkage.recordIndexLoan({
            bank: 999_999,
            enterprise: BORROWER,
            amount: "100000.00",
            ratePercent: "3.2",
            disbursedOn: "2025-04-01",
            maturesOn: "2027-04-01"
          })
        )
      ).toEqual(["linkage-not-found"])
      const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "瓯江代码测试保险" })).id
      expect(
        await refusedWithCodes(() =>
          kejin.linkage.recordIndexLoan({
            bank: insurer,
            enterprise: BORROWER,
            amount: "100000.00",
            ratePercent: "3.2",
            disbursedOn: "2025-04-01",
            maturesOn: "2027-04-01"
          })
        )
      ).toEqual(["linkage-institution-kind"])
    })

    it("a reversal refused while a repayment depends on the loan, and a record reversed twice (a conflict)", async () => {
      const loan = await indexLoan("100000.00")
      const repayment = await kejin.linkage.recordLoanRepayment({
        loan: loan.id,
        on: "2025-07-01",
        principal: "10000.00"
      })
      expect(await refusedWithCodes(() => kejin.linkage.reverse("loan", loan.id, "wrong"))).toEqual([
        "linkage-reverse-dependents-first"
      ])
      await kejin.linkage.reverse("loan-event", repayment.id, "typed twice")
      expect(
        await refusedWithCodes(() => kejin.linkage.reverse("loan-event", repayment.id, "again"))
      ).toEqual(["linkage-already-reversed"])
    })

    it("a pool code taken (a conflict) and a pool of the wrong kind", async () => {
      const pool = {
        code: "codes-rc",
        name: "代码测试风险补偿池",
        kind: "risk-compensation",
        openedOn: "2025-01-01"
      }
      await kejin.linkage.recordPool({ ...pool, ratio: "0.5" })
      expect(await refusedWithCodes(() => kejin.linkage.recordPool({ ...pool, ratio: "0.6" }))).toEqual([
        "linkage-pool-exists"
      ])
    })
  })
}

describe("why there is no IRR", () => {
  it("is coded, in Chinese and in English, from the finance functions and the fund figures", () => {
    const oneSign = xirr([
      { date: "2025-01-01", amount: -100 },
      { date: "2026-01-01", amount: -5 }
    ])
    const empty = fundFigures([], "2026-06-30").netIrr
    for (const result of [oneSign, empty]) {
      if (result._tag !== "NoRate") throw new Error("expected no rate")
      expect(result.code).toBeDefined()
      expect(messageText(result.code!, result.params, "en")).toBe(result.reason)
      expect(messageText(result.code!, result.params, "zh")).toMatch(CJK)
    }
  })
})
