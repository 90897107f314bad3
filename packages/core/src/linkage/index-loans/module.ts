import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, type LinkageListQuery, listFacade, type TierTableListQuery } from "../lists.js"
import {
  getScore,
  getTierTable,
  listScores,
  listTierTables,
  recordIndexLoan,
  recordScore,
  recordTierTable
} from "./operations.js"
import { IndexLoans } from "./service.js"

/** 科创指数贷: tier tables, score snapshots and index loans, bound to the `IndexLoans` service. */
export const indexLoansModule = defineModule({
  id: "linkage.index-loans",
  operations: [
    bind(recordTierTable, (input, c) => IndexLoans.use((s) => s.recordTierTable(c.actor, input, c))),
    bind(recordScore, (input, c) => IndexLoans.use((s) => s.recordScore(c.actor, input, c))),
    bind(recordIndexLoan, (input, c) => IndexLoans.use((s) => s.recordIndexLoan(c.actor, input, c))),
    bind(
      getTierTable,
      (input) => IndexLoans.use((s) => s.tierTable((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    bind(
      getScore,
      (input) => IndexLoans.use((s) => s.score((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    withFacade(
      bind(listTierTables, (input) => IndexLoans.use((s) => s.tierTables(asPage<TierTableListQuery>(input)))),
      listFacade((query: TierTableListQuery | undefined) => IndexLoans.use((s) => s.tierTables(query)))
    ),
    withFacade(
      bind(listScores, (input) => IndexLoans.use((s) => s.scores(asPage<LinkageListQuery>(input)))),
      listFacade((query: LinkageListQuery | undefined) => IndexLoans.use((s) => s.scores(query)))
    )
  ]
})
