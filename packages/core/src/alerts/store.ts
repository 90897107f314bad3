import { type Generated, type Kysely, sql } from "kysely"
import { live } from "../linkage/live.js"
import { eventSums } from "../linkage/loan-events/store.js"
import { findPools } from "../linkage/store.js"
import { liveDisposal, liveLoan, liveLoanEvent } from "../pledges/live.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"

// The table of this module (migration 0023), added to the store's `DB` where it is declared.
type Int = number | bigint | string

/** An alert a webhook was sent: each key once (`alerts.markSent`, a journaled write). */
export interface AlertDeliveriesTable {
  id: Generated<Int>
  alert_key: string
  kind: string
  /** When the journal entry was written (ISO time, UTC). */
  sent_on: string
  journal_id: Int
}

declare module "../store/schema.js" {
  interface DB {
    alert_deliveries: AlertDeliveriesTable
  }
}

/** A live pledge loan that is in default, or past maturity with a balance, as of a day. */
export interface LoanRow {
  readonly loanId: number
  readonly pledgeId: number
  readonly registrationNo: string
  readonly pledgor: string
  readonly bank: string
  readonly amountFen: bigint
  readonly repaidFen: bigint
  readonly maturesOn: string
  /** The live default dated on or before the day, if any. */
  readonly defaultedOn: string | null
}

/**
 * Live pledge loans drawn by `asOf` and not disposed of by then, that are in live default by `asOf` or
 * past their maturity (`matures_on < asOf`); with what was repaid by `asOf` (live repayments).
 */
export const troubledPledgeLoans = async (db: Kysely<DB>, asOf: string): Promise<ReadonlyArray<LoanRow>> => {
  const rows = await sql<{
    id: Int
    pledge_id: Int
    registration_no: string
    pledgor_name: string
    bank_name: string
    amount_fen: Int
    matures_on: string
    defaulted_on: string | null
    repaid_fen: Int | null
  }>`
    select l.id, l.pledge_id, p.registration_no, p.pledgor_name, l.bank_name, l.amount_fen, l.matures_on,
      (select min(d.on_date) from pledge_loan_events d
        where d.loan_id = l.id and d.kind = 'default' and d.on_date <= ${asOf} and ${liveLoanEvent("d.id")}
      ) as defaulted_on,
      (select sum(r.amount_fen) from pledge_loan_events r
        where r.loan_id = l.id and r.kind = 'repayment' and r.on_date <= ${asOf} and ${liveLoanEvent("r.id")}
      ) as repaid_fen
    from pledge_loans l inner join pledges p on p.id = l.pledge_id
    where l.disbursed_on <= ${asOf} and ${liveLoan("l")}
      and not exists (
        select 1 from pledge_loan_disposals x where x.loan_id = l.id and x.on_date <= ${asOf}
          and ${liveDisposal("x.id")}
      )
      and (l.matures_on < ${asOf} or exists (
        select 1 from pledge_loan_events d where d.loan_id = l.id and d.kind = 'default'
          and d.on_date <= ${asOf} and ${liveLoanEvent("d.id")}
      ))
    order by l.matures_on, l.id`.execute(db)
  return rows.rows.map((r) => ({
    loanId: toInt(r.id),
    pledgeId: toInt(r.pledge_id),
    registrationNo: r.registration_no,
    pledgor: r.pledgor_name,
    bank: r.bank_name,
    amountFen: toBigInt(r.amount_fen),
    repaidFen: r.repaid_fen === null ? 0n : toBigInt(r.repaid_fen),
    maturesOn: r.matures_on,
    defaultedOn: r.defaulted_on
  }))
}

/** A live linkage loan (投贷联动, 科创指数贷) past its maturity, with the funds it concerns. */
export interface LinkageLoanRow {
  readonly loanId: number
  readonly pilot: string
  readonly enterprise: string
  readonly bank: string
  readonly amountFen: bigint
  readonly maturesOn: string
  readonly funds: ReadonlyArray<string>
  /** Principal repaid by the live repayments dated on or before the day (linkage/loan-events). */
  readonly repaidFen: bigint
  /** The live default dated on or before the day, if any. */
  readonly defaultedOn: string | null
}

/**
 * Live linkage loans drawn by `asOf` with a balance then (live repayments dated by `asOf` less than the
 * amount), past their maturity (`matures_on < asOf`) or in live default by `asOf` (linkage/loan-events). A
 * loan of a fund's investment (投贷联动) concerns that fund, and the fund that holds its warrant.
 */
export const maturedLinkageLoans = async (
  db: Kysely<DB>,
  asOf: string
): Promise<ReadonlyArray<LinkageLoanRow>> => {
  const rows = await db
    .selectFrom("linkage_loans as l")
    .innerJoin("enterprises as e", "e.id", "l.enterprise_id")
    .innerJoin("institutions as b", "b.id", "l.bank_id")
    .leftJoin("fund_entries as i", "i.id", "l.investment_id")
    .leftJoin("funds as f", "f.id", "i.fund_id")
    .leftJoin("funds as w", "w.id", "l.warrant_holder_fund_id")
    .select([
      "l.id",
      "l.pilot",
      "e.name as enterprise",
      "b.name as bank",
      "l.amount_fen",
      "l.matures_on",
      "f.code as fund",
      "w.code as warrant_fund"
    ])
    .where("l.disbursed_on", "<=", asOf)
    .where((eb) =>
      eb.or([
        eb("l.matures_on", "<", asOf),
        eb.exists(
          eb
            .selectFrom("linkage_loan_events as d")
            .select("d.id")
            .whereRef("d.loan_id", "=", "l.id")
            .where("d.kind", "=", "default")
            .where("d.on_date", "<=", asOf)
            .where(live("loan-event", "d.id"))
        )
      ])
    )
    .where(live("loan", "l.id"))
    .orderBy("l.matures_on")
    .orderBy("l.id")
    .execute()
  const sums = await eventSums(
    db,
    rows.map((r) => toInt(r.id)),
    asOf
  )
  return rows.flatMap((r) => {
    const loanId = toInt(r.id)
    const events = sums.get(loanId)
    const amountFen = toBigInt(r.amount_fen)
    const repaidFen = events?.repaidFen ?? 0n
    // Repaid in full by the day: nothing is overdue or in default.
    if (repaidFen >= amountFen) return []
    return [
      {
        loanId,
        pilot: r.pilot,
        enterprise: r.enterprise,
        bank: r.bank,
        amountFen,
        maturesOn: r.matures_on,
        funds: [...new Set([r.fund, r.warrant_fund].filter((c): c is string => c !== null))],
        repaidFen,
        defaultedOn: events?.defaultedOn ?? null
      }
    ]
  })
}

/** Every live pool with its live deposits and balance (all dates). */
export const livePools = (db: Kysely<DB>) => findPools(db, { includeReversed: false })

/** The keys among `keys` a webhook was sent already. */
export const sentKeys = async (db: Kysely<DB>, keys: ReadonlyArray<string>): Promise<ReadonlySet<string>> => {
  const sent = new Set<string>()
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500)
    const rows = await db
      .selectFrom("alert_deliveries")
      .select("alert_key")
      .where("alert_key", "in", chunk)
      .execute()
    for (const r of rows) sent.add(r.alert_key)
  }
  return sent
}

/** Records `keys` as sent (those not recorded yet); the number recorded. */
export const insertDeliveries = async (
  db: Kysely<DB>,
  rows: ReadonlyArray<{ readonly key: string; readonly kind: string }>,
  sentOn: string,
  journalSeq: number
): Promise<number> => {
  const already = await sentKeys(
    db,
    rows.map((r) => r.key)
  )
  const fresh = rows.filter((r, i) => !already.has(r.key) && rows.findIndex((o) => o.key === r.key) === i)
  for (let i = 0; i < fresh.length; i += 200) {
    await db
      .insertInto("alert_deliveries")
      .values(
        fresh
          .slice(i, i + 200)
          .map((r) => ({ alert_key: r.key, kind: r.kind, sent_on: sentOn, journal_id: journalSeq }))
      )
      .execute()
  }
  return fresh.length
}
