import { bind, defineModule } from "../../operations/operation.js"
import type { RecordKind } from "../schema.js"
import { reverseRecord } from "./operations.js"
import { LinkageShared } from "./service.js"

/** The reversal of a linkage record of any kind; the facade keeps `reverse(kind, id, reason)`. */
export const linkageSharedModule = defineModule({
  id: "linkage.shared",
  operations: [
    bind(
      reverseRecord,
      (input, c) => LinkageShared.use((s) => s.reverse(c.actor, input, c)),
      (kind: RecordKind, id: number, reason: string) => ({ kind, id, reason })
    )
  ]
})
