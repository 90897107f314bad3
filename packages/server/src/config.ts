import { resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { type KejinPlugin, validatePlugin } from "@kejin/ui"

/**
 * `kejin serve --config kejin.config.js`: a module whose default export (or named export) is
 * `{ plugins: [...] }`, each made with `definePlugin` from @kejin/ui. Each plugin is checked here so a
 * mistake names the file; collisions with the built-ins fail when the app is created.
 */
export const loadPlugins = async (file: string): Promise<ReadonlyArray<KejinPlugin>> =>
  (await loadServeConfig(file)).plugins

/** What `kejin serve --config F` reads from F: its plugins and, optionally, `readDatabase` (a replica's URL). */
export interface ServeConfig {
  readonly plugins: ReadonlyArray<KejinPlugin>
  /** `postgres://…` of a streaming replica for reads that may lag (as `--read-database`). */
  readonly readDatabase?: string
}

export const loadServeConfig = async (file: string): Promise<ServeConfig> => {
  const module = (await import(pathToFileURL(resolve(file)).href)) as {
    default?: { plugins?: unknown; readDatabase?: unknown }
    plugins?: unknown
    readDatabase?: unknown
  }
  const readDatabase = module.default?.readDatabase ?? module.readDatabase
  if (readDatabase !== undefined && typeof readDatabase !== "string")
    throw new Error(`${file}: "readDatabase" must be a postgres://… URL`)
  const plugins = module.default?.plugins ?? module.plugins ?? []
  if (!Array.isArray(plugins))
    throw new Error(`${file}: "plugins" must be an array of definePlugin(...) results`)
  for (const plugin of plugins as Array<KejinPlugin>) {
    try {
      validatePlugin(plugin)
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`)
    }
  }
  return {
    plugins: plugins as ReadonlyArray<KejinPlugin>,
    ...(readDatabase === undefined ? {} : { readDatabase })
  }
}
