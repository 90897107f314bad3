import {
  type CommitmentEntry,
  Decimal,
  type Enterprise,
  type Fund,
  type FundEntry,
  type FundFigures,
  type Holding,
  type InvestmentEntry,
  type LookThroughFigures,
  type LpAccounts,
  moic
} from "@kejin/core"
import { holdingOf } from "@kejin/core/internal"
import type { PanelContext } from "../plugin.js"
import { asOfOf, canReadLedger, canWriteFund } from "./access.js"

/** A holding as the fund page shows it: the investment entry and the core's holding figures as of the page date. */
export interface HoldingView {
  readonly investment: InvestmentEntry
  readonly holding: Holding
  /** (exit proceeds + fair value) / cost */
  readonly moic: Decimal | null
}

export interface CommitmentView {
  readonly entry: CommitmentEntry
  readonly called: Decimal
  readonly unfunded: Decimal
}

/** Everything the fund page shows, loaded once per request. */
export interface FundView {
  readonly fund: Fund
  readonly figures: FundFigures
  /** Every entry, reversed ones included, oldest first (as the core lists them). */
  readonly ledger: ReadonlyArray<FundEntry>
  readonly holdings: ReadonlyArray<HoldingView>
  readonly commitments: ReadonlyArray<CommitmentView>
  /** Each LP's capital account as of the page's date; null when the ledger is not the actor's to see. */
  readonly lpAccounts: LpAccounts | null
  /** The fund seen through the funds it holds (look-through); null when it holds no other fund. */
  readonly lookThrough: LookThroughFigures | null
  /** Whether the actor may write to this fund (forms and reversal buttons). */
  readonly writer: boolean
  /** Whether the actor may see the entries (another manager's fund: figures only, as in the JSON API). */
  readonly ledgerVisible: boolean
  /** For the writer's forms: other funds (an LP fund), registered enterprises. Empty for readers. */
  readonly funds: ReadonlyArray<Fund>
  readonly enterprises: ReadonlyArray<Enterprise>
  /** The investments a live conversion has carried into equity (writers' view; empty otherwise). */
  readonly converted: ReadonlySet<number>
}

const ZERO = new Decimal(0)
const live = (e: FundEntry): boolean => e.reversedBy === null && e.kind !== "reversal"

/**
 * Holdings as of `asOf` from the ledger, by the core's own fair-value rule (`holdingOf`): live investments
 * dated on or before it, with their live valuations and exits on or before it, oldest first.
 */
export const holdingsOf = (
  fund: Fund,
  ledger: ReadonlyArray<FundEntry>,
  asOf: string
): ReadonlyArray<HoldingView> => {
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
          fundId: fund.id,
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

/** Live commitments with what has been called on each (every live call, whatever its date). */
export const commitmentsOf = (ledger: ReadonlyArray<FundEntry>): ReadonlyArray<CommitmentView> =>
  ledger
    .filter((e): e is CommitmentEntry => e.kind === "commitment" && live(e))
    .map((entry) => {
      const called = ledger
        .filter((e) => e.kind === "call" && live(e) && e.commitment === entry.id)
        .reduce((sum, e) => sum.plus(e.kind === "call" ? e.amount : ZERO), ZERO)
      return { entry, called, unfunded: entry.amount.minus(called) }
    })

/** Loads the fund page's data; throws the core's NotFoundError for an unknown code. */
export const loadFundView = async (ctx: PanelContext, code: string): Promise<FundView> => {
  const { kejin } = ctx
  const fund = await kejin.funds.get(code)
  const writer = canWriteFund(ctx.actor, code)
  const ledgerVisible = canReadLedger(ctx.actor, code)
  const asOf = asOfOf(ctx)
  const [figures, ledger, lpAccounts, funds, enterprises, lookThrough, conversions] = await Promise.all([
    kejin.funds.metrics(code, asOf === undefined ? {} : { asOf }),
    ledgerVisible ? kejin.funds.ledger(code) : Promise.resolve([]),
    ledgerVisible ? kejin.funds.lpAccounts(code, asOf === undefined ? {} : { asOf }) : Promise.resolve(null),
    writer ? kejin.funds.list() : Promise.resolve([]),
    writer ? kejin.registry.enterprises() : Promise.resolve([]),
    kejin.funds.lookThrough([code], asOf === undefined ? {} : { asOf }),
    writer ? kejin.funds.conversions(code) : Promise.resolve([])
  ])
  return {
    fund,
    figures,
    ledger,
    holdings: holdingsOf(fund, ledger, figures.asOf),
    commitments: commitmentsOf(ledger),
    lpAccounts,
    lookThrough: lookThrough.perFund.some((f) => f.stakes.length > 0) ? lookThrough : null,
    writer,
    ledgerVisible,
    funds: funds.filter((f) => f.code !== code),
    enterprises,
    converted: new Set(conversions.filter((c) => c.reversal === null).map((c) => c.investment))
  }
}
