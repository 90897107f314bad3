import { type Kejin, makePatentNumber, makeUscc, openKejin } from "@kejin/core"
import { createTestDatabase, type TestDatabase, testDialects } from "@kejin/core/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { createApp } from "./app.js"
import { browserSession } from "./session.testing.js"

// One registry: an enterprise a pledge registration named is found when a fund manager invests in it, through
// the JSON API and through the fund page's investment form alike: never "not registered", never entered
// twice (the investment registers it from its pledge, once; the next investment finds it).

const password = "a long enough password"
const PLEDGOR = makeUscc("91330302MA4REG001")
const PLEDGOR2 = makeUscc("91330302MA4REG002")

for (const dialect of testDialects()) {
  describe(`one registry for pledges and funds on ${dialect}`, () => {
    let database: TestDatabase
    let kejin: Kejin
    let app: ReturnType<typeof createApp>
    let token: string
    const { signIn, postForm } = browserSession(() => app, password)

    beforeEach(async () => {
      database = await createTestDatabase(dialect, { migrated: true })
      kejin = await openKejin({ database: database.url, clock: { today: "2026-06-30" } })
      app = createApp({ kejin, limits: { loginAttempts: 100 } })
      const manager = await kejin.registry.addInstitution({ kind: "fund-manager", name: "瓯江一库投资管理" })
      await kejin.funds.create({
        code: "angel-r",
        name: "一库天使基金",
        kind: "chain",
        chainStage: "angel",
        manager: manager.id,
        targetSize: "100000000.00",
        vintage: "2025-01-01",
        district: "330302"
      })
      await kejin.funds.commit({
        fund: "angel-r",
        on: "2025-01-02",
        lpName: "温州市财政局",
        lpType: "fiscal",
        amount: "50000000.00"
      })
      await kejin.accounts.addUser({
        login: "angel",
        displayName: "王芳",
        role: "fund-manager",
        funds: ["angel-r"],
        password
      })
      token = (
        await kejin.accounts.createToken({ name: "t-angel", role: "fund-manager", funds: ["angel-r"] })
      ).token
      for (const [i, uscc] of [PLEDGOR, PLEDGOR2].entries()) {
        await kejin.pledges.record({
          registrationNo: `YR20263300000${i + 1}`,
          pledgor: { uscc, name: `鹿城一库科技${i + 1}号有限公司`, district: "330302" },
          pledgee: { name: "温州银行" },
          // A bare spelling: stored as ZL… all the same.
          patents: [makePatentNumber(`20181000${String(i + 1).padStart(4, "0")}`)],
          amount: "5000000.00",
          registeredOn: "2026-03-01"
        })
      }
    })
    afterEach(async () => {
      await kejin?.close()
      await database?.dispose()
    })

    const registered = async (uscc: string) => (await kejin.registry.enterprises({ q: uscc })).length

    it("through the API: the pledgor is registered by the first investment, found by the second", async () => {
      const invest = (body: Record<string, unknown>) =>
        app.request("/api/v1/funds/angel-r/investments", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ enterprise: PLEDGOR, amount: "1000000.00", instrument: "equity", ...body })
        })
      expect(await registered(PLEDGOR)).toBe(0)
      // Without its stage and category: asked for them, not told it is unknown.
      const asked = await invest({ on: "2026-04-01" })
      expect(asked.status).toBe(422)
      const problem = (await asked.json()) as { errors: ReadonlyArray<{ field: string; code?: string }> }
      expect(problem.errors.map((e) => [e.field, e.code])).toEqual([
        ["stage", "investee-known-from-pledge"],
        ["techCategory", "investee-known-from-pledge"]
      ])
      const first = await invest({ on: "2026-04-01", stage: "start-up", techCategory: "frontier" })
      expect(first.status).toBe(201)
      const enterprise = await kejin.registry.enterpriseByUscc(PLEDGOR)
      expect(enterprise.name).toBe("鹿城一库科技1号有限公司")
      // Found by its credit code now: the second investment needs no stage, and registers nothing.
      const second = await invest({ on: "2026-05-01" })
      expect(second.status).toBe(201)
      expect(await registered(PLEDGOR)).toBe(1)
      expect((await kejin.journal.search({ command: "registry." })).total).toBe(0)
    })

    it("through the fund page's form: no 'not registered', the investment recorded, the enterprise entered once", async () => {
      const angel = await signIn("angel")
      const fields = {
        _csrf: angel.csrf,
        enterprise: PLEDGOR2,
        amount: "200万",
        on: "2026-04-02",
        instrument: "equity"
      }
      const asked = await postForm(angel, "/api/v1/funds/angel-r/investments", fields)
      expect(asked.status).toBe(422)
      const html = await asked.text()
      expect(html).not.toContain("企业库中没有")
      expect(html).not.toContain("not registered")
      expect(html).toContain(`鹿城一库科技2号有限公司（${PLEDGOR2}）已由质押登记 YR202633000002 记录`)
      expect(html).toContain('value="200万"')
      const done = await postForm(angel, "/api/v1/funds/angel-r/investments", {
        ...fields,
        stage: "start-up",
        techCategory: "frontier"
      })
      expect(done.status).toBe(200)
      expect(await done.text()).not.toContain("企业库中没有")
      expect(await registered(PLEDGOR2)).toBe(1)
      const again = await postForm(angel, "/api/v1/funds/angel-r/investments", {
        ...fields,
        on: "2026-05-02"
      })
      expect(again.status).toBe(200)
      expect(await registered(PLEDGOR2)).toBe(1)
      const investments = (await kejin.funds.ledger("angel-r")).filter((e) => e.kind === "investment")
      expect(investments).toHaveLength(2)
    })
  })
}
