import { Context, Effect, Layer } from "effect"
import { Bonds } from "./bonds/service.js"
import { CoInvestments } from "./co-investments/service.js"
import { IndexLoans } from "./index-loans/service.js"
import { Insurance } from "./insurance/service.js"
import { InvestmentLoans } from "./investment-loans/service.js"
import { PoolsAndClaims } from "./pools/service.js"
import { LinkageShared } from "./shared/service.js"
import { Subsidies } from "./subsidies/service.js"

export type {
  ChildListRead,
  ChildListReader,
  ClaimListQuery,
  EventsQuery,
  LinkageListQuery,
  LinkagePage,
  LinkagePageQuery,
  ListRead,
  ListReader,
  LoanListQuery,
  PolicyListQuery,
  PoolListQuery,
  RecentQuery,
  TierTableListQuery,
  WholeList
} from "./lists.js"
export { linkageListIssues } from "./lists.js"

/** Every service of the linkage pilots, one per pilot and the shared one. */
const pilotLayers = Layer.mergeAll(
  InvestmentLoans.layer,
  IndexLoans.layer,
  Insurance.layer,
  PoolsAndClaims.layer,
  Subsidies.layer,
  CoInvestments.layer,
  Bonds.layer,
  LinkageShared.layer
)

/**
 * The linkage pilots of section (五) and the pledge programmes beside them, as one service: the pilots'
 * own services composed (投贷联动 `InvestmentLoans`, 科创指数贷 `IndexLoans`, 投保联动 and 转化保险
 * `Insurance`, pools and claims `PoolsAndClaims`, 贴息 `Subsidies`, 投投联动 `CoInvestments`, 科技创新债券
 * `Bonds`, and `LinkageShared`: reversals across kinds, `recent`, `summary`, `eventsOf`). Every write goes
 * through the write path (decode → `linkage.write`, held by admins and bureau staff → one transaction with
 * the invariants, the record and a journal entry); corrections are reversals (`reverse({ kind, id, reason })`),
 * which take a record out of every figure and keep it listed. Each pilot's invariants are documented on its
 * service. `Linkage.layer` provides the pilots' services too.
 */
export class Linkage extends Context.Service<
  Linkage,
  InvestmentLoans["Service"] &
    IndexLoans["Service"] &
    Insurance["Service"] &
    PoolsAndClaims["Service"] &
    Subsidies["Service"] &
    CoInvestments["Service"] &
    Bonds["Service"] &
    LinkageShared["Service"]
>()("@kejin/core/Linkage") {
  static readonly layer = Layer.effect(
    Linkage,
    Effect.gen(function* () {
      return Linkage.of({
        ...(yield* InvestmentLoans),
        ...(yield* IndexLoans),
        ...(yield* Insurance),
        ...(yield* PoolsAndClaims),
        ...(yield* Subsidies),
        ...(yield* CoInvestments),
        ...(yield* Bonds),
        ...(yield* LinkageShared)
      })
    })
  ).pipe(Layer.provideMerge(pilotLayers))
}
