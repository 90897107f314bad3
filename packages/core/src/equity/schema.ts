import { Decimal } from "decimal.js"
import { Schema } from "effect"
import {
  ForeignCurrency,
  foreignAmountIssue,
  PositiveYuanFromString,
  toWire,
  Yuan,
  YuanFromString
} from "../money/index.js"
import { Uscc } from "../registry/codes.js"
import { districtOf } from "../registry/districts.js"
import { AdminDivisionCode, EnterpriseStage, TechCategory } from "../registry/enterprises.js"
import { FreeText } from "../text/index.js"
import { checkMessage, checkSaid } from "../text/messages.js"
import { BusinessDate, pastDates } from "../time/index.js"

// ---------------------------------------------------------------------------------------------------------
// Vocabulary (DOMAIN.md, "The equity chain")
// ---------------------------------------------------------------------------------------------------------

/** 市科创基金 (the guidance fund), 子基金 (a sub-fund of a parent fund), or a chain fund. */
export const FundKind = Schema.Literals(["city-fund", "sub-fund", "chain"])
export type FundKind = typeof FundKind.Type

/** 天使投资扶初创 → 创投基金育成长 → 产业资本促扩张 → 温商基金优整合 */
export const ChainStage = Schema.Literals(["angel", "venture", "industrial", "merchant"])
export type ChainStage = typeof ChainStage.Type

export const FundStatus = Schema.Literals(["raising", "investing", "harvesting", "closed"])
export type FundStatus = typeof FundStatus.Type

/** 国家基金 / 央企基金 / 外资基金 landing in Wenzhou, or local. */
export const FundOrigin = Schema.Literals(["national", "central-soe", "foreign", "local"])
export type FundOrigin = typeof FundOrigin.Type

/** 财政 fiscal, 国资 state-owned, 民营 private, 温商 merchant, insurance, bank, individual, gp. */
export const LpType = Schema.Literals([
  "fiscal",
  "state-owned",
  "private",
  "merchant",
  "insurance",
  "bank",
  "individual",
  "gp"
])
export type LpType = typeof LpType.Type

/** Government money (DOMAIN.md): fiscal + state-owned. */
export const governmentLpTypes: ReadonlyArray<LpType> = ["fiscal", "state-owned"]
export const isGovernmentLp = (type: LpType): boolean => governmentLpTypes.includes(type)

export const DistributionKind = Schema.Literals(["return-of-capital", "gain", "dividend"])
export type DistributionKind = typeof DistributionKind.Type

/** equity; convertible; warrant 优先认股权; future-equity 未来可转股权; loan-with-warrant 认股权贷款 */
export const Instrument = Schema.Literals([
  "equity",
  "convertible",
  "warrant",
  "future-equity",
  "loan-with-warrant"
])
export type Instrument = typeof Instrument.Type

/** `direct` 直投: the fund itself invests; `via-sub-fund`: made through a sub-fund of the programme. */
export const InvestmentMode = Schema.Literals(["direct", "via-sub-fund"])
export type InvestmentMode = typeof InvestmentMode.Type

export const ExitRoute = Schema.Literals(["ipo", "m-and-a", "share-transfer", "buy-back", "write-off"])
export type ExitRoute = typeof ExitRoute.Type

export const entryKinds = [
  "commitment",
  "call",
  "distribution",
  "nav",
  "investment",
  "valuation",
  "exit",
  "reversal"
] as const
export type EntryKind = (typeof entryKinds)[number]

// ---------------------------------------------------------------------------------------------------------
// Input schemas
// ---------------------------------------------------------------------------------------------------------

const Text = FreeText

/** A fund's code: a lowercase slug, unique, never changed; fund managers are scoped by it (`actor.funds`). */
export const FundCode = Schema.String.check(
  Schema.makeFilter(
    (code: string) =>
      (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code) && code.length <= 64) ||
      'must be a lowercase slug of at most 64 characters (letters, digits, single hyphens), like "wz-angel-1"',
    { expected: "a lowercase slug" }
  )
)

const EntryId = Schema.Int.check(
  Schema.isGreaterThan(0, { message: checkMessage("whole-number-above-zero") })
)

/** An amount of yuan of at least zero (a NAV, a fair value, the proceeds of a write-off). */
export const NonNegativeYuanFromString = YuanFromString.check(
  Schema.makeFilter((amount: Decimal) => !amount.isNegative() || checkMessage("not-negative"), {
    identifier: "NonNegativeYuan",
    expected: "an amount of at least zero"
  })
)

/** Positive decimal text with at most `places` decimal places and 18 whole digits, e.g. "1.5", "7.1234". */
export const PositiveDecimalText = (places: number, example: string) =>
  Schema.Trim.check(
    Schema.makeFilter(
      (text: string) =>
        (new RegExp(`^\\d{1,18}(\\.\\d{1,${places}})?$`).test(text) && new Decimal(text).greaterThan(0)) ||
        `must be a positive decimal number with at most ${places} decimal places, like "${example}"`,
      { expected: "a positive decimal number written as text" }
    )
  )

/**
 * The same amount in another currency and the rate used. The amount in yuan is authoritative (every
 * figure uses it); this is kept beside it, for the record, and must agree with it: see {@link fxAgrees}.
 * The currency is a current ISO 4217 code other than CNY (the list and its source: money/currencies.ts).
 */
export const ForeignAmount = Schema.Struct({
  currency: ForeignCurrency("fx.currency"),
  amount: PositiveDecimalText(4, "1000000.00"),
  /** Yuan per unit of the currency. */
  rate: PositiveDecimalText(10, "7.1234")
})
export type ForeignAmountJson = typeof ForeignAmount.Encoded

/**
 * The foreign amount and the yuan amount agree: fx.amount × fx.rate, exact, rounded half up to the fen,
 * equals the input's yuan amount (`field`: amount, nav, fairValue or proceeds). Otherwise one issue at
 * `fx.amount` naming both fields and the difference (e.g. USD 1 @ 7 beside 350,000,000.00 yuan).
 */
export const fxAgrees = <K extends string>(field: K) =>
  Schema.makeFilter(
    (input: { readonly [P in K]: Decimal } & { readonly fx?: typeof ForeignAmount.Type | undefined }) => {
      if (input.fx === undefined) return true
      const problem = foreignAmountIssue(input.fx, input[field], field)
      return problem === undefined ? true : { path: ["fx", "amount"], issue: checkSaid(problem) }
    }
  )

const fundRules = Schema.makeFilter(
  (f: { kind: FundKind; chainStage?: ChainStage | undefined; parent?: string | undefined; code: string }) => {
    const issues: Array<{ path: [string]; issue: string }> = []
    if (f.kind === "chain" && f.chainStage === undefined)
      issues.push({
        path: ["chainStage"],
        issue: checkMessage("fund-chain-stage-required")
      })
    if (f.kind === "sub-fund" && f.parent === undefined)
      issues.push({ path: ["parent"], issue: checkMessage("fund-sub-needs-parent") })
    if (f.kind !== "sub-fund" && f.parent !== undefined)
      issues.push({ path: ["parent"], issue: checkMessage("fund-parent-only-sub", { kind: f.kind }) })
    if (f.parent !== undefined && f.parent === f.code)
      issues.push({ path: ["parent"], issue: checkMessage("fund-own-parent") })
    return issues.length === 0 ? true : issues
  }
)

/** Input of `Funds.create`. */
export const FundInput = Schema.Struct({
  code: FundCode,
  name: Text("the name"),
  kind: FundKind,
  /** Required for chain funds, optional for the others (a sub-fund may be an angel fund, say). */
  chainStage: Schema.optional(ChainStage),
  /** The parent fund's code: required for a sub-fund, not allowed otherwise. */
  parent: Schema.optional(FundCode),
  /** The managing institution's id (an institution of kind `fund-manager`). */
  manager: EntryId,
  targetSize: PositiveYuanFromString,
  /** First close; no ledger entry may be dated before it. */
  vintage: BusinessDate,
  /** Default `raising`, from the vintage on. */
  status: Schema.optional(FundStatus),
  /** Default `local`. */
  origin: Schema.optional(FundOrigin),
  /** Registered district (6-digit division code). */
  district: AdminDivisionCode,
  /** 返投 required local re-investment multiple, e.g. "1.5"; none when absent. */
  reinvestRequired: Schema.optional(PositiveDecimalText(4, "1.5"))
})
  .check(fundRules)
  .annotate(pastDates("vintage"))
export type FundInput = typeof FundInput.Type
export type FundInputJson = typeof FundInput.Encoded

/** Input of `Funds.setStatus`: the fund has `status` from `on` on. */
export const FundStatusInput = Schema.Struct({
  fund: FundCode,
  status: FundStatus,
  on: BusinessDate
}).annotate(pastDates("on"))
export type FundStatusInputJson = typeof FundStatusInput.Encoded

const fx = { fx: Schema.optional(ForeignAmount) }

/** Input of `Funds.commit` (认缴): an LP's commitment. Name the LP, or the fund that is the LP, or both. */
export const CommitmentInput = Schema.Struct({
  fund: FundCode,
  on: BusinessDate,
  /** Default: the LP fund's name. */
  lpName: Schema.optional(Text("the LP's name")),
  lpType: LpType,
  /** The code of a fund that is the LP (the city fund committing to a sub-fund). */
  lpFund: Schema.optional(FundCode),
  amount: PositiveYuanFromString,
  ...fx
})
  .check(
    Schema.makeFilter((c: { lpName?: string | undefined; lpFund?: string | undefined }) =>
      c.lpName === undefined && c.lpFund === undefined
        ? { path: ["lpName"], issue: checkMessage("fund-lp-name-or-fund") }
        : true
    )
  )
  .check(fxAgrees("amount"))
  .annotate(pastDates("on"))
export type CommitmentInputJson = typeof CommitmentInput.Encoded

/** Input of `Funds.call` (实缴): paid in against one commitment. */
export const CallInput = Schema.Struct({
  commitment: EntryId,
  on: BusinessDate,
  amount: PositiveYuanFromString,
  ...fx
})
  .check(fxAgrees("amount"))
  .annotate(pastDates("on"))
export type CallInputJson = typeof CallInput.Encoded

/** Input of `Funds.distribute`: a distribution to the LPs. */
export const DistributionInput = Schema.Struct({
  fund: FundCode,
  on: BusinessDate,
  distributionKind: DistributionKind,
  amount: PositiveYuanFromString,
  ...fx
})
  .check(fxAgrees("amount"))
  .annotate(pastDates("on"))
export type DistributionInputJson = typeof DistributionInput.Encoded

/**
 * What a pro-rata distribution is shared by: each LP's commitment (default: its share of the fund, as most
 * partnership agreements define it) or its paid-in capital on the distribution's date.
 */
export const ProRataBasis = Schema.Literals(["commitment", "paid-in"])
export type ProRataBasis = typeof ProRataBasis.Type

/**
 * Input of `Funds.callProRata`: one capital call of `amount` across every live commitment of the fund dated
 * on or before `on`, by commitment, each capped at its uncalled amount (allocation.ts: the fen rule).
 */
export const ProRataCallInput = Schema.Struct({
  fund: FundCode,
  on: BusinessDate,
  amount: PositiveYuanFromString
}).annotate(pastDates("on"))
export type ProRataCallInputJson = typeof ProRataCallInput.Encoded

/** Input of `Funds.distributeProRata`: one distribution of `amount` across the LPs, a line for each. */
export const ProRataDistributionInput = Schema.Struct({
  fund: FundCode,
  on: BusinessDate,
  distributionKind: DistributionKind,
  amount: PositiveYuanFromString,
  /** Default `commitment`. */
  basis: Schema.optional(ProRataBasis)
}).annotate(pastDates("on"))
export type ProRataDistributionInputJson = typeof ProRataDistributionInput.Encoded

/**
 * Input of `Funds.reverseProRata`: takes every line of one pro-rata call or distribution (the ledger entries
 * its journal entry `journalSeq` recorded) out of every figure, in one write.
 */
export const ProRataReversalInput = Schema.Struct({
  fund: FundCode,
  journalSeq: EntryId,
  reason: Text("the reason")
})
export type ProRataReversalInputJson = typeof ProRataReversalInput.Encoded

/** Input of `Funds.mark`: the fund's net asset value on a date. */
export const NavInput = Schema.Struct({
  fund: FundCode,
  on: BusinessDate,
  nav: NonNegativeYuanFromString,
  ...fx
})
  .check(fxAgrees("nav"))
  .annotate(pastDates("on"))
export type NavInputJson = typeof NavInput.Encoded

/** Input of `Funds.invest`. `local` is never input: it follows from the enterprise's district on `on`. */
export const InvestmentInput = Schema.Struct({
  fund: FundCode,
  /** The enterprise's credit code; it must be in the registry. */
  enterprise: Uscc,
  on: BusinessDate,
  amount: PositiveYuanFromString,
  instrument: Instrument,
  /** Free text: 天使轮, Pre-A, A, … */
  round: Schema.optional(Text("the round", 50)),
  /** Default: the enterprise's stage in the registry. */
  stage: Schema.optional(EnterpriseStage),
  /** Default: the enterprise's tech category in the registry. */
  techCategory: Schema.optional(TechCategory),
  /** Default: `via-sub-fund` for a sub-fund, `direct` otherwise. */
  mode: Schema.optional(InvestmentMode),
  ...fx
})
  .check(fxAgrees("amount"))
  .annotate(pastDates("on"))
export type InvestmentInputJson = typeof InvestmentInput.Encoded

/** Input of `Funds.value`: the fair value of a holding (what remains of an investment) on a date. */
export const ValuationInput = Schema.Struct({
  investment: EntryId,
  on: BusinessDate,
  fairValue: NonNegativeYuanFromString,
  ...fx
})
  .check(fxAgrees("fairValue"))
  .annotate(pastDates("on"))
export type ValuationInputJson = typeof ValuationInput.Encoded

/** Input of `Funds.exit`. Proceeds above the cost basis are the gain; a write-off has proceeds 0. */
export const ExitInput = Schema.Struct({
  investment: EntryId,
  on: BusinessDate,
  proceeds: NonNegativeYuanFromString,
  /** Cost of the part exited; default: all the remaining cost. */
  costBasis: Schema.optional(PositiveYuanFromString),
  route: ExitRoute,
  ...fx
})
  .check(fxAgrees("proceeds"))
  .annotate(pastDates("on"))
export type ExitInputJson = typeof ExitInput.Encoded

/** Input of `Funds.reverse`: takes an entry out of every figure; it stays in the ledger. */
export const EntryReversalInput = Schema.Struct({ id: EntryId, reason: Text("the reason") })
export type EntryReversalInputJson = typeof EntryReversalInput.Encoded

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

export interface ForeignAmountRecord {
  readonly currency: string
  readonly amount: Decimal
  readonly rate: Decimal
}

export interface Fund {
  readonly id: number
  readonly code: string
  readonly name: string
  readonly kind: FundKind
  readonly chainStage: ChainStage | null
  /** The parent fund's code. */
  readonly parent: string | null
  readonly manager: { readonly id: number; readonly name: string }
  readonly targetSize: Decimal
  readonly vintage: string
  /** The latest status. */
  readonly status: FundStatus
  readonly statusSince: string
  readonly origin: FundOrigin
  readonly district: string
  readonly reinvestRequired: Decimal | null
  readonly journalSeq: number
}

interface EntryBase {
  readonly id: number
  /** The fund's code. */
  readonly fund: string
  readonly on: string
  readonly journalSeq: number
  /** The id of the reversal that took this entry out of every figure. */
  readonly reversedBy: number | null
  readonly fx: ForeignAmountRecord | null
}

export interface CommitmentEntry extends EntryBase {
  readonly kind: "commitment"
  readonly amount: Decimal
  readonly lpName: string
  readonly lpType: LpType
  readonly lpFund: string | null
}

export interface CallEntry extends EntryBase {
  readonly kind: "call"
  readonly amount: Decimal
  readonly commitment: number
}

export interface DistributionEntry extends EntryBase {
  readonly kind: "distribution"
  readonly amount: Decimal
  readonly distributionKind: DistributionKind
  /** The LP's commitment a line of a pro-rata distribution is for; null for a fund-level distribution. */
  readonly commitment: number | null
}

export interface NavEntry extends EntryBase {
  readonly kind: "nav"
  readonly nav: Decimal
}

export interface InvestmentEntry extends EntryBase {
  readonly kind: "investment"
  readonly amount: Decimal
  readonly enterprise: { readonly id: number; readonly uscc: string; readonly name: string }
  readonly instrument: Instrument
  readonly round: string | null
  readonly stage: EnterpriseStage
  readonly techCategory: TechCategory
  readonly mode: InvestmentMode
  /** The enterprise's district on the investment date (from the registry's district history). */
  readonly district: string
  /** Wenzhou-registered on the investment date. Computed, never input. */
  readonly local: boolean
}

export interface ValuationEntry extends EntryBase {
  readonly kind: "valuation"
  readonly fairValue: Decimal
  readonly investment: number
}

export interface ExitEntry extends EntryBase {
  readonly kind: "exit"
  readonly proceeds: Decimal
  readonly costBasis: Decimal
  /** proceeds − costBasis (negative for a loss) */
  readonly gain: Decimal
  readonly route: ExitRoute
  readonly investment: number
}

export interface ReversalEntry extends EntryBase {
  readonly kind: "reversal"
  /** The id of the entry taken out. */
  readonly reverses: number
  readonly reason: string
}

export type FundEntry =
  | CommitmentEntry
  | CallEntry
  | DistributionEntry
  | NavEntry
  | InvestmentEntry
  | ValuationEntry
  | ExitEntry
  | ReversalEntry

/** Whether an entry still counts (it is not reversed, and is not itself a reversal). */
export const isLive = (entry: FundEntry): boolean => entry.reversedBy === null && entry.kind !== "reversal"

// ---------------------------------------------------------------------------------------------------------
// Wire forms: money as decimal strings with two places, dates YYYY-MM-DD
// ---------------------------------------------------------------------------------------------------------

const decimalText = (d: Decimal): string => new Yuan(d).toString()

export const fundToJson = (f: Fund) => ({
  ...f,
  targetSize: toWire(f.targetSize),
  reinvestRequired: f.reinvestRequired === null ? null : decimalText(f.reinvestRequired),
  districtName: districtOf(f.district)?.name ?? null
})

const fxToJson = (fx: ForeignAmountRecord | null) =>
  fx === null ? null : { currency: fx.currency, amount: decimalText(fx.amount), rate: decimalText(fx.rate) }

export const fundEntryToJson = (e: FundEntry) => {
  const base = { ...e, fx: fxToJson(e.fx), reversed: e.reversedBy !== null }
  switch (e.kind) {
    case "commitment":
    case "call":
    case "distribution":
      return { ...base, amount: toWire(e.amount) }
    case "investment":
      return { ...base, amount: toWire(e.amount), districtName: districtOf(e.district)?.name ?? null }
    case "nav":
      return { ...base, nav: toWire(e.nav) }
    case "valuation":
      return { ...base, fairValue: toWire(e.fairValue) }
    case "exit":
      return { ...base, proceeds: toWire(e.proceeds), costBasis: toWire(e.costBasis), gain: toWire(e.gain) }
    case "reversal":
      return base
  }
}
