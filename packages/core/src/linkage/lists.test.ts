import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { type AnyOperation, executeAfter } from "../operations/operation.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { linkageModules } from "./module.js"

/*
 * The linkage list readers: pages cut in SQL with the total, in a stable order; the latest live records
 * across kinds in one query; filters and free text that cannot reach the store (a NUL byte breaks
 * PostgreSQL) refused with the field named. All dates in 2025:
 *   loans     L1 04-10, L2 04-10 (same day: id order), L3 05-01 (reversed at the end), I1 03-10 (index)
 *   scores    S1 03-01 (80 → B), S2 06-01 (92.5 → A)
 *   policies  P1 02-01 (transfer), P2 02-01 (transfer, same day)
 *   pool      wz-relief, deposits D1 01-02, D2 01-03; claims C1 05-01, C2 06-01 (both on P1)
 *   co-invest K1 04-01
 *   subsidies T1 06-30 (on a pledge), T2 07-01 (on L1)
 *   bonds     B1 09-01, B2 09-01 (same day; B2 reversed at the end)
 */

const uscc = (n: number) => makeUscc(`91330302MA4${String(n).padStart(6, "0")}`)

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

for (const dialect of testDialects()) {
  describe(`linkage lists on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const id = {} as Record<
      | "L1"
      | "L2"
      | "L3"
      | "I1"
      | "S1"
      | "S2"
      | "P1"
      | "P2"
      | "D1"
      | "D2"
      | "C1"
      | "C2"
      | "K1"
      | "T1"
      | "T2"
      | "B1"
      | "B2"
      | "lead",
      number
    >

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      const l = kejin.linkage
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const insurer = (await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" }))
        .id
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
      // Capital first: an investment stays within the fund's commitments.
      for (const code of ["wz-city", "wz-sub"])
        await kejin.funds.commit({
          fund: code,
          on: "2025-01-01",
          lpName: "温州市财政局",
          lpType: "fiscal",
          amount: "100000000.00"
        })
      const invest = (f: string, on: string, amount: string) =>
        kejin.funds.invest({ fund: f, enterprise: uscc(1), on, amount, instrument: "equity", round: "A" })
      const lead = await invest("wz-city", "2025-03-01", "20000000.00")
      const follow = await invest("wz-sub", "2025-04-01", "8000000.00")
      id.lead = lead.id
      const loan = (disbursedOn: string, amount: string) =>
        l.recordInvestmentLoan({
          bank,
          enterprise: uscc(1),
          amount,
          ratePercent: "3.45",
          disbursedOn,
          maturesOn: "2028-04-10",
          investment: lead.id
        })
      // Written out of date order: the lists order by date, then id.
      id.L3 = (await loan("2025-05-01", "3000000.00")).id
      id.L1 = (await loan("2025-04-10", "1000000.00")).id
      id.L2 = (await loan("2025-04-10", "2000000.00")).id
      await l.recordTierTable({
        modelVersion: "wz-sti-2025",
        maxScore: "100",
        tiers: [
          { tier: "B", minScore: "75", limit: "3000000.00" },
          { tier: "A", minScore: "90", limit: "5000000.00" }
        ]
      })
      const score = (scoredOn: string, total: string) =>
        l.recordScore({ enterprise: uscc(1), modelVersion: "wz-sti-2025", scoredOn, total, dimensions: {} })
      id.S2 = (await score("2025-06-01", "92.5")).id
      id.S1 = (await score("2025-03-01", "80")).id
      id.I1 = (
        await l.recordIndexLoan({
          bank,
          enterprise: uscc(1),
          amount: "1500000.00",
          ratePercent: "3.2",
          disbursedOn: "2025-03-10",
          maturesOn: "2026-03-10",
          score: id.S1
        })
      ).id
      const policy = (policyNo: string) =>
        l.recordTransferPolicy({
          policyNo,
          insurer,
          enterprise: uscc(1),
          sumInsured: "5000000.00",
          premium: "100000.00",
          startsOn: "2025-02-01",
          endsOn: "2026-01-31"
        })
      id.P1 = (await policy("PZ1")).id
      id.P2 = (await policy("PZ2")).id
      await l.recordPool({
        code: "wz-relief",
        name: "二次救济资金池",
        kind: "relief",
        openedOn: "2025-01-01",
        ratio: "0.6"
      })
      id.D2 = (await l.recordDeposit({ pool: "wz-relief", on: "2025-01-03", amount: "500000.00" })).id
      id.D1 = (await l.recordDeposit({ pool: "wz-relief", on: "2025-01-02", amount: "1000000.00" })).id
      const claim = (on: string) =>
        l.recordTransferClaim({
          policy: id.P1,
          on,
          loss: "100000.00",
          insurerPaid: "0.00",
          reliefPool: "wz-relief"
        })
      id.C1 = (await claim("2025-05-01")).id
      id.C2 = (await claim("2025-06-01")).id
      id.K1 = (await l.recordCoInvestment({ lead: lead.id, follow: follow.id })).id
      id.T2 = (await l.recordInterestSubsidy({ on: "2025-07-01", amount: "10000.00", loan: id.L1 })).id
      // T1's registration: 贴息 by registration number needs a live one with a loan drawn by then.
      const pledge = await kejin.pledges.record({
        registrationNo: "Y2025330000123",
        pledgor: { uscc: uscc(2), name: "瓯海科技", district: "330304" },
        pledgee: { name: "温州银行", kind: "bank" },
        patents: [`ZL${makePatentNumber("202213000123")}`],
        amount: "2000000.00",
        registeredOn: "2025-05-01"
      })
      await kejin.pledges.loans.draw({
        pledgeId: pledge.id,
        amount: "2000000.00",
        rate: "0.0385",
        disbursedOn: "2025-05-10",
        maturesOn: "2026-05-10"
      })
      id.T1 = (
        await l.recordInterestSubsidy({
          on: "2025-06-30",
          amount: "12345.67",
          registrationNo: "Y2025330000123",
          enterprise: uscc(2)
        })
      ).id
      const bond = (code: string) =>
        l.recordBond({
          code,
          issuerInstitution: bank,
          amount: "100000000.00",
          issuedOn: "2025-09-01",
          tenorMonths: 36,
          couponPercent: "2.35",
          useOfProceeds: "科技型企业贷款"
        })
      id.B1 = (await bond("102580001")).id
      id.B2 = (await bond("102580002")).id
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("without limit a reader returns the whole list (as before); with one, a page cut in order with the total", async () => {
      const l = kejin.linkage
      const all = await l.loans()
      expect(all.map((x) => x.id)).toEqual([id.I1, id.L1, id.L2, id.L3])
      // Every page of one, in the same order as the whole list.
      const pages = []
      for (let offset = 0; offset < 4; offset++) pages.push(await l.loans({ limit: 1, offset }))
      expect(pages.map((p) => [p.items.map((x) => x.id), p.total, p.limit, p.offset])).toEqual([
        [[id.I1], 4, 1, 0],
        [[id.L1], 4, 1, 1],
        [[id.L2], 4, 1, 2],
        [[id.L3], 4, 1, 3]
      ])
      // Past the end: no items, the total still counts the whole filtered list.
      // …and `amount` sums the whole filtered list's amounts, exactly (1,000,000 + 2,000,000 + 3,000,000 + 1,500,000).
      const past = await l.loans({ limit: 10, offset: 4 })
      expect({ ...past, amount: past.amount && toWire(past.amount) }).toEqual({
        items: [],
        total: 4,
        amount: "7500000.00",
        limit: 10,
        offset: 4
      })
      const investment = await l.loans({ pilot: "investment-loan", limit: 2, offset: 1 })
      expect([investment.items.map((x) => x.id), investment.total]).toEqual([[id.L2, id.L3], 3])
      // offset defaults to 0.
      expect((await l.loans({ limit: 2 })).items.map((x) => x.id)).toEqual([id.I1, id.L1])
    })

    it("pages every list with its own filters and a stable order (date, then id)", async () => {
      const l = kejin.linkage
      const page = { limit: 1, offset: 1 }
      const of = async (p: Promise<{ items: ReadonlyArray<{ id: number }>; total: number }>) => {
        const { items, total } = await p
        return [items.map((x) => x.id), total]
      }
      expect(await of(l.scores(page))).toEqual([[id.S2], 2])
      expect(await of(l.policies(page))).toEqual([[id.P2], 2])
      expect(await of(l.claims({ pool: "wz-relief", ...page }))).toEqual([[id.C2], 2])
      expect(await of(l.coInvestments({ limit: 5 }))).toEqual([[id.K1], 1])
      expect(await of(l.subsidies(page))).toEqual([[id.T2], 2])
      expect(await of(l.subsidies({ enterprise: uscc(2), limit: 5 }))).toEqual([[id.T1], 1])
      expect(await of(l.bonds({ from: "2025-09-01", to: "2025-09-01", ...page }))).toEqual([[id.B2], 2])
      expect(await of(l.deposits("wz-relief", page))).toEqual([[id.D2], 2])
      expect(await of(l.tierTables({ modelVersion: "wz-sti-2025", limit: 5 }))).toEqual([
        [(await l.tierTables())[0]?.id],
        1
      ])
      expect(await of(l.pools({ limit: 5, offset: 1 }))).toEqual([[], 1])
      expect(await of(l.warrantEvents(id.L1, { limit: 5 }))).toEqual([[], 0])
      // Past the end of each: empty, with the right total.
      const past = { limit: 5, offset: 50 }
      expect(
        await Promise.all([
          of(l.scores(past)),
          of(l.policies(past)),
          of(l.claims(past)),
          of(l.coInvestments(past)),
          of(l.subsidies(past)),
          of(l.bonds(past)),
          of(l.deposits("wz-relief", past)),
          of(l.reversals(past))
        ])
      ).toEqual([
        [[], 2],
        [[], 2],
        [[], 2],
        [[], 1],
        [[], 2],
        [[], 2],
        [[], 2],
        [[], 0]
      ])
      // The whole lists are unchanged in shape.
      expect((await l.deposits("wz-relief")).map((d) => [d.id, d.on])).toEqual([
        [id.D1, "2025-01-02"],
        [id.D2, "2025-01-03"]
      ])
    })

    it("each linkage figure a target follows is the declared sum of its filtered list (drill-down)", async () => {
      const l = kejin.linkage
      const period = { from: "2025-01-01", to: "2025-12-31" }
      const s = await l.summary(period)
      const listed = { ...period, includeReversed: false, limit: 500 } as const
      const sum = async (p: Promise<{ amount?: unknown; total: number }>) => {
        const page = await p
        return toWire(page.amount as Parameters<typeof toWire>[0])
      }
      expect({
        investmentLoan: await sum(l.loans({ ...listed, pilot: "investment-loan" })),
        indexLoan: await sum(l.loans({ ...listed, pilot: "index-loan" })),
        investmentInsurance: await sum(l.policies({ ...listed, pilot: "investment-insurance" })),
        transferInsurance: await sum(l.policies({ ...listed, pilot: "transfer-insurance" })),
        coInvestment: await sum(l.coInvestments(listed)),
        riskCompensation: await sum(l.claims({ ...listed, kind: "risk-compensation" })),
        interestSubsidy: await sum(l.subsidies(listed)),
        bonds: await sum(l.bonds(listed))
      }).toEqual({
        investmentLoan: toWire(s.investmentLoan.amount),
        indexLoan: toWire(s.indexLoan.amount),
        investmentInsurance: toWire(s.investmentInsurance.sumInsured),
        transferInsurance: toWire(s.transferInsurance.sumInsured),
        coInvestment: toWire(s.coInvestment.followAmount),
        riskCompensation: toWire(s.riskCompensation.paid),
        interestSubsidy: toWire(s.interestSubsidy.amount),
        bonds: toWire(s.bonds.amount)
      })
      // Not all nothing: the fixture's loans, policies, co-investment, subsidies and bonds are in the year.
      expect(s.investmentLoan.amount.gt(0) && s.bonds.amount.gt(0) && s.interestSubsidy.amount.gt(0)).toBe(
        true
      )
      expect((await l.bonds(listed)).total).toBe(s.bonds.count)
    })

    it("searches (q) and sorts (sort) every dated list as its shape declares, the total counting the matches", async () => {
      const l = kejin.linkage
      const of = async (p: Promise<{ items: ReadonlyArray<{ id: number }>; total: number }>) => {
        const { items, total } = await p
        return [items.map((x) => x.id), total]
      }
      // Loans by amount, both ways; ties by id; pages cut in that order.
      expect(await of(l.loans({ sort: "-amount", limit: 10 }))).toEqual([[id.L3, id.L2, id.I1, id.L1], 4])
      expect(await of(l.loans({ sort: "amount", limit: 2, offset: 2 }))).toEqual([[id.L2, id.L3], 4])
      // The search: the enterprise's name or credit code, the bank's name, any case; % and _ are plain.
      expect(await of(l.loans({ q: "鹿城", limit: 10 }))).toEqual([[id.I1, id.L1, id.L2, id.L3], 4])
      expect(await of(l.loans({ q: uscc(1).slice(0, 10).toLowerCase(), limit: 10 }))).toMatchObject([
        expect.any(Array),
        4
      ])
      expect(await of(l.loans({ q: "瓯海", limit: 10 }))).toEqual([[], 0])
      expect(await of(l.loans({ q: "%", limit: 10 }))).toEqual([[], 0])
      expect(await of(l.loans({ q: "温州银行", pilot: "index-loan", limit: 10 }))).toEqual([[id.I1], 1])
      // The declared sum follows the search: the filtered rows' amounts over every page, exactly.
      const amountOf = async (
        p: Promise<{ amount?: { toFixed(n: number): string } | undefined }> // float-ok: decimal.js
      ) => (await p).amount?.toFixed(2) // float-ok: Decimal.toFixed, exact
      expect(await amountOf(l.loans({ q: "温州银行", pilot: "investment-loan", limit: 1 }))).toBe(
        "6000000.00"
      )
      expect(await amountOf(l.subsidies({ q: "Y2025330000123", limit: 5 }))).toBe("12345.67")
      expect(await amountOf(l.bonds({ q: "0002", limit: 5 }))).toBe("100000000.00")
      expect(await amountOf(l.claims({ q: "wz-relief", limit: 1 }))).toBe("120000.00")
      expect(await amountOf(l.scores({ limit: 5 }))).toBeUndefined()
      // The whole list (no page) is searched too.
      expect((await l.loans({ q: "鹿城" })).length).toBe(4)
      expect(await of(l.scores({ sort: "-limit", limit: 5 }))).toEqual([[id.S2, id.S1], 2])
      expect(await of(l.policies({ q: "pz2", limit: 5 }))).toEqual([[id.P2], 1])
      expect(await of(l.policies({ sort: "-policyNo", limit: 5 }))).toEqual([[id.P2, id.P1], 2])
      expect(await of(l.claims({ sort: "-on", q: "wz-relief", limit: 5 }))).toEqual([[id.C2, id.C1], 2])
      expect(await of(l.coInvestments({ q: "瓯江子", limit: 5 }))).toEqual([[id.K1], 1])
      expect(await of(l.subsidies({ q: "Y2025330000123", limit: 5 }))).toEqual([[id.T1], 1])
      expect(await of(l.subsidies({ sort: "-amount", limit: 5 }))).toEqual([[id.T1, id.T2], 2])
      expect(await of(l.bonds({ sort: "-code", limit: 5 }))).toEqual([[id.B2, id.B1], 2])
      expect(await of(l.bonds({ q: "0002", limit: 5 }))).toEqual([[id.B2], 1])
      // The exports' keyset read of a sorted list: its pages in that order, each row once.
      const loans = linkageModules
        .flatMap((m): ReadonlyArray<AnyOperation> => m.operations)
        .find((o) => o.name === "linkage.loans")!
      const exported: Array<number> = []
      let after: unknown
      for (let batch = 0; batch < 10; batch++) {
        const read = await kejin.run(
          executeAfter(
            loans as Parameters<typeof executeAfter>[0],
            { sort: "-amount", q: "鹿城" },
            { limit: 3, after },
            { actor: { id: "t", role: "admin" } }
          ) as never
        )
        const { items, next } = read as { items: ReadonlyArray<{ id: number }>; next: unknown }
        exported.push(...items.map((x) => x.id))
        if (next === null) break
        after = next
      }
      expect(exported).toEqual([id.L3, id.L2, id.I1, id.L1])
      // A sort the list does not declare, an empty search, a control character: refused, naming the field.
      expect(paths(await caught(l.loans({ sort: "rate", limit: 5 })))).toEqual(["sort"])
      expect(paths(await caught(l.bonds({ q: " ", sort: "-amount", limit: 5 })))).toEqual(["q"])
      expect(paths(await caught(l.claims({ q: "a\u0000", limit: 5 })))).toEqual(["q"])
    })

    it("refuses bad filters and pages with the field named, never reaching the store", async () => {
      const l = kejin.linkage
      expect(paths(await caught(l.loans({ from: "2025-12-31", to: "2025-01-01" })))).toEqual(["to"])
      expect(paths(await caught(l.bonds({ from: "2025-12-31", to: "2025-01-01", limit: 5 })))).toEqual(["to"])
      expect(paths(await caught(l.claims({ pool: "\u0000" })))).toEqual(["pool"])
      expect(paths(await caught(l.claims({ pool: "WZ Relief", limit: 5 })))).toEqual(["pool"])
      expect(paths(await caught(l.tierTables({ modelVersion: "wz\u0000" })))).toEqual(["modelVersion"])
      expect(paths(await caught(l.scores({ enterprise: "\u0000" })))).toEqual(["enterprise"])
      // JavaScript callers are not held by the types.
      const loose = l.loans as (query: unknown) => Promise<unknown>
      expect(paths(await caught(loose({ pilot: "\u0000" })))).toEqual(["pilot"])
      expect(paths(await caught(loose({ limit: 0 })))).toEqual(["limit"])
      expect(paths(await caught(loose({ limit: 501, offset: -1 })))).toEqual(["limit", "offset"])
      expect(paths(await caught(loose({ limit: 1.5 })))).toEqual(["limit"])
      expect(paths(await caught(l.deposits("wz-relief", { limit: 0 })))).toEqual(["limit"])
      // A code no pool can have is simply not found.
      for (const code of ["\u0000", "wz-relief\u0000", "WZ"]) {
        expect((await caught(l.pool(code)))._tag).toBe("NotFoundError")
        expect((await caught(l.deposits(code)))._tag).toBe("NotFoundError")
        expect((await caught(l.deposits(code, { limit: 5 })))._tag).toBe("NotFoundError")
      }
      expect((await caught(l.eventsOf("\u0000")))._tag).toBe("NotFoundError")
      // An unknown but well-formed pool matches no claim.
      const none = await l.claims({ pool: "nope", limit: 5 })
      expect({ ...none, amount: none.amount && toWire(none.amount) }).toEqual({
        items: [],
        total: 0,
        amount: "0.00",
        limit: 5,
        offset: 0
      })
    })

    it("refuses control characters in every free-text input, naming the field; nothing is written", async () => {
      const l = kejin.linkage
      const before = (await l.bonds()).length
      const bond = {
        issuerEnterprise: uscc(1),
        amount: "1000000.00",
        issuedOn: "2025-10-01",
        tenorMonths: 12,
        couponPercent: "2",
        useOfProceeds: "研发"
      }
      expect(paths(await caught(l.recordBond({ ...bond, useOfProceeds: "研发\u0000" })))).toEqual([
        "useOfProceeds"
      ])
      expect(paths(await caught(l.recordBond({ ...bond, code: "1025\u00078" })))).toEqual(["code"])
      expect((await l.bonds()).length).toBe(before)
      const pool = {
        code: "rc",
        name: "风险补偿池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.4"
      }
      expect(paths(await caught(l.recordPool({ ...pool, name: "风险\u0000补偿池" })))).toEqual(["name"])
      expect(paths(await caught(l.recordPool({ ...pool, backer: "市财政\u001b" })))).toEqual(["backer"])
      expect((await l.pools()).map((p) => p.code)).toEqual(["wz-relief"])
      const deposit = { pool: "wz-relief", on: "2025-02-01", amount: "1.00" }
      expect(paths(await caught(l.recordDeposit({ ...deposit, source: "\u0000" })))).toEqual(["source"])
      const subsidy = { on: "2025-08-01", amount: "1.00", registrationNo: "Y1" }
      expect(paths(await caught(l.recordInterestSubsidy({ ...subsidy, payer: "财政\u0000" })))).toEqual([
        "payer"
      ])
      expect(
        paths(await caught(l.recordInterestSubsidy({ ...subsidy, registrationNo: "Y\u00001" })))
      ).toEqual(["registrationNo"])
      expect(
        paths(
          await caught(
            l.recordTierTable({
              modelVersion: "v2\u0000",
              tiers: [{ tier: "A", minScore: "1", limit: "1.00" }]
            })
          )
        )
      ).toEqual(["modelVersion"])
      expect(
        paths(
          await caught(
            l.recordTierTable({
              modelVersion: "v2",
              tiers: [{ tier: "A\u0000", minScore: "1", limit: "1.00" }]
            })
          )
        )
      ).toEqual(["tiers.0.tier"])
      const dims = await caught(
        l.recordScore({
          enterprise: uscc(1),
          modelVersion: "wz-sti-2025",
          scoredOn: "2025-08-01",
          total: "80",
          dimensions: { "研发\u0000": "1" }
        })
      )
      expect(paths(dims)).toEqual(["dimensions.研发\u0000"])
      expect(paths(await caught(l.reverse("bond", id.B1, "重复\u0000登记")))).toEqual(["reason"])
      expect((await l.reversals()).length).toBe(0)
      // A trailing line break is surrounding whitespace, trimmed; one inside is refused.
      expect(paths(await caught(l.reverse("bond", id.B1, "重复\n登记")))).toEqual(["reason"])
    })

    it("recent: the latest live records across kinds, newest first (the later write first on a day), in one query", async () => {
      const l = kejin.linkage
      const refs = (items: ReadonlyArray<{ kind: string; on: string; record: { id: number } }>) =>
        items.map((r) => `${r.on} ${r.kind} ${r.record.id}`)
      expect(refs(await l.recent({ limit: 100 }))).toEqual([
        `2025-09-01 bond ${id.B2}`,
        `2025-09-01 bond ${id.B1}`,
        `2025-07-01 subsidy ${id.T2}`,
        `2025-06-30 subsidy ${id.T1}`,
        `2025-06-01 claim ${id.C2}`,
        `2025-05-01 claim ${id.C1}`,
        `2025-05-01 loan ${id.L3}`,
        `2025-04-10 loan ${id.L2}`,
        `2025-04-10 loan ${id.L1}`,
        `2025-04-01 co-investment ${id.K1}`,
        `2025-03-10 loan ${id.I1}`,
        `2025-02-01 policy ${id.P2}`,
        `2025-02-01 policy ${id.P1}`
      ])
      // On 05-01 the claim C1 was written after the loan L3, so it comes first.
      const [latest] = await l.recent({ limit: 1 })
      expect(latest?.kind === "bond" && latest.record.code).toBe("102580002")
      const claim = (await l.recent({ to: "2025-05-31", limit: 1 }))[0]
      expect(claim?.kind).toBe("claim")
      if (claim?.kind === "claim") {
        expect([claim.poolName, toWire(claim.record.payout)]).toEqual(["二次救济资金池", "60000.00"])
      }
      // Reversed records are left out; the next ones move up.
      await l.reverse("bond", id.B2, "重复登记")
      await l.reverse("subsidy", id.T2, "付错贷款")
      await l.reverse("loan", id.L3, "重复登记")
      expect(refs(await l.recent({ limit: 4 }))).toEqual([
        `2025-09-01 bond ${id.B1}`,
        `2025-06-30 subsidy ${id.T1}`,
        `2025-06-01 claim ${id.C2}`,
        `2025-05-01 claim ${id.C1}`
      ])
      expect(refs(await l.recent({ to: "2025-04-30", limit: 3 }))).toEqual([
        `2025-04-10 loan ${id.L2}`,
        `2025-04-10 loan ${id.L1}`,
        `2025-04-01 co-investment ${id.K1}`
      ])
      expect((await l.recent()).length).toBe(10)
      expect(await l.recent({ to: "2024-12-31" })).toEqual([])
      expect(paths(await caught(l.recent({ limit: 0 })))).toEqual(["limit"])
      expect(paths(await caught(l.recent({ limit: 101, to: "2025-02-30" })))).toEqual(["to", "limit"])
      // The reversed ones stay in the lists, flagged, and in the totals of includeReversed pages.
      const bonds = await l.bonds({ limit: 5 })
      expect([bonds.total, bonds.items.map((b) => b.reversedBy !== null)]).toEqual([2, [false, true]])
      expect((await l.bonds({ includeReversed: false, limit: 5 })).total).toBe(1)
      expect((await l.reversals({ limit: 2, offset: 2 })).total).toBe(3)
    })
  })
}
