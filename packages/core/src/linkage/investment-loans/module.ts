import { Effect } from "effect"
import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, childListFacade, listFacade } from "../lists.js"
import {
  getLoanStanding,
  listLoanEvents,
  recordLoanDefault,
  recordLoanRepayment
} from "../loan-events/operations.js"
import {
  getLoan,
  listLoans,
  listWarrantEvents,
  recordInvestmentLoan,
  recordWarrantExercise,
  recordWarrantExit
} from "./operations.js"
import { InvestmentLoans, type LoanStatusQuery } from "./service.js"

/**
 * 投贷联动 loans and their 认股权 events, and the 还款 and 违约 of the loans of both pilots (loan-events/),
 * each declaration bound to the `InvestmentLoans` service.
 */
export const investmentLoansModule = defineModule({
  id: "linkage.investment-loans",
  operations: [
    bind(recordInvestmentLoan, (input, c) =>
      InvestmentLoans.use((s) => s.recordInvestmentLoan(c.actor, input, c))
    ),
    bind(recordWarrantExercise, (input, c) =>
      InvestmentLoans.use((s) => s.recordWarrantExercise(c.actor, input, c))
    ),
    bind(recordWarrantExit, (input, c) => InvestmentLoans.use((s) => s.recordWarrantExit(c.actor, input, c))),
    bind(
      getLoan,
      (input) => InvestmentLoans.use((s) => s.loan((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    // Both pilots' loans (投贷联动 and 科创指数贷): the facade's `loans()` is the whole list.
    withFacade(
      bind(listLoans, (input) => InvestmentLoans.use((s) => s.loans(asPage<LoanStatusQuery>(input)))),
      listFacade((query: LoanStatusQuery | undefined) => InvestmentLoans.use((s) => s.loans(query)))
    ),
    // A loan that does not exist is a NotFoundError (404), not an empty list.
    withFacade(
      bind(listWarrantEvents, (input) => {
        const { loan, ...page } = asPage<{ readonly loan: number }>(input)
        return InvestmentLoans.use((s) => Effect.flatMap(s.loan(loan), () => s.warrantEvents(loan, page)))
      }),
      childListFacade("loan", (loan: number) => InvestmentLoans.use((s) => s.warrantEvents(loan)))
    ),
    // 还款 and 违约 of a loan of either pilot (loan-events/).
    bind(recordLoanRepayment, (input, c) =>
      InvestmentLoans.use((s) => s.recordLoanRepayment(c.actor, input, c))
    ),
    bind(recordLoanDefault, (input, c) => InvestmentLoans.use((s) => s.recordLoanDefault(c.actor, input, c))),
    withFacade(
      bind(listLoanEvents, (input) => {
        const { loan, ...page } = asPage<{ readonly loan: number }>(input)
        return InvestmentLoans.use((s) => s.loanEvents(loan, page))
      }),
      childListFacade("loan", (loan: number) => InvestmentLoans.use((s) => s.loanEvents(loan)))
    ),
    bind(
      getLoanStanding,
      (input) => {
        const { id, on } = input as { readonly id: number; readonly on?: string }
        return InvestmentLoans.use((s) => s.loanStanding(id, on))
      },
      (id: number, on?: string) => ({ id, ...(on === undefined ? {} : { on }) })
    )
  ]
})
