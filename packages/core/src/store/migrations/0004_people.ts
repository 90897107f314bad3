import type { Migration } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0004_people. Users, sessions in the database, API tokens.
 * Released: frozen, never edit (a change is a new migration).
 */
export const people = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("users")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("login", "text", (c) => c.notNull().unique())
        .addColumn("display_name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("funds", "text", (c) => c.notNull())
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("disabled_at", "text")
        .execute()
      // Sessions live in the database so several server processes can share them.
      await db.schema
        .createTable("sessions")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", caps.bigint, (c) => c.notNull().references("users.id"))
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("ended_at", "text")
        .execute()
      await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute()
      await db.schema
        .createTable("api_tokens")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("funds", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("last_used_at", "text")
        .execute()
    }
  }
}
