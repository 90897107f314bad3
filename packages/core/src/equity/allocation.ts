import type { Decimal } from "decimal.js"
import { fromFen, toFen, toWire, Yuan } from "../money/index.js"
import type { DistributionKind, LpType, ProRataBasis, ReversalEntry } from "./schema.js"

/*
 * Pro-rata allocation to the fen (LP capital accounts, DOMAIN.md "The equity chain").
 *
 * A total T (whole fen) is shared among parts by weight w_i (whole fen: a commitment, or paid-in capital),
 * each part optionally capped (a call never takes more than a commitment's uncalled amount):
 *
 *  1. exact shares: s_i = T × w_i / W (W = Σ w_i of the parts still open);
 *  2. caps (water-filling): every part whose exact share exceeds its cap gets its cap and leaves; what is
 *     left of T is shared again among the others by the same rule, until no share exceeds a cap;
 *  3. rounding, largest remainder: each open part gets ⌊s_i⌋ fen; the fen left over (fewer than the number
 *     of parts) go one each to the parts with the largest remainders s_i − ⌊s_i⌋, ties to the part that
 *     comes first in the given order (the commitments' order: date, then id).
 *
 * The parts then add up to T exactly, each within one fen of its exact share and none above its cap (a cap
 * is whole fen, so rounding an exact share ≤ cap up stays ≤ cap). Everything is integer arithmetic on fen
 * (bigint): no float, no silent rounding.
 */

export interface AllocationPart {
  /** The weight in fen-exact yuan (a commitment, a paid-in amount); must be above zero. */
  readonly weight: Decimal
  /** At most this much (whole fen); none when absent. */
  readonly cap?: Decimal | undefined
}

/** Why a total cannot be allocated. */
export type AllocationProblem =
  | { readonly _tag: "NoParts" }
  | { readonly _tag: "OverCap"; readonly capacity: Decimal }

/**
 * `total` allocated to `parts` by the rule above, in the parts' order; a problem when there is no part
 * with a weight above zero, or when `total` exceeds the sum of the caps (`capacity`, with every part
 * capped; an uncapped part makes the capacity unlimited).
 */
export const allocateProRata = (
  total: Decimal,
  parts: ReadonlyArray<AllocationPart>
): ReadonlyArray<Decimal> | AllocationProblem => {
  const totalFen = toFen(total)
  const weights = parts.map((p) => toFen(p.weight))
  const caps = parts.map((p) => (p.cap === undefined ? undefined : toFen(p.cap)))
  if (parts.length === 0 || weights.every((w) => w <= 0n)) return { _tag: "NoParts" }
  const weighted = parts.map((_, i) => i).filter((i) => weights[i]! > 0n)
  if (weighted.every((i) => caps[i] !== undefined)) {
    const capacity = weighted.reduce<bigint>((s, i) => s + (caps[i] ?? 0n), 0n)
    if (totalFen > capacity) return { _tag: "OverCap", capacity: fromFen(capacity) }
  }
  const result: Array<bigint> = parts.map(() => 0n)
  let open = weighted
  let remaining = totalFen
  // Water-filling: a part whose exact share exceeds its cap is filled to the cap and leaves.
  for (;;) {
    const w = open.reduce((s, i) => s + weights[i]!, 0n)
    const over = open.filter((i) => {
      const cap = caps[i]
      return cap !== undefined && remaining * weights[i]! > cap * w
    })
    if (over.length === 0) break
    for (const i of over) {
      result[i] = caps[i]!
      remaining -= caps[i]!
    }
    open = open.filter((i) => !over.includes(i))
    if (open.length === 0) break
  }
  if (open.length > 0) {
    const w = open.reduce((s, i) => s + weights[i]!, 0n)
    const exact = open.map((i) => ({
      i,
      floor: (remaining * weights[i]!) / w,
      rem: (remaining * weights[i]!) % w
    }))
    let left = remaining - exact.reduce((s, e) => s + e.floor, 0n)
    for (const e of exact) result[e.i] = e.floor
    // Largest remainder first; ties keep the given order (a stable sort).
    const byRemainder = [...exact].sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1))
    for (const e of byRemainder) {
      if (left === 0n) break
      result[e.i] = result[e.i]! + 1n
      left -= 1n
    }
  }
  return result.map((fen) => fromFen(fen))
}

export const isAllocationProblem = (a: ReadonlyArray<Decimal> | AllocationProblem): a is AllocationProblem =>
  !Array.isArray(a)

// ---------------------------------------------------------------------------------------------------------
// A pro-rata call or distribution as recorded: one ledger entry per LP with a share above zero
// ---------------------------------------------------------------------------------------------------------

/** One LP's part of a pro-rata call or distribution. */
export interface ProRataLine {
  /** The commitment's id. */
  readonly commitment: number
  readonly lpName: string
  readonly lpType: LpType
  readonly lpFund: string | null
  /** What the share was weighed by: the commitment, or the paid-in capital on the date. */
  readonly weight: Decimal
  /** A call's cap: the commitment's uncalled amount before it; null for a distribution. */
  readonly cap: Decimal | null
  readonly amount: Decimal
  /** The ledger entry written for this line; null when its share is 0.00 (nothing is written). */
  readonly entry: number | null
}

/** A pro-rata call or distribution: one command, one journal entry, a ledger entry per line. */
export interface ProRataAllocation {
  readonly fund: string
  readonly on: string
  readonly kind: "call" | "distribution"
  readonly distributionKind: DistributionKind | null
  readonly basis: ProRataBasis
  readonly amount: Decimal
  readonly journalSeq: number
  readonly lines: ReadonlyArray<ProRataLine>
}

/** The wire form (and the journal's result reference: it is all the answer needs to be given again). */
export const proRataToJson = (a: ProRataAllocation) => ({
  fund: a.fund,
  on: a.on,
  kind: a.kind,
  distributionKind: a.distributionKind,
  basis: a.basis,
  amount: toWire(a.amount),
  journalSeq: a.journalSeq,
  lines: a.lines.map((l) => ({
    commitment: l.commitment,
    lpName: l.lpName,
    lpType: l.lpType,
    lpFund: l.lpFund,
    weight: toWire(l.weight),
    cap: l.cap === null ? null : toWire(l.cap),
    amount: toWire(l.amount),
    entry: l.entry
  }))
})
export type ProRataAllocationJson = ReturnType<typeof proRataToJson>

/** The record again from its wire form (a replayed idempotency key answers what the first request did). */
export const proRataFromJson = (j: ProRataAllocationJson): ProRataAllocation => ({
  ...j,
  amount: new Yuan(j.amount),
  lines: j.lines.map((l) => ({
    ...l,
    weight: new Yuan(l.weight),
    cap: l.cap === null ? null : new Yuan(l.cap),
    amount: new Yuan(l.amount)
  }))
})

/** A pro-rata call or distribution reversed as a whole: a reversal entry per line, one journal entry. */
export interface ProRataReversal {
  readonly fund: string
  /** The allocation's journal entry. */
  readonly journalSeq: number
  readonly reversals: ReadonlyArray<ReversalEntry>
}
