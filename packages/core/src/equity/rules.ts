import type { Decimal } from "decimal.js"
import { Yuan } from "../money/index.js"
import type { FundEntry } from "./schema.js"

/**
 * The fund ledger's rules as pure functions over live entries: the forward commands ask them about the
 * entry they would add, a reversal about the ledger it would leave, so both refuse with one check.
 */

/** A fund's committed capital and invested cost at the end of a day, and what it can still invest. */
export interface Headroom {
  readonly on: string
  readonly committed: Decimal
  readonly invested: Decimal
  /** committed − invested: negative when the rule is broken. */
  readonly available: Decimal
}

/**
 * Rule "invested within committed": on every day the fund's live invested cost (investments minus the cost
 * basis of exits) stays within its live commitments dated on or before it. The tightest day among `on`
 * and every later day with an entry (`entries`: the fund's live entries).
 */
export const tightestHeadroom = (entries: ReadonlyArray<FundEntry>, on: string): Headroom => {
  const days = [on, ...entries.map((e) => e.on).filter((d) => d > on)].sort()
  let tightest: Headroom | undefined
  for (const day of new Set(days)) {
    let committed: Decimal = new Yuan(0)
    let invested: Decimal = new Yuan(0)
    for (const e of entries) {
      if (e.on > day) continue
      if (e.kind === "commitment") committed = committed.plus(e.amount)
      else if (e.kind === "investment") invested = invested.plus(e.amount)
      else if (e.kind === "exit") invested = invested.minus(e.costBasis)
    }
    const available = committed.minus(invested)
    if (tightest === undefined || available.lt(tightest.available))
      tightest = { on: day, committed, invested, available }
  }
  return tightest!
}
