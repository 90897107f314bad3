/** @jsxImportSource hono/jsx */
import { Decimal, type Kejin, type TargetProgress } from "@kejin/core"
import { describe, expect, it, vi } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { targetsPlugin } from "./targets-plugin.js"

const progressOf = (fields: Partial<TargetProgress> & Pick<TargetProgress, "key" | "value" | "target">) =>
  ({
    label: "专利质押融资",
    labelEn: "Patent pledge financing",
    unit: "yuan",
    periodKind: "calendar-year",
    progress: fields.target.isZero() ? 0 : fields.value.div(fields.target).toNumber(),
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    asOf: "2026-03-14",
    remaining: Decimal.max(0, fields.target.minus(fields.value)),
    monthsLeft: 9,
    pacePerMonth: Decimal.max(0, fields.target.minus(fields.value)).div(9),
    runRate12m: new Decimal(0),
    projectedDate: null,
    onTrack: false,
    ...fields
  }) satisfies TargetProgress

const TARGETS: ReadonlyArray<TargetProgress> = [
  progressOf({
    key: "patent-pledge-financing",
    value: new Decimal("342000000"),
    target: new Decimal("2500000000")
  }),
  progressOf({
    key: "city-fund-direct-investments",
    label: "市级基金直投项目",
    labelEn: "City fund direct investments",
    unit: "count",
    value: new Decimal(0),
    target: new Decimal(5)
  }),
  progressOf({
    key: "over-achieved",
    label: "超额完成",
    labelEn: "Over-achieved",
    value: new Decimal("130000000.50"),
    target: new Decimal("100000000")
  }),
  progressOf({
    key: "hostile",
    label: "<script>alert(1)</script>",
    labelEn: '"><img src=x onerror=alert(2)>',
    value: new Decimal(0),
    target: new Decimal("100000000")
  })
]

// A stub of the core's Promise facade with only what this panel uses.
const fakeKejin = (targets: ReadonlyArray<TargetProgress>) => {
  const progress = vi.fn(async (_asOf?: string) => targets)
  return { kejin: { targets: { progress } } as unknown as Kejin, progress }
}

const fragment = async (targets: ReadonlyArray<TargetProgress>, query = "") => {
  const { kejin, progress } = fakeKejin(targets)
  const app = createDashboard({ kejin, plugins: [targetsPlugin] })
  const res = await app.request(`/panels/targets/progress${query}`, { headers: { "HX-Request": "true" } })
  return { res, html: await res.text(), progress }
}

const row = (html: string, key: string): string => {
  const match = new RegExp(`<li[^>]*data-target-key="${key}"[^>]*>([\\s\\S]*?)</li>`).exec(html)
  if (match === null) throw new Error(`no row for target ${key} in ${html}`)
  return match[0]
}

describe("targetsPlugin", () => {
  it("is a plugin like any other: id targets, one panel progress, the /targets page and its link", () => {
    expect(targetsPlugin.id).toBe("targets")
    expect(targetsPlugin.panels.map((p) => p.id)).toEqual(["progress"])
    expect(targetsPlugin.routes.map((r) => `${r.method} ${r.path} ${r.permission}`)).toEqual([
      "GET /targets targets.read",
      "POST /targets targets.write",
      "POST /targets/:key targets.write"
    ])
    expect(targetsPlugin.navigation).toEqual([
      { href: "/targets", label: { zh: "目标", en: "Targets" }, permission: "targets.read" }
    ])
    expect(Object.isFrozen(targetsPlugin)).toBe(true)
  })

  it("shows the pace, the 12-month run rate, the projected date and whether it is on track", async () => {
    const behind = progressOf({
      key: "behind",
      value: new Decimal("400000"),
      target: new Decimal("1000000"),
      monthsLeft: 6,
      pacePerMonth: new Decimal("100000"),
      runRate12m: new Decimal("640000").div(12),
      projectedDate: "2027-06-07",
      onTrack: false
    })
    const r = row((await fragment([behind])).html, "behind")
    expect(r).toContain('月均所需 <span title="100,000.00">10.00万</span>')
    expect(r).toContain('近12月月均 <span title="53,333.33">5.33万</span>')
    expect(r).toContain("预计达成 2027-06-07")
    expect(r).toContain('data-status="behind"')
    const en = row((await fragment([behind], "?lang=en")).html, "behind")
    expect(en).toContain("Projected 2027-06-07")
    expect(en).toMatch(/data-status="behind">Behind</)
  })

  it("says when no month is left, and when nothing came in for 12 months", async () => {
    const stalled = progressOf({
      key: "stalled",
      value: new Decimal(0),
      target: new Decimal(5),
      unit: "count",
      monthsLeft: 0,
      pacePerMonth: null
    })
    const r = row((await fragment([stalled])).html, "stalled")
    expect(r).toContain("月均所需 —")
    expect(r).toContain("预计达成 —")
    expect(r).toContain('data-status="no-rate"')
  })

  it("shows a money target in 亿 with the exact figures on hover, the period and the percentage", async () => {
    const { res, html } = await fragment(TARGETS)
    expect(res.status).toBe(200)
    const r = row(html, "patent-pledge-financing")
    expect(r).toContain('专利质押融资 <span class="en" lang="en">Patent pledge financing</span>')
    expect(r).toContain(
      '<span title="342,000,000.00">3.42亿</span> / <span title="2,500,000,000.00">25.00亿</span>'
    )
    expect(r).toContain("2026-01-01 – 2026-12-31")
    // 342,000,000 / 2,500,000,000 = 13.68%: rounded down, so that no unmet target reads 100.0%.
    expect(r).toContain('<span class="target-pct">13.6%</span>')
    expect(r).toContain('<progress value="13.68" max="100"')
    expect(html).toContain("截至 2026-03-14")
  })

  it("shows a count target as whole numbers", async () => {
    const r = row((await fragment(TARGETS)).html, "city-fund-direct-investments")
    expect(r).toContain("<span>0</span> / <span>5</span>")
    expect(r).toContain('<span class="target-pct">0.0%</span>')
    expect(r).not.toContain("亿")
  })

  it("clamps the bar to 100% but shows the real percentage", async () => {
    const r = row((await fragment(TARGETS)).html, "over-achieved")
    expect(r).toContain('<progress value="100" max="100"')
    expect(r).toContain('<span class="target-pct">130.0%</span>')
    expect(r).toMatch(/^<li class="target target--met"/)
  })

  it("clamps a negative value (after reversals) to an empty bar", async () => {
    const negative = progressOf({
      key: "negative",
      value: new Decimal("-2000000"),
      target: new Decimal("100000000")
    })
    const r = row((await fragment([negative])).html, "negative")
    expect(r).toContain('<progress value="0" max="100"')
    expect(r).toContain('<span class="target-pct">-2.0%</span>')
  })

  it("escapes target labels", async () => {
    const { html } = await fragment(TARGETS)
    const r = row(html, "hostile")
    expect(r).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(html).not.toContain("<script>")
    expect(html).not.toContain("<img")
  })

  it("labels in English with ?lang=en", async () => {
    const { html } = await fragment(TARGETS, "?lang=en")
    expect(row(html, "patent-pledge-financing")).toMatch(
      /id="target-patent-pledge-financing">Patent pledge financing</
    )
    expect(html).toContain("As of 2026-03-14")
  })

  it("asks the core for progress as of ?asOf=YYYY-MM-DD, and ignores anything else", async () => {
    expect((await fragment(TARGETS, "?asOf=2025-12-31")).progress).toHaveBeenCalledWith("2025-12-31")
    expect((await fragment(TARGETS, "?asOf=yesterday")).progress).toHaveBeenCalledWith(undefined)
  })

  it("says so when there are no targets", async () => {
    expect((await fragment([])).html).toContain("尚未设定目标")
  })

  it("shows its error box when the core fails", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined)
    const kejin = {
      targets: { progress: async () => Promise.reject(new Error("no database")) }
    } as unknown as Kejin
    const app = createDashboard({ kejin, plugins: [targetsPlugin] })
    const res = await app.request("/panels/targets/progress", { headers: { "HX-Request": "true" } })
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/^<div class="panel-error" role="alert">/)
    vi.restoreAllMocks()
  })
})
