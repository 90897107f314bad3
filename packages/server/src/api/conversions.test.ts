import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

// Conversions over HTTP (routes derived from the funds module's declarations): the fund is the path's, a
// fund manager converts only in their funds, the reversal and the list.

for (const dialect of testDialects()) {
  describe(`conversions API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<"manager" | "other", string>
    let investment: number

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      app = createApp({ kejin })
      tokens.manager = (
        await kejin.accounts.createToken({ name: "m", role: "fund-manager", funds: ["cv-api"] })
      ).token
      tokens.other = (
        await kejin.accounts.createToken({ name: "o", role: "fund-manager", funds: ["cv-x"] })
      ).token
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "转股管理" })).id
      const e = makeUscc("91330302MA2CX0009")
      await kejin.registry.addEnterprise({
        uscc: e,
        name: "转股企业",
        district: "330302",
        industry: "新材料",
        stage: "start-up",
        techCategory: "frontier"
      })
      await kejin.funds.create({
        code: "cv-api",
        name: "转股基金",
        kind: "chain",
        chainStage: "angel",
        manager,
        targetSize: "10000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      await kejin.funds.commit({
        fund: "cv-api",
        on: "2025-01-10",
        lpName: "LP",
        lpType: "private",
        amount: "5000000.00"
      })
      investment = (
        await kejin.funds.invest({
          fund: "cv-api",
          enterprise: e,
          on: "2025-03-01",
          amount: "2000000.00",
          instrument: "future-equity"
        })
      ).id
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const send = async (who: keyof typeof tokens, method: string, path: string, body?: unknown) => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }

    it("converts, lists and reverses; another manager is refused", async () => {
      const body = { investment, on: "2025-09-30", shares: "250000", price: "8.00" }
      expect((await send("other", "POST", "/api/v1/funds/cv-api/conversions", body)).status).toBe(403)
      const made = await send("manager", "POST", "/api/v1/funds/cv-api/conversions", body)
      expect(made.status).toBe(201)
      expect(made.body).toMatchObject({
        fund: "cv-api",
        cost: "2000000.00",
        value: "2000000.00",
        fromInstrument: "future-equity",
        toInstrument: "equity",
        reversal: null
      })
      const again = await send("manager", "POST", "/api/v1/funds/cv-api/conversions", body)
      expect(again.status).toBe(409)
      const listed = await send("manager", "GET", "/api/v1/funds/cv-api/conversions")
      expect(listed.status).toBe(200)
      const reversed = await send("manager", "POST", `/api/v1/fund-conversions/${made.body.id}/reversal`, {
        reason: "价格录错"
      })
      expect(reversed.status).toBe(201)
      expect(reversed.body).toMatchObject({ reversal: { reason: "价格录错" } })
    })

    it("names the field of a bad body", async () => {
      const bad = await send("manager", "POST", "/api/v1/funds/cv-api/conversions", {
        investment,
        on: "2025-09-30",
        shares: "-1",
        price: "8.00"
      })
      expect(bad.status).toBe(422)
      expect(JSON.stringify(bad.body)).toContain("shares")
    })
  })
}
