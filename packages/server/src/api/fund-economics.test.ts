import { type Kejin, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { ProblemJson } from "../openapi/schemas.js"

// The rate table, a fund's currency and terms, its fees and its LP / GP split over HTTP: the declared
// routes, problem+json naming the field with the catalogue's code, and the audit still clean after them.

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const expectProblem = (value: unknown) => {
  const exit = Schema.decodeUnknownExit(ProblemJson)(value, { onExcessProperty: "error", errors: "all" })
  if (Exit.isFailure(exit))
    throw new Error(`${JSON.stringify(value)} is no problem+json:\n${String(exit.cause)}`)
}

for (const dialect of testDialects()) {
  describe(`fund economics over the API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let token: string

    const request = async (method: string, path: string, body?: unknown) => {
      const response = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return { status: response.status, body: (await response.json()) as Json }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      app = createApp({ kejin })
      token = (await kejin.accounts.createToken({ name: "fx-admin", role: "admin" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("records, looks up and reverses rates; refuses ZZZ naming the field", async () => {
      const bad = await request("POST", "/api/v1/fx-rates", {
        currency: "ZZZ",
        on: "2025-06-30",
        rate: "7.1",
        source: "CFETS 中间价"
      })
      expect(bad.status).toBe(422)
      expectProblem(bad.body)
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ field: "currency", code: "currency-not-iso" })
      ])
      const rate = await request("POST", "/api/v1/fx-rates", {
        currency: "USD",
        on: "2025-06-30",
        rate: "7.1586",
        source: "CFETS 中间价"
      })
      expect(rate.status).toBe(201)
      expect(rate.body).toMatchObject({ currency: "USD", on: "2025-06-30", rate: "7.1586", reversed: false })
      const again = await request("POST", "/api/v1/fx-rates", {
        currency: "USD",
        on: "2025-06-30",
        rate: "7.2",
        source: "CFETS 中间价"
      })
      expect(again.status).toBe(409)
      const lookup = await request("GET", "/api/v1/fx-rates/lookup?currency=USD&on=2025-07-03")
      expect(lookup.status).toBe(200)
      expect(lookup.body.rate).toMatchObject({ id: rate.body.id, rate: "7.1586" })
      const reversed = await request("POST", `/api/v1/fx-rates/${rate.body.id}/reversal`, {
        reason: "录入错误"
      })
      expect(reversed.status).toBe(201)
      expect(
        (await request("GET", "/api/v1/fx-rates/lookup?currency=USD&on=2025-07-03")).body.rate
      ).toBeNull()
      expect((await request("GET", "/api/v1/fx-rates?currency=USD")).body.items).toHaveLength(1)
    })

    it("sets a fund's currency and terms, and answers its fees and its LP / GP split", async () => {
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })).id
      await kejin.funds.create({
        code: "api-eco",
        name: "接口基金",
        kind: "chain",
        chainStage: "venture",
        manager,
        targetSize: "100000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      const c = await kejin.funds.commit({
        fund: "api-eco",
        on: "2025-01-01",
        lpName: "财政",
        lpType: "fiscal",
        amount: "100000000.00"
      })
      await kejin.funds.call({ commitment: c.id, on: "2025-01-01", amount: "100000000.00" })
      await kejin.funds.distribute({
        fund: "api-eco",
        on: "2026-01-01",
        distributionKind: "gain",
        amount: "150000000.00"
      })
      expect((await request("POST", "/api/v1/funds/api-eco/currency", { currency: "usd" })).status).toBe(422)
      const currency = await request("POST", "/api/v1/funds/api-eco/currency", { currency: "USD" })
      expect(currency).toMatchObject({ status: 201, body: { fund: "api-eco", currency: "USD" } })
      const terms = await request("POST", "/api/v1/funds/api-eco/terms", {
        feeRateOnCommitment: "0.02",
        feeRateOnCost: "0.015",
        investmentPeriodEnd: "2027-01-01",
        hurdle: "0.08",
        carry: "0.2",
        catchUp: "1",
        waterfall: "european"
      })
      expect(terms.status).toBe(201)
      expect(terms.body).toMatchObject({ version: 1, carry: "0.2", waterfall: "european" })
      const fees = await request("GET", "/api/v1/funds/api-eco/fees?asOf=2025-12-31")
      expect(fees.body.periods.map((p: Json) => [p.from, p.to, p.fee])).toEqual([
        ["2025-01-01", "2026-01-01", "2000000.00"]
      ])
      // 150,000,000 after 365 days (P 8,000,000): the GP has 20 % of the 50,000,000 profit, 10,000,000.
      const split = await request("GET", "/api/v1/funds/api-eco/waterfall?asOf=2026-06-30")
      expect(split.body.distributions.map((d: Json) => [d.amount, d.lp, d.gp])).toEqual([
        ["150000000.00", "140000000.00", "10000000.00"]
      ])
      const figures = await request("GET", "/api/v1/funds/api-eco/currency-figures?asOf=2026-06-30")
      expect(figures.body).toMatchObject({
        currency: "USD",
        inFundCurrency: null,
        inYuan: { paidIn: "100000000.00" }
      })
      expect(figures.body.noteMessages[0].code).toBe("note-fund-currency-rate-missing")
      // Every record written is what the journal says.
      const audit = await kejin.journal.audit("full")
      expect(audit.findings).toEqual([])
      expect(audit.ok).toBe(true)
    })
  })
}
