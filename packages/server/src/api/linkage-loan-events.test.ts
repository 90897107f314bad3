import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import {
  LinkageLoanJson,
  LinkageLoanPageJson,
  LoanEventJson,
  LoanEventPageJson,
  LoanStandingJson
} from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { linkageOperations } from "../openapi/linkage-operations.js"

/*
 * 还款 and 违约 of a linkage loan through HTTP: a 投贷联动 loan of 3,000,000.00 disbursed 2025-04-10 is
 * repaid 1,000,000.00 (interest 25,875.00) on 2025-07-10 and 500,000.00 on 2025-10-10 — 1,500,000.00
 * outstanding — and defaults on 2026-01-15. Every answer is decoded with its documented schema (unknown
 * fields refused).
 */

const X = makeUscc("91330302MA2LE0001")
const L = "/api/v1/linkage"

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const expectShape = (schema: Schema.Top, value: unknown) => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(value, {
    onExcessProperty: "error",
    errors: "all"
  })
  if (Exit.isFailure(exit)) throw new Error(`${JSON.stringify(value)} does not match:\n${String(exit.cause)}`)
}

for (const dialect of testDialects()) {
  describe(`linkage loan events API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let loan: number
    const tokens: Record<string, string> = {}

    const send = async (who: string, method: string, path: string, body?: unknown) => {
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
    const get = (path: string) => send("viewer", "GET", path)
    const post = (path: string, body: unknown, who = "bureau") => send(who, "POST", path, body)

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 10_000 } })
      tokens.bureau = (await kejin.accounts.createToken({ name: "e-bureau", role: "bureau" })).token
      tokens.viewer = (await kejin.accounts.createToken({ name: "e-viewer", role: "viewer" })).token
      const bank = (await kejin.registry.addInstitution({ kind: "bank", name: "温州银行" })).id
      const manager = (
        await kejin.registry.addInstitution({ kind: "fund-manager", name: "温州科创基金管理" })
      ).id
      await kejin.registry.addEnterprise({
        uscc: X,
        name: "鹿城光电科技",
        district: "330302",
        industry: "光电",
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
      await kejin.funds.commit({
        fund: "wz-city",
        on: "2025-01-01",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "100000000.00"
      })
      const investment = await kejin.funds.invest({
        fund: "wz-city",
        enterprise: X,
        on: "2025-03-01",
        amount: "20000000.00",
        instrument: "equity",
        round: "A"
      })
      loan = (
        await kejin.linkage.recordInvestmentLoan({
          bank,
          enterprise: X,
          amount: "3000000.00",
          ratePercent: "3.45",
          disbursedOn: "2025-04-10",
          maturesOn: "2028-04-10",
          investment: investment.id
        })
      ).id
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("documents the new operations", () => {
      const documented = linkageOperations.map((o) => `${o.method.toUpperCase()} ${o.path}`)
      expect(documented).toEqual(
        expect.arrayContaining([
          `POST ${L}/loans/{id}/repayments`,
          `POST ${L}/loans/{id}/default`,
          `GET ${L}/loans/{id}/events`,
          `GET ${L}/loans/{id}/standing`
        ])
      )
    })

    it("records repayments and a default, answers the balance and status, filters and reverses", async () => {
      const first = await post(`${L}/loans/${loan}/repayments`, {
        on: "2025-07-10",
        principal: "1000000.00",
        interest: "25875.00",
        note: "按季还本"
      })
      expect(first.status).toBe(201)
      expectShape(LoanEventJson, first.body)
      expect(first.body).toMatchObject({
        loan,
        kind: "repayment",
        principal: "1000000.00",
        interest: "25875.00"
      })
      expect(
        (await post(`${L}/loans/${loan}/repayments`, { on: "2025-10-10", principal: "500000" })).status
      ).toBe(201)
      const defaulted = await post(`${L}/loans/${loan}/default`, { on: "2026-01-15", note: "逾期 90 天" })
      expect(defaulted.status).toBe(201)
      expectShape(LoanEventJson, defaulted.body)

      const read = await get(`${L}/loans/${loan}`)
      expectShape(LinkageLoanJson, read.body)
      // 3,000,000.00 − 1,000,000.00 − 500,000.00 = 1,500,000.00
      expect(read.body).toMatchObject({
        repaid: "1500000.00",
        interestPaid: "25875.00",
        outstanding: "1500000.00",
        status: "defaulted",
        defaultedOn: "2026-01-15"
      })
      const standing = await get(`${L}/loans/${loan}/standing?on=2025-08-01`)
      expectShape(LoanStandingJson, standing.body)
      expect(standing.body).toEqual({
        loan,
        on: "2025-08-01",
        amount: "3000000.00",
        repaid: "1000000.00",
        interestPaid: "25875.00",
        outstanding: "2000000.00",
        status: "active",
        defaultedOn: null
      })
      expect((await get(`${L}/loans/${loan}/standing?on=2025-02-30`)).status).toBe(400)
      const events = await get(`${L}/loans/${loan}/events`)
      expectShape(LoanEventPageJson, events.body)
      expect(events.body.items.map((e: Json) => e.kind)).toEqual(["repayment", "repayment", "default"])

      const defaultedList = await get(`${L}/loans?status=defaulted`)
      expectShape(LinkageLoanPageJson, defaultedList.body)
      expect(defaultedList.body.items.map((l: Json) => l.id)).toEqual([loan])
      expect((await get(`${L}/loans?status=active`)).body.total).toBe(0)
      const wrongStatus = await get(`${L}/loans?status=paid`)
      expect(wrongStatus.status).toBe(400)

      // Rules: each a 422 naming its field with the catalogue's code; nothing written.
      const above = await post(`${L}/loans/${loan}/repayments`, { on: "2026-02-01", principal: "1500000.01" })
      expect([above.status, above.body.errors[0].field, above.body.errors[0].code]).toEqual([
        422,
        "principal",
        "loan-repaid-above-outstanding"
      ])
      const twice = await post(`${L}/loans/${loan}/default`, { on: "2026-02-01" })
      expect([twice.status, twice.body.errors[0].code]).toEqual([422, "linkage-loan-defaulted-already"])
      expect((await post(`${L}/loans/999999/repayments`, { on: "2026-02-01", principal: "1" })).status).toBe(
        404
      )
      expect(
        (await post(`${L}/loans/${loan}/repayments`, { on: "2026-02-01", principal: "1" }, "viewer")).status
      ).toBe(403)

      // The loan is reversed after its events; an event's reversal brings its balance back.
      const refused = await post(`${L}/reversals`, { kind: "loan", id: loan, reason: "登记错误" })
      expect([refused.status, refused.body.errors[0].field]).toEqual([422, "id"])
      const reversal = await post(`${L}/reversals`, {
        kind: "loan-event",
        id: defaulted.body.id,
        reason: "误登"
      })
      expect(reversal.status).toBe(201)
      expect((await get(`${L}/loans/${loan}`)).body).toMatchObject({ status: "active", defaultedOn: null })
      expect((await get(`${L}/loans?status=active`)).body.total).toBe(1)
    })
  })
}
