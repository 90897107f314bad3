import { Decimal } from "decimal.js"
import { Schema } from "effect"
import { FundCode, NonNegativeYuanFromString } from "../equity/schema.js"
import { PositiveYuanFromString, toWire, Yuan } from "../money/index.js"
import { linkagePilotLabels } from "../operations/labels.js"
import { Uscc } from "../registry/codes.js"
import { controlCharacterSaid, FreeText } from "../text/index.js"
import { checkMessage, checkSaid, say, type Told } from "../text/messages.js"
import { BusinessDate, pastDates } from "../time/index.js"
import { type LoanStanding, loanStandingFields } from "./loan-events/schema.js"
import type { PayoutLimit } from "./rules.js"

// ---------------------------------------------------------------------------------------------------------
// Vocabulary (DOMAIN.md, "Linkage pilots and sci-tech credit (五)")
// ---------------------------------------------------------------------------------------------------------

/**
 * The pilots of the action plan's section (五), plus the pledge programmes kept beside them:
 * 投贷联动 `investment-loan`, 投保联动 `investment-insurance`, 投投联动 `co-investment`, 科创指数贷
 * `index-loan`, 科技成果转化保险 (with 二次救济) `transfer-insurance`, 风险补偿资金池 `risk-compensation`,
 * 贴息 `interest-subsidy`, 科技创新债券 `bonds`.
 */
export const pilots = [
  "investment-loan",
  "investment-insurance",
  "co-investment",
  "index-loan",
  "transfer-insurance",
  "risk-compensation",
  "interest-subsidy",
  "bonds"
] as const
export const Pilot = Schema.Literals(pilots)
export type Pilot = typeof Pilot.Type

/** Chinese labels for the UI (operations/labels.ts `linkagePilotLabels`, where both languages are declared). */
export const pilotLabels: Record<Pilot, string> = Object.fromEntries(
  pilots.map((pilot) => [pilot, linkagePilotLabels[pilot].zh])
) as Record<Pilot, string>

export const LoanPilot = Schema.Literals(["investment-loan", "index-loan"])
export type LoanPilot = typeof LoanPilot.Type

export const PolicyPilot = Schema.Literals(["investment-insurance", "transfer-insurance"])
export type PolicyPilot = typeof PolicyPilot.Type

/** 二次救济 relief pool (科技成果转化保险) or 风险补偿资金池 (defaulted pledge loans). */
export const PoolKind = Schema.Literals(["relief", "risk-compensation"])
export type PoolKind = typeof PoolKind.Type

export const ClaimKind = Schema.Literals(["transfer-insurance", "risk-compensation"])
export type ClaimKind = typeof ClaimKind.Type

/** Who followed the city fund's direct investment: one of the programme's sub-funds, or social capital. */
export const FollowerKind = Schema.Literals(["sub-fund", "social-capital"])
export type FollowerKind = typeof FollowerKind.Type

/** Every kind of linkage record; a reversal names one of these and the record's id. */
export const recordKinds = [
  "loan",
  "warrant-event",
  "tier-table",
  "score",
  "policy",
  "pool",
  "pool-rule",
  "deposit",
  "claim",
  "co-investment",
  "subsidy",
  "bond",
  "loan-event"
] as const
export const RecordKind = Schema.Literals(recordKinds)
export type RecordKind = typeof RecordKind.Type

// ---------------------------------------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------------------------------------

/** Free text (names, notes, reasons, numbers as text): trimmed, 1 to `max` characters, no control characters. */
const Text = FreeText

const Id = Schema.Int.check(Schema.isGreaterThan(0, { message: checkMessage("whole-number-above-zero") }))

/**
 * Exact decimal text (never a float): `places` decimal places at most, `digits` whole digits at most,
 * above zero or at least zero, and at most `max`. Kept as text in the input, a `Decimal` in the records.
 */
const DecimalText = (o: {
  readonly what: string
  readonly places: number
  readonly digits: number
  readonly positive: boolean
  readonly max?: string
  readonly example: string
}) => {
  const shape = new RegExp(`^\\d{1,${o.digits}}(\\.\\d{1,${o.places}})?$`)
  const range = `${o.positive ? "above 0" : "at least 0"}${o.max === undefined ? "" : ` and at most ${o.max}`}`
  const message = `must be ${o.what} ${range}, written as a decimal number with at most ${o.places} decimal places, like "${o.example}"`
  return Schema.Trim.check(
    Schema.makeFilter(
      (text: string) => {
        if (!shape.test(text)) return message
        const value = new Decimal(text)
        if (o.positive && !value.gt(0)) return message
        if (o.max !== undefined && value.gt(o.max)) return message
        return true
      },
      { expected: `${o.what} as decimal text` }
    )
  )
}

/** A share of equity in percent: `"2.5"` is 2.5 %. */
export const EquityPercent = DecimalText({
  what: "a percentage",
  places: 4,
  digits: 3,
  positive: true,
  max: "100",
  example: "2.5"
})

/** An annual rate in percent (interest, coupon): `"3.45"` is 3.45 % a year; 0 is allowed. */
export const RatePercent = DecimalText({
  what: "a rate in percent",
  places: 4,
  digits: 3,
  positive: false,
  max: "100",
  example: "3.45"
})

/** A ratio as a fraction of one: `"0.6"` is 60 % (relief ratio, cover ratio). */
export const Ratio = DecimalText({
  what: "a ratio",
  places: 6,
  digits: 1,
  positive: true,
  max: "1",
  example: "0.6"
})

/** A sci-tech index score (or one dimension of it). */
export const Score = DecimalText({ what: "a score", places: 4, digits: 6, positive: false, example: "82.5" })

/** A pool's code: a lowercase slug, unique, never reused (like a fund's code). */
export const PoolCode = Schema.String.check(
  Schema.makeFilter(
    (code: string) =>
      (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(code) && code.length <= 64) ||
      'must be a lowercase slug of at most 64 characters (letters, digits, single hyphens), like "wz-relief"',
    { expected: "a lowercase slug" }
  )
)

/** Normalised decimal text for the store: `"02.50"` → `"2.5"`. */
export const decimalColumn = (text: string): string => new Yuan(text).toString()

type Issue = { path: ReadonlyArray<string>; issue: string }
const issuesOrTrue = (issues: ReadonlyArray<Issue>) =>
  issues.length === 0 ? true : issues.map((i) => ({ path: [...i.path], issue: i.issue }))

const exactlyOne = (
  value: Record<string, unknown>,
  keys: ReadonlyArray<string>,
  what: "insured" | "policy-holding" | "subsidy-loan" | "issuer"
): ReadonlyArray<Issue> => {
  const given = keys.filter((k) => value[k] !== undefined)
  if (given.length === 1) return []
  const list = keys.join(" or ")
  return given.length === 0
    ? [{ path: [keys[0] ?? ""], issue: checkMessage("name-exactly-one", { what, fields: list }) }]
    : given.slice(1).map((k) => ({ path: [k], issue: checkMessage("name-only-one", { what, fields: list }) }))
}

// ---------------------------------------------------------------------------------------------------------
// Input schemas
// ---------------------------------------------------------------------------------------------------------

const loanFields = {
  /** The lending bank: an institution of kind `bank`. */
  bank: Id,
  /** The borrower's credit code; it must be in the registry. */
  enterprise: Uscc,
  amount: PositiveYuanFromString,
  /** Annual interest rate in percent, e.g. "3.45". */
  ratePercent: RatePercent,
  disbursedOn: BusinessDate,
  maturesOn: BusinessDate
}

const maturityRule = (l: { disbursedOn: string; maturesOn: string }): ReadonlyArray<Issue> =>
  l.maturesOn > l.disbursedOn
    ? []
    : [{ path: ["maturesOn"], issue: checkMessage("after-field", { field: "disbursedOn" }) }]

/** 认股权: the option a warrant loan carries for a designated holder. */
export const WarrantInput = Schema.Struct({
  /** Who may exercise: the bank's investment arm, a fund, … */
  holder: Text("the holder"),
  /** The holder's fund code, when the holder is a fund in the registry. */
  holderFund: Schema.optional(FundCode),
  /** The share of equity the option covers, in percent. */
  equityPercent: EquityPercent,
  /** How the strike is set, e.g. "A轮投后估值的八折". */
  strikeBasis: Text("the strike basis", 500),
  /** The valuation the strike refers to, when it is a figure. */
  strikeValuation: Schema.optional(PositiveYuanFromString),
  expiresOn: BusinessDate
})
export type WarrantInputJson = typeof WarrantInput.Encoded

/** Input of `Linkage.recordInvestmentLoan` (投贷联动): a loan linked to an equity investment. */
export const InvestmentLoanInput = Schema.Struct({
  ...loanFields,
  /** The id of a fund-ledger investment in the same enterprise. */
  investment: Id,
  /** 认股权贷款: the option the loan carries. */
  warrant: Schema.optional(WarrantInput)
}).check(
  Schema.makeFilter(
    (l: { disbursedOn: string; maturesOn: string; warrant?: { expiresOn: string } | undefined }) =>
      issuesOrTrue([
        ...maturityRule(l),
        ...(l.warrant !== undefined && l.warrant.expiresOn < l.disbursedOn
          ? [
              {
                path: ["warrant", "expiresOn"],
                issue: checkMessage("not-before-field", { field: "disbursedOn" })
              }
            ]
          : [])
      ])
  )
)
export type InvestmentLoanInputJson = typeof InvestmentLoanInput.Encoded

/** Input of `Linkage.recordIndexLoan` (科创指数贷). */
export const IndexLoanInput = Schema.Struct({
  ...loanFields,
  /** The score snapshot to grant on; default: the enterprise's latest live one scored on or before disbursedOn. */
  score: Schema.optional(Id)
}).check(Schema.makeFilter((l: { disbursedOn: string; maturesOn: string }) => issuesOrTrue(maturityRule(l))))
export type IndexLoanInputJson = typeof IndexLoanInput.Encoded

/** Input of `Linkage.recordWarrantExercise`. */
export const WarrantExerciseInput = Schema.Struct({
  loan: Id,
  on: BusinessDate,
  /** The share exercised, in percent; all exercises together stay within the option's share. */
  equityPercent: EquityPercent,
  amountPaid: NonNegativeYuanFromString
})
export type WarrantExerciseInputJson = typeof WarrantExerciseInput.Encoded

/** Input of `Linkage.recordWarrantExit`: selling what was exercised. */
export const WarrantExitInput = Schema.Struct({
  loan: Id,
  on: BusinessDate,
  proceeds: NonNegativeYuanFromString,
  /** Default: all of the share exercised by `on` and not exited yet. */
  equityPercent: Schema.optional(EquityPercent)
})
export type WarrantExitInputJson = typeof WarrantExitInput.Encoded

const TierInput = Schema.Struct({
  /** The tier's name: A, B, AA, 一档, … */
  tier: Text("the tier", 20),
  /** The lowest total score of the tier; the tier runs up to the next tier's minimum (exclusive). */
  minScore: Score,
  /** The credit limit of the tier. */
  limit: PositiveYuanFromString
})

/** Input of `Linkage.recordTierTable`: one model version's score tiers and credit limits. */
export const TierTableInput = Schema.Struct({
  modelVersion: Text("the model version", 50),
  /** The highest total the model gives; totals above it are refused. */
  maxScore: Schema.optional(Score),
  tiers: Schema.Array(TierInput).check(
    Schema.isMinLength(1, { message: checkMessage("tiers-none") }),
    Schema.isMaxLength(50, { message: checkMessage("tiers-too-many", { max: "50" }) })
  )
}).check(
  Schema.makeFilter(
    (t: { maxScore?: string | undefined; tiers: ReadonlyArray<{ tier: string; minScore: string }> }) => {
      const issues: Array<Issue> = []
      const names = new Set<string>()
      const minimums: Array<Decimal> = []
      t.tiers.forEach((tier, i) => {
        if (names.has(tier.tier))
          issues.push({ path: ["tiers", String(i), "tier"], issue: checkMessage("tier-named-twice") })
        names.add(tier.tier)
        const min = new Decimal(tier.minScore)
        if (minimums.some((m) => m.eq(min)))
          issues.push({ path: ["tiers", String(i), "minScore"], issue: checkMessage("tier-same-start") })
        minimums.push(min)
        if (t.maxScore !== undefined && min.gt(t.maxScore))
          issues.push({
            path: ["tiers", String(i), "minScore"],
            issue: checkSaid(say("tier-above-max-score", { max: t.maxScore }))
          })
      })
      return issuesOrTrue(issues)
    }
  )
)
export type TierTableInputJson = typeof TierTableInput.Encoded

/** Input of `Linkage.recordScore`: an enterprise's index score; the tier follows from the model's tier table. */
export const ScoreInput = Schema.Struct({
  enterprise: Uscc,
  modelVersion: Text("the model version", 50),
  scoredOn: BusinessDate,
  /** The model's total (often weighted: it is not checked against the dimensions). */
  total: Score,
  /**
   * Dimension name → score, e.g. { "研发投入": "18.5", "知识产权": "22" }; none when left out (the form and
   * the import record the total alone).
   */
  dimensions: Schema.optional(Schema.Record(Schema.String, Score))
})
  .check(
    Schema.makeFilter((s: { dimensions?: Record<string, string> | undefined }) => {
      const keys = Object.keys(s.dimensions ?? {})
      const issues: Array<Issue> = []
      if (keys.length > 50)
        issues.push({ path: ["dimensions"], issue: checkMessage("dimensions-too-many", { max: "50" }) })
      for (const key of keys) {
        if (key.trim() === "" || key.length > 50 || key !== key.trim())
          issues.push({
            path: ["dimensions", key],
            issue: checkMessage("dimension-name-shape")
          })
        else {
          const problem = controlCharacterSaid(key)
          if (problem !== undefined)
            issues.push({
              path: ["dimensions", key],
              issue: checkSaid(
                say("dimension-name-control", problem.params as { char: string; position: string })
              )
            })
        }
      }
      return issuesOrTrue(issues)
    })
  )
  .annotate(pastDates("scoredOn"))
export type ScoreInputJson = typeof ScoreInput.Encoded

const periodRule = (p: { startsOn: string; endsOn: string }): ReadonlyArray<Issue> =>
  p.endsOn >= p.startsOn
    ? []
    : [{ path: ["endsOn"], issue: checkMessage("not-before-field", { field: "startsOn" }) }]

/**
 * Input of `Linkage.recordInvestmentPolicy` (投保联动): a policy on an enterprise or a fund, linked to an
 * investment or to a fund. `insurerCommitment` names the insurer's commitment as an LP (险资 as LP).
 */
export const InvestmentPolicyInput = Schema.Struct({
  policyNo: Schema.optional(Text("the policy number", 60)),
  /** An institution of kind `insurer`. */
  insurer: Id,
  insuredEnterprise: Schema.optional(Uscc),
  insuredFund: Schema.optional(FundCode),
  /** A fund-ledger investment the policy goes with. */
  investment: Schema.optional(Id),
  /** A fund the policy goes with. */
  fund: Schema.optional(FundCode),
  /** The insurer's commitment (LP type `insurance`) to the linked fund. */
  insurerCommitment: Schema.optional(Id),
  sumInsured: PositiveYuanFromString,
  premium: NonNegativeYuanFromString,
  startsOn: BusinessDate,
  endsOn: BusinessDate
}).check(
  Schema.makeFilter((p: Record<string, unknown> & { startsOn: string; endsOn: string }) =>
    issuesOrTrue([
      ...exactlyOne(p, ["insuredEnterprise", "insuredFund"], "insured"),
      ...exactlyOne(p, ["investment", "fund"], "policy-holding"),
      ...periodRule(p)
    ])
  )
)
export type InvestmentPolicyInputJson = typeof InvestmentPolicyInput.Encoded

/** Input of `Linkage.recordTransferPolicy` (科技成果转化保险). */
export const TransferPolicyInput = Schema.Struct({
  policyNo: Schema.optional(Text("the policy number", 60)),
  insurer: Id,
  /** The insured enterprise's credit code. */
  enterprise: Uscc,
  sumInsured: PositiveYuanFromString,
  premium: NonNegativeYuanFromString,
  /** 保费补贴: the part of the premium the government pays; default 0, at most the premium. */
  premiumSubsidy: Schema.optional(NonNegativeYuanFromString),
  startsOn: BusinessDate,
  endsOn: BusinessDate
}).check(
  Schema.makeFilter(
    (p: { premium: Decimal; premiumSubsidy?: Decimal | undefined; startsOn: string; endsOn: string }) =>
      issuesOrTrue([
        ...(p.premiumSubsidy?.gt(p.premium)
          ? [
              {
                path: ["premiumSubsidy"],
                issue: checkSaid(say("not-above-premium", { premium: toWire(p.premium) }))
              }
            ]
          : []),
        ...periodRule(p)
      ])
  )
)
export type TransferPolicyInputJson = typeof TransferPolicyInput.Encoded

/** Input of `Linkage.recordPool`: a government-backed pool and its first rule (effective from `openedOn`). */
export const PoolInput = Schema.Struct({
  code: PoolCode,
  name: Text("the name"),
  kind: PoolKind,
  openedOn: BusinessDate,
  /** Who backs the pool, e.g. 市财政局. */
  backer: Schema.optional(Text("the backer")),
  /** Relief ratio (二次救济) or cover ratio (风险补偿), as a fraction: "0.6". */
  ratio: Ratio,
  /** Most one claim can get; none when absent. */
  cap: Schema.optional(PositiveYuanFromString)
})
export type PoolInputJson = typeof PoolInput.Encoded

/** Input of `Linkage.recordPoolRule`: a pool's ratio and cap from `effectiveFrom` on (a new version). */
export const PoolRuleInput = Schema.Struct({
  pool: PoolCode,
  effectiveFrom: BusinessDate,
  ratio: Ratio,
  cap: Schema.optional(PositiveYuanFromString)
})
export type PoolRuleInputJson = typeof PoolRuleInput.Encoded

/** Input of `Linkage.recordDeposit`: money paid into a pool. */
export const DepositInput = Schema.Struct({
  pool: PoolCode,
  on: BusinessDate,
  amount: PositiveYuanFromString,
  /** Where the money came from, e.g. 市级财政. */
  source: Schema.optional(Text("the source"))
}).annotate(pastDates("on"))
export type DepositInputJson = typeof DepositInput.Encoded

/**
 * Input of `Linkage.recordTransferClaim`: a loss under a transfer-insurance policy, what the insurer paid,
 * and the relief pool that pays the second layer (二次救济); without `reliefPool` no relief is paid.
 */
export const TransferClaimInput = Schema.Struct({
  policy: Id,
  on: BusinessDate,
  loss: PositiveYuanFromString,
  insurerPaid: NonNegativeYuanFromString,
  reliefPool: Schema.optional(PoolCode)
})
  .check(
    Schema.makeFilter((c: { loss: Decimal; insurerPaid: Decimal }) =>
      c.insurerPaid.gt(c.loss)
        ? { path: ["insurerPaid"], issue: checkSaid(say("not-above-loss", { loss: toWire(c.loss) })) }
        : true
    )
  )
  .annotate(pastDates("on"))
export type TransferClaimInputJson = typeof TransferClaimInput.Encoded

/**
 * Input of `Linkage.recordCompensationClaim` (风险补偿): a defaulted pledge loan's loss claimed against a
 * risk-compensation pool. The pledge is named by its registration number, as text.
 */
export const CompensationClaimInput = Schema.Struct({
  pool: PoolCode,
  /** CNIPA 质押登记号 of the pledge. */
  registrationNo: Text("the registration number", 50),
  on: BusinessDate,
  loss: PositiveYuanFromString,
  /** The lending bank (an institution of kind `bank`). */
  bank: Schema.optional(Id),
  /** The pledgor's credit code, for its finance journey; it must be in the registry. */
  enterprise: Schema.optional(Uscc)
}).annotate(pastDates("on"))
export type CompensationClaimInputJson = typeof CompensationClaimInput.Encoded

/** Input of `Linkage.recordInterestSubsidy` (贴息): paid on a linkage loan or on a pledge loan. */
export const InterestSubsidyInput = Schema.Struct({
  on: BusinessDate,
  amount: PositiveYuanFromString,
  /** A linkage loan's id. */
  loan: Schema.optional(Id),
  /** A pledge registration number (质押登记号), as text. */
  registrationNo: Schema.optional(Text("the registration number", 50)),
  /** The borrower; taken from the loan when `loan` is given (and must then match). */
  enterprise: Schema.optional(Uscc),
  payer: Schema.optional(Text("the payer"))
})
  .check(
    Schema.makeFilter((s: Record<string, unknown>) =>
      issuesOrTrue(exactlyOne(s, ["loan", "registrationNo"], "subsidy-loan"))
    )
  )
  .annotate(pastDates("on"))
export type InterestSubsidyInputJson = typeof InterestSubsidyInput.Encoded

/** The maturity (`issuedOn` plus `tenorMonths`) must be a date the calendar holds: 9999-12-31 at the latest. */
const bondMaturityRule = (b: { issuedOn: string; tenorMonths: number }): ReadonlyArray<Issue> => {
  const month = Number(b.issuedOn.slice(0, 4)) * 12 + Number(b.issuedOn.slice(5, 7)) - 1 + b.tenorMonths
  return month <= 9999 * 12 + 11
    ? []
    : [
        {
          path: ["tenorMonths"],
          issue: checkSaid(
            say("bond-matures-too-late", { issuedOn: b.issuedOn, months: String(b.tenorMonths) })
          )
        }
      ]
}

/** Input of `Linkage.recordBond` (科技创新债券). */
export const BondInput = Schema.Struct({
  /** 债券代码, when known. */
  code: Schema.optional(Text("the bond code", 40)),
  /** An issuing enterprise's credit code … */
  issuerEnterprise: Schema.optional(Uscc),
  /** … or an issuing institution's id. */
  issuerInstitution: Schema.optional(Id),
  amount: PositiveYuanFromString,
  issuedOn: BusinessDate,
  tenorMonths: Schema.Int.check(
    Schema.makeFilter(
      (n: number) => (n >= 1 && n <= 600) || checkMessage("months-range", { min: "1", max: "600" })
    )
  ),
  couponPercent: RatePercent,
  /** 募集资金用途. */
  useOfProceeds: Text("the use of proceeds", 500),
  /** The fund the proceeds go to (e.g. the city fund), by code. */
  proceedsFund: Schema.optional(FundCode)
})
  .check(
    Schema.makeFilter((b: Record<string, unknown> & { issuedOn: string; tenorMonths: number }) =>
      issuesOrTrue([
        ...exactlyOne(b, ["issuerEnterprise", "issuerInstitution"], "issuer"),
        ...bondMaturityRule(b)
      ])
    )
  )
  .annotate(pastDates("issuedOn"))
export type BondInputJson = typeof BondInput.Encoded

/**
 * Input of `Linkage.recordCoInvestment` (投投联动): the city fund's direct investment (`lead`) followed by
 * a sub-fund's investment (`follow`, a fund-ledger id) or by social capital (`investor`, `enterprise`,
 * `amount`, `on`, optional `round`).
 */
export const CoInvestmentInput = Schema.Struct({
  lead: Id,
  follow: Schema.optional(Id),
  investor: Schema.optional(Text("the investor")),
  enterprise: Schema.optional(Uscc),
  amount: Schema.optional(PositiveYuanFromString),
  on: Schema.optional(BusinessDate),
  round: Schema.optional(Text("the round", 50))
}).check(
  Schema.makeFilter((c: Record<string, unknown>) => {
    const social = ["investor", "enterprise", "amount", "on"] as const
    if (c.follow !== undefined) {
      return issuesOrTrue(
        [...social, "round"]
          .filter((k) => c[k] !== undefined)
          .map((k) => ({ path: [k], issue: checkMessage("co-investment-from-follow") }))
      )
    }
    if (c.investor === undefined)
      return { path: ["follow"], issue: checkMessage("co-investment-follow-or-investor") }
    return issuesOrTrue(
      social
        .filter((k) => c[k] === undefined)
        .map((k) => ({ path: [k], issue: checkMessage("co-investment-social-required") }))
    )
  })
)
export type CoInvestmentInputJson = typeof CoInvestmentInput.Encoded

/** Input of `Linkage.reverse`: takes a record out of every figure; it stays listed with `reversedBy`. */
export const LinkageReversalInput = Schema.Struct({ kind: RecordKind, id: Id, reason: Text("the reason") })
export type LinkageReversalInputJson = typeof LinkageReversalInput.Encoded

/** A span of business dates, both bounds inclusive. */
export const LinkagePeriodInput = Schema.Struct({ from: BusinessDate, to: BusinessDate }).check(
  Schema.makeFilter((p: { from: string; to: string }) =>
    p.from <= p.to ? true : { path: ["to"], issue: checkMessage("not-before-field", { field: "from" }) }
  )
)
export interface LinkagePeriod {
  readonly from: string
  readonly to: string
}

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

export interface EnterpriseRef {
  readonly id: number
  readonly uscc: string
  readonly name: string
}

export interface InstitutionRef {
  readonly id: number
  readonly name: string
}

/** A fund-ledger investment as a linkage record shows it. */
export interface InvestmentRef {
  readonly id: number
  /** The fund's code. */
  readonly fund: string
  readonly on: string
  readonly amount: Decimal
  readonly round: string | null
}

interface RecordBase {
  readonly id: number
  readonly journalSeq: number
  /** The id of the reversal that took this record out of every figure. */
  readonly reversedBy: number | null
}

export interface Warrant {
  readonly holder: string
  readonly holderFund: string | null
  readonly equityPercent: Decimal
  readonly strikeBasis: string
  readonly strikeValuation: Decimal | null
  readonly expiresOn: string
}

/** The score snapshot a 科创指数贷 was granted on, copied onto the loan: later snapshots never change it. */
export interface FrozenScore {
  /** The snapshot's id. */
  readonly id: number
  readonly modelVersion: string
  readonly scoredOn: string
  readonly total: Decimal
  readonly dimensions: Readonly<Record<string, Decimal>>
  readonly tier: string
  /** The tier's credit limit when the loan was granted. */
  readonly limit: Decimal
}

export interface LinkageLoan extends RecordBase {
  readonly pilot: LoanPilot
  readonly bank: InstitutionRef
  readonly enterprise: EnterpriseRef
  readonly amount: Decimal
  readonly ratePercent: Decimal
  readonly disbursedOn: string
  readonly maturesOn: string
  /** 投贷联动: the linked investment. */
  readonly investment: InvestmentRef | null
  /** 认股权贷款: the option. */
  readonly warrant: Warrant | null
  /** 科创指数贷: the frozen snapshot. */
  readonly score: FrozenScore | null
  /**
   * Its repayments and default added up (loan-events/: principal repaid, balance, status), read with the
   * loan wherever a loan is answered; a loan's answer writes them.
   */
  readonly standing?: LoanStanding
}

export interface WarrantEvent extends RecordBase {
  readonly loan: number
  readonly kind: "exercise" | "exit"
  readonly on: string
  readonly equityPercent: Decimal
  /** What the holder paid (exercise) or received (exit). */
  readonly amount: Decimal
}

export interface Tier {
  readonly tier: string
  /** Inclusive. */
  readonly from: Decimal
  /** Exclusive; null for the top tier. */
  readonly to: Decimal | null
  readonly limit: Decimal
}

export interface TierTable extends RecordBase {
  readonly modelVersion: string
  readonly maxScore: Decimal | null
  /** Lowest first. */
  readonly tiers: ReadonlyArray<Tier>
}

export interface ScoreSnapshot extends RecordBase {
  readonly enterprise: EnterpriseRef
  readonly modelVersion: string
  readonly tierTable: number
  readonly scoredOn: string
  readonly total: Decimal
  readonly dimensions: Readonly<Record<string, Decimal>>
  /** null: below every tier of the model, not eligible for an index loan. */
  readonly tier: string | null
  readonly limit: Decimal | null
}

export interface Policy extends RecordBase {
  readonly pilot: PolicyPilot
  readonly policyNo: string | null
  readonly insurer: InstitutionRef
  readonly insuredEnterprise: EnterpriseRef | null
  readonly insuredFund: string | null
  readonly investment: InvestmentRef | null
  /** The linked fund (投保联动). */
  readonly fund: string | null
  readonly insurerCommitment: number | null
  /** The enterprise the policy concerns: the insured one, or the linked investment's. */
  readonly enterprise: EnterpriseRef | null
  readonly sumInsured: Decimal
  readonly premium: Decimal
  readonly premiumSubsidy: Decimal
  readonly startsOn: string
  readonly endsOn: string
}

export interface PoolRule extends RecordBase {
  readonly pool: string
  readonly effectiveFrom: string
  readonly ratio: Decimal
  readonly cap: Decimal | null
}

export interface Pool extends RecordBase {
  readonly code: string
  readonly name: string
  readonly kind: PoolKind
  readonly openedOn: string
  readonly backer: string | null
  /** Live rules, oldest first: the latest effective on a date applies then. */
  readonly rules: ReadonlyArray<PoolRule>
  /** Live deposits, all dates. */
  readonly deposited: Decimal
  /** Live payouts, all dates. */
  readonly paidOut: Decimal
  /** deposited − paidOut. */
  readonly balance: Decimal
}

export interface PoolDeposit extends RecordBase {
  readonly pool: string
  readonly on: string
  readonly amount: Decimal
  readonly source: string | null
}

export interface Claim extends RecordBase {
  readonly kind: ClaimKind
  readonly on: string
  readonly loss: Decimal
  /** Transfer insurance: the policy. */
  readonly policy: number | null
  /** What the insurer paid (0 for a risk-compensation claim). */
  readonly insurerPaid: Decimal
  /** loss − insurerPaid: the base of the pool's payout. */
  readonly uncovered: Decimal
  readonly pool: string | null
  /** The pool rule applied (the one effective on the claim date). */
  readonly rule: { readonly id: number; readonly ratio: Decimal; readonly cap: Decimal | null } | null
  /** What the pool paid: secondary relief, or risk compensation. */
  readonly payout: Decimal
  /** What bound the payout; null when no pool was named. */
  readonly limitedBy: PayoutLimit | null
  /** How the payout was reached, in words. */
  readonly note: string
  readonly registrationNo: string | null
  readonly enterprise: EnterpriseRef | null
  readonly bank: InstitutionRef | null
}

export interface CoInvestment extends RecordBase {
  readonly enterprise: EnterpriseRef
  /** The city fund's direct investment. */
  readonly lead: InvestmentRef
  /** The sub-fund's investment; null for social capital. */
  readonly follow: InvestmentRef | null
  readonly followerKind: FollowerKind
  /** The follower: the sub-fund's code or the social investor's name. */
  readonly investor: string
  /** The follow-on amount and date. */
  readonly amount: Decimal
  readonly on: string
  readonly round: string | null
}

export interface InterestSubsidy extends RecordBase {
  readonly on: string
  readonly amount: Decimal
  readonly loan: number | null
  readonly registrationNo: string | null
  readonly enterprise: EnterpriseRef | null
  readonly payer: string | null
}

export interface Bond extends RecordBase {
  readonly code: string | null
  readonly issuer: {
    readonly kind: "enterprise" | "institution"
    readonly id: number
    readonly name: string
    readonly uscc: string | null
  }
  readonly amount: Decimal
  readonly issuedOn: string
  readonly tenorMonths: number
  readonly maturesOn: string
  readonly couponPercent: Decimal
  readonly useOfProceeds: string
  readonly proceedsFund: string | null
}

export interface LinkageReversal {
  readonly id: number
  readonly kind: RecordKind
  readonly recordId: number
  /** The day it was recorded (Asia/Shanghai). */
  readonly on: string
  readonly reason: string
  readonly journalSeq: number
}

/** One pilot's figures for a period: live records dated in it. */
export interface LinkageSummary {
  readonly period: LinkagePeriod
  /** 投贷联动: loans disbursed in the period; warrant exercises and exits dated in it. */
  readonly investmentLoan: {
    readonly count: number
    readonly amount: Decimal
    readonly warrantLoans: number
    readonly warrantAmount: Decimal
    readonly exercises: number
    readonly exercisePaid: Decimal
    readonly exits: number
    readonly exitProceeds: Decimal
  }
  /** 科创指数贷: loans disbursed in the period; snapshots scored in it. */
  readonly indexLoan: { readonly count: number; readonly amount: Decimal; readonly scores: number }
  /** 投保联动: policies starting in the period. */
  readonly investmentInsurance: {
    readonly count: number
    readonly sumInsured: Decimal
    readonly premium: Decimal
  }
  /** 科技成果转化保险: policies starting in the period; claims dated in it with 二次救济 paid. */
  readonly transferInsurance: {
    readonly policies: number
    readonly sumInsured: Decimal
    readonly premium: Decimal
    readonly premiumSubsidy: Decimal
    readonly claims: number
    readonly loss: Decimal
    readonly insurerPaid: Decimal
    readonly reliefPaid: Decimal
  }
  /** 投投联动: links whose follow-on is dated in the period; each lead investment counted once. */
  readonly coInvestment: {
    readonly count: number
    readonly leadAmount: Decimal
    readonly followAmount: Decimal
  }
  /** 风险补偿: claims dated in the period. */
  readonly riskCompensation: { readonly claims: number; readonly loss: Decimal; readonly paid: Decimal }
  /** 贴息: subsidies paid in the period. */
  readonly interestSubsidy: { readonly count: number; readonly amount: Decimal }
  /** 科技创新债券: bonds issued in the period; `toFunds`: the part whose proceeds name a fund. */
  readonly bonds: { readonly count: number; readonly amount: Decimal; readonly toFunds: Decimal }
  /** Every live pool: deposits and payouts in the period, balances at its start and end. */
  readonly pools: ReadonlyArray<{
    readonly code: string
    readonly name: string
    readonly kind: PoolKind
    readonly openingBalance: Decimal
    readonly deposits: Decimal
    readonly payouts: Decimal
    readonly closingBalance: Decimal
  }>
}

export const linkageEventKinds = [
  "scored",
  "loan-granted",
  "warrant-exercised",
  "warrant-exited",
  "policy-started",
  "claim-paid",
  "co-investment",
  "interest-subsidy",
  "bond-issued"
] as const
export type LinkageEventKind = (typeof linkageEventKinds)[number]

/** One dated step of an enterprise's finance journey. */
export interface LinkageEvent {
  readonly on: string
  readonly pilot: Pilot
  readonly kind: LinkageEventKind
  /** The record behind it. */
  readonly record: { readonly kind: RecordKind; readonly id: number }
  /** The main amount: the loan, the sum insured, the loss, the follow-on, the subsidy, the bond; for a score, its credit limit. */
  readonly amount: Decimal | null
  /** The other party: bank, insurer, holder, investor, pool. */
  readonly counterparty: string | null
  /** A short line for people, in Chinese: `detail` in the catalogue's Chinese words. */
  readonly label: string
  /** The line's catalogue code and parameters (text/messages.ts `journey-…`): its words in either language. */
  readonly detail: Told["detail"]
  readonly reversed: boolean
}

/**
 * One of the latest live records (`Linkage.recent`): its kind, its own date (disbursed, starts, claimed,
 * followed on, paid, issued) and the record; a claim comes with its pool's name.
 */
export type LinkageRecent =
  | { readonly kind: "loan"; readonly on: string; readonly record: LinkageLoan }
  | { readonly kind: "policy"; readonly on: string; readonly record: Policy }
  | {
      readonly kind: "claim"
      readonly on: string
      readonly record: Claim
      /** The paying pool's name; null without a pool. */
      readonly poolName: string | null
    }
  | { readonly kind: "co-investment"; readonly on: string; readonly record: CoInvestment }
  | { readonly kind: "subsidy"; readonly on: string; readonly record: InterestSubsidy }
  | { readonly kind: "bond"; readonly on: string; readonly record: Bond }

// ---------------------------------------------------------------------------------------------------------
// Wire forms: money as decimal strings with two places, ratios and percentages as exact decimal text
// ---------------------------------------------------------------------------------------------------------

const text = (d: Decimal): string => new Yuan(d).toString()
const money = (d: Decimal | null): string | null => (d === null ? null : toWire(d))
const investmentToJson = (i: InvestmentRef | null) => (i === null ? null : { ...i, amount: toWire(i.amount) })
const dimensionsToJson = (d: Readonly<Record<string, Decimal>>) =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, text(v)]))
const live = (r: RecordBase) => ({ reversed: r.reversedBy !== null })

export const linkageLoanToJson = ({ standing, ...l }: LinkageLoan) => ({
  ...l,
  ...live(l),
  // Every read of a loan reads its standing (records.ts `loadLoan`, the list, `recent`): a loan answered
  // without it is a mistake of the code, not a loan without events.
  ...loanStandingFields(
    standing ??
      (() => {
        throw new Error(`linkage loan ${l.id} was answered without its standing`)
      })()
  ),
  amount: toWire(l.amount),
  ratePercent: text(l.ratePercent),
  investment: investmentToJson(l.investment),
  warrant:
    l.warrant === null
      ? null
      : {
          ...l.warrant,
          equityPercent: text(l.warrant.equityPercent),
          strikeValuation: money(l.warrant.strikeValuation)
        },
  score:
    l.score === null
      ? null
      : {
          ...l.score,
          total: text(l.score.total),
          dimensions: dimensionsToJson(l.score.dimensions),
          limit: toWire(l.score.limit)
        }
})

export const warrantEventToJson = (e: WarrantEvent) => ({
  ...e,
  ...live(e),
  equityPercent: text(e.equityPercent),
  amount: toWire(e.amount)
})

export const tierTableToJson = (t: TierTable) => ({
  ...t,
  ...live(t),
  maxScore: t.maxScore === null ? null : text(t.maxScore),
  tiers: t.tiers.map((tier) => ({
    tier: tier.tier,
    from: text(tier.from),
    to: tier.to === null ? null : text(tier.to),
    limit: toWire(tier.limit)
  }))
})

export const scoreToJson = (s: ScoreSnapshot) => ({
  ...s,
  ...live(s),
  total: text(s.total),
  dimensions: dimensionsToJson(s.dimensions),
  limit: money(s.limit)
})

export const policyToJson = (p: Policy) => ({
  ...p,
  ...live(p),
  investment: investmentToJson(p.investment),
  sumInsured: toWire(p.sumInsured),
  premium: toWire(p.premium),
  premiumSubsidy: toWire(p.premiumSubsidy)
})

export const poolRuleToJson = (r: PoolRule) => ({
  ...r,
  ...live(r),
  ratio: text(r.ratio),
  cap: money(r.cap)
})

export const poolToJson = (p: Pool) => ({
  ...p,
  ...live(p),
  rules: p.rules.map(poolRuleToJson),
  deposited: toWire(p.deposited),
  paidOut: toWire(p.paidOut),
  balance: toWire(p.balance)
})

export const depositToJson = (d: PoolDeposit) => ({ ...d, ...live(d), amount: toWire(d.amount) })

export const claimToJson = (c: Claim) => ({
  ...c,
  ...live(c),
  loss: toWire(c.loss),
  insurerPaid: toWire(c.insurerPaid),
  uncovered: toWire(c.uncovered),
  rule: c.rule === null ? null : { id: c.rule.id, ratio: text(c.rule.ratio), cap: money(c.rule.cap) },
  payout: toWire(c.payout)
})

export const coInvestmentToJson = (c: CoInvestment) => ({
  ...c,
  ...live(c),
  lead: investmentToJson(c.lead),
  follow: investmentToJson(c.follow),
  amount: toWire(c.amount)
})

export const interestSubsidyToJson = (s: InterestSubsidy) => ({ ...s, ...live(s), amount: toWire(s.amount) })

export const bondToJson = (b: Bond) => ({
  ...b,
  ...live(b),
  amount: toWire(b.amount),
  couponPercent: text(b.couponPercent)
})

export const linkageReversalToJson = (r: LinkageReversal) => ({ ...r })

export const linkageSummaryToJson = (s: LinkageSummary) => {
  const wire = <T extends Record<string, number | Decimal>>(o: T) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "number" ? v : toWire(v)])) as {
      [K in keyof T]: T[K] extends number ? number : string
    }
  return {
    period: s.period,
    investmentLoan: wire(s.investmentLoan),
    indexLoan: wire(s.indexLoan),
    investmentInsurance: wire(s.investmentInsurance),
    transferInsurance: wire(s.transferInsurance),
    coInvestment: wire(s.coInvestment),
    riskCompensation: wire(s.riskCompensation),
    interestSubsidy: wire(s.interestSubsidy),
    bonds: wire(s.bonds),
    pools: s.pools.map((p) => ({
      code: p.code,
      name: p.name,
      kind: p.kind,
      openingBalance: toWire(p.openingBalance),
      deposits: toWire(p.deposits),
      payouts: toWire(p.payouts),
      closingBalance: toWire(p.closingBalance)
    })),
    pilots: pilotFigures(s).map((p) => ({ ...p, amount: toWire(p.amount) }))
  }
}

/**
 * Each pilot's headline figure in the action plan's order, as the dashboard's table shows it (and the
 * summary's export writes it): how many records and the amount the pilot is measured by.
 */
export const pilotFigures = (
  s: LinkageSummary
): ReadonlyArray<{ readonly pilot: Pilot; readonly count: number; readonly amount: Decimal }> => {
  const figures: Record<Pilot, { readonly count: number; readonly amount: Decimal }> = {
    "investment-loan": { count: s.investmentLoan.count, amount: s.investmentLoan.amount },
    "investment-insurance": { count: s.investmentInsurance.count, amount: s.investmentInsurance.sumInsured },
    "co-investment": { count: s.coInvestment.count, amount: s.coInvestment.followAmount },
    "index-loan": { count: s.indexLoan.count, amount: s.indexLoan.amount },
    "transfer-insurance": { count: s.transferInsurance.policies, amount: s.transferInsurance.sumInsured },
    "risk-compensation": { count: s.riskCompensation.claims, amount: s.riskCompensation.paid },
    "interest-subsidy": { count: s.interestSubsidy.count, amount: s.interestSubsidy.amount },
    bonds: { count: s.bonds.count, amount: s.bonds.amount }
  }
  return pilots.map((pilot) => ({ pilot, ...figures[pilot] }))
}

export const linkageEventToJson = ({ detail: _, ...e }: LinkageEvent) => ({ ...e, amount: money(e.amount) })
