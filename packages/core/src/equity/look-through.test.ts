import type { Decimal } from "decimal.js"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { xirr } from "../finance/index.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire, Yuan } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { type LookThroughLedger, lookThrough } from "./look-through.js"
import type { FundEntry } from "./schema.js"

/*
 * LOOK-THROUGH OF A THREE-LEVEL TREE, hand-checked (issue 13: pooling the city fund with its sub-fund
 * counted the city fund's commitment twice; the city fund's figures left out its sub-fund stakes).
 *
 *   C  city fund   ← 财政 F commits 1,000,000; calls 600,000 (02-01) and 100,000 (12-01)
 *   S  sub-fund    ← C commits 400,000, private P 600,000; calls 03-01: C 200,000, P 300,000
 *   T  sub-sub     ← S commits 300,000, 温商 M 100,000;     calls 04-01: S 150,000, M 50,000
 *   T invests 180,000 (05-01); mark 240,000 (09-30); distributes 40,000 (10-15, fund-level, by paid-in:
 *     S 30,000, M 10,000)
 *   S invests 250,000 (05-01); mark 200,000 (09-30); distributes 50,000 (11-01, by paid-in: C 20,000,
 *     P 30,000)
 *   C mark 420,000 (09-30)
 *
 * Marks value direct holdings and cash; after them, as of 2025-12-31:
 *   direct NAV  T = 240,000 − 40,000                         = 200,000
 *               S = 200,000 + 30,000 (from T) − 50,000         = 180,000
 *               C = 420,000 + 20,000 (from S) + 100,000 (call) = 540,000
 *   look-through T = 200,000; shared by called 150:50 → S 150,000, M 50,000
 *                S = 180,000 + 150,000 = 330,000; shared 200:300 → C 132,000, P 198,000
 *                C = 540,000 + 132,000 = 672,000
 *
 *   {C}: committed 1,000,000, paid-in 700,000, D 0, NAV 672,000, TVPI 0.96; gross: cost 200,000 (the
 *        stake in S), proceeds 20,000, value 132,000, MOIC 0.76.
 *   {C, S, T}: committed 1,700,000 (naive 2,400,000; internal 700,000), paid-in 1,050,000 (internal 350,000),
 *        D 40,000 (internal 50,000), NAV 672,000 + 330,000 + 200,000 − 132,000 − 150,000 = 920,000
 *        (= Σ direct NAVs 540,000 + 180,000 + 200,000 = F 672,000 + P 198,000 + M 50,000).
 *   {C, S}: committed 1,600,000, paid-in 1,000,000, D 30,000, NAV 672,000 + 330,000 − 132,000 = 870,000;
 *        gross: S's holding 250,000 at cost + the stake in T (cost 150,000, proceeds 30,000, value 150,000).
 *   {S}: C's commitment is external: committed 1,000,000, paid-in 500,000, D 50,000, NAV 330,000.
 */

const y = (n: number) => new Yuan(n).toFixed(2) // float-ok: Decimal.toFixed of a whole number, exact
const w = (d: Decimal | null) => (d === null ? null : toWire(d))
const rateOf = (r: { _tag: string; rate?: number }) => {
  if (r._tag !== "Rate") throw new Error(`expected a rate, got ${JSON.stringify(r)}`)
  return r.rate!
}

for (const dialect of testDialects()) {
  describe(`look-through of a three-level fund tree on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const asOf = "2025-12-31"

    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-01-15" } })
      const k = kejin
      const manager = (await k.registry.addInstitution({ kind: "fund-manager", name: "穿透测试管理" })).id
      const e1 = makeUscc("91330302MA2LT0001")
      const e2 = makeUscc("91330302MA2LT0002")
      for (const [uscc, name] of [
        [e1, "穿透企业一"],
        [e2, "穿透企业二"]
      ] as const)
        await k.registry.addEnterprise({
          uscc,
          name,
          district: "330302",
          industry: "新材料",
          stage: "start-up",
          techCategory: "frontier"
        })
      const base = { manager, targetSize: "10000000.00", vintage: "2025-01-01", district: "330302" }
      await k.funds.create({ ...base, code: "lt-c", name: "市基金", kind: "city-fund" })
      await k.funds.create({ ...base, code: "lt-s", name: "子基金", kind: "sub-fund", parent: "lt-c" })
      await k.funds.create({ ...base, code: "lt-t", name: "孙基金", kind: "sub-fund", parent: "lt-s" })
      const commit = (
        fund: string,
        lp: { lpName?: string; lpFund?: string },
        lpType: string,
        amount: number
      ) => k.funds.commit({ fund, on: "2025-01-10", ...lp, lpType, amount: y(amount) })
      const call = (commitment: number, on: string, amount: number) =>
        k.funds.call({ commitment, on, amount: y(amount) })
      const f = await commit("lt-c", { lpName: "财政 F" }, "fiscal", 1_000_000)
      const cs = await commit("lt-s", { lpFund: "lt-c" }, "state-owned", 400_000)
      const p = await commit("lt-s", { lpName: "民营 P" }, "private", 600_000)
      const st = await commit("lt-t", { lpFund: "lt-s" }, "state-owned", 300_000)
      const m = await commit("lt-t", { lpName: "温商 M" }, "merchant", 100_000)
      await call(f.id, "2025-02-01", 600_000)
      await call(cs.id, "2025-03-01", 200_000)
      await call(p.id, "2025-03-01", 300_000)
      await call(st.id, "2025-04-01", 150_000)
      await call(m.id, "2025-04-01", 50_000)
      await call(f.id, "2025-12-01", 100_000)
      await k.funds.invest({
        fund: "lt-t",
        enterprise: e1,
        on: "2025-05-01",
        amount: y(180_000),
        instrument: "equity"
      })
      await k.funds.invest({
        fund: "lt-s",
        enterprise: e2,
        on: "2025-05-01",
        amount: y(250_000),
        instrument: "equity"
      })
      await k.funds.mark({ fund: "lt-t", on: "2025-09-30", nav: y(240_000) })
      await k.funds.mark({ fund: "lt-s", on: "2025-09-30", nav: y(200_000) })
      await k.funds.mark({ fund: "lt-c", on: "2025-09-30", nav: y(420_000) })
      const dist = (fund: string, on: string, amount: number) =>
        k.funds.distribute({ fund, on, distributionKind: "gain", amount: y(amount) })
      await dist("lt-t", "2025-10-15", 40_000)
      await dist("lt-s", "2025-11-01", 50_000)
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("sees the city fund through its sub-funds: its share of their NAV and distributions", async () => {
      const c = await kejin.funds.lookThrough(["lt-c"], { asOf })
      expect([c.committed, c.paidIn, c.distributions, c.nav].map(w)).toEqual([
        y(1_000_000),
        y(700_000),
        y(0),
        y(672_000)
      ])
      expect(w(c.tvpi)).toBe("0.96")
      expect(c.heldOutside).toEqual(["lt-s", "lt-t"])
      expect(c.perFund.map((f) => [f.fund, w(f.directNav), w(f.nav)])).toEqual([
        ["lt-c", y(540_000), y(672_000)]
      ])
      expect(
        c.perFund[0]!.stakes.map((s) => [s.fund, w(s.called), w(s.distributed), w(s.nav), s.internal])
      ).toEqual([["lt-s", y(200_000), y(20_000), y(132_000), false]])
      expect([c.invested, c.exitProceeds, c.holdingsValue].map(w)).toEqual([
        y(200_000),
        y(20_000),
        y(132_000)
      ])
      expect(w(c.grossMoic)).toBe("0.76")
      // Net IRR: −600,000 (02-01), −100,000 (12-01), +672,000 (12-31).
      const expected = xirr([
        { date: "2025-02-01", amount: "-600000" },
        { date: "2025-12-01", amount: "-100000" },
        { date: asOf, amount: "672000" }
      ])
      expect(rateOf(c.netIrr)).toBeCloseTo(rateOf(expected), 10)
      expect(rateOf(c.netIrr)).toBeLessThan(0)
      // The plain figures of the fund alone leave the stake out (its mark only, rolled forward).
      const plain = await kejin.funds.metrics("lt-c", { asOf })
      expect(w(plain.nav)).toBe(y(520_000))
    })

    it("pools the three levels counting each yuan once", async () => {
      const all = await kejin.funds.lookThrough(["lt-c", "lt-s", "lt-t"], { asOf })
      expect([all.committed, all.paidIn, all.distributions, all.nav].map(w)).toEqual([
        y(1_700_000),
        y(1_050_000),
        y(40_000),
        y(920_000)
      ])
      expect(
        [all.internal.committed, all.internal.called, all.internal.distributed, all.internal.nav].map(w)
      ).toEqual([y(700_000), y(350_000), y(50_000), y(282_000)])
      expect([all.grossOfInternal.committed, all.grossOfInternal.paidIn].map(w)).toEqual([
        y(2_400_000),
        y(1_400_000)
      ])
      expect(all.accounts.map((a) => [a.fund, a.lpName, w(a.called), w(a.distributed)])).toEqual([
        ["lt-c", "财政 F", y(700_000), y(0)],
        ["lt-s", "民营 P", y(300_000), y(30_000)],
        ["lt-t", "温商 M", y(50_000), y(10_000)]
      ])
      expect(all.heldOutside).toEqual([])
      expect([all.invested, all.exitProceeds, all.holdingsValue].map(w)).toEqual([
        y(430_000),
        y(0),
        y(430_000)
      ])
      // The naive pooled figures count the city fund's money twice.
      const naive = await kejin.funds.metrics(["lt-c", "lt-s", "lt-t"], { asOf })
      expect(w(naive.committed)).toBe(y(2_400_000))
    })

    it("pools the city fund with one sub-fund, the stake in the third level seen through", async () => {
      const cs = await kejin.funds.lookThrough(["lt-s", "lt-c"], { asOf })
      expect([cs.committed, cs.paidIn, cs.distributions, cs.nav].map(w)).toEqual([
        y(1_600_000),
        y(1_000_000),
        y(30_000),
        y(870_000)
      ])
      expect(cs.heldOutside).toEqual(["lt-t"])
      expect([cs.invested, cs.exitProceeds, cs.holdingsValue].map(w)).toEqual([
        y(400_000),
        y(30_000),
        y(400_000)
      ])
      const s = await kejin.funds.lookThrough(["lt-s"], { asOf })
      expect([s.committed, s.paidIn, s.distributions, s.nav].map(w)).toEqual([
        y(1_000_000),
        y(500_000),
        y(50_000),
        y(330_000)
      ])
    })

    it("defaults to the city funds, and refuses an unknown code", async () => {
      const d = await kejin.funds.lookThrough(undefined, { asOf })
      expect(d.funds).toContain("lt-c")
      await expect(kejin.funds.lookThrough(["lt-nope"], { asOf })).rejects.toMatchObject({
        _tag: "NotFoundError"
      })
    })
  })
}

// ---------------------------------------------------------------------------------------------------------
// Property: look-through of any subset never counts an internal flow
// ---------------------------------------------------------------------------------------------------------

interface Gen {
  /** parent[i] < i, or -1 for a root */
  readonly parents: ReadonlyArray<number>
  readonly external: ReadonlyArray<number>
  readonly passedDown: ReadonlyArray<number>
  readonly callPercent: ReadonlyArray<number>
  readonly distribution: ReadonlyArray<number>
  readonly marks: ReadonlyArray<number>
  readonly subset: ReadonlyArray<boolean>
}

const base = { reversedBy: null, fx: null, journalSeq: 1 } as const

/** Ledgers of a random fund forest: each fund has an external LP; a child also has its parent as LP. */
const ledgersOf = (g: Gen): ReadonlyArray<LookThroughLedger> => {
  let id = 1
  const code = (i: number) => `f-${i}`
  return g.parents.map((parent, i) => {
    const entries: Array<FundEntry> = []
    const commit = (amount: number, lpFund: string | null) => {
      const c = {
        ...base,
        id: id++,
        fund: code(i),
        on: "2025-01-01",
        kind: "commitment",
        amount: new Yuan(amount),
        lpName: lpFund ?? `LP ${i}`,
        lpType: lpFund === null ? "private" : "state-owned",
        lpFund
      } as const
      entries.push(c)
      const called = new Yuan(amount).times(g.callPercent[i]!).div(100).toDecimalPlaces(2)
      if (called.gt(0))
        entries.push({
          ...base,
          id: id++,
          fund: code(i),
          on: "2025-02-01",
          kind: "call",
          amount: called,
          commitment: c.id
        })
    }
    commit(g.external[i]!, null)
    if (parent >= 0) commit(g.passedDown[i]!, code(parent))
    if (g.distribution[i]! > 0)
      entries.push({
        ...base,
        id: id++,
        fund: code(i),
        on: "2025-06-01",
        kind: "distribution",
        amount: new Yuan(g.distribution[i]!),
        distributionKind: "gain",
        commitment: null
      })
    entries.push({
      ...base,
      id: id++,
      fund: code(i),
      on: "2025-03-31",
      kind: "nav",
      nav: new Yuan(g.marks[i]!)
    })
    return { fund: { code: code(i), name: code(i) }, entries }
  })
}

const genOf = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    parents: fc.tuple(...Array.from({ length: n }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
    external: fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: n, maxLength: n }),
    passedDown: fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: n, maxLength: n }),
    callPercent: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }),
    distribution: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: n, maxLength: n }),
    marks: fc.array(fc.integer({ min: 0, max: 20_000_000 }), { minLength: n, maxLength: n }),
    subset: fc.array(fc.boolean(), { minLength: n, maxLength: n })
  })
)

describe("look-through of any subset (property)", () => {
  it("never counts an internal flow; pooled commitment = Σ external commitments", () => {
    fc.assert(
      fc.property(genOf, (g) => {
        const ledgers = ledgersOf(g)
        const codes = ledgers.map((l) => l.fund.code).filter((_, i) => g.subset[i])
        if (codes.length === 0) return
        const set = new Set(codes)
        const figures = lookThrough(codes, ledgers, "2025-12-31")
        const commitments = ledgers
          .filter((l) => set.has(l.fund.code))
          .flatMap((l) => l.entries.filter((e) => e.kind === "commitment"))
        const isInternal = (c: FundEntry) => c.kind === "commitment" && c.lpFund !== null && set.has(c.lpFund)
        const external = commitments.filter((c) => !isInternal(c))
        const amount = (e: FundEntry) =>
          e.kind === "commitment" || e.kind === "call" ? e.amount : new Yuan(0)
        const total = (es: ReadonlyArray<FundEntry>) => es.reduce((a, e) => a.plus(amount(e)), new Yuan(0))
        // Every account counted is external; the pooled commitment is the external commitments' sum.
        expect(figures.accounts.every((a) => a.lpFund === null || !set.has(a.lpFund))).toBe(true)
        expect(w(figures.committed)).toBe(w(total(external)))
        expect(w(figures.internal.committed)).toBe(w(total(commitments.filter(isInternal))))
        // Paid-in: the calls of the external commitments only.
        const externalIds = new Set(external.map((c) => c.id))
        const calls = ledgers
          .flatMap((l) => l.entries)
          .filter((e) => e.kind === "call" && externalIds.has(e.commitment))
        expect(w(figures.paidIn)).toBe(w(total(calls)))
        // Naive = counted + internal, for commitments, calls and distributions.
        expect(w(figures.committed.plus(figures.internal.committed))).toBe(
          w(figures.grossOfInternal.committed)
        )
        expect(w(figures.paidIn.plus(figures.internal.called))).toBe(w(figures.grossOfInternal.paidIn))
        expect(w(figures.distributions.plus(figures.internal.distributed))).toBe(
          w(figures.grossOfInternal.distributions)
        )
        // A closed set (every fund a member holds is a member): its NAV is Σ of the direct NAVs, never a
        // stake counted on top of the fund it is a share of.
        const closed = ledgers.every(
          (l, i) => !set.has(l.fund.code) || g.parents.every((p, j) => p !== i || set.has(`f-${j}`))
        )
        if (closed && figures.nav !== null) {
          const direct = figures.perFund.reduce((a, f) => a.plus(f.directNav!), new Yuan(0))
          expect(w(figures.nav)).toBe(w(direct))
        }
        // Stakes inside the set are never among the gross side's holdings.
        expect(figures.perFund.flatMap((f) => f.stakes).every((s) => s.internal === set.has(s.fund))).toBe(
          true
        )
      }),
      { numRuns: 300 }
    )
  })
})

describe("look-through of funds that hold each other", () => {
  it("notes the cycle and leaves its stakes out instead of looping", () => {
    const e = (id: number, fund: string, rest: Record<string, unknown>) =>
      ({ ...base, id, fund, on: "2025-01-01", ...rest }) as unknown as FundEntry
    const ledgers: ReadonlyArray<LookThroughLedger> = [
      {
        fund: { code: "a", name: "a" },
        entries: [
          e(1, "a", {
            kind: "commitment",
            amount: new Yuan(100),
            lpName: "x",
            lpType: "private",
            lpFund: null
          }),
          e(2, "a", {
            kind: "commitment",
            amount: new Yuan(50),
            lpName: "b",
            lpType: "private",
            lpFund: "b"
          }),
          e(3, "a", { kind: "call", amount: new Yuan(100), commitment: 1 }),
          e(4, "a", { kind: "call", amount: new Yuan(50), commitment: 2 }),
          e(5, "a", { kind: "nav", nav: new Yuan(150) })
        ]
      },
      {
        fund: { code: "b", name: "b" },
        entries: [
          e(6, "b", {
            kind: "commitment",
            amount: new Yuan(80),
            lpName: "a",
            lpType: "private",
            lpFund: "a"
          }),
          e(7, "b", { kind: "call", amount: new Yuan(80), commitment: 6 }),
          e(8, "b", { kind: "nav", nav: new Yuan(80) })
        ]
      }
    ]
    const figures = lookThrough(["a"], ledgers, "2025-12-31")
    expect(figures.noteMessages.map((n) => n.code)).toContain("note-look-through-cycle")
    expect(w(figures.nav)).toBe("150.00")
  })
})
