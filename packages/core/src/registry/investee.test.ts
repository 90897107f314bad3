import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import { makePatentNumber, makeUscc } from "./codes.js"

/*
 * One registry: an enterprise a pledge registration named is found when a fund invests in it, registered
 * from the pledge then (not typed again); a credit code nobody knows is refused with a stable code.
 */

const PLEDGOR = makeUscc("91330302MA2QX0001")
const STRANGER = makeUscc("91330302MA2QX0002")

interface Failure {
  readonly _tag: string
  readonly issues?: ReadonlyArray<{ readonly path: string; readonly message: string; readonly code?: string }>
}
const caught = async (promise: Promise<unknown>): Promise<Failure> => {
  try {
    await promise
  } catch (error) {
    return error as Failure
  }
  throw new Error("expected a failure")
}

for (const dialect of testDialects()) {
  describe(`an investment's investee on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin

    beforeEach(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url, clock: { today: "2026-06-30" } })
      const manager = await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })
      await kejin.funds.create({
        code: "angel-1",
        name: "天使一号",
        kind: "chain",
        chainStage: "angel",
        manager: manager.id,
        targetSize: "100000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      await kejin.funds.commit({
        fund: "angel-1",
        on: "2025-01-02",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "50000000.00"
      })
      // The pledge path: the pledgor is named by its registration, not entered in the registry.
      await kejin.pledges.record({
        registrationNo: "Y2026330000001",
        pledgor: { uscc: PLEDGOR, name: "鹿城质押科技有限公司", district: "330302" },
        pledgee: { name: "温州银行" },
        patents: [`ZL${makePatentNumber("201810000001")}`],
        amount: "5000000.00",
        registeredOn: "2026-03-01"
      })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const invest = (extra: Record<string, unknown> = {}) =>
      kejin.funds.invest({
        fund: "angel-1",
        enterprise: PLEDGOR,
        on: "2026-04-01",
        amount: "1000000.00",
        instrument: "equity",
        ...extra
      })

    it("finds a pledgor by its credit code and registers it from its pledge, under the investment's entry", async () => {
      const before = (await kejin.journal.search({})).total
      const entry = await invest({ stage: "start-up", techCategory: "frontier" })
      expect(entry.kind).toBe("investment")
      const enterprise = await kejin.registry.enterpriseByUscc(PLEDGOR)
      expect(enterprise).toMatchObject({
        uscc: PLEDGOR,
        name: "鹿城质押科技有限公司",
        district: "330302",
        local: true,
        stage: "start-up",
        techCategory: "frontier"
      })
      // One journal entry for the investment (the registration is part of it), and the records verify.
      expect((await kejin.journal.search({})).total).toBe(before + 1)
      expect(await kejin.journal.audit("full")).toMatchObject({ ok: true, findingCount: 0 })
      // Registered once: the next investment finds it in the registry, its stage and category by default.
      await invest({ on: "2026-05-01" })
      expect((await kejin.registry.enterprises({ q: PLEDGOR })).length).toBe(1)
    })

    it("asks for what no pledge says (stage, technology category), writing nothing", async () => {
      const failure = await caught(invest())
      expect(failure._tag).toBe("ValidationError")
      expect(failure.issues?.map((i) => i.path)).toEqual(["stage", "techCategory"])
      expect(failure.issues?.[0]?.message).toContain("Y2026330000001")
      await expect(kejin.registry.enterpriseByUscc(PLEDGOR)).rejects.toMatchObject({ _tag: "NotFoundError" })
    })

    it("refuses a credit code neither the registry nor a live pledge knows, with a stable code", async () => {
      const failure = await caught(invest({ enterprise: STRANGER, stage: "seed", techCategory: "other" }))
      expect(failure.issues).toEqual([
        {
          path: "enterprise",
          message: `no enterprise with the credit code ${STRANGER} is registered: add it to the registry first`,
          code: "enterprise-not-registered",
          params: { uscc: STRANGER }
        }
      ])
      // A reversed registration names nobody.
      const [pledge] = (await kejin.pledges.list({})).items
      await kejin.pledges.reverse(pledge!.id, "登记有误")
      const reversed = await caught(invest({ stage: "seed", techCategory: "other" }))
      expect(reversed.issues?.[0]?.code).toBe("enterprise-not-registered")
    })
  })
}
