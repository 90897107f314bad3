import type { Actor, Kejin } from "@kejin/core"
import { targetsModule } from "@kejin/core/internal"
import { operationsApi } from "./operations.js"

/** What an authentication middleware in front of this API may set: the actor of the request. */
export interface TargetsApiEnv {
  Variables: { actor?: Actor }
}

/**
 * `/api/v1/targets` alone, as a sub-app to mount there: the routes derived from the targets' declarations
 * (core `targets/operations.ts`; the app mounts them with every other declared operation). A request
 * without an actor acts as `anonymous` (a viewer): it reads, and its writes are refused.
 */
export const targetsApi = (kejin: Kejin) => operationsApi(kejin, [targetsModule], "/api/v1/targets")
