import type { Actor } from "../auth/actor.js"
import type { Kejin } from "../kejin.js"
import { makeUscc } from "../registry/codes.js"
import type { EnterpriseStage, TechCategory } from "../registry/enterprises.js"
import { addDays, addMonths, daysBetween } from "../time/index.js"
import type { DemoEnterprise } from "./pledges.js"

/**
 * The demo equity chain (used by `kejin demo` and tests): the city fund and four sub-funds along the chain,
 * investing in the first 24 demo enterprises, which it registers.
 */

const STAGES: ReadonlyArray<EnterpriseStage> = ["start-up", "growth", "seed", "expansion", "growth", "mature"]
const CATEGORIES: ReadonlyArray<TechCategory> = [
  "key-generic",
  "frontier",
  "engineering",
  "disruptive",
  "other",
  "key-generic",
  "other"
]
const TRADES: ReadonlyArray<string> = [
  "智能装备",
  "新材料",
  "激光科技",
  "生物医药",
  "电气",
  "光电",
  "汽车零部件",
  "泵阀",
  "数控",
  "新能源",
  "传感器",
  "软件"
]

/** The trade in a demo enterprise's name (智能装备, 新材料, …), as its registry industry. */
export const demoIndustry = (name: string): string => TRADES.find((t) => name.includes(t)) ?? "高端装备"

/** One enterprise outside Wenzhou (Hangzhou, 余杭区), so that the local flag has both values. */
const hangzhou = {
  uscc: makeUscc("91330110MA2H7K3Q9"),
  name: "杭州云栖智能传感科技有限公司",
  district: "330110",
  industry: "传感器",
  stage: "growth",
  techCategory: "frontier"
} as const

const yuan = (wan: number): string => `${wan * 10_000}.00`

/**
 * The equity chain, dated back from `today`: the city fund (市科创基金 `wz-city-fund`, fiscal and
 * state-owned commitments of 60亿 against the 100亿 target, calls, a NAV mark, three direct investments
 * this year in key technology categories and one last year), and four sub-funds along the chain
 * (天使 `wz-angel-1`, 创投 `wz-venture-1`, 产业 `wz-industrial-1`, 温商 `wz-merchant-1`), each with its
 * manager, LP commitments of every type (温商 merchant LPs among them), calls, investments in the demo
 * enterprises, valuations, NAV marks; the venture fund has one exit and its distribution. Two sub-funds
 * follow city-fund direct investments of this year in the same enterprises (投投联动 material). Returns
 * the number of funds created.
 */
export const seedDemoFunds = async (
  kejin: Kejin,
  options: {
    readonly today: string
    readonly enterprises: ReadonlyArray<DemoEnterprise>
    readonly actor?: Actor | undefined
  }
): Promise<number> => {
  const { today, enterprises } = options
  const as = options.actor === undefined ? {} : { actor: options.actor }
  const ago = (months: number, days = 0) => addDays(addMonths(today, -months), days)
  // A day of this year, `fraction` of the way from 1 January to today (this year's direct investments).
  const yearStart = `${today.slice(0, 4)}-01-01`
  const thisYear = (fraction: number) =>
    addDays(yearStart, Math.floor(daysBetween(yearStart, today) * fraction))

  const registered = new Set((await kejin.registry.enterprises({ limit: 1000 })).map((e) => e.uscc))
  const companies = enterprises.slice(0, 24)
  for (const [i, e] of companies.entries()) {
    if (registered.has(e.uscc)) continue
    await kejin.registry.addEnterprise(
      {
        ...e,
        industry: demoIndustry(e.name),
        stage: STAGES[i % STAGES.length]!,
        techCategory: CATEGORIES[i % CATEGORIES.length]!
      },
      as
    )
  }
  if (!registered.has(hangzhou.uscc)) await kejin.registry.addEnterprise(hangzhou, as)
  const uscc = (i: number) => companies[i]!.uscc

  const known = await kejin.registry.institutions({ kind: "fund-manager" })
  const manager = async (name: string) =>
    known.find((m) => m.name === name)?.id ??
    (await kejin.registry.addInstitution({ kind: "fund-manager", name }, as)).id
  const managers = {
    city: await manager("温州市科技创新投资管理有限公司"),
    angel: await manager("瓯江天使投资管理有限公司"),
    venture: await manager("温州创新创业投资管理有限公司"),
    industrial: await manager("浙南产业资本管理有限公司"),
    merchant: await manager("温商回归股权投资管理有限公司")
  }

  const commit = async (fund: string, on: string, lp: Record<string, string>, wan: number) =>
    (await kejin.funds.commit({ fund, on, ...lp, amount: yuan(wan) }, as)).id
  // The city fund's commitments to its sub-funds, and what it has paid into them (万元): its NAV mark covers
  // what it holds directly (its own investments and cash), its sub-fund stakes being seen through.
  const cityStakes = new Set<number>()
  let cityPaidIntoSubFunds = 0
  const call = (commitment: number, on: string, wan: number) => {
    if (cityStakes.has(commitment)) cityPaidIntoSubFunds += wan
    return kejin.funds.call({ commitment, on, amount: yuan(wan) }, as)
  }
  const invest = async (fund: string, enterprise: string, on: string, wan: number, extra = {}) =>
    (
      await kejin.funds.invest(
        { fund, enterprise, on, amount: yuan(wan), instrument: "equity", ...extra },
        as
      )
    ).id
  const value = (investment: number, on: string, wan: number) =>
    kejin.funds.value({ investment, on, fairValue: yuan(wan) }, as)
  const mark = (fund: string, on: string, wan: number) => kejin.funds.mark({ fund, on, nav: yuan(wan) }, as)

  // 市科创基金: the guidance fund, 60亿 of fiscal and state-owned money against the 100亿 target.
  const cityVintage = ago(22)
  await kejin.funds.create(
    {
      code: "wz-city-fund",
      name: "温州市科技创新创业投资基金（市科创基金）",
      kind: "city-fund",
      manager: managers.city,
      targetSize: yuan(1_000_000),
      vintage: cityVintage,
      status: "investing",
      district: "330302"
    },
    as
  )
  const fiscal = await commit(
    "wz-city-fund",
    cityVintage,
    { lpName: "温州市财政局", lpType: "fiscal" },
    300_000
  )
  const stateCapital = await commit(
    "wz-city-fund",
    cityVintage,
    { lpName: "温州市国有资本投资运营有限公司", lpType: "state-owned" },
    200_000
  )
  const financeGroup = await commit(
    "wz-city-fund",
    ago(10),
    { lpName: "温州市金融投资集团有限公司", lpType: "state-owned" },
    100_000
  )
  await call(fiscal, ago(21), 90_000)
  await call(stateCapital, ago(21), 60_000)
  await call(financeGroup, ago(9), 30_000)
  await call(fiscal, ago(6), 60_000)
  // 直投: last year's one, then three this year in key generic, frontier and modern engineering technology.
  await invest("wz-city-fund", uscc(3), ago(14), 1_500, { round: "B", techCategory: "disruptive" })
  await invest("wz-city-fund", uscc(12), thisYear(0.2), 3_000, { round: "B", techCategory: "key-generic" })
  await invest("wz-city-fund", uscc(13), thisYear(0.5), 5_000, {
    round: "A",
    instrument: "future-equity",
    techCategory: "frontier"
  })
  await invest("wz-city-fund", uscc(14), thisYear(0.8), 2_000, {
    round: "Pre-IPO",
    instrument: "convertible",
    techCategory: "engineering"
  })

  /**
   * A sub-fund of the city fund and its LPs, each committed on the vintage and paying `called.percent` of
   * its commitment on `called.on`. Returns the commitments' ids, in the order of `lps`.
   */
  const subFund = async (
    fund: {
      readonly code: string
      readonly name: string
      readonly chainStage: string
      readonly manager: number
      readonly wan: number
      readonly vintage: string
      readonly district: string
      readonly reinvestRequired: string
    },
    lps: ReadonlyArray<readonly [lp: Record<string, string>, wan: number]>,
    called: { readonly on: string; readonly percent: number }
  ): Promise<ReadonlyArray<number>> => {
    const { code, name, chainStage, manager, wan, vintage, district, reinvestRequired } = fund
    await kejin.funds.create(
      {
        code,
        name,
        kind: "sub-fund",
        chainStage,
        parent: "wz-city-fund",
        manager,
        targetSize: yuan(wan),
        vintage,
        status: "investing",
        district,
        reinvestRequired
      },
      as
    )
    const ids: Array<number> = []
    for (const [lp, lpWan] of lps) {
      ids.push(await commit(code, vintage, lp, lpWan))
      if (lp === fromCity) cityStakes.add(ids[ids.length - 1]!)
    }
    for (const [i, [, lpWan]] of lps.entries()) await call(ids[i]!, called.on, (lpWan * called.percent) / 100)
    return ids
  }
  const fromCity = { lpFund: "wz-city-fund", lpType: "state-owned" }

  // 天使投资扶初创: the demo fund manager's fund.
  const angelLps = await subFund(
    {
      code: "wz-angel-1",
      name: "瓯江天使创业投资基金",
      chainStage: "angel",
      manager: managers.angel,
      wan: 30_000,
      vintage: ago(18),
      district: "330302",
      reinvestRequired: "1.5"
    },
    [
      [fromCity, 10_000],
      [{ lpName: "瑞安温商实业有限公司", lpType: "merchant" }, 8_000],
      [{ lpName: "浙江正合科技有限公司", lpType: "private" }, 6_000],
      [{ lpName: "陈建国等自然人", lpType: "individual" }, 4_000],
      [{ lpName: "瓯江天使投资管理有限公司", lpType: "gp" }, 500]
    ],
    { on: ago(17), percent: 40 }
  )
  await call(angelLps[0]!, ago(5), 2_000)
  await call(angelLps[1]!, ago(5), 1_600)
  const angel0 = await invest("wz-angel-1", uscc(0), ago(16), 1_500, { round: "天使轮" })
  const angel1 = await invest("wz-angel-1", uscc(1), ago(12), 800, { round: "天使轮" })
  await invest("wz-angel-1", uscc(2), ago(7), 2_000, { round: "Pre-A", instrument: "future-equity" })
  await invest("wz-angel-1", uscc(4), ago(3), 1_200, { round: "天使+" })
  await value(angel0, ago(2), 3_000)
  await value(angel1, ago(2), 600)
  await mark("wz-angel-1", ago(2), 15_800)

  // 创投基金育成长: one exit (M&A) and its distribution.
  await subFund(
    {
      code: "wz-venture-1",
      name: "温州创新成长创业投资基金",
      chainStage: "venture",
      manager: managers.venture,
      wan: 80_000,
      vintage: ago(20),
      district: "330303",
      reinvestRequired: "2"
    },
    [
      [fromCity, 20_000],
      [{ lpName: "温州市龙湾区国有投资集团", lpType: "state-owned" }, 10_000],
      [{ lpName: "中国人寿保险温州分公司", lpType: "insurance" }, 15_000],
      [{ lpName: "世界温州人创投联合体", lpType: "merchant" }, 20_000],
      [{ lpName: "浙南民营企业投资联合体", lpType: "private" }, 5_000]
    ],
    { on: ago(19), percent: 50 }
  )
  const venture0 = await invest("wz-venture-1", uscc(5), ago(17), 4_000, { round: "A" })
  const venture1 = await invest("wz-venture-1", uscc(6), ago(14), 3_000, { round: "A+" })
  await invest("wz-venture-1", hangzhou.uscc, ago(10), 2_500, { round: "B" })
  await invest("wz-venture-1", uscc(7), ago(6), 3_500, { round: "B", instrument: "convertible" })
  // Follows the city fund's B round in the same enterprise this year (投投联动).
  await invest("wz-venture-1", uscc(12), thisYear(0.35), 1_500, { round: "B" })
  await value(venture0, ago(3), 7_000)
  await value(venture1, ago(3), 2_800)
  await kejin.funds.exit({ investment: venture1, on: ago(2), proceeds: yuan(4_800), route: "m-and-a" }, as)
  await kejin.funds.distribute(
    { fund: "wz-venture-1", on: ago(1), distributionKind: "return-of-capital", amount: yuan(3_000) },
    as
  )
  await kejin.funds.distribute(
    { fund: "wz-venture-1", on: ago(1), distributionKind: "gain", amount: yuan(1_800) },
    as
  )
  await mark("wz-venture-1", ago(1), 33_500)
  // Its terms (管理费与分配条款): 2 % on commitment for three years, then 1.5 % on cost; 8 % hurdle, 20 %
  // carry with full catch-up, whole-fund (European): the fund page shows the fee schedule and the split.
  await kejin.funds.terms.set(
    {
      fund: "wz-venture-1",
      feeRateOnCommitment: "0.02",
      feeRateOnCost: "0.015",
      investmentPeriodEnd: addMonths(ago(20), 36),
      hurdle: "0.08",
      carry: "0.2",
      catchUp: "1",
      waterfall: "european"
    },
    as
  )
  // The CFETS central parity of USD and HKD at the last month's end, for figures in a fund's currency.
  for (const [currency, rate] of [
    ["USD", "7.1030"],
    ["HKD", "0.91234"]
  ] as const)
    await kejin.funds.rates.record({ currency, on: ago(1), rate, source: "CFETS 中间价" }, as)

  // 产业资本促扩张.
  await subFund(
    {
      code: "wz-industrial-1",
      name: "温州产业升级股权投资基金",
      chainStage: "industrial",
      manager: managers.industrial,
      wan: 200_000,
      vintage: ago(15),
      district: "330382",
      reinvestRequired: "1.2"
    },
    [
      [fromCity, 50_000],
      [{ lpName: "乐清市国有资本运营有限公司", lpType: "state-owned" }, 30_000],
      [{ lpName: "温州银行股份有限公司", lpType: "bank" }, 40_000],
      [{ lpName: "正泰电气股份有限公司", lpType: "private" }, 60_000],
      [{ lpName: "温州商会投资有限公司", lpType: "merchant" }, 20_000]
    ],
    { on: ago(14), percent: 30 }
  )
  const industrial0 = await invest("wz-industrial-1", uscc(8), ago(11), 12_000, { round: "C" })
  await invest("wz-industrial-1", uscc(9), ago(5), 8_000, { round: "战略投资" })
  // Follows the city fund's Pre-IPO round in the same enterprise (投投联动).
  await invest("wz-industrial-1", uscc(14), thisYear(0.9), 5_000, { round: "Pre-IPO" })
  await value(industrial0, ago(2), 15_500)
  await mark("wz-industrial-1", ago(2), 61_200)

  // 温商基金优整合: no NAV mark yet, so its page explains why NAV, TVPI and the net IRR are missing.
  await subFund(
    {
      code: "wz-merchant-1",
      name: "温商回归产业整合基金",
      chainStage: "merchant",
      manager: managers.merchant,
      wan: 100_000,
      vintage: ago(12),
      district: "330381",
      reinvestRequired: "1"
    },
    [
      [fromCity, 10_000],
      [{ lpName: "温商回归投资联合体", lpType: "merchant" }, 60_000],
      [{ lpName: "王氏家族等自然人", lpType: "individual" }, 20_000],
      [{ lpName: "温商回归股权投资管理有限公司", lpType: "gp" }, 1_000]
    ],
    { on: ago(11), percent: 25 }
  )
  await invest("wz-merchant-1", uscc(10), ago(4), 6_000, { round: "并购整合" })
  // The city fund's NAV two months ago: 24.3亿 in all, of which its sub-fund stakes are seen through.
  await mark("wz-city-fund", ago(2), 243_000 - cityPaidIntoSubFunds)
  return 5
}
