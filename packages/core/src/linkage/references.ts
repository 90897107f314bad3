import type { Kysely } from "kysely"
import { type DB, toInt } from "../store/schema.js"
import { live } from "./live.js"

// What live linkage records require of the fund ledger: the entries they name must stay live (a linked
// loan's or a policy's investment, a policy's insurer commitment, a co-investment's lead and follow-on),
// and a policy insuring an enterprise through a fund needs that fund to hold a live investment in it. The
// pilots check this when a record is written; a fund-ledger reversal asks the same of the state after it.

/** Live linkage records naming fund-ledger entry `entryId`, in words (`co-investment 3 (its lead)`). */
export const linkageUsesOfEntry = async (db: Kysely<DB>, entryId: number): Promise<ReadonlyArray<string>> => {
  const uses: Array<string> = []
  const loans = await db
    .selectFrom("linkage_loans as l")
    .select("l.id")
    .where("l.investment_id", "=", entryId)
    .where(live("loan", "l.id"))
    .orderBy("l.id")
    .execute()
  for (const l of loans) uses.push(`investment-linked loan ${l.id} (its investment)`)
  const policies = await db
    .selectFrom("linkage_policies as p")
    .select(["p.id", "p.investment_id"])
    .where((eb) => eb.or([eb("p.investment_id", "=", entryId), eb("p.insurer_commitment_id", "=", entryId)]))
    .where(live("policy", "p.id"))
    .orderBy("p.id")
    .execute()
  for (const p of policies)
    uses.push(
      `policy ${p.id} (${toInt(p.investment_id) === entryId ? "its investment" : "its insurer's commitment"})`
    )
  const links = await db
    .selectFrom("linkage_co_investments as c")
    .select(["c.id", "c.lead_id"])
    .where((eb) => eb.or([eb("c.lead_id", "=", entryId), eb("c.follow_id", "=", entryId)]))
    .where(live("co-investment", "c.id"))
    .orderBy("c.id")
    .execute()
  for (const c of links)
    uses.push(`co-investment ${c.id} (${toInt(c.lead_id) === entryId ? "its lead" : "its follow-on"})`)
  return uses
}

/** Live policies insuring enterprise `enterpriseId` through fund `fundId` (the fund must hold it). */
export const policiesInsuringThrough = async (
  db: Kysely<DB>,
  fundId: number,
  enterpriseId: number
): Promise<ReadonlyArray<number>> =>
  (
    await db
      .selectFrom("linkage_policies as p")
      .select("p.id")
      .where("p.fund_id", "=", fundId)
      .where("p.insured_enterprise_id", "=", enterpriseId)
      .where(live("policy", "p.id"))
      .orderBy("p.id")
      .execute()
  ).map((p) => toInt(p.id))
