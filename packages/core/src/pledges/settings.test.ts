import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { demoPatent, demoPledges } from "../demo/pledges.js"
import { type Kejin, openKejin } from "../kejin.js"
import { createTestDatabase, type TestDatabase, testDialects } from "../store/testing.js"
import type { PledgeInputJson } from "./schema.js"

const [sample] = demoPledges({ count: 1, from: "2025-04-01", to: "2025-04-01", seed: 31 })
const shared = demoPatent("settings-shared")
const pledge = (registrationNo: string, patent: string): PledgeInputJson => ({
  ...sample!,
  registrationNo,
  patents: [patent]
})

const caught = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as { _tag: string; issues: ReadonlyArray<{ path: string; message: string }> }
  }
  throw new Error("expected a failure")
}

for (const dialect of testDialects()) {
  describe(`patent exclusivity settings on ${dialect}`, () => {
    const databases: Array<TestDatabase> = []
    const opened: Array<Kejin> = []
    const open = async (options: { exclusivePatents?: boolean } = {}) => {
      const database = await createTestDatabase(dialect)
      databases.push(database)
      const kejin = await openKejin({ database: database.url, pledges: options })
      opened.push(kejin)
      return kejin
    }
    let byDefault: Kejin
    let off: Kejin

    beforeAll(async () => {
      byDefault = await open()
      off = await open({ exclusivePatents: false })
    })
    afterAll(async () => {
      for (const k of opened) await k.close()
      for (const d of databases) await d.dispose()
    })

    it("refuses by default a patent still pledged under another registration, in any spelling", async () => {
      await byDefault.pledges.record(pledge("YS2025000001", shared))
      for (const [no, spelling] of [
        ["YS2025000002", shared],
        ["YS2025000003", shared.replace("ZL", "")],
        ["YS2025000004", shared.replace("ZL", "CN")]
      ] as const) {
        const error = await caught(byDefault.pledges.record(pledge(no, spelling)))
        expect(error._tag).toBe("ValidationError")
        expect(error.issues.map((i) => i.path)).toEqual(["patents.0"])
        expect(error.issues[0]!.message).toMatch(/is still pledged under registration YS2025000001/)
      }
      expect((await byDefault.pledges.list()).total).toBe(1)
    })

    it("accepts the same patent twice when turned off", async () => {
      await off.pledges.record(pledge("YS2025000001", shared))
      await off.pledges.record(pledge("YS2025000002", shared.replace("ZL", "")))
      expect((await off.pledges.list()).total).toBe(2)
    })
  })
}
