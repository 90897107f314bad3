import type { Decimal } from "decimal.js"
import { Schema } from "effect"
import { NonNegativeYuanFromString } from "../equity/schema.js"
import { toWire } from "../money/index.js"
import { FreeText } from "../text/index.js"
import { checkMessage } from "../text/messages.js"
import { BusinessDate, pastDates } from "../time/index.js"

/*
 * 处置: a defaulted pledge loan is disposed of — the collateral sold (拍卖/变卖), the claim transferred (债权转让, e.g. to
 * an asset manager) or the loan written off (核销). What was recovered and the loss written off settle the
 * balance outstanding on that day, so a disposed loan leaves the outstanding balance and the
 * non-performing figures, and its registration can be released.
 */

/** How the loan was disposed of. */
export const disposalMethods = ["sale", "transfer", "write-off"] as const
export const DisposalMethod = Schema.Literals(disposalMethods).annotate({
  identifier: "DisposalMethod",
  description: "sale 拍卖/变卖 the collateral, transfer 债权转让 the claim, write-off 核销."
})
export type DisposalMethod = typeof DisposalMethod.Type

const Id = (what: string) => {
  const message = checkMessage("id-of", { what })
  return Schema.Int.check(Schema.makeFilter((n: number) => n > 0 || message))
}

/** Input of `kejin.pledges.loans.dispose`: the defaulted loan, the day, how, and what was recovered. */
export const PledgeLoanDisposalInput = Schema.Struct({
  loanId: Id("a loan"),
  on: BusinessDate,
  method: DisposalMethod,
  /** Recovered towards the loan (0 for a pure write-off); the rest of the balance is the loss written off. */
  recovered: NonNegativeYuanFromString,
  note: Schema.optional(FreeText("the note", 500))
}).annotate(pastDates("on"))
export type PledgeLoanDisposalInputJson = typeof PledgeLoanDisposalInput.Encoded

/** Input of `kejin.pledges.loans.reverseDisposal`: the disposal was recorded in error. */
export const PledgeLoanDisposalReversalInput = Schema.Struct({
  disposalId: Id("a disposal"),
  reason: FreeText("the reason").annotate({ identifier: "Text" })
})

/** A disposal as stored. `writtenOff` = the balance outstanding on `on` − `recovered`. */
export interface PledgeLoanDisposal {
  readonly id: number
  readonly loanId: number
  readonly on: string
  readonly method: DisposalMethod
  readonly recovered: Decimal
  readonly writtenOff: Decimal
  readonly note: string | null
  /** Recorded in error and reversed: the loan is back in default with its balance. */
  readonly reversed: boolean
  readonly journalSeq: number
}

export const pledgeLoanDisposalToJson = (d: PledgeLoanDisposal) => ({
  id: d.id,
  loanId: d.loanId,
  on: d.on,
  method: d.method,
  recovered: toWire(d.recovered),
  writtenOff: toWire(d.writtenOff),
  note: d.note,
  reversed: d.reversed,
  journalSeq: d.journalSeq
})
