import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { duplicateKey } from "./api/body.js"
import { createApp } from "./app.js"

// The smaller holes of issue 10 (item 6), each through HTTP on every dialect.

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any

const password = "a long enough password"
const origin = "http://localhost"
const X = makeUscc("91330302MA2HL0001")

for (const dialect of testDialects()) {
  describe(`smaller holes on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let admin = ""

    const send = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {}
    ): Promise<{ status: number; body: Json; headers: Headers }> => {
      const response = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${admin}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) })
      })
      const text = await response.text()
      const json = response.headers.get("content-type")?.includes("json") && text !== ""
      return { status: response.status, body: json ? JSON.parse(text) : text, headers: response.headers }
    }
    const fields = (body: Json): Array<string> => body.errors.map((e: { field: string }) => e.field)

    const signIn = (a: ReturnType<typeof createApp>, login: string, pass: string, next = "/") =>
      a.request("/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        body: new URLSearchParams({ login, password: pass, next }).toString()
      })

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 10_000 } })
      admin = (await kejin.accounts.createToken({ name: "h-admin", role: "admin" })).token
      await kejin.accounts.addUser({ login: "viewer", displayName: "viewer", role: "viewer", password })
    })
    afterEach(async () => {
      vi.restoreAllMocks()
      await kejin?.close()
      await database?.dispose()
    })

    describe("sign-in redirect", () => {
      for (const next of [
        "/..//evil.example",
        "/%2e%2e//evil.example",
        "/%2E%2E/%2e%2e//evil.example/x?y=1",
        "/a/../..//evil.example",
        "/.//evil.example",
        "/./\\evil.example",
        "/%5c%5cevil.example/..//evil.example"
      ]) {
        it(`never leaves the site for next=${JSON.stringify(next)}`, async () => {
          const response = await signIn(app, "viewer", password, next)
          expect(response.status).toBe(303)
          const location = response.headers.get("location") ?? ""
          expect(location.startsWith("/") && !location.startsWith("//")).toBe(true)
          expect(new URL(location, "http://kejin.test").host).toBe("kejin.test")
        })
      }

      it("keeps a normalised same-site path, encoded slashes staying encoded", async () => {
        expect((await signIn(app, "viewer", password, "/a/../funds?kind=x")).headers.get("location")).toBe(
          "/funds?kind=x"
        )
        expect((await signIn(app, "viewer", password, "/%2f%2fevil")).headers.get("location")).toBe(
          "/%2f%2fevil"
        )
      })
    })

    describe("NUL bytes and ids no store can hold", () => {
      it("answers 404 for a NUL or control character in a path code, and for ids beyond any id", async () => {
        for (const [method, path, body] of [
          ["GET", "/api/v1/funds/%00", undefined],
          ["GET", "/api/v1/funds/a%00b", undefined],
          ["GET", "/api/v1/enterprises/%00", undefined],
          ["GET", "/api/v1/enterprises/%00/journey", undefined],
          ["PATCH", "/api/v1/targets/%00", { target: "1" }],
          ["GET", "/api/v1/fund-entries/9223372036854775807", undefined],
          ["GET", "/api/v1/fund-entries/9223372036854775808", undefined],
          ["GET", "/api/v1/fund-entries/2147483648", undefined],
          ["GET", "/api/v1/pledges/9223372036854775807", undefined]
        ] as const) {
          const response = await send(method, path, body)
          expect([path, response.status, response.body.type]).toEqual([
            path,
            404,
            "https://kejin.dev/problems/not-found"
          ])
        }
      })

      it("answers 400 naming the parameter for a NUL or control character in a query value", async () => {
        for (const [path, name] of [
          ["/api/v1/funds?parent=%00", "parent"],
          ["/api/v1/funds?parent=a%00", "parent"],
          ["/api/v1/enterprises?q=%00", "q"],
          ["/api/v1/pledges?district=%00", "district"]
        ] as const) {
          const response = await send("GET", path)
          expect([path, response.status, fields(response.body)]).toEqual([path, 400, [name]])
        }
      })
    })

    describe("dates past 9999-12-31", () => {
      it("refuses a bond that would mature after 9999 with 422 naming the tenor", async () => {
        await kejin.registry.addEnterprise({
          uscc: X,
          name: "远期企业",
          district: "330302",
          industry: "软件",
          stage: "start-up",
          techCategory: "frontier"
        })
        const body = (issuedOn: string, tenorMonths: number) => ({
          issuerEnterprise: X,
          amount: "1.00",
          issuedOn,
          tenorMonths,
          couponPercent: "2",
          useOfProceeds: "x"
        })
        // Today's server: a 422, never a 500 (issue dates after today are refused too, item 5).
        const future = await send("POST", "/api/v1/linkage/bonds", body("9999-12-31", 36))
        expect(future.status).toBe(422)
        // A server whose today is the last day of 9999: the maturity is what overflows.
        const last = await openKejin({ database: database.url, clock: { today: "9999-12-31" } })
        try {
          const farApp = createApp({ kejin: last })
          const post = async (issuedOn: string, tenorMonths: number) => {
            const response = await farApp.request("/api/v1/linkage/bonds", {
              method: "POST",
              headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
              body: JSON.stringify(body(issuedOn, tenorMonths))
            })
            return { status: response.status, body: (await response.json()) as Json }
          }
          const late = await post("9999-12-31", 36)
          expect([late.status, fields(late.body)]).toEqual([422, ["tenorMonths"]])
          expect(late.body.errors[0].reason).toMatch(/after 9999-12-31/)
          const justBefore = await post("9998-12-31", 12)
          expect(justBefore.status).toBe(201)
          expect(justBefore.body.maturesOn).toBe("9999-12-31")
        } finally {
          await last.close()
        }
      })
    })

    describe("limits", () => {
      it("counts only failed sign-ins against the limit", async () => {
        const limited = createApp({ kejin, limits: { loginAttempts: 3 } })
        for (let i = 0; i < 5; i++) expect((await signIn(limited, "viewer", password)).status).toBe(303)
        for (let i = 0; i < 3; i++)
          expect((await signIn(limited, "viewer", "wrong wrong wrong")).status).toBe(401)
        const refused = await signIn(limited, "viewer", password)
        expect(refused.status).toBe(429)
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
      })

      it("rate-limits unknown bearer tokens per client address, then refuses even a good one", async () => {
        const limited = createApp({ kejin, limits: { unknownTokenAttempts: 3 } })
        const call = (token: string) =>
          limited.request("/api/v1/targets", { headers: { authorization: `Bearer ${token}` } })
        for (let i = 0; i < 3; i++) expect((await call(`guess-${i}`)).status).toBe(401)
        const refused = await call("guess-4")
        expect(refused.status).toBe(429)
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
        expect((await call(admin)).status).toBe(429)
        // Another app (another window) is not affected: the limit is per limiter, not global.
        expect(
          (await app.request("/api/v1/targets", { headers: { authorization: `Bearer ${admin}` } })).status
        ).toBe(200)
      })
    })

    describe("client addresses behind a proxy", () => {
      const guessFrom = (limited: ReturnType<typeof createApp>, forwardedFor: string, i: number) =>
        limited.request("/api/v1/targets", {
          headers: { authorization: `Bearer guess-${i}`, "x-forwarded-for": forwardedFor }
        })

      it("behind a trusted proxy, limits each forwarded client on its own (the proxy's last address)", async () => {
        const limited = createApp({ kejin, trustProxy: true, limits: { unknownTokenAttempts: 2 } })
        // The client's own claim comes first; the proxy appends the address it saw last.
        for (let i = 0; i < 2; i++)
          expect((await guessFrom(limited, "9.9.9.9, 10.0.0.1", i)).status).toBe(401)
        expect((await guessFrom(limited, "8.8.8.8, 10.0.0.1", 3)).status).toBe(429)
        // Another client behind the same proxy is not locked out.
        expect((await guessFrom(limited, "10.0.0.2", 4)).status).toBe(401)
      })

      it("without a trusted proxy, X-Forwarded-For is ignored: a client cannot pick its own limit", async () => {
        const limited = createApp({ kejin, limits: { unknownTokenAttempts: 2 } })
        for (let i = 0; i < 2; i++) expect((await guessFrom(limited, `10.0.0.${i}`, i)).status).toBe(401)
        expect((await guessFrom(limited, "10.0.0.9", 3)).status).toBe(429)
      })
    })

    describe("Cache-Control", () => {
      it("sends no-store on what depends on the actor, not on the assets and the OpenAPI document", async () => {
        const cookie = (await signIn(app, "viewer", password)).headers.get("set-cookie")!.split(";")[0]!
        for (const path of ["/", "/panels/targets/progress", "/audit", "/login"]) {
          const response = await app.request(path, { headers: { cookie } })
          expect([path, response.headers.get("cache-control")]).toEqual([path, "no-store"])
        }
        for (const path of ["/api/v1/targets", "/api/v1/funds", "/api/v1/nothing-here"]) {
          const response = await send("GET", path)
          expect([path, response.headers.get("cache-control")]).toEqual([path, "no-store"])
        }
        const unauthorised = await app.request("/api/v1/targets")
        expect(unauthorised.headers.get("cache-control")).toBe("no-store")
        for (const path of ["/api/openapi.json", "/assets/htmx.js", "/assets/kejin.css"]) {
          const response = await app.request(path)
          expect([path, response.headers.get("cache-control")]).not.toEqual([path, "no-store"])
        }
      })
    })

    describe("duplicate keys in a JSON body", () => {
      it("refuses a key given twice with 400 naming it, at any depth, and stores nothing", async () => {
        const before = (await send("GET", "/api/v1/linkage/bonds")).body.total
        for (const [body, field] of [
          ['{"kind":"bank","name":"甲银行","name":"乙银行"}', "name"],
          ['{"kind":"bank","name":"甲银行","n\\u0061me":"乙银行"}', "name"],
          ['{"kind":"bank","name":"甲银行","extra":{"a":1,"b":[{"c":1,"c":2}]}}', "extra.b.0.c"],
          ['{"kind":"bank","name":"甲银行","extra":[{"c":1},{"d":"}","d":2}]}', "extra.1.d"]
        ] as const) {
          const response = await send("POST", "/api/v1/institutions", body)
          expect([response.status, response.body.type, fields(response.body)]).toEqual([
            400,
            "https://kejin.dev/problems/malformed-json",
            [field]
          ])
        }
        expect((await send("GET", "/api/v1/institutions")).body.items ?? []).toEqual([])
        expect((await send("GET", "/api/v1/linkage/bonds")).body.total).toBe(before)
      })

      it("finds the repeated key by structure: equal keys in different objects and keys inside strings are fine", () => {
        expect(duplicateKey('{"a":{"b":1},"c":{"b":2},"d":[{"b":1},{"b":2}]}')).toBeUndefined()
        expect(duplicateKey('{"a":"\\"a\\":1,","b":"{\\"b\\":1}"}')).toBeUndefined()
        expect(duplicateKey('[{"a":1},{"a":1,"a":2}]')).toBe("1.a")
        expect(duplicateKey('{"a":[1,{"x":{"y":1}},{"y":2,"y":3}]}')).toBe("a.2.y")
        expect(duplicateKey('{"a":1,"b":{"a":1},"c":1,"c":2}')).toBe("c")
      })

      it("accepts a key that only looks repeated inside a string value", async () => {
        const response = await send(
          "POST",
          "/api/v1/institutions",
          '{"kind":"bank","name":"\\"name\\":\\"乙\\""}'
        )
        expect([response.status, response.body]).toMatchObject([201, { name: '"name":"乙"' }])
      })
    })

    describe("hidden characters in names", () => {
      it("refuses direction controls, zero-width spaces and lone surrogates; keeps the zero-width joiner", async () => {
        for (const [name, reason] of [
          ["温州\\u202Efdp.exe银行", /direction controls \(U\+202E at position 3\)/],
          ["温州\\u2066银行", /direction controls \(U\+2066/],
          ["温州\\u200F银行", /direction controls \(U\+200F/],
          ["温州\\u061C银行", /direction controls \(U\+061C/],
          ["温州\\u200B银行", /invisible characters \(U\+200B/],
          ["温州\\uD800银行", /lone surrogate \(U\+D800/],
          ["温州\\uDC00银行", /lone surrogate \(U\+DC00/]
        ] as const) {
          const response = await send("POST", "/api/v1/institutions", `{"kind":"bank","name":"${name}"}`)
          expect([response.status, fields(response.body)]).toEqual([422, ["name"]])
          expect(response.body.errors[0].reason).toMatch(reason)
        }
        const emoji = await send("POST", "/api/v1/institutions", { kind: "bank", name: "温州银行👨‍💻" })
        expect(emoji.status).toBe(201)
      })
    })

    describe("codes that cannot exist", () => {
      it("refuses impossible credit codes and patent numbers with the reason, and patents filed after this year", async () => {
        // The core's clock stands at 2025-06-30: a patent filed in 2026 does not exist yet.
        const dated = await openKejin({ database: database.url, clock: { today: "2025-06-30" } })
        try {
          const datedApp = createApp({ kejin: dated })
          const token = (await dated.accounts.createToken({ name: "h-dated", role: "admin" })).token
          const post = async (path: string, body: unknown) => {
            const response = await datedApp.request(path, {
              method: "POST",
              headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
              body: JSON.stringify(body)
            })
            return { status: response.status, body: (await response.json()) as Json }
          }
          const enterprise = (uscc: string) => ({
            uscc,
            name: "代码测试企业",
            district: "330302",
            industry: "软件",
            stage: "start-up",
            techCategory: "frontier"
          })
          const impossible = await post("/api/v1/enterprises", enterprise("91AB0000600037341A"))
          expect([impossible.status, fields(impossible.body)]).toEqual([422, ["uscc"]])
          expect(impossible.body.errors[0].reason).toMatch(/cannot exist: characters 3–8 \(AB0000\)/)
          expect((await post("/api/v1/enterprises", enterprise("91110000802100433B"))).status).toBe(201)

          let serial = 0
          const pledge = (patent: string) => ({
            registrationNo: `YHOLE${String(++serial).padStart(8, "0")}`,
            pledgor: { uscc: X, name: "温州代码科技有限公司", district: "330302" },
            pledgee: { name: "温州银行" },
            patents: [patent],
            amount: "1000000.00",
            registeredOn: "2025-06-01"
          })
          for (const [patent, reason] of [
            [`ZL${makePatentNumber("202340123456")}`, /cannot exist: digit 5 is the patent type/],
            [`ZL${makePatentNumber("200210123456")}`, /from 2003 on \(this one says 2002\)/],
            [`ZL${makePatentNumber("93500001")}`, /digit 3 of an 8-digit number is the patent type/],
            [`ZL${makePatentNumber("202610123456")}`, /filed in 2026, after this year \(2025\)/]
          ] as const) {
            const refused = await post("/api/v1/pledges", pledge(patent))
            expect([patent, refused.status, fields(refused.body)]).toEqual([patent, 422, ["patents.0"]])
            expect(refused.body.errors[0].reason).toMatch(reason)
          }
          // The import path (recordMany) refuses the same, naming the row.
          const imported = await dated.pledges
            .recordMany([pledge(`ZL${makePatentNumber("202710123456")}`)])
            .then(
              () => undefined,
              (error: { issues?: ReadonlyArray<{ path: string; message: string }> }) => error.issues
            )
          expect(imported).toEqual([
            {
              path: "[0].patents.0",
              message: "cannot exist yet: it says it was filed in 2027, after this year (2025)",
              code: "patent-filed-future",
              params: { filed: "2027", year: "2025" }
            }
          ])
          expect((await dated.pledges.list({ limit: 1 })).total).toBe(0)
          for (const patent of [
            `ZL${makePatentNumber("202510123456")}`,
            `ZL${makePatentNumber("202390012345")}`
          ]) {
            expect((await post("/api/v1/pledges", pledge(patent))).status, patent).toBe(201)
          }
        } finally {
          await dated.close()
        }
      })
    })

    describe("request ids", () => {
      it("logs every 500 with the request id its problem body and X-Request-Id carry", async () => {
        const logged = vi.spyOn(console, "error").mockImplementation(() => undefined)
        // Every declared route runs through `kejin.run`; sign-in and tokens do not.
        vi.spyOn(kejin, "run").mockRejectedValue(new Error("the disk is on fire"))
        const failed = await send("GET", "/api/v1/targets")
        expect(failed.status).toBe(500)
        const id = failed.headers.get("x-request-id")
        expect(id).toMatch(/^[0-9a-f-]{36}$/)
        expect(failed.body.requestId).toBe(id)
        expect(logged.mock.calls.some((call) => String(call[0]).includes(id!))).toBe(true)

        const given = await send("GET", "/api/v1/targets", undefined, { "x-request-id": "lb-7f3a.42" })
        expect(given.headers.get("x-request-id")).toBe("lb-7f3a.42")
        expect(given.body.requestId).toBe("lb-7f3a.42")
        const malformed = await send("GET", "/api/v1/targets", undefined, { "x-request-id": "a b<script>" })
        expect(malformed.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
        expect(malformed.body.requestId).toBe(malformed.headers.get("x-request-id"))
      })

      it("echoes the id on every answer but carries it in no 4xx body", async () => {
        const ok = await send("GET", "/api/v1/funds", undefined, { "x-request-id": "abc-1" })
        expect([ok.status, ok.headers.get("x-request-id")]).toEqual([200, "abc-1"])
        const missing = await send("GET", "/api/v1/funds/none")
        expect(missing.status).toBe(404)
        expect(missing.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
        expect(missing.body.requestId).toBeUndefined()
      })
    })
  })
}
