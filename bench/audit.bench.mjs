// Audit verification at scale: seeds KEJIN_BENCH_AUDIT_ROWS registrations (default 1,000,000) through the
// core's bulk path (recordMany, which keeps every record's digest in journal_records), then runs
// `audit verify` in full and quick mode, each in a fresh process, reporting time and peak RSS; then the cost
// of single writes with the digests, and a full verification after one amount was edited behind the core's
// back. Run after `pnpm exec tsc -b` (imports packages/core/dist): `node bench/audit.bench.mjs`.
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import os from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { openKejin } from "@kejin/core"
import { demoEnterprises, demoPledges } from "@kejin/core/demo"
import Database from "better-sqlite3"

const [mode, url, auditMode] = process.argv.slice(2)

if (mode === "verify") {
  // A fresh process: its peak RSS is the verification's (plus opening the store).
  const kejin = await openKejin({ database: url })
  const started = performance.now()
  const report = await kejin.journal.audit(auditMode)
  const ms = performance.now() - started
  await kejin.close()
  console.log(
    JSON.stringify({
      mode: auditMode,
      ms: Math.round(ms),
      maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      records: report.records,
      entries: report.entries,
      findings: report.findingCount,
      first: report.findings[0]
    })
  )
  process.exit(0)
}

const ROWS = Number(process.env.KEJIN_BENCH_AUDIT_ROWS ?? 1_000_000)
const BATCH = 50_000
const scratch = mkdtempSync(join(os.tmpdir(), "kejin-audit-bench-"))
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }))
const file = join(scratch, "kejin.db")
const database = `sqlite:${file}`
const fmt = (n) => Math.round(n).toLocaleString("en-US")

const verify = (m) => {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "verify", database, m], {
    encoding: "utf8"
  })
  if (result.status !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout.trim().split("\n").at(-1))
}

// Patent exclusivity off: the demo generator may give two registrations of a batch one patent.
const kejin = await openKejin({ database, pledges: { exclusivePatents: false } })
const enterprises = demoEnterprises(50_000, 2025)
let seeded = 0
const seedStarted = performance.now()
for (let batch = 0; seeded < ROWS; batch++) {
  const inputs = demoPledges({
    count: Math.min(BATCH, ROWS - seeded),
    from: "2025-01-01",
    to: "2025-12-31",
    seed: 100 + batch,
    enterprises,
    prefix: `Y${String(batch).padStart(3, "0")}`
  })
  await kejin.pledges.recordMany(inputs)
  seeded += inputs.length
}
const seedMs = performance.now() - seedStarted
console.log(
  `seeded ${fmt(seeded)} registrations in ${(seedMs / 1000).toFixed(1)} s (recordMany, ${BATCH} a call)`
)

// Single writes on the big store: each reads back and keeps its records.
const singles = demoPledges({
  count: 300,
  from: "2025-01-01",
  to: "2025-12-31",
  seed: 7,
  enterprises,
  prefix: "YS"
})
const singleStarted = performance.now()
for (const p of singles) await kejin.pledges.record(p)
const singleMs = (performance.now() - singleStarted) / singles.length
await kejin.close()
console.log(`single record(): ${singleMs.toFixed(2)} ms each (mean of ${singles.length}, with its digests)`)

const raw = new Database(file)
const count = (table) => raw.prepare(`select count(*) as n from ${table}`).get().n
console.log(
  `store: ${fmt(statSync(file).size / 1024 / 1024)} MiB; ${fmt(count("pledges"))} pledges, ${fmt(count("pledge_patents"))} patents, ${fmt(count("journal_records"))} journal_records`
)
raw.close()

for (const m of ["full", "quick"]) {
  const r = verify(m)
  console.log(
    `audit verify (${m}): ${(r.ms / 1000).toFixed(1)} s, peak RSS ${r.maxRssMiB} MiB, ${fmt(r.records)} records, ${r.findings} findings`
  )
}

const edit = new Database(file)
edit
  .prepare(
    "update pledges set amount_fen = amount_fen * 10 where id = 123456 % (select max(id) from pledges)"
  )
  .run()
edit.close()
const tampered = verify("full")
console.log(
  `after one amount ×10: full ${(tampered.ms / 1000).toFixed(1)} s, peak RSS ${tampered.maxRssMiB} MiB, ${tampered.findings} finding: ${JSON.stringify(tampered.first)}`
)
