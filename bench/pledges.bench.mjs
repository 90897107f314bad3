// Pledge benchmarks: the core's Promise API against raw better-sqlite3 on the same machine, in the
// same process run. Run through `pnpm bench` (which builds the core first); see bench/README.md.
// (a) recording, (b) a year's total over what (a) wrote, (c) totals, summary and breakdowns at
// KEJIN_BENCH_TOTALS_ROWS registrations with their loans (default one million), seeded once.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import { dirname, join } from "node:path"
import { PerformanceObserver } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { demoEnterprises, demoLoanPlan, demoPledges } from "@kejin/core/demo"
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
/** Registrations behind figure (c); 0 skips it. */
const TOTALS_ROWS = (() => {
  const raw = process.env.KEJIN_BENCH_TOTALS_ROWS
  if (raw !== undefined && Number(raw.replaceAll("_", "")) === 0) return 0
  return envInt("KEJIN_BENCH_TOTALS_ROWS", 20_000)
})()
/** Measured iterations of each write task (each one writes ROWS rows into a fresh file). */
const WRITE_ITERATIONS = envInt("KEJIN_BENCH_WRITE_ITERATIONS", ROWS > 20_000 ? 3 : 5)
const YEAR = { from: "2026-01-01", to: "2026-12-31" }
const SEED = 1
// The inputs run to the end of 2027: the store's clock stands there, so none is "after today".
const BENCH_CLOCK = { today: "2027-12-31" }

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
/** The values of a `pledges` row as the core writes them (the bulk loads below use the same order). */
const pledgeValues = (p, journalId) => [
  p.registrationNo,
  p.pledgor.uscc,
  p.pledgor.name,
  p.pledgor.district,
  p.pledgee.name,
  fenOf(p.amount),
  p.registeredOn,
  journalId,
  p.pledgee.kind ?? null,
  p.pledgor.size ?? null,
  p.debtTerm?.start ?? null,
  p.debtTerm?.end ?? null,
  BigInt(p.patents.length)
]
const PLEDGE_COLUMNS = `registration_no, pledgor_uscc, pledgor_name, pledgor_district, pledgee_name, amount_fen,
  registered_on, journal_id, pledgee_kind, pledgor_size, debt_start, debt_end, patent_count`
/** The baseline's rows: the values the core writes, already converted (the baseline is the floor). */
const rawRows = inputs.map((p) => ({
  values: pledgeValues(p, 1n),
  patents: p.patents.map((n) => [n, p.patentTitles?.[n] ?? null])
}))
// The core keeps two caches per enterprise in the same transaction (packages/core/src/pledges/store.ts):
// 首次质押 (pledge_firsts) and each registration's previous one (pledge_sequence). For a fresh file the
// baseline computes their rows here, before timing, and only inserts them.
/** Input indexes in registration order (date, then input order = id order). */
const inOrder = inputs
  .map((_, i) => i)
  .sort((a, b) => {
    const [x, y] = [inputs[a].registeredOn, inputs[b].registeredOn]
    return x < y ? -1 : x > y ? 1 : a - b
  })
const firstRows = (() => {
  const firsts = new Map()
  for (const i of inOrder) if (!firsts.has(inputs[i].pledgor.uscc)) firsts.set(inputs[i].pledgor.uscc, i)
  return [...firsts.values()]
})()
/**
 * Per input: the previous registration date of its enterprise overall, in its district, pledgee, size,
 * and its number in the enterprise's sequence.
 */
const sequenceRows = (() => {
  const last = [new Map(), new Map(), new Map(), new Map()]
  const seen = new Map()
  const out = new Array(inputs.length)
  for (const i of inOrder) {
    const p = inputs[i]
    const keys = [
      p.pledgor.uscc,
      `${p.pledgor.uscc}|${p.pledgor.district}`,
      `${p.pledgor.uscc}|${p.pledgee.name}`,
      `${p.pledgor.uscc}|${p.pledgor.size ?? ""}`
    ]
    const n = (seen.get(keys[0]) ?? 0) + 1
    seen.set(keys[0], n)
    out[i] = [...keys.map((key, k) => last[k].get(key) ?? null), BigInt(n)]
    for (const [k, key] of keys.entries()) last[k].set(key, p.registeredOn)
  }
  return out
})()
const inYear = inputs.filter((p) => p.registeredOn >= YEAR.from && p.registeredOn <= YEAR.to)
const expected = {
  count: inYear.length,
  fen: inYear.reduce((sum, p) => sum + fenOf(p.amount), 0n)
}

// The baseline schema is copied from a database the core migrated, so it is the same DDL:
// tables, the unique index on registration_no, (registered_on, amount_fen), and the rest.
const schemaSql = await (async () => {
  const file = freshFile()
  const kejin = await openKejin({ database: `sqlite:${file}`, clock: BENCH_CLOCK })
  await kejin.close()
  const db = new Database(file, { readonly: true })
  const rows = db
    .prepare(
      `SELECT type, sql FROM sqlite_master
       WHERE tbl_name IN ('pledges', 'pledge_patents', 'pledge_reversals', 'pledge_firsts', 'pledge_sequence')
         AND sql IS NOT NULL
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
      kejinWriter = await openKejin({ database: `sqlite:${kejinFile}`, clock: BENCH_CLOCK })
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
        `INSERT INTO pledges (${PLEDGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      const insertPatent = rawWriter.prepare(
        "INSERT INTO pledge_patents (pledge_id, patent_no, title) VALUES (?, ?, ?)"
      )
      const insertFirst = rawWriter.prepare(
        `INSERT INTO pledge_firsts (pledgor_uscc, pledge_id, registered_on, amount_fen, patent_count)
         VALUES (?, ?, ?, ?, ?)`
      )
      const insertSequence = rawWriter.prepare(
        `INSERT INTO pledge_sequence (pledge_id, pledgor_uscc, registered_on, pledgor_district, pledgee_name,
           pledgor_size, prev_on, prev_district_on, prev_pledgee_on, prev_size_on, seq_no)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      rawInsertAll = rawWriter.transaction((rows) => {
        const ids = []
        for (const row of rows) {
          const { lastInsertRowid } = insertPledge.run(row.values)
          ids.push(lastInsertRowid)
          for (const [patent, title] of row.patents) insertPatent.run(lastInsertRowid, patent, title)
        }
        for (const i of firstRows) {
          const p = rows[i].values
          insertFirst.run(p[1], ids[i], p[6], p[5], p[12])
        }
        rows.forEach((row, i) => {
          const p = row.values
          insertSequence.run(ids[i], p[1], p[6], p[3], p[4], p[9], ...sequenceRows[i])
        })
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
const kejinReader = await openKejin({ database: `sqlite:${populatedFile}`, clock: BENCH_CLOCK })
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

// ── (c) Totals, summary and breakdowns at TOTALS_ROWS registrations with their loans ────────────
// Seeded once, outside every timing, by bulk-inserting with better-sqlite3 into a file the core migrated
// (recording a million registrations and their loans through the write path would take many minutes).
// The rows are the core's own demo data: `demoPledges` registrations and `demoLoanPlan` loans, repayments,
// releases and defaults, written column for column as the core writes them; every 997th registration and
// every 4,999th loan is reversed. The secondary indexes are dropped for the load and recreated from the
// migrated DDL, so the file ends with exactly the migrated schema.
const TOTALS_PERIOD = { year: 2026 }
const TOTALS_BOUNDS = { from: "2026-01-01", to: "2026-12-31" }
const seedTotals = async () => {
  const started = performance.now()
  const file = freshFile()
  const migrated = await openKejin({ database: `sqlite:${file}`, clock: BENCH_CLOCK })
  await migrated.close()
  const db = openRaw(file)
  db.pragma("foreign_keys = OFF")
  const tables = ["pledges", "pledge_patents", "pledge_reversals", "pledge_events", "pledge_loans"]
  tables.push("pledge_loan_reversals", "pledge_loan_events", "pledge_firsts", "pledge_sequence")
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND tbl_name IN (${tables.map(() => "?").join(", ")})`
    )
    .all(...tables)
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`)

  const insertPledge = db.prepare(
    `INSERT INTO pledges (id, ${PLEDGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insertPatent = db.prepare(
    "INSERT INTO pledge_patents (pledge_id, patent_no, title) VALUES (?, ?, NULL)"
  )
  const insertLoan = db.prepare(
    `INSERT INTO pledge_loans (id, pledge_id, bank_name, amount_fen, rate, disbursed_on, matures_on,
       pledgor_district, pledgor_size, pledge_amount_fen, journal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`
  )
  const insertLoanEvent = db.prepare(
    `INSERT INTO pledge_loan_events (loan_id, pledge_id, kind, on_date, amount_fen, pledgor_district, bank_name,
       pledgor_size, pledge_amount_fen, journal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`
  )
  const insertEvent = db.prepare(
    "INSERT INTO pledge_events (pledge_id, kind, on_date, journal_id) VALUES (?, ?, ?, 1)"
  )
  const reversedPledge = (id) => id % 997 === 0
  // What the core must answer for 2026 (reversed registrations out), and what the raw SUM sees (all in).
  const expected = { count: 0, fen: 0n, allCount: 0, allFen: 0n }
  const counts = { registrations: 0, patents: 0, loans: 0, repayments: 0, releases: 0, defaults: 0 }
  const enterprises = demoEnterprises(50_000, 2025)
  const BATCH = 100_000
  let nextId = 0
  let nextLoan = 0
  for (let batch = 0; batch * BATCH < TOTALS_ROWS; batch++) {
    const inputs = demoPledges({
      count: Math.min(BATCH, TOTALS_ROWS - batch * BATCH),
      from: "2025-01-01",
      to: "2027-12-31",
      seed: 100 + batch,
      enterprises,
      prefix: `Y${String(batch).padStart(3, "0")}`
    })
    const firstId = nextId + 1
    const byId = new Map()
    db.transaction(() => {
      for (const p of inputs) {
        const id = ++nextId
        byId.set(id, p)
        insertPledge.run(BigInt(id), ...pledgeValues(p, 1n))
        for (const patent of p.patents) insertPatent.run(BigInt(id), patent)
        counts.patents += p.patents.length
        if (p.registeredOn >= TOTALS_BOUNDS.from && p.registeredOn <= TOTALS_BOUNDS.to) {
          expected.allCount += 1
          expected.allFen += fenOf(p.amount)
          if (!reversedPledge(id)) {
            expected.count += 1
            expected.fen += fenOf(p.amount)
          }
        }
      }
    })()
    counts.registrations += inputs.length
    const plan = demoLoanPlan(
      inputs.map((p, i) => ({ ...p, id: firstId + i })),
      { asOf: "2027-12-31", seed: batch }
    )
    const loans = new Map()
    db.transaction(() => {
      for (const step of plan) {
        if (step.kind === "draw") {
          const id = ++nextLoan
          const p = byId.get(step.input.pledgeId)
          const loan = {
            id,
            pledgeId: step.input.pledgeId,
            bank: step.input.bank,
            district: p.pledgor.district,
            size: p.pledgor.size ?? null,
            pledgeFen: fenOf(p.amount)
          }
          loans.set(step.loan, loan)
          const { input } = step
          insertLoan.run(
            BigInt(id),
            BigInt(input.pledgeId),
            input.bank,
            fenOf(input.amount),
            input.rate,
            input.disbursedOn,
            input.maturesOn,
            loan.district,
            loan.size,
            loan.pledgeFen
          )
          counts.loans += 1
        } else if (step.kind === "repay" || step.kind === "default") {
          const l = loans.get(step.loan)
          insertLoanEvent.run(
            BigInt(l.id),
            BigInt(l.pledgeId),
            step.kind === "repay" ? "repayment" : "default",
            step.on,
            step.kind === "repay" ? fenOf(step.amount) : null,
            l.district,
            l.bank,
            l.size,
            l.pledgeFen
          )
          counts[step.kind === "repay" ? "repayments" : "defaults"] += 1
        } else {
          insertEvent.run(BigInt(step.pledgeId), "release", step.on)
          counts.releases += 1
        }
      }
    })()
  }
  db.transaction(() => {
    db.prepare(
      "INSERT INTO pledge_reversals (pledge_id, reason, journal_id) SELECT id, 'bench', 1 FROM pledges WHERE id % 997 = 0"
    ).run()
    db.prepare(
      "INSERT INTO pledge_loan_reversals (loan_id, reason, journal_id) SELECT id, 'bench', 1 FROM pledge_loans WHERE id % 4999 = 0"
    ).run()
    // 首次质押: each enterprise's earliest live registration, as the write path keeps it.
    db.prepare(
      `INSERT INTO pledge_firsts (pledgor_uscc, pledge_id, registered_on, amount_fen, patent_count)
       SELECT pledgor_uscc, id, registered_on, amount_fen, patent_count FROM (
         SELECT p.*, row_number() OVER (PARTITION BY pledgor_uscc ORDER BY registered_on, id) AS n
         FROM pledges p WHERE p.id NOT IN (SELECT pledge_id FROM pledge_reversals)
       ) WHERE n = 1`
    ).run()
    // Enterprises served: the previous live registration of the same enterprise, overall and per group.
    db.prepare(
      `INSERT INTO pledge_sequence (pledge_id, pledgor_uscc, registered_on, pledgor_district, pledgee_name,
         pledgor_size, prev_on, prev_district_on, prev_pledgee_on, prev_size_on, seq_no)
       SELECT p.id, p.pledgor_uscc, p.registered_on, p.pledgor_district, p.pledgee_name, p.pledgor_size,
         lag(p.registered_on) OVER (PARTITION BY p.pledgor_uscc ORDER BY p.registered_on, p.id),
         lag(p.registered_on) OVER (PARTITION BY p.pledgor_uscc, p.pledgor_district ORDER BY p.registered_on, p.id),
         lag(p.registered_on) OVER (PARTITION BY p.pledgor_uscc, p.pledgee_name ORDER BY p.registered_on, p.id),
         lag(p.registered_on) OVER (PARTITION BY p.pledgor_uscc, p.pledgor_size ORDER BY p.registered_on, p.id),
         row_number() OVER (PARTITION BY p.pledgor_uscc ORDER BY p.registered_on, p.id)
       FROM pledges p WHERE p.id NOT IN (SELECT pledge_id FROM pledge_reversals)`
    ).run()
  })()
  for (const index of indexes) db.exec(index.sql)
  db.close()
  return { file, expected, counts, seconds: (performance.now() - started) / 1000 }
}

/**
 * The aggregates of a store seeded around the write path, built as migration 0026 builds them for an
 * existing store: both tables emptied and its build statements (0018's dimensions and 0026's 首次质押, 普惠
 * and loans in default; plain SQL, the same on both dialects) run on the seeded records. (Running the
 * migrations again is not possible: Kysely refuses to re-run one that later ones followed.) Returns the
 * seconds the build took.
 */
const rebuildAggregatesByMigration = async (_database, exec) => {
  const { aggregateBuild } = await import(
    new URL("../packages/core/dist/pledges/migrations/0026_pledge_aggregate_flags.js", import.meta.url).href
  )
  const started = performance.now()
  await exec("DELETE FROM pledge_month_totals")
  await exec("DELETE FROM pledge_month_pairs")
  for (const statement of aggregateBuild) await exec(statement)
  return (performance.now() - started) / 1000
}

/** The seeded SQLite store copied into a fresh PostgreSQL database (multi-row UNNEST inserts, ids kept). */
const copyToPostgres = async (file, adminUrl) => {
  const started = performance.now()
  const pg = createRequire(join(here, "../packages/core/package.json"))("pg")
  const name = `kejin_bench_${process.pid}_${Date.now()}`
  const adminQuery = async (text) => {
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    try {
      await admin.query(text)
    } finally {
      await admin.end()
    }
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = url.toString()
  const drop = async (client) => {
    await client.end()
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`)
  }
  // KEJIN_BENCH_POSTGRES_FROM=db: a database KEJIN_BENCH_KEEP_POSTGRES kept, cloned (CREATE DATABASE …
  // TEMPLATE, a file copy) instead of copying and building again: the same rows, the code of this run.
  const from = process.env.KEJIN_BENCH_POSTGRES_FROM
  if (from) {
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${from}`)
    const client = new pg.Client({ connectionString: database })
    await client.connect()
    console.log(`figure (c): the PostgreSQL store built earlier, cloned from ${from}`)
    return { database, client, copied: 0, migration: 0, drop: () => drop(client) }
  }
  await adminQuery(`CREATE DATABASE ${name}`)
  const migrated = await openKejin({ database, clock: BENCH_CLOCK })
  await migrated.close()
  const client = new pg.Client({ connectionString: database })
  await client.connect()
  const source = new Database(file, { readonly: true, fileMustExist: true })
  source.defaultSafeIntegers(true)
  const tables = ["pledges", "pledge_patents", "pledge_reversals", "pledge_events", "pledge_loans"]
  tables.push("pledge_loan_reversals", "pledge_loan_events", "pledge_firsts", "pledge_sequence")
  for (const table of tables) {
    const columns = (
      await client.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
        [table]
      )
    ).rows
    const names = columns.map((c) => c.column_name)
    const types = columns.map((c) =>
      c.data_type === "bigint" ? "bigint" : c.data_type === "integer" ? "integer" : "text"
    )
    const insert = `INSERT INTO ${table} (${names.join(", ")}) OVERRIDING SYSTEM VALUE
      SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`
    const read = source.prepare(`SELECT ${names.join(", ")} FROM ${table}`).raw(true)
    let chunk = names.map(() => [])
    const flush = async () => {
      if (chunk[0].length === 0) return
      await client.query(insert, chunk)
      chunk = names.map(() => [])
    }
    await client.query("BEGIN")
    for (const row of read.iterate()) {
      for (let i = 0; i < row.length; i++)
        chunk[i].push(typeof row[i] === "bigint" ? row[i].toString() : row[i])
      if (chunk[0].length >= 20_000) await flush()
    }
    await flush()
    await client.query("COMMIT")
    if (names.includes("id") && types[names.indexOf("id")] === "bigint")
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT coalesce(max(id), 1) FROM ${table}))`
      )
    await client.query(`ANALYZE ${table}`)
  }
  source.close()
  const copied = (performance.now() - started) / 1000
  const migration = await rebuildAggregatesByMigration(database, (text) => client.query(text))
  await client.query("ANALYZE pledge_month_totals")
  await client.query("ANALYZE pledge_month_pairs")
  // KEJIN_BENCH_KEEP_POSTGRES=db: a clone of the copied and built store, for KEJIN_BENCH_POSTGRES_FROM.
  const keep = process.env.KEJIN_BENCH_KEEP_POSTGRES
  if (keep) {
    await client.end()
    await adminQuery(`DROP DATABASE IF EXISTS ${keep}`)
    await adminQuery(`CREATE DATABASE ${keep} TEMPLATE ${name}`)
    const again = new pg.Client({ connectionString: database })
    await again.connect()
    return { database, client: again, copied, migration, drop: () => drop(again) }
  }
  return { database, client, copied, migration, drop: () => drop(client) }
}

/**
 * p99s measure waiting for a core as much as the code when other work shares the machine. With
 * KEJIN_BENCH_QUIET=<load> set, figure (c)'s timings wait (seeding and copying do not) until the 1-minute
 * load average is below that load, for at most KEJIN_BENCH_QUIET_MINUTES (default 60), then go on
 * regardless; the load before and after the timings is reported either way. Returns the load when timing starts.
 */
const waitForQuiet = async () => {
  const quiet = Number(process.env.KEJIN_BENCH_QUIET ?? "")
  if (!(quiet > 0)) return os.loadavg()[0]
  const deadline = Date.now() + envInt("KEJIN_BENCH_QUIET_MINUTES", 60) * 60_000
  let said = false
  while (os.loadavg()[0] >= quiet && Date.now() < deadline) {
    if (!said) console.log(`figure (c): waiting for the 1-minute load average to fall below ${quiet}`)
    said = true
    await new Promise((resolve) => setTimeout(resolve, 15_000))
  }
  return os.loadavg()[0]
}

/** The process's garbage collections (their start, length and kind), to explain the slowest timed calls. */
const gcPauses = []
new PerformanceObserver((list) => gcPauses.push(...list.getEntries())).observe({ entryTypes: ["gc"] })
const gcKind = (entry) =>
  ({ 1: "minor", 4: "major", 8: "incremental", 16: "weak-callback" })[entry.detail?.kind] ?? "other"

/** Percentiles of a task (ms). */
const latencyOf = (bench, name) => {
  const { latency } = bench.getTask(name).result
  return { p50: latency.p50, p99: latency.p99, mean: latency.mean }
}

/** Goals of issue 14 (p99, ms, both dialects). */
const GOALS = { "totals-total": 1, "totals-breakdown-district": 5, "totals-summary": 10 }

/**
 * Figure (c) on one store: each figure's core call against the raw SUM baseline, in the same bench. The
 * breakdowns and the summary are kept in memory by the store's data version (pledges/figures.ts): before
 * each timed call a registration dated 2027-12-31 is recorded (outside the timing, outside 2025–2026), so
 * every call computes its figures afresh.
 */
const runTotals = async ({ dialect, kejin, baseline, baselineName, expected, iterations }) => {
  const fenOfYuan = (amount) => BigInt(amount.toFixed(2).replace(".", ""))
  const total = await kejin.pledges.total(TOTALS_PERIOD)
  const [rawFenAll, rawCountAll] = await baseline()
  const byDistrict = await kejin.pledges.breakdown(TOTALS_PERIOD, "district")
  const rowSum = byDistrict.rows.reduce((sum, r) => sum + fenOfYuan(r.measures.amount), 0n)
  if (
    total.count !== expected.count ||
    fenOfYuan(total.amount) !== expected.fen ||
    BigInt(rawFenAll) !== expected.allFen ||
    Number(rawCountAll) !== expected.allCount ||
    fenOfYuan(byDistrict.total.amount) !== expected.fen ||
    rowSum !== expected.fen
  ) {
    throw new Error(
      `figure (c) on ${dialect}: totals disagree: core ${total.count} / ${fenOfYuan(total.amount)}, breakdown ${rowSum}, ` +
        `raw ${rawCountAll} / ${rawFenAll}, expected ${expected.count} / ${expected.fen} (all ${expected.allFen})`
    )
  }
  console.log(
    `figure (c) on ${dialect}: totals agree — ${fmtInt(expected.count)} live registrations in 2026, ${total.amount.toFixed(2)} yuan; ` +
      `2026 lending ${byDistrict.total.lending.toFixed(2)}, outstanding at year end ${byDistrict.total.outstanding.toFixed(2)}`
  )
  let bumps = 0
  const bump = async () => {
    bumps += 1
    await kejin.pledges.record({
      registrationNo: `YBENCH${dialect.slice(0, 2).toUpperCase()}${String(bumps).padStart(8, "0")}`,
      pledgor: { uscc: makeUscc("91330302MA00BENCH"), name: "温州基准科技有限公司", district: "330302" },
      pledgee: { name: "温州银行" },
      patents: [
        `ZL${makePatentNumber(`2019${dialect === "sqlite" ? 8 : 9}${String(bumps).padStart(7, "0")}`)}`
      ],
      amount: "1000000.00",
      registeredOn: "2027-12-31"
    })
  }
  const timed = async (id, name, count, task, fresh) => {
    // Each call's start and end, to find what the slowest ones overlapped (a garbage collection?).
    const calls = []
    const bench = new Bench({
      name,
      time: 0,
      iterations: count,
      warmupTime: 0,
      warmupIterations: 2,
      throws: true
    })
    bench.add(
      "kejin",
      async () => {
        const started = performance.now()
        sink += await task()
        calls.push([started, performance.now()])
      },
      { async: true, beforeAll: gc, ...(fresh ? { beforeEach: bump } : {}) }
    )
    bench.add(
      "baseline",
      async () => {
        const [, n] = await baseline()
        sink += Number(n)
      },
      { async: true, beforeAll: gc }
    )
    await bench.run()
    totalsBenches.push({ id: dialect === "sqlite" ? id : `${id}-${dialect}`, name, bench, baselineName })
    const k = latencyOf(bench, "kejin")
    const b = latencyOf(bench, "baseline")
    const goal = GOALS[id]
    const slowest = calls
      .map(([from, to]) => ({
        ms: to - from,
        gc: gcPauses
          .filter((g) => g.startTime < to && g.startTime + g.duration > from)
          .map((g) => ({ kind: gcKind(g), ms: g.duration }))
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3)
    totalsTable.push({
      dialect,
      figure: name,
      p50: k.p50,
      p99: k.p99,
      baselineP50: b.p50,
      baselineP99: b.p99,
      ...(goal === undefined ? {} : { goalP99: goal, met: k.p99 <= goal }),
      slowest
    })
    console.log(
      `  ${name}: p50 ${fmtMs(k.p50)} / p99 ${fmtMs(k.p99)} (baseline p50 ${fmtMs(b.p50)} / p99 ${fmtMs(b.p99)})` +
        (goal === undefined ? "" : ` — goal p99 ≤ ${goal} ms: ${k.p99 <= goal ? "met" : "NOT met"}`)
    )
    console.log(
      `    slowest calls: ${slowest
        .map(
          (c) =>
            `${fmtMs(c.ms)}${c.gc.length === 0 ? "" : ` (during ${c.gc.map((g) => `${g.kind} GC ${fmtMs(g.ms)}`).join(", ")})`}`
        )
        .join("; ")}`
    )
  }
  const at = `at ${fmtInt(TOTALS_ROWS)} registrations (${dialect})`
  await timed(
    "totals-total",
    `pledges.total({ year: 2026 }) ${at}`,
    iterations,
    async () => (await kejin.pledges.total(TOTALS_PERIOD)).count,
    true
  )
  await timed(
    "totals-breakdown-district",
    `pledges.breakdown(2026, "district") ${at}`,
    iterations,
    async () => (await kejin.pledges.breakdown(TOTALS_PERIOD, "district")).rows.length,
    true
  )
  await timed(
    "totals-summary",
    `pledges.summary(2026), with 2025 for YoY, ${at}`,
    iterations,
    async () => (await kejin.pledges.summary(TOTALS_PERIOD)).measures.registrations,
    true
  )
  for (const by of ["bank", "size"]) {
    await timed(
      `totals-breakdown-${by}`,
      `pledges.breakdown(2026, "${by}") ${at}`,
      Math.max(5, Math.floor(iterations / 4)),
      async () => (await kejin.pledges.breakdown(TOTALS_PERIOD, by)).rows.length,
      true
    )
  }
  if (process.env.KEJIN_BENCH_SLOW_BREAKDOWNS === "1") {
    for (const by of ["inclusive", "firstPledge"]) {
      await timed(
        `totals-breakdown-${by}`,
        `pledges.breakdown(2026, "${by}") ${at}`,
        Math.max(5, Math.floor(iterations / 4)),
        async () => (await kejin.pledges.breakdown(TOTALS_PERIOD, by)).rows.length,
        true
      )
    }
  }
}

/** Benches of figure (c), each timing one core call against the raw SUM baseline in the same run. */
const totalsBenches = []
const totalsTable = []
let totalsSeed
if (TOTALS_ROWS > 0) {
  // KEJIN_BENCH_TOTALS_FROM=file: a store KEJIN_BENCH_KEEP_TOTALS kept (with its .json beside it), copied
  // instead of seeding again (the seed of a million takes minutes): the same rows, the code of this run.
  const from = process.env.KEJIN_BENCH_TOTALS_FROM
  let seeded
  let aggregatesSeconds
  if (from) {
    const kept = JSON.parse(readFileSync(`${from}.json`, "utf8"))
    if (kept.rows !== TOTALS_ROWS)
      throw new Error(`${from} holds ${kept.rows} registrations, not ${TOTALS_ROWS}`)
    const file = freshFile()
    copyFileSync(from, file)
    const big = (e) => ({
      count: e.count,
      fen: BigInt(e.fen),
      allCount: e.allCount,
      allFen: BigInt(e.allFen)
    })
    seeded = { file, expected: big(kept.expected), counts: kept.counts, seconds: kept.seconds }
    aggregatesSeconds = kept.aggregatesSeconds
    console.log(`figure (c): the store seeded earlier, copied from ${from}`)
  } else {
    console.log(`figure (c): seeding ${fmtInt(TOTALS_ROWS)} registrations with their loans (bulk load)`)
    seeded = await seedTotals()
    aggregatesSeconds = await rebuildAggregatesByMigration(`sqlite:${seeded.file}`, async (text) => {
      const db = openRaw(seeded.file)
      db.exec(text)
      db.close()
    })
  }
  const { counts } = seeded
  totalsSeed = {
    method: "bulk INSERT with better-sqlite3 into a file the core migrated, indexes rebuilt after",
    seconds: seeded.seconds,
    aggregatesMigrationSeconds: { sqlite: aggregatesSeconds },
    ...counts
  }
  console.log(
    `figure (c): seeded in ${seeded.seconds.toFixed(1)} s — ${fmtInt(counts.registrations)} registrations, ` +
      `${fmtInt(counts.patents)} patents, ${fmtInt(counts.loans)} loans, ${fmtInt(counts.repayments)} repayments, ` +
      `${fmtInt(counts.releases)} releases, ${fmtInt(counts.defaults)} defaults; ` +
      `migration 0026's build made the aggregates in ${aggregatesSeconds.toFixed(1)} s`
  )
  // KEJIN_BENCH_KEEP_TOTALS=file: a copy of the seeded store, to profile or compare queries on later.
  if (process.env.KEJIN_BENCH_KEEP_TOTALS) {
    const keep = process.env.KEJIN_BENCH_KEEP_TOTALS
    copyFileSync(seeded.file, keep)
    const { expected: e } = seeded
    const expected = { count: e.count, fen: String(e.fen), allCount: e.allCount, allFen: String(e.allFen) }
    const kept = { rows: TOTALS_ROWS, expected, counts, seconds: seeded.seconds, aggregatesSeconds }
    writeFileSync(`${keep}.json`, `${JSON.stringify(kept, null, 2)}\n`)
  }
  const postgresUrl = process.env.KEJIN_BENCH_POSTGRES_URL ?? process.env.KEJIN_TEST_POSTGRES_URL
  // Copied before the SQLite run writes its own registrations into the file.
  const copied = postgresUrl ? await copyToPostgres(seeded.file, postgresUrl) : undefined

  const iterations = envInt("KEJIN_BENCH_TOTALS_ITERATIONS", 200)
  totalsSeed.loadBeforeTiming = await waitForQuiet()
  const kejin = await openKejin({ database: `sqlite:${seeded.file}`, clock: BENCH_CLOCK })
  const raw = new Database(seeded.file, { readonly: true, fileMustExist: true })
  raw.defaultSafeIntegers(true)
  const sumStatement = raw
    .prepare("SELECT SUM(amount_fen), COUNT(*) FROM pledges WHERE registered_on BETWEEN ? AND ?")
    .raw(true)
  await runTotals({
    dialect: "sqlite",
    kejin,
    baseline: async () => sumStatement.get(TOTALS_BOUNDS.from, TOTALS_BOUNDS.to),
    baselineName: "raw better-sqlite3 SUM(amount_fen)/COUNT for 2026, read-only connection",
    expected: seeded.expected,
    iterations
  })
  await kejin.close()
  raw.close()

  if (copied !== undefined) {
    totalsSeed.postgresCopySeconds = copied.copied
    totalsSeed.aggregatesMigrationSeconds.postgres = copied.migration
    if (!process.env.KEJIN_BENCH_POSTGRES_FROM)
      console.log(
        `figure (c): copied to PostgreSQL in ${copied.copied.toFixed(1)} s; migration 0026's build made the aggregates in ${copied.migration.toFixed(1)} s`
      )
    const onPg = await openKejin({ database: copied.database, clock: BENCH_CLOCK })
    const sumQuery = {
      name: "bench-raw-sum",
      text: "SELECT SUM(amount_fen)::text AS fen, COUNT(*) AS n FROM pledges WHERE registered_on BETWEEN $1 AND $2",
      values: [TOTALS_BOUNDS.from, TOTALS_BOUNDS.to],
      rowMode: "array"
    }
    try {
      await runTotals({
        dialect: "postgres",
        kejin: onPg,
        baseline: async () => (await copied.client.query(sumQuery)).rows[0],
        baselineName: "raw pg SUM(amount_fen)/COUNT for 2026, a prepared statement on its own connection",
        expected: seeded.expected,
        iterations
      })
    } finally {
      await onPg.close()
      await copied.drop()
    }
  }
  totalsSeed.loadAfterTiming = os.loadavg()[0]
  console.log(
    `figure (c): 1-minute load average ${totalsSeed.loadBeforeTiming.toFixed(2)} before the timings, ${totalsSeed.loadAfterTiming.toFixed(2)} after (${os.cpus().length} cores)`
  )
  console.log("\nfigure (c), p50 / p99 against the goals of issue 14:")
  console.table(
    totalsTable.map((r) => ({
      dialect: r.dialect,
      figure: r.figure.replace(/ at .*$/, ""),
      "p50 / p99": `${fmtMs(r.p50)} / ${fmtMs(r.p99)}`,
      "raw SUM p50 / p99": `${fmtMs(r.baselineP50)} / ${fmtMs(r.baselineP99)}`,
      goal: r.goalP99 === undefined ? "" : `≤ ${r.goalP99} ms ${r.met ? "met" : "NOT met"}`
    }))
  )
}

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
  ),
  ...totalsBenches.map(({ id, name, bench, baselineName }) => ({
    ...figure(id, name, bench, baselineName),
    p50: latencyOf(bench, "kejin").p50,
    p99: latencyOf(bench, "kejin").p99,
    baselineP50: latencyOf(bench, "baseline").p50,
    baselineP99: latencyOf(bench, "baseline").p99
  }))
]

const cpus = os.cpus()
const report = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpus.length} × ${cpus[0]?.model ?? "unknown"}`,
  rows: ROWS,
  totalsRows: TOTALS_ROWS,
  ...(totalsSeed === undefined ? {} : { totalsSeed }),
  ...(totalsTable.length === 0 ? {} : { totals: totalsTable }),
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
