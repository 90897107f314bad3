import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Clock, Effect, Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { linkageOperations } from "../openapi/linkage-operations.js"
import {
  BondJson,
  BondPageJson,
  ClaimJson,
  ClaimPageJson,
  CoInvestmentJson,
  CoInvestmentPageJson,
  DepositJson,
  DepositPageJson,
  InterestSubsidyJson,
  InterestSubsidyPageJson,
  LinkageLoanJson,
  LinkageLoanPageJson,
  LinkageReversalJson,
  LinkageReversalPageJson,
  LinkageSummaryJson,
  PolicyJson,
  PolicyPageJson,
  PoolJson,
  PoolPageJson,
  PoolRuleJson,
  ScoreJson,
  ScorePageJson,
  TierTableJson,
  TierTablePageJson,
  WarrantEventJson,
  WarrantEventPageJson
} from "../openapi/linkage-schemas.js"

/*
 * The linkage pilots through HTTP, every figure checked by hand (all dates in 2025):
 *   市科创基金 wz-city invests 20,000,000.00 in X on 03-01 (直投, the lead); its sub-fund wz-sub follows
 *   with 8,000,000.00 on 04-01.
 *   投贷联动: a warrant loan of 5,000,000.00 to X on 04-10 (认股权 5 % for 温州银行投资子公司), exercised
 *     3 % on 07-01 for 1,500,000.00 and exited on 11-20 for 4,500,000.00; a plain loan of 2,000,000.00 on
 *     05-01 (reversed at the end).
 *   科创指数贷: tiers C ≥ 60 → 1,000,000.00, B ≥ 75 → 3,000,000.00, A ≥ 90 → 5,000,000.00; X scores 80
 *     (B) on 03-01: 3,000,000.01 on 03-10 is refused, 3,000,000.00 granted on the frozen B snapshot; a
 *     later score 92.5 (A) on 06-01 leaves the loan's snapshot as it was.
 *   二次救济 pool wz-relief (ratio 0.6, cap 500,000.00) with 1,000,000.00 paid in on 01-02; a transfer policy
 *     on X (sum insured 5,000,000.00, premium 100,000.00, subsidy 60,000.00). Claims:
 *     05-01 loss 800,000 − insurer 500,000 = 300,000 × 0.6 = 180,000.00 (ratio)      balance 820,000.00
 *     06-01 loss 2,000,000 − 1,000,000 = 1,000,000 × 0.6 = 600,000 → cap 500,000.00   balance 320,000.00
 *     07-01 loss 1,500,000 − 500,000 = 1,000,000 × 0.6 = 600,000 → cap 500,000 → balance 320,000.00 → 0.00
 *     08-01 loss 100,000 − 0 → 60,000 but the pool is empty: 0.00
 *   风险补偿 pool wz-pledge-rc (ratio 0.4) with 500,000.00; a claim of 1,000,000.00 → 400,000.00.
 *   投保联动 policy on the lead (10,000,000.00 insured, premium 50,000.00); 投投联动 wz-city → wz-sub;
 *   贴息 30,000.00 on the warrant loan; a 科技创新债券 of 300,000,000.00 into wz-city.
 * Reversing the plain loan and the first claim takes 2,000,000.00 out of 投贷联动 and gives the pool back
 * 180,000.00.
 */

const X = makeUscc("91330302MA2LK0001")
const Y = makeUscc("91330304MA2LK0002")
const L = "/api/v1/linkage"

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const strict = { onExcessProperty: "error", errors: "all" } as const
/** The body has exactly the documented shape (unknown fields rejected). */
const expectShape = (schema: Schema.Top, value: unknown) => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(value, strict)
  if (Exit.isFailure(exit)) throw new Error(`${JSON.stringify(value)} does not match:\n${String(exit.cause)}`)
}

const roles = ["admin", "bureau", "manager", "viewer"] as const
type Who = (typeof roles)[number] | "anon"

for (const dialect of testDialects()) {
  describe(`linkage API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<(typeof roles)[number], string>
    const ids = {} as Record<
      | "bank"
      | "insurer"
      | "lead"
      | "follow"
      | "warrantLoan"
      | "plainLoan"
      | "indexLoan"
      | "scoreB"
      | "transferPolicy"
      | "firstClaim",
      number
    >

    const send = async (
      who: Who,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {}
    ): Promise<{ status: number; body: Json; headers: Headers }> => {
      const response = await app.request(path, {
        method,
        headers: {
          ...(who === "anon" ? {} : { authorization: `Bearer ${tokens[who]}` }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await response.text()
      return {
        status: response.status,
        body: text === "" ? undefined : JSON.parse(text),
        headers: response.headers
      }
    }
    const get = (path: string, who: Who = "viewer") => send(who, "GET", path)
    const post = (path: string, body: unknown, who: Who = "bureau", headers?: Record<string, string>) =>
      send(who, "POST", path, body, headers)
    /** A 201 from a write, with its body decoded by `schema`. */
    const created = async (path: string, body: unknown, schema: Schema.Top, who: Who = "bureau") => {
      const response = await post(path, body, who)
      if (response.status !== 201)
        throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`)
      expectShape(schema, response.body)
      return response
    }
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 10_000 } })
      const token = async (name: string, role: string, funds?: Array<string>) =>
        (await kejin.accounts.createToken({ name, role, ...(funds ? { funds } : {}) })).token
      tokens.admin = await token("l-admin", "admin")
      tokens.bureau = await token("l-bureau", "bureau")
      tokens.manager = await token("l-manager", "fund-manager", ["wz-sub"])
      tokens.viewer = await token("l-viewer", "viewer")
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** The registry and the funds' investments (the lead and the follow-on), through the API. Each step checks its own answers, so it is a test and another's set-up alike. */
    const setUpRegistry = async () => {
      const institution = async (kind: string, name: string) =>
        (await post("/api/v1/institutions", { kind, name }, "admin")).body.id as number
      ids.bank = await institution("bank", "温州银行")
      ids.insurer = await institution("insurer", "人保财险温州分公司")
      const manager = await institution("fund-manager", "温州科创基金管理")
      for (const [uscc, name, district] of [
        [X, "鹿城光电科技", "330302"],
        [Y, "瓯海智能装备", "330304"]
      ] as const) {
        const enterprise = await post(
          "/api/v1/enterprises",
          { uscc, name, district, industry: "光电", stage: "start-up", techCategory: "key-generic" },
          "admin"
        )
        expect(enterprise.status).toBe(201)
      }
      const fund = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
      const city = { code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund }
      expect((await post("/api/v1/funds", city, "admin")).status).toBe(201)
      const sub = { code: "wz-sub", name: "瓯江子基金", kind: "sub-fund", parent: "wz-city", ...fund }
      expect((await post("/api/v1/funds", sub, "admin")).status).toBe(201)
      // Capital first: an investment stays within the fund's commitments.
      for (const code of ["wz-city", "wz-sub"]) {
        const capital = { on: "2025-01-01", lpName: "温州市财政局", lpType: "fiscal", amount: "100000000.00" }
        expect((await post(`/api/v1/funds/${code}/commitments`, capital, "admin")).status).toBe(201)
      }
      const invest = async (code: string, on: string, amount: string) => {
        const body = { enterprise: X, on, amount, instrument: "equity", round: "A" }
        const response = await post(`/api/v1/funds/${code}/investments`, body, "admin")
        expect(response.status).toBe(201)
        return response.body.id as number
      }
      ids.lead = await invest("wz-city", "2025-03-01", "20000000.00")
      ids.follow = await invest("wz-sub", "2025-04-01", "8000000.00")
    }

    /** 投贷联动: the warrant loan and the plain loan. Each step checks its own answers, so it is a test and another's set-up alike. */
    const recordInvestmentLoans = async () => {
      const body = {
        bank: ids.bank,
        enterprise: X,
        amount: "5000000.00",
        ratePercent: "3.45",
        disbursedOn: "2025-04-10",
        maturesOn: "2028-04-10",
        investment: ids.lead,
        warrant: {
          holder: "温州银行投资子公司",
          holderFund: "wz-city",
          equityPercent: "5",
          strikeBasis: "A轮投后估值",
          strikeValuation: "200000000.00",
          expiresOn: "2027-06-30"
        }
      }
      const key = { "Idempotency-Key": "loan-warrant-1" }
      const first = await post(`${L}/loans/investment`, body, "bureau", key)
      expect(first.status).toBe(201)
      expectShape(LinkageLoanJson, first.body)
      expect(first.headers.get("location")).toBe(`${L}/loans/${first.body.id}`)
      expect(first.headers.get("hx-trigger")).toBe("kejin-changed")
      expect(first.body).toMatchObject({
        pilot: "investment-loan",
        bank: { id: ids.bank, name: "温州银行" },
        enterprise: { uscc: X, name: "鹿城光电科技" },
        amount: "5000000.00",
        ratePercent: "3.45",
        disbursedOn: "2025-04-10",
        investment: { id: ids.lead, fund: "wz-city", on: "2025-03-01", amount: "20000000.00", round: "A" },
        warrant: {
          holder: "温州银行投资子公司",
          holderFund: "wz-city",
          equityPercent: "5",
          strikeValuation: "200000000.00",
          expiresOn: "2027-06-30"
        },
        score: null,
        reversed: false
      })
      ids.warrantLoan = first.body.id
      const again = await post(`${L}/loans/investment`, body, "bureau", key)
      expect([again.status, again.body.id]).toEqual([201, ids.warrantLoan])
      const clash = await post(`${L}/loans/investment`, { ...body, amount: "5000000.01" }, "bureau", key)
      expect(clash.status).toBe(409)
      const loans = await get(`${L}/loans?pilot=investment-loan`)
      expectShape(LinkageLoanPageJson, loans.body)
      expect(loans.body.total).toBe(1)

      // Another enterprise than the investment's: 422 naming the field, nothing written.
      const elsewhere = await post(`${L}/loans/investment`, { ...body, enterprise: Y })
      expect([elsewhere.status, fields(elsewhere.body)]).toEqual([422, ["investment"]])
      const unknownField = await post(`${L}/loans/investment`, { ...body, note: "x" })
      expect([unknownField.status, fields(unknownField.body)]).toEqual([422, ["note"]])
      expect((await get(`${L}/loans`)).body.total).toBe(1)

      const plain = await created(
        `${L}/loans/investment`,
        { ...body, amount: "2000000.00", disbursedOn: "2025-05-01", warrant: undefined },
        LinkageLoanJson,
        "admin"
      )
      expect(plain.body.warrant).toBeNull()
      ids.plainLoan = plain.body.id
    }

    /** 认股权: the warrant loan's exercise and exit. Each step checks its own answers, so it is a test and another's set-up alike. */
    const recordWarrantEvents = async () => {
      const path = `${L}/loans/${ids.warrantLoan}`
      const over = await post(`${path}/warrant-exercises`, {
        on: "2025-07-01",
        equityPercent: "5.5",
        amountPaid: "1.00"
      })
      expect([over.status, fields(over.body)]).toEqual([422, ["equityPercent"]])
      const otherLoan = await post(`${path}/warrant-exercises`, {
        loan: ids.plainLoan,
        on: "2025-07-01",
        equityPercent: "3",
        amountPaid: "1500000.00"
      })
      expect([otherLoan.status, fields(otherLoan.body)]).toEqual([422, ["loan"]])
      const noLoan = await post(`${L}/loans/999999/warrant-exercises`, {
        on: "2025-07-01",
        equityPercent: "3",
        amountPaid: "1.00"
      })
      expect(noLoan.status).toBe(404)
      const noWarrant = await post(`${L}/loans/${ids.plainLoan}/warrant-exercises`, {
        on: "2025-07-01",
        equityPercent: "1",
        amountPaid: "1.00"
      })
      expect([noWarrant.status, fields(noWarrant.body)]).toEqual([422, ["loan"]])

      const exercise = await created(
        `${path}/warrant-exercises`,
        { loan: ids.warrantLoan, on: "2025-07-01", equityPercent: "3", amountPaid: "1500000.00" },
        WarrantEventJson
      )
      expect(exercise.body).toMatchObject({
        loan: ids.warrantLoan,
        kind: "exercise",
        on: "2025-07-01",
        equityPercent: "3",
        amount: "1500000.00"
      })
      // The exit takes all that was exercised and not exited: 3 %.
      const exit = await created(
        `${path}/warrant-exits`,
        { on: "2025-11-20", proceeds: "4500000.00" },
        WarrantEventJson
      )
      expect(exit.body).toMatchObject({ kind: "exit", equityPercent: "3", amount: "4500000.00" })
      const events = await get(`${path}/warrant-events`)
      expectShape(WarrantEventPageJson, events.body)
      expect(events.body.items.map((e: Json) => [e.kind, e.on, e.amount])).toEqual([
        ["exercise", "2025-07-01", "1500000.00"],
        ["exit", "2025-11-20", "4500000.00"]
      ])
      expect((await get(`${L}/loans/999999/warrant-events`)).status).toBe(404)
    }

    /** 科创指数贷: the tier table, X's two scores and the index loan. Each step checks its own answers, so it is a test and another's set-up alike. */
    const recordIndexLoan = async () => {
      const table = await created(
        `${L}/tier-tables`,
        {
          modelVersion: "wz-sti-2025",
          maxScore: "100",
          tiers: [
            { tier: "C", minScore: "60", limit: "1000000.00" },
            { tier: "B", minScore: "75", limit: "3000000.00" },
            { tier: "A", minScore: "90", limit: "5000000.00" }
          ]
        },
        TierTableJson
      )
      expect(table.body.tiers).toEqual([
        { tier: "C", from: "60", to: "75", limit: "1000000.00" },
        { tier: "B", from: "75", to: "90", limit: "3000000.00" },
        { tier: "A", from: "90", to: null, limit: "5000000.00" }
      ])
      const score = await created(
        `${L}/scores`,
        {
          enterprise: X,
          modelVersion: "wz-sti-2025",
          scoredOn: "2025-03-01",
          total: "80",
          dimensions: { 研发投入: "30", 知识产权: "25", 成长性: "25" }
        },
        ScoreJson
      )
      expect(score.body).toMatchObject({
        tier: "B",
        limit: "3000000.00",
        total: "80",
        tierTable: table.body.id
      })
      ids.scoreB = score.body.id

      const loan = {
        bank: ids.bank,
        enterprise: X,
        ratePercent: "3.2",
        disbursedOn: "2025-03-10",
        maturesOn: "2026-12-31"
      }
      const over = await post(`${L}/loans/index`, { ...loan, amount: "3000000.01" })
      expect(over.status).toBe(422)
      expect(over.body.errors).toEqual([
        {
          field: "amount",
          reason: "exceeds the credit limit 3000000.00 of tier B (model wz-sti-2025, score 80 on 2025-03-01)",
          code: "linkage-above-credit-limit",
          params: {
            limit: "3000000.00",
            tier: "B",
            model: "wz-sti-2025",
            score: "80",
            scoredOn: "2025-03-01"
          }
        }
      ])
      const granted = await created(`${L}/loans/index`, { ...loan, amount: "3000000.00" }, LinkageLoanJson)
      expect(granted.headers.get("location")).toBe(`${L}/loans/${granted.body.id}`)
      const frozen = {
        id: ids.scoreB,
        modelVersion: "wz-sti-2025",
        scoredOn: "2025-03-01",
        total: "80",
        dimensions: { 研发投入: "30", 知识产权: "25", 成长性: "25" },
        tier: "B",
        limit: "3000000.00"
      }
      expect(granted.body).toMatchObject({ pilot: "index-loan", amount: "3000000.00", investment: null })
      expect(granted.body.score).toEqual(frozen)
      ids.indexLoan = granted.body.id

      // A later, better score: the loan keeps the snapshot it was granted on.
      const better = await created(
        `${L}/scores`,
        { enterprise: X, modelVersion: "wz-sti-2025", scoredOn: "2025-06-01", total: "92.5", dimensions: {} },
        ScoreJson
      )
      expect([better.body.tier, better.body.limit]).toEqual(["A", "5000000.00"])
      const reread = await get(`${L}/loans/${ids.indexLoan}`)
      expectShape(LinkageLoanJson, reread.body)
      expect(reread.body.score).toEqual(frozen)
      const scores = await get(`${L}/scores?enterprise=${X}`)
      expectShape(ScorePageJson, scores.body)
      expect(scores.body.items.map((s: Json) => s.tier)).toEqual(["B", "A"])
      const tables = await get(`${L}/tier-tables?modelVersion=wz-sti-2025`)
      expectShape(TierTablePageJson, tables.body)
      expect(tables.body.total).toBe(1)
      expect((await get(`${L}/tier-tables?modelVersion=v0`)).body.total).toBe(0)
      const index = await get(`${L}/loans?pilot=index-loan`)
      expect(index.body.items.map((x: Json) => x.id)).toEqual([ids.indexLoan])
    }

    /** 二次救济: the pool wz-relief, its deposit, the transfer policy, four claims and a new rule. Each step checks its own answers, so it is a test and another's set-up alike. */
    const recordRelief = async () => {
      const pool = await created(
        `${L}/pools`,
        {
          code: "wz-relief",
          name: "科技成果转化保险二次救济资金池",
          kind: "relief",
          openedOn: "2025-01-01",
          backer: "温州市财政局",
          ratio: "0.6",
          cap: "500000.00"
        },
        PoolJson
      )
      expect(pool.headers.get("location")).toBe(`${L}/pools/wz-relief`)
      expect(pool.body.rules.map((r: Json) => [r.effectiveFrom, r.ratio, r.cap])).toEqual([
        ["2025-01-01", "0.6", "500000.00"]
      ])
      const deposit = await created(
        `${L}/pools/wz-relief/deposits`,
        { on: "2025-01-02", amount: "1000000.00", source: "市级财政" },
        DepositJson
      )
      expect(deposit.body).toMatchObject({ pool: "wz-relief", amount: "1000000.00", source: "市级财政" })
      const wrongPool = await post(`${L}/pools/wz-relief/deposits`, {
        pool: "other",
        on: "2025-01-02",
        amount: "1.00"
      })
      expect([wrongPool.status, fields(wrongPool.body)]).toEqual([422, ["pool"]])
      expect((await post(`${L}/pools/nope/deposits`, { on: "2025-01-02", amount: "1.00" })).status).toBe(404)

      const policy = await created(
        `${L}/policies/transfer`,
        {
          policyNo: "PZ2025001",
          insurer: ids.insurer,
          enterprise: X,
          sumInsured: "5000000.00",
          premium: "100000.00",
          premiumSubsidy: "60000.00",
          startsOn: "2025-02-01",
          endsOn: "2026-01-31"
        },
        PolicyJson
      )
      expect(policy.headers.get("location")).toBe(`${L}/policies/${policy.body.id}`)
      expect(policy.body).toMatchObject({ pilot: "transfer-insurance", premiumSubsidy: "60000.00" })
      ids.transferPolicy = policy.body.id

      const claim = async (on: string, loss: string, insurerPaid: string) => {
        const body = { policy: ids.transferPolicy, on, loss, insurerPaid, reliefPool: "wz-relief" }
        const response = await created(`${L}/claims/transfer`, body, ClaimJson)
        const balance = (await get(`${L}/pools/wz-relief`)).body.balance
        return { ...response.body, balance }
      }
      const byRatio = await claim("2025-05-01", "800000.00", "500000.00")
      expect(byRatio).toMatchObject({
        uncovered: "300000.00",
        payout: "180000.00",
        limitedBy: "ratio",
        rule: { ratio: "0.6", cap: "500000.00" },
        balance: "820000.00"
      })
      ids.firstClaim = byRatio.id
      const byCap = await claim("2025-06-01", "2000000.00", "1000000.00")
      expect([byCap.payout, byCap.limitedBy, byCap.balance]).toEqual(["500000.00", "cap", "320000.00"])
      // 0.6 × 1,000,000.00 = 600,000.00, capped at 500,000.00, but only 320,000.00 is left.
      const byBalance = await claim("2025-07-01", "1500000.00", "500000.00")
      expect([byBalance.payout, byBalance.limitedBy, byBalance.balance]).toEqual([
        "320000.00",
        "pool-balance",
        "0.00"
      ])
      const drained = await claim("2025-08-01", "100000.00", "0.00")
      expect([drained.payout, drained.limitedBy, drained.balance]).toEqual(["0.00", "pool-balance", "0.00"])
      expect(drained.note).toMatch(/the pool has no balance left, so nothing is paid/)

      const reread = await get(`${L}/pools/wz-relief`)
      expectShape(PoolJson, reread.body)
      expect([reread.body.deposited, reread.body.paidOut, reread.body.balance]).toEqual([
        "1000000.00",
        "1000000.00",
        "0.00"
      ])
      const one = await get(`${L}/claims/${ids.firstClaim}`)
      expectShape(ClaimJson, one.body)
      expect(one.body.payout).toBe("180000.00")
      const listed = await get(`${L}/claims?pool=wz-relief&kind=transfer-insurance`)
      expectShape(ClaimPageJson, listed.body)
      expect(listed.body.items.map((c: Json) => c.payout)).toEqual([
        "180000.00",
        "500000.00",
        "320000.00",
        "0.00"
      ])
      const overPaid = await post(`${L}/claims/transfer`, {
        policy: ids.transferPolicy,
        on: "2025-09-01",
        loss: "1.00",
        insurerPaid: "2.00"
      })
      expect([overPaid.status, fields(overPaid.body)]).toEqual([422, ["insurerPaid"]])

      // A new rule version from 09-01 on.
      const rule = await created(
        `${L}/pools/wz-relief/rules`,
        { effectiveFrom: "2025-09-01", ratio: "0.8" },
        PoolRuleJson
      )
      expect(rule.body).toMatchObject({ pool: "wz-relief", ratio: "0.8", cap: null })
      expect((await get(`${L}/pools/wz-relief`)).body.rules.length).toBe(2)
    }

    /**
     * Registration `no` of Y with a loan of `amount` drawn on 2025-02-01 and in default from 2025-06-01,
     * through the API: what a 风险补偿 claim must name.
     */
    const defaultedPledge = async (no: string, amount: string) => {
      const pledge = await post("/api/v1/pledges", {
        registrationNo: no,
        pledgor: { uscc: Y, name: "瓯海智能装备", district: "330304" },
        pledgee: { name: "温州银行", kind: "bank" },
        patents: [`ZL${makePatentNumber(`20221${no.slice(-7)}`)}`],
        amount,
        registeredOn: "2025-01-20"
      })
      expect(pledge.status).toBe(201)
      const loan = await post(`/api/v1/pledges/${pledge.body.id}/loans`, {
        amount,
        rate: "0.0385",
        disbursedOn: "2025-02-01",
        maturesOn: "2026-02-01"
      })
      expect(loan.status).toBe(201)
      const defaulted = await post(`/api/v1/pledges/loans/${loan.body.id}/default`, { on: "2025-06-01" })
      expect(defaulted.status).toBe(201)
      return { pledge: pledge.body.id as number, loan: loan.body.id as number }
    }

    /** 风险补偿, 投保联动, 投投联动, 贴息 and 科技创新债券. Each step checks its own answers, so it is a test and another's set-up alike. */
    const recordTheOthers = async () => {
      await defaultedPledge("Y2025330000123", "1000000.00")
      await created(
        `${L}/pools`,
        {
          code: "wz-pledge-rc",
          name: "专利质押融资风险补偿资金池",
          kind: "risk-compensation",
          openedOn: "2025-01-01",
          ratio: "0.4"
        },
        PoolJson
      )
      await created(
        `${L}/pools/wz-pledge-rc/deposits`,
        { on: "2025-01-05", amount: "500000.00" },
        DepositJson
      )
      const compensation = await created(
        `${L}/claims/compensation`,
        {
          pool: "wz-pledge-rc",
          registrationNo: "Y2025330000123",
          on: "2025-11-01",
          loss: "1000000.00",
          bank: ids.bank,
          enterprise: Y
        },
        ClaimJson
      )
      expect(compensation.body).toMatchObject({
        kind: "risk-compensation",
        payout: "400000.00",
        limitedBy: "ratio",
        registrationNo: "Y2025330000123",
        enterprise: { uscc: Y }
      })
      expect(compensation.headers.get("location")).toBe(`${L}/claims/${compensation.body.id}`)

      const insurance = await created(
        `${L}/policies/investment`,
        {
          insurer: ids.insurer,
          insuredEnterprise: X,
          investment: ids.lead,
          sumInsured: "10000000.00",
          premium: "50000.00",
          startsOn: "2025-04-01",
          endsOn: "2026-03-31"
        },
        PolicyJson
      )
      expect(insurance.body).toMatchObject({ pilot: "investment-insurance", investment: { id: ids.lead } })
      const policy = await get(`${L}/policies/${insurance.body.id}`)
      expectShape(PolicyJson, policy.body)
      const policies = await get(`${L}/policies?pilot=investment-insurance`)
      expectShape(PolicyPageJson, policies.body)
      expect(policies.body.items.map((p: Json) => p.id)).toEqual([insurance.body.id])

      const link = await created(
        `${L}/co-investments`,
        { lead: ids.lead, follow: ids.follow },
        CoInvestmentJson
      )
      expect(link.body).toMatchObject({ followerKind: "sub-fund", investor: "wz-sub", amount: "8000000.00" })
      const twice = await post(`${L}/co-investments`, { lead: ids.lead, follow: ids.follow })
      expect([twice.status, fields(twice.body)]).toEqual([409, ["follow"]])

      const subsidy = await created(
        `${L}/subsidies`,
        { on: "2025-12-31", amount: "30000.00", loan: ids.warrantLoan, payer: "温州市财政局" },
        InterestSubsidyJson
      )
      expect(subsidy.body).toMatchObject({ loan: ids.warrantLoan, enterprise: { uscc: X } })
      const both = await post(`${L}/subsidies`, {
        on: "2025-12-31",
        amount: "1.00",
        loan: ids.warrantLoan,
        registrationNo: "Y1"
      })
      expect([both.status, fields(both.body)]).toEqual([422, ["registrationNo"]])

      const bond = await created(
        `${L}/bonds`,
        {
          code: "102580001",
          issuerEnterprise: X,
          amount: "300000000.00",
          issuedOn: "2025-09-01",
          tenorMonths: 36,
          couponPercent: "2.35",
          useOfProceeds: "注资市科创基金",
          proceedsFund: "wz-city"
        },
        BondJson,
        "admin"
      )
      expect(bond.body).toMatchObject({
        maturesOn: "2028-09-01",
        couponPercent: "2.35",
        proceedsFund: "wz-city"
      })
      const noIssuer = await post(`${L}/bonds`, {
        amount: "1.00",
        issuedOn: "2025-09-01",
        tenorMonths: 12,
        couponPercent: "2",
        useOfProceeds: "x"
      })
      expect([noIssuer.status, fields(noIssuer.body)]).toEqual([422, ["issuerEnterprise"]])
      const badTenor = await post(`${L}/bonds`, {
        issuerEnterprise: X,
        amount: "1.00",
        issuedOn: "2025-09-01",
        tenorMonths: 0,
        couponPercent: "2",
        useOfProceeds: "x"
      })
      expect([badTenor.status, fields(badTenor.body)]).toEqual([422, ["tenorMonths"]])

      for (const [path, schema] of [
        [`${L}/co-investments`, CoInvestmentPageJson],
        [`${L}/subsidies`, InterestSubsidyPageJson],
        [`${L}/bonds`, BondPageJson],
        [`${L}/pools`, PoolPageJson],
        [`${L}/pools/wz-relief/deposits`, DepositPageJson]
      ] as const) {
        const page = await get(path)
        expect(page.status).toBe(200)
        expectShape(schema, page.body)
        expect(page.body.total).toBeGreaterThan(0)
      }
    }

    /** Every pilot as the figures above record them. */
    const recordStory = async () => {
      await setUpRegistry()
      await recordInvestmentLoans()
      await recordWarrantEvents()
      await recordIndexLoan()
      await recordRelief()
      await recordTheOthers()
    }

    it("money that leaves a pool points at something real: 422 naming the field and the reason", async () => {
      await setUpRegistry()
      const reason = (body: Json) =>
        body.errors.map((e: { field: string; reason: string }) => [e.field, e.reason])
      const pool = {
        code: "rc",
        name: "风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.5"
      }
      await created(`${L}/pools`, pool, PoolJson)
      await created(`${L}/pools/rc/deposits`, { on: "2025-01-05", amount: "1000000.00" }, DepositJson)
      // A deposit dated after today would raise today's balance: refused, and the balance stays.
      const future = await post(`${L}/pools/rc/deposits`, { on: "9999-12-31", amount: "1.00" })
      expect(future.status).toBe(422)
      expect(reason(future.body)).toEqual([["on", expect.stringMatching(/^must not be after today/)]])
      expect((await get(`${L}/pools/rc`)).body.balance).toBe("1000000.00")
      const claim = (registrationNo: string, loss: string) =>
        post(`${L}/claims/compensation`, { pool: "rc", registrationNo, on: "2025-09-01", loss })
      const nowhere = await claim("Y9999999999999", "1.00")
      expect([nowhere.status, reason(nowhere.body)]).toEqual([
        422,
        [["registrationNo", "no live pledge registration has the number Y9999999999999"]]
      ])
      await defaultedPledge("Y2025330000777", "300000.00")
      const over = await claim("Y2025330000777", "300000.01")
      expect([over.status, reason(over.body)]).toEqual([
        422,
        [
          [
            "loss",
            "exceeds what is left to compensate on registration Y2025330000777: its defaulted loans owe 300000.00 on 2025-09-01, of which 0.00 is already claimed"
          ]
        ]
      ])
      expect((await claim("Y2025330000777", "300000.00")).status).toBe(201)
      for (const text of ["<script>alert(1)</script>", "' OR '1'='1"]) {
        const subsidy = await post(`${L}/subsidies`, {
          on: "2025-06-30",
          amount: "1.00",
          registrationNo: text
        })
        expect([subsidy.status, reason(subsidy.body)]).toEqual([
          422,
          [["registrationNo", `no live pledge registration has the number ${text}`]]
        ])
      }
      const tiers = [{ tier: "A", minScore: "90", limit: "5000000.00" }]
      await created(
        `${L}/tier-tables`,
        { modelVersion: "wz-sti-2025", maxScore: "100", tiers },
        TierTableJson
      )
      const score = await created(
        `${L}/scores`,
        { enterprise: X, modelVersion: "wz-sti-2025", scoredOn: "2025-03-01", total: "92", dimensions: {} },
        ScoreJson
      )
      const loan = {
        bank: ids.bank,
        enterprise: X,
        amount: "4000000.00",
        ratePercent: "3.45",
        disbursedOn: "2025-03-10",
        maturesOn: "2026-03-10",
        score: score.body.id
      }
      await created(`${L}/loans/index`, loan, LinkageLoanJson)
      const second = await post(`${L}/loans/index`, loan)
      expect([second.status, reason(second.body)]).toEqual([
        422,
        [
          [
            "amount",
            `would take the live index loans on score snapshot ${score.body.id} to 8000000.00, above the credit limit 5000000.00 of tier A (4000000.00 already lent on it)`
          ]
        ]
      ])
    })

    it("sets up the registry and the funds' investments through the API", async () => {
      await setUpRegistry()
    })

    it("投贷联动: a warrant loan linked to the lead investment; an idempotent retry returns the same loan", async () => {
      await setUpRegistry()
      await recordInvestmentLoans()
    })

    it("认股权: exercise within the option's share, then exit; the path names the loan", async () => {
      await setUpRegistry()
      await recordInvestmentLoans()
      await recordWarrantEvents()
    })

    it("科创指数贷: above the tier's limit is a 422 naming amount; within it, 201 with the frozen score", async () => {
      await setUpRegistry()
      await recordIndexLoan()
    })

    it("二次救济: the payout is min(ratio × (loss − insurer paid), cap, balance), exactly; the pool drains to 0.00", async () => {
      await setUpRegistry()
      await recordRelief()
    })

    it("风险补偿, 投保联动, 投投联动, 贴息 and 科技创新债券", async () => {
      await setUpRegistry()
      await recordInvestmentLoans()
      await recordRelief()
      await recordTheOthers()
    })

    const summary2025 = {
      period: { from: "2025-01-01", to: "2025-12-31" },
      investmentLoan: {
        count: 2,
        amount: "7000000.00",
        warrantLoans: 1,
        warrantAmount: "5000000.00",
        exercises: 1,
        exercisePaid: "1500000.00",
        exits: 1,
        exitProceeds: "4500000.00"
      },
      indexLoan: { count: 1, amount: "3000000.00", scores: 2 },
      investmentInsurance: { count: 1, sumInsured: "10000000.00", premium: "50000.00" },
      transferInsurance: {
        policies: 1,
        sumInsured: "5000000.00",
        premium: "100000.00",
        premiumSubsidy: "60000.00",
        claims: 4,
        // 800,000 + 2,000,000 + 1,500,000 + 100,000; 500,000 + 1,000,000 + 500,000 + 0
        loss: "4400000.00",
        insurerPaid: "2000000.00",
        // 180,000 + 500,000 + 320,000 + 0
        reliefPaid: "1000000.00"
      },
      coInvestment: { count: 1, leadAmount: "20000000.00", followAmount: "8000000.00" },
      riskCompensation: { claims: 1, loss: "1000000.00", paid: "400000.00" },
      interestSubsidy: { count: 1, amount: "30000.00" },
      bonds: { count: 1, amount: "300000000.00", toFunds: "300000000.00" },
      pools: [
        {
          code: "wz-pledge-rc",
          name: "专利质押融资风险补偿资金池",
          kind: "risk-compensation",
          openingBalance: "0.00",
          deposits: "500000.00",
          payouts: "400000.00",
          closingBalance: "100000.00"
        },
        {
          code: "wz-relief",
          name: "科技成果转化保险二次救济资金池",
          kind: "relief",
          openingBalance: "0.00",
          deposits: "1000000.00",
          payouts: "1000000.00",
          closingBalance: "0.00"
        }
      ],
      // Each pilot's headline (the dashboard's table, the summary's export).
      pilots: [
        { pilot: "investment-loan", count: 2, amount: "7000000.00" },
        { pilot: "investment-insurance", count: 1, amount: "10000000.00" },
        { pilot: "co-investment", count: 1, amount: "8000000.00" },
        { pilot: "index-loan", count: 1, amount: "3000000.00" },
        { pilot: "transfer-insurance", count: 1, amount: "5000000.00" },
        { pilot: "risk-compensation", count: 1, amount: "400000.00" },
        { pilot: "interest-subsidy", count: 1, amount: "30000.00" },
        { pilot: "bonds", count: 1, amount: "300000000.00" }
      ]
    }

    it("summary: every pilot's figures for the year, exactly; the period is checked", async () => {
      await recordStory()
      const year = await get(`${L}/summary?from=2025-01-01&to=2025-12-31`)
      expect(year.status).toBe(200)
      expectShape(LinkageSummaryJson, year.body)
      expect(year.body).toEqual(summary2025)
      // One bound alone stands for its calendar year.
      expect((await get(`${L}/summary?from=2025-01-01`)).body).toEqual(summary2025)
      expect((await get(`${L}/summary?to=2025-12-31`)).body).toEqual(summary2025)
      const secondHalf = await get(`${L}/summary?from=2025-07-01&to=2025-12-31`)
      expect(secondHalf.body.investmentLoan).toMatchObject({ count: 0, exercises: 1, exits: 1 })
      expect(secondHalf.body.pools.find((p: Json) => p.code === "wz-relief")).toMatchObject({
        // 1,000,000 − 180,000 − 500,000 by 06-30; the 07-01 and 08-01 claims pay 320,000 and 0.
        openingBalance: "320000.00",
        payouts: "320000.00",
        closingBalance: "0.00"
      })
      // Without a period: the current calendar year in Asia/Shanghai.
      const current = await get(`${L}/summary`)
      expect(current.status).toBe(200)
      const { from, to } = current.body.period
      expect(from).toMatch(/^\d{4}-01-01$/)
      expect(to).toBe(`${from.slice(0, 4)}-12-31`)

      const backwards = await get(`${L}/summary?from=2025-12-31&to=2025-01-01`)
      expect([backwards.status, fields(backwards.body)]).toEqual([400, ["to"]])
      const lone = await get(`${L}/summary?to=2024-06-30&from=2025-01-01`)
      expect(fields(lone.body)).toEqual(["to"])
      const badDates = await get(`${L}/summary?from=2025-02-30&to=2025-13-01`)
      expect([badDates.status, fields(badDates.body)]).toEqual([400, ["from", "to"]])
      const unknown = await get(`${L}/summary?year=2025`)
      expect([unknown.status, fields(unknown.body)]).toEqual([400, ["year"]])
      expect(unknown.headers.get("content-type")).toMatch(/^application\/problem\+json/)
    })

    it("lists check their query: unknown names, bad values and paging", async () => {
      await recordStory()
      for (const [query, field] of [
        ["pilot=investment", "pilot"],
        ["enterprise=91330302MA2LK0000", "enterprise"],
        ["from=2025-02-29", "from"],
        ["includeReversed=yes", "includeReversed"],
        ["limit=0", "limit"],
        ["sort=rate", "sort"]
      ] as const) {
        const response = await get(`${L}/loans?${query}`)
        expect([response.status, fields(response.body)], query).toEqual([400, [field]])
      }
      expect(fields((await get(`${L}/claims?kind=other`)).body)).toEqual(["kind"])
      expect(fields((await get(`${L}/policies?pilot=investment-loan`)).body)).toEqual(["pilot"])
      expect(fields((await get(`${L}/pools?code=wz-relief`)).body)).toEqual(["code"])
      const paged = await get(`${L}/loans?limit=1&offset=1`)
      expect(paged.body).toMatchObject({ total: 3, limit: 1, offset: 1 })
      expect(paged.body.items.map((x: Json) => x.id)).toEqual([ids.warrantLoan])
      const byEnterprise = await get(`${L}/loans?enterprise=${Y}`)
      expect(byEnterprise.body.total).toBe(0)
      const from = await get(`${L}/loans?from=2025-04-10&to=2025-04-30`)
      expect(from.body.items.map((x: Json) => x.id)).toEqual([ids.warrantLoan])
      for (const path of ["loans", "policies", "claims"]) {
        expect((await get(`${L}/${path}/999999`)).status).toBe(404)
        expect((await get(`${L}/${path}/99999999999999999999`)).status).toBe(404)
      }
      expect((await get(`${L}/pools/nope`)).status).toBe(404)
      expect((await get(`${L}/pools/nope/deposits`)).status).toBe(404)
    })

    it("every documented query parameter is understood by the real handler", async () => {
      await recordStory()
      // Each path's id is one that exists: a policy's, a claim's, or else a loan's.
      const idFor: Record<string, number> = { getPolicy: ids.transferPolicy, getClaim: ids.firstClaim }
      let checked = 0
      for (const op of linkageOperations.filter((o) => o.method === "get")) {
        const concrete = op.path
          .replace("{id}", String(idFor[op.operationId] ?? ids.warrantLoan))
          .replace("{code}", "wz-relief")
        const query = new URLSearchParams(
          (op.parameters ?? [])
            .filter((p) => p.in === "query")
            .map((p): [string, string] => [p.name, String(p.example ?? (p.name === "limit" ? 50 : 0))])
        )
        const response = await get(`${concrete}${query.size > 0 ? `?${query}` : ""}`)
        expect(response.status, `${op.operationId} ${concrete}?${query}`).toBe(200)
        const schema = op.responses[200]?.schema
        if (schema) expectShape(schema, response.body)
        checked++
      }
      expect(checked).toBe(linkageOperations.filter((o) => o.method === "get").length)
    })

    it("every list is paged by the core: pages in a stable order, offset past the end → no items, the right total", async () => {
      await recordStory()
      const lists = [
        "/loans",
        "/scores",
        "/policies",
        "/claims",
        "/subsidies",
        "/co-investments",
        "/bonds",
        "/reversals",
        "/pools",
        "/pools/wz-relief/deposits",
        "/tier-tables",
        `/loans/${ids.warrantLoan}/warrant-events`
      ]
      for (const path of lists) {
        const whole = await get(`${L}${path}?limit=500`)
        expect(whole.status, path).toBe(200)
        const { total } = whole.body
        expect(whole.body.items.length, path).toBe(total)
        // One record a page: the same records in the same order.
        const paged: Array<number> = []
        for (let offset = 0; offset < total; offset++) {
          const page = await get(`${L}${path}?limit=1&offset=${offset}`)
          expect([page.body.total, page.body.limit, page.body.offset], path).toEqual([total, 1, offset])
          paged.push(...page.body.items.map((x: Json) => x.id))
        }
        expect(paged, path).toEqual(whole.body.items.map((x: Json) => x.id))
        const past = await get(`${L}${path}?limit=5&offset=${total + 3}`)
        expect([past.status, past.body], path).toEqual([
          200,
          // A list with a declared sum answers it for every page: the whole filtered list's.
          {
            items: [],
            total,
            ...(whole.body.amount === undefined ? {} : { amount: whole.body.amount }),
            limit: 5,
            offset: total + 3
          }
        ])
      }
      // The filters count too: 2 of the 3 loans are 投贷联动, and the second page of one is the plain loan.
      const second = await get(`${L}/loans?pilot=investment-loan&limit=1&offset=1`)
      expect([second.body.total, second.body.items.map((x: Json) => x.id)]).toEqual([2, [ids.plainLoan]])
      const pastFiltered = await get(`${L}/claims?pool=wz-relief&limit=10&offset=10`)
      expect([pastFiltered.body.items, pastFiltered.body.total]).toEqual([[], 4])
    })

    it("a list's to before its from is a 400 naming to, on every dated list", async () => {
      for (const path of [
        "/loans",
        "/scores",
        "/policies",
        "/claims",
        "/subsidies",
        "/co-investments",
        "/bonds"
      ]) {
        const backwards = await get(`${L}${path}?from=2025-12-31&to=2025-01-01`)
        expect([backwards.status, fields(backwards.body)], path).toEqual([400, ["to"]])
        expect(backwards.body.errors[0].reason).toBe("must not be before from (2025-12-31)")
        const oneDay = await get(`${L}${path}?from=2025-04-10&to=2025-04-10`)
        expect(oneDay.status, path).toBe(200)
      }
    })

    it("a NUL or other control character never reaches the store: 400 or 404 on a read, 422 naming the field on a write", async () => {
      await recordStory()
      // Query parameters: 400 naming the parameter.
      for (const [path, field] of [
        ["/claims?pool=%00", "pool"],
        ["/claims?pool=wz-relief%00", "pool"],
        ["/tier-tables?modelVersion=%00", "modelVersion"],
        ["/tier-tables?modelVersion=wz-sti-2025%0A", "modelVersion"],
        ["/loans?enterprise=%00", "enterprise"],
        ["/loans?pilot=%00", "pilot"],
        ["/claims?kind=%00", "kind"],
        ["/bonds?from=%00", "from"],
        ["/summary?to=%00", "to"]
      ] as const) {
        const response = await get(`${L}${path}`)
        expect([response.status, fields(response.body)], path).toEqual([400, [field]])
      }
      // A path code no pool can have: 404.
      for (const path of ["/pools/%00", "/pools/wz-relief%00", "/pools/%00/deposits", "/pools/WZ/deposits"]) {
        const response = await get(`${L}${path}`)
        expect(response.status, path).toBe(404)
        expect(response.headers.get("content-type"), path).toMatch(/^application\/problem\+json/)
      }
      // Writes whose path names such a pool: 404 too, as for a read (a path with a control character
      // names nothing); a code of the wrong shape is still the body's 422 naming pool.
      const rule = await post(`${L}/pools/%00/rules`, { effectiveFrom: "2025-09-01", ratio: "0.5" })
      expect(rule.status).toBe(404)
      const deposit = await post(`${L}/pools/%00/deposits`, { on: "2025-09-01", amount: "1.00" })
      expect(deposit.status).toBe(404)
      const shape = await post(`${L}/pools/WZ/deposits`, { on: "2025-09-01", amount: "1.00" })
      expect([shape.status, fields(shape.body)]).toEqual([422, ["pool"]])

      // Free text in bodies: 422 naming the field, nothing written.
      const before = {
        pools: (await get(`${L}/pools`)).body.total,
        bonds: (await get(`${L}/bonds`)).body.total,
        subsidies: (await get(`${L}/subsidies`)).body.total,
        reversals: (await get(`${L}/reversals`)).body.total
      }
      const pool = { code: "nul-test", name: "测试池", kind: "relief", openedOn: "2025-01-01", ratio: "0.5" }
      const bond = {
        issuerInstitution: ids.bank,
        amount: "1000000.00",
        issuedOn: "2025-10-01",
        tenorMonths: 12,
        couponPercent: "2",
        useOfProceeds: "科技型企业贷款"
      }
      for (const [path, body, field] of [
        ["/pools", { ...pool, name: "测试\u0000池" }, "name"],
        ["/pools", { ...pool, backer: "市财政\u0007" }, "backer"],
        ["/pools/wz-relief/deposits", { on: "2025-09-01", amount: "1.00", source: "\u0000" }, "source"],
        ["/bonds", { ...bond, useOfProceeds: "\u0000" }, "useOfProceeds"],
        ["/bonds", { ...bond, code: "10258\u001b0001" }, "code"],
        ["/subsidies", { on: "2025-09-01", amount: "1.00", registrationNo: "Y\u00001" }, "registrationNo"],
        [
          "/subsidies",
          { on: "2025-09-01", amount: "1.00", registrationNo: "Y1", payer: "财政\u0000" },
          "payer"
        ],
        ["/reversals", { kind: "bond", id: 1, reason: "重复\u0000登记" }, "reason"],
        ["/reversals", { kind: "bond", id: 1, reason: "重复\n登记" }, "reason"],
        [
          "/tier-tables",
          { modelVersion: "v\u0000", tiers: [{ tier: "A", minScore: "1", limit: "1.00" }] },
          "modelVersion"
        ],
        [
          "/scores",
          {
            enterprise: X,
            modelVersion: "wz-sti-2025",
            scoredOn: "2025-09-01",
            total: "80",
            dimensions: { "研\u0000": "1" }
          },
          "dimensions.研\u0000"
        ],
        [
          "/claims/compensation",
          { pool: "wz-pledge-rc", registrationNo: "Y\u0000", on: "2025-11-01", loss: "1.00" },
          "registrationNo"
        ],
        [
          "/co-investments",
          { lead: ids.lead, investor: "某\u0000资本", enterprise: X, amount: "1.00", on: "2025-09-01" },
          "investor"
        ]
      ] as const) {
        const response = await post(`${L}${path}`, body)
        expect([response.status, fields(response.body)], `${path} ${field}`).toEqual([422, [field]])
        expect(response.body.errors[0].reason, field).toMatch(/must not contain control characters/)
      }
      expect({
        pools: (await get(`${L}/pools`)).body.total,
        bonds: (await get(`${L}/bonds`)).body.total,
        subsidies: (await get(`${L}/subsidies`)).body.total,
        reversals: (await get(`${L}/reversals`)).body.total
      }).toEqual(before)
    })

    it("the summary's default year is today's in Asia/Shanghai by the core's clock", async () => {
      // 2019-12-31T17:00Z is 1 January 2020, 01:00 in Wenzhou: the year is 2020, neither the UTC 2019 nor
      // the year of the machine's clock.
      const at = Date.parse("2019-12-31T17:00:00Z")
      const clock: Clock.Clock = {
        currentTimeMillisUnsafe: () => at,
        currentTimeMillis: Effect.succeed(at),
        currentTimeNanosUnsafe: () => BigInt(at) * 1_000_000n,
        currentTimeNanos: Effect.succeed(BigInt(at) * 1_000_000n),
        monotonicTimeNanosUnsafe: () => BigInt(at) * 1_000_000n,
        monotonicTimeNanos: Effect.succeed(BigInt(at) * 1_000_000n),
        sleep: () => Effect.void
      }
      const clocked: Kejin = {
        ...kejin,
        run: (effect) => kejin.run(Effect.provideService(effect, Clock.Clock, clock))
      }
      const app2 = createApp({
        kejin: clocked,
        limits: { loginAttempts: 100, tokenRequestsPerMinute: 10_000 }
      })
      const response = await app2.request(`${L}/summary`, {
        headers: { authorization: `Bearer ${tokens.viewer}` }
      })
      expect(response.status).toBe(200)
      const body = (await response.json()) as Json
      expect(body.period).toEqual({ from: "2020-01-01", to: "2020-12-31" })
      expect(body).toEqual((await get(`${L}/summary?from=2020-01-01&to=2020-12-31`)).body)
    })

    it("a reversal takes a record out of the summary and gives a pool its payout back; it stays listed", async () => {
      await recordStory()
      // The plain loan has no subsidy or warrant events: it may go.
      const loan = await created(
        `${L}/reversals`,
        { kind: "loan", id: ids.plainLoan, reason: "重复登记" },
        LinkageReversalJson
      )
      expect(loan.body).toMatchObject({ kind: "loan", recordId: ids.plainLoan, reason: "重复登记" })
      const twice = await post(`${L}/reversals`, { kind: "loan", id: ids.plainLoan, reason: "again" })
      expect([twice.status, fields(twice.body)]).toEqual([409, ["id"]])
      // The warrant loan has live events and a subsidy: reversed only after them.
      const blocked = await post(`${L}/reversals`, { kind: "loan", id: ids.warrantLoan, reason: "x" })
      expect([blocked.status, fields(blocked.body)]).toEqual([422, ["id"]])
      const badKind = await post(`${L}/reversals`, { kind: "pledge", id: 1, reason: "x" })
      expect([badKind.status, fields(badKind.body)]).toEqual([422, ["kind"]])
      const extra = await post(`${L}/reversals`, { kind: "loan", id: 1, reason: "x", note: "y" })
      expect([extra.status, fields(extra.body)]).toEqual([422, ["note"]])
      expect((await post(`${L}/reversals`, { kind: "claim", id: 999999, reason: "x" })).status).toBe(404)
      await created(
        `${L}/reversals`,
        { kind: "claim", id: ids.firstClaim, reason: "理赔撤回" },
        LinkageReversalJson,
        "admin"
      )

      const after = await get(`${L}/summary?from=2025-01-01&to=2025-12-31`)
      expect(after.body).toEqual({
        ...summary2025,
        investmentLoan: { ...summary2025.investmentLoan, count: 1, amount: "5000000.00" },
        transferInsurance: {
          ...summary2025.transferInsurance,
          claims: 3,
          loss: "3600000.00",
          insurerPaid: "1500000.00",
          reliefPaid: "820000.00"
        },
        pools: [
          summary2025.pools[0],
          { ...summary2025.pools[1], payouts: "820000.00", closingBalance: "180000.00" }
        ],
        pilots: [{ pilot: "investment-loan", count: 1, amount: "5000000.00" }, ...summary2025.pilots.slice(1)]
      })
      expect((await get(`${L}/pools/wz-relief`)).body).toMatchObject({
        paidOut: "820000.00",
        balance: "180000.00"
      })
      const listed = await get(`${L}/loans?pilot=investment-loan`)
      expect(listed.body.items.map((x: Json) => [x.id, x.reversed])).toEqual([
        [ids.warrantLoan, false],
        [ids.plainLoan, true]
      ])
      expect(listed.body.items[1].reversedBy).toBe(loan.body.id)
      const live = await get(`${L}/loans?pilot=investment-loan&includeReversed=false`)
      expect(live.body.items.map((x: Json) => x.id)).toEqual([ids.warrantLoan])
      const reversals = await get(`${L}/reversals`)
      expectShape(LinkageReversalPageJson, reversals.body)
      expect(reversals.body.items.map((r: Json) => [r.kind, r.recordId])).toEqual([
        ["loan", ids.plainLoan],
        ["claim", ids.firstClaim]
      ])
    })

    it("rights: admin and bureau write; fund managers and viewers read only (403 on every write); anonymous 401", async () => {
      await recordStory()
      const writes = [
        "/loans/investment",
        "/loans/index",
        `/loans/${ids.warrantLoan}/warrant-exercises`,
        `/loans/${ids.warrantLoan}/warrant-exits`,
        `/loans/${ids.warrantLoan}/repayments`,
        `/loans/${ids.warrantLoan}/default`,
        "/tier-tables",
        "/scores",
        "/policies/investment",
        "/policies/transfer",
        "/pools",
        "/pools/wz-relief/rules",
        "/pools/wz-relief/deposits",
        "/claims/transfer",
        "/claims/compensation",
        "/subsidies",
        "/co-investments",
        "/bonds",
        "/reversals"
      ]
      // Every documented write is in the list.
      expect(linkageOperations.filter((o) => o.method === "post").length).toBe(writes.length)
      const bond = {
        issuerInstitution: ids.bank,
        amount: "1000000.00",
        issuedOn: "2026-01-05",
        tenorMonths: 12,
        couponPercent: "2",
        useOfProceeds: "科技型企业贷款"
      }
      for (const path of writes) {
        for (const who of ["manager", "viewer"] as const) {
          const response = await post(`${L}${path}`, bond, who)
          expect(response.status, `${who} POST ${path}`).toBe(403)
        }
        expect((await post(`${L}${path}`, bond, "anon")).status, `anon POST ${path}`).toBe(401)
      }
      // Nothing was written by the refused requests.
      expect((await get(`${L}/bonds`)).body.total).toBe(1)
      for (const who of ["admin", "bureau"] as const) {
        const response = await post(`${L}/bonds`, bond, who)
        expect(response.status, who).toBe(201)
      }
      expect((await get(`${L}/bonds`)).body.total).toBe(3)

      const firstOf = async (list: string) => (await get(`${L}${list}`)).body.items[0].id as number
      const reads = [
        "/summary?from=2025-01-01&to=2025-12-31",
        "/recent?to=2025-12-31&limit=5",
        `/tier-tables/${await firstOf("/tier-tables")}`,
        `/scores/${ids.scoreB}`,
        `/subsidies/${await firstOf("/subsidies")}`,
        `/co-investments/${await firstOf("/co-investments")}`,
        `/bonds/${await firstOf("/bonds")}`,
        "/loans",
        `/loans/${ids.warrantLoan}`,
        `/loans/${ids.warrantLoan}/warrant-events`,
        `/loans/${ids.warrantLoan}/events`,
        `/loans/${ids.warrantLoan}/standing`,
        "/tier-tables",
        "/scores",
        "/policies",
        `/policies/${ids.transferPolicy}`,
        "/pools",
        "/pools/wz-relief",
        "/pools/wz-relief/deposits",
        "/claims",
        `/claims/${ids.firstClaim}`,
        "/subsidies",
        "/co-investments",
        "/bonds",
        "/reversals"
      ]
      expect(linkageOperations.filter((o) => o.method === "get").length).toBe(reads.length)
      for (const path of reads) {
        for (const who of roles)
          expect((await get(`${L}${path}`, who)).status, `${who} GET ${path}`).toBe(200)
        const anon = await get(`${L}${path}`, "anon")
        expect(anon.status, `anon GET ${path}`).toBe(401)
        expect(anon.headers.get("www-authenticate")).toBe('Bearer realm="kejin"')
      }
    })
  })
}
