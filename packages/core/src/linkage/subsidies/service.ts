import { Context, Effect, Layer } from "effect"
import type { Kysely } from "kysely"
import type { NotFoundError } from "../../errors.js"
import { toFen } from "../../money/index.js"
import type { StoreError } from "../../store/errors.js"
import type { DB } from "../../store/schema.js"
import { type LinkageListQuery, type ListRead, listFilter, listReads } from "../lists.js"
import { pledgeRegistrationOn, subsidyProblem } from "../pledge-refs.js"
import { loadLoan, loadSubsidy } from "../records.js"
import type { InterestSubsidy } from "../schema.js"
import { countSubsidies, findSubsidies, insertSubsidy } from "../store.js"
import { invalid, invalidAs, linkageWrites, mismatch, type Write, who } from "../write.js"
import { recordInterestSubsidy, subsidyListShape } from "./operations.js"

/** 贴息 on a live linkage loan (dated on or after its disbursement, in its enterprise) or on a pledge loan. */
export class Subsidies extends Context.Service<
  Subsidies,
  {
    /** 贴息 on a linkage loan or a pledge loan. */
    recordInterestSubsidy: Write<InterestSubsidy>
    /** By payment date, then id. */
    subsidies: ListRead<InterestSubsidy, LinkageListQuery>
    /** One subsidy by its id, reversed or not. */
    subsidy(id: number): Effect.Effect<InterestSubsidy, NotFoundError | StoreError>
  }
>()("@kejin/core/linkage/Subsidies") {
  static readonly layer = Layer.effect(
    Subsidies,
    Effect.gen(function* () {
      const { database, inDb, command, enterprise } = yield* linkageWrites
      const reads = listReads(database.db, inDb)

      /**
       * 贴息 by registration number names a live registration (not cancelled) with a live loan disbursed on
       * or before the payment date ({@link subsidyProblem}, which pledge-side reversals ask too); a borrower
       * named must be its pledgor.
       */
      const subsidisable = Effect.fnUntraced(function* (
        trx: Kysely<DB>,
        no: string,
        on: string,
        named: { readonly uscc: string; readonly name: string } | undefined
      ) {
        const registration = yield* inDb(() => pledgeRegistrationOn(trx, no, on))
        const problem = subsidyProblem(no, on, registration)
        if (problem !== undefined) return yield* invalidAs(problem)
        if (named !== undefined && registration !== undefined && named.uscc !== registration.pledgorUscc)
          return yield* invalid("enterprise", "linkage-not-pledgor", {
            enterprise: who(named),
            registrationNo: no,
            pledgor: registration.pledgorUscc
          })
      })

      const subsidy = command(
        recordInterestSubsidy,
        (trx, s, slot) =>
          Effect.gen(function* () {
            let enterpriseId: number | null = null
            if (s.loan !== undefined) {
              const loan = yield* inDb(() => loadLoan(trx, s.loan!))
              if (loan === undefined)
                return yield* invalid("loan", "linkage-not-found", {
                  kind: "linkage-loan",
                  id: String(s.loan)
                })
              if (loan.reversedBy !== null)
                return yield* invalid("loan", "linkage-reversed", { kind: "loan", id: String(loan.id) })
              if (s.on < loan.disbursedOn)
                return yield* invalid("on", "linkage-before-disbursement", { date: loan.disbursedOn })
              if (s.enterprise !== undefined && s.enterprise !== loan.enterprise.uscc) {
                const named = yield* enterprise(trx, s.enterprise, "enterprise")
                return yield* mismatch("enterprise", "loan", loan.id, loan.enterprise, named)
              }
              enterpriseId = loan.enterprise.id
            } else {
              const named =
                s.enterprise === undefined ? undefined : yield* enterprise(trx, s.enterprise, "enterprise")
              yield* subsidisable(trx, s.registrationNo ?? "", s.on, named)
              enterpriseId = named?.id ?? null
            }
            return yield* inDb(() =>
              insertSubsidy(
                trx,
                {
                  on_date: s.on,
                  amount_fen: toFen(s.amount),
                  loan_id: s.loan ?? null,
                  registration_no: s.registrationNo ?? null,
                  enterprise_id: enterpriseId,
                  payer: s.payer ?? null
                },
                slot.seq
              )
            )
          }),
        loadSubsidy
      )

      return Subsidies.of({
        recordInterestSubsidy: subsidy,
        subsidies: reads.listed(
          "subsidies",
          listFilter,
          findSubsidies,
          countSubsidies,
          undefined,
          subsidyListShape
        ),
        subsidy: reads.one("subsidy", "subsidy", loadSubsidy)
      })
    })
  )
}
