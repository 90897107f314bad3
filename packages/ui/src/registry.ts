import { type KejinPlugin, PluginError, validatePlugin } from "./plugin.js"

/** Paths the dashboard itself serves; plugin routes may not start with them. */
export const RESERVED_PREFIXES = ["/panels/", "/assets/"] as const

/** The URL of a panel's HTML fragment, relative to where the dashboard is mounted. */
export const panelPath = (pluginId: string, panelId: string): string => `/panels/${pluginId}/${panelId}`

const DASHBOARD = "the dashboard itself"

/**
 * Checks a set of plugins against each other and returns them in page order (ascending `order`,
 * then id). Every plugin is also checked on its own, as {@link definePlugin} does.
 *
 * Every route the dashboard will answer (the page, the assets, each panel's fragment, each plugin
 * route) goes into one table keyed by method and path; the first claim wins and a second one fails
 * naming both owners. Paths are compared as written: `/a/:id` and `/a/1` are not seen as colliding.
 *
 * @throws {PluginError} when two plugins share an id, a route or a target key (the message names
 *   both plugins), or when a plugin route sits under `/panels/` or `/assets/`
 */
export const createRegistry = (plugins: ReadonlyArray<KejinPlugin>): ReadonlyArray<KejinPlugin> => {
  const byId = new Map<string, KejinPlugin>()
  const routes = new Map<string, string>([
    ["GET /", DASHBOARD],
    ["GET /assets/htmx.js", DASHBOARD],
    ["GET /assets/kejin.css", DASHBOARD]
  ])
  const targets = new Map<string, string>()
  const claim = (key: string, owner: string): void => {
    const first = routes.get(key)
    if (first !== undefined) {
      throw new PluginError(`route collision: ${key} is claimed by ${first} and by ${owner}`)
    }
    routes.set(key, owner)
  }

  for (const plugin of plugins) {
    validatePlugin(plugin)
    const first = byId.get(plugin.id)
    if (first !== undefined) {
      throw new PluginError(
        `duplicate plugin id "${plugin.id}": plugin "${first.id}" (${first.title.en}) and plugin ` +
          `"${plugin.id}" (${plugin.title.en}) are both registered; give one of them another id`
      )
    }
    byId.set(plugin.id, plugin)

    for (const panel of plugin.panels) {
      claim(`GET ${panelPath(plugin.id, panel.id)}`, `panel "${panel.id}" of plugin "${plugin.id}"`)
    }
    for (const route of plugin.routes ?? []) {
      const reserved = RESERVED_PREFIXES.find((prefix) => route.path.startsWith(prefix))
      if (reserved !== undefined) {
        throw new PluginError(
          `plugin "${plugin.id}": route ${route.method} ${route.path} is under ${reserved}, which ${DASHBOARD} serves`
        )
      }
      claim(`${route.method} ${route.path}`, `plugin "${plugin.id}"`)
    }
    for (const form of plugin.forms ?? []) {
      // One face per operation: the route hands a form post to the one form of its operation.
      claim(`FORM ${form.operation.name}`, `plugin "${plugin.id}"`)
    }
    for (const target of plugin.targets ?? []) {
      const owner = targets.get(target.key)
      if (owner !== undefined) {
        throw new PluginError(
          `target "${target.key}" is declared by plugin "${owner}" and by plugin "${plugin.id}"`
        )
      }
      targets.set(target.key, plugin.id)
    }
  }

  return [...plugins].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
