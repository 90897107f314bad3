import type { Decimal } from "decimal.js"
import { Yuan } from "../money/index.js"
import { toEpochDay } from "../time/index.js"

/*
 * Management fees (管理费), a pure function: no store, no Effect. See fees-and-waterfalls.md for the
 * worked example.
 *
 *  - During the investment period (from the fund's first day up to, not including, `investmentPeriodEnd`)
 *    the fee is `rateOnCommitment` a year on the committed capital.
 *  - From `investmentPeriodEnd` on, it is `rateOnCost` a year on the invested cost still held (investments
 *    minus the cost basis of exits), which changes on the days given in `investedCost`.
 *  - A fee period runs from `from` (included) to `to` (not included); each day accrues base × rate / 365
 *    (Actual/365, as the IRRs). The period's fee is the exact sum, rounded half-up to the fen once.
 */

export interface FeeTerms {
  /** A year, as a fraction: 0.02 = 2 %. */
  readonly rateOnCommitment: Decimal
  readonly rateOnCost: Decimal
  /** The first day after the investment period (YYYY-MM-DD). */
  readonly investmentPeriodEnd: string
}

export interface FeeSegment {
  /** Included. */
  readonly from: string
  /** Not included. */
  readonly to: string
  readonly days: number
  readonly basis: "commitment" | "invested-cost"
  readonly base: Decimal
  readonly rate: Decimal
  /** base × rate × days / 365, exact. */
  readonly accrued: Decimal
}

export interface FeeStatement {
  readonly from: string
  readonly to: string
  readonly segments: ReadonlyArray<FeeSegment>
  /** Σ accrued, rounded half-up to the fen. */
  readonly fee: Decimal
}

/**
 * The management fee of the period [`from`, `to`): `committed` the fund's commitments in the period;
 * `investedCost` the invested cost held from each date on (its latest entry on or before a day applies;
 * none → 0), in any order.
 */
export const managementFee = (
  terms: FeeTerms,
  period: { readonly from: string; readonly to: string },
  committed: Decimal,
  investedCost: ReadonlyArray<{ readonly from: string; readonly cost: Decimal }>
): FeeStatement => {
  if (period.to <= period.from) throw new RangeError(`the fee period ${period.from}..${period.to} is empty`)
  const changes = [...investedCost].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  const costOn = (day: string): Decimal => changes.filter((c) => c.from <= day).at(-1)?.cost ?? new Yuan(0)
  // Cut the period at the end of the investment period and at every change of the invested cost.
  const cuts = new Set([period.from, period.to])
  if (terms.investmentPeriodEnd > period.from && terms.investmentPeriodEnd < period.to)
    cuts.add(terms.investmentPeriodEnd)
  for (const c of changes) if (c.from > period.from && c.from < period.to) cuts.add(c.from)
  const bounds = [...cuts].sort()
  const segments: Array<FeeSegment> = []
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!
    const to = bounds[i + 1]!
    const days = toEpochDay(to) - toEpochDay(from)
    const investing = from < terms.investmentPeriodEnd
    const base = investing ? committed : costOn(from)
    const rate = investing ? terms.rateOnCommitment : terms.rateOnCost
    // The investment period uses the commitment: one segment, whatever the cost did meanwhile.
    const last = segments.at(-1)
    if (investing && last?.basis === "commitment") {
      const merged = last.days + days
      segments[segments.length - 1] = {
        ...last,
        to,
        days: merged,
        accrued: new Yuan(base).times(rate).times(merged).div(365)
      }
      continue
    }
    segments.push({
      from,
      to,
      days,
      basis: investing ? "commitment" : "invested-cost",
      base,
      rate,
      accrued: new Yuan(base).times(rate).times(days).div(365)
    })
  }
  const total = segments.reduce((s, x) => s.plus(x.accrued), new Yuan(0))
  return {
    from: period.from,
    to: period.to,
    segments,
    fee: total.toDecimalPlaces(2, Yuan.ROUND_HALF_UP)
  }
}
