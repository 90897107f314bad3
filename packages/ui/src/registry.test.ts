import { describe, expect, it } from "vitest"
import { definePanel, definePlugin, type KejinPlugin, PluginError } from "./plugin.js"
import { createRegistry } from "./registry.js"

const panel = (id: string) =>
  definePanel({
    id,
    title: { zh: "面板", en: "Panel" },
    load: async () => 1,
    render: (n) => `${n + 1}`
  })

const plugin = (id: string, extra: Partial<KejinPlugin> = {}): KejinPlugin =>
  definePlugin({
    id,
    title: { zh: `插件 ${id}`, en: `Plugin ${id}` },
    order: 0,
    panels: [panel("main")],
    ...extra
  })

const ok = () => new Response("ok")

describe("definePlugin", () => {
  it("returns the plugin frozen, all the way down", () => {
    const p = definePlugin({
      id: "city-fund",
      title: { zh: "市级基金", en: "City fund" },
      order: 1,
      panels: [panel("scale")]
    })
    expect(p.id).toBe("city-fund")
    expect(Object.isFrozen(p)).toBe(true)
    expect(Object.isFrozen(p.panels)).toBe(true)
    expect(Object.isFrozen(p.panels[0])).toBe(true)
    expect(Object.isFrozen(p.title)).toBe(true)
  })

  it.each(["Targets", "city_fund", "-x", "x-", "a--b", "", "城市"])("rejects the plugin id %j", (id) => {
    expect(() => plugin(id)).toThrow(/kebab-case/)
  })

  it("rejects a panel id that is not kebab-case and two panels with one id", () => {
    expect(() => plugin("a", { panels: [panel("Bad Id")] })).toThrow(/plugin "a": panel id "Bad Id"/)
    expect(() => plugin("a", { panels: [panel("x"), panel("x")] })).toThrow(/two panels share the id "x"/)
  })

  it("rejects a bad refresh interval, a missing title and a route outside the dashboard", () => {
    expect(() => plugin("a", { panels: [{ ...panel("x"), refreshSeconds: 0.5 }] })).toThrow(/refreshSeconds/)
    expect(() => plugin("a", { title: { zh: "", en: "A" } })).toThrow(/title/)
    expect(() => plugin("a", { routes: [{ method: "GET", path: "export", handler: ok }] })).toThrow(
      /start with "\/"/
    )
  })

  it("throws PluginError", () => {
    expect(() => plugin("Nope")).toThrow(PluginError)
  })
})

describe("createRegistry", () => {
  it("orders plugins by order, then id", () => {
    const plugins = [
      plugin("linkage", { order: 30 }),
      plugin("targets", { order: 10 }),
      plugin("city-fund", { order: 30 })
    ]
    expect(createRegistry(plugins).map((p) => p.id)).toEqual(["targets", "city-fund", "linkage"])
  })

  it("fails on a duplicate plugin id, naming both plugins", () => {
    const first = plugin("pledges", { title: { zh: "质押一", en: "Pledges one" } })
    const second = plugin("pledges", { title: { zh: "质押二", en: "Pledges two" } })
    expect(() => createRegistry([first, second])).toThrow(PluginError)
    expect(() => createRegistry([first, second])).toThrow(
      /duplicate plugin id "pledges": plugin "pledges" \(Pledges one\) and plugin "pledges" \(Pledges two\)/
    )
  })

  it("fails when two plugins claim the same route, naming both plugins", () => {
    const a = plugin("alpha", { routes: [{ method: "GET", path: "/export.csv", handler: ok }] })
    const b = plugin("beta", { routes: [{ method: "GET", path: "/export.csv", handler: ok }] })
    expect(() => createRegistry([a, b])).toThrow(
      'route collision: GET /export.csv is claimed by plugin "alpha" and by plugin "beta"'
    )
  })

  it("lets two plugins use one path with different methods", () => {
    const a = plugin("alpha", { routes: [{ method: "GET", path: "/import", handler: ok }] })
    const b = plugin("beta", { routes: [{ method: "POST", path: "/import", handler: ok }] })
    expect(createRegistry([a, b])).toHaveLength(2)
  })

  it("fails when a plugin route takes the dashboard's page or sits under its panel and asset paths", () => {
    const page = { ...plugin("alpha"), routes: [{ method: "GET" as const, path: "/", handler: ok }] }
    expect(() => createRegistry([page])).toThrow(/plugin "alpha".*dashboard page/)
    const panelRoute = plugin("alpha", {
      routes: [{ method: "GET", path: "/panels/beta/main", handler: ok }]
    })
    expect(() => createRegistry([plugin("beta"), panelRoute])).toThrow(
      /plugin "alpha": route GET \/panels\/beta\/main is under \/panels\//
    )
    const asset = plugin("alpha", { routes: [{ method: "GET", path: "/assets/app.js", handler: ok }] })
    expect(() => createRegistry([asset])).toThrow(/under \/assets\//)
  })

  it("fails on a target key declared by two plugins, naming both", () => {
    const target = {
      key: "city-fund-scale",
      label: { zh: "市级基金规模", en: "City fund scale" },
      unit: "yuan" as const,
      target: "10000000000.00",
      metric: "city-fund-committed"
    }
    expect(() =>
      createRegistry([plugin("alpha", { targets: [target] }), plugin("beta", { targets: [target] })])
    ).toThrow('target "city-fund-scale" is declared by plugin "alpha" and by plugin "beta"')
  })

  it("checks plugins that were not made with definePlugin", () => {
    const handMade = {
      id: "Hand Made",
      title: { zh: "手工", en: "Hand made" },
      order: 0,
      panels: []
    } satisfies KejinPlugin
    expect(() => createRegistry([handMade])).toThrow(
      /plugin "Hand Made": the id must be lowercase kebab-case/
    )
  })
})
