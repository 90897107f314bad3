import type { Kysely } from "kysely"
import type { DB } from "./schema.js"

const headQuery = (db: Kysely<DB>) => db.selectFrom("journal_head").select("seq").where("id", "=", 1)
/** The read compiled once per database (it runs for every request the page cache answers). */
const compiled = new WeakMap<Kysely<DB>, ReturnType<ReturnType<typeof headQuery>["compile"]>>()

/**
 * The store's data version: the journal head's sequence number, which every write moves forward in its
 * own transaction (and nothing else does). What was computed from the records at one version holds until
 * it changes, on every process sharing the store. One primary-key read of a one-row table.
 */
export const dataVersion = async (db: Kysely<DB>): Promise<string> => {
  let query = compiled.get(db)
  if (query === undefined) {
    query = headQuery(db).compile()
    compiled.set(db, query)
  }
  const { rows } = await db.executeQuery(query)
  return String(rows[0]?.seq ?? 0)
}
