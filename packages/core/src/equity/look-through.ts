import type { Decimal } from "decimal.js"
import { Schema } from "effect"
import { calledPercent, dpi, moic, rvpi, tvpi, type XirrResult, xirr } from "../finance/index.js"
import { noRate } from "../finance/xirr.js"
import { toWire, Yuan } from "../money/index.js"
import { Money } from "../money/wire.js"
import { operation } from "../operations/operation.js"
import { type Said, say } from "../text/messages.js"
import { BusinessDate } from "../time/index.js"
import { type Flow, lpFlowsOf, share } from "./accounts.js"
import { type Holding, type HoldingEvent, holdingOf } from "./metrics.js"
import { type CommitmentEntry, FundCode, type FundEntry, type InvestmentEntry } from "./schema.js"
import { IrrJson, Multiple } from "./wire.js"

/*
 * Look-through (穿透): any set of funds reported as one, each yuan counted once, and a fund of funds'
 * performance with its share of each fund it holds. Pure functions over live ledger entries dated on or
 * before the as-of day; the service (metrics.ts, `FundMetrics.lookThrough`) loads them.
 *
 * A *stake* is a commitment whose LP is a fund (`lpFund`): fund F holds a stake in fund G. Money on a stake
 * (the calls F pays into G, the part of G's distributions that goes to F) moves from one fund to another.
 *
 * Valuation. A fund's NAV mark values what it holds *directly* (its enterprise holdings and cash), never
 * its stakes in other funds: those are seen through.
 *
 *     direct NAV(F)  = latest mark of F on or before asOf
 *                      + calls of F's LPs dated after the mark − distributions to them dated after it
 *                      − calls F paid into funds it holds, dated after the mark
 *                      + distributions F received from them, dated after the mark
 *     stake NAV      = the held fund's look-through NAV shared by called capital among its LPs, to the fen
 *                      (the LP accounts' rule, accounts.ts)
 *     look-through NAV(F) = direct NAV(F) + Σ stake NAV of F's stakes
 *
 * A fund without a mark has no look-through NAV (null, with a note) unless nothing was ever called into it
 * (then 0); a stake in such a fund counts at called − distributed (`navAtCost`, noted), as a holding without
 * a valuation counts at its remaining cost. Funds that hold each other (a cycle) are noted; the stakes inside
 * the cycle are left out of the NAV.
 *
 * A set S of funds, pooled:
 *  - a commitment is *internal* when both its fund and its LP fund are in S; every other commitment into a
 *    fund of S is *external*;
 *  - committed, paid-in and distributions: the external commitments', their calls and their distributions
 *    (fund-level distributions shared among the LPs as the LP accounts share them; a distribution made
 *    before any commitment counts as external);
 *  - NAV = Σ look-through NAV of S's funds − Σ stake NAV of the internal commitments (what belongs to
 *    holders outside S); DPI, RVPI, TVPI from these; net IRR: −external calls, +external distributions,
 *    +NAV on asOf;
 *  - gross side: the enterprise holdings of S's funds (as the fund figures) and S's stakes in funds outside
 *    S (cost: the calls paid, proceeds: the distributions received, value: the stake NAV, or called −
 *    distributed when the held fund has none, noted); stakes inside S are left out;
 *  - `internal`: what was left out (commitments, calls, distributions, NAV of internal stakes), and
 *    `grossOfInternal`: the naive sums, for the reader to see what was not counted twice.
 *
 * One fund alone (S = {F}): every commitment into F is external, so the LP side is F's own, and the gross
 * side and NAV include F's share of each fund it holds (the city fund seen through its sub-funds).
 */

const ZERO = new Yuan(0)
const sum = (values: ReadonlyArray<Decimal>): Decimal => values.reduce((a, b) => a.plus(b), ZERO)
const flowSum = (flows: ReadonlyArray<Flow>): Decimal => sum(flows.map((f) => f.amount))

/** A fund as look-through needs it. */
export interface LookThroughFund {
  readonly code: string
  readonly name: string
}

/** One fund of the universe and its live entries dated on or before asOf. */
export interface LookThroughLedger {
  readonly fund: LookThroughFund
  readonly entries: ReadonlyArray<FundEntry>
  /**
   * Its enterprise holdings as the fund figures see them (metrics.ts: conversions and the warrants it
   * holds included); default: made from the investments, valuations and exits among `entries`.
   */
  readonly holdings?: ReadonlyArray<Holding> | undefined
}

/** One stake: fund `holder` is the LP of commitment `commitment` into fund `fund`. */
export interface Stake {
  readonly commitment: number
  /** The held fund. */
  readonly fund: string
  /** The fund that is the LP. */
  readonly holder: string
  readonly committed: Decimal
  readonly called: Decimal
  readonly distributed: Decimal
  /** Its share of the held fund's look-through NAV (called − distributed when the held fund has none). */
  readonly nav: Decimal
  /** The held fund has no look-through NAV (no mark): the stake counts at called − distributed. */
  readonly navAtCost: boolean
  /** Both funds in the set: left out of the pooled figures. */
  readonly internal: boolean
}

/** One fund seen through. */
export interface LookThroughFundFigures {
  readonly fund: string
  readonly name: string
  /** The mark it rests on (null: no mark). */
  readonly markOn: string | null
  readonly directNav: Decimal | null
  readonly nav: Decimal | null
  /** The stakes it holds in other funds. */
  readonly stakes: ReadonlyArray<Stake>
}

/** An external LP account of the set: counted in the pooled figures. */
export interface ExternalAccount {
  readonly commitment: number
  readonly fund: string
  readonly lpName: string
  readonly lpFund: string | null
  readonly committed: Decimal
  readonly called: Decimal
  readonly distributed: Decimal
}

export interface LookThroughFigures {
  readonly asOf: string
  /** The set (codes, as given). */
  readonly funds: ReadonlyArray<string>
  /** Funds outside the set that a fund of the set holds (directly or further down): seen through. */
  readonly heldOutside: ReadonlyArray<string>
  readonly committed: Decimal
  readonly paidIn: Decimal
  readonly unfunded: Decimal
  readonly calledPercent: Decimal | null
  readonly distributions: Decimal
  readonly nav: Decimal | null
  readonly dpi: Decimal | null
  readonly rvpi: Decimal | null
  readonly tvpi: Decimal | null
  readonly netIrr: XirrResult
  /** Enterprise investments and calls paid into funds held outside the set. */
  readonly invested: Decimal
  /** Exit proceeds and distributions received from funds held outside the set. */
  readonly exitProceeds: Decimal
  /** Fair value of the holdings and of the stakes in funds outside the set. */
  readonly holdingsValue: Decimal
  readonly grossMoic: Decimal | null
  readonly grossIrr: XirrResult
  /** Money moving inside the set: left out of every figure above. */
  readonly internal: {
    readonly committed: Decimal
    readonly called: Decimal
    readonly distributed: Decimal
    /** Σ stake NAV of the internal commitments. */
    readonly nav: Decimal
  }
  /** The naive sums over the set's funds, internal money included (what adding the funds would say). */
  readonly grossOfInternal: {
    readonly committed: Decimal
    readonly paidIn: Decimal
    readonly distributions: Decimal
  }
  /** The external LP accounts counted, fund by fund. */
  readonly accounts: ReadonlyArray<ExternalAccount>
  /** Each fund of the set seen through. */
  readonly perFund: ReadonlyArray<LookThroughFundFigures>
  readonly notes: ReadonlyArray<string>
  readonly noteMessages: ReadonlyArray<Said>
}

const irrOf = (flows: ReadonlyArray<{ date: string; amount: Decimal }>): XirrResult => {
  const live = flows.filter((f) => !f.amount.isZero())
  if (live.length === 0) return noRate(say("irr-no-flows"))
  return xirr(live.map((f) => ({ date: f.date, amount: f.amount })))
}

/** A fund's book: its LP flows, mark and enterprise holdings. */
interface Book {
  readonly fund: LookThroughFund
  readonly commitments: ReadonlyArray<CommitmentEntry>
  readonly calls: ReadonlyArray<ReadonlyArray<Flow>>
  readonly distributions: ReadonlyArray<ReadonlyArray<Flow>>
  readonly unattributed: ReadonlyArray<Flow>
  readonly mark: { readonly on: string; readonly nav: Decimal } | undefined
  readonly holdings: ReadonlyArray<Holding>
}

const bookOf = (ledger: LookThroughLedger, asOf: string): Book => {
  const entries = ledger.entries.filter((e) => e.on <= asOf && e.reversedBy === null && e.kind !== "reversal")
  const flows = lpFlowsOf(entries)
  const mark = entries.filter((e) => e.kind === "nav").at(-1)
  const investments = entries.filter((e): e is InvestmentEntry => e.kind === "investment")
  const holdings =
    ledger.holdings ??
    investments.map((i) =>
      holdingOf(
        {
          id: i.id,
          fundId: 0,
          on: i.on,
          cost: new Yuan(i.amount),
          district: i.district,
          techCategory: i.techCategory,
          mode: i.mode,
          instrument: i.instrument
        },
        entries.flatMap((e): ReadonlyArray<HoldingEvent> => {
          if (e.kind === "valuation" && e.investment === i.id)
            return [{ kind: "valuation", on: e.on, amount: e.fairValue, cost: ZERO }]
          if (e.kind === "exit" && e.investment === i.id)
            return [{ kind: "exit", on: e.on, amount: e.proceeds, cost: e.costBasis }]
          return []
        })
      )
    )
  return {
    fund: ledger.fund,
    ...flows,
    mark: mark?.kind === "nav" ? { on: mark.on, nav: mark.nav } : undefined,
    holdings
  }
}

/**
 * The set `codes` seen through, from `universe`: the ledgers of the set's funds and of every fund they hold
 * (directly or further down; a held fund missing from the universe is valued at called − distributed).
 */
export const lookThrough = (
  codes: ReadonlyArray<string>,
  universe: ReadonlyArray<LookThroughLedger>,
  asOf: string
): LookThroughFigures => {
  const noteMessages: Array<Said> = []
  const set = new Set(codes)
  const books = new Map(universe.map((l) => [l.fund.code, bookOf(l, asOf)]))

  // Every stake of the universe: by holder.
  interface RawStake {
    readonly fund: string
    readonly index: number
    readonly commitment: CommitmentEntry
    readonly holder: string
  }
  const stakesOf = new Map<string, Array<RawStake>>()
  for (const [code, book] of books)
    book.commitments.forEach((c, index) => {
      if (c.lpFund === null) return
      const list = stakesOf.get(c.lpFund) ?? []
      list.push({ fund: code, index, commitment: c, holder: c.lpFund })
      stakesOf.set(c.lpFund, list)
    })

  // Look-through NAV per fund (memoised), and each fund's NAV shared by called capital among its LPs.
  const ltNav = new Map<string, Decimal | null>()
  const navShares = new Map<string, ReadonlyArray<Decimal> | undefined>()
  const cycle = new Set<string>()
  const visiting: Array<string> = []

  /** Nothing called into it and no mark: nothing is in it yet (0), as a group member without a mark. */
  const isEmpty = (book: Book) => book.mark === undefined && book.calls.every((c) => flowSum(c).isZero())

  const directNavOf = (code: string): Decimal | null => {
    const book = books.get(code)
    if (book !== undefined && isEmpty(book)) return ZERO
    if (book?.mark === undefined) return null
    const markOn = book.mark.on
    const after = (flows: ReadonlyArray<Flow>) => sum(flows.filter((f) => f.on > markOn).map((f) => f.amount))
    let nav = book.mark.nav
      .plus(after(book.calls.flat()))
      .minus(after(book.distributions.flat()))
      .minus(after(book.unattributed))
    for (const s of stakesOf.get(code) ?? []) {
      const held = books.get(s.fund)!
      nav = nav.minus(after(held.calls[s.index]!)).plus(after(held.distributions[s.index]!))
    }
    return nav
  }

  /** Stakes valued at called − distributed: the held fund has no look-through NAV (commitment ids). */
  const atCostStakes = new Set<number>()
  const stakeNav = (s: RawStake): Decimal => {
    if (cycle.has(s.fund) && cycle.has(s.holder)) return ZERO
    const shared = navOf(s.fund) === null ? undefined : sharesOf(s.fund)?.[s.index]
    if (shared !== undefined) return shared
    atCostStakes.add(s.commitment.id)
    const held = books.get(s.fund)
    return held === undefined
      ? ZERO
      : flowSum(held.calls[s.index]!).minus(flowSum(held.distributions[s.index]!))
  }

  const sharesOf = (code: string): ReadonlyArray<Decimal> | undefined => {
    if (navShares.has(code)) return navShares.get(code)
    const nav = navOf(code)
    const book = books.get(code)!
    const shares =
      nav === null
        ? undefined
        : nav.isZero()
          ? book.calls.map(() => ZERO)
          : share(nav, book.calls.map(flowSum))
    navShares.set(code, shares)
    return shares
  }

  function navOf(code: string): Decimal | null {
    if (ltNav.has(code)) return ltNav.get(code)!
    const at = visiting.indexOf(code)
    if (at >= 0) {
      for (const c of visiting.slice(at)) cycle.add(c)
      return null
    }
    visiting.push(code)
    let nav = directNavOf(code)
    for (const s of stakesOf.get(code) ?? []) {
      if (!books.has(s.fund)) continue
      const held = s.fund === code ? ZERO : stakeNav(s)
      nav = nav === null ? null : nav.plus(held)
    }
    visiting.pop()
    ltNav.set(code, nav)
    return nav
  }

  for (const code of books.keys()) navOf(code)
  if (cycle.size > 0) {
    // Values computed while the cycle was open are stale: compute again with its stakes left out.
    ltNav.clear()
    navShares.clear()
    atCostStakes.clear()
    for (const code of books.keys()) navOf(code)
    noteMessages.push(say("note-look-through-cycle", { funds: [...cycle].sort().join(", ") }))
  }

  const stakeFigures = (s: RawStake): Stake => {
    const held = books.get(s.fund)!
    return {
      commitment: s.commitment.id,
      fund: s.fund,
      holder: s.holder,
      committed: s.commitment.amount,
      called: flowSum(held.calls[s.index]!),
      distributed: flowSum(held.distributions[s.index]!),
      nav: stakeNav(s),
      navAtCost: atCostStakes.has(s.commitment.id),
      internal: set.has(s.fund) && set.has(s.holder)
    }
  }

  const members = codes.map((c) => books.get(c)).filter((b): b is Book => b !== undefined)
  const perFund = members.map(
    (b): LookThroughFundFigures => ({
      fund: b.fund.code,
      name: b.fund.name,
      markOn: b.mark?.on ?? null,
      directNav: directNavOf(b.fund.code),
      nav: navOf(b.fund.code),
      stakes: (stakesOf.get(b.fund.code) ?? []).filter((s) => books.has(s.fund)).map(stakeFigures)
    })
  )

  // The LP side: external commitments of the set's funds.
  const accounts: Array<ExternalAccount> = []
  const netFlows: Array<{ date: string; amount: Decimal }> = []
  let internalCommitted = ZERO
  let internalCalled = ZERO
  let internalDistributed = ZERO
  let grossCommitted = ZERO
  let grossPaidIn = ZERO
  let grossDistributions = ZERO
  let unattributed = ZERO
  for (const b of members) {
    b.commitments.forEach((c, i) => {
      const called = flowSum(b.calls[i]!)
      const distributed = flowSum(b.distributions[i]!)
      grossCommitted = grossCommitted.plus(c.amount)
      grossPaidIn = grossPaidIn.plus(called)
      grossDistributions = grossDistributions.plus(distributed)
      if (c.lpFund !== null && set.has(c.lpFund)) {
        internalCommitted = internalCommitted.plus(c.amount)
        internalCalled = internalCalled.plus(called)
        internalDistributed = internalDistributed.plus(distributed)
        return
      }
      accounts.push({
        commitment: c.id,
        fund: b.fund.code,
        lpName: c.lpName,
        lpFund: c.lpFund,
        committed: c.amount,
        called,
        distributed
      })
      for (const f of b.calls[i]!) netFlows.push({ date: f.on, amount: f.amount.negated() })
      for (const f of b.distributions[i]!) netFlows.push({ date: f.on, amount: f.amount })
    })
    for (const f of b.unattributed) {
      unattributed = unattributed.plus(f.amount)
      grossDistributions = grossDistributions.plus(f.amount)
      netFlows.push({ date: f.on, amount: f.amount })
    }
  }
  const committed = sum(accounts.map((a) => a.committed))
  const paidIn = sum(accounts.map((a) => a.called))
  const distributions = sum(accounts.map((a) => a.distributed)).plus(unattributed)

  // NAV: what belongs to holders outside the set.
  const internalStakes = members.flatMap((b) =>
    (stakesOf.get(b.fund.code) ?? []).filter((s) => set.has(s.fund) && books.has(s.fund))
  )
  const internalNav = sum(internalStakes.map(stakeNav))
  const memberNavs = perFund.map((f) => f.nav)
  const unmarked = perFund.filter((f) => f.nav === null).map((f) => f.fund)
  const nav = unmarked.length > 0 ? null : sum(memberNavs as Array<Decimal>).minus(internalNav)
  if (unmarked.length > 0) {
    // Name the funds without a mark (the set's or those they hold).
    noteMessages.push(say("note-look-through-no-mark", { asOf, funds: unmarked.join(", ") }))
  }
  if (paidIn.isZero()) noteMessages.push(say("note-nothing-paid-in"))

  // The gross side: enterprise holdings and stakes in funds outside the set.
  const holdings = members.flatMap((b) => b.holdings)
  const outsideStakes = members.flatMap((b) =>
    (stakesOf.get(b.fund.code) ?? []).filter((s) => !set.has(s.fund))
  )
  let stakeCost = ZERO
  let stakeProceeds = ZERO
  let stakeValue = ZERO
  const grossFlows: Array<{ date: string; amount: Decimal }> = []
  const atCost: Array<string> = []
  for (const s of outsideStakes) {
    const held = books.get(s.fund)
    if (held === undefined) {
      atCost.push(s.fund)
      continue
    }
    const calls = held.calls[s.index]!
    const dists = held.distributions[s.index]!
    stakeCost = stakeCost.plus(flowSum(calls))
    stakeProceeds = stakeProceeds.plus(flowSum(dists))
    for (const f of calls) grossFlows.push({ date: f.on, amount: f.amount.negated() })
    for (const f of dists) grossFlows.push({ date: f.on, amount: f.amount })
    stakeValue = stakeValue.plus(stakeNav(s))
  }
  // Every stake of the universe is the set's or below it: each valued at cost is noted.
  for (const book of books.values())
    for (const c of book.commitments) if (atCostStakes.has(c.id)) atCost.push(book.fund.code)
  if (atCost.length > 0)
    noteMessages.push(
      say("note-look-through-stake-at-cost", {
        count: String(atCost.length),
        funds: [...new Set(atCost)].sort().join(", ")
      })
    )
  const unvalued = holdings.filter((h) => h.valuedOn === null && h.remainingCost.gt(0)).length
  if (unvalued > 0) noteMessages.push(say("note-unvalued-holdings", { count: String(unvalued), asOf }))
  for (const h of holdings) {
    grossFlows.push({ date: h.on, amount: h.cost.negated() })
    for (const e of h.exits) grossFlows.push({ date: e.on, amount: e.proceeds })
  }
  const invested = sum(holdings.map((h) => h.cost)).plus(stakeCost)
  const exitProceeds = sum(holdings.map((h) => h.exitProceeds)).plus(stakeProceeds)
  const holdingsValue = sum(holdings.map((h) => h.fairValue)).plus(stakeValue)

  const heldOutside = new Set<string>()
  const walk = (code: string) => {
    for (const s of stakesOf.get(code) ?? [])
      if (!set.has(s.fund) && !heldOutside.has(s.fund)) {
        heldOutside.add(s.fund)
        walk(s.fund)
      }
  }
  for (const code of codes) walk(code)

  return {
    asOf,
    funds: [...codes],
    heldOutside: [...heldOutside].sort(),
    committed,
    paidIn,
    unfunded: committed.minus(paidIn),
    calledPercent: calledPercent({ paidIn, committed }),
    distributions,
    nav,
    dpi: dpi({ distributions, paidIn }),
    rvpi: nav === null ? null : rvpi({ nav, paidIn }),
    tvpi: nav === null ? null : tvpi({ distributions, nav, paidIn }),
    netIrr:
      nav === null
        ? noRate(say("irr-no-look-through-nav", { asOf }))
        : irrOf([...netFlows, { date: asOf, amount: nav }]),
    invested,
    exitProceeds,
    holdingsValue,
    grossMoic: moic({ proceeds: exitProceeds, fairValue: holdingsValue, cost: invested }),
    grossIrr: irrOf([...grossFlows, { date: asOf, amount: holdingsValue }]),
    internal: {
      committed: internalCommitted,
      called: internalCalled,
      distributed: internalDistributed,
      nav: internalNav
    },
    grossOfInternal: { committed: grossCommitted, paidIn: grossPaidIn, distributions: grossDistributions },
    accounts,
    perFund,
    notes: noteMessages.map((n) => n.message),
    noteMessages
  }
}

// ---------------------------------------------------------------------------------------------------------
// Wire form
// ---------------------------------------------------------------------------------------------------------

const money = (d: Decimal | null) => (d === null ? null : toWire(d))
const multiple = (d: Decimal | null): string | null =>
  d === null ? null : d.toDecimalPlaces(6, Yuan.ROUND_HALF_EVEN).toFixed(6) // float-ok: Decimal.toFixed, exact

export const lookThroughToJson = ({ noteMessages: _, ...f }: LookThroughFigures) => ({
  ...f,
  committed: toWire(f.committed),
  paidIn: toWire(f.paidIn),
  unfunded: toWire(f.unfunded),
  calledPercent: multiple(f.calledPercent),
  distributions: toWire(f.distributions),
  nav: money(f.nav),
  dpi: multiple(f.dpi),
  rvpi: multiple(f.rvpi),
  tvpi: multiple(f.tvpi),
  invested: toWire(f.invested),
  exitProceeds: toWire(f.exitProceeds),
  holdingsValue: toWire(f.holdingsValue),
  grossMoic: multiple(f.grossMoic),
  internal: {
    committed: toWire(f.internal.committed),
    called: toWire(f.internal.called),
    distributed: toWire(f.internal.distributed),
    nav: toWire(f.internal.nav)
  },
  grossOfInternal: {
    committed: toWire(f.grossOfInternal.committed),
    paidIn: toWire(f.grossOfInternal.paidIn),
    distributions: toWire(f.grossOfInternal.distributions)
  },
  accounts: f.accounts.map((a) => ({
    ...a,
    committed: toWire(a.committed),
    called: toWire(a.called),
    distributed: toWire(a.distributed)
  })),
  perFund: f.perFund.map((p) => ({
    ...p,
    directNav: money(p.directNav),
    nav: money(p.nav),
    stakes: p.stakes.map(stakeToJson)
  })),
  // Every fund's stakes in one table, as the pages show them: what the read's export writes.
  stakes: f.perFund.flatMap((p) => p.stakes.map(stakeToJson))
})

const stakeToJson = (s: LookThroughFigures["perFund"][number]["stakes"][number]) => ({
  ...s,
  committed: toWire(s.committed),
  called: toWire(s.called),
  distributed: toWire(s.distributed),
  nav: toWire(s.nav)
})

const NullMoney = Schema.NullOr(Money)
const NullMultiple = Schema.NullOr(Multiple)

const StakeJson = Schema.Struct({
  commitment: Schema.Int,
  fund: FundCode,
  holder: FundCode,
  committed: Money,
  called: Money,
  distributed: Money,
  nav: Money,
  navAtCost: Schema.Boolean,
  internal: Schema.Boolean
}).annotate({ identifier: "LookThroughStake" })

/** What `lookThroughToJson` writes. */
export const LookThroughJson = Schema.Struct({
  asOf: BusinessDate,
  funds: Schema.Array(FundCode).annotate({ description: "The set seen through." }),
  heldOutside: Schema.Array(FundCode).annotate({
    description: "Funds outside the set that it holds (directly or further down), valued through their NAV."
  }),
  committed: Money,
  paidIn: Money,
  unfunded: Money,
  calledPercent: NullMultiple,
  distributions: Money,
  nav: NullMoney.annotate({
    description: "Look-through NAV of the set: what belongs to its LPs outside it; null without a mark."
  }),
  dpi: NullMultiple,
  rvpi: NullMultiple,
  tvpi: NullMultiple,
  netIrr: IrrJson,
  invested: Money,
  exitProceeds: Money,
  holdingsValue: Money,
  grossMoic: NullMultiple,
  grossIrr: IrrJson,
  internal: Schema.Struct({
    committed: Money,
    called: Money,
    distributed: Money,
    nav: Money
  }).annotate({ description: "Money moving inside the set: left out of every figure." }),
  grossOfInternal: Schema.Struct({ committed: Money, paidIn: Money, distributions: Money }).annotate({
    description: "The naive sums over the set's funds (internal money counted again)."
  }),
  accounts: Schema.Array(
    Schema.Struct({
      commitment: Schema.Int,
      fund: FundCode,
      lpName: Schema.String,
      lpFund: Schema.NullOr(FundCode),
      committed: Money,
      called: Money,
      distributed: Money
    }).annotate({ identifier: "LookThroughAccount" })
  ).annotate({ description: "The external LP accounts counted." }),
  perFund: Schema.Array(
    Schema.Struct({
      fund: FundCode,
      name: Schema.String,
      markOn: Schema.NullOr(BusinessDate),
      directNav: NullMoney,
      nav: NullMoney,
      stakes: Schema.Array(StakeJson)
    }).annotate({ identifier: "LookThroughFund" })
  ),
  stakes: Schema.Array(StakeJson).annotate({
    description: "Every stake of `perFund`, in its order: the table the pages show and the export writes."
  }),
  notes: Schema.Array(Schema.String)
}).annotate({
  identifier: "LookThrough",
  description:
    "A set of funds seen through: commitments, calls and distributions between funds of the set are left out " +
    "(shown as `internal`), and each fund's stakes in the funds it holds count at their share of those funds' NAV."
})

/** Comma-separated fund codes (`wz-city,wz-sub`). */
const FundCodeList = Schema.String.check(
  Schema.makeFilter(
    (text: string) =>
      text
        .split(",")
        .every((code) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code.trim()) && code.trim().length <= 64) ||
      'must be fund codes separated by commas, like "wz-city,wz-angel-1"',
    { expected: "fund codes separated by commas" }
  )
)

export const LookThroughInput = Schema.Struct({
  asOf: Schema.optional(BusinessDate),
  /** Comma-separated fund codes; default every city fund. */
  funds: Schema.optional(FundCodeList)
})

/** The codes of a `funds` list. */
export const codesOf = (text: string | undefined): ReadonlyArray<string> | undefined =>
  text === undefined ? undefined : text.split(",").map((c) => c.trim())

export const fundLookThrough = operation({
  name: "funds.lookThrough",
  write: false,
  exportTable: "stakes",
  permission: "funds.read",
  input: LookThroughInput,
  output: LookThroughJson,
  toJson: lookThroughToJson,
  summary: { en: "Funds seen through (look-through)", zh: "基金穿透" },
  description:
    "Any set of funds reported as one without counting money that moves inside it: a commitment, call or " +
    "distribution between two funds of the set is left out (and shown as `internal`); the stakes a fund holds " +
    "in other funds count at their share (by called capital) of those funds' look-through NAV, so the city " +
    "fund's performance includes its share of each sub-fund's NAV and distributions. A fund's NAV mark is " +
    "taken to value what it holds directly (enterprise holdings and cash). Default set: the city funds.",
  http: {
    method: "get",
    path: "/api/v1/metrics/look-through",
    operationId: "getFundLookThrough",
    tag: "funds",
    query: [
      {
        name: "funds",
        description: "Fund codes separated by commas; default every city fund.",
        example: "wz-city,wz-angel-1"
      },
      {
        name: "asOf",
        description: "The day the figures are as of; default today in Asia/Shanghai.",
        example: "2025-12-31",
        schema: BusinessDate
      }
    ],
    ok: { description: "The set's figures, what was left out as internal, and each fund seen through." },
    notFound: "No fund has one of the codes."
  }
})
