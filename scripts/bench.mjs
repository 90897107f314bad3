// `pnpm bench`: build the workspace (tsc -b), then run the benchmarks in bench/ in a fresh Node process
// so `@kejin/core` resolves to packages/core/dist. KEJIN_BENCH_ROWS (default 100000) sets the data size.
// KEJIN_BENCH_ONLY=pledges, =xirr, =imports, =startup or =serve runs just that benchmark (default: all, in order).
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const tsc = join(root, "node_modules", ".bin", "tsc")

const run = (title, command, args) => {
  console.log(`\n▶ ${title}`)
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" })
  if (result.error) {
    console.error(`${title} could not start: ${result.error.message}`)
    process.exit(1)
  }
  if (result.status !== 0) {
    console.error(`${title} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
}

if (!existsSync(tsc)) {
  console.error(`no TypeScript compiler at ${tsc}: run pnpm install first`)
  process.exit(1)
}
// Only the project the benchmarks import (and its references): a type error elsewhere in the
// workspace must not block a benchmark of the core, but any error in the core stops here.
run("building the workspace (tsc -b)", tsc, ["-b"])
// The one-file bundle `kejin` starts from (packages/server/dist/cli.js takes it while it is current).
run("bundling the kejin CLI", process.execPath, [join(root, "packages", "server", "bundle.mjs")])
// --expose-gc: the benchmark collects garbage between iterations, outside the timed part.
const only = process.env.KEJIN_BENCH_ONLY?.trim() || undefined
const benchmarks = ["pledges", "xirr", "imports", "startup", "serve"]
if (only !== undefined && !benchmarks.includes(only)) {
  console.error(`KEJIN_BENCH_ONLY must be one of ${benchmarks.join(", ")}, got ${JSON.stringify(only)}`)
  process.exit(1)
}
if (only === undefined || only === "pledges") {
  run("benchmarking pledges", process.execPath, ["--expose-gc", join(root, "bench", "pledges.bench.mjs")])
}
if (only === undefined || only === "xirr") {
  run("benchmarking xirr", process.execPath, ["--expose-gc", join(root, "bench", "xirr.bench.mjs")])
}
if (only === undefined || only === "imports") {
  run("benchmarking imports", process.execPath, [join(root, "bench", "imports.bench.mjs")])
}
if (only === undefined || only === "startup") {
  run("benchmarking start-up", process.execPath, [join(root, "bench", "startup.bench.mjs")])
}
if (only === undefined || only === "serve") {
  run("benchmarking the dashboard under load", process.execPath, [join(root, "bench", "serve.bench.mjs")])
}
