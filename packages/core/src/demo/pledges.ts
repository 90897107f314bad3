import type { PledgeInputJson } from "../pledges/schema.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { wenzhouDistricts } from "../registry/districts.js"

/**
 * Synthetic but realistic Wenzhou patent pledge loans, deterministic for a seed:
 * valid credit codes and patent numbers, real-looking banks and enterprise names.
 * Used by `kejin demo`, tests and benchmarks.
 */

/** Mulberry32: a small deterministic PRNG, so demo data is the same on every machine. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export const demoBanks = [
  "温州银行",
  "浙商银行温州分行",
  "中国工商银行温州分行",
  "中国建设银行温州分行",
  "中国农业银行温州分行",
  "中国银行温州分行",
  "交通银行温州分行",
  "兴业银行温州分行",
  "招商银行温州分行",
  "温州民商银行",
  "瑞安农商银行",
  "乐清农商银行",
  "浙江泰隆商业银行温州分行",
  "温州市融资担保有限公司"
] as const

const prefixes = [
  "瓯江",
  "雁荡",
  "东海",
  "南麂",
  "楠溪",
  "瑞丰",
  "华联",
  "正泰",
  "天正",
  "浙南",
  "鹿城",
  "龙湾",
  "云谷",
  "新锐",
  "恒创"
]
const trades = [
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
const forms = ["有限公司", "股份有限公司", "科技有限公司"]

const pick = <T>(random: () => number, items: ReadonlyArray<T>): T =>
  items[Math.floor(random() * items.length)]!

const digits = (random: () => number, n: number) => {
  let out = ""
  for (let i = 0; i < n; i++) out += Math.floor(random() * 10).toString()
  return out
}

export interface DemoEnterprise {
  readonly uscc: string
  readonly name: string
  readonly district: string
}

/** Enterprises registered in the 12 Wenzhou divisions (credit codes 9133xxxx… with a correct check character). */
export const demoEnterprises = (count: number, seed = 2025): ReadonlyArray<DemoEnterprise> => {
  const random = seededRandom(seed)
  const names = new Set<string>()
  const out: Array<DemoEnterprise> = []
  while (out.length < count) {
    const district = pick(random, wenzhouDistricts).code
    const prefix = pick(random, prefixes)
    const trade = pick(random, trades)
    const form = pick(random, forms)
    // Past the few thousand plain combinations, a serial keeps every name distinct.
    const candidates = [
      `温州${prefix}${trade}${form}`,
      `温州${prefix}${pick(random, prefixes)}${trade}${form}`
    ]
    const unique = candidates.find((n) => !names.has(n)) ?? `温州${prefix}${trade}${out.length}号${form}`
    names.add(unique)
    // 91 = enterprise, then the 6-digit division code, then 9 organisation characters.
    const uscc = makeUscc(`91${district}MA${digits(random, 7)}`)
    out.push({ uscc, name: unique, district })
  }
  return out
}

export interface DemoPledgeOptions {
  readonly count: number
  readonly seed?: number
  /** Inclusive date range of registrations, YYYY-MM-DD. */
  readonly from: string
  readonly to: string
  readonly enterprises?: ReadonlyArray<DemoEnterprise>
  /** Registration number prefix, to keep several batches apart. */
  readonly prefix?: string
}

const dayMs = 86_400_000

/** Pledge loans with amounts from 1,000,000 to 80,000,000 yuan (most of them 普惠-sized). */
export const demoPledges = (options: DemoPledgeOptions): ReadonlyArray<PledgeInputJson> => {
  const random = seededRandom(options.seed ?? 7)
  const enterprises =
    options.enterprises ?? demoEnterprises(Math.max(12, Math.ceil(options.count / 3)), options.seed)
  const start = Date.parse(`${options.from}T00:00:00Z`)
  const span = Math.floor((Date.parse(`${options.to}T00:00:00Z`) - start) / dayMs) + 1
  const out: Array<PledgeInputJson> = []
  for (let i = 0; i < options.count; i++) {
    const enterprise = pick(random, enterprises)
    const day = new Date(start + Math.floor(random() * span) * dayMs).toISOString().slice(0, 10)
    // Skewed towards small loans: 1–10 million for most, up to 80 million for a few.
    const wan = random() < 0.8 ? 100 + Math.floor(random() * 900) : 1000 + Math.floor(random() * 7000)
    const patents = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const year = 2015 + Math.floor(random() * 10)
      const kind = pick(random, ["1", "2", "2", "3"])
      return `ZL${makePatentNumber(`${year}${kind}${digits(random, 7)}`)}`
    })
    out.push({
      registrationNo: `${options.prefix ?? "Y"}${day.slice(0, 4)}330${String(i + 1).padStart(7, "0")}`,
      pledgor: { uscc: enterprise.uscc, name: enterprise.name, district: enterprise.district },
      pledgee: { name: pick(random, demoBanks) },
      patents: [...new Set(patents)],
      amount: `${wan * 10_000}.00`,
      registeredOn: day
    })
  }
  return out
}
