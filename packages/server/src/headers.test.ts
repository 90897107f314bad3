import { openKejin } from "@kejin/core"
import { createTestDatabase } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createApp } from "./app.js"
import { contentSecurityPolicy, SECURE_HEADERS } from "./headers.js"
import { browserSession, type Session } from "./session.testing.js"

// Every answer carries the secure headers, its CSP with its own nonce and its request id: the ones the
// middleware sets on a rendered answer and the ones a kept answer of the page cache is built with alike.

const password = "a long enough password"
const opened: Array<() => Promise<void>> = []
let app: ReturnType<typeof createApp>
let viewer: Session

beforeAll(async () => {
  const database = await createTestDatabase("sqlite", { migrated: true })
  const kejin = await openKejin({ database: database.url })
  opened.push(
    () => database.dispose(),
    () => kejin.close()
  )
  await kejin.accounts.setupAdmin({ login: "admin", displayName: "admin", password })
  await kejin.accounts.addUser({ login: "viewer", displayName: "viewer", role: "viewer", password })
  app = createApp({ kejin })
  viewer = await browserSession(() => app, password).signIn("viewer")
})
afterAll(async () => {
  for (let close = opened.pop(); close !== undefined; close = opened.pop()) await close()
})

/** The answer's headers but the ones that differ by request (nonce, id, date). */
const steady = (response: Response) => {
  const headers = Object.fromEntries(response.headers)
  const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1]
  expect(headers["content-security-policy"]).toBe(contentSecurityPolicy(nonce ?? "(none)"))
  expect(headers["x-request-id"]).toMatch(/^[A-Za-z0-9._:-]{1,128}$/)
  const { "content-security-policy": _csp, "x-request-id": _id, date: _date, ...rest } = headers
  return { nonce, rest }
}

describe("the headers of every answer", () => {
  it("are the same on a rendered and a kept fragment, but the nonce and the request id", async () => {
    const ask = (id?: string) =>
      app.request("/panels/patent-pledge/progress", {
        headers: {
          cookie: viewer.cookie,
          "HX-Request": "true",
          ...(id === undefined ? {} : { "x-request-id": id })
        }
      })
    const rendered = await ask()
    const kept = await ask("given.id-1")
    expect([rendered.status, kept.status]).toEqual([200, 200])
    expect(await kept.text()).toBe(await rendered.text())
    expect(kept.headers.get("x-request-id")).toBe("given.id-1")
    const [a, b] = [steady(rendered), steady(kept)]
    expect(b.rest).toEqual(a.rest)
    expect(b.nonce).not.toBe(a.nonce)
    for (const [name, value] of SECURE_HEADERS) expect(b.rest[name]).toBe(value)
    expect(b.rest["cache-control"]).toBe("private, no-cache")
    // Revalidated: 304 with the same headers, no body.
    const etag = kept.headers.get("etag") ?? ""
    const again = await app.request("/panels/patent-pledge/progress", {
      headers: { cookie: viewer.cookie, "HX-Request": "true", "if-none-match": etag }
    })
    expect(again.status).toBe(304)
    const { "content-type": _type, "content-length": _length, ...withoutBody } = b.rest
    expect(steady(again).rest).toEqual(withoutBody)
  })

  it("are on every other answer too, with no-store where the answer depends on the actor", async () => {
    const health = await app.request("/healthz")
    const { rest } = steady(health)
    for (const [name, value] of SECURE_HEADERS) expect(rest[name]).toBe(value)
    expect(rest["cache-control"]).toBeUndefined()
    const api = await app.request("/api/v1/pledges/total?year=2025", { headers: { cookie: viewer.cookie } })
    expect(api.status).toBe(200)
    expect(steady(api).rest["cache-control"]).toBe("no-store")
    expect((await app.request("/nowhere")).headers.get("x-frame-options")).toBe("SAMEORIGIN")
  })
})
