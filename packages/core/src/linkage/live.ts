import { type Expression, expressionBuilder, type SqlBool, sql } from "kysely"
import type { DB } from "../store/schema.js"
import type { RecordKind } from "./schema.js"

// "Live" (not reversed) linkage records, written once. A record of kind `kind` is reversed when a row of
// linkage_reversals names it (`record_kind`, `record_id`: unique, so at most one); every list, figure and
// check of the pilots asks through these two expressions instead of joining the reversals itself.

const eb = expressionBuilder<DB, never>()

/** The reversal naming record `id` (a column reference of the outer query, e.g. `"l.id"`) of `kind`. */
const reversalsOf = (kind: RecordKind, id: string) =>
  eb
    .selectFrom("linkage_reversals as live_rv")
    .select("live_rv.id")
    .where("live_rv.record_kind", "=", kind)
    .where("live_rv.record_id", "=", sql.ref<number>(id))

/** Record `id` of `kind` is live: no reversal names it (`query.where(live("loan", "l.id"))`). */
export const live = (kind: RecordKind, id: string): Expression<SqlBool> =>
  eb.not(eb.exists(reversalsOf(kind, id)))

/** The id of the reversal of record `id` of `kind`, or null, selected as `reversed_by`. */
export const reversedBy = (kind: RecordKind, id: string) => reversalsOf(kind, id).as("reversed_by")
