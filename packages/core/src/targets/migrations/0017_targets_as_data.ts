import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "../../store/migrations/frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * Targets as data. `target_versions`: every version of a target, append-only (a change is a new version
 * with its date and author; the latest is the target; a target with no version yet is its row in
 * `targets`, which is no longer written). `reported_measures` and `reported_values`: measures a person
 * enters or imports (全市创新投入, R&D 投入强度 %), each value with its source and date; a correction is a
 * reversal (`reported_value_reversals`). New tables only: no existing row changes.
 */
export const targetsAsData = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("target_versions")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("version", caps.bigint, (c) => c.notNull())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("label_en", "text", (c) => c.notNull())
        .addColumn("unit", "text", (c) => c.notNull().check(sql`unit in ('yuan', 'count', 'percent')`))
        .addColumn("target_fen", caps.bigint)
        .addColumn("target_count", caps.bigint)
        .addColumn("target_percent", "text")
        .addColumn("period_kind", "text", (c) =>
          c.notNull().check(sql`period_kind in ('calendar-year', 'fixed')`)
        )
        .addColumn("period_start", "text")
        .addColumn("period_end", "text")
        .addColumn("metric", "text", (c) => c.notNull())
        .addColumn("display_order", "integer", (c) => c.notNull())
        .addColumn("split_by", "text", (c) => c.check(sql`split_by in ('district', 'unit')`))
        .addColumn("parts", "text")
        .addColumn("changed_at", "text", (c) => c.notNull())
        .addColumn("changed_by", "text", (c) => c.notNull())
        .addUniqueConstraint("target_versions_key_version", ["key", "version"])
        .execute()
      await db.schema
        .createTable("reported_measures")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addColumn("code", "text", (c) => c.notNull().unique())
        .addColumn("label", "text", (c) => c.notNull())
        .addColumn("label_en", "text", (c) => c.notNull())
        .addColumn("unit", "text", (c) => c.notNull().check(sql`unit in ('yuan', 'count', 'percent')`))
        .execute()
      await db.schema
        .createTable("reported_values")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addColumn("measure", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint)
        .addColumn("quantity", "text")
        .addColumn("reported_on", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex("reported_values_measure")
        .on("reported_values")
        .columns(["measure", "reported_on", "id"])
        .execute()
      await db.schema
        .createTable("reported_value_reversals")
        .addColumn("value_id", caps.bigint, (c) => c.primaryKey())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .execute()
    }
  }
}
