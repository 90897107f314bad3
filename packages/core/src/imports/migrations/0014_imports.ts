import type { Migration } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * Imports (`kejin import`, the dashboard's upload): every row an import recorded, under the import's one
 * journal entry, as the input it decoded to (canonical JSON) and that input's sha256, so that a row sent
 * again is found as identical (skipped), and `/audit` can show what an import brought; and the column
 * mappings saved per source (a bank's sheet layout), newest first. New tables only: no row changes.
 */
export const imports = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("import_rows")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addColumn("row_no", caps.bigint, (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("row_hash", "text", (c) => c.notNull())
        .addColumn("input", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("import_rows_pk", ["journal_id", "row_no"])
        .execute()
      await db.schema
        .createIndex("import_rows_hash")
        .on("import_rows")
        .columns(["kind", "row_hash"])
        .execute()
      await db.schema
        .createTable("import_mappings")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("mapping", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("import_mappings_source")
        .on("import_mappings")
        .columns(["kind", "source", "id"])
        .execute()
    }
  }
}
