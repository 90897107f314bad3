import type { Decimal } from "decimal.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { toWire, Yuan } from "../money/index.js"
import { makeUscc } from "../registry/codes.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { toEpochDay } from "../time/index.js"
import {
  cityFundCommitted,
  cityFundDirectInvestments,
  cityFundKpisToJson,
  fundFiguresToJson,
  holdingOf,
  programmeFunds
} from "./metrics.js"
import type { Fund } from "./schema.js"

/*
 * WORKED EXAMPLE, hand-checked. Amounts in yuan.
 *
 * City fund wz-city (kind city-fund), vintage 2024-12-01:
 *   commitments 2024-12-20 温州市财政局 fiscal 200,000,000; 2025-03-01 温州国投 state-owned 100,000,000
 *   call 2025-01-05: 60,000,000 on the fiscal commitment
 *   direct investments 2025-07-01 D (frontier) 5,000,000; 2025-08-01 E (other) 3,000,000
 * Sub-fund wz-angel-1 (sub-fund of wz-city, chain stage angel), vintage 2025-01-01, 返投 required 1.5:
 *   commitments 2025-01-10: wz-city (lpFund, state-owned) 30,000,000; 某民营 private 70,000,000 → C = 100,000,000
 *   calls 40 % on 2025-02-01: 12,000,000 + 28,000,000 → PI = 40,000,000
 *   investments 2025-03-01 A (鹿城 330302: local) 15,000,000;
 *               2025-06-01 B (Hangzhou 330106 on that day; moved to 瑞安 330381 on 2025-09-01: NOT local) 10,000,000
 *   exit 2025-11-15 from A: proceeds 8,000,000, cost basis 5,000,000 (gain 3,000,000)
 *   distribution 2025-12-01 6,000,000; NAV mark 2025-12-31 42,000,000
 *   valuations 2025-12-31: A 14,000,000; B 12,000,000
 *   a distribution of 1,000,000 on 2025-12-15 entered by mistake and reversed: it counts nowhere
 * Sub-fund wz-venture-1 (sub-fund of wz-city, venture), vintage 2025-01-01, no 返投 requirement:
 *   commitments 2025-02-01: wz-city (state-owned) 20,000,000; 瑞安市财政 fiscal 10,000,000; 温商 merchant 50,000,000
 *
 * wz-angel-1 as of 2025-12-31:
 *   committed 100,000,000; paid-in 40,000,000; unfunded 60,000,000; called 40/100 = 0.4
 *   distributions 6,000,000; NAV 42,000,000
 *   DPI = 6/40 = 0.15; RVPI = 42/40 = 1.05; TVPI = (6 + 42)/40 = 1.2
 *   invested 25,000,000; exit proceeds 8,000,000; remaining cost (15 − 5) + 10 = 20,000,000;
 *   holdings value 14 + 12 = 26,000,000; gross MOIC (8 + 26)/25 = 1.36
 *   deal MOIC A = (8 + 14)/15 = 1.4666…; B = 12/10 = 1.2
 *   leverage 100/30 = 3.3333…; social-capital multiple (100 − 30)/30 = 70/30 = 2.3333…
 *   返投 multiple = local invested 15,000,000 (A only) / city-fund commitment 30,000,000 = 0.5;
 *   completion 0.5/1.5 = 0.3333…
 *   net IRR, flows −40,000,000 on 2025-02-01 (day 0), +6,000,000 on 2025-12-01 (day 303),
 *   +42,000,000 (the NAV) on 2025-12-31 (day 333): −40 + 6/(1+r)^(303/365) + 42/(1+r)^(333/365) = 0.
 *   At r = 0.224013: ln(1.224013) = 0.202131; 6/e^(0.830137 × 0.202131) = 6/1.182700 = 5.0732;
 *   42/e^(0.912329 × 0.202131) = 42/1.202510 = 34.9268; 5.0732 + 34.9268 = 40.0000 ✓ → net IRR ≈ 22.40 %.
 *   gross IRR, flows −15,000,000 (2025-03-01, day 0), −10,000,000 (2025-06-01, day 92), +8,000,000
 *   (2025-11-15, day 259), +26,000,000 (2025-12-31, day 305) → r ≈ 0.544071 (54.41 %).
 * wz-venture-1: size 80,000,000; government 20 + 10 = 30,000,000; leverage 80/30 = 2.6666…;
 *   social 50/30 = 1.6666…; 返投 0/20 = 0; completion null (none required); no NAV mark → NAV null.
 * Programme, seen through without counting a yuan twice: a commitment from a programme fund into a
 *   programme fund is internal (city → angel 30,000,000, city → venture 20,000,000 = 50,000,000).
 *   size = external commitments = 300,000,000 (city fund's LPs) + 70,000,000 (angel: private)
 *        + 10,000,000 + 50,000,000 (venture: 瑞安 fiscal, merchant) = 430,000,000
 *        (naive sum of sizes 300 + 100 + 80 = 480,000,000 counts the 50,000,000 twice)
 *   government = 300,000,000 + 10,000,000 = 310,000,000
 *   leverage 430/310 = 1.3870967…; social-capital multiple (430 − 310)/310 = 0.3870967…
 * City fund: scale (committed) 300,000,000; paid-in 60,000,000; committed to sub-funds 50,000,000;
 *   direct investments in 2025: 1 qualifying (D, frontier, 5,000,000) of 2; target 5 → progress 0.2.
 * Target measures: city-fund-committed over 2025 = 100,000,000 (the 2024-12-20 commitment is outside it),
 *   over 2024-01-01..2025-12-31 = 300,000,000; city-fund-direct-investments over 2025 = 1.
 */

const uscc = (n: number) => makeUscc(`91330302MA2${String(n).padStart(6, "0")}`)
const A = uscc(11)
const B = uscc(12)
const D = uscc(14)
const E = uscc(15)
const AS_OF = "2025-12-31"

/** An independent XIRR for the check: Actual/365 XNPV, bisection on [−0.99, 10]. */
const bisectIrr = (flows: ReadonlyArray<readonly [string, number]>): number => {
  const d0 = Math.min(...flows.map(([d]) => toEpochDay(d)))
  const npv = (r: number) => flows.reduce((s, [d, a]) => s + a / (1 + r) ** ((toEpochDay(d) - d0) / 365), 0)
  let lo = -0.99
  let hi = 10
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (npv(lo) > 0 === npv(mid) > 0) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

const fixed = (d: Decimal | null, places = 20) => (d === null ? null : d.toDecimalPlaces(places).toString())
const rateOf = (r: { _tag: string; rate?: number }) => {
  if (r._tag !== "Rate") throw new Error(`expected a rate, got ${JSON.stringify(r)}`)
  return r.rate!
}

for (const dialect of testDialects()) {
  describe(`fund metrics on ${dialect}: the worked example`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      const k = kejin
      const cityManager = await k.registry.addInstitution({
        kind: "fund-manager",
        name: "温州科创投资管理有限公司"
      })
      const subManager = await k.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })
      const ent = (code: string, name: string, district: string, techCategory: string) =>
        k.registry.addEnterprise({
          uscc: code,
          name,
          district,
          industry: "新材料",
          stage: "start-up",
          techCategory
        })
      await ent(A, "企业A", "330302", "key-generic")
      await ent(B, "企业B", "330106", "frontier")
      await k.registry.moveEnterprise({ uscc: B, district: "330381", since: "2025-09-01" })
      await ent(D, "企业D", "330382", "frontier")
      await ent(E, "企业E", "330304", "other")

      const base = { targetSize: "100000000.00", vintage: "2025-01-01", district: "330302" }
      await k.funds.create({
        ...base,
        code: "wz-city",
        name: "温州市科技创新基金",
        kind: "city-fund",
        manager: cityManager.id,
        targetSize: "10000000000.00",
        vintage: "2024-12-01"
      })
      await k.funds.create({
        ...base,
        code: "wz-angel-1",
        name: "温州天使子基金一期",
        kind: "sub-fund",
        parent: "wz-city",
        chainStage: "angel",
        manager: subManager.id,
        reinvestRequired: "1.5"
      })
      await k.funds.create({
        ...base,
        code: "wz-venture-1",
        name: "温州创投子基金一期",
        kind: "sub-fund",
        parent: "wz-city",
        chainStage: "venture",
        manager: subManager.id,
        targetSize: "80000000.00",
        district: "330381"
      })

      // City fund
      const fiscal = await k.funds.commit({
        fund: "wz-city",
        on: "2024-12-20",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "200000000.00"
      })
      await k.funds.commit({
        fund: "wz-city",
        on: "2025-03-01",
        lpName: "温州国投",
        lpType: "state-owned",
        amount: "1亿"
      })
      await k.funds.call({ commitment: fiscal.id, on: "2025-01-05", amount: "60000000.00" })
      await k.funds.invest({
        fund: "wz-city",
        enterprise: D,
        on: "2025-07-01",
        amount: "5000000.00",
        instrument: "equity"
      })
      await k.funds.invest({
        fund: "wz-city",
        enterprise: E,
        on: "2025-08-01",
        amount: "3000000.00",
        instrument: "equity"
      })

      // wz-angel-1
      const fromCity = await k.funds.commit({
        fund: "wz-angel-1",
        on: "2025-01-10",
        lpFund: "wz-city",
        lpType: "state-owned",
        amount: "30000000.00"
      })
      const privateLp = await k.funds.commit({
        fund: "wz-angel-1",
        on: "2025-01-10",
        lpName: "某民营企业",
        lpType: "private",
        amount: "70000000.00"
      })
      await k.funds.call({ commitment: fromCity.id, on: "2025-02-01", amount: "12000000.00" })
      await k.funds.call({ commitment: privateLp.id, on: "2025-02-01", amount: "28000000.00" })
      const a = await k.funds.invest({
        fund: "wz-angel-1",
        enterprise: A,
        on: "2025-03-01",
        amount: "15000000.00",
        instrument: "equity",
        round: "天使轮"
      })
      const b = await k.funds.invest({
        fund: "wz-angel-1",
        enterprise: B,
        on: "2025-06-01",
        amount: "10000000.00",
        instrument: "convertible"
      })
      await k.funds.exit({
        investment: a.id,
        on: "2025-11-15",
        proceeds: "8000000.00",
        costBasis: "5000000.00",
        route: "share-transfer"
      })
      await k.funds.distribute({
        fund: "wz-angel-1",
        on: "2025-12-01",
        distributionKind: "return-of-capital",
        amount: "6000000.00"
      })
      const wrong = await k.funds.distribute({
        fund: "wz-angel-1",
        on: "2025-12-15",
        distributionKind: "gain",
        amount: "1000000.00"
      })
      await k.funds.reverse(wrong.id, "recorded on the wrong fund")
      await k.funds.mark({ fund: "wz-angel-1", on: AS_OF, nav: "42000000.00" })
      await k.funds.value({ investment: a.id, on: AS_OF, fairValue: "14000000.00" })
      await k.funds.value({ investment: b.id, on: AS_OF, fairValue: "12000000.00" })

      // wz-venture-1
      await k.funds.commit({
        fund: "wz-venture-1",
        on: "2025-02-01",
        lpFund: "wz-city",
        lpType: "state-owned",
        amount: "20000000.00"
      })
      await k.funds.commit({
        fund: "wz-venture-1",
        on: "2025-02-01",
        lpName: "瑞安市财政局",
        lpType: "fiscal",
        amount: "10000000.00"
      })
      await k.funds.commit({
        fund: "wz-venture-1",
        on: "2025-02-01",
        lpName: "温商",
        lpType: "merchant",
        amount: "5000万"
      })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("computes the sub-fund's figures by hand", async () => {
      const m = await kejin.funds.metrics("wz-angel-1", { asOf: AS_OF })
      expect(m.committed.toFixed(2)).toBe("100000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.paidIn.toFixed(2)).toBe("40000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.unfunded.toFixed(2)).toBe("60000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.calledPercent?.toString()).toBe("0.4")
      expect(m.distributions.toFixed(2)).toBe("6000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.nav?.toFixed(2)).toBe("42000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.navDate).toBe(AS_OF)
      expect(m.dpi?.toString()).toBe("0.15")
      expect(m.rvpi?.toString()).toBe("1.05")
      expect(m.tvpi?.toString()).toBe("1.2")
      expect(m.invested.toFixed(2)).toBe("25000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.exitProceeds.toFixed(2)).toBe("8000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.remainingCost.toFixed(2)).toBe("20000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.holdingsValue.toFixed(2)).toBe("26000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.grossMoic?.toString()).toBe("1.36")
      expect(m.unvaluedHoldings).toBe(0)
      expect(m.notes).toEqual([])

      const net = rateOf(m.netIrr)
      const independentNet = bisectIrr([
        ["2025-02-01", -40_000_000],
        ["2025-12-01", 6_000_000],
        ["2025-12-31", 42_000_000]
      ])
      expect(net).toBeCloseTo(independentNet, 9)
      expect(net).toBeCloseTo(0.2240131, 6)
      const gross = rateOf(m.grossIrr)
      const independentGross = bisectIrr([
        ["2025-03-01", -15_000_000],
        ["2025-06-01", -10_000_000],
        ["2025-11-15", 8_000_000],
        ["2025-12-31", 26_000_000]
      ])
      expect(gross).toBeCloseTo(independentGross, 9)
      expect(gross).toBeCloseTo(0.5440715, 6)

      const wire = fundFiguresToJson(m)
      expect(wire).toMatchObject({
        committed: "100000000.00",
        dpi: "0.150000",
        tvpi: "1.200000",
        nav: "42000000.00"
      })
    })

    it("computes deal-level figures by district on the investment date and by local flag", async () => {
      const byDistrict = await kejin.funds.deals("district", { asOf: AS_OF, funds: ["wz-angel-1"] })
      expect(byDistrict.map((g) => [g.key, g.label])).toEqual([
        ["330106", "330106 (not Wenzhou)"],
        ["330302", "鹿城区"]
      ])
      const [b, a] = byDistrict.map((g) => g.figures)
      expect(fixed(a!.moic)).toBe("1.46666666666666666667")
      expect(a!.fairValue.toFixed(2)).toBe("14000000.00") // float-ok: Decimal.toFixed, exact
      expect(b!.moic?.toString()).toBe("1.2")
      const byLocal = await kejin.funds.deals("local", { asOf: AS_OF, funds: ["wz-angel-1"] })
      expect(byLocal.map((g) => [g.key, g.figures.count, toWire(g.figures.invested)])).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        ["local", 1, "15000000.00"],
        ["non-local", 1, "10000000.00"]
      ])
      const [all] = await kejin.funds.deals("all", { asOf: AS_OF, funds: ["wz-angel-1"] })
      expect(all!.figures.moic?.toString()).toBe("1.36")
      expect(rateOf(all!.figures.grossIrr)).toBeCloseTo(0.5440715, 6)
      const byTech = await kejin.funds.deals("techCategory", { asOf: AS_OF })
      expect(byTech.map((g) => [g.key, g.figures.count])).toEqual([
        ["frontier", 2],
        ["key-generic", 1],
        ["other", 1]
      ])
    })

    it("computes leverage, social-capital multiple and 返投 per sub-fund", async () => {
      const kpis = await kejin.funds.cityFund({ asOf: AS_OF })
      const angel = kpis.subFunds.find((s) => s.fund === "wz-angel-1")!
      expect(angel.size.toFixed(2)).toBe("100000000.00") // float-ok: Decimal.toFixed, exact
      expect(angel.government.toFixed(2)).toBe("30000000.00") // float-ok: Decimal.toFixed, exact
      expect(angel.cityFundCommitted.toFixed(2)).toBe("30000000.00") // float-ok: Decimal.toFixed, exact
      expect(fixed(angel.leverage)).toBe("3.33333333333333333333")
      expect(fixed(angel.socialMultiple)).toBe("2.33333333333333333333")
      expect(angel.investedLocal.toFixed(2)).toBe("15000000.00") // float-ok: Decimal.toFixed, exact
      expect(angel.reinvestMultiple?.toString()).toBe("0.5")
      expect(angel.reinvestRequired?.toString()).toBe("1.5")
      expect(fixed(angel.reinvestCompletion)).toBe("0.33333333333333333333")
      const venture = kpis.subFunds.find((s) => s.fund === "wz-venture-1")!
      expect(venture.size.toFixed(2)).toBe("80000000.00") // float-ok: Decimal.toFixed, exact
      expect(venture.government.toFixed(2)).toBe("30000000.00") // float-ok: Decimal.toFixed, exact
      expect(fixed(venture.leverage)).toBe("2.66666666666666666667")
      expect(fixed(venture.socialMultiple)).toBe("1.66666666666666666667")
      expect(venture.reinvestMultiple?.toString()).toBe("0")
      expect(venture.reinvestCompletion).toBeNull()
    })

    it("sees the programme through without counting a yuan twice", async () => {
      const { programme, ...city } = await kejin.funds.cityFund({ asOf: AS_OF })
      expect([...programme.funds].sort()).toEqual(["wz-angel-1", "wz-city", "wz-venture-1"])
      expect(programme.size.toFixed(2)).toBe("430000000.00") // float-ok: Decimal.toFixed, exact
      expect(programme.government.toFixed(2)).toBe("310000000.00") // float-ok: Decimal.toFixed, exact
      expect(programme.social.toFixed(2)).toBe("120000000.00") // float-ok: Decimal.toFixed, exact
      expect(programme.grossOfInternal.toFixed(2)).toBe("480000000.00") // float-ok: Decimal.toFixed, exact
      expect(programme.internal.toFixed(2)).toBe("50000000.00") // float-ok: Decimal.toFixed, exact
      expect(fixed(programme.leverage)).toBe(fixed(new Yuan(430).div(310)))
      expect(fixed(programme.leverage, 7)).toBe("1.3870968")
      expect(fixed(programme.socialMultiple, 7)).toBe("0.3870968")
      expect(city.cityFunds).toEqual(["wz-city"])
      expect(city.committed.toFixed(2)).toBe("300000000.00") // float-ok: Decimal.toFixed, exact
      expect(city.paidIn.toFixed(2)).toBe("60000000.00") // float-ok: Decimal.toFixed, exact
      expect(city.calledPercent?.toString()).toBe("0.2")
      expect(city.committedToSubFunds.toFixed(2)).toBe("50000000.00") // float-ok: Decimal.toFixed, exact
    })

    it("counts the city fund's direct investments of the year by tech category against the target of 5", async () => {
      const { directInvestments: d } = await kejin.funds.cityFund({ asOf: AS_OF })
      expect(d).toMatchObject({
        from: "2025-01-01",
        to: AS_OF,
        count: 1,
        countAll: 2,
        target: 5,
        progress: 0.2
      })
      expect(d.amount.toFixed(2)).toBe("5000000.00") // float-ok: Decimal.toFixed, exact
      expect(d.byTechCategory.map((c) => [c.techCategory, c.count, toWire(c.amount)])).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        ["key-generic", 0, "0.00"],
        ["frontier", 1, "5000000.00"],
        ["engineering", 0, "0.00"],
        ["disruptive", 0, "0.00"],
        ["other", 1, "3000000.00"]
      ])
      const early = await kejin.funds.cityFund({ asOf: "2025-07-31", directTarget: 4 })
      expect(early.directInvestments).toMatchObject({ count: 1, countAll: 1, target: 4, progress: 0.25 })
      expect(cityFundKpisToJson(early).programme.size).toBe("430000000.00")
    })

    it("exposes the two target measures", async () => {
      const in2025 = await kejin.run(cityFundCommitted({ from: "2025-01-01", to: "2025-12-31" }))
      expect(in2025.toFixed(2)).toBe("100000000.00") // float-ok: Decimal.toFixed, exact
      const both = await kejin.run(cityFundCommitted({ from: "2024-01-01", to: "2025-12-31" }))
      expect(both.toFixed(2)).toBe("300000000.00") // float-ok: Decimal.toFixed, exact
      const direct = await kejin.run(cityFundDirectInvestments({ from: "2025-01-01", to: "2025-12-31" }))
      expect(direct.toString()).toBe("1")
      const none = await kejin.run(cityFundDirectInvestments({ from: "2026-01-01", to: "2026-12-31" }))
      expect(none.toString()).toBe("0")
    })

    it("groups fund-level figures by kind, chain stage and manager; pools a set of funds", async () => {
      const byKind = await kejin.funds.groups("kind", { asOf: AS_OF })
      expect(byKind.map((g) => [g.key, toWire(g.figures.committed)])).toEqual([
        // float-ok: Decimal.toFixed, exact
        // float-ok: Decimal.toFixed, exact
        ["city-fund", "300000000.00"],
        ["sub-fund", "180000000.00"]
      ])
      const byStage = await kejin.funds.groups("chainStage", { asOf: AS_OF })
      expect(byStage.map((g) => g.key)).toEqual(["angel", "none", "venture"])
      const byManager = await kejin.funds.groups("manager", { asOf: AS_OF })
      expect(byManager.map((g) => [g.label, g.figures.funds.length])).toEqual([
        ["温州科创投资管理有限公司", 1],
        ["瓯江创投管理", 2]
      ])
      // The venture fund has nothing paid in and no mark: it adds nothing to the pooled NAV.
      const pooled = await kejin.funds.metrics(["wz-angel-1", "wz-venture-1"], { asOf: AS_OF })
      expect(pooled.committed.toFixed(2)).toBe("180000000.00") // float-ok: Decimal.toFixed, exact
      expect(pooled.nav?.toFixed(2)).toBe("42000000.00") // float-ok: Decimal.toFixed, exact
      expect(pooled.tvpi?.toString()).toBe("1.2")
      // The city fund has paid in but has no mark: the group's NAV is not known, and says why.
      const sub = byKind.find((g) => g.key === "city-fund")!.figures
      expect(sub.nav).toBeNull()
      expect(sub.tvpi).toBeNull()
      expect(sub.netIrr._tag).toBe("NoRate")
      expect(sub.notes[0]).toMatch(/no NAV mark on or before 2025-12-31 for wz-city/)
    })

    it("answers as of an earlier date from the entries dated by then", async () => {
      const m = await kejin.funds.metrics("wz-angel-1", { asOf: "2025-06-30" })
      expect(m.paidIn.toFixed(2)).toBe("40000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.invested.toFixed(2)).toBe("25000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.distributions.toFixed(2)).toBe("0.00") // float-ok: Decimal.toFixed, exact
      expect(m.nav).toBeNull()
      expect(m.rvpi).toBeNull()
      expect(m.dpi?.toString()).toBe("0")
      expect(m.netIrr).toMatchObject({ _tag: "NoRate" })
      // Holdings without a valuation count at cost.
      expect(m.holdingsValue.toFixed(2)).toBe("25000000.00") // float-ok: Decimal.toFixed, exact
      expect(m.unvaluedHoldings).toBe(2)
      expect(m.notes.join(" ")).toMatch(/2 holding\(s\) have no valuation/)
      const venture = await kejin.funds.metrics("wz-venture-1", { asOf: AS_OF })
      expect(venture.dpi).toBeNull()
      expect(venture.grossIrr).toMatchObject({ _tag: "NoRate" })
    })

    it("validates asOf and fund codes", async () => {
      await expect(kejin.funds.metrics("wz-angel-1", { asOf: "2025-02-30" })).rejects.toMatchObject({
        _tag: "ValidationError"
      })
      await expect(kejin.funds.metrics("nope")).rejects.toMatchObject({ _tag: "NotFoundError", id: "nope" })
    })
  })
}

describe("fair value of a holding", () => {
  const row = {
    id: 1,
    fundId: 1,
    on: "2025-06-01",
    cost: new Yuan("10000000"),
    district: "330381",
    techCategory: "frontier",
    mode: "direct"
  }
  const event = (kind: "valuation" | "exit", on: string, amount: string, cost = "0") => ({
    kind,
    on,
    amount: new Yuan(amount),
    cost: new Yuan(cost)
  })

  it("counts an unvalued holding at its remaining cost", () => {
    const h = holdingOf(row, [event("exit", "2025-09-01", "3000000", "4000000")])
    expect(h.remainingCost.toString()).toBe("6000000")
    expect(h.fairValue.toString()).toBe("6000000")
    expect(h.valuedOn).toBeNull()
    expect(h.local).toBe(true)
  })

  it("scales a valuation pro rata when a later exit took part of the holding", () => {
    // Valued 12,000,000 with all 10,000,000 of cost remaining; then half the cost exited:
    // 12,000,000 × 5,000,000 / 10,000,000 = 6,000,000.
    const h = holdingOf(row, [
      event("valuation", "2025-12-31", "12000000"),
      event("exit", "2026-03-01", "7000000", "5000000")
    ])
    expect(h.fairValue.toString()).toBe("6000000")
    // A third exited after: 12,000,000 × 6,666,666.67 / 10,000,000 = 8,000,000.004 → 8,000,000.00 (half-even, fen).
    const third = holdingOf(row, [
      event("valuation", "2025-12-31", "12000000"),
      event("exit", "2026-03-01", "1", "3333333.33")
    ])
    expect(third.fairValue.toFixed(2)).toBe("8000000.00") // float-ok: Decimal.toFixed, exact
  })

  it("takes a valuation dated the same day as an exit as the value after it", () => {
    const h = holdingOf(row, [
      event("exit", "2025-12-31", "1", "5000000"),
      event("valuation", "2025-12-31", "9000000")
    ])
    expect(h.fairValue.toString()).toBe("9000000")
  })

  it("is zero once nothing remains", () => {
    const h = holdingOf(row, [
      event("valuation", "2025-12-01", "9"),
      event("exit", "2025-12-31", "1", "10000000")
    ])
    expect(h.fairValue.toString()).toBe("0")
  })
})

describe("programme membership", () => {
  const fund = (id: number, code: string, kind: Fund["kind"], parent: string | null = null) =>
    ({ id, code, kind, parent }) as unknown as Fund

  it("takes the city funds, their descendants by parent and the funds a programme fund committed to", () => {
    const funds = [
      fund(1, "city", "city-fund"),
      fund(2, "sub", "sub-fund", "city"),
      fund(3, "subsub", "sub-fund", "sub"),
      fund(4, "co", "chain"),
      fund(5, "outside", "chain"),
      fund(6, "national-sub", "sub-fund", "outside")
    ]
    const members = programmeFunds(funds, [{ fundId: 4, lpFundId: 3 }])
    expect([...members].sort()).toEqual([1, 2, 3, 4])
  })
})

/*
 * NAV ROLL-FORWARD, hand-checked (issue 13: a distribution after the last mark must not raise TVPI).
 *
 * rf-fund: commitment 100,000,000; call 50,000,000 on 2025-01-15; distributions 6,800,000 on 2025-06-30
 * and 100,000 on 2025-11-30; NAV mark 50,000,000 on 2025-11-30 (a mark is the value at the end of its day:
 * the 11-30 distribution is already in it, so it is not adjusted).
 *   as of 2025-11-30: D 6,900,000; NAV 50,000,000; TVPI (6.9 + 50)/50 = 1.138.
 * Then a distribution of 1,000,000 on 2025-12-03:
 *   as of 2025-12-05: adjusted NAV = 50,000,000 + 0 − 1,000,000 = 49,000,000; D 7,900,000;
 *   TVPI (7.9 + 49)/50 = 1.138 (unchanged: without the roll-forward it would read (7.9 + 50)/50 = 1.158);
 *   DPI 7.9/50 = 0.158; RVPI 49/50 = 0.98. Net IRR: −50,000,000 on 01-15, +6,800,000 on 06-30,
 *   +100,000 on 11-30, +1,000,000 on 12-03 and the adjusted NAV +49,000,000 on 12-05.
 * Then a call of 5,000,000 on 2025-12-10:
 *   as of 2025-12-31: PI 55,000,000; NAV 50 + 5 − 1 = 54,000,000; TVPI (7.9 + 54)/55 = 1.12545454…
 * rf-other: commitment and call 10,000,000 on 2025-02-01; mark 12,000,000 on 2025-09-30; distribution
 *   2,000,000 on 2025-10-15 → adjusted 10,000,000.
 *   Pooled with rf-fund as of 2025-12-05: NAV 49 + 10 = 59,000,000 on marks of 62,000,000, distributions
 *   since 3,000,000, latest mark 2025-11-30.
 * rf-short: call 10,000,000 on 2025-02-01; mark 1,000,000 on 2025-03-31; distribution 3,000,000 on
 *   2025-04-30 → adjusted −2,000,000, kept, with a note asking for a new mark.
 */
for (const dialect of testDialects()) {
  describe(`NAV roll-forward on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      const k = kejin
      const manager = await k.registry.addInstitution({ kind: "fund-manager", name: "滚动估值测试管理人" })
      const base = { kind: "chain", chainStage: "venture", manager: manager.id, targetSize: "100000000.00" }
      const lp = async (fund: string, amount: string, on: string) => {
        const c = await k.funds.commit({ fund, on, lpName: "某民营LP", lpType: "private", amount })
        return c.id
      }
      await k.funds.create({
        ...base,
        code: "rf-fund",
        name: "滚动估值基金",
        vintage: "2025-01-01",
        district: "330302"
      })
      const c1 = await lp("rf-fund", "100000000.00", "2025-01-10")
      await k.funds.call({ commitment: c1, on: "2025-01-15", amount: "50000000.00" })
      const give = (fund: string, on: string, amount: string) =>
        k.funds.distribute({ fund, on, distributionKind: "gain", amount })
      await give("rf-fund", "2025-06-30", "6800000.00")
      await give("rf-fund", "2025-11-30", "100000.00")
      await k.funds.mark({ fund: "rf-fund", on: "2025-11-30", nav: "50000000.00" })
      await give("rf-fund", "2025-12-03", "1000000.00")
      await k.funds.call({ commitment: c1, on: "2025-12-10", amount: "5000000.00" })

      await k.funds.create({
        ...base,
        code: "rf-other",
        name: "滚动估值基金二",
        vintage: "2025-01-01",
        district: "330302"
      })
      const c2 = await lp("rf-other", "10000000.00", "2025-02-01")
      await k.funds.call({ commitment: c2, on: "2025-02-01", amount: "10000000.00" })
      await k.funds.mark({ fund: "rf-other", on: "2025-09-30", nav: "12000000.00" })
      await give("rf-other", "2025-10-15", "2000000.00")

      await k.funds.create({
        ...base,
        code: "rf-short",
        name: "滚动估值基金三",
        vintage: "2025-01-01",
        district: "330302"
      })
      const c3 = await lp("rf-short", "10000000.00", "2025-02-01")
      await k.funds.call({ commitment: c3, on: "2025-02-01", amount: "10000000.00" })
      await k.funds.mark({ fund: "rf-short", on: "2025-03-31", nav: "1000000.00" })
      await give("rf-short", "2025-04-30", "3000000.00")
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("takes flows on the mark's own day as already in the mark", async () => {
      const m = await kejin.funds.metrics("rf-fund", { asOf: "2025-11-30" })
      expect(toWire(m.nav!)).toBe("50000000.00")
      expect(toWire(m.navDistributionsSince)).toBe("0.00")
      expect(m.tvpi?.toString()).toBe("1.138")
    })

    it("does not raise TVPI with a distribution after the mark: the NAV gives up what was distributed", async () => {
      const m = await kejin.funds.metrics("rf-fund", { asOf: "2025-12-05" })
      expect(toWire(m.distributions)).toBe("7900000.00")
      expect(m.navDate).toBe("2025-11-30")
      expect(toWire(m.navMark!)).toBe("50000000.00")
      expect(toWire(m.navCallsSince)).toBe("0.00")
      expect(toWire(m.navDistributionsSince)).toBe("1000000.00")
      expect(toWire(m.nav!)).toBe("49000000.00")
      expect(m.tvpi?.toString()).toBe("1.138")
      expect(m.dpi?.toString()).toBe("0.158")
      expect(m.rvpi?.toString()).toBe("0.98")
      expect(m.notes).toEqual([])
      // The net IRR ends on the adjusted NAV, not on the mark.
      const flows: Array<readonly [string, number]> = [
        ["2025-01-15", -50_000_000],
        ["2025-06-30", 6_800_000],
        ["2025-11-30", 100_000],
        ["2025-12-03", 1_000_000]
      ]
      expect(rateOf(m.netIrr)).toBeCloseTo(bisectIrr([...flows, ["2025-12-05", 49_000_000]]), 9)
      expect(rateOf(m.netIrr)).not.toBeCloseTo(bisectIrr([...flows, ["2025-12-05", 50_000_000]]), 4)
      expect(fundFiguresToJson(m)).toMatchObject({
        nav: "49000000.00",
        navMark: "50000000.00",
        navDistributionsSince: "1000000.00",
        tvpi: "1.138000",
        navMarks: [
          {
            fund: "rf-fund",
            on: "2025-11-30",
            mark: "50000000.00",
            callsSince: "0.00",
            distributionsSince: "1000000.00",
            adjusted: "49000000.00"
          }
        ]
      })
    })

    it("adds calls after the mark to the NAV", async () => {
      const m = await kejin.funds.metrics("rf-fund", { asOf: "2025-12-31" })
      expect(toWire(m.paidIn)).toBe("55000000.00")
      expect(toWire(m.navCallsSince)).toBe("5000000.00")
      expect(toWire(m.nav!)).toBe("54000000.00")
      expect(fixed(m.tvpi, 10)).toBe(fixed(new Yuan("61.9").div(55), 10))
    })

    it("rolls each fund of a group forward from its own mark", async () => {
      const m = await kejin.funds.metrics(["rf-fund", "rf-other"], { asOf: "2025-12-05" })
      expect(toWire(m.nav!)).toBe("59000000.00")
      expect(toWire(m.navMark!)).toBe("62000000.00")
      expect(toWire(m.navDistributionsSince)).toBe("3000000.00")
      expect(m.navDate).toBe("2025-11-30")
      expect(m.navMarks.map((b) => [b.fund, b.on, toWire(b.adjusted)])).toEqual([
        ["rf-fund", "2025-11-30", "49000000.00"],
        ["rf-other", "2025-09-30", "10000000.00"]
      ])
    })

    it("keeps an adjusted NAV below zero and asks for a new mark", async () => {
      const m = await kejin.funds.metrics("rf-short", { asOf: "2025-05-31" })
      expect(toWire(m.nav!)).toBe("-2000000.00")
      expect(m.notes.join(" ")).toMatch(/rf-short: distributions since the mark of 2025-03-31 exceed/)
    })
  })
}

/*
 * DIRECT-INVESTMENT PROJECTS, hand-checked (issue 13: two tranches into one enterprise counted as two).
 *
 * City fund dc-city, direct investments:
 *   P (frontier)     2025-03-01 3,000,000 (A) and 2025-08-01 2,000,000 (A+)  → one project, 2 tranches, 5,000,000
 *   Q (key-generic)  2025-04-01 4,000,000; and 2025-06-01 9,000,000 reversed  → one project, 4,000,000
 *   R (other)        2025-05-01 1,000,000                                      → a project, not counted
 *   S (disruptive)   2024-11-01 1,000,000 and 2025-02-01 1,000,000           → two projects (two years)
 * A chain fund's direct investment in Q (2025-04-15) is not the city fund's: not counted.
 * As of 2025-12-31 (target 5): count 3 (S 2025, P, Q) — counting tranches would say 4 —; countAll 4;
 *   tranches 4; amount 1 + 5 + 4 = 10,000,000; projects by first tranche: S, P, Q, R.
 * Target measure: 2025 → 3; 2024-01-01..2025-12-31 → 4 (S counts in each year);
 *   2025-06-01..2025-12-31 → 0 (P's first 2025 tranche is 03-01, its 08-01 tranche does not start a project).
 */
for (const dialect of testDialects()) {
  describe(`direct-investment projects on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const P = uscc(31)
    const Q = uscc(32)
    const R = uscc(33)
    const S = uscc(34)

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      const k = kejin
      const manager = await k.registry.addInstitution({ kind: "fund-manager", name: "直投测试管理人" })
      const ent = (code: string, name: string, techCategory: string) =>
        k.registry.addEnterprise({
          uscc: code,
          name,
          district: "330302",
          industry: "新材料",
          stage: "growth",
          techCategory
        })
      await ent(P, "企业P", "frontier")
      await ent(Q, "企业Q", "key-generic")
      await ent(R, "企业R", "other")
      await ent(S, "企业S", "disruptive")
      const base = {
        manager: manager.id,
        targetSize: "10000000000.00",
        vintage: "2024-01-01",
        district: "330302"
      }
      await k.funds.create({ ...base, code: "dc-city", name: "直投市基金", kind: "city-fund" })
      await k.funds.create({
        ...base,
        code: "dc-chain",
        name: "链条基金",
        kind: "chain",
        chainStage: "venture"
      })
      for (const fund of ["dc-city", "dc-chain"])
        await k.funds.commit({
          fund,
          on: "2024-01-02",
          lpName: "温州市财政局",
          lpType: "fiscal",
          amount: "1亿"
        })
      const invest = (enterprise: string, on: string, amount: string, round?: string, fund = "dc-city") =>
        k.funds.invest({
          fund,
          enterprise,
          on,
          amount,
          instrument: "equity",
          mode: "direct",
          ...(round === undefined ? {} : { round })
        })
      await invest(S, "2024-11-01", "1000000.00")
      await invest(S, "2025-02-01", "1000000.00")
      await invest(P, "2025-03-01", "3000000.00", "A")
      await invest(Q, "2025-04-01", "4000000.00")
      await invest(Q, "2025-04-15", "7000000.00", undefined, "dc-chain")
      await invest(R, "2025-05-01", "1000000.00")
      const wrong = await invest(Q, "2025-06-01", "9000000.00")
      await k.funds.reverse(wrong.id, "entered twice")
      await invest(P, "2025-08-01", "2000000.00", "A+")
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("counts projects (enterprise and year), not tranches, and lists the tranches under each", async () => {
      const { directInvestments: d } = await kejin.funds.cityFund({ asOf: "2025-12-31" })
      expect(d).toMatchObject({ count: 3, countAll: 4, tranches: 4, target: 5, progress: 0.6 })
      expect(toWire(d.amount)).toBe("10000000.00")
      expect(d.byTechCategory.map((c) => [c.techCategory, c.count, c.tranches, toWire(c.amount)])).toEqual([
        ["key-generic", 1, 1, "4000000.00"],
        ["frontier", 1, 2, "5000000.00"],
        ["engineering", 0, 0, "0.00"],
        ["disruptive", 1, 1, "1000000.00"],
        ["other", 1, 1, "1000000.00"]
      ])
      expect(
        d.projects.map((p) => [
          p.enterprise.name,
          p.year,
          p.on,
          p.qualifying,
          toWire(p.amount),
          p.tranches.length
        ])
      ).toEqual([
        ["企业S", 2025, "2025-02-01", true, "1000000.00", 1],
        ["企业P", 2025, "2025-03-01", true, "5000000.00", 2],
        ["企业Q", 2025, "2025-04-01", true, "4000000.00", 1],
        ["企业R", 2025, "2025-05-01", false, "1000000.00", 1]
      ])
      const p = cityFundKpisToJson(await kejin.funds.cityFund({ asOf: "2025-12-31" })).directInvestments
        .projects[1]!
      expect(p.enterprise).toEqual({ uscc: P, name: "企业P" })
      expect(p.tranches.map((t) => [t.fund, t.on, t.amount, t.round])).toEqual([
        ["dc-city", "2025-03-01", "3000000.00", "A"],
        ["dc-city", "2025-08-01", "2000000.00", "A+"]
      ])
    })

    it("counts a project once in the target measure, in the period of its first tranche of the year", async () => {
      const measure = async (from: string, to: string) =>
        (await kejin.run(cityFundDirectInvestments({ from, to }))).toString()
      expect(await measure("2025-01-01", "2025-12-31")).toBe("3")
      expect(await measure("2024-01-01", "2025-12-31")).toBe("4")
      expect(await measure("2025-06-01", "2025-12-31")).toBe("0")
      expect(await measure("2025-01-01", "2025-06-30")).toBe("3")
    })
  })
}
