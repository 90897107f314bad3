import type { Operation } from "./operations.js"

/** Registrations, their lifecycle, loans and figures of patent pledge financing (`/api/v1/pledges/…`). */
export const pledgeOperations: ReadonlyArray<Operation> = []
