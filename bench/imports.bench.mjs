// Import benchmark: a CSV of KEJIN_BENCH_IMPORT_ROWS pledge registrations (Chinese headers, amounts in
// 万元, as a bank or CNIPA sends them) imported through the core's import engine (`kejin import`: reader,
// header mapping, cell parsing, the input Schema, the pledge rules, one journal entry), against a
// baseline run in the same process: raw better-sqlite3 reading the same file with csv-parse and
// inserting each row with one prepared INSERT into a table of the same columns, in one transaction.
// The import's peak RSS is measured in a child process of its own (`--child`), so that generating the
// file and the baseline do not count. Results: bench/results/imports-latest.json.
import { spawnSync } from "node:child_process"
import { once } from "node:events"
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { openKejin, openRows } from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import Database from "better-sqlite3"
import { parse } from "csv-parse"

const here = dirname(fileURLToPath(import.meta.url))

if (process.argv[2] === "--child") {
  const [, , , file, database] = process.argv
  const kejin = await openKejin({ database: `sqlite:${database}`, clock: { today: "2026-12-06" } })
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
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
  await kejin.close()
  console.log(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
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
const child = spawnSync(
  process.execPath,
  [fileURLToPath(import.meta.url), "--child", file, join(dir, "kejin.db")],
  {
    encoding: "utf8",
    maxBuffer: 1 << 20
  }
)
if (child.status !== 0) {
  console.error(child.stderr)
  process.exit(1)
}
const kejin = JSON.parse(child.stdout.trim().split("\n").at(-1))
if (kejin.ok !== ROWS || !kejin.committed) {
  console.error(`the import did not record every row: ${JSON.stringify(kejin)}`)
  process.exit(1)
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
    rowsPerSecond: ROWS / kejin.seconds,
    maxRssMiB: kejin.maxRssMiB
  },
  throughputRatio: baseline / kejin.seconds,
  storeThroughputRatio: storeBaseline / kejin.seconds,
  // CPU time is steadier than wall time on a busy machine: the same ratios by CPU seconds.
  cpuRatio: baselineCpu / kejin.cpuSeconds,
  storeCpuRatio: storeBaselineCpu / kejin.cpuSeconds
}
console.log(
  `kejin import: ${kejin.seconds.toFixed(1)} s, ${fmt(ROWS / kejin.seconds)} rows/s, peak RSS ${fmt(kejin.maxRssMiB)} MiB`
)
console.log(
  `throughput, import ÷ baseline: ${result.throughputRatio.toFixed(3)} (the issue asks for at least 0.6); import ÷ store baseline: ${result.storeThroughputRatio.toFixed(3)}; by CPU time ${result.cpuRatio.toFixed(3)} and ${result.storeCpuRatio.toFixed(3)}`
)
mkdirSync(join(here, "results"), { recursive: true })
writeFileSync(join(here, "results", "imports-latest.json"), `${JSON.stringify(result, null, 2)}\n`)
if (!process.env.KEJIN_BENCH_KEEP) rmSync(dir, { recursive: true, force: true })
