import type { Kysely } from "kysely"
import type { DB } from "./schema.js"

/**
 * The store's data version: the journal head's sequence number, which every write moves forward in its
 * own transaction (and nothing else does). What was computed from the records at one version holds until
 * it changes, on every process sharing the store. One primary-key read of a one-row table.
 */
export const dataVersion = async (db: Kysely<DB>): Promise<string> => {
  const head = await db.selectFrom("journal_head").select("seq").where("id", "=", 1).executeTakeFirst()
  return String(head?.seq ?? 0)
}
