import type { Decimal } from "decimal.js"
import { dpi, rvpi, tvpi, type XirrResult, xirr } from "../finance/index.js"
import { noRate } from "../finance/xirr.js"
import { toWire, Yuan } from "../money/index.js"
import { type Said, say } from "../text/messages.js"
import { addDays } from "../time/dates.js"
import { allocateProRata, isAllocationProblem } from "./allocation.js"
import type { CommitmentEntry, FundEntry, LpType } from "./schema.js"

/*
 * LP capital accounts (每个出资人的资本账户) and the quarterly LP statement, from a fund's live ledger
 * entries dated on or before the as-of date. Each account is one commitment:
 *
 *  - committed, called (its calls), uncalled = committed − called;
 *  - distributed: the lines of pro-rata distributions that name it, plus its part of every distribution
 *    recorded for the fund as a whole, shared by paid-in capital on that distribution's date (by commitment
 *    when nothing was paid in yet), to the fen by the allocation rule of allocation.ts;
 *  - share of NAV: the fund's NAV rolled forward (the latest mark on or before asOf + calls − distributions
 *    dated after it, as the fund figures) shared by called capital, to the fen by the same rule (a negative
 *    adjusted NAV is shared as it is); null when the fund has no mark;
 *  - DPI = distributed / called, RVPI = NAV share / called, TVPI = (distributed + NAV share) / called; null
 *    when nothing is called;
 *  - IRR: XIRR of −its calls, +its distributions and +its NAV share on asOf (Actual/365), or why there is none.
 *
 * The accounts add up to the fund: Σ called = paid-in, Σ distributed = distributions, Σ NAV shares = NAV.
 *
 * The statement of a quarter, per LP: opening balance (its NAV share at the end of the day before the
 * quarter), + calls, − distributions (dated in the quarter), + NAV change (the rest: gains and losses,
 * fees, the share moving with other LPs' calls), = closing balance (its NAV share at the quarter's end).
 * An LP with nothing called and nothing distributed has a balance of 0.00 without a mark.
 */

export interface LpAccount {
  readonly commitment: number
  readonly lpName: string
  readonly lpType: LpType
  readonly lpFund: string | null
  readonly committedOn: string
  readonly committed: Decimal
  readonly called: Decimal
  readonly uncalled: Decimal
  readonly distributed: Decimal
  /** called / the fund's called capital (0.25 = 25 %); null when the fund has nothing called. */
  readonly calledShare: Decimal | null
  /** Its share of the fund's rolled-forward NAV; null without a mark (or nothing called in the fund). */
  readonly nav: Decimal | null
  readonly dpi: Decimal | null
  readonly rvpi: Decimal | null
  readonly tvpi: Decimal | null
  readonly irr: XirrResult
}

export interface LpAccounts {
  readonly fund: string
  readonly asOf: string
  /** The fund's NAV rolled forward to asOf; null without a mark. */
  readonly nav: Decimal | null
  /** The mark it rests on. */
  readonly navDate: string | null
  readonly committed: Decimal
  readonly called: Decimal
  readonly uncalled: Decimal
  readonly distributed: Decimal
  /** One account per live commitment dated on or before asOf, in the ledger's order (date, then id). */
  readonly accounts: ReadonlyArray<LpAccount>
  readonly notes: ReadonlyArray<string>
  /** The notes as the message catalogue says them (code and parameters), for a face in another language. */
  readonly noteMessages: ReadonlyArray<Said>
}

const ZERO = new Yuan(0)
const sum = (values: ReadonlyArray<Decimal>): Decimal => values.reduce((a, b) => a.plus(b), ZERO)
const ratio = (n: Decimal, d: Decimal): Decimal | null => (d.isZero() ? null : new Yuan(n).div(d))

export interface Flow {
  readonly on: string
  readonly amount: Decimal
}

/** `amount` shared by `weights` (to the fen, allocation.ts), its sign kept; undefined when no weight is above 0. */
export const share = (
  amount: Decimal,
  weights: ReadonlyArray<Decimal>
): ReadonlyArray<Decimal> | undefined => {
  const shares = allocateProRata(
    amount.abs(),
    weights.map((weight) => ({ weight }))
  )
  if (isAllocationProblem(shares)) return undefined
  return amount.isNegative() ? shares.map((s) => s.negated()) : shares
}

/**
 * Each commitment's dated calls and distributions from a fund's live entries dated on or before the as-of
 * day (the rule of this module's comment): the lines of pro-rata distributions that name it, plus its part
 * of every fund-level distribution, shared by paid-in capital on that day (by commitment when nothing was
 * paid in yet), to the fen. `unattributed`: fund-level distributions before any commitment.
 */
export const lpFlowsOf = (
  entries: ReadonlyArray<FundEntry>
): {
  readonly commitments: ReadonlyArray<CommitmentEntry>
  readonly calls: ReadonlyArray<ReadonlyArray<Flow>>
  readonly distributions: ReadonlyArray<ReadonlyArray<Flow>>
  readonly unattributed: ReadonlyArray<Flow>
} => {
  const commitments = entries.filter((e): e is CommitmentEntry => e.kind === "commitment")
  const index = new Map(commitments.map((c, i) => [c.id, i]))
  const calls: Array<Array<Flow>> = commitments.map(() => [])
  const distributions: Array<Array<Flow>> = commitments.map(() => [])
  const calledOn = (i: number, on: string) => sum(calls[i]!.filter((f) => f.on <= on).map((f) => f.amount))
  const unattributed: Array<Flow> = []
  // Entries in the ledger's order: a fund-level distribution is shared by the calls dated up to its day.
  for (const e of entries) {
    if (e.kind === "call") {
      const i = index.get(e.commitment)
      if (i !== undefined) calls[i]!.push({ on: e.on, amount: e.amount })
    } else if (e.kind === "distribution") {
      const i = e.commitment === null ? undefined : index.get(e.commitment)
      if (i !== undefined) {
        distributions[i]!.push({ on: e.on, amount: e.amount })
        continue
      }
      const open = commitments.map((c) => c.on <= e.on)
      const paidIn = commitments.map((_, j) => (open[j] ? calledOn(j, e.on) : ZERO))
      const shares =
        share(e.amount, paidIn) ??
        share(
          e.amount,
          commitments.map((c, j) => (open[j] ? c.amount : ZERO))
        )
      if (shares === undefined) unattributed.push({ on: e.on, amount: e.amount })
      else
        shares.forEach((s, j) => {
          if (!s.isZero()) distributions[j]!.push({ on: e.on, amount: s })
        })
    }
  }
  return { commitments, calls, distributions, unattributed }
}

/** The accounts of a fund's LPs as of `asOf`, from its live entries (any dates; later ones are left out). */
export const lpAccountsOf = (
  fund: string,
  allEntries: ReadonlyArray<FundEntry>,
  asOf: string
): LpAccounts => {
  const entries = allEntries.filter((e) => e.on <= asOf && e.reversedBy === null && e.kind !== "reversal")
  const notes: Array<Said> = []
  const { commitments, calls, distributions, unattributed: unshared } = lpFlowsOf(entries)
  const unattributed = sum(unshared.map((f) => f.amount))
  if (!unattributed.isZero()) notes.push(say("note-lp-unattributed", { amount: toWire(unattributed) }))

  const called = calls.map((flows) => sum(flows.map((f) => f.amount)))
  const distributed = distributions.map((flows) => sum(flows.map((f) => f.amount)))
  const fundCalled = sum(called)
  const fundDistributed = sum(entries.flatMap((e) => (e.kind === "distribution" ? [e.amount] : [])))

  const mark = entries.filter((e) => e.kind === "nav").at(-1)
  let nav: Decimal | null = null
  if (mark === undefined) {
    if (commitments.length > 0) notes.push(say("note-lp-no-nav-mark", { asOf }))
  } else {
    const since = (kind: "call" | "distribution") =>
      sum(entries.flatMap((e) => (e.kind === kind && e.on > mark.on ? [e.amount] : [])))
    nav = mark.nav.plus(since("call")).minus(since("distribution"))
  }
  let navShares: ReadonlyArray<Decimal> | undefined
  if (nav !== null) {
    navShares = share(nav, called)
    if (navShares === undefined && commitments.length > 0) notes.push(say("note-lp-nothing-called"))
  }

  const accounts = commitments.map((c, i): LpAccount => {
    const lpNav = navShares?.[i] ?? null
    const flows = [
      ...calls[i]!.map((f) => ({ date: f.on, amount: f.amount.negated() })),
      ...distributions[i]!.map((f) => ({ date: f.on, amount: f.amount })),
      ...(lpNav === null ? [] : [{ date: asOf, amount: lpNav }])
    ].filter((f) => !f.amount.isZero())
    const irr: XirrResult =
      lpNav === null
        ? noRate(say("irr-no-nav-share", { asOf }))
        : flows.length === 0
          ? noRate(say("irr-no-flows"))
          : xirr(flows)
    const paidIn = called[i]!
    return {
      commitment: c.id,
      lpName: c.lpName,
      lpType: c.lpType,
      lpFund: c.lpFund,
      committedOn: c.on,
      committed: c.amount,
      called: paidIn,
      uncalled: c.amount.minus(paidIn),
      distributed: distributed[i]!,
      calledShare: ratio(paidIn, fundCalled),
      nav: lpNav,
      dpi: dpi({ distributions: distributed[i]!, paidIn }),
      rvpi: lpNav === null ? null : rvpi({ nav: lpNav, paidIn }),
      tvpi: lpNav === null ? null : tvpi({ distributions: distributed[i]!, nav: lpNav, paidIn }),
      irr
    }
  })
  const committed = sum(commitments.map((c) => c.amount))
  return {
    fund,
    asOf,
    nav,
    navDate: mark?.on ?? null,
    committed,
    called: fundCalled,
    uncalled: committed.minus(fundCalled),
    distributed: fundDistributed,
    accounts,
    ...notesOf(notes)
  }
}

/** The notes in English and as the catalogue says them, each message once. */
const notesOf = (
  said: ReadonlyArray<Said>
): { notes: ReadonlyArray<string>; noteMessages: ReadonlyArray<Said> } => {
  const noteMessages = [...new Map(said.map((n) => [n.message, n])).values()]
  return { notes: noteMessages.map((n) => n.message), noteMessages }
}

// ---------------------------------------------------------------------------------------------------------
// The quarterly statement
// ---------------------------------------------------------------------------------------------------------

/** A calendar quarter as `2025Q4` (also `2025-Q4`, `2025q4`). */
export const quarterPattern = /^(\d{4})-?[Qq]([1-4])$/

/** The quarter's first and last days, or undefined for text that is not a quarter. */
export const quarterBounds = (quarter: string): { from: string; to: string; key: string } | undefined => {
  const m = quarterPattern.exec(quarter.trim())
  if (m === null) return undefined
  const year = m[1]!
  const q = Number(m[2])
  const first = String(q * 3 - 2).padStart(2, "0")
  const nextYear = q === 4 ? String(Number(year) + 1) : year
  const next = q === 4 ? "01" : String(q * 3 + 1).padStart(2, "0")
  return { key: `${year}Q${q}`, from: `${year}-${first}-01`, to: addDays(`${nextYear}-${next}-01`, -1) }
}

export interface LpStatementRow {
  readonly commitment: number
  readonly lpName: string
  readonly lpType: LpType
  readonly lpFund: string | null
  readonly committed: Decimal
  /** Its NAV share at the end of the day before the quarter; null without a mark. */
  readonly opening: Decimal | null
  readonly calls: Decimal
  readonly distributions: Decimal
  /** closing − opening − calls + distributions; null when a balance is. */
  readonly navChange: Decimal | null
  readonly closing: Decimal | null
}

export interface LpStatement {
  readonly fund: string
  readonly quarter: string
  readonly from: string
  readonly to: string
  /** The day the closing balances are as of: the quarter's last day, or today in a quarter not yet over. */
  readonly closingOn: string
  readonly rows: ReadonlyArray<LpStatementRow>
  /** The fund's line: each column summed over the LPs (null when a row's is). */
  readonly total: Omit<LpStatementRow, "commitment" | "lpName" | "lpType" | "lpFund">
  readonly notes: ReadonlyArray<string>
  /** The notes as the message catalogue says them (code and parameters), for a face in another language. */
  readonly noteMessages: ReadonlyArray<Said>
}

const sumOrNull = (values: ReadonlyArray<Decimal | null>): Decimal | null =>
  values.some((v) => v === null) ? null : sum(values as ReadonlyArray<Decimal>)

/** A balance: its NAV share, or 0.00 for an account with nothing called or distributed yet. */
const balanceOf = (a: LpAccount | undefined): Decimal | null =>
  a === undefined || (a.called.isZero() && a.distributed.isZero() && a.nav === null) ? ZERO : a.nav

/** The statement of the quarter `from`..`to` (closing as of `closingOn`) from the fund's live entries. */
export const lpStatementOf = (
  fund: string,
  entries: ReadonlyArray<FundEntry>,
  quarter: { readonly key: string; readonly from: string; readonly to: string },
  closingOn: string
): LpStatement => {
  const opening = lpAccountsOf(fund, entries, addDays(quarter.from, -1))
  const closing = lpAccountsOf(fund, entries, closingOn)
  const openingOf = new Map(opening.accounts.map((a) => [a.commitment, a]))
  const rows = closing.accounts.map((c): LpStatementRow => {
    const o = openingOf.get(c.commitment)
    const open = balanceOf(o)
    const close = balanceOf(c)
    const calls = c.called.minus(o?.called ?? ZERO)
    const distributions = c.distributed.minus(o?.distributed ?? ZERO)
    return {
      commitment: c.commitment,
      lpName: c.lpName,
      lpType: c.lpType,
      lpFund: c.lpFund,
      committed: c.committed,
      opening: open,
      calls,
      distributions,
      navChange: open === null || close === null ? null : close.minus(open).minus(calls).plus(distributions),
      closing: close
    }
  })
  return {
    fund,
    quarter: quarter.key,
    from: quarter.from,
    to: quarter.to,
    closingOn,
    rows,
    total: {
      committed: sum(rows.map((r) => r.committed)),
      opening: sumOrNull(rows.map((r) => r.opening)),
      calls: sum(rows.map((r) => r.calls)),
      distributions: sum(rows.map((r) => r.distributions)),
      navChange: sumOrNull(rows.map((r) => r.navChange)),
      closing: sumOrNull(rows.map((r) => r.closing))
    },
    ...notesOf([...opening.noteMessages, ...closing.noteMessages])
  }
}
