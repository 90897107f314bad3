import { type Kysely, sql } from "kysely"
import { fromFen, toFen } from "../money/index.js"
import { type DB, toBigInt, toInt } from "../store/schema.js"
import type { Pledge, PledgeInput } from "./schema.js"

/** Kysely queries for pledges. Plain promises: the service wraps them in Effect. */

export const insertPledges = async (
  db: Kysely<DB>,
  inputs: ReadonlyArray<PledgeInput>,
  journalSeq: number,
  rowsPerInsert: number
): Promise<ReadonlyArray<number>> => {
  const ids: Array<number> = []
  for (let start = 0; start < inputs.length; start += rowsPerInsert) {
    const chunk = inputs.slice(start, start + rowsPerInsert)
    const rows = await db
      .insertInto("pledges")
      .values(
        chunk.map((p) => ({
          registration_no: p.registrationNo,
          pledgor_uscc: p.pledgor.uscc,
          pledgor_name: p.pledgor.name,
          pledgor_district: p.pledgor.district,
          pledgee_name: p.pledgee.name,
          amount_fen: toFen(p.amount),
          registered_on: p.registeredOn,
          journal_id: journalSeq
        }))
      )
      .returning("id")
      .execute()
    for (const row of rows) ids.push(toInt(row.id))
  }
  const links = inputs.flatMap((p, i) =>
    p.patents.map((patent) => ({ pledge_id: ids[i]!, patent_no: patent }))
  )
  for (let start = 0; start < links.length; start += rowsPerInsert * 4) {
    await db
      .insertInto("pledge_patents")
      .values(links.slice(start, start + rowsPerInsert * 4))
      .execute()
  }
  return ids
}

export interface PledgeFilter {
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly district?: string | undefined
  readonly pledgorUscc?: string | undefined
  readonly includeReversed?: boolean | undefined
  readonly ids?: ReadonlyArray<number> | undefined
}

const rowsQuery = (db: Kysely<DB>, filter: PledgeFilter) => {
  let query = db.selectFrom("pledges as p").leftJoin("pledge_reversals as r", "r.pledge_id", "p.id")
  if (filter.from !== undefined) query = query.where("p.registered_on", ">=", filter.from)
  if (filter.to !== undefined) query = query.where("p.registered_on", "<=", filter.to)
  if (filter.district !== undefined) query = query.where("p.pledgor_district", "=", filter.district)
  if (filter.pledgorUscc !== undefined) query = query.where("p.pledgor_uscc", "=", filter.pledgorUscc)
  if (filter.ids !== undefined) query = query.where("p.id", "in", filter.ids.length > 0 ? filter.ids : [-1])
  if (!filter.includeReversed) query = query.where("r.pledge_id", "is", null)
  return query
}

/** Sum and count of live (not reversed) pledges; the sum comes back as text so it never meets a float. */
export const totalPledges = async (db: Kysely<DB>, filter: PledgeFilter) => {
  const row = await rowsQuery(db, filter)
    .select([
      sql<string | null>`cast(sum(p.amount_fen) as text)`.as("fen"),
      sql<string | number | bigint>`count(*)`.as("count")
    ])
    .executeTakeFirstOrThrow()
  return { amount: fromFen(row.fen ?? "0"), count: toInt(row.count) }
}

// The calendar month of a `YYYY-MM-DD` text column. Written out literally (no bound values) so the
// select list and GROUP BY carry the very same expression, as PostgreSQL requires; SQLite has substr too.
const registeredMonth = sql<string>`substr(p.registered_on, 1, 7)`

/**
 * Sums and counts of live pledges per calendar month (`YYYY-MM`), in month order; months without a
 * pledge are absent (the service fills them). Sums come back as text, like {@link totalPledges}.
 */
export const monthlyPledges = async (db: Kysely<DB>, filter: PledgeFilter) => {
  const rows = await rowsQuery(db, filter)
    .select([
      registeredMonth.as("month"),
      sql<string>`cast(sum(p.amount_fen) as text)`.as("fen"),
      sql<string | number | bigint>`count(*)`.as("count")
    ])
    .groupBy(registeredMonth)
    .orderBy(registeredMonth)
    .execute()
  return rows.map((row) => ({ month: row.month, amount: fromFen(row.fen), count: toInt(row.count) }))
}

export const listPledges = async (
  db: Kysely<DB>,
  filter: PledgeFilter & { readonly limit: number; readonly offset: number }
): Promise<{ readonly items: ReadonlyArray<Pledge>; readonly total: number }> => {
  const rows = await rowsQuery(db, filter)
    .select([
      "p.id",
      "p.registration_no",
      "p.pledgor_uscc",
      "p.pledgor_name",
      "p.pledgor_district",
      "p.pledgee_name",
      "p.amount_fen",
      "p.registered_on",
      "p.journal_id",
      "r.pledge_id as reversed_id"
    ])
    .orderBy("p.registered_on", "desc")
    .orderBy("p.id", "desc")
    .limit(filter.limit)
    .offset(filter.offset)
    .execute()
  const { count } = await totalPledges(db, filter)
  const ids = rows.map((r) => r.id)
  const patents =
    ids.length === 0
      ? []
      : await db
          .selectFrom("pledge_patents")
          .select(["pledge_id", "patent_no"])
          .where("pledge_id", "in", ids)
          .orderBy("patent_no")
          .execute()
  const byPledge = new Map<string, Array<string>>()
  for (const link of patents) {
    const key = toBigInt(link.pledge_id).toString()
    byPledge.set(key, [...(byPledge.get(key) ?? []), link.patent_no])
  }
  const items = rows.map(
    (r): Pledge => ({
      id: toInt(r.id),
      registrationNo: r.registration_no,
      pledgor: { uscc: r.pledgor_uscc, name: r.pledgor_name, district: r.pledgor_district },
      pledgee: { name: r.pledgee_name },
      patents: byPledge.get(toBigInt(r.id).toString()) ?? [],
      amount: fromFen(toBigInt(r.amount_fen)),
      registeredOn: r.registered_on,
      journalSeq: toInt(r.journal_id),
      reversed: r.reversed_id !== null
    })
  )
  return { items, total: count }
}

export const findPledge = async (db: Kysely<DB>, id: number): Promise<Pledge | undefined> => {
  const { items } = await listPledges(db, { ids: [id], includeReversed: true, limit: 1, offset: 0 })
  return items[0]
}

export const existingRegistrationNos = async (db: Kysely<DB>, numbers: ReadonlyArray<string>) => {
  const found = new Set<string>()
  for (let start = 0; start < numbers.length; start += 1000) {
    const rows = await db
      .selectFrom("pledges")
      .select("registration_no")
      .where("registration_no", "in", numbers.slice(start, start + 1000))
      .execute()
    for (const row of rows) found.add(row.registration_no)
  }
  return found
}
