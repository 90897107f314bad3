import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { type EnterpriseJourney, journeyToJson } from "./journey.js"

const uscc = (n: number) => makeUscc(`91330302MA7${String(n).padStart(6, "0")}`)
const patent = (n: number) => `ZL${makePatentNumber(`20231${String(n).padStart(7, "0")}`)}`

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

/** (on, source, kind, amount) of each event, in order: what the timeline says. */
const steps = (j: EnterpriseJourney) =>
  j.events.map((e) => [e.on, e.source, e.kind, e.amount === null ? null : toWire(e.amount)])

const totalsOf = (j: EnterpriseJourney) => journeyToJson(j).totals

/**
 * Two enterprises with records of every source. 鹿城光电 (uscc 1) is the one followed; 瓯海材料 (uscc 2) has
 * records on the same days that must never appear in its journey.
 */
const seed = async (kejin: Kejin) => {
  const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
  const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })).id
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江资本" })).id
  const base = { industry: "光电", stage: "start-up", techCategory: "frontier" } as const
  await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城光电", district: "330302", ...base })
  await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瓯海材料", district: "330304", ...base })
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
  // Capital for the investments (an investment stays within the fund's commitments).
  await kejin.funds.commit({
    fund: "oj-angel",
    on: "2025-01-01",
    lpName: "温州市财政局",
    lpType: "fiscal",
    amount: "100000000.00"
  })
  const invest = (n: number, on: string, amount: string, round?: string) =>
    kejin.funds.invest({
      fund: "oj-angel",
      enterprise: uscc(n),
      on,
      amount,
      instrument: "equity",
      ...(round === undefined ? {} : { round })
    })
  const investment = await invest(1, "2025-01-20", "20000000.00", "天使轮")
  const other = await invest(2, "2025-01-20", "3000000.00")
  // Recorded in error, then reversed: absent unless asked for.
  const mistaken = await invest(1, "2025-01-25", "1000000.00")
  await kejin.funds.reverse(mistaken.id, "重复录入")
  await kejin.funds.value({ investment: investment.id, on: "2025-06-30", fairValue: "26000000.00" })

  const pledge = (n: number, no: string, p: number) =>
    kejin.pledges.record({
      registrationNo: no,
      pledgor: { uscc: uscc(n), name: n === 1 ? "鹿城光电" : "瓯海材料", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [patent(p)],
      amount: "25000000.00",
      registeredOn: "2025-03-14"
    })
  const registration = await pledge(1, "Y2025330000901", 901)
  const otherRegistration = await pledge(2, "Y2025330000902", 902)
  await kejin.pledges.change({ pledgeId: registration.id, on: "2025-04-01", amount: "30000000.00" })
  const draw = (pledgeId: number) =>
    kejin.pledges.loans.draw({
      pledgeId,
      amount: "10000000.00",
      rate: "0.0385",
      disbursedOn: "2025-04-10",
      maturesOn: "2026-04-09"
    })
  const loan = await draw(registration.id)
  const otherLoan = await draw(otherRegistration.id)
  await kejin.pledges.loans.repay({ loanId: loan.id, on: "2025-06-30", amount: "2000000.00" })
  await kejin.pledges.loans.repay({ loanId: otherLoan.id, on: "2025-06-30", amount: "1000000.00" })
  const wrongRepayment = await kejin.pledges.loans.repay({
    loanId: loan.id,
    on: "2025-07-15",
    amount: "500000.00"
  })
  const wrongEvent = wrongRepayment.events.find((e) => e.on === "2025-07-15")!
  await kejin.pledges.loans.reverseEvent(wrongEvent.id, "金额错误")

  const linkageLoan = (n: number, investmentId: number) =>
    kejin.linkage.recordInvestmentLoan({
      bank,
      enterprise: uscc(n),
      investment: investmentId,
      amount: "5000000.00",
      ratePercent: "3.45",
      disbursedOn: "2025-03-14",
      maturesOn: "2028-03-14"
    })
  const linked = await linkageLoan(1, investment.id)
  await linkageLoan(2, other.id)
  await kejin.linkage.recordPool({
    code: "wz-relief",
    name: "科技成果转化保险二次救济资金池",
    kind: "relief",
    openedOn: "2025-01-01",
    ratio: "0.6",
    cap: "500000.00"
  })
  await kejin.linkage.recordDeposit({ pool: "wz-relief", on: "2025-01-02", amount: "1000000.00" })
  const policy = (n: number) =>
    kejin.linkage.recordTransferPolicy({
      insurer,
      enterprise: uscc(n),
      sumInsured: "5000000.00",
      premium: "100000.00",
      premiumSubsidy: "60000.00",
      startsOn: "2025-02-01",
      endsOn: "2026-01-31"
    })
  const insured = await policy(1)
  const otherPolicy = await policy(2)
  const claim = (policyId: number) =>
    kejin.linkage.recordTransferClaim({
      policy: policyId,
      on: "2025-07-01",
      loss: "800000.00",
      insurerPaid: "500000.00",
      reliefPool: "wz-relief"
    })
  // 0.6 × (800,000.00 − 500,000.00) = 180,000.00 from the pool, 500,000.00 from the insurer.
  const paid = await claim(insured.id)
  await claim(otherPolicy.id)
  return { investment, mistaken, registration, loan, wrongEvent, linked, insured, paid }
}

type Seeded = Awaited<ReturnType<typeof seed>>

for (const dialect of testDialects()) {
  describe(`an enterprise's finance journey on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let s: Seeded

    // The tests only read: one seeded database serves them all.
    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      s = await seed(kejin)
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("puts every live equity, pledge and linkage event on one timeline, oldest first", async () => {
      const j = await kejin.registry.journey(uscc(1))
      expect(j.enterprise).toMatchObject({ uscc: uscc(1), name: "鹿城光电" })
      expect(steps(j)).toEqual([
        ["2025-01-20", "equity", "investment", "20000000.00"],
        ["2025-02-01", "linkage", "policy-started", "5000000.00"],
        // One day: the pledge before the linkage loan (by source).
        ["2025-03-14", "pledge", "pledge-registered", "25000000.00"],
        ["2025-03-14", "linkage", "loan-granted", "5000000.00"],
        ["2025-04-01", "pledge", "pledge-changed", "30000000.00"],
        ["2025-04-10", "pledge", "loan-drawn", "10000000.00"],
        ["2025-06-30", "equity", "valuation", "26000000.00"],
        ["2025-06-30", "pledge", "loan-repaid", "2000000.00"],
        // A claim's amount is the loss; what was paid is in the totals.
        ["2025-07-01", "linkage", "claim-paid", "800000.00"]
      ])
      expect(j.events.every((e) => !e.reversed)).toBe(true)
      expect(totalsOf(j)).toEqual({
        equityInvested: "20000000.00",
        // The secured amount on current terms: the change to 30,000,000.00, not the 25,000,000.00 registered.
        pledged: "30000000.00",
        pledgeLoansDrawn: "10000000.00",
        linkageLoans: "5000000.00",
        // insurer 500,000.00 + pool 180,000.00
        claimsPaid: "680000.00"
      })
    })

    it("labels each event for people and points at the record behind it", async () => {
      const j = await kejin.registry.journey(uscc(1))
      expect(j.events.map((e) => [e.label, e.counterparty, e.ref])).toEqual([
        ["瓯江天使基金 投资 · 天使轮", "瓯江天使基金", { kind: "fund-entry", id: s.investment.id }],
        [
          "科技成果转化保险保单 2025-02-01–2026-01-31",
          "人保财险温州分公司",
          { kind: "policy", id: s.insured.id }
        ],
        ["专利质押登记 Y2025330000901 温州银行", "温州银行", { kind: "pledge", id: s.registration.id }],
        ["投贷联动 3.45 %, 到期 2028-03-14", "温州银行", { kind: "loan", id: s.linked.id }],
        [
          "质押变更登记 Y2025330000901: 担保金额 30,000,000.00 元",
          "温州银行",
          { kind: "pledge", id: s.registration.id }
        ],
        ["质押贷款放款 Y2025330000901, 到期 2026-04-09", "温州银行", { kind: "pledge-loan", id: s.loan.id }],
        ["瓯江天使基金 估值", "瓯江天使基金", expect.objectContaining({ kind: "fund-entry" })],
        ["质押贷款还款 Y2025330000901", "温州银行", { kind: "pledge-loan", id: s.loan.id }],
        ["理赔: 保险赔付 500000.00, 二次救济 180000.00", "wz-relief", { kind: "claim", id: s.paid.id }]
      ])
    })

    it("lists reversed records only when asked, marked reversed, and keeps them out of the totals", async () => {
      const live = await kejin.registry.journey(uscc(1))
      expect(live.events.some((e) => e.ref.id === s.mistaken.id && e.ref.kind === "fund-entry")).toBe(false)
      const all = await kejin.registry.journey(uscc(1), { includeReversed: true })
      const reversed = all.events.filter((e) => e.reversed)
      expect(reversed.map((e) => [e.on, e.source, e.kind, e.amount && toWire(e.amount), e.ref])).toEqual([
        ["2025-01-25", "equity", "investment", "1000000.00", { kind: "fund-entry", id: s.mistaken.id }],
        ["2025-07-15", "pledge", "loan-repaid", "500000.00", { kind: "pledge-loan", id: s.loan.id }]
      ])
      expect(all.events.filter((e) => !e.reversed)).toEqual(live.events)
      expect(totalsOf(all)).toEqual(totalsOf(live))
    })

    it("never shows another enterprise's records", async () => {
      const mine = await kejin.registry.journey(uscc(1), { includeReversed: true })
      expect(mine.events.some((e) => e.label.includes("Y2025330000902"))).toBe(false)
      const theirs = await kejin.registry.journey(uscc(2))
      expect(steps(theirs)).toEqual([
        ["2025-01-20", "equity", "investment", "3000000.00"],
        ["2025-02-01", "linkage", "policy-started", "5000000.00"],
        ["2025-03-14", "pledge", "pledge-registered", "25000000.00"],
        ["2025-03-14", "linkage", "loan-granted", "5000000.00"],
        ["2025-04-10", "pledge", "loan-drawn", "10000000.00"],
        ["2025-06-30", "pledge", "loan-repaid", "1000000.00"],
        ["2025-07-01", "linkage", "claim-paid", "800000.00"]
      ])
      const ids = (j: EnterpriseJourney) => new Set(j.events.map((e) => `${e.ref.kind}:${e.ref.id}`))
      const overlap = [...ids(theirs)].filter((id) => ids(mine).has(id))
      expect(overlap).toEqual([])
      expect(totalsOf(theirs)).toEqual({
        equityInvested: "3000000.00",
        pledged: "25000000.00",
        pledgeLoansDrawn: "10000000.00",
        linkageLoans: "5000000.00",
        // The pool had 820,000.00 left: 0.6 × 300,000.00 = 180,000.00 again.
        claimsPaid: "680000.00"
      })
    })

    it("from and to bound the events and the totals; the registration on its terms as of to", async () => {
      const j = await kejin.registry.journey(uscc(1), { from: "2025-03-14", to: "2025-04-10" })
      expect(steps(j)).toEqual([
        ["2025-03-14", "pledge", "pledge-registered", "25000000.00"],
        ["2025-03-14", "linkage", "loan-granted", "5000000.00"],
        ["2025-04-01", "pledge", "pledge-changed", "30000000.00"],
        ["2025-04-10", "pledge", "loan-drawn", "10000000.00"]
      ])
      expect(totalsOf(j)).toEqual({
        equityInvested: "0.00",
        pledged: "30000000.00",
        pledgeLoansDrawn: "10000000.00",
        linkageLoans: "5000000.00",
        claimsPaid: "0.00"
      })
      const later = await kejin.registry.journey(uscc(1), { from: "2025-06-30" })
      expect(steps(later).map(([on, , kind]) => `${on} ${kind}`)).toEqual([
        "2025-06-30 valuation",
        "2025-06-30 loan-repaid",
        "2025-07-01 claim-paid"
      ])
      expect(totalsOf(later)).toMatchObject({ pledged: "0.00", claimsPaid: "680000.00" })
    })

    it("journeyToJson writes money with two places and dates as text", async () => {
      const json = journeyToJson(await kejin.registry.journey(uscc(1)))
      expect(json.enterprise).toMatchObject({ uscc: uscc(1), districtName: "鹿城区" })
      expect(json.events[0]).toEqual({
        on: "2025-01-20",
        source: "equity",
        kind: "investment",
        label: "瓯江天使基金 投资 · 天使轮",
        detail: { code: "journey-investment", params: { fund: "瓯江天使基金", round: "天使轮" } },
        amount: "20000000.00",
        counterparty: "瓯江天使基金",
        ref: { kind: "fund-entry", id: s.investment.id },
        reversed: false
      })
      expect(JSON.parse(JSON.stringify(json))).toEqual(json)
    })

    it("an unknown credit code is a NotFoundError; a bad code, from or to a ValidationError naming it", async () => {
      const unknown = await caught(kejin.registry.journey(uscc(99)))
      expect(unknown).toMatchObject({ _tag: "NotFoundError", entity: "enterprise", id: uscc(99) })
      const wrongCheck = `${uscc(1).slice(0, 17)}${uscc(1).endsWith("0") ? "1" : "0"}`
      const bad = await caught(kejin.registry.journey(wrongCheck))
      expect(bad._tag).toBe("ValidationError")
      expect((bad.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(["uscc"])
      const dates = await caught(kejin.registry.journey(uscc(1), { from: "2025-02-30", to: "2025/12/31" }))
      expect((dates.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(["from", "to"])
      const backwards = await caught(
        kejin.registry.journey(uscc(1), { from: "2025-12-31", to: "2025-01-01" })
      )
      expect(backwards.message).toBe("to: must not be before from (2025-12-31)")
    })
  })
}

/**
 * 瑞安电子 (uscc 11), by hand. Equity: 温州市科创基金 (wz-city) invests 20,000,000.00 on 2025-01-10 and values
 * it at 24,000,000.00 on 2025-06-30; its sub-fund 温州科创子基金 (wz-sub) invests 5,000,000.00 on
 * 2025-03-01. Pledge Y2025330000911: 20,000,000.00 registered on 2025-02-01, changed to 30,000,000.00 on
 * 2025-06-01, changed to 35,000,000.00 on 2025-07-01 (reversed: recorded in error), released on 2025-09-01.
 */
const seedReaders = async (kejin: Kejin) => {
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创投资" })).id
  await kejin.registry.addEnterprise({
    uscc: uscc(11),
    name: "瑞安电子",
    district: "330381",
    industry: "电子",
    stage: "growth",
    techCategory: "key-generic"
  })
  const fund = { manager, targetSize: "1000000000.00", vintage: "2024-12-01", district: "330302" }
  await kejin.funds.create({ code: "wz-city", name: "温州市科创基金", kind: "city-fund", ...fund })
  await kejin.funds.create({
    code: "wz-sub",
    name: "温州科创子基金",
    kind: "sub-fund",
    parent: "wz-city",
    ...fund
  })
  for (const code of ["wz-city", "wz-sub"])
    await kejin.funds.commit({
      fund: code,
      on: "2024-12-01",
      lpName: "温州市财政局",
      lpType: "fiscal",
      amount: "100000000.00"
    })
  const invest = (code: string, on: string, amount: string) =>
    kejin.funds.invest({ fund: code, enterprise: uscc(11), on, amount, instrument: "equity" })
  const city = await invest("wz-city", "2025-01-10", "20000000.00")
  const sub = await invest("wz-sub", "2025-03-01", "5000000.00")
  const valuation = await kejin.funds.value({
    investment: city.id,
    on: "2025-06-30",
    fairValue: "24000000.00"
  })
  const registration = await kejin.pledges.record({
    registrationNo: "Y2025330000911",
    pledgor: { uscc: uscc(11), name: "瑞安电子", district: "330381" },
    pledgee: { name: "瑞安农商银行" },
    patents: [patent(911)],
    amount: "20000000.00",
    registeredOn: "2025-02-01"
  })
  await kejin.pledges.change({ pledgeId: registration.id, on: "2025-06-01", amount: "30000000.00" })
  const wrong = await kejin.pledges.change({
    pledgeId: registration.id,
    on: "2025-07-01",
    amount: "35000000.00"
  })
  const wrongEvent = wrong.events.find((e) => e.on === "2025-07-01")!
  await kejin.pledges.reverseEvent(wrongEvent.id, "金额录错")
  await kejin.pledges.release({ pledgeId: registration.id, on: "2025-09-01" })
  return { city, sub, valuation, registration }
}

for (const dialect of testDialects()) {
  describe(`the journey as its reader may see it, figures as of its end, on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let s: Awaited<ReturnType<typeof seedReaders>>
    const subManager: Actor = { id: "sub-mgr", role: "fund-manager", funds: ["wz-sub"] }
    const bureau: Actor = { id: "bureau", role: "bureau" }
    const viewer: Actor = { id: "viewer", role: "viewer" }

    // Some tests write: a database of its own for each.
    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      s = await seedReaders(kejin)
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const equity = (j: EnterpriseJourney) =>
      j.events.filter((e) => e.source === "equity").map((e) => [e.on, e.kind, e.counterparty, e.ref.id])

    it("a fund manager sees only its own funds' ledger entries; the others are withheld and counted", async () => {
      const j = await kejin.registry.journey(uscc(11), { actor: subManager })
      expect(equity(j)).toEqual([["2025-03-01", "investment", "温州科创子基金", s.sub.id]])
      expect(j.events.some((e) => e.ref.kind === "fund-entry" && e.ref.id === s.city.id)).toBe(false)
      expect(j.events.some((e) => e.label.includes("温州市科创基金"))).toBe(false)
      // wz-city's investment and valuation.
      expect(j.withheld).toEqual({ equity: 2 })
      expect(totalsOf(j).equityInvested).toBe("5000000.00")
      expect(journeyToJson(j).withheld).toEqual({ equity: 2 })
      // The pledge events are not the fund ledger: all of them are shown.
      expect(j.events.filter((e) => e.source === "pledge").map((e) => e.kind)).toEqual([
        "pledge-registered",
        "pledge-changed",
        "pledge-released"
      ])
      // Only what the window lists is counted as withheld.
      const early = await kejin.registry.journey(uscc(11), { actor: subManager, to: "2025-03-31" })
      expect(early.withheld).toEqual({ equity: 1 })
      const none = await kejin.registry.journey(uscc(11), { actor: subManager, from: "2025-07-01" })
      expect(none.withheld).toEqual({ equity: 0 })
      // A manager of no fund at all sees no equity event.
      const stranger = await kejin.registry.journey(uscc(11), {
        actor: { id: "x", role: "fund-manager", funds: [] }
      })
      expect([equity(stranger), stranger.withheld, totalsOf(stranger).equityInvested]).toEqual([
        [],
        { equity: 3 },
        "0.00"
      ])
    })

    it("the bureau, a viewer, a manager of both funds and the system actor see every entry", async () => {
      const both: Actor = { id: "both", role: "fund-manager", funds: ["wz-sub", "wz-city"] }
      const all = [
        ["2025-01-10", "investment", "温州市科创基金", s.city.id],
        ["2025-03-01", "investment", "温州科创子基金", s.sub.id],
        ["2025-06-30", "valuation", "温州市科创基金", s.valuation.id]
      ]
      for (const actor of [bureau, viewer, both, undefined]) {
        const j = await kejin.registry.journey(uscc(11), actor === undefined ? {} : { actor })
        expect([actor?.id, equity(j), j.withheld, totalsOf(j).equityInvested]).toEqual([
          actor?.id,
          all,
          { equity: 0 },
          "25000000.00"
        ])
      }
    })

    it("an instance opened for a fund manager reads the journey as that manager by default", async () => {
      const managed = await openKejin({ database: database.url, actor: subManager })
      try {
        const j = await managed.registry.journey(uscc(11))
        expect([equity(j).length, j.withheld, totalsOf(j).equityInvested]).toEqual([
          1,
          { equity: 2 },
          "5000000.00"
        ])
        // An explicit actor wins over the instance's.
        const asBureau = await managed.registry.journey(uscc(11), { actor: bureau })
        expect(asBureau.withheld).toEqual({ equity: 0 })
      } finally {
        await managed.close()
      }
    })

    it("pledged takes each registration on its terms as of `to`: later changes do not count", async () => {
      // Registered 20,000,000.00 on 2025-02-01; the change to 30,000,000.00 is dated 2025-06-01.
      const march = await kejin.registry.journey(uscc(11), { to: "2025-03-31" })
      expect(march.events.filter((e) => e.source === "pledge").map((e) => e.kind)).toEqual([
        "pledge-registered"
      ])
      expect(totalsOf(march).pledged).toBe("20000000.00")
      // The day before the change, then the day of it (inclusive).
      expect(totalsOf(await kejin.registry.journey(uscc(11), { to: "2025-05-31" })).pledged).toBe(
        "20000000.00"
      )
      expect(totalsOf(await kejin.registry.journey(uscc(11), { to: "2025-06-01" })).pledged).toBe(
        "30000000.00"
      )
      // The 35,000,000.00 change of 2025-07-01 was reversed: it never counts, before or after its date,
      // nor when reversed records are listed.
      for (const options of [{ to: "2025-07-31" }, {}, { includeReversed: true }]) {
        const j = await kejin.registry.journey(uscc(11), options)
        expect([options, totalsOf(j).pledged]).toEqual([options, "30000000.00"])
      }
    })

    it("a release ends a registration without taking its amount out, before or after `to`", async () => {
      const before = await kejin.registry.journey(uscc(11), { to: "2025-08-31" })
      expect(before.events.some((e) => e.kind === "pledge-released")).toBe(false)
      expect(totalsOf(before).pledged).toBe("30000000.00")
      const after = await kejin.registry.journey(uscc(11), { to: "2025-09-01" })
      expect(after.events.filter((e) => e.source === "pledge").map((e) => [e.on, e.kind])).toEqual([
        ["2025-02-01", "pledge-registered"],
        ["2025-06-01", "pledge-changed"],
        ["2025-09-01", "pledge-released"]
      ])
      expect(totalsOf(after).pledged).toBe("30000000.00")
      expect(after.events.find((e) => e.kind === "pledge-released")?.ref).toEqual({
        kind: "pledge",
        id: s.registration.id
      })
    })

    /**
     * uscc(50), in no registry: registered as 瓯江旧名科技, then as 瓯江新名科技 (with a loan), then as
     * 瓯江错录科技 (reversed: recorded in error, its name and district never show).
     */
    const recordUnregisteredPledgor = async () => {
      const pledgor = uscc(50)
      const register = (no: string, p: number, name: string, district: string, registeredOn: string) =>
        kejin.pledges.record({
          registrationNo: no,
          pledgor: { uscc: pledgor, name, district },
          pledgee: { name: "温州银行" },
          patents: [patent(p)],
          amount: "4000000.00",
          registeredOn
        })
      await register("Y2025330005001", 5001, "瓯江旧名科技", "330302", "2025-02-01")
      const current = await register("Y2025330005002", 5002, "瓯江新名科技", "330381", "2025-05-01")
      const wrong = await register("Y2025330005003", 5003, "瓯江错录科技", "330382", "2025-08-01")
      await kejin.pledges.reverse(wrong.id, "录入错误")
      await kejin.pledges.loans.draw({
        pledgeId: current.id,
        amount: "1500000.00",
        rate: "0.0385",
        disbursedOn: "2025-05-10",
        maturesOn: "2026-05-09"
      })
      return pledgor
    }

    it("shows a pledgor not in the registry from its latest live registration, pledges only", async () => {
      const pledgor = await recordUnregisteredPledgor()
      const j = await kejin.registry.journey(pledgor)
      expect(j.enterprise).toEqual({
        registered: false,
        uscc: pledgor,
        name: "瓯江新名科技",
        district: "330381",
        local: true,
        source: { registrationNo: "Y2025330005002", registeredOn: "2025-05-01" }
      })
      expect(steps(j)).toEqual([
        ["2025-02-01", "pledge", "pledge-registered", "4000000.00"],
        ["2025-05-01", "pledge", "pledge-registered", "4000000.00"],
        ["2025-05-10", "pledge", "loan-drawn", "1500000.00"]
      ])
      // 4,000,000.00 + 4,000,000.00; the reversed registration never counts.
      expect(totalsOf(j)).toEqual({
        equityInvested: "0.00",
        pledged: "8000000.00",
        pledgeLoansDrawn: "1500000.00",
        linkageLoans: "0.00",
        claimsPaid: "0.00"
      })
      expect(journeyToJson(j).enterprise).toEqual({
        registered: false,
        uscc: pledgor,
        name: "瓯江新名科技",
        district: "330381",
        districtName: "瑞安市",
        local: true,
        source: { registrationNo: "Y2025330005002", registeredOn: "2025-05-01" }
      })
      expect((await kejin.registry.journey(pledgor, { includeReversed: true })).events.length).toBe(4)
      // A registered enterprise says so.
      expect(journeyToJson(await kejin.registry.journey(uscc(11))).enterprise).toMatchObject({
        registered: true,
        id: expect.any(Number),
        name: "瑞安电子"
      })
      // Unknown to the registry and to every registration: NotFoundError, as before.
      const unknown = await caught(kejin.registry.journey(uscc(51)))
      expect(unknown._tag).toBe("NotFoundError")
    })

    it("searches registry enterprises, then unregistered pledgors by name or code prefix", async () => {
      const pledgor = await recordUnregisteredPledgor()
      const found = (q: string) => kejin.registry.journeySearch({ q }).then((m) => m.map((x) => x.uscc))
      expect(await kejin.registry.journeySearch({ q: "新名" })).toEqual([
        {
          uscc: pledgor,
          name: "瓯江新名科技",
          district: "330381",
          local: true,
          registered: false,
          stage: null
        }
      ])
      // The latest live registration's name only; a reversed registration is not searched.
      expect(await found("旧名")).toEqual([])
      expect(await found("错录")).toEqual([])
      // A code prefix (written with spaces and in lower case): the registry first, then the pledgor.
      expect(
        await found(
          pledgor
            .slice(0, 16)
            .toLowerCase()
            .replace(/(.{4})/g, "$1 ")
        )
      ).toEqual([pledgor])
      expect(await found(pledgor)).toEqual([pledgor])
      const prefix = "9133 0302 ma7"
      const both = await found(prefix)
      expect(both.slice(0, 2)).toEqual([uscc(11), pledgor])
      // A registered enterprise that also pledged is listed once, as a registry enterprise.
      expect(both.filter((c) => c === uscc(11))).toHaveLength(1)
      expect(await kejin.registry.journeySearch({ q: "瑞安电子" })).toMatchObject([
        { uscc: uscc(11), registered: true, district: "330381" }
      ])
      // LIKE wildcards are plain characters; the limit counts both kinds.
      expect(await found("%")).toEqual([])
      expect(await found("_")).toEqual([])
      expect((await kejin.registry.journeySearch({ q: prefix, limit: 1 })).map((m) => m.uscc)).toEqual([
        uscc(11)
      ])
      expect((await kejin.registry.journeySearch({ q: prefix, limit: 2 })).map((m) => m.uscc)).toEqual([
        uscc(11),
        pledgor
      ])
      const bad = await caught(kejin.registry.journeySearch({ q: "x", limit: 0 }))
      expect(bad._tag).toBe("ValidationError")
    })

    it("pledged leaves out a cancelled (撤销) registration in every window; a release stays", async () => {
      const pledgor = uscc(60)
      const register = (no: string, p: number) =>
        kejin.pledges.record({
          registrationNo: no,
          pledgor: { uscc: pledgor, name: "瓯江撤销测试", district: "330302" },
          pledgee: { name: "温州银行" },
          patents: [patent(p)],
          amount: "2000000.00",
          registeredOn: "2025-03-01"
        })
      const kept = await register("Y2025330006001", 6001)
      const released = await register("Y2025330006002", 6002)
      const cancelled = await register("Y2025330006003", 6003)
      await kejin.pledges.release({ pledgeId: released.id, on: "2025-06-01" })
      await kejin.pledges.cancel({ pledgeId: cancelled.id, on: "2025-07-01" })
      expect(kept.id).toBeGreaterThan(0)
      // Void as if never registered: out of a window that ends before the cancellation too (as the pledge
      // figures count it), the released one stays: 2 × 2,000,000.00.
      expect(totalsOf(await kejin.registry.journey(pledgor, { to: "2025-06-30" })).pledged).toBe("4000000.00")
      const after = await kejin.registry.journey(pledgor)
      expect(totalsOf(after).pledged).toBe("4000000.00")
      expect(after.events.filter((e) => e.kind === "pledge-registered")).toHaveLength(3)
    })

    it("shows a loan's disposal (处置) after its default, and marks it reversed when it was undone", async () => {
      const pledgor = uscc(70)
      const pledge = await kejin.pledges.record({
        registrationNo: "Y2025330007001",
        pledgor: { uscc: pledgor, name: "瓯江处置测试", district: "330302" },
        pledgee: { name: "温州银行" },
        patents: [patent(7001)],
        amount: "2000000.00",
        registeredOn: "2025-03-01"
      })
      const loan = await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: "1000000.00",
        rate: "0.04",
        disbursedOn: "2025-03-02",
        maturesOn: "2026-03-01"
      })
      await kejin.pledges.loans.default({ loanId: loan.id, on: "2025-06-01" })
      const disposal = await kejin.pledges.loans.dispose({
        loanId: loan.id,
        on: "2025-07-01",
        method: "write-off",
        recovered: "250000.00"
      })
      const j = await kejin.registry.journey(pledgor)
      const step = j.events.find((e) => e.kind === "loan-disposed")
      expect(step).toMatchObject({ on: "2025-07-01", source: "pledge", counterparty: "温州银行" })
      expect(step?.label).toBe("质押贷款处置 Y2025330007001（核销），收回 250,000.00，核销 750,000.00")
      expect(step?.amount?.toFixed(2)).toBe("1000000.00") // float-ok: Decimal, exact
      // After the default, on the timeline's order.
      expect(j.events.map((e) => e.kind).slice(-2)).toEqual(["loan-defaulted", "loan-disposed"])

      await kejin.pledges.loans.reverseDisposal(disposal.id, "处置录错")
      expect((await kejin.registry.journey(pledgor)).events.some((e) => e.kind === "loan-disposed")).toBe(
        false
      )
      const withReversed = await kejin.registry.journey(pledgor, { includeReversed: true })
      expect(withReversed.events.find((e) => e.kind === "loan-disposed")?.reversed).toBe(true)
    })
  })
}
