import { spawnSync } from "node:child_process"
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"

/*
 * A PostgreSQL streaming replica of the test server (KEJIN_TEST_POSTGRES_URL), made for one test run:
 * `pg_basebackup -R` of the primary into a temporary folder, started on a free port with the same
 * binaries. The primary must accept replication connections from 127.0.0.1: when no line of its
 * pg_hba.conf names `replication`, one is added (trust for the postgres role from 127.0.0.1) and the
 * configuration reloaded — idempotent, and what `.ci/run` does too. Fails (never skips) when it cannot.
 */

export interface Replica {
  /** `postgres://…` of `database` on the replica (read-only). */
  readonly urlOf: (database: string) => string
  readonly port: number
  stop(): Promise<void>
}

const run = (command: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  // PostgreSQL's programs refuse to run as root: as the postgres user when this runs as root.
  const asPostgres = process.getuid?.() === 0
  const result = asPostgres
    ? spawnSync(
        "runuser",
        [
          "-u",
          "postgres",
          "--",
          "env",
          ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
          command,
          ...args
        ],
        {
          encoding: "utf8"
        }
      )
    : spawnSync(command, [...args], { encoding: "utf8", env: { ...process.env, ...env } })
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout}`
    )
  return result.stdout
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

/** The primary's binaries folder (`/usr/lib/postgresql/<major>/bin` on Debian), from its version. */
const binariesOf = async (client: pg.Client) => {
  const { rows } = await client.query<{ v: string }>("select current_setting('server_version_num') as v")
  const major = Math.floor(Number(rows[0]?.v) / 10000)
  const bin = `/usr/lib/postgresql/${major}/bin`
  if (!existsSync(join(bin, "pg_basebackup")))
    throw new Error(`no PostgreSQL ${major} binaries at ${bin}: install Debian's postgresql-${major}`)
  return bin
}

/** Lets 127.0.0.1 connect for replication when pg_hba.conf has no line for it (then reloads). */
const allowReplication = async (client: pg.Client) => {
  const settings = await client.query<{ name: string; setting: string }>(
    "select name, setting from pg_settings where name in ('wal_level', 'max_wal_senders', 'hba_file')"
  )
  const setting = (name: string) =>
    settings.rows.find((r: { name: string }) => r.name === name)?.setting ?? ""
  if (setting("wal_level") === "minimal" || Number(setting("max_wal_senders")) < 2)
    throw new Error(
      `the primary cannot stream to a replica: wal_level=${setting("wal_level")}, max_wal_senders=${setting("max_wal_senders")} (set wal_level=replica and max_wal_senders ≥ 2, then restart it)`
    )
  const file = setting("hba_file")
  const lines = readFileSync(file, "utf8").split("\n")
  const names = lines.some((line) => /^\s*host\w*\s+(\S*,)?replication\b/.test(line))
  if (names) return
  appendFileSync(
    file,
    "\n# kejin multi-server test: a streaming replica on this machine\nhost replication postgres 127.0.0.1/32 trust\n"
  )
  await client.query("select pg_reload_conf()")
}

/**
 * Drops `slot`; without one, the inactive slots this test made more than an hour ago (`kejin_test_<ms>_…`)
 * and left behind (a run killed before its teardown): they would hold WAL on the primary for ever.
 */
const dropSlots = async (primaryUrl: string, slot?: string) => {
  const client = new pg.Client({ connectionString: primaryUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ slot_name: string; active: boolean }>(
      "select slot_name, active from pg_replication_slots where slot_name like 'kejin\\_test\\_%'"
    )
    const stale = (name: string) =>
      Number(/^kejin_test_(\d+)_/.exec(name)?.[1] ?? Date.now()) < Date.now() - 3_600_000
    for (const row of rows) {
      if (slot === undefined ? !row.active && stale(row.slot_name) : row.slot_name === slot)
        await client.query("select pg_drop_replication_slot($1)", [row.slot_name]).catch(() => undefined)
    }
  } finally {
    await client.end()
  }
}

export const startReplica = async (primaryUrl: string): Promise<Replica> => {
  const primary = new URL(primaryUrl)
  const client = new pg.Client({ connectionString: primaryUrl })
  await client.connect()
  let bin: string
  try {
    bin = await binariesOf(client)
    await allowReplication(client)
  } finally {
    await client.end()
  }
  // Slots of earlier runs that ended without their teardown hold WAL on the primary: dropped.
  await dropSlots(primaryUrl)
  if (bin === undefined) throw new Error("unreachable")
  let slot = `kejin_test_${Date.now()}_${process.pid}`
  const dir = mkdtempSync(join(tmpdir(), "kejin-replica-"))
  chmodSync(dir, 0o777)
  const data = join(dir, "data")
  const port = await freePort()
  const env: Record<string, string> = primary.password
    ? { PGPASSWORD: decodeURIComponent(primary.password) }
    : {}
  const stop = async () => {
    if (existsSync(join(data, "postmaster.pid"))) {
      try {
        run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"])
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true })
    await dropSlots(primaryUrl, slot)
  }
  const baseBackup = () =>
    run(
      join(bin, "pg_basebackup"),
      [
        "-h",
        primary.hostname,
        "-p",
        primary.port || "5432",
        "-U",
        decodeURIComponent(primary.username || "postgres"),
        "-D",
        data,
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        // A slot keeps the WAL the replica has yet to stream (a busy primary recycles it otherwise).
        "-C",
        "-S",
        slot
      ],
      env
    )
  try {
    // A busy server may end the backup's stream (another run's clean-up terminating connections): again,
    // with a new slot (the failed one dropped), up to three times.
    for (let attempt = 1; ; attempt++) {
      try {
        baseBackup()
        break
      } catch (error) {
        await dropSlots(primaryUrl, slot)
        rmSync(data, { recursive: true, force: true })
        if (attempt >= 3) throw error
        slot = `kejin_test_${Date.now()}_${process.pid}`
      }
    }
    // Debian keeps the configuration outside the data folder: the replica gets its own.
    writeFileSync(
      join(data, "postgresql.conf"),
      [
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        "hot_standby = on",
        "max_connections = 100",
        "shared_buffers = 32MB",
        "fsync = off",
        ""
      ].join("\n")
    )
    // Where it streams from, password included when the primary asks for one (-R leaves that to a passfile).
    const conninfo = [
      `host=${primary.hostname}`,
      `port=${primary.port || "5432"}`,
      `user=${decodeURIComponent(primary.username || "postgres")}`,
      ...(primary.password ? [`password=${decodeURIComponent(primary.password)}`] : [])
    ].join(" ")
    writeFileSync(
      join(data, "postgresql.auto.conf"),
      `primary_conninfo = '${conninfo.replaceAll("'", "''")}'\nprimary_slot_name = '${slot}'\n`
    )
    writeFileSync(join(data, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n")
    writeFileSync(join(data, "pg_ident.conf"), "")
    if (process.getuid?.() === 0) spawnSync("chown", ["-R", "postgres:postgres", data])
    run(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "replica.log"), "-w", "-t", "60", "start"])
  } catch (error) {
    const log = existsSync(join(dir, "replica.log")) ? readFileSync(join(dir, "replica.log"), "utf8") : ""
    await stop()
    throw new Error(`${(error as Error).message}\n${log}`)
  }
  return {
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop
  }
}
