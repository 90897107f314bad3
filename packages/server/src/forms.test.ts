import { type Kejin, openKejin } from "@kejin/core"
import { type AnyOperation, modules } from "@kejin/core/internal"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { builtinPlugins, createApp } from "./app.js"
import { browserSession } from "./session.testing.js"

// The dashboard's forms post to the declared operations' own routes: the same permission check, CSRF check,
// input Schema and journal as a JSON client, answered as HTML for the form.

const password = "a long enough password"
const origin = "http://localhost"

const targetForm = (key: string, extra: Record<string, string> = {}) => ({
  key,
  label: "科技贷款",
  labelEn: "Tech loans",
  unit: "yuan",
  target: "1200000.00",
  periodKind: "calendar-year",
  metric: "pledge-amount",
  ...extra
})

describe("dashboard forms post to the operations' routes", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>

  const { signIn, postForm } = browserSession(() => app, password)

  const keys = async () => (await kejin.targets.list()).map((t) => t.key)

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
    app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
    await kejin.accounts.addUser({ login: "bureau", displayName: "王丽", role: "bureau", password })
    await kejin.accounts.addUser({ login: "viewer", displayName: "访客", role: "viewer", password })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("the targets page's forms name the operations' routes", async () => {
    const bureau = await signIn("bureau")
    const page = await (await app.request("/targets", { headers: { cookie: bureau.cookie } })).text()
    expect(page).toContain(
      '<form id="target-create" class="target-form" method="post" action="/api/v1/targets"'
    )
    expect(page).toContain('action="/api/v1/targets/patent-pledge-financing"')
    expect(page).toContain('<input type="hidden" name="_method" value="PATCH"/>')
  })

  it("records a target from a form: the section comes back with HX-Trigger, journaled as the person", async () => {
    const bureau = await signIn("bureau")
    const response = await postForm(bureau, "/api/v1/targets", {
      _csrf: bureau.csrf,
      ...targetForm("tech-loans")
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    expect(response.headers.get("HX-Trigger")).toBe("kejin-changed")
    expect(await response.text()).toMatch(/^<section id="targets-section"/)
    expect(await keys()).toContain("tech-loans")
    const { items } = await kejin.journal.search({ command: "targets.create" })
    expect(items.map((e) => e.actor)).toEqual(["bureau"])
  })

  it("without JavaScript, a recorded form redirects back to its page", async () => {
    const bureau = await signIn("bureau")
    const response = await postForm(
      bureau,
      "/api/v1/targets?lang=en",
      { _csrf: bureau.csrf, ...targetForm("plain-post") },
      {}
    )
    expect(response.status).toBe(303)
    expect(response.headers.get("location")).toBe("/targets?lang=en")
  })

  it("a refused form comes back as the form with the field's error (422), not as a problem", async () => {
    const bureau = await signIn("bureau")
    const response = await postForm(bureau, "/api/v1/targets", {
      _csrf: bureau.csrf,
      ...targetForm("bad-amount", { target: "12.345" })
    })
    expect(response.status).toBe(422)
    expect(response.headers.get("HX-Retarget")).toBe("#target-create")
    const html = await response.text()
    expect(html).toMatch(/^<form id="target-create"/)
    expect(html).toMatch(/id="target-create-target-error">[^<]*more than two decimal places/)
    expect(await keys()).not.toContain("bad-amount")
  })

  it("edits through PATCH: the form posts `_method=PATCH` to the target's route", async () => {
    const bureau = await signIn("bureau")
    await kejin.targets.create(targetForm("tech-loans"))
    const response = await postForm(bureau, "/api/v1/targets/tech-loans", {
      _csrf: bureau.csrf,
      _method: "PATCH",
      ...targetForm("tech-loans", { label: "科技信贷" })
    })
    expect(response.status).toBe(200)
    expect((await kejin.targets.list()).find((t) => t.key === "tech-loans")?.label).toBe("科技信贷")
  })

  it("the route's CSRF check refuses a form without the session's token, or with another", async () => {
    const bureau = await signIn("bureau")
    const without = await postForm(bureau, "/api/v1/targets", targetForm("no-token"))
    expect(without.status).toBe(403)
    const wrong = await postForm(bureau, "/api/v1/targets", { _csrf: "u", ...targetForm("wrong-token") })
    expect(wrong.status).toBe(403)
    expect(await keys()).not.toContain("no-token")
    expect(await keys()).not.toContain("wrong-token")
  })

  it("the route's permission check refuses a viewer's form (403), and nobody signed in (401)", async () => {
    const viewer = await signIn("viewer")
    const refused = await postForm(viewer, "/api/v1/targets", { _csrf: viewer.csrf, ...targetForm("viewer") })
    expect(refused.status).toBe(403)
    const anonymous = await postForm({ cookie: "" }, "/api/v1/targets", targetForm("anonymous"))
    expect(anonymous.status).toBe(401)
    expect(await keys()).not.toContain("viewer")
    expect(await keys()).not.toContain("anonymous")
  })

  it("a form body to a write no dashboard form posts to is refused like any non-JSON body (415)", async () => {
    // Found from the declarations, not named here: forms are added as kinds gain them.
    const formed = new Set(builtinPlugins.flatMap((p) => (p.forms ?? []).map((f) => f.operation.name)))
    const unformed = modules
      .flatMap((m): ReadonlyArray<AnyOperation> => m.operations)
      .find((op) => op.write && op.http !== undefined && !op.http.path.includes("{") && !formed.has(op.name))
    expect(unformed, "a write without a dashboard form, whose path names no record").toBeDefined()
    const bureau = await signIn("bureau")
    const response = await postForm(bureau, unformed!.http!.path, { _csrf: bureau.csrf, name: "x" })
    expect(response.status).toBe(415)
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/)
  })

  it("a JSON client of the same route is answered as before (201 with the record)", async () => {
    const bureau = await signIn("bureau")
    const response = await app.request("/api/v1/targets", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin,
        cookie: bureau.cookie,
        "X-CSRF-Token": bureau.csrf
      },
      body: JSON.stringify(targetForm("json-client"))
    })
    expect(response.status).toBe(201)
    expect(((await response.json()) as { key: string }).key).toBe("json-client")
  })
})
