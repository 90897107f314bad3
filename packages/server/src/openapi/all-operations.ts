import { modules } from "@kejin/core"
import { derivedOperations } from "./derived.js"
import { journeyOperations } from "./journey-operations.js"
import { linkageReadOperations } from "./linkage-operations.js"
import { baseOperations, type Operation } from "./operations.js"
import { pledgeOperations } from "./pledge-operations.js"

/** Every documented operation of `/api/v1`, each area in its own module. */
export const operations: ReadonlyArray<Operation> = [
  ...baseOperations,
  ...pledgeOperations,
  ...linkageReadOperations,
  ...journeyOperations,
  // The declared operations (core modules): derived, not written here.
  ...derivedOperations(modules)
]
