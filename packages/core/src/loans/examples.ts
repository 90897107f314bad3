import { Schema } from "effect"
import { decodeOptions } from "../journal/command.js"
import { type PledgeLoan, PledgeLoanInput, PledgeRepaymentInput } from "../pledges/schema.js"
import { PledgeLoanDisposalInput } from "./schema.js"

// Examples of the loans' documentation, from the real code: request bodies decoded by the core's schemas,
// answers written by `pledgeLoanToJson` from those decoded values.

const decode = <A>(schema: Schema.Codec<A, unknown>, input: unknown): A =>
  Schema.decodeUnknownSync(schema)(input, decodeOptions)

/** Request bodies of the loan routes (the registration or loan comes from the path). */
export const exampleLoanBodies = {
  draw: { amount: "20000000.00", rate: "0.0385", disbursedOn: "2025-03-20", maturesOn: "2026-03-19" },
  repayment: { on: "2025-09-30", amount: "5000000.00" },
  default: { on: "2026-04-30", note: "逾期未还" },
  disposal: { on: "2026-09-30", method: "sale", recovered: "12000000.00", note: "质押专利拍卖" },
  reversal: { reason: "录入有误" }
} as const

const draw = decode(PledgeLoanInput, { ...exampleLoanBodies.draw, pledgeId: 1 })
const repayment = decode(PledgeRepaymentInput, { ...exampleLoanBodies.repayment, loanId: 1 })
const disposal = decode(PledgeLoanDisposalInput, { ...exampleLoanBodies.disposal, loanId: 1 })

/** A loan of 2,000万 with one repayment of 500万. */
export const exampleLoan: PledgeLoan = {
  id: 1,
  pledgeId: 1,
  registrationNo: "Y2025330000123",
  bank: "温州银行",
  amount: draw.amount,
  rate: draw.rate,
  disbursedOn: draw.disbursedOn,
  maturesOn: draw.maturesOn,
  repaid: repayment.amount,
  outstanding: draw.amount.minus(repayment.amount),
  defaultedOn: null,
  reversed: false,
  events: [
    {
      id: 1,
      loanId: 1,
      kind: "repayment",
      on: repayment.on,
      amount: repayment.amount,
      reverses: null,
      reversed: false,
      note: null,
      journalSeq: 4
    }
  ],
  disposal: null,
  disposals: [],
  journalSeq: 2
}

/** The same loan after its default and a disposal: 1,200万 recovered, 300万 written off. */
export const exampleDisposedLoan: PledgeLoan = (() => {
  const writtenOff = exampleLoan.outstanding.minus(disposal.recovered)
  const settled = {
    id: 1,
    loanId: 1,
    on: disposal.on,
    method: disposal.method,
    recovered: disposal.recovered,
    writtenOff,
    note: disposal.note ?? null,
    reversed: false,
    journalSeq: 6
  }
  return {
    ...exampleLoan,
    outstanding: exampleLoan.outstanding.minus(exampleLoan.outstanding),
    defaultedOn: exampleLoanBodies.default.on,
    events: [
      ...exampleLoan.events,
      {
        id: 2,
        loanId: 1,
        kind: "default",
        on: exampleLoanBodies.default.on,
        amount: null,
        reverses: null,
        reversed: false,
        note: exampleLoanBodies.default.note,
        journalSeq: 5
      }
    ],
    disposal: settled,
    disposals: [settled]
  }
})()
