import { spawnSync } from "node:child_process"
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/*
 * pgbouncer in transaction pooling in front of the test's PostgreSQL server, as docs/deploy.md sets it
 * up: every transaction may run on another server connection, so nothing of a session survives from
 * one to the next. Debian's `pgbouncer` (installed here when missing and this runs as root, as `.ci/run`
 * does); fails, never skips, when it cannot be had.
 */

export interface Bouncer {
  /** `postgres://…` of `database` through pgbouncer. */
  readonly urlOf: (database: string) => string
  stop(): Promise<void>
}

const binary = "/usr/sbin/pgbouncer"

const install = () => {
  if (existsSync(binary)) return
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get"))
    throw new Error(`no ${binary}: install Debian's pgbouncer (apt-get install -y pgbouncer)`)
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  let result = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "pgbouncer"], {
    env,
    encoding: "utf8"
  })
  if (result.status !== 0) {
    spawnSync("apt-get", ["update"], { env })
    result = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "pgbouncer"], {
      env,
      encoding: "utf8"
    })
  }
  if (result.status !== 0 || !existsSync(binary))
    throw new Error(`apt-get install pgbouncer failed: ${result.stderr}`)
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

export const startBouncer = async (serverUrl: string): Promise<Bouncer> => {
  install()
  const server = new URL(serverUrl)
  const dir = mkdtempSync(join(tmpdir(), "kejin-pgbouncer-"))
  chmodSync(dir, 0o777)
  const port = await freePort()
  const user = decodeURIComponent(server.username || "postgres")
  const password = server.password ? ` password=${decodeURIComponent(server.password)}` : ""
  writeFileSync(
    join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || "5432"} user=${user}${password}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = trust",
      `auth_file = ${join(dir, "users.txt")}`,
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 8",
      // Kejin's pool asks for `-c jit=off` at start-up, which pgbouncer cannot pass on (docs/deploy.md).
      "ignore_startup_parameters = extra_float_digits, options",
      `logfile = ${join(dir, "pgbouncer.log")}`,
      `pidfile = ${join(dir, "pgbouncer.pid")}`,
      ""
    ].join("\n")
  )
  writeFileSync(join(dir, "users.txt"), `"${user}" ""\n`)
  const root = process.getuid?.() === 0
  if (root) spawnSync("chown", ["-R", "postgres:postgres", dir])
  const args = ["-d", join(dir, "pgbouncer.ini")]
  const started = root
    ? spawnSync("runuser", ["-u", "postgres", "--", binary, ...args], { encoding: "utf8" })
    : spawnSync(binary, args, { encoding: "utf8" })
  const pidFile = join(dir, "pgbouncer.pid")
  for (let i = 0; i < 100 && !existsSync(pidFile); i++)
    await new Promise((resolve) => setTimeout(resolve, 50))
  if (started.status !== 0 || !existsSync(pidFile)) {
    const log = existsSync(join(dir, "pgbouncer.log")) ? readFileSync(join(dir, "pgbouncer.log"), "utf8") : ""
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`pgbouncer did not start (${started.status}): ${started.stderr}\n${log}`)
  }
  return {
    urlOf: (database) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      const pid = Number(readFileSync(pidFile, "utf8").trim())
      try {
        process.kill(pid, "SIGTERM")
      } catch {}
      for (let i = 0; i < 100 && existsSync(pidFile); i++)
        await new Promise((resolve) => setTimeout(resolve, 50))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
