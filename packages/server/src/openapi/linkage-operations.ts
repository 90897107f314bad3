import { linkageModules } from "@kejin/core/internal"
import { derivedOperations } from "./derived.js"
import type { Operation } from "./operations.js"

/** Request examples of the linkage writes (declared with them in the core). */
export { exampleLinkageBodies } from "@kejin/core/internal"

/**
 * Every linkage operation (`/api/v1/linkage/…`): the writes, the reads of one record, the lists and the
 * figures, each derived from its declaration in the core (linkage/*\/operations.ts).
 */
export const linkageOperations: ReadonlyArray<Operation> = derivedOperations(linkageModules)
