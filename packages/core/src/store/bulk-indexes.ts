import { type Kysely, sql } from "kysely"
import { capabilitiesOf } from "./capabilities.js"
import type { DB } from "./schema.js"

/**
 * Secondary indexes set aside while a transaction loads many rows, and built again before it commits (a
 * bulk load). Inserting a million rows in random key order into eight indexes touches a random page of
 * each for every row: once the indexes outgrow the page cache, each insert evicts and re-reads pages and
 * the one long transaction spills them to the WAL again and again. Building an index afterwards sorts its
 * entries once. SQLite only: the definitions come back from `sqlite_master` exactly as the migrations
 * wrote them, and readers keep their snapshot meanwhile (WAL). On PostgreSQL, DROP INDEX would lock every
 * reader out of the table until the commit, so nothing is set aside there.
 *
 * Returns the function that builds them again (in the same transaction; a rollback restores them anyway).
 */
export const setIndexesAside = async (
  db: Kysely<DB>,
  names: ReadonlyArray<string>
): Promise<(db: Kysely<DB>) => Promise<void>> => {
  if (capabilitiesOf(db).dialect !== "sqlite" || names.length === 0) return async () => {}
  const definitions = (
    await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master
      where type = 'index' and name in (${sql.join(names)}) order by name`.execute(db)
  ).rows.filter((r): r is { name: string; sql: string } => r.sql !== null)
  for (const { name } of definitions) await sql`drop index ${sql.id(name)}`.execute(db)
  return async (trx) => {
    for (const { sql: definition } of definitions) await sql.raw(definition).execute(trx)
  }
}
