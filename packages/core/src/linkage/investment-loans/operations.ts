import { Schema } from "effect"
import { fundInvestmentRef, institutionRef, warrantLoanRef } from "../../imports/refs.js"
import {
  idParameter,
  ListFields,
  linkageGet,
  linkageList,
  linkageWrite,
  listParameters,
  PageFields,
  pageParameters
} from "../declare.js"
import { exampleLinkageBodies as b, exampleWarrantLoan } from "../examples.js"
import type { ListShape } from "../lists.js"
import { LoanStatus } from "../loan-events/schema.js"
import {
  InvestmentLoanInput,
  type LinkageLoan,
  LoanPilot,
  linkageLoanToJson,
  type WarrantEvent,
  WarrantExerciseInput,
  WarrantExitInput,
  warrantEventToJson
} from "../schema.js"
import {
  LinkageId,
  LinkageLoanJson,
  LinkageLoanPageJson,
  WarrantEventJson,
  WarrantEventPageJson,
  WarrantExerciseBody,
  WarrantExitBody
} from "../wire.js"

// 投贷联动: loans linked to an equity investment, and the 认股权 (warrant) events of warrant loans, each
// declared once: the facade (`kejin.linkage.recordInvestmentLoan`, …), the routes under
// /api/v1/linkage/loans and their OpenAPI operations are derived from these. ./service.ts runs them.

const loanUrl = {
  of: (loan: LinkageLoan) => `/loans/${loan.id}`,
  description: "The loan's URL, `/api/v1/linkage/loans/{id}`."
}

export const recordInvestmentLoan = linkageWrite({
  name: "linkage.recordInvestmentLoan",
  importKind: "investment-loans",
  importRefs: [
    institutionRef("bank", "bank"),
    fundInvestmentRef("investment", { fund: "investmentFund", enterprise: "enterprise" })
  ],
  input: InvestmentLoanInput,
  output: LinkageLoanJson,
  toJson: (l: LinkageLoan) => linkageLoanToJson(l),
  summary: { en: "Record an investment-loan linkage loan", zh: "登记投贷联动贷款" },
  description:
    "A bank loan linked to a fund-ledger investment (`investment`) in the same enterprise; `warrant` makes " +
    "it a 认股权贷款 (holder, equity %, strike basis, expiry). `bank` is an institution of kind bank.",
  path: "/loans/investment",
  operationId: "recordInvestmentLoan",
  example: b.investmentLoan,
  ok: { example: linkageLoanToJson(exampleWarrantLoan) },
  location: loanUrl,
  notFound: "A referenced record (the investment, the bank, the enterprise) does not exist."
})

export const recordWarrantExercise = linkageWrite({
  name: "linkage.recordWarrantExercise",
  importKind: "warrant-exercises",
  importRefs: [warrantLoanRef],
  input: WarrantExerciseInput,
  output: WarrantEventJson,
  toJson: (e: WarrantEvent) => warrantEventToJson(e),
  summary: { en: "Exercise a warrant", zh: "认股权行权" },
  description:
    "Between disbursement and the option's expiry; all exercises together stay within the option's share " +
    "(`equityPercent`). The loan is the path's (a `loan` in the body must name the same).",
  path: "/loans/{id}/warrant-exercises",
  operationId: "recordWarrantExercise",
  params: { id: idParameter("loan", "loan") },
  body: WarrantExerciseBody,
  example: b.warrantExercise,
  notFound: "No loan has this id."
})

export const recordWarrantExit = linkageWrite({
  name: "linkage.recordWarrantExit",
  importKind: "warrant-exits",
  importRefs: [warrantLoanRef],
  input: WarrantExitInput,
  output: WarrantEventJson,
  toJson: (e: WarrantEvent) => warrantEventToJson(e),
  summary: { en: "Exit from a warrant", zh: "认股权退出" },
  description:
    "Sells what was exercised on or before `on` and not exited yet (all of it unless `equityPercent` says " +
    "less). The loan is the path's (a `loan` in the body must name the same).",
  path: "/loans/{id}/warrant-exits",
  operationId: "recordWarrantExit",
  params: { id: idParameter("loan", "loan") },
  body: WarrantExitBody,
  example: b.warrantExit,
  notFound: "No loan has this id."
})

export const getLoan = linkageGet({
  name: "linkage.loan",
  input: Schema.Struct({ id: LinkageId }),
  output: LinkageLoanJson,
  toJson: (l: LinkageLoan) => linkageLoanToJson(l),
  summary: { en: "Get a linkage loan", zh: "查看联动贷款" },
  description:
    "The loan with its 认股权 (warrant loans) or its frozen score snapshot (index loans), reversed or not.",
  path: "/loans/{id}",
  operationId: "getLinkageLoan",
  params: { id: idParameter("loan") },
  ok: { description: "The loan.", example: linkageLoanToJson(exampleWarrantLoan) },
  notFound: "No loan has this id."
})

/** How listLoans is searched and sorted (`q`, `sort`), declared once: the list and its service read it. */
export const loanListShape: ListShape = {
  sorts: {
    disbursedOn: "l.disbursed_on",
    amount: "l.amount_fen",
    maturesOn: "l.matures_on",
    "enterprise.name": "e.name",
    "bank.name": "b.name"
  },
  search: ["e.name", "e.uscc", "b.name"],
  searches: "loans whose enterprise's name or credit code, or bank's name is",
  sum: { field: "amount", column: "l.amount_fen" }
}

export const listLoans = linkageList({
  name: "linkage.loans",
  input: Schema.Struct({
    ...ListFields,
    pilot: Schema.optional(Schema.String),
    status: Schema.optional(Schema.String)
  }),
  output: LinkageLoanPageJson,
  toJson: (l: LinkageLoan) => linkageLoanToJson(l),
  summary: { en: "List linkage loans", zh: "投贷联动与科创指数贷" },
  description:
    "Loans of both pilots, oldest disbursement first, reversed ones included (flagged) unless " +
    "`includeReversed=false`; each with its principal repaid, balance outstanding and status (its live " +
    "repayments and default: `GET /api/v1/linkage/loans/{id}/standing` reads them on a day).",
  path: "/loans",
  operationId: "listLinkageLoans",
  shape: loanListShape,
  query: [
    ...listParameters("Disbursed"),
    {
      name: "pilot",
      description: "`investment-loan` (投贷联动) or `index-loan` (科创指数贷).",
      schema: LoanPilot,
      example: "investment-loan"
    },
    {
      name: "status",
      description:
        "The loans standing so with every live repayment and default: `active` (在贷), `settled` (已结清) or " +
        "`defaulted` (违约); live loans only.",
      schema: LoanStatus,
      example: "defaulted"
    }
  ]
})

export const listWarrantEvents = linkageList({
  name: "linkage.warrantEvents",
  input: Schema.Struct({ ...PageFields, loan: Schema.Number }),
  output: WarrantEventPageJson,
  toJson: (e: WarrantEvent) => warrantEventToJson(e),
  summary: { en: "A loan's warrant events", zh: "认股权行权与退出" },
  description: "Exercises and exits of the loan's option, oldest first, reversed ones included (flagged).",
  path: "/loans/{id}/warrant-events",
  operationId: "listWarrantEvents",
  params: { id: idParameter("loan", "loan") },
  query: pageParameters,
  notFound: "No loan has this id."
})
