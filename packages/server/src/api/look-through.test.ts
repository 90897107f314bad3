import { type Kejin, openKejin } from "@kejin/core"
import { LookThroughJson } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

// `GET /api/v1/metrics/look-through` (derived from the funds module's declaration): the answer decodes with
// its wire schema (unknown fields refused); the city fund's money passed down to its sub-fund counts once.

const strict = { onExcessProperty: "error", errors: "all" } as const

for (const dialect of testDialects()) {
  describe(`look-through API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let token: string

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      app = createApp({ kejin })
      token = (await kejin.accounts.createToken({ name: "v", role: "viewer" })).token
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "穿透管理" })).id
      const base = { manager, targetSize: "1000000000.00", vintage: "2025-01-01", district: "330302" }
      await kejin.funds.create({ ...base, code: "api-city", name: "市基金", kind: "city-fund" })
      await kejin.funds.create({
        ...base,
        code: "api-sub",
        name: "子基金",
        kind: "sub-fund",
        parent: "api-city"
      })
      await kejin.funds.commit({
        fund: "api-city",
        on: "2025-02-01",
        lpName: "财政",
        lpType: "fiscal",
        amount: "6185000000.00"
      })
      await kejin.funds.commit({
        fund: "api-sub",
        on: "2025-02-01",
        lpFund: "api-city",
        lpType: "state-owned",
        amount: "100000000.00"
      })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const get = async (query: string) => {
      const response = await app.request(`/api/v1/metrics/look-through?${query}`, {
        headers: { authorization: `Bearer ${token}` }
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }

    it("pools the city fund and its sub-fund without counting the 100,000,000 twice", async () => {
      const { status, body } = await get("funds=api-city,api-sub&asOf=2025-12-31")
      expect(status).toBe(200)
      const decoded = Schema.decodeUnknownExit(LookThroughJson)(body, strict)
      if (Exit.isFailure(decoded)) throw new Error(String(decoded.cause))
      expect(body).toMatchObject({
        committed: "6185000000.00",
        internal: { committed: "100000000.00" },
        grossOfInternal: { committed: "6285000000.00" }
      })
    })

    it("names a malformed list and an unknown fund", async () => {
      expect((await get("funds=Not%20A%20Code")).status).toBe(400)
      expect((await get("funds=api-none")).status).toBe(404)
    })
  })
}
