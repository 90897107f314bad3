import { type Kysely, sql } from "kysely"
import { fromFen, type Yuan } from "../money/index.js"
import { normalizeUscc } from "../registry/codes.js"
import { escapeLike } from "../registry/enterprises.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"

/**
 * Kysely queries for one enterprise's journey: its fund-ledger entries and its pledge registrations with
 * their events, loans and loan events. Each reads by the enterprise (its id, or the pledgor's credit code
 * through the `pledges_pledgor_registered` index), never one registration at a time. Plain promises: the journey
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
    /** The pledgor as this registration names it. */
    readonly pledgorName: string
    readonly pledgorDistrict: string
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
  /** 处置 of defaulted loans: recovered + written off, and whether a reversal undid it. */
  readonly disposals: ReadonlyArray<{
    readonly id: number
    readonly loanId: number
    readonly on: string
    readonly method: string
    readonly recovered: Yuan
    readonly writtenOff: Yuan
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

/**
 * Every registration of the pledgor (oldest first: by registration date, then id) with its events, loans and
 * loan events: four queries in all.
 */
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
      "p.pledgor_name",
      "p.pledgor_district",
      "p.journal_id",
      "r.pledge_id as reversed_id"
    ])
    .where("p.pledgor_uscc", "=", pledgorUscc)
    .orderBy("p.registered_on")
    .orderBy("p.id")
    .execute()
  if (registrations.length === 0)
    return { registrations: [], events: [], loans: [], loanEvents: [], disposals: [] }
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
  const disposals =
    loans.length === 0
      ? []
      : await db
          .selectFrom("pledge_loan_disposals as x")
          .innerJoin("pledges as p", "p.id", "x.pledge_id")
          .leftJoin("pledge_loan_disposal_reversals as xr", "xr.disposal_id", "x.id")
          .select([
            "x.id",
            "x.loan_id",
            "x.on_date",
            "x.method",
            "x.recovered_fen",
            "x.written_off_fen",
            "x.journal_id",
            "xr.disposal_id as reversed_id"
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
      pledgorName: r.pledgor_name,
      pledgorDistrict: r.pledgor_district,
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
    disposals: disposals.map((x) => ({
      id: toInt(x.id),
      loanId: toInt(x.loan_id),
      on: x.on_date,
      method: x.method,
      recovered: fromFen(toBigInt(x.recovered_fen)),
      writtenOff: fromFen(toBigInt(x.written_off_fen)),
      reversed: x.reversed_id !== null,
      journalSeq: toInt(x.journal_id)
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

export interface PledgorRow {
  readonly uscc: string
  readonly name: string
  readonly district: string
}

/** What the credit-code part of a search may be: the start of a code (its alphabet, up to 18 characters). */
const CODE_PREFIX = /^[0-9A-Z]{1,18}$/

/**
 * Pledgors that are not in the enterprise registry, each as its latest live registration names it (by
 * registration date, then id), whose name there contains `q` (letter case ignored) or whose credit code
 * starts with it (as `normalizeUscc` writes it); `%`, `_` and `\` are plain characters. By credit code,
 * at most `limit`. One query: a pledgor whose registrations were all reversed is not found.
 */
export const findUnregisteredPledgors = async (
  db: Kysely<DB>,
  where: { readonly q: string; readonly limit: number }
): Promise<ReadonlyArray<PledgorRow>> => {
  const q = where.q.trim()
  const name = sql<boolean>`lower(p.pledgor_name) like lower(${`%${escapeLike(q)}%`}) escape ${"\\"}`
  const code = normalizeUscc(q)
  let query = db
    .selectFrom("pledges as p")
    .select(["p.pledgor_uscc", "p.pledgor_name", "p.pledgor_district"])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("enterprises as e").select("e.id").whereRef("e.uscc", "=", "p.pledgor_uscc")))
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom("pledge_reversals as r").select("r.pledge_id").whereRef("r.pledge_id", "=", "p.id"))
      )
    )
    // No later live registration of the same pledgor.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("pledges as l")
            .leftJoin("pledge_reversals as lr", "lr.pledge_id", "l.id")
            .select("l.id")
            .whereRef("l.pledgor_uscc", "=", "p.pledgor_uscc")
            .where("lr.pledge_id", "is", null)
            .where((eb) =>
              eb.or([
                eb("l.registered_on", ">", eb.ref("p.registered_on")),
                eb.and([
                  eb("l.registered_on", "=", eb.ref("p.registered_on")),
                  eb("l.id", ">", eb.ref("p.id"))
                ])
              ])
            )
        )
      )
    )
  if (q !== "")
    query = query.where(
      CODE_PREFIX.test(code) ? ({ or }) => or([name, sql<boolean>`p.pledgor_uscc like ${`${code}%`}`]) : name
    )
  const rows = await query.orderBy("p.pledgor_uscc").limit(where.limit).execute()
  return rows.map((r) => ({ uscc: r.pledgor_uscc, name: r.pledgor_name, district: r.pledgor_district }))
}
