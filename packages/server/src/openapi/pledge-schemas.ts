import {
  BusinessDate,
  DistrictCode,
  PeriodJson,
  PledgeBreakdownJson,
  PledgeChangeInput,
  PledgeEndInput,
  PledgeEventJson,
  PledgeGrowthJson,
  PledgeLoanEventJson,
  PledgeLoanJson,
  PledgeLoanListJson,
  PledgeMeasuresJson,
  PledgeMonthlyJson,
  PledgeRegistrationJson,
  PledgeStatusJson,
  PledgeSummaryJson,
  PledgeTimelineJson,
  PledgeTotalJson,
  pledgeDimensions,
  Uscc
} from "@kejin/core"
import { Schema } from "effect"
import type { Parameter } from "./operations.js"

// Wire shapes of the registration lifecycle, loans and figures of `/api/v1/pledges/…`: what
// `pledgeRegistrationToJson`, `pledgeLoanToJson`, `pledgeTimelineToJson`, `pledgeSummaryToJson` and
// `pledgeBreakdownToJson` write (the API tests decode the real answers with these, unknown fields refused),
// and the request bodies and query parameters of those routes.

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))

// The registrations' and loans' wire shapes are declared with their operations in the core
// (pledges/wire.ts, loans/wire.ts).
export {
  PeriodJson,
  PledgeBreakdownJson,
  PledgeEventJson,
  PledgeGrowthJson,
  PledgeLoanEventJson,
  PledgeLoanJson,
  PledgeLoanListJson,
  PledgeMeasuresJson,
  PledgeMonthlyJson,
  PledgeRegistrationJson,
  PledgeStatusJson,
  PledgeSummaryJson,
  PledgeTimelineJson,
  PledgeTotalJson
}

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
