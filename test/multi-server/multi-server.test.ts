import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createApp } from "@kejin/server"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Bouncer, startBouncer } from "./pgbouncer.js"
import { type Replica, startReplica } from "./replica.js"

/*
 * Several servers, one PostgreSQL and a streaming replica, as docs/deploy.md sets them up: three
 * `kejin serve` processes (the built CLI) on one primary (two through pgbouncer in transaction pooling),
 * each with `--read-database` on a replica this test starts (pg_basebackup -R), and the test
 * round-robining over them. People sign in, write
 * registrations and reversals and read at once, each request on the next server: everyone reads their
 * own write at once (read-your-writes by journal position), and once the replica has caught up every
 * figure, from every server, is identical to the same workload replayed on SQLite.
 */

const base = process.env.KEJIN_TEST_POSTGRES_URL
if (!base) throw new Error("KEJIN_TEST_POSTGRES_URL is not set: the multi-server test needs PostgreSQL")
const cli = join(import.meta.dirname, "../../packages/server/dist/cli.js")
const password = "a long enough password"
const PEOPLE = 4
const WRITES = 10

let replica: Replica
let bouncer: Bouncer
let database: string
let primaryUrl: string
const servers: Array<{ process: ChildProcess; base: string }> = []

const admin = async <A>(use: (client: pg.Client) => Promise<A>) => {
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

const urlOf = (name: string) => {
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}

const startServer = (port: number, writeUrl: string, readUrl: string) =>
  new Promise<{ process: ChildProcess; base: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, "serve", "--database", writeUrl, "--read-database", readUrl, "--port", String(port)],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KEJIN_DATABASE: "" } }
    )
    let output = ""
    const timer = setTimeout(() => reject(new Error(`kejin serve did not start:\n${output}`)), 60_000)
    const listen = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Kejin dashboard: http:\/\/localhost:(\d+)\//.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ process: child, base: `http://127.0.0.1:${match[1]}` })
      }
    }
    child.stdout.on("data", listen)
    child.stderr.on("data", listen)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`kejin serve exited with ${code}:\n${output}`))
    })
  })

const freePort = async () => {
  const { createServer } = await import("node:net")
  return new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })
}

/** Heads of the journal on the primary and on the replica. */
const heads = async () => {
  const read = async (url: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const { rows } = await client.query<{ seq: string }>(
        "select seq::text as seq from journal_head where id = 1"
      )
      return BigInt(rows[0]?.seq ?? 0)
    } finally {
      await client.end()
    }
  }
  return { primary: await read(primaryUrl), replica: await read(replica.urlOf(database)) }
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (pnpm exec tsc -b)`)
  replica = await startReplica(base)
  database = `kejin_ms_${randomBytes(5).toString("hex")}`
  await admin((client) => client.query(`create database ${database}`))
  primaryUrl = urlOf(database)
  // The new database reaches the replica through the stream.
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: replica.urlOf(database) })
    const there = await client.connect().then(
      () => true,
      () => false
    )
    if (there) await client.end()
    if (there) break
    if (i > 1200) throw new Error(`database ${database} did not reach the replica`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  // Three servers at once on the fresh database: one migrates under the lock, the others wait. Two reach
  // the primary through pgbouncer in transaction pooling, one directly.
  bouncer = await startBouncer(base)
  const ports = await Promise.all([freePort(), freePort(), freePort()])
  servers.push(
    ...(await Promise.all(
      ports.map((port, i) =>
        startServer(port, i < 2 ? bouncer.urlOf(database) : primaryUrl, replica.urlOf(database))
      )
    ))
  )
  const kejin = await openKejin({ database: primaryUrl, migrate: false })
  try {
    for (let p = 0; p < PEOPLE; p++)
      await kejin.accounts.addUser({
        login: `person${p}`,
        displayName: `person ${p}`,
        role: "bureau",
        password
      })
  } finally {
    await kejin.close()
  }
}, 300_000)

afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (server.process.exitCode !== null) return resolve()
          server.process.once("exit", () => resolve())
          server.process.kill("SIGTERM")
        })
    )
  )
  if (database !== undefined)
    await admin((client) => client.query(`drop database if exists ${database} with (force)`)).catch(
      () => undefined
    )
  await bouncer?.stop()
  await replica?.stop()
}, 60_000)

/** A person's browser: cookies kept, every request to the next server in turn. */
const browser = () => {
  const cookies = new Map<string, string>()
  let csrf = ""
  let turn = Math.floor(Math.random() * 3)
  const request = async (path: string, init: RequestInit = {}) => {
    const server = servers[turn++ % servers.length]!
    const headers = new Headers(init.headers)
    headers.set("origin", server.base)
    if (cookies.size > 0) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "))
    if (csrf !== "") headers.set("x-csrf-token", csrf)
    const response = await fetch(`${server.base}${path}`, { ...init, headers, redirect: "manual" })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";")
      const at = pair!.indexOf("=")
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    return response
  }
  return {
    request,
    signIn: async (login: string) => {
      const response = await request("/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ login, password, next: "/" }).toString()
      })
      expect(response.status).toBe(303)
      const page = await (await request("/")).text()
      csrf = /"X-CSRF-Token":"([^"]+)"/.exec(page.replaceAll("&quot;", '"'))?.[1] ?? ""
      expect(csrf).not.toBe("")
    },
    json: async (path: string) => {
      const response = await request(path)
      expect(response.status, `${path}: ${response.status}`).toBe(200)
      return {
        body: (await response.json()) as Record<string, unknown>,
        from: response.headers.get("kejin-read-from")
      }
    },
    post: (path: string, body: unknown) =>
      request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
      })
  }
}

/** Fen of a decimal string of yuan ("1234.50"), exact. */
const fen = (text: string) => {
  const [whole, part = ""] = text.split(".")
  return BigInt(whole!) * 100n + BigInt(`${part}00`.slice(0, 2)) * (whole!.startsWith("-") ? -1n : 1n)
}

type Write =
  | { readonly kind: "record"; readonly person: number; readonly body: Record<string, unknown> }
  | { readonly kind: "reverse"; readonly person: number; readonly of: number }

/** The registration `w` of person `p` (each person their own bank, enterprises and patents). */
const registration = (p: number, w: number) => {
  const enterprise = w % 3
  return {
    registrationNo: `Y2025${String(330000 + p).padStart(6, "0")}${String(w).padStart(3, "0")}`,
    pledgor: {
      uscc: makeUscc(`91330302MA2H${p}${enterprise}00${String(w % 2)}`),
      name: `多服务器测试企业${p}-${enterprise}`,
      district: ["330302", "330381", "330303"][(p + enterprise) % 3]
    },
    pledgee: { name: `多服务器测试银行${p}` },
    patents: [`ZL${makePatentNumber(`20181${p}${String(w).padStart(2, "0")}${enterprise}000`)}`],
    amount: `${(p + 1) * 1_000_000 + w * 10_000 + 123}.45`,
    registeredOn: `2025-${String(1 + ((w * 5 + p) % 12)).padStart(2, "0")}-${String(1 + ((w * 7) % 28)).padStart(2, "0")}`
  }
}

const figures = [
  "/api/v1/pledges/total?year=2025",
  "/api/v1/pledges/summary?year=2025",
  "/api/v1/pledges/monthly?year=2025",
  "/api/v1/pledges/breakdown?year=2025&by=district",
  "/api/v1/pledges/breakdown?year=2025&by=bank",
  "/api/v1/pledges/breakdown?year=2025&by=size",
  "/api/v1/pledges/breakdown?year=2025&by=inclusive",
  "/api/v1/pledges/breakdown?year=2025&by=firstPledge",
  "/api/v1/targets"
]

describe("three servers on one PostgreSQL with a streaming replica", () => {
  it("reads each person's own write at once and totals every figure as SQLite does", async () => {
    const writes: Array<Array<Write>> = Array.from({ length: PEOPLE }, () => [])
    const readFrom = { replica: 0, primary: 0 }
    const person = async (p: number) => {
      const me = browser()
      await me.signIn(`person${p}`)
      const mine: Array<{ id: number; amount: bigint; reversed: boolean }> = []
      const bank = `多服务器测试银行${p}`
      const myTotal = () => mine.filter((m) => !m.reversed).reduce((sum, m) => sum + m.amount, 0n)
      for (let w = 0; w < WRITES; w++) {
        if (w % 4 === 3) {
          // A correction: the reversal of an earlier registration of theirs.
          const target = mine.find((m) => !m.reversed)!
          const reversed = await me.post(`/api/v1/pledges/${target.id}/reversal`, {
            reason: "多服务器测试更正"
          })
          expect(reversed.status, await reversed.clone().text()).toBeLessThan(300)
          target.reversed = true
          writes[p]!.push({ kind: "reverse", person: p, of: mine.indexOf(target) })
        } else {
          const body = registration(p, w)
          const recorded = await me.post("/api/v1/pledges", body)
          expect(recorded.status, await recorded.clone().text()).toBe(201)
          const { id } = (await recorded.json()) as { id: number }
          mine.push({ id, amount: fen(body.amount), reversed: false })
          writes[p]!.push({ kind: "record", person: p, body })
          // Their own record, at once, from the next server.
          const read = await me.json(`/api/v1/pledges/${id}`)
          expect(fen(read.body.amount as string)).toBe(fen(body.amount))
          readFrom[read.from === "replica" ? "replica" : "primary"]++
        }
        // Their bank's figure, at once, from the next server: exactly what they wrote and kept.
        const breakdown = await me.json("/api/v1/pledges/breakdown?year=2025&by=bank")
        readFrom[breakdown.from === "replica" ? "replica" : "primary"]++
        const row = (breakdown.body.rows as Array<{ key: string; measures: { amount: string } }>).find(
          (r) => r.key === bank
        )
        expect(row === undefined ? 0n : fen(row.measures.amount)).toBe(myTotal())
        // And the dashboard (the page cache keyed by the journal head it read).
        expect((await me.request("/")).status).toBe(200)
      }
    }
    await Promise.all(Array.from({ length: PEOPLE }, (_, p) => person(p)))

    // Once the replica has caught up, every server answers from it: the same figures, identical to SQLite's.
    for (let i = 0; ; i++) {
      const { primary, replica: there } = await heads()
      if (there === primary) break
      if (i > 1200) throw new Error(`the replica did not catch up: ${there} of ${primary}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const reader = browser()
    await reader.signIn("person0")
    const served: Array<Record<string, unknown>> = []
    for (let round = 0; round < servers.length; round++) {
      const answers: Record<string, unknown> = {}
      for (const path of figures) {
        const answer = await reader.json(path)
        expect(answer.from).toBe("replica")
        answers[path] = answer.body
      }
      served.push(answers)
    }
    expect(served[1]).toEqual(served[0])
    expect(served[2]).toEqual(served[0])

    const dir = mkdtempSync(join(tmpdir(), "kejin-ms-sqlite-"))
    let sqlite: Kejin | undefined
    try {
      sqlite = await openKejin({ database: `sqlite:${join(dir, "kejin.db")}` })
      const ids: Array<Array<number>> = Array.from({ length: PEOPLE }, () => [])
      for (const list of writes) {
        for (const write of list) {
          if (write.kind === "record") ids[write.person]!.push((await sqlite.pledges.record(write.body)).id)
          else await sqlite.pledges.reverse(ids[write.person]![write.of]!, "多服务器测试更正")
        }
      }
      const token = (await sqlite.accounts.createToken({ name: "replay", role: "bureau" })).token
      const app = createApp({ kejin: sqlite })
      for (const path of figures) {
        const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } })
        expect(response.status).toBe(200)
        expect(served[0]![path], path).toEqual(await response.json())
      }
    } finally {
      await sqlite?.close()
      rmSync(dir, { recursive: true, force: true })
    }
    // Reads went to both: the replica once it held the person's write, the primary before.
    expect(readFrom.replica).toBeGreaterThan(0)
  }, 240_000)
})
