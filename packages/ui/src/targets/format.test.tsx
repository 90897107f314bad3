/** @jsxImportSource hono/jsx */
import { Decimal, type Kejin, openKejin, type TargetProgress } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import {
  barPercent,
  compactYuan,
  compactYuanUp,
  compactYuanWithUnit,
  completionText,
  GapAndProjection,
  MoneyIn,
  moneyText,
  moneyUnitFor,
  PerMonth
} from "./format.js"
import { targetsPlugin } from "./targets-plugin.js"

const d = (text: string) => new Decimal(text)
const html = async (element: unknown): Promise<string> => await (element as { toString(): string }).toString()

describe("completionText", () => {
  it("rounds down, so that a target not met never reads 100.0%", () => {
    // Half-even would say 100.0% for both.
    expect(completionText(d("2499000000.00"), d("2500000000.00"))).toBe("99.9%")
    expect(completionText(d("2499999999.99"), d("2500000000.00"))).toBe("99.9%")
    expect(completionText(d("2500000000.00"), d("2500000000.00"))).toBe("100.0%")
    expect(completionText(d("2500000000.01"), d("2500000000.00"))).toBe("100.0%")
    expect(completionText(d("130000000.50"), d("100000000"))).toBe("130.0%")
    expect(completionText(d("2"), d("3"))).toBe("66.6%")
    expect(completionText(d("342000000"), d("2500000000"))).toBe("13.6%")
  })

  it("says <0.1% for a small part above zero, 0.0% for none, and keeps the sign below zero", () => {
    // 1,000,000.00 of 25亿 is 0.04%: not "0.0%".
    expect(completionText(d("1000000.00"), d("2500000000.00"))).toBe("<0.1%")
    expect(completionText(d("0.01"), d("2500000000.00"))).toBe("<0.1%")
    expect(completionText(d("2500000.00"), d("2500000000.00"))).toBe("0.1%")
    expect(completionText(d("0"), d("5"))).toBe("0.0%")
    expect(completionText(d("-2000000"), d("100000000"))).toBe("-2.0%")
    expect(completionText(d("-1999999.99"), d("100000000"))).toBe("-1.9%")
    expect(completionText(d("-1000"), d("100000000"))).toBe(">-0.1%")
    expect(completionText(d("5"), d("0"))).toBe("—")
  })
})

describe("barPercent", () => {
  it("fills the bar only once the target is met, and stops at its ends", () => {
    expect(barPercent(d("2499999999.99"), d("2500000000.00"))).toBe(99.99)
    expect(barPercent(d("2500000000.00"), d("2500000000.00"))).toBe(100)
    expect(barPercent(d("3250000000.00"), d("2500000000.00"))).toBe(100)
    expect(barPercent(d("342000000"), d("2500000000"))).toBe(13.68)
    expect(barPercent(d("-2000000"), d("100000000"))).toBe(0)
    expect(barPercent(d("1"), d("0"))).toBe(0)
  })
})

describe("compactYuanWithUnit", () => {
  it("puts a unit on every amount: 元 below one 万, 万 and 亿 above, exactly like compactYuan otherwise", () => {
    expect(compactYuanWithUnit(new Decimal("2587.50"))).toBe("2,587.50元")
    expect(compactYuanWithUnit(new Decimal("16500"))).toBe("1.65万")
    expect(compactYuanWithUnit(new Decimal("1500000000"))).toBe("15.00亿")
    expect(compactYuanWithUnit(new Decimal("0"))).toBe("0.00元")
    expect(compactYuan(new Decimal("2587.50"))).toBe("2,587.50")
  })
})

describe("moneyUnitFor and moneyText: one unit per column, no .00 noise", () => {
  const column = ["337000000", "68610000", "2587.5", "0"].map(d)

  it("renders a column of mixed magnitudes in the unit of its largest amount, in Chinese", () => {
    const unit = moneyUnitFor(column, "zh")
    expect(unit.key).toBe("yi")
    // Whole numbers of the unit without decimals; anything else to two places, half-even.
    expect(column.map((a) => moneyText(a, unit))).toEqual(["3.37亿", "0.69亿", "0.00亿", "0亿"])
    expect(moneyText(d("300000000"), unit)).toBe("3亿")
    expect(moneyText(d("-300000000"), unit)).toBe("-3亿")
    expect(moneyText(d("300000000.01"), unit)).toBe("3.00亿")
  })

  it("chooses 万 below one 亿 and 元 below one 万; a whole 万 reads without .00", () => {
    const wan = moneyUnitFor([d("68610000"), d("16500")], "zh")
    expect(wan.key).toBe("wan")
    expect(moneyText(d("68610000"), wan)).toBe("6,861万")
    expect(moneyText(d("16500"), wan)).toBe("1.65万")
    const yuan = moneyUnitFor([d("2587.50"), d("-9999.99")], "zh")
    expect(yuan.key).toBe("yuan")
    expect(moneyText(d("2587.50"), yuan)).toBe("2,587.50元")
    expect(moneyText(d("2587"), yuan)).toBe("2,587元")
    expect(moneyUnitFor([], "zh").key).toBe("yuan")
  })

  it("speaks English units in English: B, M and yuan, never 亿/万", () => {
    const en = ["3370000000", "68610000", "2587.5"].map(d)
    const unit = moneyUnitFor(en, "en")
    expect(unit.key).toBe("billion")
    expect(en.map((a) => moneyText(a, unit))).toEqual(["3.37 B", "0.07 B", "0.00 B"])
    const million = moneyUnitFor([d("437000000")], "en")
    expect(moneyText(d("437000000"), million)).toBe("437 M")
    expect(moneyText(d("68610000"), million)).toBe("68.61 M")
    expect(moneyText(d("2587.50"), moneyUnitFor([d("2587.50")], "en"))).toBe("2,587.50 yuan")
  })

  it("rounds a needed amount up at the unit, and keeps the exact amount on hover", async () => {
    const unit = moneyUnitFor([d("100000000.01")], "zh")
    expect(moneyText(d("100000000.01"), unit, true)).toBe("1.01亿")
    expect(moneyText(d("100000000.01"), unit)).toBe("1.00亿")
    expect(await html(<MoneyIn amount={d("68610000")} unit={moneyUnitFor([d("337000000")], "zh")} />)).toBe(
      '<span class="money" title="68,610,000.00">0.69亿</span>'
    )
  })
})

describe("compactYuanUp and PerMonth", () => {
  it("rounds a needed amount up at the unit shown, where compactYuan rounds half-even", () => {
    expect(compactYuan(d("123456789.01"))).toBe("1.23亿")
    expect(compactYuanUp(d("123456789.01"))).toBe("1.24亿")
    expect(compactYuanUp(d("123000000.00"))).toBe("1.23亿")
    expect(compactYuanUp(d("12345.01"))).toBe("1.24万")
    expect(compactYuanUp(d("9999.99"))).toBe("9,999.99")
    // Rounded up into the next unit: 9,999.999999万 → 1.00亿 (compactYuan says 10,000.00万).
    expect(compactYuan(d("99999999.99"))).toBe("10,000.00万")
    expect(compactYuanUp(d("99999999.99"))).toBe("1.00亿")
  })

  it("shows the pace needed rounded up (the figure to the fen on hover), the run rate half-even", async () => {
    expect(await html(<PerMonth amount={d("123456789.004")} unit="yuan" lang="zh" roundUp />)).toBe(
      '<span class="money" title="123,456,789.01">1.24亿</span>'
    )
    expect(await html(<PerMonth amount={d("123456789.004")} unit="yuan" lang="zh" />)).toBe(
      '<span class="money" title="123,456,789.00">1.23亿</span>'
    )
    expect(await html(<PerMonth amount={d("123456789.004")} unit="yuan" lang="en" roundUp />)).toBe(
      '<span class="money" title="123,456,789.01">123.46 M</span>'
    )
    expect(await html(<PerMonth amount={d("1.234")} unit="count" lang="zh" roundUp />)).toBe(
      "<span>1.24</span>"
    )
  })
})

describe("the targets panel", () => {
  const progress = (value: string, target: string): TargetProgress => {
    const remaining = Decimal.max(0, d(target).minus(value))
    return {
      key: "patent-pledge-financing",
      label: "专利质押融资",
      labelEn: "Patent pledge financing",
      unit: "yuan",
      periodKind: "calendar-year",
      metric: "pledge-amount",
      level: false,
      target: d(target),
      value: d(value),
      progress: d(value).div(target).toNumber(),
      periodStart: "2025-01-01",
      periodEnd: "2025-12-31",
      asOf: "2025-12-31",
      remaining,
      monthsLeft: 1,
      pacePerMonth: remaining,
      runRate12m: d("123456789.01"),
      projectedDate: "2026-01-01",
      onTrack: false,
      daysLeft: 31,
      pacePerWeek: remaining.times(7).div(31),
      pacePerDay: remaining.div(31),
      projectedEnd: d(value)
    }
  }
  // A real core, whose progress answer is replaced by the figure under test (typed: it must be a
  // TargetProgress as the core defines it).
  let core: Kejin
  beforeEach(async () => {
    core = await openKejin({ database: "sqlite::memory:" })
  })
  afterEach(async () => {
    await core?.close()
  })
  const panel = async (p: TargetProgress) => {
    const kejin: Kejin = { ...core, targets: { ...core.targets, progress: async () => [p] } }
    const app = createDashboard({ kejin, plugins: [targetsPlugin] })
    return await (await app.request("/panels/targets/progress", { headers: { "HX-Request": "true" } })).text()
  }

  it("reads 99.9% and an unfilled bar, not met, for 24.99亿 of 25亿", async () => {
    const html = await panel(progress("2499000000.00", "2500000000.00"))
    expect(html).toContain('<li class="target" data-target-key="patent-pledge-financing">')
    expect(html).toContain('<span class="target-pct">99.9%</span>')
    expect(html).toContain('<progress value="99.96" max="100"')
  })

  it("needs 1.01亿 a month for 100,000,000.01 (half-even would read 1.00亿), the run rate half-even", async () => {
    const html = await panel(progress("2399999999.99", "2500000000.00"))
    expect(html).toContain('月均所需 <span class="money" title="100,000,000.01">1.01亿</span>')
    expect(html).toContain('近12月月均 <span class="money" title="123,456,789.01">1.23亿</span>')
    const exact = await panel(progress("2400000000.00", "2500000000.00"))
    expect(exact).toContain('月均所需 <span class="money" title="100,000,000.00">1亿</span>')
  })

  it("is met, full and 100.0% at the target exactly", async () => {
    const html = await panel(progress("2500000000.00", "2500000000.00"))
    expect(html).toContain('<li class="target target--met" data-target-key="patent-pledge-financing">')
    expect(html).toContain('<span class="target-pct">100.0%</span>')
    expect(html).toContain('<progress value="100" max="100"')
  })
})

describe("GapAndProjection", () => {
  const base = {
    key: "k",
    label: "目标",
    labelEn: "Target",
    unit: "yuan",
    metric: "pledge-amount",
    level: false,
    target: d("500000000"),
    value: d("63000000"),
    progress: 0.126,
    remaining: d("437000000"),
    monthsLeft: 0,
    pacePerMonth: null,
    runRate12m: d("0"),
    projectedDate: null,
    onTrack: false,
    daysLeft: 25,
    pacePerWeek: d("122360000"),
    pacePerDay: d("17480000"),
    projectedEnd: d("67632352.94")
  } as const satisfies Omit<TargetProgress, "periodKind" | "periodStart" | "periodEnd" | "asOf">
  const text = async (p: TargetProgress, lang: "zh" | "en") =>
    (await html(<GapAndProjection progress={p} lang={lang} />)).replace(/<[^>]+>/g, "")

  it("says which pace the projection holds to: the year-to-date or the period-to-date daily average", async () => {
    const year = {
      ...base,
      periodKind: "calendar-year",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      asOf: "2026-12-06"
    } as const
    expect(await text(year, "zh")).toContain("预计年末 6,763.24万（按本年日均）")
    expect(await text(year, "en")).toContain("Projected year-end 67.63 M (at the year-to-date daily average)")
    const plan = { ...year, periodKind: "fixed", periodStart: "2025-01-01", periodEnd: "2027-12-31" } as const
    expect(await text(plan, "zh")).toContain("预计期末 6,763.24万（按期内日均）")
  })

  it("projects nothing before the period starts, and says no pace once it is over", async () => {
    const before = {
      ...base,
      periodKind: "fixed",
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      asOf: "2026-12-06"
    } as const
    expect(await text(before, "zh")).toContain("预计期末 —")
    const over = {
      ...base,
      periodKind: "fixed",
      periodStart: "2025-01-01",
      periodEnd: "2025-12-31",
      asOf: "2026-12-06"
    } as const
    expect(await text(over, "zh")).toContain("预计期末 6,763.24万")
    expect(await text(over, "zh")).not.toContain("日均")
  })
})
