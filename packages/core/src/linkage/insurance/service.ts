import { Context, Effect, Layer } from "effect"
import { findEntries, findEntry } from "../../equity/store.js"
import type { NotFoundError } from "../../errors.js"
import { toFen } from "../../money/index.js"
import type { StoreError } from "../../store/errors.js"
import { type ListRead, listFilter, listReads, oneOfIssue, type PolicyListQuery } from "../lists.js"
import { loadPolicy } from "../records.js"
import { type Policy, PolicyPilot } from "../schema.js"
import { countPolicies, findPolicies, insertPolicy } from "../store.js"
import { invalid, linkageWrites, mismatch, type Write, who } from "../write.js"
import { policyListShape, recordInvestmentPolicy, recordTransferPolicy } from "./operations.js"

/**
 * 投保联动 and 科技成果转化保险. 投保联动: the insured enterprise is the investment's, an insured fund made
 * the investment or is the linked fund, and a fund linked to an insured enterprise has a live investment in
 * it; the insurer's commitment, when named, is an `insurance` LP's commitment to that fund.
 */
export class Insurance extends Context.Service<
  Insurance,
  {
    /** 投保联动: a policy linked to an investment or a fund. */
    recordInvestmentPolicy: Write<Policy>
    /** 科技成果转化保险: a transfer-insurance policy with its premium subsidy. */
    recordTransferPolicy: Write<Policy>
    policy(id: number): Effect.Effect<Policy, NotFoundError | StoreError>
    /** By start date, then id. */
    policies: ListRead<Policy, PolicyListQuery>
  }
>()("@kejin/core/linkage/Insurance") {
  static readonly layer = Layer.effect(
    Insurance,
    Effect.gen(function* () {
      const { database, inDb, command, enterprise, institution, fund, investment } = yield* linkageWrites
      const db = database.db
      const reads = listReads(db, inDb)

      const investmentPolicy = command(
        recordInvestmentPolicy,
        (trx, p, slot) =>
          Effect.gen(function* () {
            const insurer = yield* institution(trx, p.insurer, "insurer", "insurer")
            const insuredEnterprise =
              p.insuredEnterprise === undefined
                ? undefined
                : yield* enterprise(trx, p.insuredEnterprise, "insuredEnterprise")
            const insuredFund =
              p.insuredFund === undefined ? undefined : yield* fund(trx, p.insuredFund, "insuredFund")
            const linked =
              p.investment === undefined ? undefined : yield* investment(trx, p.investment, "investment")
            const linkedFund = p.fund === undefined ? undefined : yield* fund(trx, p.fund, "fund")
            if (
              linked !== undefined &&
              insuredEnterprise !== undefined &&
              linked.enterprise.id !== insuredEnterprise.id
            )
              return yield* mismatch(
                "investment",
                "investment",
                linked.id,
                linked.enterprise,
                insuredEnterprise
              )
            if (linked !== undefined && insuredFund !== undefined && linked.fund !== insuredFund.code)
              return yield* invalid("investment", "linkage-investment-other-fund", {
                investment: String(linked.id),
                fund: linked.fund,
                insuredFund: insuredFund.code
              })
            if (linkedFund !== undefined && insuredFund !== undefined && linkedFund.id !== insuredFund.id)
              return yield* invalid("fund", "linkage-policy-insured-fund", { fund: insuredFund.code })
            if (linkedFund !== undefined && insuredEnterprise !== undefined) {
              const held = yield* inDb(() =>
                findEntries(trx, { fundId: linkedFund.id, kind: "investment", includeReversed: false })
              )
              if (!held.some((e) => e.kind === "investment" && e.enterprise.id === insuredEnterprise.id))
                return yield* invalid("fund", "linkage-fund-no-investment-in", {
                  fund: linkedFund.code,
                  enterprise: who(insuredEnterprise)
                })
            }
            const lpFund = linkedFund?.code ?? linked?.fund ?? insuredFund?.code
            if (p.insurerCommitment !== undefined) {
              const c = yield* inDb(() => findEntry(trx, p.insurerCommitment!))
              if (c === undefined || c.kind !== "commitment")
                return yield* invalid("insurerCommitment", "linkage-not-found", {
                  kind: "fund-ledger-commitment",
                  id: String(p.insurerCommitment)
                })
              if (c.reversedBy !== null)
                return yield* invalid("insurerCommitment", "linkage-reversed", {
                  kind: "commitment",
                  id: String(c.id)
                })
              if (c.lpType !== "insurance")
                return yield* invalid("insurerCommitment", "linkage-commitment-not-insurance", {
                  commitment: String(c.id),
                  lpType: c.lpType
                })
              if (c.fund !== lpFund)
                return yield* invalid("insurerCommitment", "linkage-commitment-other-fund", {
                  commitment: String(c.id),
                  fund: c.fund,
                  lpFund: lpFund ?? "—"
                })
            }
            const concerns = insuredEnterprise?.id ?? linked?.enterprise.id ?? null
            return yield* inDb(() =>
              insertPolicy(
                trx,
                {
                  pilot: "investment-insurance",
                  policy_no: p.policyNo ?? null,
                  insurer_id: insurer.id,
                  insured_enterprise_id: insuredEnterprise?.id ?? null,
                  insured_fund_id: insuredFund?.id ?? null,
                  investment_id: linked?.id ?? null,
                  fund_id: linkedFund?.id ?? null,
                  insurer_commitment_id: p.insurerCommitment ?? null,
                  enterprise_id: concerns,
                  sum_insured_fen: toFen(p.sumInsured),
                  premium_fen: toFen(p.premium),
                  premium_subsidy_fen: 0n,
                  starts_on: p.startsOn,
                  ends_on: p.endsOn
                },
                slot.seq
              )
            )
          }),
        loadPolicy
      )

      const transferPolicy = command(
        recordTransferPolicy,
        (trx, p, slot) =>
          Effect.gen(function* () {
            const insurer = yield* institution(trx, p.insurer, "insurer", "insurer")
            const insured = yield* enterprise(trx, p.enterprise, "enterprise")
            return yield* inDb(() =>
              insertPolicy(
                trx,
                {
                  pilot: "transfer-insurance",
                  policy_no: p.policyNo ?? null,
                  insurer_id: insurer.id,
                  insured_enterprise_id: insured.id,
                  enterprise_id: insured.id,
                  sum_insured_fen: toFen(p.sumInsured),
                  premium_fen: toFen(p.premium),
                  premium_subsidy_fen: p.premiumSubsidy === undefined ? 0n : toFen(p.premiumSubsidy),
                  starts_on: p.startsOn,
                  ends_on: p.endsOn
                },
                slot.seq
              )
            )
          }),
        loadPolicy
      )

      return Insurance.of({
        recordInvestmentPolicy: investmentPolicy,
        recordTransferPolicy: transferPolicy,
        policy: reads.one("policy", "policy", loadPolicy),
        policies: reads.listed(
          "policies",
          (q: PolicyListQuery) => ({ ...listFilter(q), pilot: q.pilot }),
          findPolicies,
          countPolicies,
          (q) => oneOfIssue("pilot", q.pilot, PolicyPilot.literals),
          policyListShape
        )
      })
    })
  )
}
