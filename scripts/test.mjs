// `npm test`: the whole suite — lint, type-check, then every vitest project (unit, store on SQLite
// and PostgreSQL, HTTP, browser) in a shuffled order: the seed is printed, KEJIN_TEST_SEED=N repeats it.
// Ends with a line "N passed, N failed".
import { spawnSync } from "node:child_process"
import { randomInt } from "node:crypto"
import { existsSync, mkdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { pnpm } from "./pnpm.mjs"

const step = (title) => console.log(`\n▶ ${title}`)

step("installing dependencies (pnpm 12.4.2)")
pnpm(["install", "--frozen-lockfile"])

step("lint and format (biome)")
pnpm(["exec", "biome", "ci", "."])

step("type-check and build (tsc -b), then type-check the tests")
pnpm(["exec", "tsc", "-b"])
pnpm(["exec", "tsc", "-p", "tsconfig.tests.json"])

step("browser")
const chromium = process.env.KEJIN_CHROMIUM ?? "/usr/bin/chromium"
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("installing Debian's chromium for the browser test")
    for (const args of [
      ["update"],
      ["install", "-y", "--no-install-recommends", "chromium", "fonts-wqy-microhei"]
    ]) {
      const result = spawnSync("apt-get", args, { stdio: "inherit" })
      if (result.status !== 0) process.exit(result.status ?? 1)
    }
  } else {
    console.error(
      `no Chromium at ${chromium}: install Debian's chromium (or set KEJIN_CHROMIUM) to run the browser test`
    )
    process.exit(1)
  }
}
console.log(`Chromium: ${chromium}`)

step("PostgreSQL")
if (!process.env.KEJIN_TEST_POSTGRES_URL) {
  // Use the machine's server when it answers; CI sets the variable itself and fails without it.
  const require = createRequire(new URL("../packages/core/package.json", import.meta.url))
  const pg = require("pg")
  const candidate = "postgres://postgres@127.0.0.1:5432/postgres"
  const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    process.env.KEJIN_TEST_POSTGRES_URL = candidate
  } catch {
    if (process.env.CI) {
      console.error(
        "PostgreSQL does not answer and KEJIN_TEST_POSTGRES_URL is not set: CI must test on PostgreSQL"
      )
      process.exit(1)
    }
    console.log("PostgreSQL: not reachable at 127.0.0.1:5432, store tests run on SQLite only")
  }
}
if (process.env.KEJIN_TEST_POSTGRES_URL) {
  console.log(
    `PostgreSQL: store tests run on ${process.env.KEJIN_TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ":***@")}`
  )
}

step("tests (vitest)")
mkdirSync("test-output", { recursive: true })
// Files and the tests in each run in an order of their own every time: a test that needs another's rows
// fails. The seed repeats an order.
const seedText = process.env.KEJIN_TEST_SEED?.trim()
if (seedText && !/^\d+$/.test(seedText)) {
  console.error(`KEJIN_TEST_SEED must be a whole number, not ${JSON.stringify(seedText)}`)
  process.exit(1)
}
const seed = seedText ? Number(seedText) : randomInt(1, 2 ** 31)
console.log(`vitest shuffle seed: ${seed} (rerun with KEJIN_TEST_SEED=${seed})`)
const vitest = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--sequence.shuffle",
    `--sequence.seed=${seed}`,
    "--reporter=default",
    "--reporter=json",
    "--outputFile.json=test-output/vitest.json"
  ],
  { stdio: "inherit" }
)
let passed = 0
let failed = 0
if (existsSync("test-output/vitest.json")) {
  const report = JSON.parse(readFileSync("test-output/vitest.json", "utf8"))
  passed = report.numPassedTests
  failed = report.numFailedTests
  const perGroup = new Map()
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      const pkg = file.name.includes("/packages/")
        ? file.name.split("/packages/")[1].split("/")[0]
        : file.name.includes("/test/multi-server/")
          ? "multi-server (PostgreSQL, replica, pgbouncer)"
          : "acceptance"
      const dialect = /on (sqlite|postgres)/.exec(test.ancestorTitles.join(" "))?.[1]
      const key = dialect ? `${pkg} (${dialect})` : pkg
      perGroup.set(key, (perGroup.get(key) ?? 0) + (test.status === "passed" ? 1 : 0))
    }
  }
  console.log("\npassed tests by package and dialect:")
  for (const [key, count] of [...perGroup].sort()) console.log(`  ${key}: ${count}`)
}
if (vitest.status !== 0 && failed === 0) failed = 1
console.log(`\nvitest shuffle seed: ${seed} (rerun with KEJIN_TEST_SEED=${seed})`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(vitest.status === 0 && failed === 0 ? 0 : 1)
