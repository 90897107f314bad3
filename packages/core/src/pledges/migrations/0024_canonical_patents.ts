import { createHash } from "node:crypto"
import { type Migration, sql } from "kysely"
import type { FrozenDb, MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely, node's crypto and the frozen helper.

/**
 * 0024_canonical_patents. A patent number is stored in one spelling, `ZL` + digits + `.` + check digit:
 * the rows of `pledge_patents` stored bare (`201710601862.3`) or with `CN` are rewritten to it (a row that
 * would repeat one its registration has already is removed). The number is a derived key of the same patent,
 * not a correction of a record, so no reversal: instead the journal gets one entry of its own
 * (`store.canonicalPatents`, by `system`) that keeps the rows as they are now (the old key removed, the new
 * one written), chained and committed to like any write's, so `audit verify` still finds every record as
 * the journal says. A store whose records have no digests yet (0012's baseline pending) needs no entry.
 */
export const canonicalPatents = (context: MigrationContext): Migration => ({
  async up(db: FrozenDb) {
    const run = async (trx: FrozenDb) => {
      const rows = (
        await sql<Row>`select * from pledge_patents where substr(patent_no, 1, 2) <> 'ZL'
          order by pledge_id, patent_no`.execute(trx)
      ).rows
      const records: Array<RecordDigest> = []
      let rewritten = 0
      for (const row of rows) {
        const old = String(row.patent_no)
        const match = /^(?:CN)?(\d{12}|\d{8})\.([0-9X])$/.exec(old)
        if (match === null) continue
        rewritten += 1
        const canonical = `ZL${match[1]}.${match[2]}`
        const pledgeId = text(row.pledge_id)!
        const taken = await sql`select 1 as one from pledge_patents
          where pledge_id = ${row.pledge_id} and patent_no = ${canonical}`.execute(trx)
        if (taken.rows.length > 0) {
          await sql`delete from pledge_patents where pledge_id = ${row.pledge_id} and patent_no = ${old}`.execute(
            trx
          )
        } else {
          await sql`update pledge_patents set patent_no = ${canonical}
            where pledge_id = ${row.pledge_id} and patent_no = ${old}`.execute(trx)
        }
        records.push({ key: JSON.stringify([pledgeId, old]), content: null })
        if (taken.rows.length === 0)
          records.push({
            key: JSON.stringify([pledgeId, canonical]),
            content: contentOf({ ...row, patent_no: canonical })
          })
      }
      if (records.length === 0) return
      const state = (
        await sql<{ baseline: string }>`select baseline from audit_state where id = 1`.execute(trx)
      ).rows[0]
      if (state?.baseline !== "done") return
      await appendEntry(trx, records, rewritten)
    }
    if (context.dialect === "postgres") return await run(db)
    await db.transaction().execute(run)
  }
})

type Row = Record<string, unknown>

interface RecordDigest {
  readonly key: string
  readonly content: string | null
}

const TABLE = "pledge_patents"

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex")

/** A column's value as the journal keeps it (journal/records.ts as of 0024). */
const text = (value: unknown): string | null => {
  if (value === null || value === undefined) return null
  if (typeof value === "string") return value
  if (typeof value === "bigint") return value.toString()
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value).toString() : String(value)
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex")
  return String(value)
}

/** The row's canonical content: every column, keys sorted, values as text (journal/records.ts as of 0024). */
const contentOf = (row: Row): string => {
  const parts = Object.keys(row)
    .sort()
    .map((column) => `${JSON.stringify(column)}:${JSON.stringify(text(row[column]))}`)
  return `{${parts.join(",")}}`
}

/** JSON with object keys sorted (journal/canonical.ts as of 0024). */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString()
    if (v !== null && typeof v === "object" && !Array.isArray(v))
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))
      )
    return v
  })

/** One journal entry keeping `records`, chained after the head (journal/journal.ts as of 0024). */
const appendEntry = async (trx: FrozenDb, records: ReadonlyArray<RecordDigest>, rewritten: number) => {
  const head = (
    await sql<{ seq: unknown; hash: string }>`select seq, hash from journal_head where id = 1`.execute(trx)
  ).rows[0]!
  const seq = Number(text(head.seq)) + 1
  const lines = records.map((r) => `${TABLE}\t${r.key}\t${r.content ?? "removed"}\n`).join("")
  const digest = { count: records.length, sha256: sha256(lines) }
  const payload = { migration: "0024_canonical_patents", spelling: "ZL + digits + . + check digit" }
  const body = {
    seq,
    at: new Date().toISOString(),
    actor: "system",
    command: "store.canonicalPatents",
    payload,
    idempotencyKey: null,
    result: { rewritten },
    records: digest
  }
  const hash = sha256(`${head.hash}\n${canonicalJson(body)}`)
  for (const [i, r] of records.entries()) {
    await trx
      .insertInto("journal_records")
      .values({ journal_id: seq, ord: i + 1, table_name: TABLE, record_key: r.key, content: r.content })
      .execute()
  }
  await trx
    .insertInto("journal")
    .values({
      id: seq,
      at: body.at,
      actor: body.actor,
      command: body.command,
      payload: canonicalJson(payload),
      payload_hash: sha256(canonicalJson(payload)),
      idempotency_key: null,
      result: canonicalJson(body.result),
      prev_hash: head.hash,
      hash,
      records: canonicalJson(digest)
    })
    .execute()
  await trx.updateTable("journal_head").set({ seq, hash }).where("id", "=", 1).execute()
}
