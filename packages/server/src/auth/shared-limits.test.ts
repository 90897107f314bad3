import { type Kejin, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, describe, expect, it } from "vitest"
import { createApp } from "../app.js"

// Several server processes on one store: each is an app over its own instance (its own pool), as two
// `kejin serve` processes are. On PostgreSQL they count one limit; on SQLite (one server) each its own.
const origin = "http://localhost"
const opened: Array<{ kejin: Kejin[]; database: TestDatabase }> = []
afterEach(async () => {
  for (let next = opened.pop(); next !== undefined; next = opened.pop()) {
    await Promise.all(next.kejin.map((k) => k.close()))
    await next.database.dispose()
  }
})

const twoServers = async (dialect: "sqlite" | "postgres") => {
  const database = await createTestDatabase(dialect, { migrated: true })
  const kejin = [await openKejin({ database: database.url }), await openKejin({ database: database.url })]
  opened.push({ kejin, database })
  await kejin[0]!.accounts.addUser({
    login: "limited",
    displayName: "limited",
    role: "viewer",
    password: "a long enough password"
  })
  const token = (await kejin[0]!.accounts.createToken({ name: "limited-program", role: "viewer" })).token
  const apps = kejin.map((k) =>
    createApp({ kejin: k, limits: { loginAttempts: 3, tokenRequestsPerMinute: 4 } })
  )
  return { apps, token }
}

const wrongLogin = (app: ReturnType<typeof createApp>) =>
  app.request("/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ login: "limited", password: "wrong wrong wrong" }).toString()
  })

for (const dialect of testDialects()) {
  describe(`rate limits of several servers on ${dialect}`, () => {
    it(
      dialect === "postgres"
        ? "counts failed sign-ins and a token's requests once across servers"
        : "counts in each server's memory",
      async () => {
        const { apps, token } = await twoServers(dialect)
        const [a, b] = apps as [ReturnType<typeof createApp>, ReturnType<typeof createApp>]
        // Three wrong passwords, alternating servers: the fourth is refused by either (PostgreSQL).
        expect((await wrongLogin(a)).status).toBe(401)
        expect((await wrongLogin(b)).status).toBe(401)
        expect((await wrongLogin(a)).status).toBe(401)
        const fourth = await wrongLogin(b)
        expect(fourth.status).toBe(dialect === "postgres" ? 429 : 401)
        const call = (app: typeof a) =>
          app.request("/api/v1/targets", { headers: { authorization: `Bearer ${token}` } })
        const statuses = []
        for (const app of [a, b, a, b, a, b]) statuses.push((await call(app)).status)
        expect(statuses).toEqual(
          dialect === "postgres" ? [200, 200, 200, 200, 429, 429] : [200, 200, 200, 200, 200, 200]
        )
      }
    )
  })
}
