import {
  type Actor,
  addDays,
  addMonths,
  canReadFundLedger,
  Decimal,
  type DisposalMethod,
  daysBetween,
  daysInMonth,
  type Kejin,
  type Pilot,
  type PledgeBreakdown,
  type PledgeLoan,
  type PledgeStatus,
  SHANGHAI_UTC_OFFSET_MILLIS,
  systemActor,
  type TargetProgress,
  type TargetUnit,
  ValidationError
} from "@kejin/core"
import { todayInShanghai } from "@kejin/core/internal"
import { techCategoryLabels } from "../equity/vocabulary.js"
import { type Lang, type LocalizedText, textOf } from "../i18n.js"
import { pilotRows } from "../linkage/linkage-plugin.js"
import { pilotLabels } from "../linkage/vocabulary.js"
import { districtName } from "../pledges/format.js"
import { statusOf, type TargetStatus } from "../targets/format.js"
import { monthProblems } from "./vocabulary.js"

/*
 * The monthly report (月度通报) as data: one function reads every figure of a month from the core's Promise
 * API and returns a plain object, which the page, the HTML file and the workbook all render. The core
 * computes the figures (targets' pace and projection, the breakdowns, the pilots' summary, the city fund's
 * KPIs); this only picks, ranks and takes shares and year-on-year changes from its exact amounts.
 */

const ZERO = new Decimal(0)

/** A month as the report takes it: `YYYY-MM`. */
const MONTH = /^(\d{4})-(\d{2})$/

/** The month (`YYYY-MM`) of a date. */
export const monthOf = (date: string): string => date.slice(0, 7)

/** The last complete month before `today` (Asia/Shanghai): the report's default. */
export const lastCompleteMonth = (today: string): string => monthOf(addMonths(`${monthOf(today)}-01`, -1))

/** Why `month` is no month the report can be of on `today` (malformed, or after today's), or undefined. */
export const monthProblem = (month: string, today: string): LocalizedText | undefined => {
  const match = MONTH.exec(month)
  if (match === null) return monthProblems.malformed
  const number = Number(match[2])
  if (number < 1 || number > 12 || Number(match[1]) < 2) return monthProblems.malformed
  if (month > monthOf(today)) return monthProblems.future
  return undefined
}

/** The first and last day of a month (`YYYY-MM`). */
export const monthBounds = (month: string): { readonly from: string; readonly to: string } => {
  const year = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(year, m)).padStart(2, "0")}` }
}

/** A moment as `YYYY-MM-DD HH:mm` in Asia/Shanghai (UTC+8, no daylight saving). */
export const shanghaiMinute = (epochMillis: number): string =>
  new Date(epochMillis + SHANGHAI_UTC_OFFSET_MILLIS).toISOString().slice(0, 16).replace("T", " ")

// ------------------------------------------------------------------------------------------- shapes

/** What each remaining month (or week, or day when less than a month is left) must add. */
export interface Pace {
  readonly per: "month" | "week" | "day"
  readonly amount: Decimal
}

/** (1) One target's progress as of the report's date. */
export interface ReportTarget {
  readonly key: string
  readonly label: string
  readonly unit: TargetUnit
  readonly periodStart: string
  readonly periodEnd: string
  readonly target: Decimal
  readonly value: Decimal
  /** value / target × 100, exact; null without a target figure. */
  readonly percent: Decimal | null
  /** 还差: max(0, target − value). */
  readonly gap: Decimal
  /** null once met, or when the period is over. */
  readonly pace: Pace | null
  readonly runRate12m: Decimal
  readonly projectedDate: string | null
  readonly onTrack: boolean
  readonly status: TargetStatus
}

/** One period's figures of a group: amount, count, share of the total and year-on-year change (fractions). */
export interface GroupFigures {
  readonly amount: Decimal
  readonly registrations: number
  /** The same period a year earlier. */
  readonly previous: Decimal
  /** amount / the period's total; null when the total is zero. */
  readonly share: Decimal | null
  /** (amount − previous) / previous; null when previous is zero. */
  readonly yoy: Decimal | null
}

export interface GroupRow {
  /** 1 for the largest in the month (ties by the year to date, then by name). */
  readonly rank: number
  /** The district code or the pledgee's name. */
  readonly key: string
  readonly name: string
  readonly month: GroupFigures
  readonly ytd: GroupFigures
}

/** (2), (3) Pledge financing by district or by pledgee: the month and the year to date. */
export interface ReportBreakdown {
  readonly rows: ReadonlyArray<GroupRow>
  readonly total: { readonly month: GroupFigures; readonly ytd: GroupFigures }
}

/** (4) One pilot's figures in the month and the year to date. */
export interface ReportPilot {
  readonly pilot: Pilot
  readonly name: string
  /** What the count counts (loans, policies, claims …) and what the amount is (lent, insured, paid …). */
  readonly countOf: string
  readonly amountOf: string
  readonly month: { readonly count: number; readonly amount: Decimal }
  readonly ytd: { readonly count: number; readonly amount: Decimal }
  /** The year to date's other figures, in words (`认股权贷款：2 笔，¥…`). */
  readonly details: ReadonlyArray<{
    readonly label: string
    readonly count?: number | undefined
    readonly amount?: Decimal | undefined
  }>
}

/**
 * A direct-investment project of the city funds this year (one enterprise in one year, however many
 * tranches: the core's count), dated by its first tranche.
 */
export interface DirectProject {
  readonly on: string
  /** The funds of its tranches' names, in order of first appearance. */
  readonly fundName: string
  readonly enterprise: string
  readonly techCategory: string
  /** Its tranches' rounds, in order of first appearance, or null when none says. */
  readonly round: string | null
  readonly amount: Decimal
  readonly tranches: number
  /** In one of the four key technology categories: it counts toward the plan. */
  readonly counted: boolean
  /** A tranche of it is dated in the report's month. */
  readonly inMonth: boolean
}

/** (5) The city fund's direct investments (直投) this year against the plan (5 a year). */
export interface ReportDirect {
  readonly cityFunds: number
  readonly from: string
  readonly to: string
  readonly count: number
  readonly plan: number
  readonly countAll: number
  readonly amount: Decimal
  /** Null when the reader may not see the city fund's ledger (another fund's manager). */
  readonly projects: ReadonlyArray<DirectProject> | null
}

export interface LargestRegistration {
  readonly id: number
  readonly registrationNo: string
  readonly pledgor: string
  readonly district: string
  readonly pledgee: string
  readonly amount: Decimal
  readonly registeredOn: string
  readonly patents: number
  readonly status: PledgeStatus | undefined
}

export interface LoanRecord {
  readonly loanId: number
  readonly registrationNo: string
  readonly pledgor: string
  readonly district: string
  readonly bank: string
  readonly amount: Decimal
}

export interface DefaultRecord extends LoanRecord {
  readonly on: string
  /** The balance the loan defaulted with: drawn less the repayments dated up to its default. */
  readonly outstanding: Decimal
}

export interface DisposalRecord extends LoanRecord {
  readonly on: string
  readonly method: DisposalMethod
  readonly recovered: Decimal
  readonly writtenOff: Decimal
}

/** (6) The month's notable records. */
export interface ReportRecords {
  /** Registrations in the month, largest amount first (then the earlier, then the lower id): at most 10. */
  readonly largest: ReadonlyArray<LargestRegistration>
  readonly defaults: ReadonlyArray<DefaultRecord>
  readonly disposals: ReadonlyArray<DisposalRecord>
}

/** Everything the monthly report states, for one month, in one language. */
export interface MonthlyReport {
  readonly lang: Lang
  /** `YYYY-MM` */
  readonly month: string
  readonly period: { readonly from: string; readonly to: string }
  /** January 1st to the month's end. */
  readonly yearToDate: { readonly from: string; readonly to: string }
  /** The month's last day, or today while the month runs. */
  readonly asOf: string
  /** False while the month runs (the figures are of the days so far). */
  readonly complete: boolean
  /** `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
  readonly generatedAt: string
  readonly targets: ReadonlyArray<ReportTarget>
  readonly districts: ReportBreakdown
  readonly banks: ReportBreakdown
  readonly pilots: ReadonlyArray<ReportPilot>
  readonly direct: ReportDirect
  readonly records: ReportRecords
}

export interface MonthlyReportOptions {
  /** `YYYY-MM`; default the last complete month (Asia/Shanghai). */
  readonly month?: string | undefined
  readonly lang?: Lang | undefined
  /** Who reads it: a fund manager sees the city fund's projects only when it is theirs. Default: the system. */
  readonly actor?: Actor | undefined
  /** When the report is generated (epoch milliseconds), for its title block; default the machine's clock. */
  readonly now?: number | undefined
}

// ------------------------------------------------------------------------------------------- (1) targets

/**
 * The pace needed: the core's per remaining whole month; with less than a month left, per week (a week or
 * more left) or per day, over the days after `asOf` to the period's end. Null once met or when no day is left.
 */
const paceOf = (p: TargetProgress): Pace | null => {
  if (p.remaining.isZero()) return null
  if (p.pacePerMonth !== null) return { per: "month", amount: p.pacePerMonth }
  const days = daysBetween(p.asOf, p.periodEnd)
  if (days <= 0) return null
  return days >= 7
    ? { per: "week", amount: p.remaining.times(7).div(days) }
    : { per: "day", amount: p.remaining.div(days) }
}

const reportTarget = (p: TargetProgress, lang: Lang): ReportTarget => ({
  key: p.key,
  label: lang === "en" ? p.labelEn : p.label,
  unit: p.unit,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
  target: p.target,
  value: p.value,
  percent: p.target.isZero() ? null : p.value.div(p.target).times(100),
  gap: p.remaining,
  pace: paceOf(p),
  runRate12m: p.runRate12m,
  projectedDate: p.projectedDate,
  onTrack: p.onTrack,
  status: statusOf(p)
})

// ------------------------------------------------------------------------------------------- (2), (3) breakdowns

const fraction = (part: Decimal, whole: Decimal): Decimal | null => (whole.isZero() ? null : part.div(whole))

const change = (current: Decimal, previous: Decimal): Decimal | null =>
  previous.isZero() ? null : current.minus(previous).div(previous)

const figuresOf = (
  amount: Decimal,
  registrations: number,
  previous: Decimal,
  total: Decimal
): GroupFigures => ({
  amount,
  registrations,
  previous,
  share: fraction(amount, total),
  yoy: change(amount, previous)
})

const NO_FIGURES = { amount: ZERO, registrations: 0, previous: ZERO }

/** The groups of the month's and the year to date's breakdowns (each with `yoy`), ranked by the month. */
const reportBreakdown = (
  month: PledgeBreakdown,
  ytd: PledgeBreakdown,
  nameOf: (key: string, label: string) => string
): ReportBreakdown => {
  type Raw = { amount: Decimal; registrations: number; previous: Decimal }
  const groups = new Map<string, { name: string; month: Raw; ytd: Raw }>()
  const add = (b: PledgeBreakdown, which: "month" | "ytd") => {
    for (const row of b.rows) {
      const key = row.key === null ? "" : String(row.key)
      const group = groups.get(key) ?? { name: nameOf(key, row.label), month: NO_FIGURES, ytd: NO_FIGURES }
      group[which] = {
        amount: row.measures.amount,
        registrations: row.measures.registrations,
        previous: row.previous?.amount ?? ZERO
      }
      groups.set(key, group)
    }
  }
  add(month, "month")
  add(ytd, "ytd")
  // The core's rows with `yoy` partition the year-earlier registrations too: their sum is that period's total.
  const previousOf = (which: "month" | "ytd") =>
    [...groups.values()].reduce((sum, g) => sum.plus(g[which].previous), ZERO)
  const totals = {
    month: figuresOf(month.total.amount, month.total.registrations, previousOf("month"), month.total.amount),
    ytd: figuresOf(ytd.total.amount, ytd.total.registrations, previousOf("ytd"), ytd.total.amount)
  }
  const ranked = [...groups.entries()].sort(
    ([ka, a], [kb, b]) =>
      b.month.amount.comparedTo(a.month.amount) ||
      b.ytd.amount.comparedTo(a.ytd.amount) ||
      (ka < kb ? -1 : ka > kb ? 1 : 0)
  )
  return {
    rows: ranked.map(([key, g], i) => ({
      rank: i + 1,
      key,
      name: g.name,
      month: figuresOf(g.month.amount, g.month.registrations, g.month.previous, totals.month.amount),
      ytd: figuresOf(g.ytd.amount, g.ytd.registrations, g.ytd.previous, totals.ytd.amount)
    })),
    total: totals
  }
}

// ------------------------------------------------------------------------------------------- (5) direct

const directOf = async (
  kejin: Kejin,
  asOf: string,
  period: { from: string; to: string },
  actor: Actor,
  lang: Lang
): Promise<ReportDirect> => {
  const kpis = await kejin.funds.cityFund({ asOf })
  const d = kpis.directInvestments
  const readable = kpis.cityFunds.every((code) => canReadFundLedger(actor, code))
  const names = new Map(
    await Promise.all(kpis.cityFunds.map(async (code) => [code, (await kejin.funds.get(code)).name] as const))
  )
  const distinct = (values: ReadonlyArray<string | null>) => [
    ...new Set(values.filter((v): v is string => v !== null))
  ]
  const projects = readable
    ? d.projects.map((p): DirectProject => {
        const rounds = distinct(p.tranches.map((x) => x.round))
        return {
          on: p.on,
          fundName: distinct(p.tranches.map((x) => names.get(x.fund) ?? x.fund)).join("、"),
          enterprise: p.enterprise.name,
          techCategory: textOf(techCategoryLabels[p.techCategory], lang),
          round: rounds.length === 0 ? null : rounds.join("、"),
          amount: p.amount,
          tranches: p.tranches.length,
          counted: p.qualifying,
          inMonth: p.tranches.some((x) => x.on >= period.from && x.on <= period.to)
        }
      })
    : null
  return {
    cityFunds: kpis.cityFunds.length,
    from: d.from,
    to: d.to,
    count: d.count,
    plan: d.target,
    countAll: d.countAll,
    amount: d.amount,
    projects
  }
}

// ------------------------------------------------------------------------------------------- (6) records

/** Every live registration of the period, a page of 500 at a time. */
const registrationsIn = async (kejin: Kejin, period: { from: string; to: string }) => {
  const items = []
  for (let offset = 0; ; ) {
    const page = await kejin.pledges.list({ from: period.from, to: period.to, limit: 500, offset })
    items.push(...page.items)
    offset += page.items.length
    if (page.items.length === 0 || offset >= page.total) return items
  }
}

/**
 * The loans a command of the journal wrote on since the month began. The core has no list of loan events
 * by date, so the journal names the loans (`loanId` of each entry's input); each is then read as it is now,
 * and only a live default or disposal dated in the month is kept. A record cannot be dated after the day
 * it is written, so nothing dated in the month was journaled before it began (the day before, in UTC).
 */
const loansJournaled = async (
  kejin: Kejin,
  command: string,
  since: string
): Promise<ReadonlyArray<number>> => {
  const ids = new Set<number>()
  for (let offset = 0; ; ) {
    const { items, total } = await kejin.journal.search({ command, from: since, limit: 200, offset })
    for (const entry of items) {
      if (entry.command !== command) continue
      const loanId = (entry.payload as { loanId?: unknown } | null)?.loanId
      if (typeof loanId === "number") ids.add(loanId)
    }
    offset += items.length
    if (items.length === 0 || offset >= total) return [...ids].sort((a, b) => a - b)
  }
}

const recordsOf = async (
  kejin: Kejin,
  period: { from: string; to: string },
  lang: Lang
): Promise<ReportRecords> => {
  const registrations = await registrationsIn(kejin, period)
  const largest = [...registrations]
    .sort(
      (a, b) =>
        b.amount.comparedTo(a.amount) ||
        (a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : a.id - b.id)
    )
    .slice(0, 10)
  const statuses = largest.length === 0 ? new Map() : await kejin.pledges.statuses(largest.map((p) => p.id))

  const since = addDays(period.from, -1)
  const [defaulted, disposed] = await Promise.all([
    loansJournaled(kejin, "pledges.loans.default", since),
    loansJournaled(kejin, "pledges.loans.dispose", since)
  ])
  const loans = new Map<number, PledgeLoan>()
  for (const id of new Set([...defaulted, ...disposed])) loans.set(id, await kejin.pledges.loans.get(id))
  const pledgors = new Map<number, { name: string; district: string }>()
  const loanRecord = async (loan: PledgeLoan): Promise<LoanRecord> => {
    let pledgor = pledgors.get(loan.pledgeId)
    if (pledgor === undefined) {
      const pledge = await kejin.pledges.get(loan.pledgeId)
      pledgor = { name: pledge.pledgor.name, district: districtName(pledge.pledgor.district, lang) }
      pledgors.set(loan.pledgeId, pledgor)
    }
    return {
      loanId: loan.id,
      registrationNo: loan.registrationNo,
      pledgor: pledgor.name,
      district: pledgor.district,
      bank: loan.bank,
      amount: loan.amount
    }
  }
  const inMonth = (on: string | null | undefined): on is string =>
    on !== null && on !== undefined && on >= period.from && on <= period.to

  const defaults: Array<DefaultRecord> = []
  for (const id of defaulted) {
    const loan = loans.get(id)!
    if (loan.reversed || !inMonth(loan.defaultedOn)) continue
    const on = loan.defaultedOn
    const repaid = loan.events
      .filter((e) => e.kind === "repayment" && !e.reversed && e.on <= on)
      .reduce((sum, e) => sum.plus(e.amount ?? ZERO), ZERO)
    defaults.push({ ...(await loanRecord(loan)), on, outstanding: loan.amount.minus(repaid) })
  }
  const disposals: Array<DisposalRecord> = []
  for (const id of disposed) {
    const loan = loans.get(id)!
    const disposal = loan.disposal
    if (loan.reversed || disposal === null || !inMonth(disposal.on)) continue
    disposals.push({
      ...(await loanRecord(loan)),
      on: disposal.on,
      method: disposal.method,
      recovered: disposal.recovered,
      writtenOff: disposal.writtenOff
    })
  }
  const byDate = <R extends { on: string; loanId: number }>(a: R, b: R) =>
    a.on < b.on ? -1 : a.on > b.on ? 1 : a.loanId - b.loanId
  return {
    largest: largest.map((p) => ({
      id: p.id,
      registrationNo: p.registrationNo,
      pledgor: p.pledgor.name,
      district: districtName(p.pledgor.district, lang),
      pledgee: p.pledgee.name,
      amount: p.amount,
      registeredOn: p.registeredOn,
      patents: p.patents.length,
      status: statuses.get(p.id)
    })),
    defaults: defaults.sort(byDate),
    disposals: disposals.sort(byDate)
  }
}

// ------------------------------------------------------------------------------------------- the report

/**
 * Reads the monthly report of `options.month` (default: the last complete month in Asia/Shanghai) from
 * `kejin`, in `options.lang` (default Chinese). The figures are as of the month's last day, or today while
 * the month runs.
 *
 * @throws {ValidationError} naming `month` when it is not `YYYY-MM` or is after the current month
 */
export const monthlyReport = async (
  kejin: Kejin,
  options: MonthlyReportOptions = {}
): Promise<MonthlyReport> => {
  const lang = options.lang ?? "zh"
  const today = await kejin.run(todayInShanghai)
  const month = options.month ?? lastCompleteMonth(today)
  const problem = monthProblem(month, today)
  if (problem !== undefined) throw new ValidationError({ issues: [{ path: "month", message: problem.en }] })
  const period = monthBounds(month)
  const complete = period.to < today
  const asOf = complete ? period.to : today
  const yearToDate = { from: `${month.slice(0, 4)}-01-01`, to: period.to }
  const actor = options.actor ?? systemActor

  const [progress, byDistrict, byDistrictYtd, byBank, byBankYtd, linkageMonth, linkageYtd, direct, records] =
    await Promise.all([
      kejin.targets.progress(asOf),
      kejin.pledges.breakdown(period, "district", { yoy: true }),
      kejin.pledges.breakdown(yearToDate, "district", { yoy: true }),
      kejin.pledges.breakdown(period, "bank", { yoy: true }),
      kejin.pledges.breakdown(yearToDate, "bank", { yoy: true }),
      kejin.linkage.summary(period),
      kejin.linkage.summary(yearToDate),
      directOf(kejin, asOf, period, actor, lang),
      recordsOf(kejin, period, lang)
    ])

  const monthRows = pilotRows({ year: month.slice(0, 4), ...period, summary: linkageMonth, tiers: [] })
  const ytdRows = pilotRows({ year: month.slice(0, 4), ...yearToDate, summary: linkageYtd, tiers: [] })
  const pilots = ytdRows.map((ytd): ReportPilot => {
    const inMonth = monthRows.find((r) => r.pilot === ytd.pilot)
    return {
      pilot: ytd.pilot,
      name: textOf(pilotLabels[ytd.pilot], lang),
      countOf: textOf(ytd.countOf, lang),
      amountOf: textOf(ytd.amountOf, lang),
      month: { count: inMonth?.count ?? 0, amount: inMonth?.amount ?? ZERO },
      ytd: { count: ytd.count, amount: ytd.amount },
      details: ytd.details.map((d) => ({ label: textOf(d.label, lang), count: d.count, amount: d.amount }))
    }
  })

  return {
    lang,
    month,
    period,
    yearToDate,
    asOf,
    complete,
    generatedAt: shanghaiMinute(options.now ?? Date.now()),
    targets: progress.map((p) => reportTarget(p, lang)),
    districts: reportBreakdown(byDistrict, byDistrictYtd, (key) => districtName(key, lang)),
    banks: reportBreakdown(byBank, byBankYtd, (_, label) => label),
    pilots,
    direct,
    records
  }
}
