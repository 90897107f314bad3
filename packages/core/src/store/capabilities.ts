import {
  type ColumnDataType,
  type ColumnDefinitionBuilder,
  type Kysely,
  PostgresAdapter,
  type RawBuilder,
  sql
} from "kysely"

/** Everything that differs between SQLite and PostgreSQL lives here, nowhere else. */
export interface Capabilities {
  readonly dialect: "sqlite" | "postgres"
  /** Column type for integer fen and other 64-bit integers. */
  readonly bigint: ColumnDataType
  /** Column type for a generated primary key. */
  readonly idType: ColumnDataType
  readonly identity: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
  /** Whether DDL runs inside a transaction (Kysely's migrator wraps it on PostgreSQL only). */
  readonly transactionalDdl: boolean
  /** Rows per multi-row INSERT that stay under the dialect's bound-parameter limit for `columns` columns. */
  readonly rowsPerInsert: (columns: number) => number
  /**
   * The exact sum of an integer expression (fen) over a group, as decimal text; null over no rows. Use it
   * for every sum of money: the sum of the store's largest amounts passes 2^63 after 93 rows.
   */
  readonly exactSum: (expression: RawBuilder<unknown>) => RawBuilder<string | null>
}

/** The SQL function SQLite's {@link Capabilities.exactSum} calls: registered on every SQLite connection. */
export const exactSumFunction = {
  name: "kejin_exact_sum",
  /** hi·10^9 + lo in bigint, as text (null when the group has no values). */
  combine: (hi: bigint | null, lo: bigint | null): string | null =>
    hi === null || lo === null ? null : (hi * 1_000_000_000n + lo).toString()
} as const

/**
 * SQLite's `sum()` fails with "integer overflow" past 2^63 (and `total()` is a float), so SQLite sums
 * each value's billions (`x / 10^9`) and its remainder (`x % 10^9`, same sign) as two integer sums, and
 * one call per group of {@link exactSumFunction} joins them exactly: x = (x / 10^9)·10^9 + x % 10^9 for
 * every integer x (division truncates), so the total is hi·10^9 + lo. Neither part can overflow: the
 * remainders are below 10^9 each, so 9.2·10^9 rows fit; the largest amount the store accepts
 * (99,999,999,999,999,999 fen) has 10^8 billions, so 9.2·10^10 rows fit.
 */
const sqliteExactSum = (x: RawBuilder<unknown>) =>
  sql<string | null>`${sql.raw(exactSumFunction.name)}(sum((${x}) / 1000000000), sum((${x}) % 1000000000))`

export const sqliteCapabilities: Capabilities = {
  dialect: "sqlite",
  bigint: "integer",
  idType: "integer",
  identity: (column) => column.primaryKey().autoIncrement(),
  transactionalDdl: false,
  rowsPerInsert: (columns) => Math.max(1, Math.floor(32_766 / columns)),
  exactSum: sqliteExactSum
}

export const postgresCapabilities: Capabilities = {
  dialect: "postgres",
  bigint: "bigint",
  idType: "bigint",
  identity: (column) => column.primaryKey().generatedAlwaysAsIdentity(),
  transactionalDdl: true,
  rowsPerInsert: (columns) => Math.max(1, Math.floor(65_535 / columns)),
  // sum(int8) is numeric in PostgreSQL: exact at any size.
  exactSum: (x) => sql<string | null>`cast(sum(${x}) as text)`
}

/**
 * The capabilities of the store a query runs on, from its Kysely instance (or transaction), for query
 * functions that are handed only `db`.
 */
export const capabilitiesOf = (db: Pick<Kysely<never>, "getExecutor">): Capabilities =>
  db.getExecutor().adapter instanceof PostgresAdapter ? postgresCapabilities : sqliteCapabilities

/**
 * The mark of a statement a PostgreSQL store may prepare once per connection, by name (store/database.ts):
 * a fixed-shape read run again and again (a figure from the aggregates), whose planning costs as much as
 * its execution. Only for statements whose text takes a few shapes: each text is one prepared statement
 * on each connection of the pool.
 */
export const PREPARED_MARK = "/* prepared */ "

/** `query` marked {@link PREPARED_MARK}: prepared by name on a PostgreSQL store where that is safe. */
export const preparedByName = <T>(query: RawBuilder<T>): RawBuilder<T> =>
  sql<T>`${sql.raw(PREPARED_MARK)}${query}`
