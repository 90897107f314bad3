import type { Kejin } from "@kejin/core"
import { journeyModule, registryModule } from "@kejin/core/internal"
import { operationsApi } from "./operations.js"

/**
 * `/api/v1/enterprises` alone (the registry, 企业库, and each enterprise's journey), as a sub-app to mount
 * there: the routes derived from the declarations (core `registry/operations.ts`, `journey/operations.ts`;
 * the app mounts them with every other declared operation). A request without an actor acts as
 * `anonymous` (a viewer).
 */
export const enterprisesApi = (kejin: Kejin) =>
  operationsApi(kejin, [registryModule, journeyModule], "/api/v1/enterprises")
