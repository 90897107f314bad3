import { bind, defineModule } from "../../operations/operation.js"
import { getLoan, recordInvestmentLoan, recordWarrantExercise, recordWarrantExit } from "./operations.js"
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
    )
  ]
})
