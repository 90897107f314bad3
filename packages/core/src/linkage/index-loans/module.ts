import { bind, defineModule } from "../../operations/operation.js"
import { recordIndexLoan, recordScore, recordTierTable } from "./operations.js"
import { IndexLoans } from "./service.js"

/** 科创指数贷: tier tables, score snapshots and index loans, bound to the `IndexLoans` service. */
export const indexLoansModule = defineModule({
  id: "linkage.index-loans",
  operations: [
    bind(recordTierTable, (input, c) => IndexLoans.use((s) => s.recordTierTable(c.actor, input, c))),
    bind(recordScore, (input, c) => IndexLoans.use((s) => s.recordScore(c.actor, input, c))),
    bind(recordIndexLoan, (input, c) => IndexLoans.use((s) => s.recordIndexLoan(c.actor, input, c)))
  ]
})
