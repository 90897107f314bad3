// The dashboard under load: requests per second of `kejin serve` (the demo store, SQLite) against a bare
// Hono "hello" app on the same @hono/node-server, measured in the same run, each in its own process, by
// KEJIN_BENCH_CONNECTIONS (default 10) keep-alive connections for KEJIN_BENCH_SECONDS (default 5) per
// target. Reports requests/s, the ratio to the bare app, and the server process's CPU time per request
// (from /proc, Linux only). Run through `pnpm bench` (KEJIN_BENCH_ONLY=serve) or alone after `tsc -b`.
import { execFileSync, spawn } from "node:child_process"
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import http from "node:http"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const cli = join(root, "packages", "server", "dist", "cli.js")
const CONNECTIONS = Number(process.env.KEJIN_BENCH_CONNECTIONS ?? 10)
const SECONDS = Number(process.env.KEJIN_BENCH_SECONDS ?? 5)
const ticksPerSecond = 100 // USER_HZ on Linux

const cpuMs = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
  } catch {
    return undefined
  }
}

const dir = mkdtempSync(join(os.tmpdir(), "kejin-serve-bench-"))
const children = []
process.on("exit", () => {
  for (const child of children) child.kill("SIGTERM")
  rmSync(dir, { recursive: true, force: true })
})
const database = `sqlite:${join(dir, "demo.db")}`
const kejin = (args, input) =>
  execFileSync(process.execPath, [cli, ...args, "--database", database], { encoding: "utf8", input })

// KEJIN_BENCH_STORE=file: a copy of that SQLite store (e.g. one KEJIN_BENCH_KEEP_TOTALS kept) instead of the demo.
const store = process.env.KEJIN_BENCH_STORE
if (store === undefined) {
  console.log("seeding the demo store")
  kejin(["demo"])
} else {
  console.log(`copying ${store}`)
  copyFileSync(store, join(dir, "demo.db"))
}
// A browser session (bearer tokens are limited to 600 requests a minute; sessions are not).
const password = "bench password, long enough"
kejin(
  ["user", "add", "--login", "bench", "--name", "bench", "--role", "viewer", "--password-stdin"],
  password
)

/** Starts a server process and resolves with its pid and port once it prints its address. */
const start = (args, pattern) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], cwd: root })
    children.push(child)
    let out = ""
    child.stdout.on("data", (chunk) => {
      out += chunk
      const port = pattern.exec(out)?.[1]
      if (port !== undefined) resolve({ pid: child.pid, port: Number(port), output: () => out })
    })
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out}`)))
  })

// The bare app: Hono answering "hello" on the same node server, nothing else.
const hello = join(dir, "hello.mjs")
writeFileSync(
  hello,
  `import { serve } from ${JSON.stringify(join(root, "node_modules", "@hono", "node-server", "dist", "index.mjs"))}
import { Hono } from ${JSON.stringify(join(root, "packages", "server", "node_modules", "hono", "dist", "index.js"))}
const app = new Hono()
app.get("/", (c) => c.text("hello"))
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => console.log("port " + info.port))
`
)

// KEJIN_BENCH_COMPARE=dir: another checkout of Kejin (built: `tsc -b` and its bundle), served from a copy of
// the same store at the same time, each case measured on both in turn (see KEJIN_BENCH_ROUNDS).
const compare = process.env.KEJIN_BENCH_COMPARE
const otherDatabase = `sqlite:${join(dir, "other.db")}`
if (compare !== undefined) copyFileSync(join(dir, "demo.db"), join(dir, "other.db"))

const bare = await start([hello], /port (\d+)/)
// KEJIN_BENCH_PROFILE=dir: the server writes a CPU profile there when it stops.
const profile = process.env.KEJIN_BENCH_PROFILE
const serve = async (cliPath, url, prof) => {
  const started = await start(
    [
      ...(prof === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", prof]),
      cliPath,
      "serve",
      "--port",
      "0",
      "--database",
      url
    ],
    /localhost:(\d+)\//
  )
  // The quick audit `kejin serve` runs on start must not be measured with the first case: wait for its line.
  for (let waited = 0; !started.output().includes("audit:") && waited < 30_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return started
}
const server = await serve(cli, database, profile)
const other =
  compare === undefined
    ? undefined
    : await serve(join(compare, "packages", "server", "dist", "cli.js"), otherDatabase, undefined)

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
const request = (port, path, headers) =>
  new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, headers, agent }, (res) => {
      res.resume()
      res.on("end", () => resolve(res.statusCode))
    })
    req.on("error", reject)
  })

/** `CONNECTIONS` loops for `SECONDS`: requests answered per second and the server's CPU ms per request. */
const measure = async (target, path, headers = {}) => {
  const seen = await request(target.port, path(0), headers)
  // One second of the same requests first, not counted: the server's code warmed up for this path.
  const warm = performance.now() + 1000
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, n) => {
      for (let i = n; performance.now() < warm; i += CONNECTIONS)
        await request(target.port, path(-1 - i), headers)
    })
  )
  const deadline = performance.now() + SECONDS * 1000
  const cpuBefore = cpuMs(target.pid)
  const started = performance.now()
  let done = 0
  const statuses = new Map()
  const loop = async (n) => {
    for (let i = n; performance.now() < deadline; i += CONNECTIONS) {
      const status = await request(target.port, path(i), headers)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      done++
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => loop(n)))
  const seconds = (performance.now() - started) / 1000
  const cpuAfter = cpuMs(target.pid)
  return {
    first: seen,
    statuses: Object.fromEntries(statuses),
    done,
    rps: done / seconds,
    cpuPerRequest:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / done
  }
}

/** Signs the bench viewer in on `target`; the session cookie. */
const signIn = async (target) => {
  const response = await fetch(`http://127.0.0.1:${target.port}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: `http://127.0.0.1:${target.port}`
    },
    body: new URLSearchParams({ login: "bench", password, next: "/" }).toString()
  })
  const cookie = response.headers.get("set-cookie")?.split(";")[0]
  if (cookie === undefined) throw new Error(`could not sign in: ${response.status} ${await response.text()}`)
  return cookie
}
const progress = "/panels/patent-pledge/progress"
const etagOf = (target, headers) =>
  new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port: target.port, path: progress, headers }, (res) => {
        res.resume()
        resolve(res.headers.etag)
      })
      .on("error", reject)
  })

/** The cases of one Kejin server (`label` before each name when there are two). */
const casesOf = async (target, label) => {
  const auth = { cookie: await signIn(target) }
  const htmx = { ...auth, "HX-Request": "true" }
  const etag = await etagOf(target, htmx)
  return [
    [`${label}progress fragment (kept: 200 from memory)`, target, () => progress, htmx],
    // (A server without the cache gives no ETag: nothing to revalidate.)
    ...(etag === undefined
      ? []
      : [
          [
            `${label}progress fragment, If-None-Match (304)`,
            target,
            () => progress,
            { ...htmx, "If-None-Match": etag }
          ]
        ]),
    [
      `${label}progress fragment rendered afresh (a new query each time)`,
      target,
      (i) => `${progress}?n=${i}`,
      htmx
    ],
    [`${label}monthly chart fragment (kept)`, target, () => "/panels/patent-pledge/monthly", htmx],
    [
      `${label}monthly chart fragment rendered afresh`,
      target,
      (i) => `/panels/patent-pledge/monthly?n=${i}`,
      htmx
    ],
    [`${label}dashboard page (kept)`, target, () => "/", auth],
    [`${label}dashboard page rendered afresh`, target, (i) => `/?n=${i}`, auth]
  ]
}
const mine = await casesOf(server, other === undefined ? "" : "this: ")
const theirs = other === undefined ? [] : await casesOf(other, "compared: ")

// KEJIN_BENCH_ROUNDS (default 1): each case measured this many times, each time right after the bare app
// (and, with KEJIN_BENCH_COMPARE, the compared server's same case right after), so that all see about the
// same load; the figures are the sums over the rounds, each ratio against the bare app of the same rounds.
const ROUNDS = Number(process.env.KEJIN_BENCH_ROUNDS ?? 1)
console.log(
  `${CONNECTIONS} keep-alive connections, ${SECONDS} s each, ${ROUNDS} round(s)${compare === undefined ? "" : `, compared with ${compare}`}; the machine's load: ${os.loadavg()[0].toFixed(1)}`
)
// KEJIN_BENCH_CASES=text: only the cases whose name contains it (and the bare app).
const only = process.env.KEJIN_BENCH_CASES
const results = []
const line = (name, r, baseline) =>
  console.log(
    `${name.padEnd(68)} ${r.rps.toFixed(0).padStart(7)} req/s  ${(r.rps / baseline).toFixed(3)}×` +
      (r.cpuPerRequest === undefined ? "" : `  ${r.cpuPerRequest.toFixed(3)} ms CPU/request`) +
      `  ${JSON.stringify(r.statuses)}`
  )
/** Sums of several measurements of one case (requests/s over the rounds' time, CPU per request). */
const summed = (runs) => {
  const seconds = runs.reduce((sum, r) => sum + r.done / r.rps, 0)
  const done = runs.reduce((sum, r) => sum + r.done, 0)
  const cpu = runs.every((r) => r.cpuPerRequest !== undefined)
    ? runs.reduce((sum, r) => sum + r.cpuPerRequest * r.done, 0) / done
    : undefined
  const statuses = {}
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v
  return { first: runs[0].first, statuses, rps: done / seconds, cpuPerRequest: cpu, done }
}
const bareRuns = []
for (const [n, [name, target, path, headers]] of mine.entries()) {
  if (only !== undefined && !name.includes(only)) continue
  const pair = theirs[n]
  const runs = { bare: [], this: [], compared: [] }
  for (let round = 0; round < ROUNDS; round++) {
    runs.bare.push(await measure(bare, () => "/", {}))
    runs.this.push(await measure(target, path, headers))
    if (pair !== undefined) runs.compared.push(await measure(pair[1], pair[2], pair[3]))
  }
  bareRuns.push(...runs.bare)
  const baseline = summed(runs.bare)
  const entries = [
    ["bare Hono hello (the same rounds)", baseline],
    [name, summed(runs.this)],
    ...(pair === undefined ? [] : [[pair[0], summed(runs.compared)]])
  ]
  for (const [label, r] of entries) {
    results.push({
      name: label,
      ...r,
      ratio: r.rps / baseline.rps,
      cpuRatio: r.cpuPerRequest / baseline.cpuPerRequest
    })
    line(label, r, baseline.rps)
  }
}
const allBare = summed(bareRuns)
console.log(
  `bare Hono hello, all rounds: ${allBare.rps.toFixed(0)} req/s, ${allBare.cpuPerRequest?.toFixed(3)} ms CPU/request; load now ${os.loadavg()[0].toFixed(1)}`
)
writeFileSync(
  join(root, "bench", "results", "serve-latest.json"),
  `${JSON.stringify({ at: new Date().toISOString(), connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, compare, loadavg: os.loadavg()[0], results }, null, 2)}\n`
)
agent.destroy()
process.exit(0)
