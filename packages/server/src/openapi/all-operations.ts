import { modules } from "@kejin/core/internal"
import { derivedExports, derivedOperations } from "./derived.js"
import type { Operation } from "./operations.js"

/** Every documented operation of `/api/v1`, each area in its own module. */
export const operations: ReadonlyArray<Operation> = [
  // The declared operations (core modules): derived, not written here.
  ...derivedOperations(modules),
  // Every list's CSV and XLSX export: derived from the lists' declarations.
  ...derivedExports(modules)
]
