// Start-up: how long `kejin serve` takes to its first answer, on a fresh SQLite store in a temporary
// directory. Spawns `node packages/server/dist/cli.js serve --port 0`, polls /healthz until it answers
// 200, and reports the wall time and the server process's CPU time up to then (from /proc, Linux only;
// the machine may be loaded by others, so the CPU time is the steadier figure). Run through `pnpm bench`
// (KEJIN_BENCH_ONLY=startup) or alone after `tsc -b` and `node packages/server/bundle.mjs`.
// KEJIN_BENCH_STARTUP_RUNS (default 5) runs. Each run starts `kejin` twice: from its one-file bundle
// (what dist/cli.js takes while the bundle is current) and from the compiled modules one by one
// (KEJIN_NO_BUNDLE=1), which is how it started before the bundle.
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const cli = join(root, "packages", "server", "dist", "cli.js")
const RUNS = Number(process.env.KEJIN_BENCH_STARTUP_RUNS ?? 5)
const ticksPerSecond = 100 // USER_HZ on Linux

/** utime + stime of a process in ms, or undefined where /proc is not there. */
const cpuMs = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
  } catch {
    return undefined
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** One start on the store in `dir` (created and migrated by this start if it is not there yet). */
const once = async (dir, env = {}) => {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [cli, "serve", "--port", "0", "--database", `sqlite:${join(dir, "k.db")}`],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env }
    }
  )
  let out = ""
  child.stdout.on("data", (chunk) => {
    out += chunk
  })
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${out}`)
      const port = /localhost:(\d+)\//.exec(out)?.[1]
      if (port !== undefined) {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined)
        if (response?.status === 200) {
          const wall = performance.now() - started
          return { wall, cpu: cpuMs(child.pid) }
        }
      }
      await sleep(2)
    }
  } finally {
    child.kill("SIGTERM")
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)))
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const report = (what, runs) => {
  const walls = runs.map((r) => r.wall)
  const cpus = runs.map((r) => r.cpu).filter((c) => c !== undefined)
  console.log(
    `kejin serve to its first answer, ${what} (${runs.length} runs): wall median ${median(walls).toFixed(0)} ms ` +
      `(min ${Math.min(...walls).toFixed(0)}, max ${Math.max(...walls).toFixed(0)})` +
      (cpus.length > 0 ? `, CPU median ${median(cpus).toFixed(0)} ms` : "")
  )
}

const bundled = JSON.parse(
  (() => {
    try {
      return readFileSync(join(root, "packages", "server", "dist", "bundle", "inputs.json"), "utf8")
    } catch {
      return "null"
    }
  })()
)
// As packages/server/src/cli.ts decides: the bundle is taken only while what it was made from is unchanged.
const bundleDir = join(root, "packages", "server", "dist", "bundle")
const current =
  bundled?.inputs.every(([path, size, mtimeMs]) => {
    const now = statSync(join(bundleDir, path), { throwIfNoEntry: false })
    return now !== undefined && now.size === size && now.mtimeMs === mtimeMs
  }) === true
if (!current) {
  console.log("no current bundle: run node packages/server/bundle.mjs (pnpm build) first")
  process.exit(1)
}
const ways = [
  ["from the bundle", {}],
  ["from the modules (KEJIN_NO_BUNDLE=1)", { KEJIN_NO_BUNDLE: "1" }]
]
const runs = ways.map(() => ({ fresh: [], existing: [] }))
for (let i = 0; i < RUNS; i++) {
  for (const [w, [, env]] of ways.entries()) {
    const dir = mkdtempSync(join(os.tmpdir(), "kejin-startup-"))
    try {
      runs[w].fresh.push(await once(dir, env))
      runs[w].existing.push(await once(dir, env))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
for (const [w, [way]] of ways.entries()) {
  report(`${way}, fresh SQLite store (migrations included)`, runs[w].fresh)
  report(`${way}, existing SQLite store`, runs[w].existing)
}
