import type { Decimal } from "decimal.js"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { messageText } from "../text/messages.js"

// Multi-currency (the rate table, a fund's currency, figures in it and in yuan) and fund terms (versions,
// the fee schedule, each distribution's LP / GP split), with hand-checked numbers, on both dialects.

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}
type Issue = { path: string; message: string; code?: string; params?: Record<string, string> }
const issuesOf = (e: Record<string, unknown>) => e.issues as Array<Issue>
const money = (d: Decimal | null) => (d === null ? null : toWire(d))
const uscc = (n: number) => makeUscc(`91330302MA2${String(n).padStart(6, "0")}`)

for (const dialect of testDialects()) {
  describe(`fund economics on ${dialect}`, () => {
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

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })).id
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("refuses a currency outside ISO 4217 and a foreign amount that does not give the yuan amount", async () => {
      await createFund("fx-check")
      const zzz = await caught(
        kejin.funds.commit({
          fund: "fx-check",
          on: "2025-01-01",
          lpName: "外资出资",
          lpType: "private",
          amount: "7.00",
          fx: { currency: "ZZZ", amount: "1", rate: "7" }
        })
      )
      expect(zzz._tag).toBe("ValidationError")
      const currency = issuesOf(zzz).find((i) => i.path === "fx.currency")!
      expect(currency.code).toBe("currency-not-iso")
      expect(currency.message).toBe(
        'fx.currency "ZZZ" is not a current ISO 4217 currency code (like USD, EUR, HKD)'
      )
      expect(messageText(currency.code!, currency.params, "zh")).toContain("不是现行的 ISO 4217 货币代码")
      // USD 1 @ 7 is 7.00 yuan, not 350,000,000.00.
      const mismatch = await caught(
        kejin.funds.commit({
          fund: "fx-check",
          on: "2025-01-01",
          lpName: "外资出资",
          lpType: "private",
          amount: "350000000.00",
          fx: { currency: "USD", amount: "1", rate: "7" }
        })
      )
      const amount = issuesOf(mismatch).find((i) => i.path === "fx.amount")!
      expect(amount.code).toBe("fx-amount-mismatch")
      expect(amount.params).toMatchObject({ converted: "7.00", yuan: "350000000.00", exact: "50000000" })
      // Half up to the fen: 3 × 0.335 = 1.005 → 1.01 is accepted, 1.00 is not.
      const ok = await kejin.funds.commit({
        fund: "fx-check",
        on: "2025-01-01",
        lpName: "外资出资",
        lpType: "private",
        amount: "1.01",
        fx: { currency: "USD", amount: "3", rate: "0.335" }
      })
      expect(money(ok.amount)).toBe("1.01")
    })

    it("keeps a dated rate table: recorded, looked up on or before a day, reversed, imported", async () => {
      const first = await kejin.funds.rates.record({
        currency: "USD",
        on: "2025-06-30",
        rate: "7.1586",
        source: "CFETS 中间价"
      })
      await kejin.funds.rates.record({
        currency: "USD",
        on: "2025-07-01",
        rate: "7.1550",
        source: "CFETS 中间价"
      })
      const duplicate = await caught(
        kejin.funds.rates.record({ currency: "USD", on: "2025-06-30", rate: "7.2", source: "CFETS 中间价" })
      )
      expect(duplicate).toMatchObject({ _tag: "ConflictError", field: "on" })
      const bad = await caught(
        kejin.funds.rates.record({ currency: "ZZZ", on: "2025-06-30", rate: "7", source: "x" })
      )
      expect(issuesOf(bad).map((i) => [i.path, i.code])).toEqual([["currency", "currency-not-iso"]])
      const cny = await caught(
        kejin.funds.rates.record({ currency: "CNY", on: "2025-06-30", rate: "1", source: "x" })
      )
      expect(issuesOf(cny).map((i) => i.code)).toEqual(["currency-not-foreign"])

      // On or before: 07-05 reads 07-01's rate, 06-30 its own, 06-29 none.
      const on = async (day: string) => (await kejin.funds.rates.on("USD", day)).rate?.rate.toString() ?? null
      expect(await on("2025-07-05")).toBe("7.155")
      expect(await on("2025-06-30")).toBe("7.1586")
      expect(await on("2025-06-29")).toBeNull()

      // A correction: reverse 07-01's rate, and 07-05 reads 06-30's again.
      const [latest] = await kejin.funds.rates.list("USD")
      const reversed = await kejin.funds.rates.reverse(latest!.id, "录入错误")
      expect(reversed.reversed).toBe(true)
      expect(await on("2025-07-05")).toBe("7.1586")
      expect((await kejin.journal.search({ command: "funds.rates.", limit: 10 })).items).toHaveLength(3)
      expect(first.journalSeq).toBeGreaterThan(0)

      // Imported as kind fx-rates; the same file again records nothing.
      const csv =
        "currency,on,rate,source\nEUR,2025-06-30,7.7896,CFETS 中间价\nHKD,2025-06-30,0.91195,CFETS 中间价\n"
      const rows = async () => (await rowsFromBytes(Buffer.from(csv), "rates.csv")).rows
      expect(await kejin.imports.run({ kind: "fx-rates", rows: await rows() })).toMatchObject({
        ok: 2,
        errors: 0,
        committed: true
      })
      expect(await kejin.imports.run({ kind: "fx-rates", rows: await rows() })).toMatchObject({
        ok: 0,
        identical: 2
      })
      expect(await on("2025-07-05")).toBe("7.1586")
      expect((await kejin.funds.rates.on("HKD", "2025-12-31")).rate?.rate.toString()).toBe("0.91195")
      expect((await kejin.funds.rates.list()).map((r) => r.currency).sort()).toEqual([
        "EUR",
        "HKD",
        "USD",
        "USD"
      ])
    })

    it("shows a fund's figures in its currency and in yuan", async () => {
      await createFund("usd-fund")
      expect((await kejin.funds.currencyFigures("usd-fund", "2026-01-01")).currency).toBe("CNY")
      await kejin.funds.setCurrency({ fund: "usd-fund", currency: "USD" })
      const c = await kejin.funds.commit({
        fund: "usd-fund",
        on: "2025-01-01",
        lpName: "海外出资",
        lpType: "private",
        amount: "71000000.00",
        fx: { currency: "USD", amount: "10000000", rate: "7.1" }
      })
      await kejin.funds.call({
        commitment: c.id,
        on: "2025-01-01",
        amount: "28000000.00",
        fx: { currency: "USD", amount: "4000000", rate: "7" }
      })
      // A distribution recorded in yuan only: converted at the table's rate of its day.
      await kejin.funds.distribute({
        fund: "usd-fund",
        on: "2026-01-01",
        distributionKind: "gain",
        amount: "7200000.00"
      })
      await kejin.funds.mark({
        fund: "usd-fund",
        on: "2026-01-01",
        nav: "36250000.00",
        fx: { currency: "USD", amount: "5000000", rate: "7.25" }
      })
      const missing = await kejin.funds.currencyFigures("usd-fund", "2026-01-01")
      expect(missing.inFundCurrency).toBeNull()
      expect(missing.notes.map((n) => n.code)).toEqual(["note-fund-currency-rate-missing"])
      await kejin.funds.rates.record({
        currency: "USD",
        on: "2025-12-31",
        rate: "7.2",
        source: "CFETS 中间价"
      })

      const f = await kejin.funds.currencyFigures("usd-fund", "2026-01-01")
      // In USD: C 10,000,000; PI 4,000,000; D 7,200,000 / 7.2 = 1,000,000; NAV 5,000,000 (the mark's USD).
      // DPI 0.25, TVPI (1,000,000 + 5,000,000) / 4,000,000 = 1.5; IRR: −4,000,000 then +6,000,000 365 days
      // later = 50 %.
      const usd = f.inFundCurrency!
      expect([usd.committed, usd.paidIn, usd.distributions, usd.nav].map(money)).toEqual([
        "10000000.00",
        "4000000.00",
        "1000000.00",
        "5000000.00"
      ])
      expect([usd.dpi, usd.tvpi].map((d) => d?.toString())).toEqual(["0.25", "1.5"])
      expect(usd.irr._tag === "Rate" ? usd.irr.rate : usd.irr).toBeCloseTo(0.5, 9)
      expect(f.converted).toBe(1)
      // In yuan: PI 28,000,000; D 7,200,000; NAV 36,250,000; TVPI 43,450,000 / 28,000,000 = 1.5517857…,
      // IRR 55.17857… % (one year).
      const cny = f.inYuan
      expect([cny.paidIn, cny.distributions, cny.nav].map(money)).toEqual([
        "28000000.00",
        "7200000.00",
        "36250000.00"
      ])
      expect(cny.tvpi?.toDecimalPlaces(7).toString()).toBe("1.5517857")
      expect(cny.irr._tag === "Rate" ? cny.irr.rate : cny.irr).toBeCloseTo(0.5517857, 6)
      expect(messageText("note-fund-currency-rate-missing", missing.notes[0]!.params, "zh")).toContain(
        "2026-01-01"
      )
    })

    it("keeps a fund's terms as versions and refuses terms that cannot hold", async () => {
      await createFund("terms")
      const terms = {
        feeRateOnCommitment: "0.02",
        feeRateOnCost: "0.015",
        investmentPeriodEnd: "2027-01-01",
        hurdle: "0.08",
        carry: "0.2",
        catchUp: "1",
        waterfall: "european"
      }
      const v1 = await kejin.funds.terms.set({ fund: "terms", ...terms })
      const v2 = await kejin.funds.terms.set({ fund: "terms", ...terms, carry: "0.25" })
      expect([v1.version, v2.version]).toEqual([1, 2])
      const history = await kejin.funds.terms.get("terms")
      expect(history.versions.map((v) => [v.version, v.carry.toString()])).toEqual([
        [2, "0.25"],
        [1, "0.2"]
      ])
      const bad = await caught(
        kejin.funds.terms.set({ fund: "terms", ...terms, catchUp: "0.1", investmentPeriodEnd: "2024-12-31" })
      )
      expect(issuesOf(bad).map((i) => [i.path, i.code])).toEqual([["catchUp", "fund-terms-catch-up"]])
      const early = await caught(
        kejin.funds.terms.set({ fund: "terms", ...terms, investmentPeriodEnd: "2025-01-01" })
      )
      expect(issuesOf(early).map((i) => [i.path, i.code])).toEqual([
        ["investmentPeriodEnd", "fund-terms-period-end"]
      ])
      expect(await caught(kejin.funds.fees("nope"))).toMatchObject({ _tag: "NotFoundError" })
    })

    it("computes the fee schedule from the terms and the ledger (fees-and-waterfalls.md)", async () => {
      await createFund("fees")
      await kejin.registry.addEnterprise({
        uscc: uscc(1),
        name: "鹿城科技",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
      await kejin.funds.commit({
        fund: "fees",
        on: "2025-01-01",
        lpName: "财政",
        lpType: "fiscal",
        amount: "100000000.00"
      })
      const inv = await kejin.funds.invest({
        fund: "fees",
        enterprise: uscc(1),
        on: "2026-07-01",
        amount: "60000000.00",
        instrument: "equity"
      })
      await kejin.funds.terms.set({
        fund: "fees",
        feeRateOnCommitment: "0.02",
        feeRateOnCost: "0.015",
        investmentPeriodEnd: "2027-01-01",
        hurdle: "0.08",
        carry: "0.2",
        catchUp: "1",
        waterfall: "european"
      })
      const schedule = await kejin.funds.fees("fees", "2026-12-06")
      // 2025: 100,000,000 × 2 % = 2,000,000.00; 2026 to 12-06 (340 days): 100,000,000 × 2 % × 340 / 365
      // = 1,863,013.698… → 1,863,013.70.
      expect(schedule.periods.map((p) => [p.from, p.to, money(p.fee)])).toEqual([
        ["2025-01-01", "2026-01-01", "2000000.00"],
        ["2026-01-01", "2026-12-07", "1863013.70"]
      ])
      expect(money(schedule.total)).toBe("3863013.70")
      expect(inv.id).toBeGreaterThan(0)
    })

    it("splits each distribution into LP and GP parts, European: the cumulative whole-fund tiers", async () => {
      await createFund("eu")
      const c = await kejin.funds.commit({
        fund: "eu",
        on: "2025-01-01",
        lpName: "财政",
        lpType: "fiscal",
        amount: "100000000.00"
      })
      await kejin.funds.call({ commitment: c.id, on: "2025-01-01", amount: "100000000.00" })
      await kejin.funds.terms.set({
        fund: "eu",
        feeRateOnCommitment: "0.02",
        feeRateOnCost: "0.015",
        investmentPeriodEnd: "2027-01-01",
        hurdle: "0.08",
        carry: "0.2",
        catchUp: "1",
        waterfall: "european"
      })
      // 150,000,000 in two: 120,000,000 then 30,000,000, both 2026-01-01 (365 days, P = 8,000,000).
      await kejin.funds.distribute({
        fund: "eu",
        on: "2026-01-01",
        distributionKind: "gain",
        amount: "120000000.00"
      })
      await kejin.funds.distribute({
        fund: "eu",
        on: "2026-01-01",
        distributionKind: "gain",
        amount: "30000000.00"
      })
      const split = await kejin.funds.waterfall("eu", "2026-06-30")
      // First 120,000,000: capital 100,000,000 + P 8,000,000 to the LPs, then the catch-up tier (0.2 × 8,000,000
      // / 0.8 = 2,000,000) to the GP, then 10,000,000 split 8,000,000 / 2,000,000 → LP 116,000,000, GP 4,000,000.
      // Then 30,000,000, all in the 80 / 20 tier: LP 24,000,000, GP 6,000,000. GP total 10,000,000 = 20 % of the
      // 50,000,000 profit.
      expect(split.distributions.map((d) => [money(d.amount), money(d.lp), money(d.gp)])).toEqual([
        ["120000000.00", "116000000.00", "4000000.00"],
        ["30000000.00", "24000000.00", "6000000.00"]
      ])
      expect([money(split.lp), money(split.gp)]).toEqual(["140000000.00", "10000000.00"])
      expect(split.american).toBeNull()
    })

    it("splits each distribution into LP and GP parts, American: carry per exit, clawback when the fund loses", async () => {
      await createFund("us")
      const base = {
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      }
      await kejin.registry.addEnterprise({ uscc: uscc(2), name: "甲科技", ...base })
      await kejin.registry.addEnterprise({ uscc: uscc(3), name: "乙科技", ...base })
      await kejin.funds.commit({
        fund: "us",
        on: "2025-01-01",
        lpName: "财政",
        lpType: "fiscal",
        amount: "100000000.00"
      })
      const invest = (n: number) =>
        kejin.funds.invest({
          fund: "us",
          enterprise: uscc(n),
          on: "2025-01-01",
          amount: "50000000.00",
          instrument: "equity"
        })
      const a = await invest(2)
      const b = await invest(3)
      await kejin.funds.terms.set({
        fund: "us",
        feeRateOnCommitment: "0.02",
        feeRateOnCost: "0.015",
        investmentPeriodEnd: "2027-01-01",
        hurdle: "0.08",
        carry: "0.2",
        catchUp: "1",
        waterfall: "american"
      })
      // Deal A: 50,000,000 → 90,000,000 after 365 days (P 4,000,000): capital + P to the LPs, catch-up
      // 1,000,000 to the GP, 35,000,000 split 28,000,000 / 7,000,000 → GP 8,000,000.
      await kejin.funds.exit({
        investment: a.id,
        on: "2026-01-01",
        proceeds: "90000000.00",
        route: "m-and-a"
      })
      await kejin.funds.distribute({
        fund: "us",
        on: "2026-01-01",
        distributionKind: "gain",
        amount: "90000000.00"
      })
      const won = await kejin.funds.waterfall("us", "2026-06-30")
      expect(won.distributions.map((d) => [money(d.lp), money(d.gp)])).toEqual([
        ["82000000.00", "8000000.00"]
      ])
      expect(money(won.american!.clawback)).toBe("0.00")
      // Deal B written off: the whole fund (100,000,000 in, 90,000,000 out) owes the GP no carry: all
      // 8,000,000 is clawed back.
      await kejin.funds.exit({ investment: b.id, on: "2026-03-01", proceeds: "0.00", route: "write-off" })
      const lost = await kejin.funds.waterfall("us", "2026-06-30")
      expect([lost.american!.earned, lost.american!.gpWholeFund, lost.american!.clawback].map(money)).toEqual(
        ["8000000.00", "0.00", "8000000.00"]
      )
    })
  })
}
