import type { Kysely } from "kysely"
import { capabilitiesOf } from "../store/capabilities.js"
import type { DB } from "../store/schema.js"

/*
 * The per-enterprise caches (pledge_firsts, pledge_sequence) after new registrations, without recomputing
 * the enterprises' whole history where the new ones come after it. `refreshEnterprises` (store.ts) reruns
 * the window functions over every live registration of each enterprise; an import of 1,000,000 rows would
 * run them a million times. Here, an enterprise whose new registrations all sort after its live ones (by
 * date, then id — ids only grow, so: dated on or after its latest) gets its new sequence rows computed from
 * its stored ones, exactly as the window functions would number them; only an enterprise with a new
 * registration dated before one it already has is recomputed in full.
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

interface Last {
  on: string | null
  seq: number
  readonly district: Map<string, string>
  readonly pledgee: Map<string, string>
  readonly size: Map<string | null, string>
}

const order = (a: NewRegistration, b: NewRegistration) =>
  a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : a.id - b.id

/**
 * Brings both caches up to date after `added` (live, just inserted). `refresh` recomputes enterprises in
 * full (store.ts `refreshEnterprises`), for those whose history the new registrations reorder.
 */
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
  const stored = new Map<string, Last>()
  for (let start = 0; start < usccs.length; start += 500) {
    const rows = await db
      .selectFrom("pledge_sequence")
      .select(["pledgor_uscc", "registered_on", "pledgor_district", "pledgee_name", "pledgor_size", "seq_no"])
      .where("pledgor_uscc", "in", usccs.slice(start, start + 500))
      .orderBy("pledgor_uscc")
      .orderBy("seq_no")
      .execute()
    for (const row of rows) {
      let last = stored.get(row.pledgor_uscc)
      if (last === undefined) {
        last = { on: null, seq: 0, district: new Map(), pledgee: new Map(), size: new Map() }
        stored.set(row.pledgor_uscc, last)
      }
      last.on = row.registered_on
      last.seq = Number(row.seq_no)
      last.district.set(row.pledgor_district, row.registered_on)
      last.pledgee.set(row.pledgee_name, row.registered_on)
      last.size.set(row.pledgor_size, row.registered_on)
    }
  }
  // The first pledge cache must agree with the sequence; where it does not (a store written before both
  // were kept together), the enterprise is recomputed in full.
  const withFirst = new Set<string>()
  for (let start = 0; start < usccs.length; start += 500) {
    const rows = await db
      .selectFrom("pledge_firsts")
      .select("pledgor_uscc")
      .where("pledgor_uscc", "in", usccs.slice(start, start + 500))
      .execute()
    for (const row of rows) withFirst.add(row.pledgor_uscc)
  }
  const reorder: Array<string> = []
  const firsts: Array<NewRegistration> = []
  const sequence: Array<{
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
  }> = []
  for (const [uscc, news] of byUscc) {
    const last = stored.get(uscc)
    // A new registration dated before the enterprise's latest one reorders its history: recompute it.
    const latest = last?.on ?? null
    if (
      withFirst.has(uscc) !== (last !== undefined) ||
      (latest !== null && news.some((r) => r.registeredOn < latest))
    ) {
      reorder.push(uscc)
      continue
    }
    const state = last ?? { on: null, seq: 0, district: new Map(), pledgee: new Map(), size: new Map() }
    const sorted = [...news].sort(order)
    if (last === undefined) firsts.push(sorted[0]!)
    for (const r of sorted) {
      state.seq += 1
      sequence.push({
        pledge_id: r.id,
        pledgor_uscc: uscc,
        registered_on: r.registeredOn,
        pledgor_district: r.district,
        pledgee_name: r.pledgee,
        pledgor_size: r.size,
        prev_on: state.on,
        prev_district_on: state.district.get(r.district) ?? null,
        prev_pledgee_on: state.pledgee.get(r.pledgee) ?? null,
        prev_size_on: state.size.get(r.size) ?? null,
        seq_no: state.seq
      })
      state.on = r.registeredOn
      state.district.set(r.district, r.registeredOn)
      state.pledgee.set(r.pledgee, r.registeredOn)
      state.size.set(r.size, r.registeredOn)
    }
  }
  const rowsPerInsert = capabilitiesOf(db).rowsPerInsert
  const firstRows = firsts.map((r) => ({
    pledgor_uscc: r.uscc,
    pledge_id: r.id,
    registered_on: r.registeredOn,
    amount_fen: r.amountFen,
    patent_count: r.patentCount
  }))
  for (let start = 0, n = rowsPerInsert(5); start < firstRows.length; start += n)
    await db
      .insertInto("pledge_firsts")
      .values(firstRows.slice(start, start + n))
      .execute()
  for (let start = 0, n = rowsPerInsert(11); start < sequence.length; start += n)
    await db
      .insertInto("pledge_sequence")
      .values(sequence.slice(start, start + n))
      .execute()
  if (reorder.length > 0) await refresh(db, reorder)
}
