import { Schema } from "effect"
import { FundCode } from "../equity/schema.js"
import { DecimalText, Money } from "../money/wire.js"
import { Uscc } from "../registry/codes.js"
import { BusinessDate } from "../time/index.js"
import { LoanStatus } from "./loan-events/schema.js"
import {
  type bondToJson,
  ClaimKind,
  type claimToJson,
  type coInvestmentToJson,
  DepositInput,
  type depositToJson,
  FollowerKind,
  type interestSubsidyToJson,
  LoanPilot,
  linkageEventKinds,
  type linkageEventToJson,
  type linkageLoanToJson,
  type linkageReversalToJson,
  type linkageSummaryToJson,
  Pilot,
  PolicyPilot,
  PoolKind,
  PoolRuleInput,
  type policyToJson,
  type poolRuleToJson,
  type poolToJson,
  RecordKind,
  type scoreToJson,
  type tierTableToJson,
  WarrantExerciseInput,
  WarrantExitInput,
  type warrantEventToJson
} from "./schema.js"

// Wire shapes of the linkage answers (`/api/v1/linkage/…`): what the `…ToJson` helpers of ./schema.ts
// write, as Effect Schemas: the declared operations name them as their output, so the OpenAPI document is
// generated from them. The server's api/linkage.test.ts decodes what the real handlers answer with these,
// unknown fields rejected, so a field added to a serializer fails there until it is added here.

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** A pool's code as a JSON Schema can check it (the core's `PoolCode` is a custom filter). */
export const PoolCodeText = Schema.String.check(
  Schema.isPattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u),
  Schema.isMaxLength(64)
).annotate({
  identifier: "PoolCode",
  description: "A pool's code: a lowercase slug (letters, digits, single hyphens), at most 64 characters.",
  examples: ["wz-relief"]
})

const EnterpriseRef = Schema.Struct({ id: PositiveInt, uscc: Uscc, name: Schema.String }).annotate({
  identifier: "LinkageEnterpriseRef",
  description: "An enterprise of the registry, by id, credit code and name."
})

const InstitutionRef = Schema.Struct({ id: PositiveInt, name: Schema.String }).annotate({
  identifier: "LinkageInstitutionRef",
  description: "An institution of the registry (bank, insurer)."
})

const InvestmentRef = Schema.Struct({
  id: PositiveInt,
  fund: FundCode,
  on: BusinessDate,
  amount: Money,
  round: Schema.NullOr(Schema.String)
}).annotate({
  identifier: "LinkageInvestmentRef",
  description: "A fund-ledger investment (`/api/v1/fund-entries/{id}`) as a linkage record shows it."
})

const Dimensions = Schema.Record(Schema.String, DecimalText).annotate({
  description: "Dimension name → score, e.g. { 研发投入: 30, 知识产权: 25 } as decimal text."
})

export const recordBase = {
  id: PositiveInt,
  journalSeq: PositiveInt.annotate({ description: "The journal entry that recorded it." }),
  reversedBy: Schema.NullOr(PositiveInt).annotate({
    description: "The reversal (`GET /api/v1/linkage/reversals`) that took it out of every figure."
  }),
  reversed: Schema.Boolean.annotate({ description: "True once reversed: listed, but in no figure." })
}

/** A loan's standing (loan-events/): what its live repayments and default add up to. */
export const LoanStandingJsonFields = {
  /** Principal repaid by the live repayments (还款). */
  repaid: Money,
  /** Interest paid with the live repayments. */
  interestPaid: Money,
  /** The balance: the amount less the principal repaid. */
  outstanding: Money,
  status: LoanStatus,
  defaultedOn: Schema.NullOr(BusinessDate).annotate({
    description: "The live default's date (违约), if any."
  })
}

/** What `linkageLoanToJson` writes: a 投贷联动 or 科创指数贷 loan. */
export const LinkageLoanJson = Schema.Struct({
  ...recordBase,
  pilot: LoanPilot,
  bank: InstitutionRef,
  enterprise: EnterpriseRef,
  amount: Money,
  ratePercent: DecimalText,
  disbursedOn: BusinessDate,
  maturesOn: BusinessDate,
  investment: Schema.NullOr(InvestmentRef).annotate({ description: "投贷联动: the linked investment." }),
  warrant: Schema.NullOr(
    Schema.Struct({
      holder: Schema.String,
      holderFund: Schema.NullOr(FundCode),
      equityPercent: DecimalText,
      strikeBasis: Schema.String,
      strikeValuation: Schema.NullOr(Money),
      expiresOn: BusinessDate
    }).annotate({ identifier: "Warrant", description: "认股权: the option a warrant loan carries." })
  ),
  score: Schema.NullOr(
    Schema.Struct({
      id: PositiveInt,
      modelVersion: Schema.String,
      scoredOn: BusinessDate,
      total: DecimalText,
      dimensions: Dimensions,
      tier: Schema.String,
      limit: Money
    }).annotate({
      identifier: "FrozenScore",
      description:
        "科创指数贷: the score snapshot granted on, copied onto the loan (later scores never change it)."
    })
  ),
  ...LoanStandingJsonFields
}).annotate({
  identifier: "LinkageLoan",
  description:
    "A loan of 投贷联动 (investment-loan) or 科创指数贷 (index-loan), with its standing: `repaid` (principal " +
    "repaid by its live repayments), `interestPaid`, `outstanding` (the amount less `repaid`), `status` and " +
    "`defaultedOn`."
})

/** What `warrantEventToJson` writes. */
export const WarrantEventJson = Schema.Struct({
  ...recordBase,
  loan: PositiveInt,
  kind: Schema.Literals(["exercise", "exit"]),
  on: BusinessDate,
  equityPercent: DecimalText,
  amount: Money
}).annotate({
  identifier: "WarrantEvent",
  description: "认股权 exercise or exit; `amount` is what the holder paid (exercise) or received (exit)."
})

/** What `tierTableToJson` writes. */
export const TierTableJson = Schema.Struct({
  ...recordBase,
  modelVersion: Schema.String,
  maxScore: Schema.NullOr(DecimalText),
  tiers: Schema.Array(
    Schema.Struct({
      tier: Schema.String,
      from: DecimalText,
      to: Schema.NullOr(DecimalText).annotate({ description: "Exclusive; null for the top tier." }),
      limit: Money
    }).annotate({ identifier: "Tier" })
  ).annotate({ description: "Lowest first; a tier runs from its score (inclusive) to the next tier's." })
}).annotate({
  identifier: "TierTable",
  description: "科创指数贷 tiers of one model version: score → credit limit."
})

/** What `scoreToJson` writes. */
export const ScoreJson = Schema.Struct({
  ...recordBase,
  enterprise: EnterpriseRef,
  modelVersion: Schema.String,
  tierTable: PositiveInt,
  scoredOn: BusinessDate,
  total: DecimalText,
  dimensions: Dimensions,
  tier: Schema.NullOr(Schema.String).annotate({ description: "null: below every tier, not eligible." }),
  limit: Schema.NullOr(Money)
}).annotate({ identifier: "ScoreSnapshot", description: "An enterprise's sci-tech index score (科创指数)." })

/** What `policyToJson` writes. */
export const PolicyJson = Schema.Struct({
  ...recordBase,
  pilot: PolicyPilot,
  policyNo: Schema.NullOr(Schema.String),
  insurer: InstitutionRef,
  insuredEnterprise: Schema.NullOr(EnterpriseRef),
  insuredFund: Schema.NullOr(FundCode),
  investment: Schema.NullOr(InvestmentRef),
  fund: Schema.NullOr(FundCode).annotate({ description: "投保联动: the linked fund." }),
  insurerCommitment: Schema.NullOr(PositiveInt).annotate({
    description: "The insurer's commitment as an LP (a fund-ledger entry)."
  }),
  enterprise: Schema.NullOr(EnterpriseRef).annotate({
    description: "The enterprise the policy concerns: the insured one, or the linked investment's."
  }),
  sumInsured: Money,
  premium: Money,
  premiumSubsidy: Money,
  startsOn: BusinessDate,
  endsOn: BusinessDate
}).annotate({
  identifier: "Policy",
  description:
    "A 投保联动 (investment-insurance) or 科技成果转化保险 (transfer-insurance) policy; `premiumSubsidy` (保费补贴) is the part of the premium the government pays."
})

/** What `poolRuleToJson` writes. */
export const PoolRuleJson = Schema.Struct({
  ...recordBase,
  pool: PoolCodeText,
  effectiveFrom: BusinessDate,
  ratio: DecimalText,
  cap: Schema.NullOr(Money).annotate({ description: "The most one claim can get; null for none." })
}).annotate({ identifier: "PoolRule", description: "A pool's ratio and cap from a date on." })

/** What `poolToJson` writes. */
export const PoolJson = Schema.Struct({
  ...recordBase,
  code: PoolCodeText,
  name: Schema.String,
  kind: PoolKind,
  openedOn: BusinessDate,
  backer: Schema.NullOr(Schema.String),
  rules: Schema.Array(PoolRuleJson).annotate({
    description: "Live rules, oldest first: the latest effective on a claim's date applies."
  }),
  deposited: Money,
  paidOut: Money,
  balance: Money
}).annotate({
  identifier: "Pool",
  description:
    "A government-backed pool: 二次救济 (relief) or 风险补偿 (risk-compensation); balance = deposited − paidOut over all live records."
})

/** What `depositToJson` writes. */
export const DepositJson = Schema.Struct({
  ...recordBase,
  pool: PoolCodeText,
  on: BusinessDate,
  amount: Money,
  source: Schema.NullOr(Schema.String)
}).annotate({ identifier: "PoolDeposit", description: "Money paid into a pool." })

/** What `claimToJson` writes. */
export const ClaimJson = Schema.Struct({
  ...recordBase,
  kind: ClaimKind,
  on: BusinessDate,
  loss: Money,
  policy: Schema.NullOr(PositiveInt),
  insurerPaid: Money,
  uncovered: Money,
  pool: Schema.NullOr(PoolCodeText),
  rule: Schema.NullOr(
    Schema.Struct({ id: PositiveInt, ratio: DecimalText, cap: Schema.NullOr(Money) }).annotate({
      identifier: "AppliedPoolRule",
      description: "The pool rule effective on the claim's date."
    })
  ),
  payout: Money,
  limitedBy: Schema.NullOr(Schema.Literals(["ratio", "cap", "pool-balance"])).annotate({
    description: "What bound the payout; null when no pool was named."
  }),
  note: Schema.String.annotate({ description: "How the payout was reached, in words." }),
  registrationNo: Schema.NullOr(Schema.String),
  enterprise: Schema.NullOr(EnterpriseRef),
  bank: Schema.NullOr(InstitutionRef)
}).annotate({
  identifier: "Claim",
  description:
    "A transfer-insurance claim with its 二次救济 payout, or a 风险补偿 claim on a pledge loan. uncovered = loss − insurerPaid (0 paid by an insurer for 风险补偿); payout = min(⌊ratio × uncovered⌋ to the fen, cap, what the pool can pay on the claim's date)."
})

/** What `coInvestmentToJson` writes. */
export const CoInvestmentJson = Schema.Struct({
  ...recordBase,
  enterprise: EnterpriseRef,
  lead: InvestmentRef,
  follow: Schema.NullOr(InvestmentRef).annotate({
    description: "The sub-fund's investment; null for social capital."
  }),
  followerKind: FollowerKind,
  investor: Schema.String.annotate({ description: "The sub-fund's code or the social investor's name." }),
  amount: Money,
  on: BusinessDate,
  round: Schema.NullOr(Schema.String)
}).annotate({
  identifier: "CoInvestment",
  description: "投投联动: a city-fund direct investment (lead) followed by a sub-fund or social capital."
})

/** What `interestSubsidyToJson` writes. */
export const InterestSubsidyJson = Schema.Struct({
  ...recordBase,
  on: BusinessDate,
  amount: Money,
  loan: Schema.NullOr(PositiveInt),
  registrationNo: Schema.NullOr(Schema.String),
  enterprise: Schema.NullOr(EnterpriseRef),
  payer: Schema.NullOr(Schema.String)
}).annotate({ identifier: "InterestSubsidy", description: "贴息 on a linkage loan or a pledge loan." })

/** What `bondToJson` writes. */
export const BondJson = Schema.Struct({
  ...recordBase,
  code: Schema.NullOr(Schema.String),
  issuer: Schema.Struct({
    kind: Schema.Literals(["enterprise", "institution"]),
    id: PositiveInt,
    name: Schema.String,
    uscc: Schema.NullOr(Uscc)
  }).annotate({ identifier: "BondIssuer" }),
  amount: Money,
  issuedOn: BusinessDate,
  tenorMonths: PositiveInt,
  maturesOn: BusinessDate,
  couponPercent: DecimalText,
  useOfProceeds: Schema.String,
  proceedsFund: Schema.NullOr(FundCode)
}).annotate({ identifier: "Bond", description: "科技创新债券 a sci-tech innovation bond." })

/** What `linkageReversalToJson` writes. */
export const LinkageReversalJson = Schema.Struct({
  id: PositiveInt,
  kind: RecordKind,
  recordId: PositiveInt,
  on: BusinessDate,
  reason: Schema.String,
  journalSeq: PositiveInt
}).annotate({
  identifier: "LinkageReversal",
  description:
    "冲销: takes one linkage record out of every figure; `on` is the day it was recorded (Asia/Shanghai)."
})

const Count = NonNegativeInt

/** What `linkageSummaryToJson` writes. */
export const LinkageSummaryJson = Schema.Struct({
  period: Schema.Struct({ from: BusinessDate, to: BusinessDate }),
  investmentLoan: Schema.Struct({
    count: Count,
    amount: Money,
    warrantLoans: Count,
    warrantAmount: Money,
    exercises: Count,
    exercisePaid: Money,
    exits: Count,
    exitProceeds: Money
  }).annotate({
    description: "投贷联动: loans disbursed in the period; 认股权 exercises and exits dated in it."
  }),
  indexLoan: Schema.Struct({ count: Count, amount: Money, scores: Count }).annotate({
    description: "科创指数贷: loans disbursed in the period; score snapshots taken in it."
  }),
  investmentInsurance: Schema.Struct({ count: Count, sumInsured: Money, premium: Money }).annotate({
    description: "投保联动: policies starting in the period."
  }),
  transferInsurance: Schema.Struct({
    policies: Count,
    sumInsured: Money,
    premium: Money,
    premiumSubsidy: Money,
    claims: Count,
    loss: Money,
    insurerPaid: Money,
    reliefPaid: Money
  }).annotate({
    description: "科技成果转化保险: policies starting in the period; claims dated in it and their 二次救济."
  }),
  coInvestment: Schema.Struct({ count: Count, leadAmount: Money, followAmount: Money }).annotate({
    description: "投投联动: links whose follow-on is dated in the period; each lead investment counted once."
  }),
  riskCompensation: Schema.Struct({ claims: Count, loss: Money, paid: Money }).annotate({
    description: "风险补偿: claims dated in the period."
  }),
  interestSubsidy: Schema.Struct({ count: Count, amount: Money }).annotate({
    description: "贴息: subsidies paid in the period."
  }),
  bonds: Schema.Struct({ count: Count, amount: Money, toFunds: Money }).annotate({
    description: "科技创新债券 issued in the period; toFunds: the part whose proceeds go to a fund."
  }),
  pools: Schema.Array(
    Schema.Struct({
      code: PoolCodeText,
      name: Schema.String,
      kind: PoolKind,
      openingBalance: Money,
      deposits: Money,
      payouts: Money,
      closingBalance: Money
    }).annotate({ identifier: "PoolPeriod" })
  ).annotate({
    description: "Every live pool: deposits and payouts in the period, balances at its start and end."
  }),
  pilots: Schema.Array(
    Schema.Struct({ pilot: Pilot, count: Count, amount: Money }).annotate({ identifier: "PilotFigure" })
  ).annotate({
    description:
      "Each pilot's headline in the action plan's order: its records and the amount it is measured by " +
      "(loans, sums insured, follow-ons, pool payouts, subsidies, bonds issued), the dashboard's table."
  })
}).annotate({
  identifier: "LinkageSummary",
  description: "Each linkage pilot's figures for a period (both days inclusive): live records dated in it."
})

/** What `linkageEventToJson` writes: one dated step of an enterprise's finance journey across the pilots. */
export const LinkageEventJson = Schema.Struct({
  on: BusinessDate,
  pilot: Pilot,
  kind: Schema.Literals(linkageEventKinds),
  record: Schema.Struct({ kind: RecordKind, id: PositiveInt }),
  amount: Schema.NullOr(Money),
  counterparty: Schema.NullOr(Schema.String),
  label: Schema.String,
  reversed: Schema.Boolean
}).annotate({ identifier: "LinkageEvent" })

/** One of the latest live records across kinds (`linkage.recent`): its kind, its own date and the record. */
export const LinkageRecentJson = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("loan"), on: BusinessDate, record: LinkageLoanJson }),
  Schema.Struct({ kind: Schema.Literal("policy"), on: BusinessDate, record: PolicyJson }),
  Schema.Struct({
    kind: Schema.Literal("claim"),
    on: BusinessDate,
    record: ClaimJson,
    poolName: Schema.NullOr(Schema.String)
  }),
  Schema.Struct({ kind: Schema.Literal("co-investment"), on: BusinessDate, record: CoInvestmentJson }),
  Schema.Struct({ kind: Schema.Literal("subsidy"), on: BusinessDate, record: InterestSubsidyJson }),
  Schema.Struct({ kind: Schema.Literal("bond"), on: BusinessDate, record: BondJson })
]).annotate({ identifier: "LinkageRecent" })

export const page = <S extends Schema.Top>(item: S, identifier: string) =>
  Schema.Struct({
    items: Schema.Array(item),
    total: NonNegativeInt.annotate({ description: "How many match the filters (all pages)." }),
    amount: Schema.optional(Money),
    limit: PositiveInt,
    offset: NonNegativeInt
  }).annotate({ identifier })

export const LinkageLoanPageJson = page(LinkageLoanJson, "LinkageLoanPage")
export const WarrantEventPageJson = page(WarrantEventJson, "WarrantEventPage")
export const TierTablePageJson = page(TierTableJson, "TierTablePage")
export const ScorePageJson = page(ScoreJson, "ScoreSnapshotPage")
export const PolicyPageJson = page(PolicyJson, "PolicyPage")
export const PoolPageJson = page(PoolJson, "PoolPage")
export const DepositPageJson = page(DepositJson, "PoolDepositPage")
export const ClaimPageJson = page(ClaimJson, "ClaimPage")
export const CoInvestmentPageJson = page(CoInvestmentJson, "CoInvestmentPage")
export const InterestSubsidyPageJson = page(InterestSubsidyJson, "InterestSubsidyPage")
export const BondPageJson = page(BondJson, "BondPage")
export const LinkageReversalPageJson = page(LinkageReversalJson, "LinkageReversalPage")

// Request bodies of the routes whose path names the loan or the pool: the core's input with that field
// optional; given in the body, it must match the path (else 422 naming it).
export const WarrantExerciseBody = Schema.Struct({
  ...WarrantExerciseInput.fields,
  loan: Schema.optional(WarrantExerciseInput.fields.loan)
}).annotate({ identifier: "WarrantExerciseRequest" })
export const WarrantExitBody = Schema.Struct({
  ...WarrantExitInput.fields,
  loan: Schema.optional(WarrantExitInput.fields.loan)
}).annotate({ identifier: "WarrantExitRequest" })
export const PoolRuleBody = Schema.Struct({
  ...PoolRuleInput.fields,
  pool: Schema.optional(PoolRuleInput.fields.pool)
}).annotate({ identifier: "PoolRuleRequest" })
export const DepositBody = Schema.Struct({
  ...DepositInput.fields,
  pool: Schema.optional(DepositInput.fields.pool)
}).annotate({ identifier: "PoolDepositRequest" })

/** A path id of the linkage routes. */
export const LinkageId = PositiveInt

/** The query parameters of the linkage lists, as the document shows them. */
export const LinkageListFilters = {
  enterprise: Uscc,
  from: BusinessDate,
  to: BusinessDate,
  includeReversed: Schema.Boolean.annotate({ default: true }),
  modelVersion: Schema.String.annotate({
    description: "A model version: text without control characters (U+0000–U+001F, U+007F)."
  })
}

// The answers' TypeScript shapes, as the serializers write them.
export type LinkageLoanJson = ReturnType<typeof linkageLoanToJson>
export type WarrantEventJson = ReturnType<typeof warrantEventToJson>
export type TierTableJson = ReturnType<typeof tierTableToJson>
export type ScoreJson = ReturnType<typeof scoreToJson>
export type PolicyJson = ReturnType<typeof policyToJson>
export type PoolRuleJson = ReturnType<typeof poolRuleToJson>
export type PoolJson = ReturnType<typeof poolToJson>
export type DepositJson = ReturnType<typeof depositToJson>
export type ClaimJson = ReturnType<typeof claimToJson>
export type CoInvestmentJson = ReturnType<typeof coInvestmentToJson>
export type InterestSubsidyJson = ReturnType<typeof interestSubsidyToJson>
export type BondJson = ReturnType<typeof bondToJson>
export type LinkageReversalJson = ReturnType<typeof linkageReversalToJson>
export type LinkageSummaryJson = ReturnType<typeof linkageSummaryToJson>
export type LinkageEventJson = ReturnType<typeof linkageEventToJson>
