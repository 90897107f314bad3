import { Context, Layer } from "effect"
import { parseYuan, type Yuan } from "../money/index.js"

/** 普惠 default: a loan, or a registration, of at most 10,000,000.00 yuan (DOMAIN.md). */
export const DEFAULT_INCLUSIVE_THRESHOLD = "10000000.00"

/** How the pledge module is configured; every field has a default. */
export interface PledgeSettingsShape {
  /**
   * The 普惠 threshold: a registration is inclusive when its registered amount, or any of its live loans,
   * is at most this. Queries (`breakdown`, `registration`) take their own `inclusiveThreshold` too.
   */
  readonly inclusiveThreshold: Yuan
  /**
   * Refuse a registration that pledges a patent still pledged under another live registration that was
   * neither released nor cancelled on or before the new registration's date (CNIPA refuses such
   * registrations). ZL…, CN… and bare spellings of a number are the same patent. On by default; turn it off
   * with `openKejin({ pledges: { exclusivePatents: false } })` (e.g. to load a register with known overlaps).
   */
  readonly exclusivePatents: boolean
}

/** Options as callers write them: the threshold as money text (`"1000万"`, `"10000000.00"`). */
export interface PledgeSettingsInput {
  readonly inclusiveThreshold?: string | undefined
  readonly exclusivePatents?: boolean | undefined
}

const defaults = (): PledgeSettingsShape => ({
  inclusiveThreshold: parseYuan(DEFAULT_INCLUSIVE_THRESHOLD),
  exclusivePatents: true
})

/** The pledge module's settings: a reference with defaults, replaced by {@link pledgeSettingsLayer}. */
export const PledgeSettings = Context.Reference<PledgeSettingsShape>("@kejin/core/PledgeSettings", {
  defaultValue: defaults
})

/**
 * A layer providing settings from caller options.
 *
 * @throws {MoneyParseError} when the threshold is not an amount of yuan
 * @throws {RangeError} when the threshold is not greater than zero
 */
export const pledgeSettingsLayer = (input: PledgeSettingsInput = {}) => {
  const base = defaults()
  const threshold =
    input.inclusiveThreshold === undefined ? base.inclusiveThreshold : parseYuan(input.inclusiveThreshold)
  if (!threshold.greaterThan(0)) throw new RangeError("the inclusive threshold must be greater than zero")
  return Layer.succeed(PledgeSettings, {
    inclusiveThreshold: threshold,
    exclusivePatents: input.exclusivePatents ?? base.exclusivePatents
  })
}
