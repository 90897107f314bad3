import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, listFacade, type PolicyListQuery } from "../lists.js"
import { getPolicy, listPolicies, recordInvestmentPolicy, recordTransferPolicy } from "./operations.js"
import { Insurance } from "./service.js"

/** 投保联动 and 科技成果转化保险 policies, bound to the `Insurance` service. */
export const insuranceModule = defineModule({
  id: "linkage.insurance",
  operations: [
    bind(recordInvestmentPolicy, (input, c) =>
      Insurance.use((s) => s.recordInvestmentPolicy(c.actor, input, c))
    ),
    bind(recordTransferPolicy, (input, c) => Insurance.use((s) => s.recordTransferPolicy(c.actor, input, c))),
    bind(
      getPolicy,
      (input) => Insurance.use((s) => s.policy((input as { id: number }).id)),
      (id: number) => ({ id })
    ),
    withFacade(
      bind(listPolicies, (input) => Insurance.use((s) => s.policies(asPage<PolicyListQuery>(input)))),
      listFacade((query: PolicyListQuery | undefined) => Insurance.use((s) => s.policies(query)))
    )
  ]
})
