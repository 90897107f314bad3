/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makeUscc, openKejin } from "@kejin/core"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createDashboard } from "../dashboard/dashboard.js"
import { cityFundPlugin } from "./city-fund-plugin.js"

const HX = { "HX-Request": "true" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const uscc = (n: number, district = "330302") => makeUscc(`91${district}MA3${String(n).padStart(6, "0")}`)

/** Text of the element carrying `data-kpi="name"` (tags stripped, spaces collapsed). */
const kpi = (html: string, name: string): string => {
  const match = new RegExp(`<div class="[^"]*" data-kpi="${name}">([\\s\\S]*?)</dd>`).exec(html)
  if (match === null) throw new Error(`no kpi ${name} in ${html}`)
  return text(match[0])
}
/** Text of the progress bar block `data-progress="name"`. */
const bar = (html: string, name: string): string => {
  const match = new RegExp(`<div class="[^"]*" data-progress="${name}">([\\s\\S]*?)</div></div>`).exec(html)
  if (match === null) throw new Error(`no progress ${name} in ${html}`)
  return text(match[0])
}
const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
const row = (html: string, attribute: string, value: string): string => {
  const match = new RegExp(`<tr ${attribute}="${value}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)
  if (match === null) throw new Error(`no row ${attribute}=${value} in ${html}`)
  return text(match[0])
}

/*
 * A programme small enough to check by hand (as of 2026-06-30):
 *
 * city fund wz-city: fiscal 30亿 + state-owned 30亿 = 60亿 of the 100亿 target (60.0 %); calls 9亿 + 6亿 = 15亿
 * (25.0 %). Sub-fund angel-a (angel, 返投 required 1.5): the city fund 1亿 (state-owned), private 2亿, merchant
 * 1亿 → size 4亿, government 1亿, leverage 4.00, social 3.00; invested 6,000万 in Lucheng (local) and 2,000万
 * in Hangzhou → 返投 0.60 / 1.50 = 40.0 %. Sub-fund venture-b (no requirement): the city fund 2亿,
 * insurance 3亿 → leverage 2.50, social 1.50. Programme (each yuan once): 60亿 + 3亿 + 3亿 = 66亿, government
 * 60亿 → leverage 1.10, social 0.10; the 3亿 passed down is internal. Direct investments in 2026: key generic
 * 1,000万 (鹿城智造), frontier 2,000万 + 1,000万 in two tranches (瑞安光电: one project), other 500万 (杭州云栖,
 * not counted) → 2 projects of 5 = 40.0 % (counting tranches would say 3); the 2025 one does not count.
 */
const seed = async (kejin: Kejin) => {
  const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })).id
  const base = { industry: "智能装备", stage: "growth", techCategory: "other" }
  await kejin.registry.addEnterprise({ uscc: uscc(1), name: "鹿城智造", district: "330302", ...base })
  await kejin.registry.addEnterprise({ uscc: uscc(2), name: "瑞安光电", district: "330381", ...base })
  await kejin.registry.addEnterprise({
    uscc: uscc(3, "330106"),
    name: "杭州云栖",
    district: "330106",
    ...base
  })
  const fund = (code: string, extra: Record<string, unknown>) =>
    kejin.funds.create({
      code,
      name: `基金 ${code}`,
      manager,
      targetSize: "10000000000.00",
      vintage: "2025-01-01",
      district: "330302",
      ...extra
    })
  await fund("wz-city", { kind: "city-fund", name: "温州市科创基金" })
  await fund("angel-a", { kind: "sub-fund", parent: "wz-city", chainStage: "angel", reinvestRequired: "1.5" })
  await fund("venture-b", { kind: "sub-fund", parent: "wz-city", chainStage: "venture" })
  const commit = async (fund: string, amount: string, lp: Record<string, string>) =>
    (await kejin.funds.commit({ fund, on: "2025-01-10", amount, ...lp })).id
  const fiscal = await commit("wz-city", "30亿", { lpName: "温州市财政局", lpType: "fiscal" })
  const state = await commit("wz-city", "30亿", { lpName: "温州国投", lpType: "state-owned" })
  await kejin.funds.call({ commitment: fiscal, on: "2025-02-01", amount: "9亿" })
  await kejin.funds.call({ commitment: state, on: "2025-02-01", amount: "6亿" })
  const fromCity = { lpFund: "wz-city", lpType: "state-owned" }
  await commit("angel-a", "1亿", fromCity)
  await commit("angel-a", "2亿", { lpName: "民营企业", lpType: "private" })
  await commit("angel-a", "1亿", { lpName: "温商实业", lpType: "merchant" })
  await commit("venture-b", "2亿", fromCity)
  await commit("venture-b", "3亿", { lpName: "保险公司", lpType: "insurance" })
  const invest = (fund: string, enterprise: string, on: string, amount: string, techCategory = "other") =>
    kejin.funds.invest({ fund, enterprise, on, amount, instrument: "equity", techCategory })
  await invest("angel-a", uscc(1), "2025-04-01", "6000万")
  await invest("angel-a", uscc(3, "330106"), "2025-05-01", "2000万")
  await invest("wz-city", uscc(2), "2025-06-01", "1000万", "disruptive")
  await invest("wz-city", uscc(1), "2026-02-01", "1000万", "key-generic")
  await invest("wz-city", uscc(2), "2026-03-01", "2000万", "frontier")
  await invest("wz-city", uscc(3, "330106"), "2026-04-01", "500万", "other")
  await invest("wz-city", uscc(2), "2026-05-01", "1000万", "frontier")
}

describe("cityFundPlugin", () => {
  it("is a plugin like any other: id city-fund, order 30, five panels", () => {
    expect(cityFundPlugin.id).toBe("city-fund")
    expect(cityFundPlugin.order).toBe(30)
    expect(cityFundPlugin.title).toEqual({ zh: "市科创基金", en: "City sci-tech fund" })
    expect(cityFundPlugin.panels.map((p) => [p.id, p.size ?? "normal", p.permission])).toEqual([
      ["scale", "normal", "funds.read"],
      ["direct", "normal", "funds.read"],
      ["sub-funds", "wide", "funds.read"],
      ["look-through", "wide", "funds.read"],
      ["capital", "wide", "funds.read"]
    ])
    expect(Object.isFrozen(cityFundPlugin)).toBe(true)
  })
})

describe("cityFundPlugin over a real core", () => {
  let kejin: Kejin
  const fragment = async (panel: string, query = "?asOf=2026-06-30", actor: Actor = viewer) => {
    const app = createDashboard({
      kejin,
      plugins: [cityFundPlugin],
      session: () => ({ actor, csrfToken: "t" })
    })
    const res = await app.request(`/panels/city-fund/${panel}${query}`, { headers: HX })
    expect(res.status).toBe(200)
    return res.text()
  }

  // A seeded store in memory for each test: the target test's change stays its own.
  beforeEach(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
    await seed(kejin)
  })
  afterEach(async () => {
    await kejin?.close()
  })

  it("shows the scale against 100亿, paid-in, and the programme's leverage counted once", async () => {
    const html = await fragment("scale")
    expect(bar(html, "scale")).toBe("认缴规模 60.0% 60.0% 60亿 / 100亿 还差 40亿 目标取自政策目标")
    expect(html).toContain('<progress value="60" max="100"')
    expect(kpi(html, "paid-in")).toBe("实缴 15亿 (25.0%)")
    expect(kpi(html, "to-sub-funds")).toContain("3亿")
    expect(kpi(html, "programme-size")).toContain("66亿")
    expect(kpi(html, "government")).toContain("60亿")
    expect(kpi(html, "leverage")).toContain("1.10×")
    expect(kpi(html, "social-multiple")).toContain("0.10×")
    // The exact multiple on hover: 66 / 60.
    expect(html).toContain('title="1.100000">1.10×')
    expect(text(html)).toContain("市基金对子基金的出资 3亿 不重复计入")
    expect(text(html)).toContain("截至 2026-06-30")
  })

  it("counts this year's direct investments in the four key categories against 5", async () => {
    const html = await fragment("direct")
    expect(bar(html, "direct")).toBe("直投项目（四类关键技术） 40.0% 40.0% 2 / 5 项 2026-01-01 – 2026-06-30")
    expect(row(html, "data-tech", "key-generic")).toBe("关键共性技术 1 1 1,000万")
    expect(row(html, "data-tech", "frontier")).toBe("前沿引领技术 1 2 3,000万")
    expect(row(html, "data-tech", "engineering")).toBe("现代工程技术 0 0 0万")
    expect(row(html, "data-tech", "disruptive")).toBe("颠覆性技术 0 0 0万")
    expect(row(html, "data-tech", "other")).toBe("其他 (不计入) 1 1 500万")
    // The projects, each with its tranches.
    expect(row(html, "data-project", `${uscc(2)}-2026`)).toBe(
      "瑞安光电 前沿引领技术 3,000万 2026-03-01 2,000万 2026-05-01 1,000万"
    )
    expect(row(html, "data-project", `${uscc(1)}-2026`)).toBe(
      "鹿城智造 关键共性技术 1,000万 2026-02-01 1,000万"
    )
    expect(row(html, "data-project", `${uscc(3, "330106")}-2026`)).toBe(
      "杭州云栖 其他 (不计入) 500万 2026-04-01 500万"
    )
    expect(text(html)).toContain("同一企业同一年度的多笔投资计为一个项目。")
  })

  it("lists each sub-fund's leverage and 返投 against its requirement", async () => {
    const html = await fragment("sub-funds")
    expect(row(html, "data-fund", "angel-a")).toBe(
      "基金 angel-a 4亿 1亿 4.00× 3.00× 1亿 6,000万 0.60× / 1.50× 40.0% 40.0%"
    )
    expect(row(html, "data-fund", "venture-b")).toBe(
      "基金 venture-b 5亿 2亿 2.50× 1.50× 2亿 0万 0.00× / 无要求 —"
    )
    expect(html).toContain('<a href="/funds/angel-a?asOf=2026-06-30">基金 angel-a</a>')
  })

  it("links a figure to a ledger only for a person the ledger page lets in", async () => {
    const panels = ["scale", "direct", "sub-funds", "look-through", "capital"]
    const ledgerLinks = async (actor: Actor) =>
      (await Promise.all(panels.map((p) => fragment(p, "?asOf=2026-06-30", actor)))).flatMap((html) =>
        [...html.matchAll(/href="(\/funds\/[^/"]+)\/ledger\?/g)].map((m) => m[1])
      )
    const everyone = new Set(await ledgerLinks(viewer))
    expect(everyone).toEqual(new Set(["/funds/wz-city", "/funds/angel-a", "/funds/venture-b"]))
    // angel-a's manager follows their own fund's figures, never the city fund's or another's (a 403).
    const manager: Actor = { id: "li.na", role: "fund-manager", funds: ["angel-a"] }
    expect(new Set(await ledgerLinks(manager))).toEqual(new Set(["/funds/angel-a"]))
  })

  it("sees the city fund through its sub-funds: its share of their NAV", async () => {
    // The city fund pays 5,000万 into angel-a (its only call); angel-a is marked at 6,000万 and the city fund
    // at 14.5亿 (its direct holdings and cash). Look-through NAV = 14.5亿 + 6,000万 = 15.1亿; TVPI 15.1 / 15.
    const [stake] = (await kejin.funds.ledger("angel-a", { kind: "commitment" })).filter(
      (e) => e.kind === "commitment" && e.lpFund === "wz-city"
    )
    await kejin.funds.call({ commitment: stake!.id, on: "2025-03-01", amount: "5000万" })
    await kejin.funds.mark({ fund: "angel-a", on: "2026-03-31", nav: "6000万" })
    await kejin.funds.mark({ fund: "wz-city", on: "2026-03-31", nav: "14.5亿" })
    const html = await fragment("look-through")
    expect(kpi(html, "lt-paid-in")).toBe("实缴 15亿")
    expect(kpi(html, "lt-nav")).toBe("穿透净值 15.10亿")
    expect(kpi(html, "lt-direct-nav")).toBe("其中直接持有 14.50亿")
    expect(kpi(html, "lt-tvpi")).toContain("1.01×")
    expect(row(html, "data-stake", "angel-a")).toContain("angel-a")
    expect(row(html, "data-stake", "venture-b")).toContain("venture-b")
    expect(text(html)).toContain("穿透口径")
    const en = await fragment("look-through", "?asOf=2026-06-30&lang=en")
    expect(kpi(en, "lt-nav")).toContain("Look-through NAV")
    expect(en).not.toContain("穿透净值")
  })

  it("groups committed capital by origin and LP type, each yuan once, with the 温商 capital back home", async () => {
    const html = await fragment("capital")
    // 60亿 + angel-a 3亿 + venture-b 3亿 from outside; the 3亿 the city fund passed down is left out.
    expect(kpi(html, "capital-committed")).toContain("66亿")
    expect(kpi(html, "merchant-returned")).toContain("1亿")
    expect(row(html, "data-capital", "origin-local")).toContain("66亿")
    expect(row(html, "data-capital", "lpType-merchant")).toContain("1亿")
    expect(row(html, "data-capital", "lpType-fiscal")).toContain("30亿")
    expect(text(html)).toContain("不重复计入")
  })

  it("speaks English with ?lang=en", async () => {
    const html = await fragment("scale", "?asOf=2026-06-30&lang=en")
    expect(kpi(html, "paid-in")).toBe("Paid-in 1.50 B (25.0%)")
    expect(text(html)).toContain("As of 2026-06-30")
    expect(html).not.toContain("实缴")
  })

  it("follows the scale target when the bureau changes it", async () => {
    await kejin.targets.update("city-fund-scale", { target: "80亿" })
    expect(bar(await fragment("scale"), "scale")).toContain("75.0% 75.0% 60亿 / 80亿")
  })

  it("says so when no city fund is recorded", async () => {
    const empty = await openKejin({ database: "sqlite::memory:" })
    try {
      const app = createDashboard({ kejin: empty, plugins: [cityFundPlugin] })
      for (const panel of ["scale", "direct", "sub-funds", "look-through"]) {
        const html = await (await app.request(`/panels/city-fund/${panel}`, { headers: HX })).text()
        expect(html).toContain("尚未登记市科创基金")
      }
    } finally {
      await empty.close()
    }
  })
})
