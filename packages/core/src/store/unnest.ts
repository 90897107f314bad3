import { CompiledQuery, type Kysely, sql } from "kysely"
import { capabilitiesOf } from "./capabilities.js"
import type { DB } from "./schema.js"
import { toInt } from "./schema.js"

/**
 * Bulk INSERT on PostgreSQL: one array parameter per column, `INSERT … SELECT … FROM unnest($1::bigint[],
 * $2::text[], …)`, instead of a multi-row VALUES list of one parameter per value. The statement's text is
 * the same whatever the number of rows (PostgreSQL plans it once; a VALUES list of ~6,500 parameters took
 * longer to parse and plan than to run), and a batch is a handful of statements rather than hundreds.
 */

/** A column and its PostgreSQL element type, as the array parameter is cast. */
export type UnnestColumn = readonly [name: string, type: "bigint" | "integer" | "text"]

export interface InsertOptions {
  readonly returning?: "id"
  /**
   * An upsert that adds: a row whose `keys` are already there adds its other `columns` to the stored ones
   * (`on conflict (keys) do update set c = c + excluded.c`). The rows' keys must be distinct.
   */
  readonly addOnConflict?: { readonly keys: ReadonlyArray<string>; readonly columns: ReadonlyArray<string> }
}

/** The `on conflict … do update` clause of {@link InsertOptions.addOnConflict} (names are ours, never input). */
const addOnConflict = (table: string, { keys, columns }: NonNullable<InsertOptions["addOnConflict"]>) =>
  ` on conflict (${keys.map((k) => `"${k}"`).join(", ")}) do update set ${columns
    .map((c) => `"${c}" = "${table}"."${c}" + excluded."${c}"`)
    .join(", ")}`

/** Rows per statement: bounded so one statement's arrays stay a few megabytes. */
const rowsPerStatement = 20_000

/**
 * Inserts `rows` (each the columns' values in order) into `table`. With `returning: "id"`, the ids of the
 * new rows in the order of `rows`: the rows are inserted in their order (`with ordinality … order by`), and
 * an identity column numbers them in insertion order, so the returned ids sorted are in the rows' order.
 */
export const unnestInsert = async (
  db: Kysely<DB>,
  table: string,
  columns: ReadonlyArray<UnnestColumn>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  options: InsertOptions = {}
): Promise<ReadonlyArray<number>> => {
  const ids: Array<number> = []
  const names = sql.join(columns.map(([name]) => sql.ref(name)))
  const conflict =
    options.addOnConflict === undefined ? sql`` : sql.raw(addOnConflict(table, options.addOnConflict))
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const part = rows.slice(start, start + rowsPerStatement)
    const arrays = columns.map(([, type], c) => {
      const values = part.map((row) => {
        const value = row[c]
        return value === undefined || value === null
          ? null
          : typeof value === "bigint"
            ? value.toString()
            : value
      })
      return sql`cast(${values} as ${sql.raw(`${type}[]`)})`
    })
    const query = sql<{ id: unknown }>`insert into ${sql.table(table)} (${names})
      select ${names} from unnest(${sql.join(arrays)}) with ordinality as t(${names}, kejin_ord)
      order by kejin_ord${conflict}${options.returning === "id" ? sql` returning id` : sql``}`
    const result = await query.execute(db)
    if (options.returning === "id") {
      const got = result.rows.map((r) => BigInt(String(r.id)))
      got.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      for (const id of got) ids.push(toInt(id))
    }
  }
  return ids
}

/** SQLite's statements of `valuesInsert`, by table, columns, rows and returning: the same text each time. */
const valuesText = new Map<string, string>()

/**
 * The row counts of `valuesInsert`'s statements for `rows` rows, in order: as many full statements of
 * `perStatement` rows as fit, then the rest as powers of two, largest first (437: 256, 128, 32, 16, 4, 1).
 * So a table is written by at most ten shapes of statement, whatever the counts: a statement for each count
 * (a tail of 1 to 499 rows per call) was prepared, and kept by the store's statement cache (1000 by SQL
 * text), once per count. A prepared statement of a few hundred rows of eleven columns holds about 0.3 MiB
 * of SQLite's memory; the end of an import of 1,000,000 rows (its caches written 2,000 enterprises at a
 * time) gathered hundreds of them, the largest part of its peak memory (bench/README.md, Imports).
 */
export const statementCounts = (rows: number, perStatement: number): ReadonlyArray<number> => {
  const counts: Array<number> = []
  for (let left = rows; left > 0; ) {
    const count = left >= perStatement ? perStatement : 2 ** Math.floor(Math.log2(left))
    counts.push(count)
    left -= count
  }
  return counts
}

/**
 * Bulk INSERT on SQLite: multi-row `VALUES` lists of up to 500 rows (within SQLite's 32,766 bound
 * parameters), the statement's text written once per shape and run as it is, not built by Kysely's
 * query builder (which makes and compiles a node per value: a third of an import's time in JavaScript).
 * The statements' row counts are few ({@link statementCounts}), so the store's statement cache prepares
 * each shape once.
 */
const valuesInsert = async (
  db: Kysely<DB>,
  table: string,
  columns: ReadonlyArray<UnnestColumn>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  options: InsertOptions
): Promise<ReadonlyArray<number>> => {
  const ids: Array<number> = []
  const perStatement = Math.max(1, Math.min(500, Math.floor(32_766 / columns.length)))
  let start = 0
  for (const count of statementCounts(rows.length, perStatement)) {
    const conflict = options.addOnConflict === undefined ? "" : addOnConflict(table, options.addOnConflict)
    const key = `${table}|${columns.map(([name]) => name).join(",")}|${count}|${options.returning ?? ""}|${conflict}`
    let text = valuesText.get(key)
    if (text === undefined) {
      const tuple = `(${columns.map(() => "?").join(", ")})`
      text = `insert into "${table}" (${columns.map(([name]) => `"${name}"`).join(", ")}) values ${Array.from(
        { length: count },
        () => tuple
      ).join(", ")}${conflict}${options.returning === "id" ? " returning id" : ""}`
      if (valuesText.size >= 200) valuesText.clear()
      valuesText.set(key, text)
    }
    const parameters: Array<unknown> = []
    for (let r = start; r < start + count; r++) {
      const row = rows[r]!
      for (let c = 0; c < columns.length; c++) {
        const value = row[c]
        parameters.push(value === undefined ? null : value)
      }
    }
    const result = await db.executeQuery<{ id: unknown }>(CompiledQuery.raw(text, parameters))
    if (options.returning === "id") {
      // A statement's rows take ascending ids in their order (as on PostgreSQL, sorted whatever RETURNING's order).
      const got = result.rows.map((r) => toInt(r.id as number | bigint))
      got.sort((a, b) => a - b)
      for (const id of got) ids.push(id)
    }
    start += count
  }
  return ids
}

/**
 * Inserts `rows` (each the columns' values in order) into `table` on either dialect: one array per column
 * on PostgreSQL ({@link unnestInsert}), multi-row VALUES lists of a fixed text on SQLite. With `returning:
 * "id"`, the new rows' ids in the order of `rows`.
 */
export const bulkInsert = (
  db: Kysely<DB>,
  table: string,
  columns: ReadonlyArray<UnnestColumn>,
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
  options: InsertOptions = {}
): Promise<ReadonlyArray<number>> =>
  rows.length === 0
    ? Promise.resolve([])
    : capabilitiesOf(db).dialect === "postgres"
      ? unnestInsert(db, table, columns, rows, options)
      : valuesInsert(db, table, columns, rows, options)

/** Per transaction (its Kysely object): how many rows each table has gained, and at how many it was analyzed. */
const grown = new WeakMap<object, Map<string, { rows: number; analyzedAt: number }>>()

/** The fewest rows a table gains in a transaction before its statistics are taken. */
const analyzeFrom = 1000

/**
 * PostgreSQL: keeps the planner's statistics of `tables` in step with a transaction that loads them (an
 * import, a bulk write), given the rows each just gained. A table written in one long transaction has no
 * statistics of its new rows (autovacuum sees them only after the commit), and with none the planner
 * takes any `col in (…)` list of a few hundred values for most of the table: a bulk check of numbers,
 * patents or rows imported before became a scan of everything written so far, chunk after chunk (100,000
 * rows took 216 s). `ANALYZE` in the transaction samples its own new rows; it runs when a table has
 * gained 1,000 rows and again each time that count doubles (so about log2(rows) times in all). Nothing on
 * SQLite, whose planner reads the indexes themselves.
 */
export const analyzeAsGrown = async (
  db: Kysely<DB>,
  gained: ReadonlyArray<readonly [table: string, rows: number]>
): Promise<void> => {
  if (capabilitiesOf(db).dialect !== "postgres") return
  let tables = grown.get(db)
  if (tables === undefined) {
    tables = new Map()
    grown.set(db, tables)
  }
  const due: Array<string> = []
  for (const [table, rows] of gained) {
    const state = tables.get(table) ?? { rows: 0, analyzedAt: 0 }
    state.rows += rows
    tables.set(table, state)
    if (state.rows >= analyzeFrom && state.rows >= 2 * state.analyzedAt) {
      state.analyzedAt = state.rows
      due.push(table)
    }
  }
  if (due.length > 0) await sql`analyze ${sql.join(due.map((t) => sql.table(t)))}`.execute(db)
}

/** PostgreSQL: takes the statistics of `tables` now (after a load's last rows); nothing on SQLite. */
export const analyzeNow = async (db: Kysely<DB>, tables: ReadonlyArray<string>): Promise<void> => {
  if (capabilitiesOf(db).dialect !== "postgres" || tables.length === 0) return
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db)
}
