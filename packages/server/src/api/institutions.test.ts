import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const bankCode = makeUscc("91330300MA2AK0001")

for (const dialect of testDialects()) {
  describe(`institution API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<"admin" | "bureau" | "manager" | "viewer", string>

    const send = async (who: keyof typeof tokens, method: string, path: string, body?: unknown) => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return { status: response.status, body: (await response.json()) as Json }
    }
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      for (const role of ["admin", "bureau", "viewer"] as const)
        tokens[role] = (await kejin.accounts.createToken({ name: `i-${role}`, role })).token
      tokens.manager = (
        await kejin.accounts.createToken({ name: "i-manager", role: "fund-manager", funds: ["f-1"] })
      ).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("registers institutions: bureau and admin 201, fund manager and viewer 403, duplicates 409", async () => {
      const bank = await send("bureau", "POST", "/api/v1/institutions", {
        kind: "bank",
        name: "温州银行",
        uscc: bankCode
      })
      expect(bank.status).toBe(201)
      expect(bank.body).toMatchObject({ kind: "bank", name: "温州银行", uscc: bankCode })
      expect(typeof bank.body.id).toBe("number")
      const manager = await send("admin", "POST", "/api/v1/institutions", {
        kind: "fund-manager",
        name: "瓯江创投管理"
      })
      expect(manager.status).toBe(201)
      expect(manager.body.uscc).toBeNull()
      for (const who of ["manager", "viewer"] as const) {
        expect(
          (await send(who, "POST", "/api/v1/institutions", { kind: "bank", name: "某银行" })).status
        ).toBe(403)
      }
      const sameName = await send("bureau", "POST", "/api/v1/institutions", {
        kind: "bank",
        name: "温州银行"
      })
      expect(sameName.status).toBe(409)
      expect(sameName.body.errors[0].field).toBe("name")
      const sameCode = await send("bureau", "POST", "/api/v1/institutions", {
        kind: "insurer",
        name: "某保险",
        uscc: bankCode
      })
      expect(sameCode.status).toBe(409)
      expect(sameCode.body.errors[0].field).toBe("uscc")
      const invalid = await send("bureau", "POST", "/api/v1/institutions", { kind: "broker", name: "" })
      expect(invalid.status).toBe(422)
      expect(fields(invalid.body)).toEqual(expect.arrayContaining(["kind", "name"]))
    })

    it("lists by kind then name, with filters and pagination; an unknown parameter is 400", async () => {
      // 温州银行 (with its code) and 瓯江创投管理, as the registration test records them.
      const made = [
        await send("bureau", "POST", "/api/v1/institutions", {
          kind: "bank",
          name: "温州银行",
          uscc: bankCode
        }),
        await send("admin", "POST", "/api/v1/institutions", { kind: "fund-manager", name: "瓯江创投管理" })
      ]
      expect(made.map((m) => m.status)).toEqual([201, 201])
      await send("bureau", "POST", "/api/v1/institutions", { kind: "bank", name: "鹿城农商银行" })
      const all = await send("viewer", "GET", "/api/v1/institutions")
      expect(all.status).toBe(200)
      expect(all.body.total).toBe(3)
      expect(all.body.items.map((i: { kind: string }) => i.kind)).toEqual(["bank", "bank", "fund-manager"])
      const banks = await send("manager", "GET", "/api/v1/institutions?kind=bank&limit=1&offset=1")
      expect(banks.body).toMatchObject({ total: 2, limit: 1, offset: 1 })
      const byCode = await send("viewer", "GET", `/api/v1/institutions?uscc=${bankCode}`)
      expect(byCode.body.items.map((i: { name: string }) => i.name)).toEqual(["温州银行"])
      expect(fields((await send("viewer", "GET", "/api/v1/institutions?kind=broker&uscc=1")).body)).toEqual([
        "kind",
        "uscc"
      ])
      expect(fields((await send("viewer", "GET", "/api/v1/institutions?name=x")).body)).toEqual(["name"])
    })
  })
}
