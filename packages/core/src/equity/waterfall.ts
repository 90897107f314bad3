import type { Decimal } from "decimal.js"
import { Yuan } from "../money/index.js"
import { toEpochDay } from "../time/index.js"

/*
 * The distribution waterfall (分配瀑布), pure functions: no store, no Effect. See fees-and-waterfalls.md
 * for the worked examples, checked by hand in waterfall.test.ts.
 *
 * Tiers, in order, over the money distributed (cumulative: a later distribution is split as the waterfall
 * of everything distributed so far, less the split of what was distributed before):
 *
 *  1. return of capital: all to the LPs until they have their contributed capital K back;
 *  2. preferred return (hurdle h): all to the LPs until they have P = Σ contribution × ((1 + h)^(days/365) − 1),
 *     compounded Actual/365 from each contribution's date to the distribution's;
 *  3. GP catch-up at rate u (1 = 100 %): u of each yuan to the GP, until the GP has the carry c of all the
 *     profit distributed (P plus this tier): the tier is c × P / (u − c) (none when u ≤ c or u = 0);
 *  4. carried interest split: c to the GP, 1 − c to the LPs.
 *
 * European (whole-fund): K and P are the fund's, over all its contributions. American (deal-by-deal): each
 * exited deal runs the tiers on its own proceeds, with K its cost and P the hurdle on that cost from the
 * investment to the exit; a loss on one deal is not made up from another deal's carry as it is paid, but
 * the GP gives back at the end what it was paid above the whole-fund carry: the clawback
 * ({@link americanClawback}).
 *
 * Rounding: each tier's GP part is rounded half-up to the fen, the LPs get the rest of the tier, so the
 * parts add up to the amount exactly.
 */

export interface WaterfallTerms {
  /** The hurdle a year, as a fraction: 0.08 = 8 %. */
  readonly hurdle: Decimal
  /** The GP's carried interest: 0.2 = 20 %. */
  readonly carry: Decimal
  /** The GP's share of the catch-up tier: 1 = full catch-up; 0 = none. */
  readonly catchUp: Decimal
}

export type WaterfallTier = "return-of-capital" | "preferred-return" | "catch-up" | "carried-interest"

export interface TierSplit {
  readonly tier: WaterfallTier
  readonly amount: Decimal
  readonly lp: Decimal
  readonly gp: Decimal
}

export interface WaterfallSplit {
  readonly amount: Decimal
  readonly lp: Decimal
  readonly gp: Decimal
  readonly tiers: ReadonlyArray<TierSplit>
}

const ZERO = new Yuan(0)
const min = (a: Decimal, b: Decimal) => (a.lt(b) ? a : b)
const fen = (d: Decimal) => d.toDecimalPlaces(2, Yuan.ROUND_HALF_UP)

/** The preferred return on `contributions` at `on`: Σ amount × ((1 + hurdle)^(days/365) − 1), exact. */
export const preferredReturn = (
  contributions: ReadonlyArray<{ readonly on: string; readonly amount: Decimal }>,
  hurdle: Decimal,
  on: string
): Decimal =>
  contributions
    .filter((c) => c.on <= on)
    .reduce((sum, c) => {
      const years = new Yuan(toEpochDay(on) - toEpochDay(c.on)).div(365)
      return sum.plus(new Yuan(c.amount).times(new Yuan(1).plus(hurdle).pow(years).minus(1)))
    }, ZERO)

/** The tiers of `total` distributed against capital `capital` and preferred return `preferred` (exact). */
const tiersOf = (total: Decimal, capital: Decimal, preferred: Decimal, terms: WaterfallTerms) => {
  const { carry, catchUp } = terms
  let left = new Yuan(total)
  const take = (cap: Decimal | null) => {
    const amount = cap === null ? left : min(left, cap)
    left = left.minus(amount)
    return amount
  }
  const roc = take(capital)
  const pref = take(preferred)
  const catchUpTier = catchUp.gt(carry) ? new Yuan(carry).times(preferred).div(catchUp.minus(carry)) : ZERO
  const cu = take(catchUpTier)
  const split = take(null)
  return [
    { tier: "return-of-capital" as const, amount: roc, gp: ZERO },
    { tier: "preferred-return" as const, amount: pref, gp: ZERO },
    { tier: "catch-up" as const, amount: cu, gp: cu.times(catchUp) },
    { tier: "carried-interest" as const, amount: split, gp: split.times(carry) }
  ]
}

/**
 * The split of `amount` distributed after `before` was (both whole fen), against `capital` contributed and
 * `preferred` accrued (see {@link preferredReturn}): the waterfall of the cumulative total less that of
 * `before`, each tier's GP part to the fen.
 */
export const splitDistribution = (
  amount: Decimal,
  capital: Decimal,
  preferred: Decimal,
  terms: WaterfallTerms,
  before: Decimal = ZERO
): WaterfallSplit => {
  const after = tiersOf(new Yuan(before).plus(amount), capital, preferred, terms)
  const prior = tiersOf(before, capital, preferred, terms)
  const tiers = after.map((t, i): TierSplit => {
    const tierAmount = fen(t.amount).minus(fen(prior[i]!.amount))
    const gp = fen(t.gp).minus(fen(prior[i]!.gp))
    return { tier: t.tier, amount: tierAmount, gp, lp: tierAmount.minus(gp) }
  })
  // Rounding each tier's bounds to the fen keeps the tiers adding up to the amount; say so if not.
  const sum = tiers.reduce((s, t) => s.plus(t.amount), ZERO)
  const last = tiers[tiers.length - 1]!
  if (!sum.eq(amount)) {
    const fixed = last.amount.plus(new Yuan(amount).minus(sum))
    tiers[tiers.length - 1] = { ...last, amount: fixed, lp: fixed.minus(last.gp) }
  }
  return {
    amount: new Yuan(amount),
    lp: tiers.reduce((s, t) => s.plus(t.lp), ZERO),
    gp: tiers.reduce((s, t) => s.plus(t.gp), ZERO),
    tiers
  }
}

/** European (whole-fund) waterfall of one distribution of the fund. */
export const europeanWaterfall = (input: {
  readonly terms: WaterfallTerms
  /** The LPs' contributions (calls), dated. */
  readonly contributions: ReadonlyArray<{ readonly on: string; readonly amount: Decimal }>
  readonly on: string
  readonly amount: Decimal
  /** Distributed before this one (default 0). */
  readonly before?: Decimal | undefined
}): WaterfallSplit => {
  const capital = input.contributions.filter((c) => c.on <= input.on).reduce((s, c) => s.plus(c.amount), ZERO)
  const preferred = preferredReturn(input.contributions, input.terms.hurdle, input.on)
  return splitDistribution(input.amount, capital, preferred, input.terms, input.before)
}

export interface Deal {
  readonly name: string
  readonly investedOn: string
  readonly cost: Decimal
  readonly exitedOn: string
  readonly proceeds: Decimal
}

/** American (deal-by-deal) waterfall: each deal's proceeds through the tiers on its own cost. */
export const americanWaterfall = (input: {
  readonly terms: WaterfallTerms
  readonly deals: ReadonlyArray<Deal>
}): {
  readonly deals: ReadonlyArray<{ readonly name: string } & WaterfallSplit>
  readonly lp: Decimal
  readonly gp: Decimal
} => {
  const deals = input.deals.map((d) => ({
    name: d.name,
    ...splitDistribution(
      d.proceeds,
      d.cost,
      preferredReturn([{ on: d.investedOn, amount: d.cost }], input.terms.hurdle, d.exitedOn),
      input.terms
    )
  }))
  return {
    deals,
    lp: deals.reduce((s, d) => s.plus(d.lp), ZERO),
    gp: deals.reduce((s, d) => s.plus(d.gp), ZERO)
  }
}

/**
 * The clawback (回拨) of an American waterfall: the carry the GP was paid deal by deal above what the
 * European (whole-fund) waterfall gives it over the same deals, returned to the LPs; 0 when it was paid no
 * more. The whole-fund waterfall takes each deal's cost as a contribution on its investment date and the
 * deals' proceeds together on `on` (default the latest exit), which is what the cumulative European rule
 * gives after the last distribution. Hand-checked in fees-and-waterfalls.md.
 */
export const americanClawback = (input: {
  readonly terms: WaterfallTerms
  readonly deals: ReadonlyArray<Deal>
  readonly on?: string | undefined
}): {
  /** What the GP was paid deal by deal. */
  readonly gpPaid: Decimal
  /** What the whole-fund waterfall gives it over the same deals. */
  readonly gpWholeFund: Decimal
  /** max(0, gpPaid − gpWholeFund). */
  readonly clawback: Decimal
} => {
  const american = americanWaterfall(input)
  const on = input.on ?? input.deals.map((d) => d.exitedOn).reduce((a, b) => (a > b ? a : b), "0000-01-01")
  const proceeds = input.deals.reduce((s, d) => s.plus(d.proceeds), ZERO)
  const whole = proceeds.isZero()
    ? { gp: ZERO }
    : europeanWaterfall({
        terms: input.terms,
        contributions: input.deals.map((d) => ({ on: d.investedOn, amount: d.cost })),
        on,
        amount: proceeds
      })
  const excess = american.gp.minus(whole.gp)
  return { gpPaid: american.gp, gpWholeFund: whole.gp, clawback: excess.isNegative() ? ZERO : excess }
}
