/** @jsxImportSource hono/jsx */
import { type Actor, type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { patentPledgePlugin } from "../pledges/pledges-plugin.js"
import { dashboardClient } from "../testing/dashboard-client.js"
import { plainText } from "../testing/html.js"
import { linkageRecordsPlugin } from "./records-plugin.js"

// A reversed record's page says who reversed it, when and why to every role that reads the record: the
// viewer, a fund manager (of any fund) and the bureau, not only to those who may write or reverse it.

const bureau: Actor = { id: "wang.ke", role: "bureau" }
const viewer: Actor = { id: "visitor", role: "viewer" }
const manager: Actor = { id: "li.na", role: "fund-manager", funds: ["wz-angel-1"] }
const admin: Actor = { id: "root", role: "admin" }
const readers = [viewer, manager, bureau, admin]

const ISSUER = makeUscc("91330302MA4100011")

for (const dialect of testDialects()) {
  describe(`who reversed a record, when and why, for every reader on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let bond: number
    let pledge: number
    const { get, submit } = dashboardClient(() => kejin, [linkageRecordsPlugin, patentPledgePlugin])

    beforeAll(async () => {
      database = await createTestDatabase(dialect)
      kejin = await openKejin({ database: database.url })
      const base = { industry: "智能装备", stage: "start-up", techCategory: "key-generic" } as const
      await kejin.registry.addEnterprise({ uscc: ISSUER, name: "鹿城冲销", district: "330302", ...base })
      const recorded = await submit(bureau, "/records/bonds", "record-form-linkage-recordBond", {
        code: "102580011",
        issuerEnterprise: ISSUER,
        amount: "3亿",
        issuedOn: "2025-09-01",
        tenorMonths: "36",
        couponPercent: "2.35%",
        useOfProceeds: "注资市科创基金"
      })
      expect(recorded.status, recorded.html).toBe(200)
      bond = (await kejin.linkage.bonds({ limit: 10 })).items[0]!.id
      const reversed = await submit(bureau, `/records/bonds/${bond}`, "record-reverse", {
        reason: "代码录错",
        confirm: "yes"
      })
      expect(reversed.status, reversed.html).toBe(200)
      pledge = (
        await kejin.pledges.record({
          registrationNo: "KN2025000911",
          pledgor: { uscc: ISSUER, name: "鹿城冲销", district: "330302" },
          pledgee: { name: "温州银行", kind: "bank" },
          patents: [`ZL${makePatentNumber("201910000911")}`],
          amount: "1000000.00",
          registeredOn: "2025-05-01"
        })
      ).id
      const gone = await submit(bureau, `/pledges/${pledge}`, "reverse", { reason: "重复登记" })
      expect(gone.status, gone.html).toBeLessThan(400)
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    for (const actor of readers)
      it(`${actor.role}: the reversed bond's and registration's pages name who, when and why`, async () => {
        const page = await get(actor, `/records/bonds/${bond}`)
        expect(page.status).toBe(200)
        expect(page.html).toContain("data-reversed")
        expect(plainText(page.html)).toMatch(
          /\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）由 wang\.ke 冲销，原因：代码录错/
        )
        const english = plainText((await get(actor, `/records/bonds/${bond}?lang=en`)).html)
        expect(english).toMatch(
          /Reversed by wang\.ke at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Beijing time\): 代码录错/
        )
        const registration = await get(actor, `/pledges/${pledge}`)
        expect(registration.status).toBe(200)
        expect(plainText(registration.html)).toMatch(
          /本登记已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）由 wang\.ke 冲销（原因：重复登记），不计入任何统计。/
        )
      })
  })
}
