import { type Kejin, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { browserSession } from "../session.testing.js"
import * as vocabulary from "./vocabulary.js"

const password = "a long enough password"
const admin = { id: "admin", role: "admin" } as const

/** Every `{ zh, en }` in the vocabulary, with where it sits. */
const texts = (value: unknown, at: string): ReadonlyArray<[string, { zh: string; en: string }]> => {
  if (typeof value !== "object" || value === null || value instanceof RegExp) return []
  if ("zh" in value && "en" in value) return [[at, value as { zh: string; en: string }]]
  return Object.entries(value).flatMap(([key, inner]) => texts(inner, `${at}.${key}`))
}

describe("the admin pages' words", () => {
  it("has every word in Chinese and in English", () => {
    const all = texts(vocabulary, "vocabulary")
    expect(all.length).toBeGreaterThan(50)
    for (const [at, text] of all) {
      expect(/[\u4e00-\u9fff]/.test(text.zh), `${at}.zh`).toBe(true)
      expect(text.en.trim() !== "" && !/[\u4e00-\u9fff]/.test(text.en), `${at}.en`).toBe(true)
    }
  })
})

describe("people, tokens and one's own password in the browser", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>
  const { signIn, postForm } = browserSession(() => app, password)
  const get = (path: string, cookie = "") => app.request(path, { headers: cookie === "" ? {} : { cookie } })
  const post = (
    session: { cookie: string; csrf: string },
    path: string,
    fields: Record<string, string> = {}
  ) => postForm(session, path, { _csrf: session.csrf, ...fields }, {})

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
    app = createApp({ kejin, limits: { loginAttempts: 100 } })
    await kejin.accounts.addUser({ login: "admin", displayName: "管理员", role: "admin", password })
    await kejin.accounts.addUser({ login: "bureau", displayName: "王丽", role: "bureau", password })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("shows each page to whom it belongs: admin 200, bureau 403, signed out to the sign-in page", async () => {
    const root = await signIn("admin")
    const bureau = await signIn("bureau")
    for (const path of ["/admin/people", "/admin/tokens"]) {
      expect((await get(path, root.cookie)).status).toBe(200)
      const refused = await get(path, bureau.cookie)
      expect(refused.status).toBe(403)
      expect(await refused.text()).toContain("仅管理员可管理人员和令牌。")
      const out = await get(path)
      expect(out.status).toBe(303)
      expect(out.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`)
      // Posts too: nothing changes for a bureau analyst.
      expect(
        (await post(bureau, path, { login: "x.y", name: "x", displayName: "x", role: "admin" })).status
      ).toBe(403)
    }
    expect((await get("/account/password", bureau.cookie)).status).toBe(200)
    expect((await get("/account/password")).headers.get("location")).toBe("/login?next=%2Faccount%2Fpassword")
    expect((await kejin.accounts.listUsers()).map((u) => u.login)).toEqual(["admin", "bureau"])
  })

  it("links the pages in the menu: admins see people, tokens and the journal; everyone their password", async () => {
    const adminPage = await (await get("/", (await signIn("admin")).cookie)).text()
    for (const href of ["/admin/people", "/admin/tokens", "/audit", "/account/password"])
      expect(adminPage).toContain(`href="${href}"`)
    const bureauPage = await (await get("/", (await signIn("bureau")).cookie)).text()
    expect(bureauPage).toContain('href="/account/password"')
    expect(bureauPage).not.toContain('href="/admin/people"')
    expect(bureauPage).not.toContain('href="/audit"')
  })

  it("refuses a post without the session's CSRF token", async () => {
    const root = await signIn("admin")
    const refused = await postForm(
      root,
      "/admin/people",
      { login: "zhao", displayName: "赵", role: "viewer" },
      {}
    )
    expect(refused.status).toBe(403)
    const revoked = await postForm(root, "/admin/people/bureau/disable", {}, {})
    expect(revoked.status).toBe(403)
    const own = await postForm(
      root,
      "/account/password",
      { current: password, password: "x", password2: "x" },
      {}
    )
    expect(own.status).toBe(403)
    expect((await kejin.accounts.listUsers()).every((u) => !u.disabled)).toBe(true)
  })

  it("adds a person with a password shown once, changes role and funds, disables and resets", async () => {
    const root = await signIn("admin")
    const bad = await post(root, "/admin/people", { login: "X", displayName: "", role: "fund-manager" })
    expect(bad.status).toBe(422)
    const badPage = await bad.text()
    expect(badPage).toContain("登录名：须为 3 到 40 个小写字母")
    expect(badPage).toContain("姓名：")
    const noFunds = await post(root, "/admin/people", {
      login: "li.na",
      displayName: "李娜",
      role: "fund-manager"
    })
    expect(noFunds.status).toBe(422)
    expect(await noFunds.text()).toContain("可管理的基金：基金管理人至少须指定一只基金")

    const added = await post(root, "/admin/people", {
      login: "li.na",
      displayName: "李娜",
      role: "fund-manager",
      funds: "wz-angel-1, wz-angel-2"
    })
    expect(added.status).toBe(200)
    const first = /data-secret="password">([^<]+)</.exec(await added.text())?.[1] ?? ""
    expect(first.length).toBeGreaterThanOrEqual(12)
    await kejin.accounts.login("li.na", first)
    // Shown once: the list does not show it again.
    expect(await (await get("/admin/people", root.cookie)).text()).not.toContain(first)

    const role = await post(root, "/admin/people/li.na/role", { role: "viewer", funds: "" })
    expect(role.status).toBe(200)
    expect((await kejin.accounts.listUsers()).find((u) => u.login === "li.na")).toMatchObject({
      role: "viewer",
      funds: []
    })

    const bureauSession = await signIn("bureau")
    expect((await post(root, "/admin/people/bureau/disable")).status).toBe(200)
    expect((await get("/", bureauSession.cookie)).status).toBe(303)
    const page = await (await get("/admin/people", root.cookie)).text()
    expect(page).toMatch(/data-login="bureau"[\s\S]*?已停用/)
    expect((await post(root, "/admin/people/bureau/enable")).status).toBe(200)

    const reset = await post(root, "/admin/people/bureau/reset-password")
    const fresh = /data-secret="password">([^<]+)</.exec(await reset.text())?.[1] ?? ""
    await kejin.accounts.login("bureau", fresh)
    const journal = JSON.stringify(await kejin.journal.search({ command: "users." }))
    expect(journal).not.toContain(fresh)
    expect(journal).not.toContain(first)
  })

  it("keeps the last administrator and says why, in English when asked", async () => {
    const root = await signIn("admin")
    const refused = await post(root, "/admin/people/admin/disable?lang=en")
    expect(refused.status).toBe(422)
    const text = await refused.text()
    expect(text).toContain("admin is the last active administrator")
    expect(text).not.toContain("最后一位")
    const demoted = await post(root, "/admin/people/admin/role", { role: "viewer" })
    expect(demoted.status).toBe(422)
    expect(await demoted.text()).toContain("admin 是最后一位启用的管理员")
  })

  it("creates a token shown once, lists its last use, revokes it", async () => {
    const root = await signIn("admin")
    const created = await post(root, "/admin/tokens", { name: "etl", role: "bureau", funds: "" })
    expect(created.status).toBe(200)
    const token = /data-secret="token">([^<]+)</.exec(await created.text())?.[1] ?? ""
    expect(token).toMatch(/^kj_/)
    expect(await (await get("/admin/tokens", root.cookie)).text()).toMatch(/data-token="etl"[\s\S]*?从未/)
    expect(
      (await app.request("/api/v1/pledges", { headers: { authorization: `Bearer ${token}` } })).status
    ).toBe(200)
    const listed = await (await get("/admin/tokens", root.cookie)).text()
    expect(listed).not.toMatch(/data-token="etl"[\s\S]*?从未/)
    expect(listed).not.toContain(token)
    const duplicate = await post(root, "/admin/tokens", { name: "etl", role: "viewer" })
    expect(duplicate.status).toBe(409)
    expect(await duplicate.text()).toContain("令牌名称：名为 etl 的令牌已存在")
    expect((await post(root, "/admin/tokens/etl/revoke")).status).toBe(200)
    expect(
      (await app.request("/api/v1/pledges", { headers: { authorization: `Bearer ${token}` } })).status
    ).toBe(401)
  })

  it("changes one's own password: current and new twice; other sessions end, this one stays", async () => {
    await kejin.accounts.setRole({ login: "bureau", role: "bureau" }, { actor: admin })
    const here = await signIn("bureau")
    const elsewhere = await signIn("bureau")
    const fresh = "another long password"
    const differ = await post(here, "/account/password", {
      current: password,
      password: fresh,
      password2: "x"
    })
    expect(differ.status).toBe(422)
    expect(await differ.text()).toContain("两次输入的新密码不一致")
    const wrong = await post(here, "/account/password", {
      current: "wrong one",
      password: fresh,
      password2: fresh
    })
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain("当前密码：当前密码不正确")
    const short = await post(here, "/account/password?lang=en", {
      current: password,
      password: "short",
      password2: "short"
    })
    expect(await short.text()).toContain("must have at least 12 characters")
    const done = await post(here, "/account/password", {
      current: password,
      password: fresh,
      password2: fresh
    })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain("密码已修改")
    expect((await get("/account/password", here.cookie)).status).toBe(200)
    expect((await get("/account/password", elsewhere.cookie)).status).toBe(303)
    await kejin.accounts.login("bureau", fresh)
  })
})
