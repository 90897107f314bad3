import { createHash } from "node:crypto"
import { type Kysely, type RawBuilder, sql } from "kysely"
import { capabilitiesOf } from "../store/capabilities.js"
import type { DB } from "../store/schema.js"
import { toInt } from "../store/schema.js"
import { bulkInsert } from "../store/unnest.js"
import { canonicalJson, sha256 } from "./canonical.js"

/**
 * Record digests: the journal determines the records. Each journal entry keeps (journal_records) the
 * canonical content of every record its transaction wrote, read back in that transaction, and commits to
 * them in its hash (`records`: their count and sha256). `verifyRecords` compares every stored record with
 * the latest content the journal gave it, table by table, in keyset pages (bounded memory).
 *
 * A write batch (an import) keeps the sha256 of each record's content instead (`content_sha256`, 0021):
 * a million imported rows are not copied again. Verification then compares the stored row's digest with
 * it: a change is found, though not which field changed.
 *
 * Plain promises over Kysely: the journal service wraps them in Effect.
 */

type KeyKind = "int" | "text"

/**
 * How the rows a journal entry wrote are found:
 * - `journal`: rows carrying `journal_id` (insert-only records);
 * - `parent`: rows of a child table whose `column` names a row of `table` written by the entry;
 * - `in-place`: small tables updated in place, compared before and after a write by one of `commands`
 *   (command names or prefixes): the rows that differ. A change by any other write is reported.
 */
type Scope =
  | { readonly kind: "journal" }
  | { readonly kind: "parent"; readonly table: string; readonly column: string }
  | { readonly kind: "in-place"; readonly commands: ReadonlyArray<string> }

export interface AuditedTable {
  readonly table: string
  readonly key: ReadonlyArray<readonly [string, KeyKind]>
  readonly scope: Scope
  /** Columns that are not part of the record (changed by design without a journal entry). */
  readonly omit?: ReadonlyArray<string>
  /** Secrets kept as their sha256 in the digest, never as they are. */
  readonly hashed?: ReadonlyArray<string>
  /**
   * The migration that creates the table, for tables added after 0024: a store opened without migrating
   * (`migrate: false`) is verified as far as its migrations go; once that migration ran, a missing table
   * is an error as any other.
   */
  readonly since?: string
}

const journaled = (table: string, key: string = "id"): AuditedTable => ({
  table,
  key: [[key, "int"]],
  scope: { kind: "journal" }
})

/**
 * Every table whose rows are records. Not here: the journal itself (its hash chain), sessions (sign-in
 * state, written at every sign-in without a journal entry), kept_forms (forms sent after a session ended,
 * kept 15 minutes for the person to send again: no record yet), audit_runs/audit_state (verification state),
 * and the caches the write path derives from the records (pledge_firsts, pledge_sequence,
 * pledge_live_numbers): they are rebuilt from the records, never read as a record themselves; and the rows
 * of an import (import_rows: the inputs its records were made from, committed to by the sha256 in the
 * import's journal entry, too many to copy again).
 */
export const auditedTables: ReadonlyArray<AuditedTable> = [
  journaled("pledges"),
  {
    table: "pledge_patents",
    key: [
      ["pledge_id", "int"],
      ["patent_no", "text"]
    ],
    scope: { kind: "parent", table: "pledges", column: "pledge_id" }
  },
  journaled("pledge_reversals", "pledge_id"),
  journaled("pledge_events"),
  journaled("pledge_loans"),
  journaled("pledge_loan_reversals", "loan_id"),
  journaled("pledge_loan_events"),
  journaled("pledge_loan_disposals"),
  journaled("pledge_loan_disposal_reversals", "disposal_id"),
  journaled("enterprises"),
  journaled("enterprise_districts"),
  journaled("institutions"),
  journaled("funds"),
  journaled("fund_statuses"),
  journaled("fund_entries"),
  journaled("fund_conversions"),
  journaled("fund_conversion_reversals", "conversion_id"),
  journaled("linkage_loans"),
  journaled("linkage_warrant_events"),
  journaled("linkage_tier_tables"),
  {
    table: "linkage_tiers",
    key: [["id", "int"]],
    scope: { kind: "parent", table: "linkage_tier_tables", column: "table_id" }
  },
  journaled("linkage_scores"),
  journaled("linkage_policies"),
  journaled("linkage_pools"),
  journaled("linkage_pool_rules"),
  journaled("linkage_pool_deposits"),
  journaled("linkage_claims"),
  journaled("linkage_co_investments"),
  journaled("linkage_subsidies"),
  journaled("linkage_bonds"),
  journaled("linkage_reversals"),
  { ...journaled("linkage_loan_events"), since: "0025_linkage_loan_events" },
  journaled("import_mappings"),
  journaled("target_versions"),
  journaled("reported_measures"),
  journaled("reported_values"),
  journaled("reported_value_reversals", "value_id"),
  journaled("fx_rates"),
  journaled("fx_rate_reversals", "rate_id"),
  journaled("fund_currencies"),
  journaled("fund_terms"),
  journaled("alert_deliveries"),
  { table: "targets", key: [["key", "text"]], scope: { kind: "in-place", commands: ["targets."] } },
  {
    table: "users",
    key: [["id", "int"]],
    scope: { kind: "in-place", commands: ["users."] },
    hashed: ["password_hash"]
  },
  {
    table: "api_tokens",
    key: [["id", "int"]],
    scope: { kind: "in-place", commands: ["tokens."] },
    omit: ["last_used_at"],
    hashed: ["token_hash"]
  }
]

type Row = Record<string, unknown>

/** A record as the journal keeps it: its table, key and canonical content (null: removed). */
export interface RecordDigest {
  readonly table: string
  readonly key: string
  readonly content: string | null
}

/**
 * How a journal entry keeps its records: `content` (each record's canonical content), or `digest` (the
 * sha256 of it: the records of a write batch, an import).
 */
export type RecordKeeping = "content" | "digest"

/** A record as journal_records holds it: its content, or only the content's sha256 (both null: removed). */
interface KeptRecord {
  readonly table: string
  readonly key: string
  readonly content: string | null
  readonly digest: string | null
}

/** What a journal entry commits to: how many records it wrote and the sha256 over them, in order. */
export interface RecordsDigest {
  readonly count: number
  readonly sha256: string
}

const valueText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null
  if (typeof value === "string") return value
  if (typeof value === "bigint") return value.toString()
  // An integer's digits (String writes 1e21 and up in exponent form; safe integers are the same text).
  if (typeof value === "number")
    return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : BigInt(value).toString()
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex")
  return String(value)
}

/** The record's key: its one key column as text, or the key columns as a JSON array of text. */
export const keyOf = (spec: AuditedTable, row: Row): string =>
  keyText(spec.key.map(([column]) => row[column]))

/** A record's key from the values of its key columns (see {@link keyOf}). */
const keyText = (values: ReadonlyArray<unknown>): string => {
  const parts = values.map((value) => valueText(value) ?? "")
  return parts.length === 1 ? parts[0]! : JSON.stringify(parts)
}

const keyParts = (spec: AuditedTable, key: string): ReadonlyArray<string> =>
  spec.key.length === 1 ? [key] : (JSON.parse(key) as Array<string>)

/**
 * The row's canonical content: every column but the omitted ones, as text or null, keys sorted — the
 * same text `canonicalJson` gives for that object, written directly (it runs for every record written).
 */
export const contentOf = (spec: AuditedTable, row: Row): string =>
  writeContent(planOf(spec, Object.keys(row)), row)

/**
 * How a content is written from a row: its columns sorted (the omitted ones out), each with where its value
 * is (a row object's column, or a position in a list of values; -1: none, null), its name as JSON, and
 * whether it is kept as its sha256.
 */
type ContentPlan = ReadonlyArray<readonly [at: string | number, lead: string, hashed: boolean]>

const contentPlan = (
  spec: AuditedTable,
  columns: ReadonlyArray<readonly [column: string, at: string | number]>
): ContentPlan =>
  [...columns]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .filter(([column]) => !spec.omit?.includes(column))
    .map(
      ([column, at], i) =>
        [
          at,
          `${i === 0 ? "{" : ","}${JSON.stringify(column)}:`,
          spec.hashed?.includes(column) === true
        ] as const
    )

const writeContent = (plan: ContentPlan, row: Row | ReadonlyArray<unknown>): string => {
  if (plan.length === 0) return "{}"
  let out = ""
  for (const [at, lead, hashed] of plan) {
    const text = valueText((row as Record<string | number, unknown>)[at])
    out += lead + JSON.stringify(text !== null && hashed ? `sha256:${sha256(text)}` : text)
  }
  return `${out}}`
}

/** The plan of a row object's content: the last plan per table, reused while the row's columns are the same. */
const plans = new WeakMap<AuditedTable, { keys: ReadonlyArray<string>; plan: ContentPlan }>()

const planOf = (spec: AuditedTable, keys: ReadonlyArray<string>): ContentPlan => {
  const last = plans.get(spec)
  if (last !== undefined && last.keys.length === keys.length && last.keys.every((k, i) => k === keys[i]))
    return last.plan
  const plan = contentPlan(
    spec,
    keys.map((k) => [k, k])
  )
  plans.set(spec, { keys, plan })
  return plan
}

const digestOf = (spec: AuditedTable, row: Row): RecordDigest => ({
  table: spec.table,
  key: keyOf(spec, row),
  content: contentOf(spec, row)
})

const keyValue = (kind: KeyKind, text: string): unknown => (kind === "int" ? BigInt(text) : text)

const keyColumns = (spec: AuditedTable) => sql.join(spec.key.map(([c]) => sql.ref(c)))

const keyTuple = (spec: AuditedTable, key: string) => {
  const parts = keyParts(spec, key)
  return sql`(${sql.join(spec.key.map(([, kind], i) => sql`${keyValue(kind, parts[i]!)}`))})`
}

/** `(k1, k2) > (v1, v2)` for the row after `row` in key order; true for the first page. */
const after = (spec: AuditedTable, row: Row | undefined): RawBuilder<unknown> =>
  row === undefined
    ? sql`1 = 1`
    : sql`(${keyColumns(spec)}) > (${sql.join(spec.key.map(([c]) => sql`${row[c]}`))})`

const orderByKey = (spec: AuditedTable) => sql.join(spec.key.map(([c]) => sql.ref(c)))

const pageSize = 2000

/** Every row of `spec` matching `where`, in key order, a page at a time. */
async function* rowsOf(db: Kysely<DB>, spec: AuditedTable, where: RawBuilder<unknown> = sql`1 = 1`) {
  let last: Row | undefined
  for (;;) {
    const page = (
      await sql<Row>`select * from ${sql.table(spec.table)} where ${where} and ${after(spec, last)}
        order by ${orderByKey(spec)} limit ${pageSize}`.execute(db)
    ).rows
    if (page.length > 0) yield page
    if (page.length < pageSize) return
    last = page[page.length - 1]
  }
}

/** The rows of the in-place tables, by table and key: taken when a write reserves its journal entry. */
export type InPlaceSnapshot = ReadonlyMap<string, ReadonlyMap<string, string>>

/** The in-place tables command `command` may write, before it writes (nothing for any other command). */
export const snapshotInPlace = async (db: Kysely<DB>, command: string): Promise<InPlaceSnapshot> => {
  const snapshot = new Map<string, Map<string, string>>()
  for (const spec of auditedTables) {
    if (spec.scope.kind !== "in-place" || !spec.scope.commands.some((c) => command.startsWith(c))) continue
    const rows = new Map<string, string>()
    for await (const page of rowsOf(db, spec))
      for (const row of page) rows.set(keyOf(spec, row), contentOf(spec, row))
    snapshot.set(spec.table, rows)
  }
  return snapshot
}

/** The tables (of scope `journal`) holding a row written by journal entry `seq`: one query. */
const tablesWrittenBy = async (db: Kysely<DB>, seq: number): Promise<ReadonlySet<string>> => {
  const probes = auditedTables
    .filter((spec) => spec.scope.kind === "journal")
    .map(
      (spec) =>
        sql`select ${sql.lit(spec.table)} as t where exists (select 1 from ${sql.table(spec.table)} where journal_id = ${seq})`
    )
  const rows = (await sql<{ t: string }>`${sql.join(probes, sql` union all `)}`.execute(db)).rows
  return new Set(rows.map((r) => r.t))
}

/** Records per INSERT: a VALUES list within the parameter limit, or 5,000 as arrays (PostgreSQL). */
const sinkRows = (db: Kysely<DB>, rowsPerInsert: number) =>
  capabilitiesOf(db).dialect === "postgres" ? 5000 : Math.min(rowsPerInsert, 1000)

/** Appends records to journal_records in order, keeping the running count and hash of an entry. */
class RecordSink {
  private readonly hash = createHash("sha256")
  /** The records not written yet, each as its journal_records row (journal_id, ord, table, key, content, sha256). */
  private buffer: Array<ReadonlyArray<unknown>> = []
  count = 0

  constructor(
    private readonly db: Kysely<DB>,
    private readonly journalId: number,
    private readonly rowsPerInsert: number,
    readonly keeping: RecordKeeping = "content"
  ) {}

  async add(record: RecordDigest) {
    this.push(record.table, record.key, record.content)
    if (this.buffer.length >= this.rowsPerInsert) await this.flush()
  }

  /** Adds a page of rows at once, synchronously, then writes what fills whole INSERTs (an import's read-back). */
  async addRows(spec: AuditedTable, rows: ReadonlyArray<Row>) {
    for (const row of rows) this.push(spec.table, keyOf(spec, row), contentOf(spec, row))
    await this.flushFull()
  }

  /**
   * Adds rows given as lists of values (a write batch's rows as it inserted them), their keys at `keyAt` and
   * their content by `plan`; returns the records added, for the first `sampled` of them.
   */
  async addValues(
    table: string,
    keyAt: ReadonlyArray<number>,
    plan: ContentPlan,
    rows: ReadonlyArray<ReadonlyArray<unknown>>,
    sampled: number
  ): Promise<Array<RecordDigest>> {
    const samples: Array<RecordDigest> = []
    for (const values of rows) {
      const key = keyText(keyAt.map((at) => values[at]))
      const content = writeContent(plan, values)
      if (samples.length < sampled) samples.push({ table, key, content })
      this.push(table, key, content)
    }
    await this.flushFull()
    return samples
  }

  private async flushFull() {
    while (this.buffer.length >= this.rowsPerInsert)
      await this.flushPart(this.buffer.splice(0, this.rowsPerInsert))
  }

  private push(table: string, key: string, content: string | null) {
    const digest = this.keeping === "digest" && content !== null ? sha256(content) : null
    const kept = digest === null ? content : null
    this.hash.update(lineOf(table, key, kept, digest))
    this.count += 1
    this.buffer.push([this.journalId, this.count, table, key, kept, digest])
  }

  async flush() {
    while (this.buffer.length > 0) await this.flushPart(this.buffer.splice(0, this.rowsPerInsert))
  }

  private async flushPart(part: ReadonlyArray<ReadonlyArray<unknown>>) {
    // One array per column on PostgreSQL (a multi-row VALUES list of thousands of parameters plans slowly
    // there), VALUES lists of a fixed text on SQLite (store/unnest.ts).
    await bulkInsert(
      this.db,
      "journal_records",
      [
        ["journal_id", "bigint"],
        ["ord", "bigint"],
        ["table_name", "text"],
        ["record_key", "text"],
        ["content", "text"],
        ["content_sha256", "text"]
      ],
      part
    )
  }

  /** Forgets what was not written yet (the entry's records are read back instead). */
  async discard() {
    this.buffer = []
  }

  async digest(): Promise<RecordsDigest | null> {
    await this.flush()
    return this.count === 0 ? null : { count: this.count, sha256: this.hash.digest("hex") }
  }
}

/**
 * A record's line in the hash an entry commits to: its content, or `sha256:` and the content's digest when
 * only that is kept (content is JSON, never starting so), or `removed`.
 */
const recordLine = (r: KeptRecord) => lineOf(r.table, r.key, r.content, r.digest)

const lineOf = (table: string, key: string, content: string | null, digest: string | null) =>
  `${table}\t${key}\t${content ?? (digest === null ? "removed" : `sha256:${digest}`)}\n`

const keptOf = (r: {
  readonly table_name: string
  readonly record_key: string
  readonly content: string | null
  readonly content_sha256: string | null
}): KeptRecord => ({ table: r.table_name, key: r.record_key, content: r.content, digest: r.content_sha256 })

/**
 * Records what journal entry `seq` wrote, in its transaction: every row carrying `journal_id = seq`, the
 * rows of their child tables, and the rows of the in-place tables that differ from `before`.
 * Returns what the entry commits to, or null when it wrote no record. `keeping`: the records' content, or
 * their sha256 only (see {@link RecordKeeping}).
 */
export const captureRecords = async (
  db: Kysely<DB>,
  seq: number,
  before: InPlaceSnapshot | undefined,
  rowsPerInsert: number,
  keeping: RecordKeeping = "content"
): Promise<RecordsDigest | null> => {
  // Records the write path handed over as it wrote them (`noteRecords`), when they are all there and as
  // stored; otherwise (none, or a check failed) every record is read back as below.
  const noting = await takeNoting(db, seq, keeping)
  const sink = noting?.sink ?? new RecordSink(db, seq, sinkRows(db, rowsPerInsert), keeping)
  const covered: ReadonlySet<string> = new Set(noting?.counts.keys() ?? [])
  const written = await tablesWrittenBy(db, seq)
  for (const spec of auditedTables) {
    const scope = spec.scope
    if (covered.has(spec.table)) continue
    if (scope.kind === "journal") {
      if (!written.has(spec.table)) continue
      for await (const page of rowsOf(db, spec, sql`journal_id = ${seq}`)) await sink.addRows(spec, page)
    } else if (scope.kind === "parent") {
      if (!written.has(scope.table)) continue
      // The parents' ids a page at a time, then their children (index on the child's parent column).
      let last = 0n
      for (;;) {
        const parents = (
          await sql<{ id: unknown }>`select id from ${sql.table(scope.table)}
            where journal_id = ${seq} and id > ${last} order by id limit ${pageSize}`.execute(db)
        ).rows.map((r) => BigInt(valueText(r.id)!))
        if (parents.length === 0) break
        const children = (
          await sql<Row>`select * from ${sql.table(spec.table)} where ${sql.ref(scope.column)} in (${sql.join(parents)})
            order by ${orderByKey(spec)}`.execute(db)
        ).rows
        await sink.addRows(spec, children)
        if (parents.length < pageSize) break
        last = parents[parents.length - 1]!
      }
    } else {
      const was = before?.get(spec.table)
      if (was === undefined) continue
      const seen = new Set<string>()
      for await (const page of rowsOf(db, spec)) {
        for (const row of page) {
          const record = digestOf(spec, row)
          seen.add(record.key)
          if (was.get(record.key) !== record.content) await sink.add(record)
        }
      }
      for (const key of was.keys())
        if (!seen.has(key)) await sink.add({ table: spec.table, key, content: null })
    }
  }
  return sink.digest()
}

// ---------------------------------------------------------------------------------------------------------
// Records noted as written (a write batch: an import)
// ---------------------------------------------------------------------------------------------------------

/** A stored column: its name, and whether a row that does not name it gets NULL (no default, not generated). */
interface ColumnInfo {
  readonly name: string
  readonly nullWhenOmitted: boolean
  /** A type whose value reads back as the text of what was written (text, integers). */
  readonly plain: boolean
}

/** How many records of each table the first ones of which are kept to check against the stored rows. */
const samplesPerTable = 64

/**
 * The records a write batch hands the journal as it writes them (`noteRecords`), for the entry `seq` of a
 * transaction: kept in journal_records as they come (the sink), so that the entry's end need not read back
 * what it wrote (a million registrations and their patents: their read-back, by id lists on PostgreSQL, was
 * a large part of an import). `takeNoting` checks them against the store before the entry commits to them.
 */
interface Noting {
  readonly sink: RecordSink
  readonly columns: Map<string, ReadonlyArray<ColumnInfo> | undefined>
  /** Records noted per table. */
  readonly counts: Map<string, number>
  /** The first records noted per table, compared with the stored rows under their keys at the end. */
  readonly samples: Map<string, Array<RecordDigest>>
  /** A table could not be noted (a column with a default, a type read back otherwise): all read back. */
  abandoned: boolean
}

/** Per transaction (its Kysely object), per journal entry. */
const notings = new WeakMap<object, Map<number, Noting>>()

/**
 * Lets the writes of journal entry `seq` in transaction `db` note the records they write (`noteRecords`):
 * a write batch that keeps its records' digests (`keeping`), whose writes insert many rows a statement.
 */
export const noteRecordsOf = (db: Kysely<DB>, seq: number, keeping: RecordKeeping): void => {
  let entries = notings.get(db)
  if (entries === undefined) {
    entries = new Map()
    notings.set(db, entries)
  }
  const rowsPerInsert = sinkRows(db, capabilitiesOf(db).rowsPerInsert(6))
  entries.set(seq, {
    sink: new RecordSink(db, seq, rowsPerInsert, keeping),
    columns: new Map(),
    counts: new Map(),
    samples: new Map(),
    abandoned: false
  })
}

/** Whether the writes of entry `seq` note their records (to skip building them when not). */
export const notingRecords = (db: Kysely<DB>, seq: number): boolean => {
  const noting = notings.get(db)?.get(seq)
  return noting !== undefined && !noting.abandoned
}

const plainTypes = /^(text|integer|int|bigint|int8|int4|int2|smallint|character varying|varchar)$/i

/** The table's stored columns, in order (SQLite's table_info, PostgreSQL's information_schema). */
const columnsOf = async (db: Kysely<DB>, table: string): Promise<ReadonlyArray<ColumnInfo>> => {
  if (capabilitiesOf(db).dialect === "postgres") {
    const rows = (
      await sql<{
        column_name: string
        column_default: string | null
        is_identity: string
        is_generated: string
        data_type: string
      }>`select column_name, column_default, is_identity, is_generated, data_type from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db)
    ).rows
    return rows.map((r) => ({
      name: r.column_name,
      nullWhenOmitted: r.column_default === null && r.is_identity !== "YES" && r.is_generated !== "ALWAYS",
      plain: plainTypes.test(r.data_type)
    }))
  }
  const rows = (
    await sql<{
      name: string
      type: string
      dflt_value: unknown
      pk: number | bigint
      hidden: number | bigint
    }>`
      select name, type, dflt_value, pk, hidden from pragma_table_xinfo(${table})`.execute(db)
  ).rows
  return rows.map((r) => ({
    name: r.name,
    nullWhenOmitted: r.dflt_value === null && Number(r.pk) === 0 && Number(r.hidden) === 0,
    plain: plainTypes.test(r.type)
  }))
}

/**
 * Notes the rows a write of journal entry `seq` has just inserted into `table` — each the values of
 * `columns`, in order, exactly as inserted (with its key, e.g. the id the insert returned) — so that the
 * entry keeps their digests without reading them back. Nothing when the entry does not note its records.
 * Call it once the rows are in, when nothing undoes them short of the whole transaction.
 */
export const noteRecords = async (
  db: Kysely<DB>,
  seq: number,
  table: string,
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>
): Promise<void> => {
  const noting = notings.get(db)?.get(seq)
  if (noting === undefined || noting.abandoned || rows.length === 0) return
  const spec = auditedTables.find((t) => t.table === table)
  if (spec === undefined || spec.scope.kind === "in-place") return
  if (!noting.columns.has(table)) noting.columns.set(table, await columnsOf(db, table))
  const stored = noting.columns.get(table)
  // Every stored column either given (as a value that reads back as its text) or NULL when omitted.
  const given = new Map(columns.map((c, i) => [c, i]))
  const usable =
    stored !== undefined &&
    stored.length > 0 &&
    columns.every((c) => stored.some((s) => s.name === c && s.plain)) &&
    stored.every((s) => given.has(s.name) || s.nullWhenOmitted)
  if (!usable) {
    noting.abandoned = true
    return
  }
  // Each record as the stored row's would be (contentOf), written from the values: a column not given is null.
  const plan = contentPlan(
    spec,
    stored.map((c) => [c.name, given.get(c.name) ?? -1])
  )
  const keyAt = spec.key.map(([column]) => given.get(column) ?? -1)
  const samples = noting.samples.get(table) ?? []
  noting.samples.set(table, samples)
  noting.counts.set(table, (noting.counts.get(table) ?? 0) + rows.length)
  // The first records of each table are compared with the stored rows (written by contentOf) at the end.
  samples.push(...(await noting.sink.addValues(table, keyAt, plan, rows, samplesPerTable - samples.length)))
}

/**
 * The records noted for entry `seq`, when they hold: noted with the entry's keeping, as many per table as
 * the entry wrote there, and the first ones of each table as stored. Otherwise what was kept of them is
 * removed and undefined returned (the entry's records are all read back).
 */
const takeNoting = async (
  db: Kysely<DB>,
  seq: number,
  keeping: RecordKeeping
): Promise<Noting | undefined> => {
  const noting = notings.get(db)?.get(seq)
  if (noting === undefined) return undefined
  notings.get(db)?.delete(seq)
  if (!noting.abandoned && noting.sink.keeping === keeping && (await notedHold(db, seq, noting)))
    return noting
  await noting.sink.discard()
  await db.deleteFrom("journal_records").where("journal_id", "=", seq).execute()
  return undefined
}

const countOf = async (db: Kysely<DB>, query: RawBuilder<{ n: unknown }>) =>
  toInt((await query.execute(db)).rows[0]?.n as number | bigint | string | undefined)

/** Whether the noted records are what entry `seq` wrote (see `takeNoting`). */
const notedHold = async (db: Kysely<DB>, seq: number, noting: Noting): Promise<boolean> => {
  for (const [table, noted] of noting.counts) {
    const spec = auditedTables.find((t) => t.table === table)!
    const scope = spec.scope
    const stored =
      scope.kind === "journal"
        ? await countOf(db, sql`select count(*) as n from ${sql.table(table)} where journal_id = ${seq}`)
        : scope.kind === "parent"
          ? await countOf(
              db,
              sql`select count(*) as n from ${sql.table(table)} c where ${sql.ref(`c.${scope.column}`)} in
                (select p.id from ${sql.table(scope.table)} p where p.journal_id = ${seq})`
            )
          : -1
    if (stored !== noted) return false
    const samples = noting.samples.get(table) ?? []
    const rows = (
      await sql<Row>`select * from ${sql.table(table)}
        where (${keyColumns(spec)}) in (${sql.join(samples.map((r) => keyTuple(spec, r.key)))})`.execute(db)
    ).rows
    const found = new Map(rows.map((row) => [keyOf(spec, row), contentOf(spec, row)]))
    if (samples.some((r) => found.get(r.key) !== r.content)) return false
  }
  return true
}

/** Records every row of every audited table as written by `journalId` (the baseline of older stores). */
export const captureAll = async (
  db: Kysely<DB>,
  journalId: number,
  rowsPerInsert: number
): Promise<RecordsDigest | null> => {
  const sink = new RecordSink(db, journalId, sinkRows(db, rowsPerInsert))
  for (const spec of auditedTables) for await (const page of rowsOf(db, spec)) await sink.addRows(spec, page)
  return sink.digest()
}

/** The chain's starting hash: the genesis, or after the records a fresh store began with (journal_id 0). */
export const chainStart = (genesis: string, records: RecordsDigest | null): string =>
  records === null ? genesis : sha256(`${genesis}\nrecords ${canonicalJson(records)}`)

// ---------------------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------------------

export interface FieldDifference {
  readonly field: string
  /** The value the journal recorded (null: none), and the value stored now (null: none). */
  readonly expected: string | null
  readonly found: string | null
}

/**
 * One record that is not what the journal says: `changed` (its fields differ from what entry `journalSeq`
 * wrote), `added` (no journal entry wrote it), `deleted` (entry `journalSeq` wrote it, it is gone), or
 * `journal` (the records kept for entry `journalSeq` do not match what the entry's hash committed to).
 */
export interface AuditFinding {
  readonly kind: "changed" | "added" | "deleted" | "journal"
  readonly table: string
  readonly key: string
  readonly journalSeq?: number | undefined
  readonly fields?: ReadonlyArray<FieldDifference> | undefined
  readonly detail?: string | undefined
}

export class Findings {
  readonly items: Array<AuditFinding> = []
  total = 0
  constructor(private readonly limit: number) {}
  add(finding: AuditFinding) {
    this.total += 1
    if (this.items.length < this.limit) this.items.push(finding)
  }
}

const fieldsDiffer = (expected: string, found: string): ReadonlyArray<FieldDifference> => {
  const a = JSON.parse(expected) as Record<string, string | null>
  const b = JSON.parse(found) as Record<string, string | null>
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return fields
    .filter((f) => (a[f] ?? null) !== (b[f] ?? null) || f in a !== f in b)
    .map((f) => ({ field: f, expected: a[f] ?? null, found: b[f] ?? null }))
}

interface Latest {
  readonly journalId: number
  readonly content: string | null
  /** The content's sha256, when only that is kept (an import's records). */
  readonly digest: string | null
}

/** Whether the journal's latest word on a record is its removal. */
const removed = (latest: Latest) => latest.content === null && latest.digest === null

const latestDigests = async (
  db: Kysely<DB>,
  table: string,
  keys: ReadonlyArray<string>
): Promise<Map<string, Latest>> => {
  const latest = new Map<string, Latest>()
  if (keys.length === 0) return latest
  const rows = await db
    .selectFrom("journal_records")
    .select(["record_key", "journal_id", "content", "content_sha256"])
    .where("table_name", "=", table)
    .where("record_key", "in", keys)
    .execute()
  for (const r of rows) {
    const journalId = toInt(r.journal_id)
    const seen = latest.get(r.record_key)
    if (seen === undefined || seen.journalId < journalId)
      latest.set(r.record_key, { journalId, content: r.content, digest: r.content_sha256 })
  }
  return latest
}

/** Compares stored rows (a page) with the latest content the journal gave each. */
const compareRows = async (
  db: Kysely<DB>,
  spec: AuditedTable,
  rows: ReadonlyArray<Row>,
  findings: Findings
): Promise<number> => {
  let matched = 0
  const records = rows.map((row) => digestOf(spec, row))
  const latest = await latestDigests(
    db,
    spec.table,
    records.map((r) => r.key)
  )
  for (const record of records) {
    const known = latest.get(record.key)
    if (known === undefined || removed(known)) {
      findings.add({
        kind: "added",
        table: spec.table,
        key: record.key,
        journalSeq: known?.journalId,
        detail: known === undefined ? "no journal entry wrote it" : "a journal entry removed it"
      })
    } else {
      matched += 1
      if (known.content === null) {
        // Only the content's sha256 is kept: a difference is found, not which field it is in.
        if (known.digest !== sha256(record.content ?? "{}"))
          findings.add({
            kind: "changed",
            table: spec.table,
            key: record.key,
            journalSeq: known.journalId,
            fields: [],
            detail: `its content differs from what journal entry ${known.journalId} wrote (kept as its sha256, so the fields are not named)`
          })
      } else if (known.content !== record.content)
        findings.add({
          kind: "changed",
          table: spec.table,
          key: record.key,
          journalSeq: known.journalId,
          fields: fieldsDiffer(known.content, record.content ?? "{}")
        })
    }
  }
  return matched
}

/** Of these keys, the ones with no row in the table. */
const missingKeys = async (db: Kysely<DB>, spec: AuditedTable, keys: ReadonlyArray<string>) => {
  if (keys.length === 0) return []
  const rows = (
    await sql<Row>`select ${keyColumns(spec)} from ${sql.table(spec.table)}
      where (${keyColumns(spec)}) in (${sql.join(keys.map((k) => keyTuple(spec, k)))})`.execute(db)
  ).rows
  const present = new Set(rows.map((row) => keyOf(spec, row)))
  return keys.filter((k) => !present.has(k))
}

/** Records the journal says exist (their latest content is not a removal) whose row is gone. */
const findDeleted = async (db: Kysely<DB>, spec: AuditedTable, findings: Findings) => {
  let lastKey: string | undefined
  let lastJournal = 0
  let current: { key: string; latest: Latest } | undefined
  let candidates: Array<{ key: string; latest: Latest }> = []
  const check = async () => {
    const missing = new Set(
      await missingKeys(
        db,
        spec,
        candidates.map((c) => c.key)
      )
    )
    for (const c of candidates)
      if (missing.has(c.key))
        findings.add({
          kind: "deleted",
          table: spec.table,
          key: c.key,
          journalSeq: c.latest.journalId,
          detail: `journal entry ${c.latest.journalId} wrote it`
        })
    candidates = []
  }
  const settle = async () => {
    if (current !== undefined && !removed(current.latest)) candidates.push(current)
    if (candidates.length >= 500) await check()
  }
  for (;;) {
    let q = db
      .selectFrom("journal_records")
      .select(["record_key", "journal_id", "content", "content_sha256"])
      .where("table_name", "=", spec.table)
    // Row values: a range on journal_records_record, on both dialects.
    if (lastKey !== undefined)
      q = q.where(
        sql<boolean>`(table_name, record_key, journal_id) > (${spec.table}, ${lastKey}, ${lastJournal})`
      )
    const page = await q.orderBy("record_key").orderBy("journal_id").limit(pageSize).execute()
    for (const r of page) {
      const journalId = toInt(r.journal_id)
      const latest = { journalId, content: r.content, digest: r.content_sha256 }
      if (current === undefined || current.key !== r.record_key) {
        await settle()
        current = { key: r.record_key, latest }
      } else current = { key: r.record_key, latest }
      lastKey = r.record_key
      lastJournal = journalId
    }
    if (page.length < pageSize) break
  }
  await settle()
  await check()
}

export interface RecordsVerification {
  /** Rows compared with the journal. */
  readonly records: number
  readonly findings: Findings
}

/** The names of the migrations this store has run (Kysely's own table). */
export const appliedMigrations = async (db: Kysely<DB>): Promise<ReadonlySet<string>> => {
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db)
  return new Set(rows.rows.map((r) => r.name))
}

/** The audited tables this store's migrations have created. */
const tablesOf = async (db: Kysely<DB>): Promise<ReadonlyArray<AuditedTable>> => {
  const applied = await appliedMigrations(db)
  return auditedTables.filter((spec) => spec.since === undefined || applied.has(spec.since))
}

/** Full: every row of every audited table against the latest content the journal gave it, and back. */
export const verifyAllRecords = async (db: Kysely<DB>, findings: Findings): Promise<number> => {
  let records = 0
  for (const spec of await tablesOf(db)) {
    let matched = 0
    for await (const page of rowsOf(db, spec)) {
      records += page.length
      matched += await compareRows(db, spec, page, findings)
    }
    // Insert-only tables have one record per key: when every one of them matched a row, none is gone.
    if (spec.scope.kind !== "in-place") {
      const kept = await db
        .selectFrom("journal_records")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("table_name", "=", spec.table)
        .where((eb) => eb.or([eb("content", "is not", null), eb("content_sha256", "is not", null)]))
        .executeTakeFirstOrThrow()
      if (toInt(kept.n as number | bigint | string) === matched) continue
    }
    await findDeleted(db, spec, findings)
  }
  return records
}

/**
 * Quick: the latest `recent` records the journal kept against the rows stored under their keys, the
 * in-place tables in full, and, for every other table, the number of rows against the number of records
 * the journal wrote into it (a row added or deleted anywhere changes it, a full verification names it).
 */
export const verifyRecentRecords = async (
  db: Kysely<DB>,
  findings: Findings,
  recent: number
): Promise<number> => {
  let records = 0
  for (const spec of await tablesOf(db)) {
    if (spec.scope.kind === "in-place") {
      for await (const page of rowsOf(db, spec)) {
        records += page.length
        await compareRows(db, spec, page, findings)
      }
      await findDeleted(db, spec, findings)
      continue
    }
    const count = async (query: RawBuilder<{ n: unknown }>) =>
      toInt((await query.execute(db)).rows[0]?.n as number | bigint | string | undefined)
    const stored = await count(sql<{ n: unknown }>`select count(*) as n from ${sql.table(spec.table)}`)
    const recorded = await count(
      sql<{ n: unknown }>`select count(*) as n from journal_records where table_name = ${spec.table}`
    )
    if (stored !== recorded)
      findings.add({
        kind: stored > recorded ? "added" : "deleted",
        table: spec.table,
        key: "*",
        detail: `${stored} rows stored, ${recorded} written by the journal (a full verification names them)`
      })
  }
  // The latest records, newest first along the primary key, against the rows under their keys.
  let last: { journalId: number; ord: number } | undefined
  let seen = 0
  while (seen < recent) {
    let q = db.selectFrom("journal_records").select(["journal_id", "ord", "table_name", "record_key"])
    if (last !== undefined) q = q.where(sql<boolean>`(journal_id, ord) < (${last.journalId}, ${last.ord})`)
    const page = await q
      .orderBy("journal_id", "desc")
      .orderBy("ord", "desc")
      .limit(Math.min(pageSize, recent - seen))
      .execute()
    if (page.length === 0) break
    seen += page.length
    const byTable = new Map<string, Set<string>>()
    for (const r of page) {
      const keys = byTable.get(r.table_name) ?? new Set<string>()
      keys.add(r.record_key)
      byTable.set(r.table_name, keys)
    }
    for (const [table, keySet] of byTable) {
      const spec = auditedTables.find((t) => t.table === table)
      if (spec === undefined || spec.scope.kind === "in-place") continue
      const keys = [...keySet]
      const rows = (
        await sql<Row>`select * from ${sql.table(spec.table)}
          where (${keyColumns(spec)}) in (${sql.join(keys.map((k) => keyTuple(spec, k)))})`.execute(db)
      ).rows
      records += rows.length
      await compareRows(db, spec, rows, findings)
      const present = new Set(rows.map((row) => keyOf(spec, row)))
      const latest = await latestDigests(
        db,
        spec.table,
        keys.filter((k) => !present.has(k))
      )
      for (const [key, known] of latest)
        if (!removed(known))
          findings.add({
            kind: "deleted",
            table: spec.table,
            key,
            journalSeq: known.journalId,
            detail: `journal entry ${known.journalId} wrote it`
          })
    }
    const tail = page[page.length - 1]!
    last = { journalId: toInt(tail.journal_id), ord: toInt(tail.ord) }
  }
  return records
}

/**
 * Each entry's kept records against what its hash committed to, entries after `afterSeq` (journal_id 0,
 * the records a fresh store began with, is checked by the chain's start). Streams journal_records in
 * (journal_id, ord) order and the entries that wrote records in id order, side by side.
 */
export const verifyCommitments = async (
  db: Kysely<DB>,
  findings: Findings,
  afterSeq: number
): Promise<void> => {
  const entries = async function* () {
    let last = afterSeq
    for (;;) {
      const page = await db
        .selectFrom("journal")
        .select(["id", "records"])
        .where("id", ">", last)
        .where("records", "is not", null)
        .orderBy("id")
        .limit(pageSize)
        .execute()
      for (const r of page) yield { seq: toInt(r.id), records: JSON.parse(r.records!) as RecordsDigest }
      if (page.length < pageSize) return
      last = toInt(page[page.length - 1]!.id)
    }
  }
  const groups = async function* () {
    let lastJournal = afterSeq
    let lastOrd = Number.MAX_SAFE_INTEGER
    let group: { seq: number; count: number; hash: ReturnType<typeof createHash> } | undefined
    for (;;) {
      // Row values: a range on the primary key, on both dialects.
      const page = await db
        .selectFrom("journal_records")
        .selectAll()
        .where(sql<boolean>`(journal_id, ord) > (${lastJournal}, ${lastOrd})`)
        .orderBy("journal_id")
        .orderBy("ord")
        .limit(pageSize)
        .execute()
      for (const r of page) {
        const seq = toInt(r.journal_id)
        if (group !== undefined && group.seq !== seq) {
          yield { seq: group.seq, records: { count: group.count, sha256: group.hash.digest("hex") } }
          group = undefined
        }
        group ??= { seq, count: 0, hash: createHash("sha256") }
        group.count += 1
        group.hash.update(recordLine(keptOf(r)))
        lastJournal = seq
        lastOrd = toInt(r.ord)
      }
      if (page.length < pageSize) break
    }
    if (group !== undefined)
      yield { seq: group.seq, records: { count: group.count, sha256: group.hash.digest("hex") } }
  }
  const kept = groups()
  const claimed = entries()
  let g = await kept.next()
  let e = await claimed.next()
  const say = (seq: number, detail: string) =>
    findings.add({ kind: "journal", table: "journal", key: String(seq), journalSeq: seq, detail })
  while (!g.done || !e.done) {
    if (!g.done && (e.done || g.value.seq < e.value.seq)) {
      say(g.value.seq, `records are kept for journal entry ${g.value.seq}, which committed to none`)
      g = await kept.next()
    } else if (!e.done && (g.done || e.value.seq < g.value.seq)) {
      say(e.value.seq, `journal entry ${e.value.seq} wrote ${e.value.records.count} records; none are kept`)
      e = await claimed.next()
    } else if (!g.done && !e.done) {
      if (
        g.value.records.count !== e.value.records.count ||
        g.value.records.sha256 !== e.value.records.sha256
      )
        say(
          e.value.seq,
          `the records kept for journal entry ${e.value.seq} (${g.value.records.count}) differ from what it wrote (${e.value.records.count})`
        )
      g = await kept.next()
      e = await claimed.next()
    }
  }
}

/** The records a fresh store began with (journal_id 0), as the chain's start commits to them. */
export const genesisRecords = async (db: Kysely<DB>): Promise<RecordsDigest | null> => {
  const hash = createHash("sha256")
  let count = 0
  let lastOrd = 0
  for (;;) {
    const page = await db
      .selectFrom("journal_records")
      .selectAll()
      .where("journal_id", "=", 0)
      .where("ord", ">", lastOrd)
      .orderBy("ord")
      .limit(pageSize)
      .execute()
    for (const r of page) {
      count += 1
      hash.update(recordLine(keptOf(r)))
      lastOrd = toInt(r.ord)
    }
    if (page.length < pageSize) break
  }
  return count === 0 ? null : { count, sha256: hash.digest("hex") }
}
