import { Schema } from "effect"
import { linkageLoanRef } from "../../imports/refs.js"
import { Yuan } from "../../money/index.js"
import { operation } from "../../operations/operation.js"
import {
  idParameter,
  linkageBase,
  linkageList,
  linkageWrite,
  PageFields,
  pageParameters
} from "../declare.js"
import { exampleWarrantLoan } from "../examples.js"
import { LinkageListFilters } from "../wire.js"
import {
  LoanDefaultInput,
  type LoanEvent,
  LoanRepaymentInput,
  type LoanStandingAnswer,
  LoanStandingInput,
  loanEventToJson,
  loanStandingToJson
} from "./schema.js"
import {
  LoanDefaultBody,
  LoanEventJson,
  LoanEventPageJson,
  LoanRepaymentBody,
  LoanStandingJson
} from "./wire.js"

// 还款 and 违约 of the linkage loans (投贷联动 and 科创指数贷 alike), each declared once: the facade
// (`kejin.linkage.recordLoanRepayment`, …), the routes under /api/v1/linkage/loans/{id}, their OpenAPI
// operations, the record page's forms and the imports derive from these. ./service.ts runs them; a
// correction is `linkage.reverse` of kind `loan-event`.

const loanParam = { id: idParameter("loan", "loan") }

export const exampleLoanEventBodies = {
  repayment: { on: "2025-10-10", principal: "1000000.00", interest: "43125.00", note: "按季还本" },
  default: { on: "2026-01-15", note: "逾期 90 天，银行认定违约" }
} as const

export const exampleRepayment: LoanEvent = {
  id: 1,
  loan: exampleWarrantLoan.id,
  kind: "repayment",
  on: exampleLoanEventBodies.repayment.on,
  principal: new Yuan("1000000"),
  interest: new Yuan("43125"),
  note: exampleLoanEventBodies.repayment.note,
  journalSeq: 14,
  reversedBy: null
}

export const recordLoanRepayment = linkageWrite({
  name: "linkage.recordLoanRepayment",
  importKind: "linkage-repayments",
  importRefs: [linkageLoanRef],
  input: LoanRepaymentInput,
  output: LoanEventJson,
  toJson: (e: LoanEvent) => loanEventToJson(e),
  summary: { en: "Record a repayment", zh: "登记还款" },
  description:
    "还款 of a 投贷联动 or 科创指数贷 loan: `principal` at most the balance outstanding (422 `principal`), " +
    "with the `interest` paid then; on or after the disbursement (422 `on`), on a live loan (422 `loan`). " +
    "The loan is the path's (a `loan` in the body must name the same).",
  path: "/loans/{id}/repayments",
  operationId: "recordLinkageLoanRepayment",
  params: loanParam,
  body: LoanRepaymentBody,
  example: exampleLoanEventBodies.repayment,
  ok: { example: loanEventToJson(exampleRepayment) },
  notFound: "No loan has this id."
})

export const recordLoanDefault = linkageWrite({
  name: "linkage.recordLoanDefault",
  importKind: "linkage-defaults",
  importRefs: [linkageLoanRef],
  input: LoanDefaultInput,
  output: LoanEventJson,
  toJson: (e: LoanEvent) => loanEventToJson(e),
  summary: { en: "Record a default", zh: "登记违约" },
  description:
    "违约 of a 投贷联动 or 科创指数贷 loan: once while live (422 `loan` for a second), on or after the " +
    "disbursement (422 `on`), with a balance outstanding on that day (422 `on`), on a live loan (422 " +
    "`loan`). The loan is the path's (a `loan` in the body must name the same).",
  path: "/loans/{id}/default",
  operationId: "recordLinkageLoanDefault",
  params: loanParam,
  body: LoanDefaultBody,
  example: exampleLoanEventBodies.default,
  notFound: "No loan has this id."
})

export const listLoanEvents = linkageList({
  name: "linkage.loanEvents",
  input: Schema.Struct({ ...PageFields, loan: Schema.Number }),
  output: LoanEventPageJson,
  toJson: (e: LoanEvent) => loanEventToJson(e),
  summary: { en: "A loan's repayments and default", zh: "还款与违约" },
  description:
    "Repayments and defaults of the loan, oldest first, reversed ones included (flagged: reverse one with " +
    "`POST /api/v1/linkage/reversals`, kind `loan-event`).",
  path: "/loans/{id}/events",
  operationId: "listLinkageLoanEvents",
  params: loanParam,
  query: pageParameters,
  notFound: "No loan has this id."
})

export const getLoanStanding = operation({
  name: "linkage.loanStanding",
  write: false,
  permission: "dashboard.read",
  input: LoanStandingInput,
  output: LoanStandingJson,
  toJson: (s: LoanStandingAnswer) => loanStandingToJson(s.loan, s.amount, s.standing),
  summary: { en: "A linkage loan's balance on a day", zh: "联动贷款余额与状态" },
  description:
    "The loan's principal repaid, interest paid, balance outstanding and status (active 在贷, settled 已结清, " +
    "defaulted 违约) from its live events dated on or before `on` (default: every live event). A reversed " +
    "loan is answered as it stood.",
  http: {
    method: "get",
    path: `${linkageBase}/loans/{id}/standing`,
    operationId: "getLinkageLoanStanding",
    tag: "linkage",
    params: { id: idParameter("loan") },
    query: [
      {
        name: "on",
        description:
          "The day (default: with every live event recorded); not a real date is a 400 naming `on`.",
        schema: LinkageListFilters.from,
        example: "2025-12-31"
      }
    ],
    ok: {
      description: "The standing.",
      example: loanStandingToJson(exampleWarrantLoan.id, exampleWarrantLoan.amount, {
        on: "2025-12-31",
        repaid: new Yuan("1000000"),
        interestPaid: new Yuan("43125"),
        outstanding: new Yuan("4000000"),
        status: "active",
        defaultedOn: null
      })
    },
    notFound: "No loan has this id."
  }
})
