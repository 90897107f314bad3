import { type Kejin, openKejin } from "@kejin/core"
import { definePlugin } from "@kejin/ui"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createApp, ensurePluginTargets } from "./app.js"
import { loadPlugins } from "./config.js"

let kejin: Kejin
beforeAll(async () => {
  kejin = await openKejin({ database: "sqlite::memory:" })
})
afterAll(async () => kejin?.close())

describe("plugins registered by the server", () => {
  it("loads third-party plugins from a config module and mounts them next to the built-ins", async () => {
    const plugins = await loadPlugins("examples/kejin.config.ts")
    expect(plugins.map((p) => p.id)).toEqual(["sci-tech-bonds"])
    const app = createApp({ kejin, plugins })
    const { token } = await kejin.accounts.createToken({ name: "viewer", role: "viewer" })
    const page = await (await app.request("/", { headers: { authorization: `Bearer ${token}` } })).text()
    expect(page).toContain('hx-get="/panels/sci-tech-bonds/issued')
    expect(page).toContain('hx-get="/panels/targets/progress')
    const fragment = await app.request("/panels/sci-tech-bonds/issued", {
      headers: { authorization: `Bearer ${token}`, "HX-Request": "true" }
    })
    expect(await fragment.text()).toContain("800,000,000.00")
  })

  it("fails at start with both names when a plugin collides with a built-in", () => {
    const clash = definePlugin({ id: "targets", title: { zh: "冲突", en: "Clash" }, order: 99, panels: [] })
    expect(() => createApp({ kejin, plugins: [clash] })).toThrow(/targets/)
  })

  it("fails at start when a plugin route sits on a path the server answers itself", () => {
    for (const path of ["/login", "/audit", "/api/v1/pledges", "/setup"]) {
      const shadowed = definePlugin({
        id: "shadow",
        title: { zh: "遮挡", en: "Shadow" },
        order: 99,
        panels: [],
        routes: [{ method: "GET", path, handler: (c) => c.text("mine") }]
      })
      expect(() => createApp({ kejin, plugins: [shadowed] })).toThrow(
        new RegExp(`plugin "shadow": route GET ${path} is under /\\w+`)
      )
    }
    const fine = definePlugin({
      id: "fine",
      title: { zh: "可以", en: "Fine" },
      order: 99,
      panels: [],
      routes: [{ method: "GET", path: "/apis-of-mine", handler: (c) => c.text("mine") }]
    })
    expect(() => createApp({ kejin, plugins: [fine] })).not.toThrow()
  })

  it("adds the targets plugins contribute, once, without overwriting", async () => {
    const plugin = definePlugin({
      id: "rd-intensity",
      title: { zh: "研发投入", en: "R&D" },
      order: 50,
      panels: [],
      targets: [
        {
          key: "innovation-input",
          label: { zh: "全社会创新投入", en: "Innovation input" },
          unit: "yuan",
          target: "55000000000.00",
          metric: "pledge-amount"
        }
      ]
    })
    expect((await ensurePluginTargets(kejin, [plugin])).inserted).toEqual(["innovation-input"])
    expect((await ensurePluginTargets(kejin, [plugin])).inserted).toEqual([])
    const progress = await kejin.targets.progress("2026-06-30")
    expect(progress.find((t) => t.key === "innovation-input")?.target.toFixed(2)).toBe("55000000000.00")
  })

  it("registers the measures plugins compute, so that their targets follow them", async () => {
    const plugin = definePlugin({
      id: "patents-granted",
      title: { zh: "专利授权", en: "Patents granted" },
      order: 51,
      panels: [],
      measures: [
        {
          id: "plugin-patents-granted",
          label: { zh: "发明专利授权量", en: "Invention patents granted" },
          unit: "count",
          // 40 a quarter from 2026: 80 by the end of June
          value: (period) => String(period.to >= "2026-06-30" && period.from <= "2026-01-01" ? 80 : 0)
        }
      ],
      targets: [
        {
          key: "patents-granted",
          label: { zh: "发明专利授权量", en: "Patents granted" },
          unit: "count",
          target: "320",
          metric: "plugin-patents-granted"
        }
      ]
    })
    expect((await ensurePluginTargets(kejin, [plugin])).inserted).toEqual(["patents-granted"])
    // A second start registers nothing twice and inserts nothing.
    expect((await ensurePluginTargets(kejin, [plugin])).inserted).toEqual([])
    const measure = (await kejin.targets.measures.list()).find((m) => m.id === "plugin-patents-granted")
    expect(measure).toMatchObject({ source: "plugin", unit: "count" })
    const progress = (await kejin.targets.progress("2026-06-30")).find((t) => t.key === "patents-granted")
    expect(progress?.value.toString()).toBe("80")
    expect(progress?.progress).toBe(0.25)
  })
})
