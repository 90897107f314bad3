import { Effect } from "effect"
import { ValidationError } from "../../errors.js"
import { bind, defineModule } from "../../operations/operation.js"
import type { RecordKind } from "../schema.js"
import { reverseRecord } from "./operations.js"
import { LinkageShared } from "./service.js"

const reversalFields = ["kind", "id", "reason"]

/**
 * A reversal's body as the API has always refused it: not an object (422 naming `kind`), or with fields
 * a reversal does not have (422 naming each); anything else is for the command to decode.
 */
const reversalBody = (input: unknown): Effect.Effect<unknown, ValidationError> => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    const issues = [{ path: "kind", message: "send a JSON object { kind, id, reason }" }]
    return Effect.fail(new ValidationError({ issues }))
  }
  const unknown = Object.keys(input).filter((key) => !reversalFields.includes(key))
  if (unknown.length === 0) return Effect.succeed(input)
  const issues = unknown.map((path) => ({ path, message: "is not a field of a reversal" }))
  return Effect.fail(new ValidationError({ issues }))
}

/** The reversal of a linkage record of any kind; the facade keeps `reverse(kind, id, reason)`. */
export const linkageSharedModule = defineModule({
  id: "linkage.shared",
  operations: [
    bind(
      reverseRecord,
      (input, c) =>
        Effect.flatMap(reversalBody(input), (body) => LinkageShared.use((s) => s.reverse(c.actor, body, c))),
      (kind: RecordKind, id: number, reason: string) => ({ kind, id, reason })
    )
  ]
})
