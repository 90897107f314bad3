// Pledge benchmarks: the core's Promise API against raw better-sqlite3 on the same machine, in the
// same process run. Run through `pnpm bench` (which builds the core first); see bench/README.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { demoPledges, openKejin } from "@kejin/core"
import Database from "better-sqlite3"
import { Bench } from "tinybench"

const here = dirname(fileURLToPath(import.meta.url))

const envInt = (name, fallback) => {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === "") return fallback
  const value = Number(raw.replaceAll("_", ""))
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of at least 1, got ${JSON.stringify(raw)}`)
    process.exit(1)
  }
  return value
}

const ROWS = envInt("KEJIN_BENCH_ROWS", 100_000)
/** Measured iterations of each write task (each one writes ROWS rows into a fresh file). */
const WRITE_ITERATIONS = envInt("KEJIN_BENCH_WRITE_ITERATIONS", ROWS > 20_000 ? 3 : 5)
const YEAR = { from: "2026-01-01", to: "2026-12-31" }
const SEED = 1

const gc = () => globalThis.gc?.()
const fmtInt = (n) => Math.round(n).toLocaleString("en-US")
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 1 : 3)} ms`)
const fmtRatio = (r) => `${r.toFixed(r >= 10 ? 1 : 2)}×`

const scratch = mkdtempSync(join(os.tmpdir(), "kejin-bench-"))
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }))
let fileCounter = 0
/** A fresh directory for one database file; returns the file path. */
const freshFile = () => {
  const dir = join(scratch, String(++fileCounter))
  mkdirSync(dir)
  return join(dir, "kejin.db")
}
const removeFile = (file) => rmSync(dirname(file), { recursive: true, force: true })

/** The same connection settings as the core's SQLite store (packages/core/src/store/database.ts). */
const openRaw = (file) => {
  const db = new Database(file)
  db.pragma("journal_mode = WAL")
  db.pragma("foreign_keys = ON")
  db.pragma("busy_timeout = 5000")
  db.pragma("synchronous = NORMAL")
  db.defaultSafeIntegers(true)
  return db
}

// ── Inputs, generated once, outside every timing ─────────────────────────────────────────────────
console.log(`generating ${fmtInt(ROWS)} demo pledges (seed ${SEED})`)
const inputs = demoPledges({ count: ROWS, from: "2025-01-01", to: "2027-12-31", seed: SEED })
const fenOf = (amount) => BigInt(amount.replace(".", ""))
/** The baseline's rows: the values the core writes, already converted (the baseline is the floor). */
const rawRows = inputs.map((p) => ({
  values: [
    p.registrationNo,
    p.pledgor.uscc,
    p.pledgor.name,
    p.pledgor.district,
    p.pledgee.name,
    fenOf(p.amount),
    p.registeredOn,
    1n
  ],
  patents: p.patents
}))
const inYear = inputs.filter((p) => p.registeredOn >= YEAR.from && p.registeredOn <= YEAR.to)
const expected = {
  count: inYear.length,
  fen: inYear.reduce((sum, p) => sum + fenOf(p.amount), 0n)
}

// The baseline schema is copied from a database the core migrated, so it is the same DDL:
// tables, the unique index on registration_no, (registered_on, amount_fen), and the rest.
const schemaSql = await (async () => {
  const file = freshFile()
  const kejin = await openKejin({ database: `sqlite:${file}` })
  await kejin.close()
  const db = new Database(file, { readonly: true })
  const rows = db
    .prepare(
      `SELECT type, sql FROM sqlite_master
       WHERE tbl_name IN ('pledges', 'pledge_patents', 'pledge_reversals') AND sql IS NOT NULL
       ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid`
    )
    .all()
  db.close()
  removeFile(file)
  return rows.map((r) => r.sql)
})()

// ── (a) Recording ROWS pledges ───────────────────────────────────────────────────────────────────
const write = new Bench({
  name: `record ${fmtInt(ROWS)} pledges`,
  time: 0,
  iterations: WRITE_ITERATIONS,
  warmupTime: 0,
  warmupIterations: 1,
  throws: true
})

let kejinWriter
let kejinFile
/** The last database the core filled in the measured phase: figure (b) reads it. */
let populatedFile
write.add(
  "kejin",
  async () => {
    const result = await kejinWriter.pledges.recordMany(inputs)
    if (result.count !== ROWS) throw new Error(`recordMany wrote ${result.count} of ${ROWS}`)
  },
  {
    async: true,
    beforeEach: async () => {
      kejinFile = freshFile()
      kejinWriter = await openKejin({ database: `sqlite:${kejinFile}` })
      gc()
    },
    afterEach: async (mode) => {
      await kejinWriter.close()
      if (mode === "run") {
        if (populatedFile !== undefined) removeFile(populatedFile)
        populatedFile = kejinFile
      } else removeFile(kejinFile)
    }
  }
)

let rawWriter
let rawFile
let rawInsertAll
write.add(
  "baseline",
  () => {
    rawInsertAll(rawRows)
  },
  {
    async: false,
    beforeEach: () => {
      rawFile = freshFile()
      rawWriter = openRaw(rawFile)
      for (const statement of schemaSql) rawWriter.exec(statement)
      const insertPledge = rawWriter.prepare(
        `INSERT INTO pledges (registration_no, pledgor_uscc, pledgor_name, pledgor_district, pledgee_name,
           amount_fen, registered_on, journal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      )
      const insertPatent = rawWriter.prepare(
        "INSERT INTO pledge_patents (pledge_id, patent_no) VALUES (?, ?)"
      )
      rawInsertAll = rawWriter.transaction((rows) => {
        for (const row of rows) {
          const { lastInsertRowid } = insertPledge.run(row.values)
          for (const patent of row.patents) insertPatent.run(lastInsertRowid, patent)
        }
      })
      gc()
    },
    afterEach: () => {
      const written = rawWriter.prepare("SELECT count(*) FROM pledges").pluck().get()
      rawWriter.close()
      removeFile(rawFile)
      if (written !== BigInt(ROWS)) throw new Error(`baseline wrote ${written} of ${ROWS}`)
    }
  }
)

console.log(
  `figure (a): ${WRITE_ITERATIONS} measured iterations (+1 warmup) of each, a fresh WAL file each time`
)
await write.run()

// ── (b) The total for one year, over the file the core filled ────────────────────────────────────
const kejinReader = await openKejin({ database: `sqlite:${populatedFile}` })
const rawReader = new Database(populatedFile, { readonly: true, fileMustExist: true })
rawReader.defaultSafeIntegers(true)
const totalStatement = rawReader
  .prepare("SELECT SUM(amount_fen), COUNT(*) FROM pledges WHERE registered_on BETWEEN ? AND ?")
  .raw(true)

// Both sides must agree with each other and with the inputs before anything is timed.
const coreTotal = await kejinReader.pledges.total(YEAR)
const [rawFen, rawCount] = totalStatement.get(YEAR.from, YEAR.to)
const coreFen = BigInt(coreTotal.amount.toFixed(2).replace(".", ""))
if (
  coreTotal.count !== expected.count ||
  coreFen !== expected.fen ||
  Number(rawCount) !== expected.count ||
  (rawFen ?? 0n) !== expected.fen
) {
  throw new Error(
    `totals disagree: core ${coreTotal.count} / ${coreFen}, raw ${rawCount} / ${rawFen}, expected ${expected.count} / ${expected.fen}`
  )
}
console.log(
  `figure (b): totals agree — ${fmtInt(expected.count)} pledges in 2026, ${coreTotal.amount.toFixed(2)} yuan`
)

let sink = 0
const read = new Bench({
  name: `total for 2026 over ${fmtInt(ROWS)} pledges`,
  time: 2_000,
  iterations: 50,
  warmupTime: 250,
  warmupIterations: 20,
  throws: true
})
read.add(
  "kejin",
  async () => {
    const total = await kejinReader.pledges.total(YEAR)
    sink += total.count
  },
  { async: true, beforeAll: gc }
)
read.add(
  "baseline",
  () => {
    const [, count] = totalStatement.get(YEAR.from, YEAR.to)
    sink += Number(count)
  },
  { async: false, beforeAll: gc }
)
await read.run()
await kejinReader.close()
rawReader.close()
if (sink === 0) throw new Error("the read benchmark summed nothing")

// ── Report ───────────────────────────────────────────────────────────────────────────────────────
const stats = (bench, name) => {
  const task = bench.getTask(name)
  const result = task?.result
  if (result === undefined || (result.state !== "completed" && result.state !== "aborted-with-statistics")) {
    throw new Error(`${bench.name} / ${name} did not complete: ${result?.state}`)
  }
  const { latency } = result
  return {
    meanMs: latency.mean,
    p75: latency.p75,
    minMs: latency.min,
    rme: latency.rme,
    samples: latency.samplesCount
  }
}

const figure = (id, name, bench, baselineName, extra = () => ({})) => {
  const k = stats(bench, "kejin")
  const b = stats(bench, "baseline")
  return {
    id,
    name,
    kejin: { ...k, ...extra(k) },
    baseline: { name: baselineName, ...b, ...extra(b) },
    ratio: k.meanMs / b.meanMs
  }
}

const perSecond = (s) => ({ recordsPerSecond: ROWS / (s.meanMs / 1000) })
const figures = [
  figure(
    "record",
    `record ${fmtInt(ROWS)} pledges (core bulk path)`,
    write,
    "raw better-sqlite3 prepared INSERTs, one transaction",
    perSecond
  ),
  figure(
    "total",
    `pledge total for 2026 at ${fmtInt(ROWS)} pledges`,
    read,
    "raw better-sqlite3 SUM/COUNT prepared statement, read-only connection"
  )
]

const cpus = os.cpus()
const report = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpus.length} × ${cpus[0]?.model ?? "unknown"}`,
  rows: ROWS,
  figures
}

console.log(`\n${report.date} · Node ${report.node} · ${report.platform} · ${report.cpus}`)
console.table(
  figures.map((f) => ({
    figure: f.name,
    kejin: `${fmtMs(f.kejin.meanMs)} ±${f.kejin.rme.toFixed(1)}% (n=${f.kejin.samples})`,
    baseline: `${fmtMs(f.baseline.meanMs)} ±${f.baseline.rme.toFixed(1)}% (n=${f.baseline.samples})`,
    ratio: fmtRatio(f.ratio)
  }))
)
for (const f of figures) {
  console.log(
    `${f.name}: ${fmtMs(f.kejin.meanMs)}; baseline (${f.baseline.name}): ${fmtMs(f.baseline.meanMs)}; ratio ${fmtRatio(f.ratio)}`
  )
}
const [record] = figures
console.log(
  `records/second (a): core ${fmtInt(record.kejin.recordsPerSecond)}/s; baseline ${fmtInt(record.baseline.recordsPerSecond)}/s`
)

const resultsDir = join(here, "results")
mkdirSync(resultsDir, { recursive: true })
const json = `${JSON.stringify(report, null, 2)}\n`
const stamped = join(resultsDir, `${report.date.replaceAll(":", "-")}.json`)
writeFileSync(stamped, json)
writeFileSync(join(resultsDir, "latest.json"), json)
console.log(`\nresults: ${stamped} (and bench/results/latest.json)`)
