/** @jsxImportSource hono/jsx */
import { openKejin } from "@kejin/core"
import { Hono } from "hono"
import { afterAll, afterEach, describe, expect, it, vi } from "vitest"
import { withLang } from "../i18n.js"
import { definePanel, definePlugin, type KejinPlugin, type PanelContext } from "../plugin.js"
import { createDashboard, mountDashboard } from "./dashboard.js"
import { SiteHeader } from "./shell.js"

// A real core in memory, empty: these tests are about the page, whose panels below read no records.
const kejin = await openKejin({ database: "sqlite::memory:" })
afterAll(async () => {
  await kejin.close()
})

const HX = { "HX-Request": "true" }

const seen: PanelContext[] = []

const pledges = definePlugin({
  id: "patent-pledge",
  title: { zh: "专利质押", en: "Patent pledges" },
  order: 20,
  panels: [
    definePanel({
      id: "total",
      title: { zh: "质押总额", en: "Total pledged" },
      refreshSeconds: 30,
      load: async (ctx) => {
        seen.push(ctx)
        return { count: 3, who: ctx.query.who ?? "nobody" }
      },
      render: (data, ctx) => (
        <p class="total">
          {ctx.lang === "en" ? "Pledges" : "笔数"}: {data.count} · {data.who}
        </p>
      )
    }),
    definePanel({
      id: "broken-load",
      title: { zh: "坏的加载", en: "Broken load" },
      load: async (): Promise<number> => {
        throw new Error("database is on fire")
      },
      render: (n) => <p>{n}</p>
    }),
    definePanel({
      id: "broken-render",
      title: { zh: "坏的渲染", en: "Broken render" },
      size: "wide",
      load: async () => ({ items: null as unknown as string[] }),
      render: (data) => (
        <ul>
          {data.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      )
    })
  ],
  routes: [
    {
      method: "GET",
      path: "/patent-pledge/export.csv",
      handler: (c, ctx) => c.text(`lang=${ctx.lang}`, 200, { "content-type": "text/csv" })
    }
  ],
  navigation: [{ href: "/patent-pledge/export.csv", label: { zh: "导出", en: "Export" } }]
})

const overview = definePlugin({
  id: "overview",
  title: { zh: "总览", en: "Overview" },
  order: 10,
  panels: [
    definePanel({
      id: "hello",
      title: { zh: "你好", en: "Hello" },
      load: async () => "<b>hi</b>",
      render: (text) => <p class="hello">{text}</p>
    })
  ]
})

const app = createDashboard({ kejin, plugins: [pledges, overview] })

afterEach(() => {
  vi.restoreAllMocks()
  seen.length = 0
})

describe("the dashboard page", () => {
  it("is a Chinese page with the product name, htmx and the stylesheet from this server", async () => {
    const res = await app.request("/")
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toContain("<title>科金 Kejin · 温州科技金融</title>")
    // The product name is the link home, on every page.
    expect(html).toContain(
      '<h1 class="product-name"><a class="home" href="/">科金 <span class="en" lang="en">Kejin</span></a></h1>'
    )
    expect(html).toMatch(/<script src="\/assets\/htmx.js"[^>]*><\/script>/)
    expect(html).toContain('<link rel="stylesheet" href="/assets/kejin.css"/>')
    expect(html).not.toMatch(/https?:\/\//)
  })

  it("lays out every panel of every plugin by plugin order, each loading its fragment with htmx", async () => {
    const html = await (await app.request("/")).text()
    const sections = [...html.matchAll(/<section[^>]*data-panel="([^"]+)"/g)].map((m) => m[1])
    expect(sections).toEqual([
      "overview/hello",
      "patent-pledge/total",
      "patent-pledge/broken-load",
      "patent-pledge/broken-render"
    ])
    expect(html).toContain(
      'hx-get="/panels/overview/hello" hx-trigger="load, every 60s, kejin-changed from:document"'
    )
    expect(html).toContain(
      'hx-get="/panels/patent-pledge/total" hx-trigger="load, every 30s, kejin-changed from:document"'
    )
    expect(html).toContain('class="panel panel--wide" id="panel-patent-pledge-broken-render"')
    // One language at a time: the Chinese title alone on a Chinese page.
    expect(html).toContain('<h3 id="panel-patent-pledge-total-title">质押总额</h3>')
    expect(html.match(/<noscript>/g)).toHaveLength(4)
  })

  it("links every plugin section, every plugin's navigation and the other language", async () => {
    const html = await (await app.request("/")).text()
    expect(html).toContain('<a href="#overview">总览</a>')
    expect(html).toContain('<a href="#patent-pledge">专利质押</a>')
    expect(html).toContain('<a href="/patent-pledge/export.csv">导出</a>')
    expect(html).toContain('<a href="/?lang=en" lang="en">English</a>')
    // The sections are the page's own table of contents, apart from the site's pages (no link twice).
    const siteNav = html.slice(html.indexOf('<nav class="site-nav"'), html.indexOf("</nav>"))
    expect(siteNav).not.toContain('href="#')
    const sections = html.slice(html.indexOf('<nav class="page-sections"'))
    expect(sections.slice(0, sections.indexOf("</nav>"))).toContain('<a href="#patent-pledge">专利质押</a>')
  })

  it("switches to English with ?lang=en and passes the query on to every panel", async () => {
    const html = await (await app.request("/?lang=en&who=me")).text()
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('hx-get="/panels/overview/hello?lang=en&amp;who=me"')
    expect(html).toMatch(/<h3 id="panel-patent-pledge-total-title">Total pledged<\/h3>/)
    expect(html).toContain('<a href="/?who=me" lang="zh-CN">中文</a>')
  })

  it("keeps English on every navigation link of an English page, and adds nothing to a Chinese one", async () => {
    const english = await (await app.request("/?lang=en")).text()
    expect(english).toContain('<a href="/patent-pledge/export.csv?lang=en">Export</a>')
    const navOf = (html: string) => html.slice(html.indexOf('<nav class="site-nav"'), html.indexOf("</nav>"))
    const hrefs = (html: string) => [...navOf(html).matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? "")
    // Every link leaving the page (not the in-page #sections, not the switch to Chinese) keeps lang=en.
    const leaving = hrefs(english).filter((h) => !h.startsWith("#") && h !== "/")
    expect(leaving).toEqual(["/patent-pledge/export.csv?lang=en"])
    const chinese = await (await app.request("/")).text()
    expect(hrefs(chinese).filter((h) => h.includes("lang="))).toEqual(["/?lang=en"])
  })
})

describe("the site header", () => {
  const ctxFor = (plugins: ReadonlyArray<KejinPlugin>, lang: "zh" | "en"): PanelContext => ({
    kejin,
    lang,
    query: {},
    actor: { id: "bureau", role: "bureau" },
    csrfToken: "t",
    nonce: undefined,
    basePath: "",
    path: "/somewhere",
    plugins
  })
  const later = definePlugin({
    id: "later",
    title: { zh: "之后", en: "Later" },
    order: 10,
    panels: [],
    navigation: [{ href: "/later", label: { zh: "之后", en: "Later" } }]
  })
  const header = async (plugins: ReadonlyArray<KejinPlugin>, lang: "zh" | "en") =>
    (await (<SiteHeader plugins={plugins} ctx={ctxFor(plugins, lang)} search="" />).toString()).toString()

  it("is the same menu whatever order a page hands it the plugins in, plugins in page order (then id)", async () => {
    const one = await header([pledges, overview, later], "zh")
    expect(await header([later, overview, pledges], "zh")).toBe(one)
    expect(one.indexOf('href="/later"')).toBeLessThan(one.indexOf('href="/patent-pledge/export.csv"'))
  })

  it("links home from the product name, in the page's language", async () => {
    expect(await header([pledges], "zh")).toContain('<a class="home" href="/">科金 ')
    expect(await header([pledges], "en")).toContain('<a class="home" href="/?lang=en">Kejin ')
  })
})

describe("panel fragments", () => {
  it("renders a panel's fragment from what it loaded, with Vary: HX-Request", async () => {
    const res = await app.request("/panels/patent-pledge/total?who=bureau", { headers: HX })
    expect(res.status).toBe(200)
    expect(res.headers.get("vary")).toBe("HX-Request")
    expect(res.headers.get("cache-control")).toBe("no-store")
    expect(await res.text()).toBe('<p class="total">笔数: 3 · bureau</p>')
    expect(seen[0]?.kejin).toBe(kejin)
    expect(seen[0]?.lang).toBe("zh")
    expect(seen[0]?.query).toEqual({ who: "bureau" })
  })

  it("renders in English with ?lang=en", async () => {
    const res = await app.request("/panels/patent-pledge/total?lang=en", { headers: HX })
    expect(await res.text()).toBe('<p class="total">Pledges: 3 · nobody</p>')
  })

  it("escapes what a panel loaded", async () => {
    const res = await app.request("/panels/overview/hello", { headers: HX })
    expect(await res.text()).toBe('<p class="hello">&lt;b&gt;hi&lt;/b&gt;</p>')
  })

  it.each(["broken-load", "broken-render"])(
    "answers a failing panel (%s) with its error box and status 200, and logs the error",
    async (id) => {
      const log = vi.spyOn(console, "error").mockImplementation(() => undefined)
      try {
        const res = await app.request(`/panels/patent-pledge/${id}`, { headers: HX })
        expect(res.status).toBe(200)
        const html = await res.text()
        expect(html).toMatch(/^<div class="panel-error" role="alert">/)
        expect(html).toContain("此面板暂时无法加载")
        expect(html).not.toContain("database is on fire")
        expect(log).toHaveBeenCalledTimes(1)
        expect(String(log.mock.calls[0]?.[0])).toContain(`panel patent-pledge/${id} failed`)
      } finally {
        log.mockRestore()
      }
    }
  )

  it("keeps the other panels working after one failed", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      await app.request("/panels/patent-pledge/broken-load", { headers: HX })
      expect(log).toHaveBeenCalledTimes(1)
    } finally {
      log.mockRestore()
    }
    const res = await app.request("/panels/overview/hello", { headers: HX })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<p class="hello">')
    expect((await app.request("/")).status).toBe(200)
  })

  it("answers an unknown panel with a 404 fragment, escaping the path", async () => {
    const res = await app.request("/panels/nope/%3Cscript%3E", { headers: HX })
    expect(res.status).toBe(404)
    expect(res.headers.get("vary")).toBe("HX-Request")
    const html = await res.text()
    expect(html).toMatch(/^<div class="panel-error" role="alert">没有这个面板/)
    expect(html).toContain("/panels/nope/&lt;script&gt;")
  })

  it("answers a browser without htmx with a page of its own around the fragment", async () => {
    const res = await app.request("/panels/patent-pledge/total")
    const html = await res.text()
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(html).toContain("<title>质押总额 · 科金 Kejin · 温州科技金融</title>")
    expect(html).toContain('<div class="panel-body"><p class="total">笔数: 3 · nobody</p></div>')
  })
})

describe("assets and plugin routes", () => {
  it("serves htmx from the htmx.org package as JavaScript, cacheable", async () => {
    const res = await app.request("/assets/htmx.js")
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/)
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d{6,}/)
    const body = await res.text()
    expect(body.length).toBeGreaterThan(10_000)
    expect(body).toContain("htmx")
    const etag = res.headers.get("etag")
    expect(etag).toBeTruthy()
    const again = await app.request("/assets/htmx.js", { headers: { "If-None-Match": etag ?? "" } })
    expect(again.status).toBe(304)
  })

  it("serves the stylesheet as CSS", async () => {
    const res = await app.request("/assets/kejin.css")
    expect(res.headers.get("content-type")).toMatch(/^text\/css/)
    expect(await res.text()).toContain("display: grid")
  })

  it("serves plugin routes with the panel context", async () => {
    const res = await app.request("/patent-pledge/export.csv?lang=en")
    expect(res.headers.get("content-type")).toBe("text/csv")
    expect(await res.text()).toBe("lang=en")
  })
})

describe("mountDashboard", () => {
  it("mounts the dashboard under a base path and writes that path into its pages", async () => {
    const site = new Hono()
    site.get("/health", (c) => c.text("ok"))
    mountDashboard(site, { kejin, plugins: [overview], basePath: "/dashboard/" })
    const html = await (await site.request("/dashboard")).text()
    expect(html).toContain('hx-get="/dashboard/panels/overview/hello"')
    expect(html).toContain('src="/dashboard/assets/htmx.js"')
    expect((await site.request("/dashboard/panels/overview/hello", { headers: HX })).status).toBe(200)
    expect((await site.request("/health")).status).toBe(200)
  })

  it("fails at start-up when two plugins collide", () => {
    expect(() => mountDashboard(new Hono(), { kejin, plugins: [overview, overview] })).toThrow(
      /duplicate plugin id "overview"/
    )
  })
})

describe("withLang", () => {
  it("adds lang=en to a link of an English page, before the fragment, keeping its query", () => {
    expect(withLang("/journey", "en")).toBe("/journey?lang=en")
    expect(withLang("/funds?kind=angel#list", "en")).toBe("/funds?kind=angel&lang=en#list")
    expect(withLang("/funds?lang=zh", "en")).toBe("/funds?lang=zh")
    expect(withLang("#pledges", "en")).toBe("#pledges")
    expect(withLang("/journey", "zh")).toBe("/journey")
  })
})
