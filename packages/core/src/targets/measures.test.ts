import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { rowsFromBytes } from "../io/read.js"
import { type Kejin, openKejin } from "../kejin.js"
import type { PledgeInputJson } from "../pledges/schema.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { Targets } from "./targets.js"

const bureau: Actor = { id: "wang.li", role: "bureau" }

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string; issues?: Array<{ path: string; message: string }> }
  }
  throw new Error("expected a failure")
}

// Pledgors by district: the demo's enterprises carry their district in their credit code.
const samples = demoPledges({ count: 60, from: "2025-03-14", to: "2025-03-14", seed: 11 })
const inDistrict = (district: string) => samples.find((p) => p.pledgor.district === district)!
const pledge = (district: string, registrationNo: string, amount: string): PledgeInputJson => ({
  ...inDistrict(district),
  registrationNo,
  patents: [demoPatent(registrationNo)],
  registeredOn: "2025-03-14",
  amount
})

const money = (d: { toFixed(n: number): string }) => d.toFixed(2) // float-ok: Decimal.toFixed, exact

for (const dialect of testDialects()) {
  describe(`targets as data on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("lists every measure once with its unit, the three old ids first", async () => {
      const measures = await kejin.targets.measures.list()
      const ids = measures.map((m) => m.id)
      expect(ids.slice(0, 3)).toEqual([
        "pledge-amount",
        "city-fund-committed",
        "city-fund-direct-investments"
      ])
      expect(new Set(ids).size).toBe(ids.length)
      const byId = new Map(measures.map((m) => [m.id, m]))
      expect(byId.get("bond-issuance-amount")).toMatchObject({ unit: "yuan", source: "computed" })
      expect(byId.get("city-fund-direct-investments")?.unit).toBe("count")
      expect(byId.get("pledge-amount")).toMatchObject({ byDistrict: true, label: { zh: "专利质押融资金额" } })
      expect(byId.get("fund-committed-national")?.unit).toBe("yuan")
    })

    it("a target on a pledge measure reads it: 300,000 of 1,000,000 registered, 30 %", async () => {
      await kejin.pledges.record(pledge("330302", "Y2025330000001", "100000.00"))
      await kejin.pledges.record(pledge("330303", "Y2025330000002", "200000.00"))
      await kejin.targets.create(
        {
          key: "pledge-count",
          label: "质押笔数",
          labelEn: "Registrations",
          unit: "count",
          target: "8",
          metric: "pledge-registrations"
        },
        { actor: bureau }
      )
      const progress = await kejin.targets.progress("2025-06-30")
      const whole = progress.find((t) => t.key === "patent-pledge-financing")!
      expect(money(whole.value)).toBe("300000.00")
      const count = progress.find((t) => t.key === "pledge-count")!
      expect(count.value.toString()).toBe("2")
      expect(count.progress).toBe(0.25)
      expect(count.metric).toBe("pledge-registrations")
    })

    it("bond issuance and commitments by origin, hand-checked: only what is dated in the period counts", async () => {
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "国投创业" })).id
      const bond = (amount: string, issuedOn: string) =>
        kejin.linkage.recordBond({
          issuerInstitution: bank,
          amount,
          issuedOn,
          tenorMonths: 36,
          couponPercent: "2.10",
          useOfProceeds: "科技型企业贷款"
        })
      await bond("50000000.00", "2025-03-01")
      await bond("30000000.00", "2025-09-01")
      await bond("70000000.00", "2024-12-31") // the year before: not in 2025
      await kejin.funds.create({
        code: "nat-1",
        name: "国家级子基金",
        kind: "chain",
        chainStage: "venture",
        origin: "national",
        manager,
        targetSize: "500000000.00",
        vintage: "2024-01-01",
        district: "330302"
      })
      const commit = (on: string, amount: string) =>
        kejin.funds.commit({ fund: "nat-1", on, lpName: "国投", lpType: "state-owned", amount })
      await commit("2024-06-01", "100000000.00") // before the period
      await commit("2025-01-01", "200000000.00") // its first day
      await commit("2025-05-01", "25000000.00")
      const target = (key: string, metric: string, unit: "yuan" | "count", figure: string) =>
        kejin.targets.create(
          { key, label: key, labelEn: key, unit, target: figure, metric },
          { actor: bureau }
        )
      await target("bonds-2025", "bond-issuance-amount", "yuan", "100000000.00")
      await target("bonds-count-2025", "bond-issuance-count", "count", "4")
      await target("national-2025", "fund-committed-national", "yuan", "300000000.00")
      await target("foreign-2025", "fund-committed-foreign", "yuan", "100000000.00")
      const progress = new Map((await kejin.targets.progress("2025-12-31")).map((p) => [p.key, p]))
      // 50,000,000 + 30,000,000 = 80,000,000 of 100,000,000
      expect(money(progress.get("bonds-2025")!.value)).toBe("80000000.00")
      expect(progress.get("bonds-2025")!.progress).toBe(0.8)
      expect(progress.get("bonds-count-2025")!.value.toString()).toBe("2")
      // 200,000,000 + 25,000,000 = 225,000,000 of 300,000,000 (the 2024 commitment left out)
      expect(money(progress.get("national-2025")!.value)).toBe("225000000.00")
      expect(progress.get("national-2025")!.progress).toBe(0.75)
      expect(money(progress.get("foreign-2025")!.value)).toBe("0.00")
    })

    it("refuses a measure nobody knows, and a unit that is not the measure's, naming the field", async () => {
      const base = { key: "bad", label: "坏", labelEn: "Bad", target: "5" }
      const unknown = await caught(
        kejin.targets.create({ ...base, unit: "count", metric: "gdp-growth" }, { actor: bureau })
      )
      expect(unknown.issues?.map((i) => i.path)).toEqual(["metric"])
      const unit = await caught(
        kejin.targets.create({ ...base, unit: "percent", metric: "bond-issuance-count" }, { actor: bureau })
      )
      expect(unit.issues).toEqual([
        {
          path: "unit",
          message: expect.stringMatching(/must be count/),
          code: "target-measure-unit",
          params: { unit: "count", measure: "bond-issuance-count", targetUnit: "percent" }
        }
      ])
    })

    describe("reported measures", () => {
      const define = () =>
        kejin.targets.measures.define(
          { code: "rd-intensity", label: "R&D 投入强度", labelEn: "R&D intensity", unit: "percent" },
          { actor: bureau }
        )

      it("a percent target reads the latest value reported in its period, exact, and a reversal takes it out", async () => {
        await define()
        await kejin.targets.create(
          {
            key: "rd-intensity-2025",
            label: "R&D 投入强度",
            labelEn: "R&D intensity",
            unit: "percent",
            target: "3.5",
            metric: "rd-intensity"
          },
          { actor: bureau }
        )
        const report = (value: string, reportedOn: string) =>
          kejin.targets.measures.report(
            { measure: "rd-intensity", value, reportedOn, source: "市统计局" },
            { actor: bureau }
          )
        await report("3.1", "2025-03-31")
        const later = await report("3.15%", "2025-09-30")
        await report("2.9", "2024-12-31") // a year earlier: outside the 2025 period
        expect(later.value.toString()).toBe("3.15")
        const at = async () =>
          (await kejin.targets.progress("2025-12-31")).find((t) => t.key === "rd-intensity-2025")!
        const progress = await at()
        expect(progress.value.toString()).toBe("3.15")
        expect(progress.remaining.toString()).toBe("0.35")
        expect(progress.progress).toBe(0.9)
        expect(progress.runRate12m.toString()).toBe("0") // a level: no run rate
        await kejin.targets.measures.reverse(later.id, "录入错误")
        expect((await at()).value.toString()).toBe("3.1")
        const values = await kejin.targets.measures.values("rd-intensity")
        expect(values.values.map((v) => [v.value.toString(), v.reversed])).toEqual([
          ["3.15", true],
          ["3.1", false],
          ["2.9", false]
        ])
        const again = await caught(kejin.targets.measures.reverse(later.id, "again"))
        expect(again._tag).toBe("ConflictError")
      })

      it("refuses a percent sent as a JSON number, an unknown measure, and a code taken", async () => {
        await define()
        const float = await caught(
          kejin.targets.measures.report(
            { measure: "rd-intensity", value: 3.2, reportedOn: "2025-03-31", source: "x" },
            { actor: bureau }
          )
        )
        expect(float.issues).toEqual([
          {
            path: "value",
            message: expect.stringMatching(/written as text/),
            code: "percent-as-text",
            params: { got: "3.2" }
          }
        ])
        const missing = await caught(
          kejin.targets.measures.report(
            { measure: "gdp", value: "1", reportedOn: "2025-03-31", source: "x" },
            { actor: bureau }
          )
        )
        expect(missing.issues?.[0]?.path).toBe("measure")
        expect((await caught(define()))._tag).toBe("ConflictError")
        const computed = await caught(
          kejin.targets.measures.define(
            { code: "pledge-amount", label: "x", labelEn: "x", unit: "yuan" },
            { actor: bureau }
          )
        )
        expect(computed._tag).toBe("ConflictError")
      })

      it("values are imported from a sheet with Chinese headers, each row journaled in the import's entry", async () => {
        await define()
        const csv =
          "指标代码,上报值,上报日期,数据来源\nrd-intensity,3.05,2025-03-31,市统计局\nrd-intensity,3.2,2025-06-30,市统计局\n"
        const { rows } = await rowsFromBytes(Buffer.from(csv), "rd.csv")
        const summary = await kejin.imports.run({ kind: "reported-values", rows, actor: bureau })
        expect(summary).toMatchObject({ rows: 2, ok: 2 })
        const values = await kejin.targets.measures.values("rd-intensity")
        expect(values.values.map((v) => [v.reportedOn, v.value.toString()])).toEqual([
          ["2025-06-30", "3.2"],
          ["2025-03-31", "3.05"]
        ])
      })

      it("yuan values are read as people write them and kept to the fen: 全市创新投入 550亿", async () => {
        await kejin.targets.measures.define(
          { code: "innovation-input", label: "全市创新投入", labelEn: "Innovation input", unit: "yuan" },
          { actor: bureau }
        )
        const value = await kejin.targets.measures.report(
          { measure: "innovation-input", value: "550亿", reportedOn: "2025-06-30", source: "市科技局" },
          { actor: bureau }
        )
        expect(money(value.value)).toBe("55000000000.00")
      })
    })

    describe("versions", () => {
      it("a change is a new version with its date and author; the seeded figure is version 0", async () => {
        await kejin.targets.update("patent-pledge-financing", { target: "3000000000.00" }, { actor: bureau })
        await kejin.targets.update(
          "patent-pledge-financing",
          {
            periodKind: "fixed",
            periodStart: "2025-01-01",
            periodEnd: "2027-12-31",
            target: "9000000000.00"
          },
          { actor: bureau }
        )
        const versions = await kejin.targets.history("patent-pledge-financing")
        expect(versions.map((v) => [v.version, v.changedBy, money(v.target.target)])).toEqual([
          [0, "", "2500000000.00"],
          [1, "wang.li", "3000000000.00"],
          [2, "wang.li", "9000000000.00"]
        ])
        expect(versions[2]?.changedAt).toMatch(/^2025-12-31T/)
        expect(versions[2]?.target.periodEnd).toBe("2027-12-31")
        expect(money((await kejin.targets.get("patent-pledge-financing")).target)).toBe("9000000000.00")
        // Every version and reported record is one the journal wrote: the full audit finds nothing.
        await kejin.targets.measures.define(
          { code: "rd-intensity", label: "R&D 投入强度", labelEn: "R&D intensity", unit: "percent" },
          { actor: bureau }
        )
        const value = await kejin.targets.measures.report(
          { measure: "rd-intensity", value: "3.2", reportedOn: "2025-03-31", source: "市统计局" },
          { actor: bureau }
        )
        await kejin.targets.measures.reverse(value.id, "录入错误")
        expect(await kejin.journal.audit("full")).toMatchObject({ ok: true, findingCount: 0 })
      })
    })

    describe("a target split by district", () => {
      const split = (parts: ReadonlyArray<{ code: string; target: string }>) =>
        kejin.targets.create(
          {
            key: "pledge-by-district",
            label: "专利质押融资（分区）",
            labelEn: "Pledge financing by district",
            unit: "yuan",
            target: "1000000.00",
            metric: "pledge-amount",
            splitBy: "district",
            parts
          },
          { actor: bureau }
        )

      it("ranks the parts by progress: 龙湾 200,000 / 400,000 = 50 % before 鹿城 100,000 / 600,000", async () => {
        await kejin.pledges.record(pledge("330302", "Y2025330000011", "100000.00"))
        await kejin.pledges.record(pledge("330303", "Y2025330000012", "200000.00"))
        await split([
          { code: "330302", target: "600000.00" },
          { code: "330303", target: "400000.00" }
        ])
        const ranking = await kejin.targets.ranking("pledge-by-district", "2025-06-30")
        expect(ranking.partsMatch).toBe(true)
        expect(money(ranking.value)).toBe("300000.00")
        expect(ranking.parts.map((p) => [p.rank, p.name, money(p.value), p.progress])).toEqual([
          [1, "龙湾区", "200000.00", 0.5],
          [2, "鹿城区", "100000.00", 1 / 6] // float-ok: the display ratio
        ])
      })

      it("says when the parts do not add up to the whole", async () => {
        await split([
          { code: "330302", target: "600000.00" },
          { code: "330303", target: "300000.00" }
        ])
        const ranking = await kejin.targets.ranking("pledge-by-district", "2025-06-30")
        expect(ranking.partsMatch).toBe(false)
        expect(money(ranking.partsTarget)).toBe("900000.00")
      })

      it("refuses a part that is not a district, or a measure that cannot be split by district", async () => {
        const bad = await caught(split([{ code: "999999", target: "1.00" }]))
        expect(bad.issues?.[0]?.path).toBe("parts.0.code")
        const unsplittable = await caught(
          kejin.targets.create(
            {
              key: "bonds-by-district",
              label: "债券",
              labelEn: "Bonds",
              unit: "yuan",
              target: "1000000.00",
              metric: "bond-issuance-amount",
              splitBy: "district",
              parts: [{ code: "330302", target: "1000000.00" }]
            },
            { actor: bureau }
          )
        )
        expect(unsplittable.issues).toEqual([
          {
            path: "parts.0.metric",
            message: expect.stringMatching(/cannot be split by district/),
            code: "target-measure-no-districts",
            params: expect.objectContaining({ measure: expect.any(String) })
          }
        ])
      })
    })

    it("a target split by responsible unit: each part follows its own reported measure, ranked", async () => {
      for (const [code, label] of [
        ["rd-kjj", "市科技局 R&D"],
        ["rd-jxj", "市经信局 R&D"]
      ] as const)
        await kejin.targets.measures.define(
          { code, label, labelEn: code, unit: "percent" },
          { actor: bureau }
        )
      const report = (measure: string, value: string) =>
        kejin.targets.measures.report(
          { measure, value, reportedOn: "2025-06-30", source: "各单位报送" },
          { actor: bureau }
        )
      await report("rd-kjj", "1.5") // 1.5 of 2 = 75 %
      await report("rd-jxj", "1.2") // 1.2 of 1.2 = 100 %
      await kejin.targets.measures.define(
        { code: "rd-city", label: "全市 R&D", labelEn: "City R&D", unit: "percent" },
        { actor: bureau }
      )
      await kejin.targets.create(
        {
          key: "rd-by-unit",
          label: "R&D 投入强度（分单位）",
          labelEn: "R&D intensity by unit",
          unit: "percent",
          target: "3.2",
          metric: "rd-city",
          splitBy: "unit",
          parts: [
            { code: "kjj", name: "市科技局", nameEn: "Science Bureau", target: "2", metric: "rd-kjj" },
            { code: "jxj", name: "市经信局", nameEn: "Economy Bureau", target: "1.2", metric: "rd-jxj" }
          ]
        },
        { actor: bureau }
      )
      const ranking = await kejin.targets.ranking("rd-by-unit", "2025-12-31")
      expect(ranking.parts.map((p) => [p.rank, p.name, p.value.toString(), p.progress])).toEqual([
        [1, "市经信局", "1.2", 1],
        [2, "市科技局", "1.5", 0.75]
      ])
      // 2 + 1.2 = 3.2: the parts add up to the whole, exactly.
      expect(ranking.partsMatch).toBe(true)
      expect(ranking.partsTarget.toString()).toBe("3.2")
      const missing = await caught(
        kejin.targets.update(
          "rd-by-unit",
          { parts: [{ code: "kjj", name: "市科技局", nameEn: "Science Bureau", target: "3.2" }] },
          { actor: bureau }
        )
      )
      expect(missing.issues).toEqual([
        {
          path: "parts.0.metric",
          message: "is required for a responsible unit's part",
          code: "target-unit-part-metric",
          params: {}
        }
      ])
    })

    it("a measure a plugin registers can be a target's, and its id cannot be taken twice", async () => {
      await kejin.run(
        Targets.use((t) =>
          t.registerMeasure({
            id: "plugin-patents-granted",
            label: { zh: "发明专利授权量", en: "Invention patents granted" },
            unit: "count",
            value: (period) => (period.from >= "2025-01-01" ? "120" : "0")
          })
        )
      )
      await kejin.targets.create(
        {
          key: "patents-granted",
          label: "发明专利授权量",
          labelEn: "Patents granted",
          unit: "count",
          target: "480",
          metric: "plugin-patents-granted"
        },
        { actor: bureau }
      )
      const progress = (await kejin.targets.progress("2025-06-30")).find((t) => t.key === "patents-granted")!
      expect(progress.value.toString()).toBe("120")
      expect(progress.progress).toBe(0.25)
      const twice = await caught(
        kejin.run(
          Targets.use((t) =>
            t.registerMeasure({
              id: "pledge-amount",
              label: { zh: "x", en: "x" },
              unit: "yuan",
              value: () => "0"
            })
          )
        )
      )
      expect(twice.issues?.[0]?.path).toBe("id")
    })
  })
}
