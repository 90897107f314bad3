import { type Actor, Journal, type Kejin, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Hono } from "hono"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type TargetsApiEnv, targetsApi } from "./targets.js"

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const actors: Record<string, Actor> = {
  bureau: { id: "wang.li", role: "bureau" },
  viewer: { id: "visitor", role: "viewer" }
}

/** The API as an app would mount it, behind a stand-in for the auth middleware (`x-test-actor`). */
const appFor = (kejin: Kejin) => {
  const app = new Hono<TargetsApiEnv>()
  app.use(async (c, next) => {
    const actor = actors[c.req.header("x-test-actor") ?? ""]
    if (actor !== undefined) c.set("actor", actor)
    await next()
  })
  app.route("/api/v1/targets", targetsApi(kejin))
  return app
}

const body = {
  key: "tech-loans",
  label: "科技贷款",
  labelEn: "Tech loans",
  unit: "yuan",
  target: "100000000.00",
  metric: "pledge-amount"
}

for (const dialect of testDialects()) {
  describe(`targets API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof appFor>

    const send = (method: string, path: string, json: unknown, actor?: string, headers = {}) =>
      app.request(path, {
        method,
        headers: {
          "content-type": "application/json",
          ...(actor === undefined ? {} : { "x-test-actor": actor }),
          ...headers
        },
        body: typeof json === "string" ? json : JSON.stringify(json)
      })

    const creations = async () =>
      (await kejin.run(Journal.use((j) => j.list({ limit: 1000 })))).filter(
        (e) => e.command === "targets.create"
      )

    /** The target `body` describes, created by bureau staff through the API. */
    const createTechLoans = async () => {
      const response = await send("POST", "/api/v1/targets", body, "bureau")
      if (response.status !== 201) throw new Error(`POST /api/v1/targets: ${response.status}`)
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = appFor(kejin)
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("POST creates a target as the request's actor: 201 with the target and its Location", async () => {
      const response = await send("POST", "/api/v1/targets", body, "bureau")
      expect(response.status).toBe(201)
      expect(response.headers.get("location")).toBe("/api/v1/targets/tech-loans")
      expect(await response.json()).toEqual({
        ...body,
        periodKind: "calendar-year",
        periodStart: null,
        periodEnd: null,
        displayOrder: 4,
        splitBy: null,
        parts: []
      })
      expect((await creations()).map((e) => e.actor)).toEqual(["wang.li"])
      const fetched = await app.request("/api/v1/targets/tech-loans")
      expect(((await fetched.json()) as Json).label).toBe("科技贷款")
    })

    it("without an actor from a middleware, a write is refused (never the facade's admin default)", async () => {
      await createTechLoans()
      const response = await send("POST", "/api/v1/targets", { ...body, key: "by-default" })
      expect(response.status).toBe(403)
      expect((await creations()).map((e) => e.actor)).toEqual(["wang.li"])
    })

    it("GET keeps the contract and adds pace and projection", async () => {
      await createTechLoans()
      const response = await app.request("/api/v1/targets?asOf=2026-06-30")
      expect(response.status).toBe(200)
      const { targets } = (await response.json()) as Json
      const row = targets.find((t: { key: string }) => t.key === "tech-loans")
      expect(row).toEqual({
        key: "tech-loans",
        label: "科技贷款",
        labelEn: "Tech loans",
        unit: "yuan",
        periodKind: "calendar-year",
        metric: body.metric,
        target: "100000000.00",
        value: "0.00",
        progress: 0,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        asOf: "2026-06-30",
        remaining: "100000000.00",
        monthsLeft: 6,
        // 100,000,000 / 6 = 16,666,666.66… rounded up to the fen
        pacePerMonth: "16666666.67",
        runRate12m: "0.00",
        projectedDate: null,
        onTrack: false
      })
      expect(targets.find((t: { key: string }) => t.key === "patent-pledge-financing").target).toBe(
        "2500000000.00"
      )
    })

    it("PATCH keeps every version: GET /versions lists them with date and author", async () => {
      await createTechLoans()
      const patch = await send("PATCH", "/api/v1/targets/tech-loans", { target: "120000000.00" }, "bureau")
      expect(patch.status).toBe(200)
      const response = await app.request("/api/v1/targets/tech-loans/versions")
      expect(response.status).toBe(200)
      const { versions } = (await response.json()) as Json
      expect(versions.map((v: Json) => [v.version, v.changedBy, v.target.target])).toEqual([
        [1, "wang.li", "100000000.00"],
        [2, "wang.li", "120000000.00"]
      ])
      expect((await app.request("/api/v1/targets/nope/versions")).status).toBe(404)
    })

    it("GET /ranking ranks the parts and warns when they do not add up to the whole", async () => {
      const split = {
        ...body,
        key: "by-district",
        splitBy: "district",
        parts: [
          { code: "330302", target: "60000000.00" },
          { code: "330303", target: "30000000.00" }
        ]
      }
      expect((await send("POST", "/api/v1/targets", split, "bureau")).status).toBe(201)
      const response = await app.request("/api/v1/targets/by-district/ranking?asOf=2026-06-30")
      expect(response.status).toBe(200)
      const ranking = (await response.json()) as Json
      expect(ranking).toMatchObject({ partsMatch: false, partsTarget: "90000000.00", target: "100000000.00" })
      expect(ranking.parts.map((p: Json) => [p.rank, p.name, p.value])).toEqual([
        [1, "鹿城区", "0.00"],
        [2, "龙湾区", "0.00"]
      ])
      const bad = await send(
        "POST",
        "/api/v1/targets",
        { ...split, key: "bad-split", parts: [{ code: "x", target: "1.00" }] },
        "bureau"
      )
      expect(bad.status).toBe(422)
      expect(((await bad.json()) as Json).errors[0]).toMatchObject({ field: "parts.0.code" })
    })

    it("GET refuses an asOf that is not a real date with 400", async () => {
      const response = await app.request("/api/v1/targets?asOf=2026-02-30")
      expect(response.status).toBe(400)
      expect(((await response.json()) as Json).errors[0].field).toBe("asOf")
    })

    it("GET refuses a repeated asOf and unknown parameters with 400 naming them", async () => {
      const twice = await app.request("/api/v1/targets?asOf=2026-06-30&asOf=2025-06-30")
      expect(twice.status).toBe(400)
      expect(((await twice.json()) as Json).errors[0].field).toBe("asOf")
      const unknown = await app.request("/api/v1/targets?year=2026")
      expect(unknown.status).toBe(400)
      expect(((await unknown.json()) as Json).errors[0].field).toBe("year")
    })

    it("a duplicate key is 409 naming `key`", async () => {
      await createTechLoans()
      const response = await send("POST", "/api/v1/targets", body, "bureau")
      expect(response.status).toBe(409)
      expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/)
      expect(((await response.json()) as Json).errors).toEqual([
        {
          field: "key",
          reason: "a target with the key tech-loans already exists",
          code: "target-key-exists",
          params: { key: "tech-loans" }
        }
      ])
    })

    it("bad fields are 422 naming each one", async () => {
      const response = await send(
        "POST",
        "/api/v1/targets",
        { ...body, key: "bad", target: "1.234", metric: "gdp", extra: 1 },
        "bureau"
      )
      expect(response.status).toBe(422)
      const fields = ((await response.json()) as Json).errors.map((e: { field: string }) => e.field)
      expect(fields.sort()).toEqual(["extra", "metric"])
      // The figure is checked once the fields decode.
      const figure = await send("POST", "/api/v1/targets", { ...body, key: "bad", target: "1.234" }, "bureau")
      expect(((await figure.json()) as Json).errors[0]).toMatchObject({ field: "target" })
    })

    it("a viewer is 403, malformed JSON 400, a form post 415", async () => {
      expect((await send("POST", "/api/v1/targets", { ...body, key: "viewer" }, "viewer")).status).toBe(403)
      expect((await send("PATCH", "/api/v1/targets/tech-loans", { label: "x" }, "viewer")).status).toBe(403)
      expect((await send("POST", "/api/v1/targets", "{oops", "bureau")).status).toBe(400)
      const form = await app.request("/api/v1/targets", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "key=x"
      })
      expect(form.status).toBe(415)
    })

    it("PATCH changes the fields given: 200 with the target; 404 for an unknown key; 422 for a new key", async () => {
      await createTechLoans()
      const response = await send("PATCH", "/api/v1/targets/tech-loans", { target: "2亿" }, "bureau")
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({
        key: "tech-loans",
        target: "200000000.00",
        label: "科技贷款"
      })
      expect((await send("PATCH", "/api/v1/targets/nope", { label: "x" }, "bureau")).status).toBe(404)
      const rename = await send("PATCH", "/api/v1/targets/tech-loans", { key: "renamed" }, "bureau")
      expect(rename.status).toBe(422)
      expect(((await rename.json()) as Json).errors[0].field).toBe("key")
    })

    it("repeats a POST with the same Idempotency-Key without writing twice", async () => {
      const headers = { "Idempotency-Key": "create-once" }
      const first = await send("POST", "/api/v1/targets", { ...body, key: "once" }, "bureau", headers)
      const second = await send("POST", "/api/v1/targets", { ...body, key: "once" }, "bureau", headers)
      expect([first.status, second.status]).toEqual([201, 201])
      expect((await kejin.targets.list()).filter((t) => t.key === "once")).toHaveLength(1)
    })
  })
}
