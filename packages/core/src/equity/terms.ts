import { Decimal } from "decimal.js"
import { Schema } from "effect"
import type { Generated, Kysely, Selectable } from "kysely"
import { toWire, Yuan } from "../money/index.js"
import { Money } from "../money/wire.js"
import type { DB } from "../store/schema.js"
import { toInt } from "../store/schema.js"
import { checkMessage } from "../text/messages.js"
import { addDays, BusinessDate } from "../time/index.js"
import { type FeeStatement, managementFee } from "./fees.js"
import { FundCode, type FundEntry, isLive } from "./schema.js"
import {
  americanClawback,
  americanWaterfall,
  type Deal,
  europeanWaterfall,
  type TierSplit,
  type WaterfallTerms
} from "./waterfall.js"

/*
 * Fund terms (基金条款): the management fee, the investment period, the hurdle, the carry, the catch-up and
 * the waterfall type, per fund, versioned (a change is a new version with its date and author; the latest
 * is the terms). From them and the ledger: the fee schedule and each distribution's LP / GP split, by the
 * pure functions of fees.ts and waterfall.ts (rules and worked examples: fees-and-waterfalls.md).
 */

export const WaterfallType = Schema.Literals(["european", "american"])
export type WaterfallType = typeof WaterfallType.Type

/** A rate as exact text, a fraction from 0 to 1 with at most 6 decimal places: "0.02" = 2 %. */
const Fraction = (what: string, example: string) =>
  Schema.Trim.check(
    Schema.makeFilter(
      (text: string) =>
        (/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/.test(text) && new Decimal(text).lte(1)) ||
        `${what} must be a fraction from 0 to 1 with at most 6 decimal places, like "${example}"`,
      { expected: "a fraction from 0 to 1 written as text" }
    )
  )

const catchUpRule = Schema.makeFilter((t: { carry: string; catchUp: string }) => {
  const u = new Decimal(t.catchUp)
  return u.isZero() || u.gt(t.carry)
    ? true
    : { path: ["catchUp"], issue: checkMessage("fund-terms-catch-up") }
})

/** `POST /api/v1/funds/{code}/terms`: the fund's terms from now on (a new version). */
export const FundTermsInput = Schema.Struct({
  fund: FundCode,
  /** The fee a year on the committed capital during the investment period: "0.02" = 2 %. */
  feeRateOnCommitment: Fraction("the fee rate on commitment", "0.02"),
  /** The fee a year on the invested cost still held, from the end of the investment period on. */
  feeRateOnCost: Fraction("the fee rate on cost", "0.015"),
  /** The first day after the investment period (fees on invested cost from this day on). */
  investmentPeriodEnd: BusinessDate,
  /** The preferred return a year, compounded Actual/365: "0.08" = 8 %. */
  hurdle: Fraction("the hurdle", "0.08"),
  /** The GP's carried interest: "0.2" = 20 %. */
  carry: Fraction("the carry", "0.2"),
  /** The GP's share of the catch-up tier: "1" = full catch-up, "0" = none; else above the carry. */
  catchUp: Fraction("the catch-up", "1"),
  waterfall: WaterfallType
}).check(catchUpRule)
export type FundTermsInputJson = typeof FundTermsInput.Encoded

export interface FundTerms {
  readonly fund: string
  readonly version: number
  readonly feeRateOnCommitment: Decimal
  readonly feeRateOnCost: Decimal
  readonly investmentPeriodEnd: string
  readonly hurdle: Decimal
  readonly carry: Decimal
  readonly catchUp: Decimal
  readonly waterfall: WaterfallType
  readonly changedAt: string
  readonly changedBy: string
  readonly journalSeq: number
}

// ---------------------------------------------------------------------------------------------------------
// Store
// ---------------------------------------------------------------------------------------------------------

type Int = number | bigint | string

interface FundTermsTable {
  id: Generated<Int>
  journal_id: Int
  fund_id: Int
  version: Int
  fee_rate_commitment: string
  fee_rate_cost: string
  investment_period_end: string
  hurdle: string
  carry: string
  catch_up: string
  waterfall: string
  changed_at: string
  changed_by: string
}

declare module "../store/schema.js" {
  interface DB {
    fund_terms: FundTermsTable
  }
}

const termsOf = (fund: string, r: Selectable<FundTermsTable>): FundTerms => ({
  fund,
  version: toInt(r.version),
  feeRateOnCommitment: new Yuan(r.fee_rate_commitment),
  feeRateOnCost: new Yuan(r.fee_rate_cost),
  investmentPeriodEnd: r.investment_period_end,
  hurdle: new Yuan(r.hurdle),
  carry: new Yuan(r.carry),
  catchUp: new Yuan(r.catch_up),
  waterfall: r.waterfall === "american" ? "american" : "european",
  changedAt: r.changed_at,
  changedBy: r.changed_by,
  journalSeq: toInt(r.journal_id)
})

/** Every version of a fund's terms, the latest first. */
export const findFundTerms = async (
  db: Kysely<DB>,
  fund: { readonly id: number; readonly code: string }
): Promise<ReadonlyArray<FundTerms>> => {
  const rows = await db
    .selectFrom("fund_terms")
    .selectAll()
    .where("fund_id", "=", fund.id)
    .orderBy("version", "desc")
    .execute()
  return rows.map((r) => termsOf(fund.code, r))
}

export const insertFundTerms = async (
  db: Kysely<DB>,
  fundId: number,
  t: typeof FundTermsInput.Type,
  version: number,
  changed: { readonly at: string; readonly by: string },
  seq: number
): Promise<void> => {
  await db
    .insertInto("fund_terms")
    .values({
      journal_id: seq,
      fund_id: fundId,
      version,
      fee_rate_commitment: t.feeRateOnCommitment,
      fee_rate_cost: t.feeRateOnCost,
      investment_period_end: t.investmentPeriodEnd,
      hurdle: t.hurdle,
      carry: t.carry,
      catch_up: t.catchUp,
      waterfall: t.waterfall,
      changed_at: changed.at,
      changed_by: changed.by
    })
    .execute()
}

// ---------------------------------------------------------------------------------------------------------
// Pure: the fee schedule and the LP / GP split of each distribution
// ---------------------------------------------------------------------------------------------------------

const ZERO = new Yuan(0)
const byDate = <A extends { readonly on: string; readonly id: number }>(a: A, b: A) =>
  a.on < b.on ? -1 : a.on > b.on ? 1 : a.id - b.id

/** The invested cost held from each day it changed: investments − the cost basis of exits, cumulative. */
export const investedCostChanges = (
  entries: ReadonlyArray<FundEntry>
): ReadonlyArray<{ readonly from: string; readonly cost: Decimal }> => {
  const byDay = new Map<string, Decimal>()
  for (const e of entries) {
    if (!isLive(e)) continue
    const delta = e.kind === "investment" ? e.amount : e.kind === "exit" ? e.costBasis.negated() : undefined
    if (delta !== undefined) byDay.set(e.on, (byDay.get(e.on) ?? ZERO).plus(delta))
  }
  let cost: Decimal = ZERO
  return [...byDay.keys()].sort().map((from) => {
    cost = cost.plus(byDay.get(from)!)
    return { from, cost }
  })
}

/**
 * The management fee of each calendar year from the vintage to `asOf` (the first period from the vintage,
 * the last to `asOf` included): committed = the live commitments dated on or before the period's last day.
 */
export const feeSchedule = (input: {
  readonly terms: FundTerms
  readonly vintage: string
  readonly entries: ReadonlyArray<FundEntry>
  readonly asOf: string
}): {
  readonly periods: ReadonlyArray<FeeStatement & { readonly committed: Decimal }>
  readonly total: Decimal
} => {
  const { terms, vintage, asOf } = input
  const fees = {
    rateOnCommitment: terms.feeRateOnCommitment,
    rateOnCost: terms.feeRateOnCost,
    investmentPeriodEnd: terms.investmentPeriodEnd
  }
  const changes = investedCostChanges(input.entries.filter((e) => e.on <= asOf))
  const commitments = input.entries.filter((e) => isLive(e) && e.kind === "commitment")
  const periods: Array<FeeStatement & { committed: Decimal }> = []
  const end = addDays(asOf, 1)
  for (let from = vintage; from < end; ) {
    const nextYear = `${String(Number(from.slice(0, 4)) + 1).padStart(4, "0")}-01-01`
    const to = nextYear < end ? nextYear : end
    const committed = commitments
      .filter((c) => c.on < to)
      .reduce((s, c) => s.plus(c.kind === "commitment" ? c.amount : ZERO), ZERO)
    periods.push({ ...managementFee(fees, { from, to }, committed, changes), committed })
    from = to
  }
  return { periods, total: periods.reduce((s, p) => s.plus(p.fee), ZERO) }
}

export interface DistributionSplit {
  /** The distribution entry's id. */
  readonly id: number
  readonly on: string
  readonly amount: Decimal
  readonly lp: Decimal
  readonly gp: Decimal
  /** The European tiers of this distribution (empty for the American form). */
  readonly tiers: ReadonlyArray<TierSplit>
}

export interface WaterfallReport {
  readonly fund: string
  readonly asOf: string
  readonly waterfall: WaterfallType
  readonly terms: FundTerms
  readonly distributions: ReadonlyArray<DistributionSplit>
  readonly lp: Decimal
  readonly gp: Decimal
  /** American: the carry earned deal by deal up to asOf, and the clawback if the fund ended on asOf. */
  readonly american: {
    readonly deals: ReadonlyArray<{
      readonly exit: number
      readonly name: string
      readonly exitedOn: string
      readonly cost: Decimal
      readonly proceeds: Decimal
      readonly gp: Decimal
    }>
    readonly earned: Decimal
    readonly gpWholeFund: Decimal
    readonly clawback: Decimal
  } | null
}

const waterfallTerms = (t: FundTerms): WaterfallTerms => ({
  hurdle: t.hurdle,
  carry: t.carry,
  catchUp: t.catchUp
})

/** Each live distribution of `entries` dated on or before `asOf`, split into LP and GP parts by `terms`. */
export const splitDistributions = (input: {
  readonly fund: string
  readonly terms: FundTerms
  readonly entries: ReadonlyArray<FundEntry>
  readonly asOf: string
}): WaterfallReport => {
  const { terms, asOf } = input
  const live = input.entries.filter((e) => isLive(e) && e.on <= asOf)
  const distributions = live.flatMap((e) => (e.kind === "distribution" ? [e] : [])).sort(byDate)
  const wt = waterfallTerms(terms)
  const rows: Array<DistributionSplit> = []
  let american: WaterfallReport["american"] = null
  if (terms.waterfall === "european") {
    const contributions = live.flatMap((e) => (e.kind === "call" ? [{ on: e.on, amount: e.amount }] : []))
    let before: Decimal = ZERO
    for (const d of distributions) {
      const split = europeanWaterfall({ terms: wt, contributions, on: d.on, amount: d.amount, before })
      rows.push({ id: d.id, on: d.on, amount: d.amount, lp: split.lp, gp: split.gp, tiers: split.tiers })
      before = before.plus(d.amount)
    }
  } else {
    const investments = new Map(live.flatMap((e) => (e.kind === "investment" ? [[e.id, e] as const] : [])))
    const exits = live
      .flatMap((e) => (e.kind === "exit" && investments.has(e.investment) ? [e] : []))
      .sort(byDate)
    const deals = exits.map((x) => {
      const inv = investments.get(x.investment)!
      const deal: Deal = {
        name: inv.enterprise.name,
        investedOn: inv.on,
        cost: x.costBasis,
        exitedOn: x.on,
        proceeds: x.proceeds
      }
      return { exit: x.id, deal, gp: americanWaterfall({ terms: wt, deals: [deal] }).gp }
    })
    let paid: Decimal = ZERO
    for (const d of distributions) {
      const earned = deals.filter((x) => x.deal.exitedOn <= d.on).reduce((s, x) => s.plus(x.gp), ZERO)
      const owed = earned.minus(paid)
      const gp = owed.isNegative() ? ZERO : owed.gt(d.amount) ? d.amount : owed
      paid = paid.plus(gp)
      rows.push({ id: d.id, on: d.on, amount: d.amount, lp: d.amount.minus(gp), gp, tiers: [] })
    }
    const claw = americanClawback({ terms: wt, deals: deals.map((x) => x.deal) })
    const excess = paid.minus(claw.gpWholeFund)
    american = {
      deals: deals.map((x) => ({
        exit: x.exit,
        name: x.deal.name,
        exitedOn: x.deal.exitedOn,
        cost: x.deal.cost,
        proceeds: x.deal.proceeds,
        gp: x.gp
      })),
      earned: claw.gpPaid,
      gpWholeFund: claw.gpWholeFund,
      clawback: excess.isNegative() ? ZERO : excess
    }
  }
  return {
    fund: input.fund,
    asOf,
    waterfall: terms.waterfall,
    terms,
    distributions: rows,
    lp: rows.reduce((s, r) => s.plus(r.lp), ZERO),
    gp: rows.reduce((s, r) => s.plus(r.gp), ZERO),
    american
  }
}

// ---------------------------------------------------------------------------------------------------------
// Wire forms
// ---------------------------------------------------------------------------------------------------------

const text = (d: Decimal) => new Yuan(d).toString()

export const fundTermsToJson = (t: FundTerms) => ({
  fund: t.fund,
  version: t.version,
  feeRateOnCommitment: text(t.feeRateOnCommitment),
  feeRateOnCost: text(t.feeRateOnCost),
  investmentPeriodEnd: t.investmentPeriodEnd,
  hurdle: text(t.hurdle),
  carry: text(t.carry),
  catchUp: text(t.catchUp),
  waterfall: t.waterfall,
  changedAt: t.changedAt,
  changedBy: t.changedBy,
  journalSeq: t.journalSeq
})

export const FundTermsJson = Schema.Struct({
  fund: Schema.String,
  version: Schema.Int,
  feeRateOnCommitment: Schema.String,
  feeRateOnCost: Schema.String,
  investmentPeriodEnd: BusinessDate,
  hurdle: Schema.String,
  carry: Schema.String,
  catchUp: Schema.String,
  waterfall: WaterfallType,
  changedAt: Schema.String,
  changedBy: Schema.String,
  journalSeq: Schema.Int
}).annotate({ identifier: "FundTerms" })

export const FundTermsHistoryJson = Schema.Struct({
  fund: Schema.String,
  current: Schema.NullOr(FundTermsJson),
  versions: Schema.Array(FundTermsJson)
})

export const feeScheduleToJson = (s: {
  readonly fund: string
  readonly asOf: string
  readonly terms: FundTerms
  readonly periods: ReadonlyArray<FeeStatement & { readonly committed: Decimal }>
  readonly total: Decimal
}) => ({
  fund: s.fund,
  asOf: s.asOf,
  termsVersion: s.terms.version,
  periods: s.periods.map((p) => ({
    from: p.from,
    to: p.to,
    committed: toWire(p.committed),
    fee: toWire(p.fee),
    segments: p.segments.map((x) => ({
      from: x.from,
      to: x.to,
      days: x.days,
      basis: x.basis,
      base: toWire(x.base),
      rate: text(x.rate)
    }))
  })),
  total: toWire(s.total)
})

export const FeeScheduleJson = Schema.Struct({
  fund: Schema.String,
  asOf: BusinessDate,
  termsVersion: Schema.Int,
  periods: Schema.Array(
    Schema.Struct({
      from: BusinessDate,
      to: BusinessDate.annotate({ description: "Not included." }),
      committed: Schema.String,
      fee: Schema.String,
      segments: Schema.Array(
        Schema.Struct({
          from: BusinessDate,
          to: BusinessDate,
          days: Schema.Int,
          basis: Schema.Literals(["commitment", "invested-cost"]),
          base: Schema.String,
          rate: Schema.String
        })
      )
    })
  ),
  total: Schema.String
}).annotate({ identifier: "FeeSchedule" })

export const waterfallReportToJson = (r: WaterfallReport) => ({
  fund: r.fund,
  asOf: r.asOf,
  waterfall: r.waterfall,
  termsVersion: r.terms.version,
  distributions: r.distributions.map((d) => ({
    id: d.id,
    on: d.on,
    amount: toWire(d.amount),
    lp: toWire(d.lp),
    gp: toWire(d.gp),
    tiers: d.tiers.map((t) => ({
      tier: t.tier,
      amount: toWire(t.amount),
      lp: toWire(t.lp),
      gp: toWire(t.gp)
    }))
  })),
  lp: toWire(r.lp),
  gp: toWire(r.gp),
  american:
    r.american === null
      ? null
      : {
          deals: r.american.deals.map((d) => ({
            exit: d.exit,
            name: d.name,
            exitedOn: d.exitedOn,
            cost: toWire(d.cost),
            proceeds: toWire(d.proceeds),
            gp: toWire(d.gp)
          })),
          earned: toWire(r.american.earned),
          gpWholeFund: toWire(r.american.gpWholeFund),
          clawback: toWire(r.american.clawback)
        }
})

export const WaterfallReportJson = Schema.Struct({
  fund: Schema.String,
  asOf: BusinessDate,
  waterfall: WaterfallType,
  termsVersion: Schema.Int,
  distributions: Schema.Array(
    Schema.Struct({
      id: Schema.Int,
      on: BusinessDate,
      amount: Money,
      lp: Money,
      gp: Money,
      tiers: Schema.Array(Schema.Struct({ tier: Schema.String, amount: Money, lp: Money, gp: Money }))
    })
  ),
  lp: Schema.String,
  gp: Schema.String,
  american: Schema.NullOr(
    Schema.Struct({
      deals: Schema.Array(
        Schema.Struct({
          exit: Schema.Int,
          name: Schema.String,
          exitedOn: BusinessDate,
          cost: Schema.String,
          proceeds: Schema.String,
          gp: Schema.String
        })
      ),
      earned: Schema.String,
      gpWholeFund: Schema.String,
      clawback: Schema.String
    })
  )
}).annotate({ identifier: "WaterfallReport" })
