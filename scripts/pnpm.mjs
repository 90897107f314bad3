// Runs the pinned pnpm (12.4.2) with whatever arguments follow, on a machine that has only Node and npm.
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"

export const PNPM_VERSION = "12.4.2"

/** better-sqlite3 compiles from source; pnpm ignores nodedir from .npmrc, so pass Node's headers here. */
export const buildEnv = () => {
  const env = { ...process.env }
  if (!env.npm_config_nodedir && existsSync("/usr/include/node/node.h")) env.npm_config_nodedir = "/usr"
  return env
}

const pnpmOnPath = () => {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" })
  return probe.status === 0 && probe.stdout.trim() === PNPM_VERSION
}

export const pnpm = (args, options = {}) => {
  const [command, argv] = pnpmOnPath() ? ["pnpm", args] : ["npx", ["-y", `pnpm@${PNPM_VERSION}`, ...args]]
  const result = spawnSync(command, argv, { stdio: "inherit", env: buildEnv(), ...options })
  if (result.status !== 0) {
    console.error(`pnpm ${args.join(" ")} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) pnpm(process.argv.slice(2))
