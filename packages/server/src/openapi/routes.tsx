/** @jsxImportSource hono/jsx */
import { Hono } from "hono"
import { type DocumentOptions, openApiDocument } from "./document.js"
import { DocsPage } from "./page.js"
import { docsCss } from "./page-css.js"

/**
 * `GET /openapi.json` (the OpenAPI 3.1 document), `GET /docs` (the developer page) and `GET /docs.css`.
 * Mount at `/api`: `app.route("/api", openApiRoutes())`. Links on the page follow the mount point.
 */
export const openApiRoutes = (options: DocumentOptions = {}) => {
  const app = new Hono()
  let json: string | undefined
  const pages = new Map<string, string>()

  app.get("/openapi.json", (c) => {
    json ??= JSON.stringify(openApiDocument(options))
    return c.body(json, 200, { "content-type": "application/json; charset=utf-8" })
  })

  app.get("/docs", async (c) => {
    // The mount point, from the matched path: "/api/docs" → "/api".
    const base = c.req.path.slice(0, -"/docs".length)
    let page = pages.get(base)
    if (page === undefined) {
      const node = (
        <DocsPage
          document={openApiDocument(options)}
          specUrl={`${base}/openapi.json`}
          stylesheetUrl={`${base}/docs.css`}
        />
      )
      page = `<!doctype html>\n${await node.toString()}`
      // One entry per mount point; a parameterised mount must not grow this without bound.
      if (pages.size < 8) pages.set(base, page)
    }
    return c.html(page)
  })

  app.get("/docs.css", (c) =>
    c.body(docsCss, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=3600"
    })
  )

  return app
}
