import { type Kejin, openKejin } from "@kejin/core"
import {
  LpAccountsJson,
  LpStatementJson,
  ProRataAllocationJson,
  ProRataReversalJson
} from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

// The pro-rata writes and the LP capital accounts through the API (routes derived from the funds module's
// declarations): the answers decode with their wire schemas (unknown fields refused), a fund manager is
// held to their funds, and the statement's table exports to CSV and Excel.

const strict = { onExcessProperty: "error", errors: "all" } as const
const expectDecodes = (schema: Schema.Top, value: unknown) => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(value, strict)
  if (Exit.isFailure(exit)) throw new Error(`${JSON.stringify(value)} does not match:\n${String(exit.cause)}`)
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

for (const dialect of testDialects()) {
  describe(`LP capital accounts API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<"manager" | "other", string>

    const send = async (who: keyof typeof tokens, method: string, path: string, body?: unknown) => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { "content-type": "application/json" })
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      return { status: response.status, response }
    }
    const json = async (who: keyof typeof tokens, method: string, path: string, body?: unknown) => {
      const { status, response } = await send(who, method, path, body)
      return { status, body: (await response.json()) as Json }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-12-06" } })
      app = createApp({ kejin })
      tokens.manager = (
        await kejin.accounts.createToken({ name: "m", role: "fund-manager", funds: ["lp-api"] })
      ).token
      tokens.other = (
        await kejin.accounts.createToken({ name: "o", role: "fund-manager", funds: ["lp-x"] })
      ).token
      const manager = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江创投管理" })).id
      await kejin.funds.create({
        code: "lp-api",
        name: "瓯江天使基金",
        kind: "chain",
        chainStage: "angel",
        manager,
        targetSize: "100000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      await kejin.funds.commit({
        fund: "lp-api",
        on: "2025-01-01",
        lpName: "甲",
        lpType: "fiscal",
        amount: "20000000.00"
      })
      await kejin.funds.commit({
        fund: "lp-api",
        on: "2025-01-01",
        lpName: "乙",
        lpType: "private",
        amount: "10000000.00"
      })
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("records a pro-rata call and distribution, 201 with every line; refuses another manager and a bad amount", async () => {
      const call = await json("manager", "POST", "/api/v1/funds/lp-api/pro-rata-calls", {
        on: "2025-02-01",
        amount: "3000000.01"
      })
      expect(call.status).toBe(201)
      expectDecodes(ProRataAllocationJson, call.body)
      // 3,000,000.01 by 2 : 1 → 2,000,000.006…, 1,000,000.003…: the fen left goes to 甲.
      expect(call.body.lines.map((l: Json) => l.amount)).toEqual(["2000000.01", "1000000.00"])
      const distribution = await json("manager", "POST", "/api/v1/funds/lp-api/pro-rata-distributions", {
        on: "2025-12-01",
        distributionKind: "gain",
        amount: "300000.00",
        basis: "paid-in"
      })
      expect(distribution.status).toBe(201)
      expectDecodes(ProRataAllocationJson, distribution.body)
      expect(distribution.body.lines.map((l: Json) => l.amount)).toEqual(["200000.00", "100000.00"])
      const other = await json("other", "POST", "/api/v1/funds/lp-api/pro-rata-calls", {
        on: "2025-02-01",
        amount: "1.00"
      })
      expect(other.status).toBe(403)
      const over = await json("manager", "POST", "/api/v1/funds/lp-api/pro-rata-calls", {
        on: "2025-03-01",
        amount: "27000000.00"
      })
      expect(over.status).toBe(422)
      expect(over.body.errors[0].field).toBe("amount")
      expect((await kejin.funds.ledger("lp-api", { kind: "call" })).length).toBe(2)
      // The whole call reversed in one write, by its journal entry.
      const reversal = await json(
        "manager",
        "POST",
        `/api/v1/funds/lp-api/pro-rata/${call.body.journalSeq}/reversal`,
        {
          reason: "比例录入错误"
        }
      )
      expect(reversal.status).toBe(201)
      expectDecodes(ProRataReversalJson, reversal.body)
      expect(reversal.body.reversals).toHaveLength(2)
      const twice = await json(
        "manager",
        "POST",
        `/api/v1/funds/lp-api/pro-rata/${call.body.journalSeq}/reversal`,
        {
          reason: "again"
        }
      )
      expect(twice.status).toBe(409)
    })

    it("answers the accounts and the quarterly statement, and exports the statement", async () => {
      await kejin.funds.callProRata({ fund: "lp-api", on: "2025-02-01", amount: "3000000.00" })
      await kejin.funds.mark({ fund: "lp-api", on: "2025-12-31", nav: "3300000.00" })
      const accounts = await json("manager", "GET", "/api/v1/funds/lp-api/lp-accounts?asOf=2025-12-31")
      expect(accounts.status).toBe(200)
      expectDecodes(LpAccountsJson, accounts.body)
      expect(accounts.body.accounts.map((a: Json) => [a.nav, a.tvpi])).toEqual([
        ["2200000.00", "1.100000"],
        ["1100000.00", "1.100000"]
      ])
      expect((await json("other", "GET", "/api/v1/funds/lp-api/lp-accounts")).status).toBe(403)
      const statement = await json("manager", "GET", "/api/v1/funds/lp-api/lp-statement?quarter=2025Q4")
      expect(statement.status).toBe(200)
      expectDecodes(LpStatementJson, statement.body)
      expect(statement.body.total).toMatchObject({ closing: "3300000.00" })
      const bad = await json("manager", "GET", "/api/v1/funds/lp-api/lp-statement?quarter=Q4")
      expect(bad.status).toBe(400)
      expect(JSON.stringify(bad.body)).toContain("quarter")
      const csv = await send("manager", "GET", "/api/v1/funds/lp-api/lp-statement/export.csv?quarter=2025Q4")
      expect(csv.status).toBe(200)
      const text = await csv.response.text()
      expect(text).toContain("期初余额(元)")
      expect(text).toContain("2200000.00")
      const xlsx = await send(
        "manager",
        "GET",
        "/api/v1/funds/lp-api/lp-accounts/export.xlsx?asOf=2025-12-31"
      )
      expect(xlsx.status).toBe(200)
      expect(xlsx.response.headers.get("content-type")).toContain("spreadsheetml")
    })
  })
}
