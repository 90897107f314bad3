import { createHash } from "node:crypto"
import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import { Database, keptForm } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createApp } from "../app.js"
import { browserSession } from "../session.testing.js"
import { fillKeptForm } from "./kept-forms.js"

// A form posted without JavaScript after the session ended (see kept-forms.ts): its values kept on the
// server (no password, no CSRF token), the browser sent to sign in; signed in again, the page opens with
// the form filled in, once. Programs, htmx and cross-site posts are answered as before.

const password = "a long enough password"
const origin = "http://localhost"
const ISSUER = makeUscc("91330302MA4KE0701")
const BONDS = "/api/v1/linkage/bonds"

describe("fillKeptForm", () => {
  const page = [
    '<details class="box"><summary>录入</summary>',
    '<form id="f" method="post" action="/api/v1/x?lang=en">',
    '<input type="hidden" name="_csrf" value="new"/>',
    '<input type="text" id="a" name="a" value=""/>',
    '<select name="s"><option value="" selected="">—</option><option value="b">B</option></select>',
    '<textarea name="t"></textarea>',
    '<input type="checkbox" name="c" value="yes"/>',
    '<input type="password" name="p" value=""/>',
    "</form></details>",
    '<form id="g" action="/api/v1/y"><input name="a" value=""/></form>'
  ].join("")

  it("fills the form posting to the kept address only: text, choice, text area, box; opens its box", () => {
    const values = [
      ["a", '5 > 3 & "引号"'],
      ["s", "b"],
      ["t", "多行\n文本"],
      ["c", "yes"],
      ["_csrf", "old"],
      ["p", "secret"]
    ] as const
    const html = fillKeptForm(page, { action: "/api/v1/x?lang=en", values }, "已恢复")!
    expect(html).toContain('<details class="box" open>')
    expect(html).toContain('<p class="form-restored" role="status">已恢复</p>')
    expect(html).toContain('name="a" value="5 &gt; 3 &amp; &quot;引号&quot;"/>')
    expect(html).toContain('<option value="">—</option><option value="b" selected>B</option>')
    expect(html).toContain('<textarea name="t">多行\n文本</textarea>')
    expect(html).toContain('<input type="checkbox" name="c" value="yes" checked/>')
    // The page's own token and a password field stay as the page rendered them.
    expect(html).toContain('name="_csrf" value="new"')
    expect(html).toContain('<input type="password" name="p" value=""/>')
    expect(html).toContain('<form id="g" action="/api/v1/y"><input name="a" value=""/></form>')
    expect(fillKeptForm(page, { action: "/api/v1/z", values }, "已恢复")).toBeUndefined()
  })
})

for (const dialect of testDialects()) {
  describe(`a form posted after the session ended, without JavaScript, on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    const { signIn } = browserSession(() => app, password)
    const bond = {
      code: "102586666",
      issuerEnterprise: ISSUER,
      amount: "1亿",
      issuedOn: "2026-04-20",
      tenorMonths: "36",
      couponPercent: "2.15%",
      useOfProceeds: "注资"
    }
    /** A browser's plain form post (no htmx, a page navigating), riding on `cookie`. */
    const plainPost = (
      cookie: string,
      fields: Record<string, string>,
      headers: Record<string, string> = {}
    ) =>
      app.request(BONDS, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin,
          referer: `${origin}/records/bonds`,
          accept: "text/html",
          "sec-fetch-mode": "navigate",
          cookie,
          ...headers
        },
        body: new URLSearchParams(fields).toString()
      })
    const bonds = async () => (await kejin.linkage.bonds()).filter((b) => b.code === bond.code).length

    beforeAll(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url })
      app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
      await kejin.accounts.addUser({ login: "bureau", displayName: "王丽", role: "bureau", password })
      await kejin.accounts.addUser({ login: "reader", displayName: "陈静", role: "viewer", password })
      await kejin.registry.addEnterprise({
        uscc: ISSUER,
        name: "鹿城保留科技",
        district: "330302",
        industry: "智能装备",
        stage: "start-up",
        techCategory: "key-generic"
      })
    })
    afterAll(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    it("keeps the values (no password, no token) and sends the browser to sign in, back to the form's page", async () => {
      const session = await signIn("bureau")
      await kejin.accounts.logout(/=(.*)$/.exec(session.cookie)![1]!)
      const answer = await plainPost(session.cookie, {
        ...bond,
        _csrf: session.csrf,
        password: "do not keep"
      })
      expect(answer.status).toBe(303)
      expect(answer.headers.get("location")).toBe("/login?next=%2Frecords%2Fbonds&expired=1")
      const kept = /kejin_kept_form=([^;]+);[^,]*HttpOnly/i.exec(answer.headers.get("set-cookie") ?? "")?.[1]
      expect(kept).toBeDefined()
      const values = (await kejin.run(keptForm(kept!)))!
      expect(values.page).toBe("/records/bonds")
      expect(values.action).toBe(BONDS)
      expect(Object.fromEntries(values.values)).toEqual(bond)
      expect(values.login).toBe("bureau")
      expect(await bonds()).toBe(0)

      // Signed in again in the same browser: the page opens with the form filled in, not sent; once.
      const again = await signIn("bureau")
      const cookie = `${again.cookie}; kejin_kept_form=${kept}`
      const page = await (await app.request("/records/bonds", { headers: { cookie } })).text()
      expect(page).toContain('class="form-restored"')
      expect(page).toMatch(/<input [^>]*name="code"[^>]* value="102586666"/)
      expect(page).toMatch(/<input [^>]*name="couponPercent"[^>]* value="2.15%"/)
      expect(page).toContain(`name="_csrf" value="${again.csrf}"`)
      expect(await kejin.run(keptForm(kept!))).toBeUndefined()
      const later = await (await app.request("/records/bonds", { headers: { cookie } })).text()
      expect(later).not.toContain("form-restored")
      expect(await bonds()).toBe(0)
    })

    /** The form sent by `session` after it ended: the kept form's cookie value. */
    const keptAfterLogout = async (session: { readonly cookie: string; readonly csrf: string }) => {
      await kejin.accounts.logout(/=(.*)$/.exec(session.cookie)![1]!)
      const answer = await plainPost(session.cookie, {
        ...bond,
        _csrf: session.csrf,
        password: "do not keep"
      })
      expect(answer.status).toBe(303)
      return /kejin_kept_form=([^;]+);/.exec(answer.headers.get("set-cookie") ?? "")![1]!
    }
    const sha = (text: string) => createHash("sha256").update(text).digest("hex")
    const keptRows = () =>
      kejin.run(Database.use((d) => d.query((db) => db.selectFrom("kept_forms").selectAll().execute())))
    /** Makes every kept form but `but`'s expired (as if 15 minutes had passed for them). */
    const expireAllBut = (but: string) =>
      kejin.run(
        Database.use((d) =>
          d.query((db) =>
            db
              .updateTable("kept_forms")
              .set({ expires_at: "2000-01-01T00:00:00.000Z" })
              .where("id_sha256", "<>", sha(but))
              .execute()
          )
        )
      )

    it("is kept in the store: another server process on the same database fills the form in after sign-in", async () => {
      const kept = await keptAfterLogout(await signIn("bureau"))
      // A second process: its own Kejin (own connections) and app on the same database.
      const other = await openKejin({ database: database.url })
      try {
        const otherApp = createApp({
          kejin: other,
          limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 }
        })
        const again = await browserSession(() => otherApp, password).signIn("bureau")
        const cookie = `${again.cookie}; kejin_kept_form=${kept}`
        const page = await (await otherApp.request("/records/bonds", { headers: { cookie } })).text()
        expect(page).toContain('class="form-restored"')
        expect(page).toMatch(/<input [^>]*name="code"[^>]* value="102586666"/)
        expect(page).toContain(`name="_csrf" value="${again.csrf}"`)
        // Used once, for every process: the first one finds it gone too.
        expect(await kejin.run(keptForm(kept))).toBeUndefined()
        expect(await other.run(keptForm(kept))).toBeUndefined()
      } finally {
        await other.close()
      }
      expect(await bonds()).toBe(0)
    })

    it("stores the fields without the password or the token, under the id's sha256 only", async () => {
      const kept = await keptAfterLogout(await signIn("bureau"))
      const rows = (await keptRows()).filter((r) => r.id_sha256 === sha(kept))
      expect(rows).toHaveLength(1)
      const row = rows[0]!
      expect(row.login).toBe("bureau")
      expect(row.page).toBe("/records/bonds")
      expect(JSON.stringify(row)).not.toContain(kept)
      expect(String(row.fields)).not.toContain("do not keep")
      expect(String(row.fields)).not.toContain("_csrf")
      expect(Object.fromEntries(JSON.parse(String(row.fields)))).toEqual(bond)
      // Not a record: the audit neither reads it nor is confused by it.
      const report = await kejin.journal.audit("full")
      expect(report.ok).toBe(true)
      expect(report.findings.filter((f) => f.table === "kept_forms")).toEqual([])
    })

    it("gives the form to the person who sent it only: someone else signing in there gets the page as it is", async () => {
      const kept = await keptAfterLogout(await signIn("bureau"))
      const other = await signIn("reader")
      const cookie = `${other.cookie}; kejin_kept_form=${kept}`
      const answer = await app.request("/records/bonds", { headers: { cookie } })
      expect(await answer.text()).not.toContain("form-restored")
      expect(answer.headers.get("set-cookie") ?? "").toMatch(/kejin_kept_form=;/)
      expect(await kejin.run(keptForm(kept))).toBeUndefined()
    })

    it("forgets expired forms: an expired one is not filled in, and keeping another deletes them", async () => {
      const stale = await keptAfterLogout(await signIn("bureau"))
      const fresh = await keptAfterLogout(await signIn("bureau"))
      await expireAllBut(fresh)
      const again = await signIn("bureau")
      const page = await app.request("/records/bonds", {
        headers: { cookie: `${again.cookie}; kejin_kept_form=${stale}` }
      })
      expect(await page.text()).not.toContain("form-restored")
      expect(await kejin.run(keptForm(stale))).toBeUndefined()
      await expireAllBut(fresh)
      const latest = await keptAfterLogout(await signIn("bureau"))
      const left = (await keptRows()).map((r) => r.id_sha256).sort()
      expect(left).toEqual([sha(fresh), sha(latest)].sort())
    })

    it("answers programs, htmx and cross-site posts as before: 401, 401, 403; keeps nothing", async () => {
      const json = await app.request(BONDS, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify(bond)
      })
      expect(json.status).toBe(401)
      const htmx = await plainPost("", bond, { "hx-request": "true" })
      expect(htmx.status).toBe(401)
      expect(htmx.headers.get("set-cookie") ?? "").not.toContain("kejin_kept_form")
      const crossSite = await plainPost("", bond, { origin: "https://evil.example" })
      expect(crossSite.status).toBe(403)
      const elsewhere = await plainPost("", bond, { referer: "https://evil.example/records/bonds" })
      expect(elsewhere.status).toBe(401)
    })

    it("a signed-in person's form still needs the session's CSRF token", async () => {
      const session = await signIn("bureau")
      const refused = await plainPost(session.cookie, { ...bond, _csrf: "not the token" })
      expect(refused.status).toBe(403)
      expect(await bonds()).toBe(0)
    })
  })
}
