import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import { demoPatent, demoPledges } from "@kejin/core/demo"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createApp } from "./app.js"

const password = "a long enough password"
const origin = "http://localhost"
const roles = ["admin", "bureau", "fund-manager", "viewer"] as const
type Role = (typeof roles)[number]

let database: TestDatabase
let kejin: Kejin
let app: ReturnType<typeof createApp>
const sessions = {} as Record<Role, { cookie: string; csrf: string }>
const tokens = {} as Record<Role, string>

const login = async (name: string) => {
  const response = await app.request("/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ login: name, password, next: "/" }).toString()
  })
  expect(response.status).toBe(303)
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!
  const page = await (await app.request("/", { headers: { cookie } })).text()
  const csrf = /"X-CSRF-Token":"([^"]+)"/.exec(page.replaceAll("&quot;", '"'))![1]!
  return { cookie, csrf }
}

const [sample] = demoPledges({ count: 1, from: "2025-06-01", to: "2025-06-01", seed: 21 })
let serial = 0
const pledgeBody = (extra: Record<string, unknown> = {}) => {
  const registrationNo = `YSEC${String(++serial).padStart(9, "0")}`
  // Each registration pledges a patent of its own: a patent is in one active registration at a time.
  return JSON.stringify({ ...sample, registrationNo, patents: [demoPatent(registrationNo)], ...extra })
}

// Funds and the registry: wz-angel-1 is the fund manager's fund, wz-other another manager's.
let fundManagerId = 0
const fundBody = () =>
  JSON.stringify({
    code: `sec-fund-${++serial}`,
    name: "安全测试基金",
    kind: "chain",
    chainStage: "venture",
    manager: fundManagerId,
    targetSize: "100000000.00",
    vintage: "2025-01-01",
    district: "330302"
  })
const commitmentBody = () =>
  JSON.stringify({ on: "2025-02-01", lpName: "温州某民营企业", lpType: "private", amount: "1000000.00" })
const enterpriseBody = () =>
  JSON.stringify({
    uscc: makeUscc(`91330302MA2BE${String(++serial).padStart(4, "0")}`),
    name: "安全测试企业",
    district: "330302",
    industry: "软件",
    stage: "start-up",
    techCategory: "frontier"
  })
const institutionBody = () => JSON.stringify({ kind: "bank", name: `安全测试银行${++serial}` })

beforeAll(async () => {
  // One fixture for the file: users, sessions, tokens and funds that every test reads and none changes;
  // a test that writes writes rows of its own (unique registration numbers, fund codes, names).
  database = await createTestDatabase("sqlite", { migrated: true })
  kejin = await openKejin({ database: database.url })
  fundManagerId = (await kejin.registry.addInstitution({ kind: "fund-manager", name: "安全测试管理人" })).id
  for (const code of ["wz-angel-1", "wz-other"]) {
    await kejin.funds.create({
      code,
      name: code,
      kind: "chain",
      chainStage: "angel",
      manager: fundManagerId,
      targetSize: "100000000.00",
      vintage: "2025-01-01",
      district: "330302"
    })
  }
  app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
  for (const role of roles) {
    await kejin.accounts.addUser({
      login: role.replace("-", ""),
      displayName: role,
      role,
      ...(role === "fund-manager" ? { funds: ["wz-angel-1"] } : {}),
      password
    })
    tokens[role] = (
      await kejin.accounts.createToken({
        name: `t-${role}`,
        role,
        ...(role === "fund-manager" ? { funds: ["wz-angel-1"] } : {})
      })
    ).token
  }
  for (const role of roles) sessions[role] = await login(role.replace("-", ""))
})
afterAll(async () => {
  await kejin?.close()
  await database?.dispose()
})

describe("role × route matrix", () => {
  // Expected status per role; "anon" is a request with no credentials.
  const matrix: Array<{
    method: string
    path: string
    body?: () => string
    expect: Record<Role | "anon", number>
  }> = [
    {
      method: "GET",
      path: "/",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 303 }
    },
    {
      method: "GET",
      path: "/panels/targets/progress",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/audit",
      expect: { admin: 200, bureau: 403, "fund-manager": 403, viewer: 403, anon: 303 }
    },
    {
      method: "GET",
      path: "/api/v1/pledges",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "POST",
      path: "/api/v1/pledges",
      body: () => pledgeBody(),
      expect: { admin: 201, bureau: 201, "fund-manager": 403, viewer: 403, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/targets",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/funds",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "POST",
      path: "/api/v1/funds",
      body: fundBody,
      // A fund manager creates only funds in their scope (the core's check): sec-fund-* is not.
      expect: { admin: 201, bureau: 403, "fund-manager": 403, viewer: 403, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/funds/wz-other",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/funds/wz-other/metrics?asOf=2025-12-31",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/funds/wz-angel-1/ledger",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/funds/wz-other/ledger",
      // Entries of another manager's fund are that manager's business (figures stay city-wide).
      expect: { admin: 200, bureau: 200, "fund-manager": 403, viewer: 200, anon: 401 }
    },
    {
      method: "POST",
      path: "/api/v1/funds/wz-angel-1/commitments",
      body: commitmentBody,
      expect: { admin: 201, bureau: 403, "fund-manager": 201, viewer: 403, anon: 401 }
    },
    {
      method: "POST",
      path: "/api/v1/funds/wz-other/commitments",
      body: commitmentBody,
      expect: { admin: 201, bureau: 403, "fund-manager": 403, viewer: 403, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/metrics/groups?by=kind",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/metrics/deals?by=all",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/city-fund",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/enterprises",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "POST",
      path: "/api/v1/enterprises",
      body: enterpriseBody,
      expect: { admin: 201, bureau: 201, "fund-manager": 201, viewer: 403, anon: 401 }
    },
    {
      method: "GET",
      path: "/api/v1/institutions",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 401 }
    },
    {
      method: "POST",
      path: "/api/v1/institutions",
      body: institutionBody,
      expect: { admin: 201, bureau: 201, "fund-manager": 403, viewer: 403, anon: 401 }
    },
    {
      method: "GET",
      path: "/login",
      expect: { admin: 200, bureau: 200, "fund-manager": 200, viewer: 200, anon: 200 }
    }
  ]

  for (const route of matrix) {
    for (const who of [...roles, "anon"] as const) {
      it(`${route.method} ${route.path} as ${who} (session) → ${route.expect[who]}`, async () => {
        const headers: Record<string, string> = { origin, "content-type": "application/json" }
        if (who !== "anon") {
          headers.cookie = sessions[who].cookie
          headers["x-csrf-token"] = sessions[who].csrf
        }
        const response = await app.request(route.path, {
          method: route.method,
          headers,
          ...(route.body ? { body: route.body() } : {})
        })
        expect(response.status).toBe(route.expect[who])
      })
    }
    if (route.path.startsWith("/api/")) {
      for (const who of roles) {
        it(`${route.method} ${route.path} as ${who} (bearer token) → ${route.expect[who]}`, async () => {
          const response = await app.request(route.path, {
            method: route.method,
            headers: { authorization: `Bearer ${tokens[who]}`, "content-type": "application/json" },
            ...(route.body ? { body: route.body() } : {})
          })
          expect(response.status).toBe(route.expect[who])
        })
      }
    }
  }

  it("refuses an unknown or revoked bearer token with 401", async () => {
    const unknown = await app.request("/api/v1/targets", { headers: { authorization: "Bearer kj_nope" } })
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get("www-authenticate")).toMatch(/Bearer/)
  })

  it("records the actor of every write in the journal", async () => {
    // One registration by each role that may write one, signed in and with a bearer token.
    const numbers: Array<string> = []
    for (const who of ["admin", "bureau"] as const) {
      for (const headers of [
        { cookie: sessions[who].cookie, "x-csrf-token": sessions[who].csrf, origin },
        { authorization: `Bearer ${tokens[who]}` }
      ]) {
        const body = pledgeBody()
        numbers.push(JSON.parse(body).registrationNo)
        const response = await app.request("/api/v1/pledges", {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body
        })
        expect(response.status).toBe(201)
      }
    }
    const { items } = await kejin.journal.search({ command: "pledges.record", limit: 500 })
    const mine = items.filter((e) =>
      numbers.includes((e.payload as { registrationNo: string }).registrationNo)
    )
    expect(mine.map((e) => e.actor).sort()).toEqual(["admin", "bureau", "token:t-admin", "token:t-bureau"])
    // And no other actor wrote one anywhere in the file.
    expect(new Set(items.map((e) => e.actor))).toEqual(
      new Set(["admin", "bureau", "token:t-admin", "token:t-bureau"])
    )
  })
})

describe("CSRF", () => {
  const postAs = (headers: Record<string, string>) =>
    app.request("/api/v1/pledges", {
      method: "POST",
      headers: { cookie: sessions.bureau.cookie, "content-type": "application/json", ...headers },
      body: pledgeBody()
    })

  it("refuses a cross-origin request riding on the cookie", async () => {
    const response = await postAs({ origin: "http://evil.example", "x-csrf-token": sessions.bureau.csrf })
    expect(response.status).toBe(403)
  })

  it("refuses a cross-site form post (fetch metadata, no Origin)", async () => {
    const response = await app.request("/logout", {
      method: "POST",
      headers: {
        cookie: sessions.viewer.cookie,
        "sec-fetch-site": "cross-site",
        "content-type": "application/x-www-form-urlencoded"
      },
      body: `_csrf=${sessions.viewer.csrf}`
    })
    expect(response.status).toBe(403)
  })

  it("refuses a same-origin request without the token, or with a wrong one", async () => {
    expect((await postAs({ origin })).status).toBe(403)
    expect((await postAs({ origin, "x-csrf-token": "forged" })).status).toBe(403)
  })

  it("accepts a same-origin request with the token (header or form field)", async () => {
    expect((await postAs({ origin, "x-csrf-token": sessions.bureau.csrf })).status).toBe(201)
    const form = await app.request("/logout", {
      method: "POST",
      headers: {
        cookie: sessions.viewer.cookie,
        origin,
        "content-type": "application/x-www-form-urlencoded"
      },
      body: `_csrf=${encodeURIComponent(sessions.viewer.csrf)}`
    })
    expect(form.status).toBe(303)
    sessions.viewer = await login("viewer")
  })
})

describe("headers", () => {
  it("sends a nonce-based CSP and the other secure headers; the page's script carries the nonce", async () => {
    const response = await app.request("/", { headers: { cookie: sessions.viewer.cookie } })
    const csp = response.headers.get("content-security-policy")!
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!
    expect(csp).toMatch(/script-src 'self' 'nonce-/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(await response.text()).toContain(`nonce="${nonce}"`)
    expect(response.headers.get("x-content-type-options")).toBe("nosniff")
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN")
    expect(response.headers.get("referrer-policy")).toBe("same-origin")
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=/)
    const again = await app.request("/", { headers: { cookie: sessions.viewer.cookie } })
    expect(again.headers.get("content-security-policy")).not.toContain(nonce)
  })

  it("gives every answer a nonce of its own: 128 random bits, never one twice (past the pool's refill too)", async () => {
    const seen = new Set<string>()
    for (let i = 0; i < 300; i++) {
      const response = await app.request("/healthz")
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1]!
      expect(Buffer.from(nonce, "base64")).toHaveLength(16)
      seen.add(nonce)
    }
    expect(seen.size).toBe(300)
  })

  it("sets the session cookie HttpOnly and SameSite=Lax, Secure with __Host- behind TLS", async () => {
    const plain = await app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams({ login: "viewer", password }).toString()
    })
    expect(plain.headers.get("set-cookie")).toMatch(/^kejin_session=[^;]+;.*HttpOnly.*SameSite=Lax/)
    const tls = await app.request("https://kejin.example/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://kejin.example" },
      body: new URLSearchParams({ login: "viewer", password }).toString()
    })
    const cookie = tls.headers.get("set-cookie")!
    expect(cookie).toMatch(/^__Host-kejin_session=/)
    expect(cookie).toContain("Secure")
    expect(cookie).toContain("Path=/")
  })

  it("answers page and fragment from one URL with Vary: HX-Request", async () => {
    const response = await app.request("/panels/targets/progress", {
      headers: { cookie: sessions.viewer.cookie }
    })
    expect(response.headers.get("vary")).toContain("HX-Request")
  })
})

describe("sign-in redirect", () => {
  for (const next of [
    "//evil.example/",
    "/\t/evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "/\n/evil"
  ]) {
    it(`never leaves the site for next=${JSON.stringify(next)}`, async () => {
      const response = await app.request("/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        body: new URLSearchParams({ login: "viewer", password, next }).toString()
      })
      expect(response.status).toBe(303)
      expect(response.headers.get("location")).toBe("/")
    })
  }

  it("keeps a same-site path with its query", async () => {
    const response = await app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams({ login: "viewer", password, next: "/funds?kind=sub-fund" }).toString()
    })
    expect(response.headers.get("location")).toBe("/funds?kind=sub-fund")
  })

  const signIn = async (name: string, next: string) =>
    (
      await app.request("/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        body: new URLSearchParams({ login: name, password, next }).toString()
      })
    ).headers.get("location")

  it("lands a fund manager on their fund, or on the funds list when they manage several", async () => {
    expect(await signIn("fundmanager", "/")).toBe("/funds/wz-angel-1")
    expect(await signIn("fundmanager", "/?lang=en")).toBe("/funds/wz-angel-1?lang=en")
    // A page they asked for comes first.
    expect(await signIn("fundmanager", "/targets")).toBe("/targets")
    await kejin.accounts.addUser({
      login: "two.funds",
      displayName: "two funds",
      role: "fund-manager",
      funds: ["wz-angel-1", "wz-other"],
      password
    })
    expect(await signIn("two.funds", "/")).toBe("/funds")
    // Other roles land on the dashboard.
    expect(await signIn("bureau", "/")).toBe("/")
  })

  it("shows a visitor not signed in no menu on the sign-in page, only the product name and the language", async () => {
    const html = await (await app.request("/login")).text()
    const header = /<header class="site-header">[\s\S]*?<\/header>/.exec(html)![0]
    expect(header).toContain('class="home"')
    expect(header).toContain('href="/login?lang=en"')
    expect([...header.matchAll(/<a /g)]).toHaveLength(2)
    expect(header).not.toContain("修改密码")
    expect(header).not.toContain('href="/funds"')
    // Signed in, the menu is back.
    const signedIn = await (
      await app.request("/targets", { headers: { cookie: sessions.viewer.cookie } })
    ).text()
    expect(/<header class="site-header">[\s\S]*?<\/header>/.exec(signedIn)![0]).toContain(
      'href="/account/password"'
    )
  })
})

describe("limits", () => {
  it("rate-limits login attempts with 429 and Retry-After", async () => {
    const limited = createApp({ kejin, limits: { loginAttempts: 3 } })
    const attempt = () =>
      limited.request("/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        body: new URLSearchParams({ login: "admin", password: "wrong wrong wrong" }).toString()
      })
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401)
    const refused = await attempt()
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
  })

  it("rate-limits a bearer token with 429", async () => {
    const limited = createApp({ kejin, limits: { tokenRequestsPerMinute: 2 } })
    const call = () =>
      limited.request("/api/v1/targets", { headers: { authorization: `Bearer ${tokens.viewer}` } })
    expect((await call()).status).toBe(200)
    expect((await call()).status).toBe(200)
    expect((await call()).status).toBe(429)
  })

  it("refuses a body over the limit with 413", async () => {
    const small = createApp({ kejin, maxBodyBytes: 1024 })
    const response = await small.request("/api/v1/pledges", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.bureau}`, "content-type": "application/json" },
      body: pledgeBody({ pledgee: { name: "x".repeat(4096) } })
    })
    expect(response.status).toBe(413)
  })
})

describe("hostile input", () => {
  const xss = `<script>alert("x")</script><img src=x onerror=alert(1)>`

  it("escapes user text in pages (audit journal, login form)", async () => {
    const created = await app.request("/api/v1/pledges", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.bureau}`, "content-type": "application/json" },
      body: pledgeBody({ pledgee: { name: xss } })
    })
    expect(created.status).toBe(201)
    const audit = await (await app.request("/audit", { headers: { cookie: sessions.admin.cookie } })).text()
    expect(audit).not.toContain("<script>alert")
    expect(audit).not.toContain("<img src=x")
    expect(audit).toContain("&lt;script&gt;")
    const form = await app.request("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams({ login: `"><script>alert(1)</script>`, password: "x" }).toString()
    })
    const html = await form.text()
    expect(html).not.toContain("<script>alert(1)")
  })

  it("binds filter values: SQL in a filter finds nothing and leaves the tables intact", async () => {
    const before = await kejin.pledges.list({ limit: 1 })
    const users = (await kejin.accounts.listUsers()).length
    for (const attack of [
      "' OR 1=1 --",
      "330302'; DROP TABLE pledges; --",
      "1) UNION SELECT * FROM users --"
    ]) {
      const response = await app.request(`/api/v1/pledges?district=${encodeURIComponent(attack)}`, {
        headers: { authorization: `Bearer ${tokens.viewer}` }
      })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { total: number }).total).toBe(0)
      const audit = await app.request(
        `/audit?actor=${encodeURIComponent(attack)}&command=${encodeURIComponent(attack)}`,
        {
          headers: { cookie: sessions.admin.cookie }
        }
      )
      expect(audit.status).toBe(200)
    }
    const sortAttack = await app.request(
      `/api/v1/pledges?sort=${encodeURIComponent("amount; DROP TABLE users")}`,
      {
        headers: { authorization: `Bearer ${tokens.viewer}` }
      }
    )
    expect(sortAttack.status).toBe(400)
    expect((await kejin.pledges.list({ limit: 1 })).total).toBe(before.total)
    expect((await kejin.accounts.listUsers()).length).toBe(users)
    expect((await kejin.journal.verify())._tag).toBe("Intact")
  })

  it("rejects unknown fields in a JSON body with 422 naming them", async () => {
    const response = await app.request("/api/v1/pledges", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.bureau}`, "content-type": "application/json" },
      body: pledgeBody({ isAdmin: true })
    })
    expect(response.status).toBe(422)
    const body = (await response.json()) as { errors: Array<{ field: string }> }
    expect(body.errors.map((e) => e.field)).toContain("isAdmin")
  })
})
