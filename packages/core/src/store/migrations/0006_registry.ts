import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0006_registry. The registry: enterprises with dated districts, institutions.
 * Released: frozen, never edit (a change is a new migration).
 */
export const registry = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("enterprises")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("uscc", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("industry", "text", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("tech_category", "text", (c) => c.notNull())
        .addColumn("registered_on", "text")
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      // A move is a new dated row; the first row holds from 0001-01-01, so every date has one district.
      await db.schema
        .createTable("enterprise_districts")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("enterprise_id", caps.bigint, (c) => c.notNull().references("enterprises.id"))
        .addColumn("district", "text", (c) => c.notNull())
        .addColumn("since", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addUniqueConstraint("enterprise_districts_enterprise_since", ["enterprise_id", "since"])
        .execute()
      await db.schema
        .createTable("institutions")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("kind", "text", (c) =>
          c.notNull().check(sql`kind in ('bank', 'insurer', 'guarantor', 'fund-manager')`)
        )
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("uscc", "text", (c) => c.unique())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addUniqueConstraint("institutions_kind_name", ["kind", "name"])
        .execute()
    }
  }
}
