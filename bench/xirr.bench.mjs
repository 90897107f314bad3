// XIRR benchmarks: the core's `xirr` against one `xnpv` over the same flows, in the same process run, so the
// ratio reads "XIRR costs N XNPV evaluations". Run through `pnpm bench` (which builds the core first); see
// bench/README.md.
import { mkdirSync, writeFileSync } from "node:fs"
import os from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Decimal, xirr, xnpv } from "@kejin/core"
import { Bench } from "tinybench"

const here = dirname(fileURLToPath(import.meta.url))

const fail = (message) => {
  console.error(message)
  process.exit(1)
}

/** KEJIN_BENCH_XIRR_FLOWS: comma-separated flow counts, default 10000,50000. */
const FLOWS = (() => {
  const raw = process.env.KEJIN_BENCH_XIRR_FLOWS
  if (raw === undefined || raw.trim() === "") return [10_000, 50_000]
  const counts = raw.split(",").map((part) => Number(part.trim().replaceAll("_", "")))
  if (counts.some((n) => !Number.isInteger(n) || n < 10)) {
    fail(
      `KEJIN_BENCH_XIRR_FLOWS must be whole numbers of at least 10, comma-separated, got ${JSON.stringify(raw)}`
    )
  }
  return counts
})()
const SEED = 1

const gc = () => globalThis.gc?.()
const fmtInt = (n) => Math.round(n).toLocaleString("en-US")
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 1 : 3)} ms`)
const fmtRatio = (r) => `${r.toFixed(r >= 10 ? 1 : 2)}×`

/** Park–Miller, so every run times the same flows. */
const random = (() => {
  let state = SEED
  return () => {
    state = (state * 48271) % 2147483647
    return state / 2147483647
  }
})()

const EPOCH = Date.UTC(2020, 0, 1)
const dateAfter = (days) => new Date(EPOCH + days * 86_400_000).toISOString().slice(0, 10)
/** A whole number of fen between 1 yuan and 1,000,000 yuan, as a Decimal of yuan (what the core stores). */
const yuan = (sign, scale) => new Decimal(sign * (100 + Math.floor(random() * 1e8 * scale))).div(100)

/**
 * A fund's cash flows, as the equity metrics pass them (Decimal yuan, `YYYY-MM-DD`, unsorted): `count − 1`
 * flows, two in three of them capital calls over the first five years and one in three distributions over
 * years 2–10, then the NAV on 2030-01-01. Cumulative flows change sign once: exactly one rate, found
 * without a scan.
 */
const fundFlows = (count) => {
  const flows = []
  for (let i = 0; i < count - 1; i++) {
    const call = i % 3 !== 0
    const day = call ? Math.floor(random() * 1826) : 730 + Math.floor(random() * 2922)
    flows.push({ date: dateAfter(day), amount: yuan(call ? -1 : 1, call ? 1 : 2.2) })
  }
  flows.push({ date: "2030-01-01", amount: new Decimal("1500000000.00") })
  return flows
}

/**
 * The same fund with an early distribution of 1.5 times the capital called so far (on day 400), recalled
 * half a year later: the running total of the flows changes sign three times, so the solver cannot rule
 * out several roots from the flows alone and scans its grid (stopping once the bound beyond the scanned
 * point rules out more).
 */
const scannedFlows = (count) => {
  const flows = fundFlows(count - 2)
  const early = dateAfter(400)
  const called = flows
    .filter((f) => f.date < early && f.amount.isNegative())
    .reduce((s, f) => s.minus(f.amount), new Decimal(0))
  const recallable = called.times(1.5).toDecimalPlaces(2)
  flows.push({ date: early, amount: recallable }, { date: dateAfter(580), amount: recallable.neg() })
  return flows
}

const scenarios = FLOWS.flatMap((count) => [
  {
    id: `xirr-${count}`,
    name: `XIRR over ${fmtInt(count)} fund flows (Decimal amounts)`,
    flows: fundFlows(count)
  },
  {
    id: `xirr-numbers-${count}`,
    name: `XIRR over ${fmtInt(count)} fund flows (number amounts)`,
    flows: fundFlows(count).map((f) => ({ date: f.date, amount: f.amount.toNumber() }))
  }
])
scenarios.push({
  id: `xirr-scan-${FLOWS[0]}`,
  name: `XIRR over ${fmtInt(FLOWS[0])} flows whose running total changes sign 3 times (grid scan)`,
  flows: scannedFlows(FLOWS[0])
})

// Every scenario must give one rate at which XNPV is ~0 before anything is timed.
for (const s of scenarios) {
  const result = xirr(s.flows)
  if (result._tag !== "Rate") fail(`${s.name}: no rate (${result.reason})`)
  const size = s.flows.reduce((sum, f) => sum + Math.abs(Number(f.amount)), 0)
  const value = xnpv(result.rate, s.flows)
  if (!(Math.abs(value) <= 1e-9 * size)) fail(`${s.name}: XNPV at ${result.rate} is ${value}, not ~0`)
  s.rate = result.rate
  s.dates = new Set(s.flows.map((f) => f.date)).size
  console.log(
    `${s.name}: rate ${(100 * result.rate).toFixed(4)} %${result.otherRoots.length > 0 ? ` (other roots: ${result.otherRoots.join(", ")})` : ""}, ${fmtInt(s.dates)} distinct dates`
  )
}

let sink = 0
const bench = new Bench({
  name: "xirr",
  time: 1_500,
  iterations: 20,
  warmupTime: 300,
  warmupIterations: 10,
  throws: true
})
for (const s of scenarios) {
  bench.add(
    `${s.id}:kejin`,
    () => {
      const result = xirr(s.flows)
      if (result._tag === "Rate") sink += result.rate
    },
    { beforeAll: gc }
  )
  // The baseline: one XNPV over the same flows (at the rate XIRR finds), through the same public API, so
  // it includes reading the flows (amounts to doubles, dates to day numbers, netting by date) exactly once.
  bench.add(
    `${s.id}:baseline`,
    () => {
      sink += xnpv(s.rate, s.flows)
    },
    { beforeAll: gc }
  )
}
console.log(`timing ${scenarios.length} scenarios, about 1.5 s per side each`)
await bench.run()
if (!Number.isFinite(sink)) throw new Error("the benchmark summed a non-finite value")

// ── Report ───────────────────────────────────────────────────────────────────────────────────────────────
const stats = (name) => {
  const result = bench.getTask(name)?.result
  if (result === undefined || (result.state !== "completed" && result.state !== "aborted-with-statistics")) {
    throw new Error(`${name} did not complete: ${result?.state}`)
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

const figures = scenarios.map((s) => {
  const k = stats(`${s.id}:kejin`)
  const b = stats(`${s.id}:baseline`)
  return {
    id: s.id,
    name: s.name,
    flows: s.flows.length,
    distinctDates: s.dates,
    kejin: { ...k, flowsPerSecond: s.flows.length / (k.meanMs / 1000) },
    baseline: { name: "one xnpv over the same flows", ...b },
    ratio: k.meanMs / b.meanMs,
    // The same from the fastest sample of each side: steadier on a busy machine (no GC pause, no neighbour).
    minRatio: k.minMs / b.minMs
  }
})

const cpus = os.cpus()
const report = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpus.length} × ${cpus[0]?.model ?? "unknown"}`,
  rows: FLOWS.join(","),
  figures
}

console.log(`\n${report.date} · Node ${report.node} · ${report.platform} · ${report.cpus}`)
console.table(
  figures.map((f) => ({
    figure: f.name,
    xirr: `${fmtMs(f.kejin.meanMs)} ±${f.kejin.rme.toFixed(1)}% (n=${f.kejin.samples})`,
    "one xnpv": `${fmtMs(f.baseline.meanMs)} ±${f.baseline.rme.toFixed(1)}% (n=${f.baseline.samples})`,
    ratio: fmtRatio(f.ratio),
    "ratio of minimums": fmtRatio(f.minRatio)
  }))
)
for (const f of figures) {
  console.log(
    `${f.name}: ${fmtMs(f.kejin.meanMs)}; baseline (${f.baseline.name}): ${fmtMs(f.baseline.meanMs)}; XIRR costs ${f.ratio.toFixed(2)} XNPV evaluations (${f.minRatio.toFixed(2)} from the fastest runs)`
  )
}

const resultsDir = join(here, "results")
mkdirSync(resultsDir, { recursive: true })
const json = `${JSON.stringify(report, null, 2)}\n`
const stamped = join(resultsDir, `xirr-${report.date.replaceAll(":", "-")}.json`)
writeFileSync(stamped, json)
writeFileSync(join(resultsDir, "xirr-latest.json"), json)
console.log(`\nresults: ${stamped} (and bench/results/xirr-latest.json)`)
