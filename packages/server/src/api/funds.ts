import type { Kejin } from "@kejin/core"
import { type AnyOperation, fundsModule, type Module } from "@kejin/core/internal"
import { Hono } from "hono"
import type { KejinEnv } from "../auth/env.js"
import { mountOperations } from "./operations.js"

// The fund API (`/api/v1/funds…`, `/api/v1/fund-entries/…`, `/api/v1/metrics/…`, `/api/v1/city-fund`) is
// derived from the declarations of @kejin/core's equity/operations.ts: the app mounts it with every other
// declared operation (`mountOperations` in app.ts). Nothing of it is written by hand here.

/** `op` with its path relative to `mountPoint` (absolute paths are what the app mounts). */
const under = (mountPoint: string, op: AnyOperation): AnyOperation =>
  op.http?.path.startsWith(`${mountPoint}/`)
    ? { ...op, http: { ...op.http, path: op.http.path.slice(mountPoint.length) } }
    : op

/**
 * The fund routes alone, to mount at `/api/v1` of a Hono app of one's own (the handlers without the rest
 * of the app, as the schema tests use them): the same derived routes, their paths relative to `/api/v1`.
 * `Location` headers stay absolute.
 */
export const fundsApi = (kejin: Kejin) => {
  const api = new Hono<KejinEnv>()
  const relative: Module = {
    ...fundsModule,
    operations: fundsModule.operations.map((op) => under("/api/v1", op))
  }
  mountOperations(api, kejin, [relative])
  return api
}
