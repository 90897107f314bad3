import type { Operation } from "./operations.js"

/** The linkage pilots (`/api/v1/linkage/…`). */
export const linkageOperations: ReadonlyArray<Operation> = []
