import { bind, defineModule, withFacade } from "../../operations/operation.js"
import { asPage, type ClaimListQuery, childListFacade, listFacade, type PoolListQuery } from "../lists.js"
import {
  getClaim,
  getPool,
  listClaims,
  listDeposits,
  listPools,
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
    ),
    withFacade(
      bind(listPools, (input) => PoolsAndClaims.use((s) => s.pools(asPage<PoolListQuery>(input)))),
      listFacade((query: PoolListQuery | undefined) => PoolsAndClaims.use((s) => s.pools(query)))
    ),
    // A code no pool can have is a NotFoundError (404), never sent to the store.
    withFacade(
      bind(listDeposits, (input) => {
        const { pool, ...page } = asPage<{ readonly pool: string }>(input)
        return PoolsAndClaims.use((s) => s.deposits(pool, page))
      }),
      childListFacade("pool", (pool: string) => PoolsAndClaims.use((s) => s.deposits(pool)))
    ),
    withFacade(
      bind(listClaims, (input) => PoolsAndClaims.use((s) => s.claims(asPage<ClaimListQuery>(input)))),
      listFacade((query: ClaimListQuery | undefined) => PoolsAndClaims.use((s) => s.claims(query)))
    )
  ]
})
