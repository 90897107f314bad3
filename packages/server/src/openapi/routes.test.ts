import { type Kejin, openKejin } from "@kejin/core"
import { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { openApiDocument } from "./document.js"
import { openApiRoutes } from "./index.js"

const documented = () =>
  Object.entries(openApiDocument().paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
  )

describe("the document and the app's routes", () => {
  let kejin: Kejin
  beforeAll(async () => {
    kejin = await openKejin({ database: "sqlite::memory:" })
  })
  afterAll(async () => {
    await kejin?.close()
  })

  it("documents exactly the JSON API routes the app serves", () => {
    const served = new Set(
      createApp({ kejin })
        .routes.filter((r) => r.path.startsWith("/api/v1/") && !r.path.endsWith("*"))
        .filter((r) => ["GET", "POST", "PATCH", "PUT", "DELETE"].includes(r.method))
        // Handlers answer; middleware (permission checks on the same paths) takes `next` as well.
        .filter((r) => r.handler.length < 2)
        // Hono's `/:id{[0-9]+}` is OpenAPI's `/{id}`.
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, "{$1}")}`)
    )
    expect(documented().sort()).toEqual([...served].sort())
  })
})

describe("openApiRoutes mounted at /api", () => {
  const app = new Hono().route("/api", openApiRoutes())

  it("GET /api/openapi.json serves the document as JSON", async () => {
    const response = await app.request("/api/openapi.json")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^application\/json/)
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())))
  })

  it("GET /api/docs renders every operation, linking to the document, without scripts", async () => {
    const response = await app.request("/api/docs")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(html).toContain("科金 API 文档")
    expect(html).toContain('href="/api/openapi.json"')
    expect(html).toContain('href="/api/docs.css"')
    for (const [path, item] of Object.entries(openApiDocument().paths)) {
      expect(html).toContain(`<code>${path}</code>`)
      for (const operation of Object.values(item)) expect(html).toContain(`id="${operation.operationId}"`)
    }
    expect(html).toContain("Authorization: Bearer $KEJIN_TOKEN")
    expect(html).toContain('id="schema-Pledge"')
    expect(html).not.toMatch(/<script|<style|\son[a-z]+=/i)
    // Text from the document is escaped, not markup: the placeholder in the setup lines stays text.
    expect(html).toContain("&lt;the token&gt;")
  })

  it("the page follows the mount point", async () => {
    const elsewhere = new Hono().route("/developer", openApiRoutes())
    const html = await (await elsewhere.request("/developer/docs")).text()
    expect(html).toContain('href="/developer/openapi.json"')
  })

  it("GET /api/docs.css is the page's stylesheet", async () => {
    const response = await app.request("/api/docs.css")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/css/)
  })
})
