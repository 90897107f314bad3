import { formatYuan, Yuan } from "../money/index.js"
import { type Said, say } from "../text/messages.js"
import type { PledgeEventKind, PledgeLoan } from "./schema.js"

/**
 * The rules a registration and its loans keep, as pure functions over a state: the forward commands
 * (draw, change, release, cancel, record) ask them about the state they would produce, and every reversal
 * asks them about the state after it, so both refuse the same states with one check.
 */

/** What live loans drew under a registration (reversed loans count for nothing). */
export const drawnUnder = (loans: ReadonlyArray<Pick<PledgeLoan, "amount" | "reversed">>): Yuan =>
  loans.filter((l) => !l.reversed).reduce((sum, l) => sum.plus(l.amount), new Yuan(0))

/**
 * Rule "loans within the secured amount": the live loans under a registration total at most its secured
 * amount. What they total when they are above it, else undefined.
 */
export const overSecured = (
  securedAmount: Yuan,
  loans: ReadonlyArray<Pick<PledgeLoan, "amount" | "reversed">>
): Yuan | undefined => {
  const drawn = drawnUnder(loans)
  return drawn.greaterThan(securedAmount) ? drawn : undefined
}

/** A live loan a registration ending on a date would leave open. */
export type OpenLoan =
  | { readonly kind: "disbursed-after"; readonly loan: PledgeLoan }
  | { readonly kind: "outstanding"; readonly loan: PledgeLoan; readonly open: Yuan }

/**
 * Rule "ends only when settled": a registration released or cancelled on `on` has every live loan disbursed
 * on or before that day and settled by then (repaid, or disposed of: a disposal settles the balance). The
 * first loan that is not, else undefined.
 */
export const openOnEnd = (loans: ReadonlyArray<PledgeLoan>, on: string): OpenLoan | undefined => {
  for (const loan of loans) {
    if (loan.reversed) continue
    if (loan.disbursedOn > on) return { kind: "disbursed-after", loan }
    const repaid = loan.events
      .filter((x) => x.kind === "repayment" && !x.reversed && x.on <= on)
      .reduce((sum, x) => sum.plus(x.amount ?? 0), new Yuan(0))
    const disposed = loan.disposal !== null && loan.disposal.on <= on
    const open = disposed ? new Yuan(0) : loan.amount.minus(repaid)
    if (open.greaterThan(0)) return { kind: "outstanding", loan, open }
  }
  return undefined
}

/** When a registration holds its patents: from its date until its release or cancellation (null: still). */
export interface PledgedSpan {
  readonly registeredOn: string
  readonly endedOn: string | null
}

/**
 * Rule "one active registration per patent": two live registrations of one patent must not overlap, i.e.
 * one of them ended (released or cancelled) on or before the other was registered.
 */
export const spansOverlap = (a: PledgedSpan, b: PledgedSpan): boolean =>
  !(a.endedOn !== null && a.endedOn <= b.registeredOn) && !(b.endedOn !== null && b.endedOn <= a.registeredOn)

/** A registration as a rule sees it: its number, terms now, its end if any, and its loans. */
export interface RegistrationFacts {
  readonly registrationNo: string
  readonly securedAmount: Yuan
  /** The live release or cancellation, if any. */
  readonly ended: { readonly kind: PledgeEventKind; readonly on: string } | undefined
  readonly loans: ReadonlyArray<PledgeLoan>
}

const yuan = (amount: Yuan) => `${formatYuan(amount)} yuan`

/**
 * Every rule of {@link overSecured} and {@link openOnEnd} the registration breaks, in words (naming the
 * rule): what a reversal asks about the state it would leave.
 */
export const registrationBreaks = (r: RegistrationFacts): ReadonlyArray<Said> => {
  const breaks: Array<Said> = []
  const over = overSecured(r.securedAmount, r.loans)
  if (over !== undefined) {
    breaks.push(
      say("registration-would-exceed-secured", {
        registrationNo: r.registrationNo,
        drawn: yuan(over),
        secured: yuan(r.securedAmount)
      })
    )
  }
  if (r.ended !== undefined) {
    const what = r.ended.kind === "cancel" ? "cancelled" : "released"
    const open = openOnEnd(r.loans, r.ended.on)
    if (open?.kind === "outstanding") {
      breaks.push(
        say("registration-ended-would-secure", {
          registrationNo: r.registrationNo,
          what,
          on: r.ended.on,
          outstanding: yuan(open.open),
          loan: String(open.loan.id)
        })
      )
    } else if (open?.kind === "disbursed-after") {
      breaks.push(
        say("registration-ended-loan-after", {
          registrationNo: r.registrationNo,
          what,
          on: r.ended.on,
          loan: String(open.loan.id),
          disbursedOn: open.loan.disbursedOn
        })
      )
    }
  }
  return breaks
}
