import type { Migration } from "kysely"
import type { FrozenDb, MigrationContext } from "./frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * Indexes for the columns the write path now looks records up by: a registration's loan events (its
 * reversals re-check the loans' rules), and the claims and subsidies that name a registration number (a
 * registration, loan or default reversal asks whether any live one relies on it). Indexes only: no row
 * changes, so the records' digests (0012) stand as they are.
 */
export const referenceIndexes = (_context: MigrationContext): Migration => ({
  async up(db: FrozenDb) {
    await db.schema
      .createIndex("pledge_loan_events_pledge")
      .on("pledge_loan_events")
      .columns(["pledge_id", "loan_id"])
      .execute()
    await db.schema
      .createIndex("linkage_claims_registration")
      .on("linkage_claims")
      .column("registration_no")
      .execute()
    await db.schema
      .createIndex("linkage_subsidies_registration")
      .on("linkage_subsidies")
      .column("registration_no")
      .execute()
  }
})
