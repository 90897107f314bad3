import type { Decimal } from "decimal.js"
import { type Generated, type Kysely, type RawBuilder, type SqlBool, sql } from "kysely"
import { fromFen } from "../../money/index.js"
import { type DB, toBigInt, toInt } from "../../store/schema.js"
import { live, reversedBy } from "../live.js"
import type { LinkageLoan } from "../schema.js"
import type { PageWindow } from "../store.js"
import { type LoanEvent, type LoanEventKind, type LoanStanding, type LoanStatus, statusOf } from "./schema.js"

// The table of the linkage loans' repayments and defaults (migration 0025), added to the store's `DB` here,
// and the reads of a loan's standing: one grouped query for any number of loans, and the same rule as a
// condition of the loans' list (its `status` filter), so the list and the answers cannot disagree.

type Int = number | bigint | string

export interface LinkageLoanEventsTable {
  id: Generated<Int>
  loan_id: Int
  kind: string
  on_date: string
  principal_fen: Int | null
  interest_fen: Int | null
  note: string | null
  journal_id: Int
}

declare module "../../store/schema.js" {
  interface DB {
    linkage_loan_events: LinkageLoanEventsTable
  }
}

export const insertLoanEvent = async (
  db: Kysely<DB>,
  row: {
    readonly loanId: number
    readonly kind: LoanEventKind
    readonly on: string
    readonly principalFen: bigint | null
    readonly interestFen: bigint | null
    readonly note: string | undefined
  },
  journalSeq: number
): Promise<number> => {
  const inserted = await db
    .insertInto("linkage_loan_events")
    .values({
      loan_id: row.loanId,
      kind: row.kind,
      on_date: row.on,
      principal_fen: row.principalFen,
      interest_fen: row.interestFen,
      note: row.note ?? null,
      journal_id: journalSeq
    })
    .returning("id")
    .executeTakeFirstOrThrow()
  return toInt(inserted.id)
}

export interface LoanEventFilter {
  readonly ids?: ReadonlyArray<number> | undefined
  readonly loanId?: number | undefined
  /** Default true. */
  readonly includeReversed?: boolean | undefined
}

const eventsQuery = (db: Kysely<DB>, filter: LoanEventFilter) => {
  let query = db.selectFrom("linkage_loan_events as ev")
  if (filter.ids !== undefined) query = query.where("ev.id", "in", filter.ids.length > 0 ? filter.ids : [-1])
  if (filter.loanId !== undefined) query = query.where("ev.loan_id", "=", filter.loanId)
  if (filter.includeReversed === false) query = query.where(live("loan-event", "ev.id"))
  return query
}

/** A loan's events by date, then id (or one page of them; `after`: the events after that one). */
export const findLoanEvents = async (
  db: Kysely<DB>,
  filter: LoanEventFilter,
  page?: PageWindow
): Promise<ReadonlyArray<LoanEvent>> => {
  let query = eventsQuery(db, filter)
    .selectAll("ev")
    .select(reversedBy("loan-event", "ev.id"))
    .orderBy("ev.on_date")
    .orderBy("ev.id")
  if (page?.after !== undefined) {
    const after = page.after
    const at = db.selectFrom("linkage_loan_events").select("on_date").where("id", "=", after)
    query = query.where((eb) =>
      eb.or([eb("ev.on_date", ">", at), eb.and([eb("ev.on_date", "=", at), eb("ev.id", ">", after)])])
    )
  }
  if (page !== undefined) {
    query = query.limit(page.limit)
    if (page.after === undefined) query = query.offset(page.offset)
  }
  const rows = await query.execute()
  return rows.map((r) => ({
    id: toInt(r.id),
    loan: toInt(r.loan_id),
    kind: r.kind as LoanEventKind,
    on: r.on_date,
    principal: r.principal_fen === null ? null : fromFen(toBigInt(r.principal_fen)),
    interest: r.kind === "repayment" ? fromFen(toBigInt(r.interest_fen)) : null,
    note: r.note,
    journalSeq: toInt(r.journal_id),
    reversedBy: r.reversed_by === null ? null : toInt(r.reversed_by)
  }))
}

export const countLoanEvents = async (db: Kysely<DB>, filter: LoanEventFilter): Promise<number> => {
  const row = await eventsQuery(db, filter).select(sql<Int>`count(*)`.as("n")).executeTakeFirst()
  return toInt(row?.n ?? 0)
}

export const loadLoanEvent = (db: Kysely<DB>, id: number) =>
  findLoanEvents(db, { ids: [id] }).then((rows) => rows[0])

/** What the live events of a loan add up to by a day: principal and interest repaid, the default's date. */
interface Sums {
  readonly repaidFen: bigint
  readonly interestFen: bigint
  readonly defaultedOn: string | null
}

/** The live events' sums of each of `loanIds` (on or before `on`, when given). */
export const eventSums = async (
  db: Kysely<DB>,
  loanIds: ReadonlyArray<number>,
  on?: string
): Promise<ReadonlyMap<number, Sums>> => {
  const sums = new Map<number, Sums>()
  if (loanIds.length === 0) return sums
  let query = db
    .selectFrom("linkage_loan_events as ev")
    .select([
      "ev.loan_id",
      sql<Int | null>`sum(ev.principal_fen)`.as("principal_fen"),
      sql<Int | null>`sum(ev.interest_fen)`.as("interest_fen"),
      sql<string | null>`min(case when ev.kind = 'default' then ev.on_date end)`.as("defaulted_on")
    ])
    .where("ev.loan_id", "in", [...new Set(loanIds)])
    .where(live("loan-event", "ev.id"))
    .groupBy("ev.loan_id")
  if (on !== undefined) query = query.where("ev.on_date", "<=", on)
  for (const r of await query.execute())
    sums.set(toInt(r.loan_id), {
      repaidFen: toBigInt(r.principal_fen),
      interestFen: toBigInt(r.interest_fen),
      defaultedOn: r.defaulted_on
    })
  return sums
}

const none: Sums = { repaidFen: 0n, interestFen: 0n, defaultedOn: null }

/** A loan's standing from its amount and its events' sums. */
export const standingOf = (amount: Decimal, sums: Sums | undefined, on: string | null): LoanStanding => {
  const { repaidFen, interestFen, defaultedOn } = sums ?? none
  const repaid = fromFen(repaidFen)
  const outstanding = amount.minus(repaid)
  return {
    on,
    repaid,
    interestPaid: fromFen(interestFen),
    outstanding,
    status: statusOf(outstanding, defaultedOn),
    defaultedOn
  }
}

/** `loans` with their standing read (every live event recorded), in one query. */
export const withStandings = async (
  db: Kysely<DB>,
  loans: ReadonlyArray<LinkageLoan>
): Promise<ReadonlyArray<LinkageLoan>> => {
  if (loans.length === 0) return loans
  const sums = await eventSums(
    db,
    loans.map((l) => l.id)
  )
  return loans.map((l) => ({ ...l, standing: standingOf(l.amount, sums.get(l.id), null) }))
}

/** One loan with its standing, or undefined. */
export const withStanding = async (db: Kysely<DB>, loan: LinkageLoan | undefined) =>
  loan === undefined ? undefined : (await withStandings(db, [loan]))[0]

/**
 * The loans' list condition for `status` (their standing with every live event): a live loan (alias `l` of
 * the list's query) whose live repayments cover its amount is settled; otherwise in default with a live
 * default, else active. The same rule as {@link statusOf}.
 */
export const statusCondition = (status: LoanStatus): RawBuilder<SqlBool> => {
  const repaid = sql`coalesce((select sum(sr.principal_fen) from linkage_loan_events sr
    where sr.loan_id = l.id and sr.kind = 'repayment' and ${live("loan-event", "sr.id")}), 0)`
  const defaulted = sql`exists (select 1 from linkage_loan_events sd
    where sd.loan_id = l.id and sd.kind = 'default' and ${live("loan-event", "sd.id")})`
  const open = sql`${repaid} < l.amount_fen`
  const condition =
    status === "settled"
      ? sql`not (${open})`
      : status === "defaulted"
        ? sql`${open} and ${defaulted}`
        : sql`${open} and not ${defaulted}`
  return sql<SqlBool>`(${live("loan", "l.id")} and ${condition})`
}
