import type { Kysely } from "kysely"
import type { DB } from "../store/schema.js"
import { dataVersion } from "../store/version.js"

// Figures kept by the store's data version: the breakdowns and summaries (figures.ts), the totals and
// monthly series from the aggregates (aggregates.ts).

/** Figures kept per store (its Kysely instance), the least recently used dropped past this many. */
const REMEMBERED = 256
/**
 * And for at most this long (ms), written or not: a store changed outside the application (what `kejin
 * audit verify` finds) or restored from a backup does not move the journal head the same way.
 */
const REMEMBERED_MS = 60_000
const remembered = new WeakMap<
  object,
  Map<string, { readonly version: string; readonly at: number; readonly value: Promise<unknown> }>
>()

/**
 * `compute`'s figures, kept by the store's data version (the journal head, read first: kept in memory on
 * a PostgreSQL primary, fed by LISTEN/NOTIFY, else one primary-key read; store/version.ts): while nothing is written, by this process or another, the same figures are answered from memory,
 * and callers asking at once share one computation; any write moves the version and the next call computes
 * afresh. The version is read before computing, so a write committed meanwhile can only make what is kept
 * newer than its version, never older. Never inside a transaction (what it reads may not be committed).
 */
export const rememberedBy = async <A>(db: Kysely<DB>, key: string, compute: () => Promise<A>): Promise<A> => {
  if (db.isTransaction) return compute()
  const version = await dataVersion(db)
  let kept = remembered.get(db)
  if (kept === undefined) {
    kept = new Map()
    remembered.set(db, kept)
  }
  const hit = kept.get(key)
  if (hit !== undefined && hit.version === version && Date.now() - hit.at <= REMEMBERED_MS) {
    kept.delete(key)
    kept.set(key, hit)
    return hit.value as Promise<A>
  }
  const value = compute()
  const entry = { version, at: Date.now(), value }
  kept.delete(key)
  if (kept.size >= REMEMBERED) kept.delete(kept.keys().next().value as string)
  kept.set(key, entry)
  // A failure is not kept: the next call tries again.
  value.catch(() => {
    if (kept.get(key) === entry) kept.delete(key)
  })
  return value
}
