import { type Kejin, makePatentNumber, makeUscc, messageText, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

/*
 * Input the pledge API must refuse cleanly (a 400/404/422 naming the parameter or field, nothing written)
 * rather than pass on to the store: ids beyond any row, periods with no year before them, control
 * characters (PostgreSQL refuses a NUL in text), repeated query parameters, stray reversal bodies; and the
 * CSV export of more rows than one batch.
 */

let serial = 0
/** A valid invention patent number of its own for every call: a patent is pledged once at a time. */
const patent = () => `ZL${makePatentNumber(`20181${String(++serial).padStart(7, "0")}`)}`

const registration = (
  registrationNo: string,
  extra: { name?: string; bank?: string; registeredOn?: string; titles?: boolean } = {}
) => {
  const patents = [patent()]
  return {
    registrationNo,
    pledgor: {
      uscc: makeUscc(`91330302MA2PN${String(++serial).padStart(4, "0")}`),
      name: extra.name ?? "温州输入科技有限公司",
      district: "330302"
    },
    pledgee: { name: extra.bank ?? "温州银行" },
    patents,
    amount: "1000000.00",
    registeredOn: extra.registeredOn ?? "2024-06-01",
    ...(extra.titles ? { patentTitles: { [patents[0]!]: "一种测试装置" } } : {})
  }
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

for (const dialect of testDialects()) {
  describe(`pledge API input on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let token: string

    const send = async (method: string, path: string, body?: unknown, raw?: string) => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined && raw === undefined ? {} : { "content-type": "application/json" })
        },
        ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await response.text()
      const type = response.headers.get("content-type") ?? ""
      return {
        status: response.status,
        body: (text !== "" && type.includes("json") ? JSON.parse(text) : undefined) as Json,
        headers: response.headers,
        text
      }
    }
    const get = (path: string) => send("GET", path)
    const post = (path: string, body: unknown) => send("POST", path, body)
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)
    /** The 400 of a query, the parameters it names. */
    const badQuery = async (path: string) => {
      const response = await get(path)
      expect(response.status, path).toBe(400)
      expect(response.headers.get("content-type"), path).toMatch(/^application\/problem\+json/)
      return fields(response.body)
    }
    /** The 422 of a write, the fields it names. */
    const invalid = async (path: string, body: unknown) => {
      const response = await post(path, body)
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(422)
      return fields(response.body)
    }
    const created = async (path: string, body: unknown) => {
      const response = await post(path, body)
      if (response.status !== 201)
        throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`)
      return response.body
    }

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin })
      token = (await kejin.accounts.createToken({ name: "input-bureau", role: "bureau" })).token
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("an id beyond any row is a 404 on GET /{id} and POST /{id}/reversal", async () => {
      const r = await created("/api/v1/pledges", registration("YI2024000001"))
      expect((await get(`/api/v1/pledges/${r.id}`)).body.registrationNo).toBe("YI2024000001")
      for (const id of ["99999999999999999999", "9007199254740993", "0", "999999"]) {
        const read = await get(`/api/v1/pledges/${id}`)
        expect(read.status, id).toBe(404)
        expect(read.headers.get("content-type")).toMatch(/^application\/problem\+json/)
        expect((await post(`/api/v1/pledges/${id}/reversal`, { reason: "录入有误" })).status, id).toBe(404)
      }
      // A query on a single read is refused like on every other read.
      expect(await badQuery(`/api/v1/pledges/${r.id}?x=1`)).toEqual(["x"])
      expect((await get(`/api/v1/pledges/${r.id}`)).body.reversed).toBe(false)
    })

    it("a write with three bad fields, one a date after today, names all three in one 422", async () => {
      const body = {
        ...registration("YI2024000099", { registeredOn: "2999-01-01" }),
        amount: "0",
        pledgee: { name: "" }
      }
      const response = await post("/api/v1/pledges", body)
      expect(response.status).toBe(422)
      expect(fields(response.body).sort()).toEqual(["amount", "pledgee.name", "registeredOn"])
      const future = response.body.errors.find((e: { field: string }) => e.field === "registeredOn")
      expect(future.reason).toMatch(/^must not be after today \(\d{4}-\d{2}-\d{2}\)$/)
      // Fixed but for the date: the date alone.
      expect(
        await invalid("/api/v1/pledges", { ...body, amount: "1000000.00", pledgee: { name: "温州银行" } })
      ).toEqual(["registeredOn"])
      expect((await get("/api/v1/pledges?limit=5")).body.total).toBe(0)
    })

    it("a loan's rate is taken as 0.0385 or 3.85%, stored as 0.0385; a bare 3.85 is a 422 saying how to write it", async () => {
      const r = await created("/api/v1/pledges", registration("YI2024000098"))
      const loan = (rate: string) => ({
        amount: "1000.00",
        rate,
        disbursedOn: "2024-07-01",
        maturesOn: "2025-07-01"
      })
      expect((await created(`/api/v1/pledges/${r.id}/loans`, loan("3.85%"))).rate).toBe("0.0385")
      expect((await created(`/api/v1/pledges/${r.id}/loans`, loan("0.0385"))).rate).toBe("0.0385")
      const bare = await post(`/api/v1/pledges/${r.id}/loans`, loan("3.85"))
      expect(bare.status).toBe(422)
      expect(bare.body.errors).toEqual([
        {
          field: "rate",
          reason:
            "must be an annual rate above 0 and below 1: write 3.85% or 0.0385 for 3.85 % a year (a bare number is a fraction of one)",
          code: "annual-rate-fraction",
          params: {}
        }
      ])
    })

    it("a period with no year before it is a 400 naming the parameter sent, on summary and yoy breakdowns", async () => {
      expect(await badQuery("/api/v1/pledges/summary?year=1")).toEqual(["year"])
      expect(await badQuery("/api/v1/pledges/summary?year=1&quarter=4")).toEqual(["year"])
      expect(await badQuery("/api/v1/pledges/summary?year=1&month=12")).toEqual(["year"])
      expect(await badQuery("/api/v1/pledges/summary?from=0001-12-31&to=0002-01-01")).toEqual(["from"])
      expect(await badQuery("/api/v1/pledges/summary?fromYear=1&toYear=3")).toEqual(["fromYear"])
      expect(await badQuery("/api/v1/pledges/breakdown?by=district&yoy=true&year=1")).toEqual(["year"])
      expect(await badQuery("/api/v1/pledges/breakdown?by=bank&yoy=true&fromYear=1&toYear=2")).toEqual([
        "fromYear"
      ])
      const reason = (await get("/api/v1/pledges/summary?year=1")).body.errors[0].reason
      expect(reason).toMatch(/0001/)
      // A period with a year before it, and a breakdown without the comparison, are answered.
      expect((await get("/api/v1/pledges/summary?year=2")).status).toBe(200)
      expect((await get("/api/v1/pledges/summary?from=0002-01-01&to=0002-01-31")).status).toBe(200)
      expect((await get("/api/v1/pledges/breakdown?by=district&year=1")).status).toBe(200)
      const previous = await get("/api/v1/pledges/breakdown?by=district&yoy=true&year=2")
      expect(previous.status).toBe(200)
      expect(previous.body.previousPeriod).toEqual({ from: "0001-01-01", to: "0001-12-31" })
      // Too long a monthly series names the end the client sent.
      expect(await badQuery("/api/v1/pledges/monthly?fromYear=1&toYear=9999")).toEqual(["toYear"])
      expect(await badQuery("/api/v1/pledges/monthly?from=0001-01-01&to=9999-12-31")).toEqual(["to"])
    })

    it("a filter error carries the message's stable code and parameters besides its English reason", async () => {
      const response = await get("/api/v1/pledges?from=2026-05-01&to=2026-04-01")
      expect(response.status).toBe(400)
      expect(response.body.errors).toEqual([
        {
          field: "to",
          reason: "must not be before from (2026-05-01)",
          code: "to-before-from",
          params: { from: "2026-05-01" }
        }
      ])
      const summary = await get("/api/v1/pledges/summary?year=2026&quarter=5")
      expect(summary.body.errors[0]).toMatchObject({ field: "quarter", code: "quarter-range" })
    })

    it("a control character in a list or export filter is a 400 naming the parameter", async () => {
      for (const [param, core] of [
        ["district", "district"],
        ["q", "q"],
        ["bank", "bank"],
        ["pledgor", "pledgor"]
      ] as const) {
        for (const value of ["%00", "a%00b", "x%01", "%7F"]) {
          expect(await badQuery(`/api/v1/pledges?${param}=${value}`), `${param}=${value}`).toEqual([core])
          expect(await badQuery(`/api/v1/pledges/export.csv?${param}=${value}`)).toEqual([core])
        }
      }
      // Named in the order the query gives them (the query's own check finds control characters first).
      expect(await badQuery("/api/v1/pledges?minAmount=%00&from=%00")).toEqual(["minAmount", "from"])
      const reason = (await get("/api/v1/pledges?bank=a%00b")).body.errors[0].reason
      expect(reason).toMatch(/control character.*U\+0000/)
      // Text without control characters still filters.
      expect((await get("/api/v1/pledges?bank=%E6%B8%A9%E5%B7%9E%E9%93%B6%E8%A1%8C")).status).toBe(200)
    })

    it("a control character in a name, title, note or reason is a 422 naming the field; nothing is written", async () => {
      const before = (await get("/api/v1/pledges?limit=1")).body.total
      const bad = registration("YI2024000002", { titles: true })
      expect(
        await invalid("/api/v1/pledges", { ...bad, pledgor: { ...bad.pledgor, name: "a\u0000b" } })
      ).toEqual(["pledgor.name"])
      expect(await invalid("/api/v1/pledges", { ...bad, pledgee: { name: "温州\u0000银行" } })).toEqual([
        "pledgee.name"
      ])
      expect(await invalid("/api/v1/pledges", { ...bad, pledgee: { name: "温州\u001b[31m银行" } })).toEqual([
        "pledgee.name"
      ])
      expect(await invalid("/api/v1/pledges", { ...bad, pledgee: { name: "温州\u007f银行" } })).toEqual([
        "pledgee.name"
      ])
      const titled = { ...bad, patentTitles: { [bad.patents[0]!]: "一种\u0000装置" } }
      expect(await invalid("/api/v1/pledges", titled)).toEqual([`patentTitles.${bad.patents[0]}`])
      expect((await get("/api/v1/pledges?limit=1")).body.total).toBe(before)
      // Surrounding whitespace (a pasted line break) is trimmed, not refused.
      const trimmed = await created("/api/v1/pledges", {
        ...bad,
        pledgor: { ...bad.pledgor, name: "\n温州输入科技有限公司\t" }
      })
      expect(trimmed.pledgor.name).toBe("温州输入科技有限公司")

      const r = trimmed.id
      expect(
        await invalid(`/api/v1/pledges/${r}/changes`, { on: "2024-07-01", amount: "2.00", note: "a\u0000" })
      ).toEqual(["note"])
      expect(await invalid(`/api/v1/pledges/${r}/release`, { on: "2024-07-01", note: "x\u0000y" })).toEqual([
        "note"
      ])
      const loan = await created(`/api/v1/pledges/${r}/loans`, {
        amount: "500000.00",
        rate: "0.04",
        disbursedOn: "2024-06-02",
        maturesOn: "2025-06-01"
      })
      expect(
        await invalid(`/api/v1/pledges/${r}/loans`, {
          bank: "温州\u0000银行",
          amount: "1.00",
          rate: "0.04",
          disbursedOn: "2024-06-02",
          maturesOn: "2025-06-01"
        })
      ).toEqual(["bank"])
      expect(
        await invalid(`/api/v1/pledges/loans/${loan.id}/repayments`, {
          on: "2024-08-01",
          amount: "1.00",
          note: "\u0000"
        })
      ).toEqual(["note"])
      const change = await created(`/api/v1/pledges/${r}/changes`, { on: "2024-07-01", amount: "2000000.00" })
      const eventId = change.events.at(-1).id
      expect(await invalid(`/api/v1/pledges/events/${eventId}/reversal`, { reason: "a\u0000b" })).toEqual([
        "reason"
      ])
      expect(await invalid(`/api/v1/pledges/loans/${loan.id}/reversal`, { reason: "a\u0000b" })).toEqual([
        "reason"
      ])
      expect(await invalid(`/api/v1/pledges/${r}/reversal`, { reason: "a\u0000b" })).toEqual(["reason"])
      // Nothing of it was written.
      const now = (await get(`/api/v1/pledges/${r}/registration`)).body
      expect(now).toMatchObject({ reversed: false, status: "changed", securedAmount: "2000000.00" })
      expect(now.events.map((e: Json) => e.kind)).toEqual(["change"])
      expect(now.loans.map((l: Json) => [l.bank, l.reversed, l.events.length])).toEqual([
        ["温州银行", false, 0]
      ])
    })

    it("a repeated query parameter is a 400 naming it, on lists, exports, figures and reads", async () => {
      // A registration whose page the read below asks for.
      await created("/api/v1/pledges", registration("YI2024000004"))
      expect(await badQuery("/api/v1/pledges?status=changed&status=x")).toEqual(["status"])
      expect(await badQuery("/api/v1/pledges?status=changed&status=changed")).toEqual(["status"])
      expect(await badQuery("/api/v1/pledges?limit=5&limit=abc")).toEqual(["limit"])
      expect(await badQuery("/api/v1/pledges?offset=0&offset=1&bank=a&bank=b")).toEqual(["offset", "bank"])
      expect(await badQuery("/api/v1/pledges?sort=a&sort=b")).toEqual(["sort"])
      const [repeated] = (await get("/api/v1/pledges?limit=5&limit=abc")).body.errors
      expect(repeated).toEqual({
        field: "limit",
        reason: "is given 2 times: give it once",
        code: "query-repeated",
        params: { count: "2" }
      })
      // Every query error carries its catalogue code, so a client words it in its own language.
      const coded = async (path: string) =>
        (await get(path)).body.errors.map((e: Json) => [e.field, e.code, messageText(e.code, e.params, "zh")])
      expect(await coded("/api/v1/pledges?colour=red")).toEqual([
        ["colour", "query-unknown-parameter", expect.stringContaining("不是可用的参数")]
      ])
      expect(await coded("/api/v1/pledges/export.csv?bom=maybe")).toEqual([
        ["bom", "query-boolean", "须为 true 或 false"]
      ])
      expect(await badQuery("/api/v1/pledges/export.csv?q=YI&q=YJ")).toEqual(["q"])
      expect(await badQuery("/api/v1/pledges/export.csv?bom=false&bom=true")).toEqual(["bom"])
      expect(await badQuery("/api/v1/pledges/summary?year=2025&year=2024")).toEqual(["year"])
      expect(await badQuery("/api/v1/pledges/total?period=plan&period=plan")).toEqual(["period"])
      expect(await badQuery("/api/v1/pledges/breakdown?year=2025&by=bank&by=district")).toEqual(["by"])
      const r = (await get("/api/v1/pledges?limit=1")).body.items[0].id
      expect(
        await badQuery(`/api/v1/pledges/${r}/registration?inclusiveThreshold=1.00&inclusiveThreshold=2.00`)
      ).toEqual(["inclusiveThreshold"])
      // The fund routes read their queries the same way (pageQuery and onlyParams).
      expect(await badQuery("/api/v1/funds?status=raising&status=closed")).toEqual(["status"])
      expect(await badQuery("/api/v1/city-fund?asOf=2025-01-01&asOf=2025-02-01")).toEqual(["asOf"])
      // Given once, each is answered.
      expect((await get("/api/v1/pledges?status=changed&limit=5")).status).toBe(200)
      expect((await get("/api/v1/funds?status=raising")).status).toBe(200)
      expect((await get("/api/v1/city-fund?asOf=2025-01-01")).status).toBe(200)
    })

    it("POST /{id}/reversal decodes its body like every other reversal: 422 by field, 201 with HX-Trigger", async () => {
      const r = await created("/api/v1/pledges", registration("YI2024000003"))
      const path = `/api/v1/pledges/${r.id}/reversal`
      expect(await invalid(path, { reason: "dup", extra: 1 })).toEqual(["extra"])
      expect(await invalid(path, {})).toEqual(["reason"])
      expect(await invalid(path, { reason: "  " })).toEqual(["reason"])
      expect(await invalid(path, { reason: "dup", id: r.id + 1 })).toEqual(["id"])
      for (const body of ["dup", 42, null, ["dup"]]) {
        const response = await post(path, body)
        expect(response.status, JSON.stringify(body)).toBe(422)
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/)
      }
      expect((await send("POST", path, undefined, "{")).status).toBe(400)
      expect((await get(`/api/v1/pledges/${r.id}`)).body.reversed).toBe(false)

      const reversed = await post(path, { reason: " 重复登记 ", id: r.id })
      expect(reversed.status).toBe(201)
      expect(reversed.headers.get("HX-Trigger")).toBe("kejin-changed")
      expect(reversed.body).toMatchObject({ id: r.id, reversed: true })
      expect((await get(`/api/v1/pledges/${r.id}`)).body.reversed).toBe(true)
      const twice = await post(path, { reason: "再次冲销" })
      expect(twice.status).toBe(409)
      expect(fields(twice.body)).toEqual(["id"])
    })

    it("GET /export.csv of 1,203 rows: each exactly once, newest first (ties by id, newest first)", async () => {
      // Seven dates for 1,203 rows: most rows share a date with rows of the neighbouring batch.
      const days = [
        "2019-01-10",
        "2019-03-01",
        "2019-03-02",
        "2019-07-31",
        "2019-08-01",
        "2019-11-30",
        "2019-12-31"
      ]
      const rows = Array.from({ length: 1203 }, (_, i) =>
        registration(`YE2019${String(i).padStart(6, "0")}`, { registeredOn: days[(i * 5) % days.length]! })
      )
      const { ids } = await kejin.pledges.recordMany(rows)
      const expected = rows
        .map((row, i) => ({ no: row.registrationNo, on: row.registeredOn, id: ids[i]! }))
        .sort((a, b) => (a.on !== b.on ? (a.on < b.on ? 1 : -1) : b.id - a.id))
        .map((row) => `${row.no},${row.on}`)
      const csv = await get("/api/v1/pledges/export.csv?from=2019-01-01&to=2019-12-31&bom=false")
      expect(csv.status).toBe(200)
      const lines = csv.text.trimEnd().split("\n")
      // The list's columns, headed in Chinese (no cell of these rows holds a comma).
      const header = (lines[0] as string).split(",")
      expect(header).toEqual(expect.arrayContaining(["登记号", "登记日期", "状态", "现担保金额(元)"]))
      const got = lines.slice(1).map((line) => {
        const cells = line.split(",")
        return `${cells[header.indexOf("登记号")]},${cells[header.indexOf("登记日期")]}`
      })
      expect(got).toHaveLength(1203)
      expect(new Set(got).size).toBe(1203)
      expect(got).toEqual(expected)

      // An export with nothing to send is the header row alone.
      const none = await get("/api/v1/pledges/export.csv?from=2019-01-01&to=2019-12-31&q=NOSUCH&bom=false")
      expect(none.status).toBe(200)
      expect(none.text.trimEnd().split("\n")).toEqual([lines[0]])
    })
  })
}
