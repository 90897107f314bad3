import { Decimal } from "decimal.js"
import { Context, Effect, Layer, Schema } from "effect"
import type { Kysely } from "kysely"
import { NotFoundError, ValidationError } from "../errors.js"
import { calledPercent, dpi, moic, rvpi, tvpi, type XirrResult, xirr } from "../finance/index.js"
import { noRate } from "../finance/xirr.js"
import { heldWarrantEvents, type WarrantEventRow } from "../linkage/fund-holdings.js"
import { toWire, Yuan } from "../money/index.js"
import { districtOf } from "../registry/districts.js"
import {
  isLocalDistrict,
  qualifyingTechCategories,
  type TechCategory,
  techCategories
} from "../registry/enterprises.js"
import { Database } from "../store/database.js"
import type { StoreError } from "../store/errors.js"
import type { DB } from "../store/schema.js"
import { type Said, say, sayAt } from "../text/messages.js"
import { dateIssue, todayInShanghai } from "../time/index.js"
import { type LpAccounts, type LpStatement, lpAccountsOf, lpStatementOf, quarterBounds } from "./accounts.js"
import {
  aggregatedCityFundCommitments,
  aggregatedCommitments,
  aggregatedFlows,
  aggregatedLatestNav,
  aggregatedLpFundLinks
} from "./aggregates.js"
import { liveConversions } from "./conversions.js"
import { type LookThroughFigures, type LookThroughLedger, lookThrough } from "./look-through.js"
import {
  type Fund,
  type FundEntry,
  type FundOrigin,
  type Instrument,
  isGovernmentLp,
  type LpType
} from "./schema.js"
import {
  cityFundDirectTranches,
  commitmentTotals,
  type DirectTrancheRow,
  dailyFlows,
  findEntries,
  findFunds,
  type HoldingRow,
  holdingEvents,
  investmentRows,
  lpSideEntries,
  navMarks
} from "./store.js"
import { instrumentLabels } from "./vocabulary.js"

/*
 * Fund metrics (DOMAIN.md "Formulas"), as of any date, from live ledger entries dated on or before it
 * (reversed entries never count, whatever the date of their reversal).
 *
 * Fund level: committed C, paid-in PI (calls), unfunded C − PI, called % PI / C, distributions D,
 * NAV (rolled forward from the latest mark, below; no mark → null, with a note), DPI D / PI, RVPI NAV / PI,
 * TVPI (D + NAV) / PI: exact Decimals, null when PI is 0 (and RVPI/TVPI null without a NAV).
 * Net IRR = XIRR of −calls, +distributions and +the rolled-forward NAV as a last flow on asOf (LP view).
 *
 * NAV roll-forward (a mark is a valuation at the end of its day, so flows dated on the mark's day are
 * already in it):
 *
 *     adjusted NAV = last mark on or before asOf
 *                    + calls dated after the mark (up to asOf)
 *                    − distributions dated after the mark (up to asOf)
 *
 * so money moving between the fund and its LPs after the mark neither raises nor lowers TVPI: a
 * distribution after the mark adds to D and takes the same amount out of NAV. Each fund rolls forward
 * from its own mark ({@link NavBasis}); the figure says which mark it rests on (`navDate`, `navMarks`) and
 * by how much it was adjusted (`navCallsSince`, `navDistributionsSince`). An adjusted NAV below zero
 * (more distributed since the mark than the mark and the calls) is kept as it is, with a note: it asks
 * for a new mark, and hiding it would overstate TVPI.
 * Gross IRR = XIRR of −investments, +exit proceeds and +the fair value of the remaining holdings on asOf.
 *
 * Fair value of a holding on asOf (the gross side and deal MOIC):
 *  - remaining cost = investment amount − cost basis of its exits on or before asOf;
 *  - no valuation on or before asOf: the holding counts at its remaining cost (noted as "unvalued");
 *  - otherwise its latest valuation; when exits dated after that valuation took part of the holding
 *    away, the valuation is scaled by remaining cost now / remaining cost on the valuation date
 *    (rounded half-even to the fen). A valuation dated the same day as an exit values what is left after it.
 *  - nothing remains: 0.
 * Deal MOIC = (proceeds + fair value) / cost.
 *
 * A group of funds adds its members' figures and pools their cash flows for the IRRs. Its NAV is the
 * sum of the members' latest marks; a member with paid-in capital but no mark makes the group's NAV
 * (and RVPI, TVPI, net IRR) null, with a note naming it; a member with nothing paid in and no mark
 * adds nothing (a single fund without a mark always has NAV null). Note that a group holding both a fund of funds and its sub-funds counts the money passed
 * down twice (the city fund's call paid into a sub-fund is also the sub-fund's paid-in): for any set of
 * funds without double counting, and a fund of funds with its share of the funds it holds, see
 * look-through.ts (`FundMetrics.lookThrough`); for the programme's size and leverage
 * {@link CityFundKpis.programme}.
 *
 * Holdings also include conversions (conversions.ts: a converted holding is equity from its date, its cost
 * unchanged) and the 投贷联动 warrants a fund holds (linkage/fund-holdings.ts: exercises as cost, exits as
 * proceeds).
 */

export interface FundFigures {
  readonly asOf: string
  /** The funds counted (codes). */
  readonly funds: ReadonlyArray<string>
  readonly committed: Decimal
  readonly paidIn: Decimal
  readonly unfunded: Decimal
  /** PI / C as a fraction (0.4 = 40 %); null when nothing is committed. */
  readonly calledPercent: Decimal | null
  readonly distributions: Decimal
  /**
   * The NAV rolled forward to asOf: Σ over the funds of (latest mark on or before asOf + calls − distributions
   * dated after it); null when a fund has no mark (see `notes`).
   */
  readonly nav: Decimal | null
  /** The date of the latest mark counted (for one fund, the mark the NAV rests on). */
  readonly navDate: string | null
  /** Σ of the marks the NAV rests on (before the roll-forward); null with `nav`. */
  readonly navMark: Decimal | null
  /** Calls dated after each fund's mark, up to asOf (added to the mark). */
  readonly navCallsSince: Decimal
  /** Distributions dated after each fund's mark, up to asOf (taken from the mark). */
  readonly navDistributionsSince: Decimal
  /** Per fund, the mark its NAV rests on and the flows since. */
  readonly navMarks: ReadonlyArray<NavBasis>
  readonly dpi: Decimal | null
  readonly rvpi: Decimal | null
  readonly tvpi: Decimal | null
  /** Invested in enterprises (cost of all investments). */
  readonly invested: Decimal
  readonly exitProceeds: Decimal
  readonly remainingCost: Decimal
  /** Fair value of the remaining holdings (see the rule above). */
  readonly holdingsValue: Decimal
  /** (exit proceeds + holdings value) / invested; null when nothing is invested. */
  readonly grossMoic: Decimal | null
  readonly netIrr: XirrResult
  readonly grossIrr: XirrResult
  /** Holdings with no valuation on or before asOf, counted at remaining cost. */
  readonly unvaluedHoldings: number
  readonly notes: ReadonlyArray<string>
  /** The notes as the message catalogue says them (code and parameters), for a face in another language. */
  readonly noteMessages: ReadonlyArray<Said>
}

/**
 * One fund's NAV roll-forward: `adjusted = mark + callsSince − distributionsSince`, the flows dated after
 * `on` and on or before the as-of date.
 */
export interface NavBasis {
  readonly fund: string
  /** The mark's date. */
  readonly on: string
  readonly mark: Decimal
  readonly callsSince: Decimal
  readonly distributionsSince: Decimal
  readonly adjusted: Decimal
}

export interface DealFigures {
  readonly asOf: string
  /** Investments counted. */
  readonly count: number
  /** Of which in a Wenzhou enterprise on the investment date. */
  readonly localCount: number
  readonly invested: Decimal
  /** Invested in enterprises local on the investment date. */
  readonly investedLocal: Decimal
  readonly exitProceeds: Decimal
  readonly exitedCost: Decimal
  readonly remainingCost: Decimal
  readonly fairValue: Decimal
  /** (proceeds + fair value) / cost */
  readonly moic: Decimal | null
  readonly grossIrr: XirrResult
  readonly unvaluedHoldings: number
}

/** Fund-level groupings. */
export const FundGrouping = Schema.Literals(["fund", "chainStage", "manager", "kind", "origin"])
export type FundGrouping = typeof FundGrouping.Type
/** How committed capital is grouped: by the receiving fund's origin, or by the LP's type. */
export const CapitalGrouping = Schema.Literals(["origin", "lpType"])
export type CapitalGrouping = typeof CapitalGrouping.Type

/**
 * Committed capital of a set of funds, grouped (`funds.capital`), seen through: a commitment whose LP is a
 * fund of the set (the city fund's money passed down to its sub-fund) moves money inside the set and is
 * counted once, where it first came in — it is left out of the groups and shown as `internal`.
 */
export interface CapitalFigures {
  readonly groups: ReadonlyArray<{
    readonly key: string
    readonly label: string
    readonly committed: Decimal
    readonly commitments: number
  }>
  /** Σ of the groups: capital that came into the set from outside it. */
  readonly committed: Decimal
  /** Commitments by a fund of the set to another one (left out of the groups). */
  readonly internal: Decimal
  /** 温商回归: commitments of Wenzhou merchants (LP type `merchant`) to funds based in Wenzhou. */
  readonly merchantReturned: Decimal
}

/**
 * Investment-level (deal) groupings; `district` is the enterprise's district on the investment date;
 * `instrument` the holding's instrument as of the as-of day (equity from a conversion's date on).
 */
export const DealGrouping = Schema.Literals([
  "district",
  "techCategory",
  "local",
  "fund",
  "all",
  "instrument"
])
export type DealGrouping = typeof DealGrouping.Type

export interface FundGroup {
  readonly key: string
  readonly label: string
  readonly figures: FundFigures
}

export interface DealGroup {
  readonly key: string
  readonly label: string
  readonly figures: DealFigures
}

export interface MetricsOptions {
  /** Default: today in Asia/Shanghai. */
  readonly asOf?: string | undefined
  /** Only these funds (codes); default all. */
  readonly funds?: ReadonlyArray<string> | undefined
}

/** Per sub-fund: leverage, social-capital multiple and 返投 local re-investment. */
export interface SubFundKpis {
  readonly fund: string
  readonly name: string
  readonly parent: string | null
  /** Fund size: its live commitments. */
  readonly size: Decimal
  /** Fiscal + state-owned commitments (the city fund's included). */
  readonly government: Decimal
  /** Commitments whose LP is a fund of kind city-fund. */
  readonly cityFundCommitted: Decimal
  /** size / government; null without government money. */
  readonly leverage: Decimal | null
  /** (size − government) / government */
  readonly socialMultiple: Decimal | null
  readonly invested: Decimal
  /** Invested in enterprises registered in Wenzhou on the investment date. */
  readonly investedLocal: Decimal
  /** 返投 multiple = investedLocal / cityFundCommitted; null without a city-fund commitment. */
  readonly reinvestMultiple: Decimal | null
  readonly reinvestRequired: Decimal | null
  /** multiple / required; null when none is required (or no multiple). */
  readonly reinvestCompletion: Decimal | null
}

/**
 * The programme seen through: the city fund(s) and every fund below them (by parent, or by a city or
 * programme fund being an LP), counting each yuan once.
 *
 * Rule: a commitment is *internal* when both its fund and its LP fund (`lpFund`) are in the programme;
 * every other commitment into a programme fund is *external*. Programme size = Σ external commitments
 * (= Σ fund sizes − Σ internal commitments: money passed down from the city fund to a sub-fund is
 * already counted in the city fund's size). Programme government money = Σ external commitments of type
 * fiscal or state-owned. Leverage = size / government; social-capital multiple = (size − government) /
 * government. The city fund's commitment to a sub-fund still counts as government money *of that
 * sub-fund* in {@link SubFundKpis}.
 */
export interface ProgrammeKpis {
  readonly funds: ReadonlyArray<string>
  readonly size: Decimal
  readonly government: Decimal
  readonly social: Decimal
  readonly leverage: Decimal | null
  readonly socialMultiple: Decimal | null
  /** Σ of every programme fund's size, internal commitments included (what naive addition gives). */
  readonly grossOfInternal: Decimal
  /** Σ internal commitments: the part of `grossOfInternal` that would be counted twice. */
  readonly internal: Decimal
}

/** One tranche of a direct-investment project. */
export interface DirectTranche {
  readonly id: number
  /** The city fund's code. */
  readonly fund: string
  readonly on: string
  readonly amount: Decimal
  readonly round: string | null
}

/**
 * A direct-investment project (直投项目): the city funds' direct investments in one enterprise in one
 * calendar year, however many tranches they came in. Its date is its first tranche's; its tech category
 * is its first tranche's (the enterprise's, unless the investment said otherwise).
 */
export interface DirectProject {
  readonly enterprise: { readonly uscc: string; readonly name: string }
  readonly year: number
  readonly on: string
  readonly techCategory: TechCategory
  /** In one of the four target categories (key generic, frontier, engineering, disruptive). */
  readonly qualifying: boolean
  /** Σ of the tranches. */
  readonly amount: Decimal
  /** Oldest first. */
  readonly tranches: ReadonlyArray<DirectTranche>
}

export interface DirectInvestmentKpis {
  /** The calendar year of asOf, up to asOf. */
  readonly from: string
  readonly to: string
  /**
   * Qualifying direct-investment *projects* (enterprise and year, {@link DirectProject}) of city funds in
   * the period: two tranches into one enterprise in one year count once.
   */
  readonly count: number
  readonly target: number
  /** count / target as a fraction. */
  readonly progress: number
  /** All direct-investment projects by city funds in the period, `other` included. */
  readonly countAll: number
  /** Tranches of the counted (qualifying) projects. */
  readonly tranches: number
  /** Invested in the counted (qualifying) projects. */
  readonly amount: Decimal
  readonly byTechCategory: ReadonlyArray<{
    readonly techCategory: TechCategory
    readonly qualifying: boolean
    /** Projects. */
    readonly count: number
    readonly tranches: number
    readonly amount: Decimal
  }>
  /** Every project of the period (qualifying or not), by first tranche date, with its tranches. */
  readonly projects: ReadonlyArray<DirectProject>
}

/** City-fund KPIs (DOMAIN.md: scale, leverage, 返投, direct investments). */
export interface CityFundKpis {
  readonly asOf: string
  /** Funds of kind city-fund (codes). */
  readonly cityFunds: ReadonlyArray<string>
  /** Scale: live commitments to city funds on or before asOf. */
  readonly committed: Decimal
  readonly paidIn: Decimal
  readonly calledPercent: Decimal | null
  /** What the city funds committed to programme funds (fund-of-funds money passed down). */
  readonly committedToSubFunds: Decimal
  readonly programme: ProgrammeKpis
  readonly subFunds: ReadonlyArray<SubFundKpis>
  readonly directInvestments: DirectInvestmentKpis
}

/** The city fund's yearly direct-investment target (DOMAIN.md `city-fund-direct-investments`). */
export const DEFAULT_DIRECT_INVESTMENT_TARGET = 5

// ---------------------------------------------------------------------------------------------------------
// Pure computation
// ---------------------------------------------------------------------------------------------------------

const ZERO = new Yuan(0)

/** Items by key, each list in the input's order. */
const groupBy = <A>(items: ReadonlyArray<A>, key: (a: A) => number): Map<number, Array<A>> => {
  const groups = new Map<number, Array<A>>()
  for (const item of items) {
    const list = groups.get(key(item))
    if (list === undefined) groups.set(key(item), [item])
    else list.push(item)
  }
  return groups
}
const sum = (values: ReadonlyArray<Decimal>): Decimal => values.reduce((a, b) => a.plus(b), ZERO)
const ratio = (n: Decimal, d: Decimal): Decimal | null => (d.isZero() ? null : new Yuan(n).div(d))

interface Flow {
  readonly date: string
  readonly amount: Decimal
}

/** XIRR of dated flows (netted by date by the finance function); no flow at all → NoRate. */
const irrOf = (flows: ReadonlyArray<Flow>): XirrResult => {
  const live = flows.filter((f) => !f.amount.isZero())
  if (live.length === 0) return noRate(say("irr-no-flows"))
  return xirr(live.map((f) => ({ date: f.date, amount: f.amount })))
}

export interface HoldingEvent {
  readonly kind: "valuation" | "exit"
  readonly on: string
  /** fair value or proceeds */
  readonly amount: Decimal
  /** an exit's cost basis */
  readonly cost: Decimal
}

export interface Holding {
  readonly id: number
  readonly fundId: number
  readonly on: string
  readonly cost: Decimal
  readonly district: string
  readonly local: boolean
  readonly techCategory: string
  readonly mode: string
  /** As of the as-of day: `equity` once converted (conversions.ts), else the investment's. */
  readonly instrument: string
  /** The date of its live conversion on or before the as-of day, if any. */
  readonly convertedOn: string | null
  readonly exits: ReadonlyArray<{ readonly on: string; readonly proceeds: Decimal }>
  readonly exitProceeds: Decimal
  readonly exitedCost: Decimal
  readonly remainingCost: Decimal
  readonly fairValue: Decimal
  /** The valuation used; null when the holding counts at cost (or nothing remains and none exists). */
  readonly valuedOn: string | null
}

/**
 * A holding on asOf from its investment and its live valuations and exits on or before asOf (oldest
 * first): the fair-value rule in this module's comment.
 */
export const holdingOf = (
  row: HoldingRow,
  events: ReadonlyArray<HoldingEvent>,
  convertedOn: string | null = null
): Holding => {
  const exits = events.filter((e) => e.kind === "exit")
  const exitedCost = sum(exits.map((e) => e.cost))
  const remainingCost = row.cost.minus(exitedCost)
  const valuation = events.filter((e) => e.kind === "valuation").at(-1)
  let fairValue: Decimal
  if (remainingCost.lte(0)) fairValue = ZERO
  else if (valuation === undefined) fairValue = remainingCost
  else {
    const remainingThen = row.cost.minus(sum(exits.filter((e) => e.on <= valuation.on).map((e) => e.cost)))
    fairValue = remainingThen.equals(remainingCost)
      ? valuation.amount
      : new Yuan(valuation.amount)
          .times(remainingCost)
          .div(remainingThen)
          .toDecimalPlaces(2, Yuan.ROUND_HALF_EVEN)
  }
  return {
    id: row.id,
    fundId: row.fundId,
    on: row.on,
    cost: row.cost,
    district: row.district,
    local: isLocalDistrict(row.district),
    techCategory: row.techCategory,
    mode: row.mode,
    instrument: convertedOn === null ? (row.instrument ?? "equity") : "equity",
    convertedOn,
    exits: exits.map((e) => ({ on: e.on, proceeds: e.amount })),
    exitProceeds: sum(exits.map((e) => e.amount)),
    exitedCost,
    remainingCost,
    fairValue,
    valuedOn: valuation?.on ?? null
  }
}

/**
 * The 投贷联动 warrants funds hold (linkage/fund-holdings.ts), as holdings and flows per fund: one holding
 * per loan (id: the loan's id negated, never an entry's), cost the amounts paid at the exercises, each exit
 * taking away the average cost of the share it sells.
 */
export const warrantHoldingsOf = (
  rows: ReadonlyArray<WarrantEventRow>
): Map<number, { holdings: Array<Holding>; flows: Array<FundLedger["flows"][number]> }> => {
  const byLoan = new Map<number, Array<WarrantEventRow>>()
  for (const r of rows) {
    const list = byLoan.get(r.loanId)
    if (list === undefined) byLoan.set(r.loanId, [r])
    else list.push(r)
  }
  const out = new Map<number, { holdings: Array<Holding>; flows: Array<FundLedger["flows"][number]> }>()
  for (const [loanId, events] of byLoan) {
    const exercises = events.filter((e) => e.kind === "exercise")
    const first = exercises[0]
    if (first === undefined) continue
    const fund = out.get(first.fundId) ?? { holdings: [], flows: [] }
    const holdingEvents: Array<HoldingEvent> = []
    let exitedCost: Decimal = ZERO
    for (const e of events.filter((x) => x.kind === "exit")) {
      const before = exercises.filter((x) => x.on <= e.on)
      const share = sum(before.map((x) => x.equityPercent))
      const cost = sum(before.map((x) => x.amount))
      const taken = share.isZero()
        ? ZERO
        : Decimal.min(
            new Yuan(cost).times(e.equityPercent).div(share).toDecimalPlaces(2, Yuan.ROUND_HALF_EVEN),
            cost.minus(exitedCost)
          )
      exitedCost = exitedCost.plus(taken)
      holdingEvents.push({ kind: "exit", on: e.on, amount: e.amount, cost: taken })
      fund.flows.push({ kind: "exit", on: e.on, amount: e.amount })
    }
    for (const x of exercises) fund.flows.push({ kind: "investment", on: x.on, amount: x.amount })
    fund.holdings.push(
      holdingOf(
        {
          id: -loanId,
          fundId: first.fundId,
          on: first.on,
          cost: new Yuan(sum(exercises.map((x) => x.amount))),
          district: first.district,
          techCategory: first.techCategory,
          mode: "direct",
          instrument: "warrant"
        },
        holdingEvents
      )
    )
    out.set(first.fundId, fund)
  }
  return out
}

/** Everything the figures of one fund are made of, loaded for one asOf. */
export interface FundLedger {
  readonly fund: Fund
  readonly commitments: ReadonlyArray<{ lpType: LpType; lpFundId: number | null; amount: Decimal }>
  readonly flows: ReadonlyArray<{
    kind: "call" | "distribution" | "investment" | "exit"
    on: string
    amount: Decimal
  }>
  readonly nav: { readonly on: string; readonly nav: Decimal } | undefined
  readonly holdings: ReadonlyArray<Holding>
}

const flowSum = (ledger: FundLedger, kind: FundLedger["flows"][number]["kind"]) =>
  sum(ledger.flows.filter((f) => f.kind === kind).map((f) => f.amount))

/**
 * The NAV roll-forward of one fund (this module's comment): its latest mark + calls − distributions dated
 * after the mark; undefined without a mark. The ledger holds only flows up to the as-of date.
 */
export const navBasisOf = (ledger: FundLedger): NavBasis | undefined => {
  const mark = ledger.nav
  if (mark === undefined) return undefined
  const since = (kind: "call" | "distribution") =>
    sum(ledger.flows.filter((f) => f.kind === kind && f.on > mark.on).map((f) => f.amount))
  const callsSince = since("call")
  const distributionsSince = since("distribution")
  return {
    fund: ledger.fund.code,
    on: mark.on,
    mark: mark.nav,
    callsSince,
    distributionsSince,
    adjusted: mark.nav.plus(callsSince).minus(distributionsSince)
  }
}

/** Fund-level figures of one fund or a pooled group (see this module's comment for the rules). */
/** {@link CapitalFigures} of `ledgers` (the set), grouped by `groupBy`, in key order. */
export const capitalFigures = (
  ledgers: ReadonlyArray<FundLedger>,
  groupBy: CapitalGrouping
): CapitalFigures => {
  const inSet = new Set(ledgers.map((l) => l.fund.id))
  const groups = new Map<string, { label: string; committed: Decimal; commitments: number }>()
  let internal = new Yuan(0)
  let merchantReturned = new Yuan(0)
  for (const l of ledgers) {
    for (const c of l.commitments) {
      if (c.lpFundId !== null && inSet.has(c.lpFundId)) {
        internal = internal.plus(c.amount)
        continue
      }
      const [key, label] =
        groupBy === "origin"
          ? [l.fund.origin, originLabels[l.fund.origin]]
          : [c.lpType, lpTypeLabels[c.lpType]]
      const group = groups.get(key) ?? { label, committed: new Yuan(0), commitments: 0 }
      groups.set(key, {
        label,
        committed: group.committed.plus(c.amount),
        commitments: group.commitments + 1
      })
      if (c.lpType === "merchant" && districtOf(l.fund.district) !== undefined)
        merchantReturned = merchantReturned.plus(c.amount)
    }
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return {
    groups: sorted.map(([key, g]) => ({ key, ...g })),
    committed: sum(sorted.map(([, g]) => g.committed)),
    internal,
    merchantReturned
  }
}

export const fundFigures = (ledgers: ReadonlyArray<FundLedger>, asOf: string): FundFigures => {
  const noteMessages: Array<Said> = []
  const committed = sum(ledgers.flatMap((l) => l.commitments.map((c) => c.amount)))
  const paidIn = sum(ledgers.map((l) => flowSum(l, "call")))
  const distributions = sum(ledgers.map((l) => flowSum(l, "distribution")))
  const invested = sum(ledgers.map((l) => flowSum(l, "investment")))
  const holdings = ledgers.flatMap((l) => l.holdings)
  const exitProceeds = sum(holdings.map((h) => h.exitProceeds))
  const remainingCost = sum(holdings.map((h) => h.remainingCost))
  const holdingsValue = sum(holdings.map((h) => h.fairValue))
  const unvaluedHoldings = holdings.filter((h) => h.valuedOn === null && h.remainingCost.gt(0)).length

  const single = ledgers.length === 1
  const unmarked = ledgers.filter((l) => l.nav === undefined && (single || flowSum(l, "call").gt(0)))
  const navMarks = ledgers.flatMap((l) => {
    const basis = navBasisOf(l)
    return basis === undefined ? [] : [basis]
  })
  const nav = unmarked.length > 0 ? null : sum(navMarks.map((b) => b.adjusted))
  const navDates = navMarks.map((b) => b.on).sort()
  if (unmarked.length > 0) {
    noteMessages.push(say("note-no-nav-mark", { asOf, funds: unmarked.map((l) => l.fund.code).join(", ") }))
  }
  for (const b of navMarks.filter((b) => b.adjusted.isNegative())) {
    noteMessages.push(say("note-nav-negative", { fund: b.fund, on: b.on, adjusted: toWire(b.adjusted) }))
  }
  if (paidIn.isZero()) noteMessages.push(say("note-nothing-paid-in"))
  if (unvaluedHoldings > 0)
    noteMessages.push(say("note-unvalued-holdings", { count: String(unvaluedHoldings), asOf }))

  // The terminal value is the rolled-forward NAV: a flow after the mark is counted once, on its date,
  // not a second time inside a NAV that still holds it.
  const netIrr =
    nav === null
      ? noRate(say("irr-no-nav-mark", { asOf }))
      : irrOf([
          ...ledgers.flatMap((l) =>
            l.flows
              .filter((f) => f.kind === "call" || f.kind === "distribution")
              .map((f) => ({ date: f.on, amount: f.kind === "call" ? f.amount.negated() : f.amount }))
          ),
          { date: asOf, amount: nav }
        ])
  const grossIrr = irrOf([
    ...ledgers.flatMap((l) =>
      l.flows
        .filter((f) => f.kind === "investment" || f.kind === "exit")
        .map((f) => ({ date: f.on, amount: f.kind === "investment" ? f.amount.negated() : f.amount }))
    ),
    { date: asOf, amount: holdingsValue }
  ])

  return {
    asOf,
    funds: ledgers.map((l) => l.fund.code),
    committed,
    paidIn,
    unfunded: committed.minus(paidIn),
    calledPercent: calledPercent({ paidIn, committed }),
    distributions,
    nav,
    navDate: navDates.at(-1) ?? null,
    navMark: nav === null ? null : sum(navMarks.map((b) => b.mark)),
    navCallsSince: sum(navMarks.map((b) => b.callsSince)),
    navDistributionsSince: sum(navMarks.map((b) => b.distributionsSince)),
    navMarks,
    dpi: dpi({ distributions, paidIn }),
    rvpi: nav === null ? null : rvpi({ nav, paidIn }),
    tvpi: nav === null ? null : tvpi({ distributions, nav, paidIn }),
    invested,
    exitProceeds,
    remainingCost,
    holdingsValue,
    grossMoic: moic({ proceeds: exitProceeds, fairValue: holdingsValue, cost: invested }),
    netIrr,
    grossIrr,
    unvaluedHoldings,
    notes: noteMessages.map((n) => n.message),
    noteMessages
  }
}

/** Deal-level figures of a set of holdings: MOIC = (proceeds + fair value) / cost; gross IRR pooled. */
export const dealFigures = (holdings: ReadonlyArray<Holding>, asOf: string): DealFigures => {
  const invested = sum(holdings.map((h) => h.cost))
  const exitProceeds = sum(holdings.map((h) => h.exitProceeds))
  const fairValue = sum(holdings.map((h) => h.fairValue))
  return {
    asOf,
    count: holdings.length,
    localCount: holdings.filter((h) => h.local).length,
    invested,
    investedLocal: sum(holdings.filter((h) => h.local).map((h) => h.cost)),
    exitProceeds,
    exitedCost: sum(holdings.map((h) => h.exitedCost)),
    remainingCost: sum(holdings.map((h) => h.remainingCost)),
    fairValue,
    moic: moic({ proceeds: exitProceeds, fairValue, cost: invested }),
    grossIrr: irrOf([
      ...holdings.flatMap((h) => [
        { date: h.on, amount: h.cost.negated() },
        ...h.exits.map((e) => ({ date: e.on, amount: e.proceeds }))
      ]),
      { date: asOf, amount: fairValue }
    ]),
    unvaluedHoldings: holdings.filter((h) => h.valuedOn === null && h.remainingCost.gt(0)).length
  }
}

/**
 * Direct-investment tranches (oldest first) grouped into projects: one per enterprise and calendar year
 * of the tranche date, in the order of their first tranche.
 */
export const directProjects = (tranches: ReadonlyArray<DirectTrancheRow>): ReadonlyArray<DirectProject> => {
  const byKey = new Map<string, Array<DirectTrancheRow>>()
  for (const t of tranches) {
    const key = `${t.enterpriseId}/${t.on.slice(0, 4)}`
    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [t])
    else list.push(t)
  }
  return [...byKey.values()].map((list): DirectProject => {
    const first = list[0]!
    const techCategory = first.techCategory as TechCategory
    return {
      enterprise: { uscc: first.uscc, name: first.name },
      year: Number(first.on.slice(0, 4)),
      on: first.on,
      techCategory,
      qualifying: qualifyingTechCategories.includes(techCategory),
      amount: sum(list.map((t) => t.amount)),
      tranches: list.map((t) => ({ id: t.id, fund: t.fund, on: t.on, amount: t.amount, round: t.round }))
    }
  })
}

/** The direct-investment KPIs of a period from its projects (see {@link DirectInvestmentKpis}). */
export const directInvestmentKpis = (
  projects: ReadonlyArray<DirectProject>,
  period: { readonly from: string; readonly to: string },
  target: number
): DirectInvestmentKpis => {
  const qualifying = projects.filter((p) => p.qualifying)
  const count = qualifying.length
  return {
    from: period.from,
    to: period.to,
    count,
    target,
    progress: count / target, // float-ok: a count over a count, for display
    countAll: projects.length,
    tranches: qualifying.reduce((n, p) => n + p.tranches.length, 0),
    amount: sum(qualifying.map((p) => p.amount)),
    byTechCategory: techCategories.map((techCategory) => {
      const inCategory = projects.filter((p) => p.techCategory === techCategory)
      return {
        techCategory,
        qualifying: qualifyingTechCategories.includes(techCategory),
        count: inCategory.length,
        tranches: inCategory.reduce((n, p) => n + p.tranches.length, 0),
        amount: sum(inCategory.map((p) => p.amount))
      }
    }),
    projects
  }
}

/**
 * The programme: city funds, then every fund whose parent is in it or to which a programme fund has
 * committed (`links`: LP fund → fund), until nothing changes.
 */
export const programmeFunds = (
  funds: ReadonlyArray<Fund>,
  links: ReadonlyArray<{ fundId: number; lpFundId: number }>
): ReadonlySet<number> => {
  const members = new Set(funds.filter((f) => f.kind === "city-fund").map((f) => f.id))
  const byCode = new Map(funds.map((f) => [f.code, f.id]))
  for (let changed = true; changed; ) {
    changed = false
    for (const f of funds) {
      if (members.has(f.id)) continue
      const parentId = f.parent === null ? undefined : byCode.get(f.parent)
      const viaParent = parentId !== undefined && members.has(parentId)
      const viaLp = links.some((l) => l.fundId === f.id && members.has(l.lpFundId))
      if (viaParent || viaLp) {
        members.add(f.id)
        changed = true
      }
    }
  }
  return members
}

/** Programme and sub-fund KPIs from every fund's ledger (see {@link ProgrammeKpis} for the rule). */
export const programmeKpis = (
  ledgers: ReadonlyArray<FundLedger>,
  members: ReadonlySet<number>
): { programme: ProgrammeKpis; subFunds: ReadonlyArray<SubFundKpis> } => {
  const inProgramme = ledgers.filter((l) => members.has(l.fund.id))
  const cityFundIds = new Set(inProgramme.filter((l) => l.fund.kind === "city-fund").map((l) => l.fund.id))
  const all = inProgramme.flatMap((l) => l.commitments)
  const isInternal = (c: FundLedger["commitments"][number]) => c.lpFundId !== null && members.has(c.lpFundId)
  const external = all.filter((c) => !isInternal(c))
  const size = sum(external.map((c) => c.amount))
  const government = sum(external.filter((c) => isGovernmentLp(c.lpType)).map((c) => c.amount))
  const programme: ProgrammeKpis = {
    funds: inProgramme.map((l) => l.fund.code),
    size,
    government,
    social: size.minus(government),
    leverage: ratio(size, government),
    socialMultiple: ratio(size.minus(government), government),
    grossOfInternal: sum(all.map((c) => c.amount)),
    internal: sum(all.filter(isInternal).map((c) => c.amount))
  }
  const subFunds = inProgramme
    .filter((l) => l.fund.kind !== "city-fund")
    .map((l): SubFundKpis => {
      const fundSize = sum(l.commitments.map((c) => c.amount))
      const gov = sum(l.commitments.filter((c) => isGovernmentLp(c.lpType)).map((c) => c.amount))
      const fromCity = sum(
        l.commitments.filter((c) => c.lpFundId !== null && cityFundIds.has(c.lpFundId)).map((c) => c.amount)
      )
      const investedLocal = sum(l.holdings.filter((h) => h.local).map((h) => h.cost))
      const reinvestMultiple = ratio(investedLocal, fromCity)
      const required = l.fund.reinvestRequired
      return {
        fund: l.fund.code,
        name: l.fund.name,
        parent: l.fund.parent,
        size: fundSize,
        government: gov,
        cityFundCommitted: fromCity,
        leverage: ratio(fundSize, gov),
        socialMultiple: ratio(fundSize.minus(gov), gov),
        invested: sum(l.holdings.map((h) => h.cost)),
        investedLocal,
        reinvestMultiple,
        reinvestRequired: required,
        reinvestCompletion:
          required === null || reinvestMultiple === null ? null : reinvestMultiple.div(required)
      }
    })
  return { programme, subFunds }
}

// ---------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------

const asOfProblem = (asOf: string): ValidationError | undefined => {
  const issue = dateIssue("asOf", asOf)
  return issue === undefined ? undefined : new ValidationError({ issues: [issue] })
}

const chainStageLabels: Record<string, string> = {
  angel: "天使投资 angel",
  venture: "创投 venture",
  industrial: "产业资本 industrial",
  merchant: "温商基金 merchant",
  none: "no chain stage"
}

const kindLabels: Record<string, string> = {
  "city-fund": "市科创基金 city fund",
  "sub-fund": "子基金 sub-fund",
  chain: "chain fund"
}

const originLabels: Record<FundOrigin, string> = {
  national: "国家级基金 national",
  "central-soe": "央企基金 central SOE",
  foreign: "外资基金 foreign",
  local: "本地基金 local"
}

const lpTypeLabels: Record<LpType, string> = {
  fiscal: "财政 fiscal",
  "state-owned": "国资 state-owned",
  private: "民营 private",
  merchant: "温商 Wenzhou merchants",
  insurance: "保险 insurance",
  bank: "银行 bank",
  individual: "个人 individual",
  gp: "管理人 GP"
}

const techLabels: Record<string, string> = {
  "key-generic": "关键共性技术 key generic",
  frontier: "前沿引领技术 frontier",
  engineering: "现代工程技术 modern engineering",
  disruptive: "颠覆性技术 disruptive",
  other: "other"
}

/**
 * Every figure's raw material for `funds` as of `asOf`: grouped queries, no per-fund round trips. The
 * commitments, flows, NAV marks come from the maintained per fund per day aggregates (`aggregates.ts`), or
 * with `records` from the ledger itself — the reference the aggregates are proved equal to.
 */
export const loadLedgers = async (
  db: Kysely<DB>,
  funds: ReadonlyArray<Fund>,
  asOf: string,
  source: "aggregates" | "records"
): Promise<ReadonlyArray<FundLedger>> => {
  const ids = funds.map((f) => f.id)
  const commitments =
    source === "aggregates"
      ? await aggregatedCommitments(db, ids, asOf)
      : await commitmentTotals(db, ids, asOf)
  const flows =
    source === "aggregates" ? await aggregatedFlows(db, ids, asOf) : await dailyFlows(db, ids, asOf)
  const marks =
    source === "aggregates" ? await aggregatedLatestNav(db, ids, asOf) : await navMarks(db, ids, asOf)
  const investments = await investmentRows(db, ids, asOf)
  const events = await holdingEvents(db, ids, asOf)
  const conversions = await liveConversions(db, ids, asOf)
  const warrants = await heldWarrantEvents(db, ids, asOf)
  const warrantsOf = warrantHoldingsOf(warrants)
  const convertedOn = new Map(conversions.map((c) => [c.investment, c.on]))
  const eventsOf = groupBy(events, (e) => e.investmentId)
  const commitmentsOf = groupBy(commitments, (c) => c.fundId)
  const flowsOf = groupBy(flows, (f) => f.fundId)
  const investmentsOf = groupBy(investments, (i) => i.fundId)
  const latestNav = new Map<number, { on: string; nav: Decimal }>()
  for (const m of marks) latestNav.set(m.fundId, { on: m.on, nav: m.nav })
  return funds.map(
    (fund): FundLedger => ({
      fund,
      commitments: commitmentsOf.get(fund.id) ?? [],
      flows: [...(flowsOf.get(fund.id) ?? []), ...(warrantsOf.get(fund.id)?.flows ?? [])],
      nav: latestNav.get(fund.id),
      holdings: [
        ...(investmentsOf.get(fund.id) ?? []).map((i) =>
          holdingOf(i, eventsOf.get(i.id) ?? [], convertedOn.get(i.id) ?? null)
        ),
        ...(warrantsOf.get(fund.id)?.holdings ?? [])
      ]
    })
  )
}

/**
 * Fund metrics, groupings and the city-fund KPIs. Reads only: no permission is checked here (the
 * caller decides who may read what, as for every read of the core).
 */
export class FundMetrics extends Context.Service<
  FundMetrics,
  {
    /** One fund's figures as of `asOf`. */
    fund(
      code: string,
      options?: { readonly asOf?: string | undefined }
    ): Effect.Effect<FundFigures, ValidationError | NotFoundError | StoreError>
    /** Each LP's capital account as of `asOf` (accounts.ts): called, distributed, NAV share, IRR, multiples. */
    lpAccounts(
      code: string,
      options?: { readonly asOf?: string | undefined }
    ): Effect.Effect<LpAccounts, ValidationError | NotFoundError | StoreError>
    /** The LP statement of a calendar quarter (`2025Q4`): opening, calls, distributions, NAV change, closing. */
    lpStatement(
      code: string,
      quarter: string
    ): Effect.Effect<LpStatement, ValidationError | NotFoundError | StoreError>
    /**
     * A set of funds seen through (look-through.ts): money moving inside the set counted once, and each
     * fund's stakes in the funds it holds valued by their NAV. Default set: the city funds.
     */
    lookThrough(
      codes?: ReadonlyArray<string> | undefined,
      options?: { readonly asOf?: string | undefined }
    ): Effect.Effect<LookThroughFigures, ValidationError | NotFoundError | StoreError>
    /** A set of funds pooled (sums; IRRs of the pooled flows). */
    funds(
      codes: ReadonlyArray<string>,
      options?: { readonly asOf?: string | undefined }
    ): Effect.Effect<FundFigures, ValidationError | NotFoundError | StoreError>
    /** Fund-level aggregates per fund, chain stage, manager or kind (groups in key order). */
    groups(
      groupBy: FundGrouping,
      options?: MetricsOptions
    ): Effect.Effect<ReadonlyArray<FundGroup>, ValidationError | NotFoundError | StoreError>
    /** Committed capital by the funds' origin or the LPs' type, money moving inside the set counted once. */
    capital(
      groupBy: CapitalGrouping,
      options?: MetricsOptions
    ): Effect.Effect<CapitalFigures, ValidationError | NotFoundError | StoreError>
    /** Investment-level aggregates per district (on the investment date), tech category, local flag, fund, or all. */
    deals(
      groupBy: DealGrouping,
      options?: MetricsOptions
    ): Effect.Effect<ReadonlyArray<DealGroup>, ValidationError | NotFoundError | StoreError>
    /** City-fund KPIs: scale, paid-in, programme leverage, per-sub-fund leverage and 返投, direct investments. */
    cityFund(options?: {
      readonly asOf?: string | undefined
      /** Default {@link DEFAULT_DIRECT_INVESTMENT_TARGET}. */
      readonly directTarget?: number | undefined
    }): Effect.Effect<CityFundKpis, ValidationError | StoreError>
    /**
     * Target measure `city-fund-committed`: live commitments to city funds dated in the period (both bounds
     * inclusive), a flow like every target measure (the target's fixed period makes it the scale raised).
     */
    cityFundCommitted(period: {
      readonly from: string
      readonly to: string
    }): Effect.Effect<Decimal, StoreError>
    /**
     * Target measure `city-fund-direct-investments`: the number of direct-investment projects (enterprise
     * and year, {@link DirectProject}) of city funds in key-generic, frontier, engineering or disruptive
     * technology whose first tranche of the year is dated in the period, as a Decimal.
     */
    cityFundDirectInvestments(period: {
      readonly from: string
      readonly to: string
    }): Effect.Effect<Decimal, StoreError>
  }
>()("@kejin/core/FundMetrics") {
  static readonly layer = Layer.effect(
    FundMetrics,
    Effect.gen(function* () {
      const database = yield* Database
      const db = database.db
      const inDb = <A>(run: () => Promise<A>) => database.query(run)

      const resolveAsOf = Effect.fnUntraced(function* (asOf: string | undefined) {
        if (asOf === undefined) return yield* todayInShanghai
        const problem = asOfProblem(asOf)
        if (problem !== undefined) return yield* problem
        return asOf
      })

      const fundsNamed = Effect.fnUntraced(function* (codes: ReadonlyArray<string> | undefined) {
        const funds = yield* inDb(() => findFunds(db, codes === undefined ? {} : { codes }))
        if (codes !== undefined) {
          const missing = codes.find((c) => !funds.some((f) => f.code === c))
          if (missing !== undefined) return yield* new NotFoundError({ entity: "fund", id: missing })
        }
        return funds
      })

      /** Every figure's raw material for `funds` as of `asOf` (the maintained aggregates, {@link loadLedgers}). */
      const ledgersOf = (funds: ReadonlyArray<Fund>, asOf: string) =>
        inDb(() => loadLedgers(db, funds, asOf, "aggregates"))

      const fund = Effect.fn("FundMetrics.fund")(function* (
        code: string,
        options: { asOf?: string | undefined } = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        const funds = yield* fundsNamed([code])
        return fundFigures(yield* ledgersOf(funds, asOf), asOf)
      })

      const fundsPooled = Effect.fn("FundMetrics.funds")(function* (
        codes: ReadonlyArray<string>,
        options: { asOf?: string | undefined } = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        if (codes.length === 0)
          return yield* new ValidationError({
            issues: [sayAt("funds", "funds-none")]
          })
        const funds = yield* fundsNamed(codes)
        return fundFigures(yield* ledgersOf(funds, asOf), asOf)
      })

      const lookThroughOf = Effect.fn("FundMetrics.lookThrough")(function* (
        codes: ReadonlyArray<string> | undefined,
        options: { asOf?: string | undefined } = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        const all = yield* inDb(() => findFunds(db))
        const chosen = [...new Set(codes ?? all.filter((f) => f.kind === "city-fund").map((f) => f.code))]
        // No city fund yet: the empty set's figures (all zero), as every figure of no record answers.
        if (codes === undefined && chosen.length === 0) return lookThrough([], [], asOf)
        if (chosen.length === 0)
          return yield* new ValidationError({
            issues: [sayAt("funds", "funds-none")]
          })
        const missing = chosen.find((c) => !all.some((f) => f.code === c))
        if (missing !== undefined) return yield* new NotFoundError({ entity: "fund", id: missing })
        // The universe: the set and every fund it holds, directly or further down.
        const links = yield* inDb(() => aggregatedLpFundLinks(db, asOf))
        const universe = new Set(all.filter((f) => chosen.includes(f.code)).map((f) => f.id))
        for (let grew = true; grew; ) {
          grew = false
          for (const l of links)
            if (universe.has(l.lpFundId) && !universe.has(l.fundId)) {
              universe.add(l.fundId)
              grew = true
            }
        }
        const members = all.filter((f) => universe.has(f.id))
        // The LP side from one slim query; the holdings as the fund figures see them.
        const [entries, figures] = yield* Effect.all([
          inDb(() => lpSideEntries(db, [...universe], asOf)),
          ledgersOf(members, asOf)
        ])
        const entriesOf = new Map<string, Array<FundEntry>>()
        for (const e of entries) {
          const list = entriesOf.get(e.fund)
          if (list === undefined) entriesOf.set(e.fund, [e])
          else list.push(e)
        }
        const ledgers = figures.map(
          (l): LookThroughLedger => ({
            fund: { code: l.fund.code, name: l.fund.name },
            entries: entriesOf.get(l.fund.code) ?? [],
            holdings: l.holdings
          })
        )
        return lookThrough(chosen, ledgers, asOf)
      })

      const groups = Effect.fn("FundMetrics.groups")(function* (
        groupBy: FundGrouping,
        options: MetricsOptions = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        const ledgers = yield* ledgersOf(yield* fundsNamed(options.funds), asOf)
        const keyOf = (f: Fund): [string, string] => {
          switch (groupBy) {
            case "fund":
              return [f.code, f.name]
            case "chainStage":
              return [f.chainStage ?? "none", chainStageLabels[f.chainStage ?? "none"]!]
            case "manager":
              return [String(f.manager.id), f.manager.name]
            case "kind":
              return [f.kind, kindLabels[f.kind]!]
            case "origin":
              return [f.origin, originLabels[f.origin]]
          }
        }
        const byKey = new Map<string, { label: string; ledgers: Array<FundLedger> }>()
        for (const l of ledgers) {
          const [key, label] = keyOf(l.fund)
          const group = byKey.get(key) ?? { label, ledgers: [] }
          group.ledgers.push(l)
          byKey.set(key, group)
        }
        return [...byKey.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, g]): FundGroup => ({ key, label: g.label, figures: fundFigures(g.ledgers, asOf) }))
      })

      const capital = Effect.fn("FundMetrics.capital")(function* (
        groupBy: CapitalGrouping,
        options: MetricsOptions = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        return capitalFigures(yield* ledgersOf(yield* fundsNamed(options.funds), asOf), groupBy)
      })

      const deals = Effect.fn("FundMetrics.deals")(function* (
        groupBy: DealGrouping,
        options: MetricsOptions = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        const funds = yield* fundsNamed(options.funds)
        const codeOf = new Map(funds.map((f) => [f.id, f]))
        const holdings = (yield* ledgersOf(funds, asOf)).flatMap((l) => l.holdings)
        const keyOf = (h: Holding): [string, string] => {
          switch (groupBy) {
            case "district":
              return [h.district, districtOf(h.district)?.name ?? `${h.district} (not Wenzhou)`]
            case "techCategory":
              return [h.techCategory, techLabels[h.techCategory] ?? h.techCategory]
            case "local":
              return h.local ? ["local", "温州 local"] : ["non-local", "not Wenzhou"]
            case "fund": {
              const f = codeOf.get(h.fundId)!
              return [f.code, f.name]
            }
            case "all":
              return ["all", "all investments"]
            case "instrument": {
              const label = instrumentLabels[h.instrument as Instrument]
              return [h.instrument, label === undefined ? h.instrument : `${label.zh} ${label.en}`]
            }
          }
        }
        const byKey = new Map<string, { label: string; holdings: Array<Holding> }>()
        for (const h of holdings) {
          const [key, label] = keyOf(h)
          const group = byKey.get(key) ?? { label, holdings: [] }
          group.holdings.push(h)
          byKey.set(key, group)
        }
        return [...byKey.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, g]): DealGroup => ({ key, label: g.label, figures: dealFigures(g.holdings, asOf) }))
      })

      const cityFund = Effect.fn("FundMetrics.cityFund")(function* (
        options: { asOf?: string | undefined; directTarget?: number | undefined } = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        const target = options.directTarget ?? DEFAULT_DIRECT_INVESTMENT_TARGET
        if (!Number.isInteger(target) || target < 1)
          return yield* new ValidationError({
            issues: [sayAt("directTarget", "whole-number-at-least", { min: "1" })]
          })
        const funds = yield* inDb(() => findFunds(db))
        const links = yield* inDb(() => aggregatedLpFundLinks(db, asOf))
        const members = programmeFunds(funds, links)
        const ledgers = yield* ledgersOf(
          funds.filter((f) => members.has(f.id)),
          asOf
        )
        const city = ledgers.filter((l) => l.fund.kind === "city-fund")
        const cityIds = new Set(city.map((l) => l.fund.id))
        const cityFigures = fundFigures(city, asOf)
        const { programme, subFunds } = programmeKpis(ledgers, members)

        const from = `${asOf.slice(0, 4)}-01-01`
        const tranches = yield* inDb(() => cityFundDirectTranches(db, { from, to: asOf }))
        return {
          asOf,
          cityFunds: city.map((l) => l.fund.code),
          committed: cityFigures.committed,
          paidIn: cityFigures.paidIn,
          calledPercent: cityFigures.calledPercent,
          committedToSubFunds: sum(
            ledgers.flatMap((l) =>
              l.commitments.filter((c) => c.lpFundId !== null && cityIds.has(c.lpFundId)).map((c) => c.amount)
            )
          ),
          programme,
          subFunds,
          directInvestments: directInvestmentKpis(directProjects(tranches), { from, to: asOf }, target)
        } satisfies CityFundKpis
      })

      const cityFundCommitted = (period: { readonly from: string; readonly to: string }) =>
        inDb(() => aggregatedCityFundCommitments(db, period)).pipe(
          Effect.withSpan("FundMetrics.cityFundCommitted")
        )

      // A project counts in the period of its first tranche of the year: read from the start of the
      // year of `from`, so a project begun before `from` in that year is not counted again.
      const cityFundDirectInvestments = (period: { readonly from: string; readonly to: string }) =>
        inDb(() =>
          cityFundDirectTranches(db, { from: `${period.from.slice(0, 4)}-01-01`, to: period.to })
        ).pipe(
          Effect.map(
            (tranches): Decimal =>
              new Yuan(directProjects(tranches).filter((p) => p.qualifying && p.on >= period.from).length)
          ),
          Effect.withSpan("FundMetrics.cityFundDirectInvestments")
        )

      /** The fund's live entries (one query; the accounts leave out those dated after their as-of day). */
      const liveLedger = Effect.fnUntraced(function* (code: string, to: string) {
        const [found] = yield* fundsNamed([code])
        return yield* inDb(() => findEntries(db, { fundId: found!.id, to, includeReversed: false }))
      })

      const lpAccounts = Effect.fn("FundMetrics.lpAccounts")(function* (
        code: string,
        options: { asOf?: string | undefined } = {}
      ) {
        const asOf = yield* resolveAsOf(options.asOf)
        return lpAccountsOf(code, yield* liveLedger(code, asOf), asOf)
      })

      const lpStatement = Effect.fn("FundMetrics.lpStatement")(function* (code: string, quarter: string) {
        const bounds = quarterBounds(quarter)
        if (bounds === undefined)
          return yield* new ValidationError({
            issues: [sayAt("quarter", "quarter-format")]
          })
        const today = yield* todayInShanghai
        if (bounds.from > today)
          return yield* new ValidationError({
            issues: [sayAt("quarter", "quarter-not-begun", { quarter: bounds.key, today })]
          })
        const closingOn = bounds.to < today ? bounds.to : today
        return lpStatementOf(code, yield* liveLedger(code, closingOn), bounds, closingOn)
      })

      return FundMetrics.of({
        fund,
        funds: fundsPooled,
        lookThrough: lookThroughOf,
        lpAccounts,
        lpStatement,
        groups,
        capital,
        deals,
        cityFund,
        cityFundCommitted,
        cityFundDirectInvestments
      })
    })
  )
}

/** Target measure `city-fund-committed` (see {@link FundMetrics}): wire it into `Targets`' measures. */
export const cityFundCommitted = (period: { readonly from: string; readonly to: string }) =>
  FundMetrics.use((m) => m.cityFundCommitted(period))

/** Target measure `city-fund-direct-investments` (see {@link FundMetrics}). */
export const cityFundDirectInvestments = (period: { readonly from: string; readonly to: string }) =>
  FundMetrics.use((m) => m.cityFundDirectInvestments(period))

// ---------------------------------------------------------------------------------------------------------
// Wire forms: money with two places, multiples and rates as numbers rounded for display
// ---------------------------------------------------------------------------------------------------------

/** A multiple or fraction for display: 6 decimal places, half-even (the Decimal stays exact). */
export const multipleToWire = (d: Decimal | null): string | null =>
  d === null ? null : d.toDecimalPlaces(6, Yuan.ROUND_HALF_EVEN).toFixed(6) // float-ok: Decimal.toFixed, exact

export const fundFiguresToJson = ({ noteMessages: _, ...f }: FundFigures) => ({
  ...f,
  committed: toWire(f.committed),
  paidIn: toWire(f.paidIn),
  unfunded: toWire(f.unfunded),
  calledPercent: multipleToWire(f.calledPercent),
  distributions: toWire(f.distributions),
  nav: f.nav === null ? null : toWire(f.nav),
  navMark: f.navMark === null ? null : toWire(f.navMark),
  navCallsSince: toWire(f.navCallsSince),
  navDistributionsSince: toWire(f.navDistributionsSince),
  navMarks: f.navMarks.map((b) => ({
    fund: b.fund,
    on: b.on,
    mark: toWire(b.mark),
    callsSince: toWire(b.callsSince),
    distributionsSince: toWire(b.distributionsSince),
    adjusted: toWire(b.adjusted)
  })),
  dpi: multipleToWire(f.dpi),
  rvpi: multipleToWire(f.rvpi),
  tvpi: multipleToWire(f.tvpi),
  invested: toWire(f.invested),
  exitProceeds: toWire(f.exitProceeds),
  remainingCost: toWire(f.remainingCost),
  holdingsValue: toWire(f.holdingsValue),
  grossMoic: multipleToWire(f.grossMoic),
  netIrr: f.netIrr,
  grossIrr: f.grossIrr
})

export const dealFiguresToJson = (d: DealFigures) => ({
  ...d,
  invested: toWire(d.invested),
  investedLocal: toWire(d.investedLocal),
  exitProceeds: toWire(d.exitProceeds),
  exitedCost: toWire(d.exitedCost),
  remainingCost: toWire(d.remainingCost),
  fairValue: toWire(d.fairValue),
  moic: multipleToWire(d.moic),
  grossIrr: d.grossIrr
})

export const cityFundKpisToJson = (k: CityFundKpis) => ({
  ...k,
  committed: toWire(k.committed),
  paidIn: toWire(k.paidIn),
  calledPercent: multipleToWire(k.calledPercent),
  committedToSubFunds: toWire(k.committedToSubFunds),
  programme: {
    ...k.programme,
    size: toWire(k.programme.size),
    government: toWire(k.programme.government),
    social: toWire(k.programme.social),
    leverage: multipleToWire(k.programme.leverage),
    socialMultiple: multipleToWire(k.programme.socialMultiple),
    grossOfInternal: toWire(k.programme.grossOfInternal),
    internal: toWire(k.programme.internal)
  },
  subFunds: k.subFunds.map((s) => ({
    ...s,
    size: toWire(s.size),
    government: toWire(s.government),
    cityFundCommitted: toWire(s.cityFundCommitted),
    leverage: multipleToWire(s.leverage),
    socialMultiple: multipleToWire(s.socialMultiple),
    invested: toWire(s.invested),
    investedLocal: toWire(s.investedLocal),
    reinvestMultiple: multipleToWire(s.reinvestMultiple),
    reinvestRequired: multipleToWire(s.reinvestRequired),
    reinvestCompletion: multipleToWire(s.reinvestCompletion)
  })),
  directInvestments: {
    ...k.directInvestments,
    amount: toWire(k.directInvestments.amount),
    byTechCategory: k.directInvestments.byTechCategory.map((c) => ({ ...c, amount: toWire(c.amount) })),
    projects: k.directInvestments.projects.map((p) => ({
      ...p,
      amount: toWire(p.amount),
      tranches: p.tranches.map((t) => ({ ...t, amount: toWire(t.amount) }))
    }))
  }
})
