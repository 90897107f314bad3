import { Decimal } from "decimal.js"
import { Schema } from "effect"
import { moic } from "../finance/index.js"
import { toWire } from "../money/index.js"
import { Money } from "../money/wire.js"
import { addDays, BusinessDate, type PeriodKind, periodKey, periodOf } from "../time/index.js"
import { type Holding, holdingOf, multipleToWire } from "./metrics.js"
import { FundCode, type FundEntry, type InvestmentEntry } from "./schema.js"
import { Multiple } from "./wire.js"

/*
 * Two tables of a fund's page, computed from its ledger as of a day: its holdings (each live investment
 * with the fair-value rule of metrics.ts `holdingOf`) and its cash flows with its LPs (calls out,
 * distributions in, per month or per quarter past a year, and the cumulative net). The reads
 * `funds.holdings` and `funds.cashFlows` (operations.ts) answer them; the page and their exports show the same.
 */

const ZERO = new Decimal(0)
const live = (e: FundEntry): boolean => e.reversedBy === null && e.kind !== "reversal"

/** A holding as the fund page shows it: the investment entry, the holding's figures, its MOIC. */
export interface FundHolding {
  readonly investment: InvestmentEntry
  readonly holding: Holding
  readonly moic: Decimal | null
}

/**
 * The holdings of fund `fundId` as of `asOf` from its ledger: live investments dated on or before it, with
 * their live valuations and exits on or before it, oldest first.
 */
export const holdingsOf = (
  fundId: number,
  ledger: ReadonlyArray<FundEntry>,
  asOf: string
): ReadonlyArray<FundHolding> => {
  const counted = ledger.filter((e) => live(e) && e.on <= asOf)
  return counted
    .filter((e): e is InvestmentEntry => e.kind === "investment")
    .map((investment) => {
      const events = counted.flatMap((e) =>
        (e.kind === "valuation" || e.kind === "exit") && e.investment === investment.id
          ? [
              e.kind === "valuation"
                ? { kind: "valuation" as const, on: e.on, amount: e.fairValue, cost: ZERO }
                : { kind: "exit" as const, on: e.on, amount: e.proceeds, cost: e.costBasis }
            ]
          : []
      )
      const holding = holdingOf(
        {
          id: investment.id,
          fundId,
          on: investment.on,
          cost: investment.amount,
          district: investment.district,
          techCategory: investment.techCategory,
          mode: investment.mode
        },
        events
      )
      return {
        investment,
        holding,
        moic: moic({ proceeds: holding.exitProceeds, fairValue: holding.fairValue, cost: holding.cost })
      }
    })
}

/** One period of a fund's cash flows with its LPs: calls (negative), distributions, the cumulative net. */
export interface CashFlowRow {
  /** The period's key (`2025-03`, `2025-Q1`). */
  readonly period: string
  readonly calls: Decimal | null
  readonly distributions: Decimal | null
  readonly cumulative: Decimal
}

export interface CashFlows {
  readonly asOf: string
  /** Per month, or per quarter when the flows span a year or more. */
  readonly per: PeriodKind
  readonly rows: ReadonlyArray<CashFlowRow>
}

/**
 * Calls (negative) and distributions (positive) per month, or per quarter past a year, from the first one
 * up to `asOf`, with the cumulative net cash flow; no rows when the fund has neither.
 */
export const cashFlowsOf = (ledger: ReadonlyArray<FundEntry>, asOf: string): CashFlows => {
  const flows = ledger.filter(
    (e) => e.reversedBy === null && (e.kind === "call" || e.kind === "distribution") && e.on <= asOf
  )
  if (flows.length === 0) return { asOf, per: "month", rows: [] }
  const first = flows.reduce((min, e) => (e.on < min ? e.on : min), asOf)
  const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7))
  const per: PeriodKind = monthIndex(asOf) - monthIndex(first) >= 12 ? "quarter" : "month"
  const keys: Array<string> = []
  for (let start = periodOf(first, per).start; start <= asOf; start = addDays(periodOf(start, per).end, 1))
    keys.push(periodKey(start, per))
  const calls = new Map<string, Decimal>()
  const distributions = new Map<string, Decimal>()
  for (const e of flows) {
    const key = periodKey(e.on, per)
    if (e.kind === "call") calls.set(key, (calls.get(key) ?? ZERO).minus(e.amount))
    if (e.kind === "distribution") distributions.set(key, (distributions.get(key) ?? ZERO).plus(e.amount))
  }
  let running = ZERO
  const rows = keys.map((period) => {
    running = running.plus(calls.get(period) ?? 0).plus(distributions.get(period) ?? 0)
    return {
      period,
      calls: calls.get(period) ?? null,
      distributions: distributions.get(period) ?? null,
      cumulative: running
    }
  })
  return { asOf, per, rows }
}

// ---------------------------------------------------------------------------------------------------------
// The wire
// ---------------------------------------------------------------------------------------------------------

const NullMoney = Schema.NullOr(Money)

export const FundHoldingsJson = Schema.Struct({
  fund: FundCode,
  asOf: BusinessDate,
  holdings: Schema.Array(
    Schema.Struct({
      investment: Schema.Int,
      on: BusinessDate,
      enterprise: Schema.Struct({ uscc: Schema.String, name: Schema.String }),
      instrument: Schema.String,
      round: Schema.NullOr(Schema.String),
      cost: Money,
      remainingCost: Money,
      fairValue: Money,
      valuedOn: Schema.NullOr(BusinessDate),
      exitProceeds: Money,
      moic: Schema.NullOr(Multiple),
      local: Schema.Boolean,
      district: Schema.String
    }).annotate({ identifier: "FundHolding" })
  )
}).annotate({ identifier: "FundHoldings" })

export const fundHoldingsToJson = (h: {
  readonly fund: string
  readonly asOf: string
  readonly holdings: ReadonlyArray<FundHolding>
}) => ({
  fund: h.fund,
  asOf: h.asOf,
  holdings: h.holdings.map(({ investment: i, holding, moic }) => ({
    investment: i.id,
    on: i.on,
    enterprise: { uscc: i.enterprise.uscc, name: i.enterprise.name },
    instrument: i.instrument,
    round: i.round,
    cost: toWire(holding.cost),
    remainingCost: toWire(holding.remainingCost),
    fairValue: toWire(holding.fairValue),
    valuedOn: holding.valuedOn,
    exitProceeds: toWire(holding.exitProceeds),
    moic: multipleToWire(moic),
    local: i.local,
    district: i.district
  }))
})

export const FundCashFlowsJson = Schema.Struct({
  fund: FundCode,
  asOf: BusinessDate,
  per: Schema.Literals(["month", "quarter", "year"]),
  rows: Schema.Array(
    Schema.Struct({
      period: Schema.String,
      calls: NullMoney,
      distributions: NullMoney,
      cumulative: Money
    }).annotate({ identifier: "FundCashFlow" })
  )
}).annotate({ identifier: "FundCashFlows" })

export const fundCashFlowsToJson = (f: CashFlows & { readonly fund: string }) => ({
  fund: f.fund,
  asOf: f.asOf,
  per: f.per,
  rows: f.rows.map((r) => ({
    period: r.period,
    calls: r.calls === null ? null : toWire(r.calls),
    distributions: r.distributions === null ? null : toWire(r.distributions),
    cumulative: toWire(r.cumulative)
  }))
})
