import { Effect } from "effect"
import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, childListFacade, type LoanListQuery, listFacade } from "../lists.js"
import {
  getLoan,
  listLoans,
  listWarrantEvents,
  recordInvestmentLoan,
  recordWarrantExercise,
  recordWarrantExit
} from "./operations.js"
import { InvestmentLoans } from "./service.js"

/** 投贷联动 loans and their 认股权 events, each declaration bound to the `InvestmentLoans` service. */
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
      bind(listLoans, (input) => InvestmentLoans.use((s) => s.loans(asPage<LoanListQuery>(input)))),
      listFacade((query: LoanListQuery | undefined) => InvestmentLoans.use((s) => s.loans(query)))
    ),
    // A loan that does not exist is a NotFoundError (404), not an empty list.
    withFacade(
      bind(listWarrantEvents, (input) => {
        const { loan, ...page } = asPage<{ readonly loan: number }>(input)
        return InvestmentLoans.use((s) => Effect.flatMap(s.loan(loan), () => s.warrantEvents(loan, page)))
      }),
      childListFacade("loan", (loan: number) => InvestmentLoans.use((s) => s.warrantEvents(loan)))
    )
  ]
})
