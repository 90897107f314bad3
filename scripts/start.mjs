// `npm start`: install, build, migrate and seed demo data into ./data/kejin.db, then serve the dashboard.
// Extra arguments go to `kejin serve`, e.g. `npm start -- --port 9000`.
import { spawnSync } from "node:child_process"
import { pnpm } from "./pnpm.mjs"

const step = (title) => console.log(`\n▶ ${title}`)
const node = (args) => {
  const result = spawnSync(process.execPath, args, { stdio: "inherit" })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

step("installing dependencies (pnpm 12.4.2)")
pnpm(["install", "--frozen-lockfile"])
step("building (tsc -b)")
pnpm(["exec", "tsc", "-b"])
node(["packages/server/bundle.mjs"])
step("seeding demo data")
node(["packages/server/dist/cli.js", "demo"])
step("starting the dashboard")
node(["packages/server/dist/cli.js", "serve", ...process.argv.slice(2)])
