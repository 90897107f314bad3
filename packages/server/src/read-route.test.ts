import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { Database, dataVersion, versionKept } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { Effect } from "effect"
import pg from "pg"
import { afterEach, describe, expect, it } from "vitest"
import { createApp } from "./app.js"
import { READ_FROM_HEADER, SEEN_COOKIE } from "./read-route.js"
import { browserSession } from "./session.testing.js"

// Read-your-writes by journal position. The "replica" is a second database that never catches up, with
// a record of its own, so each answer shows where it was read.
const password = "a long enough password"
const origin = "http://localhost"
const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (let next = opened.pop(); next !== undefined; next = opened.pop()) await next.close()
})
const database = async (dialect: "postgres") => {
  const made: TestDatabase = await createTestDatabase(dialect, { migrated: true })
  opened.push({ close: () => made.dispose() })
  return made
}
const open = async (url: string, readDatabase?: string): Promise<Kejin> => {
  const kejin = await openKejin({ database: url, ...(readDatabase === undefined ? {} : { readDatabase }) })
  opened.push({ close: () => kejin.close() })
  return kejin
}
const pledge = (n: number, amount: string) => ({
  registrationNo: `Y2025330000${800 + n}`,
  pledgor: { uscc: makeUscc(`91330302MA2H7000${n}`), name: `路由测试企业${n}`, district: "330302" },
  pledgee: { name: "路由测试银行" },
  patents: [`ZL${makePatentNumber(`20191${n}0000000`.slice(0, 12))}`],
  amount,
  registeredOn: "2025-05-05"
})

for (const dialect of testDialects().filter((d) => d === "postgres")) {
  describe(`reads with a replica on ${dialect}`, () => {
    it("reads the replica until the person writes, then the primary until the replica holds their write", async () => {
      const primary = await database(dialect)
      const replica = await database(dialect)
      await (await open(replica.url)).pledges.record(pledge(1, "7.00"))
      const kejin = await open(primary.url, replica.url)
      await kejin.accounts.addUser({ login: "router", displayName: "router", role: "bureau", password })
      const app = createApp({ kejin })
      const session = await browserSession(() => app, password).signIn("router")
      const read = async (cookie: string) => {
        const response = await app.request("/api/v1/pledges/total?year=2025", { headers: { cookie } })
        expect(response.status).toBe(200)
        return {
          from: response.headers.get(READ_FROM_HEADER),
          amount: ((await response.json()) as { amount: string }).amount
        }
      }
      // Nothing written yet by this person: the replica answers (its own record).
      expect(await read(session.cookie)).toEqual({ from: "replica", amount: "7.00" })

      const written = await app.request("/api/v1/pledges", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin,
          cookie: session.cookie,
          "x-csrf-token": session.csrf
        },
        body: JSON.stringify(pledge(2, "1000.00"))
      })
      expect(written.status).toBe(201)
      expect(written.headers.get(READ_FROM_HEADER)).toBe("primary")
      const seen = /kejin_seen=(\d+)/.exec(written.headers.get("set-cookie") ?? "")?.[1]
      expect(seen).toBeDefined()
      const cookies = `${session.cookie}; ${SEEN_COOKIE}=${seen}`
      // Their own write at once: the replica has not reached it, so the primary answers.
      expect(await read(cookies)).toEqual({ from: "primary", amount: "1000.00" })
      // The dashboard too (the page cache keys by the head it read).
      const page = await app.request("/", { headers: { cookie: cookies } })
      expect(page.status).toBe(200)
      expect(page.headers.get(READ_FROM_HEADER)).toBe("primary")
      // A program reads the primary always; sign-in pages too.
      const token = (await kejin.accounts.createToken({ name: "router-program", role: "viewer" })).token
      const program = await app.request("/api/v1/pledges/total?year=2025", {
        headers: { authorization: `Bearer ${token}` }
      })
      expect(program.headers.get(READ_FROM_HEADER)).toBe("primary")
      expect(((await program.json()) as { amount: string }).amount).toBe("1000.00")
    })
  })
}

const kept = (kejin: Kejin) => kejin.run(Database.use((d) => Effect.succeed(versionKept(d.primary))))
const versionOf = (kejin: Kejin) =>
  kejin.run(Database.use((d) => Effect.promise(() => dataVersion(d.primary))))
const until = async (what: string, done: () => Promise<boolean>) => {
  for (let i = 0; !(await done()); i++) {
    if (i > 400) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/**
 * Holds back every journal head announced to this process's listening connections (the other servers'
 * writes) until `release` is called: a notification that has not arrived yet.
 */
const holdNotifications = () => {
  const emit = pg.Client.prototype.emit
  const held: Array<() => void> = []
  pg.Client.prototype.emit = function (this: pg.Client, event: string | symbol, ...args: Array<unknown>) {
    const payload = (args[0] as { payload?: string } | undefined)?.payload
    if (event === "notification" && /^\d+$/.test(payload ?? "")) {
      held.push(() => emit.call(this, event, ...args))
      return true
    }
    return emit.call(this, event, ...args)
  } as typeof emit
  return {
    release: () => {
      pg.Client.prototype.emit = emit
      for (const deliver of held.splice(0)) deliver()
    }
  }
}

for (const dialect of testDialects().filter((d) => d === "postgres")) {
  describe(`reads of several servers on one ${dialect} without a replica`, () => {
    it("hold a person's read on another server to their last write while its notification has not arrived", async () => {
      const primary = await database(dialect)
      const [a, b] = [await open(primary.url), await open(primary.url)]
      await a.accounts.addUser({ login: "writer", displayName: "writer", role: "bureau", password })
      const [appA, appB] = [createApp({ kejin: a }), createApp({ kejin: b })]
      await until("both servers keep the data version", async () => (await kept(a)) && (await kept(b)))
      const session = await browserSession(() => appA, password).signIn("writer")
      const total = async (app: ReturnType<typeof createApp>, cookie: string) => {
        const response = await app.request("/api/v1/pledges/total?year=2025", { headers: { cookie } })
        expect(response.status).toBe(200)
        expect(response.headers.get(READ_FROM_HEADER)).toBeNull()
        return ((await response.json()) as { amount: string }).amount
      }
      // B keeps the year's total (by its data version) before the write.
      expect(await total(appB, session.cookie)).toBe("0.00")
      const versionBefore = await versionOf(b)
      const held = holdNotifications()
      try {
        const written = await appA.request("/api/v1/pledges", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin,
            cookie: session.cookie,
            "x-csrf-token": session.csrf
          },
          body: JSON.stringify(pledge(4, "2500.00"))
        })
        expect(written.status).toBe(201)
        const seen = /kejin_seen=(\d+)/.exec(written.headers.get("set-cookie") ?? "")?.[1]
        expect(BigInt(seen ?? "0")).toBeGreaterThan(BigInt(versionBefore))
        // B has not heard of the write: without the position it answers what it keeps (the proof that the
        // notification has not arrived), with it the write.
        expect(await versionOf(b)).toBe(versionBefore)
        expect(await total(appB, session.cookie)).toBe("0.00")
        expect(await total(appB, `${session.cookie}; ${SEEN_COOKIE}=${seen}`)).toBe("2500.00")
        // The dashboard's fragments too (the page cache keys by the version it read).
        const fragment = await appB.request("/panels/patent-pledge/progress", {
          headers: { cookie: `${session.cookie}; ${SEEN_COOKIE}=${seen}`, "HX-Request": "true" }
        })
        expect(fragment.status).toBe(200)
        expect(await total(appA, session.cookie)).toBe("2500.00")
      } finally {
        held.release()
      }
      await until("B hears of the write", async () => (await total(appB, session.cookie)) === "2500.00")
    })
  })
}

describe("reads without a replica", () => {
  it("say nothing of where they read and set no position cookie", async () => {
    const made = await createTestDatabase("sqlite", { migrated: true })
    opened.push({ close: () => made.dispose() })
    const kejin = await open(made.url)
    const token = (await kejin.accounts.createToken({ name: "plain", role: "bureau" })).token
    const app = createApp({ kejin })
    const written = await app.request("/api/v1/pledges", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(pledge(3, "5.00"))
    })
    expect(written.status).toBe(201)
    expect(written.headers.get(READ_FROM_HEADER)).toBeNull()
    expect(written.headers.get("set-cookie") ?? "").not.toContain(SEEN_COOKIE)
  })
})
