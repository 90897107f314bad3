// Loans in bulk: `kejin.pledges.loans.drawMany` of KEJIN_BENCH_LOANS_ROWS loans (default 20,000, one per
// registration, one call: one transaction and one journal entry) against raw better-sqlite3 inserting the
// same loan rows (the same ten columns `insertLoans` writes, values prepared before timing) with one prepared
// INSERT per row into a copy of the same store, one transaction. Both timed by wall and CPU time in this
// process. Results: bench/results/loans-latest.json (KEJIN_BENCH_LOANS_OUT names another file).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { openKejin } from "@kejin/core"
import { demoPledges } from "@kejin/core/demo"
import Database from "better-sqlite3"

const here = dirname(fileURLToPath(import.meta.url))
const ROWS = Number((process.env.KEJIN_BENCH_LOANS_ROWS ?? "20000").replaceAll("_", ""))
const dir = mkdtempSync(join(os.tmpdir(), "kejin-loans-bench-"))
const file = join(dir, "store.db")
const clock = { today: "2026-12-06" }

// The registrations, through the core's bulk path (outside every timing).
let kejin = await openKejin({ database: `sqlite:${file}`, clock })
const pledges = [...demoPledges({ count: ROWS, from: "2025-01-01", to: "2026-06-30", seed: 7 })]
for (let start = 0; start < pledges.length; start += 2000)
  await kejin.pledges.recordMany(pledges.slice(start, start + 2000))
await kejin.close()
copyFileSync(file, join(dir, "raw.db"))

const db = new Database(join(dir, "raw.db"))
db.pragma("journal_mode = WAL")
db.pragma("synchronous = NORMAL")
db.pragma("cache_size = -65536")
db.defaultSafeIntegers(true)
const stored = db
  .prepare(
    "select id, pledgor_district, pledgor_size, amount_fen, pledgee_name, pledgee_kind, registered_on from pledges order by id"
  )
  .all()
const plusYear = (date) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`.replace("-02-29", "-02-28")
const draws = stored.map((p) => ({
  pledgeId: Number(p.id),
  amount: `${(p.amount_fen / 200n).toString()}.00`,
  rate: "0.0385",
  // Under a guarantor's registration the lending bank is named.
  ...(p.pledgee_kind === "guarantor" ? { bank: "温州银行" } : {}),
  disbursedOn: p.registered_on,
  maturesOn: plusYear(p.registered_on)
}))
const rawRows = stored.map((p, i) => [
  p.id,
  p.pledgee_kind === "guarantor" ? "温州银行" : p.pledgee_name,
  (p.amount_fen / 200n) * 100n,
  "0.0385",
  draws[i].disbursedOn,
  draws[i].maturesOn,
  p.pledgor_district,
  p.pledgor_size,
  p.amount_fen,
  1n
])
const cpu = (since) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

// Baseline: one prepared INSERT per loan, one transaction.
const insert =
  db.prepare(`insert into pledge_loans (pledge_id, bank_name, amount_fen, rate, disbursed_on, matures_on,
  pledgor_district, pledgor_size, pledge_amount_fen, journal_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
db.pragma("foreign_keys = OFF")
let started = performance.now()
let cpuStarted = process.cpuUsage()
db.exec("begin")
for (const row of rawRows) insert.run(...row)
db.exec("commit")
const baseline = { seconds: (performance.now() - started) / 1000, cpuSeconds: cpu(cpuStarted) }
db.close()

// The core: one drawMany of every loan.
kejin = await openKejin({ database: `sqlite:${file}`, clock })
started = performance.now()
cpuStarted = process.cpuUsage()
const drawn = await kejin.pledges.loans.drawMany(draws)
const core = { seconds: (performance.now() - started) / 1000, cpuSeconds: cpu(cpuStarted) }
const audit = await kejin.journal.audit("quick")
await kejin.close()
if (drawn.count !== ROWS || !audit.ok) {
  console.error(`drawMany did not record every loan, or the audit failed: ${drawn.count}, ${audit.ok}`)
  process.exit(1)
}
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ")}`,
  rows: ROWS,
  baseline: { name: "raw better-sqlite3 prepared INSERT into pledge_loans, one transaction", ...baseline },
  kejin: { name: "kejin.pledges.loans.drawMany, one call (one journal entry)", ...core },
  throughputRatio: baseline.seconds / core.seconds,
  cpuRatio: baseline.cpuSeconds / core.cpuSeconds
}
console.log(
  `${ROWS} loans: raw ${baseline.cpuSeconds.toFixed(2)} s CPU, drawMany ${core.cpuSeconds.toFixed(2)} s CPU; ratio by wall ${result.throughputRatio.toFixed(3)}, by CPU ${result.cpuRatio.toFixed(3)} (the issue asks for at least 0.6)`
)
mkdirSync(join(here, "results"), { recursive: true })
writeFileSync(
  join(here, "results", process.env.KEJIN_BENCH_LOANS_OUT ?? "loans-latest.json"),
  `${JSON.stringify(result, null, 2)}\n`
)
rmSync(dir, { recursive: true, force: true })
