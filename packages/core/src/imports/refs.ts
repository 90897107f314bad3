import { live } from "../linkage/live.js"
import type { ImportKey, ImportRef, Label } from "../operations/operation.js"
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

/** The one row found, else the problem of none or of several (name it more closely). */
const theOne = <R extends { readonly id: unknown }>(
  rows: ReadonlyArray<R>,
  none: Label,
  several: (rows: ReadonlyArray<R>) => Label
): { readonly id: number } | { readonly problem: Label } => {
  const [row] = rows
  if (row === undefined) return { problem: none }
  if (rows.length > 1) return { problem: several(rows) }
  return { id: toInt(row.id as number) }
}

/**
 * A fund's live investment in an enterprise, by the fund's code (column `fund`) and the enterprise's credit
 * code (column `enterprise`, often the input's own field): a valuation's or an exit's `investment`, a
 * co-investment's `lead` and `follow`, a linkage loan's or policy's `investment`.
 */
export const fundInvestmentRef = (field: string, keys: { fund: string; enterprise: string }): ImportRef => ({
  field,
  by: [
    { key: keys.fund, type: "text" },
    { key: keys.enterprise, type: "text" }
  ],
  find: async (db, values) => {
    const fund = values[keys.fund] ?? ""
    const enterprise = values[keys.enterprise] ?? ""
    const rows = await liveEntries(db, fund, "investment")
      .innerJoin("enterprises as n", "n.id", "e.enterprise_id")
      .where("n.uscc", "=", enterprise)
      .limit(10)
      .execute()
    return theOne(
      rows,
      {
        zh: `基金${quoted(fund)}没有对企业${quoted(enterprise)}的有效投资`,
        en: `fund ${fund} has no live investment in ${enterprise}`
      },
      (found) => ({
        zh: `基金${quoted(fund)}对企业${quoted(enterprise)}有 ${found.length} 笔投资（${found.map((r) => r.on_date).join("、")}）：请填写投资编号`,
        en: `fund ${fund} has ${found.length} investments in ${enterprise} (${found.map((r) => r.on_date).join(", ")}): give the investment's id`
      })
    )
  }
})

/** A valuation's or an exit's `investment`: the fund's (`fund`) investment in `enterprise`. */
export const investmentRef = fundInvestmentRef("investment", { fund: "fund", enterprise: "enterprise" })

/** A live 科创指数贷 score of the loan's enterprise (its `enterprise`) by its date: an index loan's `score`. */
export const scoreRef: ImportRef = {
  field: "score",
  by: [
    { key: "scoredOn", type: "date" },
    { key: "enterprise", type: "text" }
  ],
  find: async (db, { scoredOn = "", enterprise = "" }) => {
    const rows = await db
      .selectFrom("linkage_scores as s")
      .innerJoin("enterprises as n", "n.id", "s.enterprise_id")
      .select(["s.id", "s.model_version"])
      .where("n.uscc", "=", enterprise)
      .where("s.scored_on", "=", scoredOn)
      .where(live("score", "s.id"))
      .limit(10)
      .execute()
    return theOne(
      rows,
      {
        zh: `企业${quoted(enterprise)}没有评分日期为 ${scoredOn} 的有效评分`,
        en: `enterprise ${enterprise} has no live score dated ${scoredOn}`
      },
      (found) => ({
        zh: `企业${quoted(enterprise)}在 ${scoredOn} 有 ${found.length} 个评分（模型 ${found.map((r) => r.model_version).join("、")}）：请填写评分编号`,
        en: `enterprise ${enterprise} has ${found.length} scores on ${scoredOn} (models ${found.map((r) => r.model_version).join(", ")}): give the score's id`
      })
    )
  }
}

/** A live 科技成果转化保险 policy by its number (保单号): a transfer claim's `policy`. */
export const policyRef: ImportRef = {
  field: "policy",
  by: [{ key: "policyNo", type: "text" }],
  find: async (db, { policyNo = "" }) => {
    const rows = await db
      .selectFrom("linkage_policies as p")
      .select("p.id")
      .where("p.pilot", "=", "transfer-insurance")
      .where("p.policy_no", "=", policyNo)
      .where(live("policy", "p.id"))
      .limit(10)
      .execute()
    return theOne(
      rows,
      {
        zh: `没有保单号为${quoted(policyNo)}的有效成果转化保险保单`,
        en: `no live transfer-insurance policy has the number ${policyNo}`
      },
      (found) => ({
        zh: `保单号${quoted(policyNo)}对应 ${found.length} 张有效保单：请填写保单编号`,
        en: `${found.length} live policies have the number ${policyNo}: give the policy's id`
      })
    )
  }
}

/**
 * A live linkage loan by its enterprise and disbursement date, as `field` `loan`: of any pilot, or only a
 * 投贷联动 warrant loan (`warrants`); `what` names such loans in the sheet's messages.
 */
const linkageLoanRefOf = (
  what: { readonly zh: string; readonly en: string },
  warrants: boolean
): ImportRef => ({
  field: "loan",
  by: [
    { key: "enterprise", type: "text" },
    { key: "disbursedOn", type: "date" }
  ],
  find: async (db, { enterprise = "", disbursedOn }) => {
    let query = db
      .selectFrom("linkage_loans as l")
      .innerJoin("enterprises as n", "n.id", "l.enterprise_id")
      .select(["l.id", "l.disbursed_on"])
      .where("n.uscc", "=", enterprise)
      .where(live("loan", "l.id"))
      .orderBy("l.id")
    if (warrants)
      query = query.where("l.pilot", "=", "investment-loan").where("l.warrant_holder", "is not", null)
    if (disbursedOn !== undefined) query = query.where("l.disbursed_on", "=", disbursedOn)
    return theOne(
      await query.limit(10).execute(),
      {
        zh: `企业${quoted(enterprise)}没有${disbursedOn === undefined ? "" : `放款日期为 ${disbursedOn} 的`}有效${what.zh}`,
        en: `enterprise ${enterprise} has no live ${what.en}${disbursedOn === undefined ? "" : ` disbursed on ${disbursedOn}`}`
      },
      (found) => ({
        zh: `企业${quoted(enterprise)}有 ${found.length} 笔${what.zh}（放款日期 ${found.map((r) => r.disbursed_on).join("、")}）：请填写放款日期或贷款编号`,
        en: `enterprise ${enterprise} has ${found.length} ${what.en}s (disbursed ${found.map((r) => r.disbursed_on).join(", ")}): give the disbursement date or the loan id`
      })
    )
  }
})

/** A live 投贷联动 warrant loan by its enterprise and disbursement date: a warrant event's `loan`. */
export const warrantLoanRef: ImportRef = linkageLoanRefOf({ zh: "认股权贷款", en: "warrant loan" }, true)

/** A live linkage loan (投贷联动 or 科创指数贷) by its enterprise and disbursement date: a repayment's or default's `loan`. */
export const linkageLoanRef: ImportRef = linkageLoanRefOf({ zh: "联动贷款", en: "linkage loan" }, false)

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
