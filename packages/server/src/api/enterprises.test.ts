import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const A = makeUscc("91330302MA2AE0001")
const B = makeUscc("91330302MA2AE0002")
const C = makeUscc("91330302MA2AE0003")

for (const dialect of testDialects()) {
  describe(`enterprise API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<"bureau" | "manager" | "viewer", string>

    const send = async (who: keyof typeof tokens, method: string, path: string, body?: unknown) => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return { status: response.status, body: (await response.json()) as Json, headers: response.headers }
    }
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)
    const enterprise = (uscc: string, district: string, extra: Record<string, unknown> = {}) => ({
      uscc,
      name: `企业${uscc.slice(-4)}`,
      district,
      industry: "新材料",
      stage: "growth",
      techCategory: "frontier",
      ...extra
    })

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      tokens.bureau = (await kejin.accounts.createToken({ name: "e-bureau", role: "bureau" })).token
      tokens.manager = (
        await kejin.accounts.createToken({ name: "e-manager", role: "fund-manager", funds: ["f-1"] })
      ).token
      tokens.viewer = (await kejin.accounts.createToken({ name: "e-viewer", role: "viewer" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** A (鹿城, by bureau staff), B (杭州, seed stage, by a fund manager), C (瑞安, "other", by bureau staff). */
    const registerEnterprises = async () => ({
      first: await send("bureau", "POST", "/api/v1/enterprises", enterprise(A, "330302")),
      second: await send(
        "manager",
        "POST",
        "/api/v1/enterprises",
        enterprise(B, "330106", { stage: "seed" })
      ),
      third: await send(
        "bureau",
        "POST",
        "/api/v1/enterprises",
        enterprise(C, "330381", { techCategory: "other" })
      )
    })

    it("registers enterprises (bureau, fund manager: 201; viewer: 403; a known code: 409)", async () => {
      const { first, second, third } = await registerEnterprises()
      expect(first.status).toBe(201)
      expect(first.headers.get("location")).toBe(`/api/v1/enterprises/${A}`)
      expect(first.body).toMatchObject({
        uscc: A,
        district: "330302",
        districtName: "鹿城区",
        local: true,
        districts: [{ district: "330302", since: null, local: true }]
      })
      expect(second.status).toBe(201)
      expect(second.body).toMatchObject({ local: false, districtName: null })
      expect(third.status).toBe(201)
      expect(
        (
          await send(
            "viewer",
            "POST",
            "/api/v1/enterprises",
            enterprise(makeUscc("91330302MA2AE0009"), "330302")
          )
        ).status
      ).toBe(403)
      const duplicate = await send("bureau", "POST", "/api/v1/enterprises", enterprise(A, "330303"))
      expect(duplicate.status).toBe(409)
      expect(duplicate.body.errors[0].field).toBe("uscc")
      const invalid = await send("bureau", "POST", "/api/v1/enterprises", {
        ...enterprise(`${A.slice(0, 17)}0`, "999999"),
        stage: "unicorn"
      })
      expect(invalid.status).toBe(422)
      expect(fields(invalid.body)).toEqual(expect.arrayContaining(["uscc", "district", "stage"]))
    })

    it("reads one enterprise by credit code (404 for an unknown one)", async () => {
      await registerEnterprises()
      const found = await send("viewer", "GET", `/api/v1/enterprises/${A}`)
      expect(found.status).toBe(200)
      expect(found.body.uscc).toBe(A)
      expect(
        (await send("viewer", "GET", `/api/v1/enterprises/${makeUscc("91330302MA2AE0099")}`)).status
      ).toBe(404)
      expect((await send("viewer", "GET", "/api/v1/enterprises/not-a-code")).status).toBe(404)
    })

    it("records a move: a new dated district spell, earlier dates keep theirs", async () => {
      await registerEnterprises()
      // A move changes other funds' local (返投) figures: fund managers may not record one.
      const refused = await send("manager", "POST", `/api/v1/enterprises/${B}/moves`, {
        district: "330381",
        since: "2025-09-01"
      })
      expect(refused.status).toBe(403)
      const moved = await send("bureau", "POST", `/api/v1/enterprises/${B}/moves`, {
        district: "330381",
        since: "2025-09-01"
      })
      expect(moved.status).toBe(201)
      expect(moved.body).toMatchObject({ district: "330381", local: true })
      expect(moved.body.districts.map((d: { since: string | null }) => d.since)).toEqual([null, "2025-09-01"])
      expect((await kejin.registry.districtAt(B, "2025-08-31")).local).toBe(false)
      const sameDay = await send("bureau", "POST", `/api/v1/enterprises/${B}/moves`, {
        district: "330302",
        since: "2025-09-01"
      })
      expect(sameDay.status).toBe(409)
      expect(sameDay.body.errors[0].field).toBe("since")
      const mismatch = await send("bureau", "POST", `/api/v1/enterprises/${B}/moves`, {
        uscc: A,
        district: "330302",
        since: "2025-10-01"
      })
      expect(mismatch.status).toBe(422)
      expect(fields(mismatch.body)).toEqual(["uscc"])
      const unknown = await send(
        "bureau",
        "POST",
        `/api/v1/enterprises/${makeUscc("91330302MA2AE0099")}/moves`,
        {
          district: "330302",
          since: "2025-10-01"
        }
      )
      expect(unknown.status).toBe(404)
      expect(
        (
          await send("viewer", "POST", `/api/v1/enterprises/${A}/moves`, {
            district: "330303",
            since: "2025-10-01"
          })
        ).status
      ).toBe(403)
    })

    it("lists with filters and pagination; an unknown or invalid parameter is 400", async () => {
      await registerEnterprises()
      const move = { district: "330381", since: "2025-09-01" }
      expect((await send("bureau", "POST", `/api/v1/enterprises/${B}/moves`, move)).status).toBe(201)
      const page = await send("viewer", "GET", "/api/v1/enterprises?limit=2&offset=1")
      expect(page.status).toBe(200)
      expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 })
      expect(page.body.items.map((e: { uscc: string }) => e.uscc)).toEqual([B, C])
      const byCode = await send("viewer", "GET", `/api/v1/enterprises?uscc=${C}`)
      expect(byCode.body.items.map((e: { uscc: string }) => e.uscc)).toEqual([C])
      const none = await send("viewer", "GET", `/api/v1/enterprises?uscc=${makeUscc("91330302MA2AE0099")}`)
      expect(none.body).toMatchObject({ items: [], total: 0 })
      // B moved to 瑞安 330381: the filters see the current district.
      const ruian = await send("viewer", "GET", "/api/v1/enterprises?district=330381&local=true")
      expect(ruian.body.items.map((e: { uscc: string }) => e.uscc)).toEqual([B, C])
      const frontierSeed = await send("viewer", "GET", "/api/v1/enterprises?techCategory=frontier&stage=seed")
      expect(frontierSeed.body.items.map((e: { uscc: string }) => e.uscc)).toEqual([B])
      expect((await send("viewer", "GET", "/api/v1/enterprises?local=false")).body.total).toBe(0)

      const unknown = await send("viewer", "GET", "/api/v1/enterprises?name=x")
      expect(unknown.status).toBe(400)
      expect(fields(unknown.body)).toEqual(["name"])
      const invalid = await send(
        "viewer",
        "GET",
        "/api/v1/enterprises?uscc=123&district=33&stage=x&techCategory=y&local=1"
      )
      expect(invalid.status).toBe(400)
      expect(fields(invalid.body)).toEqual(["uscc", "district", "stage", "techCategory", "local"])
    })
  })
}
