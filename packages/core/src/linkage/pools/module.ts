import { bind, defineModule } from "../../operations/operation.js"
import {
  getClaim,
  getPool,
  recordCompensationClaim,
  recordDeposit,
  recordPool,
  recordPoolRule,
  recordTransferClaim
} from "./operations.js"
import { PoolsAndClaims } from "./service.js"

/** Pools, their rules and deposits, and the claims they pay, bound to the `PoolsAndClaims` service. */
export const poolsModule = defineModule({
  id: "linkage.pools",
  operations: [
    bind(recordPool, (input, c) => PoolsAndClaims.use((s) => s.recordPool(c.actor, input, c))),
    bind(recordPoolRule, (input, c) => PoolsAndClaims.use((s) => s.recordPoolRule(c.actor, input, c))),
    bind(recordDeposit, (input, c) => PoolsAndClaims.use((s) => s.recordDeposit(c.actor, input, c))),
    bind(recordTransferClaim, (input, c) =>
      PoolsAndClaims.use((s) => s.recordTransferClaim(c.actor, input, c))
    ),
    bind(recordCompensationClaim, (input, c) =>
      PoolsAndClaims.use((s) => s.recordCompensationClaim(c.actor, input, c))
    ),
    bind(
      getPool,
      (input) => PoolsAndClaims.use((s) => s.pool((input as { code: string }).code)),
      (code: string) => ({ code })
    ),
    bind(
      getClaim,
      (input) => PoolsAndClaims.use((s) => s.claim((input as { id: number }).id)),
      (id: number) => ({ id })
    )
  ]
})
