import {
  AdminDivisionCode,
  BusinessDate,
  ChainStage,
  CommitmentInput,
  DecimalText,
  DistributionInput,
  DistributionKind,
  DistrictCode,
  EnterpriseMoveInput,
  EnterpriseStage,
  ExitRoute,
  entryKinds,
  FundCode,
  FundKind,
  FundOrigin,
  FundStatus,
  FundStatusInput,
  InstitutionKind,
  Instrument,
  InvestmentInput,
  InvestmentMode,
  LpType,
  Money,
  NavInput,
  PledgeInput,
  ReversalRequest,
  TargetKey,
  TargetPeriodKind,
  TechCategory,
  Uscc
} from "@kejin/core"
import { Schema } from "effect"

// Patterns carry the `u` flag: Effect exports a RegExp to JSON Schema only then (JSON Schema patterns are
// Unicode); without it the check still runs but the document gets no `pattern`.
// Wire shapes of the responses, as Effect Schemas so the OpenAPI document is generated from them. Request
// bodies need no copy here: the document uses the core's own input schemas (`PledgeInput`, …). Each
// response schema has a test that decodes the real serializer's output with it, unknown fields rejected,
// so the document and the code cannot drift apart.

/** Money on the wire (contract), declared with the core's wire shapes. */
export { Money }

/** A count written as a whole-number string (targets whose unit is `count`). */
export const CountText = Schema.String.check(Schema.isPattern(/^(?:0|[1-9][0-9]*)$/u)).annotate({
  identifier: "CountText",
  description: "A count as a whole-number string.",
  examples: ["120"]
})

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** The stored record: what `pledgeToJson` writes (responses of `/api/v1/pledges…`). */
export const PledgeJson = Schema.Struct({
  id: PositiveInt.annotate({ description: "Assigned by the server." }),
  ...PledgeInput.fields,
  pledgor: Schema.Struct({
    ...PledgeInput.fields.pledgor.fields,
    districtName: Schema.NullOr(Schema.String).annotate({ description: "The district's name, e.g. 鹿城区." })
  }),
  amount: Money,
  journalSeq: PositiveInt.annotate({ description: "The journal entry that recorded the pledge." }),
  reversed: Schema.Boolean.annotate({ description: "True once the pledge has been reversed (冲销)." })
}).annotate({ identifier: "Pledge", description: "A recorded patent pledge loan (专利质押融资)." })

/** `GET /api/v1/pledges`: one page of live pledges, newest registration first. */
export const PledgePageJson = Schema.Struct({
  items: Schema.Array(PledgeJson),
  total: NonNegativeInt.annotate({ description: "How many pledges match the filters (all pages)." }),
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "PledgePage" })

/** A figure per month with two places (yuan for money targets, a count otherwise); for display only. */
export const PerMonth = Schema.String.check(Schema.isPattern(/^(?:0|[1-9][0-9]*)\.[0-9]{2}$/u)).annotate({
  identifier: "PerMonth",
  description:
    "A figure per month with two places (yuan for money targets, a count otherwise); display only.",
  examples: ["208333333.34"]
})

// Targets come in two shapes, by unit: money figures are `Money`, counts are `CountText`. A field added
// to `targetToJson` or `targetProgressToJson` is added here once, in the fields function.
type Figure = typeof Money
const byUnit = <F extends Schema.Struct.Fields>(
  fields: (unit: Schema.Literal<"yuan" | "count">, figure: Figure) => F
) => [
  Schema.Struct(fields(Schema.Literal("yuan"), Money)),
  Schema.Struct(fields(Schema.Literal("count"), CountText))
]

const targetNames = {
  key: TargetKey,
  label: Schema.String.annotate({ description: "中文名称, e.g. 专利质押融资" }),
  labelEn: Schema.String
}

/** A target's definition: what `targetToJson` writes (`GET /api/v1/targets/{key}`, POST, PATCH). */
export const TargetJson = Schema.Union(
  byUnit((unit, figure) => ({
    ...targetNames,
    unit,
    target: figure,
    periodKind: TargetPeriodKind,
    periodStart: Schema.NullOr(BusinessDate).annotate({ description: "Set for a fixed period only." }),
    periodEnd: Schema.NullOr(BusinessDate).annotate({ description: "Set for a fixed period only." }),
    metric: Schema.String.annotate({ description: "The measure of the records that feeds the value." }),
    displayOrder: NonNegativeInt
  }))
).annotate({ identifier: "Target", description: "A policy target (目标): money in yuan, or a count." })

/** One entry of `GET /api/v1/targets`: what `targetProgressToJson` writes. */
export const TargetProgressJson = Schema.Union(
  byUnit((unit, figure) => ({
    ...targetNames,
    unit,
    periodKind: TargetPeriodKind,
    target: figure,
    value: figure,
    progress: Schema.Finite.annotate({ description: "value / target, for display only (never for sums)." }),
    periodStart: BusinessDate,
    periodEnd: BusinessDate,
    asOf: BusinessDate,
    // A named schema annotated here would become a second component (Money_1): say it in the description.
    remaining: figure,
    monthsLeft: NonNegativeInt.annotate({
      description: "Whole calendar months after asOf until the period's end."
    }),
    pacePerMonth: Schema.NullOr(PerMonth).annotate({
      description:
        "(target − value) / monthsLeft, rounded up; 0.00 once met; null when not met and no whole month is left."
    }),
    runRate12m: PerMonth,
    projectedDate: Schema.NullOr(BusinessDate).annotate({
      description: "When the value reaches the target at the run rate; null when the run rate is zero."
    }),
    onTrack: Schema.Boolean.annotate({ description: "projectedDate ≤ periodEnd" })
  }))
).annotate({
  identifier: "TargetProgress",
  description:
    "Progress of a policy target over the period containing asOf, with pace and projection: " +
    "remaining = max(0, target − value); runRate12m = what the measure added in the 12 months to asOf, per month."
})

export const TargetListJson = Schema.Struct({ targets: Schema.Array(TargetProgressJson) }).annotate({
  identifier: "TargetList"
})

/** RFC 9457 problem details, as `problem()` in ../problem.ts sends them (`application/problem+json`). */
export const ProblemJson = Schema.Struct({
  type: Schema.String.annotate({
    format: "uri",
    examples: ["https://kejin.dev/problems/validation"],
    description: "Identifies the kind of problem; stable, so programs may branch on it."
  }),
  title: Schema.String,
  status: Schema.Int.check(Schema.isBetween({ minimum: 400, maximum: 599 })),
  detail: Schema.optionalKey(Schema.String),
  instance: Schema.optionalKey(Schema.String),
  errors: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        field: Schema.String.annotate({
          description: "A dotted path into the body or the name of a parameter, e.g. `pledgor.uscc`."
        }),
        reason: Schema.String
      }).annotate({ identifier: "FieldError" })
    ).annotate({ description: "One entry per invalid field or parameter." })
  )
}).annotate({ identifier: "Problem", description: "RFC 9457 problem details (application/problem+json)." })

/** The body of `POST /api/v1/pledges/{id}/reversal` (and every reversal); the id comes from the path. */
export { ReversalRequest as ReversalBody }

// Parameters. The query string is checked by hand in ../api/query.ts (not by Schemas), so these describe
// it; a test sends every documented parameter to the real handler.
export const IdempotencyKey = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))
export const Limit = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 })).annotate({
  default: 50
})
export const Offset = NonNegativeInt.annotate({ default: 0 })
export const PledgeId = PositiveInt
export const PledgeFilters = { from: BusinessDate, to: BusinessDate, district: DistrictCode, pledgor: Uscc }
export { TargetKey }

// ---------------------------------------------------------------------------------------------------------
// Funds (股权投资链条) and the registry: what `fundToJson`, `fundEntryToJson`, `fundFiguresToJson`,
// `dealFiguresToJson`, `cityFundKpisToJson` and `enterpriseToJson` write, and the pages around them.
// ---------------------------------------------------------------------------------------------------------

/** A multiple or fraction as the core writes it for display: six decimal places, half-even. */
export const Multiple = Schema.String.check(Schema.isPattern(/^-?(?:0|[1-9][0-9]*)\.[0-9]{6}$/u)).annotate({
  identifier: "Multiple",
  description:
    "A ratio (a multiple such as TVPI, or a fraction such as called % where 0.400000 is 40 %) as a decimal " +
    "string with six places, rounded half-even for display; the core keeps it exact.",
  examples: ["1.200000"]
})

/** A positive decimal number written as text, as the core stores it (返投 required multiple, fx rates). */
/** Decimal text on the wire, declared with the core's wire shapes. */
export { DecimalText }

const Text = Schema.String
const NullOrDate = Schema.NullOr(BusinessDate)

/** `xirr`'s result: a rate (a fraction per year, 0.1 = 10 %) or why there is none. Never a silent 0 %. */
export const IrrJson = Schema.Union([
  Schema.Struct({
    _tag: Schema.Literal("Rate"),
    rate: Schema.Finite.annotate({ description: "Per year, Actual/365 (0.1 = 10 %)." }),
    otherRoots: Schema.Array(Schema.Finite).annotate({
      description: "Other rates that also zero the XNPV (the one nearest the guess 0.1 is `rate`)."
    })
  }).annotate({ identifier: "IrrRate" }),
  Schema.Struct({
    _tag: Schema.Literal("NoRate"),
    reason: Schema.String.annotate({ description: "Why no rate exists, in words (e.g. no sign change)." })
  }).annotate({ identifier: "IrrNoRate" })
]).annotate({ identifier: "Irr", description: "An internal rate of return (XIRR), or why there is none." })

/** What `fundToJson` writes. */
export const FundJson = Schema.Struct({
  id: PositiveInt,
  code: FundCode,
  name: Text,
  kind: FundKind,
  chainStage: Schema.NullOr(ChainStage),
  parent: Schema.NullOr(FundCode).annotate({ description: "The parent fund's code (sub-funds)." }),
  manager: Schema.Struct({ id: PositiveInt, name: Text }).annotate({
    description: "The managing institution (kind fund-manager)."
  }),
  targetSize: Money,
  vintage: BusinessDate,
  status: FundStatus,
  statusSince: BusinessDate,
  origin: FundOrigin,
  district: Schema.String.annotate({ description: "Registered district (6-digit division code)." }),
  districtName: Schema.NullOr(Schema.String).annotate({ description: "Set for Wenzhou districts." }),
  reinvestRequired: Schema.NullOr(DecimalText).annotate({
    description: "返投 required local re-investment multiple; null when none is required."
  }),
  journalSeq: PositiveInt
}).annotate({ identifier: "Fund", description: "A fund of the equity chain (基金)." })

export const FundPageJson = Schema.Struct({
  items: Schema.Array(FundJson),
  total: NonNegativeInt.annotate({ description: "How many funds match the filters (all pages)." }),
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "FundPage" })

const ForeignAmountJson = Schema.NullOr(
  Schema.Struct({
    currency: Schema.String.annotate({ description: "ISO 4217, not CNY." }),
    amount: DecimalText,
    // Yuan per unit of the currency.
    rate: DecimalText
  }).annotate({ identifier: "ForeignAmount" })
).annotate({ description: "The amount in another currency and the rate used; the yuan amount counts." })

const entryBase = {
  id: PositiveInt,
  fund: FundCode,
  on: BusinessDate,
  journalSeq: PositiveInt,
  reversedBy: Schema.NullOr(PositiveInt).annotate({ description: "The reversal that took this entry out." }),
  reversed: Schema.Boolean.annotate({ description: "True once reversed: the entry counts in no figure." }),
  fx: ForeignAmountJson
}

/** What `fundEntryToJson` writes: one ledger entry, by `kind`. */
export const FundEntryJson = Schema.Union([
  Schema.Struct({
    ...entryBase,
    kind: Schema.Literal("commitment"),
    amount: Money,
    lpName: Text,
    lpType: LpType,
    lpFund: Schema.NullOr(FundCode).annotate({ description: "The fund that is the LP, if any." })
  }).annotate({ identifier: "CommitmentEntry", description: "认缴 an LP's commitment." }),
  Schema.Struct({
    ...entryBase,
    kind: Schema.Literal("call"),
    amount: Money,
    commitment: PositiveInt.annotate({ description: "The commitment called." })
  }).annotate({ identifier: "CallEntry", description: "实缴 a capital call." }),
  Schema.Struct({
    ...entryBase,
    kind: Schema.Literal("distribution"),
    amount: Money,
    distributionKind: DistributionKind
  }).annotate({ identifier: "DistributionEntry", description: "A distribution to the LPs." }),
  Schema.Struct({ ...entryBase, kind: Schema.Literal("nav"), nav: Money }).annotate({
    identifier: "NavEntry",
    description: "A NAV mark."
  }),
  Schema.Struct({
    ...entryBase,
    kind: Schema.Literal("investment"),
    amount: Money,
    enterprise: Schema.Struct({ id: PositiveInt, uscc: Uscc, name: Text }),
    instrument: Instrument,
    round: Schema.NullOr(Text),
    stage: EnterpriseStage,
    techCategory: TechCategory,
    mode: InvestmentMode,
    district: Schema.String.annotate({ description: "The enterprise's district on the investment date." }),
    districtName: Schema.NullOr(Schema.String),
    local: Schema.Boolean.annotate({
      description: "Registered in Wenzhou on the investment date (computed)."
    })
  }).annotate({ identifier: "InvestmentEntry", description: "An investment in an enterprise." }),
  Schema.Struct({
    ...entryBase,
    kind: Schema.Literal("valuation"),
    fairValue: Money,
    investment: PositiveInt
  }).annotate({ identifier: "ValuationEntry", description: "The fair value of a holding on a date." }),
  Schema.Struct({
    ...entryBase,
    kind: Schema.Literal("exit"),
    proceeds: Money,
    costBasis: Money,
    // proceeds − costBasis; negative for a loss (Money allows the sign).
    gain: Money,
    route: ExitRoute,
    investment: PositiveInt
  }).annotate({ identifier: "ExitEntry", description: "An exit from a holding." }),
  Schema.Struct({
    ...entryBase,
    kind: Schema.Literal("reversal"),
    reverses: PositiveInt.annotate({ description: "The entry taken out of every figure." }),
    reason: Text
  }).annotate({ identifier: "ReversalEntry", description: "冲销 a reversal (final)." })
]).annotate({ identifier: "FundEntry", description: "A fund ledger entry (基金台账), by kind." })

export const LedgerPageJson = Schema.Struct({
  items: Schema.Array(FundEntryJson),
  total: NonNegativeInt.annotate({ description: "How many entries match the filters (all pages)." }),
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "LedgerPage" })

/** What `fundFiguresToJson` writes. */
export const FundFiguresJson = Schema.Struct({
  asOf: BusinessDate,
  funds: Schema.Array(FundCode).annotate({ description: "The funds counted." }),
  committed: Money,
  paidIn: Money,
  unfunded: Money,
  calledPercent: Schema.NullOr(Multiple).annotate({ description: "PI / C; null when nothing is committed." }),
  distributions: Money,
  nav: Schema.NullOr(Money).annotate({ description: "Latest NAV mark(s) on or before asOf; null without." }),
  navDate: NullOrDate,
  dpi: Schema.NullOr(Multiple).annotate({ description: "D / PI" }),
  rvpi: Schema.NullOr(Multiple).annotate({ description: "NAV / PI" }),
  tvpi: Schema.NullOr(Multiple).annotate({ description: "(D + NAV) / PI" }),
  invested: Money,
  exitProceeds: Money,
  remainingCost: Money,
  holdingsValue: Money,
  grossMoic: Schema.NullOr(Multiple).annotate({ description: "(exit proceeds + holdings value) / invested" }),
  netIrr: IrrJson,
  grossIrr: IrrJson,
  unvaluedHoldings: NonNegativeInt,
  notes: Schema.Array(Schema.String).annotate({
    description: "Why a figure is null or estimated (no NAV mark, holdings at cost, nothing paid in)."
  })
}).annotate({
  identifier: "FundFigures",
  description:
    "Fund figures as of a date from live ledger entries: DPI, RVPI, TVPI, gross MOIC, net IRR (calls, " +
    "distributions and the NAV as a last flow) and gross IRR (investments, proceeds, fair values)."
})

export const FundGroupsJson = Schema.Struct({
  asOf: BusinessDate,
  by: Schema.Literals(["fund", "chainStage", "manager", "kind"]),
  groups: Schema.Array(
    Schema.Struct({ key: Schema.String, label: Schema.String, figures: FundFiguresJson }).annotate({
      identifier: "FundGroup"
    })
  )
}).annotate({ identifier: "FundGroups" })

/** What `dealFiguresToJson` writes. */
export const DealFiguresJson = Schema.Struct({
  asOf: BusinessDate,
  count: NonNegativeInt,
  localCount: NonNegativeInt,
  invested: Money,
  investedLocal: Money,
  exitProceeds: Money,
  exitedCost: Money,
  remainingCost: Money,
  fairValue: Money,
  moic: Schema.NullOr(Multiple).annotate({ description: "(proceeds + fair value) / cost" }),
  grossIrr: IrrJson,
  unvaluedHoldings: NonNegativeInt
}).annotate({ identifier: "DealFigures", description: "Investment-level (deal) figures of a group." })

export const DealGroupsJson = Schema.Struct({
  asOf: BusinessDate,
  by: Schema.Literals(["district", "techCategory", "local", "fund", "all"]),
  groups: Schema.Array(
    Schema.Struct({ key: Schema.String, label: Schema.String, figures: DealFiguresJson }).annotate({
      identifier: "DealGroup"
    })
  )
}).annotate({ identifier: "DealGroups" })

const NullOrMultiple = Schema.NullOr(Multiple)

/** What `cityFundKpisToJson` writes. */
export const CityFundKpisJson = Schema.Struct({
  asOf: BusinessDate,
  cityFunds: Schema.Array(FundCode),
  // Scale: live commitments to city funds.
  committed: Money,
  paidIn: Money,
  calledPercent: NullOrMultiple,
  committedToSubFunds: Money,
  programme: Schema.Struct({
    funds: Schema.Array(FundCode),
    size: Money,
    government: Money,
    social: Money,
    leverage: NullOrMultiple,
    socialMultiple: NullOrMultiple,
    grossOfInternal: Money,
    internal: Money
  }).annotate({
    identifier: "ProgrammeKpis",
    description:
      "The programme seen through, each yuan once: size = external commitments into programme funds; " +
      "leverage (放大倍数) = size / government; social-capital multiple = (size − government) / government."
  }),
  subFunds: Schema.Array(
    Schema.Struct({
      fund: FundCode,
      name: Schema.String,
      parent: Schema.NullOr(FundCode),
      size: Money,
      government: Money,
      cityFundCommitted: Money,
      leverage: NullOrMultiple,
      socialMultiple: NullOrMultiple,
      invested: Money,
      investedLocal: Money,
      reinvestMultiple: NullOrMultiple,
      reinvestRequired: NullOrMultiple,
      reinvestCompletion: NullOrMultiple
    }).annotate({
      identifier: "SubFundKpis",
      description: "返投 multiple = investedLocal / cityFundCommitted; completion = multiple / required."
    })
  ),
  directInvestments: Schema.Struct({
    from: BusinessDate,
    to: BusinessDate,
    count: NonNegativeInt.annotate({
      description: "Qualifying direct investments (直投) this year to asOf."
    }),
    target: PositiveInt,
    progress: Schema.Finite.annotate({ description: "count / target, for display only." }),
    countAll: NonNegativeInt,
    amount: Money,
    byTechCategory: Schema.Array(
      Schema.Struct({
        techCategory: TechCategory,
        qualifying: Schema.Boolean,
        count: NonNegativeInt,
        amount: Money
      })
    )
  }).annotate({ identifier: "DirectInvestmentKpis" })
}).annotate({
  identifier: "CityFundKpis",
  description: "市科创基金 KPIs: scale, paid-in, programme and sub-fund leverage, 返投, direct investments."
})

/** What `enterpriseToJson` writes. */
export const EnterpriseJson = Schema.Struct({
  id: PositiveInt,
  uscc: Uscc,
  name: Schema.String,
  industry: Schema.String,
  stage: EnterpriseStage,
  techCategory: TechCategory,
  registeredOn: NullOrDate,
  district: Schema.String.annotate({ description: "The current district (6-digit division code)." }),
  districtName: Schema.NullOr(Schema.String),
  local: Schema.Boolean.annotate({ description: "The current district is a Wenzhou one." }),
  districts: Schema.Array(
    Schema.Struct({
      district: Schema.String,
      since: NullOrDate.annotate({ description: "null: from the start." }),
      local: Schema.Boolean,
      districtName: Schema.NullOr(Schema.String)
    })
  ).annotate({ description: "District history, oldest first." }),
  journalSeq: PositiveInt
}).annotate({ identifier: "Enterprise", description: "An enterprise of the registry (企业库)." })

export const EnterprisePageJson = Schema.Struct({
  items: Schema.Array(EnterpriseJson),
  total: NonNegativeInt,
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "EnterprisePage" })

/** An institution record as the core returns it. */
export const InstitutionJson = Schema.Struct({
  id: PositiveInt,
  kind: InstitutionKind,
  name: Schema.String,
  uscc: Schema.NullOr(Uscc),
  journalSeq: PositiveInt
}).annotate({ identifier: "Institution", description: "A bank, insurer, guarantor or fund manager." })

export const InstitutionPageJson = Schema.Struct({
  items: Schema.Array(InstitutionJson),
  total: NonNegativeInt,
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({ identifier: "InstitutionPage" })

// Request bodies of the routes whose path names the fund (or the enterprise): the core's input schemas
// with that field optional; given in the body, it must match the path (else 422 naming it).
const pathFund = { fund: Schema.optional(FundCode) }
export const CommitmentBody = Schema.Struct({ ...CommitmentInput.fields, ...pathFund }).annotate({
  identifier: "CommitmentRequest"
})
export const DistributionBody = Schema.Struct({ ...DistributionInput.fields, ...pathFund }).annotate({
  identifier: "DistributionRequest"
})
export const NavBody = Schema.Struct({ ...NavInput.fields, ...pathFund }).annotate({
  identifier: "NavRequest"
})
export const InvestmentBody = Schema.Struct({ ...InvestmentInput.fields, ...pathFund }).annotate({
  identifier: "InvestmentRequest"
})
export const FundStatusBody = Schema.Struct({ ...FundStatusInput.fields, ...pathFund }).annotate({
  identifier: "FundStatusRequest"
})
export const EnterpriseMoveBody = Schema.Struct({
  ...EnterpriseMoveInput.fields,
  uscc: Schema.optional(Uscc)
}).annotate({ identifier: "EnterpriseMoveRequest" })

// Parameters of the fund and registry routes (checked by hand in ../api/funds.ts, like the others).
export const FundFilters = {
  kind: FundKind,
  chainStage: ChainStage,
  manager: PositiveInt,
  parent: FundCode,
  status: FundStatus
}
export const LedgerFilters = {
  kind: Schema.Literals(entryKinds),
  from: BusinessDate,
  to: BusinessDate,
  includeReversed: Schema.Boolean.annotate({ default: true })
}
export const FundGrouping = Schema.Literals(["fund", "chainStage", "manager", "kind"])
export const DealGrouping = Schema.Literals(["district", "techCategory", "local", "fund", "all"])
export const EntryId = PositiveInt
export const EnterpriseFilters = {
  uscc: Uscc,
  district: AdminDivisionCode,
  stage: EnterpriseStage,
  techCategory: TechCategory,
  local: Schema.Boolean
}
export { FundCode, InstitutionKind, Uscc }
