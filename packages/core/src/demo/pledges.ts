import type { Actor } from "../auth/actor.js"
import type { Kejin } from "../kejin.js"
import type { EnterpriseSize, PledgeInputJson } from "../pledges/schema.js"
import { makePatentNumber, makeUscc } from "../registry/codes.js"
import { wenzhouDistricts } from "../registry/districts.js"
import { addDays, addMonths, daysBetween, isLeapYear } from "../time/index.js"

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

/**
 * A valid granted-patent number (`ZL…`, an invention) fixed by `key`: fixtures that record several
 * registrations give each its own patent with it (e.g. keyed by the registration number), since a patent
 * may be in only one active registration at a time.
 */
export const demoPatent = (key: string): string => {
  // FNV-1a over the key's UTF-16 code units: the same key gives the same number on every machine.
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0
  const year = 2015 + (hash % 10)
  const serial = String(Math.floor(hash / 10) % 10_000_000).padStart(7, "0")
  return `ZL${makePatentNumber(`${year}1${serial}`)}`
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
  /**
   * Patent numbers already drawn (without the check character), shared by batches that are recorded
   * together: the batch draws again any number in it and adds its own, so that no two registrations of
   * the batches pledge the same patent, by construction. Default: a set of the batch's own.
   */
  readonly usedPatents?: Set<string>
  /**
   * Add the optional registration fields (default true): the pledgor's size (fixed per enterprise), the
   * pledgee's kind (a 担保 company is a guarantor) and a debt term of one to three years. They come from a
   * second random stream, so every other field is the same with or without them.
   */
  readonly details?: boolean
}

const dayMs = 86_400_000

/** An enterprise's size, fixed by its credit code: mostly micro and small, as pledgors are. */
export const demoSize = (uscc: string): EnterpriseSize => {
  let sum = 0
  for (const c of uscc) sum += c.charCodeAt(0)
  const n = sum % 10
  return n < 4 ? "micro" : n < 8 ? "small" : n < 9 ? "medium" : "large"
}

const isGuarantor = (name: string) => name.includes("担保")

/**
 * Pledge registrations with amounts from 1,000,000 to 80,000,000 yuan (most of them 普惠-sized). Patents
 * are distinct across the batch (and across batches sharing `usedPatents`), so the batch passes the
 * patent-exclusivity check.
 */
export const demoPledges = (options: DemoPledgeOptions): ReadonlyArray<PledgeInputJson> => {
  const random = seededRandom(options.seed ?? 7)
  const extra = seededRandom(((options.seed ?? 7) ^ 0x9e3779b9) >>> 0)
  const details = options.details ?? true
  const enterprises =
    options.enterprises ?? demoEnterprises(Math.max(12, Math.ceil(options.count / 3)), options.seed)
  const start = Date.parse(`${options.from}T00:00:00Z`)
  const span = Math.floor((Date.parse(`${options.to}T00:00:00Z`) - start) / dayMs) + 1
  const used = options.usedPatents ?? new Set<string>()
  const out: Array<PledgeInputJson> = []
  for (let i = 0; i < options.count; i++) {
    const enterprise = pick(random, enterprises)
    const day = new Date(start + Math.floor(random() * span) * dayMs).toISOString().slice(0, 10)
    // Skewed towards small loans: 1–10 million for most, up to 80 million for a few.
    const wan = random() < 0.8 ? 100 + Math.floor(random() * 900) : 1000 + Math.floor(random() * 7000)
    const patents = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const year = 2015 + Math.floor(random() * 10)
      const kind = pick(random, ["1", "2", "2", "3"])
      let body = `${year}${kind}${digits(random, 7)}`
      // A number already pledged (in this batch or one sharing the set) is drawn again from the second stream.
      while (used.has(body)) body = `${year}${kind}${digits(extra, 7)}`
      used.add(body)
      return `ZL${makePatentNumber(body)}`
    })
    const pledgee = pick(random, demoBanks)
    const years = details ? (extra() < 0.7 ? 1 : extra() < 0.67 ? 2 : 3) : 0
    out.push({
      registrationNo: `${options.prefix ?? "Y"}${day.slice(0, 4)}330${String(i + 1).padStart(7, "0")}`,
      pledgor: {
        uscc: enterprise.uscc,
        name: enterprise.name,
        district: enterprise.district,
        ...(details ? { size: demoSize(enterprise.uscc) } : {})
      },
      pledgee: details
        ? { name: pledgee, kind: isGuarantor(pledgee) ? "guarantor" : "bank" }
        : { name: pledgee },
      patents,
      amount: `${wan * 10_000}.00`,
      registeredOn: day,
      ...(details ? { debtTerm: { start: day, end: addDays(addMonths(day, 12 * years), -1) } } : {})
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Loans under the demo registrations
// ---------------------------------------------------------------------------------------------------------

/** A recorded demo registration: its id and the fields the loan plan reads. */
export interface DemoRegistration {
  readonly id: number
  readonly amount: string
  readonly registeredOn: string
  readonly pledgee: { readonly name: string; readonly kind?: "bank" | "guarantor" | undefined }
}

export type DemoLoanStep =
  | {
      readonly kind: "draw"
      /** Names the loan for the steps after it (`repay`, `default`). */
      readonly loan: string
      readonly input: {
        readonly pledgeId: number
        readonly bank: string
        readonly amount: string
        readonly rate: string
        readonly disbursedOn: string
        readonly maturesOn: string
      }
    }
  | { readonly kind: "repay"; readonly loan: string; readonly on: string; readonly amount: string }
  | { readonly kind: "default"; readonly loan: string; readonly on: string }
  | { readonly kind: "release"; readonly pledgeId: number; readonly on: string }

const fenText = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`
const fenOf = (amount: string) => BigInt(amount.replace(".", ""))
const rates = ["0.0315", "0.0345", "0.0365", "0.0385", "0.042"]
const lenders = demoBanks.filter((b) => !isGuarantor(b))

/**
 * What happened to the demo registrations' loans up to `asOf`, deterministic for a seed: most are fully
 * drawn in one loan within a week of registration (one in ten in two tranches, one in twenty not drawn),
 * each for a year; most loans that matured by `asOf` were repaid at maturity, a few loans were partly
 * repaid after six months, two registrations whose loans were all repaid were released the day after,
 * and one overdue loan went into default. Steps are in an order the invariants accept.
 */
export const demoLoanPlan = (
  registrations: ReadonlyArray<DemoRegistration>,
  options: { readonly asOf: string; readonly seed?: number }
): ReadonlyArray<DemoLoanStep> => {
  const random = seededRandom(options.seed ?? 11)
  const draws: Array<Extract<DemoLoanStep, { kind: "draw" }>> = []
  const repayments: Array<Extract<DemoLoanStep, { kind: "repay" }>> = []
  const repaidIn = new Map<number, { loans: number; repaid: number; last: string }>()
  const overdue: Array<{ loan: string; maturesOn: string }> = []
  const open: Array<{ loan: string; disbursedOn: string }> = []
  for (const r of [...registrations].sort((a, b) => a.id - b.id)) {
    if (r.registeredOn > options.asOf) continue
    const shape = random()
    if (shape < 0.05) continue
    const total = fenOf(r.amount)
    const first = addDays(r.registeredOn, Math.floor(random() * 7))
    const second = addDays(first, 30 + Math.floor(random() * 60))
    const tranches: Array<[bigint, string]> =
      shape < 0.15
        ? second <= options.asOf
          ? [
              [(total * 60n) / 100n, first],
              [total - (total * 60n) / 100n, second]
            ]
          : [[(total * 60n) / 100n, first]]
        : [[total, first]]
    const bank = r.pledgee.kind === "guarantor" ? pick(random, lenders) : r.pledgee.name
    const rate = pick(random, rates)
    for (const [index, [fen, on]] of tranches.entries()) {
      const disbursedOn = on <= options.asOf ? on : options.asOf
      const maturesOn = addMonths(disbursedOn, 12)
      const loan = `${r.id}/${index + 1}`
      draws.push({
        kind: "draw",
        loan,
        input: { pledgeId: r.id, bank, amount: fenText(fen), rate, disbursedOn, maturesOn }
      })
      const seen = repaidIn.get(r.id) ?? { loans: 0, repaid: 0, last: "" }
      seen.loans += 1
      const fate = random()
      if (maturesOn <= options.asOf && fate < 0.8) {
        repayments.push({ kind: "repay", loan, on: maturesOn, amount: fenText(fen) })
        seen.repaid += 1
        if (maturesOn > seen.last) seen.last = maturesOn
      } else if (maturesOn <= options.asOf) {
        overdue.push({ loan, maturesOn })
      } else {
        const half = addMonths(disbursedOn, 6)
        if (half <= options.asOf && fate < 0.2) {
          repayments.push({ kind: "repay", loan, on: half, amount: fenText((fen * 30n) / 100n) })
        }
        open.push({ loan, disbursedOn })
      }
      repaidIn.set(r.id, seen)
    }
  }
  const steps: Array<DemoLoanStep> = [
    ...draws,
    ...repayments.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
  ]
  const defaulted = overdue[0] ?? open[0]
  if (defaulted !== undefined) {
    const due = "maturesOn" in defaulted ? addDays(defaulted.maturesOn, 90) : options.asOf
    const earliest = "disbursedOn" in defaulted ? defaulted.disbursedOn : defaulted.maturesOn
    const on = due <= options.asOf ? due : options.asOf < earliest ? earliest : options.asOf
    steps.push({ kind: "default", loan: defaulted.loan, on })
  }
  const released = [...repaidIn.entries()].filter(([, s]) => s.loans > 0 && s.repaid === s.loans).slice(0, 2)
  for (const [pledgeId, s] of released) {
    const next = addDays(s.last, 1)
    steps.push({ kind: "release", pledgeId, on: next <= options.asOf ? next : s.last })
  }
  return steps
}

export interface DemoLoanSummary {
  readonly loans: number
  readonly repayments: number
  readonly defaults: number
  readonly releases: number
}

/**
 * Records {@link demoLoanPlan} through the Promise API (each step one journaled command), e.g. after
 * `recordMany` of a demo batch: `recordDemoLoans(kejin, batch.map((p, i) => ({ ...p, id: ids[i] })), { asOf })`.
 */
export const recordDemoLoans = async (
  kejin: Kejin,
  registrations: ReadonlyArray<DemoRegistration>,
  options: { readonly asOf: string; readonly seed?: number; readonly actor?: Actor }
): Promise<DemoLoanSummary> => {
  const as = options.actor === undefined ? {} : { actor: options.actor }
  const ids = new Map<string, number>()
  const counts = { loans: 0, repayments: 0, defaults: 0, releases: 0 }
  for (const step of demoLoanPlan(registrations, options)) {
    if (step.kind === "draw") {
      ids.set(step.loan, (await kejin.pledges.loans.draw(step.input, as)).id)
      counts.loans += 1
    } else if (step.kind === "repay") {
      await kejin.pledges.loans.repay({ loanId: ids.get(step.loan)!, on: step.on, amount: step.amount }, as)
      counts.repayments += 1
    } else if (step.kind === "default") {
      await kejin.pledges.loans.default({ loanId: ids.get(step.loan)!, on: step.on }, as)
      counts.defaults += 1
    } else {
      await kejin.pledges.release({ pledgeId: step.pledgeId, on: step.on }, as)
      counts.releases += 1
    }
  }
  return counts
}

/** What {@link seedDemoPledges} recorded. */
export interface DemoPledgeBook {
  /** Registrations recorded. */
  readonly pledges: number
  /** Loans drawn, repayments, defaults and releases, both batches together. */
  readonly loans: DemoLoanSummary
}

/** This year's demo registrations over the whole year (last year has {@link DEMO_LAST_YEAR}). */
export const DEMO_THIS_YEAR = 150
/** Last year's demo registrations. */
export const DEMO_LAST_YEAR = 180

/**
 * How many of this year's {@link DEMO_THIS_YEAR} demo registrations there are by `today`: that many times
 * the share of the year elapsed (1 January is one day of 365, or 366), to the nearest whole one, at least
 * one: 1 on 1 January, 136 on 26 November 2026, 150 on 31 December.
 */
export const demoCountThisYear = (today: string): number => {
  const year = Number(today.slice(0, 4))
  const elapsed = daysBetween(`${year}-01-01`, today) + 1
  const days = isLeapYear(year) ? 366 : 365
  // Rounded half up in whole numbers: floor((2·n·elapsed + days) / (2·days)).
  const count = Math.floor((2 * DEMO_THIS_YEAR * elapsed + days) / (2 * days))
  return Math.max(1, Math.min(DEMO_THIS_YEAR, count))
}

/** A demo batch: its registrations and the seed of its loan plan. */
export interface DemoPledgeBatch {
  readonly registrations: ReadonlyArray<PledgeInputJson>
  readonly loanSeed: number
}

/**
 * The two batches of the demo pledge book as of `today`, deterministic for `today`: {@link DEMO_LAST_YEAR}
 * registrations over last year (seed 2025) and {@link demoCountThisYear} from 1 January to `today` (seed
 * 2026), drawing their patents from one shared set, so that they are distinct across both.
 */
export const demoPledgeBatches = (
  today: string,
  enterprises: ReadonlyArray<DemoEnterprise>
): ReadonlyArray<DemoPledgeBatch> => {
  const thisYear = today.slice(0, 4)
  const lastYear = String(Number(thisYear) - 1)
  const usedPatents = new Set<string>()
  return [
    { seed: 2025, loanSeed: 11, from: `${lastYear}-01-01`, to: `${lastYear}-12-31`, count: DEMO_LAST_YEAR },
    { seed: 2026, loanSeed: 12, from: `${thisYear}-01-01`, to: today, count: demoCountThisYear(today) }
  ].map(({ seed, loanSeed, from, to, count }) => ({
    registrations: demoPledges({ count, from, to, enterprises, seed, usedPatents }),
    loanSeed
  }))
}

/**
 * The demo pledge book up to `today` ({@link demoPledgeBatches}: last year's registrations, and this year's
 * in proportion to the part of the year gone by), each batch recorded with `recordMany` and its loans then
 * drawn, repaid, defaulted and released as of `today` ({@link recordDemoLoans}). For an empty store: the
 * registration numbers are fixed by the year.
 */
export const seedDemoPledges = async (
  kejin: Kejin,
  options: {
    readonly today: string
    readonly enterprises: ReadonlyArray<DemoEnterprise>
    readonly actor?: Actor | undefined
  }
): Promise<DemoPledgeBook> => {
  const { today, enterprises } = options
  const as = options.actor === undefined ? {} : { actor: options.actor }
  let pledges = 0
  const loans = { loans: 0, repayments: 0, defaults: 0, releases: 0 }
  for (const { registrations: batch, loanSeed } of demoPledgeBatches(today, enterprises)) {
    const { ids } = await kejin.pledges.recordMany(batch, as)
    pledges += ids.length
    const registrations = batch.map((p, i) => ({ ...p, id: ids[i]! }))
    const done = await recordDemoLoans(kejin, registrations, { asOf: today, seed: loanSeed, ...as })
    loans.loans += done.loans
    loans.repayments += done.repayments
    loans.defaults += done.defaults
    loans.releases += done.releases
  }
  return { pledges, loans }
}
