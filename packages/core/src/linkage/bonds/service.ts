import { Context, Effect, Layer } from "effect"
import type { NotFoundError } from "../../errors.js"
import { toFen } from "../../money/index.js"
import { findInstitutions } from "../../registry/institutions.js"
import type { StoreError } from "../../store/errors.js"
import { addMonths } from "../../time/index.js"
import { type LinkageListQuery, type ListRead, listFilter, listReads } from "../lists.js"
import { loadBond } from "../records.js"
import { type Bond, decimalColumn } from "../schema.js"
import { countBonds, findBonds, insertBond } from "../store.js"
import { invalid, linkageWrites, type Write } from "../write.js"
import { bondListShape, recordBond } from "./operations.js"

/** 科技创新债券: issued by a registered enterprise or institution, proceeds optionally into a fund. */
export class Bonds extends Context.Service<
  Bonds,
  {
    /** 科技创新债券. */
    recordBond: Write<Bond>
    /** By issue date, then id. */
    bonds: ListRead<Bond, LinkageListQuery>
    /** One bond by its id, reversed or not. */
    bond(id: number): Effect.Effect<Bond, NotFoundError | StoreError>
  }
>()("@kejin/core/linkage/Bonds") {
  static readonly layer = Layer.effect(
    Bonds,
    Effect.gen(function* () {
      const { database, inDb, command, enterprise, fund } = yield* linkageWrites
      const reads = listReads(database.db, inDb)

      const bond = command(
        recordBond,
        (trx, b, slot) =>
          Effect.gen(function* () {
            const issuerEnterprise =
              b.issuerEnterprise === undefined
                ? undefined
                : yield* enterprise(trx, b.issuerEnterprise, "issuerEnterprise")
            let issuerInstitution: number | null = null
            if (b.issuerInstitution !== undefined) {
              const [found] = yield* inDb(() => findInstitutions(trx, { id: b.issuerInstitution! }))
              if (found === undefined)
                return yield* invalid("issuerInstitution", "linkage-not-found", {
                  kind: "institution",
                  id: String(b.issuerInstitution)
                })
              issuerInstitution = found.id
            }
            const proceedsFund =
              b.proceedsFund === undefined ? undefined : yield* fund(trx, b.proceedsFund, "proceedsFund")
            return yield* inDb(() =>
              insertBond(
                trx,
                {
                  code: b.code ?? null,
                  issuer_enterprise_id: issuerEnterprise?.id ?? null,
                  issuer_institution_id: issuerInstitution,
                  amount_fen: toFen(b.amount),
                  issued_on: b.issuedOn,
                  tenor_months: b.tenorMonths,
                  matures_on: addMonths(b.issuedOn, b.tenorMonths),
                  coupon_percent: decimalColumn(b.couponPercent),
                  use_of_proceeds: b.useOfProceeds,
                  proceeds_fund_id: proceedsFund?.id ?? null
                },
                slot.seq
              )
            )
          }),
        loadBond
      )

      return Bonds.of({
        recordBond: bond,
        bonds: reads.listed("bonds", listFilter, findBonds, countBonds, undefined, bondListShape),
        bond: reads.one("bond", "bond", loadBond)
      })
    })
  )
}
