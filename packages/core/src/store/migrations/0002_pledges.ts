import { type Migration, sql } from "kysely"
import { type FrozenDb, frozenCapabilities, type MigrationContext } from "./frozen.js"

/**
 * 0002_pledges. Pledge registrations, their patents and reversals.
 * Released: frozen, never edit (a change is a new migration).
 */
export const pledges = (context: MigrationContext): Migration => {
  const caps = frozenCapabilities(context.dialect)
  return {
    async up(db: FrozenDb) {
      await db.schema
        .createTable("pledges")
        .addColumn("id", caps.idType, caps.identity)
        .addColumn("registration_no", "text", (c) => c.notNull().unique())
        .addColumn("pledgor_uscc", "text", (c) => c.notNull())
        .addColumn("pledgor_name", "text", (c) => c.notNull())
        .addColumn("pledgor_district", "text", (c) => c.notNull())
        .addColumn("pledgee_name", "text", (c) => c.notNull())
        .addColumn("amount_fen", caps.bigint, (c) => c.notNull().check(sql`amount_fen > 0`))
        .addColumn("registered_on", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
      // Covering index: period totals read only the index.
      await db.schema
        .createIndex("pledges_registered_on_amount")
        .on("pledges")
        .columns(["registered_on", "amount_fen"])
        .execute()
      await db.schema.createIndex("pledges_pledgor_uscc").on("pledges").column("pledgor_uscc").execute()
      await db.schema
        .createTable("pledge_patents")
        .addColumn("pledge_id", caps.bigint, (c) => c.notNull().references("pledges.id"))
        .addColumn("patent_no", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("pledge_patents_pk", ["pledge_id", "patent_no"])
        .execute()
      await db.schema
        .createIndex("pledge_patents_patent_no")
        .on("pledge_patents")
        .column("patent_no")
        .execute()
      await db.schema
        .createTable("pledge_reversals")
        .addColumn("pledge_id", caps.bigint, (c) => c.primaryKey().references("pledges.id"))
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("journal_id", caps.bigint, (c) => c.notNull())
        .execute()
    }
  }
}
