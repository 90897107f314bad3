import { type Kejin, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

for (const dialect of testDialects()) {
  describe(`measures API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<"bureau" | "viewer", string>

    const send = async (who: keyof typeof tokens, method: string, path: string, body?: unknown) => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await response.text()
      return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as Json }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-06-30" } })
      app = createApp({ kejin })
      tokens.bureau = (await kejin.accounts.createToken({ name: "t-bureau", role: "bureau" })).token
      tokens.viewer = (await kejin.accounts.createToken({ name: "t-viewer", role: "viewer" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("a reported percent measure: defined, reported as exact text, followed by a target, reversed", async () => {
      const defined = await send("bureau", "POST", "/api/v1/measures", {
        code: "tech-trade-gdp",
        label: "技术交易额占 GDP",
        labelEn: "Technology trade / GDP",
        unit: "percent"
      })
      expect(defined.status).toBe(201)
      expect((await send("viewer", "POST", "/api/v1/measures/values", {})).status).toBe(403)
      const reported = await send("bureau", "POST", "/api/v1/measures/values", {
        measure: "tech-trade-gdp",
        value: "7.6",
        reportedOn: "2026-03-31",
        source: "市科技局"
      })
      expect(reported.status).toBe(201)
      expect(reported.body).toMatchObject({ value: "7.6", unit: "percent", reversed: false })
      const listed = await send("viewer", "GET", "/api/v1/measures")
      expect(listed.body.measures.find((m: Json) => m.id === "tech-trade-gdp")).toMatchObject({
        source: "reported",
        unit: "percent"
      })
      const target = await send("bureau", "POST", "/api/v1/targets", {
        key: "tech-trade-gdp",
        label: "技术交易额占 GDP",
        labelEn: "Technology trade / GDP",
        unit: "percent",
        target: "8",
        metric: "tech-trade-gdp"
      })
      expect(target.status).toBe(201)
      const progress = await send("viewer", "GET", "/api/v1/targets?asOf=2026-06-30")
      const row = progress.body.targets.find((t: Json) => t.key === "tech-trade-gdp")
      expect(row).toMatchObject({
        unit: "percent",
        target: "8",
        value: "7.6",
        remaining: "0.4",
        progress: 0.95
      })
      const reversal = await send("bureau", "POST", `/api/v1/measures/values/${reported.body.id}/reversal`, {
        reason: "录入错误"
      })
      expect(reversal.status).toBe(201)
      const values = await send("viewer", "GET", "/api/v1/measures/tech-trade-gdp/values")
      expect(values.body.items.map((v: Json) => v.reversed)).toEqual([true])
      expect((await send("viewer", "GET", "/api/v1/measures/nope/values")).status).toBe(404)
    })
  })
}
