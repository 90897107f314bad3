import type { Migration } from "kysely"
import type { FrozenDb, MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper. The auth
// module owns it; the store's migration index lists it in its place (0028).

/**
 * Forms sent without JavaScript after the session ended (server auth/kept-forms.ts), kept in the store
 * so that a sign-in answered by another server process finds them: the sha256 of the browser's random
 * cookie value, the person whose session it was when known, the page and the form's address, the fields
 * as JSON (never a password, a token or the CSRF token), and when it was kept and stops being kept.
 * Not a record: no journal entry writes it, the audit does not read it, expired rows are deleted lazily.
 */
export const keptForms = (_context: MigrationContext): Migration => ({
  async up(db: FrozenDb) {
    await db.schema
      .createTable("kept_forms")
      .addColumn("id_sha256", "text", (c) => c.primaryKey())
      .addColumn("login", "text")
      .addColumn("page", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("fields", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute()
    await db.schema.createIndex("kept_forms_expires").on("kept_forms").column("expires_at").execute()
  }
})
