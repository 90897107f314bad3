import {
  type Kejin,
  type MessageCode,
  type MessageParams,
  makePatentNumber,
  makeUscc,
  messageText,
  openKejin
} from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "./app.js"
import { browserSession } from "./session.testing.js"

// Every message a person reads comes from the core's catalogue in the page's language; the API keeps the
// English `detail`/`reason` and adds the message's stable `code` and `params`, through the real routes.

const password = "a long enough password"

/** A signed-out form posted to `path` on a Chinese page and on an English one (`?lang=en`): status and page. */
const postedInBoth = async (
  app: ReturnType<typeof createApp>,
  path: string,
  fields: Record<string, string>
) => {
  const post = async (query: string) => {
    const response = await app.request(`${path}${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
      body: new URLSearchParams(fields).toString()
    })
    return { status: response.status, text: await response.text() }
  }
  return { zh: await post(""), en: await post("?lang=en") }
}

/** Both pages answered `status`, the Chinese one with `zh` and not the English words `en`, the English one with `en`. */
const expectWorded = (
  both: Awaited<ReturnType<typeof postedInBoth>>,
  status: number,
  zh: string,
  en: string
) => {
  expect([both.zh.status, both.en.status]).toEqual([status, status])
  expect(both.zh.text).toContain(zh)
  expect(both.zh.text).not.toContain(en)
  expect(both.en.text).toContain(en)
}

/** Catalogue entry `code` in `lang` (a page's words said once there). */
const word = (code: MessageCode, lang: "zh" | "en", params: MessageParams = {}) =>
  messageText(code, params, lang) ?? `no entry ${code}`

describe("coded messages in the page's language, and on the API", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>
  let pledgeId: number
  let token: string
  const { signIn, postForm } = browserSession(() => app, password)

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
    app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
    await kejin.accounts.addUser({ login: "bureau", displayName: "王丽", role: "bureau", password })
    token = (await kejin.accounts.createToken({ name: "client", role: "bureau" })).token
    pledgeId = (
      await kejin.pledges.record({
        registrationNo: "KN2025000101",
        pledgor: { uscc: makeUscc("91330302MA4200101"), name: "鹿城智造科技有限公司", district: "330302" },
        pledgee: { name: "温州银行", kind: "bank" },
        patents: [`ZL${makePatentNumber("201910000101")}`],
        amount: "20000000.00",
        registeredOn: "2025-03-01"
      })
    ).id
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("a form refused by a rule of the core says why in Chinese, or in English on an English page", async () => {
    const bureau = await signIn("bureau")
    const change = { _csrf: bureau.csrf, on: "2025-05-01", amount: "2,000万" }
    const zh = await postForm(bureau, `/api/v1/pledges/${pledgeId}/changes`, change)
    expect(zh.status).toBe(422)
    const zhHtml = await zh.text()
    expect(zhHtml).toContain("与现有担保金额相同（20,000,000.00 元）")
    expect(zhHtml).not.toContain("is the secured amount already")
    const en = await postForm(bureau, `/api/v1/pledges/${pledgeId}/changes?lang=en`, change)
    expect(en.status).toBe(422)
    expect(await en.text()).toContain("is the secured amount already (20,000,000.00 yuan)")
    // Nothing was written.
    expect((await kejin.pledges.registration(pledgeId)).status).toBe("registered")
  })

  it("a missing record's page names what is missing in the page's language", async () => {
    const bureau = await signIn("bureau")
    const zh = await app.request("/records/policies/999999", { headers: { cookie: bureau.cookie } })
    expect(zh.status).toBe(404)
    expect(await zh.text()).toContain("未找到保单 999999")
    const en = await app.request("/records/policies/999999?lang=en", { headers: { cookie: bureau.cookie } })
    expect(en.status).toBe(404)
    expect(await en.text()).toContain("policy 999999 was not found")
  })

  it("the API answers with the English detail and the message's code and parameters", async () => {
    const headers = { authorization: `Bearer ${token}` }
    const missing = await app.request("/api/v1/pledges/999999", { headers })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({
      detail: "pledge 999999 was not found",
      code: "not-found",
      params: { kind: "pledge", key: "999999" }
    })
    const refused = await app.request(`/api/v1/pledges/${pledgeId}/changes`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ on: "2025-05-01", amount: "20000000.00" })
    })
    expect(refused.status).toBe(422)
    const problem = (await refused.json()) as { detail: string; errors: ReadonlyArray<unknown> }
    expect(problem.detail).toBe("amount: is the secured amount already (20,000,000.00 yuan)")
    expect(problem.errors).toEqual([
      {
        field: "amount",
        reason: "is the secured amount already (20,000,000.00 yuan)",
        code: "pledge-change-same-amount",
        params: { amount: "20,000,000.00 yuan" }
      }
    ])
  })

  it("a refused sign-in says why in the page's language, and the API carries the refusals' codes", async () => {
    const refused = await postedInBoth(app, "/login", { login: "bureau", password: "wrong", next: "/" })
    expectWorded(refused, 401, "登录名或密码不正确", "the login or the password is wrong")
    // An Idempotency-Key too long, or used again for another body: English detail, stable code.
    const post = (key: string, amount: string) =>
      app.request(`/api/v1/pledges/${pledgeId}/changes`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "Idempotency-Key": key
        },
        body: JSON.stringify({ on: "2025-05-01", amount })
      })
    const long = await post("k".repeat(201), "30000000.00")
    expect(long.status).toBe(422)
    expect(await long.json()).toMatchObject({
      detail: "Idempotency-Key: an idempotency key must have 1 to 200 characters",
      errors: [
        {
          field: "Idempotency-Key",
          reason: "an idempotency key must have 1 to 200 characters",
          code: "idempotency-key-length",
          params: {}
        }
      ]
    })
    expect((await post("change-1", "30000000.00")).status).toBe(201)
    const reused = await post("change-1", "40000000.00")
    expect(reused.status).toBe(409)
    expect(await reused.json()).toMatchObject({
      detail: 'idempotency key "change-1" was already used for a different request',
      code: "idempotency-key-other-request",
      params: { key: "change-1" }
    })
  })

  it("the first-run page says what is wrong with the administrator in the page's language", async () => {
    const fresh = await createTestDatabase("sqlite", { migrated: true })
    const empty = await openKejin({ database: fresh.url })
    try {
      const fields = { login: "A", displayName: "管理员", password: "short", password2: "short" }
      expectWorded(
        await postedInBoth(createApp({ kejin: empty }), "/setup", fields),
        422,
        "须为 3 到 40 个小写字母、数字、点、连字符或下划线，以字母开头",
        "must be 3 to 40 lowercase letters"
      )
      expect(await empty.accounts.hasUsers()).toBe(false)
    } finally {
      await empty.close()
      await fresh.dispose()
    }
  })

  it("the sign-in and first-run pages take their words from the catalogue: too many attempts, passwords that differ", async () => {
    // One failed attempt allowed: the next is refused for a while, worded in the page's language.
    const strict = createApp({ kejin, limits: { loginAttempts: 1, tokenRequestsPerMinute: 1000 } })
    const attempt = (query: string) =>
      strict.request(`/login${query}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
        body: new URLSearchParams({ login: "bureau", password: "wrong", next: "/" }).toString()
      })
    expect((await attempt("")).status).toBe(401)
    for (const lang of ["zh", "en"] as const) {
      const refused = await attempt(lang === "en" ? "?lang=en" : "")
      expect(refused.status).toBe(429)
      const seconds = refused.headers.get("retry-after") ?? ""
      expect(seconds).toMatch(/^\d+$/)
      const html = await refused.text()
      expect(html).toContain(word("sign-in-too-many-attempts", lang, { seconds }))
      expect(html).toContain(`<title>${word("sign-in", lang)}`)
      expect(html).toContain(word("sign-in-password", lang))
      const other = lang === "en" ? "zh" : "en"
      expect(html).not.toContain(word("sign-in-too-many-attempts", other, { seconds }))
    }
    expect(word("sign-in-too-many-attempts", "zh", { seconds: "60" })).toBe("尝试次数过多，请 60 秒后再试。")
    const fresh = await createTestDatabase("sqlite", { migrated: true })
    const empty = await openKejin({ database: fresh.url })
    try {
      const fields = { login: "admin", displayName: "管理员", password, password2: `${password}!` }
      const differ = await postedInBoth(createApp({ kejin: empty }), "/setup", fields)
      expectWorded(differ, 422, word("setup-passwords-differ", "zh"), word("setup-passwords-differ", "en"))
      expect(differ.zh.text).toContain(word("setup-intro", "zh"))
      expect(differ.en.text).toContain(word("setup-password-again", "en"))
      expect(await empty.accounts.hasUsers()).toBe(false)
    } finally {
      await empty.close()
      await fresh.dispose()
    }
  })

  it("a dashboard page's hidden session notice is the catalogue's, in the page's language", async () => {
    const bureau = await signIn("bureau")
    for (const lang of ["zh", "en"] as const) {
      const query = lang === "en" ? "?lang=en" : ""
      const page = await (await app.request(`/${query}`, { headers: { cookie: bureau.cookie } })).text()
      for (const code of ["session-expired", "session-sign-in-again", "session-form-restored"] as const) {
        expect(page, code).toContain(word(code, lang))
        expect(page, code).not.toContain(word(code, lang === "en" ? "zh" : "en"))
      }
    }
  })

  it("the people and own-password pages say their sentences from the catalogue, in the page's language", async () => {
    await kejin.accounts.addUser({ login: "root", displayName: "管理员", role: "admin", password })
    const root = await signIn("root")
    for (const lang of ["zh", "en"] as const) {
      const query = lang === "en" ? "?lang=en" : ""
      const other = lang === "en" ? "zh" : "en"
      const differ = await postForm(root, `/account/password${query}`, {
        _csrf: root.csrf,
        current: password,
        password: "another long password",
        password2: "x"
      })
      expect(differ.status).toBe(422)
      const refused = await differ.text()
      expect(refused).toContain(word("admin-passwords-differ", lang))
      expect(refused).not.toContain(word("admin-passwords-differ", other))
      const page = await (
        await app.request(`/admin/people${query}`, { headers: { cookie: root.cookie } })
      ).text()
      expect(page).toContain(word("admin-last-admin-why", lang))
      expect(page).not.toContain(word("admin-last-admin-why", other))
    }
  })

  it("the menu marks the page the person is on, and only that one", async () => {
    const bureau = await signIn("bureau")
    const page = async (path: string) =>
      (await app.request(path, { headers: { cookie: bureau.cookie } })).text()
    const current = (html: string) =>
      [
        ...(/<nav class="site-nav"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? "").matchAll(
          /<a href="([^"]*)"[^>]*aria-current="page"/g
        )
      ].map((m) => m[1])
    expect(current(await page("/records"))).toEqual(["/records"])
    expect(current(await page("/pledges"))).toEqual(["/pledges"])
    expect(current(await page("/records?lang=en"))).toEqual(["/records?lang=en"])
    expect(current(await page("/"))).toEqual([])
  })
})
