import type { ImportKey, ImportRef } from "../operations/operation.js"
import { liveLoan, livePledge } from "../pledges/live.js"
import { findPledge } from "../pledges/store.js"
import { toInt } from "../store/schema.js"

/*
 * The references a bank's sheet makes as people do: a registration by its number (登记号), a loan by its
 * registration's number and, where the registration has several live loans, its disbursement date (放款日期).
 */

const quoted = (text: string) => `“${text}”`

/** A live registration by its number: `pledgeId`. */
export const registrationRef: ImportRef = {
  field: "pledgeId",
  by: [{ key: "registrationNo", type: "text" }],
  find: async (db, { registrationNo = "" }) => {
    const rows = await db
      .selectFrom("pledges as p")
      .select("p.id")
      .where("p.registration_no", "=", registrationNo)
      .where(livePledge("p.id"))
      .execute()
    const [row] = rows
    return row === undefined
      ? {
          problem: {
            zh: `没有登记号为${quoted(registrationNo)}的有效质押登记`,
            en: `no live registration has the number ${registrationNo}`
          }
        }
      : { id: toInt(row.id) }
  }
}

/** A live loan by its registration's number, and its disbursement date where there are several: `loanId`. */
export const loanRef: ImportRef = {
  field: "loanId",
  by: [
    { key: "registrationNo", type: "text" },
    { key: "disbursedOn", type: "date" }
  ],
  find: async (db, { registrationNo = "", disbursedOn }) => {
    let query = db
      .selectFrom("pledge_loans as l")
      .innerJoin("pledges as p", "p.id", "l.pledge_id")
      .select(["l.id", "l.disbursed_on"])
      .where("p.registration_no", "=", registrationNo)
      .where(liveLoan("l"))
      .orderBy("l.id")
    if (disbursedOn !== undefined) query = query.where("l.disbursed_on", "=", disbursedOn)
    const rows = await query.limit(10).execute()
    const [row] = rows
    if (row === undefined)
      return {
        problem: {
          zh: `登记号${quoted(registrationNo)}下没有${disbursedOn === undefined ? "" : `放款日期为 ${disbursedOn} 的`}有效贷款`,
          en: `registration ${registrationNo} has no live loan${disbursedOn === undefined ? "" : ` disbursed on ${disbursedOn}`}`
        }
      }
    if (rows.length > 1)
      return {
        problem: {
          zh: `登记号${quoted(registrationNo)}下有 ${rows.length} 笔有效贷款（放款日期 ${rows.map((r) => r.disbursed_on).join("、")}）：请填写放款日期或贷款编号`,
          en: `registration ${registrationNo} has ${rows.length} live loans (disbursed ${rows.map((r) => r.disbursed_on).join(", ")}): give the disbursement date or the loan id`
        }
      }
    return { id: toInt(row.id) }
  }
}

/** A live registration by its number, as recorded. */
export const registrationKey: ImportKey = {
  field: "registrationNo",
  find: async (db, registrationNo) => {
    const row = await db
      .selectFrom("pledges as p")
      .select("p.id")
      .where("p.registration_no", "=", registrationNo)
      .where(livePledge("p.id"))
      .executeTakeFirst()
    return row === undefined ? undefined : findPledge(db, toInt(row.id))
  }
}

/**
 * An enterprise by its credit code, as registered. (Loaded when first used: the registry's service
 * declares its writes with this key, so a static import would be a cycle.)
 */
export const enterpriseKey: ImportKey = {
  field: "uscc",
  find: async (db, uscc) => (await import("../registry/enterprises.js")).findEnterprise(db, { uscc })
}

/** A fund's live ledger entries of one kind: not reversed by another entry. */
const liveEntries = (db: Parameters<ImportRef["find"]>[0], fund: string, kind: string) =>
  db
    .selectFrom("fund_entries as e")
    .innerJoin("funds as f", "f.id", "e.fund_id")
    .select(["e.id", "e.on_date"])
    .where("f.code", "=", fund)
    .where("e.kind", "=", kind)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("fund_entries as r").select("r.id").whereRef("r.reverses_id", "=", "e.id")))
    )

/** A fund's live commitment by its LP's name (出资人): a call's `commitment`. */
export const commitmentRef: ImportRef = {
  field: "commitment",
  by: [
    { key: "fund", type: "text" },
    { key: "lpName", type: "text" }
  ],
  find: async (db, { fund = "", lpName = "" }) => {
    const rows = await liveEntries(db, fund, "commitment").where("e.lp_name", "=", lpName).limit(10).execute()
    const [row] = rows
    if (row === undefined)
      return {
        problem: {
          zh: `基金${quoted(fund)}没有出资人为${quoted(lpName)}的有效认缴`,
          en: `fund ${fund} has no live commitment of ${lpName}`
        }
      }
    if (rows.length > 1)
      return {
        problem: {
          zh: `基金${quoted(fund)}中出资人${quoted(lpName)}有 ${rows.length} 笔认缴：请填写认缴记录编号`,
          en: `fund ${fund} has ${rows.length} commitments of ${lpName}: give the commitment's id`
        }
      }
    return { id: toInt(row.id) }
  }
}

/** A fund's live investment in an enterprise (its credit code): a valuation's or an exit's `investment`. */
export const investmentRef: ImportRef = {
  field: "investment",
  by: [
    { key: "fund", type: "text" },
    { key: "enterprise", type: "text" }
  ],
  find: async (db, { fund = "", enterprise = "" }) => {
    const rows = await liveEntries(db, fund, "investment")
      .innerJoin("enterprises as n", "n.id", "e.enterprise_id")
      .where("n.uscc", "=", enterprise)
      .limit(10)
      .execute()
    const [row] = rows
    if (row === undefined)
      return {
        problem: {
          zh: `基金${quoted(fund)}没有对企业${quoted(enterprise)}的有效投资`,
          en: `fund ${fund} has no live investment in ${enterprise}`
        }
      }
    if (rows.length > 1)
      return {
        problem: {
          zh: `基金${quoted(fund)}对企业${quoted(enterprise)}有 ${rows.length} 笔投资（${rows.map((r) => r.on_date).join("、")}）：请填写投资编号`,
          en: `fund ${fund} has ${rows.length} investments in ${enterprise} (${rows.map((r) => r.on_date).join(", ")}): give the investment's id`
        }
      }
    return { id: toInt(row.id) }
  }
}

/** An institution of a kind by its name (名称), or its credit code: a bank's, an insurer's id. */
export const institutionRef = (field: string, kind: "bank" | "insurer" | "fund-manager"): ImportRef => ({
  field,
  by: [{ key: `${field}Name`, type: "text" }],
  find: async (db, values) => {
    const name = values[`${field}Name`] ?? ""
    const row = await db
      .selectFrom("institutions")
      .select("id")
      .where("kind", "=", kind)
      .where((eb) => eb.or([eb("name", "=", name), eb("uscc", "=", name.toUpperCase())]))
      .executeTakeFirst()
    return row === undefined
      ? {
          problem: {
            zh: `登记的机构中没有名为${quoted(name)}的${{ bank: "银行", insurer: "保险机构", "fund-manager": "基金管理人" }[kind]}`,
            en: `no ${kind} named ${name} is registered`
          }
        }
      : { id: toInt(row.id) }
  },
  suggestions: async (db) =>
    (
      await db
        .selectFrom("institutions")
        .select("name")
        .where("kind", "=", kind)
        .orderBy("name")
        .limit(500)
        .execute()
    ).map((r) => r.name)
})
