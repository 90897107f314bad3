import {
  BusinessDate,
  DistrictCode,
  PledgeChangeInput,
  PledgeEndInput,
  PledgeLoanEventJson,
  PledgeLoanJson,
  PledgeLoanListJson,
  pledgeDimensions,
  pledgeStatuses,
  Uscc
} from "@kejin/core"
import { Schema } from "effect"
import type { Parameter } from "./operations.js"
import { Money, PledgeJson } from "./schemas.js"

// Wire shapes of the registration lifecycle, loans and figures of `/api/v1/pledges/…`: what
// `pledgeRegistrationToJson`, `pledgeLoanToJson`, `pledgeTimelineToJson`, `pledgeSummaryToJson` and
// `pledgeBreakdownToJson` write (the API tests decode the real answers with these, unknown fields refused),
// and the request bodies and query parameters of those routes.

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const NullOrText = Schema.NullOr(Schema.String)

export const PeriodJson = Schema.Struct({ from: BusinessDate, to: BusinessDate }).annotate({
  identifier: "Period",
  description: "A span of days, both inclusive."
})

const DebtTermJson = Schema.Struct({ start: BusinessDate, end: BusinessDate }).annotate({
  identifier: "DebtTerm",
  description: "债务履行期限: the term of the secured debt, both days inclusive."
})

export const PledgeStatusJson = Schema.Literals(pledgeStatuses).annotate({
  identifier: "PledgeStatus",
  description:
    "registered → changed (变更) → released (解除) | cancelled (撤销), derived from the live events; a " +
    "reversed event counts for nothing."
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

// The loans' wire shapes are declared with their operations in the core (loans/wire.ts).
export { PledgeLoanEventJson, PledgeLoanJson, PledgeLoanListJson }

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
  description: "Sum and count of live registrations registered in the period, at their registered amount."
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
    "The figures of live registrations and their live loans for a period: `amount` (at the registered " +
    "amount), `registrations`, `patents` and `enterprises` of those registered in it; `loans` and `lending` " +
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

// ------------------------------------------------------------------------------------------- request bodies

/** The body of `POST /api/v1/pledges/{id}/changes` (变更登记); the registration comes from the path. */
export const PledgeChangeBody = Schema.Struct({
  on: PledgeChangeInput.fields.on,
  amount: PledgeChangeInput.fields.amount,
  debtTerm: PledgeChangeInput.fields.debtTerm,
  note: PledgeChangeInput.fields.note
}).annotate({
  identifier: "PledgeChangeRequest",
  description: "A new secured amount, a new debt term, or both, from `on`."
})

/** The body of `POST /api/v1/pledges/{id}/release` and `…/cancellation`. */
export const PledgeEndBody = Schema.Struct({
  on: PledgeEndInput.fields.on,
  note: PledgeEndInput.fields.note
}).annotate({ identifier: "PledgeEndRequest" })

// ------------------------------------------------------------------------------------------- parameters

export const EventId = PositiveInt

/** The list's filters (`GET /api/v1/pledges`, `GET /api/v1/pledges/export.csv`). */
export const PledgeListFilters = {
  from: BusinessDate,
  to: BusinessDate,
  district: DistrictCode,
  pledgor: Uscc,
  bank: Schema.String,
  status: PledgeStatusJson,
  q: Schema.String,
  minAmount: Schema.String,
  maxAmount: Schema.String
}

/** The period of a figures query: one form of year (+ quarter | month), from + to, fromYear + toYear, plan. */
export const PeriodParameters = {
  year: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 9999 })),
  quarter: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 4 })),
  month: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 })),
  from: BusinessDate,
  to: BusinessDate,
  fromYear: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 9999 })),
  toYear: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 9999 })),
  period: Schema.Literal("plan")
}

export const PledgeDimensionParameter = Schema.Literals(pledgeDimensions)
export const BooleanParameter = Schema.Boolean

/**
 * The filters `GET /api/v1/pledges` gained with the registration lifecycle (bank, status, q, minAmount,
 * maxAmount), as documented parameters: `GET /api/v1/pledges/export.csv` takes them, and so does the list.
 */
export const pledgeListExtraParameters: ReadonlyArray<Parameter> = [
  {
    name: "bank",
    in: "query",
    description: "The pledgee (质权人), by its exact name.",
    schema: PledgeListFilters.bank,
    example: "温州银行"
  },
  {
    name: "status",
    in: "query",
    description: "The current status: registered, changed, released or cancelled.",
    schema: PledgeListFilters.status,
    example: "registered"
  },
  {
    name: "q",
    in: "query",
    description: "Part of the registration number, any case (a search box).",
    schema: PledgeListFilters.q,
    example: "Y2025"
  },
  {
    name: "minAmount",
    in: "query",
    description: "Registered amount at least this many yuan (decimal text, e.g. 1000000.00 or 100万).",
    schema: PledgeListFilters.minAmount,
    example: "1000000.00"
  },
  {
    name: "maxAmount",
    in: "query",
    description: "Registered amount at most this many yuan; not less than minAmount.",
    schema: PledgeListFilters.maxAmount,
    example: "50000000.00"
  }
]
