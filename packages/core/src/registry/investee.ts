import type { Kysely } from "kysely"
import type { FieldIssue } from "../errors.js"
import { livePledge } from "../pledges/live.js"
import { type DB, toInt } from "../store/schema.js"
import { sayAt } from "../text/messages.js"
import { findEnterprise } from "./enterprises.js"
import { type Enterprise, type EnterpriseStage, FROM_THE_START, type TechCategory } from "./schema.js"

/*
 * One registry of enterprises. A pledgor is recorded with its pledge registration (name, district, as the
 * CNIPA registration gives them) without being entered in the registry: the bureau records pledges by the
 * thousand. When a fund invests in such an enterprise, the investment finds it by its credit code (统一社会
 * 信用代码) among the pledgors and registers it then, under the investment's journal entry, from its latest
 * live registration: nobody types its name and district a second time. What no pledge says (its stage and
 * technology category) the investment gives.
 */

/** The stable code of the issue "no enterprise has this credit code", which a form says in its own language. */
export const ENTERPRISE_NOT_REGISTERED = "enterprise-not-registered"

/** The issue at `path` for a credit code neither the registry nor any live pledge registration knows. */
export const notRegisteredIssue = (path: string, uscc: string): FieldIssue =>
  sayAt(path, ENTERPRISE_NOT_REGISTERED, { uscc })

/** What an investment says of its investee besides the credit code (the registry's defaults when absent). */
export interface InvesteeInput {
  readonly enterprise: string
  readonly stage?: EnterpriseStage | undefined
  readonly techCategory?: TechCategory | undefined
}

/** The pledgor `uscc` as its latest live registration names it, or undefined. */
const pledgorOf = async (db: Kysely<DB>, uscc: string) =>
  await db
    .selectFrom("pledges as p")
    .select(["p.registration_no", "p.pledgor_name", "p.pledgor_district"])
    .where("p.pledgor_uscc", "=", uscc)
    .where(livePledge("p.id"))
    .orderBy("p.registered_on", "desc")
    .orderBy("p.id", "desc")
    .limit(1)
    .executeTakeFirst()

/**
 * The investee of an investment, in the registry: found by its credit code, or registered from its latest
 * live pledge registration (rows written under `journalId`, the investment's entry); the issues otherwise
 * (not known at all; known from a pledge, but its stage or technology category not given).
 */
export const investeeOf = async (
  db: Kysely<DB>,
  input: InvesteeInput,
  journalId: number
): Promise<{ readonly enterprise: Enterprise } | { readonly issues: ReadonlyArray<FieldIssue> }> => {
  const found = await findEnterprise(db, { uscc: input.enterprise })
  if (found !== undefined) return { enterprise: found }
  const pledgor = await pledgorOf(db, input.enterprise)
  if (pledgor === undefined) return { issues: [notRegisteredIssue("enterprise", input.enterprise)] }
  const { stage, techCategory } = input
  if (stage === undefined || techCategory === undefined) {
    const known = {
      name: pledgor.pledgor_name,
      uscc: input.enterprise,
      registrationNo: pledgor.registration_no
    }
    return {
      issues: [
        ...(stage === undefined
          ? [sayAt("stage", "investee-known-from-pledge", { ...known, field: "stage" })]
          : []),
        ...(techCategory === undefined
          ? [sayAt("techCategory", "investee-known-from-pledge", { ...known, field: "techCategory" })]
          : [])
      ]
    }
  }
  const row = await db
    .insertInto("enterprises")
    .values({
      uscc: input.enterprise,
      name: pledgor.pledgor_name,
      // No pledge registration names an industry.
      industry: "",
      stage,
      tech_category: techCategory,
      registered_on: null,
      journal_id: journalId
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  await db
    .insertInto("enterprise_districts")
    .values({
      enterprise_id: toInt(row.id),
      district: pledgor.pledgor_district,
      since: FROM_THE_START,
      journal_id: journalId
    })
    .execute()
  const registered = await findEnterprise(db, { uscc: input.enterprise })
  if (registered === undefined) throw new Error(`enterprise ${input.enterprise} vanished`)
  return { enterprise: registered }
}
