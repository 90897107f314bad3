// Runs every test of the given files alone, one vitest run each (`vitest run <file> -t "^<full name>$"`),
// and lists those that fail alone: a test must create what it reads.
//
//   node scripts/test-alone.mjs [--jobs N] [--every K] <test files…>
//
// --every K runs every K-th test of each file (the first always), for a quick sample.
// Ends with a line "N passed alone, N failed alone"; exits 1 when any failed.
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const args = process.argv.slice(2)
let jobs = 2
let every = 1
const files = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--jobs") jobs = Number(args[++i])
  else if (args[i] === "--every") every = Number(args[++i])
  else files.push(args[i])
}
if (files.length === 0 || !(jobs >= 1) || !(every >= 1)) {
  console.error("usage: node scripts/test-alone.mjs [--jobs N] [--every K] <test files…>")
  process.exit(2)
}

const vitest = ["node_modules/vitest/vitest.mjs"]
const out = mkdtempSync(join(tmpdir(), "kejin-alone-"))
const list = join(out, "list.json")
const listed = spawnSync(process.execPath, [...vitest, "list", `--json=${list}`, ...files], {
  encoding: "utf8"
})
if (listed.status !== 0) {
  console.error(listed.stdout, listed.stderr)
  process.exit(1)
}
const all = JSON.parse(readFileSync(list, "utf8"))
const byFile = new Map()
for (const test of all) byFile.set(test.file, [...(byFile.get(test.file) ?? []), test])
const tests = [...byFile.values()].flatMap((list) => list.filter((_, i) => i % every === 0))

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const runAlone = (test, index) =>
  new Promise((resolve) => {
    const report = join(out, `${index}.json`)
    // Vitest matches -t against the test's names joined by spaces.
    const pattern = `^${escapeRegExp(test.name.split(" > ").join(" "))}$`
    const child = spawn(
      process.execPath,
      [
        ...vitest,
        "run",
        test.file,
        "--project",
        test.projectName,
        "-t",
        pattern,
        "--reporter=json",
        `--outputFile.json=${report}`
      ],
      { stdio: ["ignore", "ignore", "pipe"] }
    )
    let stderr = ""
    child.stderr.on("data", (chunk) => {
      stderr += chunk
    })
    child.on("close", (code) => {
      let ran = { passed: 0, failed: 0, message: stderr.slice(-2000) }
      try {
        const json = JSON.parse(readFileSync(report, "utf8"))
        const failure = json.testResults
          .flatMap((f) => [f.message, ...f.assertionResults.flatMap((a) => a.failureMessages)])
          .find((m) => m)
        ran = { passed: json.numPassedTests, failed: json.numFailedTests, message: failure ?? ran.message }
      } catch {}
      // Exactly this one test ran and passed, and the run itself succeeded.
      resolve({ test, ok: code === 0 && ran.passed === 1 && ran.failed === 0, ...ran })
    })
  })

const queue = tests.map((test, index) => [test, index])
const failures = []
let passed = 0
let done = 0
const started = Date.now()
const worker = async () => {
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const result = await runAlone(...next)
    done++
    if (result.ok) passed++
    else {
      failures.push(result)
      const first = (result.message ?? "").split("\n").find((line) => line.trim() !== "") ?? ""
      console.log(`FAILED ALONE ${result.test.file}\n  ${result.test.name}\n  ${first.slice(0, 300)}`)
    }
    if (done % 10 === 0 || done === tests.length) {
      console.log(`… ${done}/${tests.length} (${Math.round((Date.now() - started) / 1000)} s)`)
    }
  }
}
console.log(`running ${tests.length} of ${all.length} tests alone, ${jobs} at a time`)
await Promise.all(Array.from({ length: jobs }, worker))
rmSync(out, { recursive: true, force: true })
console.log(`\n${passed} passed alone, ${failures.length} failed alone`)
process.exit(failures.length === 0 ? 0 : 1)
