import { type Kejin, openKejin } from "@kejin/core"
import { demoPatent, demoPledges } from "@kejin/core/demo"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

const [sample] = demoPledges({ count: 1, from: "2025-03-14", to: "2025-03-14", seed: 5 })
const body = { ...sample!, registrationNo: "Y2025330000123", amount: "25000000.00" }
/** Another registration of the same pledgor, with a patent of its own (a patent is pledged once at a time). */
const another = (registrationNo: string, extra: Record<string, unknown> = {}) => ({
  ...body,
  registrationNo,
  patents: [demoPatent(registrationNo)],
  ...extra
})

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any
const json = (response: Response): Promise<Json> => response.json()

let bearer = ""

const post = (app: ReturnType<typeof createApp>, json: unknown, headers: Record<string, string> = {}) =>
  app.request("/api/v1/pledges", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}`, ...headers },
    body: typeof json === "string" ? json : JSON.stringify(json)
  })

for (const dialect of testDialects()) {
  describe(`JSON API on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin, maxBodyBytes: 64 * 1024 })
      bearer = (await kejin.accounts.createToken({ name: "api-test", role: "bureau" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    /** The three registrations of 2025 the other tests record through the API: 300,000,000.00 in all. */
    const recordThree = async () => {
      for (const input of [
        body,
        another("Y2025330000124", { amount: "2.5亿元" }),
        another("Y2025330000125")
      ]) {
        const response = await post(app, input)
        if (response.status !== 201) throw new Error(`POST /api/v1/pledges: ${response.status}`)
      }
    }

    it("POST /api/v1/pledges records a pledge: 201 with the stored record and its id", async () => {
      const response = await post(app, body)
      expect(response.status).toBe(201)
      const record = await json(response)
      expect(record).toMatchObject({
        registrationNo: "Y2025330000123",
        amount: "25000000.00",
        registeredOn: "2025-03-14",
        pledgor: { uscc: body.pledgor.uscc, district: body.pledgor.district },
        pledgee: { name: body.pledgee.name }
      })
      expect(typeof record.id).toBe("number")
      expect(response.headers.get("location")).toBe(`/api/v1/pledges/${record.id}`)
      const fetched = await app.request(`/api/v1/pledges/${record.id}`, {
        headers: { authorization: `Bearer ${bearer}` }
      })
      expect((await json(fetched)).id).toBe(record.id)
    })

    it("a duplicate registration number is 409 problem+json", async () => {
      expect((await post(app, body)).status).toBe(201)
      const response = await post(app, body)
      expect(response.status).toBe(409)
      expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/)
      const problem = await json(response)
      expect(problem.status).toBe(409)
      expect(problem.errors[0].field).toBe("registrationNo")
    })

    it("bad input is 422 problem+json naming each field and reason", async () => {
      const response = await post(app, {
        ...body,
        registrationNo: "Y2025330009999",
        amount: "3亿零",
        registeredOn: "2025-02-30",
        patents: ["ZL201710601862.4"]
      })
      expect(response.status).toBe(422)
      const problem = await json(response)
      const fields = problem.errors.map((e: { field: string }) => e.field)
      expect(fields).toEqual(expect.arrayContaining(["amount", "registeredOn", "patents.0"]))
      for (const error of problem.errors) expect(error.reason.length).toBeGreaterThan(3)
    })

    it("malformed JSON is 400, a wrong content type 415, an oversized body 413", async () => {
      expect((await post(app, "{not json")).status).toBe(400)
      const form = await app.request("/api/v1/pledges", {
        method: "POST",
        headers: { "content-type": "text/plain", authorization: `Bearer ${bearer}` },
        body: "x"
      })
      expect(form.status).toBe(415)
      const huge = await post(app, { ...body, pledgee: { name: "x".repeat(100 * 1024) } })
      expect(huge.status).toBe(413)
    })

    it("accepts money in 万/亿 text and answers with a two-place decimal string", async () => {
      const response = await post(app, another("Y2025330000124", { amount: "2.5亿元" }))
      expect(response.status).toBe(201)
      expect((await json(response)).amount).toBe("250000000.00")
    })

    it("replays a repeated Idempotency-Key and refuses it for another body", async () => {
      const input = another("Y2025330000125")
      const first = await post(app, input, { "Idempotency-Key": "abc-1" })
      const second = await post(app, input, { "Idempotency-Key": "abc-1" })
      expect(first.status).toBe(201)
      expect((await json(second)).id).toBe((await json(first)).id)
      const clash = await post(app, { ...input, amount: "1.00" }, { "Idempotency-Key": "abc-1" })
      expect(clash.status).toBe(409)
    })

    it("answers concurrent retries of one Idempotency-Key, from two servers, with the first write's 201", async () => {
      // A second server on the same database: retries land on either.
      const other = await openKejin({ database: database.url })
      try {
        const otherApp = createApp({ kejin: other })
        const input = another("Y2025330000126")
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            post(i % 2 === 0 ? app : otherApp, input, { "Idempotency-Key": "retry-1" })
          )
        )
        expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 201))
        const ids = new Set(await Promise.all(answers.map(async (a) => (await json(a)).id)))
        expect(ids.size).toBe(1)
        expect((await kejin.pledges.list({ registrationNo: "Y2025330000126" })).items).toHaveLength(1)
      } finally {
        await other.close()
      }
    })

    it("GET /api/v1/targets reports both figures as decimal strings", async () => {
      await recordThree()
      const response = await app.request("/api/v1/targets?asOf=2025-12-31", {
        headers: { authorization: `Bearer ${bearer}` }
      })
      expect(response.status).toBe(200)
      const { targets } = await json(response)
      const pledge = targets.find((t: { key: string }) => t.key === "patent-pledge-financing")
      expect(pledge).toMatchObject({
        target: "2500000000.00",
        value: "300000000.00",
        periodStart: "2025-01-01",
        periodEnd: "2025-12-31"
      })
      expect(pledge.progress).toBeCloseTo(0.12, 10)
      const fund = targets.find((t: { key: string }) => t.key === "city-fund-scale")
      expect(fund).toMatchObject({ target: "10000000000.00", value: "0.00" })
    })

    it("lists pledges with pagination and rejects unknown filters", async () => {
      await recordThree()
      const page = await json(
        await app.request("/api/v1/pledges?limit=2&offset=0&from=2025-01-01", {
          headers: { authorization: `Bearer ${bearer}` }
        })
      )
      expect(page.items).toHaveLength(2)
      expect(page.total).toBe(3)
      const fieldsOf = async (query: string) => {
        const bad = await app.request(`/api/v1/pledges?${query}`, {
          headers: { authorization: `Bearer ${bearer}` }
        })
        expect(bad.status, query).toBe(400)
        return (await json(bad)).errors.map((e: { field: string }) => e.field)
      }
      // An unknown parameter together with a bad limit; a bad sort (a column's name or nothing) names sort.
      expect(await fieldsOf("limit=0&order=amount")).toEqual(expect.arrayContaining(["limit", "order"]))
      expect(await fieldsOf("sort=amount;drop table pledges")).toEqual(["sort"])
      const sorted = await app.request("/api/v1/pledges?sort=-amount", {
        headers: { authorization: `Bearer ${bearer}` }
      })
      expect(sorted.status).toBe(200)
    })

    it("reverses a pledge: it leaves the total and stays in history", async () => {
      const created = await json(await post(app, another("Y2025330000126", { amount: "100.00" })))
      const before = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
      const response = await app.request(`/api/v1/pledges/${created.id}/reversal`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ reason: "duplicate entry" })
      })
      expect(response.status).toBe(201)
      expect((await json(response)).reversed).toBe(true)
      const after = await kejin.pledges.total({ from: "2025-01-01", to: "2025-12-31" })
      expect(before.amount.minus(after.amount).toFixed(2)).toBe("100.00")
    })
  })
}
