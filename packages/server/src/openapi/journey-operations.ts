import type { Operation } from "./operations.js"

/** An enterprise's finance journey (`/api/v1/enterprises/{uscc}/journey`). */
export const journeyOperations: ReadonlyArray<Operation> = []
