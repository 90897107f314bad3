import { type Kejin, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "./app.js"
import { browserSession } from "./session.testing.js"

// The record pages' forms (derived from the linkage writes' import columns) through the real routes: the
// route's permission and CSRF checks, an institution named as people name it, the answers a form gets.

const password = "a long enough password"
const ENTERPRISE = makeUscc("91330302MA5000001")

const policyForm = (extra: Record<string, string> = {}) => ({
  policyNo: "PZ2026009",
  insurerName: "人保财险温州分公司",
  enterprise: ENTERPRISE,
  sumInsured: "300万",
  premium: "9万",
  startsOn: "2026-01-15",
  endsOn: "2027-01-14",
  ...extra
})

describe("the record pages' forms post to the linkage routes", () => {
  let database: TestDatabase
  let kejin: Kejin
  let app: ReturnType<typeof createApp>
  const { signIn, postForm } = browserSession(() => app, password)

  beforeEach(async () => {
    database = await createTestDatabase("sqlite", { migrated: true })
    kejin = await openKejin({ database: database.url })
    app = createApp({ kejin, limits: { loginAttempts: 100, tokenRequestsPerMinute: 1000 } })
    await kejin.accounts.addUser({ login: "bureau", displayName: "王丽", role: "bureau", password })
    await kejin.accounts.addUser({ login: "viewer", displayName: "访客", role: "viewer", password })
    await kejin.registry.addInstitution({ kind: "insurer", name: "人保财险温州分公司" })
    await kejin.registry.addEnterprise({
      uscc: ENTERPRISE,
      name: "鹿城联科",
      district: "330302",
      industry: "智能装备",
      stage: "start-up",
      techCategory: "key-generic"
    })
  })
  afterEach(async () => {
    await kejin?.close()
    await database?.dispose()
  })

  it("the menu links the kinds; a kind's page carries its writes' forms, posting to their routes", async () => {
    const bureau = await signIn("bureau")
    const home = await (await app.request("/", { headers: { cookie: bureau.cookie } })).text()
    expect(home).toContain('<a href="/records">联动试点</a>')
    const page = await (await app.request("/records/policies", { headers: { cookie: bureau.cookie } })).text()
    expect(page).toContain('action="/api/v1/linkage/policies/transfer"')
    expect(page).toContain('action="/api/v1/linkage/policies/investment"')
    // The insurer named as people name it, the registered ones suggested.
    expect(page).toMatch(
      /<input type="text" id="record-form-linkage-recordTransferPolicy-insurerName" name="insurerName"[^>]*list="record-form-linkage-recordTransferPolicy-insurerName-list"/
    )
    expect(page).toContain(
      '<datalist id="record-form-linkage-recordTransferPolicy-insurerName-list"><option value="人保财险温州分公司"></option></datalist>'
    )
  })

  it("records a policy naming its insurer by name: the list comes back with HX-Trigger and a link to it", async () => {
    const bureau = await signIn("bureau")
    const response = await postForm(bureau, "/api/v1/linkage/policies/transfer", {
      _csrf: bureau.csrf,
      ...policyForm()
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("HX-Trigger")).toBe("kejin-changed")
    const [policy] = (await kejin.linkage.policies({ limit: 10 })).items
    expect(policy?.sumInsured.toFixed(2)).toBe("3000000.00")
    expect(policy?.insurer.name).toBe("人保财险温州分公司")
    expect(await response.text()).toContain(`href="/records/policies/${policy?.id}"`)
    const entries = await kejin.journal.search({ command: "linkage.recordTransferPolicy" })
    expect(entries.items[0]?.actor).toBe("bureau")
  })

  it("without JavaScript, a recorded form redirects to the new record's page", async () => {
    const bureau = await signIn("bureau")
    const response = await postForm(
      bureau,
      "/api/v1/linkage/policies/transfer",
      { _csrf: bureau.csrf, ...policyForm() },
      {}
    )
    expect(response.status).toBe(303)
    expect(response.headers.get("location")).toMatch(/^\/records\/policies\/\d+$/)
  })

  it("an insurer no one registered is refused at its field, with the other fields' issues", async () => {
    const bureau = await signIn("bureau")
    const response = await postForm(bureau, "/api/v1/linkage/policies/transfer", {
      _csrf: bureau.csrf,
      ...policyForm({ insurerName: "不存在的保险公司", premium: "" })
    })
    expect(response.status).toBe(422)
    const html = await response.text()
    expect(html).toMatch(/data-field="insurerName">[\s\S]*?class="field-error"/)
    expect(html).toMatch(/data-field="premium">[\s\S]*?class="field-error"/)
    expect((await kejin.linkage.policies({ limit: 10 })).total).toBe(0)
  })

  it("the route refuses a viewer's form (403) and a form without the session's token", async () => {
    const viewer = await signIn("viewer")
    const refused = await postForm(viewer, "/api/v1/linkage/policies/transfer", {
      _csrf: viewer.csrf,
      ...policyForm()
    })
    expect(refused.status).toBe(403)
    const bureau = await signIn("bureau")
    const forged = await postForm(bureau, "/api/v1/linkage/policies/transfer", {
      _csrf: "forged",
      ...policyForm()
    })
    expect(forged.status).toBe(403)
    expect((await kejin.linkage.policies({ limit: 10 })).total).toBe(0)
  })
})
