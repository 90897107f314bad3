/** @jsxImportSource hono/jsx */
import { Decimal, type Kejin, makePatentNumber, openKejin, type TargetInputJson } from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import { afterEach, describe, expect, it, vi } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { targetsPlugin } from "./targets-plugin.js"

/*
 * The panel over a real core (in memory): the progress it shows is what the core answers for what was
 * recorded, so a change to the core's TargetProgress shows here.
 */

const [sample] = demoPledges({ count: 1, from: "2026-01-15", to: "2026-01-15", seed: 17 })
let serial = 0
/** A registration of `amount` yuan on `on`, with a number and a patent of its own. */
const pledge = (on: string, amount: string) => {
  const registrationNo = `YT${String(++serial).padStart(10, "0")}`
  const patent = `ZL${makePatentNumber(`20191${String(serial).padStart(7, "0")}`)}`
  return { ...sample!, registrationNo, patents: [patent], registeredOn: on, amount }
}

const opened: Array<Kejin> = []
/** A core in memory whose today is `today`, with `pledges` recorded and `targets` created by bureau staff. */
const coreWith = async (
  today: string,
  pledges: ReadonlyArray<readonly [on: string, amount: string]>,
  targets: ReadonlyArray<TargetInputJson> = []
): Promise<Kejin> => {
  const kejin = await openKejin({ database: "sqlite::memory:", clock: { today } })
  opened.push(kejin)
  for (const [on, amount] of pledges) await kejin.pledges.record(pledge(on, amount))
  for (const target of targets)
    await kejin.targets.create(target, { actor: { id: "wang.li", role: "bureau" } })
  return kejin
}
afterEach(async () => {
  for (const kejin of opened.splice(0)) await kejin.close()
})

/**
 * As of 2026-03-14: 130,000,000.50 pledged in January, 211,999,999.50 in February, so 342,000,000.00 of
 * the plan's 2,500,000,000.00 this year; no fund recorded. Beside the plan's three targets: one over-achieved
 * (January's pledges against 100,000,000.00) and one with a hostile label.
 */
const march = () =>
  coreWith(
    "2026-03-14",
    [
      ["2026-01-15", "130000000.50"],
      ["2026-02-20", "211999999.50"]
    ],
    [
      {
        key: "over-achieved",
        label: "超额完成",
        labelEn: "Over-achieved",
        unit: "yuan",
        target: "100000000.00",
        periodKind: "fixed",
        periodStart: "2026-01-01",
        periodEnd: "2026-01-31",
        metric: "pledge-amount"
      },
      {
        key: "hostile",
        label: "<script>alert(1)</script>",
        labelEn: '"><img src=x onerror=alert(2)>',
        unit: "yuan",
        target: "100000000.00",
        metric: "city-fund-committed"
      }
    ]
  )

const fragment = async (kejin: Kejin, query = "") => {
  const app = createDashboard({ kejin, plugins: [targetsPlugin] })
  const res = await app.request(`/panels/targets/progress${query}`, { headers: { "HX-Request": "true" } })
  return { res, html: await res.text() }
}

const row = (html: string, key: string): string => {
  const match = new RegExp(`<li[^>]*data-target-key="${key}"[^>]*>([\\s\\S]*?)</li>`).exec(html)
  if (match === null) throw new Error(`no row for target ${key} in ${html}`)
  return match[0]
}

describe("targetsPlugin", () => {
  it("is a plugin like any other: id targets, one panel progress, the /targets page, its forms and its link", () => {
    expect(targetsPlugin.id).toBe("targets")
    expect(targetsPlugin.panels.map((p) => p.id)).toEqual(["progress"])
    expect(targetsPlugin.routes.map((r) => `${r.method} ${r.path} ${r.permission}`)).toEqual([
      "GET /targets targets.read"
    ])
    // The forms post to the targets' own routes: creating one, and changing one; and to the reported
    // measures': defining one, reporting a value, reversing one.
    expect(targetsPlugin.forms.map((f) => `${f.operation.http?.method} ${f.operation.http?.path}`)).toEqual([
      "post /api/v1/targets",
      "patch /api/v1/targets/{key}",
      "post /api/v1/measures",
      "post /api/v1/measures/values",
      "post /api/v1/measures/values/{id}/reversal"
    ])
    expect(targetsPlugin.navigation).toEqual([
      { href: "/targets", label: { zh: "目标", en: "Targets" }, permission: "targets.read" }
    ])
    expect(Object.isFrozen(targetsPlugin)).toBe(true)
  })

  it("shows the pace, the 12-month run rate, the projected date and whether it is on track", async () => {
    // As of 2026-06-30: 400,000.00 this year, 640,000.00 in the trailing 12 months (2025-07-01..2026-06-30),
    // against 1,000,000.00: 600,000.00 / 6 months = 100,000.00 a month; 640,000.00 / 12 = 53,333.33 a month;
    // 600,000 × 12 / 640,000 = 11.25 months → 2027-06-07.
    const kejin = await coreWith(
      "2026-06-30",
      [
        ["2025-06-30", "500000.00"],
        ["2025-07-01", "40000.00"],
        ["2025-12-15", "200000.00"],
        ["2026-01-10", "100000.00"],
        ["2026-02-20", "50000.00"],
        ["2026-03-05", "70000.00"],
        ["2026-04-30", "30000.00"],
        ["2026-05-18", "90000.00"],
        ["2026-06-30", "60000.00"]
      ],
      [
        {
          key: "behind",
          label: "一百万",
          labelEn: "1m",
          unit: "yuan",
          target: "1000000.00",
          metric: "pledge-amount"
        }
      ]
    )
    const r = row((await fragment(kejin)).html, "behind")
    // 还差 1,000,000 − 400,000; at the year-to-date daily average 400,000 × 365 / 181 by 31 December.
    expect(r).toContain('还差 <span class="money" title="600,000.00">60万</span>')
    expect(r).toContain('预计年末 <span class="money" title="806,629.83">80.66万</span>（按本年日均）')
    expect(r).toContain('月均所需 <span class="money" title="100,000.00">10万</span>（剩余 6 个整月）')
    expect(r).toContain('近12月月均 <span class="money" title="53,333.33">5.33万</span>')
    expect(r).toContain("预计达成 2027-06-07")
    expect(r).toContain('data-status="behind"')
    const en = row((await fragment(kejin, "?lang=en")).html, "behind")
    expect(en).toContain("Projected 2027-06-07")
    expect(en).toMatch(/data-status="behind">Behind</)
  })

  it("says when no month is left, and when nothing came in for 12 months", async () => {
    // A count of direct investments over a period that ends today, with none recorded.
    const kejin = await coreWith(
      "2026-03-14",
      [],
      [
        {
          key: "stalled",
          label: "直投项目",
          labelEn: "Direct deals",
          unit: "count",
          target: 5,
          periodKind: "fixed",
          periodStart: "2025-03-15",
          periodEnd: "2026-03-14",
          metric: "city-fund-direct-investments"
        }
      ]
    )
    const r = row((await fragment(kejin)).html, "stalled")
    // No day is left: the gap is the answer, not a need per month of "—".
    expect(r).toContain("还差 <span>5</span>")
    expect(r).toContain("预计期末 <span>0</span>")
    expect(r).not.toContain("所需")
    expect(r).toContain("预计达成 —")
    expect(r).toContain('data-status="no-rate"')
  })

  it("shows a money target in 亿 with the exact figures on hover, the period and the percentage", async () => {
    const { res, html } = await fragment(await march())
    expect(res.status).toBe(200)
    const r = row(html, "patent-pledge-financing")
    expect(r).toContain("专利质押融资</")
    expect(r).not.toContain("Patent pledge financing")
    expect(r).toContain(
      '<span class="money" title="342,000,000.00">3.42亿</span></a> / <span class="money" title="2,500,000,000.00">25亿</span>'
    )
    expect(r).toContain("2026-01-01 – 2026-12-31")
    // 342,000,000 / 2,500,000,000 = 13.68%: rounded down, so that no unmet target reads 100.0%.
    expect(r).toContain('<span class="target-pct">13.6%</span>')
    expect(r).toContain('<progress value="13.68" max="100"')
    expect(html).toContain("截至 2026-03-14")
  })

  it("in December, with less than a month left: the gap, the need per week (per day in the last week) and the year-end value", async () => {
    const december = (today: string) =>
      coreWith(
        today,
        [
          ["2025-12-20", "667000000.00"],
          ["2026-03-10", "63000000.00"]
        ],
        [
          {
            key: "december",
            label: "年度目标",
            labelEn: "Year target",
            unit: "yuan",
            target: "500000000.00",
            metric: "pledge-amount"
          }
        ]
      )
    const kejin = await december("2026-12-06")
    const r = row((await fragment(kejin)).html, "december")
    expect(r).toContain('还差 <span class="money" title="437,000,000.00">4.37亿</span>')
    // 437,000,000 × 7 / 25 days (7–31 December) = 122,360,000, rounded up at the unit shown.
    expect(r).toContain(
      '<span data-figure="need" data-per="week">每周所需 <span class="money" title="122,360,000.00">1.23亿</span>（剩余 25 天）</span>'
    )
    // 63,000,000 × 365 / 340 (1 January – 6 December): last December's 667,000,000 plays no part.
    expect(r).toContain('预计年末 <span class="money" title="67,632,352.94">6,763.24万</span>（按本年日均）')
    expect(r).not.toContain("月均所需")
    const en = row((await fragment(kejin, "?lang=en")).html, "december")
    expect(en).toContain('<span class="money" title="437,000,000.00">437 M</span> to go')
    expect(en).toContain(
      'Needed per week <span class="money" title="122,360,000.00">122.36 M</span> (25 day(s) left)'
    )
    expect(en).toContain(
      'Projected year-end <span class="money" title="67,632,352.94">67.63 M</span> (at the year-to-date daily average)'
    )
    expect(en).not.toMatch(/[亿万]/)
    const lastWeek = row((await fragment(await december("2026-12-28"))).html, "december")
    // 437,000,000 / 3 days = 145,666,666.67 a day.
    expect(lastWeek).toContain(
      '每日所需 <span class="money" title="145,666,666.67">1.46亿</span>（剩余 3 天）'
    )
  })

  it("shows a count target as whole numbers", async () => {
    const r = row((await fragment(await march())).html, "city-fund-direct-investments")
    expect(r).toContain("<span>0</span> / <span>5</span>")
    expect(r).toContain('<span class="target-pct">0.0%</span>')
    expect(r).not.toContain("亿")
  })

  it("clamps the bar to 100% but shows the real percentage", async () => {
    const r = row((await fragment(await march())).html, "over-achieved")
    expect(r).toContain('<progress value="100" max="100"')
    expect(r).toContain('<span class="target-pct">130.0%</span>')
    expect(r).toMatch(/^<li class="target target--met"/)
  })

  it("clamps a negative value (after reversals) to an empty bar", async () => {
    // The core never answers a negative figure today; the panel must still draw one sanely: the core's own
    // answer for the plan's target, with the figures replaced.
    const real = await march()
    const [plan] = await real.targets.progress()
    const kejin: Kejin = {
      ...real,
      targets: {
        ...real.targets,
        progress: async () => [
          { ...plan!, key: "negative", value: new Decimal("-2000000"), target: new Decimal("100000000") }
        ]
      }
    }
    const r = row((await fragment(kejin)).html, "negative")
    expect(r).toContain('<progress value="0" max="100"')
    expect(r).toContain('<span class="target-pct">-2.0%</span>')
  })

  it("escapes target labels", async () => {
    const { html } = await fragment(await march())
    const r = row(html, "hostile")
    expect(r).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(html).not.toContain("<script>")
    expect(html).not.toContain("<img")
  })

  it("labels in English with ?lang=en", async () => {
    const { html } = await fragment(await march(), "?lang=en")
    expect(row(html, "patent-pledge-financing")).toMatch(
      /id="target-patent-pledge-financing">Patent pledge financing</
    )
    expect(html).toContain("As of 2026-03-14")
  })

  it("asks the core for progress as of ?asOf=YYYY-MM-DD, and ignores anything else", async () => {
    const kejin = await march()
    const progress = vi.spyOn(kejin.targets, "progress")
    await fragment(kejin, "?asOf=2025-12-31")
    expect(progress).toHaveBeenLastCalledWith("2025-12-31")
    await fragment(kejin, "?asOf=yesterday")
    expect(progress).toHaveBeenLastCalledWith(undefined)
    progress.mockRestore()
  })

  it("says so when there are no targets", async () => {
    // No target is set in a core that has none.
    const real = await march()
    const kejin: Kejin = { ...real, targets: { ...real.targets, progress: async () => [] } }
    expect((await fragment(kejin)).html).toContain("尚未设定目标")
  })

  it("shows its error box when the core fails", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      // A core whose database has gone away.
      const kejin = await coreWith("2026-03-14", [])
      await kejin.close()
      const { res, html } = await fragment(kejin)
      expect(res.status).toBe(200)
      expect(html).toMatch(/^<div class="panel-error" role="alert">/)
    } finally {
      log.mockRestore()
    }
  })
})
