// From source: the global set-up is not resolved with the "@kejin/source" condition.
import { prepareTestTemplates } from "../../packages/core/src/store/testing.js"

/*
 * Vitest global set-up: one migrated template database per dialect for the whole run, copied by
 * `createTestDatabase(dialect, { migrated: true })`. Vitest calls this once per project; the first call
 * prepares, the last teardown drops the templates and whatever test databases are left.
 */
const key = Symbol.for("@kejin/test/templates")

interface Shared {
  users: number
  readonly teardown: Promise<() => Promise<void>>
}

export default async function setup(): Promise<() => Promise<void>> {
  const global = globalThis as { [key]?: Shared }
  let shared = global[key]
  if (shared === undefined) {
    shared = { users: 0, teardown: prepareTestTemplates() }
    global[key] = shared
  }
  shared.users++
  await shared.teardown
  const mine = shared
  return async () => {
    mine.users--
    if (mine.users > 0) return
    delete global[key]
    await (await mine.teardown)()
  }
}
