import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { ProblemJson } from "../openapi/schemas.js"

// A reversal is a write like any other: over HTTP it is refused (422 naming the event and the rule, in
// problem+json) when the state it would leave breaks a rule the forward commands keep, and changes nothing.

let serial = 0
const registration = (extra: { amount?: string; registeredOn?: string; patents?: Array<string> } = {}) => {
  serial += 1
  return {
    registrationNo: `YV2025${String(serial).padStart(8, "0")}`,
    pledgor: {
      uscc: makeUscc(`91330302MA4W${String(serial).padStart(5, "0")}`),
      name: `温州冲销接口${serial}号有限公司`,
      district: "330302"
    },
    pledgee: { name: "温州银行" },
    patents: extra.patents ?? [`ZL${makePatentNumber(`20191${String(80000 + serial).padStart(7, "0")}`)}`],
    amount: extra.amount ?? "100.00",
    registeredOn: extra.registeredOn ?? "2025-03-14"
  }
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const expectProblem = (value: unknown) => {
  const exit = Schema.decodeUnknownExit(ProblemJson)(value, { onExcessProperty: "error", errors: "all" })
  if (Exit.isFailure(exit))
    throw new Error(`${JSON.stringify(value)} is no problem+json:\n${String(exit.cause)}`)
}

for (const dialect of testDialects()) {
  describe(`reversals over the API keep every rule on ${dialect}`, () => {
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
    const get = async (path: string): Promise<Json> => {
      const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      return response.json()
    }
    const created = async (path: string, body: unknown): Promise<Json> => {
      const response = await post(path, body)
      if (response.status !== 201)
        throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`)
      return response.body
    }
    /** The 422 of a refused reversal: one error naming `field`, its reason naming the event and the rule. */
    const refused = async (path: string, field: string) => {
      const response = await post(path, { reason: "录入有误" })
      expect(response.status).toBe(422)
      expectProblem(response.body)
      expect(response.body.errors).toHaveLength(1)
      expect(response.body.errors[0].field).toBe(field)
      return response.body.errors[0].reason as string
    }
    const draw = (pledgeId: number, amount: string) =>
      created(`/api/v1/pledges/${pledgeId}/loans`, {
        amount,
        rate: "0.035",
        disbursedOn: "2025-04-01",
        maturesOn: "2026-03-31"
      })

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      app = createApp({ kejin })
      token = (await kejin.accounts.createToken({ name: "r-bureau", role: "bureau" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("refuses to reverse a release while another registration now holds the same patent", async () => {
      const first = await created("/api/v1/pledges", registration())
      const released = await created(`/api/v1/pledges/${first.id}/release`, { on: "2025-06-01" })
      const second = await created(
        "/api/v1/pledges",
        registration({ patents: first.patents, registeredOn: "2025-07-01" })
      )
      const event = released.events.find((e: Json) => e.kind === "release")
      const reason = await refused(`/api/v1/pledges/events/${event.id}/reversal`, "eventId")
      expect(reason).toContain(`event ${event.id} (a release on 2025-06-01) cannot be reversed`)
      expect(reason).toContain(
        `under registration ${first.registrationNo} and under registration ${second.registrationNo}`
      )
      expect(reason).toContain("a patent is pledged under one active registration at a time")
      const after = await get(`/api/v1/pledges/${first.id}/registration`)
      expect([after.status, after.events.length]).toEqual(["released", 1])
    })

    it("refuses to reverse an amount change (100.00 → 200.00) after a 200.00 draw", async () => {
      const r = await created("/api/v1/pledges", registration({ amount: "100.00" }))
      const changed = await created(`/api/v1/pledges/${r.id}/changes`, { on: "2025-03-20", amount: "200.00" })
      await draw(r.id, "200.00")
      const event = changed.events.find((e: Json) => e.kind === "change")
      const reason = await refused(`/api/v1/pledges/events/${event.id}/reversal`, "eventId")
      expect(reason).toBe(
        `event ${event.id} (a change on 2025-03-20) cannot be reversed: registration ${r.registrationNo} would have 200.00 yuan drawn on 100.00 yuan secured (live loans under a registration never exceed its secured amount)`
      )
      const after = await get(`/api/v1/pledges/${r.id}/registration`)
      expect([after.securedAmount, after.drawn]).toEqual(["200.00", "200.00"])
    })

    it("refuses to reverse a repayment after the release", async () => {
      const r = await created("/api/v1/pledges", registration({ amount: "300.00" }))
      const loan = await draw(r.id, "300.00")
      const repaid = await created(`/api/v1/pledges/loans/${loan.id}/repayments`, {
        on: "2025-05-01",
        amount: "300.00"
      })
      await created(`/api/v1/pledges/${r.id}/release`, { on: "2025-05-02" })
      const event = repaid.events.find((e: Json) => e.kind === "repayment")
      const reason = await refused(`/api/v1/pledges/loans/events/${event.id}/reversal`, "eventId")
      expect(reason).toBe(
        `event ${event.id} (a repayment of 300.00 yuan on 2025-05-01) cannot be reversed: registration ${r.registrationNo}, released on 2025-05-02, would still secure 300.00 yuan outstanding on loan ${loan.id} (a registration is released or cancelled only with every loan under it settled by then)`
      )
      const after = await get(`/api/v1/pledges/${r.id}/registration`)
      expect([after.status, after.outstanding]).toEqual(["released", "0.00"])
    })

    it("refuses to reverse a fund commitment the fund's investments stand on", async () => {
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      const enterprise = makeUscc("91330302MA4W90001")
      await kejin.registry.addEnterprise({
        uscc: enterprise,
        name: "鹿城科技",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
      await kejin.funds.create({
        code: "wz-city",
        name: "温州市科创基金",
        kind: "city-fund",
        manager,
        targetSize: "1000000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      const commitment = await kejin.funds.commit({
        fund: "wz-city",
        on: "2025-01-10",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "100.00"
      })
      await kejin.funds.invest({
        fund: "wz-city",
        enterprise,
        on: "2025-03-01",
        amount: "100.00",
        instrument: "equity"
      })
      token = (
        await kejin.accounts.createToken({ name: "r-manager", role: "fund-manager", funds: ["wz-city"] })
      ).token
      const reason = await refused(`/api/v1/fund-entries/${commitment.id}/reversal`, "id")
      expect(reason).toBe(
        `entry ${commitment.id} (commitment on 2025-01-10) cannot be reversed: on 2025-03-01 fund wz-city would have 100.00 invested against 0.00 committed (a fund's invested cost stays within its live commitments)`
      )
      expect((await get(`/api/v1/fund-entries/${commitment.id}`)).reversed).toBe(false)
    })
  })
}
