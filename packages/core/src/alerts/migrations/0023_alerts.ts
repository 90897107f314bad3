import type { Migration } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper. The alerts
// module owns it; the store's migration index lists it in its place (0023).

/** The alerts a webhook was sent, each once: its stable key, when, and the journal entry that said so. */
export const alerts = (context: MigrationContext): Migration => {
  const t = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("alert_deliveries")
        .addColumn("id", t.idType, t.identity)
        .addColumn("alert_key", "text", (c) => c.notNull().unique())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("sent_on", "text", (c) => c.notNull())
        .addColumn("journal_id", t.bigint, (c) => c.notNull())
        .execute()
    }
  }
}
