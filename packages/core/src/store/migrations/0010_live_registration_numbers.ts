import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0010_live_registration_numbers. A reversed registration frees its number:
 * pledges.registration_no loses its UNIQUE, pledge_live_numbers holds the live ones.
 * Released: frozen, never edit (a change is a new migration).
 */
export const liveRegistrationNumbers = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      // Corrections are reversals: the bureau reverses a registration recorded with wrong data and records it
      // again under the same number. A number is unique among live registrations only, so the UNIQUE on
      // pledges.registration_no goes and pledge_live_numbers holds each live registration's number (primary
      // key): maintained state like pledge_sequence, a row added with the registration and deleted with its
      // reversal; the pledge row and its reversal row stay. A plain index keeps lookups of every registration.
      const run = async (db: FrozenDb) => {
        if (caps.dialect === "postgres") {
          // The name PostgreSQL gave 0002's column UNIQUE.
          await sql`alter table pledges drop constraint pledges_registration_no_key`.execute(db)
        } else {
          await rebuildSqlitePledges(db)
        }
        await db.schema
          .createIndex("pledges_registration_no")
          .on("pledges")
          .column("registration_no")
          .execute()
        await db.schema
          .createTable("pledge_live_numbers")
          .addColumn("registration_no", "text", (c) => c.primaryKey())
          .addColumn("pledge_id", caps.bigint, (c) => c.notNull().references("pledges.id"))
          .execute()
        await sql`
          insert into pledge_live_numbers (registration_no, pledge_id)
          select p.registration_no, p.id from pledges p
          where not exists (select 1 from pledge_reversals r where r.pledge_id = p.id)`.execute(db)
      }
      if (caps.transactionalDdl) return await run(db)
      // SQLite cannot drop a column UNIQUE: the table is rebuilt (https://sqlite.org/lang_altertable.html#otheralter)
      // with foreign keys off, which takes effect only outside a transaction (Kysely runs SQLite migrations
      // outside one), then checked before the rebuild's own transaction commits. Not `defer_foreign_keys`:
      // with keys on, DROP TABLE deletes row by row, probing every referencing table per row (a full scan of
      // pledge_loan_events, whose pledge_id has no index: 12 s at 20k registrations, growing quadratically),
      // and counts violations that the rename does not clear, so the commit fails.
      const foreignKeys = async () =>
        Number(Object.values((await sql`pragma foreign_keys`.execute(db)).rows[0] as object)[0])
      const wasOn = (await foreignKeys()) === 1
      await sql`pragma foreign_keys = off`.execute(db)
      try {
        if ((await foreignKeys()) !== 0)
          throw new Error("0010_live_registration_numbers must run outside a transaction on SQLite")
        await db.transaction().execute(run)
      } finally {
        if (wasOn) await sql`pragma foreign_keys = on`.execute(db)
      }
    }
  }
}

/**
 * pledges on SQLite as 0002 + 0008 left it, column by column in order, minus 0002's UNIQUE on
 * registration_no: the definitions as stored then, so the rebuilt table's stored SQL reads the same but for it.
 */
const sqlitePledgeColumns: ReadonlyArray<readonly [string, string]> = [
  ["id", "integer primary key autoincrement"],
  ["registration_no", "text not null"],
  ["pledgor_uscc", "text not null"],
  ["pledgor_name", "text not null"],
  ["pledgor_district", "text not null"],
  ["pledgee_name", "text not null"],
  ["amount_fen", "integer not null check (amount_fen > 0)"],
  ["registered_on", "text not null"],
  ["journal_id", "integer not null"],
  ["pledgee_kind", "text check (pledgee_kind in ('bank', 'guarantor'))"],
  ["pledgor_size", "text check (pledgor_size in ('micro', 'small', 'medium', 'large'))"],
  ["debt_start", "text"],
  ["debt_end", "text"],
  ["patent_count", "integer default 0 not null"]
]

/**
 * 0010 on SQLite, in its transaction with foreign keys off: pledges rebuilt without the UNIQUE (create, copy
 * with the ids, drop, rename), its indexes and triggers recreated from their stored SQL, AUTOINCREMENT's
 * counter kept, then every foreign key checked (any violation throws and rolls the rebuild back).
 */
const rebuildSqlitePledges = async (db: FrozenDb) => {
  const columns = (
    await sql<{ name: string }>`select name from pragma_table_info('pledges') order by cid`.execute(db)
  ).rows.map((r) => r.name)
  const expected = sqlitePledgeColumns.map(([name]) => name)
  if (columns.join() !== expected.join())
    throw new Error(`pledges has columns ${columns.join(", ")}; 0010 expects ${expected.join(", ")}`)
  const dependents = await sql<{ sql: string }>`
    select sql from sqlite_schema
    where tbl_name = 'pledges' and type in ('index', 'trigger') and sql is not null
    order by type, name`.execute(db)
  const counter = await sql<{ seq: unknown }>`select seq from sqlite_sequence where name = 'pledges'`.execute(
    db
  )
  const definition = sqlitePledgeColumns.map(([name, type]) => `"${name}" ${type}`).join(", ")
  await sql.raw(`create table "pledges_rebuilt" (${definition})`).execute(db)
  const list = sql.join(expected.map((name) => sql.ref(name)))
  await sql`insert into pledges_rebuilt (${list}) select ${list} from pledges order by id`.execute(db)
  await sql`drop table pledges`.execute(db)
  await sql`alter table pledges_rebuilt rename to pledges`.execute(db)
  for (const row of dependents.rows) await sql.raw(row.sql).execute(db)
  // The copy leaves AUTOINCREMENT's counter at the highest id copied: put back the old one (never lower).
  const seq = counter.rows[0]?.seq
  await sql`delete from sqlite_sequence where name = 'pledges'`.execute(db)
  if (seq !== undefined && seq !== null)
    await sql`insert into sqlite_sequence (name, seq) values ('pledges', ${seq})`.execute(db)
  const broken = await sql`pragma foreign_key_check`.execute(db)
  if (broken.rows.length > 0)
    throw new Error(
      `0010: foreign keys broken by the pledges rebuild: ${JSON.stringify(broken.rows[0], (_, v) => (typeof v === "bigint" ? String(v) : v))}`
    )
}
