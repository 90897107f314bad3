import type { Decimal } from "decimal.js"
import { fromFen, toWire, Yuan } from "../money/index.js"
import { quoting, type Said, say } from "../text/messages.js"

/** The rules of the linkage pilots as pure functions: no store, no clock. */

/** Rounds a non-negative amount down to the fen: a pool never pays a fraction of a fen more than its rule. */
export const floorToFen = (amount: Decimal): Decimal => new Yuan(amount).toDecimalPlaces(2, Yuan.ROUND_DOWN)

/** What bound a pool's payout: the ratio, the per-claim cap, or the pool's remaining balance. */
export type PayoutLimit = "ratio" | "cap" | "pool-balance"

export interface PayoutRule {
  /** A fraction of one, e.g. 0.6. */
  readonly ratio: Decimal
  /** The most one claim can get; null for none. */
  readonly cap: Decimal | null
}

export interface Payout {
  /** ⌊ratio × base⌋ to the fen. */
  readonly byRatio: Decimal
  readonly amount: Decimal
  readonly limitedBy: PayoutLimit
  /** How the amount was reached, in words (the English of `noteSaid`, what the claim keeps). */
  readonly note: string
  /** The same, said from the message catalogue. */
  readonly noteSaid: Said
}

/**
 * A pool's payout on a claim:
 *
 *     payout = min(⌊ratio × base⌋, cap, available)
 *
 * `base` is the loss the first payer did not cover (二次救济: loss − insurer paid; 风险补偿: the loss),
 * ⌊·⌋ rounds down to the fen, `cap` is absent when the rule has none, and `available` is what the pool
 * can still pay on the claim date ({@link availableOn}). On a tie the earlier limit is named (ratio, then
 * cap, then the pool), so "limited by the pool" means the pool really paid less than the rule allows.
 */
export const payout = (input: {
  readonly base: Decimal
  readonly rule: PayoutRule
  readonly available: Decimal
  /** "uncovered loss" or "loss", for the note. */
  readonly baseLabel: string
}): Payout => {
  const { base, rule, available, baseLabel } = input
  const byRatio = floorToFen(rule.ratio.times(base))
  let amount = byRatio
  let limitedBy: PayoutLimit = "ratio"
  if (rule.cap?.lt(amount)) {
    amount = rule.cap
    limitedBy = "cap"
  }
  if (available.lt(amount)) {
    amount = available
    limitedBy = "pool-balance"
  }
  const terms = {
    ratio: new Yuan(rule.ratio).toString(),
    base: baseLabel,
    amount: toWire(base),
    byRatio: toWire(byRatio),
    cap: rule.cap === null ? "" : toWire(rule.cap)
  }
  const full = { ...terms, balance: toWire(available), paid: toWire(amount), limit: limitedBy }
  const noteSaid = base.isZero()
    ? say("pool-payout-nothing-uncovered", full)
    : available.isZero()
      ? say("pool-payout-empty", terms)
      : say("pool-payout", full)
  return { byRatio, amount, limitedBy, note: noteSaid.message, noteSaid }
}

/** The payout note of a claim on pool `pool` by its rule effective from `from` (what the claim keeps). */
export const poolPayoutNote = (pool: string, from: string, note: Said): Said =>
  say("pool-payout-by-rule", { pool, from, ...quoting("note", note) } as never)

/** The note of a transfer-insurance claim that named no relief pool (what the claim keeps). */
export const noReliefNote = (): Said => say("pool-no-relief")

const NUMBER = "(-?[\\d.]+)"
const PAYOUT_NOTE = new RegExp(
  `^(nothing is uncovered: )?min\\(${NUMBER} × (uncovered loss|loss) ${NUMBER} = ${NUMBER}(?:, cap ${NUMBER})?, pool balance ${NUMBER}\\) = ${NUMBER}: limited by (the ratio|the per-claim cap|the pool's remaining balance)$`
)
const EMPTY_POOL_NOTE = new RegExp(
  `^the pool has no balance left, so nothing is paid \\(${NUMBER} × (uncovered loss|loss) ${NUMBER} = ${NUMBER}(?:, cap ${NUMBER})?\\)$`
)
const POOL_PREFIX = /^pool (\S+), rule of (\d{4}-\d{2}-\d{2}): (.*)$/s
const LIMITS: Readonly<Record<string, PayoutLimit>> = {
  "the ratio": "ratio",
  "the per-claim cap": "cap",
  "the pool's remaining balance": "pool-balance"
}

/**
 * A claim's kept note (its English, as {@link payout}, {@link poolPayoutNote} and {@link noReliefNote} said
 * it when the claim was recorded) said from the catalogue again, for a page in another language;
 * `undefined` for a note of another shape (kept as it is).
 */
export const payoutNoteSaid = (note: string): Said | undefined => {
  if (note === noReliefNote().message) return noReliefNote()
  const pooled = POOL_PREFIX.exec(note)
  if (pooled !== null) {
    const inner = payoutNoteSaid(pooled[3]!)
    return inner === undefined ? undefined : poolPayoutNote(pooled[1]!, pooled[2]!, inner)
  }
  const full = PAYOUT_NOTE.exec(note)
  if (full !== null) {
    const [, none, ratio, base, amount, byRatio, cap, balance, paid, limit] = full
    const params = {
      ratio: ratio!,
      base: base!,
      amount: amount!,
      byRatio: byRatio!,
      cap: cap ?? "",
      balance: balance!,
      paid: paid!,
      limit: LIMITS[limit!]!
    }
    const said =
      none === undefined ? say("pool-payout", params) : say("pool-payout-nothing-uncovered", params)
    return said.message === note ? said : undefined
  }
  const empty = EMPTY_POOL_NOTE.exec(note)
  if (empty !== null) {
    const [, ratio, base, amount, byRatio, cap] = empty
    const said = say("pool-payout-empty", {
      ratio: ratio!,
      base: base!,
      amount: amount!,
      byRatio: byRatio!,
      cap: cap ?? ""
    })
    return said.message === note ? said : undefined
  }
  return undefined
}

/** A movement of a pool: a deposit (positive fen) or a payout (negative fen), dated. */
export interface PoolMovement {
  readonly on: string
  readonly fen: bigint
}

/** The pool's balance at the end of `date`: every movement dated on or before it. */
export const balanceOn = (movements: ReadonlyArray<PoolMovement>, date: string): bigint =>
  movements.reduce((sum, m) => (m.on <= date ? sum + m.fen : sum), 0n)

/** The balance at the end of every date that has a movement, oldest first. */
const dailyBalances = (movements: ReadonlyArray<PoolMovement>) => {
  const byDate = new Map<string, bigint>()
  for (const m of movements) byDate.set(m.on, (byDate.get(m.on) ?? 0n) + m.fen)
  let running = 0n
  return [...byDate.keys()].sort().map((on) => {
    running += byDate.get(on) ?? 0n
    return { on, balance: running }
  })
}

/**
 * What a pool can pay on `date` without its balance going below zero on that date or on any later date
 * that already has a movement (a payout recorded later but dated earlier counts against the same money):
 * the smallest balance from `date` on, and never less than zero.
 */
export const availableOn = (movements: ReadonlyArray<PoolMovement>, date: string): Decimal => {
  let least = balanceOn(movements, date)
  for (const day of dailyBalances(movements)) if (day.on > date && day.balance < least) least = day.balance
  return fromFen(least < 0n ? 0n : least)
}

/** The first date on which the balance is below zero, if any. */
export const firstShortfall = (
  movements: ReadonlyArray<PoolMovement>
): { readonly on: string; readonly balance: Decimal } | undefined => {
  const day = dailyBalances(movements).find((d) => d.balance < 0n)
  return day === undefined ? undefined : { on: day.on, balance: fromFen(day.balance) }
}

/** A tier of a score model: totals from `from` (inclusive) up to the next tier's `from`. */
export interface TierRow {
  readonly tier: string
  readonly from: Decimal
  readonly limit: Decimal
}

/** The tier a total falls in: the one with the highest minimum at or below it; none below the lowest. */
export const tierFor = <T extends TierRow>(tiers: ReadonlyArray<T>, total: Decimal): T | undefined => {
  let found: T | undefined
  for (const t of tiers) if (t.from.lte(total) && (found === undefined || t.from.gt(found.from))) found = t
  return found
}
