import { type Kysely, sql } from "kysely"
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
  options: { readonly returning?: "id" } = {}
): Promise<ReadonlyArray<number>> => {
  const ids: Array<number> = []
  const names = sql.join(columns.map(([name]) => sql.ref(name)))
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
      order by kejin_ord${options.returning === "id" ? sql` returning id` : sql``}`
    const result = await query.execute(db)
    if (options.returning === "id") {
      const got = result.rows.map((r) => BigInt(String(r.id)))
      got.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      for (const id of got) ids.push(toInt(id))
    }
  }
  return ids
}
