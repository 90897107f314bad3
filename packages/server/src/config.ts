import { resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { type KejinPlugin, validatePlugin } from "@kejin/ui"

/**
 * `kejin serve --config kejin.config.js`: a module whose default export (or named export) is
 * `{ plugins: [...] }`, each made with `definePlugin` from @kejin/ui. Each plugin is checked here so a
 * mistake names the file; collisions with the built-ins fail when the app is created.
 */
export const loadPlugins = async (file: string): Promise<ReadonlyArray<KejinPlugin>> => {
  const module = (await import(pathToFileURL(resolve(file)).href)) as {
    default?: { plugins?: unknown }
    plugins?: unknown
  }
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
  return plugins as ReadonlyArray<KejinPlugin>
}
