import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, type LinkageListQuery, listFacade } from "../lists.js"
import { getBond, listBonds, recordBond } from "./operations.js"
import { Bonds } from "./service.js"

/** 科技创新债券, bound to the `Bonds` service. */
export const bondsModule = defineModule({
  id: "linkage.bonds",
  operations: [
    bind(recordBond, (input, c) => Bonds.use((s) => s.recordBond(c.actor, input, c))),
    bind(
      getBond,
      (input) => Bonds.use((s) => s.bond((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    withFacade(
      bind(listBonds, (input) => Bonds.use((s) => s.bonds(asPage<LinkageListQuery>(input)))),
      listFacade((query: LinkageListQuery | undefined) => Bonds.use((s) => s.bonds(query)))
    )
  ]
})
