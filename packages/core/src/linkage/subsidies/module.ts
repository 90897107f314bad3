import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, type LinkageListQuery, listFacade } from "../lists.js"
import { getInterestSubsidy, listInterestSubsidies, recordInterestSubsidy } from "./operations.js"
import { Subsidies } from "./service.js"

/** 贴息, bound to the `Subsidies` service. */
export const subsidiesModule = defineModule({
  id: "linkage.subsidies",
  operations: [
    bind(recordInterestSubsidy, (input, c) =>
      Subsidies.use((s) => s.recordInterestSubsidy(c.actor, input, c))
    ),
    bind(
      getInterestSubsidy,
      (input) => Subsidies.use((s) => s.subsidy((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    withFacade(
      bind(listInterestSubsidies, (input) =>
        Subsidies.use((s) => s.subsidies(asPage<LinkageListQuery>(input)))
      ),
      listFacade((query: LinkageListQuery | undefined) => Subsidies.use((s) => s.subsidies(query)))
    )
  ]
})
