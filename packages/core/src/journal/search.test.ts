import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"

// The journal's search as /audit and its export use it: an exact command, instants (a day in Asia/Shanghai)
// and keyset pages.
for (const dialect of testDialects()) {
  describe(`journal search on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let millis = Date.parse("2026-03-01T15:59:59.000Z")

    beforeEach(async () => {
      millis = Date.parse("2026-03-01T15:59:59.000Z")
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { now: () => new Date(millis) } })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("finds an exact command, entries between instants, and pages on from an entry", async () => {
      await kejin.accounts.createToken({ name: "before-midnight", role: "viewer" })
      millis += 2_000 // 00:00:01 on 2 March in Shanghai
      await kejin.accounts.createToken({ name: "after-midnight", role: "viewer" })
      await kejin.accounts.revokeToken("after-midnight")
      const names = (items: ReadonlyArray<{ payload: unknown }>) =>
        items.map((e) => (e.payload as { name: string }).name)

      expect((await kejin.journal.search({ commandIs: "tokens.create" })).total).toBe(2)
      expect((await kejin.journal.search({ commandIs: "tokens." })).total).toBe(0)
      expect((await kejin.journal.search({ command: "tokens." })).total).toBe(3)
      const march2 = await kejin.journal.search({
        atFrom: "2026-03-01T16:00:00.000Z",
        atBefore: "2026-03-02T16:00:00.000Z"
      })
      expect(names(march2.items)).toEqual(["after-midnight", "after-midnight"])
      const first = await kejin.journal.search({ limit: 2 })
      const rest = await kejin.journal.search({ limit: 2, beforeSeq: first.items.at(-1)!.seq })
      expect(names([...first.items, ...rest.items])).toEqual([
        "after-midnight",
        "after-midnight",
        "before-midnight"
      ])
    })
  })
}
