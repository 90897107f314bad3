// Compares two benchmark result files: `node bench/compare.mjs before.json after.json`.
// For each figure: the core-to-baseline ratio before and after, and how much it changed.
// The ratio is the number to compare across runs: both sides were measured in the same process,
// so most of the machine's own drift cancels out; the absolute times do not.
import { readFileSync } from "node:fs"

const [beforePath, afterPath] = process.argv.slice(2)
if (beforePath === undefined || afterPath === undefined) {
  console.error("usage: node bench/compare.mjs <before.json> <after.json>")
  process.exit(2)
}

const load = (path) => {
  try {
    return JSON.parse(readFileSync(path, "utf8"))
  } catch (error) {
    console.error(`cannot read ${path}: ${error.message}`)
    process.exit(2)
  }
}
const before = load(beforePath)
const after = load(afterPath)

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 1 : 3)} ms`)
const fmtPct = (x) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`
// Figures match by id (stable across row counts); files without ids match by name.
const keyOf = (figure) => figure.id ?? figure.name

const rows = []
for (const b of before.figures) {
  const a = after.figures.find((f) => keyOf(f) === keyOf(b))
  if (a === undefined) {
    rows.push({ figure: b.name, "ratio before": `${b.ratio.toFixed(2)}×`, "ratio after": "missing" })
    continue
  }
  rows.push({
    figure: a.name,
    "ratio before": `${b.ratio.toFixed(2)}×`,
    "ratio after": `${a.ratio.toFixed(2)}×`,
    "ratio change": fmtPct(a.ratio / b.ratio - 1),
    "core before → after": `${fmtMs(b.kejin.meanMs)} → ${fmtMs(a.kejin.meanMs)} (${fmtPct(a.kejin.meanMs / b.kejin.meanMs - 1)})`,
    "baseline before → after": `${fmtMs(b.baseline.meanMs)} → ${fmtMs(a.baseline.meanMs)} (${fmtPct(a.baseline.meanMs / b.baseline.meanMs - 1)})`
  })
}
for (const a of after.figures) {
  if (!before.figures.some((f) => keyOf(f) === keyOf(a))) {
    rows.push({ figure: a.name, "ratio before": "missing", "ratio after": `${a.ratio.toFixed(2)}×` })
  }
}

console.log(`${beforePath} (${before.date}) → ${afterPath} (${after.date})`)
for (const key of ["rows", "node", "platform", "cpus"]) {
  if (before[key] !== after[key]) {
    console.log(`note: ${key} differs (${before[key]} → ${after[key]}); compare with care`)
  }
}
console.table(rows)
console.log("ratio change below 0 means the core got closer to the baseline (better).")
