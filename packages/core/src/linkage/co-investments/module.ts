import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, type LinkageListQuery, listFacade } from "../lists.js"
import { getCoInvestment, listCoInvestments, recordCoInvestment } from "./operations.js"
import { CoInvestments } from "./service.js"

/** 投投联动, bound to the `CoInvestments` service. */
export const coInvestmentsModule = defineModule({
  id: "linkage.co-investments",
  operations: [
    bind(recordCoInvestment, (input, c) => CoInvestments.use((s) => s.recordCoInvestment(c.actor, input, c))),
    bind(
      getCoInvestment,
      (input) => CoInvestments.use((s) => s.coInvestment((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    withFacade(
      bind(listCoInvestments, (input) =>
        CoInvestments.use((s) => s.coInvestments(asPage<LinkageListQuery>(input)))
      ),
      listFacade((query: LinkageListQuery | undefined) => CoInvestments.use((s) => s.coInvestments(query)))
    )
  ]
})
