import type { ColumnDataType, ColumnDefinitionBuilder, Kysely } from "kysely"

/**
 * Frozen with the migrations that use it: never edit this module. Its values are part of what 0001–0010
 * create, so a change here would make a released migration do something else. It is the dialect part of
 * `../capabilities.ts` as it was when they were written (commit d4ef0b6); today's capabilities may move
 * on without them. A new migration that needs something else writes it inline or in a new helper module.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not use today's table types
export type FrozenDb = Kysely<any>

/** What the migration provider tells every migration: the dialect, as data. */
export interface MigrationContext {
  readonly dialect: "sqlite" | "postgres"
}

/** The capabilities record of d4ef0b6, minus what no migration reads. */
export interface FrozenCapabilities {
  readonly dialect: "sqlite" | "postgres"
  /** Column type for integer fen and other 64-bit integers. */
  readonly bigint: ColumnDataType
  /** Column type for a generated primary key. */
  readonly idType: ColumnDataType
  readonly identity: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
  /** Whether DDL runs inside a transaction (Kysely's migrator wraps it on PostgreSQL only). */
  readonly transactionalDdl: boolean
}

const sqlite: FrozenCapabilities = {
  dialect: "sqlite",
  bigint: "integer",
  idType: "integer",
  identity: (column) => column.primaryKey().autoIncrement(),
  transactionalDdl: false
}

const postgres: FrozenCapabilities = {
  dialect: "postgres",
  bigint: "bigint",
  idType: "bigint",
  identity: (column) => column.primaryKey().generatedAlwaysAsIdentity(),
  transactionalDdl: true
}

export const frozenCapabilities = (dialect: MigrationContext["dialect"]): FrozenCapabilities =>
  dialect === "sqlite" ? sqlite : postgres
