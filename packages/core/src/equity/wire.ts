import { Schema } from "effect"
import { DecimalText, Money } from "../money/wire.js"
import { Uscc } from "../registry/codes.js"
import { EnterpriseStage, TechCategory } from "../registry/enterprises.js"
import { BusinessDate } from "../time/index.js"
import type { cityFundKpisToJson, dealFiguresToJson, fundFiguresToJson } from "./metrics.js"
import {
  ChainStage,
  CommitmentInput,
  DistributionInput,
  DistributionKind,
  ExitRoute,
  entryKinds,
  FundCode,
  FundKind,
  FundOrigin,
  FundStatus,
  FundStatusInput,
  type fundEntryToJson,
  type fundToJson,
  Instrument,
  InvestmentInput,
  InvestmentMode,
  LpType,
  NavInput,
  ProRataBasis,
  ProRataCallInput,
  ProRataDistributionInput
} from "./schema.js"

// Wire shapes of the fund answers: what `fundToJson`, `fundEntryToJson`, `fundFiguresToJson`,
// `dealFiguresToJson` and `cityFundKpisToJson` write, and the pages and groups around them (the API tests
// decode the real answers with these, unknown fields refused, so the document and the code cannot drift
// apart); the request bodies and query parameters the document shows.

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))

/** A multiple or fraction as the core writes it for display: six decimal places, half-even. */
export const Multiple = Schema.String.check(Schema.isPattern(/^-?(?:0|[1-9][0-9]*)\.[0-9]{6}$/u)).annotate({
  identifier: "Multiple",
  description:
    "A ratio (a multiple such as TVPI, or a fraction such as called % where 0.400000 is 40 %) as a decimal " +
    "string with six places, rounded half-even for display; the core keeps it exact.",
  examples: ["1.200000"]
})

/** Decimal text on the wire (返投 required multiple, fx rates), declared with the money wire shapes. */
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
    reason: Schema.String.annotate({ description: "Why no rate exists, in words (e.g. no sign change)." }),
    code: Schema.optional(Schema.String).annotate({
      description: "The reason's stable code in the message catalogue (e.g. `irr-no-sign-change`)."
    }),
    params: Schema.optional(Schema.Record(Schema.String, Schema.String))
  }).annotate({ identifier: "IrrNoRate" })
]).annotate({ identifier: "Irr", description: "An internal rate of return (XIRR), or why there is none." })

/** What `fundToJson` writes. */
export type FundJson = ReturnType<typeof fundToJson>
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
    currency: Schema.String.annotate({ description: "A current ISO 4217 code, not CNY." }),
    amount: DecimalText,
    // Yuan per unit of the currency.
    rate: DecimalText
  }).annotate({ identifier: "ForeignAmount" })
).annotate({
  description:
    "The amount in another currency and the rate used; the yuan amount counts, and amount × rate, rounded " +
    "half up to the fen, equals it."
})

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
export type FundEntryJson = ReturnType<typeof fundEntryToJson>
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
    distributionKind: DistributionKind,
    commitment: Schema.NullOr(PositiveInt).annotate({
      description:
        "The LP's commitment a line of a pro-rata distribution is for; null for the fund as a whole."
    })
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
export type FundFiguresJson = ReturnType<typeof fundFiguresToJson>
export const FundFiguresJson = Schema.Struct({
  asOf: BusinessDate,
  funds: Schema.Array(FundCode).annotate({ description: "The funds counted." }),
  committed: Money,
  paidIn: Money,
  unfunded: Money,
  calledPercent: Schema.NullOr(Multiple).annotate({ description: "PI / C; null when nothing is committed." }),
  distributions: Money,
  nav: Schema.NullOr(Money).annotate({
    description:
      "NAV rolled forward to asOf: latest mark on or before asOf + calls − distributions dated after it " +
      "(per fund, summed); null when a fund has no mark."
  }),
  navDate: NullOrDate.annotate({ description: "The date of the (latest) mark the NAV rests on." }),
  navMark: Schema.NullOr(Money).annotate({
    description: "The mark(s) the NAV rests on, before the roll-forward."
  }),
  // Calls and distributions dated after the mark(s), up to asOf: added to and taken off the mark.
  navCallsSince: Money,
  navDistributionsSince: Money,
  navMarks: Schema.Array(
    Schema.Struct({
      fund: FundCode,
      on: BusinessDate,
      mark: Money,
      callsSince: Money,
      distributionsSince: Money,
      adjusted: Money
    }).annotate({
      identifier: "NavBasis",
      description: "One fund's NAV roll-forward: adjusted = mark + callsSince − distributionsSince."
    })
  ).annotate({ description: "Per fund, the mark its NAV rests on and the flows since it." }),
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
  by: Schema.Literals(["fund", "chainStage", "manager", "kind", "origin"]),
  groups: Schema.Array(
    Schema.Struct({ key: Schema.String, label: Schema.String, figures: FundFiguresJson }).annotate({
      identifier: "FundGroup"
    })
  )
}).annotate({ identifier: "FundGroups" })

export const CapitalJson = Schema.Struct({
  asOf: BusinessDate,
  by: Schema.Literals(["origin", "lpType"]),
  groups: Schema.Array(
    Schema.Struct({
      key: Schema.String,
      label: Schema.String,
      committed: Money,
      commitments: NonNegativeInt
    }).annotate({ identifier: "CapitalGroup" })
  ),
  // Σ of the groups: capital that came into the set from outside it.
  committed: Money,
  // Commitments by a fund of the set to another, left out of the groups.
  internal: Money,
  // 温商回归: commitments of LP type merchant to funds registered in Wenzhou.
  merchantReturned: Money
}).annotate({
  identifier: "FundCapital",
  description:
    "Committed capital by group; `committed` is the groups' sum (capital from outside the set), `internal` " +
    "the commitments between funds of the set (left out), `merchantReturned` the 温商 capital committed to " +
    "funds registered in Wenzhou."
})

/** What `dealFiguresToJson` writes. */
export type DealFiguresJson = ReturnType<typeof dealFiguresToJson>
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
  by: Schema.Literals(["district", "techCategory", "local", "fund", "all", "instrument"]),
  groups: Schema.Array(
    Schema.Struct({ key: Schema.String, label: Schema.String, figures: DealFiguresJson }).annotate({
      identifier: "DealGroup"
    })
  )
}).annotate({ identifier: "DealGroups" })

const NullOrMultiple = Schema.NullOr(Multiple)

/** What `cityFundKpisToJson` writes. */
export type CityFundKpisJson = ReturnType<typeof cityFundKpisToJson>
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
      description:
        "Qualifying direct-investment projects (直投项目) this year to asOf: one per enterprise and year, " +
        "however many tranches."
    }),
    target: PositiveInt,
    progress: Schema.Finite.annotate({ description: "count / target, for display only." }),
    countAll: NonNegativeInt.annotate({ description: "All direct-investment projects, `other` included." }),
    tranches: NonNegativeInt.annotate({ description: "Tranches of the counted projects." }),
    amount: Money,
    byTechCategory: Schema.Array(
      Schema.Struct({
        techCategory: TechCategory,
        qualifying: Schema.Boolean,
        count: NonNegativeInt.annotate({ description: "Projects." }),
        tranches: NonNegativeInt,
        amount: Money
      })
    ),
    projects: Schema.Array(
      Schema.Struct({
        enterprise: Schema.Struct({ uscc: Uscc, name: Text }),
        year: PositiveInt,
        // The first tranche's date.
        on: BusinessDate,
        techCategory: TechCategory,
        qualifying: Schema.Boolean,
        amount: Money,
        tranches: Schema.Array(
          Schema.Struct({
            id: PositiveInt,
            fund: FundCode,
            on: BusinessDate,
            amount: Money,
            round: Schema.NullOr(Text)
          }).annotate({ identifier: "DirectTranche" })
        )
      }).annotate({
        identifier: "DirectProject",
        description:
          "A direct-investment project: the city funds' direct investments in one enterprise in one calendar " +
          "year, with its tranches (oldest first)."
      })
    )
  }).annotate({ identifier: "DirectInvestmentKpis" })
}).annotate({
  identifier: "CityFundKpis",
  description: "市科创基金 KPIs: scale, paid-in, programme and sub-fund leverage, 返投, direct investments."
})

// Request bodies of the routes whose path names the fund: the core's input schemas with that field
// optional; given in the body, it must match the path (else 422 naming it).
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

// The query parameters as the document shows them (the inputs decode the text of the URL).
/** A page's size, 1 to 500 (default 50). */
export const PageLimit = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 500 })).annotate({
  default: 50
})
/** Items to skip (default 0). */
export const PageOffset = NonNegativeInt.annotate({ default: 0 })
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

// A pro-rata call or distribution (allocation.ts): the request bodies and the answer.
export const ProRataCallBody = Schema.Struct({ ...ProRataCallInput.fields, ...pathFund }).annotate({
  identifier: "ProRataCallRequest"
})
export const ProRataDistributionBody = Schema.Struct({
  ...ProRataDistributionInput.fields,
  ...pathFund
}).annotate({ identifier: "ProRataDistributionRequest" })

/** What `proRataToJson` writes. */
export const ProRataAllocationJson = Schema.Struct({
  fund: FundCode,
  on: BusinessDate,
  kind: Schema.Literals(["call", "distribution"]),
  distributionKind: Schema.NullOr(DistributionKind),
  basis: ProRataBasis,
  amount: Money,
  journalSeq: PositiveInt.annotate({ description: "The one journal entry of the whole allocation." }),
  lines: Schema.Array(
    Schema.Struct({
      commitment: PositiveInt.annotate({ description: "The LP's commitment." }),
      lpName: Text,
      lpType: LpType,
      lpFund: Schema.NullOr(FundCode),
      // What the share was weighed by: the commitment, or the paid-in capital on the date.
      weight: Money,
      cap: Schema.NullOr(Money).annotate({
        description:
          "A call's cap: the commitment's uncalled amount before the call; null for a distribution."
      }),
      amount: Money,
      entry: Schema.NullOr(PositiveInt).annotate({
        description: "The ledger entry of this line; null when its share is 0.00 (nothing written)."
      })
    })
  )
}).annotate({
  identifier: "ProRataAllocation",
  description:
    "A total shared among the fund's LPs to the fen: exact shares by weight, a call's share capped at the " +
    "commitment's uncalled amount (the excess shared again among the others), then ⌊share⌋ fen each and the " +
    "fen left over one each to the largest remainders, ties to the earlier commitment (date, then id)."
})

const LpFields = {
  commitment: PositiveInt.annotate({ description: "The LP's commitment (its account)." }),
  lpName: Text,
  lpType: LpType,
  lpFund: Schema.NullOr(FundCode)
}

/** What `lpAccountsToJson` writes: each LP's capital account (accounts.ts). */
export const LpAccountsJson = Schema.Struct({
  fund: FundCode,
  asOf: BusinessDate,
  nav: Schema.NullOr(Money).annotate({
    description: "The fund's NAV rolled forward to asOf; null without a mark."
  }),
  navDate: NullOrDate,
  committed: Money,
  called: Money,
  uncalled: Money,
  distributed: Money,
  accounts: Schema.Array(
    Schema.Struct({
      ...LpFields,
      committedOn: BusinessDate,
      committed: Money,
      called: Money,
      uncalled: Money,
      distributed: Money,
      calledShare: Schema.NullOr(Multiple).annotate({ description: "Its called / the fund's called." }),
      nav: Schema.NullOr(Money).annotate({ description: "Its share of the NAV, by called capital." }),
      dpi: Schema.NullOr(Multiple),
      rvpi: Schema.NullOr(Multiple),
      tvpi: Schema.NullOr(Multiple),
      irr: IrrJson
    })
  ),
  notes: Schema.Array(Text)
}).annotate({ identifier: "LpAccounts" })

const statementColumns = {
  committed: Money,
  opening: Schema.NullOr(Money),
  calls: Money,
  distributions: Money,
  navChange: Schema.NullOr(Money),
  closing: Schema.NullOr(Money)
}

/** What `lpStatementToJson` writes: the LP statement of a quarter (accounts.ts). */
export const LpStatementJson = Schema.Struct({
  fund: FundCode,
  quarter: Schema.String.annotate({ description: "The calendar quarter, as 2025Q4." }),
  from: BusinessDate,
  to: BusinessDate,
  closingOn: BusinessDate.annotate({
    description: "The day the closing balances are as of: the quarter's last day, or today while it runs."
  }),
  rows: Schema.Array(Schema.Struct({ ...LpFields, ...statementColumns })),
  total: Schema.Struct(statementColumns),
  notes: Schema.Array(Text)
}).annotate({ identifier: "LpStatement" })

/** What `proRataReversalToJson` writes: the reversal entry of each line of the allocation. */
export const ProRataReversalJson = Schema.Struct({
  fund: FundCode,
  journalSeq: PositiveInt.annotate({ description: "The pro-rata call's or distribution's journal entry." }),
  reversals: Schema.Array(FundEntryJson)
}).annotate({ identifier: "ProRataReversal" })
