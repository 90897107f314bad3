import { bind, defineModule } from "../operations/operation.js"
import {
  defaultLoan,
  disposeLoan,
  drawLoan,
  drawLoans,
  getLoan,
  listLoans,
  repayLoan,
  reverseLoan,
  reverseLoanDisposal,
  reverseLoanEvent
} from "./operations.js"
import { PledgeLoans } from "./service.js"

/**
 * Loans drawn under pledge registrations: draw, repay, default, 处置 (dispose), corrections by reversal.
 * Each declaration bound to the `PledgeLoans` service that runs it; the facade keeps the positional
 * signatures it had (`reverse(loanId, reason)`, `get(loanId)`, `list(pledgeId)`).
 */
export const loansModule = defineModule({
  id: "loans",
  operations: [
    bind(drawLoan, (input, c) => PledgeLoans.use((l) => l.draw(c.actor, input, c))),
    bind(drawLoans, (input, c) => PledgeLoans.use((l) => l.drawMany(c.actor, input, c))),
    bind(repayLoan, (input, c) => PledgeLoans.use((l) => l.repay(c.actor, input, c))),
    bind(defaultLoan, (input, c) => PledgeLoans.use((l) => l.default(c.actor, input, c))),
    bind(disposeLoan, (input, c) => PledgeLoans.use((l) => l.dispose(c.actor, input, c))),
    bind(
      reverseLoan,
      (input, c) => PledgeLoans.use((l) => l.reverse(c.actor, input, c)),
      (loanId: number, reason: string) => ({ loanId, reason })
    ),
    bind(
      reverseLoanEvent,
      (input, c) => PledgeLoans.use((l) => l.reverseEvent(c.actor, input, c)),
      (eventId: number, reason: string) => ({ eventId, reason })
    ),
    bind(
      reverseLoanDisposal,
      (input, c) => PledgeLoans.use((l) => l.reverseDisposal(c.actor, input, c)),
      (disposalId: number, reason: string) => ({ disposalId, reason })
    ),
    bind(
      getLoan,
      (input) => PledgeLoans.use((l) => l.get((input as { loanId: number }).loanId)),
      (loanId: number) => ({ loanId })
    ),
    bind(
      listLoans,
      (input) => PledgeLoans.use((l) => l.list((input as { pledgeId: number }).pledgeId)),
      (pledgeId: number) => ({ pledgeId })
    )
  ]
})
