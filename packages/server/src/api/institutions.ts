import type { Kejin } from "@kejin/core"
import { registryModule } from "@kejin/core/internal"
import { operationsApi } from "./operations.js"

/**
 * `/api/v1/institutions` alone (banks, insurers, guarantors, fund managers), as a sub-app to mount there:
 * the routes derived from the declarations (core `registry/operations.ts`; the app mounts them with every
 * other declared operation). A request without an actor acts as `anonymous` (a viewer).
 */
export const institutionsApi = (kejin: Kejin) =>
  operationsApi(kejin, [registryModule], "/api/v1/institutions")
