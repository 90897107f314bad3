import type { Migration } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0001_journal. The journal (hash-chained, gapless ids) and its one-row head.
 * Released: frozen, never edit (a change is a new migration).
 */
export const journal = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("journal")
        // The id is the sequence number taken from journal_head, so the chain is gapless.
        .addColumn("id", caps.bigint, (c) => c.primaryKey())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("command", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("payload_hash", "text", (c) => c.notNull())
        .addColumn("idempotency_key", "text", (c) => c.unique())
        .addColumn("result", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute()
      // One row that every appender updates first: on PostgreSQL the row lock orders
      // concurrent writers so the hash chain never forks.
      await db.schema
        .createTable("journal_head")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("seq", caps.bigint, (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute()
      await db
        .insertInto("journal_head")
        .values({ id: 1, seq: 0, hash: "0".repeat(64) })
        .execute()
    }
  }
}
