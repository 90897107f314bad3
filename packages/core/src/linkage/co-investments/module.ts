import { bind, defineModule } from "../../operations/operation.js"
import { recordCoInvestment } from "./operations.js"
import { CoInvestments } from "./service.js"

/** 投投联动, bound to the `CoInvestments` service. */
export const coInvestmentsModule = defineModule({
  id: "linkage.co-investments",
  operations: [
    bind(recordCoInvestment, (input, c) => CoInvestments.use((s) => s.recordCoInvestment(c.actor, input, c)))
  ]
})
