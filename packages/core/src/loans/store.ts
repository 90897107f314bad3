import type { Generated, Kysely } from "kysely"
import { fromFen } from "../money/index.js"
import { aroundLoans } from "../pledges/aggregates.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import type { DisposalMethod, PledgeLoanDisposal } from "./schema.js"

// The tables of this module (migration 0011), added to the store's `DB` where they are declared.
type Int = number | bigint | string

/** 处置 of defaulted pledge loans; grouping columns copied from the loan so figures group them unjoined. */
export interface PledgeLoanDisposalsTable {
  id: Generated<Int>
  loan_id: Int
  pledge_id: Int
  on_date: string
  method: string
  recovered_fen: Int
  written_off_fen: Int
  note: string | null
  pledgor_district: string
  bank_name: string
  pledgor_size: string | null
  pledge_amount_fen: Int
  journal_id: Int
}

/** A disposal recorded in error: the loan is back in default with its balance. */
export interface PledgeLoanDisposalReversalsTable {
  disposal_id: Int
  reason: string
  journal_id: Int
}

declare module "../store/schema.js" {
  interface DB {
    pledge_loan_disposals: PledgeLoanDisposalsTable
    pledge_loan_disposal_reversals: PledgeLoanDisposalReversalsTable
  }
}

/**
 * What a row about loan `loanId` copies of it (its registration, district, bank, size and registered
 * amount), so the figures group and filter such rows from their own indexes, without a join.
 */
export const loanCopy = async (db: Kysely<DB>, loanId: number) => {
  const loan = await db
    .selectFrom("pledge_loans")
    .select(["pledge_id", "pledgor_district", "bank_name", "pledgor_size", "pledge_amount_fen"])
    .where("id", "=", loanId)
    .executeTakeFirstOrThrow()
  return { loan_id: loanId, ...loan }
}

/** The disposals of `loanIds` by loan, oldest first, reversed ones marked. */
export const findDisposals = async (
  db: Kysely<DB>,
  loanIds: ReadonlyArray<number>
): Promise<ReadonlyMap<number, ReadonlyArray<PledgeLoanDisposal>>> => {
  const byLoan = new Map<number, Array<PledgeLoanDisposal>>()
  if (loanIds.length === 0) return byLoan
  const rows = await db
    .selectFrom("pledge_loan_disposals as d")
    .leftJoin("pledge_loan_disposal_reversals as r", "r.disposal_id", "d.id")
    .selectAll("d")
    .select("r.disposal_id as reversed_id")
    .where("d.loan_id", "in", loanIds)
    .orderBy("d.on_date")
    .orderBy("d.id")
    .execute()
  for (const r of rows) {
    const loanId = toInt(r.loan_id)
    const disposal: PledgeLoanDisposal = {
      id: toInt(r.id),
      loanId,
      on: r.on_date,
      method: r.method as DisposalMethod,
      recovered: fromFen(toBigInt(r.recovered_fen)),
      writtenOff: fromFen(toBigInt(r.written_off_fen)),
      note: r.note,
      reversed: r.reversed_id !== null,
      journalSeq: toInt(r.journal_id)
    }
    byLoan.set(loanId, [...(byLoan.get(loanId) ?? []), disposal])
  }
  return byLoan
}

export const findDisposalRow = async (db: Kysely<DB>, id: number) =>
  db
    .selectFrom("pledge_loan_disposals as d")
    .leftJoin("pledge_loan_disposal_reversals as r", "r.disposal_id", "d.id")
    .select(["d.id", "d.loan_id", "r.disposal_id as reversed_id"])
    .where("d.id", "=", id)
    .executeTakeFirst()

export const insertDisposal = async (
  db: Kysely<DB>,
  row: {
    readonly loanId: number
    readonly on: string
    readonly method: DisposalMethod
    readonly recoveredFen: bigint
    readonly writtenOffFen: bigint
    readonly note: string | undefined
    readonly journalSeq: number
  }
): Promise<number> =>
  // The figures' aggregates follow the loan's live disposals (pledges/aggregates.ts).
  aroundLoans(db, [row.loanId], () => insertDisposalRow(db, row))

const insertDisposalRow = async (
  db: Kysely<DB>,
  row: Parameters<typeof insertDisposal>[1]
): Promise<number> => {
  const inserted = await db
    .insertInto("pledge_loan_disposals")
    .values({
      ...(await loanCopy(db, row.loanId)),
      on_date: row.on,
      method: row.method,
      recovered_fen: row.recoveredFen,
      written_off_fen: row.writtenOffFen,
      note: row.note ?? null,
      journal_id: row.journalSeq
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  return toInt(inserted.id)
}
