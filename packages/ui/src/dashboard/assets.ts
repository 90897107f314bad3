import { readFileSync } from "node:fs"
import { createRequire } from "node:module"

let htmx: string | undefined

/**
 * htmx 4, as shipped in the `htmx.org` package's `dist/` (never a CDN). Read once, on first use, which is
 * when a dashboard is created: a missing package fails at start-up rather than on the first page view.
 */
export const htmxSource = (): string => {
  htmx ??= readFileSync(createRequire(import.meta.url).resolve("htmx.org/dist/htmx.min.js"), "utf8")
  return htmx
}
