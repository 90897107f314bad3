// Fund metrics and the linkage summary, from the records (before migration 0027) and from the maintained
// per day aggregates (after), on the same store in the same run, on SQLite and (with
// KEJIN_BENCH_POSTGRES_URL or KEJIN_TEST_POSTGRES_URL) PostgreSQL. Run after `pnpm exec tsc -b` (it imports
// packages/core/dist): `node bench/fund-linkage.bench.mjs`. See bench/README.md, "Fund metrics and linkage
// volumes".
//
// The store is seeded in bulk (multi-row INSERTs, no journal entries: the figures do not read the journal)
// with KEJIN_BENCH_FUNDS funds (default 200) of about KEJIN_BENCH_FUND_ENTRIES ledger entries each (default
// 5,000) and KEJIN_BENCH_LINKAGE_RECORDS linkage records (default 200,000), then the aggregates are built
// from the records by the same SQL as migration 0027 (timed). Each figure is timed
// KEJIN_BENCH_ITERATIONS times (default 200; the all-funds figures a tenth of that), p50 / p99.
import { mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import { join } from "node:path"
import { rebuildFundAggregates } from "../packages/core/dist/equity/aggregates.js"
import { fundFigures, loadLedgers } from "../packages/core/dist/equity/metrics.js"
import { findFunds } from "../packages/core/dist/equity/store.js"
import { openKejin } from "../packages/core/dist/index.js"
import { rebuildLinkageAggregates } from "../packages/core/dist/linkage/aggregates.js"
import * as linkage from "../packages/core/dist/linkage/store.js"
import { makeUscc } from "../packages/core/dist/registry/codes.js"
import { Database } from "../packages/core/dist/store/database.js"

// kysely and pg are the core's dependencies, not the workspace root's.
const coreRequire = createRequire(new URL("../packages/core/package.json", import.meta.url))
const { sql } = coreRequire("kysely")
const pg = coreRequire("pg")

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

const FUNDS = envInt("KEJIN_BENCH_FUNDS", 200)
const ENTRIES = envInt("KEJIN_BENCH_FUND_ENTRIES", 5_000)
const RECORDS = envInt("KEJIN_BENCH_LINKAGE_RECORDS", 200_000)
const ITERATIONS = envInt("KEJIN_BENCH_ITERATIONS", 200)
const AS_OF = "2026-12-31"
const YEAR = { from: "2026-01-01", to: AS_OF }
const CLOCK = { today: AS_OF }

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`) // float-ok: timings
const fmtInt = (n) => Math.round(n).toLocaleString("en-US")

/** A deterministic generator (mulberry32). */
const generator = (seed) => {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 // float-ok: a random draw, not money
  }
}

const day = (random, fromYear = 2023, years = 4) => {
  const y = fromYear + Math.floor(random() * years)
  const m = 1 + Math.floor(random() * 12)
  const d = 1 + Math.floor(random() * 28)
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
}
const fen = (random, max) => BigInt(1 + Math.floor(random() * max))

const withDb = (kejin, f) => kejin.run(Database.use((d) => d.query((db) => f(db))))
const inTransaction = (kejin, f) =>
  kejin.run(Database.use((d) => d.transaction((trx) => d.query(() => f(trx)))))

/** Rows inserted in multi-row statements of `per` rows. */
const insertRows = async (db, table, rows, per = 500) => {
  for (let i = 0; i < rows.length; i += per)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + per))
      .execute()
}

const seed = async (kejin) => {
  const random = generator(1)
  const started = performance.now()
  const bank = await kejin.registry.addInstitution({ kind: "bank", name: "基准银行" })
  const insurer = await kejin.registry.addInstitution({ kind: "insurer", name: "基准保险" })
  const manager = await kejin.registry.addInstitution({ kind: "fund-manager", name: "基准基金管理" })
  const enterprises = []
  for (let i = 0; i < 300; i++) {
    const uscc = makeUscc(`91330302MF${String(i + 1).padStart(7, "0")}`)
    enterprises.push(
      (
        await kejin.registry.addEnterprise({
          uscc,
          name: `基准企业${i}`,
          district: ["330302", "330303", "330381", "330106"][i % 4],
          industry: "新材料",
          stage: "start-up",
          techCategory: ["frontier", "other", "key-generic"][i % 3]
        })
      ).id
    )
  }
  const base = {
    targetSize: "10000000000.00",
    vintage: "2022-01-01",
    district: "330302",
    manager: manager.id
  }
  await kejin.funds.create({ ...base, code: "b-0000", name: "基准市基金", kind: "city-fund" })
  for (let f = 1; f < FUNDS; f++)
    await kejin.funds.create({
      ...base,
      code: `b-${String(f).padStart(4, "0")}`,
      name: `基准子基金${f}`,
      kind: "sub-fund",
      parent: "b-0000",
      chainStage: ["angel", "venture", "industrial"][f % 3]
    })
  const funds = await withDb(kejin, (db) => findFunds(db))
  // Per fund: LPs (a fiftieth of the entries), 40 pro-rata calls and 8 distributions (a line per LP),
  // 20 NAV marks, 50 investments, 10 exits, 20 valuations, and 1 % of the call lines reversed.
  const lps = Math.max(2, Math.round(ENTRIES / 50))
  let entries = 0
  await withDb(kejin, async (db) => {
    for (const fund of funds) {
      const e = (row) => ({ fund_id: fund.id, journal_id: 0, ...row })
      const commitments = []
      for (let i = 0; i < lps; i++) {
        const row = e({
          kind: "commitment",
          on_date: `2022-01-${String(1 + (i % 28)).padStart(2, "0")}`,
          amount_fen: fen(random, 1e10) + 1_000_000_00n,
          lp_name: `LP${i}`,
          lp_type: ["fiscal", "state-owned", "private", "merchant", "insurance"][i % 5],
          lp_fund_id: fund.id !== funds[0].id && i === 0 ? funds[0].id : null
        })
        commitments.push(
          Number(
            (await db.insertInto("fund_entries").values(row).returning("id").executeTakeFirstOrThrow()).id
          )
        )
      }
      const rows = []
      for (let c = 0; c < 40; c++) {
        const on = day(random, 2022, 5)
        for (const id of commitments)
          rows.push(e({ kind: "call", on_date: on, amount_fen: fen(random, 1e8), commitment_id: id }))
      }
      for (let c = 0; c < 8; c++) {
        const on = day(random, 2023, 4)
        for (const id of commitments)
          rows.push(
            e({
              kind: "distribution",
              on_date: on,
              amount_fen: fen(random, 1e7),
              commitment_id: id,
              distribution_kind: "gain"
            })
          )
      }
      for (let c = 0; c < 20; c++)
        rows.push(e({ kind: "nav", on_date: day(random, 2022, 5), amount_fen: fen(random, 1e12) }))
      await insertRows(db, "fund_entries", rows)
      const investments = []
      for (let i = 0; i < 50; i++) {
        const row = e({
          kind: "investment",
          on_date: day(random, 2022, 4),
          amount_fen: fen(random, 1e9) + 100n,
          enterprise_id: enterprises[Math.floor(random() * enterprises.length)],
          instrument: "equity",
          round: "A",
          stage: "start-up",
          tech_category: "frontier",
          mode: "direct"
        })
        investments.push({
          id: Number(
            (await db.insertInto("fund_entries").values(row).returning("id").executeTakeFirstOrThrow()).id
          ),
          on: row.on_date
        })
      }
      const later = []
      for (let i = 0; i < 10; i++) {
        const inv = investments[i]
        later.push(
          e({
            kind: "exit",
            on_date: "2026-06-30",
            amount_fen: fen(random, 1e9),
            cost_fen: 1n,
            route: "share-transfer",
            investment_id: inv.id
          })
        )
      }
      for (let i = 0; i < 20; i++)
        later.push(
          e({
            kind: "valuation",
            on_date: "2026-03-31",
            amount_fen: fen(random, 1e9),
            investment_id: investments[10 + i].id
          })
        )
      await insertRows(db, "fund_entries", later)
      await sql`insert into fund_entries (fund_id, kind, on_date, reverses_id, reason, journal_id)
        select fund_id, 'reversal', on_date, id, 'bench', 0 from fund_entries
        where fund_id = ${fund.id} and kind = 'call' and id % 100 = 0`.execute(db)
      entries += rows.length + lps + 50 + later.length
    }
  })
  // Linkage records, dated 2023–2026, 2 % of each kind reversed.
  const share = (part) => Math.max(1, Math.round((RECORDS * part) / 100))
  const leads = await withDb(kejin, async (db) =>
    (
      await db
        .selectFrom("fund_entries")
        .select(["id", "enterprise_id"])
        .where("kind", "=", "investment")
        .limit(2000)
        .execute()
    ).map((r) => ({ id: Number(r.id), enterprise: Number(r.enterprise_id) }))
  )
  await kejin.linkage.recordTierTable({
    modelVersion: "bench",
    maxScore: "100",
    tiers: [{ tier: "A", minScore: "60", limit: "5000000.00" }]
  })
  for (const [code, kind] of [
    ["b-relief", "relief"],
    ["b-rc", "risk-compensation"]
  ])
    await kejin.linkage.recordPool({ code, name: code, kind, openedOn: "2023-01-01", ratio: "0.5" })
  await withDb(kejin, async (db) => {
    const table = Number(
      (await db.selectFrom("linkage_tier_tables").select("id").executeTakeFirstOrThrow()).id
    )
    const pools = (await db.selectFrom("linkage_pools").select("id").execute()).map((r) => Number(r.id))
    const ent = () => enterprises[Math.floor(random() * enterprises.length)]
    const loans = Array.from({ length: share(30) }, (_, i) => ({
      pilot: i % 2 === 0 ? "investment-loan" : "index-loan",
      bank_id: bank.id,
      enterprise_id: ent(),
      amount_fen: fen(random, 1e9),
      rate_percent: "3.2",
      disbursed_on: day(random),
      matures_on: "2029-12-31",
      warrant_equity_percent: i % 6 === 0 ? "4" : null,
      journal_id: 0
    }))
    await insertRows(db, "linkage_loans", loans)
    const warrantLoans = (
      await db
        .selectFrom("linkage_loans")
        .select("id")
        .where("warrant_equity_percent", "is not", null)
        .execute()
    ).map((r) => Number(r.id))
    await insertRows(
      db,
      "linkage_warrant_events",
      Array.from({ length: share(5) }, (_, i) => ({
        loan_id: warrantLoans[i % warrantLoans.length],
        kind: i % 3 === 0 ? "exit" : "exercise",
        on_date: day(random),
        equity_percent: "1",
        amount_fen: fen(random, 1e8),
        journal_id: 0
      }))
    )
    await insertRows(
      db,
      "linkage_scores",
      Array.from({ length: share(10) }, () => ({
        enterprise_id: ent(),
        model_version: "bench",
        table_id: table,
        scored_on: day(random),
        total: "80",
        dimensions: "{}",
        journal_id: 0
      }))
    )
    await insertRows(
      db,
      "linkage_policies",
      Array.from({ length: share(15) }, (_, i) => ({
        pilot: i % 2 === 0 ? "investment-insurance" : "transfer-insurance",
        insurer_id: insurer.id,
        enterprise_id: ent(),
        sum_insured_fen: fen(random, 1e10),
        premium_fen: fen(random, 1e7) + 1_000_000n,
        premium_subsidy_fen: fen(random, 1e6),
        starts_on: day(random),
        ends_on: "2029-12-31",
        journal_id: 0
      }))
    )
    await insertRows(
      db,
      "linkage_pool_deposits",
      Array.from({ length: share(2.5) }, (_, i) => ({
        pool_id: pools[i % pools.length],
        on_date: day(random),
        amount_fen: fen(random, 1e9),
        journal_id: 0
      }))
    )
    await insertRows(
      db,
      "linkage_claims",
      Array.from({ length: share(7.5) }, (_, i) => ({
        kind: i % 2 === 0 ? "transfer-insurance" : "risk-compensation",
        on_date: day(random),
        loss_fen: fen(random, 1e8) + 100_000_000n,
        insurer_paid_fen: fen(random, 1e7),
        pool_id: i % 3 === 0 ? null : pools[i % pools.length],
        payout_fen: fen(random, 1e7),
        note: "",
        journal_id: 0
      }))
    )
    await insertRows(
      db,
      "linkage_co_investments",
      Array.from({ length: share(10) }, (_, i) => {
        const lead = leads[i % leads.length]
        return {
          enterprise_id: lead.enterprise,
          lead_id: lead.id,
          follower_kind: "social-capital",
          investor: "某资本",
          amount_fen: fen(random, 1e9),
          on_date: day(random),
          journal_id: 0
        }
      })
    )
    await insertRows(
      db,
      "linkage_subsidies",
      Array.from({ length: share(10) }, () => ({
        on_date: day(random),
        amount_fen: fen(random, 1e6),
        journal_id: 0
      }))
    )
    await insertRows(
      db,
      "linkage_bonds",
      Array.from({ length: share(10) }, (_, i) => ({
        issuer_enterprise_id: ent(),
        amount_fen: fen(random, 1e11),
        issued_on: day(random),
        tenor_months: 36,
        matures_on: "2030-12-31",
        coupon_percent: "2.35",
        use_of_proceeds: "研发",
        proceeds_fund_id: i % 2 === 0 ? funds[0].id : null,
        journal_id: 0
      }))
    )
    for (const [kind, t] of [
      ["loan", "linkage_loans"],
      ["warrant-event", "linkage_warrant_events"],
      ["score", "linkage_scores"],
      ["policy", "linkage_policies"],
      ["deposit", "linkage_pool_deposits"],
      ["claim", "linkage_claims"],
      ["co-investment", "linkage_co_investments"],
      ["subsidy", "linkage_subsidies"],
      ["bond", "linkage_bonds"]
    ])
      await sql`insert into linkage_reversals (record_kind, record_id, on_date, reason, journal_id)
        select ${kind}, id, ${AS_OF}, 'bench', 0 from ${sql.table(t)} where id % 50 = 0`.execute(db)
  })
  const seeded = (performance.now() - started) / 1000
  const buildStarted = performance.now()
  await inTransaction(kejin, async (db) => {
    await rebuildFundAggregates(db)
    await rebuildLinkageAggregates(db)
  })
  const built = (performance.now() - buildStarted) / 1000
  const counts = await withDb(kejin, async (db) => ({
    entries: Number((await sql`select count(*) as n from fund_entries`.execute(db)).rows[0].n),
    linkage: Number(
      (
        await sql`select (select count(*) from linkage_loans) + (select count(*) from linkage_warrant_events)
          + (select count(*) from linkage_scores) + (select count(*) from linkage_policies)
          + (select count(*) from linkage_pool_deposits) + (select count(*) from linkage_claims)
          + (select count(*) from linkage_co_investments) + (select count(*) from linkage_subsidies)
          + (select count(*) from linkage_bonds) as n`.execute(db)
      ).rows[0].n
    ),
    fundRows: Number((await sql`select count(*) as n from fund_day_totals`.execute(db)).rows[0].n),
    linkageRows: Number((await sql`select count(*) as n from linkage_day_totals`.execute(db)).rows[0].n)
  }))
  return { seeded, built, counts, funds, entries }
}

/** p50 and p99 of `iterations` timed calls of `run` (after 3 untimed ones). */
const time = async (iterations, run) => {
  for (let i = 0; i < 3; i++) await run()
  const samples = []
  for (let i = 0; i < iterations; i++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]
  return { p50: at(0.5), p99: at(0.99) }
}

/** The linkage summary's figures, from the records (before 0027) or from the aggregates (after). */
const summaryFigures = async (db, period, source) => {
  const pools = (await linkage.findPools(db, { includeReversed: false })).map((p) => p.id)
  if (source === "aggregates")
    return [
      await linkage.loanFigures(db, period),
      await linkage.warrantFigures(db, period),
      await linkage.scoreCount(db, period),
      await linkage.policyFigures(db, period),
      await linkage.claimFigures(db, period),
      await linkage.subsidyFigures(db, period),
      await linkage.bondFigures(db, period),
      await linkage.coInvestmentFigures(db, period),
      await linkage.poolTotals(db, pools, period),
      await linkage.poolTotals(db, pools, { to: period.to })
    ]
  const links = await linkage.findCoInvestments(db, { ...period, includeReversed: false })
  return [
    await linkage.loanFiguresFromRecords(db, period),
    await linkage.warrantFiguresFromRecords(db, period),
    await linkage.scoreCountFromRecords(db, period),
    await linkage.policyFiguresFromRecords(db, period),
    await linkage.claimFiguresFromRecords(db, period),
    await linkage.subsidyFiguresFromRecords(db, period),
    await linkage.bondFiguresFromRecords(db, period),
    links.length,
    await linkage.poolTotalsFromRecords(db, pools, period),
    await linkage.poolTotalsFromRecords(db, pools, { to: period.to })
  ]
}

const measure = async (dialect, database) => {
  const kejin = await openKejin({ database, clock: CLOCK })
  try {
    const s = await seed(kejin)
    console.log(
      `${dialect}: seeded ${fmtInt(s.funds.length)} funds, ${fmtInt(s.counts.entries)} ledger entries, ` +
        `${fmtInt(s.counts.linkage)} linkage records in ${s.seeded.toFixed(1)} s; ` + // float-ok: seconds
        `the aggregates built from them (migration 0027's SQL) in ${s.built.toFixed(1)} s: ` + // float-ok: seconds
        `${fmtInt(s.counts.fundRows)} fund_day_totals rows, ${fmtInt(s.counts.linkageRows)} linkage_day_totals rows`
    )
    const one = [s.funds[Math.floor(s.funds.length / 2)]]
    const rows = []
    const row = async (figure, iterations, before, after) => {
      const b = await withDb(kejin, (db) => time(iterations, () => before(db)))
      const a = await withDb(kejin, (db) => time(iterations, () => after(db)))
      rows.push({
        dialect,
        figure,
        "before p50 / p99": `${fmtMs(b.p50)} / ${fmtMs(b.p99)}`,
        "after p50 / p99": `${fmtMs(a.p50)} / ${fmtMs(a.p99)}`,
        "p50 ×": (b.p50 / a.p50).toFixed(1) // float-ok: a speed-up
      })
      console.log(JSON.stringify(rows.at(-1)))
    }
    const figures = (funds, source) => async (db) =>
      fundFigures(await loadLedgers(db, funds, AS_OF, source), AS_OF)
    await row("fund metrics, one fund", ITERATIONS, figures(one, "records"), figures(one, "aggregates"))
    const quarter = Math.max(5, Math.round(ITERATIONS / 10))
    await row(
      `fund metrics, ${s.funds.length} funds pooled`,
      quarter,
      figures(s.funds, "records"),
      figures(s.funds, "aggregates")
    )
    await row(
      "linkage summary figures, a year",
      ITERATIONS,
      (db) => summaryFigures(db, YEAR, "records"),
      (db) => summaryFigures(db, YEAR, "aggregates")
    )
    await row(
      "linkage summary figures, 4 years",
      ITERATIONS,
      (db) => summaryFigures(db, { from: "2023-01-01", to: AS_OF }, "records"),
      (db) => summaryFigures(db, { from: "2023-01-01", to: AS_OF }, "aggregates")
    )
    // The public calls as the dashboard makes them (after only: they read the aggregates).
    const code = one[0].code
    const metricsCall = await time(ITERATIONS, () => kejin.funds.metrics(code, { asOf: AS_OF }))
    const cityCall = await time(quarter, () => kejin.funds.cityFund({ asOf: AS_OF }))
    const summaryCall = await time(ITERATIONS, () => kejin.linkage.summary(YEAR))
    for (const [figure, t] of [
      ["kejin.funds.metrics(one fund)", metricsCall],
      [`kejin.funds.cityFund() (${s.funds.length} funds)`, cityCall],
      ["kejin.linkage.summary(a year)", summaryCall]
    ])
      rows.push({
        dialect,
        figure,
        "before p50 / p99": "",
        "after p50 / p99": `${fmtMs(t.p50)} / ${fmtMs(t.p99)}`,
        "p50 ×": ""
      })
    for (const r of rows.slice(-3)) console.log(JSON.stringify(r))
    return rows
  } finally {
    await kejin.close()
  }
}

const scratch = mkdtempSync(join(os.tmpdir(), "kejin-fund-bench-"))
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }))
const table = [...(await measure("sqlite", `sqlite:${join(scratch, "kejin.db")}`))]

const postgresUrl = process.env.KEJIN_BENCH_POSTGRES_URL ?? process.env.KEJIN_TEST_POSTGRES_URL
if (postgresUrl) {
  const name = `kejin_fund_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  try {
    const url = new URL(postgresUrl)
    url.pathname = `/${name}`
    table.push(...(await measure("postgres", url.toString())))
  } finally {
    await admin.query(`drop database ${name} with (force)`)
    await admin.end()
  }
}
console.table(table)
