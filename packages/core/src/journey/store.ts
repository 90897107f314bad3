import type { Kysely } from "kysely"
import { fromFen, type Yuan } from "../money/index.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"

/**
 * Kysely queries for one enterprise's journey: its fund-ledger entries and its pledge registrations with
 * their events, loans and loan events. Each reads by the enterprise (its id, or the pledgor's credit code
 * through the `pledges_pledgor_uscc` index), never one registration at a time. Plain promises: the journey
 * wraps them in Effect. Reversal rows are returned too: they mark what they take out.
 */

/** An integer column as the drivers return it. */
type Int = number | bigint | string

export interface EquityRow {
  readonly id: number
  readonly kind: "investment" | "valuation" | "exit"
  readonly on: string
  readonly amount: Yuan
  readonly fundCode: string
  readonly fundName: string
  readonly round: string | null
  readonly route: string | null
  readonly reversed: boolean
  readonly journalSeq: number
}

const equityQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("fund_entries as e")
    .innerJoin("funds as f", "f.id", "e.fund_id")
    .leftJoin("fund_entries as r", "r.reverses_id", "e.id")
    .select([
      "e.id",
      "e.kind",
      "e.on_date",
      "e.amount_fen",
      "e.round",
      "e.route",
      "e.journal_id",
      "f.code as fund_code",
      "f.name as fund_name",
      "r.id as reversed_by"
    ])

/** The enterprise's investments (by `enterprise_id`), then the valuations and exits of those investments. */
export const equityEntriesOf = async (
  db: Kysely<DB>,
  enterpriseId: number
): Promise<ReadonlyArray<EquityRow>> => {
  const investments = await equityQuery(db)
    .where("e.enterprise_id", "=", enterpriseId)
    .where("e.kind", "=", "investment")
    .execute()
  const followers =
    investments.length === 0
      ? []
      : await equityQuery(db)
          .where(
            "e.investment_id",
            "in",
            investments.map((i) => i.id)
          )
          .where("e.kind", "in", ["valuation", "exit"])
          .execute()
  return [...investments, ...followers].map((r) => ({
    id: toInt(r.id),
    kind: r.kind as EquityRow["kind"],
    on: r.on_date,
    amount: fromFen(toBigInt(r.amount_fen)),
    fundCode: r.fund_code,
    fundName: r.fund_name,
    round: r.round,
    route: r.route,
    reversed: r.reversed_by !== null,
    journalSeq: toInt(r.journal_id)
  }))
}

export interface PledgeRows {
  readonly registrations: ReadonlyArray<{
    readonly id: number
    readonly registrationNo: string
    readonly pledgee: string
    readonly amount: Yuan
    readonly registeredOn: string
    readonly reversed: boolean
    readonly journalSeq: number
  }>
  /** Changes, releases, cancellations and reversals of them. */
  readonly events: ReadonlyArray<{
    readonly id: number
    readonly pledgeId: number
    readonly kind: string
    readonly on: string
    readonly amountAfter: Yuan | null
    readonly termEndAfter: string | null
    readonly reverses: number | null
    readonly journalSeq: number
  }>
  readonly loans: ReadonlyArray<{
    readonly id: number
    readonly pledgeId: number
    readonly bank: string
    readonly amount: Yuan
    readonly disbursedOn: string
    readonly maturesOn: string
    readonly reversed: boolean
    readonly journalSeq: number
  }>
  /** Repayments, defaults and reversals of them. */
  readonly loanEvents: ReadonlyArray<{
    readonly id: number
    readonly loanId: number
    readonly kind: string
    readonly on: string
    readonly amount: Yuan | null
    readonly reverses: number | null
    readonly journalSeq: number
  }>
}

/** Every registration of the pledgor with its events, loans and loan events: four queries in all. */
export const pledgeRowsOf = async (db: Kysely<DB>, pledgorUscc: string): Promise<PledgeRows> => {
  const registrations = await db
    .selectFrom("pledges as p")
    .leftJoin("pledge_reversals as r", "r.pledge_id", "p.id")
    .select([
      "p.id",
      "p.registration_no",
      "p.pledgee_name",
      "p.amount_fen",
      "p.registered_on",
      "p.journal_id",
      "r.pledge_id as reversed_id"
    ])
    .where("p.pledgor_uscc", "=", pledgorUscc)
    .execute()
  if (registrations.length === 0) return { registrations: [], events: [], loans: [], loanEvents: [] }
  const events = await db
    .selectFrom("pledge_events as e")
    .innerJoin("pledges as p", "p.id", "e.pledge_id")
    .select([
      "e.id",
      "e.pledge_id",
      "e.kind",
      "e.on_date",
      "e.amount_after_fen",
      "e.debt_end_after",
      "e.reverses_id",
      "e.journal_id"
    ])
    .where("p.pledgor_uscc", "=", pledgorUscc)
    .orderBy("e.on_date")
    .orderBy("e.id")
    .execute()
  const loans = await db
    .selectFrom("pledge_loans as l")
    .innerJoin("pledges as p", "p.id", "l.pledge_id")
    .leftJoin("pledge_loan_reversals as lr", "lr.loan_id", "l.id")
    .select([
      "l.id",
      "l.pledge_id",
      "l.bank_name",
      "l.amount_fen",
      "l.disbursed_on",
      "l.matures_on",
      "l.journal_id",
      "lr.loan_id as reversed_id"
    ])
    .where("p.pledgor_uscc", "=", pledgorUscc)
    .execute()
  const loanEvents =
    loans.length === 0
      ? []
      : await db
          .selectFrom("pledge_loan_events as e")
          .innerJoin("pledges as p", "p.id", "e.pledge_id")
          .select([
            "e.id",
            "e.loan_id",
            "e.kind",
            "e.on_date",
            "e.amount_fen",
            "e.reverses_id",
            "e.journal_id"
          ])
          .where("p.pledgor_uscc", "=", pledgorUscc)
          .execute()
  const nullableFen = (fen: Int | null) => (fen === null ? null : fromFen(toBigInt(fen)))
  const nullableId = (id: Int | null) => (id === null ? null : toInt(id))
  return {
    registrations: registrations.map((r) => ({
      id: toInt(r.id),
      registrationNo: r.registration_no,
      pledgee: r.pledgee_name,
      amount: fromFen(toBigInt(r.amount_fen)),
      registeredOn: r.registered_on,
      reversed: r.reversed_id !== null,
      journalSeq: toInt(r.journal_id)
    })),
    events: events.map((e) => ({
      id: toInt(e.id),
      pledgeId: toInt(e.pledge_id),
      kind: e.kind,
      on: e.on_date,
      amountAfter: nullableFen(e.amount_after_fen),
      termEndAfter: e.debt_end_after,
      reverses: nullableId(e.reverses_id),
      journalSeq: toInt(e.journal_id)
    })),
    loans: loans.map((l) => ({
      id: toInt(l.id),
      pledgeId: toInt(l.pledge_id),
      bank: l.bank_name,
      amount: fromFen(toBigInt(l.amount_fen)),
      disbursedOn: l.disbursed_on,
      maturesOn: l.matures_on,
      reversed: l.reversed_id !== null,
      journalSeq: toInt(l.journal_id)
    })),
    loanEvents: loanEvents.map((e) => ({
      id: toInt(e.id),
      loanId: toInt(e.loan_id),
      kind: e.kind,
      on: e.on_date,
      amount: nullableFen(e.amount_fen),
      reverses: nullableId(e.reverses_id),
      journalSeq: toInt(e.journal_id)
    }))
  }
}
