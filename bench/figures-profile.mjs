// Where a figure's time goes, statement by statement (issue 14): on a store figure (c) of pledges.bench.mjs
// kept (KEJIN_BENCH_KEEP_TOTALS=file for SQLite, KEJIN_BENCH_KEEP_POSTGRES=db for PostgreSQL), runs the ONE
// statement each figure sends — `pledges.total({ year: 2026 })`, the district breakdown, the summary with YoY,
// exactly as the core builds them (packages/core/dist/pledges/aggregates.js) — and reports:
// - the statement's time as the core runs it (Kysely, the driver), p50 / p99 over the calls;
// - SQLite: the same text as a better-sqlite3 prepared statement alone, its query plan, and the aggregate
//   rows it reads (the ranges counted);
// - PostgreSQL: the server's planning and execution time (EXPLAIN ANALYZE), the rows each part read, a
//   `select 1` round trip on the same pool, and the same statement prepared once by name (no planning).
//
//   node bench/figures-profile.mjs --sqlite /tmp/m1.db [--postgres postgres://…/kejin_m1] [--calls 200]
//
// Read-only: nothing is written to either store. Times are wall times: run it on a quiet machine.
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { parseArgs } from "node:util"

const here = dirname(fileURLToPath(import.meta.url))
const core = join(here, "../packages/core")
const require = createRequire(join(core, "package.json"))
// The same (ES module) kysely the core's dist imports: its dialect is told by `instanceof` (capabilities.ts).
const { Kysely, SqliteDialect, PostgresDialect } = await import(
  pathToFileURL(join(core, "node_modules/kysely/dist/esm/index.js")).href
)
const Database = require("better-sqlite3")
const { aggregatedMonths, aggregatedRead } = await import(join(core, "dist/pledges/aggregates.js"))
const { exactSumFunction } = await import(join(core, "dist/store/capabilities.js"))

const { values: args } = parseArgs({
  options: { sqlite: { type: "string" }, postgres: { type: "string" }, calls: { type: "string" } }
})
const CALLS = Number(args.calls ?? 200)
const months = { first: "2026-01", last: "2026-12" }
const previous = { first: "2025-01", last: "2025-12" }

/** The figures as the core asks them of the aggregates: one statement each. */
const figures = {
  total: (db) => aggregatedMonths(db, months),
  "breakdown district": (db) =>
    aggregatedRead(db, [
      { dimension: "district", months },
      { dimension: "all", months }
    ]),
  "summary with YoY": (db) =>
    aggregatedRead(
      db,
      [
        { dimension: "all", months },
        { dimension: "all", months: previous }
      ],
      months.last
    )
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const fmt = (ms) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2))
const timeCalls = async (fn, calls = CALLS) => {
  for (let i = 0; i < 10; i++) await fn() // warm: statement caches, JIT
  const times = []
  const cpu = process.cpuUsage()
  for (let i = 0; i < calls; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  const used = process.cpuUsage(cpu)
  times.sort((a, b) => a - b)
  // The process's CPU per call: on a loaded machine the figure to compare (the wall time waits for a core).
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    cpu: (used.user + used.system) / 1000 / calls
  }
}

/** A Kysely on `dialect` that keeps the last statement it ran (text and parameters). */
const capturing = (dialect) => {
  const seen = { last: undefined }
  const db = new Kysely({
    dialect,
    log: (event) => {
      if (event.level === "query") seen.last = event.query
    }
  })
  return { db, seen }
}

const rows = []
if (args.sqlite) {
  const sqlite = new Database(args.sqlite, { readonly: true, fileMustExist: true })
  sqlite.defaultSafeIntegers(true)
  sqlite.pragma("cache_size = -65536")
  sqlite.function(exactSumFunction.name, { deterministic: true, safeIntegers: true }, (hi, lo) =>
    exactSumFunction.combine(hi, lo)
  )
  // Prepared once per text, as the core's store keeps them (withStatementCache in store/database.ts).
  const cache = new Map()
  const cached = {
    close: () => sqlite.close(),
    prepare: (text) => {
      let statement = cache.get(text)
      if (statement === undefined) {
        statement = sqlite.prepare(text)
        cache.set(text, statement)
      }
      return statement
    }
  }
  const { db, seen } = capturing(new SqliteDialect({ database: cached }))
  const count = (where, table) => sqlite.prepare(`select count(*) from ${table} where ${where}`).pluck().get()
  console.log("SQLite: aggregate rows in the figures' ranges")
  console.log(
    `  pledge_month_totals all ≤ 2026-12: ${count("dimension = 'all' and month <= '2026-12'", "pledge_month_totals")}, ` +
      `district ≤ 2026-12: ${count("dimension = 'district' and month <= '2026-12'", "pledge_month_totals")}`
  )
  console.log(
    `  pledge_month_pairs all 2026: ${count("dimension = 'all' and month between '2026-01' and '2026-12'", "pledge_month_pairs")}, ` +
      `district 2026: ${count("dimension = 'district' and month between '2026-01' and '2026-12'", "pledge_month_pairs")}, ` +
      `default ≤ 2026-12: ${count("dimension = 'default' and month <= '2026-12'", "pledge_month_pairs")}`
  )
  for (const [name, figure] of Object.entries(figures)) {
    const core = await timeCalls(() => figure(db))
    await figure(db)
    const { sql: text, parameters } = seen.last
    const statement = sqlite.prepare(text)
    const alone = await timeCalls(async () => statement.all(...parameters))
    const plan = sqlite
      .prepare(`explain query plan ${text}`)
      .all(...parameters)
      .map((r) => r.detail)
    rows.push({ dialect: "sqlite", figure: name, core, alone })
    console.log(
      `\nSQLite ${name}: as the core runs it ${fmt(core.p50)} / ${fmt(core.p99)} ms (p50 / p99), ${fmt(core.cpu)} ms CPU a call;`
    )
    console.log(
      `  the prepared statement alone ${fmt(alone.p50)} / ${fmt(alone.p99)} ms, ${fmt(alone.cpu)} ms CPU; plan:`
    )
    for (const line of plan) console.log(`    ${line}`)
  }
  await db.destroy()
}

if (args.postgres) {
  const pg = require("pg")
  const pool = new pg.Pool({ connectionString: args.postgres, max: 2, options: "-c jit=off" })
  const { db, seen } = capturing(new PostgresDialect({ pool }))
  const ping = await timeCalls(() => pool.query("select 1"))
  console.log(`\nPostgreSQL: a \`select 1\` round trip on the pool ${fmt(ping.p50)} / ${fmt(ping.p99)} ms`)
  const client = await pool.connect()
  try {
    const onClient = await timeCalls(() => client.query("select 1"))
    console.log(`  on one held connection ${fmt(onClient.p50)} / ${fmt(onClient.p99)} ms`)
    for (const [name, figure] of Object.entries(figures)) {
      const core = await timeCalls(() => figure(db))
      await figure(db)
      const { sql: text, parameters } = seen.last
      const unnamed = await timeCalls(() => client.query(text, parameters))
      const named = await timeCalls(() =>
        client.query({ name: `profile-${name.replace(/\W/g, "-")}`, text, values: parameters })
      )
      const explained = []
      for (let i = 0; i < 20; i++) {
        const [plan] = (await client.query(`explain (analyze, buffers, format json) ${text}`, parameters))
          .rows[0]["QUERY PLAN"]
        explained.push(plan)
      }
      const planning = explained.map((p) => p["Planning Time"]).sort((a, b) => a - b)
      const execution = explained.map((p) => p["Execution Time"]).sort((a, b) => a - b)
      const scans = []
      const walk = (node) => {
        if (node["Relation Name"])
          scans.push(
            `${node["Node Type"]} ${node["Index Name"] ?? node["Relation Name"]}: ${node["Actual Rows"]} rows`
          )
        for (const child of node.Plans ?? []) walk(child)
      }
      walk(explained.at(-1).Plan)
      rows.push({
        dialect: "postgres",
        figure: name,
        core,
        alone: unnamed,
        named,
        planning: percentile(planning, 50),
        execution: percentile(execution, 50)
      })
      console.log(
        `\nPostgreSQL ${name}: as the core runs it ${fmt(core.p50)} / ${fmt(core.p99)} ms; the text alone on`
      )
      console.log(
        `  one connection ${fmt(unnamed.p50)} / ${fmt(unnamed.p99)} ms; prepared by name ${fmt(named.p50)} / ${fmt(named.p99)} ms;`
      )
      console.log(
        `  server: planning ${fmt(percentile(planning, 50))} ms, execution ${fmt(percentile(execution, 50))} ms (medians of 20 EXPLAIN ANALYZE)`
      )
      for (const scan of scans) console.log(`    ${scan}`)
    }
  } finally {
    client.release()
    await db.destroy()
  }
}

console.log("\nSummary (ms, p50 / p99):")
console.table(
  rows.map((r) => ({
    dialect: r.dialect,
    figure: r.figure,
    "as the core runs it": `${fmt(r.core.p50)} / ${fmt(r.core.p99)} (CPU ${fmt(r.core.cpu)})`,
    "statement alone": `${fmt(r.alone.p50)} / ${fmt(r.alone.p99)} (CPU ${fmt(r.alone.cpu)})`,
    "prepared by name": r.named ? `${fmt(r.named.p50)} / ${fmt(r.named.p99)}` : "",
    "server planning + execution": r.planning === undefined ? "" : `${fmt(r.planning)} + ${fmt(r.execution)}`
  }))
)
