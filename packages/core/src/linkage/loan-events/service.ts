import { Effect } from "effect"
import type { Kysely } from "kysely"
import { type FieldIssue, NotFoundError, ValidationError } from "../../errors.js"
import { formatYuan, toFen } from "../../money/index.js"
import type { StoreError } from "../../store/errors.js"
import type { DB } from "../../store/schema.js"
import { sayAt } from "../../text/messages.js"
import { dateIssue } from "../../time/index.js"
import { type ChildListRead, listReads } from "../lists.js"
import { loadLoan } from "../records.js"
import type { linkageWrites, Write } from "../write.js"
import { recordLoanDefault, recordLoanRepayment } from "./operations.js"
import type { LoanEvent, LoanStandingAnswer } from "./schema.js"
import {
  countLoanEvents,
  eventSums,
  findLoanEvents,
  insertLoanEvent,
  loadLoanEvent,
  standingOf
} from "./store.js"

/**
 * 还款 and 违约 of the linkage loans (both pilots), with the same rules as a pledge loan's (质押贷款), each a
 * ValidationError naming its field from the message catalogue, nothing written:
 *
 * - only on a live loan (`loan`: a reversed loan takes no event; a loan that does not exist is a 404);
 * - dated on or after the disbursement (`on`), and not after today (the input's `pastDates`);
 * - a repayment's principal at most the balance outstanding with every live repayment (`principal`);
 * - a default once while live (`loan`: reverse the first to record another), with a balance outstanding on
 *   its date (`on`).
 *
 * A correction is `linkage.reverse` of kind `loan-event`; the loan itself is reversed after its live events
 * (the shared reversal names them). A loan's standing on a day is read from its live events dated by then.
 */
export interface LoanEventsShape {
  recordLoanRepayment: Write<LoanEvent>
  recordLoanDefault: Write<LoanEvent>
  /** The loan's repayments and default by date, then id (a loan that does not exist is a NotFoundError). */
  loanEvents: ChildListRead<number, LoanEvent, NotFoundError>
  /** The loan's standing on `on` (every live event when absent); a day that is none is a ValidationError. */
  loanStanding(
    id: number,
    on?: string
  ): Effect.Effect<LoanStandingAnswer, NotFoundError | ValidationError | StoreError>
}

type Writes = Effect.Success<typeof linkageWrites>

export const loanEventsService = ({ database, inDb, command }: Writes): LoanEventsShape => {
  const db = database.db
  const { children } = listReads(db, inDb)
  const refuse = (issues: ReadonlyArray<FieldIssue>) => new ValidationError({ issues })

  /**
   * The live loan an event is recorded on, with its standing (every live event), and the issue of a date
   * before its disbursement: said with the event's own issues, so a form shows them all at once.
   */
  const liveLoan = Effect.fnUntraced(function* (trx: Kysely<DB>, id: number, on: string) {
    const loan = yield* inDb(() => loadLoan(trx, id))
    if (loan === undefined) return yield* new NotFoundError({ entity: "loan", id: String(id) })
    if (loan.reversedBy !== null)
      return yield* refuse([sayAt("loan", "linkage-loan-reversed", { loan: String(id) })])
    const issues: Array<FieldIssue> =
      on < loan.disbursedOn
        ? [sayAt("on", "linkage-loan-event-before-disbursement", { disbursedOn: loan.disbursedOn })]
        : []
    const sums = yield* inDb(() => eventSums(trx, [id]))
    return { loan, standing: standingOf(loan.amount, sums.get(id), null), issues }
  })

  const recordLoanRepaymentWrite = command(
    recordLoanRepayment,
    (trx, r, slot) =>
      Effect.gen(function* () {
        const { loan, standing, issues } = yield* liveLoan(trx, r.loan, r.on)
        if (r.principal.gt(standing.outstanding))
          issues.push(
            sayAt("principal", "loan-repaid-above-outstanding", {
              amount: formatYuan(r.principal),
              loan: String(loan.id),
              outstanding: formatYuan(standing.outstanding)
            })
          )
        if (issues.length > 0) return yield* refuse(issues)
        return yield* inDb(() =>
          insertLoanEvent(
            trx,
            {
              loanId: loan.id,
              kind: "repayment",
              on: r.on,
              principalFen: toFen(r.principal),
              interestFen: r.interest === undefined ? 0n : toFen(r.interest),
              note: r.note
            },
            slot.seq
          )
        )
      }),
    loadLoanEvent
  )

  const recordLoanDefaultWrite = command(
    recordLoanDefault,
    (trx, d, slot) =>
      Effect.gen(function* () {
        const { loan, standing, issues } = yield* liveLoan(trx, d.loan, d.on)
        if (standing.defaultedOn !== null)
          issues.push(
            sayAt("loan", "linkage-loan-defaulted-already", {
              loan: String(loan.id),
              on: standing.defaultedOn
            })
          )
        const then = yield* inDb(() => eventSums(trx, [loan.id], d.on))
        if (issues.length === 0 && !standingOf(loan.amount, then.get(loan.id), d.on).outstanding.gt(0))
          issues.push(sayAt("on", "linkage-loan-nothing-outstanding", { loan: String(loan.id), on: d.on }))
        if (issues.length > 0) return yield* refuse(issues)
        return yield* inDb(() =>
          insertLoanEvent(
            trx,
            {
              loanId: loan.id,
              kind: "default",
              on: d.on,
              principalFen: null,
              interestFen: null,
              note: d.note
            },
            slot.seq
          )
        )
      }),
    loadLoanEvent
  )

  const existing = (id: number) =>
    inDb(() => loadLoan(db, id)).pipe(
      Effect.flatMap((loan) =>
        loan === undefined
          ? Effect.fail(new NotFoundError({ entity: "loan", id: String(id) }))
          : Effect.succeed(loan)
      )
    )

  const loanStanding = (id: number, on?: string) =>
    Effect.gen(function* () {
      const issue = on === undefined ? undefined : dateIssue("on", on)
      if (issue !== undefined) return yield* new ValidationError({ issues: [issue] })
      const loan = yield* existing(id)
      const sums = yield* inDb(() => eventSums(db, [id], on))
      return { loan: id, amount: loan.amount, standing: standingOf(loan.amount, sums.get(id), on ?? null) }
    }).pipe(Effect.withSpan("Linkage.loanStanding"))

  return {
    recordLoanRepayment: recordLoanRepaymentWrite,
    recordLoanDefault: recordLoanDefaultWrite,
    loanEvents: children(
      "loanEvents",
      (id: number) => Effect.map(existing(id), (loan) => loan.id),
      (loanId, page) => findLoanEvents(db, { loanId }, page),
      (loanId) => countLoanEvents(db, { loanId })
    ),
    loanStanding
  }
}
