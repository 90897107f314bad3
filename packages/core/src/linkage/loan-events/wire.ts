import { Schema } from "effect"
import { Money } from "../../money/wire.js"
import { BusinessDate } from "../../time/index.js"
import { LoanStandingJsonFields, page, recordBase } from "../wire.js"
import { LoanDefaultInput, LoanRepaymentInput, loanEventKinds } from "./schema.js"

// Wire shapes of the loan events' answers: what `loanEventToJson` and `loanStandingToJson` write.

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))

export const LoanEventJson = Schema.Struct({
  ...recordBase,
  loan: PositiveInt,
  kind: Schema.Literals(loanEventKinds),
  on: BusinessDate,
  principal: Schema.NullOr(Money).annotate({ description: "A repayment's principal; null for a default." }),
  interest: Schema.NullOr(Money).annotate({
    description: "The interest paid with a repayment (0.00 when none was said); null for a default."
  }),
  note: Schema.NullOr(Schema.String)
}).annotate({
  identifier: "LinkageLoanEvent",
  description: "还款 (a repayment of principal, with its interest) or 违约 (a default) of a linkage loan."
})

export const LoanEventPageJson = page(LoanEventJson, "LinkageLoanEventPage")

export const LoanStandingJson = Schema.Struct({
  loan: PositiveInt,
  on: Schema.NullOr(BusinessDate).annotate({
    description: "The day it is read on; null: with every live event recorded."
  }),
  amount: Money,
  ...LoanStandingJsonFields
}).annotate({
  identifier: "LinkageLoanStanding",
  description:
    "A linkage loan's balance and status on a day, from its live events dated on or before it: `amount` is " +
    "the loan's, `repaid` the principal repaid by then, `outstanding` the difference."
})

/** The bodies: the path names the loan (a `loan` in the body must name the same). */
export const LoanRepaymentBody = Schema.Struct({
  ...LoanRepaymentInput.fields,
  loan: Schema.optional(LoanRepaymentInput.fields.loan)
}).annotate({ identifier: "LinkageLoanRepaymentRequest" })
export const LoanDefaultBody = Schema.Struct({
  ...LoanDefaultInput.fields,
  loan: Schema.optional(LoanDefaultInput.fields.loan)
}).annotate({ identifier: "LinkageLoanDefaultRequest" })
