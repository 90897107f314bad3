import { Schema } from "effect"
import { ReversalInput } from "../pledges/schema.js"

/** A path id on the wire: a whole number above 0 (an id beyond 2^53 is a 404, nothing can have it). */
export const PathId = Schema.Int.check(Schema.isGreaterThan(0))

/** The body of every reversal route (`POST …/{id}/reversal`): why; the record comes from the path. */
export const ReversalRequest = Schema.Struct({ reason: ReversalInput.fields.reason }).annotate({
  identifier: "ReversalRequest"
})
