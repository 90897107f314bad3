import type { Decimal } from "decimal.js"
import { type Kysely, sql } from "kysely"
import { fromFen, Yuan } from "../money/index.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import { live } from "./live.js"

/*
 * 投贷联动 warrants held by a fund: a warrant loan names its holder (`warrant.holderFund`); when the holder is
 * a fund of the registry, the live exercises and exits of the option reach that fund's figures (equity/
 * metrics.ts) as one holding per loan, read here and never written twice:
 *
 *  - cost: Σ amount paid at the exercises dated on or before the as-of day (an investment flow on each date);
 *  - an exit: its proceeds (an exit flow), and the cost it takes away = the cost of the exercises dated on or
 *    before it × exit share / share exercised by then (average cost, half-even to the fen);
 *  - the holding is the borrower's (district on the first exercise, tech category from the registry),
 *    instrument `warrant`, mode direct, and counts at its remaining cost (no valuation is kept for it).
 *
 * Record an exercise here or as a fund-ledger investment, not both.
 */

export interface WarrantEventRow {
  readonly loanId: number
  readonly fundId: number
  readonly kind: "exercise" | "exit"
  readonly on: string
  readonly equityPercent: Decimal
  readonly amount: Decimal
  readonly district: string
  readonly techCategory: string
}

/** Live exercises and exits, dated on or before `asOf`, of live warrant loans held by these funds. */
export const heldWarrantEvents = async (
  db: Kysely<DB>,
  fundIds: ReadonlyArray<number>,
  asOf: string
): Promise<ReadonlyArray<WarrantEventRow>> => {
  if (fundIds.length === 0) return []
  const rows = await db
    .selectFrom("linkage_warrant_events as w")
    .innerJoin("linkage_loans as l", "l.id", "w.loan_id")
    .innerJoin("enterprises as ent", "ent.id", "l.enterprise_id")
    .where("l.warrant_holder_fund_id", "in", fundIds)
    .where("w.on_date", "<=", asOf)
    .where(live("warrant-event", "w.id"))
    .where(live("loan", "l.id"))
    .select([
      "w.loan_id",
      "l.warrant_holder_fund_id",
      "w.kind",
      "w.on_date",
      "w.equity_percent",
      "w.amount_fen",
      "ent.tech_category",
      sql<string>`(select d.district from enterprise_districts d where d.enterprise_id = l.enterprise_id and d.since <= w.on_date order by d.since desc limit 1)`.as(
        "district_then"
      )
    ])
    .orderBy("w.on_date")
    .orderBy("w.id")
    .execute()
  return rows.map((r) => ({
    loanId: toInt(r.loan_id),
    fundId: toInt(r.warrant_holder_fund_id!),
    kind: r.kind as "exercise" | "exit",
    on: r.on_date,
    equityPercent: new Yuan(r.equity_percent),
    amount: fromFen(toBigInt(r.amount_fen)),
    district: r.district_then ?? "",
    techCategory: r.tech_category ?? "other"
  }))
}
