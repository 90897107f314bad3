import { bind, defineModule } from "../../operations/operation.js"
import { recordInterestSubsidy } from "./operations.js"
import { Subsidies } from "./service.js"

/** 贴息, bound to the `Subsidies` service. */
export const subsidiesModule = defineModule({
  id: "linkage.subsidies",
  operations: [
    bind(recordInterestSubsidy, (input, c) =>
      Subsidies.use((s) => s.recordInterestSubsidy(c.actor, input, c))
    )
  ]
})
