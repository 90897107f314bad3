#!/usr/bin/env node
/**
 * `kejin`: starts the CLI (main.ts) from its one-file bundle (dist/bundle/kejin.cjs, made by
 * `node packages/server/bundle.mjs` after `tsc -b`; `pnpm build` does both) when the bundle is there
 * and current, else from the compiled modules one by one. The bundle is what makes `kejin serve` start
 * quickly: Node reads and compiles one file instead of ~750 (effect, kysely, the workspace's own
 * modules), and V8's code cache of it (kejin-<hash>.cache next to it, written when a process that
 * found none exits) spares compiling its functions again. A bundle older than the build or the install
 * it was made from is not used, so it never runs stale code; KEJIN_NO_BUNDLE=1 always takes the modules.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import vm from "node:vm"

const bundleDir = fileURLToPath(new URL("./bundle/", import.meta.url))

/** What bundle.mjs records: the bundle's hash and what it was made from (size and time of each). */
interface Stamp {
  readonly hash: string
  readonly inputs: ReadonlyArray<readonly [path: string, size: number, mtimeMs: number]>
}

const currentBundle = (): Stamp | undefined => {
  if (process.env.KEJIN_NO_BUNDLE === "1") return undefined
  try {
    const stamp = JSON.parse(readFileSync(`${bundleDir}inputs.json`, "utf8")) as Stamp
    for (const [path, size, mtimeMs] of stamp.inputs) {
      const now = statSync(new URL(path, `file://${bundleDir}`))
      if (now.size !== size || now.mtimeMs !== mtimeMs) return undefined
    }
    return stamp.inputs.length > 0 ? stamp : undefined
  } catch {
    return undefined
  }
}

/** Runs the CommonJS bundle as Node would `require` it, with V8's code cache when there is one. */
const runBundle = (stamp: Stamp): void => {
  const file = `${bundleDir}kejin.cjs`
  const cacheFile = `${bundleDir}kejin-${stamp.hash}.cache`
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    cachedData = undefined
  }
  // As Module.wrap, with one more parameter: bundle.mjs turned each `import(…)` into a call of it.
  const source = `(function (exports, require, module, __filename, __dirname, __kejinImport) { ${readFileSync(file, "utf8")}\n})`
  const script = new vm.Script(source, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData })
  })
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // At exit the cache holds every function compiled by then (start-up's and the first answers').
    process.once("exit", () => {
      try {
        const temporary = `${cacheFile}.${process.pid}`
        writeFileSync(temporary, script.createCachedData())
        renameSync(temporary, cacheFile)
      } catch {
        // A read-only installation: start without the cache.
      }
    })
  }
  const module = { exports: {} }
  const wrapper = script.runInThisContext() as (...args: ReadonlyArray<unknown>) => void
  const load = (specifier: string): Promise<unknown> => import(specifier)
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, bundleDir, load)
}

const stamp = currentBundle()
if (stamp === undefined) await import("./main.js")
else runBundle(stamp)
