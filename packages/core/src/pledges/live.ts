import { type RawBuilder, type SqlBool, sql } from "kysely"

// "Live" (not reversed) pledge records, written once: every figure, list and check of the pledges and their
// loans asks through these conditions instead of writing its own `not exists (… reversals …)`. A registration
// is reversed when pledge_reversals names it; a loan when pledge_loan_reversals names it or its registration
// is reversed; a disposal when pledge_loan_disposal_reversals names it. Each takes the outer query's column
// (`"p.id"`, the alias `"l"` of a pledge_loans row, `"x.id"`).

/** Registration `pledgeId` (a column of the outer query, e.g. `"p.id"`) is live. */
export const livePledge = (pledgeId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`not exists (select 1 from pledge_reversals live_pr where live_pr.pledge_id = ${sql.ref(pledgeId)})`

/** The pledge_loans row aliased `loan` (e.g. `"l"`) is live: the loan and its registration. */
export const liveLoan = (loan: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`not exists (select 1 from pledge_loan_reversals live_lr where live_lr.loan_id = ${sql.ref(`${loan}.id`)})
    and ${livePledge(`${loan}.pledge_id`)}`

/** The loan `loanId` is not itself reversed (its registration aside). */
export const loanNotReversed = (loanId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`not exists (select 1 from pledge_loan_reversals live_lr where live_lr.loan_id = ${sql.ref(loanId)})`

/** Disposal `disposalId` (e.g. `"x.id"`) is live. */
export const liveDisposal = (disposalId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`not exists (select 1 from pledge_loan_disposal_reversals live_xr where live_xr.disposal_id = ${sql.ref(disposalId)})`

/** Loan event `eventId` (e.g. `"e.id"`: a repayment or a default) is live: no reversal event names it. */
export const liveLoanEvent = (eventId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`not exists (select 1 from pledge_loan_events live_xe where live_xe.reverses_id = ${sql.ref(eventId)})`
