import { Schema } from "effect"
import { loanRef, registrationRef } from "../imports/refs.js"
import { operation } from "../operations/operation.js"
import { ReversalRequest } from "../operations/wire.js"
import type { BulkResult } from "../pledges/pledges.js"
import {
  PledgeDefaultInput,
  PledgeEventReversalInput,
  type PledgeLoan,
  PledgeLoanInput,
  PledgeLoanReversalInput,
  PledgeRepaymentInput,
  pledgeLoanToJson
} from "../pledges/schema.js"
import { PledgeBatchJson } from "../pledges/wire.js"
import { checkMessage } from "../text/messages.js"
import { exampleDisposedLoan, exampleLoan, exampleLoanBodies } from "./examples.js"
import { PledgeLoanDisposalInput, PledgeLoanDisposalReversalInput } from "./schema.js"
import { PledgeLoanJson, PledgeLoanListJson } from "./wire.js"

// The operations on loans drawn under pledge registrations (质押贷款), each declared once: the facade
// (`kejin.pledges.loans.*`), the routes under /api/v1/pledges, their permission checks and the OpenAPI
// document are derived from these. The service that runs them is ./service.ts.

const Id = (what: string) => {
  const message = checkMessage("id-of", { what })
  return Schema.Int.check(Schema.makeFilter((n: number) => n > 0 || message))
}

const registration = {
  field: "pledgeId",
  entity: "pledge",
  description: "The registration's id (the `id` of the recorded pledge)."
}
const loan = { entity: "pledge loan", description: "The loan's id." }

const loanAnswer = (what: string) => ({
  description: `${what} The loan as it is now (or the first result again, for a repeated idempotency key).`,
  example: pledgeLoanToJson(exampleLoan)
})

const loanOutput = { output: PledgeLoanJson, toJson: (l: PledgeLoan) => pledgeLoanToJson(l) } as const

export const listLoans = operation({
  name: "pledges.loans.list",
  write: false,
  exportTable: "items",
  permission: "pledges.read",
  input: Schema.Struct({ pledgeId: Id("a registration") }),
  output: PledgeLoanListJson,
  toJson: (loans: ReadonlyArray<PledgeLoan>) => ({ items: loans.map(pledgeLoanToJson) }),
  summary: { en: "Loans under a registration", zh: "质押贷款" },
  description: "Every loan drawn under the registration, oldest first, reversed ones included (marked).",
  http: {
    method: "get",
    path: "/api/v1/pledges/{id}/loans",
    operationId: "listPledgeLoans",
    tag: "pledges",
    params: { id: registration },
    ok: { description: "The loans.", example: { items: [pledgeLoanToJson(exampleLoan)] } },
    notFound: "No registration has this id."
  }
})

export const getLoan = operation({
  name: "pledges.loans.get",
  write: false,
  permission: "pledges.read",
  input: Schema.Struct({ loanId: Id("a loan") }),
  ...loanOutput,
  summary: { en: "A loan", zh: "查看质押贷款" },
  description: "The loan with its repayments, default, disposal and reversals.",
  http: {
    method: "get",
    path: "/api/v1/pledges/loans/{loanId}",
    operationId: "getPledgeLoan",
    tag: "pledges",
    params: { loanId: loan },
    ok: { description: "The loan.", example: pledgeLoanToJson(exampleLoan) },
    notFound: "No loan has this id."
  }
})

export const drawLoan = operation({
  name: "pledges.loans.draw",
  importKind: "pledge-loans",
  importBulk: "pledges.loans.drawMany",
  importRefs: [registrationRef],
  write: true,
  permission: "pledges.write",
  input: PledgeLoanInput,
  ...loanOutput,
  summary: { en: "Draw a loan", zh: "发放质押贷款" },
  description:
    "A loan under the registration (`bank` defaults to the pledgee). Live loans may not total more than " +
    "the secured amount (422 `amount`, with what is drawn and available); the registration must be open " +
    "on `disbursedOn`. The body is the core's input without `pledgeId` (the path names the registration).",
  http: {
    method: "post",
    path: "/api/v1/pledges/{id}/loans",
    operationId: "drawPledgeLoan",
    tag: "pledges",
    params: { id: registration },
    body: { identifier: "PledgeLoanRequest", example: exampleLoanBodies.draw },
    ok: loanAnswer("Drawn."),
    location: {
      of: (l: PledgeLoan) => `/api/v1/pledges/loans/${l.id}`,
      description: "The loan's URL, `/api/v1/pledges/loans/{loanId}`."
    },
    notFound: "No registration has this id.",
    invalid: { ...exampleLoanBodies.draw, amount: "0", disbursedOn: "2025-02-30" }
  }
})

export const drawLoans = operation({
  name: "pledges.loans.drawMany",
  write: true,
  permission: "pledges.write",
  input: Schema.Array(PledgeLoanInput),
  output: PledgeBatchJson,
  toJson: (r: BulkResult) => ({ count: r.count, ids: r.ids, journalSeq: r.journalSeq }),
  summary: { en: "Draw loans in bulk", zh: "批量发放质押贷款" },
  description:
    "Every loan in one transaction and one journal entry, all or nothing: each row is checked as a single " +
    "draw is, against the registration's loans and the rows before it (`i.field`, at most 100 issues)."
})

export const repayLoan = operation({
  name: "pledges.loans.repay",
  importKind: "repayments",
  importRefs: [loanRef],
  write: true,
  permission: "pledges.write",
  input: PledgeRepaymentInput,
  ...loanOutput,
  summary: { en: "Record a repayment", zh: "还款" },
  description:
    "A repayment of principal on `on`: at most the outstanding balance (422 `amount`). The body is the " +
    "core's input without `loanId` (the path names the loan).",
  http: {
    method: "post",
    path: "/api/v1/pledges/loans/{loanId}/repayments",
    operationId: "repayPledgeLoan",
    tag: "pledges",
    params: { loanId: loan },
    body: { identifier: "PledgeRepaymentRequest", example: exampleLoanBodies.repayment },
    ok: loanAnswer("Recorded."),
    notFound: "No loan has this id."
  }
})

export const defaultLoan = operation({
  name: "pledges.loans.default",
  importKind: "defaults",
  importRefs: [loanRef],
  write: true,
  permission: "pledges.write",
  input: PledgeDefaultInput,
  ...loanOutput,
  summary: { en: "Record a default", zh: "违约" },
  description: "The loan went into default (违约) on `on`; once. The path names the loan.",
  http: {
    method: "post",
    path: "/api/v1/pledges/loans/{loanId}/default",
    operationId: "defaultPledgeLoan",
    tag: "pledges",
    params: { loanId: loan },
    body: { identifier: "PledgeDefaultRequest", example: exampleLoanBodies.default },
    ok: loanAnswer("Recorded."),
    notFound: "No loan has this id."
  }
})

export const disposeLoan = operation({
  name: "pledges.loans.dispose",
  importKind: "disposals",
  importRefs: [loanRef],
  write: true,
  permission: "pledges.write",
  input: PledgeLoanDisposalInput,
  ...loanOutput,
  summary: { en: "Dispose of a defaulted loan", zh: "处置违约贷款" },
  description:
    "处置: the defaulted loan is disposed of on `on` — the collateral sold (`sale`), the claim transferred " +
    "(`transfer`) or the loan written off (`write-off`) — with `recovered` the amount recovered towards it " +
    "(at most the balance outstanding, 422 `recovered`); the rest of the balance is the loss written off. " +
    "The loan leaves the outstanding balance and the loans in default, and its registration can be " +
    "released. Only a live loan in default, once (409 `loanId`), not before its default (422 `on`).",
  http: {
    method: "post",
    path: "/api/v1/pledges/loans/{loanId}/disposal",
    operationId: "disposePledgeLoan",
    tag: "pledges",
    params: { loanId: loan },
    body: { identifier: "PledgeLoanDisposalRequest", example: exampleLoanBodies.disposal },
    ok: {
      description:
        "Disposed of. The loan as it is now (or the first result again, for a repeated idempotency key).",
      example: pledgeLoanToJson(exampleDisposedLoan)
    },
    notFound: "No loan has this id.",
    conflict:
      "The loan was disposed of already (`loanId`), or the idempotency key was used for a different body."
  }
})

export const reverseLoan = operation({
  name: "pledges.loans.reverse",
  write: true,
  permission: "pledges.write",
  input: PledgeLoanReversalInput,
  ...loanOutput,
  summary: { en: "Reverse a loan", zh: "冲销质押贷款" },
  description:
    "The loan was recorded in error: it and its events leave every figure; the record stays. Refused (422 " +
    "`loanId`, naming the record and the rule) when a live risk-compensation claim naming its registration " +
    "relies on its default or balance, or an interest subsidy on it being disbursed by the payment date.",
  http: {
    method: "post",
    path: "/api/v1/pledges/loans/{loanId}/reversal",
    operationId: "reversePledgeLoan",
    tag: "pledges",
    params: { loanId: loan },
    body: { identifier: "ReversalRequest", schema: ReversalRequest, example: exampleLoanBodies.reversal },
    ok: loanAnswer("Reversed."),
    notFound: "No loan has this id.",
    conflict: "The loan is reversed already (`loanId`), or the idempotency key was used for a different body."
  }
})

export const reverseLoanEvent = operation({
  name: "pledges.loans.reverseEvent",
  write: true,
  permission: "pledges.write",
  input: PledgeEventReversalInput,
  ...loanOutput,
  summary: { en: "Reverse a repayment or default", zh: "冲销还款/违约" },
  description:
    "A repayment or default recorded in error leaves the loan's balance and the figures. Refused (422 " +
    "`eventId`, naming the event and the rule) when the state after would break a rule, e.g. a released " +
    "registration with a balance outstanding on one of its loans, or a default a live risk-compensation " +
    "claim on the registration relies on.",
  http: {
    method: "post",
    path: "/api/v1/pledges/loans/events/{eventId}/reversal",
    operationId: "reversePledgeLoanEvent",
    tag: "pledges",
    params: { eventId: { entity: "pledge loan event", description: "The id of a repayment or default." } },
    body: { identifier: "ReversalRequest", schema: ReversalRequest, example: exampleLoanBodies.reversal },
    ok: loanAnswer("Reversed."),
    notFound: "No loan event has this id.",
    conflict:
      "The event is reversed already (`eventId`), or the idempotency key was used for a different body."
  }
})

export const reverseLoanDisposal = operation({
  name: "pledges.loans.reverseDisposal",
  write: true,
  permission: "pledges.write",
  input: PledgeLoanDisposalReversalInput,
  ...loanOutput,
  summary: { en: "Reverse a disposal", zh: "冲销处置" },
  description:
    "A disposal recorded in error: the loan is back in default with its balance outstanding; the record stays. " +
    "Refused (422 `disposalId`, naming the rule) when its registration was released or cancelled meanwhile.",
  http: {
    method: "post",
    path: "/api/v1/pledges/loans/disposals/{disposalId}/reversal",
    operationId: "reversePledgeLoanDisposal",
    tag: "pledges",
    params: { disposalId: { entity: "pledge loan disposal", description: "The disposal's id." } },
    body: { identifier: "ReversalRequest", schema: ReversalRequest, example: exampleLoanBodies.reversal },
    ok: loanAnswer("Reversed."),
    notFound: "No disposal has this id.",
    conflict:
      "The disposal is reversed already (`disposalId`), or the idempotency key was used for a different body."
  }
})
