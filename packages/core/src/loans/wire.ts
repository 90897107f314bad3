import { Schema } from "effect"
import { Money } from "../money/wire.js"
import { BusinessDate } from "../time/index.js"
import { DisposalMethod } from "./schema.js"

// Wire shapes of the loans' answers: what `pledgeLoanToJson` writes (the API tests decode the real answers
// with these, unknown fields refused, so the document and the code cannot drift apart).

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
const NullOrText = Schema.NullOr(Schema.String)

export const PledgeLoanEventJson = Schema.Struct({
  id: PositiveInt,
  loanId: PositiveInt,
  kind: Schema.Literals(["repayment", "default", "reversal"]),
  on: BusinessDate,
  amount: Schema.NullOr(Money).annotate({ description: "A repayment's amount; null otherwise." }),
  reverses: Schema.NullOr(PositiveInt),
  reversed: Schema.Boolean,
  note: NullOrText,
  journalSeq: PositiveInt
}).annotate({ identifier: "PledgeLoanEvent", description: "A repayment, a default, or a reversal of one." })

export const PledgeLoanDisposalJson = Schema.Struct({
  id: PositiveInt,
  loanId: PositiveInt,
  on: BusinessDate,
  method: DisposalMethod,
  recovered: Money,
  writtenOff: Money,
  note: NullOrText,
  reversed: Schema.Boolean.annotate({ description: "Recorded in error and reversed." }),
  journalSeq: PositiveInt
}).annotate({
  identifier: "PledgeLoanDisposal",
  description: "处置: a defaulted loan disposed of (collateral sold, claim transferred, or written off)."
})

export const PledgeLoanJson = Schema.Struct({
  id: PositiveInt,
  pledgeId: PositiveInt,
  registrationNo: Schema.String,
  bank: Schema.String.annotate({
    description: "The lending bank (the pledgee unless the draw named another)."
  }),
  amount: Money,
  rate: Schema.String.annotate({
    description: "Annual rate as an exact decimal fraction (0.0385 = 3.85 %).",
    examples: ["0.0385"]
  }),
  disbursedOn: BusinessDate,
  maturesOn: BusinessDate,
  repaid: Money,
  outstanding: Money,
  defaultedOn: Schema.NullOr(BusinessDate).annotate({ description: "The date of the live default, if any." }),
  reversed: Schema.Boolean.annotate({
    description: "Recorded in error and reversed (itself, or its registration): out of every figure."
  }),
  events: Schema.Array(PledgeLoanEventJson),
  disposal: Schema.NullOr(PledgeLoanDisposalJson).annotate({
    description: "The live disposal, if the defaulted loan was disposed of: its balance is settled (0)."
  }),
  disposals: Schema.Array(PledgeLoanDisposalJson).annotate({
    description: "Every disposal recorded, oldest first, reversed ones marked."
  }),
  journalSeq: PositiveInt
}).annotate({ identifier: "PledgeLoan", description: "A loan drawn under a registration (质押贷款)." })

export const PledgeLoanListJson = Schema.Struct({ items: Schema.Array(PledgeLoanJson) }).annotate({
  identifier: "PledgeLoanList"
})
