import { Schema } from "effect"
import { PledgeLoanJson } from "../loans/wire.js"
import { Money } from "../money/wire.js"
import { BusinessDate } from "../time/index.js"
import { pledgeDimensions } from "./figures.js"
import { PledgeInput, pledgeStatuses, type pledgeToJson } from "./schema.js"

// Wire shapes of the registrations' answers: what `pledgeToJson`, `pledgeRegistrationToJson`,
// `pledgeTimelineToJson`, `pledgeTotalToJson`, `pledgeMonthlyToJson`, `pledgeSummaryToJson` and
// `pledgeBreakdownToJson` write (the API tests decode the real answers with these, unknown fields refused,
// so the document and the code cannot drift apart).

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const NullOrText = Schema.NullOr(Schema.String)

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
export type PledgeJson = ReturnType<typeof pledgeToJson>

export const PledgeStatusJson = Schema.Literals(pledgeStatuses).annotate({
  identifier: "PledgeStatus",
  description:
    "registered → changed (变更) → released (解除) | cancelled (撤销), derived from the live events; a " +
    "reversed event counts for nothing."
})

/** A registration as the list answers it: the stored record, its current status and secured amount. */
export const ListedPledgeJson = Schema.Struct({
  ...PledgeJson.fields,
  status: PledgeStatusJson,
  // The secured amount in force now: the registered amount, or the latest live change's (the struct says
  // it: an annotated copy of Money would be a second component).
  securedAmount: Money
}).annotate({
  identifier: "ListedPledge",
  description: "A recorded patent pledge loan with its current status and secured amount."
})

/** `GET /api/v1/pledges`: one page of live pledges (newest registration first unless sorted), and their total. */
export const PledgePageJson = Schema.Struct({
  items: Schema.Array(ListedPledgeJson),
  total: NonNegativeInt.annotate({ description: "How many pledges match the filters (all pages)." }),
  // The registered amounts of the pledges matching the filters (all pages), summed (the struct says it:
  // an annotated copy of Money would be a second component).
  amount: Money,
  limit: PositiveInt,
  offset: NonNegativeInt
}).annotate({
  identifier: "PledgePage",
  description:
    "One page of the list; `total` and `amount` are how many pledges match the filters and their registered " +
    "amounts summed, over all pages."
})

export const PeriodJson = Schema.Struct({ from: BusinessDate, to: BusinessDate }).annotate({
  identifier: "Period",
  description: "A span of days, both inclusive."
})

const DebtTermJson = Schema.Struct({ start: BusinessDate, end: BusinessDate }).annotate({
  identifier: "DebtTerm",
  description: "债务履行期限: the term of the secured debt, both days inclusive."
})

export const PledgeEventJson = Schema.Struct({
  id: PositiveInt,
  pledgeId: PositiveInt,
  kind: Schema.Literals(["change", "release", "cancel", "reversal"]),
  on: BusinessDate,
  amount: Schema.NullOr(Schema.Struct({ before: Money, after: Money })).annotate({
    description: "A change of the secured amount, before and after."
  }),
  debtTerm: Schema.NullOr(
    Schema.Struct({ before: Schema.NullOr(DebtTermJson), after: DebtTermJson })
  ).annotate({ description: "A change of the debt term, before (null when none was recorded) and after." }),
  reverses: Schema.NullOr(PositiveInt).annotate({ description: "For a reversal: the event it takes out." }),
  reversed: Schema.Boolean.annotate({ description: "True once a later reversal took this event out." }),
  note: NullOrText,
  journalSeq: PositiveInt
}).annotate({ identifier: "PledgeEvent", description: "A dated event of a registration's lifecycle." })

export const PledgeRegistrationJson = Schema.Struct({
  ...PledgeJson.fields,
  status: PledgeStatusJson,
  statusOn: BusinessDate,
  securedAmount: Money,
  currentDebtTerm: Schema.NullOr(DebtTermJson),
  firstPledge: Schema.Boolean.annotate({
    description: "首次质押: the enterprise's earliest live registration."
  }),
  inclusive: Schema.Boolean.annotate({
    description: "普惠: the registered amount, or any live loan, at most inclusiveThreshold."
  }),
  inclusiveThreshold: Money,
  patentDetails: Schema.Array(
    Schema.Struct({
      number: Schema.String,
      type: Schema.NullOr(
        Schema.Literals(["invention", "utility-model", "design", "pct-invention", "pct-utility-model"])
      ),
      title: NullOrText
    })
  ),
  drawn: Money,
  available: Money,
  outstanding: Money,
  loans: Schema.Array(PledgeLoanJson),
  events: Schema.Array(PledgeEventJson)
}).annotate({
  identifier: "PledgeRegistration",
  description:
    "A registration (质押登记) with its status, current terms, flags, patents, loans and events. `statusOn`: " +
    "the latest live event's date, else the registration date; `securedAmount`: the latest live change's " +
    "amount, else `amount`; `drawn`: what live loans drew (the secured amount caps it); `available` = " +
    "securedAmount − drawn (not below 0); `outstanding`: what live loans still owe."
})

export const PledgeTimelineJson = Schema.Struct({
  items: Schema.Array(
    Schema.Struct({
      on: BusinessDate,
      kind: Schema.Literals([
        "registered",
        "changed",
        "released",
        "cancelled",
        "drawn",
        "repaid",
        "defaulted"
      ]),
      eventId: Schema.NullOr(PositiveInt),
      loanId: Schema.NullOr(PositiveInt),
      amount: Schema.NullOr(Money),
      reversed: Schema.Boolean.annotate({
        description: "Taken out later by a reversal (of the event, the loan or the registration)."
      }),
      journalSeq: PositiveInt
    }).annotate({ identifier: "PledgeTimelineEntry" })
  )
}).annotate({ identifier: "PledgeTimeline", description: "A registration's history, oldest first." })

// ------------------------------------------------------------------------------------------- figures

export const PledgeTotalJson = Schema.Struct({
  period: PeriodJson,
  amount: Money,
  count: NonNegativeInt
}).annotate({
  identifier: "PledgeTotal",
  description:
    "Sum and count of the registrations registered in the period that count, each at the secured amount in " +
    "force at the period's end (a change counts from its date); cancelled (撤销) and reversed ones count " +
    "nothing, released ones count."
})

export const PledgeMonthlyJson = Schema.Struct({
  period: PeriodJson,
  months: Schema.Array(
    Schema.Struct({
      month: Schema.String.check(Schema.isPattern(/^[0-9]{4}-[0-9]{2}$/u)).annotate({
        examples: ["2025-03"]
      }),
      amount: Money,
      count: NonNegativeInt
    })
  ).annotate({
    description: "Every month of the period, zeros included; the ends count only days inside it."
  })
}).annotate({ identifier: "PledgeMonthly" })

export const PledgeMeasuresJson = Schema.Struct({
  amount: Money,
  registrations: NonNegativeInt,
  patents: NonNegativeInt,
  enterprises: NonNegativeInt.annotate({ description: "Distinct pledgors (not additive across groups)." }),
  loans: NonNegativeInt.annotate({ description: "Loans disbursed in the period." }),
  lending: Money,
  lendingToDate: Money,
  repaidToDate: Money,
  outstanding: Money
}).annotate({
  identifier: "PledgeMeasures",
  description:
    "The figures of the registrations that count (neither cancelled nor reversed) and their live loans for a " +
    "period: `amount` (each at the secured amount in force at the period's end), `registrations`, `patents` " +
    "and `enterprises` of those registered in it; `loans` and `lending` " +
    "of the loans disbursed in it; `lendingToDate`, `repaidToDate` and `outstanding` (= lendingToDate − " +
    "repaidToDate) of every loan disbursed up to its end."
})

const Growth = Schema.NullOr(Schema.Finite)
export const PledgeGrowthJson = Schema.Struct({
  amount: Growth,
  registrations: Growth,
  patents: Growth,
  enterprises: Growth,
  loans: Growth,
  lending: Growth,
  outstanding: Growth
}).annotate({
  identifier: "PledgeGrowth",
  description: "(this − a year earlier) / a year earlier per measure, for display; null when that is 0."
})

export const PledgeSummaryJson = Schema.Struct({
  period: PeriodJson,
  measures: PledgeMeasuresJson,
  previousPeriod: PeriodJson,
  previous: PledgeMeasuresJson,
  growth: PledgeGrowthJson,
  defaulted: Schema.Struct({ loans: NonNegativeInt, outstanding: Money }).annotate({
    description: "Live loans in default at the period's end, and their outstanding balance then."
  })
}).annotate({ identifier: "PledgeSummary" })

export const PledgeBreakdownJson = Schema.Struct({
  period: PeriodJson,
  by: Schema.Literals(pledgeDimensions),
  inclusiveThreshold: Money,
  rows: Schema.Array(
    Schema.Struct({
      key: Schema.NullOr(Schema.Union([Schema.String, Schema.Boolean])).annotate({
        description: "District code, bank name, size (null = not stated), or true/false for the two flags."
      }),
      label: Schema.String.annotate({
        description: "For display: 鹿城区, 温州银行, 小型企业, 普惠, 首次质押…"
      }),
      measures: PledgeMeasuresJson,
      previous: Schema.optionalKey(PledgeMeasuresJson),
      growth: Schema.optionalKey(PledgeGrowthJson)
    }).annotate({ identifier: "PledgeBreakdownRow" })
  ),
  total: PledgeMeasuresJson,
  previousPeriod: Schema.optionalKey(PeriodJson)
}).annotate({ identifier: "PledgeBreakdown" })

// ------------------------------------------------------------------------------------------- facade only

/** `kejin.pledges.statuses(ids)`: the status of each id found, by id (no route answers it). */
export const PledgeStatusesJson = Schema.Record(Schema.String, PledgeStatusJson).annotate({
  identifier: "PledgeStatuses"
})

/** `kejin.pledges.recordMany(rows)`: how many were recorded, their ids, and the one journal entry. */
export const PledgeBatchJson = Schema.Struct({
  count: NonNegativeInt,
  ids: Schema.Array(PositiveInt),
  journalSeq: NonNegativeInt.annotate({ description: "0 when the batch was empty (nothing journaled)." })
}).annotate({ identifier: "PledgeBatch" })
