import { type Kejin, openKejin } from "@kejin/core"
import { createDashboard, patentPledgePlugin, targetsPlugin } from "@kejin/ui"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type BondConfig, createBondsPlugin } from "../examples/bonds-plugin.js"
import { main as embed } from "../examples/embed.js"

describe("examples", () => {
  it("the embedding example records a pledge and totals it exactly", async () => {
    expect(await embed()).toBe("1 pledge loan(s), 25,000,000.00 yuan (2,500.00万)")
  })
})

const BONDS: ReadonlyArray<BondConfig> = [
  {
    issuer: "温州市科技创新投资集团有限公司",
    amount: "500000000.00",
    tenorYears: 5,
    couponPercent: "2.35",
    issuedOn: "2025-04-18",
    useOfProceeds: "注资市科创基金"
  },
  {
    issuer: "温州银行股份有限公司",
    amount: "3亿",
    tenorYears: 3,
    couponPercent: "1.98",
    issuedOn: "2025-06-09",
    useOfProceeds: "科技型企业贷款"
  },
  {
    issuer: "温州市科技创新投资集团有限公司",
    amount: "123,456,789.01",
    tenorYears: 7,
    couponPercent: "2.6",
    issuedOn: "2025-09-30",
    useOfProceeds: "<script>alert(1)</script>"
  }
]

const HX = { "HX-Request": "true" }

describe("the third-party bonds plugin example", () => {
  let kejin: Kejin
  beforeAll(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
  })
  afterAll(async () => {
    await kejin?.close()
  })

  const dashboard = () =>
    createDashboard({
      kejin,
      plugins: [targetsPlugin, patentPledgePlugin, createBondsPlugin({ bonds: BONDS })]
    })

  it("mounts next to the built-in plugins: its panel is on the page, after theirs", async () => {
    const page = await (await dashboard().request("/")).text()
    for (const panel of ["targets/progress", "patent-pledge/monthly", "sci-tech-bonds/issued"]) {
      expect(page).toContain(`data-panel="${panel}"`)
    }
    expect(page).toContain("科技创新债券")
    expect(page.indexOf('id="patent-pledge"')).toBeLessThan(page.indexOf('id="sci-tech-bonds"'))
  })

  it("renders its fragment with the exact total, a chart by issuer and escaped text", async () => {
    const res = await dashboard().request("/panels/sci-tech-bonds/issued", { headers: HX })
    expect(res.status).toBe(200)
    const html = await res.text()
    // 500,000,000.00 + 300,000,000.00 + 123,456,789.01
    expect(html).toContain("累计发行 <strong>923,456,789.01</strong> 元")
    expect(html).toContain("3 只")
    expect(html).toContain("<svg ")
    // by issuer: the two bonds of the investment group together
    expect(html).toContain('<td title="623,456,789.01">6.23亿</td>')
    expect(html).toContain("<title>温州银行股份有限公司 发行金额: 3亿 (300,000,000.00)</title>")
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(html).not.toMatch(/<script|style="/)
    // no dev-build JSX props leak into the HTML
    expect(html).not.toMatch(/__self|__source/)
  })

  it("honours ?asOf like the built-in panels, and speaks English", async () => {
    const html = await (
      await dashboard().request("/panels/sci-tech-bonds/issued?asOf=2025-06-30&lang=en", { headers: HX })
    ).text()
    expect(html).toContain("Issued in total: <strong>800,000,000.00</strong> yuan")
    expect(html).toContain("2 bond(s)")
  })

  it("lists its bonds as JSON on its own route", async () => {
    const res = await dashboard().request("/sci-tech-bonds/bonds.json")
    const body = (await res.json()) as { total: string; bonds: Array<{ amount: string }> }
    expect(body.total).toBe("923456789.01")
    expect(body.bonds.map((b) => b.amount)).toEqual(["500000000.00", "300000000.00", "123456789.01"])
  })

  it("fails at start-up when registered twice, naming the plugin id", () => {
    const bonds = createBondsPlugin({ bonds: BONDS })
    expect(() => createDashboard({ kejin, plugins: [targetsPlugin, bonds, bonds] })).toThrow(
      /duplicate plugin id "sci-tech-bonds"/
    )
    expect(() =>
      createDashboard({ kejin, plugins: [bonds, createBondsPlugin({ bonds: [], order: 99 })] })
    ).toThrow(/"sci-tech-bonds"/)
  })

  it("refuses a malformed bond when it is created, naming the plugin and the bond", () => {
    const bad = { ...BONDS[0]!, amount: "12.345" }
    expect(() => createBondsPlugin({ bonds: [BONDS[1]!, bad] })).toThrow(
      /plugin "sci-tech-bonds": bond 2 \("温州市科技创新投资集团有限公司"\): .*more than two decimal places/
    )
    expect(() => createBondsPlugin({ bonds: [{ ...BONDS[0]!, couponPercent: "2,35" }] })).toThrow(
      /couponPercent/
    )
    expect(() => createBondsPlugin({ bonds: [{ ...BONDS[0]!, issuedOn: "2025-02-30" }] })).toThrow(/issuedOn/)
  })
})
