import type { Migration } from "kysely"
import type { FrozenDb, MigrationContext } from "./frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * 0021_journal_record_digests. The records a write batch (an import) writes are kept in journal_records as
 * the sha256 of their canonical content (`content_sha256`, `content` null) instead of the content itself:
 * an import of 1,000,000 registrations kept a second copy of every row (about a third of the store's
 * bytes). A single write keeps the content as before. A record with neither is a removal, as before.
 * A new nullable column: no row changes, the records' digests and the entries' hashes stand.
 */
export const journalRecordDigests = (_context: MigrationContext): Migration => ({
  async up(db: FrozenDb) {
    await db.schema.alterTable("journal_records").addColumn("content_sha256", "text").execute()
  }
})
