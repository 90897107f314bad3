/** @kejin/server — the Hono app (JSON API + htmx dashboard) behind the `kejin` CLI. */
export { type AppOptions, builtinPlugins, createApp, ensurePluginTargets } from "./app.js"
export { loadPlugins } from "./config.js"
export { seedDemo } from "./demo.js"
export { type Problem, problemFromError } from "./problem.js"
