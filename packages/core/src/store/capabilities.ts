import type { ColumnDataType, ColumnDefinitionBuilder } from "kysely"

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
}

export const sqliteCapabilities: Capabilities = {
  dialect: "sqlite",
  bigint: "integer",
  idType: "integer",
  identity: (column) => column.primaryKey().autoIncrement(),
  transactionalDdl: false,
  rowsPerInsert: (columns) => Math.max(1, Math.floor(32_766 / columns))
}

export const postgresCapabilities: Capabilities = {
  dialect: "postgres",
  bigint: "bigint",
  idType: "bigint",
  identity: (column) => column.primaryKey().generatedAlwaysAsIdentity(),
  transactionalDdl: true,
  rowsPerInsert: (columns) => Math.max(1, Math.floor(65_535 / columns))
}
