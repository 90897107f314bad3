import { bind, defineModule } from "../../operations/operation.js"
import { recordBond } from "./operations.js"
import { Bonds } from "./service.js"

/** 科技创新债券, bound to the `Bonds` service. */
export const bondsModule = defineModule({
  id: "linkage.bonds",
  operations: [bind(recordBond, (input, c) => Bonds.use((s) => s.recordBond(c.actor, input, c)))]
})
