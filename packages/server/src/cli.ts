#!/usr/bin/env node
/**
 * `kejin`: starts the CLI (main.ts) from its one-file bundle (dist/bundle/kejin.js, made by
 * `node packages/server/bundle.mjs` after `tsc -b`) when the bundle is there and was made from the
 * compiled files as they are now, else from the compiled modules one by one. The bundle is what makes
 * `kejin serve` start quickly: Node compiles and links one file instead of ~750 (effect, kysely, the
 * workspace's own modules), which is most of the start-up time. A bundle older than any of its inputs
 * (after an edit and `tsc -b` without bundling again) is not used, so it never runs stale code;
 * KEJIN_NO_BUNDLE=1 always takes the modules.
 */
import { readFileSync, statSync } from "node:fs"

const bundleDir = new URL("./bundle/", import.meta.url)

/** The bundle's inputs (paths relative to the bundle's folder) with the size and time each had then. */
interface Stamp {
  readonly inputs: ReadonlyArray<readonly [path: string, size: number, mtimeMs: number]>
}

const bundleIsCurrent = (): boolean => {
  if (process.env.KEJIN_NO_BUNDLE === "1") return false
  try {
    const stamp = JSON.parse(readFileSync(new URL("inputs.json", bundleDir), "utf8")) as Stamp
    for (const [path, size, mtimeMs] of stamp.inputs) {
      const now = statSync(new URL(path, bundleDir))
      if (now.size !== size || now.mtimeMs !== mtimeMs) return false
    }
    return stamp.inputs.length > 0
  } catch {
    return false
  }
}

await import(bundleIsCurrent() ? new URL("kejin.js", bundleDir).href : "./main.js")
