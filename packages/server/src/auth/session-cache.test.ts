import { type Kejin, openKejin } from "@kejin/core"
import { Database, versionKept } from "@kejin/core/internal"
import { createTestDatabase, testDialects } from "@kejin/core/testing"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { browserSession, type Session } from "../session.testing.js"

// A person's session is kept for a moment in the server's memory (core auth/accounts.ts): what ends it or
// changes what it grants must still count at the next request, kept or not.

const password = "a long enough password"
const origin = "http://localhost"
const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (let next = opened.pop(); next !== undefined; next = opened.pop()) await next.close()
})

const open = async (url: string) => {
  const kejin = await openKejin({ database: url })
  opened.push({ close: () => kejin.close() })
  return kejin
}

const heard = (kejin: Kejin) => kejin.run(Database.use((d) => Effect.succeed(versionKept(d.primary))))
const until = async (what: string, done: () => Promise<boolean>) => {
  for (let i = 0; !(await done()); i++) {
    if (i > 400) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** A store with an administrator and a viewer `wang`, and an app on it. */
const setUp = async (dialect: "sqlite" | "postgres") => {
  const database = await createTestDatabase(dialect, { migrated: true })
  opened.push({ close: () => database.dispose() })
  const kejin = await open(database.url)
  await kejin.accounts.setupAdmin({ login: "admin", displayName: "admin", password })
  await kejin.accounts.addUser({ login: "wang", displayName: "王", role: "viewer", password })
  const app = createApp({ kejin })
  return { url: database.url, kejin, app, browser: browserSession(() => app, password) }
}

/** The status of a signed-in read of the API, of a dashboard fragment and of the page (each asked twice). */
const reads = async (app: ReturnType<typeof createApp>, session: Session) => {
  const statuses: Array<number> = []
  for (const [path, headers] of [
    ["/api/v1/pledges/total?year=2025", {}],
    ["/panels/patent-pledge/progress", { "HX-Request": "true" }],
    ["/", {}]
  ] as const) {
    for (let i = 0; i < 2; i++) {
      const response = await app.request(path, {
        headers: { cookie: session.cookie, ...headers },
        redirect: "manual"
      })
      statuses.push(response.status)
    }
  }
  return statuses
}
const allowed = [200, 200, 200, 200, 200, 200]

for (const dialect of testDialects()) {
  describe(`a kept session on ${dialect}`, () => {
    it("is refused at the next request once the person is disabled, and follows a role change at once", async () => {
      const { app, browser } = await setUp(dialect)
      const admin = await browser.signIn("admin")
      const wang = await browser.signIn("wang")
      expect(await reads(app, wang)).toEqual(allowed)
      const people = async () =>
        (await app.request("/admin/people", { headers: { cookie: wang.cookie }, redirect: "manual" })).status
      expect(await people()).toBe(403)
      const role = await browser.postForm(admin, "/admin/people/wang/role", {
        role: "admin",
        _csrf: admin.csrf
      })
      expect(role.status).toBe(200)
      expect(await people()).toBe(200)
      await browser.postForm(admin, "/admin/people/wang/role", { role: "viewer", _csrf: admin.csrf })
      expect(await people()).toBe(403)
      const disabled = await browser.postForm(admin, "/admin/people/wang/disable", { _csrf: admin.csrf })
      expect(disabled.status).toBe(200)
      const after = await reads(app, wang)
      expect(after[0]).toBe(401)
      expect(after.filter((status) => status === 200)).toEqual([])
    })

    it("is refused at the next request after signing out, and a revoked token too", async () => {
      const { kejin, app, browser } = await setUp(dialect)
      const wang = await browser.signIn("wang")
      const other = await browser.signIn("wang")
      expect(await reads(app, wang)).toEqual(allowed)
      expect(await reads(app, other)).toEqual(allowed)
      const out = await app.request("/logout", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin,
          cookie: wang.cookie,
          "x-csrf-token": wang.csrf
        },
        body: ""
      })
      expect(out.status).toBe(303)
      expect((await reads(app, wang)).filter((status) => status === 200)).toEqual([])
      // Their other session is theirs to end separately.
      expect(await reads(app, other)).toEqual(allowed)

      const { token } = await kejin.accounts.createToken({ name: "program", role: "viewer" })
      const asProgram = async () =>
        (
          await app.request("/api/v1/pledges/total?year=2025", {
            headers: { authorization: `Bearer ${token}` }
          })
        ).status
      expect([await asProgram(), await asProgram()]).toEqual([200, 200])
      await kejin.accounts.revokeToken("program")
      expect(await asProgram()).toBe(401)
    })

    if (dialect !== "postgres") return

    it("is refused by another server on the store as soon as it hears of the sign-out or the disabling", async () => {
      const { url, kejin, app, browser } = await setUp(dialect)
      const second = await open(url)
      const otherApp = createApp({ kejin: second })
      await until("both servers hear", async () => (await heard(kejin)) && (await heard(second)))
      const wang = await browser.signIn("wang")
      const other = await browser.signIn("wang")
      expect(await reads(otherApp, wang)).toEqual(allowed)
      expect(await reads(otherApp, other)).toEqual(allowed)
      await app.request("/logout", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin,
          cookie: wang.cookie,
          "x-csrf-token": wang.csrf
        },
        body: ""
      })
      await until(
        "the other server refuses the signed-out session",
        async () => (await reads(otherApp, wang))[0] === 401
      )
      expect(await reads(otherApp, other)).toEqual(allowed)
      await kejin.accounts.disableUser("wang")
      await until(
        "the other server refuses the disabled person",
        async () => (await reads(otherApp, other))[0] === 401
      )
    })
  })
}
