import type { Decimal } from "decimal.js"
import { Schema } from "effect"
import { NonNegativeYuanFromString } from "../../equity/schema.js"
import { PositiveYuanFromString, toWire } from "../../money/index.js"
import { FreeText } from "../../text/index.js"
import { checkMessage } from "../../text/messages.js"
import { BusinessDate, pastDates } from "../../time/index.js"

/*
 * 还款 and 违约 of the linkage pilots' loans (投贷联动 and 科创指数贷: one kind of record, `linkage_loans`).
 * A repayment returns principal (and says the interest paid with it); a default says the loan went into
 * default. A loan's standing on a day — principal repaid, interest paid, the balance outstanding and its
 * status — is read from its live events dated on or before it, the shapes of the pledge loans' (质押贷款)
 * repayments and defaults: at most the balance is repaid, a loan defaults once while live.
 */

/** A loan's status on a day: 在贷 (a balance, no default), 已结清 (nothing outstanding), 违约 (in default with a balance). */
export const loanStatuses = ["active", "settled", "defaulted"] as const
export const LoanStatus = Schema.Literals(loanStatuses).annotate({
  identifier: "LinkageLoanStatus",
  description:
    "active 在贷 (a balance outstanding, no default), settled 已结清 (the principal repaid in full), defaulted 违约 " +
    "(in live default with a balance outstanding)."
})
export type LoanStatus = typeof LoanStatus.Type

export const loanEventKinds = ["repayment", "default"] as const
export type LoanEventKind = (typeof loanEventKinds)[number]

const Id = Schema.Int.check(Schema.isGreaterThan(0, { message: checkMessage("whole-number-above-zero") }))
const Note = FreeText("the note", 500)

/** Input of `linkage.recordLoanRepayment`: principal returned on `on`, with the interest paid then. */
export const LoanRepaymentInput = Schema.Struct({
  loan: Id,
  on: BusinessDate,
  /** Principal repaid: at most the balance outstanding. */
  principal: PositiveYuanFromString,
  /** Interest paid with it (not part of the balance). */
  interest: Schema.optional(NonNegativeYuanFromString),
  note: Schema.optional(Note)
}).annotate(pastDates("on"))
export type LoanRepaymentInputJson = typeof LoanRepaymentInput.Encoded

/** Input of `linkage.recordLoanDefault`: the loan went into default (违约) on `on`. */
export const LoanDefaultInput = Schema.Struct({
  loan: Id,
  on: BusinessDate,
  /** Why: what the bank reported (overdue 90 days, the borrower's insolvency, …). */
  note: Schema.optional(Note)
}).annotate(pastDates("on"))
export type LoanDefaultInputJson = typeof LoanDefaultInput.Encoded

/** Input of `linkage.loanStanding`: the loan, and the day (default: every event recorded). */
export const LoanStandingInput = Schema.Struct({ id: Id, on: Schema.optional(Schema.String) })

/** A repayment or default as stored. */
export interface LoanEvent {
  readonly id: number
  readonly loan: number
  readonly kind: LoanEventKind
  readonly on: string
  /** A repayment's principal; null for a default. */
  readonly principal: Decimal | null
  /** A repayment's interest (0 when none was said); null for a default. */
  readonly interest: Decimal | null
  readonly note: string | null
  readonly journalSeq: number
  readonly reversedBy: number | null
}

/** A loan's standing on a day (`on`; null: with every live event recorded). */
export interface LoanStanding {
  readonly on: string | null
  readonly repaid: Decimal
  readonly interestPaid: Decimal
  readonly outstanding: Decimal
  readonly status: LoanStatus
  /** The live default's date, when it is on or before `on`. */
  readonly defaultedOn: string | null
}

/** The status of a balance with or without a default: nothing outstanding is settled, whatever came before. */
export const statusOf = (outstanding: Decimal, defaultedOn: string | null): LoanStatus =>
  outstanding.lte(0) ? "settled" : defaultedOn === null ? "active" : "defaulted"

export const loanEventToJson = (e: LoanEvent) => ({
  ...e,
  reversed: e.reversedBy !== null,
  principal: e.principal === null ? null : toWire(e.principal),
  interest: e.interest === null ? null : toWire(e.interest)
})

/** The standing fields a loan's answer carries (`linkageLoanToJson`). */
export const loanStandingFields = (s: LoanStanding) => ({
  repaid: toWire(s.repaid),
  interestPaid: toWire(s.interestPaid),
  outstanding: toWire(s.outstanding),
  status: s.status,
  defaultedOn: s.defaultedOn
})

/** What `linkage.loanStanding` answers: the loan, its amount and its standing on the day asked. */
export interface LoanStandingAnswer {
  readonly loan: number
  readonly amount: Decimal
  readonly standing: LoanStanding
}

export const loanStandingToJson = (loan: number, amount: Decimal, s: LoanStanding) => ({
  loan,
  on: s.on,
  amount: toWire(amount),
  ...loanStandingFields(s)
})
