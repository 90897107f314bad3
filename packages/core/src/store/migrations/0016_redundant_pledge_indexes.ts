import type { Migration } from "kysely"
import type { FrozenDb, MigrationContext } from "./frozen.js"

// Frozen: a released migration never changes; it imports only kysely and the frozen helper.

/**
 * Two indexes of 0002 that later indexes make redundant: `pledges_pledgor_uscc` (pledgor_uscc) is the
 * first column of `pledges_pledgor_registered` (pledgor_uscc, registered_on), and
 * `pledges_registered_on_amount` (registered_on, amount_fen) the first two of `pledges_measures`
 * (registered_on, amount_fen, patent_count, pledgor_uscc). Every query they served is served by the longer
 * one; every registration written kept both up to date for nothing (an import of 1,000,000 rows wrote 2
 * of its 10 index entries per row into them). Indexes only: no row changes, the records' digests stand.
 */
export const redundantPledgeIndexes = (_context: MigrationContext): Migration => ({
  async up(db: FrozenDb) {
    await db.schema.dropIndex("pledges_pledgor_uscc").ifExists().execute()
    await db.schema.dropIndex("pledges_registered_on_amount").ifExists().execute()
  }
})
