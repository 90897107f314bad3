/** @jsxImportSource hono/jsx */
import { Decimal, type Kejin, openKejin, type TargetProgress } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { barPercent, completionText, GapAndProjection, PerMonth } from "./format.js"
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

describe("PerMonth", () => {
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
