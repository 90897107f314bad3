import type { Decimal } from "decimal.js"
import { Context, Effect, Layer } from "effect"
import type { InvestmentEntry } from "../../equity/schema.js"
import { ConflictError, type NotFoundError } from "../../errors.js"
import { toFen } from "../../money/index.js"
import type { StoreError } from "../../store/errors.js"
import { said } from "../../text/messages.js"
import { type LinkageListQuery, type ListRead, listFilter, listReads } from "../lists.js"
import { loadCoInvestment } from "../records.js"
import type { CoInvestment } from "../schema.js"
import { countCoInvestments, findCoInvestments, insertCoInvestment } from "../store.js"
import { invalid, linkageWrites, mismatch, type Write } from "../write.js"
import { coInvestmentListShape, recordCoInvestment } from "./operations.js"

/**
 * 投投联动: the lead is a live direct (直投) investment of a city fund; the follow-on (a sub-fund's
 * investment, or social capital) is in the same enterprise and dated on or after the lead.
 */
export class CoInvestments extends Context.Service<
  CoInvestments,
  {
    /** 投投联动: a city-fund direct investment followed by a sub-fund or social capital. */
    recordCoInvestment: Write<CoInvestment>
    /** By follow-on date, then id. */
    coInvestments: ListRead<CoInvestment, LinkageListQuery>
    /** One co-investment by its id, reversed or not. */
    coInvestment(id: number): Effect.Effect<CoInvestment, NotFoundError | StoreError>
  }
>()("@kejin/core/linkage/CoInvestments") {
  static readonly layer = Layer.effect(
    CoInvestments,
    Effect.gen(function* () {
      const { database, inDb, command, enterprise, fund, investment } = yield* linkageWrites
      const reads = listReads(database.db, inDb)

      const coInvestment = command(
        recordCoInvestment,
        (trx, c, slot) =>
          Effect.gen(function* () {
            const lead = yield* investment(trx, c.lead, "lead")
            const leadFund = yield* fund(trx, lead.fund, "lead")
            if (leadFund.kind !== "city-fund")
              return yield* invalid("lead", "linkage-lead-not-city-fund", {
                investment: String(lead.id),
                fund: leadFund.code,
                kind: leadFund.kind
              })
            if (lead.mode !== "direct")
              return yield* invalid("lead", "linkage-lead-not-direct", { investment: String(lead.id) })
            let row: {
              follow: InvestmentEntry | null
              kind: "sub-fund" | "social-capital"
              investor: string
              amount: Decimal
              on: string
              round: string | null
            }
            if (c.follow !== undefined) {
              const follow = yield* investment(trx, c.follow, "follow")
              const followFund = yield* fund(trx, follow.fund, "follow")
              if (followFund.kind === "city-fund")
                return yield* invalid("follow", "linkage-follow-city-fund", { investment: String(follow.id) })
              if (follow.enterprise.id !== lead.enterprise.id)
                return yield* mismatch("follow", "investment", follow.id, follow.enterprise, lead.enterprise)
              if (follow.on < lead.on)
                return yield* invalid("follow", "linkage-follow-dated-before-lead", {
                  on: follow.on,
                  leadOn: lead.on
                })
              const [already] = yield* inDb(() =>
                findCoInvestments(trx, { leadId: lead.id, followId: follow.id, includeReversed: false })
              )
              if (already !== undefined)
                return yield* new ConflictError({
                  reason: "duplicate",
                  field: "follow",
                  ...said("linkage-co-investment-exists", {
                    follow: String(follow.id),
                    lead: String(lead.id),
                    coInvestment: String(already.id)
                  })
                })
              row = {
                follow,
                kind: followFund.kind === "sub-fund" ? "sub-fund" : "social-capital",
                investor: followFund.code,
                amount: follow.amount,
                on: follow.on,
                round: follow.round
              }
            } else {
              const named = yield* enterprise(trx, c.enterprise!, "enterprise")
              if (named.id !== lead.enterprise.id)
                return yield* mismatch("enterprise", "lead-investment", lead.id, lead.enterprise, named)
              if (c.on! < lead.on) return yield* invalid("on", "linkage-before-lead", { leadOn: lead.on })
              row = {
                follow: null,
                kind: "social-capital",
                investor: c.investor!,
                amount: c.amount!,
                on: c.on!,
                round: c.round ?? null
              }
            }
            return yield* inDb(() =>
              insertCoInvestment(
                trx,
                {
                  enterprise_id: lead.enterprise.id,
                  lead_id: lead.id,
                  follow_id: row.follow?.id ?? null,
                  follower_kind: row.kind,
                  investor: row.investor,
                  amount_fen: toFen(row.amount),
                  on_date: row.on,
                  round: row.round
                },
                slot.seq
              )
            )
          }),
        loadCoInvestment
      )

      return CoInvestments.of({
        recordCoInvestment: coInvestment,
        coInvestments: reads.listed(
          "coInvestments",
          listFilter,
          findCoInvestments,
          countCoInvestments,
          undefined,
          coInvestmentListShape
        ),
        coInvestment: reads.one("coInvestment", "co-investment", loadCoInvestment)
      })
    })
  )
}
