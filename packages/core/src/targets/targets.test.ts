import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { Journal, type JournalEntry } from "../journal/journal.js"
import { type Kejin, openKejin } from "../kejin.js"
import type { PledgeInputJson } from "../pledges/schema.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { TargetInputJson } from "./schema.js"
import { targetProgressToJson } from "./targets.js"

const bureau: Actor = { id: "wang.li", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const issuesOf = (error: Record<string, unknown>) =>
  Object.fromEntries(
    (error.issues as Array<{ path: string; message: string }>).map((i) => [i.path, i.message])
  )

const base: TargetInputJson = {
  key: "angel-fund-scale",
  label: "天使基金规模",
  labelEn: "Angel fund scale",
  unit: "yuan",
  target: "500000000.00",
  periodKind: "fixed",
  periodStart: "2025-01-01",
  periodEnd: "2027-12-31",
  metric: "city-fund-committed"
}

const [sample] = demoPledges({ count: 1, from: "2025-03-14", to: "2025-03-14", seed: 7 })
const pledge = (registrationNo: string, registeredOn: string, amount: string): PledgeInputJson => ({
  ...sample!,
  registrationNo,
  patents: [demoPatent(registrationNo)],
  registeredOn,
  amount
})

for (const dialect of testDialects()) {
  describe(`targets on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    const journal = () => kejin.run(Journal.use((j) => j.list({ afterSeq: 0, limit: 1000 })))
    const lastEntry = async (): Promise<JournalEntry> => (await journal()).at(-1)!

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    describe("create", () => {
      it("adds a target through the write path: stored, listed last, journaled with the actor", async () => {
        const target = await kejin.targets.create(base, { actor: bureau })
        expect(target.key).toBe("angel-fund-scale")
        expect(target.target.toFixed(2)).toBe("500000000.00") // float-ok: Decimal.toFixed, exact
        expect(target.periodStart).toBe("2025-01-01")
        // The plan's three targets have orders 1–3: a new one goes after them.
        expect(target.order).toBe(4)
        const listed = await kejin.targets.list()
        expect(listed.map((t) => t.key)).toEqual([
          "patent-pledge-financing",
          "city-fund-scale",
          "city-fund-direct-investments",
          "angel-fund-scale"
        ])
        const entry = await lastEntry()
        expect(entry.command).toBe("targets.create")
        expect(entry.actor).toBe("wang.li")
        expect(entry.payload).toMatchObject({ key: "angel-fund-scale", target: "500000000.00" })
        expect(entry.result).toEqual({ key: "angel-fund-scale" })
      })

      it("reads money as people type it and a count as a whole number; calendar year by default", async () => {
        const money = await kejin.targets.create(
          {
            ...base,
            key: "yi-text",
            target: "2.5亿",
            periodKind: undefined,
            periodStart: undefined,
            periodEnd: undefined
          },
          { actor: bureau }
        )
        expect(money.target.toFixed(2)).toBe("250000000.00") // float-ok: Decimal.toFixed, exact
        expect(money.periodKind).toBe("calendar-year")
        expect(money.periodStart).toBeNull()
        const count = await kejin.targets.create(
          {
            key: "direct-deals",
            label: "直投项目",
            labelEn: "Direct deals",
            unit: "count",
            target: 7,
            metric: "city-fund-direct-investments",
            displayOrder: 0
          },
          { actor: bureau }
        )
        expect(count.target.toFixed(0)).toBe("7") // float-ok: Decimal.toFixed, exact
        expect((await kejin.targets.list())[0]!.key).toBe("direct-deals")
      })

      it("refuses a key in use with a conflict on `key`", async () => {
        await kejin.targets.create(base, { actor: bureau })
        const error = await caught(kejin.targets.create({ ...base, label: "另一个" }, { actor: bureau }))
        expect(error._tag).toBe("ConflictError")
        expect(error.reason).toBe("duplicate")
        expect(error.field).toBe("key")
        expect((await kejin.targets.list()).find((t) => t.key === "angel-fund-scale")?.label).toBe(
          "天使基金规模"
        )
      })

      it("names each bad field and why, and writes nothing", async () => {
        const before = (await journal()).length
        const error = await caught(
          kejin.targets.create(
            { ...base, key: "Bad_Key", label: "  ", target: "12.345", metric: "gdp-growth", colour: "red" },
            { actor: bureau }
          )
        )
        expect(error._tag).toBe("ValidationError")
        const issues = issuesOf(error)
        expect(Object.keys(issues).sort()).toEqual(["colour", "key", "label", "metric"])
        expect(issues.key).toMatch(/kebab-case/)
        expect(issues.metric).toBe(
          "is not a measure this instance knows (gdp-growth); GET /api/v1/measures lists them, e.g. pledge-amount"
        )
        expect((await journal()).length).toBe(before)
      })

      it.each([
        ["a yuan figure with three decimals", { target: "12.345" }, "target", /more than two decimal places/],
        ["a zero amount", { target: "0" }, "target", /greater than zero/],
        ["money as a JSON number", { target: 100 }, "target", /written as text/],
        ["a fractional count", { unit: "count", target: "2.5" }, "target", /whole number greater than zero/],
        ["a negative count", { unit: "count", target: -3 }, "target", /whole number greater than zero/],
        ["an end before the start", { periodEnd: "2024-12-31" }, "periodEnd", /not be before periodStart/],
        ["a fixed period without an end", { periodEnd: undefined }, "periodEnd", /needs an end/],
        ["a date that does not exist", { periodStart: "2025-02-29" }, "periodStart", /no day 29/],
        [
          "days on a calendar-year target",
          { periodKind: "calendar-year" },
          "periodStart",
          /only for periodKind "fixed"/
        ]
      ])("rejects %s", async (_what, change, field, message) => {
        const error = await caught(
          kejin.targets.create({ ...base, key: "bad-one", ...change }, { actor: bureau })
        )
        expect(error._tag).toBe("ValidationError")
        expect(issuesOf(error)[field]).toMatch(message)
      })

      it("is forbidden to a viewer, and writes nothing", async () => {
        const error = await caught(kejin.targets.create({ ...base, key: "viewer-made" }, { actor: viewer }))
        expect(error._tag).toBe("ForbiddenError")
        expect(error.permission).toBe("targets.write")
        expect((await kejin.targets.list()).map((t) => t.key)).not.toContain("viewer-made")
      })
    })

    describe("update", () => {
      // The target `base` names, and a count target.
      beforeEach(async () => {
        await kejin.targets.create(base, { actor: bureau })
        await kejin.targets.create(
          {
            key: "direct-deals",
            label: "直投项目",
            labelEn: "Direct deals",
            unit: "count",
            target: 7,
            metric: "city-fund-direct-investments"
          },
          { actor: bureau }
        )
      })

      it("changes the fields given and journals the previous values", async () => {
        const updated = await kejin.targets.update(
          "angel-fund-scale",
          { label: "天使投资基金规模", target: "6亿" },
          { actor: bureau }
        )
        expect(updated.label).toBe("天使投资基金规模")
        expect(updated.target.toFixed(2)).toBe("600000000.00") // float-ok: Decimal.toFixed, exact
        expect(updated.labelEn).toBe("Angel fund scale")
        expect(updated.periodEnd).toBe("2027-12-31")
        const entry = await lastEntry()
        expect(entry.command).toBe("targets.update")
        expect(entry.actor).toBe("wang.li")
        expect(entry.payload).toEqual({
          key: "angel-fund-scale",
          changes: { label: "天使投资基金规模", target: "6亿" }
        })
        expect(entry.result).toMatchObject({
          key: "angel-fund-scale",
          previous: { label: "天使基金规模", target: "500000000.00" },
          current: { label: "天使投资基金规模", target: "600000000.00" },
          changed: ["label", "target"]
        })
      })

      it("turns a fixed period into a calendar year and back", async () => {
        const yearly = await kejin.targets.update(
          "angel-fund-scale",
          { periodKind: "calendar-year" },
          { actor: bureau }
        )
        expect(yearly.periodStart).toBeNull()
        expect(yearly.periodEnd).toBeNull()
        const error = await caught(
          kejin.targets.update("angel-fund-scale", { periodKind: "fixed" }, { actor: bureau })
        )
        expect(Object.keys(issuesOf(error)).sort()).toEqual(["periodEnd", "periodStart"])
        const fixed = await kejin.targets.update(
          "angel-fund-scale",
          { periodKind: "fixed", periodStart: "2026-01-01", periodEnd: "2026-06-30" },
          { actor: bureau }
        )
        expect([fixed.periodStart, fixed.periodEnd]).toEqual(["2026-01-01", "2026-06-30"])
      })

      it("never changes the key", async () => {
        const error = await caught(
          kejin.targets.update("angel-fund-scale", { key: "seed-fund" }, { actor: bureau })
        )
        expect(error._tag).toBe("ValidationError")
        expect(issuesOf(error).key).toMatch(/cannot be changed/)
        // Sending the same key is harmless.
        const same = await kejin.targets.update(
          "angel-fund-scale",
          { key: "angel-fund-scale" },
          { actor: bureau }
        )
        expect(same.key).toBe("angel-fund-scale")
      })

      it("checks the figure against the unit it will have", async () => {
        const noFigure = await caught(
          kejin.targets.update("angel-fund-scale", { unit: "count" }, { actor: bureau })
        )
        expect(issuesOf(noFigure).target).toMatch(/required when the unit changes/)
        const badCount = await caught(
          kejin.targets.update("direct-deals", { target: "5000000.00" }, { actor: bureau })
        )
        expect(issuesOf(badCount).target).toMatch(/whole number/)
        const unknown = await caught(kejin.targets.update("direct-deals", { owner: "me" }, { actor: bureau }))
        expect(Object.keys(issuesOf(unknown))).toEqual(["owner"])
      })

      it("fails for an unknown key with NotFoundError, and for a viewer with ForbiddenError", async () => {
        await kejin.targets.update("angel-fund-scale", { label: "天使投资基金规模" }, { actor: bureau })
        const missing = await caught(
          kejin.targets.update("no-such-target", { label: "x" }, { actor: bureau })
        )
        expect(missing._tag).toBe("NotFoundError")
        const forbidden = await caught(
          kejin.targets.update("angel-fund-scale", { label: "x" }, { actor: viewer })
        )
        expect(forbidden._tag).toBe("ForbiddenError")
        expect((await kejin.targets.list()).find((t) => t.key === "angel-fund-scale")?.label).toBe(
          "天使投资基金规模"
        )
      })
    })

    describe("ensure", () => {
      const pluginTargets: ReadonlyArray<TargetInputJson> = [
        {
          key: "tech-insurance-cover",
          label: "科技保险保额",
          labelEn: "Tech insurance cover",
          unit: "yuan",
          target: "1000000000.00",
          metric: "pledge-amount"
        },
        // Exists already: must not be overwritten.
        { ...base, label: "插件的标签", target: "1.00" }
      ]
      // The target `base` names, as bureau staff relabelled it.
      beforeEach(async () => {
        await kejin.targets.create({ ...base, label: "天使投资基金规模" }, { actor: bureau })
      })

      it("inserts what is missing as system, never overwrites, and is idempotent", async () => {
        const before = (await journal()).length
        expect(await kejin.targets.ensure(pluginTargets)).toEqual({
          inserted: ["tech-insurance-cover"],
          existing: ["angel-fund-scale"]
        })
        const entries = (await journal()).slice(before)
        expect(entries.map((e) => [e.command, e.actor])).toEqual([["targets.ensure", "system"]])
        const angel = (await kejin.targets.list()).find((t) => t.key === "angel-fund-scale")
        expect(angel?.label).toBe("天使投资基金规模")
        expect(await kejin.targets.ensure(pluginTargets)).toEqual({
          inserted: [],
          existing: ["tech-insurance-cover", "angel-fund-scale"]
        })
        expect((await journal()).length).toBe(before + 1)
      })

      it("checks every definition first: one bad definition writes nothing", async () => {
        const error = await caught(
          kejin.targets.ensure([
            { ...pluginTargets[0]!, key: "fresh-one" },
            { ...base, key: "x-y", metric: "nope" }
          ])
        )
        expect(error._tag).toBe("ValidationError")
        expect(Object.keys(issuesOf(error))).toEqual(["[1].metric"])
        expect((await kejin.targets.list()).map((t) => t.key)).not.toContain("fresh-one")
      })
    })

    describe("progress with pace and projection", () => {
      // Live pledges (amounts in yuan):
      //   2025-06-30  500,000   before the trailing window (2025-07-01..2026-06-30)
      //   2025-07-01   40,000   first day of the window
      //   2025-12-15  200,000   last year, in the window
      //   2026-01-10  100,000 ┐
      //   2026-02-20   50,000 │
      //   2026-03-05   70,000 │ 2026 so far: 400,000
      //   2026-04-30   30,000 │
      //   2026-05-18   90,000 │
      //   2026-06-30   60,000 ┘ (asOf)
      //   2026-07-01  999,999   after asOf
      // plus 800,000 on 2026-03-10, reversed (leaves every total).
      // Value 2026 = 400,000.00; window total = 40,000 + 200,000 + 400,000 = 640,000.00;
      // run rate = 640,000 / 12 = 53,333.33…; months left after 2026-06-30 in 2026 = 6.
      const asOf = "2026-06-30"
      const targets: ReadonlyArray<TargetInputJson> = [
        {
          key: "p-1m",
          label: "一百万",
          labelEn: "1m",
          unit: "yuan",
          target: "1000000.00",
          metric: "pledge-amount"
        },
        {
          key: "p-500k",
          label: "五十万",
          labelEn: "500k",
          unit: "yuan",
          target: "500000.00",
          metric: "pledge-amount"
        },
        {
          key: "p-met",
          label: "三十万",
          labelEn: "300k",
          unit: "yuan",
          target: "300000.00",
          metric: "pledge-amount"
        },
        {
          key: "p-ended",
          label: "已结束",
          labelEn: "Ended",
          unit: "yuan",
          target: "700000.00",
          periodKind: "fixed",
          periodStart: "2025-07-01",
          periodEnd: "2026-06-30",
          metric: "pledge-amount"
        },
        {
          key: "p-next-year",
          label: "明年",
          labelEn: "Next year",
          unit: "yuan",
          target: "1000000.00",
          periodKind: "fixed",
          periodStart: "2027-01-01",
          periodEnd: "2027-12-31",
          metric: "pledge-amount"
        }
      ]
      const json = async (at: string, key: string) => {
        const found = (await kejin.targets.progress(at)).find((p) => p.key === key)
        if (found === undefined) throw new Error(`no progress for ${key}`)
        return targetProgressToJson(found)
      }

      beforeEach(async () => {
        const rows: Array<[string, string, string]> = [
          ["YT0000000001", "2025-06-30", "500000.00"],
          ["YT0000000002", "2025-07-01", "40000.00"],
          ["YT0000000003", "2025-12-15", "200000.00"],
          ["YT0000000004", "2026-01-10", "100000.00"],
          ["YT0000000005", "2026-02-20", "50000.00"],
          ["YT0000000006", "2026-03-05", "70000.00"],
          ["YT0000000007", "2026-04-30", "30000.00"],
          ["YT0000000008", "2026-05-18", "90000.00"],
          ["YT0000000009", "2026-06-30", "60000.00"],
          ["YT0000000010", "2026-07-01", "999999.00"]
        ]
        for (const [no, on, amount] of rows) await kejin.pledges.record(pledge(no, on, amount))
        const wrong = await kejin.pledges.record(pledge("YT0000000011", "2026-03-10", "800000.00"))
        await kejin.pledges.reverse(wrong.id, "entered in error")
        for (const target of targets) await kejin.targets.create(target, { actor: bureau })
      })

      it("behind: pace 600,000 / 6, projected 11.25 months out, not on track", async () => {
        expect(await json(asOf, "p-1m")).toMatchObject({
          target: "1000000.00",
          value: "400000.00",
          progress: 0.4,
          periodStart: "2026-01-01",
          periodEnd: "2026-12-31",
          remaining: "600000.00",
          monthsLeft: 6,
          pacePerMonth: "100000.00",
          runRate12m: "53333.33",
          // 600,000 × 12 / 640,000 = 11.25 months: 2027-05-30 + ⌈0.25 × 31⌉ = 8 days.
          projectedDate: "2027-06-07",
          onTrack: false
        })
      })

      it("ahead: the pace rounds up to the fen, projected inside the year", async () => {
        expect(await json(asOf, "p-500k")).toMatchObject({
          remaining: "100000.00",
          // 100,000 / 6 = 16,666.666… → 16,666.67 (up: six of these meet the target).
          pacePerMonth: "16666.67",
          // 1.875 months: 2026-07-30 + ⌈0.875 × 31⌉ = 28 days.
          projectedDate: "2026-08-27",
          onTrack: true
        })
      })

      it("met: nothing left, projected on the day measured", async () => {
        const met = await json(asOf, "p-met")
        expect(met).toMatchObject({
          value: "400000.00",
          remaining: "0.00",
          pacePerMonth: "0.00",
          projectedDate: "2026-06-30",
          onTrack: true
        })
        expect(met.progress).toBeCloseTo(4 / 3, 12)
      })

      it("a fixed period ending today: no month left, so no pace", async () => {
        expect(await json(asOf, "p-ended")).toMatchObject({
          // The whole window lies in the period: 640,000.00.
          value: "640000.00",
          remaining: "60000.00",
          monthsLeft: 0,
          pacePerMonth: null,
          // 60,000 × 12 / 640,000 = 1.125 months: 2026-07-30 + ⌈0.125 × 31⌉ = 4 days.
          projectedDate: "2026-08-03",
          onTrack: false
        })
      })

      it("a period that has not started: value 0, months counted from its start", async () => {
        expect(await json(asOf, "p-next-year")).toMatchObject({
          value: "0.00",
          // 2026-12-31 → 2027-12-31: 12 months; 1,000,000 / 12 = 83,333.33… → 83,333.34 (up).
          monthsLeft: 12,
          pacePerMonth: "83333.34",
          // 18.75 months from asOf: 2027-12-30 + ⌈0.75 × 31⌉ = 24 days.
          projectedDate: "2028-01-23",
          onTrack: false
        })
      })

      it("the trailing window reaches into the previous year for a calendar-year target", async () => {
        // asOf 2026-01-31: value 2026 = 100,000; window 2025-02-01..2026-01-31 holds
        // 500,000 + 40,000 + 200,000 + 100,000 = 840,000 → 70,000.00 a month.
        // 11 months left (addMonths(2026-01-31, 11) = 2026-12-31): 900,000 / 11 = 81,818.18… → 81,818.19.
        // 900,000 × 12 / 840,000 = 12 6/7 months: 2027-01-31 + 6/7 × 28 days = 24 → 2027-02-24.
        expect(await json("2026-01-31", "p-1m")).toMatchObject({
          value: "100000.00",
          runRate12m: "70000.00",
          monthsLeft: 11,
          pacePerMonth: "81818.19",
          projectedDate: "2027-02-24",
          onTrack: false
        })
      })

      it("fund measures read zero: no run rate, no projection; counts stay whole", async () => {
        expect(await json(asOf, "city-fund-direct-investments")).toMatchObject({
          unit: "count",
          target: "5",
          value: "0",
          remaining: "5",
          // 5 / 6 = 0.833… → 0.84
          pacePerMonth: "0.84",
          runRate12m: "0.00",
          projectedDate: null,
          onTrack: false
        })
      })

      it("keeps the contract fields of GET /api/v1/targets", async () => {
        const row = await json(asOf, "patent-pledge-financing")
        expect(row).toMatchObject({
          key: "patent-pledge-financing",
          label: "专利质押融资",
          target: "2500000000.00",
          value: "400000.00",
          periodStart: "2026-01-01",
          periodEnd: "2026-12-31"
        })
        expect(row.progress).toBeCloseTo(0.00016, 12)
      })

      it("refuses an asOf that is not a real date", async () => {
        const error = await caught(kejin.targets.progress("2026-02-30"))
        expect(error._tag).toBe("ValidationError")
        expect(issuesOf(error).asOf).toMatch(/no day 30/)
      })
    })
  })
}
