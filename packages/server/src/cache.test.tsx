/** @jsxImportSource hono/jsx */
import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { definePanel, definePlugin } from "@kejin/ui"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { createApp } from "./app.js"

// The dashboard's page and fragments kept by the store's data version (cache.ts), on every dialect: an
// unchanged store answers from memory and with 304, any write (by this process or another) shows at once.

const X = makeUscc("91330302MA2HL0002")
let serial = 0
const pledge = (amount: string) => ({
  registrationNo: `YCACHE${String(++serial).padStart(7, "0")}`,
  pledgor: { uscc: X, name: "温州缓存科技有限公司", district: "330302" },
  pledgee: { name: "温州银行" },
  patents: [`ZL${makePatentNumber(`20211${String(serial).padStart(7, "0")}`)}`],
  amount,
  registeredOn: "2025-06-01"
})

for (const dialect of testDialects()) {
  describe(`dashboard cache on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let loads: Array<string>
    let viewer = ""
    let bureau = ""

    // A panel that says how often it was loaded and the year's total, in the asker's language and role.
    const counter = definePlugin({
      id: "counter",
      title: { zh: "计数", en: "Counter" },
      order: 99,
      panels: [
        definePanel({
          id: "total",
          title: { zh: "合计", en: "Total" },
          load: async (ctx) => {
            loads.push(`${ctx.lang} ${ctx.actor.role}`)
            return (await ctx.kejin.pledges.total({ year: 2025 })).amount.toFixed(2) // float-ok: Decimal.toFixed, exact
          },
          render: (amount, ctx) => (
            <p class="total">
              {ctx.lang === "en" ? "total" : "合计"} {amount} · {ctx.actor.role}
            </p>
          )
        })
      ]
    })

    const get = (path: string, token: string, headers: Record<string, string> = {}) =>
      app.request(path, { headers: { authorization: `Bearer ${token}`, "HX-Request": "true", ...headers } })

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
      app = createApp({ kejin, plugins: [counter] })
      loads = []
      viewer = (await kejin.accounts.createToken({ name: "c-viewer", role: "viewer" })).token
      bureau = (await kejin.accounts.createToken({ name: "c-bureau", role: "bureau" })).token
      await kejin.pledges.record(pledge("1000000.00"))
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("answers an unchanged store from memory, and 304 to the ETag it gave", async () => {
      const first = await get("/panels/counter/total", viewer)
      expect(first.status).toBe(200)
      expect(await first.text()).toBe('<p class="total">合计 1000000.00 · viewer</p>')
      const etag = first.headers.get("etag")!
      expect(etag).toMatch(/^"[\w-]+"$/)
      expect(first.headers.get("cache-control")).toBe("private, no-cache")
      expect(first.headers.get("vary")).toBe("HX-Request")

      const again = await get("/panels/counter/total", viewer)
      expect([again.status, await again.text(), again.headers.get("etag")]).toEqual([
        200,
        '<p class="total">合计 1000000.00 · viewer</p>',
        etag
      ])
      const revalidated = await get("/panels/counter/total", viewer, { "If-None-Match": etag })
      expect([revalidated.status, await revalidated.text()]).toEqual([304, ""])
      expect(revalidated.headers.get("etag")).toBe(etag)
      expect(loads).toEqual(["zh viewer"])
    })

    it("shows a write at once: the new figure, and 200 (not 304) to the old ETag", async () => {
      const before = await get("/panels/counter/total", viewer)
      const etag = before.headers.get("etag")!
      await kejin.pledges.record(pledge("2500000.00"))
      const after = await get("/panels/counter/total", viewer, { "If-None-Match": etag })
      expect(after.status).toBe(200)
      expect(await after.text()).toBe('<p class="total">合计 3500000.00 · viewer</p>')
      expect(after.headers.get("etag")).not.toBe(etag)
      // A write through the HTTP API (the dashboard's own forms post there) shows the same way.
      const posted = await app.request("/api/v1/pledges", {
        method: "POST",
        headers: { authorization: `Bearer ${bureau}`, "content-type": "application/json" },
        body: JSON.stringify(pledge("500000.00"))
      })
      expect(posted.status).toBe(201)
      const third = await get("/panels/counter/total", viewer, {
        "If-None-Match": after.headers.get("etag")!
      })
      expect([third.status, await third.text()]).toEqual([
        200,
        '<p class="total">合计 4000000.00 · viewer</p>'
      ])
    })

    it("shows a write by another process sharing the store", async () => {
      const before = await get("/panels/counter/total", viewer)
      const other = await openKejin({ database: database.url, clock: { today: "2025-12-31" } })
      try {
        await other.pledges.record(pledge("700000.00"))
      } finally {
        await other.close()
      }
      // SQLite: at once (the head is read for each request). PostgreSQL: once the other process's
      // notification has arrived (the version is kept in memory, store/version.ts), a moment later.
      const again = () =>
        get("/panels/counter/total", viewer, { "If-None-Match": before.headers.get("etag")! })
      let after = await again()
      for (let i = 0; dialect === "postgres" && after.status === 304 && i < 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        after = await again()
      }
      expect([after.status, await after.text()]).toEqual([
        200,
        '<p class="total">合计 1700000.00 · viewer</p>'
      ])
    })

    it("keeps apart what differs by language, role and query", async () => {
      expect(await (await get("/panels/counter/total", viewer)).text()).toContain("合计")
      expect(await (await get("/panels/counter/total?lang=en", viewer)).text()).toContain("total 1000000.00")
      expect(await (await get("/panels/counter/total", bureau)).text()).toContain("· bureau")
      expect(await (await get("/panels/counter/total?x=1", viewer)).text()).toContain("· viewer")
      expect(loads).toEqual(["zh viewer", "en viewer", "zh bureau", "zh viewer"])
      // Without htmx the same panel is a page of its own: kept apart from the fragment, never by a browser.
      const page = await get("/panels/counter/total", viewer, { "HX-Request": "false" })
      expect(page.headers.get("cache-control")).toBe("no-store")
      expect(page.headers.get("etag")).toBeNull()
      expect(await page.text()).toContain("<!doctype html>")
    })

    it("gives the kept page each request's own CSP nonce", async () => {
      const page = async () => {
        const response = await app.request("/", { headers: { authorization: `Bearer ${viewer}` } })
        const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1]
        return { nonce, body: await response.text(), cache: response.headers.get("cache-control") }
      }
      const one = await page()
      const two = await page()
      expect(one.nonce).toBeDefined()
      expect(two.nonce).not.toBe(one.nonce)
      expect(one.body).toContain(`nonce="${one.nonce}"`)
      expect(two.body).toContain(`nonce="${two.nonce}"`)
      expect(two.body).not.toContain(one.nonce!)
      expect(two.body.replaceAll(two.nonce!, "N")).toBe(one.body.replaceAll(one.nonce!, "N"))
      expect([one.cache, two.cache]).toEqual(["no-store", "no-store"])
    })

    it("keeps at most its bound, dropping the least recently used", async () => {
      app = createApp({ kejin, plugins: [counter], pageCache: { maxEntries: 2 } })
      for (const q of ["a", "b", "a", "c", "a", "b"]) await get(`/panels/counter/total?q=${q}`, viewer)
      // a, b kept; a used again; c drops b (the least recently used); a kept; b loaded again.
      expect(loads).toHaveLength(4)
      app = createApp({ kejin, plugins: [counter], pageCache: false })
      await get("/panels/counter/total", viewer)
      const uncached = await get("/panels/counter/total", viewer)
      expect(uncached.headers.get("etag")).toBeNull()
      expect(loads).toHaveLength(6)
    })

    it("never keeps a panel that failed", async () => {
      let fail = true
      const flaky = definePlugin({
        id: "flaky",
        title: { zh: "不稳", en: "Flaky" },
        order: 98,
        panels: [
          definePanel({
            id: "once",
            title: { zh: "一次", en: "Once" },
            load: async () => {
              if (fail) throw new Error("not yet")
              return "fine"
            },
            render: (text) => <p>{text}</p>
          })
        ]
      })
      app = createApp({ kejin, plugins: [flaky] })
      const logged = vi.spyOn(console, "error").mockImplementation(() => {})
      expect(await (await get("/panels/flaky/once", viewer)).text()).toContain("panel-error")
      expect(logged).toHaveBeenCalledOnce()
      logged.mockRestore()
      fail = false
      expect(await (await get("/panels/flaky/once", viewer)).text()).toBe("<p>fine</p>")
    })
  })
}
