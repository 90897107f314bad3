import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { Actor } from "../auth/actor.js"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { makeUscc } from "./codes.js"

const uscc = (n: number) => makeUscc(`91330302MA2${String(n).padStart(6, "0")}`)

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; message: string } & Record<string, unknown>
  }
  throw new Error("expected a failure")
}

const paths = (error: Record<string, unknown>) => (error.issues as Array<{ path: string }>).map((i) => i.path)

const manager: Actor = { id: "mgr", role: "fund-manager", funds: ["some-fund"] }
const bureau: Actor = { id: "bureau", role: "bureau" }
const viewer: Actor = { id: "viewer", role: "viewer" }

for (const dialect of testDialects()) {
  describe(`registry on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const enterprise = (n: number, extra: Record<string, unknown> = {}) => ({
      uscc: uscc(n),
      name: `温州企业${n}`,
      district: "330302",
      industry: "新材料",
      stage: "growth",
      techCategory: "frontier",
      ...extra
    })

    it("adds an enterprise, finds it by credit code and flags a Wenzhou district as local", async () => {
      const added = await kejin.registry.addEnterprise(enterprise(1, { registeredOn: "2019-05-06" }))
      expect(added.id).toBeGreaterThan(0)
      expect(added).toMatchObject({
        uscc: uscc(1),
        district: "330302",
        local: true,
        registeredOn: "2019-05-06"
      })
      expect(added.districts).toEqual([{ district: "330302", since: null, local: true }])
      const found = await kejin.registry.enterpriseByUscc(uscc(1))
      expect(found.id).toBe(added.id)
      expect((await kejin.registry.enterprise(added.id)).uscc).toBe(uscc(1))
    })

    it("accepts a district outside Wenzhou and flags it non-local", async () => {
      const added = await kejin.registry.addEnterprise(enterprise(2, { district: "310115" }))
      expect(added.local).toBe(false)
    })

    it("rejects a duplicate credit code with a conflict naming uscc", async () => {
      await kejin.registry.addEnterprise(enterprise(1))
      const error = await caught(kejin.registry.addEnterprise(enterprise(1)))
      expect(error._tag).toBe("ConflictError")
      expect(error.field).toBe("uscc")
    })

    it("names every bad field", async () => {
      const error = await caught(
        kejin.registry.addEnterprise({
          ...enterprise(3),
          uscc: "91330302MA2XXXXXX0",
          district: "990302",
          stage: "teen",
          techCategory: "magic"
        })
      )
      expect(error._tag).toBe("ValidationError")
      expect(paths(error)).toEqual(expect.arrayContaining(["uscc", "district", "stage", "techCategory"]))
    })

    it("refuses control characters in names (PostgreSQL cannot store a NUL), naming the field", async () => {
      const error = await caught(kejin.registry.addEnterprise({ ...enterprise(3), name: "瓯江\u0000光电" }))
      expect(error._tag).toBe("ValidationError")
      expect(paths(error)).toEqual(["name"])
      const institution = await caught(
        kejin.registry.addInstitution({ kind: "bank", name: "温州\u0007银行" })
      )
      expect(paths(institution)).toEqual(["name"])
      expect(await kejin.registry.institutions({ kind: "bank" })).not.toContainEqual(
        expect.objectContaining({ name: expect.stringContaining("\u0007") })
      )
    })

    it("answers 'local at a date' from the district history; a move is a new dated spell", async () => {
      // Registered in Hangzhou (330106), moved to Rui'an (330381) on 2025-09-01.
      await kejin.registry.addEnterprise(enterprise(4, { district: "330106" }))
      const moved = await kejin.registry.moveEnterprise({
        uscc: uscc(4),
        district: "330381",
        since: "2025-09-01"
      })
      expect(moved.district).toBe("330381")
      expect(moved.local).toBe(true)
      expect(moved.districts).toEqual([
        { district: "330106", since: null, local: false },
        { district: "330381", since: "2025-09-01", local: true }
      ])
      expect(await kejin.registry.districtAt(uscc(4), "2025-08-31")).toEqual({
        district: "330106",
        local: false
      })
      expect(await kejin.registry.districtAt(uscc(4), "2025-09-01")).toEqual({
        district: "330381",
        local: true
      })
      expect(await kejin.registry.districtAt(uscc(4), "1990-01-01")).toEqual({
        district: "330106",
        local: false
      })
      // A move to the district it already has that day, and a second spell the same day.
      const same = await caught(
        kejin.registry.moveEnterprise({ uscc: uscc(4), district: "330381", since: "2025-10-01" })
      )
      expect(same._tag).toBe("ValidationError")
      expect(paths(same)).toEqual(["district"])
      const twice = await caught(
        kejin.registry.moveEnterprise({ uscc: uscc(4), district: "330302", since: "2025-09-01" })
      )
      expect(twice._tag).toBe("ConflictError")
      expect(twice.field).toBe("since")
      const unknown = await caught(
        kejin.registry.moveEnterprise({ uscc: uscc(99), district: "330302", since: "2025-09-01" })
      )
      expect(unknown._tag).toBe("NotFoundError")
    })

    it("lets bureau staff and fund managers add enterprises, not viewers", async () => {
      expect((await kejin.registry.addEnterprise(enterprise(5), { actor: bureau })).uscc).toBe(uscc(5))
      expect((await kejin.registry.addEnterprise(enterprise(6), { actor: manager })).uscc).toBe(uscc(6))
      const error = await caught(kejin.registry.addEnterprise(enterprise(7), { actor: viewer }))
      expect(error._tag).toBe("ForbiddenError")
      expect(error.permission).toBe("enterprises.write")
    })

    it("returns the first result for a repeated idempotency key", async () => {
      const first = await kejin.registry.addEnterprise(enterprise(8), { idempotencyKey: "ent-8" })
      const again = await kejin.registry.addEnterprise(enterprise(8), { idempotencyKey: "ent-8" })
      expect(again.id).toBe(first.id)
    })

    it("adds institutions: name unique per kind, credit code unique, lookups by code", async () => {
      const bank = await kejin.registry.addInstitution({ kind: "bank", name: "温州银行", uscc: uscc(100) })
      expect(bank).toMatchObject({ kind: "bank", name: "温州银行", uscc: uscc(100) })
      // The same name is fine for another kind.
      const manager = await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州银行" })
      expect(manager.uscc).toBeNull()
      const sameName = await caught(kejin.registry.addInstitution({ kind: "bank", name: "温州银行" }))
      expect(sameName._tag).toBe("ConflictError")
      expect(sameName.field).toBe("name")
      const sameCode = await caught(
        kejin.registry.addInstitution({ kind: "insurer", name: "某保险", uscc: uscc(100) })
      )
      expect(sameCode._tag).toBe("ConflictError")
      expect(sameCode.field).toBe("uscc")
      expect((await kejin.registry.institutionByUscc(uscc(100))).id).toBe(bank.id)
      expect((await kejin.registry.institution(manager.id)).kind).toBe("fund-manager")
      expect((await kejin.registry.institutions({ kind: "bank" })).map((i) => i.name)).toEqual(["温州银行"])
      expect((await caught(kejin.registry.institutionByUscc(uscc(101))))._tag).toBe("NotFoundError")
      const badKind = await caught(kejin.registry.addInstitution({ kind: "casino", name: "x" }))
      expect(paths(badKind)).toEqual(["kind"])
    })

    it("lets only admins and bureau staff add institutions", async () => {
      expect(
        (await kejin.registry.addInstitution({ kind: "guarantor", name: "温州担保" }, { actor: bureau })).id
      ).toBeGreaterThan(0)
      const error = await caught(
        kejin.registry.addInstitution({ kind: "bank", name: "某银行" }, { actor: manager })
      )
      expect(error._tag).toBe("ForbiddenError")
      expect(error.permission).toBe("institutions.write")
    })

    it("journals every registry write with an intact chain", async () => {
      // An enterprise added, then moved.
      await kejin.registry.addEnterprise(enterprise(4, { district: "330106" }))
      await kejin.registry.moveEnterprise({ uscc: uscc(4), district: "330381", since: "2025-09-01" })
      const { items } = await kejin.journal.search({ command: "enterprises." })
      expect(items.map((e) => e.command)).toContain("enterprises.move")
      expect(await kejin.journal.verify()).toMatchObject({ _tag: "Intact" })
    })
  })
}
