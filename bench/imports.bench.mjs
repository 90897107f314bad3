// Import benchmark: a CSV of KEJIN_BENCH_IMPORT_ROWS pledge registrations (Chinese headers, amounts in
// 万元, as a bank or CNIPA sends them) imported through the core's import engine (`kejin import`: reader,
// header mapping, cell parsing, the input Schema, the pledge rules, one journal entry), against a
// baseline run in the same process: raw better-sqlite3 reading the same file with csv-parse and
// inserting each row with one prepared INSERT into a table of the same columns, in one transaction.
// The import's peak RSS is measured in a child process of its own (`--child`), so that generating the
// file and the baseline do not count. Results: bench/results/imports-latest.json.
// With KEJIN_TEST_POSTGRES_URL set, the import runs on PostgreSQL too: the first KEJIN_BENCH_IMPORT_PG_ROWS
// rows (default 20,000; comma-separated for several sizes) into a fresh database each, against a baseline of
// the same rows inserted raw (`insert … select from unnest`) into a table of the same columns, one transaction.
// KEJIN_BENCH_IMPORT_OUT names the results file instead (e.g. imports-1m.json beside imports-100k.json).
// The import and a replay of every row it stored run in rounds (KEJIN_BENCH_IMPORT_ROUNDS, default 3 when the
// replay runs): the figures are medians, each round kept (see the replay below).
import { spawnSync } from "node:child_process"
import { once } from "node:events"
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { openKejin, openRows } from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import Database from "better-sqlite3"
import { parse } from "csv-parse"

const here = dirname(fileURLToPath(import.meta.url))

/**
 * PostgreSQL: the CPU seconds (user + system, from /proc) the server's backends of database `name` have used
 * so far, read through a connection of their own (left out). The server runs on this machine; on a loaded
 * machine its CPU time is steadier than the wall time.
 */
const serverCpuSeconds = async (client, name) => {
  const { rows } = await client.query(
    "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [name]
  )
  let ticks = 0
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {}
  }
  return ticks / 100
}

if (process.argv[2] === "--child") {
  const [, , , file, database] = process.argv
  const url = database.startsWith("postgres") ? database : `sqlite:${database}`
  const kejin = await openKejin({ database: url, clock: { today: "2026-12-06" } })
  // PostgreSQL: the server's CPU time for the import (its backends of the database), from here to the end.
  const postgres = url.startsWith("postgres")
  const probe = postgres
    ? new (createRequire(import.meta.resolve("@kejin/core"))("pg").Client)({ connectionString: url })
    : undefined
  await probe?.connect()
  const databaseName = postgres ? new URL(url).pathname.slice(1) : undefined
  const serverCpuStarted = postgres ? await serverCpuSeconds(probe, databaseName) : 0
  // The main thread's own CPU time (/proc, Linux): the process's also counts V8's parallel GC threads.
  const mainThreadCpu = () => {
    try {
      const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1].split(" ")
      return (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      return Number.NaN
    }
  }
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  const mainCpuStarted = mainThreadCpu()
  const problems = []
  const summary = await kejin.imports.run({
    kind: "pledges",
    rows: (await openRows(file)).rows,
    file,
    onRow: (o) => {
      if (o.status !== "ok" && problems.length < 3)
        problems.push({ row: o.rowNo, status: o.status, issues: o.issues })
    }
  })
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStarted)
  const mainCpu = mainThreadCpu() - mainCpuStarted
  const serverCpu = postgres ? (await serverCpuSeconds(probe, databaseName)) - serverCpuStarted : undefined
  await probe?.end()
  await kejin.close()
  console.log(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      mainThreadCpuSeconds: mainCpu,
      serverCpuSeconds: serverCpu,
      ok: summary.ok,
      rows: summary.rows,
      errors: summary.errors,
      conflicts: summary.conflicts,
      identical: summary.identical,
      committed: summary.committed,
      problems,
      maxRssMiB: process.resourceUsage().maxRSS / 1024
    })
  )
  process.exit(0)
}

const raw = process.env.KEJIN_BENCH_IMPORT_ROWS
const ROWS = raw === undefined || raw.trim() === "" ? 100_000 : Number(raw.replaceAll("_", ""))
if (!Number.isInteger(ROWS) || ROWS < 1) {
  console.error(`KEJIN_BENCH_IMPORT_ROWS must be a whole number of at least 1, got ${JSON.stringify(raw)}`)
  process.exit(1)
}
const fmt = (n) => Math.round(n).toLocaleString("en-US")
const dir = mkdtempSync(join(os.tmpdir(), "kejin-import-bench-"))
const file = join(dir, "pledges.csv")

// The file, written batch by batch (the demo generator is deterministic): amounts in a 万元 column.
console.log(`writing ${fmt(ROWS)} rows to ${file}`)
const out = createWriteStream(file)
out.write("\uFEFF登记号,统一社会信用代码,出质人,区县,质权人,专利号,质押金额(万元),登记日期\n")
const quote = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)
const wan = (amount) => {
  const [whole, fen = "00"] = amount.split(".")
  const padded = whole.padStart(5, "0")
  return `${padded.slice(0, -4).replace(/^0+(?=\d)/, "")}.${padded.slice(-4)}${fen}`.replace(/\.?0+$/, "")
}
// One generator call: its registration numbers and patents are unique across the whole set (separate calls
// may pledge the same patent twice, which the import rightly refuses), all registered within the plan's years.
for (const p of demoPledges({ count: ROWS, from: "2025-01-01", to: "2026-11-30", seed: 1 })) {
  const line = [
    p.registrationNo,
    p.pledgor.uscc,
    quote(p.pledgor.name),
    p.pledgor.district,
    quote(p.pledgee.name),
    p.patents.join(";"),
    wan(p.amount),
    p.registeredOn
  ].join(",")
  if (!out.write(`${line}\n`)) await once(out, "drain")
}
out.end()
await once(out, "finish")

// Baseline: the same file, csv-parse and one prepared INSERT per row, one transaction.
// Both baselines open their files as Kejin opens its store (WAL, synchronous NORMAL, a 64 MiB page cache).
const pragmas = (db) => {
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = NORMAL")
  db.pragma("cache_size = -65536")
}
const baseDb = new Database(join(dir, "baseline.db"))
pragmas(baseDb)
baseDb.exec(`create table pledges (id integer primary key, registration_no text unique not null, pledgor_uscc text not null,
  pledgor_name text not null, district text not null, pledgee text not null, patents text not null, amount_fen integer not null,
  registered_on text not null)`)
const insert = baseDb.prepare(
  "insert into pledges (registration_no, pledgor_uscc, pledgor_name, district, pledgee, patents, amount_fen, registered_on) values (?, ?, ?, ?, ?, ?, ?, ?)"
)
const cpuOf = (since) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}
const started = performance.now()
const baseCpuStarted = process.cpuUsage()
baseDb.exec("begin")
let first = true
for await (const r of createReadStream(file).pipe(parse({ bom: true }))) {
  if (first) {
    first = false
    continue
  }
  const [whole, frac = ""] = r[6].split(".")
  insert.run(
    r[0],
    r[1],
    r[2],
    r[3],
    r[4],
    r[5],
    BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, "0")),
    r[7]
  )
}
baseDb.exec("commit")
const baseline = (performance.now() - started) / 1000
const baselineCpu = cpuOf(baseCpuStarted)
baseDb.close()
console.log(
  `baseline (csv-parse + prepared INSERT): ${baseline.toFixed(1)} s, ${fmt(ROWS / baseline)} rows/s`
)

// Second baseline: the same rows inserted raw into Kejin's own tables (pledges, pledge_patents,
// pledge_live_numbers, with every index the store keeps on them), one prepared INSERT per row and patent,
// one transaction — the storage floor of the records alone, without the journal, the import's rows, the
// per-enterprise caches or any check.
const storeFile = join(dir, "store-baseline.db")
await (await openKejin({ database: `sqlite:${storeFile}`, clock: { today: "2026-12-06" } })).close()
const storeDb = new Database(storeFile)
pragmas(storeDb)
storeDb.pragma("foreign_keys = OFF")
const insertPledge = storeDb.prepare(
  `insert into pledges (registration_no, pledgor_uscc, pledgor_name, pledgor_district, pledgee_name, amount_fen,
    registered_on, journal_id, patent_count) values (?, ?, ?, ?, ?, ?, ?, 1, ?)`
)
const insertPatent = storeDb.prepare("insert into pledge_patents (pledge_id, patent_no) values (?, ?)")
const insertNumber = storeDb.prepare(
  "insert into pledge_live_numbers (registration_no, pledge_id) values (?, ?)"
)
const storeStarted = performance.now()
const storeCpuStarted = process.cpuUsage()
storeDb.exec("begin")
first = true
for await (const r of createReadStream(file).pipe(parse({ bom: true }))) {
  if (first) {
    first = false
    continue
  }
  const [whole, frac = ""] = r[6].split(".")
  const patents = r[5].split(";")
  const { lastInsertRowid } = insertPledge.run(
    r[0],
    r[1],
    r[2],
    r[3],
    r[4],
    BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, "0")),
    r[7],
    patents.length
  )
  for (const patent of patents) insertPatent.run(lastInsertRowid, patent)
  insertNumber.run(r[0], lastInsertRowid)
}
storeDb.exec("commit")
const storeBaseline = (performance.now() - storeStarted) / 1000
const storeBaselineCpu = cpuOf(storeCpuStarted)
storeDb.close()
console.log(
  `store baseline (the same rows raw into Kejin's tables and indexes): ${storeBaseline.toFixed(1)} s, ${fmt(ROWS / storeBaseline)} rows/s`
)

// The import, in a child process of its own for its peak memory.
const importInChild = (database) => {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", file, database], {
    encoding: "utf8",
    maxBuffer: 1 << 20
  })
  if (child.status !== 0) {
    console.error(child.stderr)
    process.exit(1)
  }
  const imported = JSON.parse(child.stdout.trim().split("\n").at(-1))
  if (imported.ok !== ROWS || !imported.committed) {
    console.error(`the import did not record every row: ${JSON.stringify(imported)}`)
    process.exit(1)
  }
  return imported
}

// Third baseline: every row the import stored (the registrations, patents and live numbers, `import_rows`, the
// journal entry and its `journal_records`, the per-enterprise caches, the figures' aggregates), read back from
// the import's store before timing and inserted raw, one prepared INSERT per row and table, into a freshly
// migrated store with the same schema and indexes, one transaction: SQLite's own cost of the same writes, so
// import ÷ replay is what the import's reading, checks, lookups and journal cost over the rows it writes.
// Kept in memory, so only up to KEJIN_BENCH_IMPORT_REPLAY_ROWS (default 200,000) rows.
const replayLimit = Number(process.env.KEJIN_BENCH_IMPORT_REPLAY_ROWS ?? "200000")
const replayOf = async (imported, round) => {
  const freshFile = join(dir, `replay-${round}.db`)
  await (await openKejin({ database: `sqlite:${freshFile}`, clock: { today: "2026-12-06" } })).close()
  const source = new Database(imported, { readonly: true })
  source.defaultSafeIntegers(true)
  source.exec(`attach database '${freshFile}' as fresh`)
  const tables = source
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by rootpage"
    )
    .all()
    .map((t) => t.name)
  const written = []
  for (const table of tables) {
    const columns = source
      .prepare(`select name from pragma_table_info('${table}')`)
      .all()
      .map((c) => c.name)
    const list = columns.map((c) => `"${c}"`).join(", ")
    const rows = source
      .prepare(`select ${list} from main."${table}" except select ${list} from fresh."${table}"`)
      .raw(true)
      .all()
    if (rows.length > 0) written.push({ table, list, placeholders: columns.map(() => "?").join(", "), rows })
  }
  source.close()
  const replayDb = new Database(freshFile)
  pragmas(replayDb)
  replayDb.defaultSafeIntegers(true)
  replayDb.pragma("foreign_keys = OFF")
  const inserts = written.map((w) => ({
    ...w,
    statement: replayDb.prepare(`insert or replace into "${w.table}" (${w.list}) values (${w.placeholders})`)
  }))
  const replayStarted = performance.now()
  const replayCpuStarted = process.cpuUsage()
  replayDb.exec("begin")
  for (const { statement, rows } of inserts) for (const row of rows) statement.run(row)
  replayDb.exec("commit")
  const replayed = {
    name: "every row the import stored, raw into a fresh store (same schema and indexes), one transaction",
    seconds: (performance.now() - replayStarted) / 1000,
    cpuSeconds: cpuOf(replayCpuStarted),
    rows: Object.fromEntries(written.map((w) => [w.table, w.rows.length]))
  }
  replayDb.close()
  rmSync(freshFile, { force: true })
  console.log(
    `replay baseline (every row the import stored, ${fmt(written.reduce((n, w) => n + w.rows.length, 0))} in ${written.length} tables): ${replayed.seconds.toFixed(1)} s`
  )
  return replayed
}

// Rounds of the import and its replay, one after the other (KEJIN_BENCH_IMPORT_ROUNDS; default 3 when the
// replay runs, else 1): on a shared machine either may be slowed by a neighbour, so the figures are the
// medians of the rounds' ratios, each round's own kept beside them.
const rounds = Number(process.env.KEJIN_BENCH_IMPORT_ROUNDS ?? (ROWS <= replayLimit ? "3" : "1"))
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const runs = []
for (let round = 0; round < rounds; round++) {
  const database = join(dir, `kejin-${round}.db`)
  const imported = importInChild(database)
  console.log(
    `kejin import (round ${round + 1} of ${rounds}): ${imported.seconds.toFixed(1)} s, ${imported.cpuSeconds.toFixed(1)} s CPU, peak RSS ${fmt(imported.maxRssMiB)} MiB`
  )
  const replayed = ROWS <= replayLimit ? await replayOf(database, round) : undefined
  for (const f of [database, `${database}-wal`, `${database}-shm`]) rmSync(f, { force: true })
  runs.push({
    kejin: {
      seconds: imported.seconds,
      cpuSeconds: imported.cpuSeconds,
      mainThreadCpuSeconds: imported.mainThreadCpuSeconds,
      maxRssMiB: imported.maxRssMiB
    },
    ...(replayed === undefined
      ? {}
      : {
          replay: { seconds: replayed.seconds, cpuSeconds: replayed.cpuSeconds, rows: replayed.rows },
          replayThroughputRatio: replayed.seconds / imported.seconds,
          replayCpuRatio: replayed.cpuSeconds / imported.cpuSeconds,
          replayMainThreadCpuRatio: replayed.cpuSeconds / imported.mainThreadCpuSeconds
        })
  })
}
const kejin = {
  seconds: median(runs.map((r) => r.kejin.seconds)),
  cpuSeconds: median(runs.map((r) => r.kejin.cpuSeconds)),
  mainThreadCpuSeconds: median(runs.map((r) => r.kejin.mainThreadCpuSeconds)),
  maxRssMiB: Math.max(...runs.map((r) => r.kejin.maxRssMiB))
}
const replay =
  runs[0].replay === undefined
    ? undefined
    : {
        name: "every row the import stored, raw into a fresh store (same schema and indexes), one transaction",
        seconds: median(runs.map((r) => r.replay.seconds)),
        cpuSeconds: median(runs.map((r) => r.replay.cpuSeconds)),
        rows: runs[0].replay.rows
      }
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ")}`,
  rows: ROWS,
  baseline: {
    name: "csv-parse + raw better-sqlite3 prepared INSERT, one transaction",
    seconds: baseline,
    cpuSeconds: baselineCpu,
    rowsPerSecond: ROWS / baseline
  },
  storeBaseline: {
    name: "the same rows raw into Kejin's pledges, pledge_patents and pledge_live_numbers (their indexes), one transaction",
    seconds: storeBaseline,
    cpuSeconds: storeBaselineCpu,
    rowsPerSecond: ROWS / storeBaseline
  },
  kejin: {
    name: "kejin import pledges (all or nothing)",
    seconds: kejin.seconds,
    cpuSeconds: kejin.cpuSeconds,
    mainThreadCpuSeconds: kejin.mainThreadCpuSeconds,
    rowsPerSecond: ROWS / kejin.seconds,
    maxRssMiB: kejin.maxRssMiB
  },
  ...(replay === undefined ? {} : { replayBaseline: replay }),
  rounds: runs,
  throughputRatio: baseline / kejin.seconds,
  storeThroughputRatio: storeBaseline / kejin.seconds,
  // CPU time is steadier than wall time on a busy machine: the same ratios by CPU seconds.
  cpuRatio: baselineCpu / kejin.cpuSeconds,
  storeCpuRatio: storeBaselineCpu / kejin.cpuSeconds,
  ...(replay === undefined
    ? {}
    : {
        replayThroughputRatio: median(runs.map((r) => r.replayThroughputRatio)),
        replayCpuRatio: median(runs.map((r) => r.replayCpuRatio)),
        // The replay runs on one thread and allocates next to nothing; the import's main thread alone.
        replayMainThreadCpuRatio: median(runs.map((r) => r.replayMainThreadCpuRatio))
      })
}
console.log(
  `kejin import (median of ${rounds}): ${kejin.seconds.toFixed(1)} s, ${fmt(ROWS / kejin.seconds)} rows/s, peak RSS ${fmt(kejin.maxRssMiB)} MiB`
)
console.log(
  `throughput, import ÷ baseline: ${result.throughputRatio.toFixed(3)}; import ÷ store baseline: ${result.storeThroughputRatio.toFixed(3)}; by CPU time ${result.cpuRatio.toFixed(3)} and ${result.storeCpuRatio.toFixed(3)}`
)
if (replay !== undefined)
  console.log(
    `import ÷ replay of its own rows (median of ${rounds} rounds; issue 11 asks for at least 0.6): ${result.replayThroughputRatio.toFixed(3)} by wall time, ${result.replayCpuRatio.toFixed(3)} by CPU time (${result.replayMainThreadCpuRatio.toFixed(3)} by the import's main thread's)`
  )

// PostgreSQL: the first rows of the file, imported into a fresh database each, against raw arrays inserted.
const pgUrl = process.env.KEJIN_TEST_POSTGRES_URL
if (pgUrl) {
  const pg = createRequire(import.meta.resolve("@kejin/core"))("pg")
  const sizes = (process.env.KEJIN_BENCH_IMPORT_PG_ROWS ?? "20000")
    .split(",")
    .map((n) => Number(n.trim().replaceAll("_", "")))
    .filter((n) => Number.isInteger(n) && n > 0)
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  result.postgres = []
  for (const size of sizes.map((n) => Math.min(n, ROWS))) {
    // The first `size` rows as a file of their own.
    const part = join(dir, `pledges-${size}.csv`)
    const partOut = createWriteStream(part)
    let lines = 0
    let header = true
    const rows = []
    for await (const r of createReadStream(file).pipe(parse({ bom: true, relax_quotes: true }))) {
      const line = `${r.map(quote).join(",")}\n`
      if (!partOut.write(header ? `\uFEFF${line}` : line)) await once(partOut, "drain")
      if (!header) rows.push(r)
      header = false
      if (++lines > size) break
    }
    partOut.end()
    await once(partOut, "finish")
    const name = `kejin_bench_import_${process.pid}_${size}`
    const urlOf = (db) => {
      const u = new URL(pgUrl)
      u.pathname = `/${db}`
      return u.toString()
    }
    // Baseline: the same rows as arrays into a table of the same columns, one statement per 20,000 rows.
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
    const raw = new pg.Client({ connectionString: urlOf(name) })
    await raw.connect()
    await raw.query(`create table pledges (id bigint generated always as identity primary key,
      registration_no text unique not null, pledgor_uscc text not null, pledgor_name text not null,
      district text not null, pledgee text not null, patents text not null, amount_fen bigint not null,
      registered_on text not null)`)
    const {
      rows: [{ pid: rawPid }]
    } = await raw.query("select pg_backend_pid() as pid")
    const procCpu = (pid) => {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
      return (Number(fields[11]) + Number(fields[12])) / 100
    }
    const rawServerCpuStarted = procCpu(rawPid)
    const pgStarted = performance.now()
    const pgCpuStarted = process.cpuUsage()
    await raw.query("begin")
    for (let start = 0; start < rows.length; start += 20_000) {
      const slice = rows.slice(start, start + 20_000)
      const column = (i, f = (v) => v) => slice.map((r) => f(r[i]))
      await raw.query(
        `insert into pledges (registration_no, pledgor_uscc, pledgor_name, district, pledgee, patents, amount_fen, registered_on)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])`,
        [
          column(0),
          column(1),
          column(2),
          column(3),
          column(4),
          column(5),
          column(6, (v) => {
            const [whole, frac = ""] = v.split(".")
            return (BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, "0"))).toString()
          }),
          column(7)
        ]
      )
    }
    await raw.query("commit")
    const pgBaseline = (performance.now() - pgStarted) / 1000
    const pgBaselineCpu = cpuOf(pgCpuStarted) + procCpu(rawPid) - rawServerCpuStarted
    await raw.end()
    await admin.query(`drop database ${name}`)
    // The import, in a child process, into a fresh database.
    await admin.query(`create database ${name}`)
    const pgChild = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", part, urlOf(name)],
      {
        encoding: "utf8",
        maxBuffer: 1 << 20
      }
    )
    await admin.query(`drop database if exists ${name} with (force)`)
    if (pgChild.status !== 0) {
      console.error(pgChild.stderr)
      process.exit(1)
    }
    const imported = JSON.parse(pgChild.stdout.trim().split("\n").at(-1))
    if (imported.ok !== size || !imported.committed) {
      console.error(`the PostgreSQL import did not record every row: ${JSON.stringify(imported)}`)
      process.exit(1)
    }
    const figure = {
      rows: size,
      baseline: {
        name: "raw pg: insert … select from unnest of the same rows, one transaction",
        seconds: pgBaseline,
        cpuSeconds: pgBaselineCpu,
        rowsPerSecond: size / pgBaseline
      },
      kejin: {
        name: "kejin import pledges on PostgreSQL (all or nothing)",
        seconds: imported.seconds,
        cpuSeconds: imported.cpuSeconds,
        serverCpuSeconds: imported.serverCpuSeconds,
        rowsPerSecond: size / imported.seconds,
        maxRssMiB: imported.maxRssMiB
      },
      throughputRatio: pgBaseline / imported.seconds,
      // Node's CPU time and the server's (its backends of the database), both sides.
      cpuRatio: pgBaselineCpu / (imported.cpuSeconds + imported.serverCpuSeconds)
    }
    result.postgres.push(figure)
    console.log(
      `PostgreSQL, ${fmt(size)} rows: baseline ${pgBaseline.toFixed(1)} s (${fmt(size / pgBaseline)} rows/s); kejin import ${imported.seconds.toFixed(1)} s, ${fmt(size / imported.seconds)} rows/s, peak RSS ${fmt(imported.maxRssMiB)} MiB; ratio ${figure.throughputRatio.toFixed(3)}; CPU (node + server) ${(imported.cpuSeconds + imported.serverCpuSeconds).toFixed(1)} s against ${pgBaselineCpu.toFixed(1)} s, ratio ${figure.cpuRatio.toFixed(3)}`
    )
  }
  await admin.end()
}

mkdirSync(join(here, "results"), { recursive: true })
writeFileSync(
  join(here, "results", process.env.KEJIN_BENCH_IMPORT_OUT ?? "imports-latest.json"),
  `${JSON.stringify(result, null, 2)}\n`
)
if (!process.env.KEJIN_BENCH_KEEP) rmSync(dir, { recursive: true, force: true })
