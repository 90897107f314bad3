import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { ProblemJson } from "../openapi/schemas.js"

// A pledge-side reversal keeps the rules of the risk-compensation claims (风险补偿) and interest subsidies
// (贴息) naming the registration: over HTTP it is refused (422 problem+json naming the field, the record
// and the rule) and changes nothing.

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

for (const dialect of testDialects()) {
  describe(`pledge reversals over the API keep the claims' rules on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let token: string

    const post = async (path: string, body: unknown): Promise<{ status: number; body: Json }> => {
      const response = await app.request(path, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body)
      })
      return { status: response.status, body: await response.json() }
    }
    const created = async (path: string, body: unknown): Promise<Json> => {
      const response = await post(path, body)
      if (response.status !== 201)
        throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`)
      return response.body
    }
    /** The 422 of a refused reversal: one error naming `field`; its reason. */
    const refused = async (path: string, field: string) => {
      const response = await post(path, { reason: "录入有误" })
      expect(response.status).toBe(422)
      const exit = Schema.decodeUnknownExit(ProblemJson)(response.body, {
        onExcessProperty: "error",
        errors: "all"
      })
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(response.body.errors).toHaveLength(1)
      expect(response.body.errors[0].field).toBe(field)
      return response.body.errors[0].reason as string
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      app = createApp({ kejin })
      token = (await kejin.accounts.createToken({ name: "rr-bureau", role: "bureau" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("refuses to reverse a default, or the registration, a live compensation claim relies on", async () => {
      const r = await created("/api/v1/pledges", {
        registrationNo: "YW202500000001",
        pledgor: { uscc: makeUscc("91330302MA4X00001"), name: "温州补偿接口有限公司", district: "330302" },
        pledgee: { name: "温州银行" },
        patents: [`ZL${makePatentNumber("201918800001")}`],
        amount: "300.00",
        registeredOn: "2025-03-14"
      })
      const loan = await created(`/api/v1/pledges/${r.id}/loans`, {
        amount: "300.00",
        rate: "0.035",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })
      const defaulted = await created(`/api/v1/pledges/loans/${loan.id}/default`, { on: "2025-06-30" })
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      await kejin.linkage.recordPool({
        code: "rc",
        name: "风险补偿资金池",
        kind: "risk-compensation",
        openedOn: "2025-01-01",
        ratio: "0.5"
      })
      await kejin.linkage.recordDeposit({ pool: "rc", on: "2025-01-05", amount: "1000.00" })
      const claim = await kejin.linkage.recordCompensationClaim({
        pool: "rc",
        registrationNo: r.registrationNo,
        on: "2025-09-01",
        loss: "200.00",
        bank
      })
      const event = defaulted.events.find((e: Json) => e.kind === "default")
      const reason = await refused(`/api/v1/pledges/loans/events/${event.id}/reversal`, "eventId")
      expect(reason).toBe(
        `event ${event.id} (a default on 2025-06-30) cannot be reversed: risk-compensation claim ${claim.id} of 2025-09-01 relies on it: registration ${r.registrationNo} has no loan in default with a balance outstanding on 2025-09-01: a risk-compensation claim needs one (a risk-compensation claim names a live registration with a loan in default by its date and claims at most the defaulted loans' outstanding balance)`
      )
      const whole = await refused(`/api/v1/pledges/${r.id}/reversal`, "id")
      expect(whole).toContain(
        `pledge ${r.id} (registration ${r.registrationNo}) cannot be reversed: risk-compensation claim ${claim.id} of 2025-09-01 relies on it: no live pledge registration has the number ${r.registrationNo}`
      )
      const after = await kejin.pledges.loans.get(loan.id)
      expect([after.defaultedOn, after.reversed]).toEqual(["2025-06-30", false])
    })
  })
}
