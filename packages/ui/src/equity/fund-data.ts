import {
  type CommitmentEntry,
  Decimal,
  type Enterprise,
  type Fund,
  type FundEntry,
  type FundFigures,
  type LookThroughFigures,
  type LpAccounts
} from "@kejin/core"
import { type FundHolding, holdingsOf } from "@kejin/core/internal"
import type { PanelContext } from "../plugin.js"
import { asOfOf, canReadLedger, canWriteFund } from "./access.js"

/**
 * A holding as the fund page shows it: the investment entry, the core's holding figures as of the page date
 * and its MOIC, as the core's `funds.holdings` read answers them (and its export writes them).
 */
export type HoldingView = FundHolding

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
    holdings: holdingsOf(fund.id, ledger, figures.asOf),
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
