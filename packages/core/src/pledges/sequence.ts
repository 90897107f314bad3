import { type Kysely, sql } from "kysely"
import { capabilitiesOf } from "../store/capabilities.js"
import type { DB } from "../store/schema.js"
import { bulkInsert } from "../store/unnest.js"

/*
 * The per-enterprise caches (pledge_firsts, pledge_sequence) after new registrations, without rerunning the
 * window functions over the enterprises' whole history. `refreshEnterprises` (store.ts) recomputes every
 * live registration of each enterprise in SQL; an import of 1,000,000 rows would run it for every chunk.
 * Here the enterprise's stored sequence rows (one per registration that counts — live, not cancelled — by
 * construction) and its new registrations are numbered in order (date, then id) as the window functions
 * number them, and only what differs is written: the new rows, the stored rows a new one moved (their previous dates and number), and
 * the first pledge when a new registration comes before it. An enterprise whose two caches disagree (a store
 * written before both were kept together) is recomputed in full by `refresh`.
 */

/** A registration just written, as the caches need it. */
export interface NewRegistration {
  readonly id: number
  readonly uscc: string
  readonly registeredOn: string
  readonly district: string
  readonly pledgee: string
  readonly size: string | null
  readonly amountFen: bigint
  readonly patentCount: number
}

interface SequenceRow {
  pledge_id: number
  pledgor_uscc: string
  registered_on: string
  pledgor_district: string
  pledgee_name: string
  pledgor_size: string | null
  prev_on: string | null
  prev_district_on: string | null
  prev_pledgee_on: string | null
  prev_size_on: string | null
  seq_no: number
}

/** A registration numbered among its enterprise's registrations that count, as pledge_sequence has it. */
export interface NumberedRegistration {
  readonly registration: NewRegistration
  readonly seqNo: number
  readonly prevOn: string | null
  readonly prevDistrictOn: string | null
  readonly prevPledgeeOn: string | null
  readonly prevSizeOn: string | null
}

/** The columns the numbering gives a row. */
const numbered = ["prev_on", "prev_district_on", "prev_pledgee_on", "prev_size_on", "seq_no"] as const

const byDateThenId = (a: SequenceRow, b: SequenceRow) =>
  a.registered_on < b.registered_on ? -1 : a.registered_on > b.registered_on ? 1 : a.pledge_id - b.pledge_id

/** Numbers one enterprise's rows in place: each row's previous date overall and in its district, pledgee, size. */
const number = (rows: Array<SequenceRow>) => {
  rows.sort(byDateThenId)
  let previous: string | null = null
  const district = new Map<string, string>()
  const pledgee = new Map<string, string>()
  const size = new Map<string | null, string>()
  rows.forEach((row, i) => {
    row.prev_on = previous
    row.prev_district_on = district.get(row.pledgor_district) ?? null
    row.prev_pledgee_on = pledgee.get(row.pledgee_name) ?? null
    row.prev_size_on = size.get(row.pledgor_size) ?? null
    row.seq_no = i + 1
    previous = row.registered_on
    district.set(row.pledgor_district, row.registered_on)
    pledgee.set(row.pledgee_name, row.registered_on)
    size.set(row.pledgor_size, row.registered_on)
  })
}

/** Brings both caches up to date after `added` (live, just inserted); `refresh` recomputes in full. */
export const appendToEnterprises = async (
  db: Kysely<DB>,
  added: ReadonlyArray<NewRegistration>,
  refresh: (db: Kysely<DB>, usccs: ReadonlyArray<string>) => Promise<void>
): Promise<void> => {
  const byUscc = new Map<string, Array<NewRegistration>>()
  for (const r of added) {
    const list = byUscc.get(r.uscc)
    if (list === undefined) byUscc.set(r.uscc, [r])
    else list.push(r)
  }
  const usccs = [...byUscc.keys()]
  const stored = new Map<string, Array<SequenceRow>>()
  const firstOf = new Map<string, number>()
  for (let start = 0; start < usccs.length; start += 500) {
    const part = usccs.slice(start, start + 500)
    const rows = await db
      .selectFrom("pledge_sequence")
      .selectAll()
      .where("pledgor_uscc", "in", part)
      .execute()
    for (const row of rows) {
      const list = stored.get(row.pledgor_uscc) ?? []
      list.push({ ...row, pledge_id: Number(row.pledge_id), seq_no: Number(row.seq_no) })
      stored.set(row.pledgor_uscc, list)
    }
    const firsts = await db
      .selectFrom("pledge_firsts")
      .select(["pledgor_uscc", "pledge_id"])
      .where("pledgor_uscc", "in", part)
      .execute()
    for (const row of firsts) firstOf.set(row.pledgor_uscc, Number(row.pledge_id))
  }

  const inconsistent: Array<string> = []
  const inserts: Array<SequenceRow> = []
  const updates: Array<SequenceRow> = []
  const newFirsts: Array<NewRegistration> = []
  const movedFirsts: Array<NewRegistration> = []
  for (const [uscc, news] of byUscc) {
    const old = stored.get(uscc) ?? []
    const first = firstOf.get(uscc)
    if (
      (first === undefined) !== (old.length === 0) ||
      (first !== undefined && !old.some((r) => r.pledge_id === first))
    ) {
      inconsistent.push(uscc)
      continue
    }
    const before = new Map(old.map((r) => [r.pledge_id, { ...r }]))
    const fresh = news.map(
      (r): SequenceRow => ({
        pledge_id: r.id,
        pledgor_uscc: uscc,
        registered_on: r.registeredOn,
        pledgor_district: r.district,
        pledgee_name: r.pledgee,
        pledgor_size: r.size,
        prev_on: null,
        prev_district_on: null,
        prev_pledgee_on: null,
        prev_size_on: null,
        seq_no: 0
      })
    )
    const rows = [...old, ...fresh]
    number(rows)
    for (const row of rows) {
      const was = before.get(row.pledge_id)
      if (was === undefined) inserts.push(row)
      else if (numbered.some((c) => was[c] !== row[c])) updates.push(row)
    }
    const earliest = news.find((r) => r.id === rows[0]!.pledge_id)
    if (earliest !== undefined) (first === undefined ? newFirsts : movedFirsts).push(earliest)
  }

  const rowsPerInsert = capabilitiesOf(db).rowsPerInsert
  const firstRow = (r: NewRegistration) => ({
    pledgor_uscc: r.uscc,
    pledge_id: r.id,
    registered_on: r.registeredOn,
    amount_fen: r.amountFen,
    patent_count: r.patentCount
  })
  for (let start = 0, n = rowsPerInsert(5); start < newFirsts.length; start += n)
    await db
      .insertInto("pledge_firsts")
      .values(newFirsts.slice(start, start + n).map(firstRow))
      .execute()
  // The moved firsts and rows, many per statement (UPDATE … FROM a VALUES list: the same SQL on both dialects).
  for (let start = 0, n = rowsPerInsert(5); start < movedFirsts.length; start += n) {
    const values = movedFirsts
      .slice(start, start + n)
      .map(
        (r) =>
          sql`(${r.uscc}, cast(${r.id} as bigint), ${r.registeredOn}, cast(${r.amountFen} as bigint), cast(${r.patentCount} as integer))`
      )
    await sql`with moved (pledgor_uscc, pledge_id, registered_on, amount_fen, patent_count) as (
        values ${sql.join(values)}
      )
      update pledge_firsts set pledge_id = moved.pledge_id, registered_on = moved.registered_on,
        amount_fen = moved.amount_fen, patent_count = moved.patent_count
      from moved where pledge_firsts.pledgor_uscc = moved.pledgor_uscc`.execute(db)
  }
  for (let start = 0, n = rowsPerInsert(6); start < updates.length; start += n) {
    const values = updates
      .slice(start, start + n)
      .map(
        (r) =>
          sql`(cast(${r.pledge_id} as bigint), ${r.prev_on}, ${r.prev_district_on}, ${r.prev_pledgee_on}, ${r.prev_size_on}, cast(${r.seq_no} as integer))`
      )
    await sql`with moved (pledge_id, prev_on, prev_district_on, prev_pledgee_on, prev_size_on, seq_no) as (
        values ${sql.join(values)}
      )
      update pledge_sequence set prev_on = moved.prev_on, prev_district_on = moved.prev_district_on,
        prev_pledgee_on = moved.prev_pledgee_on, prev_size_on = moved.prev_size_on, seq_no = moved.seq_no
      from moved where pledge_sequence.pledge_id = moved.pledge_id`.execute(db)
  }
  for (let start = 0, n = rowsPerInsert(11); start < inserts.length; start += n)
    await db
      .insertInto("pledge_sequence")
      .values(inserts.slice(start, start + n))
      .execute()
  if (inconsistent.length > 0) await refresh(db, inconsistent)
}

/**
 * Fills both caches for enterprises whose rows in them are gone, from `registrations`: every registration
 * of theirs that counts (live, not cancelled). Numbered here as the window functions of `refreshEnterprises`
 * number them (`number`), and written many rows a statement (`bulkInsert`): the end of an import rebuilds
 * the caches of every enterprise it wrote this way, a page of enterprises at a time, where the window
 * functions sorted each page four times over (a third of the SQL time of an import on SQLite).
 */
export const fillEnterprises = async (
  db: Kysely<DB>,
  registrations: ReadonlyArray<NewRegistration>,
  /** Given each enterprise's registrations as numbered, in order (the aggregates of new enterprises). */
  visit?: (uscc: string, numbered: ReadonlyArray<NumberedRegistration>) => void
): Promise<void> => {
  const byUscc = new Map<string, Array<NewRegistration>>()
  for (const r of registrations) {
    const list = byUscc.get(r.uscc)
    if (list === undefined) byUscc.set(r.uscc, [r])
    else list.push(r)
  }
  const sequence: Array<ReadonlyArray<unknown>> = []
  const firsts: Array<ReadonlyArray<unknown>> = []
  for (const [uscc, list] of byUscc) {
    const byId = new Map(list.map((r) => [r.id, r]))
    const rows = list.map(
      (r): SequenceRow => ({
        pledge_id: r.id,
        pledgor_uscc: uscc,
        registered_on: r.registeredOn,
        pledgor_district: r.district,
        pledgee_name: r.pledgee,
        pledgor_size: r.size,
        prev_on: null,
        prev_district_on: null,
        prev_pledgee_on: null,
        prev_size_on: null,
        seq_no: 0
      })
    )
    number(rows)
    visit?.(
      uscc,
      rows.map((row) => ({
        registration: byId.get(row.pledge_id)!,
        seqNo: row.seq_no,
        prevOn: row.prev_on,
        prevDistrictOn: row.prev_district_on,
        prevPledgeeOn: row.prev_pledgee_on,
        prevSizeOn: row.prev_size_on
      }))
    )
    for (const row of rows)
      sequence.push([
        row.pledge_id,
        row.pledgor_uscc,
        row.registered_on,
        row.pledgor_district,
        row.pledgee_name,
        row.pledgor_size,
        row.prev_on,
        row.prev_district_on,
        row.prev_pledgee_on,
        row.prev_size_on,
        row.seq_no
      ])
    const first = byId.get(rows[0]!.pledge_id)!
    firsts.push([uscc, first.id, first.registeredOn, first.amountFen, first.patentCount])
  }
  await bulkInsert(
    db,
    "pledge_firsts",
    [
      ["pledgor_uscc", "text"],
      ["pledge_id", "bigint"],
      ["registered_on", "text"],
      ["amount_fen", "bigint"],
      ["patent_count", "integer"]
    ],
    firsts
  )
  // In the order of their ids, the table's own key: a page of enterprises' registrations are scattered over the
  // table, and written by enterprise each went to a page of its own (measured at 100,000: 0.98 s, sorted 0.75 s).
  sequence.sort((a, b) => (a[0] as number) - (b[0] as number))
  await bulkInsert(
    db,
    "pledge_sequence",
    [
      ["pledge_id", "bigint"],
      ["pledgor_uscc", "text"],
      ["registered_on", "text"],
      ["pledgor_district", "text"],
      ["pledgee_name", "text"],
      ["pledgor_size", "text"],
      ["prev_on", "text"],
      ["prev_district_on", "text"],
      ["prev_pledgee_on", "text"],
      ["prev_size_on", "text"],
      ["seq_no", "integer"]
    ],
    sequence
  )
}
