import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { claimToJson, linkageLoanToJson, linkageSummaryToJson } from "./schema.js"

const uscc = (n: number) => makeUscc(`91330302MA3${String(n).padStart(6, "0")}`)

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const paths = (error: Record<string, unknown>) =>
  (error.issues as Array<{ path: string; message: string }>).map((i) => i.path)

const viewer: Actor = { id: "viewer", role: "viewer" }
const bureau: Actor = { id: "bureau", role: "bureau" }
const manager: Actor = { id: "mgr", role: "fund-manager", funds: ["wz-sub"] }

/** Registry, funds and investments both blocks start from. */
const seed = async (kejin: Kejin) => {
  const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
  const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id
  const managerId = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" }))
    .id
  const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" }
  await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城科技", district: "330302", ...base })
  await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瓯海科技", district: "330304", ...base })
  const fund = { manager: managerId, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
  await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
  await kejin.funds.create({
    code: "wz-sub",
    name: "瓯江子基金",
    kind: "sub-fund",
    parent: "wz-city",
    ...fund
  })
  const invest = (f: string, n: number, on: string, amount: string, round = "A") =>
    kejin.funds.invest({ fund: f, enterprise: uscc(n), on, amount, instrument: "equity", round })
  // The funds' capital first: an investment stays within the fund's commitments.
  await kejin.funds.commit({
    fund: "wz-city",
    on: "2025-01-01",
    lpName: "温州市财政局",
    lpType: "fiscal",
    amount: "100000000.00"
  })
  const insurerLp = await kejin.funds.commit({
    fund: "wz-sub",
    on: "2025-01-10",
    lpName: "人保财险温州分公司",
    lpType: "insurance",
    amount: "50000000.00"
  })
  const privateLp = await kejin.funds.commit({
    fund: "wz-sub",
    on: "2025-01-10",
    lpName: "某民营企业",
    lpType: "private",
    amount: "10000000.00"
  })
  return {
    bank,
    insurer,
    // 市科创基金 直投 in 鹿城科技 on 2025-03-01, 20,000,000.00 (round A)
    lead: await invest("wz-city", 1, "2025-03-01", "20000000.00"),
    // 子基金 follows in the same enterprise a month later, 8,000,000.00
    follow: await invest("wz-sub", 1, "2025-04-01", "8000000.00"),
    // the sub-fund in another enterprise, and in the same one before the lead
    elsewhere: await invest("wz-sub", 2, "2025-04-01", "5000000.00"),
    early: await invest("wz-sub", 1, "2025-02-15", "1000000.00", "Pre-A"),
    insurerLp,
    privateLp
  }
}

type Seeded = Awaited<ReturnType<typeof seed>>

/**
 * Registration `no` of 瓯海科技 (uscc(2)) with a loan of `amount` drawn on 2025-02-01 and in default from
 * 2025-06-01: what a 风险补偿 claim (and 贴息 by registration number) must name.
 */
const defaultedPledge = async (kejin: Kejin, no: string, amount: string) => {
  const pledge = await kejin.pledges.record({
    registrationNo: no,
    pledgor: { uscc: uscc(2), name: "瓯海科技", district: "330304" },
    pledgee: { name: "温州银行", kind: "bank" },
    patents: [`ZL${makePatentNumber(`20221${no.slice(-7)}`)}`],
    amount,
    registeredOn: "2025-01-20"
  })
  const loan = await kejin.pledges.loans.draw({
    pledgeId: pledge.id,
    amount,
    rate: "0.0385",
    disbursedOn: "2025-02-01",
    maturesOn: "2026-02-01"
  })
  await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-06-01" })
}

const tierTable = {
  modelVersion: "wz-sti-2025",
  maxScore: "100",
  tiers: [
    { tier: "C", minScore: "60", limit: "1000000.00" },
    { tier: "B", minScore: "75", limit: "3000000.00" },
    { tier: "A", minScore: "90", limit: "5000000.00" }
  ]
}

/**
 * A record of every pilot for 2025 on `seed`'s registry and funds (and one investment loan in 2026):
 * the figures the summary test checks by hand.
 */
const recordPilots = async (kejin: Kejin, s: Seeded) => {
  const l = kejin.linkage
  const loan = { bank: s.bank, enterprise: uscc(1), ratePercent: "3.2", maturesOn: "2027-12-31" }
  const warrantLoan = await l.recordInvestmentLoan({
    ...loan,
    amount: "5000000.00",
    disbursedOn: "2025-04-01",
    investment: s.lead.id,
    warrant: { holder: "温州银行", equityPercent: "4", strikeBasis: "A轮估值", expiresOn: "2027-12-31" }
  })
  const plainLoan = await l.recordInvestmentLoan({
    ...loan,
    amount: "2000000.00",
    disbursedOn: "2025-05-01",
    investment: s.lead.id
  })
  // Outside the period.
  await l.recordInvestmentLoan({
    ...loan,
    amount: "1000000.00",
    disbursedOn: "2026-01-05",
    investment: s.lead.id
  })
  await l.recordWarrantExercise({
    loan: warrantLoan.id,
    on: "2025-10-01",
    equityPercent: "2",
    amountPaid: "400000.00"
  })
  await l.recordTierTable(tierTable)
  await l.recordScore({
    enterprise: uscc(1),
    modelVersion: "wz-sti-2025",
    scoredOn: "2025-03-01",
    total: "76",
    dimensions: { 研发投入: "40", 知识产权: "36" }
  })
  await l.recordIndexLoan({ ...loan, amount: "1500000.00", disbursedOn: "2025-03-10" })
  await l.recordInvestmentPolicy({
    insurer: s.insurer,
    insuredEnterprise: uscc(1),
    investment: s.lead.id,
    sumInsured: "10000000.00",
    premium: "50000.00",
    startsOn: "2025-04-01",
    endsOn: "2026-03-31"
  })
  const policy = await l.recordTransferPolicy({
    insurer: s.insurer,
    enterprise: uscc(1),
    sumInsured: "3000000.00",
    premium: "90000.00",
    premiumSubsidy: "45000.00",
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
  // 0.5 × (300,000 − 200,000) = 50,000.00
  const reliefClaim = await l.recordTransferClaim({
    policy: policy.id,
    on: "2025-06-01",
    loss: "300000.00",
    insurerPaid: "200000.00",
    reliefPool: "relief"
  })
  await l.recordPool({
    code: "rc",
    name: "风险补偿资金池",
    kind: "risk-compensation",
    openedOn: "2025-01-01",
    ratio: "0.5"
  })
  await l.recordDeposit({ pool: "rc", on: "2025-01-05", amount: "1000000.00" })
  await defaultedPledge(kejin, "Y2025330000001", "500000.00")
  // 0.5 × 200,000 = 100,000.00
  await l.recordCompensationClaim({
    pool: "rc",
    registrationNo: "Y2025330000001",
    on: "2025-09-01",
    loss: "200000.00"
  })
  await l.recordInterestSubsidy({ on: "2025-12-31", amount: "30000.00", loan: plainLoan.id })
  await l.recordCoInvestment({ lead: s.lead.id, follow: s.follow.id })
  await l.recordCoInvestment({
    lead: s.lead.id,
    investor: "某民营资本",
    enterprise: uscc(1),
    amount: "10000000.00",
    on: "2025-05-01"
  })
  await l.recordBond({
    issuerEnterprise: uscc(1),
    amount: "300000000.00",
    issuedOn: "2025-09-01",
    tenorMonths: 36,
    couponPercent: "2.35",
    useOfProceeds: "注资市科创基金",
    proceedsFund: "wz-city"
  })
  const smallBond = await l.recordBond({
    issuerInstitution: s.bank,
    amount: "50000000.00",
    issuedOn: "2025-11-01",
    tenorMonths: 24,
    couponPercent: "1.95",
    useOfProceeds: "科技型企业贷款"
  })
  return { warrantLoan, plainLoan, reliefClaim, smallBond }
}

/** Reverses the plain loan (its subsidy first), the small bond and the relief claim. */
const reverseSome = async (kejin: Kejin, r: Awaited<ReturnType<typeof recordPilots>>) => {
  const [subsidy] = await kejin.linkage.subsidies({ enterprise: uscc(1) })
  await kejin.linkage.reverse("subsidy", subsidy!.id, "paid on the wrong loan")
  await kejin.linkage.reverse("loan", r.plainLoan.id, "duplicate entry")
  await kejin.linkage.reverse("bond", r.smallBond.id, "not a sci-tech bond")
  await kejin.linkage.reverse("claim", r.reliefClaim.id, "claim withdrawn")
}

for (const dialect of testDialects()) {
  describe(`linkage pilots on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let s: Seeded

    const loanBase = () => ({
      bank: s.bank,
      enterprise: uscc(1),
      amount: "5000000.00",
      ratePercent: "3.45",
      disbursedOn: "2025-04-10",
      maturesOn: "2028-04-10"
    })

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      s = await seed(kejin)
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("投贷联动: links a loan to an investment in the same enterprise; a mismatch is refused", async () => {
      const loan = await kejin.linkage.recordInvestmentLoan({ ...loanBase(), investment: s.lead.id })
      expect(loan).toMatchObject({
        pilot: "investment-loan",
        bank: { id: s.bank, name: "温州银行" },
        enterprise: { uscc: uscc(1), name: "鹿城科技" },
        disbursedOn: "2025-04-10",
        investment: { id: s.lead.id, fund: "wz-city", on: "2025-03-01", round: "A" },
        warrant: null,
        score: null,
        reversedBy: null
      })
      expect(linkageLoanToJson(loan)).toMatchObject({ amount: "5000000.00", ratePercent: "3.45" })
      const other = await caught(
        kejin.linkage.recordInvestmentLoan({ ...loanBase(), enterprise: uscc(2), investment: s.lead.id })
      )
      expect(other._tag).toBe("ValidationError")
      expect(other.message).toBe(
        `investment: investment ${s.lead.id} is in 鹿城科技 (${uscc(1)}), not in 瓯海科技 (${uscc(2)}): both must concern the same enterprise`
      )
      const refs = await caught(
        kejin.linkage.recordInvestmentLoan({ ...loanBase(), bank: s.insurer, investment: 999999 })
      )
      expect(paths(refs)).toEqual(["bank"])
      const missing = await caught(kejin.linkage.recordInvestmentLoan({ ...loanBase(), investment: 999999 }))
      expect(missing.message).toBe("investment: no fund-ledger investment has the id 999999")
      const dates = await caught(
        kejin.linkage.recordInvestmentLoan({ ...loanBase(), maturesOn: "2025-04-10", investment: s.lead.id })
      )
      expect(paths(dates)).toEqual(["maturesOn"])
    })

    it("认股权: exercise within the option's share before expiry; exit only after exercise", async () => {
      const loan = await kejin.linkage.recordInvestmentLoan({
        ...loanBase(),
        investment: s.follow.id,
        warrant: {
          holder: "温州银行投资子公司",
          holderFund: "wz-city",
          equityPercent: "5",
          strikeBasis: "A轮投后估值",
          strikeValuation: "200000000.00",
          expiresOn: "2027-06-30"
        }
      })
      expect(loan.warrant).toMatchObject({
        holder: "温州银行投资子公司",
        holderFund: "wz-city",
        expiresOn: "2027-06-30"
      })
      expect(loan.warrant?.equityPercent.toString()).toBe("5")
      const exit = (on: string, extra: Record<string, unknown> = {}) =>
        kejin.linkage.recordWarrantExit({ loan: loan.id, on, proceeds: "9000000.00", ...extra })
      const exercise = (on: string, equityPercent: string, amountPaid = "1000000.00") =>
        kejin.linkage.recordWarrantExercise({ loan: loan.id, on, equityPercent, amountPaid })

      const tooSoon = await caught(exit("2026-01-01"))
      expect(paths(tooSoon)).toEqual(["on"])
      expect(tooSoon.message).toMatch(/exited only after it is exercised/)
      const first = await exercise("2026-01-10", "3", "1500000.00")
      expect(first).toMatchObject({ kind: "exercise", on: "2026-01-10", loan: loan.id })
      const over = await caught(exercise("2026-02-01", "2.5"))
      expect(over.message).toBe(
        "equityPercent: exceeds the option's unexercised share 2 % (option 5 %, exercised 3 %)"
      )
      const late = await caught(exercise("2027-07-01", "1"))
      expect(late.message).toBe(
        "on: is after the option's expiry on 2027-06-30: it can no longer be exercised"
      )
      const beforeLoan = await caught(exercise("2025-04-09", "1"))
      expect(paths(beforeLoan)).toEqual(["on"])
      await exercise("2027-06-30", "2", "1000000.00")
      // An exit before the second exercise can take only the first one's 3 %.
      const tooMuch = await caught(exit("2026-06-01", { equityPercent: "4" }))
      expect(tooMuch.message).toBe(
        "equityPercent: exceeds the exercised share not yet exited 3 % (exercised by 2026-06-01 3 %, exited 0 %)"
      )
      const out = await exit("2027-09-01")
      expect(out.equityPercent.toString()).toBe("5")
      expect(out.amount.toFixed(2)).toBe("9000000.00") // float-ok: Decimal.toFixed, exact
      const again = await caught(exit("2027-10-01"))
      expect(again.message).toBe("on: everything exercised by 2027-10-01 (5 %) was exited already")
      // A loan without a warrant has nothing to exercise.
      const plain = await kejin.linkage.recordInvestmentLoan({ ...loanBase(), investment: s.lead.id })
      const none = await kejin.linkage
        .recordWarrantExercise({ loan: plain.id, on: "2026-01-10", equityPercent: "1", amountPaid: "0" })
        .catch((e) => e)
      expect(none.message).toBe(`loan: loan ${plain.id} carries no warrant (认股权)`)
      // Reversals go in dependency order: the exit, then an exercise, then the loan.
      const blocked = await caught(kejin.linkage.reverse("warrant-event", first.id, "wrong share"))
      expect(blocked.message).toBe(
        `id: loan ${loan.id}'s option has live exits (${out.id}): reverse them first`
      )
      const loanBlocked = await caught(kejin.linkage.reverse("loan", loan.id, "wrong loan"))
      expect(loanBlocked.message).toMatch(/has live warrant events/)
      await kejin.linkage.reverse("warrant-event", out.id, "entered twice")
      await kejin.linkage.reverse("warrant-event", first.id, "wrong share")
      const events = await kejin.linkage.warrantEvents(loan.id)
      expect(events.map((e) => [e.kind, e.reversedBy !== null])).toEqual([
        ["exercise", true],
        ["exercise", false],
        ["exit", true]
      ])
      // With the first exercise gone, 3 % of the option is open again.
      await exercise("2027-06-01", "3")
    })

    it("科创指数贷: the tier's limit caps the loan; the snapshot is frozen on the loan", async () => {
      const table = await kejin.linkage.recordTierTable(tierTable)
      expect(table.tiers.map((t) => [t.tier, t.from.toString(), t.to?.toString() ?? null])).toEqual([
        ["C", "60", "75"],
        ["B", "75", "90"],
        ["A", "90", null]
      ])
      const duplicate = await caught(kejin.linkage.recordTierTable(tierTable))
      expect(duplicate).toMatchObject({ _tag: "ConflictError", field: "modelVersion" })
      const score = (scoredOn: string, total: string, n = 1) =>
        kejin.linkage.recordScore({
          enterprise: uscc(n),
          modelVersion: "wz-sti-2025",
          scoredOn,
          total,
          dimensions: { 研发投入: "30", 知识产权: "25", 成长性: String(Number(total) - 55) }
        })
      const b = await score("2025-03-01", "80")
      expect(b).toMatchObject({ tier: "B", modelVersion: "wz-sti-2025", tierTable: table.id })
      expect(b.limit?.toFixed(2)).toBe("3000000.00") // float-ok: Decimal.toFixed, exact
      const indexLoan = (amount: string, disbursedOn: string, extra: Record<string, unknown> = {}) =>
        kejin.linkage.recordIndexLoan({
          ...loanBase(),
          amount,
          disbursedOn,
          maturesOn: "2026-12-31",
          ...extra
        })

      const over = await caught(indexLoan("3000000.01", "2025-03-10"))
      expect(over._tag).toBe("ValidationError")
      expect(over.message).toBe(
        "amount: exceeds the credit limit 3000000.00 of tier B (model wz-sti-2025, score 80 on 2025-03-01)"
      )
      const granted = await indexLoan("3000000.00", "2025-03-10")
      expect(granted.score).toMatchObject({ id: b.id, tier: "B", scoredOn: "2025-03-01" })
      expect(granted.score?.limit.toFixed(2)).toBe("3000000.00") // float-ok: Decimal.toFixed, exact

      // A later, better score: tier A. The granted loan keeps its snapshot.
      const a = await score("2025-06-01", "92.5")
      expect(a.tier).toBe("A")
      const again = await kejin.linkage.loan(granted.id)
      expect(again.score).toMatchObject({ id: b.id, tier: "B" })
      expect(again.score?.total.toString()).toBe("80")
      expect(again.score?.limit.toFixed(2)).toBe("3000000.00") // float-ok: Decimal.toFixed, exact
      expect(linkageLoanToJson(again).score).toMatchObject({
        total: "80",
        tier: "B",
        limit: "3000000.00",
        dimensions: { 研发投入: "30", 知识产权: "25", 成长性: "25" }
      })
      // Disbursed before the new snapshot, a loan still goes by tier B; after it, by tier A.
      expect((await caught(indexLoan("4000000.00", "2025-05-31")))._tag).toBe("ValidationError")
      const bigger = await indexLoan("4000000.00", "2025-06-01")
      expect(bigger.score).toMatchObject({ id: a.id, tier: "A" })

      // Below every tier: not eligible. Another enterprise's snapshot: refused.
      const low = await score("2025-07-01", "59.5", 2)
      expect([low.tier, low.limit]).toEqual([null, null])
      const noTier = await caught(indexLoan("1.00", "2025-07-02", { enterprise: uscc(2) }))
      expect(noTier.message).toMatch(/below every tier: not eligible for an index loan/)
      const foreign = await caught(indexLoan("1.00", "2025-07-02", { score: low.id }))
      expect(paths(foreign)).toEqual(["score"])
      expect(foreign.message).toMatch(/both must concern the same enterprise/)
      expect(paths(await caught(score("2025-07-01", "100.5")))).toEqual(["total"])
      const unknownModel = await caught(
        kejin.linkage.recordScore({
          enterprise: uscc(1),
          modelVersion: "v0",
          scoredOn: "2025-07-01",
          total: "1",
          dimensions: {}
        })
      )
      expect(paths(unknownModel)).toEqual(["modelVersion"])
      // A snapshot a loan was granted on is reversed only after the loan.
      const blocked = await caught(kejin.linkage.reverse("score", b.id, "typo"))
      expect(blocked.message).toBe(
        `id: score snapshot ${b.id} has live index loans (${granted.id}): reverse them first`
      )
    })

    it("二次救济: relief capped by the ratio, by the cap, by the pool's balance; a drained pool pays 0 and says why", async () => {
      const pool = await kejin.linkage.recordPool({
        code: "wz-relief",
        name: "科技成果转化保险二次救济资金池",
        kind: "relief",
        openedOn: "2025-01-01",
        backer: "温州市财政局",
        ratio: "0.6",
        cap: "500000.00"
      })
      expect(
        pool.rules.map((r) => [
          r.effectiveFrom,
          r.ratio.toString(),
          r.cap == null ? undefined : toWire(r.cap)
        ])
      ).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        ["2025-01-01", "0.6", "500000.00"]
      ])
      await kejin.linkage.recordDeposit({
        pool: "wz-relief",
        on: "2025-01-02",
        amount: "1000000.00",
        source: "市级财政"
      })
      const policy = await kejin.linkage.recordTransferPolicy({
        policyNo: "PZ2025001",
        insurer: s.insurer,
        enterprise: uscc(1),
        sumInsured: "5000000.00",
        premium: "100000.00",
        premiumSubsidy: "60000.00",
        startsOn: "2025-02-01",
        endsOn: "2026-01-31"
      })
      expect(policy.premiumSubsidy.toFixed(2)).toBe("60000.00") // float-ok: Decimal.toFixed, exact
      const claim = (on: string, loss: string, insurerPaid: string) =>
        kejin.linkage.recordTransferClaim({
          policy: policy.id,
          on,
          loss,
          insurerPaid,
          reliefPool: "wz-relief"
        })

      // 0.6 × (800,000 − 500,000) = 180,000.00 < cap 500,000 < balance 1,000,000 → 180,000.00
      const byRatio = await claim("2025-05-01", "800000.00", "500000.00")
      expect([byRatio.payout.toFixed(2), byRatio.limitedBy]).toEqual(["180000.00", "ratio"]) // float-ok: Decimal.toFixed, exact
      expect(byRatio.uncovered.toFixed(2)).toBe("300000.00") // float-ok: Decimal.toFixed, exact
      // 0.6 × (2,000,000 − 1,000,000) = 600,000 > cap → 500,000.00; balance 820,000 → 320,000
      const byCap = await claim("2025-06-01", "2000000.00", "1000000.00")
      expect([byCap.payout.toFixed(2), byCap.limitedBy]).toEqual(["500000.00", "cap"]) // float-ok: Decimal.toFixed, exact
      // 0.6 × 1,000,000 = 600,000 → cap 500,000 → balance 320,000.00: the pool drains to exactly zero
      const byPool = await claim("2025-07-01", "1500000.00", "500000.00")
      expect([byPool.payout.toFixed(2), byPool.limitedBy]).toEqual(["320000.00", "pool-balance"]) // float-ok: Decimal.toFixed, exact
      expect(claimToJson(byPool)).toMatchObject({
        loss: "1500000.00",
        insurerPaid: "500000.00",
        uncovered: "1000000.00",
        payout: "320000.00",
        pool: "wz-relief",
        rule: { ratio: "0.6", cap: "500000.00" },
        enterprise: { uscc: uscc(1) }
      })
      expect((await kejin.linkage.pool("wz-relief")).balance.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
      // The next claim gets nothing, and says why.
      const empty = await claim("2025-08-01", "100000.00", "0")
      expect([empty.payout.toFixed(2), empty.limitedBy]).toEqual(["0.00", "pool-balance"]) // float-ok: Decimal.toFixed, exact
      expect(empty.note).toBe(
        "pool wz-relief, rule of 2025-01-01: the pool has no balance left, so nothing is paid " +
          "(0.6 × uncovered loss 100000.00 = 60000.00, cap 500000.00)"
      )
      // The insurer's payments stay within the sum insured (2,000,000.00 paid so far of 5,000,000.00).
      const beyond = await caught(claim("2025-08-02", "3000000.01", "3000000.01"))
      expect(beyond.message).toBe(
        `insurerPaid: would take the insurer's payments on policy ${policy.id} to 5000000.01, above the sum insured 5000000.00`
      )
      // A new rule version from 2025-09-01 (0.8, no cap) and a top-up; a claim dated before the top-up
      // cannot use it, one after does, under the new rule.
      const rule = await kejin.linkage.recordPoolRule({
        pool: "wz-relief",
        effectiveFrom: "2025-09-01",
        ratio: "0.8"
      })
      expect(rule.cap).toBeNull()
      await kejin.linkage.recordDeposit({ pool: "wz-relief", on: "2025-09-01", amount: "200000.00" })
      const backdated = await claim("2025-08-15", "50000.00", "0")
      expect(backdated.payout.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
      const newRule = await claim("2025-09-15", "100000.00", "50000.00")
      expect([toWire(newRule.payout), newRule.rule?.id, newRule.limitedBy]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        "40000.00",
        rule.id,
        "ratio"
      ])
      const pool2 = await kejin.linkage.pool("wz-relief")
      expect([toWire(pool2.deposited), toWire(pool2.paidOut), toWire(pool2.balance)]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        "1200000.00",
        "1040000.00",
        "160000.00"
      ])
      // Taking the first deposit out would leave the pool below zero: refused.
      const [firstDeposit] = await kejin.linkage.deposits("wz-relief")
      const short = await caught(kejin.linkage.reverse("deposit", firstDeposit!.id, "wrong pool"))
      expect(short.message).toBe(
        `id: without deposit ${firstDeposit!.id}, pool wz-relief would stand at -180000.00 on 2025-05-01 (its claims were paid from it): reverse them first`
      )
      // Without a pool, no relief; a risk-compensation pool cannot pay relief.
      const noPool = await kejin.linkage.recordTransferClaim({
        policy: policy.id,
        on: "2025-10-01",
        loss: "1000.00",
        insurerPaid: "0"
      })
      expect([noPool.payout.toFixed(2), noPool.limitedBy, noPool.pool]).toEqual(["0.00", null, null]) // float-ok: Decimal.toFixed, exact
      const overPaid = await caught(
        kejin.linkage.recordTransferClaim({
          policy: policy.id,
          on: "2025-10-01",
          loss: "1.00",
          insurerPaid: "2.00"
        })
      )
      expect(paths(overPaid)).toEqual(["insurerPaid"])
    })

    it("风险补偿: paid = min(cover ratio × loss, balance); 贴息 on a pledge or a linkage loan", async () => {
      // A relief pool, which cannot pay a compensation claim.
      await kejin.linkage.recordPool({
        code: "wz-relief",
        name: "科技成果转化保险二次救济资金池",
        kind: "relief",
        openedOn: "2025-01-01",
        ratio: "0.6"
      })
      await kejin.linkage.recordPool({
        code: "wz-pledge-rc",
        name: "专利质押融资风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.4"
      })
      await kejin.linkage.recordDeposit({ pool: "wz-pledge-rc", on: "2025-01-05", amount: "500000.00" })
      await defaultedPledge(kejin, "Y2025330000123", "1000000.00")
      await defaultedPledge(kejin, "Y2025330000456", "300000.00")
      const claim = (registrationNo: string, loss: string) =>
        kejin.linkage.recordCompensationClaim({
          pool: "wz-pledge-rc",
          registrationNo,
          on: "2025-11-01",
          loss,
          bank: s.bank,
          enterprise: uscc(2)
        })
      // 0.4 × 1,000,000.00 = 400,000.00 ≤ 500,000.00
      const first = await claim("Y2025330000123", "1000000.00")
      expect([toWire(first.payout), first.limitedBy, first.registrationNo]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        "400000.00",
        "ratio",
        "Y2025330000123"
      ])
      expect(first).toMatchObject({
        kind: "risk-compensation",
        bank: { name: "温州银行" },
        enterprise: { uscc: uscc(2) }
      })
      // 0.4 × 300,000.00 = 120,000.00 > 100,000.00 left
      const second = await claim("Y2025330000456", "300000.00")
      expect([second.payout.toFixed(2), second.limitedBy]).toEqual(["100000.00", "pool-balance"]) // float-ok: Decimal.toFixed, exact
      const wrongPool = await caught(
        kejin.linkage.recordCompensationClaim({
          pool: "wz-relief",
          registrationNo: "Y1",
          on: "2025-11-01",
          loss: "1.00"
        })
      )
      expect(paths(wrongPool)).toEqual(["pool"])
      const missingPool = await caught(
        kejin.linkage.recordCompensationClaim({
          pool: "nope",
          registrationNo: "Y1",
          on: "2025-11-01",
          loss: "1.00"
        })
      )
      expect(missingPool).toMatchObject({ _tag: "NotFoundError", entity: "pool" })
      const early = await caught(
        kejin.linkage.recordCompensationClaim({
          pool: "wz-pledge-rc",
          registrationNo: "Y1",
          on: "2024-12-31",
          loss: "1.00"
        })
      )
      expect(paths(early)).toEqual(["on"])

      const onPledge = await kejin.linkage.recordInterestSubsidy({
        on: "2025-06-30",
        amount: "12345.67",
        registrationNo: "Y2025330000123",
        enterprise: uscc(2),
        payer: "温州市财政局"
      })
      expect(onPledge).toMatchObject({
        loan: null,
        registrationNo: "Y2025330000123",
        enterprise: { uscc: uscc(2) }
      })
      const loan = await kejin.linkage.recordInvestmentLoan({ ...loanBase(), investment: s.lead.id })
      const onLoan = await kejin.linkage.recordInterestSubsidy({
        on: "2025-12-31",
        amount: "50000.00",
        loan: loan.id
      })
      expect(onLoan.enterprise?.uscc).toBe(uscc(1))
      const mismatch = await caught(
        kejin.linkage.recordInterestSubsidy({
          on: "2025-12-31",
          amount: "1.00",
          loan: loan.id,
          enterprise: uscc(2)
        })
      )
      expect(paths(mismatch)).toEqual(["enterprise"])
      const both = await caught(
        kejin.linkage.recordInterestSubsidy({
          on: "2025-12-31",
          amount: "1.00",
          loan: loan.id,
          registrationNo: "Y1"
        })
      )
      expect(paths(both)).toEqual(["registrationNo"])
    })

    it("投保联动: a policy on the investment's enterprise or on the fund; the insurer may be an LP", async () => {
      const onInvestment = await kejin.linkage.recordInvestmentPolicy({
        insurer: s.insurer,
        insuredEnterprise: uscc(1),
        investment: s.lead.id,
        sumInsured: "10000000.00",
        premium: "50000.00",
        startsOn: "2025-04-01",
        endsOn: "2026-03-31"
      })
      expect(onInvestment).toMatchObject({
        pilot: "investment-insurance",
        enterprise: { uscc: uscc(1) },
        investment: { id: s.lead.id, fund: "wz-city" },
        fund: null
      })
      const onFund = await kejin.linkage.recordInvestmentPolicy({
        insurer: s.insurer,
        insuredFund: "wz-sub",
        fund: "wz-sub",
        insurerCommitment: s.insurerLp.id,
        sumInsured: "30000000.00",
        premium: "90000.00",
        startsOn: "2025-05-01",
        endsOn: "2026-04-30"
      })
      expect(onFund).toMatchObject({
        insuredFund: "wz-sub",
        fund: "wz-sub",
        insurerCommitment: s.insurerLp.id,
        enterprise: null
      })
      const policy = (extra: Record<string, unknown>) =>
        kejin.linkage.recordInvestmentPolicy({
          insurer: s.insurer,
          sumInsured: "1.00",
          premium: "0",
          startsOn: "2025-05-01",
          endsOn: "2026-04-30",
          ...extra
        })
      const mismatch = await caught(policy({ insuredEnterprise: uscc(2), investment: s.lead.id }))
      expect(mismatch.message).toMatch(/both must concern the same enterprise/)
      const notHeld = await caught(policy({ insuredEnterprise: uscc(2), fund: "wz-city" }))
      expect(notHeld.message).toMatch(/^fund: fund wz-city has no live investment in 瓯海科技/)
      const heldEnterprise = await policy({ insuredEnterprise: uscc(2), fund: "wz-sub" })
      expect(heldEnterprise.enterprise?.uscc).toBe(uscc(2))
      const notInsurer = await caught(
        policy({ insuredFund: "wz-sub", fund: "wz-sub", insurerCommitment: s.privateLp.id })
      )
      expect(notInsurer.message).toBe(
        `insurerCommitment: commitment ${s.privateLp.id} is of an LP of type private, not insurance`
      )
      const neither = await caught(policy({}))
      expect(paths(neither).sort()).toEqual(["insuredEnterprise", "investment"])
      const insurerIsBank = await caught(policy({ insurer: s.bank, insuredFund: "wz-sub", fund: "wz-sub" }))
      expect(paths(insurerIsBank)).toEqual(["insurer"])
    })

    it("投投联动: the city fund leads, a sub-fund or social capital follows in the same enterprise, on or after", async () => {
      const bySubFund = await kejin.linkage.recordCoInvestment({ lead: s.lead.id, follow: s.follow.id })
      expect(bySubFund).toMatchObject({
        followerKind: "sub-fund",
        investor: "wz-sub",
        on: "2025-04-01",
        round: "A",
        lead: { id: s.lead.id, fund: "wz-city" },
        enterprise: { uscc: uscc(1) }
      })
      expect(bySubFund.amount.toFixed(2)).toBe("8000000.00") // float-ok: Decimal.toFixed, exact
      const twice = await caught(kejin.linkage.recordCoInvestment({ lead: s.lead.id, follow: s.follow.id }))
      expect(twice).toMatchObject({ _tag: "ConflictError", field: "follow" })
      const elsewhere = await caught(
        kejin.linkage.recordCoInvestment({ lead: s.lead.id, follow: s.elsewhere.id })
      )
      expect(paths(elsewhere)).toEqual(["follow"])
      expect(elsewhere.message).toMatch(/both must concern the same enterprise/)
      const before = await caught(kejin.linkage.recordCoInvestment({ lead: s.lead.id, follow: s.early.id }))
      expect(before.message).toBe(
        "follow: is dated 2025-02-15, before the lead investment on 2025-03-01: a follow-on comes on or after the lead"
      )
      const notCity = await caught(
        kejin.linkage.recordCoInvestment({ lead: s.follow.id, follow: s.follow.id })
      )
      expect(paths(notCity)).toEqual(["lead"])
      const social = await kejin.linkage.recordCoInvestment({
        lead: s.lead.id,
        investor: "某民营资本",
        enterprise: uscc(1),
        amount: "10000000.00",
        on: "2025-03-01",
        round: "A"
      })
      expect(social).toMatchObject({ followerKind: "social-capital", investor: "某民营资本", follow: null })
      const socialElsewhere = await caught(
        kejin.linkage.recordCoInvestment({
          lead: s.lead.id,
          investor: "X",
          enterprise: uscc(2),
          amount: "1.00",
          on: "2025-05-01"
        })
      )
      expect(paths(socialElsewhere)).toEqual(["enterprise"])
      const incomplete = await caught(kejin.linkage.recordCoInvestment({ lead: s.lead.id, investor: "X" }))
      expect(paths(incomplete).sort()).toEqual(["amount", "enterprise", "on"])
    })

    it("科技创新债券: issuer, tenor, coupon, proceeds to a fund", async () => {
      const bond = await kejin.linkage.recordBond({
        code: "102580001",
        issuerEnterprise: uscc(1),
        amount: "3亿",
        issuedOn: "2025-09-01",
        tenorMonths: 36,
        couponPercent: "2.35",
        useOfProceeds: "注资市科创基金",
        proceedsFund: "wz-city"
      })
      expect(bond).toMatchObject({
        issuer: { kind: "enterprise", uscc: uscc(1), name: "鹿城科技" },
        maturesOn: "2028-09-01",
        proceedsFund: "wz-city"
      })
      expect([bond.amount.toFixed(2), bond.couponPercent.toString()]).toEqual(["300000000.00", "2.35"]) // float-ok: Decimal.toFixed, exact
      const bond2 = {
        issuerEnterprise: uscc(1),
        amount: "1.00",
        issuedOn: "2025-09-01",
        tenorMonths: 12,
        couponPercent: "2",
        useOfProceeds: "x"
      }
      const fields = await caught(
        kejin.linkage.recordBond({ ...bond2, tenorMonths: 0, couponPercent: "101" })
      )
      expect(paths(fields).sort()).toEqual(["couponPercent", "tenorMonths"])
      expect(fields.message).toMatch(/couponPercent: must be a rate in percent at least 0 and at most 100/)
      const both = await caught(kejin.linkage.recordBond({ ...bond2, issuerInstitution: s.bank }))
      expect(both.message).toBe(
        "issuerInstitution: name the issuer once: issuerEnterprise or issuerInstitution, not both"
      )
    })

    it("never pays beyond the pool's balance, even to concurrent claims", async () => {
      await kejin.linkage.recordPool({
        code: "race",
        name: "并发测试池",
        kind: "relief",
        openedOn: "2025-01-01",
        ratio: "1"
      })
      await kejin.linkage.recordDeposit({ pool: "race", on: "2025-01-01", amount: "1000.00" })
      const policy = await kejin.linkage.recordTransferPolicy({
        insurer: s.insurer,
        enterprise: uscc(2),
        sumInsured: "1000000.00",
        premium: "0",
        startsOn: "2025-01-01",
        endsOn: "2025-12-31"
      })
      // Each claim alone would take 600.00: together they get 600.00 + 400.00 + 0 + 0, in some order.
      const claims = await Promise.all(
        Array.from({ length: 4 }, () =>
          kejin.linkage.recordTransferClaim({
            policy: policy.id,
            on: "2025-03-01",
            loss: "600.00",
            insurerPaid: "0",
            reliefPool: "race"
          })
        )
      )
      expect(claims.map((c) => c.payout.toFixed(2)).sort()).toEqual(["0.00", "0.00", "400.00", "600.00"]) // float-ok: Decimal.toFixed, exact
      expect((await kejin.linkage.pool("race")).balance.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
    })

    it("refuses writes to a viewer and a fund manager; bureau staff may write", async () => {
      const bond = {
        issuerInstitution: s.bank,
        amount: "1000000.00",
        issuedOn: "2025-10-01",
        tenorMonths: 12,
        couponPercent: "2",
        useOfProceeds: "科技贷款"
      }
      const refused = await caught(kejin.linkage.recordBond(bond, { actor: viewer }))
      expect(refused).toMatchObject({ _tag: "ForbiddenError", permission: "linkage.write" })
      expect(refused.message).toBe("viewer (viewer) may not linkage.write")
      expect((await caught(kejin.linkage.recordBond(bond, { actor: manager })))._tag).toBe("ForbiddenError")
      expect((await caught(kejin.linkage.reverse("bond", 1, "x", { actor: viewer })))._tag).toBe(
        "ForbiddenError"
      )
      const byBureau = await kejin.linkage.recordBond(bond, { actor: bureau })
      expect(byBureau.issuer).toMatchObject({ kind: "institution", name: "温州银行" })
      const { items } = await kejin.journal.search({ command: "linkage.recordBond", limit: 10 })
      expect(items[0]).toMatchObject({ actor: "bureau", command: "linkage.recordBond" })
    })

    it("returns the first result for a repeated idempotency key; reverses a record once", async () => {
      await kejin.linkage.recordPool({
        code: "wz-pledge-rc",
        name: "专利质押融资风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.4"
      })
      const input = { pool: "wz-pledge-rc", on: "2025-12-01", amount: "1.00" }
      const first = await kejin.linkage.recordDeposit(input, { idempotencyKey: "dep-1" })
      const second = await kejin.linkage.recordDeposit(input, { idempotencyKey: "dep-1" })
      expect(second.id).toBe(first.id)
      const clash = await caught(
        kejin.linkage.recordDeposit({ ...input, amount: "2.00" }, { idempotencyKey: "dep-1" })
      )
      expect(clash.reason).toBe("idempotency-key-reused")
      const reversal = await kejin.linkage.reverse("deposit", first.id, "test deposit")
      expect(reversal).toMatchObject({ kind: "deposit", recordId: first.id, reason: "test deposit" })
      const twice = await caught(kejin.linkage.reverse("deposit", first.id, "again"))
      expect(twice).toMatchObject({ _tag: "ConflictError", field: "id" })
      expect(await caught(kejin.linkage.reverse("claim", 999999, "x"))).toMatchObject({
        _tag: "NotFoundError",
        entity: "claim"
      })
      const listed = await kejin.linkage.deposits("wz-pledge-rc")
      expect(listed.find((d) => d.id === first.id)?.reversedBy).toBe(reversal.id)
    })

    it("journals every linkage write with an intact chain", async () => {
      // One write of every kind: each pilot, an exit after the warrant's exercise, a pool's new rule, reversals.
      const pilots = await recordPilots(kejin, s)
      await kejin.linkage.recordWarrantExit({
        loan: pilots.warrantLoan.id,
        on: "2025-12-01",
        proceeds: "9000000.00"
      })
      await kejin.linkage.recordPoolRule({ pool: "relief", effectiveFrom: "2025-09-01", ratio: "0.8" })
      await reverseSome(kejin, pilots)
      const { items } = await kejin.journal.search({ command: "linkage.", limit: 500 })
      const commands = new Set(items.map((e) => e.command))
      for (const c of [
        "linkage.recordInvestmentLoan",
        "linkage.recordWarrantExercise",
        "linkage.recordWarrantExit",
        "linkage.recordTierTable",
        "linkage.recordScore",
        "linkage.recordIndexLoan",
        "linkage.recordInvestmentPolicy",
        "linkage.recordTransferPolicy",
        "linkage.recordPool",
        "linkage.recordPoolRule",
        "linkage.recordDeposit",
        "linkage.recordTransferClaim",
        "linkage.recordCompensationClaim",
        "linkage.recordInterestSubsidy",
        "linkage.recordCoInvestment",
        "linkage.recordBond",
        "linkage.reverse"
      ])
        expect(commands).toContain(c)
      expect(await kejin.journal.verify()).toMatchObject({ _tag: "Intact" })
    })
  })

  describe(`linkage summary and finance journey on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let s: Seeded

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      s = await seed(kejin)
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("totals each pilot for a period, exactly; a reversal drops a record out of the totals", async () => {
      const l = kejin.linkage
      const pilots = await recordPilots(kejin, s)
      const { plainLoan, reliefClaim } = pilots
      expect(reliefClaim.payout.toFixed(2)).toBe("50000.00") // float-ok: Decimal.toFixed, exact

      const year = { from: "2025-01-01", to: "2025-12-31" }
      expect(linkageSummaryToJson(await l.summary(year))).toEqual({
        period: year,
        investmentLoan: {
          count: 2,
          amount: "7000000.00",
          warrantLoans: 1,
          warrantAmount: "5000000.00",
          exercises: 1,
          exercisePaid: "400000.00",
          exits: 0,
          exitProceeds: "0.00"
        },
        indexLoan: { count: 1, amount: "1500000.00", scores: 1 },
        investmentInsurance: { count: 1, sumInsured: "10000000.00", premium: "50000.00" },
        transferInsurance: {
          policies: 1,
          sumInsured: "3000000.00",
          premium: "90000.00",
          premiumSubsidy: "45000.00",
          claims: 1,
          loss: "300000.00",
          insurerPaid: "200000.00",
          reliefPaid: "50000.00"
        },
        // The lead's 20,000,000.00 counts once; follow-ons 8,000,000.00 + 10,000,000.00.
        coInvestment: { count: 2, leadAmount: "20000000.00", followAmount: "18000000.00" },
        riskCompensation: { claims: 1, loss: "200000.00", paid: "100000.00" },
        interestSubsidy: { count: 1, amount: "30000.00" },
        bonds: { count: 2, amount: "350000000.00", toFunds: "300000000.00" },
        pools: [
          {
            code: "rc",
            name: "风险补偿资金池",
            kind: "risk-compensation",
            openingBalance: "0.00",
            deposits: "1000000.00",
            payouts: "100000.00",
            closingBalance: "900000.00"
          },
          {
            code: "relief",
            name: "二次救济资金池",
            kind: "relief",
            openingBalance: "0.00",
            deposits: "100000.00",
            payouts: "50000.00",
            closingBalance: "50000.00"
          }
        ],
        // Each pilot's headline, the dashboard's table (and the summary's export).
        pilots: [
          { pilot: "investment-loan", count: 2, amount: "7000000.00" },
          { pilot: "investment-insurance", count: 1, amount: "10000000.00" },
          { pilot: "co-investment", count: 2, amount: "18000000.00" },
          { pilot: "index-loan", count: 1, amount: "1500000.00" },
          { pilot: "transfer-insurance", count: 1, amount: "3000000.00" },
          { pilot: "risk-compensation", count: 1, amount: "100000.00" },
          { pilot: "interest-subsidy", count: 1, amount: "30000.00" },
          { pilot: "bonds", count: 2, amount: "350000000.00" }
        ]
      })
      const secondHalf = await l.summary({ from: "2025-07-01", to: "2025-12-31" })
      expect(secondHalf.investmentLoan.count).toBe(0)
      expect(
        secondHalf.pools.map((p) => [p.code, p.openingBalance.toFixed(2), p.closingBalance.toFixed(2)]) // float-ok: Decimal.toFixed, exact
      ).toEqual([
        ["rc", "1000000.00", "900000.00"],
        ["relief", "50000.00", "50000.00"]
      ])

      // Reversals: the plain loan needs its subsidy reversed first; the claim returns its relief to the pool.
      const blocked = await caught(l.reverse("loan", plainLoan.id, "duplicate entry"))
      expect(paths(blocked)).toEqual(["id"])
      await reverseSome(kejin, pilots)
      const after = await l.summary(year)
      expect([after.investmentLoan.count, after.investmentLoan.amount.toFixed(2)]).toEqual([1, "5000000.00"]) // float-ok: Decimal.toFixed, exact
      expect([after.bonds.count, after.bonds.amount.toFixed(2)]).toEqual([1, "300000000.00"]) // float-ok: Decimal.toFixed, exact
      expect([after.transferInsurance.claims, toWire(after.transferInsurance.reliefPaid)]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        0,
        "0.00"
      ])
      expect([after.interestSubsidy.count, after.interestSubsidy.amount.toFixed(2)]).toEqual([0, "0.00"]) // float-ok: Decimal.toFixed, exact
      expect(after.pools.find((p) => p.code === "relief")?.closingBalance.toFixed(2)).toBe("100000.00") // float-ok: Decimal.toFixed, exact
      // Reversed records stay listed, flagged.
      const loans = await l.loans({ enterprise: uscc(1), pilot: "investment-loan" })
      expect(loans.map((x) => x.reversedBy !== null)).toEqual([false, true, false])
      expect((await l.loans({ includeReversed: false, from: "2025-01-01", to: "2025-12-31" })).length).toBe(2)
      const badPeriod = await caught(l.summary({ from: "2025-12-31", to: "2025-01-01" }))
      expect(paths(badPeriod)).toEqual(["to"])
      const badList = await caught(l.loans({ from: "2025-02-30" }))
      expect(paths(badList)).toEqual(["from"])
    })

    it("lists an enterprise's finance journey across the pilots, oldest first", async () => {
      await reverseSome(kejin, await recordPilots(kejin, s))
      const events = await kejin.linkage.eventsOf(uscc(1))
      expect(events.map((e) => [e.on, e.kind, e.pilot])).toEqual([
        ["2025-02-01", "policy-started", "transfer-insurance"],
        ["2025-03-01", "scored", "index-loan"],
        ["2025-03-10", "loan-granted", "index-loan"],
        ["2025-04-01", "co-investment", "co-investment"],
        ["2025-04-01", "loan-granted", "investment-loan"],
        ["2025-04-01", "policy-started", "investment-insurance"],
        ["2025-05-01", "co-investment", "co-investment"],
        ["2025-09-01", "bond-issued", "bonds"],
        ["2025-10-01", "warrant-exercised", "investment-loan"],
        ["2026-01-05", "loan-granted", "investment-loan"]
      ])
      const scored = events[1]!
      expect([scored.amount == null ? undefined : toWire(scored.amount), scored.label]).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        "3000000.00",
        "科创指数 wz-sti-2025: 76 → B 档"
      ])
      expect(events[9]?.counterparty).toBe("温州银行")
      // With reversed records: the reversed loan, subsidy and claim come back, flagged.
      const all = await kejin.linkage.eventsOf(uscc(1), { includeReversed: true })
      expect(all.filter((e) => e.reversed).map((e) => e.kind)).toEqual([
        "loan-granted",
        "claim-paid",
        "interest-subsidy"
      ])
      expect((await caught(kejin.linkage.eventsOf(uscc(99))))._tag).toBe("NotFoundError")
    })
  })
}
