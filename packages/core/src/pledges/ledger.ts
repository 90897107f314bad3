import type { Kysely } from "kysely"
import { findDisposals, loanCopy } from "../loans/store.js"
import { formatYuan, fromFen, Yuan } from "../money/index.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import { bulkInsert } from "../store/unnest.js"
import { aroundLoans, insertingLoans } from "./aggregates.js"
import type {
  DebtTerm,
  Pledge,
  PledgeEvent,
  PledgeEventKind,
  PledgeLoan,
  PledgeLoanEvent,
  PledgeLoanEventKind,
  PledgeStatus
} from "./schema.js"

/**
 * Kysely queries for a registration's events and loans, and the state derived from them. Plain
 * promises: the services wrap them in Effect. Every list is oldest first (date, then id).
 */

const termOf = (start: string | null, end: string | null): DebtTerm | null =>
  start === null || end === null ? null : { start, end }

export const findEvents = async (
  db: Kysely<DB>,
  where: { readonly pledgeId?: number; readonly pledgeIds?: ReadonlyArray<number>; readonly id?: number }
): Promise<ReadonlyArray<PledgeEvent>> => {
  let query = db.selectFrom("pledge_events").selectAll()
  if (where.pledgeId !== undefined) query = query.where("pledge_id", "=", where.pledgeId)
  if (where.pledgeIds !== undefined)
    query = query.where("pledge_id", "in", where.pledgeIds.length === 0 ? [-1] : [...where.pledgeIds])
  if (where.id !== undefined) query = query.where("id", "=", where.id)
  const rows = await query.orderBy("on_date").orderBy("id").execute()
  const pledgeIds = [...new Set(rows.map((r) => toInt(r.pledge_id)))]
  // Reversals of these events may sit in rows not selected (a lookup by id): ask for them.
  const reversedIds = new Set<number>()
  if (rows.length > 0) {
    const reversals = await db
      .selectFrom("pledge_events")
      .select("reverses_id")
      .where("pledge_id", "in", pledgeIds)
      .where("kind", "=", "reversal")
      .execute()
    for (const r of reversals) if (r.reverses_id !== null) reversedIds.add(toInt(r.reverses_id))
  }
  return rows.map((r): PledgeEvent => {
    const id = toInt(r.id)
    const before = termOf(r.debt_start_before, r.debt_end_before)
    const after = termOf(r.debt_start_after, r.debt_end_after)
    return {
      id,
      pledgeId: toInt(r.pledge_id),
      kind: r.kind as PledgeEventKind,
      on: r.on_date,
      amount:
        r.amount_before_fen === null || r.amount_after_fen === null
          ? null
          : { before: fromFen(toBigInt(r.amount_before_fen)), after: fromFen(toBigInt(r.amount_after_fen)) },
      debtTerm: after === null ? null : { before, after },
      reverses: r.reverses_id === null ? null : toInt(r.reverses_id),
      reversed: reversedIds.has(id),
      note: r.note,
      journalSeq: toInt(r.journal_id)
    }
  })
}

export interface RegistrationState {
  readonly status: PledgeStatus
  readonly statusOn: string
  readonly securedAmount: Yuan
  readonly debtTerm: DebtTerm | null
  /** The release or cancellation, if any. */
  readonly ended: PledgeEvent | undefined
  /** The latest live event (not a reversal), if any: new events may not be dated before it. */
  readonly last: PledgeEvent | undefined
}

/** The status and current terms from the live events; reversals and reversed events count for nothing. */
export const deriveState = (pledge: Pledge, events: ReadonlyArray<PledgeEvent>): RegistrationState => {
  const live = events.filter((e) => e.kind !== "reversal" && !e.reversed)
  let securedAmount: Yuan = pledge.amount
  let debtTerm: DebtTerm | null = pledge.debtTerm ?? null
  let status: PledgeStatus = "registered"
  let statusOn = pledge.registeredOn
  let ended: PledgeEvent | undefined
  for (const event of live) {
    statusOn = event.on
    if (event.kind === "change") {
      status = "changed"
      if (event.amount !== null) securedAmount = event.amount.after
      if (event.debtTerm !== null) debtTerm = event.debtTerm.after
    } else {
      status = event.kind === "release" ? "released" : "cancelled"
      ended = event
    }
  }
  return { status, statusOn, securedAmount, debtTerm, ended, last: live[live.length - 1] }
}

/** `25,000,000.00 yuan`: amounts in messages, exact to the fen. */
export const yuanText = (amount: Yuan | bigint) =>
  `${formatYuan(typeof amount === "bigint" ? amount : new Yuan(amount))} yuan`

/**
 * A registration refuses events and loans once reversed or ended: which (`state`) and when (`on`, "" for a
 * reversal), the parameters of the catalogue's `registration-closed-events` / `registration-closed-loans`.
 */
export const closedReason = (
  pledge: Pledge,
  state: RegistrationState
): { readonly registrationNo: string; readonly state: string; readonly on: string } | undefined => {
  if (pledge.reversed) return { registrationNo: pledge.registrationNo, state: "reversed", on: "" }
  if (state.ended !== undefined) {
    const what = state.ended.kind === "release" ? "released" : "cancelled"
    return { registrationNo: pledge.registrationNo, state: what, on: state.ended.on }
  }
  return undefined
}

export const insertEvent = async (
  db: Kysely<DB>,
  row: {
    readonly pledgeId: number
    readonly kind: PledgeEventKind
    readonly on: string
    readonly amountBefore?: bigint
    readonly amountAfter?: bigint
    readonly termBefore?: DebtTerm | null
    readonly termAfter?: DebtTerm
    readonly reverses?: number
    readonly note?: string | undefined
    readonly journalSeq: number
  }
): Promise<number> => {
  const inserted = await db
    .insertInto("pledge_events")
    .values({
      pledge_id: row.pledgeId,
      kind: row.kind,
      on_date: row.on,
      amount_before_fen: row.amountBefore ?? null,
      amount_after_fen: row.amountAfter ?? null,
      debt_start_before: row.termBefore?.start ?? null,
      debt_end_before: row.termBefore?.end ?? null,
      debt_start_after: row.termAfter?.start ?? null,
      debt_end_after: row.termAfter?.end ?? null,
      reverses_id: row.reverses ?? null,
      note: row.note ?? null,
      journal_id: row.journalSeq
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  return toInt(inserted.id)
}

// ---------------------------------------------------------------------------------------------------------
// Loans
// ---------------------------------------------------------------------------------------------------------

/** Loans with their events, by registration(s) or by id; `reversed` covers a reversed registration too. */
export const findLoans = async (
  db: Kysely<DB>,
  where: { readonly pledgeId?: number; readonly pledgeIds?: ReadonlyArray<number>; readonly id?: number }
): Promise<ReadonlyArray<PledgeLoan>> => {
  let query = db
    .selectFrom("pledge_loans as l")
    .innerJoin("pledges as p", "p.id", "l.pledge_id")
    .leftJoin("pledge_loan_reversals as lr", "lr.loan_id", "l.id")
    .leftJoin("pledge_reversals as pr", "pr.pledge_id", "l.pledge_id")
    .select([
      "l.id",
      "l.pledge_id",
      "p.registration_no",
      "l.bank_name",
      "l.amount_fen",
      "l.rate",
      "l.disbursed_on",
      "l.matures_on",
      "l.journal_id",
      "lr.loan_id as loan_reversed",
      "pr.pledge_id as pledge_reversed"
    ])
  if (where.pledgeId !== undefined) query = query.where("l.pledge_id", "=", where.pledgeId)
  if (where.pledgeIds !== undefined)
    query = query.where("l.pledge_id", "in", where.pledgeIds.length === 0 ? [-1] : [...where.pledgeIds])
  if (where.id !== undefined) query = query.where("l.id", "=", where.id)
  const rows = await query.orderBy("l.disbursed_on").orderBy("l.id").execute()
  if (rows.length === 0) return []
  const eventRows = await db
    .selectFrom("pledge_loan_events")
    .selectAll()
    .where(
      "loan_id",
      "in",
      rows.map((r) => r.id)
    )
    .orderBy("on_date")
    .orderBy("id")
    .execute()
  const reversedEvents = new Set(
    eventRows.filter((e) => e.reverses_id !== null).map((e) => toInt(e.reverses_id))
  )
  const byLoan = new Map<number, Array<PledgeLoanEvent>>()
  for (const e of eventRows) {
    const id = toInt(e.id)
    const loanId = toInt(e.loan_id)
    byLoan.set(loanId, [
      ...(byLoan.get(loanId) ?? []),
      {
        id,
        loanId,
        kind: e.kind as PledgeLoanEventKind,
        on: e.on_date,
        amount: e.amount_fen === null ? null : fromFen(toBigInt(e.amount_fen)),
        reverses: e.reverses_id === null ? null : toInt(e.reverses_id),
        reversed: reversedEvents.has(id),
        note: e.note,
        journalSeq: toInt(e.journal_id)
      }
    ])
  }
  const disposals = await findDisposals(
    db,
    rows.map((r) => toInt(r.id))
  )
  return rows.map((r): PledgeLoan => {
    const id = toInt(r.id)
    const events = byLoan.get(id) ?? []
    const disposalsOf = disposals.get(id) ?? []
    const disposal = disposalsOf.find((d) => !d.reversed) ?? null
    const live = events.filter((e) => !e.reversed && e.kind !== "reversal")
    const amount = fromFen(toBigInt(r.amount_fen))
    const repaid = live
      .filter((e) => e.kind === "repayment")
      .reduce((sum, e) => sum.plus(e.amount ?? 0), new Yuan(0))
    return {
      id,
      pledgeId: toInt(r.pledge_id),
      registrationNo: r.registration_no,
      bank: r.bank_name,
      amount,
      rate: r.rate,
      disbursedOn: r.disbursed_on,
      maturesOn: r.matures_on,
      repaid,
      // A disposal settles what was outstanding on its day (recovered + written off).
      outstanding: disposal === null ? amount.minus(repaid) : new Yuan(0),
      defaultedOn: live.find((e) => e.kind === "default")?.on ?? null,
      reversed: r.loan_reversed !== null || r.pledge_reversed !== null,
      events,
      disposal,
      disposals: disposalsOf,
      journalSeq: toInt(r.journal_id)
    }
  })
}

/** The registration's columns a loan and its events copy, so figures group them without a join. */
export const loanGrouping = async (db: Kysely<DB>, pledgeId: number) =>
  db
    .selectFrom("pledges")
    .select(["pledgor_district", "pledgor_size", "amount_fen", "pledgee_name", "pledgee_kind"])
    .where("id", "=", pledgeId)
    .executeTakeFirst()

/** A loan row as written: the registration's grouping columns copied (district, size, registered amount). */
export interface LoanRow {
  readonly pledgeId: number
  readonly bank: string
  readonly amountFen: bigint
  readonly rate: string
  readonly disbursedOn: string
  readonly maturesOn: string
  readonly district: string
  readonly size: string | null
  readonly pledgeAmountFen: bigint
  readonly journalSeq: number
}

/** Inserts loans (many rows a statement); their ids in order. */
export const insertLoans = async (
  db: Kysely<DB>,
  rows: ReadonlyArray<LoanRow>
): Promise<ReadonlyArray<number>> =>
  // The figures' aggregates take the new loans, and their registrations' 普惠 side (pledges/aggregates.ts).
  insertingLoans(
    db,
    rows.map((r) => ({ pledgeId: r.pledgeId, amountFen: r.amountFen, registeredFen: r.pledgeAmountFen })),
    () =>
      // Many rows a statement (store/unnest.ts): arrays on PostgreSQL, a VALUES list of a fixed text on SQLite.
      bulkInsert(
        db,
        "pledge_loans",
        [
          ["pledge_id", "bigint"],
          ["bank_name", "text"],
          ["amount_fen", "bigint"],
          ["rate", "text"],
          ["disbursed_on", "text"],
          ["matures_on", "text"],
          ["pledgor_district", "text"],
          ["pledgor_size", "text"],
          ["pledge_amount_fen", "bigint"],
          ["journal_id", "bigint"]
        ],
        rows.map((row) => [
          row.pledgeId,
          row.bank,
          row.amountFen,
          row.rate,
          row.disbursedOn,
          row.maturesOn,
          row.district,
          row.size,
          row.pledgeAmountFen,
          row.journalSeq
        ]),
        { returning: "id" }
      )
  )

export const insertLoan = async (db: Kysely<DB>, row: LoanRow): Promise<number> =>
  (await insertLoans(db, [row]))[0]!

/** A loan event copies the loan's grouping columns (district, bank, size, registered amount). */
export const insertLoanEvent = async (
  db: Kysely<DB>,
  row: {
    readonly loanId: number
    readonly kind: PledgeLoanEventKind
    readonly on: string
    readonly amountFen?: bigint
    readonly reverses?: number
    readonly note?: string | undefined
    readonly journalSeq: number
  }
): Promise<number> =>
  // The figures' aggregates follow the loan's live repayments (pledges/aggregates.ts).
  aroundLoans(db, [row.loanId], () => insertLoanEventRow(db, row))

const insertLoanEventRow = async (
  db: Kysely<DB>,
  row: Parameters<typeof insertLoanEvent>[1]
): Promise<number> => {
  const inserted = await db
    .insertInto("pledge_loan_events")
    .values({
      ...(await loanCopy(db, row.loanId)),
      kind: row.kind,
      on_date: row.on,
      amount_fen: row.amountFen ?? null,
      reverses_id: row.reverses ?? null,
      note: row.note ?? null,
      journal_id: row.journalSeq
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  return toInt(inserted.id)
}

export const findLoanEventRow = async (db: Kysely<DB>, id: number) =>
  db.selectFrom("pledge_loan_events").selectAll().where("id", "=", id).executeTakeFirst()
