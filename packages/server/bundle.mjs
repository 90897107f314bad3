// Bundles the `kejin` CLI (packages/server/dist/main.js and everything it imports, the workspace's
// packages and their pure-JS dependencies) into packages/server/dist/bundle/kejin.cjs, with
// inputs.json recording the size and modification time of what the inputs were made from: each
// workspace package's tsconfig.tsbuildinfo (`tsc -b` rewrites it whenever it writes the package's
// output, and only then) and node_modules/.modules.yaml (pnpm rewrites it at each install).
// dist/cli.js starts the bundle only while they all still match (see src/cli.ts). Run after `tsc -b`: `node packages/server/bundle.mjs`
// (`pnpm build` does both). Kept outside the bundle, loaded from node_modules as before: the native
// better-sqlite3, pg (loaded only for a PostgreSQL store), ECharts, exceljs and htmx (loaded on first
// use by path), so the server package depends on them directly.
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const outDir = join(here, "dist", "bundle")
const external = [
  /^node:/,
  /^better-sqlite3(\/|$)/,
  /^pg(\/|$)/,
  /^echarts(\/|$)/,
  /^exceljs(\/|$)/,
  /^htmx\.org(\/|$)/
]

/** What `file` (an input of the bundle) was made from: its package's build info, or the install's record. */
const madeFrom = (file) => {
  if (file.includes("/node_modules/")) {
    // The workspace's own node_modules (the first one on the path), where pnpm records each install.
    const root = file.slice(0, file.indexOf("/node_modules/"))
    const record = join(root, "node_modules", ".modules.yaml")
    return existsSync(record) ? record : file
  }
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) {
      const info = join(dir, "tsconfig.tsbuildinfo")
      return existsSync(info) ? info : file
    }
  }
  return file
}

/**
 * Each `import(…)` left in the bundle (pg, a plugin file, a library's optional module) calls
 * `__kejinImport(…)` instead, which src/cli.ts passes in: Node 20 loses a script's dynamic-import
 * callback when the script comes from V8's code cache ("A dynamic import callback was not specified").
 */
const dynamicImports = {
  name: "kejin-dynamic-imports",
  renderChunk(code) {
    const replaced = code.replace(/(?<![\w$.])import\((?=[`'"(\w$])/g, "__kejinImport(")
    return replaced === code ? null : { code: replaced }
  }
}

/** Makes the bundle; resolves with the number of files its freshness is checked by. */
export const bundle = async () => {
  const { rolldown } = await import("rolldown")
  const build = await rolldown({
    input: join(here, "dist", "main.js"),
    platform: "node",
    external,
    // Function and class names kept through minifying (stack traces, `name`s read by libraries).
    transform: { keepNames: true },
    plugins: [dynamicImports],
    logLevel: "silent"
  })
  const inputs = new Set()
  try {
    const { output } = await build.write({
      dir: outDir,
      // CommonJS, so that src/cli.ts can run it through vm.Script with V8's code cache; strict, as the
      // modules it is made of are; minified, which halves what V8 has to read (names kept).
      format: "cjs",
      banner: '"use strict";',
      minify: true,
      keepNames: true,
      entryFileNames: "kejin.cjs",
      chunkFileNames: "[name]-[hash].cjs"
    })
    for (const chunk of output)
      if (chunk.type === "chunk") for (const id of chunk.moduleIds) if (id.startsWith("/")) inputs.add(id)
  } finally {
    await build.close()
  }
  const stamp = [...new Set([...inputs].map(madeFrom))].sort().map((file) => {
    const { size, mtimeMs } = statSync(file)
    return [relative(outDir, file), size, mtimeMs]
  })
  // The code cache is named by the bundle's hash: V8 itself checks only the source's length.
  for (const name of readdirSync(outDir)) if (name.endsWith(".cache")) rmSync(join(outDir, name))
  const hash = createHash("sha256")
    .update(readFileSync(join(outDir, "kejin.cjs")))
    .digest("hex")
    .slice(0, 16)
  writeFileSync(join(outDir, "inputs.json"), JSON.stringify({ hash, inputs: stamp }))
  return stamp.length
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  const count = await bundle()
  console.log(
    `bundled (checked by ${count} files) into ${relative(process.cwd(), join(outDir, "kejin.cjs"))} in ${Math.round(performance.now() - started)} ms`
  )
}
