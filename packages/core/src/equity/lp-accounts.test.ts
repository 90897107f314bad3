import type { Decimal } from "decimal.js"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

// Pro-rata calls and distributions across a fund's LPs (one command, one journal entry, a ledger line per
// LP, to the fen by largest remainder), each LP's capital account and the quarterly LP statement, with
// hand-checked numbers, on both dialects.

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const money = (d: Decimal | null) => (d === null ? null : toWire(d))
const rate = (irr: { _tag: string; rate?: number }) => (irr._tag === "Rate" ? irr.rate : irr._tag)

for (const dialect of testDialects()) {
  describe(`LP capital accounts on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let manager: number

    const createFund = (code: string) =>
      kejin.funds.create({
        code,
        name: `基金 ${code}`,
        kind: "chain",
        chainStage: "venture",
        manager,
        targetSize: "100000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
    const commit = (fund: string, lpName: string, lpType: string, amount: string, on = "2025-01-01") =>
      kejin.funds.commit({ fund, on, lpName, lpType, amount })

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })).id
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("calls across the LPs in one command, to the fen, capped at each uncalled amount", async () => {
      await createFund("lp-call")
      const a = await commit("lp-call", "财政出资", "fiscal", "6000000.00")
      const b = await commit("lp-call", "民营出资", "private", "3000000.00")
      const c = await commit("lp-call", "温商出资", "merchant", "1000000.00")
      // 1,000,000.01 by 6 : 3 : 1 → 600,000.006, 300,000.003, 100,000.001: the one fen left goes to A
      // (the largest remainder, 0.6 fen).
      const first = await kejin.funds.callProRata({ fund: "lp-call", on: "2025-02-01", amount: "1000000.01" })
      expect(first.lines.map((l) => [l.commitment, money(l.amount)])).toEqual([
        [a.id, "600000.01"],
        [b.id, "300000.00"],
        [c.id, "100000.00"]
      ])
      const ledger = await kejin.funds.ledger("lp-call", { kind: "call" })
      expect(ledger.map((e) => (e.kind === "call" ? [e.commitment, money(e.amount)] : []))).toEqual([
        [a.id, "600000.01"],
        [b.id, "300000.00"],
        [c.id, "100000.00"]
      ])
      // One journal entry for the three lines.
      expect(new Set(ledger.map((e) => e.journalSeq))).toEqual(new Set([first.journalSeq]))
      const journal = await kejin.journal.search({ command: "funds.callProRata", limit: 10 })
      expect(journal.items).toHaveLength(1)

      // C is called on its own to 950,000.00: 50,000.00 is left to call on it.
      await kejin.funds.call({ commitment: c.id, on: "2025-03-01", amount: "850000.00" })
      // 1,000,000.00 by 6 : 3 : 1 would ask C for 100,000.00: it gives 50,000.00, and 950,000.00 is shared
      // 6 : 3 → 633,333.333…, 316,666.666…: the fen left goes to B (remainder 0.67 fen against 0.33).
      const second = await kejin.funds.callProRata({
        fund: "lp-call",
        on: "2025-04-01",
        amount: "1000000.00"
      })
      expect(second.lines.map((l) => [money(l.cap), money(l.amount)])).toEqual([
        ["5399999.99", "633333.33"],
        ["2700000.00", "316666.67"],
        ["50000.00", "50000.00"]
      ])

      // Uncalled now: 4,766,666.66 + 2,383,333.33 + 0.00 = 7,149,999.99.
      const over = await caught(
        kejin.funds.callProRata({ fund: "lp-call", on: "2025-05-01", amount: "7150000.00" })
      )
      expect(over._tag).toBe("ValidationError")
      expect(over.message).toBe(
        "amount: exceeds the uncalled total 7149999.99 of the fund's 3 commitment(s) dated on or before " +
          "2025-05-01 (committed 10000000.00, called 2850000.01)"
      )
      // Refused whole: nothing was written.
      expect(await kejin.funds.ledger("lp-call", { kind: "call" })).toHaveLength(7)
      const exact = await kejin.funds.callProRata({ fund: "lp-call", on: "2025-05-01", amount: "7149999.99" })
      expect(exact.lines.map((l) => [money(l.amount), l.entry === null])).toEqual([
        ["4766666.66", false],
        ["2383333.33", false],
        ["0.00", true]
      ])
      const figures = await kejin.funds.metrics("lp-call", { asOf: "2025-05-01" })
      expect(money(figures.unfunded)).toBe("0.00")
    })

    it("refuses a pro-rata call with no commitment by its date, and another manager's fund", async () => {
      await createFund("lp-empty")
      await commit("lp-empty", "民营出资", "private", "1000000.00", "2025-06-01")
      const early = await caught(
        kejin.funds.callProRata({ fund: "lp-empty", on: "2025-05-31", amount: "1.00" })
      )
      expect(early.message).toBe("fund: fund lp-empty has no live commitment dated on or before 2025-05-31")
      const other: Actor = { id: "mgr-x", role: "fund-manager", funds: ["lp-x"] }
      const forbidden = await caught(
        kejin.funds.callProRata({ fund: "lp-empty", on: "2025-06-01", amount: "1.00" }, { actor: other })
      )
      expect(forbidden._tag).toBe("ForbiddenError")
      expect(await kejin.funds.ledger("lp-empty", { kind: "call" })).toHaveLength(0)
    })

    it("distributes across the LPs by commitment or paid-in capital, a line each, one journal entry", async () => {
      await createFund("lp-dist")
      const a = await commit("lp-dist", "甲", "fiscal", "2000000.00")
      const b = await commit("lp-dist", "乙", "private", "1000000.00")
      await kejin.funds.call({ commitment: a.id, on: "2025-02-01", amount: "500000.00" })
      await kejin.funds.call({ commitment: b.id, on: "2025-02-01", amount: "500000.00" })
      // By commitment (2 : 1): 100.00 → 66.666…, 33.333…: the fen left goes to A (0.67 against 0.33).
      const byCommitment = await kejin.funds.distributeProRata({
        fund: "lp-dist",
        on: "2025-03-01",
        distributionKind: "dividend",
        amount: "100.00"
      })
      expect(byCommitment.basis).toBe("commitment")
      expect(byCommitment.lines.map((l) => money(l.amount))).toEqual(["66.67", "33.33"])
      // By paid-in (1 : 1): 100.01 → 50.005 each: the tie goes to the earlier commitment, A.
      const byPaidIn = await kejin.funds.distributeProRata({
        fund: "lp-dist",
        on: "2025-03-02",
        distributionKind: "gain",
        amount: "100.01",
        basis: "paid-in"
      })
      expect(byPaidIn.lines.map((l) => [money(l.weight), money(l.amount)])).toEqual([
        ["500000.00", "50.01"],
        ["500000.00", "50.00"]
      ])
      const lines = await kejin.funds.ledger("lp-dist", { kind: "distribution" })
      expect(lines.map((e) => (e.kind === "distribution" ? e.commitment : 0))).toEqual([
        a.id,
        b.id,
        a.id,
        b.id
      ])
      expect(
        (await kejin.journal.search({ command: "funds.distributeProRata", limit: 10 })).items
      ).toHaveLength(2)
      // The fund's figures count the lines once each.
      expect(money((await kejin.funds.metrics("lp-dist", { asOf: "2025-03-02" })).distributions)).toBe(
        "200.01"
      )
      // Distribution lines are not calls: B's whole unfunded amount can still be called.
      await kejin.funds.call({ commitment: b.id, on: "2025-04-01", amount: "500000.00" })
      // A commitment with live distribution lines is reversed only after them.
      const reverse = await caught(kejin.funds.reverse(a.id, "录入错误"))
      expect(reverse.message).toContain("has live capital calls or distribution lines")
      // The same idempotency key answers the first result again and writes nothing more.
      const input = { fund: "lp-dist", on: "2025-05-01", distributionKind: "gain", amount: "3.00" }
      const once = await kejin.funds.distributeProRata(input, { idempotencyKey: "pro-rata-1" })
      const twice = await kejin.funds.distributeProRata(input, { idempotencyKey: "pro-rata-1" })
      expect(twice).toEqual(once)
      expect(await kejin.funds.ledger("lp-dist", { kind: "distribution" })).toHaveLength(6)
    })

    it("reverses a whole pro-rata call in one write, and refuses it twice", async () => {
      await createFund("lp-rev")
      const a = await commit("lp-rev", "甲", "fiscal", "2000000.00")
      await commit("lp-rev", "乙", "private", "1000000.00")
      const call = await kejin.funds.callProRata({ fund: "lp-rev", on: "2025-02-01", amount: "300000.00" })
      const reversal = await kejin.funds.reverseProRata({
        fund: "lp-rev",
        journalSeq: call.journalSeq,
        reason: "比例录入错误"
      })
      expect(reversal.reversals.map((r) => r.reverses)).toEqual(call.lines.map((l) => l.entry))
      expect(new Set(reversal.reversals.map((r) => r.journalSeq)).size).toBe(1)
      expect(money((await kejin.funds.metrics("lp-rev")).paidIn)).toBe("0.00")
      const again = await caught(
        kejin.funds.reverseProRata({ fund: "lp-rev", journalSeq: call.journalSeq, reason: "again" })
      )
      expect(again._tag).toBe("ConflictError")
      // A journal entry that recorded no pro-rata lines (a commitment's) is no allocation.
      const commitment = await caught(
        kejin.funds.reverseProRata({ fund: "lp-rev", journalSeq: a.journalSeq, reason: "x" })
      )
      expect(commitment._tag).toBe("NotFoundError")
    })

    it("keeps each LP's capital account: NAV share, IRR and multiples (hand-checked)", async () => {
      await createFund("lp-acct")
      const a = await commit("lp-acct", "甲", "fiscal", "3000000.00")
      const b = await commit("lp-acct", "乙", "merchant", "1000000.00")
      // 2,000,000.00 by 3 : 1 → 1,500,000.00 and 500,000.00 on 2025-01-01.
      await kejin.funds.callProRata({ fund: "lp-acct", on: "2025-01-01", amount: "2000000.00" })
      // A year (365 days) later the fund is worth 2,200,000.00: each LP's share is worth 1.1 × its call.
      await kejin.funds.mark({ fund: "lp-acct", on: "2026-01-01", nav: "2200000.00" })
      const year = await kejin.funds.lpAccounts("lp-acct", { asOf: "2026-01-01" })
      expect(money(year.nav)).toBe("2200000.00")
      expect(
        year.accounts.map((x) => [
          x.commitment,
          money(x.called),
          money(x.uncalled),
          money(x.nav),
          x.calledShare?.toString()
        ])
      ).toEqual([
        [a.id, "1500000.00", "1500000.00", "1650000.00", "0.75"],
        [b.id, "500000.00", "500000.00", "550000.00", "0.25"]
      ])
      for (const x of year.accounts) {
        // −1.5M then +1.65M 365 days later: (1.65 / 1.5) − 1 = 10 % a year exactly (Actual/365).
        expect(rate(x.irr)).toBeCloseTo(0.1, 9)
        expect(x.tvpi?.toString()).toBe("1.1")
        expect(x.dpi?.toString()).toBe("0")
      }

      // A distribution recorded for the fund as a whole, 400,000.01 on 2026-06-30, is shared by paid-in
      // capital (3 : 1): 300,000.0075 and 100,000.0025 → the fen left goes to A (0.75 against 0.25).
      await kejin.funds.distribute({
        fund: "lp-acct",
        on: "2026-06-30",
        distributionKind: "return-of-capital",
        amount: "400000.01"
      })
      const half = await kejin.funds.lpAccounts("lp-acct", { asOf: "2026-06-30" })
      // NAV rolled forward: 2,200,000.00 − 400,000.01 = 1,799,999.99, by 3 : 1 → 1,349,999.9925 and
      // 449,999.9975: the fen left goes to B (0.75 against 0.25).
      expect(money(half.nav)).toBe("1799999.99")
      expect(half.accounts.map((x) => [money(x.distributed), money(x.nav)])).toEqual([
        ["300000.01", "1349999.99"],
        ["100000.00", "450000.00"]
      ])
      // The accounts add up to the fund.
      const figures = await kejin.funds.metrics("lp-acct", { asOf: "2026-06-30" })
      expect(money(half.distributed)).toBe(money(figures.distributions))
      expect(money(half.called)).toBe(money(figures.paidIn))
      // TVPI A = (300,000.01 + 1,349,999.99) / 1,500,000 = 1.1; DPI A = 300,000.01 / 1,500,000.
      const multiples = half.accounts.map((x) => [x.tvpi?.toString(), x.dpi?.toFixed(8)]) // float-ok: decimal.js
      expect(multiples).toEqual([
        ["1.1", "0.20000001"],
        ["1.1", "0.20000000"]
      ])
    })

    it("states each LP's quarter: opening, calls, distributions, NAV change, closing", async () => {
      await createFund("lp-stmt")
      await commit("lp-stmt", "甲", "fiscal", "3000000.00")
      await commit("lp-stmt", "乙", "merchant", "1000000.00")
      await kejin.funds.callProRata({ fund: "lp-stmt", on: "2025-01-01", amount: "2000000.00" })
      await kejin.funds.mark({ fund: "lp-stmt", on: "2026-01-01", nav: "2200000.00" })
      await kejin.funds.distributeProRata({
        fund: "lp-stmt",
        on: "2026-06-30",
        distributionKind: "gain",
        amount: "400000.00"
      })
      await kejin.funds.mark({ fund: "lp-stmt", on: "2026-06-30", nav: "2000000.00" })
      const q2 = await kejin.funds.lpStatement("lp-stmt", "2026Q2")
      expect([q2.from, q2.to, q2.closingOn]).toEqual(["2026-04-01", "2026-06-30", "2026-06-30"])
      // Opening: 2,200,000 by 3 : 1. Distributions 300,000 / 100,000. Closing: 2,000,000 by 3 : 1.
      // NAV change = closing − opening − calls + distributions: 1.5M − 1.65M + 0.3M = 150,000.
      const row = (r: (typeof q2.rows)[number]) =>
        [r.opening, r.calls, r.distributions, r.navChange, r.closing].map(money)
      expect(q2.rows.map(row)).toEqual([
        ["1650000.00", "0.00", "300000.00", "150000.00", "1500000.00"],
        ["550000.00", "0.00", "100000.00", "50000.00", "500000.00"]
      ])
      expect(money(q2.total.navChange)).toBe("200000.00")
      // The first quarter: nothing before it; no mark at its end, so no closing balance (and a note).
      const q1 = await kejin.funds.lpStatement("lp-stmt", "2025-Q1")
      expect(q1.rows.map(row)).toEqual([
        ["0.00", "1500000.00", "0.00", null, null],
        ["0.00", "500000.00", "0.00", null, null]
      ])
      expect(q1.notes.join(" ")).toContain("no NAV mark on or before 2025-03-31")
      // The current quarter closes today; a quarter not begun and a malformed one are refused.
      expect((await kejin.funds.lpStatement("lp-stmt", "2026Q4")).closingOn).toBe("2026-12-06")
      expect((await caught(kejin.funds.lpStatement("lp-stmt", "2027Q1"))).message).toBe(
        "quarter: 2027Q1 has not begun (today is 2026-12-06)"
      )
      expect((await caught(kejin.funds.lpStatement("lp-stmt", "2026Q5")))._tag).toBe("ValidationError")
    })
  })
}
