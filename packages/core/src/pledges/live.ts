import { type RawBuilder, type SqlBool, sql } from "kysely"

// "Live" (not reversed) pledge records, written once: every figure, list and check of the pledges and their
// loans asks through these conditions instead of writing its own `not exists (… reversals …)`. A registration
// is reversed when pledge_reversals names it; a loan when pledge_loan_reversals names it or its registration
// is reversed; a disposal when pledge_loan_disposal_reversals names it. Each takes the outer query's column
// (`"p.id"`, the alias `"l"` of a pledge_loans row, `"x.id"`).

/** Registration `pledgeId` (a column of the outer query, e.g. `"p.id"`) is live. */
export const livePledge = (pledgeId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`not exists (select 1 from pledge_reversals live_pr where live_pr.pledge_id = ${sql.ref(pledgeId)})`

/**
 * The registrations with a live cancellation (撤销): `select` of one column, `pledge_id`, each once (a
 * registration takes no event after its cancellation, so at most one is live). Read from the `cancel`
 * range of the pledge_events kind index (0015): its cost follows the number of cancellations.
 */
export const cancelledPledgeIds: RawBuilder<unknown> = sql`
  select void_c.pledge_id from pledge_events void_c
  where void_c.kind = 'cancel'
    and not exists (select 1 from pledge_events void_x where void_x.reverses_id = void_c.id)`

/**
 * The registrations that count nothing (`select` of one column, `pledge_id`, each once): the reversed, and
 * the cancelled that are not also reversed. Read from the corrections only, so its cost follows their
 * number, not the registrations'.
 */
export const voidPledgeIds: RawBuilder<unknown> = sql`
  select void_r.pledge_id from pledge_reversals void_r
  union all
  select void_c.pledge_id from pledge_events void_c
  where void_c.kind = 'cancel'
    and not exists (select 1 from pledge_events void_x where void_x.reverses_id = void_c.id)
    and not exists (select 1 from pledge_reversals void_cr where void_cr.pledge_id = void_c.pledge_id)`

/** Registration `pledgeId` has a live cancellation (see {@link cancelledPledgeIds}). */
export const cancelledPledge = (pledgeId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(pledgeId)} in (${cancelledPledgeIds})`

/**
 * Registration `pledgeId` counts in the figures: neither reversed nor cancelled. A cancellation (撤销) voids
 * a registration as if it had never been registered, for every period, until the cancellation is itself
 * reversed; a release (解除/注销) does not (DOMAIN.md "What counts toward the 25亿"). Written as a set
 * (`not in` the few void ones, which both dialects read once per statement into a hash or an ephemeral
 * index) rather than a probe per row: a correlated probe of pledge_events by registration lets SQLite pick
 * the kind index and scan every cancellation for each row.
 */
export const countingPledge = (pledgeId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(pledgeId)} not in (${voidPledgeIds})`

/**
 * The pledge_events row aliased `event` (e.g. `"c"`) is a live change of the secured amount (变更), dated on
 * or before `to` when given: it adds `amount_after_fen − amount_before_fen` to its registration's figure.
 * Each live change's "before" is the amount the previous live one left (only the latest live event can be
 * reversed), so the registered amount plus these deltas is the amount in force at `to`.
 */
export const liveAmountChange = (event: string, to?: string): RawBuilder<SqlBool> => {
  const column = (name: string) => sql.ref(`${event}.${name}`)
  return sql<SqlBool>`${column("kind")} = 'change' and ${column("amount_after_fen")} is not null
    ${to === undefined ? sql`` : sql`and ${column("on_date")} <= ${to}`}
    and not exists (select 1 from pledge_events live_cx where live_cx.reverses_id = ${column("id")})`
}

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
