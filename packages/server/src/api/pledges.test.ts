import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { pledgesModule, todayInShanghai } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Exit, Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { derivedOperations } from "../openapi/derived.js"
import { openApiDocument } from "../openapi/document.js"
import {
  PledgeBreakdownJson,
  PledgeLoanJson,
  PledgeLoanListJson,
  PledgeMonthlyJson,
  PledgeRegistrationJson,
  PledgeSummaryJson,
  PledgeTimelineJson,
  PledgeTotalJson
} from "../openapi/pledge-schemas.js"
import { PledgePageJson, ProblemJson } from "../openapi/schemas.js"

/*
 * Figures checked by hand (every other registration of this file is dated 2021–2023, outside them):
 *   2024-04-01 YH2024000001  enterprise A, 鹿城区 330302, 温州银行,     10,000,000.00, 1 patent
 *   2025-03-10 YH2025000001  enterprise A, 鹿城区 330302, 温州银行,     30,000,000.00, 1 patent
 *              loan 2025-03-20 25,000,000.00 (温州银行), repaid 5,000,000.00 on 2025-09-30
 *   2025-05-20 YH2025000002  enterprise B, 瑞安市 330381, 瑞安农商银行,  8,000,000.00, 2 patents
 * 2025: amount 38,000,000.00, 2 registrations, 3 patents, 2 enterprises, 1 loan, lending 25,000,000.00,
 *       outstanding at 2025-12-31 20,000,000.00. 2024: 10,000,000.00, 1 registration, 1 patent.
 *       Growth: amount (38 − 10) / 10 = 2.8, registrations 1, patents 2, enterprises 1; loans: null (0 before).
 * By district 2025: 330302 30,000,000.00 (a year earlier 10,000,000.00: growth 2), 330381 8,000,000.00
 *       (nothing a year earlier: growth null). By bank: 温州银行 30,000,000.00, 瑞安农商银行 8,000,000.00.
 * 2024–2025: 48,000,000.00 in 3; Q1 2025: 30,000,000.00 in 1; May 2025: 8,000,000.00 in 1;
 * the plan (2025–2027): 38,000,000.00 in 2.
 */

const A = makeUscc("91330302MA2PL0001")
const B = makeUscc("91330381MA2PL0002")

let serial = 0
/** A valid invention patent number of its own for every call: a patent is pledged once at a time. */
const patent = () => `ZL${makePatentNumber(`20191${String(++serial).padStart(7, "0")}`)}`

const registration = (
  registrationNo: string,
  extra: {
    uscc?: string
    name?: string
    district?: string
    bank?: string
    amount?: string
    registeredOn?: string
    patents?: number
  } = {}
) => ({
  registrationNo,
  pledgor: {
    uscc: extra.uscc ?? makeUscc(`91330302MA2PX${String(++serial).padStart(4, "0")}`),
    name: extra.name ?? "温州测试科技有限公司",
    district: extra.district ?? "330302"
  },
  pledgee: { name: extra.bank ?? "温州银行" },
  patents: Array.from({ length: extra.patents ?? 1 }, patent),
  amount: extra.amount ?? "20000000.00",
  registeredOn: extra.registeredOn ?? "2023-02-01"
})

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

/** The documented response schemas hold the real answers: unknown fields are refused. */
const expectShape = (schema: Schema.Top, value: unknown) => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(value, {
    onExcessProperty: "error",
    errors: "all"
  })
  if (Exit.isFailure(exit)) throw new Error(`${JSON.stringify(value)} does not match:\n${String(exit.cause)}`)
}

const roles = ["bureau", "fundManager", "viewer"] as const
type Who = (typeof roles)[number] | "anonymous"

for (const dialect of testDialects()) {
  describe(`pledge API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const tokens = {} as Record<(typeof roles)[number], string>
    const ids = {} as Record<"r2025a" | "r2025b", number>

    const send = async (
      who: Who,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {}
    ): Promise<{ status: number; body: Json; headers: Headers; text: string }> => {
      const response = await app.request(path, {
        method,
        headers: {
          ...(who === "anonymous" ? {} : { authorization: `Bearer ${tokens[who]}` }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await response.text()
      const type = response.headers.get("content-type") ?? ""
      return {
        status: response.status,
        body: text !== "" && type.includes("json") ? JSON.parse(text) : undefined,
        headers: response.headers,
        text
      }
    }
    const get = (path: string, who: Who = "bureau") => send(who, "GET", path)
    const post = (path: string, body: unknown, headers?: Record<string, string>, who: Who = "bureau") =>
      send(who, "POST", path, body, headers)
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)
    const created = async (path: string, body: unknown) => {
      const response = await post(path, body)
      if (response.status !== 201)
        throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`)
      return response.body
    }

    /** The registrations and the loan of the figures checked by hand (above), recorded through the API. */
    const recordFigures = async () => {
      await created(
        "/api/v1/pledges",
        registration("YH2024000001", { uscc: A, amount: "10000000.00", registeredOn: "2024-04-01" })
      )
      ids.r2025a = (
        await created(
          "/api/v1/pledges",
          registration("YH2025000001", { uscc: A, amount: "30000000.00", registeredOn: "2025-03-10" })
        )
      ).id
      ids.r2025b = (
        await created(
          "/api/v1/pledges",
          registration("YH2025000002", {
            uscc: B,
            district: "330381",
            bank: "瑞安农商银行",
            amount: "8000000.00",
            registeredOn: "2025-05-20",
            patents: 2
          })
        )
      ).id
      const loan = await created(`/api/v1/pledges/${ids.r2025a}/loans`, {
        amount: "25000000.00",
        rate: "0.0385",
        disbursedOn: "2025-03-20",
        maturesOn: "2026-03-19"
      })
      const repaid = await created(`/api/v1/pledges/loans/${loan.id}/repayments`, {
        on: "2025-09-30",
        amount: "5000000.00"
      })
      return { loan, repaid }
    }
    let figures: Awaited<ReturnType<typeof recordFigures>>

    /**
     * YH2023000001 as the lifecycle test leaves it: 20,000,000.00 registered on 2023-02-01, a loan of
     * 15,000,000.00 drawn, changed to 18,000,000.00, the loan repaid, released, and the release reversed
     * (status changed).
     */
    const recordLifecycle = async () => {
      const r = await created(
        "/api/v1/pledges",
        registration("YH2023000001", { amount: "20000000.00", registeredOn: "2023-02-01" })
      )
      const base = `/api/v1/pledges/${r.id}`
      const loan = await created(`${base}/loans`, {
        amount: "15000000.00",
        rate: "0.04",
        disbursedOn: "2023-02-10",
        maturesOn: "2024-02-09"
      })
      await created(`${base}/changes`, { on: "2023-03-01", amount: "18000000.00", note: "展期" })
      await created(`/api/v1/pledges/loans/${loan.id}/repayments`, {
        on: "2023-06-01",
        amount: "15000000.00"
      })
      const released = await created(`${base}/release`, { on: "2023-06-30", note: "债务已清偿" })
      const releaseEvent = released.events.find((e: Json) => e.kind === "release")
      await created(`/api/v1/pledges/events/${releaseEvent.id}/reversal`, { reason: "解除登记录入有误" })
      return { registration: r.id as number, loan: loan.id as number }
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      const token = async (name: string, role: string, funds?: Array<string>) =>
        (await kejin.accounts.createToken({ name, role, ...(funds ? { funds } : {}) })).token
      tokens.bureau = await token("p-bureau", "bureau")
      tokens.fundManager = await token("p-manager", "fund-manager", ["wz-angel-1"])
      tokens.viewer = await token("p-viewer", "viewer")
      figures = await recordFigures()
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("records the figures' registrations and a loan through the API", async () => {
      expect(figures.loan).toMatchObject({
        bank: "温州银行",
        amount: "25000000.00",
        outstanding: "25000000.00"
      })
      expect(figures.repaid).toMatchObject({ repaid: "5000000.00", outstanding: "20000000.00" })
    })

    it("GET /total and the figures stay exact past 2^63 fen: 93 of the largest amount in one year", async () => {
      const largest = "999999999999999.99"
      await kejin.pledges.recordMany(
        Array.from({ length: 93 }, (_, i) =>
          registration(`YH2020${String(i + 1).padStart(6, "0")}`, {
            uscc: A,
            amount: largest,
            registeredOn: "2020-06-01"
          })
        )
      )
      const total = await get("/api/v1/pledges/total?year=2020")
      expect([total.status, total.body]).toEqual([
        200,
        { period: { from: "2020-01-01", to: "2020-12-31" }, amount: "92999999999999999.07", count: 93 }
      ])
      for (const path of [
        "/api/v1/pledges/monthly?from=2020-06-01&to=2020-06-30",
        "/api/v1/pledges/summary?year=2020",
        "/api/v1/pledges/breakdown?year=2020&by=bank"
      ]) {
        const response = await get(path)
        expect(response.status, path).toBe(200)
        expect(JSON.stringify(response.body), path).toContain('"92999999999999999.07"')
      }
    })

    it("GET /total, /monthly: a period by year, quarter, month, dates, years or the plan", async () => {
      const total = async (query: string) => {
        const response = await get(`/api/v1/pledges/total?${query}`)
        expect(response.status, query).toBe(200)
        return response.body
      }
      expect(await total("year=2025")).toEqual({
        period: { from: "2025-01-01", to: "2025-12-31" },
        amount: "38000000.00",
        count: 2
      })
      expect(await total("year=2025&quarter=1")).toMatchObject({ amount: "30000000.00", count: 1 })
      expect(await total("year=2025&month=5")).toEqual({
        period: { from: "2025-05-01", to: "2025-05-31" },
        amount: "8000000.00",
        count: 1
      })
      expect(await total("from=2025-03-10&to=2025-05-19")).toMatchObject({ amount: "30000000.00", count: 1 })
      expect(await total("fromYear=2024&toYear=2025")).toMatchObject({ amount: "48000000.00", count: 3 })
      expect(await total("period=plan")).toEqual({
        period: { from: "2025-01-01", to: "2027-12-31" },
        amount: "38000000.00",
        count: 2
      })
      // No period: the current year in Asia/Shanghai, by the core's clock.
      const year = (await kejin.run(todayInShanghai)).slice(0, 4)
      expect(await total("")).toEqual(await total(`year=${year}`))

      const monthly = await get("/api/v1/pledges/monthly?year=2025")
      expect(monthly.status).toBe(200)
      expect(monthly.body.period).toEqual({ from: "2025-01-01", to: "2025-12-31" })
      expect(monthly.body.months).toHaveLength(12)
      expect(monthly.body.months[2]).toEqual({ month: "2025-03", amount: "30000000.00", count: 1 })
      expect(monthly.body.months[4]).toEqual({ month: "2025-05", amount: "8000000.00", count: 1 })
      expect(monthly.body.months[0]).toEqual({ month: "2025-01", amount: "0.00", count: 0 })
    })

    it("GET /summary: every measure, a year earlier and the growth", async () => {
      const summary = await get("/api/v1/pledges/summary?year=2025")
      expect(summary.status).toBe(200)
      expect(summary.body).toEqual({
        period: { from: "2025-01-01", to: "2025-12-31" },
        measures: {
          amount: "38000000.00",
          registrations: 2,
          patents: 3,
          enterprises: 2,
          loans: 1,
          lending: "25000000.00",
          lendingToDate: "25000000.00",
          repaidToDate: "5000000.00",
          outstanding: "20000000.00"
        },
        previousPeriod: { from: "2024-01-01", to: "2024-12-31" },
        previous: {
          amount: "10000000.00",
          registrations: 1,
          patents: 1,
          enterprises: 1,
          loans: 0,
          lending: "0.00",
          lendingToDate: "0.00",
          repaidToDate: "0.00",
          outstanding: "0.00"
        },
        growth: {
          amount: 2.8,
          registrations: 1,
          patents: 2,
          enterprises: 1,
          loans: null,
          lending: null,
          outstanding: null
        },
        defaulted: { loans: 0, outstanding: "0.00" }
      })
    })

    it("GET /breakdown: by district with year-on-year growth, by bank", async () => {
      const byDistrict = await get("/api/v1/pledges/breakdown?year=2025&by=district&yoy=true")
      expect(byDistrict.status).toBe(200)
      expect(byDistrict.body.previousPeriod).toEqual({ from: "2024-01-01", to: "2024-12-31" })
      const rows = new Map(byDistrict.body.rows.map((r: Json) => [r.key, r]))
      expect([...rows.keys()].sort()).toEqual(["330302", "330381"])
      const lucheng: Json = rows.get("330302")
      expect(lucheng).toMatchObject({
        label: "鹿城区",
        measures: { amount: "30000000.00", registrations: 1, patents: 1, lending: "25000000.00" },
        previous: { amount: "10000000.00", registrations: 1 },
        growth: { amount: 2, registrations: 0 }
      })
      expect(lucheng.measures.outstanding).toBe("20000000.00")
      const ruian: Json = rows.get("330381")
      expect(ruian).toMatchObject({
        label: "瑞安市",
        measures: { amount: "8000000.00", registrations: 1, patents: 2, loans: 0 },
        previous: { amount: "0.00" },
        growth: { amount: null }
      })
      expect(byDistrict.body.total).toMatchObject({ amount: "38000000.00", registrations: 2, patents: 3 })

      const byBank = await get("/api/v1/pledges/breakdown?year=2025&by=bank")
      expect(byBank.status).toBe(200)
      expect(byBank.body.previousPeriod).toBeUndefined()
      expect(Object.fromEntries(byBank.body.rows.map((r: Json) => [r.key, r.measures.amount]))).toEqual({
        温州银行: "30000000.00",
        瑞安农商银行: "8000000.00"
      })
      expect(byBank.body.rows[0].growth).toBeUndefined()
    })

    it("a bad period or figures query is a 400 naming the parameter", async () => {
      const bad = async (path: string) => {
        const response = await get(path)
        expect(response.status, path).toBe(400)
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/)
        return fields(response.body)
      }
      expect(await bad("/api/v1/pledges/total?year=2025&from=2025-01-01&to=2025-12-31")).toEqual([
        "from",
        "to"
      ])
      expect(await bad("/api/v1/pledges/total?year=2025&period=plan")).toEqual(["period"])
      expect(await bad("/api/v1/pledges/total?quarter=2")).toEqual(["year"])
      expect(await bad("/api/v1/pledges/total?year=2025&quarter=5")).toEqual(["quarter"])
      expect(await bad("/api/v1/pledges/total?year=2025&quarter=1&month=2")).toEqual(["month"])
      expect(await bad("/api/v1/pledges/total?year=twenty")).toEqual(["year"])
      expect(await bad("/api/v1/pledges/summary?from=2025-02-30&to=2025-03-31")).toEqual(["from"])
      expect(await bad("/api/v1/pledges/summary?from=2025-03-01")).toEqual(["to"])
      expect(await bad("/api/v1/pledges/monthly?from=2025-12-01&to=2025-01-01")).toEqual(["to"])
      expect(await bad("/api/v1/pledges/monthly?fromYear=2026&toYear=2025")).toEqual(["toYear"])
      // The core's own limit on a monthly series comes back as the same 400.
      expect(await bad("/api/v1/pledges/monthly?fromYear=1&toYear=9999")).toEqual(["toYear"])
      expect(await bad("/api/v1/pledges/total?period=now")).toEqual(["period"])
      expect(await bad("/api/v1/pledges/total?year=2025&by=district")).toEqual(["by"])
      expect(await bad("/api/v1/pledges/breakdown?year=2025")).toEqual(["by"])
      expect(await bad("/api/v1/pledges/breakdown?year=2025&by=city&yoy=yes")).toEqual(["by", "yoy"])
      expect(await bad("/api/v1/pledges/breakdown?by=inclusive&inclusiveThreshold=-1")).toEqual([
        "inclusiveThreshold"
      ])
    })

    it("GET / filters by bank, status, q and amounts; a bad filter is a 400 naming it", async () => {
      const numbers = async (query: string) => {
        const response = await get(`/api/v1/pledges?${query}`)
        expect(response.status, query).toBe(200)
        return response.body.items.map((p: Json) => p.registrationNo)
      }
      expect(await numbers("bank=瑞安农商银行")).toEqual(["YH2025000002"])
      expect(await numbers("q=yh2025&status=registered")).toEqual(["YH2025000002", "YH2025000001"])
      expect(await numbers("q=YH20&minAmount=10000000.00&maxAmount=3000万")).toEqual([
        "YH2025000001",
        "YH2024000001"
      ])
      expect(await numbers("q=YH20&status=released")).toEqual([])
      const page = await get("/api/v1/pledges?q=YH20&limit=1&offset=1")
      expect(page.body).toMatchObject({ total: 3, amount: "48000000.00", limit: 1, offset: 1 })
      expect(page.body.items[0].registrationNo).toBe("YH2025000001")
      // The search box reaches the bank's name; the sort any column, both ways.
      expect(await numbers("q=瑞安农商")).toEqual(["YH2025000002"])
      expect(await numbers("q=YH20&sort=amount")).toEqual(["YH2025000002", "YH2024000001", "YH2025000001"])
      expect(await numbers("q=YH20&sort=-amount")).toEqual(["YH2025000001", "YH2024000001", "YH2025000002"])
      const sorted = await get("/api/v1/pledges?q=YH20&sort=registrationNo&limit=1")
      expect(sorted.body).toMatchObject({ total: 3, amount: "48000000.00" })
      expect(sorted.body.items[0].registrationNo).toBe("YH2024000001")

      const bad = async (query: string) => {
        const response = await get(`/api/v1/pledges?${query}`)
        expect(response.status, query).toBe(400)
        return fields(response.body)
      }
      expect(await bad("status=open")).toEqual(["status"])
      expect(await bad("from=2025-02-30")).toEqual(["from"])
      expect(await bad("from=2025-12-01&to=2025-01-01")).toEqual(["to"])
      expect(await bad("minAmount=abc&maxAmount=12.345")).toEqual(["minAmount", "maxAmount"])
      expect(await bad("q=%20")).toEqual(["q"])
      expect(await bad("limit=501")).toEqual(["limit"])
      expect(await bad("sort=amountt")).toEqual(["sort"])
      expect(await bad("sort=-")).toEqual(["sort"])
      expect(await bad("sort=amount&sort=-amount")).toEqual(["sort"])
    })

    it("a registration's life: draw, change, release refused while a loan is open, repay, release, reverse", async () => {
      const r = await created(
        "/api/v1/pledges",
        registration("YH2023000001", { amount: "20000000.00", registeredOn: "2023-02-01" })
      )
      const base = `/api/v1/pledges/${r.id}`
      const fresh = await get(`${base}/registration`)
      expect(fresh.status).toBe(200)
      expect(fresh.body).toMatchObject({
        id: r.id,
        status: "registered",
        statusOn: "2023-02-01",
        securedAmount: "20000000.00",
        firstPledge: true,
        inclusive: false,
        drawn: "0.00",
        loans: [],
        events: []
      })
      expect(fresh.body.patentDetails).toEqual([{ number: r.patents[0], type: "invention", title: null }])

      // A loan above the secured amount: 422 naming amount, nothing written.
      const over = await post(`${base}/loans`, {
        amount: "20000000.01",
        rate: "0.04",
        disbursedOn: "2023-02-10",
        maturesOn: "2024-02-09"
      })
      expect(over.status).toBe(422)
      expect(fields(over.body)).toEqual(["amount"])
      expect(over.body.errors[0].reason).toMatch(/above its secured amount of 20,000,000\.00 yuan/)

      const draw = {
        amount: "15000000.00",
        rate: "0.04",
        disbursedOn: "2023-02-10",
        maturesOn: "2024-02-09"
      }
      const first = await post(`${base}/loans`, draw, { "Idempotency-Key": "draw-yh2023000001" })
      expect(first.status).toBe(201)
      expectShape(PledgeLoanJson, first.body)
      expect(first.headers.get("location")).toBe(`/api/v1/pledges/loans/${first.body.id}`)
      expect(first.headers.get("hx-trigger")).toBe("kejin-changed")
      const loanId = first.body.id
      // The same key again: the first loan, nothing new.
      const retry = await post(`${base}/loans`, draw, { "Idempotency-Key": "draw-yh2023000001" })
      expect(retry.status).toBe(201)
      expect(retry.body.id).toBe(first.body.id)
      const reused = await post(
        `${base}/loans`,
        { ...draw, amount: "1.00" },
        { "Idempotency-Key": "draw-yh2023000001" }
      )
      expect(reused.status).toBe(409)
      const loans = await get(`${base}/loans`)
      expect(loans.body.items.map((l: Json) => l.id)).toEqual([first.body.id])
      expect((await get(`/api/v1/pledges/loans/${loanId}`)).body).toMatchObject({
        pledgeId: r.id,
        registrationNo: "YH2023000001",
        amount: "15000000.00",
        outstanding: "15000000.00"
      })

      const change = await post(`${base}/changes`, { on: "2023-03-01", amount: "18000000.00", note: "展期" })
      expect(change.status).toBe(201)
      expectShape(PledgeRegistrationJson, change.body)
      expect(change.headers.get("hx-trigger")).toBe("kejin-changed")
      expect(change.body).toMatchObject({
        status: "changed",
        statusOn: "2023-03-01",
        amount: "20000000.00",
        securedAmount: "18000000.00",
        drawn: "15000000.00",
        available: "3000000.00"
      })
      expect(change.body.events[0]).toMatchObject({
        kind: "change",
        amount: { before: "20000000.00", after: "18000000.00" },
        note: "展期"
      })
      const below = await post(`${base}/changes`, { on: "2023-03-02", amount: "14999999.99" })
      expect(below.status).toBe(422)
      expect(fields(below.body)).toEqual(["amount"])
      // The path names the registration; unknown fields and a different pledgeId are refused.
      const stray = await post(`${base}/changes`, { on: "2023-03-02", amount: "17000000.00", rate: "0.1" })
      expect(stray.status).toBe(422)
      expect(fields(stray.body)).toEqual(["rate"])
      const other = await post(`${base}/changes`, { pledgeId: ids.r2025a, on: "2023-03-02", amount: "1.00" })
      expect(other.status).toBe(422)
      expect(fields(other.body)).toEqual(["pledgeId"])

      // Released while the loan is open: refused, saying why.
      const early = await post(`${base}/release`, { on: "2023-06-30" })
      expect(early.status).toBe(422)
      expect(fields(early.body)).toEqual(["pledgeId"])
      expect(early.body.errors[0].reason).toBe(
        `registration YH2023000001 still secures 15,000,000.00 yuan outstanding on loan ${loanId} on 2023-06-30: repay it before the registration is released`
      )
      const repaid = await post(`/api/v1/pledges/loans/${loanId}/repayments`, {
        on: "2023-06-01",
        amount: "15000000.00"
      })
      expect(repaid.status).toBe(201)
      expect(repaid.body).toMatchObject({ repaid: "15000000.00", outstanding: "0.00" })
      const released = await post(`${base}/release`, { on: "2023-06-30", note: "债务已清偿" })
      expect(released.status).toBe(201)
      expect(released.body).toMatchObject({ status: "released", statusOn: "2023-06-30" })
      const closed = await post(`${base}/changes`, { on: "2023-07-01", amount: "17000000.00" })
      expect(closed.status).toBe(422)
      expect(fields(closed.body)).toEqual(["pledgeId"])

      const timeline = await get(`${base}/events`)
      expect(timeline.status).toBe(200)
      expect(timeline.body.items.map((e: Json) => [e.on, e.kind, e.amount, e.reversed])).toEqual([
        ["2023-02-01", "registered", "20000000.00", false],
        ["2023-02-10", "drawn", "15000000.00", false],
        ["2023-03-01", "changed", "18000000.00", false],
        ["2023-06-01", "repaid", "15000000.00", false],
        ["2023-06-30", "released", null, false]
      ])

      // Reversing the release: the registration is open again (changed).
      const releaseEvent = released.body.events.find((e: Json) => e.kind === "release")
      const path = `/api/v1/pledges/events/${releaseEvent.id}/reversal`
      expect(fields((await post(path, { reason: "x", extra: 1 })).body)).toEqual(["extra"])
      expect(fields((await post(path, { reason: " " })).body)).toEqual(["reason"])
      const reversal = await post(path, { reason: "解除登记录入有误" })
      expect(reversal.status).toBe(201)
      expect(reversal.body).toMatchObject({ status: "changed", statusOn: "2023-03-01" })
      expect(reversal.body.events.find((e: Json) => e.id === releaseEvent.id).reversed).toBe(true)
      const twice = await post(path, { reason: "再次冲销" })
      expect(twice.status).toBe(409)
      expect((await get(`${base}/events`)).body.items.at(-1)).toMatchObject({
        kind: "released",
        reversed: true
      })
    })

    it("cancels a registration; a loan's default and its reversals", async () => {
      const r = await created(
        "/api/v1/pledges",
        registration("YH2023000002", { amount: "5000000.00", registeredOn: "2023-04-01" })
      )
      const cancelled = await post(`/api/v1/pledges/${r.id}/cancellation`, { on: "2023-04-15" })
      expect(cancelled.status).toBe(201)
      expect(cancelled.body).toMatchObject({ status: "cancelled", statusOn: "2023-04-15" })
      expect((await get("/api/v1/pledges?q=YH2023000002&status=cancelled")).body.total).toBe(1)

      const s = await created(
        "/api/v1/pledges",
        registration("YH2023000003", { amount: "5000000.00", registeredOn: "2023-04-01" })
      )
      const loan = await created(`/api/v1/pledges/${s.id}/loans`, {
        bank: "温州民商银行",
        amount: "4000000.00",
        rate: "0.05",
        disbursedOn: "2023-04-02",
        maturesOn: "2024-04-01"
      })
      expect(loan.bank).toBe("温州民商银行")
      const defaulted = await post(`/api/v1/pledges/loans/${loan.id}/default`, { on: "2023-10-01" })
      expect(defaulted.status).toBe(201)
      expect(defaulted.body.defaultedOn).toBe("2023-10-01")
      const summary = await get("/api/v1/pledges/summary?year=2023")
      expect(summary.body.defaulted).toEqual({ loans: 1, outstanding: "4000000.00" })
      const event = defaulted.body.events.find((e: Json) => e.kind === "default")
      const undone = await post(`/api/v1/pledges/loans/events/${event.id}/reversal`, { reason: "误登记违约" })
      expect(undone.status).toBe(201)
      expectShape(PledgeLoanJson, undone.body)
      expect(undone.body.defaultedOn).toBeNull()
      expect((await get("/api/v1/pledges/summary?year=2023")).body.defaulted.loans).toBe(0)
      const stray = await post(`/api/v1/pledges/loans/${loan.id}/reversal`, { reason: "x", loanId: 1 })
      expect(stray.status).toBe(422)
      expect(fields(stray.body)).toEqual(["loanId"])
      const reversed = await post(`/api/v1/pledges/loans/${loan.id}/reversal`, { reason: "贷款录入错误" })
      expect(reversed.status).toBe(201)
      expect(reversed.body.reversed).toBe(true)
      expect((await get(`/api/v1/pledges/${s.id}/registration`)).body.drawn).toBe("0.00")
    })

    it("answers 404 for unknown or non-numeric ids", async () => {
      for (const path of [
        "/api/v1/pledges/999999/registration",
        "/api/v1/pledges/999999/events",
        "/api/v1/pledges/999999/loans",
        "/api/v1/pledges/loans/999999",
        "/api/v1/pledges/abc/registration",
        "/api/v1/pledges/loans/abc",
        "/api/v1/pledges/99999999999999999999/registration"
      ]) {
        expect((await get(path)).status, path).toBe(404)
      }
      const writes: Array<[string, unknown]> = [
        ["/api/v1/pledges/999999/changes", { on: "2025-01-01", amount: "1.00" }],
        ["/api/v1/pledges/999999/release", { on: "2025-01-01" }],
        [
          "/api/v1/pledges/999999/loans",
          { amount: "1.00", rate: "0.04", disbursedOn: "2025-01-01", maturesOn: "2025-12-31" }
        ],
        ["/api/v1/pledges/events/999999/reversal", { reason: "x" }],
        ["/api/v1/pledges/loans/999999/repayments", { on: "2025-01-01", amount: "1.00" }],
        ["/api/v1/pledges/loans/events/999999/reversal", { reason: "x" }],
        ["/api/v1/pledges/x1/cancellation", { on: "2025-01-01" }]
      ]
      for (const [path, body] of writes) {
        const response = await post(path, body)
        expect(response.status, path).toBe(404)
      }
    })

    it("GET /export.csv: every matching row as CSV, formulas defused, no page limit", async () => {
      const csv = await get("/api/v1/pledges/export.csv?from=2025-01-01&to=2025-12-31")
      expect(csv.status).toBe(200)
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8")
      const today = await kejin.run(todayInShanghai)
      expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="kejin-pledges-${today}.csv"`)
      const lines = csv.text.trimEnd().split("\n")
      // The list's columns (derived, api/exports.ts), headed in Chinese; no cell here holds a comma.
      const header = (lines[0] as string).split(",")
      const cell = (line: string | undefined, name: string) => line?.split(",")[header.indexOf(name)]
      expect(header.slice(0, 4)).toEqual(["编号", "登记号", "统一社会信用代码", "出质人"])
      expect(lines.slice(1).map((l) => cell(l, "登记号"))).toEqual(["YH2025000002", "YH2025000001"])
      expect(cell(lines[1], "统一社会信用代码")).toBe(B)
      expect([cell(lines[1], "金额(元)"), cell(lines[1], "登记日期")]).toEqual(["8000000.00", "2025-05-20"])
      expect(cell(lines[1], "现担保金额(元)")).toBe("8000000.00")
      const bank = await get("/api/v1/pledges/export.csv?bank=瑞安农商银行&bom=false")
      expect(
        bank.text
          .trimEnd()
          .split("\n")
          .slice(1)
          .map((l) => cell(l, "登记号"))
      ).toEqual(["YH2025000002"])
      // The byte-order mark (for spreadsheets) unless bom=false; Response.text() hides it, so read bytes.
      const bytes = async (query: string) =>
        new Uint8Array(
          await (
            await app.request(`/api/v1/pledges/export.csv?${query}`, {
              headers: { authorization: `Bearer ${tokens.viewer}` }
            })
          ).arrayBuffer()
        )
      expect([...(await bytes("q=YH2025")).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect([...(await bytes("q=YH2025&bom=false")).slice(0, 3)]).toEqual([
        ...new TextEncoder().encode("编")
      ])

      await created(
        "/api/v1/pledges",
        registration("YH2022000001", { name: '=HYPERLINK("http://x")科技', registeredOn: "2022-01-05" })
      )
      const formula = await get("/api/v1/pledges/export.csv?q=YH2022000001")
      expect(formula.text.split("\n")[1]).toContain(`,"'=HYPERLINK(""http://x"")科技",`)

      // More rows than one page of the list (500): all of them, each once, newest first.
      const bulk = Array.from({ length: 520 }, (_, i) =>
        registration(`YB2021${String(i).padStart(6, "0")}`, {
          amount: "100000.00",
          registeredOn: `2021-${String(1 + (i % 12)).padStart(2, "0")}-15`
        })
      )
      await kejin.pledges.recordMany(bulk)
      const all = await get("/api/v1/pledges/export.csv?fromYear=2021&from=2021-01-01&to=2021-12-31")
      expect(all.status).toBe(400)
      expect(fields(all.body)).toEqual(["fromYear"])
      const full = await get("/api/v1/pledges/export.csv?from=2021-01-01&to=2021-12-31&bom=false")
      const rows = full.text.trimEnd().split("\n").slice(1)
      expect(rows).toHaveLength(520)
      expect(new Set(rows.map((l) => cell(l, "登记号"))).size).toBe(520)
      expect(cell(rows[0], "登记日期")).toBe("2021-12-15")
      expect(cell(rows.at(-1), "登记日期")).toBe("2021-01-15")
      expect((await get("/api/v1/pledges/export.csv?status=gone")).status).toBe(400)
    })

    it("answers match the documented schemas; every documented example parameter is accepted", async () => {
      const lifecycle = await recordLifecycle()
      const r = lifecycle.registration
      const shapes: Array<[Schema.Top, string]> = [
        [PledgeRegistrationJson, `/api/v1/pledges/${r}/registration`],
        [PledgeRegistrationJson, `/api/v1/pledges/${r}/registration?inclusiveThreshold=20000000.00`],
        [PledgeRegistrationJson, `/api/v1/pledges/${ids.r2025a}/registration`],
        [PledgeTimelineJson, `/api/v1/pledges/${r}/events`],
        [PledgeLoanListJson, `/api/v1/pledges/${r}/loans`],
        [PledgeLoanJson, `/api/v1/pledges/loans/${lifecycle.loan}`],
        [PledgeTotalJson, "/api/v1/pledges/total?period=plan"],
        [PledgeMonthlyJson, "/api/v1/pledges/monthly?fromYear=2024&toYear=2025"],
        [PledgeSummaryJson, "/api/v1/pledges/summary?year=2023"],
        [PledgePageJson, "/api/v1/pledges?status=changed&bank=温州银行"],
        [ProblemJson, "/api/v1/pledges/total?year=0"]
      ]
      for (const by of ["district", "bank", "size", "inclusive", "firstPledge"]) {
        shapes.push([PledgeBreakdownJson, `/api/v1/pledges/breakdown?year=2025&by=${by}`])
        shapes.push([PledgeBreakdownJson, `/api/v1/pledges/breakdown?year=2025&by=${by}&yoy=true`])
      }
      for (const [schema, path] of shapes) expectShape(schema, (await get(path)).body)
      expect((await get(`/api/v1/pledges/${r}/registration`)).body.loans.length).toBeGreaterThan(0)

      // Each documented GET with every parameter that has an example (the period forms exclude each other,
      // so only `year` of them has one).
      for (const operation of derivedOperations([pledgesModule]).filter((o) => o.method === "get")) {
        const parameters = openApiDocument().paths[operation.path]![operation.method]!.parameters
        const query = new URLSearchParams(
          parameters
            .filter((p) => p.in === "query" && p.example !== undefined)
            .map((p): [string, string] => [p.name, String(p.example)])
        )
        const path = operation.path.replace("{id}", String(r)).replace("{loanId}", String(lifecycle.loan))
        const response = await get(`${path}?${query}`)
        expect(response.status, `${path}?${query}`).toBe(200)
      }
    })

    it("rights: bureau reads and writes; a fund manager and a viewer read but may not write; anonymous is 401", async () => {
      const lifecycle = await recordLifecycle()
      const r = lifecycle.registration
      const reads = [
        "/api/v1/pledges?status=changed",
        "/api/v1/pledges/export.csv",
        `/api/v1/pledges/${r}/registration`,
        `/api/v1/pledges/${r}/events`,
        `/api/v1/pledges/${r}/loans`,
        `/api/v1/pledges/loans/${lifecycle.loan}`,
        "/api/v1/pledges/total?year=2025",
        "/api/v1/pledges/monthly?year=2025",
        "/api/v1/pledges/summary?year=2025",
        "/api/v1/pledges/breakdown?year=2025&by=size"
      ]
      for (const who of roles) {
        for (const path of reads) expect((await get(path, who)).status, `${who} GET ${path}`).toBe(200)
      }
      for (const path of reads) expect((await get(path, "anonymous")).status, `GET ${path}`).toBe(401)

      const before = await get(`/api/v1/pledges/${r}/registration`)
      const writes: Array<[string, unknown]> = [
        [`/api/v1/pledges/${r}/changes`, { on: "2023-08-01", amount: "17000000.00" }],
        [`/api/v1/pledges/${r}/release`, { on: "2023-08-01" }],
        [`/api/v1/pledges/${r}/cancellation`, { on: "2023-08-01" }],
        [`/api/v1/pledges/events/${before.body.events[0].id}/reversal`, { reason: "越权" }],
        [
          `/api/v1/pledges/${r}/loans`,
          { amount: "1.00", rate: "0.04", disbursedOn: "2023-08-01", maturesOn: "2024-08-01" }
        ],
        [`/api/v1/pledges/loans/${lifecycle.loan}/repayments`, { on: "2023-08-01", amount: "1.00" }],
        [`/api/v1/pledges/loans/${lifecycle.loan}/default`, { on: "2023-08-01" }],
        [`/api/v1/pledges/loans/${lifecycle.loan}/reversal`, { reason: "越权" }],
        [`/api/v1/pledges/loans/events/${before.body.loans[0].events[0].id}/reversal`, { reason: "越权" }]
      ]
      for (const [path, body] of writes) {
        for (const who of ["fundManager", "viewer"] as const) {
          const response = await post(path, body, {}, who)
          expect(response.status, `${who} POST ${path}`).toBe(403)
          expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/)
        }
        expect((await post(path, body, {}, "anonymous")).status, `POST ${path}`).toBe(401)
      }
      // Nothing was written.
      expect((await get(`/api/v1/pledges/${r}/registration`)).body).toEqual(before.body)
      // Bureau staff may write (the lifecycle above wrote as bureau); one more, to be plain about it.
      const change = await post(`/api/v1/pledges/${r}/changes`, { on: "2023-08-01", amount: "17000000.00" })
      expect(change.status).toBe(201)
      expect(change.body.securedAmount).toBe("17000000.00")
    })
  })
}
